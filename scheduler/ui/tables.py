"""The problem's input tables (Settings, Shifts, Staff, Leave, …) as editable grids.

The tables are the problem workbook itself: the problem is written as a
workbook (:func:`~scheduler.io.workbook.write_workbook`) and its sheets shown
as text grids; edited grids are written back into a workbook and read by the
same reader as an upload, so an error names the sheet, row and column as the
command line does, and the app holds no parsing of its own.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pandas as pd

from ..models import Problem


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if value.time() == dt.time():
            return value.date().isoformat()
        return value.isoformat(" ", "minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def problem_tables(problem: Problem, lang: str) -> dict[str, pd.DataFrame]:
    """Each sheet of the problem's workbook as a grid of text (header row as columns)."""
    import openpyxl

    from ..io.workbook import write_workbook
    from ..io.workbook.spec import INSTRUCTION_NAMES, norm

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "problem.xlsx"
        write_workbook(problem, path, lang)  # type: ignore[arg-type]
        wb = openpyxl.load_workbook(path, read_only=True)
        out = {}
        for ws in wb.worksheets:
            if norm(ws.title) in {norm(n) for n in INSTRUCTION_NAMES}:
                continue
            rows = [[_text(v) for v in row] for row in ws.iter_rows(values_only=True)]
            rows = [r for r in rows if any(r)]
            if not rows:
                continue
            header = [h or f"_{i}" for i, h in enumerate(rows[0])]
            out[ws.title] = pd.DataFrame(rows[1:], columns=header, dtype="string").fillna("")
        wb.close()
    return out


def tables_workbook(tables: dict[str, pd.DataFrame]) -> bytes:
    """The edited grids as an ``.xlsx`` (each grid a sheet, its columns the header row)."""
    import io

    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for name, frame in tables.items():
        ws = wb.create_sheet(name)
        ws.append([c for c in frame.columns if not str(c).startswith("_")])
        keep = [c for c in frame.columns if not str(c).startswith("_")]
        for _, row in frame[keep].iterrows():
            values = ["" if pd.isna(v) else str(v).strip() for v in row.tolist()]
            ws.append([v if v != "" else None for v in values])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
