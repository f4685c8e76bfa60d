"""排班 Plan: the input tables, Solve with live progress and Stop, the result, grid and charts."""

from __future__ import annotations

import datetime as dt
import time

import streamlit as st

from scheduler.ui import state
from scheduler.ui.charts import duties_chart, fairness_charts, stats_frame
from scheduler.ui.grid import narrow_columns, styled
from scheduler.ui.tables import problem_tables, tables_workbook
from scheduler.ui.texts import t
from scheduler.ui.widgets import messages, result_summary, roster_workbook_bytes


def page() -> None:
    ws = state.workspace()
    lang = state.lang()
    st.title(t("plan.title"))
    st.caption(t("plan.source", name=ws.source) + " · " + t("month_of", team=ws.team, month=ws.month))
    state.show_flash()
    state.draft_moved_notice()
    _start(ws)
    messages(t("plan.warnings"), ws.warnings)
    _inputs(ws, lang)
    _solve(ws)
    _result(ws, lang)


def _start(ws) -> None:
    with st.expander(t("plan.start")):
        upload = st.file_uploader(t("plan.upload"), type=["xlsx", "json"], key="upload")
        if upload is not None and st.session_state.get("uploaded") != upload.file_id:
            ok, new = state.attempt(state.workspace_from_file, upload.getvalue(), upload.name)
            if ok:
                st.session_state["uploaded"] = upload.file_id
                state.replace_workspace(new)
                state.flash("success", t("plan.loaded", name=new.source, people=len(new.problem.staff),
                                         month=new.month))
                st.rerun()
            else:
                st.info(t("plan.kept"))
        cols = st.columns(2)
        cols[0].download_button(t("plan.template"), data=_template(state.lang()),
                                file_name="template.xlsx", key="template",
                                mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        if cols[1].button(t("plan.sample"), key="sample"):
            state.replace_workspace(state.sample_workspace())
            st.rerun()


@st.cache_data(show_spinner=False)
def _template(lang: str) -> bytes:
    import tempfile
    from pathlib import Path

    from scheduler.io.sample import sample_problem
    from scheduler.io.workbook import write_workbook

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "template.xlsx"
        write_workbook(sample_problem(lang), path, lang)
        return path.read_bytes()


def _inputs(ws, lang: str) -> None:
    with st.expander(t("plan.inputs")):
        st.caption(t("plan.inputs.help"))
        # Drawn on demand: writing and reading the workbook takes a moment.
        if not st.toggle(t("plan.inputs.show"), key="show_inputs"):
            return
        key = f"tables:{id(ws.problem)}:{lang}"
        cached = st.session_state.get("tables")
        if cached is None or cached[0] != key:
            cached = (key, problem_tables(ws.problem, lang))
            st.session_state["tables"] = cached
        tables = cached[1]
        edited = {}
        for tab, name in zip(st.tabs(list(tables)), tables, strict=True):
            with tab:
                edited[name] = st.data_editor(tables[name], num_rows="dynamic", hide_index=True,
                                              key=f"table:{name}:{key}", width="stretch")
        if st.button(t("plan.apply"), key="apply_tables"):
            data = tables_workbook(edited)
            ok, new = state.attempt(state.workspace_from_file, data, ws.source if
                                    ws.source.endswith(".xlsx") else "input.xlsx")
            if ok:
                new.source = ws.source
                state.replace_workspace(new)
                state.flash("success", t("plan.applied"))
                st.rerun()
            else:
                st.info(t("plan.kept"))


def _solve(ws) -> None:
    job = state.job()
    cols = st.columns([1, 1, 3])
    limit = cols[0].number_input(t("plan.time_limit"), min_value=1.0, max_value=3600.0,
                                 value=float(ws.problem.settings.time_limit_s), step=5.0,
                                 key="time_limit")
    running = job is not None and job.running
    if cols[1].button(t("plan.solve"), type="primary", disabled=running, key="solve"):
        state.start_solve(ws, limit)
        running = True
    if running or state.job() is not None:
        _progress()


@st.fragment(run_every=0.25)
def _progress() -> None:
    job = state.job()
    if job is None:
        return
    if not job.running:
        state.finish_solve(state.workspace())
        st.rerun(scope="app")
    with st.status(t("plan.solving"), expanded=True):
        last = job.progress[-1] if job.progress else None
        cols = st.columns(5)
        cols[0].metric(t("plan.solutions"), len(job.progress))
        cols[1].metric(t("plan.objective"), "-" if last is None else f"{last.objective:g}")
        cols[2].metric(t("plan.bound"), "-" if last is None else f"{last.bound:g}")
        gap = None if last is None or not last.objective else \
            max(0.0, (last.objective - last.bound) / abs(last.objective))
        cols[3].metric(t("plan.gap"), "-" if gap is None else f"{gap:.1%}")
        cols[4].metric(t("plan.seconds"), f"{time.perf_counter() - job.started:.1f}")
        if st.button(t("plan.stop"), key="stop", disabled=job.stop.is_set()):
            job.stop.set()


def _result(ws, lang: str) -> None:
    if ws.roster is None:
        if ws.solve:
            messages(t("plan.why"), ws.solve.get("explanation", []))
        st.info(t("plan.no_roster"))
        return
    result = state.checked(ws)
    result_summary(result)
    if ws.edits:
        st.info(t("plan.edited"))
    if ws.solve:
        messages(t("plan.warnings"), ws.solve.get("warnings", []))
    cols = st.columns(2)
    cols[0].download_button(t("plan.download_xlsx"), data=lambda: roster_workbook_bytes(result, lang),
                            file_name=f"roster_{ws.month}.xlsx", key="download_xlsx",
                            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    cols[1].download_button(t("plan.download_csv"), data=result.to_csv,
                            file_name=f"roster_{ws.month}.csv", mime="text/csv", key="download_csv")
    inst = result.instance
    view = st.segmented_control(t("plan.view"), ["grid", "stats"], default="grid", key="plan_view",
                                format_func=_views(lang).get, label_visibility="collapsed")
    if view == "stats":
        _stats(inst, result.roster, lang)
        return
    st.subheader(t("plan.grid"))
    edited = {(k.split("|")[0], dt.date.fromisoformat(k.split("|")[1])) for k in ws.edits}
    grid = styled(inst, result.roster, lang, edited)
    st.dataframe(grid, width="stretch", height=min(38 + 35 * len(inst.emp_ids), 700), key="grid",
                 column_config=narrow_columns(grid.data))
    st.caption(_legend(inst, lang))


def _views(lang: str) -> dict[str, str]:
    return {"grid": t("plan.grid", lang), "stats": t("plan.stats", lang)}


def _stats(inst, roster, lang: str) -> None:
    """Per-person charts: duties by shift, and each fairness group against the fair band."""
    st.subheader(t("plan.stats"))
    for title, chart in [(t("chart.duties"), duties_chart(inst, roster, lang)),
                         *fairness_charts(inst, roster, lang)]:
        st.markdown(f"**{title}**")
        st.altair_chart(chart, width="stretch")
    st.dataframe(stats_frame(inst, roster, lang), width="stretch")


def _legend(inst, lang: str) -> str:
    from scheduler.io.roster_workbook import CodeBook

    book = CodeBook(inst.problem, lang)
    codes = ", ".join(f"{s.shift_id} {s.name}" for s in inst.problem.shifts)
    return t("grid.legend", codes=codes, backup=book.code(inst.problem.shifts[0].shift_id, "backup"))


if __name__ == "__main__":  # run by st.navigation as a page script
    page()
