"""Rule checks on any roster, and warnings about the input data."""

from __future__ import annotations

import datetime as dt

from constraints import REGISTRY
from constraints.base import Violation

from .i18n import Msg, define, msg
from .instance import Instance, RosterView, shift_runs_on
from .models import Problem, Roster

W_SHORT_NOTICE = define(
    "warn.short_notice",
    "Leave of {emp} from {start} was requested on {requested}, less than {days} days ahead "
    "(R10); it is honoured, but needs the supervisor's approval.",
    "{emp} 自 {start} 起的请假于 {requested} 提出，不足提前 {days} 天（R10）；已按请假排班，"
    "但需上级领导审批。")
W_REQUEST_OUTSIDE = define(
    "warn.request_outside",
    "The request of {emp} for {date} lies outside {first} to {last} and is ignored.",
    "{emp} 对 {date} 的意愿不在排班期 {first} 至 {last} 内，已忽略。")
W_NO_HISTORY_CREW = define(
    "warn.no_history_crew",
    "{shift}: the week of {week} began last month, but History gives no crew for it; "
    "a new crew starts on {first}. Add last month's roster to History to continue it.",
    "{shift}：{week} 当周始于上月，但历史排班中没有该周人员，将从 {first} 起安排新的一组。"
    "请在“历史”表中填写上月排班以延续轮换。")


def check_roster(problem: Problem | Instance, roster: Roster) -> list[Violation]:
    """Every hard violation and soft penalty of ``roster``, found without the solver.

    Parameters
    ----------
    problem
        The problem (or an already expanded instance of it).
    roster
        Any roster: a solver's, a hand-edited one, one read from CSV.

    Returns
    -------
    list of Violation
        Hard ones (``hard=True``) and soft ones with their penalties.
    """
    inst = problem if isinstance(problem, Instance) else Instance(problem)
    view = RosterView.of(inst, roster)
    out: list[Violation] = []
    for rule in REGISTRY:
        out += rule.check(view)
    return out


def data_warnings(inst: Instance) -> list[Msg]:
    """Things in the input a manager should know about before publishing."""
    out: list[Msg] = list(inst.calendar.warnings)
    notice = inst.settings.leave_notice_days
    for leave in inst.problem.leave:
        if (leave.requested_on is not None and leave.end >= inst.first
                and leave.requested_on > leave.start - dt.timedelta(days=notice)):
            out.append(msg(W_SHORT_NOTICE, emp=inst.emp_label(leave.employee_id),
                           start=leave.start, requested=leave.requested_on, days=notice))
    for req in inst.problem.requests:
        if not inst.first <= req.date <= inst.last:
            out.append(msg(W_REQUEST_OUTSIDE, emp=inst.emp_label(req.employee_id),
                           date=req.date, first=inst.first, last=inst.last))
    for shift in inst.problem.shifts:
        occs = inst.occs_by_shift.get(shift.shift_id, [])
        if shift.rotation != "week" or not occs or occs[0].week >= inst.first:
            continue
        has_crew = any(h.shift_id == shift.shift_id and h.role == "duty"
                       and occs[0].week <= h.date < inst.first for h in inst.history)
        ran_before = any(shift_runs_on(shift, day) for d, day in inst.calendar.days.items()
                         if occs[0].week <= d < inst.first)
        if ran_before and not has_crew:
            out.append(msg(W_NO_HISTORY_CREW, shift=inst.shift_label(shift.shift_id),
                           week=occs[0].week, first=inst.first))
    return out
