"""Lambda durable executions end to end: real `@durable_execution` handlers behind AWS's
durable-execution local runner (dex-local-runner), read by the real `sfnctl` entry point.

`--json` is held equal to what a stock boto3 client answers for the same calls.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from sfnctl.output import jsonable
from tests.e2e.conftest import Durable
from tests.support.cli import sfnctl

pytestmark = pytest.mark.e2e

FUNCTIONS = ["order-pipeline", "payment-failure", "fan-out", "await-approval"]
OUTCOMES = {"order-pipeline": 0, "payment-failure": 10, "fan-out": 0, "await-approval": 20}


def boto3_history(client: Any, arn: str, **params: Any) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = []
    marker = None
    while True:
        extra = {"Marker": marker} if marker else {}
        page = client.get_durable_execution_history(DurableExecutionArn=arn, **params, **extra)
        events.extend(page["Events"])
        marker = page.get("NextMarker")
        if not marker:
            return events


def run_json(durable: Durable, *args: str) -> Any:
    result = sfnctl(*args, "--json", endpoint=durable.url)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return json.loads(result.stdout)


@pytest.mark.parametrize("function", FUNCTIONS)
def test_describe_json_equals_boto3(durable: Durable, function: str) -> None:
    arn = durable.executions[function]
    expected = durable.client().get_durable_execution(DurableExecutionArn=arn)
    assert run_json(durable, "durable", "describe", arn) == jsonable(expected)
    # `sfnctl describe` routes a durable execution here, with the same JSON
    assert run_json(durable, "describe", arn) == jsonable(expected)


@pytest.mark.parametrize("function", FUNCTIONS)
@pytest.mark.parametrize(
    ("flags", "params"),
    [
        ((), {"IncludeExecutionData": True}),
        (("--no-data",), {"IncludeExecutionData": False}),
        (("--reverse",), {"IncludeExecutionData": True, "ReverseOrder": True}),
    ],
)
def test_history_json_equals_boto3(
    durable: Durable, function: str, flags: tuple[str, ...], params: dict[str, Any]
) -> None:
    arn = durable.executions[function]
    expected = jsonable(boto3_history(durable.client(), arn, **params))
    assert run_json(durable, "durable", "history", arn, *flags) == expected
    assert run_json(durable, "history", arn, *flags) == expected


def test_history_keeps_step_payloads_raw_in_json(durable: Durable) -> None:
    events = run_json(durable, "durable", "history", durable.executions["order-pipeline"])
    results = [
        e["StepSucceededDetails"]["Result"]["Payload"]
        for e in events
        if e["EventType"] == "StepSucceeded"
    ]
    assert json.loads(results[0])["t"] == "m"  # the SDK's envelope, untouched


def test_jsonl_is_one_event_per_line(durable: Durable) -> None:
    arn = durable.executions["payment-failure"]
    result = sfnctl("durable", "history", arn, "--jsonl", endpoint=durable.url)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    expected = jsonable(boto3_history(durable.client(), arn, IncludeExecutionData=True))
    assert [json.loads(line) for line in lines] == expected


@pytest.mark.parametrize("function", FUNCTIONS)
def test_list_json_equals_boto3(durable: Durable, function: str) -> None:
    expected = durable.client().list_durable_executions_by_function(FunctionName=function)
    found = run_json(durable, "durable", "list", function)
    assert found == jsonable(expected["DurableExecutions"])
    assert [item["DurableExecutionArn"] for item in found] == [durable.executions[function]]


def test_list_status_filter_holds_even_where_the_runner_ignores_it(durable: Durable) -> None:
    # The local runner reads `StatusFilter`, not the API's `Statuses`, so it answers every
    # execution; sfnctl checks the filter on what comes back.
    assert run_json(durable, "durable", "list", "payment-failure", "--status", "SUCCEEDED") == []
    failed = run_json(durable, "durable", "list", "payment-failure", "--status", "failed")
    assert [item["Status"] for item in failed] == ["FAILED"]


@pytest.mark.parametrize("function", FUNCTIONS)
def test_exit_status(durable: Durable, function: str) -> None:
    arn = durable.executions[function]
    for args in (("durable", "describe", arn), ("describe", arn), ("describe", arn, "--json")):
        result = sfnctl(*args, "--exit-status", endpoint=durable.url)
        assert result.returncode == OUTCOMES[function], (args, result.stderr)
        assert "Traceback" not in result.stderr


def test_describe_failed_human(durable: Durable) -> None:
    arn = durable.executions["payment-failure"]
    result = sfnctl("describe", arn, endpoint=durable.url, env={"COLUMNS": "200"})
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "✖ FAILED  charge-2231  (durable execution)" in out
    assert "payment-failure  version $LATEST" in out
    assert "card ending 4242 declined for 42 USD (attempt 3)" in out
    assert '"customer": "c-9"' in out  # the input, pretty-printed
    assert f"sfnctl durable history {arn}" in result.stderr


def test_history_human_shows_attempts_retry_delays_and_decoded_payloads(
    durable: Durable,
) -> None:
    arn = durable.executions["payment-failure"]
    result = sfnctl("history", arn, endpoint=durable.url, env={"COLUMNS": "200"})
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "charge-card" in out and "3 attempts" in out
    for attempt, delay in ((1, "retry in 2s"), (2, "retry in 4s")):
        line = next(x for x in out.splitlines() if f"attempt {attempt} " in x)
        assert "✖ FAILED" in line and "PaymentDeclinedError" in line and delay in line
    assert "no more retries" in out
    assert '→ {"customer": "c-9"}' in out  # decoded from {"t":"m","v":{...}}
    assert '"t":' not in out
    assert "Failed in step charge-card after 3 attempts" in out
    assert (
        result.stdout
        == sfnctl("durable", "history", arn, endpoint=durable.url, env={"COLUMNS": "200"}).stdout
    )


def test_history_human_nesting_and_waits(durable: Durable) -> None:
    wide = {"COLUMNS": "200"}
    fan = sfnctl(
        "durable", "history", durable.executions["fan-out"], endpoint=durable.url, env=wide
    )
    assert fan.returncode == 0, fan.stderr
    rows = [line for line in fan.stdout.splitlines() if "measure-" in line or "map-item" in line]
    assert any("  measure-items map " in r and "3 items: 3 succeeded" in r for r in rows)
    assert any("    map-item-0" in r and "map iteration" in r for r in rows)
    assert any("      measure-0" in r and '→ {"item": "a", "size": 10}' in r for r in rows)
    order = sfnctl("durable", "history", durable.executions["order-pipeline"], endpoint=durable.url)
    assert "cool-off" in order.stdout and "30.0s until" in order.stdout
    assert "invocation 4 ended" in order.stdout
    approval = sfnctl(
        "durable", "history", durable.executions["await-approval"], endpoint=durable.url, env=wide
    )
    assert "manager-approval wait for callback" in approval.stdout
    assert "▶ RUNNING" in approval.stdout


def test_failed_filter(durable: Durable) -> None:
    arn = durable.executions["payment-failure"]
    result = sfnctl("durable", "history", arn, "--failed", endpoint=durable.url)
    assert result.returncode == 0, result.stderr
    assert "charge-card" in result.stdout and "load-customer" not in result.stdout
    events = run_json(durable, "durable", "history", arn, "--failed")
    assert {e["EventType"] for e in events} == {"StepFailed", "ExecutionFailed"}


def test_list_human(durable: Durable) -> None:
    result = sfnctl("durable", "list", "payment-failure", endpoint=durable.url)
    assert result.returncode == 0, result.stderr
    assert "charge-2231" in result.stdout and "✖ FAILED" in result.stdout
    assert "$LATEST" in result.stdout
    assert f"sfnctl durable describe {durable.executions['payment-failure']}" in result.stderr


# The runner's ids are UUID/UUID; `word/word` reads as FUNCTION/EXECUTION_NAME (issue 14).
NO_SUCH = "00000000-0000-4000-8000-000000000000/00000000-0000-4000-8000-000000000001"


@pytest.mark.parametrize(
    "args",
    [
        ("durable", "describe", NO_SUCH),
        ("describe", NO_SUCH),
        ("durable", "history", NO_SUCH),
        ("history", NO_SUCH, "--json"),
    ],
)
def test_not_found_is_exit_3_with_one_line(durable: Durable, args: tuple[str, ...]) -> None:
    # The runner answers 404 `{"Type": "ResourceNotFoundException", "Message": …}` with no
    # error-type header; sfnctl maps it as it would Lambda's typed error.
    result = sfnctl(*args, endpoint=durable.url)
    assert result.returncode == 3
    assert result.stdout == ""
    first, *rest = result.stderr.splitlines()
    assert first.startswith("error: GetDurableExecution")
    assert f"ResourceNotFoundException for {NO_SUCH}" in first
    assert "Durable Execution does not exist" in first
    assert "Traceback" not in result.stderr and len(rest) <= 1


def test_a_durable_execution_by_function_and_name(durable: Durable) -> None:
    listed = sfnctl("durable", "list", "payment-failure", "--json", endpoint=durable.url)
    newest = json.loads(listed.stdout)[0]
    by_name = f"payment-failure/{newest['DurableExecutionName']}"
    result = sfnctl("durable", "describe", by_name, "--json", endpoint=durable.url)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["DurableExecutionArn"] == newest["DurableExecutionArn"]
    missing = sfnctl("durable", "describe", "payment-failure/no-such", endpoint=durable.url)
    assert missing.returncode == 3
    assert "no durable execution called 'no-such' of function 'payment-failure'" in missing.stderr


def test_history_watch_streams_until_the_end(durable: Durable) -> None:
    from sfnctl.demo.durable_runner import DurableRunner

    runner = DurableRunner(port=int(durable.url.rsplit(":", 1)[1]))
    arn = runner.start_execution("payment-failure", "watched-1", {"amount": 7})
    result = sfnctl("durable", "history", arn, "--watch", "--interval", "0.2", "--jsonl",
                    endpoint=durable.url, timeout=60)  # fmt: skip
    assert result.returncode == 0, result.stderr
    events = [json.loads(line) for line in result.stdout.splitlines()]
    assert [e["EventId"] for e in events] == list(range(1, len(events) + 1))
    assert events[-1]["EventType"] == "ExecutionFailed"
    text = sfnctl("history", arn, "--watch", "--interval", "0.2", endpoint=durable.url)
    assert text.returncode == 0, text.stderr
    lines = text.stdout.splitlines()
    assert "ExecutionStarted" in lines[0] and "✖ ExecutionFailed" in lines[-1]
    assert any("retry in 2s" in line and "PaymentDeclinedError" in line for line in lines)


def test_why_durable_failed_step_and_its_attempts(durable: Durable) -> None:
    arn = durable.executions["payment-failure"]
    data = run_json(durable, "why", arn)
    assert (data["status"], data["failedOperation"]["name"]) == ("FAILED", "charge-card")
    attempts = data["failedOperation"]["attempts"]
    assert [a["number"] for a in attempts] == [1, 2, 3]
    assert attempts[-1]["error"]["ErrorMessage"].endswith("(attempt 3)")
    human = sfnctl("why", arn, "--exit-status", endpoint=durable.url, env={"COLUMNS": "200"})
    assert human.returncode == 10, human.stderr
    assert "charge-card" in human.stdout and "3 (all failed)" in human.stdout


def test_why_durable_running_names_the_callback_it_waits_on(durable: Durable) -> None:
    arn = durable.executions["await-approval"]
    data = run_json(durable, "why", arn)
    events = boto3_history(durable.client(), arn)
    (started,) = [e for e in events if e["EventType"] == "CallbackStarted"]
    assert data["status"] == "RUNNING" and data["failedOperation"] is None
    assert data["waitingOn"][0]["callbackId"] == started["CallbackStartedDetails"]["CallbackId"]


def _start_timing_out(durable: Durable) -> str:
    """An await-approval execution with a 1 s timeout; returns its ARN once TIMED_OUT."""
    import time
    import urllib.request

    from sfnctl.demo.durable_runner import ACCOUNT

    body = {
        "AccountId": ACCOUNT,
        "FunctionName": "await-approval",
        "FunctionQualifier": "$LATEST",
        "ExecutionName": "approval-timeout",
        "ExecutionTimeoutSeconds": 1,
        "ExecutionRetentionPeriodDays": 7,
        "Input": json.dumps({"request": "r-6"}),
    }
    request = urllib.request.Request(
        durable.url + "/start-durable-execution",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        arn = str(json.loads(response.read())["ExecutionArn"])
    client = durable.client()
    deadline = time.monotonic() + 60
    while client.get_durable_execution(DurableExecutionArn=arn)["Status"] == "RUNNING":
        assert time.monotonic() < deadline, "the execution never timed out"
        time.sleep(0.1)
    return arn


def test_why_and_history_of_a_timed_out_durable_execution(durable: Durable) -> None:
    arn = _start_timing_out(durable)
    data = run_json(durable, "why", arn)
    assert data["status"] == "TIMED_OUT" and data["failedOperation"] is None
    (waiting,) = data["waitingOn"]
    assert (waiting["type"], waiting["status"]) == ("Callback", "TIMED_OUT")
    wide = {"COLUMNS": "200"}
    why = sfnctl("why", arn, endpoint=durable.url, env=wide)
    assert "Timed out while waiting on" in why.stdout
    assert waiting["callbackId"] in "".join(why.stdout.replace("│", " ").split())
    history = sfnctl("durable", "history", arn, endpoint=durable.url, env=wide)
    assert history.returncode == 0, history.stderr
    assert "RUNNING" not in history.stdout and "Failed" not in history.stdout
    describe = sfnctl("durable", "describe", arn, endpoint=durable.url, env=wide)
    assert "Which step failed" not in describe.stderr
    assert "so far" not in describe.stdout


@pytest.mark.parametrize(
    ("command", "needle"),
    [("describe", "card ending 4242"), ("history", "charge-card")],
)
def test_durable_describe_and_history_export_pictures(
    durable: Durable, tmp_path, command: str, needle: str
) -> None:
    arn = durable.executions["payment-failure"]
    svg, html = tmp_path / "view.svg", tmp_path / "view.html"
    result = sfnctl(
        "durable", command, arn, "--export-svg", str(svg), "--export-html", str(html),
        endpoint=durable.url,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert needle in result.stdout
    assert needle.replace(" ", "&#160;") in svg.read_text()
    assert needle in html.read_text()
    assert f"Saved {svg}" in result.stderr and f"Saved {html}" in result.stderr
