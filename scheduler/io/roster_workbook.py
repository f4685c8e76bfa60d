"""The roster workbook HR prints, edits in Excel and sends back (R9, R11).

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

:func:`read_roster_workbook` reads the Roster sheet of an edited workbook
back into a :class:`~scheduler.models.Roster`, tolerating what Excel and
LibreOffice do to files, and records where each assignment was read and what
changed against the solver's roster. The rules themselves are never
re-implemented here: violations come from :func:`scheduler.checks.check_roster`.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from constraints.base import Violation, rule_name

from ..errors import InputError
from ..i18n import Lang, Msg, define, msg, text
from ..instance import Instance, Occurrence
from ..models import Assignment, Problem, Roster

FORMAT_NAME = "duty-roster workbook"
FORMAT_VERSION = 1
SOLVER_SHEET = "_solver"
HEADER_ROW = 3  # dates; the weekday and day-kind rows follow
FIRST_PERSON_ROW = 6
FIRST_DATE_COL = 3  # A = employee id, B = name
CODE_SEPARATORS = r"[\s,，/、;；+]+"

SHEETS = {
    "roster": ("Roster", "排班表"),
    "daily": ("Daily", "每日值班"),
    "summary": ("Summary", "个人统计"),
    "legend": ("Legend", "图例"),
    "checks": ("Checks", "检查"),
}
ROSTER_SHEET_ALIASES = {"roster", "排班表", "排班", "值班表", "roster sheet"}
ID_HEADERS = {"id", "employee_id", "employee id", "emp_id", "工号", "员工编号", "编号"}
NAME_HEADERS = {"name", "姓名", "名字", "员工"}
BACKUP_PREFIX = {"en": "b", "zh": "备"}

_L = define  # labels: (key, en, zh)
_L("rwb.title", "Duty roster — {team}{month}", "{team}{month} 值班表")
_L("rwb.printed", "Printed {date}", "打印日期 {date}")
_L("rwb.title_note", "{backup} = standby for shift {shift}; grey = on leave; "
   "codes and colours: see sheet {legend}.",
   "{backup} 表示 {shift} 班备班；灰色为请假；代码与颜色见“{legend}”表。")
_L("rwb.id", "ID", "工号")
_L("rwb.name", "Name", "姓名")
_L("rwb.weekday", "Weekday", "星期")
_L("rwb.daykind", "Day", "假日")
_L("rwb.mark_holiday", "Hol", "休")
_L("rwb.mark_makeup", "Work", "班")
_L("rwb.makeup_name", "make-up working day", "调休上班")
_L("rwb.weekend", "weekend", "周末")
_L("rwb.date", "Date", "日期")
_L("rwb.shift", "Shift", "班次")
_L("rwb.time", "Time", "时间")
_L("rwb.on_duty", "On duty", "值班")
_L("rwb.standby", "Standby", "备班")
_L("rwb.handover", "Handover (outgoing → incoming)", "交接班（交班 → 接班）")
_L("rwb.handover_line", "{out_shift} ends {out_end}: {out_crew} → {in_shift} starts {in_start}: "
   "{in_crew}", "{out_shift}（{out_end} 下班）{out_crew} → {in_shift}（{in_start} 上班）{in_crew}")
_L("rwb.nobody", "(nobody)", "（无人）")
_L("rwb.duties_of", "{shift} duties", "{shift} 值班")
_L("rwb.duties", "Duties", "值班合计")
_L("rwb.nights", "Nights", "夜班")
_L("rwb.holiday_duties", "Holiday duties", "法定假日值班")
_L("rwb.offday_duties", "Off-day duties", "休息日值班")
_L("rwb.backups", "Standby", "备班")
_L("rwb.hours", "Hours", "工时")
_L("rwb.requests", "Requests", "意愿数")
_L("rwb.granted", "Granted", "已满足")
_L("rwb.not_granted", "Not granted", "未满足")
_L("rwb.not_granted_detail", "Requests not granted", "未满足的意愿")
_L("rwb.total", "Total", "合计")
_L("rwb.code", "Code", "代码")
_L("rwb.meaning", "Meaning", "含义")
_L("rwb.days", "Days", "日期类型")
_L("rwb.staff", "Crew", "值班人数")
_L("rwb.backup_count", "Standby", "备班人数")
_L("rwb.duty_of", "duty: {shift}", "值班：{shift}")
_L("rwb.backup_of", "standby for {shift}", "备班：{shift}")
_L("rwb.legend_title", "Codes of the Roster sheet", "排班表代码说明")
_L("rwb.legend_marks", "Marks", "标记")
_L("rwb.legend_holiday", "public holiday (rest period)", "法定节假日（放假）")
_L("rwb.legend_makeup", "make-up working day (weekday shifts run)", "调休上班日（按工作日排班）")
_L("rwb.legend_leave", "grey cell: on leave", "灰色单元格：请假")
_L("rwb.legend_edit", "To change the roster, edit the Roster sheet (pick a code from the drop-down; "
   "several codes in one cell are separated by a space), save, and run: "
   "roster check INPUT.xlsx THIS.xlsx. To keep your edits and plan the rest again: "
   "roster solve INPUT.xlsx --pin THIS.xlsx --out NEW.xlsx.",
   "修改排班：编辑“排班表”（从下拉列表选择代码；一格多个代码用空格分隔），保存后运行："
   "roster check 输入.xlsx 本文件.xlsx。保留手工修改并重排其余部分："
   "roster solve 输入.xlsx --pin 本文件.xlsx --out 新排班.xlsx。")
_L("rwb.legend_summary", "The Summary and Daily sheets show the roster as exported; "
   "they do not follow later edits.", "“个人统计”“每日值班”为导出时的排班，不随后续修改更新。")
_L("rwb.status", "Status", "求解状态")
_L("rwb.objective", "Objective", "目标值")
_L("rwb.bound", "Best bound", "下界")
_L("rwb.gap", "Gap", "差距")
_L("rwb.hard_count", "Hard rules broken", "违反硬性规则")
_L("rwb.soft_total", "Soft penalties in all", "软性罚分合计")
_L("rwb.rule", "Rule", "规则")
_L("rwb.rule_name", "Rule name", "规则名称")
_L("rwb.kind", "Kind", "类型")
_L("rwb.hard", "hard", "硬性")
_L("rwb.soft", "soft", "软性")
_L("rwb.penalty", "Penalty", "罚分")
_L("rwb.person", "Person", "人员")
_L("rwb.cell", "Cell", "单元格")
_L("rwb.message", "Message", "说明")
_L("rwb.why", "Why no roster", "无法排班的原因")
_L("rwb.warnings", "Warnings", "警告")
_L("rwb.violations", "Violations and penalties", "违规与罚分")
_L("rwb.validation_title", "Shift code", "班次代码")
_L("rwb.validation_prompt", "Pick a code from the list (see the Legend sheet).",
   "请从列表中选择代码（见“图例”表）。")
_L("rwb.validation_error", "Not a listed code. Use the codes of the Legend sheet; "
   "several codes go in one cell separated by a space.",
   "不是列表中的代码。请使用“图例”表中的代码；一格多个代码用空格分隔。")
_L("rwb.empty", "(empty)", "（空）")
_L("rwb.days.workdays", "workdays", "工作日")
_L("rwb.days.offdays", "weekends and holidays", "休息日")
_L("rwb.days.holidays", "public holidays", "法定节假日")
_L("rwb.days.all", "every day", "每天")

E_NO_SHEET = define(
    "rwb.no_sheet", "there is no Roster sheet (排班表); the workbook has: {sheets}",
    "没有“排班表”（Roster）工作表；工作簿中有：{sheets}")
E_NO_DATES = define(
    "rwb.no_dates", "{sheet}: no header row of dates for {first} to {last} found in the first "
    "{rows} rows", "{sheet}：前 {rows} 行中找不到 {first} 至 {last} 的日期表头行")
E_DATE_MISSING = define(
    "rwb.date_missing", "{sheet}, header row {row}: there is no column for {date}; the header "
    "row must hold every date from {first} to {last}",
    "{sheet} 表头第 {row} 行：缺少 {date} 的日期列；表头行必须包含 {first} 至 {last} 的每一天")
E_DATE_OUTSIDE = define(
    "rwb.date_outside", "{cell}: {date} lies outside the planned dates {first} to {last}",
    "{cell}：{date} 不在排班期 {first} 至 {last} 内")
E_DATE_TWICE = define(
    "rwb.date_twice", "{cell}: {date} already has a column ({other})",
    "{cell}：{date} 已有一列（{other}）")
E_NO_ID_COL = define(
    "rwb.no_id_col", "{sheet}: no employee id column (工号/ID) left of the dates",
    "{sheet}：日期左侧没有工号（ID）列")
E_UNKNOWN_PERSON = define(
    "rwb.unknown_person", "{cell}: '{value}' is not a person of the Staff sheet",
    "{cell}：“{value}”不是员工表中的人员")
E_PERSON_TWICE = define(
    "rwb.person_twice", "{cell}: {emp} has a second row (first on row {row})",
    "{cell}：{emp} 出现了第二行（第一行在第 {row} 行）")
E_NO_ID = define(
    "rwb.no_id", "{cell}: this row has shift codes but no employee id",
    "{cell}：该行有班次代码但没有工号")
E_UNKNOWN_CODE = define(
    "rwb.unknown_code", "{cell}: '{value}' is not a shift code; use {codes}",
    "{cell}：“{value}”不是班次代码；可用代码：{codes}")
E_NOT_XLSX = define(
    "rwb.not_xlsx", "not an Excel workbook (.xlsx) that can be read: {reason}",
    "无法读取的 Excel 工作簿（.xlsx）：{reason}")
W_NO_ROW = define(
    "rwb.no_row", "{emp} has no row in the {sheet} sheet; read as no duties.",
    "{emp} 在“{sheet}”表中没有对应行，视为无排班。")
W_OTHER_MONTH = define(
    "rwb.other_month", "The solver's roster stored in the workbook is for {first} to {last}, not "
    "this problem's dates; changes are not shown.",
    "工作簿中保存的求解排班为 {first} 至 {last}，与本问题日期不符；不显示修改。")
W_NO_RECORD = define(
    "rwb.no_record", "The workbook holds no solver roster (hidden sheet _solver), so changes "
    "cannot be shown.", "工作簿中没有保存的求解排班（隐藏表 _solver），无法显示修改。")
T_CHANGE = define(
    "rwb.change", "{cell} {emp}, {date}: {before} → {after}",
    "{cell} {emp}，{date}：{before} → {after}")
T_PIN_CELL = define("rwb.pin_cell", "{cell}: {what}", "{cell}：{what}")


# ---------------------------------------------------------------------------
# Shared helpers


def _lang_of(result_or_problem: Any, lang: str | None) -> Lang:
    if lang in ("en", "zh"):
        return lang  # type: ignore[return-value]
    problem = getattr(getattr(result_or_problem, "instance", None), "problem", result_or_problem)
    settings = getattr(problem, "settings", None)
    if settings is not None and settings.language:
        return settings.language
    names = [e.name for e in getattr(problem, "staff", [])]
    names += [s.name for s in getattr(problem, "shifts", [])]
    if any(re.search(r"[\u4e00-\u9fff]", n or "") for n in names):
        return "zh"
    return "en"


def _col_letter(col: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(col)


def cell_ref(sheet: str, row: int, col: int) -> str:
    """``Roster!K7``; sheet names with spaces or punctuation are quoted as Excel does."""
    name = sheet if re.fullmatch(r"[\w\u4e00-\u9fff]+", sheet) else "'" + sheet.replace("'", "''") + "'"
    return f"{name}!{_col_letter(col)}{row}"


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


class CodeBook:
    """The cell codes of one problem: ``D`` for duty on D, ``备D``/``bD`` for standby."""

    def __init__(self, problem: Problem, lang: Lang = "en") -> None:
        self.shift_ids = [s.shift_id for s in problem.shifts]
        self.with_backups = [s.shift_id for s in problem.shifts if s.backups]
        lower_ids = {s.lower() for s in self.shift_ids}
        # The English standby prefix 'b' must not turn a code into another shift's code.
        clash = any(("b" + s).lower() in lower_ids for s in self.shift_ids)
        self.prefix = "备" if lang == "zh" or clash else BACKUP_PREFIX["en"]
        self.exact: dict[str, tuple[str, str]] = {}
        folded: dict[str, set[tuple[str, str]]] = defaultdict(set)
        for sid in self.shift_ids:
            self.exact[sid] = (sid, "duty")
            folded[sid.lower()].add((sid, "duty"))
        for sid in self.shift_ids:
            prefixes = ["备", "备班"] + ([] if clash else ["b"])
            for prefix in prefixes:
                key = prefix + sid
                if key not in self.exact:
                    self.exact.setdefault(key, (sid, "backup"))
                    folded[key.lower()].add((sid, "backup"))
        # A lower-case spelling counts only when it names one code.
        self.folded = {k: next(iter(v)) for k, v in folded.items() if len(v) == 1}

    def code(self, shift_id: str, role: str) -> str:
        return shift_id if role == "duty" else self.prefix + shift_id

    def cell_text(self, items: Iterable[tuple[str, str]]) -> str:
        """The codes of one cell: duties first, in shift order."""
        order = {sid: i for i, sid in enumerate(self.shift_ids)}
        items = sorted(set(items), key=lambda sr: (sr[1] != "duty", order.get(sr[0], 0)))
        return " ".join(self.code(sid, role) for sid, role in items)

    def parse(self, value: str) -> list[tuple[str, str]] | str:
        """(shift_id, role) items of a cell, or the first token that is no code."""
        out = []
        for token in re.split(CODE_SEPARATORS, value):
            if not token:
                continue
            found = self.exact.get(token) or self.folded.get(token.lower())
            if found is None:
                return token
            if found not in out:
                out.append(found)
        return out

    def listed(self) -> list[str]:
        return [self.code(s, "duty") for s in self.shift_ids] + [
            self.code(s, "backup") for s in self.with_backups]


# ---------------------------------------------------------------------------
# Export

_PALETTE_DAY = ("FFE699", "A9D08E", "F8CBAD", "C9C9FF", "FFD1E8", "B4E5E5")
_PALETTE_NIGHT = ("8EA9DB", "B4A7D6", "9FC5E8")
_PALETTE_OFF = ("F4B084", "FF9999", "E6B8AF")
_HOLIDAY_FILL = "FCE4E4"
_MAKEUP_FILL = "E2F0D9"
_WEEKEND_FILL = "F2F2F2"
_LEAVE_FILL = "BFBFBF"
_COMBO_FILL = "D9D9D9"


def _lighter(rgb: str, share: float = 0.55) -> str:
    parts = [int(rgb[i:i + 2], 16) for i in (0, 2, 4)]
    return "".join(f"{round(p + (255 - p) * share):02X}" for p in parts)


def shift_colours(problem: Problem) -> dict[str, str]:
    """A fill colour per shift: blues for night shifts, warm colours for off-day shifts."""
    counters = {"day": 0, "night": 0, "off": 0}
    pools = {"day": _PALETTE_DAY, "night": _PALETTE_NIGHT, "off": _PALETTE_OFF}
    out = {}
    for shift in problem.shifts:
        kind = "night" if shift.is_night else "off" if shift.days in ("offdays", "holidays") else "day"
        pool = pools[kind]
        out[shift.shift_id] = pool[counters[kind] % len(pool)]
        counters[kind] += 1
    return out


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
        ws.column_dimensions[_col_letter(col)].width = min(max_width, max(min_width, width + 2))


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
    lang = _lang_of(result, lang)
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


def _write_roster_sheet(ws, inst: Instance, roster: Roster, book: CodeBook,
                        colours: dict[str, str], lang: Lang, printed: dt.date,
                        names: dict[str, str]) -> dict[tuple[str, dt.date], str]:
    from openpyxl.formatting.rule import CellIsRule, FormulaRule
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.worksheet.properties import PageSetupProperties

    thin = Side(style="thin", color="A6A6A6")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    center = Alignment(horizontal="center", vertical="center")
    bold = Font(bold=True)
    fills = {k: PatternFill("solid", start_color=v, end_color=v) for k, v in (
        ("holiday", _HOLIDAY_FILL), ("makeup", _MAKEUP_FILL), ("weekend", _WEEKEND_FILL),
        ("leave", _LEAVE_FILL))}
    holiday_font = Font(bold=True, color="C00000")
    makeup_font = Font(bold=True, color="375623")

    dates = inst.dates
    last_col = FIRST_DATE_COL + len(dates) - 1
    last_row = FIRST_PERSON_ROW + len(inst.emp_ids) - 1
    title = _title(inst, lang)
    _put(ws, 1, 1, title, {"font": Font(bold=True, size=14)})
    _put(ws, 2, 1, text("rwb.printed", lang, date=printed.isoformat()) + "    "
         + text("rwb.title_note", lang, backup=book.code(book.shift_ids[0], "backup"),
                shift=book.shift_ids[0], legend=names["legend"]),
         {"font": Font(italic=True, color="595959")})

    one_month = inst.first.month == inst.last.month and inst.first.year == inst.last.year
    _put(ws, HEADER_ROW, 1, text("rwb.id", lang), {"font": bold, "border": border})
    _put(ws, HEADER_ROW, 2, text("rwb.name", lang), {"font": bold, "border": border})
    _put(ws, HEADER_ROW + 1, 2, text("rwb.weekday", lang), {"font": bold, "border": border})
    _put(ws, HEADER_ROW + 2, 2, text("rwb.daykind", lang), {"font": bold, "border": border})
    ws.cell(HEADER_ROW + 1, 1).border = border
    ws.cell(HEADER_ROW + 2, 1).border = border
    col_fill: dict[int, Any] = {}
    from openpyxl.comments import Comment

    for j, day in enumerate(dates):
        col = FIRST_DATE_COL + j
        info = inst.calendar.days.get(day)
        c = _put(ws, HEADER_ROW, col, day, {"number_format": "d" if one_month else "m/d",
                                             "alignment": center, "font": bold, "border": border})
        w = _put(ws, HEADER_ROW + 1, col, _weekday(day, lang), {"alignment": center,
                                                                "border": border})
        mark = ""
        fill = None
        font = None
        if info is not None and info.holiday:
            mark, fill, font = text("rwb.mark_holiday", lang), fills["holiday"], holiday_font
        elif info is not None and info.makeup:
            mark, fill, font = text("rwb.mark_makeup", lang), fills["makeup"], makeup_font
        elif info is not None and not info.workday:
            fill = fills["weekend"]
        k = _put(ws, HEADER_ROW + 2, col, mark, {"alignment": center, "border": border})
        if font is not None:
            k.font = font
        if info is not None and info.name:
            k.comment = Comment(info.name, "roster")
        if fill is not None:
            for cell in (c, w, k):
                cell.fill = fill
            col_fill[col] = fill

    items: dict[tuple[str, dt.date], list[tuple[str, str]]] = defaultdict(list)
    for a in roster.assignments:
        items[a.employee_id, a.date].append((a.shift_id, a.role))
    date_col = {d: FIRST_DATE_COL + j for j, d in enumerate(dates)}
    cells_of: dict[tuple[str, dt.date], str] = {}
    for i, emp_id in enumerate(inst.emp_ids):
        row = FIRST_PERSON_ROW + i
        emp = inst.staff[emp_id]
        _put(ws, row, 1, emp_id, {"border": border})
        _put(ws, row, 2, emp.name, {"border": border})
        leave = inst.leave_days.get(emp_id, set())
        for day, col in date_col.items():
            value = book.cell_text(items.get((emp_id, day), ()))
            cell = _put(ws, row, col, value or None, {"alignment": center, "border": border})
            if day in leave:
                cell.fill = fills["leave"]
            elif col in col_fill:
                cell.fill = col_fill[col]
            cells_of[emp_id, day] = cell_ref(ws.title, row, col)

    if inst.emp_ids and dates:
        area = f"{_col_letter(FIRST_DATE_COL)}{FIRST_PERSON_ROW}:{_col_letter(last_col)}{last_row}"
        top_left = f"{_col_letter(FIRST_DATE_COL)}{FIRST_PERSON_ROW}"
        # Several codes in one cell (a space) get a neutral colour; single codes their shift's.
        ws.conditional_formatting.add(area, FormulaRule(
            formula=[f'ISNUMBER(SEARCH(" ",TRIM({top_left})))'],
            fill=PatternFill("solid", start_color=_COMBO_FILL, end_color=_COMBO_FILL),
            stopIfTrue=True))
        for sid in book.shift_ids:
            rgb = colours[sid]
            quoted = sid.replace('"', '""')
            ws.conditional_formatting.add(area, CellIsRule(
                operator="equal", formula=[f'"{quoted}"'],
                fill=PatternFill("solid", start_color=rgb, end_color=rgb),
                font=Font(bold=True)))
            light = _lighter(rgb)
            for prefix in dict.fromkeys([book.prefix, "备"]):
                code = (prefix + sid).replace('"', '""')
                ws.conditional_formatting.add(area, CellIsRule(
                    operator="equal", formula=[f'"{code}"'],
                    fill=PatternFill("solid", start_color=light, end_color=light),
                    font=Font(italic=True, color="595959")))

    ws.freeze_panes = ws.cell(FIRST_PERSON_ROW, FIRST_DATE_COL).coordinate
    ws.column_dimensions["A"].width = max(6, max((_text_width(e) for e in inst.emp_ids),
                                                 default=4) + 2)
    ws.column_dimensions["B"].width = max(8, max((_text_width(inst.staff[e].name)
                                                  for e in inst.emp_ids), default=4) + 2)
    widest = max((_text_width(book.cell_text(v)) for v in items.values()), default=2)
    code_width = max(4.5, widest + 1.5, 4 if one_month else 6.0)
    for col in range(FIRST_DATE_COL, last_col + 1):
        ws.column_dimensions[_col_letter(col)].width = code_width
    ws.row_dimensions[1].height = 22

    # A4 landscape, the whole width on one page, header rows and names repeated.
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW + 2}"
    ws.print_title_cols = "A:B"
    ws.print_area = f"A1:{_col_letter(max(last_col, 2))}{max(last_row, HEADER_ROW + 2)}"
    ws.oddHeader.center.text = _escape_hf(title)
    ws.oddFooter.left.text = _escape_hf(text("rwb.printed", lang, date=printed.isoformat()))
    ws.oddFooter.right.text = "&P / &N"
    return cells_of


def _header_row(ws, row: int, labels: list[str]) -> None:
    from openpyxl.styles import Border, Font, PatternFill, Side

    thin = Side(style="thin", color="A6A6A6")
    fill = PatternFill("solid", start_color="DDEBF7", end_color="DDEBF7")
    for col, label in enumerate(labels, start=1):
        _put(ws, row, col, label, {"font": Font(bold=True), "fill": fill,
                                   "border": Border(bottom=thin)})


def _landscape(ws) -> None:
    from openpyxl.worksheet.properties import PageSetupProperties

    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)


def _write_daily_sheet(ws, inst: Instance, roster: Roster, lang: Lang) -> None:
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
    ws.freeze_panes = "C2"
    _fit_columns(ws, max_width=80)
    _landscape(ws)
    ws.print_title_rows = "1:1"


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
    from openpyxl.styles import Font, PatternFill

    _put(ws, 1, 1, text("rwb.legend_title", lang), {"font": Font(bold=True, size=13)})
    _header_row(ws, 2, [text(k, lang) for k in (
        "rwb.code", "rwb.meaning", "rwb.time", "rwb.days", "rwb.staff", "rwb.backup_count")])
    row = 3
    first = row
    for role in ("duty", "backup"):
        for shift in inst.problem.shifts:
            if role == "backup" and not shift.backups:
                continue  # no standby on this shift: its code would only break H3
            rgb = colours[shift.shift_id] if role == "duty" else _lighter(colours[shift.shift_id])
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
    # Combinations the roster uses (a duty and a standby on one date) stay valid choices.
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
        _put(ws, row, 1, code, {"fill": PatternFill("solid", start_color=_COMBO_FILL,
                                                     end_color=_COMBO_FILL)})
        _put(ws, row, 2, parts)
        row += 1
    last = row - 1
    row += 1
    _put(ws, row, 1, text("rwb.legend_marks", lang), {"font": Font(bold=True)})
    row += 1
    marks = (("rwb.mark_holiday", "rwb.legend_holiday", _HOLIDAY_FILL),
             ("rwb.mark_makeup", "rwb.legend_makeup", _MAKEUP_FILL),
             (None, "rwb.legend_leave", _LEAVE_FILL))
    for mark, meaning, rgb in marks:
        _put(ws, row, 1, text(mark, lang) if mark else "", {
            "fill": PatternFill("solid", start_color=rgb, end_color=rgb)})
        _put(ws, row, 2, text(meaning, lang))
        row += 1
    row += 1
    from openpyxl.styles import Alignment

    for offset, key in enumerate(("rwb.legend_edit", "rwb.legend_summary")):
        r = row + offset
        _put(ws, r, 1, text(key, lang), {"alignment": Alignment(wrap_text=True, vertical="top")})
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=6)
        ws.row_dimensions[r].height = 15 * (1 + _text_width(text(key, lang)) // 70)
    ws.column_dimensions["A"].width = 10
    ws.column_dimensions["B"].width = 36
    for col in "CEF":
        ws.column_dimensions[col].width = 12
    ws.column_dimensions["D"].width = 24
    _landscape(ws)
    return first, last


def _write_checks_sheet(ws, result, cells_of: dict[tuple[str, dt.date], str], roster_sheet: str,
                        lang: Lang) -> None:
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
        cell = None
        if v.employee_id is not None and v.date is not None:
            cell = cells_of.get((v.employee_id, v.date))
        if cell is None and v.date is not None and inst.first <= v.date <= inst.last:
            cell = cell_ref(roster_sheet, HEADER_ROW, FIRST_DATE_COL + (v.date - inst.first).days)
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


def _write_solver_sheet(ws, inst: Instance, roster: Roster, roster_sheet: str) -> None:
    """The solver's roster as plain text rows, so edits can be compared with it."""
    rows: list[list[Any]] = [["format", FORMAT_NAME, FORMAT_VERSION],
            ["first", inst.first.isoformat()],
            ["last", inst.last.isoformat()],
            ["sheet", roster_sheet],
            ["date", "shift_id", "employee_id", "role"]]
    rows += [[a.date.isoformat(), a.shift_id, a.employee_id, a.role]
             for a in roster.sorted().assignments]
    for r, values in enumerate(rows, start=1):
        for c, value in enumerate(values, start=1):
            _put(ws, r, c, value)
    ws.sheet_state = "hidden"
    ws.protection.sheet = True  # a record, not for editing


def _add_validation(ws, inst: Instance, legend: str, legend_rows: tuple[int, int],
                    lang: Lang) -> None:
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
    last_col = FIRST_DATE_COL + len(inst.dates) - 1
    last_row = FIRST_PERSON_ROW + len(inst.emp_ids) - 1
    dv.add(f"{_col_letter(FIRST_DATE_COL)}{FIRST_PERSON_ROW}:{_col_letter(last_col)}{last_row}")
    ws.add_data_validation(dv)


# ---------------------------------------------------------------------------
# Import


@dataclass(frozen=True)
class Change:
    """One Roster cell whose content differs from the solver's roster."""

    employee_id: str
    date: dt.date
    cell: str | None
    before: tuple[Assignment, ...]
    after: tuple[Assignment, ...]

    def message(self, book: CodeBook, inst: Instance | None = None) -> Msg:
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
        from ..checks import check_roster

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
    first, last = inst.first, inst.last
    # The header row is the one with the most dates of the horizon, wherever the title went.
    scan = min(len(rows), 30)
    best_row, best_count = None, 0
    for r in range(scan):
        count = sum(1 for v in rows[r] if (d := _as_date(v, first, last)) is not None
                    and first <= d <= last)
        if count > best_count:
            best_row, best_count = r, count
    if best_row is None:
        raise _error(name, E_NO_DATES, sheet=sheet, first=first, last=last, rows=scan or 30)
    header = rows[best_row]
    header_row = best_row + 1
    date_cols: dict[dt.date, int] = {}
    first_date_col = None
    for c, value in enumerate(header, start=1):
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
        first_date_col = first_date_col or c
    for day in inst.dates:
        if day not in date_cols:
            raise _error(name, E_DATE_MISSING, sheet=sheet, row=header_row, date=day,
                         first=first, last=last)
    assert first_date_col is not None

    # Employee id and name columns: by header text, else by matching staff ids.
    left = range(1, first_date_col)
    labels = {c: _norm(header[c - 1]).lower() if c - 1 < len(header) else "" for c in left}
    id_col = next((c for c in left if labels[c] in ID_HEADERS), None)
    name_col = next((c for c in left if labels[c] in NAME_HEADERS), None)
    body = rows[best_row + 1:]
    if id_col is None:
        hits = {c: sum(1 for r in body if c - 1 < len(r) and _norm(r[c - 1]) in inst.staff)
                for c in left}
        id_col = max(hits, key=lambda c: hits[c], default=None)
        if id_col is None or hits[id_col] == 0:
            raise _error(name, E_NO_ID_COL, sheet=sheet)
    by_name: dict[str, list[str]] = defaultdict(list)
    for eid, emp in inst.staff.items():
        if emp.name:
            by_name[_norm(emp.name)].append(eid)

    book = CodeBook(inst.problem, "zh")  # parses both 备D and bD
    codes_hint = ", ".join(CodeBook(inst.problem, "en").listed()
                           + [f"备{s}" for s in book.with_backups])
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
        col_date = {c: d for d, c in date_cols.items()}
        for col, items in parsed:
            for sid, role in items:
                a = Assignment.model_validate({"date": col_date[col], "shift_id": sid,
                                               "employee_id": emp_id, "role": role})
                assignments.append(a)
                cells[a] = cell_ref(sheet, row, col)
    warnings = [msg(W_NO_ROW, emp=inst.emp_label(e), sheet=sheet)
                for e in inst.emp_ids if e not in person_rows]
    roster = Roster(assignments=assignments).sorted()
    original = _solver_roster(solver_rows, inst, warnings)
    result = RosterImport(roster=roster, cells=cells, original=original, changes=[],
                          warnings=warnings, sheet=sheet, header_row=header_row,
                          person_rows=person_rows, date_columns=date_cols,
                          codebook=CodeBook(inst.problem, _lang_of(inst.problem, None)),
                          instance=inst)
    if original is not None:
        result.changes = _diff(result, original)
    return result


def _solver_roster(rows: list[list[Any]] | None, inst: Instance,
                   warnings: list[Msg]) -> Roster | None:
    if not rows:
        warnings.append(msg(W_NO_RECORD))
        return None
    meta = {_norm(r[0]): r[1:] for r in rows[:4] if r and r[0] is not None}
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
    for r in rows[5:]:
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


__all__ = ["CellViolation", "Change", "CodeBook", "RosterImport", "cell_ref", "handovers",
           "name_pinned_cells", "pin_workbook", "read_roster_workbook", "roster_workbook",
           "shift_colours", "write_roster_workbook"]
