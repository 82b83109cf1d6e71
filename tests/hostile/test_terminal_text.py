"""D1, D2, D3, D22, D23: nothing a server sends reaches a terminal raw, on stdout or stderr.

Every test serves hostile text (terminal escapes, rich markup, invisible characters) in the
field a view shows and runs the real entry point, on a pipe or a pseudo-terminal.
"""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
from typing import Any

import pytest

from tests.hostile.conftest import assert_error, assert_no_raw, sfnctl
from tests.support.hostile_server import (
    DURABLE,
    EXEC,
    FUNCTION,
    HOSTILE,
    INVISIBLE,
    MAP_RUN,
    RAW_ESCAPE,
    SM,
    T0,
    HostileServer,
    Reply,
    describe,
    failed_history,
)

pytestmark = pytest.mark.e2e


def map_run(**extra: Any) -> dict[str, Any]:
    counts = {
        k: 0
        for k in (
            "pending",
            "running",
            "succeeded",
            "failed",
            "timedOut",
            "aborted",
            "total",
            "resultsWritten",
        )
    }
    body = {
        "mapRunArn": MAP_RUN,
        "executionArn": EXEC,
        "status": "FAILED",
        "startDate": T0,
        "stopDate": T0 + 60,
        "maxConcurrency": 10,
        "toleratedFailurePercentage": 0.0,
        "toleratedFailureCount": 0,
        "itemCounts": dict(counts, failed=1, total=1),
        "executionCounts": dict(counts, failed=1, total=1),
        "redriveCount": 0,
    }
    body.update(extra)
    return body


def durable_execution(**extra: Any) -> dict[str, Any]:
    body = {
        "DurableExecutionArn": DURABLE,
        "DurableExecutionName": "run",
        "FunctionArn": f"{FUNCTION}:$LATEST",
        "Status": "FAILED",
        "StartTimestamp": T0,
        "EndTimestamp": T0 + 60,
        "Error": {"ErrorType": "Boom", "ErrorMessage": "it broke"},
    }
    body.update(extra)
    return body


def on_a_pty(server: HostileServer, *args: str) -> bytes:
    """stdout and stderr on a pseudo-terminal (colour on, TERM set): the raw bytes written."""
    import pty

    leader, follower = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    env.update(AWS_ENDPOINT_URL=server.url, TERM="xterm-256color", COLUMNS="100")
    process = subprocess.Popen(
        [sys.executable, "-m", "sfnctl", "--max-attempts", "1", *args],
        stdin=subprocess.DEVNULL,
        stdout=follower,
        stderr=follower,
        env=env,
    )
    os.close(follower)
    chunks = []
    while True:
        ready, _, _ = select.select([leader], [], [], 45)
        if not ready:
            process.kill()
            pytest.fail("no output and no end on the pty within 45 s")
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=45)
    os.close(leader)
    return b"".join(chunks)


def only_sgr(data: bytes) -> bytes:
    """Colour (SGR `ESC[…m`) and rich's own OSC 8 links taken out: what else is an escape."""
    import re

    return re.sub(rb"\x1b\[[0-9;]*m", b"", data)


# --- D1: redrive-status ---------------------------------------------------------------------


def test_d1_redrive_status_reason_is_escaped(server: HostileServer) -> None:
    server.on(
        "DescribeExecution", describe(redriveStatus="NOT_REDRIVABLE", redriveStatusReason=HOSTILE)
    )
    run = sfnctl(server, "redrive-status", EXEC)
    assert run.code == 0, run
    assert "RED" in run.stdout and "pwned-title" in run.stdout  # shown, but escaped
    assert_no_raw(run)


def test_d1_redrive_status_reason_on_a_pty(server: HostileServer) -> None:
    server.on(
        "DescribeExecution", describe(redriveStatus="NOT_REDRIVABLE", redriveStatusReason=HOSTILE)
    )
    data = on_a_pty(server, "redrive-status", EXEC)
    assert b"pwned-title" in data
    assert not RAW_ESCAPE.search(only_sgr(data)), data


def test_d1_redrive_status_map_run_parent_arn_is_escaped(server: HostileServer) -> None:
    server.on("DescribeMapRun", map_run(executionArn=EXEC + HOSTILE))
    server.on("DescribeExecution", describe())
    run = sfnctl(server, "redrive-status", MAP_RUN)
    assert run.code == 0, run
    assert "pwned-title" in run.stdout + run.stderr
    assert_no_raw(run)


# --- D2: hints on stderr --------------------------------------------------------------------


def _listing_item() -> dict[str, Any]:
    return {
        "executionArn": EXEC,
        "stateMachineArn": SM,
        "name": "run",
        "status": "FAILED",
        "startDate": T0,
        "stopDate": T0 + 60,
    }


def test_d2_list_next_token_hint_is_escaped(server: HostileServer) -> None:
    server.on("ListExecutions", {"executions": [_listing_item()], "nextToken": HOSTILE})
    run = sfnctl(server, "list", SM, "--limit", "1")
    assert run.code == 0, run
    assert "--next-token" in run.stderr
    assert_no_raw(run)


def test_d2_durable_list_next_marker_hint_is_escaped(server: HostileServer) -> None:
    item = {k: v for k, v in durable_execution().items() if k not in ("Error", "EndTimestamp")}
    server.on(
        "ListDurableExecutionsByFunction", {"DurableExecutions": [item], "NextMarker": HOSTILE}
    )
    run = sfnctl(server, "durable", "list", "hostile", "--limit", "1")
    assert run.code == 0, run
    assert "--next-token" in run.stderr
    assert_no_raw(run)


def test_d2_maprun_list_hint_is_escaped(server: HostileServer) -> None:
    server.on(
        "ListMapRuns",
        {"mapRuns": [{"mapRunArn": MAP_RUN + HOSTILE, "executionArn": EXEC, "startDate": T0}]},
    )
    run = sfnctl(server, "maprun", "list", EXEC)
    assert run.code == 0, run
    assert "pwned-title" in run.stdout + run.stderr
    assert_no_raw(run)


def test_d2_durable_describe_hint_is_escaped(server: HostileServer) -> None:
    server.on("GetDurableExecution", durable_execution(DurableExecutionArn=DURABLE + HOSTILE))
    run = sfnctl(server, "durable", "describe", DURABLE)
    assert run.code == 0, run
    assert_no_raw(run)


def test_d2_durable_list_arn_hint_is_escaped(server: HostileServer) -> None:
    item = durable_execution(DurableExecutionArn=DURABLE + HOSTILE)
    server.on("ListDurableExecutionsByFunction", {"DurableExecutions": [item]})
    run = sfnctl(server, "durable", "list", "hostile")
    assert run.code == 0, run
    assert_no_raw(run)


def test_d2_redrive_status_parent_error_is_escaped(server: HostileServer) -> None:
    server.on("DescribeMapRun", map_run(executionArn=EXEC + HOSTILE))
    server.on(
        "DescribeExecution",
        Reply(
            {"__type": "AccessDeniedException", "message": "denied " + HOSTILE},
            status=400,
            error_type="AccessDeniedException",
        ),
    )
    run = sfnctl(server, "redrive-status", MAP_RUN)
    assert "Could not describe the parent" in run.stderr, run
    assert_no_raw(run)


# --- D3: plain str cells parsed as markup ---------------------------------------------------

MARKUP_CRASH = "[/]"
MARKUP_LINK = "[link=http://evil.example/]x[/link]"


def assert_literal_markup(run: Any, *texts: str) -> None:
    assert run.code == 0, run
    assert b"MarkupError" not in run.err, run
    for text in texts:
        assert text in run.stdout, run


def test_d3_list_counters_are_not_markup(server: HostileServer) -> None:
    item = dict(_listing_item(), redriveCount=MARKUP_CRASH, itemCount=MARKUP_LINK)
    server.on("ListExecutions", {"executions": [item]})
    run = sfnctl(server, "list", SM)
    assert_literal_markup(run, MARKUP_CRASH)


def test_d3_durable_describe_config_is_not_markup(server: HostileServer) -> None:
    config = {"KMSKeyArn": MARKUP_CRASH + MARKUP_LINK, "RetentionPeriodInDays": 7}
    server.on("GetDurableExecution", durable_execution(DurableConfig=config))
    run = sfnctl(server, "durable", "describe", DURABLE)
    assert_literal_markup(run, MARKUP_CRASH, "[link=")


def test_d3_maprun_update_current_values_are_not_markup(server: HostileServer) -> None:
    server.on("DescribeMapRun", map_run(status="RUNNING", maxConcurrency=MARKUP_CRASH))
    run = sfnctl(server, "maprun", "update", MAP_RUN, "--max-concurrency", "5", "--dry-run")
    assert_literal_markup(run, MARKUP_CRASH)
    assert server.calls("UpdateMapRun") == []


def test_d3_redrive_status_counters_are_not_markup(server: HostileServer) -> None:
    counts = dict(
        map_run()["itemCounts"], pendingRedrive=MARKUP_CRASH, failuresNotRedrivable=MARKUP_LINK
    )
    server.on("DescribeMapRun", map_run(itemCounts=counts, executionCounts=counts))
    server.on("DescribeExecution", describe())
    run = sfnctl(server, "redrive-status", MAP_RUN)
    assert_literal_markup(run, MARKUP_CRASH)


# --- D22: zero-width and bidi marks ---------------------------------------------------------


@pytest.mark.parametrize(
    ("operation", "reply", "argv"),
    [
        (
            "DescribeExecution",
            describe(name="run" + INVISIBLE, error="E" + INVISIBLE, cause="c" + INVISIBLE),
            ["describe", EXEC],
        ),
        (
            "GetExecutionHistory",
            {"events": failed_history(cause="c" + INVISIBLE)},
            ["history", EXEC, "--view", "events"],
        ),
        (
            "GetDurableExecution",
            durable_execution(
                DurableExecutionName="run" + INVISIBLE,
                Error={"ErrorType": "E" + INVISIBLE, "ErrorMessage": INVISIBLE},
            ),
            ["durable", "describe", DURABLE],
        ),
    ],
    ids=["describe", "history-events", "durable-describe"],
)
def test_d22_invisible_characters_are_made_visible(
    server: HostileServer, operation: str, reply: dict[str, Any], argv: list[str]
) -> None:
    server.on(operation, reply)
    server.on("DescribeExecution", server.scripts.get("DescribeExecution", describe()))
    run = sfnctl(server, *argv)
    assert run.code in (0, 10), run
    assert "\\u200b" in run.stdout, run  # made visible, not dropped
    assert_no_raw(run)


# --- D23: the C/POSIX locale gets ASCII -----------------------------------------------------


@pytest.mark.parametrize("locale", ["C", "POSIX"])
def test_d23_c_locale_gets_ascii_views_and_ascii_json(server: HostileServer, locale: str) -> None:
    server.on("DescribeExecution", describe(name="naïve-→-run", cause="ünïcødé ✓"))
    env = {"LC_ALL": locale, "LANG": None, "LC_CTYPE": None}
    view = sfnctl(server, "describe", EXEC, env=env)
    assert view.code == 0, view
    assert view.out.isascii() and view.err.isascii(), view
    assert "FAILED" in view.stdout
    as_json = sfnctl(server, "describe", EXEC, "--json", env=env)
    assert as_json.code == 0, as_json
    assert as_json.out.isascii(), as_json
    assert json.loads(as_json.out)["name"] == "naïve-→-run"


def test_d23_a_utf8_locale_keeps_utf8(server: HostileServer) -> None:
    server.on("DescribeExecution", describe())
    run = sfnctl(server, "describe", EXEC, env={"LC_ALL": "C.UTF-8"})
    assert "✖".encode() in run.out, run


def test_error_line_from_a_hostile_server_is_escaped(server: HostileServer) -> None:
    server.on(
        "DescribeExecution",
        Reply(
            {"__type": "ExecutionDoesNotExist", "message": HOSTILE + INVISIBLE},
            status=400,
            error_type="ExecutionDoesNotExist",
        ),
    )
    run = sfnctl(server, "describe", EXEC)
    assert_error(run, 3)
    assert_no_raw(run)
