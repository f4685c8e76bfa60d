"""What every rule family shares: violations found by ``check`` and penalty terms."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from scheduler.i18n import Msg, define, msg


@dataclass(frozen=True)
class Violation:
    """One broken rule in a finished roster, with a sentence a manager can act on.

    ``penalty`` is the weighted cost for a soft rule (``weight × amount``) and 0
    for a hard rule; ``amount`` is the unweighted size (hours short, duties
    over a fair share, …).
    """

    rule: str
    hard: bool
    message: Msg
    amount: int = 1
    penalty: int = 0
    employee_id: str | None = None
    date: dt.date | None = None
    shift_id: str | None = None

    def text(self, lang: str = "en") -> str:
        return self.message.render("zh" if lang == "zh" else "en")

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        return {
            "rule": self.rule, "hard": self.hard, "penalty": self.penalty,
            "amount": self.amount, "employee_id": self.employee_id,
            "date": self.date.isoformat() if self.date else None,
            "shift_id": self.shift_id, "message": self.text(lang),
        }


@dataclass(frozen=True)
class Term:
    """A soft penalty of the model: ``weight × expr`` enters the objective."""

    rule: str
    weight: int
    expr: Any  # a CP-SAT linear expression or variable


# Rule ids and their names: H1–H9 follow shared/workbook.md, L1–L8 are the optional
# labour rules, P1 keeps hand-pinned cells, S0–S7 are the soft goals, SW1–SW5 and
# LV1–LV2 the rules of changes after publication.
RULES: dict[str, tuple[str, str]] = {
    "H1": ("coverage", "班次人数"),
    "H2": ("weekly rotation", "按周轮换"),
    "H3": ("backups", "备班人数"),
    "H4": ("eligibility", "可值班次"),
    "H5": ("skills", "技能要求"),
    "H6": ("leave", "请假"),
    "H7": ("rest", "休息间隔"),
    "H8": ("standby can step in", "备班可顶岗"),
    "H9": ("monthly cap", "每月上限"),
    "P1": ("pinned assignments", "固定安排"),
    "L1": ("duties per day", "每日值班数"),
    "L2": ("per-shift caps", "班次上限"),
    "L3": ("working minutes", "工时"),
    "L4": ("most consecutive days", "最多连续天数"),
    "L5": ("fewest consecutive days", "最少连续天数"),
    "L6": ("fewest days off in a row", "最少连休天数"),
    "L7": ("weekends", "周末上限"),
    "L8": ("forbidden successions", "禁止接续"),
    "S0": ("soft coverage", "软性人数需求"),
    "S1": ("day rotation", "每日轮换"),
    "S2": ("fair share per shift", "班次公平"),
    "S3": ("fair share of nights", "夜班公平"),
    "S4": ("fair share of off-day duties", "节假日值班公平"),
    "S5": ("requests", "个人意愿"),
    "S6": ("fair share of backups", "备班公平"),
    "S7": ("changes to the baseline roster", "改动原排班"),
    # Changes after publication (R7-R10), judged by scheduler.changes.
    "SW1": ("swaps per month", "每月换班次数"),
    "SW2": ("no consecutive swaps", "不允许连续换班"),
    "SW3": ("no back-to-back duties after a swap", "换班后不得连班"),
    "SW4": ("no leave on a swapped duty", "换班、还班不得请假"),
    "SW5": ("holiday lockout", "节假日当班不得换班或请假"),
    "LV1": ("leave notice", "请假提前天数"),
    "LV2": ("overlapping leave", "重复请假"),
}


_ROLES = {"duty": define("role.duty", "duty", "值班"),
          "backup": define("role.backup", "standby", "备班")}


def role_msg(role: str) -> Msg:
    """"duty" or "standby", in the reader's language."""
    return msg(_ROLES[role])


def rule_name(rule: str, lang: str = "en") -> str:
    en, zh = RULES.get(rule, (rule, rule))
    return zh if lang == "zh" else en
