"""S5 requests: prefer / avoid wishes by weight (constraints/requests.py)."""

from __future__ import annotations

from helpers import DAY, NIGHT, found, iso, make_problem, ordered, roster, run, sequence, shift

from scheduler import check_roster
from scheduler.models import Request


def _requests_problem(requests):
    # D, 1 a day, Mon–Wed; N runs on Sundays only (no occurrence here); A and B;
    # only requests count, with the requests weight 2.
    return make_problem(staff=["A", "B"], days=3, weights={"requests": 2},
                        shifts=[DAY, shift(NIGHT, days="Sun")], requests=requests)


def test_s5_requests_weigh_against_each_other():
    # Mon: A prefers (weight 3), B prefers (weight 1): one is not granted; B's is
    # cheaper, 2 × 1 = 2. Wed: A avoids D (weight 5), B avoids any shift (weight 2):
    # someone works, B is cheaper, 2 × 2 = 4. Tue: B prefers N, which does not run
    # that day: never granted, 2 × 1 = 2. A request outside the horizon is ignored.
    # Optimum 2 + 4 + 2 = 8.
    problem = _requests_problem([
        Request(employee_id="A", date=iso(0), kind="prefer", weight=3),
        Request(employee_id="B", date=iso(0), kind="prefer", weight=1),
        Request(employee_id="A", date=iso(2), shift_id="D", kind="avoid", weight=5),
        Request(employee_id="B", date=iso(2), kind="avoid", weight=2),
        Request(employee_id="B", date=iso(1), shift_id="N", kind="prefer"),
        Request(employee_id="A", date="2026-06-10", kind="prefer", weight=9),
    ])
    result = run(problem)
    assert (result.status, result.objective) == ("optimal", 8)
    seq = sequence(result, "D")
    assert (seq[0], seq[2]) == ("A", "B")
    assert found(result.violations) == ordered([
        ("S5", "B", iso(0), 2), ("S5", "B", iso(1), 2), ("S5", "B", iso(2), 4)])
    assert result.model_penalties == {"S5": 8}
    assert any("lies outside 2026-06-01 to 2026-06-03 and is ignored" in w.en
               for w in result.warnings)


def test_s5_check_charges_requests_not_granted():
    problem = _requests_problem([
        Request(employee_id="A", date=iso(0), kind="prefer", weight=3),
        Request(employee_id="B", date=iso(1), shift_id="D", kind="avoid"),
        Request(employee_id="A", date=iso(2), kind="avoid", weight=2),
    ])
    ros = roster((iso(0), "D", "B"), (iso(1), "D", "B"), (iso(2), "D", "B"))
    violations = check_roster(problem, ros)
    assert found(violations) == [("S5", "A", iso(0), 6), ("S5", "B", iso(1), 2)]
    assert sorted(v.text() for v in violations) == [
        "A asked to work any shift on 2026-06-01 (weight 3); not granted.",
        "B asked not to work D on 2026-06-02 (weight 1); not granted."]
    assert [v.amount for v in sorted(violations, key=lambda v: v.employee_id)] == [3, 1]
    granted = roster((iso(0), "D", "A"), (iso(1), "D", "A"), (iso(2), "D", "B"))
    assert check_roster(problem, granted) == []


def test_s5_check_standby_does_not_grant_a_prefer():
    problem = make_problem(staff=["A", "B"], days=1, weights={"requests": 2},
                           shifts=[shift(DAY, backups=1)],
                           requests=[Request(employee_id="A", date=iso(0), kind="prefer")])
    ros = roster((iso(0), "D", "B"), (iso(0), "D", "A", "backup"))
    assert found(check_roster(problem, ros)) == [("S5", "A", iso(0), 2)]


def test_s5_requests_are_off_with_weight_zero():
    problem = make_problem(staff=["A", "B"], days=1, weights={}, shifts=[DAY],
                           requests=[Request(employee_id="A", date=iso(0), kind="avoid")])
    assert check_roster(problem, roster((iso(0), "D", "A"))) == []
    assert run(problem).objective == 0
