"""The problem workbook of ``shared/workbook.md``: how HR describes a month.

- :mod:`.spec`: the sheet contract, its sheets, columns and Settings keys with
  their Chinese aliases and help texts;
- :mod:`.reader`: :func:`load_workbook` / :func:`read_workbook`, a workbook into
  a :class:`~scheduler.models.Problem`, errors naming file, sheet, row and column;
- :mod:`.writer`: :func:`write_workbook`, a problem into a workbook HR can edit
  (the template is the sample problem written this way).

The reader and the writer both use the spec and never each other.
"""

from __future__ import annotations

from ...errors import InputError
from .reader import WorkbookInput, load_workbook, read_workbook
from .spec import SHEETS, Column, SettingKey, SheetSpec, norm, settings_keys
from .writer import write_workbook

__all__ = ["SHEETS", "Column", "InputError", "SettingKey", "SheetSpec", "WorkbookInput",
           "load_workbook", "norm", "read_workbook", "settings_keys", "write_workbook"]
