"""缺勤 Absence: someone is ill; the minimal-change re-plan as a diff, then approve it."""

from __future__ import annotations

import streamlit as st

from scheduler.instance import Instance
from scheduler.ui import state
from scheduler.ui.texts import t
from scheduler.ui.widgets import diff_table, heading, published_or_notice


def page() -> None:
    ws = state.workspace()
    heading(ws, "abs.title")
    current = published_or_notice(ws)
    if current is None:
        return
    st.caption(t("abs.help"))
    if not state.is_manager(ws):
        st.info(t("need_manager"))
        return
    info, problem, _ = current
    inst = Instance(problem)
    today = state.today(ws)
    first, last = problem.settings.horizon
    emp_id = st.selectbox(t("abs.who"), inst.emp_ids, format_func=inst.emp_label, key="abs_who")
    cols = st.columns(3)
    start = cols[0].date_input(t("req.from"), value=max(first, min(last, today)), min_value=first,
                               max_value=last, key="abs_from")
    end = cols[1].date_input(t("req.until"), value=start, min_value=first, max_value=last,
                             key="abs_to")
    kind = cols[2].selectbox(t("abs.kind"), ["sick", "personal", "annual"], key="abs_kind")
    reason = st.text_input(t("req.reason"), key="abs_reason")
    asked = (emp_id, start, end, kind, info.number)
    service = state.service()
    if st.button(t("abs.propose"), key="abs_propose"):
        with st.spinner(t("plan.solving")):
            ok, out = state.attempt(service.absence, emp_id, start, end, actor=state.user(),
                                    today=today, kind=kind, reason=reason, team=ws.team)
        if ok:
            st.session_state["abs_proposal"] = (asked, out)
    held = st.session_state.get("abs_proposal")
    if held is None or held[0] != asked:
        return
    out = held[1]
    st.subheader(t("abs.proposal", n=len(out.changes)))
    diff_table(inst, out.changes, key="abs_diff")
    if st.button(t("abs.apply"), type="primary", key="abs_apply"):
        with st.spinner(t("plan.solving")):
            ok, done = state.attempt(service.absence, emp_id, start, end, actor=state.user(),
                                     today=today, kind=kind, reason=reason, team=ws.team, apply=True)
        if ok:
            st.session_state.pop("abs_proposal", None)
            state.flash("success", t("abs.applied", number=done.version.number))
            st.rerun()


if __name__ == "__main__":  # run by st.navigation as a page script
    page()
