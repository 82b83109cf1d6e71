"""`sfnctl list ARN`: executions of a state machine (version, alias) or a map run's children."""

from __future__ import annotations

from dataclasses import dataclass

from sfnctl.context import Context
from sfnctl.errors import usage
from sfnctl.model import arns
from sfnctl.model.arns import Kind
from sfnctl.output import emit
from sfnctl.render.executions import render_executions


@dataclass(frozen=True)
class ListOptions:
    target: str
    status: str | None = None
    redrive_filter: str | None = None
    limit: int = 50
    all_pages: bool = False
    next_token: str | None = None
    as_json: bool = False


def run_list(ctx: Context, opts: ListOptions) -> None:
    arn = arns.require(arns.resolve(opts.target), (*arns.STATE_MACHINE_KINDS, Kind.MAP_RUN), "list")
    is_map_run = arn.kind is Kind.MAP_RUN
    if opts.redrive_filter and not is_map_run:
        raise usage(
            "--redrive-filter works only with a Map Run ARN (it filters a map run's children)",
            hint="To list a map run's children: sfnctl list MAP_RUN_ARN --redrive-filter REDRIVEN",
        )
    if opts.limit < 1:
        raise usage(f"--limit must be at least 1, got {opts.limit}")
    page = ctx.api.list_executions(
        state_machine_arn=None if is_map_run else arn.text,
        map_run_arn=arn.text if is_map_run else None,
        status=opts.status,
        redrive_filter=opts.redrive_filter,
        limit=None if opts.all_pages else opts.limit,
        next_token=opts.next_token,
    )
    what = "Child executions of map run" if is_map_run else f"Executions of {arn.kind}"
    title = f"{what} {arn.owner}" + (f":{arn.qualifier}" if arn.qualifier else "")
    if opts.status:
        title += f" ({opts.status})"
    emit(
        ctx,
        page.items,
        lambda: render_executions(page.items, ctx.now(), title),
        as_json=opts.as_json,
    )
    if page.next_token:
        ctx.hint(
            f"Showing the first {len(page.items)}; more remain. Next page: "
            f"sfnctl list {arn.text} --next-token {page.next_token}  (or --all for every page)"
        )
    elif not page.items and not opts.as_json:
        ctx.hint(f"No executions found for {arn.text}.")
