"""The problem workbook: round trips, both languages, lenient headers, the sample."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from scheduler.io import load_problem
from scheduler.io.problem_json import load_problem_json
from scheduler.io.sample import sample_problem
from scheduler.io.workbook import load_workbook, read_workbook, write_workbook
from scheduler.models import Problem

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def build_workbook(path: Path, sheets: dict[str, list[list]]) -> Path:
    """A workbook with exactly these sheets and rows (None = empty cell)."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def full_problem(language: str | None = "en") -> Problem:
    """The sample with every sheet and every optional column filled in."""
    data = sample_problem(language).model_dump()
    data["settings"].update(min_rest_hours=10.5, time_limit_s=12.5, max_duties_per_day=2)
    data["settings"]["weights"].update(rotation=7, requests=0)
    data["shifts"][0]["not_followed_by"] = ["N"]
    data["shifts"].append({"shift_id": "M", "name": "中班", "start": dt.time(12, 30),
                           "end": dt.time(21), "days": "Mon,Wed,Fri", "staff": 0,
                           "rotation": "day", "backups": 0, "skills": {}, "not_followed_by": []})
    data["staff"][1].update(max_shifts={"N": 5, "D": 14}, min_minutes=600, max_minutes=9000,
                            max_consecutive=5, min_consecutive=2, min_days_off=2,
                            max_weekends=2, skills=["service", "tech", "billing"])
    data["calendar"] = [
        {"date": dt.date(2026, 12, 31), "kind": "holiday", "name": "公司年会"},
        {"date": dt.date(2026, 12, 26), "kind": "workday", "name": ""},
    ]
    data["coverage"] = [
        {"date": dt.date(2026, 12, 24), "shift_id": "N", "staff": 3, "under_weight": 5,
         "over_weight": None},
        {"date": dt.date(2026, 12, 2), "shift_id": "M", "staff": 1, "under_weight": None,
         "over_weight": None},
    ]
    data["pinned"] = [{"date": dt.date(2026, 12, 9), "shift_id": "D", "employee_id": "E05",
                       "role": "duty"},
                      {"date": dt.date(2026, 12, 9), "shift_id": "D", "employee_id": "E06",
                       "role": "backup"}]
    return Problem.model_validate(data)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_workbook_round_trip_of_the_sample(tmp_path, lang):
    problem = sample_problem(lang)
    path = tmp_path / "p.xlsx"
    write_workbook(problem, path, lang=lang)
    again = read_workbook(path)
    assert again == problem
    write_workbook(again, tmp_path / "q.xlsx", lang=lang)
    assert read_workbook(tmp_path / "q.xlsx") == problem


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_workbook_round_trip_of_every_sheet_and_column(tmp_path, lang):
    problem = full_problem("zh" if lang == "en" else "en")  # language key written explicitly
    path = tmp_path / "full.xlsx"
    write_workbook(problem, path, lang=lang)
    result = load_workbook(path)
    assert result.warnings == []
    assert result.language == lang
    assert result.problem == problem
    assert result.problem.shift("M").days == "Mon,Wed,Fri"
    assert result.problem.employee("E02").max_shifts == {"N": 5, "D": 14}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_problem_without_language_gets_the_workbooks_language(tmp_path, lang):
    problem = sample_problem()
    assert problem.settings.language is None
    write_workbook(problem, tmp_path / "t.xlsx", lang=lang)
    result = load_workbook(tmp_path / "t.xlsx")
    assert result.language == lang
    assert result.problem.settings.language == lang
    assert result.problem.model_dump(exclude={"settings": {"language"}}) == \
        problem.model_dump(exclude={"settings": {"language"}})


def test_json_round_trip():
    for problem in (sample_problem(), full_problem()):
        assert Problem.model_validate_json(problem.model_dump_json()) == problem


def test_bundled_sample_files_equal_sample_problem():
    expected = sample_problem("zh")
    result = load_workbook(SAMPLES / "december_2026.xlsx")
    assert result.language == "zh"
    assert result.warnings == []
    assert result.problem == expected
    assert load_problem(SAMPLES / "december_2026.xlsx") == expected
    assert load_problem_json(SAMPLES / "december_2026.json") == expected


def test_bundled_sample_has_the_team_the_brief_describes():
    p = sample_problem()
    assert len(p.staff) == 12
    assert sum("tech" in e.skills for e in p.staff) == 5
    assert p.employee("E01").shifts == ["D", "H"]
    assert [(s.shift_id, s.staff, s.backups, s.rotation) for s in p.shifts] == [
        ("D", 1, 1, "day"), ("N", 2, 1, "week"), ("H", 1, 0, "day")]
    # The week of Mon 2026-11-30 runs into December: History gives its night crew.
    assert {h.employee_id for h in p.history
            if h.date == dt.date(2026, 11, 30) and h.shift_id == "N"} == {"E03", "E08", "E11"}
    assert min(h.date for h in p.history) <= dt.date(2026, 11, 23)


def test_sample_solves_to_optimality_without_hard_violations():
    from scheduler import solve

    result = solve(sample_problem(), time_limit=10, workers=2)
    assert result.status == "optimal"
    assert result.hard_violations == []


MINIMAL_EN = {
    "Settings": [["key", "value"], ["month", "2026-12"], ["team", "T"],
                 ["weight_nights", 9]],
    "Shifts": [["shift_id", "start", "end", "days", "staff", "rotation", "skills"],
               ["D", "08:00", "17:00", "workdays", 1, "day", None],
               ["N", "19:00", "03:00", "Mon,Tue", 2, "week", "tech:1"]],
    "Staff": [["employee_id", "name", "skills", "shifts", "max_duties"],
              ["A", "Ann", "tech", None, 4], ["B", "Bo", None, "D", None],
              ["C", "Cy", "tech", "D,N", None]],
    "Leave": [["employee_id", "start", "end", "kind"], ["A", "2026-12-03", "2026-12-04", "sick"]],
    "Requests": [["employee_id", "date", "shift_id", "kind", "weight"],
                 ["B", "2026-12-02", "D", "prefer", 2]],
    "History": [["date", "shift_id", "employee_id", "role"],
                ["2026-11-30", "D", "B", "duty"], ["2026-11-30", "D", "A", "backup"]],
}
MINIMAL_ZH = {
    "设置": [["项目", "值"], ["月份", "2026-12"], ["团队", "T"], ["权重_夜班", 9]],
    "班次": [["班次代码", "开始", "结束", "日期类型", "人数", "轮换", "技能"],
             ["D", "08:00", "17:00", "工作日", 1, "按天", None],
             ["N", "19:00", "03:00", "周一,周二", 2, "按周", "tech:1"]],
    "员工": [["工号", "姓名", "技能", "可值班次", "每月上限"],
             ["A", "Ann", "tech", None, 4], ["B", "Bo", None, "D", None],
             ["C", "Cy", "tech", "D,N", None]],
    "请假": [["工号", "开始日期", "结束日期", "类型"], ["A", "2026-12-03", "2026-12-04", "sick"]],
    "意愿": [["工号", "日期", "班次代码", "类型", "权重"], ["B", "2026-12-02", "D", "希望", 2]],
    "历史": [["日期", "班次代码", "工号", "角色"],
             ["2026-11-30", "D", "B", "值班"], ["2026-11-30", "D", "A", "备班"]],
}


def _without_language(problem: Problem) -> dict:
    return problem.model_dump(exclude={"settings": {"language"}})


def test_chinese_and_english_headers_read_the_same(tmp_path):
    en = load_workbook(build_workbook(tmp_path / "en.xlsx", MINIMAL_EN))
    zh = load_workbook(build_workbook(tmp_path / "zh.xlsx", MINIMAL_ZH))
    assert (en.language, zh.language) == ("en", "zh")
    assert en.warnings == [] and zh.warnings == []
    assert _without_language(en.problem) == _without_language(zh.problem)
    p = zh.problem
    assert p.settings.weights.nights == 9
    assert p.shift("N").rotation == "week" and p.shift("N").days == "Mon,Tue"
    assert p.employee("C").shifts == ["D", "N"]
    assert p.requests[0].kind == "prefer"
    assert [h.role for h in p.history] == ["duty", "backup"]


def test_language_setting_beats_the_sheet_names(tmp_path):
    sheets = {k: [list(r) for r in v] for k, v in MINIMAL_ZH.items()}
    sheets["设置"].append(["语言", "English"])
    result = load_workbook(build_workbook(tmp_path / "zh.xlsx", sheets))
    assert result.language == "zh"
    assert result.problem.settings.language == "en"


def test_headers_ignore_case_spaces_order_and_mix_languages(tmp_path):
    sheets = {
        " settings ": [["KEY ", " Value"], [" Month ", "2026-12"], ["团队", "T"],
                       ["Weight Nights", 9]],
        "SHIFTS": [[" Skills", "Shift ID", "START", " end ", "Days", "人数", "Rotation"],
                   [None, "D", "08:00", "17:00", "workdays", 1, "day"],
                   ["tech:1", "N", "19:00", "03:00", "mon, tue", 2, "WEEK"]],
        "员工": [["EMPLOYEE_ID", "Name", "skills", "可值班次", "Max-Duties"],
                 ["A", "Ann", "tech", None, 4], ["B", "Bo", None, "D", None],
                 ["C", "Cy", "tech", "D,N", None]],
        "leave": MINIMAL_EN["Leave"],
        "Requests ": MINIMAL_EN["Requests"],
        "history": MINIMAL_EN["History"],
    }
    mixed = load_workbook(build_workbook(tmp_path / "mixed.xlsx", sheets))
    plain = load_workbook(build_workbook(tmp_path / "plain.xlsx", MINIMAL_EN))
    assert mixed.warnings == []
    assert _without_language(mixed.problem) == _without_language(plain.problem)


def test_excel_typed_values_are_understood(tmp_path):
    sheets = {k: [list(r) for r in v] for k, v in MINIMAL_EN.items()}
    sheets["Settings"][1][1] = dt.datetime(2026, 12, 1)  # Excel turned 2026-12 into a date
    sheets["Shifts"][1][1:3] = [dt.time(8), dt.time(17)]
    sheets["Staff"].append([1007, "Numeric id", None, None, 3.0])
    sheets["Leave"][1][1:3] = [dt.datetime(2026, 12, 3), dt.datetime(2026, 12, 4)]
    base = load_workbook(build_workbook(tmp_path / "text.xlsx", MINIMAL_EN)).problem
    typed = load_workbook(build_workbook(tmp_path / "typed.xlsx", sheets)).problem
    assert typed.settings.month == "2026-12"
    assert typed.shift("D").start == dt.time(8) and typed.shift("D").end == dt.time(17)
    assert typed.employee("1007").max_duties == 3
    assert typed.leave == base.leave


def test_empty_rows_are_skipped_and_header_may_start_lower(tmp_path):
    sheets = {k: [list(r) for r in v] for k, v in MINIMAL_EN.items()}
    sheets["Staff"] = [[None], [None, None]] + sheets["Staff"][:2] + [[None] * 5] + \
        sheets["Staff"][2:]
    result = load_workbook(build_workbook(tmp_path / "gaps.xlsx", sheets))
    assert [e.employee_id for e in result.problem.staff] == ["A", "B", "C"]


def test_unknown_column_key_and_sheet_give_warnings(tmp_path):
    sheets = {k: [list(r) for r in v] for k, v in MINIMAL_EN.items()}
    sheets["Staff"][0].append("Department")
    sheets["Staff"][1].append("Billing")
    sheets["Staff"][0].append("备注")  # a note column is ignored silently
    sheets["Settings"].append(["colour", "blue"])
    sheets["Notes"] = [["anything"]]
    sheets["说明"] = [["this sheet explains the workbook"]]
    result = load_workbook(build_workbook(tmp_path / "extra.xlsx", sheets))
    texts = [w.en for w in result.warnings]
    assert len(texts) == 3, texts
    assert any("Staff" in t and "'Department'" in t for t in texts)
    assert any("Settings" in t and "row 5" in t and "'colour'" in t for t in texts)
    assert any("Notes" in t for t in texts)
    assert all(w.zh and w.zh != w.en for w in result.warnings)
    base = load_workbook(build_workbook(tmp_path / "plain.xlsx", MINIMAL_EN)).problem
    assert result.problem == base


def test_a_source_row_in_settings_is_an_unknown_key_and_ignored(tmp_path):
    # Workbooks written from a benchmark file may carry a Settings row
    # `source`: the problem's origin is no key of the sheet, so it is ignored.
    sheets = {k: [list(r) for r in v] for k, v in MINIMAL_EN.items()}
    sheets["Settings"].append(["source", "curtois"])
    result = load_workbook(build_workbook(tmp_path / "old.xlsx", sheets))
    assert [w.en for w in result.warnings] == [
        "Sheet Settings, row 5: setting 'source' is not known and was ignored."]
    assert result.warnings[0].zh == "工作表 Settings 第 5 行：设置项“source”无法识别，已忽略。"
    base = load_workbook(build_workbook(tmp_path / "plain.xlsx", MINIMAL_EN)).problem
    assert result.problem == base


def test_leave_sheet_may_be_empty_and_optional_sheets_absent(tmp_path):
    sheets = {k: v for k, v in MINIMAL_EN.items() if k in ("Settings", "Shifts", "Staff")}
    sheets["Leave"] = [["employee_id", "start", "end"]]
    problem = read_workbook(build_workbook(tmp_path / "bare.xlsx", sheets))
    assert problem.leave == [] and problem.requests == [] and problem.history == []


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_written_workbook_opens_with_pandas(tmp_path, lang):
    import pandas as pd

    path = tmp_path / "t.xlsx"
    write_workbook(sample_problem(), path, lang=lang)
    frames = pd.read_excel(path, sheet_name=None)
    names = (["设置", "班次", "员工", "请假", "日历", "意愿", "历史", "需求", "说明"] if lang == "zh"
             else ["Settings", "Shifts", "Staff", "Leave", "Calendar", "Requests", "History",
                   "Coverage", "Instructions"])
    assert list(frames) == names
    staff = frames[names[2]]
    assert len(staff) == 12
    assert staff.columns[0] == ("工号" if lang == "zh" else "employee_id")
    shifts = frames[names[1]]
    assert list(shifts.iloc[:, 2]) == ["08:00", "19:00", "08:00"]  # times as HH:MM text


def test_written_workbook_has_drop_downs_and_a_frozen_header(tmp_path):
    path = tmp_path / "t.xlsx"
    write_workbook(sample_problem(), path, lang="en")
    wb = openpyxl.load_workbook(path)
    shifts = wb["Shifts"]
    assert shifts.freeze_panes == "A2"
    lists = {dv.formula1 for dv in shifts.data_validations.dataValidation}
    assert '"day,week"' in lists and '"workdays,offdays,holidays,all"' in lists
    assert {dv.formula1 for dv in wb["Requests"].data_validations.dataValidation} == \
        {'"prefer,avoid"'}
    assert {dv.formula1 for dv in wb["History"].data_validations.dataValidation} == \
        {'"duty,backup"'}
    assert '"CN,none"' in {dv.formula1 for dv in wb["Settings"].data_validations.dataValidation}
    assert wb["Leave"]["B2"].is_date
    instructions = [row[1] for row in wb["Instructions"].iter_rows(values_only=True) if row[1]]
    assert "人数 staff" in instructions and "权重_夜班 weight_nights" in instructions


@pytest.mark.parametrize("horizon", [
    {"month": "2026-12", "start": dt.date(2026, 12, 7), "end": dt.date(2026, 12, 20)},
    {"month": None, "start": dt.date(2026, 12, 28), "end": dt.date(2027, 1, 10)},
])
def test_settings_horizon_round_trip(tmp_path, horizon):
    data = sample_problem("en").model_dump()
    data["settings"].update(horizon)
    data["history"] = [h for h in data["history"] if h["date"] < horizon["start"]]
    problem = Problem.model_validate(data)
    write_workbook(problem, tmp_path / "h.xlsx", lang="zh")
    assert read_workbook(tmp_path / "h.xlsx") == problem
