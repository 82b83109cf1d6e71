"""`sfnctl describe` of a Step Functions execution."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.text import Text

from sfnctl.render.common import (
    duration_text,
    format_time,
    kv_grid,
    payload,
    payload_panels,
    status_text,
    untrusted,
)
from sfnctl.sanitize import clean, safe


def header(status: Any, name: Any, kind: str) -> Text:
    line = status_text(status)
    line.append("  ")
    line.append_text(safe(name, "bold"))
    line.append(f"  ({kind})", style="dim")
    return line


def render_execution(
    execution: dict[str, Any],
    now: datetime,
    state_machine: dict[str, Any] | None = None,
) -> RenderableType:
    """Every DescribeExecution field, plus the state machine's name/type/label when known."""
    arn = execution.get("executionArn", "")
    sm = state_machine or {}
    sm_line = safe(sm.get("name") or execution.get("stateMachineArn", "").rsplit(":", 1)[-1])
    if sm.get("type"):
        sm_line.append(f" ({clean(sm['type'])})", style="dim")
    sm_line.append("  ")
    sm_line.append_text(safe(execution.get("stateMachineArn"), "dim"))
    redrive = _redrive_line(execution)
    grid = kv_grid(
        [
            ("Execution", safe(arn)),
            ("State machine", sm_line),
            ("Version", untrusted(execution.get("stateMachineVersionArn"))),
            ("Alias", untrusted(execution.get("stateMachineAliasArn"))),
            ("Map run", untrusted(execution.get("mapRunArn"))),
            ("Map run label", untrusted(sm.get("label"))),
            ("Started", format_time(execution.get("startDate"), now)),
            (
                "Stopped",
                format_time(execution.get("stopDate"), now) if execution.get("stopDate") else None,
            ),
            (
                "Duration",
                duration_text(
                    execution.get("startDate"),
                    execution.get("stopDate"),
                    execution.get("status"),
                    now,
                ),
            ),
            ("Trace header", untrusted(execution.get("traceHeader"))),
            ("Redrive", redrive),
        ]
    )
    parts: list[RenderableType] = [
        header(execution.get("status"), execution.get("name"), "execution"),
        grid,
    ]
    if execution.get("error") or execution.get("cause"):
        parts.append(failure_panel(execution.get("error"), execution.get("cause")))
    keys = (("input", "Input"), ("output", "Output"))
    parts += payload_panels(execution, keys, f"sfnctl describe {arn}")
    for key, title in keys:
        if key not in execution and (execution.get(f"{key}Details") or {}).get("included") is False:
            parts.append(Text(f"{title}: not included (metadata only)", style="dim"))
    return Group(*parts)


def failure_panel(error: Any, cause: Any) -> Panel:
    body = kv_grid(
        [
            ("Error", untrusted(error, "bold red")),
            ("Cause", payload(cause) if cause else None),
        ]
    )
    return Panel(body, title="Failure", title_align="left", border_style="red")


def _redrive_line(execution: dict[str, Any]) -> Text | None:
    keys = ("redriveCount", "redriveDate", "redriveStatus", "redriveStatusReason")
    if not any(k in execution for k in keys):
        return None
    line = Text()
    if "redriveStatus" in execution:
        line.append_text(status_text(execution["redriveStatus"]))
    line.append(f"  redriven {execution.get('redriveCount', 0)}×")
    if execution.get("redriveDate"):
        line.append(f", last {format_time(execution['redriveDate'])}")
    if execution.get("redriveStatusReason"):
        line.append(" — ")
        line.append_text(safe(execution["redriveStatusReason"]))
    return line
