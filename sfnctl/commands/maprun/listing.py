"""`sfnctl maprun list EXECUTION_ARN`: the Distributed Map runs an execution started."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated

import typer

from sfnctl.commands import targets
from sfnctl.commands.base import Command
from sfnctl.commands.options import JsonOpt
from sfnctl.context import Context
from sfnctl.model import arns
from sfnctl.present import Result

if TYPE_CHECKING:
    from rich.console import RenderableType


@dataclass(frozen=True, kw_only=True)
class MapRunListOptions:
    target: str
    as_json: bool = False


def maprun_list(
    ctx: Context,
    arn: Annotated[
        str,
        typer.Argument(
            metavar="EXECUTION_ARN", help="The parent execution's ARN.", show_default=False
        ),
    ],
    as_json: JsonOpt = False,
) -> Result:
    """List the Distributed Map runs an execution started."""
    return ctx.run(run, MapRunListOptions(target=arn, as_json=as_json))


def run(ctx: Context, opts: MapRunListOptions) -> Result:
    arn = targets.resolve(ctx, opts.target, accepts=arns.EXECUTION_KINDS, command="maprun list")
    runs = ctx.api.list_map_runs(arn.text)
    title = f"Map runs of {arn.owner}:{arn.name}"

    def view() -> RenderableType:
        from sfnctl.render.maprun import render_map_runs

        return render_map_runs(runs, ctx.now(), title)

    hints: tuple[str, ...] = ()
    if runs and not opts.as_json:
        hints = (f"To see one, run: sfnctl maprun show {runs[0].get('mapRunArn', 'MAP_RUN_ARN')}",)
    return Result(data=runs, view=view, hints=hints)


COMMAND = Command("list", maprun_list, accepts=arns.EXECUTION_KINDS)
