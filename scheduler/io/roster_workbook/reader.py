"""Reading an edited roster workbook back (R9).

:func:`read_roster_workbook` reads the Roster sheet of a workbook written by
:func:`~scheduler.io.roster_workbook.writer.write_roster_workbook` back into a
:class:`~scheduler.models.Roster`, tolerating what Excel and LibreOffice do to
files, and records where each assignment was read and what changed against
the solver's roster stored in the workbook. :func:`pin_workbook` turns the
hand edits into pins for re-planning. The rules themselves are never
re-implemented here: violations come from :func:`scheduler.checks.check_roster`.
Every error is one sentence in English and Chinese naming the file and the cell.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from constraints.base import Violation

from ...errors import InputError
from ...i18n import Lang, Msg, msg, text
from ...instance import Instance
from ...models import Assignment, Problem, Roster
from .spec import (
    BACKUP_PREFIX,
    E_DATE_MISSING,
    E_DATE_OUTSIDE,
    E_DATE_TWICE,
    E_NO_DATES,
    E_NO_ID,
    E_NO_ID_COL,
    E_NO_SHEET,
    E_NOT_XLSX,
    E_PERSON_TWICE,
    E_UNKNOWN_CODE,
    E_UNKNOWN_PERSON,
    FORMAT_NAME,
    ID_HEADERS,
    NAME_HEADERS,
    ROSTER_SHEET_ALIASES,
    SOLVER_META,
    SOLVER_SHEET,
    T_CHANGE,
    T_PIN_CELL,
    W_NO_RECORD,
    W_NO_ROW,
    W_OTHER_MONTH,
    CodeBook,
    cell_ref,
    language_of,
)


@dataclass(frozen=True)
class Change:
    """One Roster cell whose content differs from the solver's roster."""

    employee_id: str
    date: dt.date
    cell: str | None
    before: tuple[Assignment, ...]
    after: tuple[Assignment, ...]

    def message(self, book: CodeBook, inst: Instance | None = None) -> Msg:
        """The change as a sentence: cell, person, date, codes before and after."""
        empty = msg("rwb.empty")

        def codes(rows: tuple[Assignment, ...]) -> str | Msg:
            return book.cell_text((a.shift_id, a.role) for a in rows) or empty

        emp = inst.emp_label(self.employee_id) if inst is not None else self.employee_id
        return msg(T_CHANGE, cell=self.cell or "—", emp=emp, date=self.date,
                   before=codes(self.before), after=codes(self.after))


@dataclass
class RosterImport:
    """An edited roster workbook read back.

    Attributes
    ----------
    roster
        The roster as the Roster sheet holds it now.
    cells
        Where each assignment was read (``Roster!K7``).
    original
        The solver's roster stored in the workbook, or None when there is none.
    changes
        The cells that differ from ``original``, in date and staff order.
    warnings
        Things worth knowing that are no error (a person without a row, …).
    """

    roster: Roster
    cells: dict[Assignment, str]
    original: Roster | None
    changes: list[Change]
    warnings: list[Msg]
    sheet: str
    header_row: int
    person_rows: dict[str, int]
    date_columns: dict[dt.date, int]
    codebook: CodeBook
    instance: Instance = field(repr=False)

    def cell(self, employee_id: str, day: dt.date) -> str | None:
        """The cell of a person and date (``Roster!K7``), or None."""
        row, col = self.person_rows.get(employee_id), self.date_columns.get(day)
        if row is None or col is None:
            return None
        return cell_ref(self.sheet, row, col)

    def cell_for(self, violation: Violation) -> str | None:
        """The cell a violation is about: the person's cell that date, else the date's header."""
        if violation.date is None:
            return None
        if violation.employee_id is not None:
            ref = self.cell(violation.employee_id, violation.date)
            if ref is not None:
                return ref
        col = self.date_columns.get(violation.date)
        return cell_ref(self.sheet, self.header_row, col) if col is not None else None

    def change_lines(self, lang: Lang = "en") -> list[str]:
        """Each change as one line of text."""
        return [c.message(self.codebook, self.instance).render(lang) for c in self.changes]

    def pin_cells(self, pins: list[Assignment] | None = None) -> list[str | None]:
        """The cell of each pin (default: each assignment of :attr:`roster`), in order."""
        return [self.cells.get(a) for a in (self.roster.assignments if pins is None else pins)]

    def check(self) -> list[CellViolation]:
        """Every violation of the edited roster, with its cell and whether the edit introduced it.

        The rules are those of :func:`scheduler.checks.check_roster`; a violation
        counts as introduced when the solver's roster stored in the workbook
        does not have it (all of them when there is no stored roster).
        """
        from ...checks import check_roster

        def key(v: Violation) -> tuple:
            return (v.rule, v.employee_id, v.date, v.shift_id, v.penalty, v.text("en"))

        before = ({key(v) for v in check_roster(self.instance, self.original)}
                  if self.original is not None else set())
        return [CellViolation(v, self.cell_for(v), key(v) not in before)
                for v in check_roster(self.instance, self.roster)]


@dataclass(frozen=True)
class CellViolation:
    """A violation found on an imported roster, with the Roster cell it is about."""

    violation: Violation
    cell: str | None
    introduced: bool


def _norm(value: Any) -> str:
    """Cell text as typed: NFKC (full-width letters), stripped; '' for blanks."""
    if value is None:
        return ""
    if isinstance(value, float):
        if value != value:
            return ""
        if value.is_integer():
            value = int(value)
    return unicodedata.normalize("NFKC", str(value)).strip()


def _as_date(value: Any, first: dt.date, last: dt.date) -> dt.date | None:
    """A header value as a date: Excel date, datetime, serial number or text."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if value != value:
            return None
        if float(value).is_integer() and 1 <= value <= 31 and (first.year, first.month) == (
                last.year, last.month):
            return dt.date(first.year, first.month, int(value))  # a day number typed by hand
        if 20000 < value < 80000:
            from openpyxl.utils.datetime import from_excel

            return from_excel(value).date()
        return None
    if isinstance(value, str):
        s = unicodedata.normalize("NFKC", value).strip()
        m = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T].*)?", s)
        if m:
            y, mo, d = int(m[1]), int(m[2]), int(m[3])
        else:
            m = re.fullmatch(r"(\d{1,2})[-/.月](\d{1,2})日?", s)
            if not m:
                return None
            mo, d = int(m[1]), int(m[2])
            y = first.year if mo >= first.month else last.year
        try:
            return dt.date(y, mo, d)
        except ValueError:
            return None
    return None


def _load_book(path: str | Path):
    """The workbook opened read-only; InputError when it is missing or no ``.xlsx``."""
    from openpyxl import load_workbook

    name = Path(path).name
    if not Path(path).exists():
        raise InputError("file not found", file=str(path), message_zh="找不到文件")
    try:
        return load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # zip, XML or format errors of a broken or foreign file
        raise InputError(text(E_NOT_XLSX, "en", reason=type(exc).__name__), file=name,
                         message_zh=text(E_NOT_XLSX, "zh", reason=type(exc).__name__)) from None


def _error(name: str, key: str, **params: Any) -> InputError:
    """The InputError of message ``key`` about file ``name``, in both languages."""
    return InputError(text(key, "en", **params), file=name, message_zh=text(key, "zh", **params))


def read_roster_workbook(path: str | Path, problem: Problem | Instance) -> RosterImport:
    """Read the Roster sheet of an edited roster workbook back into a roster.

    Parameters
    ----------
    path
        The ``.xlsx`` written by :func:`write_roster_workbook` and edited in
        Excel or LibreOffice (extra sheets, renamed title rows, dates turned
        into datetimes, lower-case codes and stray spaces are fine).
    problem
        The problem the roster belongs to (people, shifts and dates).

    Returns
    -------
    RosterImport
        The roster, the cell of each assignment, and the changes against the
        solver's roster stored in the workbook.

    Raises
    ------
    InputError
        One sentence naming the cell: a missing Roster sheet or date column,
        an unknown person or shift code.
    """
    inst = problem if isinstance(problem, Instance) else Instance(problem)
    name = Path(path).name
    wb = _load_book(path)
    try:
        sheets = {ws.title.strip().lower(): ws for ws in wb.worksheets}
        ws = next((sheets[k] for k in sheets if k in ROSTER_SHEET_ALIASES), None)
        if ws is None:
            raise _error(name, E_NO_SHEET, sheets=", ".join(w.title for w in wb.worksheets))
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
        solver_ws = next((w for w in wb.worksheets if w.title.strip() == SOLVER_SHEET), None)
        solver_rows = [list(r) for r in solver_ws.iter_rows(values_only=True)] if solver_ws else None
        sheet_title = ws.title
    finally:
        wb.close()
    return _parse_roster_rows(rows, solver_rows, sheet_title, inst, name)


def _parse_roster_rows(rows: list[list[Any]], solver_rows: list[list[Any]] | None, sheet: str,
                       inst: Instance, name: str) -> RosterImport:
    """The import of the Roster sheet's rows (and the hidden sheet's, when there is one)."""
    index, date_cols = _date_columns(rows, sheet, inst, name)
    header, body = rows[index], rows[index + 1:]
    header_row = index + 1
    id_col, name_col = _person_columns(header, body, min(date_cols.values()), sheet, inst, name)
    person_rows, assignments, cells = _read_people(body, header_row, id_col, name_col, date_cols,
                                                   sheet, inst, name)
    warnings = [msg(W_NO_ROW, emp=inst.emp_label(e), sheet=sheet)
                for e in inst.emp_ids if e not in person_rows]
    roster = Roster(assignments=assignments).sorted()
    original = _solver_roster(solver_rows, inst, warnings)
    result = RosterImport(roster=roster, cells=cells, original=original, changes=[],
                          warnings=warnings, sheet=sheet, header_row=header_row,
                          person_rows=person_rows, date_columns=date_cols,
                          codebook=CodeBook(inst.problem, language_of(inst.problem)),
                          instance=inst)
    if original is not None:
        result.changes = _diff(result, original)
    return result


def _date_columns(rows: list[list[Any]], sheet: str, inst: Instance,
                  name: str) -> tuple[int, dict[dt.date, int]]:
    """The index of the header row in ``rows`` and the column of each date.

    The header row is the one with the most dates of the horizon, wherever the
    title went; it must hold every date of the horizon, each once.
    """
    first, last = inst.first, inst.last
    scan = min(len(rows), 30)
    best_row, best_count = None, 0
    for r in range(scan):
        count = sum(1 for v in rows[r] if (d := _as_date(v, first, last)) is not None
                    and first <= d <= last)
        if count > best_count:
            best_row, best_count = r, count
    if best_row is None:
        raise _error(name, E_NO_DATES, sheet=sheet, first=first, last=last, rows=scan or 30)
    header_row = best_row + 1
    date_cols: dict[dt.date, int] = {}
    for c, value in enumerate(rows[best_row], start=1):
        day = _as_date(value, first, last)
        if day is None:
            continue
        ref = cell_ref(sheet, header_row, c)
        if not first <= day <= last:
            raise _error(name, E_DATE_OUTSIDE, cell=ref, date=day, first=first, last=last)
        if day in date_cols:
            raise _error(name, E_DATE_TWICE, cell=ref, date=day,
                         other=cell_ref(sheet, header_row, date_cols[day]))
        date_cols[day] = c
    for day in inst.dates:
        if day not in date_cols:
            raise _error(name, E_DATE_MISSING, sheet=sheet, row=header_row, date=day,
                         first=first, last=last)
    return best_row, date_cols


def _person_columns(header: list[Any], body: list[list[Any]], first_date_col: int, sheet: str,
                    inst: Instance, name: str) -> tuple[int, int | None]:
    """The employee id and name columns left of the dates.

    Found by their header text; without an id header, the column that holds
    the most staff ids.
    """
    left = range(1, first_date_col)
    labels = {c: _norm(header[c - 1]).lower() if c - 1 < len(header) else "" for c in left}
    id_col = next((c for c in left if labels[c] in ID_HEADERS), None)
    name_col = next((c for c in left if labels[c] in NAME_HEADERS), None)
    if id_col is None:
        hits = {c: sum(1 for r in body if c - 1 < len(r) and _norm(r[c - 1]) in inst.staff)
                for c in left}
        id_col = max(hits, key=lambda c: hits[c], default=None)
        if id_col is None or hits[id_col] == 0:
            raise _error(name, E_NO_ID_COL, sheet=sheet)
    return id_col, name_col


def _read_people(body: list[list[Any]], header_row: int, id_col: int, name_col: int | None,
                 date_cols: dict[dt.date, int], sheet: str, inst: Instance, name: str,
                 ) -> tuple[dict[str, int], list[Assignment], dict[Assignment, str]]:
    """The row of each person, the assignments read and the cell of each.

    A row is a person's by its id, or by a name that only one person has. Rows
    of no person (weekdays, day kinds, notes, blank rows) are skipped unless
    they hold shift codes.
    """
    by_name: dict[str, list[str]] = defaultdict(list)
    for eid, emp in inst.staff.items():
        if emp.name:
            by_name[_norm(emp.name)].append(eid)
    book = CodeBook(inst.problem, "zh")  # parses both 备D and bD
    codes_hint = ", ".join(CodeBook(inst.problem, "en").listed()
                           + [BACKUP_PREFIX["zh"] + s for s in book.with_backups])
    col_date = {c: d for d, c in date_cols.items()}
    person_rows: dict[str, int] = {}
    assignments: list[Assignment] = []
    cells: dict[Assignment, str] = {}
    for offset, values in enumerate(body):
        row = header_row + 1 + offset
        raw_id = _norm(values[id_col - 1]) if id_col - 1 < len(values) else ""
        emp_id: str | None = raw_id or None
        if emp_id is None and name_col is not None and name_col - 1 < len(values):
            match = by_name.get(_norm(values[name_col - 1]), [])
            emp_id = match[0] if len(match) == 1 else None
        parsed, bad = _row_codes(values, date_cols, book)
        if emp_id is None:
            if parsed and bad is None:
                raise _error(name, E_NO_ID, cell=cell_ref(sheet, row, id_col))
            continue  # the weekday and day-kind rows, notes, blank rows
        if emp_id not in inst.staff:
            raise _error(name, E_UNKNOWN_PERSON, cell=cell_ref(sheet, row, id_col), value=raw_id)
        if emp_id in person_rows:
            raise _error(name, E_PERSON_TWICE, cell=cell_ref(sheet, row, id_col),
                         emp=emp_id, row=person_rows[emp_id])
        if bad is not None:
            raise _error(name, E_UNKNOWN_CODE, cell=cell_ref(sheet, row, bad[0]), value=bad[1],
                         codes=codes_hint)
        person_rows[emp_id] = row
        for col, items in parsed:
            for sid, role in items:
                a = Assignment.model_validate({"date": col_date[col], "shift_id": sid,
                                               "employee_id": emp_id, "role": role})
                assignments.append(a)
                cells[a] = cell_ref(sheet, row, col)
    return person_rows, assignments, cells


def _row_codes(values: list[Any], date_cols: dict[dt.date, int], book: CodeBook,
               ) -> tuple[list[tuple[int, list[tuple[str, str]]]], tuple[int, str] | None]:
    """The (shift_id, role) items of each filled date cell of a row, and the first bad token."""
    parsed: list[tuple[int, list[tuple[str, str]]]] = []
    bad: tuple[int, str] | None = None
    for col in date_cols.values():
        value = _norm(values[col - 1]) if col - 1 < len(values) else ""
        if not value:
            continue
        items = book.parse(value)
        if isinstance(items, str):
            bad = bad or (col, items)
        else:
            parsed.append((col, items))
    return parsed, bad


def _solver_roster(rows: list[list[Any]] | None, inst: Instance,
                   warnings: list[Msg]) -> Roster | None:
    """The solver's roster of the hidden sheet, or None (with a warning) when unusable."""
    if not rows:
        warnings.append(msg(W_NO_RECORD))
        return None
    meta = {_norm(r[0]): r[1:] for r in rows[:len(SOLVER_META)] if r and r[0] is not None}
    fmt = meta.get("format", [None])
    if not fmt or _norm(fmt[0]) != FORMAT_NAME:
        warnings.append(msg(W_NO_RECORD))
        return None
    first = _as_date(meta.get("first", [None])[0], inst.first, inst.last)
    last = _as_date(meta.get("last", [None])[0], inst.first, inst.last)
    if (first, last) != (inst.first, inst.last):
        warnings.append(msg(W_OTHER_MONTH, first=first, last=last))
        return None
    out = []
    for r in rows[len(SOLVER_META) + 1:]:  # below the header row
        if not r or r[0] is None:
            continue
        day = _as_date(r[0], inst.first, inst.last)
        sid, emp, role = (_norm(v) for v in (list(r) + [None] * 4)[1:4])
        if day is None or sid not in inst.shifts or emp not in inst.staff:
            continue
        if role not in ("duty", "backup", ""):
            continue
        out.append(Assignment.model_validate({"date": day, "shift_id": sid, "employee_id": emp,
                                              "role": role or "duty"}))
    return Roster(assignments=out).sorted()


def _diff(imported: RosterImport, original: Roster) -> list[Change]:
    """The cells whose assignments differ from ``original``, in date and staff order."""
    now: dict[tuple[str, dt.date], set[Assignment]] = defaultdict(set)
    before: dict[tuple[str, dt.date], set[Assignment]] = defaultdict(set)
    for a in imported.roster.assignments:
        now[a.employee_id, a.date].add(a)
    for a in original.assignments:
        before[a.employee_id, a.date].add(a)
    order = {e: i for i, e in enumerate(imported.instance.emp_ids)}
    keys = sorted(set(now) | set(before), key=lambda k: (k[1], order.get(k[0], 0), k[0]))
    out = []
    for emp, day in keys:
        if now.get((emp, day), set()) == before.get((emp, day), set()):
            continue

        def rows(items: set[Assignment]) -> tuple[Assignment, ...]:
            return tuple(sorted(items, key=lambda a: (a.role != "duty", a.shift_id)))

        out.append(Change(emp, day, imported.cell(emp, day), rows(before.get((emp, day), set())),
                          rows(now.get((emp, day), set()))))
    return out


# ---------------------------------------------------------------------------
# Re-planning around hand edits


def pin_workbook(problem: Problem, path: str | Path) -> tuple[Problem, RosterImport]:
    """The problem re-planned around the hand edits of a roster workbook.

    With the solver's roster stored in the workbook, the cells HR filled or
    changed are pinned, the assignments HR cleared are forbidden (rule P1),
    and everything else is the baseline the solver keeps where it can (S7):
    a minimal change. Without that record, every filled cell is pinned.
    Use :func:`name_pinned_cells` on an infeasible result's explanation to
    name the cells involved.
    """
    imported = read_roster_workbook(path, problem)
    if imported.original is None:  # no solver record: every filled cell is a hand edit
        return problem.model_copy(update={"pinned": list(imported.roster.assignments)}), imported
    now, before = imported.roster.assignments, set(imported.original.assignments)
    kept = set(now)
    return problem.model_copy(update={
        "pinned": [a for a in now if a not in before],
        "forbidden": [a for a in imported.original.assignments if a not in kept],
        "baseline": [a for a in now if a in before],
    }), imported


def name_pinned_cells(explanation: list[Msg], cells: list[str | None]) -> list[Msg]:
    """Prefix each pin in an explanation with its cell (``Roster!K7: pinned: …``).

    ``cells[i]`` is the cell of ``problem.pinned[i]`` (see
    :meth:`RosterImport.pin_cells`); pins are matched through the ``index``
    their explanation message carries.
    """
    out = []
    for m in explanation:
        index = m.params.get("index") if m.key == "pins.group" else None
        cell = cells[index] if isinstance(index, int) and 0 <= index < len(cells) else None
        out.append(msg(T_PIN_CELL, cell=cell, what=m) if cell else m)
    return out


__all__ = ["CellViolation", "Change", "RosterImport", "name_pinned_cells", "pin_workbook",
           "read_roster_workbook"]
