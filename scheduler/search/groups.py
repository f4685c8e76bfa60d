"""Search by groups of people, each group on a model of its own (huge models).

When coverage is soft (the Coverage sheet with weights) and one duty a day
is the rule, every hard rule concerns one person, and people are coupled
only by the coverage penalties. Re-planning a group of people while everybody
else keeps their duties is then the same problem for the group alone, with
each shift's need lowered by the duties the others already cover:

    under · max(0, need − f − y) + over · max(0, f + y − need)

with f the others' count and y the group's equals, up to a constant,
the soft coverage of the group's own problem with need max(0, need − f)
(when f > need, every duty of the group is one too many, and need 0 says
exactly that). So the group's :class:`~scheduler.models.Problem` is the
team's problem with fewer people and that coverage, and it is solved by the
engine's own model (:func:`scheduler.cpsat.build_model`): no second model.

:func:`scheduler.solve` takes this path only when the whole model could not
be built and searched within the time limit (Instance24 at 60 s: 1.04
million duty cells take 30-50 s of Python to build on a slow machine, and
the search needs about 2 s per 100 000 cells on top). The roster
constructed by :mod:`scheduler.search.construct` (no model needed) is the start;
then groups of people are re-planned, each on its own model (built in a
second or two), completed from the incumbent and searched for a few
seconds. Each answer is re-scored by the independent checks on the group's
problem and kept only when they find it strictly better and without a hard
violation. On Instance22 and 23 (60 s) it is worse than, or as good as, the
whole-model search of :mod:`scheduler.search.lns` (22: 248 000-249 000
against 190 000-213 000): whole-year groups are too large for CP-SAT to
improve in a few seconds, where that search also frees windows of days.
"""

from __future__ import annotations

import os
import random
import sys
import time
from collections import Counter
from dataclasses import dataclass

from ortools.sat.python import cp_model

from ..checks import check_roster
from ..cpsat import build_model, duty_roster
from ..instance import Instance
from ..models import CoverageOverride, Roster
from ..params import SolveParams
from .construct import construct_duties
from .fixed import hint_all


@dataclass
class GroupSearch:
    """What :func:`solve_by_groups` found."""

    roster: Roster
    violations: list
    improvements: int
    groups: int


def _penalty(violations) -> int | None:
    """Total soft penalty, or None when a hard rule is broken."""
    if any(v.hard for v in violations):
        return None
    return sum(v.penalty for v in violations)


def group_problem(inst: Instance, group: list[str], count: Counter, mine: Counter):
    """The problem of ``group`` alone, the others' duties taken off the needs.

    ``count`` is everybody's duties per occurrence index, ``mine`` the
    group's.
    """
    problem = inst.problem
    members = set(group)
    coverage = []
    for occ in inst.occurrences:
        others = count[occ.index] - mine[occ.index]
        coverage.append(CoverageOverride.model_construct(
            date=occ.date, shift_id=occ.shift_id, staff=max(0, occ.staff - others),
            under_weight=occ.under_weight, over_weight=occ.over_weight))
    return problem.model_copy(update=dict(
        staff=[e for e in problem.staff if e.employee_id in members],
        leave=[x for x in problem.leave if x.employee_id in members],
        requests=[x for x in problem.requests if x.employee_id in members],
        coverage=coverage))


def solve_by_groups(inst: Instance, *, time_limit: float, seed: int | None, workers: int,
                    params: SolveParams | None = None, started: float | None = None,
                    on_improve=None) -> GroupSearch | None:
    """Construct a roster, then re-plan groups of people until the time is up.

    Parameters
    ----------
    inst
        The instance (soft coverage, one duty a day; otherwise None is returned).
    time_limit
        Wall-clock seconds for everything, counted from ``started``; the
        time of the last check is kept out of the search.
    params
        Tuning: ``params.groups.group_cells`` duty cells per group at first
        (people × their eligible cells); the group grows by half when its
        model is solved to optimality and shrinks by a third when the step
        ends with no better roster; it is at most half the team (whose model
        is the one too big to build) and at least two people.
        ``params.groups.step`` seconds of CP-SAT per group.
    on_improve
        Called with (objective, seconds) on each better roster.

    Returns None when no roster can be constructed.
    """
    params = params or SolveParams()
    group_cells, step = params.groups.group_cells, params.groups.step
    started = time.perf_counter() if started is None else started
    deadline = started + time_limit
    debug = os.environ.get("ROSTER_LNS_DEBUG")
    duties = construct_duties(inst, params.construct,
                              started + params.groups.replan_share * time_limit)
    if duties is None:
        return None
    checked = time.perf_counter()
    violations = check_roster(inst, duty_roster(inst, duties))
    objective = _penalty(violations)
    if objective is None:
        return None
    # The last check takes as long again; keep it (and some) out of the search.
    deadline -= 0.5 + 1.5 * (time.perf_counter() - checked)
    if on_improve is not None:
        on_improve(objective, time.perf_counter() - started)
    if debug:
        print(f"groups: constructed {objective} at {time.perf_counter() - started:.1f}s",
              file=sys.stderr)
    rng = random.Random(seed or 0)
    by_emp: dict[str, set[int]] = {e: set() for e in inst.emp_ids}
    for emp_id, oi in duties:
        by_emp[emp_id].add(oi)
    count = Counter(oi for _, oi in duties)
    eligible = inst.eligible_emps
    per_person = max(1, sum(len(emps) for emps in eligible.values()) // len(inst.emp_ids))
    most = max(1, len(inst.emp_ids) // 2)  # half the team: never the whole model
    size = max(1, min(most, group_cells // per_person))
    overhead = 2 * size * per_person / 100_000  # building a group's model: about 2 s per 100 000 cells
    improvements = groups = 0
    while deadline - time.perf_counter() >= overhead + min(step, 1.0):
        began = time.perf_counter()
        group = _draw(inst, rng, size, count, by_emp, eligible)
        mine = Counter(oi for e in group for oi in by_emp[e])
        sub = Instance(group_problem(inst, group, count, mine))
        before = _penalty(check_roster(sub, duty_roster(sub, [(e, oi) for e in group
                                                            for oi in by_emp[e]])))
        ctx, _ = build_model(sub)
        for (e, oi), var in ctx.duty.items():
            ctx.model.add_hint(var, oi in by_emp[e])
        # The duty cells alone are a poor hint on a year (CP-SAT found no
        # roster from them in 3 s): complete them first (presolve does it),
        # then hint every variable.
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.fix_variables_to_their_hinted_value = True
        solver.parameters.max_time_in_seconds = max(0.5, deadline - time.perf_counter())
        if before is None or solver.solve(ctx.model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            break  # the checks passed a roster the model rejects: keep it as it is
        hint_all(ctx.model, list(solver.ResponseProto().solution))
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = workers
        # Presolve of a year for 27 people took 3 s, probing a third of it.
        solver.parameters.cp_model_probing_level = 0
        solver.parameters.symmetry_level = 0
        if seed is not None:
            solver.parameters.random_seed = seed + groups
        searching = time.perf_counter()
        solver.parameters.max_time_in_seconds = max(0.5, min(step, deadline - searching))
        status = solver.solve(ctx.model)
        searched = time.perf_counter() - searching
        groups += 1
        after = before
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            values = solver.ResponseProto().solution
            new = [(e, oi) for (e, oi), var in ctx.duty.items() if values[var.index]]
            after = _penalty(check_roster(sub, duty_roster(sub, new)))
            if after is not None and after < before:
                for e in group:
                    by_emp[e] = set()
                for e, oi in new:
                    by_emp[e].add(oi)
                count -= mine
                count.update(oi for _, oi in new)
                objective -= before - after
                improvements += 1
                if on_improve is not None:
                    on_improve(objective, time.perf_counter() - started)
        if status == cp_model.OPTIMAL:
            size = min(most, size + max(1, size // 2))
        elif after is None or after >= before:
            size = max(min(2, most), size * 2 // 3)
        overhead = time.perf_counter() - began - searched
        if debug:
            print(f"groups: {len(group)} people {solver.status_name(status)} {objective} "
                  f"at {time.perf_counter() - started:.1f}s", file=sys.stderr)
    roster = duty_roster(inst, [(e, oi) for e in inst.emp_ids for oi in sorted(by_emp[e])])
    return GroupSearch(roster.sorted(), check_roster(inst, roster), improvements, groups)


def _draw(inst: Instance, rng: random.Random, size: int, count: Counter,
          by_emp: dict[str, set[int]], eligible) -> list[str]:
    """A group: half of it, half of the time, people who could cover a short shift."""
    emps = list(inst.emp_ids)
    group: list[str] = []
    if rng.random() < 0.5:
        short = [o for o in inst.occurrences
                 if count[o.index] < o.staff and (o.under_weight or 0) > 0]
        if short:
            occ = rng.choice(short)
            day = {oi for oi in range(len(inst.occurrences))
                   if inst.occurrences[oi].date == occ.date}
            free = [e for e in eligible[occ.index] if not by_emp[e] & day]
            rng.shuffle(free)
            group = free[:max(1, size // 2)]
    taken = set(group)
    rest = [e for e in emps if e not in taken]
    group += rng.sample(rest, min(len(rest), size - len(group)))
    return group
