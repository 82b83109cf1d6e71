"""`sfnctl redrive-status` views."""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text

from sfnctl.model.text import count_text
from sfnctl.render.common import format_time, kv_grid, status_text
from sfnctl.render.execution import header
from sfnctl.sanitize import safe


def render_redrive_map_run(
    map_run: dict[str, Any], parent: dict[str, Any] | None, meaning: str, action: str
) -> RenderableType:
    items = map_run.get("itemCounts") or {}
    executions = map_run.get("executionCounts") or {}
    grid = kv_grid(
        [
            ("Map run", safe(map_run.get("mapRunArn"))),
            ("Map run status", status_text(map_run.get("status"))),
            ("Redriven", safe(f"{count_text(map_run.get('redriveCount'))}×")),
            (
                "Last redrive",
                format_time(map_run["redriveDate"]) if map_run.get("redriveDate") else None,
            ),
            (
                "Pending redrive",
                safe(
                    f"{count_text(items.get('pendingRedrive'))} items · "
                    f"{count_text(executions.get('pendingRedrive'))} child executions"
                ),
            ),
            (
                "Not redrivable",
                safe(
                    f"{count_text(items.get('failuresNotRedrivable'))} items · "
                    f"{count_text(executions.get('failuresNotRedrivable'))} child executions"
                ),
            ),
            ("Parent execution", safe(map_run.get("executionArn"))),
            ("Parent status", status_text(parent.get("status")) if parent else "unknown"),
            (
                "Parent redrive",
                status_text(parent["redriveStatus"])
                if parent and parent.get("redriveStatus")
                else None,
            ),
            *_meaning(meaning, action),
        ]
    )
    name = str(map_run.get("mapRunArn", "")).rsplit(":", 2)[-2:][0]
    return Group(header(map_run.get("status"), name, "map run"), grid)


def _meaning(meaning: str, action: str) -> list[tuple[str, Text]]:
    # both quote the server (redriveStatusReason, the parent's ARN)
    return [("What it means", safe(meaning)), ("What to do", safe(action, "bold"))]


def render_redrive_execution(
    execution: dict[str, Any], meaning: str, action: str
) -> RenderableType:
    grid = kv_grid(
        [
            ("Execution", safe(execution.get("executionArn"))),
            ("Execution status", status_text(execution.get("status"))),
            (
                "Redrive status",
                status_text(execution.get("redriveStatus"))
                if execution.get("redriveStatus")
                else "not reported",
            ),
            (
                "Reason",
                safe(execution["redriveStatusReason"])
                if execution.get("redriveStatusReason")
                else None,
            ),
            ("Redriven", safe(f"{count_text(execution.get('redriveCount'))}×")),
            (
                "Last redrive",
                format_time(execution["redriveDate"]) if execution.get("redriveDate") else None,
            ),
            ("Map run", safe(execution["mapRunArn"]) if execution.get("mapRunArn") else None),
            *_meaning(meaning, action),
        ]
    )
    return Group(header(execution.get("status"), execution.get("name"), "execution"), grid)
