"""The sheet contract of the problem workbook (``shared/workbook.md``).

Both the reader and the writer of the workbook use these tables: which
sheets there are, their columns and Settings keys, each with its Chinese
alias and a help text in both languages. Sheet names, column headers and
Settings keys are matched in their :func:`norm` form: ignoring case, spaces,
``_`` and ``-``, in English or Chinese (a workbook may mix both).

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
                                          min_days_off (最少连休天数), max_weekends (周末上限),
                                          role (角色)
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
``no_swap_chains``           禁止连环换班
``no_consecutive_swaps``     禁止连续换班
``swaps_keep_weekly_crews``  换班保持周班组
``weight_rotation``          权重_轮换
``weight_fairness``          权重_公平
``weight_nights``            权重_夜班
``weight_holidays``          权重_节假日
``weight_requests``          权重_意愿
``weight_backups``           权重_备班
===========================  ==================
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from ...i18n import Lang
from ...models import (
    Assignment,
    CalendarDay,
    CoverageOverride,
    Employee,
    Leave,
    Request,
    Settings,
    Shift,
    Weights,
)


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
        """The header written in a workbook of language ``lang``."""
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
        """The sheet name written in a workbook of language ``lang``."""
        return self.zh if lang == "zh" else self.en

    def column(self, field_name: str) -> Column:
        """The column of a field of the row model; KeyError when there is none."""
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


# A note column is ignored silently on every sheet.
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
    "no_swap_chains": ("禁止连环换班", "SW2 (a): a duty obtained by a swap is not swapped again "
                       "(yes/no, default yes).", "SW2（一）：换来的班不得再换（是/否，默认是）。",
                       ()),
    "no_consecutive_swaps": ("禁止连续换班", "SW2 (b): one person's swaps do not fall on "
                             "consecutive duty days (yes/no, default yes).",
                             "SW2（二）：同一人的换班不得落在相邻的值班日（是/否，默认是）。", ()),
    "swaps_keep_weekly_crews": ("换班保持周班组", "A swap keeps every weekly crew whole (H2; "
                                "yes/no, default yes; no: one night of a weekly crew may be "
                                "swapped).", "换班须保持按周轮换的班组完整（H2；是/否，默认是；"
                                "否：可单独换按周班组中的一天）。", ()),
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
        """The key written in a workbook of language ``lang``."""
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
    "role": ("角色", "staff (default) or manager: managers approve swaps, leave and changes; "
             "a manager with an empty shifts column takes no duty.",
             "员工（默认）或经理：经理审批换班、请假和调整；可值班次留空的经理不排班。"),
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
# The Instructions sheet the writer adds (English name first, then Chinese); never read.
INSTRUCTION_NAMES = ("Instructions", "说明", "readme", "使用说明", "填写说明")


def norm(text: Any) -> str:
    """Matching form of a sheet name, header or key: no case, spaces, ``_`` or ``-``."""
    return re.sub(r"[\s_\-]+", "", str(text).casefold())


__all__ = ["INSTRUCTION_NAMES", "NOTE_ALIASES", "SETTINGS", "SETTINGS_KEY", "SETTINGS_KEYS",
           "SETTINGS_NOTE", "SETTINGS_VALUE", "SHEETS", "SHEET_BY_SECTION",
           "WEIGHT_KEYS", "Column", "SettingKey", "SheetSpec", "norm", "settings_keys"]
