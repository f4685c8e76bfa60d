"""A first roster built person by person, as a hint for the solver.

When coverage is soft (the Coverage sheet with weights), every hard rule
concerns one person, so a roster that is feasible for each person alone is
feasible. On long horizons (the year-long Curtois & Qu instances) CP-SAT may
not find any roster within a minute; this module builds one quickly:

people are planned one after the other against the demand still uncovered:
for each person, one shift type s that may follow itself (L8), whose cap
(L2) and length allow a number of duty days N meeting the minutes window (L3),
taken in order of the demand for s still uncovered on the dates the person
may work it; then a dynamic programme over the dates chooses as many duty
days N as the rules allow, first only on dates where s is still short (for
the three most wanted types), else on any date the person may work s (H4,
H6), with runs of duty days between
``min_consecutive`` and ``max_consecutive`` and breaks of at least
``min_days_off`` (L4–L6, edges exempt as in the rules), minimising the
weekends worked, which must stay within ``max_weekends`` (L7).

The DP is conservative at the horizon's start (a run or break starting on the
first date counts as long enough, and may be cut shorter by max_consecutive
than necessary), so every schedule it returns respects the rules. The result
is only a hint: :func:`scheduler.search.solve_lns` re-checks it with the
independent checks before it is used.
"""

from __future__ import annotations

import math

import numpy as np

from .context import Context

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
          max_weekends: int | None) -> list[bool] | None:
    """Duty days: exactly N ∈ [lo, hi] of them, runs in [m, k], breaks ≥ r, fewest weekends."""
    n = len(allowed)
    if m > k:
        return None
    states = k + r  # on-run length 1..k at 0..k-1, break length 1..r (r = "r or more") after
    cost = np.full((states, n + 2), INF, dtype=np.int32)
    preds: list[np.ndarray] = []
    if allowed[0]:
        cost[m - 1, 1] = 1 if weekday[0] >= 5 else 0
    cost[k + r - 1, 0] = 0
    for d in range(1, n):
        new = np.full_like(cost, INF)
        pred = np.full((states, n + 2), -1, dtype=np.int16)
        sat = weekday[d] == 5
        sun = weekday[d] == 6

        def relax(to: int, frm: int, shift: int, add: int, cost=cost, new=new,
                  pred=pred) -> None:
            src = cost[frm, :n + 2 - shift] + add
            dst = new[to, shift:]
            better = src < dst
            dst[better] = src[better]
            pred[to, shift:][better] = frm

        if allowed[d]:
            # A weekend is counted on its first worked day: Saturday, or Sunday
            # after a Saturday off.
            for length in range(1, k):  # on(length) → on(length + 1)
                relax(length, length - 1, 1, 1 if sat else 0)
            relax(0, k + r - 1, 1, 1 if (sat or sun) else 0)  # off(≥r) → on(1)
        for length in range(m, k + 1):  # on(length) → off(1)
            relax(k, length - 1, 0, 0)
        for length in range(1, r + 1):  # off(length) → off(length + 1, capped)
            relax(k + min(length + 1, r) - 1, k + length - 1, 0, 0)
        cost = new
        preds.append(pred)
    final = cost.min(axis=0)
    cap = INF - 1 if max_weekends is None else max_weekends
    choices = [c for c in range(hi, lo - 1, -1) if final[c] <= cap]
    if not choices:
        return None
    c = choices[0]
    state = int(cost[:, c].argmin())
    worked = [False] * n
    for d in range(n - 1, -1, -1):
        on = state < k
        worked[d] = on
        if d == 0:
            break
        frm = int(preds[d - 1][state, c])
        if on:
            c -= 1
        state = frm
    return worked


def construct(ctx: Context) -> dict[int, int] | None:
    """Duty values (variable index → 0/1) of a first roster, or None when not built.

    Applies when coverage is soft everywhere and one duty a day is the rule;
    a person for whom no plan is found makes the whole construction fail.
    """
    inst = ctx.inst
    if inst.settings.max_duties_per_day != 1 or not all(o.soft for o in inst.occurrences):
        return None
    # Demand still uncovered, per shift type and date.
    need: dict[str, list[int]] = {sid: [0] * inst.num_days for sid in inst.shifts}
    for occ in inst.occurrences:
        need[occ.shift_id][(occ.date - inst.first).days] += occ.staff
    weekday = [d.weekday() for d in inst.dates]
    values: dict[int, int] = {var.Index(): 0 for var in ctx.duty.values()}
    for emp_id, emp in inst.staff.items():
        cells: dict[str, list] = {}
        for occ, var in ctx.emp_duty[emp_id]:
            cells.setdefault(occ.shift_id, [None] * inst.num_days)[
                (occ.date - inst.first).days] = var
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
        plan = None
        # Only where the shift is still short, for the three most wanted
        # types (each try is a DP); else on any date the person may work it.
        for only_short, tried in ((True, usable[:3]), (False, usable)):
            for _, sid, span in tried:
                allowed = [v is not None and (not only_short or n > 0)
                           for v, n in zip(cells[sid], need[sid], strict=True)]
                worked = _plan(allowed, weekday, span[0], span[1],
                               emp.max_consecutive or inst.num_days, emp.min_consecutive or 1,
                               emp.min_days_off or 1, emp.max_weekends)
                if worked is not None:
                    plan = sid, worked
                    break
            if plan is not None:
                break
        if plan is None:
            return None
        sid, worked = plan
        for d, on in enumerate(worked):
            if on:
                values[cells[sid][d].Index()] = 1
                need[sid][d] -= 1
    return values
