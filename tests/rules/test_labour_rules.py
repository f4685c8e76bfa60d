"""L2–L8 labour rules (constraints/shift_caps, minutes, sequences, weekends, succession).

Every problem has one day shift D (08:00-17:00, 540 minutes, every day, one
person unless said otherwise), all engine soft goals off except requests
(weight 1), so each objective is a count of request weights not granted.
"""

from __future__ import annotations

from helpers import DAY, found, iso, make_problem, roster, run, sequence, shift

from scheduler import check_roster
from scheduler.models import CoverageOverride

REQ = {"requests": 1}


def wants_all(emp: str, days: int, shift_id: str = "D", weight: int = 1) -> list[dict]:
    return [{"employee_id": emp, "date": iso(d), "shift_id": shift_id, "kind": "prefer",
             "weight": weight} for d in range(days)]


def solved(problem):
    result = run(problem)
    assert result.status == "optimal"
    assert result.hard_violations == []
    # the model's objective is what the independent checks find
    assert sum(v.penalty for v in result.violations) == result.objective
    return result


def test_l2_per_shift_cap_limits_a_persons_duties_of_that_shift():
    # A wants D on all 4 days (weight 1 each) but may work D at most once: 3 not granted.
    problem = make_problem(staff=[{"employee_id": "A", "max_shifts": "D:1"}, "B"], days=4,
                           shifts=[DAY], weights=REQ, requests=wants_all("A", 4))
    result = solved(problem)
    assert result.objective == 3
    assert sequence(result, "D").count("A") == 1


def test_l2_cap_zero_forbids_the_shift():
    problem = make_problem(staff=[{"employee_id": "A", "max_shifts": "D:0"}, "B"], days=3,
                           shifts=[DAY], weights=REQ, requests=wants_all("A", 3))
    result = solved(problem)
    assert result.objective == 3
    assert sequence(result, "D") == ["B", "B", "B"]


def test_l2_check_reports_duties_over_the_cap():
    problem = make_problem(staff=[{"employee_id": "A", "max_shifts": "D:1"}, "B"], days=3,
                           shifts=[DAY], weights={})
    ros = roster((iso(0), "D", "A"), (iso(1), "D", "A"), (iso(2), "D", "A"))
    violations = [v for v in check_roster(problem, ros) if v.rule == "L2"]
    assert [(v.employee_id, v.shift_id, v.amount) for v in violations] == [("A", "D", 2)]


def test_l3_max_minutes_caps_the_working_time():
    # D is 540 min; A may work 1100 min = 2 duties of the 4 A wants: 2 not granted.
    problem = make_problem(staff=[{"employee_id": "A", "max_minutes": 1100}, "B"], days=4,
                           shifts=[DAY], weights=REQ, requests=wants_all("A", 4))
    assert solved(problem).objective == 2


def test_l3_min_minutes_forces_work_against_wishes():
    # B must work at least 1000 min = 2 duties; A wants all 3 days: A loses 2.
    problem = make_problem(staff=["A", {"employee_id": "B", "min_minutes": 1000}], days=3,
                           shifts=[DAY], weights=REQ, requests=wants_all("A", 3))
    result = solved(problem)
    assert result.objective == 2
    assert sequence(result, "D").count("B") == 2


def test_l3_check_reports_minutes_over_and_under():
    problem = make_problem(staff=[{"employee_id": "A", "max_minutes": 600},
                                  {"employee_id": "B", "min_minutes": 600}], days=2,
                           shifts=[DAY], weights={})
    ros = roster((iso(0), "D", "A"), (iso(1), "D", "A"))
    violations = sorted((v.employee_id, v.amount) for v in check_roster(problem, ros)
                        if v.rule == "L3")
    assert violations == [("A", 1080 - 600), ("B", 600)]


def test_l4_most_consecutive_days():
    # 5 days, A at most 2 in a row and wants every day: best is on,on,off,on,on → 1.
    problem = make_problem(staff=[{"employee_id": "A", "max_consecutive": 2}, "B"], days=5,
                           shifts=[DAY], weights=REQ, requests=wants_all("A", 5))
    result = solved(problem)
    assert result.objective == 1
    assert sequence(result, "D") == ["A", "A", "B", "A", "A"]


def test_l4_check_reports_a_run_too_long_even_at_the_horizon_edge():
    problem = make_problem(staff=[{"employee_id": "A", "max_consecutive": 2}, "B"], days=4,
                           shifts=[DAY], weights={})
    ros = roster(*[(iso(d), "D", "A") for d in range(3)], (iso(3), "D", "B"))
    assert found(check_roster(problem, ros), "L4") == [("L4", "A", iso(0), 0)]


def test_l5_fewest_consecutive_days_inside_the_horizon():
    # A must work runs of at least 2 days. A wants day 2 (weight 5), B wants days 1 and 3.
    # A alone on day 2 is a run of 1 inside the horizon: forbidden. A on days 1-2 or 2-3
    # costs B 1; A off day 2 costs 5. Optimum 1.
    problem = make_problem(
        staff=[{"employee_id": "A", "min_consecutive": 2}, "B"], days=5, shifts=[DAY],
        weights=REQ, requests=[
            {"employee_id": "A", "date": iso(2), "kind": "prefer", "weight": 5},
            {"employee_id": "B", "date": iso(1), "kind": "prefer", "weight": 1},
            {"employee_id": "B", "date": iso(3), "kind": "prefer", "weight": 1}])
    result = solved(problem)
    assert result.objective == 1
    seq = sequence(result, "D")
    assert seq[2] == "A" and (seq[1] == "A" or seq[3] == "A")


def test_l5_run_touching_the_first_day_is_exempt():
    # A wants day 0 only (weight 5), B wants day 1: A works a 1-day run on day 0 → 0.
    problem = make_problem(
        staff=[{"employee_id": "A", "min_consecutive": 3}, "B"], days=4, shifts=[DAY],
        weights=REQ, requests=[
            {"employee_id": "A", "date": iso(0), "kind": "prefer", "weight": 5},
            {"employee_id": "B", "date": iso(1), "kind": "prefer", "weight": 1}])
    result = solved(problem)
    assert result.objective == 0
    assert sequence(result, "D")[:2] == ["A", "B"]


def test_l5_check_reports_short_runs_only_inside_the_horizon():
    problem = make_problem(staff=[{"employee_id": "A", "min_consecutive": 2}, "B"], days=5,
                           shifts=[DAY], weights={})
    # A: day 0 (edge, exempt), day 2 (inside, too short), day 4 (edge, exempt)
    ros = roster(*[(iso(d), "D", "A" if d % 2 == 0 else "B") for d in range(5)])
    assert found(check_roster(problem, ros), "L5") == [("L5", "A", iso(2), 0)]


def test_l6_fewest_days_off_in_a_row():
    # A needs at least 2 days off in a row between duties and wants all 5 days (weight 1);
    # B wants day 2 (weight 3). A off on day 2 alone is forbidden; A off days 2-3 (or 1-2)
    # costs 2; A working all 5 costs 3. Optimum 2.
    problem = make_problem(
        staff=[{"employee_id": "A", "min_days_off": 2}, "B"], days=5, shifts=[DAY],
        weights=REQ, requests=wants_all("A", 5) + [
            {"employee_id": "B", "date": iso(2), "kind": "prefer", "weight": 3}])
    result = solved(problem)
    assert result.objective == 2
    assert sequence(result, "D").count("B") == 2


def test_l6_check_reports_short_breaks_only_inside_the_horizon():
    problem = make_problem(staff=[{"employee_id": "A", "min_days_off": 2}, "B"], days=5,
                           shifts=[DAY], weights={})
    # A off on day 0 (edge, exempt), day 2 (inside, 1 day), day 4 (edge, exempt)
    ros = roster(*[(iso(d), "D", "B" if d % 2 == 0 else "A") for d in range(5)])
    assert found(check_roster(problem, ros), "L6") == [("L6", "A", iso(2), 0)]


def test_l7_weekends_cap():
    # 14 days from a Monday hold 2 weekends; A may work 1 and wants every day:
    # A leaves one whole weekend (2 days) → 2.
    problem = make_problem(staff=[{"employee_id": "A", "max_weekends": 1}, "B"], days=14,
                           shifts=[DAY], weights=REQ, requests=wants_all("A", 14))
    result = solved(problem)
    assert result.objective == 2
    seq = sequence(result, "D")
    assert {seq[5], seq[6]} == {"B"} or {seq[12], seq[13]} == {"B"}


def test_l7_check_counts_a_weekend_once_with_saturday_or_sunday():
    problem = make_problem(staff=[{"employee_id": "A", "max_weekends": 1}, "B"], days=14,
                           shifts=[DAY], weights={})
    # A works Sat+Sun of week 1 (one weekend) and Sunday of week 2: 2 weekends.
    ros = roster(*[(iso(d), "D", "A" if d in (5, 6, 13) else "B") for d in range(14)])
    violations = [v for v in check_roster(problem, ros) if v.rule == "L7"]
    assert [(v.employee_id, v.amount) for v in violations] == [("A", 1)]


EARLY = shift(DAY, shift_id="E", start="06:00", end="14:00")
LATE = shift(DAY, shift_id="L", start="14:00", end="22:00", not_followed_by="E")


def test_l8_forbidden_succession():
    # L may not be followed by E the next day. A wants L on day 0 and E on day 1:
    # at most one is granted → 1. (Rest H7 is off: min_rest_hours 0.)
    problem = make_problem(
        staff=["A", "B", "C"], days=2, shifts=[EARLY, LATE], weights=REQ, min_rest_hours=0,
        requests=[{"employee_id": "A", "date": iso(0), "shift_id": "L", "kind": "prefer"},
                  {"employee_id": "A", "date": iso(1), "shift_id": "E", "kind": "prefer"}])
    assert solved(problem).objective == 1


def test_l8_allows_the_other_order_and_checks_pairs():
    problem = make_problem(staff=["A", "B", "C"], days=2, shifts=[EARLY, LATE], weights={},
                           min_rest_hours=0)
    # E then L is allowed (A); L then E is not (B in ``bad``).
    ok = roster((iso(0), "E", "A"), (iso(0), "L", "B"), (iso(1), "L", "A"),
                (iso(1), "E", "C"))
    bad = roster((iso(0), "E", "A"), (iso(0), "L", "B"), (iso(1), "E", "B"),
                 (iso(1), "L", "A"))
    assert found(check_roster(problem, ok), "L8") == []
    assert found(check_roster(problem, bad), "L8") == [("L8", "B", iso(1), 0)]


def test_l1_max_duties_per_day_two_lets_one_person_work_both_shifts():
    # One person, E and L each day (E ends 14:00, L starts 14:00; no rest rule):
    # feasible only when two duties a day are allowed.
    base = dict(staff=["A"], days=2, shifts=[EARLY, shift(LATE, not_followed_by="")],
                weights={}, min_rest_hours=0)
    assert run(make_problem(**base)).status == "infeasible"
    result = solved(make_problem(**base, max_duties_per_day=2))
    assert len(result.roster) == 4


def test_labour_rules_with_soft_coverage_and_a_start_end_horizon():
    # A 10-day horizon from a Wednesday, soft coverage 2 a day (under 3, over 1) with
    # A (max 4 days in a row, min 2 days off) and B (at most 5 duties): the solver's
    # roster passes every check and its objective equals the penalties found.
    problem = make_problem(
        staff=[{"employee_id": "A", "max_consecutive": 4, "min_days_off": 2},
               {"employee_id": "B", "max_shifts": "D:5", "max_weekends": 1}],
        start=iso(2), days=10, shifts=[shift(DAY, staff=0)], weights=REQ,
        coverage=[CoverageOverride(date=iso(2 + d), shift_id="D", staff=2, under_weight=3,
                                   over_weight=1) for d in range(10)])
    result = solved(problem)
    # 20 person-days wanted; A works at most 8 (4 on, 2 off, 4 on), B 5 (a cap on
    # D and one weekend of two leaves B room for 5): 7 short × 3 = 21.
    assert result.objective == 21


def test_l4_l6_model_accepts_exactly_the_patterns_the_checks_accept():
    # One person, 8 days: every one of the 256 duty patterns is fixed in the model
    # in turn; CP-SAT finds it feasible exactly when the checks find no L4–L6
    # violation (the run encodings, and any redundant constraint added with them,
    # neither forbid a valid pattern nor let an invalid one through).
    from itertools import product

    from ortools.sat.python import cp_model

    from scheduler.cpsat import build_model
    from scheduler.instance import Instance

    days = 8
    for limits in ({"max_consecutive": 3, "min_consecutive": 2, "min_days_off": 2},
                   {"max_consecutive": 4, "min_consecutive": 3},
                   {"max_consecutive": 2, "min_days_off": 3}):
        problem = make_problem(
            staff=[{"employee_id": "A", **limits}], start=iso(0), days=days,
            shifts=[shift(DAY, staff=0)], weights={},
            coverage=[CoverageOverride(date=iso(d), shift_id="D", staff=1, under_weight=1,
                                       over_weight=1) for d in range(days)])
        ctx, _ = build_model(Instance(problem))
        cells = sorted(ctx.emp_duty["A"], key=lambda item: item[0].date)
        assert len(cells) == days
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        for pattern in product((0, 1), repeat=days):
            model = ctx.model.clone()
            for (_occ, var), bit in zip(cells, pattern, strict=True):
                model.add(model.GetBoolVarFromProtoIndex(var.Index()) == bit)
            feasible = solver.Solve(model) in (cp_model.OPTIMAL, cp_model.FEASIBLE)
            ros = roster(*[(iso(d), "D", "A") for d in range(days) if pattern[d]])
            hard = [v for v in check_roster(problem, ros) if v.hard]
            assert feasible == (not hard), (limits, pattern, hard)
