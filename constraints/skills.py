"""H5 skills (R6): the crew of every occurrence holds the skills its shift asks for.

"夜晚班……监控网络和系统运行状态": a night crew needs a technician.
For each occurrence o and requirement (skill k, count c):
Σ_{p has k} duty[p, o] ≥ c.
"""

from __future__ import annotations

from scheduler.i18n import define, msg

from .base import Term, Violation

T_MISSING = define(
    "skills.missing",
    "{shift} on {date} needs {count} with skill {skill} on duty, has {have}.",
    "{date} {shift} 需要 {count} 名具备“{skill}”技能的值班人员，实际 {have} 名。")
T_GROUP = define(
    "skills.group",
    "{shift} on {date} needs {count} with skill {skill}.",
    "{date} {shift} 需要 {count} 名具备“{skill}”技能的人员。")


def build(ctx) -> list[Term]:
    inst, model = ctx.inst, ctx.model
    for occ in inst.occurrences:
        for skill, count in occ.skills:
            if count <= 0:
                continue
            skilled = [v for e, v in ctx.occ_duty[occ.index] if skill in inst.staff[e].skills]
            lit = ctx.guard(("H5", occ.index, skill), lambda occ=occ, skill=skill, count=count:
                            msg(T_GROUP, shift=inst.shift_label(occ.shift_id), date=occ.date,
                                count=count, skill=skill))
            ctx.add(model.add(sum(skilled) >= count), lit)
    return []


def check(view) -> list[Violation]:
    inst = view.instance
    out: list[Violation] = []
    for occ in inst.occurrences:
        crew = view.duty_of(occ)
        for skill, count in occ.skills:
            have = sum(1 for e in crew if e in inst.staff and skill in inst.staff[e].skills)
            if have < count:
                out.append(Violation("H5", True, msg(
                    T_MISSING, shift=inst.shift_label(occ.shift_id), date=occ.date,
                    count=count, skill=skill, have=have), amount=count - have,
                    date=occ.date, shift_id=occ.shift_id))
    return out
