"""申请 Requests: staff ask for swaps and leave, colleagues answer, managers decide.

Before a request is sent, its verdict is shown (the quota SW1, the lockout
SW5, the notice LV1 and every other rule), with the cover suggestions of
the duty; the store judges it again when it is sent and at every step.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from constraints.base import rule_name
from scheduler.changes import (
    Duty,
    LeaveAsk,
    Swap,
    apply_swap,
    cover_suggestions,
    diff_rosters,
    validate_leave,
    validate_swap,
)
from scheduler.instance import Instance
from scheduler.ui import state
from scheduler.ui.texts import t
from scheduler.ui.widgets import diff_table, heading, published_or_notice, state_label

RULES = ("SW1", "SW2", "SW3", "SW4", "SW5")


def page() -> None:
    ws = state.workspace()
    heading(ws, "req.title")
    current = published_or_notice(ws)
    if current is None:
        return
    ctx = _Context(ws, current)
    ask, mine, approve, every = st.tabs([t("req.ask"), t("req.mine"), t("req.approve"),
                                         t("req.all")])
    with ask:
        _ask(ctx)
    with mine:
        _mine(ctx)
    with approve:
        _approve(ctx)
    with every:
        _all(ctx)


class _Context:
    """The published month the page works on, read once per run."""

    def __init__(self, ws, current) -> None:
        self.ws = ws
        self.info, self.problem, self.roster = current
        self.inst = Instance(self.problem)
        self.today = state.today(ws)
        self.user = state.user()
        self.service = state.service()
        self.swap_rows = [s for s in self.service.swaps(ws.team) if s["month"] == ws.month]
        self.leave_rows = [x for x in self.service.leave_requests(ws.team) if x["month"] == ws.month]
        self.swaps = [_swap_of(s) for s in self.swap_rows]

    def label(self, emp_id: str) -> str:
        return self.inst.emp_label(emp_id)


def _swap_of(row: dict) -> Swap:
    back = Duty.parse(row["back"]) if row["back"] else None
    return Swap(row["requester"], Duty.parse(row["duty"]), row["colleague"], back, row["state"],
                row["id"])


def _verdict(violations, lang: str) -> None:
    if violations:
        st.error(t("req.verdict_no") + "\n\n" + "\n".join(
            f"- [{v.rule}] {v.text(lang)}" for v in violations))
    else:
        st.success(t("req.verdict_ok"))


def _state_text(kind: str, value: str) -> str:
    return state_label(kind, value)


# ------------------------------------------------------------------ asking
def _ask(ctx: _Context) -> None:
    if ctx.user is None:
        st.info(t("who.help"))
        return
    swap_tab, leave_tab = st.tabs([t("req.swap"), t("req.leave")])
    with swap_tab:
        _ask_swap(ctx)
    with leave_tab:
        _ask_leave(ctx)


def _ask_swap(ctx: _Context) -> None:
    lang = state.lang()
    limit = ctx.problem.settings.max_swaps_per_month
    used = sum(1 for s in ctx.swaps if ctx.user in s.people() and
               s.state in ("requested", "accepted", "stale", "applied"))
    st.caption(t("req.quota", used=used, limit=limit))
    duties = [Duty(a.date, a.shift_id) for a in ctx.roster.assignments
              if a.employee_id == ctx.user and a.role == "duty" and a.date >= ctx.today]
    if not duties:
        st.info(t("req.no_duty"))
        return
    duty = st.selectbox(t("req.duty"), duties, format_func=lambda d: f"{d} {ctx.inst.shift_label(d.shift_id)}",
                        key="swap_duty")
    ok, cover = state.attempt(cover_suggestions, ctx.inst, ctx.roster, ctx.swaps, duty, ctx.user)
    if not ok:
        return
    others = [e.employee_id for e in ctx.problem.staff if e.employee_id != ctx.user]
    ranked = [c.employee_id for c in cover.candidates]
    order = ranked + [e for e in others if e not in ranked]
    colleague = st.selectbox(t("req.to"), order, format_func=ctx.label, key="swap_to")
    with st.expander(t("req.cover"), expanded=False):
        rows = [{t("diff.person"): ctx.label(c.employee_id), t("req.free"): c.free_days,
                 t("req.swaps"): c.swaps, t("req.added"): f"{c.added_penalty:+d}"}
                for c in cover.candidates]
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
        if cover.blocked:
            st.markdown(f"**{t('req.cannot')}**")
            st.markdown("\n".join(
                f"- {ctx.label(emp)}: " + "; ".join(f"[{v.rule}] {v.text(lang)}" for v in reasons)
                for emp, reasons in cover.blocked))
    backs = [None] + [Duty(a.date, a.shift_id) for a in ctx.roster.assignments
                      if a.employee_id == colleague and a.role == "duty"
                      and abs((a.date - duty.date).days) <= 7 and a.date >= ctx.today]
    none = t("req.no_back")
    back = st.selectbox(t("req.back"), backs, key="swap_back",
                        format_func=lambda d: none if d is None else str(d))
    reason = st.text_input(t("req.reason"), key="swap_reason")
    swap = Swap(ctx.user, duty, colleague, back)
    ok, found = state.attempt(validate_swap, ctx.inst, ctx.roster, ctx.swaps, swap, ctx.today,
                              "swap request")
    if ok:
        _verdict(found, lang)
    if st.button(t("req.submit_swap"), type="primary", key="submit_swap"):
        ok, out = state.attempt(ctx.service.request_swap, actor=ctx.user, duty=duty, to=colleague,
                                back=back, reason=reason, today=ctx.today, team=ctx.ws.team)
        if ok:
            state.flash("success", t("req.submitted", id=out.request_id,
                                     state=_state_text("swap", out.state)))
            st.rerun()


def _ask_leave(ctx: _Context) -> None:
    lang = state.lang()
    first, last = ctx.problem.settings.horizon
    cols = st.columns(3)
    start = cols[0].date_input(t("req.from"), value=max(first, min(last, ctx.today)), min_value=first,
                               max_value=last, key="leave_from")
    end = cols[1].date_input(t("req.until"), value=start, min_value=first, max_value=last,
                             key="leave_to")
    kind = cols[2].selectbox(t("req.kind"), ["annual", "sick", "personal"], key="leave_kind")
    reason = st.text_input(t("req.reason"), key="leave_reason")
    ask = LeaveAsk(ctx.user, start, end, kind, ctx.today)
    ok, found = state.attempt(validate_leave, ctx.inst, ctx.roster, ctx.swaps, ask, ctx.today,
                              request="leave request")
    if ok:
        blocking = [v for v in found if v.rule != "LV1"]
        _verdict(blocking, lang)
        if any(v.rule == "LV1" for v in found):
            st.warning(t("req.short") + "\n\n" + "\n".join(
                f"- [{v.rule}] {v.text(lang)}" for v in found if v.rule == "LV1"))
    if st.button(t("req.submit_leave"), type="primary", key="submit_leave"):
        ok, out = state.attempt(ctx.service.request_leave, actor=ctx.user, start=start, end=end,
                                kind=kind, reason=reason, today=ctx.today, team=ctx.ws.team)
        if ok:
            state.flash("success", t("req.submitted", id=out.request_id,
                                     state=_state_text("leave", out.state)))
            st.rerun()


# --------------------------------------------------------------- answering
def _swap_line(ctx: _Context, row: dict) -> str:
    back = t("req.back_line", duty=row["back"]) if row["back"] else ""
    return t("req.swap_line", id=row["id"], requester=ctx.label(row["requester"]), duty=row["duty"],
             colleague=ctx.label(row["colleague"]), back=back, state=_state_text("swap", row["state"]))


def _mine(ctx: _Context) -> None:
    if ctx.user is None:
        st.info(t("who.help"))
        return
    waiting = [r for r in ctx.swap_rows if r["colleague"] == ctx.user and r["state"] in ("requested", "stale")]
    own = [r for r in ctx.swap_rows if r["requester"] == ctx.user and r["state"] in ("requested", "accepted", "stale")]
    own_leave = [r for r in ctx.leave_rows if r["employee_id"] == ctx.user and r["state"] == "requested"]
    if not (waiting or own or own_leave):
        st.info(t("req.nothing"))
    for row in waiting:
        with st.container(border=True):
            st.markdown(_swap_line(ctx, row))
            cols = st.columns(2)
            if cols[0].button(t("req.accept"), key=f"accept_{row['id']}", type="primary"):
                _act(ctx.service.accept_swap, row["id"], actor=ctx.user, today=ctx.today)
            if cols[1].button(t("req.decline"), key=f"decline_{row['id']}"):
                _act(ctx.service.decline_swap, row["id"], actor=ctx.user, today=ctx.today)
    for row in own:
        with st.container(border=True):
            st.markdown(_swap_line(ctx, row))
            if st.button(t("req.cancel"), key=f"cancel_{row['id']}"):
                _act(ctx.service.cancel_swap, row["id"], actor=ctx.user, today=ctx.today)
    for row in own_leave:
        with st.container(border=True):
            st.markdown(_leave_line(ctx, row))
            if st.button(t("req.cancel"), key=f"cancel_leave_{row['id']}"):
                _act(ctx.service.cancel_leave, row["id"], actor=ctx.user, today=ctx.today)


def _act(action, request_id: int, **kwargs) -> None:
    ok, out = state.attempt(action, request_id, **kwargs)
    if ok:
        if out.version is not None:
            state.flash("success", t("req.applied", number=out.version.number, n=len(out.changes)))
            st.session_state["last_diff"] = out.changes
        else:
            kind = "leave" if "leave" in action.__name__ else "swap"
            state.flash("success", t("req.state_now", id=request_id, state=_state_text(kind, out.state)))
        st.rerun()


def _leave_line(ctx: _Context, row: dict) -> str:
    return t("req.leave_line", id=row["id"], emp=ctx.label(row["employee_id"]), start=row["start"],
             end=row["end"], kind=row["kind"], state=_state_text("leave", row["state"]))


# ---------------------------------------------------------------- deciding
def _approve(ctx: _Context) -> None:
    lang = state.lang()
    last = st.session_state.pop("last_diff", None)
    if last is not None:
        diff_table(ctx.inst, last, key="last_diff_table")
    if not state.is_manager(ctx.ws):
        st.info(t("need_manager"))
        return
    accepted = [r for r in ctx.swap_rows if r["state"] == "accepted"]
    leave = [r for r in ctx.leave_rows if r["state"] == "requested"]
    if not (accepted or leave):
        st.info(t("req.nothing"))
    for row in accepted:
        swap = _swap_of(row)
        others = [s for s in ctx.swaps if s.id != swap.id]
        with st.container(border=True):
            st.markdown(_swap_line(ctx, row))
            found = validate_swap(ctx.inst, ctx.roster, others, swap, ctx.today, f"swap #{row['id']}")
            _rules(found, lang)
            if not found:
                st.caption(t("req.result"))
                diff_table(ctx.inst, diff_rosters(ctx.roster, apply_swap(ctx.roster, swap)),
                           key=f"swap_diff_{row['id']}")
            cols = st.columns([1, 1, 3])
            reason = cols[2].text_input(t("req.reject_reason"), key=f"reject_reason_{row['id']}")
            if cols[0].button(t("req.approve_btn"), type="primary", key=f"approve_{row['id']}"):
                _act(ctx.service.approve_swap, row["id"], actor=ctx.user, today=ctx.today)
            if cols[1].button(t("req.reject_btn"), key=f"reject_{row['id']}"):
                _act(ctx.service.reject_swap, row["id"], actor=ctx.user, reason=reason,
                     today=ctx.today)
    for row in leave:
        ask = LeaveAsk(row["employee_id"], dt.date.fromisoformat(row["start"]),
                       dt.date.fromisoformat(row["end"]), row["kind"], dt.date.fromisoformat(row["asked_on"]))
        with st.container(border=True):
            st.markdown(_leave_line(ctx, row))
            override = st.text_input(t("req.override"), key=f"override_{row['id']}")
            found = validate_leave(ctx.inst, ctx.roster, ctx.swaps, ask, ask.requested_on,
                                   override or None, request=f"leave #{row['id']}")
            _rules(found, lang, ("LV1", "LV2", "SW4", "SW5"))
            st.caption(t("req.replan_note"))
            _leave_preview(ctx, row, ask)
            cols = st.columns([1, 1, 3])
            reason = cols[2].text_input(t("req.reject_reason"), key=f"reject_leave_reason_{row['id']}")
            if cols[0].button(t("req.approve_btn"), type="primary", key=f"approve_leave_{row['id']}"):
                with st.spinner(t("plan.solving")):
                    _act(ctx.service.approve_leave, row["id"], actor=ctx.user, today=ctx.today,
                         override=override or None)
            if cols[1].button(t("req.reject_btn"), key=f"reject_leave_{row['id']}"):
                _act(ctx.service.reject_leave, row["id"], actor=ctx.user, reason=reason,
                     today=ctx.today)


def _leave_preview(ctx: _Context, row: dict, ask: LeaveAsk) -> None:
    """The re-plan approving the leave would publish, as a diff (on demand: it is a solve)."""
    from scheduler.changes import replan
    from scheduler.models import Leave

    key = ("leave_preview", row["id"], ctx.info.number, ctx.today)
    if st.button(t("req.preview"), key=f"preview_leave_{row['id']}"):
        leave = Leave(employee_id=ask.employee_id, start=ask.start, end=ask.end, kind=ask.kind,
                      requested_on=ask.requested_on)
        with st.spinner(t("plan.solving")):
            ok, plan = state.attempt(replan, ctx.problem, ctx.roster, today=ctx.today,
                                     leave=[leave], time_limit=ctx.service.time_limit)
        if ok:
            st.session_state[f"preview_leave_{row['id']}_plan"] = (key, plan)
    held = st.session_state.get(f"preview_leave_{row['id']}_plan")
    if held is None or held[0] != key:
        return
    plan = held[1]
    if not plan.ok:
        lang = state.lang()
        st.error(t("adjust.no_replan") + "\n\n" + "\n".join(
            [f"- [{v.rule}] {v.text(lang)}" for v in plan.result.hard_violations]
            + [f"- {m.render(lang)}" for m in plan.result.explanation]))
        return
    st.caption(t("req.result"))
    diff_table(ctx.inst, plan.changes, key=f"leave_diff_{row['id']}")


def _rules(found, lang: str, rules: tuple[str, ...] = RULES) -> None:
    """Each rule's verdict: passes, or its sentences; other rules' violations after."""
    st.markdown(f"**{t('req.rules')}**")
    colon = "：" if lang == "zh" else ": "
    lines = []
    for rule in rules:
        mine = [v for v in found if v.rule == rule]
        name = rule_name(rule, lang)
        if mine:
            lines += [f"- ✗ **{rule}** {name}{colon}{v.text(lang)}" for v in mine]
        else:
            lines.append(f"- ✓ **{rule}** {name}{colon}{t('req.pass')}")
    others = [v for v in found if v.rule not in rules]
    lines += [f"- ✗ **{v.rule}** {rule_name(v.rule, lang)}{colon}{v.text(lang)}" for v in others]
    if not others:
        lines.append(f"- ✓ **H1–H9, L1–L8** {t('req.hard_rules')}{colon}{t('req.pass')}")
    st.markdown("\n".join(lines))


def _all(ctx: _Context) -> None:
    rows = [{"#": r["id"], t("req.kind"): t("req.swap"), t("diff.person"): ctx.label(r["requester"]),
             t("req.duty"): r["duty"], t("req.back"): r["back"], t("req.to"): ctx.label(r["colleague"]),
             t("col.status"): _state_text("swap", r["state"])} for r in ctx.swap_rows]
    rows += [{"#": r["id"], t("req.kind"): f"{t('req.leave')} ({r['kind']})",
              t("diff.person"): ctx.label(r["employee_id"]), t("req.duty"): f"{r['start']} – {r['end']}",
              t("req.back"): "", t("req.to"): "", t("col.status"): _state_text("leave", r["state"])}
             for r in ctx.leave_rows]
    if rows:
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", key="all_requests")
    else:
        st.info(t("req.nothing"))


if __name__ == "__main__":  # run by st.navigation as a page script
    page()
