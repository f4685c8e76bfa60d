"""The tiny month of change_cases.py in the store: publish it, drive it, compare the store's rows.

Also the workers of the concurrency and crash tests: they run in processes
started with the ``spawn`` method, so they live here, in a module a child
process can import by name.
"""

from __future__ import annotations

import datetime as dt
import os

import change_cases as cases
from sqlalchemy import select, text

from scheduler.changes import ChangeError, Duty
from scheduler.store import Database, Refused, RosterService
from scheduler.store.schema import AuditEvent, Base

EARLY = dt.date(2026, 12, 1)
"""``today`` of most actions: before the first duty (Mon 7th) and more than three days ahead."""


def publish(service: RosterService, problem=None, roster=None, actor: str = "M"):
    return service.publish(problem or cases.problem(), roster or cases.roster(), actor=actor,
                           reason="first")


def accepted_swap(service: RosterService, requester: str, duty: Duty, colleague: str,
                  back: Duty | None = None, today: dt.date = EARLY) -> int:
    """A swap asked for and accepted: its id."""
    swap_id = service.request_swap(actor=requester, duty=duty, to=colleague, back=back,
                                   today=today).request_id
    service.accept_swap(swap_id, actor=colleague, today=today)
    return swap_id


def snapshot(db: Database) -> dict[str, list[tuple]]:
    """Every row of every table but the audit trail, in key order."""
    out = {}
    with db.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            if table.name != AuditEvent.__tablename__:
                out[table.name] = [tuple(r) for r in conn.execute(
                    select(table).order_by(*table.primary_key.columns))]
    return out


def audit(db: Database) -> list[AuditEvent]:
    with db.session() as session:
        return list(session.scalars(select(AuditEvent).order_by(AuditEvent.id)))


def state(service: RosterService, kind: str, request_id: int) -> str:
    rows = service.swaps() if kind == "swap" else service.leave_requests()
    return next(r["state"] for r in rows if r["id"] == request_id)


def duty_holder(roster, day: dt.date, shift_id: str = "D") -> str:
    return next(a.employee_id for a in roster.assignments
                if a.date == day and a.shift_id == shift_id and a.role == "duty")


def integrity(db: Database) -> str:
    with db.engine.connect() as conn:
        return conn.execute(text("PRAGMA integrity_check")).scalar()


# ------------------------------------------------------------ process workers
def outcome_of(call) -> tuple:
    """Run ``call()``: ("done", state, version number) or how it was refused."""
    try:
        out = call()
    except Refused as refused:
        return ("Refused", refused.what.render("en"))
    except ChangeError as err:
        return ("ChangeError", err.render("en"))
    except Exception as err:  # noqa: BLE001 - the test reports it as a crash
        return ("crash", repr(err))
    return ("done", out.state, out.version.number if out.version else None)


def act(url: str, calls: list[tuple[str, dict]], barrier, results) -> None:
    """Open the store, wait for the others at ``barrier``, then make ``calls`` one by one.

    Each call is (method of RosterService, keyword arguments); what each
    did goes to the queue ``results`` as (pid, outcomes).
    """
    db = Database(url)
    service = RosterService(db)
    try:
        barrier.wait(timeout=60)
        results.put((os.getpid(), [outcome_of(lambda m=method, k=kwargs: getattr(service, m)(**k))
                                   for method, kwargs in calls]))
    finally:
        db.close()


def die_while_approving(url: str, swap_id: int) -> None:
    """Approve ``swap_id`` and die (no clean-up at all) once its new version is written."""
    import scheduler.store.service as service_module

    def crash(*_args, **_kwargs):
        os._exit(3)

    service_module.diff_rosters = crash
    RosterService(Database(url)).approve_swap(swap_id, actor="M", today=EARLY)


def open_store(url: str, barrier, results) -> None:
    """Open the store at ``url`` (creating its schema if need be) once the others are ready too."""
    from alembic.script import ScriptDirectory

    from scheduler.store.db import alembic_config, current_revision, make_engine

    # Alembic and the migration scripts loaded first, so that all start migrating at once.
    ScriptDirectory.from_config(alembic_config(make_engine(url))).get_current_head()
    barrier.wait(timeout=60)
    try:
        db = Database(url)
        results.put((os.getpid(), ("done", current_revision(db.engine))))
        db.close()
    except Exception as err:  # noqa: BLE001 - the test reports it as a crash
        results.put((os.getpid(), ("crash", repr(err))))
