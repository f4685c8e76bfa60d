"""Reading and writing problems and rosters."""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from ..models import Problem, Roster
from .problem_json import load_problem_json, problem_schema, write_problem_json
from .roster_csv import read_roster_csv, roster_to_csv, write_roster_csv
from .workbook import load_workbook, write_workbook


def load_problem(path: str | Path) -> Problem:
    """Load a problem from a workbook (``.xlsx``) or JSON file.

    Raises
    ------
    InputError
        With the file, sheet, row and column of the first problem found.
    """
    suffix = Path(path).suffix.lower()
    if not Path(path).exists():
        raise InputError("file not found", file=str(path))
    if suffix in (".xlsx", ".xlsm"):
        return load_workbook(path).problem
    if suffix == ".json":
        return load_problem_json(path)
    if suffix == ".txt":
        from .curtois import read_curtois  # the Curtois & Qu benchmark format

        return read_curtois(path)
    raise InputError(f"unsupported file type '{suffix}'; give a .xlsx workbook or a .json file",
                     file=Path(path).name)


def read_roster(path: str | Path) -> Roster:
    """Read a roster from CSV (``date,shift_id,employee_id,role``) or JSON."""
    if Path(path).suffix.lower() == ".json":
        import json

        try:
            data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
        except FileNotFoundError:
            raise InputError("file not found", file=str(path)) from None
        rows = data.get("roster", data.get("assignments", [])) if isinstance(data, dict) else data
        return Roster.model_validate({"assignments": rows})
    return read_roster_csv(path)


def write_roster(roster: Roster, path: str | Path) -> None:
    """Write a roster as CSV, or JSON when the path ends in ``.json``."""
    if Path(path).suffix.lower() == ".json":
        Path(path).write_text(roster.sorted().model_dump_json(indent=2), encoding="utf-8")
    else:
        write_roster_csv(roster, path)


__all__ = ["InputError", "load_problem", "load_workbook", "write_workbook", "problem_schema", "read_roster", "read_roster_csv",
           "roster_to_csv", "write_problem_json", "write_roster", "write_roster_csv"]
