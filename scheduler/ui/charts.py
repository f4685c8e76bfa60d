"""Per-person charts: duties, nights, holiday and weekend duties against each person's fair band.

The bands are the fairness rules' own (:func:`constraints.fairness.standings`):
a bar for what each person has, a grey band from the floor to the ceiling
of their fair share. Altair ships with Streamlit.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from constraints.fairness import standings

from ..instance import Instance, RosterView
from ..models import Roster
from ..results import person_stats
from .texts import t


def fairness_frame(inst: Instance, roster: Roster, lang: str) -> pd.DataFrame:
    rows = []
    for group, emp_id, have, lo, hi in standings(RosterView.of(inst, roster)):
        rows.append({"group": f"{group.rule} {group.label.render(lang)}",
                     "person": inst.emp_label(emp_id), "have": have, "lo": lo, "hi": hi,
                     "outside": have < lo or have > hi})
    return pd.DataFrame(rows)


def fairness_charts(inst: Instance, roster: Roster, lang: str) -> list[tuple[str, alt.Chart]]:
    """One chart per fairness group: bars of what each person has over their fair band."""
    frame = fairness_frame(inst, roster, lang)
    out = []
    if frame.empty:
        return out
    order = [inst.emp_label(e) for e in inst.emp_ids]
    for group, part in frame.groupby("group", sort=False):
        base = alt.Chart(part).encode(y=alt.Y("person:N", sort=order, title=None))
        band = base.mark_bar(color="#D9D9D9", height=14).encode(
            x=alt.X("lo:Q", title=None), x2="hi:Q",
            tooltip=[alt.Tooltip("lo:Q", title=t("chart.band", lang) + " ≥"),
                     alt.Tooltip("hi:Q", title=t("chart.band", lang) + " ≤")])
        bars = base.mark_bar(height=8).encode(
            x=alt.X("have:Q", title=t("chart.have", lang)),
            color=alt.condition("datum.outside", alt.value("#C00000"), alt.value("#4472C4")),
            tooltip=["person:N", alt.Tooltip("have:Q", title=t("chart.have", lang))])
        ticks = base.mark_tick(color="#595959", thickness=2, size=14).encode(x="hi:Q")
        chart = (band + bars + ticks).properties(height=max(120, 18 * len(part)))
        out.append((t("chart.title", lang, group=group), chart))
    return out


def stats_frame(inst: Instance, roster: Roster, lang: str) -> pd.DataFrame:
    from ..i18n import text  # the labels are the roster workbook's

    rows = person_stats(inst, roster)
    frame = pd.DataFrame(rows).drop(columns=["employee_id", "name"])
    frame.index = [inst.emp_label(e) for e in inst.emp_ids]
    names = {"duties": text("rwb.duties", lang), "nights": text("rwb.nights", lang),
             "offday_duties": text("rwb.offday_duties", lang),
             "holiday_duties": text("rwb.holiday_duties", lang),
             "backups": text("rwb.backups", lang), "hours": text("rwb.hours", lang)}
    for sid in inst.shifts:
        names[f"duties_{sid}"] = text("rwb.duties_of", lang, shift=sid)
    return frame.rename(columns=names)


def duties_chart(inst: Instance, roster: Roster, lang: str) -> alt.Chart:
    """Stacked bars of each person's duties by shift."""
    rows = []
    for row in person_stats(inst, roster):
        for sid in inst.shifts:
            rows.append({"person": inst.emp_label(row["employee_id"]), "shift": sid,
                         "duties": row[f"duties_{sid}"]})
    frame = pd.DataFrame(rows)
    from ..io.roster_workbook import shift_colours

    colours = shift_colours(inst.problem)
    order = [inst.emp_label(e) for e in inst.emp_ids]
    return alt.Chart(frame).mark_bar().encode(
        y=alt.Y("person:N", sort=order, title=None), x=alt.X("sum(duties):Q", title=None),
        color=alt.Color("shift:N", scale=alt.Scale(domain=list(colours),
                                                   range=[f"#{c}" for c in colours.values()])),
        tooltip=["person:N", "shift:N", "duties:Q"]).properties(height=max(120, 18 * len(order)))
