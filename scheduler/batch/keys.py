"""Run keys: what makes two runs the same run.

A run's key is a hash of the input file's content (not its name or folder),
the overrides, the seed, the time limit and the threads per solve: the
things that decide the roster. Outputs are stored under the key, so a rerun
finds what is done, a renamed or moved input is still the same run, and an
edited workbook is a new one.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

KEY_LENGTH = 12
# Bumped when what a run computes for the same key changes, so older outputs are not reused.
KEY_FORMAT = 1


def file_digest(path: str | Path) -> str:
    """SHA-256 of a file's bytes, hexadecimal."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def run_key(content: str, overrides: dict[str, Any], *, seed: int | None,
            time_limit: float | None, threads: int) -> str:
    """The key of a run: the first hexadecimal digits of a hash of all it depends on.

    Parameters
    ----------
    content
        :func:`file_digest` of the input.
    overrides
        Validated setting overrides (canonical values, see
        :func:`scheduler.batch.manifest.read_runs`).
    seed, time_limit, threads
        The solve's seed (None: unseeded), time limit (None: the problem's
        own ``time_limit_s``, part of the content) and CP-SAT workers.
    """
    data = {"format": KEY_FORMAT, "input": content,
            "overrides": sorted((k, repr(v)) for k, v in overrides.items()),
            "seed": seed, "time_limit": None if time_limit is None else float(time_limit),
            "threads": int(threads)}
    text = json.dumps(data, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:KEY_LENGTH]


__all__ = ["KEY_LENGTH", "file_digest", "run_key"]
