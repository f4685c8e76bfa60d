"""Write the bundled sample to samples/: december_2026.xlsx (Chinese, as HR uses it)
and december_2026.json (the same problem as JSON).

Run from anywhere: ``python samples/make_sample.py``.
"""

from __future__ import annotations

from pathlib import Path

from scheduler.io.problem_json import write_problem_json
from scheduler.io.sample import sample_problem
from scheduler.io.workbook import write_workbook

HERE = Path(__file__).resolve().parent


def main() -> None:
    problem = sample_problem(language="zh")
    write_workbook(problem, HERE / "december_2026.xlsx", lang="zh")
    write_problem_json(problem, HERE / "december_2026.json")
    print(f"wrote {HERE / 'december_2026.xlsx'} and {HERE / 'december_2026.json'}")


if __name__ == "__main__":
    main()
