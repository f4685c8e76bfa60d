"""SW2 no consecutive swaps (R7): "不允许连续换班". Two readings, each a setting.

- (a) ``no_swap_chains``: a duty obtained by a swap (taken over, or taken as
  the payback) is not swapped again.
- (b) ``no_consecutive_swaps``: one person's swaps do not fall on consecutive
  duty days: between a day of this swap and a day of another swap of theirs
  there is at least one other duty day of that person (their duty days as
  planned: the duties they have now and those they gave away by swaps).
"""

from __future__ import annotations

import datetime as dt

from constraints.base import Violation

from ...i18n import define, msg
from ..cases import SwapCase
from ..requests import OPEN, Swap

T_CHAIN = define(
    "sw2.chain",
    "{emp} obtained the duty {duty} by a swap: a duty obtained by a swap may not be swapped "
    "again (SW2).",
    "{emp} 的 {duty} 是换班得来的，不能再换（SW2，不允许连续换班）。")
T_NEXT = define(
    "sw2.consecutive",
    "{emp}'s swaps on {first} and {second} would fall on consecutive duty days (SW2).",
    "{emp} 在 {first} 和 {second} 的换班落在相邻的值班日（SW2，不允许连续换班）。")


def _counted(swaps: list[Swap]) -> list[Swap]:
    return [s for s in swaps if s.state in OPEN or s.state == "applied"]


def check_swap(case: SwapCase) -> list[Violation]:
    settings = case.inst.settings
    out: list[Violation] = []
    if settings.no_swap_chains:
        obtained = {(emp, duty) for s in case.applied() for emp, duty in s.obtained()}
        for duty, giver, _ in case.swap.moves():
            if (giver, duty) in obtained:
                out.append(Violation("SW2", True, msg(T_CHAIN, emp=case.inst.emp_label(giver),
                                                      duty=str(duty)),
                                     employee_id=giver, date=duty.date, shift_id=duty.shift_id))
    if settings.no_consecutive_swaps:
        others = _counted(case.swaps)
        for emp_id in case.swap.people():
            mine = [s for s in others if emp_id in s.people()]
            if not mine:
                continue
            days = _duty_days(case, emp_id)
            before = sorted({d.date for s in mine for d, _, _ in s.moves()})
            for new in sorted({d.date for d, _, _ in case.swap.moves()}):
                for old in before:
                    if _adjacent(new, old, days):
                        first, second = sorted((new, old))
                        out.append(Violation("SW2", True, msg(
                            T_NEXT, emp=case.inst.emp_label(emp_id), first=first.isoformat(),
                            second=second.isoformat()), employee_id=emp_id, date=new))
                        break
    return out


def _duty_days(case: SwapCase, emp_id: str) -> list[dt.date]:
    """The person's duty days as planned: held now, or given away by an applied swap."""
    days = {a.date for a in case.roster.assignments
            if a.employee_id == emp_id and a.role == "duty"}
    for s in case.applied():
        for duty, giver, _ in s.moves():
            if giver == emp_id:
                days.add(duty.date)
    return sorted(days)


def _adjacent(a: dt.date, b: dt.date, days: list[dt.date]) -> bool:
    """Whether no duty day of ``days`` lies strictly between ``a`` and ``b``."""
    lo, hi = min(a, b), max(a, b)
    return not any(lo < d < hi for d in days)
