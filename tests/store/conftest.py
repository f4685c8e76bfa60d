"""The store's tests run on SQLite and, when ``ROSTER_TEST_DATABASE_URL`` is set, on PostgreSQL.

Each test starts from an empty store with the schema at the newest
revision, so tests pay for the migration once: on SQLite a copy of a file
migrated once per session, in the test's temporary directory; on
PostgreSQL a database created and migrated once per session, every table
emptied (sequences restarted) before each test. ``blank_url`` is a database
without tables for the migration tests (on PostgreSQL one created for the
test and dropped after it). The URL's role needs CREATEDB; its own database
is only used to create and drop the tests' ones.

Fixtures: ``engine_name`` (``sqlite`` or ``postgresql``), ``blank_url``,
``db_url``, ``db`` (a :class:`~scheduler.store.Database`), ``service`` (a
:class:`~scheduler.store.RosterService`) and ``published`` (the service with
the tiny month of ``tests/change_cases.py`` published by its manager M).
"""

from __future__ import annotations

import itertools
import os
import shutil
import warnings

import pytest
import store_cases
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from scheduler.store import Database, RosterService
from scheduler.store.schema import Base

PG_URL = os.environ.get("ROSTER_TEST_DATABASE_URL", "")

ENGINES = ["sqlite", pytest.param("postgresql", marks=pytest.mark.skipif(
    not PG_URL, reason="ROSTER_TEST_DATABASE_URL is not set (.ci/run sets it)"))]


class PgServer:
    """Creates and drops the tests' databases on the server of ``ROSTER_TEST_DATABASE_URL``."""

    def __init__(self, url: str) -> None:
        self.url = make_url(url)
        self.admin = create_engine(self.url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
        self.names = (f"roster_t{os.getpid()}_{i}" for i in itertools.count())
        self.store: str | None = None

    def create(self) -> str:
        name = next(self.names)
        with self.admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        return name

    def emptied_store(self) -> str:
        """The session's database with the schema (migrated on first use), every table emptied."""
        if self.store is None:
            self.store = self.create()
            Database(self.url_of(self.store)).close()
        engine = create_engine(self.url_of(self.store), isolation_level="AUTOCOMMIT",
                               poolclass=NullPool)
        with engine.connect() as conn:
            # Whatever a test left connected (a child process it killed) lets go first.
            # Only the tests' own role: an autovacuum worker is the superuser's (and gives way
            # to TRUNCATE by itself).
            conn.exec_driver_sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE "
                                 "datname = current_database() AND pid <> pg_backend_pid() "
                                 "AND usename = current_user")
            conn.exec_driver_sql("TRUNCATE " + ", ".join(
                t.name for t in Base.metadata.sorted_tables) + " RESTART IDENTITY CASCADE")
        engine.dispose()
        return self.store

    def url_of(self, name: str) -> str:
        return self.url.set(database=name).render_as_string(hide_password=False)

    def drop(self, name: str) -> None:
        # A plain DROP stops an autovacuum worker on the database; WITH (FORCE), needed
        # only when a test left a connection open, may not (it is the superuser's).
        for how in ("", " WITH (FORCE)"):
            try:
                with self.admin.connect() as conn:
                    conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"{how}')
                return
            except DBAPIError:
                continue
        warnings.warn(f"the test database {name} could not be dropped", stacklevel=1)


@pytest.fixture(scope="session")
def pg_server():
    server = PgServer(PG_URL)
    yield server
    if server.store is not None:
        server.drop(server.store)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> str:
    """A SQLite file with the schema at the newest revision."""
    path = tmp_path_factory.mktemp("template") / "store.db"
    Database(f"sqlite:///{path}").close()  # the last connection closed folds the WAL in
    return str(path)


@pytest.fixture(params=ENGINES)
def engine_name(request) -> str:
    return request.param


@pytest.fixture
def blank_url(engine_name, tmp_path, request):
    """The URL of an empty database (no tables)."""
    if engine_name == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
        return
    server = request.getfixturevalue("pg_server")
    name = server.create()
    yield server.url_of(name)
    server.drop(name)


@pytest.fixture
def db_url(engine_name, tmp_path, request) -> str:
    """The URL of an empty store with the schema at the newest revision."""
    if engine_name == "sqlite":
        path = tmp_path / "store.db"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    server = request.getfixturevalue("pg_server")
    return server.url_of(server.emptied_store())


@pytest.fixture
def db(db_url):
    database = Database(db_url)
    yield database
    database.close()


@pytest.fixture
def service(db) -> RosterService:
    return RosterService(db, time_limit=10)


@pytest.fixture
def published(service) -> RosterService:
    """The tiny month published by its manager M: version 1."""
    store_cases.publish(service)
    return service
