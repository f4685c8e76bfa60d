"""Small problem builders for the rule tests.

Tests build their problems in code, over a horizon of a few days, with the
calendar switched off (``holiday_calendar="none"``), so that every occurrence
is visible in the test itself. 2026-06-01 is a Monday.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from scheduler import solve
from scheduler.models import (
    Assignment,
    Employee,
    Leave,
    Problem,
    Request,
    Roster,
    Settings,
    Shift,
    Weights,
)
from scheduler.results import Result

MONDAY = dt.date(2026, 6, 1)
WEIGHT_NAMES = tuple(Weights.model_fields)


def day(n: int) -> dt.date:
    """The n-th date of the default horizon: ``day(0)`` is Monday 2026-06-01."""
    return MONDAY + dt.timedelta(days=n)


def iso(n: int) -> str:
    return day(n).isoformat()


def only_weights(**weights: int) -> Weights:
    """Soft-goal weights with every goal switched off except those given."""
    unknown = set(weights) - set(WEIGHT_NAMES)
    if unknown:
        raise ValueError(f"unknown weights {sorted(unknown)}")
    return Weights(**{name: weights.get(name, 0) for name in WEIGHT_NAMES})


def _people(staff: Iterable[Any]) -> list[Employee]:
    out = []
    for item in staff:
        if isinstance(item, Employee):
            out.append(item)
        elif isinstance(item, str):
            out.append(Employee(employee_id=item))
        else:
            out.append(Employee(**item))
    return out


def _shifts(shifts: Iterable[Any]) -> list[Shift]:
    return [s if isinstance(s, Shift) else Shift(**s) for s in shifts]


def make_problem(*, staff: Iterable[Any], shifts: Iterable[Any], days: int = 5,
                 start: dt.date | str = MONDAY, weights: Weights | dict[str, int] | None = None,
                 leave: Iterable[Any] = (), requests: Iterable[Any] = (),
                 history: Iterable[Any] = (), pinned: Iterable[Any] = (),
                 calendar: Iterable[Any] = (), coverage: Iterable[Any] = (),
                 **settings: Any) -> Problem:
    """A problem over ``days`` days from ``start`` (a Monday by default).

    Parameters
    ----------
    staff
        Employee ids, dicts of Employee fields, or Employees.
    shifts
        Dicts of Shift fields, or Shifts.
    days
        Length of the horizon; ignored when ``month`` or ``end`` is given.
    weights
        A ``Weights``, or a dict of the weights to switch on (all others 0).
        None keeps the package defaults.
    leave, requests, history, pinned, calendar, coverage
        Rows of the other sheets, as models or dicts.
    settings
        Any other Settings field (``min_rest_hours``, ``month``, ...);
        ``holiday_calendar`` defaults to ``"none"``.
    """
    settings.setdefault("holiday_calendar", "none")
    if "month" not in settings:
        first = dt.date.fromisoformat(start) if isinstance(start, str) else start
        settings.setdefault("start", first)
        settings.setdefault("end", first + dt.timedelta(days=days - 1))
    if isinstance(weights, dict):
        weights = only_weights(**weights)
    if weights is not None:
        settings["weights"] = weights
    return Problem(
        settings=Settings(**settings),
        shifts=_shifts(shifts),
        staff=_people(staff),
        leave=[r if isinstance(r, Leave) else Leave(**r) for r in leave],
        requests=[r if isinstance(r, Request) else Request(**r) for r in requests],
        history=[_row(r) for r in history],
        pinned=[_row(r) for r in pinned],
        calendar=list(calendar),
        coverage=list(coverage),
    )


def _row(row: Any) -> Assignment:
    """An Assignment from a model, a dict or a tuple ``(date, shift_id, emp_id[, role])``."""
    if isinstance(row, Assignment):
        return row
    if isinstance(row, dict):
        return Assignment(**row)
    date, shift_id, emp_id, *role = row
    return Assignment(date=date, shift_id=shift_id, employee_id=emp_id,
                      role=role[0] if role else "duty")


def roster(*rows: Any) -> Roster:
    """A hand-made roster from tuples ``(date, shift_id, emp_id[, role])``."""
    return Roster(assignments=[_row(r) for r in rows])


def run(problem: Problem, *, time_limit: float = 5.0, seed: int = 1, workers: int = 1) -> Result:
    """Solve a tiny problem reproducibly."""
    return solve(problem, time_limit=time_limit, seed=seed, workers=workers)


Row = tuple[str, "str | None", "str | None", int]


def ordered(rows: Iterable[Row]) -> list[Row]:
    """Rows ``(rule, employee_id, date, penalty)`` in a fixed order (None first)."""
    return sorted(rows, key=lambda r: (r[0], r[1] or "", r[2] or "", r[3]))


def found(violations, *rules: str) -> list[Row]:
    """Violations as ordered ``(rule, employee_id, date, penalty)``, optionally of some rules."""
    return ordered((v.rule, v.employee_id, v.date.isoformat() if v.date else None, v.penalty)
                   for v in violations if not rules or v.rule in rules)


def duties(result_or_roster, shift_id: str | None = None,
           role: str = "duty") -> dict[str, list[str]]:
    """Date (ISO) → sorted employee ids on ``shift_id`` (any shift when None) in ``role``."""
    ros = result_or_roster.roster if isinstance(result_or_roster, Result) else result_or_roster
    out: dict[str, list[str]] = {}
    for a in ros.assignments:
        if a.role == role and (shift_id is None or a.shift_id == shift_id):
            out.setdefault(a.date.isoformat(), []).append(a.employee_id)
    return {d: sorted(ids) for d, ids in sorted(out.items())}


def sequence(result_or_roster, shift_id: str) -> list[str]:
    """The duty person of a one-person shift, date by date."""
    return ["+".join(ids) for _, ids in duties(result_or_roster, shift_id).items()]


# Shift shapes used throughout: a day shift, and a night shift that ends at 03:00
# the next morning (R1), both running every day unless a test says otherwise.
DAY = {"shift_id": "D", "start": "08:00", "end": "17:00", "days": "all"}
NIGHT = {"shift_id": "N", "start": "19:00", "end": "03:00", "days": "all"}


def shift(base: dict[str, Any], **changes: Any) -> dict[str, Any]:
    return {**base, **changes}
