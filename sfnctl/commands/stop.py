"""`sfnctl stop ARN`: stop a RUNNING execution — or, given a state machine with `--status
RUNNING [--since DUR]`, every matching one (asks once)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any

import typer

from sfnctl.commands.base import Command
from sfnctl.commands.consent import consented, require_terminal
from sfnctl.commands.options import JsonOpt
from sfnctl.commands.targets import resolve
from sfnctl.context import Context
from sfnctl.errors import Exit, SfnctlError, usage
from sfnctl.model import arns
from sfnctl.present import Result, show

ACCEPTS = (*arns.EXECUTION_KINDS, *arns.STATE_MACHINE_KINDS)
MAX_ERROR = 256  # StopExecution's limits
MAX_CAUSE = 32768


@dataclass(frozen=True, kw_only=True)
class StopOptions:
    target: str
    error: str | None = None
    cause: str | None = None
    status: str | None = None
    since: str | None = None
    yes: bool = False
    dry_run: bool = False
    as_json: bool = False


def stop(
    ctx: Context,
    arn: Annotated[
        str,
        typer.Argument(
            metavar="ARN",
            help="An execution (NAME/EXECUTION, NAME@latest, ARN); or a state machine (NAME or "
            "ARN) "
            "with --status "
            "RUNNING to stop several.",
            show_default=False,
        ),
    ],
    error: Annotated[
        str | None,
        typer.Option("--error", metavar="E", help="Error code recorded on the stop (≤ 256)."),
    ] = None,
    cause: Annotated[
        str | None,
        typer.Option("--cause", metavar="C", help="Cause recorded on the stop (≤ 32,768)."),
    ] = None,
    status: Annotated[
        str | None,
        typer.Option(
            "--status",
            metavar="RUNNING",
            help="With a state machine ARN: stop its executions in this status (only RUNNING).",
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            metavar="DUR",
            help="With a state machine ARN: only executions started this long ago or later "
            "(30m, 2h, 7d, 1h30m).",
        ),
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Don't ask for confirmation.")] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would be stopped and send nothing.")
    ] = False,
    as_json: JsonOpt = False,
) -> Result:
    """Stop a running execution, or every running execution of a state machine (asks first)."""
    options = StopOptions(
        target=arn,
        error=error,
        cause=cause,
        status=status,
        since=since,
        yes=yes,
        dry_run=dry_run,
        as_json=as_json,
    )
    return ctx.run(run, options)


def run(ctx: Context, opts: StopOptions) -> Result:
    arn = resolve(ctx, opts.target, accepts=ACCEPTS, command="stop")
    _validate_texts(opts)
    if arn.kind in arns.STATE_MACHINE_KINDS:
        since = _bulk_filter(ctx, opts)
        require_terminal(ctx, yes=opts.yes, dry_run=opts.dry_run, what="stop executions")
        return _stop_many(ctx, opts, arn.text, since)
    if opts.status is not None or opts.since is not None:
        raise usage("--status and --since go with a state machine ARN, not an execution ARN")
    return _stop_one(ctx, opts, arn.text)


def _validate_texts(opts: StopOptions) -> None:
    if opts.error is not None and len(opts.error) > MAX_ERROR:
        raise usage(f"--error is at most {MAX_ERROR} characters, got {len(opts.error)}")
    if opts.cause is not None and len(opts.cause) > MAX_CAUSE:
        raise usage(f"--cause is at most {MAX_CAUSE:,} characters, got {len(opts.cause):,}")


def _bulk_filter(ctx: Context, opts: StopOptions) -> datetime | None:
    if opts.status is None:
        raise usage(
            "stopping executions of a state machine needs --status RUNNING",
            hint="To stop one execution, give its execution ARN.",
        )
    if opts.status.upper() != "RUNNING":
        raise usage(f"--status must be RUNNING (only running executions stop), got {opts.status}")
    if opts.since is None:
        return None
    from sfnctl.model.timewindow import WindowError, parse_duration

    try:
        return ctx.now() - parse_duration(opts.since)
    except WindowError as error:
        raise usage(f"--since: {error.message}") from None


def _stop_one(ctx: Context, opts: StopOptions, arn: str) -> Result:
    execution = ctx.api.describe_execution(arn, metadata_only=True)
    status = execution.get("status")
    if status != "RUNNING":
        raise SfnctlError(
            f"{execution.get('name', arn)} is {status}: only a RUNNING execution can be stopped; "
            "nothing was sent",
            Exit.USAGE,
            hint=f"To see why it ended: sfnctl why {arn}" if status != "SUCCEEDED" else None,
        )
    # validated first: a finished execution is refused for what it is, not for the terminal
    require_terminal(ctx, yes=opts.yes, dry_run=opts.dry_run, what="stop the execution")
    from sfnctl.render.actions import render_stop_one

    show(ctx, render_stop_one(execution, opts.error, opts.cause, ctx.now()), stderr=True)
    data: dict[str, Any] = {
        "executionArn": arn,
        "error": opts.error,
        "cause": opts.cause,
        "dryRun": opts.dry_run,
        "stopped": False,
    }
    declined = consented(
        ctx,
        yes=opts.yes,
        dry_run=opts.dry_run,
        question="Stop this execution?",
        data=data,
        as_json=opts.as_json,
        what="stop",
    )
    if declined is not None:
        return declined
    response = ctx.api.stop_execution(arn, error=opts.error, cause=opts.cause)
    data.update(stopped=True, stopDate=response.get("stopDate"))
    from sfnctl.model.text import clean
    from sfnctl.render.common import format_time

    when = response.get("stopDate")
    at = f" at {format_time(when)}" if when is not None else ""
    hint = f"Stopped {clean(execution.get('name', arn))}{at}."
    return Result(data=data, hints=(hint,))


def _stop_many(ctx: Context, opts: StopOptions, sm_arn: str, since: datetime | None) -> Result:
    page = ctx.api.list_executions(state_machine_arn=sm_arn, status="RUNNING", limit=None)
    running = [e for e in page.items if e.get("status", "RUNNING") == "RUNNING"]
    if since is not None:
        running = [e for e in running if _started_since(e, since)]
    data: dict[str, Any] = {
        "stateMachineArn": sm_arn,
        "status": "RUNNING",
        "since": since,
        "matched": len(running),
        "dryRun": opts.dry_run,
        "stopped": [],
        "failed": [],
    }
    if not running:
        return Result(data=data, hints=("No RUNNING executions match: nothing to stop.",))
    from sfnctl.render.actions import render_stop_many

    plan = render_stop_many(sm_arn, running, since, opts.error, opts.cause, ctx.now())
    show(ctx, plan, stderr=True)
    declined = consented(
        ctx,
        yes=opts.yes,
        dry_run=opts.dry_run,
        question=f"Stop these {len(running)} execution(s)?",
        data=data,
        as_json=opts.as_json,
        what="stop",
    )
    if declined is not None:
        return declined
    code = _stop_each(ctx, opts, running, data)
    hint = f"Stopped {len(data['stopped'])} of {len(running)}; {len(data['failed'])} failed."
    return Result(data=data, hints=(hint,), code=code)


def _stop_each(
    ctx: Context, opts: StopOptions, running: list[dict[str, Any]], data: dict[str, Any]
) -> int:
    """Stop one at a time, a line on stderr for each; the first failure's exit code (or 0)."""
    from rich.text import Text

    from sfnctl.model.text import one_line
    from sfnctl.sanitize import safe

    code = 0
    total = len(running)
    for number, execution in enumerate(running, 1):
        arn = str(execution["executionArn"])
        line = Text(f"[{number}/{total}] ")
        try:
            ctx.api.stop_execution(arn, error=opts.error, cause=opts.cause)
        except SfnctlError as error:
            data["failed"].append({"executionArn": arn, "error": error.message})
            code = code or int(error.code)
            line.append("failed  ", style="red").append(safe(execution.get("name", arn)))
            line.append_text(safe(f": {one_line(error.message, 300)}"))
        else:
            data["stopped"].append(arn)
            line.append("stopped ", style="green").append(safe(execution.get("name", arn)))
        ctx.err.print(line, soft_wrap=True)
    return code


def _started_since(execution: dict[str, Any], since: datetime) -> bool:
    value = execution.get("startDate")
    return not isinstance(value, datetime) or value >= since


COMMAND = Command("stop", stop, accepts=ACCEPTS)
