"""Names wherever an ARN is expected, against a real moto server of our own with several state
machines and executions: `sfnctl list` lists them, the name forms print what the ARN forms
print, unknown/ambiguous names exit 3/2, the ARN's own region and partition win."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import boto3
import pytest

from sfnctl.demo.moto_server import MotoServer
from tests.support.cli import sfnctl

pytestmark = pytest.mark.e2e

ROLE = "arn:aws:iam::123456789012:role/sfnctl-names"
ORDERS = {
    "StartAt": "Check",
    "States": {
        "Check": {
            "Type": "Choice",
            "Choices": [{"Variable": "$.ok", "BooleanEquals": True, "Next": "Done"}],
            "Default": "Reject",
        },
        "Done": {"Type": "Succeed"},
        "Reject": {"Type": "Fail", "Error": "Order.Rejected", "Cause": "the order was rejected"},
    },
}
PASS = {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}
# (state machine, definition, [(execution name, input)] in start order: the last is the newest)
MACHINES: list[tuple[str, dict[str, Any], list[tuple[str, dict[str, Any]]]]] = [
    ("orders", ORDERS, [("o-1", {"ok": True}), ("o-2", {"ok": False}), ("o-3", {"ok": True})]),
    ("orders-audit", PASS, [("a-1", {})]),
    ("payments", ORDERS, [("p-1", {"ok": False}), ("p-2", {"ok": False})]),
    ("quiet", PASS, []),
]


@dataclass
class World:
    url: str
    machines: dict[str, str] = field(default_factory=dict)  # name → ARN
    executions: dict[str, str] = field(default_factory=dict)  # "sm/exec" → ARN
    cn_execution: str = ""

    def client(self, region: str = "us-east-1") -> Any:
        return boto3.client(
            "stepfunctions",
            endpoint_url=self.url,
            region_name=region,
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )

    def run(self, *args: str, **env: str | None) -> Any:
        return sfnctl(*args, endpoint=self.url, env=dict(env))  # type: ignore[arg-type]


def _finish(client: Any, arn: str, deadline: float) -> None:
    while time.monotonic() < deadline:
        if client.describe_execution(executionArn=arn)["status"] != "RUNNING":
            return
        time.sleep(0.05)
    raise TimeoutError(arn)


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    with MotoServer() as server:
        found = World(server.url)
        client = found.client()
        deadline = time.monotonic() + 60
        for name, definition, runs in MACHINES:
            arn = client.create_state_machine(
                name=name, definition=json.dumps(definition), roleArn=ROLE, publish=True
            )["stateMachineArn"]
            found.machines[name] = arn
            for run, given in runs:  # one at a time: start times are distinct and ordered
                started = client.start_execution(
                    stateMachineArn=arn, name=run, input=json.dumps(given)
                )["executionArn"]
                _finish(client, started, deadline)
                found.executions[f"{name}/{run}"] = started
        cn = found.client("cn-north-1")
        cn_machine = cn.create_state_machine(
            name="china", definition=json.dumps(PASS), roleArn=ROLE
        )["stateMachineArn"]
        found.cn_execution = cn.start_execution(stateMachineArn=cn_machine, name="c-1")[
            "executionArn"
        ]
        _finish(cn, found.cn_execution, deadline)
        yield found


def test_list_without_a_target_lists_the_state_machines(world: World) -> None:
    result = world.run("list", "--json")
    assert result.returncode == 0, result.stderr
    listed = json.loads(result.stdout)
    assert [m["name"] for m in listed] == ["orders", "orders-audit", "payments", "quiet"]
    assert set(listed[0]) == {"stateMachineArn", "name", "type", "creationDate"}
    assert listed[0]["stateMachineArn"] == world.machines["orders"]
    human = world.run("list")
    assert human.returncode == 0, human.stderr
    for name in ("orders-audit", "payments", "quiet", "STANDARD"):
        assert name in human.stdout
    assert "sfnctl list orders" in human.stderr  # the next step


@pytest.mark.parametrize(
    ("command", "name_form", "arn_of"),
    [
        (("list",), "orders", lambda w: w.machines["orders"]),
        (("list", "--json"), "orders", lambda w: w.machines["orders"]),
        (("describe",), "orders/o-2", lambda w: w.executions["orders/o-2"]),
        (("describe", "--json"), "payments/p-1", lambda w: w.executions["payments/p-1"]),
        (("why",), "orders@failed", lambda w: w.executions["orders/o-2"]),
        (("why", "--json"), "payments@failed", lambda w: w.executions["payments/p-2"]),
        (("history",), "orders@latest", lambda w: w.executions["orders/o-3"]),
        (("history", "--json"), "orders@latest", lambda w: w.executions["orders/o-3"]),
        (("list",), "orders:1", lambda w: w.machines["orders"] + ":1"),
    ],
)
def test_name_forms_print_what_the_arn_forms_print(
    world: World, command: tuple[str, ...], name_form: str, arn_of: Any
) -> None:
    by_name = world.run(command[0], name_form, *command[1:])
    by_arn = world.run(command[0], arn_of(world), *command[1:])
    assert by_arn.returncode == 0, by_arn.stderr
    assert (by_name.returncode, _steady(by_name.stdout)) == (0, _steady(by_arn.stdout))
    assert by_name.stdout.strip()


def _steady(text: str) -> str:
    """Output without the relative times (`(2s ago)`) that move between the two runs."""
    return re.sub(r"\([^()\n]* ago\)", "(… ago)", text)


def test_unknown_name_exits_3_with_the_closest_names(world: World) -> None:
    result = world.run("list", "order")
    assert result.returncode == 3
    assert "no state machine called 'order' in us-east-1" in result.stderr
    assert "Did you mean: orders" in result.stderr
    assert "orders-audit" in result.stderr
    assert world.run("describe", "paymants/p-1").returncode == 3
    missing = world.run("why", "quiet@latest")
    assert missing.returncode == 3
    assert "has no executions" in missing.stderr


def test_failing_counts_match_the_executions_served(world: World) -> None:
    result = world.run("list", "--failing", "--since", "1h", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert set(report) == {"window", "stateMachines"}
    assert set(report["window"]) == {"since", "until"}
    counts = {m["name"]: m["failures"] for m in report["stateMachines"]}
    zero = {"FAILED": 0, "TIMED_OUT": 0, "ABORTED": 0}
    assert counts == {
        "payments": {**zero, "FAILED": 2},
        "orders": {**zero, "FAILED": 1},
        "orders-audit": zero,
        "quiet": zero,
    }
    assert [m["name"] for m in report["stateMachines"]][:2] == ["payments", "orders"]
    human = world.run("list", "--failing")
    assert human.returncode == 0, human.stderr
    assert "sfnctl why payments@failed" in human.stdout + human.stderr


def test_list_name_glob_and_several_statuses(world: World) -> None:
    both = world.run(
        "list", "orders", "--status", "FAILED", "--status", "SUCCEEDED", "--since", "1h", "--json"
    )
    assert both.returncode == 0, both.stderr
    assert [e["name"] for e in json.loads(both.stdout)] == ["o-3", "o-2", "o-1"]
    named = world.run("list", "orders", "--name", "o-[12]", "--json")
    assert [e["name"] for e in json.loads(named.stdout)] == ["o-2", "o-1"]


@pytest.mark.parametrize("partition", ["aws", "aws-cn"])
def test_describe_with_the_region_only_in_the_arn(world: World, partition: str) -> None:
    arn = world.executions["orders/o-1"] if partition == "aws" else world.cn_execution
    assert arn.startswith(f"arn:{partition}:")
    result = world.run("describe", arn, "--json", AWS_DEFAULT_REGION=None, AWS_REGION=None)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["executionArn"] == arn
    assert "note:" not in result.stderr


def test_the_arns_region_wins_over_the_configured_one_with_a_note(world: World) -> None:
    arn = world.cn_execution
    result = world.run("describe", arn, "--json", AWS_DEFAULT_REGION="eu-west-1")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["executionArn"] == arn
    assert result.stderr.strip() == (
        "note: using region cn-north-1 from the ARN (the configured region is eu-west-1)"
    )


def test_names_join_the_cache_and_completion_offers_them(world: World, tmp_path: Any) -> None:
    cache = {"XDG_CACHE_HOME": str(tmp_path / "names-cache")}
    assert world.run("list", **cache).returncode == 0
    offered = world.run("__complete", "bash", "list", "pay", **cache)
    assert offered.stdout.splitlines() == ["payments"]
    # another endpoint (a real account): the emulator's names are not offered there
    elsewhere = sfnctl("__complete", "bash", "list", "pay", env={**cache, "AWS_ENDPOINT_URL": None})
    assert elsewhere.stdout == ""
