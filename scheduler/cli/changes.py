"""Changes after publication on the command line: publish, swaps, leave, absence, the record.

Each command is one call of :class:`~scheduler.store.RosterService`, which
holds every rule; this module parses the options, picks the language and
prints what happened. A refusal by a rule exits 1 with the rule's sentences
(:class:`~scheduler.store.Refused`), bad input exits 2 with one sentence
naming the request and the option (:class:`~scheduler.changes.ChangeError`).
The store and the change rules are imported inside the commands.

Every command takes ``--db`` (default ``ROSTER_DB``, else ``roster.db``
here), ``--team`` (needed only when the store holds several teams),
``--today`` (the date the action is taken; default the real date) and
``--lang``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import unicodedata
from pathlib import Path

from ..i18n import define, text
from . import EXIT_OK, LANGS, lang_of

T_PUBLISHED = define("cli.ch.published", "Published version {number} of {month} for team {team}: "
                     "{n} assignments.", "已发布团队 {team} {month} 第 {number} 版：共 {n} 条安排。")
T_CHANGED = define("cli.ch.changed", "Cells changed against version {number}: {n}",
                   "与第 {number} 版相比修改的单元格：{n} 个")
T_SWAP = define("cli.ch.swap", "Swap #{id}: {requester} gives {duty} to {colleague}{back}; "
                "state: {state}.", "换班 #{id}：{requester} 的 {duty} 由 {colleague} 接班{back}；"
                "状态：{state}。")
T_BACK = define("cli.ch.back", " and takes {duty} in return", "，{duty} 还班")
T_STATE = define("cli.ch.state", "{kind} #{id}: {state}.", "{kind} #{id}：{state}。")
T_WAIT_COLLEAGUE = define("cli.ch.wait_colleague", "Waiting for {emp} to accept (roster swap "
                          "accept {id} --as {emp_id}).", "等待 {emp} 同意（roster swap accept "
                          "{id} --as {emp_id}）。")
T_WAIT_MANAGER = define("cli.ch.wait_manager", "Waiting for a manager's approval (roster {kind} "
                        "approve {id} --as MANAGER).", "等待经理审批（roster {kind} approve {id} "
                        "--as 经理工号）。")
T_APPLIED = define("cli.ch.applied", "{kind} #{id} approved: version {number} of {month} "
                   "published.", "{kind} #{id} 已批准：已发布 {month} 第 {number} 版。")
T_UNCHANGED = define("cli.ch.unchanged", "No duty or standby falls on these dates: nothing "
                     "else changes.", "这些日期没有值班或备班：其他安排不变。")
T_REPLANNED = define("cli.ch.replanned", "Assignments changed by the re-plan: {n}",
                     "重新排班，改动 {n} 条安排：")
T_LEAVE = define("cli.ch.leave", "Leave #{id}: {emp} from {start} to {end} ({kind}); state: {state}.",
                 "请假 #{id}：{emp} {start} 至 {end}（{kind}）；状态：{state}。")
T_SHORT = define("cli.ch.short", "Short notice: a manager approves it only with --override-notice "
                 "REASON.", "提前不足：经理须加 --override-notice 理由 方可批准。")
T_WARNING = define("cli.ch.warning", "Warning:", "警告：")
T_PROPOSAL = define("cli.ch.proposal", "Proposal, nothing changed yet: {emp} away from {start} "
                    "to {end} ({kind}); assignments that change: {n}.",
                    "调整方案（尚未生效）：{emp} {start} 至 {end} 缺勤（{kind}）；改动 {n} 条安排。")
T_APPLY_HINT = define("cli.ch.apply_hint", "Run the same command with --apply to approve it.",
                      "确认无误后加 --apply 重新运行即可生效。")
T_ABSENCE = define("cli.ch.absence", "Absence of {emp} from {start} to {end} ({kind}) applied: "
                   "version {number} of {month} published; assignments changed: {n}.",
                   "{emp} {start} 至 {end} 缺勤（{kind}）已生效：已发布 {month} 第 {number} 版；"
                   "改动 {n} 条安排。")
T_COVER = define("cli.ch.cover", "Who can take {duty} from {emp}, best first:",
                 "可接 {emp} 的 {duty} 的同事（推荐在前）：")
T_NOBODY = define("cli.ch.nobody", "  nobody", "  无")
T_CANNOT = define("cli.ch.cannot", "Who cannot, and why:", "不能接班的同事及原因：")
T_NO_ROWS = define("cli.ch.no_rows", "(none)", "（无）")
T_EXPORTED = define("cli.ch.exported", "Version {number} of {month} written to {path}: roster, "
                    "swap register ({swaps}), leave register ({leave}), handover log ({events}).",
                    "{month} 第 {number} 版已写入 {path}：排班表、换班登记表（{swaps} 条）、"
                    "请假登记（{leave} 条）、交接日志（{events} 条）。")
T_HISTORY = define("cli.ch.history", "History from the store: {n} published assignments from "
                   "{first} to {last}.", "历史排班取自数据库：{first} 至 {last} 已发布的 {n} 条安排。")
T_NO_HISTORY = define("cli.ch.no_history", "History from the store: none before {date}.",
                      "历史排班取自数据库：{date} 之前没有已发布的排班。")

E_DATE = define("cli.ch.bad_date", "'{value}' is not a date; write YYYY-MM-DD, e.g. 2026-12-10",
                "“{value}”不是日期；请写成 年-月-日，如 2026-12-10")
E_MONTH = define("cli.ch.bad_month", "'{value}' is not a month; write YYYY-MM, e.g. 2026-12",
                 "“{value}”不是月份；请写成 年-月，如 2026-12")
E_ID = define("cli.ch.bad_id", "'{value}' is not a request number; write it as 17 or #17",
              "“{value}”不是申请编号；请写成 17 或 #17")
E_ORDER = define("cli.ch.order", "--to {end} is before --from {start}",
                 "--to {end} 早于 --from {start}")
E_STATE = define("cli.ch.bad_state", "unknown state '{value}'; one of {states}",
                 "未知状态“{value}”；可选 {states}")
E_NO_STORE = define("cli.ch.no_store", "there is no roster store at {path}; publish a roster "
                    "first (roster publish INPUT ROSTER --as MANAGER), or name the store with "
                    "--db or ROSTER_DB", "{path} 处没有排班数据库；请先发布排班（roster publish "
                    "输入 排班 --as 经理工号），或用 --db 或 ROSTER_DB 指定数据库")

KIND = {"swap": define("cli.ch.kind.swap", "Swap", "换班"),
        "leave": define("cli.ch.kind.leave", "Leave", "请假")}
STATES = {
    ("swap", "requested"): ("requested", "待对方同意"),
    ("swap", "accepted"): ("accepted, waiting for approval", "已同意，待审批"),
    ("swap", "stale"): ("stale, to be accepted again", "已失效，待重新同意"),
    ("swap", "applied"): ("applied", "已生效"),
    ("swap", "declined"): ("declined", "对方已拒绝"),
    ("swap", "rejected"): ("rejected", "已驳回"),
    ("swap", "cancelled"): ("cancelled", "已撤回"),
    ("swap", "expired"): ("expired", "已过期"),
    ("leave", "requested"): ("requested, waiting for approval", "待审批"),
    ("leave", "approved"): ("approved", "已批准"),
    ("leave", "rejected"): ("rejected", "已驳回"),
    ("leave", "cancelled"): ("cancelled", "已撤回"),
    ("leave", "expired"): ("expired", "已过期"),
}
STATES.update({
    ("status", "published"): ("published", "已发布"),
    ("status", "superseded"): ("superseded", "已被取代"),
    ("status", "proposal"): ("proposal, to be reviewed", "待审方案"),
    ("kind", "publish"): ("publish", "发布"),
    ("kind", "swap"): ("swap", "换班"),
    ("kind", "leave"): ("leave", "请假"),
    ("kind", "absence"): ("absence", "缺勤"),
    ("kind", "edit"): ("edit", "修改"),
    ("kind", "batch"): ("batch", "批量排班"),
    ("outcome", "done"): ("done", "完成"),
    ("outcome", "refused"): ("refused", "已拒绝"),
})
STATE_KEYS = {key: define(f"cli.ch.state.{key[0]}.{key[1]}", en, zh)
              for key, (en, zh) in STATES.items()}
HEADERS = {
    "cover": [("rank", "序号"), ("person", "人员"), ("free days around", "前后空闲天数"),
              ("swaps this month", "本月换班"), ("added penalty", "增加罚分")],
    "requests": [("#", "编号"), ("kind", "类型"), ("person", "申请人"),
                 ("duty / dates", "班次/日期"), ("paid back", "还班"), ("state", "状态"),
                 ("colleague", "接班人"), ("month", "月份")],
    "log": [("time (UTC)", "时间（UTC）"), ("by", "操作人"), ("action", "操作"),
            ("outcome", "结果"), ("request", "申请"), ("versions", "版本"), ("reason", "理由")],
    "versions": [("version", "版本"), ("status", "状态"), ("kind", "类型"), ("author", "操作人"),
                 ("time (UTC)", "时间（UTC）"), ("reason", "理由"), ("request", "申请")],
}
HEADER_KEYS = {name: [define(f"cli.ch.head.{name}.{i}", en, zh) for i, (en, zh) in enumerate(cols)]
               for name, cols in HEADERS.items()}


# ----------------------------------------------------------------- parsing
def _error(key: str, request: str, option: str, **params):
    from ..changes.errors import change_error

    return change_error(key, request, option, **params)


def parse_date(value: str, option: str, request: str) -> dt.date:
    """``YYYY-MM-DD`` → date; a :class:`ChangeError` naming ``option`` otherwise."""
    if re.fullmatch(r"\s*\d{4}-\d{2}-\d{2}\s*", value or ""):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise _error(E_DATE, request, option, value=value)


def parse_month(value: str, option: str = "MONTH", request: str = "month") -> str:
    match = re.fullmatch(r"\s*(\d{4})-(\d{2})\s*", value or "")
    if not match or not 1 <= int(match[2]) <= 12:
        raise _error(E_MONTH, request, option, value=value)
    return f"{match[1]}-{match[2]}"


def parse_duty(value: str, option: str, request: str):
    from ..changes import Duty
    from ..changes.requests import E_DUTY_FORMAT

    try:
        return Duty.parse(value)
    except ValueError:
        raise _error(E_DUTY_FORMAT, request, option, value=value) from None


def parse_id(value: str, request: str) -> int:
    match = re.fullmatch(r"\s*#?(\d+)\s*", value or "")
    if not match:
        raise _error(E_ID, request, "ID", value=value)
    return int(match[1])


def _today(args: argparse.Namespace, request: str) -> dt.date:
    if args.today is None:
        return dt.date.today()
    return parse_date(args.today, "--today", request)


def _span(args: argparse.Namespace, request: str) -> tuple[dt.date, dt.date]:
    start = parse_date(args.start, "--from", request)
    end = parse_date(args.end, "--to", request)
    if end < start:
        raise _error(E_ORDER, request, "--to", start=start.isoformat(), end=end.isoformat())
    return start, end


# ------------------------------------------------------------------- store
class Store:
    """The service on the store named by ``--db``, with the months' problems it has read."""

    def __init__(self, args: argparse.Namespace, create: bool = False) -> None:
        from ..store import Database, RosterService, database_url

        url = database_url(args.db)
        if not create and url.startswith("sqlite:///") and ":memory:" not in url:
            path = Path(url.removeprefix("sqlite:///"))
            if not path.exists():
                raise _error(E_NO_STORE, "store", "--db", path=str(path))
        self.args = args
        self.db = Database(url)
        self.service = RosterService(self.db)
        self._months: dict[str, tuple | None] = {}
        self._instances: dict[str, object] = {}

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_) -> None:
        self.db.close()

    def month(self, name: str | None):
        """The published (info, problem, roster) of a month, or None."""
        from ..changes import ChangeError

        if name is None:
            return None
        if name not in self._months:
            try:
                self._months[name] = self.service.current(name, self.args.team)
            except ChangeError:
                self._months[name] = None
        return self._months[name]

    def lang(self, month: str | None = None) -> str:
        """``--lang``, else the language of the month's problem, else English."""
        found = None if self.args.lang else self.month(month)
        return lang_of(self.args, found[1] if found else None)

    def instance(self, month: str | None):
        """The month's :class:`~scheduler.instance.Instance` (for people's names), or None."""
        from ..instance import Instance

        found = self.month(month)
        if found is None:
            return None
        if month not in self._instances:
            self._instances[month] = Instance(found[1])
        return self._instances[month]

    def label(self, month: str | None, emp_id: str) -> str:
        inst = self.instance(month)
        return inst.emp_label(emp_id) if inst is not None else emp_id

    def request_month(self, kind: str, request_id: int) -> str | None:
        """The month of swap or leave request ``request_id``, or None when there is none."""
        from ..changes import ChangeError

        try:
            rows = (self.service.swaps(self.args.team) if kind == "swap"
                    else self.service.leave_requests(self.args.team))
        except ChangeError:
            return None
        return next((r["month"] for r in rows if r["id"] == request_id), None)


def _state(kind: str, state: str, lang: str) -> str:
    key = STATE_KEYS.get((kind, state))
    return text(key, lang) if key else state


def _diff(store: Store, month: str, changes: list, lang: str) -> None:
    inst = store.instance(month)
    for change in changes:
        print(f"  {change.text(lang, inst)}")


def _table(headers: list[str], rows: list[list]) -> list[str]:
    """Columns padded to the widest cell; Chinese characters count two wide."""
    def width(cell: str) -> int:
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in cell)

    cells = [headers] + [["" if c is None else str(c) for c in row] for row in rows]
    widths = [max(width(row[i]) for row in cells) for i in range(len(headers))]
    return ["  ".join(c + " " * (w - width(c)) for c, w in zip(row, widths, strict=True)).rstrip()
            for row in cells]


def _headers(name: str, lang: str) -> list[str]:
    return [text(key, lang) for key in HEADER_KEYS[name]]


# ---------------------------------------------------------------- commands
def cmd_publish(args: argparse.Namespace) -> int:
    from .plan import _load

    problem, _ = _load(args.input)
    lang = lang_of(args, problem)
    roster = _read_roster(args.roster, problem)
    with Store(args, create=True) as store:
        out = store.service.publish(problem, roster, actor=args.actor, reason=args.reason,
                                    team=args.team)
        info = out.version
        print(text(T_PUBLISHED, lang, number=info.number, month=info.month, team=info.team,
                   n=len(roster)))
        if info.parent is not None:
            print(text(T_CHANGED, lang, number=info.parent, n=len(out.changes)))
            _diff(store, info.month, out.changes, lang)
    return EXIT_OK


def _read_roster(path: str, problem):
    if Path(path).suffix.lower() == ".xlsx":
        from ..io.roster_workbook import read_roster_workbook

        return read_roster_workbook(path, problem).roster
    from ..io import read_roster

    return read_roster(path, problem)


def cmd_swap_request(args: argparse.Namespace) -> int:
    request = "swap request"
    duty = parse_duty(args.duty, "--duty", request)
    back = parse_duty(args.back, "--back", request) if args.back else None
    today = _today(args, request)
    with Store(args) as store:
        month = duty.date.strftime("%Y-%m")
        lang = store.lang(month)
        out = store.service.request_swap(actor=args.actor, duty=duty, to=args.to, back=back,
                                         reason=args.reason, today=today, team=args.team)
        print(f"#{out.request_id}")
        _print_swap(store, month, out.request_id, args.actor, duty, args.to, back, out.state,
                    lang)
    return EXIT_OK


def _print_swap(store: Store, month: str, swap_id: int, requester: str, duty, colleague: str,
                back, state: str, lang: str) -> None:
    def label(emp: str) -> str:
        return store.label(month, emp)

    print(text(T_SWAP, lang, id=swap_id, requester=label(requester), duty=str(duty),
               colleague=label(colleague),
               back=text(T_BACK, lang, duty=str(back)) if back else "",
               state=_state("swap", state, lang)))
    if state in ("requested", "stale"):
        print(text(T_WAIT_COLLEAGUE, lang, emp=label(colleague), emp_id=colleague, id=swap_id))
    elif state == "accepted":
        print(text(T_WAIT_MANAGER, lang, kind="swap", id=swap_id))


def _swap_action(action: str):
    def command(args: argparse.Namespace) -> int:
        request = f"swap {action}"
        swap_id = parse_id(args.id, request)
        today = _today(args, request)
        with Store(args) as store:
            month = store.request_month("swap", swap_id)
            lang = store.lang(month)
            service = store.service
            if action == "accept":
                out = service.accept_swap(swap_id, actor=args.actor, today=today)
            elif action == "decline":
                out = service.decline_swap(swap_id, actor=args.actor, today=today,
                                           reason=args.reason)
            elif action == "cancel":
                out = service.cancel_swap(swap_id, actor=args.actor, today=today)
            elif action == "reject":
                out = service.reject_swap(swap_id, actor=args.actor, reason=args.reason,
                                          today=today)
            else:
                out = service.approve_swap(swap_id, actor=args.actor, today=today,
                                           note=args.reason)
            kind = text(KIND["swap"], lang)
            if out.version is not None:
                info = out.version
                print(text(T_APPLIED, lang, kind=kind, id=swap_id, number=info.number,
                           month=info.month))
                _diff(store, info.month, out.changes, lang)
            else:
                print(text(T_STATE, lang, kind=kind, id=swap_id,
                           state=_state("swap", out.state, lang)))
                if out.state == "accepted":
                    print(text(T_WAIT_MANAGER, lang, kind="swap", id=swap_id))
        return EXIT_OK

    return command


def cmd_leave_request(args: argparse.Namespace) -> int:
    request = "leave request"
    start, end = _span(args, request)
    today = _today(args, request)
    with Store(args) as store:
        month = start.strftime("%Y-%m")
        lang = store.lang(month)
        out = store.service.request_leave(actor=args.actor, start=start, end=end,
                                          kind=args.kind, reason=args.reason, today=today,
                                          team=args.team)
        print(f"#{out.request_id}")
        print(text(T_LEAVE, lang, id=out.request_id, emp=store.label(month, args.actor),
                   start=start.isoformat(), end=end.isoformat(), kind=args.kind,
                   state=_state("leave", out.state, lang)))
        if out.warnings:
            print(text(T_WARNING, lang))
            for v in out.warnings:
                print(f"  [{v.rule}] {v.text(lang)}")
        if any(v.rule == "LV1" for v in out.warnings):
            print(text(T_SHORT, lang))
        else:
            print(text(T_WAIT_MANAGER, lang, kind="leave", id=out.request_id))
    return EXIT_OK


def _leave_action(action: str):
    def command(args: argparse.Namespace) -> int:
        request = f"leave {action}"
        leave_id = parse_id(args.id, request)
        today = _today(args, request)
        with Store(args) as store:
            month = store.request_month("leave", leave_id)
            lang = store.lang(month)
            kind = text(KIND["leave"], lang)
            if action == "approve":
                out = store.service.approve_leave(leave_id, actor=args.actor, today=today,
                                                  override=args.override_notice)
                info = out.version
                dropped = out.replan.dropped if out.replan else len(out.changes)
                print(text(T_APPLIED, lang, kind=kind, id=leave_id, number=info.number,
                           month=info.month))
                print(text(T_REPLANNED, lang, n=dropped) if out.changes
                      else text(T_UNCHANGED, lang))
                _diff(store, info.month, out.changes, lang)
            else:
                if action == "cancel":
                    out = store.service.cancel_leave(leave_id, actor=args.actor, today=today)
                else:
                    out = store.service.reject_leave(leave_id, actor=args.actor,
                                                     reason=args.reason, today=today)
                print(text(T_STATE, lang, kind=kind, id=leave_id,
                           state=_state("leave", out.state, lang)))
        return EXIT_OK

    return command


def cmd_absent(args: argparse.Namespace) -> int:
    request = "absence"
    start, end = _span(args, request)
    today = _today(args, request)
    with Store(args) as store:
        month = start.strftime("%Y-%m")
        lang = store.lang(month)
        out = store.service.absence(args.employee, start, end, actor=args.actor, today=today,
                                    apply=args.apply, kind=args.kind, reason=args.reason,
                                    team=args.team)
        dropped = out.replan.dropped if out.replan else len(out.changes)
        params = dict(emp=store.label(month, args.employee), start=start.isoformat(),
                      end=end.isoformat(), kind=args.kind, n=dropped)
        if out.version is None:
            print(text(T_PROPOSAL, lang, **params))
            _diff(store, month, out.changes, lang)
            print(text(T_APPLY_HINT, lang))
        else:
            print(text(T_ABSENCE, lang, number=out.version.number, month=out.version.month,
                       **params))
            _diff(store, month, out.changes, lang)
    return EXIT_OK


def cmd_cover(args: argparse.Namespace) -> int:
    duty = parse_duty(args.duty, "DUTY", "cover")
    with Store(args) as store:
        month = duty.date.strftime("%Y-%m")
        lang = store.lang(month)
        cover = store.service.cover(duty, team=args.team, holder=args.holder)
        def label(emp: str) -> str:
            return store.label(month, emp)

        print(text(T_COVER, lang, duty=str(duty), emp=label(cover.holder)))
        rows = [[i, label(c.employee_id), c.free_days, c.swaps, f"{c.added_penalty:+d}"]
                for i, c in enumerate(cover.candidates, start=1)]
        if rows:
            for line in _table(_headers("cover", lang), rows):
                print(f"  {line}")
        else:
            print(text(T_NOBODY, lang))
        if cover.blocked:
            print(text(T_CANNOT, lang))
            for emp_id, reasons in cover.blocked:
                print(f"  {label(emp_id)}")
                for v in reasons:
                    print(f"    [{v.rule}] {v.text(lang)}")
    return EXIT_OK


def cmd_requests(args: argparse.Namespace) -> int:
    from ..changes import LEAVE_STATES, SWAP_STATES

    states = list(dict.fromkeys(SWAP_STATES + LEAVE_STATES))
    if args.state is not None and args.state not in states:
        raise _error(E_STATE, "requests", "--state", value=args.state, states=", ".join(states))
    with Store(args) as store:
        swaps = store.service.swaps(args.team, args.state)
        leave = store.service.leave_requests(args.team, args.state)
        lang = store.lang(next((r["month"] for r in swaps + leave), None))
        rows = []
        for s in swaps:
            rows.append([f"#{s['id']}", text(KIND["swap"], lang),
                         store.label(s["month"], s["requester"]), s["duty"], s["back"],
                         _state("swap", s["state"], lang), store.label(s["month"], s["colleague"]),
                         s["month"]])
        for x in leave:
            dates = x["start"] if x["start"] == x["end"] else f"{x['start']} – {x['end']}"
            rows.append([f"#{x['id']}", f"{text(KIND['leave'], lang)} ({x['kind']})",
                         store.label(x["month"], x["employee_id"]), dates, "",
                         _state("leave", x["state"], lang), "", x["month"]])
        _print_table("requests", rows, lang)
    return EXIT_OK


def _print_table(name: str, rows: list[list], lang: str) -> None:
    if not rows:
        print(text(T_NO_ROWS, lang))
        return
    for line in _table(_headers(name, lang), rows):
        print(line)


def cmd_log(args: argparse.Namespace) -> int:
    since = parse_date(args.since, "--since", "log") if args.since else None
    with Store(args) as store:
        events = store.service.log(args.team, since)
        lang = store.lang(next((e.month for e in events if e.month), None))
        rows = []
        for e in events:
            request = f"{text(KIND[e.entity], lang)} #{e.entity_id}" if e.entity in KIND and \
                e.entity_id else ""
            versions = "→".join(str(v) for v in (e.version_from, e.version_to) if v is not None)
            rows.append([e.at.isoformat(" ", "seconds"), e.actor, e.action,
                         _state("outcome", e.outcome, lang), request,
                         versions, e.reason])
        _print_table("log", rows, lang)
    return EXIT_OK


def cmd_versions(args: argparse.Namespace) -> int:
    month = parse_month(args.month)
    with Store(args) as store:
        lang = store.lang(month)
        infos = store.service.versions(month, args.team)
        rows = [[v.number, _state("status", v.status, lang), _state("kind", v.kind, lang),
                 v.author, v.created_at.isoformat(" ", "seconds"), v.reason, _request_of(v, lang)]
                for v in infos]
        _print_table("versions", rows, lang)
    return EXIT_OK


def _request_of(info, lang: str) -> str:
    if info.request_id is None:
        return ""
    kind = text(KIND[info.kind], lang) if info.kind in KIND else ""
    return f"{kind} #{info.request_id}".strip()


def cmd_export(args: argparse.Namespace) -> int:
    month = parse_month(args.month)
    with Store(args) as store:
        lang = store.lang(month)
        info = store.service.export(month, args.out, team=args.team, number=args.version,
                                    lang=lang)
        swaps = [s for s in store.service.swaps(info.team) if s["month"] == month]
        leave = [x for x in store.service.leave_requests(info.team) if x["month"] == month]
        events = [e for e in store.service.log(info.team) if e.month == month]
        print(text(T_EXPORTED, lang, number=info.number, month=month, path=args.out,
                   swaps=len(swaps), leave=len(leave), events=len(events)))
    return EXIT_OK


def history_for_solve(args: argparse.Namespace, problem):
    """``problem`` with its History from the store named by ``--db`` (``roster solve --db``)."""
    with Store(args) as store:
        filled = store.service.with_history(problem, team=args.team)
        lang = lang_of(args, problem)
        first = problem.settings.horizon[0]
        rows = [a for a in filled.history if a.date < first]
        if filled is problem or not rows:
            print(text(T_NO_HISTORY, lang, date=first.isoformat()))
        else:
            print(text(T_HISTORY, lang, n=len(rows), first=rows[0].date.isoformat(),
                       last=rows[-1].date.isoformat()))
        return filled


# ------------------------------------------------------------------ parser
def _common() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", default=None, metavar="URL",
                        help="the store: a SQLite file or a URL (default: ROSTER_DB, else "
                             "roster.db here)")
    common.add_argument("--team", default=None, metavar="T",
                        help="the team (needed only when the store holds several)")
    common.add_argument("--today", default=None, metavar="DATE",
                        help="the date the action is taken, YYYY-MM-DD (default: today)")
    common.add_argument("--lang", choices=LANGS, default=None,
                        help="language of texts (default: the roster's)")
    return common


def add_parsers(sub) -> None:
    """The change commands on the ``roster`` parser's sub-parsers."""
    common = _common()

    def leaf(parent, name: str, help: str, func, actor: bool = True):
        p = parent.add_parser(name, help=help, parents=[common])
        if actor:
            p.add_argument("--as", dest="actor", required=True, metavar="EMP",
                           help="who takes the action (employee id)")
        p.set_defaults(func=func)
        return p

    p = leaf(sub, "publish", "publish a roster: the month's first (or next) version", cmd_publish)
    p.add_argument("input", help="problem workbook (.xlsx) or JSON")
    p.add_argument("roster", help="roster .csv, .json or .xlsx")
    p.add_argument("--reason", default="", help="why (recorded with the version)")

    swap = sub.add_parser("swap", help="swap requests (换班): request, accept, decline, cancel, "
                          "approve, reject").add_subparsers(dest="action", required=True)
    p = leaf(swap, "request", "ask a colleague to take one of your duties", cmd_swap_request)
    p.add_argument("--duty", required=True, metavar="DATE:SHIFT", help="your duty, e.g. 2026-12-07:N")
    p.add_argument("--to", required=True, metavar="EMP", help="the colleague who takes it")
    p.add_argument("--back", default=None, metavar="DATE:SHIFT",
                   help="the colleague's duty you take in return (还班)")
    p.add_argument("--reason", default="")
    for action, help_text in (("accept", "the colleague accepts"),
                              ("decline", "the colleague declines"),
                              ("cancel", "the requester withdraws the request"),
                              ("approve", "a manager approves: a new roster version"),
                              ("reject", "a manager rejects, with --reason")):
        p = leaf(swap, action, help_text, _swap_action(action))
        p.add_argument("id", metavar="ID", help="the request number (17 or #17)")
        if action in ("decline", "approve", "reject"):
            p.add_argument("--reason", default="",
                           help="why" + (" (required)" if action == "reject" else ""))

    leave = sub.add_parser("leave", help="leave requests (请假): request, approve, reject, cancel") \
        .add_subparsers(dest="action", required=True)
    p = leaf(leave, "request", "ask for leave", cmd_leave_request)
    p.add_argument("--from", dest="start", required=True, metavar="DATE")
    p.add_argument("--to", dest="end", required=True, metavar="DATE")
    p.add_argument("--kind", default="annual", help="annual (default), sick, personal, …")
    p.add_argument("--reason", default="")
    p = leaf(leave, "approve", "a manager approves: duties re-planned, a new version",
             _leave_action("approve"))
    p.add_argument("id", metavar="ID")
    p.add_argument("--override-notice", default=None, metavar="REASON",
                   help="accept leave asked for at short notice (LV1), with the reason")
    p = leaf(leave, "reject", "a manager rejects, with --reason", _leave_action("reject"))
    p.add_argument("id", metavar="ID")
    p.add_argument("--reason", default="", help="why (required)")
    p = leaf(leave, "cancel", "the person withdraws their request", _leave_action("cancel"))
    p.add_argument("id", metavar="ID")

    p = leaf(sub, "absent", "re-plan around someone absent: a proposal, --apply approves it",
             cmd_absent)
    p.add_argument("employee", metavar="EMP", help="who is absent")
    p.add_argument("--from", dest="start", required=True, metavar="DATE")
    p.add_argument("--to", dest="end", required=True, metavar="DATE")
    p.add_argument("--kind", default="sick", help="sick (default), leave, …")
    p.add_argument("--reason", default="")
    p.add_argument("--apply", action="store_true", help="approve the re-plan: a new version")

    p = leaf(sub, "cover", "who can take a duty, best first, and who cannot with why", cmd_cover,
             actor=False)
    p.add_argument("duty", metavar="DUTY", help="DATE:SHIFT, e.g. 2026-12-07:N")
    p.add_argument("--holder", default=None, metavar="EMP",
                   help="whose duty (for a shift with a crew; default the first)")

    p = leaf(sub, "requests", "swap and leave requests", cmd_requests, actor=False)
    p.add_argument("--state", default=None, help="only requests in this state (requested, "
                   "accepted, applied, approved, …)")

    p = leaf(sub, "log", "the audit trail: every action, refusals too", cmd_log, actor=False)
    p.add_argument("--since", default=None, metavar="DATE")

    p = leaf(sub, "versions", "the versions of a month", cmd_versions, actor=False)
    p.add_argument("month", metavar="MONTH", help="YYYY-MM")

    p = leaf(sub, "export", "the roster workbook with the swap and leave registers and the "
             "handover log", cmd_export, actor=False)
    p.add_argument("month", metavar="MONTH", help="YYYY-MM")
    p.add_argument("out", metavar="OUT.xlsx")
    p.add_argument("--version", type=int, default=None, metavar="N",
                   help="this version (default: the published one)")
