"""D4-D8: every command ends, always. A hang fails the test: the server sees a loop (too many
requests of one kind) or the command doesn't end by itself within conftest.HANG seconds."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.hostile.conftest import assert_error, sfnctl, too_many
from tests.support.hostile_server import (
    DURABLE,
    EXEC,
    FUNCTION,
    MAP_RUN,
    SM,
    T0,
    HostileServer,
    Reply,
    Request,
    describe,
    event,
)

pytestmark = pytest.mark.e2e


def parallel_history(outcome_previous: int) -> list[dict[str, Any]]:
    """A Parallel state whose outcome event (id 4) points back at `outcome_previous`."""
    return [
        event(1, "ExecutionStarted", 0, executionStartedEventDetails={"input": "{}"}),
        event(2, "ParallelStateEntered", 1, 1, stateEnteredEventDetails={"name": "Fan"}),
        event(3, "ParallelStateStarted", 2, 2),
        event(4, "ParallelStateFailed", outcome_previous, 3),
        event(5, "ExecutionFailed", 4, 4, executionFailedEventDetails={"error": "E", "cause": "c"}),
    ]


def iso(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    from datetime import UTC, datetime

    return [
        {**e, "timestamp": datetime.fromtimestamp(e["timestamp"], UTC).isoformat()} for e in events
    ]


# --- D4: previousEventId cycles -------------------------------------------------------------


@pytest.mark.parametrize("view", [["--view", "events"], ["--view", "events", "--failed"]])
def test_d4_history_ends_on_a_self_referencing_outcome_event(
    tmp_path: Path, view: list[str]
) -> None:
    saved = tmp_path / "history.json"
    saved.write_text(json.dumps(iso(parallel_history(outcome_previous=4))))
    run = sfnctl(None, "history", "--from-file", str(saved), *view, timeout=15)
    assert run.code in (0, 2), run


def test_d4_history_ends_on_a_previous_event_id_cycle(server: HostileServer) -> None:
    events = parallel_history(outcome_previous=5)  # 4 → 5 → 4
    server.on("DescribeExecution", describe())
    server.on("GetExecutionHistory", {"events": events})
    run = sfnctl(server, "history", EXEC, "--view", "events", timeout=15)
    assert run.code in (0, 5), run


# --- D5: durable ParentId self-loop ---------------------------------------------------------


def durable_steps(parent: str) -> list[dict[str, Any]]:
    base = {"Id": "step-1", "Name": "charge", "SubType": "Step", "ParentId": parent}
    return [
        {
            "EventId": 1,
            "EventTimestamp": T0,
            "EventType": "ExecutionStarted",
            "Id": "root",
            "Name": "run",
            "ExecutionStartedDetails": {},
        },
        {
            **base,
            "EventId": 2,
            "EventTimestamp": T0 + 1,
            "EventType": "StepStarted",
            "StepStartedDetails": {},
        },
        {
            **base,
            "EventId": 3,
            "EventTimestamp": T0 + 2,
            "EventType": "StepFailed",
            "StepFailedDetails": {"Error": {"Payload": {"ErrorType": "E", "ErrorMessage": "m"}}},
        },
    ]


def durable_failed() -> dict[str, Any]:
    return {
        "DurableExecutionArn": DURABLE,
        "DurableExecutionName": "run",
        "FunctionArn": f"{FUNCTION}:$LATEST",
        "Status": "FAILED",
        "StartTimestamp": T0,
        "EndTimestamp": T0 + 60,
    }


def test_d5_durable_history_failed_ends_on_a_parent_self_loop(server: HostileServer) -> None:
    server.on("GetDurableExecution", durable_failed())
    server.on("GetDurableExecutionHistory", {"Events": durable_steps(parent="step-1")})
    run = sfnctl(server, "durable", "history", DURABLE, "--failed", timeout=15)
    assert run.code in (0, 5), run


# --- D6: paging guards ----------------------------------------------------------------------


def repeating(key: str, item: dict[str, Any], token_key: str = "nextToken") -> dict[str, Any]:
    return {key: [item], token_key: "the-same-token"}


def empty_pages(key: str, token_key: str = "nextToken") -> Callable[[Request], dict[str, Any]]:
    def handle(request: Request) -> dict[str, Any]:
        return {key: [], token_key: f"token-{request.number}"}

    return handle


LISTED = {
    "executionArn": EXEC,
    "stateMachineArn": SM,
    "name": "run",
    "status": "FAILED",
    "startDate": T0,
    "stopDate": T0 + 60,
}
MAP_RUN_ITEM = {"mapRunArn": MAP_RUN, "executionArn": EXEC, "startDate": T0}
DURABLE_ITEM = {
    "DurableExecutionArn": DURABLE,
    "DurableExecutionName": "run",
    "FunctionArn": f"{FUNCTION}:$LATEST",
    "Status": "FAILED",
    "StartTimestamp": T0,
}
DURABLE_EVENT = durable_steps("root")[0]

# (test id, operation, reply script, argv)
REPEATED_TOKEN = [
    ("list-all", "ListExecutions", repeating("executions", LISTED), ["list", SM, "--all"]),
    ("maprun-list", "ListMapRuns", repeating("mapRuns", MAP_RUN_ITEM), ["maprun", "list", EXEC]),
    (
        "durable-history",
        "GetDurableExecutionHistory",
        repeating("Events", DURABLE_EVENT, "NextMarker"),
        ["durable", "history", DURABLE],
    ),
    (
        "durable-list-all",
        "ListDurableExecutionsByFunction",
        repeating("DurableExecutions", DURABLE_ITEM, "NextMarker"),
        ["durable", "list", "hostile", "--all"],
    ),
]
EMPTY_PAGES = [
    ("list", "ListExecutions", empty_pages("executions"), ["list", SM]),
    ("history", "GetExecutionHistory", empty_pages("events"), ["history", EXEC, "--json"]),
    (
        "durable-history",
        "GetDurableExecutionHistory",
        empty_pages("Events", "NextMarker"),
        ["durable", "history", DURABLE, "--json"],
    ),
    (
        "durable-list",
        "ListDurableExecutionsByFunction",
        empty_pages("DurableExecutions", "NextMarker"),
        ["durable", "list", "hostile"],
    ),
]


def serve_paging(server: HostileServer, operation: str, script: Any) -> None:
    server.on(operation, script)
    server.on("DescribeExecution", describe())
    server.on("GetDurableExecution", durable_failed())


@pytest.mark.parametrize(
    ("operation", "script", "argv"),
    [case[1:] for case in REPEATED_TOKEN],
    ids=[case[0] for case in REPEATED_TOKEN],
)
def test_d6_a_repeated_token_is_exit_5(
    server: HostileServer, operation: str, script: Any, argv: list[str]
) -> None:
    serve_paging(server, operation, script)
    run = sfnctl(server, *argv, runaway=too_many(server, operation))
    assert_error(run, 5)


@pytest.mark.parametrize(
    ("operation", "script", "argv"),
    [case[1:] for case in EMPTY_PAGES],
    ids=[case[0] for case in EMPTY_PAGES],
)
def test_d6_endless_empty_pages_are_exit_5(
    server: HostileServer, operation: str, script: Any, argv: list[str]
) -> None:
    serve_paging(server, operation, script)
    run = sfnctl(server, *argv, runaway=too_many(server, operation))
    assert_error(run, 5)


def test_d6_why_ends_when_the_chain_leaves_every_page(server: HostileServer) -> None:
    last = event(9, "ExecutionFailed", 8, 9, executionFailedEventDetails={"error": "E"})

    def pages(request: Request) -> dict[str, Any]:
        first = not request.params.get("nextToken")
        return {"events": [last] if first else [], "nextToken": f"token-{request.number}"}

    server.on("DescribeExecution", describe())
    server.on("GetExecutionHistory", pages)
    run = sfnctl(server, "why", EXEC, runaway=too_many(server, "GetExecutionHistory"))
    assert_error(run, 5)


# --- D7: a response dripped one byte at a time ----------------------------------------------


def test_d7_a_dripped_response_gives_up(server: HostileServer) -> None:
    server.on("DescribeExecution", Reply(describe(), drip=0.25))  # ~100 s for the whole body
    run = sfnctl(server, "--timeout", "2", "describe", EXEC, timeout=30)
    assert_error(run, 5)


# --- D8: a FIFO where the ARN cache lives ---------------------------------------------------


@pytest.fixture
def fifo_cache(tmp_path: Path) -> Path:
    cache = Path(os.environ["XDG_CACHE_HOME"]) / "sfnctl"
    cache.mkdir(parents=True)
    os.mkfifo(cache / "arns")
    return cache / "arns"


def test_d8_a_fifo_arn_cache_never_blocks_a_command(
    server: HostileServer, fifo_cache: Path
) -> None:
    server.on("DescribeExecution", describe())
    run = sfnctl(server, "describe", EXEC, timeout=15)
    assert run.code == 0, run
    assert "FAILED" in run.stdout


def test_d8_a_fifo_arn_cache_never_blocks_tab(fifo_cache: Path) -> None:
    run = sfnctl(None, "__complete", "bash", "describe", "", timeout=15)
    assert run.code == 0, run
    assert run.out == b""


def test_d8_a_directory_arn_cache_is_ignored(server: HostileServer, tmp_path: Path) -> None:
    (Path(os.environ["XDG_CACHE_HOME"]) / "sfnctl" / "arns").mkdir(parents=True)
    server.on("DescribeExecution", describe())
    run = sfnctl(server, "describe", EXEC, timeout=15)
    assert run.code == 0, run
    assert "FAILED" in run.stdout
