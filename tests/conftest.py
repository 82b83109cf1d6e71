"""Shared fixtures: no test touches a real account, the user's home, or real colour/width."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber
from typer.testing import CliRunner

from sfnctl.app import app
from sfnctl.aws.api import AwsApi
from sfnctl.context import Context
from tests.support.rendering import NOW, WIDTH, plain_console

__all__ = ["NOW", "WIDTH"]  # fixtures only here; shared helpers live in tests/support/


@pytest.fixture(autouse=True)
def isolated_aws_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for key in list(os.environ):
        if key.startswith("AWS_") or key in ("NO_COLOR", "FORCE_COLOR"):
            monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "aws-credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("COLUMNS", str(WIDTH))


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str


@dataclass
class Harness:
    """The real Typer app, in-process, with a Context pointed at a Stubber-backed client."""

    client: Any
    stubber: Stubber
    stdin_tty: bool = False

    def context(self) -> Context:
        return Context(
            console_out=plain_console(),
            console_err=plain_console(),
            clock=lambda: NOW,
            stdin_is_tty=lambda: self.stdin_tty,
            api_factory=lambda config, on_confirmed: AwsApi(
                lambda service: self.client, workers=1, on_confirmed=on_confirmed
            ),
        )

    def run(self, *args: str, input: str | None = None) -> Result:
        ctx = self.context()
        out = io.StringIO()
        ctx.stdout_write = out.write
        result = CliRunner().invoke(app, list(args), obj=ctx, input=input)
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        stdout = out.getvalue() + ctx.out.export_text()
        return Result(result.exit_code, stdout, ctx.err.export_text())


@pytest.fixture
def stubbed() -> Iterator[Harness]:
    client = boto3.client("stepfunctions", region_name="us-east-1")
    with Stubber(client) as stubber:
        yield Harness(client, stubber)
        stubber.assert_no_pending_responses()


@pytest.fixture
def lambda_stubbed() -> Iterator[Harness]:
    """The same harness over a Stubber-validated `lambda` client (durable executions)."""
    client = boto3.client("lambda", region_name="us-east-1")
    with Stubber(client) as stubber:
        yield Harness(client, stubber)
        stubber.assert_no_pending_responses()
