"""The store's database: SQLite by default, PostgreSQL by URL; created and upgraded by Alembic.

The URL comes from the caller, else ``ROSTER_DB``, else ``roster.db`` in the
working directory. SQLite runs with foreign keys on, write-ahead logging, a
busy timeout, and every transaction opened by ``BEGIN IMMEDIATE``, so two
processes writing one file queue instead of failing or corrupting it; on
PostgreSQL (``postgresql+psycopg://``) the roster row is locked ``FOR
UPDATE`` by the service, and migrations hold an advisory lock, so two
first uses of an empty database at once make the schema once.
"""

from __future__ import annotations

import os
import sqlite3
import time
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
DEFAULT_URL = "sqlite:///roster.db"
MIGRATION_LOCK = 0x526F73746572  # PostgreSQL advisory lock key of the store's migrations


def database_url(url: str | None = None) -> str:
    """The URL to use: the one given, ``ROSTER_DB``, or ``roster.db`` here."""
    url = url or os.environ.get("ROSTER_DB") or DEFAULT_URL
    if "://" not in url:  # a plain path
        url = f"sqlite:///{url}"
    return url


def make_engine(url: str | None = None) -> Engine:
    url = database_url(url)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record) -> None:
            # pysqlite's own transaction handling off: BEGIN is emitted below.
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.execute("PRAGMA foreign_keys=ON")
            _write_ahead_logging(cursor)
            cursor.close()

        @event.listens_for(engine, "begin")
        def _begin_immediate(conn) -> None:
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    return create_engine(url, pool_pre_ping=True)


def _write_ahead_logging(cursor, patience: float = 30.0) -> None:
    """Switch the file to write-ahead logging (once per file: the mode persists).

    The switch needs the file to itself. When several processes open a new
    file at once, SQLite answers "database is locked" at once instead of
    waiting where waiting could deadlock (two readers both asking for the
    file to themselves), so the switch is retried for up to ``patience``
    seconds.
    """
    deadline = time.monotonic() + patience
    while True:
        try:
            if cursor.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as err:
            if "locked" not in str(err) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def alembic_config(engine: Engine):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Create or upgrade the schema to ``revision`` (Alembic migrations)."""
    from alembic import command

    cfg = alembic_config(engine)
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            # Another process migrating the same database goes first; its schema is then
            # committed and seen here, so this upgrade has nothing left to do. (SQLite's
            # BEGIN IMMEDIATE queues the second the same way.)
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


class Database:
    """An engine with its schema at the newest revision, and sessions on it."""

    def __init__(self, url: str | None = None, migrate: bool = True) -> None:
        self.url = database_url(url)
        self.engine = make_engine(self.url)
        if migrate:
            upgrade(self.engine)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def transaction(self):
        """A session in one transaction: committed at the end, rolled back on any error."""
        with self.sessions() as session, session.begin():
            yield session

    def session(self) -> Session:
        return self.sessions()

    def close(self) -> None:
        self.engine.dispose()
