"""Issue 12: the model takes whatever a server sends — cycles, wrong types, deep nesting,
lone surrogates — and always ends, never crashes, never passes text through raw."""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Any

import pytest

from sfnctl.model import durable, events
from sfnctl.model.redrive import explain_execution, explain_map_run
from sfnctl.model.text import clean, count, count_text

T = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize("status", ["SUCCEEDED", None, "REDRIVABLE", "NOT_REDRIVABLE"])
def test_redrive_of_a_succeeded_execution_says_so_in_one_line(status: str | None) -> None:
    execution: dict[str, Any] = {"executionArn": "arn:x", "status": "SUCCEEDED"}
    if status is not None:
        execution["redriveStatus"] = status
    explanation = explain_execution(execution)
    assert explanation.meaning == "It succeeded: there is nothing to redrive."
    assert explanation.action == "Nothing to do."
    assert "check the" not in (explanation.meaning + explanation.action).lower()


def test_redrive_of_a_running_execution_without_a_redrive_status() -> None:
    explanation = explain_execution({"executionArn": "arn:x", "status": "RUNNING"})
    assert "still running" in explanation.meaning
    assert explanation.action.removeprefix("Watch it: ") == "sfnctl describe arn:x --watch"


def test_redrive_of_a_failed_execution_without_a_redrive_status_keeps_the_advice() -> None:
    explanation = explain_execution({"executionArn": "arn:x", "status": "FAILED"})
    assert "did not report" in explanation.meaning


@pytest.mark.parametrize(
    ("value", "shown", "number"),
    [
        (None, "0", 0),
        (7, "7", 7),
        (7.0, "7", 7),
        (math.nan, "nan", 0),
        ("lots", "lots", 0),
        ("[/]\x1b[2J", "[/]\\x1b[2J", 0),
        (True, "True", 0),
    ],
)
def test_counters_of_any_wire_type(value: object, shown: str, number: int) -> None:
    assert count_text(value) == shown
    assert count(value) == number


def test_map_run_counters_of_the_wrong_type_are_explained_not_crashed() -> None:
    run = {"status": "FAILED", "itemCounts": {"pendingRedrive": "x", "failuresNotRedrivable": 2}}
    explanation = explain_map_run(run, {"status": "FAILED"})
    assert "x item(s) are waiting" in explanation.meaning
    assert "2 failed item(s)" in explanation.meaning


def test_a_lone_surrogate_is_shown_escaped() -> None:
    assert clean("a\ud800b") == "a\\ud800b"
    clean("a\udfffb").encode("utf-8")  # never raises


def _event(eid: int, etype: str, prev: int) -> dict[str, Any]:
    return {"id": eid, "type": etype, "previousEventId": prev, "timestamp": T}


@pytest.mark.parametrize("outcome_previous", [4, 5])  # a self-loop, a two-event cycle
def test_a_previous_event_id_cycle_ends_the_container_walk(outcome_previous: int) -> None:
    history = [
        _event(1, "ExecutionStarted", 0),
        _event(2, "ParallelStateEntered", 1),
        _event(3, "ParallelStateStarted", 2),
        _event(4, "ParallelStateFailed", outcome_previous),
        _event(5, "TaskStateEntered", 4),
    ]
    index = {int(e["id"]): e for e in history}
    assert events._container_started(history[3], index) is None


def test_a_parent_id_cycle_ends_the_durable_walks() -> None:
    ops = [
        {"EventId": 1, "Id": "a", "ParentId": "b", "EventType": "StepStarted", "Name": "a"},
        {"EventId": 2, "Id": "b", "ParentId": "a", "EventType": "StepStarted", "Name": "b"},
        {"EventId": 3, "Id": "c", "ParentId": "c", "EventType": "StepFailed", "Name": "c"},
    ]
    history = durable.build(ops)
    history.walk()  # ends
    durable.diagnose(history)


def test_durable_contexts_nested_deeper_than_the_recursion_limit() -> None:
    depth = 3000
    ops = [
        {
            "EventId": n + 1,
            "Id": f"op{n}",
            "ParentId": f"op{n - 1}" if n else None,
            "EventType": "ContextStarted",
            "Name": f"c{n}",
        }
        for n in range(depth)
    ]
    history = durable.build(ops)
    walked = history.walk()
    assert len(walked) == depth
    assert walked[-1][0] == depth - 1
    durable.diagnose(history)
