"""Re-planning around hand edits: P1 forbidden cells and S7 minimal change."""

from __future__ import annotations

import datetime as dt

from scheduler import check_roster, solve
from scheduler.models import Assignment, Employee, Problem, Roster, Settings, Shift, Weights

DAYS = [dt.date(2026, 12, 7) + dt.timedelta(days=i) for i in range(5)]  # Mon..Fri


def problem(**update) -> Problem:
    base = Problem(
        settings=Settings(start=DAYS[0], end=DAYS[-1], holiday_calendar="none",
                          weights=Weights(rotation=0, fairness=0, nights=0, holidays=0,
                                          requests=0, backups=0, changes=20)),
        shifts=[Shift(shift_id="D", start="08:00", end="17:00", days="workdays", staff=1)],
        staff=[Employee(employee_id=e) for e in ("A", "B", "C")])
    return base.model_copy(update=update)


def duty(emp: str, day: dt.date) -> Assignment:
    return Assignment(date=day, shift_id="D", employee_id=emp)


PUBLISHED = [duty(e, d) for e, d in zip("ABCAB", DAYS, strict=True)]


def test_s7_keeps_the_baseline_when_nothing_changed():
    result = solve(problem(baseline=PUBLISHED), time_limit=10, seed=0)
    assert result.status == "optimal"
    assert result.objective == 0
    assert set(result.roster.assignments) == set(PUBLISHED)


def test_s7_forbidding_one_cell_changes_only_that_day():
    # A cleared Monday: someone else takes it; one baseline assignment lost = 1 × 20.
    p = problem(baseline=PUBLISHED[1:], forbidden=[PUBLISHED[0]])
    result = solve(p, time_limit=10, seed=0)
    assert result.status == "optimal"
    assert result.objective == 0  # the cleared cell is not in the baseline: nothing dropped
    assert set(PUBLISHED[1:]) <= set(result.roster.assignments)
    monday = [a for a in result.roster.assignments if a.date == DAYS[0]]
    assert len(monday) == 1 and monday[0].employee_id in ("B", "C")


def test_s7_check_charges_each_dropped_assignment():
    moved = [duty("C", DAYS[0])] + PUBLISHED[1:3] + [duty("C", DAYS[3]), PUBLISHED[4]]
    found = [v for v in check_roster(problem(baseline=PUBLISHED), Roster(assignments=moved))
             if v.rule == "S7"]
    # A lost Monday and Thursday: 2 × 20
    assert [(v.employee_id, v.date, v.penalty) for v in found] == [
        ("A", DAYS[0], 20), ("A", DAYS[3], 20)]


def test_p1_forbidden_cell_back_in_the_roster_is_a_hard_violation():
    found = [v for v in check_roster(problem(forbidden=[PUBLISHED[0]]),
                                     Roster(assignments=PUBLISHED)) if v.hard]
    assert [(v.rule, v.employee_id, v.date) for v in found] == [("P1", "A", DAYS[0])]
    assert "removed by hand" in found[0].text("en")


def test_forbidden_and_baseline_survive_the_workbook_round_trip(tmp_path):
    from scheduler.io import load_workbook, write_workbook

    p = problem(baseline=PUBLISHED[1:], forbidden=[PUBLISHED[0]])
    for lang in ("en", "zh"):
        path = tmp_path / f"p_{lang}.xlsx"
        write_workbook(p, path, lang=lang)
        back = load_workbook(path).problem
        assert back.forbidden == p.forbidden
        assert back.baseline == p.baseline
