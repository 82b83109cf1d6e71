"""`logs` and Express executions: which log group, which time window, which request. Pure.

Lambda tasks. A state's attempt at a Lambda function begins at its scheduling event — a
`TaskScheduled` of the `lambda:invoke` integration (the function is the parameters'
`FunctionName`) or a `LambdaFunctionScheduled` (its `resource` is the function ARN) — and ends
at the attempt's `…Succeeded`, `…Failed` or `…TimedOut`. Its logs are searched from
scheduled − margin to ended + margin (open-ended while it runs), in the function's log group:
its LoggingConfig's `LogGroup`, else `/aws/lambda/NAME` (NAME without qualifier or ARN).

Request ids. A cause may carry the invocation's request id (`RequestId: …`, `Request ID: …`,
Lambda's `"requestId"` in its error JSON, the `<time> <id> Task timed out` line); log lines
carry it in the runtime's `START/END/REPORT RequestId: … [Version: …]` lines (or the JSON log
format's `platform.start`/`platform.runtimeDone`/`platform.report` records). A request's lines
are, per log stream, those from its START to its REPORT, plus any line naming it.

Express executions. Step Functions writes one JSON record per history event to the state
machine's log group: `id`, `type`, `details`, `previous_event_id`, `event_timestamp` (epoch
milliseconds), `execution_arn`, `redrive_count`. `express_event` turns one into the shape
GetExecutionHistory returns (`id`, `previousEventId`, `type`, `timestamp`, `<type>EventDetails`),
so the existing views show it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from sfnctl.model.tree import STATE, ExecutionTree, Node

Event = Mapping[str, Any]
DEFAULT_MARGIN = timedelta(seconds=5)
FAILED_STATUSES = ("FAILED", "TIMED_OUT")

_FUNCTION = re.compile(
    r"(?:arn:(?P<partition>aws[a-z-]*):lambda:(?P<region>[a-z0-9-]+):)?"
    r"(?:(?P<account>\d{12}):)?(?:function:)?(?P<name>[A-Za-z0-9_.-]{1,140})"
    r"(?::(?P<qualifier>\$LATEST(?:\.PUBLISHED)?|[A-Za-z0-9_-]{1,128}))?"
)
_UUIDISH = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
_CAUSE_REQUEST_IDS = (
    re.compile(r"Request ?Id:\s*(" + _UUIDISH + r")", re.IGNORECASE),
    re.compile(r"\"requestId\"\s*:\s*\"(" + _UUIDISH + r")\""),
    re.compile(r"\d{4}-\d{2}-\d{2}T[\d:.]+Z?\s+(" + _UUIDISH + r")\s+Task timed out"),
)
_PLATFORM_TEXT = re.compile(
    r"(?P<kind>START|END|REPORT) RequestId:\s*(?P<id>[0-9A-Za-z-]+)(?:\s+Version:\s*(?P<v>\S+))?"
)
_PLATFORM_JSON = {
    "platform.start": "START",
    "platform.runtimeDone": "END",
    "platform.report": "REPORT",
}


# --- the function and its log group ----------------------------------------------------------


@dataclass(frozen=True)
class FunctionRef:
    """A Lambda function as a task names it: bare name, `NAME:QUALIFIER`, partial or full ARN."""

    name: str
    qualifier: str = ""
    region: str = ""
    account: str = ""
    partition: str = ""


def function_ref(value: str) -> FunctionRef | None:
    """Parse a FunctionName / function ARN; None when it is not one."""
    m = _FUNCTION.fullmatch(value.strip())
    if m is None:
        return None
    return FunctionRef(
        m.group("name"),
        m.group("qualifier") or "",
        m.group("region") or "",
        m.group("account") or "",
        m.group("partition") or "",
    )


def default_log_group(function: str) -> str:
    """`/aws/lambda/NAME` for a function name or ARN (qualifier dropped)."""
    ref = function_ref(function)
    return f"/aws/lambda/{ref.name if ref else function}"


def log_group(function: str, logging_config: Mapping[str, Any] | None = None) -> str:
    """The function's log group: GetFunctionConfiguration's `LoggingConfig.LogGroup` when set
    (pass `LoggingConfig` itself), else the default."""
    configured = (logging_config or {}).get("LogGroup")
    return str(configured) if configured else default_log_group(function)


def function_of(event: Event) -> str | None:
    """The Lambda function a scheduling event names, or None (not a Lambda task)."""
    etype = event.get("type")
    d = _details(event)
    if etype == "LambdaFunctionScheduled":
        return str(d["resource"]) if d.get("resource") else None
    if etype != "TaskScheduled" or d.get("resourceType") != "lambda":
        return None
    if not str(d.get("resource", "")).startswith("invoke"):
        return None
    params = d.get("parameters")
    try:
        data = json.loads(params) if isinstance(params, str) else params
    except (ValueError, RecursionError):
        return None
    if isinstance(data, Mapping):
        name = data.get("FunctionName") or data.get("functionName")
        return str(name) if name else None
    return None


# --- attempts and their time windows ---------------------------------------------------------


@dataclass(frozen=True)
class LambdaAttempt:
    """One attempt of a Lambda task and where its logs are. `start`/`end` include the margin
    (`end` None: still running)."""

    state: str
    path: tuple[str, ...]
    attempt: int
    function: str
    region: str
    status: str
    scheduled: datetime | None
    ended: datetime | None
    error: str | None
    cause: str | None
    start: datetime | None
    end: datetime | None

    @property
    def log_group(self) -> str:
        return default_log_group(self.function)

    @property
    def request_ids(self) -> list[str]:
        """Request ids the cause names (may be empty)."""
        return request_ids_in_cause(self.cause)

    @property
    def failed(self) -> bool:
        return self.status in FAILED_STATUSES


def lambda_attempts(
    tree: ExecutionTree, *, margin: timedelta = DEFAULT_MARGIN, failed_only: bool = True
) -> list[LambdaAttempt]:
    """Every Lambda attempt in the execution, in event order (only failed and timed-out
    ones unless `failed_only` is False — `--all`)."""
    by_node: dict[int, list[tuple[int, Event]]] = {}
    nodes: dict[int, Node] = {}
    for eid in sorted(tree.events):
        node = tree.owner.get(eid)
        if node is not None and node.kind == STATE:
            by_node.setdefault(id(node), []).append((eid, tree.events[eid]))
            nodes[id(node)] = node
    found: list[tuple[int, LambdaAttempt]] = []
    for key, events in by_node.items():
        found.extend(_node_attempts(nodes[key], events, margin))
    found.sort(key=lambda pair: pair[0])
    return [a for _, a in found if a.failed or not failed_only]


def _node_attempts(
    node: Node, events: list[tuple[int, Event]], margin: timedelta
) -> list[tuple[int, LambdaAttempt]]:
    attempts: list[tuple[int, LambdaAttempt]] = []
    open_: dict[str, Any] | None = None
    for eid, event in events:
        etype = str(event.get("type", ""))
        function = function_of(event)
        if function is not None:
            open_ = {"eid": eid, "function": function, "scheduled": _time(event)}
            open_["region"] = _region(function, _details(event))
            attempts.append((eid, _attempt(node, len(attempts) + 1, open_, margin)))
            continue
        if open_ is None or not etype.startswith(("Task", "LambdaFunction")):
            continue
        if etype.endswith(("Succeeded", "Failed", "TimedOut")):
            d = _details(event)
            open_.update(
                ended=_time(event),
                status=_outcome(etype),
                error=_text(d.get("error")),
                cause=_text(d.get("cause")),
            )
            attempts[-1] = (open_["eid"], _attempt(node, len(attempts), open_, margin))
            open_ = None
    return attempts


def _attempt(node: Node, number: int, info: Mapping[str, Any], margin: timedelta) -> LambdaAttempt:
    scheduled, ended = info.get("scheduled"), info.get("ended")
    return LambdaAttempt(
        state=node.name,
        path=tuple(node.path()),
        attempt=number,
        function=info["function"],
        region=info["region"],
        status=info.get("status", "RUNNING"),
        scheduled=scheduled,
        ended=ended,
        error=info.get("error"),
        cause=info.get("cause"),
        start=scheduled - margin if scheduled else None,
        end=ended + margin if ended else None,
    )


def _outcome(etype: str) -> str:
    if etype.endswith("Succeeded"):
        return "SUCCEEDED"
    return "TIMED_OUT" if etype.endswith("TimedOut") else "FAILED"


def _region(function: str, d: Mapping[str, Any]) -> str:
    ref = function_ref(function)
    return (ref.region if ref else "") or str(d.get("region") or "")


def millis(value: datetime | None) -> int | None:
    """Epoch milliseconds (FilterLogEvents' startTime/endTime); a naive time is UTC."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return int(value.timestamp() * 1000)


class InvocationLike(Protocol):
    """What `sfnctl.model.durable.Invocation` offers."""

    number: int
    started: datetime | None
    ended: datetime | None
    request_id: str | None


@dataclass(frozen=True)
class InvocationWindow:
    """A durable execution's invocation: its request id and the log window (with margin)."""

    number: int
    request_id: str | None
    start: datetime | None
    end: datetime | None


def invocation_windows(
    invocations: Iterable[InvocationLike], margin: timedelta = DEFAULT_MARGIN
) -> list[InvocationWindow]:
    """The log windows of a durable execution's invocations (InvocationCompleted details)."""
    return [
        InvocationWindow(
            inv.number,
            inv.request_id,
            inv.started - margin if isinstance(inv.started, datetime) else None,
            inv.ended + margin if isinstance(inv.ended, datetime) else None,
        )
        for inv in invocations
    ]


# --- request ids -----------------------------------------------------------------------------


def request_ids_in_cause(cause: str | None) -> list[str]:
    """Lambda request ids a cause names, in order of appearance, without repeats."""
    if not cause:
        return []
    hits: list[tuple[int, str]] = []
    for pattern in _CAUSE_REQUEST_IDS:
        hits.extend((m.start(1), m.group(1).lower()) for m in pattern.finditer(cause))
    return list(dict.fromkeys(rid for _, rid in sorted(hits)))


@dataclass(frozen=True)
class PlatformLine:
    """A runtime line that opens/closes a request: kind START, END or REPORT."""

    kind: str
    request_id: str
    version: str | None = None


def platform_line(message: str) -> PlatformLine | None:
    """The START/END/REPORT line (text or JSON log format) in `message`, if it is one."""
    text = message.strip()
    if text.startswith("{"):
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            data = None
        if isinstance(data, Mapping) and data.get("type") in _PLATFORM_JSON:
            record = data.get("record")
            if isinstance(record, Mapping) and record.get("requestId"):
                version = record.get("version")
                return PlatformLine(
                    _PLATFORM_JSON[str(data["type"])],
                    str(record["requestId"]),
                    str(version) if version is not None else None,
                )
        return None
    m = _PLATFORM_TEXT.match(text)
    if m is None:
        return None
    return PlatformLine(m.group("kind"), m.group("id"), m.group("v"))


def request_ids_in_logs(events: Iterable[Mapping[str, Any]]) -> list[str]:
    """Request ids of the START lines among log events (FilterLogEvents' `message`), in order."""
    found: list[str] = []
    for event in events:
        line = platform_line(str(event.get("message", "")))
        if line is not None and line.kind == "START" and line.request_id not in found:
            found.append(line.request_id)
    return found


def lines_of_request(
    events: Iterable[Mapping[str, Any]], request_id: str
) -> list[Mapping[str, Any]]:
    """The log events of one request: per `logStreamName`, from its START to its REPORT
    (inclusive; another request's START also ends it), plus any line naming the request id.
    Order kept."""
    inside: dict[str, bool] = {}
    kept: list[Mapping[str, Any]] = []
    for event in events:
        message = str(event.get("message", ""))
        stream = str(event.get("logStreamName", ""))
        line = platform_line(message)
        if line is not None and line.kind == "START":
            inside[stream] = line.request_id == request_id
        if inside.get(stream) or request_id in message:
            kept.append(event)
        if line is not None and line.kind == "REPORT" and line.request_id == request_id:
            inside[stream] = False
    return kept


def narrow(
    events: Sequence[Mapping[str, Any]],
    cause_ids: list[str],
    scheduled: datetime | None = None,
) -> tuple[str | None, list[Mapping[str, Any]]]:
    """An attempt's request id and its lines among a window's log events: the id the cause
    names, else the first request that STARTs at or after `scheduled` (else the first in the
    window); without any request id, the whole window."""
    request_id = cause_ids[0] if cause_ids else _first_start(events, scheduled)
    if request_id is None:
        return None, list(events)
    return request_id, lines_of_request(events, request_id)


def _first_start(events: Sequence[Mapping[str, Any]], scheduled: datetime | None) -> str | None:
    after = millis(scheduled)
    starts: list[tuple[int, str]] = []
    for event in events:
        line = platform_line(str(event.get("message", "")))
        if line is not None and line.kind == "START":
            starts.append((int(event.get("timestamp") or 0), line.request_id))
    if not starts:
        return None
    later = [rid for at, rid in starts if after is None or at >= after]
    return later[0] if later else starts[0][1]


def log_time(value: Any) -> datetime | None:
    """A log event's `timestamp` (epoch ms) as an aware UTC datetime."""
    return _log_time(value)


# --- Express executions from CloudWatch Logs -------------------------------------------------


@dataclass(frozen=True)
class ExpressRecord:
    """One Express history event from the logs, and the execution it belongs to."""

    execution_arn: str
    event: dict[str, Any]


def details_member(etype: str) -> str:
    """The GetExecutionHistory member holding an event type's details."""
    if etype.endswith("StateEntered"):
        return "stateEnteredEventDetails"
    if etype.endswith("StateExited"):
        return "stateExitedEventDetails"
    return f"{etype[:1].lower()}{etype[1:]}EventDetails"


def express_record(message: str | Mapping[str, Any]) -> ExpressRecord | None:
    """Parse one log record Step Functions wrote; None when it is not one (other lines in
    the group, truncated JSON)."""
    data: Any = message
    if isinstance(message, str):
        try:
            data = json.loads(message)
        except (ValueError, RecursionError):
            return None
    if not isinstance(data, Mapping) or not data.get("type") or data.get("id") is None:
        return None
    try:
        eid = int(data["id"])
        prev = int(data.get("previous_event_id") or 0)
    except (TypeError, ValueError):
        return None
    etype = str(data["type"])
    event: dict[str, Any] = {"id": eid, "previousEventId": prev, "type": etype}
    when = _log_time(data.get("event_timestamp"))
    if when is not None:
        event["timestamp"] = when
    details = data.get("details")
    if isinstance(details, Mapping) and details:
        event[details_member(etype)] = dict(details)
    return ExpressRecord(str(data.get("execution_arn") or ""), event)


def express_event(message: str | Mapping[str, Any]) -> dict[str, Any] | None:
    """One log record → one GetExecutionHistory-shaped event (None if not a record)."""
    record = express_record(message)
    return record.event if record is not None else None


@dataclass(frozen=True)
class ExpressHistory:
    events: list[dict[str, Any]]  # id order, one per id
    skipped: int  # log lines that were not records of this execution


def express_history(
    log_events: Iterable[Mapping[str, Any]], execution_arn: str | None = None
) -> ExpressHistory:
    """An Express execution's history from FilterLogEvents' events (their `message`): records of
    `execution_arn` only when given, one per event id (the first seen), in id order."""
    by_id: dict[int, dict[str, Any]] = {}
    skipped = 0
    for log_event in log_events:
        record = express_record(str(log_event.get("message", "")))
        if record is None or (execution_arn and record.execution_arn != execution_arn):
            skipped += 1
            continue
        by_id.setdefault(int(record.event["id"]), record.event)
    return ExpressHistory([by_id[k] for k in sorted(by_id)], skipped)


_TERMINAL = {
    "ExecutionSucceeded": "SUCCEEDED",
    "ExecutionFailed": "FAILED",
    "ExecutionTimedOut": "TIMED_OUT",
    "ExecutionAborted": "ABORTED",
}


def express_executions(records: Iterable[ExpressRecord]) -> list[dict[str, Any]]:
    """ListExecutions-shaped items for the Express executions the records show (`list` of an
    Express state machine): executionArn, name, status (RUNNING until a terminal record),
    startDate, stopDate; newest first, then by ARN."""
    found: dict[str, dict[str, Any]] = {}
    for record in records:
        if not record.execution_arn:
            continue
        item = found.setdefault(
            record.execution_arn,
            {
                "executionArn": record.execution_arn,
                "name": _express_name(record.execution_arn),
                "status": "RUNNING",
            },
        )
        etype = record.event["type"]
        when = record.event.get("timestamp")
        if etype == "ExecutionStarted" and when is not None:
            item["startDate"] = when
        elif etype in _TERMINAL:
            item["status"] = _TERMINAL[etype]
            if when is not None:
                item["stopDate"] = when
    return sorted(found.values(), key=_newest)


def express_description(
    events: Sequence[Mapping[str, Any]], execution_arn: str, state_machine_arn: str
) -> dict[str, Any]:
    """A DescribeExecution-shaped view of an Express execution from its logged events:
    status RUNNING until a terminal event; input/output/error/cause when logged."""
    found: dict[str, Any] = {
        "executionArn": execution_arn,
        "stateMachineArn": state_machine_arn,
        "name": _express_name(execution_arn),
        "status": "RUNNING",
    }
    for event in events:
        etype = str(event.get("type", ""))
        d = _details(event)
        if etype == "ExecutionStarted":
            found["startDate"] = event.get("timestamp")
            if d.get("input") is not None:
                found["input"] = d["input"]
        elif etype in _TERMINAL:
            found["status"] = _TERMINAL[etype]
            found["stopDate"] = event.get("timestamp")
            for key in ("output", "error", "cause"):
                if d.get(key) is not None:
                    found[key] = d[key]
    return {k: v for k, v in found.items() if v is not None}


def _newest(item: Mapping[str, Any]) -> tuple[int, float, str]:
    start = item.get("startDate")
    if isinstance(start, datetime):
        return (0, -start.timestamp(), str(item["executionArn"]))
    return (1, 0.0, str(item["executionArn"]))


def _express_name(arn: str) -> str:
    # arn:P:states:R:A:express:SM:NAME:ID
    parts = arn.split(":")
    return parts[7] if len(parts) >= 9 else ""


def log_group_name(arn: str) -> str:
    """The log group name in a log group ARN (`arn:…:log-group:NAME[:*]`); a name is returned
    as it is."""
    marker = ":log-group:"
    if marker not in arn:
        return arn
    name = arn.split(marker, 1)[1]
    return name[:-2] if name.endswith(":*") else name


@dataclass(frozen=True)
class LoggingAdvice:
    """Where a state machine logs and whether that holds whole histories. `problem`: one line
    saying what to enable (None when level ALL with execution data)."""

    log_group: str | None
    complete: bool
    problem: str | None


def logging_advice(config: Mapping[str, Any] | None) -> LoggingAdvice:
    """Read DescribeStateMachine's `loggingConfiguration` for Express histories."""
    cfg = config or {}
    level = str(cfg.get("level") or "OFF").upper()
    group = None
    for destination in cfg.get("destinations") or []:
        arn = (destination.get("cloudWatchLogsLogGroup") or {}).get("logGroupArn")
        if arn:
            group = log_group_name(str(arn))
            break
    fix = "set its logging level to ALL with execution data included"
    if level == "OFF" or group is None:
        return LoggingAdvice(group, False, f"the state machine does not log its executions: {fix}")
    if level != "ALL":
        return LoggingAdvice(
            group, False, f"the state machine logs at level {level} (only some events): {fix}"
        )
    if not cfg.get("includeExecutionData"):
        return LoggingAdvice(
            group, True, f"inputs and outputs are not logged (no execution data): {fix}"
        )
    return LoggingAdvice(group, True, None)


# --- helpers ---------------------------------------------------------------------------------


def _details(event: Event) -> Mapping[str, Any]:
    etype = str(event.get("type", ""))
    value = event.get(details_member(etype))
    return value if isinstance(value, Mapping) else {}


def _time(event: Event) -> datetime | None:
    ts = event.get("timestamp")
    return ts if isinstance(ts, datetime) else None


def _text(value: Any) -> str | None:
    return None if value in (None, "") else str(value)


def _log_time(value: Any) -> datetime | None:
    """`event_timestamp`: epoch milliseconds (string or number); ISO 8601 tolerated."""
    if value is None or isinstance(value, bool):
        return None
    try:
        return datetime.fromtimestamp(int(str(value)) / 1000, tz=UTC)
    except (ValueError, OverflowError, OSError):
        pass
    try:
        parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
