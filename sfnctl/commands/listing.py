"""`sfnctl list ARN`: executions of a state machine (version, alias) or a map run's children."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated

import typer

from sfnctl.commands.base import Command
from sfnctl.commands.options import JsonOpt, at_least_one
from sfnctl.context import Context
from sfnctl.errors import SfnctlError, usage
from sfnctl.model import arns
from sfnctl.model.arns import Kind
from sfnctl.model.status import ExecutionStatus, RedriveFilter
from sfnctl.present import Result

if TYPE_CHECKING:
    from rich.console import RenderableType

ACCEPTS = (*arns.STATE_MACHINE_KINDS, Kind.MAP_RUN)


@dataclass(frozen=True, kw_only=True)
class ListOptions:
    target: str
    status: str | None = None
    redrive_filter: str | None = None
    limit: int = 50
    all_pages: bool = False
    next_token: str | None = None
    as_json: bool = False


def list_(
    ctx: Context,
    arn: Annotated[
        str,
        typer.Argument(
            metavar="ARN",
            help="State machine, version or alias ARN — or a Map Run ARN for its child executions.",
            show_default=False,
        ),
    ],
    status: Annotated[
        ExecutionStatus | None,
        typer.Option("--status", case_sensitive=False, help="Only executions in this status."),
    ] = None,
    redrive_filter: Annotated[
        RedriveFilter | None,
        typer.Option(
            "--redrive-filter",
            case_sensitive=False,
            help="Map Run ARN only: children that were (not) redriven.",
        ),
    ] = None,
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=1, help="At most this many executions.")
    ] = 50,
    all_pages: Annotated[bool, typer.Option("--all", help="Every page (ignores --limit).")] = False,
    next_token: Annotated[
        str | None, typer.Option("--next-token", help="Resume from a previous listing's token.")
    ] = None,
    as_json: JsonOpt = False,
) -> Result:
    """List executions, newest first."""
    options = ListOptions(
        target=arn,
        status=status.value if status else None,
        redrive_filter=redrive_filter.value if redrive_filter else None,
        limit=limit,
        all_pages=all_pages,
        next_token=next_token,
        as_json=as_json,
    )
    return ctx.run(run, options)


def run(ctx: Context, opts: ListOptions) -> Result:
    arn = arns.require(arns.resolve(opts.target), ACCEPTS, "list")
    is_map_run = arn.kind is Kind.MAP_RUN
    if opts.redrive_filter and not is_map_run:
        raise usage(
            "--redrive-filter works only with a Map Run ARN (it filters a map run's children)",
            hint="To list a map run's children: sfnctl list MAP_RUN_ARN --redrive-filter REDRIVEN",
        )
    at_least_one("--limit", opts.limit)
    try:
        page = ctx.api.list_executions(
            state_machine_arn=None if is_map_run else arn.text,
            map_run_arn=arn.text if is_map_run else None,
            status=opts.status,
            redrive_filter=opts.redrive_filter,
            limit=None if opts.all_pages else opts.limit,
            next_token=opts.next_token,
        )
    except SfnctlError as error:
        if is_map_run or "StateMachineTypeNotSupported" not in error.message:
            raise
        return _express(ctx, arn, opts)  # Express executions are only in its log
    what = "Child executions of map run" if is_map_run else f"Executions of {arn.kind}"
    title = f"{what} {arn.owner}" + (f":{arn.qualifier}" if arn.qualifier else "")
    if opts.status:
        title += f" ({opts.status})"
    hints: tuple[str, ...] = ()
    if page.next_token:
        hints = (
            f"Showing the first {len(page.items)}; more remain. Next page: "
            f"sfnctl list {arn.text} --next-token {page.next_token}  (or --all for every page)",
        )
    elif not page.items and not opts.as_json:
        hints = (f"No executions found for {arn.text}.",)

    def view() -> RenderableType:
        from sfnctl.render.executions import render_executions

        return render_executions(page.items, ctx.now(), title)

    return Result(data=page.items, view=view, hints=hints)


def _express(ctx: Context, arn: arns.Arn, opts: ListOptions) -> Result:
    """An Express state machine: its executions of the last 24 hours, from its log group."""
    from datetime import timedelta

    from sfnctl.commands import express

    since = ctx.now() - timedelta(hours=24)
    items, read = express.list_executions(ctx, arn.text, since, None)
    if opts.status:
        items = [item for item in items if item.get("status") == opts.status]
    if not opts.all_pages:
        items = items[: opts.limit]
    title = f"Express executions of {arn.owner} in the last 24 hours (from CloudWatch Logs)"
    hints = (
        f"Listed from CloudWatch Logs: {read.log_group} (ExecutionStarted records since "
        f"{since:%Y-%m-%d %H:%M} UTC).",
        *((f"Incomplete: {read.problem}.",) if read.problem else ()),
    )

    def view() -> RenderableType:
        from sfnctl.render.executions import render_executions

        return render_executions(items, ctx.now(), title)

    return Result(data=items, view=view, hints=hints)


COMMAND = Command("list", list_, accepts=ACCEPTS)
