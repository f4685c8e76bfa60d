"""Realistic random teams, for benchmarks and tests.

:func:`generate_team` builds a customer-service team's month the way a duty
manager would describe it: a day shift (R2), a weekly night crew with a
technical skill (R3, R6), an off-day duty (R5), for larger teams an evening
shift, standby people (R4), a few people with restricted shifts or a monthly
cap, leave, wishes, and the published roster of the week before the month
(History) so that rest and the weekly night rotation continue across the
month boundary. Demand grows with the team, so every size is a real month's
work rather than a toy.

The result depends only on the arguments: the same ``seed`` gives the same
problem on every machine.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from .instance import Instance, Occurrence, week_of
from .models import (
    Assignment,
    Employee,
    Leave,
    Problem,
    Request,
    Settings,
    Shift,
)

ONE_DAY = dt.timedelta(days=1)
TECH = "tech"

_SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑"
             "梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢")
_GIVEN = ("伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛",
          "明", "超", "秀英", "霞", "平", "刚", "桂英", "华", "慧", "建国", "晓东", "思远", "雨桐",
          "子涵", "浩然", "欣怡", "宇航", "梓萱", "俊杰", "佳琪", "文博")


def team_shifts(n_people: int) -> list[Shift]:
    """The shift types of a team of ``n_people``, with crews scaled to its size.

    A day shift D (workdays, rotating daily, one standby), a night shift N
    19:00–03:00 (workdays, one crew a week with at least one ``tech``, one
    standby), an off-day duty H and, from 30 people on, an evening shift E
    13:00–21:00.
    """
    shifts = [
        Shift(shift_id="D", name="白天班", start="08:00", end="17:00", days="workdays",
              staff=max(1, round(n_people / 10)), rotation="day", backups=1),
        Shift(shift_id="N", name="夜晚班", start="19:00", end="03:00", days="workdays",
              staff=max(2, round(n_people / 12)), rotation="week", backups=1,
              skills={TECH: 1}),
        Shift(shift_id="H", name="节假日值班", start="09:00", end="18:00", days="offdays",
              staff=max(1, round(n_people / 15)), rotation="day",
              backups=1 if n_people >= 30 else 0),
    ]
    if n_people >= 30:
        shifts.append(Shift(shift_id="E", name="中班", start="13:00", end="21:00",
                            days="workdays", staff=max(1, round(n_people / 20)),
                            rotation="day", backups=0))
    return shifts


def generate_team(n_people: int, month: str = "2026-12", seed: int = 0) -> Problem:
    """A random but realistic team and month.

    Parameters
    ----------
    n_people
        Team size (at least 6, so that a night crew, its standby and the day
        duty can be staffed every week).
    month
        The month to plan, ``YYYY-MM``.
    seed
        Seed of the random choices; the same arguments give the same problem.

    Returns
    -------
    Problem
        Shifts, staff (about 35 % with skill ``tech``, a few with restricted
        shifts or a monthly cap), leave for about 15 % of the people, requests
        from about 30 %, and a History of the week before the month that obeys
        the hard rules and fixes the night crew of a week that began last month.

    Raises
    ------
    ValueError
        If ``n_people`` is below 6.
    """
    if n_people < 6:
        raise ValueError(f"a generated team needs at least 6 people, not {n_people}")
    rng = random.Random(f"{n_people}/{month}/{seed}")
    shifts = team_shifts(n_people)
    settings = Settings(month=month, team=f"Generated team of {n_people} (seed {seed})")
    staff = _staff(n_people, shifts, rng)
    first, _ = settings.horizon

    history = _history(settings, shifts, staff, first, rng)
    base = Problem(settings=settings, shifts=shifts, staff=staff, history=history)
    inst = Instance(base)
    locked = _continuing_crew(inst)
    leave = _leave(inst, staff, locked, rng)
    requests = _requests(inst, staff, leave, rng)
    return Problem(settings=settings, shifts=shifts, staff=staff, leave=leave,
                   requests=requests, history=history)


def _staff(n_people: int, shifts: list[Shift], rng: random.Random) -> list[Employee]:
    ids = [f"E{i:03d}" for i in range(1, n_people + 1)]
    order = ids[:]
    rng.shuffle(order)
    n_tech = max(2, round(0.35 * n_people))
    tech = set(order[:n_tech])
    # Restrictions go to people without the night skill, so the night crews keep their pool.
    others = order[n_tech:]
    n_no_nights = max(1, round(0.10 * n_people))
    no_nights = set(others[:n_no_nights])
    day_only = set(others[n_no_nights:n_no_nights + round(0.05 * n_people)])
    capped = set(rng.sample(ids, max(1, round(0.08 * n_people))))
    all_ids = [s.shift_id for s in shifts]
    people = []
    names: set[str] = set()
    for emp_id in ids:
        name = _name(rng, names)
        allowed: list[str] = []
        if emp_id in no_nights:
            allowed = [s for s in all_ids if s != "N"]
        elif emp_id in day_only:
            allowed = ["D"]
        people.append(Employee(
            employee_id=emp_id, name=name,
            skills=[TECH] if emp_id in tech else [],
            shifts=allowed,
            max_duties=rng.randint(3, 5) if emp_id in capped else None))
    return people


def _name(rng: random.Random, taken: set[str]) -> str:
    for _ in range(50):
        name = rng.choice(_SURNAMES) + rng.choice(_GIVEN)
        if name not in taken:
            taken.add(name)
            return name
    name = rng.choice(_SURNAMES) + rng.choice(_GIVEN) + str(len(taken))
    taken.add(name)
    return name


class _Book:
    """Duties and standbys given so far while building History greedily."""

    def __init__(self, inst: Instance) -> None:
        self.inst = inst
        self.duties: dict[str, list[Occurrence]] = defaultdict(list)
        self.backups: dict[str, list[Occurrence]] = defaultdict(list)

    def _clash(self, occs: list[Occurrence], occ: Occurrence) -> bool:
        return any(o.index == occ.index
                   or self.inst.too_close(o.start, o.end, occ.start, occ.end) for o in occs)

    def can_duty(self, emp_id: str, occ: Occurrence) -> bool:
        # A duty must not stop this person stepping in for a standby they hold (H8).
        return (self.inst.eligible(emp_id, occ) and not self._clash(self.duties[emp_id], occ)
                and not self._clash(self.backups[emp_id], occ))

    def can_backup(self, emp_id: str, occ: Occurrence) -> bool:
        return (self.inst.eligible(emp_id, occ) and not self._clash(self.duties[emp_id], occ)
                and not any(o.index == occ.index for o in self.backups[emp_id]))

    def load(self, emp_id: str) -> int:
        return len(self.duties[emp_id]) + len(self.backups[emp_id])


def _history(settings: Settings, shifts: list[Shift], staff: list[Employee], first: dt.date,
             rng: random.Random) -> list[Assignment]:
    """A published roster from the Monday of the week before ``first`` that keeps the hard rules.

    Built greedily on the previous week's occurrences: week-rotated crews
    first (one crew for the whole week), then day-rotated shifts in time
    order, each slot going to the least loaded person who is eligible and
    rested; ties are broken at random.
    """
    prev = Settings(start=week_of(first - 7 * ONE_DAY), end=first - ONE_DAY,
                    holiday_calendar=settings.holiday_calendar,
                    min_rest_hours=settings.min_rest_hours)
    inst = Instance(Problem(settings=prev, shifts=shifts, staff=staff))
    book = _Book(inst)
    emp_ids = list(inst.emp_ids)
    rows: list[Assignment] = []

    def pick(candidates: list[str], k: int) -> list[str]:
        rng.shuffle(candidates)
        candidates.sort(key=book.load)
        return candidates[:k]

    week_shifts = [s for s in shifts if s.rotation == "week"]
    by_week: dict[tuple[str, dt.date], list[Occurrence]] = defaultdict(list)
    for shift in week_shifts:
        for occ in inst.occs_by_shift.get(shift.shift_id, []):
            by_week[shift.shift_id, occ.week].append(occ)
    for (sid, _), occs in by_week.items():
        shift = inst.shifts[sid]
        # A weekly crew continues into the month, so part-timers with a cap stay out of it.
        free = [e for e in emp_ids if inst.staff[e].max_duties is None
                and all(book.can_duty(e, o) for o in occs)]
        crew: list[str] = []
        for skill, count in shift.skills.items():
            crew += pick([e for e in free if skill in inst.staff[e].skills and e not in crew],
                         count)
        crew += pick([e for e in free if e not in crew], shift.staff - len(crew))
        for emp_id in crew:
            book.duties[emp_id] += occs
        spare = [e for e in emp_ids if e not in crew and inst.staff[e].max_duties is None
                 and all(book.can_backup(e, o) for o in occs)]
        standby = pick(spare, shift.backups)
        for emp_id in standby:
            book.backups[emp_id] += occs
        for occ in occs:
            rows += [Assignment(date=occ.date, shift_id=sid, employee_id=e) for e in crew]
            rows += [Assignment(date=occ.date, shift_id=sid, employee_id=e, role="backup")
                     for e in standby]
    for occ in inst.occs_by_start:
        if inst.shifts[occ.shift_id].rotation == "week":
            continue
        crew = pick([e for e in emp_ids if book.can_duty(e, occ)], occ.staff)
        for emp_id in crew:
            book.duties[emp_id].append(occ)
        standby = pick([e for e in emp_ids if e not in crew and book.can_backup(e, occ)],
                       occ.backups)
        for emp_id in standby:
            book.backups[emp_id].append(occ)
        rows += [Assignment(date=occ.date, shift_id=occ.shift_id, employee_id=e) for e in crew]
        rows += [Assignment(date=occ.date, shift_id=occ.shift_id, employee_id=e, role="backup")
                 for e in standby]
    return sorted(rows, key=lambda a: (a.date, a.shift_id, a.role, a.employee_id))


def _continuing_crew(inst: Instance) -> dict[str, set[dt.date]]:
    """Person → dates of this month they must keep free for a continuing weekly crew."""
    out: dict[str, set[dt.date]] = defaultdict(set)
    for shift in inst.problem.shifts:
        if shift.rotation != "week":
            continue
        occs = [o for o in inst.occs_by_shift.get(shift.shift_id, []) if o.week < inst.first]
        if not occs:
            continue
        week = occs[0].week
        for row in inst.history:
            if row.shift_id == shift.shift_id and week <= row.date < inst.first:
                out[row.employee_id].update(o.date for o in occs)
    return out


def _leave(inst: Instance, staff: list[Employee], locked: dict[str, set[dt.date]],
           rng: random.Random) -> list[Leave]:
    """One block of 1–5 days for about 15 % of the people, asked for in good time."""
    kinds = ("annual", "annual", "personal", "sick")
    n_leave = max(1, round(0.15 * len(staff)))
    out = []
    for emp in rng.sample(staff, n_leave):
        for _ in range(20):
            length = rng.randint(1, 5)
            start = inst.first + ONE_DAY * rng.randrange(inst.num_days)
            end = min(inst.last, start + ONE_DAY * (length - 1))
            days = {start + ONE_DAY * i for i in range((end - start).days + 1)}
            if not days & locked.get(emp.employee_id, set()):
                kind = rng.choice(kinds)
                notice = rng.randint(1, 2) if kind == "sick" else rng.randint(5, 30)
                out.append(Leave(employee_id=emp.employee_id, start=start, end=end, kind=kind,
                                 requested_on=start - ONE_DAY * notice))
                break
    return sorted(out, key=lambda lv: (lv.start, lv.employee_id))


def _requests(inst: Instance, staff: list[Employee], leave: list[Leave],
              rng: random.Random) -> list[Request]:
    """One to three wishes each from about 30 % of the people, off their leave days."""
    away = defaultdict(set)
    for lv in leave:
        day = lv.start
        while day <= lv.end:
            away[lv.employee_id].add(day)
            day += ONE_DAY
    out = []
    for emp in rng.sample(staff, max(1, round(0.30 * len(staff)))):
        seen: set[dt.date] = set()
        for _ in range(rng.randint(1, 3)):
            day = inst.first + ONE_DAY * rng.randrange(inst.num_days)
            if day in away[emp.employee_id] or day in seen:
                continue
            seen.add(day)
            options = [o.shift_id for o in inst.occs_by_date.get(day, [])
                       if emp.may_work(o.shift_id)]
            kind = "avoid" if rng.random() < 0.6 else "prefer"
            shift_id = rng.choice(options) if options and rng.random() < 0.5 else None
            if kind == "prefer" and not options:
                continue
            out.append(Request(employee_id=emp.employee_id, date=day, shift_id=shift_id,
                               kind=kind, weight=rng.randint(1, 3)))
    return sorted(out, key=lambda r: (r.date, r.employee_id))
