"""`sfnctl stop` against moto's server: StopExecution really stops, and without consent moto's
executions stay RUNNING — nothing was sent."""

from __future__ import annotations

import builtins
import json
import uuid
from collections.abc import Iterator
from typing import Any

import boto3
import pytest

from sfnctl.demo.moto_server import MotoServer
from tests.support.cli import sfnctl
from tests.support.live import Live

pytestmark = pytest.mark.e2e

WAITING = json.dumps(
    {"StartAt": "Hold", "States": {"Hold": {"Type": "Wait", "Seconds": 3600, "End": True}}}
)
ROLE = "arn:aws:iam::123456789012:role/sfn"


@pytest.fixture(scope="module")
def moto() -> Iterator[str]:
    with MotoServer() as server:
        yield server.url


def _client(url: str) -> Any:
    return boto3.client(
        "stepfunctions",
        endpoint_url=url,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def _running(url: str, count: int = 1) -> tuple[str, list[str]]:
    """A fresh state machine with `count` executions waiting an hour."""
    sfn = _client(url)
    sm = sfn.create_state_machine(
        name=f"hold-{uuid.uuid4().hex[:8]}", definition=WAITING, roleArn=ROLE
    )["stateMachineArn"]
    arns = [
        sfn.start_execution(stateMachineArn=sm, name=f"run-{n}")["executionArn"]
        for n in range(count)
    ]
    return sm, arns


def _status(url: str, arn: str) -> str:
    return str(_client(url).describe_execution(executionArn=arn)["status"])


def test_stop_with_yes_stops_and_records_error_and_cause(moto):
    _, (arn,) = _running(moto)
    result = sfnctl(
        "stop",
        arn,
        "--error",
        "Ops.Abort",
        "--cause",
        "bad deploy",
        "--yes",
        "--json",
        endpoint=moto,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["executionArn"] == arn and data["stopped"] is True and data["dryRun"] is False
    described = _client(moto).describe_execution(executionArn=arn)
    assert described["status"] == "ABORTED"
    assert "Stopped run-0" in result.stderr


def test_no_terminal_and_no_yes_refuses_and_sends_nothing(moto):
    _, (arn,) = _running(moto)
    result = sfnctl("stop", arn, endpoint=moto)
    assert result.returncode == 2
    assert "stdin is not a terminal" in result.stderr
    assert _status(moto, arn) == "RUNNING"


def test_dry_run_shows_and_sends_nothing(moto):
    _, (arn,) = _running(moto)
    result = sfnctl("stop", arn, "--dry-run", "--json", endpoint=moto)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["stopped"] is False
    assert "Stop execution run-0" in result.stderr
    assert "Dry run: nothing was sent." in result.stderr
    assert _status(moto, arn) == "RUNNING"


@pytest.mark.parametrize("answer", ["n\n", "", None], ids=["no", "ctrl-d", "ctrl-c"])
def test_declining_at_the_prompt_sends_nothing(moto, monkeypatch, answer):
    _, (arn,) = _running(moto)
    live = Live(moto, stdin_tty=True)
    if answer is None:

        def interrupted(*_args: object) -> str:
            raise KeyboardInterrupt

        monkeypatch.setattr(builtins, "input", interrupted)
    result = live.run("stop", arn, input=answer or "")
    assert result.exit_code == (130 if answer is None else 2), result.stderr
    assert "Stop this execution?" in result.stderr
    if answer is not None:  # a choice, not an error: one line, no `error:` after it
        assert "Cancelled: nothing was sent." in result.stderr
        assert "error:" not in result.stderr, result.stderr
    assert _status(moto, arn) == "RUNNING"


def test_yes_at_the_prompt_stops(moto):
    _, (arn,) = _running(moto)
    result = Live(moto, stdin_tty=True).run("stop", arn, input="y\n")
    assert result.exit_code == 0, result.stderr
    assert _status(moto, arn) == "ABORTED"


def test_an_execution_that_is_not_running_is_refused(moto):
    _, (arn,) = _running(moto)
    _client(moto).stop_execution(executionArn=arn)
    for flags in (("--yes",), ()):  # without --yes off a terminal: refused for what it is
        result = sfnctl("stop", arn, *flags, endpoint=moto)
        assert result.returncode == 2
        assert "run-0 is ABORTED: only a RUNNING execution can be stopped" in result.stderr
        assert "stdin is not a terminal" not in result.stderr


def test_bulk_stop_asks_once_and_reports_each(moto):
    sm, arns = _running(moto, 3)
    live = Live(moto, stdin_tty=True)
    result = live.run("stop", sm, "--status", "RUNNING", "--since", "1h", input="y\n")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.count("Stop these 3 execution(s)?") == 1
    assert result.stderr.count("stopped run-") == 3
    assert "Stopped 3 of 3; 0 failed." in result.stderr
    assert {_status(moto, arn) for arn in arns} == {"ABORTED"}


def test_bulk_stop_declined_or_refused_sends_nothing(moto):
    sm, arns = _running(moto, 2)
    declined = Live(moto, stdin_tty=True).run("stop", sm, "--status", "RUNNING", input="n\n")
    refused = sfnctl("stop", sm, "--status", "RUNNING", endpoint=moto)
    dry = sfnctl("stop", sm, "--status", "RUNNING", "--dry-run", "--json", endpoint=moto)
    assert (declined.exit_code, refused.returncode, dry.returncode) == (2, 2, 0)
    assert json.loads(dry.stdout)["matched"] == 2
    assert {_status(moto, arn) for arn in arns} == {"RUNNING"}


def test_bulk_json_summary(moto):
    sm, arns = _running(moto, 2)
    result = sfnctl("stop", sm, "--status", "RUNNING", "--yes", "--json", endpoint=moto)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert sorted(data["stopped"]) == sorted(arns)
    assert (data["matched"], data["failed"]) == (2, [])


@pytest.mark.parametrize(
    "argv",
    [
        ["--status", "FAILED"],
        ["--since", "1h"],
        ["--since", "yesterday", "--status", "RUNNING"],
        ["--error", "E" * 257, "--status", "RUNNING"],
    ],
)
def test_bulk_usage_errors_send_nothing(moto, argv):
    sm, arns = _running(moto)
    result = sfnctl("stop", sm, *argv, "--yes", endpoint=moto)
    assert result.returncode == 2, result.stderr
    assert _status(moto, arns[0]) == "RUNNING"
