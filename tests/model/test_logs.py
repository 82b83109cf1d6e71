"""`logs` model: Lambda attempts and their windows, log groups, request ids, Express records."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sfnctl.model.diagnosis import diagnose
from sfnctl.model.durable import build as build_durable
from sfnctl.model.logs import (
    DEFAULT_MARGIN,
    FunctionRef,
    PlatformLine,
    default_log_group,
    details_member,
    express_event,
    express_executions,
    express_history,
    express_record,
    function_of,
    function_ref,
    invocation_windows,
    lambda_attempts,
    lines_of_request,
    log_group,
    log_group_name,
    logging_advice,
    millis,
    platform_line,
    request_ids_in_cause,
    request_ids_in_logs,
)
from sfnctl.model.tree import build
from tests.support.histories import T0, History, lambda_task, pipeline

FN = "arn:aws:lambda:us-east-1:123456789012:function:charge:live"
RID = "5f1c2a3b-1111-2222-3333-444455556666"
RID2 = "0a0b0c0d-aaaa-bbbb-cccc-ddddeeeeffff"
EXPRESS = "arn:aws:states:us-east-1:123456789012:express:orders-x:run-1:abc-123"


# --- functions and log groups ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("charge", FunctionRef("charge")),
        ("charge:live", FunctionRef("charge", "live")),
        ("charge:$LATEST", FunctionRef("charge", "$LATEST")),
        ("123456789012:function:charge", FunctionRef("charge", account="123456789012")),
        (FN, FunctionRef("charge", "live", "us-east-1", "123456789012", "aws")),
        (
            "arn:aws-cn:lambda:cn-north-1:123456789012:function:f:7",
            FunctionRef("f", "7", "cn-north-1", "123456789012", "aws-cn"),
        ),
    ],
)
def test_function_ref(value, expected):
    assert function_ref(value) == expected


@pytest.mark.parametrize("value", ["", "has space", "arn:aws:s3:::bucket", "a:b:c:d:e:f:g:h"])
def test_not_a_function(value):
    assert function_ref(value) is None


def test_default_log_group_drops_arn_and_qualifier():
    assert default_log_group(FN) == "/aws/lambda/charge"
    assert default_log_group("charge:3") == "/aws/lambda/charge"
    assert default_log_group("charge") == "/aws/lambda/charge"


def test_logging_config_log_group_wins():
    assert log_group(FN, {"LogFormat": "JSON", "LogGroup": "/shared/app"}) == "/shared/app"
    assert log_group(FN, {"LogFormat": "Text"}) == "/aws/lambda/charge"
    assert log_group(FN, None) == "/aws/lambda/charge"


def scheduled(etype: str, **details) -> dict:
    return {"id": 1, "previousEventId": 0, "type": etype, details_member(etype): details}


def test_function_of_scheduling_events():
    params = json.dumps({"FunctionName": FN, "Payload": {"a": 1}})
    assert (
        function_of(
            scheduled("TaskScheduled", resourceType="lambda", resource="invoke", parameters=params)
        )
        == FN
    )
    assert (
        function_of(
            scheduled(
                "TaskScheduled",
                resourceType="lambda",
                resource="invoke.waitForTaskToken",
                parameters=params,
            )
        )
        == FN
    )
    assert function_of(scheduled("LambdaFunctionScheduled", resource=FN)) == FN


@pytest.mark.parametrize(
    "event",
    [
        scheduled("TaskScheduled", resourceType="dynamodb", resource="getItem", parameters="{}"),
        scheduled("TaskScheduled", resourceType="lambda", resource="invoke", parameters="{oops"),
        scheduled("TaskScheduled", resourceType="lambda", resource="invoke", parameters="[]"),
        scheduled("TaskScheduled", resourceType="lambda", resource="invoke", parameters="{}"),
        scheduled("TaskScheduled", resourceType="lambda", resource="getFunction"),
        scheduled("ActivityScheduled", resource="arn:aws:states:::activity:x"),
        scheduled("LambdaFunctionScheduled"),
        {"id": 1, "type": "TaskScheduled"},
    ],
)
def test_not_lambda_scheduling(event):
    assert function_of(event) is None


# --- attempts --------------------------------------------------------------------------------


def test_failed_attempts_with_windows():
    h = pipeline([("fail", 1.0), ("timeout", 3.0), ("ok", 0.5)], fail=False)
    attempts = lambda_attempts(build(h.events))
    assert [(a.attempt, a.status) for a in attempts] == [(1, "FAILED"), (2, "TIMED_OUT")]
    first, second = attempts
    assert (first.state, first.path, first.function) == ("Charge", ("Charge",), FN)
    assert first.region == "us-east-1"
    assert first.log_group == "/aws/lambda/charge"
    assert first.scheduled == T0 + timedelta(seconds=0.3)
    assert first.ended == T0 + timedelta(seconds=1.3)
    assert first.start == first.scheduled - DEFAULT_MARGIN
    assert first.end == first.ended + DEFAULT_MARGIN
    assert first.error == "Lambda.Unknown"
    assert first.request_ids == [request_ids_in_cause(first.cause)[0]]
    assert second.cause == "Task timed out after 3.00 seconds"
    assert second.request_ids == []


def test_all_attempts_and_margin():
    h = pipeline([("fail", 1.0), ("ok", 0.5)], fail=False)
    attempts = lambda_attempts(build(h.events), failed_only=False, margin=timedelta(0))
    assert [(a.attempt, a.status) for a in attempts] == [(1, "FAILED"), (2, "SUCCEEDED")]
    assert attempts[1].start == attempts[1].scheduled
    assert attempts[1].end == T0 + timedelta(seconds=2.3 + 0.5)


def test_running_attempt_has_an_open_window():
    h = History()
    h.started()
    h.enter("Task", "Charge", 1.0)
    h.lambda_scheduled("charge", 1.0)
    h.task_started(1.1)
    (attempt,) = lambda_attempts(build(h.events), failed_only=False)
    assert attempt.status == "RUNNING"
    assert attempt.end is None and attempt.ended is None
    assert attempt.region == "us-east-1"  # from the TaskScheduled's region
    assert lambda_attempts(build(h.events)) == []


def test_legacy_lambda_resource_events():
    h = History()
    h.started()
    h.enter("Task", "Legacy", 0.0)
    h.add("LambdaFunctionScheduled", 0.1, lambdaFunctionScheduledEventDetails={"resource": FN})
    h.add("LambdaFunctionStarted", 0.2)
    h.add(
        "LambdaFunctionFailed",
        1.2,
        lambdaFunctionFailedEventDetails={"error": "Boom", "cause": f"RequestId: {RID}"},
    )
    (attempt,) = lambda_attempts(build(h.events))
    assert (attempt.state, attempt.function, attempt.status) == ("Legacy", FN, "FAILED")
    assert attempt.request_ids == [RID]


def test_two_lambda_states_in_event_order_non_lambda_tasks_skipped():
    h = History()
    h.started()
    lambda_task(h, "A", "fn-a", 0.0, [("fail", 1.0), ("fail", 1.0)])
    h.enter("Task", "Db", 5.0)
    h.add(
        "TaskScheduled",
        5.0,
        taskScheduledEventDetails={"resourceType": "dynamodb", "resource": "getItem"},
    )
    h.task_failed(5.5, "DynamoDB.Error")
    lambda_task(h, "B", "fn-b", 6.0, [("fail", 1.0)])
    got = [(a.state, a.attempt, a.function) for a in lambda_attempts(build(h.events))]
    assert got == [("A", 1, "fn-a"), ("A", 2, "fn-a"), ("B", 1, "fn-b")]


def test_millis():
    assert millis(datetime(1970, 1, 1, 0, 0, 1, tzinfo=UTC)) == 1000
    assert millis(datetime(1970, 1, 1, 0, 0, 1)) == 1000
    assert millis(None) is None


# --- request ids -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cause", "ids"),
    [
        (f"Unhandled RequestId: {RID} Error", [RID]),
        (f"(Service: Lambda, Status Code: 500, Request ID: {RID})", [RID]),
        (json.dumps({"errorMessage": "x", "requestId": RID, "errorType": "E"}), [RID]),
        (f"2026-11-21T10:00:03.123Z {RID} Task timed out after 3.00 seconds", [RID]),
        (f"RequestId: {RID.upper()}", [RID]),
        (f"RequestId: {RID} then Request ID: {RID2} and again RequestId: {RID}", [RID, RID2]),
        ("no id here", []),
        ("RequestId: not-a-uuid", []),
        (None, []),
        ("", []),
    ],
)
def test_request_ids_in_cause(cause, ids):
    assert request_ids_in_cause(cause) == ids


@pytest.mark.parametrize(
    ("message", "line"),
    [
        (f"START RequestId: {RID} Version: $LATEST\n", PlatformLine("START", RID, "$LATEST")),
        (f"END RequestId: {RID}\n", PlatformLine("END", RID)),
        (
            f"REPORT RequestId: {RID}\tDuration: 3000.00 ms\tBilled Duration: 3000 ms",
            PlatformLine("REPORT", RID),
        ),
        (
            json.dumps({"type": "platform.start", "record": {"requestId": RID, "version": "7"}}),
            PlatformLine("START", RID, "7"),
        ),
        (
            json.dumps({"type": "platform.runtimeDone", "record": {"requestId": RID}}),
            PlatformLine("END", RID),
        ),
        (
            json.dumps({"type": "platform.report", "record": {"requestId": RID}}),
            PlatformLine("REPORT", RID),
        ),
        (json.dumps({"type": "platform.start", "record": {}}), None),
        (json.dumps({"level": "INFO", "requestId": RID, "message": "hi"}), None),
        ("{not json", None),
        (f"[INFO]\t2026-11-21T10:00:00Z\t{RID}\tcharging", None),
        (f"something START RequestId: {RID}", None),
    ],
)
def test_platform_lines(message, line):
    assert platform_line(message) == line


def log(stream: str, message: str, ts: int = 0) -> dict:
    return {"logStreamName": stream, "message": message, "timestamp": ts}


def test_lines_of_one_request_across_interleaved_streams():
    events = [
        log("s1", f"START RequestId: {RID} Version: $LATEST"),
        log("s2", f"START RequestId: {RID2} Version: $LATEST"),
        log("s1", "charging card"),
        log("s2", "another request's line"),
        log("s1", f"[ERROR]\t{RID}\tboom"),
        log("s1", f"END RequestId: {RID}"),
        log("s1", f"REPORT RequestId: {RID}\tDuration: 1 ms"),
        log("s1", "INIT line after the report"),
        log("s2", f"END RequestId: {RID2}"),
        log("s3", f"a line elsewhere mentioning {RID}"),
    ]
    got = [e["message"] for e in lines_of_request(events, RID)]
    assert got == [
        f"START RequestId: {RID} Version: $LATEST",
        "charging card",
        f"[ERROR]\t{RID}\tboom",
        f"END RequestId: {RID}",
        f"REPORT RequestId: {RID}\tDuration: 1 ms",
        f"a line elsewhere mentioning {RID}",
    ]
    assert request_ids_in_logs(events) == [RID, RID2]


def test_another_start_ends_a_request_without_report():
    events = [
        log("s", f"START RequestId: {RID}"),
        log("s", "mine"),
        log("s", f"START RequestId: {RID2}"),
        log("s", "theirs"),
    ]
    assert [e["message"] for e in lines_of_request(events, RID)] == [
        f"START RequestId: {RID}",
        "mine",
    ]


# --- durable invocations ---------------------------------------------------------------------


def test_invocation_windows_from_durable_history():
    start = datetime(2026, 11, 21, 11, 0, tzinfo=UTC)
    events = [
        {
            "EventId": 1,
            "EventType": "InvocationCompleted",
            "EventTimestamp": start + timedelta(seconds=3),
            "InvocationCompletedDetails": {
                "StartTimestamp": start,
                "EndTimestamp": start + timedelta(seconds=2),
                "RequestId": RID,
            },
        },
        {"EventId": 2, "EventType": "InvocationCompleted", "EventTimestamp": start},
    ]
    history = build_durable(events)
    windows = invocation_windows(history.invocations, margin=timedelta(seconds=1))
    assert [(w.number, w.request_id) for w in windows] == [(1, RID), (2, None)]
    assert windows[0].start == start - timedelta(seconds=1)
    assert windows[0].end == start + timedelta(seconds=3)
    assert (windows[1].start, windows[1].end) == (None, None)


# --- Express executions ----------------------------------------------------------------------


def record(eid: int, prev: int, etype: str, ms: int, details: dict | None = None, arn=EXPRESS):
    return json.dumps(
        {
            "id": str(eid),
            "type": etype,
            "details": details or {},
            "previous_event_id": str(prev),
            "event_timestamp": str(ms),
            "execution_arn": arn,
            "redrive_count": "0",
        }
    )


START_MS = int(datetime(2026, 11, 21, 10, 0, tzinfo=UTC).timestamp() * 1000)
EXPRESS_LOG = [
    record(1, 0, "ExecutionStarted", START_MS, {"input": '{"a":1}', "roleArn": "arn:role"}),
    record(2, 1, "TaskStateEntered", START_MS + 10, {"name": "Charge", "input": "{}"}),
    record(
        3,
        2,
        "TaskScheduled",
        START_MS + 11,
        {
            "resourceType": "lambda",
            "resource": "invoke",
            "region": "us-east-1",
            "parameters": json.dumps({"FunctionName": FN}),
        },
    ),
    record(4, 3, "TaskStarted", START_MS + 12, {"resourceType": "lambda", "resource": "invoke"}),
    record(
        5,
        4,
        "TaskFailed",
        START_MS + 3012,
        {"error": "Lambda.Unknown", "cause": f"RequestId: {RID} boom"},
    ),
    record(6, 5, "ExecutionFailed", START_MS + 3013, {"error": "Lambda.Unknown", "cause": "x"}),
]


def test_express_record_shape():
    event = express_event(EXPRESS_LOG[1])
    assert event == {
        "id": 2,
        "previousEventId": 1,
        "type": "TaskStateEntered",
        "timestamp": datetime(2026, 11, 21, 10, 0, 0, 10000, tzinfo=UTC),
        "stateEnteredEventDetails": {"name": "Charge", "input": "{}"},
    }
    first = express_record(EXPRESS_LOG[0])
    assert first is not None and first.execution_arn == EXPRESS
    assert first.event["executionStartedEventDetails"]["roleArn"] == "arn:role"


def test_express_history_feeds_the_existing_models():
    shuffled = [EXPRESS_LOG[i] for i in (3, 0, 5, 1, 4, 2)]
    log_events = [{"message": m, "timestamp": 0} for m in shuffled]
    log_events.append({"message": EXPRESS_LOG[2]})  # FilterLogEvents may repeat a record
    log_events.append({"message": "not a record"})
    log_events.append({"message": record(1, 0, "ExecutionStarted", START_MS, arn="arn:other")})
    history = express_history(log_events, EXPRESS)
    assert [e["id"] for e in history.events] == [1, 2, 3, 4, 5, 6]
    assert history.skipped == 2
    tree = build(history.events)
    assert tree.root.status == "FAILED"
    assert tree.root.duration == pytest.approx(3.013)
    diagnosis = diagnose(history.events)
    assert diagnosis.root_cause is not None
    assert (diagnosis.root_cause["state"], diagnosis.root_cause["error"]) == (
        "Charge",
        "Lambda.Unknown",
    )
    (attempt,) = lambda_attempts(tree)
    assert (attempt.function, attempt.request_ids) == (FN, [RID])


def test_express_history_without_filter_keeps_every_execution():
    log_events = [{"message": m} for m in EXPRESS_LOG[:1]]
    log_events.append({"message": record(7, 0, "ExecutionStarted", START_MS, arn="arn:other")})
    assert [e["id"] for e in express_history(log_events).events] == [1, 7]


@pytest.mark.parametrize(
    "message",
    [
        "",
        "plain text",
        "[1, 2]",
        json.dumps({"id": "x", "type": "TaskStarted"}),
        json.dumps({"type": "TaskStarted"}),
        json.dumps({"id": "1"}),
        json.dumps({"id": "1", "type": "T", "previous_event_id": "p"}),
        "[" * 5000,
    ],
)
def test_not_express_records(message):
    assert express_record(message) is None


@pytest.mark.parametrize(
    ("stamp", "expected"),
    [
        ("1000", datetime(1970, 1, 1, 0, 0, 1, tzinfo=UTC)),
        (1000, datetime(1970, 1, 1, 0, 0, 1, tzinfo=UTC)),
        ("2026-11-21T10:00:00Z", datetime(2026, 11, 21, 10, tzinfo=UTC)),
        ("2026-11-21T10:00:00", datetime(2026, 11, 21, 10, tzinfo=UTC)),
        ("soon", None),
        (None, None),
        (True, None),
    ],
)
def test_express_timestamps(stamp, expected):
    message = json.dumps({"id": 1, "type": "ExecutionStarted", "event_timestamp": stamp})
    event = express_event(message)
    assert event is not None
    assert event.get("timestamp") == expected


@given(st.text(max_size=50))
def test_express_record_never_raises(text):
    express_record(text)


@pytest.mark.parametrize(
    ("etype", "member"),
    [
        ("TaskStateEntered", "stateEnteredEventDetails"),
        ("FailStateEntered", "stateEnteredEventDetails"),
        ("MapStateExited", "stateExitedEventDetails"),
        ("TaskFailed", "taskFailedEventDetails"),
        ("ExecutionStarted", "executionStartedEventDetails"),
        ("MapRunStarted", "mapRunStartedEventDetails"),
    ],
)
def test_details_member(etype, member):
    assert details_member(etype) == member


def test_express_executions_for_list():
    other = "arn:aws:states:us-east-1:123456789012:express:orders-x:run-2:def-456"
    records = [express_record(m) for m in EXPRESS_LOG]
    records.append(express_record(record(1, 0, "ExecutionStarted", START_MS + 60_000, arn=other)))
    records.append(express_record(json.dumps({"id": 1, "type": "ExecutionStarted"})))
    items = express_executions([r for r in records if r is not None])
    assert items == [
        {
            "executionArn": other,
            "name": "run-2",
            "status": "RUNNING",
            "startDate": datetime(2026, 11, 21, 10, 1, tzinfo=UTC),
        },
        {
            "executionArn": EXPRESS,
            "name": "run-1",
            "status": "FAILED",
            "startDate": datetime(2026, 11, 21, 10, 0, tzinfo=UTC),
            "stopDate": datetime(2026, 11, 21, 10, 0, 3, 13000, tzinfo=UTC),
        },
    ]


# --- state machine logging -------------------------------------------------------------------

GROUP_ARN = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/vendedlogs/states/orders:*"


def config(level="ALL", data=True, arn=GROUP_ARN):
    destinations = [{"cloudWatchLogsLogGroup": {"logGroupArn": arn}}] if arn else []
    return {"level": level, "includeExecutionData": data, "destinations": destinations}


def test_log_group_name():
    assert log_group_name(GROUP_ARN) == "/aws/vendedlogs/states/orders"
    assert log_group_name(GROUP_ARN[:-2]) == "/aws/vendedlogs/states/orders"
    assert log_group_name("/plain/name") == "/plain/name"


def test_logging_all_with_data_is_complete():
    advice = logging_advice(config())
    assert (advice.log_group, advice.complete, advice.problem) == (
        "/aws/vendedlogs/states/orders",
        True,
        None,
    )


@pytest.mark.parametrize(
    ("cfg", "complete", "fragment"),
    [
        (None, False, "does not log"),
        ({"level": "OFF"}, False, "does not log"),
        (config(arn=None), False, "does not log"),
        (config(level="ERROR"), False, "level ERROR"),
        (config(level="FATAL"), False, "level FATAL"),
        (config(data=False), True, "no execution data"),
    ],
)
def test_logging_problems_say_what_to_enable(cfg, complete, fragment):
    advice = logging_advice(cfg)
    assert advice.complete is complete
    assert advice.problem is not None
    assert fragment in advice.problem
    assert "ALL with execution data" in advice.problem


@given(st.text(max_size=80))
def test_line_and_cause_parsers_never_raise(text):
    platform_line(text)
    request_ids_in_cause(text)
    function_ref(text)
    log_group_name(text)


def test_express_description_from_logged_events():
    from sfnctl.model.logs import express_description

    arn = "arn:aws:states:us-east-1:123456789012:express:fast:order-1:abc"
    sm = "arn:aws:states:us-east-1:123456789012:stateMachine:fast"
    t0 = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)
    started = {
        "id": 1,
        "type": "ExecutionStarted",
        "timestamp": t0,
        "executionStartedEventDetails": {"input": "{}"},
    }
    running = express_description([started], arn, sm)
    assert running == {
        "executionArn": arn,
        "stateMachineArn": sm,
        "name": "order-1",
        "status": "RUNNING",
        "startDate": t0,
        "input": "{}",
    }
    failed = {
        "id": 2,
        "type": "ExecutionFailed",
        "timestamp": t0 + timedelta(seconds=2),
        "executionFailedEventDetails": {"error": "E", "cause": "c"},
    }
    done = express_description([started, failed], arn, sm)
    assert (done["status"], done["error"], done["cause"]) == ("FAILED", "E", "c")
    assert done["stopDate"] == t0 + timedelta(seconds=2)
