"""Column-generation lower bound on a Curtois & Qu instance (an experiment).

Every hard rule of the benchmark concerns one person, so the problem is a
choice of one schedule per person, coupled by the soft cover. The LP of
that choice over all schedules (the master problem of Curtois and Qu's
branch and price) bounds the optimum much more tightly than CP-SAT's
relaxation of the engine's model. This script computes it by column
generation:

- master: GLOP LP, one convexity row per person, one cover row per shift
  and date with under/over slack at the cover weights;
- pricing: for each person, the engine's own model of the one-person
  problem (:func:`scheduler.solve.build_model`; its S5 request terms, cover
  left out of the objective) minimised with the cover duals subtracted from
  the duty cells (scaled by 1000 and rounded to integers), by CP-SAT;
- bound: the Lagrangian bound LP + Σ min(0, reduced cost) of each round,
  valid while pricing is solved to optimality (it is, or the script stops).

With ``--ip`` the restricted master is then solved as an integer programme
by CP-SAT over the columns found. Run, e.g.::

    python benchmarks/colgen_bound.py 7 --time-limit 120
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scheduler.instance import Instance  # noqa: E402
from scheduler.io.curtois import read_curtois  # noqa: E402
from scheduler.solve import build_model  # noqa: E402

BENCH = Path("/work/shared/benchmarks/curtois")
SCALE = 1000  # duals are scaled to integers for CP-SAT


class Pricing:
    """The engine's model of one person's problem, objective set per round."""

    def __init__(self, problem, emp) -> None:
        e = emp.employee_id
        sub = problem.model_copy(update=dict(
            staff=[emp], leave=[x for x in problem.leave if x.employee_id == e],
            requests=[x for x in problem.requests if x.employee_id == e]))
        self.ctx, terms = build_model(Instance(sub))
        self.cost = sum(t.weight * t.expr for t in terms if t.rule != "S0")
        self.cells = {oi: var for (_, oi), var in self.ctx.duty.items()}
        self.solver = cp_model.CpSolver()
        self.solver.parameters.num_workers = 1

    def price(self, duals) -> tuple[frozenset[int], int]:
        """The schedule of least reduced cost and its own (request) cost."""
        reduced = SCALE * self.cost - sum(round(SCALE * duals[i]) * v
                                          for i, v in self.cells.items()
                                          if round(SCALE * duals[i]))
        self.ctx.model.minimize(reduced)
        status = self.solver.solve(self.ctx.model)
        if status != cp_model.OPTIMAL:
            raise RuntimeError("pricing not solved to optimality")
        column = frozenset(i for i, v in self.cells.items() if self.solver.value(v))
        cost = self.cost if isinstance(self.cost, int) else round(self.solver.value(self.cost))
        return column, cost


def master(columns, cover, people: int):
    """LP value, cover duals, convexity duals and the LP's column values."""
    lp = pywraplp.Solver.CreateSolver("GLOP")
    inf = lp.infinity()
    convex = [lp.Constraint(1, 1) for _ in range(people)]
    rows = {}
    objective = lp.Objective()
    for i, need, under, over in cover:
        row = rows[i] = lp.Constraint(need, need)
        for sign, weight in ((1, under), (-1, over)):
            slack = lp.NumVar(0, inf, "")
            row.SetCoefficient(slack, sign)
            objective.SetCoefficient(slack, weight or 0)
    lam = []
    for k in range(people):
        for column, cost in columns[k].items():
            v = lp.NumVar(0, inf, "")
            convex[k].SetCoefficient(v, 1)
            for i in column:
                rows[i].SetCoefficient(v, 1)
            objective.SetCoefficient(v, cost)
            lam.append((k, column, v))
    objective.SetMinimization()
    if lp.Solve() != lp.OPTIMAL:
        raise RuntimeError("master LP not solved")
    duals = defaultdict(float, {i: r.dual_value() for i, r in rows.items()})
    return objective.Value(), duals, [c.dual_value() for c in convex], lam


def restricted_ip(columns, cover, people: int, seconds: float) -> tuple[float, float]:
    """The best roster made of the columns found (CP-SAT), and its bound."""
    model = cp_model.CpModel()
    covered = defaultdict(list)
    terms = []
    for k in range(people):
        choice = []
        for column, cost in columns[k].items():
            v = model.new_bool_var("")
            choice.append(v)
            terms.append(cost * v)
            for i in column:
                covered[i].append(v)
        model.add_exactly_one(choice)
    for i, need, under, over in cover:
        u, o = model.new_int_var(0, need, ""), model.new_int_var(0, people, "")
        model.add(sum(covered[i]) + u - o == need)
        terms += [(under or 0) * u, (over or 0) * o]
    model.minimize(sum(terms))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 2
    solver.parameters.max_time_in_seconds = seconds
    solver.solve(model)
    return solver.objective_value, solver.best_objective_bound


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("instance", type=int)
    ap.add_argument("--time-limit", type=float, default=120.0)
    ap.add_argument("--ip", type=float, default=0.0,
                    help="seconds for the restricted master as an integer programme")
    args = ap.parse_args()
    started = time.perf_counter()
    problem = read_curtois(BENCH / f"Instance{args.instance}.txt")
    inst = Instance(problem)
    cover = [(o.index, o.staff, o.under_weight, o.over_weight) for o in inst.occurrences]
    pricing = [Pricing(problem, emp) for emp in problem.staff]
    people = len(pricing)
    columns: list[dict[frozenset[int], int]] = [{} for _ in range(people)]
    no_duals: defaultdict[int, float] = defaultdict(float)
    for k, p in enumerate(pricing):
        column, cost = p.price(no_duals)
        columns[k][column] = cost
    best = -float("inf")
    rounds = 0
    while time.perf_counter() - started < args.time_limit:
        rounds += 1
        value, duals, convex, _ = master(columns, cover, people)
        bound, new = value, 0
        for k, p in enumerate(pricing):
            column, cost = p.price(duals)
            reduced = cost - sum(duals[i] for i in column) - convex[k]
            # Rounded duals: the found and the best column err by 0.5/SCALE per cell each.
            bound += min(0.0, reduced - len(p.cells) / SCALE)
            if reduced < -1e-6 and column not in columns[k]:
                columns[k][column] = cost
                new += 1
        best = max(best, bound)
        print(f"round {rounds}: LP {value:.2f}, bound {best:.2f}, new columns {new}, "
              f"{time.perf_counter() - started:.1f} s", flush=True)
        if new == 0:
            break
    print(f"RESULT instance={args.instance} lp={value:.2f} bound={best:.2f} "
          f"rounds={rounds} columns={sum(map(len, columns))} "
          f"converged={new == 0} wall={time.perf_counter() - started:.1f}")
    if args.ip:
        obj, ipb = restricted_ip(columns, cover, people, args.ip)
        print(f"RESTRICTED_IP objective={obj:.0f} bound={ipb:.0f}")


if __name__ == "__main__":
    main()
