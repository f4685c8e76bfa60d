"""Minimal-change re-planning of a published roster: absence, approved leave, hand edits.

The published roster is the baseline of the engine's S7 goal (each of its
assignments dropped costs ``weights.changes``), raised here so that the
fewest changed assignments come first and the usual soft goals only break
ties; every assignment before ``today`` is pinned (the past is not
re-planned); hand edits are pinned or forbidden cells. The result is a
whole roster checked by every rule, shown as a cell-by-cell diff
(:mod:`.diff`) before the manager approves it. When no re-plan exists, the
explanation names the conflict as the engine does.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..models import Assignment, Leave, Problem, Roster
from ..results import Result
from .diff import CellChange, changed_assignments, diff_rosters

CHANGE_WEIGHT = 1_000
"""The weight of each dropped assignment in a re-plan: above what any other
soft goal could gain by moving one more assignment."""


@dataclass
class Replan:
    """A proposed roster, its diff against the published one, and the solve behind it."""

    result: Result
    problem: Problem
    roster: Roster | None = None
    changes: list[CellChange] = field(default_factory=list)
    dropped: int = 0

    @property
    def ok(self) -> bool:
        return self.roster is not None and not self.result.hard_violations


def from_today(leave: list[Leave], today: dt.date | None) -> list[Leave]:
    """The leave rows as far as they reach ``today`` or later (the past is not re-planned)."""
    if today is None:
        return list(leave)
    return [x if x.start >= today else x.model_copy(update={"start": today})
            for x in leave if x.end >= today]


def replan_problem(problem: Problem, roster: Roster, *, today: dt.date | None = None,
                   leave: list[Leave] = (), pins: list[Assignment] = (),
                   forbidden: list[Assignment] = ()) -> Problem:
    """The problem of a minimal-change re-plan of ``roster`` (see the module).

    Leave reaching into the past counts from ``today``: every assignment
    before it is pinned, whoever it is.
    """
    leave = from_today(leave, today)
    frozen = [a for a in roster.assignments if today is not None and a.date < today]
    kept = {(a.date, a.shift_id, a.employee_id, a.role) for a in frozen}
    pinned = frozen + [a for a in pins if (a.date, a.shift_id, a.employee_id, a.role) not in kept]
    weights = problem.settings.weights.model_copy(
        update={"changes": max(CHANGE_WEIGHT, problem.settings.weights.changes)})
    return problem.model_copy(update={
        "settings": problem.settings.model_copy(update={"weights": weights}),
        "leave": [*problem.leave, *leave],
        "baseline": list(roster.assignments),
        "pinned": pinned,
        "forbidden": [*problem.forbidden, *forbidden],
    })


def replan(problem: Problem, roster: Roster, *, today: dt.date | None = None,
           leave: list[Leave] = (), pins: list[Assignment] = (),
           forbidden: list[Assignment] = (), time_limit: float = 10.0,
           seed: int | None = 0) -> Replan:
    """Re-plan ``roster`` with ``leave`` added, changing as few assignments as it can.

    Parameters
    ----------
    problem, roster
        The month and its published roster.
    today
        Dates before it are frozen (every assignment on them pinned).
    leave
        New leave or absence (an approved leave request, someone ill).
    pins, forbidden
        Hand edits: cells that must hold, cells that must stay empty.
    time_limit, seed
        Of the solve; seeded by default, so the same request gives the same
        proposal.
    """
    from ..solver import solve

    replanned = replan_problem(problem, roster, today=today, leave=leave, pins=pins,
                               forbidden=forbidden)
    result = solve(replanned, time_limit=time_limit, seed=seed)
    out = Replan(result, replanned)
    if result.roster is not None:
        out.roster = result.roster
        out.changes = diff_rosters(roster, result.roster)
        out.dropped = changed_assignments(roster, result.roster)
    return out

