"""SW1-SW5 and LV1-LV2 on tiny hand-checked cases (scheduler.changes.rules)."""

from __future__ import annotations

import pytest
from change_cases import FRI, MON, SAT, SUN, THU, TUE, WED, day, problem, roster, swap

from scheduler.changes import ChangeError, Duty, LeaveAsk, apply_swap, validate_leave, validate_swap
from scheduler.checks import check_roster
from scheduler.models import Leave


def rules(found) -> list[tuple[str, str | None]]:
    return [(v.rule, v.employee_id) for v in found]


def test_a_plain_swap_between_two_day_people_breaks_no_rule():
    # A gives Monday's day duty to B; B then works Mon and Tue days (15 h rest).
    s = swap("A", day(MON), "B")
    assert validate_swap(problem(), roster(), [], s) == []
    after = apply_swap(roster(), s)
    assert not [v for v in check_roster(problem(), after) if v.hard]
    assert [a.employee_id for a in after.assignments if a.date == MON and a.shift_id == "D"] == ["B"]


def test_sw1_refuses_a_fourth_swap_in_the_month_and_names_the_person():
    done = [swap("A", day(MON), "B", state="applied", id=1),
            swap("A", day(SUN), "C", state="requested", id=2),
            swap("B", day(FRI), "A", state="accepted", id=3)]
    found = validate_swap(problem(no_consecutive_swaps=False), roster(), done,
                          swap("A", day(THU), "B"))
    # A: swaps 1, 2 and 3 (both people of a swap count it) + this one = 4 > 3.
    # B: swaps 1 and 3 + this one = 3, within the quota.
    assert rules(found) == [("SW1", "A")]
    assert "3" in found[0].text("en") and "每人每月最多 3 次" in found[0].text("zh")


def test_sw1_does_not_count_declined_or_cancelled_swaps():
    over = [swap("A", day(MON), "B", state=s, id=i)
            for i, s in enumerate(("declined", "cancelled", "rejected", "expired"), 1)]
    assert validate_swap(problem(max_swaps_per_month=1), roster(), over,
                         swap("A", day(THU), "B")) == []


def test_sw2a_a_duty_obtained_by_a_swap_is_not_swapped_again():
    done = [swap("A", day(MON), "B", state="applied", id=1)]
    now = apply_swap(roster(), done[0])
    found = validate_swap(problem(no_consecutive_swaps=False), now, done, swap("B", day(MON), "C"))
    assert rules(found) == [("SW2", "B")] and "2026-12-07:D" in found[0].text("en")
    # With both readings on, the same day is also B's swap on a neighbouring duty day.
    assert rules(validate_swap(problem(), now, done, swap("B", day(MON), "C"))) == [
        ("SW2", "B"), ("SW2", "B")]
    # The reading is a setting: switched off, the chain is allowed.
    assert validate_swap(problem(no_swap_chains=False, no_consecutive_swaps=False), now, done,
                         swap("B", day(MON), "C")) == []


def test_sw2a_a_payback_obtained_by_a_swap_is_not_swapped_again():
    # A gives Mon to B, B pays back Tue: A obtained Tue and may not pass it on.
    done = [swap("A", day(MON), "B", day(TUE), state="applied", id=1)]
    now = apply_swap(roster(), done[0])
    assert rules(validate_swap(problem(no_consecutive_swaps=False), now, done,
                               swap("A", day(TUE), "C"))) == [("SW2", "A")]


def test_sw2b_one_persons_swaps_do_not_fall_on_consecutive_duty_days():
    # A's duty days: Mon, Thu, Sun. Mon is swapped; Thu is A's next duty day
    # (none between): refused. Sun has Thu between: allowed.
    done = [swap("A", day(MON), "B", state="applied", id=1)]
    now = apply_swap(roster(), done[0])
    found = validate_swap(problem(), now, done, swap("A", day(THU), "C"))
    assert rules(found) == [("SW2", "A")]
    assert "2026-12-07" in found[0].text("en") and "2026-12-10" in found[0].text("en")
    assert validate_swap(problem(), now, done, swap("A", day(SUN), "C")) == []
    assert validate_swap(problem(no_consecutive_swaps=False), now, done,
                         swap("A", day(THU), "C")) == []


def test_sw3_a_day_duty_before_the_takers_night_is_back_to_back():
    # D works N every night (19:00-03:00): Monday's day duty 08:00-17:00 leaves
    # 2 h before D's Monday night, and D's Sunday night ends Monday 03:00.
    found = validate_swap(problem(), roster(), [], swap("A", day(MON), "D"))
    # D would also have two duties on Monday (L1, one a day).
    assert {v.rule for v in found} == {"SW3", "L1"} and {v.employee_id for v in found} == {"D"}
    assert "连班" in [v for v in found if v.rule == "SW3"][0].text("zh")


def test_every_other_hard_rule_holds_after_the_swap_with_the_engines_sentence():
    # C may work D only (H4): a night given to C is refused by the engine's eligibility check.
    found = validate_swap(problem(), roster(), [], swap("D", Duty(MON, "N"), "C"))
    assert "H4" in {v.rule for v in found}
    # B on leave on Monday (H6).
    on_leave = problem(leave=[Leave(employee_id="B", start=MON, end=MON)])
    assert "H6" in {v.rule for v in validate_swap(on_leave, roster(), [], swap("A", day(MON), "B"))}


def test_sw5_a_holiday_duty_is_neither_swapped_nor_paid_back():
    assert rules(validate_swap(problem(), roster(), [], swap("C", day(SAT), "B"))) == [("SW5", "C")]
    # As the payback too: B pays back with ... a holiday duty of B's? C holds Saturday; A asks C.
    found = validate_swap(problem(), roster(), [], swap("A", day(THU), "C", day(SAT)))
    assert ("SW5", "C") in rules(found)


def test_sw4_no_leave_on_a_swapped_or_paid_back_duty():
    # A gives Monday to B, B pays back with Tuesday.
    done = [swap("A", day(MON), "B", day(TUE), state="applied", id=1)]
    now = apply_swap(roster(), done[0])
    ask = LeaveAsk("B", MON, MON, requested_on=MON)
    found = validate_leave(problem(), now, done, ask, today=MON.replace(day=1))
    assert rules(found) == [("SW4", "B")]
    paid_back = validate_leave(problem(), now, done, LeaveAsk("A", TUE, TUE),
                               today=MON.replace(day=1))
    assert rules(paid_back) == [("SW4", "A")]


def test_sw5_no_leave_on_a_holiday_duty():
    found = validate_leave(problem(), roster(), [], LeaveAsk("C", FRI, SUN),
                           today=MON.replace(day=1))
    assert rules(found) == [("SW5", "C")]
    # Leave on the holiday without a duty that day is fine.
    assert validate_leave(problem(), roster(), [], LeaveAsk("B", SAT, SAT),
                          today=MON.replace(day=1)) == []


def test_lv1_short_notice_needs_the_managers_override():
    # Notice 3 days: asked on Sat 5th for Tue 8th is 3 days ahead (fine), on Sun 6th 2 (short).
    ok = validate_leave(problem(), roster(), [], LeaveAsk("B", TUE, TUE), today=TUE.replace(day=5))
    late = validate_leave(problem(), roster(), [], LeaveAsk("B", TUE, TUE), today=TUE.replace(day=6))
    assert ok == [] and rules(late) == [("LV1", "B")]
    assert "2" in late[0].text("en") and "特批" in late[0].text("zh")
    assert validate_leave(problem(), roster(), [], LeaveAsk("B", TUE, TUE),
                          today=TUE.replace(day=6), override="family emergency") == []


def test_lv2_no_leave_over_leave():
    p = problem(leave=[Leave(employee_id="B", start=TUE, end=TUE)])
    assert rules(validate_leave(p, roster(), [], LeaveAsk("B", MON, WED),
                                today=MON.replace(day=1))) == [("LV2", "B")]


@pytest.mark.parametrize("bad, field", [
    (swap("X", day(MON), "B"), "--as"),
    (swap("A", day(MON), "Y"), "--to"),
    (swap("A", day(TUE), "B"), "--duty"),  # Tuesday's day duty is B's, not A's
    (swap("A", Duty(MON.replace(day=31), "D"), "B"), "--duty"),  # outside the week
    (swap("A", day(MON), "B", day(MON)), "--back"),  # B has no Monday day duty
    (swap("A", day(MON), "A"), "--to"),
])
def test_a_swap_that_cannot_be_judged_names_the_field(bad, field):
    with pytest.raises(ChangeError) as err:
        validate_swap(problem(), roster(), [], bad, request="swap #7")
    assert err.value.column == field and err.value.render("en").startswith("swap #7, field")
    assert "字段" in err.value.render("zh")


def test_a_duty_already_begun_can_no_longer_be_swapped():
    with pytest.raises(ChangeError):
        validate_swap(problem(), roster(), [], swap("A", day(MON), "B"), today=TUE)
