"""H2 weekly rotation and S1 day rotation (constraints/rotation.py)."""

from __future__ import annotations

from helpers import DAY, NIGHT, duties, found, iso, make_problem, ordered, roster, run, sequence, shift

from scheduler import check_roster
from scheduler.models import Leave

WEEK_NIGHT = shift(NIGHT, days="workdays", staff=2, rotation="week")


def test_s1_day_rotation_charges_each_consecutive_pair_once():
    # D, 1 a day, Mon–Fri; A and B; B on leave Tue–Wed, so A works Tue and Wed: one
    # unavoidable pair (Tue, Wed) × 10. Mon must be B (A on Mon would add the pair
    # (Mon, Tue)), Thu must be B and Fri A. Optimum 10, and the roster is unique.
    problem = make_problem(staff=["A", "B"], days=5, weights={"rotation": 10}, shifts=[DAY],
                           leave=[Leave(employee_id="B", start=iso(1), end=iso(2))])
    result = run(problem)
    assert result.status == "optimal"
    assert result.objective == 10
    assert sequence(result, "D") == ["B", "A", "A", "B", "A"]
    assert found(result.violations) == [("S1", "A", iso(2), 10)]


def test_s1_day_rotation_continues_from_history():
    # History: A worked D on Sunday 05-31. Mon–Tue, A and B, B on leave Mon, so A works
    # Mon: the pair (05-31, 06-01) costs 10. Tue must then be B (A again: +10).
    # Optimum 10; without History, the same roster costs 0.
    problem = make_problem(staff=["A", "B"], days=2, weights={"rotation": 10}, shifts=[DAY],
                           leave=[Leave(employee_id="B", start=iso(0), end=iso(0))],
                           history=[("2026-05-31", "D", "A")])
    result = run(problem)
    assert result.status == "optimal"
    assert result.objective == 10
    assert sequence(result, "D") == ["A", "B"]
    assert found(result.violations) == [("S1", "A", iso(0), 10)]

    no_history = problem.model_copy(update={"history": []})
    result = run(no_history)
    assert (result.status, result.objective) == ("optimal", 0)
    assert sequence(result, "D") == ["A", "B"]


def test_h2_week_rotation_keeps_one_crew_per_week_and_continues_history():
    # N (19:00–03:00), 2 people, Mon–Fri, rotation by week. Horizon Wed 06-03 to
    # Tue 06-09. History: A and B worked N on Mon 06-01 and Tue 06-02, so Wed–Fri
    # keep A, B. Next week A is on leave on Tue 06-09, so its crew is B, C.
    # Soft goals off: optimum 0, and the roster is unique.
    problem = make_problem(
        staff=["A", "B", "C"], start=iso(2), days=7, weights={}, shifts=[WEEK_NIGHT],
        history=[(iso(d), "N", e) for d in (0, 1) for e in ("A", "B")],
        leave=[Leave(employee_id="A", start=iso(8), end=iso(8))])
    result = run(problem)
    assert result.status == "optimal"
    assert result.objective == 0
    assert duties(result, "N") == {
        iso(2): ["A", "B"], iso(3): ["A", "B"], iso(4): ["A", "B"],
        iso(7): ["B", "C"], iso(8): ["B", "C"]}


def test_h2_week_rotation_keeps_backups_for_the_week_too():
    # N, 1 on duty and 1 standby, Mon–Fri, rotation by week; A, B, C over one week.
    # Soft goals off, so the optimum is 0; the duty and standby sets never change.
    problem = make_problem(staff=["A", "B", "C"], days=7, weights={},
                           shifts=[shift(WEEK_NIGHT, staff=1, backups=1)])
    result = run(problem)
    assert (result.status, result.objective) == ("optimal", 0)
    crews = duties(result, "N")
    standby = duties(result, "N", role="backup")
    assert len(crews) == len(standby) == 5
    assert len({tuple(c) for c in crews.values()}) == 1
    assert len({tuple(c) for c in standby.values()}) == 1
    assert set(next(iter(crews.values()))).isdisjoint(next(iter(standby.values())))


def test_h2_check_finds_a_crew_change_within_the_week():
    problem = make_problem(staff=["A", "B"], days=5, weights={},
                           shifts=[shift(WEEK_NIGHT, staff=1)])
    ros = roster((iso(0), "N", "A"), (iso(1), "N", "A"),
                 (iso(2), "N", "B"), (iso(3), "N", "B"), (iso(4), "N", "B"))
    violations = check_roster(problem, ros)
    assert found(violations) == ordered([("H2", None, iso(d), 0) for d in (2, 3, 4)])
    assert violations[0].text() == (
        "N, week of 2026-06-01: the duty crew changes within the week "
        "(B on 2026-06-03, A on 2026-06-01).")
    steady = roster(*[(iso(d), "N", "A") for d in range(5)])
    assert check_roster(problem, steady) == []


def test_h2_check_compares_with_the_crew_published_in_history():
    # The week of Mon 06-01 began before the horizon (Wed 06-03); History has A on it.
    problem = make_problem(staff=["A", "B"], start=iso(2), days=3, weights={},
                           shifts=[shift(WEEK_NIGHT, staff=1)],
                           history=[(iso(0), "N", "A"), (iso(1), "N", "A")])
    ros = roster(*[(iso(d), "N", "B") for d in (2, 3, 4)])
    assert found(check_roster(problem, ros)) == ordered(
        [("H2", None, iso(d), 0) for d in (2, 3, 4)])
    assert check_roster(problem, roster(*[(iso(d), "N", "A") for d in (2, 3, 4)])) == []


def test_s1_check_charges_consecutive_pairs_and_the_pair_with_history():
    problem = make_problem(staff=["A", "B"], days=5, weights={"rotation": 10}, shifts=[DAY],
                           history=[("2026-05-31", "D", "A")])
    ros = roster(*[(iso(d), "D", e) for d, e in enumerate("AABBA")])
    violations = check_roster(problem, ros)
    # A on 05-31 (History) and 06-01; A on 06-01 and 06-02; B on 06-03 and 06-04.
    assert found(violations) == ordered([
        ("S1", "A", iso(0), 10), ("S1", "A", iso(1), 10), ("S1", "B", iso(3), 10)])
    texts = sorted(v.text() for v in violations)
    assert texts[0] == ("A has D on two consecutive occurrences, 2026-05-31 and 2026-06-01; "
                        "the duty should rotate.")
    alternating = roster(*[(iso(d), "D", e) for d, e in enumerate("BABAB")])
    assert check_roster(problem, alternating) == []


def test_h2_check_ignores_a_history_standby_of_a_shift_without_backups():
    # Regression: History listed A as standby of N (which has no backups) in the week the
    # horizon starts in; the model keeps no standby crew there, but the check demanded A.
    problem = make_problem(staff=["A", "B"], start=iso(1), days=2, weights={},
                           shifts=[shift(WEEK_NIGHT, staff=1)],
                           history=[(iso(0), "N", "A"), (iso(0), "N", "B", "backup")])
    ros = roster((iso(1), "N", "A"), (iso(2), "N", "A"))
    assert check_roster(problem, ros) == []
    result = run(problem)
    assert (result.status, result.objective) == ("optimal", 0)
    assert sequence(result, "N") == ["A", "A"]
