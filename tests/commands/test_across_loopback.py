"""`failures` and `stats` through the real Typer app and the real AWS layer, against a loopback
server with the service's paging contract — throttled by a token bucket, with executions the
caller may not read — so nothing may be lost and nothing may fail the whole run."""

from __future__ import annotations

import io
import json
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from typer.testing import CliRunner

from sfnctl.app import app
from sfnctl.context import Context
from tests.support import fleet
from tests.support.history_server import HistoryServer
from tests.support.rendering import plain_console

NOW = datetime.fromtimestamp(fleet.T0 + 600, UTC)
GROUP_KEYS = [
    "state", "path", "error", "cause", "status", "count", "firstSeen", "lastSeen", "redrivable",
    "executionArns",
]  # fmt: skip
REPORT_KEYS = ["target", "window", "examined", "unreadable", "groups"]
TIMEOUT_CAUSE = "Task timed out after <n> seconds"
SHIP_CAUSE = (
    "Unhandled error RequestId: <uuid> while shipping arn:aws:states:us-east-1:123456789012:x:<id>"
)


def run(server: HistoryServer, *args: str) -> tuple[int, str, str]:
    ctx = Context(console_out=plain_console(), console_err=plain_console(), clock=lambda: NOW)
    out = io.StringIO()
    ctx.stdout_write = out.write
    argv = [*args, "--endpoint-url", server.url, "--max-attempts", "10"]
    result = CliRunner().invoke(app, argv, obj=ctx)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, out.getvalue() + ctx.out.export_text(), ctx.err.export_text()


@pytest.fixture(scope="module")
def throttled() -> Iterator[HistoryServer]:
    executions, listings = fleet.fleet(120)
    denied = frozenset(fleet.execution_arn(i) for i in (5, 17, 103))
    with HistoryServer(executions, listings=listings, bucket=(20, 200), denied=denied) as srv:
        yield srv


def _report(server: HistoryServer, *args: str) -> dict[str, Any]:
    code, out, err = run(server, "failures", fleet.SM, "--since", "1d", "--json", *args)
    assert code == 0, err
    report: dict[str, Any] = json.loads(out)
    return report


def test_failures_groups_everything_through_throttling_and_counts_unreadable(throttled) -> None:
    report = _report(throttled)
    assert list(report) == REPORT_KEYS
    assert report["target"] == fleet.SM
    assert report["examined"] == 120
    assert report["unreadable"] == 3
    groups = report["groups"]
    assert [list(g) for g in groups] == [GROUP_KEYS, GROUP_KEYS]
    expected = Counter(fleet.kind_of(i, True) for i in range(120) if i not in (5, 17, 103))
    charge, ship = groups
    assert (charge["state"], charge["path"], charge["error"], charge["cause"]) == (
        "Charge", ["Charge"], "States.Timeout", TIMEOUT_CAUSE,
    )  # fmt: skip
    assert (ship["state"], ship["error"], ship["cause"]) == ("Ship", "Lambda.Unknown", SHIP_CAUSE)
    assert (charge["count"], ship["count"]) == (expected["timeout"], expected["ship"])
    assert charge["status"] == ship["status"] == "FAILED"
    # The newest examples first; first/last seen span the group's stop times.
    assert charge["executionArns"] == [fleet.execution_arn(i) for i in (0, 1, 2)]
    assert ship["executionArns"] == [fleet.execution_arn(i) for i in (6, 7, 8)]
    assert charge["redrivable"] == charge["count"]
    assert charge["firstSeen"] < charge["lastSeen"]
    throttles = [f for f in throttled.faults if f[1] == "ThrottlingException"]
    assert throttles, "the token bucket never ran dry: this test proved nothing"


def test_failures_reads_only_the_tail_without_payloads(throttled) -> None:
    before = len(throttled.requests)
    _report(throttled, "--limit", "10")
    asked = throttled.requests[before:]
    histories = [r for r in asked if r["operation"] == "GetExecutionHistory"]
    assert {(r["reverseOrder"], r["includeExecutionData"]) for r in histories} == {(True, False)}
    assert len({r["executionArn"] for r in histories}) == 10
    assert not [r for r in asked if r["operation"] == "DescribeExecution"]


def test_limit_caps_and_says_so(throttled) -> None:
    code, out, err = run(throttled, "failures", fleet.SM, "--since", "1d", "--limit", "25")
    assert code == 0, err
    assert "25 failed executions examined (the newest 25; more in the window)" in out
    assert "Examined the newest 25 failed executions; more failed in the window." in err
    assert "2 of 25 executions could not be read" in err  # run-00005 and run-00017
    report = _report(throttled, "--limit", "25")
    assert report["examined"] == 25
    assert report["unreadable"] == 2
    assert sum(g["count"] for g in report["groups"]) == 23


def test_window_stops_at_the_first_older_execution(throttled) -> None:
    # one execution a minute back from T0: a 30-minute window (from NOW = T0 + 10 min) holds 21
    report = _report(throttled, "--since", "30m")
    assert report["examined"] == 21
    assert report["window"] == {
        "since": datetime.fromtimestamp(fleet.T0 - 1200, UTC).isoformat(),
        "until": NOW.isoformat(),
    }


@pytest.fixture(scope="module")
def mixed() -> Iterator[HistoryServer]:
    executions, listings = fleet.fleet(40, failed_only=False, padding=20)
    with HistoryServer(executions, listings=listings, bucket=(10, 200)) as srv:
        yield srv


def test_stats_last_n_counts_states_and_statuses(mixed) -> None:
    code, out, err = run(mixed, "stats", fleet.SM, "--last", "20", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert list(data) == ["executions", "statuses", "duration", "states"]
    kinds = Counter(fleet.kind_of(i, False) for i in range(20))
    assert data["executions"] == 20
    assert data["statuses"] == {"FAILED": kinds["timeout"] + kinds["ship"], "SUCCEEDED": 2}
    states = {s["state"]: s for s in data["states"]}
    assert states["Charge"]["runs"] == 20
    assert states["Charge"]["failed"] == kinds["timeout"]
    assert states["Ship"]["runs"] == kinds["ship"] + kinds["ok"]
    assert states["Step0"]["runs"] == 20
    assert [s["state"] for s in data["states"]][:2] == ["Charge", "Ship"]  # failing first
    assert all(isinstance(data["duration"][k], float) for k in ("p50", "p95", "max"))


def test_stats_rejects_since_with_last(mixed) -> None:
    code, _, err = run(mixed, "stats", fleet.SM, "--last", "5", "--since", "1h")
    assert code == 2
    assert "give --since or --last, not both" in err


MAP_RUN = "arn:aws:states:us-east-1:123456789012:mapRun:orders/shards:0b7c"


def test_failures_of_a_map_run_reads_every_child_without_a_default_window() -> None:
    executions, listings = fleet.fleet(30, spacing=86_400.0)  # one a day: 30 days of children
    with HistoryServer(executions, listings={MAP_RUN: listings[fleet.SM]}) as server:
        report = _report_of(server, MAP_RUN)
        assert report["window"] == {"since": None, "until": NOW.isoformat()}
        assert report["examined"] == 30
        assert sum(g["count"] for g in report["groups"]) == 30
        assert [g["redrivable"] for g in report["groups"]] == [0, 0]  # redriven by the parent
        lists = [r for r in server.requests if r["operation"] == "ListExecutions"]
        assert {r.get("mapRunArn") for r in lists} == {MAP_RUN}
        assert {r["statusFilter"] for r in lists} == {"FAILED", "TIMED_OUT", "ABORTED"}
        code, out, err = run(server, "stats", MAP_RUN, "--json")
        assert code == 0, err
        assert json.loads(out)["executions"] == 30  # every child, however old


def _report_of(server: HistoryServer, target: str) -> dict[str, Any]:
    code, out, err = run(server, "failures", target, "--json")
    assert code == 0, err
    report: dict[str, Any] = json.loads(out)
    return report


def test_hostile_causes_and_names_reach_the_terminal_escaped() -> None:
    from tests.support.hostile import EVIL, RAW_CONTROL

    executions, listings = fleet.fleet(3)
    for recorded in executions.values():
        for event in recorded["history"]:
            for details in event.values():
                if isinstance(details, dict) and "cause" in details:
                    details["cause"] = EVIL
                if isinstance(details, dict) and details.get("name") == "Charge":
                    details["name"] = EVIL
    with HistoryServer(executions, listings=listings) as server:
        code, out, err = run(server, "failures", fleet.SM, "--since", "1d")
        assert code == 0, err
        assert "[bold red]pwn[/bold red]" in out
        assert not RAW_CONTROL.search(out + err)
        code, out, err = run(server, "stats", fleet.SM, "--since", "1d")
        assert code == 0, err
        assert "[bold red]pwn[/bold red]" in out
        assert not RAW_CONTROL.search(out + err)
