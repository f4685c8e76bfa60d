"""Which search to run, chosen from the problem's structure and size.

- ``cpsat``: one CP-SAT search on the whole model. On a decomposable month
  (:func:`scheduler.search.people.decomposable`) without a seed, a roster
  dived by column generation hints it first (:func:`scheduler.search.start.dive_hint`).
- ``lns``: large neighbourhood search on the same model
  (:mod:`scheduler.search.lns`), from a dived, constructed or first-solve
  roster; the LNS keeps to the wall clock even with a seed.
- ``lns-bound``: LNS on one core while the other proves a lower bound on
  the whole model.
- ``groups``: not asked for but taken by ``auto`` and ``lns`` when the whole
  model could not even be built in the time (:mod:`scheduler.search.groups`).

``auto`` picks LNS for decomposable months above
:attr:`~scheduler.params.StrategyParams.small` duty variables (measured much
better there at 60 s), and plain CP-SAT otherwise: for months with hard
cover (every team of the workbook without Coverage weights), one CP-SAT
search proves a month of up to 120 people optimal within seconds.
"""

from __future__ import annotations

from ..instance import Instance
from ..params import STRATEGIES, StrategyParams
from .people import decomposable


def duty_cells(inst: Instance) -> int:
    """Number of duty variables the whole model has (eligible person and occurrence pairs)."""
    return sum(len(emps) for emps in inst.eligible_emps.values())


def choose_strategy(inst: Instance, requested: str | None,
                    params: StrategyParams | None = None) -> str:
    """The strategy to run for ``requested`` (``auto`` or None: chosen here).

    Raises
    ------
    ValueError
        For a name not in :data:`STRATEGIES`.
    """
    params = params or StrategyParams()
    if requested in (None, "auto"):
        if not decomposable(inst):
            return "cpsat"
        return "lns" if duty_cells(inst) > params.small else "cpsat"
    if requested not in STRATEGIES:
        raise ValueError(f"unknown strategy {requested!r}; use one of {', '.join(STRATEGIES)}")
    return requested


def too_big_to_build(inst: Instance, seconds: float, params: StrategyParams | None = None) -> bool:
    """Whether building the whole model and entering its search would not fit in ``seconds``.

    Above ``params.big`` duty cells: building takes about
    ``params.build_seconds_per_cell`` (Instance24, 1.04 M cells: 20.7 s on a
    quick machine, 31.7-50 s on a slow one), and the constructed start, the
    kept-fixed model and the final solve about 2 s per 100 000 cells more.
    """
    params = params or StrategyParams()
    cells = duty_cells(inst)
    return cells > params.big and cells * (params.build_seconds_per_cell + 2 / 100_000) > seconds
