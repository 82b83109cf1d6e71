"""`sfnctl failures TARGET`: what keeps failing — failed executions grouped by root cause."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any

import typer

from sfnctl.commands.across import (
    FAILED_STATUSES,
    FAN_OUT_KINDS,
    diagnose_online,
    fan_out_target,
    listed,
    parse_window,
    started,
    stopped,
    subject_of,
)
from sfnctl.commands.base import Command
from sfnctl.commands.options import FanOutTargetArg, JsonOpt, SinceOpt, UntilOpt, at_least_one
from sfnctl.context import Context
from sfnctl.model.arns import Kind
from sfnctl.present import Result

if TYPE_CHECKING:
    from rich.console import RenderableType

    from sfnctl.aws.api import AwsApi

DEFAULT_LIMIT = 1000


@dataclass(frozen=True, kw_only=True)
class FailuresOptions:
    target: str
    since: str | None = None
    until: str | None = None
    limit: int = DEFAULT_LIMIT
    as_json: bool = False


def failures(
    ctx: Context,
    target: FanOutTargetArg,
    since: SinceOpt = None,
    until: UntilOpt = None,
    limit: Annotated[
        int,
        typer.Option("--limit", "-n", min=1, help="Examine at most this many failed executions."),
    ] = DEFAULT_LIMIT,
    as_json: JsonOpt = False,
) -> Result:
    """What keeps failing: FAILED, TIMED_OUT and ABORTED executions grouped by root cause.

    Finds each execution's root cause as `why` does (tail first, no payloads) and groups them
    by state, error and cause — with run-to-run details (request ids, numbers, times) set aside.
    """
    options = FailuresOptions(target=target, since=since, until=until, limit=limit, as_json=as_json)
    return ctx.run(run, options)


@dataclass(frozen=True)
class _Read:
    """What one execution's history tail said (the history itself is not kept)."""

    root_cause: dict[str, Any] | None
    last_event_id: int | None


def _read(api: AwsApi, arn: str) -> _Read:
    newest: list[int] = []

    def first_page(page: list[dict[str, Any]]) -> None:
        if not newest:
            newest.append(max((int(e.get("id", 0)) for e in page), default=0))

    diagnosis = diagnose_online(api, arn, first_page)
    root = diagnosis.root_cause
    if root is None and diagnosis.terminal is not None:  # nothing ran: the execution's own end
        terminal = diagnosis.terminal
        state = terminal.get("state")
        root = {**terminal, "path": [state] if state else []}
    return _Read(root, newest[0] if newest else None)


class _Capped:
    """The first `limit` items; `more` says whether another one followed."""

    def __init__(self, items: Iterable[dict[str, Any]], limit: int) -> None:
        self._items = iter(items)
        self.limit = limit
        self.more = False

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for count, item in enumerate(self._items, 1):
            yield item
            if count >= self.limit:
                self.more = next(self._items, None) is not None
                return


def run(ctx: Context, opts: FailuresOptions) -> Result:
    from sfnctl.model.failures import FailureGroups, likely_redrivable, report_json
    from sfnctl.model.timewindow import DEFAULT_SINCE

    at_least_one("--limit", opts.limit)
    target = fan_out_target(ctx, opts.target, "failures")
    is_map_run = target.kind is Kind.MAP_RUN
    now = ctx.now()
    explicit = opts.since is not None or opts.until is not None
    span = parse_window(
        opts.since, opts.until, now, None if is_map_run and not explicit else DEFAULT_SINCE
    )
    api = ctx.fan_out_api
    capped = _Capped(listed(api, target, FAILED_STATUSES, span), opts.limit)
    groups = FailureGroups()
    examined = unreadable = 0
    with ctx.progress(None, "Reading failed executions") as advance:
        for item, read in api.each(capped, lambda i: _read(api, str(i["executionArn"]))):
            examined += 1
            advance()
            if not isinstance(read, _Read):
                unreadable += 1
                continue
            status = str(item.get("status", ""))
            groups.add_root_cause(
                str(item["executionArn"]),
                status,
                read.root_cause,
                start=started(item),
                stop=stopped(item),
                redrivable=likely_redrivable(
                    status,
                    stopped(item),
                    now,
                    last_event_id=read.last_event_id,
                    map_run_child=is_map_run,
                ),
            )
    window_json = span.as_json()
    data = report_json(target.text, window_json, examined, unreadable, groups)
    subject = subject_of(target)
    hints: list[str] = []
    if capped.more:
        hints.append(
            f"Examined the newest {opts.limit} failed executions; more failed in the window. "
            "Raise --limit (or narrow --since/--until) to see them all."
        )
    if unreadable:
        hints.append(
            f"{unreadable} of {examined} executions could not be read (throttled or denied "
            "after retries); they are not in the groups."
        )

    def view() -> RenderableType:
        from sfnctl.render.failures import render_failures

        return render_failures(
            groups.groups(),
            subject=subject,
            window=span,
            examined=examined,
            unreadable=unreadable,
            limited=opts.limit if capped.more else None,
        )

    return Result(data=data, view=view, hints=tuple(hints), code=0)


COMMAND = Command("failures", failures, accepts=FAN_OUT_KINDS)
