"""`sfnctl durable stop ARN`: stop a running durable execution (asks first)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

import typer

from sfnctl.commands.base import Command
from sfnctl.commands.consent import consented, require_terminal
from sfnctl.commands.durable.describe import ACCEPTS, durable_arn
from sfnctl.commands.options import DurableArnArg, JsonOpt
from sfnctl.context import Context
from sfnctl.errors import Exit, SfnctlError
from sfnctl.present import Result, show


@dataclass(frozen=True, kw_only=True)
class DurableStopOptions:
    target: str
    error_type: str | None = None
    error_message: str | None = None
    yes: bool = False
    dry_run: bool = False
    as_json: bool = False

    def error(self) -> dict[str, str] | None:
        error = {"ErrorType": self.error_type, "ErrorMessage": self.error_message}
        return {k: v for k, v in error.items() if v is not None} or None


ErrorTypeOpt = Annotated[
    str | None, typer.Option("--error-type", metavar="T", help="The error's type.")
]
ErrorMessageOpt = Annotated[
    str | None, typer.Option("--error-message", metavar="M", help="The error's message.")
]
YesOpt = Annotated[bool, typer.Option("--yes", "-y", help="Don't ask for confirmation.")]
DryRunOpt = Annotated[
    bool, typer.Option("--dry-run", help="Show what would be sent and send nothing.")
]


def durable_stop(
    ctx: Context,
    arn: DurableArnArg,
    error_type: ErrorTypeOpt = None,
    error_message: ErrorMessageOpt = None,
    yes: YesOpt = False,
    dry_run: DryRunOpt = False,
    as_json: JsonOpt = False,
) -> Result:
    """Stop a running durable execution, optionally with an error (asks first)."""
    options = DurableStopOptions(
        target=arn,
        error_type=error_type,
        error_message=error_message,
        yes=yes,
        dry_run=dry_run,
        as_json=as_json,
    )
    return ctx.run(run, options)


def run(ctx: Context, opts: DurableStopOptions) -> Result:
    from sfnctl.model.status import STILL_GOING

    arn = durable_arn(ctx, opts.target, "durable stop").text
    execution = ctx.api.get_durable_execution(arn)
    status = execution.get("Status")
    name = execution.get("DurableExecutionName") or arn
    if status not in STILL_GOING:
        raise SfnctlError(
            f"{name} is {status}: only a running durable execution can be stopped; "
            "nothing was sent",
            Exit.USAGE,
        )
    require_terminal(ctx, yes=opts.yes, dry_run=opts.dry_run, what="stop the durable execution")
    from sfnctl.render.actions import render_durable_stop

    show(ctx, render_durable_stop(execution, opts.error(), ctx.now()), stderr=True)
    data: dict[str, Any] = {
        "durableExecutionArn": arn,
        "error": opts.error(),
        "dryRun": opts.dry_run,
        "stopped": False,
    }
    declined = consented(
        ctx,
        yes=opts.yes,
        dry_run=opts.dry_run,
        question="Stop this durable execution?",
        data=data,
        as_json=opts.as_json,
        what="stop",
    )
    if declined is not None:
        return declined
    response = ctx.api.stop_durable_execution(arn, opts.error())
    data.update(stopped=True, stopTimestamp=response.get("StopTimestamp"))
    from sfnctl.model.text import clean

    return Result(data=data, hints=(f"Stopped {clean(name)}.",))


COMMAND = Command("stop", durable_stop, accepts=ACCEPTS)
