"""Stopping a running solve from another thread (the app's Stop button).

:func:`scheduler.solve` takes ``stop``: a :class:`threading.Event` (or any
callable returning True once the caller wants the search to end). A
:class:`Stopper` watches it for one call: a small thread polls it and stops
every CP-SAT search registered with :meth:`Stopper.watching` (CP-SAT's
``stop_search`` is asynchronous and thread-safe), and the loops of the
search ask :attr:`Stopper.requested` before they start another sub-solve.
A stopped search returns the best roster found so far, as at a time limit.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

POLL_SECONDS = 0.05
"""How often the watcher looks at the stop signal: the longest a stop waits."""


class Stopper:
    """The stop signal of one solve and the CP-SAT searches it may end.

    Parameters
    ----------
    stop
        A :class:`threading.Event`, a callable returning a bool, or None (the
        solve is never stopped; nothing is started).
    """

    def __init__(self, stop: threading.Event | Callable[[], bool] | None = None) -> None:
        self.enabled = stop is not None
        self._asked: Callable[[], bool] = (
            (lambda: False) if stop is None else stop.is_set if hasattr(stop, "is_set") else stop)
        self._solvers: set[Any] = set()
        self._lock = threading.Lock()
        self._done = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def requested(self) -> bool:
        """Whether the caller asked the solve to stop."""
        return self.enabled and bool(self._asked())

    @contextmanager
    def watching(self, solver) -> Iterator[None]:
        """Stop ``solver`` (a ``CpSolver``) whenever the stop is asked while this block runs."""
        if not self.enabled:
            yield
            return
        with self._lock:
            self._solvers.add(solver)
            if self._thread is None:
                self._thread = threading.Thread(target=self._watch, name="solve-stop",
                                                daemon=True)
                self._thread.start()
        try:
            yield
        finally:
            with self._lock:
                self._solvers.discard(solver)

    def _watch(self) -> None:
        # A search that starts after the stop was asked is stopped at the next poll:
        # CP-SAT forgets a stop_search() called before its solve began.
        while not self._done.wait(POLL_SECONDS):
            if self._asked():
                with self._lock:
                    solvers = list(self._solvers)
                for solver in solvers:
                    solver.stop_search()

    def close(self) -> None:
        """End the watcher thread (the solve is over)."""
        self._done.set()
        if self._thread is not None:
            self._thread.join()

    def __enter__(self) -> Stopper:
        return self

    def __exit__(self, *_) -> None:
        self.close()
