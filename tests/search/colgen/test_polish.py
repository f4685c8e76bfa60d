"""Best responses that lower a choice of one schedule per person (colgen/polish.py)."""

from __future__ import annotations

import time

import numpy as np
from search_cases import benchmark_instance, penalty, tiny_benchmark

from scheduler.cpsat import duty_roster
from scheduler.instance import Instance
from scheduler.search.colgen import polish as polishing
from scheduler.search.colgen.pricing import people_of, schedule_cost


def test_penalty_of_a_choice_is_its_cover_and_its_requests(tmp_path):
    # Two dates of D, one person wanted on each (100 short, 1 over); A works
    # both, B the first: day 0 one too many (1), day 1 covered; A's request
    # to be off on day 1 (weight 4) refused: 1 + 4.
    inst = Instance(tiny_benchmark(tmp_path, days=2, shifts="D,480,\n",
                                   staff="A,D=2,960,0,2,1,1,1\nB,D=2,960,0,2,1,1,1\n",
                                   cover="0,D,1,100,1\n1,D,1,100,1\n", off="A,1,D,4\n"))
    people = people_of(inst, 700)

    def cost(p, cells):
        return schedule_cost(people[p], inst.occurrences, cells)

    assert polishing.penalty(inst, {0: (0, 1), 1: (0, -1)}, cost) == 1 + 4
    assert polishing.penalty(inst, {0: (-1, -1), 1: (-1, -1)}, cost) == 200  # nobody: both short


def test_polish_gives_each_person_a_best_response_within_the_rules():
    # From each person's schedule as if every shift were short (far too many
    # duties), best responses against everybody else lower the penalty, keep
    # every rule (the independent checks: no hard violation, the same
    # penalty) and end where no person alone can do better.
    inst = benchmark_instance("Instance5")
    occs = inst.occurrences
    people = people_of(inst, 700)

    def cost(p, cells):
        return schedule_cost(people[p], occs, cells)

    eager = np.array([float(occ.under_weight or 0) for occ in occs])
    start = {p: person.price(eager)[0] for p, person in enumerate(people)}
    chosen = dict(start)
    assert polishing.polish(inst, people, chosen, cost, time.perf_counter() + 60) > 1
    value = polishing.penalty(inst, chosen, cost)
    assert value < polishing.penalty(inst, start, cost)
    duties = [(people[p].emp.employee_id, oi) for p, cells in chosen.items()
              for oi in cells if oi >= 0]
    assert penalty(inst, duty_roster(inst, duties)) == value
    again = dict(chosen)
    assert polishing.polish(inst, people, again, cost, time.perf_counter() + 60) == 1
    assert again == chosen
