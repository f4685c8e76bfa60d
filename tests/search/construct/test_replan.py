"""Each person planned again against everybody else's duties (construct/replan.py).

One person A of a tiny week: the construction's tables for A alone (``need``
is the whole demand, since nobody else works), and the plans of
:func:`best_response` and :func:`mixed_response` compared with every plan
(an enumeration) by :func:`plan_value`, the penalty a plan adds.
"""

from __future__ import annotations

import random
from itertools import product

import numpy as np
from plan_patterns import conservative_weekends
from search_cases import cover_lines, tiny_benchmark

from scheduler.instance import Instance
from scheduler.params import ConstructParams
from scheduler.search.construct.replan import (
    best_response,
    mixed_response,
    plan_value,
    within_caps,
)

MOST_CELLS = ConstructParams().best_response_cells
PASSES = ConstructParams().mixed_passes


def one_person_tables(inst: Instance):
    """A, each date's weekday, and per shift and date the demand, the weights of one
    short and one over, and A's occurrence indices."""
    n = inst.num_days
    need = {sid: [0] * n for sid in inst.shifts}
    under = {sid: [0] * n for sid in inst.shifts}
    over = {sid: [0] * n for sid in inst.shifts}
    cells = {sid: [None] * n for sid in inst.shifts}
    for occ in inst.occurrences:
        d = (occ.date - inst.first).days
        need[occ.shift_id][d] += occ.staff
        under[occ.shift_id][d], over[occ.shift_id][d] = occ.under_weight, occ.over_weight
        cells[occ.shift_id][d] = occ.index
    return inst.staff["A"], [d.weekday() for d in inst.dates], need, under, over, cells


def test_plan_value_is_the_cover_a_plan_adds_and_its_requests():
    # D wanted on day 0 (saves 100), not on day 1 (costs 1); a request to
    # work D on day 1 (weight 5) granted, one to be off on day 0 (weight 3) not.
    need = {"D": [1, 0]}
    under, over = {"D": [100, 100]}, {"D": [1, 1]}
    requests = [(1, "D", True, 5), (0, None, False, 3)]
    assert plan_value(["D", "D"], need, under, over, requests) == -100 + 1 + 3
    assert plan_value([None, None], need, under, over, requests) == 5  # the prefer refused


def test_within_caps_moves_the_cheapest_duties_off_a_type_over_its_cap():
    # Three duties of type 0, capped at 1; type 1 allowed everywhere, uncapped,
    # cheaper by 1 on day 0 and dearer by 5 on day 2: days 0 and 1 change.
    plan = [0, 0, 0]
    used = np.array([3, 0])
    cost = np.array([[2.0, 0.0, 0.0], [1.0, 1.0, 5.0]])
    may = np.ones((2, 3), dtype=bool)
    follows = np.ones((2, 2), dtype=bool)
    assert within_caps(plan, used, np.array([1.0, 3.0]), cost, may, follows)
    assert plan == [1, 1, 0] and used.tolist() == [1, 2]
    # With type 1 capped at 1 too, one duty stays over: False.
    plan, used = [0, 0, 0], np.array([3, 0])
    assert not within_caps(plan, used, np.array([1.0, 1.0]), cost, may, follows)


def test_best_response_is_no_worse_than_any_one_type_plan(tmp_path):
    # One person, a week, two shift types (N may not be followed by D) with
    # random demand and weights: the re-planning step's plan costs no more
    # than the best plan of either type alone, found by enumeration, and
    # ``need`` then counts it.
    rng = random.Random(3)
    strict = 0
    for _ in range(25):
        cover = "".join(f"{d},{s},{rng.randint(0, 1)},{rng.randint(1, 100)},{rng.randint(0, 3)}\n"
                        for d in range(7) for s in "DN")
        inst = Instance(tiny_benchmark(tmp_path, days=7, shifts="D,480,\nN,480,D\n",
                                       staff="A,D=7|N=7,2880,1440,4,1,1,1\n", cover=cover))
        emp, weekday, need, under, over, cells = one_person_tables(inst)
        alone = None
        for sid in "DN":
            for p in product((False, True), repeat=7):
                # 1 440-2 880 minutes: 3-6 days of 8 hours; runs of at most 4, one weekend.
                if 3 <= sum(p) <= 6 and \
                        conservative_weekends(p, [True] * 7, weekday, 4, 1, 1, 1) is not None:
                    value = plan_value([sid if on else None for on in p], need, under, over, [])
                    alone = value if alone is None else min(alone, value)
        before = {sid: row[:] for sid, row in need.items()}
        types = best_response(inst, emp, cells, need, under, over, weekday, [], MOST_CELLS)
        assert types is not None
        got = plan_value(types, before, under, over, [])
        assert got <= alone
        strict += got < alone
        assert all(need[sid][d] == before[sid][d] - (types[d] == sid)
                   for sid in need for d in range(7))
    assert strict < 25  # not always better: the enumeration is a real bar


def test_best_response_gives_up_where_its_dp_would_be_too_large(tmp_path):
    # 2 types × (4 + 1 run and break states) × (6 + 2 counts) = 80 cells; a
    # cap of one weekend in a week with one weekend cannot bind, so it is no
    # dimension (× 1).
    inst = Instance(tiny_benchmark(tmp_path, days=7, shifts="D,480,\nN,480,D\n",
                                   staff="A,D=7|N=7,2880,1440,4,1,1,1\n",
                                   cover=cover_lines(7, "DN", {"D": {0, 1}})))
    emp, weekday, need, under, over, cells = one_person_tables(inst)
    assert best_response(inst, emp, cells, need, under, over, weekday, [], 79) is None
    assert best_response(inst, emp, cells, need, under, over, weekday, [], 80) is not None


def mixed_week(tmp_path, staff: str):
    """One person's week (D 8 hours, N 12 hours that may not follow N; N wanted on
    days 0, 2 and 4, D on 1 and 3) planned by :func:`mixed_response`.

    Returns the instance, person, weekday, need before the plan, under,
    over, cells, the plan and need after it.
    """
    cover = cover_lines(7, "DN", {"N": {0, 2, 4}, "D": {1, 3}})
    inst = Instance(tiny_benchmark(tmp_path, days=7, shifts="D,480,\nN,720,N\n", staff=staff,
                                   cover=cover))
    emp, weekday, need, under, over, cells = one_person_tables(inst)
    before = {sid: row[:] for sid, row in need.items()}
    types = mixed_response(inst, emp, cells, need, under, over, weekday, [], {}, 0, PASSES)
    return inst, emp, weekday, before, under, over, cells, types, need


def test_mixed_response_plans_shifts_that_may_not_follow_themselves(tmp_path):
    # N (12 hours) may not follow N; N wanted on days 0, 2 and 4, D on 1 and
    # 3; 2 880-3 360 minutes. No one-type plan can hold N; the plan over both
    # types is N D N D N (3 × 720 + 2 × 480 = 3 120 minutes), which covers
    # all five: -5 × 100.
    inst, emp, weekday, before, under, over, cells, types, need = mixed_week(
        tmp_path, "A,D=7|N=7,3360,2880,7,1,1,1\n")
    assert types == ["N", "D", "N", "D", "N", None, None]
    assert plan_value(types, before, under, over, []) == -500
    assert all(need[sid][d] == before[sid][d] - (types[d] == sid)
               for sid in need for d in range(7))
    alone = best_response(inst, emp, cells, {s: r[:] for s, r in before.items()},
                          under, over, weekday, [], MOST_CELLS)
    assert plan_value(alone, before, under, over, []) > -500


def test_mixed_response_keeps_the_minutes_and_the_caps(tmp_path):
    # The same week with N capped at 2 and 3 360-3 600 minutes: N D N D and
    # then more than the demand (N on day 4 would be a third N); the plan
    # keeps the cap and the window, and no plan within them costs less
    # (enumeration of all 3^7 plans).
    inst, _, _, before, under, over, _, types, _ = mixed_week(
        tmp_path, "A,D=7|N=2,3600,3360,7,1,1,1\n")
    assert types is not None
    minutes = sum(inst.shifts[t].minutes for t in types if t is not None)
    assert 3360 <= minutes <= 3600 and types.count("N") <= 2
    assert not any(a == b == "N" for a, b in zip(types, types[1:], strict=False))
    best = None
    for plan in product((None, "D", "N"), repeat=7):
        if plan.count("N") > 2 or any(a == b == "N" for a, b in zip(plan, plan[1:], strict=False)):
            continue
        if not 3360 <= sum(inst.shifts[t].minutes for t in plan if t is not None) <= 3600:
            continue
        value = plan_value(list(plan), before, under, over, [])
        best = value if best is None else min(best, value)
    assert plan_value(types, before, under, over, []) == best
