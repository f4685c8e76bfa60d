"""The least-cost schedule of one person, exactly (scheduler/search/schedules.py).

The DP is checked against every plan of short horizons (tests/plan_patterns.py
writes the rules out plainly), in both its recursions: the loops compiled by
numba and numpy's vectorised one (``compiled=False``, used without numba).
"""

from __future__ import annotations

import random

import numpy as np
import pytest
from plan_patterns import keeps_rules, plan_cost, typed_plans

from scheduler.search.schedules import resource_states, schedule_dp

MONDAY_ON = [0, 1, 2, 3, 4, 5, 6]


def one_type(costs: list[float]):
    """``schedule_dp``'s type arguments for one type allowed on every date: may, cost, follows."""
    return (np.ones((1, len(costs)), dtype=bool), np.array([costs], dtype=float),
            np.ones((1, 1), dtype=bool))


@pytest.mark.parametrize("compiled", [True, False], ids=["numba", "numpy"])
def test_a_run_too_short_is_allowed_only_at_an_edge_of_the_horizon(compiled):
    # Four days, each duty saves 1; runs of at most 2 and at least 2 (L4, L5),
    # breaks of 1 (L6). Four duties are a run of 4 > 2, so 3 is the most:
    # on on off on (its run of one day touches the end) or on off on on (the
    # start). Were edges not exempt, on on off off would be the best: 2.
    may, cost, follows = one_type([-1, -1, -1, -1])
    found = schedule_dp(may, cost, follows, MONDAY_ON[:4], k=2, m=2, r=1, cap=None,
                        units=[1], lo=0, hi=4, compiled=compiled)
    assert found is not None
    value, plan = found
    assert value == -3
    assert [t is not None for t in plan] in ([True, True, False, True], [True, False, True, True])


@pytest.mark.parametrize("compiled", [True, False], ids=["numba", "numpy"])
def test_a_break_too_short_inside_the_horizon_costs_a_duty(compiled):
    # Three days saving 1 each, runs of at most 2: on on on is too long. With
    # breaks of 1 allowed, on off on saves 2; so do on on off and off on on. With
    # breaks of at least 2 (L6) only the last two: a break inside may not be short.
    may, cost, follows = one_type([-1, -1, -1])
    for r, plans in ((1, {(True, False, True), (True, True, False), (False, True, True)}),
                     (2, {(True, True, False), (False, True, True)})):
        value, plan = schedule_dp(may, cost, follows, MONDAY_ON[:3], k=2, m=1, r=r, cap=None,
                                  units=[1], lo=0, hi=3, compiled=compiled)
        assert value == -2 and tuple(t is not None for t in plan) in plans


@pytest.mark.parametrize("compiled", [True, False], ids=["numba", "numpy"])
def test_a_weekend_is_counted_once_for_its_saturday_and_sunday(compiled):
    # Friday to Sunday, each duty saves 1, at most one weekend (L7): working
    # Saturday and Sunday is one weekend, so all three days save 3.
    may, cost, follows = one_type([-1, -1, -1])
    value, _ = schedule_dp(may, cost, follows, [4, 5, 6], k=3, m=1, r=1, cap=1,
                           units=[1], lo=0, hi=3, compiled=compiled)
    assert value == -3
    # With no weekend allowed only Friday is left: saves 1.
    value, plan = schedule_dp(may, cost, follows, [4, 5, 6], k=3, m=1, r=1, cap=0,
                              units=[1], lo=0, hi=3, compiled=compiled)
    assert value == -1 and plan == [0, None, None]


def test_resource_states_take_the_fewer_of_minutes_and_counts_of_duties():
    # Types of 1 and 2 units, at most 10 units, 7 dates. Without caps: the
    # minutes 0..10 are 11 states; counting duties instead (0..7) and the
    # longer type's (0..5) would be 8 × 6 = 48.
    assert resource_states([1, 2], 10, 7, [None, None]) == 11
    # A cap of 1 on the longer type: minutes × its count 11 × 2 = 22, duties
    # × its count 8 × 2 = 16: the counts.
    assert resource_states([1, 2], 10, 7, [None, 1]) == 16


def random_case(rng: random.Random, n: int, types: int):
    """Random rules, dates and costs of one person over ``n`` dates."""
    first = rng.randint(0, 6)
    weekday = [(first + d) % 7 for d in range(n)]
    k = rng.randint(1, 5)
    m, r, cap = rng.randint(1, k), rng.randint(1, 3), rng.choice([None, 0, 1, 2])
    may = np.array([[rng.random() < 0.8 for _ in range(n)] for _ in range(types)])
    cost = np.array([[rng.randint(-9, 5) for _ in range(n)] for _ in range(types)], dtype=float)
    follows = np.array([[rng.random() < 0.7 for _ in range(types)] for _ in range(types)])
    return weekday, k, m, r, cap, may, cost, follows


@pytest.mark.parametrize("compiled", [True, False], ids=["numba", "numpy"])
def test_schedule_dp_matches_an_enumeration_with_minutes_and_caps(compiled):
    # Against every plan of horizons up to a week: units within lo..hi,
    # per-type caps, runs, breaks, weekends, successions. The same least
    # cost (None where no plan keeps the rules), and a plan that keeps every
    # rule and costs what the DP says.
    rng = random.Random(5)
    compared = by_count = none = 0
    for _ in range(150):
        n, types = rng.randint(1, 7), rng.randint(1, 3)
        weekday, k, m, r, cap, may, cost, follows = random_case(rng, n, types)
        units = [rng.randint(1, 3) for _ in range(types)]
        lo = rng.randint(0, 6)
        hi = lo + rng.randint(0, 6)
        caps = [rng.choice([None, 0, 1, 2]) for _ in range(types)]
        best = None
        for plan in typed_plans(may, follows, weekday, k, m, r, cap):
            if not lo <= sum(units[t] for t in plan if t is not None) <= hi:
                continue
            if any(c is not None and plan.count(t) > c for t, c in enumerate(caps)):
                continue
            value = plan_cost(cost, plan)
            best = value if best is None else min(best, value)
        found = schedule_dp(may, cost, follows, weekday, k, m, r, cap, units, lo, hi, caps,
                            compiled=compiled)
        if best is None:
            assert found is None
            none += 1
            continue
        compared += 1
        # The DP counts duties instead of minutes where that takes fewer states.
        minutes_axes = (hi + 1) * int(np.prod([c + 1 for c in caps if c is not None]))
        by_count += resource_states(units, hi, n, caps) < minutes_axes
        value, plan = found
        assert value == best
        assert plan_cost(cost, plan) == value
        assert lo <= sum(units[t] for t in plan if t is not None) <= hi
        assert all(c is None or plan.count(t) <= c for t, c in enumerate(caps))
        assert all(t is None or may[t, d] for d, t in enumerate(plan))
        assert all(a is None or b is None or follows[a, b]
                   for a, b in zip(plan, plan[1:], strict=False))
        assert keeps_rules([t is not None for t in plan], weekday, k, m, r, cap)
    assert compared > 50 and none > 20
    # Both kinds of resource axes were met: the minutes, and the counts of duties.
    assert 10 < by_count < compared - 10


@pytest.mark.parametrize("compiled", [True, False], ids=["numba", "numpy"])
def test_schedule_dp_without_resources_matches_an_enumeration_of_every_plan(compiled):
    # The construction's re-planning over all of a person's types
    # (construct.replan.mixed_response) prices the minutes instead: units all
    # 0 and the window 0..0, no caps. Against all (types + 1)^n plans: the
    # same least cost, and the plan keeps the dates, successions and patterns.
    rng = random.Random(23)
    compared = 0
    for _ in range(250):
        n, types = rng.randint(1, 7), rng.randint(1, 3)
        weekday, k, m, r, cap, may, cost, follows = random_case(rng, n, types)
        best = min((plan_cost(cost, plan)
                    for plan in typed_plans(may, follows, weekday, k, m, r, cap)), default=None)
        found = schedule_dp(may, cost, follows, weekday, k, m, r, cap, [0] * types, 0, 0,
                            compiled=compiled)
        if best is None:
            assert found is None
            continue
        compared += 1
        value, plan = found
        assert value == best == plan_cost(cost, plan)
        assert all(t is None or may[t, d] for d, t in enumerate(plan))
        assert all(a is None or b is None or follows[a, b]
                   for a, b in zip(plan, plan[1:], strict=False))
        assert keeps_rules([t is not None for t in plan], weekday, k, m, r, cap)
    assert compared > 100


def test_compiled_and_numpy_recursions_agree_on_long_horizons():
    # Horizons too long to enumerate (up to five weeks, several resources):
    # both find the same least cost, or both none.
    rng = random.Random(11)
    found_any = 0
    for _ in range(40):
        n, types = rng.randint(8, 35), rng.randint(1, 4)
        weekday = [(rng.randint(0, 6) + d) % 7 for d in range(n)]
        k = rng.randint(2, 7)
        m, r, cap = rng.randint(1, min(k, 3)), rng.randint(1, 3), rng.choice([None, 1, 2, 3])
        may = np.array([[rng.random() < 0.85 for _ in range(n)] for _ in range(types)])
        cost = np.array([[rng.uniform(-9, 5) for _ in range(n)] for _ in range(types)])
        follows = np.array([[rng.random() < 0.8 for _ in range(types)] for _ in range(types)])
        units = [rng.randint(1, 4) for _ in range(types)]
        lo = rng.randint(0, n)
        hi = lo + rng.randint(0, 2 * n)
        caps = [rng.choice([None, None, 2, 5]) for _ in range(types)]
        args = (may, cost, follows, weekday, k, m, r, cap, units, lo, hi, caps)
        fast = schedule_dp(*args)
        slow = schedule_dp(*args, compiled=False)
        assert (fast is None) == (slow is None)
        if fast is not None:
            found_any += 1
            assert fast[0] == pytest.approx(slow[0], abs=1e-9)
            assert plan_cost(cost, fast[1]) == pytest.approx(fast[0], abs=1e-9)
    assert found_any > 20
