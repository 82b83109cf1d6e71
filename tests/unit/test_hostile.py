"""Untrusted API text through every human view: markup literal, no raw control characters."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import boto3
from botocore.stub import Stubber
from hypothesis import given, settings
from hypothesis import strategies as st

from sfnctl.output import dumps
from sfnctl.render.events import render_events
from sfnctl.render.execution import render_execution
from sfnctl.render.executions import render_executions
from sfnctl.render.maprun import render_map_run, render_map_runs
from sfnctl.sanitize import clean
from tests.fixtures import seed_shaped as s
from tests.support.hostile import EVIL, RAW_CONTROL
from tests.support.rendering import NOW, render_text


def _assert_safe(text: str) -> None:
    assert not RAW_CONTROL.search(text), repr(RAW_CONTROL.search(text))
    # markup shown literally (a renderer that parsed it would leave only "pwn")
    assert "[bold red]pwn[/bold red]" in text, text


def test_clean_escapes_visibly():
    assert clean("a\x1b[31mb\x07\r\n") == "a\\x1b[31mb\\x07\\r\\n"
    assert clean("x\ny\tz", multiline=True) == "x\ny\tz"
    assert clean("\x9b\u202e") == "\\x9b\\u202e"
    assert clean(None) == ""


def test_every_view_with_hostile_strings():
    execution = {
        **s.REDRIVEN_EXECUTION,
        "name": EVIL,
        "cause": EVIL,
        "error": EVIL,
        "input": json.dumps({"k": EVIL}),
        "output": EVIL,
        "traceHeader": EVIL,
        "redriveStatusReason": EVIL,
    }
    events = [
        {
            "id": 1,
            "previousEventId": 0,
            "type": "ExecutionStarted",
            "timestamp": datetime(2026, 1, 1, tzinfo=UTC),
            "executionStartedEventDetails": {"input": EVIL},
        },
        {
            "id": 2,
            "previousEventId": 1,
            "type": "TaskStateEntered",
            "timestamp": datetime(2026, 1, 1, tzinfo=UTC),
            "stateEnteredEventDetails": {"name": EVIL, "input": EVIL},
        },
        {
            "id": 3,
            "previousEventId": 2,
            "type": "TaskFailed",
            "timestamp": datetime(2026, 1, 1, tzinfo=UTC),
            "taskFailedEventDetails": {"error": EVIL, "cause": EVIL, "resource": EVIL},
        },
        {
            "id": 4,
            "previousEventId": 3,
            EVIL: {"x": EVIL},
            "type": EVIL,
            "timestamp": datetime(2026, 1, 1, tzinfo=UTC),
        },
    ]
    views = [
        render_execution(execution, NOW, {"name": EVIL, "label": EVIL, "type": EVIL}),
        render_executions([{**s.MAP_RUN_CHILDREN[0], "name": EVIL, "status": EVIL}], NOW, EVIL),
        render_events(events, EVIL),
        render_map_run(
            {
                **s.MAP_RUN_DESCRIBED,
                "mapRunArn": EVIL,
                "status": EVIL,
                "itemCounts": {EVIL: 1, "total": 2},
            },
            NOW,
        ),
        render_map_runs(
            [{"mapRunArn": EVIL, "executionArn": EVIL, "stateMachineArn": EVIL, "startDate": NOW}],
            NOW,
            EVIL,
        ),
    ]
    for view in views:
        _assert_safe(render_text(view))


def test_hostile_strings_through_the_cli(stubbed):
    evil_exec = {
        **s.REDRIVEN_EXECUTION,
        "name": EVIL,
        "cause": EVIL,
        "input": EVIL,
        "redriveStatusReason": EVIL,
    }
    stubbed.stubber.add_response("describe_execution", evil_exec)
    stubbed.stubber.add_client_error("describe_state_machine_for_execution", "AccessDenied")
    stubbed.stubber.add_client_error("describe_state_machine", "AccessDenied")
    stubbed.stubber.add_response("describe_execution", evil_exec)
    stubbed.stubber.add_client_error("describe_execution", "ExecutionDoesNotExist", EVIL)
    for argv in (["describe", s.EXEC], ["redrive-status", s.EXEC]):
        result = stubbed.run(*argv)
        _assert_safe(result.stdout)
        assert not RAW_CONTROL.search(result.stderr)
    error = stubbed.run("describe", s.EXEC)
    assert error.exit_code == 3
    assert "pwn" in error.stderr
    assert not RAW_CONTROL.search(error.stderr)


def test_json_keeps_strings_exact():
    data = {"name": EVIL}
    text = dumps(data)
    assert json.loads(text) == data
    assert not RAW_CONTROL.search(text)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_json_round_trips_any_string(value):
    text = dumps({"v": value})
    assert json.loads(text) == {"v": value}
    assert not RAW_CONTROL.search(text)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_clean_never_leaves_control_characters(value):
    assert not RAW_CONTROL.search(clean(value))


def test_stubber_accepts_the_hostile_fixture():
    client = boto3.client("stepfunctions", region_name="us-east-1")
    with Stubber(client) as stubber:
        stubber.add_response("describe_execution", {**s.REDRIVEN_EXECUTION, "name": EVIL})
