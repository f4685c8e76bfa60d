"""H4 eligibility (R6): people work and stand by only for shifts in their ``shifts``.

For each person p and occurrence o of a shift p may not work:
duty[p, o] = backup[p, o] = 0. The model never creates those variables.
"""

from __future__ import annotations

from scheduler.i18n import define, msg

from .base import Term, Violation, role_msg

T_NOT_ALLOWED = define(
    "eligibility.not_allowed",
    "{emp} has {role} for {shift} on {date}, but may only work {allowed}.",
    "{emp} 被安排在 {date} 的 {shift}（{role}），但只能值 {allowed}。")
T_UNKNOWN = define(
    "eligibility.unknown",
    "{emp} is on the roster for {shift} on {date} but is not on the Staff sheet.",
    "{emp} 出现在 {date} {shift} 的排班中，但不在员工表中。")


def build(ctx) -> list[Term]:
    return []  # enforced by the variable domain (see scheduler.context.Context)


def check(view) -> list[Violation]:
    inst = view.instance
    out: list[Violation] = []
    for role, by_emp in (("duty", view.emp_duties), ("backup", view.emp_backups)):
        for emp_id, occs in by_emp.items():
            emp = inst.staff.get(emp_id)
            for occ in occs:
                if emp is None:
                    out.append(Violation("H4", True, msg(
                        T_UNKNOWN, emp=emp_id, shift=inst.shift_label(occ.shift_id),
                        date=occ.date), employee_id=emp_id, date=occ.date,
                        shift_id=occ.shift_id))
                elif not emp.may_work(occ.shift_id):
                    out.append(Violation("H4", True, msg(
                        T_NOT_ALLOWED, emp=emp.label, role=role_msg(role),
                        shift=inst.shift_label(occ.shift_id), date=occ.date,
                        allowed=",".join(emp.shifts)),
                        employee_id=emp_id, date=occ.date, shift_id=occ.shift_id))
    return out
