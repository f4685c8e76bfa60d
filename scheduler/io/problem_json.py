"""The problem as JSON: the pydantic model's own dump."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import InputError
from ..models import Problem


def describe_validation_error(exc: ValidationError) -> tuple[tuple[Any, ...], str, dict]:
    """The location, message and context of the first error of a validation."""
    err = exc.errors()[0]
    ctx = err.get("ctx") or {}
    if err.get("type") == "reference":
        return (ctx["section"], ctx["index"], ctx["field"]), str(ctx["message"]), ctx
    message = err["msg"]
    if message.startswith("Value error, "):
        message = message[len("Value error, "):]
    return tuple(err["loc"]), message, ctx


def load_problem_json(path: str | Path) -> Problem:
    """Read a problem JSON file; errors name the file and the item and field."""
    name = Path(path).name
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise InputError("file not found", file=str(path)) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"not valid JSON ({exc})", file=name) from None
    try:
        return Problem.model_validate(data)
    except ValidationError as exc:
        loc, message, _ = describe_validation_error(exc)
        section = str(loc[0]) if loc else None
        index = loc[1] if len(loc) > 1 and isinstance(loc[1], int) else None
        field = ".".join(str(p) for p in loc[2 if index is not None else 1:]) or None
        raise InputError(message, file=name, sheet=section,
                         row=None if index is None else index + 1, column=field) from None


def problem_to_json(problem: Problem) -> str:
    return problem.model_dump_json(indent=2, exclude_defaults=False)


def write_problem_json(problem: Problem, path: str | Path) -> None:
    Path(path).write_text(problem_to_json(problem), encoding="utf-8")


def problem_schema() -> dict[str, Any]:
    """The JSON schema of the problem model, for other systems."""
    return Problem.model_json_schema()
