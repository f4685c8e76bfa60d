"""Reading and writing problems and rosters.

- :mod:`.formats`: which reader and writer a file takes (:func:`load_problem`,
  :func:`read_roster`, :func:`output_format`, :func:`write_result`) and
  :func:`atomic_write`;
- :mod:`.workbook`: the problem workbook HR fills in (spec, reader, writer);
- :mod:`.roster_workbook`: the roster workbook HR prints, edits and sends back;
- :mod:`.roster_csv`, :mod:`.problem_json`, :mod:`.curtois`: the roster CSV,
  the problem as JSON, the Curtois & Qu benchmark format.
"""

from __future__ import annotations

from ..errors import InputError
from .formats import (
    atomic_write,
    load_problem,
    output_format,
    problem_format,
    read_roster,
    write_result,
    write_roster,
)
from .problem_json import load_problem_json, problem_schema, write_problem_json
from .roster_csv import read_roster_csv, roster_to_csv, write_roster_csv
from .workbook import load_workbook, write_workbook

__all__ = ["InputError", "atomic_write", "load_problem", "load_problem_json", "load_workbook",
           "output_format", "problem_format", "problem_schema", "read_roster", "read_roster_csv",
           "roster_to_csv", "write_problem_json", "write_result", "write_roster",
           "write_roster_csv", "write_workbook"]
