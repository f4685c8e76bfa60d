"""Small pieces several pages show: the status of a result, violations, diffs, downloads."""

from __future__ import annotations

import io
import tempfile
from collections import defaultdict
from pathlib import Path

import pandas as pd
import streamlit as st

from constraints.base import rule_name

from ..i18n import text
from . import state
from .texts import t


def heading(ws, title_key: str, moved_notice: bool = False) -> None:
    """A page's title, its team-month, the flash message of the last action (and the draft notice)."""
    st.title(t(title_key))
    st.caption(t("month_of", team=ws.team, month=ws.month))
    state.show_flash()
    if moved_notice:
        state.draft_moved_notice()


def published_or_notice(ws):
    """The team-month's published version, or ``None`` after saying there is none."""
    current = state.published(ws)
    if current is None:
        st.info(t("need_published", month=ws.month))
    return current


def result_summary(result) -> None:
    """Status, objective, bound and gap; hard violations; penalties by rule; warnings."""
    lang = state.lang()
    status = text(f"status.{result.status}", lang)
    good = result.status == "optimal" and not result.hard_violations
    (st.success if good else st.warning if result.roster is not None else st.error)(
        t("plan.status", status=status))
    if result.objective is not None:
        cols = st.columns(4)
        cols[0].metric(t("plan.objective"), f"{result.objective:g}")
        cols[1].metric(t("plan.bound"), "-" if result.bound is None else f"{result.bound:g}")
        cols[2].metric(t("plan.gap"), "-" if result.gap is None else f"{result.gap:.1%}")
        cols[3].metric(t("plan.seconds"), f"{result.wall_time:.1f}")
    if result.roster is not None:
        hard = result.hard_violations
        if hard:
            st.error(t("plan.hard", n=len(hard)) + "\n\n" + "\n".join(
                f"- [{v.rule}] {v.text(lang)}" for v in hard))
        penalties(result.soft_violations)


def penalties(violations) -> None:
    by_rule = defaultdict(list)
    for v in violations:
        by_rule[v.rule].append(v)
    if not by_rule:
        return
    st.markdown(f"**{t('plan.penalties')}**")
    lang = state.lang()
    for rule, items in sorted(by_rule.items()):
        with st.expander(t("plan.penalty_rule", rule=rule, name=rule_name(rule, lang),
                           penalty=sum(v.penalty for v in items), count=len(items))):
            st.markdown("\n".join(f"- {v.text(lang)}" for v in items))


def messages(title: str, rows: list[list[str]]) -> None:
    """Texts kept in both languages (``[en, zh]``) as a bulleted list."""
    if not rows:
        return
    pick = 1 if state.lang() == "zh" else 0
    st.warning(f"**{title}**\n\n" + "\n".join(f"- {row[pick]}" for row in rows))


def violations_table(inst, violations) -> None:
    """Each violation with its cell (person and date) where it has one."""
    lang = state.lang()
    rows = []
    for v in violations:
        cell = ""
        if v.employee_id:
            cell = inst.emp_label(v.employee_id) + (f" · {v.date.isoformat()}" if v.date else "")
        elif v.date:
            cell = v.date.isoformat() + (f" {v.shift_id}" if v.shift_id else "")
        rows.append({t("cell.rule"): v.rule, t("cell.cell"): cell, t("cell.message"): v.text(lang)})
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def diff_table(inst, changes, key: str | None = None) -> None:
    """A cell-by-cell diff (:class:`~scheduler.changes.CellChange`) as a table."""
    lang = state.lang()
    if not changes:
        st.info(t("diff.none"))
        return
    off = text("diff.off", lang)

    prefix = "备" if lang == "zh" else "b"

    def show(codes):
        return " ".join(prefix + c[1:] if c.startswith("b") else c for c in codes) if codes else off

    rows = [{t("diff.person"): inst.emp_label(c.employee_id) if inst else c.employee_id,
             t("diff.date"): c.date.isoformat(), t("diff.before"): show(c.before),
             t("diff.after"): show(c.after)} for c in changes]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", key=key)


def roster_workbook_bytes(result, lang: str) -> bytes:
    from ..io.roster_workbook import roster_workbook

    buf = io.BytesIO()
    roster_workbook(result, lang).save(buf)
    return buf.getvalue()


def export_bytes(service, month: str, team: str, number: int | None, lang: str) -> bytes:
    """The store's export of a version: roster workbook with the swap and leave registers."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "export.xlsx"
        service.export(month, path, team=team, number=number, lang=lang)
        return path.read_bytes()


def roster_json(roster) -> str:
    import json

    return json.dumps([a.model_dump(mode="json") for a in roster.sorted().assignments],
                      ensure_ascii=False, indent=1)


def state_label(kind: str, value: str) -> str:
    """A request's state, a version's status or kind, as the command line names them."""
    from ..cli.changes import STATE_KEYS

    key = STATE_KEYS.get((kind, value))
    return text(key, state.lang()) if key else value
