"""Answering and stopping durable executions on AWS's durable-execution local runner: a
workflow waiting on a callback is answered by `sfnctl durable callback succeed` and finishes;
without consent nothing reaches the runner (the callback is still waiting, the execution still
running)."""

from __future__ import annotations

import builtins
import json
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from sfnctl.demo.durable_runner import DurableRunner
from tests.support.cli import sfnctl
from tests.support.live import Live

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def runner() -> Iterator[DurableRunner]:
    with DurableRunner() as started:
        yield started


def _waiting(runner: DurableRunner) -> tuple[str, str]:
    """A fresh `await-approval` execution, once its callback is registered: (ARN, callback id)."""
    arn = runner.start_execution("await-approval", f"approval-{uuid.uuid4().hex[:8]}", {})
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        history = runner.history(arn)
        if any(e.get("EventType") == "InvocationCompleted" for e in history):
            (started,) = [e for e in history if e.get("EventType") == "CallbackStarted"]
            return arn, str(started["CallbackStartedDetails"]["CallbackId"])
        time.sleep(0.05)
    raise AssertionError("the callback was never registered")


def _answered(runner: DurableRunner, arn: str) -> list[str]:
    return [
        str(e["EventType"])
        for e in runner.history(arn)
        if e.get("EventType") in ("CallbackSucceeded", "CallbackFailed")
    ]


def _status(runner: DurableRunner, arn: str) -> Any:
    return runner.describe(arn).get("Status")


def test_describe_and_history_print_the_whole_id_and_the_command(runner):
    arn, callback_id = _waiting(runner)
    for command in ("describe", "history"):
        result = sfnctl("durable", command, arn, endpoint=runner.url)
        assert result.returncode in (0, 20), result.stderr
        lines = result.stdout.splitlines()
        assert callback_id in lines, result.stdout  # on its own line, whole
        assert f"  sfnctl durable callback succeed {callback_id} --result" in result.stdout
        assert "Waiting on callback 'manager-approval'" in result.stdout


def test_callback_succeed_finishes_the_workflow(runner):
    arn, callback_id = _waiting(runner)
    result = sfnctl(
        "durable",
        "callback",
        "succeed",
        callback_id,
        "--result",
        '{"approved": true}',
        "--yes",
        endpoint=runner.url,
    )
    assert result.returncode == 0, result.stderr
    assert "Sent callback succeed." in result.stderr
    done = runner.wait_for([arn])[arn]
    assert done["Status"] == "SUCCEEDED"
    assert json.loads(done["Result"]) == {"approved": '{"approved": true}'}
    described = sfnctl("durable", "describe", arn, endpoint=runner.url)
    assert callback_id not in described.stdout  # nothing left to answer


def test_callback_fail_fails_the_workflow(runner):
    arn, callback_id = _waiting(runner)
    result = sfnctl(
        "durable",
        "callback",
        "fail",
        callback_id,
        "--error-type",
        "Rejected",
        "--error-message",
        "no budget",
        "--yes",
        "--json",
        endpoint=runner.url,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "callbackId": callback_id,
        "action": "fail",
        "dryRun": False,
        "sent": True,
    }
    assert runner.wait_for([arn])[arn]["Status"] == "FAILED"
    assert _answered(runner, arn) == ["CallbackFailed"]


def test_heartbeat_keeps_it_waiting(runner):
    arn, callback_id = _waiting(runner)
    result = sfnctl("durable", "callback", "heartbeat", callback_id, "--yes", endpoint=runner.url)
    assert result.returncode == 0, result.stderr
    assert _status(runner, arn) == "RUNNING"
    assert _answered(runner, arn) == []


@pytest.mark.parametrize("answer", ["n\n", "", None], ids=["no", "ctrl-d", "ctrl-c"])
def test_declined_callback_sends_nothing(runner, monkeypatch, answer):
    arn, callback_id = _waiting(runner)
    if answer is None:

        def interrupted(*_args: object) -> str:
            raise KeyboardInterrupt

        monkeypatch.setattr(builtins, "input", interrupted)
    live = Live(runner.url, stdin_tty=True)
    result = live.run("durable", "callback", "succeed", callback_id, input=answer or "")
    assert result.exit_code == (130 if answer is None else 2), result.stderr
    assert "Send callback succeed?" in result.stderr
    assert _answered(runner, arn) == [] and _status(runner, arn) == "RUNNING"


def test_callback_without_terminal_or_with_dry_run_sends_nothing(runner):
    arn, callback_id = _waiting(runner)
    refused = sfnctl("durable", "callback", "succeed", callback_id, endpoint=runner.url)
    dry = sfnctl("durable", "callback", "succeed", callback_id, "--dry-run", endpoint=runner.url)
    assert (refused.returncode, dry.returncode) == (2, 0)
    assert "stdin is not a terminal" in refused.stderr
    assert "Dry run: nothing was sent." in dry.stderr
    assert callback_id in dry.stderr.replace("\n", "")
    assert _answered(runner, arn) == [] and _status(runner, arn) == "RUNNING"


@pytest.mark.parametrize(
    "argv",
    [
        ["succeed", "ID", "--result", "{not json"],
        ["succeed", "ID", "--error-type", "E"],
        ["heartbeat", "ID", "--result", "{}"],
        ["fail", "ID", "--result", "{}"],
        ["succeed", "not a callback id!"],
    ],
)
def test_invalid_callbacks_exit_2_and_send_nothing(runner, argv):
    arn, callback_id = _waiting(runner)
    argv = [callback_id if a == "ID" else a for a in argv]
    result = sfnctl("durable", "callback", *argv, "--yes", endpoint=runner.url)
    assert result.returncode == 2, result.stderr
    assert _answered(runner, arn) == [] and _status(runner, arn) == "RUNNING"


def test_durable_stop(runner):
    arn, _ = _waiting(runner)
    refused = sfnctl("durable", "stop", arn, endpoint=runner.url)
    assert refused.returncode == 2 and _status(runner, arn) == "RUNNING"
    declined = Live(runner.url, stdin_tty=True).run("durable", "stop", arn, input="n\n")
    assert declined.exit_code == 2 and _status(runner, arn) == "RUNNING"
    result = sfnctl(
        "durable",
        "stop",
        arn,
        "--error-type",
        "Ops",
        "--error-message",
        "abandoned",
        "--yes",
        "--json",
        endpoint=runner.url,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["stopped"] is True
    assert data["error"] == {"ErrorType": "Ops", "ErrorMessage": "abandoned"}
    assert _status(runner, arn) == "STOPPED"
    again = sfnctl("durable", "stop", arn, "--yes", endpoint=runner.url)
    assert again.returncode == 2
    assert "is STOPPED: only a running durable execution can be stopped" in again.stderr
