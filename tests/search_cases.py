"""Problems and small tools shared by the search tests (tests/search/).

The benchmark instances are the Curtois & Qu files in ``tests/data/curtois``
(Instances 1, 2, 3, 5, 8, 10, 14 and 16; see its README). Tiny cases are
written in the same format: every cover line is soft (under- and over-cover
weights), one duty a day, so every problem here is *decomposable* and each
part of the search applies to it.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from scheduler.checks import check_roster
from scheduler.cpsat import extract_roster
from scheduler.instance import Instance
from scheduler.io.curtois import read_curtois
from scheduler.models import Problem
from scheduler.params import SolveParams

BENCH = Path(__file__).resolve().parent / "data" / "curtois"
BEST_KNOWN = {"Instance1": 607, "Instance2": 828, "Instance3": 1001, "Instance5": 1143,
              "Instance8": 1300, "Instance10": 4631}
"""Best known penalties of the benchmark instances used (the benchmark's own table)."""


def benchmark(name: str) -> Problem:
    """A benchmark instance's problem, by its file name without ``.txt``."""
    return read_curtois(BENCH / f"{name}.txt")


def benchmark_instance(name: str) -> Instance:
    return Instance(benchmark(name))


def tiny_benchmark(tmp_path: Path, *, days: int, shifts: str, staff: str, cover: str,
                   days_off: str = "", on: str = "", off: str = "") -> Problem:
    """A problem written in the benchmark's format (day 0 is a Monday).

    ``shifts``: lines ``id,minutes,not followed by (a|b)``; ``staff``: lines
    ``id,caps (S=n|T=m),max minutes,min minutes,max run,min run,min days
    off,max weekends``; ``cover``: lines ``day,shift,staff,under weight,over
    weight``; ``days_off``: lines ``id,day``; ``on``/``off``: request lines
    ``id,day,shift,weight``.
    """
    text = (f"SECTION_HORIZON\n{days}\n\nSECTION_SHIFTS\n{shifts}\nSECTION_STAFF\n{staff}\n"
            f"SECTION_DAYS_OFF\n{days_off}\nSECTION_SHIFT_ON_REQUESTS\n{on}\n"
            f"SECTION_SHIFT_OFF_REQUESTS\n{off}\nSECTION_COVER\n{cover}")
    path = tmp_path / "tiny.txt"
    path.write_text(text)
    return read_curtois(path)


def cover_lines(days: int, shifts: str, wanted: dict[str, set[int]],
                under: dict[tuple[str, int], int] | None = None) -> str:
    """Cover lines: one person wanted on the dates ``wanted[shift]``, none on the others.

    Under-cover weight 100 (or ``under[shift, day]``), over-cover weight 1.
    """
    under = under or {}
    return "".join(f"{d},{s},{int(d in wanted.get(s, ()))},{under.get((s, d), 100)},1\n"
                   for d in range(days) for s in shifts)


def tuned(**groups: dict) -> SolveParams:
    """The default :class:`SolveParams` with some fields of its groups changed.

    ``tuned(lns={"kinds": ("days",)})`` is
    ``replace(p, lns=replace(p.lns, kinds=("days",)))``.
    """
    params = SolveParams()
    for group, fields in groups.items():
        params = replace(params, **{group: replace(getattr(params, group), **fields)})
    return params


def duty_cells(ctx) -> list[tuple[int, int, int]]:
    """Every duty cell as the search keeps it: (variable index, person's position, date index)."""
    inst = ctx.inst
    pos = {emp: i for i, emp in enumerate(inst.emp_ids)}
    return [(var.index, pos[emp], (inst.occurrences[oi].date - inst.first).days)
            for (emp, oi), var in ctx.duty.items()]


def penalty(inst, roster) -> int:
    """What the independent checks charge for ``roster``, which must break no hard rule."""
    violations = check_roster(inst, roster)
    assert [v for v in violations if v.hard] == []
    return sum(v.penalty for v in violations)


def assert_checked(ctx, solver) -> None:
    """The solver's roster breaks no hard rule and costs what the checks charge."""
    assert round(solver.ObjectiveValue()) == penalty(ctx.inst, extract_roster(ctx, solver))
