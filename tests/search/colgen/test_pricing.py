"""Pricing each person's schedule at the master's duals (scheduler/search/colgen/pricing.py).

The tiny case: A alone for a week from a Monday, one 8-hour shift D wanted
every day (one person short costs 100), at most one D (L2). At duals of 100
a date, each duty saves 100 of reduced cost.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
from search_cases import benchmark_instance, tiny_benchmark

from scheduler.instance import Instance
from scheduler.search.colgen.pricing import exact_bound, people_of, prices, schedule_cost


def capped_week(tmp_path, on: str = "") -> Instance:
    cover = "".join(f"{d},D,1,100,1\n" for d in range(7))
    return Instance(tiny_benchmark(tmp_path, days=7, shifts="D,480,\n",
                                   staff="A,D=1,3360,0,7,1,1,7\n", cover=cover, on=on))


def test_a_cap_with_room_as_a_resource_is_priced_exactly(tmp_path):
    (person,) = people_of(capped_week(tmp_path), resources=700)
    cells, value, lower = person.price(np.full(7, 100.0))
    assert sum(oi >= 0 for oi in cells) == 1  # one duty, the cap
    assert value == lower == -100


def test_a_cap_without_room_is_priced_per_duty_and_bounded_by_the_dp_without_it(tmp_path):
    # No room for the cap (1 resource state): the DP without it works all 7
    # days; a price per D duty keeps the cap, doubling from an eighth of the
    # largest cost + 1 (101 / 8 = 12.625) until a duty no longer pays: at 101
    # a duty costs -100 + 101 > 0, so no duty at all (no price makes exactly
    # one of seven equal dates pay). The lower bound is the DP's without the
    # cap: 7 × -100.
    (person,) = people_of(capped_week(tmp_path), resources=1)
    cells, value, lower = person.price(np.full(7, 100.0))
    assert cells == (-1,) * 7 and value == 0
    assert lower == -700
    assert person.last_price.tolist() == [101.0]


def test_a_priced_cap_starts_from_half_the_price_that_last_kept_it(tmp_path):
    # Told that 303 kept the cap last time, the pricing starts at 151.5, which
    # keeps it at once (a duty costs +51.5): its price is then 151.5, not one
    # of the doubling steps from 12.625 (..., 101, 202).
    (person,) = people_of(capped_week(tmp_path), resources=1)
    person.last_price[:] = 303.0
    cells, _, _ = person.price(np.full(7, 100.0))
    assert cells == (-1,) * 7
    assert person.last_price.tolist() == [151.5]


def test_schedule_cost_counts_the_requests_of_a_schedule(tmp_path):
    # A asks to work D on day 2 (weight 3): a schedule without it costs 3.
    inst = capped_week(tmp_path, on="A,2,D,3\n")
    (person,) = people_of(inst, resources=700)
    d2 = next(o.index for o in inst.occurrences if (o.date - inst.first).days == 2)
    d4 = next(o.index for o in inst.occurrences if (o.date - inst.first).days == 4)
    off = (-1,) * 7
    assert schedule_cost(person, inst.occurrences, off) == 3
    assert schedule_cost(person, inst.occurrences, off[:2] + (d2,) + off[3:]) == 0
    assert schedule_cost(person, inst.occurrences, off[:4] + (d4,) + off[5:]) == 3


def test_exact_bound_gives_the_priced_caps_room_as_resources(tmp_path):
    # At an LP of 700 (A off, every date short) with duals of 100 and A's
    # convexity dual 0: with room for the cap, A's best schedule is one duty
    # (reduced cost -100), so the bound is 700 - 100 = 600 (the optimum);
    # without room, the DP without the cap gives 700 - 700 = 0.
    people = people_of(capped_week(tmp_path), resources=1)
    duals = np.full(7, 100.0)
    assert exact_bound(people, 700.0, duals, [0.0], room=700) == 600
    assert exact_bound(people, 700.0, duals, [0.0], room=1) == 0


def test_pricing_in_threads_gives_the_answers_of_one_thread():
    # Instance5's people at duals that make every second occurrence worth
    # a lot: each person's pricing is theirs alone, whether priced in turn
    # or by two threads at once.
    inst = benchmark_instance("Instance5")
    duals = np.array([100.0 if occ.index % 2 else -1.0 for occ in inst.occurrences])
    todo = list(range(len(inst.emp_ids)))
    alone = prices(people_of(inst, 10), todo, duals)
    with ThreadPoolExecutor(max_workers=2) as pool:
        together = prices(people_of(inst, 10), todo, duals, pool)
    assert together == alone and all(found is not None for found in alone)
