"""`sfnctl history ARN`: every event of an execution, as events, a tree or a timeline."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from sfnctl.commands import routing, targets
from sfnctl.commands.base import Command
from sfnctl.commands.inputs import execution_arn, read_saved
from sfnctl.commands.options import WATCH, FromFileOpt, IntervalOpt, JsonOpt, OptionalArnArg
from sfnctl.context import Context
from sfnctl.errors import usage
from sfnctl.model import arns
from sfnctl.model.status import EXECUTION_END_EVENTS
from sfnctl.present import Result, write_lines

if TYPE_CHECKING:
    from rich.console import RenderableType

FILTERS = "Filters (every view, and --json)"


class View(StrEnum):
    EVENTS = "events"
    TREE = "tree"
    TIMELINE = "timeline"


VIEWS = tuple(v.value for v in View)


@dataclass(frozen=True, kw_only=True)
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


def history(
    ctx: Context,
    arn: OptionalArnArg = None,
    view: Annotated[
        View,
        typer.Option(
            "--view",
            case_sensitive=False,
            help="events: one row per event; tree: state runs, nested; timeline: a Gantt chart.",
        ),
    ] = View.EVENTS,
    reverse: Annotated[bool, typer.Option("--reverse", help="Newest event first.")] = False,
    no_data: Annotated[
        bool,
        typer.Option(
            "--no-data", help="Leave out inputs and outputs (includeExecutionData=false)."
        ),
    ] = False,
    failed: Annotated[
        bool,
        typer.Option(
            "--failed",
            help="Only failure events and the states they belong to.",
            rich_help_panel=FILTERS,
        ),
    ] = False,
    state: Annotated[
        list[str] | None,
        typer.Option(
            "--state",
            metavar="NAME",
            help="Only this state's events (repeatable).",
            rich_help_panel=FILTERS,
        ),
    ] = None,
    event_type: Annotated[
        list[str] | None,
        typer.Option(
            "--type",
            metavar="EVENT_TYPE",
            help="Only events of this type, e.g. TaskFailed (repeatable).",
            rich_help_panel=FILTERS,
        ),
    ] = None,
    expand_all: Annotated[
        bool,
        typer.Option("--expand-all", help="Tree/timeline: don't fold runs of succeeded states."),
    ] = False,
    from_file: FromFileOpt = None,
    as_json: JsonOpt = False,
    jsonl: Annotated[
        bool,
        typer.Option("--jsonl", help="One JSON event per line, streamed as pages arrive."),
    ] = False,
    watch: Annotated[
        bool,
        typer.Option(
            "--watch",
            help="Follow it until it ends: a live view on a terminal; off a terminal, new "
            "events are printed as they arrive.",
            rich_help_panel=WATCH,
        ),
    ] = False,
    interval: IntervalOpt = 5.0,
) -> Result:
    """Every event of an execution — as events, a tree of state runs, or a timeline.

    A Lambda durable-execution ARN shows its timeline (like `durable history`).
    """
    options = HistoryOptions(
        target=arn,
        reverse=reverse,
        include_data=not no_data,
        as_json=as_json,
        view=view.value,
        failed=failed,
        states=tuple(state or ()),
        types=tuple(event_type or ()),
        expand_all=expand_all,
        from_file=from_file,
        jsonl=jsonl,
        watch=watch,
        interval=interval,
    )
    return ctx.run(run, options)


def canonical_types(types: tuple[str, ...]) -> tuple[str, ...]:
    """`--type` values matched case-insensitively to the API's event types (usage error else)."""
    from sfnctl.model.events import EVENT_TYPES

    known = {t.lower(): t for t in EVENT_TYPES}
    result = []
    for given in types:
        match = known.get(given.strip().lower())
        if match is None:
            import difflib

            close = difflib.get_close_matches(given, EVENT_TYPES, n=3)
            hint = f"Did you mean: {', '.join(close)}?" if close else "See: sfnctl history --help"
            raise usage(f"unknown event type {given!r}", hint=hint)
        result.append(match)
    return tuple(result)


def run(ctx: Context, opts: HistoryOptions) -> Result:
    if opts.from_file is None and opts.target:
        target = targets.resolve(
            ctx,
            opts.target,
            accepts=(*arns.EXECUTION_KINDS, *routing.HISTORY_ROUTES),
            command="history",
        )
        opts = replace(opts, target=target.text)
        routed = routing.history_other_kind(ctx, target, opts)
        if routed is not None:
            return routed
    if opts.view not in VIEWS:
        raise usage(f"--view must be one of {', '.join(VIEWS)}, got {opts.view!r}")
    opts = replace(opts, types=canonical_types(opts.types))
    if opts.from_file is not None:
        from sfnctl.model.saved import as_of, as_of_note

        events, source = read_saved(opts.from_file, ctx.read_stdin)
        if opts.reverse:
            events.reverse()
        title = f"History from {source}"
        saved_now = as_of(events)
        if saved_now is not None:  # running when saved: offline, "now" is its last event
            title += f" · {as_of_note(saved_now)}"
            return show(ctx, events, title, opts, saved_now)
    else:
        arn = execution_arn(ctx, opts.target, "history")
        if opts.watch:
            streamed = _watch(ctx, arn, opts)
            if streamed is not None:
                return streamed
        if (opts.jsonl or opts.as_json) and not (opts.failed or opts.states):
            return Result(stream=lambda: _stream(ctx, arn.text, opts))
        with ctx.progress(None, "Fetching history") as advance:
            events = ctx.api.get_execution_history(
                arn.text,
                reverse=opts.reverse,
                include_data=opts.include_data,
                on_progress=lambda n: advance(completed=n),
                shrink=_shrink(opts),
            )
        title = f"History of {arn.owner}:{arn.name}"
    return show(ctx, events, title, opts)


def _shrink(opts: HistoryOptions) -> Any:
    """The tree and timeline never show payloads: events are slimmed as they arrive (the
    event table and JSON show them, so they keep them)."""
    if opts.view == View.EVENTS or opts.as_json or opts.jsonl:
        return None
    from sfnctl.model.events import Slimmer

    return Slimmer()


def _watch(ctx: Context, arn: arns.Arn, opts: HistoryOptions) -> Result | None:
    """--watch. On a terminal (human views): a live view until the execution ends, then the
    normal output (returns None). Otherwise: a stream of new events as they arrive — JSON
    lines with --json/--jsonl, one text line each without — until the execution ends."""
    if opts.reverse:
        raise usage(
            "--watch follows new events as they arrive; it can't be combined with --reverse"
        )

    streaming = opts.as_json or opts.jsonl or not ctx.interactive
    shrink = None if streaming else _shrink(opts)

    def fetch() -> list[dict[str, Any]]:
        return ctx.api.get_execution_history(
            arn.text, include_data=opts.include_data, shrink=shrink
        )

    def ended(events: list[dict[str, Any]]) -> bool:
        return any(e.get("type") in EXECUTION_END_EVENTS for e in events[-3:])

    if not streaming:
        from sfnctl.watch import watch

        def view(events: list[dict[str, Any]]) -> RenderableType:
            if opts.view != View.EVENTS:  # the tree or timeline of what happened so far
                title = f"History of {arn.owner}:{arn.name}"
                shown = show(ctx, events, title, opts).view
                assert shown is not None
                return shown()
            from sfnctl.render.events import render_events

            height = max(5, ctx.out.size.height - 8)  # the live view shows the newest events
            tail = events[-height:]
            title = f"History of {arn.owner}:{arn.name} ({len(events):,} events, newest below)"
            return render_events(tail, title, events)

        watch(ctx, fetch=fetch, done=ended, view=view, interval=opts.interval)
        return None
    if opts.failed or opts.states:
        raise usage(
            "--failed and --state need the whole history; with --watch off a terminal, "
            "events are streamed as they arrive",
            hint="Use --type to filter the stream, or drop --watch.",
        )
    return Result(stream=lambda: _stream_new(ctx, fetch, ended, opts))


def _stream_new(ctx: Context, fetch: Any, ended: Any, opts: HistoryOptions) -> None:
    from sfnctl.model.events import event_rows
    from sfnctl.output import JsonStream
    from sfnctl.watch import stream_new_events

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
        rows = event_rows(list[Mapping[str, Any]](shown), list[Mapping[str, Any]](whole))
        write_lines(ctx, "".join(_event_line(row) for row in rows))

    stream_new_events(fetch, id_key="id", ended=ended, write=write, interval=opts.interval)
    if stream is not None:
        stream.close()


def _event_line(row: Any) -> str:
    """One event as a plain text line (the streamed form of the event table)."""
    from sfnctl.model.text import clean
    from sfnctl.render.common import format_duration

    elapsed = "—" if row.elapsed is None else "+" + format_duration(row.elapsed)
    mark = "✖ " if row.failure else ""
    return f"{row.id:>6}  {elapsed:>9}  {mark}{row.type}  {clean(row.state)}  {clean(row.detail)}\n"


def _stream(ctx: Context, arn: str, opts: HistoryOptions) -> None:
    """--json / --jsonl: events written in order as they arrive (the forward half while the
    newest-first half is still being fetched); --type filters on the way."""
    from sfnctl.output import JsonStream

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
    now: datetime | None = None,
) -> Result:
    """Filter, then the events as JSON/JSON Lines or in the chosen view (`now`: the clock the
    views measure against — a saved history of a running execution passes its last event's)."""
    from sfnctl.model import tree as model

    needs_tree = opts.filtered or opts.view != "events"
    built = model.build(events) if needs_tree else None
    kept = (
        model.select(built, failed=opts.failed, states=opts.states, types=opts.types)
        if built
        else None
    )
    if built is not None and opts.states:
        check_states(built, opts.states)
    shown = events if kept is None else [e for e in events if int(e.get("id", 0)) in kept]
    if opts.jsonl or opts.as_json:
        from sfnctl.output import emit_lines

        return Result(stream=lambda: emit_lines(ctx, shown, array=not opts.jsonl))
    count = (
        f"{len(shown):,} of {len(events):,} events"
        if kept is not None
        else f"{len(events):,} events"
    )
    full_title = f"{title} ({count}" + (", newest first)" if opts.reverse else ")")

    def view() -> RenderableType:
        if opts.view == "events" or built is None:
            from sfnctl.render.events import render_events

            return render_events(shown, full_title, events)
        return _tree_view(ctx, built, kept, full_title, opts, now)

    if kept is not None and not shown:  # one line, not an empty table plus a hint

        def nothing() -> RenderableType:
            from sfnctl.render.common import ident

            return ident(f"{full_title}: no events match the filters.")

        return Result(data=shown, view=nothing)
    return Result(data=shown, view=view)


def check_states(built: Any, states: tuple[str, ...]) -> None:
    """`--state Downlod`: a name no state of this history has, close to one it has, is a typo
    (usage error with the fix). A name with no close match may be a state that did not run:
    its result is just empty."""
    import difflib

    from sfnctl.model.tree import STATE

    names = sorted({n.name for n in built.owner.values() if n.kind == STATE})
    for given in states:
        if given in names:
            continue
        close = difflib.get_close_matches(given, names, n=3)
        if close:
            raise usage(
                f"no state named {given!r} ran in this execution",
                hint=f"Did you mean: {', '.join(close)}?",
            )


def _tree_view(
    ctx: Context,
    built: Any,
    kept: set[int] | None,
    title: str,
    opts: HistoryOptions,
    now: datetime | None,
) -> RenderableType:
    from sfnctl.model.diagnosis import diagnose
    from sfnctl.render.tree import Timeline, kept_nodes, render_tree

    root_cause = diagnose([], tree=built).root_node
    keep = kept_nodes(built, kept)
    now = now or ctx.now()
    if opts.view == "tree":
        return render_tree(
            built, title, now, root_cause=root_cause, keep=keep, expand_all=opts.expand_all
        )
    return Timeline(built, title, now, keep, opts.expand_all, root_cause)


COMMAND = Command(
    "history", history, accepts=(*arns.EXECUTION_KINDS, *routing.HISTORY_ROUTES), exports=True
)
