"""Durable commands over a Stubber-validated lambda client: real-format ARNs (the local runner
only issues opaque ids), dispatch from describe/history, paging, every request parameter, and
the error → exit-code table. Stubber checks each request and canned response against the model.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from sfnctl.model.arns import Kind, parse_arn

FN = "arn:aws:lambda:us-east-1:123456789012:function:payments:7"
ARN = f"{FN}/durable-execution/charge-2231/5f0b1c2d-0000-4e8f-9a1b-aaaaaaaaaaaa"
T0 = datetime(2026, 11, 21, 11, 0, 0, tzinfo=UTC)


def execution(status: str = "FAILED", **extra: Any) -> dict[str, Any]:
    found: dict[str, Any] = {
        "DurableExecutionArn": ARN,
        "DurableExecutionName": "charge-2231",
        "FunctionArn": FN,
        "InputPayload": '{"amount": 42}',
        "StartTimestamp": T0,
        "Status": status,
        "Version": "7",
    }
    if status != "RUNNING":
        found["EndTimestamp"] = datetime(2026, 11, 21, 11, 0, 42, tzinfo=UTC)
    found.update(extra)
    return found


def event(event_id: int, event_type: str, **extra: Any) -> dict[str, Any]:
    found = {
        "EventId": event_id,
        "EventType": event_type,
        "EventTimestamp": datetime(2026, 11, 21, 11, 0, event_id, tzinfo=UTC),
    }
    found.update(extra)
    return found


def test_real_format_arns_parse() -> None:
    parsed = parse_arn(ARN)
    assert (parsed.kind, parsed.owner, parsed.qualifier, parsed.name) == (
        Kind.DURABLE_EXECUTION,
        "payments",
        "7",
        "charge-2231",
    )
    latest = parse_arn(ARN.replace(":7/", ":$LATEST.PUBLISHED/"))
    assert latest.kind is Kind.DURABLE_EXECUTION
    gov_arn = ARN.replace("arn:aws:", "arn:aws-us-gov:").replace("us-east-1", "us-gov-west-1")
    gov = parse_arn(gov_arn)
    assert (gov.kind, gov.partition) == (Kind.DURABLE_EXECUTION, "aws-us-gov")
    local = parse_arn("e3754d63-241c-4892-a804-76471e9fad06/7d211c6d-2d1d-45fe-8797-8859a49e491a")
    assert local.kind is Kind.DURABLE_EXECUTION  # the local runner's opaque ids


@pytest.mark.parametrize("command", [("describe",), ("durable", "describe")])
def test_describe_dispatches_real_format_arn(lambda_stubbed, command) -> None:
    lambda_stubbed.stubber.add_response(
        "get_durable_execution", execution(), {"DurableExecutionArn": ARN}
    )
    result = lambda_stubbed.run(*command, ARN, "--json")
    assert result.exit_code == 0, result.stderr
    found = json.loads(result.stdout)
    assert found["DurableExecutionArn"] == ARN
    assert found["StartTimestamp"] == "2026-11-21T11:00:00+00:00"
    assert found["Status"] == "FAILED"


EVERY_FIELD = execution(
    "PAUSED",
    Result='{"ok": true}',
    Error={"ErrorType": "E", "ErrorMessage": "m", "ErrorData": "{}", "StackTrace": ["f"]},
    TraceHeader={"XAmznTraceId": "Root=1-abc"},
    ExecutionDataIncluded=True,
    DurableConfig={
        "KMSKeyArn": "arn:aws:kms:us-east-1:123456789012:key/k-1",
        "RetentionPeriodInDays": 14,
        "ExecutionTimeout": 900,
    },
    PauseDetails={
        "PauseRequestTimestamp": T0,
        "Reason": "USER_REQUESTED",
        "ExecutionTimeoutPaused": True,
    },
    ExpectedExecutionTimeoutTimestamp=datetime(2026, 11, 21, 11, 15, tzinfo=UTC),
)


def test_describe_json_contract_every_field(lambda_stubbed) -> None:
    import botocore.session

    model = botocore.session.get_session().get_service_model("lambda")
    members = set(model.operation_model("GetDurableExecution").output_shape.members)
    assert set(EVERY_FIELD) == members  # the fixture really has every field of the model
    lambda_stubbed.stubber.add_response(
        "get_durable_execution", EVERY_FIELD, {"DurableExecutionArn": ARN}
    )
    result = lambda_stubbed.run("durable", "describe", ARN, "--json")
    found = json.loads(result.stdout)
    assert set(found) == members  # the API's keys, nothing added, nothing lost
    assert found["PauseDetails"]["PauseRequestTimestamp"] == "2026-11-21T11:00:00+00:00"
    assert found["Error"]["StackTrace"] == ["f"]


def test_describe_human_every_field(lambda_stubbed, snapshot) -> None:
    lambda_stubbed.stubber.add_response(
        "get_durable_execution", EVERY_FIELD, {"DurableExecutionArn": ARN}
    )
    result = lambda_stubbed.run("durable", "describe", ARN, "--exit-status")
    assert result.exit_code == 20  # PAUSED: not finished, like RUNNING
    assert result.stdout == snapshot


@pytest.mark.parametrize(
    ("status", "code"),
    [("SUCCEEDED", 0), ("FAILED", 10), ("TIMED_OUT", 11), ("STOPPED", 12), ("RUNNING", 20)],
)
def test_exit_status(lambda_stubbed, status, code) -> None:
    lambda_stubbed.stubber.add_response(
        "get_durable_execution", execution(status), {"DurableExecutionArn": ARN}
    )
    result = lambda_stubbed.run("describe", ARN, "--exit-status")
    assert result.exit_code == code, result.stderr
    assert f"{status}  charge-2231  (durable execution)" in result.stdout


def test_describe_human_shows_error_data_and_stack_trace(lambda_stubbed) -> None:
    error = {
        "ErrorType": "PaymentDeclinedError",
        "ErrorMessage": "card declined [bold]now[/bold]\x1b[31m",
        "ErrorData": '{"code": "do_not_honor"}',
        "StackTrace": [
            '  File "/var/task/handler.py", line 12, in charge',
            "    raise PaymentDeclinedError(reason)",
        ],
    }
    lambda_stubbed.stubber.add_response(
        "get_durable_execution",
        execution(Error=error, TraceHeader={"XAmznTraceId": "Root=1-abc"}),
        {"DurableExecutionArn": ARN},
    )
    result = lambda_stubbed.run("durable", "describe", ARN)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "payments  version 7" in out
    assert "card declined [bold]now[/bold]\\x1b[31m" in out  # markup literal, escape visible
    assert '"code": "do_not_honor"' in out
    assert "Stack trace (most recent call last):" in out
    assert 'File "/var/task/handler.py", line 12, in charge' in out
    assert "Root=1-abc" in out
    assert "\x1b" not in out


def test_large_payload_preview_is_bounded_and_json_is_whole(lambda_stubbed) -> None:
    big = json.dumps({"rows": [{"i": i, "text": "x" * 50} for i in range(60_000)]})
    assert len(big) > 4_000_000
    for _ in range(2):
        lambda_stubbed.stubber.add_response(
            "get_durable_execution",
            execution("SUCCEEDED", Result=big),
            {"DurableExecutionArn": ARN},
        )
    human = lambda_stubbed.run("durable", "describe", ARN)
    assert human.exit_code == 0, human.stderr
    assert len(human.stdout) < 20_000
    assert "preview truncated; full payload: sfnctl durable describe" in human.stdout
    assert "--json | jq -r .Result" in human.stdout
    whole = lambda_stubbed.run("durable", "describe", ARN, "--json")
    assert json.loads(whole.stdout)["Result"] == big


def test_history_dispatches_and_follows_every_page(lambda_stubbed) -> None:
    first = [
        event(1, "ExecutionStarted", Id="x", Name="charge-2231"),
        event(2, "StepStarted", Id="s1", Name="charge-card", SubType="Step"),
    ]
    second = [
        event(
            3,
            "StepFailed",
            Id="s1",
            Name="charge-card",
            SubType="Step",
            StepFailedDetails={
                "Error": {"Payload": {"ErrorType": "Declined", "ErrorMessage": "no"}},
                "RetryDetails": {"CurrentAttempt": 1, "NextAttemptDelaySeconds": 5},
            },
        )
    ]
    base = {"DurableExecutionArn": ARN, "IncludeExecutionData": True, "MaxItems": 1000}
    stub = lambda_stubbed.stubber
    stub.add_response("get_durable_execution_history", {"Events": first, "NextMarker": "m2"}, base)
    stub.add_response("get_durable_execution_history", {"Events": second}, {**base, "Marker": "m2"})
    result = lambda_stubbed.run("history", ARN, "--json")
    assert result.exit_code == 0, result.stderr
    assert [e["EventId"] for e in json.loads(result.stdout)] == [1, 2, 3]
    stub.add_response("get_durable_execution_history", {"Events": first, "NextMarker": "m2"}, base)
    stub.add_response("get_durable_execution_history", {"Events": second}, {**base, "Marker": "m2"})
    human = lambda_stubbed.run("durable", "history", ARN)
    assert human.exit_code == 0, human.stderr
    assert "charge-card" in human.stdout and "↻ RETRYING" in human.stdout
    assert "retry in 5s" in human.stdout


@pytest.mark.parametrize(
    ("flags", "params"),
    [
        (("--no-data",), {"IncludeExecutionData": False}),
        (("--reverse",), {"IncludeExecutionData": True, "ReverseOrder": True}),
    ],
)
def test_history_parameters(lambda_stubbed, flags, params) -> None:
    lambda_stubbed.stubber.add_response(
        "get_durable_execution_history",
        {"Events": []},
        {"DurableExecutionArn": ARN, "MaxItems": 1000, **params},
    )
    result = lambda_stubbed.run("durable", "history", ARN, *flags, "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == []


@pytest.mark.parametrize("flags", [("--view", "tree"), ("--state", "x"), ("--type", "TaskFailed")])
def test_history_rejects_step_functions_only_options(lambda_stubbed, flags) -> None:
    result = lambda_stubbed.run("history", ARN, *flags)
    assert result.exit_code == 2
    assert f"sfnctl durable history {ARN}" in result.stderr


def listed(name: str, status: str) -> dict[str, Any]:
    return {
        "DurableExecutionArn": ARN.replace("charge-2231", name),
        "DurableExecutionName": name,
        "FunctionArn": FN,
        "Status": status,
        "StartTimestamp": T0,
    }


def test_list_sends_every_filter(lambda_stubbed) -> None:
    lambda_stubbed.stubber.add_response(
        "list_durable_executions_by_function",
        {"DurableExecutions": [listed("charge-2231", "FAILED")]},
        {
            "FunctionName": "payments",
            "Qualifier": "7",
            "DurableExecutionName": "charge-2231",
            "Statuses": ["FAILED", "TIMED_OUT"],
            "StartedAfter": datetime(2026, 11, 20, tzinfo=UTC),
            "StartedBefore": datetime(2026, 11, 21, 12, 0, tzinfo=UTC),
            "ReverseOrder": True,
            "MaxItems": 10,
        },
    )
    result = lambda_stubbed.run(
        "durable",
        "list",
        "payments",
        "--qualifier",
        "7",
        "--name",
        "charge-2231",
        "--status",
        "failed",
        "--status",
        "TIMED_OUT",
        "--started-after",
        "2026-11-20",
        "--started-before",
        "2026-11-21T12:00:00Z",
        "--reverse",
        "--limit",
        "10",
        "--json",
    )
    assert result.exit_code == 0, result.stderr
    assert [i["DurableExecutionName"] for i in json.loads(result.stdout)] == ["charge-2231"]


def test_list_limit_and_next_token(lambda_stubbed) -> None:
    stub = lambda_stubbed.stubber
    page = [listed(f"run-{i}", "SUCCEEDED") for i in range(2)]
    stub.add_response(
        "list_durable_executions_by_function",
        {"DurableExecutions": page, "NextMarker": "next-1"},
        {"FunctionName": FN, "MaxItems": 2},
    )
    result = lambda_stubbed.run("durable", "list", FN, "-n", "2")
    assert result.exit_code == 0, result.stderr
    assert "run-0" in result.stdout and "run-1" in result.stdout
    assert f"sfnctl durable list {FN} --next-token next-1" in result.stderr
    stub.add_response(
        "list_durable_executions_by_function",
        {"DurableExecutions": page, "NextMarker": "next-1"},
        {"FunctionName": FN, "MaxItems": 1000},
    )
    stub.add_response(
        "list_durable_executions_by_function",
        {"DurableExecutions": [listed("run-2", "FAILED")]},
        {"FunctionName": FN, "MaxItems": 1000, "Marker": "next-1"},
    )
    every = lambda_stubbed.run("durable", "list", FN, "--all", "--json")
    assert [i["DurableExecutionName"] for i in json.loads(every.stdout)] == [
        "run-0",
        "run-1",
        "run-2",
    ]


@pytest.mark.parametrize(
    "argv",
    [
        ("durable", "list", ARN),
        ("durable", "list", "arn:aws:states:us-east-1:123456789012:stateMachine:sm"),
        ("durable", "list", "fn", "--status", "DONE"),
        ("durable", "list", "fn", "--started-after", "yesterday"),
        ("durable", "list", "fn", "--started-after", "2026-11-21", "--started-before", "2026-11"),
        ("durable", "list", "fn", "--started-after", "2026-11-21", "--started-before", "2026-1-1"),
        ("durable", "describe", "arn:aws:states:us-east-1:123456789012:execution:sm:run"),
        ("durable", "describe", "not an arn"),
        ("durable", "history", FN),
        ("describe", ARN, "--metadata-only"),
    ],
)
def test_usage_errors_exit_2_before_any_request(lambda_stubbed, argv) -> None:
    result = lambda_stubbed.run(*argv)
    assert result.exit_code == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("code", "status", "exit_code"),
    [
        ("ResourceNotFoundException", 404, 3),
        ("InvalidParameterValueException", 400, 6),
        ("TooManyRequestsException", 429, 5),
        ("ServiceException", 500, 5),
        ("KMSAccessDeniedException", 502, 4),
        ("KMSDisabledException", 502, 6),
    ],
)
@pytest.mark.parametrize(
    ("operation", "argv"),
    [
        ("get_durable_execution", ("durable", "describe", ARN)),
        ("get_durable_execution_history", ("history", ARN)),
        ("list_durable_executions_by_function", ("durable", "list", "payments")),
    ],
)
def test_errors_map_to_exit_codes(lambda_stubbed, code, status, exit_code, operation, argv):
    lambda_stubbed.stubber.add_client_error(operation, code, "it went wrong", status)
    result = lambda_stubbed.run(*argv)
    assert result.exit_code == exit_code, result.stderr
    first = result.stderr.splitlines()[0]
    assert code in first and "it went wrong" in first
    assert "Traceback" not in result.stderr
