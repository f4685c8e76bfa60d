"""H6 leave (R10): nobody has duty or backup on a leave date.

For each leave (p, start..end) and occurrence o starting on a date in it:
duty[p, o] = backup[p, o] = 0. The model never creates those variables.
"""

from __future__ import annotations

from scheduler.i18n import define, msg

from .base import Term, Violation, role_msg

T_ON_LEAVE = define(
    "leave.on_leave",
    "{emp} is on leave on {date} but has {role} for {shift}.",
    "{emp} 在 {date} 请假，却被安排 {shift}（{role}）。")


def build(ctx) -> list[Term]:
    return []  # enforced by the variable domain (see scheduler.context.Context)


def check(view) -> list[Violation]:
    inst = view.instance
    out: list[Violation] = []
    for role, by_emp in (("duty", view.emp_duties), ("backup", view.emp_backups)):
        for emp_id, occs in by_emp.items():
            for occ in occs:
                if inst.on_leave(emp_id, occ.date):
                    out.append(Violation("H6", True, msg(
                        T_ON_LEAVE, emp=inst.emp_label(emp_id), date=occ.date,
                        role=role_msg(role), shift=inst.shift_label(occ.shift_id)),
                        employee_id=emp_id, date=occ.date, shift_id=occ.shift_id))
    return out
