"""The target resolver against botocore's Stubber (every request it makes is stubbed, so an
unexpected one fails the test) and `list --since` against a loopback server with the service's
paging contract."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from typing import Any

import pytest
from typer.testing import CliRunner

from sfnctl import arncache
from sfnctl.app import app
from sfnctl.aws.api import AwsApi
from sfnctl.aws.config import AwsConfig
from sfnctl.context import Context
from tests.support.history_server import SM, HistoryServer, listing
from tests.support.rendering import NOW, plain_console

ACCOUNT = "123456789012"
ORDERS = f"arn:aws:states:us-east-1:{ACCOUNT}:stateMachine:orders"
OTHER_ACCOUNT_ORDERS = "arn:aws:states:us-east-1:210987654321:stateMachine:orders"
EXEC = f"arn:aws:states:us-east-1:{ACCOUNT}:execution:orders:o-7"
STARTED = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def machine(arn: str, name: str) -> dict[str, Any]:
    return {"stateMachineArn": arn, "name": name, "type": "STANDARD", "creationDate": STARTED}


def execution(name: str, status: str, minute: int) -> dict[str, Any]:
    return {
        "executionArn": f"arn:aws:states:us-east-1:{ACCOUNT}:execution:orders:{name}",
        "stateMachineArn": ORDERS,
        "name": name,
        "status": status,
        "startDate": STARTED.replace(minute=minute),
    }


DESCRIBED = {
    "executionArn": EXEC,
    "stateMachineArn": ORDERS,
    "name": "o-7",
    "status": "SUCCEEDED",
    "startDate": STARTED,
    "stopDate": STARTED,
}


def test_a_cached_name_costs_no_listing(stubbed):
    arncache.remember([ORDERS])
    stubbed.stubber.add_response("describe_execution", DESCRIBED, {"executionArn": EXEC})
    result = stubbed.run("describe", "orders/o-7", "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["executionArn"] == EXEC  # no ListStateMachines was stubbed


def test_a_name_the_cache_lacks_is_listed_once_and_remembered(stubbed):
    stubbed.stubber.add_response(
        "list_state_machines",
        {"stateMachines": [machine(ORDERS, "orders"), machine(ORDERS + "-v2", "orders-v2")]},
        {"maxResults": 1000},
    )
    stubbed.stubber.add_response("describe_execution", DESCRIBED, {"executionArn": EXEC})
    assert stubbed.run("describe", "orders/o-7", "--json").exit_code == 0
    assert ORDERS in arncache.load()
    stubbed.stubber.add_response("describe_execution", DESCRIBED, {"executionArn": EXEC})
    assert stubbed.run("describe", "orders/o-7", "--json").exit_code == 0  # from the cache now


def test_alias_and_version_forms_name_the_qualified_arn(stubbed):
    arncache.remember([ORDERS])
    for qualifier in ("live", "3"):
        stubbed.stubber.add_response(
            "list_executions",
            {"executions": []},
            {"stateMachineArn": f"{ORDERS}:{qualifier}", "maxResults": 50},
        )
        result = stubbed.run("list", f"orders:{qualifier}", "--json")
        assert result.exit_code == 0, result.stderr
        assert json.loads(result.stdout) == []


def test_unknown_name_exits_3_with_the_closest(stubbed):
    stubbed.stubber.add_response(
        "list_state_machines",
        {"stateMachines": [machine(ORDERS, "orders"), machine(ORDERS + "-audit", "orders-audit")]},
        {"maxResults": 1000},
    )
    result = stubbed.run("why", "Orders@failed")
    assert result.exit_code == 3
    assert "no state machine called 'Orders' in us-east-1" in result.stderr
    assert "Did you mean: orders, orders-audit?" in result.stderr


def test_a_mistyped_latest_or_failed_is_suggested(stubbed):
    stubbed.stubber.add_response(
        "list_state_machines", {"stateMachines": [machine(ORDERS, "orders")]}, {"maxResults": 1000}
    )
    result = stubbed.run("describe", "orders@lastest")
    assert result.exit_code == 3
    assert "Did you mean: orders@latest or orders@failed? (not 'lastest')" in result.stderr


def test_a_bare_word_where_a_durable_execution_is_expected(lambda_stubbed):
    result = lambda_stubbed.run("durable", "describe", "bogus")
    assert result.exit_code == 2
    assert "needs a durable execution (FUNCTION/EXECUTION_NAME or its ARN)" in result.stderr
    assert "Lambda function ARN" not in result.stderr
    assert "sfnctl durable list bogus" in result.stderr


def test_ambiguous_name_exits_2_listing_the_candidates(stubbed):
    stubbed.stubber.add_response(
        "list_state_machines",
        {"stateMachines": [machine(ORDERS, "orders"), machine(OTHER_ACCOUNT_ORDERS, "orders")]},
        {"maxResults": 1000},
    )
    result = stubbed.run("list", "orders")
    assert result.exit_code == 2
    assert ORDERS in result.stderr
    assert OTHER_ACCOUNT_ORDERS in result.stderr


def test_failed_is_the_newest_of_the_failed_statuses(stubbed):
    arncache.remember([ORDERS])
    newest = {
        "FAILED": [execution("f-1", "FAILED", 5)],
        "TIMED_OUT": [execution("t-1", "TIMED_OUT", 9)],
        "ABORTED": [],
    }
    for status, items in newest.items():
        stubbed.stubber.add_response(
            "list_executions",
            {"executions": items, **({"nextToken": "more"} if items else {})},
            {"stateMachineArn": ORDERS, "maxResults": 1, "statusFilter": status},
        )
    chosen = execution("t-1", "TIMED_OUT", 9)["executionArn"]
    stubbed.stubber.add_response(
        "describe_execution",
        {**DESCRIBED, "executionArn": chosen, "name": "t-1"},
        {"executionArn": chosen},
    )
    result = stubbed.run("describe", "orders@failed", "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["executionArn"] == chosen


def test_several_statuses_are_merged_newest_first(stubbed):
    arncache.remember([ORDERS])
    served = {
        "FAILED": [execution("f-2", "FAILED", 30), execution("f-1", "FAILED", 10)],
        "ABORTED": [execution("a-1", "ABORTED", 20)],
    }
    for status, items in served.items():
        stubbed.stubber.add_response(
            "list_executions",
            {"executions": items},
            {"stateMachineArn": ORDERS, "maxResults": 1000, "statusFilter": status},
        )
    result = stubbed.run("list", "orders", "--status", "FAILED", "--status", "ABORTED", "--json")
    assert result.exit_code == 0, result.stderr
    assert [e["name"] for e in json.loads(result.stdout)] == ["f-2", "a-1", "f-1"]


def test_durable_function_by_name_and_execution_by_name(lambda_stubbed):
    fn = f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:payments"
    durable = f"{fn}:$LATEST/durable-execution/pay-1/0a1b"
    lambda_stubbed.stubber.add_response(
        "list_durable_executions_by_function",
        {
            "DurableExecutions": [
                {
                    "DurableExecutionArn": durable,
                    "DurableExecutionName": "pay-1",
                    "FunctionArn": fn,
                    "Status": "FAILED",
                    "StartTimestamp": STARTED,
                }
            ]
        },
        {"FunctionName": "payments", "DurableExecutionName": "pay-1", "MaxItems": 1},
    )
    lambda_stubbed.stubber.add_response(
        "get_durable_execution",
        {
            "DurableExecutionArn": durable,
            "DurableExecutionName": "pay-1",
            "FunctionArn": fn,
            "Status": "FAILED",
            "StartTimestamp": STARTED,
        },
        {"DurableExecutionArn": durable},
    )
    result = lambda_stubbed.run("durable", "describe", "payments/pay-1", "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["DurableExecutionArn"] == durable


def test_durable_functions_lists_only_durable_ones(lambda_stubbed):
    def function(name: str, durable: bool) -> dict[str, Any]:
        found: dict[str, Any] = {
            "FunctionName": name,
            "FunctionArn": f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:{name}",
            "Runtime": "python3.13",
        }
        if durable:
            found["DurableConfig"] = {"RetentionPeriodInDays": 7, "ExecutionTimeout": 900}
        return found

    lambda_stubbed.stubber.add_response(
        "list_functions",
        {"Functions": [function("resize", False), function("payments", True)], "NextMarker": "m"},
        {"MaxItems": 1000},
    )
    lambda_stubbed.stubber.add_response(
        "list_functions",
        {"Functions": [function("ledger", True)]},
        {"MaxItems": 1000, "Marker": "m"},
    )
    result = lambda_stubbed.run("durable", "functions", "--json")
    assert result.exit_code == 0, result.stderr
    assert [f["FunctionName"] for f in json.loads(result.stdout)] == ["ledger", "payments"]


def _run_against(url: str, *args: str) -> tuple[int, str, str]:
    ctx = Context(
        console_out=plain_console(),
        console_err=plain_console(),
        clock=lambda: NOW,
        api_factory=lambda config, on_confirmed: AwsApi.for_local_emulator(
            AwsConfig(endpoint_url=url, region="us-east-1"), on_confirmed=on_confirmed
        ),
    )
    out = io.StringIO()
    ctx.stdout_write = out.write
    result = CliRunner().invoke(app, list(args), obj=ctx)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, out.getvalue() + ctx.out.export_text(), ctx.err.export_text()


@pytest.mark.parametrize(("inside", "pages"), [(1500, 2), (999, 1), (1000, 2)])
def test_since_fetches_no_page_past_the_window(inside: int, pages: int):
    served = listing(2_500)  # newest first, one second apart
    since = datetime.fromtimestamp(served[inside - 1]["startDate"], UTC).isoformat()
    with HistoryServer({}, listings={SM: served}) as server:
        code, stdout, stderr = _run_against(
            server.url, "list", SM, "--since", since, "--all", "--json"
        )
        requests = [r for r in server.requests if r["operation"] == "ListExecutions"]
    assert code == 0, stderr
    assert [e["name"] for e in json.loads(stdout)] == [e["name"] for e in served[:inside]]
    assert len(requests) == pages  # the page holding the first older execution is the last
    assert all(r["maxResults"] == 1000 for r in requests)


def test_the_cache_is_kept_per_endpoint_and_profile(monkeypatch):
    emulator = arncache.origin("http://127.0.0.1:5000/", None)
    arncache.remember([ORDERS], emulator)
    assert arncache.load(emulator) == [ORDERS]
    assert arncache.load() == []  # AWS itself, the default profile: another file
    assert arncache.load(arncache.origin("http://127.0.0.1:5000", "ops")) == []
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:5000")
    assert arncache.load() == [ORDERS]  # the environment names the same origin
    assert arncache.origin(None, "default") == arncache.origin("http://127.0.0.1:5000", None)


def test_completion_reads_the_cache_of_the_endpoint_on_the_line():
    from sfnctl.completion import answer

    arncache.remember([ORDERS], arncache.origin("http://127.0.0.1:5000", None))
    assert answer(["bash", "--endpoint-url", "http://127.0.0.1:5000", "list", "ord"]) == "orders\n"
    assert answer(["bash", "--endpoint-url=http://127.0.0.1:5000", "list", "ord"]) == "orders\n"
    assert answer(["bash", "list", "ord"]) == ""


def test_failing_counts_match_the_executions_served_and_stop_at_the_window():
    statuses = ("FAILED", "TIMED_OUT", "ABORTED", "SUCCEEDED")
    busy = [{**item, "status": statuses[i % 4]} for i, item in enumerate(listing(6_000))]
    calm_arn = SM.replace(":busy", ":calm")
    inside = 1_500
    since = datetime.fromtimestamp(busy[inside - 1]["startDate"], UTC).isoformat()
    with HistoryServer({}, listings={SM: busy, calm_arn: []}) as server:
        code, stdout, stderr = _run_against(
            server.url, "list", "--failing", "--since", since, "--json"
        )
        requests = [r for r in server.requests if r["operation"] == "ListExecutions"]
    assert code == 0, stderr
    report = json.loads(stdout)
    expected = {s: sum(1 for e in busy[:inside] if e["status"] == s) for s in statuses[:3]}
    assert report["stateMachines"][0]["name"] == "busy"
    assert report["stateMachines"][0]["failures"] == expected
    assert report["stateMachines"][1]["failures"] == dict.fromkeys(statuses[:3], 0)
    assert report["window"]["since"].startswith(since[:19])
    busy_requests = [r for r in requests if r["stateMachineArn"] == SM]
    # 1,500 per status are served on two pages; the window ends inside the first
    assert sorted(r["statusFilter"] for r in busy_requests) == sorted(statuses[:3])
    assert not any("nextToken" in r for r in busy_requests)


def test_list_json_is_the_apis_state_machines_by_name(stubbed):
    served = [machine(ORDERS + "-v2", "orders-v2"), machine(ORDERS, "orders")]
    stubbed.stubber.add_response(
        "list_state_machines", {"stateMachines": served, "nextToken": "t"}, {"maxResults": 1000}
    )
    stubbed.stubber.add_response(
        "list_state_machines",
        {"stateMachines": [machine(ORDERS + "-z", "zeta")]},
        {"maxResults": 1000, "nextToken": "t"},
    )
    result = stubbed.run("list", "--json")
    assert result.exit_code == 0, result.stderr
    listed = json.loads(result.stdout)
    assert [m["name"] for m in listed] == ["orders", "orders-v2", "zeta"]  # every page
    assert listed[0] == {
        "stateMachineArn": ORDERS,
        "name": "orders",
        "type": "STANDARD",
        "creationDate": "2026-11-20T09:00:00+00:00",
    }  # contract: the API's keys, nothing added
