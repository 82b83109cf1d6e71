"""`sfnctl logs ARN`: the CloudWatch Logs of each failed Lambda attempt of an execution (or of
each invocation of a durable execution), narrowed to the attempt's request. `why --logs` shows
the same under its answer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any

import typer

from sfnctl.commands.base import Command
from sfnctl.commands.options import JsonOpt
from sfnctl.commands.targets import resolve
from sfnctl.context import Context
from sfnctl.errors import SfnctlError
from sfnctl.model import arns
from sfnctl.model.arns import Kind
from sfnctl.present import Result

if TYPE_CHECKING:
    from rich.console import RenderableType

    from sfnctl.model.logs import LambdaAttempt

ACCEPTS = (*arns.EXECUTION_KINDS, Kind.DURABLE_EXECUTION)


@dataclass(frozen=True, kw_only=True)
class LogsOptions:
    target: str
    all_attempts: bool = False
    tail: int | None = None
    as_json: bool = False


TailOpt = Annotated[
    int | None,
    typer.Option("--tail", min=1, metavar="N", help="Only the last N log lines of each attempt."),
]


def logs(
    ctx: Context,
    arn: Annotated[
        str,
        typer.Argument(
            metavar="ARN",
            help="An execution: NAME/EXECUTION, NAME@failed, its ARN or console URL; or a Lambda "
            "durable execution.",
            show_default=False,
        ),
    ],
    all_attempts: Annotated[
        bool, typer.Option("--all", help="Every Lambda attempt, not only the failed ones.")
    ] = False,
    tail: TailOpt = None,
    as_json: JsonOpt = False,
) -> Result:
    """The failing Lambda task's CloudWatch Logs, per attempt, narrowed to its request id."""
    options = LogsOptions(target=arn, all_attempts=all_attempts, tail=tail, as_json=as_json)
    return ctx.run(run, options)


def run(ctx: Context, opts: LogsOptions) -> Result:
    arn = resolve(ctx, opts.target, accepts=ACCEPTS, command="logs")
    if arn.kind is Kind.DURABLE_EXECUTION:
        entries = durable_logs(ctx, arn.text, tail=opts.tail)
    else:
        entries = execution_logs(ctx, arn.text, all_attempts=opts.all_attempts, tail=opts.tail)
    hints: tuple[str, ...] = ()
    if not entries:
        what = "Lambda attempts" if opts.all_attempts else "failed Lambda attempts"
        hints = (f"No {what} in this execution: no logs to show.",)
    return Result(data=[public(e) for e in entries], view=lambda: logs_view(entries), hints=hints)


def logs_view(entries: list[dict[str, Any]]) -> RenderableType:
    from sfnctl.render.logs import render_logs

    return render_logs(entries)


def public(entry: dict[str, Any]) -> dict[str, Any]:
    """The --json shape: state, attempt, logGroup, requestId, events (+ problem when unread)."""
    keep = ("state", "attempt", "logGroup", "requestId", "events")
    out = {k: entry.get(k) for k in keep}
    if entry.get("problem"):
        out["problem"] = entry["problem"]
    return out


def execution_logs(
    ctx: Context,
    arn: str,
    *,
    all_attempts: bool,
    tail: int | None,
    events: list[dict[str, Any]] | None = None,
) -> list[dict[str, Any]]:
    """One entry per (failed) Lambda attempt of a Step Functions execution (`events`: its
    history when already read — an Express execution's, from its log)."""
    from sfnctl.model.logs import lambda_attempts
    from sfnctl.model.tree import build

    tree = build(events if events is not None else ctx.api.get_execution_history(arn))
    groups: dict[str, tuple[str, str | None]] = {}
    return [
        _attempt_entry(ctx, attempt, groups, tail)
        for attempt in lambda_attempts(tree, failed_only=not all_attempts)
    ]


def _attempt_entry(
    ctx: Context,
    attempt: LambdaAttempt,
    groups: dict[str, tuple[str, str | None]],
    tail: int | None,
) -> dict[str, Any]:
    from sfnctl.model.logs import millis

    if attempt.function not in groups:
        groups[attempt.function] = _log_group(ctx, attempt.function)
    group, _ = groups[attempt.function]
    entry: dict[str, Any] = {
        "state": attempt.state,
        "path": list(attempt.path),
        "attempt": attempt.attempt,
        "status": attempt.status,
        "error": attempt.error,
        "logGroup": group,
        "requestId": None,
        "events": [],
    }
    window = (millis(attempt.start), millis(attempt.end))
    return _fill(ctx, entry, window, attempt.request_ids, attempt.scheduled, tail)


def _fill(
    ctx: Context,
    entry: dict[str, Any],
    window: tuple[int | None, int | None],
    cause_ids: list[str],
    scheduled: Any,
    tail: int | None,
) -> dict[str, Any]:
    from sfnctl.model.logs import narrow

    try:
        found = ctx.api.filter_log_events(entry["logGroup"], start_ms=window[0], end_ms=window[1])
    except SfnctlError as error:
        entry["problem"] = f"no logs read from {entry['logGroup']}: {error.message}"
        return entry
    request_id, lines = narrow(found, cause_ids, scheduled)
    if tail is not None:
        lines = lines[-tail:]
    entry["requestId"] = request_id
    entry["events"] = [_event(e) for e in lines]
    return entry


def _event(event: Any) -> dict[str, Any]:
    from sfnctl.model.logs import log_time

    when = log_time(event.get("timestamp"))
    return {
        "timestamp": when.isoformat() if when else None,
        "message": str(event.get("message", "")).rstrip("\n"),
    }


def _log_group(ctx: Context, function: str) -> tuple[str, str | None]:
    """The function's log group: its LoggingConfig's, else /aws/lambda/NAME (also when the
    function can't be read — the default is still worth a try)."""
    from sfnctl.model.logs import log_group

    try:
        config = ctx.api.function_logging_config(function)
    except SfnctlError as error:
        return log_group(function), error.message
    return log_group(function, config), None


def durable_logs(ctx: Context, arn: str, *, tail: int | None) -> list[dict[str, Any]]:
    """One entry per invocation of a durable execution, by its request id."""
    from sfnctl.model import durable as model
    from sfnctl.model.logs import invocation_windows, millis

    execution = ctx.api.get_durable_execution(arn)
    function = str(execution.get("FunctionArn") or "")
    group, _ = _log_group(ctx, function)
    history = model.build(ctx.api.durable_history(arn, include_data=False))
    entries = []
    for window in invocation_windows(history.invocations):
        entry: dict[str, Any] = {
            "state": "invocation",
            "path": [],
            "attempt": window.number,
            "status": None,
            "error": None,
            "logGroup": group,
            "requestId": window.request_id,
            "events": [],
        }
        ids = [window.request_id] if window.request_id else []
        bounds = (millis(window.start), millis(window.end))
        entries.append(_fill(ctx, entry, bounds, ids, window.start, tail))
    return entries


COMMAND = Command("logs", logs, accepts=ACCEPTS)
