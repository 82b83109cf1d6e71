"""`stats` model: nearest-rank percentiles, per-state and per-execution aggregation."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sfnctl.model.stats import Stats, Summary, percentile, summarise
from sfnctl.model.tree import build
from tests.support.histories import loop, parallel, pipeline
from tests.support.rendering import load_fixture


@pytest.mark.parametrize(
    ("values", "p", "expected"),
    [
        ([15, 20, 35, 40, 50], 5, 15),
        ([15, 20, 35, 40, 50], 30, 20),
        ([15, 20, 35, 40, 50], 40, 20),
        ([15, 20, 35, 40, 50], 50, 35),
        ([15, 20, 35, 40, 50], 100, 50),
        ([3, 1, 2], 50, 2),  # any order
        ([1.5], 95, 1.5),
        (list(range(1, 101)), 95, 95),
        (list(range(1, 21)), 95, 19),
        (list(range(1, 20)), 95, 19),  # fewer than 20 values: p95 is the max
        ([1, 2], 50, 1),
    ],
)
def test_nearest_rank(values, p, expected):
    assert percentile(values, p) == expected


def test_empty_is_none():
    assert percentile([], 50) is None
    assert summarise([]) == Summary(None, None, None)


@pytest.mark.parametrize("p", [0, -1, 100.5, math.nan])
def test_p_out_of_range(p):
    with pytest.raises(ValueError):
        percentile([1], p)


@given(st.lists(st.floats(0, 1e6), min_size=1), st.floats(0.01, 100))
def test_percentile_is_an_observed_value_and_monotonic(values, p):
    got = percentile(values, p)
    assert got in values
    assert got <= max(values)
    assert percentile(values, 100) == max(values)
    assert sum(v <= got for v in values) >= math.ceil(p / 100 * len(values))


def test_one_execution_per_state():
    stats = Stats()
    stats.add(build(pipeline([("fail", 1.0), ("timeout", 3.0), ("fail", 1.0)], True).events))
    data = stats.as_json()
    assert data["executions"] == 1
    assert data["statuses"] == {"FAILED": 1}
    assert data["duration"] == {"p50": 7.4, "p95": 7.4, "max": 7.4}
    charge = next(s for s in data["states"] if s["state"] == "Charge")
    assert charge == {
        "state": "Charge",
        "runs": 1,
        "failed": 1,
        "retried": 1,
        "p50": 7.0,
        "p95": 7.0,
        "max": 7.0,
    }


def test_many_executions_counts_and_rates():
    stats = Stats()
    for i in range(10):
        attempts = [("fail", 1.0), ("ok", 0.5)] if i < 3 else [("ok", 0.1 * (i + 1))]
        stats.add(build(pipeline(attempts, fail=False).events))
    stats.add(build(pipeline([("fail", 1.0)], fail=True).events))
    (charge,) = [s for s in stats.states() if s.state == "Charge"]
    assert (charge.runs, charge.failed, charge.retried) == (11, 1, 3)
    assert charge.retry_rate == pytest.approx(3 / 11)
    assert charge.failure_rate == pytest.approx(1 / 11)
    assert stats.executions == 11
    assert stats.statuses == {"SUCCEEDED": 10, "FAILED": 1}


def test_map_iterations_and_parallel_branches_count_per_state():
    stats = Stats()
    stats.add(build(load_fixture("emulator-inline-map.json")["history"]))
    stats.add(build(parallel("Price", "Pause").events))
    runs = {s.state: s.runs for s in stats.states()}
    assert runs == {"EachItem": 1, "Handle": 3, "Fan": 1, "Price": 1, "Pause": 1}


def test_loops_count_every_run():
    stats = Stats()
    stats.add(build(loop(4).events))
    assert {s.state: s.runs for s in stats.states()} == {"Poll": 4, "Check": 4, "Done": 1}


def test_caught_failures_count_as_failed():
    stats = Stats()
    stats.add(build(load_fixture("emulator-fetch-report.json")["history"]))
    fetch = next(s for s in stats.states() if s.state == "FetchReport")
    assert (fetch.failed, fetch.retried) == (1, 1)


def test_given_status_and_duration_win():
    stats = Stats()
    tree = build(loop(1).events)
    stats.add(tree, status="RUNNING", duration=99.0)
    assert stats.statuses == {"RUNNING": 1}
    assert stats.durations == [99.0]


def test_sorted_failing_first_then_slowest_then_name():
    stats = Stats()
    stats.add(build(pipeline([("fail", 1.0)], fail=True).events))  # Charge fails
    stats.add(build(parallel("Price", "Pause").events))  # Fan 1.2 s, Pause 1.0 s, Price 0.2 s
    # Charge and Failed failed once each (Charge is slower); the rest by p95, slowest first.
    assert [s.state for s in stats.states()] == [
        "Charge",
        "Failed",
        "Fan",
        "Pause",
        "Price",
        "Validate",
    ]


def test_ties_are_by_name():
    stats = Stats()
    stats.add(build(loop(1).events))  # Poll and Check both 0.1 s, Done 0 s
    assert [s.state for s in stats.states()] == ["Check", "Poll", "Done"]


def test_json_shape_and_numbers():
    stats = Stats()
    stats.add(build(load_fixture("emulator-nested-failure.json")["history"]))
    data = stats.as_json()
    assert list(data) == ["executions", "statuses", "duration", "states"]
    assert list(data["duration"]) == ["p50", "p95", "max"]
    for row in data["states"]:
        assert list(row) == ["state", "runs", "failed", "retried", "p50", "p95", "max"]
        assert all(isinstance(row[k], float) or row[k] is None for k in ("p50", "p95", "max"))
        assert all(isinstance(row[k], int) for k in ("runs", "failed", "retried"))
    download = next(r for r in data["states"] if r["state"] == "Download")
    assert download == {
        "state": "Download",
        "runs": 1,
        "failed": 1,
        "retried": 1,
        "p50": 1.446,
        "p95": 1.446,
        "max": 1.446,
    }
    json.dumps(data)


def test_empty_stats():
    assert Stats().as_json() == {
        "executions": 0,
        "statuses": {},
        "duration": {"p50": None, "p95": None, "max": None},
        "states": [],
    }
