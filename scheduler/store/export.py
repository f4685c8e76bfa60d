"""The export of a month from the store: the roster workbook plus the registers (R7, R11).

The roster workbook of :mod:`scheduler.io.roster_workbook` for the version,
with three more sheets: the swap register (换班登记表: each swap with both
people, the duties, the dates asked and decided, the manager who signed),
the leave register (请假登记), and the handover log (交接日志: every change of
the month in time order, who did it and why, as R11 asks staff changes to
be recorded).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..checks import check_roster
from ..i18n import define, text
from ..instance import Instance
from ..io.formats import atomic_write
from ..io.roster_workbook import roster_workbook
from ..models import Problem, Roster
from ..results import Result

SWAP_SHEET = define("export.swaps", "Swap register", "换班登记表")
LEAVE_SHEET = define("export.leave", "Leave register", "请假登记")
LOG_SHEET = define("export.log", "Handover log", "交接日志")
T_VERSION = define("export.version", "Version {number} of {month} ({kind}, {author}, {at})",
                   "{month} 第 {number} 版（{kind}，{author}，{at}）")

SWAP_COLUMNS = [("id", "No.", "编号"), ("requester", "Requester", "换班人"),
                ("duty", "Duty given", "换出班次"), ("colleague", "Colleague", "接班人"),
                ("back", "Paid back", "还班班次"), ("reason", "Reason", "事由"),
                ("asked_on", "Asked on", "申请日期"), ("state", "State", "状态"),
                ("decided_by", "Signed by", "经理签字"), ("decided_at", "Decided", "审批时间"),
                ("note", "Note", "备注")]
LEAVE_COLUMNS = [("id", "No.", "编号"), ("employee_id", "Person", "请假人"),
                 ("start", "From", "开始"), ("end", "To", "结束"), ("kind", "Kind", "类型"),
                 ("reason", "Reason", "事由"), ("asked_on", "Asked on", "申请日期"),
                 ("state", "State", "状态"), ("override", "Short notice accepted because",
                                              "特批理由"),
                 ("decided_by", "Signed by", "经理签字"), ("note", "Note", "备注")]
LOG_COLUMNS = [("at", "Time (UTC)", "时间（UTC）"), ("actor", "By", "操作人"),
               ("action", "Action", "操作"), ("outcome", "Outcome", "结果"),
               ("entity_id", "Request", "申请编号"), ("version_from", "From version", "原版本"),
               ("version_to", "To version", "新版本"), ("reason", "Why", "理由")]


def write_export(out: str | Path, info, problem: Problem, roster: Roster, swaps: list[dict],
                 leave: list[dict], events: list, *, lang: str = "zh") -> None:
    """Write the month's export workbook atomically to ``out``."""
    from openpyxl.styles import Font

    violations = check_roster(problem, roster)
    result = Result("published", instance=Instance(problem), roster=roster,
                    objective=sum(v.penalty for v in violations if not v.hard),
                    violations=violations)
    wb = roster_workbook(result, lang)
    zh = lang == "zh"
    head = Font(bold=True)
    title = text(T_VERSION, lang, number=info.number, month=info.month, kind=info.kind,
                 author=info.author, at=info.created_at.isoformat(" ", "minutes"))
    tables = [
        (SWAP_SHEET, SWAP_COLUMNS, swaps),
        (LEAVE_SHEET, LEAVE_COLUMNS, leave),
        (LOG_SHEET, LOG_COLUMNS, [_event(e) for e in events]),
    ]
    for sheet, columns, rows in tables:
        ws = wb.create_sheet(text(sheet, lang))
        ws.append([title])
        ws.append([c[2] if zh else c[1] for c in columns])
        for cell in ws[2]:
            cell.font = head
        for row in rows:
            ws.append([row.get(key, "") for key, _, _ in columns])
        for i, (_, en, zh_name) in enumerate(columns, start=1):
            width = max([len(zh_name if zh else en) * (2 if zh else 1)]
                        + [len(str(r.get(columns[i - 1][0], ""))) for r in rows] + [8])
            ws.column_dimensions[ws.cell(2, i).column_letter].width = min(60, width + 2)
        ws.freeze_panes = "A3"
    atomic_write(Path(out), lambda path: wb.save(path))


def _event(e) -> dict:
    return {"at": e.at.isoformat(" ", "seconds") if isinstance(e.at, dt.datetime) else e.at,
            "actor": e.actor, "action": e.action, "outcome": e.outcome, "entity_id": e.entity_id,
            "version_from": e.version_from, "version_to": e.version_to, "reason": e.reason}

