"""The least-cost schedule of one person over the horizon, exactly: one DP for the search.

A person's schedule is a shift type or a day off on each date. Every labour
rule of :mod:`constraints` that concerns one person alone is a state or a
resource of this dynamic programme over the dates:

- runs of duty days at most ``max_consecutive`` long (L4) and at least
  ``min_consecutive`` (L5), breaks at least ``min_days_off`` (L6), both
  exempt where they touch an edge of the horizon, as the checks do;
- at most ``max_weekends`` weekends worked (L7), a dimension of the state;
- successions (L8): the type of the day before is part of the state;
- the dates and shifts the person may work (H4, H6): ``may``;
- the minutes window (L3) and the per-type caps (L2) as resources: the
  minutes themselves, or where that takes fewer states the number of duties
  and the counts of the longer types, from which the minutes follow
  (:func:`resource_states`).

Column generation prices each person with it (:mod:`scheduler.search.colgen`),
the construction plans each person against everybody else with it
(:mod:`scheduler.search.construct`). The recursion is compiled by numba
(about 7 ms for one Instance14 person with a cap as a resource); numpy's
vectorised recursion is the fallback without numba, and the tests check
that both agree.
"""

from __future__ import annotations

import functools
import math
import threading

import numpy as np

INF = np.inf

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
                caps: list[int | None] | None = None,
                compiled: bool = True) -> tuple[float, list[int | None]] | None:
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
    forward = _forward_compiled() if compiled else None
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
        arr[0 if forward is not None else slice(None)] = INF
    w0 = 1 if counted and weekday[0] >= 5 else 0
    if w0 < wd:
        for t in range(types):
            if may[t, 0] and fits[t]:
                edges[(0, 0, t, w0, *delta[t])] = cost[t, 0]
    offs[(0, r - 1, 0) + (0,) * nres] = 0.0
    if forward is not None:
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
        forward(ons.reshape(n, k, types, wd, size), edges.reshape(ke, k, types, wd, size),
                offs.reshape(n, r, wd, size), np.ascontiguousarray(may, dtype=np.bool_),
                np.ascontiguousarray(cost, dtype=np.float64), *_predecessors(follows),
                shift.astype(np.int64), np.array(weekday, dtype=np.int64), counted, m, r)
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
    small arrays.
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


@functools.cache
def _forward_compiled():
    """:func:`_forward_loops` compiled by numba, or None without numba.

    Compiled once per machine (cached next to this module, 2-4 s); imported
    on the first DP, so that months the per-person methods do not serve
    never load numba (about 0.4 s).
    """
    try:
        from numba import njit
    except ImportError:  # pragma: no cover - numba is a dependency; numpy does it, slower
        return None
    return njit(cache=True, nogil=True)(_forward_loops)


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

