"""`sfnctl redrive ARN`: redrive a failed execution from its failed state (asks first)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Annotated, Any

import typer

from sfnctl.commands.base import Command
from sfnctl.commands.consent import consented, require_terminal
from sfnctl.commands.options import ExitStatusOpt, IntervalOpt, JsonOpt, WatchOpt
from sfnctl.commands.targets import resolve
from sfnctl.context import Context
from sfnctl.errors import Exit, SfnctlError
from sfnctl.model import arns
from sfnctl.present import Result, show

ACCEPTS = arns.EXECUTION_KINDS


@dataclass(frozen=True, kw_only=True)
class RedriveExecutionOptions:
    target: str
    yes: bool = False
    dry_run: bool = False
    watch: bool = False
    interval: float = 5.0
    exit_status: bool = False
    as_json: bool = False


def redrive(
    ctx: Context,
    arn: Annotated[
        str,
        typer.Argument(
            metavar="ARN",
            help="An execution: NAME/EXECUTION, NAME@failed, its ARN or console URL.",
            show_default=False,
        ),
    ],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Don't ask for confirmation.")] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would be redriven and send nothing.")
    ] = False,
    watch: WatchOpt = False,
    interval: IntervalOpt = 5.0,
    exit_status: ExitStatusOpt = False,
    as_json: JsonOpt = False,
) -> Result:
    """Redrive a failed, timed-out or aborted execution from where it failed (asks first)."""
    options = RedriveExecutionOptions(
        target=arn,
        yes=yes,
        dry_run=dry_run,
        watch=watch,
        interval=interval,
        exit_status=exit_status,
        as_json=as_json,
    )
    return ctx.run(run, options)


def run(ctx: Context, opts: RedriveExecutionOptions) -> Result:
    from sfnctl.model.redrive import refusal

    arn = resolve(ctx, opts.target, accepts=ACCEPTS, command="redrive").text
    execution = ctx.api.describe_execution(arn, metadata_only=True)
    if refusal(execution):
        raise _not_redrivable(ctx, execution)
    require_terminal(ctx, yes=opts.yes, dry_run=opts.dry_run, what="redrive the execution")
    from sfnctl.render.actions import render_redrive_plan

    root_cause, map_runs = _what_reruns(ctx, arn)
    show(ctx, render_redrive_plan(execution, root_cause, map_runs, ctx.now()), stderr=True)
    data: dict[str, Any] = {
        "executionArn": arn,
        "redriveDate": None,
        "dryRun": opts.dry_run,
        "redriven": False,
    }
    declined = consented(
        ctx,
        yes=opts.yes,
        dry_run=opts.dry_run,
        question="Redrive this execution?",
        data=data,
        as_json=opts.as_json,
        what="redrive",
    )
    if declined is not None:
        return declined
    # One token for this redrive: botocore's retries of the request resend it, so the service
    # treats them as the same redrive, never a second one.
    response = ctx.api.redrive_execution(arn, client_token=str(uuid.uuid4()))
    data.update(redriveDate=response.get("redriveDate"), redriven=True)
    return _after(ctx, opts, arn, data)


def _after(ctx: Context, opts: RedriveExecutionOptions, arn: str, data: dict[str, Any]) -> Result:
    from sfnctl.render.common import format_time

    after = ctx.api.describe_execution(arn, metadata_only=True)
    hint = (
        f"Redriven (redrive #{after.get('redriveCount', '?')}) at "
        f"{format_time(data['redriveDate'] or after.get('redriveDate'))}."
    )
    if not opts.watch:
        return Result(data=data, hints=(hint, f"To follow it: sfnctl describe {arn} --watch"))
    ctx.hint(hint)
    from sfnctl.model.status import exit_code_of
    from sfnctl.watch import follow

    def view(found: dict[str, Any]) -> Any:
        from sfnctl.render.execution import render_execution

        return render_execution(found, ctx.now())

    final = follow(
        ctx,
        lambda: ctx.api.describe_execution(arn, metadata_only=True),
        view,
        interval=opts.interval,
        live=not opts.as_json,
    )
    return Result(
        data=data,
        view=lambda: view(final),
        link=arn,
        hints=(f"Ended {final.get('status')}.",),
        code=exit_code_of(final.get("status"), opts.exit_status),
    )


def _not_redrivable(ctx: Context, execution: dict[str, Any]) -> SfnctlError:
    from sfnctl.model.redrive import explain_execution

    parent_arn = None
    if execution.get("redriveStatus") == "REDRIVABLE_BY_MAP_RUN" and execution.get("mapRunArn"):
        try:
            parent_arn = ctx.api.describe_map_run(execution["mapRunArn"]).get("executionArn")
        except SfnctlError:
            parent_arn = None
    explanation = explain_execution(execution, parent_arn)
    status = execution.get("redriveStatus") or execution.get("status")
    name = execution.get("name") or execution.get("executionArn")
    return SfnctlError(
        f"{name} cannot be redriven ({status}): {explanation.meaning} Nothing was sent.",
        Exit.USAGE,
        hint=explanation.action,
    )


def _what_reruns(ctx: Context, arn: str) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    """The failed state (from the history's tail) and each map run's failed/pending children.
    Best effort: a redrive is not refused because the plan could not be read."""
    from sfnctl.commands.across import diagnose_online
    from sfnctl.model.redrive import map_run_plan

    try:
        root_cause = diagnose_online(ctx.api, arn).root_cause
    except SfnctlError as error:
        ctx.hint(f"Could not read the history to show the failed state: {error}")
        root_cause = None
    plans: list[dict[str, Any]] = []
    try:
        for run in ctx.api.list_map_runs(arn):
            plan = map_run_plan(ctx.api.describe_map_run(run["mapRunArn"]))
            if plan is not None:
                plans.append(plan.as_dict())
    except SfnctlError as error:
        ctx.hint(f"Could not read the map runs: {error}")
    return root_cause, plans


COMMAND = Command("redrive", redrive, accepts=ACCEPTS)
