"""The first plan of each person: one shift type, by a DP over the dates.

People are planned one after the other against the demand still uncovered
(:func:`plan_person`): a shift type s that may follow itself (L8), whose cap
(L2) and length allow a number of duty days N meeting the minutes window
(L3); a dynamic programme over the dates the person may work s (H4, H6)
chooses the duty days, with runs between ``min_consecutive`` and
``max_consecutive`` and breaks of at least ``min_days_off`` (L4-L6, edges
exempt as in the rules) and weekends within ``max_weekends`` (L7); of the
counts N that fit, the plan with most duty days on dates where s is still
short, then fewest elsewhere. For each N the DP keeps two plans: the one
with fewest weekends, and the one with fewest days off the short dates, then
the most weekend days (the scarce dates, when every date is short), drawn
with duty allowed on only the ``max_weekends`` weekends where s is shortest
(so it keeps the cap; without that restriction the people planned first
would work every short weekend, break the cap and leave every weekend to the
last). The three types with most demand left on the person's dates compete
and the plan covering most short dates wins (the other types only if none of
the three can be planned).

The DPs here are not the least-cost schedule DP of
:mod:`scheduler.search.schedules`, for two reasons. The first plan ranks
plans by a lexicographic key over the duty-day count N (most short dates
covered, then fewest other duty days, then per N the fewest weekends),
which is no sum of per-day costs, so it keeps N as an axis of its answer
and chooses among the counts at the end. And both keep, per date, only the
predecessors of the two states that have a choice (a day off after a run,
a long break), not every state of every date as the shared DP does for its
trace-back: with N (and the weekends, :func:`dp_weekends`) as axes, every
state of every date of a year-long horizon would take hundreds of MB. The
re-planning over all of a person's types (:func:`.replan.mixed_response`)
uses the shared DP, which holds successions.

The DP is conservative at the horizon's start (a run or break starting on
the first date counts as long enough, and may be cut shorter by
max_consecutive than necessary), so every plan it returns respects the
rules.
"""

from __future__ import annotations

import math

import numpy as np

from .moves import convert_lengths, move_to_short

INF = 1 << 20


def days_for(emp, shift, cap: int | None, num_days: int) -> tuple[int, int] | None:
    """Range of duty-day counts N with one shift type meeting caps and minutes."""
    minutes = shift.minutes
    lo, hi = 0, num_days if cap is None else min(cap, num_days)
    if emp.min_minutes is not None:
        lo = max(lo, math.ceil(emp.min_minutes / minutes))
    if emp.max_minutes is not None:
        hi = min(hi, emp.max_minutes // minutes)
    return (lo, hi) if lo <= hi else None


def plan(allowed: list[bool], weekday: list[int], lo: int, hi: int, k: int, m: int, r: int,
          max_weekends: int | None, short: list[bool] | None = None,
          weekends_last: bool = False) -> list[bool] | None:
    """Duty days: N ∈ [lo, hi] of them, runs in [m, k], breaks ≥ r, weekends within the cap.

    Without ``short``: the most duty days, then the fewest weekends. With
    ``short`` (dates where the shift is still short): the most duty days on
    short dates, then the fewest on other dates. For each count N the plan
    kept is the one with the fewest weekends (then the fewest days off the
    short dates); with ``weekends_last``, the one with the fewest days off
    the short dates (then the most weekend days), duty allowed on only the
    ``max_weekends`` weekends where the shift is shortest, if it is better
    by that key, else the former.
    """
    return plans([allowed], weekday, [(lo, hi)], k, m, r, max_weekends,
                  None if short is None else [short], weekends_last)[0]


def plans(allowed: list[list[bool]], weekday: list[int], spans: list[tuple[int, int]],
           k: int, m: int, r: int, max_weekends: int | None,
           short: list[list[bool]] | None = None,
           weekends_last: bool = False, salt: int = 0) -> list[list[bool] | None]:
    """:func:`plan` for several shift types of one person at once.

    Type t may be worked on the dates ``allowed[t]``, ``spans[t]`` days in
    all, with ``short[t]`` its short dates. One DP over a stack of cost
    tables: the same plans as one DP per type with a third of the numpy
    calls, which are what the DP's time goes to (Instance24: 450 DPs, 7.8 s).
    """
    n, types = len(weekday), len(allowed)
    if m > k:
        return [None] * types
    may = np.array(allowed, dtype=bool).reshape(types, n)
    # Per type and date: 1 for a duty day on a date not short (the cost of
    # that duty day in the first table).
    extra = (np.zeros((types, n), dtype=np.int32) if short is None
             else (~np.array(short, dtype=bool).reshape(types, n)).astype(np.int32))
    # Cost of a plan: weekends · (n + 1) + duty days on dates not short; with
    # weekends last, a second table of rows: duty days on dates not short ·
    # wd - weekend days worked, so at a tie the most weekend days, the scarce
    # dates (where every date is short, the first people planned took no
    # weekend; with the most weekend days, Instance23's constructed roster
    # 271 031 → 189 935, 13's 20 466 → 12 773; with the most weekends
    # instead, which took one day of each, 226 840 and 15 192). Per table:
    # (cost of a weekend started in the DP, unit of a day off the short dates
    # in the cost, weekend cap to check when choosing).
    tables = [(n + 1 if short is not None else 1, 1, max_weekends)]
    per_weekend = np.full(types, tables[0][0])
    if weekends_last and short is not None:
        # The plan would work every weekend that is short and break the cap:
        # offer only the max_weekends weekends shortest for each type (so no
        # cap to check). Both tables in one DP (one stack of rows).
        wd = 2 * (n // 7) + 4  # more than the weekend days of any plan
        tables.append((-1, wd, None))
        weekend_day = np.array([day >= 5 for day in weekday], dtype=np.int32)
        may = np.concatenate([may, capped_weekends(may, short, weekday, max_weekends, salt)])
        extra = np.concatenate([extra, extra * wd - weekend_day])
        per_weekend = np.concatenate([per_weekend, np.zeros(types, dtype=np.int64)])
    cost, from_off_one, from_last = _dp(may, extra, weekday, k, m, r, per_weekend)
    out: list[list[bool] | None] = []
    for t, (lo, hi) in enumerate(spans):
        best = None  # (key, table, count, end state)
        for i, (weekend, unit, cap) in enumerate(tables):
            for key, c, state in _choose(cost[i * types + t], lo, hi, weekend, unit, cap,
                                         short is None):
                if best is None or key < best[0] or (key == best[0] and i > best[1]):
                    best = (key, i, c, state)
        if best is None:
            out.append(None)
            continue
        _, i, c, state = best
        out.append(trace(from_off_one, from_last, i * types + t, c, state, n, k, r))
    return out


def trace(from_off_one, from_last, row: int, c: int, state: int, n: int, k: int, r: int,
           w: int | None = None, weekday: list[int] | None = None) -> list[bool]:
    """The duty days of a DP's plan of ``row`` ending in ``state`` with ``c`` duty days.

    With ``w``, a plan of :func:`dp_weekends` with ``w`` weekends (its
    predecessors are kept per weekend count too); ``weekday`` when that DP
    counted the weekends (its cap was not None).
    """
    worked = [False] * n
    last = k + r - 1
    for d in range(n - 1, -1, -1):
        on = state < k
        worked[d] = on
        if d == 0:
            break
        at = (row, c) if w is None else (row, c, w)
        if state == k:
            frm = int(from_off_one[d - 1][at])
        elif state == last:
            frm = int(from_last[d - 1][at])
        elif state == 0:
            frm = last
        else:
            frm = state - 1
        if on:
            c -= 1
            if weekday is not None and (weekday[d] == 5 or (weekday[d] == 6 and state == 0)):
                w -= 1
        state = frm
    return worked


def capped_weekends(may: np.ndarray, short, weekday: list[int], cap: int | None,
                     salt: int) -> np.ndarray:
    """``may`` with duty allowed on at most ``cap`` weekends per type: the shortest ones.

    A weekend is a Saturday and the Sunday after it (or a lone Sunday at the
    horizon's start). Ties rotate with ``salt`` (the person's place in the
    planning order), so the people planned while every weekend is short do
    not all get the same ones.
    """
    if cap is None:
        return may
    groups: list[list[int]] = []
    for d, wd in enumerate(weekday):
        if wd == 5 or (wd == 6 and (d == 0 or weekday[d - 1] != 5)):
            groups.append([d])
        elif wd == 6:
            groups[-1].append(d)
    if len(groups) <= cap:
        return may
    out = may.copy()
    for t in range(may.shape[0]):
        score = [sum(bool(short[t][d]) and bool(may[t, d]) for d in g) for g in groups]
        order = sorted(range(len(groups)), key=lambda w: (-score[w], (w * 7 + salt) % len(groups)))
        for w in order[cap:]:
            out[t, groups[w]] = False
    return out


def _min_over_states(cost: np.ndarray, states: slice) -> tuple[np.ndarray, np.ndarray]:
    """Least cost over a range of states (axis 1), and the first state reaching it.

    One comparison per state: ``argmin`` over that middle axis took half of
    the construction's time on Instance22.
    """
    best = cost[:, states.start].copy()
    arg = np.full(best.shape, states.start, dtype=np.int16)
    for state in range(states.start + 1, states.stop):
        cand = cost[:, state]
        better = cand < best
        np.copyto(arg, np.int16(state), where=better)
        np.minimum(best, cand, out=best)
    return best, arg


def days_off(cost: np.ndarray, new: np.ndarray, k: int, r: int, off_one: slice,
              from_off_one: list, from_last: list) -> None:
    """A DP's day-off transitions (axis 1 the state), predecessors kept where there is a choice.

    off(1) from a run long enough (or off(≥1) itself when r is 1); off(length)
    to off(length + 1); off(r - 1) and off(≥r) to off(≥r).
    """
    last = k + r - 1
    new[:, k], arg = _min_over_states(cost, off_one)
    from_off_one.append(arg)
    if r > 1:
        new[:, k + 1:last] = cost[:, k:last - 1]
        new[:, last], arg = _min_over_states(cost, slice(last - 1, last + 1))
        from_last.append(arg)


def _dp(may: np.ndarray, extra: np.ndarray, weekday: list[int], k: int, m: int, r: int,
        weekend: np.ndarray) -> tuple[np.ndarray, list, list]:
    """Least cost per row, end state and duty-day count, and the predecessors kept.

    A row is a type, or a type under the second cost. A duty day on date d
    costs ``extra[row, d]`` (negative: a reward), a weekend started
    ``weekend[row]``.
    """
    types, n = may.shape
    weekend = np.asarray(weekend, dtype=np.int32)
    states = k + r  # on-run length 1..k at 0..k-1, break length 1..r (r = "r or more") after
    cost = np.full((types, states, n + 2), INF, dtype=np.int32)
    first = may[:, 0]
    cost[first, m - 1, 1] = (weekend[first] if weekday[0] >= 5 else 0) + extra[first, 0]
    cost[:, k + r - 1, 0] = 0
    # Whole arrays per day (a loop over states cost 4 of Instance21's 5.4 s in
    # numpy calls). Values near INF are unreachable; the costs added to them
    # (negative ones, weekend days' rewards, sum to at most the horizon's
    # weekend days) keep them above INF / 2, so they never become reachable.
    # Every
    # state but off(1) and off(≥r) has one predecessor state; for those two
    # the predecessor chosen is kept per day, type and count (ties: the first).
    last = k + r - 1
    off_one = slice(m - 1, k + 1 if r == 1 else k)  # runs long enough; off(≥1) itself
    from_off_one: list[np.ndarray] = []
    from_last: list[np.ndarray] = []
    for d in range(1, n):
        new = np.full_like(cost, INF)
        sat = weekday[d] == 5
        sun = weekday[d] == 6
        today = may[:, d]
        if today.any():
            # A weekend is counted on its first worked day: Saturday, or Sunday
            # after a Saturday off.
            add = extra[:, d, None]
            new[:, 1:k, 1:] = cost[:, :k - 1, :-1] + ((add + weekend[:, None]) if sat else add)[:, None]
            new[:, 0, 1:] = cost[:, last, :-1] + ((add + weekend[:, None]) if (sat or sun) else add)
            if not today.all():
                new[~today, :k] = INF  # types not allowed that date: no duty
        days_off(cost, new, k, r, off_one, from_off_one, from_last)
        cost = new
    return cost, from_off_one, from_last


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


def _choose(cost: np.ndarray, lo: int, hi: int, weekend: int, per_extra: int,
            max_weekends: int | None, most: bool) -> list[tuple[tuple, int, int]]:
    """The plan to keep per count N, from the last date's costs: (key, N, end state).

    The least key is the plan to take. ``most``: the most duty days;
    otherwise the most on short dates, then the fewest elsewhere. A cost is
    weekends · ``weekend`` + days off the short dates · ``per_extra`` (one
    of the two is 1), or with ``weekend`` -1, days off the short dates ·
    ``per_extra`` - weekend days worked (fewer than ``per_extra``; no cap
    to check then).
    """
    # Per count N in [lo, hi], among the end states whose weekends fit, the
    # cheapest (whole columns at once: a loop over counts cost as many numpy
    # calls as the DP itself).
    counts = cost[:, lo:hi + 1]
    fits = counts < INF // 2
    if max_weekends is not None:
        weekends = counts // weekend if per_extra == 1 else counts % per_extra
        fits &= weekends <= max_weekends
    masked = np.where(fits, counts, INF)
    at = masked.argmin(axis=0)
    cheapest = masked[at, np.arange(counts.shape[1])].tolist()
    at, fits_any = at.tolist(), fits.any(axis=0).tolist()
    found = []
    for c in range(hi, lo - 1, -1):
        if not fits_any[c - lo]:
            continue
        if most:
            return [((-c,), c, at[c - lo])]
        # duty days on dates not short
        cost = cheapest[c - lo]
        spare = cost % weekend if per_extra == 1 else (cost + (-cost) % per_extra) // per_extra
        found.append(((-(c - spare), spare, -c), c, at[c - lo]))
    return found


def plan_person(inst, emp, cells, need, under, over, weekday: list[int],
                 salt: int) -> list[str | None] | None:
    """One person's shift of each date against the demand still uncovered, or None.

    ``need`` must not count this person's duties; it is updated with them.
    """
    usable = []  # (-demand left on the person's dates, shift, range of N)
    for sid, row in cells.items():
        shift = inst.shifts[sid]
        cap = emp.max_shifts.get(sid)
        if sid in inst.not_next[sid] or cap == 0:
            continue
        span = days_for(emp, shift, cap, inst.num_days)
        if span is not None:
            left = sum(max(0, n) for n, v in zip(need[sid], row, strict=True) if v is not None)
            usable.append((-left, sid, span))
    usable.sort()
    plan = None  # (key, shift, worked)
    # The three most wanted types compete (each try is a DP): the plan
    # covering most short dates, then with fewest duties elsewhere, wins;
    # the other types only if none of the three can be planned.
    for tried in (usable[:3], usable[3:]):
        if not tried:
            continue
        shorts = [[n > 0 for n in need[sid]] for _, sid, _ in tried]
        found = plans([[v is not None for v in cells[sid]] for _, sid, _ in tried], weekday,
                       [span for _, _, span in tried], emp.max_consecutive or inst.num_days,
                       emp.min_consecutive or 1, emp.min_days_off or 1, emp.max_weekends,
                       shorts, weekends_last=True, salt=salt)
        for (_, sid, _), short, worked in zip(tried, shorts, found, strict=True):
            if worked is not None:
                hits = sum(w and h for w, h in zip(worked, short, strict=True))
                key = (-hits, sum(worked) - hits)
                if plan is None or key < plan[0]:
                    plan = key, sid, worked
        if plan is not None:
            break
    if plan is None:
        return None
    _, main, worked = plan
    return take_plan(inst, emp, cells, need, under, over, main, worked)


def take_plan(inst, emp, cells, need, under, over, main: str,
              worked: list[bool]) -> list[str | None]:
    """A one-type plan (``main`` on the ``worked`` dates) taken into ``need``, then moved.

    The duty days then move to other types where that pays
    (:func:`.moves.move_to_short`, :func:`.moves.convert_lengths`). Returns
    each date's shift id or None.
    """
    types = [main if on else None for on in worked]
    for d, on in enumerate(worked):
        if on:
            need[main][d] -= 1
    move_to_short(inst, emp, cells, need, types)
    convert_lengths(inst, emp, cells, need, types, under, over)
    return types
