"""The audit trail: one row per action, done or refused, and nothing can change it afterwards.

Every action of a person of the team writes exactly one row (actor, role,
action, outcome, entity, versions from and to, reason), in the action's own
transaction; a refusal writes its row alone. Input that names no known
request, team or person writes nothing. UPDATE and DELETE of a row are
refused by the database itself.
"""

from __future__ import annotations

import datetime as dt
import json
import time

import pytest
from change_cases import FRI, MON, SAT, SUN, THU, TUE, WED, day
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from store_cases import EARLY, accepted_swap, audit, snapshot

from scheduler.changes import ChangeError, Duty
from scheduler.models import Assignment
from scheduler.store import Refused


def row(e) -> tuple:
    return (e.actor, e.actor_role, e.action, e.outcome, e.entity, e.version_from, e.version_to,
            e.reason)


def test_every_action_writes_one_row_saying_who_did_what(published):
    s = published
    log = [row(e) for e in audit(s.db)]
    assert log == [("M", "manager", "publish", "done", "version", None, 1, "first")]

    def one(call, expected: tuple, entity_id: int | None = None):
        """``call()`` adds exactly the row ``expected`` (a reason None: any); its result."""
        before = len(audit(s.db))
        try:
            out = call()
        except (Refused, ChangeError):
            out = None
        rows = audit(s.db)
        assert len(rows) == before + 1
        assert row(rows[-1])[:-1] == expected[:-1]
        assert expected[-1] is None or rows[-1].reason == expected[-1]
        if entity_id is not None:
            assert rows[-1].entity_id == entity_id
        assert (rows[-1].team, rows[-1].month) == ("team", "2026-12")
        return out

    swap = one(lambda: s.request_swap(actor="A", duty=day(MON), to="B", today=EARLY,
                                      reason="dentist"),
               ("A", "staff", "swap.request", "done", "swap", 1, None, "dentist")).request_id
    one(lambda: s.accept_swap(swap, actor="B", today=EARLY),
        ("B", "staff", "swap.accept", "done", "swap", 1, None, ""), swap)
    one(lambda: s.approve_swap(swap, actor="M", today=EARLY, note="ok"),
        ("M", "manager", "swap.approve", "done", "swap", 1, 2, "ok"), swap)
    other = one(lambda: s.request_swap(actor="B", duty=day(FRI), to="C", today=EARLY),
                ("B", "staff", "swap.request", "done", "swap", 2, None, "")).request_id
    one(lambda: s.decline_swap(other, actor="C", today=EARLY, reason="no"),
        ("C", "staff", "swap.decline", "done", "swap", 2, None, "no"), other)
    third = s.request_swap(actor="C", duty=day(WED), to="B", today=EARLY).request_id
    one(lambda: s.reject_swap(third, actor="M", reason="short-staffed", today=EARLY),
        ("M", "manager", "swap.reject", "done", "swap", 2, None, "short-staffed"), third)
    fourth = s.request_swap(actor="A", duty=day(SUN), to="C", today=EARLY).request_id
    one(lambda: s.cancel_swap(fourth, actor="A", today=EARLY),
        ("A", "staff", "swap.cancel", "done", "swap", 2, None, ""), fourth)
    leave = one(lambda: s.request_leave(actor="C", start=WED, end=WED, today=EARLY,
                                        reason="exam"),
                ("C", "staff", "leave.request", "done", "leave", 2, None, "exam")).request_id
    one(lambda: s.approve_leave(leave, actor="M", today=EARLY),
        ("M", "manager", "leave.approve", "done", "leave", 2, 3, ""), leave)
    late = s.request_leave(actor="B", start=TUE, end=TUE, today=MON).request_id
    one(lambda: s.approve_leave(late, actor="M", today=MON),  # LV1: no override
        ("M", "manager", "leave.approve", "refused", "leave", 3, None, None), late)
    assert "LV1" in audit(s.db)[-1].reason and "override" in audit(s.db)[-1].reason
    one(lambda: s.reject_leave(late, actor="M", reason="too late", today=MON),
        ("M", "manager", "leave.reject", "done", "leave", 3, None, "too late"), late)
    one(lambda: s.absence("A", THU, THU, actor="M", today=EARLY, reason="flu"),
        ("M", "manager", "absence.propose", "done", "version", 3, None, "flu"))
    one(lambda: s.absence("A", THU, THU, actor="M", today=EARLY, reason="flu", apply=True),
        ("M", "manager", "absence.apply", "done", "version", 3, 4, "flu"))
    pin = [Assignment(date=SUN, shift_id="N", employee_id="B")]
    away = [Assignment(date=SUN, shift_id="N", employee_id="D")]
    one(lambda: s.edit("2026-12", actor="M", today=EARLY, pins=pin, forbidden=away),
        ("M", "manager", "edit.propose", "done", "version", 4, None, ""))
    one(lambda: s.edit("2026-12", actor="M", today=EARLY, pins=pin, forbidden=away,
                       apply=True, reason="D at training"),
        ("M", "manager", "edit.apply", "done", "version", 4, 5, "D at training"))
    edit_row = audit(s.db)[-1]
    assert json.loads(edit_row.after_json)["pins"][0]["employee_id"] == "B"


def test_every_version_was_made_by_exactly_one_audited_action(published):
    s = published
    s.approve_swap(accepted_swap(s, "A", day(MON), "B"), actor="M", today=EARLY)
    leave = s.request_leave(actor="C", start=WED, end=WED, today=EARLY).request_id
    s.approve_leave(leave, actor="M", today=EARLY)
    s.absence("B", THU, THU, actor="M", today=EARLY, apply=True)
    made = [e.version_to for e in audit(s.db) if e.outcome == "done" and e.version_to]
    assert made == [v.number for v in s.versions("2026-12")] == [1, 2, 3, 4]


def test_a_refusal_is_recorded_with_its_reason(published):
    s = published
    with pytest.raises(Refused):
        s.request_swap(actor="C", duty=day(SAT), to="B", today=EARLY)  # a holiday duty (SW5)
    last = audit(s.db)[-1]
    assert (last.actor, last.action, last.outcome, last.version_from) == (
        "C", "swap.request", "refused", 1)
    assert "SW5" in last.reason and "public holiday" in last.reason
    assert json.loads(last.after_json)["duty"] == "2026-12-12:D"


def test_a_refused_attempt_on_a_known_request_is_recorded(published):
    # A state the request is not in is a refusal of that person's action, not bad input.
    s = published
    swap = s.request_swap(actor="A", duty=day(MON), to="B", today=EARLY).request_id
    with pytest.raises(ChangeError):
        s.approve_swap(swap, actor="M", today=EARLY)
    last = audit(s.db)[-1]
    assert (last.actor, last.action, last.outcome, last.entity_id) == (
        "M", "swap.approve", "refused", swap)
    assert "is requested" in last.reason


@pytest.mark.parametrize("call", [
    lambda s: s.accept_swap(99, actor="B", today=EARLY),
    lambda s: s.approve_swap(99, actor="M", today=EARLY),
    lambda s: s.approve_leave(99, actor="M", today=EARLY),
    lambda s: s.reject_leave(99, actor="M", reason="x", today=EARLY),
    lambda s: s.request_swap(actor="A", duty=day(MON), to="B", today=EARLY, team="nobody"),
    lambda s: s.request_swap(actor="X", duty=day(MON), to="B", today=EARLY),
    lambda s: s.request_leave(actor="X", start=WED, end=WED, today=EARLY),
    lambda s: s.request_leave(actor="A", start=dt.date(2027, 1, 4), end=dt.date(2027, 1, 4),
                              today=EARLY),
    lambda s: s.absence("A", WED, dt.date(2027, 1, 2), actor="M", today=EARLY),
    lambda s: s.edit("2027-01", actor="M", today=EARLY),
], ids=["accept-unknown-swap", "approve-unknown-swap", "approve-unknown-leave",
        "reject-unknown-leave", "unknown-team", "unknown-requester", "unknown-leave-taker",
        "month-not-published", "absence-over-two-months", "edit-month-not-published"])
def test_bad_input_writes_nothing(published, call):
    before, rows = snapshot(published.db), len(audit(published.db))
    with pytest.raises(ChangeError):
        call(published)
    assert (snapshot(published.db), len(audit(published.db))) == (before, rows)


def test_rows_carry_the_time_in_utc(published, monkeypatch):
    # In Beijing (UTC+8) local time and UTC differ by eight hours.
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    try:
        earlier = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        published.request_swap(actor="A", duty=Duty(MON, "D"), to="B", today=EARLY)
        later = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        assert dt.datetime.now() - later > dt.timedelta(hours=7)  # the zone took effect
    finally:
        monkeypatch.undo()
        time.tzset()
    assert earlier <= audit(published.db)[-1].at <= later


@pytest.mark.parametrize("sql", [
    "UPDATE audit_event SET reason = 'nothing happened'",
    "UPDATE audit_event SET outcome = 'refused' WHERE action = 'publish'",
    "DELETE FROM audit_event",
    "DELETE FROM audit_event WHERE action = 'publish'",
])
def test_the_database_refuses_to_change_or_delete_audit_rows(published, sql):
    before = [row(e) for e in audit(published.db)]
    with pytest.raises(DBAPIError, match="append-only"), published.db.engine.begin() as conn:
        conn.execute(text(sql))
    assert [row(e) for e in audit(published.db)] == before
