"""A first roster built person by person, without a model (scheduler/search/construct/)."""

from __future__ import annotations

import time
from collections import Counter

from helpers import DAY, make_problem
from search_cases import benchmark_instance, penalty, tiny_benchmark

from scheduler.cpsat import duty_roster
from scheduler.instance import Instance
from scheduler.params import ConstructParams
from scheduler.search.construct import construct_duties


def test_the_next_person_is_planned_on_the_shift_still_uncovered(tmp_path):
    # Two people who may both work D and N, one of each wanted every day: the
    # second person is planned on the shift the first left uncovered, so no
    # shift is covered twice.
    cover = "".join(f"{d},{s},1,100,1\n" for d in range(7) for s in "DN")
    inst = Instance(tiny_benchmark(tmp_path, days=7, shifts="D,480,\nN,480,\n",
                                   staff="A,D=7|N=7,3360,0,7,1,1,1\nB,D=7|N=7,3360,0,7,1,1,1\n",
                                   cover=cover))
    duties = construct_duties(inst)
    assert duties is not None
    on_shift = Counter(oi for _, oi in duties)
    shifts_of = {emp: {inst.occurrences[oi].shift_id for e, oi in duties if e == emp}
                 for emp in "AB"}
    assert max(on_shift.values()) == 1  # nobody doubles a shift already covered
    assert shifts_of["A"] != shifts_of["B"]
    assert len(duties) >= 10  # both work most days (max 7, weekend cap 1)
    penalty(inst, duty_roster(inst, duties))  # and break no hard rule


def test_a_month_with_hard_cover_is_not_constructed():
    assert construct_duties(Instance(make_problem(staff=["A"], shifts=[DAY], days=3))) is None


def test_replanning_lowers_the_constructed_penalty():
    # Instance10 (4 weeks, 40 people): each person planned again against all
    # the others (the all-types plan, else the exact one-type plan, else the
    # first pass's own; measured: 8 811 -> 5 589). The roster
    # stays within every hard rule, and it must be better than without it.
    inst = benchmark_instance("Instance10")

    def constructed(params: ConstructParams, until: float | None = None) -> int:
        return penalty(inst, duty_roster(inst, construct_duties(inst, params, until)))

    replanned = constructed(ConstructParams())
    first_pass = constructed(ConstructParams(replan_rounds=0))
    assert replanned < first_pass - 500
    # A re-planning whose time is up at once leaves the first pass as it is.
    assert constructed(ConstructParams(), until=time.perf_counter() - 1) == first_pass
