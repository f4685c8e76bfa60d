"""H7 rest (R12, 连班): enough rest between two duties of one person, History included.

"夜班凌晨3:00下班后接早上8:00白班" is back-to-back work. For each person p and
duties a, b with start(a) ≤ start(b): start(b) − end(a) ≥ min_rest_hours; in the
model, duty[p, a] + duty[p, b] ≤ 1 for every pair closer than that, and
duty[p, o] = 0 where o is too close to one of p's History duties.
"""

from __future__ import annotations

import datetime as dt

from scheduler.i18n import define, msg

from .base import Term, Violation

T_SHORT_REST = define(
    "rest.short",
    "{emp} works {a} on {a_date} (until {a_end}) and {b} on {b_date} (from {b_start}): "
    "{rest} h rest, {need} h required.",
    "{emp} 于 {a_date} 值 {a}（{a_end} 下班）后又于 {b_date} 值 {b}（{b_start} 上班）："
    "仅休息 {rest} 小时，要求至少 {need} 小时。")
T_OVERLAP = define(
    "rest.overlap",
    "{emp} works {a} on {a_date} and {b} on {b_date}, which overlap.",
    "{emp} 于 {a_date} 值 {a}，又于 {b_date} 值 {b}，两班时间重叠。")
T_GROUP = define(
    "rest.group",
    "{emp} needs {need} h rest between duties (History included).",
    "{emp} 两次值班之间至少休息 {need} 小时（含上月排班）。")


def _hours(delta: dt.timedelta) -> str:
    hours = delta.total_seconds() / 3600
    return f"{hours:g}" if hours == int(hours) else f"{hours:.1f}"


def _clock(moment: dt.datetime, day: dt.date) -> str:
    """``HH:MM``, with the date when it is not ``day`` (a night shift's end)."""
    return moment.strftime("%H:%M" if moment.date() == day else "%Y-%m-%d %H:%M")


def build(ctx) -> list[Term]:
    inst, model = ctx.inst, ctx.model
    need = _hours(inst.min_rest)
    # Two duties starting on one date are already at most one when L1 allows one a
    # day; skipping those pairs keeps the model small (e.g. 32 shifts a day).
    one_a_day = inst.settings.max_duties_per_day == 1
    pairs = [(a, b) for a, b in inst.conflicts if not (one_a_day and a.date == b.date)]
    for emp_id in inst.emp_ids:
        lit = ctx.guard(("H7", emp_id), lambda emp_id=emp_id: msg(
            T_GROUP, emp=inst.emp_label(emp_id), need=need))
        for a, b in pairs:
            x_a = ctx.duty.get((emp_id, a.index))
            x_b = ctx.duty.get((emp_id, b.index))
            if x_a is not None and x_b is not None:
                ctx.add(model.add_at_most_one(x_a, x_b), lit)
        for occ_index in inst.history_blocked.get(emp_id, {}):
            x = ctx.duty.get((emp_id, occ_index))
            if x is not None:
                ctx.add(model.add(x == 0), lit)
    return []


def duty_times(view, emp_id: str) -> list[tuple[str, dt.date, dt.datetime, dt.datetime, bool]]:
    """(shift_id, date, start, end, in_history) of a person's duties, by start."""
    inst = view.instance
    rows = [(row.shift_id, row.date, start, end, True)
            for row, start, end in inst.history_times_of.get(emp_id, ())]
    rows += [(o.shift_id, o.date, o.start, o.end, False)
             for o in view.emp_duties.get(emp_id, [])]
    rows.sort(key=lambda r: (r[2], r[0]))
    return rows


def check(view) -> list[Violation]:
    inst = view.instance
    need = inst.min_rest
    out: list[Violation] = []
    for emp_id in sorted(view.emp_duties):
        rows = duty_times(view, emp_id)
        for i, (a_sid, a_date, _a_start, a_end, a_hist) in enumerate(rows):
            for b_sid, b_date, b_start, _b_end, b_hist in rows[i + 1:]:
                if b_start >= a_end + need:
                    break
                if a_hist and b_hist:
                    continue  # both published before this month: not ours to judge
                if b_start < a_end:
                    text = msg(T_OVERLAP, emp=inst.emp_label(emp_id),
                               a=inst.shift_label(a_sid), a_date=a_date,
                               b=inst.shift_label(b_sid), b_date=b_date)
                else:
                    text = msg(T_SHORT_REST, emp=inst.emp_label(emp_id),
                               a=inst.shift_label(a_sid), a_date=a_date,
                               a_end=_clock(a_end, a_date), b=inst.shift_label(b_sid),
                               b_date=b_date, b_start=_clock(b_start, b_date),
                               rest=_hours(b_start - a_end), need=_hours(need))
                out.append(Violation("H7", True, text, employee_id=emp_id, date=b_date,
                                     shift_id=b_sid))
    return out
