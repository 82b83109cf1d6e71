"""What an action is about to do (stop, redrive), shown before sfnctl asks."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from sfnctl.render.common import Unbroken, format_time, ident, kv_grid, status_text, untrusted
from sfnctl.sanitize import safe

SHOWN = 10  # executions listed before "… and N more"


def render_stop_one(
    execution: dict[str, Any], error: str | None, cause: str | None, now: datetime
) -> RenderableType:
    title = Text("Stop execution ", style="bold").append(safe(execution.get("name", "")))
    grid = kv_grid(
        [
            ("Execution", _ident(execution.get("executionArn"))),
            ("Status", status_text(execution.get("status"))),
            ("Started", format_time(execution.get("startDate"), now)),
            ("Error", untrusted(error) or Text("(none)", style="dim")),
            ("Cause", untrusted(cause) or Text("(none)", style="dim")),
        ]
    )
    return Group(title, grid)


def render_stop_many(
    state_machine: str,
    executions: list[dict[str, Any]],
    since: datetime | None,
    error: str | None,
    cause: str | None,
    now: datetime,
) -> RenderableType:
    window = f" started since {format_time(since)}" if since is not None else ""
    head = Text(f"Stop {len(executions)} RUNNING execution(s){window} of ", style="bold")
    head.append(safe(state_machine))
    table = Table(header_style="bold", box=None, pad_edge=False)
    table.add_column("Name", overflow="fold")
    table.add_column("Started", no_wrap=True)
    for execution in executions[:SHOWN]:
        table.add_row(safe(execution.get("name", "")), format_time(execution.get("startDate"), now))
    parts: list[RenderableType] = [head, table]
    if len(executions) > SHOWN:
        parts.append(Text(f"… and {len(executions) - SHOWN} more", style="dim"))
    parts.append(
        kv_grid(
            [
                ("Error", untrusted(error) or Text("(none)", style="dim")),
                ("Cause", untrusted(cause) or Text("(none)", style="dim")),
            ]
        )
    )
    return Group(*parts)


def render_redrive_plan(
    execution: dict[str, Any],
    root_cause: dict[str, Any] | None,
    map_runs: list[dict[str, Any]],
    now: datetime,
) -> RenderableType:
    """What a redrive reruns: from the failed state on (successful steps are kept), and each
    map run's failed and pending children."""
    title = Text("Redrive execution ", style="bold").append(safe(execution.get("name", "")))
    count = int(execution.get("redriveCount", 0) or 0)
    rows: list[tuple[str, RenderableType | str | None]] = [
        ("Execution", _ident(execution.get("executionArn"))),
        ("Status", status_text(execution.get("status"))),
        ("Stopped", format_time(execution.get("stopDate"), now)),
        ("Redriven", f"{count}× so far"),
    ]
    if root_cause is not None:
        where = Text(" › ".join(str(p) for p in root_cause.get("path") or []) or "?")
        if root_cause.get("error"):
            where.append("  ").append_text(safe(root_cause["error"], "red"))
        rows.append(("Restarts at", where))
    parts: list[RenderableType] = [title, kv_grid(rows)]
    for run in map_runs:
        line = Text("Map run ", style="bold").append(safe(run["mapRunArn"].rsplit(":", 2)[-2]))
        line.append(
            f": {run['failed']} failed children rerun, {run['pendingRedrive']} item(s) "
            "pending redrive"
        )
        if run["failuresNotRedrivable"]:
            line.append(
                f"\n  {run['failuresNotRedrivable']} failed item(s) can never be redriven",
                style="yellow",
            )
        parts.append(line)
    parts.append(
        Text("Successful steps are kept; the failed state and what follows run again.", "dim")
    )
    return Group(*parts)


def render_durable_stop(
    execution: dict[str, Any], error: dict[str, str] | None, now: datetime
) -> RenderableType:
    name = execution.get("DurableExecutionName") or ""
    title = Text("Stop durable execution ", style="bold").append(safe(name))
    error = error or {}
    grid = kv_grid(
        [
            ("Execution", _ident(execution.get("DurableExecutionArn"))),
            ("Function", _ident(execution.get("FunctionArn"))),
            ("Status", status_text(execution.get("Status"))),
            ("Started", format_time(execution.get("StartTimestamp"), now)),
            ("Error type", untrusted(error.get("ErrorType")) or Text("(none)", style="dim")),
            ("Message", untrusted(error.get("ErrorMessage")) or Text("(none)", style="dim")),
        ]
    )
    return Group(title, grid)


def render_callback(
    action: str, callback_id: str, result: str | None, error: dict[str, str] | None
) -> RenderableType:
    """The whole callback id on its own line (never cut: it is what a reader checks)."""
    rows: list[tuple[str, RenderableType | str | None]] = []
    if action == "succeed":
        rows.append(("Result", untrusted(result) or Text("(none)", style="dim")))
    if action == "fail":
        error = error or {}
        rows.append(("Error type", untrusted(error.get("ErrorType")) or Text("(none)", "dim")))
        rows.append(("Message", untrusted(error.get("ErrorMessage")) or Text("(none)", "dim")))
    title = Text(f"Send callback {action} to callback id:", style="bold")
    parts: list[RenderableType] = [title, Text(callback_id, overflow="fold")]
    if rows:
        parts.append(kv_grid(rows))
    return Group(*parts)


def _ident(value: Any) -> Unbroken | None:
    """An ARN printed whole (its own line when it doesn't fit); None when it wasn't sent."""
    return None if value is None or value == "" else ident(value)
