"""The roster CSV of shared/workbook.md: ``date,shift_id,employee_id,role``."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from pydantic import ValidationError

from ..errors import InputError
from ..models import Assignment, Roster

HEADER = ("date", "shift_id", "employee_id", "role")


def roster_to_csv(roster: Roster) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(HEADER)
    for a in roster.sorted().assignments:
        writer.writerow([a.date.isoformat(), a.shift_id, a.employee_id, a.role])
    return buf.getvalue()


def write_roster_csv(roster: Roster, path: str | Path) -> None:
    Path(path).write_text(roster_to_csv(roster), encoding="utf-8")


def read_roster_csv(path: str | Path) -> Roster:
    """Read a roster CSV; errors name the file, line and column."""
    name = Path(path).name
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError("file not found", file=str(path)) from None
    except UnicodeDecodeError:
        raise InputError("not a UTF-8 text file; save the roster as CSV UTF-8",
                         file=name) from None
    reader = csv.DictReader(io.StringIO(text))
    fields = [f.strip().lower() for f in (reader.fieldnames or [])]
    missing = [h for h in HEADER[:3] if h not in fields]
    if missing:
        raise InputError(f"missing column {missing[0]}; the header must be "
                         f"{','.join(HEADER)}", file=name, row=1, column=missing[0])
    rows = []
    for line, raw in enumerate(reader, start=2):
        record = {k.strip().lower(): (v or "").strip() for k, v in raw.items() if k}
        if not any(record.values()):
            continue
        try:
            rows.append(Assignment(**{k: record.get(k) or None for k in HEADER
                                      if k != "role" or record.get(k)}))
        except ValidationError as exc:
            err = exc.errors()[0]
            column = str(err["loc"][0]) if err["loc"] else None
            raise InputError(err["msg"], file=name, row=line, column=column) from None
    return Roster(assignments=rows)
