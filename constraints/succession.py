"""L8 forbidden successions (禁止接续): shift a on one date, then b the next date.

Shifts column ``not_followed_by``: if p works a on date d, p works none of the
listed shifts on d + 1. For each person p, date d and shift a:
duty[p, a_d] + Σ_{b ∈ F(a)} duty[p, b_{d+1}] ≤ 1 (valid because L1 allows one
duty a day; shifts a with the same F share one such at-most-one; with more
duties a day, one clause per pair). History: only pairs of dates
inside the horizon are judged, as in the Curtois & Qu benchmark (rest across
the month boundary is H7's business).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from scheduler.i18n import define, msg

from .base import Term, Violation

ONE_DAY = dt.timedelta(days=1)

T_FORBIDDEN = define(
    "succession.forbidden",
    "{emp} works {a} on {a_date} and {b} the next day; {b} may not follow {a}.",
    "{emp} 于 {a_date} 值 {a}，次日又值 {b}；{a} 之后不得接 {b}。")
T_GROUP = define(
    "succession.group",
    "{emp} may not work a shift and, the next day, a shift that may not follow it.",
    "{emp} 值班次日不得值禁止接续的班次。")


def build(ctx) -> list[Term]:
    inst, model = ctx.inst, ctx.model
    follow = {s.shift_id: frozenset(s.not_followed_by) for s in inst.problem.shifts
              if s.not_followed_by}
    if not follow:
        return []
    one_a_day = inst.settings.max_duties_per_day == 1
    # Which shifts of today share which banned shifts of tomorrow depends only on
    # the shifts of the two dates: worked out once per pair of shift lists
    # (Instance24: 54 000 person-dates, 10 M membership tests otherwise).
    plans: dict[tuple[tuple[str, ...], tuple[str, ...]], list] = {}

    def plan(today: tuple[str, ...], tomorrow: tuple[str, ...]) -> list:
        groups: dict[tuple[str, ...], list[str]] = defaultdict(list)
        for a in today:
            banned = follow.get(a)
            if banned:
                key = tuple(b for b in tomorrow if b in banned)
                if key:
                    groups[key].append(a)
        return list(groups.items())

    for emp_id in inst.emp_ids:
        by_day: dict[dt.date, dict[str, object]] = defaultdict(dict)
        for occ, var in ctx.emp_duty[emp_id]:
            by_day[occ.date][occ.shift_id] = var
        lit = None
        for day, today in by_day.items():
            tomorrow = by_day.get(day + ONE_DAY)
            if not tomorrow:
                continue
            # Shifts with the same banned successors share one constraint: with one
            # duty a day, Σ_{a ∈ G} duty[a_d] + Σ_{b ∈ F} duty[b_{d+1}] ≤ 1.
            shapes = (tuple(today), tuple(tomorrow))
            if shapes not in plans:
                plans[shapes] = plan(*shapes)
            for key, shifts_a in plans[shapes]:
                xs_a = [today[a] for a in shifts_a]
                if lit is None:
                    lit = ctx.guard(("L8", emp_id), lambda emp_id=emp_id: msg(
                        T_GROUP, emp=inst.emp_label(emp_id)))
                banned_vars = [tomorrow[b] for b in key]
                if one_a_day:
                    ctx.add(model.add_at_most_one(xs_a + banned_vars), lit)
                else:
                    for x_a in xs_a:
                        for x_b in banned_vars:
                            ctx.add(model.add_bool_or([x_a.Not(), x_b.Not()]), lit)
    return []


def check(view) -> list[Violation]:
    inst = view.instance
    out: list[Violation] = []
    for emp_id, occs in sorted(view.emp_duties.items()):
        by_day: dict[dt.date, list[str]] = defaultdict(list)
        for occ in occs:
            by_day[occ.date].append(occ.shift_id)
        for day in sorted(by_day):
            for a in by_day[day]:
                shift = inst.shifts.get(a)
                if shift is None or not shift.not_followed_by:
                    continue
                for b in by_day.get(day + ONE_DAY, []):
                    if b in shift.not_followed_by:
                        out.append(Violation("L8", True, msg(
                            T_FORBIDDEN, emp=inst.emp_label(emp_id), a=inst.shift_label(a),
                            a_date=day, b=inst.shift_label(b)),
                            employee_id=emp_id, date=day + ONE_DAY, shift_id=b))
    return out
