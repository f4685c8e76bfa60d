"""The task a worker runs: one team-month from the input's bytes to plain data.

The driver ships the input file's bytes and the run's settings
(:class:`RunSpec`, plain picklable data); the worker reads the problem,
applies the overrides, builds and solves the CP-SAT model with
``num_workers`` set to the run's threads, re-checks the roster with every
rule's independent ``check`` and returns a plain ``dict``: nothing of
OR-Tools crosses a process boundary (its objects do not pickle), and a
worker on another machine needs no shared file system. A bad input or a
failing solve is returned as an error sentence, never raised, so the other
runs go on.
"""

from __future__ import annotations

import os
import socket
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..i18n import define, text

E_INTERNAL = define("batch.internal", "internal error while solving: {error}",
                    "求解时发生内部错误：{error}")
# Hard violations named in the summary; the rest are counted.
SHOWN_VIOLATIONS = 3


@dataclass(frozen=True)
class RunSpec:
    """Everything a worker needs for one run, as plain data.

    Attributes
    ----------
    key
        The run key (:func:`scheduler.batch.keys.run_key`).
    name
        The run's name.
    input_name
        The input as the user named it, for messages.
    suffix
        The input's suffix (``.xlsx``, ``.json``): which reader.
    data
        The input file's bytes.
    overrides
        Setting overrides by workbook key.
    seed, time_limit, threads
        As :func:`scheduler.solve` takes them (``threads`` is ``workers``).
    lang
        Language of the roster workbook's texts; None: the problem's.
    """

    key: str
    name: str
    input_name: str
    suffix: str
    data: bytes
    overrides: dict[str, Any] = field(default_factory=dict)
    seed: int | None = None
    time_limit: float | None = None
    threads: int = 1
    lang: str | None = None


def worker_id() -> str:
    """``host:pid`` of this process."""
    return f"{socket.gethostname()}:{os.getpid()}"


def peak_rss_mb() -> float | None:
    """This process's peak resident memory so far, MB (None where unknown)."""
    try:
        import resource
    except ImportError:  # Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Linux reports kilobytes, macOS bytes.
    return round(peak / (1 << 20 if sys.platform == "darwin" else 1 << 10), 1)


def load_spec_problem(spec: RunSpec):
    """The run's problem: the input read from its bytes, with the overrides in place.

    Raises
    ------
    InputError
        Naming the input as the user named it, with sheet, row and column.
    """
    from pydantic import ValidationError

    from ..io.formats import load_problem
    from .manifest import apply_overrides

    with tempfile.TemporaryDirectory(prefix="roster-batch-") as folder:
        path = Path(folder) / f"input{spec.suffix}"
        path.write_bytes(spec.data)
        try:
            problem = load_problem(path)
        except InputError as err:
            err.file = spec.input_name
            raise
    if not spec.overrides:
        return problem
    try:
        settings = apply_overrides(problem.settings, spec.overrides)
        return problem.model_validate({**problem.model_dump(), "settings": settings})
    except ValidationError as exc:
        reason = exc.errors()[0]["msg"].removeprefix("Value error, ")
        raise InputError(f"with the overrides {_listed(spec.overrides)}: {reason}",
                         file=spec.input_name,
                         message_zh=f"应用覆盖设置 {_listed(spec.overrides)} 后：{reason}") from None


def _listed(overrides: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v}" for k, v in sorted(overrides.items()))


def execute(spec: RunSpec) -> dict[str, Any]:
    """Run one team-month; returns plain data (see :func:`scheduler.batch.output` for its use).

    The keys: ``key``, ``status`` (a solver status, or ``error``),
    ``objective``, ``bound``, ``gap``, ``hard_violations`` (count, from
    ``check_roster``), ``hard_texts`` (the first few, ``{"en", "zh"}``),
    ``error`` (``{"en", "zh"}`` or None: bad input, internal error, or why
    the month has no roster), ``wall_time_s``, ``solver_time_s``,
    ``worker`` (``host:pid``), ``peak_rss_mb``, ``assignments``, and the
    outputs ``roster_csv`` (text), ``roster_xlsx`` (bytes) and
    ``problem_json`` (the problem solved, overrides applied), each None
    when there is no roster.
    """
    started = time.perf_counter()
    out: dict[str, Any] = {
        "key": spec.key, "status": "error", "objective": None, "bound": None, "gap": None,
        "hard_violations": None, "hard_texts": [], "error": None, "solver_time_s": None,
        "assignments": None, "roster_csv": None, "roster_xlsx": None, "problem_json": None,
    }
    try:
        problem = load_spec_problem(spec)
        out["problem_json"] = problem.model_dump_json()
        _solve(spec, problem, out)
    except InputError as err:
        out["error"] = {"en": err.render("en"), "zh": err.render("zh")}
    except Exception as exc:  # one run's failure must not stop the batch: it is reported
        error = f"{type(exc).__name__}: {exc}"
        out["error"] = {lang: text(E_INTERNAL, lang, error=error) for lang in ("en", "zh")}
        out["status"] = "error"
    out["wall_time_s"] = round(time.perf_counter() - started, 3)
    out["worker"] = worker_id()
    out["peak_rss_mb"] = peak_rss_mb()
    return out


def _solve(spec: RunSpec, problem, out: dict[str, Any]) -> None:
    # OR-Tools loads here, inside the worker, never in the driver.
    from ..checks import check_roster
    from ..io.roster_csv import roster_to_csv
    from ..io.roster_workbook import write_roster_workbook
    from ..solver import solve

    result = solve(problem, time_limit=spec.time_limit, seed=spec.seed, workers=spec.threads)
    out.update(status=result.status, objective=result.objective, bound=result.bound,
               gap=result.gap, solver_time_s=round(result.solver_time, 3))
    if result.roster is None:
        reasons = result.explanation or result.warnings[:1]
        if reasons:
            out["error"] = {lang: "; ".join(m.render(lang) for m in reasons)
                            for lang in ("en", "zh")}
        return
    hard = [v for v in check_roster(problem, result.roster) if v.hard]
    out["hard_violations"] = len(hard)
    out["hard_texts"] = [{"en": v.text("en"), "zh": v.text("zh")}
                         for v in hard[:SHOWN_VIOLATIONS]]
    out["assignments"] = len(result.roster)
    out["roster_csv"] = roster_to_csv(result.roster)
    with tempfile.TemporaryDirectory(prefix="roster-batch-") as folder:
        path = Path(folder) / "roster.xlsx"
        write_roster_workbook(result, path, lang=spec.lang or problem.settings.language)
        out["roster_xlsx"] = path.read_bytes()


__all__ = ["RunSpec", "execute", "load_spec_problem", "peak_rss_mb", "worker_id"]
