"""H3 backups and H8 a standby can step in (constraints/backups.py)."""

from __future__ import annotations

from helpers import DAY, NIGHT, duties, found, iso, make_problem, ordered, roster, run, shift

from scheduler import check_roster

DAY_WITH_STANDBY = shift(DAY, backups=1)


def test_h3_h8_standby_forces_a_fixed_night_worker():
    # D 08–17 with 1 on duty and 1 standby, N 19–03 with 1 on duty, every day for 3 days;
    # A, B, C. Each day needs 3 different people: D duty ≠ N duty (2 h rest), the D
    # standby ≠ D duty (H8, same occurrence) and ≠ N duty (could not step in: 2 h rest).
    # Whoever works N on day d may not take D duty or standby on day d+1 (5 h rest), so
    # the N person never changes: 2 consecutive pairs × rotation 10 = 20. The other two
    # alternate D duty, so D costs nothing. Optimum 20.
    problem = make_problem(staff=["A", "B", "C"], days=3, weights={"rotation": 10},
                           shifts=[DAY_WITH_STANDBY, NIGHT])
    result = run(problem)
    assert result.status == "optimal"
    assert result.objective == 20
    nights = duties(result, "N")
    night_person = nights[iso(0)]
    assert len(night_person) == 1
    assert set(map(tuple, nights.values())) == {tuple(night_person)}
    standby = duties(result, "D", role="backup")
    day_duty = duties(result, "D")
    assert len(standby) == 3
    for d in range(3):
        assert len(standby[iso(d)]) == 1
        assert standby[iso(d)] != day_duty[iso(d)]
        assert standby[iso(d)] != night_person
    assert result.hard_violations == []


def test_h8_standby_needing_a_third_person_is_infeasible_with_two():
    # The same shifts with A and B only: on day 1 the D standby can be neither the D
    # person nor the N person, so no roster exists.
    problem = make_problem(staff=["A", "B"], days=3, weights={},
                           shifts=[DAY_WITH_STANDBY, NIGHT])
    result = run(problem)
    assert result.status == "infeasible"
    text = [m.en for m in result.explanation]
    assert "D on 2026-06-01 needs 1 standby." in text
    assert any("may only stand by when free and rested to step in" in t for t in text)


def test_h3_check_counts_standby_people():
    problem = make_problem(staff=["A", "B", "C"], days=2, weights={},
                           shifts=[DAY_WITH_STANDBY])
    ros = roster((iso(0), "D", "A"),
                 (iso(1), "D", "A"), (iso(1), "D", "B", "backup"), (iso(1), "D", "C", "backup"))
    violations = check_roster(problem, ros)
    assert found(violations) == ordered([("H3", None, iso(0), 0), ("H3", None, iso(1), 0)])
    assert sorted(v.text() for v in violations) == [
        "D on 2026-06-01 needs 1 standby but has 0.",
        "D on 2026-06-02 needs 1 standby but has 2."]


def test_h8_check_standby_who_is_on_duty_or_too_tired_cannot_step_in():
    problem = make_problem(staff=["A", "B", "C"], days=2, weights={},
                           shifts=[DAY_WITH_STANDBY, NIGHT])
    ros = roster(
        (iso(0), "D", "A"), (iso(0), "D", "A", "backup"),   # A both duty and standby
        (iso(0), "N", "B"),
        (iso(1), "D", "C"), (iso(1), "D", "B", "backup"),   # B ended N at 03:00
        (iso(1), "N", "A"),
    )
    violations = check_roster(problem, ros)
    assert found(violations) == ordered([("H8", "A", iso(0), 0), ("H8", "B", iso(1), 0)])
    assert sorted(v.text() for v in violations) == [
        "A is both on duty and standby for D on 2026-06-01.",
        "B is standby for D on 2026-06-02 but could not step in: they work N on "
        "2026-06-01, too close for rest."]


def test_h8_check_counts_history_duties():
    # B worked N on Sunday 05-31 (to 03:00 on Monday), so B cannot stand by for D on
    # Monday (5 h rest). N runs on Sundays only, so it has no occurrence this Monday.
    problem = make_problem(staff=["A", "B"], days=1, weights={},
                           shifts=[DAY_WITH_STANDBY, shift(NIGHT, days="Sun")],
                           history=[("2026-05-31", "N", "B")])
    ros = roster((iso(0), "D", "A"), (iso(0), "D", "B", "backup"))
    assert found(check_roster(problem, ros)) == [("H8", "B", iso(0), 0)]
    # The solver agrees: B can neither work D (H7) nor stand by (H8), so D has no pair.
    assert run(problem).status == "infeasible"


def test_h3_h8_check_accepts_a_correct_roster():
    problem = make_problem(staff=["A", "B", "C"], days=2, weights={},
                           shifts=[DAY_WITH_STANDBY, NIGHT])
    ros = roster(
        (iso(0), "D", "A"), (iso(0), "D", "C", "backup"), (iso(0), "N", "B"),
        (iso(1), "D", "C"), (iso(1), "D", "A", "backup"), (iso(1), "N", "B"),
    )
    assert check_roster(problem, ros) == []
