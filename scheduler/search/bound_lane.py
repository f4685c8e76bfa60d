"""A one-worker CP-SAT on the whole model, in its own thread, that proves a lower bound."""

from __future__ import annotations

import math
import threading

from ortools.sat.python import cp_model

from ..cpsat import fresh_parameters


class BoundLane(cp_model.CpSolverSolutionCallback):
    """A one-worker CP-SAT on the whole model, in its own thread, for the bound.

    Branching on the LP (``LP_SEARCH``) keeps it at the LP relaxation with cuts,
    which is what raises the bound; with the default branching some seeds dive
    and leave the bound where it started (measured on Instance12: 22 against
    3 632-4 037 at seeds 1-3 in 40 s). Rosters it finds on the way are kept.
    """

    def __init__(self, base: cp_model.CpModel, seconds: float, seed: int | None) -> None:
        super().__init__()
        self.solver = cp_model.CpSolver()
        fresh_parameters(self.solver.parameters, time_limit=max(1.0, seconds), workers=1,
                         seed=seed)
        params = self.solver.parameters
        params.search_branching = type(params).LP_SEARCH
        # Wall clock even when seeded: it runs exactly as long as the search.
        params.max_deterministic_time = math.inf
        params.max_time_in_seconds = max(1.0, seconds)
        self.best: tuple[float, list[int]] | None = None
        self.thread = threading.Thread(target=self.solver.Solve, args=(base, self), daemon=True)
        self.thread.start()

    def on_solution_callback(self) -> None:
        self.best = (self.ObjectiveValue(), list(self.Response().solution))

    def running(self) -> bool:
        return self.thread.is_alive()

    def stop(self) -> tuple[float, tuple[float, list[int]] | None]:
        """The bound proved, and the best roster found, once the thread has ended."""
        self.solver.StopSearch()
        self.thread.join()
        proved = self.solver.BestObjectiveBound()
        return (proved if math.isfinite(proved) else 0.0), self.best
