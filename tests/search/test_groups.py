"""Search by groups of people, each on a model of its own (scheduler/search/groups.py)."""

from __future__ import annotations

import time
from collections import Counter

from search_cases import benchmark, benchmark_instance, penalty, tiny_benchmark, tuned

from scheduler import solve
from scheduler.cpsat import duty_roster
from scheduler.instance import Instance
from scheduler.search.colgen import dive
from scheduler.search.construct import construct_duties
from scheduler.search.groups import group_problem, solve_by_groups


def test_a_groups_problem_lowers_each_need_by_the_others_duties(tmp_path):
    # Three dates of D wanting 2, 1 and 0; B works all three, A date 1. The
    # group A needs what B leaves: 2 - 1, 1 - 1 and max(0, 0 - 1), never
    # below 0 (with B one too many on date 2, any duty of A's is too). Its
    # own duty is not taken off. Its problem has A alone.
    cover = "0,D,2,100,1\n1,D,1,100,1\n2,D,0,100,1\n"
    inst = Instance(tiny_benchmark(tmp_path, days=3, shifts="D,480,\n",
                                   staff="A,D=3,1440,0,3,1,1,1\nB,D=3,1440,0,3,1,1,1\n",
                                   cover=cover, on="A,1,D,1\nB,0,D,1\n"))
    count = Counter({0: 1, 1: 2, 2: 1})  # everybody's duties, by occurrence (date)
    mine = Counter({1: 1})
    sub = group_problem(inst, ["A"], count, mine)
    assert [c.staff for c in sub.coverage] == [1, 0, 0]
    assert [(c.under_weight, c.over_weight) for c in sub.coverage] == [(100, 1)] * 3
    assert [e.employee_id for e in sub.staff] == ["A"]
    assert [r.employee_id for r in sub.requests] == ["A"]


def test_a_groups_problem_prices_its_duties_as_the_whole_problem_does():
    # Re-planning a group while everybody else keeps their duties: the
    # group's own problem (needs lowered by the others' duties) changes by
    # exactly what the whole problem's checks change by, for any two
    # schedules of the group (here the constructed one and a dived one).
    inst = benchmark_instance("Instance3")
    start = construct_duties(inst)
    other = dive(inst, time.perf_counter() + 20, most=1).duties
    group = inst.emp_ids[3:9]
    count = Counter(oi for _, oi in start)
    mine = Counter(oi for e, oi in start if e in group)
    sub = Instance(group_problem(inst, group, count, mine))
    mixed = [c for c in start if c[0] not in group] + [c for c in other if c[0] in group]
    assert sorted(mixed) != sorted(start)

    def cost(instance, duties):
        return penalty(instance, duty_roster(instance, duties))

    whole = cost(inst, mixed) - cost(inst, start)
    alone = (cost(sub, [c for c in mixed if c[0] in group])
             - cost(sub, [c for c in start if c[0] in group]))
    assert whole == alone != 0


def test_solve_plans_by_groups_when_the_whole_model_cannot_be_built_in_time():
    # When building the whole model would not fit in the time limit
    # (Instance24 on a slow machine; here a second per duty cell above 0
    # cells), solve() constructs a roster and re-plans groups of people on
    # models of their own: a checked roster better than the constructed one.
    problem = benchmark("Instance3")
    inst = Instance(problem)
    start = penalty(inst, duty_roster(inst, construct_duties(inst)))
    seen = []
    params = tuned(strategy={"big": 0, "build_seconds_per_cell": 1.0}, groups={"step": 1.0})
    result = solve(problem, time_limit=4, seed=1, workers=2, strategy="lns", params=params,
                   progress=seen.append)
    # The group search proves no bound: the one reported is the shortage's
    # (10 weekend duties short whatever the roster, scheduler/shortage.py).
    assert result.status == "feasible" and result.bound == 1000.0
    assert result.strategy == "groups" and result.search["start"] == "constructed"
    assert result.search["groups"] >= result.search["improvements"] > 0
    assert result.hard_violations == []
    assert result.objective == penalty(inst, result.roster) < start
    assert seen[0].objective == start and seen[-1].objective == result.objective


def test_group_search_with_no_time_left_returns_the_constructed_roster():
    # Started a whole limit ago: no group is searched (nor any re-planning
    # round of the construction), and the constructed roster is returned as
    # the checks score it.
    inst = benchmark_instance("Instance3")
    found = solve_by_groups(inst, time_limit=5, seed=1, workers=2,
                            started=time.perf_counter() - 5)
    first_pass = construct_duties(inst, tuned(construct={"replan_rounds": 0}).construct)
    assert (found.groups, found.improvements) == (0, 0)
    assert sorted(found.roster.assignments, key=str) == \
        sorted(duty_roster(inst, first_pass).assignments, key=str)
    assert sum(v.penalty for v in found.violations) == penalty(inst, found.roster)
