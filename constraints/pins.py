"""P1 pinned and forbidden assignments: hand edits stay as they are (R9, re-planning).

For each pinned row (p, o, role): duty[p, o] = 1 (or backup[p, o] = 1); for
each forbidden row (a cell cleared by hand): duty[p, o] = 0 (or backup). A pin
the person cannot hold (leave, shift not allowed, shift not running) makes the
month infeasible, and the explanation names the pin.
"""

from __future__ import annotations

from scheduler.i18n import define, msg

from .base import Term, Violation, role_msg

T_MISSING = define(
    "pins.missing",
    "{emp} was pinned as {role} for {shift} on {date}, but the roster does not have it.",
    "{emp} 被固定为 {date} {shift} 的{role}，但排班中没有该安排。")
T_GROUP = define(
    "pins.group",
    "pinned: {emp} as {role} for {shift} on {date}.",
    "固定安排：{emp} 于 {date} 担任 {shift} 的{role}。")
T_FORBIDDEN = define(
    "pins.forbidden",
    "{emp} was removed by hand as {role} for {shift} on {date}, but the roster has it again.",
    "{emp} 已被手工取消 {date} {shift} 的{role}，但排班中又出现该安排。")
T_FORBIDDEN_GROUP = define(
    "pins.forbidden_group",
    "cleared by hand: {emp} not {role} for {shift} on {date}.",
    "手工取消：{emp} 不担任 {date} {shift} 的{role}。")


def _describe(inst, pin, index=None):
    # ``index`` (the pin's position in problem.pinned) is not shown; it lets callers
    # that know where a pin came from (a workbook cell) name it.
    return msg(T_GROUP, emp=inst.emp_label(pin.employee_id),
               role=role_msg(pin.role),
               shift=inst.shift_label(pin.shift_id), date=pin.date, index=index)


def build(ctx) -> list[Term]:
    inst, model = ctx.inst, ctx.model
    for i, pin in enumerate(inst.problem.pinned):
        lit = ctx.guard(("P1", i), lambda pin=pin, i=i: _describe(inst, pin, i))
        var = ctx.var_for(pin)
        if var is None:
            ctx.add(model.add_bool_or([]), lit)
        else:
            ctx.add(model.add(var == 1), lit)
    for i, row in enumerate(inst.problem.forbidden):
        var = ctx.var_for(row)
        if var is not None:
            lit = ctx.guard(("P1-", i), lambda row=row: _describe_forbidden(inst, row))
            ctx.add(model.add(var == 0), lit)
    return []


def _describe_forbidden(inst, row):
    return msg(T_FORBIDDEN_GROUP, emp=inst.emp_label(row.employee_id),
               role=role_msg(row.role),
               shift=inst.shift_label(row.shift_id), date=row.date)


def check(view) -> list[Violation]:
    inst = view.instance
    have = set(view.roster.assignments)
    out: list[Violation] = []
    for pin in inst.problem.pinned:
        if pin not in have:
            out.append(Violation("P1", True, msg(
                T_MISSING, emp=inst.emp_label(pin.employee_id),
                role=role_msg(pin.role),
                shift=inst.shift_label(pin.shift_id), date=pin.date),
                employee_id=pin.employee_id, date=pin.date, shift_id=pin.shift_id))
    for row in inst.problem.forbidden:
        if row in have:
            out.append(Violation("P1", True, msg(
                T_FORBIDDEN, emp=inst.emp_label(row.employee_id),
                role=role_msg(row.role),
                shift=inst.shift_label(row.shift_id), date=row.date),
                employee_id=row.employee_id, date=row.date, shift_id=row.shift_id))
    return out
