"""Why a month has no roster, in business terms.

Two steps. First, capacity checks that need no solver: an occurrence, a week
of a week-rotated shift, or a skill requirement with fewer qualified free
people than it needs. Their sentences name the shift, the date or week and
the people. Second, when those find nothing, CP-SAT with one assumption
literal per group of hard constraints (see :meth:`Context.guard`): the
solver's sufficient assumptions for infeasibility, shrunk by deletion, name a
set of rule groups that really cannot all hold together.
"""

from __future__ import annotations

import time

from ortools.sat.python import cp_model

from constraints import REGISTRY
from constraints.rotation import history_crew, weeks

from .context import Context
from .i18n import Msg, define, msg
from .instance import Instance, Occurrence

T_OCC = define(
    "explain.occurrence",
    "{shift} on {date} needs {need} people ({staff} on duty, {backups} standby); "
    "only {n} can take it: {names}.{why}",
    "{date} {shift} 需要 {need} 人（值班 {staff}、备班 {backups}），但只有 {n} 人可以：{names}。{why}")
T_SKILL = define(
    "explain.skill",
    "{shift} on {date} needs {count} with skill {skill} on duty; free people with that "
    "skill: {names}.",
    "{date} {shift} 需要 {count} 名具备“{skill}”技能的值班人员，当天有空且具备该技能的：{names}。")
T_WEEK = define(
    "explain.week",
    "{shift}, week of {week}: needs {need} people free all week ({staff} on duty{skills}, "
    "{backups} standby); only {n} qualify: {names}.",
    "{shift} {week} 当周：需要 {need} 人整周有空（值班 {staff}{skills}，备班 {backups}），"
    "只有 {n} 人符合：{names}。")
T_WEEK_SKILL = define(
    "explain.week_skill", ", {count} with skill {skill}", "，其中 {count} 名具备“{skill}”技能")
T_WEEK_SKILL_SHORT = define(
    "explain.week_skill_short",
    "{shift}, week of {week}: needs {count} with skill {skill} free all week; "
    "free all week with that skill: {names}.",
    "{shift} {week} 当周：需要 {count} 名具备“{skill}”技能的人整周有空，整周有空且具备该技能的：{names}。")
T_HISTORY = define(
    "explain.history",
    "{shift}, week of {week}: continues last month's crew {crew} (History), but {emp} "
    "cannot work on {date} ({reason}).",
    "{shift} {week} 当周须延续上月人员 {crew}（历史排班），但 {emp} 在 {date} 无法值班（{reason}）。")
T_ON_LEAVE = define("explain.on_leave", " On leave: {names}.", " 请假：{names}。")
T_REASON_LEAVE = define("explain.reason_leave", "on leave", "请假")
T_REASON_SHIFT = define("explain.reason_shift", "may not work this shift", "不能值该班次")
T_NOBODY = define("explain.nobody", "nobody", "无人")
T_CORE = define(
    "explain.core",
    "These rules cannot all hold at once; relax one of them:",
    "以下规则无法同时满足，请放宽其中一条：")
T_INTERNAL = define(
    "explain.internal",
    "The month is infeasible even with every hard rule switched off: an internal error "
    "of the model (please report it).",
    "即使去掉所有硬性规则，本月仍无可行排班：这是模型内部错误，请反馈。")
T_UNKNOWN = define(
    "explain.unknown",
    "The month is infeasible, but the conflict could not be narrowed down within the time "
    "limit. Check leave, eligibility and caps for the busiest weeks.",
    "本月无可行排班，但在时限内未能定位具体冲突。请检查最繁忙几周的请假、可值班次与上限。")


def _names(ids: list[str]) -> str | Msg:
    return ", ".join(ids) if ids else msg(T_NOBODY)


def _free_for(inst: Instance, emp_id: str, occ: Occurrence) -> bool:
    return (inst.eligible(emp_id, occ)
            and occ.index not in inst.history_blocked.get(emp_id, {}))


def capacity_conflicts(inst: Instance) -> list[Msg]:
    """Shortages that make the month infeasible whatever the solver does."""
    out: list[Msg] = []
    for occ in inst.occurrences:
        if occ.soft:
            continue
        label = inst.shift_label(occ.shift_id)
        free = [e for e in inst.emp_ids if _free_for(inst, e, occ)]
        need = occ.staff + occ.backups
        if len(free) < need:
            on_leave = [e for e in inst.emp_ids if inst.staff[e].may_work(occ.shift_id)
                        and inst.on_leave(e, occ.date)]
            why = msg(T_ON_LEAVE, names=", ".join(on_leave)) if on_leave else ""
            out.append(msg(T_OCC, shift=label, date=occ.date, need=need, staff=occ.staff,
                           backups=occ.backups, n=len(free), names=_names(free), why=why))
            continue
        if inst.shifts[occ.shift_id].rotation == "week":
            continue  # judged per week below, where the crew must hold all week
        for skill, count in occ.skills:
            skilled = [e for e in free if skill in inst.staff[e].skills]
            if len(skilled) < count:
                out.append(msg(T_SKILL, shift=label, date=occ.date, count=count, skill=skill,
                               n=len(skilled), names=_names(skilled)))
    for shift in inst.problem.shifts:
        if shift.rotation != "week":
            continue
        label = inst.shift_label(shift.shift_id)
        for week, occs in weeks(inst, shift.shift_id).items():
            if any(o.soft for o in occs):
                continue
            crew = history_crew(inst, shift.shift_id, week, "duty")
            if crew is not None:
                out += _history_conflicts(inst, label, week, occs, crew)
                continue
            free = [e for e in inst.emp_ids if all(_free_for(inst, e, o) for o in occs)]
            need = shift.staff + shift.backups
            skills_text = tuple(msg(T_WEEK_SKILL, count=c, skill=k) for k, c in occs[0].skills)
            if len(free) < need:
                out.append(msg(T_WEEK, shift=label, week=week, need=need, staff=shift.staff,
                               skills=skills_text, backups=shift.backups, n=len(free),
                               names=_names(free)))
                continue
            for skill, count in occs[0].skills:
                skilled = [e for e in free if skill in inst.staff[e].skills]
                if len(skilled) < count:
                    out.append(msg(T_WEEK_SKILL_SHORT, shift=label, week=week, count=count,
                                   skill=skill, n=len(skilled), names=_names(skilled)))
    return out


def _history_conflicts(inst: Instance, label: str, week, occs: list[Occurrence],
                       crew: set[str]) -> list[Msg]:
    out = []
    for emp_id in sorted(crew):
        for occ in occs:
            if inst.eligible(emp_id, occ):
                continue
            reason = T_REASON_LEAVE if inst.on_leave(emp_id, occ.date) else T_REASON_SHIFT
            out.append(msg(T_HISTORY, shift=label, week=week, crew=", ".join(sorted(crew)),
                           emp=inst.emp_label(emp_id), date=occ.date, reason=msg(reason)))
            break
    return out


def explain_infeasible(inst: Instance, *, time_limit: float = 20.0) -> list[Msg]:
    """Name a set of hard-rule groups that cannot all hold.

    Builds the model with one assumption literal per group, asks CP-SAT for
    sufficient assumptions for infeasibility and removes groups that are not
    needed (deletion), as long as time allows.
    """
    deadline = time.perf_counter() + time_limit
    ctx = Context(inst, explain=True)
    for rule in REGISTRY:
        rule.build(ctx)
    keys = list(ctx.guards)
    lit_to_key = {ctx.guards[k][0].Index(): k for k in keys}

    def infeasible_with(subset: list) -> tuple[bool | None, list]:
        remaining = deadline - time.perf_counter()
        if remaining <= 0.05:
            return None, subset
        ctx.model.clear_assumptions()
        ctx.model.add_assumptions([ctx.guards[k][0] for k in subset])
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.max_time_in_seconds = remaining
        status = solver.Solve(ctx.model)
        if status == cp_model.INFEASIBLE:
            core = [lit_to_key[i] for i in solver.SufficientAssumptionsForInfeasibility()
                    if i in lit_to_key]
            return True, core or subset
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return False, subset
        return None, subset

    verdict, core = infeasible_with(keys)
    if not verdict:
        return [msg(T_UNKNOWN)]
    # Deletion: drop each group in turn; keep it only if the rest become feasible.
    i = 0
    while i < len(core):
        trial = core[:i] + core[i + 1:]
        verdict, smaller = infeasible_with(trial)
        if verdict is None:
            break
        if verdict:
            core = [k for k in core if k in set(smaller)] if smaller else trial
        else:
            i += 1
    if not core:
        return [msg(T_INTERNAL)]
    return [msg(T_CORE)] + [ctx.guards[k][1]() for k in core]
