"""The model with every duty cell fixed to a roster, and what the search does with it.

Every search step beyond one CP-SAT call solves the engine's own model with
most duty cells fixed: no second model, so every rule (hard and soft) holds
in every step. A *duty cell* is one duty variable of the model, given as
``(variable index, person's position, date index)``.
"""

from __future__ import annotations

import random

from ortools.sat.python import cp_model

from ..cpsat import fresh_parameters


def fixed_copy(base: cp_model.CpModel, cells, values) -> cp_model.CpModel:
    """A copy of ``base`` with every duty cell fixed to its value."""
    model = cp_model.CpModel()
    model.Proto().copy_from(base.Proto())
    variables = model.Proto().variables
    for idx, _, _ in cells:
        dom = variables[idx].domain
        value = values[idx]
        dom[0] = value
        dom[1] = value
    return model


class FixedModel:
    """The model with every duty cell fixed to the incumbent, kept up to date.

    A neighbourhood is a copy of it (made in C++) with its free cells given back
    their domains. Fixing every cell of a fresh copy in Python instead took
    0.12 s per neighbourhood on Instance13 (40 000 duty variables) and 0.28 s
    on Instance21, on the thread that feeds the two CP-SAT lanes.
    """

    def __init__(self, base: cp_model.CpModel, cells, values) -> None:
        self.cells = cells
        self.model = fixed_copy(base, cells, values)
        hint_duties(self.model, cells, values)
        self.values = [values[idx] for idx, _, _ in cells]
        self.grid: dict[tuple[int, int], list[int]] = {}
        for pos, (_, emp, day) in enumerate(cells):
            self.grid.setdefault((emp, day), []).append(pos)
        # A fingerprint of the duty cells (Zobrist: one random number per cell,
        # XOR of those on duty), updated with each changed cell.
        draw = random.Random(0)
        self.zobrist = [draw.getrandbits(64) for _ in cells]
        self.key = 0
        for pos, value in enumerate(self.values):
            if value:
                self.key ^= self.zobrist[pos]

    def update(self, values, whole: bool = True) -> int:
        """Fix the cells whose value differs in the new incumbent; hint all of it.

        Returns how many duty cells changed.

        ``values`` is a whole CP-SAT solution. A complete hint lets a one-worker
        sub-solve start from the incumbent at once; with the duty cells alone
        hinted, CP-SAT's hint search (an LP at every node) often ended a step
        without any roster: Instance19 with 30 % of its cells free found none
        in 1 s, and Instances 20 and 21 lost a third of their neighbourhoods.
        With ``whole`` false only the duty cells are hinted (the year-long
        instances: a whole hint in every copy cost 0.6–1.1 GB more there).
        """
        variables = self.model.Proto().variables
        hint = self.model.Proto().solution_hint.values
        changed = 0
        for pos, (idx, _, _) in enumerate(self.cells):
            value = values[idx]
            if value != self.values[pos]:
                changed += 1
                self.key ^= self.zobrist[pos]
                self.values[pos] = value
                domain = variables[idx].domain
                domain[0] = value
                domain[1] = value
                if not whole:
                    hint[pos] = value
        if whole:
            hint_all(self.model, values)
        return changed

    def merged(self, people, days, values) -> cp_model.CpModel:
        """A copy with the cells of ``people`` on ``days`` fixed to ``values`` instead."""
        return self._copy_with(people, days, lambda pos, idx: (values[idx], values[idx]))

    def freed(self, people, days) -> cp_model.CpModel:
        """A copy in which the cells of ``people`` on ``days`` are free again.

        Every duty variable is a Boolean of the model as built
        (:class:`scheduler.context.Context`; H4 and H6 leave the variable
        out), so a free cell's domain is [0, 1]. Reading each cell's domain
        from the proto instead took 6.6 s on Instance24.
        """
        return self._copy_with(people, days, lambda pos, idx: (0, 1))

    def _copy_with(self, people, days, bounds) -> cp_model.CpModel:
        """A copy with the domain of each cell of ``people`` on ``days`` set to ``bounds``.

        ``days`` None: ``people`` are (person, date) pairs instead.
        """
        model = cp_model.CpModel()
        model.Proto().copy_from(self.model.Proto())
        variables = model.Proto().variables
        pairs = people if days is None else ((emp, day) for emp in people for day in days)
        for pair in pairs:
            for pos in self.grid.get(pair, ()):
                idx = self.cells[pos][0]
                domain = variables[idx].domain
                domain[0], domain[1] = bounds(pos, idx)
        return model



def hint_all(model: cp_model.CpModel, values) -> None:
    """Hint every variable of the model (a whole solution)."""
    model.Proto().clear_solution_hint()
    hint = model.Proto().solution_hint
    hint.vars.extend(range(len(values)))
    hint.values.extend(values)


def hint_duties(model: cp_model.CpModel, cells, values) -> None:
    """Hint the duty variables (the rest follows from them)."""
    model.Proto().clear_solution_hint()
    hint = model.Proto().solution_hint
    hint.vars.extend(idx for idx, _, _ in cells)
    hint.values.extend(values[idx] for idx, _, _ in cells)




def complete(fixed: cp_model.CpModel, workers: int,
             limit: float) -> tuple[float, list[int]] | None:
    """Objective and whole solution of a model whose duty cells are all fixed.

    A constructed roster sets the duty cells only; presolve finds every other
    variable from them (0.1 s on Instance19). None if the model rejects it.
    """
    solver = cp_model.CpSolver()
    fresh_parameters(solver.parameters, time_limit=limit, workers=workers)
    if solver.Solve(fixed) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return solver.ObjectiveValue(), list(solver.ResponseProto().solution)

