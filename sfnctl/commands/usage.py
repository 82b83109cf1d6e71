"""Click's usage errors in sfnctl's own voice: one `error:` line and one next step (what to
pass, how to find it) instead of Typer's boxed Usage/Try/Error block."""

from __future__ import annotations

import difflib
from typing import Any

from typer._click import exceptions as click  # Typer's own copy of Click's exceptions

from sfnctl.model.arns import EXECUTION_KINDS, STATE_MACHINE_KINDS, Kind

# Where to find a value a command needs, by the first ARN kind it accepts.
_FIND: dict[Kind, str] = {
    **{kind: "Find one with: sfnctl list STATE_MACHINE (a name works)" for kind in EXECUTION_KINDS},
    **{kind: "Find one with: sfnctl list (every state machine)" for kind in STATE_MACHINE_KINDS},
    Kind.MAP_RUN: "Find one with: sfnctl maprun list EXECUTION",
    Kind.DURABLE_EXECUTION: "Find one with: sfnctl durable list FUNCTION",
    Kind.LAMBDA_FUNCTION: "Find one with: sfnctl durable functions",
}


def explain(error: click.ClickException, accepts: tuple[Kind, ...] = ()) -> tuple[str, str]:
    """(message, next step) for a usage error; `accepts`: the ARN kinds of the command."""
    ctx = getattr(error, "ctx", None)
    path = ctx.command_path if ctx is not None else "sfnctl"
    help_hint = f"See: {path} --help"
    if isinstance(error, click.MissingParameter) and error.param is not None:
        return _missing(error.param, path, accepts)
    if isinstance(error, click.BadParameter) and error.param is not None:
        choices = getattr(error.param.type, "choices", None)
        if choices:
            return _bad_choice(error, list(map(str, choices)), path)
    if isinstance(error, click.NoSuchOption):
        close = error.possibilities or []
        if close:
            return (
                f"no such option: {error.option_name}",
                f"Did you mean {' or '.join(sorted(close))}? {help_hint}",
            )
    return _plain(error), help_hint


def _plain(error: click.ClickException) -> str:
    text = " ".join(error.format_message().split())
    return text[:1].lower() + text[1:]


def _missing(param: Any, path: str, accepts: tuple[Kind, ...]) -> tuple[str, str]:
    name = param.human_readable_name
    if param.param_type_name == "argument":
        name = (param.metavar or param.name or "").upper()
    help_text = " ".join(str(getattr(param, "help", "") or "").split())
    message = f"{path} needs {name}" + (f": {help_text.rstrip('.')}" if help_text else "")
    step = f"Usage: {path} {name}"
    where = _FIND.get(accepts[0]) if accepts else None
    return message, f"{step} · {where or f'See: {path} --help'}"


def _bad_choice(error: click.BadParameter, choices: list[str], path: str) -> tuple[str, str]:
    """`--status FAIL`: the choices as the API and README spell them (Click lowercases them when
    matching is case-insensitive), and the closest one."""
    param = error.param
    assert param is not None
    given = _given(error)
    name = param.opts[0] if param.opts else param.human_readable_name
    message = f"{name} must be one of {', '.join(choices)}"
    if given is not None:
        message += f"; got {given!r}"
    upper = {c.upper(): c for c in choices}
    close = difflib.get_close_matches((given or "").upper(), list(upper), n=1, cutoff=0.5)
    if close:
        return message, f"Did you mean {name} {upper[close[0]]}?"
    return message, f"See: {path} --help"


def _given(error: click.BadParameter) -> str | None:
    """The rejected value, from Click's message ("'FAIL' is not one of …")."""
    text = error.message
    if "'" not in text:
        return None
    return text.split("'", 2)[1]
