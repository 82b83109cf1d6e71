"""`sfnctl durable describe | history | list`: Lambda durable executions.

`sfnctl describe ARN` and `sfnctl history ARN` come here for a durable-execution ARN.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sfnctl import arns
from sfnctl.arns import Kind
from sfnctl.context import Context
from sfnctl.errors import STATUS_EXIT_CODES, Exit, usage
from sfnctl.output import JsonStream, emit


@dataclass(frozen=True)
class DurableDescribeOptions:
    target: str
    as_json: bool = False
    exit_status: bool = False
    watch: bool = False
    interval: float = 5.0


@dataclass(frozen=True)
class DurableHistoryOptions:
    target: str
    reverse: bool = False
    include_data: bool = True
    failed: bool = False
    as_json: bool = False
    jsonl: bool = False
    watch: bool = False
    interval: float = 5.0


@dataclass(frozen=True)
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


def durable_arn(target: str, command: str) -> arns.Arn:
    return arns.require(arns.resolve(target), (Kind.DURABLE_EXECUTION,), command)


def run_durable_describe(ctx: Context, opts: DurableDescribeOptions) -> int:
    """Print the execution; return the exit code (the outcome with --exit-status, else 0)."""
    from sfnctl.render.durable import render_durable

    arn = durable_arn(opts.target, "durable describe")
    if opts.watch:
        from sfnctl.commands.watch import STILL_GOING, watch

        execution = watch(
            ctx,
            fetch=lambda: ctx.api.get_durable_execution(arn.text),
            done=lambda e: e.get("Status") not in STILL_GOING,
            view=lambda e: render_durable(e, ctx.now()),
            interval=opts.interval,
            live=not opts.as_json,
        )
    else:
        execution = ctx.api.get_durable_execution(arn.text)
    emit(ctx, execution, lambda: render_durable(execution, ctx.now()), as_json=opts.as_json)
    if not opts.as_json:
        ctx.console_link(str(execution.get("DurableExecutionArn") or arn.text))
    status = str(execution.get("Status"))
    if not opts.as_json:
        shown = execution.get("DurableExecutionArn") or arn.text
        if status == "FAILED":
            ctx.hint(f"Which step failed, with its attempts: sfnctl durable history {shown}")
        elif status in ("TIMED_OUT", "STOPPED"):
            ctx.hint(f"What it was waiting on: sfnctl why {shown}")
        else:
            ctx.hint(f"Steps, waits and callbacks: sfnctl durable history {shown}")
    if not opts.exit_status:
        return 0
    return STATUS_EXIT_CODES.get(status, int(Exit.UNEXPECTED))


END_EVENTS = ("ExecutionSucceeded", "ExecutionFailed", "ExecutionTimedOut", "ExecutionStopped")


def run_durable_history(ctx: Context, opts: DurableHistoryOptions) -> None:
    arn = durable_arn(opts.target, "durable history")
    if opts.watch and _watch(ctx, arn.text, opts):
        return
    if opts.as_json or opts.jsonl:
        stream = JsonStream(ctx, array=not opts.jsonl, keep=_failure_filter(opts.failed))
        ctx.api.durable_history(
            arn.text, reverse=opts.reverse, include_data=opts.include_data, sink=stream.write
        )
        stream.close()
        return
    from sfnctl import durable as model
    from sfnctl.render.durable import render_durable_history

    with ctx.progress(None, "Fetching history"):
        events = ctx.api.durable_history(
            arn.text, reverse=opts.reverse, include_data=opts.include_data
        )
    history = model.build(events)
    name = history.execution.name if history.execution and history.execution.name else arn.name
    title = f"History of durable execution {name or arn.text}"
    count = len(history.invocations)
    title += f"  ({len(events)} events, {count} invocation{'' if count == 1 else 's'})"
    ctx.out.print(render_durable_history(history, title, failed_only=opts.failed))
    if opts.reverse:
        ctx.hint(
            "--reverse changes the order events are fetched and printed by --json; "
            "the timeline is always in order."
        )


def _watch(ctx: Context, arn: str, opts: DurableHistoryOptions) -> bool:
    """--watch: like `history --watch` — a live timeline on a terminal, then the final one
    (returns False); otherwise new events streamed as they arrive until the end (True)."""
    from sfnctl import durable as model
    from sfnctl.commands.watch import stream_new_events

    if opts.reverse:
        raise usage(
            "--watch follows new events as they arrive; it can't be combined with --reverse"
        )

    def fetch() -> list[dict[str, Any]]:
        return ctx.api.durable_history(arn, include_data=opts.include_data)

    def ended(events: list[dict[str, Any]]) -> bool:
        return any(e.get("EventType") in END_EVENTS for e in events)

    if not (opts.as_json or opts.jsonl) and ctx.interactive:
        from sfnctl.commands.watch import watch
        from sfnctl.render.durable import render_durable_history

        def view(events: list[dict[str, Any]]) -> Any:
            title = f"History of durable execution {arn} ({len(events)} events so far)"
            return render_durable_history(model.build(events), title, failed_only=opts.failed)

        watch(ctx, fetch=fetch, done=ended, view=view, interval=opts.interval)
        return False
    keep = _failure_filter(opts.failed)
    stream = (
        JsonStream(ctx, array=not opts.jsonl, keep=keep) if opts.as_json or opts.jsonl else None
    )

    def write(new: list[dict[str, Any]], _whole: list[dict[str, Any]]) -> None:
        if stream is not None:
            stream.write(new)
            return
        ctx.write_stdout("".join(_event_line(e) for e in new if keep is None or keep(e)))

    stream_new_events(fetch, id_key="EventId", ended=ended, write=write, interval=opts.interval)
    if stream is not None:
        stream.close()
    return True


def _event_line(event: dict[str, Any]) -> str:
    """One durable event as a plain text line (the streamed form of --watch)."""
    from sfnctl import durable as model
    from sfnctl.sanitize import clean

    error = model.error_of(event)
    retry = model.details(event).get("RetryDetails") or {}
    tail = model.error_line(error)
    if retry.get("NextAttemptDelaySeconds"):
        tail += f" · retry in {retry['NextAttemptDelaySeconds']}s"
    mark = "✖ " if model.is_failure(event) else ""
    kind = clean(f"{mark}{event.get('EventType', '')}")
    name = clean(event.get("Name") or "")
    return f"{event.get('EventId', ''):>5}  {kind}  {name}  {clean(tail)}\n"


def _failure_filter(failed: bool) -> Callable[[dict[str, Any]], bool] | None:
    if not failed:
        return None
    from sfnctl import durable as model

    return model.is_failure


def run_durable_list(ctx: Context, opts: DurableListOptions) -> None:
    from sfnctl.render.durable import render_durable_list

    function = opts.function.strip()
    if not function:
        raise usage("a function name or ARN is required")
    if function.startswith("arn:"):
        arns.require(arns.parse_arn(function), (Kind.LAMBDA_FUNCTION,), "durable list")
    if opts.limit < 1:
        raise usage(f"--limit must be at least 1, got {opts.limit}")
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
    emit(ctx, items, lambda: render_durable_list(items, ctx.now(), title), as_json=opts.as_json)
    if page.next_token:
        ctx.hint(
            f"Showing the first {len(items)}; more remain. Next page: "
            f"sfnctl durable list {function} --next-token {page.next_token}  (or --all)"
        )
    elif not items and not opts.as_json:
        ctx.hint(f"No durable executions found for {function}.")
    elif items and not opts.as_json:
        ctx.hint(f"Details: sfnctl durable describe {items[0].get('DurableExecutionArn')}")


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
