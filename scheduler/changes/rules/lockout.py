"""SW5 holiday lockout (R8): "节假日当班人员不允许换班或请假".

Whoever is on duty on a public holiday may neither swap that duty nor take
leave that day. Only the manager's emergency re-plan, with a reason, changes
it. For a swap: its duty and its payback are not on a public holiday; for
leave: none of the person's duties within the leave falls on one.
"""

from __future__ import annotations

from constraints.base import Violation

from ...i18n import define, msg
from ..cases import LeaveCase, SwapCase

T_SWAP = define(
    "sw5.swap",
    "{emp}'s duty {duty} is on a public holiday ({name}): a holiday duty may not be swapped; "
    "only the manager's emergency re-plan can change it (SW5).",
    "{emp} 的 {duty} 在法定节假日（{name}）：节假日当班不允许换班，只能由经理紧急调整（SW5）。")
T_LEAVE = define(
    "sw5.leave",
    "{emp} is on duty {duty} on a public holiday ({name}): no leave on a holiday duty; only "
    "the manager's emergency re-plan can change it (SW5).",
    "{emp} 在法定节假日（{name}）值 {duty}：节假日当班不允许请假，只能由经理紧急调整（SW5）。")


def _holiday(inst, day):
    info = inst.calendar.days.get(day)
    return info if info is not None and info.holiday else None


def check_swap(case: SwapCase) -> list[Violation]:
    out = []
    for duty, giver, _ in case.swap.moves():
        day = _holiday(case.inst, duty.date)
        if day is not None:
            out.append(Violation("SW5", True, msg(T_SWAP, emp=case.inst.emp_label(giver),
                                                  duty=str(duty), name=day.name or "-"),
                                 employee_id=giver, date=duty.date, shift_id=duty.shift_id))
    return out


def check_leave(case: LeaveCase) -> list[Violation]:
    out = []
    for a in case.duties:
        day = _holiday(case.inst, a.date)
        if day is not None:
            out.append(Violation("SW5", True, msg(T_LEAVE, emp=case.inst.emp_label(a.employee_id),
                                                  duty=f"{a.date}:{a.shift_id}",
                                                  name=day.name or "-"),
                                 employee_id=a.employee_id, date=a.date, shift_id=a.shift_id))
    return out
