"""--watch shows what is happening, on a terminal (tmux at 80 and 120 columns), against real
emulator executions held running by a Wait state: `describe --watch` says where the execution is
now; `history --watch --view tree|timeline` is that view, live."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

import pytest

from tests.e2e.conftest import Emulator

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux (.ci/run installs it)"),
]


def _wait(name: str, seconds: int) -> dict:
    return {"StartAt": name, "States": {name: {"Type": "Wait", "Seconds": seconds, "End": True}}}


PARALLEL = {
    "StartAt": "Fan",
    "States": {
        "Fan": {"Type": "Parallel", "Branches": [_wait("Hold", 4), _wait("Nap", 3)], "End": True}
    },
}
HOLD = {
    "StartAt": "Hold",
    "States": {
        "Hold": {"Type": "Wait", "Seconds": 4, "Next": "End"},
        "End": {"Type": "Fail", "Error": "HeldTooLong", "Cause": "the hold expired"},
    },
}


def start(emulator: Emulator, definition: dict) -> str:
    client = emulator.client()
    machine = client.create_state_machine(
        name=f"now-{uuid.uuid4().hex[:8]}",
        definition=json.dumps(definition),
        roleArn="arn:aws:iam::123456789012:role/sfnctl-test",
    )["stateMachineArn"]
    return str(client.start_execution(stateMachineArn=machine, name="run-1")["executionArn"])


@contextmanager
def terminal(emulator: Any, argv: str, width: int) -> Iterator[Callable[[], str]]:
    """`sfnctl ARGV` in a tmux pane `width` columns wide; yields a screen reader."""
    socket = f"sfnctl-now-{uuid.uuid4().hex[:8]}"
    command = (
        f"AWS_ENDPOINT_URL={emulator.url} AWS_ACCESS_KEY_ID=testing "
        f"AWS_SECRET_ACCESS_KEY=testing AWS_DEFAULT_REGION=us-east-1 "
        f"{sys.executable} -m sfnctl {argv}; echo EXIT=$?; sleep 30"
    )
    tmux = ["tmux", "-L", socket]
    subprocess.run(
        [*tmux, "new-session", "-d", "-x", str(width), "-y", "50", "sh", "-c", command],
        check=True,
    )
    try:
        yield (
            lambda: (
                subprocess.run([*tmux, "capture-pane", "-p"], capture_output=True, text=True).stdout
            )
        )
    finally:
        subprocess.run([*tmux, "kill-server"], capture_output=True)


def wait_for(screen: Callable[[], str], condition: Callable[[str], bool], timeout: float) -> str:
    deadline = time.monotonic() + timeout
    while not condition(text := screen()):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out; the screen:\n{text}")
        time.sleep(0.1)
    return text


@pytest.mark.parametrize("width", [80, 120])
def test_describe_watch_says_where_it_is_now(emulator: Emulator, width: int) -> None:
    arn = start(emulator, HOLD)
    started = emulator.client().describe_execution(executionArn=arn)["startDate"]
    argv = f"describe {arn} --watch --interval 0.3 --exit-status"
    with terminal(emulator, argv, width) as screen:
        live = wait_for(screen, lambda s: "Now" in s and "watching" in s, 20)
        assert "▶ RUNNING  run-1  (execution)" in live
        now_line = next(line for line in live.splitlines() if line.startswith("Now"))
        assert "in Hold — Wait until " in now_line and "(in " in now_line
        stamp = now_line.split("until ")[1][:8]
        assert abs(_seconds(stamp) - _seconds(_utc(started, 4))) <= 1, now_line
        assert "(so far)" in live  # the elapsed time
        assert max(len(line) for line in live.splitlines()) <= width
        final = wait_for(screen, lambda s: "EXIT=" in s, 30)
    assert "EXIT=10" in final and "✖ FAILED  run-1  (execution)" in final
    assert "Now " not in final and "watching" not in final  # the live view is gone


@pytest.mark.parametrize("width", [80, 120])
def test_describe_watch_lists_the_running_branches(emulator: Emulator, width: int) -> None:
    arn = start(emulator, PARALLEL)
    with terminal(emulator, f"describe {arn} --watch --interval 0.3", width) as screen:
        live = wait_for(screen, lambda s: "Nap" in s and "Hold" in s, 20)
        assert "in Fan › branch " in live and "Hold — Wait until" in live
        assert "Nap — Wait until" in live
        wait_for(screen, lambda s: "EXIT=" in s, 30)


@pytest.mark.parametrize(
    ("view", "live_needle"), [("tree", "▶ RUNNING  Hold  Wait"), ("timeline", "Hold")]
)
@pytest.mark.parametrize("width", [80, 120])
def test_history_watch_honours_the_view(
    emulator: Emulator, view: str, live_needle: str, width: int
) -> None:
    arn = start(emulator, HOLD)
    argv = f"history {arn} --watch --interval 0.3 --view {view}"
    with terminal(emulator, argv, width) as screen:
        live = wait_for(screen, lambda s: "watching" in s, 20)
        assert live_needle in live
        assert "ExecutionStarted" not in live and "WaitStateEntered" not in live  # no event table
        final = wait_for(screen, lambda s: "EXIT=" in s, 30)
    assert "EXIT=0" in final and "End" in final and "FAILED" in final
    assert "watching" not in final


def _utc(start: datetime, seconds: int) -> str:
    from datetime import UTC

    return (start + timedelta(seconds=seconds)).astimezone(UTC).strftime("%H:%M:%S")


def _seconds(stamp: str) -> int:
    hours, minutes, seconds = (int(p) for p in stamp.split(":"))
    return hours * 3600 + minutes * 60 + seconds


@pytest.mark.parametrize("width", [80, 120])
def test_durable_describe_watch_says_what_it_waits_on(durable: Any, width: int) -> None:
    """await-approval waits for a callback nobody sends: RUNNING for as long as we look."""
    arn = durable.executions["await-approval"]
    with terminal(durable, f"durable describe {arn} --watch --interval 0.3", width) as screen:
        live = wait_for(screen, lambda s: "watching" in s and "Now: waiting on" in s, 20)
    assert "RUNNING  approval-88  (durable execution)" in live
    assert "Callback id" in live and "approval" in live.split("Now: waiting on")[1]
