"""Solve Curtois & Qu benchmark instances and report against the best-known values.

Each instance runs in its own process (so peak memory is its own), is solved
by :func:`scheduler.solve` with a wall-clock time limit, writes its solution
as the benchmark's ``employee,day,shift`` CSV, and is then re-scored by the
project's independent checks from that CSV alone: the objective reported is
the checks' sum of penalties, and any hard violation is reported.

Usage::

    python benchmarks/curtois.py --instances 1-24 --time-limit 60   # -> results/curtois_60s.csv
    python benchmarks/curtois.py --instances 1-12 --time-limit 10   # -> results/curtois_10s.csv

writes the solutions to ``benchmarks/results/curtois_<tag>/InstanceN.csv`` and
the table to ``benchmarks/results/curtois_<tag>.csv`` (and prints it as
Markdown). The tag names what was run (default ``<limit>s``, e.g. ``60s``; say
``--tag 60s_cpsat`` for a variant).

The instances and ``best_known.csv`` are read from the shared benchmark folder
next to the repository, ``../shared/benchmarks/curtois``; the environment
variable ``CURTOIS_DIR`` or ``--data`` points elsewhere.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
# The shared benchmark folder sits next to the repository: <root>/../shared/benchmarks/curtois.
DEFAULT_DATA = Path(os.environ.get(
    "CURTOIS_DIR", Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "curtois"))
COLUMNS = ("instance", "status", "objective", "rescored", "hard", "bound", "best_known",
           "gap_pct", "bound_gap_pct", "wall_s", "solver_s", "peak_mb", "strategy", "seed")


def parse_instances(text: str) -> list[int]:
    out: list[int] = []
    for part in text.split(","):
        part = part.strip()
        if "-" in part:
            a, b = part.split("-")
            out += range(int(a), int(b) + 1)
        elif part:
            out.append(int(part))
    return out


def best_known(data: Path) -> dict[str, dict[str, str]]:
    with open(data / "best_known.csv", newline="") as fh:
        return {row["instance"]: row for row in csv.DictReader(fh)}


def run_one(name: str, data: Path, out_csv: Path, time_limit: float, seed: int, workers: int,
            strategy: str) -> dict:
    """Solve one instance in this process and re-score its written solution."""
    from scheduler import check_roster, solve
    from scheduler.io.curtois import read_curtois, read_curtois_solution, write_curtois_solution

    started = time.perf_counter()
    problem = read_curtois(data / f"{name}.txt")
    # The engine's seed switches plain CP-SAT to a deterministic time limit and
    # turns its dived hint off; the benchmark wants wall-clock seconds and the
    # hint, so plain CP-SAT runs unseeded.
    from scheduler.instance import Instance
    from scheduler.search import choose_strategy

    used = choose_strategy(Instance(problem), strategy)
    seed = seed if used in ("lns", "lns-bound") else None
    result = solve(problem, time_limit=time_limit, workers=workers, strategy=strategy,
                   seed=seed)
    row = {"instance": name, "status": result.status, "objective": result.objective,
           "bound": None if result.bound is None else round(result.bound),
           "wall_s": round(time.perf_counter() - started, 1),
           "solver_s": round(result.solver_time, 1),
           "strategy": result.strategy or used, "seed": seed,
           "rescored": None, "hard": None}
    if result.roster is not None:
        write_curtois_solution(problem, result.roster, out_csv)
        # Independent re-score: only the CSV on disk and the problem file count.
        violations = check_roster(read_curtois(data / f"{name}.txt"),
                                  read_curtois_solution(problem, out_csv))
        row["rescored"] = sum(v.penalty for v in violations)
        row["hard"] = sum(1 for v in violations if v.hard)
    row["peak_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return row


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--instances", default="1-24", help="e.g. 1-12 or 1,5,8")
    ap.add_argument("--time-limit", type=float, default=60.0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--strategy", default="auto",
                    help="solve() strategy: auto (the engine's choice), cpsat, lns or lns-bound")
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA,
                    help="folder of InstanceN.txt and best_known.csv (default: $CURTOIS_DIR "
                         "or ../shared/benchmarks/curtois next to the repository)")
    ap.add_argument("--tag", default=None,
                    help="what the run is, naming results/curtois_<tag>.csv "
                         "(default <limit>s, e.g. 60s; a variant e.g. 60s_cpsat)")
    ap.add_argument("--one", help=argparse.SUPPRESS)  # internal: solve one, print JSON
    ap.add_argument("--out-csv", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.one:
        row = run_one(args.one, args.data, args.out_csv, args.time_limit, args.seed,
                      args.workers, args.strategy)
        print("RESULT " + json.dumps(row))
        return 0

    tag = args.tag or f"{args.time_limit:g}s"
    out_dir = HERE / "results" / f"curtois_{tag}"
    out_dir.mkdir(parents=True, exist_ok=True)
    table_path = HERE / "results" / f"curtois_{tag}.csv"
    known = best_known(args.data)
    rows = []
    for n in parse_instances(args.instances):
        name = f"Instance{n}"
        cmd = [sys.executable, str(Path(__file__).resolve()), "--one", name,
               "--out-csv", str(out_dir / f"{name}.csv"), "--data", str(args.data),
               "--time-limit", str(args.time_limit), "--seed", str(args.seed),
               "--workers", str(args.workers), "--strategy", args.strategy]
        proc = subprocess.run(cmd, capture_output=True, text=True)
        line = next((ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT ")), None)
        if line is None:
            row = {"instance": name, "status": "error", "strategy": args.strategy,
                   "seed": args.seed}
            sys.stderr.write(proc.stderr[-2000:])
        else:
            row = json.loads(line[len("RESULT "):])
        bk = int(known[name]["best_known"])
        row["best_known"] = bk
        score = row.get("rescored")
        row["gap_pct"] = None if score is None else round(100 * (score - bk) / bk, 2)
        bound = row.get("bound")
        row["bound_gap_pct"] = None if bound is None else round(100 * (bk - bound) / bk, 2)
        rows.append(row)
        print(" ".join(f"{k}={row.get(k)}" for k in COLUMNS), flush=True)
        with open(table_path, "w", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=COLUMNS, extrasaction="ignore")
            writer.writeheader()
            writer.writerows(rows)
    print()
    print(markdown(rows))
    return 0


def markdown(rows: list[dict]) -> str:
    head = ("| instance | status | objective (re-scored) | best known | gap % | bound | "
            "wall s | peak MB |")
    lines = [head, "|---|---|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        lines.append(f"| {r['instance']} | {r.get('status')} | {r.get('rescored')} | "
                     f"{r['best_known']} | {r.get('gap_pct')} | {r.get('bound')} | "
                     f"{r.get('wall_s')} | {r.get('peak_mb')} |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
