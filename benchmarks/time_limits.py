"""Does every ``roster solve`` keep its ``--time-limit``? The whole command, timed.

Each case runs ``roster solve INPUT --out OUT --time-limit L [--seed S] --quiet``
in a fresh process and measures the wall time from its start to its exit
(Python start-up, reading, building, searching, checking, writing). The
promise is the limit plus 2 s, on every strategy, seeded or not. Cases cover
each path of the search: plain CP-SAT on the bundled sample and on a
generated 120-person team (seeded and not), plain CP-SAT with a dived hint
(Curtois Instance5), LNS from a dive (7), from a constructed roster (13), a
long horizon's dive (19), and groups of people on models of their own (24).

Usage::

    python benchmarks/time_limits.py                 # -> results/time_limits.md
    python benchmarks/time_limits.py --quick         # sample and 120 people only

It reports numbers and asserts nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SAMPLE = ROOT / "samples" / "december_2026.xlsx"
CURTOIS = Path(os.environ.get(
    "CURTOIS_DIR", Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "curtois"))

# (name, input, limits, seeds): None in seeds is a run without --seed.
CASES = [
    ("sample", "sample", (10,), (None, 0)),
    ("generated 120", "gen120", (30,), (None, 0, 2)),
    ("Instance5 (cpsat, dived hint)", "Instance5", (10, 30), (None,)),
    ("Instance7 (lns, dive)", "Instance7", (10, 30), (1,)),
    ("Instance13 (lns, constructed)", "Instance13", (10, 30), (1,)),
    ("Instance19 (lns, long dive)", "Instance19", (10, 30), (1,)),
    ("Instance24 (groups)", "Instance24", (30, 60), (1,)),
]
QUICK = {"sample", "generated 120"}


def roster_command() -> list[str]:
    exe = shutil.which("roster", path=str(Path(sys.executable).parent)) or shutil.which("roster")
    return [exe] if exe else [sys.executable, "-m", "scheduler.cli"]


def input_path(key: str, folder: Path) -> Path:
    if key == "sample":
        return SAMPLE
    if key == "gen120":
        from scheduler.generate import generate_team
        from scheduler.io.problem_json import write_problem_json

        path = folder / "generated_120.json"
        if not path.exists():
            write_problem_json(generate_team(120, month="2026-12", seed=0), path)
        return path
    return CURTOIS / f"{key}.txt"


def run(cmd: list[str]) -> tuple[float, int, str]:
    started = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - started
    status = next((ln.split(":", 1)[1].strip() for ln in proc.stdout.splitlines()
                   if ln.startswith("Status:")), "-")
    return wall, proc.returncode, status


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="the sample and 120 people only")
    ap.add_argument("--out", default=str(HERE / "results" / "time_limits.md"))
    args = ap.parse_args(argv)
    load_start = os.getloadavg()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name, key, limits, seeds in CASES:
            if args.quick and name not in QUICK:
                continue
            path = input_path(key, folder)
            if not path.exists():
                print(f"{name}: {path} not found, skipped", flush=True)
                continue
            for limit in limits:
                for seed in seeds:
                    cmd = [*roster_command(), "solve", str(path), "--out",
                           str(folder / "out.csv"), "--time-limit", str(limit), "--quiet",
                           "--lang", "en"]
                    if seed is not None:
                        cmd += ["--seed", str(seed)]
                    wall, code, status = run(cmd)
                    row = (name, limit, "-" if seed is None else seed, wall, wall - limit,
                           status, code)
                    rows.append(row)
                    print(f"{name} limit {limit} seed {row[2]}: {wall:.1f} s "
                          f"({wall - limit:+.1f}), {status}, exit {code}", flush=True)
    lines = [
        "# Time limits kept by `roster solve`",
        "",
        f"- Run: {dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}; {os.cpu_count()} cores; "
        f"load average at start {tuple(round(x, 2) for x in load_start)}, at end "
        f"{tuple(round(x, 2) for x in os.getloadavg())}",
        f"- Command: `{' '.join(['python benchmarks/time_limits.py', *(argv or sys.argv[1:])])}`",
        "- Wall time of the whole command (start-up to exit); the promise is the limit + 2 s.",
        "",
        "| case | limit s | seed | wall s | over the limit s | status | exit |",
        "|---|---|---|---|---|---|---|",
    ]
    lines += [f"| {n} | {lim} | {s} | {w:.1f} | {o:+.1f} | {st} | {c} |"
              for n, lim, s, w, o, st, c in rows]
    worst = max((row[4] for row in rows), default=0.0)
    lines += ["", f"Largest overrun: {worst:+.1f} s."]
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"written {args.out}; largest overrun {worst:+.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
