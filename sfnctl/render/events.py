"""`sfnctl history`: the event table."""

from __future__ import annotations

from typing import Any

from rich.table import Table

from sfnctl.history import event_rows
from sfnctl.render.common import format_duration
from sfnctl.sanitize import safe


def render_events(
    events: list[dict[str, Any]], title: str, context: list[dict[str, Any]] | None = None
) -> Table:
    """One row per event: id, time since start, type, state, one-line detail; failures red."""
    table = Table(title=safe(title), title_justify="left", header_style="bold", expand=False)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Elapsed", justify="right", no_wrap=True)
    table.add_column("Type", no_wrap=True)
    table.add_column("State", overflow="fold")
    table.add_column("Detail", overflow="fold")
    for row in event_rows(events, context):
        elapsed = "—" if row.elapsed is None else "+" + format_duration(row.elapsed)
        style = "red" if row.failure else ""
        table.add_row(
            str(row.id),
            elapsed,
            safe(("✖ " if row.failure else "") + row.type),
            safe(row.state),
            safe(row.detail),
            style=style,
        )
    if not events:
        table.caption = "no events"
    return table
