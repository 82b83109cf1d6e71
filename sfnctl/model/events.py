"""Pure functions over GetExecutionHistory events: no I/O, no clock, no terminal.

Events are the API's own dicts (`id`, `previousEventId`, `type`, `timestamp`, one
`<type>EventDetails` member). Everything here tolerates partial histories (a running execution,
a single reverse page, `--no-data`) and event types newer than this code.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
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
    prev = int(event.get("previousEventId") or 0)
    while prev in index:
        if index[prev].get("type") == start_type:
            return prev
        prev = int(index[prev].get("previousEventId") or 0)
    return None


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
    with contextlib.suppress(ValueError, TypeError):
        text = json.dumps(json.loads(text), separators=(",", ":"), ensure_ascii=False)
    return one_line(text, limit)


def lambda_name(parameters: Any) -> str:
    """FunctionName from a lambda:invoke task's parameters (where the failing Lambda is named)."""
    try:
        data = json.loads(parameters) if isinstance(parameters, str) else parameters
    except ValueError:
        return ""
    if isinstance(data, Mapping):
        fn = data.get("FunctionName") or data.get("functionName")
        if fn:
            return str(fn)
    return ""


def error_text(error: Any, cause: Any, limit: int = 160) -> str:
    """`error: cause` on one line, with a Lambda-style JSON cause shown as its errorMessage."""
    cause_text = str(cause or "")
    try:
        parsed = json.loads(cause_text)
    except ValueError:
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
