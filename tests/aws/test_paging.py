"""History paging from both ends, against a real loopback server with the service's paging
contract (tests/support/history_server.py) and against odd pagers."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime, timedelta

import pytest

from sfnctl.aws.api import AwsApi
from sfnctl.aws.config import AwsConfig
from sfnctl.aws.paging import fetch_from_both_ends
from tests.support.history_server import HistoryServer

ARN = "arn:aws:states:us-east-1:123456789012:execution:big:run-1"
T0 = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)


def _events(n: int) -> list[dict]:
    events = [
        {
            "id": 1,
            "previousEventId": 0,
            "type": "ExecutionStarted",
            "timestamp": T0.timestamp(),
            "executionStartedEventDetails": {"input": "{}", "roleArn": "arn:aws:iam::1:role/r"},
        }
    ]
    for i in range(2, n + 1):
        kind = "PassStateEntered" if i % 2 == 0 else "PassStateExited"
        key = "stateEnteredEventDetails" if i % 2 == 0 else "stateExitedEventDetails"
        events.append(
            {
                "id": i,
                "previousEventId": i - 1,
                "type": kind,
                "timestamp": (T0 + timedelta(milliseconds=i)).timestamp(),
                key: {"name": f"S{i // 2}", "input" if i % 2 == 0 else "output": '{"i": 1}'},
            }
        )
    return events


@pytest.fixture(scope="module")
def server():
    describe = {
        "executionArn": ARN,
        "stateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:big",
        "status": "RUNNING",
        "startDate": T0.timestamp(),
    }
    with HistoryServer({ARN: {"describe": describe, "history": _events(2501)}}) as srv:
        yield srv


def _api(server, workers=8) -> AwsApi:
    api = AwsApi.for_local_emulator(AwsConfig(endpoint_url=server.url))
    api.workers = workers
    return api


@pytest.mark.parametrize("workers", [1, 8])
def test_whole_history_complete_and_in_order(server, workers):
    # A round trip per request, so neither side can finish before the other has asked
    # (without it the newest-first side may fetch all three pages first: a race, not a bug).
    server.delay = 0.05
    server.requests.clear()
    try:
        events = _api(server, workers).get_execution_history(ARN)
    finally:
        server.delay = 0.0
    assert [e["id"] for e in events] == list(range(1, 2502))
    assert all(r["maxResults"] == 1000 for r in server.requests)
    if workers > 1:  # both ends: forward and newest-first requests
        assert {bool(r.get("reverseOrder")) for r in server.requests} == {False, True}
    assert events[0]["timestamp"].tzinfo is not None


def test_reverse_and_no_data(server):
    events = _api(server).get_execution_history(ARN, reverse=True, include_data=False)
    assert [e["id"] for e in events] == list(range(2501, 0, -1))
    assert all("input" not in e.get("stateEnteredEventDetails", {}) for e in events)


def test_sink_gets_every_event_once_in_order(server):
    got: list[int] = []
    returned = _api(server).get_execution_history(
        ARN, sink=lambda page: got.extend(e["id"] for e in page)
    )
    assert returned == []
    assert got == list(range(1, 2502))


def test_cli_json_streams_the_same_as_boto3(server, tmp_path):
    import boto3

    from sfnctl.output import jsonable
    from tests.support.cli import sfnctl

    result = sfnctl("history", ARN, "--json", endpoint=server.url)
    assert result.returncode == 0, result.stderr
    client = boto3.client(
        "stepfunctions",
        endpoint_url=server.url,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    expected, token = [], None
    while True:
        page = client.get_execution_history(
            executionArn=ARN, maxResults=1000, **({"nextToken": token} if token else {})
        )
        expected.extend(page["events"])
        token = page.get("nextToken")
        if not token:
            break
    assert json.loads(result.stdout) == jsonable(expected)
    lines = sfnctl("history", ARN, "--jsonl", "--type", "PassStateExited", endpoint=server.url)
    assert len(lines.stdout.splitlines()) == 1250


def _pager(pages):
    yield from pages


@pytest.mark.parametrize("with_sink", [False, True])
def test_server_that_ignores_reverse_order(with_sink):
    everything = [{"id": i} for i in range(1, 8)]
    got: list[int] = []
    sink = (lambda page: got.extend(e["id"] for e in page)) if with_sink else None
    result = fetch_from_both_ends(_pager([everything]), _pager([everything]), sink=sink)
    ids = got if with_sink else [e["id"] for e in result]
    assert ids == list(range(1, 8))


def test_pager_error_is_raised_in_the_caller():
    from sfnctl.errors import SfnctlError

    def failing():
        raise SfnctlError("boom")
        yield  # pragma: no cover

    released = threading.Event()

    def slow():
        released.wait(timeout=60)  # answers only after the caller has seen the error
        yield [{"id": 9}]

    try:
        with pytest.raises(SfnctlError, match="boom"):
            fetch_from_both_ends(failing(), slow())
    finally:
        released.set()


def _ids(n_from: int, n_to: int) -> list[dict]:
    return [{"id": i} for i in range(n_from, n_to + 1)]


@pytest.mark.parametrize("with_sink", [False, True])
def test_halves_meet_only_when_every_id_has_arrived(with_sink):
    """D9: a server that honours maxResults but ignores reverseOrder: the 'newest-first' side
    serves 1..3 first. The halves must not 'meet' there: all 10 events come back."""
    forward = _pager([_ids(1, 3), _ids(4, 6), _ids(7, 10)])
    released = threading.Event()

    def ignoring_reverse():
        yield _ids(1, 3)  # ascending: reverseOrder ignored
        released.wait(timeout=60)
        yield _ids(4, 10)

    got: list[int] = []
    sink = (lambda page: got.extend(e["id"] for e in page)) if with_sink else None
    try:
        result = fetch_from_both_ends(forward, ignoring_reverse(), sink=sink)
    finally:
        released.set()
    ids = got if with_sink else [e["id"] for e in result]
    assert ids == list(range(1, 11))


@pytest.mark.parametrize("with_sink", [False, True])
def test_events_out_of_order_across_pages_are_all_kept(with_sink):
    """D10: ids 4-6 arrive after 7-8: merged by id, nothing dropped, still in order."""
    pages = [[{"id": i} for i in (1, 2, 3, 7, 8)], [{"id": i} for i in (4, 5, 6, 9, 10)]]
    got: list[int] = []
    sink = (lambda page: got.extend(e["id"] for e in page)) if with_sink else None
    result = fetch_from_both_ends(_pager(pages), _pager(list(reversed(pages))), sink=sink)
    ids = got if with_sink else [e["id"] for e in result]
    assert ids == list(range(1, 11))


@pytest.mark.parametrize("bad", [None, "x", True, 1.5e400])
def test_an_event_without_a_usable_id_is_exit_5(bad):
    from sfnctl.errors import Exit, SfnctlError

    event = {"type": "Pass"} if bad is None else {"id": bad}
    with pytest.raises(SfnctlError) as raised:
        fetch_from_both_ends(_pager([[{"id": 1}, event]]), _pager([[event, {"id": 1}]]))
    assert raised.value.code is Exit.UNAVAILABLE


def test_page_guard_repeated_token_and_empty_pages():
    from sfnctl.aws.paging import MAX_EMPTY_PAGES, PageGuard
    from sfnctl.errors import Exit, SfnctlError

    guard = PageGuard("arn:x")
    assert guard.next_token("a", 1) == "a"
    assert guard.next_token(None, 0) is None
    with pytest.raises(SfnctlError, match="repeated a page token") as raised:
        guard.next_token("a", 1)
    assert raised.value.code is Exit.UNAVAILABLE
    guard = PageGuard("arn:x")
    for n in range(MAX_EMPTY_PAGES - 1):
        guard.next_token(f"t{n}", 0)
    guard.next_token("full", 3)  # a page with items resets the count
    for n in range(MAX_EMPTY_PAGES - 1):
        guard.next_token(f"u{n}", 0)
    with pytest.raises(SfnctlError, match=f"{MAX_EMPTY_PAGES} empty pages in a row"):
        guard.next_token("last", 0)


@pytest.mark.parametrize("listing", ["executions", "executions_newest_first"])
def test_the_lazy_execution_listings_are_guarded_too(listing):
    """`failures`/`stats`/`list --since` list lazily: a repeated token ends them too."""
    import boto3
    from botocore.stub import Stubber

    from sfnctl.errors import Exit, SfnctlError

    client = boto3.client(
        "stepfunctions",
        region_name="us-east-1",
        aws_access_key_id="x",
        aws_secret_access_key="y",
    )
    sm = "arn:aws:states:us-east-1:123456789012:stateMachine:m"
    item = {
        "executionArn": "arn:aws:states:us-east-1:123456789012:execution:m:r",
        "stateMachineArn": sm,
        "name": "r",
        "status": "FAILED",
        "startDate": T0,
    }
    with Stubber(client) as stubber:
        for _ in range(2):
            stubber.add_response("list_executions", {"executions": [item], "nextToken": "same"})
        api = AwsApi(lambda service: client, workers=1)
        with pytest.raises(SfnctlError, match="repeated a page token") as raised:
            if listing == "executions":
                list(api.executions(state_machine_arn=sm))
            else:
                list(api.executions_newest_first(sm))
    assert raised.value.code is Exit.UNAVAILABLE
