"""A batch's files and progress line, without solving: run folders, the summary, the line."""

from __future__ import annotations

import io
import json

from scheduler.batch.output import RunStore, error_text, safe_name, write_summary
from scheduler.batch.progress import ProgressLine, duration


def _record(key: str, **more) -> dict:
    return {"key": key, "status": "optimal", "objective": 3, "bound": 3.0, "gap": 0.0,
            "hard_violations": 0, "hard_texts": [], "error": None,
            "roster_csv": "date,shift_id,employee_id,role\n", "roster_xlsx": b"PK",
            "problem_json": "{}", **more}


def test_a_run_is_stored_whole_once_and_found_again_by_its_key(tmp_path):
    store = RunStore(tmp_path)
    folder = store.write("江城 team/1", _record("0123456789ab"), {"input": "a.xlsx"})
    assert folder.name == "江城_team_1-0123456789ab"
    assert {p.name for p in folder.iterdir()} == {"roster.csv", "roster.xlsx", "problem.json",
                                                  "result.json"}
    result = json.loads((folder / "result.json").read_text(encoding="utf-8"))
    assert result["input"] == "a.xlsx" and "roster_csv" not in result
    # Asked again (a run handed out twice): the folder is not written again.
    stamp = (folder / "result.json").stat().st_mtime_ns
    assert store.write("other name", _record("0123456789ab", objective=9), {}) == folder
    assert (folder / "result.json").stat().st_mtime_ns == stamp
    again = RunStore(tmp_path)
    assert again.done("0123456789ab") == folder and again.read("0123456789ab")["objective"] == 3
    assert again.done("ffffffffffff") is None


def test_a_run_another_batch_stored_first_is_kept(tmp_path):
    first, second = RunStore(tmp_path), RunStore(tmp_path)  # two batches on one folder
    kept = first.write("team", _record("0123456789ab"), {})
    assert second.write("team", _record("0123456789ab", objective=9), {}) == kept
    assert json.loads((kept / "result.json").read_text(encoding="utf-8"))["objective"] == 3
    assert [p.name for p in (tmp_path / "runs").iterdir()] == [kept.name]


def test_the_summary_has_machine_headers_in_csv_and_translated_ones_in_xlsx(tmp_path):
    from openpyxl import load_workbook

    rows = [{"name": "a", "status": "feasible", "gap": 0.25, "done_before": True,
             "error": None}]
    write_summary(tmp_path, rows, "zh")
    lines = (tmp_path / "summary.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("name,input,overrides,seed,status,")
    assert ",feasible,,,0.25," in lines[1] and ",yes," in lines[1]
    sheet = load_workbook(tmp_path / "summary.xlsx").active
    assert sheet.title == "汇总" and sheet.cell(1, 5).value == "状态"
    assert sheet.cell(2, 5).value == "可行（未证明最优）"


def test_an_error_sentence_names_the_broken_hard_rules():
    record = {"hard_violations": 2, "hard_texts": [{"en": "E01 rests 5 h", "zh": "E01 休息 5 小时"}]}
    assert error_text(record, "en") == "2 hard rules broken: E01 rests 5 h"
    assert error_text(record, "zh") == "违反 2 条硬性规则：E01 休息 5 小时"
    assert error_text({"error": {"en": "bad", "zh": "坏"}}, "zh") == "坏"


def test_the_progress_line_counts_runs_and_estimates_the_time_left():
    stream = io.StringIO()
    line = ProgressLine(stream, total=4, before=1, lang="en")
    assert "estimating" in line.line()
    line.finished(True)
    line.finished(False)
    text = line.line()
    assert text.startswith("batch: 2/4 done, 1 failed (1 from an earlier batch); about ")
    line.finished(True)
    assert "finished in" in stream.getvalue().splitlines()[-1]
    zh = ProgressLine(None, total=2, before=0, lang="zh")
    zh.finished(False)
    assert zh.line().startswith("批量：已完成 0/2，失败 1；预计还需")
    assert safe_name("../../etc") == "etc" and duration(75, "en") == "1 min 15 s"
    assert duration(3700, "zh") == "1 小时 1 分"
