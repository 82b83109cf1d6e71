"""`sfnctl durable list FUNCTION`: a function's durable executions, newest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated, Any

import typer

from sfnctl.commands.base import Command
from sfnctl.commands.options import JsonOpt, WideOpt, at_least_one
from sfnctl.context import Context
from sfnctl.errors import usage
from sfnctl.model import arns
from sfnctl.model.arns import Kind
from sfnctl.model.status import DurableStatus
from sfnctl.present import Result

if TYPE_CHECKING:
    from rich.console import RenderableType

ACCEPTS = (Kind.LAMBDA_FUNCTION,)
DURABLE_FILTERS = "Filters (the API's own)"
TIME_FORMATS = [
    "%Y-%m-%d",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M:%S%z",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S.%f%z",
]


@dataclass(frozen=True, kw_only=True)
class DurableListOptions:
    function: str
    statuses: tuple[str, ...] = ()
    name: str | None = None
    qualifier: str | None = None
    started_after: datetime | None = None
    started_before: datetime | None = None
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
            "--name", help="Only executions with this name.", rich_help_panel=DURABLE_FILTERS
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
        datetime | None,
        typer.Option(
            "--started-after",
            metavar="TIME",
            formats=TIME_FORMATS,
            help="Started at or after TIME (ISO 8601, UTC unless an offset is given).",
            rich_help_panel=DURABLE_FILTERS,
        ),
    ] = None,
    started_before: Annotated[
        datetime | None,
        typer.Option(
            "--started-before",
            metavar="TIME",
            formats=TIME_FORMATS,
            help="Started before TIME.",
            rich_help_panel=DURABLE_FILTERS,
        ),
    ] = None,
    reverse: Annotated[bool, typer.Option("--reverse", help="Oldest first.")] = False,
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=1, help="At most this many executions.")
    ] = 50,
    all_pages: Annotated[bool, typer.Option("--all", help="Every page (ignores --limit).")] = False,
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
        started_after=_utc(started_after),
        started_before=_utc(started_before),
        reverse=reverse,
        limit=limit,
        all_pages=all_pages,
        next_token=next_token,
        as_json=as_json,
        wide=wide,
    )
    return ctx.run(run, options)


def _utc(value: datetime | None) -> datetime | None:
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


def run(ctx: Context, opts: DurableListOptions) -> Result:
    function = opts.function.strip()
    if not function:
        raise usage("a function name or ARN is required")
    if function.startswith("arn:"):
        arns.require(arns.parse_arn(function), ACCEPTS, "durable list")
    at_least_one("--limit", opts.limit)
    if opts.started_after and opts.started_before and opts.started_after > opts.started_before:
        raise usage("--started-after is later than --started-before: nothing can match")
    page = ctx.api.list_durable_executions(
        function,
        qualifier=opts.qualifier,
        name=opts.name,
        statuses=list(opts.statuses) or None,
        started_after=opts.started_after,
        started_before=opts.started_before,
        reverse=opts.reverse,
        limit=None if opts.all_pages else opts.limit,
        marker=opts.next_token,
    )
    items = [item for item in page.items if _matches(item, opts)]
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


def _matches(item: dict[str, Any], opts: DurableListOptions) -> bool:
    """The filters, checked again on what came back: a server that ignores one (AWS's local
    runner ignores `Statuses`) must not make sfnctl show executions the user filtered out."""
    if opts.statuses and item.get("Status") not in opts.statuses:
        return False
    if opts.name and item.get("DurableExecutionName") not in (None, opts.name):
        return False
    started = item.get("StartTimestamp")
    if isinstance(started, datetime):
        if opts.started_after and started < opts.started_after:
            return False
        if opts.started_before and started >= opts.started_before:
            return False
    return True


COMMAND = Command("list", durable_list, accepts=ACCEPTS)
