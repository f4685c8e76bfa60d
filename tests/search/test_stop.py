"""Stopping a solve from another thread: ``solve(problem, stop=event)`` (the app's Stop button).

A stopped search returns the best roster found so far, checked like any
other, with a warning that it was stopped; a 120-person month is far from
proven optimal at its first roster, so a stop asked there ends a search
that would otherwise run for its whole time limit.
"""

from __future__ import annotations

import threading

import pytest

from scheduler import solve
from scheduler.generate import generate_team
from scheduler.stopping import Stopper


@pytest.fixture(scope="module")
def big_month():
    return generate_team(120)


@pytest.mark.parametrize("strategy", ["cpsat", "lns"])
def test_stop_at_the_first_roster_returns_it(big_month, strategy):
    stop = threading.Event()
    seen = []

    def progress(p):
        seen.append(p)
        stop.set()

    result = solve(big_month, time_limit=600, stop=stop, progress=progress, strategy=strategy)
    assert seen
    assert result.status == "feasible"  # not proven optimal: the search did not run on
    assert result.roster is not None and not result.hard_violations
    assert result.objective is not None and result.objective > result.bound
    assert "warn.stopped" in [m.key for m in result.warnings]


def test_a_solve_stopped_before_it_starts_ends_without_searching(big_month):
    stop = threading.Event()
    stop.set()
    result = solve(big_month, time_limit=600, stop=stop, strategy="cpsat")
    assert result.status in ("feasible", "no_solution")
    assert "warn.stopped" in [m.key for m in result.warnings]
    assert not result.explanation  # not "no roster within the time limit"


def test_a_solve_without_stop_has_no_stop_warning():
    from scheduler.io.sample import sample_problem

    result = solve(sample_problem(), time_limit=30, seed=0)
    assert result.status == "optimal"
    assert "warn.stopped" not in [m.key for m in result.warnings]


def test_stopper_takes_a_callable_and_stops_registered_solvers():
    asked = []

    class FakeSolver:
        def __init__(self):
            self.stopped = threading.Event()

        def stop_search(self):
            self.stopped.set()

    solver = FakeSolver()
    with Stopper(lambda: bool(asked)) as stopper, stopper.watching(solver):
        assert not stopper.requested
        asked.append(True)
        assert stopper.requested
        assert solver.stopped.wait(5)
    assert not Stopper().requested
