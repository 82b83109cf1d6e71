"""`sfnctl maprun show|list|update` views."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from rich.console import Group, RenderableType
from rich.progress_bar import ProgressBar
from rich.table import Table
from rich.text import Text

from sfnctl.model.events import error_text
from sfnctl.model.text import clean, count, count_text
from sfnctl.render.common import (
    duration_between,
    format_duration,
    format_time,
    kv_grid,
    short_time,
    status_text,
)
from sfnctl.render.execution import header
from sfnctl.sanitize import safe

# Known counters in a sensible reading order; any counter the API adds later follows, sorted.
COUNTER_ORDER = (
    "succeeded",
    "failed",
    "timedOut",
    "aborted",
    "running",
    "pending",
    "pendingRedrive",
    "failuresNotRedrivable",
    "resultsWritten",
)
_COUNTER_STYLE = {
    "succeeded": "green",
    "failed": "red",
    "timedOut": "red",
    "aborted": "magenta",
    "running": "cyan",
    "pending": "yellow",
    "pendingRedrive": "yellow",
    "failuresNotRedrivable": "red",
    "resultsWritten": "blue",
}


def counter_names(counts: Mapping[str, Any]) -> list[str]:
    known = [k for k in COUNTER_ORDER if k in counts]
    extra = sorted(k for k in counts if k not in COUNTER_ORDER and k != "total")
    return known + extra


def counters_table(title: str, counts: Mapping[str, Any], bar_width: int = 30) -> Table:
    """Every counter the API returned, as `count / total` and a progress bar."""
    total = count(counts.get("total"))
    table = Table(
        title=f"{title} (total {total:,})",
        title_justify="left",
        show_header=False,
        box=None,
        padding=(0, 1),
    )
    table.add_column(no_wrap=True)
    table.add_column(justify="right", no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_column(justify="right", no_wrap=True)
    for name in counter_names(counts):
        value = count(counts.get(name))
        style = _COUNTER_STYLE.get(name, "white")
        pct = f"{100 * value / total:.0f}%" if total else "—"
        table.add_row(
            safe(name),
            f"{value:,}" if value or counts.get(name) in (0, None) else safe(counts.get(name)),
            ProgressBar(
                total=max(total, 1),
                completed=min(value, max(total, 1)),
                width=bar_width,
                complete_style=style,
                finished_style=style,
            ),
            pct,
        )
    return table


def render_map_run(map_run: dict[str, Any], now: datetime) -> RenderableType:
    arn = str(map_run.get("mapRunArn", ""))
    concurrency = map_run.get("maxConcurrency")
    grid = kv_grid(
        [
            ("Map run", safe(arn)),
            ("Execution", safe(map_run.get("executionArn"))),
            ("Started", format_time(map_run.get("startDate"), now)),
            (
                "Stopped",
                format_time(map_run.get("stopDate"), now) if map_run.get("stopDate") else None,
            ),
            (
                "Duration",
                format_duration(
                    duration_between(map_run.get("startDate"), map_run.get("stopDate"), now)
                ),
            ),
            (
                "Max concurrency",
                None
                if concurrency is None
                else safe(f"{concurrency} (no limit)" if concurrency == 0 else concurrency),
            ),
            ("Tolerated failures", safe(_tolerance(map_run)) if _tolerance(map_run) else None),
            (
                "Redriven",
                None
                if "redriveCount" not in map_run
                else safe(f"{count_text(map_run['redriveCount'])}×")
                + (
                    f", last {format_time(map_run['redriveDate'])}"
                    if map_run.get("redriveDate")
                    else ""
                ),
            ),
        ]
    )
    name = arn.rsplit(":", 2)[-2] if arn.count(":") >= 2 else arn
    parts: list[RenderableType] = [header(map_run.get("status"), name, "map run"), grid]
    for key, title in (("itemCounts", "Items"), ("executionCounts", "Child executions")):
        if isinstance(map_run.get(key), Mapping):
            parts.append(counters_table(title, map_run[key]))
    return Group(*parts)


def _tolerance(map_run: dict[str, Any]) -> str | None:
    pct, count = map_run.get("toleratedFailurePercentage"), map_run.get("toleratedFailureCount")
    if pct is None and count is None:
        return None
    return f"{_fmt_number(pct)}% · {count if count is not None else '—'} items"


def _fmt_number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "—" if value is None else clean(value)


def render_map_runs(map_runs: list[dict[str, Any]], now: datetime, title: str) -> Table:
    table = Table(title=safe(title), title_justify="left", header_style="bold")
    table.add_column("Map run", overflow="fold")
    table.add_column("Started (UTC)", no_wrap=True)
    table.add_column("Stopped (UTC)", no_wrap=True)
    table.add_column("Duration", justify="right", no_wrap=True)
    for run in map_runs:
        table.add_row(
            safe(run.get("mapRunArn")),
            short_time(run.get("startDate")),
            short_time(run.get("stopDate")),
            format_duration(duration_between(run.get("startDate"), run.get("stopDate"), now)),
        )
    if not map_runs:
        table.caption = "no map runs"
    return table


UPDATE_FIELDS = {
    "maxConcurrency": "Max concurrency",
    "toleratedFailurePercentage": "Tolerated failure %",
    "toleratedFailureCount": "Tolerated failure count",
}


def render_update(current: dict[str, Any], changes: dict[str, Any], title: str) -> Table:
    """current → new for each field being changed."""
    table = Table(title=safe(title), title_justify="left", header_style="bold")
    table.add_column("Field")
    table.add_column("Current", justify="right")
    table.add_column("", justify="center")
    table.add_column("New", justify="right")
    for key, label in UPDATE_FIELDS.items():
        if key in changes:
            before, after = _fmt_number(current.get(key)), _fmt_number(changes[key])
            style = "" if before == after else "bold yellow"
            table.add_row(label, safe(before), "→", safe(after, style))
    return table


def render_failures(
    failures: list[dict[str, Any]], examined: int, total: int | None
) -> RenderableType:
    """The failure roll-up: one row per (error, status) group, biggest first."""
    of = f" of {total:,}" if total is not None and total != examined else ""
    title = f"Failed children by error ({examined:,}{of} examined)"
    if not failures:
        return Text(f"{title}: none failed", style="dim")
    table = Table(title=title, title_justify="left", header_style="bold")
    table.add_column("Count", justify="right", no_wrap=True)
    table.add_column("Status", no_wrap=True)
    table.add_column("Error", overflow="fold")
    table.add_column("Cause (most common)", overflow="fold", ratio=2)
    table.add_column("Examples", overflow="fold", ratio=2)
    for group in failures:
        table.add_row(
            f"{group['count']:,}",
            status_text(group["status"]),
            safe(group["error"] or "—", "bold red"),
            safe(error_text(None, group["cause"], 300) or "—"),
            safe("\n".join(str(a) for a in group["executionArns"]), "dim"),
        )
    return table
