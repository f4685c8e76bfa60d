"""What a change rule looks at: the month, the roster as it is, the requests, the change."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

from ..instance import Instance
from ..models import Roster
from .requests import LeaveAsk, Swap, apply_swap


@dataclass
class SwapCase:
    """A swap to judge against the current roster version.

    ``swaps`` are the month's other swaps (any state; the swap itself left
    out); ``after`` is the roster with the swap applied.
    """

    inst: Instance
    roster: Roster
    swaps: list[Swap]
    swap: Swap

    @cached_property
    def after(self) -> Roster:
        return apply_swap(self.roster, self.swap)

    def applied(self) -> list[Swap]:
        return [s for s in self.swaps if s.state == "applied"]


@dataclass
class LeaveCase:
    """A leave request to judge: the person's duties it would cover, and the swaps behind them.

    ``today`` is the date it was asked on; ``override`` the manager's reason
    for accepting short notice (None: none given).
    """

    inst: Instance
    roster: Roster
    swaps: list[Swap]
    leave: LeaveAsk
    today: dt.date
    override: str | None = None
    duties: list = field(default_factory=list)

    def __post_init__(self) -> None:
        self.duties = [a for a in self.roster.assignments
                       if a.employee_id == self.leave.employee_id and a.role == "duty"
                       and self.leave.covers(a.date)]
