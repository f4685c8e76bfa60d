"""Every duty pattern of a short horizon, written out plainly: what the search's DPs are checked against.

A pattern is a flag per date (on duty or not); a plan gives each date a
shift type index or None. The rules are those of one person: runs of duty
days at most ``k`` long and, unless they touch an edge of the horizon, at
least ``m``; breaks not touching an edge at least ``r``; at most ``cap``
weekends worked (None: no cap), a weekend counted once however many of its
days are worked (a Sunday after a Saturday on duty is the same weekend).
"""

from __future__ import annotations

from itertools import groupby, product


def runs(flags) -> list[tuple[bool, int, int]]:
    """Maximal runs of equal flags as (flag, first index, last index)."""
    out, at = [], 0
    for flag, group in groupby(flags):
        length = len(list(group))
        out.append((bool(flag), at, at + length - 1))
        at += length
    return out


def weekends_worked(worked, weekday: list[int]) -> int:
    """Weekends a pattern works: each Saturday on duty, and each Sunday not after one."""
    return sum(1 for d, on in enumerate(worked) if on and (
        weekday[d] == 5 or (weekday[d] == 6 and not (d > 0 and worked[d - 1]))))


def keeps_rules(worked, weekday: list[int], k: int, m: int, r: int, cap: int | None) -> bool:
    """Whether a pattern keeps the rules exactly as the checks read them (edges exempt)."""
    n = len(worked)
    for flag, a, b in runs(list(worked)):
        length, inside = b - a + 1, a > 0 and b < n - 1
        if flag and (length > k or (inside and length < m)):
            return False
        if not flag and inside and length < r:
            return False
    return cap is None or weekends_worked(worked, weekday) <= cap


def conservative_weekends(worked, allowed, weekday: list[int], k: int, m: int, r: int,
                          cap: int | None) -> int | None:
    """Weekends a pattern works if the construction's first-plan DP may return it, else None.

    That DP (:func:`scheduler.search.construct.plans.plan`) is conservative at
    the horizon's start: a run starting on the first date counts ``m - 1``
    days more against ``k``. Duty only where ``allowed``.
    """
    n = len(worked)
    if any(w and not a for w, a in zip(worked, allowed, strict=True)):
        return None
    for flag, a, b in runs(list(worked)):
        length, inside = b - a + 1, a > 0 and b < n - 1
        if flag and (length + (m - 1 if a == 0 else 0) > k or (inside and length < m)):
            return None
        if not flag and inside and length < r:
            return None
    weekends = weekends_worked(worked, weekday)
    return None if cap is not None and weekends > cap else weekends


def typed_plans(may, follows, weekday: list[int], k: int, m: int, r: int, cap: int | None):
    """Every plan over several types: a type only where ``may[t, d]``, a succession
    only where ``follows[a, b]``, and a pattern that keeps the rules (:func:`keeps_rules`)."""
    types, n = may.shape
    for plan in product((None, *range(types)), repeat=n):
        if any(t is not None and not may[t, d] for d, t in enumerate(plan)):
            continue
        if any(a is not None and b is not None and not follows[a, b]
               for a, b in zip(plan, plan[1:], strict=False)):
            continue
        if keeps_rules([t is not None for t in plan], weekday, k, m, r, cap):
            yield plan


def plan_cost(cost, plan) -> float:
    """What a plan costs: each duty's ``cost[type, date]``."""
    return sum(cost[t, d] for d, t in enumerate(plan) if t is not None)
