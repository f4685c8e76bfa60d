"""Reading the problem workbook of ``shared/workbook.md`` into a :class:`Problem`.

A workbook has one sheet per collection of the problem, as
:mod:`~scheduler.io.workbook.spec` lists them. Column order does not matter;
unknown columns, Settings keys and sheets are ignored with a warning; a
column ``note`` (备注) is ignored silently on every sheet. The header is the
first non-empty row of a sheet; empty rows are skipped.

Every error is an :class:`~scheduler.errors.InputError` naming the file, the
sheet as written, the row as Excel numbers it and the column header as
written, in English and Chinese. The file is opened read-only and never
modified.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings as pywarnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ...errors import InputError
from ...i18n import Lang, Msg, define, msg
from ...models import Problem, Settings
from .spec import (
    INSTRUCTION_NAMES,
    NOTE_ALIASES,
    SETTINGS,
    SHEET_BY_SECTION,
    SHEETS,
    Column,
    SettingKey,
    SheetSpec,
    norm,
    settings_keys,
)

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
    """One workbook read into a problem: sheets matched, then Settings, then each sheet."""

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
        """Find each sheet of the contract and the workbook's language (most sheet names)."""
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
        header_row = 0
        positions: dict[int, Column] = {}
        headers: dict[str, str] = {}
        rows: list[tuple[int, dict[str, Any]]] = []
        for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
            if not header_row:
                if all(_blank(v) for v in values):
                    continue
                header_row = number
                positions, headers = self.header(spec, title, number, values)
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
            self.require_columns(spec, title, header_row, headers)
        return _Table(title, header_row, headers, rows)

    def header(self, spec: SheetSpec, title: str, number: int,
               values: tuple[Any, ...]) -> tuple[dict[int, Column], dict[str, str]]:
        """The column at each position of the header row, and each field's header as written.

        Unknown headers are ignored with a warning (a note column silently); two
        headers of one column are an error.
        """
        by_norm: dict[str, Column] = {}
        for col in spec.columns:
            for name in (col.en, col.zh, *col.aliases):
                by_norm[norm(name)] = col
        note_names = {norm(n) for n in NOTE_ALIASES} - set(by_norm)
        positions: dict[int, Column] = {}
        headers: dict[str, str] = {}
        for pos, value in enumerate(values):
            if _blank(value):
                continue
            written = str(value).strip()
            found = by_norm.get(norm(written))
            if found is None:
                if norm(written) not in note_names:
                    self.warnings.append(msg(W_UNKNOWN_COLUMN, sheet=title, column=written))
                continue
            col = found
            if col.field in headers:
                raise self.error(
                    f"columns {headers[col.field]} and {written} are the same column; "
                    "keep one", sheet=title, row=number, column=written,
                    message_zh=f"列 {headers[col.field]} 与 {written} 是同一列，请只保留一个")
            headers[col.field] = written
            positions[pos] = col
        return positions, headers

    def require_columns(self, spec: SheetSpec, title: str, header_row: int,
                        headers: dict[str, str]) -> None:
        """An error naming the first required column the header row lacks, in the sheet's language."""
        sheet_zh = _is_zh(title)
        for col in spec.columns:
            if col.required and col.field not in headers:
                name = col.zh if sheet_zh else col.en
                other = col.en if sheet_zh else col.zh
                raise self.error(
                    f"missing column {name} ({other}); add it to the header row",
                    sheet=title, row=header_row, column=name,
                    message_zh=f"缺少列 {col.zh}（{col.en}），请在标题行添加")

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
        """Each row as the sheet's model; the first invalid row is an error naming its cell."""
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
        """The Settings, the row of each key given, and the sheet's table."""
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
        """The whole workbook as a problem, with the warnings found on the way."""
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


__all__ = ["WorkbookInput", "load_workbook", "read_workbook"]
