"""The layout of the roster workbook, shared by its writer and its reader.

The workbook has these sheets (Chinese names in brackets):

- Roster (排班表): one row per person from :data:`FIRST_PERSON_ROW`, one
  column per date from :data:`FIRST_DATE_COL`; the header row
  :data:`HEADER_ROW` holds the dates, the two rows below it the weekday and
  the marks of public holidays (休/Hol) and make-up working days (班/Work). A
  cell holds the person's duty shift codes; standby is the code with a prefix
  (``备D`` in Chinese, ``bD`` in English): see :class:`CodeBook`.
- Daily (每日值班), Summary (个人统计), Legend (图例), Checks (检查): written
  for people, never read back.
- :data:`SOLVER_SHEET` (hidden): the solver's roster, rows :data:`SOLVER_META`
  then a header :data:`SOLVER_COLUMNS` and one row per assignment, so that an
  edited workbook can be compared with what the solver published.

Here too: the labels and messages of both languages, the shift colours and
:func:`cell_ref`, the way every message names a cell.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from ...i18n import Lang, define
from ...models import Problem

FORMAT_NAME = "duty-roster workbook"
FORMAT_VERSION = 1
SOLVER_SHEET = "_solver"
SOLVER_META = ("format", "first", "last", "sheet")  # the hidden sheet's first rows: name, value
SOLVER_COLUMNS = ("date", "shift_id", "employee_id", "role")
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


def language_of(result_or_problem: Any, lang: str | None = None) -> Lang:
    """The language of a roster workbook: ``lang`` when given, else the problem's.

    ``result_or_problem`` is a :class:`~scheduler.results.Result` or a
    :class:`~scheduler.models.Problem`. Without a language in its Settings,
    Chinese staff or shift names give Chinese, anything else English.
    """
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


def column_letter(col: int) -> str:
    """The letter(s) of a column number as Excel shows them: 1 → ``A``, 27 → ``AA``."""
    from openpyxl.utils import get_column_letter

    return get_column_letter(col)


def cell_ref(sheet: str, row: int, col: int) -> str:
    """``Roster!K7``; sheet names with spaces or punctuation are quoted as Excel does."""
    name = sheet if re.fullmatch(r"[\w\u4e00-\u9fff]+", sheet) else "'" + sheet.replace("'", "''") + "'"
    return f"{name}!{column_letter(col)}{row}"


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
        """The code of a duty (the shift id) or a standby (the prefix and the shift id)."""
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
        """Every code a cell may hold alone: each duty, then each shift's standby."""
        return [self.code(s, "duty") for s in self.shift_ids] + [
            self.code(s, "backup") for s in self.with_backups]


# Fill colours (RGB hex): shifts take theirs from the palette of their kind.
PALETTE_DAY = ("FFE699", "A9D08E", "F8CBAD", "C9C9FF", "FFD1E8", "B4E5E5")
PALETTE_NIGHT = ("8EA9DB", "B4A7D6", "9FC5E8")
PALETTE_OFF = ("F4B084", "FF9999", "E6B8AF")
HOLIDAY_FILL = "FCE4E4"
MAKEUP_FILL = "E2F0D9"
WEEKEND_FILL = "F2F2F2"
LEAVE_FILL = "BFBFBF"
COMBO_FILL = "D9D9D9"  # a cell with several codes


def lighter(rgb: str, share: float = 0.55) -> str:
    """``rgb`` mixed with white (``share`` of white): the colour of a standby code."""
    parts = [int(rgb[i:i + 2], 16) for i in (0, 2, 4)]
    return "".join(f"{round(p + (255 - p) * share):02X}" for p in parts)


def shift_colours(problem: Problem) -> dict[str, str]:
    """A fill colour per shift: blues for night shifts, warm colours for off-day shifts."""
    counters = {"day": 0, "night": 0, "off": 0}
    pools = {"day": PALETTE_DAY, "night": PALETTE_NIGHT, "off": PALETTE_OFF}
    out = {}
    for shift in problem.shifts:
        kind = "night" if shift.is_night else "off" if shift.days in ("offdays", "holidays") else "day"
        pool = pools[kind]
        out[shift.shift_id] = pool[counters[kind] % len(pool)]
        counters[kind] += 1
    return out


__all__ = ["BACKUP_PREFIX", "CODE_SEPARATORS", "COMBO_FILL", "FIRST_DATE_COL", "FIRST_PERSON_ROW",
           "FORMAT_NAME", "FORMAT_VERSION", "HEADER_ROW", "HOLIDAY_FILL", "ID_HEADERS",
           "LEAVE_FILL", "MAKEUP_FILL", "NAME_HEADERS", "PALETTE_DAY", "PALETTE_NIGHT",
           "PALETTE_OFF", "ROSTER_SHEET_ALIASES", "SHEETS", "SOLVER_COLUMNS", "SOLVER_META",
           "SOLVER_SHEET", "WEEKEND_FILL", "CodeBook", "cell_ref", "column_letter",
           "language_of", "lighter", "shift_colours"]
