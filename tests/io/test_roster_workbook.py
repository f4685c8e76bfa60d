"""The roster workbook: export, Excel round trip, hand edits, pins (issue 3)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import shutil
import subprocess

import openpyxl
import pandas as pd
import pytest

from scheduler import solve
from scheduler.checks import check_roster
from scheduler.cli import main
from scheduler.errors import InputError
from scheduler.instance import Instance
from scheduler.io.roster_workbook import (
    FIRST_DATE_COL,
    FIRST_PERSON_ROW,
    HEADER_ROW,
    SOLVER_SHEET,
    name_pinned_cells,
    pin_workbook,
    read_roster_workbook,
    write_roster_workbook,
)
from scheduler.models import (
    Assignment,
    CalendarDay,
    Employee,
    Leave,
    Problem,
    Request,
    Roster,
    Settings,
    Shift,
)

PRINTED = dt.date(2026, 11, 20)
HOLIDAY, MAKEUP = dt.date(2026, 12, 25), dt.date(2026, 12, 26)  # a Friday and a Saturday


def team_problem(names: list[str] | None = None, team: str = "客服一组") -> Problem:
    """Twelve people, day duty with standby, a weekly night crew of two, off-day duty."""
    names = names or [f"P{i}" for i in range(1, 13)]
    return Problem(
        settings=Settings(month="2026-12", team=team, time_limit_s=10),
        shifts=[
            Shift(shift_id="D", name="白天班", start="08:00", end="17:00", staff=1, backups=1),
            Shift(shift_id="N", name="夜晚班", start="19:00", end="03:00", staff=2, backups=1,
                  rotation="week", skills="tech:1"),
            Shift(shift_id="H", name="节假日班", start="08:00", end="17:00", days="offdays"),
        ],
        staff=[Employee(employee_id=f"E{i:02d}", name=names[i - 1],
                        skills=["tech"] if i % 3 == 0 else []) for i in range(1, 13)],
        leave=[Leave(employee_id="E02", start="2026-12-14", end="2026-12-18", kind="annual")],
        requests=[Request(employee_id="E04", date="2026-12-24", kind="avoid", weight=3)],
        calendar=[CalendarDay(date=HOLIDAY, kind="holiday", name="测试假日"),
                  CalendarDay(date=MAKEUP, kind="workday", name="调休")],
    )


@pytest.fixture(scope="module")
def problem() -> Problem:
    return team_problem()


@pytest.fixture(scope="module")
def result(problem):
    res = solve(problem, time_limit=10, seed=1, workers=2)
    assert res.roster is not None
    return res


@pytest.fixture()
def exported(result, tmp_path):
    path = tmp_path / "roster.xlsx"
    write_roster_workbook(result, path, lang="en", printed=PRINTED)
    return path


def column_of(ws, day: dt.date) -> int:
    for col in range(1, ws.max_column + 1):
        value = ws.cell(HEADER_ROW, col).value
        if isinstance(value, dt.datetime) and value.date() == day:
            return col
    raise AssertionError(f"no column for {day}")


def row_of(ws, emp_id: str) -> int:
    for row in range(1, ws.max_row + 1):
        if ws.cell(row, 1).value == emp_id:
            return row
    raise AssertionError(f"no row for {emp_id}")


def edit(path, changes: dict[tuple[str, dt.date], str | None], out=None) -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb["Roster"]
    for (emp_id, day), value in changes.items():
        ws.cell(row_of(ws, emp_id), column_of(ws, day)).value = value
    wb.save(out or path)


def free_person(result, day: dt.date, shift_id: str = "D") -> str:
    """Someone with no assignment the day before, on and after ``day``, not on leave."""
    inst = result.instance
    busy = {a.employee_id for a in result.roster.assignments
            if abs((a.date - day).days) <= 1}
    for emp_id in inst.emp_ids:
        if emp_id not in busy and not inst.on_leave(emp_id, day):
            return emp_id
    raise AssertionError("nobody free")


# --- export -------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_export_then_import_gives_back_the_identical_roster(result, problem, tmp_path, lang):
    path = tmp_path / f"roster_{lang}.xlsx"
    write_roster_workbook(result, path, lang=lang, printed=PRINTED)
    imported = read_roster_workbook(path, problem)
    assert imported.roster == result.roster
    assert imported.original == result.roster
    assert imported.changes == []
    assert imported.warnings == []
    # every assignment knows its cell, on the person's row and the date's column
    a = result.roster.assignments[0]
    assert re.fullmatch(r"(Roster|排班表)![A-Z]+\d+", imported.cells[a])
    assert imported.cells[a] == imported.cell(a.employee_id, a.date)


def test_roster_sheet_layout_header_marks_codes_and_print_setup(result, exported):
    wb = openpyxl.load_workbook(exported)
    assert wb.sheetnames == ["Roster", "Daily", "Summary", "Legend", "Checks", SOLVER_SHEET]
    assert wb[SOLVER_SHEET].sheet_state == "hidden"
    ws = wb["Roster"]
    assert "客服一组" in ws["A1"].value and "2026-12" in ws["A1"].value
    assert "2026-11-20" in ws["A2"].value
    first = ws.cell(HEADER_ROW, FIRST_DATE_COL).value
    assert first == dt.datetime(2026, 12, 1)
    assert ws.cell(HEADER_ROW + 1, FIRST_DATE_COL).value == "Tue"  # 2026-12-01 is a Tuesday
    assert ws.cell(HEADER_ROW + 2, column_of(ws, HOLIDAY)).value == "Hol"
    assert ws.cell(HEADER_ROW + 2, column_of(ws, MAKEUP)).value == "Work"
    assert ws.cell(HEADER_ROW + 2, column_of(ws, dt.date(2026, 12, 5))).value is None
    assert ws.freeze_panes == "C6"
    # cells hold the duty code, standby with the prefix
    for a in result.roster.assignments[:20]:
        value = ws.cell(row_of(ws, a.employee_id), column_of(ws, a.date)).value
        assert (a.shift_id if a.role == "duty" else f"b{a.shift_id}") in value.split()
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == "$3:$5"
    assert "客服一组" in ws.oddHeader.center.text
    last_col = openpyxl.utils.get_column_letter(FIRST_DATE_COL + 30)
    area = f"C{FIRST_PERSON_ROW}:{last_col}{FIRST_PERSON_ROW + 11}"
    # a drop-down on every roster cell, listing the Legend's codes
    (dv,) = ws.data_validations.dataValidation
    assert dv.type == "list" and str(dv.sqref) == area
    legend = wb["Legend"]
    m = re.fullmatch(r"'Legend'!\$A\$(\d+):\$A\$(\d+)", dv.formula1)
    listed = [legend.cell(r, 1).value for r in range(int(m[1]), int(m[2]) + 1)]
    assert {"D", "N", "H", "bD", "bN"} <= set(listed) and "bH" not in listed
    # colours by conditional formatting on the whole area, one rule per code
    rules = {str(rng.sqref): [r.formula[0] for r in rng.rules]
             for rng in ws.conditional_formatting}
    assert set(rules) == {area}
    assert {'"D"', '"N"', '"H"', '"bD"', '"bN"'} <= set(rules[area])


def test_daily_sheet_lists_crews_and_the_night_to_morning_handover(result, exported):
    daily = pd.read_excel(exported, sheet_name="Daily")
    assert list(daily.columns[:8]) == ["Date", "Weekday", "Day", "Shift", "Time", "On duty",
                                       "Standby", "Handover (outgoing → incoming)"]
    assert len(daily) == len(result.instance.occurrences)
    inst = result.instance
    # Friday 2026-12-04 night crew hands over to Saturday's off-day duty
    night = daily[(daily["Date"] == "2026-12-04") & (daily["Shift"] == "夜晚班 N")].iloc[0]
    crew = sorted(inst.staff[a.employee_id].name for a in result.roster.assignments
                  if a.date == dt.date(2026, 12, 4) and a.shift_id == "N" and a.role == "duty")
    (sat,) = [inst.staff[a.employee_id].name for a in result.roster.assignments
              if a.date == dt.date(2026, 12, 5) and a.shift_id == "H"]
    assert night["Handover (outgoing → incoming)"] == (
        f"夜晚班 N ends 12-05 03:00: {', '.join(crew)} → 节假日班 H starts 12-05 08:00: {sat}")
    assert sorted(night["On duty"].split(", ")) == crew


def test_summary_sheet_matches_person_stats_and_requests(result, exported):
    summary = pd.read_excel(exported, sheet_name="Summary")
    stats = {r["employee_id"]: r for r in result.person_stats()}
    body = summary[summary["ID"].isin(list(stats))]
    assert len(body) == 12
    for _, row in body.iterrows():
        rec = stats[row["ID"]]
        assert row["白天班 D duties"] == rec["duties_D"] and row["夜晚班 N duties"] == rec["duties_N"]
        assert row["Duties"] == rec["duties"] and row["Nights"] == rec["nights"]
        assert row["Standby"] == rec["backups"] and row["Hours"] == pytest.approx(rec["hours"])
        assert row["Holiday duties"] == rec["holiday_duties"]
    refused = {v.employee_id for v in result.violations if v.rule == "S5"}
    e04 = body[body["ID"] == "E04"].iloc[0]
    assert e04["Requests"] == 1
    assert e04["Not granted"] == (1 if "E04" in refused else 0)
    assert e04["Granted"] == 1 - e04["Not granted"]
    total = summary[summary["ID"] == "Total"].iloc[0]
    assert total["Duties"] == sum(r["duties"] for r in stats.values())


def test_checks_sheet_lists_every_violation_and_the_solve_status(result, problem, exported,
                                                                 tmp_path):
    checks = pd.read_excel(exported, sheet_name="Checks", header=None)
    first = list(checks[0])
    assert checks.iloc[first.index("Status"), 1] == "optimal"
    assert checks.iloc[first.index("Objective"), 1] == result.objective
    header = first.index("Rule")
    rows = checks.iloc[header + 1:]
    assert len(rows) == len(result.violations) > 0
    assert set(rows[8]) == {v.text("en") for v in result.violations}
    # a hard violation names its Roster cell; one about a whole occurrence the date's header
    day = dt.date(2026, 12, 15)
    broken = Roster(assignments=[*result.roster.assignments,
                                 Assignment(date=day, shift_id="D", employee_id="E02")])
    bad = dataclasses.replace(result, violations=check_roster(problem, broken))
    path = tmp_path / "bad.xlsx"
    write_roster_workbook(bad, path, lang="en")
    ws = openpyxl.load_workbook(path)["Roster"]
    letter = openpyxl.utils.get_column_letter(column_of(ws, day))
    checks = pd.read_excel(path, sheet_name="Checks", header=None)
    cells = {row[0]: row[7] for row in checks.itertuples(index=False) if row[0] in ("H1", "H6")}
    assert cells == {"H6": f"Roster!{letter}{row_of(ws, 'E02')}", "H1": f"Roster!{letter}3"}
    clean = dataclasses.replace(result, violations=[])
    path = tmp_path / "clean.xlsx"
    write_roster_workbook(clean, path, lang="en")
    checks = pd.read_excel(path, sheet_name="Checks", header=None)
    assert list(checks[0])[-1] == "Rule"  # the table is empty


def test_language_follows_the_names_unless_given(result, problem, tmp_path):
    zh_path = tmp_path / "zh.xlsx"
    chinese = team_problem(names=["张三", "李四", "王五", "赵六", "钱七", "孙八", "周九", "吴十",
                                  "郑一", "冯二", "陈三", "褚四"])
    write_roster_workbook(dataclasses.replace(result, instance=Instance(chinese)), zh_path)
    assert openpyxl.load_workbook(zh_path).sheetnames[:5] == ["排班表", "每日值班", "个人统计",
                                                               "图例", "检查"]
    ascii_problem = team_problem(team="Team A")
    ascii_problem.shifts[:] = [s.model_copy(update={"name": "Day"}) for s in ascii_problem.shifts]
    en_path = tmp_path / "en.xlsx"
    write_roster_workbook(dataclasses.replace(result, instance=Instance(ascii_problem)), en_path)
    wb = openpyxl.load_workbook(en_path)
    assert wb.sheetnames[0] == "Roster"
    assert wb["Roster"].cell(HEADER_ROW, 1).value == "ID"


def test_text_starting_like_a_formula_is_written_as_text(result, tmp_path):
    names = ["=SUM(A1:A9)", "+1", "-2", "@cmd"] + [f"P{i}" for i in range(5, 13)]
    tricky = team_problem(names=names, team="=HYPERLINK(\"x\")")
    path = tmp_path / "tricky.xlsx"
    write_roster_workbook(dataclasses.replace(result, instance=Instance(tricky)), path,
                          lang="en")
    ws = openpyxl.load_workbook(path)["Roster"]
    for i, name in enumerate(names[:4]):
        cell = ws.cell(FIRST_PERSON_ROW + i, 2)
        assert cell.value == name and cell.data_type == "s"
    raw = pd.read_excel(path, sheet_name="Roster", header=None)
    assert raw.iloc[FIRST_PERSON_ROW - 1, 1] == "=SUM(A1:A9)"
    summary = openpyxl.load_workbook(path)["Summary"]
    assert summary["B2"].value == "=SUM(A1:A9)" and summary["B2"].data_type == "s"


# --- import ---------------------------------------------------------------------------------


def test_edited_cell_is_detected_with_the_rule_and_the_cell(result, problem, exported):
    day = dt.date(2026, 12, 15)  # E02 is on leave from 12-14 to 12-18
    edit(exported, {("E02", day): "d"})
    imported = read_roster_workbook(exported, problem)
    ws = openpyxl.load_workbook(exported)["Roster"]
    cell = f"Roster!{openpyxl.utils.get_column_letter(column_of(ws, day))}{row_of(ws, 'E02')}"
    (change,) = imported.changes
    assert (change.employee_id, change.date, change.cell) == ("E02", day, cell)
    assert change.before == () and change.after == (
        Assignment(date=day, shift_id="D", employee_id="E02"),)
    assert imported.change_lines("en") == [f"{cell} E02 P2, 2026-12-15: (empty) → D"]
    violations = check_roster(problem, imported.roster)
    hard = {(v.rule, imported.cell_for(v)) for v in violations if v.hard}
    header = f"Roster!{cell[7:].rstrip('0123456789')}{HEADER_ROW}"
    assert hard == {("H6", cell), ("H1", header)}
    # the same through the import's own check: the hard ones are new, the soft ones mostly not
    found = imported.check()
    assert {(f.violation.rule, f.cell) for f in found if f.violation.hard} == hard
    assert all(f.introduced for f in found if f.violation.hard)
    old_soft = {v.text("en") for v in result.violations}
    assert {f.violation.text("en") for f in found if not f.introduced} <= old_soft
    assert any(not f.introduced for f in found)


def test_import_tolerates_what_excel_and_libreoffice_do(result, problem, exported, tmp_path):
    wb = openpyxl.load_workbook(exported)
    ws = wb["Roster"]
    ws.title = " roster "
    ws.insert_rows(1, 2)  # title rows moved and renamed
    ws["A1"] = "Edited by HR"
    header = HEADER_ROW + 2
    for col in range(FIRST_DATE_COL, ws.max_column + 1):
        value = ws.cell(header, col).value
        ws.cell(header, col).value = value.date().isoformat() + " " if col % 2 else value
    for row in range(header + 3, ws.max_row + 1):
        for col in range(FIRST_DATE_COL, ws.max_column + 1):
            value = ws.cell(row, col).value
            if value:
                ws.cell(row, col).value = f" {value.lower().replace('b', '备')}  "
    wb.create_sheet("Notes")["A1"] = "extra sheet"
    path = tmp_path / "mangled.xlsx"
    wb.save(path)
    imported = read_roster_workbook(path, problem)
    assert imported.roster == result.roster
    assert imported.changes == []
    assert imported.cells[result.roster.assignments[0]].startswith("' roster '!")


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_workbook_saved_again_by_libreoffice_reads_back_unchanged(result, problem, exported,
                                                                   tmp_path):
    out = tmp_path / "lo"
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out),
                    str(exported)], check=True, capture_output=True, timeout=180)
    imported = read_roster_workbook(out / "roster.xlsx", problem)
    assert imported.roster == result.roster
    assert imported.original == result.roster and imported.changes == []


def test_roster_without_solver_record_still_reads_and_says_so(result, problem, exported):
    wb = openpyxl.load_workbook(exported)
    del wb[SOLVER_SHEET]
    wb.save(exported)
    imported = read_roster_workbook(exported, problem)
    assert imported.roster == result.roster
    assert imported.original is None and imported.changes == []
    assert "_solver" in imported.warnings[0].en


@pytest.mark.parametrize("damage, message", [
    ("no_sheet", r"there is no Roster sheet \(排班表\); the workbook has: Daily"),
    ("code", r"Roster!K7: 'X' is not a shift code; use D, N, H, bD"),
    ("person", r"Roster!A9: 'E99' is not a person of the Staff sheet"),
    ("date", r"Roster, header row 3: there is no column for 2026-12-10; the header row must hold every date"),
    ("twice", r"Roster!A9: E03 has a second row \(first on row 8\)"),
])
def test_bad_workbooks_give_one_clear_sentence(problem, exported, damage, message):
    wb = openpyxl.load_workbook(exported)
    ws = wb["Roster"]
    if damage == "no_sheet":
        del wb["Roster"]
    elif damage == "code":
        ws["K7"] = "X"
    elif damage == "person":
        ws["A9"] = "E99"
    elif damage == "date":
        ws.delete_cols(column_of(ws, dt.date(2026, 12, 10)))
    elif damage == "twice":
        ws["A9"] = "E03"
    wb.save(exported)
    with pytest.raises(InputError) as err:
        read_roster_workbook(exported, problem)
    assert re.search(message, str(err.value)), str(err.value)
    assert str(err.value).startswith("roster.xlsx: ")
    assert err.value.message_zh


def test_not_a_workbook_is_an_input_error(problem, tmp_path):
    path = tmp_path / "roster.xlsx"
    path.write_text("not a zip")
    with pytest.raises(InputError, match="not an Excel workbook"):
        read_roster_workbook(path, problem)


# --- pins -----------------------------------------------------------------------------------


def test_pinning_keeps_hand_edits_and_fills_cleared_cells(result, problem, exported):
    day = dt.date(2026, 12, 8)
    (old,) = [a.employee_id for a in result.roster.assignments
              if a.date == day and a.shift_id == "D" and a.role == "duty"]
    new = free_person(result, day)
    cleared = [a for a in result.roster.assignments
               if a.date == dt.date(2026, 12, 9) and a.role == "backup"]
    changes = {(old, day): None, (new, day): "D"}
    changes.update({(a.employee_id, a.date): None for a in cleared})
    edit(exported, changes)
    pinned, imported = pin_workbook(problem, exported)
    hand = Assignment(date=day, shift_id="D", employee_id=new)
    assert hand in pinned.pinned and len(imported.changes) == 2 + len(cleared)
    res = solve(pinned, time_limit=10, seed=1, workers=2)
    assert res.status in ("optimal", "feasible")
    assert set(pinned.pinned) <= set(res.roster.assignments)
    assert Assignment(date=day, shift_id="D", employee_id=old) not in res.roster.assignments
    assert not res.hard_violations
    # the cleared standby slots were planned again
    refilled = [a for a in res.roster.assignments
                if a.date == dt.date(2026, 12, 9) and a.role == "backup"]
    assert len(refilled) == len(cleared)
    # the cleared cells are forbidden; the rest is a baseline kept where possible (S7)
    assert set(pinned.forbidden) == {Assignment(date=day, shift_id="D", employee_id=old),
                                     *cleared}
    assert not set(pinned.forbidden) & set(res.roster.assignments)
    dropped = [a for a in pinned.baseline if a not in res.roster.assignments]
    assert res.penalties().get("S7", 0) == 20 * len(dropped)
    assert len(dropped) <= 4, dropped  # a minimal change, not a new month


def test_infeasible_pins_are_named_by_their_cells(problem, exported):
    day = dt.date(2026, 12, 15)  # E02 on leave
    edit(exported, {("E02", day): "D"})
    pinned, imported = pin_workbook(problem, exported)
    res = solve(pinned, time_limit=10, seed=1, workers=2)
    assert res.status == "infeasible"
    lines = [m.render("en") for m in name_pinned_cells(res.explanation,
                                                        imported.pin_cells(pinned.pinned))]
    cell = imported.cell("E02", day)
    assert any(line.startswith(f"{cell}: pinned: E02 P2 as duty") for line in lines), lines


# --- command line ---------------------------------------------------------------------------


def test_cli_check_shows_changes_and_cells(problem, exported, tmp_path, capsys):
    source = tmp_path / "problem.json"
    source.write_text(problem.model_dump_json(), encoding="utf-8")
    day = dt.date(2026, 12, 15)
    edit(exported, {("E02", day): "D"})
    code = main(["check", str(source), str(exported), "--lang", "en"])
    out = capsys.readouterr().out
    cell = read_roster_workbook(exported, problem).cell("E02", day)
    assert code == 1
    assert "Cells changed against the solver's roster: 1" in out
    assert f"[H6] {cell}: E02 P2 is on leave on 2026-12-15" in out


def test_cli_solve_writes_the_workbook_and_pin_names_cells(problem, tmp_path, capsys):
    source = tmp_path / "problem.json"
    source.write_text(problem.model_dump_json(), encoding="utf-8")
    out = tmp_path / "out.xlsx"
    assert main(["solve", str(source), "--out", str(out), "--seed", "1", "--workers", "2",
                 "--quiet", "--lang", "en"]) == 0
    assert read_roster_workbook(out, problem).changes == []
    edit(out, {("E02", dt.date(2026, 12, 16)): "bN"})
    capsys.readouterr()
    again = tmp_path / "again.xlsx"
    assert main(["solve", str(source), "--pin", str(out), "--out", str(again), "--seed", "1",
                 "--workers", "2", "--quiet", "--lang", "en"]) == 1
    text = capsys.readouterr().out
    cell = read_roster_workbook(out, problem).cell("E02", dt.date(2026, 12, 16))
    assert f"{cell}: pinned: E02 P2 as standby" in text
    assert not again.exists()


def test_roster_model_round_trip_through_empty_result(problem, result, tmp_path):
    empty = dataclasses.replace(result, roster=None, status="infeasible", violations=[])
    path = tmp_path / "empty.xlsx"
    write_roster_workbook(empty, path, lang="en")
    imported = read_roster_workbook(path, problem)
    assert imported.roster == Roster()
