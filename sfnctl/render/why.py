"""`sfnctl why`: the terminal failure, the root cause, the path to it, a readable cause."""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.text import Text

from sfnctl.model.diagnosis import Diagnosis, parse_cause
from sfnctl.render.common import kv_grid, payload, untrusted
from sfnctl.render.execution import header
from sfnctl.render.maprun import render_failures
from sfnctl.sanitize import safe

TRACE_LINES = 15


def cause_view(cause: str | None) -> RenderableType | None:
    """A Lambda-style JSON cause as type, message and stack trace; other JSON pretty-printed."""
    parsed = parse_cause(cause)
    if parsed is None:
        return None
    if parsed.data is not None:
        return payload(cause)
    if parsed.error_type is None and not parsed.trace:
        return safe(parsed.message, multiline=True)
    parts: list[RenderableType] = []
    if parsed.error_type:
        parts.append(safe(parsed.error_type, "bold"))
    parts.append(safe(parsed.message, multiline=True))
    if parsed.trace:
        trace = Text("Stack trace:", style="dim")
        for line in parsed.trace[:TRACE_LINES]:
            trace.append("\n  ")
            trace.append_text(safe(line, "dim"))
        if len(parsed.trace) > TRACE_LINES:
            trace.append(f"\n  … {len(parsed.trace) - TRACE_LINES} more lines", style="dim")
        parts.append(trace)
    return Group(*parts)


def render_why(diagnosis: Diagnosis, failures: list[dict[str, Any]] | None) -> RenderableType:
    arn = diagnosis.execution_arn
    name = arn.rsplit(":", 1)[-1] if arn else "saved history"
    parts: list[RenderableType] = [header(diagnosis.status, name, "execution")]
    if arn:
        parts.append(kv_grid([("Execution", safe(arn))]))
    terminal, root = diagnosis.terminal, diagnosis.root_cause
    if terminal is None:
        word = {
            "SUCCEEDED": "Nothing failed: the execution succeeded.",
            "RUNNING": "Still running: no terminal failure yet.",
        }.get(diagnosis.status, "No terminal event in this history.")
        parts.append(Text(word, style="dim"))
        return Group(*parts)
    parts.append(
        Panel(
            kv_grid(
                [
                    ("State", untrusted(terminal["state"]) or Text("—", style="dim")),
                    ("Error", untrusted(terminal["error"], "bold red")),
                    ("Cause", cause_view(terminal["cause"])),
                    ("Event", f"#{terminal['eventId']}"),
                ]
            ),
            title=safe(f"Ended: {diagnosis.status.lower().replace('_', ' ')}"),
            title_align="left",
            border_style="red",
        )
    )
    if root is not None:
        parts.append(root_cause_panel(root, terminal))
    if failures is not None:
        examined = sum(g["count"] for g in failures)
        parts.append(render_failures(failures, examined, None))
    if not diagnosis.complete:
        parts.append(
            Text("The history given does not reach back far enough to be sure.", style="yellow")
        )
    return Group(*parts)


def root_cause_panel(root: dict[str, Any], terminal: dict[str, Any] | None) -> Panel:
    """The root cause: state, path through Parallel/Map, resource, attempts, error, cause."""
    same = terminal is not None and (
        root["state"] == terminal["state"]
        and (
            root["eventId"] == terminal["eventId"]
            or (root["error"], root["cause"]) == (terminal["error"], terminal["cause"])
        )
    )
    attempts = root["attempts"]
    return Panel(
        kv_grid(
            [
                ("State", safe(root["state"], "bold")),
                ("Path", safe(" › ".join(root["path"])) if len(root["path"]) > 1 else None),
                ("Resource", untrusted(root["resource"])),
                ("Map run", untrusted(root.get("mapRunArn"))),
                (
                    "Attempts",
                    None if not attempts else f"{attempts} (all failed)" if attempts > 1 else "1",
                ),
                (
                    "Error",
                    untrusted(root["error"], "bold red")
                    or Text("none recorded: it was running when the execution ended", style="dim"),
                ),
                ("Cause", None if same else cause_view(root["cause"])),
                ("Event", f"#{root['eventId']}"),
            ]
        ),
        title="Root cause" + (" (the same state)" if same else ""),
        title_align="left",
        border_style="red",
    )
