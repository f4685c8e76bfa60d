"""Changes after publication, timed: swap verdicts, cover suggestions, re-plans, the store.

What it measures (2 cores; it reports numbers and asserts nothing):

1. ``validate_swap`` on a generated 120-person month: the verdict on each
   day duty given to a colleague, median and maximum over the swaps tried,
   from a built :class:`~scheduler.instance.Instance` and from the problem.
2. ``cover_suggestions`` for one day duty of the 120-person month: everybody
   judged, ranked, the others with their reasons.
3. A minimal-change re-plan after a 3-day absence in a 60-person month:
   wall time, status (proven optimal = proven minimal), assignments changed.
4. The store on SQLite: publishing a 30-person month, then 100 swap and leave
   operations (requests, accepts, approvals, refusals, declines, leave
   requests and rejections, each its own transaction with its audit row).

Usage::

    python benchmarks/bench_changes.py                # -> results/changes.md
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def solved(n: int, seed: int = 0, limit: float = 30.0):
    from scheduler import solve
    from scheduler.generate import generate_team

    problem = generate_team(n, month="2026-12", seed=seed)
    # The generated teams name no manager: the first person approves.
    staff = [e.model_copy(update={"role": "manager"}) if i == 0 else e
             for i, e in enumerate(problem.staff)]
    problem = problem.model_copy(update={"staff": staff})
    result = solve(problem, time_limit=limit, seed=seed)
    return problem, result.roster


def day_duties(roster, shift="D"):
    return [a for a in roster.assignments if a.role == "duty" and a.shift_id == shift]


def bench_validate(problem, roster, count: int = 60) -> dict:
    from scheduler.changes import Duty, Swap, validate_swap
    from scheduler.instance import Instance

    rng = random.Random(0)
    inst = Instance(problem)
    people = [e.employee_id for e in problem.staff]
    times, times_problem, refused = [], [], 0
    for a in rng.sample(day_duties(roster), min(count, len(day_duties(roster)))):
        swap = Swap(a.employee_id, Duty(a.date, a.shift_id),
                    rng.choice([p for p in people if p != a.employee_id]))
        started = time.perf_counter()
        found = validate_swap(inst, roster, [], swap)
        times.append(time.perf_counter() - started)
        refused += bool(found)
        started = time.perf_counter()
        validate_swap(problem, roster, [], swap)
        times_problem.append(time.perf_counter() - started)
    return {"swaps": len(times), "refused": refused,
            "median_ms": 1000 * statistics.median(times), "max_ms": 1000 * max(times),
            "median_ms_from_problem": 1000 * statistics.median(times_problem)}


def bench_cover(problem, roster) -> dict:
    from scheduler.changes import Duty, cover_suggestions
    from scheduler.instance import Instance

    inst = Instance(problem)
    a = day_duties(roster)[len(day_duties(roster)) // 2]
    started = time.perf_counter()
    cover = cover_suggestions(inst, roster, [], Duty(a.date, a.shift_id))
    took = time.perf_counter() - started
    return {"duty": f"{a.date}:{a.shift_id}", "seconds": took,
            "candidates": len(cover.candidates), "blocked": len(cover.blocked)}


def bench_replan(problem, roster) -> dict:
    from scheduler.changes import replan
    from scheduler.models import Leave

    busy = sorted({a.employee_id for a in day_duties(roster) if a.date.day in (10, 11, 12)})
    emp = busy[0]
    leave = Leave(employee_id=emp, start=dt.date(2026, 12, 10), end=dt.date(2026, 12, 12),
                  kind="sick")
    started = time.perf_counter()
    plan = replan(problem, roster, today=dt.date(2026, 12, 9), leave=[leave], time_limit=30)
    return {"person": emp, "seconds": time.perf_counter() - started,
            "status": plan.result.status, "dropped": plan.dropped,
            "cells": len(plan.changes), "hard": len(plan.result.hard_violations)}


def bench_store(problem, roster, operations: int = 100) -> dict:
    from scheduler.changes import ChangeError, Duty
    from scheduler.store import Database, Refused, RosterService

    rng = random.Random(1)
    manager = problem.staff[0].employee_id
    people = [e.employee_id for e in problem.staff]
    today = dt.date(2026, 11, 28)
    counts: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        db = Database(f"sqlite:///{tmp}/bench.db")
        service = RosterService(db)
        service.publish(problem, roster, actor=manager, reason="bench")
        published = time.perf_counter() - started
        duties = [a for a in day_duties(roster) if a.date >= dt.date(2026, 12, 3)]
        done = 0
        accepted: list[int] = []
        requested: list[tuple[int, str]] = []

        def count(kind: str) -> None:
            counts[kind] = counts.get(kind, 0) + 1

        while done < operations:
            step = rng.random()
            try:
                if accepted and step < 0.25:
                    service.approve_swap(accepted.pop(), actor=manager, today=today)
                    count("swap.approve")
                elif requested and step < 0.5:
                    swap_id, to = requested.pop()
                    if rng.random() < 0.8:
                        service.accept_swap(swap_id, actor=to, today=today)
                        accepted.append(swap_id)
                        count("swap.accept")
                    else:
                        service.decline_swap(swap_id, actor=to, today=today)
                        count("swap.decline")
                elif step < 0.85:
                    a = rng.choice(duties)
                    to = rng.choice([p for p in people if p != a.employee_id])
                    out = service.request_swap(actor=a.employee_id, duty=Duty(a.date, a.shift_id),
                                               to=to, today=today)
                    requested.append((out.request_id, to))
                    count("swap.request")
                else:
                    who = rng.choice(people[1:])
                    start = dt.date(2026, 12, rng.randint(5, 28))
                    out = service.request_leave(actor=who, start=start, end=start, today=today)
                    service.reject_leave(out.request_id, actor=manager, reason="bench",
                                         today=today)
                    count("leave.request+reject")
                    done += 1
            except Refused:
                count("refused")
            except ChangeError:
                count("bad request")
            done += 1
        took = time.perf_counter() - started
        size = (Path(tmp) / "bench.db").stat().st_size
        versions = len(service.versions("2026-12"))
        audited = len(service.log())
        db.close()
    return {"publish_s": published, "total_s": took, "operations": done, "counts": counts,
            "versions": versions, "audit_rows": audited, "db_kb": size // 1024}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=str(HERE / "results" / "changes.md"))
    args = ap.parse_args(argv)
    load = os.getloadavg()
    lines = ["# Changes after publication", "",
             f"- Run: {dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}; {os.cpu_count()} cores; "
             f"load average at start {tuple(round(x, 2) for x in load)}",
             f"- Command: `{' '.join(['python benchmarks/bench_changes.py', *(argv or sys.argv[1:])])}`",
             ""]
    p120, r120 = solved(120)
    v = bench_validate(p120, r120)
    lines.append(f"1. `validate_swap`, 120 people: {v['swaps']} swaps ({v['refused']} refused): "
                 f"median {v['median_ms']:.1f} ms, max {v['max_ms']:.1f} ms from a built "
                 f"Instance; median {v['median_ms_from_problem']:.1f} ms from the problem.")
    c = bench_cover(p120, r120)
    lines.append(f"2. `cover_suggestions`, 120 people, duty {c['duty']}: {c['seconds']:.2f} s "
                 f"({c['candidates']} can take it, {c['blocked']} cannot, each with its reason).")
    p60, r60 = solved(60)
    rp = bench_replan(p60, r60)
    lines.append(f"3. Re-plan after a 3-day absence of {rp['person']}, 60 people: "
                 f"{rp['seconds']:.2f} s, {rp['status']}, {rp['dropped']} assignments dropped "
                 f"({rp['cells']} cells changed), {rp['hard']} hard violations.")
    p30, r30 = solved(30)
    st = bench_store(p30, r30)
    lines.append(f"4. SQLite store, 30 people: publish {st['publish_s']:.2f} s (schema created "
                 f"included); publish + {st['operations']} operations {st['total_s']:.2f} s in "
                 f"all; {st['versions']} versions, {st['audit_rows']} audit rows, "
                 f"{st['db_kb']} KB; operations: "
                 + ", ".join(f"{k} {n}" for k, n in sorted(st["counts"].items())) + ".")
    text = "\n".join(lines) + "\n"
    print(text)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
