"""The roster store: teams, roster versions, swap and leave requests, the audit trail.

Revision ID: 0001
Revises:
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.create_table(
        "team",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_team")),
        sa.UniqueConstraint("name", name=op.f("uq_team_name")))
    roster_fks = [sa.ForeignKeyConstraint(["team_id"], ["team.id"],
                                          name=op.f("fk_roster_team_id_team"))]
    if sqlite:  # SQLite accepts the forward reference; PostgreSQL gets it below
        roster_fks.append(sa.ForeignKeyConstraint(
            ["published_id"], ["roster_version.id"],
            name=op.f("fk_roster_published_id_roster_version")))
    op.create_table(
        "roster",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("published_id", sa.Integer(), nullable=True),
        sa.Column("lock", sa.Integer(), nullable=False),
        *roster_fks,
        sa.PrimaryKeyConstraint("id", name=op.f("pk_roster")),
        sa.UniqueConstraint("team_id", "month", name=op.f("uq_roster_team_id")))
    op.create_table(
        "roster_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("roster_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=True),
        sa.Column("author", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("problem_json", sa.Text(), nullable=False),
        sa.Column("summary_json", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["parent_id"], ["roster_version.id"],
                                name=op.f("fk_roster_version_parent_id_roster_version")),
        sa.ForeignKeyConstraint(["roster_id"], ["roster.id"],
                                name=op.f("fk_roster_version_roster_id_roster")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_roster_version")),
        sa.UniqueConstraint("roster_id", "number", name=op.f("uq_roster_version_roster_id")))
    if not sqlite:
        op.create_foreign_key(op.f("fk_roster_published_id_roster_version"), "roster",
                              "roster_version", ["published_id"], ["id"])
    op.create_table(
        "version_assignment",
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("shift_id", sa.String(length=50), nullable=False),
        sa.Column("employee_id", sa.String(length=100), nullable=False),
        sa.Column("role", sa.String(length=10), nullable=False),
        sa.Column("origin", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(["version_id"], ["roster_version.id"],
                                name=op.f("fk_version_assignment_version_id_roster_version")),
        sa.PrimaryKeyConstraint("version_id", "date", "shift_id", "employee_id", "role",
                                name=op.f("pk_version_assignment")))
    op.create_table(
        "swap_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("roster_id", sa.Integer(), nullable=False),
        sa.Column("requester", sa.String(length=100), nullable=False),
        sa.Column("duty_date", sa.Date(), nullable=False),
        sa.Column("duty_shift", sa.String(length=50), nullable=False),
        sa.Column("colleague", sa.String(length=100), nullable=False),
        sa.Column("back_date", sa.Date(), nullable=True),
        sa.Column("back_shift", sa.String(length=50), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("asked_on", sa.Date(), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=False),
        sa.Column("accepted_version", sa.Integer(), nullable=True),
        sa.Column("fingerprint", sa.String(length=64), nullable=True),
        sa.Column("decided_by", sa.String(length=100), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("applied_version_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["applied_version_id"], ["roster_version.id"],
                                name=op.f("fk_swap_request_applied_version_id_roster_version")),
        sa.ForeignKeyConstraint(["roster_id"], ["roster.id"],
                                name=op.f("fk_swap_request_roster_id_roster")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_swap_request")))
    op.create_index("ix_swap_request_roster_state", "swap_request", ["roster_id", "state"])
    op.create_table(
        "leave_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("roster_id", sa.Integer(), nullable=False),
        sa.Column("employee_id", sa.String(length=100), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("end", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=50), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("asked_on", sa.Date(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("override", sa.Text(), nullable=False),
        sa.Column("decided_by", sa.String(length=100), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("applied_version_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["applied_version_id"], ["roster_version.id"],
                                name=op.f("fk_leave_request_applied_version_id_roster_version")),
        sa.ForeignKeyConstraint(["roster_id"], ["roster.id"],
                                name=op.f("fk_leave_request_roster_id_roster")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_leave_request")))
    op.create_index("ix_leave_request_roster_state", "leave_request", ["roster_id", "state"])
    op.create_table(
        "audit_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("actor_role", sa.String(length=20), nullable=False),
        sa.Column("team", sa.String(length=200), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("action", sa.String(length=50), nullable=False),
        sa.Column("outcome", sa.String(length=10), nullable=False),
        sa.Column("entity", sa.String(length=20), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=True),
        sa.Column("version_from", sa.Integer(), nullable=True),
        sa.Column("version_to", sa.Integer(), nullable=True),
        sa.Column("before_json", sa.Text(), nullable=False),
        sa.Column("after_json", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_event")))
    # The audit trail is append-only.
    if sqlite:
        for what in ("UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER audit_event_no_{what.lower()} BEFORE {what} "
                       "ON audit_event BEGIN SELECT RAISE(ABORT, "
                       "'audit_event is append-only'); END")
    else:
        op.execute("CREATE FUNCTION audit_event_append_only() RETURNS trigger AS $$ BEGIN "
                   "RAISE EXCEPTION 'audit_event is append-only'; END $$ LANGUAGE plpgsql")
        op.execute("CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE "
                   "ON audit_event FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()")


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        op.execute("DROP TRIGGER IF EXISTS audit_event_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_event_no_delete")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_event_append_only ON audit_event")
        op.execute("DROP FUNCTION IF EXISTS audit_event_append_only()")
        op.drop_constraint(op.f("fk_roster_published_id_roster_version"), "roster",
                           type_="foreignkey")
    op.drop_table("audit_event")
    op.drop_index("ix_leave_request_roster_state", "leave_request")
    op.drop_table("leave_request")
    op.drop_index("ix_swap_request_roster_state", "swap_request")
    op.drop_table("swap_request")
    op.drop_table("version_assignment")
    op.drop_table("roster_version")
    op.drop_table("roster")
    op.drop_table("team")
