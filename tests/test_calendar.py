"""Working days, public holidays and make-up working days (scheduler/calendar.py, R5)."""

from __future__ import annotations

import datetime as dt

from helpers import DAY, make_problem, run, shift

from scheduler.calendar import build_calendar
from scheduler.instance import Instance
from scheduler.models import CalendarDay

D = dt.date


def _october(calendar=()):
    return make_problem(staff=["A", "B", "C"], month="2026-10", holiday_calendar="CN",
                        weights={}, calendar=calendar,
                        shifts=[shift(DAY, days="workdays"),
                                shift(DAY, shift_id="H", days="holidays")])


def test_calendar_cn_national_day_week_is_a_holiday_rest_period():
    cal = build_calendar(_october(), D(2026, 9, 14), D(2026, 10, 31))
    for n in range(1, 8):
        day = cal[D(2026, 10, n)]
        assert day.holiday and not day.workday and not day.makeup, day
    # 10-04 is a Sunday and no statutory holiday in the package, but it lies inside the
    # rest period ("放假调休，共7天"), so it counts as holiday too.
    assert D(2026, 10, 4).weekday() == 6
    assert cal[D(2026, 10, 4)].holiday
    assert cal[D(2026, 10, 1)].name == "国庆节"
    assert cal[D(2026, 10, 8)].workday and not cal[D(2026, 10, 8)].holiday


def test_calendar_cn_make_up_working_days():
    cal = build_calendar(_october(), D(2026, 9, 14), D(2026, 10, 31))
    for makeup in (D(2026, 9, 20), D(2026, 10, 10)):
        assert makeup.weekday() >= 5
        assert cal[makeup].workday and cal[makeup].makeup and not cal[makeup].holiday
    assert not cal[D(2026, 10, 11)].workday  # the Sunday after is an ordinary day off
    assert not cal[D(2026, 10, 11)].holiday


def test_calendar_workdays_shift_runs_on_the_make_up_saturday_and_not_in_the_holiday():
    inst = Instance(_october())
    day_dates = {o.date for o in inst.occs_by_shift["D"]}
    holiday_dates = {o.date for o in inst.occs_by_shift["H"]}
    assert D(2026, 10, 10) in day_dates                # Saturday, make-up working day
    assert D(2026, 10, 11) not in day_dates            # Sunday
    assert not day_dates & {D(2026, 10, n) for n in range(1, 8)}
    assert holiday_dates == {D(2026, 10, n) for n in range(1, 8)}
    # 22 working days: 31 days − 9 weekend days − 5 weekday holidays (1, 2, 5, 6, 7)
    # + 1 make-up Saturday (10-10).
    assert len(day_dates) == 31 - 9 - 5 + 1


def test_calendar_sheet_rows_override_the_built_in_calendar():
    problem = _october(calendar=[
        CalendarDay(date="2026-10-07", kind="workday", name="back early"),
        CalendarDay(date="2026-10-10", kind="holiday", name="team outing"),
        CalendarDay(date="2026-10-12", kind="holiday"),
    ])
    inst = Instance(problem)
    cal = inst.calendar
    assert cal[D(2026, 10, 7)].workday and not cal[D(2026, 10, 7)].holiday
    assert not cal[D(2026, 10, 7)].makeup              # a Wednesday is no make-up day
    assert cal[D(2026, 10, 10)].holiday and not cal[D(2026, 10, 10)].workday
    assert cal[D(2026, 10, 10)].name == "team outing"
    assert cal[D(2026, 10, 12)].holiday                # an ordinary Monday, now off
    day_dates = {o.date for o in inst.occs_by_shift["D"]}
    assert D(2026, 10, 7) in day_dates
    assert D(2026, 10, 10) not in day_dates
    assert D(2026, 10, 12) not in day_dates


def test_calendar_sheet_adds_make_up_days_for_a_year_the_package_lacks():
    problem = make_problem(staff=["A"], month="2027-02", holiday_calendar="CN", weights={},
                           shifts=[DAY], calendar=[CalendarDay(date="2027-02-20", kind="workday")])
    cal = Instance(problem).calendar
    assert cal[D(2027, 2, 20)].workday and cal[D(2027, 2, 20)].makeup


def _february_2027(calendar=()):
    return make_problem(staff=["A", "B"], month="2027-02", holiday_calendar="CN", weights={},
                        shifts=[shift(DAY, days="workdays")], calendar=calendar,
                        time_limit_s=5)


def test_calendar_warns_when_a_year_has_no_make_up_days():
    result = run(_february_2027())
    assert result.status == "optimal"
    warnings = [w for w in result.warnings if w.key == "calendar.no_makeup"]
    assert len(warnings) == 1
    assert "no official make-up working days (调休) for 2027" in warnings[0].en
    assert "2027 年" in warnings[0].zh


def test_calendar_no_warning_when_the_calendar_sheet_gives_the_year():
    result = run(_february_2027(calendar=[
        CalendarDay(date="2027-02-20", kind="workday", name="春节调休")]))
    assert result.status == "optimal"
    assert [w for w in result.warnings if w.key == "calendar.no_makeup"] == []
    assert D(2027, 2, 20) in {a.date for a in result.roster.assignments}


def test_calendar_none_has_only_weekends_off():
    problem = make_problem(staff=["A"], month="2026-10", weights={}, shifts=[DAY])
    cal = Instance(problem).calendar
    assert cal[D(2026, 10, 1)].workday and not cal[D(2026, 10, 1)].holiday
    assert not cal[D(2026, 10, 10)].workday
    assert cal.warnings == []
