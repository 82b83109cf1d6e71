"""Consent for actions that change AWS state (stop, redrive, durable stop/callback), in
`maprun update`'s pattern: validate first, show what will happen, then ask — `--yes` skips the
question, `--dry-run` sends nothing, no terminal on stdin without `--yes` refuses (exit 2)
before anything is sent, and answering no or Ctrl-D at the prompt sends nothing (exit 2).
Ctrl-C at the prompt is an interrupt (exit 130), and nothing is sent either."""

from __future__ import annotations

from typing import Any

from sfnctl.context import Context
from sfnctl.errors import Exit, SfnctlError
from sfnctl.present import Result


def require_terminal(ctx: Context, *, yes: bool, dry_run: bool, what: str) -> None:
    """No `--yes`, no `--dry-run` and nobody at a terminal to ask: refuse (exit 2)."""
    if not yes and not dry_run and not ctx.stdin_is_tty():
        raise SfnctlError(
            f"refusing to {what} without confirmation: stdin is not a terminal",
            Exit.USAGE,
            hint="Pass --yes to confirm non-interactively, or --dry-run to preview.",
        )


def confirm(ctx: Context, question: str) -> bool:
    """Ask on stderr; no by default. End of input (Ctrl-D) is a no."""
    from rich.prompt import Confirm

    try:
        return bool(Confirm.ask(question, console=ctx.err, default=False))
    except EOFError:
        ctx.err.print()
        return False


def consented(
    ctx: Context,
    *,
    yes: bool,
    dry_run: bool,
    question: str,
    data: dict[str, Any],
    as_json: bool,
    what: str,
) -> Result | None:
    """After the plan is shown: a Result to return when nothing is to be sent (dry run), or
    None to go ahead. Declined → one line, "Cancelled: nothing was sent.", and exit 2: a choice,
    not an error (no second `error:` line), as `maprun update` does."""
    if dry_run:
        return Result(data=data, hints=("Dry run: nothing was sent.",))
    if yes or confirm(ctx, question):
        return None
    return Result(data=data, hints=("Cancelled: nothing was sent.",), code=int(Exit.USAGE))
