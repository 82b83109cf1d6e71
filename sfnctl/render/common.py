"""Shared pieces of every view: status badges, times, durations, payloads, key/value grids."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from rich._wrap import divide_line
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.highlighter import JSONHighlighter
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from sfnctl.sanitize import clean, safe

# status → (icon, style). The word is always printed next to the icon: colour is never the
# only signal.
_STATUS: dict[str, tuple[str, str]] = {
    "SUCCEEDED": ("✔", "green"),
    "FAILED": ("✖", "red"),
    "TIMED_OUT": ("⏱", "red"),
    "ABORTED": ("⊘", "magenta"),
    "STOPPED": ("⊘", "magenta"),
    "RUNNING": ("▶", "cyan"),
    "CAUGHT": ("↪", "yellow"),  # a state failed and a Catch rule moved on
    "PENDING_REDRIVE": ("↻", "yellow"),
    "REDRIVABLE": ("↻", "green"),
    "NOT_REDRIVABLE": ("✖", "red"),
    "REDRIVABLE_BY_MAP_RUN": ("↻", "yellow"),
    # Lambda durable executions and their operations
    "RETRYING": ("↻", "yellow"),  # a step failed and the SDK scheduled another attempt
    "CANCELLED": ("⊘", "magenta"),
    "PAUSING": ("⏸", "yellow"),
    "PAUSED": ("⏸", "yellow"),
    "DELETING": ("⌫", "magenta"),
}
_UNKNOWN = ("?", "")

PAYLOAD_MAX_LINES = 40
PAYLOAD_MAX_CHARS = 8000


def status_text(status: object) -> Text:
    word = clean(status or "UNKNOWN")
    icon, style = _STATUS.get(word, _UNKNOWN)
    return Text(f"{icon} {word}", style=style)


def plural(count: int, word: str) -> str:
    """`1 item`, `3 items`."""
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def format_duration(seconds: float | None) -> str:
    if isinstance(seconds, str):  # a wrong wire type: a number as text, else nothing known
        try:
            seconds = float(seconds)
        except ValueError:
            return "—"
    if seconds is None or not isinstance(seconds, int | float) or seconds != seconds:
        return "—"  # absent, a wrong wire type, or NaN
    if seconds == float("inf"):
        return "∞"
    if seconds < 0:
        seconds = 0.0
    if seconds < 60:
        return f"{seconds:.3f}s" if seconds < 10 else f"{seconds:.1f}s"
    minutes, secs = divmod(int(seconds), 60)
    if minutes < 60:
        return f"{minutes}m {secs:02d}s"
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return f"{hours}h {minutes:02d}m"
    days, hours = divmod(hours, 24)
    return f"{days}d {hours:02d}h"


def duration_between(start: Any, stop: Any, now: datetime) -> float | None:
    """Seconds from start to stop, or to `now` while still running."""
    if not isinstance(start, datetime):
        return None
    end = stop if isinstance(stop, datetime) else now
    return (end - start).total_seconds()


# Statuses of an execution that has not finished (Step Functions and durable).
UNFINISHED = ("RUNNING", "PENDING_REDRIVE", "PAUSING", "PAUSED")


def duration_text(start: Any, stop: Any, status: Any, now: datetime) -> str | None:
    """Duration for a describe view: to the stop time; to `now` "(so far)" only while the
    execution has not finished — a finished one without a stop time has no known duration."""
    if isinstance(stop, datetime) or status in UNFINISHED or status is None:
        text = format_duration(duration_between(start, stop, now))
        return text if isinstance(stop, datetime) else f"{text} (so far)"
    return "— (no end time recorded)"


def format_time(value: Any, now: datetime | None = None) -> str:
    """`2026-11-21 05:04:10 UTC` (plus `(3m ago)` when `now` is given)."""
    if not isinstance(value, datetime):
        return "—"
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    text: str = value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    if now is not None:
        ago = (now - value).total_seconds()
        if ago >= 0:
            text += f" ({int(ago)}s ago)" if ago < 60 else f" ({format_duration(ago)} ago)"
        elif ago <= -AHEAD:  # the server's clock runs ahead (a local runner skipping waits)
            shown = f"{int(-ago)}s" if -ago < 60 else format_duration(-ago)
            text += f" ({shown} ahead of this clock)"
    return text


AHEAD = 5  # seconds in the future before a time is flagged: more than ordinary clock skew


def short_time(value: Any) -> str:
    if not isinstance(value, datetime):
        return "—"
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return str(value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S"))


class Unbroken(Text):
    """A value that is printed whole on one line, whatever the width — an ARN, an execution
    name, a callback id, a URL — so it can be copied and grepped. Never folded, never cropped:
    where it does not fit, the views put it on its own line (`KeyValues`, `Rows`) and the
    terminal wraps it for the eye only. The console must print with `crop=False`
    (`sfnctl.present.show` does)."""

    def __init__(self, text: str = "", style: str = "") -> None:
        super().__init__(text, style=style, no_wrap=True, overflow="ignore")

    def __rich__(self) -> _Whole:
        # Console.print joins top-level Texts into a new one with the console's wrapping, which
        # would fold this one: it is printed through a renderable that keeps its own settings.
        return _Whole(self)


class _Whole:
    def __init__(self, text: Unbroken) -> None:
        self.text = text

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        return Text.__rich_console__(self.text, console, options)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Text.__rich_measure__(self.text, console, options)


def ident(value: object, style: str = "") -> Unbroken:
    """An untrusted ID from an API (sanitised), to be printed whole."""
    return Unbroken(clean(value), style=style)


def whole_words(text: str, style: str = "") -> Text:
    """Prose that names IDs (a command to run): wrapped at spaces, never inside a word, so an
    ARN in it stays whole (`KeyValues` gives it its own lines when a word is wider than the
    value column)."""
    return Text(text, style=style, overflow="ignore")


def _fits(value: RenderableType | str, room: int) -> bool:
    if isinstance(value, Unbroken):
        return value.cell_len <= room
    if isinstance(value, Text) and value.overflow == "ignore":
        return max((cell_len(word) for word in value.plain.split()), default=0) <= room
    return True


def titled(title: str, body: RenderableType) -> RenderableType:
    """A table's title on one unbroken line above it (a table's own title wraps to the
    table's width, splitting the execution name it carries)."""
    return Group(Unbroken(clean(title), style="italic"), body)


class KeyValues:
    """A two-column label/value grid where an `Unbroken` value that does not fit beside its
    label (or a `whole_words` one with a word that does not) goes on the next lines, under the
    label, at the full width."""

    def __init__(self, rows: list[tuple[str, RenderableType | str]]) -> None:
        self.rows = rows

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        label_width = max((len(label) for label, _ in self.rows), default=0)
        room = options.max_width - label_width - 2
        grid: Table | None = None
        for label, value in self.rows:
            if not _fits(value, room):
                if grid is not None:
                    yield grid
                    grid = None
                if label:
                    yield Text(label, style="bold")
                yield from _whole_word_lines(value, options.max_width)
                continue
            if grid is None:
                grid = Table.grid(padding=(0, 2))
                grid.add_column(style="bold", no_wrap=True, min_width=label_width)
                grid.add_column(overflow="fold")
            if isinstance(value, Text) and not isinstance(value, Unbroken):
                value = value.copy()
                value.overflow = "fold"  # every word fits (`_fits`): nothing is folded
            grid.add_row(label, value)
        if grid is not None:
            yield grid


def _whole_word_lines(value: RenderableType | str, width: int) -> list[RenderableType]:
    """`value` at the full width: an `Unbroken` as it is; `whole_words` prose wrapped at spaces
    only — a word wider than the line (an ARN) runs past it whole."""
    if isinstance(value, Unbroken) or not isinstance(value, Text):
        return [value]
    lines: list[RenderableType] = []
    for piece in value.divide(divide_line(value.plain, width, fold=False)):
        piece.rstrip()
        line = Unbroken()
        line.append_text(piece)
        lines.append(line)
    return lines


def kv_grid(rows: Iterable[tuple[str, RenderableType | str | None]]) -> KeyValues:
    """A two-column label/value grid; rows whose value is None are left out."""
    return KeyValues([(label, value) for label, value in rows if value is not None])


class Column:
    """A column of `Rows`: a heading, and whether it is right-aligned."""

    def __init__(self, heading: str, *, right: bool = False) -> None:
        self.heading, self.right = heading, right


class Rows:
    """A listing in the kubectl/docker style: no borders, one line per row, the short columns
    first and the row's ID last, whole. A row whose ID does not fit beside its columns gets
    the ID on the next line, indented — never folded, never cropped (`Unbroken`)."""

    def __init__(
        self, columns: list[Column], id_heading: str, rows: list[tuple[list[Text], Unbroken]]
    ) -> None:
        self.columns, self.id_heading, self.rows = columns, id_heading, rows

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        widths = [
            max([len(c.heading), *(row[0][i].cell_len for row in self.rows)])
            for i, c in enumerate(self.columns)
        ]
        head = Text(style="bold", no_wrap=True, overflow="ignore")
        for column, width in zip(self.columns, widths, strict=True):
            head.append(_pad(Text(column.heading), width, column.right))
            head.append("  ")
        head.append(self.id_heading)
        yield head
        fixed = sum(widths) + 2 * len(widths)
        for cells, name in self.rows:
            line = Text(no_wrap=True, overflow="ignore")
            for column, width, cell in zip(self.columns, widths, cells, strict=True):
                line.append_text(_pad(cell, width, column.right))
                line.append("  ")
            if fixed + name.cell_len <= options.max_width:
                line.append_text(name)
                yield line
            else:
                line.rstrip()
                yield line
                indented = Unbroken("    ")
                indented.append_text(name)
                yield indented


def _pad(cell: Text, width: int, right: bool) -> Text:
    gap = " " * max(0, width - cell.cell_len)
    return Text.assemble(gap, cell) if right else Text.assemble(cell, gap)


def compact_time(value: Any, now: datetime, *, seconds: bool = True) -> str:
    """`11-21 09:48:26` within `now`'s year, `2025-11-21 09:48` before it (UTC); without
    `seconds`, `11-21 09:48`."""
    if not isinstance(value, datetime):
        return "—"
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    value = value.astimezone(UTC)
    if value.year == now.astimezone(UTC).year:
        return str(value.strftime("%m-%d %H:%M:%S" if seconds else "%m-%d %H:%M"))
    return str(value.strftime("%Y-%m-%d %H:%M"))


def payload(
    value: Any,
    *,
    more_hint: str | None = None,
    max_lines: int = PAYLOAD_MAX_LINES,
    max_chars: int = PAYLOAD_MAX_CHARS,
) -> RenderableType:
    """A JSON payload pretty-printed and highlighted; text that isn't JSON shown as text.

    Shows a bounded preview; `more_hint` says how to get the whole thing.
    """
    raw = "" if value is None else str(value)
    is_json = True
    try:
        text = _pretty_prefix(json.loads(raw), max_lines, max_chars)
    except (ValueError, RecursionError):
        text, is_json = raw[: max_chars + 1], False
        if text.count("\n") > max_lines:
            text = "\n".join(text.split("\n", max_lines + 1)[: max_lines + 1])
    lines = text.splitlines() or [""]
    shown = lines[:max_lines]
    body = "\n".join(shown)
    cut = len(lines) - len(shown)
    if len(body) > max_chars:
        body = body[:max_chars]
        cut = max(cut, 1)
    rendered = Text(clean(body, multiline=True))
    if is_json:
        JSONHighlighter().highlight(rendered)
    if not cut and len(text) < len(raw) and not is_json:
        cut = 1
    if not cut:
        return rendered
    note = f"… {len(raw):,} characters in all, preview truncated"
    if more_hint:
        note += f"; full payload: {more_hint}"
    return Group(rendered, Text(note, style="dim italic"))


def _pretty_prefix(value: Any, max_lines: int, max_chars: int) -> str:
    """The start of `json.dumps(value, indent=2)`: enough for the preview plus one more line, so
    a 6 MB payload costs what its preview costs, not a full pretty-print."""
    chunks: list[str] = []
    size = lines = 0
    for chunk in json.JSONEncoder(indent=2, ensure_ascii=False).iterencode(value):
        chunks.append(chunk)
        size += len(chunk)
        lines += chunk.count("\n")
        if lines > max_lines or size > max_chars:
            break
    return "".join(chunks)


def payload_panels(
    data: dict[str, Any], keys: tuple[tuple[str, str], ...], command: str
) -> list[RenderableType]:
    """A dim panel per payload field present (`keys`: (field, title)), each a bounded preview
    naming the `command … --json | jq -r .field` that prints the whole thing."""
    from rich.panel import Panel

    return [
        Panel(
            payload(data[key], more_hint=f"{command} --json | jq -r .{key}"),
            title=title,
            title_align="left",
            border_style="dim",
        )
        for key, title in keys
        if key in data
    ]


def untrusted(value: Any, style: str = "") -> Text | None:
    """`safe()` for optional values: None when the API didn't send the field."""
    if value is None or value == "":
        return None
    return safe(value, style)


def console_link(arn: Any) -> Text | None:
    """`Console  URL` for an ARN: one unbroken line (never folded, so it copies and clicks
    whole), a hyperlink where the terminal supports them. None without a console page."""
    from sfnctl.errors import SfnctlError
    from sfnctl.model.arns import parse_arn
    from sfnctl.model.links import console_url

    if not isinstance(arn, str) or not arn:
        return None
    try:
        url = console_url(parse_arn(arn))
    except SfnctlError:
        return None
    if url is None:
        return None
    line = Unbroken()
    line.append("Console  ", style="bold")
    line.append(url, style=f"link {url}")
    return line
