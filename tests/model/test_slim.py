"""Slimmed events (`history --view tree|timeline` keeps 25,000 of them): no payloads, the same
tree, timeline and root cause as the whole events give."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sfnctl.model import tree as model
from sfnctl.model.diagnosis import diagnose
from sfnctl.model.events import SlimEvent, Slimmer, slim
from sfnctl.model.saved import parse_history
from sfnctl.render.tree import Timeline, render_tree
from tests.support.histories import History
from tests.support.rendering import FIXTURES, load_fixture, render_text

HISTORIES = [
    *sorted(f"aws-shapes/{p.name}" for p in (FIXTURES / "aws-shapes").glob("*.json")),
    *sorted(p.name for p in FIXTURES.glob("emulator-*.json")),
]


def _events(name: str) -> list[dict]:
    if name.startswith("aws-shapes/"):
        return parse_history((FIXTURES / name).read_text(), name)
    return load_fixture(name)["history"]


def _views(events: list) -> str:
    built = model.build(events)
    diagnosis = diagnose([], tree=built)
    now = max(e["timestamp"] for e in events)
    return "\n".join(
        render_text(view)
        for view in (
            render_tree(built, "t", now, root_cause=diagnosis.root_node, expand_all=True),
            Timeline(built, "t", now, None, True, diagnosis.root_node),
        )
    ) + json.dumps(diagnosis.root_cause, default=str)


@pytest.mark.parametrize("name", HISTORIES)
def test_slimmed_events_give_the_same_tree_timeline_and_root_cause(name: str) -> None:
    events = _events(name)
    slimmer = Slimmer()
    assert _views([slimmer(e) for e in events]) == _views(events)


def test_payloads_go_the_lambda_function_name_stays() -> None:
    history = History()
    history.started(input='{"big": "payload"}')
    history.enter("Task", "Charge", 0.1)
    history.lambda_scheduled("charge-card", 0.2)
    scheduled = history.events[-1]
    slimmed = slim(scheduled)
    details = slimmed["taskScheduledEventDetails"]
    assert dict(details["parameters"]) == {"FunctionName": "charge-card"}
    assert details["resourceType"] == "lambda" and details["region"] == "us-east-1"
    assert "input" not in slim(history.events[0])["executionStartedEventDetails"]
    assert model.resource_of("TaskScheduled", details) == "lambda:invoke → charge-card"


def test_every_payload_member_is_dropped() -> None:
    event = {
        "id": 3,
        "previousEventId": 2,
        "type": "TaskStateExited",
        "stateExitedEventDetails": {
            "name": "Charge",
            "output": "{}",
            "outputDetails": {"truncated": False},
            "assignedVariables": {"x": "1"},
            "assignedVariablesDetails": {"truncated": False},
        },
    }
    assert slim(event)["stateExitedEventDetails"] == {"name": "Charge"}
    assert event["stateExitedEventDetails"]["output"] == "{}"  # the original is untouched


def test_repeated_details_are_shared_and_read_only() -> None:
    history = History()
    history.started()
    for i in range(3):
        history.enter("Pass", "Step", i)
        history.exit("Pass", "Step", i + 0.5)
    slimmer = Slimmer()
    slimmed = [slimmer(e) for e in history.events]
    entered = [e["stateEnteredEventDetails"] for e in slimmed if e["type"] == "PassStateEntered"]
    assert len(entered) == 3 and entered[0] is entered[1] is entered[2]
    with pytest.raises(TypeError):
        entered[0]["name"] = "changed"  # type: ignore[index]


def test_slim_event_is_a_read_only_mapping_of_the_same_members() -> None:
    event = {
        "timestamp": "t",
        "type": "MapIterationStarted",
        "id": 7,
        "previousEventId": 6,
        "mapIterationStartedEventDetails": {"name": "Files", "index": 2},
        "somethingNewer": 1,
    }
    found = SlimEvent(event)
    assert dict(found) == event and len(found) == len(event)
    assert found["mapIterationStartedEventDetails"] == {"name": "Files", "index": 2}
    assert found.get("somethingNewer") == 1
    assert found.get("stateEnteredEventDetails", "absent") == "absent"
    with pytest.raises(KeyError):
        found["previousEventID"]
    partial = SlimEvent({"id": 1, "type": "ExecutionStarted"})
    assert dict(partial) == {"id": 1, "type": "ExecutionStarted"}
    assert "timestamp" not in partial and partial.get("previousEventId") is None


def test_the_large_recorded_history_slims_to_the_same_tree() -> None:
    """The 25,000-event benchmark history: the same tree, folded as people see it."""
    import gzip

    path = Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "counting-loop-25k.json.gz"
    with gzip.open(path, "rt") as handle:
        events = parse_history(json.dumps(json.load(handle)["history"]), "large")
    slimmer = Slimmer()
    full, slimmed = model.build(events), model.build([slimmer(e) for e in events])
    now = max(e["timestamp"] for e in events)
    assert render_text(render_tree(slimmed, "t", now)) == render_text(render_tree(full, "t", now))
