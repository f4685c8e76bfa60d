"""Column generation from the root LP, and dives from it to a roster.

:class:`ColumnGeneration` holds the master LP and every column found. Its
:meth:`~ColumnGeneration.generate` prices and re-solves until no column is
added; :func:`dive` runs the root, then dives: the columns at (almost) one
in the LP are fixed, or else the one nearest to one (later dives draw it by
its value squared), and the LP is solved again with new columns for the
people left, until everybody has a schedule or the time is up. Each dived
roster is polished by best responses (:mod:`.polish`); on request the master
IP picks the best choice among all columns found (:func:`.master.master_ip`).
"""

from __future__ import annotations

import math
import random
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass, field

import numpy as np

from ...instance import Instance
from ...params import ColgenParams
from ..people import decomposable
from .master import LPFailed, MasterProblem, master_ip
from .polish import penalty, polish
from .pricing import exact_bound, people_of, prices, schedule_cost


@dataclass
class ColgenResult:
    """What :func:`dive` found: a roster and a lower bound."""

    duties: list[tuple[str, int]]  # (employee id, occurrence index)
    penalty: float  # of cover and requests, by the master
    root: float | None  # root LP value (None: no round of pricing was done)
    bound: int | None  # valid lower bound (the root's), None if the root was cut short
    stats: dict = field(default_factory=dict)
    # Each duty's value in the root LP's solution ((employee id, occurrence
    # index); absent: 0), where a round of pricing was done (a root cut short
    # by the clock gives its LP as it stood).
    root_duties: dict[tuple[str, int], float] = field(default_factory=dict)


def dive(inst: Instance, until: float, params: ColgenParams | None = None, log=None,
         most: int | None = None, fix_share: float = 0.0, master_ip_share: float = 0.0,
         stretch: float = 0.0, bounded: bool = False, workers: int = 1) -> ColgenResult | None:
    """Column generation then dives, until ``until`` (``time.perf_counter()``).

    After the first dive, more (at most ``most`` in all), each from the root
    LP with the columns found so far and drawing the column to fix by its
    value squared; the best roster is returned.

    Parameters
    ----------
    params
        Tuning (:class:`~scheduler.params.ColgenParams`).
    fix_share
        Where no column is at one, a dive fixes this share of the people left
        at once (at least one), by their columns' values, or more where its
        pace so far would not end it in time (:func:`batch`).
    master_ip_share
        This share of the time (after the first dive) goes to the master
        problem as an integer programme over all the columns found (price
        and branch); its choice is kept if better.
    stretch
        Seconds the root may take beyond its share (``params.root_share``);
        the dives then still get their share of the time after it,
        ``until`` moving as far.
    bounded
        One dive only when the finished root bounds nothing (0: pricing with
        a cap priced so inexact that its Lagrangian bound is not positive);
        the dives from such an LP are poor starts, and the time is better
        spent by the LNS after them.
    log
        A function called with progress lines.
    workers
        Threads that price the people at once.

    Returns
    -------
    ColgenResult or None
        None when the month is not decomposable, a person has no schedule
        at all, or the root's first rounds are too slow (``params.root_rounds``).
    """
    if not decomposable(inst):
        return None
    params = params or ColgenParams()
    with ThreadPoolExecutor(max_workers=workers) if workers > 1 else nullcontext() as pool:
        cg = ColumnGeneration(inst, params, pool, log)
        if not cg.start():
            return None
        return cg.run(until, most=most, fix_share=fix_share, master_ip_share=master_ip_share,
                      stretch=stretch, bounded=bounded)


class ColumnGeneration:
    """The master LP over the columns found so far, and its pricing.

    ``fixed`` holds the people a dive has fixed (position → schedule); their
    columns have a lower bound of one in the LP.
    """

    def __init__(self, inst: Instance, params: ColgenParams, pool, log) -> None:
        self.inst = inst
        self.params = params
        self.pool = pool
        self.log = log
        self.started = time.perf_counter()
        self.occs = inst.occurrences
        self.people = people_of(inst, params.resources)
        self.lp = MasterProblem(len(self.people), self.occs)
        self.columns: list[dict[tuple[int, ...], int]] = [{} for _ in self.people]
        self.fixed: dict[int, tuple[int, ...]] = {}
        self.stats: dict = {"rounds": 0, "columns": 0, "dp": 0}
        occs = self.occs
        self.staff = np.array([float(occ.staff) for occ in occs])
        # The duals at which the Lagrangian bound is finite: -over <= dual <= under.
        self.lowest = np.array([-float(occ.over_weight or 0) for occ in occs])
        self.highest = np.array([float(occ.under_weight or 0) for occ in occs])

    def add(self, p: int, cells: tuple[int, ...]) -> bool:
        """Add person ``p``'s schedule as a column; False if it is there already."""
        if cells in self.columns[p]:
            return False
        self.columns[p][cells] = self.lp.add(p, cells, self.cost(p, cells))
        return True

    def cost(self, p: int, cells: tuple[int, ...]) -> float:
        return schedule_cost(self.people[p], self.occs, cells)

    def start(self) -> bool:
        """First columns: each person's schedule as if every duty were worth its
        under-cover weight (a full roster: the master is feasible from the start).

        False when somebody has no schedule at all.
        """
        eager = np.array([float(occ.under_weight or 0) for occ in self.occs])
        for p, person in enumerate(self.people):
            found = person.price(eager) or person.price(np.zeros(len(self.occs)))
            if found is None:
                return False
            self.add(p, found[0])
        return True

    def generate(self, rounds: int, stop: float, pace: bool = False,
                 smooth: float = 0.0) -> tuple[float, float | None]:
        """Price and re-solve until no column is added; (LP value, Lagrangian bound or None).

        With ``pace``, stop (``stats["slow"]``) once ``params.root_rounds``
        rounds at the pace so far would end after ``stop``. With ``smooth``
        (0-1), price at that mix of the duals of the best bound so far and
        the LP's (Wentges smoothing); a round that adds nothing there is
        priced again at the LP's own duals. The bound returned is the best of
        the rounds (valid at any duals between the cover rows' weights).
        """
        lp, stats, people = self.lp, self.stats, self.people
        best: float | None = None
        center: np.ndarray | None = None
        value = math.inf
        for _ in range(rounds):
            done = stats["rounds"]
            if pace and done >= 3 and (time.perf_counter() - self.started) / done \
                    * self.params.root_rounds > stop - self.started:
                stats["slow"] = 1
                return value, None
            if not lp.solve():
                # GLOP gave up (ABNORMAL, seen after several dives on Instance6).
                raise LPFailed
            value = lp.value()
            duals, mu = lp.duals()
            if time.perf_counter() > stop:
                return value, None
            stats["rounds"] += 1
            # Only while every pricing is exact (a priced cap's pricing is a
            # heuristic, and from mixed duals it stalled), and only at the root
            # (nobody fixed): the dives price at the LP's duals.
            alpha = (smooth if center is not None and not self.fixed
                     and not any(person.last_price.any() for person in people) else 0.0)
            while True:
                # At the LP's duals the bound is its value plus each person's
                # least reduced cost; elsewhere the Lagrangian function itself.
                at = duals if alpha == 0 else np.clip(alpha * center + (1 - alpha) * duals,
                                                      self.lowest, self.highest)
                added, exact = 0, True
                lag = value if alpha == 0 else float(at @ self.staff)
                todo = [p for p in range(len(people)) if p not in self.fixed]
                for p, found in zip(todo, prices(people, todo, at, self.pool), strict=True):
                    person = people[p]
                    stats["dp"] += 1
                    if found is None:  # pragma: no cover - it had a schedule before
                        exact = False
                        continue
                    cells, reduced, lower = found
                    if alpha == 0:
                        lag += min(0.0, lower + person.const - mu[p])
                    else:  # the column's reduced cost at the LP's duals
                        lag += lower + person.const
                        reduced = (self.cost(p, cells) - person.const
                                   - sum(duals[oi] for oi in cells if oi >= 0))
                    if reduced + person.const - mu[p] < -1e-6:
                        added += self.add(p, cells)
                if exact and (best is None or lag > best):
                    best, center = lag, at
                if added or alpha == 0:
                    break
                stats["misprice"] = stats.get("misprice", 0) + 1
                alpha = 0.0  # nothing at the mix: price the LP's own duals
            stats["columns"] += added
            if not added:
                return value, best
            if best is not None and math.ceil(best - 1e-6) >= math.ceil(value - 1e-6):
                # The integer bound can no longer rise: stop here (tailing off).
                lp.solve()
                return lp.value(), best
        lp.solve()
        return lp.value(), None

    def root_duties(self) -> dict[tuple[str, int], float]:
        """Each duty's value in the LP's solution, by (employee id, occurrence index)."""
        x = self.lp.primal()
        out: dict[tuple[str, int], float] = {}
        for p, person in enumerate(self.people):
            for cells, j in self.columns[p].items():
                if x[j] > 1e-6:
                    for oi in cells:
                        if oi >= 0:
                            key = (person.emp.employee_id, oi)
                            out[key] = out.get(key, 0.0) + float(x[j])
        return out

    def dive_once(self, dives: int, until: float, fix_share: float,
                  rng: random.Random) -> bool:
        """Fix columns until everybody has one (True) or the time is up (False).

        The first dive fixes the columns at one, else the largest; the next
        ones draw a column by its value squared instead of the largest.
        """
        people, columns, fixed = self.people, self.columns, self.fixed
        began, steps = time.perf_counter(), 0
        while len(fixed) < len(people) and time.perf_counter() < until:
            x = self.lp.primal()
            values = [(x[j], p, cells) for p in range(len(people))
                      if p not in fixed for cells, j in columns[p].items()]
            sure = [(p, cells) for x, p, cells in values if x > 0.99]
            if not sure:
                now = time.perf_counter()
                take = batch(len(people) - len(fixed), fix_share, steps, now - began,
                             until - now)
                while len(sure) < take and values:
                    if dives == 0:
                        _, p, cells = max(values)
                    else:
                        _, p, cells = rng.choices(values, [x * x for x, _, _ in values])[0]
                    sure.append((p, cells))
                    values = [v for v in values if v[1] != p]
            for p, cells in sure:
                fixed[p] = cells
                self.lp.set_lb(columns[p][cells], 1)
            self.generate(self.params.dive_rounds, until)
            steps += 1
            if self.log:
                self.log(f"colgen dive {dives}: {len(fixed)} of {len(people)} fixed, "
                         f"LP {self.lp.value():.2f} at {time.perf_counter() - self.started:.1f}s")
        return len(fixed) == len(people)

    def unfix(self) -> None:
        """Back to the root LP: nobody fixed (the columns found stay)."""
        for p, cells in self.fixed.items():
            self.lp.set_lb(self.columns[p][cells], 0)
        self.fixed.clear()
        self.lp.solve()

    def polished(self, choice: dict[int, tuple[int, ...]],
                 until: float) -> tuple[float, dict[int, tuple[int, ...]]]:
        """``choice`` after best responses (:func:`.polish.polish`), with its penalty.

        The schedules taken join the LP as columns.
        """
        chosen = dict(choice)
        before = time.perf_counter()
        rounds = polish(self.inst, self.people, chosen, self.cost,
                        max(until, before + self.params.polish_share * (until - self.started)))
        for p, cells in chosen.items():
            self.add(p, cells)
        value = penalty(self.inst, chosen, self.cost)
        self.stats["polish"] = self.stats.get("polish", 0.0) + time.perf_counter() - before
        if self.log:
            self.log(f"colgen polish: {penalty(self.inst, choice, self.cost):.0f} -> {value:.0f} "
                     f"in {rounds} rounds, {time.perf_counter() - before:.2f}s")
        return value, chosen

    def run(self, until: float, *, most: int | None, fix_share: float, master_ip_share: float,
            stretch: float, bounded: bool) -> ColgenResult | None:
        """The root, then dives until ``until``; see :func:`dive`."""
        log, stats, started = self.log, self.stats, self.started
        root_stop = started + self.params.root_share * (until - started) + stretch
        try:
            root, lag = self.generate(10_000, root_stop, pace=True, smooth=self.params.smooth)
        except LPFailed:  # pragma: no cover - not seen at the root
            return None
        if stats.get("slow"):
            if log:
                log(f"colgen: {stats['rounds']} rounds in {time.perf_counter() - started:.1f}s, "
                    f"too slow for a root in {root_stop - started:.1f}s; no dive")
            return None
        # A root that took more than its share leaves the dives theirs after it.
        until = max(until, time.perf_counter() + (1 - self.params.root_share) * (until - started))
        # Every penalty is non-negative: 0 bounds any roster too.
        bound = max(0, math.ceil(lag - 1e-6)) if lag is not None and math.isfinite(lag) else None
        if log:
            log(f"colgen root LP {root:.2f} bound {bound} rounds {stats['rounds']} "
                f"columns {sum(map(len, self.columns))} at {time.perf_counter() - started:.1f}s")
        complete = bound is not None or stats["rounds"] > 0
        root_duties = self.root_duties()
        if bounded and bound == 0 and root > 0:
            if log:
                log("colgen: the priced root bounds nothing; one dive")
            most = 1
        if bound is not None and any(person.last_price.any() for person in self.people):
            # Caps were priced: one more pricing at the root's duals with room
            # for them as resources gives a tighter valid bound.
            exact = exact_bound(self.people, root, *self.lp.duals(), room=self.params.exact,
                                pool=self.pool)
            if log:
                log(f"colgen: bound {exact:.2f} with the caps as resources "
                    f"at {time.perf_counter() - started:.1f}s")
            bound = max(bound, math.ceil(exact - 1e-6))

        best = self._dives(until, most, fix_share, master_ip_share, bound)
        if best is None:
            return None
        fixed = best[1]
        duties = [(self.people[p].emp.employee_id, oi) for p, cells in sorted(fixed.items())
                  for oi in cells if oi >= 0]
        stats["time"] = time.perf_counter() - started
        return ColgenResult(duties, penalty(self.inst, fixed, self.cost),
                            root if complete else None, bound, stats,
                            root_duties if complete else {})

    def _dives(self, until: float, most: int | None, fix_share: float, master_ip_share: float,
               bound: int | None) -> tuple[float, dict[int, tuple[int, ...]]] | None:
        """Dives from the root while time is left; the best polished roster, or None."""
        log, stats, started = self.log, self.stats, self.started
        # Once a dive has ended, the master IP's time comes off the next dives'.
        mip_until = until - master_ip_share * (until - started)
        rng = random.Random(0)
        best: tuple[float, dict[int, tuple[int, ...]]] | None = None
        while time.perf_counter() < (until if best is None else mip_until):
            # Each dive starts from the LP back at the root (with the columns
            # found so far); the best roster is kept.
            dives = stats.setdefault("dives", 0)
            try:
                dived = self.dive_once(dives, until if best is None else mip_until, fix_share, rng)
            except LPFailed:
                if dives == 0:
                    return None
                break
            if not dived:
                break  # time is up within this dive
            stats["dives"] = dives + 1
            if log:
                log(f"colgen dive {dives}: {penalty(self.inst, self.fixed, self.cost):.0f} "
                    f"at {time.perf_counter() - started:.1f}s")
            value, chosen = self.polished(self.fixed, until)
            if best is None or value < best[0] - 1e-6:
                best = (value, chosen)
            if (bound is not None and best[0] <= bound + 1e-6) or stats["dives"] == most:
                break  # optimal, or enough dives
            self.unfix()
        if best is not None and master_ip_share > 0 and time.perf_counter() < until - 0.5:
            # Price and branch: the best choice among all columns found.
            chosen = master_ip(self.inst, len(self.people), self.columns, self.cost, best[1],
                               min(until, time.perf_counter() + master_ip_share * (until - started)))
            if chosen is not None:
                value = penalty(self.inst, chosen, self.cost)
                if log:
                    log(f"colgen master IP: {value:.0f} at {time.perf_counter() - started:.1f}s")
                if value < best[0] - 1e-6:
                    best = (value, chosen)
        if best is not None:
            return best
        if not self.lp.solve():
            return None
        x = self.lp.primal()
        for p in range(len(self.people)):
            if p not in self.fixed:  # time is up: the person's column of largest value
                self.fixed[p] = max(self.columns[p], key=lambda c, p=p: x[self.columns[p][c]])
        return self.polished(self.fixed, until)


def batch(left: int, fix_share: float, steps: int, spent: float, remaining: float) -> int:
    """How many of the ``left`` people a dive's step fixes when no column is at one.

    ``fix_share`` of them (at least one) or, after ``steps`` steps in
    ``spent`` seconds, as many as it takes to fix everybody within four
    fifths of the ``remaining`` seconds at that pace. A dive cut short by
    the time fills in the people left from the LP, a poor start (Instance12's
    first dive fixed 13 of 60 people in its 10 s, and the LNS started from
    12 121; 6 922 dived to the end this way).
    """
    take = max(1, int(fix_share * left))
    if steps and spent > 0:
        room = 0.8 * max(0.0, remaining) / (spent / steps)
        take = max(take, math.ceil(left / max(1.0, room)))
    return min(left, take)
