"""Where a running execution is now (`describe --watch`'s live view): its open states, how long
each has run, a Wait state's end time."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import UTC, datetime

from rich.table import Table
from rich.text import Text

from sfnctl.model.progress import Running
from sfnctl.render.common import format_duration
from sfnctl.sanitize import safe

MAX_SHOWN = 6
LABEL_WIDTH = len("State machine")  # describe's widest label: the values line up


def render_now(running: Sequence[Running], now: datetime) -> Table:
    """`Now  in Hold — Wait until 09:56:40 (in 25s)`: one line per open state (the first
    `MAX_SHOWN`, then how many more), aligned under describe's own labels."""
    lines = Text()
    for number, run in enumerate(running[:MAX_SHOWN]):
        if number:
            lines.append("\n")
        lines.append_text(_line(run, now))
    if len(running) > MAX_SHOWN:
        lines.append(f"\n… and {len(running) - MAX_SHOWN} more running", style="dim")
    if not running:
        lines.append("between states", style="dim")
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True, min_width=LABEL_WIDTH)
    grid.add_column(overflow="fold")
    grid.add_row("Now", lines)
    return grid


def _line(run: Running, now: datetime) -> Text:
    line = Text("in ")
    line.append_text(safe(" › ".join(run.path) or "?", "bold"))
    line.append(" — ")
    line.append_text(safe(run.type or "state"))
    if run.until is not None:
        until = run.until.astimezone(UTC)
        line.append(f" until {until:%H:%M:%S} UTC")
        left = (until - now).total_seconds()
        line.append(f" (in {_whole(left)})" if left > 0 else " (due)", style="dim")
    elif run.since is not None:
        line.append(f" for {_whole((now - run.since).total_seconds())}")
    if run.resource:
        line.append("  ")
        line.append_text(safe(run.resource, "dim"))
    return line


def _whole(seconds: float) -> str:
    """A countdown or a running time, redrawn every poll: whole seconds (`4s`, `2m 05s`)."""
    return f"{max(0, math.ceil(seconds))}s" if seconds < 60 else format_duration(seconds)
