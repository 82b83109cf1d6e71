"""Property tests (hypothesis): parsing never raises anything but a usage error, renderers never
crash nor emit raw control characters, JSON output round-trips exactly."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sfnctl.errors import Exit, SfnctlError
from sfnctl.model import arns
from sfnctl.model import durable as durable_model
from sfnctl.model import tree as tree_model
from sfnctl.output import dumps, dumps_line
from sfnctl.render.durable import render_durable, render_durable_history, render_durable_list
from sfnctl.render.events import render_events
from sfnctl.render.execution import render_execution
from sfnctl.render.tree import render_tree
from tests.support.hostile import RAW_CONTROL
from tests.support.rendering import NOW, render_text

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

PARTITIONS = st.sampled_from(["aws", "aws-cn", "aws-us-gov", "aws-iso-b", "", "AWS", "aws-"])
REGIONS = st.sampled_from(["us-east-1", "cn-north-1", "us-gov-west-1", "eu-central-2", "", "x"])
ACCOUNTS = st.sampled_from(["123456789012", "1234", "", "12345678901a"])
RESOURCES = st.sampled_from(
    [
        "execution:sm:run",
        "execution:sm",
        "execution::",
        "stateMachine:sm",
        "stateMachine:sm:7",
        "express:sm:run:id",
        "mapRun:sm/label:id",
        "mapRun:sm:id",
        "activity:a",
        "function:fn:$LATEST/durable-execution/n/id",
        "function:fn:$LATEST/durable-execution/n",
        "function:fn",
        "",
    ]
)


@st.composite
def arn_like(draw: st.DrawFn) -> str:
    service = draw(st.sampled_from(["states", "lambda", "s3", ""]))
    parts = ["arn", draw(PARTITIONS), service, draw(REGIONS), draw(ACCOUNTS), draw(RESOURCES)]
    if draw(st.booleans()):  # drop a part
        del parts[draw(st.integers(0, len(parts) - 1))]
    text = ":".join(parts)
    if draw(st.booleans()):
        text += draw(st.text(max_size=20))
    return text


@st.composite
def console_url_like(draw: st.DrawFn) -> str:
    host = draw(
        st.sampled_from(
            [
                "us-east-1.console.aws.amazon.com",
                "console.amazonaws.cn",
                "console.amazonaws-us-gov.com",
                "evil.example.com",
                "",
            ]
        )
    )
    fragment = draw(st.one_of(arn_like(), st.text(max_size=40)))
    return f"https://{host}/states/home?region=us-east-1#/v2/executions/details/{fragment}"


ANY_TARGET = st.one_of(
    st.text(),
    st.text(min_size=1, max_size=40).map(lambda t: (t * 10_000)[:10_000]),  # 10,000 characters
    arn_like(),
    console_url_like(),
    st.text(alphabet="arn:aws-states\n\r\t\x00\u202e漢 ", max_size=60),
)


@SETTINGS
@given(ANY_TARGET)
def test_parsing_any_string_is_an_arn_or_a_usage_error(text: str) -> None:
    try:
        parsed = arns.resolve(text)
    except SfnctlError as error:
        assert error.code is Exit.USAGE
        assert "\n" not in error.message and not RAW_CONTROL.search(error.message)
        assert len(error.message) < 400
    else:
        assert isinstance(parsed.kind, arns.Kind)


@SETTINGS
@given(st.sampled_from(["aws", "aws-cn", "aws-us-gov"]), st.sampled_from(["execution", "mapRun"]))
def test_other_partitions_parse(partition: str, kind: str) -> None:
    resource = "execution:sm:run" if kind == "execution" else "mapRun:sm/label:id"
    parsed = arns.parse_arn(f"arn:{partition}:states:us-gov-west-1:123456789012:{resource}")
    assert parsed.partition == partition


TEXT = st.text(max_size=80)


def _check(renderable: Any) -> None:
    text = render_text(renderable)
    assert not RAW_CONTROL.search(text), repr(RAW_CONTROL.search(text))


@SETTINGS
@given(name=TEXT, error=TEXT, cause=TEXT, payload=TEXT, trace=TEXT)
def test_step_functions_views_with_arbitrary_strings(
    name: str, error: str, cause: str, payload: str, trace: str
) -> None:
    execution = {
        "executionArn": f"arn:aws:states:us-east-1:123456789012:execution:sm:{name}",
        "stateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:sm",
        "name": name,
        "status": "FAILED",
        "startDate": NOW - timedelta(seconds=5),
        "stopDate": NOW,
        "input": payload,
        "output": payload,
        "error": error,
        "cause": cause,
        "traceHeader": trace,
    }
    _check(render_execution(execution, NOW))

    def sfn(i: int, kind: str, details: dict[str, Any]) -> dict[str, Any]:
        key = kind[0].lower() + kind[1:] + "EventDetails"
        if kind.endswith("Entered"):
            key = "stateEnteredEventDetails"
        return {"id": i, "type": kind, "timestamp": NOW, "previousEventId": i - 1, key: details}

    failed = {"error": error, "cause": cause}
    events = [
        sfn(1, "ExecutionStarted", {"input": payload}),
        sfn(2, "TaskStateEntered", {"name": name, "input": payload}),
        sfn(3, "TaskFailed", {"resource": name, "resourceType": "lambda", **failed}),
        sfn(4, "ExecutionFailed", failed),
    ]
    _check(render_events(events, name))
    _check(render_tree(tree_model.build(events), name, NOW))


@SETTINGS
@given(name=TEXT, error=TEXT, message=TEXT, payload=TEXT, trace=st.lists(TEXT, max_size=3))
def test_durable_views_with_arbitrary_strings(
    name: str, error: str, message: str, payload: str, trace: list[str]
) -> None:
    t0 = datetime(2026, 11, 21, 11, 0, tzinfo=UTC)
    failure = {
        "ErrorType": error,
        "ErrorMessage": message,
        "ErrorData": payload,
        "StackTrace": trace,
    }
    execution = {
        "DurableExecutionArn": f"{name}/x",
        "DurableExecutionName": name,
        "FunctionArn": f"arn:aws:lambda:us-east-1:123456789012:function:{name}",
        "InputPayload": payload,
        "Result": payload,
        "Error": failure,
        "Status": "FAILED",
        "StartTimestamp": t0,
        "TraceHeader": {"XAmznTraceId": message},
    }
    _check(render_durable(execution, NOW))
    _check(render_durable_list([execution], NOW, name))

    def ev(i: int, kind: str, op: str, **details: Any) -> dict[str, Any]:
        found = {"EventId": i, "EventType": kind, "Id": op, "Name": name, "EventTimestamp": t0}
        if details:
            found[f"{kind}Details"] = details
        return found

    error_body = {"Payload": failure}
    events = [
        ev(1, "ExecutionStarted", "x", Input={"Payload": payload}),
        {**ev(2, "StepStarted", name), "SubType": name},
        ev(3, "StepFailed", name, Error=error_body, RetryDetails={"CurrentAttempt": 1}),
        ev(4, "StepSucceeded", "s2", Result={"Payload": payload}),
        ev(5, "ExecutionFailed", "x", Error=error_body),
    ]
    _check(render_durable_history(durable_model.build(events), name))


@SETTINGS
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(),
        lambda c: st.lists(c, max_size=4) | st.dictionaries(st.text(), c, max_size=4),
    )
)
def test_json_round_trips_exactly(value: Any) -> None:
    for text in (dumps({"v": value}), dumps_line({"v": value})):
        assert json.loads(text) == {"v": value}
        assert not RAW_CONTROL.search(text)
