"""A tiny month for the change rules: four people, a day and a night shift, one week.

Roster (D 08:00-17:00 one person a day, N 19:00-03:00 one person a night):

    date      Mon7 Tue8 Wed9 Thu10 Fri11 Sat12* Sun13     (* a public holiday;
                                                       Sunday a make-up working day)
    D         A    B    C    A     B     C      A
    N         D    D    D    D     D     D      D

C may work D only. Swaps move day duties between A, B and C; D works every
night, so a day duty given to D would leave 2 h of rest before D's night
(H7, told as SW3).
"""

from __future__ import annotations

import datetime as dt

from scheduler.changes import Duty, Swap
from scheduler.models import (
    Assignment,
    CalendarDay,
    Employee,
    Leave,
    Problem,
    Roster,
    Settings,
    Shift,
    Weights,
)

DAYS = [dt.date(2026, 12, 7) + dt.timedelta(days=i) for i in range(7)]
MON, TUE, WED, THU, FRI, SAT, SUN = DAYS
DAY_CREW = "ABCABCA"


def problem(leave: list[Leave] = (), **settings) -> Problem:
    return Problem(
        settings=Settings(start=MON, end=SUN, holiday_calendar="none", min_rest_hours=11,
                          weights=Weights(rotation=0, fairness=0, nights=0, holidays=0,
                                          requests=0, backups=0), **settings),
        shifts=[Shift(shift_id="D", name="白天班", start="08:00", end="17:00", days="all"),
                Shift(shift_id="N", name="夜晚班", start="19:00", end="03:00", days="all")],
        staff=[Employee(employee_id="A"), Employee(employee_id="B"),
               Employee(employee_id="C", shifts=["D"]), Employee(employee_id="D"),
               Employee(employee_id="M", name="经理", role="manager")],
        calendar=[CalendarDay(date=SAT, kind="holiday", name="测试节"),
                  CalendarDay(date=SUN, kind="workday", name="调休")],
        leave=list(leave))


def roster() -> Roster:
    rows = [Assignment(date=d, shift_id="D", employee_id=e) for d, e in zip(DAYS, DAY_CREW,
                                                                           strict=True)]
    rows += [Assignment(date=d, shift_id="N", employee_id="D") for d in DAYS]
    return Roster(assignments=rows).sorted()


def day(d: dt.date) -> Duty:
    return Duty(d, "D")


def swap(requester: str, duty: Duty, colleague: str, payback: Duty | None = None,
         state: str = "requested", id: int | None = None) -> Swap:
    return Swap(requester, duty, colleague, payback, state, id)
