"""Inputs several commands take the same way: an execution ARN, a saved history file."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sfnctl.errors import usage
from sfnctl.model import arns

if TYPE_CHECKING:
    from sfnctl.context import Context


def execution_arn(ctx: Context, target: str | None, command: str) -> arns.Arn:
    """The execution `target` names (ARN, console URL, NAME/EXECUTION, NAME@latest,
    NAME@failed) for `command`; a usage error when missing."""
    from sfnctl.commands.targets import resolve

    if not target:
        raise usage(
            "give an execution (ARN, NAME/EXECUTION, NAME@latest, NAME@failed), or --from-file "
            "PATH for a saved history",
            hint=f"Example: sfnctl {command} orders@failed",
        )
    return resolve(ctx, target, accepts=arns.EXECUTION_KINDS, command=command)


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
