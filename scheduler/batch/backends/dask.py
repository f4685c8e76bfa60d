"""The cluster backend: Dask's ``distributed`` scheduler, local or remote.

Without an address a ``LocalCluster`` of worker processes starts on this
machine; with ``--address tcp://HOST:PORT`` the runs go to a running
cluster. Every task reserves ``threads`` units of the worker resource
``cores`` (``resources={"cores": K}``) and solves with ``K`` CP-SAT workers,
so a worker started with ``--resources cores=N`` runs at most ``N // K``
solves at once and its node is never oversubscribed. Tasks are plain
functions of plain data (:mod:`scheduler.batch.task`); the workers need the
package installed (``pip install 'duty-roster[dask]'``), not the inputs'
files.

A worker that dies is Dask's business: the scheduler hands its tasks to
another worker (a task that was running on
``distributed.scheduler.allowed-failures`` dying workers is given up and
comes back as an error row); ``retries`` covers exceptions a task raises.
"""

from __future__ import annotations

import logging
import os
import time
from concurrent.futures import Future
from uuid import uuid4

from ...errors import InputError
from ...i18n import define, text
from ..task import RunSpec, execute

CORES = "cores"
RETRIES = 2
CONNECT_TIMEOUT = 30.0  # seconds to reach a scheduler and see a worker that fits

E_NO_DASK = define("batch.no_dask", "the dask backend needs Dask: pip install "
                   "'duty-roster[dask]' ({error})", "dask 运行方式需要安装 Dask：pip install "
                   "'duty-roster[dask]'（{error}）")
E_CONNECT = define("batch.connect", "cannot reach the Dask scheduler at {address}: {error}",
                   "无法连接 Dask 调度器 {address}：{error}")
E_NO_CORES = define("batch.no_cores", "no worker of the cluster at {address} offers {k} cores "
                    "within {timeout:g} s: start workers with --resources cores=N (N ≥ {k}), or "
                    "lower --threads-per-solve", "集群 {address} 在 {timeout:g} 秒内没有提供 {k} 个"
                    "核的工作进程：请用 --resources cores=N（N ≥ {k}）启动工作进程，或降低 "
                    "--threads-per-solve")


def _input_error(key: str, **params) -> InputError:
    return InputError(text(key, "en", **params), message_zh=text(key, "zh", **params))


class DaskBackend:
    """Runs as Dask tasks that each reserve ``threads`` cores."""

    name = "dask"

    def __init__(self, *, workers: int | None, threads: int, address: str | None) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:
            raise _input_error(E_NO_DASK, error=exc) from None
        from . import local_workers

        self.threads = threads
        self.cluster = None
        if address:
            try:
                self.client = Client(address, timeout=CONNECT_TIMEOUT)
            except (OSError, TimeoutError) as exc:
                raise _input_error(E_CONNECT, address=address, error=exc) from None
        else:
            n = workers or local_workers(threads)
            self.cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                                        resources={CORES: threads}, dashboard_address=None,
                                        silence_logs=logging.ERROR)
            self.client = Client(self.cluster)
        try:
            self.slots = self._wait_for_cores(address or "LocalCluster")
        except BaseException:
            self.close()
            raise
        self.window = 1 << 30  # every run at once: the scheduler balances them
        self._executor = self.client.get_executor(resources={CORES: threads}, retries=RETRIES,
                                                  pure=False)

    def _wait_for_cores(self, address: str) -> int:
        """Runs the cluster takes at once; waits for a worker offering ``threads`` cores."""
        deadline = time.monotonic() + CONNECT_TIMEOUT
        while True:
            workers = self.client.scheduler_info().get("workers", {}).values()
            slots = sum(min(w.get("nthreads", 1), int(w.get("resources", {}).get(CORES, 0))
                            // self.threads) for w in workers)
            if slots > 0:
                return slots
            if time.monotonic() > deadline:
                raise _input_error(E_NO_CORES, address=address, k=self.threads,
                                   timeout=CONNECT_TIMEOUT)
            time.sleep(0.2)

    def submit(self, spec: RunSpec) -> Future:
        # A readable key in Dask's dashboard; unique, as a run may be handed in again.
        return self._executor.submit(execute, spec,
                                     key=f"roster-run-{spec.key}-{uuid4().hex[:8]}")

    def lost_worker(self, exc: BaseException) -> bool:
        return False  # the scheduler has already re-run it elsewhere as often as allowed

    def recover(self) -> None:
        pass

    def worker_pids(self) -> dict[str, int]:
        """Each worker's address and process id (for tests and diagnostics)."""
        return self.client.run(os.getpid)

    def close(self) -> None:
        client = getattr(self, "client", None)
        if client is not None:
            client.close()
        if self.cluster is not None:
            self.cluster.close()
