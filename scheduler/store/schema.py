"""The store's tables: teams, roster versions, requests and the audit trail (SQLAlchemy 2.x).

- ``team``: a duty team, by name.
- ``roster``: one team-month (``YYYY-MM``), pointing at its published
  version; ``lock`` is SQLAlchemy's version counter, so two approvals that
  read the same state cannot both move the pointer (the second gets a
  refusal).
- ``roster_version``: immutable; each with its parent, author, time, reason,
  the change that made it, the problem it was checked against (JSON) and
  its assignments (``version_assignment``, each with its origin).
- ``swap_request``, ``leave_request``: the requests and their states.
- ``draft``: a team-month's roster being planned or edited (the app's
  working copy: the problem, the roster, the cells changed, a proposal),
  one per team-month, kept so that a refresh or a second window loses
  nothing; never a published version, so not audited.
- ``audit_event``: append-only (triggers refuse UPDATE and DELETE), written in
  the same transaction as the change it records; refusals too.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Team(Base):
    __tablename__ = "team"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class RosterMonth(Base):
    """One team-month and its published version."""

    __tablename__ = "roster"
    __table_args__ = (UniqueConstraint("team_id", "month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id"))
    month: Mapped[str] = mapped_column(String(7))
    published_id: Mapped[int | None] = mapped_column(
        ForeignKey("roster_version.id", use_alter=True), nullable=True)
    lock: Mapped[int] = mapped_column(Integer, default=1)

    team: Mapped[Team] = relationship()
    __mapper_args__ = {"version_id_col": lock}


class RosterVersion(Base):
    """An immutable roster of a team-month."""

    __tablename__ = "roster_version"
    __table_args__ = (UniqueConstraint("roster_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    roster_id: Mapped[int] = mapped_column(ForeignKey("roster.id"))
    number: Mapped[int] = mapped_column(Integer)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("roster_version.id"), nullable=True)
    status: Mapped[str] = mapped_column(String(20))  # published, superseded, proposal
    kind: Mapped[str] = mapped_column(String(20))  # publish, swap, leave, absence, edit, batch
    request_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    author: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    reason: Mapped[str] = mapped_column(Text, default="")
    problem_json: Mapped[str] = mapped_column(Text)
    summary_json: Mapped[str] = mapped_column(Text, default="{}")

    assignments: Mapped[list[VersionAssignment]] = relationship(
        cascade="all, delete-orphan", order_by="VersionAssignment.date")


class VersionAssignment(Base):
    __tablename__ = "version_assignment"

    version_id: Mapped[int] = mapped_column(ForeignKey("roster_version.id"), primary_key=True)
    date: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    shift_id: Mapped[str] = mapped_column(String(50), primary_key=True)
    employee_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    role: Mapped[str] = mapped_column(String(10), primary_key=True)
    origin: Mapped[str] = mapped_column(String(20), default="solver")


class SwapRequest(Base):
    __tablename__ = "swap_request"
    __table_args__ = (Index("ix_swap_request_roster_state", "roster_id", "state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    roster_id: Mapped[int] = mapped_column(ForeignKey("roster.id"))
    requester: Mapped[str] = mapped_column(String(100))
    duty_date: Mapped[dt.date] = mapped_column(Date)
    duty_shift: Mapped[str] = mapped_column(String(50))
    colleague: Mapped[str] = mapped_column(String(100))
    back_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    back_shift: Mapped[str | None] = mapped_column(String(50), nullable=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    asked_on: Mapped[dt.date] = mapped_column(Date)
    base_version: Mapped[int] = mapped_column(Integer)  # the version number it was asked against
    accepted_version: Mapped[int | None] = mapped_column(Integer, nullable=True)
    fingerprint: Mapped[str | None] = mapped_column(String(64), nullable=True)
    decided_by: Mapped[str | None] = mapped_column(String(100), nullable=True)
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
    applied_version_id: Mapped[int | None] = mapped_column(ForeignKey("roster_version.id"),
                                                           nullable=True)


class LeaveRequest(Base):
    __tablename__ = "leave_request"
    __table_args__ = (Index("ix_leave_request_roster_state", "roster_id", "state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    roster_id: Mapped[int] = mapped_column(ForeignKey("roster.id"))
    employee_id: Mapped[str] = mapped_column(String(100))
    start: Mapped[dt.date] = mapped_column(Date)
    end: Mapped[dt.date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(50), default="annual")
    reason: Mapped[str] = mapped_column(Text, default="")
    asked_on: Mapped[dt.date] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    override: Mapped[str] = mapped_column(Text, default="")
    decided_by: Mapped[str | None] = mapped_column(String(100), nullable=True)
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
    applied_version_id: Mapped[int | None] = mapped_column(ForeignKey("roster_version.id"),
                                                           nullable=True)


class AuditEvent(Base):
    """One action on the store, done or refused: who, when, what, before and after, why."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)  # UTC
    actor: Mapped[str] = mapped_column(String(100))
    actor_role: Mapped[str] = mapped_column(String(20))
    team: Mapped[str] = mapped_column(String(200))
    month: Mapped[str] = mapped_column(String(7), default="")
    action: Mapped[str] = mapped_column(String(50))  # swap.request, leave.approve, publish, ...
    outcome: Mapped[str] = mapped_column(String(10))  # done, refused
    entity: Mapped[str] = mapped_column(String(20), default="")  # swap, leave, version
    entity_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    version_from: Mapped[int | None] = mapped_column(Integer, nullable=True)
    version_to: Mapped[int | None] = mapped_column(Integer, nullable=True)
    before_json: Mapped[str] = mapped_column(Text, default="")
    after_json: Mapped[str] = mapped_column(Text, default="")
    reason: Mapped[str] = mapped_column(Text, default="")


class Draft(Base):
    """The working copy of a team-month in the app: an opaque JSON document, one per team-month."""

    __tablename__ = "draft"
    __table_args__ = (UniqueConstraint("team", "month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team: Mapped[str] = mapped_column(String(200))
    month: Mapped[str] = mapped_column(String(7))
    author: Mapped[str] = mapped_column(String(100))  # who saved it last
    base_version: Mapped[int | None] = mapped_column(Integer, nullable=True)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    revision: Mapped[int] = mapped_column(Integer, default=1)  # counts saves
    payload_json: Mapped[str] = mapped_column(Text)
