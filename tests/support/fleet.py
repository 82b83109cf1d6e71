"""Many executions of one state machine, failing in a few ways that differ run to run (request
ids, durations, ARNs), shaped for `HistoryServer` (epoch timestamps, the JSON wire format).
Used by the `failures`/`stats` tests and benchmarks.

Every execution runs Validate (Pass) → Charge (Lambda Task) → Ship (Lambda Task), `padding`
extra Pass states before them to make histories longer. By index `i`:
- i % 10 in 0..5: Charge times out ("Task timed out after N.NN seconds", its own RequestId);
- i % 10 in 6..8: Ship fails with Lambda.Unknown naming its own request id and order ARN;
- i % 10 == 9: succeeds (only when `failed_only` is False; otherwise it fails like Charge).
"""

from __future__ import annotations

import uuid
from typing import Any

ACCOUNT = "123456789012"
SM = f"arn:aws:states:us-east-1:{ACCOUNT}:stateMachine:orders"
T0 = 1_795_000_000.0  # 2026-11-18T ~ epoch seconds; newest execution starts here
TIMEOUT_CAUSE = "Task timed out after {seconds:.2f} seconds"
SHIP_CAUSE = "Unhandled error RequestId: {rid} while shipping arn:aws:states:us-east-1:{a}:x:{n}"


def execution_arn(i: int) -> str:
    return f"arn:aws:states:us-east-1:{ACCOUNT}:execution:orders:run-{i:05d}"


def kind_of(i: int, failed_only: bool) -> str:
    slot = i % 10
    if slot <= 5 or (slot == 9 and failed_only):
        return "timeout"
    return "ship" if slot <= 8 else "ok"


def _events(i: int, kind: str, start: float, padding: int) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = []
    t = start

    def add(etype: str, **details: Any) -> None:
        nonlocal t
        t += 0.05
        events.append(
            {"id": len(events) + 1, "previousEventId": len(events), "type": etype,
             "timestamp": round(t, 3), **details}
        )  # fmt: skip

    add("ExecutionStarted", executionStartedEventDetails={"input": f'{{"order": {i}}}'})
    for n in range(padding):
        add("PassStateEntered", stateEnteredEventDetails={"name": f"Step{n}"})
        add("PassStateExited", stateExitedEventDetails={"name": f"Step{n}"})
    fn = f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:orders"
    for state in ("Charge", "Ship"):
        add("TaskStateEntered", stateEnteredEventDetails={"name": state})
        add("LambdaFunctionScheduled", lambdaFunctionScheduledEventDetails={"resource": fn})
        add("LambdaFunctionStarted")
        if state == "Charge" and kind == "timeout":
            seconds = 3 + (i % 7) / 100
            cause = TIMEOUT_CAUSE.format(seconds=seconds)
            add("LambdaFunctionTimedOut", lambdaFunctionTimedOutEventDetails={
                "error": "States.Timeout", "cause": cause})  # fmt: skip
            add("ExecutionFailed", executionFailedEventDetails={"error": "States.Timeout"})
            return events
        if state == "Ship" and kind == "ship":
            rid = uuid.UUID(int=i)
            cause = SHIP_CAUSE.format(rid=rid, a=ACCOUNT, n=i)
            add("LambdaFunctionFailed", lambdaFunctionFailedEventDetails={
                "error": "Lambda.Unknown", "cause": cause})  # fmt: skip
            add("ExecutionFailed", executionFailedEventDetails={
                "error": "Lambda.Unknown", "cause": cause})  # fmt: skip
            return events
        add("LambdaFunctionSucceeded", lambdaFunctionSucceededEventDetails={"output": "{}"})
        add("TaskStateExited", stateExitedEventDetails={"name": state})
    add("ExecutionSucceeded", executionSucceededEventDetails={"output": "{}"})
    return events


def fleet(
    count: int, *, failed_only: bool = True, padding: int = 0, spacing: float = 60.0
) -> tuple[dict[str, dict[str, Any]], dict[str, list[dict[str, Any]]]]:
    """(executions, listings) for `HistoryServer`: `count` executions, newest first, one every
    `spacing` seconds back from T0."""
    executions: dict[str, dict[str, Any]] = {}
    items: list[dict[str, Any]] = []
    for i in range(count):
        kind = kind_of(i, failed_only)
        start = T0 - i * spacing
        events = _events(i, kind, start, padding)
        status = "SUCCEEDED" if kind == "ok" else "FAILED"
        item = {
            "executionArn": execution_arn(i),
            "stateMachineArn": SM,
            "name": f"run-{i:05d}",
            "status": status,
            "startDate": start,
            "stopDate": events[-1]["timestamp"],
        }
        items.append(item)
        executions[item["executionArn"]] = {"describe": dict(item), "history": events}
    return executions, {SM: items}
