"""`sfnctl redrive-status ARN`: can this execution (or map run) be redriven, and how."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any

import typer

from sfnctl.commands import targets
from sfnctl.commands.base import Command
from sfnctl.commands.options import JsonOpt
from sfnctl.context import Context
from sfnctl.errors import SfnctlError
from sfnctl.model import arns
from sfnctl.model.arns import Kind
from sfnctl.present import Result

if TYPE_CHECKING:
    from rich.console import RenderableType

ACCEPTS = (*arns.EXECUTION_KINDS, Kind.MAP_RUN)

EXECUTION_FIELDS = (
    "executionArn",
    "stateMachineArn",
    "name",
    "status",
    "mapRunArn",
    "redriveCount",
    "redriveDate",
    "redriveStatus",
    "redriveStatusReason",
)


@dataclass(frozen=True, kw_only=True)
class RedriveOptions:
    target: str
    as_json: bool = False


def redrive_status(
    ctx: Context,
    arn: Annotated[
        str,
        typer.Argument(metavar="ARN", help="Execution or Map Run ARN.", show_default=False),
    ],
    as_json: JsonOpt = False,
) -> Result:
    """Can it be redriven? What that means and what to do next."""
    return ctx.run(run, RedriveOptions(target=arn, as_json=as_json))


def run(ctx: Context, opts: RedriveOptions) -> Result:
    arn = targets.resolve(ctx, opts.target, accepts=ACCEPTS, command="redrive-status")
    if arn.kind is Kind.MAP_RUN:
        return _map_run(ctx, arn.text)
    from sfnctl.model.redrive import explain_execution

    execution = ctx.api.describe_execution(arn.text, metadata_only=True)
    parent_arn = None
    if execution.get("redriveStatus") == "REDRIVABLE_BY_MAP_RUN" and execution.get("mapRunArn"):
        parent = _optional_map_run(ctx, execution["mapRunArn"])
        parent_arn = parent.get("executionArn") if parent else None
    explanation = explain_execution(execution, parent_arn)
    result: dict[str, Any] = {k: execution[k] for k in EXECUTION_FIELDS if k in execution}
    if parent_arn:
        result["parentExecutionArn"] = parent_arn
    result["explanation"] = explanation.as_dict()

    def view() -> RenderableType:
        from sfnctl.render.redrive import render_redrive_execution

        return render_redrive_execution(execution, explanation.meaning, explanation.action)

    return Result(data=result, view=view)


def _map_run(ctx: Context, arn: str) -> Result:
    from sfnctl.model.redrive import explain_map_run

    map_run = ctx.api.describe_map_run(arn)
    parent: dict[str, Any] | None = None
    if map_run.get("executionArn"):
        try:
            parent = ctx.api.describe_execution(map_run["executionArn"], metadata_only=True)
        except SfnctlError as error:
            ctx.hint(f"Could not describe the parent execution: {error}")
    explanation = explain_map_run(map_run, parent)
    result: dict[str, Any] = {
        k: map_run[k]
        for k in (
            "mapRunArn",
            "executionArn",
            "status",
            "redriveCount",
            "redriveDate",
            "itemCounts",
            "executionCounts",
        )
        if k in map_run
    }
    result["parentExecution"] = (
        {k: parent[k] for k in EXECUTION_FIELDS if k in parent} if parent else None
    )
    result["explanation"] = explanation.as_dict()

    def view() -> RenderableType:
        from sfnctl.render.redrive import render_redrive_map_run

        return render_redrive_map_run(map_run, parent, explanation.meaning, explanation.action)

    return Result(data=result, view=view)


def _optional_map_run(ctx: Context, arn: str) -> dict[str, Any] | None:
    try:
        return ctx.api.describe_map_run(arn)
    except SfnctlError:
        return None


COMMAND = Command("redrive-status", redrive_status, accepts=ACCEPTS)
