"""The app in a real browser: Playwright drives Debian's chromium (headless) against ``streamlit run``.

The server runs ``app.py`` on a free localhost port in the test's temporary
directory with its own store. The test opens the app, solves the sample,
sees the status and the grid, edits a cell in the Adjust grid with the
keyboard, re-plans, accepts, and downloads the roster workbook. On failure
a screenshot is saved in the test's temporary directory and its path
printed. Playwright's own browser download is not used: without
``chromium`` on the PATH the test is skipped (``.ci/run`` installs it).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from app_cases import ROOT

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium on the PATH (apt-get install "
                                "chromium fonts-noto-cjk; .ci/run does)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(tmp_path):
    port = _free_port()
    env = {**os.environ, "ROSTER_DB": str(tmp_path / "roster.db"),
           "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    log = open(tmp_path / "server.log", "w")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true",
         "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail(f"the app did not start; see {tmp_path / 'server.log'}")
        yield url, tmp_path
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def _idle(page) -> None:
    """Wait until the script has run, as Streamlit's own browser tests do."""
    page.wait_for_timeout(200)
    page.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]", timeout=60_000)


def _cell_to_edit(db_url: str):
    """From the draft the solve saved: a (row, column, emp_id, date) free around a Wednesday."""
    from scheduler.instance import Instance
    from scheduler.store import Database, RosterService
    from scheduler.ui.state import Workspace

    db = Database(db_url)
    try:
        ws = Workspace.from_draft(RosterService(db).load_draft())
    finally:
        db.close()
    inst = Instance(ws.problem)
    busy = {(a.employee_id, a.date) for a in ws.roster.assignments}
    for col, day in enumerate(inst.dates):
        if inst.is_offday(day) or day.weekday() != 2:
            continue
        for row, emp in enumerate(inst.emp_ids):
            around = [day + dt.timedelta(days=k) for k in (-1, 0, 1)]
            if not any((emp, d) in busy or inst.on_leave(emp, d) for d in around):
                return row, col, emp, day, ws.problem
    raise AssertionError("no free cell")


def test_solve_edit_replan_and_download_in_a_browser(server):
    from playwright.sync_api import sync_playwright

    url, tmp = server
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True)
        page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
        try:
            page.goto(f"{url}/?lang=en")
            _idle(page)
            page.get_by_role("button", name="Solve").click()
            page.get_by_text("Status: optimal").wait_for(timeout=60_000)
            _idle(page)
            page.get_by_role("heading", name="Roster").wait_for()
            page.locator("[data-testid=stDataFrame] >> visible=true").first.wait_for()

            row, col, emp, day, problem = _cell_to_edit(str(tmp / "roster.db"))
            page.goto(f"{url}/adjust?lang=en")
            _idle(page)
            grid = page.locator("[data-testid=stDataFrame]").first
            grid.wait_for()
            box = grid.bounding_box()
            # A cell of the first row, then leftwards to the names and one step right: the
            # first date, whatever the widths of the columns.
            page.mouse.click(box["x"] + box["width"] / 2, box["y"] + 35 + 17)
            page.wait_for_timeout(300)
            for _ in range(40):
                page.keyboard.press("ArrowLeft")
            page.keyboard.press("ArrowRight")
            for _ in range(row):
                page.keyboard.press("ArrowDown")
            for _ in range(col):
                page.keyboard.press("ArrowRight")
            page.keyboard.press("Enter")  # the cell's drop-down opens
            page.wait_for_timeout(300)
            page.keyboard.type("D")
            page.wait_for_timeout(300)
            page.keyboard.press("Enter")
            page.get_by_text("Changed cells: 1").wait_for(timeout=30_000)
            _idle(page)

            page.get_by_role("button", name="Re-plan around my edits").click()
            page.get_by_text("Proposal:").first.wait_for(timeout=60_000)
            _idle(page)
            page.get_by_role("button", name="Accept the proposal").click()
            page.get_by_text("Proposal accepted").wait_for(timeout=30_000)

            page.goto(f"{url}/?lang=en")
            _idle(page)
            with page.expect_download() as download:
                page.get_by_role("button", name="Roster workbook (.xlsx)").click()
            path = tmp / "downloaded.xlsx"
            download.value.save_as(path)
        except Exception:
            shot = tmp / "failure.png"
            page.screenshot(path=str(shot), full_page=True)
            print(f"screenshot of the failure: {shot}")
            raise
        finally:
            browser.close()

    from scheduler.io.roster_workbook import read_roster_workbook

    roster = read_roster_workbook(path, problem).roster
    assert (emp, day, "D", "duty") in {(a.employee_id, a.date, a.shift_id, a.role)
                                       for a in roster.assignments}
