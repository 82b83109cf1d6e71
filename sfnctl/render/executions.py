"""`sfnctl list`: the executions table."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rich.table import Table

from sfnctl.model.text import count_text
from sfnctl.render.common import duration_between, format_duration, short_time, status_text
from sfnctl.sanitize import safe


def render_executions(items: list[dict[str, Any]], now: datetime, title: str) -> Table:
    """Executions in the order the service returned them (newest first)."""
    with_items = any("itemCount" in item for item in items)
    table = Table(title=safe(title), title_justify="left", header_style="bold", expand=False)
    table.add_column("Name", overflow="fold", min_width=12)
    table.add_column("Status", no_wrap=True)
    table.add_column("Started (UTC)")
    table.add_column("Stopped (UTC)")
    table.add_column("Duration", justify="right", no_wrap=True)
    table.add_column("Redrives", justify="right")
    if with_items:
        table.add_column("Items", justify="right")
    for item in items:
        row = [
            safe(item.get("name")),
            status_text(item.get("status")),
            short_time(item.get("startDate")),
            short_time(item.get("stopDate")),
            format_duration(duration_between(item.get("startDate"), item.get("stopDate"), now)),
            safe(count_text(item.get("redriveCount"))),
        ]
        if with_items:
            row.append(safe(count_text(item.get("itemCount"), "—")))
        table.add_row(*row)
    if not items:
        table.caption = "no executions"
    return table
