"""A first roster built person by person, without a model.

On a decomposable month (soft cover everywhere, one duty a day:
:func:`scheduler.search.people.decomposable`) every hard rule concerns one
person, so a roster that is feasible for each person alone is feasible. On
long horizons (the year-long Curtois & Qu instances) CP-SAT may not find any
roster within a minute; this package builds one quickly, in four steps:

1. :mod:`.plans`: people are planned one after the other against the demand
   still uncovered, each on one shift type by a DP over the dates;
2. :mod:`.moves`: each duty day on a date where its type is not short moves
   to another type of the same length that is short that day; duty days take
   longer types where those are short, giving up a first or last day of a run
   when the minutes would pass the maximum; when everybody is planned, the
   people on duty each date are given the types that cover it best by a
   min-cost flow, and each run may give its first or last days another type
   together (successions order the types within a run);
3. :mod:`.replan`: each person is planned again, in turn, against everybody
   else's duties: the least-cost plan over all the person's types (the
   shared DP of :mod:`scheduler.search.schedules`), else the least-cost plan
   of one type, else the first pass's plan, whichever first pays; up to
   ``ConstructParams.replan_rounds`` rounds.

Successions include the rest between shifts of consecutive dates
(``Instance.not_next``), and the dates a History duty rules out are not
offered (H7 across the horizon's start).

The result is only a start: the search re-checks it with the independent
checks before it is used.
"""

from __future__ import annotations

from ...instance import Instance
from ...params import ConstructParams
from ..people import decomposable, occurrences_of, requests_of, weekdays
from .moves import assign_by_day, convert_lengths, move_to_short, retype_runs
from .plans import plan_person
from .replan import replan

__all__ = ["construct_duties"]


def construct_duties(inst: Instance, params: ConstructParams | None = None,
                     until: float | None = None) -> list[tuple[str, int]] | None:
    """Duty cells (employee id, occurrence index) of a first roster, or None.

    Needs no model (the year-long instances are planned before, or instead
    of, building one). Applies to decomposable months; a person for whom no
    plan is found makes the whole construction fail. ``until``
    (``time.perf_counter()``): when the re-planning rounds stop.
    """
    if not decomposable(inst):
        return None
    params = params or ConstructParams()
    n = inst.num_days
    # Demand still uncovered, per shift type and date.
    need: dict[str, list[int]] = {sid: [0] * n for sid in inst.shifts}
    # Per date and shift: weight of one person short, of one too many.
    under = {sid: [0] * n for sid in inst.shifts}
    over = {sid: [0] * n for sid in inst.shifts}
    for occ in inst.occurrences:
        d = (occ.date - inst.first).days
        need[occ.shift_id][d] += occ.staff
        under[occ.shift_id][d] = occ.under_weight or 0
        over[occ.shift_id][d] = occ.over_weight or 0
    weekday = weekdays(inst)
    occs_of = occurrences_of(inst)
    plans: dict = {}  # employee id -> (employee, cells by shift, shift of each date)
    for emp_id, emp in inst.staff.items():
        cells = occs_of[emp_id]
        types = plan_person(inst, emp, cells, need, under, over, weekday, len(plans))
        if types is None:
            return None
        plans[emp_id] = emp, cells, types
    # Later people may have covered what earlier ones were moved off for:
    # one more pass moves days off shifts now over-covered, and to longer
    # shifts still short (Instance23: 322 866 -> 271 031; a third pass gained
    # 0.1-1.5 %).
    for emp, cells, types in plans.values():
        move_to_short(inst, emp, cells, need, types)
        convert_lengths(inst, emp, cells, need, types, under, over)
    assign_by_day(inst, plans, need, under, over)
    for emp, cells, types in plans.values():
        retype_runs(inst, emp, cells, need, types, under, over)
    replan(inst, plans, need, under, over, weekday, requests_of(inst), params, until)
    return [(emp_id, cells[sid][d]) for emp_id, (_emp, cells, types) in plans.items()
            for d, sid in enumerate(types) if sid is not None]
