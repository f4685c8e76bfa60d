"""调整 Adjust: a cell edited through the editor's state, checked, re-planned as a diff, accepted."""

from __future__ import annotations

import datetime as dt

from app_cases import Driver

from scheduler.io.roster_workbook import CodeBook
from scheduler.ui.grid import date_label


def _free_day_cell(ws, inst):
    """A person free around a workday whose day duty someone else holds: (emp_id, day)."""
    items = {(a.employee_id, a.date) for a in ws.roster.assignments}
    for day in inst.dates:
        if inst.is_offday(day) or day.weekday() != 2:
            continue
        for emp in inst.emp_ids:
            around = [day + dt.timedelta(days=k) for k in (-1, 0, 1)]
            if not any((emp, d) in items for d in around) and not any(
                    inst.on_leave(emp, d) for d in around):
                return emp, day
    raise AssertionError("no free cell found")


def _edit(driver: Driver, emp: str, day: dt.date, code: str) -> None:
    ws = driver.ws
    inst = driver.at.session_state["instance"][1]
    key = next(d.key for d in driver.at.data_editor if d.key.startswith("grid:"))
    column = date_label(inst, day, "en")
    row = inst.emp_ids.index(emp)
    driver.at.session_state[key] = {"edited_rows": {row: {column: code}}, "added_rows": [],
                                    "deleted_rows": []}
    driver.run()
    assert ws is driver.ws


def test_an_edit_is_listed_checked_replanned_as_a_diff_and_accepted(driver):
    driver.solve()
    driver.page("adjust")
    ws = driver.ws
    inst = driver.at.session_state["instance"][1]
    emp, day = _free_day_cell(ws, inst)
    _edit(driver, emp, day, CodeBook(ws.problem, "en").code("D", "duty"))
    assert "**Changed cells: 1**" in driver.texts("markdown")
    assert ws.edits == {f"{emp}|{day.isoformat()}": [["D", "duty"]]}

    driver.click("check")  # two people on one day duty: H1 with its cell
    assert any("hard rules broken" in e for e in driver.texts("error"))

    driver.click("replan")
    assert ws.proposal is not None
    kept = [a for a in ws.proposal.assignments if a.employee_id == emp and a.date == day]
    assert [(a.shift_id, a.role) for a in kept] == [("D", "duty")]
    heading = next(s for s in driver.texts("subheader") if s.startswith("Proposal:"))
    changed = int(heading.split(":")[1].split()[0])
    assert changed >= 2  # the edit and the previous holder's day at least

    before = ws.roster
    driver.click("accept")
    assert "Proposal accepted: it is now the working roster." in driver.texts("success")
    assert ws.roster == driver.ws.roster and ws.edits == {} and ws.proposal is None
    assert (emp, day, "D", "duty") in {(a.employee_id, a.date, a.shift_id, a.role)
                                       for a in driver.ws.roster.assignments}
    driver.click("undo")
    assert driver.ws.roster == before


def test_edits_are_kept_in_the_store_across_a_refresh(driver):
    driver.solve()
    driver.page("adjust")
    inst = driver.at.session_state["instance"][1]
    emp, day = _free_day_cell(driver.ws, inst)
    _edit(driver, emp, day, "D")
    again = Driver()  # a refresh, or a second window
    assert again.ws.edits == {f"{emp}|{day.isoformat()}": [["D", "duty"]]}
    again.page("adjust")
    assert "**Changed cells: 1**" in again.texts("markdown")
    again.click("reset")
    assert again.ws.edits == {}
