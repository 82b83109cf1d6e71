"""`sfnctl demo`: real executions on a local emulator, shown through sfnctl's own views."""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

from rich.rule import Rule
from rich.text import Text

from sfnctl.commands.describe import DescribeOptions, run_describe
from sfnctl.commands.history import HistoryOptions, run_history
from sfnctl.context import Context
from sfnctl.render.executions import render_executions


@dataclass(frozen=True)
class DemoOptions:
    serve: bool = False
    port: int = 0


def run_demo(ctx: Context, opts: DemoOptions) -> None:
    from sfnctl.aws import AwsApi
    from sfnctl.emulator import MotoServer
    from sfnctl.scenarios import SCENARIOS, run_scenarios

    ctx.hint("Starting a local Step Functions emulator (moto) on 127.0.0.1 …")
    with MotoServer(port=opts.port) as server:
        demo = replace(
            ctx,
            options=replace(ctx.options, endpoint_url=server.url, region="us-east-1"),
            api_factory=AwsApi.for_local_emulator,
            _api=None,
        )
        ctx.hint(f"Running {len(SCENARIOS)} state machines (about 5 seconds) …")
        results = run_scenarios(demo.api)
        executions = sorted(results.values(), key=lambda e: e["startDate"], reverse=True)
        failed = results["fetch-report"]["executionArn"]

        _command(ctx, "sfnctl list  (every demo state machine)")
        ctx.out.print(render_executions(executions, ctx.now(), "Demo executions"))
        _command(ctx, f"sfnctl describe {failed}")
        run_describe(demo, DescribeOptions(failed))
        _command(ctx, f"sfnctl history {failed}")
        run_history(demo, HistoryOptions(failed))
        if not opts.serve:
            ctx.hint("Emulator stopped. Run `sfnctl demo --serve` to keep it running and explore.")
            return
        ctx.out.print(Rule("The emulator is running — in another shell:"))
        ctx.out.print(
            Text(
                f"export AWS_ENDPOINT_URL={server.url} AWS_REGION=us-east-1 "
                f"AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing\n"
                f"sfnctl list arn:aws:states:us-east-1:123456789012:stateMachine:fetch-report\n"
                f"sfnctl describe {failed}",
                style="bold",
            ),
            soft_wrap=True,  # never break the lines people copy and paste
        )
        ctx.hint("Press Ctrl-C to stop the emulator.")
        try:
            while True:
                time.sleep(1)
        except KeyboardInterrupt:
            ctx.hint("Stopping the emulator.")


def _command(ctx: Context, command: str) -> None:
    ctx.out.print()
    ctx.out.print(Rule(Text(f"$ {command}", style="bold"), align="left"))
