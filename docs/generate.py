"""Regenerate the pictures in docs/ from the demo emulators (what README shows):

    python -m docs.generate

Starts moto and AWS's durable-execution local runner like `sfnctl demo`, runs the demo
scenarios, and saves sfnctl's own views with --export-svg (100 columns, colour forced).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sfnctl.aws.api import AwsApi
from sfnctl.aws.config import AwsConfig
from sfnctl.demo.durable_runner import DurableRunner, run_durable_scenarios
from sfnctl.demo.moto_server import MotoServer
from sfnctl.demo.scenarios import run_scenarios

HERE = Path(__file__).parent


def main() -> None:
    with MotoServer() as moto, DurableRunner() as runner:
        executions = run_scenarios(AwsApi.for_local_emulator(AwsConfig(endpoint_url=moto.url)))
        durable = run_durable_scenarios(runner)
        env = dict(
            os.environ,
            AWS_ENDPOINT_URL=moto.url,
            AWS_ENDPOINT_URL_LAMBDA=runner.url,
            AWS_REGION="us-east-1",
            AWS_ACCESS_KEY_ID="testing",
            AWS_SECRET_ACCESS_KEY="testing",
            FORCE_COLOR="1",
            COLUMNS="100",
        )
        env.pop("NO_COLOR", None)
        nested = executions["nested-failure"]["executionArn"]
        pictures = {
            "describe.svg": ["describe", executions["fetch-report"]["executionArn"]],
            "why.svg": ["why", nested],
            "history-tree.svg": ["history", nested, "--view", "tree"],
            "history-timeline.svg": ["history", nested, "--view", "timeline"],
            "durable-history.svg": ["history", durable["payment-failure"]],
        }
        for name, argv in pictures.items():
            path = HERE / name
            subprocess.run(
                [sys.executable, "-m", "sfnctl", *argv, "--export-svg", str(path)],
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
            )
            print(f"wrote {path}")


if __name__ == "__main__":
    main()
