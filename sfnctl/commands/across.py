"""What the commands that look across executions share (`why`, `failures`, `diff`, `stats`):
the tail-first diagnosis, the fan-out target (a state machine or a map run), `--since/--until`
windows and the newest-first listing that stops paging at the window's start."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sfnctl.errors import usage
from sfnctl.model import arns
from sfnctl.model.arns import Kind

if TYPE_CHECKING:
    from sfnctl.aws.api import AwsApi
    from sfnctl.context import Context
    from sfnctl.model.diagnosis import Diagnosis
    from sfnctl.model.timewindow import Window

FAN_OUT_KINDS = (*arns.STATE_MACHINE_KINDS, Kind.MAP_RUN)
FAILED_STATUSES = ("FAILED", "TIMED_OUT", "ABORTED")


def diagnose_online(
    api: AwsApi, arn: str, on_page: Callable[[list[dict[str, Any]]], object] | None = None
) -> Diagnosis:
    """Fetch the tail first (newest-first pages, no payloads) and stop once the answer is known;
    a 25,000-event history whose failure is near the end costs one request. `on_page` sees
    each page as it arrives."""
    from sfnctl.model.diagnosis import diagnose

    events: list[dict[str, Any]] = []
    diagnosis = diagnose(events, arn)
    for page in api.history_pages(arn, reverse=True, include_data=False):
        if on_page is not None:
            on_page(page)
        events.extend(page)
        diagnosis = diagnose(events, arn)
        if diagnosis.complete:
            break
    return diagnosis


def fan_out_target(ctx: Context, text: str, command: str) -> arns.Arn:
    """A state machine (NAME, NAME:VERSION, NAME:ALIAS or its ARN), or a Map Run ARN for its
    child executions — through the one target resolver."""
    from sfnctl.commands.targets import resolve

    return resolve(ctx, text, accepts=FAN_OUT_KINDS, command=command)


def parse_window(
    since: str | None, until: str | None, now: datetime, default_since: timedelta | None
) -> Window:
    """`--since/--until` as a Window; a malformed time is a usage error (exit 2)."""
    from sfnctl.model.timewindow import WindowError, window

    try:
        return window(since, until, now, default_since)
    except WindowError as error:
        raise usage(error.message) from None


def listed(
    api: AwsApi, target: arns.Arn, statuses: tuple[str, ...] | None, span: Window
) -> Iterator[dict[str, Any]]:
    """The target's executions (of `statuses`; None: all) started inside `span`, newest first;
    one lazy listing per status, merged; paging stops at the first one older than the window."""
    from sfnctl.model.timewindow import in_window, merge_newest_first

    is_map_run = target.kind is Kind.MAP_RUN

    def stream(status: str | None) -> Iterator[dict[str, Any]]:
        return api.executions(
            state_machine_arn=None if is_map_run else target.text,
            map_run_arn=target.text if is_map_run else None,
            status=status,
        )

    streams = [stream(s) for s in statuses] if statuses else [stream(None)]
    merged = streams[0] if len(streams) == 1 else merge_newest_first(streams, started)
    return in_window(merged, span, started)


def started(item: dict[str, Any]) -> datetime | None:
    value = item.get("startDate")
    return value if isinstance(value, datetime) else None


def stopped(item: dict[str, Any]) -> datetime | None:
    value = item.get("stopDate")
    return value if isinstance(value, datetime) else None


def subject_of(target: arns.Arn) -> str:
    """`state machine orders`, `map run orders/…` — for titles and messages."""
    what = "map run" if target.kind is Kind.MAP_RUN else str(target.kind)
    return f"{what} {target.owner}" + (f":{target.qualifier}" if target.qualifier else "")
