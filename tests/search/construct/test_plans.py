"""The first plan of each person: one shift type by a DP over the dates (construct/plans.py).

The DPs are checked against every duty pattern of short horizons; the
first-plan DP is conservative at the horizon's start, as
:func:`plan_patterns.conservative_weekends` writes out.
"""

from __future__ import annotations

import random
from itertools import product
from types import SimpleNamespace

import numpy as np
from plan_patterns import conservative_weekends, runs

from scheduler.search.construct.plans import (
    capped_weekends,
    days_for,
    dp_weekends,
    plan,
    plans,
    trace,
)

WEEK = [0, 1, 2, 3, 4, 5, 6]


def test_days_for_meets_the_cap_and_the_minutes_window():
    # 8-hour shift, 2 640-3 120 minutes: 5.5-6.5 shifts, so 6 (ceil 5.5 .. floor 6.5).
    emp = SimpleNamespace(min_minutes=2640, max_minutes=3120)
    shift = SimpleNamespace(minutes=480)
    assert days_for(emp, shift, None, 7) == (6, 6)
    assert days_for(emp, shift, 5, 7) is None  # capped at 5 < 6: no count fits
    # Without a window: 0 .. the cap, or the horizon.
    free = SimpleNamespace(min_minutes=None, max_minutes=None)
    assert days_for(free, shift, 3, 7) == (0, 3)
    assert days_for(free, shift, None, 7) == (0, 7)


def test_capped_weekends_keep_the_shortest_weekends_open():
    # Two weeks from a Monday: weekends 5-6 and 12-13. Short on both days of
    # the second and one day of the first; a cap of 1 leaves the second only.
    weekday = [d % 7 for d in range(14)]
    may = np.ones((1, 14), dtype=bool)
    short = [[d in (6, 12, 13) for d in range(14)]]
    out = capped_weekends(may, short, weekday, 1, salt=0)
    assert [d for d in range(14) if not out[0, d]] == [5, 6]
    assert capped_weekends(may, short, weekday, 2, salt=0) is may  # two weekends, cap 2
    assert capped_weekends(may, short, weekday, None, salt=0) is may


def test_plan_counts_days_runs_breaks_and_weekends():
    # 4 duty days in Mon..Sun, runs 2..3, breaks >= 2 inside, no weekend: impossible
    # (Mon-Tue, Wed-Thu off, Fri alone is a run of 1 inside the week).
    assert plan([True] * 7, WEEK, 4, 4, 3, 2, 2, 0) is None
    worked = plan([True] * 7, WEEK, 4, 4, 3, 2, 2, 1)
    assert worked is not None and sum(worked) == 4
    for flag, a, b in runs(worked):
        inside = a > 0 and b < 6
        if flag:
            assert b - a + 1 <= 3 and (not inside or b - a + 1 >= 2)
        elif inside:
            assert b - a + 1 >= 2
    assert worked[5] + worked[6] >= 1  # the one weekend allowed is used
    # a day that may not be worked is never chosen
    assert plan([False] + [True] * 6, WEEK, 4, 4, 3, 2, 2, 1)[0] is False


def plan_by_enumeration(allowed, weekday, lo, hi, k, m, r, max_weekends, short):
    """The best (count, weekends, days off the short dates) over every pattern, or None.

    The choice :func:`plan` documents: per count the fewest weekends, then the
    fewest days off the short dates; over the counts the most days on short
    dates, then the fewest elsewhere (without short dates: the most duty days).
    """
    n = len(allowed)
    per_count: dict[int, tuple[int, int]] = {}  # count -> least (weekends, days off short dates)
    for worked in product((False, True), repeat=n):
        count = sum(worked)
        weekends = conservative_weekends(worked, allowed, weekday, k, m, r, max_weekends)
        if not lo <= count <= hi or weekends is None:
            continue
        spare = sum(w and not s for w, s in zip(worked, short, strict=True)) if short else 0
        per_count[count] = min(per_count.get(count, (n + 1, n + 1)), (weekends, spare))
    best = None
    for count in sorted(per_count, reverse=True):  # ties: the most duty days
        weekends, spare = per_count[count]
        if short is None:
            return count, weekends, spare
        key = (-(count - spare), spare)
        if best is None or key < best[0]:
            best = key, (count, weekends, spare)
    return None if best is None else best[1]


def random_plan_case(rng):
    """A short horizon and random rules for :func:`plan`: (n, allowed, weekday, lo, hi, k, m, r, cap)."""
    n = rng.randint(1, 11)
    allowed = [rng.random() < 0.85 for _ in range(n)]
    first = rng.randrange(7)
    weekday = [(first + d) % 7 for d in range(n)]
    k, r = rng.randint(1, 5), rng.randint(1, 3)
    m = rng.randint(1, min(3, k))  # m > k: no plan at all, by design
    lo = rng.randint(0, n)
    hi = rng.randint(lo, n)
    cap = rng.choice([None, 0, 1, 2])
    return n, allowed, weekday, lo, hi, k, m, r, cap


def test_plan_matches_an_enumeration_of_every_pattern():
    # The DP's choice against all 2^n patterns on short horizons: same
    # feasibility, and the pattern it returns keeps the rules and is as good.
    rng = random.Random(5)
    found = 0
    for _ in range(300):
        n, allowed, weekday, lo, hi, k, m, r, cap = random_plan_case(rng)
        short = rng.choice([None, [rng.random() < 0.5 for _ in range(n)]])
        expected = plan_by_enumeration(allowed, weekday, lo, hi, k, m, r, cap, short)
        worked = plan(allowed, weekday, lo, hi, k, m, r, cap, short)
        if expected is None:
            assert worked is None
            continue
        found += 1
        weekends = conservative_weekends(worked, allowed, weekday, k, m, r, cap)
        assert weekends is not None and lo <= sum(worked) <= hi
        spare = sum(w and not s for w, s in zip(worked, short, strict=True)) if short else 0
        assert (sum(worked), weekends, spare) == expected
    assert found > 100


def test_plan_with_weekends_last_is_no_worse_and_exact_without_a_cap():
    # Weekends last: per count the plan with the fewest days off the short
    # dates, then the most weekend days (drawn on the max_weekends shortest
    # weekends), if better by the construction's key, else the fewest
    # weekends. Against all 2^n patterns: it keeps the rules, covers at least
    # as many short dates as the plain plan (fewer days elsewhere at a tie),
    # never beats the best fitting pattern, and without a cap it is exactly
    # the pattern with the fewest days off the short dates, then the most
    # weekend days.
    def key(count, spare):  # the construction's choice: most on short dates, then fewest elsewhere
        return (-(count - spare), spare)

    rng = random.Random(11)
    compared = 0
    for _ in range(300):
        n, allowed, weekday, lo, hi, k, m, r, cap = random_plan_case(rng)
        short = [rng.random() < 0.6 for _ in range(n)]

        def weekend_days(pattern, weekday=weekday):
            return sum(1 for on, day in zip(pattern, weekday, strict=True) if on and day >= 5)

        plain = plan_by_enumeration(allowed, weekday, lo, hi, k, m, r, cap, short)
        worked = plan(allowed, weekday, lo, hi, k, m, r, cap, short, weekends_last=True)
        if plain is None:
            assert worked is None
            continue
        compared += 1
        weekends = conservative_weekends(worked, allowed, weekday, k, m, r, cap)
        assert weekends is not None and lo <= sum(worked) <= hi
        count = sum(worked)
        spare = sum(w and not s for w, s in zip(worked, short, strict=True))
        assert key(count, spare) <= key(plain[0], plain[2])
        fitting = []  # (key, -count, -weekend days) of every pattern within the rules and the cap
        for p in product((False, True), repeat=n):
            w = conservative_weekends(p, allowed, weekday, k, m, r, cap)
            if lo <= sum(p) <= hi and w is not None:
                s_ = sum(a and not b for a, b in zip(p, short, strict=True))
                fitting.append((key(sum(p), s_), -sum(p), -weekend_days(p)))
        assert key(count, spare) >= min(fitting)[0]
        if cap is None:
            assert (key(count, spare), -count, -weekend_days(worked)) == min(fitting)
    assert compared > 100


def test_weekends_last_works_the_shortest_weekends_within_the_cap():
    # Four weeks from a Monday, 16-20 duty days, runs of 2-5, breaks of 2 or
    # more, at most 2 weekends; the shift is short on the weekends only, on
    # both days of weekends 2 and 3 and on weekend 0's Saturday. The plan
    # with fewest days off the short dates would work three weekends and
    # break the cap; drawn on the two shortest weekends it works both days of
    # weekends 2 and 3. The plain plan (fewest weekends) works no weekend.
    weekday = [d % 7 for d in range(28)]
    short = [d in (5, 19, 20, 26, 27) for d in range(28)]
    worked = plan([True] * 28, weekday, 16, 20, 5, 2, 2, 2, short, weekends_last=True)
    assert worked is not None
    assert [d for d in range(28) if worked[d] and weekday[d] >= 5] == [19, 20, 26, 27]
    assert conservative_weekends(worked, [True] * 28, weekday, 5, 2, 2, 2) == 2
    plain = plan([True] * 28, weekday, 16, 20, 5, 2, 2, 2, short)
    assert not any(plain[d] for d in range(28) if weekday[d] >= 5)


def test_plans_of_several_types_at_once_are_those_of_one_by_one():
    # The stacked DP (one per person for the competing shift types) must give
    # each type the plan its own DP gives: types differ in dates allowed,
    # short dates and count ranges, and some have no plan at all.
    rng = random.Random(11)
    compared = planned = 0
    for _ in range(200):
        n = rng.randint(1, 30)
        first = rng.randrange(7)
        weekday = [(first + d) % 7 for d in range(n)]
        k, r = rng.randint(1, 6), rng.randint(1, 3)
        m = rng.randint(1, min(3, k))
        cap = rng.choice([None, 0, 1, 2, 3])
        types = rng.randint(1, 4)
        allowed = [[rng.random() < 0.8 for _ in range(n)] for _ in range(types)]
        spans = []
        for _ in range(types):
            lo = rng.randint(0, n)
            spans.append((lo, rng.randint(lo, n)))
        short = rng.choice([None, [[rng.random() < 0.5 for _ in range(n)] for _ in range(types)]])
        together = plans(allowed, weekday, spans, k, m, r, cap, short)
        for t in range(types):
            alone = plan(allowed[t], weekday, spans[t][0], spans[t][1], k, m, r, cap,
                         None if short is None else short[t])
            assert together[t] == alone
            compared += 1
            planned += alone is not None
    assert compared > 400 and planned > 100


def test_weekend_dp_finds_the_cheapest_pattern_of_every_enumeration():
    # The re-planning DP (any integer cost per duty day, negative ones
    # rewards; the weekend cap counted in its state, or not counted with
    # None) against all 2^n patterns: the least cost for the count range is
    # the enumeration's least, and the pattern traced back keeps the rules,
    # the count range and the cap, and costs exactly that.
    rng = random.Random(7)
    compared = 0
    for _ in range(300):
        n, allowed, weekday, lo, hi, k, m, r, cap = random_plan_case(rng)
        extra = [rng.randint(-100, 30) for _ in range(n)]
        best = None
        for p in product((False, True), repeat=n):
            if lo <= sum(p) <= hi and \
                    conservative_weekends(p, allowed, weekday, k, m, r, cap) is not None:
                c = sum(e for on, e in zip(p, extra, strict=True) if on)
                best = c if best is None else min(best, c)
        cost, off_one, last = dp_weekends(np.array([allowed]), np.array([extra]), weekday,
                                          k, m, r, cap, hi)
        counts = cost[0][:, lo:hi + 1, :]
        state, c, w = np.unravel_index(int(counts.argmin()), counts.shape)
        value = int(counts[state, c, w])
        if best is None:
            assert value >= 1 << 29  # unreachable
            continue
        compared += 1
        assert value == best
        worked = trace(off_one, last, 0, int(c) + lo, int(state), n, k, r, int(w),
                       weekday if cap is not None else None)
        assert lo <= sum(worked) <= hi
        assert conservative_weekends(worked, allowed, weekday, k, m, r, cap) is not None
        assert sum(e for on, e in zip(worked, extra, strict=True) if on) == best
    assert compared > 100
