"""Problem data: plain validated data that never imports the solver.

The models mirror the problem workbook of ``shared/workbook.md`` one sheet per
collection, so a workbook, its JSON dump and a problem built in code are the
same thing. Cross-references (unknown employee or shift ids, duplicates,
dates outside the horizon) are checked once, in :meth:`Problem._check_refs`,
and reported with the collection, the item index and the field so that a
reader can translate them back to a sheet, row and column.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
DAY_KINDS = ("workdays", "offdays", "holidays", "all")

_WEEKDAY_ALIASES = {
    **{w.lower(): w for w in WEEKDAYS},
    **{full: w for full, w in zip(
        ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
        WEEKDAYS, strict=True)},
    **{zh: w for zh, w in zip("一二三四五六日", WEEKDAYS, strict=True)},
    **{f"周{zh}": w for zh, w in zip("一二三四五六日", WEEKDAYS, strict=True)},
    **{f"星期{zh}": w for zh, w in zip("一二三四五六日", WEEKDAYS, strict=True)},
    "周天": "Sun",
    "星期天": "Sun",
}
_DAY_KIND_ALIASES = {
    "workdays": "workdays", "workday": "workdays", "工作日": "workdays",
    "offdays": "offdays", "offday": "offdays", "休息日": "offdays", "节假日": "offdays",
    "holidays": "holidays", "holiday": "holidays", "法定节假日": "holidays", "假日": "holidays",
    "all": "all", "every day": "all", "daily": "all", "每天": "all", "全部": "all",
}


def _blank_to_none(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, float) and value != value:  # NaN from pandas
        return None
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _parse_time(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.time()
    if isinstance(value, str):
        text = value.strip()
        match = re.fullmatch(r"(\d{1,2})[:：](\d{2})(?::(\d{2}))?", text)
        if not match:
            raise PydanticCustomError(
                "time_format", "'{value}' is not a time; write HH:MM, e.g. 08:00",
                {"value": text})
        hour, minute = int(match[1]), int(match[2])
        if hour == 24 and minute == 0:
            return dt.time(0, 0)
        if hour > 23 or minute > 59:
            raise PydanticCustomError(
                "time_range", "'{value}' is not a time of day (00:00 to 23:59)",
                {"value": text})
        return dt.time(hour, minute)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value < 1:
        minutes = round(value * 24 * 60)  # an Excel time is a fraction of a day
        return dt.time(minutes // 60 % 24, minutes % 60)
    return value


def _parse_date(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str):
        text = value.strip()
        try:
            return dt.date.fromisoformat(text[:10] if len(text) > 10 and text[10] in " T" else text)
        except ValueError:
            raise PydanticCustomError(
                "date_format", "'{value}' is not a date; write YYYY-MM-DD, e.g. 2026-12-01",
                {"value": text}) from None
    return value


def _split_list(value: Any) -> Any:
    value = _blank_to_none(value)
    if value is None:
        return []
    if isinstance(value, str):
        return [part.strip() for part in re.split(r"[,，;；、\s]+", value) if part.strip()]
    if isinstance(value, (int, float)):
        return [str(value)]
    return value


def _parse_counts(value: Any) -> Any:
    """``'tech:1;lang:2'`` → ``{'tech': 1, 'lang': 2}``; dicts pass through."""
    value = _blank_to_none(value)
    if value is None:
        return {}
    if isinstance(value, str):
        counts: dict[str, Any] = {}
        for item in re.split(r"[;；,，|]+", value):
            item = item.strip()
            if not item:
                continue
            match = re.fullmatch(r"([^:=：]+?)\s*[:=：]\s*(-?\d+)", item)
            if not match:
                raise PydanticCustomError(
                    "counts_format",
                    "'{item}' is not an item of the form name:count, e.g. tech:1",
                    {"item": item})
            counts[match[1].strip()] = int(match[2])
        return counts
    return value


def _parse_days(value: Any) -> Any:
    value = _blank_to_none(value)
    if value is None:
        return "workdays"
    if not isinstance(value, str):
        return value
    text = value.strip()
    kind = _DAY_KIND_ALIASES.get(text.lower())
    if kind:
        return kind
    parts = [p for p in re.split(r"[,，;；、\s]+", text) if p]
    days = []
    for part in parts:
        day = _WEEKDAY_ALIASES.get(part.lower())
        if day is None:
            raise PydanticCustomError(
                "days_format",
                "'{value}' is not a day selection; use workdays, offdays, holidays, all, "
                "or weekdays such as Mon,Tue,Fri",
                {"value": text})
        if day not in days:
            days.append(day)
    return ",".join(sorted(days, key=WEEKDAYS.index))


Time = Annotated[dt.time, BeforeValidator(_parse_time)]
Date = Annotated[dt.date, BeforeValidator(_parse_date)]
OptDate = Annotated[dt.date | None, BeforeValidator(lambda v: _parse_date(_blank_to_none(v)))]
OptInt = Annotated[int | None, BeforeValidator(_blank_to_none)]
OptStr = Annotated[str | None, BeforeValidator(_blank_to_none)]
StrList = Annotated[list[str], BeforeValidator(_split_list)]
Counts = Annotated[dict[str, int], BeforeValidator(_parse_counts)]
NonNegCounts = Annotated[dict[str, Annotated[int, Field(ge=0)]], BeforeValidator(_parse_counts)]
Id = Annotated[str, BeforeValidator(lambda v: _id_text(v)), Field(min_length=1)]


def _id_text(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # Excel turns the id 7 into 7.0
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, str):
        return value.strip()
    return value


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Weights(_Model):
    """Weights of the soft goals; a weight of 0 switches a goal off.

    Every penalty in the objective is ``weight × amount``, and the amount is a
    count a manager can see in the roster (one pair of consecutive duties, one
    duty above a fair share, one request not granted).
    """

    rotation: int = Field(10, ge=0, description="Per pair of consecutive occurrences of a "
                          "day-rotated shift worked by the same person (R2).")
    fairness: int = Field(4, ge=0, description="Per duty of a shift above or below the "
                          "person's fair share (R2, pro rata to availability).")
    nights: int = Field(4, ge=0, description="Per night duty above or below the fair share, "
                        "History included (R3).")
    holidays: int = Field(4, ge=0, description="Per duty on an off day (weekend or public "
                          "holiday) above or below the fair share, History included (R5).")
    requests: int = Field(2, ge=0, description="Multiplies the weight of every prefer/avoid "
                          "request that is not granted.")
    backups: int = Field(1, ge=0, description="Per standby duty above or below the fair "
                         "share (R4).")
    changes: int = Field(20, ge=0, description="Per assignment of the baseline roster that "
                         "the new roster drops (minimal-change re-planning).")


class Settings(_Model):
    """The Settings sheet (设置): horizon, team and solver options."""

    month: OptStr = Field(None, description="The month to plan, YYYY-MM.")
    start: OptDate = Field(None, description="First date of a horizon other than a month.")
    end: OptDate = Field(None, description="Last date (inclusive) of that horizon.")
    team: str = ""
    min_rest_hours: float = Field(11, ge=0)
    max_swaps_per_month: int = Field(3, ge=0)
    leave_notice_days: int = Field(3, ge=0)
    holiday_calendar: Literal["CN", "none"] = "CN"
    time_limit_s: float = Field(30, gt=0)
    max_duties_per_day: int = Field(1, ge=1)
    no_swap_chains: bool = Field(
        True, description="SW2 (a): a duty obtained by a swap is not swapped again.")
    no_consecutive_swaps: bool = Field(
        True, description="SW2 (b): one person's swaps do not fall on consecutive duty days.")
    swaps_keep_weekly_crews: bool = Field(
        True, description="A swap must keep every weekly crew whole (H2); off: a single "
        "night of a weekly crew may be swapped.")
    language: Literal["en", "zh"] | None = Field(
        None, description="Language of texts people read; None = decided by the caller.")
    weights: Weights = Field(default_factory=Weights)

    @field_validator("no_swap_chains", "no_consecutive_swaps", "swaps_keep_weekly_crews",
                     mode="before")
    @classmethod
    def _yes_no(cls, value: Any) -> Any:
        value = _blank_to_none(value)
        if value is None:
            return True
        if isinstance(value, str):
            text = value.strip().lower()
            if text in ("是", "开", "启用", "对", "y"):
                return True
            if text in ("否", "关", "停用", "不", "n"):
                return False
        return value

    @model_validator(mode="before")
    @classmethod
    def _legacy_keys(cls, data: Any) -> Any:
        # JSON dumps of earlier versions carry a ``source`` key (where the
        # problem came from); it decides nothing now and is dropped.
        if isinstance(data, dict) and "source" in data:
            data = {k: v for k, v in data.items() if k != "source"}
        return data

    @field_validator("team", mode="before")
    @classmethod
    def _team_text(cls, value: Any) -> Any:
        value = _blank_to_none(value)
        return "" if value is None else str(value)

    @field_validator("month", mode="before")
    @classmethod
    def _month_text(cls, value: Any) -> Any:
        value = _blank_to_none(value)
        if isinstance(value, (dt.date, dt.datetime)):
            return f"{value.year:04d}-{value.month:02d}"
        if isinstance(value, str):
            match = re.fullmatch(r"\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?\s*", value)
            if not match or not 1 <= int(match[2]) <= 12:
                raise PydanticCustomError(
                    "month_format", "'{value}' is not a month; write YYYY-MM, e.g. 2026-12",
                    {"value": value})
            return f"{int(match[1]):04d}-{int(match[2]):02d}"
        return value

    @field_validator("language", mode="before")
    @classmethod
    def _language(cls, value: Any) -> Any:
        value = _blank_to_none(value)
        if isinstance(value, str):
            text = value.strip().lower()
            if text in ("zh", "cn", "chinese", "中文", "zh-cn", "zh_cn"):
                return "zh"
            if text in ("en", "english", "英文", "英语"):
                return "en"
        return value

    @field_validator("holiday_calendar", mode="before")
    @classmethod
    def _calendar_name(cls, value: Any) -> Any:
        value = _blank_to_none(value)
        if value is None:
            return "CN"
        if isinstance(value, str) and value.strip().lower() in ("none", "no", "off", "无"):
            return "none"
        if isinstance(value, str) and value.strip().upper() in ("CN", "CHINA", "中国"):
            return "CN"
        return value

    @model_validator(mode="after")
    def _horizon(self) -> Settings:
        if self.month is None and (self.start is None or self.end is None):
            raise PydanticCustomError(
                "horizon", "give the month to plan (month, YYYY-MM) or both start and end")
        if self.start is not None and self.end is not None and self.end < self.start:
            raise PydanticCustomError(
                "horizon", "end {end} is before start {start}",
                {"end": str(self.end), "start": str(self.start)})
        if self.month is not None and (self.start is not None or self.end is not None):
            first, last = _month_bounds(self.month)
            for name, value in (("start", self.start), ("end", self.end)):
                if value is not None and not first <= value <= last:
                    raise PydanticCustomError(
                        "horizon", "{name} {value} lies outside the month {month}",
                        {"name": name, "value": str(value), "month": self.month})
        return self

    @property
    def horizon(self) -> tuple[dt.date, dt.date]:
        """First and last date planned (both inclusive)."""
        if self.month is not None:
            first, last = _month_bounds(self.month)
            return (self.start or first, self.end or last)
        assert self.start is not None and self.end is not None
        return (self.start, self.end)


def _month_bounds(month: str) -> tuple[dt.date, dt.date]:
    year, mon = (int(p) for p in month.split("-"))
    first = dt.date(year, mon, 1)
    nxt = dt.date(year + mon // 12, mon % 12 + 1, 1)
    return first, nxt - dt.timedelta(days=1)


class Shift(_Model):
    """One shift type of the Shifts sheet (班次), R1."""

    shift_id: Id
    name: str = ""
    start: Time
    end: Time
    days: Annotated[str, BeforeValidator(_parse_days)] = Field(
        "workdays", description="workdays, offdays, holidays, all, or weekdays like Mon,Tue,Fri")
    staff: int = Field(1, ge=0)
    rotation: Literal["day", "week"] = "day"
    backups: int = Field(0, ge=0)
    skills: NonNegCounts = Field(default_factory=dict)
    not_followed_by: StrList = Field(default_factory=list)

    @field_validator("name", mode="before")
    @classmethod
    def _name(cls, value: Any) -> Any:
        value = _blank_to_none(value)
        return "" if value is None else str(value)

    @field_validator("rotation", mode="before")
    @classmethod
    def _rotation(cls, value: Any) -> Any:
        value = _blank_to_none(value)
        if value is None:
            return "day"
        aliases = {"day": "day", "daily": "day", "天": "day", "日": "day", "按天": "day",
                   "week": "week", "weekly": "week", "周": "week", "按周": "week"}
        return aliases.get(str(value).strip().lower(), value)

    @field_validator("staff", "backups", mode="before")
    @classmethod
    def _count(cls, value: Any, info: Any) -> Any:
        value = _blank_to_none(value)
        if value is None:
            return 1 if info.field_name == "staff" else 0
        return value

    @property
    def minutes(self) -> int:
        """Length in minutes; an end at or before the start means the next day."""
        start = self.start.hour * 60 + self.start.minute
        end = self.end.hour * 60 + self.end.minute
        return end - start if end > start else end - start + 24 * 60

    @property
    def is_night(self) -> bool:
        """A shift that runs past midnight (夜班)."""
        return self.end <= self.start

    @property
    def label(self) -> str:
        return f"{self.name} {self.shift_id}" if self.name else self.shift_id


class Employee(_Model):
    """One person of the Staff sheet (员工)."""

    employee_id: Id
    name: str = ""
    skills: StrList = Field(default_factory=list)
    shifts: StrList = Field(default_factory=list, description="Shift ids allowed; empty = all.")
    max_duties: OptInt = Field(None, ge=0)
    max_shifts: NonNegCounts = Field(default_factory=dict)
    min_minutes: OptInt = Field(None, ge=0)
    max_minutes: OptInt = Field(None, ge=0)
    max_consecutive: OptInt = Field(None, ge=1)
    min_consecutive: OptInt = Field(None, ge=1)
    min_days_off: OptInt = Field(None, ge=1)
    max_weekends: OptInt = Field(None, ge=0)
    role: Literal["staff", "manager"] = Field(
        "staff", description="manager: approves swaps, leave and changes; a manager with an "
        "empty shifts column takes no duty.")

    @field_validator("name", mode="before")
    @classmethod
    def _name(cls, value: Any) -> Any:
        value = _blank_to_none(value)
        return "" if value is None else str(value)

    @field_validator("role", mode="before")
    @classmethod
    def _role(cls, value: Any) -> Any:
        value = _blank_to_none(value)
        if value is None:
            return "staff"
        aliases = {"staff": "staff", "员工": "staff", "职员": "staff", "客服": "staff",
                   "manager": "manager", "经理": "manager", "主管": "manager",
                   "值班经理": "manager", "部门经理": "manager"}
        return aliases.get(str(value).strip().lower(), value)

    @property
    def label(self) -> str:
        return f"{self.employee_id} {self.name}" if self.name else self.employee_id

    @property
    def is_manager(self) -> bool:
        return self.role == "manager"

    def may_work(self, shift_id: str) -> bool:
        """Whether the person may work or stand by for the shift (H4)."""
        if not self.shifts:
            return not self.is_manager
        return shift_id in self.shifts


class Leave(_Model):
    """One row of the Leave sheet (请假): no duty or backup on these dates (H6)."""

    employee_id: Id
    start: Date
    end: Date
    kind: str = "leave"
    requested_on: OptDate = None

    @field_validator("kind", mode="before")
    @classmethod
    def _kind(cls, value: Any) -> Any:
        value = _blank_to_none(value)
        return "leave" if value is None else str(value)

    @model_validator(mode="after")
    def _order(self) -> Leave:
        if self.end < self.start:
            raise PydanticCustomError(
                "date_order", "end {end} is before start {start}",
                {"end": str(self.end), "start": str(self.start)})
        return self

    def covers(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


class CalendarDay(_Model):
    """One row of the Calendar sheet (日历): overrides the built-in calendar."""

    date: Date
    kind: Literal["holiday", "workday"]
    name: str = ""

    @field_validator("kind", mode="before")
    @classmethod
    def _kind(cls, value: Any) -> Any:
        aliases = {"holiday": "holiday", "假日": "holiday", "节假日": "holiday", "休": "holiday",
                   "放假": "holiday", "workday": "workday", "工作日": "workday",
                   "班": "workday", "上班": "workday", "调休上班": "workday"}
        if isinstance(value, str):
            return aliases.get(value.strip().lower(), value)
        return value

    @field_validator("name", mode="before")
    @classmethod
    def _name(cls, value: Any) -> Any:
        value = _blank_to_none(value)
        return "" if value is None else str(value)


class Request(_Model):
    """One row of the Requests sheet (意愿): a wish to work or not to work."""

    employee_id: Id
    date: Date
    shift_id: Annotated[str | None, BeforeValidator(lambda v: _id_text(_blank_to_none(v)))] = None
    kind: Literal["prefer", "avoid"]
    weight: int = Field(1, ge=1)

    @field_validator("kind", mode="before")
    @classmethod
    def _kind(cls, value: Any) -> Any:
        aliases = {"prefer": "prefer", "on": "prefer", "want": "prefer", "希望": "prefer",
                   "想上": "prefer", "avoid": "avoid", "off": "avoid", "不想": "avoid",
                   "避免": "avoid", "回避": "avoid"}
        if isinstance(value, str):
            return aliases.get(value.strip().lower(), value)
        return value

    @field_validator("weight", mode="before")
    @classmethod
    def _weight(cls, value: Any) -> Any:
        value = _blank_to_none(value)
        return 1 if value is None else value


class Assignment(_Model):
    """One row of a roster: a person on duty or standby for a shift starting on a date."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

    date: Date
    shift_id: Id
    employee_id: Id
    role: Literal["duty", "backup"] = "duty"

    @field_validator("role", mode="before")
    @classmethod
    def _role(cls, value: Any) -> Any:
        value = _blank_to_none(value)
        if value is None:
            return "duty"
        aliases = {"duty": "duty", "值班": "duty", "backup": "backup", "standby": "backup",
                   "备班": "backup", "备": "backup"}
        return aliases.get(str(value).strip().lower(), value)


class CoverageOverride(_Model):
    """One row of the Coverage sheet (需求): staff needed on one date.

    With under/over weights the coverage of that occurrence is soft.
    """

    date: Date
    shift_id: Id
    staff: int = Field(ge=0)
    under_weight: OptInt = Field(None, ge=0)
    over_weight: OptInt = Field(None, ge=0)

    @property
    def soft(self) -> bool:
        return self.under_weight is not None or self.over_weight is not None


class Problem(_Model):
    """A team's month: everything the solver needs, as in the problem workbook."""

    settings: Settings
    shifts: list[Shift] = Field(min_length=1)
    staff: list[Employee] = Field(min_length=1)
    leave: list[Leave] = Field(default_factory=list)
    calendar: list[CalendarDay] = Field(default_factory=list)
    requests: list[Request] = Field(default_factory=list)
    history: list[Assignment] = Field(default_factory=list)
    coverage: list[CoverageOverride] = Field(default_factory=list)
    pinned: list[Assignment] = Field(
        default_factory=list,
        description="Assignments fixed by hand; the solver keeps them (re-planning).")
    forbidden: list[Assignment] = Field(
        default_factory=list,
        description="Assignments the roster must not have (cells cleared by hand).")
    baseline: list[Assignment] = Field(
        default_factory=list,
        description="A roster to stay close to: each of its assignments dropped costs "
                    "weights.changes (re-planning a published roster).")

    @model_validator(mode="after")
    def _check_refs(self) -> Problem:
        error = self.first_reference_error()
        if error is not None:
            section, index, field, message = error
            raise PydanticCustomError(
                "reference", "{message}",
                {"message": message, "section": section, "index": index, "field": field})
        return self

    def first_reference_error(self) -> tuple[str, int, str, str] | None:
        """The first broken cross-reference as (collection, index, field, message)."""
        shift_ids = {s.shift_id for s in self.shifts}
        emp_ids = {e.employee_id for e in self.staff}
        start, end = self.settings.horizon
        seen: set[str] = set()
        for i, shift in enumerate(self.shifts):
            if shift.shift_id in seen:
                return ("shifts", i, "shift_id", f"shift id '{shift.shift_id}' is used twice")
            seen.add(shift.shift_id)
        for i, shift in enumerate(self.shifts):
            for other in shift.not_followed_by:
                if other not in shift_ids:
                    return ("shifts", i, "not_followed_by", f"unknown shift id '{other}'")
            crew_skills = sum(shift.skills.values())
            if crew_skills > shift.staff and not self._has_soft_coverage(shift.shift_id):
                return ("shifts", i, "skills",
                        f"shift {shift.shift_id} asks for {crew_skills} skilled people "
                        f"but has a crew of {shift.staff}")
        seen = set()
        for i, emp in enumerate(self.staff):
            if emp.employee_id in seen:
                return ("staff", i, "employee_id",
                        f"employee id '{emp.employee_id}' is used twice")
            seen.add(emp.employee_id)
            for sid in emp.shifts:
                if sid not in shift_ids:
                    return ("staff", i, "shifts", f"unknown shift id '{sid}'")
            for sid in emp.max_shifts:
                if sid not in shift_ids:
                    return ("staff", i, "max_shifts", f"unknown shift id '{sid}'")
            if (emp.min_minutes is not None and emp.max_minutes is not None
                    and emp.min_minutes > emp.max_minutes):
                return ("staff", i, "min_minutes",
                        f"min_minutes {emp.min_minutes} is above max_minutes {emp.max_minutes}")
        for i, leave in enumerate(self.leave):
            if leave.employee_id not in emp_ids:
                return ("leave", i, "employee_id", f"unknown employee id '{leave.employee_id}'")
        for i, req in enumerate(self.requests):
            if req.employee_id not in emp_ids:
                return ("requests", i, "employee_id", f"unknown employee id '{req.employee_id}'")
            if req.shift_id is not None and req.shift_id not in shift_ids:
                return ("requests", i, "shift_id", f"unknown shift id '{req.shift_id}'")
        seen_dates: set[dt.date] = set()
        for i, day in enumerate(self.calendar):
            if day.date in seen_dates:
                return ("calendar", i, "date", f"date {day.date} is listed twice")
            seen_dates.add(day.date)
        for name, rows in (("history", self.history), ("pinned", self.pinned),
                           ("forbidden", self.forbidden), ("baseline", self.baseline)):
            seen_rows: set[Assignment] = set()
            for i, row in enumerate(rows):
                if row.employee_id not in emp_ids:
                    return (name, i, "employee_id", f"unknown employee id '{row.employee_id}'")
                if row.shift_id not in shift_ids:
                    return (name, i, "shift_id", f"unknown shift id '{row.shift_id}'")
                if name == "history" and row.date >= start:
                    return (name, i, "date",
                            f"history date {row.date} is not before the planned start {start}")
                if name != "history" and not start <= row.date <= end:
                    return (name, i, "date",
                            f"{name} date {row.date} lies outside {start} to {end}")
                if row in seen_rows:
                    return (name, i, "employee_id", "this row is given twice")
                seen_rows.add(row)
        seen_cov: set[tuple[dt.date, str]] = set()
        for i, cov in enumerate(self.coverage):
            if cov.shift_id not in shift_ids:
                return ("coverage", i, "shift_id", f"unknown shift id '{cov.shift_id}'")
            if (cov.date, cov.shift_id) in seen_cov:
                return ("coverage", i, "date",
                        f"{cov.shift_id} on {cov.date} is given twice")
            seen_cov.add((cov.date, cov.shift_id))
        return None

    def _has_soft_coverage(self, shift_id: str) -> bool:
        return any(c.shift_id == shift_id and c.soft for c in self.coverage)

    # Lookups used everywhere; cheap to rebuild, so not cached on a mutable model.
    def shift(self, shift_id: str) -> Shift:
        for shift in self.shifts:
            if shift.shift_id == shift_id:
                return shift
        raise KeyError(shift_id)

    def employee(self, emp_id: str) -> Employee:
        for emp in self.staff:
            if emp.employee_id == emp_id:
                return emp
        raise KeyError(emp_id)


class Roster(_Model):
    """A finished or hand-made roster: a list of assignments."""

    assignments: list[Assignment] = Field(default_factory=list)

    def sorted(self) -> Roster:
        return Roster(assignments=sorted(
            self.assignments, key=lambda a: (a.date, a.shift_id, a.role != "duty",
                                             a.employee_id)))

    def __len__(self) -> int:
        return len(self.assignments)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Roster):
            return NotImplemented
        return set(self.assignments) == set(other.assignments) and len(self) == len(other)

    def __hash__(self) -> int:  # pragma: no cover - rosters are not used as keys
        return hash(frozenset(self.assignments))
