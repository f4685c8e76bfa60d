"""Engine benchmark: the bundled sample and generated teams of growing size.

Two measurements:

1. The bundled sample (``samples/december_2026.xlsx``) through the whole
   command line, ``roster solve SAMPLE --out X.csv --seed 0``, in a fresh
   process each time, so the wall time includes Python start-up, imports,
   reading the workbook, solving, checking and writing. Several repetitions;
   median and maximum are reported.
2. For each team size, :func:`scheduler.generate.generate_team` is solved by
   :func:`scheduler.solve` in a fresh child process, so that the peak memory
   (``ru_maxrss``) belongs to that run alone. Reported: people, occurrences,
   CP-SAT variables and constraints, status, objective, best bound, gap,
   time to the first and to the best roster, wall time, peak memory, and the
   hard violations the independent checks find (always expected to be 0).

This script reports numbers; it asserts nothing about time.

Usage::

    python benchmarks/bench_engine.py                      # sizes 10,30,60,120, 30 s each
    python benchmarks/bench_engine.py --sizes 10,30 --time-limit 10 --out engine_small.md
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import datetime as dt
import multiprocessing as mp
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "december_2026.xlsx"
DEFAULT_OUT = ROOT / "benchmarks" / "results" / "engine.md"


@dataclass
class Row:
    """One instance's measurements."""

    name: str
    people: int = 0
    occurrences: int = 0
    variables: int = 0
    constraints: int = 0
    status: str = ""
    objective: int | None = None
    bound: float | None = None
    gap: float | None = None
    first_s: float | None = None
    best_s: float | None = None
    solve_wall_s: float = 0.0
    build_s: float = 0.0
    peak_rss_mb: float = 0.0
    hard: int | None = None
    workers: int = 0
    solutions: int = 0
    notes: list[str] = field(default_factory=list)


def _rss_mb() -> float:
    # Linux reports ru_maxrss in KiB, macOS in bytes.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def run_instance(spec: dict) -> dict:
    """Solve one instance; runs in a fresh child process (see :func:`measure`)."""
    from scheduler import check_roster, load_problem, solve
    from scheduler.cpsat import build_model
    from scheduler.generate import generate_team
    from scheduler.instance import Instance

    if spec.get("path"):
        problem = load_problem(spec["path"])
    else:
        problem = generate_team(spec["size"], month=spec["month"], seed=spec["seed"])
    row = Row(name=spec["name"], people=len(problem.staff))
    times: list[float] = []
    started = time.perf_counter()
    result = solve(problem, time_limit=spec["time_limit"], seed=spec["solver_seed"],
                   workers=spec["workers"], progress=lambda p: times.append(time.perf_counter()))
    row.solve_wall_s = time.perf_counter() - started
    row.peak_rss_mb = _rss_mb()  # before the second model build below
    row.workers = result.workers
    row.status = result.status
    row.objective = result.objective
    row.bound = result.bound
    row.gap = result.gap
    row.solutions = len(times)
    if times:
        row.first_s = times[0] - started
        row.best_s = times[-1] - started
    if result.roster is not None:
        row.hard = sum(1 for v in check_roster(problem, result.roster) if v.hard)
    t0 = time.perf_counter()
    inst = Instance(problem)
    ctx, _ = build_model(inst)
    row.build_s = time.perf_counter() - t0
    proto = ctx.model.Proto()
    row.occurrences = len(inst.occurrences)
    row.variables = len(proto.variables)
    row.constraints = len(proto.constraints)
    return asdict(row)


def measure(spec: dict) -> Row:
    """Run :func:`run_instance` in a new process, so peak memory is per run."""
    ctx = mp.get_context("spawn")
    with cf.ProcessPoolExecutor(max_workers=1, mp_context=ctx) as pool:
        data = pool.submit(run_instance, spec).result()
    return Row(**data)


@dataclass
class CliTiming:
    runs: list[float]
    status: str
    objective: str
    bound: str
    exit_codes: list[int]


def time_cli(sample: Path, reps: int, workers: int | None) -> CliTiming:
    """Wall time of the whole ``roster solve SAMPLE --out X.csv --seed 0`` command."""
    exe = shutil.which("roster", path=str(Path(sys.executable).parent)) or shutil.which("roster")
    cmd = [exe] if exe else [sys.executable, "-m", "scheduler.cli"]
    runs, codes, last = [], [], ""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "x.csv"
        args = [*cmd, "solve", str(sample), "--out", str(out), "--seed", "0", "--quiet", "--lang", "en"]
        if workers:
            args += ["--workers", str(workers)]
        for _ in range(reps):
            t0 = time.perf_counter()
            proc = subprocess.run(args, capture_output=True, text=True, cwd=ROOT)
            runs.append(time.perf_counter() - t0)
            codes.append(proc.returncode)
            last = proc.stdout
    status = re.search(r"Status: (\w+)", last)
    objective = re.search(r"Objective: (\S+)\s+best bound: (\S+)", last)
    return CliTiming(runs, status[1] if status else "?",
                     objective[1] if objective else "-", objective[2] if objective else "-",
                     codes)


def _fmt(value, spec: str = "") -> str:
    if value is None:
        return "-"
    return format(value, spec)


def table(rows: list[Row]) -> str:
    head = ("| instance | people | occurrences | variables | constraints | status | objective "
            "| bound | gap % | first roster s | best roster s | solve wall s | model build s "
            "| peak RSS MB | workers | hard violations |")
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for r in rows:
        lines.append(
            f"| {r.name} | {r.people} | {r.occurrences} | {r.variables} | {r.constraints} "
            f"| {r.status} | {_fmt(r.objective)} | {_fmt(r.bound, '.0f')} "
            f"| {_fmt(None if r.gap is None else 100 * r.gap, '.2f')} | {_fmt(r.first_s, '.2f')} "
            f"| {_fmt(r.best_s, '.2f')} | {r.solve_wall_s:.2f} | {r.build_s:.2f} "
            f"| {r.peak_rss_mb:.0f} | {r.workers} | {_fmt(r.hard)} |")
    return "\n".join(lines)


def machine() -> str:
    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import ortools

    return (f"{cpu}, {os.cpu_count()} cores; Python {platform.python_version()}, "
            f"OR-Tools {ortools.__version__}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="10,30,60,120", help="team sizes, comma-separated")
    ap.add_argument("--time-limit", type=float, default=30.0, help="seconds per instance")
    ap.add_argument("--seed", type=int, default=0, help="seed of the generated teams and solver")
    ap.add_argument("--workers", type=int, default=None,
                    help="CP-SAT workers (default: solve()'s own choice)")
    ap.add_argument("--month", default="2026-12", help="month of the generated teams")
    ap.add_argument("--free-search", action="store_true",
                    help="no solver seed: wall-clock time limit and CP-SAT's parallel search, "
                         "as `roster solve` without --seed (default: seeded, deterministic)")
    ap.add_argument("--sample", default=str(SAMPLE), help="bundled sample workbook")
    ap.add_argument("--cli-reps", type=int, default=5,
                    help="repetitions of the whole `roster solve` command (0 skips it)")
    ap.add_argument("--out", default=str(DEFAULT_OUT), help="markdown file for the results")
    args = ap.parse_args(argv)

    workers = args.workers  # None: solve() decides (one worker when seeded, else one per core)
    solver_seed = None if args.free_search else args.seed
    load_start = os.getloadavg()
    started = dt.datetime.now().astimezone()
    rows: list[Row] = []
    cli: CliTiming | None = None
    sample = Path(args.sample)

    if sample.exists():
        if args.cli_reps > 0:
            cli = time_cli(sample, args.cli_reps, args.workers)
            print(f"sample CLI: {[round(t, 2) for t in cli.runs]} s, status {cli.status}",
                  flush=True)
        rows.append(measure(dict(name=f"sample ({sample.name})", path=str(sample),
                                 time_limit=args.time_limit, solver_seed=solver_seed,
                                 workers=workers)))
        print(table(rows[-1:]).splitlines()[-1], flush=True)
    else:
        print(f"sample {sample} not found: skipped", flush=True)

    for size in (int(s) for s in args.sizes.split(",") if s.strip()):
        rows.append(measure(dict(name=f"generated {size}", size=size, month=args.month,
                                 seed=args.seed, time_limit=args.time_limit,
                                 solver_seed=solver_seed, workers=workers)))
        print(table(rows[-1:]).splitlines()[-1], flush=True)

    load_end = os.getloadavg()
    mode = ("free search (no solver seed, wall-clock limit)" if solver_seed is None
            else f"seeded (solver seed {solver_seed}: reproducible search with a "
                 "deterministic time limit, as `roster solve --seed`)")
    lines = [
        "# Engine benchmark results",
        "",
        f"- Run: {started:%Y-%m-%d %H:%M %Z}; {machine()}",
        f"- Load average (1, 5, 15 min) at start {tuple(round(x, 2) for x in load_start)}, "
        f"at end {tuple(round(x, 2) for x in load_end)}",
        f"- Command: `{' '.join(['python benchmarks/bench_engine.py', *(argv or sys.argv[1:])])}`",
        f"- Generated teams: `generate_team(n, month=\"{args.month}\", seed={args.seed})`; "
        f"time limit {args.time_limit:g} s; "
        f"{workers or 'default'} workers; {mode}",
        "",
    ]
    if cli is not None:
        lines += [
            f"Whole command `roster solve {sample.name} --out x.csv --seed 0 --quiet --lang en` "
            f"({len(cli.runs)} runs): median {statistics.median(cli.runs):.2f} s, "
            f"max {max(cli.runs):.2f} s; status {cli.status}, objective {cli.objective}, "
            f"bound {cli.bound}; exit codes {sorted(set(cli.exit_codes))}.",
            "",
        ]
    lines += [
        table(rows),
        "",
        "Times are seconds from the call of `solve()`: first and best roster are the "
        "improving solutions reported to the progress callback; solve wall includes "
        "building the model, checking the roster and, for the gap, the solver's bound. "
        "Model build is a separate second build of the same model. Peak RSS is the "
        "child process's maximum resident memory. Hard violations are re-found by "
        "`check_roster` on the returned roster.",
        "",
    ]
    text = "\n".join(lines)
    print()
    print(text)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    print(f"written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
