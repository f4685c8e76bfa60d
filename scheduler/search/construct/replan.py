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
from .moves import convert_lengths, move_to_short, one_more, retype_runs
from .plans import days_for, days_off, plan_person, trace


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
        if sid in shift.not_followed_by or cap == 0:
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
    main = rows[i][1]
    types = [main if on else None for on in worked]
    for d, on in enumerate(worked):
        if on:
            need[main][d] -= 1
    move_to_short(inst, emp, cells, need, types)
    convert_lengths(inst, emp, cells, need, types, under, over)
    return types


def dp_weekends(may: np.ndarray, extra: np.ndarray, weekday: list[int], k: int, m: int,
                 r: int, cap: int | None, most: int) -> tuple[np.ndarray, list, list]:
    """:func:`_dp` with the weekends worked as a dimension of the state, up to ``cap``.

    Costs are any integers (the plan's own penalty); the cap holds exactly, not
    through a mask. With ``cap`` None weekends are not counted (one value of
    that dimension). ``cost[row, state, N, w]``: least cost of ``N`` duty days
    (up to ``most``) and ``w`` weekends. The predecessors of off(1) and
    off(≥r) are kept per day, row, count and weekends.
    """
    rows, n = may.shape
    states = k + r
    # Unreachable: ``big``; the costs added to it keep it above big / 2.
    small = int(np.abs(extra).sum(axis=1).max(initial=0)) < (1 << 28)
    dtype = np.int32 if small else np.int64
    big = dtype(1 << 30) if small else np.int64(1) << 50
    counted = cap is not None
    cost = np.full((rows, states, most + 2, (cap or 0) + 1), big, dtype=dtype)
    extra = extra.astype(dtype)
    first = may[:, 0]
    w0 = 1 if weekday[0] >= 5 and counted else 0
    if w0 < cost.shape[3]:
        cost[first, m - 1, 1, w0] = extra[first, 0]
    cost[:, k + r - 1, 0, 0] = 0
    last = k + r - 1
    off_one = slice(m - 1, k + 1 if r == 1 else k)
    from_off_one: list[np.ndarray] = []
    from_last: list[np.ndarray] = []
    for d in range(1, n):
        new = np.full_like(cost, big)
        sat = weekday[d] == 5
        sun = weekday[d] == 6
        today = may[:, d]
        if today.any():
            add = extra[:, d, None, None, None]
            if sat and counted:  # a run going on into Saturday starts a weekend
                new[:, 1:k, 1:, 1:] = cost[:, :k - 1, :-1, :-1] + add
            else:
                new[:, 1:k, 1:, :] = cost[:, :k - 1, :-1, :] + add
            add = extra[:, d, None, None]
            if (sat or sun) and counted:  # a run starting on Saturday or Sunday starts one
                new[:, 0, 1:, 1:] = cost[:, last, :-1, :-1] + add
            else:
                new[:, 0, 1:, :] = cost[:, last, :-1, :] + add
            if not today.all():
                new[~today, :k] = big
        days_off(cost, new, k, r, off_one, from_off_one, from_last)
        cost = new
    return cost, from_off_one, from_last


def mixed_dp(may: np.ndarray, cost: np.ndarray, follows: np.ndarray, weekday: list[int],
              k: int, m: int, r: int, cap: int | None) -> tuple[float, list[int | None]] | None:
    """The least-cost plan over several shift types at once, or None.

    ``may[t, d]``: type t may be worked on date d; ``cost[t, d]`` (floats):
    what a duty of type t on date d costs; ``follows[t, u]``: u may be worked
    the day after t (L8). Runs of duty days are m..k long and breaks at
    least r, both exempt where they touch the horizon's edges (a run or
    break starting on the first date counts as long enough, as in
    :func:`_dp`); at most ``cap`` weekends are worked (None: not counted).
    Returns the plan's cost and each date's type index (None: off).

    States per date: on the j-th day of a run with type t, and w weekends
    (``on[j, t, w]``), or off for i days (``off[i, w]``, the last i meaning
    r or more). The type of the day before is part of the on-state, so the
    successions hold across the whole run.
    """
    types, n = may.shape
    if m > k or n == 0:
        return None
    counted = cap is not None
    wd = (cap or 0) + 1
    inf = np.inf
    block = np.where(follows, 0.0, inf)[None, :, :, None]  # (1, t, u, 1)
    # Every date's on-states are kept: the trace-back finds the type of the
    # day before from them, along the plan only (an argmin per date and
    # state in the forward pass took half of the time).
    ons = np.full((n, k, types, wd), inf)
    on = ons[0]
    off = np.full((r, wd), inf)
    w0 = 1 if counted and weekday[0] >= 5 else 0
    if w0 < wd:
        on[m - 1, :, w0] = np.where(may[:, 0], cost[:, 0], inf)
    off[r - 1, 0] = 0.0
    pred_off = np.zeros((n, wd), dtype=np.int32)  # off(1): flat (j, t) of the run ended, or -1
    pred_last = np.zeros((n, wd), dtype=bool)  # off(>=r): from off(>=r) itself
    for e in range(1, n):
        sat = counted and weekday[e] == 5
        start_new = counted and weekday[e] >= 5
        new_on = ons[e]
        if k > 1:
            best = (on[:k - 1, :, None, :] + block).min(axis=1)  # (j, u, w)
            if sat:
                new_on[1:, :, 1:] = best[:, :, :-1]
            else:
                new_on[1:] = best
        if start_new:
            new_on[0, :, 1:] = off[r - 1, None, :-1]
        else:
            new_on[0] = off[r - 1, None, :]
        new_on += np.where(may[:, e], cost[:, e], inf)[None, :, None]
        new_off = np.empty_like(off)
        ended = on[m - 1:].reshape(-1, wd)
        arg = ended.argmin(axis=0)
        new_off[0] = ended[arg, np.arange(wd)]
        pred_off[e] = arg + (m - 1) * types
        if r == 1:
            again = off[0] < new_off[0]
            new_off[0] = np.where(again, off[0], new_off[0])
            pred_off[e] = np.where(again, -1, pred_off[e])
        else:
            new_off[1:r - 1] = off[:r - 2]
            again = off[r - 1] < off[r - 2]
            new_off[r - 1] = np.where(again, off[r - 1], off[r - 2])
            pred_last[e] = again
        on, off = new_on, new_off
    best_on, best_off = on.min(), off.min()
    total = min(best_on, best_off)
    if not np.isfinite(total):
        return None
    plan: list[int | None] = [None] * n
    if best_on <= best_off:
        j, t, w = np.unravel_index(int(on.argmin()), on.shape)
        state = ("on", int(j), int(t))
    else:
        i, w = np.unravel_index(int(off.argmin()), off.shape)
        state = ("off", int(i), 0)
    w = int(w)
    for e in range(n - 1, 0, -1):
        kind, j, t = state
        if kind == "on":
            plan[e] = t
            if j > 0:
                if counted and weekday[e] == 5:
                    w -= 1  # the day before counted one weekend less
                state = ("on", j - 1, int((ons[e - 1, j - 1, :, w] + block[0, :, t, 0]).argmin()))
            else:
                if counted and weekday[e] >= 5:
                    w -= 1
                state = ("off", r - 1, 0)
        else:
            if j == 0:
                flat = int(pred_off[e, w])
                state = ("off", 0, 0) if flat < 0 else ("on", flat // types, flat % types)
            elif j < r - 1:
                state = ("off", j - 1, 0)
            else:
                state = ("off", r - 1 if pred_last[e, w] else r - 2, 0)
    if state[0] == "on":
        plan[0] = state[2]
    return float(total), plan


def mixed_response(inst, emp, cells, need, under, over, weekday: list[int], requests,
                   prices: dict, salt: int, passes: int) -> list[str | None] | None:
    """The person's plan over all their shift types at once, against everybody else.

    :func:`mixed_dp` with each duty's cost what it adds to the cover (``need``
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
    follows = np.array([[u not in inst.shifts[t].not_followed_by for u in sids] for t in sids],
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
        found = mixed_dp(may, cost, follows, weekday, k, m, r, cap)
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
