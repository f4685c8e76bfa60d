"""Judge a swap or a leave request against the current roster: the pure verdict, no database.

:func:`validate_swap` and :func:`validate_leave` return the rule violations
that refuse the change (empty: it may go ahead), each with the sentence a
manager can act on; a request that cannot even be judged (an unknown
person, a duty that is not the person's, a date outside the month) raises
:class:`~scheduler.changes.errors.ChangeError`.
"""

from __future__ import annotations

import datetime as dt

from constraints.base import Violation

from ..i18n import define
from ..instance import Instance
from ..models import Problem, Roster
from .cases import LeaveCase, SwapCase
from .errors import change_error
from .requests import LeaveAsk, Swap, holds
from .rules import LEAVE_RULES, SWAP_RULES

E_UNKNOWN_PERSON = define("changes.unknown_person", "unknown person '{emp}'", "未知人员“{emp}”")
E_SAME_PERSON = define("changes.same_person", "a swap needs two different people",
                       "换班需要两个不同的人")
E_NOT_THEIRS = define("changes.not_theirs", "{emp} has no duty {duty} in the current roster",
                      "当前排班中 {emp} 没有 {duty} 这个班")
E_OUTSIDE = define("changes.outside", "{day} lies outside the month {start} to {end}",
                   "{day} 不在排班期 {start} 至 {end} 之内")
E_PAST = define("changes.past", "{duty} has already begun on {today}; it can no longer be changed",
                "{duty} 在 {today} 已开始，不能再更改")
E_LEAVE_ORDER = define("changes.leave_order", "leave ends ({end}) before it starts ({start})",
                       "假期结束日期（{end}）早于开始日期（{start}）")


def _instance(problem: Problem | Instance) -> Instance:
    return problem if isinstance(problem, Instance) else Instance(problem)


def check_person(inst: Instance, emp_id: str, request: str | None, field: str) -> None:
    if emp_id not in inst.staff:
        raise change_error(E_UNKNOWN_PERSON, request, field, emp=emp_id)


def check_day(inst: Instance, day: dt.date, request: str | None, field: str) -> None:
    if not inst.first <= day <= inst.last:
        raise change_error(E_OUTSIDE, request, field, day=day.isoformat(),
                           start=inst.first.isoformat(), end=inst.last.isoformat())


def validate_swap(problem: Problem | Instance, roster: Roster, swaps: list[Swap], swap: Swap,
                  today: dt.date | None = None, request: str | None = None) -> list[Violation]:
    """The violations that refuse ``swap`` on ``roster`` (empty: it may be applied).

    Parameters
    ----------
    problem
        The month (or its :class:`~scheduler.instance.Instance`, built once by a caller
        judging many swaps).
    roster
        The current roster version.
    swaps
        The month's other swaps, in any state (the open and applied ones
        count against the quota; the applied ones say which duties were
        obtained by a swap).
    swap
        The swap to judge: ``swap.duty`` must be the requester's, the payback
        the colleague's.
    today
        The date the action is taken: a duty that began before it is not changed.
    request
        How the request is named in error sentences (``swap #17``).

    Raises
    ------
    ChangeError
        When the swap cannot be judged (unknown person, a duty that is not
        the person's, a date outside the month or past).
    """
    inst = _instance(problem)
    request = request or "swap"
    check_person(inst, swap.requester, request, "--as")
    check_person(inst, swap.colleague, request, "--to")
    if swap.requester == swap.colleague:
        raise change_error(E_SAME_PERSON, request, "--to")
    for duty, giver, field in ((swap.duty, swap.requester, "--duty"),
                               (swap.payback, swap.colleague, "--back")):
        if duty is None:
            continue
        check_day(inst, duty.date, request, field)
        if today is not None and duty.date < today:
            raise change_error(E_PAST, request, field, duty=str(duty), today=today.isoformat())
        if not holds(roster, giver, duty):
            raise change_error(E_NOT_THEIRS, request, field, emp=inst.emp_label(giver),
                               duty=str(duty))
    case = SwapCase(inst, roster, [s for s in swaps if s.id is None or s.id != swap.id], swap)
    out: list[Violation] = []
    for rule in SWAP_RULES:
        out += rule.check_swap(case)
    return out


def validate_leave(problem: Problem | Instance, roster: Roster, swaps: list[Swap],
                   leave: LeaveAsk, today: dt.date, override: str | None = None,
                   request: str | None = None) -> list[Violation]:
    """The violations that refuse ``leave`` (empty: it may be approved).

    The duties it covers are not a reason to refuse: approving the leave
    re-plans them (:func:`scheduler.changes.replan.replan`). ``override`` is the
    manager's reason for accepting short notice.
    """
    inst = _instance(problem)
    request = request or "leave request"
    check_person(inst, leave.employee_id, request, "--as")
    if leave.end < leave.start:
        raise change_error(E_LEAVE_ORDER, request, "--to", start=leave.start.isoformat(),
                           end=leave.end.isoformat())
    check_day(inst, leave.start, request, "--from")
    check_day(inst, leave.end, request, "--to")
    case = LeaveCase(inst, roster, swaps, leave, today, override)
    out: list[Violation] = []
    for rule in LEAVE_RULES:
        out += rule.check_leave(case)
    return out
