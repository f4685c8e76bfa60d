"""One CP-SAT search on the whole model, hinted by a dived roster (scheduler/search/plain.py)."""

from __future__ import annotations

from search_cases import BEST_KNOWN, benchmark

from scheduler import solve


def test_a_seeded_plain_search_has_no_dive_and_proves_instance1_optimal():
    # A dive ends by the clock, which would make a seeded run irreproducible.
    result = solve(benchmark("Instance1"), time_limit=20, seed=1, workers=2, strategy="cpsat")
    assert result.search == {"start": "cpsat"}
    assert (result.status, result.objective) == ("optimal", BEST_KNOWN["Instance1"])
    assert result.hard_violations == []


def test_plain_cpsat_starts_from_a_dived_hint_and_searches_on_below_its_bound():
    # Instance1's dive bounds 558, below its roster: CP-SAT searches from the
    # hint, and proves the optimum 607 itself.
    result = solve(benchmark("Instance1"), time_limit=20, strategy="cpsat")
    assert result.search == {"start": "dive", "dive_bound": 558}
    assert (result.status, result.objective) == ("optimal", BEST_KNOWN["Instance1"])
    assert result.objective == sum(v.penalty for v in result.violations)


def test_plain_cpsat_only_completes_a_dived_roster_at_its_bound():
    # Instance2's dive reaches its bound, 828, the optimum: CP-SAT keeps the
    # hinted duties and the result is optimal, its bound the dive's.
    result = solve(benchmark("Instance2"), time_limit=20, strategy="cpsat")
    assert result.search == {"start": "dive", "dive_bound": BEST_KNOWN["Instance2"]}
    assert result.status == "optimal"
    assert result.objective == result.bound == BEST_KNOWN["Instance2"]
    assert result.hard_violations == []


def test_a_seeded_plain_search_not_proved_optimal_returns_its_roster():
    # Instance5 in 3 s: CP-SAT finds rosters but cannot prove the optimum
    # 1 143 (its bound is far below); a seeded run then checks whether the
    # clock or its work units stopped it, and returns the roster either way.
    # (In 2 s the first roster came at about 1.7 s: a busier process missed it.)
    result = solve(benchmark("Instance5"), time_limit=3, seed=1, workers=1, strategy="cpsat")
    assert result.status == "feasible"
    assert result.hard_violations == []
    assert result.objective == sum(v.penalty for v in result.violations) > BEST_KNOWN["Instance5"]
