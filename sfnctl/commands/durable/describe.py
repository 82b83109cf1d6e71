"""`sfnctl durable describe ARN`: a durable execution's status, timing, input, result, error."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sfnctl.commands.base import Command
from sfnctl.commands.options import DurableArnArg, ExitStatusOpt, IntervalOpt, JsonOpt, WatchOpt
from sfnctl.context import Context
from sfnctl.model import arns
from sfnctl.model.arns import Kind
from sfnctl.model.status import DURABLE_FAILED, exit_code_of
from sfnctl.present import Result

ACCEPTS = (Kind.DURABLE_EXECUTION,)


@dataclass(frozen=True, kw_only=True)
class DurableDescribeOptions:
    target: str
    as_json: bool = False
    exit_status: bool = False
    watch: bool = False
    interval: float = 5.0


def durable_describe(
    ctx: Context,
    arn: DurableArnArg,
    as_json: JsonOpt = False,
    exit_status: ExitStatusOpt = False,
    watch: WatchOpt = False,
    interval: IntervalOpt = 5.0,
) -> Result:
    """Describe a durable execution: status, timing, input, result, error and stack trace."""
    options = DurableDescribeOptions(
        target=arn, as_json=as_json, exit_status=exit_status, watch=watch, interval=interval
    )
    return ctx.run(run, options)


def durable_arn(ctx: Context, target: str, command: str) -> arns.Arn:
    """ARN, local runner id, or FUNCTION/EXECUTION_NAME (the newest execution of that name)."""
    from sfnctl.commands.targets import resolve

    return resolve(ctx, target, accepts=ACCEPTS, command=command)


def run(ctx: Context, opts: DurableDescribeOptions) -> Result:
    """The execution; the exit code is its outcome with --exit-status, else 0."""
    from sfnctl.render.durable import render_durable

    arn = durable_arn(ctx, opts.target, "durable describe")
    if opts.watch:
        execution = _watch(ctx, arn.text, opts)
    else:
        execution = ctx.api.get_durable_execution(arn.text)
    status = str(execution.get("Status"))
    shown = str(execution.get("DurableExecutionArn") or arn.text)
    hints: tuple[str, ...] = ()
    if not opts.as_json:
        if status == "FAILED":
            hints = (f"Which step failed, with its attempts: sfnctl durable history {shown}",)
        elif status in DURABLE_FAILED:  # TIMED_OUT, STOPPED: no step failed
            hints = (f"What it was waiting on: sfnctl why {shown}",)
        else:
            hints = (f"Steps, waits and callbacks: sfnctl durable history {shown}",)
    notes = () if opts.as_json else _callback_notes(ctx, arn.text, status)
    return Result(
        data=execution,
        view=lambda: render_durable(execution, ctx.now()),
        link=shown,
        hints=hints,
        code=exit_code_of(status, opts.exit_status),
        notes=notes,
    )


def _watch(ctx: Context, arn: str, opts: DurableDescribeOptions) -> dict[str, Any]:
    """--watch until it ends. The live view (a terminal, not --json) also shows what it waits
    on now — the open operations, from its history (payloads left out)."""
    from sfnctl.model.status import STILL_GOING
    from sfnctl.watch import watch

    live = ctx.interactive and not opts.as_json

    def fetch() -> tuple[dict[str, Any], list[Any] | None]:
        execution = ctx.api.get_durable_execution(arn)
        if not live or execution.get("Status") not in STILL_GOING:
            return execution, None
        return execution, _waiting_on(ctx, arn, str(execution.get("Status")))

    execution, _ = watch(
        ctx,
        fetch=fetch,
        done=lambda found: found[0].get("Status") not in STILL_GOING,
        view=lambda found: _live_view(*found, ctx.now()),
        interval=opts.interval,
        live=not opts.as_json,
    )
    return execution


def _waiting_on(ctx: Context, arn: str, status: str) -> list[Any] | None:
    from sfnctl.errors import SfnctlError
    from sfnctl.model import durable

    try:
        events = ctx.api.durable_history(arn, include_data=False)
    except SfnctlError:
        return None  # the status still shows; what it waits on is a nicety
    return durable.diagnose(durable.build(events), arn, status).waiting


def _live_view(execution: dict[str, Any], waiting: list[Any] | None, now: Any) -> Any:
    from rich.console import Group
    from rich.panel import Panel

    from sfnctl.render.durable import render_durable, waiting_panel

    shown = {k: v for k, v in execution.items() if k != "InputPayload"}
    view = render_durable(shown, now)
    if not waiting:
        return view
    now_panel = waiting_panel(waiting, "Now: waiting on", None)
    if isinstance(now_panel, Panel):
        now_panel.border_style = "cyan"  # still running: nothing has failed
    return Group(view, now_panel)


def _callback_notes(ctx: Context, arn: str, status: str) -> tuple[str, ...]:
    """Each callback a running execution waits on: its whole id and the commands that answer
    it (from the history; best effort — describe never fails over it)."""
    from sfnctl.model.status import STILL_GOING

    if status not in STILL_GOING:
        return ()
    from sfnctl.errors import SfnctlError
    from sfnctl.model import durable as model

    try:
        events = ctx.api.durable_history(arn, include_data=False)
    except SfnctlError:
        return ()
    return tuple(model.callback_notes(model.waiting_callbacks(model.build(events))))


COMMAND = Command("describe", durable_describe, accepts=ACCEPTS, exports=True)
