"""SW3 and every hard rule on the roster a swap produces (R7): "换班者、还班者不允许连班".

The engine's own checks (:func:`scheduler.checks.check_roster`) judge the
roster with the swap applied: any hard violation it has that the current
roster has not refuses the swap. Back-to-back duties and short rest (H7)
of either person are reported as SW3; the others (eligibility, skills,
leave, caps, labour rules, standby) keep their own rule and sentence. With
``swaps_keep_weekly_crews`` off, a weekly crew split by the swap (H2) is
allowed.
"""

from __future__ import annotations

from constraints.base import Violation

from ...checks import check_roster
from ...i18n import define, msg
from ..cases import SwapCase

T_BACK_TO_BACK = define(
    "sw3.rest",
    "{emp} would work back to back after the swap (SW3): {reason}",
    "换班后 {emp} 将连班（SW3）：{reason}")


def violation_key(v: Violation) -> tuple:
    """What tells two violations apart across two rosters of one month."""
    return (v.rule, v.employee_id, v.date, v.shift_id, v.message.render("en"))


def new_hard(inst, before: list[Violation], after: list[Violation],
             people: set[str]) -> list[Violation]:
    """Hard violations in ``after`` (one roster's checks) not in ``before`` (another's).

    A split weekly crew (H2) is let pass where the settings allow it; short
    rest of one of ``people`` (the people of the change) is reported as SW3.
    """
    old = {violation_key(v) for v in before if v.hard}
    out = []
    for v in after:
        if not v.hard or violation_key(v) in old:
            continue
        if v.rule == "H2" and not inst.settings.swaps_keep_weekly_crews:
            continue
        out.append(as_back_to_back(inst, v) if v.employee_id in people else v)
    return out


def as_back_to_back(inst, v: Violation) -> Violation:
    """A rest violation (H7) of a person of the change, told as SW3; others as they are."""
    if v.rule != "H7":
        return v
    return Violation("SW3", True, msg(T_BACK_TO_BACK, emp=inst.emp_label(v.employee_id),
                                      reason=v.message),
                     employee_id=v.employee_id, date=v.date, shift_id=v.shift_id)


def check_swap(case: SwapCase) -> list[Violation]:
    return new_hard(case.inst, check_roster(case.inst, case.roster),
                    check_roster(case.inst, case.after), set(case.swap.people()))
