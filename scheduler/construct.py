"""A first roster built person by person, as a hint for the solver.

When coverage is soft (the Coverage sheet with weights), every hard rule
concerns one person, so a roster that is feasible for each person alone is
feasible. On long horizons (the year-long Curtois & Qu instances) CP-SAT may
not find any roster within a minute; this module builds one quickly:

people are planned one after the other against the demand still uncovered:
for each person, a shift type s that may follow itself (L8), whose cap (L2)
and length allow a number of duty days N meeting the minutes window (L3); a
dynamic programme over the dates the person may work s (H4, H6) chooses the
duty days, with runs between ``min_consecutive`` and ``max_consecutive``
and breaks of at least ``min_days_off`` (L4–L6, edges exempt as in the
rules) and weekends within ``max_weekends`` (L7); of the counts N that fit,
the plan with most duty days on dates where s is still short, then fewest
elsewhere. For each N the DP keeps two plans: the one with fewest weekends,
and the one with fewest days off the short dates, then the most weekend
days (the scarce dates, when every date is short), drawn with duty allowed on
only the ``max_weekends`` weekends where s is shortest (so it keeps the cap;
without that restriction it would work every short weekend, break the cap
and be dropped, and the people planned first left every weekend to the
last: Instance23's constructed roster had 40 duties short on each weekend
day and 35 too many on each weekday). The three types with most demand left
on the person's dates compete and the plan covering most short dates wins
(the other types only if none of the three can be planned). Then each duty
day on a date where s is not short moves to another type of the same length
that is short that day, within its cap and allowed after the day before and
before the day after (L8): people whose minutes need more days than a capped
type allows (Instance22) still cover the capped types on some days. Then
duty days take longer types where those are short (10- and 12-hour shifts
no type of the DP could plan alone, as their caps are too low for the
minutes window), giving up a first or last day of a run when the minutes
would pass the maximum. When everybody is planned, the same moves are tried
once more (later people may have covered a shift since); the people on duty
each date are given the shift types that cover it best by a min-cost flow,
which may change a shift's length within the person's minutes window; and
each run of duty days may give its first or last days another type together
where the coverage weights say it pays and single days could not move
(successions order the types within a run).

Finally each person is planned again, in turn, against everybody else's
duties (the first people were planned while every date was short): first
the plan of least penalty over all the person's shift types at once, by a
DP whose cost per duty day is what it adds to the cover and the person's
requests, whose state holds the day before's type (so successions hold
within runs) and the weekends worked (exact within the cap), and whose
minutes window and per-type caps are met by a price per minute searched
and a repair of the types over their caps; if that is no better than the
person's plan, the plan of least penalty of one shift type (a DP counting
the duty days), then the first pass's own plan, each after the same moves
to other types; the first better one replaces the person's plan. Up to
three rounds, fewer when a round changes nobody or the caller's time is out.

Constructed rosters, penalty by the independent checks (session 19, against
session 18): Instance13 49 198 → 12 773, 19 54 167 → 23 389, 20 114 673 →
40 475, 21 339 352 → 93 158, 23 947 349 → 189 935, 24 1 410 645 → 294 054;
planned again (session 20, three rounds without a time limit): 19 →
12 381, 20 → 10 073, 21 → 58 936; with the plans over all types (session
21): 19 → 6 617, 20 → 8 514, 21 → 27 526 (see benchmarks/README.md).

The DP is conservative at the horizon's start (a run or break starting on the
first date counts as long enough, and may be cut shorter by max_consecutive
than necessary), so every schedule it returns respects the rules. The result
is only a hint: :func:`scheduler.search.solve_lns` re-checks it with the
independent checks before it is used.
"""

from __future__ import annotations

import math
import time
from collections import Counter

import numpy as np

from .context import Context
from .instance import Instance

INF = 1 << 20


def _days_for(emp, shift, cap: int | None, num_days: int) -> tuple[int, int] | None:
    """Range of duty-day counts N with one shift type meeting caps and minutes."""
    minutes = shift.minutes
    lo, hi = 0, num_days if cap is None else min(cap, num_days)
    if emp.min_minutes is not None:
        lo = max(lo, math.ceil(emp.min_minutes / minutes))
    if emp.max_minutes is not None:
        hi = min(hi, emp.max_minutes // minutes)
    return (lo, hi) if lo <= hi else None


def _plan(allowed: list[bool], weekday: list[int], lo: int, hi: int, k: int, m: int, r: int,
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
    return _plans([allowed], weekday, [(lo, hi)], k, m, r, max_weekends,
                  None if short is None else [short], weekends_last)[0]


def _plans(allowed: list[list[bool]], weekday: list[int], spans: list[tuple[int, int]],
           k: int, m: int, r: int, max_weekends: int | None,
           short: list[list[bool]] | None = None,
           weekends_last: bool = False, salt: int = 0) -> list[list[bool] | None]:
    """:func:`_plan` for several shift types of one person at once.

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
        may = np.concatenate([may, _capped_weekends(may, short, weekday, max_weekends, salt)])
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
        out.append(_trace(from_off_one, from_last, i * types + t, c, state, n, k, r))
    return out


def _trace(from_off_one, from_last, row: int, c: int, state: int, n: int, k: int, r: int,
           w: int | None = None, weekday: list[int] | None = None) -> list[bool]:
    """The duty days of a DP's plan of ``row`` ending in ``state`` with ``c`` duty days.

    With ``w``, a plan of :func:`_dp_weekends` with ``w`` weekends (its
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


def _capped_weekends(may: np.ndarray, short, weekday: list[int], cap: int | None,
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


def _days_off(cost: np.ndarray, new: np.ndarray, k: int, r: int, off_one: slice,
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
        _days_off(cost, new, k, r, off_one, from_off_one, from_last)
        cost = new
    return cost, from_off_one, from_last


def _dp_weekends(may: np.ndarray, extra: np.ndarray, weekday: list[int], k: int, m: int,
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
        _days_off(cost, new, k, r, off_one, from_off_one, from_last)
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


def construct(ctx: Context, until: float | None = None) -> dict[int, int] | None:
    """Duty values (variable index → 0/1) of a first roster, or None when not built.

    ``until`` (``time.perf_counter()``): when the re-planning rounds stop.
    """
    duties = construct_duties(ctx.inst, until)
    if duties is None:
        return None
    values: dict[int, int] = {var.index: 0 for var in ctx.duty.values()}
    for key in duties:
        values[ctx.duty[key].index] = 1
    return values


def construct_duties(inst: Instance, until: float | None = None) -> list[tuple[str, int]] | None:
    """Duty cells (employee id, occurrence index) of a first roster, or None.

    Needs no model (the year-long instances are planned before, or instead
    of, building one). Applies when coverage is soft everywhere and one duty
    a day is the rule; a person for whom no plan is found makes the whole
    construction fail.
    """
    if inst.settings.max_duties_per_day != 1 or not all(o.soft for o in inst.occurrences):
        return None
    emp_occs: dict[str, list] = {e: [] for e in inst.emp_ids}
    for occ in inst.occurrences:
        for emp_id in inst.eligible_emps[occ.index]:
            emp_occs[emp_id].append(occ)
    # Demand still uncovered, per shift type and date.
    need: dict[str, list[int]] = {sid: [0] * inst.num_days for sid in inst.shifts}
    for occ in inst.occurrences:
        need[occ.shift_id][(occ.date - inst.first).days] += occ.staff
    weekday = [d.weekday() for d in inst.dates]
    # Per date and shift: weight of one person short, of one too many.
    under = {sid: [0] * inst.num_days for sid in inst.shifts}
    over = {sid: [0] * inst.num_days for sid in inst.shifts}
    for occ in inst.occurrences:
        d = (occ.date - inst.first).days
        under[occ.shift_id][d] = occ.under_weight or 0
        over[occ.shift_id][d] = occ.over_weight or 0
    plans: dict = {}  # employee id -> (employee, cells by shift, shift of each date)
    for emp_id, emp in inst.staff.items():
        cells: dict[str, list] = {}
        for occ in emp_occs[emp_id]:
            cells.setdefault(occ.shift_id, [None] * inst.num_days)[
                (occ.date - inst.first).days] = occ.index
        types = _plan_person(inst, emp, cells, need, under, over, weekday, len(plans))
        if types is None:
            return None
        plans[emp_id] = emp, cells, types
    # Later people may have covered what earlier ones were moved off for:
    # one more pass moves days off shifts now over-covered, and to longer
    # shifts still short (Instance23, before weekend days were preferred:
    # 322 866 → 271 031; a third pass gained 0.1-1.5 %).
    for emp, cells, types in plans.values():
        _move_to_short(inst, emp, cells, need, types)
        _convert_lengths(inst, emp, cells, need, types, under, over)
    _assign_by_day(inst, plans, need, under, over)
    for emp, cells, types in plans.values():
        _retype_runs(inst, emp, cells, need, types, under, over)
    _replan(inst, plans, need, under, over, weekday, until)
    return [(emp_id, cells[sid][d]) for emp_id, (_emp, cells, types) in plans.items()
            for d, sid in enumerate(types) if sid is not None]


def _plan_person(inst, emp, cells, need, under, over, weekday: list[int],
                 salt: int) -> list[str | None] | None:
    """One person's shift of each date against the demand still uncovered, or None.

    ``need`` must not count this person's duties; it is updated with them.
    """
    usable = []  # (-demand left on the person's dates, shift, range of N)
    for sid, row in cells.items():
        shift = inst.shifts[sid]
        cap = emp.max_shifts.get(sid)
        if sid in shift.not_followed_by or cap == 0:
            continue
        span = _days_for(emp, shift, cap, inst.num_days)
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
        found = _plans([[v is not None for v in cells[sid]] for _, sid, _ in tried], weekday,
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
    types = [main if on else None for on in worked]
    for d, on in enumerate(worked):
        if on:
            need[main][d] -= 1
    _move_to_short(inst, emp, cells, need, types)
    _convert_lengths(inst, emp, cells, need, types, under, over)
    return types


# Rounds of planning each person again (fewer when the time is out, or when
# a round changed nobody's plan).
REPLAN_ROUNDS = 3


def _requests_of(inst) -> dict[str, list[tuple[int, str | None, bool, int]]]:
    """Per person: (date index, shift or None for any, prefer?, penalty if not granted)."""
    w = inst.settings.weights.requests
    out: dict[str, list] = {}
    if not w:
        return out
    for req in inst.problem.requests:
        if inst.first <= req.date <= inst.last:
            out.setdefault(req.employee_id, []).append(
                ((req.date - inst.first).days, req.shift_id, req.kind == "prefer", w * req.weight))
    return out


def _value(types, need, under, over, requests) -> int:
    """Penalty a person's plan adds: cover (``need`` without them) and their requests."""
    total = 0
    for d, t in enumerate(types):
        if t is not None:
            total -= _one_more(need, under, over, t, d)
    for d, sid, prefer, pen in requests:
        t = types[d]
        worked = t is not None and (sid is None or t == sid)
        if worked != prefer:
            total += pen
    return total


def _replan(inst, plans, need, under, over, weekday, until: float | None) -> None:
    """Plan each person again against everybody else's duties; keep it if it pays.

    The first people were planned while every date was short; planned again
    once the others are, their plans can take the dates left short. Up to
    three plans are tried for each, each followed by the same moves to
    other types, until one is better than the person's plan: the least
    penalty over all the person's types at once (:func:`_mixed_response`;
    its minutes met by a price, its caps by a repair), the exact least
    penalty of one shift type (:func:`_best_response`) and the first
    pass's own (:func:`_plan_person`, which picks the type by the demand
    left). The first better one replaces the person's plan. Stops at
    ``until`` (``time.perf_counter()``), or after :data:`REPLAN_ROUNDS`
    rounds, or a round without a change.
    """
    requests = _requests_of(inst)
    prices: dict = {}  # the price of a minute that fitted, per person (see _mixed_response)
    for _ in range(REPLAN_ROUNDS):
        changed = False
        for salt, (emp_id, (emp, cells, old)) in enumerate(plans.items()):
            if until is not None and time.perf_counter() > until:
                return
            for d, t in enumerate(old):
                if t is not None:
                    need[t][d] += 1
            mine = requests.get(emp_id, [])
            best = _value(old, need, under, over, mine), old
            kept = {t: row[:] for t, row in need.items()}
            tries = ((_mixed_response, (mine, prices, salt)), (_best_response, (mine,)),
                     (_plan_person, (salt,)))
            for way, args in tries:
                types = way(inst, emp, cells, need, under, over, weekday, *args)
                if types is not None:
                    _retype_runs(inst, emp, cells, need, types, under, over)
                    value = _value(types, kept, under, over, mine)
                    if value < best[0]:
                        best = value, types
                for t, row in kept.items():
                    need[t][:] = row
                if best[1] is not old:
                    break  # the others seldom do better (13, 15, 19, 20, 23: 19 of 410 changes)
            types = best[1]
            changed |= types is not old
            plans[emp_id] = emp, cells, types
            for d, t in enumerate(types):
                if t is not None:
                    need[t][d] -= 1
        if not changed:
            return


# Largest DP of :func:`_best_response` (rows × states × counts × weekends).
BR_CELLS = 400_000


def _best_response(inst, emp, cells, need, under, over, weekday: list[int],
                   requests) -> list[str | None] | None:
    """The person's plan of least penalty against everybody else's duties, or None.

    As :func:`_plan_person`, one shift type planned by a DP, then moved to
    other types where that pays; but the DP's cost is what each duty day
    adds (the coverage weights against ``need``, which must not count this
    person, and the person's requests), it is exact for each of the three
    types offering most, and the weekend cap is a dimension of its state
    (:func:`_dp_weekends`). None where that DP would be larger than
    :data:`BR_CELLS` (Instances 22-24: long horizons and weekend caps of
    up to 39). Updates ``need``.
    """
    n = inst.num_days
    rows = []  # (-gain on offer, shift, range of N)
    for sid, row in cells.items():
        shift = inst.shifts[sid]
        cap = emp.max_shifts.get(sid)
        if sid in shift.not_followed_by or cap == 0:
            continue
        span = _days_for(emp, shift, cap, n)
        if span is not None:
            offer = sum(max(0, _one_more(need, under, over, sid, d))
                        for d, v in enumerate(row) if v is not None)
            rows.append((-offer, sid, span))
    rows.sort()
    rows = rows[:3]
    if not rows:
        return None
    may = np.array([[v is not None for v in cells[sid]] for _, sid, _ in rows], dtype=bool)
    extra = np.array([[-_one_more(need, under, over, sid, d) for d in range(n)]
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
    if len(rows) * (k + r) * (most + 2) * ((cap or 0) + 1) > BR_CELLS:
        return None
    cost, from_off_one, from_last = _dp_weekends(may, extra, weekday, k, m, r, cap, most)
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
    worked = _trace(from_off_one, from_last, i, c, state, n, k, r, w,
                    weekday if cap is not None else None)
    main = rows[i][1]
    types = [main if on else None for on in worked]
    for d, on in enumerate(worked):
        if on:
            need[main][d] -= 1
    _move_to_short(inst, emp, cells, need, types)
    _convert_lengths(inst, emp, cells, need, types, under, over)
    return types


def _mixed_dp(may: np.ndarray, cost: np.ndarray, follows: np.ndarray, weekday: list[int],
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


# DPs per person and round of :func:`_mixed_response` at most (the price of a
# minute searched); measured: 3.7 on average on Instance20 (3 people of 50
# left without a plan within the minutes), 5.9 on Instance23.
MIXED_PASSES = 12


def _mixed_response(inst, emp, cells, need, under, over, weekday: list[int], requests,
                    prices: dict, salt: int) -> list[str | None] | None:
    """The person's plan over all their shift types at once, against everybody else.

    :func:`_mixed_dp` with each duty's cost what it adds to the cover (``need``
    must not count this person) and to the person's requests, plus a price
    per minute worked: the minutes window (L3) is not a dimension of the DP
    but is met by searching that price (from the price that fitted the last
    time, in ``prices`` per person and for anybody under None; outwards by
    doubling steps until it is bracketed, then by regula falsi; at most
    :data:`MIXED_PASSES` DPs); a type over its cap (L2) by changing its
    duties to other types (:func:`_within_caps`), or where that fails by a
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
    base = np.array([[-_one_more(need, under, over, sid, d) for d in range(n)] for sid in sids],
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
    for _ in range(MIXED_PASSES):
        cost = base + price * minutes[:, None] + per_type[:, None]
        found = _mixed_dp(may, cost, follows, weekday, k, m, r, cap)
        if found is None:
            return None
        plan = found[1]
        used = np.bincount([t for t in plan if t is not None], minlength=len(sids))
        if (used > caps).any() and not _within_caps(plan, used, caps, base, may, follows):
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


def _within_caps(plan: list[int | None], used: np.ndarray, caps: np.ndarray, cost: np.ndarray,
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


def _move_to_short(inst, emp, cells, need, types: list[str | None]) -> None:
    """Move duty days off over-covered shifts to shifts still short that day.

    ``need`` counts this person's duties already. A duty day whose shift is
    over-covered moves to the shortest other type of the same length the
    person may work that date, within its cap (L2) and allowed after the day
    before and before the day after (L8); runs, weekends and minutes stay as
    planned. Updates ``types`` and ``need``.
    """
    count = Counter(t for t in types if t is not None)
    length = {sid: shift.minutes for sid, shift in inst.shifts.items()}
    # Forward, then backward: a run's first days can only become shifts that
    # may precede the rest of it, its last days shifts that may follow it.
    days = range(len(types))
    for d in (*days, *reversed(days)):
        cur = types[d]
        if cur is None or need[cur][d] >= 0:
            continue
        minutes = length[cur]
        before = types[d - 1] if d else None
        after = types[d + 1] if d + 1 < len(types) else None
        best = None
        for t, row in cells.items():
            cap = emp.max_shifts.get(t)
            if (t == cur or row[d] is None or need[t][d] <= 0
                    or length[t] != minutes
                    or (cap is not None and count[t] >= cap)
                    or (before is not None and t in inst.shifts[before].not_followed_by)
                    or (after is not None and after in inst.shifts[t].not_followed_by)):
                continue
            if best is None or need[t][d] > need[best][d]:
                best = t
        if best is not None:
            types[d] = best
            count[cur] -= 1
            count[best] += 1
            need[cur][d] += 1
            need[best][d] -= 1


def _one_more(need, under, over, t: str, d: int) -> int:
    """What one more person on shift ``t`` at date ``d`` saves in cover penalty."""
    return under[t][d] if need[t][d] > 0 else -over[t][d]


def _one_less(need, under, over, t: str, d: int) -> int:
    """What one person less on shift ``t`` at date ``d`` saves in cover penalty."""
    return over[t][d] if need[t][d] < 0 else -under[t][d]


def _retype_runs(inst, emp, cells, need, types: list[str | None], under, over) -> None:
    """Give the start or the end of a run of duty days another shift type.

    Moving a single day (:func:`_move_to_short`) cannot reach the middle of a
    run where successions (L8) order the types; moving its first or last
    days together can. For each run, the best such change by the coverage
    weights (one shift type of the same length the person may work on those
    dates, within its cap, that may follow itself and fits the rest of the
    run) is made if it pays. Updates ``types`` and ``need``.
    """
    count = Counter(t for t in types if t is not None)
    length = {sid: shift.minutes for sid, shift in inst.shifts.items()}
    n = len(types)
    d = 0
    while d < n:
        if types[d] is None:
            d += 1
            continue
        a = d
        while d < n and types[d] is not None:
            d += 1
        b = d - 1  # the run is a..b
        best = None  # (gain, first, last, shift)
        for t, row in cells.items():
            shift = inst.shifts[t]
            if t in shift.not_followed_by and b > a:
                continue
            cap = emp.max_shifts.get(t)
            # Suffixes k..b (after types[k-1]) and prefixes a..k (before types[k+1]).
            for days in (range(b, a - 1, -1), range(a, b + 1)):
                gain, used = 0, 0
                for k in days:
                    cur = types[k]
                    if row[k] is None or length[cur] != length[t]:
                        break
                    if cur != t:
                        used += 1
                        gain += _one_less(need, under, over, cur, k) + \
                                _one_more(need, under, over, t, k)
                    if cap is not None and count[t] + used > cap:
                        break
                    first, last = (k, b) if days.step < 0 else (a, k)
                    before = types[first - 1] if first > a else None
                    after = types[last + 1] if last < b else None
                    if ((before is None or t not in inst.shifts[before].not_followed_by)
                            and (after is None or after not in shift.not_followed_by)
                            and gain > 0 and (best is None or gain > best[0])):
                        best = (gain, first, last, t)
        if best is not None:
            _, first, last, t = best
            for k in range(first, last + 1):
                cur = types[k]
                if cur != t:
                    types[k] = t
                    count[cur] -= 1
                    count[t] += 1
                    need[cur][k] += 1
                    need[t][k] -= 1


def _assign_by_day(inst, plans, need, under, over) -> None:
    """Date by date, give the people on duty the shift types that cover it best.

    Who works which date stays as planned. On each date in turn, a min-cost
    flow assigns the people on duty to the shift types they may work that
    date: within caps (L2); within the minutes window (L3), counted with the
    types given so far, so a person planned on 8-hour shifts may take a few
    10- or 12-hour ones where those are short (the DP plans one length);
    allowed after the person's final type of the day before, and allowing
    the type planned for the next day (L8), so that type stays a choice
    there. Costs: the coverage weights (a person short first, then one too
    many); a change of type costs a little. Instance13 (three shift lengths,
    28 days): the constructed roster's penalty 81 010 → 62 519 (68 689 →
    49 198 with weekends last), in 0.1 s.
    """
    from ortools.graph.python import min_cost_flow

    sids = list(inst.shifts)
    length = {sid: shift.minutes for sid, shift in inst.shifts.items()}
    counts = {emp_id: Counter(t for t in types if t is not None)
              for emp_id, (_e, _c, types) in plans.items()}
    top = max((w for row in under.values() for w in row), default=0) + 1
    minutes = {emp_id: sum(length[t] for t in types if t is not None)
               for emp_id, (_e, _c, types) in plans.items()}
    for d in range(inst.num_days):
        people = [(emp_id, emp, cells, types) for emp_id, (emp, cells, types) in plans.items()
                  if types[d] is not None]
        if not people:
            continue
        tails, heads, caps, costs = [], [], [], []
        node_of = {sid: len(people) + i for i, sid in enumerate(sids)}
        sink = len(people) + len(sids)
        used = set()
        for w, (emp_id, emp, cells, types) in enumerate(people):
            cur = types[d]
            before = types[d - 1] if d else None
            after = types[d + 1] if d + 1 < len(types) else None
            for t, row in cells.items():
                if row[d] is None:
                    continue
                if length[t] != length[cur]:
                    total = minutes[emp_id] - length[cur] + length[t]
                    if (emp.max_minutes is not None and total > emp.max_minutes) or \
                            (emp.min_minutes is not None and total < emp.min_minutes):
                        continue
                if t != cur:
                    cap = emp.max_shifts.get(t)
                    if cap is not None and counts[emp_id][t] >= cap:
                        continue
                    if before is not None and t in inst.shifts[before].not_followed_by:
                        continue
                    if after is not None and after in inst.shifts[t].not_followed_by:
                        continue
                used.add(t)
                tails.append(w)
                heads.append(node_of[t])
                caps.append(1)
                costs.append(0 if t == cur else 1)
        for t in used:
            staff = need[t][d] + sum(1 for (_i, _e, _c, types) in people if types[d] == t)
            # Per type: up to its staff at the under weight's saving, more
            # at the over weight (offset by ``top`` to keep costs positive).
            arcs = [(staff, top - under[t][d])] if staff > 0 else []
            for cap, cost in [*arcs, (len(people), top + over[t][d])]:
                tails.append(node_of[t])
                heads.append(sink)
                caps.append(cap)
                costs.append(4 * cost)
        flow = min_cost_flow.SimpleMinCostFlow()
        flow.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
        for w in range(len(people)):
            flow.set_node_supply(w, 1)
        flow.set_node_supply(sink, -len(people))
        if flow.solve() != flow.OPTIMAL:
            continue
        for a in range(len(tails)):
            if tails[a] < len(people) and flow.flow(a):
                emp_id, emp, cells, types = people[tails[a]]
                t = sids[heads[a] - len(people)]
                cur = types[d]
                if t != cur:
                    types[d] = t
                    counts[emp_id][cur] -= 1
                    counts[emp_id][t] += 1
                    need[cur][d] += 1
                    need[t][d] -= 1
                    minutes[emp_id] += length[t] - length[cur]


def _convert_lengths(inst, emp, cells, need, types: list[str | None], under, over) -> None:
    """Give duty days a longer shift type where it is short, dropping days to keep the minutes.

    The DP plans one length. Where a longer type is short on a date the
    person works, the day may take it (within its cap, allowed after the day
    before and before the day after); when the minutes would pass the
    person's maximum, a first or last day of a run longer than
    ``min_consecutive`` is given up as well (breaks only grow, weekends only
    fall). Each change is made when the coverage weights say it pays.
    Updates ``types`` and ``need``.
    """
    n = len(types)
    length = {sid: shift.minutes for sid, shift in inst.shifts.items()}
    count = Counter(t for t in types if t is not None)
    minutes = sum(length[t] for t in types if t is not None)
    hi = emp.max_minutes if emp.max_minutes is not None else math.inf
    lo = emp.min_minutes if emp.min_minutes is not None else 0
    m = emp.min_consecutive or 1

    def value(t, d):
        return _one_more(need, under, over, t, d)

    def loss(t, d):
        return -_one_less(need, under, over, t, d)

    candidates = []
    for d, cur in enumerate(types):
        if cur is None:
            continue
        for t, row in cells.items():
            if row[d] is None or length[t] <= length[cur] or need[t][d] <= 0:
                continue
            gain = value(t, d) - loss(cur, d)
            if gain > 0:
                candidates.append((-gain, d, t))
    if not candidates:
        return
    candidates.sort()
    converted = set()

    def run_len(d):
        a = d
        while a > 0 and types[a - 1] is not None:
            a -= 1
        b = d
        while b + 1 < n and types[b + 1] is not None:
            b += 1
        return a, b

    def best_drop(exclude):
        best = None
        for d, cur in enumerate(types):
            if cur is None or d in converted or d == exclude:
                continue
            first = d == 0 or types[d - 1] is None
            last = d == n - 1 or types[d + 1] is None
            if not (first or last):
                continue
            a, b = run_len(d)
            if b - a + 1 <= m:
                continue
            g = -loss(cur, d)
            if best is None or g > best[0]:
                best = (g, d)
        return best

    for _, d, t in candidates:
        cur = types[d]
        if cur is None or d in converted or need[t][d] <= 0:
            continue
        cap = emp.max_shifts.get(t)
        if cap is not None and count[t] >= cap:
            continue
        before = types[d - 1] if d else None
        after = types[d + 1] if d + 1 < n else None
        if (before is not None and t in inst.shifts[before].not_followed_by) or \
                (after is not None and after in inst.shifts[t].not_followed_by):
            continue
        gain = value(t, d) - loss(cur, d)
        extra = length[t] - length[cur]
        drop = None
        if minutes + extra > hi:
            drop = best_drop(d)
            if drop is None:
                continue
            gain += drop[0]
            extra -= length[types[drop[1]]]
            if minutes + extra < lo or minutes + extra > hi:
                continue
        if gain <= 0:
            continue
        if drop is not None:
            x = drop[1]
            old = types[x]
            types[x] = None
            count[old] -= 1
            need[old][x] += 1
        types[d] = t
        count[cur] -= 1
        count[t] += 1
        need[cur][d] += 1
        need[t][d] -= 1
        minutes += extra
        converted.add(d)
