"""Monthly duty rosters (值班表) for customer-service teams, solved with CP-SAT.

Library API::

    from scheduler import load_problem, solve, check_roster, write_roster
    problem = load_problem("samples/december_2026.xlsx")
    result = solve(problem, time_limit=10, seed=1)
    print(result.summary())
    write_roster(result.roster, "roster.csv")

The names that need the solver (``solve``, ``check_roster``, ``Result``) are
imported on first use, so reading and writing files (``roster schema``,
``roster template``) starts without loading OR-Tools.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from .errors import InputError
from .io import load_problem, problem_schema, read_roster, write_roster
from .models import Assignment, Employee, Problem, Roster, Settings, Shift
from .params import SolveParams

if TYPE_CHECKING:
    from .checks import check_roster
    from .results import Result
    from .solver import solve

_LAZY = {"check_roster": ".checks", "Result": ".results", "solve": ".solver"}

__all__ = [
    "Assignment", "Employee", "InputError", "Problem", "Result", "Roster", "Settings", "Shift",
    "SolveParams", "check_roster", "load_problem", "problem_schema", "read_roster", "solve",
    "write_roster",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
