"""First rosters for the search: dived, constructed, completed, or CP-SAT's first.

Which start a model gets follows its size and horizon
(:class:`~scheduler.params.StrategyParams`):

- up to ``big`` duty variables and ``long`` days: a roster dived by column
  generation (:mod:`scheduler.search.colgen`) from a time limit of
  ``StartParams.colgen_from``; its root LP's bound is the search's bound;
- longer horizons with at most ``colgen_long_cells`` duty cells: a dive too
  (fixing a share of the people at once), a constructed roster if it yields
  nothing;
- larger or longer models: a roster constructed person by person
  (:mod:`scheduler.search.construct`);
- otherwise, or when none of those gives a roster: CP-SAT on the whole model
  for ``LNSParams.first_share`` of the time (a first roster and a bound),
  hinted with the constructed roster where there is one.

A dived or constructed roster is completed by CP-SAT with every duty fixed
(presolve finds the other variables), so the search starts from a whole
solution of the engine's model. Every start is re-checked by the
independent checks before it is used.
"""

from __future__ import annotations

import math
import sys
import time
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from ..checks import check_roster
from ..context import Context
from ..cpsat import duty_roster, fresh_parameters
from ..params import SolveParams
from ..stopping import Stopper
from .colgen import dive
from .construct import construct_duties
from .fixed import FixedModel, complete, hint_duties


@dataclass
class Frame:
    """What every step of one search shares: the model, the clock and the tuning."""

    ctx: Context
    solver: cp_model.CpSolver
    cells: list[tuple[int, int, int]]  # (variable index, person's position, date index)
    started: float
    deadline: float  # the search's own end, before the final solve and checks
    time_limit: float
    seed: int | None
    workers: int
    params: SolveParams
    step: float
    callback: cp_model.CpSolverSolutionCallback | None = None
    on_improve: object = None  # (objective, bound, seconds) -> None
    log: bool = False
    debug: bool = False
    stats: dict = field(default_factory=dict)
    stopper: Stopper = field(default_factory=Stopper)

    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    def say(self, line: str) -> None:
        if self.debug:
            print(line, file=sys.stderr)

    def improved(self, objective: float, bound: float) -> None:
        if self.on_improve is not None:
            self.on_improve(objective, bound, self.elapsed())


@dataclass
class Start:
    """The search's first roster, or the status it ended with already.

    ``status`` is set when the search ends here: CP-SAT proved the model
    infeasible or optimal, found no roster, or a constructed roster was solved
    as it is because no time is left to search. Otherwise ``values`` is a
    whole solution (or, with ``objective`` infinite, a constructed roster's
    duty values only), ``bound`` the bound proved so far, ``fixed`` the
    kept-fixed model when one was built, ``relaxed`` the dive's root LP
    value of each duty variable (for relaxation induced neighbourhoods).
    """

    status: int | None = None
    bound: float = 0.0
    values: list[int] | None = None
    objective: float = math.inf
    fixed: FixedModel | None = None
    relaxed: dict[int, float] = field(default_factory=dict)
    origin: str = ""


def constructed_values(ctx: Context, params: SolveParams,
                       until: float | None = None) -> dict[int, int] | None:
    """Duty values (variable index -> 0/1) of a constructed roster the checks pass, or None."""
    duties = construct_duties(ctx.inst, params.construct, until)
    if duties is None:
        return None
    values: dict[int, int] = {var.index: 0 for var in ctx.duty.values()}
    for key in duties:
        values[ctx.duty[key].index] = 1
    if any(v.hard for v in check_roster(ctx.inst, duty_roster(ctx.inst, duties))):
        return None
    return values


@dataclass
class Dived:
    """A dived roster the checks pass: duty values, the root's bound, its penalty, the LP."""

    values: dict[int, int]
    bound: int | None
    penalty: int
    relaxed: dict[int, float]

    @property
    def optimal(self) -> bool:
        """Whether the roster meets the root's bound."""
        return self.bound is not None and self.penalty <= self.bound


def dived_values(ctx: Context, until: float, params: SolveParams, debug: bool = False,
                 most: int | None = None, workers: int = 1, **options) -> Dived | None:
    """A roster from :func:`scheduler.search.colgen.dive` that the checks pass, or None.

    ``options`` are passed on to the dive (``fix_share``, ``master_ip_share``, ...).
    """
    found = dive(ctx.inst, until, params.colgen,
                 log=(lambda line: print(line, file=sys.stderr)) if debug else None,
                 most=most, workers=workers, **options)
    if found is None:
        return None
    violations = check_roster(ctx.inst, duty_roster(ctx.inst, found.duties))
    if any(v.hard for v in violations):
        return None
    values: dict[int, int] = {var.index: 0 for var in ctx.duty.values()}
    for key in found.duties:
        values[ctx.duty[key].index] = 1
    # The bound counts cover and requests only; it is kept where those are the
    # whole penalty (the checks agree with the master on the dive's roster).
    penalty = sum(v.penalty for v in violations)
    bound = found.bound if penalty == round(found.penalty) else None
    relaxed = {ctx.duty[key].index: x for key, x in found.root_duties.items() if key in ctx.duty}
    return Dived(values, bound, penalty, relaxed)


def dive_hint(ctx: Context, until: float, params: SolveParams, workers: int = 1,
              debug: bool = False) -> Dived | None:
    """Hint ``ctx.model`` with a dived roster for plain CP-SAT; the dive, or None.

    One dive, then the best roster among its columns
    (``StartParams.hint_master_ip``): on small decomposable models the dive
    takes 2-3 s and lands near the optimum. A roster at the dive's bound
    (:attr:`Dived.optimal`) is optimal: the caller then only completes it,
    where CP-SAT took the whole limit to prove Instance4's 1 716 itself.
    None: no dive (``StartParams.hint_share`` is 0, or it found nothing).
    """
    if params.start.hint_share <= 0:
        return None
    # One dive: CP-SAT gains more from the time than more dives do.
    dived = dived_values(ctx, until, params, debug, most=1, workers=workers,
                         master_ip_share=params.start.hint_master_ip)
    if dived is None:
        return None
    for var in ctx.duty.values():
        ctx.model.AddHint(var, dived.values[var.index])
    return dived


def first_roster(frame: Frame) -> Start:
    """The search's start (see the module's docstring); may end the search at once."""
    ctx, cells, time_limit = frame.ctx, frame.cells, frame.time_limit
    strategy, start = frame.params.strategy, frame.params.start
    num_days = ctx.inst.num_days
    large = len(cells) > strategy.big or num_days > strategy.long
    dive_long = num_days > strategy.long and len(cells) <= strategy.colgen_long_cells

    def construct() -> dict[int, int] | None:
        values = constructed_values(ctx, frame.params,
                                    frame.started + start.replan_share * time_limit)
        if values is not None:
            frame.say(f"lns constructed a first roster at {frame.elapsed():.1f}s")
        return values

    constructed = construct() if large and not dive_long else None
    dived = None
    if constructed is None and start.colgen_share > 0 and time_limit >= start.colgen_from:
        # One schedule per person from the LP over all schedules: the start,
        # and with exact pricing a bound far above CP-SAT's first one.
        share = (start.colgen_long_share * time_limit if dive_long
                 else min(time_limit / 2, max(start.colgen_seconds,
                                              start.colgen_share * time_limit)))
        dived = dived_values(ctx, frame.started + share, frame.params, frame.debug,
                             workers=frame.workers,
                             fix_share=start.long_fix_share if dive_long else 0.0,
                             stretch=start.colgen_stretch * time_limit, bounded=True)
        if dived is not None:
            constructed = dived.values
            frame.say(f"lns: dived to a first roster at {frame.elapsed():.1f}s, "
                      f"bound {dived.bound}")
    if dive_long and constructed is None:
        constructed = construct()
    origin = "dive" if dived is not None else "constructed" if constructed is not None else ""
    if constructed is not None and \
            frame.deadline - time.perf_counter() < len(cells) / 100_000 + frame.step:
        return _solved_as_is(frame, constructed, origin)
    relaxed = {}
    if dived is not None and not dive_long and time_limit >= frame.params.lns.relaxed_from:
        relaxed = dived.relaxed  # see LNSParams.relaxed_share
    # A dived roster is completed too, bound or not (given to the first solve
    # as a hint instead, Instance10's went from 4 645 to 6 835 in its 3 s).
    if constructed is not None and (dived is not None or large):
        # The kept-fixed model of the search, built once: completing the
        # constructed roster is solving it as it is. Presolve alone needs
        # about 2-3 s per million duty cells.
        fixed = FixedModel(ctx.model, cells, constructed)
        completed = complete(fixed.model, frame.workers,
                             max(1.0, 0.05 * time_limit, len(cells) / 200_000))
        if completed is not None:
            # The neighbourhoods start from it at once rather than give the
            # whole model a tenth of the time, which barely improved it, and
            # whose bound was 0 there.
            objective, values = completed
            bound = float(dived.bound or 0) if dived is not None else 0.0
            frame.improved(objective, bound)
            return Start(bound=bound, values=values, objective=objective, fixed=fixed,
                         relaxed=relaxed, origin=origin)
    return _first_solve(frame, constructed, origin)


def _solved_as_is(frame: Frame, constructed: dict[int, int], origin: str) -> Start:
    """No time left to search: the constructed roster solved once, as it is.

    Entering the search costs about a second per 100 000 duty cells before
    the first neighbourhood is back (Instance24, 1.04 M: 6.6 s for the
    kept-fixed model, 3.4 s for the completion, 2 s per neighbourhood's
    copy). One worker: presolve alone finds the roster, and a second
    worker's copy of the model took 1.5 GB more on Instance24.
    """
    ctx, solver = frame.ctx, frame.solver
    hint_duties(ctx.model, frame.cells, constructed)
    fresh_parameters(solver.parameters, time_limit=max(10.0, frame.time_limit), workers=1)
    solver.parameters.fix_variables_to_their_hinted_value = True
    status = solver.Solve(ctx.model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return Start(status=cp_model.UNKNOWN)  # the model rejects the constructed roster
    frame.improved(solver.ObjectiveValue(), 0.0)
    frame.say("lns: no time left to search; the constructed roster solved as it is")
    return Start(status=cp_model.OPTIMAL if solver.ObjectiveValue() <= 0 else cp_model.FEASIBLE,
                 origin=origin + " as is")


def _first_solve(frame: Frame, constructed: dict[int, int] | None, origin: str) -> Start:
    """CP-SAT on the whole model for a share of the time, hinted with ``constructed``."""
    ctx, solver, base = frame.ctx, frame.solver, frame.ctx.model
    if constructed is not None:
        hint_duties(base, frame.cells, constructed)
    first = max(1.0, frame.params.lns.first_share * (frame.deadline - time.perf_counter()))
    fresh_parameters(solver.parameters, time_limit=first, workers=frame.workers, seed=frame.seed)
    solver.parameters.log_search_progress = frame.log
    with frame.stopper.watching(solver):
        status = solver.Solve(base, frame.callback)
    if status in (cp_model.INFEASIBLE, cp_model.MODEL_INVALID, cp_model.OPTIMAL):
        return Start(status=status, bound=solver.BestObjectiveBound(), origin="cpsat")
    if status == cp_model.UNKNOWN and constructed is None:
        # No roster yet: search from a constructed one rather than give CP-SAT
        # the rest of the time (Instance19: no neighbourhood at all that way).
        constructed = constructed_values(
            ctx, frame.params,
            frame.started + frame.params.start.replan_share * frame.time_limit)
        origin = "constructed" if constructed is not None else origin
    if status == cp_model.UNKNOWN and constructed is None:
        if time.perf_counter() < frame.deadline - 1 and not frame.stopper.requested:
            solver.parameters.max_time_in_seconds = frame.deadline - time.perf_counter()
            with frame.stopper.watching(solver):
                status = solver.Solve(base, frame.callback)
        if status != cp_model.FEASIBLE:
            return Start(status=status, bound=solver.BestObjectiveBound(), origin="cpsat")
    if status == cp_model.FEASIBLE:
        return Start(bound=solver.BestObjectiveBound(),
                     values=list(solver.ResponseProto().solution),
                     objective=solver.ObjectiveValue(), origin="cpsat")
    # No roster from CP-SAT: the constructed one, scored by the first sub-solve.
    proved = solver.BestObjectiveBound()  # a valid bound even without a roster
    values = [0] * len(base.Proto().variables)
    for idx, value in constructed.items():
        values[idx] = value
    return Start(bound=proved if math.isfinite(proved) and proved > 0 else 0.0, values=values,
                 origin=origin)
