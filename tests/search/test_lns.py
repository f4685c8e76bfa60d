"""Large neighbourhood search on the engine's one model (scheduler/search/lns.py).

What the search did is read from its statistics (``Outcome.stats``,
``Result.search``): its start, the neighbourhoods solved by ``kind:STATUS``,
merges, repeats skipped, and why it ended.
"""

from __future__ import annotations

import pytest
from ortools.sat.python import cp_model
from search_cases import BEST_KNOWN, assert_checked, benchmark, benchmark_instance, duty_cells, tuned

from scheduler import solve
from scheduler.cpsat import build_model
from scheduler.params import SolveParams
from scheduler.search.fixed import complete, fixed_copy
from scheduler.search.lns import solve_lns
from scheduler.search.start import constructed_values

KINDS = ("days", "people", "both", "weekends", "lp")


def neighbourhoods(stats: dict) -> dict[str, int]:
    """The neighbourhoods solved, by kind."""
    out: dict[str, int] = {}
    for key, count in stats.items():
        kind, _, status = key.partition(":")
        if kind in KINDS and status:
            out[kind] = out.get(kind, 0) + count
    return out


def run_lns(name: str, time_limit: float, params: SolveParams | None = None):
    """solve_lns on a benchmark instance: model, solver, outcome and the objectives reported."""
    ctx, _ = build_model(benchmark_instance(name))
    solver = cp_model.CpSolver()
    reported: list[float] = []
    outcome = solve_lns(ctx, solver, time_limit=time_limit, seed=1, workers=2, params=params,
                        on_improve=lambda objective, bound, seconds: reported.append(objective))
    return ctx, solver, outcome, reported


def completed_constructed(ctx, params: SolveParams) -> float:
    """The objective of the constructed roster, completed with every duty fixed."""
    cells = duty_cells(ctx)
    return complete(fixed_copy(ctx.model, cells, constructed_values(ctx, params)), 1, 10)[0]


def test_lns_strategy_returns_a_checked_roster_whose_objective_is_its_penalties():
    # Instance2 at 3 s (below colgen_from: no dive) starts from CP-SAT's first
    # solve, which may or may not prove it optimal; either way the roster
    # breaks no hard rule, its objective is what the checks charge, and the
    # bound lies below it.
    result = solve(benchmark("Instance2"), time_limit=3, seed=3, workers=2, strategy="lns")
    assert result.strategy == "lns" and result.search["start"] == "cpsat"
    assert result.status in ("optimal", "feasible")
    assert result.hard_violations == []
    assert result.objective == sum(v.penalty for v in result.violations)
    assert result.bound is not None and result.bound <= result.objective < 2 * BEST_KNOWN["Instance2"]


@pytest.mark.parametrize("kind", ["days", "people", "both", "weekends"])
def test_each_neighbourhood_kind_alone_keeps_the_roster_valid(kind):
    # Every kind frees its cells in a copy of the one model: whatever it finds
    # still breaks no hard rule and is charged by the checks what CP-SAT says.
    # From a constructed start (``big`` 0), far from the optimum, the
    # neighbourhoods surely run (a first solve might prove Instance3 optimal).
    result = solve(benchmark("Instance3"), time_limit=2, seed=1, workers=2, strategy="lns",
                   params=tuned(strategy={"big": 0}, lns={"kinds": (kind,)}))
    assert result.search["start"] == "constructed"
    assert set(neighbourhoods(result.search)) == {kind}
    assert result.status in ("optimal", "feasible")
    assert result.hard_violations == []
    assert result.objective == sum(v.penalty for v in result.violations)


@pytest.mark.parametrize("threshold", [{"big": 0}, {"long": 0}], ids=["big", "long"])
def test_lns_goes_straight_to_the_neighbourhoods_from_a_completed_constructed_roster(threshold):
    # Above ``big`` duty cells or ``long`` days (both 0 here; 3 s is below
    # colgen_from, so no dive) the constructed roster is completed with its
    # duty cells fixed and the neighbourhoods start from it: no whole-model
    # solve first (a first solve of first_share, half the time here, would
    # make its own roster the start, "cpsat"). The first roster reported is
    # the completed one, each next one better, the last the final solve's.
    params = tuned(strategy=threshold, lns={"first_share": 0.5})
    ctx, solver, outcome, reported = run_lns("Instance3", 3, params)
    assert outcome.stats["start"] == "constructed"
    assert sum(neighbourhoods(outcome.stats).values()) > 0
    assert outcome.status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    assert reported[0] == completed_constructed(ctx, params)
    assert reported == sorted(reported, reverse=True) and reported[-1] == solver.ObjectiveValue()
    assert_checked(ctx, solver)


def test_lns_solves_the_constructed_roster_as_it_is_when_no_time_is_left_to_search():
    # With a constructed start and less time left (0.4 s) than entering the
    # search takes, the constructed roster is solved as it is by the
    # caller's solver, and the search ends there: the objective of its
    # completion, and no neighbourhood. (No re-planning rounds: the
    # construction's re-planning stops at a share of the limit, and without
    # them the constructed roster is the same here as inside the search.)
    params = tuned(strategy={"big": 0}, construct={"replan_rounds": 0})
    ctx, solver, outcome, reported = run_lns("Instance3", 0.4, params)
    assert outcome.stats == {"start": "constructed as is"}
    assert (outcome.status, outcome.bound) == (cp_model.FEASIBLE, 0.0)
    assert solver.ObjectiveValue() == completed_constructed(ctx, params)
    assert reported == [solver.ObjectiveValue()]
    assert_checked(ctx, solver)


def test_lns_ends_at_once_when_its_start_meets_the_bound():
    # Instance3 at 6 s starts from a dive that reaches its bound, the
    # optimum 1 001: nothing is left to search.
    ctx, solver, outcome, _ = run_lns("Instance3", 6)
    assert outcome.stats["start"] == "dive" and outcome.stats["ended"] == "bound met"
    assert neighbourhoods(outcome.stats) == {}
    assert outcome.status == cp_model.OPTIMAL
    assert solver.ObjectiveValue() == outcome.bound == BEST_KNOWN["Instance3"]
    assert_checked(ctx, solver)


def test_lns_stops_early_when_nothing_new_is_left_to_draw():
    # With the weekends kind alone the neighbourhood soon frees everybody's
    # Fridays to Mondays; once proved optimal around a roster it is not drawn
    # again around that roster, and when ten draws in a row find only such
    # ones the search ends, long before its 30 s.
    params = tuned(strategy={"big": 0}, lns={"kinds": ("weekends",), "step": 5.0})
    ctx, solver, outcome, _ = run_lns("Instance3", 30, params)
    assert outcome.stats["ended"] == "nothing new"
    assert outcome.stats["repeat:skipped"] >= 10
    assert set(neighbourhoods(outcome.stats)) == {"weekends"}
    assert_checked(ctx, solver)


def test_lns_merges_late_answers_only_from_merge_from():
    # Merging late answers helped at 60 s and hurt at 10 s (benchmarks/README.md):
    # a search shorter than merge_from does not try it, one that long does.
    assert SolveParams().lns.merge_from > 10
    tried = {}
    for merge_from in (2.0, 2.5):
        params = tuned(strategy={"big": 0}, lns={"merge_from": merge_from})
        ctx, solver, outcome, _ = run_lns("Instance3", 2, params)
        tried[merge_from] = outcome.stats.get("merge:tried", 0)
        assert_checked(ctx, solver)
    assert tried[2.0] > 0 and tried[2.5] == 0


@pytest.mark.slow
def test_relaxation_neighbourhoods_alone_keep_the_roster_valid():
    # Neighbourhoods freed where the incumbent differs from the dive's root LP
    # (RINS): drawn when a dive gave the search its start, here from a limit
    # of 0 s and for every neighbourhood; whatever they find still breaks no
    # hard rule and costs what the checks charge. Instance8: its dive does
    # not meet its bound, so the search goes on.
    params = tuned(lns={"relaxed_share": 1.0, "relaxed_from": 0.0})
    ctx, solver, outcome, _ = run_lns("Instance8", 6, params)
    assert outcome.stats["start"] == "dive"
    assert set(neighbourhoods(outcome.stats)) == {"lp"}
    assert outcome.status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    assert_checked(ctx, solver)


@pytest.mark.slow
def test_bound_lane_proves_a_real_bound_and_keeps_the_roster_valid():
    # Without a dive (whose root bound would be the search's), the LNS's
    # bound is its first whole-model solve's: a few units on Instance10
    # (best known 4 631). With one core proving a bound all along it reaches
    # about 4 620 in 8 s here. The threshold (a hundred times the first
    # solve's) leaves room for a slow or busy machine. (Result.bound would
    # hide it: solve() raises every bound to the shortage's 4 600 on
    # Instance10.)
    params = tuned(start={"colgen_share": 0.0})
    ctx, _ = build_model(benchmark_instance("Instance10"))
    solver = cp_model.CpSolver()
    outcome = solve_lns(ctx, solver, time_limit=8, seed=1, workers=2, params=params,
                        bound_lane=True)
    assert outcome.stats["start"] == "cpsat"
    assert outcome.status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    assert 100 < outcome.bound <= min(solver.ObjectiveValue(), BEST_KNOWN["Instance10"])
    assert_checked(ctx, solver)
