"""First rosters of the search: dived, constructed, completed or CP-SAT's first (search/start.py).

:func:`first_roster` is called here on a :class:`Frame` as the large
neighbourhood search builds it; which start it takes follows the model's
size and horizon and ``SolveParams``.
"""

from __future__ import annotations

import time

from ortools.sat.python import cp_model
from search_cases import BEST_KNOWN, benchmark_instance, duty_cells, penalty, tuned

from scheduler.cpsat import build_model, duty_roster, roster_of
from scheduler.params import SolveParams
from scheduler.search.fixed import complete, fixed_copy
from scheduler.search.start import (
    Frame,
    constructed_values,
    dive_hint,
    dived_values,
    first_roster,
)


def start_of(name: str, time_limit: float, params: SolveParams | None = None):
    """The model of a benchmark instance, its first roster, and the rosters reported."""
    ctx, _ = build_model(benchmark_instance(name))
    reported: list[tuple[float, float]] = []
    now = time.perf_counter()
    frame = Frame(ctx=ctx, solver=cp_model.CpSolver(), cells=duty_cells(ctx), started=now,
                  deadline=now + time_limit, time_limit=time_limit, seed=1, workers=2,
                  params=params or SolveParams(), step=1.0,
                  on_improve=lambda objective, bound, _: reported.append((objective, bound)))
    return ctx, first_roster(frame), reported


def test_constructed_first_roster_breaks_no_hard_rule():
    ctx, _ = build_model(benchmark_instance("Instance8"))
    values = constructed_values(ctx, SolveParams())
    assert values is not None and sum(values.values()) > 0
    assert set(values) == {var.index for var in ctx.duty.values()}  # every duty cell, 0 or 1
    on_duty = [key for key, var in ctx.duty.items() if values[var.index]]
    penalty(ctx.inst, duty_roster(ctx.inst, on_duty))  # the checks find no hard violation


def test_dived_roster_at_its_bound_is_optimal():
    # Instance2's dive ends at its root's bound, 828: the optimum.
    ctx, _ = build_model(benchmark_instance("Instance2"))
    dived = dived_values(ctx, time.perf_counter() + 20, SolveParams(), most=1)
    assert (dived.bound, dived.penalty, dived.optimal) == (828, 828, True)
    assert dived.relaxed  # the root LP's duty values, for relaxation neighbourhoods


def test_dive_hint_hints_every_duty_variable_with_the_dived_roster():
    ctx, _ = build_model(benchmark_instance("Instance2"))
    dived = dive_hint(ctx, time.perf_counter() + 20, SolveParams())
    assert dived is not None and dived.optimal
    hint = ctx.model.Proto().solution_hint
    assert dict(zip(hint.vars, hint.values, strict=True)) == dived.values
    assert set(hint.vars) == {var.index for var in ctx.duty.values()}


def test_no_dive_hint_when_its_share_is_zero():
    ctx, _ = build_model(benchmark_instance("Instance2"))
    assert dive_hint(ctx, time.perf_counter() + 20, tuned(start={"hint_share": 0.0})) is None
    assert not ctx.model.Proto().solution_hint.vars


def test_a_short_limit_starts_from_cpsats_first_solve():
    # 2 s is below colgen_from (5 s): no dive; Instance5 is neither big nor
    # long. Its first solve (1 s) finds a roster far from the optimum 1 143,
    # which it cannot prove in that time, so the search goes on from it.
    ctx, start, _ = start_of("Instance5", 2)
    assert start.origin == "cpsat" and start.status is None
    # The model's objective of a roster not proved optimal may still carry
    # slack in its penalty variables: never below the checks' penalty.
    assert start.objective >= penalty(ctx.inst, roster_of(ctx, start.values))
    assert start.bound < start.objective  # not proved: the search has work to do


def test_a_dived_roster_is_the_first_incumbent_completed_and_its_bound_the_search_bound():
    # Instance3's dive (6 s >= colgen_from) ends at its bound, the optimum
    # 1 001; completed with every duty fixed, it is the first incumbent.
    ctx, start, reported = start_of("Instance3", 6)
    assert start.origin == "dive" and start.fixed is not None
    assert start.objective == start.bound == BEST_KNOWN["Instance3"]
    assert start.objective == penalty(ctx.inst, roster_of(ctx, start.values))
    assert reported == [(start.objective, start.bound)]


def test_a_dive_cut_short_still_gives_the_first_incumbent_without_a_bound():
    # No time for the root (6 µs, no stretch): it stops after its first LP,
    # so no bound (0); the people take their largest columns, and that
    # roster is still the first incumbent, as the checks score it.
    params = tuned(start={"colgen_from": 0.0, "colgen_seconds": 0.0, "colgen_share": 1e-6,
                          "colgen_stretch": 0.0})
    ctx, start, reported = start_of("Instance3", 6, params)
    assert start.origin == "dive" and start.bound == 0.0
    assert start.objective == penalty(ctx.inst, roster_of(ctx, start.values))
    assert reported == [(start.objective, 0.0)]


def test_relaxation_values_are_kept_only_from_relaxed_from():
    # The default relaxed_from (30 s) is above a 6 s limit: no root LP values
    # for relaxation neighbourhoods; from a relaxed_from of 6 s, there are.
    assert SolveParams().lns.relaxed_from > 6
    _, start, _ = start_of("Instance3", 6)
    assert start.origin == "dive" and start.relaxed == {}
    _, start, _ = start_of("Instance3", 6, tuned(lns={"relaxed_from": 6.0}))
    assert start.origin == "dive" and start.relaxed
    assert all(0 < x <= 1 + 1e-6 for x in start.relaxed.values())


def test_a_big_model_starts_from_its_constructed_roster_completed():
    # Above ``big`` duty cells (0 here) the constructed roster is the start,
    # completed with every duty fixed; no dive, no whole-model solve.
    ctx, start, reported = start_of("Instance3", 4, tuned(strategy={"big": 0}))
    cells = duty_cells(ctx)
    completed = complete(fixed_copy(ctx.model, cells,
                                    constructed_values(ctx, SolveParams())), 1, 10)
    assert start.origin == "constructed" and start.fixed is not None
    assert start.objective == completed[0] and reported == [(completed[0], 0.0)]


def test_long_horizons_with_few_duty_cells_dive_the_others_are_constructed():
    # Horizons above 35 days: Instance16 (56 days, 2 250 duty cells) within
    # colgen_long_cells (3 000 here) is dived, fixing a share of the people
    # at once; Instance14 (42 days, 3 572) above it is constructed. (Whether
    # the dive's root LP ends within the limit, giving a bound, depends on the
    # machine's load: not asserted.)
    params = tuned(start={"colgen_from": 0.0}, strategy={"colgen_long_cells": 3_000})
    _, start, _ = start_of("Instance16", 4, params)
    assert start.origin == "dive" and start.bound >= 0
    _, start, _ = start_of("Instance14", 4, params)
    assert start.origin == "constructed" and start.bound == 0.0
