"""What a batch runs: a folder of team workbooks, or a manifest of inputs and overrides.

A manifest is a CSV file (header row first) or a JSON file (a list of
objects, or ``{"runs": [...]}``) with one run per row:

- ``input`` (输入): the problem workbook (``.xlsx``) or JSON; a relative path
  is relative to the manifest's folder;
- ``name`` (名称), optional: the run's name in the summary and its output
  folder (default: the input's file name without suffix);
- ``seed`` (种子), optional: the run's seed instead of the batch's;
- any Settings key of the problem workbook, in English or Chinese, such as
  ``min_rest_hours`` (最少休息小时), ``time_limit_s`` or a weight
  ``weight_nights`` (权重_夜班): it replaces the workbook's value for this run.
  An empty cell keeps the workbook's value. ``month``, ``start`` and ``end``
  belong to the input and cannot be overridden.

So a scenario sweep ("what if the rest rule were 12 h, or nights weighed
double?") is one manifest with a row per variant. A bad row is an
:class:`~scheduler.errors.InputError` naming the file, row and column.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import InputError
from ..io.formats import problem_format
from ..io.workbook.spec import NOTE_ALIASES, norm, settings_keys
from ..models import Settings

# Problem files a folder input takes; a manifest names any the readers know.
FOLDER_SUFFIXES = (".xlsx", ".xlsm", ".json")
# Settings that describe the input itself rather than a choice to vary.
NOT_OVERRIDDEN = ("month", "start", "end")
INPUT_NAMES = ("input", "file", "path", "workbook", "输入", "文件", "工作簿", "输入文件")
NAME_NAMES = ("name", "run", "名称", "运行名称", "方案")
SEED_NAMES = ("seed", "种子", "随机种子")


@dataclass(frozen=True)
class RunRequest:
    """One run of a batch, as the manifest (or the folder) asks for it.

    Attributes
    ----------
    input
        The problem file.
    label
        The input as the user wrote it (the summary's ``input`` column).
    name
        The run's name: the manifest's, else the input's stem.
    overrides
        Settings replaced for this run, by their workbook key (``min_rest_hours``,
        ``weight_nights``), values validated and in canonical form.
    seed
        The run's own seed; None takes the batch's.
    row
        The manifest row (as a spreadsheet shows it), for messages.
    """

    input: Path
    label: str
    name: str
    overrides: dict[str, Any] = field(default_factory=dict)
    seed: int | None = None
    row: int | None = None

    def overrides_text(self) -> str:
        """The overrides as ``key=value; key=value`` (empty when none)."""
        return "; ".join(f"{k}={_shown(v)}" for k, v in sorted(self.overrides.items()))


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_runs(path: str | Path) -> list[RunRequest]:
    """The runs of a batch input: a folder of problems, a manifest, or one problem file.

    Parameters
    ----------
    path
        A folder (every ``.xlsx`` and ``.json`` problem in it, not its
        subfolders, in name order), a manifest (``.csv``, or ``.json`` holding
        a list or ``{"runs": [...]}``), or a single problem file.

    Raises
    ------
    InputError
        A missing input, an empty folder, or a bad manifest row (naming the
        file, row and column).
    """
    path = Path(path)
    if not path.exists():
        raise _error("file or folder not found", "找不到文件或文件夹", file=str(path))
    if path.is_dir():
        files = sorted(p for p in path.iterdir()
                       if p.is_file() and p.suffix.lower() in FOLDER_SUFFIXES
                       and not p.name.startswith((".", "~$")))
        if not files:
            raise _error("the folder holds no problem workbook (.xlsx) or JSON",
                         "该文件夹中没有排班问题工作簿（.xlsx）或 JSON 文件", file=str(path))
        return [RunRequest(input=p, label=p.name, name=p.stem) for p in files]
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _manifest_rows(path, _csv_rows(path))
    if suffix == ".json":
        data = _json(path)
        if isinstance(data, dict) and "settings" in data:  # a problem, not a manifest
            return [RunRequest(input=path, label=path.name, name=path.stem)]
        return _manifest_rows(path, _json_rows(path, data))
    if problem_format(path) == "workbook":
        return [RunRequest(input=path, label=path.name, name=path.stem)]
    raise _error(f"unsupported input '{path.suffix}'; give a folder of workbooks, a manifest "
                 "(.csv or .json) or a workbook (.xlsx)",
                 f"不支持的输入“{path.suffix}”；请给出工作簿文件夹、清单（.csv 或 .json）或工作簿（.xlsx）",
                 file=str(path))


def _error(en: str, zh: str, *, file: str, row: int | None = None,
           column: str | None = None) -> InputError:
    return InputError(en, file=file, row=row, column=column, message_zh=zh)


def _csv_rows(path: Path) -> list[tuple[int, dict[str, Any]]]:
    """(row number, {header: cell}) of a CSV file; the header is row 1; empty rows skipped."""
    try:
        with open(path, newline="", encoding="utf-8-sig") as fh:
            lines = list(csv.reader(fh))
    except UnicodeDecodeError:
        raise _error("the manifest is not UTF-8 text; save it as CSV UTF-8",
                     "清单不是 UTF-8 文本；请另存为 CSV UTF-8 格式", file=path.name) from None
    if not lines:
        raise _error("the manifest is empty", "清单为空", file=path.name)
    header = [h.strip() for h in lines[0]]
    out = []
    for number, cells in enumerate(lines[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header):]):
            raise _error(f"this row has {len(cells)} cells but the header {len(header)}",
                         f"此行有 {len(cells)} 个单元格，表头只有 {len(header)} 列",
                         file=path.name, row=number)
        out.append((number, {h: c.strip() for h, c in zip(header, cells, strict=False) if h}))
    return out


def _json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8-sig"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise _error(f"not valid JSON ({exc})", f"不是有效的 JSON（{exc}）", file=path.name) from None


def _json_rows(path: Path, data: Any) -> list[tuple[int, dict[str, Any]]]:
    """(item number from 1, item) of a JSON manifest; nested ``overrides`` are flattened."""
    runs = data.get("runs") if isinstance(data, dict) else data
    if not isinstance(runs, list):
        raise _error('a JSON manifest is a list of runs, or {"runs": [...]}',
                     'JSON 清单应为运行列表，或 {"runs": [...]}', file=path.name)
    out = []
    for number, item in enumerate(runs, start=1):
        if isinstance(item, str):
            item = {"input": item}
        if not isinstance(item, dict):
            raise _error("each run is an object such as {\"input\": \"team.xlsx\"}",
                         "每个运行应为对象，如 {\"input\": \"team.xlsx\"}", file=path.name,
                         row=number)
        item = dict(item)
        nested = item.pop("overrides", None) or {}
        if not isinstance(nested, dict):
            raise _error("overrides is an object of settings and their values",
                         "overrides 应为由设置项和取值组成的对象", file=path.name, row=number,
                         column="overrides")
        out.append((number, {**item, **nested}))
    return out


def _columns() -> dict[str, str]:
    """Matching form of every manifest column → its role: input, name, seed, note or a key."""
    out: dict[str, str] = {}
    for role, names in (("input", INPUT_NAMES), ("name", NAME_NAMES), ("seed", SEED_NAMES),
                        ("note", NOTE_ALIASES)):
        for n in names:
            out[norm(n)] = role
    for key in settings_keys():
        if key.field in NOT_OVERRIDDEN and not key.weight:
            continue
        for n in (key.en, key.zh, *key.aliases):
            out.setdefault(norm(n), key.en)
    return out


def _manifest_rows(path: Path, rows: list[tuple[int, dict[str, Any]]]) -> list[RunRequest]:
    if not rows:
        raise _error("the manifest lists no run", "清单中没有任何运行", file=path.name)
    roles = _columns()
    horizon = {norm(n) for k in settings_keys() if k.field in NOT_OVERRIDDEN and not k.weight
               for n in (k.en, k.zh, *k.aliases)}
    out = []
    for number, record in rows:
        found: dict[str, tuple[str, Any]] = {}  # role → (column as written, value)
        for column, value in record.items():
            key = norm(column)
            if key in horizon:
                raise _error(f"{column} belongs to the input and cannot be changed by a manifest; "
                             "make a workbook for that month",
                             f"{column} 属于输入本身，清单不能修改；请为该月份另建工作簿",
                             file=path.name, row=number, column=column)
            role = roles.get(key)
            if role is None:
                raise _error(f"unknown column '{column}'; use input, name, seed, a setting such as "
                             "min_rest_hours or a weight such as weight_nights",
                             f"未知列“{column}”；可用 input（输入）、name（名称）、seed（种子）、设置项"
                             "（如 min_rest_hours）或权重（如 weight_nights）",
                             file=path.name, row=number, column=column)
            if role == "note" or _blank(value):
                continue
            if role in found:
                raise _error(f"{column} is given twice (also as {found[role][0]})",
                             f"{column} 重复（另见 {found[role][0]}）", file=path.name,
                             row=number, column=column)
            found[role] = (column, value)
        out.append(_request(path, number, found))
    return out


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _request(path: Path, number: int, found: dict[str, tuple[str, Any]]) -> RunRequest:
    if "input" not in found:
        raise _error("no input given; name the run's workbook in the input column",
                     "未填写输入；请在 input（输入）列填写该运行的工作簿", file=path.name,
                     row=number, column="input")
    column, written = found.pop("input")
    target = Path(str(written))
    if not target.is_absolute():
        target = path.parent / target
    if not target.is_file():
        raise _error(f"file not found: {written} (a relative path is relative to the manifest's "
                     "folder)", f"找不到文件：{written}（相对路径相对于清单所在文件夹）",
                     file=path.name, row=number, column=column)
    if problem_format(target) not in ("workbook", "json"):
        raise _error(f"unsupported input '{target.suffix}'; give a workbook (.xlsx) or JSON",
                     f"不支持的输入类型“{target.suffix}”；请给出工作簿（.xlsx）或 JSON",
                     file=path.name, row=number, column=column)
    name = target.stem
    if "name" in found:
        name = str(found.pop("name")[1]).strip()
    seed = None
    if "seed" in found:
        column_s, value = found.pop("seed")
        seed = _int(value)
        if seed is None or seed < 0:
            raise _error(f"the seed is a whole number ≥ 0, got {value!r}",
                         f"种子应为不小于 0 的整数，实际为 {value!r}", file=path.name, row=number,
                         column=column_s)
    overrides = _overrides(path, number, found)
    return RunRequest(input=target, label=str(written), name=name, overrides=overrides,
                      seed=seed, row=number)


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    text = str(value).strip()
    return int(text) if re.fullmatch(r"\d+", text) else None


def _overrides(path: Path, number: int, found: dict[str, tuple[str, Any]]) -> dict[str, Any]:
    """The row's setting overrides, validated by the Settings model itself."""
    if not found:
        return {}
    keys = {k.en: k for k in settings_keys()}
    data: dict[str, Any] = {"month": "2000-01"}  # any horizon: only the overrides are checked
    weights: dict[str, Any] = {}
    for key_name, (_, value) in found.items():
        key = keys[key_name]
        (weights if key.weight else data)[key.field] = value
    if weights:
        data["weights"] = weights
    try:
        settings = Settings.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = [str(p) for p in err.get("loc") or ()]
        key_name = f"weight_{loc[1]}" if loc[:1] == ["weights"] and len(loc) > 1 else (
            loc[0] if loc else "")
        column, value = found.get(key_name, (key_name, None))
        reason = err["msg"].removeprefix("Value error, ")
        raise _error(f"{value!r} is not a valid {column}: {reason}",
                     f"{value!r} 不是有效的 {column}：{reason}", file=path.name, row=number,
                     column=column) from None
    out = {}
    for key_name in found:
        key = keys[key_name]
        value = getattr(settings.weights, key.field) if key.weight else getattr(settings, key.field)
        out[key.en] = value
    return out


def apply_overrides(settings: Settings, overrides: dict[str, Any]) -> Settings:
    """``settings`` with ``overrides`` (workbook keys, as :func:`read_runs` gives them) in place."""
    if not overrides:
        return settings
    keys = {k.en: k for k in settings_keys()}
    data = settings.model_dump()
    for key_name, value in overrides.items():
        key = keys[key_name]
        if key.weight:
            data["weights"][key.field] = value
        else:
            data[key.field] = value
    return Settings.model_validate(data)


__all__ = ["FOLDER_SUFFIXES", "RunRequest", "apply_overrides", "read_runs"]
