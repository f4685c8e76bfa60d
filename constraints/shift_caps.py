"""L2 per-shift caps (班次上限): nobody works a shift more often than their cap for it.

Staff column ``max_shifts`` (e.g. ``N:5;D:14``); a cap of 0 forbids the shift.
For each person p and shift s with cap m(p, s): Σ_{o of s} duty[p, o] ≤ m(p, s).
The caps count duties in the horizon only (History is not counted).
"""

from __future__ import annotations

from collections import Counter

from scheduler.i18n import define, msg

from .base import Term, Violation

T_OVER = define(
    "shift_caps.over",
    "{emp} works {shift} {have} times; at most {cap}.",
    "{emp} 值 {shift} {have} 次，上限 {cap} 次。")
T_GROUP = define(
    "shift_caps.group",
    "{emp} may work {shift} at most {cap} times.",
    "{emp} 最多值 {shift} {cap} 次。")


def build(ctx) -> list[Term]:
    from ortools.sat.python import cp_model  # the checks below run without OR-Tools

    inst, model = ctx.inst, ctx.model
    for emp_id, emp in inst.staff.items():
        if not emp.max_shifts:
            continue
        by_shift: dict[str, list] = {}
        for occ, var in ctx.emp_duty[emp_id]:
            if occ.shift_id in emp.max_shifts:
                by_shift.setdefault(occ.shift_id, []).append(var)
        for sid, xs in by_shift.items():
            cap = emp.max_shifts[sid]
            if len(xs) <= cap:
                continue  # the cap cannot bind
            lit = ctx.guard(("L2", emp_id, sid), lambda emp=emp, sid=sid, cap=cap: msg(
                T_GROUP, emp=emp.label, shift=inst.shift_label(sid), cap=cap))
            if cap == 0:
                for x in xs:
                    ctx.add(model.add(x == 0), lit)
            else:
                ctx.add(model.add(cp_model.LinearExpr.Sum(xs) <= cap), lit)
    return []


def check(view) -> list[Violation]:
    inst = view.instance
    out: list[Violation] = []
    for emp_id, occs in sorted(view.emp_duties.items()):
        emp = inst.staff.get(emp_id)
        if emp is None or not emp.max_shifts:
            continue
        for sid, have in sorted(Counter(o.shift_id for o in occs).items()):
            cap = emp.max_shifts.get(sid)
            if cap is not None and have > cap:
                out.append(Violation("L2", True, msg(
                    T_OVER, emp=emp.label, shift=inst.shift_label(sid), have=have, cap=cap),
                    amount=have - cap, employee_id=emp_id, shift_id=sid))
    return out
