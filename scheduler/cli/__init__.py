"""The ``roster`` command line.

- :mod:`.plan`: ``solve``, ``check``, ``template``, ``schema``: planning a month;
- :mod:`.changes`: ``publish``, ``swap``, ``leave``, ``absent``, ``cover``,
  ``requests``, ``log``, ``versions``, ``export``: changes after publication
  through the store's service;
- :mod:`.batch`: ``batch``: many team-months at once (local processes or Dask).

Exit codes: 0 done; 1 refused (no roster, hard rules broken, or a rule
forbids the change, with the reason); 2 bad input (one sentence naming the
file, sheet, row and column, or the request and option; never a traceback);
3 an internal error (shown whole with ``--debug``). The solver, the store and
the change rules are imported inside the commands, so ``roster schema`` and
``roster template`` start without OR-Tools.
"""

from __future__ import annotations

import argparse
import sys
import time

from ..errors import InputError
from ..i18n import define, text

EXIT_OK, EXIT_NO_ROSTER, EXIT_BAD_INPUT, EXIT_INTERNAL = 0, 1, 2, 3
EXIT_REFUSED = EXIT_NO_ROSTER
LANGS = ("zh", "en")

define("cli.error", "error: {message}", "错误：{message}")
define("cli.internal", "internal error: {message} (please report this; run with --debug "
       "for details)", "内部错误：{message}（请反馈；加 --debug 查看详情）")


def lang_of(args: argparse.Namespace, problem=None) -> str:
    """The language of texts: ``--lang``, else the problem's setting, else English.

    The choice is remembered on ``args``, so that an error raised later in the
    command speaks the same language.
    """
    lang = getattr(args, "lang", None)
    if not lang and problem is not None and problem.settings.language:
        lang = problem.settings.language
    lang = lang or getattr(args, "resolved_lang", None) or "en"
    args.resolved_lang = lang
    return lang


def _refused(exc: Exception) -> bool:
    """Whether ``exc`` is the store's refusal by a rule (if the store was loaded at all)."""
    service = sys.modules.get("scheduler.store.service")
    return service is not None and isinstance(exc, service.Refused)


def parser() -> argparse.ArgumentParser:
    from . import batch, changes, plan

    top = argparse.ArgumentParser(
        prog="roster", description="Fair monthly duty rosters (值班表), solved with CP-SAT.")
    top.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    sub = top.add_subparsers(dest="command", required=True)
    plan.add_parsers(sub)
    changes.add_parsers(sub)
    batch.add_parsers(sub)
    return top


def main(argv: list[str] | None = None) -> int:
    started = time.perf_counter()
    args = parser().parse_args(argv)
    args.started = started
    try:
        return args.func(args)
    except InputError as err:
        lang = lang_of(args)
        print(text("cli.error", lang, message=err.render(lang)), file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into `head` and the like
        sys.stderr.close()
        return EXIT_OK
    except Exception as exc:  # a bug, not bad input: say so without a wall of text
        if _refused(exc):
            for line in exc.lines(lang_of(args)):
                print(line)
            return EXIT_REFUSED
        if args.debug:
            raise
        lang = lang_of(args)
        print(text("cli.internal", lang, message=f"{type(exc).__name__}: {exc}"),
              file=sys.stderr)
        return EXIT_INTERNAL
