"""The sidebar: language, who you are (with an optional PIN or the site's sign-in), today."""

from __future__ import annotations

import streamlit as st

from . import state
from .texts import t


def show(ws) -> None:
    with st.sidebar:
        labels = {"zh": "中文", "en": "English"}
        current = state.lang()
        chosen = st.radio(t("lang"), list(labels), index=list(labels).index(current),
                          format_func=labels.get, horizontal=True, key="lang_choice")
        if chosen != current:
            state.set_lang(chosen)
            st.rerun()
        _who(ws)
        first, last = ws.problem.settings.horizon
        value = state.today(ws)
        picked = st.date_input(t("today"), value=value, help=t("today.help"), key="today_input",
                               min_value=first.replace(day=1).replace(year=first.year - 1),
                               max_value=last.replace(year=last.year + 1))
        st.session_state["today"] = picked
        st.caption(t("month_of", team=ws.team, month=ws.month))
        st.caption(t("store", url=_short(state.store_url())))


def _short(url: str) -> str:
    if "@" in url:  # no password on the screen
        scheme, rest = url.split("://", 1)
        return f"{scheme}://…@{rest.split('@', 1)[1]}"
    return url


def _who(ws) -> None:
    signed = state.signed_in_user()
    if state.secrets_section("auth"):
        if not getattr(st.user, "is_logged_in", False):
            if st.button(t("sign_in"), key="sign_in"):
                st.login()
            st.stop()
        st.caption(t("signed_in", email=getattr(st.user, "email", "")))
        if st.button(t("sign_out"), key="sign_out"):
            st.logout()
        if signed is None:
            st.error(t("sign_in.unknown", email=getattr(st.user, "email", "")))
            st.session_state["user"] = None
            return
        st.session_state["user"] = signed
        st.caption(state.staff_label(ws, signed))
        return
    ids = [e.employee_id for e in ws.problem.staff]
    asked = st.session_state.get("user") or st.query_params.get("as")
    if asked not in ids:
        asked = next((e.employee_id for e in ws.problem.staff if e.is_manager), ids[0] if ids else None)
    if asked is None:
        return
    labels = {e: state.staff_label(ws, e) for e in ids}
    emp_id = st.selectbox(t("who"), ids, index=ids.index(asked), help=t("who.help"),
                          format_func=labels.get, key="who_choice")
    if emp_id != st.session_state.get("user"):
        st.session_state["user"] = emp_id
        st.query_params["as"] = emp_id
    if state.pin_hash(emp_id) and not st.session_state.get(f"pin_ok:{emp_id}"):
        pin = st.text_input(t("pin"), type="password", key=f"pin:{emp_id}")
        if pin:
            if state.check_pin(emp_id, pin):
                st.session_state[f"pin_ok:{emp_id}"] = True
                st.rerun()
            st.error(t("pin.wrong", emp=emp_id))
        else:
            st.caption(t("pin.needed", emp=emp_id))
