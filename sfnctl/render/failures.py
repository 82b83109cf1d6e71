"""`sfnctl failures`: root-cause groups, biggest first, each with an example to look at."""

from __future__ import annotations

from datetime import UTC, datetime

from rich import box
from rich.console import Group as Stack
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from sfnctl.model.failures import Group
from sfnctl.model.timewindow import Window
from sfnctl.render.common import kv_grid, short_time, status_text, whole_words
from sfnctl.sanitize import clean, one_line, safe

PATH_SEPARATOR = " › "
CAUSE_WIDTH = 300  # characters of a cause shown under the table (the --json has it whole)


def window_text(window: Window) -> str:
    since = short_time(window.since) if window.since else "the first execution"
    until = short_time(window.until) if window.until else "now"
    return f"started {since} – {until} UTC"


def render_failures(
    groups: list[Group],
    *,
    subject: str,
    window: Window,
    examined: int,
    unreadable: int,
    limited: int | None = None,
) -> RenderableType:
    title = Text("Failures of ", no_wrap=True, overflow="ignore")
    title.append_text(safe(subject, "bold"))
    title.append(f", {window_text(window)}")
    counts = f"{examined} failed execution{'s' if examined != 1 else ''} examined"
    if limited is not None:
        counts += f" (the newest {limited}; more in the window)"
    if unreadable:
        counts += f", {unreadable} unreadable"
    counts += f" · {len(groups)} root cause{'s' if len(groups) != 1 else ''}"
    if not groups:
        return Stack(title, Text(counts, style="dim"), Text("No failures in the window."))
    return Stack(title, Text(counts, style="dim"), _table(groups), *_details(groups))


def _table(groups: list[Group]) -> Table:
    table = Table(header_style="bold", expand=False, pad_edge=False, box=box.SIMPLE_HEAD)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Count", justify="right", no_wrap=True)
    table.add_column("Status", no_wrap=True)
    table.add_column("State", overflow="fold", min_width=10)
    table.add_column("Error", overflow="fold", min_width=10)
    table.add_column("Seen (UTC)", no_wrap=True)
    table.add_column("Redrivable", justify="right")
    for number, group in enumerate(groups, 1):
        table.add_row(
            str(number),
            str(group.count),
            status_text(group.status),
            safe(PATH_SEPARATOR.join(group.path) or "—"),
            safe(group.error or "—"),
            _seen(group.first_seen, group.last_seen),
            str(group.redrivable),
        )
    return table


def _details(groups: list[Group]) -> list[RenderableType]:
    """Per group: the cause pattern, the newest cause as written, and a command to look."""
    out: list[RenderableType] = []
    for number, group in enumerate(groups, 1):
        rows: list[tuple[str, RenderableType | str | None]] = [
            (f"#{number} cause", safe(_cut(group.cause) or "—")),
        ]
        sample = one_line(group.sample, CAUSE_WIDTH)
        if sample and sample != _cut(group.cause):
            rows.append(("   e.g.", safe(sample, "dim")))
        if group.examples:
            rows.append(("   look", whole_words(clean(f"sfnctl why {group.examples[0][1]}"))))
        out.append(kv_grid(rows))
    return out


def _seen(first: datetime | None, last: datetime | None) -> str:
    """First and last seen: `11-21 09:18 – 10:00`, `11-20 23:50 – 11-21 00:10`, or one time
    when they are the same minute (UTC; the year is in the title's window)."""
    if first is None or last is None:
        return "—"
    start, end = first.astimezone(UTC), last.astimezone(UTC)
    head = start.strftime("%m-%d %H:%M")
    if end.strftime("%m-%d %H:%M") == head:
        return head
    tail = end.strftime("%H:%M" if end.date() == start.date() else "%m-%d %H:%M")
    return f"{head} – {tail}"


def _cut(text: str) -> str:
    return text if len(text) <= CAUSE_WIDTH else text[: CAUSE_WIDTH - 1] + "…"
