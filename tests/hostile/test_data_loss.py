"""D9-D11: `--json` is complete, or the exit code says it isn't."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from tests.hostile.conftest import assert_error, sfnctl
from tests.support.hostile_server import (
    EXEC,
    SM,
    T0,
    HostileServer,
    Reply,
    Request,
    describe,
    event,
)

pytestmark = pytest.mark.e2e


def long_failed_history(count: int) -> list[dict[str, Any]]:
    events = [event(1, "ExecutionStarted", 0, executionStartedEventDetails={"input": "{}"})]
    for n in range(2, count):
        kind = "PassStateEntered" if n % 2 == 0 else "PassStateExited"
        key = "stateEnteredEventDetails" if n % 2 == 0 else "stateExitedEventDetails"
        events.append(event(n, kind, n - 1, n / 100, **{key: {"name": "Loop"}}))
    details = {"error": "Boom", "cause": "it broke"}
    events.append(
        event(count, "ExecutionFailed", count - 1, count / 100, executionFailedEventDetails=details)
    )
    return events


def ignoring_reverse_order(events: list[dict[str, Any]]) -> Callable[[Request], dict[str, Any]]:
    """Honours maxResults and nextToken, ignores reverseOrder (as some emulators do)."""

    def handle(request: Request) -> dict[str, Any]:
        size = int(request.params.get("maxResults") or 100)
        start = int(request.params.get("nextToken") or 0)
        page: dict[str, Any] = {"events": events[start : start + size]}
        if start + size < len(events):
            page["nextToken"] = str(start + size)
        return page

    return handle


# --- D9 --------------------------------------------------------------------------------------


@pytest.fixture
def no_reverse(server: HostileServer) -> HostileServer:
    server.on("DescribeExecution", describe("FAILED"))
    server.on("GetExecutionHistory", ignoring_reverse_order(long_failed_history(2_500)))
    return server


def test_d9_history_json_is_complete_when_reverse_order_is_ignored(no_reverse) -> None:
    run = sfnctl(no_reverse, "history", EXEC, "--json")
    assert run.code == 0, run
    assert [e["id"] for e in json.loads(run.out)] == list(range(1, 2_501))


def test_d9_tree_shows_the_failure_when_reverse_order_is_ignored(no_reverse) -> None:
    run = sfnctl(no_reverse, "history", EXEC, "--view", "tree")
    assert run.code == 0, run
    assert "FAILED" in run.stdout and "RUNNING" not in run.stdout, run


def test_d9_why_finds_the_failure_when_reverse_order_is_ignored(no_reverse) -> None:
    run = sfnctl(no_reverse, "why", EXEC)
    assert run.code == 0, run
    assert "Boom" in run.stdout and "Still running" not in run.stdout, run


# --- D10 -------------------------------------------------------------------------------------


def served_in_pages(pages: list[list[dict[str, Any]]]) -> Callable[[Request], dict[str, Any]]:
    """The same pages whatever the direction asked (the token is the page number)."""

    def handle(request: Request) -> dict[str, Any]:
        number = int(request.params.get("nextToken") or 0)
        reply: dict[str, Any] = {"events": pages[number]}
        if number + 1 < len(pages):
            reply["nextToken"] = str(number + 1)
        return reply

    return handle


def test_d10_events_out_of_order_across_pages_are_all_kept(server: HostileServer) -> None:
    events = long_failed_history(10)
    by_id = {e["id"]: e for e in events}
    pages = [[by_id[i] for i in (1, 2, 3, 7, 8)], [by_id[i] for i in (4, 5, 6, 9, 10)]]
    server.on("DescribeExecution", describe("FAILED"))
    server.on("GetExecutionHistory", served_in_pages(pages))
    run = sfnctl(server, "history", EXEC, "--json")
    assert run.code == 0, run
    assert sorted(e["id"] for e in json.loads(run.out)) == list(range(1, 11))


def test_d10_an_event_without_an_id_is_not_dropped_silently(server: HostileServer) -> None:
    events = long_failed_history(6)
    anonymous = {k: v for k, v in events[2].items() if k != "id"}
    server.on("DescribeExecution", describe("FAILED"))
    server.on("GetExecutionHistory", {"events": [*events[:2], anonymous, *events[3:]]})
    run = sfnctl(server, "history", EXEC, "--json")
    if run.code == 0:  # complete, or the exit code says it isn't
        assert len(json.loads(run.out)) == 6, run
    else:
        assert_error(run, 5)


# --- D11 -------------------------------------------------------------------------------------

NOT_AN_ANSWER = {
    "cut-short": lambda body: Reply(body[: len(body) // 2], content_length=len(body)),
    "html-200": lambda body: Reply(
        b"<html><body>Login required</body></html>", content_type="text/html"
    ),
    "empty-200": lambda body: Reply(b""),
}
COMMANDS = {
    "describe": ("DescribeExecution", describe(), ["describe", EXEC, "--json"]),
    "history": (
        "GetExecutionHistory",
        {"events": long_failed_history(6)},
        ["history", EXEC, "--json"],
    ),
    "list": (
        "ListExecutions",
        {
            "executions": [
                {
                    "executionArn": EXEC,
                    "stateMachineArn": SM,
                    "name": "run",
                    "status": "FAILED",
                    "startDate": T0,
                }
            ]
        },
        ["list", SM, "--json"],
    ),
}


@pytest.mark.parametrize("fault", sorted(NOT_AN_ANSWER))
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_d11_a_reply_that_is_not_the_apis_answer_is_exit_5(
    server: HostileServer, request: pytest.FixtureRequest, command: str, fault: str
) -> None:
    operation, answer, argv = COMMANDS[command]
    server.on("DescribeExecution", describe())
    server.on(operation, NOT_AN_ANSWER[fault](json.dumps(answer).encode()))
    run = sfnctl(server, *argv)
    assert_error(run, 5)
    assert run.out == b"", run
