"""Where the runs execute: a process pool on this machine, or a Dask cluster.

Both give ``concurrent.futures`` futures, so the driver
(:mod:`scheduler.batch.driver`) runs one loop over either. A backend says
how many runs it takes at once (``slots``, for the estimate of the time
left), how many to hand it ahead (``window``), and whether an exception
means a worker process was lost (its runs are then handed in again).
"""

from __future__ import annotations

import os
from concurrent.futures import Future
from typing import Protocol

from ...errors import InputError
from ...i18n import define, text

BACKENDS = ("local", "dask")
E_BACKEND = define("batch.backend", "unknown backend '{name}'; use local or dask",
                   "未知的运行方式“{name}”；请用 local 或 dask")
E_ADDRESS_LOCAL = define("batch.address_local", "--address is the address of a Dask scheduler; "
                         "it needs --backend dask", "--address 是 Dask 调度器的地址，需配合 "
                         "--backend dask 使用")
E_COUNT = define("batch.count", "{option} is a whole number ≥ 1, got {value}",
                 "{option} 应为不小于 1 的整数，实际为 {value}")


class Backend(Protocol):
    """What the driver needs of an engine."""

    name: str
    slots: int
    window: int

    def submit(self, spec) -> Future: ...

    def lost_worker(self, exc: BaseException) -> bool:
        """Whether ``exc`` (a future's) means its worker died and the run may go again."""
        ...

    def recover(self) -> None:
        """Make the backend usable again after a lost worker."""
        ...

    def close(self) -> None: ...


def local_workers(threads: int) -> int:
    """Processes for this machine: one per ``threads`` cores, at least one."""
    return max(1, (os.cpu_count() or 1) // threads)


def make_backend(name: str, *, workers: int | None, threads: int,
                 address: str | None = None) -> Backend:
    """Start the backend ``name`` (``local`` or ``dask``).

    Parameters
    ----------
    name
        ``local``: a process pool; ``dask``: a Dask ``LocalCluster``, or the
        cluster whose scheduler is at ``address``.
    workers
        Processes (local) or Dask workers of a ``LocalCluster``; None: one per
        ``threads`` cores of this machine. Ignored with ``address``.
    threads
        CP-SAT workers of each solve; each run reserves that many cores.
    address
        ``tcp://HOST:PORT`` of a running Dask scheduler.

    Raises
    ------
    InputError
        For an unknown backend, an address without Dask, bad counts, Dask
        not installed, a scheduler that cannot be reached or a cluster with
        no worker offering ``threads`` cores.
    """
    for option, value in (("--workers", workers), ("--threads-per-solve", threads)):
        if value is not None and value < 1:
            raise InputError(text(E_COUNT, "en", option=option, value=value),
                             message_zh=text(E_COUNT, "zh", option=option, value=value))
    if name == "local":
        if address:
            raise InputError(text(E_ADDRESS_LOCAL, "en"), message_zh=text(E_ADDRESS_LOCAL, "zh"))
        from .local import LocalBackend

        return LocalBackend(workers or local_workers(threads), threads)
    if name == "dask":
        from .dask import DaskBackend

        return DaskBackend(workers=workers, threads=threads, address=address)
    raise InputError(text(E_BACKEND, "en", name=name), message_zh=text(E_BACKEND, "zh", name=name))


__all__ = ["BACKENDS", "Backend", "local_workers", "make_backend"]
