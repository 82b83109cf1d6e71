"""`sfnctl maprun show MAP_RUN_ARN`: a map run's status, limits and counters; --failures groups
its failed children by error (also used by `why` for a map run that failed the execution)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any

import typer

from sfnctl.commands import targets
from sfnctl.commands.base import Command
from sfnctl.commands.options import (
    IntervalOpt,
    JsonOpt,
    MapRunArg,
    SampleOpt,
    WatchOpt,
    at_least_one,
)
from sfnctl.context import Context
from sfnctl.model.arns import Kind
from sfnctl.model.text import count
from sfnctl.present import Result

if TYPE_CHECKING:
    from rich.console import RenderableType

DEFAULT_SAMPLE = 1000  # failed children described for a roll-up unless --sample says otherwise


@dataclass(frozen=True, kw_only=True)
class MapRunShowOptions:
    target: str
    as_json: bool = False
    failures: bool = False
    sample: int = DEFAULT_SAMPLE
    watch: bool = False
    interval: float = 5.0


def maprun_show(
    ctx: Context,
    arn: MapRunArg,
    failures: Annotated[
        bool,
        typer.Option(
            "--failures",
            help="Group the failed, timed-out and aborted children by error (describes them).",
        ),
    ] = False,
    sample: SampleOpt = 1000,
    as_json: JsonOpt = False,
    watch: WatchOpt = False,
    interval: IntervalOpt = 5.0,
) -> Result:
    """Show a map run: status, limits, and every item and child-execution counter."""
    options = MapRunShowOptions(
        target=arn,
        as_json=as_json,
        failures=failures,
        sample=sample,
        watch=watch,
        interval=interval,
    )
    return ctx.run(run, options)


def run(ctx: Context, opts: MapRunShowOptions) -> Result:
    from sfnctl.render.maprun import render_map_run

    arn = targets.resolve(ctx, opts.target, accepts=(Kind.MAP_RUN,), command="maprun show")
    at_least_one("--sample", opts.sample)
    if opts.watch:
        from sfnctl.watch import follow

        map_run = follow(
            ctx,
            lambda: ctx.api.describe_map_run(arn.text),
            lambda m: render_map_run(m, ctx.now()),
            interval=opts.interval,
            live=not opts.as_json,
        )
    else:
        map_run = ctx.api.describe_map_run(arn.text)
    if not opts.failures:
        return Result(data=map_run, view=lambda: render_map_run(map_run, ctx.now()), link=arn.text)
    failures, examined = map_run_failures(ctx, arn.text, opts.sample, map_run)
    total = failed_children(map_run)

    def view() -> RenderableType:
        from rich.console import Group

        from sfnctl.render.maprun import render_failures

        return Group(render_map_run(map_run, ctx.now()), render_failures(failures, examined, total))

    hints: tuple[str, ...] = ()
    if total is not None and examined < total:
        hints = (f"Grouped {examined:,} of {total:,} failed children; --sample {total} for all.",)
    return Result(data={**map_run, "failures": failures}, view=view, link=arn.text, hints=hints)


def failed_children(map_run: dict[str, Any]) -> int | None:
    counts = map_run.get("executionCounts")
    if not isinstance(counts, dict):
        return None
    return sum(count(counts.get(k)) for k in ("failed", "timedOut", "aborted"))


# ListExecutions statusFilter → the map run's executionCounts key for it
_COUNTER_OF = {"FAILED": "failed", "TIMED_OUT": "timedOut", "ABORTED": "aborted"}


def map_run_failures(
    ctx: Context,
    map_run_arn: str,
    sample: int = DEFAULT_SAMPLE,
    map_run: dict[str, Any] | None = None,
) -> tuple[list[dict[str, Any]], int]:
    """(failure groups, children examined): the run's FAILED, TIMED_OUT and ABORTED children,
    up to `sample` of them, described concurrently and grouped by error. A status the map
    run's counters say no child has is never listed (`map_run`: described if not given)."""
    from sfnctl.model.rollup import FAILED_STATUSES, group_failures

    if map_run is None:
        map_run = ctx.api.describe_map_run(map_run_arn)
    counts = map_run.get("executionCounts")
    children: list[dict[str, Any]] = []
    for status in FAILED_STATUSES:
        if len(children) >= sample:
            break
        key = _COUNTER_OF.get(status)
        if key is not None and isinstance(counts, dict) and count(counts.get(key)) == 0:
            continue  # none to find: no request (and none an emulator could fail on)
        page = ctx.api.list_executions(
            map_run_arn=map_run_arn, status=status, limit=sample - len(children)
        )
        children.extend(page.items)
    child_arns = [str(c["executionArn"]) for c in children[:sample]]
    with ctx.progress(len(child_arns), "Describing failed children") as advance:
        described = ctx.api.describe_executions(child_arns, on_done=advance)
    return group_failures(described), len(described)


COMMAND = Command("show", maprun_show, accepts=(Kind.MAP_RUN,), exports=True)
