"""`sfnctl durable history ARN`: a durable execution's timeline — steps, waits, callbacks,
invokes and invocations (also `sfnctl history ARN` for a durable ARN)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any

import typer

from sfnctl.commands.base import Command
from sfnctl.commands.durable.describe import ACCEPTS, durable_arn
from sfnctl.commands.options import WATCH, DurableArnArg, IntervalOpt, JsonOpt
from sfnctl.context import Context
from sfnctl.errors import usage
from sfnctl.model.status import DURABLE_END_EVENTS
from sfnctl.present import Result, write_lines

if TYPE_CHECKING:
    from rich.console import RenderableType


@dataclass(frozen=True, kw_only=True)
class DurableHistoryOptions:
    target: str
    reverse: bool = False
    include_data: bool = True
    failed: bool = False
    as_json: bool = False
    jsonl: bool = False
    watch: bool = False
    interval: float = 5.0


def durable_history(
    ctx: Context,
    arn: DurableArnArg,
    reverse: Annotated[
        bool, typer.Option("--reverse", help="Newest event first (--json/--jsonl).")
    ] = False,
    no_data: Annotated[
        bool,
        typer.Option("--no-data", help="Leave out payloads (IncludeExecutionData=false)."),
    ] = False,
    failed: Annotated[
        bool, typer.Option("--failed", help="Only failed operations and attempts.")
    ] = False,
    as_json: JsonOpt = False,
    jsonl: Annotated[
        bool, typer.Option("--jsonl", help="One JSON event per line, streamed as pages arrive.")
    ] = False,
    watch: Annotated[
        bool,
        typer.Option(
            "--watch",
            help="Follow it until it ends: a live timeline on a terminal; off a terminal, new "
            "events are printed as they arrive.",
            rich_help_panel=WATCH,
        ),
    ] = False,
    interval: IntervalOpt = 5.0,
) -> Result:
    """A durable execution's timeline: steps, waits, callbacks, invokes, invocations.

    Each step's attempts with their errors and retry delays; failures in red. Step payloads
    are decoded from the SDK's envelope encoding here and kept raw in --json.
    """
    options = DurableHistoryOptions(
        target=arn,
        reverse=reverse,
        include_data=not no_data,
        failed=failed,
        as_json=as_json,
        jsonl=jsonl,
        watch=watch,
        interval=interval,
    )
    return ctx.run(run, options)


def run(ctx: Context, opts: DurableHistoryOptions) -> Result:
    arn = durable_arn(ctx, opts.target, "durable history")
    if opts.watch:
        streamed = _watch(ctx, arn.text, opts)
        if streamed is not None:
            return streamed
    if opts.as_json or opts.jsonl:
        return Result(stream=lambda: _stream(ctx, arn.text, opts))
    from sfnctl.model import durable as model
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
    hints: tuple[str, ...] = ()
    if opts.reverse:
        hints = (
            "--reverse changes the order events are fetched and printed by --json; "
            "the timeline is always in order.",
        )
    return Result(
        data=events,
        view=lambda: render_durable_history(history, title, failed_only=opts.failed),
        hints=hints,
        notes=tuple(model.callback_notes(model.waiting_callbacks(history))),
    )


def _stream(ctx: Context, arn: str, opts: DurableHistoryOptions) -> None:
    from sfnctl.output import JsonStream

    stream = JsonStream(ctx, array=not opts.jsonl, keep=_failure_filter(opts.failed))
    ctx.api.durable_history(
        arn, reverse=opts.reverse, include_data=opts.include_data, sink=stream.write
    )
    stream.close()


def _watch(ctx: Context, arn: str, opts: DurableHistoryOptions) -> Result | None:
    """--watch: like `history --watch` — a live timeline on a terminal, then the final one
    (returns None); otherwise a stream of new events as they arrive until the end."""
    from sfnctl.model import durable as model

    if opts.reverse:
        raise usage(
            "--watch follows new events as they arrive; it can't be combined with --reverse"
        )

    def fetch() -> list[dict[str, Any]]:
        return ctx.api.durable_history(arn, include_data=opts.include_data)

    def ended(events: list[dict[str, Any]]) -> bool:
        return any(e.get("EventType") in DURABLE_END_EVENTS for e in events)

    if not (opts.as_json or opts.jsonl) and ctx.interactive:
        from sfnctl.render.durable import render_durable_history
        from sfnctl.watch import watch

        def view(events: list[dict[str, Any]]) -> RenderableType:
            title = f"History of durable execution {arn} ({len(events)} events so far)"
            return render_durable_history(model.build(events), title, failed_only=opts.failed)

        watch(ctx, fetch=fetch, done=ended, view=view, interval=opts.interval)
        return None
    return Result(stream=lambda: _stream_new(ctx, fetch, ended, opts))


def _stream_new(
    ctx: Context,
    fetch: Callable[[], list[dict[str, Any]]],
    ended: Callable[[list[dict[str, Any]]], bool],
    opts: DurableHistoryOptions,
) -> None:
    from sfnctl.output import JsonStream
    from sfnctl.watch import stream_new_events

    keep = _failure_filter(opts.failed)
    stream = (
        JsonStream(ctx, array=not opts.jsonl, keep=keep) if opts.as_json or opts.jsonl else None
    )

    def write(new: list[dict[str, Any]], _whole: list[dict[str, Any]]) -> None:
        if stream is not None:
            stream.write(new)
            return
        write_lines(ctx, "".join(_event_line(e) for e in new if keep is None or keep(e)))

    stream_new_events(fetch, id_key="EventId", ended=ended, write=write, interval=opts.interval)
    if stream is not None:
        stream.close()


def _event_line(event: dict[str, Any]) -> str:
    """One durable event as a plain text line (the streamed form of --watch)."""
    from sfnctl.model import durable as model
    from sfnctl.model.text import clean

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
    from sfnctl.model import durable as model

    return model.is_failure


COMMAND = Command("history", durable_history, accepts=ACCEPTS, exports=True)
