"""Fairness across months: the store's published rosters are the next month's History.

A team of three (A, B, C) works one night shift N (19:00-03:00) every day,
one person a night, with only the nights fairness goal (S3) on; M manages.
November and December are published with A on every night (30 + 31 = 61
nights). For January (31 nights) without History the fair share is 31/3 =
10.33 each, band 10-11. With the store's History the group has 31 + 61 = 92
nights: share 92/3 = 30.67, band 30-31, and A already has 61. A January
rota A B C A B C ... (A 11, B 10, C 10) is then A 72 nights (41 over), B and
C 10 each (20 under): S3 penalty 81 instead of 0. Giving A x January nights
costs (61 + x - 31) + (30 - b) + (30 - c) with b + c = 31 - x, that is
59 + 2x: A gets none.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from scheduler import solve
from scheduler.changes import Duty
from scheduler.checks import check_roster
from scheduler.models import Assignment, Employee, Problem, Roster, Settings, Shift, Weights

NEW_YEAR = dt.date(2027, 1, 1)


def month(name: str, team: str = "north") -> Problem:
    return Problem(
        settings=Settings(month=name, team=team, holiday_calendar="none",
                          weights=Weights(rotation=0, fairness=0, nights=1, holidays=0,
                                          requests=0, backups=0)),
        shifts=[Shift(shift_id="N", name="夜晚班", start="19:00", end="03:00", days="all")],
        staff=[Employee(employee_id=e) for e in "ABC"]
        + [Employee(employee_id="M", name="经理", role="manager")])


def nights(problem: Problem, crew: str) -> Roster:
    """Every night of the month, the crew taken in turn from ``crew``."""
    first, last = problem.settings.horizon
    days = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
    return Roster(assignments=[Assignment(date=d, shift_id="N", employee_id=crew[i % len(crew)])
                               for i, d in enumerate(days)])


def s3(problem: Problem, roster: Roster) -> int:
    return sum(v.penalty for v in check_roster(problem, roster) if v.rule == "S3")


@pytest.fixture
def year(service):
    """November and December of team north published, A on every night."""
    for name in ("2026-11", "2026-12"):
        problem = month(name)
        service.publish(problem, nights(problem, "A"), actor="M")
    return service


def test_history_is_the_published_duties_of_the_year_before(year):
    got = year.history("north", NEW_YEAR)
    assert len(got) == 30 + 31 and {a.employee_id for a in got} == {"A"}
    assert (got[0].date, got[-1].date) == (dt.date(2026, 11, 1), dt.date(2026, 12, 31))
    # Up to the day given, not including it; nothing of another team.
    assert len(year.history("north", dt.date(2026, 12, 1))) == 30
    assert year.history("south", NEW_YEAR) == []
    # Twelve months back: on 16 November 2027, from 16 November 2026 (15 + 31 nights).
    assert len(year.history("north", dt.date(2027, 11, 16))) == 15 + 31


def test_history_follows_the_published_version(year):
    # A's night of 10 December goes to B by an approved swap: version 2 of December.
    swap = year.request_swap(actor="A", duty=Duty(dt.date(2026, 12, 10), "N"), to="B",
                             today=dt.date(2026, 11, 30), team="north")
    year.accept_swap(swap.request_id, actor="B", today=dt.date(2026, 11, 30))
    year.approve_swap(swap.request_id, actor="M", today=dt.date(2026, 11, 30))
    got = {(a.date, a.employee_id) for a in year.history("north", NEW_YEAR)}
    assert (dt.date(2026, 12, 10), "B") in got and (dt.date(2026, 12, 10), "A") not in got
    assert len(got) == 61


def test_january_counts_the_nights_of_november_and_december(year):
    january = month("2027-01")
    filled = year.with_history(january)
    assert Counter(a.employee_id for a in filled.history) == {"A": 61}
    assert january.history == []  # the problem given is not changed
    rota = nights(january, "ABC")  # A 11, B 10, C 10
    assert s3(january, rota) == 0
    assert s3(filled, rota) == 41 + 20 + 20


def test_a_person_with_many_earlier_nights_gets_fewer_january_nights(year):
    january = month("2027-01")
    alone = solve(january, time_limit=10, seed=0)
    with_store = solve(year.with_history(january), time_limit=10, seed=0)
    assert (alone.status, with_store.status) == ("optimal", "optimal")
    before = Counter(a.employee_id for a in alone.roster.assignments)
    after = Counter(a.employee_id for a in with_store.roster.assignments)
    assert before["A"] in (10, 11) and after["A"] == 0
    assert after["B"] + after["C"] == 31 and with_store.objective == 59


def test_the_problems_own_history_stays_where_the_store_has_nothing(year):
    # A row of the problem's own History on a date the store does not cover stays.
    january = month("2027-01").model_copy(update={"history": [
        Assignment(date=dt.date(2026, 10, 31), shift_id="N", employee_id="C")]})
    filled = year.with_history(january)
    assert Counter(a.employee_id for a in filled.history) == {"A": 61, "C": 1}
