"""The team generator: valid, deterministic, feasible problems with consistent History."""

from __future__ import annotations

import datetime as dt

import pytest

from scheduler import Problem, Roster, Settings, check_roster, solve
from scheduler.generate import generate_team, team_shifts
from scheduler.instance import Instance


@pytest.fixture(scope="module")
def team10() -> Problem:
    return generate_team(10, month="2026-12", seed=0)


def test_generated_team_validates_and_round_trips(team10):
    again = Problem.model_validate(team10.model_dump(mode="json"))
    assert again == team10
    assert len(team10.staff) == 10
    assert team10.settings.month == "2026-12"


def test_generated_team_is_deterministic_per_seed():
    assert generate_team(12, seed=3) == generate_team(12, seed=3)
    assert generate_team(12, seed=3) != generate_team(12, seed=4)


def test_generated_team_has_leave_requests_skills_and_restrictions(team10):
    assert team10.leave and team10.requests and team10.history
    tech = [e for e in team10.staff if "tech" in e.skills]
    assert 2 <= len(tech) <= 5  # about 35 % of 10
    assert any(e.shifts for e in team10.staff)
    assert any(e.max_duties is not None for e in team10.staff)


def test_demand_scales_with_the_team():
    small = {s.shift_id: s for s in team_shifts(10)}
    large = {s.shift_id: s for s in team_shifts(120)}
    assert set(small) == {"D", "N", "H"}
    assert set(large) == {"D", "N", "H", "E"}
    assert (small["D"].staff, small["N"].staff, small["H"].staff) == (1, 2, 1)
    assert (large["D"].staff, large["N"].staff, large["H"].staff, large["E"].staff) == (12, 10, 8, 6)
    assert large["N"].rotation == "week" and large["N"].skills == {"tech": 1}


def test_too_small_team_is_refused():
    with pytest.raises(ValueError, match="at least 6"):
        generate_team(5)


def test_history_keeps_the_hard_rules(team10):
    # History covers whole weeks from the Monday of the week before 2026-12-01 (a Tuesday).
    dates = sorted({h.date for h in team10.history})
    assert dates[0] == dt.date(2026, 11, 23) and dates[-1] == dt.date(2026, 11, 30)
    past = team10.model_copy(update={
        "settings": Settings(start=dates[0], end=dates[-1]), "leave": [], "requests": [],
        "history": []})
    hard = [v for v in check_roster(past, Roster(assignments=team10.history)) if v.hard]
    assert hard == []


def test_continuing_night_crew_is_free_and_qualified(team10):
    inst = Instance(team10)
    crew = {h.employee_id for h in team10.history
            if h.shift_id == "N" and h.role == "duty" and h.date == dt.date(2026, 11, 30)}
    assert len(crew) == 2
    assert any("tech" in inst.staff[e].skills for e in crew)
    for day in (dt.date(2026, 12, d) for d in range(1, 5)):
        for emp_id in crew:
            assert not inst.on_leave(emp_id, day)
            assert inst.staff[emp_id].may_work("N")


def test_generated_team_of_10_solves_without_hard_violations(team10):
    result = solve(team10, time_limit=10, seed=0, workers=2)
    assert result.status in ("optimal", "feasible")
    assert result.hard_violations == []
    assert [v for v in check_roster(team10, result.roster) if v.hard] == []
    # The continuing night crew works the rest of its week (H2 across the month start).
    crew = {h.employee_id for h in team10.history
            if h.shift_id == "N" and h.role == "duty" and h.date == dt.date(2026, 11, 30)}
    first_nights = {a.employee_id for a in result.roster.assignments
                    if a.shift_id == "N" and a.role == "duty" and a.date == dt.date(2026, 12, 1)}
    assert first_nights == crew
