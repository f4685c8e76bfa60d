"""What people ask for after publication: swaps and leave, with their states.

Plain data, no database: the store (:mod:`scheduler.store`) keeps them, the
rules (:mod:`scheduler.changes.rules`) judge them.

Swap states (R7, R9): ``requested`` → ``accepted`` (by the colleague) →
``applied`` (the manager approves; a new roster version); or ``declined``
(colleague), ``rejected`` (manager), ``cancelled`` (requester), ``expired``
(its date passed) or ``stale`` (the roster changed under an accepted swap;
back to ``accepted`` when the colleague confirms again). Leave states:
``requested`` → ``approved`` (a new roster version with the duties covered)
or ``rejected``, ``cancelled``, ``expired``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from ..i18n import define, text
from ..models import Assignment, Roster

SWAP_STATES = ("requested", "accepted", "stale", "applied", "declined", "rejected",
               "cancelled", "expired")
LEAVE_STATES = ("requested", "approved", "rejected", "cancelled", "expired")
OPEN = frozenset({"requested", "accepted", "stale"})
"""Swap states still waiting for somebody: they count against the monthly quota."""

# action -> (states it may start from, state it leads to)
SWAP_ACTIONS: dict[str, tuple[frozenset[str], str]] = {
    "accept": (frozenset({"requested", "stale"}), "accepted"),
    "decline": (frozenset({"requested", "stale"}), "declined"),
    "cancel": (frozenset({"requested", "accepted", "stale"}), "cancelled"),
    "approve": (frozenset({"accepted"}), "applied"),
    "reject": (frozenset({"requested", "accepted", "stale"}), "rejected"),
    "stale": (frozenset({"accepted"}), "stale"),
    "expire": (frozenset({"requested", "accepted", "stale"}), "expired"),
}
LEAVE_ACTIONS: dict[str, tuple[frozenset[str], str]] = {
    "approve": (frozenset({"requested"}), "approved"),
    "reject": (frozenset({"requested"}), "rejected"),
    "cancel": (frozenset({"requested"}), "cancelled"),
    "expire": (frozenset({"requested"}), "expired"),
}

E_DUTY_FORMAT = define(
    "changes.duty_format", "'{value}' is not a duty; write DATE:SHIFT, e.g. 2026-12-07:N",
    "“{value}”不是一个班次；请写成 日期:班次，如 2026-12-07:N")


@dataclass(frozen=True, order=True)
class Duty:
    """One occurrence a person works: the date it starts and its shift id."""

    date: dt.date
    shift_id: str

    @classmethod
    def parse(cls, value: str) -> Duty:
        """``2026-12-07:N`` → Duty; ValueError (with the bilingual sentence) otherwise."""
        match = re.fullmatch(r"\s*(\d{4}-\d{2}-\d{2})\s*[:：]\s*(\S+)\s*", value or "")
        if not match:
            raise ValueError(text(E_DUTY_FORMAT, "en", value=value),
                             text(E_DUTY_FORMAT, "zh", value=value))
        try:
            day = dt.date.fromisoformat(match[1])
        except ValueError:
            raise ValueError(text(E_DUTY_FORMAT, "en", value=value),
                             text(E_DUTY_FORMAT, "zh", value=value)) from None
        return cls(day, match[2])

    def __str__(self) -> str:
        return f"{self.date.isoformat()}:{self.shift_id}"


@dataclass(frozen=True)
class Swap:
    """A swap: ``requester`` gives ``duty`` to ``colleague``, who may pay back ``payback``.

    ``payback`` (还班) is one of the colleague's duties that the requester
    takes in return, or None.
    """

    requester: str
    duty: Duty
    colleague: str
    payback: Duty | None = None
    state: str = "requested"
    id: int | None = None

    def people(self) -> tuple[str, str]:
        return (self.requester, self.colleague)

    def moves(self) -> list[tuple[Duty, str, str]]:
        """Each duty that changes hands: (duty, from, to)."""
        out = [(self.duty, self.requester, self.colleague)]
        if self.payback is not None:
            out.append((self.payback, self.colleague, self.requester))
        return out

    def obtained(self) -> list[tuple[str, Duty]]:
        """(person, duty) for each duty someone obtained by this swap."""
        return [(to, duty) for duty, _, to in self.moves()]

    def with_state(self, state: str) -> Swap:
        return replace(self, state=state)


@dataclass(frozen=True)
class LeaveAsk:
    """A request for leave (R10): ``employee_id`` away from ``start`` to ``end`` inclusive."""

    employee_id: str
    start: dt.date
    end: dt.date
    kind: str = "annual"
    requested_on: dt.date | None = None
    state: str = "requested"
    id: int | None = None

    def days(self) -> list[dt.date]:
        return [self.start + dt.timedelta(days=i) for i in range((self.end - self.start).days + 1)]

    def covers(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def duty_rows(roster: Roster, emp_id: str) -> list[Assignment]:
    """The person's duty rows of the roster, in date order."""
    return sorted((a for a in roster.assignments if a.employee_id == emp_id and a.role == "duty"),
                  key=lambda a: (a.date, a.shift_id))


def holds(roster: Roster, emp_id: str, duty: Duty) -> bool:
    """Whether ``emp_id`` is on duty for ``duty`` in the roster."""
    return any(a.employee_id == emp_id and a.role == "duty" and a.date == duty.date
               and a.shift_id == duty.shift_id for a in roster.assignments)


def apply_swap(roster: Roster, swap: Swap) -> Roster:
    """The roster with the swap's duties changed hands (the caller checks they were held)."""
    rows = list(roster.assignments)
    for duty, giver, taker in swap.moves():
        for i, a in enumerate(rows):
            if a.role == "duty" and a.employee_id == giver and a.date == duty.date \
                    and a.shift_id == duty.shift_id:
                rows[i] = Assignment(date=a.date, shift_id=a.shift_id, employee_id=taker,
                                     role="duty")
                break
    return Roster(assignments=rows).sorted()


def next_state(actions: dict[str, tuple[frozenset[str], str]], state: str,
               action: str) -> str | None:
    """The state ``action`` leads to from ``state``, or None when it may not be taken."""
    allowed, after = actions[action]
    return after if state in allowed else None
