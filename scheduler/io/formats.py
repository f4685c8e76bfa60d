"""Which reader and which writer: chosen from the files, never from the problem.

A problem is read by its file's suffix: a workbook (``.xlsx``), JSON, or a
Curtois & Qu benchmark instance (``.txt``). A result is written by the
output's suffix: the roster CSV (``date,shift_id,employee_id,role``), the
whole result as JSON, or the roster workbook (``.xlsx``); a benchmark
instance's roster goes to a ``.csv`` in the benchmark's own
``employee,day,shift`` form (:func:`output_format`). A roster is read back by
its content: a CSV whose header is ``employee,day,shift`` is a benchmark
solution. Files are written through a temporary file (:func:`atomic_write`),
so a failure never leaves half a file.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError
from ..i18n import Lang, define, text
from ..models import Problem, Roster
from .curtois import read_curtois, read_curtois_solution, write_curtois_solution
from .problem_json import load_problem_json
from .roster_csv import read_roster_csv, write_roster_csv
from .workbook import load_workbook

if TYPE_CHECKING:
    from ..results import Result

# Problem files by suffix: the reader of each format is chosen here and nowhere else.
PROBLEM_FORMATS = {".xlsx": "workbook", ".xlsm": "workbook", ".json": "json", ".txt": "curtois"}
# Result files by suffix; "curtois" is chosen by output_format, never by a suffix.
OUTPUT_FORMATS = {".csv": "csv", ".json": "json", ".xlsx": "xlsx"}
CURTOIS_SOLUTION_HEADER = "employee,day,shift"

E_OUT_TYPE = define("io.out_type", "unsupported output type '{suffix}'; use .csv, .json or .xlsx",
                    "不支持的输出类型“{suffix}”；请用 .csv、.json 或 .xlsx")


def problem_format(path: str | Path) -> str | None:
    """The format of a problem file by its suffix: ``workbook``, ``json``, ``curtois`` or None."""
    return PROBLEM_FORMATS.get(Path(path).suffix.lower())


def load_problem(path: str | Path) -> Problem:
    """Load a problem from a workbook (``.xlsx``), JSON or benchmark (``.txt``) file.

    Raises
    ------
    InputError
        With the file, sheet, row and column of the first problem found.
    """
    suffix = Path(path).suffix.lower()
    if not Path(path).exists():
        raise InputError("file not found", file=str(path))
    kind = problem_format(path)
    if kind == "workbook":
        return load_workbook(path).problem
    if kind == "json":
        return load_problem_json(path)
    if kind == "curtois":
        return read_curtois(path)
    raise InputError(f"unsupported file type '{suffix}'; give a .xlsx workbook or a .json file",
                     file=Path(path).name)


def output_format(input_path: str | Path, out_path: str | Path) -> str:
    """The format to write the result of ``input_path``'s problem to ``out_path`` in.

    Parameters
    ----------
    input_path
        The problem file the result comes from.
    out_path
        The file to write.

    Returns
    -------
    str
        ``csv``, ``json`` or ``xlsx`` by the output's suffix; ``curtois`` (the
        benchmark's ``employee,day,shift`` CSV) when the input is a benchmark
        instance and the output a ``.csv``, so the benchmark's tools read it.

    Raises
    ------
    InputError
        Naming the output file when its suffix is none of ``.csv``, ``.json``, ``.xlsx``.
    """
    kind = _output_suffix_format(out_path)
    if kind == "csv" and problem_format(input_path) == "curtois":
        return "curtois"
    return kind


def _output_suffix_format(path: str | Path) -> str:
    suffix = Path(path).suffix
    kind = OUTPUT_FORMATS.get(suffix.lower())
    if kind is None:
        raise InputError(text(E_OUT_TYPE, "en", suffix=suffix), file=str(path),
                         message_zh=text(E_OUT_TYPE, "zh", suffix=suffix))
    return kind


def write_result(result: Result, path: str | Path, *, lang: Lang = "en",
                 format: str | None = None) -> None:
    """Write a result's roster (or the whole result) to ``path``, atomically.

    Parameters
    ----------
    result
        The :class:`~scheduler.results.Result` of :func:`scheduler.solve`.
    path
        The file to write; replaced whole, keeping its permissions.
    lang
        ``"en"`` or ``"zh"``: language of the texts in JSON and the workbook.
    format
        ``csv`` (the roster CSV), ``json`` (the whole result), ``xlsx`` (the
        roster workbook) or ``curtois`` (the benchmark's ``employee,day,shift``
        CSV); None chooses by the suffix of ``path``.

    Raises
    ------
    InputError
        When ``format`` is None and the suffix is none of ``.csv``, ``.json``, ``.xlsx``.
    ValueError
        For a ``format`` that is none of the above.
    """
    path = Path(path)
    kind = _output_suffix_format(path) if format is None else format
    if kind == "csv":
        atomic_write(path, lambda tmp: result.to_csv(tmp))
    elif kind == "json":
        atomic_write(path, lambda tmp: result.to_json(tmp, lang=lang))
    elif kind == "xlsx":
        from .roster_workbook import write_roster_workbook

        atomic_write(path, lambda tmp: write_roster_workbook(result, tmp, lang=lang))
    elif kind == "curtois":
        problem, roster = result.instance.problem, result.roster or Roster()
        atomic_write(path, lambda tmp: write_curtois_solution(problem, roster, tmp))
    else:
        raise ValueError(f"unknown output format {format!r}; use csv, json, xlsx or curtois")


def read_roster(path: str | Path, problem: Problem | None = None) -> Roster:
    """Read a roster from CSV (``date,shift_id,employee_id,role``) or JSON.

    Parameters
    ----------
    path
        A roster CSV, a JSON file (a result's, or a list of assignments), or a
        benchmark solution CSV (header ``employee,day,shift``).
    problem
        The problem the roster belongs to; needed to read a benchmark
        solution, whose days count from the problem's first date.

    Raises
    ------
    InputError
        Naming the file, line and column of the first problem found.
    """
    if Path(path).suffix.lower() == ".json":
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
        except FileNotFoundError:
            raise InputError("file not found", file=str(path)) from None
        rows = data.get("roster", data.get("assignments", [])) if isinstance(data, dict) else data
        return Roster.model_validate({"assignments": rows})
    if problem is not None and _header(path) == CURTOIS_SOLUTION_HEADER:
        return read_curtois_solution(problem, path)
    return read_roster_csv(path)


def _header(path: str | Path) -> str:
    """The first line of a text file without case or spaces; '' when it cannot be read."""
    try:
        with open(path, newline="", encoding="utf-8-sig") as fh:
            return fh.readline().strip().lower().replace(" ", "")
    except (OSError, UnicodeDecodeError):
        return ""  # the CSV reader says what is wrong


def write_roster(roster: Roster, path: str | Path) -> None:
    """Write a roster as CSV, or JSON when the path ends in ``.json``."""
    if Path(path).suffix.lower() == ".json":
        Path(path).write_text(roster.sorted().model_dump_json(indent=2), encoding="utf-8")
    else:
        write_roster_csv(roster, path)


def atomic_write(path: str | Path, write: Callable[[Path], object]) -> None:
    """Write a file through a temporary file in the same folder, then replace it.

    A failure leaves no half file. The file written gets the permissions of
    the one it replaces, or those of any new file (``mkstemp`` makes its
    temporary file private to the owner).

    Parameters
    ----------
    path
        The file to write; its folder is created when missing.
    write
        Called with the temporary file's path; writes the content there.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = path.stat().st_mode & 0o7777 if path.exists() else _new_file_mode()
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=path.suffix)
    os.close(fd)
    try:
        write(Path(tmp))
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _new_file_mode() -> int:
    """The permissions ``open(path, "w")`` would give a new file (0o666 less the umask)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


__all__ = ["CURTOIS_SOLUTION_HEADER", "OUTPUT_FORMATS", "PROBLEM_FORMATS", "atomic_write",
           "load_problem", "output_format", "problem_format", "read_roster", "write_result",
           "write_roster"]
