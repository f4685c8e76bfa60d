"""Tuning of the search: one documented parameters object passed to :func:`scheduler.solve`.

Every number the search tunes lives here with its meaning and default; no
module of the search keeps tuning constants of its own. A caller (a test,
a benchmark, an experiment) passes its own values::

    from scheduler import SolveParams, solve
    from dataclasses import replace

    params = SolveParams()
    params = replace(params, lns=replace(params.lns, kinds=("days",)))
    solve(problem, time_limit=10, params=params)

The defaults are the values measured best on the Curtois & Qu benchmark and
on generated teams (``benchmarks/README.md``). Shares are fractions of the
time limit unless said otherwise.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

STRATEGIES = ("auto", "cpsat", "lns", "lns-bound")
"""The strategies ``solve()`` and ``roster solve --strategy`` accept (see
:mod:`scheduler.search.strategy`)."""


@dataclass(frozen=True)
class StrategyParams:
    """How ``strategy="auto"`` chooses, from the problem's structure and size.

    A month whose cover is soft everywhere (Coverage sheet weights) with one
    duty a day per person is *decomposable*: every hard rule concerns one
    person, and the column-generation machinery of :mod:`scheduler.search`
    applies. Other months are solved by one CP-SAT search.
    """

    small: int = 1_200
    """Decomposable models up to this many duty variables: plain CP-SAT (with a
    dived hint); above it, large neighbourhood search."""
    big: int = 20_000
    """Duty variables from which the LNS starts from a constructed roster rather
    than from CP-SAT's first solve or a dive."""
    long: int = 35
    """Horizons longer than this many days start from a constructed roster (or a
    dive, see ``colgen_long_cells``) rather than from CP-SAT's first solve."""
    colgen_long_cells: int = 10_000
    """Long horizons with at most this many duty cells start from a dive."""
    build_seconds_per_cell: float = 40e-6
    """Python's time to build the whole model per duty cell (a slow machine); with
    the search's own cost it decides when a huge model is solved by groups of
    people on models of their own instead."""


@dataclass(frozen=True)
class StartParams:
    """First rosters of the search: dives, constructed rosters, completion."""

    replan_share: float = 0.75
    """The construction re-plans people until this share of the time limit."""
    colgen_share: float = 0.25
    """Share of the time limit for column generation and its dive when the LNS
    starts from a dive (horizons up to ``StrategyParams.long`` days)."""
    colgen_seconds: float = 5.0
    """Least seconds for that dive (at most half the limit)."""
    colgen_from: float = 5.0
    """Time limits (s) from which the LNS starts from a dive at all."""
    colgen_stretch: float = 0.1
    """Share of the time limit the dive's root LP may take beyond its share."""
    colgen_long_share: float = 0.5
    """Share of the time limit for the dive of a long horizon."""
    long_fix_share: float = 0.05
    """Share of the people left that a long horizon's dive fixes at once."""
    hint_share: float = 0.25
    """Share of the time limit for the dive whose roster hints plain CP-SAT on a
    small decomposable model; 0 switches the hint off."""
    hint_master_ip: float = 0.4
    """Share of that dive's time for the master IP over its columns."""


@dataclass(frozen=True)
class LNSParams:
    """Large neighbourhood search (:mod:`scheduler.search.lns`)."""

    first_share: float = 0.1
    """Share of the time for the first whole-model solve (at least 1 s; none when a
    completed constructed or dived roster is the start)."""
    step: float | None = None
    """Seconds per neighbourhood; None: a sixtieth of the limit, 0.5-5 s."""
    lanes: int | None = None
    """Neighbourhoods solved at once, each by a one-worker CP-SAT in its own
    thread; None: one per worker."""
    kinds: tuple[str, ...] = ("days", "people", "both", "weekends")
    """Neighbourhood kinds drawn: ``days`` (a window of dates for everybody),
    ``people`` (a group for the whole horizon), ``both`` (a group over a
    window), ``weekends`` (a group over every Friday to Monday)."""
    target_people: bool = True
    """Half of the windows centred on a costly date draw half of their group
    from the people off that date, who could cover it."""
    merge_from: float = 30.0
    """Time limits (s) from which an answer that comes back after the other lane
    moved the incumbent is also tried merged into the new incumbent."""
    relaxed_share: float = 0.5
    """Share of neighbourhoods freeing where the incumbent differs from the dive's
    root LP (relaxation induced), on horizons up to ``StrategyParams.long``
    days that start from a dive."""
    relaxed_from: float = 30.0
    """Time limits (s) from which those relaxation-induced neighbourhoods are drawn."""


@dataclass(frozen=True)
class ColgenParams:
    """Column generation and its dives (:mod:`scheduler.search.colgen`)."""

    resources: int = 700
    """Largest product of a pricing DP's resources before a cap is priced by a
    penalty per duty instead of kept as a resource (exact pricing below it)."""
    root_share: float = 0.8
    """Share of the dive's time for the root LP; the dives get the rest."""
    root_rounds: int = 10
    """When this many rounds at the pace of the first three would not fit in the
    root's time, the dive is given up at once."""
    exact: int = 2_000
    """Room for the caps as resources in the one pricing at the root's duals that
    tightens the bound."""
    dive_rounds: int = 8
    """Pricing rounds after each fixing of a dive."""
    polish_share: float = 0.05
    """Share of the time a dived roster's best responses may take beyond the dive."""
    smooth: float = 0.0
    """Root rounds price at this mix of the best bound's duals and the LP's
    (Wentges smoothing); 0: the LP's duals."""


@dataclass(frozen=True)
class ConstructParams:
    """The roster built person by person (:mod:`scheduler.search.construct`)."""

    replan_rounds: int = 3
    """Rounds of planning each person again against everybody else."""
    best_response_cells: int = 400_000
    """Largest one-type best-response DP (types x states x counts x weekends)."""
    mixed_passes: int = 12
    """DPs per person and round searching the price of a minute of the plan over
    all the person's shift types."""


@dataclass(frozen=True)
class GroupsParams:
    """Groups of people on models of their own (:mod:`scheduler.search.groups`)."""

    replan_share: float = 0.5
    """The construction re-plans people until this share of the time limit."""
    group_cells: int = 60_000
    """Duty cells per group at first."""
    step: float = 3.0
    """Seconds of CP-SAT per group."""


@dataclass(frozen=True)
class SolveParams:
    """Everything the search tunes, grouped by the step it belongs to."""

    strategy: StrategyParams = field(default_factory=StrategyParams)
    start: StartParams = field(default_factory=StartParams)
    lns: LNSParams = field(default_factory=LNSParams)
    colgen: ColgenParams = field(default_factory=ColgenParams)
    construct: ConstructParams = field(default_factory=ConstructParams)
    groups: GroupsParams = field(default_factory=GroupsParams)
    deterministic_units_per_second: float = 0.5
    """A seeded run's CP-SAT budget in work units per second of the time limit
    (measured on the 2-core reference machine)."""


def default_workers() -> int:
    """CP-SAT workers for this machine: one per core, at most 8."""
    return max(1, min(8, os.cpu_count() or 1))
