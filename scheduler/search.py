"""Solver strategies on top of the one CP-SAT model: large neighbourhood search.

:func:`solve` (``scheduler/solve.py``) builds one model; with the ``lns``
strategy it hands the model to :func:`solve_lns`, which

1. on the benchmark, from a time limit of :data:`COLGEN_FROM`, starts from
   a roster dived by column generation (:mod:`scheduler.colgen`; models up
   to :data:`BIG` duty variables and :data:`LONG` days, and longer ones with
   at most :data:`COLGEN_LONG_CELLS` duty cells); otherwise
   runs CP-SAT on the whole model for a tenth of the time limit (a first
   roster and a lower bound); if it finds no roster, the search starts from
   one built by :mod:`scheduler.construct`; on models above :data:`BIG`
   duty variables or :data:`LONG` days the constructed roster, completed by
   CP-SAT with every duty fixed, is the start and no whole-model solve runs
   (where it cannot be completed in time, it is the first solve's hint);
2. then repeatedly frees a neighbourhood of duty cells — a window of days for
   everybody, a group of people for the whole horizon, a group of people
   over a window, or a group over every Friday to Monday — fixes every other
   duty variable to the incumbent (by narrowing its domain in a copy of the
   model), hints the incumbent (every variable of it up to 100 000 duty
   cells, the duty cells above), and lets CP-SAT re-optimise the rest for
   about a second; a roster at least as good replaces the incumbent; each
   kind of neighbourhood grows when CP-SAT proves its part optimal and
   shrinks when it runs out of time, and the step grows while sub-solves
   find nothing at all (very large models); with two workers, two
   neighbourhoods are solved at once, each by a one-worker CP-SAT in its own
   thread; an answer that comes back after the other lane has replaced the
   incumbent it was drawn from is also tried merged into the new incumbent,
   on its own cells (up to 100 000 duty cells, with a time limit of 30 s or
   more); a neighbourhood proved optimal around a roster (known by a
   fingerprint of its duty cells) is not drawn again around that roster,
   and the search ends early when nothing new is left to draw;
3. finally solves the whole model with every duty fixed to the best roster,
   so that the caller reads values, objective and per-rule penalties from a
   CP-SAT response of the full model as usual.

No second model: the sub-problems are the same model with fixed domains, so
every rule (hard and soft) holds in every neighbourhood. The bound reported
is the one proved in step 1 or, with the ``lns-bound`` strategy, the better
one proved meanwhile by a one-worker CP-SAT on the whole model that takes
one of the two cores for all of step 2.
"""

from __future__ import annotations

import math
import os
import random
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait

from ortools.sat.python import cp_model

from .context import Context

STRATEGIES = ("auto", "cpsat", "lns", "lns-bound")
BIG = 20_000  # duty variables from which a constructed first roster is tried
# Horizons longer than this many days start from a constructed roster too:
# since session 19 it beat the 6 s first solve's start on Instances 14-19 in
# 15 of 16 same-seed pairs at 60 s (e.g. 19: 5 062 against 6 819, 15: 4 704
# against 5 373); on the four-week ones (7, 8, 12) it did not, in session 18.
LONG = 35
SMALL = 1_200  # benchmark models up to this many duty variables: plain CP-SAT
MERGE_FROM = 30.0  # seconds of time limit from which late LNS answers are merged
# The construction re-plans people until this share of the time limit. Where
# its rounds end sooner (up to Instance20 at 60 s), it does not matter; on
# 21-23 a round of re-planning gains more than the LNS in the same time
# (session 21, 60 s, seed 1: Instance23 59 448 / 39 569 / 35 574 at 0.25 /
# 0.5 / 0.75, 22 48 516 / 47 239 / 45 917, 21 about 28 500 / 27 380 / 25 530).
REPLAN_SHARE = 0.75
# Share of the time limit for column generation and its dive
# (:mod:`scheduler.colgen`) on the models that start from CP-SAT's first solve
# (up to BIG duty variables and LONG days) and where it applies, from a time
# limit of COLGEN_FROM seconds; 0: off. Session 23, 60 s, seed 1: Instance8
# 1 310 (1 448 without), 11 proved optimal (3 443) in 10.3 s, 7 1 057 (1 059),
# 10 4 632-4 639 in the five runs that dived (4 650), 12 4 058 / 4 160 /
# 4 141 (4 237). At 10 s the dive has no time to finish: 7 1 193, 10 5 724,
# 11 5 622 against 1 100, 5 533, 4 364 without (session 17).
# Where the root bounds nothing (caps priced too inexactly) the dive stops
# after one: Instance9, 60 s, seeds 1-5, 441 / 448 / 440 / 448 / 440 against
# 445 / 451 / 446 / 453 / 443 with dives for the whole share (session 25; no
# dive at all, the first solve instead: 441 / 544 / 460).
# Since the pricing DP is compiled (session 26) the roots end in 1-3 s on 7-11
# and a quarter of the limit is enough: session 27, 60 s, 0.25 / 0.5: 10
# proved optimal at 16.3 s / 31.7 s, 11 at 18.6 s / 31.4 s, 7 1 057 and 8
# 1 305 both; 9 (seeds 1-3) 439, 439, 440 / 442, 439, 441; 12 4 059, 4 046,
# 4 044 / 4 051, 4 042, 4 142. And the dives pay from a 5 s limit (30 s
# before): at 10 s, seeds 1 / 2, 7 1 057 / 1 057, 8 1 412 / 1 403, 9 449 /
# 454, 10 and 11 proved optimal in 6-7 s, 12 5 912 / 5 194, against 1 097,
# 1 955, 691, 5 380, 4 751 and 8 921 without (session 24, seed 1). There
# the dives need a few seconds whatever the limit: they get at least
# COLGEN_SECONDS (at most half the limit). 10 s, seeds 1 / 2, a quarter
# (2.5 s) instead: 10 4 645 / 4 633 (proved at 6 s with 5 s), 9 439 / 442,
# 11 proved at 3.2 s, 12 5 504 / 5 798, 7 and 8 the same.
COLGEN_SHARE = 0.25
COLGEN_SECONDS = 5.0
COLGEN_FROM = 5.0
# Share of the time limit the dive's root LP may take beyond its share of
# the dive's time (the dives then get theirs after it). Instance12's root
# needs 24-29 s on a slow hour and was cut short at 24 s (4 166, bound 4 000
# from CP-SAT); session 24, 60 s, seed 1, with 0.1: 4 060 twice (bound
# 4 040); with the dive's whole share at 0.6 instead: 4 040 proved in
# 55.5 s and 4 078, but 11 3 445 not proved (0.1: proved in 39.6 s).
COLGEN_STRETCH = 0.1
# Horizons longer than LONG days with at most COLGEN_LONG_CELLS duty cells
# (the duty variables of the model) are dived first too (its share
# COLGEN_LONG_SHARE of the time, fixing LONG_FIX_SHARE of the people left at
# once), and constructed only if the dive yields nothing. Session 24, 60 s,
# seed 1, dived / constructed: Instance16 (40 a day) 3 225 (the best known)
# twice / 3 439, 18 (49 a day) 4 875 and 4 683 / 5 285; above the cap the
# dive lost: 14 (85) 1 504 / 1 424, 17 (95) 6 321 and 6 523 / 6 299, 19 (116)
# 4 815 / 4 011, 15 (160) 5 218 / 4 484 (roots too slow: 14's had not ended
# after 48 s). Session 26, the pricing DP compiled (and RESOURCES 700): the
# roots end, and the cap is on the cells in all. 60 s, seed 1, dived (seeds
# 1-3) / constructed (session 24): 14 (3 572 cells) 1 278, proved optimal
# at 34 s / 1 344; 17 (5 304) 5 748 / 6 015; 15 (6 726) 4 030, 4 141, 4 144
# / 4 561; but 19 (9 728: its root had not ended after 38 s) 3 937 and
# 4 696 (seed 1 twice), 4 167, 4 959 / 4 286. Session 29, the DP's resources
# counted as duties where fewer (more caps kept exactly within RESOURCES),
# 10 000 takes 19 in: seeds 1-3, 3 462, 3 833, 3 654 dived / 4 000 (seed 1)
# constructed.
COLGEN_LONG_CELLS = 10_000
COLGEN_LONG_SHARE = 0.5
# Share of the people left a long horizon's dive fixes at once (at least one;
# more where its pace would not end it in time). A fifth until session 26,
# when 18's first dive took 50 s one at a time; with the DP compiled, 0.05 /
# 0.2, 60 s, seed 1 (0.2: two or three runs) and seed 2: 17 5 746 proved
# optimal at 46.4 and 32.6 s / 5 747, 5 748 and 5 747; 18 4 578, 4 588 /
# 4 573-4 689, 4 580; 15 4 136, 4 031 / 4 030 and 4 351, 4 033; 14 proved
# at 32.8 s / 34.1 and 34.8 s; 16 3 225 both (session 27).
LONG_FIX_SHARE = 0.05
# Share of the time limit for a dive whose roster hints plain CP-SAT
# (:func:`dive_hint`); 0: off. Session 23, unseeded, with / without:
# Instance5 1 145 / 1 235 at 60 s, 1 154 / 1 241 at 10 s; Instance6 1 950
# proved in 24.1 / 24.0 s at 60 s, 1 951 / 2 052 at 10 s.
HINT_SHARE = 0.25
# Share of that dive's time for the master IP over its columns (price and
# branch, :func:`scheduler.colgen.dive`). Session 24, unseeded, 60 s:
# Instance5 1 143 (the best known) in all four runs, against 1 145;
# Instance6 proved optimal (1 950) at 36.9 s and 33.3 s (without: 49.9 s,
# 24.1 s in session 23; CP-SAT's proof time varies; with SCIP for the IP,
# which took 6-9 s there: 57.3 s, 59.9 s and once not proved). Not on the
# models the LNS starts from a dive: there the IP (SCIP) rarely ended in time
# and the dives lost the time (Instance8 1 405 against 1 305-1 317, 9 449
# against 441-447).
HINT_MASTER_IP = 0.4
# Share of the neighbourhoods drawn where the incumbent differs from the
# dive's root LP (relaxation induced, :func:`solve_lns`), on the horizons of
# up to LONG days that start from a dive. Session 28, 60 s, seeds 1-6 / 1-3,
# 0.5 / 0.25 / 0: Instance12 4 043, 4 046, 4 041, 4 044, 4 043, 4 045 /
# 4 046, 4 059, 4 047, 4 045, 4 063, 4 047 / 4 150, 4 046, 4 045, 4 050,
# 4 047, 4 050 (0.75, seeds 1-3: 4 044, 4 043, 4 041); 8 1 303, 1 304,
# 1 306 / 1 305, 1 304, 1 305 / 1 305, 1 305, 1 307; 9 439 three times /
# 439 three times / 439, 439, 440; 7 1 057 and 10, 11 proved optimal at
# 16 s (0.25 and 0) in every run. Not on the long horizons (0.25), whose
# root LP is further from the rosters (caps priced, batches fixed): seeds
# 1 / 2, 15 4 349, 4 019 / 4 045, 3 941; 18 4 664, 4 573 / 4 574, 4 579.
# Nor below RELAXED_FROM seconds, where the search has a few seconds and
# the first of these neighbourhoods (a dived roster differs from the LP in
# many places) are too big for them: 10 s, seeds 1 / 2, 8 1 407, 1 405 /
# 1 312, 1 406; 9 553, 445 / 441, 446; 12 10 205, 9 297 / 8 283, 6 691;
# 7 1 057 all.
RELAXED_SHARE = 0.5
RELAXED_FROM = 30.0


def choose_strategy(problem, strategy: str | None, ctx: Context | None = None) -> str:
    """The strategy to use.

    ``auto`` (or None) picks LNS for benchmark inputs with more than
    :data:`SMALL` duty variables; plain CP-SAT otherwise, which measured
    much better at 60 s on Instances 5 and 6; on Instance7 (1 248) LNS was a
    little better at 60 s and equal at 10 s (see ``benchmarks/README.md``).
    """
    if strategy in (None, "auto"):
        if getattr(problem.settings, "source", None) != "curtois":
            return "cpsat"
        return "lns" if ctx is None or len(ctx.duty) > SMALL else "cpsat"
    if strategy not in STRATEGIES:
        raise ValueError(f"unknown strategy {strategy!r}; use one of {', '.join(STRATEGIES)}")
    return strategy


def _fixed_copy(base: cp_model.CpModel, cells, values) -> cp_model.CpModel:
    """A copy of ``base`` with every duty cell fixed to its value."""
    model = cp_model.CpModel()
    model.Proto().copy_from(base.Proto())
    variables = model.Proto().variables
    for idx, _, _ in cells:
        dom = variables[idx].domain
        value = values[idx]
        dom[0] = value
        dom[1] = value
    return model


class _FixedModel:
    """The model with every duty cell fixed to the incumbent, kept up to date.

    A neighbourhood is a copy of it (made in C++) with its free cells given back
    their domains. Fixing every cell of a fresh copy in Python instead took
    0.12 s per neighbourhood on Instance13 (40 000 duty variables) and 0.28 s
    on Instance21, on the thread that feeds the two CP-SAT lanes.
    """

    def __init__(self, base: cp_model.CpModel, cells, values) -> None:
        self.cells = cells
        self.model = _fixed_copy(base, cells, values)
        _hint(self.model, cells, values)
        self.values = [values[idx] for idx, _, _ in cells]
        self.grid: dict[tuple[int, int], list[int]] = {}
        for pos, (_, emp, day) in enumerate(cells):
            self.grid.setdefault((emp, day), []).append(pos)
        # A fingerprint of the duty cells (Zobrist: one random number per cell,
        # XOR of those on duty), updated with each changed cell.
        draw = random.Random(0)
        self.zobrist = [draw.getrandbits(64) for _ in cells]
        self.key = 0
        for pos, value in enumerate(self.values):
            if value:
                self.key ^= self.zobrist[pos]

    def update(self, values, whole: bool = True) -> int:
        """Fix the cells whose value differs in the new incumbent; hint all of it.

        Returns how many duty cells changed.

        ``values`` is a whole CP-SAT solution. A complete hint lets a one-worker
        sub-solve start from the incumbent at once; with the duty cells alone
        hinted, CP-SAT's hint search (an LP at every node) often ended a step
        without any roster: Instance19 with 30 % of its cells free found none
        in 1 s, and Instances 20 and 21 lost a third of their neighbourhoods.
        With ``whole`` false only the duty cells are hinted (the year-long
        instances: a whole hint in every copy cost 0.6–1.1 GB more there).
        """
        variables = self.model.Proto().variables
        hint = self.model.Proto().solution_hint.values
        changed = 0
        for pos, (idx, _, _) in enumerate(self.cells):
            value = values[idx]
            if value != self.values[pos]:
                changed += 1
                self.key ^= self.zobrist[pos]
                self.values[pos] = value
                domain = variables[idx].domain
                domain[0] = value
                domain[1] = value
                if not whole:
                    hint[pos] = value
        if whole:
            _hint_all(self.model, values)
        return changed

    def merged(self, people, days, values) -> cp_model.CpModel:
        """A copy with the cells of ``people`` on ``days`` fixed to ``values`` instead."""
        return self._copy_with(people, days, lambda pos, idx: (values[idx], values[idx]))

    def freed(self, people, days) -> cp_model.CpModel:
        """A copy in which the cells of ``people`` on ``days`` are free again.

        Every duty variable is a Boolean of the model as built
        (:class:`scheduler.context.Context`; H4 and H6 leave the variable
        out), so a free cell's domain is [0, 1]. Reading each cell's domain
        from the proto instead took 6.6 s on Instance24.
        """
        return self._copy_with(people, days, lambda pos, idx: (0, 1))

    def _copy_with(self, people, days, bounds) -> cp_model.CpModel:
        """A copy with the domain of each cell of ``people`` on ``days`` set to ``bounds``.

        ``days`` None: ``people`` are (person, date) pairs instead.
        """
        model = cp_model.CpModel()
        model.Proto().copy_from(self.model.Proto())
        variables = model.Proto().variables
        pairs = people if days is None else ((emp, day) for emp in people for day in days)
        for pair in pairs:
            for pos in self.grid.get(pair, ()):
                idx = self.cells[pos][0]
                domain = variables[idx].domain
                domain[0], domain[1] = bounds(pos, idx)
        return model


def _configure(configure: Callable, params, *, time_limit: float, workers: int,
               seed: int | None = None) -> None:
    """The engine's parameters from scratch, with a wall-clock limit.

    ``configure`` appends subsolvers and, with a seed, switches on the
    deterministic interleaved search; LNS wants neither to accumulate.
    """
    params.copy_from(cp_model.CpSolver().parameters)
    configure(params, time_limit=time_limit, seed=None, workers=workers, log=False)
    if seed is not None:
        params.random_seed = seed


def _day_costs(inst, cell_occ: list[int], cells, values) -> list[int]:
    """Soft-coverage penalty of the incumbent, per date of the horizon.

    Requests are not counted: adding them (session 17) gave no gain on
    Instances 7 and 8 and worse rosters on 12.
    """
    have = Counter(oi for oi, (idx, _, _) in zip(cell_occ, cells, strict=True) if values[idx])
    costs = [0] * inst.num_days
    for occ in inst.occurrences:
        if not occ.soft:
            continue
        n = have.get(occ.index, 0)
        d = (occ.date - inst.first).days
        if n < occ.staff:
            costs[d] += (occ.staff - n) * (occ.under_weight or 0)
        elif n > occ.staff:
            costs[d] += (n - occ.staff) * (occ.over_weight or 0)
    return costs


def _hint_all(model: cp_model.CpModel, values) -> None:
    """Hint every variable of the model (a whole solution)."""
    model.Proto().clear_solution_hint()
    hint = model.Proto().solution_hint
    hint.vars.extend(range(len(values)))
    hint.values.extend(values)


def _hint(model: cp_model.CpModel, cells, values) -> None:
    """Hint the duty variables (the rest follows from them)."""
    model.Proto().clear_solution_hint()
    hint = model.Proto().solution_hint
    hint.vars.extend(idx for idx, _, _ in cells)
    hint.values.extend(values[idx] for idx, _, _ in cells)


def _constructed(ctx: Context, cells, until: float | None = None) -> dict[int, int] | None:
    """A first roster from :mod:`scheduler.construct`, if the checks find it feasible."""
    from .checks import check_roster
    from .construct import construct
    from .models import Assignment, Roster

    values = construct(ctx, until)
    if values is None:
        return None
    occs = ctx.inst.occurrences
    key_of = {var.Index(): key for key, var in ctx.duty.items()}
    rows = []
    for idx, _, _ in cells:
        if values[idx]:
            emp_id, oi = key_of[idx]
            rows.append(Assignment.model_construct(date=occs[oi].date, shift_id=occs[oi].shift_id,
                                                   employee_id=emp_id, role="duty"))
    if any(v.hard for v in check_roster(ctx.inst, Roster(assignments=rows))):
        return None
    return values


def _dived(ctx: Context, until: float, debug, most: int | None = None, workers: int = 1,
           **options) -> tuple[dict[int, int], int | None, int, dict[int, float]] | None:
    """A roster from :func:`scheduler.colgen.dive` (checked), its bound and penalty, or None.

    Last, each duty variable's value in the root LP (by variable index;
    absent: 0; empty where the root was cut short).
    ``workers``: threads pricing at once. ``options``: passed on to the
    dive (``fix_share``, ``master_ip``, ...).
    """
    from .checks import check_roster
    from .colgen import dive
    from .models import Assignment, Roster

    found = dive(ctx.inst, until, log=(lambda line: print(line, file=sys.stderr)) if debug else None,
                 most=most, workers=workers, **options)
    if found is None:
        return None
    occs = ctx.inst.occurrences
    rows = [Assignment.model_construct(date=occs[oi].date, shift_id=occs[oi].shift_id,
                                       employee_id=emp_id, role="duty")
            for emp_id, oi in found.duties]
    violations = check_roster(ctx.inst, Roster(assignments=rows))
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
    return values, bound, penalty, relaxed


def dive_hint(ctx: Context, until: float, workers: int = 1) -> tuple[int | None, bool]:
    """Hint ``ctx.model`` with a dived roster (:func:`_dived`) for plain CP-SAT.

    Returns the dive's bound and whether the roster meets it (optimal: the
    caller then only completes it, where CP-SAT took the whole limit to
    prove Instance4's 1 716 itself).

    For the benchmark models small enough for plain CP-SAT (:data:`SMALL`),
    where the dive takes 2-3 s and lands near the optimum (Instance6: 1 953
    against 1 950, Instance5: 1 148 against 1 143), then picks the best
    roster among the dive's columns (:data:`HINT_MASTER_IP`; Instance5:
    1 145). (None, False): no dive (it does not apply, or :data:`HINT_SHARE`
    is 0).
    """
    if HINT_SHARE <= 0 or getattr(ctx.inst.settings, "source", None) != "curtois":
        return None, False
    debug = os.environ.get("ROSTER_LNS_DEBUG")
    # One dive: CP-SAT gains more from the time than more dives do (Instance6
    # proved at 24.1 s after one, 50.6 s after 15 s of dives).
    dived = _dived(ctx, until, debug, most=1, workers=workers, master_ip=HINT_MASTER_IP)
    if dived is None:
        return None, False
    values, bound, penalty, _ = dived
    for var in ctx.duty.values():
        ctx.model.AddHint(var, values[var.index])
    return bound, bound is not None and penalty <= bound


def _complete(fixed: cp_model.CpModel, configure: Callable, workers: int,
              limit: float) -> tuple[float, list[int]] | None:
    """Objective and whole solution of a model whose duty cells are all fixed.

    A constructed roster sets the duty cells only; presolve finds every other
    variable from them (0.1 s on Instance19). None if the model rejects it.
    """
    solver = cp_model.CpSolver()
    _configure(configure, solver.parameters, time_limit=limit, workers=workers)
    if solver.Solve(fixed) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return solver.ObjectiveValue(), list(solver.ResponseProto().solution)


class _BoundLane(cp_model.CpSolverSolutionCallback):
    """A one-worker CP-SAT on the whole model, in its own thread, for the bound.

    Branching on the LP (``LP_SEARCH``) keeps it at the LP relaxation with cuts,
    which is what raises the bound; with the default branching some seeds dive
    and leave the bound where it started (measured on Instance12: 22 against
    3 632-4 037 at seeds 1-3 in 40 s). Rosters it finds on the way are kept.
    """

    def __init__(self, base: cp_model.CpModel, configure: Callable, seconds: float,
                 seed: int | None) -> None:
        super().__init__()
        self.solver = cp_model.CpSolver()
        _configure(configure, self.solver.parameters, time_limit=max(1.0, seconds),
                   workers=1, seed=seed)
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


def solve_lns(ctx: Context, solver: cp_model.CpSolver, *, time_limit: float,
              seed: int | None, workers: int, configure: Callable,
              on_improve: Callable[[float, float, float], None] | None = None,
              callback: cp_model.CpSolverSolutionCallback | None = None,
              log: bool = False, first_share: float = 0.1,
              step: float | None = None, lanes: int | None = None,
              kinds: tuple[str, ...] = ("days", "people", "both", "weekends"),
              target_people: bool = True, bound_lane: bool = False,
              merge: bool | None = None) -> tuple[int, float]:
    """Solve ``ctx.model`` by CP-SAT then large neighbourhood search.

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
        CP-SAT workers for every solve.
    configure
        ``configure(params, time_limit=, seed=, workers=, log=)`` of solve.py.
    on_improve
        Called with (objective, bound, seconds) on each better roster of the search.
    callback
        Solution callback for the first full solve.
    first_share
        Share of the time for the first whole-model solve (at least 1 s; none
        when a completed constructed roster is the start).
    step
        Seconds per neighbourhood; by default a sixtieth of the limit, 0.5–5 s.
    lanes
        Neighbourhoods solved at once, each by a one-worker CP-SAT in its own
        thread; by default one per worker (the rest of the search is Python
        and holds the GIL only briefly).
    kinds
        Neighbourhood kinds to draw from: ``days`` (a window of dates for
        everybody), ``people`` (a group for the whole horizon), ``both`` (a
        group over a window) and ``weekends`` (a group over every Friday to
        Monday). Besides these, where the start is a dive on a horizon of
        up to :data:`LONG` days, :data:`RELAXED_SHARE` of the neighbourhoods
        are ``lp``: the (person, date) pairs where the incumbent differs
        from the dive's root LP (relaxation induced neighbourhoods, RINS).
    target_people
        Half of the time, windows are centred on a date the incumbent pays
        for (shifts under- or over-covered); with this, half of the group is
        then drawn from the people off on that date, who could cover it.
    bound_lane
        Give one of the lanes, for the whole search, to a one-worker CP-SAT
        on the whole model that only proves a lower bound (LP-guided search,
        the LP relaxation with cuts). The bound is then near the optimum on
        28-day models (Instance10: ~4 625 against 7 in 60 s) at the cost of
        half the neighbourhoods. Ignored with one worker and above 100 000
        duty variables.
    merge
        When a neighbourhood's answer comes back after another lane replaced
        the incumbent it was drawn from, try the new incumbent with this
        neighbourhood's cells set to its answer (every duty fixed, completed
        by CP-SAT) and keep it when it is better than both: two lanes' gains
        on different cells add up instead of one being lost. By default on
        from :data:`MERGE_FROM` seconds: at 60 s better on Instance8 (6 of
        7 same-seed pairs) though worse on Instance12 (7 of 9), and worse at
        10 s (Instances 8 and 12: 11 of 14 pairs), where the descent from
        the first roster is the whole run.

    Returns
    -------
    tuple
        CP-SAT status (OPTIMAL when the bound meets the roster) and the bound.
    """
    started = time.perf_counter()
    rng = random.Random(seed or 0)
    inst = ctx.inst
    base = ctx.model
    emp_pos = {e: i for i, e in enumerate(inst.emp_ids)}
    day_of = [(occ.date - inst.first).days for occ in inst.occurrences]
    cells = [(var.index, emp_pos[emp], day_of[oi]) for (emp, oi), var in ctx.duty.items()]
    # The final fixed solve, reading the roster, checking it and freeing the
    # model take about two seconds per 100 000 duty variables: keep that time
    # out of the search. Measured on Instance23 (332 592): final solve 1.5 s,
    # reading 1.9 s, checks 1.4 s, freeing 1.3 s; with one second per 100 000
    # it ended 2.9 s past a 60 s limit (Instance24 before its groups: 10-14 s).
    deadline = started + time_limit - min(0.15 * time_limit, 2 * len(cells) / 100_000)
    num_emps, num_days = len(inst.emp_ids), inst.num_days

    debug = os.environ.get("ROSTER_LNS_DEBUG")

    def construct() -> dict[int, int] | None:
        values = _constructed(ctx, cells, started + REPLAN_SHARE * time_limit)
        if values is not None and debug:
            print(f"lns constructed a first roster at {time.perf_counter() - started:.1f}s",
                  file=sys.stderr)
        return values

    # Long horizons: CP-SAT may find no roster at all in time; start from a
    # constructed one (checked), completed by CP-SAT with every duty fixed, or
    # if that fails in its time, given to the first solve as a hint. Up to
    # session 14 the models above 100 000 duty cells (22-24) took the hint
    # path: on Instance24 that solve ended without a roster (8.4 s for a
    # 1 s limit), the completion takes 2-3 s.
    step = step or max(0.5, min(5.0, time_limit / 60))
    dive_long = num_days > LONG and len(cells) <= COLGEN_LONG_CELLS
    constructed = (construct() if (len(cells) > BIG or num_days > LONG) and not dive_long
                   else None)
    dived_bound = dived = None
    relaxed: dict[int, float] = {}  # the dive's root LP, by duty variable
    if constructed is None and COLGEN_SHARE > 0 and time_limit >= COLGEN_FROM:
        # One schedule per person from the LP over all schedules: the start,
        # and with exact pricing a bound far above CP-SAT's first one.
        share = (COLGEN_LONG_SHARE * time_limit if dive_long
                 else min(time_limit / 2, max(COLGEN_SECONDS, COLGEN_SHARE * time_limit)))
        dived = _dived(ctx, started + share, debug, workers=workers,
                       fix_share=LONG_FIX_SHARE if dive_long else 0.0,
                       stretch=COLGEN_STRETCH * time_limit, bounded=True)
        if dived is not None:
            constructed, dived_bound, _, relaxed = dived
            if dive_long or time_limit < RELAXED_FROM:
                relaxed = {}  # see RELAXED_SHARE
            if debug:
                print(f"lns: dived to a first roster at {time.perf_counter() - started:.1f}s, "
                      f"bound {dived_bound}", file=sys.stderr)
    if dive_long and constructed is None:
        constructed = construct()
    if constructed is not None and deadline - time.perf_counter() < len(cells) / 100_000 + step:
        # Too little time left to search: entering the search costs about a
        # second per 100 000 duty cells before the first neighbourhood is back
        # (Instance24, 1.04 M: 6.6 s for the kept-fixed model, 3.4 s for the
        # completion, 2 s per neighbourhood's copy; none ever came back within
        # 60 s). The constructed roster is solved as it is, once, by the
        # caller's solver, instead of completed and then solved again.
        # One worker: presolve alone finds the roster, and a second worker's
        # copy of the model took 1.5 GB more on 24 (4.0 GB peak).
        _hint(base, cells, constructed)
        _configure(configure, solver.parameters, time_limit=max(10.0, time_limit), workers=1)
        solver.parameters.fix_variables_to_their_hinted_value = True
        status = solver.Solve(base)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return cp_model.UNKNOWN, 0.0  # the model rejects the constructed roster
        if on_improve is not None:
            on_improve(solver.ObjectiveValue(), 0.0, time.perf_counter() - started)
        if debug:
            print("lns: no time left to search; the constructed roster solved as it is",
                  file=sys.stderr)
        return (cp_model.OPTIMAL if solver.ObjectiveValue() <= 0 else cp_model.FEASIBLE), 0.0
    completed = fixed = None
    # A dived roster is completed too, bound or not (given to the first solve
    # as a hint instead, Instance10's went from 4 645 to 6 835 in its 3 s).
    if constructed is not None and (dived is not None or len(cells) > BIG or num_days > LONG):
        # The kept-fixed model of the search, built once: completing the
        # constructed roster is solving it as it is.
        fixed = _FixedModel(base, cells, constructed)
        # Presolve alone needs about 2-3 s per million duty cells (Instance24:
        # 1.9-3.2 s; it ended without a roster at 1.6 s).
        completed = _complete(fixed.model, configure, workers,
                              max(1.0, 0.05 * time_limit, len(cells) / 200_000))
    if completed is not None:
        # The neighbourhoods start from the constructed roster at once rather
        # than give the whole model a tenth of the time, which barely improved
        # it (Instance20: 114 673 → 112 383 in 6.8 s). Same seeds, 60 s: 13:
        # 4 322 / 4 203 / 4 193 / 2 849 against 3 643 / 4 641 / 3 552 / 3 789;
        # 20: 12 334 / 10 720 against 22 432 / 16 904; 21: 165 914 / 113 403
        # against 178 408 / 160 074. No whole-model solve first either: hinted
        # with this roster it ended without any in its 1 s minimum (1.0-1.6 s
        # on 13, 20 and 21), and its bound was 0.
        best_obj, best = completed
        bound = float(dived_bound or 0)
        if on_improve is not None:
            on_improve(best_obj, bound, time.perf_counter() - started)
    else:
        if constructed is not None:
            _hint(base, cells, constructed)
        first = max(1.0, first_share * (deadline - time.perf_counter()))
        _configure(configure, solver.parameters, time_limit=first, workers=workers, seed=seed)
        solver.parameters.log_search_progress = log
        status = solver.Solve(base, callback)
        if status in (cp_model.INFEASIBLE, cp_model.MODEL_INVALID, cp_model.OPTIMAL):
            return status, solver.BestObjectiveBound()
        if status == cp_model.UNKNOWN and constructed is None:
            # No roster yet: search from a constructed one rather than give CP-SAT
            # the rest of the time (Instance19, 9 728 duty variables: no
            # neighbourhood at all that way, 10 190 at 60 s; 7 300 from a
            # constructed roster).
            constructed = construct()
        if status == cp_model.UNKNOWN and constructed is None:
            if time.perf_counter() < deadline - 1:
                solver.parameters.max_time_in_seconds = deadline - time.perf_counter()
                status = solver.Solve(base, callback)
            if status != cp_model.FEASIBLE:
                return status, solver.BestObjectiveBound()
        if status == cp_model.FEASIBLE:
            bound = solver.BestObjectiveBound()
            best = list(solver.ResponseProto().solution)
            best_obj = solver.ObjectiveValue()
        else:  # no roster from CP-SAT: the constructed one, scored by the first sub-solve
            proved = solver.BestObjectiveBound()  # a valid bound even without a roster
            bound = proved if math.isfinite(proved) and proved > 0 else 0.0
            best = [0] * len(base.Proto().variables)
            for idx, value in constructed.items():
                best[idx] = value
            best_obj = math.inf

    # Up to 100 000 duty cells it is cheap enough to score the incumbent by
    # date (targeted windows) and to hint every variable in every neighbourhood.
    targeted = len(cells) <= 100_000
    whole_hint = targeted
    cell_occ = [oi for (_, oi) in ctx.duty] if targeted else []
    # Each kind keeps its own size: a window of days for everybody solves fast,
    # a group of people over the whole month slowly, and one shared size made
    # one kind time out while another had room to grow.
    start_frac = min(0.3, max(0.01, 3000 / max(1, len(cells))))
    fracs = {kind: start_frac for kind in kinds}
    # A neighbourhood of a very large model may not get past presolve in a
    # step: lengthen the step while sub-solves end without any roster.
    least_step, most_step = step, max(step, time_limit / 6)
    lanes = lanes or max(1, workers)
    sub_workers = 1 if lanes > 1 else workers
    stats: Counter[str] = Counter()

    # Weekend cover is where a limit on worked weekends bites: free Friday to
    # Monday of every week for a group of people, so weekends change hands.
    around_weekends = {d for d, day in enumerate(inst.dates) if day.weekday() in (4, 5, 6, 0)}
    if not around_weekends:
        kinds = tuple(kind for kind in kinds if kind != "weekends") or ("days",)
    fracs["lp"] = start_frac

    def pick(kind: str, frac: float) -> tuple[set, set[int] | None]:
        """People and the dates a neighbourhood frees ((person, date) pairs and None: ``lp``)."""
        if kind == "lp":
            return pick_relaxed(frac), None
        if kind == "weekends":
            count = round(frac * num_emps * num_days / max(1, len(around_weekends)))
            people = set(rng.sample(range(num_emps), max(2, min(num_emps, count))))
            return people, around_weekends
        if kind == "days":
            count, width = num_emps, max(2, round(frac * num_days))
        elif kind == "people":
            count, width = max(2, min(num_emps, round(frac * num_emps))), num_days
        else:
            share = math.sqrt(frac)
            count = max(2, min(num_emps, round(share * num_emps)))
            width = max(2, round(share * num_days))
        width = min(width, num_days)
        lo = rng.randrange(num_days - width + 1)
        people = set(range(num_emps)) if count == num_emps else set()
        if targeted and rng.random() < 0.5:  # around a costly date
            costs = _day_costs(inst, cell_occ, cells, best)
            if sum(costs) > 0:
                centre = rng.choices(range(num_days), weights=costs)[0]
                lo = min(max(0, centre - rng.randrange(width)), num_days - width)
                if not people and target_people:
                    # Half of the group from those off that day: they can cover it.
                    busy = {emp for idx, emp, day in cells if day == centre and best[idx]}
                    idle = [e for e in range(num_emps) if e not in busy]
                    people = set(rng.sample(idle, min(len(idle), count // 2)))
        rest = [e for e in range(num_emps) if e not in people]
        people |= set(rng.sample(rest, max(0, min(len(rest), count - len(people)))))
        return people, set(range(lo, lo + width))

    def pick_relaxed(frac: float) -> set[tuple[int, int]]:
        """The (person, date) pairs where the incumbent is not the root LP's choice.

        Relaxation induced (RINS): where the incumbent and the LP agree on
        every duty of a person's date it stays fixed. Where they differ on
        more than ``frac`` of the pairs, whole people's differences are
        drawn until that many.
        """
        differ: dict[int, list[tuple[int, int]]] = {}
        for idx, emp, day in cells:
            if abs(relaxed.get(idx, 0.0) - best[idx]) > 0.01:
                differ.setdefault(emp, []).append((emp, day))
        count = max(2, round(frac * num_emps * num_days))
        people = list(differ)
        rng.shuffle(people)
        pairs: set[tuple[int, int]] = set()
        for emp in people:
            if len(pairs) >= count:
                break
            pairs.update(differ[emp])
        return pairs

    def attempt(model: cp_model.CpModel, limit: float, sub_seed: int):
        """Solve one neighbourhood (runs in a pool thread; CP-SAT releases the GIL)."""
        sub = cp_model.CpSolver()
        _configure(configure, sub.parameters, time_limit=limit, workers=sub_workers,
                   seed=sub_seed)
        st = sub.Solve(model)
        if st not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return st, sub.StatusName(st), math.inf, None, sub.WallTime()
        return (st, sub.StatusName(st), sub.ObjectiveValue(),
                list(sub.ResponseProto().solution), sub.WallTime())

    # The bound lane takes one core for the rest of the time (see _BoundLane).
    prover = None
    if bound_lane and lanes > 1 and len(cells) <= 100_000:
        prover = _BoundLane(base, configure, deadline - time.perf_counter(), seed)
        lanes -= 1

    # Lanes run asynchronously: a lane that finishes gets a new neighbourhood of
    # the incumbent at once. Every answer is a whole roster of the model, so it
    # is kept whenever it is at least as good as the incumbent of that moment.
    running: dict = {}  # future -> ((roster fingerprint, people, days), kind, size)
    proved: set = set()  # (roster fingerprint, people, days) proved optimal
    if merge is None:
        merge = time_limit >= MERGE_FROM
    if fixed is None:
        fixed = _FixedModel(base, cells, best)
    if math.isfinite(best_obj) and whole_hint:  # a CP-SAT solution, not a constructed one
        fixed.update(best)
    elif whole_hint:
        # A constructed roster sets the duty cells only. With all of them fixed,
        # presolve finds every other variable (0.1 s on Instance19), so the
        # neighbourhoods get a whole hint: with the duty cells alone the first
        # ones found nothing in 1 s and the step grew to 3.4 s (Instance19,
        # seeds 1 and 3: 5 522 and 6 951 at 60 s; 4 635 and 5 068 this way).
        limit = max(0.1, min(deadline - time.perf_counter(), max(1.0, 0.1 * time_limit)))
        completed = _complete(fixed.model, configure, sub_workers, limit)
        if completed is not None:
            best_obj, best = completed
            fixed.update(best)
            if on_improve is not None:
                on_improve(best_obj, bound, time.perf_counter() - started)
    with ThreadPoolExecutor(max_workers=lanes) as pool:
        while True:
            while len(running) < lanes and best_obj > bound \
                    and deadline - time.perf_counter() > 0.3 \
                    and (prover is None or prover.running()):
                for _ in range(10):
                    kind = ("lp" if relaxed and rng.random() < RELAXED_SHARE
                            else kinds[rng.randrange(len(kinds))])
                    people, days = pick(kind, fracs[kind])
                    # A neighbourhood proved optimal around this very roster, or
                    # being solved around it, would only be proved again (the
                    # weekends kind at its full size: everybody's Fridays to
                    # Mondays, over and over on Instances 8 and 16).
                    drawn = (fixed.key, frozenset(people),
                             None if days is None else frozenset(days))
                    if drawn not in proved and all(drawn != job[0] for job in running.values()):
                        break
                    stats["repeat:skipped"] += 1
                else:
                    break  # nothing new to draw around this roster (ends the search if idle)
                model = fixed.freed(people, days)
                # Copying a model of a million duty cells takes a second or two.
                limit = min(step, deadline - time.perf_counter())
                if limit < 0.1:
                    break
                future = pool.submit(attempt, model, limit, rng.randrange(1 << 30))
                running[future] = (drawn, kind, fracs[kind])
            if not running:
                break
            done, _ = wait(list(running), return_when=FIRST_COMPLETED)
            for future in done:
                drawn, kind, frac = running.pop(future)
                drawn_from, people, days = drawn
                st, name, obj, solution, wall = future.result()
                if merge and whole_hint and solution is not None and drawn_from != fixed.key:
                    # The other lane moved the incumbent while this one searched:
                    # its answer, on its own cells, may add to the new incumbent's
                    # gain. Tried for every such answer, not only those better
                    # than the incumbent they were drawn from: on Instance8,
                    # seeds 1-4, that restriction gave 1333-1341, and 1310-1341
                    # without it; on Instance12, 4315-4323 against 4103-4325.
                    mixed = _complete(fixed.merged(people, days, solution), configure, 1,
                                      max(0.1, min(1.0, deadline - time.perf_counter())))
                    stats["merge:tried"] += 1
                    if mixed is not None and mixed[0] < min(obj, best_obj):
                        stats["merge:better"] += 1
                        obj, solution = mixed
                stats[f"{kind}:{name}"] += 1
                if debug:
                    print(f"lns {time.perf_counter() - started:6.1f}s {kind:6} frac={frac:.2f} "
                          f"{name} {obj:.0f} best={best_obj:.0f} "
                          f"sub={wall:.2f}s", file=sys.stderr)
                if st == cp_model.OPTIMAL:
                    proved.add(drawn)
                if solution is not None and obj <= best_obj:
                    improved = obj < best_obj
                    best, best_obj = solution, obj
                    # An answer that is the incumbent again (a neighbourhood
                    # proved optimal returns its hint) does not count as a new
                    # incumbent: no merge for the other lane, no repeated proof.
                    if not fixed.update(best, whole=whole_hint):
                        stats["same roster"] += 1
                    if improved and on_improve is not None:
                        on_improve(best_obj, bound, time.perf_counter() - started)
                fracs[kind] = (min(1.0, frac * 1.1) if st == cp_model.OPTIMAL
                               else max(0.02, frac / 1.2))
                if st == cp_model.UNKNOWN:
                    step = min(most_step, step * 1.5)
                elif st == cp_model.OPTIMAL:
                    step = max(least_step, step / 1.1)

    if prover is not None:
        proved, found = prover.stop()
        bound = max(bound, proved)
        if found is not None and found[0] < best_obj:
            best_obj, best = found
        if debug:
            print(f"lns bound lane: bound {proved:.0f}", file=sys.stderr)
    if debug:
        print(f"lns done: {dict(stats)}", file=sys.stderr)
    fixed.update(best, whole=whole_hint)  # the kept-fixed model is the final one
    final = fixed.model
    _configure(configure, solver.parameters, time_limit=max(10.0, time_limit),
               workers=workers)
    status = solver.Solve(final)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        if math.isinf(best_obj):
            # Still the constructed roster, never confirmed by CP-SAT, and the
            # model rejects it: no roster found, not a crash.
            return cp_model.UNKNOWN, bound
        raise RuntimeError(  # pragma: no cover - a bug
            "the best roster of the search no longer solves the model")
    return (cp_model.OPTIMAL if solver.ObjectiveValue() <= bound else cp_model.FEASIBLE), bound
