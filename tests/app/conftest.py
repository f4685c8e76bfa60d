"""The app's tests: Streamlit's AppTest on ``app.py`` with a temporary store.

Each test gets its own SQLite store in its temporary directory (``ROSTER_DB``)
and runs there, so nothing is written to the working directory. ``driver``
clicks through the app (:class:`app_cases.Driver`); ``published`` is a store
with the sample month solved (seed 0) and published by E01.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from app_cases import SAMPLE, Driver


@pytest.fixture
def app_dir(tmp_path, monkeypatch):
    """A working directory and store of the test's own."""
    monkeypatch.setenv("ROSTER_DB", str(tmp_path / "roster.db"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture(autouse=True)
def main_module():
    """What running the app leaves in the test process is undone after each test.

    Streamlit runs the app as ``__main__``: the process gets its own back. The
    caches (the store of each test is in ``st.cache_resource``) are emptied,
    so later tests do not carry every test's store along.
    """
    main = sys.modules["__main__"]
    yield
    sys.modules["__main__"] = main
    import streamlit as st

    st.cache_resource.clear()
    st.cache_data.clear()


@pytest.fixture
def driver(app_dir):
    return Driver()


@pytest.fixture(scope="session")
def published_store(tmp_path_factory):
    """A store file with the sample month solved (seed 0) and published by E01 (made once)."""
    from scheduler import solve
    from scheduler.io import load_problem
    from scheduler.store import Database, RosterService

    path = tmp_path_factory.mktemp("published") / "roster.db"
    db = Database(str(path))
    problem = load_problem(SAMPLE)
    result = solve(problem, time_limit=30, seed=0)
    RosterService(db).publish(problem, result.roster, actor="E01", reason="first")
    db.close()
    return path


@pytest.fixture
def published(app_dir, published_store, monkeypatch):
    """The test's store is a copy of ``published_store``; the service on it."""
    from scheduler.store import Database, RosterService

    for suffix in ("", "-wal", "-shm"):
        source = Path(str(published_store) + suffix)
        if source.exists():
            shutil.copy(source, app_dir / f"roster.db{suffix}")
    db = Database(str(app_dir / "roster.db"))
    yield RosterService(db)
    db.close()
