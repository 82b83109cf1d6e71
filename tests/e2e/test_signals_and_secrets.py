"""Ctrl-C during a request exits 130 with one line; --debug never prints the secret key."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time

import pytest

from tests.support.cli import sfnctl

pytestmark = pytest.mark.e2e
EXEC = "arn:aws:states:us-east-1:123456789012:execution:sm:run"


def test_ctrl_c_during_a_hanging_request_exits_130():
    # A real server that accepts connections and never answers.
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    accepted: list[socket.socket] = []
    threading.Thread(target=lambda: accepted.append(listener.accept()[0]), daemon=True).start()
    env = dict(os.environ, AWS_ENDPOINT_URL=f"http://127.0.0.1:{listener.getsockname()[1]}")
    process = subprocess.Popen(
        [sys.executable, "-m", "sfnctl", "describe", EXEC],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        deadline = time.monotonic() + 20
        while not accepted and time.monotonic() < deadline:
            time.sleep(0.05)
        assert accepted, "sfnctl never connected"
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=20)
    finally:
        process.kill()
        listener.close()
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert stderr.strip() == "Interrupted."
    assert stdout == ""


SECRET = "sEcReT-7f3a9c1e-unique-value-do-not-print"
TOKEN = "ToKeN-5d2b8e4f-unique-session-token"


@pytest.mark.parametrize(
    ("argv", "code"),
    [
        (("describe", "order-pipeline", "--json"), 0),
        (("history", "fetch-report"), 0),
        (("why", "fetch-report", "--json"), 0),
        (("describe", "arn:aws:states:us-east-1:123456789012:execution:nope:nope"), 3),
    ],
)
def test_debug_log_never_contains_the_secret(emulator, argv, code):
    args = [emulator.arn(a) if a in emulator.executions else a for a in argv]
    result = sfnctl(
        "--debug",
        *args,
        endpoint=emulator.url,
        env={"AWS_SECRET_ACCESS_KEY": SECRET, "AWS_SESSION_TOKEN": TOKEN},
    )
    assert result.returncode == code, result.stderr[-2000:]
    assert "botocore" in result.stderr  # the debug log really was on
    for value in (SECRET, TOKEN):
        assert value not in result.stdout
        assert value not in result.stderr


def test_debug_log_of_durable_calls_never_contains_the_secret(durable):
    for argv in (
        ("durable", "history", durable.executions["payment-failure"]),
        ("durable", "describe", "no-such/execution"),
    ):
        result = sfnctl(
            "--debug",
            *argv,
            endpoint=durable.url,
            env={"AWS_SECRET_ACCESS_KEY": SECRET, "AWS_SESSION_TOKEN": TOKEN},
        )
        assert "botocore" in result.stderr
        for value in (SECRET, TOKEN):
            assert value not in result.stdout + result.stderr


@pytest.fixture(scope="module")
def big_server():
    from tests.support.history_server import SM, HistoryServer, large_executions, listing

    with HistoryServer(large_executions(), listings={SM: listing(5_000)}) as server:
        yield server


@pytest.mark.parametrize(
    "argv",
    [
        ("history", "LARGE", "--json"),
        ("history", "LARGE", "--jsonl"),
        ("list", "SM", "--all", "--json"),
    ],
)
def test_reader_closing_the_pipe_is_quiet(big_server, argv):
    """`sfnctl … | head -1`: no traceback, no "Exception ignored", exit 0."""
    from tests.support.history_server import LARGE_ARN, SM

    args = [{"LARGE": LARGE_ARN, "SM": SM}.get(a, a) for a in argv]
    env = dict(os.environ, AWS_ENDPOINT_URL=big_server.url)
    process = subprocess.Popen(
        [sys.executable, "-m", "sfnctl", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()  # what `head -1` does after one line
    code = process.wait(timeout=60)
    stderr = process.stderr.read().decode()
    assert first.strip()
    assert stderr == ""
    assert code == 0


@pytest.mark.parametrize("argv", [("--json",), ("--view", "tree"), ("--jsonl",)])
def test_ctrl_c_during_a_long_paged_fetch_exits_130(argv):
    """Mid-way through a 25,000-event history (both ends in flight, 0.3 s per page)."""
    from tests.support.history_server import LARGE_ARN, HistoryServer, large_executions

    with HistoryServer(large_executions(), delay=0.3) as server:
        env = dict(os.environ, AWS_ENDPOINT_URL=server.url)
        process = subprocess.Popen(
            [sys.executable, "-m", "sfnctl", "history", LARGE_ARN, *argv],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        try:
            deadline = time.monotonic() + 20
            while len(server.requests) < 3 and time.monotonic() < deadline:
                time.sleep(0.02)
            assert len(server.requests) >= 3, "the fetch never got going"
            process.send_signal(signal.SIGINT)
            _, stderr = process.communicate(timeout=20)
        finally:
            process.kill()
        assert len(server.requests) < 25  # it really was interrupted mid-way
    assert process.returncode == 130, stderr
    assert stderr.strip() == "Interrupted."
