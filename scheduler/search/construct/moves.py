"""Moves on a person's plan that keep who works which date: other shift types.

Each takes the demand still uncovered per shift type and date (``need``,
negative where over-covered) and the coverage weights (``under``, ``over``),
changes the person's ``types`` (each date's shift id or None) in place, and
keeps ``need`` up to date. Runs, breaks and weekends stay as planned; caps
(L2), minutes (L3) and successions (L8) are kept.
"""

from __future__ import annotations

import math
from collections import Counter


def one_more(need, under, over, t: str, d: int) -> int:
    """What one more person on shift ``t`` at date ``d`` saves in cover penalty."""
    return under[t][d] if need[t][d] > 0 else -over[t][d]


def one_less(need, under, over, t: str, d: int) -> int:
    """What one person less on shift ``t`` at date ``d`` saves in cover penalty."""
    return over[t][d] if need[t][d] < 0 else -under[t][d]


def move_to_short(inst, emp, cells, need, types: list[str | None]) -> None:
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
                    or (before is not None and t in inst.not_next[before])
                    or (after is not None and after in inst.not_next[t])):
                continue
            if best is None or need[t][d] > need[best][d]:
                best = t
        if best is not None:
            types[d] = best
            count[cur] -= 1
            count[best] += 1
            need[cur][d] += 1
            need[best][d] -= 1


def retype_runs(inst, emp, cells, need, types: list[str | None], under, over) -> None:
    """Give the start or the end of a run of duty days another shift type.

    Moving a single day (:func:`move_to_short`) cannot reach the middle of a
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
            if t in inst.not_next[t] and b > a:
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
                        gain += one_less(need, under, over, cur, k) + \
                                one_more(need, under, over, t, k)
                    if cap is not None and count[t] + used > cap:
                        break
                    first, last = (k, b) if days.step < 0 else (a, k)
                    before = types[first - 1] if first > a else None
                    after = types[last + 1] if last < b else None
                    if ((before is None or t not in inst.not_next[before])
                            and (after is None or after not in inst.not_next[t])
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


def assign_by_day(inst, plans, need, under, over) -> None:
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
                    if before is not None and t in inst.not_next[before]:
                        continue
                    if after is not None and after in inst.not_next[t]:
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


def convert_lengths(inst, emp, cells, need, types: list[str | None], under, over) -> None:
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
        return one_more(need, under, over, t, d)

    def loss(t, d):
        return -one_less(need, under, over, t, d)

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
        if (before is not None and t in inst.not_next[before]) or \
                (after is not None and after in inst.not_next[t]):
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
