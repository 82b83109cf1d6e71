"""`--watch`: follow an execution or map run until it reaches a terminal status.

On a terminal, a live view (rich Live, redrawn after every poll) shows the latest state with a
footer saying when it was fetched; when the watched thing ends, the live view is replaced by the
command's normal, complete output, which stays on screen. When stdout is not a terminal nothing
is drawn while waiting and only the final result is printed (`history` streams new events as
they arrive instead — see sfnctl.commands.history). Ctrl-C stops with exit 130.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from sfnctl.context import Context
from sfnctl.model.status import STILL_GOING

if TYPE_CHECKING:
    from rich.console import RenderableType

T = TypeVar("T")

DEFAULT_INTERVAL = 5.0


def watch(
    ctx: Context,
    *,
    fetch: Callable[[], T],
    done: Callable[[T], bool],
    view: Callable[[T], RenderableType],
    interval: float,
    live: bool = True,
    sleep: Callable[[float], object] = time.sleep,
) -> T:
    """Poll `fetch` every `interval` seconds until `done`; return the last result.

    With `live` and a terminal on stdout, `view` of each result is shown in place meanwhile.
    """
    current = fetch()
    if done(current) or not (live and ctx.interactive):
        while not done(current):
            sleep(interval)
            current = fetch()
        return current
    from rich.console import Group
    from rich.live import Live
    from rich.text import Text

    def frame(data: T) -> RenderableType:
        stamp = ctx.now().strftime("%H:%M:%S UTC")
        footer = Text(
            f"watching · fetched {stamp} · every {interval:g}s until it ends · Ctrl-C to stop",
            style="dim",
        )
        return Group(view(data), footer)

    with Live(frame(current), console=ctx.out, transient=True, auto_refresh=False) as display:
        while not done(current):
            sleep(interval)
            current = fetch()
            display.update(frame(current), refresh=True)
    return current


def follow(
    ctx: Context,
    fetch: Callable[[], dict[str, Any]],
    view: Callable[[dict[str, Any]], RenderableType],
    *,
    interval: float,
    live: bool,
    status_key: str = "status",
) -> dict[str, Any]:
    """`watch` an execution, map run or durable execution until its status is final."""
    return watch(
        ctx,
        fetch=fetch,
        done=lambda found: found.get(status_key) not in STILL_GOING,
        view=view,
        interval=interval,
        live=live,
    )


def stream_new_events(
    fetch: Callable[[], list[dict[str, Any]]],
    *,
    id_key: str,
    ended: Callable[[list[dict[str, Any]]], bool],
    write: Callable[[list[dict[str, Any]], list[dict[str, Any]]], object],
    interval: float,
    sleep: Callable[[float], object] = time.sleep,
) -> None:
    """Off a terminal: poll the whole history, hand each batch of events not seen yet to
    `write(new, whole)`, stop once `ended(whole)`."""
    last = 0
    while True:
        events = fetch()
        new = [e for e in events if _event_id(e.get(id_key)) > last]
        if new:
            last = max(_event_id(e.get(id_key)) for e in new)
            write(new, events)
        if ended(events):
            return
        sleep(interval)


def _event_id(value: object) -> int:
    """An event id from the wire (0 when it isn't a number: wrong types never crash a watch)."""
    try:
        return int(value)  # type: ignore[call-overload, no-any-return]
    except (TypeError, ValueError, OverflowError):
        return 0
