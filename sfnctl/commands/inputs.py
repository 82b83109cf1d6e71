"""Inputs several commands take the same way: an execution ARN, a saved history file."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from sfnctl.errors import usage
from sfnctl.model import arns


def execution_arn(target: str | None, command: str) -> arns.Arn:
    """The execution ARN (or console URL) given to `command`; a usage error when missing."""
    if not target:
        raise usage(
            "give an execution ARN, or --from-file PATH for a saved history",
            hint=f"Example: sfnctl {command} arn:aws:states:REGION:ACCOUNT:execution:SM:NAME",
        )
    return arns.require(arns.resolve(target), arns.EXECUTION_KINDS, command)


def read_saved(
    path: str, stdin_text: Callable[[], str] | None = None
) -> tuple[list[dict[str, Any]], str]:
    """(events, a name for titles) from a saved history file, or stdin for `-`."""
    from sfnctl.model.saved import parse_history

    if path == "-":
        text = stdin_text() if stdin_text is not None else sys.stdin.read()
        return parse_history(text, "stdin"), "stdin"
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise usage(f"cannot read {path}: {reason}") from None
    return parse_history(text, path), path
