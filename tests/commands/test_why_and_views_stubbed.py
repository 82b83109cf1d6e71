"""`why`, `history` views/filters/--from-file and `maprun show --failures` through the real
Typer app, against Stubber-validated responses (or no network at all)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from tests.fixtures import seed_shaped as s
from tests.fixtures.seed_shaped import CHILDREN, LAMBDA_CAUSE
from tests.support.rendering import load_fixture

WHY_KEYS = {"executionArn", "status", "terminal", "rootCause", "failures"}
TERMINAL_KEYS = {"state", "error", "cause", "eventId"}
ROOT_KEYS = {"state", "error", "cause", "attempts", "resource", "mapRunArn", "eventId", "path"}
FAILURE_KEYS = {"error", "status", "count", "cause", "executionArns"}


def _t(seconds: int) -> datetime:
    return datetime(2026, 11, 21, 10, 0, seconds, tzinfo=UTC)


def _e(eid, prev, etype, **details):
    return {"id": eid, "previousEventId": prev, "type": etype, "timestamp": _t(eid), **details}


DMAP_FAILED = [
    _e(1, 0, "ExecutionStarted", executionStartedEventDetails={"roleArn": "arn:aws:iam::1:role/r"}),
    _e(2, 1, "MapStateEntered", stateEnteredEventDetails={"name": "Shards"}),
    _e(3, 2, "MapStateStarted", mapStateStartedEventDetails={"length": 0}),
    _e(4, 3, "MapRunStarted", mapRunStartedEventDetails={"mapRunArn": s.MAP_RUN}),
    _e(
        5,
        4,
        "MapRunFailed",
        mapRunFailedEventDetails={
            "error": "States.ExceedToleratedFailureThreshold",
            "cause": "The specified tolerated failure threshold was exceeded",
        },
    ),
    _e(6, 5, "MapStateFailed"),
    _e(
        7,
        6,
        "ExecutionFailed",
        executionFailedEventDetails={"error": "States.ExceedToleratedFailureThreshold"},
    ),
]


def _map_run_counting(children):
    counted = {"failed": "FAILED", "timedOut": "TIMED_OUT", "aborted": "ABORTED"}
    counts = dict(s.MAP_RUN_DESCRIBED["executionCounts"])
    counts.update({k: sum(c["status"] == v for c in children) for k, v in counted.items()})
    return {**s.MAP_RUN_DESCRIBED, "executionCounts": counts}


def _queue_children(stubbed, children, sample=1000, *, describe=True):
    """DescribeMapRun (its counters say which statuses have children), ListExecutions per
    failed status that has any (until the sample is full), then DescribeExecution of each
    listed child in that order."""
    if describe:  # `why` describes the map run; `maprun show` already has
        stubbed.stubber.add_response(
            "describe_map_run", _map_run_counting(children), {"mapRunArn": s.MAP_RUN}
        )
    listed_order = []
    remaining = sample
    for status in ("FAILED", "TIMED_OUT", "ABORTED"):
        if remaining <= 0:
            break
        items = [c for c in children if c["status"] == status][:remaining]
        if not items:
            continue
        keys = ("executionArn", "stateMachineArn", "name", "status", "startDate", "stopDate")
        stubbed.stubber.add_response(
            "list_executions",
            {"executions": [{k: c[k] for k in keys} for c in items]},
            {"mapRunArn": s.MAP_RUN, "statusFilter": status, "maxResults": min(1000, remaining)},
        )
        listed_order.extend(items)
        remaining -= len(items)
    for child in listed_order:
        stubbed.stubber.add_response(
            "describe_execution", dict(child), {"executionArn": child["executionArn"]}
        )


def _history(stubbed, events, *, reverse=True, include_data=False):
    params = {"executionArn": s.EXEC, "includeExecutionData": include_data, "maxResults": 1000}
    if reverse:
        params["reverseOrder"] = True
    ordered = sorted(events, key=lambda e: e["id"], reverse=reverse)
    stubbed.stubber.add_response("get_execution_history", {"events": ordered}, params)


def test_why_json_contract_with_map_run_roll_up(stubbed):
    _history(stubbed, DMAP_FAILED)
    _queue_children(stubbed, CHILDREN)
    result = stubbed.run("why", s.EXEC, "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == WHY_KEYS
    assert set(data["terminal"]) == TERMINAL_KEYS
    assert set(data["rootCause"]) == ROOT_KEYS
    assert data["rootCause"]["state"] == "Shards"
    assert data["rootCause"]["mapRunArn"] == s.MAP_RUN
    assert data["rootCause"]["error"] == "States.ExceedToleratedFailureThreshold"
    groups = data["failures"]
    assert all(set(g) == FAILURE_KEYS for g in groups)
    assert [(g["error"], g["status"], g["count"]) for g in groups] == [
        ("KeyError", "FAILED", 3),
        ("States.TaskFailed", "FAILED", 1),
        ("States.Timeout", "TIMED_OUT", 1),
    ]
    assert groups[0]["cause"] == LAMBDA_CAUSE  # the most common cause of the group
    assert len(groups[0]["executionArns"]) == 3


def test_why_of_a_map_run_with_no_failed_children_lists_nothing(stubbed):
    """The map run failed (e.g. writing results) but no child did: no ListExecutions at all —
    an emulator that can't filter by map run (moto answers HTML 500) is never asked."""
    _history(stubbed, DMAP_FAILED)
    _queue_children(stubbed, [])  # DescribeMapRun only
    result = stubbed.run("why", s.EXEC, "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["failures"] == []
    stubbed.stubber.assert_no_pending_responses()


def test_why_human_view_shows_roll_up_and_readable_lambda_cause(stubbed):
    _history(stubbed, DMAP_FAILED)
    _queue_children(stubbed, CHILDREN)
    result = stubbed.run("why", s.EXEC, "--exit-status")
    assert result.exit_code == 10
    assert "Root cause" in result.stdout and "Shards" in result.stdout
    assert "Failed children by error" in result.stdout
    assert "order 42 has no customer" in result.stdout


def test_maprun_show_failures_json_and_sample(stubbed):
    stubbed.stubber.add_response("describe_map_run", s.MAP_RUN_DESCRIBED, {"mapRunArn": s.MAP_RUN})
    _queue_children(stubbed, CHILDREN[:2], sample=2, describe=False)
    result = stubbed.run("maprun", "show", s.MAP_RUN, "--failures", "--sample", "2", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["mapRunArn"] == s.MAP_RUN
    assert data["failures"] == [
        {
            "error": "KeyError",
            "status": "FAILED",
            "count": 2,
            "cause": LAMBDA_CAUSE,
            "executionArns": [CHILDREN[0]["executionArn"], CHILDREN[1]["executionArn"]],
        }
    ]


def test_maprun_show_failures_of_a_run_with_no_failed_children_lists_nothing(stubbed):
    counts = dict(s.MAP_RUN_DESCRIBED["executionCounts"], failed=0, timedOut=0, aborted=0)
    described = {**s.MAP_RUN_DESCRIBED, "executionCounts": counts}
    stubbed.stubber.add_response("describe_map_run", described, {"mapRunArn": s.MAP_RUN})
    result = stubbed.run("maprun", "show", s.MAP_RUN, "--failures", "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["failures"] == []
    stubbed.stubber.assert_no_pending_responses()


def test_why_of_a_success_says_so(stubbed):
    events = load_fixture("emulator-order-pipeline.json")["history"]
    _history(stubbed, events)
    result = stubbed.run("why", s.EXEC, "--json", "--exit-status")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert (data["status"], data["terminal"], data["rootCause"]) == ("SUCCEEDED", None, None)


def test_why_stops_after_the_tail_page_that_answers(stubbed):
    """A newest-first page that settles the answer is the only request (Stubber would reject a
    second unqueued call; the fixture fails on unused responses)."""
    events = load_fixture("emulator-fetch-report.json")["history"]
    params = {
        "executionArn": s.EXEC,
        "includeExecutionData": False,
        "reverseOrder": True,
        "maxResults": 1000,
    }
    newest = sorted(events, key=lambda e: -e["id"])
    stubbed.stubber.add_response(
        "get_execution_history", {"events": newest, "nextToken": "more"}, params
    )
    result = stubbed.run("why", s.EXEC, "--json")
    assert json.loads(result.stdout)["rootCause"]["state"] == "FetchReport"


def test_why_keeps_paging_until_the_chain_is_whole(stubbed):
    events = sorted(load_fixture("emulator-nested-failure.json")["history"], key=lambda e: -e["id"])
    params = {
        "executionArn": s.EXEC,
        "includeExecutionData": False,
        "reverseOrder": True,
        "maxResults": 1000,
    }
    stubbed.stubber.add_response(
        "get_execution_history", {"events": events[:5], "nextToken": "t"}, params
    )
    stubbed.stubber.add_response(
        "get_execution_history", {"events": events[5:]}, params | {"nextToken": "t"}
    )
    result = stubbed.run("why", s.EXEC, "--json")
    assert json.loads(result.stdout)["rootCause"]["state"] == "Download"


# --- offline ---------------------------------------------------------------------------


@pytest.fixture
def saved(tmp_path):
    events = load_fixture("emulator-nested-failure.json")["history"]
    from sfnctl.output import dumps

    ours = tmp_path / "ours.json"
    ours.write_text(dumps(events))
    cli = tmp_path / "aws.json"
    epoch = [{**e, "timestamp": e["timestamp"].timestamp()} for e in events]
    cli.write_text(json.dumps({"events": epoch}))
    return ours, cli


def test_from_file_needs_no_network_and_reads_both_formats(stubbed, saved):
    ours, cli = saved  # nothing queued: any AWS call would fail
    a = stubbed.run("why", "--from-file", str(ours), "--json")
    b = stubbed.run("why", "--from-file", str(cli), "--json")
    assert a.exit_code == b.exit_code == 0, a.stderr + b.stderr
    assert json.loads(a.stdout) == json.loads(b.stdout)
    assert json.loads(a.stdout)["rootCause"]["state"] == "Download"
    tree = stubbed.run("history", "--from-file", str(cli), "--view", "tree", "--failed")
    assert tree.exit_code == 0 and "◀ root cause" in tree.stdout


def test_from_file_stdin_and_jsonl_roundtrip(stubbed, saved):
    ours, _ = saved
    lines = stubbed.run("history", "--from-file", str(ours), "--jsonl")
    assert lines.exit_code == 0
    assert len(lines.stdout.splitlines()) == 37
    again = stubbed.run("history", "--from-file", "-", "--json", input=lines.stdout)
    assert [e["id"] for e in json.loads(again.stdout)] == list(range(1, 38))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "is empty"),
        ("not json", "not JSON"),
        ('{"nope": 1}', "object with `events`"),
        ('[{"id": 1}]', "needs `id` and `type`"),
        ('[{"id": 1, "type": "ExecutionStarted", "timestamp": "yesterday"}]', "not ISO 8601"),
    ],
)
def test_bad_saved_files_are_usage_errors(stubbed, tmp_path, content, message):
    path = tmp_path / "h.json"
    path.write_text(content)
    result = stubbed.run("history", "--from-file", str(path))
    assert result.exit_code == 2
    assert message in result.stderr and "Traceback" not in result.stderr


def test_missing_file_and_missing_arn(stubbed, tmp_path):
    missing = stubbed.run("why", "--from-file", str(tmp_path / "nope.json"))
    assert missing.exit_code == 2 and "cannot read" in missing.stderr
    neither = stubbed.run("history")
    assert neither.exit_code == 2 and "--from-file" in neither.stderr


def test_unknown_event_type_suggests(stubbed):
    result = stubbed.run("history", s.EXEC, "--type", "TaskFaild")
    assert result.exit_code == 2
    assert "TaskFailed" in result.stderr


def test_filters_apply_to_json(stubbed, saved):
    ours, _ = saved
    result = stubbed.run("history", "--from-file", str(ours), "--json", "--type", "taskfailed")
    assert [e["type"] for e in json.loads(result.stdout)] == ["TaskFailed", "TaskFailed"]
    state = stubbed.run("history", "--from-file", str(ours), "--json", "--state", "Download")
    assert {e["type"] for e in json.loads(state.stdout)} >= {"TaskStateEntered", "TaskFailed"}
