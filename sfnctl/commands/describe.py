"""`sfnctl describe ARN`: an execution (or map run, or durable execution) at a glance."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Annotated, Any

import typer

from sfnctl.commands import routing, targets
from sfnctl.commands.base import Command
from sfnctl.commands.options import ArnArg, ExitStatusOpt, IntervalOpt, JsonOpt, WatchOpt
from sfnctl.context import Context
from sfnctl.errors import SfnctlError
from sfnctl.model import arns
from sfnctl.model.status import EXECUTION_FAILED, exit_code_of
from sfnctl.present import Result

if TYPE_CHECKING:
    from sfnctl.model.progress import Running


@dataclass(frozen=True, kw_only=True)
class DescribeOptions:
    target: str
    metadata_only: bool = False
    as_json: bool = False
    exit_status: bool = False
    watch: bool = False
    interval: float = 5.0


def describe(
    ctx: Context,
    arn: ArnArg,
    metadata_only: Annotated[
        bool,
        typer.Option(
            "--metadata-only",
            help="Send includedData=METADATA_ONLY: no input/output (needed without kms:Decrypt "
            "on a KMS-encrypted state machine).",
        ),
    ] = False,
    as_json: JsonOpt = False,
    exit_status: ExitStatusOpt = False,
    watch: WatchOpt = False,
    interval: IntervalOpt = 5.0,
) -> Result:
    """Describe an execution: status, timing, input/output, error, redrive state.

    A Map Run ARN shows the map run (like `maprun show`); a Lambda durable-execution ARN the
    durable execution (like `durable describe`).
    """
    options = DescribeOptions(
        target=arn,
        metadata_only=metadata_only,
        as_json=as_json,
        exit_status=exit_status,
        watch=watch,
        interval=interval,
    )
    return ctx.run(run, options)


def run(ctx: Context, opts: DescribeOptions) -> Result:
    """The execution; the exit code is its outcome with --exit-status, else 0."""
    arn = targets.resolve(
        ctx,
        opts.target,
        accepts=(*arns.EXECUTION_KINDS, *routing.DESCRIBE_ROUTES),
        command="describe",
    )
    opts = replace(opts, target=arn.text)
    routed = routing.describe_other_kind(ctx, arn, opts)
    if routed is not None:
        return routed
    arns.require(arn, arns.EXECUTION_KINDS, "describe")
    if opts.watch:
        _watch(ctx, arn, opts)  # then the final, complete view below
    if opts.as_json:
        execution = ctx.api.describe_execution(arn.text, metadata_only=opts.metadata_only)
        return Result(data=execution, code=exit_code_of(execution.get("status"), opts.exit_status))
    execution, state_machine = _describe_with_state_machine(ctx, arn, opts.metadata_only)
    failed = execution.get("status") in EXECUTION_FAILED
    root_cause = _root_cause(ctx, arn.text) if failed else None
    hints = (
        (f"More: sfnctl why {arn.text}   ·   sfnctl history {arn.text} --view tree --failed",)
        if failed
        else ()
    )
    return Result(
        data=execution,
        view=lambda: _view(execution, ctx.now(), state_machine, root_cause),
        link=arn.text,
        hints=hints,
        code=exit_code_of(execution.get("status"), opts.exit_status),
    )


@dataclass(frozen=True)
class _Watched:
    execution: dict[str, Any]
    running: list[Running] | None  # where it is now (live view only; None: unknown)


def _watch(ctx: Context, arn: arns.Arn, opts: DescribeOptions) -> None:
    """--watch until the execution ends. The live view (a terminal, not --json) also shows
    where it is now, from the history's newest page — one request per poll, no payloads."""
    from sfnctl.model.status import STILL_GOING
    from sfnctl.watch import watch

    live = ctx.interactive and not opts.as_json
    definition: list[str | None] = []  # fetched once, when first needed

    def fetch() -> _Watched:
        execution = ctx.api.describe_execution(arn.text, metadata_only=opts.metadata_only)
        if not live or execution.get("status") not in STILL_GOING:
            return _Watched(execution, None)
        if not definition:
            definition.append(_definition(ctx, arn.text))
        return _Watched(execution, _where_now(ctx, arn.text, definition[0]))

    watch(
        ctx,
        fetch=fetch,
        done=lambda w: w.execution.get("status") not in STILL_GOING,
        view=lambda w: _live_view(w, ctx.now()),
        interval=opts.interval,
        live=not opts.as_json,
    )


def _definition(ctx: Context, arn: str) -> str | None:
    try:
        return ctx.api.definition_for_execution(arn)
    except SfnctlError:
        return None  # Wait end times are a nicety: the view goes on without them


def _where_now(ctx: Context, arn: str, definition: str | None) -> list[Running] | None:
    from sfnctl.model import tree as model
    from sfnctl.model.events import Slimmer
    from sfnctl.model.progress import running_states

    try:
        newest = ctx.api.newest_events(arn, shrink=Slimmer())
    except SfnctlError:
        return None
    return running_states(model.build(newest), definition)


def _live_view(watched: _Watched, now: Any) -> Any:
    """Status and timing, then where it is now (the input waits for the final view)."""
    from rich.console import Group

    from sfnctl.render.execution import render_execution
    from sfnctl.render.progress import render_now

    shown = {k: v for k, v in watched.execution.items() if k not in ("input", "inputDetails")}
    view = render_execution(shown, now, None)
    if watched.running is None:
        return view
    return Group(view, render_now(watched.running, now))


def _root_cause(ctx: Context, arn: str) -> dict[str, Any] | None:
    """The root cause from the history's tail (best effort: describe never fails over it)."""
    from sfnctl.commands.across import diagnose_online

    try:
        diagnosis = diagnose_online(ctx.api, arn)
    except SfnctlError:
        return None
    root, terminal = diagnosis.root_cause, diagnosis.terminal
    if root is None or terminal is None:
        return None
    # Shown when it adds something to the execution's own error (or there is none: a timeout).
    if root["eventId"] == terminal["eventId"] and terminal["error"]:
        return None
    return root


def _view(
    execution: dict[str, Any],
    now: Any,
    state_machine: dict[str, Any] | None,
    root_cause: dict[str, Any] | None,
) -> Any:
    from sfnctl.render.execution import render_execution  # rich: only for the human view

    view = render_execution(execution, now, state_machine)
    if root_cause is None:
        return view
    from rich.console import Group

    from sfnctl.render.why import root_cause_panel

    return Group(view, root_cause_panel(root_cause, None))


def _describe_with_state_machine(
    ctx: Context, arn: arns.Arn, metadata_only: bool
) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """DescribeExecution, then the state machine's name/label/type (best effort).

    Sequential on purpose: the human view is not the latency-critical path (`--json` makes
    one call), and a fixed call order keeps Stubber-validated tests deterministic.
    """
    execution = ctx.api.describe_execution(arn.text, metadata_only=metadata_only)
    state_machine = _optional(ctx.api.describe_state_machine_for_execution, arn.text) or {}
    sm_arn = execution.get("stateMachineArn") or arns.state_machine_of(arn)
    described = _optional(ctx.api.describe_state_machine, sm_arn) or {}
    if described.get("type"):
        state_machine = {**state_machine, "type": described["type"]}
    return execution, state_machine or None


def _optional(
    call: Callable[..., dict[str, Any]], *args: Any, **kwargs: Any
) -> dict[str, Any] | None:
    """Supplementary facts are shown 'when available': a failure here never fails describe."""
    try:
        return call(*args, **kwargs)
    except SfnctlError:
        return None


COMMAND = Command(
    "describe", describe, accepts=(*arns.EXECUTION_KINDS, *routing.DESCRIBE_ROUTES), exports=True
)
