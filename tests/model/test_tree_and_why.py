"""The execution tree and the root-cause walk, on real emulator histories and on hand-built
histories for shapes the emulator cannot produce (Lambda, recovered Catch, failing handler)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import botocore.session
import pytest

from sfnctl.model import tree as model
from sfnctl.model.diagnosis import diagnose, parse_cause
from sfnctl.model.events import EVENT_TYPES
from tests.fixtures.seed_shaped import LAMBDA_CAUSE
from tests.support.rendering import load_fixture

T0 = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)


def ev(eid: int, prev: int, etype: str, seconds: float = 0.0, **details):
    event = {"id": eid, "previousEventId": prev, "type": etype, "timestamp": T0}
    event["timestamp"] = T0 + timedelta(seconds=seconds or eid)
    event.update(details)
    return event


def entered(eid, prev, type_, name):
    return ev(eid, prev, f"{type_}StateEntered", stateEnteredEventDetails={"name": name})


def exited(eid, prev, type_, name):
    return ev(eid, prev, f"{type_}StateExited", stateExitedEventDetails={"name": name})


def task_failed(eid, prev, error, cause=""):
    return ev(eid, prev, "TaskFailed", taskFailedEventDetails={"error": error, "cause": cause})


def history(name: str):
    return load_fixture(f"emulator-{name}.json")["history"]


def test_event_types_list_matches_the_service_model():
    model_ = botocore.session.get_session().get_service_model("stepfunctions")
    assert tuple(model_.shape_for("HistoryEventType").enum) == EVENT_TYPES


# --- tree on real histories -------------------------------------------------------------


def test_retries_then_catch_real_history():
    t = model.build(history("fetch-report"))
    task, fail = t.root.children
    assert (task.name, task.type, task.status) == ("FetchReport", "Task", model.CAUGHT)
    assert len(task.attempts) == 3
    assert [a.status for a in task.attempts] == ["FAILED"] * 3
    gaps = [
        (b.scheduled - a.ended).total_seconds()
        for a, b in zip(task.attempts, task.attempts[1:], strict=False)
    ]
    assert all(0.9 < g < 1.5 for g in gaps)  # IntervalSeconds 1, BackoffRate 1
    assert task.resource == "aws-sdk:s3:getObject"
    assert (fail.type, fail.status) == ("Fail", "FAILED")
    assert t.root.status == "FAILED"


def test_parallel_branches_and_map_iterations_nest():
    t = model.build(history("nested-failure"))
    enrich = t.root.children[0]
    assert [c.label for c in enrich.children] == ["branch 1", "branch 2"]
    files = enrich.children[1].children[0]
    assert (files.name, files.type, files.length) == ("Files", "Map", 3)
    assert [c.label for c in files.children] == ["iteration 0", "iteration 1", "iteration 2"]
    assert [c.status for c in files.children] == ["SUCCEEDED", "FAILED", "SUCCEEDED"]
    download = files.children[1].children[-1]
    assert download.path() == ["Enrich", "branch 2", "Files", "iteration 1", "Download"]
    assert [c.name for c in t.root.children] == ["Enrich", "NotifyOps", "EnrichFailed"]


@pytest.mark.parametrize(
    ("scenario", "statuses"),
    [
        ("order-pipeline", {"Validate": "SUCCEEDED", "IsValid": "SUCCEEDED", "Done": "SUCCEEDED"}),
        ("fan-out", {"FanOut": "SUCCEEDED", "Price": "SUCCEEDED", "Pause": "SUCCEEDED"}),
        ("inline-map", {"EachItem": "SUCCEEDED", "Handle": "SUCCEEDED"}),
        ("distributed-map", {"Shards": "SUCCEEDED"}),
        ("bad-path", {"Pick": "FAILED"}),
        ("slow-timeout", {"TooSlow": "TIMED_OUT"}),
        ("manual-abort", {"AwaitApproval": "ABORTED"}),
    ],
)
def test_state_statuses_on_every_recorded_scenario(scenario, statuses):
    t = model.build(history(scenario))
    seen = {n.name: n.status for n in t.root.walk() if n.kind == model.STATE}
    assert seen == statuses
    assert all(n.end is not None for n in t.root.walk())  # everything ended


def test_distributed_map_links_the_map_run():
    t = model.build(history("distributed-map"))
    assert t.root.children[0].map_run_arn.startswith("arn:aws:states:us-east-1:")


def test_order_and_data_do_not_change_the_tree():
    events = history("nested-failure")
    no_data = [
        {
            k: (
                {kk: vv for kk, vv in v.items() if kk not in ("input", "output")}
                if isinstance(v, dict)
                else v
            )
            for k, v in e.items()
        }
        for e in events
    ]
    shape = lambda t: [(n.label, n.status, len(n.attempts)) for n in t.root.walk()]  # noqa: E731
    assert shape(model.build(events[::-1])) == shape(model.build(events))
    assert shape(model.build(no_data)) == shape(model.build(events))


@pytest.mark.parametrize("etype", EVENT_TYPES)
def test_every_event_type_alone_and_after_a_state(etype):
    lone = [ev(5, 4, etype)]
    model.build(lone)
    chain = [ev(1, 0, "ExecutionStarted"), entered(2, 1, "Task", "T"), ev(3, 2, etype)]
    t = model.build(chain)
    assert t.owner[3] is not None


def test_partial_tail_is_marked_incomplete():
    events = history("nested-failure")
    tail = events[-6:]  # a single newest-first page that misses where the failure began
    d = diagnose(tail)
    assert d.complete is False
    assert diagnose(events).complete is True


# --- root cause ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scenario", "terminal", "root", "path", "attempts"),
    [
        (
            "fetch-report",
            ("ReportFailed", "ReportUnavailable"),
            ("FetchReport", "s3.NoSuchBucketException"),
            ["FetchReport"],
            3,
        ),
        (
            "nested-failure",
            ("EnrichFailed", "EnrichmentFailed"),
            ("Download", "s3.NoSuchBucketException"),
            ["Enrich", "branch 2", "Files", "iteration 1", "Download"],
            2,
        ),
        ("bad-path", ("Pick", "States.Runtime"), ("Pick", "States.Runtime"), ["Pick"], None),
        ("slow-timeout", ("TooSlow", None), ("TooSlow", None), ["TooSlow"], None),
        ("manual-abort", ("AwaitApproval", None), ("AwaitApproval", None), ["AwaitApproval"], None),
    ],
)
def test_root_cause_on_real_histories(scenario, terminal, root, path, attempts):
    d = diagnose(history(scenario), "arn")
    assert (d.terminal["state"], d.terminal["error"]) == terminal
    assert (d.root_cause["state"], d.root_cause["error"]) == root
    assert d.root_cause["path"] == path
    assert d.root_cause["attempts"] == attempts
    assert d.complete


def test_success_has_no_root_cause():
    d = diagnose(history("order-pipeline"), "arn")
    assert (d.status, d.terminal, d.root_cause) == ("SUCCEEDED", None, None)


def test_root_cause_is_the_last_attempt_of_the_failed_task():
    d = diagnose(history("fetch-report"))
    failures = [e["id"] for e in history("fetch-report") if e["type"] == "TaskFailed"]
    assert d.root_cause["eventId"] == failures[-1]


def _lambda_task(start, prev, name, fn, outcome):
    """Task(lambda:invoke) events: the function is named only in TaskScheduled's parameters."""
    scheduled = ev(
        start,
        prev,
        "TaskScheduled",
        taskScheduledEventDetails={
            "resourceType": "lambda",
            "resource": "invoke",
            "region": "us-east-1",
            "parameters": json.dumps({"FunctionName": fn, "Payload": {}}),
        },
    )
    started = ev(
        start + 1,
        start,
        "TaskStarted",
        taskStartedEventDetails={"resourceType": "lambda", "resource": "invoke"},
    )
    return [scheduled, started, outcome(start + 2, start + 1)]


def test_recovered_failure_is_not_the_root_cause():
    """A fails → Catch → Fallback succeeds → B fails → Fail: the root cause is B."""
    events = [
        ev(1, 0, "ExecutionStarted"),
        entered(2, 1, "Task", "A"),
        *_lambda_task(3, 2, "A", "fn-a", lambda i, p: task_failed(i, p, "Boom")),
        exited(6, 5, "Task", "A"),
        entered(7, 6, "Pass", "Fallback"),
        exited(8, 7, "Pass", "Fallback"),
        entered(9, 8, "Task", "B"),
        *_lambda_task(10, 9, "B", "fn-b", lambda i, p: task_failed(i, p, "KeyError", LAMBDA_CAUSE)),
        exited(13, 12, "Task", "B"),
        entered(14, 13, "Fail", "Stop"),
        ev(15, 14, "ExecutionFailed", executionFailedEventDetails={"error": "Stopped"}),
    ]
    d = diagnose(events)
    assert d.root_cause["state"] == "B"
    assert d.root_cause["resource"] == "lambda:invoke → fn-b"
    assert d.terminal["state"] == "Stop"


def test_failing_catch_handler_points_back_to_the_first_failure():
    """A fails → Catch → Handler fails (uncaught): the root cause is A."""
    events = [
        ev(1, 0, "ExecutionStarted"),
        entered(2, 1, "Task", "A"),
        *_lambda_task(3, 2, "A", "fn-a", lambda i, p: task_failed(i, p, "Boom")),
        exited(6, 5, "Task", "A"),
        entered(7, 6, "Task", "Handler"),
        *_lambda_task(8, 7, "Handler", "fn-h", lambda i, p: task_failed(i, p, "HandlerBroke")),
        ev(11, 10, "ExecutionFailed", executionFailedEventDetails={"error": "HandlerBroke"}),
    ]
    d = diagnose(events)
    assert (d.root_cause["state"], d.root_cause["error"]) == ("A", "Boom")
    assert d.terminal["state"] == "Handler"


def test_lambda_function_events_name_the_function():
    events = [
        ev(1, 0, "ExecutionStarted"),
        entered(2, 1, "Task", "Legacy"),
        ev(
            3,
            2,
            "LambdaFunctionScheduled",
            lambdaFunctionScheduledEventDetails={
                "resource": "arn:aws:lambda:us-east-1:123456789012:function:legacy"
            },
        ),
        ev(4, 3, "LambdaFunctionStarted"),
        ev(
            5,
            4,
            "LambdaFunctionTimedOut",
            lambdaFunctionTimedOutEventDetails={"error": "States.Timeout"},
        ),
        ev(6, 5, "ExecutionFailed", executionFailedEventDetails={"error": "States.Timeout"}),
    ]
    d = diagnose(events)
    assert d.root_cause["resource"] == "arn:aws:lambda:us-east-1:123456789012:function:legacy"
    assert d.root_node.status == "TIMED_OUT"


def test_running_execution_has_no_terminal():
    events = [ev(1, 0, "ExecutionStarted"), entered(2, 1, "Wait", "Hold")]
    d = diagnose(events)
    assert (d.status, d.terminal, d.root_cause, d.complete) == ("RUNNING", None, None, True)
    assert model.build(events).root.children[0].status == "RUNNING"


def test_lambda_cause_parses_to_type_message_and_trace():
    parsed = parse_cause(LAMBDA_CAUSE)
    assert parsed.error_type == "KeyError"
    assert parsed.message == "order 42 has no customer"
    assert "app.py" in parsed.trace[0]
    assert parse_cause("plain words").message == "plain words"
    assert parse_cause('{"other": 1}').data == {"other": 1}
    assert parse_cause(None) is None


# --- filters ----------------------------------------------------------------------------


def test_filters_select_events():
    t = model.build(history("fetch-report"))
    assert model.select(t) is None
    failed = model.select(t, failed=True)
    types = {t.events[i]["type"] for i in failed}
    assert {"TaskFailed", "ExecutionFailed", "FailStateEntered", "TaskStateEntered"} <= types
    assert "ExecutionStarted" not in types
    only = model.select(t, types=("TaskFailed",))
    assert len(only) == 3
    both = model.select(t, states=("ReportFailed",), types=("TaskFailed",))
    assert both == set()
