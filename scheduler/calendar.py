"""Working days, public holidays and make-up working days (R5, 调休).

The Chinese calendar comes from the maintained ``holidays`` package; the
Calendar sheet overrides it and supplies years the package does not know yet.
A public-holiday rest period is the whole block of consecutive days off that
contains a statutory holiday, so the weekend inside the National Day week
counts as holiday, as the State Council notices count it ("放假调休，共7天").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache

from .i18n import Msg, define, msg
from .models import Problem

W_NO_MAKEUP = define(
    "calendar.no_makeup",
    "The built-in Chinese calendar has no official make-up working days (调休) for {year} "
    "yet, so its {year} holidays are estimates. Add the official dates to the Calendar "
    "sheet (kind holiday or workday) before publishing this roster.",
    "内置中国日历尚无 {year} 年官方调休上班日，{year} 年节假日仅为推算。发布排班前请在“日历”表中"
    "填写官方放假与调休日期（类型 holiday 或 workday）。",
)


@dataclass(frozen=True)
class Day:
    """What kind of day a date is."""

    date: dt.date
    workday: bool
    holiday: bool = False
    makeup: bool = False
    name: str = ""

    @property
    def weekday(self) -> str:
        return ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")[self.date.weekday()]


@dataclass
class Calendar:
    """Day kinds for a range of dates, with warnings about missing data."""

    days: dict[dt.date, Day]
    warnings: list[Msg] = field(default_factory=list)

    def __getitem__(self, day: dt.date) -> Day:
        return self.days[day]


@lru_cache(maxsize=32)
def _cn_year(year: int) -> tuple[dict[dt.date, str], frozenset[dt.date]]:
    """Statutory holidays and make-up working days of one year, from ``holidays``."""
    import holidays  # imported lazily: loading the package costs ~0.1 s

    cal = holidays.China(years=year, language="zh_CN")
    rest = {day: str(name) for day, name in cal.items() if day.year == year}
    makeup = frozenset(d for d in cal.weekend_workdays if d.year == year)
    return rest, makeup


def build_calendar(problem: Problem, first: dt.date, last: dt.date) -> Calendar:
    """Classify every date from ``first`` to ``last``.

    Parameters
    ----------
    problem
        Supplies the calendar choice and the Calendar sheet overrides.
    first, last
        The range, both inclusive; it may start before the horizon (History).

    Returns
    -------
    Calendar
        One :class:`Day` per date, and a warning for every planned year for
        which the package knows no make-up working days and the Calendar sheet
        gives nothing in the planned horizon.
    """
    use_cn = problem.settings.holiday_calendar == "CN"
    # Pad the range so that a holiday block crossing its ends is seen whole.
    pad = dt.timedelta(days=10)
    lo, hi = first - pad, last + pad
    rest: dict[dt.date, str] = {}
    makeup: set[dt.date] = set()
    if use_cn:
        for year in range(lo.year, hi.year + 1):
            year_rest, year_makeup = _cn_year(year)
            rest.update(year_rest)
            makeup.update(year_makeup)
    overrides = {c.date: c for c in problem.calendar}
    for day, row in overrides.items():
        if row.kind == "holiday":
            rest[day] = row.name or rest.get(day, "")
            makeup.discard(day)
        else:
            rest.pop(day, None)
            if day.weekday() >= 5:
                makeup.add(day)

    def is_off(day: dt.date) -> bool:
        return day in rest or (day.weekday() >= 5 and day not in makeup)

    days: dict[dt.date, Day] = {}
    day = first
    while day <= last:
        if day in rest:
            days[day] = Day(day, workday=False, holiday=True, name=rest[day])
        elif day in makeup:
            days[day] = Day(day, workday=True, makeup=True,
                            name=overrides[day].name if day in overrides else "")
        else:
            days[day] = Day(day, workday=day.weekday() < 5)
        day += dt.timedelta(days=1)

    # A weekend inside or next to a holiday belongs to its rest period.
    for day, info in list(days.items()):
        if info.workday or info.holiday:
            continue
        name = _block_holiday_name(day, is_off, rest)
        if name is not None:
            days[day] = Day(day, workday=False, holiday=True, name=name)

    warnings: list[Msg] = []
    if use_cn:
        start, end = problem.settings.horizon
        for year in range(start.year, end.year + 1):
            if _cn_year(year)[1]:
                continue
            if any(start <= c.date <= end and c.date.year == year for c in problem.calendar):
                continue
            warnings.append(msg(W_NO_MAKEUP, year=year))
    return Calendar(days, warnings)


def _block_holiday_name(day: dt.date, is_off, rest: dict[dt.date, str]) -> str | None:
    """Name of a holiday in the block of days off around ``day``, if any."""
    one = dt.timedelta(days=1)
    for step in (-one, one):
        cur = day + step
        while is_off(cur):
            if cur in rest:
                return rest[cur]
            cur += step
    return None
