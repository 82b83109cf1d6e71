"""The pure history model: every documented event type, state names, retries, partial input."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import botocore.session
import pytest

from sfnctl.model.events import (
    attempts,
    details_key,
    event_detail,
    event_rows,
    is_failure,
    state_names,
)
from tests.support.rendering import load_fixture

MODEL = botocore.session.get_session().get_service_model("stepfunctions")
EVENT_TYPES = MODEL.shape_for("HistoryEventType").enum
DETAIL_MEMBERS = {
    k: v for k, v in MODEL.shape_for("HistoryEvent").members.items() if k.endswith("Details")
}
T = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)


def _sample(shape, depth=0):
    """A value of every member of `shape`, as the service model describes it."""
    if shape.type_name == "structure":
        return {k: _sample(v, depth + 1) for k, v in shape.members.items() if depth < 3}
    if shape.type_name == "list":
        return [_sample(shape.member, depth + 1)]
    if shape.type_name == "map":
        return {"k": _sample(shape.value, depth + 1)}
    if shape.type_name in ("integer", "long"):
        return 3
    if shape.type_name == "boolean":
        return False
    if shape.type_name == "timestamp":
        return T
    return f"{shape.name}-value"


def test_the_model_still_has_62_event_types():
    assert len(EVENT_TYPES) == 62


def _documented_member(etype: str) -> str | None:
    """The details member the service model pairs with an event type (independently derived)."""
    if etype.endswith("StateEntered"):
        return "stateEnteredEventDetails"
    if etype.endswith("StateExited"):
        return "stateExitedEventDetails"
    member = etype[:1].lower() + etype[1:] + "EventDetails"
    return member if member in DETAIL_MEMBERS else None


@pytest.mark.parametrize("etype", EVENT_TYPES)
def test_every_event_type_renders_its_details(etype):
    event = {"id": 2, "previousEventId": 1, "type": etype, "timestamp": T}
    member = _documented_member(etype)
    if member is None:  # e.g. ParallelStateStarted, MapRunSucceeded carry no details
        assert details_key(event) is None
        assert event_detail(event) == ""
        return
    event[member] = _sample(DETAIL_MEMBERS[member])
    assert details_key(event) == member
    detail = event_detail(event)
    assert detail, f"{etype} rendered no detail from {member}"
    assert "\n" not in detail
    rows = event_rows([event])
    assert rows[0].failure == etype.endswith(("Failed", "TimedOut", "Aborted")) or (
        etype == "FailStateEntered"
    )


def test_unknown_future_type_renders_generically():
    event = {
        "id": 1,
        "previousEventId": 0,
        "type": "QuantumStateCollapsed",
        "timestamp": T,
        "quantumStateCollapsedEventDetails": {"observer": "cat", "count": 2},
    }
    assert event_detail(event) == "count=2 · observer=cat"
    assert event_rows([event])[0].state == ""


def test_failure_classification():
    assert is_failure({"type": "TaskFailed"})
    assert is_failure({"type": "ExecutionTimedOut"})
    assert is_failure({"type": "MapRunAborted"})
    assert is_failure({"type": "FailStateEntered"})
    assert not is_failure({"type": "TaskSucceeded"})
    assert not is_failure({"type": "ExecutionRedriven"})


def test_retries_are_numbered_on_a_real_history():
    events = load_fixture("emulator-fetch-report.json")["history"]
    tries = attempts(events)
    scheduled = [e["id"] for e in events if e["type"] == "TaskScheduled"]
    assert [tries[i] for i in scheduled] == [1, 2, 3]
    failed = [e["id"] for e in events if e["type"] == "TaskFailed"]
    assert [tries[i] for i in failed] == [1, 2, 3]


def test_state_names_follow_previous_event_links_in_parallel_and_map():
    fan_out = load_fixture("emulator-fan-out.json")["history"]
    names = {e["type"]: state_names(fan_out)[e["id"]] for e in fan_out}
    assert names["ParallelStateSucceeded"] == "FanOut"
    assert names["WaitStateExited"] == "Pause"
    inline = load_fixture("emulator-inline-map.json")["history"]
    inline_names = state_names(inline)
    assert {inline_names[e["id"]] for e in inline if e["type"] == "MapIterationStarted"} == {
        "EachItem"
    }
    assert inline_names[next(e["id"] for e in inline if e["type"] == "MapStateSucceeded")] == (
        "EachItem"
    )


def test_order_of_input_does_not_change_the_model():
    events = load_fixture("emulator-fetch-report.json")["history"]
    forward = {r.id: r for r in event_rows(events)}
    backward = {r.id: r for r in event_rows(events[::-1])}
    assert forward == backward


def test_partial_history_without_start_event():
    events = load_fixture("emulator-fetch-report.json")["history"][-3:]
    rows = event_rows(events)
    assert rows[0].elapsed == 0.0
    assert rows[-1].type == "ExecutionFailed"


def test_no_data_history_renders():
    events = [
        {
            "id": 1,
            "previousEventId": 0,
            "type": "ExecutionStarted",
            "timestamp": T,
            "executionStartedEventDetails": {"inputDetails": {"truncated": False}},
        },
        {
            "id": 2,
            "previousEventId": 1,
            "type": "TaskStateEntered",
            "timestamp": T + timedelta(seconds=75),
            "stateEnteredEventDetails": {"name": "Go"},
        },
    ]
    rows = event_rows(events)
    assert rows[1].state == "Go"
    assert rows[1].elapsed == 75.0


def test_lambda_function_named_from_parameters():
    event = {
        "id": 3,
        "previousEventId": 2,
        "type": "TaskScheduled",
        "timestamp": T,
        "taskScheduledEventDetails": {
            "resourceType": "lambda",
            "resource": "invoke",
            "region": "us-east-1",
            "parameters": '{"FunctionName": "charge-card"}',
        },
    }
    assert "lambda:invoke → charge-card" in event_detail(event)


def test_lambda_json_cause_shows_error_message():
    event = {
        "id": 5,
        "previousEventId": 4,
        "type": "LambdaFunctionFailed",
        "timestamp": T,
        "lambdaFunctionFailedEventDetails": {
            "error": "ValueError",
            "cause": '{"errorMessage": "card declined", "errorType": "ValueError"}',
        },
    }
    assert event_detail(event) == "ValueError: card declined"
