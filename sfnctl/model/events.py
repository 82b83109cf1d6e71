"""Pure functions over GetExecutionHistory events: no I/O, no clock, no terminal.

Events are the API's own dicts (`id`, `previousEventId`, `type`, `timestamp`, one
`<type>EventDetails` member). Everything here tolerates partial histories (a running execution,
a single reverse page, `--no-data`) and event types newer than this code.
"""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType
from typing import Any

from sfnctl.model.text import one_line

Event = Mapping[str, Any]

FAILURE_SUFFIXES = ("Failed", "TimedOut", "Aborted")
# Every HistoryEventType in botocore's model (a test keeps this current), for `--type`.
EVENT_TYPES: tuple[str, ...] = (
    "ActivityFailed",
    "ActivityScheduled",
    "ActivityScheduleFailed",
    "ActivityStarted",
    "ActivitySucceeded",
    "ActivityTimedOut",
    "ChoiceStateEntered",
    "ChoiceStateExited",
    "ExecutionAborted",
    "ExecutionFailed",
    "ExecutionStarted",
    "ExecutionSucceeded",
    "ExecutionTimedOut",
    "FailStateEntered",
    "LambdaFunctionFailed",
    "LambdaFunctionScheduled",
    "LambdaFunctionScheduleFailed",
    "LambdaFunctionStarted",
    "LambdaFunctionStartFailed",
    "LambdaFunctionSucceeded",
    "LambdaFunctionTimedOut",
    "MapIterationAborted",
    "MapIterationFailed",
    "MapIterationStarted",
    "MapIterationSucceeded",
    "MapStateAborted",
    "MapStateEntered",
    "MapStateExited",
    "MapStateFailed",
    "MapStateStarted",
    "MapStateSucceeded",
    "ParallelStateAborted",
    "ParallelStateEntered",
    "ParallelStateExited",
    "ParallelStateFailed",
    "ParallelStateStarted",
    "ParallelStateSucceeded",
    "PassStateEntered",
    "PassStateExited",
    "SucceedStateEntered",
    "SucceedStateExited",
    "TaskFailed",
    "TaskScheduled",
    "TaskStarted",
    "TaskStartFailed",
    "TaskStateAborted",
    "TaskStateEntered",
    "TaskStateExited",
    "TaskSubmitFailed",
    "TaskSubmitted",
    "TaskSucceeded",
    "TaskTimedOut",
    "WaitStateAborted",
    "WaitStateEntered",
    "WaitStateExited",
    "MapRunAborted",
    "MapRunFailed",
    "MapRunStarted",
    "MapRunSucceeded",
    "ExecutionRedriven",
    "MapRunRedriven",
    "EvaluationFailed",
)
_SCHEDULE_TYPES = {"TaskScheduled", "LambdaFunctionScheduled", "ActivityScheduled"}
_EXECUTION_LEVEL = {"ExecutionStarted", "ExecutionSucceeded", "ExecutionRedriven"}
_NAMED_DETAILS = ("stateEnteredEventDetails", "stateExitedEventDetails")

# The details member of every event type the API documents. Types not listed here fall back to
# whichever `...EventDetails` member the event carries, so future types still render.
_DETAILS_PREFIX: dict[str, str] = {
    "ChoiceStateEntered": "stateEntered",
    "FailStateEntered": "stateEntered",
    "MapStateEntered": "stateEntered",
    "ParallelStateEntered": "stateEntered",
    "PassStateEntered": "stateEntered",
    "SucceedStateEntered": "stateEntered",
    "TaskStateEntered": "stateEntered",
    "WaitStateEntered": "stateEntered",
    "ChoiceStateExited": "stateExited",
    "MapStateExited": "stateExited",
    "ParallelStateExited": "stateExited",
    "PassStateExited": "stateExited",
    "SucceedStateExited": "stateExited",
    "TaskStateExited": "stateExited",
    "WaitStateExited": "stateExited",
}


def details_key(event: Event) -> str | None:
    """The name of the `...EventDetails` member that belongs to this event, if it has one."""
    etype = str(event.get("type", ""))
    prefix = _DETAILS_PREFIX.get(etype, etype[:1].lower() + etype[1:])
    key = f"{prefix}EventDetails"
    if key in event:
        return key
    return next((k for k in event if k.endswith("EventDetails")), None)


def details(event: Event) -> Mapping[str, Any]:
    key = details_key(event)
    value = event.get(key) if key else None
    return value if isinstance(value, Mapping) else {}


def is_failure(event: Event) -> bool:
    etype = str(event.get("type", ""))
    return etype.endswith(FAILURE_SUFFIXES) or etype == "FailStateEntered"


def by_id(events: Iterable[Event]) -> list[Event]:
    """Events in id order (forward), whatever order they were fetched in."""
    return sorted(events, key=lambda e: int(e.get("id", 0)))


def state_names(events: Iterable[Event]) -> dict[int, str]:
    """Event id → the name of the state it belongs to, following `previousEventId` links.

    StateEntered/Exited events name their state; every other event inherits the state of the
    event it follows. Execution-level start/success events belong to no state.
    """
    names: dict[int, str] = {}
    ordered = by_id(events)
    index = {int(e.get("id", 0)): e for e in ordered}
    for event in ordered:
        eid = int(event.get("id", 0))
        etype = str(event.get("type", ""))
        container = _container_started(event, index)
        if container is not None:
            names[eid] = names.get(container, "")
            continue
        named = next(
            (event[k].get("name") for k in _NAMED_DETAILS if isinstance(event.get(k), Mapping)),
            None,
        )
        if named is None and details(event).get("state"):
            named = details(event)["state"]  # EvaluationFailed names its state; its link doesn't
        if named is not None:
            names[eid] = str(named)
        elif etype in _EXECUTION_LEVEL:
            names[eid] = ""
        elif etype.startswith("MapIteration"):
            names[eid] = str(details(event).get("name") or "")
        else:
            names[eid] = names.get(int(event.get("previousEventId") or 0), "")
    return names


_CONTAINER_START = {"ParallelState": "ParallelStateStarted", "MapState": "MapStateStarted"}


def _container_started(event: Event, index: Mapping[int, Event]) -> int | None:
    """For a Parallel/Map state's own outcome event (e.g. ParallelStateSucceeded, which follows
    the last branch's event), the id of that state's Started event; else None."""
    etype = str(event.get("type", ""))
    if etype.endswith(("Entered", "Exited", "Started")):
        return None
    start_type = next((v for k, v in _CONTAINER_START.items() if etype.startswith(k)), None)
    if start_type is None:
        return None
    prev = _int_id(event.get("previousEventId"))
    seen: set[int] = set()
    while prev in index and prev not in seen:  # a served cycle ends the walk
        seen.add(prev)
        if index[prev].get("type") == start_type:
            return prev
        prev = _int_id(index[prev].get("previousEventId"))
    return None


def _int_id(value: object) -> int:
    """A wire id as an int (0 for anything that isn't one)."""
    try:
        return int(value)  # type: ignore[call-overload, no-any-return]
    except (TypeError, ValueError, OverflowError):
        return 0


def attempts(events: Iterable[Event]) -> dict[int, int]:
    """Event id → attempt number of the task it belongs to (1 = first try, 2 = first retry…).

    A TaskScheduled (or LambdaFunctionScheduled/ActivityScheduled) that follows a failure is a
    Retry; attempt numbers flow along `previousEventId` to the Started/Failed/Succeeded events.
    """
    numbers: dict[int, int] = {}
    failed: set[int] = set()
    for event in by_id(events):
        eid = int(event.get("id", 0))
        prev = int(event.get("previousEventId") or 0)
        etype = str(event.get("type", ""))
        if etype in _SCHEDULE_TYPES:
            numbers[eid] = numbers.get(prev, 0) + 1 if prev in failed else 1
        elif prev in numbers and not etype.endswith(("StateEntered", "StateExited")):
            numbers[eid] = numbers[prev]
        if is_failure(event) and eid in numbers:
            failed.add(eid)
    return numbers


def start_time(events: Iterable[Event]) -> datetime | None:
    """When the execution started: ExecutionStarted's timestamp, else the earliest seen."""
    earliest: datetime | None = None
    for event in events:
        ts = event.get("timestamp")
        if not isinstance(ts, datetime):
            continue
        if event.get("type") == "ExecutionStarted":
            return ts
        if earliest is None or ts < earliest:
            earliest = ts
    return earliest


def _payload_preview(value: Any, limit: int = 60) -> str:
    text = str(value)
    with contextlib.suppress(ValueError, TypeError, RecursionError):
        text = json.dumps(json.loads(text), separators=(",", ":"), ensure_ascii=False)
    return one_line(text, limit)


def lambda_name(parameters: Any) -> str:
    """FunctionName from a lambda:invoke task's parameters (where the failing Lambda is named)."""
    try:
        data = json.loads(parameters) if isinstance(parameters, str) else parameters
    except (ValueError, RecursionError):
        return ""
    if isinstance(data, Mapping):
        fn = data.get("FunctionName") or data.get("functionName")
        if fn:
            return str(fn)
    return ""


# Members of an event's details that carry the execution's data (what includeExecutionData
# controls) — nothing the tree, the timeline or the root cause reads.
PAYLOAD_KEYS = frozenset(
    {
        "input",
        "inputDetails",
        "output",
        "outputDetails",
        "parameters",
        "assignedVariables",
        "assignedVariablesDetails",
    }
)


def slim(
    event: Event, shared: dict[tuple[Any, ...], Mapping[str, Any]] | None = None
) -> dict[str, Any]:
    """The event without its payloads: what the tree, timeline and root cause need, in a
    fraction of the memory (a 25,000-event history keeps every event). A lambda:invoke
    scheduling event keeps the FunctionName its parameters name (the tree shows it); types and
    state names, repeated thousands of times, share one string each. With `shared`, details
    that repeat (a loop's `{"name": "Step"}`, thousands of times) become one read-only
    mapping."""
    slimmed: dict[str, Any] = {}
    for key, value in event.items():
        if key.endswith("EventDetails") and isinstance(value, Mapping):
            value = _slim_details(value, shared)
        elif key == "type" and isinstance(value, str):
            value = sys.intern(value)
        slimmed[key] = value
    return slimmed


class Slimmer:
    """`slim` for one history, each event kept as a `SlimEvent` (built directly: this runs
    25,000 times while the pages arrive); its repeated details shared (see `slim`)."""

    def __init__(self) -> None:
        self.shared: dict[tuple[Any, ...], Mapping[str, Any]] = {}
        self._last: SlimEvent | None = None

    def __call__(self, event: Event) -> SlimEvent:
        slimmed = SlimEvent.__new__(SlimEvent)
        slimmed.id_ = slimmed.previous = slimmed.type = slimmed.timestamp = _MISSING
        slimmed.details_key, slimmed.details, slimmed.rest = None, _MISSING, None
        for key, value in event.items():
            if key == "id":
                slimmed.id_ = value
            elif key == "previousEventId":
                slimmed.previous = value
            elif key == "type":
                slimmed.type = sys.intern(value) if isinstance(value, str) else value
            elif key == "timestamp":
                slimmed.timestamp = value
            elif slimmed.details_key is None and key.endswith("EventDetails"):
                slimmed.details_key = key
                is_mapping = isinstance(value, Mapping)
                slimmed.details = _slim_details(value, self.shared) if is_mapping else value
            else:
                slimmed.rest = {**(slimmed.rest or {}), key: value}
        # Half the events of a fast loop share their predecessor's timestamp, and nearly every
        # previousEventId is the id before it: one object each instead of two.
        last = self._last
        if last is not None:
            if slimmed.timestamp == last.timestamp:
                slimmed.timestamp = last.timestamp
            if slimmed.previous == last.id_:
                slimmed.previous = last.id_
        self._last = slimmed
        return slimmed


_MISSING: Any = object()
_SLOTS = {"id": "id_", "previousEventId": "previous", "type": "type", "timestamp": "timestamp"}


class SlimEvent(Mapping[str, Any]):
    """A read-only event in under half a dict's memory (a 25,000-event tree keeps them all):
    the members every event has in slots, its details and anything else alongside."""

    __slots__ = ("details", "details_key", "id_", "previous", "rest", "timestamp", "type")
    id_: Any
    previous: Any
    type: Any
    timestamp: Any
    details_key: str | None
    details: Any
    rest: dict[str, Any] | None

    def __init__(self, event: Mapping[str, Any]) -> None:
        rest: dict[str, Any] = {}
        self.details_key = None
        self.details = _MISSING
        for slot in _SLOTS.values():
            setattr(self, slot, _MISSING)
        for key, value in event.items():
            name = _SLOTS.get(key)
            if name is not None:
                setattr(self, name, value)
            elif self.details_key is None and key.endswith("EventDetails"):
                self.details_key, self.details = key, value
            else:
                rest[key] = value
        self.rest = rest or None

    def __getitem__(self, key: str) -> Any:
        slot = _SLOTS.get(key)
        if slot is not None:
            value = getattr(self, slot)
        elif key == self.details_key:
            value = self.details
        else:
            value = self.rest.get(key, _MISSING) if self.rest else _MISSING
        if value is _MISSING:
            raise KeyError(key)
        return value

    def get(self, key: str, default: Any = None) -> Any:
        slot = _SLOTS.get(key)  # the model calls this for every event: no exceptions here
        if slot is not None:
            value = getattr(self, slot)
        elif key == self.details_key:
            value = self.details
        elif self.rest:
            value = self.rest.get(key, _MISSING)
        else:
            return default
        return default if value is _MISSING else value

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.get(key, _MISSING) is not _MISSING

    def __iter__(self) -> Iterator[str]:
        for key, slot in _SLOTS.items():
            if getattr(self, slot) is not _MISSING:
                yield key
        if self.details_key is not None:
            yield self.details_key
        yield from self.rest or ()

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __repr__(self) -> str:
        return f"SlimEvent({dict(self)!r})"


_SHAREABLE = (str, int, float, bool, type(None))


def _slim_details(
    found: Mapping[str, Any], shared: dict[tuple[Any, ...], Mapping[str, Any]] | None
) -> Mapping[str, Any]:
    kept = {k: v for k, v in found.items() if k not in PAYLOAD_KEYS}
    for key in ("name", "state"):
        if isinstance(kept.get(key), str):
            kept[key] = sys.intern(kept[key])
    function = lambda_name(found.get("parameters")) if "parameters" in found else ""
    if function:
        kept["parameters"] = MappingProxyType({"FunctionName": function})
    if shared is None or not all(isinstance(v, _SHAREABLE) for v in kept.values()):
        return kept
    content = tuple(kept.items())
    return shared.setdefault(content, MappingProxyType(kept))


def error_text(error: Any, cause: Any, limit: int = 160) -> str:
    """`error: cause` on one line, with a Lambda-style JSON cause shown as its errorMessage."""
    cause_text = str(cause or "")
    try:
        parsed = json.loads(cause_text)
    except (ValueError, RecursionError):
        parsed = None
    if isinstance(parsed, Mapping) and parsed.get("errorMessage"):
        cause_text = str(parsed["errorMessage"])
    parts = [p for p in (str(error or ""), cause_text) if p]
    return one_line(": ".join(parts), limit)


def event_detail(event: Event, attempt: int | None = None) -> str:
    """A one-line summary of an event's details (error/cause, resource, map run, iteration…)."""
    d = details(event)
    etype = str(event.get("type", ""))
    bits: list[str] = []
    if "error" in d or "cause" in d:
        bits.append(error_text(d.get("error"), d.get("cause")))
    if ("resourceType" in d or "resource" in d) and not bits:  # failures: the error says it
        resource = ":".join(str(d[k]) for k in ("resourceType", "resource") if d.get(k))
        fn = lambda_name(d.get("parameters"))
        bits.append(f"{resource} → {fn}" if fn else resource)
    elif etype.startswith(("LambdaFunction", "Activity")) and d.get("resource"):
        bits.append(str(d["resource"]))
    if d.get("region"):
        bits.append(f"region {d['region']}")
    if attempt and attempt > 1 and etype in _SCHEDULE_TYPES:
        bits.append(f"retry #{attempt - 1}")
    if "index" in d:
        bits.append(f"iteration {d['index']}")
    if "length" in d:
        bits.append(f"{d['length']} item{'' if str(d['length']) == '1' else 's'}")
    if d.get("mapRunArn"):
        bits.append(str(d["mapRunArn"]))
    if "redriveCount" in d:
        bits.append(f"redrive #{d['redriveCount']}")
    if d.get("workerName"):
        bits.append(f"worker {d['workerName']}")
    if d.get("timeoutInSeconds"):
        bits.append(f"timeout {d['timeoutInSeconds']}s")
    if d.get("heartbeatInSeconds"):
        bits.append(f"heartbeat {d['heartbeatInSeconds']}s")
    if d.get("state"):
        bits.append(f"in state {d['state']}")
    if d.get("location"):
        bits.append(f"at {d['location']}")
    if d.get("assignedVariables"):
        bits.append("assigned " + ", ".join(sorted(map(str, d["assignedVariables"]))))
    for arn_key in ("stateMachineVersionArn", "stateMachineAliasArn"):
        if d.get(arn_key):
            bits.append(str(d[arn_key]))
    for payload in ("input", "output"):
        if payload in d and not ("error" in d or "resource" in d):
            bits.append(f"{payload} {_payload_preview(d[payload])}")
            break
    if not bits:
        # A type this code doesn't know yet: show its scalar fields generically.
        bits.extend(
            f"{k}={v}" for k, v in sorted(d.items()) if isinstance(v, str | int | float | bool)
        )
    return one_line(" · ".join(b for b in bits if b), 240)


@dataclass(frozen=True)
class EventRow:
    """One row of the event table."""

    id: int
    elapsed: float | None
    type: str
    state: str
    detail: str
    failure: bool


def event_rows(events: Sequence[Event], context: Sequence[Event] | None = None) -> list[EventRow]:
    """Rows for the event table, in the order the events were given.

    `context` is the whole history when `events` is a filtered part of it: state names,
    attempt numbers and elapsed times come from the whole."""
    whole = events if context is None else context
    names = state_names(whole)
    tries = attempts(whole)
    start = start_time(whole)
    rows = []
    for event in events:
        eid = int(event.get("id", 0))
        ts = event.get("timestamp")
        elapsed = (ts - start).total_seconds() if isinstance(ts, datetime) and start else None
        rows.append(
            EventRow(
                id=eid,
                elapsed=elapsed,
                type=str(event.get("type", "")),
                state=names.get(eid, ""),
                detail=event_detail(event, tries.get(eid)),
                failure=is_failure(event),
            )
        )
    return rows
