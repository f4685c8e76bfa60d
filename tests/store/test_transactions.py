"""A crash in the middle of an action leaves the store exactly as it was before the action.

Each action is one transaction: its state change, the new roster version
and its audit row are written together or not at all. The crash is an
exception raised by something the service calls after it has begun to
write (the new version is flushed, the pointer moved), or a process that
dies there without any clean-up.
"""

from __future__ import annotations

import multiprocessing

import pytest
import store_cases
from change_cases import MON, THU, day
from store_cases import EARLY, accepted_swap, audit, snapshot

import scheduler.store.service as service_module
from scheduler.store import RosterService


class Crash(Exception):
    pass


def crash(*_args, **_kwargs):
    raise Crash


def after_the_new_version(monkeypatch):
    """Make ``_new_version`` crash once it has written the version and moved the pointer."""
    original = RosterService._new_version

    def written_then_crash(self, session, *args, **kwargs):
        assert original(self, session, *args, **kwargs).id is not None  # flushed: written
        raise Crash

    monkeypatch.setattr(RosterService, "_new_version", written_then_crash)


def unchanged_by(service, call):
    before, rows = snapshot(service.db), audit(service.db)
    with pytest.raises(Crash):
        call()
    assert snapshot(service.db) == before
    assert [e.id for e in audit(service.db)] == [e.id for e in rows]  # no audit row either


def test_a_crash_after_the_swaps_new_version_is_written(published, monkeypatch):
    s = published
    swap_id = accepted_swap(s, "A", day(MON), "B")
    monkeypatch.setattr(service_module, "diff_rosters", crash)
    unchanged_by(s, lambda: s.approve_swap(swap_id, actor="M", today=EARLY))
    monkeypatch.undo()
    # Nothing half-done stands in the way: the same approval then works.
    assert store_cases.state(s, "swap", swap_id) == "accepted"
    assert s.approve_swap(swap_id, actor="M", today=EARLY).version.number == 2


def test_a_crash_while_approving_leave(published, monkeypatch):
    s = published
    leave_id = s.request_leave(actor="A", start=THU, end=THU, today=EARLY).request_id
    after_the_new_version(monkeypatch)
    unchanged_by(s, lambda: s.approve_leave(leave_id, actor="M", today=EARLY))
    assert store_cases.state(s, "leave", leave_id) == "requested"
    assert [v.number for v in s.versions("2026-12")] == [1]


def test_a_crash_while_applying_an_absence(published, monkeypatch):
    after_the_new_version(monkeypatch)
    unchanged_by(published, lambda: published.absence("A", THU, THU, actor="M", today=EARLY,
                                                      apply=True))


def test_a_crash_while_publishing_a_new_version(published, monkeypatch):
    monkeypatch.setattr(service_module, "diff_rosters", crash)
    unchanged_by(published, lambda: store_cases.publish(published))


def test_an_action_whose_audit_row_cannot_be_written_is_not_done(published, monkeypatch):
    # The audit row is part of the action's transaction: no change without its record.
    s = published
    swap_id = accepted_swap(s, "A", day(MON), "B")
    monkeypatch.setattr(service_module._Audit, "row", crash)
    unchanged_by(s, lambda: s.approve_swap(swap_id, actor="M", today=EARLY))


def test_a_process_that_dies_in_the_middle_of_an_approval(published, engine_name, db_url):
    s = published
    swap_id = accepted_swap(s, "A", day(MON), "B")
    before, rows = snapshot(s.db), len(audit(s.db))
    s.db.close()  # the dying process alone holds the store
    child = multiprocessing.get_context("spawn").Process(
        target=store_cases.die_while_approving, args=(db_url, swap_id))
    child.start()
    child.join(120)
    assert child.exitcode == 3  # it died where the new version was already written
    assert snapshot(s.db) == before and len(audit(s.db)) == rows
    if engine_name == "sqlite":
        assert store_cases.integrity(s.db) == "ok"
    assert s.approve_swap(swap_id, actor="M", today=EARLY).version.number == 2
