"""S2 fair share per shift, S3 nights, S4 off-day duties, S6 backups (constraints/fairness.py).

A person's fair share is (slots + History) × their available occurrences / all
available occurrences; counts inside [⌊share⌋, ⌈share⌉] cost nothing, each duty
outside costs the group's weight.
"""

from __future__ import annotations

from collections import Counter

from helpers import DAY, NIGHT, duties, found, iso, make_problem, ordered, roster, run, sequence, shift

from scheduler import check_roster
from scheduler.models import Leave


def test_s2_fair_share_per_shift_with_caps():
    # D, 1 a day, Mon–Thu; A, B, C all available every day: share 4 × 4/12 = 4/3, band
    # [1, 2]. B max 0 and C max 1 (caps do not change the share), so A works ≥ 3.
    # A 3, B 0, C 1: A 1 over + B 1 under = 2 × fairness 4 = 8.
    # (A 4, C 0 would cost 2 + 1 + 1 = 4 × 4 = 16.) Optimum 8.
    problem = make_problem(staff=["A", {"employee_id": "B", "max_duties": 0},
                                  {"employee_id": "C", "max_duties": 1}],
                           days=4, weights={"fairness": 4}, shifts=[DAY])
    result = run(problem)
    assert (result.status, result.objective) == ("optimal", 8)
    assert Counter(sequence(result, "D")) == {"A": 3, "C": 1}
    assert found(result.violations) == [("S2", "A", None, 4), ("S2", "B", None, 4)]


def test_s2_check_shares_pro_rata_to_availability():
    # C is on leave Mon–Wed, so available 1 of 4 days: share 4 × 1/9 ≈ 0.4, band [0, 1];
    # A and B: 4 × 4/9 ≈ 1.8, band [1, 2]. A 4 (2 over), B 0 (1 under), C 0 (fine).
    problem = make_problem(staff=["A", "B", "C"], days=4, weights={"fairness": 4},
                           shifts=[DAY], leave=[Leave(employee_id="C", start=iso(0), end=iso(2))])
    ros = roster(*[(iso(d), "D", "A") for d in range(4)])
    violations = check_roster(problem, ros)
    assert found(violations) == [("S2", "A", None, 8), ("S2", "B", None, 4)]
    assert sorted(v.text() for v in violations) == [
        "A has 4 D duties; fair share 1.8 (1–2): 2 too many.",
        "B has 0 D duties; fair share 1.8 (1–2): 1 too few."]
    fair = roster(*[(iso(d), "D", e) for d, e in enumerate("ABAC")])
    assert check_roster(problem, fair) == []


def test_s3_fair_share_of_nights_counts_history():
    # N, 1 a night, Mon–Wed; A, B, C. History: A worked 3 nights (05-26 to 05-28).
    # Slots 3 + 3 = 6, everyone available every night: share 2, band [2, 2].
    # A is at 3 already (1 over, whatever happens); B and C share 3 nights, so one of
    # them has 1 (1 under). (1 + 1) × nights 4 = 8, with A on no night. Optimum 8.
    problem = make_problem(staff=["A", "B", "C"], days=3, weights={"nights": 4},
                           shifts=[NIGHT], history=[(f"2026-05-2{d}", "N", "A") for d in (6, 7, 8)])
    result = run(problem)
    assert (result.status, result.objective) == ("optimal", 8)
    assert sorted(Counter(sequence(result, "N")).values()) == [1, 2]
    assert "A" not in sequence(result, "N")


def test_s3_history_far_above_the_share_is_charged_not_infeasible():
    # Regression: History alone put A above the band, beyond the bound of the model's
    # "over" variable, and a soft goal made the month infeasible.
    # N, Mon–Wed; A, B, C; A worked 10 nights in May and is on leave Mon–Tue.
    # Slots 3 + 10 = 13; available nights A 1, B 3, C 3 (7 in all).
    # A: share 13/7 ≈ 1.9, band [1, 2]; 10 nights already: 8 over.
    # B, C: share 39/7 ≈ 5.6, band [5, 6]; the 3 nights give B + C = 3 at best, so
    # (5 − b) + (5 − c) = 7 under; A taking Wed would add 1 over and 1 under.
    # (8 + 7) × nights 4 = 60. Optimum 60.
    problem = make_problem(staff=["A", "B", "C"], days=3, weights={"nights": 4}, shifts=[NIGHT],
                           history=[(f"2026-05-{d}", "N", "A") for d in range(10, 20)],
                           leave=[Leave(employee_id="A", start=iso(0), end=iso(1))])
    result = run(problem)
    assert (result.status, result.objective) == ("optimal", 60)
    assert "A" not in sequence(result, "N")
    assert result.model_penalties == result.penalties() == {"S3": 60}


def test_s3_check_finds_unfair_nights():
    problem = make_problem(staff=["A", "B"], days=4, weights={"nights": 4}, shifts=[NIGHT])
    ros = roster(*[(iso(d), "N", e) for d, e in enumerate("AAAB")])
    violations = check_roster(problem, ros)
    # Share 2 each: A 3 (1 over), B 1 (1 under).
    assert found(violations) == [("S3", "A", None, 4), ("S3", "B", None, 4)]
    assert sorted(v.text() for v in violations)[0] == (
        "A has 3 night duties (History included); fair share 2.0 (2–2): 1 too many.")
    assert check_roster(problem, roster(*[(iso(d), "N", e) for d, e in enumerate("ABAB")])) == []


def test_s4_fair_share_of_off_day_duties_counts_history():
    # D, 1 a day, Fri 06-05 to Sun 06-07; A and B. Off days: Sat and Sun (2 slots).
    # History: A worked D on the last two weekends (4 off-day duties): 2 + 4 = 6, share
    # 3 each. A is at 4 (1 over) and B gets at most 2 (1 under): (1 + 1) × holidays 4
    # = 8, with B on Sat and Sun. Optimum 8.
    history = [(d, "D", "A") for d in ("2026-05-23", "2026-05-24", "2026-05-30", "2026-05-31")]
    problem = make_problem(staff=["A", "B"], start=iso(4), days=3, weights={"holidays": 4},
                           shifts=[DAY], history=history)
    result = run(problem)
    assert (result.status, result.objective) == ("optimal", 8)
    assert duties(result, "D")[iso(5)] == duties(result, "D")[iso(6)] == ["B"]
    assert found(result.violations) == [("S4", "A", None, 4), ("S4", "B", None, 4)]


def test_s4_check_counts_public_holidays_as_off_days():
    # The Chinese calendar: 2026-10-01 and 10-02 (Thu, Fri) are National Day holidays,
    # 09-30 (Wed) is a working day. A works all three: 2 off-day duties against a share
    # of 1 each.
    problem = make_problem(staff=["A", "B"], start="2026-09-30", days=3,
                           weights={"holidays": 4}, shifts=[DAY], holiday_calendar="CN")
    ros = roster(*[(f"2026-{md}", "D", "A") for md in ("09-30", "10-01", "10-02")])
    violations = check_roster(problem, ros)
    assert found(violations) == [("S4", "A", None, 4), ("S4", "B", None, 4)]
    fair = roster(("2026-09-30", "D", "A"), ("2026-10-01", "D", "B"), ("2026-10-02", "D", "A"))
    assert check_roster(problem, fair) == []


def test_s6_fair_share_of_backups():
    # D with 1 on duty and 1 standby, N with 1, every day Mon–Wed; A, B, C. Each day
    # needs three different people (rest and H8), and the N person can take no D role the
    # next morning, so one person works every N and never stands by. Standby share:
    # 3 slots × 3/9 = 1 each, band [1, 1]: the N person is 1 under, and the other two
    # split 3 standbys 2 + 1 (1 over). (1 + 1) × backups 3 = 6. Optimum 6.
    problem = make_problem(staff=["A", "B", "C"], days=3, weights={"backups": 3},
                           shifts=[shift(DAY, backups=1), NIGHT])
    result = run(problem)
    assert (result.status, result.objective) == ("optimal", 6)
    standby = Counter(e for ids in duties(result, "D", role="backup").values() for e in ids)
    night_person = sequence(result, "N")[0]
    assert night_person not in standby
    assert sorted(standby.values()) == [1, 2]
    assert result.penalties() == {"S6": 6}


def test_s6_check_finds_unfair_standby():
    problem = make_problem(staff=["A", "B", "C"], days=3, weights={"backups": 3},
                           shifts=[shift(DAY, backups=1)])
    ros = roster(*[(iso(d), "D", e) for d, e in enumerate("ABA")],
                 *[(iso(d), "D", "C", "backup") for d in range(3)])
    violations = check_roster(problem, ros)
    # Share 1 each: C 3 (2 over), A and B 0 (1 under each).
    assert found(violations) == ordered(
        [("S6", "A", None, 3), ("S6", "B", None, 3), ("S6", "C", None, 6)])
    assert [v.amount for v in sorted(violations, key=lambda v: v.employee_id)] == [1, 1, 2]
    fair = roster(*[(iso(d), "D", e) for d, e in enumerate("ABC")],
                  *[(iso(d), "D", e, "backup") for d, e in enumerate("CAB")])
    assert check_roster(problem, fair) == []


def test_s2_leaves_nights_and_off_day_only_shifts_to_s3_and_s4():
    # N (a night) and W (weekends only) are judged by S3 and S4 alone, so a duty is never
    # charged twice. Sat 06-06 and Sun 06-07; A works both W and both N.
    # S3: 2 nights, share 1 each: A 1 over, B 1 under. S4: 4 off-day duties, share 2
    # each: A 2 over, B 2 under. S2 (weight 4 too) has no group at all.
    problem = make_problem(staff=["A", "B"], start=iso(5), days=2,
                           weights={"fairness": 4, "nights": 4, "holidays": 4},
                           shifts=[shift(DAY, shift_id="W", days="Sat,Sun"), NIGHT],
                           min_rest_hours=0, max_duties_per_day=2)
    ros = roster(*[(iso(d), s, "A") for d in (5, 6) for s in ("W", "N")])
    assert found(check_roster(problem, ros)) == ordered([
        ("S3", "A", None, 4), ("S3", "B", None, 4), ("S4", "A", None, 8), ("S4", "B", None, 8)])


def test_s3_a_weekly_crews_week_counts_once_so_fair_crews_cost_nothing():
    # N Mon–Fri, a weekly crew of 2 among A-D, three weeks: 3 weeks × 2 = 6 night
    # weeks, each person available every week: share 6 × 3/12 = 1.5, band [1, 2].
    # Crews AB, CD, AB: A and B 2 weeks, C and D 1: all within the band, 0.
    # (Counted night by night: 30 nights, share 7.5, band [7, 8]; A 10, C 5:
    # 2 + 2 + 2 + 2 = 8 nights off the band, which no rotation of weekly crews avoids.)
    weekly = shift(NIGHT, days="Mon,Tue,Wed,Thu,Fri", staff=2, rotation="week")
    problem = make_problem(staff=list("ABCD"), days=21, weights={"nights": 4}, shifts=[weekly])
    crews = ["AB", "CD", "AB"]
    rows = [(iso(w * 7 + d), "N", e) for w, crew in enumerate(crews) for d in range(5)
            for e in crew]
    assert [v for v in check_roster(problem, roster(*rows)) if v.rule == "S3"] == []
    # Crews AB three times: A and B 3 weeks (1 over each), C and D none (1 under each).
    unfair = [(iso(w * 7 + d), "N", e) for w in range(3) for d in range(5) for e in "AB"]
    found_s3 = [v for v in check_roster(problem, roster(*unfair)) if v.rule == "S3"]
    assert sorted((v.employee_id, v.amount) for v in found_s3) == [
        ("A", 1), ("B", 1), ("C", 1), ("D", 1)]
    assert "a weekly crew's week counts once" in found_s3[0].text("en")
    # The solver agrees: a roster of fair weekly crews costs nothing.
    result = run(problem)
    assert (result.status, result.objective) == ("optimal", 0)


def test_s3_a_week_that_goes_on_from_history_counts_once():
    # The week of Mon 2026-05-25 began in History (A and B worked Mon-Wed of it);
    # the horizon starts Thu 05-28 with that week's Thu and Fri, then one more week.
    # Units: the continuing week (A, B) and the next one: 2 weeks × 2 = 4, plus no
    # History week outside the horizon's: share 4 × 2/8 = 1 each. AB then CD: 0.
    weekly = shift(NIGHT, days="Mon,Tue,Wed,Thu,Fri", staff=2, rotation="week")
    history = [(f"2026-05-2{d}", "N", e) for d in (5, 6, 7) for e in "AB"]
    problem = make_problem(staff=list("ABCD"), days=9, start="2026-05-28",
                           weights={"nights": 4}, shifts=[weekly], history=history)
    rows = [(d, "N", e) for d in ("2026-05-28", "2026-05-29") for e in "AB"]
    rows += [(f"2026-06-0{d}", "N", e) for d in range(1, 6) for e in "CD"]
    assert [v for v in check_roster(problem, roster(*rows)) if v.rule == "S3"] == []
