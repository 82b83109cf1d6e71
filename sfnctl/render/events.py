"""`sfnctl history`: the event table."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from rich.cells import cell_len, set_cell_size
from rich.console import Console, ConsoleOptions, RenderableType
from rich.segment import Segment
from rich.style import Style
from rich.table import Table

from sfnctl.model.events import EventRow, event_rows
from sfnctl.render.common import format_duration
from sfnctl.sanitize import clean, one_line, safe

# Above this many events the table is drawn by EventLines (one line per event, written as
# segments directly): a rich Table lays out every cell of every row, ~15 s for 25,000 events.
LARGE = 2000


def render_events(
    events: list[dict[str, Any]], title: str, context: list[dict[str, Any]] | None = None
) -> RenderableType:
    """One row per event: id, time since start, type, state, one-line detail; failures red."""
    if len(events) > LARGE:
        return EventLines(event_rows(events, context), title)
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


class EventLines:
    """The event table for large histories: the same columns, one line per event (the detail
    cut to the width left, with "…"), a header and a rule — drawn in a fraction of the time."""

    HEADERS = ("#", "Elapsed", "Type", "State", "Detail")

    def __init__(self, rows: list[EventRow], title: str) -> None:
        self.title = title
        self.cells = [
            (
                str(row.id),
                "—" if row.elapsed is None else "+" + format_duration(row.elapsed),
                ("✖ " if row.failure else "") + clean(row.type),
                one_line(row.state, 60),
                one_line(row.detail, 1000),
                row.failure,
            )
            for row in rows
        ]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        width = options.max_width
        widths = [
            max([_width(h), *(_width(str(c[i])) for c in self.cells)])
            for i, h in enumerate(self.HEADERS[:4])
        ]
        detail = max(8, width - sum(widths) - 2 * 4)
        bold, red, dim = Style(bold=True), Style(color="red"), Style(dim=True)
        yield Segment(_fit(clean(self.title), width), bold)
        yield Segment.line()
        yield Segment(_line(self.HEADERS, widths, detail), bold)
        yield Segment.line()
        yield Segment("─" * min(width, sum(widths) + 8 + detail), dim)
        yield Segment.line()
        for *cells, failure in self.cells:
            yield Segment(_line(cells, widths, detail), red if failure else None)
            yield Segment.line()


def _width(text: str) -> int:
    return len(text) if text.isascii() else cell_len(text)


def _fit(text: str, width: int) -> str:
    """`text` cut to `width` cells, ending in "…" when cut."""
    if _width(text) <= width:
        return text
    return set_cell_size(text, max(0, width - 1)) + "…"


def _line(cells: Any, widths: list[int], detail: int) -> str:
    number, elapsed, kind, state, text = cells
    parts = [
        number.rjust(widths[0]),
        elapsed.rjust(widths[1]),
        kind + " " * (widths[2] - _width(kind)),
        state + " " * (widths[3] - _width(state)),
        _fit(text, detail),
    ]
    return "  ".join(parts).rstrip()
