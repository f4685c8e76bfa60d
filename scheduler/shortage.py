"""Soft cover that no roster can meet: a lower bound and its reasons.

With soft coverage (the Coverage sheet with weights, and every Curtois & Qu
benchmark instance) a month may want more duties than the staff's own limits
allow. Counting what each person could work at most, whatever the rest of the
roster, gives a number of duties that will be short in *every* roster:

- **per shift**: a shift's need over the horizon against, per person, the
  dates they could take it (eligible, not on leave), capped by their
  ``max_shifts`` for it and by their total below;
- **at weekends**: the need on Saturdays and Sundays against, per person, the
  duties of their ``max_weekends`` best weekends (L7), capped by their total;
- **in all**: the whole need against each person's total: one duty a date
  (``max_duties_per_day``), ``max_duties``, ``max_minutes`` over their
  shortest eligible shift, and a day off in every ``max_consecutive`` + 1 days;
- **per date**: a date's need against the duties people could work that date;
- **weekend patterns**: with one duty a day, an LP (GLOP) over each person's
  weekend patterns (a shift or none on each weekend day, no succession the
  ``not_followed_by`` column forbids), one pattern per person and weekend,
  within ``max_weekends``, ``max_shifts`` and the total above, against the
  weekend cover at its weights. A Saturday late shift rules out Sunday's
  early one; the counts above miss that, and the rosters of the benchmark
  are short almost only at weekends (Instance12: 4000 here, 2500 counted,
  best known 4040). Any roster, cut to its weekends, is a point of this LP
  at its weekend cover penalty, so the LP value (rounded up: penalties are
  integers) is a lower bound too. Skipped above :data:`MAX_PATTERNS`
  patterns, whose LP takes seconds to build (the year-long Instances 22–24).

Every rule counted is hard, and duties of shifts with hard cover are left
out (they only use capacity up), so each count is a valid lower bound on the
duties short. Shortages of different shifts (or dates) add up; the
families overlap, so the bound is the largest of them, each short duty priced
at the least under-cover weight it could fall on. Every penalty of the model
is non-negative, so this is a lower bound on the objective, and
:func:`scheduler.solve` reports the better of it and CP-SAT's bound. The
messages tell the manager what to change (more people for a shift, higher
caps, fewer wanted).
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from constraints.weekends import weekends

from .i18n import Msg, define, msg
from .instance import Instance

T_SHIFT = define(
    "shortage.shift",
    "{shift}: {need} duties wanted over the horizon, but the staff's limits allow at most "
    "{cap}; at least {short} will be short in any roster.",
    "{shift}：整个排班期需要 {need} 人次，但按员工的上限最多只能排 {cap} 人次，"
    "任何排班都至少缺 {short} 人次。")
T_WEEKENDS = define(
    "shortage.weekends",
    "Weekends: {need} duties wanted on Saturdays and Sundays, but the weekend limits "
    "(max_weekends) allow at most {cap}; at least {short} will be short in any roster.",
    "周末：周六、周日共需要 {need} 人次，但按周末上限（max_weekends）最多只能排 {cap} 人次，"
    "任何排班都至少缺 {short} 人次。")
T_TOTAL = define(
    "shortage.total",
    "All shifts: {need} duties wanted over the horizon, but the staff can work at most "
    "{cap}; at least {short} will be short in any roster.",
    "全部班次：整个排班期需要 {need} 人次，但员工最多只能值 {cap} 人次，"
    "任何排班都至少缺 {short} 人次。")
T_DATES = define(
    "shortage.dates",
    "{n} dates want more duties than the people free on them can work ({dates}); "
    "at least {short} will be short in any roster.",
    "有 {n} 天的需求超过当天有空人员能值的人次（{dates}），任何排班都至少缺 {short} 人次。")

T_PATTERNS = define(
    "shortage.weekend_patterns",
    "Weekend cover: with the weekend limits (max_weekends), the shifts that may not follow "
    "each other and the per-shift caps, the weekend shortfalls cost at least {penalty} in "
    "any roster.",
    "周末需求：受周末上限（max_weekends）、班次接续限制和各班次上限约束，"
    "任何排班的周末缺员代价至少为 {penalty}。")

MAX_DATES_SHOWN = 5
MAX_PATTERNS = 120_000  # weekend patterns of the LP (Instance21: 101 125, 2.0 s; 22: 139 671, 3.9 s)


@dataclass(frozen=True)
class Shortage:
    """Duties short in every roster, their least penalty and the reasons."""

    short: int = 0  # duties short by the counts (the weekend LP gives a penalty only)
    penalty: int = 0
    messages: list[Msg] = field(default_factory=list)
    # Penalty per family: shift, weekends, total, dates, weekend patterns.
    by_family: dict[str, int] = field(default_factory=dict)


def soft_shortage(inst: Instance) -> Shortage:
    """The lower bound of the module docstring (zero without soft cover)."""
    soft = [o for o in inst.occurrences if o.soft and o.staff > 0]
    if not soft:
        return Shortage()
    per_day = inst.settings.max_duties_per_day
    day_index = {day: i for i, day in enumerate(inst.dates)}
    ends_of = list(weekends(inst).values())
    weekend_days = {i for days in ends_of for i in days}
    eligible = inst.eligible_emps

    # Per person (row): how many eligible soft occurrences start on each date
    # (column), per shift, and the shortest of them. Occurrences share their
    # eligible lists (eligible_emps), so each list becomes row indexes once.
    pos = {e: i for i, e in enumerate(inst.emp_ids)}
    rows_of: dict[int, np.ndarray] = {}
    on_day = np.zeros((len(pos), inst.num_days), dtype=np.int64)
    of_shift: dict[str, np.ndarray] = {}
    shortest = np.full(len(pos), np.iinfo(np.int64).max, dtype=np.int64)
    for occ in soft:
        emps = eligible[occ.index]
        rows = rows_of.get(id(emps))
        if rows is None:
            rows = rows_of[id(emps)] = np.fromiter((pos[e] for e in emps), dtype=np.intp,
                                                   count=len(emps))
        on_day[rows, day_index[occ.date]] += 1  # rows are distinct: no lost updates
        counts = of_shift.get(occ.shift_id)
        if counts is None:
            counts = of_shift[occ.shift_id] = np.zeros(len(pos), dtype=np.int64)
        counts[rows] += 1
        shortest[rows] = np.minimum(shortest[rows], occ.minutes)
    daily = np.minimum(on_day, per_day)
    date_cap = daily.sum(axis=0)
    # Duties per weekend and person, best weekends first.
    ends = (np.stack([daily[:, days].sum(axis=1) for days in ends_of], axis=1)
            if ends_of else np.zeros((len(pos), 0), dtype=np.int64))
    ends = -np.sort(-ends, axis=1)

    total_cap = weekend_cap = 0
    shift_cap: dict[str, int] = defaultdict(int)
    most_of = [0] * len(pos)  # duties each person can work at most
    for i, emp_id in enumerate(inst.emp_ids):
        emp = inst.staff[emp_id]
        most = int(daily[i].sum())
        if most == 0:
            continue
        if emp.max_duties is not None:
            most = min(most, emp.max_duties)
        if emp.max_minutes is not None and shortest[i] > 0:
            most = min(most, emp.max_minutes // int(shortest[i]))
        if emp.max_consecutive is not None and per_day == 1:
            most = min(most, inst.num_days - inst.num_days // (emp.max_consecutive + 1))
        total_cap += most
        most_of[i] = most
        for sid, counts in of_shift.items():
            n = int(counts[i])
            cap = emp.max_shifts.get(sid)
            shift_cap[sid] += min(n, most, cap if cap is not None else n)
        best = ends[i] if emp.max_weekends is None else ends[i, :emp.max_weekends]
        weekend_cap += min(most, int(best.sum()))

    need_of_shift: dict[str, int] = defaultdict(int)
    weight_of_shift: dict[str, int] = {}
    need_of_date: dict[int, int] = defaultdict(int)
    weight_of_date: dict[int, int] = {}
    for occ in soft:
        w = occ.under_weight or 0
        need_of_shift[occ.shift_id] += occ.staff
        weight_of_shift[occ.shift_id] = min(w, weight_of_shift.get(occ.shift_id, w))
        d = day_index[occ.date]
        need_of_date[d] += occ.staff
        weight_of_date[d] = min(w, weight_of_date.get(d, w))

    found: list[tuple[int, int, list[Msg], str]] = []  # (penalty, short, messages, family)
    by_shift = [(sid, need, need - shift_cap.get(sid, 0)) for sid, need in need_of_shift.items()]
    by_shift = [(sid, need, short) for sid, need, short in by_shift if short > 0]
    if by_shift:
        short = sum(s for _, _, s in by_shift)
        penalty = sum(s * weight_of_shift[sid] for sid, _, s in by_shift)
        found.append((penalty, short, [msg(T_SHIFT, shift=inst.shift_label(sid), need=need,
                                           cap=need - s, short=s) for sid, need, s in by_shift],
                      "shift"))
    def pooled(occs, cap: int, template, family: str) -> None:
        """One shortfall for a pool of occurrences against one capacity."""
        need = sum(o.staff for o in occs)
        if need > cap:
            least = min(o.under_weight or 0 for o in occs)
            found.append(((need - cap) * least, need - cap,
                          [msg(template, need=need, cap=cap, short=need - cap)], family))

    pooled([o for o in soft if day_index[o.date] in weekend_days], weekend_cap, T_WEEKENDS,
           "weekends")
    pooled(soft, total_cap, T_TOTAL, "total")
    by_date = [(d, n - int(date_cap[d])) for d, n in sorted(need_of_date.items())
               if n > date_cap[d]]
    if by_date:
        shown = ", ".join(inst.dates[d].isoformat() for d, _ in by_date[:MAX_DATES_SHOWN])
        if len(by_date) > MAX_DATES_SHOWN:
            shown += ", …"
        short = sum(s for _, s in by_date)
        found.append((sum(s * weight_of_date[d] for d, s in by_date), short,
                      [msg(T_DATES, n=len(by_date), dates=shown, short=short)], "dates"))
    if per_day == 1 and weekend_cap > 0:
        # Patterns per person and weekend: (1 + shifts open) per weekend day.
        size = sum(int(np.prod(on_day[:, days] + 1, axis=1).sum()) for days in ends_of)
        if size <= MAX_PATTERNS:
            lp = _weekend_patterns(inst, soft, ends_of, day_index, most_of)
            if lp > max((f[0] for f in found), default=0):
                found.append((lp, 0, [msg(T_PATTERNS, penalty=lp)], "weekend patterns"))
            else:
                found.append((lp, 0, [], "weekend patterns"))
    if not found:
        return Shortage()
    penalty = max(f[0] for f in found)
    short = max(f[1] for f in found)
    messages = [m for _, _, ms, _ in sorted(found, key=lambda f: -f[0]) for m in ms]
    return Shortage(short=short, penalty=penalty, messages=messages,
                    by_family={family: p for p, _, _, family in found})


def _weekend_patterns(inst: Instance, soft, ends_of, day_index, most_of: list[int]) -> int:
    """The weekend-pattern LP bound of the module docstring (one duty a day)."""
    from ortools.linear_solver import pywraplp

    follow = {s.shift_id: frozenset(s.not_followed_by) for s in inst.problem.shifts}
    eligible = inst.eligible_emps
    soft_on: dict[int, list] = defaultdict(list)
    for occ in soft:
        soft_on[day_index[occ.date]].append(occ)
    lp = pywraplp.Solver.CreateSolver("GLOP")
    objective = lp.Objective()
    cover: dict[int, list] = defaultdict(list)  # occurrence index -> pattern variables
    for i, emp_id in enumerate(inst.emp_ids):
        emp = inst.staff[emp_id]
        worked, duties = [], []
        per_shift: dict[str, list] = defaultdict(list)
        for days in ends_of:
            options = [[None] + [o for o in soft_on[d] if emp_id in eligible[o.index]]
                       for d in days]
            if all(len(o) == 1 for o in options):
                continue  # nothing to work that weekend
            row = lp.Constraint(1, 1)
            for pattern in itertools.product(*options):
                if any(a is not None and b is not None and b.shift_id in follow.get(a.shift_id, ())
                       for a, b in zip(pattern, pattern[1:], strict=False)):
                    continue
                z = lp.NumVar(0, 1, "")
                row.SetCoefficient(z, 1)
                on = [o for o in pattern if o is not None]
                if on:
                    worked.append(z)
                    duties.append((z, len(on)))
                for o in on:
                    cover[o.index].append(z)
                    per_shift[o.shift_id].append(z)
        if emp.max_weekends is not None and worked:
            row = lp.Constraint(0, emp.max_weekends)
            for z in worked:
                row.SetCoefficient(z, 1)
        for sid, zs in per_shift.items():
            if emp.max_shifts.get(sid) is not None:
                row = lp.Constraint(0, emp.max_shifts[sid])
                for z in zs:
                    row.SetCoefficient(z, 1)
        if duties:
            row = lp.Constraint(0, most_of[i])
            for z, k in duties:
                row.SetCoefficient(z, k)
    for days in ends_of:
        for d in days:
            for occ in soft_on[d]:
                row = lp.Constraint(occ.staff, occ.staff)
                for z in cover[occ.index]:
                    row.SetCoefficient(z, 1)
                under = lp.NumVar(0, lp.infinity(), "")
                over = lp.NumVar(0, lp.infinity(), "")
                row.SetCoefficient(under, 1)
                row.SetCoefficient(over, -1)
                objective.SetCoefficient(under, occ.under_weight or 0)
                objective.SetCoefficient(over, occ.over_weight or 0)
    objective.SetMinimization()
    if lp.Solve() != lp.OPTIMAL:
        return 0  # no bound rather than a wrong one
    # The objective is an integer: round up, less a tolerance for GLOP's error.
    return max(0, math.ceil(objective.Value() - 1e-6))
