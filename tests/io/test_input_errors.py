"""Bad workbooks: every error names the file, sheet, row and column in one sentence."""

from __future__ import annotations

import contextlib
import hashlib
import re
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from scheduler.errors import InputError
from scheduler.io import load_problem
from scheduler.io.sample import sample_problem
from scheduler.io.workbook import load_workbook, read_workbook, write_workbook


@pytest.fixture(scope="module")
def sample_en(tmp_path_factory) -> Path:
    """The sample in English; its rows are known: Shifts D, N, H in rows 2-4; Staff E01..E12
    in rows 2-13; Leave row 3 is E10 from 2026-12-03; Requests row 4 is E03's N request."""
    path = tmp_path_factory.mktemp("wb") / "sample.xlsx"
    write_workbook(sample_problem(), path, lang="en")
    return path


def one_sentence(text: str) -> bool:
    body = text.replace("e.g.", "eg")
    return "\n" not in body and not re.search(r"[.!?。]\s+\S", body)


def column_of(ws, header: str) -> int:
    for cell in ws[1]:
        if cell.value == header:
            return cell.column
    raise KeyError(header)


def edited(src: Path, dest: Path, change: Callable[[openpyxl.Workbook], None]) -> Path:
    wb = openpyxl.load_workbook(src)
    change(wb)
    wb.save(dest)
    return dest


def set_cell(sheet: str, row: int, header: str, value) -> Callable[[openpyxl.Workbook], None]:
    def change(wb):
        ws = wb[sheet]
        ws.cell(row, column_of(ws, header)).value = value
    return change


def error_of(path: Path) -> InputError:
    with pytest.raises(InputError) as info:
        read_workbook(path)
    err = info.value
    assert err.file == path.name
    assert one_sentence(str(err)), str(err)
    assert "Traceback" not in str(err)
    return err


def test_missing_sheet(sample_en, tmp_path):
    path = edited(sample_en, tmp_path / "no_shifts.xlsx", lambda wb: wb.remove(wb["Shifts"]))
    err = error_of(path)
    assert (err.sheet, err.row, err.column) == ("Shifts", None, None)
    assert "no sheet Shifts" in str(err)


def test_missing_required_column(sample_en, tmp_path):
    def drop_start(wb):
        ws = wb["Shifts"]
        ws.delete_cols(column_of(ws, "start"))
    err = error_of(edited(sample_en, tmp_path / "no_start.xlsx", drop_start))
    assert (err.sheet, err.row, err.column) == ("Shifts", 1, "start")
    assert "missing column start" in str(err)


def test_unknown_employee_in_leave(sample_en, tmp_path):
    err = error_of(edited(sample_en, tmp_path / "e99.xlsx", set_cell("Leave", 2, "employee_id",
                                                                     "E99")))
    assert (err.sheet, err.row, err.column) == ("Leave", 2, "employee_id")
    assert "unknown employee id 'E99'" in str(err)
    assert "E99" in err.render("zh") and "工号" in err.render("zh")


def test_leave_ending_before_it_starts(sample_en, tmp_path):
    err = error_of(edited(sample_en, tmp_path / "order.xlsx",
                          set_cell("Leave", 3, "end", "2026-12-01")))
    assert (err.sheet, err.row, err.column) == ("Leave", 3, "end")
    assert "end 2026-12-01 is before start 2026-12-03" in str(err)


@pytest.mark.parametrize("value", ["25:00", "8am"])
def test_bad_time_in_shifts(sample_en, tmp_path, value):
    err = error_of(edited(sample_en, tmp_path / "time.xlsx", set_cell("Shifts", 3, "start", value)))
    assert (err.sheet, err.row, err.column) == ("Shifts", 3, "start")
    assert f"'{value}'" in str(err)
    assert err.message_zh and "时" in err.message_zh


def test_unknown_shift_in_requests(sample_en, tmp_path):
    err = error_of(edited(sample_en, tmp_path / "shift.xlsx",
                          set_cell("Requests", 4, "shift_id", "X")))
    assert (err.sheet, err.row, err.column) == ("Requests", 4, "shift_id")
    assert "unknown shift id 'X'" in str(err)


def test_duplicate_employee_id(sample_en, tmp_path):
    err = error_of(edited(sample_en, tmp_path / "dup.xlsx", set_cell("Staff", 6, "employee_id",
                                                                     "E02")))
    assert (err.sheet, err.row, err.column) == ("Staff", 6, "employee_id")
    assert "'E02' is used twice" in str(err)


def test_negative_staff_count(sample_en, tmp_path):
    err = error_of(edited(sample_en, tmp_path / "neg.xlsx", set_cell("Shifts", 4, "staff", -1)))
    assert (err.sheet, err.row, err.column) == ("Shifts", 4, "staff")
    assert "-1" in str(err)


def test_negative_staff_count_in_a_chinese_workbook_names_the_chinese_header(tmp_path):
    src = tmp_path / "zh.xlsx"
    write_workbook(sample_problem(), src, lang="zh")
    err = error_of(edited(src, tmp_path / "neg.xlsx", set_cell("班次", 3, "人数", -2)))
    assert (err.sheet, err.row, err.column) == ("班次", 3, "人数")
    assert err.render("zh") == "neg.xlsx, 工作表 班次, 第 3 行, 列 人数: -2 不能小于 0"


def test_malformed_month(sample_en, tmp_path):
    err = error_of(edited(sample_en, tmp_path / "month.xlsx", set_cell("Settings", 2, "value",
                                                                       "2026-13")))
    assert (err.sheet, err.row, err.column) == ("Settings", 2, "value")
    assert "'2026-13' is not a month" in str(err)


def test_empty_month_names_its_row(sample_en, tmp_path):
    err = error_of(edited(sample_en, tmp_path / "month.xlsx", set_cell("Settings", 2, "value",
                                                                       None)))
    assert (err.sheet, err.row, err.column) == ("Settings", 2, "value")


def test_rows_are_numbered_as_excel_shows_them(sample_en, tmp_path):
    def shift_down(wb):
        ws = wb["Leave"]
        ws.insert_rows(1, 2)   # header now in row 3
        ws.insert_rows(5, 1)   # an empty row between the first and second leave
        ws.cell(6, 1).value = "E99"  # the second leave row, now in row 6
    err = error_of(edited(sample_en, tmp_path / "lower.xlsx", shift_down))
    assert (err.sheet, err.row, err.column) == ("Leave", 6, "employee_id")


def test_header_is_reported_as_written(sample_en, tmp_path):
    def rename(wb):
        ws = wb["Shifts"]
        ws.cell(1, column_of(ws, "staff")).value = " STAFF "
        ws.cell(2, column_of(ws, " STAFF ")).value = "two"
    err = error_of(edited(sample_en, tmp_path / "as_written.xlsx", rename))
    assert (err.sheet, err.row, err.column) == ("Shifts", 2, "STAFF")


def test_not_an_xlsx_file(tmp_path):
    path = tmp_path / "roster.xlsx"
    path.write_text("date,shift_id\n2026-12-01,D\n", encoding="utf-8")
    err = error_of(path)
    assert (err.sheet, err.row, err.column) == (None, None, None)
    assert "not an Excel workbook" in str(err)
    with pytest.raises(InputError):
        load_problem(path)


def test_reading_never_changes_the_file(sample_en, tmp_path):
    bad = edited(sample_en, tmp_path / "bad.xlsx", set_cell("Shifts", 2, "staff", -1))
    for path in (sample_en, bad):
        before = hashlib.sha256(path.read_bytes()).hexdigest()
        mtime = path.stat().st_mtime_ns
        with contextlib.suppress(InputError):
            load_workbook(path)
        assert hashlib.sha256(path.read_bytes()).hexdigest() == before
        assert path.stat().st_mtime_ns == mtime
