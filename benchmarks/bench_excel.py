"""Roster workbook benchmark: export and import time for a large team.

A generated team (:func:`scheduler.generate.generate_team`, 120 people by
default) is solved once; then its roster workbook is written
(:func:`write_roster_workbook`) and read back (:func:`read_roster_workbook`)
several times, and one cell is edited and checked again as ``roster check``
does. Reported: people, dates, assignments, file size, and the median and
maximum of each step's wall time. The read-back is verified to give the
same roster.

This script reports numbers; it asserts nothing about time.

Usage::

    python benchmarks/bench_excel.py                       # 120 people, 5 repetitions
    python benchmarks/bench_excel.py --people 60 --repeat 3 --time-limit 10
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

import openpyxl

from scheduler import solve
from scheduler.checks import check_roster
from scheduler.io.roster_workbook import (
    FIRST_DATE_COL,
    FIRST_PERSON_ROW,
    read_roster_workbook,
    write_roster_workbook,
)


def _problem(people: int):
    from scheduler.generate import generate_team

    return generate_team(people, month="2026-12", seed=0)


def _timed(fn, repeat: int) -> tuple[list[float], object]:
    times, value = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - start)
    return times, value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=120)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--time-limit", type=float, default=30.0,
                        help="seconds for the one solve that makes the roster")
    parser.add_argument("--lang", choices=("zh", "en"), default="zh")
    args = parser.parse_args(argv)

    problem = _problem(args.people)
    result = solve(problem, time_limit=args.time_limit, workers=2)  # wall-clock limit
    if result.roster is None:
        print(f"no roster for {args.people} people ({result.status}); nothing to measure")
        return 1
    inst = result.instance
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "roster.xlsx"
        write_times, _ = _timed(lambda: write_roster_workbook(result, path, lang=args.lang),
                                args.repeat)
        size = path.stat().st_size
        read_times, imported = _timed(lambda: read_roster_workbook(path, problem), args.repeat)
        same = imported.roster == result.roster

        # One hand edit: clear the first person's first non-empty cell, then check as the CLI does.
        wb = openpyxl.load_workbook(path)
        ws = wb.worksheets[0]
        for col in range(FIRST_DATE_COL, ws.max_column + 1):
            if ws.cell(FIRST_PERSON_ROW, col).value:
                ws.cell(FIRST_PERSON_ROW, col).value = None
                break
        edited = Path(tmp) / "edited.xlsx"
        wb.save(edited)

        def check_edit():
            imp = read_roster_workbook(edited, inst)
            return imp, check_roster(inst, imp.roster)

        check_times, (imp, violations) = _timed(check_edit, args.repeat)

    def fmt(times: list[float]) -> str:
        return f"{statistics.median(times):.3f} s median, {max(times):.3f} s max"

    print(f"# Roster workbook benchmark ({platform.python_version()}, {platform.machine()})")
    print(f"people {len(inst.emp_ids)}, dates {inst.num_days}, occurrences "
          f"{len(inst.occurrences)}, assignments {len(result.roster)}, solve status "
          f"{result.status} ({result.wall_time:.1f} s), language {args.lang}")
    print(f"file size: {size / 1024:.0f} KiB")
    print(f"export (write_roster_workbook), {args.repeat} runs: {fmt(write_times)}")
    print(f"import (read_roster_workbook), {args.repeat} runs: {fmt(read_times)}; "
          f"identical roster: {same}")
    print(f"import + check of an edited workbook, {args.repeat} runs: {fmt(check_times)}; "
          f"changes {len(imp.changes)}, hard violations {sum(v.hard for v in violations)}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
