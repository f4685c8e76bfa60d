"""The `roster` commands of changes after publication, on a temporary SQLite store.

The bundled sample is solved once for the module; each test publishes it
into a store of its own and drives `main([...])`. The swaps tried are picked
from the solved roster with the pure verdicts (`cover_suggestions`,
`validate_swap`), so the tests do not depend on who the solver put where.
Every action is dated with `--today` in December 2026.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from scheduler import load_problem, solve
from scheduler.changes import Duty, Swap, apply_swap, cover_suggestions, validate_swap
from scheduler.cli import main
from scheduler.instance import Instance
from scheduler.io import read_roster, write_roster
from scheduler.models import Assignment, Problem, Roster

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "december_2026.xlsx"
TODAY = dt.date(2026, 12, 1)
MANAGER = "E01"  # the sample's Staff sheet names E01 王建国 manager


@dataclass
class Sample:
    problem: Problem
    roster: Roster
    roster_csv: Path

    def duties(self, shift: str = "D", roster: Roster | None = None) -> list[Assignment]:
        return sorted((a for a in (roster or self.roster).assignments
                       if a.role == "duty" and a.shift_id == shift), key=lambda a: a.date)

    def holder(self, day: dt.date, shift: str = "D") -> str:
        return next(a.employee_id for a in self.duties(shift) if a.date == day)

    def label(self, emp_id: str) -> str:
        return next(e.label for e in self.problem.staff if e.employee_id == emp_id)


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Sample:
    problem = load_problem(SAMPLE)
    result = solve(problem, time_limit=10, seed=0)
    assert result.roster is not None
    path = tmp_path_factory.mktemp("sample") / "roster.csv"
    write_roster(result.roster, path)
    return Sample(problem, result.roster, path)


class Cli:
    """`main` on one store: each call returns (exit code, stdout, stderr)."""

    def __init__(self, db: Path, capsys) -> None:
        self.db = db
        self.capsys = capsys

    def __call__(self, *argv: str, today: dt.date | None = TODAY,
                 lang: str | None = "en") -> tuple[int, str, str]:
        args = [*argv, "--db", str(self.db)]
        if today is not None:
            args += ["--today", today.isoformat()]
        if lang is not None:
            args += ["--lang", lang]
        code = main(args)
        out, err = self.capsys.readouterr()
        return code, out, err

    def versions(self) -> int:
        code, out, _ = self("versions", "2026-12")
        assert code == 0
        return len(out.splitlines()) - 1  # the header row


@pytest.fixture
def cli(sample, tmp_path, capsys) -> Cli:
    """A store with the sample's roster published by its manager (version 1)."""
    run = Cli(tmp_path / "roster.db", capsys)
    code, out, _ = run("publish", str(SAMPLE), str(sample.roster_csv), "--as", MANAGER)
    assert code == 0, out
    return run


def first_swap(sample: Sample, after: dt.date = dt.date(2026, 12, 7)) -> tuple[Duty, str, str]:
    """The first day duty from ``after`` on, its holder and the best colleague to take it."""
    a = next(a for a in sample.duties() if a.date >= after)
    duty = Duty(a.date, a.shift_id)
    cover = cover_suggestions(sample.problem, sample.roster, [], duty)
    assert cover.candidates, f"nobody can take {duty}"
    return duty, a.employee_id, cover.candidates[0].employee_id


def open_swaps(sample: Sample, n: int) -> list[Swap]:
    """``n`` swap requests that may all be open at once, by ``n`` different pairs of people."""
    inst = Instance(sample.problem)
    chosen: list[Swap] = []
    for a in sample.duties():
        if a.date < dt.date(2026, 12, 3):
            continue
        busy = {p for s in chosen for p in s.people()}
        duty = Duty(a.date, a.shift_id)
        if a.employee_id in busy:
            continue
        cover = cover_suggestions(inst, sample.roster, chosen, duty)
        to = next((c.employee_id for c in cover.candidates if c.employee_id not in busy), None)
        if to is None:
            continue
        swap = Swap(a.employee_id, duty, to, id=len(chosen) + 1)
        if not validate_swap(inst, sample.roster, chosen, swap, TODAY):
            chosen.append(swap)
            if len(chosen) == n:
                return chosen
    pytest.fail(f"the sample roster offers no {n} open swaps at once")


def quota_chain(sample: Sample) -> tuple[str, list[Swap], Swap]:
    """A person who takes three colleagues' duties one after another, and a fourth swap
    that only the monthly quota (SW1) refuses."""
    inst = Instance(sample.problem)
    duties = [a for a in sample.duties("D") + sample.duties("H") if a.date >= dt.date(2026, 12, 3)]
    duties.sort(key=lambda a: a.date)
    for person in inst.emp_ids:
        roster, done = sample.roster, []
        for a in duties:
            if a.employee_id == person:
                continue
            swap = Swap(a.employee_id, Duty(a.date, a.shift_id), person, state="applied",
                        id=len(done) + 1)
            if not validate_swap(inst, roster, done, swap, TODAY):
                done.append(swap)
                roster = apply_swap(roster, swap)
                if len(done) == 3:
                    break
        if len(done) < 3:
            continue
        taken = {s.duty for s in done}
        for a in duties:
            duty = Duty(a.date, a.shift_id)
            if a.employee_id == person or duty in taken:
                continue
            fourth = Swap(a.employee_id, duty, person)
            if {v.rule for v in validate_swap(inst, roster, done, fourth, TODAY)} == {"SW1"}:
                return person, done, fourth
    pytest.fail("the sample roster offers no person with three swaps and a fourth refused by SW1")


def run_swap(cli: Cli, swap: Swap) -> None:
    """Request, accept and approve ``swap``; each step exits 0."""
    code, out, _ = cli("swap", "request", "--as", swap.requester, "--duty", str(swap.duty),
                       "--to", swap.colleague)
    assert code == 0, out
    number = out.splitlines()[0]
    assert cli("swap", "accept", number, "--as", swap.colleague)[0] == 0
    code, out, _ = cli("swap", "approve", number, "--as", MANAGER)
    assert code == 0, out


# ------------------------------------------------------------------ publish
def test_publish_by_the_manager_makes_version_1(cli):
    code, out, _ = cli("versions", "2026-12")
    assert code == 0
    rows = out.splitlines()[1:]
    assert len(rows) == 1
    assert rows[0].split()[:4] == ["1", "published", "publish", MANAGER]


def test_publish_by_a_non_manager_is_refused(sample, tmp_path, capsys):
    cli = Cli(tmp_path / "roster.db", capsys)
    code, out, err = cli("publish", str(SAMPLE), str(sample.roster_csv), "--as", "E02")
    assert code == 1
    assert out.startswith("Refused:")
    assert "E02 李娜 is not a manager" in out
    assert "Traceback" not in out + err
    code, _, err = cli("versions", "2026-12")  # nothing was published
    assert code == 2
    assert "the store holds no team yet" in err


# -------------------------------------------------------------------- swaps
def test_swap_request_accept_approve_prints_the_number_and_the_diff(sample, cli):
    duty, holder, to = first_swap(sample)
    code, out, _ = cli("swap", "request", "--as", holder, "--duty", str(duty), "--to", to,
                       "--reason", "family dinner")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "#1"
    assert f"Swap #1: {sample.label(holder)} gives {duty} to {sample.label(to)}" in lines[1]
    assert "state: requested" in lines[1]
    assert f"roster swap accept 1 --as {to}" in out

    code, out, _ = cli("swap", "accept", "#1", "--as", to)
    assert code == 0
    assert "Swap #1: accepted, waiting for approval." in out
    assert cli.versions() == 1  # accepting changes no roster

    code, out, _ = cli("swap", "approve", "1", "--as", MANAGER)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Swap #1 approved: version 2 of 2026-12 published."
    assert sorted(lines[1:]) == sorted([
        f"  {sample.label(holder)} on {duty.date}: D → off",
        f"  {sample.label(to)} on {duty.date}: off → D"])
    assert cli.versions() == 2


def test_a_fourth_swap_in_the_month_is_refused_by_SW1_and_nothing_changes(sample, cli):
    person, three, fourth = quota_chain(sample)
    for swap in three:
        run_swap(cli, swap)
    assert cli.versions() == 4
    code, out, _ = cli("swap", "request", "--as", fourth.requester, "--duty", str(fourth.duty),
                       "--to", person)
    assert code == 1
    assert out.splitlines()[0] == "Refused: the rules forbid it."
    assert f"[SW1] {sample.label(person)} already has 3 swaps in 2026-12" in out
    assert cli.versions() == 4
    code, out, _ = cli("requests")
    assert len(out.splitlines()) == 1 + 3  # no fourth request was recorded
    code, out, _ = cli("log")
    refused = [line for line in out.splitlines() if "swap.request" in line and "refused" in line]
    assert len(refused) == 1 and "SW1" in refused[0]


def test_decline_cancel_and_reject_end_a_request_without_a_new_version(sample, cli):
    a, b, c = open_swaps(sample, 3)
    for swap in (a, b, c):
        assert cli("swap", "request", "--as", swap.requester, "--duty", str(swap.duty),
                   "--to", swap.colleague)[0] == 0

    # Only the colleague may decline, only the requester cancel: a rule, so exit 1.
    code, out, _ = cli("swap", "decline", "1", "--as", a.requester)
    assert code == 1
    assert f"request #1 is to be declined by {a.colleague}" in out
    code, out, _ = cli("swap", "decline", "1", "--as", a.colleague)
    assert (code, out) == (0, "Swap #1: declined.\n")
    code, out, _ = cli("swap", "cancel", "2", "--as", b.requester)
    assert (code, out) == (0, "Swap #2: cancelled.\n")
    code, _, err = cli("swap", "reject", "3", "--as", MANAGER)
    assert code == 2
    assert "field --reason" in err
    code, out, _ = cli("swap", "reject", "3", "--as", MANAGER, "--reason", "year-end peak")
    assert (code, out) == (0, "Swap #3: rejected.\n")

    # An ended request cannot be accepted any more: bad input, the state named.
    code, _, err = cli("swap", "accept", "1", "--as", a.colleague)
    assert code == 2
    assert "swap #1 is declined; it cannot be accepted now" in err
    assert cli.versions() == 1

    code, out, _ = cli("requests", "--state", "declined")
    rows = out.splitlines()[1:]
    assert len(rows) == 1 and rows[0].startswith("#1  Swap")
    code, out, _ = cli("requests")
    rows = out.splitlines()[1:]
    assert [row.split()[:2] for row in rows] == [["#1", "Swap"], ["#2", "Swap"], ["#3", "Swap"]]
    assert [f" {state} " in row for row, state in
            zip(rows, ("declined", "cancelled", "rejected"), strict=True)] == [True] * 3


@pytest.mark.parametrize(("argv", "where"), [
    (["swap", "approve", "99", "--as", MANAGER], "swap #99, field ID: there is no swap #99"),
    (["leave", "approve", "#7", "--as", MANAGER], "leave #7, field ID: there is no leave #7"),
    (["swap", "accept", "first", "--as", "E02"], "field ID: 'first' is not a request number"),
    (["swap", "request", "--as", "E02", "--duty", "2026-12-32:D", "--to", "E03"],
     "swap request, field --duty: '2026-12-32:D' is not a duty"),
    (["swap", "request", "--as", "E02", "--duty", "2026-12-07", "--to", "E03"],
     "field --duty: '2026-12-07' is not a duty; write DATE:SHIFT"),
    (["swap", "request", "--as", "E02", "--duty", "2026-12-07:D", "--to", "E03", "--back", "x"],
     "field --back: 'x' is not a duty"),
    (["leave", "request", "--as", "E02", "--from", "2026-12-1", "--to", "2026-12-12"],
     "leave request, field --from: '2026-12-1' is not a date"),
    (["leave", "request", "--as", "E02", "--from", "2026-12-12", "--to", "2026-12-10"],
     "field --to: --to 2026-12-10 is before --from 2026-12-12"),
    (["absent", "E02", "--from", "2026-12-12", "--to", "2026-12-10", "--as", MANAGER],
     "absence, field --to: --to 2026-12-10 is before --from 2026-12-12"),
    (["cover", "2026-12-07:Q"], "cover, field DUTY"),
    (["log", "--since", "last week"], "log, field --since: 'last week' is not a date"),
    (["versions", "2026-13"], "field MONTH: '2026-13' is not a month"),
    (["requests", "--state", "open"], "field --state: unknown state 'open'"),
    (["swap", "request", "--as", "E99", "--duty", "2026-12-07:D", "--to", "E03"],
     "field --as: 'E99' is not on the staff"),
])
def test_bad_input_exits_2_naming_the_field(cli, argv, where):
    code, out, err = cli(*argv)
    assert code == 2
    assert out == ""
    assert err.startswith("error: ")
    assert where in err
    assert "Traceback" not in err
    assert cli.versions() == 1


def test_a_bad_today_is_named(cli):
    code = main(["swap", "cancel", "1", "--as", "E02", "--db", str(cli.db), "--today", "12/01"])
    assert code == 2
    assert "field --today: '12/01' is not a date" in cli.capsys.readouterr().err


# -------------------------------------------------------------------- leave
def test_late_leave_is_refused_without_the_override_and_approved_with_it(sample, cli):
    day = dt.date(2026, 12, 10)
    person = sample.holder(day)
    asked = dt.date(2026, 12, 8)  # two days ahead; the sample asks for three (LV1)
    code, out, _ = cli("leave", "request", "--as", person, "--from", "2026-12-10",
                       "--to", "2026-12-10", "--kind", "personal", today=asked)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "#1"
    assert "state: requested, waiting for approval" in lines[1]
    assert "[LV1]" in out and "2 days ahead, 3 required" in out
    assert "--override-notice" in out

    code, out, _ = cli("leave", "approve", "1", "--as", MANAGER, today=asked)
    assert code == 1
    assert "[LV1]" in out
    assert cli.versions() == 1

    code, out, _ = cli("leave", "approve", "1", "--as", MANAGER, "--override-notice",
                       "family emergency", today=asked)
    assert code == 0
    assert out.splitlines()[0] == "Leave #1 approved: version 2 of 2026-12 published."
    assert f"  {sample.label(person)} on 2026-12-10: D → off" in out.splitlines()
    assert cli.versions() == 2
    code, out, _ = cli("requests", "--state", "approved")
    assert f"Leave (personal)  {sample.label(person)}  2026-12-10" in out


def test_leave_rejected_with_a_reason(sample, cli):
    code, out, _ = cli("leave", "request", "--as", "E02", "--from", "2026-12-21",
                       "--to", "2026-12-22")
    assert (code, out.splitlines()[0]) == (0, "#1")
    assert "[LV1]" not in out
    assert "roster leave approve 1 --as MANAGER" in out
    code, out, _ = cli("leave", "reject", "1", "--as", "E03", "--reason", "no")
    assert code == 1
    assert "E03 张伟 is not a manager" in out
    code, out, _ = cli("leave", "reject", "1", "--as", MANAGER, "--reason", "year-end peak")
    assert (code, out) == (0, "Leave #1: rejected.\n")
    assert cli.versions() == 1


# ------------------------------------------------------------------ absence
def test_absent_proposes_a_diff_and_apply_publishes_it(sample, cli):
    day = dt.date(2026, 12, 14)
    person = sample.holder(day)
    argv = ["absent", person, "--from", "2026-12-14", "--to", "2026-12-14", "--as", MANAGER,
            "--reason", "flu"]
    code, out, _ = cli(*argv, today=dt.date(2026, 12, 13))
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith(f"Proposal, nothing changed yet: {sample.label(person)} away "
                               "from 2026-12-14 to 2026-12-14 (sick); assignments that change: ")
    changed = int(lines[0].rsplit(" ", 1)[1].rstrip("."))
    assert changed >= 1
    assert f"  {sample.label(person)} on 2026-12-14: D → off" in lines
    assert lines[-1] == "Run the same command with --apply to approve it."
    assert cli.versions() == 1

    code, out, _ = cli(*argv, "--apply", today=dt.date(2026, 12, 13))
    assert code == 0
    assert "applied: version 2 of 2026-12 published; assignments changed: " in out
    assert f"  {sample.label(person)} on 2026-12-14: D → off" in out.splitlines()
    assert cli.versions() == 2
    code, _, err = cli("swap", "request", "--as", person, "--duty", "2026-12-14:D",
                       "--to", "E02")
    assert code == 2  # the duty is no longer theirs
    assert f"{sample.label(person)} has no duty 2026-12-14:D" in err


def test_absent_by_a_non_manager_is_refused(sample, cli):
    person = sample.holder(dt.date(2026, 12, 14))
    code, out, _ = cli("absent", person, "--from", "2026-12-14", "--to", "2026-12-14",
                       "--as", "E02", "--apply")
    assert code == 1
    assert "E02 李娜 is not a manager" in out
    assert cli.versions() == 1


# ---------------------------------------------------------- cover, records
def test_cover_lists_candidates_best_first_then_who_cannot_and_why(sample, cli):
    duty, holder, _ = first_swap(sample)
    cover = cover_suggestions(sample.problem, sample.roster, [], duty)
    code, out, _ = cli("cover", str(duty))
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == f"Who can take {duty} from {sample.label(holder)}, best first:"
    assert lines[1].split() == ["rank", "person", "free", "days", "around", "swaps", "this",
                                "month", "added", "penalty"]
    ranked = [line.split()[1] for line in lines[2:2 + len(cover.candidates)]]
    assert ranked == [c.employee_id for c in cover.candidates]
    best = cover.candidates[0]
    assert lines[2].split()[3:] == [str(best.free_days), str(best.swaps), f"{best.added_penalty:+d}"]
    assert holder not in ranked
    blocked = lines[lines.index("Who cannot, and why:") + 1:]
    for emp_id, reasons in cover.blocked:
        at = blocked.index(f"  {sample.label(emp_id)}")
        assert blocked[at + 1].startswith(f"    [{reasons[0].rule}] ")


def test_cover_of_a_duty_nobody_holds_exits_2(cli):
    code, _, err = cli("cover", "2026-12-05:D")  # a Saturday: no day duty
    assert code == 2
    assert "cover, field DUTY" in err


def test_log_lists_each_action_with_its_outcome(sample, cli):
    duty, holder, to = first_swap(sample)
    cli("swap", "request", "--as", holder, "--duty", str(duty), "--to", to)
    cli("swap", "approve", "1", "--as", MANAGER)  # not accepted yet: a refused attempt
    cli("swap", "accept", "1", "--as", to)
    cli("swap", "approve", "1", "--as", "E02", "--reason", "ok")  # not a manager: refused
    code, out, _ = cli("log")
    assert code == 0
    header, *rows = out.splitlines()
    assert header.split()[:4] == ["time", "(UTC)", "by", "action"]
    actions = [(r.split()[2], r.split()[3], r.split()[4]) for r in rows]
    assert actions == [(MANAGER, "publish", "done"), (holder, "swap.request", "done"),
                       (MANAGER, "swap.approve", "refused"), (to, "swap.accept", "done"),
                       ("E02", "swap.approve", "refused")]
    assert "Swap #1" in rows[1] and "E02 李娜 is not a manager" in rows[4]
    assert "requested" in rows[2]
    code, out, _ = cli("log", "--since", "2999-01-01")
    assert (code, out) == (0, "(none)\n")


def test_versions_list_number_status_kind_author_and_request(sample, cli):
    duty, holder, to = first_swap(sample)
    run_swap(cli, Swap(holder, duty, to))
    code, out, _ = cli("versions", "2026-12")
    assert code == 0
    rows = [line.split() for line in out.splitlines()[1:]]
    assert [r[:4] for r in rows] == [["1", "superseded", "publish", MANAGER],
                                     ["2", "published", "swap", MANAGER]]
    assert rows[1][-2:] == ["Swap", "#1"]


def test_texts_follow_the_rosters_language_unless_lang_is_given(sample, cli):
    code, out, _ = cli("versions", "2026-12", lang=None)  # the sample's language is zh
    assert out.splitlines()[0].split()[:3] == ["版本", "状态", "类型"]
    duty, holder, to = first_swap(sample)
    code, out, _ = cli("swap", "request", "--as", holder, "--duty", str(duty), "--to", to,
                       lang=None)
    assert out.splitlines()[1].startswith(f"换班 #1：{sample.label(holder)} 的 {duty} 由 ")
    code, _, err = cli("swap", "approve", "1", "--as", MANAGER, lang=None)  # not accepted yet
    assert code == 2
    assert err.startswith("错误：swap #1, 字段 ID: 换班申请 #1 当前状态为 待处理")
    code, _, err = cli("swap", "approve", "1", "--as", MANAGER)
    assert err.startswith("error: swap #1, field ID: swap #1 is requested")


def test_a_missing_store_is_bad_input_and_not_created(tmp_path, capsys):
    db = tmp_path / "nowhere.db"
    code = main(["requests", "--db", str(db)])
    assert code == 2
    assert "field --db: there is no roster store at" in capsys.readouterr().err
    assert not db.exists()


# ------------------------------------------------------------------- export
def test_export_writes_the_roster_and_the_swap_register(sample, cli, tmp_path):
    from openpyxl import load_workbook

    duty, holder, to = first_swap(sample)
    run_swap(cli, Swap(holder, duty, to))
    out_path = tmp_path / "december.xlsx"
    code, out, _ = cli("export", "2026-12", str(out_path), lang=None)
    assert code == 0
    assert out.startswith(f"2026-12 第 2 版已写入 {out_path}")
    wb = load_workbook(out_path)
    assert {"换班登记表", "请假登记", "交接日志"} <= set(wb.sheetnames)
    register = [list(r) for r in wb["换班登记表"].iter_rows(min_row=3, values_only=True)]
    assert len(register) == 1
    number, requester, given, colleague, *_rest = register[0]
    assert (number, requester, given, colleague) == (1, holder, str(duty), to)
    assert "applied" in register[0] and MANAGER in register[0]

    code, out, _ = cli("export", "2026-12", str(tmp_path / "v1.xlsx"), "--version", "1")
    assert code == 0
    assert out.startswith("Version 1 of 2026-12 written to")
    code, _, err = cli("export", "2026-12", str(tmp_path / "v9.xlsx"), "--version", "9")
    assert code == 2
    assert "field --version" in err


# -------------------------------------------------------------------- solve
def month_copy(problem: Problem, month: str, pinned: list[Assignment] = ()) -> Problem:
    """The sample's team and rules for another month, without its dated rows."""
    settings = problem.settings.model_copy(update={"month": month})
    return problem.model_copy(update={"settings": settings, "leave": [], "requests": [],
                                      "history": [], "calendar": [], "coverage": [],
                                      "pinned": list(pinned)})


def night_crew(roster: Roster, day: dt.date) -> set[str]:
    return {a.employee_id for a in roster.assignments
            if a.date == day and a.shift_id == "N" and a.role == "duty"}


def test_solve_with_db_takes_the_month_before_from_the_store(sample, tmp_path, capsys):
    # November is published with its last week's night crew fixed to E04 and E09; the
    # sample's own History has E03 and E08. The week of 30 November runs on into
    # December (H2), so the crew of 1 December tells which History the solve read.
    assert night_crew(Roster(assignments=sample.problem.history), dt.date(2026, 11, 30)) == \
        {"E03", "E08"}
    crew = [Assignment(date=dt.date(2026, 11, 30), shift_id="N", employee_id=e, role="duty")
            for e in ("E04", "E09")]
    november = month_copy(sample.problem, "2026-11", crew)
    result = solve(november, time_limit=10, seed=0)
    assert result.roster is not None
    (tmp_path / "november.json").write_text(november.model_dump_json(), encoding="utf-8")
    write_roster(result.roster, tmp_path / "november.csv")
    db = str(tmp_path / "roster.db")
    assert main(["publish", str(tmp_path / "november.json"), str(tmp_path / "november.csv"),
                 "--db", db, "--as", MANAGER]) == 0
    capsys.readouterr()

    out_path = tmp_path / "december.csv"
    assert main(["solve", str(SAMPLE), "--out", str(out_path), "--db", db, "--seed", "0",
                 "--time-limit", "10", "--quiet", "--lang", "en"]) == 0
    first = min(a.date for a in result.roster.assignments)
    assert capsys.readouterr().out.splitlines()[0] == (
        f"History from the store: {len(result.roster)} published assignments from {first} "
        "to 2026-11-30.")
    assert night_crew(read_roster(out_path), dt.date(2026, 12, 1)) == {"E04", "E09"}

    assert main(["solve", str(SAMPLE), "--out", str(out_path), "--seed", "0",
                 "--time-limit", "10", "--quiet", "--lang", "en"]) == 0
    assert "History from the store" not in capsys.readouterr().out
    assert night_crew(read_roster(out_path), dt.date(2026, 12, 1)) == {"E03", "E08"}


def test_solve_with_db_carries_december_into_january(sample, cli, tmp_path):
    # The night crew of Thursday 31 December works until 03:00 on 1 January, a
    # holiday whose duty starts at 08:00: with December's History that is 5 h rest.
    last_crew = sorted(night_crew(sample.roster, dt.date(2026, 12, 31)))
    january = tmp_path / "january.json"
    january.write_text(month_copy(sample.problem, "2027-01").model_dump_json(), encoding="utf-8")
    pin = tmp_path / "pin.csv"
    write_roster(Roster(assignments=[Assignment(date=dt.date(2027, 1, 1), shift_id="H",
                                                employee_id=last_crew[0], role="duty")]), pin)
    argv = ["solve", str(january), "--out", str(tmp_path / "january.csv"), "--seed", "0",
            "--time-limit", "10", "--quiet", "--lang", "en", "--pin", str(pin)]
    assert main(argv) == 0  # without the store, nothing forbids it
    cli.capsys.readouterr()
    assert main([*argv, "--db", str(cli.db)]) == 1
    out = cli.capsys.readouterr().out
    assert out.splitlines()[0].endswith("to 2026-12-31.")
    assert "11 h rest between duties (History included)" in out


def test_schema_and_template_do_not_import_the_solver_or_the_store(tmp_path):
    for argv in (["schema", str(tmp_path / "s.json")], ["template", str(tmp_path / "t.xlsx")]):
        proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "scheduler.cli", *argv],
                              capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr
        imported = [line.rsplit("|", 1)[-1].strip() for line in proc.stderr.splitlines()]
        assert not [m for m in imported if m.startswith(("ortools", "sqlalchemy", "alembic"))]
