"""发布 Publish: publish the working roster as a version; versions, diffs and downloads."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from scheduler.ui import state
from scheduler.ui.texts import t
from scheduler.ui.widgets import diff_table, export_bytes, heading, roster_json, state_label

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def page() -> None:
    ws = state.workspace()
    heading(ws, "publish.title", moved_notice=True)
    current = state.published(ws)
    _publish(ws, current)
    if current is None:
        st.info(t("publish.none", month=ws.month))
        return
    _versions(ws)


def _publish(ws, current) -> None:
    if ws.roster is None:
        st.info(t("need_roster"))
        return
    roster = ws.edited_roster()
    if current is not None:
        info = current[0]
        if set(current[2].assignments) == set(roster.assignments):
            st.success(t("publish.same", number=info.number))
            return
        if ws.base_version is not None and ws.base_version != info.number:
            st.warning(t("publish.behind", base=ws.base_version, now=info.number))
            if st.button(t("publish.from_published"), key="from_published"):
                _from_published(ws, current)
                st.rerun()
    reason = st.text_input(t("publish.reason"), key="publish_reason")
    if st.button(t("publish.button"), type="primary", key="publish",
                 disabled=not state.is_manager(ws)):
        ok, out = state.attempt(state.service().publish, ws.problem, roster,
                                actor=state.user() or "", reason=reason, team=ws.team)
        if ok:
            ws.base_version = out.version.number
            ws.set_roster(roster, keep_undo=False)  # the edits it held are now published
            ws.solve = {**(ws.solve or {}), "status": "published"}
            state.save(ws)
            state.flash("success", t("publish.done", number=out.version.number, month=ws.month))
            st.rerun()
    if not state.is_manager(ws):
        st.caption(t("need_manager"))


def _from_published(ws, current) -> None:
    info, problem, roster = current
    ws.problem, ws.base_version = problem, info.number
    ws.solve = {"status": "published"}
    ws.set_roster(roster)
    st.session_state.pop("instance", None)
    state.save(ws)


def _versions(ws) -> None:
    lang = state.lang()
    service = state.service()
    ok, infos = state.attempt(service.versions, ws.month, ws.team)
    if not ok:
        return
    st.subheader(t("publish.versions"))

    label = state_label
    rows = [{t("col.version"): v.number, t("col.status"): label("status", v.status),
             t("col.kind"): label("kind", v.kind), t("col.author"): v.author,
             t("col.time"): v.created_at.isoformat(" ", "seconds"), t("col.reason"): v.reason,
             t("col.request"): f"#{v.request_id}" if v.request_id else ""} for v in infos]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", key="versions")
    numbers = [v.number for v in infos]
    st.subheader(t("publish.diff"))
    cols = st.columns(2)
    first = cols[0].selectbox(t("publish.from"), numbers, index=max(0, len(numbers) - 2),
                              key="diff_from")
    second = cols[1].selectbox(t("publish.to"), numbers, index=len(numbers) - 1, key="diff_to")
    ok_a, a = state.attempt(service.current, ws.month, ws.team, first)
    ok_b, b = state.attempt(service.current, ws.month, ws.team, second)
    if ok_a and ok_b:
        from scheduler.changes import diff_rosters

        diff_table(state.instance(ws), diff_rosters(a[2], b[2]), key="versions_diff")
    st.subheader(t("publish.downloads"))
    number = st.selectbox(t("publish.version"), numbers, index=len(numbers) - 1, key="dl_version")
    ok, chosen = state.attempt(service.current, ws.month, ws.team, number)
    if not ok:
        return
    info, problem, roster = chosen
    month, team = ws.month, ws.team
    from scheduler.io import roster_to_csv

    cols = st.columns(3)
    cols[0].download_button(t("publish.export"), key="dl_export", mime=XLSX,
                            data=lambda: export_bytes(service, month, team, number, lang),
                            file_name=f"roster_{month}_v{number}.xlsx")
    cols[1].download_button(t("plan.download_csv"), key="dl_csv", mime="text/csv",
                            data=roster_to_csv(roster), file_name=f"roster_{month}_v{number}.csv")
    cols[2].download_button(t("publish.json"), key="dl_json", mime="application/json",
                            data=roster_json(roster), file_name=f"roster_{month}_v{number}.json")


if __name__ == "__main__":  # run by st.navigation as a page script
    page()
