"""Writing a problem as the workbook of ``shared/workbook.md``, and the template.

The workbook written reads back into the same problem
(``read_workbook(write_workbook(p)) == p``; a problem without a language gets
the language of the workbook). Times are written as ``HH:MM`` text, dates as
real Excel dates, skill needs as ``tech:1``, lists comma-separated. A Chinese
workbook (``lang="zh"``) uses Chinese sheet names, headers and Settings keys,
and the Chinese spelling of fixed values (按周, 工作日, 希望, 备班 …), which the
reader maps back. An Instructions (说明) sheet explains every sheet and column
in both languages; the reader ignores it.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path
from typing import Any

from ...i18n import Lang
from ...models import WEEKDAYS, Problem
from .spec import (
    INSTRUCTION_NAMES,
    SETTINGS_KEY,
    SETTINGS_NOTE,
    SETTINGS_VALUE,
    SHEETS,
    SheetSpec,
    settings_keys,
)

DAYS_ZH = {"workdays": "工作日", "offdays": "休息日", "holidays": "法定节假日", "all": "每天"}
WEEKDAYS_ZH = dict(zip(WEEKDAYS, ("周一", "周二", "周三", "周四", "周五", "周六", "周日"), strict=True))
# Fixed values per (section, field): English codes and their Chinese spelling.
CHOICES: dict[tuple[str, str], dict[str, str]] = {
    ("shifts", "rotation"): {"day": "按天", "week": "按周"},
    ("calendar", "kind"): {"holiday": "节假日", "workday": "工作日"},
    ("requests", "kind"): {"prefer": "希望", "avoid": "避免"},
    ("history", "role"): {"duty": "值班", "backup": "备班"},
    ("pinned", "role"): {"duty": "值班", "backup": "备班"},
    ("forbidden", "role"): {"duty": "值班", "backup": "备班"},
    ("baseline", "role"): {"duty": "值班", "backup": "备班"},
}
SETTING_CHOICES = {"holiday_calendar": ("CN", "none"), "language": ("en", "zh")}
TIME_FIELDS = {("shifts", "start"), ("shifts", "end")}
TEXT_FIELDS = {"shift_id", "employee_id", "shifts", "skills", "max_shifts", "not_followed_by",
               "start", "end"}  # typed in as text so Excel keeps 007 and 08:00 as written

HEADER_FILL = "1F4E78"
DATE_FORMAT = "yyyy-mm-dd"
DATA_ROWS = 1000  # rows below the header that get drop-downs and formats


def _width(text: Any) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(text))


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _days_text(days: str, lang: Lang) -> str:
    if lang != "zh":
        return days
    if days in DAYS_ZH:
        return DAYS_ZH[days]
    return ",".join(WEEKDAYS_ZH.get(d, d) for d in days.split(","))


def cell_value(spec: SheetSpec, field_name: str, value: Any, lang: Lang) -> Any:
    """The cell of one field: text the reader parses back to the same value."""
    if value is None or value == "" or value == [] or value == {}:
        return None
    if (spec.section, field_name) in CHOICES and lang == "zh":
        return CHOICES[spec.section, field_name].get(value, value)
    if spec.section == "shifts" and field_name == "days":
        return _days_text(value, lang)
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, dict):
        return ";".join(f"{k}:{v}" for k, v in value.items())
    if isinstance(value, list):
        return ",".join(str(v) for v in value)
    if isinstance(value, float):
        return _number(value)
    return value


def _rows(problem: Problem, spec: SheetSpec, lang: Lang) -> list[list[Any]]:
    items = getattr(problem, spec.section)
    return [[cell_value(spec, col.field, getattr(item, col.field), lang) for col in spec.columns]
            for item in items]


def _settings_rows(problem: Problem, lang: Lang) -> list[tuple[Any, Any, str, tuple[str, ...]]]:
    """(key, value, note, drop-down choices) per setting; unset optional keys are left out."""
    settings = problem.settings
    out: list[tuple[Any, Any, str, tuple[str, ...]]] = []
    for key in settings_keys():
        value = getattr(settings.weights if key.weight else settings, key.field)
        if value is None:
            continue
        if isinstance(value, float):
            value = _number(value)
        note = key.help_zh if lang == "zh" else key.help_en
        out.append((key.key(lang), value, note, SETTING_CHOICES.get(key.field, ())))
    return out


def write_workbook(problem: Problem, path: str | Path, lang: Lang = "en") -> None:
    """Write a problem as a workbook HR can edit.

    Parameters
    ----------
    problem
        The problem; every collection gets its sheet (Pinned, Forbidden and Baseline only
        when they have rows).
    path
        The ``.xlsx`` file to write (overwritten).
    lang
        ``"en"`` or ``"zh"``: language of sheet names, headers, keys and fixed values.
    """
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    _settings_sheet(wb, problem, lang)
    for spec in SHEETS[1:]:
        if spec.section in ("pinned", "forbidden", "baseline") and not getattr(problem, spec.section):
            continue
        _data_sheet(wb, problem, spec, lang)
    _instructions(wb, lang)
    wb.active = 0
    wb.save(path)


def _header(ws: Any, titles: list[str]) -> None:
    """The first row: white bold titles on dark blue, frozen."""
    from openpyxl.styles import Alignment, Font, PatternFill

    ws.append(titles)
    for cell in ws[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
        cell.alignment = Alignment(vertical="center")
    ws.freeze_panes = "A2"


def _fit(ws: Any, rows: list[list[Any]], titles: list[str], limit: int = 40) -> None:
    """Column widths that fit the titles and the cells, at most ``limit``."""
    from openpyxl.utils import get_column_letter

    for pos, title in enumerate(titles, start=1):
        cells = [r[pos - 1] for r in rows if pos - 1 < len(r)]
        texts = [v.isoformat() if isinstance(v, dt.date) else v for v in cells if v is not None]
        width = max([_width(title) + 2, *(_width(t) + 1 for t in texts)])
        ws.column_dimensions[get_column_letter(pos)].width = min(max(width, 9), limit)


def _choice_list(ws: Any, ref: str, values: tuple[str, ...], strict: bool = True) -> None:
    """A drop-down on ``ref``; ``strict`` warns about a value not in the list."""
    from openpyxl.worksheet.datavalidation import DataValidation

    dv = DataValidation(type="list", formula1='"' + ",".join(values) + '"', allow_blank=True,
                        showErrorMessage=strict, errorStyle="warning",
                        errorTitle="值不在列表中 / Not in the list",
                        error="请从下拉列表中选择。 Please pick a value from the list.")
    ws.add_data_validation(dv)
    dv.add(ref)


def _settings_sheet(wb: Any, problem: Problem, lang: Lang) -> None:
    """The Settings sheet: key, value, note; drop-downs on the keys with fixed values."""
    ws = wb.create_sheet(SHEETS[0].name(lang))
    titles = [c.header(lang) for c in (SETTINGS_KEY, SETTINGS_VALUE, SETTINGS_NOTE)]
    _header(ws, titles)
    settings_rows = _settings_rows(problem, lang)
    for number, (key, value, note, choices) in enumerate(settings_rows, start=2):
        ws.append([key, value, note])
        cell = ws.cell(number, 2)
        if isinstance(value, dt.date):
            cell.number_format = DATE_FORMAT
        elif isinstance(value, str):
            cell.number_format = "@"  # keep 2026-12 as text: Excel would make it a date
        if choices:
            _choice_list(ws, f"B{number}", choices)
    _fit(ws, [[r[0], r[1], r[2]] for r in settings_rows], titles, limit=70)


def _column_format(spec: SheetSpec, field_name: str) -> str | None:
    """The number format of a column: dates as dates, ids and times as text."""
    if field_name in ("date", "start", "end", "requested_on") and \
            (spec.section, field_name) not in TIME_FIELDS:
        return DATE_FORMAT
    if field_name in TEXT_FIELDS:
        return "@"
    return None


def _data_sheet(wb: Any, problem: Problem, spec: SheetSpec, lang: Lang) -> None:
    """One sheet of rows, with column formats and drop-downs below the data for HR's rows."""
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(spec.name(lang))
    titles = [c.header(lang) for c in spec.columns]
    _header(ws, titles)
    rows = _rows(problem, spec, lang)
    for row in rows:
        ws.append(row)
    _fit(ws, rows, titles)
    last = max(len(rows) + 1, DATA_ROWS)
    for pos, col in enumerate(spec.columns, start=1):
        letter = get_column_letter(pos)
        fmt = _column_format(spec, col.field)
        if fmt == DATE_FORMAT:
            width = ws.column_dimensions[letter].width or 0
            ws.column_dimensions[letter].width = max(width, 12)
        if fmt:
            # A column style formats what HR types later; data cells get it explicitly.
            ws.column_dimensions[letter].number_format = fmt
            for r in range(2, len(rows) + 2):
                ws.cell(r, pos).number_format = fmt
        codes = CHOICES.get((spec.section, col.field))
        if codes:
            values = tuple(codes.values()) if lang == "zh" else tuple(codes)
            _choice_list(ws, f"{letter}2:{letter}{last}", values)
        elif spec.section == "shifts" and col.field == "days":
            values = tuple(DAYS_ZH.values()) if lang == "zh" else tuple(DAYS_ZH)
            # Not strict: a list of weekdays such as Mon,Tue,Fri is valid too.
            _choice_list(ws, f"{letter}2:{letter}{last}", values, strict=False)


def _instructions(wb: Any, lang: Lang) -> None:
    """The Instructions (说明) sheet: every sheet, column and key, in both languages."""
    from openpyxl.styles import Alignment, Font

    ws = wb.create_sheet(INSTRUCTION_NAMES[1] if lang == "zh" else INSTRUCTION_NAMES[0])
    titles = ["工作表 Sheet", "列 / 设置项 Column / key", "必填 Required", "Meaning", "说明"]
    _header(ws, titles)
    rows: list[list[Any]] = [
        ["", "", "", "Fill in one sheet per part of the problem; sheet names, headers and keys "
         "may be English or Chinese, in any case, and columns in any order. Unknown columns are "
         "ignored with a warning; a note (备注) column is ignored. This sheet is ignored.",
         "每个工作表填写问题的一部分；工作表名、列名和设置项可用中文或英文，不区分大小写，列顺序不限。"
         "无法识别的列会被忽略并提示；备注列会被忽略。本说明表不会被读取。"],
        ["", "", "", "Dates: Excel dates or YYYY-MM-DD. Times: HH:MM. Lists: separated by commas.",
         "日期：Excel 日期或 YYYY-MM-DD；时间：HH:MM；列表用逗号分隔。"],
    ]
    bold = []
    for spec in SHEETS:
        bold.append(len(rows) + 2)
        rows.append([f"{spec.zh} {spec.en}", "", "是 yes" if spec.required else "否 no",
                     spec.help_en, spec.help_zh])
        if spec.section == "settings":
            for key in settings_keys():
                rows.append(["", f"{key.zh} {key.en}", "", key.help_en, key.help_zh])
            continue
        for col in spec.columns:
            rows.append(["", f"{col.zh} {col.en}", "是 yes" if col.required else "",
                         col.help_en, col.help_zh])
    for row in rows:
        ws.append(row)
    for number in bold:
        for cell in ws[number]:
            cell.font = Font(bold=True)
    _fit(ws, [r[:3] for r in rows], titles[:3])
    ws.column_dimensions["D"].width = 60
    ws.column_dimensions["E"].width = 50
    for row in ws.iter_rows(min_row=2):
        for cell in row[3:]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
