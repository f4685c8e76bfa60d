"""Which search runs, from the problem's structure and size (scheduler/search/strategy.py)."""

from __future__ import annotations

import pytest
from helpers import DAY, make_problem
from search_cases import tiny_benchmark

from scheduler.instance import Instance
from scheduler.params import StrategyParams
from scheduler.search.strategy import choose_strategy, duty_cells, too_big_to_build


def twenty_cells(tmp_path) -> Instance:
    """A week: A may work D and N (2 × 7 = 14 cells), B only D and is off on day 3 (6)."""
    cover = "".join(f"{d},{s},1,100,1\n" for d in range(7) for s in "DN")
    return Instance(tiny_benchmark(
        tmp_path, days=7, shifts="D,480,\nN,480,\n",
        staff="A,D=7|N=7,3360,0,7,1,1,1\nB,D=7|N=0,3360,0,7,1,1,1\n", cover=cover,
        days_off="B,3\n"))


def test_duty_cells_count_each_eligible_person_and_occurrence(tmp_path):
    assert duty_cells(twenty_cells(tmp_path)) == 14 + 6


def test_auto_takes_lns_only_above_small_on_a_decomposable_month(tmp_path):
    inst = twenty_cells(tmp_path)
    assert choose_strategy(inst, None) == "cpsat"  # 20 cells, default small 1 200
    assert choose_strategy(inst, "auto", StrategyParams(small=20)) == "cpsat"  # not above
    assert choose_strategy(inst, "auto", StrategyParams(small=19)) == "lns"


def test_auto_takes_cpsat_for_a_month_with_hard_cover_however_large():
    inst = Instance(make_problem(staff=["A", "B"], shifts=[DAY], days=7))
    assert choose_strategy(inst, None, StrategyParams(small=0)) == "cpsat"


def test_a_strategy_asked_for_is_kept_and_an_unknown_one_rejected(tmp_path):
    inst = twenty_cells(tmp_path)
    assert choose_strategy(inst, "lns-bound") == "lns-bound"
    with pytest.raises(ValueError, match="unknown strategy 'fast'.*lns-bound"):
        choose_strategy(inst, "fast")


def test_too_big_to_build_above_big_cells_whose_build_and_search_exceed_the_time(tmp_path):
    inst = twenty_cells(tmp_path)
    slow = StrategyParams(big=19, build_seconds_per_cell=1.0)
    # 20 cells × (1 s to build + 2 s per 100 000 cells to search) = 20.0004 s
    assert too_big_to_build(inst, 20.0, slow)
    assert not too_big_to_build(inst, 20.001, slow)
    # Not above ``big`` cells: built whatever the time.
    assert not too_big_to_build(inst, 0.0, StrategyParams(big=20, build_seconds_per_cell=1.0))
