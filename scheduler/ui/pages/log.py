"""日志 Log: the audit trail, filterable and downloadable."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from scheduler.ui import state
from scheduler.ui.texts import t


def page() -> None:
    ws = state.workspace()
    st.title(t("log.title"))
    st.caption(t("month_of", team=ws.team, month=ws.month))
    ok, events = state.attempt(state.service().log, ws.team)
    if not ok:
        return
    if not events:
        st.info(t("log.empty"))
        return
    frame = pd.DataFrame([{
        t("col.time"): e.at.isoformat(" ", "seconds"), "month": e.month,
        t("log.actor"): e.actor, t("log.action"): e.action, t("log.outcome"): e.outcome,
        t("col.request"): f"#{e.entity_id}" if e.entity_id else "",
        t("col.version"): "→".join(str(v) for v in (e.version_from, e.version_to) if v is not None),
        t("col.reason"): e.reason} for e in events])
    cols = st.columns(4)
    actors = cols[0].multiselect(t("log.actor"), sorted(frame[t("log.actor")].unique()), key="log_actor")
    actions = cols[1].multiselect(t("log.action"), sorted(frame[t("log.action")].unique()), key="log_action")
    outcomes = cols[2].multiselect(t("log.outcome"), sorted(frame[t("log.outcome")].unique()),
                                   key="log_outcome")
    since = cols[3].date_input(t("log.since"), value=None, key="log_since")
    shown = frame
    if actors:
        shown = shown[shown[t("log.actor")].isin(actors)]
    if actions:
        shown = shown[shown[t("log.action")].isin(actions)]
    if outcomes:
        shown = shown[shown[t("log.outcome")].isin(outcomes)]
    if since is not None:
        shown = shown[shown[t("col.time")] >= since.isoformat()]
    st.caption(t("log.count", n=len(shown), total=len(frame)))
    st.dataframe(shown.iloc[::-1], hide_index=True, width="stretch", key="log_table")
    st.download_button(t("log.download"), data=shown.to_csv(index=False).encode("utf-8-sig"),
                       file_name=f"audit_{ws.team}.csv", mime="text/csv", key="log_csv")


if __name__ == "__main__":  # run by st.navigation as a page script
    page()
