"""The outcome of a solve: a small value object for people and machines."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from constraints.base import Violation, rule_name

from .i18n import Lang, Msg, define, text
from .instance import Instance, RosterView
from .models import Roster

STATUSES = ("optimal", "feasible", "infeasible", "no_solution", "model_invalid", "published")

define("status.optimal", "optimal", "最优")
define("status.feasible", "feasible (not proven optimal)", "可行（未证明最优）")
define("status.infeasible", "infeasible", "无可行解")
define("status.no_solution", "no roster found within the time limit", "时限内未找到排班")
define("status.model_invalid", "model invalid (a bug: please report it)", "模型无效（程序错误）")
define("status.published", "published (a version of the roster store)", "已发布（排班库中的版本）")
define("summary.status", "Status: {status}", "状态：{status}")
define("summary.objective", "Objective: {objective}   best bound: {bound}   gap: {gap}",
       "目标值：{objective}   下界：{bound}   差距：{gap}")
define("summary.time", "Time: {wall:.2f} s ({solver:.2f} s in the solver; workers: {workers})",
       "用时：{wall:.2f} 秒（求解器 {solver:.2f} 秒，{workers} 个线程）")
define("summary.hard", "Hard rules broken: {n}", "违反硬性规则：{n} 条")
define("summary.penalties", "Penalties by rule:", "各规则罚分：")
define("summary.penalty_line", "  {rule} {name}: {penalty} ({count} items)",
       "  {rule} {name}：{penalty}（{count} 项）")
define("summary.warnings", "Warnings:", "警告：")
define("summary.why", "Why no roster:", "无法排班的原因：")
define("summary.duties", "Duties: {n} assignments for {people} people.",
       "排班：{people} 人共 {n} 条安排。")


@dataclass(frozen=True)
class Progress:
    """A new best roster found while solving (what ``solve(progress=...)`` is called with)."""

    solutions: int
    objective: float
    bound: float
    seconds: float


@dataclass
class Result:
    """What :func:`scheduler.solve` returns.

    Attributes
    ----------
    status
        ``optimal``, ``feasible``, ``infeasible``, ``no_solution`` or
        ``model_invalid``.
    roster
        The roster, or None when there is none.
    objective, bound
        Objective value of the roster and the best lower bound known:
        CP-SAT's, or the soft-cover shortage's when higher
        (:mod:`scheduler.shortage`).
    violations
        Everything the rule checks find on the roster: hard violations (a
        bug if any) and the soft penalties, each with its sentence.
    model_penalties
        The objective split by rule as the model computed it; it equals the
        checks' penalties on optimal rosters (tested).
    explanation
        For an infeasible month, the conflicting rules in business terms.
    warnings
        Data problems worth attention (calendar gaps, short-notice leave, …).
    strategy
        The search that ran: ``cpsat``, ``lns``, ``lns-bound`` or ``groups``
        (groups of people on models of their own, when the whole model
        could not be built in time; see :mod:`scheduler.search.groups`).
    search
        Statistics of the search: ``start`` (the first roster: ``cpsat``,
        ``dive``, ``constructed``), the dive's bound, and for the LNS the
        neighbourhoods solved by kind and CP-SAT status (``days:OPTIMAL``),
        merges tried and kept.
    """

    status: str
    instance: Instance
    roster: Roster | None = None
    objective: int | None = None
    bound: float | None = None
    violations: list[Violation] = field(default_factory=list)
    model_penalties: dict[str, int] = field(default_factory=dict)
    explanation: list[Msg] = field(default_factory=list)
    warnings: list[Msg] = field(default_factory=list)
    wall_time: float = 0.0
    solver_time: float = 0.0
    workers: int = 1
    seed: int | None = None
    num_solutions: int = 0
    num_conflicts: int = 0
    num_branches: int = 0
    strategy: str = ""
    search: dict[str, Any] = field(default_factory=dict)

    @property
    def has_roster(self) -> bool:
        return self.roster is not None

    @property
    def hard_violations(self) -> list[Violation]:
        return [v for v in self.violations if v.hard]

    @property
    def soft_violations(self) -> list[Violation]:
        return [v for v in self.violations if not v.hard]

    @property
    def gap(self) -> float | None:
        """Relative gap between objective and bound (0 when proven optimal)."""
        if self.objective is None or self.bound is None:
            return None
        if self.objective == 0:
            return 0.0
        return max(0.0, (self.objective - self.bound) / abs(self.objective))

    def raise_bound(self, floor: float) -> Result:
        """Raise the bound to ``floor``, a valid lower bound found elsewhere; optimal if met.

        Every penalty of the model is non-negative, so, e.g., the least
        penalty of the soft cover no roster can meet (:mod:`scheduler.shortage`)
        bounds the objective from below. Returns this result.
        """
        if self.roster is None or floor <= 0:
            return self
        if self.bound is None or self.bound < floor:
            self.bound = float(floor)
        if self.status == "feasible" and self.objective is not None \
                and self.objective <= self.bound:
            self.status = "optimal"
        return self

    def penalties(self) -> dict[str, int]:
        """Penalty per soft rule, from the independent checks."""
        out: Counter[str] = Counter()
        for v in self.soft_violations:
            out[v.rule] += v.penalty
        return dict(sorted(out.items()))

    def person_stats(self) -> list[dict[str, Any]]:
        """Per person: duties per shift, nights, off-day duties, backups, hours."""
        return person_stats(self.instance, self.roster or Roster())

    def summary(self, lang: Lang = "en") -> str:
        lines = [text("summary.status", lang, status=text(f"status.{self.status}", lang))]
        if self.objective is not None:
            gap = f"{self.gap:.2%}" if self.gap is not None else "-"
            bound = f"{self.bound:g}" if self.bound is not None else "-"
            lines.append(text("summary.objective", lang, objective=self.objective,
                              bound=bound, gap=gap))
        lines.append(text("summary.time", lang, wall=self.wall_time, solver=self.solver_time,
                          workers=self.workers))
        if self.roster is not None:
            lines.append(text("summary.duties", lang, n=len(self.roster),
                              people=len({a.employee_id for a in self.roster.assignments})))
            lines.append(text("summary.hard", lang, n=len(self.hard_violations)))
            for v in self.hard_violations:
                lines.append(f"  [{v.rule}] {v.text(lang)}")
            by_rule: dict[str, list[Violation]] = defaultdict(list)
            for v in self.soft_violations:
                by_rule[v.rule].append(v)
            if by_rule:
                lines.append(text("summary.penalties", lang))
                for rule, items in sorted(by_rule.items()):
                    lines.append(text("summary.penalty_line", lang, rule=rule,
                                      name=rule_name(rule, lang),
                                      penalty=sum(v.penalty for v in items), count=len(items)))
        if self.explanation:
            lines.append(text("summary.why", lang))
            lines += [f"  - {m.render(lang)}" for m in self.explanation]
        if self.warnings:
            lines.append(text("summary.warnings", lang))
            lines += [f"  - {m.render(lang)}" for m in self.warnings]
        return "\n".join(lines)

    def to_frame(self):
        """The roster as a pandas DataFrame with the CSV columns."""
        import pandas as pd

        rows = [a.model_dump(mode="json") for a in (self.roster or Roster()).sorted().assignments]
        return pd.DataFrame(rows, columns=["date", "shift_id", "employee_id", "role"])

    def to_csv(self, path: str | Path | None = None) -> str:
        """Write the roster CSV (``date,shift_id,employee_id,role``); returns the text."""
        from .io.roster_csv import roster_to_csv

        data = roster_to_csv(self.roster or Roster())
        if path is not None:
            Path(path).write_text(data, encoding="utf-8")
        return data

    def to_dict(self, lang: Lang = "en") -> dict[str, Any]:
        return {
            "status": self.status,
            "objective": self.objective,
            "bound": self.bound,
            "gap": self.gap,
            "wall_time_s": round(self.wall_time, 3),
            "solver_time_s": round(self.solver_time, 3),
            "workers": self.workers,
            "seed": self.seed,
            "penalties": self.penalties(),
            "model_penalties": self.model_penalties,
            "violations": [v.to_dict(lang) for v in self.violations],
            "explanation": [m.render(lang) for m in self.explanation],
            "warnings": [m.render(lang) for m in self.warnings],
            "roster": [a.model_dump(mode="json")
                       for a in (self.roster or Roster()).sorted().assignments],
            "people": self.person_stats(),
        }

    def to_json(self, path: str | Path | None = None, lang: Lang = "en") -> str:
        data = json.dumps(self.to_dict(lang), ensure_ascii=False, indent=2)
        if path is not None:
            Path(path).write_text(data, encoding="utf-8")
        return data


def person_stats(instance: Instance, roster: Roster) -> list[dict[str, Any]]:
    """Per person: duties per shift, nights, off-day duties, backups and hours."""
    view = RosterView.of(instance, roster)
    out = []
    for emp_id in instance.emp_ids:
        duties = view.emp_duties.get(emp_id, [])
        per_shift = Counter(o.shift_id for o in duties)
        row: dict[str, Any] = {"employee_id": emp_id, "name": instance.staff[emp_id].name}
        for sid in instance.shifts:
            row[f"duties_{sid}"] = per_shift.get(sid, 0)
        row["duties"] = len(duties)
        row["nights"] = sum(1 for o in duties if o.night)
        row["offday_duties"] = sum(1 for o in duties if o.offday)
        row["holiday_duties"] = sum(1 for o in duties if o.holiday)
        row["backups"] = len(view.emp_backups.get(emp_id, []))
        row["hours"] = round(sum(o.minutes for o in duties) / 60, 2)
        out.append(row)
    return out


def stats_csv(rows: list[dict[str, Any]]) -> str:
    buf = io.StringIO()
    if rows:
        writer = csv.DictWriter(buf, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return buf.getvalue()
