"""The schema comes from the Alembic migrations: from an empty database to head and back.

On SQLite and PostgreSQL: ``upgrade()`` on an empty database makes every
table of the ORM at the newest revision, again is a no-op, a downgrade to
base and a new upgrade work, and the migrated schema is what the ORM's
metadata says (Alembic's autogenerate comparison finds nothing to add).
"""

from __future__ import annotations

import multiprocessing

import pytest
import store_cases
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.exc import DBAPIError

from scheduler.store import Database, RosterService
from scheduler.store.db import alembic_config, current_revision, make_engine, upgrade
from scheduler.store.schema import Base

TABLES = {t.name for t in Base.metadata.sorted_tables}


def head(engine) -> str:
    return ScriptDirectory.from_config(alembic_config(engine)).get_current_head()


def tables(engine) -> set[str]:
    return set(inspect(engine).get_table_names())


def downgrade(engine, revision: str = "base") -> None:
    cfg = alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)


def test_upgrade_from_an_empty_database_makes_the_schema_at_head(blank_url):
    engine = make_engine(blank_url)
    assert current_revision(engine) is None and tables(engine) == set()
    upgrade(engine)
    assert current_revision(engine) == head(engine)
    assert tables(engine) == TABLES | {"alembic_version"}
    engine.dispose()


def test_upgrade_again_changes_nothing(blank_url):
    db = Database(blank_url)  # the first use creates the schema
    store_cases.publish(RosterService(db))
    upgrade(db.engine)
    again = Database(blank_url)  # as every later command line call does
    assert current_revision(again.engine) == head(again.engine)
    assert [v.number for v in RosterService(again).versions("2026-12")] == [1]
    again.close()
    db.close()


def test_downgrade_to_base_then_upgrade_again(blank_url):
    engine = make_engine(blank_url)
    upgrade(engine)
    downgrade(engine)
    assert current_revision(engine) is None and tables(engine) <= {"alembic_version"}
    upgrade(engine)
    assert current_revision(engine) == head(engine) and tables(engine) >= TABLES
    engine.dispose()
    # The store works on the schema made the second time, append-only audit trail included.
    db = Database(blank_url)
    service = RosterService(db)
    store_cases.publish(service)
    assert [e.action for e in service.log()] == ["publish"]
    with pytest.raises(DBAPIError, match="append-only"), db.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_event"))
    assert len(service.log()) == 1
    db.close()


def test_the_migrated_schema_is_the_orms(blank_url):
    engine = make_engine(blank_url)
    upgrade(engine)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diffs = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert diffs == []


def test_processes_opening_an_empty_store_at_once_make_the_schema_once(blank_url):
    # Three command-line calls on a store nobody has used yet.
    spawn = multiprocessing.get_context("spawn")
    barrier, results = spawn.Barrier(3), spawn.Queue()
    procs = [spawn.Process(target=store_cases.open_store, args=(blank_url, barrier, results))
             for _ in range(3)]
    for p in procs:
        p.start()
    outcomes = [results.get(timeout=120)[1] for _ in procs]
    for p in procs:
        p.join(60)
    engine = make_engine(blank_url)
    assert outcomes == [("done", head(engine))] * 3
    assert tables(engine) == TABLES | {"alembic_version"}
    engine.dispose()


def test_sqlite_runs_with_foreign_keys_and_write_ahead_logging(tmp_path):
    db = Database(f"sqlite:///{tmp_path / 'store.db'}")
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() >= 1000
    db.close()
