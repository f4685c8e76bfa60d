"""The CP-SAT model of a month: building it from every rule, its parameters, reading a roster.

:func:`build_model` creates the variables (:class:`~scheduler.context.Context`)
and lets every rule family of :data:`constraints.REGISTRY` add its hard
constraints and soft terms; one place sums the terms into the objective.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from contextlib import contextmanager

from ortools.sat.python import cp_model

from constraints import REGISTRY
from constraints.base import Term

from .context import Context
from .instance import Instance
from .models import Assignment, Roster
from .results import Progress


class ProgressCallback(cp_model.CpSolverSolutionCallback):
    """Reports each improving solution of a CP-SAT solve as :class:`Progress`."""

    def __init__(self, report: Callable[[Progress], None]) -> None:
        super().__init__()
        self.report = report
        self.count = 0

    def on_solution_callback(self) -> None:
        self.count += 1
        self.report(Progress(self.count, self.ObjectiveValue(), self.BestObjectiveBound(),
                             self.WallTime()))

    def reported(self, objective: float, bound: float, seconds: float) -> None:
        """Report a roster found outside CP-SAT's own callbacks (by the search)."""
        self.count += 1
        self.report(Progress(self.count, objective, bound, seconds))


def configure(params, *, time_limit: float, seed: int | None, workers: int,
              log: bool = False, units_per_second: float = 0.5,
              wall_limit: float | None = None) -> None:
    """CP-SAT parameters for our models.

    With two workers, CP-SAT's default portfolio spends them on subsolvers
    that prove little here. Restricting the full-problem workers to the full
    LP relaxation (``max_lp``; CP-SAT then gives the second thread to a
    first-solution heuristic, ``core`` is listed but not scheduled with 2
    workers) proves a 12-person month optimal about ten times faster
    (measured: 2.2 s → 0.2 s, 2 cores). One worker gets the same LP level.

    With a seed the run is reproducible: a deterministic limit of
    ``units_per_second`` work units per second of ``time_limit`` (and
    interleaved search with more than one worker). The wall clock still caps
    it at ``wall_limit`` (default ``time_limit``), so a limit is kept on a
    slow or loaded machine; there the run may end before its work units, and
    so differ.
    """
    params.num_workers = workers
    params.log_search_progress = log
    if workers == 1:
        params.linearization_level = 2
    elif workers == 2:
        params.subsolvers.append("max_lp")
        params.subsolvers.append("core")
    params.max_time_in_seconds = max(0.0, time_limit if wall_limit is None else wall_limit)
    if seed is not None:
        params.random_seed = seed
        if workers > 1:
            params.interleave_search = True
        params.max_deterministic_time = time_limit * units_per_second


def fresh_parameters(params, *, time_limit: float, workers: int,
                     seed: int | None = None) -> None:
    """Our parameters from scratch with a wall-clock limit (for the search's own solves).

    :func:`configure` appends subsolvers and, with a seed, switches on the
    deterministic interleaved search; the search's solves want neither to
    accumulate, and a seed only for the random choices.
    """
    params.copy_from(cp_model.CpSolver().parameters)
    configure(params, time_limit=time_limit, seed=None, workers=workers)
    if seed is not None:
        params.random_seed = seed


def build_model(instance: Instance) -> tuple[Context, list[Term]]:
    """The CP-SAT model of an instance: every rule's constraints, and the objective."""
    with cyclic_gc_paused():
        ctx = Context(instance)
        terms: list[Term] = []
        for rule in REGISTRY:
            terms += rule.build(ctx)
        ctx.model.minimize(sum(t.weight * t.expr for t in terms))
    return ctx, terms


@contextmanager
def cyclic_gc_paused():
    """Pause Python's cyclic garbage collector (reference counting still frees).

    A model holds up to millions of Python objects (Instance24: 1.1 M
    variables, 0.6 M constraints), and each of the collector's full passes
    walks all of them: they took 5.6 of the 15.9 s of creating Instance24's
    variables. What it would find (few cycles) is collected when the pause
    ends.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


@contextmanager
def model_frozen():
    """Keep the objects that exist now (a built model) out of the collector's passes.

    After building, the search still allocates: on Instance24 the collector's
    passes over the model took 5 s before the constructed roster was even
    started. Pausing the collector for the whole solve is no answer: every
    copy of a ``CpModel`` is a reference cycle (it holds bound methods of
    itself), so the search's neighbourhood models were kept to the end
    (Instance22: 2.7 GB peak instead of 1.6). ``gc.freeze`` moves what exists
    to a generation the collector skips; what comes after is collected as
    usual.
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def roster_of(ctx: Context, values) -> Roster:
    """The roster of a solution (every variable's value, by index)."""
    occs = ctx.inst.occurrences
    rows = []
    for role, var_map in (("duty", ctx.duty), ("backup", ctx.backup)):
        for (emp_id, index), var in var_map.items():
            if values[var.index]:
                occ = occs[index]
                rows.append(Assignment.model_construct(
                    date=occ.date, shift_id=occ.shift_id, employee_id=emp_id, role=role))
    return Roster(assignments=rows).sorted()


def extract_roster(ctx: Context, solver: cp_model.CpSolver) -> Roster:
    """Read the assignments of a solution."""
    # The whole solution at once: a call per variable took 2.4 s on Instance24.
    return roster_of(ctx, solver.ResponseProto().solution)


def duty_roster(inst: Instance, duties) -> Roster:
    """The roster of duty cells (employee id, occurrence index); no backups."""
    occs = inst.occurrences
    return Roster(assignments=[
        Assignment.model_construct(date=occs[oi].date, shift_id=occs[oi].shift_id,
                                   employee_id=emp_id, role="duty")
        for emp_id, oi in duties])
