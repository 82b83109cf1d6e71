"""Lambda durable executions: describe, the history timeline, and the list table."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from sfnctl.model import durable as model
from sfnctl.render.common import (
    duration_between,
    duration_text,
    format_duration,
    format_time,
    kv_grid,
    payload,
    payload_panels,
    short_time,
    status_text,
    untrusted,
)
from sfnctl.render.execution import header
from sfnctl.sanitize import clean, one_line, safe

DETAIL_CHARS = 160
TRACE_MAX_LINES = 30


def render_durable(execution: dict[str, Any], now: datetime) -> RenderableType:
    """Every GetDurableExecution field; payloads as bounded previews, the error as a trace."""
    arn = str(execution.get("DurableExecutionArn", ""))
    function_arn = str(execution.get("FunctionArn") or "")
    function = safe(model.function_of(function_arn) or "—", "bold")
    if execution.get("Version"):
        function.append(f"  version {clean(execution['Version'])}", style="")
    if function_arn:
        function.append("  ")
        function.append_text(safe(function_arn, "dim"))
    start, end = execution.get("StartTimestamp"), execution.get("EndTimestamp")
    config = execution.get("DurableConfig") or {}
    trace = (execution.get("TraceHeader") or {}).get("XAmznTraceId")
    grid = kv_grid(
        [
            ("Execution", safe(arn)),
            ("Function", function),
            ("Started", format_time(start, now)),
            ("Ended", format_time(end, now) if end else None),
            (
                "Duration",
                duration_text(start, end, execution.get("Status"), now),
            ),
            (
                "Times out",
                format_time(execution["ExpectedExecutionTimeoutTimestamp"], None)
                if execution.get("ExpectedExecutionTimeoutTimestamp") and not end
                else None,
            ),
            ("Config", _config_line(config) if config else None),
            ("Paused", _pause_line(execution.get("PauseDetails"))),
            ("Trace header", untrusted(trace)),
        ]
    )
    parts: list[RenderableType] = [
        header(execution.get("Status"), execution.get("DurableExecutionName"), "durable execution"),
        grid,
    ]
    if execution.get("Error"):
        parts.append(error_panel(execution["Error"], "Error"))
    keys = (("InputPayload", "Input"), ("Result", "Result"))
    parts += payload_panels(execution, keys, f"sfnctl durable describe {arn}")
    if execution.get("ExecutionDataIncluded") is False:
        parts.append(Text("Input and result: not included in the response", style="dim"))
    return Group(*parts)


def _config_line(config: dict[str, Any]) -> Text:
    bits = []
    if "ExecutionTimeout" in config:
        bits.append(f"timeout {format_duration(config['ExecutionTimeout'])}")
    if "RetentionPeriodInDays" in config:
        bits.append(f"history kept {config['RetentionPeriodInDays']} days")
    if config.get("KMSKeyArn"):
        bits.append(f"encrypted with {config['KMSKeyArn']}")
    return safe(", ".join(bits))


def _pause_line(details: Any) -> Text | None:
    if not isinstance(details, dict) or not details:
        return None
    line = Text()
    for key, value in details.items():
        shown = format_time(value) if isinstance(value, datetime) else clean(value)
        line.append(f"{model.words(str(key))}: {shown}  ")
    return line


def error_panel(served: object, title: str) -> Panel:
    """ErrorType, ErrorMessage, ErrorData and the stack trace, readable."""
    error = model.error_object(served)
    rows: list[tuple[str, RenderableType | str | None]] = [
        ("Type", untrusted(error.get("ErrorType"), "bold red")),
        (
            "Message",
            safe(error.get("ErrorMessage"), multiline=True) if "ErrorMessage" in error else None,
        ),
        ("Data", payload(error["ErrorData"]) if error.get("ErrorData") else None),
    ]
    parts: list[RenderableType] = [kv_grid(rows)]
    trace = model.stack_trace(error)
    if trace:
        shown = trace[-TRACE_MAX_LINES:]  # the innermost frames are the useful end
        text = Text("Stack trace (most recent call last):\n", style="bold")
        if len(trace) > len(shown):
            text.append(f"  … {len(trace) - len(shown)} earlier lines\n", style="dim italic")
        for line in shown:
            text.append(clean(line, multiline=True) + "\n", style="dim")
        text.rstrip()
        parts.append(text)
    # a str title would be parsed as markup: names come from the API
    return Panel(Group(*parts), title=safe(title), title_align="left", border_style="red")


# --- history ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    event_id: int
    depth: int
    start: datetime | None
    end: datetime | None
    name: str
    kind: str
    status: str
    detail: Text
    dim: bool = False


def history_rows(history: model.DurableHistory, *, failed_only: bool = False) -> list[Row]:
    """Operations depth-first (attempts under their step), invocations where they happened."""
    rows: list[Row] = []
    wanted = {op.id for op in model.failed_operations(history)} if failed_only else None
    if wanted is not None:  # keep the ancestors of what is shown, so nesting stays readable
        for op_id in list(wanted):
            parent = history.by_id.get(op_id)
            while parent is not None and parent.parent_id and parent.parent_id not in wanted:
                wanted.add(parent.parent_id)  # a ParentId cycle stops at what is already kept
                parent = history.by_id.get(parent.parent_id)
    execution = history.execution
    if execution is not None:
        rows.append(_op_row(execution, 0))
    base = 1 if execution is not None else 0
    for depth, op in history.walk():
        if wanted is not None and op.id not in wanted:
            continue
        rows.append(_op_row(op, depth + base))
        if len(op.attempts) > 1 or any(a.error for a in op.attempts):
            for attempt in op.attempts:
                if failed_only and not attempt.error:
                    continue
                rows.append(_attempt_row(op, attempt, depth + base + 1))
    if failed_only:
        return rows
    position = 1 if execution is not None else 0
    for invocation in history.invocations:
        while position < len(rows) and rows[position].event_id < invocation.event_id:
            position += 1
        rows.insert(position, _invocation_row(invocation, base))
        position += 1
    return rows


def _op_row(op: model.Operation, depth: int) -> Row:
    detail = Text()
    if op.kind == "Execution":
        if op.info.get("input") is not None:
            detail.append("input ", style="dim")
            detail.append(_preview(op.info["input"]))
    elif op.kind == "Wait" and "Duration" in op.info:
        detail.append(f"{format_duration(op.info['Duration'])}")
        if isinstance(op.info.get("ScheduledEndTimestamp"), datetime):
            detail.append(f" until {short_time(op.info['ScheduledEndTimestamp'])}", style="dim")
    elif op.kind == "Callback" and op.info.get("CallbackId"):
        detail.append("callback id ", style="dim")
        detail.append(one_line(op.info["CallbackId"], 40))
        if op.info.get("Timeout"):
            detail.append(f"  timeout {format_duration(op.info['Timeout'])}", style="dim")
    elif op.kind == "ChainedInvoke" and op.info.get("FunctionName"):
        detail.append("invokes ", style="dim")
        detail.append(clean(op.info["FunctionName"]))
    if len(op.attempts) > 1:
        detail.append(("  " if detail else "") + f"{len(op.attempts)} attempts ·", style="yellow")
    if op.kind == "Execution":
        pass  # its error is the panel under the table
    elif op.error is not None and op.status in model.FAILED_STATUSES and not op.retrying:
        detail.append(" " if detail else "")
        detail.append(one_line(model.error_line(op.error), DETAIL_CHARS), style="red")
    elif op.retrying:
        delay = op.attempts[-1].next_delay
        detail.append((" " if detail else "") + f"retry in {delay}s", style="yellow")
    elif op.result is not None and op.kind != "Execution":
        detail.append(" → " if detail else "→ ", style="dim")
        detail.append(_batch_summary(op.result) or _preview(op.result))
    status = "RETRYING" if op.retrying else op.status
    name = op.name or op.label
    return Row(op.first_event, depth, op.started, op.ended, name, clean(op.label), status, detail)


def _attempt_row(op: model.Operation, attempt: model.Attempt, depth: int) -> Row:
    detail = Text()
    if attempt.next_delay:
        detail.append(f"retry in {attempt.next_delay}s · ", style="yellow")
    elif attempt.error is not None and attempt is op.attempts[-1] and not op.retrying:
        detail.append("no more retries · ", style="dim")
    if attempt.error is not None:
        detail.append(one_line(model.error_line(attempt.error), DETAIL_CHARS), style="red")
    return Row(
        attempt.event_id or op.first_event,
        depth,
        attempt.started,
        attempt.ended,
        f"attempt {attempt.number}",
        "",
        attempt.status,
        detail,
        dim=True,
    )


def _invocation_row(invocation: model.Invocation, depth: int) -> Row:
    detail = Text()
    if invocation.request_id:
        detail.append(f"request {clean(invocation.request_id)}", style="dim")
    if invocation.error:
        detail.append("  " if detail else "")
        detail.append(one_line(model.error_line(invocation.error), DETAIL_CHARS), style="red")
    return Row(
        invocation.event_id,
        depth,
        invocation.started or invocation.at,
        invocation.ended or invocation.at,
        f"┄ invocation {invocation.number} ended",
        "invocation",
        "FAILED" if invocation.error else "",
        detail,
        dim=True,
    )


def _batch_summary(text: str) -> str | None:
    """A map's or parallel's result (the SDK's BatchResult) as counts, not a wall of JSON."""
    value = model.decode_envelope(text)
    items = value.get("all") if isinstance(value, dict) else None
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        return None
    counts: dict[str, int] = {}
    for item in items:
        status = str(item.get("status", "?")).lower()
        counts[status] = counts.get(status, 0) + 1
    tally = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
    return f"{len(items)} item{'s' if len(items) != 1 else ''}" + (f": {tally}" if tally else "")


def _preview(text: str | None) -> str:
    return one_line(model.payload_text(text) or "", DETAIL_CHARS)


def render_durable_history(
    history: model.DurableHistory,
    title: str,
    *,
    failed_only: bool = False,
) -> RenderableType:
    """The timeline: when each operation started (since the execution did), how long it took,
    its status, and a one-line detail; failures red, retries yellow."""
    rows = history_rows(history, failed_only=failed_only)
    origin = history.execution.started if history.execution else None
    if origin is None:
        origin = next((r.start for r in rows if r.start is not None), None)
    cells = []
    for row in rows:
        start = "—"
        if origin is not None and row.start is not None:
            start = "+" + format_duration((row.start - origin).total_seconds())
        took = ""
        if row.start is not None and row.end is not None and row.kind != "invocation":
            took = format_duration((row.end - row.start).total_seconds())
        name = safe("  " * row.depth + row.name, "dim" if row.dim else "")
        if row.kind and row.kind != "invocation":
            name.append(f" {row.kind}", style="dim")
        status = status_text(row.status) if row.status else Text("")
        cells.append((start, took, name, status, row.detail))

    def widest(index: int, heading: str, cap: int = 1000) -> int:
        return min(cap, max([len(heading), *(len(str(c[index])) for c in cells)]))

    # Every column but Detail keeps its natural width; Detail takes what is left, one line per
    # row (a scannable timeline; the whole error is in the panel below, everything in --json).
    table = Table(title=safe(title), title_justify="left", header_style="bold", expand=False)
    for index, heading in enumerate(("Start", "Took", "Operation", "Status")):
        width = widest(index, heading, 40 if heading == "Operation" else 1000)
        table.add_column(
            heading,
            justify="right" if index < 2 else "left",
            no_wrap=True,
            overflow="ellipsis",
            min_width=min(width, 16) if heading == "Operation" else width,
            max_width=width,
        )
    table.add_column("Detail", min_width=8)
    for cell in cells:
        detail = cell[4].copy()
        detail.no_wrap, detail.overflow = True, "ellipsis"
        table.add_row(*cell[:4], detail)
    if not rows:
        table.caption = "no events"
    parts: list[RenderableType] = [table]
    failure = _failure(history)
    if failure is not None:
        parts.append(failure)
    return Group(*parts)


_ENDED = {"FAILED": "Failed", "TIMED_OUT": "Timed out", "STOPPED": "Stopped"}


def _failure(history: model.DurableHistory) -> RenderableType | None:
    """For an execution that failed, timed out or was stopped: the operation that failed it,
    with its error and trace, or what it was still waiting on."""
    execution = history.execution
    if execution is None or execution.status not in model.FAILED_STATUSES:
        return None
    diagnosis = model.diagnose(history)
    culprit = diagnosis.failed
    error = (culprit.error if culprit else None) or execution.error
    ended = _ENDED.get(execution.status, execution.status.lower())
    if culprit is None and diagnosis.waiting:
        return waiting_panel(diagnosis.waiting, f"{ended} while waiting on", error)
    if not error:
        return None
    title = ended
    if culprit is not None:
        title = f"{ended} in {culprit.label} {culprit.name}"
        if len(culprit.attempts) > 1:
            title += f" after {len(culprit.attempts)} attempts"
    return error_panel(error, title)


def _waited_on(op: model.Operation) -> Text:
    line = safe(op.name or op.label, "bold")
    line.append(f"  {op.label}", style="dim")
    if op.started is not None:
        line.append(f"  since {short_time(op.started)}", style="dim")
    return line


def waiting_panel(
    waiting: list[model.Operation], title: str, error: dict[str, Any] | None
) -> RenderableType:
    """The operations still open, each callback id whole (what a sender of the callback needs;
    the timeline's detail column cuts it)."""
    rows: list[tuple[str, RenderableType | str | None]] = []
    for op in waiting:
        rows.append(("Operation", _waited_on(op)))
        if op.info.get("CallbackId"):
            rows.append(("Callback id", safe(op.info["CallbackId"])))
        if op.info.get("Timeout"):
            rows.append(("Its timeout", format_duration(op.info["Timeout"])))
    if error:
        rows.append(("Error", untrusted(model.error_line(error), "bold red")))
    return Panel(kv_grid(rows), title=safe(title), title_align="left", border_style="red")


def render_durable_why(
    diagnosis: model.DurableDiagnosis, history: model.DurableHistory
) -> RenderableType:
    """`sfnctl why DURABLE_ARN`: the failed step and its attempts, or the timeout (or stop) and
    what it was waiting on; a running execution: what it waits on now."""
    execution = history.execution
    name = (execution.name if execution else None) or diagnosis.execution_arn or ""
    parts: list[RenderableType] = [header(diagnosis.status, name, "durable execution")]
    if diagnosis.execution_arn:
        parts.append(kv_grid([("Execution", safe(diagnosis.execution_arn))]))
    culprit = diagnosis.failed
    ended = _ENDED.get(diagnosis.status)
    if culprit is not None:
        parts.append(_culprit_panel(culprit))
    elif diagnosis.waiting:
        title = f"{ended} while waiting on" if ended else "Still running: waiting on"
        parts.append(waiting_panel(diagnosis.waiting, title, diagnosis.error))
    elif diagnosis.error:
        parts.append(error_panel(diagnosis.error, ended or "Error"))
    else:
        word = {
            "SUCCEEDED": "Nothing failed: the execution succeeded.",
            "RUNNING": "Still running: nothing failed yet.",
        }.get(diagnosis.status, "No failure recorded in this history.")
        parts.append(Text(word, style="dim"))
    return Group(*parts)


def _culprit_panel(op: model.Operation) -> RenderableType:
    count = len(op.attempts)
    rows: list[tuple[str, RenderableType | str | None]] = [
        ("Operation", _waited_on(op)),
        ("Attempts", None if not count else f"{count} (all failed)" if count > 1 else "1"),
    ]
    for attempt in op.attempts if count > 1 else []:
        line = Text(f"#{attempt.number}  ")
        line.append(one_line(model.error_line(attempt.error), DETAIL_CHARS), style="red")
        if attempt.next_delay:
            line.append(f"  retried after {attempt.next_delay}s", style="yellow")
        rows.append(("", line))
    summary = Panel(kv_grid(rows), title="Root cause", title_align="left", border_style="red")
    if op.error is None:
        return summary
    return Group(summary, error_panel(op.error, f"Error of {op.label} {op.name}"))


# --- list ----------------------------------------------------------------------------------


def render_durable_list(items: list[dict[str, Any]], now: datetime, title: str) -> Table:
    table = Table(title=safe(title), title_justify="left", header_style="bold", expand=False)
    table.add_column("Name", overflow="fold", min_width=12)
    table.add_column("Status", no_wrap=True)
    table.add_column("Started (UTC)")
    table.add_column("Ended (UTC)")
    table.add_column("Duration", justify="right", no_wrap=True)
    table.add_column("Version")
    for item in items:
        start, end = item.get("StartTimestamp"), item.get("EndTimestamp")
        version = model.qualifier_of(str(item.get("FunctionArn") or "")) or "—"
        table.add_row(
            safe(item.get("DurableExecutionName")),
            status_text(item.get("Status")),
            short_time(start),
            short_time(end),
            format_duration(duration_between(start, end, now)),
            safe(version),
        )
    if not items:
        table.caption = "no durable executions"
    return table
