"""What the person-by-person methods of the search read about each person.

Column generation (:mod:`scheduler.search.colgen`) and the construction
(:mod:`scheduler.search.construct`) both plan one person at a time on a
*decomposable* month (:func:`decomposable`): soft cover everywhere and one
duty a day, so that every hard rule concerns one person.
"""

from __future__ import annotations

from ..instance import Instance

Request = tuple[int, str | None, bool, int]
"""(date index, shift id or None for any, prefer?, penalty if not granted)."""


def decomposable(inst: Instance) -> bool:
    """Whether a roster is a choice of one schedule per person.

    True when the cover of every occurrence is soft (the Coverage sheet with
    weights), one duty a day is the rule, and no hard rule couples people:
    no standby (H3, H8), no weekly crews (H2), no skill mix (H5). Every hard
    rule then concerns one person, and the people are coupled only by the
    soft cover. (Rules of one person that the per-person DP does not hold,
    such as a monthly cap or a pinned cell, may make a planned roster fail
    the checks; it is then not used.)
    """
    return (inst.settings.max_duties_per_day == 1 and bool(inst.occurrences)
            and all(o.soft and not o.backups and not o.skills for o in inst.occurrences)
            and all(shift.rotation == "day" for shift in inst.shifts.values()))


def requests_of(inst: Instance) -> dict[str, list[Request]]:
    """Each person's requests within the horizon, with their penalty when not granted."""
    w = inst.settings.weights.requests
    out: dict[str, list[Request]] = {}
    if not w:
        return out
    for req in inst.problem.requests:
        if inst.first <= req.date <= inst.last:
            out.setdefault(req.employee_id, []).append(
                ((req.date - inst.first).days, req.shift_id, req.kind == "prefer", w * req.weight))
    return out


def occurrences_of(inst: Instance) -> dict[str, dict[str, list[int | None]]]:
    """Per person and shift type: the occurrence index on each date (None: not theirs).

    Only the occurrences the person may work are given: eligible (H4), not on
    leave (H6), and not too close to a duty of the History before the horizon
    (H7). A shift type the person may work on no date is left out.
    """
    n = inst.num_days
    blocked = inst.history_blocked
    out: dict[str, dict[str, list[int | None]]] = {e: {} for e in inst.emp_ids}
    for occ in inst.occurrences:
        for emp_id in inst.eligible_emps[occ.index]:
            if occ.index not in blocked.get(emp_id, ()):
                out[emp_id].setdefault(occ.shift_id, [None] * n)[
                    (occ.date - inst.first).days] = occ.index
    return out


def weekdays(inst: Instance) -> list[int]:
    """The weekday (Monday 0) of each date of the horizon."""
    return [d.weekday() for d in inst.dates]
