"""`sfnctl durable list FUNCTION`: a function's durable executions, newest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

import typer

from sfnctl.commands.base import Command
from sfnctl.commands.options import AllPagesOpt, JsonOpt, LimitOpt, WideOpt, at_least_one
from sfnctl.context import Context
from sfnctl.errors import usage
from sfnctl.model.arns import Kind
from sfnctl.model.status import DurableStatus
from sfnctl.present import Result

if TYPE_CHECKING:
    from rich.console import RenderableType

ACCEPTS = (Kind.LAMBDA_FUNCTION,)
DURABLE_FILTERS = "Filters (the API's own)"
WHEN = "90s, 30m, 2h, 7d, 1w ago, now, or an ISO 8601 time (UTC unless an offset is given)"


@dataclass(frozen=True, kw_only=True)
class DurableListOptions:
    function: str
    statuses: tuple[str, ...] = ()
    name: str | None = None
    qualifier: str | None = None
    started_after: str | None = None  # a duration back from now, or an ISO 8601 time
    started_before: str | None = None
    reverse: bool = False
    limit: int = 50
    all_pages: bool = False
    next_token: str | None = None
    as_json: bool = False
    wide: bool = False


def durable_list(
    ctx: Context,
    function: Annotated[
        str,
        typer.Argument(
            metavar="FUNCTION",
            help="Function name or ARN (a version or alias: --qualifier or NAME:QUALIFIER).",
            show_default=False,
        ),
    ],
    status: Annotated[
        list[DurableStatus] | None,
        typer.Option(
            "--status",
            case_sensitive=False,
            help="Only executions in this status (repeatable).",
            rich_help_panel=DURABLE_FILTERS,
        ),
    ] = None,
    name: Annotated[
        str | None,
        typer.Option(
            "--name",
            metavar="NAME|GLOB",
            help="Only executions with this name (a GLOB with * ? [ ] is matched here).",
            rich_help_panel=DURABLE_FILTERS,
        ),
    ] = None,
    qualifier: Annotated[
        str | None,
        typer.Option(
            "--qualifier",
            help="Only executions of this version or alias.",
            rich_help_panel=DURABLE_FILTERS,
        ),
    ] = None,
    started_after: Annotated[
        str | None,
        typer.Option(
            "--started-after",
            "--since",
            metavar="WHEN",
            help=f"Started at or after WHEN: {WHEN}.",
            rich_help_panel=DURABLE_FILTERS,
        ),
    ] = None,
    started_before: Annotated[
        str | None,
        typer.Option(
            "--started-before",
            "--until",
            metavar="WHEN",
            help="Started before WHEN (same forms as --since).",
            rich_help_panel=DURABLE_FILTERS,
        ),
    ] = None,
    reverse: Annotated[bool, typer.Option("--reverse", help="Oldest first.")] = False,
    limit: LimitOpt = 50,
    all_pages: AllPagesOpt = False,
    next_token: Annotated[
        str | None, typer.Option("--next-token", help="Resume from a previous listing's marker.")
    ] = None,
    as_json: JsonOpt = False,
    wide: WideOpt = False,
) -> Result:
    """List a function's durable executions, newest first."""
    options = DurableListOptions(
        function=function,
        statuses=tuple(s.value for s in status or ()),
        name=name,
        qualifier=qualifier,
        started_after=started_after,
        started_before=started_before,
        reverse=reverse,
        limit=limit,
        all_pages=all_pages,
        next_token=next_token,
        as_json=as_json,
        wide=wide,
    )
    return ctx.run(run, options)


def _times(opts: DurableListOptions, now: datetime) -> tuple[datetime | None, datetime | None]:
    """--started-after/--since and --started-before/--until as UTC times."""
    from sfnctl.model.timewindow import WindowError, parse_time

    try:
        after = parse_time(opts.started_after, now) if opts.started_after else None
        before = parse_time(opts.started_before, now) if opts.started_before else None
    except WindowError as error:
        raise usage(error.message) from None
    if after and before and after > before:
        raise usage("--started-after is later than --started-before: nothing can match")
    return after, before


def run(ctx: Context, opts: DurableListOptions) -> Result:
    from sfnctl.commands.targets import resolve
    from sfnctl.model.names import matches_glob

    target = resolve(ctx, opts.function, accepts=ACCEPTS, command="durable list")
    function = target.text
    qualifier = opts.qualifier or (None if function.startswith("arn:") else target.qualifier)
    at_least_one("--limit", opts.limit)
    after, before = _times(opts, ctx.now())
    is_glob = bool(opts.name) and any(ch in str(opts.name) for ch in "*?[")
    page = ctx.api.list_durable_executions(
        function,
        qualifier=qualifier or None,
        name=None if is_glob else opts.name,
        statuses=list(opts.statuses) or None,
        started_after=after,
        started_before=before,
        reverse=opts.reverse,
        limit=None if opts.all_pages else opts.limit,
        marker=opts.next_token,
    )
    items = [item for item in page.items if _matches(item, opts.statuses, after, before)]
    if opts.name:
        pattern = opts.name  # without * ? [ a glob matches only the name itself
        items = [
            i
            for i in items
            if i.get("DurableExecutionName") is None
            or matches_glob(str(i["DurableExecutionName"]), pattern)
        ]
    title = f"Durable executions of {function}"
    if opts.statuses:
        title += f" ({', '.join(opts.statuses)})"

    def view() -> RenderableType:
        from sfnctl.render.durable import render_durable_list

        return render_durable_list(items, ctx.now(), title, wide=opts.wide)

    hints: tuple[str, ...] = ()
    if page.next_token:
        hints = (
            f"Showing the first {len(items)}; more remain. Next page: "
            f"sfnctl durable list {function} --next-token {page.next_token}  (or --all)",
        )
    elif not items and not opts.as_json:
        hints = (f"No durable executions found for {function}.",)
    elif items and not opts.as_json:
        hints = (f"Details: sfnctl durable describe {items[0].get('DurableExecutionArn')}",)
    return Result(data=items, view=view, hints=hints)


def _matches(
    item: dict[str, Any],
    statuses: tuple[str, ...],
    after: datetime | None,
    before: datetime | None,
) -> bool:
    """The filters, checked again on what came back: a server that ignores one (AWS's local
    runner ignores `Statuses`) must not make sfnctl show executions the user filtered out."""
    if statuses and item.get("Status") not in statuses:
        return False
    started = item.get("StartTimestamp")
    if isinstance(started, datetime):
        if after and started < after:
            return False
        if before and started >= before:
            return False
    return True


COMMAND = Command("list", durable_list, accepts=ACCEPTS)
