"""A real moto server on a free 127.0.0.1 port, with every demo scenario run once per session."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import boto3
import pytest

from sfnctl.demo.moto_server import MotoServer
from sfnctl.demo.scenarios import run_scenarios
from tests.support.cli import sfnctl

__all__ = ["sfnctl"]


@dataclass
class Emulator:
    url: str
    executions: dict[str, dict[str, Any]]

    def client(self) -> Any:
        return boto3.client(
            "stepfunctions",
            endpoint_url=self.url,
            region_name="us-east-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )

    def arn(self, scenario: str) -> str:
        return str(self.executions[scenario]["executionArn"])


@pytest.fixture(scope="session")
def emulator() -> Iterator[Emulator]:
    with MotoServer() as server:
        from sfnctl.aws.api import AwsApi
        from sfnctl.aws.config import AwsConfig

        api = AwsApi.for_local_emulator(AwsConfig(endpoint_url=server.url))
        yield Emulator(server.url, run_scenarios(api))


@dataclass
class Durable:
    """AWS's durable-execution local runner, with the scenario handlers behind it."""

    url: str
    executions: dict[str, str]  # function → execution ARN (the runner's opaque `ID/ID`)

    def client(self) -> Any:
        return boto3.client(
            "lambda",
            endpoint_url=self.url,
            region_name="us-east-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )


@pytest.fixture(scope="session")
def durable() -> Iterator[Durable]:
    from sfnctl.demo.durable_runner import DurableRunner, run_durable_scenarios

    with DurableRunner() as runner:
        yield Durable(runner.url, run_durable_scenarios(runner))
