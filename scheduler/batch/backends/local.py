"""The default backend: a pool of processes on this machine (nothing to install).

Processes are started with ``spawn`` (a fresh interpreter: no threads or
solver state copied from the driver). Each runs one solve at a time with
``threads`` CP-SAT workers, so ``processes × threads`` cores are busy at
most. A process that dies (killed, out of memory) breaks the pool: the
driver collects what finished, this backend starts a new pool and the runs
not done are handed in again.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from ..task import RunSpec, execute


def _start_worker(threads: int) -> None:
    """Set up a pool process: numeric libraries keep to the run's cores; load the solver."""
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
                 "NUMBA_NUM_THREADS"):
        os.environ.setdefault(name, str(threads))
    # Imported now, while the driver reads the inputs, rather than on the first run.
    import scheduler.solver  # noqa: F401


class LocalBackend:
    """A ``ProcessPoolExecutor`` of ``workers`` spawned processes."""

    name = "local"

    def __init__(self, workers: int, threads: int) -> None:
        self.slots = workers
        self.window = 2 * workers  # a queued run ready for each process as it finishes
        self.threads = threads
        self._pool = self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=self.slots,
                                   mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_start_worker, initargs=(self.threads,))

    def submit(self, spec: RunSpec) -> Future:
        return self._pool.submit(execute, spec)

    def lost_worker(self, exc: BaseException) -> bool:
        return isinstance(exc, BrokenProcessPool)

    def recover(self) -> None:
        """A new pool if this one is broken (once per breakage, however many runs it failed)."""
        if not getattr(self._pool, "_broken", False):
            return
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._pool = self._new_pool()

    def worker_pids(self) -> list[int]:
        """Process ids of the pool's processes (for tests and diagnostics)."""
        return [p.pid for p in list(getattr(self._pool, "_processes", {}).values())
                if p.pid is not None]

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
