"""The change workflow on the store: each action one transaction, checked, versioned and audited.

:class:`RosterService` joins the pure verdicts of :mod:`scheduler.changes`
with the store of :mod:`scheduler.store.schema`. Every action

- re-reads the current published version of the team-month and re-validates
  against it (the roster may have changed since the request was made);
- is refused with the rule's sentence when a rule forbids it
  (:class:`Refused`), or with :class:`~scheduler.changes.ChangeError` when it
  cannot be taken as asked (unknown person, duty or request, a request in a
  state that does not allow the action, a second open request on a duty, a
  missing reason);
- writes, in one transaction, its state change, the new immutable roster
  version (approvals only) and one audit row; a refusal writes only its
  audit row, in a transaction of its own, and nothing else changes. A
  :class:`~scheduler.changes.ChangeError` is recorded as a refusal too once
  the actor is known as a person of the team; input that names no known
  team, month, request or person writes nothing.

Two managers approving at once cannot both move a team-month's pointer, nor
act on one request: SQLite serialises writers (``BEGIN IMMEDIATE``); on
PostgreSQL every action that writes locks the team-month's roster row first
and reads its request again under the lock, so actions on one team-month
run one after another there too; the version counter on the roster row
refuses a pointer moved meanwhile.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from constraints.base import Violation

from ..changes import (
    SWAP_ACTIONS,
    Cover,
    Duty,
    LeaveAsk,
    Replan,
    Swap,
    apply_swap,
    cover_suggestions,
    diff_rosters,
    next_state,
    replan,
    validate_leave,
    validate_swap,
)
from ..changes.errors import ChangeError, change_error
from ..changes.replan import from_today
from ..checks import check_roster
from ..i18n import Msg, define, msg
from ..models import Assignment, Leave, Problem, Roster
from .db import Database
from .schema import (
    AuditEvent,
    Draft,
    LeaveRequest,
    RosterMonth,
    RosterVersion,
    SwapRequest,
    Team,
    VersionAssignment,
    utcnow,
)

E_NO_TEAM = define("store.no_team", "the store holds no team yet; publish a roster first",
                   "数据库中还没有团队；请先发布排班")
E_WHICH_TEAM = define("store.which_team", "the store holds several teams ({teams}); name one "
                      "with --team", "数据库中有多个团队（{teams}）；请用 --team 指定")
E_UNKNOWN_TEAM = define("store.unknown_team", "unknown team '{team}' (known: {teams})",
                        "未知团队“{team}”（已有：{teams}）")
E_NO_MONTH = define("store.no_month", "team {team} has no published roster for {month}",
                    "团队 {team} 没有 {month} 的已发布排班")
E_NO_REQUEST = define("store.no_request", "there is no {kind} #{id}",
                      "没有编号为 #{id} 的{kind}")
E_NOT_PERSON = define("store.not_person", "'{emp}' is not on the staff of team {team}",
                      "“{emp}”不是团队 {team} 的成员")
E_NOT_MANAGER = define("store.not_manager", "{emp} is not a manager: only a manager (role "
                       "manager on the Staff sheet) may {what}",
                       "{emp} 不是经理：只有经理（员工表角色为经理）可以{what}")
E_NOT_YOURS = define("store.not_yours", "request #{id} is to be {what} by {who}, not by {emp}",
                     "申请 #{id} 应由 {who} {what}，而不是 {emp}")
E_STATE = define("store.state", "{kind} #{id} is {state}; it cannot be {what} now",
                 "{kind}申请 #{id} 当前状态为 {state}，现在不能{what}")
DONE = {action: define(f"store.done.{action}", en, zh) for action, en, zh in (
    ("accept", "accepted", "同意"), ("decline", "declined", "拒绝"), ("cancel", "cancelled", "撤回"),
    ("approve", "approved", "批准"), ("reject", "rejected", "驳回"))}
STATE = {state: define(f"store.state.{state}", en, zh) for state, en, zh in (
    ("requested", "requested", "待处理"), ("accepted", "accepted", "已同意待审批"),
    ("stale", "stale (to be accepted again)", "待重新同意"), ("applied", "applied", "已生效"),
    ("declined", "declined", "已拒绝"), ("rejected", "rejected", "已驳回"),
    ("cancelled", "cancelled", "已撤回"), ("expired", "expired", "已过期"),
    ("approved", "approved", "已批准"))}
E_SELF = define("store.self", "{emp} is a party to {kind} #{id}: another manager must approve it",
                "{emp} 是{kind} #{id} 的当事人：须由其他经理审批")
T_PAST = define("store.past", "its dates ({start} to {end}) have passed",
                "其日期（{start} 至 {end}）已过")
KIND = {"swap": define("store.kind.swap", "swap", "换班"),
        "leave": define("store.kind.leave", "leave", "请假"),
        "version": define("store.kind.version", "version", "版本")}
E_ORDER = define("store.order", "the end ({end}) is before the start ({start})",
                 "结束日期（{end}）早于开始日期（{start}）")
E_ONE_MONTH = define("store.one_month", "leave from {start} to {end} spans two months; ask for "
                     "each month's days separately", "假期 {start} 至 {end} 跨月；请按月分别申请")
E_NO_REASON = define("store.no_reason", "a reason is needed (--reason)", "需要填写理由（--reason）")
E_DUPLICATE = define("store.duplicate", "{duty} already has an open swap request (#{id})",
                     "{duty} 已有未完成的换班申请（#{id}）")
E_HARD = define("store.hard", "the roster breaks {n} hard rules; only a roster that keeps "
                "every hard rule is published", "该排班违反 {n} 条硬性规则；只能发布满足全部硬性"
                "规则的排班")
E_MONTH_OF = define("store.month_of", "the roster's dates do not match the month {month}",
                    "排班日期与月份 {month} 不符")

T_REFUSED = define("store.refused", "Refused: {what}.", "已拒绝：{what}。")
T_STALE = define(
    "store.stale",
    "the roster changed since {emp} accepted (version {then} → {now}): the duties of "
    "{people} are not what they were, so {emp} must accept again",
    "自 {emp} 同意以来排班已变更（版本 {then} → {now}）：{people} 的班次已不同，须 {emp} 重新同意")
T_MOVED = define("store.moved", "another change was approved meanwhile; look at the current "
                 "version and try again", "其间已有其他调整获批；请查看当前版本后重试")
T_EXPIRED = define("store.expired", "its date {date} has passed", "其日期 {date} 已过")
T_NO_REPLAN = define("store.no_replan", "no roster covers the duties without breaking a rule",
                     "没有不违反规则而能覆盖这些班次的排班")
T_DRAFT_MOVED = define("store.draft_moved", "the draft was saved meanwhile by {author} (revision "
                       "{revision}); reload it before saving", "草稿已由 {author} 另行保存（第 "
                       "{revision} 次）；请先重新载入再保存")
T_RULES = define("store.rules", "the rules forbid it", "规则不允许")

WHAT = {
    "approve": define("store.what.approve", "approve requests", "审批申请"),
    "reject": define("store.what.reject", "reject requests", "驳回申请"),
    "publish": define("store.what.publish", "publish a roster", "发布排班"),
    "absent": define("store.what.absent", "mark an absence", "登记缺勤"),
    "edit": define("store.what.edit", "edit the roster", "修改排班"),
}


class Refused(Exception):
    """A change a rule forbids: what was refused, and each violation with its sentence."""

    def __init__(self, what: Msg, violations: list[Violation] | None = None,
                 explanation: list[Msg] | None = None) -> None:
        super().__init__(what.render("en"))
        self.what = what
        self.violations = violations or []
        self.explanation = explanation or []

    def lines(self, lang: str = "en") -> list[str]:
        out = [msg(T_REFUSED, what=self.what).render(lang)]
        out += [f"  [{v.rule}] {v.text(lang)}" for v in self.violations]
        out += [f"  - {m.render(lang)}" for m in self.explanation]
        return out


@dataclass
class VersionInfo:
    """A roster version as the service hands it out."""

    team: str
    month: str
    number: int
    status: str
    kind: str
    author: str
    created_at: dt.datetime
    reason: str
    request_id: int | None = None
    parent: int | None = None


@dataclass
class Outcome:
    """What an action did: its request (if any), the version it made, the diff, warnings."""

    request_id: int | None = None
    state: str | None = None
    version: VersionInfo | None = None
    changes: list = field(default_factory=list)
    warnings: list[Violation] = field(default_factory=list)
    replan: Replan | None = None


@dataclass
class _Audit:
    """The audit row an action fills in as it goes (written even when it is refused)."""

    actor: str
    action: str
    team: str = ""
    month: str = ""
    actor_role: str = ""
    entity: str = ""
    entity_id: int | None = None
    version_from: int | None = None
    version_to: int | None = None
    before: dict | None = None
    after: dict | None = None
    reason: str = ""

    def row(self, outcome: str, reason: str | None = None) -> AuditEvent:
        return AuditEvent(at=utcnow(), actor=self.actor, actor_role=self.actor_role,
                          team=self.team, month=self.month, action=self.action, outcome=outcome,
                          entity=self.entity, entity_id=self.entity_id,
                          version_from=self.version_from, version_to=self.version_to,
                          before_json=_dumps(self.before), after_json=_dumps(self.after),
                          reason=reason if reason is not None else self.reason)


def _dumps(value) -> str:
    return "" if value is None else json.dumps(value, ensure_ascii=False, default=str,
                                               sort_keys=True)


class RosterService:
    """Publish, swap, leave, absence, cover and export on one store.

    Parameters
    ----------
    db
        The store (:class:`~scheduler.store.db.Database`).
    time_limit
        Seconds for each minimal-change re-plan (approved leave, absence, edits).
    """

    def __init__(self, db: Database, time_limit: float = 10.0) -> None:
        self.db = db
        self.time_limit = time_limit

    # ----------------------------------------------------------------- plumbing
    def _act(self, audit: _Audit, work):
        """Run ``work(session)`` in one transaction with its audit row; a refusal is audited alone.

        ``work`` may return ``(value, refusal)``: the transaction is committed
        (a state change such as ``stale`` stays) and the refusal raised after.
        A :class:`ChangeError` raised once ``work`` knows the actor's role is
        a refused attempt of a person of the team, audited as such.
        """
        try:
            with self.db.transaction() as session:
                value = work(session)
                refusal = None
                if isinstance(value, tuple) and len(value) == 2 and isinstance(value[1], Refused):
                    value, refusal = value
                session.add(audit.row("refused" if refusal else "done",
                                      refusal.what.render("en") if refusal else None))
        except Refused as refused:
            self._audit_refusal(audit, refused)
            raise
        except ChangeError as err:
            if audit.actor_role:
                self._audit_refusal(audit, err)
            raise
        except (StaleDataError, IntegrityError):
            # Another change moved the team-month meanwhile (the version counter
            # or the unique version number refused this one): nothing was written.
            refused = Refused(msg(T_MOVED))
            self._audit_refusal(audit, refused)
            raise refused from None
        if refusal is not None:
            raise refusal
        return value

    def _audit_refusal(self, audit: _Audit, refused: Refused | ChangeError) -> None:
        if isinstance(refused, ChangeError):
            reason = refused.render("en")
        else:
            reason = "; ".join([refused.what.render("en")]
                               + [v.text("en") for v in refused.violations])
        with self.db.transaction() as session:
            session.add(audit.row("refused", reason))

    def _team(self, session: Session, name: str | None) -> Team:
        teams = list(session.scalars(select(Team).order_by(Team.name)))
        if name is None:
            if not teams:
                raise change_error(E_NO_TEAM, "store", "--team")
            if len(teams) > 1:
                raise change_error(E_WHICH_TEAM, "store", "--team",
                                   teams=", ".join(t.name for t in teams))
            return teams[0]
        for team in teams:
            if team.name == name:
                return team
        raise change_error(E_UNKNOWN_TEAM, "store", "--team", team=name,
                           teams=", ".join(t.name for t in teams) or "-")

    def _month(self, session: Session, team: Team, month: str, lock: bool = False,
               field: str = "--duty", published: bool = True) -> RosterMonth:
        """The team-month; it must have a published version unless ``published`` is False."""
        query = select(RosterMonth).where(RosterMonth.team_id == team.id,
                                          RosterMonth.month == month)
        if lock and not self.db.is_sqlite:
            # Read under the lock: a row this session read before may be outdated.
            query = query.with_for_update().execution_options(populate_existing=True)
        row = session.scalars(query).first()
        if row is None or (published and row.published_id is None):
            raise change_error(E_NO_MONTH, "store", field, team=team.name, month=month)
        return row

    @staticmethod
    def _checked(problem: Problem, roster: Roster, month_name: str, request: str) -> list[Violation]:
        """The roster's violations, once it is known to lie in the month and keep every hard rule."""
        first, last = problem.settings.horizon
        if any(not first <= a.date <= last for a in roster.assignments):
            raise change_error(E_MONTH_OF, request, "ROSTER", month=month_name)
        violations = check_roster(problem, roster)
        hard = [v for v in violations if v.hard]
        if hard:
            raise Refused(msg(E_HARD, n=len(hard)), hard)
        return violations

    def _new_month(self, session: Session, team_name: str, month_name: str,
                   lock: bool = False) -> RosterMonth:
        """The team-month, made (with its team) if the store has not seen it; locked on request."""
        team = session.scalars(select(Team).where(Team.name == team_name)).first()
        if team is None:
            team = Team(name=team_name)
            session.add(team)
            session.flush()
        query = select(RosterMonth).where(RosterMonth.team_id == team.id,
                                          RosterMonth.month == month_name)
        if lock and not self.db.is_sqlite:
            query = query.with_for_update()
        month = session.scalars(query).first()
        if month is None:
            month = RosterMonth(team_id=team.id, month=month_name)
            session.add(month)
            session.flush()
        return month

    def _locked(self, session: Session, request: SwapRequest | LeaveRequest) -> RosterMonth:
        """The team-month of ``request``, locked (PostgreSQL), and the request read again.

        A request may be read before its team-month is known; once the lock is
        held no other action on the team-month can change it, so it is read
        again under the lock (another action may have changed it in between).
        """
        month = session.get(RosterMonth, request.roster_id)
        if self.db.is_sqlite:  # BEGIN IMMEDIATE: nobody else has written since it was read
            return month
        month = self._month(session, month.team, month.month, lock=True)
        session.refresh(request)
        return month

    def _published(self, session: Session, month: RosterMonth) -> RosterVersion:
        return session.get(RosterVersion, month.published_id)

    @staticmethod
    def _problem(version: RosterVersion) -> Problem:
        return Problem.model_validate_json(version.problem_json)

    @staticmethod
    def _roster(version: RosterVersion) -> Roster:
        return Roster(assignments=[
            Assignment.model_construct(date=a.date, shift_id=a.shift_id,
                                       employee_id=a.employee_id, role=a.role)
            for a in version.assignments]).sorted()

    def _swaps(self, session: Session, month: RosterMonth) -> list[Swap]:
        rows = session.scalars(select(SwapRequest).where(SwapRequest.roster_id == month.id))
        return [_swap_of(r) for r in rows]

    def _person(self, problem: Problem, emp_id: str, team: str, field: str = "--as",
                manager_for: str | None = None):
        emp = next((e for e in problem.staff if e.employee_id == emp_id), None)
        if emp is None:
            raise change_error(E_NOT_PERSON, "store", field, emp=emp_id, team=team)
        if manager_for is not None and not emp.is_manager:
            raise Refused(msg(E_NOT_MANAGER, emp=emp.label, what=msg(WHAT[manager_for])))
        return emp

    def _new_version(self, session: Session, month: RosterMonth, problem: Problem,
                     roster: Roster, *, kind: str, author: str, reason: str,
                     request_id: int | None = None, origins: dict | None = None,
                     parent: RosterVersion | None = None) -> RosterVersion:
        """A new published version (the previous one superseded); the pointer moves."""
        number = (session.scalars(select(RosterVersion.number)
                                  .where(RosterVersion.roster_id == month.id)
                                  .order_by(RosterVersion.number.desc())).first() or 0) + 1
        violations = check_roster(problem, roster)
        summary = {"hard": sum(v.hard for v in violations),
                   "penalty": sum(v.penalty for v in violations if not v.hard),
                   "assignments": len(roster)}
        version = RosterVersion(roster_id=month.id, number=number,
                                parent_id=parent.id if parent else None, status="published",
                                kind=kind, request_id=request_id, author=author,
                                reason=reason, problem_json=problem.model_dump_json(),
                                summary_json=json.dumps(summary))
        before = set(self._roster(parent).assignments) if parent else set()
        origins = origins or {}
        for a in roster.assignments:
            origin = origins.get(a) or ("published" if a in before else kind)
            version.assignments.append(VersionAssignment(
                date=a.date, shift_id=a.shift_id, employee_id=a.employee_id, role=a.role,
                origin=origin))
        session.add(version)
        if parent is not None:
            parent.status = "superseded"
        session.flush()
        month.published_id = version.id
        session.flush()  # the version counter refuses a pointer moved meanwhile
        return version

    def _info(self, session: Session, version: RosterVersion) -> VersionInfo:
        month = session.get(RosterMonth, version.roster_id)
        parent = session.get(RosterVersion, version.parent_id) if version.parent_id else None
        return VersionInfo(month.team.name, month.month, version.number, version.status,
                           version.kind, version.author, version.created_at, version.reason,
                           version.request_id, parent.number if parent else None)

    # ------------------------------------------------------------------ publish
    def publish(self, problem: Problem, roster: Roster, *, actor: str, reason: str = "",
                team: str | None = None) -> Outcome:
        """Publish ``roster`` of ``problem``'s month: a new version of the team-month.

        The team is ``team``, else the problem's ``team`` setting; the month
        is the problem's. The roster must keep every hard rule; ``actor``
        must be a manager of the team.
        """
        team_name = team or problem.settings.team or "team"
        month_name = problem.settings.month or problem.settings.horizon[0].strftime("%Y-%m")
        audit = _Audit(actor=actor, action="publish", team=team_name, month=month_name,
                       entity="version", reason=reason)

        def work(session: Session) -> Outcome:
            emp = self._person(problem, actor, team_name, manager_for="publish")
            audit.actor_role = emp.role
            self._checked(problem, roster, month_name, "publish")
            month = self._new_month(session, team_name, month_name)
            parent = self._published(session, month) if month.published_id else None
            audit.version_from = parent.number if parent else None
            version = self._new_version(session, month, problem, roster, kind="publish",
                                        author=actor, reason=reason, parent=parent)
            audit.version_to = version.number
            audit.entity_id = version.id
            changes = diff_rosters(self._roster(parent), roster) if parent else []
            audit.after = {"assignments": len(roster), "changed_cells": len(changes)}
            return Outcome(version=self._info(session, version), changes=changes)

        return self._act(audit, work)

    # -------------------------------------------------------------------- swaps
    def request_swap(self, *, actor: str, duty: Duty, to: str, back: Duty | None = None,
                     reason: str = "", today: dt.date, team: str | None = None) -> Outcome:
        """``actor`` asks ``to`` to take ``duty`` (and pay back ``back``): a new swap request."""
        audit = _Audit(actor=actor, action="swap.request", entity="swap", reason=reason,
                       after={"duty": str(duty), "to": to, "back": str(back) if back else None})

        def work(session: Session) -> Outcome:
            team_row = self._team(session, team)
            month = self._month(session, team_row, duty.date.strftime("%Y-%m"), lock=True)
            audit.team, audit.month = team_row.name, month.month
            version = self._published(session, month)
            problem, roster = self._problem(version), self._roster(version)
            audit.actor_role = self._person(problem, actor, team_row.name).role
            audit.version_from = version.number
            open_on = session.scalars(select(SwapRequest).where(
                SwapRequest.roster_id == month.id, SwapRequest.duty_date == duty.date,
                SwapRequest.duty_shift == duty.shift_id, SwapRequest.requester == actor,
                SwapRequest.state.in_(("requested", "accepted", "stale")))).first()
            if open_on is not None:
                raise change_error(E_DUPLICATE, "swap request", "--duty", duty=str(duty),
                                   id=open_on.id)
            swap = Swap(actor, duty, to, back)
            found = validate_swap(problem, roster, self._swaps(session, month), swap, today,
                                  "swap request")
            if found:
                raise Refused(msg(T_RULES), found)
            row = SwapRequest(roster_id=month.id, requester=actor, duty_date=duty.date,
                              duty_shift=duty.shift_id, colleague=to,
                              back_date=back.date if back else None,
                              back_shift=back.shift_id if back else None, reason=reason,
                              state="requested", asked_on=today, base_version=version.number)
            session.add(row)
            session.flush()
            audit.entity_id = row.id
            return Outcome(request_id=row.id, state=row.state)

        return self._act(audit, work)

    def _swap_action(self, swap_id: int, action: str, *, actor: str, today: dt.date,
                     reason: str = "", work_extra=None) -> Outcome:
        """Load swap ``swap_id``, check who may take ``action``, move its state, audit."""
        audit = _Audit(actor=actor, action=f"swap.{action}", entity="swap", entity_id=swap_id,
                       reason=reason)

        def work(session: Session):
            row = session.get(SwapRequest, swap_id)
            if row is None:
                raise change_error(E_NO_REQUEST, f"swap #{swap_id}", "ID", kind=msg(KIND["swap"]),
                                   id=swap_id)
            month = self._locked(session, row)
            audit.team, audit.month = month.team.name, month.month
            version = self._published(session, month)
            problem = self._problem(version)
            audit.version_from = version.number
            audit.before = {"state": row.state}
            manager_for = action if action in ("approve", "reject") else None
            emp = self._person(problem, actor, month.team.name, manager_for=manager_for)
            audit.actor_role = emp.role
            who = {"accept": row.colleague, "decline": row.colleague,
                   "cancel": row.requester}.get(action)
            if who is not None and actor != who:
                raise Refused(msg(E_NOT_YOURS, id=swap_id, who=who, what=msg(DONE[action]),
                                  emp=actor))
            if action == "reject" and not reason.strip():
                raise change_error(E_NO_REASON, f"swap #{swap_id}", "--reason")
            if action == "approve" and actor in (row.requester, row.colleague):
                raise Refused(msg(E_SELF, emp=emp.label, kind=msg(KIND["swap"]), id=swap_id))
            swap = _swap_of(row)
            if row.state in ("requested", "accepted", "stale") and action != "cancel" and \
                    min(d.date for d, _, _ in swap.moves()) < today:
                row.state, row.updated_at = "expired", utcnow()
                audit.after = {"state": "expired"}
                first = min(d.date for d, _, _ in swap.moves())
                return Outcome(request_id=row.id, state=row.state), Refused(
                    msg(T_EXPIRED, date=first.isoformat()))
            after = next_state(SWAP_ACTIONS, row.state, action)
            if after is None:
                raise change_error(E_STATE, f"swap #{swap_id}", "ID", kind=msg(KIND["swap"]),
                                   id=swap_id, state=msg(STATE[row.state]),
                                   what=msg(DONE[action]))
            out = Outcome(request_id=row.id)
            if work_extra is not None:
                refusal = work_extra(session, row, month, version, problem, out)
                if refusal is not None:
                    out.state = row.state
                    audit.after = {"state": row.state}
                    return out, refusal
            row.state, row.updated_at = after, utcnow()
            if action in ("approve", "reject", "decline", "cancel"):
                row.decided_by, row.decided_at = actor, utcnow()
                row.note = reason
            out.state = row.state
            audit.after = {"state": row.state}
            if out.version is not None:
                audit.version_to = out.version.number
            return out

        return self._act(audit, work)

    def accept_swap(self, swap_id: int, *, actor: str, today: dt.date) -> Outcome:
        """The colleague accepts; the swap is judged again and both people's duties recorded."""
        def check(session, row, month, version, problem, out):
            roster = self._roster(version)
            others = [s for s in self._swaps(session, month) if s.id != row.id]
            found = validate_swap(problem, roster, others, _swap_of(row), today,
                                  f"swap #{row.id}")
            if found:
                raise Refused(msg(T_RULES), found)
            row.fingerprint = _fingerprint(roster, (row.requester, row.colleague))
            row.accepted_version = version.number
            return None

        return self._swap_action(swap_id, "accept", actor=actor, today=today, work_extra=check)

    def decline_swap(self, swap_id: int, *, actor: str, today: dt.date,
                     reason: str = "") -> Outcome:
        return self._swap_action(swap_id, "decline", actor=actor, today=today, reason=reason)

    def cancel_swap(self, swap_id: int, *, actor: str, today: dt.date) -> Outcome:
        return self._swap_action(swap_id, "cancel", actor=actor, today=today)

    def reject_swap(self, swap_id: int, *, actor: str, reason: str, today: dt.date) -> Outcome:
        return self._swap_action(swap_id, "reject", actor=actor, today=today, reason=reason)

    def approve_swap(self, swap_id: int, *, actor: str, today: dt.date,
                     note: str = "") -> Outcome:
        """The manager approves an accepted swap: a new roster version, or a refusal.

        If either person's duties changed since the colleague accepted, the
        swap goes back to them (``stale``) and the approval is refused.
        """
        def apply(session, row, month, version, problem, out):
            roster = self._roster(version)
            people = (row.requester, row.colleague)
            if _fingerprint(roster, people) != row.fingerprint:
                row.state, row.updated_at = "stale", utcnow()
                return Refused(msg(T_STALE, emp=row.colleague, then=row.accepted_version,
                                   now=version.number, people=" / ".join(people)))
            swap = _swap_of(row)
            others = [s for s in self._swaps(session, month) if s.id != row.id]
            found = validate_swap(problem, roster, others, swap, today, f"swap #{row.id}")
            if found:
                raise Refused(msg(T_RULES), found)
            after = apply_swap(roster, swap)
            new = self._new_version(session, month, problem, after, kind="swap", author=actor,
                                    reason=note or row.reason, request_id=row.id,
                                    parent=version)
            row.applied_version_id = new.id
            out.version = self._info(session, new)
            out.changes = diff_rosters(roster, after)
            return None

        return self._swap_action(swap_id, "approve", actor=actor, today=today, reason=note,
                                 work_extra=apply)

    # -------------------------------------------------------------------- leave
    def request_leave(self, *, actor: str, start: dt.date, end: dt.date, kind: str = "annual",
                      reason: str = "", today: dt.date, team: str | None = None) -> Outcome:
        """``actor`` asks for leave; short notice is allowed but needs the manager's override."""
        audit = _Audit(actor=actor, action="leave.request", entity="leave", reason=reason,
                       after={"start": start, "end": end, "kind": kind})

        def work(session: Session) -> Outcome:
            team_row = self._team(session, team)
            if (start.year, start.month) != (end.year, end.month):
                raise change_error(E_ONE_MONTH, "leave request", "--to", start=start.isoformat(),
                                   end=end.isoformat())
            month = self._month(session, team_row, start.strftime("%Y-%m"), lock=True,
                                field="--from")
            audit.team, audit.month = team_row.name, month.month
            version = self._published(session, month)
            problem, roster = self._problem(version), self._roster(version)
            audit.actor_role = self._person(problem, actor, team_row.name).role
            audit.version_from = version.number
            ask = LeaveAsk(actor, start, end, kind, today)
            found = validate_leave(problem, roster, self._swaps(session, month), ask, today,
                                   request="leave request")
            blocking = [v for v in found if v.rule != "LV1"]
            if blocking:
                raise Refused(msg(T_RULES), blocking)
            row = LeaveRequest(roster_id=month.id, employee_id=actor, start=start, end=end,
                               kind=kind, reason=reason, asked_on=today, state="requested")
            session.add(row)
            session.flush()
            audit.entity_id = row.id
            return Outcome(request_id=row.id, state=row.state,
                           warnings=[v for v in found if v.rule == "LV1"])

        return self._act(audit, work)

    def approve_leave(self, leave_id: int, *, actor: str, today: dt.date,
                      override: str | None = None) -> Outcome:
        """The manager approves leave: its duties re-planned with the fewest changes, a new version."""
        audit = _Audit(actor=actor, action="leave.approve", entity="leave", entity_id=leave_id,
                       reason=override or "")

        def work(session: Session) -> Outcome:
            row, month, version, problem = self._leave_row(session, leave_id, audit, actor,
                                                           "approve")
            roster = self._roster(version)
            ask = LeaveAsk(row.employee_id, row.start, row.end, row.kind, row.asked_on)
            found = validate_leave(problem, roster, self._swaps(session, month), ask,
                                   row.asked_on, override, request=f"leave #{row.id}")
            if found:
                raise Refused(msg(T_RULES), found)
            leave = Leave(employee_id=row.employee_id, start=row.start, end=row.end,
                          kind=row.kind, requested_on=row.asked_on)
            if row.end < today:
                row.state, row.decided_by, row.decided_at = "expired", actor, utcnow()
                audit.after = {"state": "expired"}
                return Outcome(request_id=row.id, state=row.state), Refused(
                    msg(T_PAST, start=row.start.isoformat(), end=row.end.isoformat()))
            plan = replan(problem, roster, today=today, leave=[leave], time_limit=self.time_limit)
            if not plan.ok:
                raise Refused(msg(T_NO_REPLAN), plan.result.hard_violations,
                              plan.result.explanation)
            new_problem = problem.model_copy(
                update={"leave": [*problem.leave, *from_today([leave], today)]})
            new = self._new_version(session, month, new_problem, plan.roster, kind="leave",
                                    author=actor, reason=override or row.reason,
                                    request_id=row.id, parent=version)
            row.state, row.decided_by, row.decided_at = "approved", actor, utcnow()
            row.override = override or ""
            row.applied_version_id = new.id
            audit.version_to = new.number
            audit.after = {"state": "approved", "changed_cells": len(plan.changes)}
            return Outcome(request_id=row.id, state=row.state, version=self._info(session, new),
                           changes=plan.changes, replan=plan)

        return self._act(audit, work)

    def cancel_leave(self, leave_id: int, *, actor: str, today: dt.date) -> Outcome:
        """The person withdraws a leave request not yet decided."""
        audit = _Audit(actor=actor, action="leave.cancel", entity="leave", entity_id=leave_id)

        def work(session: Session) -> Outcome:
            row, _, _, _ = self._leave_row(session, leave_id, audit, actor, "cancel")
            row.state, row.decided_by, row.decided_at = "cancelled", actor, utcnow()
            audit.after = {"state": "cancelled"}
            return Outcome(request_id=row.id, state=row.state)

        return self._act(audit, work)

    def reject_leave(self, leave_id: int, *, actor: str, reason: str, today: dt.date) -> Outcome:
        audit = _Audit(actor=actor, action="leave.reject", entity="leave", entity_id=leave_id,
                       reason=reason)

        def work(session: Session) -> Outcome:
            row, _, _, _ = self._leave_row(session, leave_id, audit, actor, "reject")
            if not reason.strip():
                raise change_error(E_NO_REASON, f"leave #{leave_id}", "--reason")
            row.state, row.decided_by, row.decided_at, row.note = ("rejected", actor, utcnow(),
                                                                   reason)
            audit.after = {"state": "rejected"}
            return Outcome(request_id=row.id, state=row.state)

        return self._act(audit, work)

    def _leave_row(self, session, leave_id, audit, actor, action):
        row = session.get(LeaveRequest, leave_id)
        if row is None:
            raise change_error(E_NO_REQUEST, f"leave #{leave_id}", "ID", kind=msg(KIND["leave"]),
                               id=leave_id)
        month = self._locked(session, row)
        audit.team, audit.month = month.team.name, month.month
        version = self._published(session, month)
        problem = self._problem(version)
        audit.version_from = version.number
        audit.before = {"state": row.state}
        manager_for = action if action in ("approve", "reject") else None
        audit.actor_role = self._person(problem, actor, month.team.name,
                                        manager_for=manager_for).role
        if action == "approve" and actor == row.employee_id:
            raise Refused(msg(E_SELF, emp=actor, kind=msg(KIND["leave"]), id=leave_id))
        if action == "cancel" and actor != row.employee_id:
            raise Refused(msg(E_NOT_YOURS, id=leave_id, who=row.employee_id,
                              what=msg(DONE["cancel"]), emp=actor))
        if row.state != "requested":
            raise change_error(E_STATE, f"leave #{leave_id}", "ID", kind=msg(KIND["leave"]),
                               id=leave_id, state=msg(STATE[row.state]), what=msg(DONE[action]))
        return row, month, version, problem

    # ---------------------------------------------------- absence and hand edits
    def absence(self, emp_id: str, start: dt.date, end: dt.date, *, actor: str,
                today: dt.date, apply: bool = False, kind: str = "sick", reason: str = "",
                team: str | None = None) -> Outcome:
        """The manager's emergency re-plan: ``emp_id`` away from ``start`` to ``end``.

        Without ``apply`` a proposal (the diff, nothing written but the audit
        row); with it, a new version. Holiday lockouts do not stop it; the
        reason is recorded.
        """
        audit = _Audit(actor=actor, action="absence.apply" if apply else "absence.propose",
                       entity="version", reason=reason,
                       after={"employee_id": emp_id, "start": start, "end": end, "kind": kind})

        def work(session: Session) -> Outcome:
            team_row = self._team(session, team)
            if (start.year, start.month) != (end.year, end.month):
                raise change_error(E_ONE_MONTH, "absence", "--to", start=start.isoformat(),
                                   end=end.isoformat())
            month = self._month(session, team_row, start.strftime("%Y-%m"), lock=apply,
                                field="--from")
            audit.team, audit.month = team_row.name, month.month
            version = self._published(session, month)
            problem, roster = self._problem(version), self._roster(version)
            audit.version_from = version.number
            audit.actor_role = self._person(problem, actor, team_row.name,
                                            manager_for="absent").role
            self._person(problem, emp_id, team_row.name, field="EMPLOYEE")
            if end < start:
                raise change_error(E_ORDER, "absence", "--to", start=start.isoformat(),
                                   end=end.isoformat())
            leave = Leave(employee_id=emp_id, start=start, end=end, kind=kind,
                          requested_on=today)
            if not from_today([leave], today):
                raise Refused(msg(T_PAST, start=start.isoformat(), end=end.isoformat()))
            plan = replan(problem, roster, today=today, leave=[leave], time_limit=self.time_limit)
            if not plan.ok:
                raise Refused(msg(T_NO_REPLAN), plan.result.hard_violations,
                              plan.result.explanation)
            out = Outcome(changes=plan.changes, replan=plan)
            audit.after["changed_cells"] = len(plan.changes)
            if apply:
                new_problem = problem.model_copy(
                    update={"leave": [*problem.leave, *from_today([leave], today)]})
                new = self._new_version(session, month, new_problem, plan.roster, kind="absence",
                                        author=actor, reason=reason or kind, parent=version)
                out.version = self._info(session, new)
                audit.version_to = new.number
            return out

        return self._act(audit, work)

    def edit(self, month_name: str, *, actor: str, today: dt.date, pins: list[Assignment] = (),
             forbidden: list[Assignment] = (), apply: bool = False, reason: str = "",
             team: str | None = None) -> Outcome:
        """Hand edits, pinned (``pins``) or cleared (``forbidden``), with the rest re-planned.

        Without ``apply`` a proposal; with it a new version (manager only).
        """
        audit = _Audit(actor=actor, action="edit.apply" if apply else "edit.propose",
                       entity="version", reason=reason,
                       after={"pins": [a.model_dump(mode="json") for a in pins],
                              "cleared": [a.model_dump(mode="json") for a in forbidden]})

        def work(session: Session) -> Outcome:
            team_row = self._team(session, team)
            month = self._month(session, team_row, month_name, lock=apply, field="MONTH")
            audit.team, audit.month = team_row.name, month.month
            version = self._published(session, month)
            problem, roster = self._problem(version), self._roster(version)
            audit.version_from = version.number
            audit.actor_role = self._person(problem, actor, team_row.name,
                                            manager_for="edit").role
            plan = replan(problem, roster, today=today, pins=list(pins),
                          forbidden=list(forbidden), time_limit=self.time_limit)
            if not plan.ok:
                raise Refused(msg(T_NO_REPLAN), plan.result.hard_violations,
                              plan.result.explanation)
            out = Outcome(changes=plan.changes, replan=plan)
            if apply:
                origins = {a: "manual" for a in pins}
                new = self._new_version(session, month, problem, plan.roster, kind="edit",
                                        author=actor, reason=reason, origins=origins,
                                        parent=version)
                out.version = self._info(session, new)
                audit.version_to = new.number
            return out

        return self._act(audit, work)

    # ------------------------------------------------------------------- drafts
    def save_draft(self, team: str, month: str, payload: dict, *, author: str,
                   base_version: int | None = None, revision: int | None = None) -> int:
        """Keep the working copy of a team-month (the app's plan or edits); its new revision.

        ``payload`` is any JSON document (the app decides what it holds). With
        ``revision``, the save is refused (:class:`Refused`) when the draft was
        saved meanwhile by another window at another revision, so a stale
        window cannot overwrite newer work. Drafts are not published
        versions: nothing is audited.
        """
        data = json.dumps(payload, ensure_ascii=False, default=str)
        with self.db.transaction() as session:
            row = session.scalars(select(Draft).where(Draft.team == team,
                                                      Draft.month == month)).first()
            if row is None:
                row = Draft(team=team, month=month, author=author, base_version=base_version,
                            revision=1, payload_json=data, updated_at=utcnow())
                session.add(row)
                return 1
            if revision is not None and row.revision != revision:
                raise Refused(msg(T_DRAFT_MOVED, author=row.author, revision=row.revision))
            row.author, row.base_version, row.payload_json = author, base_version, data
            row.revision, row.updated_at = row.revision + 1, utcnow()
            return row.revision

    def load_draft(self, team: str | None = None, month: str | None = None) -> dict | None:
        """A draft (the newest when ``team`` or ``month`` is left out), or None.

        Returns ``{"team", "month", "author", "base_version", "revision",
        "updated_at", "payload"}``.
        """
        with self.db.session() as session:
            query = select(Draft).order_by(Draft.updated_at.desc(), Draft.id.desc())
            if team is not None:
                query = query.where(Draft.team == team)
            if month is not None:
                query = query.where(Draft.month == month)
            row = session.scalars(query).first()
            if row is None:
                return None
            return {"team": row.team, "month": row.month, "author": row.author,
                    "base_version": row.base_version, "revision": row.revision,
                    "updated_at": row.updated_at, "payload": json.loads(row.payload_json)}

    def discard_draft(self, team: str, month: str) -> bool:
        """Drop the draft of a team-month; whether there was one."""
        with self.db.transaction() as session:
            row = session.scalars(select(Draft).where(Draft.team == team,
                                                      Draft.month == month)).first()
            if row is None:
                return False
            session.delete(row)
            return True

    def teams(self) -> list[str]:
        """The names of the teams with a published roster."""
        with self.db.session() as session:
            return [t.name for t in session.scalars(select(Team).order_by(Team.name))]

    def months(self, team: str | None = None) -> list[str]:
        """The months of ``team`` with a published roster, in order."""
        with self.db.session() as session:
            team_row = self._team(session, team)
            return list(session.scalars(select(RosterMonth.month).where(
                RosterMonth.team_id == team_row.id, RosterMonth.published_id.is_not(None))
                .order_by(RosterMonth.month)))

    # ------------------------------------------------------------------ reading
    def current(self, month_name: str, team: str | None = None,
                number: int | None = None) -> tuple[VersionInfo, Problem, Roster]:
        """A version of a team-month (default: the published one): its info, problem, roster."""
        with self.db.session() as session:
            team_row = self._team(session, team)
            month = self._month(session, team_row, month_name, field="MONTH",
                                published=number is None)
            version = self._published(session, month) if number is None else None
            if number is not None:
                version = session.scalars(select(RosterVersion).where(
                    RosterVersion.roster_id == month.id, RosterVersion.number == number)).first()
                if version is None:
                    raise change_error(E_NO_REQUEST, "version", "--version", kind=msg(KIND["version"]), id=number)
            return self._info(session, version), self._problem(version), self._roster(version)

    def versions(self, month_name: str, team: str | None = None) -> list[VersionInfo]:
        with self.db.session() as session:
            team_row = self._team(session, team)
            month = self._month(session, team_row, month_name, field="MONTH", published=False)
            rows = session.scalars(select(RosterVersion).where(
                RosterVersion.roster_id == month.id).order_by(RosterVersion.number))
            return [self._info(session, v) for v in rows]

    def swaps(self, team: str | None = None, state: str | None = None) -> list[dict]:
        with self.db.session() as session:
            team_row = self._team(session, team)
            query = select(SwapRequest, RosterMonth.month).join(
                RosterMonth, SwapRequest.roster_id == RosterMonth.id).where(
                RosterMonth.team_id == team_row.id)
            if state:
                query = query.where(SwapRequest.state == state)
            return [_swap_dict(row, month) for row, month in session.execute(
                query.order_by(SwapRequest.id))]

    def leave_requests(self, team: str | None = None, state: str | None = None) -> list[dict]:
        with self.db.session() as session:
            team_row = self._team(session, team)
            query = select(LeaveRequest, RosterMonth.month).join(
                RosterMonth, LeaveRequest.roster_id == RosterMonth.id).where(
                RosterMonth.team_id == team_row.id)
            if state:
                query = query.where(LeaveRequest.state == state)
            return [_leave_dict(row, month) for row, month in session.execute(
                query.order_by(LeaveRequest.id))]

    def log(self, team: str | None = None, since: dt.date | None = None) -> list[AuditEvent]:
        with self.db.session() as session:
            query = select(AuditEvent).order_by(AuditEvent.id)
            if team is not None:
                query = query.where(AuditEvent.team == team)
            if since is not None:
                query = query.where(AuditEvent.at >= dt.datetime.combine(since, dt.time()))
            return list(session.scalars(query))

    def cover(self, duty: Duty, *, team: str | None = None, holder: str | None = None) -> Cover:
        """Who can take ``duty`` in the published roster, and who cannot with why."""
        with self.db.session() as session:
            team_row = self._team(session, team)
            month = self._month(session, team_row, duty.date.strftime("%Y-%m"), field="DUTY")
            version = self._published(session, month)
            return cover_suggestions(self._problem(version), self._roster(version),
                                     self._swaps(session, month), duty, holder)

    def history(self, team: str, before: dt.date) -> list[Assignment]:
        """Published assignments of ``team`` in the twelve months up to ``before`` (exclusive).

        The History of the next month: rest across the month boundary, weekly
        crews that go on, and fairness over the year (nights, off-day duties).
        The year is the one before ``before``, not the calendar year so far:
        January's History holds December's last week and the year's nights.
        """
        with self.db.session() as session:
            row = session.scalars(select(Team).where(Team.name == team)).first()
            if row is None:
                return []
            first = _year_before(before)
            rows = session.scalars(
                select(VersionAssignment)
                .join(RosterVersion, VersionAssignment.version_id == RosterVersion.id)
                .join(RosterMonth, RosterMonth.published_id == RosterVersion.id)
                .where(RosterMonth.team_id == row.id, VersionAssignment.date >= first,
                       VersionAssignment.date < before))
            return sorted((Assignment(date=a.date, shift_id=a.shift_id,
                                      employee_id=a.employee_id, role=a.role) for a in rows),
                          key=lambda a: (a.date, a.shift_id, a.employee_id, a.role))

    def with_history(self, problem: Problem, team: str | None = None) -> Problem:
        """``problem`` with its History taken from the store's published rosters of the year.

        Rows the problem's own History has for dates the store does not
        cover stay.
        """
        first = problem.settings.horizon[0]
        stored = self.history(team or problem.settings.team or "team", first)
        if not stored:
            return problem
        covered = {a.date for a in stored}
        known = {e.employee_id for e in problem.staff}
        shifts = {s.shift_id for s in problem.shifts}
        rows = [a for a in stored if a.employee_id in known and a.shift_id in shifts]
        rows += [a for a in problem.history if a.date not in covered]
        return problem.model_copy(update={"history": sorted(
            set(rows), key=lambda a: (a.date, a.shift_id, a.employee_id, a.role))})

    # ------------------------------------------------------------ batch proposals
    def propose_batch(self, problem: Problem, roster: Roster, *, run_key: str,
                      author: str = "batch", reason: str = "",
                      team: str | None = None) -> VersionInfo:
        """Store a batch run's roster as a proposal for the team-month's manager to review.

        The version has status ``proposal`` and kind ``batch``; nothing is
        published, no version is superseded and the team-month's pointer
        stays (a month with no published roster yet gets its row without
        one). Its parent is the published version, if any. A run already
        proposed for the team-month (same ``run_key``) is not stored again:
        its version is returned and nothing is written. One audit row
        (``batch.propose``) is written with the version.

        Parameters
        ----------
        problem, roster
            The problem solved (overrides applied) and its roster.
        run_key
            The batch's run key (:func:`scheduler.batch.keys.run_key`).
        author, reason
            Who made it (the batch, by default) and why (the run's name and
            overrides).
        team
            The team; default the problem's ``team`` setting, else ``team``.

        Raises
        ------
        Refused
            When the roster breaks a hard rule.
        ChangeError
            When the roster's dates lie outside the problem's month.
        """
        team_name = team or problem.settings.team or "team"
        month_name = problem.settings.month or problem.settings.horizon[0].strftime("%Y-%m")
        existing = self._proposal_of(team_name, month_name, run_key)
        if existing is not None:
            return existing
        audit = _Audit(actor=author, action="batch.propose", team=team_name, month=month_name,
                       entity="version", reason=reason, actor_role="batch")

        def work(session: Session) -> VersionInfo:
            violations = self._checked(problem, roster, month_name, "batch")
            month = self._new_month(session, team_name, month_name, lock=True)
            number = (session.scalars(select(RosterVersion.number)
                                      .where(RosterVersion.roster_id == month.id)
                                      .order_by(RosterVersion.number.desc())).first() or 0) + 1
            summary = {"run_key": run_key, "hard": 0,
                       "penalty": sum(v.penalty for v in violations if not v.hard),
                       "assignments": len(roster)}
            version = RosterVersion(roster_id=month.id, number=number,
                                    parent_id=month.published_id, status="proposal",
                                    kind="batch", author=author, reason=reason,
                                    problem_json=problem.model_dump_json(),
                                    summary_json=json.dumps(summary))
            for a in roster.assignments:
                version.assignments.append(VersionAssignment(
                    date=a.date, shift_id=a.shift_id, employee_id=a.employee_id, role=a.role,
                    origin="batch"))
            session.add(version)
            session.flush()
            audit.version_from = month.published_id and self._published(session, month).number
            audit.version_to = version.number
            audit.entity_id = version.id
            audit.after = {"assignments": len(roster), "run_key": run_key}
            return self._info(session, version)

        return self._act(audit, work)

    def _proposal_of(self, team: str, month_name: str, run_key: str) -> VersionInfo | None:
        """The proposal a batch run ``run_key`` made for the team-month, if any."""
        with self.db.session() as session:
            rows = session.scalars(
                select(RosterVersion).join(RosterMonth, RosterVersion.roster_id == RosterMonth.id)
                .join(Team, RosterMonth.team_id == Team.id)
                .where(Team.name == team, RosterMonth.month == month_name,
                       RosterVersion.kind == "batch"))
            for version in rows:
                if json.loads(version.summary_json or "{}").get("run_key") == run_key:
                    return self._info(session, version)
        return None

    def export(self, month_name: str, out: str | Path, *, team: str | None = None,
               number: int | None = None, lang: str = "zh") -> VersionInfo:
        """The roster workbook of a version with the swap and leave registers and handover log."""
        from .export import write_export

        info, problem, roster = self.current(month_name, team, number)
        swaps = [s for s in self.swaps(info.team) if s["month"] == month_name]
        leave = [x for x in self.leave_requests(info.team) if x["month"] == month_name]
        events = [e for e in self.log(info.team) if e.month == month_name]
        write_export(out, info, problem, roster, swaps, leave, events, lang=lang)
        return info


def _year_before(day: dt.date) -> dt.date:
    """The same date a year earlier (28 February for a 29th)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def _swap_of(row: SwapRequest) -> Swap:
    back = Duty(row.back_date, row.back_shift) if row.back_date is not None else None
    return Swap(row.requester, Duty(row.duty_date, row.duty_shift), row.colleague, back,
                row.state, row.id)


def _swap_dict(row: SwapRequest, month: str) -> dict:
    return {"id": row.id, "month": month, "requester": row.requester,
            "duty": f"{row.duty_date.isoformat()}:{row.duty_shift}", "colleague": row.colleague,
            "back": (f"{row.back_date.isoformat()}:{row.back_shift}" if row.back_date else ""),
            "state": row.state, "reason": row.reason, "asked_on": row.asked_on.isoformat(),
            "decided_by": row.decided_by or "", "note": row.note,
            "decided_at": row.decided_at.isoformat(" ", "minutes") if row.decided_at else ""}


def _leave_dict(row: LeaveRequest, month: str) -> dict:
    return {"id": row.id, "month": month, "employee_id": row.employee_id,
            "start": row.start.isoformat(), "end": row.end.isoformat(), "kind": row.kind,
            "state": row.state, "reason": row.reason, "asked_on": row.asked_on.isoformat(),
            "override": row.override, "decided_by": row.decided_by or "", "note": row.note}


def _fingerprint(roster: Roster, people: tuple[str, ...]) -> str:
    """A hash of these people's assignments: changes when either person's duties change."""
    rows = sorted((a.employee_id, a.date.isoformat(), a.shift_id, a.role)
                  for a in roster.assignments if a.employee_id in people)
    return hashlib.sha256(json.dumps(rows).encode()).hexdigest()

