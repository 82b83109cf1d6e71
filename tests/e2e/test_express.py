"""Express executions from the state machine's CloudWatch Logs (moto's), with records written in
the shape Step Functions writes them (id, type, details, previous_event_id, event_timestamp in
epoch ms, execution_arn, redrive_count — all strings but details): describe, history and why of
an Express execution ARN, list of an Express state machine, and what to enable when logging is
off or below ALL."""

from __future__ import annotations

import io
import json
import uuid
from collections.abc import Iterator
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
from tests.support.cli import sfnctl
from tests.support.histories import pipeline
from tests.support.live import Outcome
from tests.support.rendering import plain_console

pytestmark = pytest.mark.e2e

ACCOUNT = "123456789012"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/sfn"
PASS = json.dumps({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}})


def _client(url: str, service: str) -> Any:
    return boto3.client(
        service,
        endpoint_url=url,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def _records(execution_arn: str, fail: bool) -> list[dict[str, Any]]:
    """The log events Step Functions writes for one execution (level ALL, with data)."""
    h = pipeline([("fail", 1.0), ("fail", 1.0)] if fail else [("ok", 1.0)], fail=fail)
    out = []
    for event in h.events:
        details = next((v for k, v in event.items() if k.endswith("EventDetails")), {})
        record = {
            "id": str(event["id"]),
            "type": event["type"],
            "details": details,
            "previous_event_id": str(event["previousEventId"]),
            "event_timestamp": str(millis(event["timestamp"])),
            "execution_arn": execution_arn,
            "redrive_count": "0",
        }
        out.append({"timestamp": millis(event["timestamp"]), "message": json.dumps(record)})
    return out


@pytest.fixture(scope="module")
def moto() -> Iterator[str]:
    with MotoServer() as server:
        yield server.url


def _express(url: str, level: str = "ALL", *, data: bool = True) -> tuple[str, str, str]:
    """An Express state machine logging at `level` to a fresh group, with one failed and one
    succeeded execution logged: (state machine ARN, failed ARN, succeeded ARN)."""
    name = f"fast-{uuid.uuid4().hex[:6]}"
    group = f"/aws/vendedlogs/states/{name}"
    logs = _client(url, "logs")
    logs.create_log_group(logGroupName=group)
    logs.create_log_stream(logGroupName=group, logStreamName="states/x")
    config: dict[str, Any] = {"level": level, "includeExecutionData": data}
    if level != "OFF":
        arn = f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:{group}:*"
        config["destinations"] = [{"cloudWatchLogsLogGroup": {"logGroupArn": arn}}]
    sm = _client(url, "stepfunctions").create_state_machine(
        name=name, type="EXPRESS", definition=PASS, roleArn=ROLE, loggingConfiguration=config
    )["stateMachineArn"]
    failed = f"arn:aws:states:us-east-1:{ACCOUNT}:express:{name}:order-1:{uuid.uuid4()}"
    ok = f"arn:aws:states:us-east-1:{ACCOUNT}:express:{name}:order-2:{uuid.uuid4()}"
    events = sorted(_records(failed, True) + _records(ok, False), key=lambda e: e["timestamp"])
    logs.put_log_events(logGroupName=group, logStreamName="states/x", logEvents=events)
    return sm, failed, ok


def test_describe_reads_the_log_and_says_so(moto):
    _, failed, _ = _express(moto)
    result = sfnctl("describe", failed, "--json", endpoint=moto)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["status"], data["error"], data["name"]) == ("FAILED", "Lambda.Unknown", "order-1")
    assert data["input"] == '{"order": 1}'
    assert "History read from CloudWatch Logs: /aws/vendedlogs/states/fast-" in result.stderr


def test_history_is_the_logged_events_in_the_api_shape(moto):
    _, failed, ok = _express(moto)
    result = sfnctl("history", failed, "--json", endpoint=moto)
    assert result.returncode == 0, result.stderr
    events = json.loads(result.stdout)
    expected = pipeline([("fail", 1.0), ("fail", 1.0)], fail=True).events
    assert [(e["id"], e["type"]) for e in events] == [(e["id"], e["type"]) for e in expected]
    assert events[0]["executionStartedEventDetails"]["input"] == '{"order": 1}'
    tree = sfnctl("history", ok, "--view", "tree", endpoint=moto)
    assert tree.returncode == 0, tree.stderr
    assert "Charge" in tree.stdout and "Ship" in tree.stdout


def test_why_finds_the_root_cause_in_the_log(moto):
    _, failed, _ = _express(moto)
    result = sfnctl("why", failed, "--json", endpoint=moto)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["rootCause"]["state"] == "Charge"
    assert data["rootCause"]["attempts"] == 2


def test_logging_off_says_what_to_enable(moto):
    _, failed, _ = _express(moto, "OFF")
    result = sfnctl("describe", failed, endpoint=moto)
    assert result.returncode == 3
    assert "the state machine does not log its executions" in result.stderr
    assert "aws stepfunctions update-state-machine" in result.stderr
    assert "level=ALL,includeExecutionData=true" in result.stderr


def test_below_all_is_read_and_called_incomplete(moto):
    _, failed, _ = _express(moto, "ERROR")
    result = sfnctl("why", failed, endpoint=moto)
    assert result.returncode == 0, result.stderr
    assert "Incomplete: the state machine logs at level ERROR (only some events)" in (
        result.stderr.replace("\n", " ")
    )


def test_an_execution_not_in_the_log_is_not_found(moto):
    _, failed, _ = _express(moto)
    missing = failed.rsplit(":", 2)[0] + ":order-9:" + str(uuid.uuid4())
    result = sfnctl("history", missing, endpoint=moto)
    assert result.returncode == 3
    assert "no records of" in result.stderr


def test_list_of_an_express_state_machine_reads_the_log(moto):
    """ListExecutions answers StateMachineTypeNotSupported for Express state machines (moto
    lists nothing instead): Step Functions through Stubber, CloudWatch Logs from moto."""
    sm, failed, ok = _express(moto)
    described = _client(moto, "stepfunctions").describe_state_machine(stateMachineArn=sm)
    described.pop("ResponseMetadata")
    sfn = _client(moto, "stepfunctions")
    with Stubber(sfn) as stubber:
        stubber.add_client_error(
            "list_executions", "StateMachineTypeNotSupported", "not supported for EXPRESS"
        )
        stubber.add_response("describe_state_machine", described)
        result = _run(sfn, moto, "list", sm, "--json")
    assert result.exit_code == 0, result.stderr
    items = json.loads(result.stdout)
    assert {(i["executionArn"], i["status"]) for i in items} == {
        (failed, "FAILED"),
        (ok, "SUCCEEDED"),
    }
    assert "Listed from CloudWatch Logs" in result.stderr


def _run(sfn: Any, url: str, *args: str) -> Outcome:
    def factory(service: str) -> Any:
        return sfn if service == "stepfunctions" else _client(url, service)

    ctx = Context(
        console_out=plain_console(),
        console_err=plain_console(),
        api_factory=lambda _c, on_confirmed: AwsApi(factory, workers=1, on_confirmed=on_confirmed),
    )
    out = io.StringIO()
    ctx.stdout_write = out.write
    result = CliRunner().invoke(app, list(args), obj=ctx)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Outcome(result.exit_code, out.getvalue() + ctx.out.export_text(), ctx.err.export_text())
