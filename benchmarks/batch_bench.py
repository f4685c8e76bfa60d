"""``roster batch`` measured: throughput, overhead per run, memory, and a rerun.

What it measures (it reports numbers and asserts nothing):

1. 100 generated team-months (10-60 people, seeded sizes and teams), each
   solved by a plain in-process ``solve()`` one after another with the
   batch's seed, time limit and one CP-SAT worker: the reference.
2. The same inputs as ``run_batch`` on the local pool and on a Dask
   ``LocalCluster``, each with 1 and 2 workers (one thread per solve, every
   run a fresh output folder): wall time including start-up, runs per
   minute, the time per run against the plain ``solve()`` (the overhead:
   reading the input in the worker, the re-check, the roster workbook,
   shipping and writing), and the peak memory of each worker process.
3. A rerun of the finished batch as the command (``roster batch``, a new
   Python process), which reads every run back and solves nothing.

The load average is noted before and after each step, as another job on
the machine would distort the figures.

Usage::

    python benchmarks/batch_bench.py                      # -> results/batch.md
    python benchmarks/batch_bench.py --runs 20 --time-limit 0.5 --out /tmp/b.md
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent


def load() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def make_inputs(folder: Path, runs: int, seed: int) -> list[Path]:
    from scheduler.generate import generate_team
    from scheduler.io import write_problem_json

    rng = random.Random(seed)
    paths = []
    for i in range(runs):
        path = folder / f"team{i:03d}.json"
        write_problem_json(generate_team(rng.randint(10, 60), "2026-12", seed=i), path)
        paths.append(path)
    return paths


def plain(paths: list[Path], seed: int, limit: float) -> dict:
    from scheduler import load_problem, solve

    times, statuses = [], Counter()
    solve(load_problem(paths[0]), time_limit=limit, seed=seed, workers=1)  # loads OR-Tools
    for path in paths:
        problem = load_problem(path)
        started = time.perf_counter()
        result = solve(problem, time_limit=limit, seed=seed, workers=1)
        times.append(time.perf_counter() - started)
        statuses[result.status] += 1
    return {"times": times, "statuses": statuses}


def batch(folder: Path, out: Path, backend: str, workers: int, seed: int, limit: float) -> dict:
    from scheduler.batch import run_batch

    started = time.perf_counter()
    ready: list[float] = []
    rows = run_batch(folder, out, backend=backend, workers=workers, seed=seed, time_limit=limit,
                     on_start=lambda _engine: ready.append(time.perf_counter()))
    wall = time.perf_counter() - started
    peaks: dict[str, float] = defaultdict(float)
    for row in rows:
        peaks[row["worker"]] = max(peaks[row["worker"]], row["peak_rss_mb"] or 0)
    return {"wall": wall, "startup": ready[0] - started if ready else 0.0, "rows": rows,
            "peaks": dict(peaks), "statuses": Counter(r["status"] for r in rows),
            "task_times": [r["wall_time_s"] for r in rows]}


def rerun(folder: Path, out: Path, seed: int, limit: float) -> tuple[float, int]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH")) if p)
    command = [sys.executable, "-m", "scheduler.cli", "batch", str(folder), "--out", str(out),
               "--seed", str(seed), "--time-limit", str(limit), "--quiet"]
    started = time.perf_counter()
    done = subprocess.run(command, env=env, cwd=REPO, capture_output=True, text=True)
    return time.perf_counter() - started, done.returncode


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=100)
    ap.add_argument("--time-limit", type=float, default=1.0)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--configs", default="local:1,local:2,dask:1,dask:2")
    ap.add_argument("--out", type=Path, default=HERE / "results" / "batch.md")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(REPO))

    lines = ["# Batch planning (`roster batch`)", "",
             f"- Run: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; "
             f"{os.cpu_count()} cores; load average at start ({load()})",
             f"- Command: `python benchmarks/batch_bench.py {' '.join(argv or sys.argv[1:])}`",
             f"- {args.runs} generated team-months of 10-60 people, seed {args.seed}, "
             f"{args.time_limit:g} s per run, one CP-SAT worker per solve", ""]
    with tempfile.TemporaryDirectory(prefix="batch-bench-") as tmp:
        folder = Path(tmp) / "teams"
        folder.mkdir()
        paths = make_inputs(folder, args.runs, args.seed)
        before = load()
        ref = plain(paths, args.seed, args.time_limit)
        mean_plain = statistics.mean(ref["times"])
        lines += [f"Plain `solve()`, one after another in one process: {sum(ref['times']):.1f} s "
                  f"in all, {mean_plain:.2f} s mean per run ({60 / mean_plain:.1f} runs/min); "
                  f"statuses {dict(ref['statuses'])}; load {before} → {load()}.", "",
                  "| backend | workers | wall (s) | start-up (s) | runs/min | per run in the "
                  "worker (s) | overhead per run vs `solve()` (s) | peak memory per worker (MB) "
                  "| statuses | load before → after |",
                  "|---|---|---|---|---|---|---|---|---|---|"]
        last_out = None
        for config in args.configs.split(","):
            backend, workers = config.split(":")
            out = Path(tmp) / f"out-{backend}-{workers}"
            before = load()
            got = batch(folder, out, backend, int(workers), args.seed, args.time_limit)
            last_out = out
            per_run = statistics.mean(got["task_times"])
            # What a run costs beyond its solve: the busy time per run of the batch
            # (wall after start-up, times the workers, over the runs) less the plain solve.
            busy = (got["wall"] - got["startup"]) * int(workers) / args.runs
            peaks = sorted(got["peaks"].values())
            lines.append(
                f"| {backend} | {workers} | {got['wall']:.1f} | {got['startup']:.1f} | "
                f"{60 * args.runs / got['wall']:.1f} | {per_run:.2f} | {busy - mean_plain:+.2f} | "
                f"{', '.join(f'{p:.0f}' for p in peaks)} | {dict(got['statuses'])} | "
                f"{before} → {load()} |")
            print(lines[-1], flush=True)
        assert last_out is not None
        seconds, code = rerun(folder, last_out, args.seed, args.time_limit)
        lines += ["", f"Rerun of the finished batch as the command (`roster batch` in a new "
                  f"process, every run read back, nothing solved): {seconds:.2f} s, exit code "
                  f"{code}; load {load()}."]
    text = "\n".join(lines) + "\n"
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
