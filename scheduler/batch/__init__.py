"""Many team-months at once: ``roster batch`` and :func:`run_batch`.

- :mod:`.manifest`: the runs (a folder of workbooks, or a manifest of inputs
  and per-run overrides);
- :mod:`.keys`: run keys, hashes of everything a run depends on;
- :mod:`.task`: what a worker does with one run, plain data in and out;
- :mod:`.backends`: a local process pool (default) or Dask;
- :mod:`.driver`: skip what is done, hand out the rest, store each answer;
- :mod:`.output`: run folders written atomically, ``summary.csv``/``.xlsx``;
- :mod:`.progress`: the progress line;
- :mod:`.proposals`: good rosters as proposal versions in the store (``--db``).

Example::

    from scheduler.batch import run_batch
    rows = run_batch("teams/", "out/", seed=0, time_limit=20)
    failed = [r for r in rows if r["error"]]

Importing this package loads neither OR-Tools nor Dask: the solver loads in
the workers, Dask when its backend starts.
"""

from __future__ import annotations

from .driver import run_batch
from .manifest import RunRequest, read_runs
from .output import COLUMNS, run_ok

__all__ = ["COLUMNS", "RunRequest", "read_runs", "run_batch", "run_ok"]
