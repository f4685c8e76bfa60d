"""LV1 leave notice and LV2 overlapping leave (R10): "如需请假或休息必需提前三天".

LV1: leave starts at least ``leave_notice_days`` after the day it is asked
for; a later request needs the manager's explicit override with a reason.
LV2: no leave over dates the person is already on leave.
"""

from __future__ import annotations

from constraints.base import Violation

from ...i18n import define, msg
from ..cases import LeaveCase

T_NOTICE = define(
    "lv1.notice",
    "Leave of {emp} from {start} asked for on {today}: {days} days ahead, {need} required; it "
    "needs the manager's override with a reason (LV1).",
    "{emp} 于 {today} 申请 {start} 起的假期：仅提前 {days} 天，需提前 {need} 天；须经理注明理由"
    "后特批（LV1）。")
T_OVERLAP = define(
    "lv2.overlap",
    "{emp} is already on leave on {date} (LV2).",
    "{emp} 在 {date} 已在休假中（LV2）。")


def check_leave(case: LeaveCase) -> list[Violation]:
    inst, leave = case.inst, case.leave
    emp = inst.emp_label(leave.employee_id)
    out = []
    need = inst.settings.leave_notice_days
    ahead = (leave.start - case.today).days
    if ahead < need and not (case.override or "").strip():
        out.append(Violation("LV1", True, msg(T_NOTICE, emp=emp, start=leave.start.isoformat(),
                                              today=case.today.isoformat(), days=ahead,
                                              need=need),
                             amount=need - ahead, employee_id=leave.employee_id,
                             date=leave.start))
    taken = inst.leave_days.get(leave.employee_id, set())
    for day in leave.days():
        if day in taken:
            out.append(Violation("LV2", True, msg(T_OVERLAP, emp=emp, date=day.isoformat()),
                                 employee_id=leave.employee_id, date=day))
            break
    return out
