"""Large neighbourhood search on the engine's one CP-SAT model.

:func:`solve_lns`

1. finds a first roster (:mod:`scheduler.search.start`): dived by column
   generation, constructed person by person, or CP-SAT's first solve;
2. then repeatedly frees a neighbourhood of duty cells
   (:mod:`scheduler.search.neighbourhoods`), fixes every other duty variable
   to the incumbent (by narrowing its domain in a copy of the model,
   :class:`scheduler.search.fixed.FixedModel`), hints the incumbent, and lets
   CP-SAT re-optimise the rest for about a second; a roster at least as good
   replaces the incumbent. The step grows while sub-solves find nothing at
   all (very large models). With two workers, two neighbourhoods are solved
   at once, each by a one-worker CP-SAT in its own thread (a *lane*); an
   answer that comes back after the other lane replaced the incumbent it was
   drawn from is also tried merged into the new incumbent, on its own cells.
   A neighbourhood proved optimal around a roster (known by a fingerprint of
   its duty cells) is not drawn again around that roster, and the search
   ends early when nothing new is left to draw;
3. finally solves the whole model with every duty fixed to the best roster,
   so that the caller reads values, objective and per-rule penalties from a
   CP-SAT response of the full model as usual.

No second model: the sub-problems are the same model with fixed domains, so
every rule (hard and soft) holds in every neighbourhood. The bound reported
is the one proved by the start or, with ``bound_lane``, the better one
proved meanwhile by a one-worker CP-SAT on the whole model that takes one of
the two cores for all of step 2 (:class:`scheduler.search.bound_lane.BoundLane`).
"""

from __future__ import annotations

import math
import os
import random
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass

from ortools.sat.python import cp_model

from ..context import Context
from ..cpsat import fresh_parameters
from ..params import SolveParams
from ..stopping import Stopper
from .bound_lane import BoundLane
from .fixed import FixedModel, complete
from .neighbourhoods import Neighbourhoods
from .start import Frame, first_roster

TARGETED_CELLS = 100_000
"""Up to this many duty cells the incumbent is scored by date (windows centred on
costly dates), every variable of it is hinted in every neighbourhood, and late
answers are merged; above it (the year-long models) only the duty cells are
hinted: a whole hint in every copy cost 0.6-1.1 GB more there."""


@dataclass
class Outcome:
    """What :func:`solve_lns` leaves: the CP-SAT status of the final solve, the bound, statistics."""

    status: int
    bound: float
    stats: dict


def solve_lns(ctx: Context, solver: cp_model.CpSolver, *, time_limit: float,
              seed: int | None, workers: int, params: SolveParams | None = None,
              on_improve: Callable[[float, float, float], None] | None = None,
              callback: cp_model.CpSolverSolutionCallback | None = None,
              log: bool = False, bound_lane: bool = False,
              stopper: Stopper | None = None) -> Outcome:
    """Solve ``ctx.model`` by large neighbourhood search.

    Parameters
    ----------
    ctx
        The built model.
    solver
        The solver the caller reads the answer from; its last ``Solve`` is of
        the full model (with the best roster fixed after the search).
    time_limit
        Wall-clock seconds for everything.
    seed
        Seed of the neighbourhood choice and of CP-SAT.
    workers
        CP-SAT workers (and lanes, by default).
    params
        Tuning (:class:`~scheduler.params.SolveParams`: ``lns``, ``start``,
        ``strategy``, ``colgen``, ``construct``).
    on_improve
        Called with (objective, bound, seconds) on each better roster of the search.
    callback
        Solution callback for the first whole-model solve.
    bound_lane
        Give one of the lanes, for the whole search, to a one-worker CP-SAT on
        the whole model that only proves a lower bound (LP-guided search):
        the bound is then near the optimum on 28-day models at the cost of
        half the neighbourhoods. Ignored with one worker and above
        :data:`TARGETED_CELLS` duty variables.
    stopper
        The caller's stop (:mod:`scheduler.stopping`): it ends the first
        solve and the neighbourhoods in flight, and no new one starts; the
        final solve of the best roster always runs.

    Returns
    -------
    Outcome
        CP-SAT status (OPTIMAL when the bound meets the roster), the bound,
        and statistics of the search: ``start`` (``dive``, ``constructed``,
        ``cpsat``), neighbourhoods by kind and status (``days:OPTIMAL``),
        ``merge:tried``/``merge:better``, ``repeat:skipped`` (draws already
        proved around the same roster), and ``ended``: ``time``, ``bound
        met``, ``nothing new`` (every neighbourhood drawn was proved already),
        ``bound lane ended`` or ``stopped``.
    """
    params = params or SolveParams()
    started = time.perf_counter()
    inst = ctx.inst
    emp_pos = {e: i for i, e in enumerate(inst.emp_ids)}
    day_of = [(occ.date - inst.first).days for occ in inst.occurrences]
    cells = [(var.index, emp_pos[emp], day_of[oi]) for (emp, oi), var in ctx.duty.items()]
    # The final fixed solve, reading the roster, checking it and freeing the
    # model take about two seconds per 100 000 duty variables: keep that time
    # out of the search (measured on Instance23, 332 592: final solve 1.5 s,
    # reading 1.9 s, checks 1.4 s, freeing 1.3 s).
    deadline = started + time_limit - min(0.15 * time_limit, 2 * len(cells) / 100_000)
    step = params.lns.step or max(0.5, min(5.0, time_limit / 60))
    frame = Frame(ctx=ctx, solver=solver, cells=cells, started=started, deadline=deadline,
                  time_limit=time_limit, seed=seed, workers=workers, params=params, step=step,
                  callback=callback, on_improve=on_improve, log=log,
                  debug=bool(os.environ.get("ROSTER_LNS_DEBUG")), stopper=stopper or Stopper())
    start = first_roster(frame)
    stats: dict = {"start": start.origin}
    if start.status is not None:
        return Outcome(start.status, start.bound, stats)
    search = _Search(frame, start, random.Random(seed or 0), bound_lane)
    best_obj, best, bound = search.run()
    stats.update(search.stats)
    stats["ended"] = search.ended
    fixed = search.fixed
    fixed.update(best, whole=search.whole_hint)  # the kept-fixed model is the final one
    fresh_parameters(solver.parameters, time_limit=max(10.0, time_limit), workers=workers)
    status = solver.Solve(fixed.model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        if math.isinf(best_obj):
            # Still the constructed roster, never confirmed by CP-SAT, and the
            # model rejects it: no roster found, not a crash.
            return Outcome(cp_model.UNKNOWN, bound, stats)
        raise RuntimeError(  # pragma: no cover - a bug
            "the best roster of the search no longer solves the model")
    return Outcome(cp_model.OPTIMAL if solver.ObjectiveValue() <= bound else cp_model.FEASIBLE,
                   bound, stats)


class _Search:
    """Step 2 of :func:`solve_lns`: neighbourhoods in lanes until the deadline."""

    def __init__(self, frame: Frame, start, rng: random.Random, bound_lane: bool) -> None:
        self.frame = frame
        self.params = frame.params.lns
        self.rng = rng
        cells = frame.cells
        self.whole_hint = len(cells) <= TARGETED_CELLS
        cell_occ = [oi for (_, oi) in frame.ctx.duty] if self.whole_hint else []
        self.hoods = Neighbourhoods(frame.ctx.inst, cells, cell_occ, start.relaxed, rng,
                                    self.params)
        self.best, self.best_obj, self.bound = start.values, start.objective, start.bound
        self.step = frame.step
        self.least_step, self.most_step = frame.step, max(frame.step, frame.time_limit / 6)
        self.lanes = self.params.lanes or max(1, frame.workers)
        self.sub_workers = 1 if self.lanes > 1 else frame.workers
        self.merge = frame.time_limit >= self.params.merge_from
        self.stats: Counter[str] = Counter()
        # The bound lane takes one core for the rest of the time.
        self.prover = None
        if bound_lane and self.lanes > 1 and len(cells) <= TARGETED_CELLS:
            self.prover = BoundLane(frame.ctx.model, frame.deadline - time.perf_counter(),
                                    frame.seed)
            self.lanes -= 1
        self.fixed = start.fixed or FixedModel(frame.ctx.model, cells, self.best)
        if math.isfinite(self.best_obj) and self.whole_hint:  # a CP-SAT solution
            self.fixed.update(self.best)
        elif self.whole_hint:
            self._complete_constructed()

    def _complete_constructed(self) -> None:
        """A constructed roster sets the duty cells only: complete it for a whole hint.

        With all duty cells fixed, presolve finds every other variable (0.1 s
        on Instance19); with the duty cells alone hinted, the first
        neighbourhoods found nothing in 1 s and the step grew.
        """
        frame = self.frame
        limit = max(0.1, min(frame.deadline - time.perf_counter(), max(1.0, 0.1 * frame.time_limit)))
        completed = complete(self.fixed.model, self.sub_workers, limit)
        if completed is not None:
            self.best_obj, self.best = completed
            self.fixed.update(self.best)
            frame.improved(self.best_obj, self.bound)

    def _attempt(self, model: cp_model.CpModel, limit: float, sub_seed: int):
        """Solve one neighbourhood (runs in a pool thread; CP-SAT releases the GIL)."""
        sub = cp_model.CpSolver()
        fresh_parameters(sub.parameters, time_limit=limit, workers=self.sub_workers, seed=sub_seed)
        with self.frame.stopper.watching(sub):
            st = sub.Solve(model)
        if st not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return st, sub.StatusName(st), math.inf, None, sub.WallTime()
        return (st, sub.StatusName(st), sub.ObjectiveValue(),
                list(sub.ResponseProto().solution), sub.WallTime())

    def _stop_reason(self) -> str | None:
        """Why no new neighbourhood may start now, or None."""
        if self.frame.stopper.requested:
            return "stopped"
        if self.best_obj <= self.bound:
            return "bound met"
        if self.frame.deadline - time.perf_counter() <= 0.3:
            return "time"
        if self.prover is not None and not self.prover.running():
            return "bound lane ended"
        return None

    def run(self) -> tuple[float, list[int], float]:
        """Search until the deadline, nothing new to draw, or the bound is met.

        Lanes run asynchronously: a lane that finishes gets a new neighbourhood
        of the incumbent at once. Every answer is a whole roster of the model,
        so it is kept whenever it is at least as good as the incumbent of that
        moment. Returns the best objective, roster and bound.
        """
        frame = self.frame
        running: dict = {}  # future -> ((roster fingerprint, people, days), kind, size)
        proved: set = set()  # (roster fingerprint, people, days) proved optimal
        ended = None
        with ThreadPoolExecutor(max_workers=self.lanes) as pool:
            while True:
                while len(running) < self.lanes:
                    ended = self._stop_reason()
                    if ended is not None:
                        break
                    found = self.hoods.draw(self.fixed.key, self.best, proved,
                                            [job[0] for job in running.values()])
                    if found is None:
                        ended = "nothing new"  # around this roster (ends the search if idle)
                        break
                    kind, people, days, drawn = found
                    model = self.fixed.freed(people, days)
                    # Copying a model of a million duty cells takes a second or two.
                    limit = min(self.step, frame.deadline - time.perf_counter())
                    if limit < 0.1:
                        ended = "time"
                        break
                    future = pool.submit(self._attempt, model, limit, self.rng.randrange(1 << 30))
                    running[future] = (drawn, kind, self.hoods.sizes[kind])
                if not running:
                    break
                done, _ = wait(list(running), return_when=FIRST_COMPLETED)
                for future in done:
                    drawn, kind, size = running.pop(future)
                    self._answer(drawn, kind, size, future.result(), proved)
        self.stats["repeat:skipped"] += self.hoods.skipped
        self.ended = ended or "time"
        if self.prover is not None:
            proved_bound, found = self.prover.stop()
            self.bound = max(self.bound, proved_bound)
            if found is not None and found[0] < self.best_obj:
                self.best_obj, self.best = found
            frame.say(f"lns bound lane: bound {proved_bound:.0f}")
        frame.say(f"lns done: {dict(self.stats)}")
        return self.best_obj, self.best, self.bound

    def _answer(self, drawn, kind: str, size: float, result, proved: set) -> None:
        """Take one neighbourhood's answer: merge, keep if no worse, adapt the sizes."""
        frame = self.frame
        drawn_from, people, days = drawn
        st, name, obj, solution, wall = result
        if self.merge and self.whole_hint and solution is not None and drawn_from != self.fixed.key:
            # The other lane moved the incumbent while this one searched: its
            # answer, on its own cells, may add to the new incumbent's gain.
            # Tried for every such answer, not only those better than the
            # incumbent they were drawn from (that restriction was worse on
            # Instance8).
            mixed = complete(self.fixed.merged(people, days, solution), 1,
                             max(0.1, min(1.0, frame.deadline - time.perf_counter())))
            self.stats["merge:tried"] += 1
            if mixed is not None and mixed[0] < min(obj, self.best_obj):
                self.stats["merge:better"] += 1
                obj, solution = mixed
        self.stats[f"{kind}:{name}"] += 1
        frame.say(f"lns {frame.elapsed():6.1f}s {kind:6} frac={size:.2f} {name} {obj:.0f} "
                  f"best={self.best_obj:.0f} sub={wall:.2f}s")
        if st == cp_model.OPTIMAL:
            proved.add(drawn)
        if solution is not None and obj <= self.best_obj:
            improved = obj < self.best_obj
            self.best, self.best_obj = solution, obj
            # An answer that is the incumbent again (a neighbourhood proved
            # optimal returns its hint) does not count as a new incumbent: no
            # merge for the other lane, no repeated proof.
            if not self.fixed.update(self.best, whole=self.whole_hint):
                self.stats["same roster"] += 1
            if improved:
                frame.improved(self.best_obj, self.bound)
        self.hoods.adapt(kind, size, st)
        if st == cp_model.UNKNOWN:
            self.step = min(self.most_step, self.step * 1.5)
        elif st == cp_model.OPTIMAL:
            self.step = max(self.least_step, self.step / 1.1)
