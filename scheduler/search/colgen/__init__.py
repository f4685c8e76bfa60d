"""Column generation over whole schedules per person, and a dive to a roster.

On a decomposable month (soft cover everywhere, one duty a day:
:func:`scheduler.search.people.decomposable`) every hard rule concerns one
person, so a roster is a choice of one schedule (a *column*) per person,
coupled only by the soft cover. The linear relaxation of that choice over all
schedules (the master problem of Curtois and Qu's branch and price) is much
tighter than CP-SAT's relaxation of the engine's model (Instance8: 1 296.6
against a bound of 1 249 after 60 s of search). This package solves it by
column generation and dives from it to a roster:

- *master* (:mod:`.master`): a GLOP LP with one convexity row per person and
  one cover row per shift occurrence, whose shortfall and surplus are priced
  at the occurrence's under- and over-cover weights; a column costs its
  person's request penalties;
- *pricing* (:mod:`.pricing`): for each person the schedule of least reduced
  cost, by the exact per-person DP of :mod:`scheduler.search.schedules`;
- *bound*: LP + Σ min(0, least reduced cost or its lower bound) is a lower
  bound on every roster's penalty of cover and requests; where caps were
  priced, one more pricing at the root's duals with room for them as
  resources tightens it;
- *dive* (:mod:`.dive`): columns are fixed and the LP re-solved with new
  columns for the people left, until everybody has a schedule; on long
  horizons a share of the people left is fixed at once, and wherever the
  pace so far would not end the dive in time, as many as it needs;
- *polish* (:mod:`.polish`): each dived roster is improved by best responses:
  each person in turn takes the DP's least-cost schedule against everybody
  else's duties while that pays (Instance19's dive: 15 483 -> 5 277 in
  0.6 s);
- *master IP* (on request, for the small models): the master problem with
  binary columns over every column the dives generated, by CP-SAT from the
  best dive (price and branch).

The roster is a start for the search, which checks it with the independent
checks, completes it in the engine's model and improves it; this package
never decides what is feasible.
"""

from __future__ import annotations

from .dive import ColgenResult, dive

__all__ = ["ColgenResult", "dive"]
