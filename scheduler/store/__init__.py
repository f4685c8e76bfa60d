"""The roster store: published versions, swap and leave requests, the audit trail.

SQLAlchemy 2.x on an embedded SQLite file by default (``roster.db`` in the
working directory, or ``ROSTER_DB`` / a URL), PostgreSQL through a
``postgresql+psycopg://`` URL; the schema is created and upgraded by Alembic
(:mod:`scheduler.store.db`). :class:`RosterService` is the change workflow
the command line and the app call.
"""

from __future__ import annotations

from .db import Database, database_url
from .service import Outcome, Refused, RosterService, VersionInfo

__all__ = ["Database", "Outcome", "Refused", "RosterService", "VersionInfo", "database_url"]
