"""S7 stability: re-planning changes as little of the baseline roster as it can.

"严格执行排班制度,不得私自调换工作岗位" (R9): once a roster is published,
every change is a cost to the people whose plans it upsets. For each
assignment (p, o, role) of ``problem.baseline``: penalty w_changes ·
(1 − var[p, o]); an assignment the new roster cannot hold (leave, shift no
longer running) costs the same, as a constant.
"""

from __future__ import annotations

from scheduler.i18n import define, msg

from .base import Term, Violation, role_msg

T_DROPPED = define(
    "stability.dropped",
    "{emp} loses {role} for {shift} on {date}, which the previous roster gave them.",
    "{emp} 原排班中 {date} {shift} 的{role}被取消。")


def build(ctx) -> list[Term]:
    inst = ctx.inst
    weight = inst.settings.weights.changes
    terms: list[Term] = []
    if not weight:
        return terms
    for row in inst.problem.baseline:
        var = ctx.var_for(row)
        terms.append(Term("S7", weight, 1 if var is None else 1 - var))
    return terms


def check(view) -> list[Violation]:
    inst = view.instance
    weight = inst.settings.weights.changes
    if not weight:
        return []
    have = set(view.roster.assignments)
    out: list[Violation] = []
    for row in inst.problem.baseline:
        if row in have:
            continue
        out.append(Violation("S7", False, msg(
            T_DROPPED, emp=inst.emp_label(row.employee_id),
            role=role_msg(row.role),
            shift=inst.shift_label(row.shift_id), date=row.date),
            penalty=weight, employee_id=row.employee_id, date=row.date, shift_id=row.shift_id))
    return out
