"""The roster as a person × date grid, coloured like the Excel Roster sheet.

Cells hold the roster workbook's codes (:class:`~scheduler.io.roster_workbook.CodeBook`:
``D``, ``N``, standby ``备D``/``bD``); date columns are labelled with the day
and weekday, public holidays marked 休 and make-up working days 班; colours
come from :func:`~scheduler.io.roster_workbook.shift_colours` as in Excel.
Editable cells cannot be coloured in Streamlit, so the editor
(:func:`editor_frame`) shows plain codes with a drop-down per date, and the
coloured view is :func:`styled`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pandas as pd

from ..instance import Instance
from ..io.roster_workbook import CodeBook, shift_colours
from ..io.roster_workbook.spec import HOLIDAY_FILL, LEAVE_FILL, MAKEUP_FILL, WEEKEND_FILL, lighter
from ..models import Roster

WEEKDAYS = {"en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
            "zh": ("一", "二", "三", "四", "五", "六", "日")}
EDITED_FILL = "FFF2CC"


def date_label(inst: Instance, day: dt.date, lang: str) -> str:
    """``07 Mon``, ``25 五 休``: the day, the weekday and the holiday (休) or make-up (班) mark."""
    info = inst.day(day)
    mark = " 休" if info.holiday else " 班" if info.makeup else ""
    return f"{day.day:02d} {WEEKDAYS[lang][day.weekday()]}{mark}"


def person_labels(inst: Instance) -> list[str]:
    return [inst.emp_label(e) for e in inst.emp_ids]


def cell_items(roster: Roster) -> dict[tuple[str, dt.date], list[tuple[str, str]]]:
    items: dict[tuple[str, dt.date], list[tuple[str, str]]] = defaultdict(list)
    for a in roster.assignments:
        items[a.employee_id, a.date].append((a.shift_id, a.role))
    return items


OFF = "·"
"""The editor's code of a cell without duty (an empty choice would show as "None")."""


def codes_frame(inst: Instance, roster: Roster, lang: str, off: str = "") -> pd.DataFrame:
    """The roster as codes: one row per person (``E01 王建国``), one column per date.

    A cell without duty holds ``off`` (empty in the coloured grid, :data:`OFF`
    in the editor).
    """
    book = CodeBook(inst.problem, lang)
    items = cell_items(roster)
    data = {date_label(inst, day, lang): [book.cell_text(items.get((e, day), ())) or off
                                          for e in inst.emp_ids]
            for day in inst.dates}
    return pd.DataFrame(data, index=pd.Index(person_labels(inst), name=""))


def styled(inst: Instance, roster: Roster, lang: str, edited: set[tuple[str, dt.date]] = frozenset()):
    """The coloured grid (a pandas Styler): shift colours, holidays, weekends, leave, edited cells."""
    frame = codes_frame(inst, roster, lang)
    colours = shift_colours(inst.problem)
    items = cell_items(roster)
    styles = []
    for emp_id in inst.emp_ids:
        row = []
        for day in inst.dates:
            cell = items.get((emp_id, day), ())
            info = inst.day(day)
            fill = None
            if inst.on_leave(emp_id, day):
                fill = LEAVE_FILL
            elif len(cell) > 1:
                fill = "D9D9D9"
            elif cell:
                sid, role = cell[0]
                base = colours.get(sid, "FFFFFF")
                fill = base if role == "duty" else lighter(base)
            elif info.holiday:
                fill = HOLIDAY_FILL
            elif info.makeup:
                fill = MAKEUP_FILL
            elif day.weekday() >= 5:
                fill = WEEKEND_FILL
            css = f"background-color: #{fill}; color: #000" if fill else ""
            if (emp_id, day) in edited:
                css += f"; outline: 2px solid #C00000; background-color: #{EDITED_FILL}"
            row.append(css + "; text-align: center")
        styles.append(row)
    style_frame = pd.DataFrame(styles, index=frame.index, columns=frame.columns)
    return frame.style.apply(lambda _: style_frame, axis=None)


def date_options(inst: Instance, lang: str) -> dict[str, list[str]]:
    """For each date column: the codes a cell may take that day (:data:`OFF` first).

    Each shift that runs that day as duty, and as standby when it has
    backups; combinations present in the roster are added by the caller.
    """
    book = CodeBook(inst.problem, lang)
    runs: dict[dt.date, list] = defaultdict(list)
    for occ in inst.occurrences:
        runs[occ.date].append(occ)
    out = {}
    for day in inst.dates:
        codes = [OFF]
        for occ in runs.get(day, []):
            codes.append(book.code(occ.shift_id, "duty"))
        for occ in runs.get(day, []):
            if occ.backups:
                codes.append(book.code(occ.shift_id, "backup"))
        out[date_label(inst, day, lang)] = list(dict.fromkeys(codes))
    return out


def narrow_columns(frame: pd.DataFrame, width: int = 56) -> dict:
    """``column_config`` giving every date column of a grid the same narrow width."""
    import streamlit as st

    return {column: st.column_config.Column(width=width) for column in frame.columns}
