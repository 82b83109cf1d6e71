"""`sfnctl describe ARN`: an execution (or map run, or durable execution) at a glance."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sfnctl.context import Context
from sfnctl.errors import STATUS_EXIT_CODES, Exit, SfnctlError, usage
from sfnctl.model import arns
from sfnctl.model.arns import Kind
from sfnctl.output import emit


@dataclass(frozen=True)
class DescribeOptions:
    target: str
    metadata_only: bool = False
    as_json: bool = False
    exit_status: bool = False
    watch: bool = False
    interval: float = 5.0


def run_describe(ctx: Context, opts: DescribeOptions) -> int:
    """Print the execution; return the exit code (the outcome with --exit-status, else 0)."""
    arn = arns.resolve(opts.target)
    if arn.kind is Kind.MAP_RUN:
        from sfnctl.commands.maprun import MapRunShowOptions, run_maprun_show

        show = MapRunShowOptions(
            arn.text, as_json=opts.as_json, watch=opts.watch, interval=opts.interval
        )
        run_maprun_show(ctx, show)
        return 0
    if arn.kind is Kind.DURABLE_EXECUTION:
        from sfnctl.commands.durable import DurableDescribeOptions, run_durable_describe

        if opts.metadata_only:
            raise usage("--metadata-only is for Step Functions executions, not durable ones")
        durable = DurableDescribeOptions(
            arn.text, opts.as_json, opts.exit_status, opts.watch, opts.interval
        )
        return run_durable_describe(ctx, durable)
    arns.require(arn, arns.EXECUTION_KINDS, "describe")
    if opts.watch:
        from sfnctl.commands.watch import STILL_GOING, watch

        watch(
            ctx,
            fetch=lambda: ctx.api.describe_execution(arn.text, metadata_only=opts.metadata_only),
            done=lambda e: e.get("status") not in STILL_GOING,
            view=lambda e: _view(e, ctx.now(), None, None),
            interval=opts.interval,
            live=not opts.as_json,
        )  # then the final, complete view below
    if opts.as_json:
        execution = ctx.api.describe_execution(arn.text, metadata_only=opts.metadata_only)
        emit(ctx, execution, lambda: None, as_json=True)
        return outcome(execution, opts.exit_status)
    execution, state_machine = _describe_with_state_machine(ctx, arn, opts.metadata_only)
    failed = execution.get("status") in ("FAILED", "TIMED_OUT", "ABORTED")
    root_cause = _root_cause(ctx, arn.text) if failed else None
    emit(
        ctx,
        execution,
        lambda: _view(execution, ctx.now(), state_machine, root_cause),
        as_json=False,
    )
    ctx.console_link(arn.text)
    if failed:
        ctx.hint(
            f"More: sfnctl why {arn.text}   ·   sfnctl history {arn.text} --view tree --failed"
        )
    return outcome(execution, opts.exit_status)


def _root_cause(ctx: Context, arn: str) -> dict[str, Any] | None:
    """The root cause from the history's tail (best effort: describe never fails over it)."""
    from sfnctl.commands.why import diagnose_online

    try:
        diagnosis = diagnose_online(ctx, arn)
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


def outcome(execution: dict[str, Any], exit_status: bool) -> int:
    if not exit_status:
        return 0
    return STATUS_EXIT_CODES.get(str(execution.get("status")), int(Exit.UNEXPECTED))


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


def _optional(call: Any, *args: Any, **kwargs: Any) -> dict[str, Any] | None:
    """Supplementary facts are shown 'when available': a failure here never fails describe."""
    try:
        return call(*args, **kwargs)
    except SfnctlError:
        return None
