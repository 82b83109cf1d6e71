"""`sfnctl list` (no target): the state machines table, with failure counts for --failing;
`sfnctl durable functions`: the functions configured for durable executions."""

from __future__ import annotations

from typing import Any

from rich.console import RenderableType
from rich.text import Text

from sfnctl.model.names import FAILED_STATUSES
from sfnctl.render.common import Column, Rows, ident, short_time, titled
from sfnctl.sanitize import clean, safe


def render_state_machines(
    items: list[dict[str, Any]], title: str, *, failing: bool = False
) -> RenderableType:
    """State machines in the order given (by name; by failures with --failing): the short
    columns first, the name last and whole (`Rows`); with --failing, the command to look closer
    follows the name on the same unbroken line."""
    columns = [Column("Type")]
    if not failing:
        columns.append(Column("Created UTC"))
    else:
        columns += [
            Column(status.replace("_", " ").capitalize(), right=True) for status in FAILED_STATUSES
        ]
    rows = []
    widest = max((ident(item.get("name")).cell_len for item in items), default=0)
    for item in items:
        cells = [safe(item.get("type"))]
        name = ident(item.get("name"))
        if not failing:
            cells.append(Text(short_time(item.get("creationDate"))[:16]))
        else:
            counts = item.get("failures") or {}
            cells += [Text(str(counts.get(status, 0))) for status in FAILED_STATUSES]
            if sum(counts.values()):  # the commands in a column of their own
                name.pad_right(widest - name.cell_len)
                name.append(f"  {clean(look_closer(item))}", style="dim")
        rows.append((cells, name))
    if not items:
        return ident(f"{title}: none")
    return titled(title, Rows(columns, "Name" + ("  (look closer)" if failing else ""), rows))


def look_closer(item: dict[str, Any]) -> str:
    return f"sfnctl why {item.get('name')}@failed"


def render_functions(items: list[dict[str, Any]], title: str) -> RenderableType:
    """Functions configured for durable executions: the short columns first, the function's
    name last and whole (`Rows`)."""
    columns = [
        Column("Runtime"),
        Column("Retention (days)", right=True),
        Column("Timeout (s)", right=True),
        Column("Last modified"),
    ]
    rows = []
    for item in items:
        config = item.get("DurableConfig") or {}
        cells = [
            safe(item.get("Runtime") or item.get("PackageType")),
            safe(config.get("RetentionPeriodInDays", "—")),
            safe(config.get("ExecutionTimeout", "—")),
            safe(str(item.get("LastModified") or "—")[:16].replace("T", " ")),
        ]
        rows.append((cells, ident(item.get("FunctionName"))))
    if not items:
        return ident(f"{title}: none with durable executions configured")
    return titled(title, Rows(columns, "Function", rows))
