"""The Curtois & Qu shift-scheduling benchmark format (``InstanceN.txt``).

:func:`read_curtois` turns a benchmark file into the engine's own
:class:`~scheduler.models.Problem`, so the benchmark is solved by the same
model as any workbook:

- the horizon starts on a Monday (:data:`DAY0`, day 0) and runs ``days`` days;
  no holiday calendar, no rest-hour rule, one duty a day (L1);
- each shift runs every day from 00:00 for its length in minutes; its
  forbidden successors become ``not_followed_by`` (L8);
- per-shift caps become ``max_shifts`` (L2) and a cap of 0 also removes the
  shift from the person's ``shifts`` (H4); minutes, run lengths and weekends
  become L3–L7; days off become one-day Leave rows (H6);
- shift on/off requests become prefer/avoid Requests (S5) and every cover
  line a soft Coverage row (S0), with the engine's other soft goals switched
  off, so that the objective equals the benchmark's.

:func:`write_curtois_solution` writes a roster in the benchmark's solution
form ``employee,day,shift`` (day index from 0, header line).
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from pydantic import ValidationError

from ..errors import InputError
from ..models import (
    CoverageOverride,
    Employee,
    Leave,
    Problem,
    Request,
    Roster,
    Settings,
    Shift,
    Weights,
)

DAY0 = dt.date(2024, 1, 1)  # a Monday: day 0 of every benchmark horizon
SECTIONS = ("SECTION_HORIZON", "SECTION_SHIFTS", "SECTION_STAFF", "SECTION_DAYS_OFF",
            "SECTION_SHIFT_ON_REQUESTS", "SECTION_SHIFT_OFF_REQUESTS", "SECTION_COVER")
BENCHMARK_WEIGHTS = Weights(rotation=0, fairness=0, nights=0, holidays=0, backups=0, requests=1)


def _sections(path: Path) -> dict[str, list[tuple[int, list[str]]]]:
    """Section name → its data lines as (line number, fields)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError("file not found", file=str(path)) from None
    out: dict[str, list[tuple[int, list[str]]]] = {}
    current: str | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.upper().startswith("SECTION_"):
            current = line.upper()
            out.setdefault(current, [])
            continue
        if current is None:
            raise InputError("data before the first SECTION_ line", file=path.name, row=number)
        out[current].append((number, [f.strip() for f in line.split(",")]))
    return out


class _Reader:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.sections = _sections(path)

    def error(self, message: str, section: str, row: int | None = None,
              column: str | None = None) -> InputError:
        return InputError(message, file=self.path.name, sheet=section, row=row, column=column)

    def lines(self, section: str, required: bool = True) -> list[tuple[int, list[str]]]:
        if section not in self.sections:
            if required:
                raise self.error("this section is missing", section)
            return []
        return self.sections[section]

    def int_field(self, section: str, row: int, fields: list[str], i: int, column: str) -> int:
        if i >= len(fields) or not fields[i]:
            raise self.error(f"{column} is missing", section, row, column)
        try:
            return int(fields[i])
        except ValueError:
            raise self.error(f"'{fields[i]}' is not a whole number", section, row,
                             column) from None


def read_curtois(path: str | Path) -> Problem:
    """Read a Curtois & Qu benchmark instance as a :class:`Problem`.

    Parameters
    ----------
    path
        An ``InstanceN.txt`` file (LF or CRLF line endings).

    Returns
    -------
    Problem
        With ``settings.start`` as day 0.

    Raises
    ------
    InputError
        Naming the file, the section, the line and the field that is wrong.
    """
    path = Path(path)
    rd = _Reader(path)
    horizon = rd.lines("SECTION_HORIZON")
    if not horizon:
        raise rd.error("the horizon length is missing", "SECTION_HORIZON")
    row, fields = horizon[0]
    num_days = rd.int_field("SECTION_HORIZON", row, fields, 0, "days")
    if num_days < 1:
        raise rd.error("the horizon must have at least one day", "SECTION_HORIZON", row, "days")
    last = DAY0 + dt.timedelta(days=num_days - 1)

    def date_of(section: str, row: int, fields: list[str], i: int) -> dt.date:
        day = rd.int_field(section, row, fields, i, "day")
        if not 0 <= day < num_days:
            raise rd.error(f"day {day} lies outside 0..{num_days - 1}", section, row, "day")
        return DAY0 + dt.timedelta(days=day)

    shifts: list[Shift] = []
    shift_ids: set[str] = set()
    for row, fields in rd.lines("SECTION_SHIFTS"):
        sid = fields[0]
        length = rd.int_field("SECTION_SHIFTS", row, fields, 1, "length")
        if not 0 < length <= 24 * 60:
            raise rd.error(f"a shift length of {length} minutes is not within 1..1440",
                           "SECTION_SHIFTS", row, "length")
        end = dt.time(length // 60 % 24, length % 60)
        followers = [f for f in (fields[2].split("|") if len(fields) > 2 else []) if f]
        shifts.append(dict(shift_id=sid, start=dt.time(0, 0), end=end, days="all", staff=0,
                           not_followed_by=followers, _row=row))
        shift_ids.add(sid)
    built_shifts = []
    for spec in shifts:
        row = spec.pop("_row")
        for other in spec["not_followed_by"]:
            if other not in shift_ids:
                raise rd.error(f"unknown shift id '{other}'", "SECTION_SHIFTS", row,
                               "cannot follow")
        built_shifts.append(Shift(**spec))

    staff: list[Employee] = []
    columns = ("max_minutes", "min_minutes", "max_consecutive", "min_consecutive",
               "min_days_off", "max_weekends")
    for row, fields in rd.lines("SECTION_STAFF"):
        caps: dict[str, int] = {}
        for item in (fields[1].split("|") if len(fields) > 1 else []):
            if not item:
                continue
            sid, _, value = item.partition("=")
            if sid not in shift_ids:
                raise rd.error(f"unknown shift id '{sid}'", "SECTION_STAFF", row, "MaxShifts")
            try:
                caps[sid] = int(value)
            except ValueError:
                raise rd.error(f"'{item}' is not of the form ShiftID=limit", "SECTION_STAFF",
                               row, "MaxShifts") from None
        values = {name: rd.int_field("SECTION_STAFF", row, fields, 2 + i, name)
                  for i, name in enumerate(columns)}
        for name in ("max_consecutive", "min_consecutive", "min_days_off"):
            if values[name] <= 0:
                values[name] = None  # 0 means no rule
        allowed = [s.shift_id for s in built_shifts if caps.get(s.shift_id) != 0]
        if len(allowed) == len(built_shifts):
            allowed = []  # empty = every shift
        elif not allowed:
            allowed = [built_shifts[0].shift_id]  # the cap of 0 (L2) still forbids it
        staff.append(Employee(employee_id=fields[0], shifts=allowed, max_shifts=caps,
                              **values))
    emp_ids = {e.employee_id for e in staff}

    def emp_of(section: str, row: int, fields: list[str]) -> str:
        if fields[0] not in emp_ids:
            raise rd.error(f"unknown employee id '{fields[0]}'", section, row, "EmployeeID")
        return fields[0]

    leave: list[Leave] = []
    for row, fields in rd.lines("SECTION_DAYS_OFF", required=False):
        emp_id = emp_of("SECTION_DAYS_OFF", row, fields)
        for i in range(1, len(fields)):
            if fields[i]:
                day = date_of("SECTION_DAYS_OFF", row, fields, i)
                leave.append(Leave(employee_id=emp_id, start=day, end=day, kind="day off"))

    requests: list[Request] = []
    for section, kind in (("SECTION_SHIFT_ON_REQUESTS", "prefer"),
                          ("SECTION_SHIFT_OFF_REQUESTS", "avoid")):
        for row, fields in rd.lines(section, required=False):
            emp_id = emp_of(section, row, fields)
            day = date_of(section, row, fields, 1)
            sid = fields[2] if len(fields) > 2 else ""
            if sid not in shift_ids:
                raise rd.error(f"unknown shift id '{sid}'", section, row, "ShiftID")
            weight = rd.int_field(section, row, fields, 3, "weight")
            if weight > 0:
                requests.append(Request(employee_id=emp_id, date=day, shift_id=sid, kind=kind,
                                        weight=weight))

    coverage: list[CoverageOverride] = []
    for row, fields in rd.lines("SECTION_COVER"):
        day = date_of("SECTION_COVER", row, fields, 0)
        sid = fields[1] if len(fields) > 1 else ""
        if sid not in shift_ids:
            raise rd.error(f"unknown shift id '{sid}'", "SECTION_COVER", row, "ShiftID")
        need, under, over = (rd.int_field("SECTION_COVER", row, fields, i, name)
                             for i, name in ((2, "requirement"), (3, "weight for under"),
                                             (4, "weight for over")))
        coverage.append(CoverageOverride(date=day, shift_id=sid, staff=need,
                                         under_weight=under, over_weight=over))

    settings = Settings(start=DAY0, end=last, team=path.stem, min_rest_hours=0,
                        holiday_calendar="none", max_duties_per_day=1, time_limit_s=60,
                        weights=BENCHMARK_WEIGHTS)
    try:
        return Problem(settings=settings, shifts=built_shifts, staff=staff, leave=leave,
                       requests=requests, coverage=coverage)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise InputError(first["msg"], file=path.name) from None


def day_index(problem: Problem, day: dt.date) -> int:
    """Benchmark day index of a date (day 0 is ``settings.start``)."""
    return (day - problem.settings.horizon[0]).days


def write_curtois_solution(problem: Problem, roster: Roster, path: str | Path) -> None:
    """Write the duties of ``roster`` as the benchmark's ``employee,day,shift`` CSV."""
    rows = sorted((a.employee_id, day_index(problem, a.date), a.shift_id)
                  for a in roster.assignments if a.role == "duty")
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["employee", "day", "shift"])
        writer.writerows(rows)


def read_curtois_solution(problem: Problem, path: str | Path) -> Roster:
    """Read an ``employee,day,shift`` CSV back as a roster of duties."""
    from ..models import Assignment

    start = problem.settings.horizon[0]
    rows = []
    with open(path, newline="", encoding="utf-8-sig") as fh:
        reader = csv.reader(fh)
        for number, fields in enumerate(reader, start=1):
            if not fields or (number == 1 and fields[0].strip().lower() == "employee"):
                continue
            try:
                day = int(fields[1])
            except (IndexError, ValueError):
                raise InputError("expected employee,day,shift with a whole-number day",
                                 file=Path(path).name, row=number, column="day") from None
            rows.append(Assignment(date=start + dt.timedelta(days=day), shift_id=fields[2],
                                   employee_id=fields[0], role="duty"))
    return Roster(assignments=rows)
