"""`sfnctl history ARN`: every event of an execution, as events, a tree or a timeline."""

from __future__ import annotations

import difflib
import sys
from dataclasses import dataclass
from typing import Any

from sfnctl import arns
from sfnctl.arns import Kind
from sfnctl.context import Context
from sfnctl.errors import usage
from sfnctl.history import EVENT_TYPES
from sfnctl.output import JsonStream, emit, emit_lines
from sfnctl.render.common import format_duration
from sfnctl.render.events import render_events

VIEWS = ("events", "tree", "timeline")


@dataclass(frozen=True)
class HistoryOptions:
    target: str | None
    reverse: bool = False
    include_data: bool = True
    as_json: bool = False
    view: str = "events"
    failed: bool = False
    states: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    expand_all: bool = False
    from_file: str | None = None
    jsonl: bool = False
    watch: bool = False
    interval: float = 5.0

    @property
    def filtered(self) -> bool:
        return bool(self.failed or self.states or self.types)


def canonical_types(types: tuple[str, ...]) -> tuple[str, ...]:
    """`--type` values matched case-insensitively to the API's event types (usage error else)."""
    known = {t.lower(): t for t in EVENT_TYPES}
    result = []
    for given in types:
        match = known.get(given.strip().lower())
        if match is None:
            close = difflib.get_close_matches(given, EVENT_TYPES, n=3)
            hint = f"Did you mean: {', '.join(close)}?" if close else "See: sfnctl history --help"
            raise usage(f"unknown event type {given!r}", hint=hint)
        result.append(match)
    return tuple(result)


def read_saved(path: str, stdin_text: Any = None) -> tuple[list[dict[str, Any]], str]:
    """(events, a name for titles) from a saved history file, or stdin for `-`."""
    from sfnctl.saved import parse_history

    if path == "-":
        text = stdin_text() if stdin_text is not None else sys.stdin.read()
        return parse_history(text, "stdin"), "stdin"
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise usage(f"cannot read {path}: {reason}") from None
    return parse_history(text, path), path


def _execution_arn(ctx: Context, opts: HistoryOptions, command: str) -> arns.Arn:
    if not opts.target:
        raise usage(
            "give an execution ARN, or --from-file PATH for a saved history",
            hint=f"Example: sfnctl {command} arn:aws:states:REGION:ACCOUNT:execution:SM:NAME",
        )
    return arns.require(arns.resolve(opts.target), arns.EXECUTION_KINDS, command)


def _durable(ctx: Context, arn: arns.Arn, opts: HistoryOptions) -> None:
    """A durable-execution ARN: its timeline (`sfnctl durable history`)."""
    from sfnctl.commands.durable import DurableHistoryOptions, run_durable_history

    unsupported = [
        flag
        for flag, given in (
            ("--view", opts.view != "events"),
            ("--state", bool(opts.states)),
            ("--type", bool(opts.types)),
            ("--expand-all", opts.expand_all),
        )
        if given
    ]
    if unsupported:
        raise usage(
            f"{', '.join(unsupported)} is for Step Functions histories; a durable execution's "
            "history has one view, its timeline",
            hint=f"Run: sfnctl durable history {arn.text}  (--failed, --json, --jsonl work)",
        )
    durable = DurableHistoryOptions(
        arn.text,
        opts.reverse,
        opts.include_data,
        opts.failed,
        opts.as_json,
        opts.jsonl,
        opts.watch,
        opts.interval,
    )
    run_durable_history(ctx, durable)


def run_history(ctx: Context, opts: HistoryOptions) -> None:
    if opts.from_file is None and opts.target:
        arn = arns.resolve(opts.target)
        if arn.kind is Kind.DURABLE_EXECUTION:
            _durable(ctx, arn, opts)
            return
    if opts.view not in VIEWS:
        raise usage(f"--view must be one of {', '.join(VIEWS)}, got {opts.view!r}")
    types = canonical_types(opts.types)
    opts = HistoryOptions(**{**opts.__dict__, "types": types})
    if opts.from_file is not None:
        from sfnctl.saved import as_of, as_of_note

        events, source = read_saved(opts.from_file, ctx.read_stdin)
        if opts.reverse:
            events.reverse()
        title = f"History from {source}"
        saved_now = as_of(events)
        if saved_now is not None:  # running when saved: offline, "now" is its last event
            title += f" · {as_of_note(saved_now)}"
            show(ctx, events, title, opts, saved_now)
            return
    else:
        arn = _execution_arn(ctx, opts, "history")
        if opts.watch and _watch(ctx, arn, opts):
            return
        if (opts.jsonl or opts.as_json) and not (opts.failed or opts.states):
            _stream(ctx, arn.text, opts)
            return
        with ctx.progress(None, "Fetching history") as advance:
            events = ctx.api.get_execution_history(
                arn.text,
                reverse=opts.reverse,
                include_data=opts.include_data,
                on_progress=lambda n: advance(completed=n),
            )
        title = f"History of {arn.owner}:{arn.name}"
    show(ctx, events, title, opts)


# The events that end an execution: --watch stops when one has arrived.
END_EVENTS = ("ExecutionSucceeded", "ExecutionFailed", "ExecutionTimedOut", "ExecutionAborted")


def _watch(ctx: Context, arn: arns.Arn, opts: HistoryOptions) -> bool:
    """--watch. On a terminal (human views): a live view until the execution ends, then the
    normal output below (returns False). Otherwise: new events streamed as they arrive — JSON
    lines with --json/--jsonl, one text line each without — until the execution ends (True)."""
    if opts.reverse:
        raise usage(
            "--watch follows new events as they arrive; it can't be combined with --reverse"
        )

    def fetch() -> list[dict[str, Any]]:
        return ctx.api.get_execution_history(arn.text, include_data=opts.include_data)

    def ended(events: list[dict[str, Any]]) -> bool:
        return any(e.get("type") in END_EVENTS for e in events[-3:])

    streaming = opts.as_json or opts.jsonl or not ctx.interactive
    if not streaming:
        from sfnctl.commands.watch import watch

        def view(events: list[dict[str, Any]]) -> Any:
            height = max(5, ctx.out.size.height - 8)  # the live view shows the newest events
            tail = events[-height:]
            title = f"History of {arn.owner}:{arn.name} ({len(events):,} events, newest below)"
            return render_events(tail, title, events)

        watch(ctx, fetch=fetch, done=ended, view=view, interval=opts.interval)
        return False
    if opts.failed or opts.states:
        raise usage(
            "--failed and --state need the whole history; with --watch off a terminal, "
            "events are streamed as they arrive",
            hint="Use --type to filter the stream, or drop --watch.",
        )
    from sfnctl.commands.watch import stream_new_events
    from sfnctl.history import event_rows

    wanted = set(opts.types)
    stream = (
        JsonStream(
            ctx, array=not opts.jsonl, keep=(lambda e: e.get("type") in wanted) if wanted else None
        )
        if opts.as_json or opts.jsonl
        else None
    )

    def write(new: list[dict[str, Any]], whole: list[dict[str, Any]]) -> None:
        if stream is not None:
            stream.write(new)
            return
        shown = [e for e in new if not wanted or e.get("type") in wanted]
        ctx.write_stdout("".join(_event_line(row) for row in event_rows(shown, whole)))

    stream_new_events(fetch, id_key="id", ended=ended, write=write, interval=opts.interval)
    if stream is not None:
        stream.close()
    return True


def _event_line(row: Any) -> str:
    """One event as a plain text line (the streamed form of the event table)."""
    from sfnctl.sanitize import clean

    elapsed = "—" if row.elapsed is None else "+" + format_duration(row.elapsed)
    mark = "✖ " if row.failure else ""
    return f"{row.id:>6}  {elapsed:>9}  {mark}{row.type}  {clean(row.state)}  {clean(row.detail)}\n"


def _stream(ctx: Context, arn: str, opts: HistoryOptions) -> None:
    """--json / --jsonl: events written in order as they arrive (the forward half while the
    newest-first half is still being fetched); --type filters on the way."""
    wanted = set(opts.types)
    stream = JsonStream(
        ctx, array=not opts.jsonl, keep=(lambda e: e.get("type") in wanted) if wanted else None
    )
    with ctx.progress(None, "Fetching history") as advance:
        ctx.api.get_execution_history(
            arn,
            reverse=opts.reverse,
            include_data=opts.include_data,
            on_progress=lambda n: advance(completed=n),
            sink=stream.write,
        )
    stream.close()


def show(
    ctx: Context,
    events: list[dict[str, Any]],
    title: str,
    opts: HistoryOptions,
    now: Any = None,
) -> None:
    """Filter, then print the events as JSON/JSON Lines or in the chosen view."""
    from sfnctl import tree as model

    needs_tree = opts.filtered or opts.view != "events"
    built = model.build(events) if needs_tree else None
    kept = (
        model.select(built, failed=opts.failed, states=opts.states, types=opts.types)
        if built
        else None
    )
    shown = events if kept is None else [e for e in events if int(e.get("id", 0)) in kept]
    if opts.jsonl or opts.as_json:
        emit_lines(ctx, shown, array=not opts.jsonl)
        return
    count = (
        f"{len(shown):,} of {len(events):,} events"
        if kept is not None
        else f"{len(events):,} events"
    )
    full_title = f"{title} ({count}" + (", newest first)" if opts.reverse else ")")
    if opts.view == "events" or built is None:
        emit(ctx, shown, lambda: render_events(shown, full_title, events), as_json=False)
    else:
        emit(ctx, shown, lambda: _tree_view(ctx, built, kept, full_title, opts, now), as_json=False)
    if kept is not None and not shown:
        ctx.hint("No events match the filters.")


def _tree_view(
    ctx: Context, built: Any, kept: set[int] | None, title: str, opts: HistoryOptions, now: Any
) -> Any:
    from sfnctl.diagnosis import diagnose
    from sfnctl.render.tree import Timeline, kept_nodes, render_tree

    root_cause = diagnose([], tree=built).root_node
    keep = kept_nodes(built, kept)
    now = now or ctx.now()
    if opts.view == "tree":
        return render_tree(
            built, title, now, root_cause=root_cause, keep=keep, expand_all=opts.expand_all
        )
    return Timeline(built, title, now, keep, opts.expand_all, root_cause)
