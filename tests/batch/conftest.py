"""Fixtures of the batch tests (the cases are in ``batch_cases``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from batch_cases import SEEDED, write_teams


@pytest.fixture(scope="session")
def teams(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("teams")
    write_teams(folder)
    return folder


@pytest.fixture(scope="session")
def local_batch(teams, tmp_path_factory):
    """The teams planned once on the local pool: (out folder, summary rows)."""
    from scheduler.batch import run_batch

    out = tmp_path_factory.mktemp("local") / "out"
    rows = run_batch(teams, out, backend="local", workers=2, **SEEDED)
    return out, rows
