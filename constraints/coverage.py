"""H1 coverage (R2, R3, R5): every occurrence has exactly its crew.

"每天轮流安排一名客户服务人员进行白天班值班,确保白天班工作有人负责."

Hard: for each occurrence o: Σ_p duty[p, o] = staff(o); and nobody is on a
shift on a date its ``days`` do not select. Soft (Coverage sheet with
weights, S0): under_weight · max(0, staff − n) + over_weight · max(0, n − staff).
"""

from __future__ import annotations

from scheduler.i18n import define, msg

from .base import Term, Violation

T_SHORT = define(
    "coverage.short",
    "{shift} on {date} needs {need} on duty but has {have}.",
    "{date} {shift} 需要 {need} 人值班，实际 {have} 人。")
T_OVER = define(
    "coverage.over",
    "{shift} on {date} needs {need} on duty but has {have}.",
    "{date} {shift} 需要 {need} 人值班，实际 {have} 人（超员）。")
T_STRAY = define(
    "coverage.stray",
    "{emp} is on {shift} on {date}, but {shift} does not run that day.",
    "{emp} 被排在 {date} 的 {shift}，但该班次当天不开。")
T_DUP = define(
    "coverage.duplicate",
    "{emp} is listed twice for {shift} on {date}.",
    "{emp} 在 {date} 的 {shift} 中重复出现。")
T_SOFT_UNDER = define(
    "coverage.soft_under",
    "{shift} on {date}: {have} on duty, {need} wanted ({missing} short × {weight}).",
    "{date} {shift}：值班 {have} 人，需求 {need} 人（缺 {missing} 人 × 权重 {weight}）。")
T_SOFT_OVER = define(
    "coverage.soft_over",
    "{shift} on {date}: {have} on duty, {need} wanted ({extra} extra × {weight}).",
    "{date} {shift}：值班 {have} 人，需求 {need} 人（多 {extra} 人 × 权重 {weight}）。")
T_GROUP = define(
    "coverage.group",
    "{shift} on {date} needs {need} on duty.",
    "{date} {shift} 需要 {need} 人值班。")


def build(ctx) -> list[Term]:
    inst, model = ctx.inst, ctx.model
    terms: list[Term] = []
    for occ in inst.occurrences:
        crew = [v for _, v in ctx.occ_duty[occ.index]]
        if occ.soft:
            n = len(crew)
            under = model.new_int_var(0, occ.staff, f"under[{occ}]")
            over = model.new_int_var(0, max(0, n - occ.staff), f"over[{occ}]")
            model.add(sum(crew) + under - over == occ.staff)
            if occ.under_weight:
                terms.append(Term("S0", occ.under_weight, under))
            if occ.over_weight:
                terms.append(Term("S0", occ.over_weight, over))
            continue
        lit = ctx.guard(("H1", occ.index), lambda occ=occ: msg(
            T_GROUP, shift=inst.shift_label(occ.shift_id), date=occ.date, need=occ.staff))
        ctx.add(model.add(sum(crew) == occ.staff), lit)
    return terms


def check(view) -> list[Violation]:
    inst = view.instance
    out: list[Violation] = []
    for occ in inst.occurrences:
        crew = view.duty_of(occ)
        shift = inst.shift_label(occ.shift_id)
        for emp_id in sorted({e for e in crew if crew.count(e) > 1}):
            out.append(Violation("H1", True, msg(T_DUP, emp=inst.emp_label(emp_id),
                                                 shift=shift, date=occ.date),
                                 employee_id=emp_id, date=occ.date, shift_id=occ.shift_id))
        have = len(crew)
        if occ.soft:
            if have < occ.staff and occ.under_weight:
                missing = occ.staff - have
                out.append(Violation(
                    "S0", False, msg(T_SOFT_UNDER, shift=shift, date=occ.date, have=have,
                                     need=occ.staff, missing=missing, weight=occ.under_weight),
                    amount=missing, penalty=missing * occ.under_weight,
                    date=occ.date, shift_id=occ.shift_id))
            if have > occ.staff and occ.over_weight:
                extra = have - occ.staff
                out.append(Violation(
                    "S0", False, msg(T_SOFT_OVER, shift=shift, date=occ.date, have=have,
                                     need=occ.staff, extra=extra, weight=occ.over_weight),
                    amount=extra, penalty=extra * occ.over_weight,
                    date=occ.date, shift_id=occ.shift_id))
        elif have != occ.staff:
            out.append(Violation(
                "H1", True, msg(T_SHORT if have < occ.staff else T_OVER, shift=shift,
                                date=occ.date, need=occ.staff, have=have),
                amount=abs(have - occ.staff), date=occ.date, shift_id=occ.shift_id))
    for row in view.stray:
        out.append(Violation(
            "H1", True, msg(T_STRAY, emp=inst.emp_label(row.employee_id),
                            shift=inst.shift_label(row.shift_id), date=row.date),
            employee_id=row.employee_id, date=row.date, shift_id=row.shift_id))
    return out
