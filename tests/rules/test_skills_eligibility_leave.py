"""H5 skills, H4 eligibility and H6 leave (constraints/skills.py, eligibility.py, leave.py)."""

from __future__ import annotations

from helpers import DAY, NIGHT, duties, found, iso, make_problem, ordered, roster, run, sequence, shift

from scheduler import check_roster
from scheduler.models import Leave

TECH_NIGHT = shift(NIGHT, staff=2, skills="tech:1")


def test_h5_skills_put_the_only_technician_on_every_night():
    # N needs 2 a night, at least 1 with skill tech, for 3 nights; only A is tech.
    # A works every night: 2 consecutive pairs × rotation 10 = 20; B and C alternate
    # the second place (B C B or C B C), costing nothing. Optimum 20.
    problem = make_problem(staff=[{"employee_id": "A", "skills": "tech"}, "B", "C"], days=3,
                           weights={"rotation": 10}, shifts=[TECH_NIGHT])
    result = run(problem)
    assert (result.status, result.objective) == ("optimal", 20)
    crews = duties(result, "N")
    assert all("A" in crew and len(crew) == 2 for crew in crews.values())
    others = [next(e for e in crews[iso(d)] if e != "A") for d in range(3)]
    assert others in (["B", "C", "B"], ["C", "B", "C"])
    assert found(result.violations) == [("S1", "A", iso(1), 10), ("S1", "A", iso(2), 10)]


def test_h4_eligibility_leaves_the_night_to_the_one_person_allowed():
    # D and N, 1 each, every day for 3 days. B and C may only work D; A may work both.
    # So A works every N (2 pairs × 10 = 20) and, resting, no D; B and C alternate D (0).
    # Optimum 20.
    problem = make_problem(staff=["A", {"employee_id": "B", "shifts": "D"},
                                  {"employee_id": "C", "shifts": "D"}],
                           days=3, weights={"rotation": 10}, shifts=[DAY, NIGHT])
    result = run(problem)
    assert (result.status, result.objective) == ("optimal", 20)
    assert sequence(result, "N") == ["A", "A", "A"]
    assert sequence(result, "D") in (["B", "C", "B"], ["C", "B", "C"])


def test_h6_leave_keeps_people_off_duty_and_standby():
    # D, 1 on duty and 1 standby, Mon–Wed; A, B, C; A on leave Mon–Tue. Mon and Tue
    # need 2 people each from B and C, so B and C both work (as duty or standby)
    # on both days; with rotation 10, D duty goes B C or C B, and on Wed anyone but the
    # Tue person (again: +10). Optimum 0.
    problem = make_problem(staff=["A", "B", "C"], days=3, weights={"rotation": 10},
                           shifts=[shift(DAY, backups=1)],
                           leave=[Leave(employee_id="A", start=iso(0), end=iso(1))])
    result = run(problem)
    assert (result.status, result.objective) == ("optimal", 0)
    for d in (0, 1):
        people = duties(result, "D")[iso(d)] + duties(result, "D", role="backup")[iso(d)]
        assert sorted(people) == ["B", "C"]
    seq = sequence(result, "D")
    assert seq[0] != seq[1] != seq[2]


def test_h6_leave_makes_a_repeat_unavoidable():
    # D, 1 a day, Mon–Wed; A and B; A on leave Mon–Tue: B, B, A. One pair × 10.
    problem = make_problem(staff=["A", "B"], days=3, weights={"rotation": 10}, shifts=[DAY],
                           leave=[Leave(employee_id="A", start=iso(0), end=iso(1))])
    result = run(problem)
    assert (result.status, result.objective) == ("optimal", 10)
    assert sequence(result, "D") == ["B", "B", "A"]


def test_h5_check_finds_a_night_crew_without_a_technician():
    problem = make_problem(staff=[{"employee_id": "A", "skills": "tech"}, "B", "C"], days=2,
                           weights={}, shifts=[TECH_NIGHT])
    ros = roster((iso(0), "N", "B"), (iso(0), "N", "C"), (iso(1), "N", "A"), (iso(1), "N", "B"))
    violations = check_roster(problem, ros)
    assert found(violations) == [("H5", None, iso(0), 0)]
    assert violations[0].text() == "N on 2026-06-01 needs 1 with skill tech on duty, has 0."
    assert violations[0].amount == 1
    good = roster((iso(0), "N", "A"), (iso(0), "N", "C"), (iso(1), "N", "A"), (iso(1), "N", "B"))
    assert check_roster(problem, good) == []


def test_h4_check_finds_people_on_shifts_they_may_not_work():
    problem = make_problem(staff=["A", {"employee_id": "B", "shifts": "D"}], days=1,
                           weights={}, shifts=[shift(DAY, backups=1), shift(NIGHT, backups=1)])
    ros = roster((iso(0), "D", "A"), (iso(0), "D", "B", "backup"),
                 (iso(0), "N", "Z"), (iso(0), "N", "B", "backup"))
    violations = check_roster(problem, ros)
    assert found(violations, "H4") == ordered([("H4", "B", iso(0), 0), ("H4", "Z", iso(0), 0)])
    assert sorted(v.text() for v in violations if v.rule == "H4") == [
        "B has standby for N on 2026-06-01, but may only work D.",
        "Z is on the roster for N on 2026-06-01 but is not on the Staff sheet."]
    # B stands by for D and N of the same day: two standbys are not two duties, so no H8.
    assert found(violations, "H8") == []
    good = roster((iso(0), "D", "A"), (iso(0), "D", "B", "backup"))
    assert found(check_roster(problem, good), "H4") == []


def test_h6_check_finds_duty_and_standby_on_leave():
    problem = make_problem(staff=["A", "B", "C"], days=2, weights={},
                           shifts=[shift(DAY, backups=1)],
                           leave=[Leave(employee_id="A", start=iso(0), end=iso(1), kind="sick")])
    ros = roster((iso(0), "D", "A"), (iso(0), "D", "B", "backup"),
                 (iso(1), "D", "B"), (iso(1), "D", "A", "backup"))
    violations = check_roster(problem, ros)
    assert found(violations) == [("H6", "A", iso(0), 0), ("H6", "A", iso(1), 0)]
    assert sorted(v.text() for v in violations) == [
        "A is on leave on 2026-06-01 but has duty for D.",
        "A is on leave on 2026-06-02 but has standby for D."]
    good = roster((iso(0), "D", "B"), (iso(0), "D", "C", "backup"),
                  (iso(1), "D", "C"), (iso(1), "D", "B", "backup"))
    assert check_roster(problem, good) == []


def test_h4_h6_people_eligible_per_shift_agree_with_the_pairwise_rule():
    # The model's variables come from Instance.eligible_emps, worked out per
    # shift type and then leave; it must name exactly the pairs that
    # Instance.eligible allows (H4 shifts allowed, H6 no leave that date).
    from scheduler.instance import Instance

    problem = make_problem(staff=["A", {"employee_id": "B", "shifts": "D"},
                                  {"employee_id": "C", "shifts": "N"}, "E"],
                           days=5, shifts=[DAY, NIGHT],
                           leave=[Leave(employee_id="A", start=iso(1), end=iso(2)),
                                  Leave(employee_id="B", start=iso(3), end=iso(3))])
    inst = Instance(problem)
    pairs = 0
    for occ in inst.occurrences:
        expected = [e for e in inst.emp_ids if inst.eligible(e, occ)]
        assert inst.eligible_emps[occ.index] == expected
        pairs += len(expected)
    assert 0 < pairs < len(inst.occurrences) * len(inst.emp_ids)
