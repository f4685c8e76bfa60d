"""L7 weekends (周末上限): nobody works more weekends than ``max_weekends``.

A weekend is the Saturday and Sunday of one Monday–Sunday week (only its days
inside the horizon); it counts as worked when the person starts a duty on
either day. For each person p with a cap m:
Σ_weekends W max(worked(p, Sat_W), worked(p, Sun_W)) ≤ m.
History: only the horizon is judged (like L4–L6); a weekend half in last month
counts with its days inside the horizon.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from scheduler.i18n import define, msg
from scheduler.instance import week_of

from .base import Term, Violation
from .sequences import worked_days, worked_flags

T_OVER = define(
    "weekends.over",
    "{emp} works {have} weekends ({dates}); at most {cap}.",
    "{emp} 周末值班 {have} 个（{dates}），最多 {cap} 个。")
T_GROUP = define(
    "weekends.group",
    "{emp} may work at most {cap} weekends.",
    "{emp} 最多值 {cap} 个周末。")


def weekends(inst) -> dict[dt.date, list[int]]:
    """Monday of the week → indexes of its Saturday and Sunday inside the horizon."""
    out: dict[dt.date, list[int]] = defaultdict(list)
    for i, day in enumerate(inst.dates):
        if day.weekday() >= 5:
            out[week_of(day)].append(i)
    return dict(out)


def build(ctx) -> list[Term]:
    inst, model = ctx.inst, ctx.model
    ends = weekends(inst)
    for emp_id, emp in inst.staff.items():
        cap = emp.max_weekends
        if cap is None or cap >= len(ends):
            continue
        w = worked_days(ctx, emp_id)
        counted = []
        for week, days in ends.items():
            lits = [w[i] for i in days if w[i] is not None]
            if len(lits) == 1:
                counted.append(lits[0])
            elif lits:
                we = model.new_bool_var(f"weekend[{emp_id},{week}]")
                for x in lits:
                    model.add_implication(x, we)
                counted.append(we)
        if len(counted) <= cap:
            continue
        lit = ctx.guard(("L7", emp_id), lambda emp=emp, cap=cap: msg(
            T_GROUP, emp=emp.label, cap=cap))
        ctx.add(model.add(sum(counted) <= cap), lit)
    return []


def check(view) -> list[Violation]:
    inst = view.instance
    ends = weekends(inst)
    out: list[Violation] = []
    for emp_id, emp in inst.staff.items():
        if emp.max_weekends is None:
            continue
        flags = worked_flags(view, emp_id)
        worked = [week for week, days in ends.items() if any(flags[i] for i in days)]
        if len(worked) > emp.max_weekends:
            dates = ", ".join(str(week + dt.timedelta(days=5)) for week in worked)
            out.append(Violation("L7", True, msg(
                T_OVER, emp=emp.label, have=len(worked), dates=dates, cap=emp.max_weekends),
                amount=len(worked) - emp.max_weekends, employee_id=emp_id))
    return out
