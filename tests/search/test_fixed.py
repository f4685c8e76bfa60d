"""The model with every duty cell fixed to a roster (scheduler/search/fixed.py)."""

from __future__ import annotations

import random

from ortools.sat.python import cp_model
from search_cases import benchmark_instance, duty_cells, tiny_benchmark

from scheduler.cpsat import build_model, fresh_parameters
from scheduler.instance import Instance
from scheduler.params import SolveParams
from scheduler.search.fixed import FixedModel, complete, fixed_copy, hint_all, hint_duties
from scheduler.search.start import constructed_values


def tiny_model(tmp_path):
    """Two people, three days of D (one wanted a day; 100 short, 1 over): model and cells."""
    cover = "".join(f"{d},D,1,100,1\n" for d in range(3))
    inst = Instance(tiny_benchmark(tmp_path, days=3, shifts="D,480,\n",
                                   staff="A,D=3,1440,0,3,1,1,1\nB,D=3,1440,0,3,1,1,1\n",
                                   cover=cover))
    ctx, _ = build_model(inst)
    return ctx, duty_cells(ctx)


def domains(model: cp_model.CpModel) -> list[list[int]]:
    return [list(v.domain) for v in model.Proto().variables]


def test_fixed_copy_fixes_the_duty_cells_and_nothing_else(tmp_path):
    ctx, cells = tiny_model(tmp_path)
    values = [0] * len(ctx.model.Proto().variables)
    values[cells[0][0]] = 1
    fixed = domains(fixed_copy(ctx.model, cells, values))
    base = domains(ctx.model)
    duty = {idx for idx, _, _ in cells}
    assert [fixed[idx] for idx, _, _ in cells] == [[values[idx]] * 2 for idx, _, _ in cells]
    assert all(fixed[i] == base[i] for i in range(len(base)) if i not in duty)
    assert base[cells[0][0]] == [0, 1]  # the base model is left as it was


def test_complete_solves_a_fixed_roster_or_says_the_model_rejects_it(tmp_path):
    # A on days 0-1, B on day 2: every day covered once, penalty 0.
    ctx, cells = tiny_model(tmp_path)
    values = [0] * len(ctx.model.Proto().variables)
    for idx, emp, day in cells:
        values[idx] = int((emp, day) in {(0, 0), (0, 1), (1, 2)})
    objective, solution = complete(fixed_copy(ctx.model, cells, values), 1, 10.0)
    assert objective == 0
    assert [solution[idx] for idx, _, _ in cells] == [values[idx] for idx, _, _ in cells]
    # Everybody every day is within the rules here (runs of 3, 1 440 minutes)
    # but one too many each day: 3 × 1.
    assert complete(fixed_copy(ctx.model, cells, [1] * len(values)), 1, 10.0)[0] == 3


def test_complete_returns_none_where_the_model_rejects_the_roster(tmp_path):
    # A run of at most one day (L4) rejects A working days 0 and 1.
    cover = "".join(f"{d},D,1,100,1\n" for d in range(3))
    inst = Instance(tiny_benchmark(tmp_path, days=3, shifts="D,480,\n",
                                   staff="A,D=3,1440,0,1,1,1,1\n", cover=cover))
    ctx, _ = build_model(inst)
    cells = duty_cells(ctx)
    values = [0] * len(ctx.model.Proto().variables)
    for idx, _, day in cells:
        values[idx] = int(day in (0, 1))
    assert complete(fixed_copy(ctx.model, cells, values), 1, 10.0) is None


def test_kept_fixed_model_counts_changed_duty_cells_and_fingerprints_the_roster(tmp_path):
    ctx, cells = tiny_model(tmp_path)
    start = [0] * len(ctx.model.Proto().variables)
    kept = FixedModel(ctx.model, cells, start)
    assert kept.update(start) == 0  # the roster it was built from
    key = kept.key
    moved = list(start)
    moved[cells[0][0]] = 1
    assert kept.update(moved) == 1 and kept.key != key
    assert kept.update(moved) == 0
    assert kept.update(start) == 1 and kept.key == key  # the same roster, the same fingerprint


def test_kept_fixed_model_frees_exactly_the_cells_a_fresh_copy_frees():
    # The search keeps one copy of the model fixed to the incumbent and frees
    # a neighbourhood in a copy of it; that must be the very model a fresh
    # copy with everything else fixed (and the incumbent hinted) would be. A
    # new incumbent is a whole CP-SAT solution and is hinted whole; the first
    # (possibly a constructed roster) only in its duty cells.
    ctx, _ = build_model(benchmark_instance("Instance3"))
    cells = duty_cells(ctx)
    rng = random.Random(7)
    values = [0] * len(ctx.model.Proto().variables)
    kept = None
    for first in (True, False, False):  # a first incumbent, then two changes of it
        for idx, _, _ in rng.sample(cells, len(cells) // 3):
            values[idx] = 1 - values[idx]
        if kept is None:
            kept = FixedModel(ctx.model, cells, values)
        else:
            kept.update(values)
        people = set(rng.sample(range(len(ctx.inst.emp_ids)), 5))
        days = set(range(3, 9))
        # The reference: a fresh copy with every duty cell outside the
        # neighbourhood fixed, built here cell by cell.
        fresh = cp_model.CpModel()
        fresh.Proto().copy_from(ctx.model.Proto())
        for idx, emp, day in cells:
            if not (emp in people and day in days):
                dom = fresh.Proto().variables[idx].domain
                dom[0] = dom[1] = values[idx]
        if first:
            hint_duties(fresh, cells, values)
        else:
            hint_all(fresh, values)
            assert len(kept.model.Proto().solution_hint.vars) == len(values)
        assert str(kept.freed(people, days).Proto()) == str(fresh.Proto())
        assert str(kept.freed(people, days).Proto()) != str(kept.model.Proto())
        # The same cells as (person, date) pairs (the relaxation's neighbourhoods).
        pairs = {(emp, day) for emp in people for day in days}
        assert str(kept.freed(pairs, None).Proto()) == str(fresh.Proto())


def test_merging_a_late_neighbourhood_keeps_both_lanes_gains():
    # Two lanes improve the same incumbent on different people and dates; the
    # second answer arrives after the first has replaced the incumbent. Merged
    # (its cells from its answer, the rest from the new incumbent), both gains
    # count: people and dates apart, the objective drops by their sum exactly.
    ctx, _ = build_model(benchmark_instance("Instance3"))
    cells = duty_cells(ctx)
    start = constructed_values(ctx, SolveParams())
    assert start is not None
    start_obj, start = complete(fixed_copy(ctx.model, cells, start), 1, 10)
    kept = FixedModel(ctx.model, cells, start)
    kept.update(start)

    def improve(people, days):
        solver = cp_model.CpSolver()
        fresh_parameters(solver.parameters, time_limit=10, workers=1)
        assert solver.Solve(kept.freed(people, days)) == cp_model.OPTIMAL
        return solver.ObjectiveValue(), list(solver.ResponseProto().solution)

    first_people, first_days = set(range(10, 20)), set(range(0, 7))
    late_people, late_days = set(range(0, 10)), set(range(7, 14))
    first_obj, first = improve(first_people, first_days)
    late_obj, late = improve(late_people, late_days)
    assert first_obj < start_obj and late_obj < start_obj

    kept.update(first)  # the first answer is the incumbent when the late one arrives
    merged_obj, merged = complete(kept.merged(late_people, late_days, late), 1, 10)
    assert merged_obj == first_obj + late_obj - start_obj
    for idx, emp, day in cells:
        inside = emp in late_people and day in late_days
        assert merged[idx] == (late[idx] if inside else first[idx])
