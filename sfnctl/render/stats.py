"""`sfnctl stats`: statuses, execution durations, and per-state numbers (failing, then slow)."""

from __future__ import annotations

from rich.console import Group as Stack
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from sfnctl.model.stats import Stats
from sfnctl.model.timewindow import Window
from sfnctl.render.common import format_duration, status_text
from sfnctl.render.failures import window_text
from sfnctl.sanitize import safe


def _rate(part: int, whole: int) -> str:
    return f"{part} ({part / whole:.0%})" if whole and part else str(part)


def render_stats(
    totals: Stats, *, subject: str, window: Window, last: str | None = None
) -> RenderableType:
    title = Text("Stats of ", no_wrap=True, overflow="ignore")
    title.append_text(safe(subject, "bold"))
    title.append(f", {last} executions" if last else f", {window_text(window)}")
    if not totals.executions:
        return Stack(title, Text("No executions in the window."))
    statuses = Text(f"{totals.executions} executions: ")
    for index, (status, count) in enumerate(sorted(totals.statuses.items(), key=lambda kv: -kv[1])):
        if index:
            statuses.append("  ")
        statuses.append_text(status_text(status))
        statuses.append(f" {count}")
    summary = totals.duration
    durations = Text(
        f"Duration  p50 {format_duration(summary.p50)}  p95 {format_duration(summary.p95)}  "
        f"max {format_duration(summary.max)}"
    )
    table = Table(header_style="bold", expand=False, pad_edge=False)
    table.add_column("State", overflow="fold", min_width=12)
    for name in ("Runs", "Failed", "Retried", "p50", "p95", "Max"):
        table.add_column(name, justify="right", no_wrap=True)
    for entry in totals.states():
        numbers = entry.summary
        table.add_row(
            safe(entry.state),
            str(entry.runs),
            Text(_rate(entry.failed, entry.runs), style="red" if entry.failed else ""),
            _rate(entry.retried, entry.runs),
            format_duration(numbers.p50),
            format_duration(numbers.p95),
            format_duration(numbers.max),
        )
    return Stack(title, statuses, durations, table)
