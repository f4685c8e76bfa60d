"""A batch's files: one folder per run under its key, and the summary.

``OUT/runs/<name>-<key>/`` holds a finished run: ``roster.csv``,
``roster.xlsx`` (the roster workbook), ``problem.json`` (the problem solved,
overrides applied) and ``result.json`` (status, objective, bound, checks,
times, worker). The folder is written whole under a temporary name and
renamed into place, so it is there complete or not at all: a batch killed at
any moment leaves no half run, and a rerun skips exactly the runs whose
folder exists (:class:`RunStore`). A run whose folder another batch wrote
first is not written again. Runs that failed (bad input, a lost worker, an
internal error) leave no folder and are tried again by the next batch.

``OUT/summary.csv`` (machine keys as headers) and ``OUT/summary.xlsx``
(headers and statuses in the batch's language) have one row per run.
``attempts`` counts how often the driver handed a run out: the local pool's
runs go again after a lost process; Dask re-runs a lost worker's tasks
itself, unseen here.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
from pathlib import Path
from typing import Any
from uuid import uuid4

from ..i18n import define, text
from ..io.formats import atomic_write
from .keys import KEY_LENGTH

RUNS = "runs"
RESULT = "result.json"
SUMMARY_CSV = "summary.csv"
SUMMARY_XLSX = "summary.xlsx"
# Statuses with an answer from the solver: stored and not run again.
SOLVED = ("optimal", "feasible", "infeasible", "no_solution", "model_invalid")
WITH_ROSTER = ("optimal", "feasible")
# Outputs a worker returns that go to files of their own, not result.json.
FILES = {"roster_csv": "roster.csv", "roster_xlsx": "roster.xlsx", "problem_json": "problem.json"}

COLUMNS: list[tuple[str, str, str]] = [
    ("name", "name", "名称"), ("input", "input", "输入"), ("overrides", "overrides", "覆盖设置"),
    ("seed", "seed", "种子"), ("status", "status", "状态"), ("objective", "objective", "目标值"),
    ("bound", "bound", "下界"), ("gap", "gap", "差距"),
    ("hard_violations", "hard rules broken (re-checked)", "违反硬性规则（复核）"),
    ("wall_time_s", "wall time (s)", "用时（秒）"), ("worker", "worker", "工作进程"),
    ("peak_rss_mb", "peak memory (MB)", "内存峰值（MB）"), ("attempts", "attempts", "尝试次数"),
    ("done_before", "done before", "此前已完成"), ("key", "run key", "运行键"),
    ("output", "output", "输出"), ("proposal", "proposal in the store", "待审版本"),
    ("error", "error", "错误"),
]
HEADER_KEYS = {key: define(f"batch.col.{key}", en, zh) for key, en, zh in COLUMNS}
STATUS_KEYS = {status: define(f"batch.status.{status}", en, zh) for status, en, zh in (
    ("optimal", "optimal", "最优"), ("feasible", "feasible (not proven optimal)", "可行（未证明最优）"),
    ("infeasible", "infeasible", "无可行解"),
    ("no_solution", "no roster within the time limit", "时限内未找到排班"),
    ("model_invalid", "model invalid", "模型无效"), ("error", "error", "出错"))}
T_YES = define("batch.yes", "yes", "是")
T_HARD = define("batch.hard", "{n} hard rules broken: {first}", "违反 {n} 条硬性规则：{first}")


def safe_name(name: str) -> str:
    """``name`` as a folder name: letters (any script), digits, ``.``, ``_``, ``-``; at most 60."""
    cleaned = re.sub(r"[^\w.\-]+", "_", name, flags=re.UNICODE).strip("._") or "run"
    return cleaned[:60]


def run_ok(row: dict[str, Any]) -> bool:
    """Whether a summary row is a good roster: solved, no hard rule broken, no error."""
    return row.get("status") in WITH_ROSTER and not row.get("hard_violations") \
        and not row.get("error")


class RunStore:
    """The finished runs of a batch folder, by key."""

    def __init__(self, out: str | Path) -> None:
        self.out = Path(out)
        self.root = self.out / RUNS
        self._done: dict[str, Path] = {}
        if self.root.is_dir():
            pattern = re.compile(rf"-([0-9a-f]{{{KEY_LENGTH}}})$")
            for entry in os.scandir(self.root):
                if entry.name.startswith("."):
                    self._remove_stale(entry)
                    continue
                match = pattern.search(entry.name)
                if match and entry.is_dir() and os.path.exists(os.path.join(entry.path, RESULT)):
                    self._done.setdefault(match[1], Path(entry.path))

    @staticmethod
    def _remove_stale(entry: os.DirEntry) -> None:
        """Remove the temporary folder of a batch that is no longer running."""
        match = re.fullmatch(r"\.tmp-[0-9a-f]+-(\d+)-[0-9a-f]+", entry.name)
        if match is None or os.name != "posix":  # signal 0 only asks on POSIX
            return
        try:
            os.kill(int(match[1]), 0)
        except ProcessLookupError:
            shutil.rmtree(entry.path, ignore_errors=True)
        except OSError:
            pass  # alive, but not ours to signal

    def done(self, key: str) -> Path | None:
        """The folder of the finished run ``key``, or None."""
        return self._done.get(key)

    def read(self, key: str) -> dict[str, Any]:
        """What ``result.json`` of the finished run ``key`` says."""
        return json.loads((self._done[key] / RESULT).read_text(encoding="utf-8"))

    def write(self, name: str, record: dict[str, Any], meta: dict[str, Any]) -> Path:
        """Store a solved run atomically; returns its folder (another batch's if it was first).

        Parameters
        ----------
        name
            The run's name (part of the folder's name).
        record
            What the worker returned (:func:`scheduler.batch.task.execute`).
        meta
            What the driver knows of the run (input, overrides, seed, …), kept
            in ``result.json`` too.
        """
        key = record["key"]
        if key in self._done:
            return self._done[key]
        final = self.root / f"{safe_name(name)}-{key}"
        tmp = self.root / f".tmp-{key}-{os.getpid()}-{uuid4().hex[:8]}"
        tmp.mkdir(parents=True)
        try:
            for field, filename in FILES.items():
                value = record.get(field)
                if isinstance(value, bytes):
                    (tmp / filename).write_bytes(value)
                elif value is not None:
                    (tmp / filename).write_text(value, encoding="utf-8")
            result = {**meta, **{k: v for k, v in record.items() if k not in FILES}}
            (tmp / RESULT).write_text(json.dumps(result, ensure_ascii=False, indent=2),
                                      encoding="utf-8")
            try:
                os.rename(tmp, final)
            except OSError:
                if not (final / RESULT).exists():
                    raise
                # Another batch on the same folder stored this run first: keep its files.
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        self._done[key] = final
        return final


def summary_cell(row: dict[str, Any], key: str, lang: str, for_people: bool) -> Any:
    """The value of one summary column: raw for the CSV, translated for the workbook."""
    value = row.get(key)
    if value is None:
        return ""
    if key == "status" and for_people and value in STATUS_KEYS:
        return text(STATUS_KEYS[value], lang)
    if key == "done_before":
        return (text(T_YES, lang) if for_people else "yes") if value else ""
    if key == "gap" and isinstance(value, float):
        return round(value, 6)
    return value


def error_text(record: dict[str, Any], lang: str) -> str:
    """The error sentence of a run record, with the first broken hard rules if any."""
    parts = []
    if record.get("error"):
        parts.append(record["error"].get(lang) or record["error"].get("en", ""))
    hard = record.get("hard_violations") or 0
    if hard:
        first = "; ".join(t.get(lang, t.get("en", "")) for t in record.get("hard_texts") or [])
        parts.append(text(T_HARD, lang, n=hard, first=first))
    return " ".join(parts)


def write_summary(out: str | Path, rows: list[dict[str, Any]], lang: str) -> None:
    """``summary.csv`` and ``summary.xlsx`` in ``out``, atomically, one row per run."""
    out = Path(out)
    keys = [key for key, _, _ in COLUMNS]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(keys)
    for row in rows:
        writer.writerow([summary_cell(row, k, lang, False) for k in keys])
    data = buffer.getvalue()
    atomic_write(out / SUMMARY_CSV, lambda p: p.write_text(data, encoding="utf-8"))
    atomic_write(out / SUMMARY_XLSX, lambda p: _write_xlsx(p, rows, lang))


def _write_xlsx(path: Path, rows: list[dict[str, Any]], lang: str) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "汇总" if lang == "zh" else "Summary"
    keys = [key for key, _, _ in COLUMNS]
    ws.append([text(HEADER_KEYS[k], lang) for k in keys])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append([summary_cell(row, k, lang, True) for k in keys])
    widths = {"name": 24, "input": 28, "overrides": 28, "status": 16, "worker": 22,
              "output": 36, "error": 60}
    for i, key in enumerate(keys, start=1):
        ws.column_dimensions[ws.cell(1, i).column_letter].width = widths.get(key, 12)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    wb.save(path)


__all__ = ["COLUMNS", "RUNS", "SOLVED", "SUMMARY_CSV", "SUMMARY_XLSX", "WITH_ROSTER", "RunStore",
           "error_text", "run_ok", "safe_name", "summary_cell", "write_summary"]
