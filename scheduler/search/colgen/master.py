"""The master problem: one schedule per person, coupled by the soft cover."""

from __future__ import annotations

import time

import numpy as np

from ...instance import Instance


class LPFailed(Exception):
    """The master LP did not solve to optimality."""


class MasterProblem:
    """The master problem in OR-Tools' linear solver wrapper: GLOP for the LP.

    Rows: one convexity row per person (= 1), one cover row per occurrence
    (= its staff, with a shortfall and a surplus variable priced at its
    weights). Columns are numbered from 0 in the order added. ``solver``:
    the wrapper's solver name (``CP_SAT`` for the master IP, :func:`master_ip`).
    """

    def __init__(self, num_people: int, occs, solver: str = "GLOP") -> None:
        from ortools.linear_solver import pywraplp

        self._found = (pywraplp.Solver.OPTIMAL, pywraplp.Solver.FEASIBLE)
        lp = self._lp = pywraplp.Solver.CreateSolver(solver)
        self._conv = [lp.Constraint(1, 1) for _ in range(num_people)]
        self._cover = [lp.Constraint(occ.staff, occ.staff) for occ in occs]
        self._objective = lp.Objective()
        self._objective.SetMinimization()
        for occ, row in zip(occs, self._cover, strict=True):
            short, extra = lp.NumVar(0, lp.infinity(), ""), lp.NumVar(0, lp.infinity(), "")
            row.SetCoefficient(short, 1)
            row.SetCoefficient(extra, -1)
            self._objective.SetCoefficient(short, occ.under_weight or 0)
            self._objective.SetCoefficient(extra, occ.over_weight or 0)
        self._vars: list = []

    def add(self, p: int, cells: tuple[int, ...], cost: float, binary: bool = False) -> int:
        """Add person ``p``'s schedule (each date's occurrence index, -1 off); its number."""
        # At most 1 by its convexity row (an upper bound of its own would
        # take a share of the reduced cost from the row's dual).
        var = self._lp.BoolVar("") if binary else self._lp.NumVar(0, self._lp.infinity(), "")
        self._conv[p].SetCoefficient(var, 1)
        for oi in cells:
            if oi >= 0:
                self._cover[oi].SetCoefficient(var, 1)
        self._objective.SetCoefficient(var, cost)
        self._vars.append(var)
        return len(self._vars) - 1

    def solve(self, feasible: bool = False) -> bool:
        """Whether it solved to optimality (or, with ``feasible``, found a solution)."""
        return self._lp.Solve() in (self._found if feasible else self._found[:1])

    def limit(self, seconds: float, parameters: str = "") -> None:
        self._lp.SetTimeLimit(max(1, int(1000 * seconds)))
        if parameters:
            self._lp.SetSolverSpecificParametersAsString(parameters)

    def hint(self, values: list[float]) -> None:
        """A value for every column, in the order added."""
        self._lp.SetHint(self._vars, values)

    def value(self) -> float:
        return self._objective.Value()

    def duals(self) -> tuple[np.ndarray, np.ndarray]:
        """The cover rows' duals and the convexity rows'."""
        return (np.array([row.dual_value() for row in self._cover]),
                np.array([row.dual_value() for row in self._conv]))

    def primal(self) -> np.ndarray:
        return np.array([var.solution_value() for var in self._vars])

    def set_lb(self, j: int, lb: float) -> None:
        self._vars[j].SetLb(lb)


def master_ip(inst: Instance, num_people: int, columns, cost, start: dict,
              until: float) -> dict | None:
    """The best choice of one column per person among ``columns``, or None.

    The master problem with its column variables binary, by CP-SAT (two
    workers) from the choice ``start`` (a hint), until ``until``; None when
    it found no choice. (SCIP took longer: Instance6's 821 columns after one
    dive, 6.1 s to its limit against 3.0 s.)
    """
    mip = MasterProblem(num_people, inst.occurrences, "CP_SAT")
    mip.limit(until - time.perf_counter(), "num_workers: 2")
    chosen = {(p, cells): mip.add(p, cells, cost(p, cells), binary=True)
              for p in range(num_people) for cells in columns[p]}
    mip.hint([1.0 if start.get(p) == cells else 0.0 for p, cells in chosen])
    if not mip.solve(feasible=True):
        return None
    x = mip.primal()
    return {p: cells for (p, cells), j in chosen.items() if x[j] > 0.5}
