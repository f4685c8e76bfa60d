"""One call of :func:`scheduler.solve`: its clock, the search it runs, the result it assembles.

Kept apart from :mod:`scheduler.solver` so that importing the package does
not load OR-Tools (``roster schema`` and ``roster template`` need none of it).
"""

from __future__ import annotations

import time
from collections import Counter

from ortools.sat.python import cp_model

from .checks import check_roster
from .cpsat import ProgressCallback, build_model, extract_roster, model_frozen
from .explain import explain_infeasible
from .i18n import define, msg
from .instance import Instance
from .params import SolveParams
from .results import Progress, Result
from .search import solve_by_groups, solve_cpsat, solve_lns
from .stopping import Stopper

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
W_WALL_CLOCK = define(
    "warn.wall_clock",
    "The seeded search stopped at the time limit before its deterministic budget: on this "
    "machine's load the same seed may give another roster.",
    "带种子的求解在用完确定性预算前已到时限：在当前机器负载下，同一种子可能得到不同的排班。")
W_STOPPED = define(
    "warn.stopped",
    "The search was stopped on request before its time limit: this is the best roster found "
    "so far.",
    "求解已按要求在时限前停止：这是目前找到的最好排班。")


class Run:
    """One call of :func:`solve`: its clock, options and the results it assembles."""

    def __init__(self, inst: Instance, started: float, time_limit: float, seed: int | None,
                 workers: int, progress, log: bool, params: SolveParams, warnings,
                 stopper: Stopper | None = None) -> None:
        self.inst, self.started, self.time_limit = inst, started, time_limit
        self.seed, self.workers, self.progress, self.log = seed, workers, progress, log
        self.params, self.warnings = params, warnings
        self.stopper = stopper or Stopper()

    def stopped(self, result: Result) -> Result:
        """``result``, with a warning when the caller stopped the search."""
        if self.stopper.requested:
            result.warnings.append(msg(W_STOPPED))
        return result

    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    def remaining(self) -> float:
        return self.time_limit - self.elapsed()

    def result(self, status: str, **fields) -> Result:
        return Result(status, instance=self.inst, warnings=self.warnings, workers=self.workers,
                      seed=self.seed, wall_time=self.elapsed(), **fields)

    def checked(self, roster) -> list:
        """The checks' violations of ``roster``; a hard one is a bug, and is said."""
        violations = check_roster(self.inst, roster)
        hard = [v for v in violations if v.hard]
        if hard:
            self.warnings.append(msg(W_CHECK_DISAGREES, n=len(hard)))
        return violations

    def by_groups(self) -> Result | None:
        """Solve without the whole model: groups of people on models of their own."""
        count = 0

        def on_improve(objective: float, seconds: float) -> None:
            nonlocal count
            count += 1
            if self.progress is not None:
                self.progress(Progress(count, objective, 0.0, seconds))

        search_started = time.perf_counter()
        found = solve_by_groups(self.inst, time_limit=self.time_limit, seed=self.seed,
                                workers=self.workers, params=self.params, started=self.started,
                                on_improve=on_improve)
        if found is None:
            return None
        self.checked(found.roster)
        penalties: Counter[str] = Counter()
        for v in found.violations:
            penalties[v.rule] += v.penalty
        return self.result("feasible", roster=found.roster,
                           objective=sum(v.penalty for v in found.violations), bound=0.0,
                           violations=found.violations,
                           model_penalties={k: v for k, v in sorted(penalties.items()) if v},
                           solver_time=time.perf_counter() - search_started,
                           num_solutions=count, strategy="groups",
                           search={"start": "constructed", "groups": found.groups,
                                   "improvements": found.improvements})

    def whole_model(self, chosen: str) -> Result:
        """Build the whole model, search it by ``chosen``, read and check its best roster."""
        ctx, terms = build_model(self.inst)
        with model_frozen():
            solver = cp_model.CpSolver()
            callback = ProgressCallback(self.progress) if self.progress else None
            searching = time.perf_counter()
            if chosen in ("lns", "lns-bound"):
                def on_improve(objective: float, bound: float, seconds: float) -> None:
                    if callback is not None:
                        callback.reported(objective, bound, seconds)

                outcome = solve_lns(ctx, solver, time_limit=max(0.5, self.remaining()),
                                    seed=self.seed, workers=self.workers, params=self.params,
                                    on_improve=on_improve, callback=callback, log=self.log,
                                    bound_lane=chosen == "lns-bound", stopper=self.stopper)
                status, bound, stats = outcome.status, outcome.bound, outcome.stats
                solver_time = time.perf_counter() - searching
            else:
                with self.stopper.watching(solver):
                    status, stats = solve_cpsat(ctx, solver, started=self.started,
                                                time_limit=self.time_limit, seed=self.seed,
                                                workers=self.workers, params=self.params,
                                                log=self.log, callback=callback)
                bound, solver_time = None, solver.WallTime()
                if self.seed is not None and status == cp_model.FEASIBLE and \
                        not self.stopper.requested and \
                        solver.ResponseProto().deterministic_time \
                        < 0.99 * solver.parameters.max_deterministic_time:
                    # Not proved optimal and not at its budget: the clock stopped it.
                    self.warnings.append(msg(W_WALL_CLOCK))
            info = dict(solver_time=solver_time, num_conflicts=solver.NumConflicts(),
                        num_branches=solver.NumBranches(),
                        num_solutions=callback.count if callback else 0, strategy=chosen,
                        search=stats)
            return self._read(ctx, terms, solver, status, bound, stats.get("dive_bound"), info)

    def _read(self, ctx, terms, solver, status: int, bound: float | None,
              dive_bound: int | None, info: dict) -> Result:
        """The result of a finished whole-model search."""
        if status == cp_model.INFEASIBLE:
            # What is left of the time, and at least a moment: the manager needs the reason.
            explanation = explain_infeasible(self.inst, time_limit=max(1.5, self.remaining()))
            return self.result("infeasible", explanation=explanation, **info)
        if status == cp_model.MODEL_INVALID:
            raise RuntimeError(f"CP-SAT rejected the model: {ctx.model.Validate()}")
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            if self.stopper.requested:
                return self.result("no_solution", **info)
            return self.result("no_solution",
                               explanation=[msg(T_NO_SOLUTION, seconds=self.time_limit)], **info)
        roster = extract_roster(ctx, solver)
        violations = self.checked(roster)
        model_penalties: Counter[str] = Counter()
        for term in terms:
            value = term.expr if isinstance(term.expr, int) else solver.Value(term.expr)
            model_penalties[term.rule] += term.weight * value
        # The roster's cost is what the checks find: a solution not proved
        # optimal may carry slack in the model's penalty variables.
        objective = round(solver.ObjectiveValue())
        if not any(v.hard for v in violations):
            objective = min(objective, sum(v.penalty for v in violations))
        return self.result(
            "optimal" if status == cp_model.OPTIMAL else "feasible",
            roster=roster, objective=objective,
            bound=solver.BestObjectiveBound() if bound is None else bound,
            violations=violations,
            model_penalties={k: v for k, v in sorted(model_penalties.items()) if v},
            **info).raise_bound(dive_bound or 0)
