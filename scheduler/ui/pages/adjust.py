"""调整 Adjust: hand edits in a grid, Check, re-plan around the edits as a diff, accept or undo.

The grid is a ``st.data_editor`` of codes with a drop-down per date of the
codes valid that day. Its widget key carries the team, month and the
workspace's editor generation (``grid:{team}:{month}:{n}``), so edits never
land on the wrong row after the data changes; every change is saved at once
as the store's draft.
"""

from __future__ import annotations

import streamlit as st

from scheduler.io.roster_workbook import CodeBook
from scheduler.ui import state
from scheduler.ui.grid import OFF, codes_frame, date_options, narrow_columns, styled
from scheduler.ui.texts import t
from scheduler.ui.widgets import diff_table, heading, violations_table


def page() -> None:
    ws = state.workspace()
    lang = state.lang()
    heading(ws, "adjust.title", moved_notice=True)
    if ws.roster is None:
        st.info(t("need_roster"))
        return
    st.caption(t("adjust.help"))
    inst = state.instance(ws)
    _editor(ws, inst, lang)
    _changes(ws, inst, lang)
    _actions(ws, inst, lang)
    _proposal(ws, inst, lang)


def _editor(ws, inst, lang: str) -> None:
    key = f"grid:{ws.team}:{ws.month}:{ws.grid}:{lang}"
    cache = st.session_state.get("editor")
    if cache is None or cache["key"] != key:
        # Made once per editor: the widget's data must not change under its edits.
        base = codes_frame(inst, ws.roster, lang, OFF)
        start = codes_frame(inst, ws.edited_roster(), lang, OFF) if ws.edits else base
        options = date_options(inst, lang)
        config = {column: st.column_config.SelectboxColumn(
            column, options=list(dict.fromkeys(
                options.get(column, [OFF]) + sorted(set(base[column]) | set(start[column])))),
            width="small", required=True) for column in base.columns}
        cache = {"key": key, "base": base, "start": start, "config": config,
                 "book": CodeBook(inst.problem, lang)}
        st.session_state["editor"] = cache
    edited = st.data_editor(cache["start"], column_config=cache["config"], key=key,
                            width="stretch", height=min(38 + 35 * len(inst.emp_ids), 560))
    base = cache["base"]
    changed = (edited.to_numpy() != base.to_numpy()).nonzero()
    edits = {}
    for row, col in zip(*changed, strict=True):
        value = edited.iat[row, col]
        items = cache["book"].parse("" if value is None or value == OFF else str(value))
        day = inst.dates[col]
        edits[f"{inst.emp_ids[row]}|{day.isoformat()}"] = [
            list(item) for item in (items if isinstance(items, list) else [])]
    if edits != ws.edits:
        ws.edits = edits
        ws.proposal = None
        ws.touch()
        state.save(ws)


def _changes(ws, inst, lang: str) -> None:
    st.markdown(f"**{t('adjust.changed', n=len(ws.edits))}**")
    if not ws.edits:
        return
    from scheduler.changes import diff_rosters

    diff_table(inst, diff_rosters(ws.roster, ws.edited_roster()), key="edits_table")


def _actions(ws, inst, lang: str) -> None:
    cols = st.columns(4)
    if cols[0].button(t("adjust.check"), key="check"):
        st.session_state["show_check"] = ws.stamp
    if cols[1].button(t("adjust.replan"), key="replan", type="primary", disabled=not ws.edits):
        _replan(ws)
    if cols[2].button(t("adjust.undo"), key="undo", disabled=not ws.undo,
                      help=t("adjust.undo_help")):
        ws.roster, ws.undo = ws.undo[-1], ws.undo[:-1]
        ws.edits, ws.proposal = {}, None
        ws.touch(grid=True)
        state.save(ws)
        st.rerun()
    if cols[3].button(t("adjust.reset"), key="reset", disabled=not ws.edits):
        ws.edits, ws.proposal = {}, None
        ws.touch(grid=True)
        state.save(ws)
        st.rerun()
    if st.session_state.get("show_check") == ws.stamp:
        result = state.checked(ws)
        hard = result.hard_violations
        if hard:
            st.error(t("adjust.violations", n=len(hard)))
            violations_table(inst, hard)
        else:
            st.success(t("adjust.ok"))
        st.caption(t("adjust.soft", total=sum(v.penalty for v in result.soft_violations)))


def _replan(ws) -> None:
    """Re-plan around the edits (pinned, cleared cells forbidden), fewest other changes."""
    from scheduler.changes import replan

    pins, cleared = ws.edit_lists()
    published = state.published(ws)
    # After publication the past is frozen; before it every date may still change.
    today = state.today(ws) if published is not None else None
    with st.spinner(t("plan.solving")):
        ok, plan = state.attempt(replan, ws.problem, ws.roster, today=today, pins=pins,
                                 forbidden=cleared, time_limit=20.0)
    if not ok:
        return
    if not plan.ok:
        lang = state.lang()
        reasons = [f"- [{v.rule}] {v.text(lang)}" for v in plan.result.hard_violations]
        reasons += [f"- {m.render(lang)}" for m in plan.result.explanation]
        st.error(t("adjust.no_replan") + "\n\n" + "\n".join(reasons))
        return
    ws.proposal = plan.roster
    ws.touch()
    state.save(ws)


def _proposal(ws, inst, lang: str) -> None:
    if ws.proposal is None:
        return
    from scheduler.changes import diff_rosters

    changes = diff_rosters(ws.roster, ws.proposal)
    st.subheader(t("adjust.proposal", n=len(changes)))
    diff_table(inst, changes, key="proposal_table")
    edited = {(c.employee_id, c.date) for c in changes}
    grid = styled(inst, ws.proposal, lang, edited)
    st.dataframe(grid, width="stretch", key="proposal_grid", column_config=narrow_columns(grid.data))
    cols = st.columns(2)
    if cols[0].button(t("adjust.accept"), type="primary", key="accept"):
        proposal = ws.proposal
        ws.solve = {**(ws.solve or {}), "status": "feasible", "bound": None}
        ws.set_roster(proposal)
        state.save(ws)
        state.flash("success", t("adjust.accepted"))
        st.rerun()
    if cols[1].button(t("adjust.discard"), key="discard"):
        ws.proposal = None
        ws.touch()
        state.save(ws)
        st.rerun()



if __name__ == "__main__":  # run by st.navigation as a page script
    page()
