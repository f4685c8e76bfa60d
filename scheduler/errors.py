"""Errors about the user's input: one sentence naming file, sheet, row and column."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class InputError(Exception):
    """Bad input. ``str()`` gives the one sentence a user sees.

    ``row`` is the row number as Excel shows it (1 = the header row) for a
    workbook, the line number for CSV, and the item index path for JSON.
    """

    message: str
    file: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    message_zh: str | None = None

    def where(self, lang: str = "en") -> str:
        parts = []
        if self.file:
            parts.append(self.file)
        if lang == "zh":
            if self.sheet:
                parts.append(f"工作表 {self.sheet}")
            if self.row is not None:
                parts.append(f"第 {self.row} 行")
            if self.column:
                parts.append(f"列 {self.column}")
        else:
            if self.sheet:
                parts.append(f"sheet {self.sheet}")
            if self.row is not None:
                parts.append(f"row {self.row}")
            if self.column:
                parts.append(f"column {self.column}")
        return ", ".join(parts)

    def render(self, lang: str = "en") -> str:
        where = self.where(lang)
        text = self.message_zh if lang == "zh" and self.message_zh else self.message
        return f"{where}: {text}" if where else text

    def __str__(self) -> str:
        return self.render("en")
