"""Concurrent actions on one store: exactly one of two conflicting approvals applies.

Two processes (``spawn``) approve at the same moment, after a barrier; on
SQLite they share one file, on PostgreSQL one database. The one that loses
gets a clear refusal (:class:`Refused` or :class:`ChangeError`), never a
crash, and the version count grows by one. Many writers at once leave every
request stored once with its audit row.

The races are also played step by step: one action is held inside the
service once it has read the request (a patched function it calls), the
other runs meanwhile, then the first goes on. Whatever the order, the store
ends consistent: a request has one outcome and the audit trail says which.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections import Counter

import change_cases as cases
import pytest
import store_cases
from change_cases import FRI, MON, SUN, THU, TUE, WED, day
from sqlalchemy import event, text
from store_cases import EARLY, accepted_swap, audit

import scheduler.store.service as service_module
from scheduler.store import Database, RosterService

SPAWN = multiprocessing.get_context("spawn")


def run_together(url: str, plans: list[list[tuple[str, dict]]]) -> list[list[tuple]]:
    """Each plan in a process of its own, all starting at once: each plan's outcomes."""
    barrier, results = SPAWN.Barrier(len(plans)), SPAWN.Queue()
    procs = [SPAWN.Process(target=store_cases.act, args=(url, plan, barrier, results))
             for plan in plans]
    for p in procs:
        p.start()
    got = dict(results.get(timeout=120) for _ in procs)
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    return [got[p.pid] for p in procs]


def approve(swap_id: int) -> list[tuple[str, dict]]:
    return [("approve_swap", {"swap_id": swap_id, "actor": "M", "today": EARLY})]


def check_one_applied(service, outcomes, engine_name):
    kinds = Counter(o[0] for o in outcomes)
    assert kinds["done"] == 1 and kinds["Refused"] + kinds["ChangeError"] == 1, outcomes
    assert [v.number for v in service.versions("2026-12")] == [1, 2]
    approvals = [e.outcome for e in audit(service.db) if e.action == "swap.approve"]
    assert sorted(approvals) == ["done", "refused"]
    if engine_name == "sqlite":
        assert store_cases.integrity(service.db) == "ok"


def test_two_approvals_of_one_swap_at_once(published, db_url, engine_name):
    swap_id = accepted_swap(published, "A", day(MON), "B")
    outcomes = [o for plan in run_together(db_url, [approve(swap_id)] * 2) for o in plan]
    check_one_applied(published, outcomes, engine_name)
    assert ("done", "applied", 2) in outcomes
    assert store_cases.state(published, "swap", swap_id) == "applied"


def test_two_conflicting_swaps_approved_at_once(published, db_url, engine_name):
    # A gives Monday to B; B gives Friday to C. Each was accepted on version 1 and
    # each changes B's duties, so whichever is approved second is stale.
    s = published
    first = accepted_swap(s, "A", day(MON), "B")
    second = accepted_swap(s, "B", day(FRI), "C")
    outcomes = [o for plan in run_together(db_url, [approve(first), approve(second)])
                for o in plan]
    check_one_applied(s, outcomes, engine_name)
    states = sorted(store_cases.state(s, "swap", i) for i in (first, second))
    assert states == ["applied", "stale"]


def test_many_writers_at_once_lose_nothing(published, db_url, engine_name):
    # Four people each ask for ten days of leave (none on a holiday duty: SW5).
    days = [MON, TUE, WED, THU, FRI, SUN]
    plans = {emp: [("request_leave", {"actor": emp, "start": d, "end": d, "today": EARLY})
                   for d in (days * 2)[:10]] for emp in "ABCD"}
    results = run_together(db_url, list(plans.values()))
    assert all(o[:2] == ("done", "requested") for plan in results for o in plan), results
    stored = published.leave_requests()
    assert len({r["id"] for r in stored}) == len(stored) == 40
    assert Counter((r["employee_id"], r["start"]) for r in stored) == Counter(
        (emp, call[1]["start"].isoformat()) for emp, plan in plans.items() for call in plan)
    rows = [e for e in audit(published.db) if e.action == "leave.request"]
    assert len(rows) == 40 and {e.outcome for e in rows} == {"done"}
    assert sorted(e.entity_id for e in rows) == sorted(r["id"] for r in stored)
    assert [v.number for v in published.versions("2026-12")] == [1]
    if engine_name == "sqlite":
        assert store_cases.integrity(published.db) == "ok"


# ------------------------------------------------------------ step by step
class Held:
    """Hold the first call of ``module.name`` until released; later calls pass straight."""

    def __init__(self, monkeypatch, module, name: str) -> None:
        self.reached, self.release = threading.Event(), threading.Event()
        self.calls = 0
        original = getattr(module, name)

        def held(*args, **kwargs):
            self.calls += 1
            if self.calls == 1:
                self.reached.set()
                assert self.release.wait(60)
            return original(*args, **kwargs)

        monkeypatch.setattr(module, name, held)


def waiting_or_done(db: Database, thread: threading.Thread, begun: threading.Event) -> None:
    """Return once ``thread`` has finished or waits for a lock held by the other action."""
    if db.is_sqlite:
        # Its first statement, BEGIN IMMEDIATE, waits for the other writer: nothing it
        # reads can be older than what the other action commits.
        assert begun.wait(60)
        return
    with db.engine.connect() as conn:
        for _ in range(3000):
            if not thread.is_alive() or conn.execute(text(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND wait_event_type = 'Lock'")).scalar():
                return
            thread.join(0.01)
    raise AssertionError("the second action neither finished nor waited")


def race(db_url, monkeypatch, held_name: str, first, second) -> tuple[tuple, tuple]:
    """``first(service)`` held at ``held_name`` while ``second(service)`` runs: both outcomes."""
    held = Held(monkeypatch, service_module, held_name)
    services = [RosterService(Database(db_url)) for _ in range(2)]
    begun = threading.Event()

    @event.listens_for(services[1].db.engine, "before_cursor_execute")
    def _begins(_conn, _cursor, statement, *_args) -> None:
        if statement.startswith("BEGIN"):
            begun.set()

    outcomes: dict[int, tuple] = {}

    def run(i, call):
        outcomes[i] = store_cases.outcome_of(lambda: call(services[i]))

    one = threading.Thread(target=run, args=(0, first))
    one.start()
    assert held.reached.wait(60)
    two = threading.Thread(target=run, args=(1, second))
    two.start()
    waiting_or_done(services[1].db, two, begun)
    held.release.set()
    one.join(60)
    two.join(60)
    for s in services:
        s.db.close()
    return outcomes[0], outcomes[1]


@pytest.mark.parametrize("other", [
    lambda s, i: s.reject_swap(i, actor="M", reason="no", today=EARLY),
    lambda s, i: s.cancel_swap(i, actor="A", today=EARLY),
], ids=["reject", "cancel"])
def test_an_approval_and_a_rejection_or_cancellation_at_once(published, db_url, monkeypatch,
                                                             other):
    swap_id = accepted_swap(published, "A", day(MON), "B")
    applying, closing = race(
        db_url, monkeypatch, "validate_swap",
        lambda s: s.approve_swap(swap_id, actor="M", today=EARLY),
        lambda s: other(s, swap_id))
    assert [applying[0], closing[0]].count("done") == 1, (applying, closing)
    final = store_cases.state(published, "swap", swap_id)
    versions = [v.number for v in published.versions("2026-12")]
    done = [e.action for e in audit(published.db) if e.outcome == "done"]
    if applying[0] == "done":
        assert final == "applied" and versions == [1, 2] and "swap.approve" in done
    else:
        assert final in ("rejected", "cancelled") and versions == [1]
        assert "swap.approve" not in done


def test_a_leave_approval_and_rejection_at_once(published, db_url, monkeypatch):
    leave_id = published.request_leave(actor="A", start=THU, end=THU, today=EARLY).request_id
    approving, rejecting = race(
        db_url, monkeypatch, "replan",
        lambda s: s.approve_leave(leave_id, actor="M", today=EARLY),
        lambda s: s.reject_leave(leave_id, actor="M", reason="no", today=EARLY))
    assert [approving[0], rejecting[0]].count("done") == 1, (approving, rejecting)
    final = store_cases.state(published, "leave", leave_id)
    versions = [v.number for v in published.versions("2026-12")]
    assert (final, versions) == (("approved", [1, 2]) if approving[0] == "done"
                                 else ("rejected", [1]))


def test_two_requests_on_one_duty_at_once(published, db_url, monkeypatch):
    first, second = race(
        db_url, monkeypatch, "validate_swap",
        lambda s: s.request_swap(actor="A", duty=day(MON), to="B", today=EARLY),
        lambda s: s.request_swap(actor="A", duty=day(MON), to="C", today=EARLY))
    assert [first[0], second[0]].count("done") == 1, (first, second)
    assert len(published.swaps()) == 1


def test_a_fourth_swap_asked_for_at_once_with_a_third(service, db_url, monkeypatch):
    # SW1: at most three swaps of A's a month, open requests included. Two are open;
    # two more asked for at once: one fits, the other is over the quota. (SW2's
    # consecutive days off: A's three duty days would otherwise forbid a third swap.)
    s = service
    store_cases.publish(s, problem=cases.problem(no_consecutive_swaps=False))
    s.request_swap(actor="A", duty=day(MON), to="B", today=EARLY)
    s.request_swap(actor="A", duty=day(SUN), to="C", today=EARLY)
    first, second = race(
        db_url, monkeypatch, "validate_swap",
        lambda s: s.request_swap(actor="A", duty=day(THU), to="B", today=EARLY),
        lambda s: s.request_swap(actor="B", duty=day(TUE), to="A", today=EARLY))
    assert [first[0], second[0]].count("done") == 1, (first, second)
    assert sum("A" in (r["requester"], r["colleague"]) for r in s.swaps()) == 3
