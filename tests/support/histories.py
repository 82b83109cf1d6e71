"""Small hand-built GetExecutionHistory event lists for the model tests (shapes the emulator
cannot produce: Lambda tasks with retries, loops, branches that start in another order)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

T0 = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)


class History:
    """Append events; ids count up, each event follows the previous one unless told."""

    def __init__(self, start: datetime = T0) -> None:
        self.events: list[dict[str, Any]] = []
        self.start = start

    @property
    def last(self) -> int:
        return len(self.events)

    def add(self, etype: str, at: float, prev: int | None = None, **details: Any) -> int:
        eid = len(self.events) + 1
        event: dict[str, Any] = {
            "id": eid,
            "previousEventId": self.last if prev is None else prev,
            "type": etype,
            "timestamp": self.start + timedelta(seconds=at),
        }
        event.update(details)
        self.events.append(event)
        return eid

    def started(self, at: float = 0.0, input: str = "{}") -> int:
        return self.add(
            "ExecutionStarted", at, prev=0, executionStartedEventDetails={"input": input}
        )

    def enter(self, type_: str, name: str, at: float, prev: int | None = None) -> int:
        return self.add(f"{type_}StateEntered", at, prev, stateEnteredEventDetails={"name": name})

    def exit(self, type_: str, name: str, at: float, prev: int | None = None) -> int:
        return self.add(f"{type_}StateExited", at, prev, stateExitedEventDetails={"name": name})

    def lambda_scheduled(self, function: str, at: float, prev: int | None = None) -> int:
        return self.add(
            "TaskScheduled",
            at,
            prev,
            taskScheduledEventDetails={
                "resourceType": "lambda",
                "resource": "invoke",
                "region": "us-east-1",
                "parameters": json.dumps({"FunctionName": function, "Payload": {}}),
            },
        )

    def task_started(self, at: float) -> int:
        return self.add("TaskStarted", at, taskStartedEventDetails={"resourceType": "lambda"})

    def task_failed(self, at: float, error: str, cause: str = "") -> int:
        return self.add("TaskFailed", at, taskFailedEventDetails={"error": error, "cause": cause})

    def task_timed_out(self, at: float, error: str = "States.Timeout", cause: str = "") -> int:
        return self.add(
            "TaskTimedOut", at, taskTimedOutEventDetails={"error": error, "cause": cause}
        )

    def task_succeeded(self, at: float, output: str = "{}") -> int:
        return self.add("TaskSucceeded", at, taskSucceededEventDetails={"output": output})

    def failed(self, at: float, error: str = "E", cause: str = "") -> int:
        return self.add(
            "ExecutionFailed", at, executionFailedEventDetails={"error": error, "cause": cause}
        )

    def succeeded(self, at: float, output: str = "{}") -> int:
        return self.add("ExecutionSucceeded", at, executionSucceededEventDetails={"output": output})


def lambda_task(
    h: History, name: str, function: str, at: float, outcomes: list[tuple[str, float]]
) -> None:
    """A Task state calling `function` once per outcome ("ok", "fail", "timeout"), each
    attempt lasting the given seconds, one second apart; exits on success."""
    h.enter("Task", name, at)
    t = at
    for outcome, seconds in outcomes:
        h.lambda_scheduled(function, t)
        h.task_started(t)
        t += seconds
        if outcome == "ok":
            h.task_succeeded(t)
            h.exit("Task", name, t)
            return
        if outcome == "timeout":
            h.task_timed_out(t, cause=f"Task timed out after {seconds:.2f} seconds")
        else:
            h.task_failed(
                t,
                "Lambda.Unknown",
                f"Unhandled error RequestId: 0000000{len(h.events)}-1111-2222-3333-444455556666",
            )
        t += 1.0


def pipeline(charge: list[tuple[str, float]], fail: bool) -> History:
    """Validate → Charge (Lambda, the given attempts) → Ship, or → Failed."""
    h = History()
    h.started(input='{"order": 1}')
    h.enter("Pass", "Validate", 0.1)
    h.exit("Pass", "Validate", 0.2)
    lambda_task(
        h, "Charge", "arn:aws:lambda:us-east-1:123456789012:function:charge:live", 0.3, charge
    )
    end = h.events[-1]["timestamp"] - T0
    at = end.total_seconds() + 0.1
    if fail:
        h.enter("Fail", "Failed", at)
        h.failed(at, "Lambda.Unknown", "boom")
    else:
        h.enter("Pass", "Ship", at)
        h.exit("Pass", "Ship", at + 0.5)
        h.succeeded(at + 0.5, output='{"shipped": true}')
    return h


def parallel(first: str, second: str) -> History:
    """Fan: two branches, `first` starts (and is numbered) first."""
    h = History()
    h.started()
    h.enter("Parallel", "Fan", 0.1)
    started = h.add("ParallelStateStarted", 0.1)
    durations = {"Price": 0.2, "Pause": 1.0}
    ends = []
    for name in (first, second):
        h.enter("Pass", name, 0.2, prev=started)
        ends.append(h.exit("Pass", name, 0.2 + durations[name]))
    h.add("ParallelStateSucceeded", 1.3, prev=ends[-1])
    h.exit("Parallel", "Fan", 1.3)
    h.succeeded(1.3)
    return h


def loop(times: int, last_status_fail: bool = False) -> History:
    """Poll (Pass) → Check (Choice) looping `times` times, then Done."""
    h = History()
    h.started()
    t = 0.0
    for _ in range(times):
        h.enter("Pass", "Poll", t)
        h.exit("Pass", "Poll", t + 0.1)
        h.enter("Choice", "Check", t + 0.1)
        h.exit("Choice", "Check", t + 0.2)
        t += 0.2
    h.enter("Succeed", "Done", t)
    h.exit("Succeed", "Done", t)
    h.succeeded(t)
    return h
