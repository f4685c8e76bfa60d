"""S2–S4, S6 fairness (R2 rotation, R3 nights, R5 holidays, R4 backups).

Duties spread evenly among the people who can take them, pro rata to how many
of the group's duties each person is available for. A duty of a day-rotated
shift is one occurrence; a duty of a week-rotated shift is its whole week
(R3: a crew works every occurrence of the week, so a 5-night block counts as
one night week and a roster of fair weekly crews is fair by construction).
For a group G (one day shift's duties; all night duties; all duties on off
days; all standby duties) with duties U(G), person p's fair share is
    share(p) = (staff(U(G)) + history(G)) · avail(p) / Σ_q avail(q),
with avail(p) the duties of U(G) p could take and history(G) the group's
duties in History (weeks counted once, a week that goes on into the month
counted with it); the penalty is
    w_G · (max(0, n(p) − ⌈share⌉) + max(0, ⌊share⌋ − n(p))),
where n(p) counts p's duties in G, History included for nights and off days.
Night shifts and shifts that run only on off days are judged by S3/S4 alone,
so no duty is counted twice.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from dataclasses import dataclass, field
from fractions import Fraction
from weakref import WeakKeyDictionary

from scheduler.i18n import Msg, define, msg
from scheduler.instance import Instance, Occurrence, week_of

from .base import Term, Violation

T_OVER = define(
    "fairness.over",
    "{emp} has {have} {group}; fair share {share} ({lo}–{hi}): {diff} too many.",
    "{emp} {group} {have} 次，公平份额 {share}（{lo}–{hi} 次）：多 {diff} 次。")
T_UNDER = define(
    "fairness.under",
    "{emp} has {have} {group}; fair share {share} ({lo}–{hi}): {diff} too few.",
    "{emp} {group} {have} 次，公平份额 {share}（{lo}–{hi} 次）：少 {diff} 次。")
G_SHIFT = define("fairness.group_shift", "{shift} duties", "值 {shift}")
G_NIGHTS = define("fairness.group_nights", "night duties (History included)",
                  "夜班（含上月）")
G_NIGHT_WEEKS = define("fairness.group_night_weeks",
                       "night duties (a weekly crew's week counts once; History included)",
                       "夜班（按周轮换的整周计一次，含上月）")
G_OFFDAYS = define("fairness.group_offdays", "off-day duties (History included)",
                   "节假日值班（含上月）")
G_BACKUPS = define("fairness.group_backups", "standby duties", "备班")


Unit = tuple[str, dt.date]
"""One duty of a group: (shift id, date) for a day-rotated shift, (shift id,
Monday of the week) for a week-rotated one."""


@dataclass
class Group:
    """Duties to share out evenly, with each member's band [lo, hi].

    ``units`` maps each duty to its occurrences; ``history`` holds each
    person's duties of the group in History (as units).
    """

    rule: str
    label: Msg
    role: str
    weight: int
    occs: list[Occurrence]
    history: dict[str, set[Unit]] = field(default_factory=dict)
    share: dict[str, Fraction] = field(default_factory=dict)
    units: dict[Unit, list[Occurrence]] = field(default_factory=dict)

    def band(self, emp_id: str) -> tuple[int, int]:
        share = self.share[emp_id]
        return math.floor(share), math.ceil(share)

    def past(self, emp_id: str) -> set[Unit]:
        return self.history.get(emp_id, set())


def unit_of(inst: Instance, shift_id: str, day: dt.date) -> Unit:
    """The duty a shift on a date belongs to: its date, or its week for a weekly crew."""
    shift = inst.shifts.get(shift_id)
    return (shift_id, week_of(day) if shift is not None and shift.rotation == "week" else day)


def _history(inst: Instance, role: str, keep) -> dict[str, set[Unit]]:
    out: dict[str, set[Unit]] = {}
    for h in inst.history:
        if h.role == role and keep(h):
            out.setdefault(h.employee_id, set()).add(unit_of(inst, h.shift_id, h.date))
    return out


_GROUPS: WeakKeyDictionary = WeakKeyDictionary()


def groups(inst: Instance) -> list[Group]:
    """The fairness groups of an instance, with fair shares computed (once per instance).

    They depend on the instance alone; checking many rosters of one month
    (every candidate of a cover suggestion) reads them again and again.
    """
    if inst not in _GROUPS:
        _GROUPS[inst] = _groups(inst)
    return _GROUPS[inst]


def _groups(inst: Instance) -> list[Group]:
    w = inst.settings.weights
    out: list[Group] = []
    if w.fairness:
        for shift in inst.problem.shifts:
            occs = inst.occs_by_shift.get(shift.shift_id, [])
            if shift.is_night or all(o.offday for o in occs):
                continue
            out.append(Group("S2", msg(G_SHIFT, shift=shift.shift_id), "duty",
                             w.fairness, occs))
    if w.nights:
        nights = {s.shift_id for s in inst.problem.shifts if s.is_night}
        weekly = any(inst.shifts[s].rotation == "week" for s in nights)
        out.append(Group("S3", msg(G_NIGHT_WEEKS if weekly else G_NIGHTS), "duty", w.nights,
                         [o for o in inst.occurrences if o.night],
                         _history(inst, "duty", lambda h: h.shift_id in nights)))
    if w.holidays:
        out.append(Group("S4", msg(G_OFFDAYS), "duty", w.holidays,
                         [o for o in inst.occurrences if o.offday],
                         _history(inst, "duty", lambda h: inst.is_offday(h.date))))
    if w.backups:
        out.append(Group("S6", msg(G_BACKUPS), "backup", w.backups,
                         [o for o in inst.occurrences if o.backups]))
    for group in out:
        for occ in group.occs:
            group.units.setdefault(unit_of(inst, occ.shift_id, occ.date), []).append(occ)
        avail = Counter()
        for occs in group.units.values():
            for emp_id in {e for o in occs for e in inst.eligible_emps[o.index]}:
                avail[emp_id] += 1
        total_avail = sum(avail.values())
        if not total_avail:
            continue
        slots = sum(occs[0].staff if group.role == "duty" else occs[0].backups
                    for occs in group.units.values())
        slots += sum(len(units - group.units.keys()) for e, units in group.history.items()
                     if e in avail)
        group.share = {e: Fraction(slots * avail[e], total_avail) for e in inst.emp_ids
                       if avail[e]}
    return [g for g in out if g.share]


def build(ctx) -> list[Term]:
    inst, model = ctx.inst, ctx.model
    terms: list[Term] = []
    for group in groups(inst):
        var_map = ctx.duty if group.role == "duty" else ctx.backup
        for emp_id in group.share:
            lo, hi = group.band(emp_id)
            past = group.past(emp_id)
            xs = []
            for unit, occs in group.units.items():
                if unit in past:  # a week that goes on from History: counted there
                    continue
                mine = [var_map[emp_id, o.index] for o in occs if (emp_id, o.index) in var_map]
                if len(mine) == 1:
                    xs.append(mine[0])
                elif mine:  # a weekly crew: one duty whichever of its days are worked
                    works = model.new_bool_var(f"unit[{group.rule},{emp_id},{unit[1]}]")
                    model.add_max_equality(works, mine)
                    xs.append(works)
            count = sum(xs) + len(past)
            # History alone may already exceed the band, so over's bound includes it.
            over = model.new_int_var(0, max(0, len(xs) + len(past) - hi),
                                     f"over[{group.rule},{emp_id}]")
            under = model.new_int_var(0, lo, f"under[{group.rule},{emp_id}]")
            model.add(over >= count - hi)
            model.add(under >= lo - count)
            terms.append(Term(group.rule, group.weight, over + under))
    return terms


def standings(view) -> list[tuple[Group, str, int, int, int]]:
    """Each person's duties of each group against the fair band: (group, emp_id, have, lo, hi).

    What S2–S4 and S6 judge (History included where the group counts it);
    the app draws it as charts.
    """
    inst = view.instance
    out = []
    for group in groups(inst):
        crew_of = view.duty_of if group.role == "duty" else view.backup_of
        worked: dict[str, set[Unit]] = {}
        for unit, occs in group.units.items():
            for occ in occs:
                for emp_id in crew_of(occ):
                    worked.setdefault(emp_id, set()).add(unit)
        for emp_id in group.share:
            lo, hi = group.band(emp_id)
            out.append((group, emp_id, len(worked.get(emp_id, set()) | group.past(emp_id)), lo, hi))
    return out


def check(view) -> list[Violation]:
    inst = view.instance
    out: list[Violation] = []
    for group, emp_id, have, lo, hi in standings(view):
        share = group.share[emp_id]
        diff = have - hi if have > hi else lo - have if have < lo else 0
        if diff:
            out.append(Violation(group.rule, False, msg(
                T_OVER if have > hi else T_UNDER, emp=inst.emp_label(emp_id), have=have,
                group=group.label, share=f"{float(share):.1f}", lo=lo, hi=hi, diff=diff),
                amount=diff, penalty=diff * group.weight, employee_id=emp_id))
    return out
