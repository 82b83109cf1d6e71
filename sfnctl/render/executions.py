"""`sfnctl list`: the executions listing."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rich.console import RenderableType
from rich.text import Text

from sfnctl.model.text import count_text
from sfnctl.render.common import (
    Column,
    Rows,
    compact_time,
    duration_between,
    format_duration,
    ident,
    status_text,
    titled,
)
from sfnctl.sanitize import safe


def render_executions(
    items: list[dict[str, Any]], now: datetime, title: str, *, wide: bool = False
) -> RenderableType:
    """Executions in the order the service returned them (newest first): one line each at 80
    columns, a UUID name included — status, start (to the minute), duration, then the name
    whole (`Rows`). `wide` adds the seconds, the stop time and the redrive count."""
    with_items = any("itemCount" in item for item in items)
    columns = [Column("Status"), Column("Started UTC")]
    if wide:
        columns.append(Column("Stopped UTC"))
    columns.append(Column("Duration", right=True))
    if wide:
        columns.append(Column("Redrives", right=True))
    if with_items:
        columns.append(Column("Items", right=True))
    rows = []
    for item in items:
        start, stop = item.get("startDate"), item.get("stopDate")
        cells = [status_text(item.get("status")), Text(compact_time(start, now, seconds=wide))]
        if wide:
            cells.append(Text(compact_time(stop, now)))
        cells.append(Text(format_duration(duration_between(start, stop, now))))
        if wide:
            cells.append(safe(count_text(item.get("redriveCount"))))
        if with_items:
            cells.append(safe(count_text(item.get("itemCount"), "—")))
        rows.append((cells, ident(item.get("name"))))
    if not items:
        return ident(f"{title}: none")
    return titled(title, Rows(columns, "Name", rows))
