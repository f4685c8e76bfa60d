"""The one entry point: ``solve(problem) -> Result``.

The CLI, the library API and later the app all call :func:`solve`; none of
them holds rule logic. The solver's roster is always re-checked by every
rule's independent ``check``.
"""

from __future__ import annotations

import gc
import os
import time
from collections import Counter
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, replace

from ortools.sat.python import cp_model

from constraints import REGISTRY
from constraints.base import Term

from . import search
from .checks import check_roster, data_warnings
from .context import Context
from .decompose import duty_cells, solve_by_groups
from .explain import capacity_conflicts, explain_infeasible
from .i18n import define, msg
from .instance import Instance
from .models import Assignment, Problem, Roster
from .results import Result
from .search import BIG, choose_strategy, dive_hint, solve_lns
from .shortage import soft_shortage

T_NO_SOLUTION = define(
    "explain.no_solution",
    "No roster was found within {seconds:g} s, and the solver could not prove that none "
    "exists. Give it more time (--time-limit), or relax the tightest rules (caps, leave, "
    "pinned cells).",
    "在 {seconds:g} 秒内未找到排班，也未能证明无解。请延长求解时限（--time-limit），"
    "或放宽最紧的规则（上限、请假、固定安排）。")
W_CHECK_DISAGREES = define(
    "warn.check_disagrees",
    "Internal check: the solver's roster breaks {n} hard rules (a bug; please report it).",
    "内部校验：求解器给出的排班违反 {n} 条硬性规则（程序错误，请反馈）。")


BUILD_SECONDS_PER_CELL = 40e-6  # Python's share of building the whole model, slow machine


@dataclass(frozen=True)
class Progress:
    """A new best roster found while solving."""

    solutions: int
    objective: float
    bound: float
    seconds: float


def default_workers() -> int:
    """CP-SAT workers for this machine: one per core, at most 8."""
    return max(1, min(8, os.cpu_count() or 1))


class _Callback(cp_model.CpSolverSolutionCallback):
    def __init__(self, report: Callable[[Progress], None]) -> None:
        super().__init__()
        self.report = report
        self.count = 0

    def on_solution_callback(self) -> None:
        self.count += 1
        self.report(Progress(self.count, self.ObjectiveValue(), self.BestObjectiveBound(),
                             self.WallTime()))


DETERMINISTIC_UNITS_PER_SECOND = 0.5


def configure(params, *, time_limit: float, seed: int | None, workers: int,
              log: bool = False) -> None:
    """CP-SAT parameters for our models.

    With two workers, CP-SAT's default portfolio spends them on subsolvers
    that prove little here. Restricting the full-problem workers to the full
    LP relaxation (``max_lp``; CP-SAT then gives the second thread to a
    first-solution heuristic, ``core`` is listed but not scheduled with 2
    workers) proves a 12-person month optimal about ten times faster
    (measured: 2.2 s → 0.2 s, 2 cores). One worker gets the same LP level.
    """
    params.num_workers = workers
    params.log_search_progress = log
    if workers == 1:
        params.linearization_level = 2
    elif workers == 2:
        params.subsolvers.append("max_lp")
        params.subsolvers.append("core")
    if seed is not None:
        params.random_seed = seed
        if workers > 1:
            params.interleave_search = True
        # Work units run at about half a unit per second here (measured on the
        # 2-core machine: 14.7 units in 30 s single-threaded), so half the
        # limit in units keeps the wall time near the limit asked for.
        params.max_deterministic_time = time_limit * DETERMINISTIC_UNITS_PER_SECOND
        params.max_time_in_seconds = max(60.0, 10 * time_limit)  # a safety net only
    else:
        params.max_time_in_seconds = time_limit


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


def solve(problem: Problem, *, time_limit: float | None = None, seed: int | None = None,
          workers: int | None = None, progress: Callable[[Progress], None] | None = None,
          log: bool = False, strategy: str | None = None) -> Result:
    """Plan the month.

    Parameters
    ----------
    problem
        The validated problem.
    time_limit
        Seconds for the search; defaults to the problem's ``time_limit_s``.
    seed
        When given, the run is reproducible: the solver uses this random seed,
        a deterministic time limit (work units; half a unit per second of the
        limit) and one worker, or deterministic interleaved search when
        ``workers`` is given, so the same input, seed and worker count give the
        same roster on any load of the same machine.
    workers
        CP-SAT search workers; defaults to one per core (at most 8), or 1
        when ``seed`` is given.
    progress
        Called with each improving roster.
    log
        Print the solver's own search log.
    strategy
        ``cpsat`` (one CP-SAT search), ``lns`` (CP-SAT, then large
        neighbourhood search on the same model; see :mod:`scheduler.search`),
        ``lns-bound`` (LNS on one core while the other proves a lower bound
        on the whole model: a much better bound, a somewhat worse roster)
        or ``auto``/None: LNS for Curtois & Qu benchmark inputs, CP-SAT
        otherwise. LNS uses a wall-clock limit even when ``seed`` is given.
        With ``auto`` or ``lns``, a model too big to build and search in the
        time left (Instance24 at 60 s) is not built: the constructed roster
        is improved by groups of people on models of their own
        (:mod:`scheduler.decompose`; ``Result.strategy`` is then ``groups``).

    Returns
    -------
    Result
        Status, roster, objective, bound, checks, explanation and warnings.
    """
    started = time.perf_counter()
    time_limit = problem.settings.time_limit_s if time_limit is None else time_limit
    if workers is None:
        # A seeded run is reproducible: one worker is deterministic by nature and,
        # measured on 60 and 120 people, as strong as two interleaved workers.
        workers = 1 if seed is not None else default_workers()
    inst = Instance(problem)
    warnings = data_warnings(inst)
    # Soft cover the staff's limits cannot meet: told to the manager, and a
    # lower bound far above CP-SAT's on half the benchmark instances.
    shortage = soft_shortage(inst)
    warnings += shortage.messages
    if progress is not None and shortage.penalty > 0:
        progress = _with_floor(progress, shortage.penalty)
    base = dict(instance=inst, warnings=warnings, workers=workers, seed=seed)

    conflicts = capacity_conflicts(inst)
    if conflicts:
        return Result("infeasible", explanation=conflicts,
                      wall_time=time.perf_counter() - started, **base)

    if (choose_strategy(problem, strategy) == "lns"
            and _too_big_to_build(inst, time_limit - (time.perf_counter() - started))):
        result = _solve_by_groups(inst, base, started=started, time_limit=time_limit, seed=seed,
                                  workers=workers, progress=progress)
        if result is not None:
            return _raise_bound(result, shortage.penalty)

    ctx, terms = build_model(inst)
    with model_frozen():
        result = _solve_model(inst, ctx, terms, base, started=started, time_limit=time_limit,
                              seed=seed, workers=workers, progress=progress, log=log,
                              strategy=strategy)
    return _raise_bound(result, shortage.penalty)


def _with_floor(report: Callable[[Progress], None], floor: int) -> Callable[[Progress], None]:
    """``report`` with each bound raised to ``floor``: progress shows the bound returned."""
    def shown(p: Progress) -> None:
        report(replace(p, bound=max(p.bound, floor)))
    return shown


def _raise_bound(result: Result, floor: int) -> Result:
    """The solver's bound raised to ``floor`` (a valid lower bound); optimal if met.

    Every penalty of the model is non-negative, so the least penalty of the
    soft cover no roster can meet (:mod:`scheduler.shortage`) bounds the
    objective from below.
    """
    if result.roster is None or floor <= 0:
        return result
    if result.bound is None or result.bound < floor:
        result.bound = float(floor)
    if result.status == "feasible" and result.objective is not None \
            and result.objective <= result.bound:
        result.status = "optimal"
    return result


def _too_big_to_build(inst: Instance, seconds: float) -> bool:
    """Whether building the whole model and entering its search would not fit.

    Above :data:`~scheduler.search.BIG` duty cells: building takes about
    :data:`BUILD_SECONDS_PER_CELL` (Instance24, 1.04 M cells: 20.7 s on a
    quick machine, 31.7-50 s on a slow one), and the constructed start, the
    kept-fixed model and the final solve about 2 s per 100 000 cells more.
    """
    cells = duty_cells(inst)
    return cells > BIG and cells * (BUILD_SECONDS_PER_CELL + 2 / 100_000) > seconds


def _solve_by_groups(inst: Instance, base: dict, *, started: float, time_limit: float,
                     seed: int | None, workers: int,
                     progress: Callable[[Progress], None] | None) -> Result | None:
    """Solve without the whole model: groups of people on models of their own."""
    count = 0

    def on_improve(objective: float, seconds: float) -> None:
        nonlocal count
        count += 1
        if progress is not None:
            progress(Progress(count, objective, 0.0, seconds))

    search_started = time.perf_counter()
    found = solve_by_groups(inst, time_limit=time_limit, seed=seed, workers=workers,
                            started=started, on_improve=on_improve)
    if found is None:
        return None
    warnings = base["warnings"]
    hard = [v for v in found.violations if v.hard]
    if hard:
        warnings.append(msg(W_CHECK_DISAGREES, n=len(hard)))
    penalties: Counter[str] = Counter()
    for v in found.violations:
        penalties[v.rule] += v.penalty
    return Result("feasible", roster=found.roster,
                  objective=sum(v.penalty for v in found.violations), bound=0.0,
                  violations=found.violations,
                  model_penalties={k: v for k, v in sorted(penalties.items()) if v},
                  wall_time=time.perf_counter() - started,
                  solver_time=time.perf_counter() - search_started, num_solutions=count,
                  strategy="groups", **base)


def _solve_model(inst: Instance, ctx: Context, terms: list[Term], base: dict, *,
                 started: float, time_limit: float, seed: int | None, workers: int,
                 progress: Callable[[Progress], None] | None, log: bool,
                 strategy: str | None) -> Result:
    """Search the built model, then read, check and report its best roster."""
    problem, warnings = inst.problem, base["warnings"]
    solver = cp_model.CpSolver()
    configure(solver.parameters, time_limit=time_limit, seed=seed, workers=workers, log=log)
    callback = _Callback(progress) if progress else None
    lns_bound = dived_bound = None
    chosen = choose_strategy(problem, strategy, ctx)
    if chosen in ("lns", "lns-bound"):
        def on_improve(objective: float, bound: float, seconds: float) -> None:
            if callback is not None:
                callback.count += 1
                progress(Progress(callback.count, objective, bound, seconds))

        lns_started = time.perf_counter()
        status, lns_bound = solve_lns(
            ctx, solver, time_limit=max(0.5, time_limit - (time.perf_counter() - started)),
            seed=seed, workers=workers, configure=configure, on_improve=on_improve,
            callback=callback, log=log, bound_lane=chosen == "lns-bound")
    else:
        if seed is None:
            # On the benchmark, a dived roster as the hint and its bound as a
            # floor (not in a seeded run: the dive ends by the clock).
            dived_bound, proved = dive_hint(ctx, started + search.HINT_SHARE * time_limit,
                                            workers)
            solver.parameters.max_time_in_seconds = max(0.5, time_limit
                                                        - (time.perf_counter() - started))
            # A dived roster at its bound is optimal: CP-SAT only completes it.
            solver.parameters.fix_variables_to_their_hinted_value = proved
        status = solver.Solve(ctx.model, callback)
        if solver.parameters.fix_variables_to_their_hinted_value and status not in (
                cp_model.OPTIMAL, cp_model.FEASIBLE):  # pragma: no cover - checks and model agree
            # The model rejects the dived roster: search it instead.
            solver.parameters.fix_variables_to_their_hinted_value = False
            solver.parameters.max_time_in_seconds = max(0.5, time_limit
                                                        - (time.perf_counter() - started))
            status = solver.Solve(ctx.model, callback)
    stats = dict(solver_time=solver.WallTime() if lns_bound is None
                 else time.perf_counter() - lns_started, num_conflicts=solver.NumConflicts(),
                 num_branches=solver.NumBranches(),
                 num_solutions=callback.count if callback else 0, strategy=chosen)

    if status == cp_model.INFEASIBLE:
        remaining = max(5.0, time_limit - (time.perf_counter() - started))
        explanation = explain_infeasible(inst, time_limit=min(remaining, 30.0))
        return Result("infeasible", explanation=explanation,
                      wall_time=time.perf_counter() - started, **stats, **base)
    if status == cp_model.MODEL_INVALID:
        raise RuntimeError(f"CP-SAT rejected the model: {ctx.model.Validate()}")
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return Result("no_solution", explanation=[msg(T_NO_SOLUTION, seconds=time_limit)],
                      wall_time=time.perf_counter() - started, **stats, **base)

    roster = extract_roster(ctx, solver)
    violations = check_roster(inst, roster)
    hard = [v for v in violations if v.hard]
    if hard:
        warnings.append(msg(W_CHECK_DISAGREES, n=len(hard)))
    model_penalties: Counter[str] = Counter()
    for term in terms:
        value = term.expr if isinstance(term.expr, int) else solver.Value(term.expr)
        model_penalties[term.rule] += term.weight * value
    return _raise_bound(Result(
        "optimal" if status == cp_model.OPTIMAL else "feasible",
        roster=roster,
        objective=round(solver.ObjectiveValue()),
        bound=solver.BestObjectiveBound() if lns_bound is None else lns_bound,
        violations=violations,
        model_penalties={k: v for k, v in sorted(model_penalties.items()) if v},
        wall_time=time.perf_counter() - started,
        **stats, **base), dived_bound or 0)


def extract_roster(ctx: Context, solver: cp_model.CpSolver) -> Roster:
    """Read the assignments of a solution."""
    occs = ctx.inst.occurrences
    # The whole solution at once: a call per variable took 2.4 s on Instance24.
    values = solver.ResponseProto().solution
    rows = []
    for role, var_map in (("duty", ctx.duty), ("backup", ctx.backup)):
        for (emp_id, index), var in var_map.items():
            if values[var.index]:
                occ = occs[index]
                rows.append(Assignment.model_construct(
                    date=occ.date, shift_id=occ.shift_id, employee_id=emp_id, role=role))
    return Roster(assignments=rows).sorted()
