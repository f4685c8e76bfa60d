"""排班 Plan: the sample opens, solves to the optimum; bad input keeps the month."""

from __future__ import annotations

import io

from app_cases import SAMPLE, Driver


def test_the_app_opens_on_the_sample_and_solves_it_to_the_optimum(driver):
    assert driver.texts("title") == ["Plan the month"]
    assert any("december_2026.xlsx" in c for c in driver.texts("caption"))
    assert driver.ws.roster is None
    driver.solve()
    assert "Status: optimal" in driver.texts("success")
    metrics = {m.label: m.value for m in driver.at.metric}
    assert metrics["Objective"] == metrics["Bound"]
    assert driver.ws.roster is not None and len(driver.ws.roster) > 0
    grids = [d.value for d in driver.at.dataframe if d.editing_mode == "read_only"]
    grid = grids[0]  # the coloured person × date grid
    assert grid.shape == (len(driver.ws.problem.staff), 31)
    assert list(grid.index[:2]) == ["E01 王建国", "E02 李娜"]
    assert {"D", "N", "H"} <= set(grid.values.ravel())
    assert driver.at.download_button(key="download_xlsx").label == "Roster workbook (.xlsx)"


def test_the_per_person_view_charts_each_fairness_group(driver):
    driver.solve()
    driver.at.button_group(key="plan_view").set_value("stats")
    driver.run()
    titles = [m for m in driver.texts("markdown") if m.startswith("**")]
    assert "**Duties and hours**" in titles
    assert any("S3" in m and "fair band" in m for m in titles)
    stats = [d.value for d in driver.at.dataframe if d.editing_mode == "read_only"][0]
    assert len(stats) == len(driver.ws.problem.staff) and "Nights" in stats.columns


def test_the_solved_month_survives_a_refresh(driver):
    driver.solve()
    roster = driver.ws.roster
    again = Driver()  # a new browser session on the same store
    assert again.ws.roster == roster
    assert "Status: optimal" in again.texts("success")


def test_labels_follow_the_language_switch(driver):
    driver.at.radio(key="lang_choice").set_value("zh")
    driver.run()
    assert driver.texts("title") == ["排班"]


def test_a_broken_workbook_gives_the_readers_sentence_and_keeps_the_month(driver):
    driver.at.file_uploader(key="upload").set_value(("broken.xlsx", b"not a workbook", "application/octet-stream"))
    driver.run()
    errors = driver.texts("error")
    assert errors and "broken.xlsx" in errors[0] and ".xlsx" in errors[0]
    assert driver.ws.source == "december_2026.xlsx"


def test_an_uploaded_workbook_starts_its_own_month(driver):
    from scheduler.io import load_problem
    from scheduler.io.workbook import write_workbook

    problem = load_problem(SAMPLE)
    problem = problem.model_copy(update={"settings": problem.settings.model_copy(
        update={"team": "Night desk", "month": "2027-01"})})
    buf = io.BytesIO()
    path = SAMPLE.parent / "unused.xlsx"
    del path
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "night.xlsx"
        write_workbook(problem, out, "en")
        buf.write(out.read_bytes())
    driver.at.file_uploader(key="upload").set_value(("night.xlsx", buf.getvalue(), "application/octet-stream"))
    driver.run()
    assert driver.ws.team == "Night desk" and driver.ws.month == "2027-01"
    assert any("Loaded night.xlsx" in s for s in driver.texts("success"))


def _table_key(driver, sheet: str) -> str:
    if not driver.at.toggle(key="show_inputs").value:
        driver.at.toggle(key="show_inputs").set_value(True)
        driver.run()
    return next(d.key for d in driver.at.data_editor if d.key.startswith(f"table:{sheet}:"))


def test_an_invalid_cell_names_sheet_row_and_column_and_keeps_the_month(driver):
    key = _table_key(driver, "Staff")
    driver.at.session_state[key] = {"edited_rows": {0: {"max_duties": "lots"}},
                                    "added_rows": [], "deleted_rows": []}
    driver.run()
    before = driver.ws.problem
    driver.click("apply_tables")
    errors = driver.texts("error")
    assert errors, driver.texts("info")
    assert "sheet Staff" in errors[0] and "row 2" in errors[0] and "max_duties" in errors[0]
    assert driver.ws.problem is before


def test_an_impossible_month_is_refused_with_the_readers_sentence(driver):
    key = _table_key(driver, "Settings")
    frame = next(d for d in driver.at.data_editor if d.key == key).value
    row = int(frame.index[frame.iloc[:, 0] == "month"][0])
    driver.at.session_state[key] = {"edited_rows": {row: {frame.columns[1]: "2026-13"}},
                                    "added_rows": [], "deleted_rows": []}
    driver.run()
    driver.click("apply_tables")
    errors = driver.texts("error")
    assert errors and "2026-13" in errors[0] and "Settings" in errors[0]
    assert driver.ws.month == "2026-12"


def test_table_edits_that_are_valid_give_a_new_problem(driver):
    key = _table_key(driver, "Staff")
    frame = next(d for d in driver.at.data_editor if d.key == key).value
    driver.at.session_state[key] = {"edited_rows": {1: {"max_duties": "4"}},
                                    "added_rows": [], "deleted_rows": []}
    driver.run()
    driver.click("apply_tables")
    assert not driver.texts("error")
    emp = frame.iloc[1, 0]
    assert next(e for e in driver.ws.problem.staff if e.employee_id == emp).max_duties == 4
