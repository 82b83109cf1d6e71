"""Inputs several commands take the same way: an execution ARN, a saved history file."""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sfnctl.errors import usage
from sfnctl.model import arns
from sfnctl.model.saved import MAX_BYTES, SAVE_HINT, TOO_BIG

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
    """(events, a name for titles) from a saved history file, or stdin for `-` — bounded:
    a regular file or stdin only, at most MAX_BYTES (`stdin_text`: tests' stand-in)."""
    from sfnctl.model.saved import parse_history

    if path == "-":
        text = stdin_text() if stdin_text is not None else read_stdin()
        return parse_history(text, "stdin"), "stdin"
    return parse_history(read_text(path), path), path


def read_stdin() -> str:
    """stdin, at most MAX_BYTES; closed stdin (`<&-`) is a usage error, not a crash."""
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise usage("cannot read stdin: it is closed", hint=SAVE_HINT)
    try:
        return read_stream(stream)
    except OSError as error:
        raise usage(f"cannot read stdin: {error.strerror or error}") from None


def read_text(path: str) -> str:
    """The text of a saved history at `path`: a regular file only, at most MAX_BYTES."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as error:
        raise usage(f"cannot read {path}: {error.strerror or error}") from None
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise usage(f"cannot read {path}: not a regular file", hint=SAVE_HINT)
        return _decode(handle.read(MAX_BYTES + 1), path)


def read_stream(stream: Any, source: str = "stdin") -> str:
    """At most MAX_BYTES of a binary (or text) stream such as stdin."""
    return _decode(stream.read(MAX_BYTES + 1), source)


def _decode(data: bytes | str, source: str) -> str:
    if len(data) > MAX_BYTES:
        raise usage(f"{source} {TOO_BIG}", hint=SAVE_HINT)
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise usage(f"cannot read {source}: not UTF-8 ({error.reason})") from None
