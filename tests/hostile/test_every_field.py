"""Every command, every field: a server whose every string (names, ARNs, statuses, causes,
payloads, tokens, error messages…) carries terminal escapes, markup, invisible characters and a
lone surrogate. Whatever each view, hint, prompt or error line does with them, nothing reaches
stdout or stderr raw, and no command crashes. Run on a pipe, and on a pty for the human views
(colour and hyperlinks on)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.hostile.conftest import assert_no_raw, sfnctl
from tests.hostile.test_hangs import durable_failed, durable_steps
from tests.hostile.test_terminal_text import durable_execution, map_run, on_a_pty
from tests.support.hostile_server import (
    DURABLE,
    EXEC,
    FUNCTION,
    HOSTILE,
    INVISIBLE,
    LONE_SURROGATE,
    MAP_RUN,
    RAW_ESCAPE,
    SM,
    T0,
    HostileServer,
    Reply,
    describe,
    event,
)

pytestmark = pytest.mark.e2e

POISON = HOSTILE + INVISIBLE + LONE_SURROGATE


# An event's kind stays readable so the views go deep (a poisoned kind: tests/unit/test_hostile)
KEEP = ("type", "EventType")


def poisoned(value: Any) -> Any:
    """`value` with every string in it (at any depth, keys and KEEP aside) carrying POISON."""
    if isinstance(value, dict):
        return {k: v if k in KEEP else poisoned(v) for k, v in value.items()}
    if isinstance(value, list):
        return [poisoned(v) for v in value]
    if isinstance(value, str):
        return value + POISON
    return value


def history() -> list[dict[str, Any]]:
    """Tasks, a retry, a Map run and a failure: most kinds of detail a view draws."""
    lambda_params = json.dumps({"FunctionName": "fn", "Payload": {"k": "v"}})
    return [
        event(1, "ExecutionStarted", 0, executionStartedEventDetails={"input": '{"a": 1}'}),
        event(
            2, "TaskStateEntered", 1, 1, stateEnteredEventDetails={"name": "Work", "input": "{}"}
        ),
        event(
            3,
            "TaskScheduled",
            2,
            2,
            taskScheduledEventDetails={
                "resource": "invoke",
                "resourceType": "lambda",
                "region": "us-east-1",
                "parameters": lambda_params,
            },
        ),
        event(
            4,
            "TaskFailed",
            3,
            3,
            taskFailedEventDetails={
                "resource": "invoke",
                "resourceType": "lambda",
                "error": "Lambda.Unknown",
                "cause": json.dumps({"errorMessage": "m", "errorType": "E", "trace": ["t"]}),
            },
        ),
        event(5, "MapStateEntered", 4, 4, stateEnteredEventDetails={"name": "Fan"}),
        event(6, "MapRunStarted", 5, 5, mapRunStartedEventDetails={"mapRunArn": MAP_RUN}),
        event(7, "MapRunFailed", 6, 6, mapRunFailedEventDetails={"error": "E", "cause": "c"}),
        event(8, "ExecutionFailed", 7, 7, executionFailedEventDetails={"error": "E", "cause": "c"}),
    ]


def listed() -> dict[str, Any]:
    return {
        "executionArn": EXEC,
        "stateMachineArn": SM,
        "name": "run",
        "status": "FAILED",
        "startDate": T0,
        "stopDate": T0 + 60,
        "mapRunArn": MAP_RUN,
        "redriveCount": 1,
        "itemCount": 3,
    }


def serve_everything(server: HostileServer) -> None:
    """Every operation sfnctl makes, answered with every string poisoned."""
    redrivable = describe(
        error="E",
        cause="c",
        output='{"o": 1}',
        mapRunArn=MAP_RUN,
        redriveStatus="NOT_REDRIVABLE",
        redriveStatusReason="reason",
        traceHeader="Root=1",
    )
    server.on("DescribeExecution", poisoned(redrivable))
    server.on(
        "DescribeStateMachineForExecution",
        poisoned({"stateMachineArn": SM, "name": "sm", "definition": "{}", "roleArn": "r",
                  "updateDate": T0, "label": "l"}),
    )  # fmt: skip
    machine = {"stateMachineArn": SM, "name": "sm", "definition": "{}", "roleArn": "r",
               "type": "STANDARD", "creationDate": T0}  # fmt: skip
    server.on("DescribeStateMachine", poisoned(machine))
    server.on("GetExecutionHistory", {"events": poisoned(history())})
    # a next token only for `list --limit 1` (the hint quotes it); longer reads see one page
    one_page = poisoned({"executions": [listed()]})
    server.on(
        "ListExecutions",
        lambda request: (
            {**one_page, "nextToken": "next" + POISON}
            if request.params.get("maxResults") == 1
            else one_page
        ),
    )
    server.on(
        "ListMapRuns",
        poisoned(
            {
                "mapRuns": [
                    {"mapRunArn": MAP_RUN, "executionArn": EXEC, "stateMachineArn": SM,
                     "startDate": T0}
                ]
            }
        ),
    )  # fmt: skip
    server.on("DescribeMapRun", poisoned(map_run(status="RUNNING", redriveDate=T0)))
    server.on("GetDurableExecution", poisoned(durable_execution(
        DurableConfig={"KMSKeyArn": "k", "RetentionPeriodInDays": 7, "ExecutionTimeout": 60},
        InputPayload='{"i": 1}', Result="r", TraceHeader={"XAmznTraceId": "t"},
    )))  # fmt: skip
    server.on("GetDurableExecutionHistory", {"Events": poisoned(durable_steps("root"))})
    server.on(
        "ListDurableExecutionsByFunction",
        poisoned({"DurableExecutions": [durable_failed()], "NextMarker": "next"}),
    )


COMMANDS = [
    ["describe", EXEC],
    ["history", EXEC, "--view", "tree"],
    ["history", EXEC, "--view", "tree", "--failed"],
    ["history", EXEC, "--view", "events"],
    ["history", EXEC, "--view", "timeline"],
    ["why", EXEC],
    ["list", SM, "--limit", "1"],
    ["redrive-status", EXEC],
    ["redrive-status", MAP_RUN],
    ["maprun", "list", EXEC],
    ["maprun", "show", MAP_RUN],
    ["maprun", "show", MAP_RUN, "--failures"],
    ["maprun", "update", MAP_RUN, "--max-concurrency", "5", "--dry-run"],
    ["durable", "describe", DURABLE],
    ["durable", "history", DURABLE],
    ["durable", "history", DURABLE, "--failed"],
    ["durable", "list", FUNCTION, "--limit", "1"],
    ["why", DURABLE],
]
IDS = ["-".join(a for a in argv if not a.startswith("arn:")) for argv in COMMANDS]


def assert_ended_cleanly(run: Any) -> None:
    assert b"Traceback" not in run.err and b"unexpected error" not in run.err, run
    assert run.code != 1, run


@pytest.mark.parametrize("argv", COMMANDS, ids=IDS)
def test_every_field_of_every_command_on_a_pipe(server: HostileServer, argv: list[str]) -> None:
    serve_everything(server)
    run = sfnctl(server, *argv)
    assert_ended_cleanly(run)
    assert_no_raw(run)
    if "update" not in argv:  # (the update table shows only numbers and the ARN typed)
        assert "\\x1b" in run.stdout + run.stderr, run  # the server's text was shown, escaped


@pytest.mark.parametrize("argv", COMMANDS, ids=IDS)
def test_every_error_line_of_every_command(server: HostileServer, argv: list[str]) -> None:
    """Every operation fails with a hostile error message: the one-line error is escaped."""
    for operation in (
        "DescribeExecution", "GetExecutionHistory", "ListExecutions", "ListMapRuns",
        "DescribeMapRun", "GetDurableExecution", "GetDurableExecutionHistory",
        "ListDurableExecutionsByFunction", "DescribeStateMachineForExecution",
    ):  # fmt: skip
        body = {"__type": "ValidationException", "message": POISON, "Message": POISON}
        server.on(operation, Reply(body, status=400))
    run = sfnctl(server, *argv)
    assert_ended_cleanly(run)
    assert_no_raw(run)
    assert run.err.startswith(b"error: "), run


@pytest.mark.parametrize(
    "argv",
    [
        ["describe", EXEC],
        ["history", EXEC, "--view", "tree"],
        ["list", SM, "--limit", "1"],
        ["redrive-status", MAP_RUN],
        ["maprun", "show", MAP_RUN, "--failures"],
        ["durable", "describe", DURABLE],
        ["durable", "list", FUNCTION, "--limit", "1"],
    ],
    ids=["describe", "history", "list", "redrive-status", "maprun-show", "durable-describe",
         "durable-list"],
)  # fmt: skip
def test_every_field_on_a_terminal(server: HostileServer, argv: list[str]) -> None:
    """On a pty, colour and rich's own hyperlinks are on: only SGR may be there, and rich's
    OSC 8 link for the console URL (never one from the server)."""
    import re

    serve_everything(server)
    data = on_a_pty(server, *argv)
    assert b"Traceback" not in data and b"unexpected error" not in data, data[-2000:]
    # rich's own: colour, its OSC 8 link, the progress bar's cursor hiding and line clearing
    ours = re.sub(
        rb"\x1b\[[0-9;]*m|\x1b]8;[^\x1b\x07]*(\x1b\\|\x07)|\x1b\[\?25[lh]|\x1b\[2K|\x1b\[\d*[A-G]",
        b"",
        data,
    )
    assert not RAW_ESCAPE.search(ours), ours[max(0, RAW_ESCAPE.search(ours).start() - 200) :][:400]
    assert not re.search(rb"\x1b]8;[^;\x1b\x07]*;http://evil", data)  # no live server link
