"""`sfnctl why ARN`: what failed, why, and where — the terminal failure and its root cause."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sfnctl.context import Context
from sfnctl.diagnosis import Diagnosis, diagnose
from sfnctl.errors import STATUS_EXIT_CODES, Exit
from sfnctl.output import emit
from sfnctl.render.why import render_why


@dataclass(frozen=True)
class WhyOptions:
    target: str | None
    from_file: str | None = None
    as_json: bool = False
    exit_status: bool = False
    sample: int = 1000


def diagnose_online(ctx: Context, arn: str) -> Diagnosis:
    """Fetch the tail first (newest-first pages, no payloads) and stop once the answer is known;
    a 25,000-event history whose failure is near the end costs one request."""
    events: list[dict[str, Any]] = []
    diagnosis = diagnose(events, arn)
    for page in ctx.api.history_pages(arn, reverse=True, include_data=False):
        events.extend(page)
        diagnosis = diagnose(events, arn)
        if diagnosis.complete:
            break
    return diagnosis


def why_durable(ctx: Context, arn: str, opts: WhyOptions) -> int:
    """A durable execution: the failed step and its attempts, or what it was waiting on."""
    from sfnctl import durable as model
    from sfnctl.render.durable import render_durable_why

    execution = ctx.api.get_durable_execution(arn)
    history = model.build(ctx.api.durable_history(arn, include_data=False))
    diagnosis = model.diagnose(history, arn, str(execution.get("Status") or "") or None)
    emit(
        ctx,
        model.diagnosis_json(diagnosis),
        lambda: render_durable_why(diagnosis, history),
        as_json=opts.as_json,
    )
    if not opts.as_json:
        ctx.console_link(arn)
        ctx.hint(f"Every step, wait and callback: sfnctl durable history {arn}")
    if not opts.exit_status:
        return 0
    return STATUS_EXIT_CODES.get(diagnosis.status, int(Exit.UNEXPECTED))


def run_why(ctx: Context, opts: WhyOptions) -> int:
    from sfnctl import arns
    from sfnctl.commands.history import HistoryOptions, _execution_arn, read_saved

    if opts.from_file is None and opts.target:
        durable = arns.resolve(opts.target)
        if durable.kind is arns.Kind.DURABLE_EXECUTION:
            return why_durable(ctx, durable.text, opts)

    if opts.from_file is not None:
        events, _ = read_saved(opts.from_file, ctx.read_stdin)
        arn_text = opts.target
        diagnosis = diagnose(events, arn_text)
    else:
        arn = _execution_arn(ctx, HistoryOptions(opts.target), "why")
        arn_text = arn.text
        diagnosis = diagnose_online(ctx, arn.text)
    failures = None
    node = diagnosis.root_node
    if opts.from_file is None and node is not None and node.map_run_arn and node.failed:
        from sfnctl.commands.maprun import map_run_failures

        failures, _ = map_run_failures(ctx, node.map_run_arn, opts.sample)
    emit(
        ctx,
        diagnosis.as_json(failures),
        lambda: render_why(diagnosis, failures),
        as_json=opts.as_json,
    )
    if not opts.as_json and arn_text:
        ctx.console_link(arn_text)
    if not opts.as_json and arn_text and diagnosis.root_cause is not None:
        ctx.hint(f"To see the failing path: sfnctl history {arn_text} --view tree --failed")
    if not opts.exit_status:
        return 0
    return STATUS_EXIT_CODES.get(diagnosis.status, int(Exit.UNEXPECTED))
