"""Writing the roster workbook HR prints, edits in Excel and sends back (R9, R11).

:func:`write_roster_workbook` turns a :class:`~scheduler.results.Result` into a
workbook with these sheets (Chinese names in brackets):

- Roster (排班表): one row per person, one column per date; the header shows
  the date, the weekday and marks public holidays (休/Hol) and make-up working
  days (班/Work). A cell holds the person's duty shift codes; standby is the
  code with a prefix (``备D`` in Chinese, ``bD`` in English). Colours come from
  conditional formatting, so a cell HR edits takes the right colour, and a
  drop-down on every cell lists the valid codes.
- Daily (每日值班): each occurrence with its duty and standby people, and the
  handover to the next shift (R11, "outgoing → incoming").
- Summary (个人统计): duties per shift, nights, holiday duties, standby, hours
  and requests granted per person.
- Legend (图例): the codes, their times and colours.
- Checks (检查): solve status, objective and bound, and every rule violation
  or soft penalty with its sentence.
- ``_solver`` (hidden): the solver's roster, so that an edited workbook can be
  compared with what the solver published.

The layout both this writer and the reader rely on is in
:mod:`~scheduler.io.roster_workbook.spec`.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from constraints.base import Violation, rule_name

from ...i18n import Lang, text
from ...instance import Instance, Occurrence
from ...models import Roster
from .spec import (
    BACKUP_PREFIX,
    COMBO_FILL,
    FIRST_DATE_COL,
    FIRST_PERSON_ROW,
    FORMAT_NAME,
    FORMAT_VERSION,
    HEADER_ROW,
    HOLIDAY_FILL,
    LEAVE_FILL,
    MAKEUP_FILL,
    SHEETS,
    SOLVER_COLUMNS,
    SOLVER_META,
    SOLVER_SHEET,
    WEEKEND_FILL,
    CodeBook,
    cell_ref,
    column_letter,
    language_of,
    lighter,
    shift_colours,
)


def _put(ws, row: int, col: int, value: Any, style: dict | None = None):
    """Write a value; text starting with = + - @ stays text, never a formula."""
    cell = ws.cell(row=row, column=col)
    if isinstance(value, str):
        value = "".join(ch for ch in value if ch in "\t\n" or ord(ch) >= 32)  # no control chars
        cell.value = value
        if value[:1] in ("=", "+", "-", "@"):
            cell.data_type = "s"
            cell.quotePrefix = True
    else:
        cell.value = value
    if style:
        for key, val in style.items():
            setattr(cell, key, val)
    return cell


def _text_width(value: Any) -> float:
    s = value if isinstance(value, str) else str(value if value is not None else "")
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _fit_columns(ws, min_width: float = 6, max_width: float = 60, skip_rows: int = 0) -> None:
    widths: dict[int, float] = defaultdict(float)
    for row in ws.iter_rows(min_row=skip_rows + 1):
        for cell in row:
            if cell.value is not None:
                widths[cell.column] = max(widths[cell.column], _text_width(cell.value))
    for col, width in widths.items():
        ws.column_dimensions[column_letter(col)].width = min(max_width, max(min_width, width + 2))


def _escape_hf(s: str) -> str:
    return s.replace("&", "&&")


def _person(inst: Instance, emp_id: str) -> str:
    emp = inst.staff.get(emp_id)
    return (emp.name or emp_id) if emp is not None else emp_id


def _crew(inst: Instance, emp_ids: list[str], lang: Lang) -> str:
    if not emp_ids:
        return text("rwb.nobody", lang)
    return ("、" if lang == "zh" else ", ").join(_person(inst, e) for e in emp_ids)


def _weekday(day: dt.date, lang: Lang) -> str:
    if lang == "zh":
        return "一二三四五六日"[day.weekday()]
    return ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")[day.weekday()]


def _day_kind(inst: Instance, day: dt.date, lang: Lang) -> str:
    info = inst.calendar.days.get(day)
    if info is None:
        return ""
    if info.holiday:
        return info.name or text("rwb.mark_holiday", lang)
    if info.makeup:
        return text("rwb.makeup_name", lang) + (f" ({info.name})" if info.name else "")
    if not info.workday:
        return text("rwb.weekend", lang)
    return ""


def _hhmm(moment: dt.datetime, base: dt.date) -> str:
    return moment.strftime("%H:%M") if moment.date() == base else moment.strftime("%m-%d %H:%M")


def handovers(inst: Instance) -> dict[int, tuple[Occurrence, Occurrence]]:
    """Occurrence index → (outgoing, incoming) at the next shift change (R11).

    Occurrences are ordered by start; each hands over to the one that starts
    next, so a night crew hands over to the next morning's day or off-day duty.
    """
    occs = inst.occs_by_start
    return {a.index: (a, b) for a, b in zip(occs, occs[1:], strict=False)}


def roster_workbook(result, lang: str | None = None, *, printed: dt.date | None = None):
    """Build the roster workbook of a result (an ``openpyxl.Workbook``).

    Parameters
    ----------
    result
        A :class:`~scheduler.results.Result`; one without a roster gives a
        workbook with an empty roster and the explanation on the Checks sheet.
    lang
        ``"zh"`` or ``"en"``; None picks the problem's language, or Chinese
        when the staff or shift names are Chinese.
    printed
        The print date shown in the title and footer (default today).
    """
    from openpyxl import Workbook

    inst: Instance = result.instance
    problem = inst.problem
    lang = language_of(result, lang)
    roster = result.roster or Roster()
    printed = printed or dt.date.today()
    book = CodeBook(problem, lang)
    colours = shift_colours(problem)
    names = {k: v[1] if lang == "zh" else v[0] for k, v in SHEETS.items()}

    wb = Workbook()
    ws = wb.active
    ws.title = names["roster"]
    cells_of = _write_roster_sheet(ws, inst, roster, book, colours, lang, printed, names)
    _write_daily_sheet(wb.create_sheet(names["daily"]), inst, roster, lang)
    _write_summary_sheet(wb.create_sheet(names["summary"]), result, lang)
    legend_range = _write_legend_sheet(wb.create_sheet(names["legend"]), inst, roster, book,
                                       colours, lang)
    _write_checks_sheet(wb.create_sheet(names["checks"]), result, cells_of, names["roster"], lang)
    _write_solver_sheet(wb.create_sheet(SOLVER_SHEET), inst, roster, names["roster"])
    _add_validation(ws, inst, names["legend"], legend_range, lang)
    return wb


def write_roster_workbook(result, path: str | Path, lang: str | None = None, *,
                          printed: dt.date | None = None) -> None:
    """Write the roster workbook HR prints, edits and sends back.

    Parameters
    ----------
    result
        The :class:`~scheduler.results.Result` of :func:`scheduler.solve`.
    path
        The ``.xlsx`` file to write.
    lang
        ``"zh"`` or ``"en"`` for sheet names and labels; None decides from the
        problem (Chinese names give Chinese labels).
    printed
        The print date (default today).
    """
    roster_workbook(result, lang, printed=printed).save(path)


def _title(inst: Instance, lang: Lang) -> str:
    team = inst.settings.team
    month = inst.settings.month
    if not (month and (inst.first, inst.last) == _month_span(month)):
        month = f"{inst.first.isoformat()} – {inst.last.isoformat()}"
    elif lang == "zh":
        month = f"{month[:4]}年{int(month[5:])}月"
    if lang == "zh":
        return text("rwb.title", lang, team=f"{team} " if team else "", month=month)
    return text("rwb.title", lang, team=f"{team}, " if team else "", month=month)


def _month_span(month: str) -> tuple[dt.date, dt.date]:
    year, mon = (int(p) for p in month.split("-"))
    first = dt.date(year, mon, 1)
    nxt = dt.date(year + mon // 12, mon % 12 + 1, 1)
    return first, nxt - dt.timedelta(days=1)


@dataclass(frozen=True)
class _Grid:
    """The styles of the Roster sheet's grid, made once per sheet."""

    border: Any
    center: Any
    bold: Any
    fills: dict[str, Any]

    @classmethod
    def make(cls) -> _Grid:
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        thin = Side(style="thin", color="A6A6A6")
        fills = {k: PatternFill("solid", start_color=v, end_color=v) for k, v in (
            ("holiday", HOLIDAY_FILL), ("makeup", MAKEUP_FILL), ("weekend", WEEKEND_FILL),
            ("leave", LEAVE_FILL))}
        return cls(Border(left=thin, right=thin, top=thin, bottom=thin),
                   Alignment(horizontal="center", vertical="center"), Font(bold=True), fills)


def _one_month(inst: Instance) -> bool:
    return inst.first.month == inst.last.month and inst.first.year == inst.last.year


def _write_roster_sheet(ws, inst: Instance, roster: Roster, book: CodeBook,
                        colours: dict[str, str], lang: Lang, printed: dt.date,
                        names: dict[str, str]) -> dict[tuple[str, dt.date], str]:
    """The Roster sheet; returns the cell of each (person, date)."""
    from openpyxl.styles import Font

    grid = _Grid.make()
    title = _title(inst, lang)
    _put(ws, 1, 1, title, {"font": Font(bold=True, size=14)})
    _put(ws, 2, 1, text("rwb.printed", lang, date=printed.isoformat()) + "    "
         + text("rwb.title_note", lang, backup=book.code(book.shift_ids[0], "backup"),
                shift=book.shift_ids[0], legend=names["legend"]),
         {"font": Font(italic=True, color="595959")})
    col_fill = _date_header(ws, inst, lang, grid)
    items: dict[tuple[str, dt.date], list[tuple[str, str]]] = defaultdict(list)
    for a in roster.assignments:
        items[a.employee_id, a.date].append((a.shift_id, a.role))
    cells_of = _person_rows(ws, inst, items, book, col_fill, grid)
    _code_colours(ws, inst, book, colours)
    _roster_widths(ws, inst, items, book)
    _roster_print_setup(ws, inst, title, lang, printed)
    return cells_of


def _date_header(ws, inst: Instance, lang: Lang, grid: _Grid) -> dict[int, Any]:
    """The header rows: dates, weekdays, holiday and make-up marks; returns each off day's fill."""
    from openpyxl.comments import Comment
    from openpyxl.styles import Font

    bold, border, center = grid.bold, grid.border, grid.center
    holiday_font = Font(bold=True, color="C00000")
    makeup_font = Font(bold=True, color="375623")
    _put(ws, HEADER_ROW, 1, text("rwb.id", lang), {"font": bold, "border": border})
    _put(ws, HEADER_ROW, 2, text("rwb.name", lang), {"font": bold, "border": border})
    _put(ws, HEADER_ROW + 1, 2, text("rwb.weekday", lang), {"font": bold, "border": border})
    _put(ws, HEADER_ROW + 2, 2, text("rwb.daykind", lang), {"font": bold, "border": border})
    ws.cell(HEADER_ROW + 1, 1).border = border
    ws.cell(HEADER_ROW + 2, 1).border = border
    date_format = "d" if _one_month(inst) else "m/d"
    col_fill: dict[int, Any] = {}
    for j, day in enumerate(inst.dates):
        col = FIRST_DATE_COL + j
        info = inst.calendar.days.get(day)
        c = _put(ws, HEADER_ROW, col, day, {"number_format": date_format,
                                             "alignment": center, "font": bold, "border": border})
        w = _put(ws, HEADER_ROW + 1, col, _weekday(day, lang), {"alignment": center,
                                                                "border": border})
        mark = ""
        fill = None
        font = None
        if info is not None and info.holiday:
            mark, fill, font = text("rwb.mark_holiday", lang), grid.fills["holiday"], holiday_font
        elif info is not None and info.makeup:
            mark, fill, font = text("rwb.mark_makeup", lang), grid.fills["makeup"], makeup_font
        elif info is not None and not info.workday:
            fill = grid.fills["weekend"]
        k = _put(ws, HEADER_ROW + 2, col, mark, {"alignment": center, "border": border})
        if font is not None:
            k.font = font
        if info is not None and info.name:
            k.comment = Comment(info.name, "roster")
        if fill is not None:
            for cell in (c, w, k):
                cell.fill = fill
            col_fill[col] = fill
    return col_fill


def _person_rows(ws, inst: Instance, items: dict[tuple[str, dt.date], list[tuple[str, str]]],
                 book: CodeBook, col_fill: dict[int, Any],
                 grid: _Grid) -> dict[tuple[str, dt.date], str]:
    """One row per person: id, name and the codes of each date; leave greyed."""
    date_col = {d: FIRST_DATE_COL + j for j, d in enumerate(inst.dates)}
    cells_of: dict[tuple[str, dt.date], str] = {}
    for i, emp_id in enumerate(inst.emp_ids):
        row = FIRST_PERSON_ROW + i
        emp = inst.staff[emp_id]
        _put(ws, row, 1, emp_id, {"border": grid.border})
        _put(ws, row, 2, emp.name, {"border": grid.border})
        leave = inst.leave_days.get(emp_id, set())
        for day, col in date_col.items():
            value = book.cell_text(items.get((emp_id, day), ()))
            cell = _put(ws, row, col, value or None, {"alignment": grid.center,
                                                     "border": grid.border})
            if day in leave:
                cell.fill = grid.fills["leave"]
            elif col in col_fill:
                cell.fill = col_fill[col]
            cells_of[emp_id, day] = cell_ref(ws.title, row, col)
    return cells_of


def _grid_area(inst: Instance) -> str:
    """The cells of the codes, ``C6:AG17``."""
    last_col = FIRST_DATE_COL + len(inst.dates) - 1
    last_row = FIRST_PERSON_ROW + len(inst.emp_ids) - 1
    return f"{column_letter(FIRST_DATE_COL)}{FIRST_PERSON_ROW}:{column_letter(last_col)}{last_row}"


def _code_colours(ws, inst: Instance, book: CodeBook, colours: dict[str, str]) -> None:
    """Conditional formats, so that a code HR types takes its shift's colour."""
    from openpyxl.formatting.rule import CellIsRule, FormulaRule
    from openpyxl.styles import Font, PatternFill

    if not (inst.emp_ids and inst.dates):
        return
    area = _grid_area(inst)
    top_left = f"{column_letter(FIRST_DATE_COL)}{FIRST_PERSON_ROW}"
    # Several codes in one cell (a space) get a neutral colour; single codes their shift's.
    ws.conditional_formatting.add(area, FormulaRule(
        formula=[f'ISNUMBER(SEARCH(" ",TRIM({top_left})))'],
        fill=PatternFill("solid", start_color=COMBO_FILL, end_color=COMBO_FILL),
        stopIfTrue=True))
    for sid in book.shift_ids:
        rgb = colours[sid]
        quoted = sid.replace('"', '""')
        ws.conditional_formatting.add(area, CellIsRule(
            operator="equal", formula=[f'"{quoted}"'],
            fill=PatternFill("solid", start_color=rgb, end_color=rgb),
            font=Font(bold=True)))
        light = lighter(rgb)
        for prefix in dict.fromkeys([book.prefix, BACKUP_PREFIX["zh"]]):
            code = (prefix + sid).replace('"', '""')
            ws.conditional_formatting.add(area, CellIsRule(
                operator="equal", formula=[f'"{code}"'],
                fill=PatternFill("solid", start_color=light, end_color=light),
                font=Font(italic=True, color="595959")))


def _roster_widths(ws, inst: Instance, items: dict[tuple[str, dt.date], list[tuple[str, str]]],
                   book: CodeBook) -> None:
    """Frozen ids and dates; columns as wide as the ids, names and widest cell need."""
    ws.freeze_panes = ws.cell(FIRST_PERSON_ROW, FIRST_DATE_COL).coordinate
    ws.column_dimensions["A"].width = max(6, max((_text_width(e) for e in inst.emp_ids),
                                                 default=4) + 2)
    ws.column_dimensions["B"].width = max(8, max((_text_width(inst.staff[e].name)
                                                  for e in inst.emp_ids), default=4) + 2)
    widest = max((_text_width(book.cell_text(v)) for v in items.values()), default=2)
    code_width = max(4.5, widest + 1.5, 4 if _one_month(inst) else 6.0)
    for col in range(FIRST_DATE_COL, FIRST_DATE_COL + len(inst.dates)):
        ws.column_dimensions[column_letter(col)].width = code_width
    ws.row_dimensions[1].height = 22


def _roster_print_setup(ws, inst: Instance, title: str, lang: Lang, printed: dt.date) -> None:
    """A4 landscape, the whole width on one page, header rows and names repeated."""
    last_col = FIRST_DATE_COL + len(inst.dates) - 1
    last_row = FIRST_PERSON_ROW + len(inst.emp_ids) - 1
    _landscape(ws)
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW + 2}"
    ws.print_title_cols = "A:B"
    ws.print_area = f"A1:{column_letter(max(last_col, 2))}{max(last_row, HEADER_ROW + 2)}"
    ws.oddHeader.center.text = _escape_hf(title)
    ws.oddFooter.left.text = _escape_hf(text("rwb.printed", lang, date=printed.isoformat()))
    ws.oddFooter.right.text = "&P / &N"


def _header_row(ws, row: int, labels: list[str]) -> None:
    """A row of bold labels on light blue."""
    from openpyxl.styles import Border, Font, PatternFill, Side

    thin = Side(style="thin", color="A6A6A6")
    fill = PatternFill("solid", start_color="DDEBF7", end_color="DDEBF7")
    for col, label in enumerate(labels, start=1):
        _put(ws, row, col, label, {"font": Font(bold=True), "fill": fill,
                                   "border": Border(bottom=thin)})


def _landscape(ws) -> None:
    """Print on A4 landscape, the whole width on one page."""
    from openpyxl.worksheet.properties import PageSetupProperties

    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)


def _write_daily_sheet(ws, inst: Instance, roster: Roster, lang: Lang) -> None:
    """The Daily sheet: each occurrence with its crew, standby and handover (R11)."""
    duty: dict[int, list[str]] = defaultdict(list)
    backup: dict[int, list[str]] = defaultdict(list)
    staff_order = {e: i for i, e in enumerate(inst.emp_ids)}
    for a in roster.assignments:
        occ = inst.occ_by_key.get((a.date, a.shift_id))
        if occ is not None:
            (duty if a.role == "duty" else backup)[occ.index].append(a.employee_id)
    for lists in (duty, backup):
        for emps in lists.values():
            emps.sort(key=lambda e: staff_order.get(e, len(staff_order)))
    _header_row(ws, 1, [text(k, lang) for k in (
        "rwb.date", "rwb.weekday", "rwb.daykind", "rwb.shift", "rwb.time", "rwb.on_duty",
        "rwb.standby", "rwb.handover")])
    changes = handovers(inst)
    row = 2
    for occ in inst.occs_by_start:
        _put(ws, row, 1, occ.date, {"number_format": "yyyy-mm-dd"})
        _put(ws, row, 2, _weekday(occ.date, lang))
        _put(ws, row, 3, _day_kind(inst, occ.date, lang))
        _put(ws, row, 4, inst.shift_label(occ.shift_id))
        _put(ws, row, 5, f"{occ.start:%H:%M}–{occ.end:%H:%M}")
        _put(ws, row, 6, _crew(inst, duty.get(occ.index, []), lang) if occ.staff or duty.get(
            occ.index) else "")
        _put(ws, row, 7, _crew(inst, backup.get(occ.index, []), lang) if occ.backups else "")
        if occ.index in changes:
            out, inc = changes[occ.index]
            _put(ws, row, 8, text(
                "rwb.handover_line", lang, out_shift=inst.shift_label(out.shift_id),
                out_end=_hhmm(out.end, out.date), out_crew=_crew(inst, duty.get(out.index, []), lang),
                in_shift=inst.shift_label(inc.shift_id), in_start=_hhmm(inc.start, out.date),
                in_crew=_crew(inst, duty.get(inc.index, []), lang)))
        row += 1
    ws.freeze_panes = "A2"
    if row > 2:
        ws.auto_filter.ref = f"A1:H{row - 1}"
    _fit_columns(ws, max_width=70)
    _landscape(ws)
    ws.print_title_rows = "1:1"


def _write_summary_sheet(ws, result, lang: Lang) -> None:
    """The Summary sheet: per person duties by shift, nights, off days, hours, requests."""
    inst: Instance = result.instance
    stats = result.person_stats()
    requests: dict[str, int] = defaultdict(int)
    for req in inst.problem.requests:
        if inst.first <= req.date <= inst.last:
            requests[req.employee_id] += 1
    refused: dict[str, list[Violation]] = defaultdict(list)
    for v in result.violations:
        if v.rule == "S5" and v.employee_id is not None:
            refused[v.employee_id].append(v)
    shift_ids = list(inst.shifts)
    labels = [text("rwb.id", lang), text("rwb.name", lang)]
    labels += [text("rwb.duties_of", lang, shift=inst.shift_label(s)) for s in shift_ids]
    labels += [text(k, lang) for k in (
        "rwb.duties", "rwb.nights", "rwb.holiday_duties", "rwb.offday_duties", "rwb.backups",
        "rwb.hours", "rwb.requests", "rwb.granted", "rwb.not_granted", "rwb.not_granted_detail")]
    _header_row(ws, 1, labels)
    keys = [f"duties_{s}" for s in shift_ids] + [
        "duties", "nights", "holiday_duties", "offday_duties", "backups", "hours"]
    totals: dict[str, float] = defaultdict(float)
    row = 2
    for rec in stats:
        emp_id = rec["employee_id"]
        _put(ws, row, 1, emp_id)
        _put(ws, row, 2, rec["name"])
        col = 3
        for key in keys:
            _put(ws, row, col, rec[key])
            totals[key] += rec[key]
            col += 1
        n_req, n_no = requests.get(emp_id, 0), len(refused.get(emp_id, []))
        for value in (n_req, n_req - n_no, n_no):
            _put(ws, row, col, value)
            col += 1
        _put(ws, row, col, "; ".join(v.text(lang) for v in refused.get(emp_id, [])))
        totals["requests"] += n_req
        totals["not_granted"] += n_no
        row += 1
    _summary_totals(ws, row, keys, totals, lang)
    ws.freeze_panes = "C2"
    _fit_columns(ws, max_width=80)
    _landscape(ws)
    ws.print_title_rows = "1:1"


def _summary_totals(ws, row: int, keys: list[str], totals: dict[str, float], lang: Lang) -> None:
    """The bold Total row of the Summary sheet."""
    from openpyxl.styles import Font

    _put(ws, row, 1, text("rwb.total", lang), {"font": Font(bold=True)})
    col = 3
    for key in keys:
        total = totals[key]
        _put(ws, row, col, round(total, 2) if key == "hours" else int(total),
             {"font": Font(bold=True)})
        col += 1
    for total in (totals["requests"], totals["requests"] - totals["not_granted"],
                  totals["not_granted"]):
        _put(ws, row, col, int(total), {"font": Font(bold=True)})
        col += 1


def _days_label(days: str, lang: Lang) -> str:
    if days in ("workdays", "offdays", "holidays", "all"):
        return text(f"rwb.days.{days}", lang)
    if lang == "zh":
        names = dict(zip(("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"), "一二三四五六日",
                         strict=True))
        return "、".join("周" + names.get(d, d) for d in days.split(","))
    return days


def _write_legend_sheet(ws, inst: Instance, roster: Roster, book: CodeBook,
                        colours: dict[str, str], lang: Lang) -> tuple[int, int]:
    """The Legend sheet; returns the first and last row of the codes (the drop-down's list)."""
    from openpyxl.styles import Font

    _put(ws, 1, 1, text("rwb.legend_title", lang), {"font": Font(bold=True, size=13)})
    _header_row(ws, 2, [text(k, lang) for k in (
        "rwb.code", "rwb.meaning", "rwb.time", "rwb.days", "rwb.staff", "rwb.backup_count")])
    first = 3
    row = _legend_codes(ws, inst, book, colours, lang, first)
    row = _legend_combinations(ws, inst, roster, book, lang, row)
    last = row - 1
    row = _legend_marks(ws, lang, row + 1)
    _legend_notes(ws, lang, row + 1)
    ws.column_dimensions["A"].width = 10
    ws.column_dimensions["B"].width = 36
    for col in "CEF":
        ws.column_dimensions[col].width = 12
    ws.column_dimensions["D"].width = 24
    _landscape(ws)
    return first, last


def _legend_codes(ws, inst: Instance, book: CodeBook, colours: dict[str, str], lang: Lang,
                  row: int) -> int:
    """One row per code from ``row``: each duty, then each shift's standby; the next row."""
    from openpyxl.styles import Font, PatternFill

    for role in ("duty", "backup"):
        for shift in inst.problem.shifts:
            if role == "backup" and not shift.backups:
                continue  # no standby on this shift: its code would only break H3
            rgb = colours[shift.shift_id] if role == "duty" else lighter(colours[shift.shift_id])
            label = inst.shift_label(shift.shift_id)
            _put(ws, row, 1, book.code(shift.shift_id, role), {
                "fill": PatternFill("solid", start_color=rgb, end_color=rgb),
                "font": Font(bold=role == "duty", italic=role == "backup")})
            _put(ws, row, 2, text("rwb.duty_of" if role == "duty" else "rwb.backup_of", lang,
                                  shift=label))
            _put(ws, row, 3, f"{shift.start:%H:%M}–{shift.end:%H:%M}")
            _put(ws, row, 4, _days_label(shift.days, lang))
            _put(ws, row, 5, shift.staff)
            _put(ws, row, 6, shift.backups)
            row += 1
    return row


def _legend_combinations(ws, inst: Instance, roster: Roster, book: CodeBook, lang: Lang,
                         row: int) -> int:
    """The cells of several codes the roster uses, so that they stay valid choices."""
    from openpyxl.styles import PatternFill

    combos: dict[str, list[tuple[str, str]]] = {}
    per_cell: dict[tuple[str, dt.date], list[tuple[str, str]]] = defaultdict(list)
    for a in roster.assignments:
        per_cell[a.employee_id, a.date].append((a.shift_id, a.role))
    for items in per_cell.values():
        if len(items) > 1:
            combos.setdefault(book.cell_text(items), items)
    for code, items in sorted(combos.items()):
        sep = "；" if lang == "zh" else "; "
        parts = sep.join(text("rwb.duty_of" if r == "duty" else "rwb.backup_of", lang,
                              shift=inst.shift_label(s)) for s, r in items)
        _put(ws, row, 1, code, {"fill": PatternFill("solid", start_color=COMBO_FILL,
                                                     end_color=COMBO_FILL)})
        _put(ws, row, 2, parts)
        row += 1
    return row


def _legend_marks(ws, lang: Lang, row: int) -> int:
    """The marks of the date header and the leave colour; returns the next row."""
    from openpyxl.styles import Font, PatternFill

    _put(ws, row, 1, text("rwb.legend_marks", lang), {"font": Font(bold=True)})
    row += 1
    marks = (("rwb.mark_holiday", "rwb.legend_holiday", HOLIDAY_FILL),
             ("rwb.mark_makeup", "rwb.legend_makeup", MAKEUP_FILL),
             (None, "rwb.legend_leave", LEAVE_FILL))
    for mark, meaning, rgb in marks:
        _put(ws, row, 1, text(mark, lang) if mark else "", {
            "fill": PatternFill("solid", start_color=rgb, end_color=rgb)})
        _put(ws, row, 2, text(meaning, lang))
        row += 1
    return row


def _legend_notes(ws, lang: Lang, row: int) -> None:
    """How to edit the roster and check it again, across the sheet's width."""
    from openpyxl.styles import Alignment

    for offset, key in enumerate(("rwb.legend_edit", "rwb.legend_summary")):
        r = row + offset
        _put(ws, r, 1, text(key, lang), {"alignment": Alignment(wrap_text=True, vertical="top")})
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=6)
        ws.row_dimensions[r].height = 15 * (1 + _text_width(text(key, lang)) // 70)


def _write_checks_sheet(ws, result, cells_of: dict[tuple[str, dt.date], str], roster_sheet: str,
                        lang: Lang) -> None:
    """The Checks sheet: status, objective and bound, then every violation with its cell."""
    from openpyxl.styles import Font

    inst: Instance = result.instance
    bold = Font(bold=True)
    hard = [v for v in result.violations if v.hard]
    soft = [v for v in result.violations if not v.hard]
    status = text(f"status.{result.status}", lang)
    gap = result.gap
    block = [
        ("rwb.status", status),
        ("rwb.objective", result.objective),
        ("rwb.bound", round(result.bound, 3) if result.bound is not None else None),
        ("rwb.gap", round(gap, 4) if gap is not None else None),
        ("rwb.hard_count", len(hard)),
        ("rwb.soft_total", sum(v.penalty for v in soft)),
    ]
    row = 1
    for key, value in block:
        _put(ws, row, 1, text(key, lang), {"font": bold})
        _put(ws, row, 2, value)
        row += 1
    for key, lines in (("rwb.why", result.explanation), ("rwb.warnings", result.warnings)):
        if lines:
            _put(ws, row, 1, text(key, lang), {"font": bold})
            for m in lines:
                _put(ws, row, 2, m.render(lang))
                row += 1
    row += 1
    _put(ws, row, 1, text("rwb.violations", lang), {"font": Font(bold=True, size=12)})
    row += 1
    _header_row(ws, row, [text(k, lang) for k in (
        "rwb.rule", "rwb.rule_name", "rwb.kind", "rwb.penalty", "rwb.person", "rwb.date",
        "rwb.shift", "rwb.cell", "rwb.message")])
    ws.freeze_panes = ws.cell(row + 1, 1).coordinate
    for v in hard + soft:
        row += 1
        cell = _violation_cell(v, inst, cells_of, roster_sheet)
        _put(ws, row, 1, v.rule)
        _put(ws, row, 2, rule_name(v.rule, lang))
        _put(ws, row, 3, text("rwb.hard" if v.hard else "rwb.soft", lang))
        _put(ws, row, 4, v.penalty)
        _put(ws, row, 5, inst.emp_label(v.employee_id) if v.employee_id else None)
        _put(ws, row, 6, v.date, {"number_format": "yyyy-mm-dd"} if v.date else None)
        _put(ws, row, 7, v.shift_id)
        _put(ws, row, 8, cell)
        _put(ws, row, 9, v.text(lang))
    _fit_columns(ws, max_width=90)
    ws.column_dimensions["A"].width = max(ws.column_dimensions["A"].width, 14)
    _landscape(ws)


def _violation_cell(v: Violation, inst: Instance, cells_of: dict[tuple[str, dt.date], str],
                    roster_sheet: str) -> str | None:
    """The person's cell that date, else the date's header cell, else None."""
    cell = None
    if v.employee_id is not None and v.date is not None:
        cell = cells_of.get((v.employee_id, v.date))
    if cell is None and v.date is not None and inst.first <= v.date <= inst.last:
        cell = cell_ref(roster_sheet, HEADER_ROW, FIRST_DATE_COL + (v.date - inst.first).days)
    return cell


def _write_solver_sheet(ws, inst: Instance, roster: Roster, roster_sheet: str) -> None:
    """The solver's roster as plain text rows, so edits can be compared with it."""
    meta: dict[str, list[Any]] = {"format": [FORMAT_NAME, FORMAT_VERSION],
                                  "first": [inst.first.isoformat()],
                                  "last": [inst.last.isoformat()], "sheet": [roster_sheet]}
    rows: list[list[Any]] = [[key, *meta[key]] for key in SOLVER_META]
    rows.append(list(SOLVER_COLUMNS))
    rows += [[a.date.isoformat(), a.shift_id, a.employee_id, a.role]
             for a in roster.sorted().assignments]
    for r, values in enumerate(rows, start=1):
        for c, value in enumerate(values, start=1):
            _put(ws, r, c, value)
    ws.sheet_state = "hidden"
    ws.protection.sheet = True  # a record, not for editing


def _add_validation(ws, inst: Instance, legend: str, legend_rows: tuple[int, int],
                    lang: Lang) -> None:
    """A drop-down on every code cell listing the Legend's codes (a warning, not a block)."""
    from openpyxl.worksheet.datavalidation import DataValidation

    if not inst.emp_ids or not inst.dates:
        return
    first, last = legend_rows
    sheet = "'" + legend.replace("'", "''") + "'"
    dv = DataValidation(type="list", formula1=f"{sheet}!$A${first}:$A${last}", allow_blank=True,
                        showDropDown=False, showErrorMessage=True, errorStyle="warning",
                        showInputMessage=False)
    dv.errorTitle = text("rwb.validation_title", lang)
    dv.error = text("rwb.validation_error", lang)
    dv.promptTitle = text("rwb.validation_title", lang)
    dv.prompt = text("rwb.validation_prompt", lang)
    dv.add(_grid_area(inst))
    ws.add_data_validation(dv)

__all__ = ["handovers", "roster_workbook", "write_roster_workbook"]
