"""The CP-SAT model under construction: variables indexed by meaningful keys.

Rule modules receive a :class:`Context` in ``build`` and add constraints to
``ctx.model`` using the variable maps held here. No rule creates its own
assignment variables, so every rule sees the same ones.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable

from ortools.sat.python import cp_model

from .i18n import Msg
from .instance import Instance, Occurrence
from .models import Assignment


class Context:
    """Variables of one solve.

    ``duty[emp_id, occ_index]`` is 1 when the person is on duty for the
    occurrence, ``backup[emp_id, occ_index]`` when they stand by. A variable
    exists only where the person is eligible (H4) and not on leave (H6), so
    those two rules hold by construction.

    In explain mode, :meth:`guard` gives each group of hard constraints an
    assumption literal, so that an infeasible month can be traced to the
    groups that conflict.
    """

    def __init__(self, instance: Instance, *, explain: bool = False) -> None:
        self.inst = instance
        self.model = cp_model.CpModel()
        self.explain = explain
        self.guards: dict[Hashable, tuple[cp_model.IntVar, Callable[[], Msg]]] = {}
        self.duty: dict[tuple[str, int], cp_model.IntVar] = {}
        self.backup: dict[tuple[str, int], cp_model.IntVar] = {}
        self.occ_duty: dict[int, list[tuple[str, cp_model.IntVar]]] = defaultdict(list)
        self.occ_backup: dict[int, list[tuple[str, cp_model.IntVar]]] = defaultdict(list)
        self.emp_duty: dict[str, list[tuple[Occurrence, cp_model.IntVar]]] = defaultdict(list)
        self.emp_backup: dict[str, list[tuple[Occurrence, cp_model.IntVar]]] = defaultdict(list)
        model = self.model
        for occ in instance.occurrences:
            label = str(occ)  # once per shift, not per person (1 M names on Instance24)
            for emp_id in instance.eligible_emps[occ.index]:
                var = model.new_bool_var(f"x[{emp_id},{label}]")
                self.duty[emp_id, occ.index] = var
                self.occ_duty[occ.index].append((emp_id, var))
                self.emp_duty[emp_id].append((occ, var))
                if occ.backups:
                    bvar = model.new_bool_var(f"b[{emp_id},{label}]")
                    self.backup[emp_id, occ.index] = bvar
                    self.occ_backup[occ.index].append((emp_id, bvar))
                    self.emp_backup[emp_id].append((occ, bvar))

    def var_for(self, row: Assignment) -> cp_model.IntVar | None:
        """The variable of a roster row, or None where it cannot be (H1, H4, H6)."""
        occ = self.inst.occ_by_key.get((row.date, row.shift_id))
        if occ is None:
            return None
        var_map = self.duty if row.role == "duty" else self.backup
        return var_map.get((row.employee_id, occ.index))

    def guard(self, key: Hashable, describe: Callable[[], Msg]) -> cp_model.IntVar | None:
        """The assumption literal of a group of hard constraints, in explain mode.

        ``describe`` renders the group for a manager; it is called only when
        the group is part of an explanation.
        """
        if not self.explain:
            return None
        if key not in self.guards:
            self.guards[key] = (self.model.new_bool_var(f"guard{key}"), describe)
        return self.guards[key][0]

    def add(self, constraint: cp_model.Constraint, lit: cp_model.IntVar | None) -> None:
        """Make ``constraint`` conditional on the guard ``lit`` when there is one."""
        if lit is not None:
            constraint.OnlyEnforceIf(lit)
