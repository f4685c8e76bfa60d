"""H9 monthly cap: nobody exceeds ``max_duties``.

For each person p with a cap m: Σ_o duty[p, o] ≤ m.
"""

from __future__ import annotations

from scheduler.i18n import define, msg

from .base import Term, Violation

T_OVER_CAP = define(
    "workload.over_cap",
    "{emp} has {have} duties this month; the cap is {cap}.",
    "{emp} 本月值班 {have} 次，超过上限 {cap} 次。")
T_GROUP = define(
    "workload.group",
    "{emp} may take at most {cap} duties this month.",
    "{emp} 本月最多值班 {cap} 次。")


def build(ctx) -> list[Term]:
    inst, model = ctx.inst, ctx.model
    for emp_id, emp in inst.staff.items():
        duties = [v for _, v in ctx.emp_duty[emp_id]]
        if emp.max_duties is None or len(duties) <= emp.max_duties:
            continue
        lit = ctx.guard(("H9", emp_id), lambda emp=emp: msg(
            T_GROUP, emp=emp.label, cap=emp.max_duties))
        ctx.add(model.add(sum(duties) <= emp.max_duties), lit)
    return []


def check(view) -> list[Violation]:
    inst = view.instance
    out: list[Violation] = []
    for emp_id, occs in view.emp_duties.items():
        emp = inst.staff.get(emp_id)
        if emp is not None and emp.max_duties is not None and len(occs) > emp.max_duties:
            out.append(Violation("H9", True, msg(
                T_OVER_CAP, emp=emp.label, have=len(occs), cap=emp.max_duties),
                amount=len(occs) - emp.max_duties, employee_id=emp_id))
    return out
