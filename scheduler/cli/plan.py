"""Planning a month: ``roster solve``, ``check``, ``template`` and ``schema``.

``solve`` exits 0 with a roster written, 1 when there is none (infeasible, or
none within the time limit); ``check`` exits 0 when no hard rule is broken,
1 otherwise. ``schema`` and ``template`` import nothing of the solver.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from ..errors import InputError
from ..i18n import define, text
from ..params import STRATEGIES
from . import EXIT_NO_ROSTER, EXIT_OK, LANGS, lang_of

define("cli.progress", "solving… roster {n}: objective {objective:g}, bound {bound:g}, {seconds:.1f} s",
       "求解中… 第 {n} 个方案：目标值 {objective:g}，下界 {bound:g}，{seconds:.1f} 秒")
define("cli.written", "Roster written to {path}", "排班已写入 {path}")
define("cli.not_written", "No roster written.", "未写入排班。")
define("cli.same_file", "the output would overwrite the input file; choose another --out",
       "输出文件与输入文件相同，请另选 --out")
define("cli.check_ok", "No hard rule broken.", "未违反任何硬性规则。")
define("cli.check_hard", "Hard rules broken: {n}", "违反硬性规则：{n} 条")
define("cli.check_soft", "Soft penalties: {total} in all", "软性罚分合计：{total}")
define("cli.changes", "Cells changed against the solver's roster: {n}",
       "与求解排班相比修改的单元格：{n} 个")
define("cli.template_written", "Example workbook written to {path}", "示例工作簿已写入 {path}")
define("cli.warnings", "Warnings:", "警告：")


def _load(path: str):
    """Problem and reader warnings from a workbook, JSON or benchmark file."""
    from ..io import load_problem

    if Path(path).suffix.lower() in (".xlsx", ".xlsm"):
        try:
            from ..io.workbook import load_workbook
        except ImportError:  # pragma: no cover - the workbook reader is part of the package
            return load_problem(path), []
        loaded = load_workbook(path)
        return loaded.problem, list(loaded.warnings)
    return load_problem(path), []


def cmd_solve(args: argparse.Namespace) -> int:
    from ..io import output_format, write_result
    from ..solver import solve

    out = Path(args.out)
    if out.exists() and out.resolve() == Path(args.input).resolve():
        raise InputError(text("cli.same_file", "en"), file=str(out),
                         message_zh=text("cli.same_file", "zh"))
    out_format = output_format(args.input, out)  # an unsupported output fails before solving
    problem, warnings = _load(args.input)
    pin_cells: list = []
    if args.db:
        from .changes import history_for_solve

        problem = history_for_solve(args, problem)
    if args.pin:
        problem, pin_cells = _with_pins(problem, args.pin)
    lang = lang_of(args, problem)
    last = [0.0]
    tty = sys.stderr.isatty()

    def progress(p) -> None:
        if args.quiet:
            return
        now = time.perf_counter()
        if tty or now - last[0] > 1.0 or p.solutions == 1:
            last[0] = now
            line = text("cli.progress", lang, n=p.solutions, objective=p.objective,
                        bound=p.bound, seconds=p.seconds)
            print(f"\r{line}\033[K" if tty else line, end="" if tty else "\n",
                  file=sys.stderr, flush=True)

    # The limit is the whole command's: reading the input counts (started=).
    result = solve(problem, time_limit=args.time_limit, started=args.started, seed=args.seed,
                   workers=args.workers, progress=progress, log=args.log,
                   strategy=args.strategy)
    if tty and not args.quiet:
        print(file=sys.stderr)
    result.warnings[:0] = warnings
    if pin_cells and result.explanation:
        from ..io.roster_workbook import name_pinned_cells

        result.explanation = name_pinned_cells(result.explanation, pin_cells)
    if result.roster is None:
        print(result.summary(lang))
        print(text("cli.not_written", lang))
        return EXIT_NO_ROSTER
    # The roster is written before anything is printed: output piped into
    # `head` closes early, and the roster must not be lost with it.
    write_result(result, out, lang=lang, format=out_format)
    print(result.summary(lang))
    print(text("cli.written", lang, path=out))
    return EXIT_OK


def _with_pins(problem, pin_path: str):
    """The problem re-planned around ``pin_path``, and the workbook cell of each pin.

    An exported roster workbook pins HR's edits and keeps the rest where it can
    (see :func:`scheduler.io.roster_workbook.pin_workbook`); a CSV/JSON roster
    is pinned whole.
    """
    suffix = Path(pin_path).suffix.lower()
    cells: list = []
    if suffix == ".xlsx":
        from ..io.roster_workbook import pin_workbook

        problem, imported = pin_workbook(problem, pin_path)
        return problem, imported.pin_cells(problem.pinned)
    from ..io import read_roster

    roster = read_roster(pin_path, problem)
    return problem.model_copy(update={"pinned": list(roster.assignments)}), cells


def cmd_check(args: argparse.Namespace) -> int:
    from ..checks import check_roster
    from ..io import read_roster

    problem, warnings = _load(args.input)
    lang = lang_of(args, problem)
    imported = None
    if Path(args.roster).suffix.lower() == ".xlsx":
        from ..io.roster_workbook import read_roster_workbook

        imported = read_roster_workbook(args.roster, problem)
        roster = imported.roster
        warnings += imported.warnings
        if imported.original is not None:
            print(text("cli.changes", lang, n=len(imported.changes)))
            for line in imported.change_lines(lang):
                print(f"  {line}")
    else:
        roster = read_roster(args.roster, problem)
    violations = check_roster(problem, roster)
    hard = [v for v in violations if v.hard]
    soft = [v for v in violations if not v.hard]

    def where(v) -> str:
        cell = imported.cell_for(v) if imported is not None else None
        return f"{cell}: " if cell else ""

    if hard:
        print(text("cli.check_hard", lang, n=len(hard)))
        for v in hard:
            print(f"  [{v.rule}] {where(v)}{v.text(lang)}")
    else:
        print(text("cli.check_ok", lang))
    print(text("cli.check_soft", lang, total=sum(v.penalty for v in soft)))
    for v in soft:
        print(f"  [{v.rule}] +{v.penalty} {where(v)}{v.text(lang)}")
    if warnings:
        print(text("cli.warnings", lang))
        for w in warnings:
            print(f"  - {w.render(lang)}")
    return EXIT_NO_ROSTER if hard else EXIT_OK


def cmd_template(args: argparse.Namespace) -> int:
    from ..io import atomic_write
    from ..io.sample import sample_problem
    from ..io.workbook import write_workbook

    out = Path(args.out)
    lang = args.lang or "zh"
    atomic_write(out, lambda p: write_workbook(sample_problem(), p, lang=lang))
    print(text("cli.template_written", lang, path=out))
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    from ..io import problem_schema

    data = json.dumps(problem_schema(), ensure_ascii=False, indent=2)
    if args.out:
        Path(args.out).write_text(data, encoding="utf-8")
    else:
        print(data)
    return EXIT_OK


def add_parsers(sub) -> None:
    """The planning commands on the ``roster`` parser's sub-parsers."""
    p = sub.add_parser("solve", help="plan the month and write the roster")
    p.add_argument("input", help="problem workbook (.xlsx), JSON, or benchmark .txt")
    p.add_argument("--out", required=True, help="roster file: .csv, .json or .xlsx")
    p.add_argument("--time-limit", type=float, default=None,
                   help="seconds (default: the workbook's time_limit_s, 30)")
    p.add_argument("--seed", type=int, default=None,
                   help="make the run reproducible (deterministic search)")
    p.add_argument("--workers", type=int, default=None, help="solver threads (default: cores)")
    p.add_argument("--pin", default=None,
                   help="roster (.csv or .xlsx) whose assignments must be kept")
    p.add_argument("--lang", choices=LANGS, default=None, help="language of texts")
    p.add_argument("--db", default=None, metavar="URL",
                   help="take History (the month before, the year's duties) from this store")
    p.add_argument("--team", default=None, help="the team in the store (default: the problem's)")
    p.add_argument("--quiet", action="store_true", help="no progress line")
    p.add_argument("--log", action="store_true", help="print the solver's search log")
    p.add_argument("--strategy", choices=STRATEGIES, default="auto",
                   help="auto (default), cpsat, lns, or lns-bound: large neighbourhood "
                        "search while a second core proves a lower bound")
    p.set_defaults(func=cmd_solve)

    c = sub.add_parser("check", help="check a roster against the rules")
    c.add_argument("input", help="problem workbook (.xlsx) or JSON")
    c.add_argument("roster", help="roster .csv, .json or .xlsx")
    c.add_argument("--lang", choices=LANGS, default=None)
    c.set_defaults(func=cmd_check)

    t = sub.add_parser("template", help="write a filled example workbook to start from")
    t.add_argument("out", help="the .xlsx to write")
    t.add_argument("--lang", choices=LANGS, default=None,
                   help="language of sheet and column names (default zh)")
    t.set_defaults(func=cmd_template)

    s = sub.add_parser("schema", help="print the JSON schema of the problem model")
    s.add_argument("out", nargs="?", default=None)
    s.set_defaults(func=cmd_schema)
