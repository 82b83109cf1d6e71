"""describe --watch on a terminal: each poll is DescribeExecution plus ONE newest-first page of
the history without payloads (the definition once, for Wait end times) — Stubber fails the
test on any other request or parameter."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime

from rich.console import Console
from typer.testing import CliRunner

from sfnctl.app import app
from sfnctl.aws.api import AwsApi
from sfnctl.context import Context
from tests.fixtures import seed_shaped as s

T0 = datetime(2026, 11, 21, 9, 55, 10, tzinfo=UTC)
NOW = datetime(2026, 11, 21, 9, 55, 40, tzinfo=UTC)
DEFINITION = {
    "StartAt": "Hold",
    "States": {"Hold": {"Type": "Wait", "Seconds": 90, "End": True}},
}


def _execution(status: str) -> dict:
    found = {
        "executionArn": s.EXEC,
        "stateMachineArn": s.SM,
        "name": "run-42",
        "status": status,
        "startDate": T0,
        "input": '{"order": 1}',
    }
    if status != "RUNNING":
        found["stopDate"] = NOW
    return found


def _newest_page(stubbed) -> None:
    events = [
        {"id": 2, "previousEventId": 1, "type": "WaitStateEntered", "timestamp": T0,
         "stateEnteredEventDetails": {"name": "Hold"}},
        {"id": 1, "previousEventId": 0, "type": "ExecutionStarted", "timestamp": T0,
         "executionStartedEventDetails": {"roleArn": "arn:aws:iam::123456789012:role/r"}},
    ]  # fmt: skip
    params = {
        "executionArn": s.EXEC,
        "includeExecutionData": False,
        "reverseOrder": True,
        "maxResults": 1000,
    }
    stubbed.stubber.add_response("get_execution_history", {"events": events}, params)


def test_each_poll_reads_one_newest_page_without_payloads(stubbed) -> None:
    add = stubbed.stubber.add_response
    add("describe_execution", _execution("RUNNING"), {"executionArn": s.EXEC})
    add(
        "describe_state_machine_for_execution",
        {"stateMachineArn": s.SM, "name": "orders", "definition": json.dumps(DEFINITION),
         "roleArn": "arn:aws:iam::123456789012:role/r", "updateDate": T0},
        {"executionArn": s.EXEC},
    )  # fmt: skip
    _newest_page(stubbed)
    add("describe_execution", _execution("RUNNING"), {"executionArn": s.EXEC})
    _newest_page(stubbed)  # the definition is not asked for again
    add("describe_execution", _execution("SUCCEEDED"), {"executionArn": s.EXEC})
    # the final, complete view
    add("describe_execution", _execution("SUCCEEDED"), {"executionArn": s.EXEC})
    add(
        "describe_state_machine_for_execution",
        {"stateMachineArn": s.SM, "name": "orders", "definition": "{}",
         "roleArn": "arn:aws:iam::123456789012:role/r", "updateDate": T0},
        {"executionArn": s.EXEC, "includedData": "METADATA_ONLY"},
    )  # fmt: skip
    add(
        "describe_state_machine",
        {"stateMachineArn": s.SM, "name": "orders", "definition": "{}", "type": "STANDARD",
         "roleArn": "arn:aws:iam::123456789012:role/r", "creationDate": T0},
        {"stateMachineArn": s.SM, "includedData": "METADATA_ONLY"},
    )  # fmt: skip
    screen = io.StringIO()
    terminal = Console(
        file=screen, force_terminal=True, width=100, color_system=None, legacy_windows=False
    )
    ctx = Context(
        console_out=terminal,
        console_err=Console(file=io.StringIO(), width=100),
        clock=lambda: NOW,
        api_factory=lambda config, on_confirmed: AwsApi(
            lambda service: stubbed.client, workers=1, on_confirmed=on_confirmed
        ),
    )
    result = CliRunner().invoke(app, ["describe", s.EXEC, "--watch", "--interval", "0.2"], obj=ctx)
    assert result.exit_code == 0, result.output
    drawn = screen.getvalue()
    assert "Now            in Hold — Wait until 09:56:40 UTC (in 1m 00s)" in drawn
    assert "✔ SUCCEEDED  run-42  (execution)" in drawn  # then the final view
