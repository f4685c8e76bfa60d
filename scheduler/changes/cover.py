"""Who can take this duty? Cover suggestions for a swap, a payback or an absence.

No solver: each colleague's what-if (the duty moved to them) is judged by
the change rules and the engine's checks, exactly as a swap would be. The
colleagues who can take it are ranked: resting that day and the days around
it first (the most free days on either side), then the fewest swaps this
month, then the least added soft penalty (fairness, rotation, requests).
Every colleague who cannot take it is listed with the rule that stops them
(on leave, rest, skill, cap, lockout, swap quota, ...).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from constraints.base import Violation

from ..checks import check_roster
from ..instance import Instance
from ..models import Assignment, Problem, Roster
from .cases import SwapCase
from .requests import Duty, Swap, holds
from .rules import consecutive, lockout, quota
from .rules.hard_rules import as_back_to_back, new_hard, violation_key
from .validate import E_NOT_THEIRS, change_error, check_person, validate_swap

WINDOW = 7
"""Payback duties are offered within this many days of the swapped duty."""


@dataclass(frozen=True)
class Candidate:
    """A colleague who can take the duty, with what ranks them."""

    employee_id: str
    free_days: int  # days without duty on either side of the date, the fewer side
    swaps: int  # their swaps this month (asked for or done)
    added_penalty: int  # soft penalty the move adds to the roster (may be negative)

    def rank(self) -> tuple:
        return (-self.free_days, self.swaps, self.added_penalty, self.employee_id)


@dataclass
class Cover:
    """The answer: who can take the duty (best first) and who cannot, with why."""

    duty: Duty
    holder: str
    candidates: list[Candidate] = field(default_factory=list)
    blocked: list[tuple[str, list[Violation]]] = field(default_factory=list)


def cover_suggestions(problem: Problem | Instance, roster: Roster, swaps: list[Swap],
                      duty: Duty, holder: str | None = None) -> Cover:
    """Rank every colleague who could take ``duty`` from its holder, and say why the others cannot.

    ``holder`` defaults to the one person on that duty (or the first, for a
    shift with a crew).
    """
    inst = problem if isinstance(problem, Instance) else Instance(problem)
    if holder is None:
        holders = sorted(a.employee_id for a in roster.assignments
                         if a.role == "duty" and a.date == duty.date and a.shift_id == duty.shift_id)
        if not holders:
            raise change_error(E_NOT_THEIRS, "cover", "DUTY", emp="-", duty=str(duty))
        holder = holders[0]
    check_person(inst, holder, "cover", "DUTY")
    if not holds(roster, holder, duty):
        raise change_error(E_NOT_THEIRS, "cover", "DUTY", emp=inst.emp_label(holder),
                           duty=str(duty))
    out = Cover(duty, holder)
    base = check_roster(inst, roster)
    old_soft = sum(v.penalty for v in base if not v.hard)
    for emp_id in inst.emp_ids:
        if emp_id == holder:
            continue
        swap = Swap(holder, duty, emp_id)
        case = SwapCase(inst, roster, swaps, swap)
        reasons = quick_reasons(inst, roster, emp_id, duty)
        if not reasons:
            reasons = (lockout.check_swap(case) + quota.check_swap(case)
                       + consecutive.check_swap(case))
            reasons = [v for v in reasons if v.rule == "SW5" or v.employee_id == emp_id]
        if not reasons:
            after = check_roster(inst, case.after)
            reasons = new_hard(inst, base, after, {holder, emp_id})
            if not reasons:
                added = sum(v.penalty for v in after if not v.hard) - old_soft
                out.candidates.append(Candidate(emp_id, free_days(roster, emp_id, duty.date),
                                                quota.count(case, emp_id), added))
                continue
        out.blocked.append((emp_id, reasons))
    out.candidates.sort(key=Candidate.rank)
    return out


def payback_options(problem: Problem | Instance, roster: Roster, swaps: list[Swap],
                    requester: str, duty: Duty, colleague: str) -> list[Duty]:
    """The colleague's duties within :data:`WINDOW` days that the swap could take as payback."""
    inst = problem if isinstance(problem, Instance) else Instance(problem)
    out = []
    for a in roster.assignments:
        if a.employee_id != colleague or a.role != "duty" or abs((a.date - duty.date).days) > WINDOW:
            continue
        back = Duty(a.date, a.shift_id)
        if not validate_swap(inst, roster, swaps, Swap(requester, duty, colleague, back)):
            out.append(back)
    return sorted(out)


def free_days(roster: Roster, emp_id: str, day: dt.date) -> int:
    """Days without a duty of the person before and after ``day``, the fewer of the two sides."""
    days = sorted({a.date for a in roster.assignments
                   if a.employee_id == emp_id and a.role == "duty"})
    before = [d for d in days if d < day]
    after = [d for d in days if d > day]
    gap_before = (day - before[-1]).days - 1 if before else 31
    gap_after = (after[0] - day).days - 1 if after else 31
    return min(gap_before, gap_after)


def quick_reasons(inst: Instance, roster: Roster, emp_id: str, duty: Duty) -> list[Violation]:
    """Reasons found without a whole check: not allowed this shift, on leave, busy that day.

    The sentences are the engine's (eligibility H4, leave H6, rest H7), from
    its checks on the roster with just this duty for the person.
    """
    occ = inst.occ_by_key.get((duty.date, duty.shift_id))
    emp = inst.staff[emp_id]
    if occ is None:
        return []
    mine = [a for a in roster.assignments if a.employee_id == emp_id]
    if emp.may_work(duty.shift_id) and not inst.on_leave(emp_id, duty.date) and not any(
            _clash(inst, a, occ) for a in mine):
        return []
    probe = Roster(assignments=[*mine, Assignment(date=duty.date, shift_id=duty.shift_id,
                                                  employee_id=emp_id, role="duty")])
    alone = {violation_key(v) for v in check_roster(inst, Roster(assignments=mine)) if v.hard}
    found = [v for v in check_roster(inst, probe) if v.hard and v.employee_id == emp_id
             and v.rule in ("H4", "H6", "H7", "H8", "L1") and violation_key(v) not in alone]
    return [as_back_to_back(inst, v) for v in found]


def _clash(inst: Instance, row, occ) -> bool:
    other = inst.occ_by_key.get((row.date, row.shift_id))
    return other is not None and (other.index == occ.index
                                  or inst.too_close(other.start, other.end, occ.start, occ.end))
