"""H9 monthly cap, L1 duties per day and P1 pinned assignments
(constraints/workload.py, daily.py, pins.py)."""

from __future__ import annotations

from collections import Counter

from helpers import DAY, duties, found, iso, make_problem, roster, run, sequence, shift

from scheduler import check_roster
from scheduler.models import Leave

MORNING = {"shift_id": "M", "start": "08:00", "end": "12:00", "days": "all"}
AFTERNOON = {"shift_id": "P", "start": "13:00", "end": "17:00", "days": "all"}


def test_h9_caps_push_the_duties_to_the_uncapped_person():
    # D, 1 a day, Mon–Thu; A max 0, B max 1, C uncapped: C works 3 of 4 days, so two of
    # C's days are consecutive whatever B's day is (C B C C, C C B C, ...): at least
    # 1 pair × rotation 10. C B C C reaches it. Optimum 10.
    problem = make_problem(staff=[{"employee_id": "A", "max_duties": 0},
                                  {"employee_id": "B", "max_duties": 1}, "C"],
                           days=4, weights={"rotation": 10}, shifts=[DAY])
    result = run(problem)
    assert (result.status, result.objective) == ("optimal", 10)
    assert Counter(sequence(result, "D")) == {"C": 3, "B": 1}
    assert sequence(result, "D") in (["C", "B", "C", "C"], ["C", "C", "B", "C"])


def test_h9_check_counts_duties_against_the_cap():
    problem = make_problem(staff=[{"employee_id": "A", "max_duties": 1}, "B"], days=3,
                           weights={}, shifts=[DAY])
    ros = roster((iso(0), "D", "A"), (iso(1), "D", "B"), (iso(2), "D", "A"))
    violations = check_roster(problem, ros)
    assert found(violations) == [("H9", "A", None, 0)]
    assert violations[0].amount == 1
    assert violations[0].text() == "A has 2 duties this month; the cap is 1."
    ok = roster((iso(0), "D", "B"), (iso(1), "D", "A"), (iso(2), "D", "B"))
    assert check_roster(problem, ok) == []


def _two_halves(**settings):
    # M 08–12 and P 13–17, 1 each, Mon–Wed; A and B; B on leave Tue; rest 0 h.
    return make_problem(staff=["A", "B"], days=3, weights={"rotation": 10},
                        shifts=[MORNING, AFTERNOON], min_rest_hours=0,
                        leave=[Leave(employee_id="B", start=iso(1), end=iso(1))], **settings)


def test_l1_one_duty_a_day_makes_a_lone_tuesday_infeasible():
    # On Tue only A is there for both M and P: with at most 1 duty a day, no roster.
    result = run(_two_halves())
    assert result.status == "infeasible"
    text = [m.en for m in result.explanation]
    assert "A: daily limit of 1 duty starts per date." in text


def test_l1_two_duties_a_day_let_one_person_take_both_halves():
    # With 2 a day, A works M and P on Tue. Mon and Wed go to B entirely (A on Mon or Wed
    # would repeat a shift next to Tue: +10). Optimum 0, and the roster is unique.
    result = run(_two_halves(max_duties_per_day=2))
    assert (result.status, result.objective) == ("optimal", 0)
    assert duties(result) == {iso(0): ["B", "B"], iso(1): ["A", "A"], iso(2): ["B", "B"]}


def test_l1_check_counts_duties_starting_on_one_date():
    problem = make_problem(staff=["A", "B"], days=1, weights={}, min_rest_hours=0,
                           shifts=[MORNING, AFTERNOON])
    violations = check_roster(problem, roster((iso(0), "M", "A"), (iso(0), "P", "A")))
    assert found(violations) == [("L1", "A", iso(0), 0)]
    assert violations[0].text() == "A has 2 duties on 2026-06-01; at most 1 a day."
    assert check_roster(problem, roster((iso(0), "M", "A"), (iso(0), "P", "B"))) == []


def test_p1_pins_are_kept_even_when_they_cost():
    # D, 1 a day, Mon–Wed; A and B; A pinned on Mon and Tue (a repeat: 10); Wed then B.
    # Optimum 10 (without pins: A B A, 0).
    problem = make_problem(staff=["A", "B"], days=3, weights={"rotation": 10}, shifts=[DAY],
                           pinned=[(iso(0), "D", "A"), (iso(1), "D", "A")])
    result = run(problem)
    assert (result.status, result.objective) == ("optimal", 10)
    assert sequence(result, "D") == ["A", "A", "B"]


def test_p1_pinned_standby_is_kept():
    # D with 1 standby, Mon–Tue; A, B, C; C pinned as standby on both days. Duty then
    # alternates between A and B. Optimum 0.
    problem = make_problem(staff=["A", "B", "C"], days=2, weights={"rotation": 10},
                           shifts=[shift(DAY, backups=1)],
                           pinned=[(iso(0), "D", "C", "backup"), (iso(1), "D", "C", "backup")])
    result = run(problem)
    assert (result.status, result.objective) == ("optimal", 0)
    assert duties(result, "D", role="backup") == {iso(0): ["C"], iso(1): ["C"]}
    assert sorted(sequence(result, "D")) == ["A", "B"]


def test_p1_check_finds_a_pinned_cell_the_roster_dropped():
    problem = make_problem(staff=["A", "B"], days=2, weights={}, shifts=[shift(DAY, backups=1)],
                           pinned=[(iso(0), "D", "A"), (iso(1), "D", "A", "backup")])
    ros = roster((iso(0), "D", "B"), (iso(0), "D", "A", "backup"),
                 (iso(1), "D", "B"), (iso(1), "D", "A", "backup"))
    violations = check_roster(problem, ros)
    assert found(violations) == [("P1", "A", iso(0), 0)]
    assert violations[0].text() == (
        "A was pinned as duty for D on 2026-06-01, but the roster does not have it.")
    ok = roster((iso(0), "D", "A"), (iso(0), "D", "B", "backup"),
                (iso(1), "D", "B"), (iso(1), "D", "A", "backup"))
    assert check_roster(problem, ok) == []
