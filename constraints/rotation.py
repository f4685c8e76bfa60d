"""H2 weekly rotation (R3) and S1 day rotation (R2).

"每周轮流安排两名客户服务人员进行夜晚班值班": a shift with ``rotation = week``
keeps one crew (and one standby set) for every occurrence of a Monday–Sunday
week; a week that began last month keeps the crew published in History.
H2: for each week-rotated shift s, week w, person p and occurrences o, o' of s
in w: duty[p, o] = duty[p, o'] (and the same for backups).

"每天轮流安排一名客户服务人员进行白天班值班": the day duty moves around the
team. S1 (soft): for each day-rotated shift and consecutive occurrences o, o'
(History's last one included): penalty w_rotation · Σ_p duty[p, o] ∧ duty[p, o'].
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from scheduler.i18n import define, msg
from scheduler.instance import Instance, Occurrence

from .base import Term, Violation, role_msg

T_CHANGE = define(
    "rotation.week_change",
    "{shift}, week of {week}: the {role} crew changes within the week "
    "({crew} on {date}, {ref} on {ref_date}).",
    "{shift} {week} 当周：{role}人员在周内变动（{date} 为 {crew}，{ref_date} 为 {ref}）。")
T_HISTORY = define(
    "rotation.history",
    "{shift}, week of {week}: continues last month's {role} crew {crew} (History).",
    "{shift} {week} 当周：须延续上月已发布的{role}人员 {crew}（历史排班）。")
T_WEEK = define(
    "rotation.week_group",
    "{shift}, week of {week}: one crew for the whole week.",
    "{shift} {week} 当周：整周须为同一组人员。")
T_CONSECUTIVE = define(
    "rotation.consecutive",
    "{emp} has {shift} on two consecutive occurrences, {a} and {b}; the duty should rotate.",
    "{emp} 连续两次值 {shift}（{a} 与 {b}），应轮流安排。")
T_NONE = define("rotation.nobody", "nobody", "无人")


def weeks(inst: Instance, shift_id: str) -> dict[dt.date, list[Occurrence]]:
    """Monday → the occurrences of the shift in that week, in date order."""
    out: dict[dt.date, list[Occurrence]] = defaultdict(list)
    for occ in inst.occs_by_shift.get(shift_id, []):
        out[occ.week].append(occ)
    return out


def history_crew(inst: Instance, shift_id: str, week: dt.date, role: str) -> set[str] | None:
    """The crew History gives for a week that began before the horizon, if any."""
    if week >= inst.first:
        return None
    crew = {h.employee_id for h in inst.history
            if h.shift_id == shift_id and h.role == role and week <= h.date < inst.first}
    return crew or None


def previous_crew(inst: Instance, shift_id: str) -> tuple[dt.date | None, set[str]]:
    """Date and duty crew of the shift's last occurrence in History."""
    rows = [h for h in inst.history if h.shift_id == shift_id and h.role == "duty"]
    if not rows:
        return None, set()
    last = max(h.date for h in rows)
    return last, {h.employee_id for h in rows if h.date == last}


def _fmt(ids) -> str:
    return ", ".join(sorted(ids))


def build(ctx) -> list[Term]:
    inst, model = ctx.inst, ctx.model
    terms: list[Term] = []
    weight = inst.settings.weights.rotation
    for shift in inst.problem.shifts:
        sid = shift.shift_id
        if shift.rotation == "week":
            for week, occs in weeks(inst, sid).items():
                for role, var_map in (("duty", ctx.duty), ("backup", ctx.backup)):
                    if role == "backup" and not shift.backups:
                        continue
                    fixed = history_crew(inst, sid, week, role)
                    if fixed is not None:
                        lit = ctx.guard(("H2", sid, week, role), lambda w=week, c=fixed, r=role, sid=sid:
                                        msg(T_HISTORY, shift=inst.shift_label(sid), week=w,
                                            role=role_msg(r), crew=_fmt(c)))
                    else:
                        lit = ctx.guard(("H2", sid, week, role), lambda w=week, sid=sid: msg(
                            T_WEEK, shift=inst.shift_label(sid), week=w))
                    for emp_id in inst.emp_ids:
                        xs = [var_map.get((emp_id, o.index)) for o in occs]
                        present = [x for x in xs if x is not None]
                        if fixed is not None:
                            if emp_id in fixed:
                                if len(present) < len(xs):
                                    ctx.add(model.add_bool_or([]), lit)
                                for x in present:
                                    ctx.add(model.add(x == 1), lit)
                            else:
                                for x in present:
                                    ctx.add(model.add(x == 0), lit)
                        elif len(present) < len(xs):
                            for x in present:
                                ctx.add(model.add(x == 0), lit)
                        else:
                            for x, y in zip(present, present[1:], strict=False):
                                ctx.add(model.add(x == y), lit)
        elif weight and shift.staff:
            occs = inst.occs_by_shift.get(sid, [])
            if not occs:
                continue
            _, prev = previous_crew(inst, sid)
            for emp_id in prev:
                x = ctx.duty.get((emp_id, occs[0].index))
                if x is not None:
                    terms.append(Term("S1", weight, x))
            for a, b in zip(occs, occs[1:], strict=False):
                for emp_id, x_a in ctx.occ_duty[a.index]:
                    x_b = ctx.duty.get((emp_id, b.index))
                    if x_b is None:
                        continue
                    both = model.new_bool_var(f"again[{emp_id},{b}]")
                    model.add_bool_or([x_a.Not(), x_b.Not(), both])
                    terms.append(Term("S1", weight, both))
    return terms


def check(view) -> list[Violation]:
    inst = view.instance
    out: list[Violation] = []
    weight = inst.settings.weights.rotation
    for shift in inst.problem.shifts:
        sid = shift.shift_id
        label = inst.shift_label(sid)
        if shift.rotation == "week":
            for week, occs in weeks(inst, sid).items():
                for role, crew_of in (("duty", view.duty_of), ("backup", view.backup_of)):
                    if role == "backup" and not shift.backups:
                        continue  # as in build: no standby crew to keep (H3 judges extras)
                    fixed = history_crew(inst, sid, week, role)
                    if fixed is not None:
                        ref, ref_date = fixed, week
                    else:
                        ref, ref_date = set(crew_of(occs[0])), occs[0].date
                    for occ in occs:
                        crew = set(crew_of(occ))
                        if crew != ref:
                            out.append(Violation("H2", True, msg(
                                T_CHANGE, shift=label, week=week,
                                role=role_msg(role),
                                crew=_fmt(crew) or msg(T_NONE), date=occ.date,
                                ref=_fmt(ref) or msg(T_NONE), ref_date=ref_date),
                                date=occ.date, shift_id=sid))
        elif weight and shift.staff:
            occs = inst.occs_by_shift.get(sid, [])
            prev_date, prev = previous_crew(inst, sid)
            pairs: list[tuple[set[str], dt.date | None, Occurrence]] = []
            if occs:
                pairs.append((prev, prev_date, occs[0]))
            pairs += [(set(view.duty_of(a)), a.date, b) for a, b in zip(occs, occs[1:], strict=False)]
            for before, before_date, occ in pairs:
                for emp_id in sorted(before & set(view.duty_of(occ))):
                    out.append(Violation("S1", False, msg(
                        T_CONSECUTIVE, emp=inst.emp_label(emp_id), shift=label,
                        a=before_date, b=occ.date), penalty=weight,
                        employee_id=emp_id, date=occ.date, shift_id=sid))
    return out
