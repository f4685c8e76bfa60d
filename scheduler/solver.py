"""The one entry point: ``solve(problem) -> Result``.

The CLI, the library API and the app all call :func:`solve`; none of them
holds rule logic. The strategy comes from :mod:`scheduler.search.strategy`,
the model from :mod:`scheduler.cpsat`, and the roster found is always
re-checked by every rule's independent ``check``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import replace

from .checks import data_warnings
from .instance import Instance
from .models import Problem
from .params import SolveParams, default_workers
from .results import Progress, Result
from .shortage import soft_shortage

__all__ = ["Progress", "solve"]


def solve(problem: Problem, *, time_limit: float | None = None, seed: int | None = None,
          workers: int | None = None, progress: Callable[[Progress], None] | None = None,
          log: bool = False, strategy: str | None = None,
          params: SolveParams | None = None, started: float | None = None,
          stop: threading.Event | Callable[[], bool] | None = None) -> Result:
    """Plan the month.

    Parameters
    ----------
    problem
        The validated problem.
    time_limit
        Seconds for the whole call (model building, search and checks);
        defaults to the problem's ``time_limit_s``. It is kept on any
        strategy, seeded or not.
    seed
        When given, the run is reproducible: the solver uses this random seed,
        a deterministic budget of work units (``params.deterministic_units_per_second``
        per second of the limit) and one worker, or deterministic interleaved
        search when ``workers`` is given, so the same input, seed and worker
        count give the same roster on the same machine, unless the wall
        clock ends the run first (then a warning says so). The large
        neighbourhood search keeps to the wall clock.
    workers
        CP-SAT search workers; defaults to one per core (at most 8), or 1
        when ``seed`` is given.
    progress
        Called with each improving roster.
    log
        Print the solver's own search log.
    strategy
        ``cpsat``, ``lns``, ``lns-bound`` or ``auto``/None: chosen from the
        problem's structure and size (:mod:`scheduler.search.strategy`).
    params
        Tuning of the search (:class:`~scheduler.params.SolveParams`).
    started
        The ``time.perf_counter()`` the time limit counts from, when earlier
        than this call (the command line counts its own start-up and reading);
        a seeded run's work-unit budget still follows ``time_limit``.
    stop
        A :class:`threading.Event` (or a callable returning True) another
        thread sets to end the search early; the best roster found so far
        is returned, with a warning that the search was stopped
        (:mod:`scheduler.stopping`).

    Returns
    -------
    Result
        Status, roster, objective, bound, checks, explanation, warnings and
        the search's statistics.

    Raises
    ------
    ValueError
        For an unknown ``strategy``.
    """
    # OR-Tools and the search load on the first call: importing the package
    # (to read or write files) does not need them.
    from .explain import capacity_conflicts
    from .runner import Run
    from .search.strategy import choose_strategy, too_big_to_build
    from .stopping import Stopper

    started = time.perf_counter() if started is None else started
    params = params or SolveParams()
    time_limit = problem.settings.time_limit_s if time_limit is None else time_limit
    if workers is None:
        # A seeded run is reproducible: one worker is deterministic by nature and,
        # measured on 60 and 120 people, as strong as two interleaved workers.
        workers = 1 if seed is not None else default_workers()
    inst = Instance(problem)
    chosen = choose_strategy(inst, strategy, params.strategy)
    warnings = data_warnings(inst)
    # Soft cover the staff's limits cannot meet: told to the manager, and a
    # lower bound far above CP-SAT's on half the benchmark instances.
    shortage = soft_shortage(inst)
    warnings += shortage.messages
    if progress is not None and shortage.penalty > 0:
        progress = _with_floor(progress, shortage.penalty)
    with Stopper(stop) as stopper:
        run = Run(inst, started, time_limit, seed, workers, progress, log, params, warnings,
                  stopper)
        conflicts = capacity_conflicts(inst)
        if conflicts:
            return run.result("infeasible", explanation=conflicts)
        if chosen in ("lns", "lns-bound") and too_big_to_build(inst, run.remaining(),
                                                               params.strategy):
            result = run.by_groups()
            if result is not None:
                return run.stopped(result.raise_bound(shortage.penalty))
        return run.stopped(run.whole_model(chosen).raise_bound(shortage.penalty))


def _with_floor(report: Callable[[Progress], None], floor: int) -> Callable[[Progress], None]:
    """``report`` with each bound raised to ``floor``: progress shows the bound returned."""
    def shown(p: Progress) -> None:
        report(replace(p, bound=max(p.bound, floor)))
    return shown
