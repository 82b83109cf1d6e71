"""The real Typer app, in-process, against a real local endpoint (moto's server, the durable
local runner, a loopback server): for actions whose prompt needs a terminal on stdin."""

from __future__ import annotations

import io
from dataclasses import dataclass, replace

from typer.testing import CliRunner

from sfnctl.app import app
from sfnctl.aws.api import AwsApi
from sfnctl.aws.config import AwsConfig
from sfnctl.context import Context
from tests.support.rendering import plain_console


@dataclass
class Outcome:
    exit_code: int
    stdout: str
    stderr: str


@dataclass
class Live:
    url: str
    stdin_tty: bool = False

    def context(self) -> Context:
        return Context(
            console_out=plain_console(),
            console_err=plain_console(),
            stdin_is_tty=lambda: self.stdin_tty,
            api_factory=lambda config, on_confirmed: AwsApi.for_local_emulator(
                self.config(config), on_confirmed
            ),
        )

    def config(self, given: AwsConfig) -> AwsConfig:
        """The command line's settings (--max-attempts…), pointed at this endpoint."""
        return replace(given, endpoint_url=self.url, region="us-east-1")

    def run(self, *args: str, input: str | None = None) -> Outcome:
        ctx = self.context()
        out = io.StringIO()
        ctx.stdout_write = out.write
        result = CliRunner().invoke(app, list(args), obj=ctx, input=input)
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        return Outcome(
            result.exit_code, out.getvalue() + ctx.out.export_text(), ctx.err.export_text()
        )
