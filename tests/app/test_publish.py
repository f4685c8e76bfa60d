"""发布 Publish: the solved roster published as version 1; its workbook reads back the same."""

from __future__ import annotations

import hashlib

import openpyxl
from app_cases import Driver

from scheduler.io.roster_workbook import read_roster_workbook
from scheduler.ui.widgets import export_bytes


def test_publish_then_download_a_workbook_that_reads_back_to_the_same_roster(driver, app_dir):
    driver.solve()
    solved = driver.ws.roster
    driver.page("publish")
    driver.at.text_input(key="publish_reason").set_value("December as planned")
    driver.run()
    driver.click("publish")
    assert "Published version 1 of 2026-12." in driver.texts("success")
    assert "The working roster is the published version 1." in driver.texts("success")
    versions = driver.at.dataframe[0].value
    assert versions.iloc[0].tolist()[:4] == [1, "published", "publish", "E01"]
    assert versions.iloc[0]["Reason"] == "December as planned"
    labels = {b.key: b.label for b in driver.at.download_button}
    assert labels["dl_export"] == "Roster workbook with the swap register (.xlsx)"
    assert {"dl_csv", "dl_json"} <= set(labels)

    # What the export button downloads (its data is made when clicked).
    from scheduler.ui.state import _service, store_url

    data = export_bytes(_service(store_url()), "2026-12", driver.ws.team, 1, "en")
    path = app_dir / "download.xlsx"
    path.write_bytes(data)
    book = openpyxl.load_workbook(path)
    assert {"Roster", "Swap register", "Leave register", "Handover log"} <= set(book.sheetnames)
    read = read_roster_workbook(path, driver.ws.problem).roster
    assert set(read.assignments) == set(solved.assignments)


def test_publishing_needs_a_manager(driver):
    driver.solve()
    driver.as_person("E02").page("publish")
    assert driver.at.button(key="publish").disabled
    assert "Only a manager may do this; choose a manager in the sidebar." in driver.texts("caption")


def test_a_pin_configured_in_the_secrets_is_asked_before_acting(app_dir):
    driver = Driver(secrets={"pins": {"E01": hashlib.sha256(b"2468").hexdigest()}})
    driver.solve()
    driver.page("publish")
    assert driver.at.button(key="publish").disabled
    assert "Enter E01's PIN to act as them." in driver.texts("caption")
    driver.at.text_input(key="pin:E01").set_value("1111")
    driver.run()
    assert "Wrong PIN for E01." in driver.texts("error")
    driver.at.text_input(key="pin:E01").set_value("2468")
    driver.run()
    assert not driver.at.button(key="publish").disabled
