"""The roster workbook HR prints, edits in Excel and sends back (R9, R11).

- :mod:`.spec`: the layout both sides rely on: sheet names, the rows and
  columns of the Roster sheet, the cell codes (:class:`CodeBook`), colours,
  labels and messages, :func:`cell_ref`;
- :mod:`.writer`: :func:`write_roster_workbook` / :func:`roster_workbook`, a
  result into the workbook;
- :mod:`.reader`: :func:`read_roster_workbook`, an edited workbook back into a
  roster with the cell of each assignment and the changes, and
  :func:`pin_workbook` to re-plan around HR's edits.

The writer and the reader both use the spec and never each other.
"""

from __future__ import annotations

from .reader import (
    CellViolation,
    Change,
    RosterImport,
    name_pinned_cells,
    pin_workbook,
    read_roster_workbook,
)
from .spec import (
    FIRST_DATE_COL,
    FIRST_PERSON_ROW,
    HEADER_ROW,
    SOLVER_SHEET,
    CodeBook,
    cell_ref,
    shift_colours,
)
from .writer import handovers, roster_workbook, write_roster_workbook

__all__ = ["FIRST_DATE_COL", "FIRST_PERSON_ROW", "HEADER_ROW", "SOLVER_SHEET", "CellViolation",
           "Change", "CodeBook", "RosterImport", "cell_ref", "handovers", "name_pinned_cells",
           "pin_workbook", "read_roster_workbook", "roster_workbook", "shift_colours",
           "write_roster_workbook"]
