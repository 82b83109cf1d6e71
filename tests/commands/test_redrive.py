"""`sfnctl redrive` against a loopback server (moto 5.2.5 answers 500 to RedriveExecution): the
eligibility check refuses before anything is sent, every no-consent path sends no
RedriveExecution, and a retried request carries the same client token."""

from __future__ import annotations

import builtins
import json
from collections.abc import Iterator
from typing import Any

import pytest

from tests.support.action_server import ActionServer
from tests.support.histories import T0, pipeline
from tests.support.live import Live

EXEC = "arn:aws:states:us-east-1:123456789012:execution:orders:run-42"
SM = "arn:aws:states:us-east-1:123456789012:stateMachine:orders"
MAP_RUN = "arn:aws:states:us-east-1:123456789012:mapRun:orders/Shards:0b7c"
CHILD = "arn:aws:states:us-east-1:123456789012:execution:orders/Shards:child-1"


def _describe(**extra: Any) -> dict[str, Any]:
    start = T0.timestamp()
    return {
        "executionArn": EXEC,
        "stateMachineArn": SM,
        "name": "run-42",
        "status": "FAILED",
        "startDate": start,
        "stopDate": start + 12,
        "redriveCount": 1,
        "redriveStatus": "REDRIVABLE",
        **extra,
    }


def _history() -> list[dict[str, Any]]:
    events = pipeline([("fail", 1.0), ("fail", 1.0)], fail=True).events
    return [{**e, "timestamp": e["timestamp"].timestamp()} for e in events]


def _server(describe: dict[str, Any], **kwargs: Any) -> ActionServer:
    executions = {describe["executionArn"]: {"describe": describe, "history": _history()}}
    return ActionServer(executions, **kwargs)


@pytest.fixture
def server() -> Iterator[ActionServer]:
    map_run = {
        "mapRunArn": MAP_RUN,
        "executionArn": EXEC,
        "status": "FAILED",
        "startDate": T0.timestamp(),
        "maxConcurrency": 0,
        "toleratedFailurePercentage": 0,
        "toleratedFailureCount": 0,
        "itemCounts": {"pendingRedrive": 3, "failuresNotRedrivable": 1},
        "executionCounts": {"failed": 4, "timedOut": 1},
    }
    with _server(_describe(), map_runs={MAP_RUN: map_run}) as running:
        yield running


def test_yes_redrives_with_a_client_token_and_reports_the_new_count(server):
    result = Live(server.url).run("redrive", EXEC, "--yes")
    assert result.exit_code == 0, result.stderr
    (sent,) = server.sent("RedriveExecution")
    assert sent["executionArn"] == EXEC and len(sent["clientToken"]) == 36
    assert "Redriven (redrive #2)" in result.stderr
    assert "Restarts at  Charge  Lambda.Unknown" in result.stderr
    assert "Map run orders/Shards: 5 failed children rerun, 3 item(s) pending redrive" in (
        result.stderr
    )
    assert "\n  1 failed item(s) can never be redriven\n" in result.stderr


def test_json_result(server):
    result = Live(server.url).run("redrive", EXEC, "--yes", "--json")
    assert result.exit_code == 0, result.stderr
    expected = {
        "executionArn": EXEC,
        "redriveDate": "2026-11-21T10:01:12+00:00",
        "dryRun": False,
        "redriven": True,
    }
    assert json.loads(result.stdout) == expected, (result.stdout, result.stderr, server.requests)


def test_a_retried_redrive_reuses_its_client_token(server):
    server.fail_redrives = 1
    result = Live(server.url).run("redrive", EXEC, "--yes", "--max-attempts", "3")
    assert result.exit_code == 0, result.stderr
    first, second = server.sent("RedriveExecution")
    assert first["clientToken"] == second["clientToken"]


def test_two_commands_are_two_tokens(server):
    server.executions[EXEC]["describe"]["status"] = "FAILED"
    Live(server.url).run("redrive", EXEC, "--yes")
    server.executions[EXEC]["describe"].update(status="FAILED", redriveStatus="REDRIVABLE")
    Live(server.url).run("redrive", EXEC, "--yes")
    first, second = server.sent("RedriveExecution")
    assert first["clientToken"] != second["clientToken"]


def test_watch_follows_to_the_end_with_exit_status(server):
    result = Live(server.url).run("redrive", EXEC, "--yes", "--watch", "--exit-status")
    assert result.exit_code == 0, result.stderr
    assert "Ended SUCCEEDED." in result.stderr
    assert "✔ SUCCEEDED" in result.stdout


def test_no_terminal_refuses_and_sends_nothing(server):
    result = Live(server.url).run("redrive", EXEC)
    assert result.exit_code == 2
    assert "stdin is not a terminal" in result.stderr
    assert server.sent("RedriveExecution") == []


def test_dry_run_shows_the_plan_and_sends_nothing(server):
    result = Live(server.url).run("redrive", EXEC, "--dry-run", "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["redriven"] is False
    assert "Redrive execution run-42" in result.stderr
    assert server.sent("RedriveExecution") == []


@pytest.mark.parametrize("answer", ["n\n", "", None], ids=["no", "ctrl-d", "ctrl-c"])
def test_declining_sends_nothing(server, monkeypatch, answer):
    if answer is None:

        def interrupted(*_args: object) -> str:
            raise KeyboardInterrupt

        monkeypatch.setattr(builtins, "input", interrupted)
    result = Live(server.url, stdin_tty=True).run("redrive", EXEC, input=answer or "")
    assert result.exit_code == (130 if answer is None else 2), result.stderr
    assert "Redrive this execution?" in result.stderr
    assert server.sent("RedriveExecution") == []


def test_yes_at_the_prompt_redrives(server):
    result = Live(server.url, stdin_tty=True).run("redrive", EXEC, input="y\n")
    assert result.exit_code == 0, result.stderr
    assert len(server.sent("RedriveExecution")) == 1


def test_not_redrivable_explains_and_sends_nothing():
    describe = _describe(
        redriveStatus="NOT_REDRIVABLE",
        redriveStatusReason="Execution history event limit exceeded",
    )
    with _server(describe) as server:
        result = Live(server.url).run("redrive", EXEC, "--yes")
    assert result.exit_code == 2
    assert "run-42 cannot be redriven (NOT_REDRIVABLE): It can never be redriven" in result.stderr
    assert "25,000-event limit" in result.stderr
    assert server.sent("RedriveExecution") == []


def test_a_map_run_child_names_the_parent_to_redrive():
    describe = _describe(
        executionArn=CHILD, name="child-1", redriveStatus="REDRIVABLE_BY_MAP_RUN", mapRunArn=MAP_RUN
    )
    map_run = {
        "mapRunArn": MAP_RUN,
        "executionArn": EXEC,
        "status": "FAILED",
        "startDate": 0,
        "maxConcurrency": 0,
        "toleratedFailurePercentage": 0,
        "toleratedFailureCount": 0,
        "itemCounts": {},
        "executionCounts": {},
    }
    with _server(describe, map_runs={MAP_RUN: map_run}) as server:
        result = Live(server.url).run("redrive", CHILD, "--yes")
    assert result.exit_code == 2
    assert f"Redrive the parent: sfnctl redrive {EXEC}" in result.stderr
    assert server.sent("RedriveExecution") == []


def test_a_running_execution_is_refused():
    describe = _describe(
        status="RUNNING",
        redriveStatus="NOT_REDRIVABLE",
        redriveStatusReason="Execution is RUNNING and cannot be redriven",
    )
    with _server(describe) as server:
        result = Live(server.url).run("redrive", EXEC, "--yes")
    assert result.exit_code == 2
    assert "still running" in result.stderr
    assert server.sent("RedriveExecution") == []


def test_hostile_text_in_the_plan_is_shown_literally():
    from tests.support.hostile import EVIL, RAW_CONTROL

    describe = _describe(name=EVIL)
    with _server(describe) as server:
        result = Live(server.url).run("redrive", EXEC, "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert "[bold red]pwn[/bold red]" in result.stderr
    assert not RAW_CONTROL.search(result.stderr)
