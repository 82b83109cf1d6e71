"""State machines of every interesting shape, for `sfnctl demo` and the end-to-end tests.

Runs against any Step Functions endpoint through an AwsApi (in practice the local emulator).
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sfnctl.model.status import EXECUTION_TERMINAL

if TYPE_CHECKING:
    from sfnctl.aws.api import AwsApi

ROLE_ARN = "arn:aws:iam::123456789012:role/sfnctl-demo"


@dataclass(frozen=True)
class Scenario:
    name: str
    definition: dict[str, Any]
    input: dict[str, Any]
    expect: str  # the status the execution ends in
    abort: bool = False  # stopped with StopExecution once running


SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        "order-pipeline",
        {
            "Comment": "Succeeds: Pass, Choice, Succeed",
            "StartAt": "Validate",
            "States": {
                "Validate": {
                    "Type": "Pass",
                    "Result": {"valid": True},
                    "ResultPath": "$.check",
                    "Next": "IsValid",
                },
                "IsValid": {
                    "Type": "Choice",
                    "Choices": [
                        {"Variable": "$.check.valid", "BooleanEquals": True, "Next": "Done"}
                    ],
                    "Default": "Done",
                },
                "Done": {"Type": "Succeed"},
            },
        },
        {"orderId": "o-1001", "amount": 42.5},
        "SUCCEEDED",
    ),
    Scenario(
        "fetch-report",
        {
            "Comment": "A Task that fails for real, retries, is caught and routed to a Fail state",
            "StartAt": "FetchReport",
            "States": {
                "FetchReport": {
                    "Type": "Task",
                    "Resource": "arn:aws:states:::aws-sdk:s3:getObject",
                    "Parameters": {"Bucket": "sfnctl-demo-missing-bucket", "Key": "report.csv"},
                    "Retry": [
                        {
                            "ErrorEquals": ["States.ALL"],
                            "IntervalSeconds": 1,
                            "MaxAttempts": 2,
                            "BackoffRate": 1.0,
                        }
                    ],
                    "Catch": [
                        {
                            "ErrorEquals": ["States.ALL"],
                            "ResultPath": "$.error",
                            "Next": "ReportFailed",
                        }
                    ],
                    "End": True,
                },
                "ReportFailed": {
                    "Type": "Fail",
                    "Error": "ReportUnavailable",
                    "Cause": "The daily report could not be fetched from S3",
                },
            },
        },
        {"date": "2026-11-20"},
        "FAILED",
    ),
    Scenario(
        "nested-failure",
        {
            "Comment": "A Task fails deep inside Parallel → Map, is retried, caught at the top, "
            "and the execution ends in a Fail state after notifying",
            "StartAt": "Enrich",
            "States": {
                "Enrich": {
                    "Type": "Parallel",
                    "Next": "Publish",
                    "Catch": [
                        {
                            "ErrorEquals": ["States.ALL"],
                            "ResultPath": "$.error",
                            "Next": "NotifyOps",
                        }
                    ],
                    "Branches": [
                        {"StartAt": "Lookup", "States": {"Lookup": {"Type": "Pass", "End": True}}},
                        {
                            "StartAt": "Files",
                            "States": {
                                "Files": {
                                    "Type": "Map",
                                    "ItemsPath": "$.files",
                                    "End": True,
                                    "ItemProcessor": {
                                        "ProcessorConfig": {"Mode": "INLINE"},
                                        "StartAt": "Check",
                                        "States": {
                                            "Check": {
                                                "Type": "Choice",
                                                "Choices": [
                                                    {
                                                        "Variable": "$.missing",
                                                        "BooleanEquals": True,
                                                        "Next": "Download",
                                                    }
                                                ],
                                                "Default": "Skip",
                                            },
                                            "Skip": {"Type": "Pass", "End": True},
                                            "Download": {
                                                "Type": "Task",
                                                "Resource": "arn:aws:states:::aws-sdk:s3:getObject",
                                                "Parameters": {
                                                    "Bucket": "sfnctl-demo-missing-bucket",
                                                    "Key.$": "$.key",
                                                },
                                                "Retry": [
                                                    {
                                                        "ErrorEquals": ["States.ALL"],
                                                        "IntervalSeconds": 1,
                                                        "MaxAttempts": 1,
                                                        "BackoffRate": 1.0,
                                                    }
                                                ],
                                                "End": True,
                                            },
                                        },
                                    },
                                }
                            },
                        },
                    ],
                },
                "Publish": {"Type": "Succeed"},
                "NotifyOps": {"Type": "Pass", "Next": "EnrichFailed"},
                "EnrichFailed": {
                    "Type": "Fail",
                    "Error": "EnrichmentFailed",
                    "Cause": "Could not enrich the order",
                },
            },
        },
        {
            "files": [
                {"key": "a.csv", "missing": False},
                {"key": "b.csv", "missing": True},
                {"key": "c.csv", "missing": False},
            ]
        },
        "FAILED",
    ),
    Scenario(
        "fan-out",
        {
            "Comment": "Parallel branches",
            "StartAt": "FanOut",
            "States": {
                "FanOut": {
                    "Type": "Parallel",
                    "End": True,
                    "Branches": [
                        {"StartAt": "Price", "States": {"Price": {"Type": "Pass", "End": True}}},
                        {
                            "StartAt": "Pause",
                            "States": {"Pause": {"Type": "Wait", "Seconds": 1, "End": True}},
                        },
                    ],
                },
            },
        },
        {"sku": "A-1"},
        "SUCCEEDED",
    ),
    Scenario(
        "inline-map",
        {
            "Comment": "Inline Map over items",
            "StartAt": "EachItem",
            "States": {
                "EachItem": {
                    "Type": "Map",
                    "ItemsPath": "$.items",
                    "End": True,
                    "ItemProcessor": {
                        "ProcessorConfig": {"Mode": "INLINE"},
                        "StartAt": "Handle",
                        "States": {"Handle": {"Type": "Pass", "End": True}},
                    },
                },
            },
        },
        {"items": [1, 2, 3]},
        "SUCCEEDED",
    ),
    Scenario(
        "distributed-map",
        {
            "Comment": "Distributed Map: each item runs as a child execution of a map run",
            "StartAt": "Shards",
            "States": {
                "Shards": {
                    "Type": "Map",
                    "ItemsPath": "$.shards",
                    "Label": "shards",
                    "MaxConcurrency": 2,
                    "End": True,
                    "ItemProcessor": {
                        "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                        "StartAt": "Process",
                        "States": {"Process": {"Type": "Pass", "End": True}},
                    },
                },
            },
        },
        {"shards": ["a", "b", "c", "d"]},
        "SUCCEEDED",
    ),
    Scenario(
        "bad-path",
        {
            "Comment": "A runtime (JSONPath) error",
            "StartAt": "Pick",
            "States": {
                "Pick": {"Type": "Pass", "Parameters": {"id.$": "$.customer.id"}, "End": True}
            },
        },
        {"order": 7},
        "FAILED",
    ),
    Scenario(
        "slow-timeout",
        {
            "Comment": "Times out: the whole execution may take 1 s, the Wait takes 30 s",
            "StartAt": "TooSlow",
            "TimeoutSeconds": 1,
            "States": {"TooSlow": {"Type": "Wait", "Seconds": 30, "End": True}},
        },
        {},
        "TIMED_OUT",
    ),
    Scenario(
        "manual-abort",
        {
            "Comment": "Waits until an operator stops it",
            "StartAt": "AwaitApproval",
            "States": {"AwaitApproval": {"Type": "Wait", "Seconds": 3600, "End": True}},
        },
        {},
        "ABORTED",
        abort=True,
    ),
)


def run_scenarios(
    api: AwsApi, scenarios: tuple[Scenario, ...] = SCENARIOS, timeout: float = 60.0
) -> dict[str, dict[str, Any]]:
    """Create and run each scenario; wait for every execution to end. name → DescribeExecution."""
    sfn = api.sfn
    started: dict[str, str] = {}
    for scenario in scenarios:
        sm = sfn.create_state_machine(
            name=scenario.name, definition=json.dumps(scenario.definition), roleArn=ROLE_ARN
        )["stateMachineArn"]
        started[scenario.name] = sfn.start_execution(
            stateMachineArn=sm, name=f"{scenario.name}-1", input=json.dumps(scenario.input)
        )["executionArn"]
    aborts = {s.name for s in scenarios if s.abort}
    results: dict[str, dict[str, Any]] = {}
    deadline = time.monotonic() + timeout
    while len(results) < len(started) and time.monotonic() < deadline:
        for name, arn in started.items():
            if name in results:
                continue
            if name in aborts:
                sfn.stop_execution(
                    executionArn=arn,
                    error="Operator.Cancelled",
                    cause="Stopped from the sfnctl demo",
                )
                aborts.discard(name)
            described = api.describe_execution(arn)
            if described["status"] in EXECUTION_TERMINAL:
                results[name] = described
        time.sleep(0.2)
    missing = sorted(set(started) - set(results))
    if missing:
        raise TimeoutError(f"executions still running after {timeout:.0f}s: {missing}")
    return results


def run_again(
    api: AwsApi, name: str, inputs: list[dict[str, Any]], timeout: float = 60.0
) -> list[str]:
    """Start scenario `name`'s state machine (already created) once per input, one after the
    other, each waited for; their execution ARNs. The demo's `failures` needs a few alike."""
    sfn = api.sfn
    machine = next(
        m["stateMachineArn"]
        for m in sfn.list_state_machines()["stateMachines"]
        if m["name"] == name
    )
    arns: list[str] = []
    for number, payload in enumerate(inputs, 2):
        arn = sfn.start_execution(
            stateMachineArn=machine, name=f"{name}-{number}", input=json.dumps(payload)
        )["executionArn"]
        deadline = time.monotonic() + timeout
        while api.describe_execution(arn)["status"] not in EXECUTION_TERMINAL:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{arn} still running after {timeout:.0f}s")
            time.sleep(0.2)
        arns.append(arn)
    return arns
