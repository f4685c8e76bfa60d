"""``roster batch``: many team-months at once, on local processes or a Dask cluster.

Exit codes: 0 every run gave a roster that keeps every hard rule; 1 some run
failed (its summary row says why; the others are written); 2 a bad command,
input folder or manifest (one sentence naming the file, row and column).
"""

from __future__ import annotations

import argparse
import sys

from ..i18n import define, text
from . import EXIT_NO_ROSTER, EXIT_OK, LANGS

define("cli.batch.done", "{total} runs: {ok} good, {failed} failed ({before} done by an earlier "
       "batch). Summary: {summary}", "共 {total} 个运行：成功 {ok}，失败 {failed}（其中 {before} 个"
       "此前已完成）。汇总：{summary}")
define("cli.batch.failed_run", "  {name}: {error}", "  {name}：{error}")
define("cli.batch.proposals", "{n} rosters are proposals in the store for the managers to review "
       "(roster versions MONTH --team TEAM).", "{n} 份排班已作为待审版本存入排班库，供各团队经理审阅"
       "（roster versions MONTH --team TEAM）。")
SHOWN_FAILURES = 10


def cmd_batch(args: argparse.Namespace) -> int:
    from ..batch import run_batch, run_ok
    from ..batch.output import SUMMARY_CSV

    lang = args.lang or "en"
    args.resolved_lang = lang
    backend = args.backend or ("dask" if args.address else "local")
    rows = run_batch(args.input, args.out, backend=backend, address=args.address,
                     workers=args.workers, threads_per_solve=args.threads_per_solve,
                     time_limit=args.time_limit, seed=args.seed, db=args.db, lang=lang,
                     progress=None if args.quiet else sys.stderr)
    failed = [r for r in rows if not run_ok(r)]
    summary = f"{args.out.rstrip('/')}/{SUMMARY_CSV}"
    print(text("cli.batch.done", lang, total=len(rows), ok=len(rows) - len(failed),
               failed=len(failed), before=sum(1 for r in rows if r["done_before"]),
               summary=summary))
    for row in failed[:SHOWN_FAILURES]:
        print(text("cli.batch.failed_run", lang, name=row["name"],
                   error=row["error"] or row["status"]))
    if len(failed) > SHOWN_FAILURES:
        print(f"  … (+{len(failed) - SHOWN_FAILURES})")
    proposals = sum(1 for r in rows if r.get("proposal"))
    if args.db is not None:
        print(text("cli.batch.proposals", lang, n=proposals))
    return EXIT_NO_ROSTER if failed else EXIT_OK


def add_parsers(sub) -> None:
    """``roster batch`` on the ``roster`` parser's sub-parsers."""
    p = sub.add_parser(
        "batch", help="plan many team-months: a folder of workbooks or a manifest",
        description="Plan many team-months at once. INPUT is a folder of problem workbooks "
                    "(.xlsx/.json) or a manifest (.csv/.json: a column input, optional name and "
                    "seed, and any Settings key such as min_rest_hours or weight_nights to "
                    "override). Finished runs in --out are skipped on a rerun.")
    p.add_argument("input", help="folder of workbooks, or a manifest (.csv or .json)")
    p.add_argument("--out", required=True, metavar="DIR",
                   help="batch folder: runs/<name>-<key>/, summary.csv, summary.xlsx")
    p.add_argument("--backend", choices=("local", "dask"), default=None,
                   help="local process pool (default) or dask (a LocalCluster, or --address)")
    p.add_argument("--address", default=None, metavar="tcp://HOST:PORT",
                   help="a running Dask scheduler (implies --backend dask)")
    p.add_argument("--workers", type=int, default=None, metavar="N",
                   help="processes or LocalCluster workers (default: cores // threads per solve)")
    p.add_argument("--threads-per-solve", type=int, default=1, metavar="K",
                   help="CP-SAT threads of each solve, and cores each run reserves (default 1)")
    p.add_argument("--time-limit", type=float, default=None, metavar="S",
                   help="seconds per run (default: each workbook's time_limit_s)")
    p.add_argument("--seed", type=int, default=None, metavar="N",
                   help="seed of every run without its own (reproducible rosters)")
    p.add_argument("--db", default=None, metavar="URL",
                   help="store each good roster as a proposal version in this store")
    p.add_argument("--lang", choices=LANGS, default=None, help="language of texts (default en)")
    p.add_argument("--quiet", action="store_true", help="no progress line")
    p.set_defaults(func=cmd_batch)
