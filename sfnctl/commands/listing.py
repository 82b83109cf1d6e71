"""`sfnctl list [TARGET]`: with no target, the state machines (`--failing`: with the failures
of a time window); with one, the executions of a state machine (version, alias) or a map run's
children — `--since/--until`, `--name GLOB` and repeated `--status` narrow them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

import typer

from sfnctl.commands import targets
from sfnctl.commands.base import Command
from sfnctl.commands.options import AllPagesOpt, JsonOpt, LimitOpt, WideOpt, at_least_one
from sfnctl.context import Context
from sfnctl.errors import SfnctlError, usage
from sfnctl.model import arns
from sfnctl.model.arns import Kind
from sfnctl.model.status import ExecutionStatus, RedriveFilter
from sfnctl.present import Result

if TYPE_CHECKING:
    from rich.console import RenderableType

ACCEPTS = (*arns.STATE_MACHINE_KINDS, Kind.MAP_RUN)


WINDOW = "Time window"


@dataclass(frozen=True, kw_only=True)
class ListOptions:
    target: str | None = None
    statuses: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None
    name: str | None = None
    failing: bool = False
    redrive_filter: str | None = None
    limit: int = 50
    all_pages: bool = False
    next_token: str | None = None
    as_json: bool = False
    wide: bool = False


def list_(
    ctx: Context,
    arn: Annotated[
        str | None,
        typer.Argument(
            metavar="[TARGET]",
            help="A state machine (NAME, NAME:VERSION, NAME:ALIAS or its ARN) — or a Map Run ARN "
            "for its child executions. None: list the state machines.",
            show_default=False,
        ),
    ] = None,
    status: Annotated[
        list[ExecutionStatus] | None,
        typer.Option(
            "--status",
            case_sensitive=False,
            help="Only executions in this status (repeatable: any of them).",
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            metavar="WHEN",
            help="Started at or after WHEN: 90s, 30m, 2h, 7d, 1w ago, or an ISO 8601 time "
            "(--failing: default 24h).",
            rich_help_panel=WINDOW,
        ),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(
            "--until",
            metavar="WHEN",
            help="Started at or before WHEN (same forms as --since).",
            rich_help_panel=WINDOW,
        ),
    ] = None,
    name: Annotated[
        str | None,
        typer.Option("--name", metavar="GLOB", help="Only executions whose name matches GLOB."),
    ] = None,
    failing: Annotated[
        bool,
        typer.Option(
            "--failing",
            help="No TARGET: count each state machine's FAILED, TIMED_OUT and ABORTED "
            "executions started in the window, most failures first.",
        ),
    ] = False,
    redrive_filter: Annotated[
        RedriveFilter | None,
        typer.Option(
            "--redrive-filter",
            case_sensitive=False,
            help="Map Run ARN only: children that were (not) redriven.",
        ),
    ] = None,
    limit: LimitOpt = 50,
    all_pages: AllPagesOpt = False,
    next_token: Annotated[
        str | None, typer.Option("--next-token", help="Resume from a previous listing's token.")
    ] = None,
    as_json: JsonOpt = False,
    wide: WideOpt = False,
) -> Result:
    """List state machines (no TARGET), or a state machine's executions, newest first."""
    options = ListOptions(
        target=arn,
        statuses=tuple(dict.fromkeys(s.value for s in status or ())),
        since=since,
        until=until,
        name=name,
        failing=failing,
        redrive_filter=redrive_filter.value if redrive_filter else None,
        limit=limit,
        all_pages=all_pages,
        next_token=next_token,
        as_json=as_json,
        wide=wide,
    )
    return ctx.run(run, options)


def run(ctx: Context, opts: ListOptions) -> Result:
    if not opts.target:
        from sfnctl.commands.machines import list_state_machines

        return list_state_machines(ctx, opts)
    if opts.failing:
        raise usage(
            "--failing counts over every state machine: give no TARGET",
            hint=f"Run: sfnctl list --failing   ·   or: sfnctl list {opts.target} --status FAILED",
        )
    arn = targets.resolve(ctx, opts.target, accepts=ACCEPTS, command="list")
    is_map_run = arn.kind is Kind.MAP_RUN
    if opts.redrive_filter and not is_map_run:
        raise usage(
            "--redrive-filter works only with a Map Run ARN (it filters a map run's children)",
            hint="To list a map run's children: sfnctl list MAP_RUN_ARN --redrive-filter REDRIVEN",
        )
    at_least_one("--limit", opts.limit)
    if opts.since or opts.until or opts.name or len(opts.statuses) > 1:
        return _windowed(ctx, arn, opts)
    try:
        page = ctx.api.list_executions(
            state_machine_arn=None if is_map_run else arn.text,
            map_run_arn=arn.text if is_map_run else None,
            status=opts.statuses[0] if opts.statuses else None,
            redrive_filter=opts.redrive_filter,
            limit=None if opts.all_pages else opts.limit,
            next_token=opts.next_token,
        )
    except SfnctlError as error:
        if is_map_run or "StateMachineTypeNotSupported" not in error.message:
            raise
        return _express(ctx, arn, opts)  # Express executions are only in its log
    title = _title(arn, opts)
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

        return render_executions(page.items, ctx.now(), title, wide=opts.wide)

    return Result(data=page.items, view=view, hints=hints)


def _title(arn: arns.Arn, opts: ListOptions) -> str:
    is_map_run = arn.kind is Kind.MAP_RUN
    what = "Child executions of map run" if is_map_run else f"Executions of {arn.kind}"
    title = f"{what} {arn.owner}" + (f":{arn.qualifier}" if arn.qualifier else "")
    if opts.statuses:
        title += f" ({', '.join(opts.statuses)})"
    if opts.name:
        title += f" named {opts.name}"
    return title


def _windowed(ctx: Context, arn: arns.Arn, opts: ListOptions) -> Result:
    """--since/--until/--name/several --status: one newest-first request stream per status,
    merged; paging stops at the first execution older than --since (no page past it)."""
    from sfnctl.model.names import matches_glob
    from sfnctl.model.timewindow import WindowError, in_window, merge_newest_first, window

    if opts.next_token:
        raise usage("--next-token cannot be combined with --since/--until/--name/several --status")
    at_least_one("--limit", opts.limit)
    try:
        span = window(opts.since, opts.until, ctx.now(), default_since=None)
    except WindowError as error:
        raise usage(error.message) from None
    is_map_run = arn.kind is Kind.MAP_RUN
    streams = [
        ctx.api.executions_newest_first(
            arn.text, status=status, map_run=is_map_run, redrive_filter=opts.redrive_filter
        )
        for status in (opts.statuses or (None,))
    ]
    merged = merge_newest_first(streams, _started) if len(streams) > 1 else streams[0]
    items: list[dict[str, Any]] = []
    for item in in_window(merged, span, _started):
        if opts.name and not matches_glob(str(item.get("name", "")), opts.name):
            continue
        items.append(item)
        if not opts.all_pages and len(items) >= opts.limit:
            break
    title = _title(arn, opts)
    hints: tuple[str, ...] = ()
    if not items and not opts.as_json:
        hints = (f"No executions of {arn.text} match.",)

    def view() -> RenderableType:
        from sfnctl.render.executions import render_executions

        return render_executions(items, ctx.now(), title)

    return Result(data=items, view=view, hints=hints)


def _express(ctx: Context, arn: arns.Arn, opts: ListOptions) -> Result:
    """An Express state machine: its executions of the last 24 hours, from its log group."""
    from datetime import timedelta

    from sfnctl.commands import express

    since = ctx.now() - timedelta(hours=24)
    items, read = express.list_executions(ctx, arn.text, since, None)
    if opts.statuses:
        items = [item for item in items if item.get("status") in opts.statuses]
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


def _started(item: dict[str, Any]) -> datetime | None:
    started = item.get("startDate")
    return started if isinstance(started, datetime) else None


COMMAND = Command("list", list_, accepts=ACCEPTS)
