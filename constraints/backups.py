"""H3 backups and H8 a standby can really step in (R4, 备班).

"建议安排备班人员,以应对突发情况或其他特殊情况."
H3: for each occurrence o: Σ_p backup[p, o] = backups(o).
H8: backup[p, o] + duty[p, o] ≤ 1, and backup[p, o] + duty[p, o'] ≤ 1 for every
o' too close to o for rest (History included), so taking over o would break
neither leave (H6, by the variable domain) nor rest (H7).
"""

from __future__ import annotations

from scheduler.i18n import define, msg

from .base import Term, Violation
from .rest import duty_times

T_COUNT = define(
    "backups.count",
    "{shift} on {date} needs {need} standby but has {have}.",
    "{date} {shift} 需要 {need} 名备班，实际 {have} 名。")
T_BOTH = define(
    "backups.both",
    "{emp} is both on duty and standby for {shift} on {date}.",
    "{emp} 在 {date} 的 {shift} 中既值班又备班。")
T_CANNOT = define(
    "backups.cannot_step_in",
    "{emp} is standby for {shift} on {date} but could not step in: "
    "they work {other} on {other_date}, too close for rest.",
    "{emp} 是 {date} {shift} 的备班，但无法顶岗：其在 {other_date} 值 {other}，休息不足。")
T_GROUP = define(
    "backups.group",
    "{shift} on {date} needs {need} standby.",
    "{date} {shift} 需要 {need} 名备班。")
T_STEP_GROUP = define(
    "backups.step_group",
    "{emp} may only stand by when free and rested to step in.",
    "{emp} 只能在有空且休息充足时备班。")


def build(ctx) -> list[Term]:
    inst, model = ctx.inst, ctx.model
    for occ in inst.occurrences:
        if not occ.backups:
            continue
        lit = ctx.guard(("H3", occ.index), lambda occ=occ: msg(
            T_GROUP, shift=inst.shift_label(occ.shift_id), date=occ.date, need=occ.backups))
        ctx.add(model.add(sum(v for _, v in ctx.occ_backup[occ.index]) == occ.backups), lit)
    for emp_id in inst.emp_ids:
        if not ctx.emp_backup[emp_id]:
            continue
        lit = ctx.guard(("H8", emp_id), lambda emp_id=emp_id: msg(
            T_STEP_GROUP, emp=inst.emp_label(emp_id)))
        blocked = inst.history_blocked.get(emp_id, {})
        for occ, b in ctx.emp_backup[emp_id]:
            x = ctx.duty.get((emp_id, occ.index))
            if x is not None:
                ctx.add(model.add_at_most_one(x, b), lit)
            if occ.index in blocked:
                ctx.add(model.add(b == 0), lit)
            for other in inst.conflicts_of.get(occ.index, []):
                x_other = ctx.duty.get((emp_id, other.index))
                if x_other is not None:
                    ctx.add(model.add_at_most_one(x_other, b), lit)
    return []


def check(view) -> list[Violation]:
    inst = view.instance
    out: list[Violation] = []
    for occ in inst.occurrences:
        have = len(view.backup_of(occ))
        if have != occ.backups:
            out.append(Violation("H3", True, msg(
                T_COUNT, shift=inst.shift_label(occ.shift_id), date=occ.date,
                need=occ.backups, have=have), amount=abs(have - occ.backups),
                date=occ.date, shift_id=occ.shift_id))
    for emp_id, occs in sorted(view.emp_backups.items()):
        duties = duty_times(view, emp_id)
        for occ in occs:
            for sid, day, start, end, _ in duties:
                if (sid, day) == (occ.shift_id, occ.date):
                    out.append(Violation("H8", True, msg(
                        T_BOTH, emp=inst.emp_label(emp_id),
                        shift=inst.shift_label(occ.shift_id), date=occ.date),
                        employee_id=emp_id, date=occ.date, shift_id=occ.shift_id))
                elif inst.too_close(start, end, occ.start, occ.end):
                    out.append(Violation("H8", True, msg(
                        T_CANNOT, emp=inst.emp_label(emp_id),
                        shift=inst.shift_label(occ.shift_id), date=occ.date,
                        other=inst.shift_label(sid), other_date=day),
                        employee_id=emp_id, date=occ.date, shift_id=occ.shift_id))
    return out
