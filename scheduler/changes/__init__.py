"""Changes after publication: swaps, leave, absence and hand edits, judged without a database.

Pure functions that take a problem, a roster and a request and return the
verdict, usable by any system; the store (:mod:`scheduler.store`) persists
versions, requests and the audit trail, and its service joins the two in one
transaction.

- :func:`validate_swap`, :func:`validate_leave`: the rules SW1-SW5 and LV1-LV2
  (:mod:`scheduler.changes.rules`) plus every hard rule of the engine;
- :func:`cover_suggestions`, :func:`payback_options`: who can take a duty;
- :func:`replan`: a minimal-change re-plan (absence, leave, hand edits);
- :func:`diff_rosters`: the cell-by-cell diff between two versions.
"""

from __future__ import annotations

from .cover import Candidate, Cover, cover_suggestions, payback_options
from .diff import CellChange, changed_assignments, diff_rosters
from .errors import ChangeError
from .replan import Replan, replan, replan_problem
from .requests import (
    LEAVE_ACTIONS,
    LEAVE_STATES,
    OPEN,
    SWAP_ACTIONS,
    SWAP_STATES,
    Duty,
    LeaveAsk,
    Swap,
    apply_swap,
    next_state,
)
from .validate import validate_leave, validate_swap

__all__ = [
    "LEAVE_ACTIONS", "LEAVE_STATES", "OPEN", "SWAP_ACTIONS", "SWAP_STATES", "Candidate",
    "CellChange", "ChangeError", "Cover", "Duty", "LeaveAsk", "Replan", "Swap", "apply_swap",
    "changed_assignments", "cover_suggestions", "diff_rosters", "next_state", "payback_options",
    "replan", "replan_problem", "validate_leave", "validate_swap",
]
