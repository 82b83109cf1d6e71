"""`sfnctl logs` and `why --logs`: the execution's history from a loopback Step Functions server,
the function's logs from moto's CloudWatch Logs, written in the shapes Lambda writes (START /
END / REPORT lines around each request, several requests per stream)."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber
from typer.testing import CliRunner

from sfnctl.app import app
from sfnctl.aws.api import AwsApi
from sfnctl.context import Context
from sfnctl.demo.moto_server import MotoServer
from sfnctl.model.logs import millis
from tests.support.action_server import ActionServer
from tests.support.histories import T0, pipeline
from tests.support.live import Outcome
from tests.support.rendering import plain_console

pytestmark = pytest.mark.e2e

EXEC = "arn:aws:states:us-east-1:123456789012:execution:orders:run-42"
GROUP = "/aws/lambda/charge"


def _history() -> list[dict[str, Any]]:
    return pipeline([("fail", 1.0), ("fail", 1.0)], fail=True).events


def _request_ids() -> list[str]:
    causes = [e["taskFailedEventDetails"]["cause"] for e in _history() if e["type"] == "TaskFailed"]
    return [cause.rsplit(" ", 1)[-1] for cause in causes]


def _client(url: str, service: str) -> Any:
    return boto3.client(
        service,
        endpoint_url=url,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


@pytest.fixture(scope="module")
def moto() -> Iterator[str]:
    with MotoServer() as server:
        logs = _client(server.url, "logs")
        logs.create_log_group(logGroupName=GROUP)
        first, second = _request_ids()
        streams = {
            "2026/11/21/[live]a": [
                (0.4, f"START RequestId: {first} Version: 7"),
                (0.5, f"[ERROR] card declined {first}"),
                (0.6, "Traceback (most recent call last): boom"),
                (1.2, f"END RequestId: {first}"),
                (1.2, f"REPORT RequestId: {first}\tDuration: 800 ms"),
                (2.4, f"START RequestId: {second} Version: 7"),
                (2.5, "[ERROR] card declined again"),
                (3.2, f"END RequestId: {second}"),
                (3.2, f"REPORT RequestId: {second}\tDuration: 800 ms"),
            ],
            "2026/11/21/[live]b": [  # another request at the same time: not this attempt's
                (0.45, "START RequestId: 99999999-1111-2222-3333-444455556666 Version: 7"),
                (0.55, "another customer's line"),
                (0.9, "REPORT RequestId: 99999999-1111-2222-3333-444455556666"),
            ],
        }
        for stream, lines in streams.items():
            logs.create_log_stream(logGroupName=GROUP, logStreamName=stream)
            events = [
                {"timestamp": millis(T0 + timedelta(seconds=at)), "message": text}
                for at, text in lines
            ]
            logs.put_log_events(logGroupName=GROUP, logStreamName=stream, logEvents=events)
        yield server.url


@pytest.fixture
def sfn() -> Iterator[ActionServer]:
    events = [{**e, "timestamp": e["timestamp"].timestamp()} for e in _history()]
    describe = {
        "executionArn": EXEC,
        "stateMachineArn": EXEC.replace("execution", "stateMachine").rsplit(":", 1)[0],
        "name": "run-42",
        "status": "FAILED",
        "startDate": T0.timestamp(),
        "stopDate": T0.timestamp() + 5,
    }
    with ActionServer({EXEC: {"describe": describe, "history": events}}) as server:
        yield server


def run(sfn_url: str, other_url: str, *args: str, lambda_client: Any = None) -> Outcome:
    """Step Functions from the loopback server; Lambda and CloudWatch Logs from `other_url`."""
    urls = {"stepfunctions": sfn_url}

    def factory(service: str) -> Any:
        if service == "lambda" and lambda_client is not None:
            return lambda_client
        return _client(urls.get(service, other_url), service)

    ctx = Context(
        console_out=plain_console(),
        console_err=plain_console(),
        api_factory=lambda _config, on_confirmed: AwsApi(
            factory, workers=1, on_confirmed=on_confirmed
        ),
    )
    out = io.StringIO()
    ctx.stdout_write = out.write
    result = CliRunner().invoke(app, list(args), obj=ctx)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Outcome(result.exit_code, out.getvalue() + ctx.out.export_text(), ctx.err.export_text())


def test_logs_json_narrows_each_failed_attempt_to_its_request(sfn, moto):
    result = run(sfn.url, moto, "logs", EXEC, "--json")
    assert result.exit_code == 0, result.stderr
    first, second = _request_ids()
    data = json.loads(result.stdout)
    assert [(e["state"], e["attempt"], e["logGroup"], e["requestId"]) for e in data] == [
        ("Charge", 1, GROUP, first),
        ("Charge", 2, GROUP, second),
    ]
    assert [e["message"] for e in data[0]["events"]] == [
        f"START RequestId: {first} Version: 7",
        f"[ERROR] card declined {first}",
        "Traceback (most recent call last): boom",
        f"END RequestId: {first}",
        f"REPORT RequestId: {first}\tDuration: 800 ms",
    ]
    assert data[0]["events"][0]["timestamp"] == "2026-11-21T10:00:00.400000+00:00"


def test_tail_keeps_the_last_lines(sfn, moto):
    result = run(sfn.url, moto, "logs", EXEC, "--tail", "2", "--json")
    data = json.loads(result.stdout)
    assert [len(e["events"]) for e in data] == [2, 2]
    assert data[1]["events"][-1]["message"].startswith("REPORT RequestId:")


def test_human_view(sfn, moto):
    result = run(sfn.url, moto, "logs", EXEC)
    assert result.exit_code == 0, result.stderr
    first, _ = _request_ids()
    assert (
        f"Charge · attempt 1 · FAILED Lambda.Unknown\n  log group {GROUP} · RequestId {first}\n"
        in (result.stdout)
    )
    assert f"REPORT RequestId: {first}  Duration: 800 ms" in result.stdout
    assert "  10:00:00.500  [ERROR] card declined" in result.stdout
    assert "another customer's line" not in result.stdout


def test_all_includes_attempts_that_did_not_fail(moto):
    h = pipeline([("fail", 1.0), ("ok", 1.0)], fail=False)
    events = [{**e, "timestamp": e["timestamp"].timestamp()} for e in h.events]
    with ActionServer({EXEC: {"describe": {}, "history": events}}) as server:
        failed = json.loads(run(server.url, moto, "logs", EXEC, "--json").stdout)
        every = json.loads(run(server.url, moto, "logs", EXEC, "--all", "--json").stdout)
    assert [e["attempt"] for e in failed] == [1]
    assert [e["attempt"] for e in every] == [1, 2]


def test_missing_log_group_is_one_line_and_why_still_answers(sfn):
    with MotoServer() as empty:
        logs = run(sfn.url, empty.url, "logs", EXEC, "--json")
        why = run(sfn.url, empty.url, "why", EXEC, "--logs")
    assert logs.exit_code == 0, logs.stderr
    problems = [e["problem"] for e in json.loads(logs.stdout)]
    assert len(problems) == 2 and all(p.startswith(f"no logs read from {GROUP}") for p in problems)
    assert why.exit_code == 0, why.stderr
    assert "Lambda.Unknown" in why.stdout
    assert f"  no logs read from {GROUP}: FilterLogEvents failed: ResourceNotFoundException" in (
        why.stdout
    )


def test_why_logs_json(sfn, moto):
    result = run(sfn.url, moto, "why", EXEC, "--logs", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["rootCause"]["state"] == "Charge"
    assert [e["requestId"] for e in data["logs"]] == _request_ids()


def test_the_functions_logging_config_names_its_log_group(sfn, moto):
    logs = _client(moto, "logs")
    logs.create_log_group(logGroupName="/shared/payments")
    logs.create_log_stream(logGroupName="/shared/payments", logStreamName="s")
    first, _ = _request_ids()
    at = millis(T0 + timedelta(seconds=0.5))
    logs.put_log_events(
        logGroupName="/shared/payments",
        logStreamName="s",
        logEvents=[{"timestamp": at, "message": f"payments line {first}"}],
    )
    lam = _client(moto, "lambda")
    function = "arn:aws:lambda:us-east-1:123456789012:function:charge:live"
    configured = {"Configuration": {"LoggingConfig": {"LogGroup": "/shared/payments"}}}
    with Stubber(lam) as stubber:
        stubber.add_response("get_function", configured, {"FunctionName": function})
        result = run(sfn.url, moto, "logs", EXEC, "--json", lambda_client=lam)
    data = json.loads(result.stdout)
    assert [e["logGroup"] for e in data] == ["/shared/payments", "/shared/payments"]
    assert [m["message"] for m in data[0]["events"]] == [f"payments line {first}"]


def test_a_durable_execution_shows_each_invocation_by_request_id(moto):
    durable = "arn:aws:lambda:us-east-1:123456789012:function:approve:1/durable-execution/a-1/x1"
    function = "arn:aws:lambda:us-east-1:123456789012:function:approve:1"
    rid = "0d1e2f3a-1111-2222-3333-444455556666"
    logs = _client(moto, "logs")
    logs.create_log_group(logGroupName="/aws/lambda/approve")
    logs.create_log_stream(logGroupName="/aws/lambda/approve", logStreamName="s")
    lines = [
        f"START RequestId: {rid} Version: 1",
        "waiting for approval",
        f"REPORT RequestId: {rid}",
    ]
    logs.put_log_events(
        logGroupName="/aws/lambda/approve",
        logStreamName="s",
        logEvents=[
            {"timestamp": millis(T0 + timedelta(seconds=n)), "message": line}
            for n, line in enumerate(lines)
        ],
    )
    lam = _client(moto, "lambda")
    described = {
        "DurableExecutionArn": durable,
        "DurableExecutionName": "a-1",
        "FunctionArn": function,
        "Status": "RUNNING",
        "StartTimestamp": T0,
    }
    invocation = {
        "EventId": 1,
        "EventType": "InvocationCompleted",
        "EventTimestamp": T0 + timedelta(seconds=3),
        "InvocationCompletedDetails": {
            "StartTimestamp": T0,
            "EndTimestamp": T0 + timedelta(seconds=2),
            "RequestId": rid,
        },
    }
    with Stubber(lam) as stubber:
        stubber.add_response("get_durable_execution", described)
        stubber.add_response("get_function", {"Configuration": {}})
        stubber.add_response("get_durable_execution_history", {"Events": [invocation]})
        result = run("http://127.0.0.1:9", moto, "logs", durable, "--json", lambda_client=lam)
    assert result.exit_code == 0, result.stderr
    (entry,) = json.loads(result.stdout)
    assert (entry["state"], entry["attempt"], entry["requestId"]) == ("invocation", 1, rid)
    assert entry["logGroup"] == "/aws/lambda/approve"
    assert [e["message"] for e in entry["events"]] == lines
