"""Which writer and which reader a file takes: by its suffix, the input's format, its content."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path

import pytest
from helpers import DAY, day, make_problem, roster, run

from scheduler.errors import InputError
from scheduler.instance import Instance
from scheduler.io import (
    atomic_write,
    load_problem,
    output_format,
    read_roster,
    write_result,
)
from scheduler.io.roster_workbook import read_roster_workbook
from scheduler.results import Result

BENCH = Path(__file__).resolve().parents[1] / "data" / "curtois"


@pytest.fixture(scope="module")
def result():
    """Three people, five days, one day shift with a standby: duties and backups."""
    problem = make_problem(staff=["E1", "E2", "E3"], shifts=[dict(DAY, backups=1)])
    res = run(problem)
    assert res.roster is not None and len(res.roster.assignments) == 10  # 5 × (duty + backup)
    return res


def assignments(r) -> set:
    return set(r.assignments)


@pytest.mark.parametrize(("input_name", "out_name", "expected"), [
    ("team.xlsx", "roster.csv", "csv"),
    ("team.json", "result.JSON", "json"),
    ("team.xlsx", "roster.xlsx", "xlsx"),
    ("Instance1.txt", "sol.csv", "curtois"),  # a benchmark input: the benchmark's own CSV
    ("Instance1.txt", "result.json", "json"),
    ("Instance1.txt", "roster.xlsx", "xlsx"),
])
def test_output_format_follows_the_output_suffix_and_the_input_format(input_name, out_name,
                                                                        expected):
    assert output_format(input_name, out_name) == expected


def test_unsupported_output_suffix_names_the_file_in_both_languages(result, tmp_path):
    out = tmp_path / "roster.pdf"
    with pytest.raises(InputError) as info:
        output_format("team.xlsx", out)
    err = info.value
    assert err.file == str(out)
    assert err.render("en").endswith("unsupported output type '.pdf'; use .csv, .json or .xlsx")
    assert err.render("zh").endswith("不支持的输出类型“.pdf”；请用 .csv、.json 或 .xlsx")
    with pytest.raises(InputError):
        write_result(result, out, lang="en")
    assert list(tmp_path.iterdir()) == []


def test_csv_round_trip(result, tmp_path):
    out = tmp_path / "roster.csv"
    write_result(result, out, lang="en")
    assert out.read_text(encoding="utf-8").splitlines()[0] == "date,shift_id,employee_id,role"
    assert assignments(read_roster(out)) == assignments(result.roster)
    assert assignments(read_roster(out, result.instance.problem)) == assignments(result.roster)


def test_json_round_trip_holds_the_whole_result(result, tmp_path):
    out = tmp_path / "result.json"
    write_result(result, out, lang="zh")
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["status"] == result.status
    assert len(data["people"]) == 3
    assert assignments(read_roster(out)) == assignments(result.roster)


def test_xlsx_round_trip(result, tmp_path):
    out = tmp_path / "roster.xlsx"
    write_result(result, out, lang="en")
    imported = read_roster_workbook(out, result.instance.problem)
    assert assignments(imported.roster) == assignments(result.roster)
    assert imported.changes == []


def test_benchmark_roster_round_trip_in_the_benchmarks_own_csv(tmp_path):
    src = BENCH / "Instance1.txt"
    problem = load_problem(src)
    first = problem.settings.horizon[0]
    duties = roster((first, "D", "A"), (first + dt.timedelta(days=3), "D", "B"),
                    (first + dt.timedelta(days=13), "D", "H"))
    out = tmp_path / "sol.csv"
    write_result(Result("feasible", Instance(problem), roster=duties), out,
                 format=output_format(src, out))
    assert out.read_text(encoding="utf-8").splitlines() == [
        "employee,day,shift", "A,0,D", "B,3,D", "H,13,D"]
    assert assignments(read_roster(out, problem)) == assignments(duties)
    with pytest.raises(InputError) as info:  # without the problem, days have no dates
        read_roster(out)
    assert info.value.column == "date"


def test_a_benchmark_solution_is_recognised_by_its_header_for_any_problem(tmp_path):
    # Content, not the problem's origin, decides: days count from the horizon's first date.
    problem = make_problem(staff=["E1", "E2"], shifts=[DAY])
    path = tmp_path / "sol.csv"
    path.write_text("Employee, Day, Shift\nE1,0,D\nE2,4,D\n", encoding="utf-8")
    assert assignments(read_roster(path, problem)) == assignments(
        roster((day(0), "D", "E1"), (day(4), "D", "E2")))


def test_unknown_format_name_is_a_programming_error(result, tmp_path):
    with pytest.raises(ValueError, match="unknown output format 'pdf'"):
        write_result(result, tmp_path / "roster.csv", format="pdf")


def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text("old\n", encoding="utf-8")

    def half_then_fail(tmp: Path) -> None:
        tmp.write_text("half", encoding="utf-8")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        atomic_write(path, half_then_fail)
    assert path.read_text(encoding="utf-8") == "old\n"
    assert list(tmp_path.iterdir()) == [path]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_atomic_write_keeps_the_permissions_of_the_file_it_replaces(tmp_path):
    umask = os.umask(0o022)
    try:
        path = tmp_path / "sub" / "roster.csv"
        atomic_write(path, lambda tmp: tmp.write_text("one\n", encoding="utf-8"))
        assert path.stat().st_mode & 0o777 == 0o644  # a new file: 0o666 less the umask
        path.chmod(0o640)
        atomic_write(path, lambda tmp: tmp.write_text("two\n", encoding="utf-8"))
        assert path.stat().st_mode & 0o777 == 0o640
        assert path.read_text(encoding="utf-8") == "two\n"
    finally:
        os.umask(umask)
