"""`diff A B` model: state-by-state alignment, first divergence, payload diffs, --json shape."""

from __future__ import annotations

import json

from sfnctl.model.execdiff import Side, align, compare, differing, key_path, state_runs
from sfnctl.model.tree import build
from tests.support.histories import loop, parallel, pipeline
from tests.support.rendering import load_fixture

FAILED_RUN = [("fail", 1.0), ("timeout", 3.0), ("fail", 1.0)]
OK_RUN = [("ok", 0.5)]


def rows_of(rows):
    return [
        (
            "/".join(r.path),
            (r.a.status, r.a.duration, r.a.attempts) if r.a else None,
            (r.b.status, r.b.duration, r.b.attempts) if r.b else None,
        )
        for r in rows
    ]


def test_failed_vs_succeeded_side_by_side():
    a = build(pipeline(FAILED_RUN, fail=True).events)
    b = build(pipeline(OK_RUN, fail=False).events)
    assert rows_of(align(a, b)) == [
        ("Validate", ("SUCCEEDED", 0.1, None), ("SUCCEEDED", 0.1, None)),
        ("Charge", ("FAILED", 7.0, 3), ("SUCCEEDED", 0.5, 1)),
        ("Failed", ("FAILED", 0.0, None), None),
        ("Ship", None, ("SUCCEEDED", 0.5, None)),
    ]


def test_first_divergence_is_the_first_status_difference_in_execution_order():
    a = build(pipeline(FAILED_RUN, fail=True).events)
    b = build(pipeline(OK_RUN, fail=False).events)
    result = compare(a, b)
    assert result.divergence is not None
    assert result.divergence.state == "Charge"
    assert result.divergence.a == Side("FAILED", 7.0, 3)
    assert result.divergence.b == Side("SUCCEEDED", 0.5, 1)


def test_a_state_only_one_side_ran_is_a_divergence():
    a = build(loop(2).events)
    b = build(loop(3).events)
    result = compare(a, b)
    assert result.divergence is not None
    # The 3rd Poll is the first run only b has; Done is aligned after it.
    assert result.divergence.state == "Poll"
    assert result.divergence.a is None
    assert result.divergence.b == Side("SUCCEEDED", 0.1, None)


def test_loops_are_matched_by_occurrence():
    keys = [k for k, _ in state_runs(build(loop(2).events))]
    assert keys == [
        (("Poll",), 1),
        (("Check",), 1),
        (("Poll",), 2),
        (("Check",), 2),
        (("Done",), 1),
    ]


def test_identical_executions_do_not_diverge():
    h = load_fixture("emulator-nested-failure.json")["history"]
    result = compare(build(h), build(h))
    assert result.divergence is None
    assert differing(result.states) == []
    assert len(result.states) == 11
    assert result.as_json()["divergence"] is None


def test_parallel_branches_match_by_their_first_state_not_their_number():
    a = build(parallel("Price", "Pause").events)
    b = build(parallel("Pause", "Price").events)
    rows = align(a, b)
    assert compare(a, b).divergence is None
    price = next(r for r in rows if r.state == "Price")
    assert price.path == ("Fan", "branch 1", "Price")  # as side a numbers it
    assert price.a is not None and price.b is not None
    node = next(n for _, n in state_runs(b) if n.name == "Price")
    assert key_path(node) == ("Fan", "branch from Price", "Price")


def test_map_iterations_keep_their_index():
    h = load_fixture("emulator-inline-map.json")["history"]
    rows = align(build(h), build(h))
    assert [r.path for r in rows] == [
        ("EachItem",),
        ("EachItem", "iteration 0", "Handle"),
        ("EachItem", "iteration 1", "Handle"),
        ("EachItem", "iteration 2", "Handle"),
    ]


def test_real_failed_vs_real_succeeded_histories():
    failed = build(load_fixture("emulator-fetch-report.json")["history"])
    passed = build(load_fixture("emulator-order-pipeline.json")["history"])
    result = compare(failed, passed)
    assert result.divergence is not None
    assert result.divergence.state == "FetchReport"
    assert result.divergence.b is None
    assert {r.state for r in result.states} == {
        "FetchReport",
        "ReportFailed",
        "Validate",
        "IsValid",
        "Done",
    }


def test_inputs_and_outputs_are_diffed_structurally():
    a = build(pipeline(FAILED_RUN, fail=True).events)
    b = build(pipeline(OK_RUN, fail=False).events)
    result = compare(
        a,
        b,
        a_arn="arn:a",
        b_arn="arn:b",
        a_input='{"order": {"id": 1, "items": [1, 2]}}',
        b_input='{"order": {"id": 2, "items": [1]}}',
        a_output=None,
        b_output='{"shipped": true}',
    )
    data = result.as_json()
    assert data["input"] == [
        {"path": "$.order.id", "op": "changed", "a": 1, "b": 2},
        {"path": "$.order.items[1]", "op": "removed", "a": 2, "b": None},
    ]
    assert data["output"] == [{"path": "$", "op": "changed", "a": None, "b": {"shipped": True}}]


def test_json_shape_is_the_issues():
    a = build(pipeline(FAILED_RUN, fail=True).events)
    b = build(pipeline(OK_RUN, fail=False).events)
    data = compare(a, b, a_arn="arn:a", b_arn="arn:b", a_input="{}", b_input="{}").as_json()
    assert list(data) == ["a", "b", "divergence", "states", "input", "output"]
    assert (data["a"], data["b"]) == ("arn:a", "arn:b")
    assert data["divergence"] == {
        "state": "Charge",
        "a": {"status": "FAILED", "duration": 7.0, "attempts": 3},
        "b": {"status": "SUCCEEDED", "duration": 0.5, "attempts": 1},
    }
    assert data["states"][2] == {
        "state": "Failed",
        "path": ["Failed"],
        "a": {"status": "FAILED", "duration": 0.0, "attempts": None},
        "b": None,
    }
    assert all(set(row) == {"state", "path", "a", "b"} for row in data["states"])
    json.dumps(data)


def test_durations_are_rounded_and_unknown_is_none():
    h = pipeline(OK_RUN, fail=False)
    h.events = h.events[:-3]  # still running: Ship never entered, Charge has no exit…
    tree = build(h.events)
    rows = align(tree, tree)
    assert [r.state for r in rows] == ["Validate", "Charge"]
    assert rows[1].a is not None and rows[1].a.duration == 0.5


def test_nothing_in_common_lists_a_then_b():
    a = build(loop(1).events)
    b = build(parallel("Price", "Pause").events)
    rows = align(a, b)
    assert [(r.state, r.a is not None, r.b is not None) for r in rows] == [
        ("Poll", True, False),
        ("Check", True, False),
        ("Done", True, False),
        ("Fan", False, True),
        ("Price", False, True),
        ("Pause", False, True),
    ]
    assert compare(a, b).divergence == rows[0]


def test_every_run_of_both_sides_appears_exactly_once():
    for one, two in [
        (pipeline(FAILED_RUN, fail=True), pipeline(OK_RUN, fail=False)),
        (loop(2), loop(5)),
        (loop(4), loop(1)),
        (parallel("Pause", "Price"), loop(2)),
    ]:
        a, b = build(one.events), build(two.events)
        rows = align(a, b)
        assert sum(r.a is not None for r in rows) == len(state_runs(a))
        assert sum(r.b is not None for r in rows) == len(state_runs(b))
