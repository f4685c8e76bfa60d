"""H7 rest between two duties of one person (constraints/rest.py)."""

from __future__ import annotations

from helpers import DAY, NIGHT, duties, found, iso, make_problem, roster, run, sequence, shift

from scheduler import check_roster
from scheduler.models import Leave


def _day_and_night(min_rest_hours: float, days: int = 3):
    # D 08–17 and N 19–03, 1 each, every day; A and B; only rotation counts.
    return make_problem(staff=["A", "B"], days=days, weights={"rotation": 10},
                        shifts=[DAY, NIGHT], min_rest_hours=min_rest_hours)


def test_h7_rest_fixes_one_person_on_nights_with_11_hours():
    # With 11 h: D then N the same day leaves 2 h, N then D the next day leaves 5 h.
    # So each day D and N go to different people, and whoever works N may not work D the
    # next day: the N person never changes. Both people repeat their shift on 2 pairs:
    # (2 + 2) × 10 = 40. Optimum 40.
    result = run(_day_and_night(11))
    assert result.status == "optimal"
    assert result.objective == 40
    night = sequence(result, "N")
    assert len(set(night)) == 1
    assert set(sequence(result, "D")).isdisjoint(night)


def test_h7_rest_of_exactly_min_rest_hours_is_enough():
    # With 5 h, N (ends 03:00) then D at 08:00 is allowed (exactly 5 h), so A and B can
    # swap shifts every day (D: A B A, N: B A B): optimum 0. With 5.5 h it is 40 again.
    result = run(_day_and_night(5))
    assert (result.status, result.objective) == ("optimal", 0)
    assert result.hard_violations == []
    result = run(_day_and_night(5.5))
    assert (result.status, result.objective) == ("optimal", 40)


def test_h7_rest_counts_history_duties():
    # History: A worked N on Sunday 05-31 (to 03:00 on Monday), so A may not work D on
    # Monday. D only, Mon–Wed, B on leave Wed: Mon B, Wed A, and Tue repeats either
    # (B B or A A): optimum 10. Without History, A B A costs 0.
    problem = make_problem(staff=["A", "B"], days=3, weights={"rotation": 10},
                           shifts=[DAY, shift(NIGHT, days="Sun")],
                           history=[("2026-05-31", "N", "A")],
                           leave=[Leave(employee_id="B", start=iso(2), end=iso(2))])
    result = run(problem)
    assert (result.status, result.objective) == ("optimal", 10)
    seq = sequence(result, "D")
    assert seq[0] == "B" and seq[2] == "A"
    result = run(problem.model_copy(update={"history": []}))
    assert (result.status, result.objective) == ("optimal", 0)
    assert sequence(result, "D") == ["A", "B", "A"]


def test_h7_rest_night_then_day_is_a_violation():
    problem = _day_and_night(11, days=2)
    ros = roster((iso(0), "D", "B"), (iso(0), "N", "A"),
                 (iso(1), "D", "A"), (iso(1), "N", "B"))   # B: D then N 26 h later is fine
    violations = check_roster(problem, ros)
    assert found(violations) == [("H7", "A", iso(1), 0)]
    assert violations[0].hard
    assert violations[0].text() == (
        "A works N on 2026-06-01 (until 2026-06-02 03:00) and D on 2026-06-02 (from 08:00): 5 h rest, 11 h required.")
    assert violations[0].text("zh") == (
        "A 于 2026-06-01 值 N（2026-06-02 03:00 下班）后又于 2026-06-02 值 D（08:00 上班）："
        "仅休息 5 小时，要求至少 11 小时。")


def test_h7_rest_short_gaps_and_overlaps_are_violations():
    # E 12:00–20:00 overlaps D 08:00–17:00; two duties a day are allowed here. Only H7 is
    # looked at (the roster leaves shifts empty, too). A: D and E on Monday (overlap).
    # B: N on Monday, D on Tuesday (5 h).
    problem = make_problem(
        staff=["A", "B"], days=2, weights={}, max_duties_per_day=2,
        shifts=[DAY, NIGHT, {"shift_id": "E", "start": "12:00", "end": "20:00", "days": "all"}])
    ros = roster((iso(0), "D", "A"), (iso(0), "E", "A"), (iso(0), "N", "B"), (iso(1), "D", "B"))
    violations = [v for v in check_roster(problem, ros) if v.rule == "H7"]
    assert found(violations) == [("H7", "A", iso(0), 0), ("H7", "B", iso(1), 0)]
    assert sorted(v.text() for v in violations) == [
        "A works D on 2026-06-01 and E on 2026-06-01, which overlap.",
        "B works N on 2026-06-01 (until 2026-06-02 03:00) and D on 2026-06-02 (from 08:00): 5 h rest, 11 h required."]


def test_h7_check_counts_history_but_not_history_against_itself():
    problem = make_problem(staff=["A", "B"], days=1, weights={},
                           shifts=[DAY, shift(NIGHT, days="Sun")],
                           history=[("2026-05-31", "D", "A"), ("2026-05-31", "N", "A")])
    # The two History duties of A on 05-31 are 2 h apart: published, not ours to judge.
    assert check_roster(problem, roster((iso(0), "D", "B"))) == []
    violations = check_roster(problem, roster((iso(0), "D", "A")))
    assert found(violations) == [("H7", "A", iso(0), 0)]
    assert violations[0].text() == (
        "A works N on 2026-05-31 (until 2026-06-01 03:00) and D on 2026-06-01 (from 08:00): 5 h rest, 11 h required.")


def test_h7_check_accepts_a_rested_roster():
    problem = _day_and_night(11)
    ros = roster(*[(iso(d), "D", "A") for d in range(3)], *[(iso(d), "N", "B") for d in range(3)])
    assert found(check_roster(problem, ros), "H7") == []
    assert duties(ros, "N") == {iso(d): ["B"] for d in range(3)}
