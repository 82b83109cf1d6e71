"""`sfnctl why ARN`: what failed, why, and where — the terminal failure and its root cause."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sfnctl.commands.across import diagnose_online
from sfnctl.commands.base import Command
from sfnctl.commands.inputs import execution_arn, read_saved
from sfnctl.commands.options import (
    ExitStatusOpt,
    FromFileOpt,
    JsonOpt,
    OptionalArnArg,
    SampleOpt,
    at_least_one,
)
from sfnctl.context import Context
from sfnctl.model import arns
from sfnctl.model.status import exit_code_of
from sfnctl.present import Result

if TYPE_CHECKING:
    from rich.console import RenderableType


@dataclass(frozen=True, kw_only=True)
class WhyOptions:
    target: str | None
    from_file: str | None = None
    as_json: bool = False
    exit_status: bool = False
    sample: int = 1000


def why(
    ctx: Context,
    arn: OptionalArnArg = None,
    from_file: FromFileOpt = None,
    as_json: JsonOpt = False,
    exit_status: ExitStatusOpt = False,
    sample: SampleOpt = 1000,
) -> Result:
    """What failed, why, and where: the terminal failure and the root cause behind it.

    Sees through retries, Catch handlers and Parallel/Map nesting; for a Distributed Map run
    that exceeded its tolerated failures, groups the failed children by error. A Lambda
    durable-execution ARN: the step that failed with its attempts, or what it waited on.
    """
    options = WhyOptions(
        target=arn, from_file=from_file, as_json=as_json, exit_status=exit_status, sample=sample
    )
    return ctx.run(run, options)


def why_durable(ctx: Context, arn: str, opts: WhyOptions) -> Result:
    """A durable execution: the failed step and its attempts, or what it was waiting on."""
    from sfnctl.model import durable as model

    execution = ctx.api.get_durable_execution(arn)
    history = model.build(ctx.api.durable_history(arn, include_data=False))
    diagnosis = model.diagnose(history, arn, str(execution.get("Status") or "") or None)

    def view() -> RenderableType:
        from sfnctl.render.durable import render_durable_why

        return render_durable_why(diagnosis, history)

    return Result(
        data=model.diagnosis_json(diagnosis),
        view=view,
        link=arn,
        hints=()
        if opts.as_json
        else (f"Every step, wait and callback: sfnctl durable history {arn}",),
        code=exit_code_of(diagnosis.status, opts.exit_status),
    )


def run(ctx: Context, opts: WhyOptions) -> Result:
    from sfnctl.model.diagnosis import diagnose

    at_least_one("--sample", opts.sample)
    if opts.from_file is None and opts.target:
        durable = arns.resolve(opts.target)
        if durable.kind is arns.Kind.DURABLE_EXECUTION:
            return why_durable(ctx, durable.text, opts)
    if opts.from_file is not None:
        events, _ = read_saved(opts.from_file, ctx.read_stdin)
        arn_text = opts.target
        diagnosis = diagnose(events, arn_text)
    else:
        arn_text = execution_arn(opts.target, "why").text
        diagnosis = diagnose_online(ctx.api, arn_text)
    failures = None
    node = diagnosis.root_node
    if opts.from_file is None and node is not None and node.map_run_arn and node.failed:
        from sfnctl.commands.maprun.show import map_run_failures

        failures, _ = map_run_failures(ctx, node.map_run_arn, opts.sample)

    def view() -> RenderableType:
        from sfnctl.render.why import render_why

        return render_why(diagnosis, failures)

    hints: tuple[str, ...] = ()
    if not opts.as_json and arn_text and diagnosis.root_cause is not None:
        hints = (f"To see the failing path: sfnctl history {arn_text} --view tree --failed",)
    return Result(
        data=diagnosis.as_json(failures),
        view=view,
        link=arn_text or None,
        hints=hints,
        code=exit_code_of(diagnosis.status, opts.exit_status),
    )


COMMAND = Command(
    "why", why, accepts=(*arns.EXECUTION_KINDS, arns.Kind.DURABLE_EXECUTION), exports=True
)
