"""The manager's app, timed in a real browser: page load, Solve to grid, a 120-person grid.

Starts ``streamlit run app.py`` on a free localhost port in a temporary
directory with its own store, and drives it with Playwright on Debian's
chromium (headless, 1400 × 1000). It reports numbers and asserts nothing:

1. page load: from navigation to the script idle with the Plan page drawn
   (the first load of a fresh server, then the median of later ones);
2. Solve on the bundled sample to the grid: from the click to the status
   and the coloured grid on screen;
3. a 120-person month (``generate_team(120)``) uploaded as a workbook,
   solved (stopped after its first rosters with the Stop button), then on
   the Adjust page: scrolling the grid (a wheel step to the next painted
   frame; the grid is drawn in the browser) and editing a cell (a keyboard
   edit to the changed cell listed, a round trip to the server that saves
   the draft), and opening the Plan page with its coloured grid and charts.

Usage::

    python benchmarks/app_bench.py                 # -> results/app.md
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _server(tmp: Path) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    env = {**os.environ, "ROSTER_DB": str(tmp / "roster.db"),
           "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true",
         "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        cwd=tmp, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1):
                return proc, url
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("the app did not start")


def _idle(page) -> None:
    page.wait_for_timeout(50)
    page.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]", timeout=120_000)


def _timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def _frame(page) -> None:
    """Wait for the browser to paint the next two frames."""
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def _free_rows(db_path: Path) -> list[int]:
    """Rows of the draft's grid whose first date is off (from the store the app saved)."""
    from scheduler.store import Database, RosterService
    from scheduler.ui.state import Workspace

    db = Database(str(db_path))
    try:
        ws = Workspace.from_draft(RosterService(db).load_draft())
    finally:
        db.close()
    first = ws.problem.settings.horizon[0]
    busy = {a.employee_id for a in ws.roster.assignments if a.date == first}
    return [i for i, e in enumerate(ws.problem.staff) if e.employee_id not in busy]


def _uptime() -> str:
    try:
        return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    except OSError:
        return "-"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=str(HERE / "results" / "app.md"))
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    from scheduler.generate import generate_team
    from scheduler.io.workbook import write_workbook

    chromium = shutil.which("chromium")
    if chromium is None:
        print("no chromium on the PATH")
        return 1
    rows: list[tuple[str, str]] = []

    def note(what: str, value: str) -> None:
        rows.append((what, value))
        print(f"{what}: {value}", flush=True)

    load_before = _uptime()
    with tempfile.TemporaryDirectory() as tmp_name, sync_playwright() as p:
        tmp = Path(tmp_name)
        proc, url = _server(tmp)
        browser = p.chromium.launch(executable_path=chromium, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})

            def load() -> None:
                page.goto(f"{url}/?lang=en")
                _idle(page)
                page.get_by_role("button", name="Solve").wait_for()

            first = _timed(load)
            loads = [_timed(load) for _ in range(args.repeat)]
            note("Page load, first after the server started", f"{first:.2f} s")
            note(f"Page load, median of {args.repeat}",
                         f"{statistics.median(loads):.2f} s (max {max(loads):.2f})")

            def solve_sample() -> None:
                page.get_by_role("button", name="Solve").click()
                page.get_by_text("Status: optimal").wait_for(timeout=60_000)
                page.get_by_role("heading", name="Roster").wait_for()
                _idle(page)

            solves = []
            for _ in range(args.repeat):
                load()
                solves.append(_timed(solve_sample))
            note(f"Solve on the sample to the grid, median of {args.repeat}",
                         f"{statistics.median(solves):.2f} s (max {max(solves):.2f})")

            big = tmp / "team120.xlsx"
            write_workbook(generate_team(120), big, "en")
            load()
            page.get_by_text("Start: your own team").click()
            upload = _timed(lambda: (page.locator("input[type=file]").set_input_files(str(big)),
                                     page.get_by_text("Loaded team120.xlsx").wait_for(timeout=60_000),
                                     _idle(page)))
            note("120 people: upload the workbook to the month shown", f"{upload:.2f} s")
            start = time.perf_counter()
            page.get_by_role("button", name="Solve").click()
            page.get_by_text("Rosters found").wait_for(timeout=60_000)
            while page.locator("[data-testid=stMetricValue]").first.inner_text() in ("0", "-"):
                page.wait_for_timeout(100)
            first_roster = time.perf_counter() - start
            stop_at = time.perf_counter()
            page.get_by_role("button", name="Stop").click()
            page.get_by_role("heading", name="Roster").wait_for(timeout=120_000)
            _idle(page)
            stopped = time.perf_counter() - stop_at
            note("120 people: Solve to the first roster in the live progress",
                         f"{first_roster:.2f} s")
            note("120 people: Stop to the grid of the best roster so far", f"{stopped:.2f} s")

            plan = [_timed(lambda: (page.goto(f"{url}/?lang=en"), _idle(page),
                                    page.get_by_role("heading", name="Roster").wait_for()))
                    for _ in range(args.repeat)]
            note(f"120 people: Plan page with the coloured grid, median of "
                         f"{args.repeat}", f"{statistics.median(plan):.2f} s (max {max(plan):.2f})")

            page.goto(f"{url}/adjust?lang=en")
            _idle(page)
            grid = page.locator("[data-testid=stDataFrame]").first
            grid.wait_for()
            box = grid.bounding_box()
            page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
            scrolls = []
            for step in range(args.repeat * 2):
                scrolls.append(_timed(lambda step=step: (
                    page.mouse.wheel(0 if step % 2 else 400, 600 if step % 2 == 0 else 0), _frame(page))))
            note(f"120 people: scroll the Adjust grid, median of {len(scrolls)}",
                         f"{statistics.median(scrolls) * 1000:.0f} ms (max {max(scrolls) * 1000:.0f})")

            edits = []
            free = _free_rows(tmp / "roster.db")
            for n in range(1, args.repeat + 1):
                page.goto(f"{url}/adjust?lang=en")
                _idle(page)
                box = page.locator("[data-testid=stDataFrame]").first.bounding_box()
                page.mouse.click(box["x"] + box["width"] / 2, box["y"] + 35 + 17)
                page.wait_for_timeout(300)
                for _ in range(60):  # to the names, then the first date
                    page.keyboard.press("ArrowLeft")
                page.keyboard.press("ArrowRight")
                for _ in range(free[n]):
                    page.keyboard.press("ArrowDown")

                # The cell is off (·, the first choice): the next choice is a duty.
                page.keyboard.press("Enter")
                page.wait_for_timeout(300)
                page.keyboard.press("ArrowDown")
                page.wait_for_timeout(300)

                def edit(n=n) -> None:  # from choosing the code to the cell listed as changed
                    page.keyboard.press("Enter")
                    page.get_by_text(f"Changed cells: {n}").wait_for(timeout=60_000)
                    _idle(page)

                try:
                    edits.append(_timed(edit))
                except Exception:
                    page.screenshot(path=str(Path(tempfile.gettempdir()) / "app_bench_failure.png"))
                    raise
            note(f"120 people: edit a cell in the Adjust grid (server round trip, draft "
                         f"saved), median of {len(edits)}",
                         f"{statistics.median(edits):.2f} s (max {max(edits):.2f})")
        finally:
            browser.close()
            proc.terminate()
            proc.wait(10)
    load_after = _uptime()

    import streamlit

    lines = [
        "# The app, timed in a browser",
        "",
        "`python benchmarks/app_bench.py` (Playwright, Debian's chromium headless, 1400 × 1000; "
        f"the server and the browser on the same machine; {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, Streamlit {streamlit.__version__}).",
        "",
        f"Machine load before: `{load_before}`  ",
        f"after: `{load_after}`",
        "",
        "| what | time |",
        "|---|---|",
        *[f"| {what} | {value} |" for what, value in rows],
        "",
        "The first load of a fresh server imports the library (OR-Tools, pandas, the store); "
        "later loads reuse it. Solve times include the solve itself (CP-SAT on both cores) and "
        "the progress poll (every 0.25 s). Scrolling is drawn in the browser (the grid is a "
        "canvas); an edit is a round trip to the server, which saves the draft in the store. "
        "The load averages above show what else the machine was running.",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    Path(args.out).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
