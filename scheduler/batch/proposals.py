"""Batch rosters into the store: proposal versions for each team's manager to review.

Each good roster (solved, every hard rule kept) becomes a version of status
``proposal`` and kind ``batch`` of its team-month
(:meth:`scheduler.store.RosterService.propose_batch`); nothing is published
and no pointer moves. The team is the problem's ``team`` setting, else the
run's name. A run already proposed (same run key) is not proposed again, so
a rerun of the batch adds only what is new.
"""

from __future__ import annotations

from typing import Any

from ..errors import InputError
from ..i18n import define, text
from .output import RunStore, run_ok

E_STORE = define("batch.store", "cannot open the store {url}: {error}",
                 "无法打开排班库 {url}：{error}")
AUTHOR = "batch"


def open_store(url: str):
    """The store at ``url``, its schema up to date (before any run is solved)."""
    from sqlalchemy.exc import ArgumentError, OperationalError

    from ..store import Database

    try:
        return Database(url)
    except (ArgumentError, OperationalError, ValueError) as exc:
        error = str(exc).splitlines()[0]
        raise InputError(text(E_STORE, "en", url=url, error=error),
                         message_zh=text(E_STORE, "zh", url=url, error=error)) from None


def store_proposals(database, rows: list[dict[str, Any]], runs: RunStore) -> None:
    """Propose every good run's roster; fills each row's ``proposal`` (``team month vN``)."""
    from ..io.roster_csv import read_roster_csv
    from ..models import Problem
    from ..store import RosterService

    service = RosterService(database)
    for row in rows:
        folder = runs.done(row["key"])
        if folder is None or not run_ok(row):
            continue
        problem = Problem.model_validate_json((folder / "problem.json").read_text(encoding="utf-8"))
        roster = read_roster_csv(folder / "roster.csv")
        reason = f"batch run {row['name']}" + (f" ({row['overrides']})" if row["overrides"] else "")
        info = service.propose_batch(problem, roster, run_key=row["key"], author=AUTHOR,
                                     reason=reason, team=problem.settings.team or row["name"])
        row["proposal"] = f"{info.team} {info.month} v{info.number}"


__all__ = ["open_store", "store_proposals"]
