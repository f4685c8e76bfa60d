"""The batch driver: which runs are due, hand them to a backend, store what comes back.

The driver reads no workbook and builds no model: it hashes each input's
bytes into the run key (:mod:`scheduler.batch.keys`), reads back the runs
an earlier batch finished (:class:`~scheduler.batch.output.RunStore`), hands
the others' bytes to the backend and writes each answer as it arrives. Only
the driver writes files, once per key, so a run handed in twice (after a
lost worker) is still stored once.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, wait
from pathlib import Path
from typing import Any, TextIO

from ..errors import InputError
from ..i18n import define, text
from .keys import file_digest, run_key
from .manifest import RunRequest, read_runs
from .output import SOLVED, RunStore, error_text, run_ok, write_summary
from .progress import ProgressLine
from .task import RunSpec

MAX_ATTEMPTS = 3  # a run whose worker died this often is given up (it may be what kills them)

E_OUT_FILE = define("batch.out_file", "--out is a folder for the batch's outputs, but {path} is a "
                    "file", "--out 应为存放批量结果的文件夹，但 {path} 是文件")
E_LOST = define("batch.lost", "the worker process running it died {n} times; the run was given up",
                "运行它的工作进程已意外退出 {n} 次，该运行已放弃")
E_ENGINE = define("batch.engine", "the {backend} backend failed on this run: {error}",
                  "{backend} 运行方式在此运行上出错：{error}")


def plan_runs(requests: Sequence[RunRequest], *, seed: int | None, time_limit: float | None,
              threads: int) -> list[tuple[RunRequest, str, int | None, float | None]]:
    """Each request with its key, seed and time limit (a row's ``time_limit_s`` wins)."""
    digests: dict[Path, str] = {}
    out = []
    for req in requests:
        digest = digests.get(req.input)
        if digest is None:
            digest = digests[req.input] = file_digest(req.input)
        run_seed = seed if req.seed is None else req.seed
        limit = None if "time_limit_s" in req.overrides else time_limit
        key = run_key(digest, req.overrides, seed=run_seed, time_limit=limit, threads=threads)
        out.append((req, key, run_seed, limit))
    return out


def run_batch(input: str | Path | Sequence[RunRequest], out: str | Path, *,
              backend: str = "local", address: str | None = None, workers: int | None = None,
              threads_per_solve: int = 1, time_limit: float | None = None,
              seed: int | None = None, db: str | None = None, lang: str = "en",
              progress: TextIO | None = None,
              on_result: Callable[[dict[str, Any]], None] | None = None,
              on_start: Callable[[Any], None] | None = None) -> list[dict[str, Any]]:
    """Plan many team-months: each run solved once, stored under its key, summarised.

    Parameters
    ----------
    input
        A folder of problem workbooks (``.xlsx``) and JSON files, a manifest
        (``.csv``/``.json``, see :mod:`scheduler.batch.manifest`), one problem
        file, or the runs as :class:`~scheduler.batch.manifest.RunRequest`.
    out
        The batch folder: ``runs/<name>-<key>/`` per run, ``summary.csv``,
        ``summary.xlsx``. Runs already stored there are read back, not run.
    backend
        ``local`` (a process pool) or ``dask`` (a ``LocalCluster``, or the
        cluster at ``address``).
    address
        ``tcp://HOST:PORT`` of a Dask scheduler.
    workers
        Processes or ``LocalCluster`` workers; None: cores // threads.
    threads_per_solve
        CP-SAT workers per solve, and cores each run reserves.
    time_limit
        Seconds per run; None: each problem's ``time_limit_s``. A manifest
        row's ``time_limit_s`` wins over it.
    seed
        Seed of every run without a seed of its own; None: unseeded runs.
    db
        A store URL (or SQLite path): each good roster becomes a proposal
        version of its team-month (:meth:`RosterService.propose_batch`).
    lang
        Language of the summary workbook, the error sentences and the progress line.
    progress
        Stream for the progress line (``sys.stderr``), or None.
    on_result
        Called with each summary row as its run ends (not for runs read back).
    on_start
        Called with the backend once it has started (not called when every
        run was done before).

    Returns
    -------
    list of dict
        One summary row per run, in input order, with the columns of
        :data:`scheduler.batch.output.COLUMNS`.

    Raises
    ------
    InputError
        Bad input, manifest, options or store URL; a Dask cluster that cannot
        be reached or has no worker with enough cores.

    Notes
    -----
    Worker processes start with ``spawn``, which imports the calling script
    again: call this from a script under ``if __name__ == "__main__":``.
    """
    requests = list(input) if not isinstance(input, (str, Path)) else read_runs(input)
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise InputError(text(E_OUT_FILE, "en", path=out), file=str(out),
                         message_zh=text(E_OUT_FILE, "zh", path=out))
    database = None
    if db is not None:
        from .proposals import open_store

        database = open_store(db)
    try:
        planned = plan_runs(requests, seed=seed, time_limit=time_limit, threads=threads_per_solve)
        store = RunStore(out)
        records: dict[str, dict[str, Any]] = {}  # key → record (stored or fresh)
        before: set[str] = set()
        due: dict[str, tuple[RunRequest, int | None, float | None]] = {}
        for req, key, run_seed, limit in planned:
            if key in records or key in due:
                continue
            if store.done(key) is not None:
                records[key] = store.read(key)
                before.add(key)
            else:
                due[key] = (req, run_seed, limit)
        # Rows asking for the same run (same key) share one solve: progress counts solves.
        line = ProgressLine(progress, len(records) + len(due), len(before), lang)
        if due:
            out.mkdir(parents=True, exist_ok=True)
            _run_due(due, store, records, line, backend=backend, address=address,
                     workers=workers, threads=threads_per_solve, lang=lang,
                     on_result=on_result, on_start=on_start)
        rows = [_row(req, key, run_seed, records[key], key in before, store, lang)
                for req, key, run_seed, _ in planned]
        if database is not None:
            from .proposals import store_proposals

            store_proposals(database, rows, store)
        out.mkdir(parents=True, exist_ok=True)
        write_summary(out, rows, lang)
        return rows
    finally:
        if database is not None:
            database.close()


def _run_due(due, store: RunStore, records, line: ProgressLine, *, backend: str,
             address: str | None, workers: int | None, threads: int, lang: str,
             on_result, on_start) -> None:
    """Hand the due runs to the backend and store each answer as it comes.

    A run whose worker died goes back to the queue (at most
    :data:`MAX_ATTEMPTS` times); every other outcome, an error included, is
    final for this batch.
    """
    from .backends import make_backend

    engine = make_backend(backend, workers=workers, threads=threads, address=address)
    try:
        if on_start is not None:
            on_start(engine)
        queue = deque(due)
        attempts: dict[str, int] = dict.fromkeys(due, 0)
        running: dict[Future, str] = {}
        while queue or running:
            while queue and len(running) < engine.window:
                key = queue.popleft()
                req, run_seed, limit = due[key]
                attempts[key] += 1
                running[_submit(engine, _spec(req, key, run_seed, limit, threads))] = key
            finished, _ = wait(list(running), return_when=FIRST_COMPLETED)
            for future in finished:
                key = running.pop(future)
                record = _outcome(future, key, attempts[key], engine)
                if record is None:
                    # Its worker died: a new pool if this one broke, and the run goes again.
                    # The other runs of a broken pool fail the same way and follow.
                    engine.recover()
                    queue.appendleft(key)
                    continue
                _finish(key, record, attempts[key], due, store, records, line, on_result,
                        lang)
    finally:
        engine.close()


def _submit(engine, spec: RunSpec) -> Future:
    """Hand ``spec`` to the engine; a pool found broken is replaced first."""
    try:
        return engine.submit(spec)
    except Exception as exc:
        if not engine.lost_worker(exc):
            raise
        engine.recover()
        return engine.submit(spec)


def _spec(req: RunRequest, key: str, seed: int | None, limit: float | None,
          threads: int) -> RunSpec:
    # The input's bytes are read as the run is handed out, not all at the start.
    # Each roster workbook speaks its own team's language (lang=None).
    return RunSpec(key=key, name=req.name, input_name=req.label, suffix=req.input.suffix.lower(),
                   data=req.input.read_bytes(), overrides=dict(req.overrides), seed=seed,
                   time_limit=limit, threads=threads, lang=None)


def _outcome(future: Future, key: str, attempt: int, engine) -> dict | None:
    """The record of a finished future; None when its worker died and it may go again."""
    try:
        return future.result()
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # a cancelled future too: every failure of a run is its row
        if engine.lost_worker(exc):
            if attempt < MAX_ATTEMPTS:
                return None
            error = {lg: text(E_LOST, lg, n=attempt) for lg in ("en", "zh")}
        else:
            message = f"{type(exc).__name__}: {exc}"
            error = {lg: text(E_ENGINE, lg, backend=engine.name, error=message)
                     for lg in ("en", "zh")}
        return {"key": key, "status": "error", "error": error}


def _finish(key, record, attempt, due, store: RunStore, records, line: ProgressLine,
            on_result, lang: str) -> None:
    req, run_seed, limit = due[key]
    record = {**record, "attempts": attempt}
    if record.get("status") in SOLVED:
        meta = {"name": req.name, "input": req.label, "overrides": req.overrides,
                "seed": run_seed, "time_limit": limit,
                "finished_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
        store.write(req.name, record, meta)
        record = {k: v for k, v in record.items() if k not in ("roster_csv", "roster_xlsx",
                                                                "problem_json")}
    records[key] = record
    row = _row(req, key, run_seed, record, False, store, lang)
    line.finished(run_ok(row))
    if on_result is not None:
        on_result(row)


def _row(req: RunRequest, key: str, seed: int | None, record: dict[str, Any], before: bool,
         store: RunStore, lang: str) -> dict[str, Any]:
    folder = store.done(key)
    return {
        "name": req.name, "input": req.label, "overrides": req.overrides_text(), "seed": seed,
        "status": record.get("status"), "objective": record.get("objective"),
        "bound": record.get("bound"), "gap": record.get("gap"),
        "hard_violations": record.get("hard_violations"),
        "wall_time_s": record.get("wall_time_s"), "worker": record.get("worker"),
        "peak_rss_mb": record.get("peak_rss_mb"), "attempts": record.get("attempts"),
        "done_before": before, "key": key,
        "output": folder.relative_to(store.out).as_posix() if folder is not None else None,
        "proposal": None, "error": error_text(record, lang) or None,
    }


__all__ = ["MAX_ATTEMPTS", "plan_runs", "run_batch"]
