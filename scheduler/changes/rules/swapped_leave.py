"""SW4 no leave on a swapped duty (R7): "换班和还班均不得请假，否则按旷工处理".

A person may not take leave on a duty they obtained by an applied swap,
whether they took it over or took it as the payback (还班).
"""

from __future__ import annotations

from constraints.base import Violation

from ...i18n import define, msg
from ..cases import LeaveCase
from ..requests import Duty

T_SWAPPED = define(
    "sw4.leave",
    "{emp} took the duty {duty} by a swap: no leave on a swapped or paid-back duty (SW4).",
    "{emp} 的 {duty} 是换班（或还班）得来的：换班和还班均不得请假（SW4）。")


def check_leave(case: LeaveCase) -> list[Violation]:
    emp_id = case.leave.employee_id
    obtained = {duty for s in case.swaps if s.state == "applied"
                for who, duty in s.obtained() if who == emp_id}
    out = []
    for a in case.duties:
        duty = Duty(a.date, a.shift_id)
        if duty in obtained:
            out.append(Violation("SW4", True, msg(T_SWAPPED, emp=case.inst.emp_label(emp_id),
                                                  duty=str(duty)),
                                 employee_id=emp_id, date=a.date, shift_id=a.shift_id))
    return out
