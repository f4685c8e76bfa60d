"""Cell-by-cell differences between two roster versions, as a manager reads them."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from ..i18n import define, msg
from ..instance import Instance
from ..models import Roster

T_CELL = define("diff.cell", "{emp} on {date}: {before} → {after}",
                "{emp} {date}：{before} → {after}")
T_OFF = define("diff.off", "off", "休")
T_BACKUP = define("diff.backup", "standby {shift}", "备班 {shift}")


@dataclass(frozen=True)
class CellChange:
    """One person's date whose duties differ: the codes before and after (``N``, ``bD``)."""

    employee_id: str
    date: dt.date
    before: tuple[str, ...]
    after: tuple[str, ...]

    def text(self, lang: str = "en", inst: Instance | None = None) -> str:
        """``E03 on 2026-12-10: N → off`` (or in Chinese)."""
        def show(codes: tuple[str, ...]) -> str:
            if not codes:
                return msg(T_OFF).render(lang)
            return " + ".join(msg(T_BACKUP, shift=c[1:]).render(lang) if c.startswith("b")
                              else c for c in codes)

        emp = inst.emp_label(self.employee_id) if inst is not None else self.employee_id
        return msg(T_CELL, emp=emp, date=self.date.isoformat(), before=show(self.before),
                   after=show(self.after)).render(lang)

    def to_dict(self) -> dict:
        return {"employee_id": self.employee_id, "date": self.date.isoformat(),
                "before": " ".join(self.before), "after": " ".join(self.after)}


def _cells(roster: Roster) -> dict[tuple[str, dt.date], tuple[str, ...]]:
    cells: dict[tuple[str, dt.date], list[str]] = defaultdict(list)
    for a in roster.assignments:
        cells[a.employee_id, a.date].append(a.shift_id if a.role == "duty" else f"b{a.shift_id}")
    return {k: tuple(sorted(v)) for k, v in cells.items()}


def diff_rosters(before: Roster, after: Roster) -> list[CellChange]:
    """Every (person, date) whose duties or standbys differ, by date then person."""
    old, new = _cells(before), _cells(after)
    out = [CellChange(emp, day, old.get((emp, day), ()), new.get((emp, day), ()))
           for emp, day in set(old) | set(new) if old.get((emp, day), ()) != new.get((emp, day), ())]
    return sorted(out, key=lambda c: (c.date, c.employee_id))


def changed_assignments(before: Roster, after: Roster) -> int:
    """How many assignments of ``before`` are not in ``after`` (the engine's S7 count)."""
    return len(set(before.assignments) - set(after.assignments))
