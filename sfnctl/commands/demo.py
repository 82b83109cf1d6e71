"""`sfnctl demo`: real executions on a local emulator, shown through sfnctl's own views."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Annotated

import typer

from sfnctl.commands import describe, failures, history, why
from sfnctl.commands.base import Command
from sfnctl.context import Context
from sfnctl.present import Result, present, show

if TYPE_CHECKING:
    from rich.console import RenderableType

    from sfnctl.demo.durable_runner import DurableRunner


@dataclass(frozen=True, kw_only=True)
class DemoOptions:
    serve: bool = False
    port: int = 0


def demo(
    ctx: Context,
    serve: Annotated[
        bool, typer.Option("--serve", help="Keep the emulator running to explore with sfnctl.")
    ] = False,
    port: Annotated[
        int, typer.Option("--port", min=0, max=65535, help="Emulator port (0: any free port).")
    ] = 0,
) -> Result:
    """Run real executions on a local emulator and show them (needs sfnctl\\[demo])."""
    return ctx.run(run, DemoOptions(serve=serve, port=port))


def _show(ctx: Context, command: str, result: Result) -> None:
    """One command of the tour: its command line as a rule, then its human output."""
    from rich.rule import Rule
    from rich.text import Text

    show(ctx, "")
    show(ctx, Rule(Text(f"$ {command}", style="bold"), align="left"))
    present(ctx, result, as_json=False)


def run(ctx: Context, opts: DemoOptions) -> Result:
    """The tour prints as it goes (it runs for as long as the emulators do with --serve)."""
    from sfnctl.demo.moto_server import MotoServer
    from sfnctl.demo.scenarios import SCENARIOS, run_scenarios

    ctx.hint(
        "Starting a local Step Functions emulator (moto) and AWS's Lambda durable-execution "
        "local runner on 127.0.0.1 …"
    )
    with (
        _stopping_on_signals(),
        MotoServer(port=opts.port) as server,
        _durable_runner(ctx) as runner,
    ):
        pointed = _pointed_at(ctx, server.url)
        ctx.hint(f"Running {len(SCENARIOS)} state machines (about 5 seconds) …")
        results = run_scenarios(pointed.api)
        executions = sorted(results.values(), key=lambda e: e["startDate"], reverse=True)
        failed = results["fetch-report"]["executionArn"]

        def listing() -> RenderableType:
            from sfnctl.render.executions import render_executions

            return render_executions(executions, ctx.now(), "Demo executions")

        _show(ctx, "sfnctl list  (every demo state machine)", Result(view=listing))
        _tour(pointed, ctx, failed)
        report = _failures_demo(pointed, ctx)
        durable_failed = _durable_demo(ctx, runner) if runner else None
        if not opts.serve:
            return Result(
                hints=("Emulators stopped. Run `sfnctl demo --serve` to keep them running.",)
            )
        commands = [
            "sfnctl list arn:aws:states:us-east-1:123456789012:stateMachine:fetch-report",
            f"sfnctl why {failed}",
            f"sfnctl failures {report}",
        ]
        if durable_failed:
            commands += ["sfnctl durable list payment-failure", f"sfnctl describe {durable_failed}"]
        try:
            _serve(ctx, server.url, runner.url if runner else None, commands)
        except KeyboardInterrupt:  # Ctrl-C, or SIGTERM/SIGHUP (see _stopping_on_signals)
            ctx.hint("Stopping the emulators.")
    return Result()


def _serve(ctx: Context, url: str, lambda_url: str | None, commands: list[str]) -> None:
    """Print how to point sfnctl (or the AWS CLI) at the emulators and what to try; wait until
    interrupted."""
    from rich.rule import Rule
    from rich.text import Text

    show(ctx, Rule("The emulators are running — in another shell:"))
    lines = [
        f"export AWS_ENDPOINT_URL={url}"
        + (f" AWS_ENDPOINT_URL_LAMBDA={lambda_url}" if lambda_url else "")
        # the AWS CLI v1 reads only AWS_DEFAULT_REGION; sfnctl and CLI v2 read either
        + " AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1"
        + " AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing",
        *commands,
    ]
    # soft_wrap: never break the lines people copy and paste
    show(ctx, Text("\n".join(lines), style="bold"), soft_wrap=True)
    ctx.hint("Press Ctrl-C to stop the emulators.")
    while True:
        time.sleep(1)


@contextlib.contextmanager
def _stopping_on_signals() -> Iterator[None]:
    """SIGTERM and SIGHUP end the demo the way Ctrl-C does — as KeyboardInterrupt, so the
    `with` blocks stop every emulator the demo started. Python's default for them kills the
    process at once and leaves moto, the durable runner and its function host running."""
    import signal
    import threading

    wanted = [getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set handlers (a test running the command in a thread)
        return

    def interrupt(signum: int, frame: object) -> None:
        for each in wanted:  # a second signal must not interrupt the clean-up itself
            signal.signal(each, signal.SIG_IGN)
        raise KeyboardInterrupt

    previous = {each: signal.signal(each, interrupt) for each in wanted}
    try:
        yield
    finally:
        for each, handler in previous.items():
            signal.signal(each, handler)


def _tour(pointed: Context, ctx: Context, failed: str) -> None:
    """describe, why, then history, of a failed execution (Step Functions or durable)."""
    shown = describe.run(pointed, describe.DescribeOptions(target=failed))
    _show(ctx, f"sfnctl describe {failed}", shown)
    explained = why.run(pointed, why.WhyOptions(target=failed))
    _show(ctx, f"sfnctl why {failed}", explained)
    timeline = history.run(pointed, history.HistoryOptions(target=failed))
    _show(ctx, f"sfnctl history {failed}", timeline)


def _failures_demo(pointed: Context, ctx: Context) -> str:
    """fetch-report fails twice more (each with its own S3 request id): `failures` shows one
    root cause, three executions. Returns the state machine's ARN."""
    from sfnctl.demo.scenarios import run_again

    ctx.hint("Failing fetch-report twice more …")
    arns = run_again(pointed.api, "fetch-report", [{"date": "2026-11-19"}, {"date": "2026-11-18"}])
    machine = arns[0].replace(":execution:", ":stateMachine:").rsplit(":", 1)[0]
    grouped = failures.run(pointed, failures.FailuresOptions(target=machine))
    _show(ctx, f"sfnctl failures {machine}", grouped)
    return machine


@contextlib.contextmanager
def _durable_runner(ctx: Context) -> Iterator[DurableRunner | None]:
    """AWS's durable-execution local runner, or None (with a hint) when it isn't installed."""
    from sfnctl.demo.durable_runner import DurableRunner
    from sfnctl.errors import Exit, SfnctlError

    try:
        runner = DurableRunner().start()
    except SfnctlError as error:
        if error.code is not Exit.USAGE:
            raise
        ctx.hint(f"Skipping Lambda durable executions: {error.message}. {error.hint or ''}")
        yield None
        return
    try:
        yield runner
    finally:
        runner.stop()


def _durable_demo(ctx: Context, runner: DurableRunner) -> str:
    """Run the durable functions; show list, describe and history of the failed one."""
    from sfnctl.commands.durable import listing
    from sfnctl.demo.durable_runner import SCENARIOS, run_durable_scenarios

    pointed = _pointed_at(ctx, runner.url)
    ctx.hint(f"Running {len(SCENARIOS)} Lambda durable functions on the local runner …")
    started = run_durable_scenarios(runner)
    show(ctx, "")
    show(ctx, SKIP_TIME_NOTE, style="dim")
    failed = started["payment-failure"]
    found = listing.run(pointed, listing.DurableListOptions(function="payment-failure"))
    _show(ctx, "sfnctl durable list payment-failure", found)
    _tour(pointed, ctx, failed)
    return failed


SKIP_TIME_NOTE = (
    "The durable-execution local runner skips waits and retry delays (--skip-time): its clock "
    'runs ahead of this one, so these executions end in the future ("ahead of this clock") '
    "and their durations include the skipped time — on AWS they are real time."
)


def _pointed_at(ctx: Context, url: str) -> Context:
    """The same context, its AWS calls going to a local emulator with dummy credentials."""
    from sfnctl.aws.api import AwsApi

    pointed = replace(ctx, options=replace(ctx.options, endpoint_url=url, region="us-east-1"))
    # the emulator's ARNs are throwaway: kept out of the completion cache
    return pointed.using_api(lambda config, _confirmed: AwsApi.for_local_emulator(config))


COMMAND = Command("demo", demo)
