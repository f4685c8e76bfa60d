"""One CP-SAT search on the whole model, hinted by a dived roster where that applies."""

from __future__ import annotations

import os
import time

from ortools.sat.python import cp_model

from ..context import Context
from ..cpsat import configure
from ..params import SolveParams
from .people import decomposable
from .start import dive_hint


def solve_cpsat(ctx: Context, solver: cp_model.CpSolver, *, started: float, time_limit: float,
                seed: int | None, workers: int, params: SolveParams, log: bool = False,
                callback: cp_model.CpSolverSolutionCallback | None = None) -> tuple[int, dict]:
    """Solve the model once; (CP-SAT status, statistics: ``start``, ``dive_bound``).

    Without a seed, on a decomposable month, a roster dived by column
    generation hints the search first and its bound is returned as
    ``dive_bound``; a dived roster at its bound is optimal, and CP-SAT then
    only completes it. A seeded run has no dive (the dive ends by the clock,
    which would make the run irreproducible). Every solve keeps to the wall
    clock: ``time_limit`` counted from ``started``, less the time reading and
    checking the roster will take.
    """
    stats: dict = {"start": "cpsat"}
    # Reading, checking and reporting the roster after the search take about
    # 2 s per 100 000 duty variables: kept out of the search's wall clock.
    reserve = min(0.15 * time_limit, 0.2 + 2 * len(ctx.duty) / 100_000)

    def remaining() -> float:
        return max(0.1, time_limit - reserve - (time.perf_counter() - started))

    configure(solver.parameters, time_limit=time_limit, seed=seed, workers=workers, log=log,
              units_per_second=params.deterministic_units_per_second, wall_limit=remaining())
    proved = False
    if seed is None and decomposable(ctx.inst):
        dived = dive_hint(ctx, started + params.start.hint_share * time_limit, params, workers,
                          debug=bool(os.environ.get("ROSTER_LNS_DEBUG")))
        if dived is not None:
            proved = dived.optimal
            stats.update(start="dive", dive_bound=dived.bound)
        solver.parameters.max_time_in_seconds = remaining()
        # A dived roster at its bound is optimal: CP-SAT only completes it.
        solver.parameters.fix_variables_to_their_hinted_value = proved
    status = solver.Solve(ctx.model, callback)
    if proved and status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):  # pragma: no cover
        # The model rejects the dived roster (checks and model agree, so a bug): search it.
        solver.parameters.fix_variables_to_their_hinted_value = False
        solver.parameters.max_time_in_seconds = remaining()
        status = solver.Solve(ctx.model, callback)
    return status, stats
