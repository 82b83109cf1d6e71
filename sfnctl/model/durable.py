"""Lambda durable executions as data: the SDK's payload envelope, and history → operations.

Pure: no I/O, no rendering. A durable execution's history (GetDurableExecutionHistory) is a
flat list of events; every operation (step, wait, callback, chained invoke, child context) has
an `Id`, a `Name`, a `SubType`, an optional `ParentId`, and events named after its type
(`StepStarted`, `StepFailed`, …). `build()` folds them into operations with attempts, nested
under their parents, plus the invocations that ran them.
"""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sfnctl.model.text import clean

# GetDurableExecutionHistory's EventType enum (pinned to botocore's model by a test).
EVENT_TYPES: tuple[str, ...] = (
    "ExecutionStarted",
    "ExecutionSucceeded",
    "ExecutionFailed",
    "ExecutionTimedOut",
    "ExecutionStopped",
    "ContextStarted",
    "ContextSucceeded",
    "ContextFailed",
    "WaitStarted",
    "WaitSucceeded",
    "WaitCancelled",
    "StepStarted",
    "StepSucceeded",
    "StepFailed",
    "ChainedInvokeStarted",
    "ChainedInvokeSucceeded",
    "ChainedInvokeFailed",
    "ChainedInvokeTimedOut",
    "ChainedInvokeStopped",
    "CallbackStarted",
    "CallbackSucceeded",
    "CallbackFailed",
    "CallbackTimedOut",
    "InvocationCompleted",
    "ExecutionPaused",
    "ExecutionResumed",
)
# ListDurableExecutionsByFunction's / GetDurableExecution's status enum.
STATUSES: tuple[str, ...] = (
    "RUNNING",
    "SUCCEEDED",
    "FAILED",
    "TIMED_OUT",
    "STOPPED",
    "DELETING",
    "PAUSING",
    "PAUSED",
)
TERMINAL = ("SUCCEEDED", "FAILED", "TIMED_OUT", "STOPPED")

_KINDS = ("Execution", "Context", "Wait", "Step", "ChainedInvoke", "Callback", "Invocation")
_OUTCOMES: dict[str, str] = {
    "Started": "RUNNING",
    "Succeeded": "SUCCEEDED",
    "Failed": "FAILED",
    "TimedOut": "TIMED_OUT",
    "Stopped": "STOPPED",
    "Cancelled": "CANCELLED",
    "Paused": "PAUSED",
    "Resumed": "RUNNING",
    "Completed": "SUCCEEDED",
}
FAILED_STATUSES = ("FAILED", "TIMED_OUT", "STOPPED")


# --- the SDK's payload envelope ------------------------------------------------------------

_ENVELOPE_TAGS = {"n", "s", "i", "f", "b", "B", "u", "d", "dt", "D", "t", "l", "m", "br"}


def decode_envelope(text: str | None) -> Any:
    """A step/context/callback payload as the value the handler saw.

    The Python SDK stores values as `{"t": TAG, "v": VALUE}` envelopes (maps, lists, strings,
    datetimes …); anything else (plain JSON from other SDKs, or text) is returned as parsed
    JSON, or as the text itself. Never raises.
    """
    if text is None:
        return None
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        return text
    try:
        return _unwrap(value) if _is_envelope(value) else value
    except (ValueError, TypeError, RecursionError):
        return value


def _is_envelope(value: Any) -> bool:
    return isinstance(value, dict) and set(value) == {"t", "v"} and value["t"] in _ENVELOPE_TAGS


def _unwrap(value: Any) -> Any:
    if not _is_envelope(value):
        return value
    tag, inner = value["t"], value["v"]
    if tag in ("l", "t"):
        return [_unwrap(item) for item in inner]
    if tag in ("m", "br"):
        return {str(k): _unwrap(v) for k, v in inner.items()}
    if tag == "B" and isinstance(inner, str):
        try:
            raw = base64.b64decode(inner, validate=True)
            return raw.decode("utf-8")
        except (ValueError, UnicodeDecodeError):
            return inner
    return inner  # n s i f b u d dt D: the JSON value is the value (decimals/dates as text)


def payload_text(text: str | None) -> str | None:
    """Decoded payload as JSON text for human views (the raw text when it isn't JSON)."""
    if text is None:
        return None
    value = decode_envelope(text)
    if isinstance(value, str) and value == text:
        return text
    return json.dumps(value, ensure_ascii=False, default=str)


# --- events → operations ---------------------------------------------------------------------


def split_type(event_type: str) -> tuple[str, str]:
    """`StepFailed` → (`Step`, `Failed`); unknown types → (type, "")."""
    for kind in _KINDS:
        if event_type.startswith(kind):
            return kind, event_type[len(kind) :]
    return event_type, ""


def details(event: dict[str, Any]) -> dict[str, Any]:
    value = event.get(f"{event.get('EventType', '')}Details")
    return value if isinstance(value, dict) else {}


def error_of(event: dict[str, Any]) -> dict[str, Any] | None:
    """The ErrorObject {ErrorType, ErrorMessage, ErrorData, StackTrace} an event carries."""
    error = details(event).get("Error")
    if not isinstance(error, dict):
        return None
    body = error.get("Payload")
    return body if isinstance(body, dict) else {}


def result_of(event: dict[str, Any]) -> str | None:
    body = details(event).get("Result") or details(event).get("Input")
    if isinstance(body, dict) and isinstance(body.get("Payload"), str):
        return str(body["Payload"])
    return None


def truncated(event: dict[str, Any]) -> bool:
    found = details(event)
    return any(isinstance(found.get(k), dict) and found[k].get("Truncated") for k in found)


def words(camel: str) -> str:
    """`WaitForCallback` → `wait for callback`."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", camel).lower()


@dataclass
class Attempt:
    number: int
    started: datetime | None = None
    ended: datetime | None = None
    status: str = "RUNNING"
    error: dict[str, Any] | None = None
    next_delay: int | None = None  # seconds until the next attempt (RetryDetails)
    event_id: int = 0  # its StepStarted event


@dataclass
class Operation:
    id: str
    name: str
    kind: str  # Execution, Context, Wait, Step, ChainedInvoke, Callback
    sub_type: str
    parent_id: str | None
    first_event: int
    status: str = "RUNNING"
    started: datetime | None = None
    ended: datetime | None = None
    result: str | None = None  # raw payload text (envelope-encoded for SDK values)
    error: dict[str, Any] | None = None
    info: dict[str, Any] = field(default_factory=dict)  # wait duration, callback id, target …
    attempts: list[Attempt] = field(default_factory=list)
    children: list[Operation] = field(default_factory=list)

    @property
    def label(self) -> str:
        return words(self.sub_type or self.kind)

    @property
    def retrying(self) -> bool:
        """Failed, and the SDK scheduled another attempt (RetryDetails.NextAttemptDelaySeconds)."""
        last = self.attempts[-1] if self.attempts else None
        return self.status == "FAILED" and bool(last and last.next_delay)


@dataclass
class Invocation:
    """One Lambda invocation of the handler (InvocationCompleted)."""

    number: int
    event_id: int
    at: datetime | None
    started: datetime | None
    ended: datetime | None
    request_id: str | None
    error: dict[str, Any] | None


@dataclass
class DurableHistory:
    execution: Operation | None
    roots: list[Operation]
    invocations: list[Invocation]
    by_id: dict[str, Operation]
    # operations still open when the execution ended (what a timed-out one was waiting on)
    interrupted: list[Operation] = field(default_factory=list)

    def walk(self) -> list[tuple[int, Operation]]:
        """Every operation depth-first in the order it started, with its depth."""
        found: list[tuple[int, Operation]] = []
        seen: set[int] = set()  # iterative and cycle-proof: nesting depth is the server's
        stack = [(0, root) for root in reversed(self.roots)]
        while stack:
            depth, op = stack.pop()
            if id(op) in seen:
                continue
            seen.add(id(op))
            found.append((depth, op))
            stack.extend((depth + 1, child) for child in reversed(op.children))
        return found


def _when(event: dict[str, Any]) -> datetime | None:
    value = event.get("EventTimestamp")
    return value if isinstance(value, datetime) else None


def build(events: list[dict[str, Any]]) -> DurableHistory:
    """Fold events (any order: --reverse is undone here) into operations and invocations."""
    ordered = sorted(events, key=lambda e: int(e.get("EventId") or 0))
    ops: dict[str, Operation] = {}
    execution: Operation | None = None
    invocations: list[Invocation] = []
    for event in ordered:
        event_type = str(event.get("EventType") or "")
        kind, outcome = split_type(event_type)
        event_id = int(event.get("EventId") or 0)
        when = _when(event)
        if kind == "Invocation":
            found = details(event)
            invocations.append(
                Invocation(
                    number=len(invocations) + 1,
                    event_id=event_id,
                    at=when,
                    started=found.get("StartTimestamp"),
                    ended=found.get("EndTimestamp"),
                    request_id=found.get("RequestId"),
                    error=error_of(event),
                )
            )
            continue
        op_id = str(event.get("Id") or f"event-{event_id}")
        op = ops.get(op_id)
        if op is None:
            op = ops[op_id] = Operation(
                id=op_id,
                name=str(event.get("Name") or ""),
                kind=kind,
                sub_type=str(event.get("SubType") or (kind if kind != "Execution" else "")),
                parent_id=event.get("ParentId"),
                first_event=event_id,
                started=when,
            )
            if kind == "Execution":
                execution = op
        _apply(op, event, outcome, when)
    roots: list[Operation] = []
    for op in ops.values():
        if op is execution:
            continue
        parent = ops.get(op.parent_id or "")
        if parent is not None and parent is not op and parent is not execution:
            parent.children.append(op)
        else:
            roots.append(op)
    for op in ops.values():
        op.children.sort(key=lambda o: o.first_event)
    roots.sort(key=lambda o: o.first_event)
    history = DurableHistory(execution, roots, invocations, ops)
    history.interrupted = _interrupt(history)
    return history


def _interrupt(history: DurableHistory) -> list[Operation]:
    """Operations still open when the execution ended take its outcome and end time (a timed-out
    execution leaves nothing RUNNING); returned innermost-last, in the order they started."""
    execution = history.execution
    if execution is None or execution.status not in TERMINAL:
        return []
    stopped = [op for _, op in history.walk() if op.status in ("RUNNING", "PAUSED")]
    for op in stopped:
        op.status = execution.status if execution.status != "SUCCEEDED" else "STOPPED"
        op.ended = op.ended or execution.ended
    return stopped


def _apply(op: Operation, event: dict[str, Any], outcome: str, when: datetime | None) -> None:
    found = details(event)
    if outcome == "Started":
        if op.kind == "Step":
            number = len(op.attempts) + 1
            event_id = int(event.get("EventId") or 0)
            op.attempts.append(Attempt(number=number, started=when, event_id=event_id))
        if op.kind == "Execution" and isinstance(found.get("Input"), dict):
            op.info["input"] = found["Input"].get("Payload")
            op.info["timeout"] = found.get("ExecutionTimeout")
        for key in ("Duration", "ScheduledEndTimestamp", "CallbackId", "Timeout"):
            if key in found:
                op.info[key] = found[key]
        for key in ("HeartbeatTimeout", "FunctionName", "ExecutedVersion", "DurableExecutionArn"):
            if key in found:
                op.info[key] = found[key]
        if op.kind == "ChainedInvoke" and isinstance(found.get("Input"), dict):
            op.info["input"] = found["Input"].get("Payload")
        op.status = "RUNNING"
        return
    op.status = _OUTCOMES.get(outcome, outcome.upper() or "UNKNOWN")
    if outcome not in ("Paused", "Resumed"):
        op.ended = when
    op.result = result_of(event) if outcome == "Succeeded" else op.result
    error = error_of(event)
    if error is not None:
        op.error = error
    if op.kind == "Step":
        if not op.attempts:  # a history page that starts mid-step
            op.attempts.append(Attempt(number=1))
        attempt = op.attempts[-1]
        attempt.ended, attempt.status, attempt.error = when, op.status, error
        retry = found.get("RetryDetails")
        if isinstance(retry, dict):
            attempt.number = int(retry.get("CurrentAttempt") or attempt.number)
            delay = retry.get("NextAttemptDelaySeconds")
            attempt.next_delay = int(delay) if isinstance(delay, int | float) else None


def is_failure(event: dict[str, Any]) -> bool:
    _, outcome = split_type(str(event.get("EventType") or ""))
    return outcome in ("Failed", "TimedOut", "Stopped") or (
        outcome == "Completed" and error_of(event) is not None
    )


def failed_operations(history: DurableHistory) -> list[Operation]:
    """Operations that failed (or had a failed attempt), in the order they started."""
    return [
        op
        for _, op in history.walk()
        if op.status in FAILED_STATUSES or any(a.error for a in op.attempts)
    ]


def stack_trace(error: dict[str, Any]) -> list[str]:
    """ErrorObject.StackTrace entries as lines (entries may themselves hold newlines)."""
    entries = error.get("StackTrace") or []
    lines: list[str] = []
    for entry in entries if isinstance(entries, list) else [entries]:
        lines.extend(str(entry).rstrip("\n").splitlines() or [""])
    return lines


def error_object(value: object) -> dict[str, Any]:
    """An ErrorObject as served; anything else (a bare string…) as its ErrorMessage."""
    if isinstance(value, dict):
        return value
    return {} if value is None else {"ErrorMessage": value}


def error_line(error: object) -> str:
    """`ErrorType: ErrorMessage` with the module path of the type trimmed."""
    error = error_object(error)
    if not error:
        return ""
    kind = str(error.get("ErrorType") or "")
    short = kind.rsplit(".", 1)[-1] if kind else ""
    message = str(error.get("ErrorMessage") or "")
    return f"{short}: {message}" if short and message else short or message


def function_of(arn: str) -> str:
    """`arn:…:function:NAME:QUALIFIER` (or a plain name) → NAME."""
    if ":function:" in arn:
        return arn.split(":function:", 1)[1].split(":", 1)[0]
    return arn


def qualifier_of(arn: str) -> str:
    """`arn:…:function:NAME:QUALIFIER` → QUALIFIER ("" when there is none)."""
    if ":function:" in arn:
        return arn.split(":function:", 1)[1].partition(":")[2]
    return ""


# --- callbacks the execution waits on ---------------------------------------------------------

# SendDurableExecutionCallback*'s CallbackId: 1–1024 characters of base64.
CALLBACK_ID = re.compile(r"[A-Za-z0-9+/]{1,1024}={0,2}")


@dataclass(frozen=True)
class WaitingCallback:
    name: str  # the wait-for-callback's name (its parent context's, when it has one)
    callback_id: str
    started: datetime | None


def is_callback_id(text: str) -> bool:
    return len(text) <= 1024 and CALLBACK_ID.fullmatch(text) is not None


def waiting_callbacks(history: DurableHistory) -> list[WaitingCallback]:
    """Callbacks started and not yet answered (none once the execution has ended)."""
    if history.execution is not None and history.execution.status in TERMINAL:
        return []
    found: list[WaitingCallback] = []
    for _, op in history.walk():
        callback_id = op.info.get("CallbackId")
        if op.kind != "Callback" or op.status != "RUNNING" or not isinstance(callback_id, str):
            continue
        parent = history.by_id.get(op.parent_id or "")
        name = (
            parent.name if parent is not None and parent.sub_type == "WaitForCallback" else op.name
        )
        found.append(WaitingCallback(name, callback_id, op.started))
    return found


def callback_notes(callbacks: list[WaitingCallback]) -> list[str]:
    """Lines to print whole after the view: each callback's id on its own line and the exact
    commands that answer it. An id that is not base64 (never from the service) is not offered
    as a command."""
    lines: list[str] = []
    for callback in callbacks:
        when = callback.started.strftime(" since %Y-%m-%d %H:%M:%S UTC") if callback.started else ""
        lines.append(f"Waiting on callback {clean(callback.name)!r}{when}. Callback id:")
        if not is_callback_id(callback.callback_id):
            lines.append(clean(callback.callback_id))
            continue
        lines.append(callback.callback_id)
        lines.append("Answer it with one of:")
        base = f"sfnctl durable callback {{}} {callback.callback_id}"
        lines.append("  " + base.format("succeed") + " --result '{\"approved\": true}'")
        lines.append("  " + base.format("fail") + " --error-type Rejected --error-message 'why'")
        lines.append("  " + base.format("heartbeat"))
    return lines


# --- why -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DurableDiagnosis:
    """Why a durable execution ended the way it did (or what it is waiting on)."""

    execution_arn: str | None
    status: str
    error: dict[str, Any] | None  # the execution's own error
    failed: Operation | None  # the operation whose failure ended it
    waiting: list[Operation]  # open when it ended (timed out/stopped) or now (running)


def diagnose(
    history: DurableHistory, execution_arn: str | None = None, status: str | None = None
) -> DurableDiagnosis:
    """The failed operation: the innermost one that failed for good (its last attempt failed
    and no retry followed), the one that failed last; else, for a timeout or a stop, what
    was still open. `status` (from GetDurableExecution) wins over the events'."""
    execution = history.execution
    status = status or (execution.status if execution else "UNKNOWN")
    error = execution.error if execution else None
    failed = [
        op
        for _, op in history.walk()
        if op.status in FAILED_STATUSES and not op.retrying and op not in history.interrupted
    ]
    failed_ids = {id(op) for op in failed}
    innermost = [op for op in failed if not any(id(c) in failed_ids for c in _descendants(op))]
    culprit = max(innermost, key=_last_event, default=None) if status != "SUCCEEDED" else None
    if status in ("RUNNING", "PAUSING", "PAUSED"):
        waiting = [op for _, op in history.walk() if op.status in ("RUNNING", "PAUSED")]
    else:
        waiting = list(history.interrupted)
    waiting = [op for op in waiting if not any(c in waiting for c in op.children)]
    return DurableDiagnosis(execution_arn, status, error, culprit, waiting)


def _descendants(op: Operation) -> list[Operation]:
    found: list[Operation] = []
    seen = {id(op)}
    stack = list(reversed(op.children))
    while stack:  # iterative and cycle-proof: nesting depth is the server's
        child = stack.pop()
        if id(child) not in seen:
            seen.add(id(child))
            found.append(child)
            stack.extend(reversed(child.children))
    return found


def _last_event(op: Operation) -> int:
    return max([op.first_event, *(a.event_id for a in op.attempts)])


def _operation_json(op: Operation) -> dict[str, Any]:
    return {
        "id": op.id,
        "name": op.name or None,
        "type": op.kind,
        "subType": op.sub_type or None,
        "status": op.status,
        "started": op.started,
        "ended": op.ended,
        "error": op.error,
        "callbackId": op.info.get("CallbackId"),
        "attempts": [
            {
                "number": a.number,
                "status": a.status,
                "started": a.started,
                "ended": a.ended,
                "error": a.error,
                "nextAttemptDelaySeconds": a.next_delay,
            }
            for a in op.attempts
        ]
        or None,
    }


def diagnosis_json(diagnosis: DurableDiagnosis) -> dict[str, Any]:
    """`sfnctl why DURABLE_ARN --json`."""
    return {
        "durableExecutionArn": diagnosis.execution_arn,
        "status": diagnosis.status,
        "error": diagnosis.error,
        "failedOperation": _operation_json(diagnosis.failed) if diagnosis.failed else None,
        "waitingOn": [_operation_json(op) for op in diagnosis.waiting],
    }
