"""`sfnctl logs` / `why --logs`: each attempt's heading, then its log lines."""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text

from sfnctl.sanitize import safe


def render_logs(entries: list[dict[str, Any]]) -> RenderableType:
    parts: list[RenderableType] = []
    for entry in entries:
        parts.extend(_heading(entry))
        if entry.get("problem"):
            parts.append(Text("  ").append_text(safe(entry["problem"], "yellow")))
            continue
        if not entry["events"]:
            parts.append(Text("  (no log lines in this attempt's time window)", style="dim"))
            continue
        for event in entry["events"]:
            line = Text("  ")
            line.append(_clock(event.get("timestamp")), style="dim")
            line.append("  ")
            line.append_text(safe(str(event.get("message", "")).replace("\t", "  ")))
            parts.append(line)
    return Group(*parts)


def _heading(entry: dict[str, Any]) -> tuple[Text, Text]:
    """`Charge · attempt 2 · FAILED Lambda.Unknown`, then where its logs are."""
    where = " › ".join(entry.get("path") or []) or str(entry.get("state"))
    head = safe(where, "bold")
    head.append(f" · attempt {entry.get('attempt')}")
    if entry.get("status"):
        head.append(f" · {entry['status']}", style="red" if entry["status"] != "SUCCEEDED" else "")
    if entry.get("error"):
        head.append(" ").append_text(safe(entry["error"], "red"))
    source = Text("  log group ", style="dim").append_text(safe(entry.get("logGroup", "")))
    if entry.get("requestId"):
        source.append(" · RequestId ", style="dim").append_text(safe(entry["requestId"]))
    return head, source


def _clock(iso: Any) -> str:
    text = str(iso or "")
    return text[11:23] if len(text) >= 23 else text
