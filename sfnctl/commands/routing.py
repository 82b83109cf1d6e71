"""Routing by ARN kind, in one place: `describe` and `history` take the other kinds of ARN
they can show and hand them to the command that shows that kind — a map run to `maprun show`,
a durable execution to `durable describe` / `durable history` — translating the options."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sfnctl.errors import usage
from sfnctl.model import arns
from sfnctl.model.arns import Kind

if TYPE_CHECKING:
    from sfnctl.commands.describe import DescribeOptions
    from sfnctl.commands.history import HistoryOptions
    from sfnctl.context import Context
    from sfnctl.present import Result

DESCRIBE_ROUTES = (Kind.MAP_RUN, Kind.DURABLE_EXECUTION)
HISTORY_ROUTES = (Kind.DURABLE_EXECUTION,)


def describe_other_kind(ctx: Context, arn: arns.Arn, opts: DescribeOptions) -> Result | None:
    """A map run or durable execution, shown by its own command; None for the rest."""
    if arn.kind is Kind.MAP_RUN:
        from sfnctl.commands.maprun import show

        return show.run(
            ctx,
            show.MapRunShowOptions(
                target=arn.text, as_json=opts.as_json, watch=opts.watch, interval=opts.interval
            ),
        )
    if arn.kind is Kind.EXPRESS_EXECUTION:
        from sfnctl.commands import express

        if opts.watch:
            raise usage("--watch follows Step Functions' history; an Express execution's is logged")
        return express.describe(ctx, arn, exit_status=opts.exit_status)
    if arn.kind is Kind.DURABLE_EXECUTION:
        from sfnctl.commands.durable import describe as durable_describe

        if opts.metadata_only:
            raise usage("--metadata-only is for Step Functions executions, not durable ones")
        return durable_describe.run(
            ctx,
            durable_describe.DurableDescribeOptions(
                target=arn.text,
                as_json=opts.as_json,
                exit_status=opts.exit_status,
                watch=opts.watch,
                interval=opts.interval,
            ),
        )
    return None


def history_other_kind(ctx: Context, arn: arns.Arn, opts: HistoryOptions) -> Result | None:
    """A durable-execution ARN: its timeline (`sfnctl durable history`); an Express execution:
    its history from CloudWatch Logs; None for the rest."""
    if arn.kind is Kind.EXPRESS_EXECUTION:
        return _express_history(ctx, arn, opts)
    if arn.kind is not Kind.DURABLE_EXECUTION:
        return None
    from sfnctl.commands.durable import history as durable_history

    unsupported = [
        flag
        for flag, given in (
            ("--view", opts.view != "events"),
            ("--state", bool(opts.states)),
            ("--type", bool(opts.types)),
            ("--expand-all", opts.expand_all),
        )
        if given
    ]
    if unsupported:
        raise usage(
            f"{', '.join(unsupported)} is for Step Functions histories; a durable execution's "
            "history has one view, its timeline",
            hint=f"Run: sfnctl durable history {arn.text}  (--failed, --json, --jsonl work)",
        )
    options = durable_history.DurableHistoryOptions(
        target=arn.text,
        reverse=opts.reverse,
        include_data=opts.include_data,
        failed=opts.failed,
        as_json=opts.as_json,
        jsonl=opts.jsonl,
        watch=opts.watch,
        interval=opts.interval,
    )
    return durable_history.run(ctx, options)


def _express_history(ctx: Context, arn: arns.Arn, opts: HistoryOptions) -> Result:
    from dataclasses import replace

    from sfnctl.commands import express
    from sfnctl.commands.history import show

    if opts.watch:
        raise usage("--watch follows Step Functions' history; an Express execution's is logged")
    read = express.read_history(ctx, arn)
    events = list(reversed(read.events)) if opts.reverse else read.events
    shown = show(ctx, events, f"History of {arn.owner}:{arn.name} (from CloudWatch Logs)", opts)
    return replace(shown, hints=(*shown.hints, *read.hints))
