"""`sfnctl diff A [B]`: what is different about two executions — the path each took, where they
first diverged, and their inputs and outputs, path by path."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any

import typer

from sfnctl.commands.base import Command
from sfnctl.commands.inputs import execution_arn
from sfnctl.commands.options import JsonOpt
from sfnctl.context import Context
from sfnctl.errors import Exit, SfnctlError
from sfnctl.model import arns
from sfnctl.present import Result

if TYPE_CHECKING:
    from rich.console import RenderableType

    from sfnctl.aws.api import AwsApi
    from sfnctl.model.tree import ExecutionTree


@dataclass(frozen=True, kw_only=True)
class DiffOptions:
    a: str
    b: str | None = None
    as_json: bool = False


def diff(
    ctx: Context,
    a: Annotated[
        str,
        typer.Argument(
            metavar="A",
            help="An execution: NAME/EXECUTION, NAME@failed or its ARN (typically the one "
            "that failed).",
            show_default=False,
        ),
    ],
    b: Annotated[
        str | None,
        typer.Argument(
            metavar="[B]",
            help="The execution to compare with (same forms). Default: the newest SUCCEEDED "
            "execution of A's "
            "state machine started before A.",
            show_default=False,
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> Result:
    """What changed between two executions: each state side by side (status, duration,
    attempts), where they first diverged, and the JSON paths added, removed or changed in their
    inputs and outputs."""
    return ctx.run(run, DiffOptions(a=a, b=b, as_json=as_json))


def run(ctx: Context, opts: DiffOptions) -> Result:
    from sfnctl.model.execdiff import compare

    a_arn = execution_arn(ctx, opts.a, "diff").text
    api = ctx.api
    described_a = api.describe_execution(a_arn)
    if opts.b is not None:
        b_arn = execution_arn(ctx, opts.b, "diff").text
    else:
        b_arn = last_success_before(api, described_a)
    described_b = api.describe_execution(b_arn)
    result = compare(
        _tree(api, a_arn),
        _tree(api, b_arn),
        a_arn=a_arn,
        b_arn=b_arn,
        a_input=described_a.get("input"),
        b_input=described_b.get("input"),
        a_output=described_a.get("output"),
        b_output=described_b.get("output"),
    )

    def view() -> RenderableType:
        from sfnctl.render.diff import render_diff

        return render_diff(result, described_a, described_b)

    hints: tuple[str, ...] = ()
    if opts.b is None and not opts.as_json:
        hints = (f"Compared with the last success before it: {b_arn}",)
    return Result(data=result.as_json(), view=view, hints=hints)


def last_success_before(api: AwsApi, execution: dict[str, Any]) -> str:
    """The newest SUCCEEDED execution of `execution`'s state machine started before it."""
    machine = str(execution.get("stateMachineArn") or "")
    begun = execution.get("startDate")
    for item in api.executions(state_machine_arn=machine, status="SUCCEEDED"):
        if begun is None or item.get("startDate") is None or item["startDate"] < begun:
            return str(item["executionArn"])
    raise SfnctlError(
        f"no SUCCEEDED execution of {machine} started before {execution.get('executionArn')}",
        Exit.NOT_FOUND,
        hint="Name the execution to compare with: sfnctl diff A B",
    )


def _tree(api: AwsApi, arn: str) -> ExecutionTree:
    from sfnctl.model.tree import build

    return build(api.get_execution_history(arn, include_data=False))


COMMAND = Command("diff", diff, accepts=arns.EXECUTION_KINDS)
