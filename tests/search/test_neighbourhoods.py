"""Which duty cells a neighbourhood of the search frees (scheduler/search/neighbourhoods.py).

The tiny case: three people for a week from a Monday, one shift D; 21 duty
cells, so every kind starts at the largest size, 0.3 of the model
(min(0.3, 3 000 / 21)).
"""

from __future__ import annotations

import random

from helpers import DAY, make_problem
from ortools.sat.python import cp_model
from search_cases import duty_cells, tiny_benchmark, tuned

from scheduler.cpsat import build_model
from scheduler.instance import Instance
from scheduler.search.neighbourhoods import Neighbourhoods, day_costs

ALL_DAYS = set(range(7))


def week_of_three(tmp_path, cover: str | None = None, people: str = "ABC"):
    cover = cover or "".join(f"{d},D,1,100,1\n" for d in range(7))
    staff = "".join(f"{p},D=7,3360,0,7,1,1,2\n" for p in people)
    inst = Instance(tiny_benchmark(tmp_path, days=7, shifts="D,480,\n", cover=cover, staff=staff))
    ctx, _ = build_model(inst)
    return ctx, duty_cells(ctx)


def hoods(ctx, cells, kinds, seed=0, relaxed=None, targeted=False, **lns):
    cell_occ = [oi for (_, oi) in ctx.duty] if targeted else []
    return Neighbourhoods(ctx.inst, cells, cell_occ, relaxed or {}, random.Random(seed),
                          tuned(lns={"kinds": kinds, **lns}).lns)


def test_each_kind_frees_its_own_shape_of_cells(tmp_path):
    ctx, cells = week_of_three(tmp_path)
    best = [0] * len(ctx.model.Proto().variables)
    for seed in range(5):
        # days: everybody over a window of round(0.3 × 7) = 2 dates.
        kind, people, days, _ = hoods(ctx, cells, ("days",), seed).draw(0, best, set(), [])
        lo = min(days)
        assert kind == "days" and people == {0, 1, 2} and days == {lo, lo + 1}
        # people: max(2, round(0.3 × 3)) = 2 people over the whole week.
        kind, people, days, _ = hoods(ctx, cells, ("people",), seed).draw(0, best, set(), [])
        assert kind == "people" and len(people) == 2 and days == ALL_DAYS
        # both: sqrt(0.3) = 0.55 of each: round(1.6) = 2 people, round(3.8) = 4 dates.
        kind, people, days, _ = hoods(ctx, cells, ("both",), seed).draw(0, best, set(), [])
        assert kind == "both" and len(people) == 2 and days == set(range(min(days), min(days) + 4))
        # weekends: Fridays to Mondays (days 0, 4, 5, 6) for round(0.3 × 21 / 4) = 2 people.
        kind, people, days, _ = hoods(ctx, cells, ("weekends",), seed).draw(0, best, set(), [])
        assert kind == "weekends" and len(people) == 2 and days == {0, 4, 5, 6}


def test_without_fridays_to_mondays_the_weekends_kind_is_not_drawn():
    # Tuesday to Thursday: no date of a weekend's Friday to Monday.
    problem = make_problem(staff=["A", "B"], shifts=[DAY], days=3, start="2026-06-02")
    ctx, _ = build_model(Instance(problem))
    found = hoods(ctx, duty_cells(ctx), ("days", "weekends"))
    assert found.kinds == ("days",)
    assert hoods(ctx, duty_cells(ctx), ("weekends",)).kinds == ("days",)  # never none at all


def test_a_kind_grows_when_proved_optimal_and_shrinks_otherwise(tmp_path):
    ctx, cells = week_of_three(tmp_path)
    found = hoods(ctx, cells, ("days",))
    assert found.sizes["days"] == 0.3
    found.adapt("days", 0.3, cp_model.OPTIMAL)
    assert found.sizes["days"] == 0.3 * 1.1
    found.adapt("days", 0.3, cp_model.FEASIBLE)
    assert found.sizes["days"] == 0.3 / 1.2
    found.adapt("days", 0.95, cp_model.OPTIMAL)
    assert found.sizes["days"] == 1.0  # the whole model at most
    found.adapt("days", 0.02, cp_model.UNKNOWN)
    assert found.sizes["days"] == 0.02  # and never less than 0.02


def test_a_neighbourhood_proved_or_running_around_the_same_roster_is_not_drawn_again(tmp_path):
    # Two people, a group of at least two for the whole week: only one
    # neighbourhood can be drawn around a roster (fingerprint 7).
    ctx, cells = week_of_three(tmp_path, people="AB")
    best = [0] * len(ctx.model.Proto().variables)
    found = hoods(ctx, cells, ("people",))
    kind, people, days, drawn = found.draw(7, best, set(), [])
    assert (people, days) == ({0, 1}, ALL_DAYS) and drawn == (7, frozenset({0, 1}),
                                                               frozenset(ALL_DAYS))
    assert found.draw(7, best, {drawn}, []) is None  # proved: ten draws, nothing new
    assert found.skipped == 10
    assert found.draw(7, best, set(), [drawn]) is None  # being solved: the same
    assert found.draw(8, best, {drawn}, []) is not None  # around another roster: new again


def test_relaxation_neighbourhoods_free_where_the_roster_differs_from_the_lp(tmp_path):
    # The LP puts A on day 2 and B on day 5 (and agrees elsewhere: all off);
    # the roster has everybody off: those two (person, date) pairs are freed.
    ctx, cells = week_of_three(tmp_path)
    index = {(emp, day): idx for idx, emp, day in cells}
    relaxed = {index[0, 2]: 1.0, index[1, 5]: 0.7, index[2, 3]: 0.005}
    best = [0] * len(ctx.model.Proto().variables)
    kind, pairs, days, _ = hoods(ctx, cells, ("days",), relaxed=relaxed,
                                 relaxed_share=1.0).draw(0, best, set(), [])
    assert (kind, pairs, days) == ("lp", {(0, 2), (1, 5)}, None)


def test_day_costs_are_the_soft_cover_penalty_of_each_date(tmp_path):
    # One wanted on days 0-5, two on day 6 (100 short, 1 over); A works days
    # 0 and 1, B day 1: days 2-5 short (100 each), day 1 one over (1), day 6
    # two short (200).
    cover = "".join(f"{d},D,{2 if d == 6 else 1},100,1\n" for d in range(7))
    ctx, cells = week_of_three(tmp_path, cover)
    values = [0] * len(ctx.model.Proto().variables)
    for idx, emp, day in cells:
        values[idx] = int((emp, day) in {(0, 0), (0, 1), (1, 1)})
    cell_occ = [oi for (_, oi) in ctx.duty]
    assert day_costs(ctx.inst, cell_occ, cells, values) == [0, 1, 100, 100, 100, 100, 200]


def test_half_the_windows_are_centred_on_a_costly_date(tmp_path):
    # Only day 6 costs anything: a window of 2 dates centred on it is days
    # 5-6; an untargeted window covers day 6 one time in 6 (days 5-6 of 0-1
    # .. 5-6). Windows are targeted only where the cells' occurrences are given.
    cover = "".join(f"{d},D,{int(d == 6)},100,1\n" for d in range(7))
    ctx, cells = week_of_three(tmp_path, cover)
    best = [0] * len(ctx.model.Proto().variables)

    def on_day6(targeted: bool) -> int:
        return sum(6 in hoods(ctx, cells, ("days",), seed, targeted=targeted)
                   .draw(0, best, set(), [])[2] for seed in range(40))

    assert on_day6(targeted=True) >= 15  # 40 × (1/2 + 1/2 × 1/6) = 23 expected
    assert on_day6(targeted=False) < 15  # 40 / 6 = 7 expected
