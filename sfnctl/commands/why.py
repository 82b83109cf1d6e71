"""`sfnctl why ARN`: what failed, why, and where — the terminal failure and its root cause."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Annotated, Any

import typer

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
from sfnctl.errors import SfnctlError
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
    logs: bool = False


WHY_LOG_LINES = 20  # per failed attempt under `why --logs` (`sfnctl logs --tail N` for more)


def why(
    ctx: Context,
    arn: OptionalArnArg = None,
    from_file: FromFileOpt = None,
    as_json: JsonOpt = False,
    exit_status: ExitStatusOpt = False,
    sample: SampleOpt = 1000,
    logs: Annotated[
        bool,
        typer.Option(
            "--logs",
            help=f"Also the failed Lambda attempts' CloudWatch Logs (last {WHY_LOG_LINES} "
            "lines each; sfnctl logs for more).",
        ),
    ] = False,
) -> Result:
    """What failed, why, and where: the terminal failure and the root cause behind it.

    Sees through retries, Catch handlers and Parallel/Map nesting; for a Distributed Map run
    that exceeded its tolerated failures, groups the failed children by error. A Lambda
    durable-execution ARN: the step that failed with its attempts, or what it waited on.
    """
    options = WhyOptions(
        target=arn,
        from_file=from_file,
        as_json=as_json,
        exit_status=exit_status,
        sample=sample,
        logs=logs,
    )
    return ctx.run(run, options)


def why_durable(ctx: Context, arn: str, opts: WhyOptions) -> Result:
    """A durable execution: the failed step and its attempts, or what it was waiting on."""
    from sfnctl.model import durable as model

    execution = ctx.api.get_durable_execution(arn)
    history = model.build(ctx.api.durable_history(arn, include_data=False))
    diagnosis = model.diagnose(history, arn, str(execution.get("Status") or "") or None)

    log_entries, log_hints = _durable_logs(ctx, arn, opts)

    def view() -> RenderableType:
        from sfnctl.render.durable import render_durable_why

        answer = render_durable_why(diagnosis, history)
        if not log_entries:
            return answer
        from rich.console import Group

        from sfnctl.commands.logs import logs_view

        return Group(answer, "", logs_view(log_entries))

    data = model.diagnosis_json(diagnosis)
    if opts.logs:
        from sfnctl.commands.logs import public

        data["logs"] = [public(e) for e in log_entries]
    return Result(
        data=data,
        view=view,
        link=arn,
        notes=tuple(model.callback_notes(model.waiting_callbacks(history))),
        hints=log_hints
        + (
            ()
            if opts.as_json
            else (f"Every step, wait and callback: sfnctl durable history {arn}",)
        ),
        code=exit_code_of(diagnosis.status, opts.exit_status),
    )


def run(ctx: Context, opts: WhyOptions) -> Result:
    from sfnctl.model.diagnosis import diagnose

    at_least_one("--sample", opts.sample)
    if opts.from_file is None and opts.target:
        from sfnctl.commands.targets import resolve

        target = resolve(
            ctx,
            opts.target,
            accepts=(*arns.EXECUTION_KINDS, arns.Kind.DURABLE_EXECUTION),
            command="why",
        )
        if target.kind is arns.Kind.DURABLE_EXECUTION:
            return why_durable(ctx, target.text, opts)
        opts = replace(opts, target=target.text)
    express_hints: tuple[str, ...] = ()
    express_events: list[dict[str, Any]] | None = None
    if opts.from_file is not None:
        events, _ = read_saved(opts.from_file, ctx.read_stdin)
        arn_text = opts.target
        diagnosis = diagnose(events, arn_text)
    else:
        target = execution_arn(ctx, opts.target, "why")
        arn_text = target.text
        if target.kind is arns.Kind.EXPRESS_EXECUTION:
            from sfnctl.commands import express

            read = express.read_history(ctx, target)
            diagnosis = diagnose(read.events, arn_text)
            express_hints = read.hints
            express_events = read.events
        else:
            diagnosis = diagnose_online(ctx.api, arn_text)
    failures = None
    node = diagnosis.root_node
    if opts.from_file is None and node is not None and node.map_run_arn and node.failed:
        from sfnctl.commands.maprun.show import map_run_failures

        failures, _ = map_run_failures(ctx, node.map_run_arn, opts.sample)

    log_entries, log_hints = _logs(ctx, arn_text, opts, express_events)

    def view() -> RenderableType:
        from sfnctl.render.why import render_why

        answer = render_why(diagnosis, failures)
        if not log_entries:
            return answer
        from rich.console import Group

        from sfnctl.commands.logs import logs_view

        return Group(answer, "", logs_view(log_entries))

    hints: tuple[str, ...] = ()
    if not opts.as_json and arn_text and diagnosis.root_cause is not None:
        hints = (f"To see the failing path: sfnctl history {arn_text} --view tree --failed",)
    data = diagnosis.as_json(failures)
    if opts.logs:
        from sfnctl.commands.logs import public

        data["logs"] = [public(e) for e in log_entries]
    return Result(
        data=data,
        view=view,
        link=arn_text or None,
        hints=express_hints + hints + log_hints,
        code=exit_code_of(diagnosis.status, opts.exit_status),
    )


def _logs(
    ctx: Context, arn: str | None, opts: WhyOptions, events: list[dict[str, Any]] | None = None
) -> tuple[list[dict[str, Any]], tuple[str, ...]]:
    """--logs: the failed attempts' logs; anything unreadable is one line, never a failure."""
    if not opts.logs:
        return [], ()
    if opts.from_file is not None or not arn:
        return [], ("--logs needs an execution ARN (a saved history has no log window).",)
    from sfnctl.commands.logs import execution_logs

    try:
        entries = execution_logs(ctx, arn, all_attempts=False, tail=WHY_LOG_LINES, events=events)
    except SfnctlError as error:
        return [], (f"Logs: not read ({error.message}).",)
    if not entries:
        return [], ("Logs: no failed Lambda attempts in this execution.",)
    return entries, ()


def _durable_logs(
    ctx: Context, arn: str, opts: WhyOptions
) -> tuple[list[dict[str, Any]], tuple[str, ...]]:
    """--logs of a durable execution: each invocation's logs; unreadable → one line."""
    if not opts.logs:
        return [], ()
    from sfnctl.commands.logs import durable_logs

    try:
        return durable_logs(ctx, arn, tail=WHY_LOG_LINES), ()
    except SfnctlError as error:
        return [], (f"Logs: not read ({error.message}).",)


COMMAND = Command(
    "why", why, accepts=(*arns.EXECUTION_KINDS, arns.Kind.DURABLE_EXECUTION), exports=True
)
