"""A choice of one schedule per person: its penalty, and best responses that lower it."""

from __future__ import annotations

import time

import numpy as np

from ...instance import Instance
from .pricing import Person


def penalty(inst: Instance, fixed: dict, cost) -> float:
    """Cover and request penalty of a choice of one column per person.

    ``fixed`` maps each person's position to their schedule (each date's
    occurrence index, -1 off); ``cost(p, cells)`` is a schedule's request
    penalty.
    """
    count = np.zeros(len(inst.occurrences))
    total = 0.0
    for p, cells in fixed.items():
        total += cost(p, cells)
        for oi in cells:
            if oi >= 0:
                count[oi] += 1
    for occ in inst.occurrences:
        gap = occ.staff - count[occ.index]
        total += gap * (occ.under_weight or 0) if gap > 0 else -gap * (occ.over_weight or 0)
    return total


def polish(inst: Instance, people: list[Person], fixed: dict, cost, until: float) -> int:
    """Each person's best schedule against everybody else's, in turn, while it pays.

    A person's duty on an occurrence short without them saves its under-cover
    weight; one on an occurrence covered without them costs its over-cover
    weight: those are the duals of the person's pricing, whose least-cost
    schedule is then their best response, taken where it costs less than
    their schedule in ``fixed`` (changed in place). Up to ``until``, and
    until a round changes nobody; returns the rounds done.
    """
    occs = inst.occurrences
    staff = np.array([occ.staff for occ in occs])
    under = np.array([float(occ.under_weight or 0) for occ in occs])
    over = np.array([float(occ.over_weight or 0) for occ in occs])
    count = np.zeros(len(occs), dtype=np.int64)
    for cells in fixed.values():
        for oi in cells:
            if oi >= 0:
                count[oi] += 1
    rounds = 0
    while time.perf_counter() < until:
        rounds += 1
        changed = 0
        for p in range(len(people)):
            if time.perf_counter() >= until:
                break
            mine = [oi for oi in fixed[p] if oi >= 0]
            count[mine] -= 1
            duals = np.where(count < staff, under, -over)
            found = people[p].price(duals)  # its value: requests less duals, without the constant
            if found is not None and \
                    found[1] + people[p].const < cost(p, fixed[p]) - duals[mine].sum() - 1e-9:
                fixed[p] = found[0]
                mine = [oi for oi in found[0] if oi >= 0]
                changed += 1
            count[mine] += 1
        if not changed:
            break
    return rounds
