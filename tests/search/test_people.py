"""What the person-by-person methods read about each person (scheduler/search/people.py)."""

from __future__ import annotations

import pytest
from helpers import DAY, NIGHT, iso, make_problem, shift
from search_cases import tiny_benchmark

from scheduler.instance import Instance
from scheduler.search.people import decomposable, occurrences_of, requests_of, weekdays


def soft_team(days: int = 3, shifts=(DAY,), staff=("A", "B"), **settings) -> Instance:
    """Two people, ``days`` days; every occurrence's cover soft (under 100, over 1)."""
    coverage = [{"date": iso(d), "shift_id": s["shift_id"], "staff": 1, "under_weight": 100,
                 "over_weight": 1} for d in range(days) for s in shifts]
    return Instance(make_problem(staff=staff, shifts=shifts, days=days, coverage=coverage,
                                 **settings))


def test_a_month_of_soft_cover_and_one_duty_a_day_is_decomposable():
    assert decomposable(soft_team())


@pytest.mark.parametrize("why, inst", [
    ("hard cover (no Coverage weights)",
     lambda: Instance(make_problem(staff=["A", "B"], shifts=[DAY], days=3))),
    ("two duties a day (L1)", lambda: soft_team(max_duties_per_day=2)),
    ("a standby (H3)", lambda: soft_team(shifts=[shift(DAY, backups=1)])),
    ("a weekly crew (H2)", lambda: soft_team(shifts=[shift(DAY, rotation="week")])),
    ("a skill mix (H5)", lambda: soft_team(shifts=[shift(DAY, skills={"zh": 1})],
                                           staff=[{"employee_id": "A", "skills": ["zh"]}, "B"])),
])
def test_a_rule_coupling_people_makes_a_month_not_decomposable(why, inst):
    assert not decomposable(inst()), why


def test_one_hard_occurrence_makes_a_month_not_decomposable():
    # The night of day 1 has no Coverage row: its staff is a hard rule (H1).
    coverage = [{"date": iso(d), "shift_id": "D", "staff": 1, "under_weight": 100,
                 "over_weight": 1} for d in range(3)]
    coverage += [{"date": iso(d), "shift_id": "N", "staff": 1, "under_weight": 100,
                  "over_weight": 1} for d in (0, 2)]
    problem = make_problem(staff=["A", "B"], shifts=[DAY, NIGHT], days=3, coverage=coverage)
    assert not decomposable(Instance(problem))


def tiny_week(tmp_path):
    """A week from a Monday; A may work D and N, B only D (N capped at 0) and is off on day 3."""
    cover = "".join(f"{d},{s},1,100,1\n" for d in range(7) for s in "DN")
    return Instance(tiny_benchmark(
        tmp_path, days=7, shifts="D,480,\nN,480,\n",
        staff="A,D=7|N=7,3360,0,7,1,1,1\nB,D=7|N=0,3360,0,7,1,1,1\n", cover=cover,
        days_off="B,3\n", on="A,2,D,3\n", off="B,4,D,1\n"))


def test_occurrences_of_a_person_are_the_cells_they_may_work(tmp_path):
    inst = tiny_week(tmp_path)
    found = occurrences_of(inst)
    index = {(o.shift_id, (o.date - inst.first).days): o.index for o in inst.occurrences}
    assert found["A"] == {s: [index[s, d] for d in range(7)] for s in "DN"}
    # B: no N at all (left out, not a row of None), and no D on the day off.
    assert found["B"] == {"D": [None if d == 3 else index["D", d] for d in range(7)]}


def test_requests_of_give_each_persons_date_shift_kind_and_penalty(tmp_path):
    # The benchmark's weights: requests at 1, so a request's penalty is its own weight.
    assert requests_of(tiny_week(tmp_path)) == {"A": [(2, "D", True, 3)],
                                                "B": [(4, "D", False, 1)]}


def test_weekdays_of_a_benchmark_horizon_start_on_monday(tmp_path):
    assert weekdays(tiny_week(tmp_path)) == [0, 1, 2, 3, 4, 5, 6]
