"""`sfnctl stats TARGET`: where time goes and what fails, state by state, over many executions."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any

import typer

from sfnctl.commands.across import (
    FAN_OUT_KINDS,
    fan_out_target,
    listed,
    parse_window,
    started,
    stopped,
    subject_of,
)
from sfnctl.commands.base import Command
from sfnctl.commands.options import FanOutTargetArg, JsonOpt, SinceOpt, UntilOpt, at_least_one
from sfnctl.context import Context
from sfnctl.errors import usage
from sfnctl.model.arns import Kind
from sfnctl.present import Result

if TYPE_CHECKING:
    from rich.console import RenderableType

    from sfnctl.aws.api import AwsApi
    from sfnctl.model.tree import ExecutionTree


@dataclass(frozen=True, kw_only=True)
class StatsOptions:
    target: str
    since: str | None = None
    until: str | None = None
    last: int | None = None
    as_json: bool = False


def stats(
    ctx: Context,
    target: FanOutTargetArg,
    since: SinceOpt = None,
    until: UntilOpt = None,
    last: Annotated[
        int | None,
        typer.Option(
            "--last",
            min=1,
            help="The newest N executions instead of a time window.",
            show_default=False,
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> Result:
    """Where time goes: counts by status, execution durations, and per state runs, failures,
    retries and p50/p95/max durations (Map iterations and Parallel branches counted per state).
    """
    options = StatsOptions(target=target, since=since, until=until, last=last, as_json=as_json)
    return ctx.run(run, options)


def _tree(api: AwsApi, arn: str) -> ExecutionTree:
    from sfnctl.model.tree import build

    return build(api.get_execution_history(arn, include_data=False))


def run(ctx: Context, opts: StatsOptions) -> Result:
    from sfnctl.model.stats import Stats
    from sfnctl.model.timewindow import DEFAULT_SINCE

    if opts.last is not None:
        at_least_one("--last", opts.last)
        if opts.since is not None:
            raise usage("give --since or --last, not both")
    target = fan_out_target(ctx, opts.target, "stats")
    # --last N, or a map run's children (one batch) without --since/--until: no default window
    whole = opts.last is not None or (
        target.kind is Kind.MAP_RUN and opts.since is None and opts.until is None
    )
    default = None if whole else DEFAULT_SINCE
    span = parse_window(opts.since, opts.until, ctx.now(), default)
    api = ctx.fan_out_api
    items = listed(api, target, None, span)
    if opts.last is not None:
        items = itertools.islice(items, opts.last)
    totals = Stats()
    unreadable = 0
    with ctx.progress(opts.last, "Reading executions") as advance:
        for item, tree in api.each(items, lambda i: _tree(api, str(i["executionArn"]))):
            advance()
            if isinstance(tree, Exception):
                unreadable += 1
                continue
            totals.add(tree, str(item.get("status") or "") or None, _seconds(item))
    data = totals.as_json()
    subject = subject_of(target)
    hints: tuple[str, ...] = ()
    if unreadable:
        hints = (f"{unreadable} executions could not be read (throttled or denied after retries).",)

    def view() -> RenderableType:
        from sfnctl.render.stats import render_stats

        what = f"the newest {opts.last}" if opts.last is not None else None
        return render_stats(totals, subject=subject, window=span, last=what)

    return Result(data=data, view=view, hints=hints)


def _seconds(item: dict[str, Any]) -> float | None:
    start, stop = started(item), stopped(item)
    return (stop - start).total_seconds() if start and stop else None


COMMAND = Command("stats", stats, accepts=FAN_OUT_KINDS)
