"""Cases of the batch tests: small generated teams, and a subprocess environment.

The teams are small enough (8-12 people) that a seeded solve proves its
roster optimal long before the time limit: the search is then deterministic,
so every backend must return the same roster for the same seed.
"""

from __future__ import annotations

import os
from pathlib import Path

from scheduler.generate import generate_team
from scheduler.io import write_problem_json

REPO = Path(__file__).resolve().parents[1]  # the checkout whose code the tests run
SEEDED = {"seed": 0, "time_limit": 20.0}
SIZES = (8, 10, 12)


def subprocess_env() -> dict[str, str]:
    """The environment of a process that must import this checkout's ``scheduler``."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH")) if p)
    return env


def write_teams(folder: Path, sizes=SIZES, first_seed: int = 0) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i, n in enumerate(sizes):
        path = folder / f"team{first_seed + i}.json"
        write_problem_json(generate_team(n, "2026-12", seed=first_seed + i), path)
        out.append(path)
    return out


def rosters(out: Path, rows: list[dict]) -> dict[str, str]:
    """Each run's roster CSV by run key."""
    return {r["key"]: (out / r["output"] / "roster.csv").read_text(encoding="utf-8") for r in rows}
