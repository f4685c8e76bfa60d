"""Pricing: each person's schedule of least reduced cost at the master's duals.

The schedule comes from the exact per-person DP (:func:`scheduler.search.schedules.schedule_dp`).
A per-type cap (L2) becomes a resource of the DP only once a schedule broke
it (most never bind), and only while the product of the resources stays
within :attr:`~scheduler.params.ColgenParams.resources`; beyond that it is
met by a price per duty of the type, which makes the pricing inexact (the DP
without that cap, a relaxation, still gives a lower bound on the least
reduced cost). The people are priced in a thread pool: the compiled DP
releases the GIL, and a person's pricing changes only that person's state.
"""

from __future__ import annotations

import math

import numpy as np

from ...instance import Instance
from ..people import Request, occurrences_of, requests_of, weekdays
from ..schedules import resource_states, schedule_dp

INF = np.inf


class Person:
    """One person's pricing problem: their dates, shifts, rules and requests."""

    def __init__(self, inst: Instance, emp, occs_of: dict[str, list[int | None]],
                 weekday: list[int], requests: list[Request], resources: int) -> None:
        n = inst.num_days
        self.emp = emp
        self.sids = [sid for sid in occs_of if emp.max_shifts.get(sid) != 0]
        self.occ = np.array([[-1 if v is None else v for v in occs_of[sid]] for sid in self.sids],
                            dtype=np.int64).reshape(len(self.sids), n)
        self.may = self.occ >= 0
        # Requests as a cost per duty (a granted "prefer" saves its penalty) and a constant.
        self.req = np.zeros((len(self.sids), n))
        self.const = 0.0
        for d, sid, prefer, pen in requests:
            for i, s in enumerate(self.sids):
                if sid is None or sid == s:
                    self.req[i, d] += -pen if prefer else pen
            if prefer:
                self.const += pen
        self.follows = np.array([[u not in inst.not_next[t] for u in self.sids]
                                 for t in self.sids], dtype=bool).reshape(len(self.sids), -1)
        minutes = [inst.shifts[sid].minutes for sid in self.sids]
        unit = math.gcd(*minutes) if minutes else 1
        self.units = [x // unit for x in minutes]
        most_units = n * max(self.units, default=0)
        self.lo = 0 if emp.min_minutes is None else math.ceil(emp.min_minutes / unit)
        self.hi = most_units if emp.max_minutes is None else min(most_units,
                                                                 emp.max_minutes // unit)
        self.caps = [None if emp.max_shifts.get(s, n) >= n else emp.max_shifts[s]
                     for s in self.sids]
        self.k = emp.max_consecutive or n
        self.m, self.r = emp.min_consecutive or 1, emp.min_days_off or 1
        weekends = sum(1 for d, w in enumerate(weekday) if w == 5 or (w == 6 and d == 0))
        cap = emp.max_weekends
        self.cap = cap if cap is not None and cap < weekends else None
        self.weekday = weekday
        self.active: set[int] = set()  # capped types a schedule broke: resources of the DP
        self.resources = resources
        # The price per duty that last kept each priced cap: the next pricing
        # starts from half of it instead of from an eighth of the costs
        # (Instance14's root in 14.8 s instead of 21.8 s).
        self.last_price = np.zeros(len(self.sids))

    def price(self, duals: np.ndarray,
              resources: int | None = None) -> tuple[tuple[int, ...], float, float] | None:
        """The schedule of least cost with each duty's cover dual subtracted.

        Returns the schedule (each date's occurrence index, -1 off), its cost
        (requests and duals, without the constant) and a lower bound on the
        least cost: the cost itself when it is exactly the least, else, when
        a cap had to be priced, that of the last DP with the caps it could
        not keep left out (a relaxation). None: no schedule.
        """
        if not self.sids:
            return None
        resources = self.resources if resources is None else resources
        base = self.req - np.where(self.may, duals[np.maximum(self.occ, 0)], 0.0)
        priced = np.zeros(len(self.sids))
        top = np.abs(base).max(initial=0) + 1
        lower = -INF
        for _ in range(16):
            dims: set[int] = set()
            for t in sorted(self.active, key=lambda t: self.caps[t]):
                trial = [c if u in dims or u == t else None for u, c in enumerate(self.caps)]
                if resource_states(self.units, self.hi, self.may.shape[1], trial) <= resources:
                    dims.add(t)
            caps = [c if t in dims else None for t, c in enumerate(self.caps)]
            found = schedule_dp(self.may, base + priced[:, None], self.follows, self.weekday,
                                self.k, self.m, self.r, self.cap, self.units, self.lo, self.hi,
                                caps)
            if found is None:
                return None
            if not priced.any():  # every cap kept or left out: a relaxation
                lower = found[0]
            plan = found[1]
            used = np.bincount([t for t in plan if t is not None], minlength=len(self.sids))
            over = {t for t, c in enumerate(self.caps) if c is not None and used[t] > c}
            if not over:
                cells = tuple(-1 if t is None else int(self.occ[t, d]) for d, t in enumerate(plan))
                value = float(sum(base[t, d] for d, t in enumerate(plan) if t is not None))
                return cells, value, min(lower, value)
            if over - self.active:
                self.active |= over
                continue
            for t in over:  # no room for it as a resource: priced out, step by step
                if priced[t] == 0 and self.last_price[t] > 0:
                    priced[t] = self.last_price[t] / 2
                else:
                    priced[t] = top / 8 if priced[t] == 0 else 2 * priced[t]
                self.last_price[t] = priced[t]
        return None


def people_of(inst: Instance, resources: int) -> list[Person]:
    """Each person's pricing problem, in the order of ``inst.emp_ids``.

    ``resources``: see :attr:`~scheduler.params.ColgenParams.resources`.
    """
    weekday = weekdays(inst)
    occs_of = occurrences_of(inst)
    requests = requests_of(inst)
    return [Person(inst, inst.staff[e], occs_of[e], weekday, requests.get(e, []), resources)
            for e in inst.emp_ids]


def schedule_cost(person: Person, occs, cells: tuple[int, ...]) -> float:
    """A schedule's request penalty (each date's occurrence index, -1 off)."""
    return person.const + sum(person.req[person.sids.index(occs[oi].shift_id), d]
                              for d, oi in enumerate(cells) if oi >= 0)


def prices(people: list[Person], todo: list[int], duals: np.ndarray, pool=None,
           resources: int | None = None):
    """Each of the people ``todo``'s :meth:`Person.price` at ``duals``, in that order.

    With ``pool`` (a thread pool), priced at once: the compiled DP releases
    the GIL, its arrays are per thread, and a person's pricing changes only
    that person's state, so the answers are those of one thread.
    """
    if pool is None:
        return [people[p].price(duals, resources=resources) for p in todo]
    return list(pool.map(lambda p: people[p].price(duals, resources=resources), todo))


def exact_bound(people: list[Person], value: float, duals: np.ndarray, mu: list[float],
                room: int, pool=None) -> float:
    """The Lagrangian bound at these duals, each person priced with ``room`` for the caps.

    ``value`` is the master LP's value at ``duals`` (cover rows) and ``mu``
    (convexity rows). A cap without room even then is left out of the DP (a
    relaxation), so the bound stays valid. ``pool``: see :func:`prices`.
    """
    total = value
    kept = [person.last_price.copy() for person in people]  # the search's pricing goes on
    found_all = prices(people, list(range(len(people))), duals, pool, room)
    for p, (person, found) in enumerate(zip(people, found_all, strict=True)):
        person.last_price = kept[p]
        if found is None:  # pragma: no cover - it had a schedule before
            return -INF
        total += min(0.0, found[2] + person.const - mu[p])
    return total
