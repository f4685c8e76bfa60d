"""Concurrent actions on one store: exactly one of two conflicting approvals applies.

Two processes (``spawn``) approve at the same moment, after a barrier; on
SQLite they share one file, on PostgreSQL one database. The one that loses
gets a clear refusal (:class:`Refused` or :class:`ChangeError`), never a
crash, and the version count grows by one. Many writers at once leave every
request stored once with its audit row.
"""

from __future__ import annotations

import multiprocessing
from collections import Counter

import store_cases
from change_cases import FRI, MON, SUN, THU, TUE, WED, day
from store_cases import EARLY, accepted_swap, audit

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
    states = [store_cases.state(s, "swap", i) for i in (first, second)]
    assert states.count("applied") == 1


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


