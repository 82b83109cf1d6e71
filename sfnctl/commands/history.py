"""`sfnctl history ARN`: every event of an execution."""

from __future__ import annotations

from dataclasses import dataclass

from sfnctl import arns
from sfnctl.arns import Kind
from sfnctl.context import Context
from sfnctl.errors import usage
from sfnctl.output import emit
from sfnctl.render.events import render_events


@dataclass(frozen=True)
class HistoryOptions:
    target: str
    reverse: bool = False
    include_data: bool = True
    as_json: bool = False


def run_history(ctx: Context, opts: HistoryOptions) -> None:
    arn = arns.resolve(opts.target)
    if arn.kind is Kind.DURABLE_EXECUTION:
        raise usage(
            f"Lambda durable executions are not supported by this sfnctl yet: {arn.text}",
            hint="Use: aws lambda get-durable-execution-history --durable-execution-arn ARN",
        )
    arns.require(arn, arns.EXECUTION_KINDS, "history")
    events = ctx.api.get_execution_history(
        arn.text, reverse=opts.reverse, include_data=opts.include_data
    )
    title = f"History of {arn.owner}:{arn.name} ({len(events):,} events"
    title += ", newest first)" if opts.reverse else ")"
    emit(ctx, events, lambda: render_events(events, title), as_json=opts.as_json)
