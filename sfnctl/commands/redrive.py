"""`sfnctl redrive-status ARN`: can this execution (or map run) be redriven, and how."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sfnctl.context import Context
from sfnctl.errors import SfnctlError
from sfnctl.model import arns
from sfnctl.model.arns import Kind
from sfnctl.model.redrive import explain_execution, explain_map_run
from sfnctl.output import emit
from sfnctl.render.redrive import render_redrive_execution, render_redrive_map_run

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


@dataclass(frozen=True)
class RedriveOptions:
    target: str
    as_json: bool = False


def run_redrive_status(ctx: Context, opts: RedriveOptions) -> None:
    arn = arns.require(
        arns.resolve(opts.target), (*arns.EXECUTION_KINDS, Kind.MAP_RUN), "redrive-status"
    )
    if arn.kind is Kind.MAP_RUN:
        _map_run(ctx, arn.text, opts.as_json)
        return
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
    emit(
        ctx,
        result,
        lambda: render_redrive_execution(execution, explanation.meaning, explanation.action),
        as_json=opts.as_json,
    )


def _map_run(ctx: Context, arn: str, as_json: bool) -> None:
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
    emit(
        ctx,
        result,
        lambda: render_redrive_map_run(map_run, parent, explanation.meaning, explanation.action),
        as_json=as_json,
    )


def _optional_map_run(ctx: Context, arn: str) -> dict[str, Any] | None:
    try:
        return ctx.api.describe_map_run(arn)
    except SfnctlError:
        return None
