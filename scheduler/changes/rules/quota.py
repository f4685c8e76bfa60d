"""SW1 swaps per month (R7): "每人每月换班不得超过3次".

For each of the two people of a swap: their swaps whose duty falls in the
same calendar month, open (requested, accepted, stale) or applied, plus this
one, are at most ``max_swaps_per_month``. Both people of a swap count it.
"""

from __future__ import annotations

from constraints.base import Violation

from ...i18n import define, msg
from ..cases import SwapCase
from ..requests import OPEN

T_QUOTA = define(
    "sw1.quota",
    "{emp} already has {n} swaps in {month} (asked for or done); at most {cap} a month (SW1).",
    "{emp} 在 {month} 已有 {n} 次换班（含申请中）；每人每月最多 {cap} 次（SW1）。")


def count(case: SwapCase, emp_id: str) -> int:
    """The person's other swaps in the month of this swap's duty (open or applied)."""
    month = (case.swap.duty.date.year, case.swap.duty.date.month)
    return sum(1 for s in case.swaps
               if (s.state in OPEN or s.state == "applied") and emp_id in s.people()
               and (s.duty.date.year, s.duty.date.month) == month)


def check_swap(case: SwapCase) -> list[Violation]:
    cap = case.inst.settings.max_swaps_per_month
    month = case.swap.duty.date.strftime("%Y-%m")
    out = []
    for emp_id in case.swap.people():
        n = count(case, emp_id)
        if n + 1 > cap:
            out.append(Violation("SW1", True, msg(T_QUOTA, emp=case.inst.emp_label(emp_id), n=n,
                                                  month=month, cap=cap),
                                 amount=n + 1 - cap, employee_id=emp_id,
                                 date=case.swap.duty.date))
    return out
