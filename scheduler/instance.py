"""Derived data shared by the model builder and the rule checks.

:class:`Instance` expands a :class:`~scheduler.models.Problem` into dated
shift occurrences (a shift on a date its ``days`` select), with availability
and lookups built once. :class:`RosterView` indexes a roster the same way, so
every rule's ``check`` reads the roster through one tested lens.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from .calendar import Calendar, Day, build_calendar
from .models import Assignment, Employee, Problem, Roster, Shift

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Occurrence:
    """One shift on one date: the unit that is staffed."""

    index: int
    shift_id: str
    date: dt.date
    start: dt.datetime
    end: dt.datetime
    staff: int
    backups: int
    skills: tuple[tuple[str, int], ...]
    week: dt.date
    offday: bool
    holiday: bool
    night: bool
    under_weight: int | None = None
    over_weight: int | None = None

    @property
    def soft(self) -> bool:
        """Coverage given with under/over weights instead of a hard count."""
        return self.under_weight is not None or self.over_weight is not None

    @property
    def minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)

    @property
    def key(self) -> tuple[dt.date, str]:
        return (self.date, self.shift_id)

    def __str__(self) -> str:
        return f"{self.shift_id} {self.date.isoformat()}"


def week_of(day: dt.date) -> dt.date:
    """The Monday of the Monday–Sunday week containing ``day``."""
    return day - dt.timedelta(days=day.weekday())


def shift_runs_on(shift: Shift, day: Day) -> bool:
    """Whether the shift's ``days`` selection picks this date (H1)."""
    if shift.days == "workdays":
        return day.workday
    if shift.days == "offdays":
        return not day.workday
    if shift.days == "holidays":
        return day.holiday
    if shift.days == "all":
        return True
    return day.weekday in shift.days.split(",")


def shift_times(shift: Shift, day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.combine(day, shift.start)
    return start, start + dt.timedelta(minutes=shift.minutes)


class Instance:
    """A problem expanded into occurrences, availability and lookups.

    Parameters
    ----------
    problem
        The validated problem.
    calendar
        Day kinds; built from the problem when not given.
    """

    def __init__(self, problem: Problem, calendar: Calendar | None = None) -> None:
        self.problem = problem
        self.settings = problem.settings
        self.first, self.last = problem.settings.horizon
        self.num_days = (self.last - self.first).days + 1
        self.dates = [self.first + ONE_DAY * i for i in range(self.num_days)]
        history_first = min((h.date for h in problem.history), default=self.first)
        self.calendar = calendar or build_calendar(
            problem, min(history_first, week_of(self.first)), self.last)
        self.shifts: dict[str, Shift] = {s.shift_id: s for s in problem.shifts}
        self.staff: dict[str, Employee] = {e.employee_id: e for e in problem.staff}
        self.emp_ids: list[str] = list(self.staff)
        self.occurrences: list[Occurrence] = self._expand()
        self.occ_by_key: dict[tuple[dt.date, str], Occurrence] = {
            o.key: o for o in self.occurrences}
        self.occs_by_shift: dict[str, list[Occurrence]] = defaultdict(list)
        self.occs_by_date: dict[dt.date, list[Occurrence]] = defaultdict(list)
        for occ in self.occurrences:
            self.occs_by_shift[occ.shift_id].append(occ)
            self.occs_by_date[occ.date].append(occ)
        self.leave_days: dict[str, set[dt.date]] = defaultdict(set)
        for leave in problem.leave:
            day = max(leave.start, self.first)
            while day <= min(leave.end, self.last):
                self.leave_days[leave.employee_id].add(day)
                day += ONE_DAY
        self.history: list[Assignment] = sorted(
            problem.history, key=lambda a: (a.date, a.shift_id, a.employee_id))

    def _expand(self) -> list[Occurrence]:
        overrides = {(c.date, c.shift_id): c for c in self.problem.coverage}
        occurrences: list[Occurrence] = []
        for day in self.dates:
            info = self.calendar[day]
            for shift in self.problem.shifts:
                cov = overrides.get((day, shift.shift_id))
                if cov is None and not shift_runs_on(shift, info):
                    continue
                staff = shift.staff if cov is None else cov.staff
                soft = cov is not None and cov.soft
                if staff == 0 and shift.backups == 0 and not soft:
                    continue
                start, end = shift_times(shift, day)
                occurrences.append(Occurrence(
                    index=len(occurrences), shift_id=shift.shift_id, date=day,
                    start=start, end=end, staff=staff, backups=shift.backups,
                    skills=tuple(sorted(shift.skills.items())), week=week_of(day),
                    offday=not info.workday, holiday=info.holiday, night=shift.is_night,
                    under_weight=(cov.under_weight or 0) if soft else None,
                    over_weight=(cov.over_weight or 0) if soft else None))
        return occurrences

    def day(self, day: dt.date) -> Day:
        return self.calendar[day]

    def on_leave(self, emp_id: str, day: dt.date) -> bool:
        return day in self.leave_days.get(emp_id, ())

    def eligible(self, emp_id: str, occ: Occurrence) -> bool:
        """May work or stand by for ``occ``: the shift is allowed (H4), no leave (H6)."""
        return (self.staff[emp_id].may_work(occ.shift_id)
                and not self.on_leave(emp_id, occ.date))

    @cached_property
    def eligible_emps(self) -> dict[int, list[str]]:
        """Occurrence index → employees eligible for it, in staff order."""
        # Grouped by shift, then dates of leave taken out: the same answer as
        # ``eligible`` for every pair (1.7 M calls on Instance24 took 2.5 s).
        by_shift: dict[str, list[str]] = {}
        for o in self.occurrences:
            if o.shift_id not in by_shift:
                by_shift[o.shift_id] = [e for e in self.emp_ids
                                        if self.staff[e].may_work(o.shift_id)]
        away = {e: days for e, days in self.leave_days.items() if days}
        out = {}
        for o in self.occurrences:
            emps = by_shift[o.shift_id]
            if away:
                emps = [e for e in emps if o.date not in away.get(e, ())]
            out[o.index] = emps
        return out

    @cached_property
    def history_times(self) -> list[tuple[Assignment, dt.datetime, dt.datetime]]:
        """History duties with their start and end, for rest across the month start."""
        out = []
        for row in self.history:
            if row.role != "duty":
                continue
            start, end = shift_times(self.shifts[row.shift_id], row.date)
            out.append((row, start, end))
        return out

    @cached_property
    def history_times_of(self) -> dict[str, list[tuple[Assignment, dt.datetime, dt.datetime]]]:
        """:attr:`history_times` by employee."""
        out: dict[str, list] = defaultdict(list)
        for item in self.history_times:
            out[item[0].employee_id].append(item)
        return out

    @cached_property
    def min_rest(self) -> dt.timedelta:
        return dt.timedelta(hours=self.settings.min_rest_hours)

    def too_close(self, a_start: dt.datetime, a_end: dt.datetime,
                  b_start: dt.datetime, b_end: dt.datetime) -> bool:
        """Whether one person cannot work both duties: they overlap or rest is short (H7)."""
        if b_start < a_start:
            a_start, a_end, b_start, b_end = b_start, b_end, a_start, a_end
        return b_start < a_end + self.min_rest

    @cached_property
    def occs_by_start(self) -> list[Occurrence]:
        return sorted(self.occurrences, key=lambda o: (o.start, o.index))

    @cached_property
    def conflicts(self) -> list[tuple[Occurrence, Occurrence]]:
        """Pairs of occurrences one person cannot both work (H7), earlier first."""
        occs = self.occs_by_start
        pairs = []
        for i, a in enumerate(occs):
            for b in occs[i + 1:]:
                if b.start >= a.end + self.min_rest:
                    break
                pairs.append((a, b))
        return pairs

    @cached_property
    def conflicts_of(self) -> dict[int, list[Occurrence]]:
        """Occurrence index → the occurrences it conflicts with (H7)."""
        out: dict[int, list[Occurrence]] = defaultdict(list)
        for a, b in self.conflicts:
            out[a.index].append(b)
            out[b.index].append(a)
        return out

    @cached_property
    def history_blocked(self) -> dict[str, dict[int, Assignment]]:
        """Employee → occurrences ruled out by a History duty (H7 across the month start)."""
        out: dict[str, dict[int, Assignment]] = defaultdict(dict)
        for row, start, end in self.history_times:
            for occ in self.occs_by_start:
                if occ.start >= end + self.min_rest:
                    break
                if self.too_close(start, end, occ.start, occ.end):
                    out[row.employee_id].setdefault(occ.index, row)
        return out

    @cached_property
    def not_next(self) -> dict[str, frozenset[str]]:
        """Shift id → the shifts one person may not work on the next date.

        Those its ``not_followed_by`` names (L8), and those that would
        overlap it or leave less than the minimum rest (H7).
        """
        day, next_day = self.first, self.first + ONE_DAY
        out = {}
        for sid, shift in self.shifts.items():
            a_start, a_end = shift_times(shift, day)
            banned = set(shift.not_followed_by)
            for other_id, other in self.shifts.items():
                if self.too_close(a_start, a_end, *shift_times(other, next_day)):
                    banned.add(other_id)
            out[sid] = frozenset(banned)
        return out

    def is_offday(self, day: dt.date) -> bool:
        info = self.calendar.days.get(day)
        return not info.workday if info is not None else day.weekday() >= 5

    def emp_label(self, emp_id: str) -> str:
        emp = self.staff.get(emp_id)
        return emp.label if emp is not None else emp_id

    def shift_label(self, shift_id: str) -> str:
        shift = self.shifts.get(shift_id)
        return shift.label if shift is not None else shift_id


@dataclass
class RosterView:
    """A roster indexed by occurrence and by person, for the checks.

    Rows that match no occurrence (a shift on a date its ``days`` do not
    select, or an unknown shift) are kept in ``stray`` for the coverage check.
    """

    instance: Instance
    roster: Roster
    duty: dict[int, list[str]] = field(default_factory=dict)
    backup: dict[int, list[str]] = field(default_factory=dict)
    emp_duties: dict[str, list[Occurrence]] = field(default_factory=dict)
    emp_backups: dict[str, list[Occurrence]] = field(default_factory=dict)
    stray: list[Assignment] = field(default_factory=list)

    @classmethod
    def of(cls, instance: Instance, roster: Roster) -> RosterView:
        view = cls(instance, roster)
        duty: dict[int, list[str]] = defaultdict(list)
        backup: dict[int, list[str]] = defaultdict(list)
        emp_duties: dict[str, list[Occurrence]] = defaultdict(list)
        emp_backups: dict[str, list[Occurrence]] = defaultdict(list)
        for row in roster.assignments:
            occ = instance.occ_by_key.get((row.date, row.shift_id))
            if occ is None:
                view.stray.append(row)
                continue
            if row.role == "duty":
                duty[occ.index].append(row.employee_id)
                emp_duties[row.employee_id].append(occ)
            else:
                backup[occ.index].append(row.employee_id)
                emp_backups[row.employee_id].append(occ)
        for lists in (emp_duties, emp_backups):
            for occs in lists.values():
                occs.sort(key=lambda o: (o.start, o.shift_id))
        view.duty, view.backup = dict(duty), dict(backup)
        view.emp_duties, view.emp_backups = dict(emp_duties), dict(emp_backups)
        return view

    def duty_of(self, occ: Occurrence) -> list[str]:
        return self.duty.get(occ.index, [])

    def backup_of(self, occ: Occurrence) -> list[str]:
        return self.backup.get(occ.index, [])
