"""D12-D20: README's exit-code table holds for every input — no traceback, no exit 1 for
input that is merely hostile, nothing sent that wasn't validated."""

from __future__ import annotations

import json
import os
import resource
import select
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.hostile.conftest import HANG, Run, assert_error, sfnctl
from tests.hostile.test_data_loss import long_failed_history
from tests.hostile.test_hangs import durable_failed, durable_steps
from tests.hostile.test_terminal_text import durable_execution, map_run
from tests.support.hostile_server import (
    DURABLE,
    EXEC,
    LONE_SURROGATE,
    MAP_RUN,
    SM,
    T0,
    HostileServer,
    Reply,
    describe,
    event,
    failed_history,
)

pytestmark = pytest.mark.e2e

DEEP = "[" * 10_000 + "]" * 10_000


def assert_no_crash(run: Run) -> None:
    """A human view of hostile data: drawn (0), or refused as not the API's answer (5)."""
    assert b"Traceback" not in run.err and b"unexpected error" not in run.err, run
    assert run.code in (0, 5), run


# --- D12: deep nesting ----------------------------------------------------------------------


def deep_body(answer: dict[str, Any]) -> Reply:
    """`answer` with a 10,000-deep array in an extra member: valid JSON no parser recurses."""
    return Reply(json.dumps(answer)[:-1] + ', "extra": ' + DEEP + "}")


@pytest.mark.parametrize(
    ("operation", "reply", "argv"),
    [
        ("DescribeExecution", deep_body(describe()), ["describe", EXEC]),
        ("GetExecutionHistory", deep_body({"events": failed_history()}), ["why", EXEC]),
        (
            "GetExecutionHistory",
            {"events": failed_history(cause=DEEP)},
            ["history", EXEC, "--view", "tree"],
        ),
        (
            "GetExecutionHistory",
            {
                "events": [
                    event(1, "ExecutionStarted", 0, executionStartedEventDetails={"input": "{}"}),
                    event(2, "TaskStateEntered", 1, 1, stateEnteredEventDetails={"name": "T"}),
                    event(
                        3,
                        "TaskScheduled",
                        2,
                        2,
                        taskScheduledEventDetails={
                            "resource": "x",
                            "resourceType": "lambda",
                            "region": "us-east-1",
                            "parameters": DEEP,
                        },
                    ),
                ]
            },
            ["history", EXEC, "--view", "events"],
        ),
    ],
    ids=["describe-body", "why-body", "history-tree-cause", "history-events-parameters"],
)
def test_d12_deep_json(server: HostileServer, operation: str, reply: Any, argv: list[str]) -> None:
    server.on("DescribeExecution", server.scripts.get("DescribeExecution", describe()))
    server.on(operation, reply)
    assert_no_crash(sfnctl(server, *argv))


def nested_parallels(depth: int) -> list[dict[str, Any]]:
    events = [event(1, "ExecutionStarted", 0, executionStartedEventDetails={"input": "{}"})]
    for level in range(depth):
        entered = len(events) + 1
        events.append(
            event(
                entered,
                "ParallelStateEntered",
                entered - 1,
                level,
                stateEnteredEventDetails={"name": f"P{level}"},
            )
        )
        events.append(event(entered + 1, "ParallelStateStarted", entered, level))
    for level in reversed(range(depth)):
        n = len(events) + 1
        events.append(event(n, "ParallelStateSucceeded", n - 1, depth + level))
        events.append(
            event(
                n + 1,
                "ParallelStateExited",
                n,
                depth + level,
                stateExitedEventDetails={"name": f"P{level}"},
            )
        )
    n = len(events) + 1
    events.append(
        event(
            n,
            "ExecutionSucceeded",
            n - 1,
            3 * depth,
            executionSucceededEventDetails={"output": "{}"},
        )
    )
    return events


@pytest.mark.parametrize("view", ["tree", "timeline"])
def test_d12_1200_nested_parallels(server: HostileServer, view: str) -> None:
    server.on("DescribeExecution", describe("SUCCEEDED"))
    server.on("GetExecutionHistory", {"events": nested_parallels(1_200)})
    assert_no_crash(sfnctl(server, "history", EXEC, "--view", view))


def nested_contexts(depth: int) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = [
        {
            "EventId": 1,
            "EventTimestamp": T0,
            "EventType": "ExecutionStarted",
            "Id": "root",
            "Name": "run",
            "ExecutionStartedDetails": {},
        }
    ]
    for level in range(depth):
        parent = f"ctx-{level - 1}" if level else None
        started = {
            "EventId": len(events) + 1,
            "EventTimestamp": T0 + level,
            "EventType": "ContextStarted",
            "Id": f"ctx-{level}",
            "Name": f"c{level}",
            "SubType": "RunInChildContext",
            "ContextStartedDetails": {},
        }
        if parent:
            started["ParentId"] = parent
        events.append(started)
    return events


def test_d12_1500_nested_durable_contexts(server: HostileServer) -> None:
    server.on("GetDurableExecution", durable_failed())
    server.on("GetDurableExecutionHistory", {"Events": nested_contexts(1_500)})
    assert_no_crash(sfnctl(server, "durable", "history", DURABLE))


# --- D13: lone surrogates -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("operation", "reply", "argv"),
    [
        (
            "DescribeExecution",
            describe(name=LONE_SURROGATE, cause=LONE_SURROGATE),
            ["describe", EXEC],
        ),
        ("DescribeExecution", describe(name=LONE_SURROGATE), ["describe", EXEC, "--json"]),
        (
            "DescribeExecution",
            describe(redriveStatus="NOT_REDRIVABLE", redriveStatusReason=LONE_SURROGATE),
            ["redrive-status", EXEC],
        ),
    ],
    ids=["describe", "describe-json", "redrive-status"],
)
def test_d13_a_lone_surrogate_is_shown_not_a_crash(
    server: HostileServer, operation: str, reply: dict[str, Any], argv: list[str]
) -> None:
    server.on(operation, reply)
    run = sfnctl(server, *argv)
    assert run.code == 0, run
    assert b"lone" in run.out, run
    if "--json" in argv:
        assert json.loads(run.out)["name"].startswith("lone")


# --- D14: wrong wire types ------------------------------------------------------------------


NAN = Reply(json.dumps(map_run(), allow_nan=True).replace('"failed": 1', '"failed": NaN'))


@pytest.mark.parametrize(
    ("operation", "reply", "argv"),
    [
        ("DescribeMapRun", NAN, ["maprun", "show", MAP_RUN]),
        (
            "DescribeMapRun",
            map_run(itemCounts=dict(map_run()["itemCounts"], failed="lots")),
            ["maprun", "show", MAP_RUN],
        ),
        (
            "GetDurableExecution",
            durable_execution(Error="a string, not an ErrorObject"),
            ["durable", "describe", DURABLE],
        ),
    ],
    ids=["nan-counter", "string-counter", "string-error-object"],
)
def test_d14_wrong_wire_types_in_human_views(
    server: HostileServer, operation: str, reply: Any, argv: list[str]
) -> None:
    server.on("DescribeExecution", describe())
    server.on("ListExecutions", {"executions": []})
    server.on("GetDurableExecution", durable_failed())
    server.on(operation, reply)
    assert_no_crash(sfnctl(server, *argv))


@pytest.mark.parametrize(
    ("operation", "reply", "argv"),
    [
        (
            "GetExecutionHistory",
            {"events": [{**e, "id": str(e["id"])} for e in long_failed_history(6)]},
            ["history", EXEC, "--view", "tree"],
        ),
        (
            "GetDurableExecutionHistory",
            {"Events": [{**e, "EventId": str(e["EventId"])} for e in durable_steps("root")]},
            ["durable", "history", DURABLE],
        ),
    ],
    ids=["string-event-id", "string-durable-event-id"],
)
def test_d14_string_event_ids_are_drawn(
    server: HostileServer, operation: str, reply: Any, argv: list[str]
) -> None:
    """Not reproduced as a crash today (tree, events, timeline, why): held so it stays so."""
    server.on("DescribeExecution", describe())
    server.on("GetDurableExecution", durable_failed())
    server.on(operation, reply)
    assert_no_crash(sfnctl(server, *argv))


# --- D15: stdout closed ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["--help"],
        ["--version"],
        ["completion", "bash"],
        ["__complete", "bash", "desc"],
        ["describe", "--help"],
    ],
    ids=["help", "version", "completion", "tab", "command-help"],
)
def test_d15_stdout_closed_is_no_traceback(argv: list[str]) -> None:
    command = " ".join([sys.executable, "-m", "sfnctl", *argv]) + " >&-"
    process = subprocess.run(["sh", "-c", command], capture_output=True, timeout=HANG)
    assert process.stderr == b"", process.stderr
    assert process.returncode == 0, process


# --- D16: a human view piped to `head -1` ---------------------------------------------------


def closed_reader(server: HostileServer, argv: list[str]) -> Run:
    """stdout is a pipe whose reader is already gone (`| head -1` that has finished): every
    write gets EPIPE. Deterministic, unlike racing a real `head`."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    env = dict(os.environ, AWS_ENDPOINT_URL=server.url)
    try:
        process = subprocess.run(
            [sys.executable, "-m", "sfnctl", *argv],
            stdout=write_end,
            stderr=subprocess.PIPE,
            env=env,
            timeout=HANG,
        )
    finally:
        os.close(write_end)
    return Run(process.returncode, b"", process.stderr)


D16_VIEWS = {
    "describe": ["describe", EXEC],
    "why": ["why", EXEC],
    "history-events": ["history", EXEC, "--view", "events"],
    "history-tree": ["history", EXEC, "--view", "tree"],
    "list": ["list", SM],
}


@pytest.mark.parametrize("view", sorted(D16_VIEWS))
def test_d16_human_output_to_a_closed_pipe_exits_0(server: HostileServer, view: str) -> None:
    server.on("DescribeExecution", describe())
    server.on("GetExecutionHistory", {"events": long_failed_history(200)})
    server.on(
        "ListExecutions",
        {
            "executions": [
                {
                    "executionArn": EXEC,
                    "stateMachineArn": SM,
                    "name": "run",
                    "status": "FAILED",
                    "startDate": T0,
                }
            ]
        },
    )
    run = closed_reader(server, D16_VIEWS[view])
    assert run.err == b"", run
    assert run.code == 0, run


# --- D17: malformed endpoints, TLS, CA bundle, broken profiles ------------------------------


@pytest.mark.parametrize(
    "endpoint",
    ["http//x", "http://[::1", "http://127.0.0.1:99999", "http://127.0.0.1:1 ", "ftp://x", ""],
    ids=["no-colon", "open-bracket", "port-99999", "trailing-space", "ftp", "empty"],
)
def test_d17_a_malformed_endpoint_is_a_usage_error(endpoint: str) -> None:
    run = sfnctl(None, "--endpoint-url", endpoint, "describe", EXEC)
    assert_error(run, 2)


def test_d17_tls_to_a_plain_port_is_exit_5(server: HostileServer) -> None:
    server.on("DescribeExecution", describe())
    https = server.url.replace("http://", "https://")
    run = sfnctl(None, "--max-attempts", "1", "--endpoint-url", https, "describe", EXEC)
    assert_error(run, 5)


def test_d17_a_missing_ca_bundle_is_exit_5(server: HostileServer, tmp_path: Path) -> None:
    server.on("DescribeExecution", describe())
    https = server.url.replace("http://", "https://")
    env = {"AWS_CA_BUNDLE": str(tmp_path / "no-such-bundle.pem")}
    run = sfnctl(None, "--max-attempts", "1", "--endpoint-url", https, "describe", EXEC, env=env)
    assert_error(run, 5)


def test_d17_assume_role_with_a_missing_source_profile(tmp_path: Path) -> None:
    config = Path(os.environ["AWS_CONFIG_FILE"])
    config.write_text(
        "[profile broken]\nrole_arn = arn:aws:iam::123456789012:role/r\n"
        "source_profile = missing\nregion = us-east-1\n"
    )
    run = sfnctl(None, "--profile", "broken", "describe", EXEC)
    assert b"Traceback" not in run.err, run
    assert run.code in (2, 4), run
    assert_error(run, run.code)


# --- D18: no answer at the prompt, no stdin -------------------------------------------------


def test_d18_ctrl_d_at_the_maprun_update_prompt(server: HostileServer) -> None:
    import pty

    server.on("DescribeMapRun", map_run(status="RUNNING"))
    leader, follower = pty.openpty()
    env = dict(os.environ, AWS_ENDPOINT_URL=server.url, TERM="dumb")
    process = subprocess.Popen(
        [sys.executable, "-m", "sfnctl", "maprun", "update", MAP_RUN, "--max-concurrency", "5"],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=env,
    )
    os.close(follower)
    seen = b""
    deadline = time.monotonic() + HANG
    while b"Apply this change?" not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 1)
        if ready:
            seen += os.read(leader, 4096)
    assert b"Apply this change?" in seen, seen
    os.write(leader, b"\x04")  # Ctrl-D
    while True:
        ready, _, _ = select.select([leader], [], [], HANG)
        try:
            chunk = os.read(leader, 4096) if ready else b""
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    code = process.wait(timeout=HANG)
    os.close(leader)
    assert b"Traceback" not in seen and b"unexpected error" not in seen, seen
    assert code == 2, seen
    assert server.calls("UpdateMapRun") == []


def test_d18_maprun_update_with_stdin_closed_is_exit_2(server: HostileServer) -> None:
    server.on("DescribeMapRun", map_run(status="RUNNING"))
    run = sfnctl(server, "maprun", "update", MAP_RUN, "--max-concurrency", "5", stdin=None)
    closed = subprocess.run(
        ["sh", "-c", f"{sys.executable} -m sfnctl maprun update {MAP_RUN} --max-concurrency 5 <&-"],
        capture_output=True,
        timeout=HANG,
        env=dict(os.environ, AWS_ENDPOINT_URL=server.url),
    )
    assert_error(Run(closed.returncode, closed.stdout, closed.stderr), 2)
    assert run.code == 2, run
    assert server.calls("UpdateMapRun") == []


def test_d18_from_file_stdin_closed_is_exit_2() -> None:
    closed = subprocess.run(
        ["sh", "-c", f"{sys.executable} -m sfnctl history --from-file - <&-"],
        capture_output=True,
        timeout=HANG,
    )
    assert_error(Run(closed.returncode, closed.stdout, closed.stderr), 2)


# --- D19: --from-file bounded ---------------------------------------------------------------


def limited_memory() -> None:
    """The child may not take more than 1 GiB: an unbounded read fails instead of swapping."""
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


def from_file(path: str) -> Run:
    process = subprocess.run(
        [sys.executable, "-m", "sfnctl", "history", "--from-file", path],
        capture_output=True,
        timeout=HANG,
        preexec_fn=limited_memory,
    )
    return Run(process.returncode, process.stdout, process.stderr)


@pytest.mark.parametrize("path", ["/dev/zero", "/dev/urandom"])
def test_d19_a_device_is_refused(path: str) -> None:
    run = from_file(path)
    assert_error(run, 2)
    assert "not a regular file" in run.stderr


def test_d19_a_fifo_is_refused(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    run = from_file(str(tmp_path / "pipe"))
    assert_error(run, 2)


def test_d19_a_file_over_the_cap_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "sparse.json"
    with big.open("wb") as handle:
        handle.truncate(1 << 30)
    run = from_file(str(big))
    assert_error(run, 2)
    assert "larger than 128 MiB" in run.stderr


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ('[{"id": 1e400, "type": "ExecutionStarted", "timestamp": 0}]', "not a number"),
        (
            '[{"id": 1, "type": "ExecutionStarted", "timestamp": 0, "previousEventId": 1e400}]',
            "not a number",
        ),
        ('[{"id": NaN, "type": "ExecutionStarted", "timestamp": 0}]', "not JSON"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ],
    ids=["id-1e400", "previous-1e400", "id-nan", "100000-deep"],
)
def test_d19_numbers_and_nesting_that_do_not_fit_are_exit_2(
    tmp_path: Path, text: str, says: str
) -> None:
    saved = tmp_path / "history.json"
    saved.write_text(text)
    run = from_file(str(saved))
    assert_error(run, 2)
    assert says in run.stderr, run


def test_d19_the_recorded_25k_history_fits_under_the_cap(tmp_path: Path) -> None:
    from sfnctl.model.saved import MAX_BYTES
    from tests.support.history_server import load_recording

    text = json.dumps(load_recording()["history"], indent=2)
    assert len(text.encode()) * 10 < MAX_BYTES  # ten times the real 24,968-event history


# --- D20: values the API can't take are never sent ------------------------------------------


@pytest.mark.parametrize(
    "option",
    [
        ["--max-concurrency", "99999999999999999999"],
        ["--max-concurrency", "2147483648"],
    ],
    ids=["concurrency-huge", "concurrency-2^31"],
)
def test_d20_out_of_range_values_are_never_sent(server: HostileServer, option: list[str]) -> None:
    server.on("DescribeMapRun", map_run(status="RUNNING"))
    server.on("UpdateMapRun", {})
    run = sfnctl(server, "maprun", "update", MAP_RUN, *option, "--yes")
    assert_error(run, 2)
    assert server.calls("UpdateMapRun") == []
