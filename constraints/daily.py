"""L1 duties per day: nobody has more than ``max_duties_per_day`` duties on one date.

For each person p and date d: Σ_{o starts on d} duty[p, o] ≤ max_duties_per_day.
"""

from __future__ import annotations

from collections import Counter

from scheduler.i18n import define, msg

from .base import Term, Violation

T_TOO_MANY = define(
    "daily.too_many",
    "{emp} has {have} duties on {date}; at most {cap} a day.",
    "{emp} 在 {date} 有 {have} 个班，每天最多 {cap} 个。")
T_GROUP = define(
    "daily.group",
    "{emp}: daily limit of {cap} duty starts per date.",
    "{emp} 每天最多值 {cap} 个班。")


def build(ctx) -> list[Term]:
    inst, model = ctx.inst, ctx.model
    cap = inst.settings.max_duties_per_day
    for emp_id in inst.emp_ids:
        by_date: dict = {}
        for occ, var in ctx.emp_duty[emp_id]:
            by_date.setdefault(occ.date, []).append(var)
        lit = ctx.guard(("L1", emp_id), lambda emp_id=emp_id: msg(
            T_GROUP, emp=inst.emp_label(emp_id), cap=cap))
        for day_vars in by_date.values():
            if len(day_vars) > cap:
                # Kept linear: with an at-most-one here and L4-L7's worked-day
                # literal as an exactly-one (both faster to add), the LNS of
                # Instances 13 and 20 did much worse.
                ctx.add(model.add(sum(day_vars) <= cap), lit)
    return []


def check(view) -> list[Violation]:
    inst = view.instance
    cap = inst.settings.max_duties_per_day
    out: list[Violation] = []
    for emp_id, occs in sorted(view.emp_duties.items()):
        for day, have in sorted(Counter(o.date for o in occs).items()):
            if have > cap:
                out.append(Violation("L1", True, msg(
                    T_TOO_MANY, emp=inst.emp_label(emp_id), have=have, date=day, cap=cap),
                    amount=have - cap, employee_id=emp_id, date=day))
    return out
