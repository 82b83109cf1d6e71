"""Histories shaped the way real AWS records them (issue 11), each a small hand-written fixture
under tests/fixtures/aws-shapes/: the state an event belongs to, the root cause `why` names, and
the anomalies the tree, timeline and event table must not show."""

from __future__ import annotations

import json
import re
from typing import Any

from sfnctl.model import tree as model
from sfnctl.model.diagnosis import diagnose, parse_cause
from sfnctl.model.events import event_rows
from sfnctl.model.saved import parse_history
from sfnctl.render.tree import Timeline, render_tree
from sfnctl.render.why import render_why
from tests.support.rendering import FIXTURES, NOW, render_text

SHAPES = FIXTURES / "aws-shapes"


def load(name: str) -> list[dict[str, Any]]:
    return parse_history((SHAPES / f"{name}.json").read_text(), name)


def root_of(name: str) -> dict[str, Any]:
    root = diagnose(load(name)).root_cause
    assert root is not None
    return root


def tree_text(name: str) -> str:
    built = model.build(load(name))
    return render_text(render_tree(built, name, NOW, root_cause=diagnose([], tree=built).root_node))


def runs(built: model.ExecutionTree, name: str) -> list[model.Node]:
    return [n for n in built.root.walk() if n.kind == model.STATE and n.name == name]


# --- 1. failure events linked past their state ----------------------------------------------


def test_evaluation_failed_belongs_to_the_state_it_names_not_to_its_link():
    events = load("evaluation-failed-linked-past")
    built = model.build(events)
    assert built.node_of(5).name == "ShipEach"  # linked to #3, Prepare's exit
    assert [n for n in built.root.walk() if n.partial] == []
    assert runs(built, "Prepare")[0].status == "SUCCEEDED"
    diagnosis = diagnose(events)
    assert diagnosis.terminal["state"] == "ShipEach"
    root = diagnosis.root_cause
    assert (root["state"], root["error"], root["eventId"]) == (
        "ShipEach",
        "States.QueryEvaluationError",
        5,
    )


def test_evaluation_failed_row_names_its_state_in_the_event_table():
    rows = {row.id: row for row in event_rows(load("evaluation-failed-linked-past"))}
    assert rows[5].state == "ShipEach"


def test_evaluation_failed_tree_has_no_nameless_partial_run():
    text = tree_text("evaluation-failed-linked-past")
    assert "start not in the events fetched" not in text
    assert "ShipEach  Map  ◀ root cause" in text


# --- 2. a Fail state inside a Map iteration or a Parallel branch ----------------------------


def test_fail_state_in_a_map_iteration_is_the_root_cause_with_its_path():
    root = root_of("map-iteration-fail-state")
    assert root["path"] == ["CheckLimits", "iteration 1", "Break"]
    assert (root["state"], root["error"], root["eventId"]) == ("Break", "LimitExceeded", 13)


def test_fail_state_in_a_parallel_branch_is_the_root_cause_with_its_path():
    root = root_of("parallel-branch-fail-state")
    assert root["path"] == ["Checks", "branch 1", "RejectOrder"]
    assert root["error"] == "OrderRejected"


# --- 3. a Catch handler that itself fails -----------------------------------------------------


def test_failing_catch_handler_root_cause_is_the_caught_state_with_its_own_error():
    root = root_of("catch-handler-fails")
    assert (root["state"], root["error"], root["eventId"]) == ("ScoreItem", "ScoreUnavailable", 11)
    assert root["path"] == ["ScoreItems", "iteration 0", "ScoreItem"]
    assert root["attempts"] == 2


def test_failing_catch_handler_shows_as_the_handlers_failure_in_the_tree():
    built = model.build(load("catch-handler-fails"))
    (task,) = runs(built, "ScoreItem")
    (handler,) = runs(built, "MarkUnscored")
    assert (task.status, task.error) == ("CAUGHT", "ScoreUnavailable")
    assert (handler.status, handler.error) == ("FAILED", "States.QueryEvaluationError")
    text = tree_text("catch-handler-fails")
    assert "✖ FAILED  MarkUnscored  Pass" in text


# --- Map timeout: aborts linked to the first timeout ----------------------------------------


def test_map_timeout_aborts_stay_in_their_own_iterations():
    built = model.build(load("map-timeout"))
    aborts = [eid for eid, e in built.events.items() if e["type"] == "TaskStateAborted"]
    owners = [built.node_of(eid) for eid in aborts]
    assert len(set(map(id, owners))) == 3  # one per iteration, not all on iteration 0's
    for task in runs(built, "Fetch"):
        iteration = task.parent
        assert task.end is not None and iteration.end is not None
        assert task.end <= iteration.end  # the bar stays within its iteration


def test_map_timeout_root_cause_is_timed_out_not_aborted():
    built = model.build(load("map-timeout"))
    root = diagnose([], tree=built).root_node
    assert (root.name, root.status, root.path()) == (
        "Fetch",
        "TIMED_OUT",
        ["FetchAll", "iteration 0", "Fetch"],
    )
    assert "⏱ TIMED_OUT  Fetch  Task  ◀ root cause" in tree_text("map-timeout")
    statuses = sorted(t.status for t in runs(built, "Fetch"))
    assert statuses == ["ABORTED", "TIMED_OUT", "TIMED_OUT"]


# --- failed, then aborted ---------------------------------------------------------------------


def test_failed_then_aborted_state_stays_failed():
    built = model.build(load("failed-then-aborted"))
    (task,) = runs(built, "AwaitReply")
    assert (task.status, task.error) == ("FAILED", "ReplyRejected")
    assert "✖ FAILED  AwaitReply" in tree_text("failed-then-aborted")


# --- retried Map/Parallel: attempts of the state ----------------------------------------------


def test_retried_parallel_is_one_state_with_attempts_not_more_branches():
    built = model.build(load("parallel-retried"))
    (parallel,) = runs(built, "Reserve")
    assert len(parallel.attempts) == 3
    assert [c.label for c in parallel.children] == ["branch 1"]
    assert [a.status for a in parallel.attempts] == ["FAILED", "FAILED", "FAILED"]
    text = tree_text("parallel-retried")
    assert "3 attempts" in text and "branch 2" not in text


def test_retried_map_is_one_state_with_attempts_not_iteration_0_twice():
    built = model.build(load("map-retried"))
    (map_run,) = runs(built, "Bill")
    assert len(map_run.attempts) == 2
    assert [c.label for c in map_run.children] == ["iteration 0"]
    assert root_of("map-retried")["path"] == ["Bill", "iteration 0", "Declined"]
    assert "1 item " in tree_text("map-retried") + " "


def test_retried_map_timeline_draws_the_attempts():
    built = model.build(load("map-retried"))
    text = render_text(Timeline(built, "t", NOW))
    assert "╌" in text  # the backoff between the attempts
    assert text.count("iteration 0") == 1


# --- Python Lambda stack traces ---------------------------------------------------------------


def test_python_stack_frames_are_split_into_lines():
    built = model.build(load("catch-handler-fails"))
    (task,) = runs(built, "ScoreItem")
    parsed = parse_cause(task.cause)
    assert parsed is not None
    assert parsed.trace == (
        '  File "/var/task/app.py", line 12, in handler',
        "    return score(event)",
        '  File "/var/task/app.py", line 30, in score',
        "    raise ScoreUnavailable(msg)",
    )
    text = render_text(render_why(diagnose(load("catch-handler-fails")), None))
    assert "\\n" not in text
    assert "return score(event)" in text


# --- Distributed Map with an ItemReader -------------------------------------------------------


def test_distributed_map_item_reader_no_zero_items_and_map_run_labelled():
    text = tree_text("distributed-map-item-reader")
    assert "0 items" not in text
    flat = " ".join(text.split())
    assert "map run arn:aws:states:eu-west-1:123456789012:mapRun:orders/ReadOrders" in flat
    root = root_of("distributed-map-item-reader")
    assert root["resource"] is None
    assert root["mapRunArn"].startswith("arn:aws:states:eu-west-1:123456789012:mapRun:")
    why = render_text(render_why(diagnose(load("distributed-map-item-reader")), None))
    assert "Map run" in why and "Resource" not in why


# --- links lost (previousEventId 0 inside a Parallel) -----------------------------------------


def test_events_without_links_still_land_in_named_runs():
    built = model.build(load("parallel-links-lost"))
    names = [n.name for n in built.root.walk() if n.kind == model.STATE]
    assert "" not in names
    for name in ("Left", "Right"):
        (task,) = runs(built, name)
        assert (task.status, len(task.attempts)) == ("SUCCEEDED", 1)
        assert task.parent.kind == model.BRANCH


# --- nothing RUNNING in a history that ended --------------------------------------------------


def test_no_run_left_running_in_any_ended_shape():
    for path in sorted(SHAPES.glob("*.json")):
        built = model.build(parse_history(path.read_text(), path.name))
        if built.terminal_event is None:
            continue
        running = [n.label for n in built.root.walk() if n.status == "RUNNING"]
        assert running == [], path.name


# --- a saved history of a running execution ---------------------------------------------------


def test_saved_running_history_measures_to_its_last_event(stubbed):
    path = str(SHAPES / "running-saved.json")
    for view in ("tree", "timeline"):
        result = stubbed.run("history", "--from-file", path, "--view", view)
        assert result.exit_code == 0, result.stderr
        title = result.stdout.splitlines()[0]  # a title stays on one line, whatever the path
        assert "running when saved: times as of its last event, 2025-03-04 09:30:04 UTC" in title
        assert not re.search(r"\d+d \d\dh", result.stdout), result.stdout


def test_saved_running_history_so_far_is_from_the_last_event():
    from sfnctl.model.saved import as_of

    events = load("running-saved")
    now = as_of(events)
    assert now is not None and now == events[-1]["timestamp"]
    built = model.build(events)
    text = render_text(render_tree(built, "t", now))
    assert "Cooldown  Wait  0.000s so far" in text
    assert as_of(load("map-timeout")) is None


def test_why_json_root_cause_keys_include_map_run_arn():
    data = diagnose(load("map-iteration-fail-state")).as_json()
    assert json.loads(json.dumps(data, default=str))["rootCause"]["mapRunArn"] is None


def test_nested_map_next_outer_iteration_goes_to_the_map_it_names():
    built = model.build(load("nested-map"))
    (outer,) = runs(built, "Regions")
    assert [c.label for c in outer.children] == ["iteration 0", "iteration 1"]
    for inner in runs(built, "Stores"):
        assert [c.label for c in inner.children] == ["iteration 0"]
