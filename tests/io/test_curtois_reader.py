"""The Curtois & Qu benchmark reader and writer (scheduler/io/curtois.py)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

from scheduler import check_roster
from scheduler.errors import InputError
from scheduler.io import load_problem
from scheduler.io.curtois import DAY0, read_curtois, read_curtois_solution, write_curtois_solution

BENCH = Path(__file__).resolve().parents[1] / "data" / "curtois"

# An optimal roster of Instance1 (607 = 601 cover + 6 requests), as the benchmark's CSV.
INSTANCE1_607 = """employee,day,shift
A,1,D\nA,2,D\nA,3,D\nA,4,D\nA,7,D\nA,8,D\nA,9,D\nA,12,D\nA,13,D
B,0,D\nB,1,D\nB,2,D\nB,3,D\nB,4,D\nB,8,D\nB,9,D\nB,12,D\nB,13,D
C,0,D\nC,1,D\nC,2,D\nC,5,D\nC,6,D\nC,7,D\nC,10,D\nC,11,D
D,0,D\nD,1,D\nD,5,D\nD,6,D\nD,7,D\nD,8,D\nD,9,D
E,1,D\nE,2,D\nE,3,D\nE,4,D\nE,7,D\nE,8,D\nE,11,D\nE,12,D\nE,13,D
F,0,D\nF,1,D\nF,2,D\nF,3,D\nF,4,D\nF,7,D\nF,8,D\nF,11,D\nF,12,D
G,2,D\nG,3,D\nG,4,D\nG,7,D\nG,8,D\nG,11,D\nG,12,D\nG,13,D
H,0,D\nH,1,D\nH,8,D\nH,9,D\nH,10,D\nH,11,D\nH,12,D
"""


def test_reader_instance1_sizes_requests_and_cover():
    problem = load_problem(BENCH / "Instance1.txt")
    s = problem.settings
    assert s.horizon == (DAY0, DAY0 + dt.timedelta(days=13))
    assert DAY0.weekday() == 0  # day 0 is a Monday
    assert (s.holiday_calendar, s.min_rest_hours, s.max_duties_per_day) == ("none", 0, 1)
    assert (s.weights.rotation, s.weights.fairness, s.weights.requests) == (0, 0, 1)
    assert [sh.shift_id for sh in problem.shifts] == ["D"]
    assert problem.shifts[0].minutes == 480
    assert len(problem.staff) == 8
    a = problem.employee("A")
    assert (a.max_shifts, a.max_minutes, a.min_minutes, a.max_consecutive, a.min_consecutive,
            a.min_days_off, a.max_weekends) == ({"D": 14}, 4320, 3360, 5, 2, 2, 1)
    assert [(lv.employee_id, lv.start) for lv in problem.leave][:2] == [
        ("A", DAY0), ("B", DAY0 + dt.timedelta(days=5))]
    assert len(problem.leave) == 8
    prefer = [r for r in problem.requests if r.kind == "prefer"]
    avoid = [r for r in problem.requests if r.kind == "avoid"]
    assert (len(prefer), len(avoid)) == (21, 5)  # 26 requests, as documented
    assert (prefer[0].employee_id, prefer[0].date, prefer[0].shift_id, prefer[0].weight) == (
        "A", DAY0 + dt.timedelta(days=2), "D", 2)
    assert len(problem.coverage) == 14
    assert all(c.soft and c.under_weight == 100 and c.over_weight == 1
               for c in problem.coverage)
    assert [c.staff for c in problem.coverage[:3]] == [5, 7, 6]


def test_reader_instance2_shifts_successions_and_caps():
    problem = read_curtois(BENCH / "Instance2.txt")
    assert [(sh.shift_id, sh.minutes) for sh in problem.shifts] == [("E", 480), ("L", 480)]
    assert problem.shift("L").not_followed_by == ["E"]
    assert problem.shift("E").not_followed_by == []
    assert len(problem.staff) == 14
    assert len(problem.coverage) == 2 * 14
    # a cap of 0 removes the shift from the person's allowed shifts as well
    assert problem.employee("D").shifts == ["E"]  # D,E=14|L=0
    assert problem.employee("E").shifts == ["L"]  # E,E=0|L=14
    assert problem.employee("A").shifts == []  # every shift
    k = problem.employee("K")  # K,E=0|L=14,2160,1200,5,1,1,1: runs of 1 are no rule
    assert (k.max_minutes, k.min_minutes, k.min_consecutive, k.min_days_off) == (
        2160, 1200, 1, 1)


def test_optimal_instance1_roster_rescores_to_607_and_writes_back_the_same_rows(tmp_path):
    problem = read_curtois(BENCH / "Instance1.txt")
    path = tmp_path / "sol.csv"
    path.write_text(INSTANCE1_607)
    ros = read_curtois_solution(problem, path)
    violations = check_roster(problem, ros)
    assert [v for v in violations if v.hard] == []
    by_rule: Counter[str] = Counter()
    for v in violations:
        by_rule[v.rule] += v.penalty
    assert by_rule == {"S0": 601, "S5": 6}  # 607 in all
    out = tmp_path / "again.csv"
    write_curtois_solution(problem, ros, out)
    assert sorted(out.read_text().splitlines()) == sorted(INSTANCE1_607.splitlines())


def test_breaking_a_labour_rule_in_the_benchmark_roster_is_hard(tmp_path):
    problem = read_curtois(BENCH / "Instance1.txt")
    path = tmp_path / "sol.csv"
    # A also works days 5 and 6: runs 1-9 (9 days > 5) and a third weekend.
    path.write_text(INSTANCE1_607 + "A,5,D\nA,6,D\n")
    rules = {v.rule for v in check_roster(problem, read_curtois_solution(problem, path))
             if v.hard}
    assert {"L4", "L7"} <= rules


def test_bad_benchmark_file_names_file_section_line_and_field(tmp_path):
    text = (BENCH / "Instance1.txt").read_text().replace("A,D=14,4320", "A,D=14,43x0")
    path = tmp_path / "Bad.txt"
    path.write_text(text)
    with pytest.raises(InputError) as err:
        read_curtois(path)
    message = str(err.value)
    assert "Bad.txt" in message and "SECTION_STAFF" in message and "max_minutes" in message
    assert "row 13" in message  # A's line is the 13th of the file
