"""Monthly duty rosters (值班表) for customer-service teams, solved with CP-SAT.

Library API::

    from scheduler import load_problem, solve, check_roster, write_roster
    problem = load_problem("samples/december_2026.xlsx")
    result = solve(problem, time_limit=10, seed=1)
    print(result.summary())
    write_roster(result.roster, "roster.csv")
"""

from __future__ import annotations

from .checks import check_roster
from .errors import InputError
from .io import load_problem, problem_schema, read_roster, write_roster
from .models import Assignment, Employee, Problem, Roster, Settings, Shift
from .results import Result
from .solve import solve

__all__ = [
    "Assignment", "Employee", "InputError", "Problem", "Result", "Roster", "Settings", "Shift",
    "check_roster", "load_problem", "problem_schema", "read_roster", "solve", "write_roster",
]
