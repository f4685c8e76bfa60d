"""L3 working minutes (工时): total duty minutes over the horizon stay within bounds.

Staff columns ``min_minutes`` and ``max_minutes``. For each person p:
min_minutes(p) ≤ Σ_o minutes(o) · duty[p, o] ≤ max_minutes(p), where minutes(o)
is the shift's length. Only the horizon counts (History is not counted).
"""

from __future__ import annotations

from scheduler.i18n import define, msg

from .base import Term, Violation

T_OVER = define(
    "minutes.over",
    "{emp} works {have} minutes; at most {cap}.",
    "{emp} 工作 {have} 分钟，最多 {cap} 分钟。")
T_UNDER = define(
    "minutes.under",
    "{emp} works {have} minutes; at least {need}.",
    "{emp} 工作 {have} 分钟，至少 {need} 分钟。")
T_GROUP = define(
    "minutes.group",
    "{emp} must work between {lo} and {hi} minutes.",
    "{emp} 工时须在 {lo} 至 {hi} 分钟之间。")


def build(ctx) -> list[Term]:
    from ortools.sat.python import cp_model  # the checks below run without OR-Tools

    inst, model = ctx.inst, ctx.model
    length = {o.index: o.minutes for o in inst.occurrences}  # computed once, not per person
    for emp_id, emp in inst.staff.items():
        if emp.min_minutes is None and emp.max_minutes is None:
            continue
        pairs = ctx.emp_duty[emp_id]
        coeffs = [length[occ.index] for occ, _ in pairs]
        most = sum(coeffs)
        total = cp_model.LinearExpr.WeightedSum([v for _, v in pairs], coeffs)
        lo = emp.min_minutes or 0
        hi = emp.max_minutes if emp.max_minutes is not None else most
        lit = ctx.guard(("L3", emp_id), lambda emp=emp, lo=lo, hi=hi: msg(
            T_GROUP, emp=emp.label, lo=lo, hi=hi))
        if not pairs:
            if lo > 0:  # nothing can be worked, yet minutes are required
                ctx.add(model.add_bool_or([]), lit)
            continue
        if lo > 0 or hi < most:  # one row lo ≤ total ≤ hi (a row of 7 000 terms on 24)
            ctx.add(model.add_linear_constraint(total, lo, hi), lit)
    return []


def check(view) -> list[Violation]:
    inst = view.instance
    out: list[Violation] = []
    for emp_id, emp in inst.staff.items():
        if emp.min_minutes is None and emp.max_minutes is None:
            continue
        have = sum(o.minutes for o in view.emp_duties.get(emp_id, []))
        if emp.max_minutes is not None and have > emp.max_minutes:
            out.append(Violation("L3", True, msg(
                T_OVER, emp=emp.label, have=have, cap=emp.max_minutes),
                amount=have - emp.max_minutes, employee_id=emp_id))
        if emp.min_minutes is not None and have < emp.min_minutes:
            out.append(Violation("L3", True, msg(
                T_UNDER, emp=emp.label, have=have, need=emp.min_minutes),
                amount=emp.min_minutes - have, employee_id=emp_id))
    return out
