"""H1 coverage and S0 soft coverage (constraints/coverage.py)."""

from __future__ import annotations

from helpers import DAY, duties, found, iso, make_problem, ordered, roster, run, sequence, shift

from scheduler import check_roster
from scheduler.models import CoverageOverride


def test_h1_every_occurrence_gets_exactly_its_crew_and_only_on_its_days():
    # D needs 2 people on Mon, Wed, Fri of a Mon–Sun week; 3 people, all soft goals off.
    # Optimum 0: any two people on each of the 3 occurrences, nobody on other days.
    problem = make_problem(staff=["A", "B", "C"], days=7, weights={},
                           shifts=[shift(DAY, days="Mon,Wed,Fri", staff=2)])
    result = run(problem)
    assert result.status == "optimal"
    assert result.objective == 0
    crews = {d: len(ids) for d, ids in duties(result).items()}
    assert crews == {iso(0): 2, iso(2): 2, iso(4): 2}
    assert result.hard_violations == []


def test_s0_soft_coverage_charges_each_missing_and_extra_person():
    # D needs 1 a day for 3 days; A and B. The Coverage sheet asks for 3 on day 1
    # (under_weight 5) and for 0 on day 2 (over_weight 7, under_weight 0).
    # Day 1: only 2 people exist, so 1 short × 5 = 5. Day 2: staffing nobody costs 0.
    # Day 3: hard, 1 person. Optimum 5.
    problem = make_problem(
        staff=["A", "B"], days=3, weights={}, shifts=[DAY],
        coverage=[CoverageOverride(date=iso(0), shift_id="D", staff=3, under_weight=5),
                  CoverageOverride(date=iso(1), shift_id="D", staff=0, under_weight=0,
                                   over_weight=7)])
    result = run(problem)
    assert result.status == "optimal"
    assert result.objective == 5
    assert result.penalties() == {"S0": 5}
    assert result.model_penalties == {"S0": 5}
    by_date = duties(result)
    assert sorted(by_date[iso(0)]) == ["A", "B"]
    assert iso(1) not in by_date
    assert len(by_date[iso(2)]) == 1


def test_s0_soft_coverage_weights_trade_against_other_goals():
    # D needs 1 a day for 3 days and A is the only person. Day 2 is soft
    # with under_weight 3. Rotation weight 10 charges A for each consecutive pair.
    # Staff day 2: pairs (1,2),(2,3) = 20. Leave it empty: 3. Optimum 3.
    problem = make_problem(
        staff=["A"], days=3, weights={"rotation": 10}, shifts=[DAY],
        coverage=[CoverageOverride(date=iso(1), shift_id="D", staff=1, under_weight=3)])
    result = run(problem)
    assert result.status == "optimal"
    assert result.objective == 3
    assert sequence(result, "D") == ["A", "A"]
    assert found(result.violations) == [("S0", None, iso(1), 3)]


def test_h1_check_finds_short_over_duplicate_and_stray_rows():
    problem = make_problem(staff=["A", "B"], days=4, weights={},
                           shifts=[shift(DAY, days="Mon,Tue,Wed")])
    bad = roster(
        # Monday: nobody.
        (iso(1), "D", "A"), (iso(1), "D", "B"),   # Tuesday: 2 for a crew of 1
        (iso(2), "D", "A"), (iso(2), "D", "A"),   # Wednesday: A listed twice
        (iso(3), "D", "B"),                       # Thursday: D does not run
    )
    violations = check_roster(problem, bad)
    assert found(violations) == ordered([
        ("H1", None, iso(0), 0),
        ("H1", None, iso(1), 0),
        ("H1", "A", iso(2), 0),      # the duplicate row
        ("H1", None, iso(2), 0),     # and so 2 on duty for a crew of 1
        ("H1", "B", iso(3), 0),      # stray
        # A listed twice also works two overlapping duties on one day:
        ("H7", "A", iso(2), 0),
        ("L1", "A", iso(2), 0),
    ])
    assert all(v.hard for v in violations)
    texts = {v.text() for v in violations}
    assert "D on 2026-06-01 needs 1 on duty but has 0." in texts
    assert "D on 2026-06-02 needs 1 on duty but has 2." in texts
    assert "A is listed twice for D on 2026-06-03." in texts
    assert "B is on D on 2026-06-04, but D does not run that day." in texts
    amounts = {(v.date.isoformat(), v.employee_id): v.amount for v in violations}
    assert amounts[(iso(0), None)] == 1


def test_h1_check_accepts_a_correct_roster():
    problem = make_problem(staff=["A", "B"], days=3, weights={}, shifts=[DAY])
    good = roster((iso(0), "D", "A"), (iso(1), "D", "B"), (iso(2), "D", "A"))
    assert check_roster(problem, good) == []


def test_s0_check_charges_missing_and_extra_people_by_weight():
    problem = make_problem(
        staff=["A", "B", "C"], days=2, weights={}, shifts=[DAY],
        coverage=[CoverageOverride(date=iso(0), shift_id="D", staff=3, under_weight=5),
                  CoverageOverride(date=iso(1), shift_id="D", staff=0, over_weight=2)])
    ros = roster((iso(0), "D", "A"), (iso(1), "D", "B"), (iso(1), "D", "C"))
    violations = check_roster(problem, ros)
    # Day 1: 2 short × 5 = 10; day 2: 2 extra × 2 = 4.
    assert found(violations) == [("S0", None, iso(0), 10), ("S0", None, iso(1), 4)]
    assert [v.amount for v in violations] == [2, 2]
    assert not any(v.hard for v in violations)
    assert violations[0].text() == "D on 2026-06-01: 1 on duty, 3 wanted (2 short × 5)."
    assert check_roster(problem, roster(*[(iso(0), "D", e) for e in "ABC"])) == []
