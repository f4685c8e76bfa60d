"""Everything beyond one CP-SAT call: strategies, first rosters, LNS, column generation, groups.

- :mod:`.strategy`: which search runs, chosen from the problem's structure and size;
- :mod:`.plain`: one CP-SAT search, hinted by a dived roster on decomposable months;
- :mod:`.lns`: large neighbourhood search (:mod:`.neighbourhoods`, :mod:`.fixed`,
  :mod:`.bound_lane`) from a first roster (:mod:`.start`);
- :mod:`.colgen`: column generation and its dives; :mod:`.construct`: a roster
  built person by person; both plan people with the DP of :mod:`.schedules`;
- :mod:`.groups`: groups of people on models of their own, for models too big
  to build in time.

Every roster any of them finds is a solution of the engine's one model, or is
re-checked by the independent rule checks before it is used.
"""

from __future__ import annotations

from .groups import GroupSearch, solve_by_groups
from .lns import Outcome, solve_lns
from .plain import solve_cpsat
from .strategy import STRATEGIES, choose_strategy, duty_cells, too_big_to_build

__all__ = ["STRATEGIES", "GroupSearch", "Outcome", "choose_strategy", "duty_cells",
           "solve_by_groups", "solve_cpsat", "solve_lns", "too_big_to_build"]
