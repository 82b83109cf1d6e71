"""--watch and --exit-status against the emulator, on executions that are really running (a Wait
state): off a terminal only the final result (history streams events as they come); on a
terminal (tmux) a live view, then the final view stays; Ctrl-C → 130."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from typing import Any

import pytest

from tests.e2e.conftest import Emulator
from tests.support.cli import sfnctl
from tests.support.waiting import Lines

pytestmark = pytest.mark.e2e


def start(emulator: Emulator, wait: int, end: dict[str, Any]) -> str:
    """A fresh execution that waits `wait` seconds, then ends in `end`'s state."""
    client = emulator.client()
    name = f"hold-{uuid.uuid4().hex[:8]}"
    definition = {
        "StartAt": "Hold",
        "States": {"Hold": {"Type": "Wait", "Seconds": wait, "Next": "End"}, "End": end},
    }
    machine = client.create_state_machine(
        name=name,
        definition=json.dumps(definition),
        roleArn="arn:aws:iam::123456789012:role/sfnctl-test",
    )["stateMachineArn"]
    return str(client.start_execution(stateMachineArn=machine, name="run-1")["executionArn"])


FAIL = {"Type": "Fail", "Error": "HeldTooLong", "Cause": "the hold expired"}
PASS = {"Type": "Pass", "End": True}


@pytest.mark.parametrize(("end", "code", "word"), [(FAIL, 10, "FAILED"), (PASS, 0, "SUCCEEDED")])
def test_describe_watch_waits_for_the_end_and_prints_once(emulator, end, code, word) -> None:
    arn = start(emulator, 2, end)
    started = time.monotonic()
    result = sfnctl(
        "describe", arn, "--watch", "--interval", "0.3", "--exit-status", endpoint=emulator.url
    )
    assert result.returncode == code, result.stderr
    assert time.monotonic() - started >= 1.5  # it really waited for the Wait state
    assert result.stdout.count("(execution)") == 1  # the final view only, no intermediate ones
    assert f"{word}  run-1  (execution)" in result.stdout
    assert "watching" not in result.stdout + result.stderr


def test_describe_watch_json_is_the_final_object(emulator) -> None:
    arn = start(emulator, 2, FAIL)
    result = sfnctl(
        "describe", arn, "--watch", "--interval", "0.3", "--json", "--exit-status",
        endpoint=emulator.url,
    )  # fmt: skip
    assert result.returncode == 10, result.stderr
    assert json.loads(result.stdout)["status"] == "FAILED"


def test_history_watch_streams_events_as_they_come(emulator) -> None:
    arn = start(emulator, 3600, FAIL)  # runs until the test stops it
    env = dict(os.environ, AWS_ENDPOINT_URL=emulator.url)
    process = subprocess.Popen(
        [sys.executable, "-m", "sfnctl", "history", arn, "--watch", "--interval", "0.3", "--jsonl"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert process.stdout is not None
    first = json.loads(process.stdout.readline())
    assert first["type"] == "ExecutionStarted"
    assert process.poll() is None  # the first event came while the execution still ran
    emulator.client().stop_execution(executionArn=arn)
    rest = [json.loads(line) for line in process.stdout]
    assert process.wait(timeout=30) == 0
    events = [first, *rest]
    assert [e["id"] for e in events] == list(range(1, len(events) + 1))
    assert events[-1]["type"] == "ExecutionAborted"


def test_history_watch_text_lines(emulator) -> None:
    arn = start(emulator, 1, FAIL)
    result = sfnctl("history", arn, "--watch", "--interval", "0.3", endpoint=emulator.url)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "ExecutionStarted" in lines[0]
    assert "✖ ExecutionFailed" in lines[-1] and "HeldTooLong: the hold expired" in lines[-1]


def test_ctrl_c_while_watching_exits_130(emulator) -> None:
    arn = start(emulator, 3600, PASS)
    env = dict(os.environ, AWS_ENDPOINT_URL=emulator.url)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "sfnctl",
            "describe",
            arn,
            "--watch",
            "--interval",
            "0.3",
            "--debug",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert process.stderr is not None and process.stdout is not None
    log = Lines(process.stderr)
    # --debug logs each request: two DescribeExecution calls mean the watch loop is polling
    for _ in range(2):
        log.wait_for(lambda line: "DescribeExecution" in line and "Making request" in line)
    assert process.poll() is None
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=20) == 130
    stdout = process.stdout.read()
    log.wait_for(lambda line: line.strip() == "Interrupted.")
    assert stdout == ""
    emulator.client().stop_execution(executionArn=arn)


@pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux (.ci/run installs it)")
def test_live_view_on_a_terminal_then_the_final_view_stays(emulator) -> None:
    arn = start(emulator, 4, FAIL)
    socket = f"sfnctl-watch-{uuid.uuid4().hex[:8]}"
    command = (
        f"AWS_ENDPOINT_URL={emulator.url} AWS_ACCESS_KEY_ID=testing "
        f"AWS_SECRET_ACCESS_KEY=testing AWS_DEFAULT_REGION=us-east-1 "
        f"{sys.executable} -m sfnctl describe {arn} --watch --interval 0.3 --exit-status; "
        "echo EXIT=$?; sleep 30"
    )
    tmux = ["tmux", "-L", socket]
    subprocess.run(
        [*tmux, "new-session", "-d", "-x", "120", "-y", "50", "sh", "-c", command], check=True
    )

    def screen() -> str:
        return subprocess.run([*tmux, "capture-pane", "-p"], capture_output=True, text=True).stdout

    try:
        deadline = time.monotonic() + 20
        while "watching" not in (live := screen()) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert "▶ RUNNING  run-1  (execution)" in live and "Ctrl-C to stop" in live
        while "EXIT=" not in (final := screen()) and time.monotonic() < deadline + 20:
            time.sleep(0.2)
        assert "EXIT=10" in final
        assert "✖ FAILED  run-1  (execution)" in final
        assert "watching" not in final and "RUNNING" not in final  # the live view is gone
    finally:
        subprocess.run([*tmux, "kill-server"], capture_output=True)
