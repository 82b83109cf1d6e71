"""The durable-execution model: envelope decoding, events → operations, pinned enums."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import botocore.session
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sfnctl.model import durable as model
from tests.support.rendering import load_fixture

LAMBDA = botocore.session.get_session().get_service_model("lambda")


def test_event_types_and_statuses_match_botocore() -> None:
    assert list(model.EVENT_TYPES) == LAMBDA.shape_for("EventType").enum
    assert list(model.STATUSES) == LAMBDA.shape_for("ExecutionStatus").enum


def test_every_event_type_has_a_kind_and_outcome() -> None:
    for event_type in model.EVENT_TYPES:
        kind, outcome = model.split_type(event_type)
        assert kind and outcome, event_type


@pytest.mark.parametrize(
    ("payload", "value"),
    [
        (
            '{"t":"m","v":{"a":{"t":"i","v":1},"b":{"t":"l","v":[{"t":"s","v":"x"}]}}}',
            {"a": 1, "b": ["x"]},
        ),
        ('{"t":"n","v":null}', None),
        ('{"t":"b","v":true}', True),
        ('{"t":"f","v":1.5}', 1.5),
        ('{"t":"d","v":"1.10"}', "1.10"),
        ('{"t":"dt","v":"2026-11-21T11:00:00+00:00"}', "2026-11-21T11:00:00+00:00"),
        ('{"t":"t","v":[{"t":"i","v":1},{"t":"i","v":2}]}', [1, 2]),
        ('{"t":"B","v":"aGVsbG8="}', "hello"),
        ('{"t":"br","v":{"all":{"t":"l","v":[]}}}', {"all": []}),
        ('{"plain": "json from another SDK"}', {"plain": "json from another SDK"}),
        ('{"t":"zz","v":1}', {"t": "zz", "v": 1}),  # not an envelope tag: left alone
        ("not json at all", "not json at all"),
        ("60", 60),
    ],
)
def test_decode_envelope(payload: str, value: Any) -> None:
    assert model.decode_envelope(payload) == value


@given(st.text())
def test_decode_never_raises(text: str) -> None:
    model.decode_envelope(text)
    model.payload_text(text)


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(),
        lambda c: st.lists(c) | st.dictionaries(st.text(), c),
    )
)
def test_decode_inverts_the_sdk_encoding(value: Any) -> None:
    from aws_durable_execution_sdk_python.serdes import ExtendedTypeSerDes

    encoded = ExtendedTypeSerDes().serialize(value, None)  # the SDK's own encoder
    assert model.decode_envelope(encoded) == value


def recorded(function: str) -> dict[str, Any]:
    return load_fixture(f"durable-{function}.json")


def test_failed_step_with_retries() -> None:
    history = model.build(recorded("payment-failure")["history"])
    assert history.execution is not None and history.execution.status == "FAILED"
    step = next(op for _, op in history.walk() if op.name == "charge-card")
    assert step.status == "FAILED" and not step.retrying
    assert [a.number for a in step.attempts] == [1, 2, 3]
    assert [a.next_delay for a in step.attempts] == [2, 4, 0]
    assert all(a.error and "PaymentDeclinedError" in a.error["ErrorType"] for a in step.attempts)
    assert [op.name for op in model.failed_operations(history)] == ["charge-card"]
    assert len(history.invocations) == 3


def test_recovered_step_wait_and_result() -> None:
    history = model.build(recorded("order-pipeline")["history"])
    ops = {op.name: op for _, op in history.walk()}
    assert ops["book-carrier"].status == "SUCCEEDED"
    assert [a.status for a in ops["book-carrier"].attempts] == ["FAILED", "FAILED", "SUCCEEDED"]
    assert ops["cool-off"].kind == "Wait" and ops["cool-off"].info["Duration"] == 30
    assert model.decode_envelope(ops["reserve-stock"].result) == {"reserved": 2}


def test_map_nesting() -> None:
    history = model.build(recorded("fan-out")["history"])
    shape = [(depth, op.label, op.name) for depth, op in history.walk()]
    assert shape[:3] == [
        (0, "map", "measure-items"),
        (1, "map iteration", "map-item-0"),
        (2, "step", "measure-0"),
    ]
    assert shape[-1] == (0, "step", "sum-sizes")


def test_running_callback() -> None:
    history = model.build(recorded("await-approval")["history"])
    assert history.execution is not None and history.execution.status == "RUNNING"
    callback = next(op for _, op in history.walk() if op.kind == "Callback")
    assert callback.status == "RUNNING" and callback.info["CallbackId"]


@pytest.mark.parametrize("function", ["order-pipeline", "payment-failure", "fan-out"])
def test_order_of_events_does_not_matter(function: str) -> None:
    events = recorded(function)["history"]
    forward, backward = model.build(events), model.build(events[::-1])
    assert [(d, o.name, o.status) for d, o in forward.walk()] == [
        (d, o.name, o.status) for d, o in backward.walk()
    ]


def at(second: int) -> datetime:
    return datetime(2026, 11, 21, 11, 0, second, tzinfo=UTC)


def test_hand_built_invoke_callback_timeout_and_invocation_error() -> None:
    error = {"Payload": {"ErrorType": "Timeout", "ErrorMessage": "callback timed out"}}
    events = [
        {
            "EventId": 1,
            "EventType": "ExecutionStarted",
            "Id": "x",
            "Name": "run",
            "EventTimestamp": at(0),
        },
        {
            "EventId": 2,
            "EventType": "ChainedInvokeStarted",
            "Id": "i",
            "Name": "price",
            "SubType": "ChainedInvoke",
            "EventTimestamp": at(1),
            "ChainedInvokeStartedDetails": {"FunctionName": "lookup-price"},
        },
        {
            "EventId": 3,
            "EventType": "ChainedInvokeSucceeded",
            "Id": "i",
            "Name": "price",
            "EventTimestamp": at(2),
            "ChainedInvokeSucceededDetails": {"Result": {"Payload": "12"}},
        },
        {
            "EventId": 4,
            "EventType": "CallbackStarted",
            "Id": "c",
            "Name": "approve",
            "SubType": "Callback",
            "EventTimestamp": at(3),
            "CallbackStartedDetails": {"CallbackId": "cb-1", "Timeout": 60},
        },
        {
            "EventId": 5,
            "EventType": "InvocationCompleted",
            "EventTimestamp": at(4),
            "InvocationCompletedDetails": {
                "StartTimestamp": at(0),
                "EndTimestamp": at(4),
                "RequestId": "req-1",
                "Error": {
                    "Payload": {"ErrorType": "Sandbox.Timedout", "ErrorMessage": "Task timed out"}
                },
            },
        },
        {
            "EventId": 6,
            "EventType": "CallbackTimedOut",
            "Id": "c",
            "Name": "approve",
            "EventTimestamp": at(9),
            "CallbackTimedOutDetails": {"Error": error},
        },
        {
            "EventId": 7,
            "EventType": "ExecutionTimedOut",
            "Id": "x",
            "Name": "run",
            "EventTimestamp": at(10),
            "ExecutionTimedOutDetails": {"Error": error},
        },
        {"EventId": 8, "EventType": "SomethingNew", "Id": "n", "EventTimestamp": at(11)},
    ]
    history = model.build(events)
    ops = {op.name or op.id: op for _, op in history.walk()}
    assert (
        ops["price"].status == "SUCCEEDED" and ops["price"].info["FunctionName"] == "lookup-price"
    )
    assert ops["approve"].status == "TIMED_OUT" and ops["approve"].error == error["Payload"]
    assert history.execution is not None and history.execution.status == "TIMED_OUT"
    assert history.invocations[0].request_id == "req-1"
    assert history.invocations[0].error == {
        "ErrorType": "Sandbox.Timedout",
        "ErrorMessage": "Task timed out",
    }
    assert ops["n"].kind == "SomethingNew"  # unknown types are kept, not dropped
    assert [e["EventId"] for e in events if model.is_failure(e)] == [5, 6, 7]


def test_stack_trace_and_error_line() -> None:
    error = {
        "ErrorType": "handler.PaymentDeclinedError",
        "ErrorMessage": "no",
        "StackTrace": ["a\nb", "c"],
    }
    assert model.stack_trace(error) == ["a", "b", "c"]
    assert model.error_line(error) == "PaymentDeclinedError: no"
    assert model.error_line({}) == "" and model.error_line(None) == ""


def test_payload_text_keeps_text_and_decodes_json() -> None:
    assert model.payload_text('{"t":"s","v":"hi"}') == '"hi"'
    assert model.payload_text("plain words") == "plain words"
    assert json.loads(model.payload_text('{"t":"m","v":{}}') or "") == {}
