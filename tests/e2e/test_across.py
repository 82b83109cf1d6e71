"""`failures`, `stats` and `diff` against moto's server: real executions of one state machine,
several failing the same way with different request ids, one succeeding before them."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest

from sfnctl.model.status import EXECUTION_TERMINAL
from tests.e2e.conftest import Emulator, sfnctl

pytestmark = pytest.mark.e2e

ROLE = "arn:aws:iam::123456789012:role/sfnctl-tests"
DEFINITION = {
    "StartAt": "Route",
    "States": {
        "Route": {
            "Type": "Choice",
            "Choices": [{"Variable": "$.ok", "BooleanEquals": True, "Next": "Done"}],
            "Default": "Fetch",
        },
        "Fetch": {
            "Type": "Task",
            "Resource": "arn:aws:states:::aws-sdk:s3:getObject",
            "Parameters": {"Bucket": "sfnctl-tests-missing-bucket", "Key.$": "$.key"},
            "End": True,
        },
        "Done": {"Type": "Succeed"},
    },
}
RUNS = [("ok-1", True), ("bad-1", False), ("bad-2", False), ("bad-3", False)]


def _wait(client: Any, arn: str) -> None:
    deadline = time.monotonic() + 60
    while client.describe_execution(executionArn=arn)["status"] not in EXECUTION_TERMINAL:
        assert time.monotonic() < deadline, f"{arn} still running"
        time.sleep(0.1)


@pytest.fixture(scope="module")
def checkout(emulator: Emulator) -> dict[str, str]:
    """name → execution ARN; each started after the previous one ended (a stable order)."""
    client = emulator.client()
    sm = client.create_state_machine(
        name="checkout", definition=json.dumps(DEFINITION), roleArn=ROLE
    )["stateMachineArn"]
    arns = {"sm": sm}
    for name, ok in RUNS:
        arn = client.start_execution(
            stateMachineArn=sm, name=name, input=json.dumps({"ok": ok, "key": f"{name}.csv"})
        )["executionArn"]
        _wait(client, arn)
        arns[name] = arn
    return arns


def test_failures_groups_the_three_by_root_cause(emulator: Emulator, checkout) -> None:
    result = sfnctl("failures", checkout["sm"], "--json", endpoint=emulator.url)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert (report["target"], report["examined"], report["unreadable"]) == (checkout["sm"], 3, 0)
    [group] = report["groups"]
    assert (group["state"], group["path"], group["error"], group["status"]) == (
        "Fetch", ["Fetch"], "s3.NoSuchBucketException", "FAILED"
    )  # fmt: skip
    assert group["cause"].startswith("The specified bucket does not exist")
    assert "Request ID: <id>" in group["cause"]
    assert group["count"] == 3
    assert group["executionArns"] == [checkout["bad-3"], checkout["bad-2"], checkout["bad-1"]]


def test_failures_table_names_the_example_to_look_at(emulator: Emulator, checkout) -> None:
    result = sfnctl("failures", checkout["sm"], endpoint=emulator.url, env={"COLUMNS": "100"})
    assert result.returncode == 0, result.stderr
    assert "3 failed executions examined · 1 root cause" in result.stdout
    assert f"sfnctl why {checkout['bad-3']}" in result.stdout


def test_stats_counts_statuses_and_states(emulator: Emulator, checkout) -> None:
    result = sfnctl("stats", checkout["sm"], "--json", endpoint=emulator.url)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["executions"] == 4
    assert data["statuses"] == {"FAILED": 3, "SUCCEEDED": 1}
    states = {s["state"]: s for s in data["states"]}
    assert (states["Route"]["runs"], states["Fetch"]["runs"], states["Done"]["runs"]) == (4, 3, 1)
    assert states["Fetch"]["failed"] == 3
    assert data["states"][0]["state"] == "Fetch"  # the failing state leads


def test_diff_defaults_to_the_last_success_before(emulator: Emulator, checkout) -> None:
    result = sfnctl("diff", checkout["bad-2"], "--json", endpoint=emulator.url)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert list(data) == ["a", "b", "divergence", "states", "input", "output"]
    assert (data["a"], data["b"]) == (checkout["bad-2"], checkout["ok-1"])
    assert data["divergence"]["state"] == "Fetch"
    assert data["divergence"]["a"]["status"] == "FAILED"
    assert data["divergence"]["b"] is None
    assert [(c["path"], c["op"], c["a"], c["b"]) for c in data["input"]] == [
        ("$.key", "changed", "bad-2.csv", "ok-1.csv"),
        ("$.ok", "changed", False, True),
    ]
    assert [row["state"] for row in data["states"]] == ["Route", "Fetch", "Done"]


def test_diff_of_the_first_execution_has_nothing_before_it(emulator: Emulator, checkout) -> None:
    result = sfnctl("diff", checkout["ok-1"], endpoint=emulator.url)
    assert result.returncode == 3
    assert "no SUCCEEDED execution of" in result.stderr
