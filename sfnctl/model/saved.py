"""Saved histories for `--from-file`: parse what `sfnctl history --json` / `--jsonl` and
`aws stepfunctions get-execution-history` write. Pure (the command reads the file).

Accepted: a JSON array of events; an object with an `events` array (the AWS CLI's output, also
with `nextToken`); or JSON Lines, one event per line. Timestamps may be ISO 8601 strings or
epoch seconds (the AWS CLI v1 default); they become aware UTC datetimes like boto3's.

Bounded: at most `MAX_BYTES` are read — by sfnctl.commands.inputs, which does the I/O (a
history has at most 25,000 events; the recorded 24,968-event history is 7 MiB as `--json`, so
the cap leaves room for ~5 KiB of payload per event); only a regular file or stdin is read,
and numbers that don't fit or nesting deeper than Python's parser allows are a usage error
(exit 2), never a crash.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from sfnctl.errors import usage

MAX_BYTES = 128 * 1024 * 1024
TOO_BIG = f"is larger than {MAX_BYTES // (1024 * 1024)} MiB, more than any saved history"
SAVE_HINT = "Save a history with: sfnctl history ARN --json"


def _timestamp(value: Any, where: str) -> datetime:
    if isinstance(value, bool):
        raise usage(f"{where}: the timestamp is not a time: {value!r}")
    if isinstance(value, int | float):
        try:
            return datetime.fromtimestamp(value, UTC)
        except (OverflowError, OSError, ValueError):
            raise usage(f"{where}: the timestamp is out of range: {value!r}") from None
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.strip())
        except ValueError:
            raise usage(f"{where}: the timestamp is not ISO 8601: {value[:40]!r}") from None
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    raise usage(f"{where}: the event has no timestamp")


def _event(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, Mapping):
        raise usage(f"{where}: expected an event object, got {type(value).__name__}")
    if not isinstance(value.get("type"), str) or isinstance(value.get("id"), bool):
        raise usage(f"{where}: not a Step Functions history event (needs `id` and `type`)")
    try:
        event_id = int(value["id"])
    except (KeyError, TypeError, ValueError, OverflowError):
        raise usage(f"{where}: the event `id` is not a number") from None
    event = dict(value)
    event["id"] = event_id
    if "previousEventId" in event:
        try:
            event["previousEventId"] = int(event["previousEventId"])
        except (TypeError, ValueError, OverflowError):
            raise usage(f"{where}: `previousEventId` is not a number") from None
    event["timestamp"] = _timestamp(value.get("timestamp"), where)
    return event


def _not_finite(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def _loads(text: str, source: str) -> Any:
    try:
        return json.loads(text, parse_constant=_not_finite)
    except RecursionError:
        raise usage(f"{source}: nested too deeply to be a history", hint=SAVE_HINT) from None


def parse_history(text: str, source: str) -> list[dict[str, Any]]:
    """Events in id order; a usage error (exit 2) that names `source` for anything else."""
    if len(text) > MAX_BYTES:
        raise usage(f"{source} {TOO_BIG}", hint=SAVE_HINT)
    stripped = text.strip()
    if not stripped:
        raise usage(f"{source} is empty", hint=SAVE_HINT)
    try:
        data = _loads(stripped, source)
    except ValueError:
        lines = [line for line in stripped.splitlines() if line.strip()]
        try:
            data = [_loads(line, source) for line in lines]
        except ValueError as error:
            raise usage(f"{source} is not JSON or JSON Lines: {error}", hint=SAVE_HINT) from None
    if isinstance(data, Mapping):
        if not isinstance(data.get("events"), list):
            raise usage(
                f"{source}: expected an array of events or an object with `events`",
                hint=SAVE_HINT,
            )
        data = data["events"]
    if not isinstance(data, list):
        raise usage(f"{source}: expected an array of events")
    events = [_event(item, f"{source}: event #{n + 1}") for n, item in enumerate(data)]
    events.sort(key=lambda e: e["id"])
    return events


_END_EVENTS = ("ExecutionSucceeded", "ExecutionFailed", "ExecutionTimedOut", "ExecutionAborted")


def as_of(events: list[dict[str, Any]]) -> datetime | None:
    """For a saved history of an execution that had not ended: its last event's time, the
    "now" of every duration shown (today's clock would make it run for years). Else None."""
    if not events or any(e.get("type") in _END_EVENTS for e in events):
        return None
    stamps = [e["timestamp"] for e in events if isinstance(e.get("timestamp"), datetime)]
    return max(stamps, default=None)


def as_of_note(when: datetime) -> str:
    """What the title says of such a history."""
    stamp = when.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
    return f"running when saved: times as of its last event, {stamp} UTC"
