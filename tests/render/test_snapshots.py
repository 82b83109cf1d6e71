"""Renderer snapshots: width 100, no colour, fixed clock. Review snapshot diffs like code."""

import pytest

from sfnctl.demo.scenarios import SCENARIOS as DEMO_SCENARIOS
from sfnctl.model.redrive import explain_execution, explain_map_run
from sfnctl.render.events import render_events
from sfnctl.render.execution import render_execution
from sfnctl.render.executions import render_executions
from sfnctl.render.maprun import render_map_run, render_map_runs, render_update
from sfnctl.render.redrive import render_redrive_execution, render_redrive_map_run
from tests.fixtures import seed_shaped as s
from tests.support.rendering import NOW, load_fixture, render_text

SCENARIOS = [scenario.name for scenario in DEMO_SCENARIOS]


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_describe_recorded(snapshot, scenario):
    data = load_fixture(f"emulator-{scenario}.json")
    state_machine = {"name": scenario, "type": "STANDARD"}
    assert render_text(render_execution(data["describe"], NOW, state_machine)) == snapshot


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_history_recorded(snapshot, scenario):
    data = load_fixture(f"emulator-{scenario}.json")
    assert render_text(render_events(data["history"], f"History of {scenario}")) == snapshot


def test_history_reverse_order_keeps_state_names_and_retries(snapshot):
    events = load_fixture("emulator-fetch-report.json")["history"][::-1]
    text = render_text(render_events(events, "newest first"))
    assert "retry #2" in text
    assert text == snapshot


def test_list_recorded(snapshot):
    items = load_fixture("emulator-fetch-report.json")["list"]
    assert render_text(render_executions(items, NOW, "Executions")) == snapshot


def test_describe_seed_shaped_redriven(snapshot):
    state_machine = {"name": "orders", "type": "STANDARD", "label": None}
    assert render_text(render_execution(s.REDRIVEN_EXECUTION, NOW, state_machine)) == snapshot


def test_describe_map_run_child_shows_label(snapshot):
    state_machine = {"name": "orders/shards", "label": "shards", "type": "STANDARD"}
    text = render_text(render_execution(s.CHILD_EXECUTION, NOW, state_machine))
    assert "shards" in text
    assert "boom" in text
    assert text == snapshot


def test_list_map_run_children_with_item_counts(snapshot):
    text = render_text(render_executions(s.MAP_RUN_CHILDREN, NOW, "Children"))
    assert "Items" in text
    assert text == snapshot


def test_map_run_every_counter(snapshot):
    text = render_text(render_map_run(s.MAP_RUN_DESCRIBED, NOW))
    for counter in ("pendingRedrive", "failuresNotRedrivable", "resultsWritten", "timedOut"):
        assert counter in text
    assert text == snapshot


def test_map_run_unknown_future_counter_is_shown():
    run = {
        **s.MAP_RUN_DESCRIBED,
        "itemCounts": {**s.MAP_RUN_DESCRIBED["itemCounts"], "quarantined": 2},
    }
    assert "quarantined" in render_text(render_map_run(run, NOW))


def test_map_runs_recorded(snapshot):
    runs = load_fixture("emulator-distributed-map.json")["mapRuns"]
    assert render_text(render_map_runs(runs, NOW, "Map runs")) == snapshot


def test_update_diff(snapshot):
    changes = {"maxConcurrency": 10, "toleratedFailurePercentage": 12.5}
    assert render_text(render_update(s.MAP_RUN_DESCRIBED, changes, "Update")) == snapshot


def test_redrive_views(snapshot):
    for execution in (s.REDRIVEN_EXECUTION, s.NOT_REDRIVABLE_EXECUTION, s.CHILD_EXECUTION):
        why = explain_execution(execution, s.EXEC)
        assert render_text(render_redrive_execution(execution, why.meaning, why.action)) == snapshot
    why = explain_map_run(s.MAP_RUN_DESCRIBED, s.REDRIVEN_EXECUTION)
    text = render_text(
        render_redrive_map_run(s.MAP_RUN_DESCRIBED, s.REDRIVEN_EXECUTION, why.meaning, why.action)
    )
    assert text == snapshot


FAILING = ["fetch-report", "nested-failure", "bad-path", "slow-timeout", "manual-abort"]


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_tree_recorded(snapshot, scenario):
    from sfnctl.model import tree
    from sfnctl.model.diagnosis import diagnose
    from sfnctl.render.tree import render_tree

    built = tree.build(load_fixture(f"emulator-{scenario}.json")["history"])
    root = diagnose([], tree=built).root_node
    assert render_text(render_tree(built, scenario, NOW, root_cause=root)) == snapshot


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_timeline_recorded(snapshot, scenario):
    from sfnctl.model import tree
    from sfnctl.render.tree import Timeline

    built = tree.build(load_fixture(f"emulator-{scenario}.json")["history"])
    assert render_text(Timeline(built, scenario, NOW)) == snapshot


@pytest.mark.parametrize("scenario", FAILING)
def test_why_recorded(snapshot, scenario):
    from sfnctl.model.diagnosis import diagnose
    from sfnctl.render.why import render_why

    data = load_fixture(f"emulator-{scenario}.json")
    diagnosis = diagnose(data["history"], data["describe"]["executionArn"])
    assert render_text(render_why(diagnosis, None)) == snapshot


def test_failures_roll_up(snapshot):
    from sfnctl.model.rollup import group_failures
    from sfnctl.render.maprun import render_failures
    from tests.fixtures.seed_shaped import CHILDREN

    assert render_text(render_failures(group_failures(CHILDREN), 5, 7)) == snapshot


def test_folded_tree_of_a_long_loop(snapshot):
    from datetime import timedelta

    from sfnctl.model import tree
    from sfnctl.render.tree import render_tree

    events = [{"id": 1, "previousEventId": 0, "type": "ExecutionStarted", "timestamp": NOW}]
    for i in range(2, 200, 2):
        ts = NOW + timedelta(seconds=i)
        events.append(
            {
                "id": i,
                "previousEventId": i - 1,
                "type": "PassStateEntered",
                "timestamp": ts,
                "stateEnteredEventDetails": {"name": f"Step{i // 2}"},
            }
        )
        events.append(
            {
                "id": i + 1,
                "previousEventId": i,
                "type": "PassStateExited",
                "timestamp": ts,
                "stateExitedEventDetails": {"name": f"Step{i // 2}"},
            }
        )
    built = tree.build(events)
    folded = render_text(render_tree(built, "loop", NOW))
    assert "… 95 more succeeded" in folded
    assert len(render_text(render_tree(built, "loop", NOW, expand_all=True)).splitlines()) == 101
    assert folded == snapshot
