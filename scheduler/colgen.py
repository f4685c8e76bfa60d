"""Column generation over whole schedules per person, and a dive to a roster.

When coverage is soft and one duty a day is the rule (the Curtois & Qu
benchmark), every hard rule concerns one person, so a roster is a choice of
one schedule (a *column*) per person, coupled only by the soft cover. The
linear relaxation of that choice over all schedules (the master problem of
Curtois and Qu's branch and price) is much tighter than CP-SAT's relaxation
of the engine's model (Instance8: 1 296.6 against a bound of 1 249 after
60 s of search). This module solves it by column generation and dives from
it to a roster:

- *master*: a GLOP LP with one convexity row per person and one cover row
  per shift occurrence, whose shortfall and surplus are priced at the
  occurrence's under- and over-cover weights; a column costs its person's
  request penalties;
- *pricing*: for each person the schedule of least reduced cost, by an exact
  dynamic programme over the dates (:func:`schedule_dp`): runs of duty days
  and breaks within their limits (L4–L6, edges exempt as in the checks),
  weekends worked within the cap (L7), successions (L8) and the person's
  dates and shifts (H4, H6) in its states, the minutes window (L3) and the
  per-type caps (L2) as resources (the minutes themselves, or where that
  takes fewer states the number of duties and the counts of the longer
  types, from which the minutes follow: :func:`_axes`). A cap becomes a
  resource only once a schedule broke it (most never bind), and only while
  the product of the resources stays small; beyond that it is met by a
  price per duty of the type, which makes the pricing inexact (the DP
  without that cap, a relaxation, still gives a lower bound on the least
  reduced cost). The
  DP's recursion is compiled by numba (:func:`_forward_loops`; about 7 ms
  for one Instance14 person with a cap as a resource, 54 ms as numpy
  reductions, which stay as the fallback without numba); the people are
  priced in a thread pool, one thread per worker (:func:`_prices`);
- *bound*: LP + Σ min(0, least reduced cost or its lower bound) is a lower
  bound on every roster's penalty of cover and requests (Instance10, priced
  inexactly: 4 628); where caps were priced, one more pricing at the root's
  duals with room for them as resources (:data:`EXACT`) tightens it
  (Instance10: 4 631, its best known, proved optimal; 9: 395 instead of 0;
  0.3-0.4 s);
- *dive*: the columns at (almost) one in the LP are fixed, or else the one
  nearest to one, and the LP is solved again with new columns for the people
  left, until everybody has a schedule or the time is up (then each person
  left takes their column of largest value); on long horizons a share of
  the people left is fixed at once (Instance18, 84 days: one at a time, the
  first dive had not ended after 50 s), and wherever the pace so far would
  not end the dive in time, as many as it needs (:func:`_batch`);
- *polish*: each dived roster is then improved by best responses
  (:func:`_polish`): each person in turn takes the pricing DP's least-cost
  schedule against everybody else's duties, where it costs less, until
  nobody alone can do better; those schedules join the master LP
  (Instance19's dive: 15 483 -> 5 277 in 0.6 s);
- *master IP* (on request, for the small models): the master problem with
  binary columns over every column the dives generated, by CP-SAT from the
  best dive (price and branch; Instance5: 1 148 dived, 1 145 picked, after
  which CP-SAT reached the best known 1 143).

The roster is a start for :func:`scheduler.search.solve_lns`, which checks
it with the independent checks, completes it in the engine's model and
improves it (partly in the neighbourhoods where it differs from the root
LP, whose value of each duty comes with it); this module never decides
what is feasible.
"""

from __future__ import annotations

import math
import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass, field

import numpy as np

from .instance import Instance

INF = np.inf
# Largest product of a pricing DP's resources (:func:`resource_states`:
# minutes levels, or duties and the counts of the longer types since session
# 29, × (cap + 1) of each capped type) before a cap is priced instead (Instance8: two people with
# three binding caps took 1.3 s per DP as resources, 5 ms priced, with numpy's
# recursion). Session 26, the DP compiled: at 700 the caps of 5 on 9 and 14
# are resources, the pricing exact. 60 s, seed 1, 700 / 400: 14 (dived)
# 1 278 proved optimal at 34 s / 1 315, 17 5 748 / 5 984, 15 4 030 / 4 607,
# 19 3 937 / 3 801; 9 443 with a bound of 406; 7, 8, 10-12, 16, 18 as good
# or better than at 400 in session 25 (12 4 067, 18 4 573).
RESOURCES = 700
# Share of the time for the root LP; the dives get the rest. Instance12's root
# takes about 21 s: at 0.6 (18 s of 30) it was cut short, at 0.8 it ends,
# with its exact bound 4 040 (session 23, 60 s: 4 154 / 4 050 against 4 160 /
# 4 141 at 0.6). The others' roots end sooner; then the share does not matter.
ROOT_SHARE = 0.8
# When even this many rounds of pricing at the pace of the first three would
# not fit in the root's time, the dive is given up at once (a model far too
# large for it). The root takes 19-47 rounds on Instances 5-12, but even a
# dive from an unfinished root is a good start: with 40 here, 12 (about
# 0.5 s a round) and 10 (slow first rounds) gave up and ended at 4 218 and
# 4 731; without the check, 4 160 / 4 141 and 4 633 / 4 632 (session 23).
ROOT_ROUNDS = 10
# Room for the caps as resources of the DP in one pricing at the root's duals
# for the bound (:func:`_exact_bound`).
EXACT = 2_000
DIVE_ROUNDS = 8  # pricing rounds after each fixing in the dive
# Share of the time a dived roster's best responses (:func:`_polish`) may
# take beyond the dive's end. Instance19's dive: 15 483 -> 5 277 in three
# rounds, 0.6 s (session 31).
POLISH_SHARE = 0.05
# Root rounds price at this mix of the duals of the best bound so far and the
# LP's (Wentges smoothing; 0: the LP's duals alone), while no cap is priced.
# Session 27, root alone, rounds and seconds, 0.5 / 0: Instance7 35 / 47
# (0.5 / 0.8 s), 9 24 / 28, 12 38 / 47 (4.0 / 4.7 s), 17 36 / 42; 8, 10, 14
# price caps (unchanged); 11 21 / 19. Where caps were priced it stalled:
# Instance19's LP stopped at 7 700-11 200 instead of 3 148. Not adopted: the
# faster roots leave fewer columns for the dives (Instance5's first dive
# 1 250 / 1 148), and whole runs, seed 1, 0.5 / 0, were no better: 60 s: 17
# 5 855 / 5 749, 12 4 043 / 4 149; 10 s: 7 1 063 / 1 057, 9 442 / 452, 12
# 6 491 / 8 301 (its root ended within the 10 s).
SMOOTH = 0.0


_buffers = threading.local()


def _buffer(which: int, shape: tuple) -> np.ndarray:
    """An uninitialised array of ``shape``, reusing this thread's memory for ``which``.

    The DP's arrays reach tens of MB (Instance14 with caps as resources:
    17 MB each); fresh ones cost page faults on every call.
    """
    store = getattr(_buffers, "arrays", None)
    if store is None:
        store = _buffers.arrays = [np.empty(0), np.empty(0), np.empty(0)]
    size = math.prod(shape)
    if store[which].size < size:
        store[which] = np.empty(max(size, 2 * store[which].size))
    return store[which][:size].reshape(shape)


def _axes(units: list[int], hi: int, n: int, caps: list[int | None],
          grid: bool = True) -> tuple[list[int], list[tuple[int, ...]], np.ndarray | None]:
    """The resource axes of :func:`schedule_dp`: sizes, each type's step, minutes.

    Either the minutes (in units, 0..``hi``) then a count per capped type,
    or, where smaller, the number of duties then a count per type that is
    capped or longer than the shortest (the minutes follow from those
    counts; Instance15: 109 minute levels against 28 duties, so two caps of
    4 and 3 take 560 states instead of 2 180). The third value is None for
    the first, else each state's minutes over the grid, for the final
    window (with ``grid`` false, an empty array: the sizes alone are wanted).
    """
    types = len(units)
    capped = [t for t in range(types) if caps[t] is not None]
    sizes = [int(hi) + 1] + [int(caps[t]) + 1 for t in capped]  # type: ignore[arg-type]
    delta = [tuple([int(units[t])] + [int(c == t) for c in capped]) for t in range(types)]
    if types == 0:
        return sizes, delta, None
    least = min(units)
    if least <= 0:
        return sizes, delta, None
    counted = [t for t in range(types) if caps[t] is not None or units[t] > least]
    limit = [min(n, hi // units[t]) if caps[t] is None else min(int(caps[t]), n)  # type: ignore[arg-type]
             for t in counted]
    other = [min(n, hi // least) + 1] + [c + 1 for c in limit]
    if math.prod(other) >= math.prod(sizes):
        return sizes, delta, None
    steps = [tuple([1] + [int(c == t) for c in counted]) for t in range(types)]
    if not grid:
        return other, steps, np.empty(0)
    counts = np.indices(other)
    minutes = least * counts[0]
    for a, t in enumerate(counted, start=1):
        minutes = minutes + (units[t] - least) * counts[a]
    return other, steps, minutes


def resource_states(units: list[int], hi: int, n: int, caps: list[int | None]) -> int:
    """How many resource states :func:`schedule_dp` keeps per run state (see :func:`_axes`)."""
    return math.prod(_axes(units, hi, n, caps, grid=False)[0])


def schedule_dp(may: np.ndarray, cost: np.ndarray, follows: np.ndarray, weekday: list[int],
                k: int, m: int, r: int, cap: int | None, units: list[int], lo: int, hi: int,
                caps: list[int | None] | None = None) -> tuple[float, list[int | None]] | None:
    """The least-cost schedule of one person, exactly, or None if there is none.

    ``may[t, d]``: type t may be worked on date d; ``cost[t, d]``: what a
    duty of type t on date d costs; ``follows[t, u]``: u may be worked the
    day after t. Runs of duty days are at most ``k`` long and, unless they
    touch an edge of the horizon, at least ``m``; breaks not touching an edge
    are at least ``r``; at most ``cap`` weekends are worked (a Saturday or
    Sunday on duty; None: not counted); the duties' ``units`` (minutes over
    their common divisor) add up to ``lo``..``hi``; type t is worked at most
    ``caps[t]`` times (None: no cap). Returns the cost and each date's type
    index (None: off).

    States per date: on the j-th day of a run of type t (``on``; ``edge``
    for the run that started on the first date, which may end at any
    length), or the i-th day off (the last i meaning ``r`` or more), each
    with the weekends and the resources (units, then one count per capped
    type) used so far. Every date's states are kept for the trace-back.
    """
    types, n = may.shape
    if m > k or n == 0 or hi < 0:
        return None
    counted = cap is not None
    wd = (cap or 0) + 1
    sizes, delta, minutes = _axes(units, int(hi), n, list(caps) if caps is not None
                                  else [None] * types)
    nres = len(sizes)
    fits = [all(dv[a] < sizes[a] for a in range(nres)) for dv in delta]
    # Left unset here: the compiled loops set each date to INF as they reach
    # it, while it is in the cache (filling them up front took a third of
    # Instance14's DP time).
    ons = _buffer(0, (n, k, types, wd, *sizes))
    ke = min(n, k)  # the run from the first date is on its e-th day on date e: gone by k
    edges = _buffer(1, (ke, k, types, wd, *sizes))
    offs = _buffer(2, (n, r, wd, *sizes))
    for arr in (ons, edges, offs):
        arr[0 if _forward_compiled is not None else slice(None)] = INF
    w0 = 1 if counted and weekday[0] >= 5 else 0
    if w0 < wd:
        for t in range(types):
            if may[t, 0] and fits[t]:
                edges[(0, 0, t, w0, *delta[t])] = cost[t, 0]
    offs[(0, r - 1, 0) + (0,) * nres] = 0.0
    if _forward_compiled is not None:
        # The same recursion over the resources flattened to one axis:
        # ``shift[t, x]`` is where a duty of type t takes resource index x
        # (-1: beyond a cap or the minutes).
        size = int(np.prod(sizes))
        grid = np.indices(sizes).reshape(nres, size)
        steps = np.array(delta, dtype=np.int64).reshape(types, nres)
        inside = (grid[None] + steps[:, :, None] < np.array(sizes)[None, :, None]).all(axis=1)
        strides = np.cumprod([1] + sizes[:0:-1])[::-1]
        target = np.arange(size)[None] + (steps @ strides)[:, None]
        if minutes is not None:  # beyond the most minutes: never back within them
            inside &= minutes.reshape(size)[np.where(inside, target, 0)] <= hi
        shift = np.where(inside, target, -1)
        _forward_compiled(ons.reshape(n, k, types, wd, size), edges.reshape(ke, k, types, wd, size),
                          offs.reshape(n, r, wd, size), np.ascontiguousarray(may, dtype=np.bool_),
                          np.ascontiguousarray(cost, dtype=np.float64), *_predecessors(follows),
                          shift.astype(np.int64),
                          np.array(weekday, dtype=np.int64), counted, m, r)
    else:
        _forward_numpy(ons, edges, offs, may, cost, follows, weekday, counted, m, r, delta, sizes)
    lo = max(int(math.ceil(lo)), 0)
    if minutes is None:
        final = [ons[n - 1][:, :, :, lo:], edges[n - 1][:, :, :, lo:] if n <= ke
                 else np.empty(0), offs[n - 1][:, :, lo:]]
    else:  # the window on the minutes of the counts; no offset
        keep = (minutes >= lo) & (minutes <= hi)
        final = [np.where(keep, ons[n - 1], INF),
                 np.where(keep, edges[n - 1], INF) if n <= ke else np.empty(0),
                 np.where(keep, offs[n - 1], INF)]
        lo = 0
    values = [a.min() if a.size else INF for a in final]
    best = min(values)
    if not np.isfinite(best):
        return None
    which = values.index(best)
    idx = [int(x) for x in np.unravel_index(int(final[which].argmin()), final[which].shape)]
    if which == 2:
        idx[2] += lo
        state: tuple = ("off", idx[0], idx[1], tuple(idx[2:]))
    else:
        idx[3] += lo
        state = ("on" if which == 0 else "edge", idx[0], idx[1], idx[2], tuple(idx[3:]))
    return float(best), _trace(state, ons, edges, offs, cost, follows, weekday, counted, m, r,
                               delta, float(best))


def _forward_numpy(ons, edges, offs, may, cost, follows, weekday, counted: bool, m: int, r: int,
                   delta, sizes) -> None:
    """:func:`schedule_dp`'s recursion over the dates, vectorised by numpy.

    Used where numba is missing (and by the tests, against the compiled
    one); about 7 ms per call on Instance14, most of it numpy's overhead on
    small arrays (session 25: 1.3 M reductions in 40 s).
    """
    n, k, types = ons.shape[0], ons.shape[1], ons.shape[2]
    nres = len(sizes)
    fits = [all(dv[a] < sizes[a] for a in range(nres)) for dv in delta]
    dst = [tuple(slice(dv[a], sizes[a]) for a in range(nres)) for dv in delta]
    src = [tuple(slice(0, sizes[a] - dv[a]) for a in range(nres)) for dv in delta]
    # Types whose successors are the same form one class of the day before:
    # the least over a class first, then over the classes a type may follow
    # (Instance12: 10 types, 4 classes; the succession step is most of the DP).
    rows: dict = {}
    for t in range(types):
        rows.setdefault(tuple(follows[t]), []).append(t)
    classes = list(rows.values())
    block = np.where(np.array([follows[c[0]] for c in classes]), 0.0, INF).reshape(
        (1, len(classes), types, 1) + (1,) * nres)

    def going_on(run: np.ndarray) -> np.ndarray:
        """Least cost of a run going on with each type: (j, u, w, *resources)."""
        if len(classes) == types:
            least = run[:k - 1]
        else:
            least = np.stack([run[:k - 1, c].min(axis=1) for c in classes], axis=1)
        return (least[:, :, None] + block).min(axis=1)

    every = slice(None)
    for e in range(1, n):
        on, off = ons[e - 1], offs[e - 1]
        edge = edges[e - 1] if e - 1 < len(edges) else None
        # Runs go on: the least over the type of the day before that u may follow.
        cont = going_on(on)
        econt = going_on(edge) if e < len(edges) else None
        if counted and weekday[e] == 5:  # a Saturday within a run starts a weekend
            pad = np.full_like(cont[:, :, :1], INF)
            cont = np.concatenate([pad, cont[:, :, :-1]], axis=2)
            if econt is not None:
                econt = np.concatenate([pad, econt[:, :, :-1]], axis=2)
        start = off[r - 1]  # a run starts after a long enough break
        if counted and weekday[e] >= 5:
            start = np.concatenate([np.full_like(start[:1], INF), start[:-1]], axis=0)
        new_on = ons[e]
        for u in range(types):
            if not may[u, e] or not fits[u]:
                continue
            c, d, s = cost[u, e], dst[u], src[u]
            new_on[(slice(1, None), u, every) + d] = cont[(every, u, every) + s] + c
            new_on[(0, u, every) + d] = start[(every,) + s] + c
            if econt is not None:
                edges[e][(slice(1, None), u, every) + d] = econt[(every, u, every) + s] + c
        new_off = offs[e]
        new_off[0] = on[m - 1:].min(axis=(0, 1))
        if edge is not None:
            new_off[0] = np.minimum(new_off[0], edge.min(axis=(0, 1)))
        if r == 1:
            new_off[0] = np.minimum(new_off[0], off[0])
        else:
            new_off[1:r - 1] = off[:r - 2]
            new_off[r - 1] = np.minimum(off[r - 1], off[r - 2])


def _forward_loops(ons, edges, offs, may, cost, add, grown, group, shift, weekday, counted,
                   m, r):
    """:func:`schedule_dp`'s recursion as plain loops, for numba to compile.

    The arrays are :func:`schedule_dp`'s with the resources flattened to the
    last axis: ``ons``/``edges`` (date, day of run, type, weekends, resource),
    ``offs`` (date, day off, weekends, resource); ``shift[t, x]`` is the
    resource index after a duty of type t from index x, -1 if it does not fit.
    The types a type may follow form ``group[u]``'s set of :func:`_predecessors`:
    set g is set g - 1 (if ``grown[g]``) with the types ``add[g]`` added.
    """
    n, k, types, wd, size = ons.shape
    ke = edges.shape[0]  # dates the run from the first date may be on
    sets = add.shape[0]
    least = np.empty((sets, size))
    least_edge = np.empty((sets, size))
    # Resource indices only grow, by at most ``step`` a date: none above
    # ``top`` is reached yet, and those are not looked at (they stay INF).
    step = 0
    for t in range(types):
        for x in range(size):
            if shift[t, x] >= 0:
                step = max(step, shift[t, x] - x)
                break
    top = min(step, size - 1)
    for e in range(1, n):
        ons[e] = np.inf
        offs[e] = np.inf
        going = e < ke  # the run from the first date may go on into date e
        if going:
            edges[e] = np.inf
        reach = top + 1  # indices below it may be reached on the date before
        top = min(top + step, size - 1)
        saturday = counted and weekday[e] == 5  # a run going on into it starts a weekend
        weekend = counted and weekday[e] >= 5  # a run starting on it starts one
        for w in range(wd):
            sw = w - 1 if weekend else w
            if sw >= 0:  # a run starts after a long enough break
                for u in range(types):
                    if may[u, e]:
                        c = cost[u, e]
                        for x in range(reach):
                            y = shift[u, x]
                            if y >= 0:
                                ons[e, 0, u, w, y] = offs[e - 1, r - 1, sw, x] + c
            pw = w - 1 if saturday else w
            if pw < 0:
                continue
            for j in range(k - 1):  # runs go on with u after a type it may follow
                for g in range(sets):
                    for x in range(reach):
                        least[g, x] = least[g - 1, x] if grown[g] else np.inf
                    for tp in range(types):
                        if add[g, tp]:
                            for x in range(reach):
                                least[g, x] = min(least[g, x], ons[e - 1, j, tp, pw, x])
                    if going:
                        for x in range(reach):
                            least_edge[g, x] = least_edge[g - 1, x] if grown[g] else np.inf
                        for tp in range(types):
                            if add[g, tp]:
                                for x in range(reach):
                                    least_edge[g, x] = min(least_edge[g, x],
                                                           edges[e - 1, j, tp, pw, x])
                for u in range(types):
                    if may[u, e]:
                        c, g = cost[u, e], group[u]
                        for x in range(reach):
                            y = shift[u, x]
                            if y >= 0:
                                ons[e, j + 1, u, w, y] = least[g, x] + c
                                if going:
                                    edges[e, j + 1, u, w, y] = least_edge[g, x] + c
        for w in range(wd):
            for x in range(reach):
                best = np.inf  # a break starts after a long enough run, or the edge run
                for j in range(m - 1, k):
                    for t in range(types):
                        best = min(best, ons[e - 1, j, t, w, x])
                if e - 1 < ke:
                    for j in range(k):
                        for t in range(types):
                            best = min(best, edges[e - 1, j, t, w, x])
                if r == 1:
                    offs[e, 0, w, x] = min(best, offs[e - 1, 0, w, x])
                else:
                    offs[e, 0, w, x] = best
                    for i in range(1, r - 1):
                        offs[e, i, w, x] = offs[e - 1, i - 1, w, x]
                    offs[e, r - 1, w, x] = min(offs[e - 1, r - 1, w, x], offs[e - 1, r - 2, w, x])


def _predecessors(follows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The distinct sets of types a type may follow, smallest first, as increments.

    Returns ``add[g, t]`` (type t is added to set g), ``grown[g]`` (set g
    is set g - 1 with those added: the minima carry over) and ``group[u]``
    (the set of the types u may follow). Successions are usually a chain
    (Instance14: E, D after E or D; L also after L; N after any), so the
    least over each set costs one pass over the types, not one per type.
    """
    types = follows.shape[0]
    columns = [tuple(bool(v) for v in follows[:, u]) for u in range(types)]
    distinct = sorted(set(columns), key=lambda c: (sum(c), c))
    add = np.zeros((len(distinct), types), dtype=np.bool_)
    grown = np.zeros(len(distinct), dtype=np.bool_)
    for g, cur in enumerate(distinct):
        before = distinct[g - 1] if g else None
        grown[g] = before is not None and all(b <= c for b, c in zip(before, cur, strict=True))
        add[g] = [c and not (grown[g] and b) for b, c in zip(before or cur, cur, strict=True)]
    group = np.array([distinct.index(c) for c in columns], dtype=np.int64)
    return add, grown, group


try:  # compiled once per machine (cached next to this module), 2-4 s
    from numba import njit
except ImportError:  # pragma: no cover - numba is a dependency; numpy does it, slower
    _forward_compiled = None
else:
    _forward_compiled = njit(cache=True, nogil=True)(_forward_loops)


def _trace(state: tuple, ons, edges, offs, cost, follows, weekday, counted: bool, m: int, r: int,
           delta, best: float) -> list[int | None]:
    """The schedule behind a final state of :func:`schedule_dp`, date by date backwards."""
    n, types = ons.shape[0], ons.shape[2]
    tol = 1e-7 * (1 + abs(best))
    plan: list[int | None] = [None] * n
    for e in range(n - 1, 0, -1):
        if state[0] in ("on", "edge"):
            kind, j, t, w, res = state
            plan[e] = t
            arr = ons if kind == "on" else edges
            value = arr[e][(j, t, w) + res]
            before = tuple(a - b for a, b in zip(res, delta[t], strict=True))
            if j == 0:
                state = ("off", r - 1, w - 1 if counted and weekday[e] >= 5 else w, before)
                continue
            pw = w - 1 if counted and weekday[e] == 5 else w
            for tp in range(types):
                if follows[tp, t] and abs(arr[e - 1][(j - 1, tp, pw) + before] + cost[t, e]
                                          - value) <= tol:
                    state = (kind, j - 1, tp, pw, before)
                    break
            else:  # pragma: no cover - a bug
                raise AssertionError("schedule_dp: no predecessor")
        else:
            _, i, w, res = state
            value = offs[e][(i, w) + res]
            if i == 0:
                ended = ons[e - 1][(slice(m - 1, None), slice(None), w) + res]
                from_edge = (edges[e - 1][(slice(None), slice(None), w) + res]
                             if e - 1 < len(edges) else np.full(1, INF))
                if abs(ended.min() - value) <= tol:
                    j, t = np.unravel_index(int(ended.argmin()), ended.shape)
                    state = ("on", int(j) + m - 1, int(t), w, res)
                elif abs(from_edge.min() - value) <= tol:
                    j, t = np.unravel_index(int(from_edge.argmin()), from_edge.shape)
                    state = ("edge", int(j), int(t), w, res)
                else:  # r == 1: a day off after a day off
                    state = ("off", 0, w, res)
            elif i < r - 1:
                state = ("off", i - 1, w, res)
            else:
                again = abs(offs[e - 1][(r - 1, w) + res] - value) <= tol
                state = ("off", r - 1 if again else r - 2, w, res)
    if state[0] != "off":
        plan[0] = state[2]
    return plan


class _Person:
    """One person's pricing problem: their dates, shifts, rules and requests."""

    def __init__(self, inst: Instance, emp, occs_of: dict[str, list[int | None]],
                 weekday: list[int], requests) -> None:
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
        self.follows = np.array([[u not in inst.shifts[t].not_followed_by for u in self.sids]
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
        # The price per duty that last kept each priced cap: the next pricing
        # starts from half of it instead of from an eighth of the costs
        # (session 25: Instance14's root in 14.8 s instead of 21.8 s; 10's
        # LP 4 631 instead of 4 643, then 4 631, the best known, in three
        # 60 s runs against 4 632).
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
        resources = RESOURCES if resources is None else resources
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


class _LPFailed(Exception):
    """The master LP did not solve to optimality."""


class _Master:
    """The master problem in OR-Tools' linear solver wrapper: GLOP for the LP.

    Rows: one convexity row per person (= 1), one cover row per occurrence
    (= its staff, with a shortfall and a surplus variable priced at its
    weights). Columns are numbered from 0 in the order added. ``solver``:
    the wrapper's solver name (``CP_SAT`` for the master IP, :func:`_master_ip`).
    """

    def __init__(self, num_people: int, occs, solver: str = "GLOP") -> None:
        from ortools.linear_solver import pywraplp

        self._found = (pywraplp.Solver.OPTIMAL, pywraplp.Solver.FEASIBLE)
        lp = self._lp = pywraplp.Solver.CreateSolver(solver)
        self._conv = [lp.Constraint(1, 1) for _ in range(num_people)]
        self._cover = [lp.Constraint(occ.staff, occ.staff) for occ in occs]
        self._objective = lp.Objective()
        self._objective.SetMinimization()
        for occ, row in zip(occs, self._cover, strict=True):
            short, extra = lp.NumVar(0, lp.infinity(), ""), lp.NumVar(0, lp.infinity(), "")
            row.SetCoefficient(short, 1)
            row.SetCoefficient(extra, -1)
            self._objective.SetCoefficient(short, occ.under_weight or 0)
            self._objective.SetCoefficient(extra, occ.over_weight or 0)
        self._vars: list = []

    def add(self, p: int, cells: tuple[int, ...], cost: float, binary: bool = False) -> int:
        # At most 1 by its convexity row (an upper bound of its own would
        # take a share of the reduced cost from the row's dual).
        var = self._lp.BoolVar("") if binary else self._lp.NumVar(0, self._lp.infinity(), "")
        self._conv[p].SetCoefficient(var, 1)
        for oi in cells:
            if oi >= 0:
                self._cover[oi].SetCoefficient(var, 1)
        self._objective.SetCoefficient(var, cost)
        self._vars.append(var)
        return len(self._vars) - 1

    def solve(self, feasible: bool = False) -> bool:
        """Whether it solved to optimality (or, with ``feasible``, found a solution)."""
        return self._lp.Solve() in (self._found if feasible else self._found[:1])

    def limit(self, seconds: float, parameters: str = "") -> None:
        self._lp.SetTimeLimit(max(1, int(1000 * seconds)))
        if parameters:
            self._lp.SetSolverSpecificParametersAsString(parameters)

    def hint(self, values: list[float]) -> None:
        """A value for every column, in the order added."""
        self._lp.SetHint(self._vars, values)

    def value(self) -> float:
        return self._objective.Value()

    def duals(self) -> tuple[np.ndarray, np.ndarray]:
        """The cover rows' duals and the convexity rows'."""
        return (np.array([row.dual_value() for row in self._cover]),
                np.array([row.dual_value() for row in self._conv]))

    def primal(self) -> np.ndarray:
        return np.array([var.solution_value() for var in self._vars])

    def set_lb(self, j: int, lb: float) -> None:
        self._vars[j].SetLb(lb)


@dataclass
class ColgenResult:
    """What :func:`dive` found: a roster and a lower bound."""

    duties: list[tuple[str, int]]  # (employee id, occurrence index)
    penalty: float  # of cover and requests, by the master
    root: float | None  # root LP value (None: not solved to the end)
    bound: int | None  # valid lower bound (the root's), None if the root was cut short
    stats: dict = field(default_factory=dict)
    # Each duty's value in the root LP's solution ((employee id, occurrence
    # index); absent: 0), where the root was solved to the end.
    root_duties: dict[tuple[str, int], float] = field(default_factory=dict)


def applies(inst: Instance) -> bool:
    """Whether the roster is a choice of one schedule per person (soft cover, one duty a day)."""
    return (inst.settings.max_duties_per_day == 1 and bool(inst.occurrences)
            and all(o.soft for o in inst.occurrences))


def dive(inst: Instance, until: float, log=None, most: int | None = None,
         fix_share: float = 0.0, master_ip: float = 0.0,
         stretch: float = 0.0, bounded: bool = False, workers: int = 1) -> ColgenResult | None:
    """Column generation then dives, until ``until`` (``time.perf_counter()``).

    After the first dive, more (at most ``most`` in all), each from the root
    LP with the columns found so far and drawing the column to fix by its
    value squared; the best roster is returned.

    ``fix_share``: where no column is at one, a dive fixes this share of the
    people left at once (at least one), by their columns' values, or more
    where its pace so far would not end it in time (:func:`_batch`).
    ``stretch``: seconds the root may take beyond its share
    (:data:`ROOT_SHARE`); the dives then still get their share of the time
    after it, ``until`` moving as far.
    ``bounded``: one dive only when the finished root bounds nothing (0:
    pricing with a cap priced so inexact that its Lagrangian bound is not
    positive); the dives from such an LP are poor starts and the time is
    better spent by the LNS after them (Instance9: dives of 479, 888, 503
    from its LP 445.67).
    ``master_ip``: this share of the time (after the first dive) goes to the
    master problem as an integer programme over all the columns found
    (:func:`_master_ip`, price and branch); its choice is kept if better.

    None when it does not apply (:func:`applies`), a person has no schedule
    at all, or the root's first rounds are too slow (:data:`ROOT_ROUNDS`).
    ``log``: a function called with progress lines. ``workers``: threads
    that price the people at once (:func:`_prices`).
    """
    if not applies(inst):
        return None
    with ThreadPoolExecutor(max_workers=workers) if workers > 1 else nullcontext() as pool:
        return _dive(inst, until, log, most, fix_share, master_ip, stretch, bounded, pool)


def _dive(inst: Instance, until: float, log, most: int | None, fix_share: float,
          master_ip: float, stretch: float, bounded: bool, pool) -> ColgenResult | None:
    """:func:`dive`, its people priced by ``pool`` (None: in this thread)."""
    started = time.perf_counter()
    occs = inst.occurrences
    people = _people(inst)

    lp = _Master(len(people), occs)
    columns: list[dict[tuple[int, ...], int]] = [{} for _ in people]

    def add(p: int, cells: tuple[int, ...], value: float) -> bool:
        if cells in columns[p]:
            return False
        columns[p][cells] = lp.add(p, cells, value)
        return True

    def cost(p: int, cells: tuple[int, ...]) -> float:
        return _schedule_cost(people[p], occs, cells)

    # First columns: each person's schedule as if every duty were worth its
    # under-cover weight (a full roster: the master is feasible from the start).
    eager = np.array([float(occ.under_weight or 0) for occ in occs])
    for p, person in enumerate(people):
        found = person.price(eager) or person.price(np.zeros(len(occs)))
        if found is None:
            return None
        add(p, found[0], cost(p, found[0]))

    fixed: dict[int, tuple[int, ...]] = {}
    stats = {"rounds": 0, "columns": 0, "dp": 0}

    staff = np.array([float(occ.staff) for occ in occs])
    # The duals at which the Lagrangian bound is finite: -over <= dual <= under.
    lowest = np.array([-float(occ.over_weight or 0) for occ in occs])
    highest = np.array([float(occ.under_weight or 0) for occ in occs])

    def generate(rounds: int, stop: float, pace: bool = False,
                 smooth: float = 0.0) -> tuple[float, float | None]:
        """Price and re-solve until no column is added; (LP value, Lagrangian bound or None).

        With ``pace``, stop (``stats["slow"]``) once :data:`ROOT_ROUNDS` rounds
        at the pace so far would end after ``stop``. With ``smooth`` (0-1),
        price at that mix of the duals of the best bound so far and the LP's
        (Wentges smoothing, :data:`SMOOTH`); a round that adds nothing there
        is priced again at the LP's own duals. The bound returned is the best
        of the rounds (valid at any duals between the cover rows' weights).
        """
        best: float | None = None
        center: np.ndarray | None = None
        value = math.inf
        for _ in range(rounds):
            done = stats["rounds"]
            if pace and done >= 3 and (time.perf_counter() - started) / done * ROOT_ROUNDS > \
                    stop - started:
                stats["slow"] = 1
                return value, None
            if not lp.solve():
                # GLOP gave up (ABNORMAL, seen after several dives on Instance6).
                raise _LPFailed
            value = lp.value()
            duals, mu = lp.duals()
            if time.perf_counter() > stop:
                return value, None
            stats["rounds"] += 1
            # Only while every pricing is exact: a priced cap's pricing is a
            # heuristic, and from mixed duals it stalled Instance19's LP at
            # 7 700-11 200 (3 148 from the LP's own duals). Only at the root
            # (nobody fixed): the dives price at the LP's duals.
            alpha = (smooth if center is not None and not fixed
                     and not any(person.last_price.any() for person in people) else 0.0)
            while True:
                # At the LP's duals the bound is its value plus each person's
                # least reduced cost; elsewhere the Lagrangian function itself.
                at = duals if alpha == 0 else np.clip(alpha * center + (1 - alpha) * duals,
                                                      lowest, highest)
                added, exact = 0, True
                lag = value if alpha == 0 else float(at @ staff)
                todo = [p for p in range(len(people)) if p not in fixed]
                for p, found in zip(todo, _prices(people, todo, at, pool), strict=True):
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
                        reduced = (cost(p, cells) - person.const
                                   - sum(duals[oi] for oi in cells if oi >= 0))
                    if reduced + person.const - mu[p] < -1e-6:
                        added += add(p, cells, cost(p, cells))
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

    root_stop = started + ROOT_SHARE * (until - started) + stretch
    try:
        root, lag = generate(10_000, root_stop, pace=True, smooth=SMOOTH)
    except _LPFailed:  # pragma: no cover - not seen at the root
        return None
    if stats.get("slow"):
        if log:
            log(f"colgen: {stats['rounds']} rounds in {time.perf_counter() - started:.1f}s, "
                f"too slow for a root in {root_stop - started:.1f}s; no dive")
        return None
    # A root that took more than its share leaves the dives theirs after it.
    until = max(until, time.perf_counter() + (1 - ROOT_SHARE) * (until - started))
    # Every penalty is non-negative: 0 bounds any roster too.
    bound = max(0, math.ceil(lag - 1e-6)) if lag is not None and math.isfinite(lag) else None
    if log:
        log(f"colgen root LP {root:.2f} bound {bound} rounds {stats['rounds']} "
            f"columns {sum(map(len, columns))} at {time.perf_counter() - started:.1f}s")
    complete = bound is not None or stats["rounds"] > 0
    # The root's duties by their LP value, for the search's neighbourhoods.
    x = lp.primal()
    root_duties: dict[tuple[str, int], float] = {}
    for p, person in enumerate(people):
        for cells, j in columns[p].items():
            if x[j] > 1e-6:
                for oi in cells:
                    if oi >= 0:
                        key = (person.emp.employee_id, oi)
                        root_duties[key] = root_duties.get(key, 0.0) + float(x[j])
    if bounded and bound == 0 and root > 0:
        if log:
            log("colgen: the priced root bounds nothing; one dive")
        most = 1
    if bound is not None and any(person.last_price.any() for person in people):
        # Caps were priced: one more pricing at the root's duals with room
        # for them as resources gives a tighter valid bound.
        exact = _exact_bound(people, root, *lp.duals(), pool=pool)
        if log:
            log(f"colgen: bound {exact:.2f} with the caps as resources "
                f"at {time.perf_counter() - started:.1f}s")
        bound = max(bound, math.ceil(exact - 1e-6))

    def dive_once(dives: int, until: float) -> bool:
        """Fix columns until everybody has one (True) or the time is up (False).

        The first dive fixes the columns at one, else the largest; the next
        ones draw a column by its value squared instead of the largest.
        """
        began, steps = time.perf_counter(), 0
        while len(fixed) < len(people) and time.perf_counter() < until:
            x = lp.primal()
            values = [(x[j], p, cells) for p in range(len(people))
                      if p not in fixed for cells, j in columns[p].items()]
            sure = [(p, cells) for x, p, cells in values if x > 0.99]
            if not sure:
                now = time.perf_counter()
                take = _batch(len(people) - len(fixed), fix_share, steps, now - began,
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
                lp.set_lb(columns[p][cells], 1)
            generate(DIVE_ROUNDS, until)
            steps += 1
            if log:
                log(f"colgen dive {dives}: {len(fixed)} of {len(people)} fixed, "
                    f"LP {lp.value():.2f} at {time.perf_counter() - started:.1f}s")
        return len(fixed) == len(people)

    def polished(choice: dict[int, tuple[int, ...]]) -> tuple[float, dict[int, tuple[int, ...]]]:
        """``choice`` after best responses (:func:`_polish`), with its penalty; its columns join the LP."""
        chosen = dict(choice)
        before = time.perf_counter()
        rounds = _polish(inst, people, chosen, cost,
                         max(until, before + POLISH_SHARE * (until - started)))
        for p, cells in chosen.items():
            add(p, cells, cost(p, cells))
        penalty = _penalty(inst, chosen, people, cost)
        stats["polish"] = stats.get("polish", 0.0) + time.perf_counter() - before
        if log:
            log(f"colgen polish: {_penalty(inst, choice, people, cost):.0f} -> {penalty:.0f} "
                f"in {rounds} rounds, {time.perf_counter() - before:.2f}s")
        return penalty, chosen

    # Once a dive has ended, the master IP's time comes off the next dives'.
    mip_until = until - master_ip * (until - started)
    rng = random.Random(0)
    best: tuple[float, dict[int, tuple[int, ...]]] | None = None
    while time.perf_counter() < (until if best is None else mip_until):
        # Dives while time is left, each from the LP back at the root (with
        # the columns found so far); the best roster is kept.
        dives = stats.setdefault("dives", 0)
        try:
            dived = dive_once(dives, until if best is None else mip_until)
        except _LPFailed:
            if dives == 0:
                return None
            break
        if not dived:
            break  # time is up within this dive
        stats["dives"] = dives + 1
        if log:
            log(f"colgen dive {dives}: {_penalty(inst, fixed, people, cost):.0f} "
                f"at {time.perf_counter() - started:.1f}s")
        penalty, chosen = polished(fixed)
        if best is None or penalty < best[0] - 1e-6:
            best = (penalty, chosen)
        if (bound is not None and best[0] <= bound + 1e-6) or stats["dives"] == most:
            break  # optimal, or enough dives
        for p, cells in fixed.items():
            lp.set_lb(columns[p][cells], 0)
        fixed.clear()
        lp.solve()
    if best is not None and master_ip > 0 and time.perf_counter() < until - 0.5:
        # Price and branch: the best choice among all columns found.
        chosen = _master_ip(inst, people, columns, cost, best[1],
                            min(until, time.perf_counter() + master_ip * (until - started)))
        if chosen is not None:
            penalty = _penalty(inst, chosen, people, cost)
            if log:
                log(f"colgen master IP: {penalty:.0f} at {time.perf_counter() - started:.1f}s")
            if penalty < best[0] - 1e-6:
                best = (penalty, chosen)
    if best is not None:
        fixed = best[1]
    else:
        if not lp.solve():
            return None
        x = lp.primal()
        for p in range(len(people)):
            if p not in fixed:  # time is up: the person's column of largest value
                fixed[p] = max(columns[p], key=lambda c, p=p: x[columns[p][c]])
        fixed = polished(fixed)[1]
    duties = [(people[p].emp.employee_id, oi) for p, cells in sorted(fixed.items())
              for oi in cells if oi >= 0]
    penalty = _penalty(inst, fixed, people, cost)
    stats["time"] = time.perf_counter() - started
    return ColgenResult(duties, penalty, root if complete else None, bound, stats,
                        root_duties if complete else {})


def _people(inst: Instance) -> list[_Person]:
    """Each person's pricing problem, in the order of ``inst.emp_ids``."""
    from .construct import _requests_of

    n = inst.num_days
    weekday = [d.weekday() for d in inst.dates]
    occs_of: dict[str, dict[str, list[int | None]]] = {e: {} for e in inst.emp_ids}
    for occ in inst.occurrences:
        for emp_id in inst.eligible_emps[occ.index]:
            occs_of[emp_id].setdefault(occ.shift_id, [None] * n)[
                (occ.date - inst.first).days] = occ.index
    requests = _requests_of(inst)
    return [_Person(inst, inst.staff[e], occs_of[e], weekday, requests.get(e, []))
            for e in inst.emp_ids]


def _schedule_cost(person: _Person, occs, cells: tuple[int, ...]) -> float:
    """A schedule's request penalty (each date's occurrence index, -1 off)."""
    return person.const + sum(person.req[person.sids.index(occs[oi].shift_id), d]
                              for d, oi in enumerate(cells) if oi >= 0)


def _prices(people, todo: list[int], duals: np.ndarray, pool=None, resources: int | None = None):
    """Each of the people ``todo``'s :meth:`_Person.price` at ``duals``, in that order.

    With ``pool`` (a thread pool), priced at once: the compiled DP releases
    the GIL, its arrays are per thread, and a person's pricing changes only
    that person's state, so the answers are those of one thread.
    """
    if pool is None:
        return [people[p].price(duals, resources=resources) for p in todo]
    return list(pool.map(lambda p: people[p].price(duals, resources=resources), todo))


def _exact_bound(people, value: float, duals: np.ndarray, mu: list[float], pool=None) -> float:
    """The Lagrangian bound at these duals, each person priced with :data:`EXACT` room.

    ``value`` is the master LP's value at ``duals`` (cover rows) and ``mu``
    (convexity rows). A cap without room even then is left out of the DP (a
    relaxation), so the bound stays valid. ``pool``: see :func:`_prices`.
    """
    total = value
    kept = [person.last_price.copy() for person in people]  # the search's pricing goes on
    found_all = _prices(people, list(range(len(people))), duals, pool, EXACT)
    for p, (person, found) in enumerate(zip(people, found_all, strict=True)):
        person.last_price = kept[p]
        if found is None:  # pragma: no cover - it had a schedule before
            return -INF
        total += min(0.0, found[2] + person.const - mu[p])
    return total


def _batch(left: int, fix_share: float, steps: int, spent: float, remaining: float) -> int:
    """How many of the ``left`` people a dive's step fixes when no column is at one.

    ``fix_share`` of them (at least one) or, after ``steps`` steps in
    ``spent`` seconds, as many as it takes to fix everybody within four
    fifths of the ``remaining`` seconds at that pace. A dive cut short by
    the time fills in the people left from the LP: Instance12's first dive
    fixed 13 of 60 people in its 10 s, and the LNS started from 12 121
    (session 25; 6 922 and 6 715 dived to the end this way).
    """
    take = max(1, int(fix_share * left))
    if steps and spent > 0:
        room = 0.8 * max(0.0, remaining) / (spent / steps)
        take = max(take, math.ceil(left / max(1.0, room)))
    return min(left, take)


def _master_ip(inst: Instance, people, columns, cost, start: dict, until: float) -> dict | None:
    """The best choice of one column per person among ``columns``, or None.

    The master problem with its column variables binary, by CP-SAT (two
    workers) from the choice ``start`` (a hint), until ``until``; None when
    it found no choice. SCIP took longer: Instance6's 821 columns after one
    dive, 6.1 s to its limit (1 953) against 3.0 s to 1 952; Instance5's
    503, 3.7 s and 3.8 s to 1 145 (session 24).
    """
    mip = _Master(len(people), inst.occurrences, "CP_SAT")
    mip.limit(until - time.perf_counter(), "num_workers: 2")
    chosen = {(p, cells): mip.add(p, cells, cost(p, cells), binary=True)
              for p in range(len(people)) for cells in columns[p]}
    mip.hint([1.0 if start.get(p) == cells else 0.0 for p, cells in chosen])
    if not mip.solve(feasible=True):
        return None
    x = mip.primal()
    return {p: cells for (p, cells), j in chosen.items() if x[j] > 0.5}


def _penalty(inst: Instance, fixed: dict, people, cost) -> float:
    """Cover and request penalty of a choice of one column per person."""
    count = np.zeros(len(inst.occurrences))
    total = 0.0
    for p, cells in fixed.items():
        total += cost(p, cells)
        for oi in cells:
            if oi >= 0:
                count[oi] += 1
    for occ in inst.occurrences:
        gap = occ.staff - count[occ.index]
        total += gap * (occ.under_weight or 0) if gap > 0 else -gap * (occ.over_weight or 0)
    return total


def _polish(inst: Instance, people, fixed: dict, cost, until: float) -> int:
    """Each person's best schedule against everybody else's, in turn, while it pays.

    A person's duty on an occurrence short without them saves its under-cover
    weight; one on an occurrence covered without them costs its over-cover
    weight: those are the duals of the person's pricing, whose least-cost
    schedule is then their best response, taken where it costs less than
    their schedule in ``fixed`` (changed in place). Up to ``until``, and
    until a round changes nobody; returns the rounds done.
    """
    occs = inst.occurrences
    staff = np.array([occ.staff for occ in occs])
    under = np.array([float(occ.under_weight or 0) for occ in occs])
    over = np.array([float(occ.over_weight or 0) for occ in occs])
    count = np.zeros(len(occs), dtype=np.int64)
    for cells in fixed.values():
        for oi in cells:
            if oi >= 0:
                count[oi] += 1
    rounds = 0
    while time.perf_counter() < until:
        rounds += 1
        changed = 0
        for p in range(len(people)):
            if time.perf_counter() >= until:
                break
            mine = [oi for oi in fixed[p] if oi >= 0]
            count[mine] -= 1
            duals = np.where(count < staff, under, -over)
            found = people[p].price(duals)  # its value: requests less duals, without the constant
            if found is not None and \
                    found[1] + people[p].const < cost(p, fixed[p]) - duals[mine].sum() - 1e-9:
                fixed[p] = found[0]
                mine = [oi for oi in found[0] if oi >= 0]
                changed += 1
            count[mine] += 1
        if not changed:
            break
    return rounds
