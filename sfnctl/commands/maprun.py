"""`sfnctl maprun list|show|update`: Distributed Map runs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.console import Group

from sfnctl.context import Context
from sfnctl.errors import Exit, SfnctlError, usage
from sfnctl.model import arns
from sfnctl.model.arns import Kind
from sfnctl.model.rollup import FAILED_STATUSES, group_failures
from sfnctl.output import emit
from sfnctl.render.maprun import render_failures, render_map_run, render_map_runs, render_update

DEFAULT_SAMPLE = 1000  # failed children described for a roll-up unless --sample says otherwise


@dataclass(frozen=True)
class MapRunListOptions:
    target: str
    as_json: bool = False


@dataclass(frozen=True)
class MapRunShowOptions:
    target: str
    as_json: bool = False
    failures: bool = False
    sample: int = DEFAULT_SAMPLE
    watch: bool = False
    interval: float = 5.0


@dataclass(frozen=True)
class MapRunUpdateOptions:
    target: str
    max_concurrency: int | None = None
    tolerated_failure_percentage: float | None = None
    tolerated_failure_count: int | None = None
    yes: bool = False
    dry_run: bool = False
    as_json: bool = False

    def changes(self) -> dict[str, Any]:
        """The UpdateMapRun fields to send, validated; usage error (exit 2) when invalid."""
        changes: dict[str, Any] = {}
        if self.max_concurrency is not None:
            changes["maxConcurrency"] = _non_negative("--max-concurrency", self.max_concurrency)
        if self.tolerated_failure_percentage is not None:
            pct = self.tolerated_failure_percentage
            if not 0 <= pct <= 100:
                raise usage(f"--tolerated-percentage must be between 0 and 100, got {pct}")
            changes["toleratedFailurePercentage"] = float(pct)
        if self.tolerated_failure_count is not None:
            changes["toleratedFailureCount"] = _non_negative(
                "--tolerated-count", self.tolerated_failure_count
            )
        if not changes:
            raise usage(
                "nothing to update: give at least one of --max-concurrency, "
                "--tolerated-percentage, --tolerated-count"
            )
        return changes


def _non_negative(option: str, value: int) -> int:
    if value < 0:
        raise usage(f"{option} must be 0 or more, got {value}")
    return value


def run_maprun_list(ctx: Context, opts: MapRunListOptions) -> None:
    arn = arns.require(arns.resolve(opts.target), arns.EXECUTION_KINDS, "maprun list")
    runs = ctx.api.list_map_runs(arn.text)
    title = f"Map runs of {arn.owner}:{arn.name}"
    emit(ctx, runs, lambda: render_map_runs(runs, ctx.now(), title), as_json=opts.as_json)
    if runs and not opts.as_json:
        ctx.hint(f"To see one, run: sfnctl maprun show {runs[0].get('mapRunArn', 'MAP_RUN_ARN')}")


def run_maprun_show(ctx: Context, opts: MapRunShowOptions) -> None:
    arn = arns.require(arns.resolve(opts.target), (Kind.MAP_RUN,), "maprun show")
    if opts.sample < 1:
        raise usage(f"--sample must be at least 1, got {opts.sample}")
    if opts.watch:
        from sfnctl.commands.watch import STILL_GOING, watch

        map_run = watch(
            ctx,
            fetch=lambda: ctx.api.describe_map_run(arn.text),
            done=lambda m: m.get("status") not in STILL_GOING,
            view=lambda m: render_map_run(m, ctx.now()),
            interval=opts.interval,
            live=not opts.as_json,
        )
    else:
        map_run = ctx.api.describe_map_run(arn.text)
    if not opts.failures:
        emit(ctx, map_run, lambda: render_map_run(map_run, ctx.now()), as_json=opts.as_json)
        if not opts.as_json:
            ctx.console_link(arn.text)
        return
    failures, examined = map_run_failures(ctx, arn.text, opts.sample)
    total = failed_children(map_run)
    emit(
        ctx,
        {**map_run, "failures": failures},
        lambda: Group(
            render_map_run(map_run, ctx.now()),
            render_failures(failures, examined, total),
        ),
        as_json=opts.as_json,
    )
    if not opts.as_json:
        ctx.console_link(arn.text)
    if total is not None and examined < total:
        ctx.hint(f"Grouped {examined:,} of {total:,} failed children; --sample {total} for all.")


def failed_children(map_run: dict[str, Any]) -> int | None:
    counts = map_run.get("executionCounts")
    if not isinstance(counts, dict):
        return None
    return sum(int(counts.get(k) or 0) for k in ("failed", "timedOut", "aborted"))


def map_run_failures(
    ctx: Context, map_run_arn: str, sample: int = DEFAULT_SAMPLE
) -> tuple[list[dict[str, Any]], int]:
    """(failure groups, children examined): the run's FAILED, TIMED_OUT and ABORTED children,
    up to `sample` of them, described concurrently and grouped by error."""
    children: list[dict[str, Any]] = []
    for status in FAILED_STATUSES:
        if len(children) >= sample:
            break
        page = ctx.api.list_executions(
            map_run_arn=map_run_arn, status=status, limit=sample - len(children)
        )
        children.extend(page.items)
    child_arns = [str(c["executionArn"]) for c in children[:sample]]
    with ctx.progress(len(child_arns), "Describing failed children") as advance:
        described = ctx.api.describe_executions(child_arns, on_done=advance)
    return group_failures(described), len(described)


def run_maprun_update(ctx: Context, opts: MapRunUpdateOptions) -> None:
    arn = arns.require(arns.resolve(opts.target), (Kind.MAP_RUN,), "maprun update")
    changes = opts.changes()  # validated before any request
    if not opts.yes and not opts.dry_run and not ctx.stdin_is_tty():
        raise SfnctlError(
            "refusing to update the map run without confirmation: stdin is not a terminal",
            Exit.USAGE,
            hint="Pass --yes to confirm non-interactively, or --dry-run to preview.",
        )
    current = ctx.api.describe_map_run(arn.text)
    view = render_update(current, changes, f"Update map run {arn.owner}:{arn.name}")
    before = {k: current.get(k) for k in changes}
    result = {"mapRunArn": arn.text, "current": before, "new": changes, "dryRun": opts.dry_run}
    # The diff goes to stderr in --json mode so stdout stays one JSON object.
    (ctx.err if opts.as_json else ctx.out).print(view)
    if opts.dry_run:
        result["updated"] = False
        _finish(ctx, opts, result, "Dry run: nothing was sent.")
        return
    if not opts.yes and not _confirm(ctx, "Apply this change?"):
        result["updated"] = False
        _finish(ctx, opts, result, "Cancelled: nothing was sent.")
        raise SfnctlError("update cancelled", Exit.USAGE)
    ctx.api.update_map_run(arn.text, changes)
    result["updated"] = True
    _finish(ctx, opts, result, f"Updated. To watch it: sfnctl maprun show {arn.text}")


def _finish(ctx: Context, opts: MapRunUpdateOptions, result: dict[str, Any], message: str) -> None:
    if opts.as_json:
        emit(ctx, result, lambda: None, as_json=True)
    ctx.hint(message)


def _confirm(ctx: Context, question: str) -> bool:
    from rich.prompt import Confirm

    return Confirm.ask(question, console=ctx.err, default=False)
