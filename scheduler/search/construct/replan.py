"""Each person planned again, in turn, against everybody else's duties.

The first people were planned while every date was short; planned again
once the others are, their plans can take the dates left short. Up to three
plans are tried for each, each followed by the moves of :mod:`.moves`, until
one is better than the person's plan: the least penalty over all the
person's types at once (:func:`mixed_response`; its minutes met by a price,
its caps by a repair), the exact least penalty of one shift type
(:func:`best_response`) and the first pass's own (:func:`.plans.plan_person`).
"""

from __future__ import annotations

import math
import time

import numpy as np

from ...params import ConstructParams
from ..schedules import schedule_dp
from .moves import one_more, retype_runs
from .plans import days_for, dp_weekends, plan_person, take_plan, trace


def plan_value(types, need, under, over, requests) -> int:
    """Penalty a person's plan adds: cover (``need`` without them) and their requests."""
    total = 0
    for d, t in enumerate(types):
        if t is not None:
            total -= one_more(need, under, over, t, d)
    for d, sid, prefer, pen in requests:
        t = types[d]
        worked = t is not None and (sid is None or t == sid)
        if worked != prefer:
            total += pen
    return total


def replan(inst, plans, need, under, over, weekday, requests, params: ConstructParams,
           until: float | None) -> None:
    """Plan each person again against everybody else's duties; keep it if it pays.

    The first people were planned while every date was short; planned again
    once the others are, their plans can take the dates left short. Up to
    three plans are tried for each, each followed by the same moves to
    other types, until one is better than the person's plan: the least
    penalty over all the person's types at once (:func:`mixed_response`;
    its minutes met by a price, its caps by a repair), the exact least
    penalty of one shift type (:func:`best_response`) and the first
    pass's own (:func:`plan_person`, which picks the type by the demand
    left). The first better one replaces the person's plan. Stops at
    ``until`` (``time.perf_counter()``), or after ``params.replan_rounds``
    rounds, or a round without a change. ``requests``: each person's, as
    :func:`scheduler.search.people.requests_of` gives them.
    """
    prices: dict = {}  # the price of a minute that fitted, per person (see mixed_response)
    for _ in range(params.replan_rounds):
        changed = False
        for salt, (emp_id, (emp, cells, old)) in enumerate(plans.items()):
            if until is not None and time.perf_counter() > until:
                return
            for d, t in enumerate(old):
                if t is not None:
                    need[t][d] += 1
            mine = requests.get(emp_id, [])
            best = plan_value(old, need, under, over, mine), old
            kept = {t: row[:] for t, row in need.items()}
            tries = ((mixed_response, (mine, prices, salt, params.mixed_passes)),
                     (best_response, (mine, params.best_response_cells)), (plan_person, (salt,)))
            for way, args in tries:
                types = way(inst, emp, cells, need, under, over, weekday, *args)
                if types is not None:
                    retype_runs(inst, emp, cells, need, types, under, over)
                    value = plan_value(types, kept, under, over, mine)
                    if value < best[0]:
                        best = value, types
                for t, row in kept.items():
                    need[t][:] = row
                if best[1] is not old:
                    break  # the others seldom do better (measured: 19 of 410 changes)
            types = best[1]
            changed |= types is not old
            plans[emp_id] = emp, cells, types
            for d, t in enumerate(types):
                if t is not None:
                    need[t][d] -= 1
        if not changed:
            return


def best_response(inst, emp, cells, need, under, over, weekday: list[int], requests,
                  most_cells: int) -> list[str | None] | None:
    """The person's plan of least penalty against everybody else's duties, or None.

    As :func:`plan_person`, one shift type planned by a DP, then moved to
    other types where that pays; but the DP's cost is what each duty day
    adds (the coverage weights against ``need``, which must not count this
    person, and the person's requests), it is exact for each of the three
    types offering most, and the weekend cap is a dimension of its state
    (:func:`dp_weekends`). None where that DP would be larger than
    ``most_cells`` (Instances 22-24: long horizons and weekend caps of
    up to 39). Updates ``need``.
    """
    n = inst.num_days
    rows = []  # (-gain on offer, shift, range of N)
    for sid, row in cells.items():
        shift = inst.shifts[sid]
        cap = emp.max_shifts.get(sid)
        if sid in inst.not_next[sid] or cap == 0:
            continue
        span = days_for(emp, shift, cap, n)
        if span is not None:
            offer = sum(max(0, one_more(need, under, over, sid, d))
                        for d, v in enumerate(row) if v is not None)
            rows.append((-offer, sid, span))
    rows.sort()
    rows = rows[:3]
    if not rows:
        return None
    may = np.array([[v is not None for v in cells[sid]] for _, sid, _ in rows], dtype=bool)
    extra = np.array([[-one_more(need, under, over, sid, d) for d in range(n)]
                      for _, sid, _ in rows], dtype=np.int64)
    for d, sid_req, prefer, pen in requests:
        for i, (_, sid, _) in enumerate(rows):
            if sid_req is None or sid_req == sid:
                extra[i, d] += -pen if prefer else pen
    k, m, r = emp.max_consecutive or n, emp.min_consecutive or 1, emp.min_days_off or 1
    if m > k:
        return None
    most = max(hi for _, _, (_, hi) in rows)
    weekends = sum(1 for d, wd in enumerate(weekday) if wd == 5 or (wd == 6 and d == 0))
    cap = emp.max_weekends
    if cap is not None and cap >= weekends:
        cap = None  # no plan can break it: not counted
    if len(rows) * (k + r) * (most + 2) * ((cap or 0) + 1) > most_cells:
        return None
    cost, from_off_one, from_last = dp_weekends(may, extra, weekday, k, m, r, cap, most)
    reach = (1 << 29) if cost.dtype == np.int32 else (1 << 49)  # above: unreachable
    best = None  # (cost, row, N, weekends, end state)
    for i, (_, _, (lo, hi)) in enumerate(rows):
        counts = cost[i][:, lo:hi + 1, :]
        if counts.size == 0:
            continue
        state, c, w = np.unravel_index(int(counts.argmin()), counts.shape)
        value = int(counts[state, c, w])
        if value < reach and (best is None or value < best[0]):
            best = (value, i, int(c) + lo, int(w), int(state))
    if best is None:
        return None
    _, i, c, w, state = best
    worked = trace(from_off_one, from_last, i, c, state, n, k, r, w,
                    weekday if cap is not None else None)
    return take_plan(inst, emp, cells, need, under, over, rows[i][1], worked)






def mixed_response(inst, emp, cells, need, under, over, weekday: list[int], requests,
                   prices: dict, salt: int, passes: int) -> list[str | None] | None:
    """The person's plan over all their shift types at once, against everybody else.

    :func:`~scheduler.search.schedules.schedule_dp` with each duty's cost what it adds to the cover (``need``
    must not count this person) and to the person's requests, plus a price
    per minute worked: the minutes window (L3) is not a dimension of the DP
    but is met by searching that price (from the price that fitted the last
    time, in ``prices`` per person and for anybody under None; outwards by
    doubling steps until it is bracketed, then by regula falsi; at most
    ``passes`` DPs); a type over its cap (L2) by changing its
    duties to other types (:func:`within_caps`), or where that fails by a
    price per duty of the type that keeps it out. Long shifts that may not
    follow themselves (12-hour nights), which no one-type plan can hold,
    are planned here between other types. Ties (every over-covered date
    costs the same) would make the minutes jump by several duties at one
    price and miss the window: each cost gets a random fraction (below one,
    seeded by ``salt``) for the DP. None when no DP gives a plan within the
    minutes and caps. Updates ``need``.
    """
    n = inst.num_days
    sids = [sid for sid in cells if emp.max_shifts.get(sid) != 0]
    if not sids:
        return None
    may = np.array([[v is not None for v in cells[sid]] for sid in sids], dtype=bool)
    base = np.array([[-one_more(need, under, over, sid, d) for d in range(n)] for sid in sids],
                    dtype=float)
    for d, sid_req, prefer, pen in requests:
        for i, sid in enumerate(sids):
            if sid_req is None or sid_req == sid:
                base[i, d] += -pen if prefer else pen
    base += np.random.default_rng(salt).random(base.shape)
    follows = np.array([[u not in inst.not_next[t] for u in sids] for t in sids],
                       dtype=bool)
    minutes = np.array([inst.shifts[sid].minutes for sid in sids], dtype=float)
    caps = np.array([emp.max_shifts.get(sid, n) for sid in sids], dtype=float)
    k, m, r = emp.max_consecutive or n, emp.min_consecutive or 1, emp.min_days_off or 1
    weekends = sum(1 for d, wd in enumerate(weekday) if wd == 5 or (wd == 6 and d == 0))
    cap = emp.max_weekends
    if cap is not None and cap >= weekends:
        cap = None
    least = emp.min_minutes if emp.min_minutes is not None else -math.inf
    most = emp.max_minutes if emp.max_minutes is not None else math.inf
    # A price per minute of this size outweighs any duty's cost.
    top = (np.abs(base).max(initial=0) + 1) / minutes.min()
    step = top / 64
    low, high = -math.inf, math.inf  # prices known to give too many / too few minutes
    price = prices.get(emp.employee_id, prices.get(None, 0.0))
    per_type = np.zeros(len(sids))
    for _ in range(passes):
        cost = base + price * minutes[:, None] + per_type[:, None]
        found = schedule_dp(may, cost, follows, weekday, k, m, r, cap, [0] * len(sids), 0, 0)
        if found is None:
            return None
        plan = found[1]
        used = np.bincount([t for t in plan if t is not None], minlength=len(sids))
        if (used > caps).any() and not within_caps(plan, used, caps, base, may, follows):
            per_type[used > caps] += top * minutes[used > caps] / 4
            continue
        total = float(minutes @ used)
        if least <= total <= most:
            prices[emp.employee_id] = prices[None] = price
            types = [None if t is None else sids[t] for t in plan]
            for d, t in enumerate(types):
                if t is not None:
                    need[t][d] -= 1
            return types
        if total < least:
            high, short = price, total
        else:
            low, long = price, total
        if low == -math.inf:
            price, step = high - step, step * 2
        elif high == math.inf:
            price, step = low + step, step * 2
        else:
            # Where the line between the two prices meets the window's middle,
            # kept off the ends of the bracket.
            share = (long - (least + most) / 2) / (long - short)
            price = low + min(0.9, max(0.1, share)) * (high - low)
    return None


def within_caps(plan: list[int | None], used: np.ndarray, caps: np.ndarray, cost: np.ndarray,
                 may: np.ndarray, follows: np.ndarray) -> bool:
    """Change the type of a plan's duties until every type is within its cap.

    One duty at a time, the change that costs least: a type over its cap
    to another, allowed that date, under its cap and fitting the days
    before and after (L8). False when some type is still over its cap;
    ``plan`` and ``used`` are updated in place either way.
    """
    n = len(plan)
    while (used > caps).any():
        best = None  # (extra cost, date, new type)
        for d, t in enumerate(plan):
            if t is None or used[t] <= caps[t]:
                continue
            before = plan[d - 1] if d else None
            after = plan[d + 1] if d + 1 < n else None
            for u in range(len(used)):
                if (u == t or not may[u, d] or used[u] >= caps[u]
                        or (before is not None and not follows[before, u])
                        or (after is not None and not follows[u, after])):
                    continue
                extra = cost[u, d] - cost[t, d]
                if best is None or extra < best[0]:
                    best = extra, d, u
        if best is None:
            return False
        _, d, u = best
        used[plan[d]] -= 1
        used[u] += 1
        plan[d] = u
    return True
