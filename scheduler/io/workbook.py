"""The problem workbook of ``shared/workbook.md``: reading it into a :class:`Problem`.

A workbook has one sheet per collection of the problem. Sheet names, column
headers and Settings keys are matched ignoring case, spaces, ``_`` and ``-``,
in English or Chinese (a workbook may mix both). Column order does not
matter; unknown columns, Settings keys and sheets are ignored with a warning;
a column ``note`` (备注) is ignored silently on every sheet. The header is the
first non-empty row of a sheet; empty rows are skipped.

========================  ==============  =======================================
Sheet                     Chinese         Columns (Chinese alias)
========================  ==============  =======================================
Settings                  设置            key (项目), value (值)
Shifts                    班次            shift_id (班次代码), name (名称), start (开始),
                                          end (结束), days (日期类型), staff (人数),
                                          rotation (轮换), backups (备班), skills (技能),
                                          not_followed_by (禁止接续)
Staff                     员工            employee_id (工号), name (姓名), skills (技能),
                                          shifts (可值班次), max_duties (每月上限),
                                          max_shifts (班次上限), min_minutes (最少工时),
                                          max_minutes (最多工时), max_consecutive
                                          (最多连续天数), min_consecutive (最少连续天数),
                                          min_days_off (最少连休天数), max_weekends (周末上限)
Leave                     请假            employee_id (工号), start (开始日期), end (结束日期),
                                          kind (类型), requested_on (申请日期)
Calendar (optional)       日历            date (日期), kind (类型), name (名称)
Requests (optional)       意愿            employee_id (工号), date (日期), shift_id (班次代码),
                                          kind (类型), weight (权重)
History (optional)        历史            date (日期), shift_id (班次代码), employee_id (工号),
                                          role (角色)
Coverage (optional)       需求            date (日期), shift_id (班次代码), staff (人数),
                                          under_weight (缺员权重), over_weight (超员权重)
Pinned (optional)         固定排班        date (日期), shift_id (班次代码), employee_id (工号),
                                          role (角色): assignments fixed by hand
Forbidden (optional)      禁止排班        the same columns: assignments cleared by hand
Baseline (optional)       原排班          the same columns: the roster to stay close to
Instructions              说明            ignored (written by :func:`write_workbook`)
========================  ==============  =======================================

Settings keys (Chinese alias):

===========================  ==================
``month``                    月份
``start``, ``end``           开始日期, 结束日期
``team``                     团队
``min_rest_hours``           最少休息小时
``max_swaps_per_month``      每月换班上限
``leave_notice_days``        请假提前天数
``holiday_calendar``         节假日日历
``time_limit_s``             求解时限
``max_duties_per_day``       每日班次上限
``language``                 语言
``weight_rotation``          权重_轮换
``weight_fairness``          权重_公平
``weight_nights``            权重_夜班
``weight_holidays``          权重_节假日
``weight_requests``          权重_意愿
``weight_backups``           权重_备班
===========================  ==================

Every error is an :class:`~scheduler.errors.InputError` naming the file, the
sheet as written, the row as Excel numbers it and the column header as
written. The file is opened read-only and never modified.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings as pywarnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import InputError
from ..i18n import Lang, Msg, define, msg
from ..models import (
    Assignment,
    CalendarDay,
    CoverageOverride,
    Employee,
    Leave,
    Problem,
    Request,
    Settings,
    Shift,
    Weights,
)

# ---------------------------------------------------------------------------
# The contract: sheets, columns and keys with their Chinese aliases and help.


@dataclass(frozen=True)
class Column:
    """One column of a sheet: a field of the row model."""

    field: str
    en: str
    zh: str
    help_en: str = ""
    help_zh: str = ""
    aliases: tuple[str, ...] = ()
    required: bool = False

    def header(self, lang: Lang) -> str:
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True)
class SheetSpec:
    """One sheet of the workbook and the collection of :class:`Problem` it fills."""

    section: str
    en: str
    zh: str
    model: type[BaseModel] | None
    required: bool
    columns: tuple[Column, ...]
    help_en: str = ""
    help_zh: str = ""
    aliases: tuple[str, ...] = ()

    def name(self, lang: Lang) -> str:
        return self.zh if lang == "zh" else self.en

    def column(self, field_name: str) -> Column:
        for col in self.columns:
            if col.field == field_name:
                return col
        raise KeyError(field_name)


def _columns(model: type[BaseModel], table: dict[str, tuple[str, str, str]],
             extra: dict[str, tuple[str, ...]] | None = None) -> tuple[Column, ...]:
    """Columns in the order of the model's fields; a field missing from ``table``
    (added to the model later) still gets a column under its own name."""
    extra = extra or {}
    out = []
    for name, info in model.model_fields.items():
        zh, help_en, help_zh = table.get(name, (name, "", ""))
        out.append(Column(name, name, zh, help_en, help_zh, extra.get(name, ()),
                          info.is_required()))
    return tuple(out)


NOTE_ALIASES = ("note", "notes", "comment", "备注", "说明")

SETTINGS_KEY = Column("key", "key", "项目", "Name of the setting.", "设置项名称。",
                      ("setting", "name", "键", "参数"), True)
SETTINGS_VALUE = Column("value", "value", "值", "Its value.", "设置值。", ("数值",), True)
SETTINGS_NOTE = Column("note", "note", "备注", "Free text, ignored.", "自由填写，程序忽略。")

# Settings field → (Chinese key, help en, help zh, extra aliases)
SETTINGS_KEYS: dict[str, tuple[str, str, str, tuple[str, ...]]] = {
    "month": ("月份", "The month to plan, YYYY-MM (or give start and end).",
              "排班月份，格式 YYYY-MM（或填写开始日期和结束日期）。", ("排班月份",)),
    "start": ("开始日期", "First date of a horizon other than a calendar month.",
              "非整月排班时的第一天。", ("开始",)),
    "end": ("结束日期", "Last date (inclusive) of that horizon.", "非整月排班时的最后一天（含）。",
            ("结束",)),
    "team": ("团队", "Team name, shown in outputs.", "团队名称，显示在结果中。", ("团队名称", "班组")),
    "min_rest_hours": ("最少休息小时", "Least rest between two duties of one person, hours "
                       "(default 11).", "同一人两次值班之间最少休息小时数（默认 11）。",
                       ("最少休息时间",)),
    "max_swaps_per_month": ("每月换班上限", "Swaps allowed per person per month (R7, default 3).",
                            "每人每月允许换班次数（R7，默认 3）。", ("换班上限",)),
    "leave_notice_days": ("请假提前天数", "Days of notice leave needs (R10, default 3).",
                          "请假需提前的天数（R10，默认 3）。", ()),
    "holiday_calendar": ("节假日日历", "CN (built-in Chinese calendar) or none.",
                         "CN（内置中国法定节假日）或 none（不用）。", ("节假日",)),
    "time_limit_s": ("求解时限", "Solver time limit in seconds (default 30).",
                     "求解时间上限，单位秒（默认 30）。", ("求解时间", "时限")),
    "max_duties_per_day": ("每日班次上限", "Duties one person may have on one date (default 1).",
                           "同一人同一天最多值班次数（默认 1）。", ()),
    "language": ("语言", "Language of the outputs: en or zh.", "输出语言：en（英文）或 zh（中文）。",
                 ()),
    "source": ("来源", "Where the problem came from (set by converters).", "数据来源（由转换程序填写）。",
               ()),
}
WEIGHT_KEYS: dict[str, tuple[str, str, str]] = {
    "rotation": ("权重_轮换", "Weight of day rotation: same person on consecutive day duties.",
                 "轮换权重：同一人连续值同一日班的扣分。"),
    "fairness": ("权重_公平", "Weight of fairness: duties above or below the fair share.",
                 "公平权重：值班次数偏离平均份额的扣分。"),
    "nights": ("权重_夜班", "Weight of night fairness, History included.",
               "夜班公平权重（含历史）。"),
    "holidays": ("权重_节假日", "Weight of off-day and holiday fairness, History included.",
                 "休息日及节假日值班公平权重（含历史）。"),
    "requests": ("权重_意愿", "Multiplies the weight of every request not granted.",
                 "意愿权重：未满足的意愿按此倍数扣分。"),
    "backups": ("权重_备班", "Weight of standby fairness.", "备班公平权重。"),
}


@dataclass(frozen=True)
class SettingKey:
    """One key of the Settings sheet; ``weight`` keys fill :class:`Weights`."""

    field: str
    en: str
    zh: str
    help_en: str
    help_zh: str
    aliases: tuple[str, ...] = ()
    weight: bool = False

    def key(self, lang: Lang) -> str:
        return self.zh if lang == "zh" else self.en


def settings_keys() -> tuple[SettingKey, ...]:
    """Every Settings key, derived from the model so new settings are never lost."""
    out = []
    for name in Settings.model_fields:
        if name == "weights":
            for wname in Weights.model_fields:
                zh, help_en, help_zh = WEIGHT_KEYS.get(wname, (f"权重_{wname}", "", ""))
                out.append(SettingKey(wname, f"weight_{wname}", zh, help_en, help_zh,
                                      (f"{zh[3:]}权重",) if zh.startswith("权重_") else (),
                                      weight=True))
            continue
        zh, help_en, help_zh, aliases = SETTINGS_KEYS.get(name, (name, "", "", ()))
        out.append(SettingKey(name, name, zh, help_en, help_zh, aliases))
    return tuple(out)


_SHIFT_COLS = {
    "shift_id": ("班次代码", "Short code, e.g. D, N, H (required, unique).",
                 "班次简码，如 D、N、H（必填，不可重复）。"),
    "name": ("名称", "Display name.", "显示名称。"),
    "start": ("开始", "Start time, HH:MM.", "开始时间，HH:MM。"),
    "end": ("结束", "End time, HH:MM; at or before the start means the next day.",
            "结束时间，HH:MM；不晚于开始时间表示次日。"),
    "days": ("日期类型", "workdays, offdays, holidays, all, or weekdays such as Mon,Tue,Fri.",
             "工作日、休息日、法定节假日、每天，或星期列表如 周一,周二,周五。"),
    "staff": ("人数", "People on duty per occurrence (integer ≥ 0, default 1).",
              "每班值班人数（≥0 的整数，默认 1）。"),
    "rotation": ("轮换", "day (a new person each day) or week (one crew per Monday–Sunday week).",
                 "按天（每天轮换）或按周（每周一至周日同一组人）。"),
    "backups": ("备班", "Standby people per occurrence (default 0).", "每班备班人数（默认 0）。"),
    "skills": ("技能", "Skill needs of the crew, e.g. tech:1 (items separated by ;).",
               "班组技能要求，如 tech:1（多项用 ; 分隔）。"),
    "not_followed_by": ("禁止接续", "Shift ids the same person may not work on the next day.",
                        "同一人次日不得接续的班次代码，逗号分隔。"),
}
_STAFF_COLS = {
    "employee_id": ("工号", "Unique id (required).", "唯一工号（必填）。"),
    "name": ("姓名", "Display name.", "姓名。"),
    "skills": ("技能", "Skills, comma-separated, e.g. tech.", "所具技能，逗号分隔，如 tech。"),
    "shifts": ("可值班次", "Shift ids this person may work, comma-separated; empty = all.",
               "可值的班次代码，逗号分隔；留空表示全部。"),
    "max_duties": ("每月上限", "Most duties this month; empty = no cap.",
                   "本月最多值班次数；留空表示不限。"),
    "max_shifts": ("班次上限", "Per-shift caps, e.g. N:5;D:14.", "分班次上限，如 N:5;D:14。"),
    "min_minutes": ("最少工时", "Fewest duty minutes over the horizon.", "排班期内最少值班分钟数。"),
    "max_minutes": ("最多工时", "Most duty minutes over the horizon.", "排班期内最多值班分钟数。"),
    "max_consecutive": ("最多连续天数", "Most consecutive days with a duty.", "最多连续值班天数。"),
    "min_consecutive": ("最少连续天数", "Fewest consecutive duty days in a run.",
                        "每段连续值班的最少天数。"),
    "min_days_off": ("最少连休天数", "Fewest consecutive days off between two runs.",
                     "两段值班之间最少连续休息天数。"),
    "max_weekends": ("周末上限", "Most weekends with a duty.", "最多值班的周末数。"),
}
_LEAVE_COLS = {
    "employee_id": ("工号", "Who is on leave.", "请假人工号。"),
    "start": ("开始日期", "First day of leave.", "请假第一天。"),
    "end": ("结束日期", "Last day of leave (inclusive).", "请假最后一天（含）。"),
    "kind": ("类型", "annual, sick, personal, … (free text).", "年假、病假、事假等（自由填写）。"),
    "requested_on": ("申请日期", "When the leave was asked for (optional, R10).",
                     "提出申请的日期（可选，R10）。"),
}
_CALENDAR_COLS = {
    "date": ("日期", "A date.", "日期。"),
    "kind": ("类型", "holiday (public holiday) or workday (make-up working day, 调休上班).",
             "节假日（放假）或 工作日（调休上班）。"),
    "name": ("名称", "Name, e.g. 元旦.", "名称，如 元旦。"),
}
_REQUEST_COLS = {
    "employee_id": ("工号", "Who asks.", "提出人工号。"),
    "date": ("日期", "The date.", "日期。"),
    "shift_id": ("班次代码", "The shift; empty = any shift.", "班次代码；留空表示任何班次。"),
    "kind": ("类型", "prefer (wants to work) or avoid (wants to be free).",
             "希望（想上）或 避免（不想上）。"),
    "weight": ("权重", "How much it matters, positive integer (default 1).",
               "重要程度，正整数（默认 1）。"),
}
_ASSIGNMENT_COLS = {
    "date": ("日期", "Date the shift starts.", "班次开始的日期。"),
    "shift_id": ("班次代码", "The shift.", "班次代码。"),
    "employee_id": ("工号", "The person.", "工号。"),
    "role": ("角色", "duty or backup (standby).", "值班 或 备班。"),
}
_COVERAGE_COLS = {
    "date": ("日期", "The date.", "日期。"),
    "shift_id": ("班次代码", "The shift.", "班次代码。"),
    "staff": ("人数", "People needed that day, overriding the Shifts sheet.",
              "当天所需人数，覆盖班次表中的人数。"),
    "under_weight": ("缺员权重", "Makes coverage soft: cost per missing person.",
                     "设置后为软约束：每缺一人的扣分。"),
    "over_weight": ("超员权重", "Makes coverage soft: cost per extra person.",
                    "设置后为软约束：每多一人的扣分。"),
}

SETTINGS = SheetSpec(
    "settings", "Settings", "设置", None, True, (SETTINGS_KEY, SETTINGS_VALUE),
    "Horizon, team and solver options: one key per row.", "排班期、团队与求解选项：每行一个设置项。")
SHEETS: tuple[SheetSpec, ...] = (
    SETTINGS,
    SheetSpec("shifts", "Shifts", "班次", Shift, True, _columns(
        Shift, _SHIFT_COLS, {"start": ("开始时间",), "end": ("结束时间",)}),
        "One row per shift type (R1).", "每行一个班次类型（R1）。"),
    SheetSpec("staff", "Staff", "员工", Employee, True, _columns(Employee, _STAFF_COLS),
              "One row per person.", "每行一名员工。"),
    SheetSpec("leave", "Leave", "请假", Leave, True, _columns(
        Leave, _LEAVE_COLS, {"start": ("开始",), "end": ("结束",)}),
        "Approved leave: no duty or standby on these dates (H6). Keep the header row even when "
        "nobody is on leave.", "已批准的请假：请假期间不安排值班或备班（H6）。无人请假时保留标题行。"),
    SheetSpec("calendar", "Calendar", "日历", CalendarDay, False,
              _columns(CalendarDay, _CALENDAR_COLS),
              "Optional: public holidays and make-up working days that override the built-in "
              "calendar.", "可选：覆盖内置日历的法定节假日与调休上班日。"),
    SheetSpec("requests", "Requests", "意愿", Request, False, _columns(Request, _REQUEST_COLS),
              "Optional: wishes to work or not to work (soft).", "可选：想上或不想上的意愿（尽量满足）。"),
    SheetSpec("history", "History", "历史", Assignment, False,
              _columns(Assignment, _ASSIGNMENT_COLS),
              "Optional: last month's published roster, at least its last week (rest, weekly "
              "rotation, fairness).", "可选：上月已发布的排班，至少最后一周（用于休息、周轮换和公平）。"),
    SheetSpec("coverage", "Coverage", "需求", CoverageOverride, False,
              _columns(CoverageOverride, _COVERAGE_COLS),
              "Optional: staff needed on particular dates.", "可选：指定日期的所需人数。"),
    SheetSpec("pinned", "Pinned", "固定排班", Assignment, False,
              _columns(Assignment, _ASSIGNMENT_COLS),
              "Optional: assignments fixed by hand; the solver keeps them.",
              "可选：手工固定的排班，求解时保持不变。", ("固定",)),
    SheetSpec("forbidden", "Forbidden", "禁止排班", Assignment, False,
              _columns(Assignment, _ASSIGNMENT_COLS),
              "Optional: assignments cleared by hand; the solver never puts them back.",
              "可选：手工取消的排班，求解时不会再排回。", ("取消排班",)),
    SheetSpec("baseline", "Baseline", "原排班", Assignment, False,
              _columns(Assignment, _ASSIGNMENT_COLS),
              "Optional: the previous roster; re-planning changes as little of it as it can.",
              "可选：原排班；重新排班时尽量少改动。", ("基准排班",)),
)
SHEET_BY_SECTION = {s.section: s for s in SHEETS}
INSTRUCTION_NAMES = ("Instructions", "说明", "readme", "使用说明", "填写说明")

# ---------------------------------------------------------------------------
# Texts

W_UNKNOWN_COLUMN = define(
    "workbook.unknown_column",
    "Sheet {sheet}: column '{column}' is not used and was ignored.",
    "工作表 {sheet}：列“{column}”无法识别，已忽略。")
W_UNKNOWN_KEY = define(
    "workbook.unknown_key",
    "Sheet {sheet}, row {row}: setting '{name}' is not known and was ignored.",
    "工作表 {sheet} 第 {row} 行：设置项“{name}”无法识别，已忽略。")
W_UNKNOWN_SHEET = define(
    "workbook.unknown_sheet",
    "Sheet {sheet} is not part of the problem workbook and was ignored.",
    "工作表 {sheet} 不属于排班问题工作簿，已忽略。")

_ZH_MESSAGES = {
    "missing": "此单元格为空，但“{column}”为必填项",
    "int_parsing": "“{value}”不是整数",
    "int_type": "“{value}”不是整数",
    "int_from_float": "“{value}”不是整数",
    "float_parsing": "“{value}”不是数字",
    "float_type": "“{value}”不是数字",
    "greater_than_equal": "{value} 不能小于 {ge}",
    "greater_than": "{value} 必须大于 {gt}",
    "less_than_equal": "{value} 不能大于 {le}",
    "literal_error": "“{value}”不是允许的取值（{expected}）",
    "string_too_short": "此单元格不能为空",
    "time_format": "“{value}”不是时间，请写成 HH:MM，如 08:00",
    "time_range": "“{value}”不是有效时刻（00:00 至 23:59）",
    "date_format": "“{value}”不是日期，请写成 YYYY-MM-DD，如 2026-12-01",
    "counts_format": "“{item}”格式不对，应为 名称:数量，如 tech:1",
    "days_format": "“{value}”不是有效的日期类型，可填 工作日、休息日、法定节假日、每天 或 周一,周二 等",
    "month_format": "“{value}”不是月份，请写成 YYYY-MM，如 2026-12",
    "date_order": "结束日期 {end} 早于开始日期 {start}",
}
_ZH_REFERENCE = (
    (r"unknown employee id '(.*)'", "工号“{0}”不存在"),
    (r"unknown shift id '(.*)'", "班次代码“{0}”不存在"),
    (r"employee id '(.*)' is used twice", "工号“{0}”重复"),
    (r"shift id '(.*)' is used twice", "班次代码“{0}”重复"),
    (r"date (.*) is listed twice", "日期 {0} 重复"),
    (r"this row is given twice", "此行重复"),
    (r"history date (.*) is not before the planned start (.*)", "历史日期 {0} 不早于排班开始日期 {1}"),
    (r"pinned date (.*) lies outside (.*) to (.*)", "固定排班日期 {0} 不在 {1} 至 {2} 之间"),
    (r"forbidden date (.*) lies outside (.*) to (.*)", "禁止排班日期 {0} 不在 {1} 至 {2} 之间"),
    (r"baseline date (.*) lies outside (.*) to (.*)", "原排班日期 {0} 不在 {1} 至 {2} 之间"),
)


# ---------------------------------------------------------------------------
# Reading


@dataclass
class WorkbookInput:
    """What :func:`load_workbook` found: the problem, warnings, the workbook's language."""

    problem: Problem
    warnings: list[Msg] = field(default_factory=list)
    language: Lang = "en"


def norm(text: Any) -> str:
    """Matching form of a sheet name, header or key: no case, spaces, ``_`` or ``-``."""
    return re.sub(r"[\s_\-]+", "", str(text).casefold())


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _is_zh(text: str) -> bool:
    return bool(re.search(r"[\u4e00-\u9fff]", text))


@dataclass
class _Table:
    """A sheet's header and data rows: ``rows`` holds (Excel row number, field → value)."""

    title: str
    header_row: int
    headers: dict[str, str]  # field → header as written
    rows: list[tuple[int, dict[str, Any]]]


class _Reader:
    def __init__(self, file: str, workbook: Any) -> None:
        self.file = file
        self.wb = workbook
        self.warnings: list[Msg] = []
        self.found: dict[str, str] = {}  # section → sheet title as written
        self.lang: Lang = "en"

    def error(self, message: str, sheet: str | None = None, row: int | None = None,
              column: str | None = None, message_zh: str | None = None) -> InputError:
        return InputError(message, file=self.file, sheet=sheet, row=row, column=column,
                          message_zh=message_zh)

    def match_sheets(self) -> None:
        by_norm = {}
        for spec in SHEETS:
            for name in (spec.en, spec.zh, *spec.aliases):
                by_norm[norm(name)] = spec
        ignored = {norm(n) for n in INSTRUCTION_NAMES}
        votes = {"en": 0, "zh": 0}
        for title in self.wb.sheetnames:
            key = norm(title)
            if key in ignored:
                continue
            found = by_norm.get(key)
            if found is None:
                self.warnings.append(msg(W_UNKNOWN_SHEET, sheet=title))
                continue
            spec = found
            if spec.section in self.found:
                raise self.error(
                    f"the workbook has two {spec.en} sheets ({self.found[spec.section]} and "
                    f"{title}); keep one", sheet=title,
                    message_zh=f"工作簿中有两个{spec.zh}表（{self.found[spec.section]} 与 {title}），"
                    "请只保留一个")
            self.found[spec.section] = title
            votes["zh" if _is_zh(title) else "en"] += 1
        settings_title = self.found.get("settings", "")
        if votes["zh"] != votes["en"]:
            self.lang = "zh" if votes["zh"] > votes["en"] else "en"
        else:
            self.lang = "zh" if _is_zh(settings_title) else "en"
        for spec in SHEETS:
            if spec.required and spec.section not in self.found:
                name = spec.name(self.lang)
                other = spec.en if self.lang == "zh" else spec.zh
                raise self.error(
                    f"the workbook has no sheet {name} ({other}); add it", sheet=name,
                    message_zh=f"工作簿缺少工作表 {spec.zh}（{spec.en}），请添加")

    def table(self, spec: SheetSpec) -> _Table | None:
        """Header and non-empty rows of the sheet, or None when it is absent."""
        title = self.found.get(spec.section)
        if title is None:
            return None
        ws = self.wb[title]
        if hasattr(ws, "reset_dimensions"):
            # Some generators write a wrong <dimension>; without it rows are read whole.
            ws.reset_dimensions()
        sheet_zh = _is_zh(title)
        by_norm: dict[str, Column] = {}
        for col in spec.columns:
            for name in (col.en, col.zh, *col.aliases):
                by_norm[norm(name)] = col
        note_names = {norm(n) for n in NOTE_ALIASES} - set(by_norm)
        header_row = 0
        positions: dict[int, Column] = {}
        headers: dict[str, str] = {}
        rows: list[tuple[int, dict[str, Any]]] = []
        for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
            if not header_row:
                if all(_blank(v) for v in values):
                    continue
                header_row = number
                for pos, value in enumerate(values):
                    if _blank(value):
                        continue
                    written = str(value).strip()
                    match = by_norm.get(norm(written))
                    if match is None:
                        if norm(written) not in note_names:
                            self.warnings.append(msg(W_UNKNOWN_COLUMN, sheet=title, column=written))
                        continue
                    col = match
                    if col.field in headers:
                        raise self.error(
                            f"columns {headers[col.field]} and {written} are the same column; "
                            "keep one", sheet=title, row=number, column=written,
                            message_zh=f"列 {headers[col.field]} 与 {written} 是同一列，请只保留一个")
                    headers[col.field] = written
                    positions[pos] = col
                continue
            record = {}
            for pos, col in positions.items():
                if pos < len(values) and not _blank(values[pos]):
                    value = values[pos]
                    record[col.field] = value.strip() if isinstance(value, str) else value
            if record:
                rows.append((number, record))
        if not header_row and (spec.required and spec.section != "leave"):
            header_row = 1
        if header_row:
            for col in spec.columns:
                if col.required and col.field not in headers:
                    name = col.zh if sheet_zh else col.en
                    other = col.en if sheet_zh else col.zh
                    raise self.error(
                        f"missing column {name} ({other}); add it to the header row",
                        sheet=title, row=header_row, column=name,
                        message_zh=f"缺少列 {col.zh}（{col.en}），请在标题行添加")
        return _Table(title, header_row, headers, rows)

    def describe(self, err: Any, column: str | None) -> tuple[str, str | None]:
        """English and Chinese sentence for one pydantic error."""
        kind = err.get("type", "")
        ctx = dict(err.get("ctx") or {})
        value = err.get("input")
        shown = value.isoformat() if isinstance(value, (dt.date, dt.time)) else value
        if kind == "missing":
            en = f"this cell is empty, but {column} is required"
        else:
            en = err["msg"]
            if en.startswith("Value error, "):
                en = en[len("Value error, "):]
            if en.startswith("Input should") and not isinstance(value, dict):
                en = f"{en}, got {shown!r}" if isinstance(shown, str) else f"{en}, got {shown}"
        template = _ZH_MESSAGES.get(kind)
        zh = None
        if template is not None:
            try:
                zh = template.format(**{**ctx, "column": column, "value": shown})
            except (KeyError, IndexError, ValueError):
                zh = None
        return en, zh

    def read_rows(self, spec: SheetSpec, table: _Table) -> list[Any]:
        assert spec.model is not None
        out = []
        for number, record in table.rows:
            try:
                out.append(spec.model.model_validate(record))
            except ValidationError as exc:
                err = exc.errors()[0]
                loc = err.get("loc") or ()
                field_name = str(loc[0]) if loc else ("end" if err.get("type") == "date_order"
                                                      else None)
                column = self._column(spec, table, field_name)
                en, zh = self.describe(err, column)
                raise self.error(en, sheet=table.title, row=number, column=column,
                                 message_zh=zh) from None
        return out

    def _column(self, spec: SheetSpec, table: _Table, field_name: str | None) -> str | None:
        if field_name is None:
            return None
        if field_name in table.headers:
            return table.headers[field_name]
        try:
            return spec.column(field_name).header("zh" if _is_zh(table.title) else "en")
        except KeyError:
            return field_name

    def read_settings(self) -> tuple[Settings, dict[str, int], _Table]:
        table = self.table(SETTINGS)
        assert table is not None
        keys = settings_keys()
        by_norm: dict[str, SettingKey] = {}
        for key in keys:
            for name in (key.en, key.zh, *key.aliases):
                by_norm[norm(name)] = key
        data: dict[str, Any] = {}
        weights: dict[str, Any] = {}
        key_rows: dict[str, int] = {}  # en key → row
        key_written: dict[str, str] = {}
        value_header = table.headers["value"]
        for number, record in table.rows:
            if "key" not in record:
                raise self.error("this row has a value but no key", sheet=table.title,
                                 row=number, column=table.headers["key"],
                                 message_zh="此行有值但没有设置项名称")
            written = str(record["key"]).strip()
            found_key = by_norm.get(norm(written))
            if found_key is None:
                self.warnings.append(msg(W_UNKNOWN_KEY, sheet=table.title, row=number, name=written))
                continue
            key = found_key
            if key.en in key_rows:
                raise self.error(
                    f"setting {written} is given twice (also in row {key_rows[key.en]}); keep one",
                    sheet=table.title, row=number, column=table.headers["key"],
                    message_zh=f"设置项 {written} 重复（另见第 {key_rows[key.en]} 行），请只保留一个")
            key_rows[key.en] = number
            key_written[key.en] = written
            if "value" in record:
                (weights if key.weight else data)[key.field] = record["value"]
        if weights:
            data["weights"] = weights
        data.setdefault("language", self.lang)
        try:
            settings = Settings.model_validate(data)
        except ValidationError as exc:
            raise self._settings_error(exc, table, key_rows, key_written, value_header) from None
        return settings, key_rows, table

    def _settings_error(self, exc: ValidationError, table: _Table, key_rows: dict[str, int],
                        key_written: dict[str, str], value_header: str) -> InputError:
        err = exc.errors()[0]
        loc = [str(p) for p in err.get("loc") or ()]
        ctx = err.get("ctx") or {}
        key_col = table.headers["key"]
        if loc:
            key = f"weight_{loc[1]}" if loc[0] == "weights" and len(loc) > 1 else loc[0]
            en, zh = self.describe(err, value_header)
            en = f"{key_written.get(key, key)}: {en}"
            zh = f"{key_written.get(key, key)}：{zh}" if zh else None
            return self.error(en, sheet=table.title, row=key_rows.get(key), column=value_header,
                              message_zh=zh)
        # Horizon errors of the whole sheet: point at the key that needs fixing.
        message = str(ctx.get("message", err["msg"]))
        if message.startswith("Value error, "):
            message = message[len("Value error, "):]
        if "name" in ctx:
            key = str(ctx["name"])
        elif "end" in ctx:
            key = "end"
        else:
            key = "month"
        if key not in key_rows:
            return self.error(
                "no month given; add a row with key month and the month to plan as YYYY-MM "
                "(or rows start and end)", sheet=table.title, column=key_col,
                message_zh="未填写排班月份；请添加一行 月份，值为 YYYY-MM（或添加 开始日期 与 结束日期）")
        zh = None
        if key == "month":
            message = "the month is empty; give the month to plan as YYYY-MM, e.g. 2026-12"
            zh = "月份为空，请填写排班月份，格式 YYYY-MM，如 2026-12"
        elif err.get("type") == "horizon" and "end" in ctx and "start" in ctx:
            zh = f"结束日期 {ctx['end']} 早于开始日期 {ctx['start']}"
        return self.error(message, sheet=table.title, row=key_rows[key], column=value_header,
                          message_zh=zh)

    def read(self) -> WorkbookInput:
        self.match_sheets()
        settings, key_rows, settings_table = self.read_settings()
        data: dict[str, Any] = {"settings": settings}
        tables: dict[str, _Table] = {}
        for spec in SHEETS[1:]:
            table = self.table(spec)
            if table is None:
                continue
            tables[spec.section] = table
            data[spec.section] = self.read_rows(spec, table)
        try:
            problem = Problem.model_validate(data)
        except ValidationError as exc:
            raise self._problem_error(exc, tables) from None
        return WorkbookInput(problem, self.warnings, self.lang)

    def _problem_error(self, exc: ValidationError, tables: dict[str, _Table]) -> InputError:
        err = exc.errors()[0]
        ctx = err.get("ctx") or {}
        if err.get("type") == "reference":
            section, index, field_name = ctx["section"], ctx["index"], ctx["field"]
            spec = SHEET_BY_SECTION[section]
            table = tables[section]
            message = str(ctx["message"])
            zh = None
            for pattern, template in _ZH_REFERENCE:
                match = re.fullmatch(pattern, message)
                if match:
                    zh = template.format(*match.groups())
                    break
            return self.error(message, sheet=table.title, row=table.rows[index][0],
                              column=self._column(spec, table, field_name), message_zh=zh)
        loc = err.get("loc") or ()
        section = str(loc[0]) if loc else None
        if section in tables and err.get("type") == "too_short":
            table = tables[section]
            return self.error("the sheet has no rows; add at least one row below the header",
                              sheet=table.title, row=table.header_row + 1,
                              message_zh="此表没有数据，请在标题行下方至少填写一行")
        return self.error(str(err["msg"]))


def load_workbook(path: str | Path) -> WorkbookInput:
    """Read a problem workbook.

    Parameters
    ----------
    path
        An ``.xlsx`` file following ``shared/workbook.md``; opened read-only.

    Returns
    -------
    WorkbookInput
        The problem, warnings (unknown columns, keys and sheets) and the
        language of the workbook: ``zh`` when its sheet names are Chinese.
        The problem's ``settings.language`` is that language unless Settings
        gives one.

    Raises
    ------
    InputError
        Naming the file, sheet, row and column of the first problem found.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError("file not found", file=str(path), message_zh="找不到文件")
    import openpyxl  # imported here: loading it costs time that JSON users need not pay

    try:
        with pywarnings.catch_warnings():
            pywarnings.simplefilter("ignore")  # openpyxl warns about unsupported extensions
            wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception:
        hint = ("the old .xls format is not supported; open it in Excel and save it as .xlsx"
                if path.suffix.lower() == ".xls" else
                "this is not an Excel workbook (.xlsx) that can be opened; save it from Excel "
                "as .xlsx")
        raise InputError(hint, file=path.name,
                         message_zh="无法作为 Excel 工作簿（.xlsx）打开，请在 Excel 中另存为 .xlsx") from None
    try:
        with pywarnings.catch_warnings():
            pywarnings.simplefilter("ignore")
            return _Reader(path.name, wb).read()
    finally:
        wb.close()


def read_workbook(path: str | Path) -> Problem:
    """The problem of a workbook; see :func:`load_workbook`."""
    return load_workbook(path).problem


def write_workbook(problem: Problem, path: str | Path, lang: Lang = "en") -> None:
    """Write ``problem`` as a workbook; see :mod:`scheduler.io.workbook_writer`."""
    from .workbook_writer import write_workbook as _write

    _write(problem, path, lang)


__all__ = ["SHEETS", "InputError", "WorkbookInput", "load_workbook", "read_workbook",
           "settings_keys", "write_workbook"]
