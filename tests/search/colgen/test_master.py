"""The master problem: one schedule per person, coupled by the soft cover (colgen/master.py).

The tiny case: one date, one shift D wanted by one person (one short costs
100, one too many 1), two people; a schedule is ``(0,)`` (on D, occurrence 0)
or ``(-1,)`` (off).
"""

from __future__ import annotations

import time

import pytest
from search_cases import tiny_benchmark

from scheduler.instance import Instance
from scheduler.search.colgen.master import MasterProblem, master_ip

ON, OFF = (0,), (-1,)


def one_shift(tmp_path) -> Instance:
    return Instance(tiny_benchmark(tmp_path, days=1, shifts="D,480,\n",
                                   staff="A,D=1,480,0,1,1,1,1\nB,D=1,480,0,1,1,1,1\n",
                                   cover="0,D,1,100,1\n"))


def test_master_lp_prices_shortfall_and_surplus_at_the_cover_weights(tmp_path):
    occs = one_shift(tmp_path).occurrences
    lp = MasterProblem(2, occs)
    lp.add(0, OFF, 0.0)
    lp.add(1, OFF, 0.0)
    assert lp.solve() and lp.value() == pytest.approx(100)  # nobody on D: one short
    cover, convexity = lp.duals()
    assert cover.tolist() == pytest.approx([100])  # one more person would save 100
    assert convexity.tolist() == pytest.approx([0, 0])  # each off column costs 0, on nothing
    lp.add(0, ON, 0.0)
    lp.add(1, ON, 0.0)
    assert lp.solve() and lp.value() == pytest.approx(0)  # one of the two on D
    x = lp.primal()
    assert x[2] + x[3] == pytest.approx(1)  # the two ON columns cover D once between them


def test_a_column_fixed_at_one_stays_in_the_lp(tmp_path):
    # Both fixed on D: one too many, 1.
    lp = MasterProblem(2, one_shift(tmp_path).occurrences)
    columns = [lp.add(p, cells, 0.0) for p in (0, 1) for cells in (ON, OFF)]
    lp.set_lb(columns[0], 1)
    lp.set_lb(columns[2], 1)
    assert lp.solve() and lp.value() == pytest.approx(1)


def test_master_ip_picks_the_best_whole_choice_among_the_columns(tmp_path):
    # A working costs 5 (a request), B working costs nothing: the best choice
    # is B on D and A off, 0; the start (both on, 1 + 5) is only a hint.
    inst = one_shift(tmp_path)
    columns = [{ON: 0, OFF: 1}, {ON: 2, OFF: 3}]

    def cost(p, cells):
        return 5.0 if (p, cells) == (0, ON) else 0.0

    chosen = master_ip(inst, 2, columns, cost, {0: ON, 1: ON}, time.perf_counter() + 10)
    assert chosen == {0: OFF, 1: ON}
