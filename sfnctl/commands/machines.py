"""`sfnctl list` with no target: the state machines of the account and region; `--failing`
counts, for each, the executions started in a window that ended FAILED, TIMED_OUT or ABORTED."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sfnctl.errors import usage
from sfnctl.present import Result

if TYPE_CHECKING:
    from rich.console import RenderableType

    from sfnctl.commands.listing import ListOptions
    from sfnctl.context import Context
    from sfnctl.model.timewindow import Window


def list_state_machines(ctx: Context, opts: ListOptions) -> Result:
    """ListStateMachines, every page, by name; with --failing, failure counts per machine."""
    if opts.statuses or opts.name or opts.redrive_filter or opts.next_token:
        raise usage(
            "--status, --name, --redrive-filter and --next-token filter one state machine's "
            "executions: give a TARGET",
            hint="Example: sfnctl list NAME --status FAILED --since 2h",
        )
    if (opts.since or opts.until) and not opts.failing:
        raise usage(
            "--since/--until without a TARGET need --failing",
            hint="Run: sfnctl list --failing --since 2h   ·   or: sfnctl list NAME --since 2h",
        )
    machines = sorted(ctx.api.list_state_machines(), key=lambda m: str(m.get("name", "")))
    if not opts.failing:
        return Result(
            data=machines,
            view=lambda: _view(machines, "State machines", failing=False),
            hints=_hints(machines, opts),
        )
    return _failing(ctx, machines, opts)


def _failing(ctx: Context, machines: list[dict[str, Any]], opts: ListOptions) -> Result:
    from sfnctl.model.timewindow import WindowError, window

    try:
        span = window(opts.since, opts.until, ctx.now())
    except WindowError as error:
        raise usage(error.message) from None
    counted = count_failures(ctx, [str(m["stateMachineArn"]) for m in machines], span)
    items = [{**m, "failures": counted[str(m["stateMachineArn"])]} for m in machines]
    items.sort(key=lambda m: (-sum(m["failures"].values()), str(m.get("name", ""))))
    title = f"Failed executions by state machine, started {_when(span.since)} – {_when(span.until)}"
    hints: tuple[str, ...] = ()
    worst = items[0] if items and sum(items[0]["failures"].values()) else None
    if worst is not None and not opts.as_json:
        hints = (
            f"To look closer: sfnctl why {worst['name']}@failed   ·   "
            f"sfnctl list {worst['name']} --status FAILED --since {opts.since or '24h'}",
        )
    return Result(
        data={"window": span.as_json(), "stateMachines": items},
        view=lambda: _view(items, title, failing=True),
        hints=hints,
    )


def count_failures(
    ctx: Context, machine_arns: list[str], span: Window
) -> dict[str, dict[str, int]]:
    """{state machine ARN: {status: executions started in `span` that ended so}}: one
    newest-first ListExecutions stream per status, stopping at the first execution older than
    the window; state machines queried concurrently, at most `workers` requests in flight."""
    from sfnctl.model.names import FAILED_STATUSES
    from sfnctl.model.timewindow import in_window

    api = ctx.api

    def one(arn: str) -> dict[str, int]:
        return {
            status: sum(
                1
                for _ in in_window(api.executions_newest_first(arn, status=status), span, _started)
            )
            for status in FAILED_STATUSES
        }

    if api.workers == 1 or len(machine_arns) <= 1:
        return {arn: one(arn) for arn in machine_arns}
    from concurrent.futures import ThreadPoolExecutor

    pool = ThreadPoolExecutor(max_workers=min(api.workers, len(machine_arns)))
    try:
        return dict(zip(machine_arns, pool.map(one, machine_arns), strict=True))
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def _started(item: dict[str, Any]) -> datetime | None:
    started = item.get("startDate")
    return started if isinstance(started, datetime) else None


def _when(moment: datetime | None) -> str:
    return f"{moment:%Y-%m-%d %H:%M:%S} UTC" if moment is not None else "…"


def _hints(machines: list[dict[str, Any]], opts: ListOptions) -> tuple[str, ...]:
    if opts.as_json:
        return ()
    if not machines:
        return ("No state machines in this account and region (check --region / --profile).",)
    return (f"Next: sfnctl list {machines[0].get('name')}   ·   sfnctl list --failing --since 24h",)


def _view(items: list[dict[str, Any]], title: str, *, failing: bool) -> RenderableType:
    from sfnctl.render.machines import render_state_machines

    return render_state_machines(items, title, failing=failing)
