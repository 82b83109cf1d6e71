"""`sfnctl list` (no target): the state machines table, with failure counts for --failing;
`sfnctl durable functions`: the functions configured for durable executions."""

from __future__ import annotations

from typing import Any

from rich.table import Table

from sfnctl.model.names import FAILED_STATUSES
from sfnctl.render.common import short_time
from sfnctl.sanitize import safe


def render_state_machines(
    items: list[dict[str, Any]], title: str, *, failing: bool = False
) -> Table:
    """State machines in the order given (by name; by failures with --failing)."""
    table = Table(title=safe(title), title_justify="left", header_style="bold", expand=False)
    table.add_column("Name", overflow="fold", min_width=12)
    table.add_column("Type", no_wrap=True)
    if not failing:  # the failures view needs the width for the next command
        table.add_column("Created (UTC)", no_wrap=True)
    if failing:
        for status in FAILED_STATUSES:
            table.add_column(status.replace("_", " ").capitalize(), justify="right", no_wrap=True)
        table.add_column("Look closer", overflow="fold")
    for item in items:
        row: list[Any] = [safe(item.get("name")), safe(item.get("type"))]
        if not failing:
            row.append(short_time(item.get("creationDate")))
        else:
            counts = item.get("failures") or {}
            row += [str(counts.get(status, 0)) for status in FAILED_STATUSES]
            row.append(safe(look_closer(item)) if sum(counts.values()) else "")
        table.add_row(*row)
    if not items:
        table.caption = "no state machines"
    return table


def look_closer(item: dict[str, Any]) -> str:
    return f"sfnctl why {item.get('name')}@failed"


def render_functions(items: list[dict[str, Any]], title: str) -> Table:
    table = Table(title=safe(title), title_justify="left", header_style="bold", expand=False)
    table.add_column("Function", overflow="fold", min_width=12)
    table.add_column("Runtime", no_wrap=True)
    table.add_column("Retention (days)", justify="right")
    table.add_column("Execution timeout (s)", justify="right")
    table.add_column("Last modified", no_wrap=True)
    for item in items:
        config = item.get("DurableConfig") or {}
        table.add_row(
            safe(item.get("FunctionName")),
            safe(item.get("Runtime") or item.get("PackageType")),
            safe(config.get("RetentionPeriodInDays", "—")),
            safe(config.get("ExecutionTimeout", "—")),
            safe(item.get("LastModified")),
        )
    if not items:
        table.caption = "no functions with durable executions configured"
    return table
