"""The neighbourhoods of the large neighbourhood search: which duty cells to free.

A neighbourhood is a set of people and a set of dates whose duty cells are
freed while every other duty cell stays fixed to the incumbent:

- ``days``: a window of dates for everybody;
- ``people``: a group of people for the whole horizon;
- ``both``: a group of people over a window;
- ``weekends``: a group of people over every Friday to Monday (where a limit
  on worked weekends bites, weekends change hands);
- ``lp``: the (person, date) pairs where the incumbent differs from the
  dive's root LP (relaxation induced, RINS).

Each kind keeps its own size, as a share of the model: it grows when CP-SAT
proves its part optimal and shrinks when the step runs out of time (a window
of days for everybody solves fast, a group over the whole month slowly; one
shared size made one kind time out while another had room to grow). Half of
the windows are centred on a date the incumbent pays for.
"""

from __future__ import annotations

import math
import random
from collections import Counter

from ortools.sat.python import cp_model

from ..instance import Instance
from ..params import LNSParams


class Neighbourhoods:
    """Draws neighbourhoods of one model around the incumbent, and adapts their sizes.

    Parameters
    ----------
    inst
        The instance.
    cells
        The duty cells ``(variable index, person's position, date index)``.
    cell_occ
        Each cell's occurrence index, for centring windows on costly dates
        (empty: not targeted, the models above 100 000 duty cells).
    relaxed
        The dive's root LP value per duty variable index (empty: no ``lp`` kind).
    """

    def __init__(self, inst: Instance, cells, cell_occ: list[int], relaxed: dict[int, float],
                 rng: random.Random, params: LNSParams) -> None:
        self.inst = inst
        self.cells = cells
        self.cell_occ = cell_occ
        self.relaxed = relaxed
        self.rng = rng
        self.params = params
        self.num_emps, self.num_days = len(inst.emp_ids), inst.num_days
        start = min(0.3, max(0.01, 3000 / max(1, len(cells))))
        kinds = params.kinds
        self.around_weekends = {d for d, day in enumerate(inst.dates)
                                if day.weekday() in (4, 5, 6, 0)}
        if not self.around_weekends:
            kinds = tuple(kind for kind in kinds if kind != "weekends") or ("days",)
        self.kinds = kinds
        self.sizes = {kind: start for kind in (*kinds, "lp")}
        self.skipped = 0

    def draw(self, key: int, best, proved: set, running: list) -> tuple | None:
        """A new neighbourhood around the incumbent ``best`` (fingerprint ``key``), or None.

        Returns ``(kind, people, days, drawn)``: ``days`` None means
        ``people`` are (person, date) pairs; ``drawn`` identifies it around
        this roster. A neighbourhood proved optimal around this very roster,
        or being solved around it (``proved``, ``running``), would only be
        proved again; None when ten draws found only such ones.
        """
        rng = self.rng
        for _ in range(10):
            kind = ("lp" if self.relaxed and rng.random() < self.params.relaxed_share
                    else self.kinds[rng.randrange(len(self.kinds))])
            people, days = self._pick(kind, self.sizes[kind], best)
            drawn = (key, frozenset(people), None if days is None else frozenset(days))
            if drawn not in proved and drawn not in running:
                return kind, people, days, drawn
            self.skipped += 1
        return None

    def adapt(self, kind: str, size: float, status: int) -> None:
        """Grow a kind proved optimal at ``size``, shrink it otherwise."""
        self.sizes[kind] = (min(1.0, size * 1.1) if status == cp_model.OPTIMAL
                            else max(0.02, size / 1.2))

    def _pick(self, kind: str, frac: float, best) -> tuple[set, set[int] | None]:
        """People and the dates a neighbourhood frees ((person, date) pairs and None: ``lp``)."""
        rng, num_emps, num_days = self.rng, self.num_emps, self.num_days
        if kind == "lp":
            return self._pick_relaxed(frac, best), None
        if kind == "weekends":
            count = round(frac * num_emps * num_days / max(1, len(self.around_weekends)))
            people = set(rng.sample(range(num_emps), max(2, min(num_emps, count))))
            return people, self.around_weekends
        if kind == "days":
            count, width = num_emps, max(2, round(frac * num_days))
        elif kind == "people":
            count, width = max(2, min(num_emps, round(frac * num_emps))), num_days
        else:
            share = math.sqrt(frac)
            count = max(2, min(num_emps, round(share * num_emps)))
            width = max(2, round(share * num_days))
        width = min(width, num_days)
        lo = rng.randrange(num_days - width + 1)
        people = set(range(num_emps)) if count == num_emps else set()
        if self.cell_occ and rng.random() < 0.5:  # around a costly date
            costs = day_costs(self.inst, self.cell_occ, self.cells, best)
            if sum(costs) > 0:
                centre = rng.choices(range(num_days), weights=costs)[0]
                lo = min(max(0, centre - rng.randrange(width)), num_days - width)
                if not people and self.params.target_people:
                    # Half of the group from those off that day: they can cover it.
                    busy = {emp for idx, emp, day in self.cells if day == centre and best[idx]}
                    idle = [e for e in range(num_emps) if e not in busy]
                    people = set(rng.sample(idle, min(len(idle), count // 2)))
        rest = [e for e in range(num_emps) if e not in people]
        people |= set(rng.sample(rest, max(0, min(len(rest), count - len(people)))))
        return people, set(range(lo, lo + width))

    def _pick_relaxed(self, frac: float, best) -> set[tuple[int, int]]:
        """The (person, date) pairs where the incumbent is not the root LP's choice.

        Where the incumbent and the LP agree on every duty of a person's date
        it stays fixed. Where they differ on more than ``frac`` of the pairs,
        whole people's differences are drawn until that many.
        """
        differ: dict[int, list[tuple[int, int]]] = {}
        for idx, emp, day in self.cells:
            if abs(self.relaxed.get(idx, 0.0) - best[idx]) > 0.01:
                differ.setdefault(emp, []).append((emp, day))
        count = max(2, round(frac * self.num_emps * self.num_days))
        people = list(differ)
        self.rng.shuffle(people)
        pairs: set[tuple[int, int]] = set()
        for emp in people:
            if len(pairs) >= count:
                break
            pairs.update(differ[emp])
        return pairs


def day_costs(inst: Instance, cell_occ: list[int], cells, values) -> list[int]:
    """Soft-coverage penalty of a roster, per date of the horizon.

    Requests are not counted: adding them gave no gain on Instances 7 and 8
    and worse rosters on 12.
    """
    have = Counter(oi for oi, (idx, _, _) in zip(cell_occ, cells, strict=True) if values[idx])
    costs = [0] * inst.num_days
    for occ in inst.occurrences:
        if not occ.soft:
            continue
        n = have.get(occ.index, 0)
        d = (occ.date - inst.first).days
        if n < occ.staff:
            costs[d] += (occ.staff - n) * (occ.under_weight or 0)
        elif n > occ.staff:
            costs[d] += (n - occ.staff) * (occ.over_weight or 0)
    return costs
