"""`sfnctl diff`: two executions' states side by side, the first divergence, payload changes."""

from __future__ import annotations

import json
from typing import Any

from rich.console import Group as Stack
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from sfnctl.model.execdiff import ExecutionDiff, Side
from sfnctl.model.jsondiff import Change
from sfnctl.render.common import format_duration, kv_grid, status_text
from sfnctl.render.failures import PATH_SEPARATOR
from sfnctl.sanitize import one_line, safe

MAX_CHANGES = 50  # per payload in the view (the --json has them all)
VALUE_WIDTH = 60


def render_diff(result: ExecutionDiff, a: dict[str, Any], b: dict[str, Any]) -> RenderableType:
    heading = kv_grid(
        [
            ("A", _execution(a)),
            ("B", _execution(b)),
            ("Diverged", _divergence(result)),
        ]
    )
    parts: list[RenderableType] = [heading, _states(result)]
    for name, changes in (("Input", result.input), ("Output", result.output)):
        parts.append(_changes(name, changes))
    return Stack(*parts)


def _execution(described: dict[str, Any]) -> Text:
    text = safe(described.get("name") or described.get("executionArn"), "bold")
    text.append("  ")
    text.append_text(status_text(described.get("status")))
    return text


def _divergence(result: ExecutionDiff) -> Text:
    row = result.divergence
    if row is None:
        return Text("nowhere: both ran the same states with the same outcomes")
    text = Text("at ")
    text.append_text(safe(PATH_SEPARATOR.join(row.path) or row.state, "bold"))
    text.append(f" — A {_status_word(row.a)}, B {_status_word(row.b)}")
    return text


def _status_word(side: Side | None) -> str:
    return side.status if side is not None else "did not run it"


def _states(result: ExecutionDiff) -> Table:
    table = Table(title="States", title_justify="left", header_style="bold", pad_edge=False)
    table.add_column("", no_wrap=True)
    table.add_column("State", overflow="fold", min_width=12)
    for side in ("A", "B"):
        table.add_column(f"{side} status", no_wrap=True)
        table.add_column(f"{side} time", justify="right", no_wrap=True)
        table.add_column("tries", justify="right", no_wrap=True)
    first = result.divergence
    for row in result.states:
        marker = "▶" if row is first else ("*" if row.diverges else "")
        table.add_row(
            marker,
            safe(PATH_SEPARATOR.join(row.path) or row.state),
            *_side(row.a),
            *_side(row.b),
            style="bold" if row is first else None,
        )
    if not result.states:
        table.caption = "no states ran"
    return table


def _side(side: Side | None) -> tuple[Text | str, str, str]:
    if side is None:
        return Text("—", style="dim"), "", ""
    tries = str(side.attempts) if side.attempts else ""
    return status_text(side.status), format_duration(side.duration), tries


def _changes(name: str, changes: list[Change]) -> RenderableType:
    if not changes:
        return Text(f"{name}: the same", style="dim")
    table = Table(title=name, title_justify="left", header_style="bold", pad_edge=False)
    table.add_column("Path", overflow="fold", min_width=10)
    table.add_column("Change", no_wrap=True)
    table.add_column("A", overflow="fold")
    table.add_column("B", overflow="fold")
    for change in changes[:MAX_CHANGES]:
        table.add_row(
            safe(change.path),
            change.op,
            _value(change.a) if change.op != "added" else Text("—", style="dim"),
            _value(change.b) if change.op != "removed" else Text("—", style="dim"),
        )
    if len(changes) > MAX_CHANGES:
        table.caption = f"{len(changes) - MAX_CHANGES} more changes (--json has them all)"
    return table


def _value(value: Any) -> Text:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return safe(one_line(text, VALUE_WIDTH))
