"""Paging: list APIs up to a limit (the largest page the API allows), and the two-ended history
fetch — a forward and a newest-first pager meeting in the middle."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from sfnctl.errors import Exit, SfnctlError

HISTORY_PAGE = 1000  # GetExecutionHistory / ListExecutions maximum maxResults
# A page with nothing on it but a token is legal (a filter scanned and found nothing) — this
# many in a row is a server going round in circles, not paging.
MAX_EMPTY_PAGES = 25


class PageGuard:
    """The one guard every paged read goes through: a token the service already gave, or
    MAX_EMPTY_PAGES empty pages in a row, is a server fault (exit 5), never an endless loop."""

    def __init__(self, subject: str) -> None:
        self.subject = subject
        self._tokens: set[str] = set()
        self._empty = 0

    def next_token(self, token: object, page_size: int) -> str | None:
        """The token to ask for next (None: the last page), after checking it."""
        if not token:
            return None
        if not isinstance(token, str):
            raise self._fault("a page token that isn't a string")
        self._empty = 0 if page_size else self._empty + 1
        if token in self._tokens:
            raise self._fault("the service repeated a page token")
        if self._empty >= MAX_EMPTY_PAGES:
            raise self._fault(f"{MAX_EMPTY_PAGES} empty pages in a row")
        self._tokens.add(token)
        return token

    def _fault(self, what: str) -> SfnctlError:
        from sfnctl.model.text import one_line

        return SfnctlError(
            f"paging stopped for {one_line(self.subject, 300)}: {what}",
            Exit.UNAVAILABLE,
            "The service (or emulator at --endpoint-url) is paging in circles; report it.",
        )


@dataclass
class Page:
    items: list[dict[str, Any]]
    next_token: str | None


def collect(
    call: Callable[..., dict[str, Any]],
    params: dict[str, Any],
    key: str,
    limit: int | None,
    next_token: str | None,
    *,
    names: tuple[str, str, str] = ("maxResults", "nextToken", "nextToken"),
    subject: str = "the list",
) -> Page:
    """Pages of `call` until `limit` items (None: all). `names`: the page-size parameter,
    the token parameter and the response's next-token key (Step Functions' by default)."""
    size_name, token_name, next_name = names
    items: list[dict[str, Any]] = []
    token = next_token
    guard = PageGuard(subject)
    while True:
        want = HISTORY_PAGE if limit is None else min(HISTORY_PAGE, limit - len(items))
        request = {**params, size_name: want}
        if token:
            request[token_name] = token
        response = call(**request)
        page = response.get(key, [])
        items.extend(page)
        token = guard.next_token(response.get(next_name), len(page))
        if not token or (limit is not None and len(items) >= limit):
            return Page(items, token)


_DONE = object()


def _pump(pages: Iterator[list[dict[str, Any]]], side: str, out: Any, stop: Any) -> None:
    """Worker: put (side, page) for every page until told to stop; then (side, _DONE)."""
    try:
        for page in pages:
            out.put((side, page))
            if stop.is_set():
                break
        out.put((side, _DONE))
    except BaseException as error:  # handed to the main thread, which raises it
        out.put((side, error))


def event_id(event: dict[str, Any]) -> int:
    """A history event's id; an event without a usable one is a server fault (exit 5): merged
    by id, it could only be dropped, and `--json` must be complete or fail."""
    value = event.get("id")
    try:
        if isinstance(value, bool):
            raise TypeError
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        from sfnctl.model.text import one_line

        raise SfnctlError(
            f"the service sent a history event without a usable id ({one_line(value, 40)})",
            Exit.UNAVAILABLE,
            "The history can't be put in order; the endpoint isn't answering like the service.",
        ) from None


def fetch_from_both_ends(
    forward: Iterator[list[dict[str, Any]]],
    backward: Iterator[list[dict[str, Any]]],
    on_progress: Callable[[int], object] | None = None,
    sink: Callable[[list[dict[str, Any]]], object] | None = None,
) -> list[dict[str, Any]]:
    """Merge a forward and a newest-first pager until they meet; events in id order.

    Each side runs in a daemon thread (Ctrl-C is never held up by a request in flight). The
    first newest-first page names the newest id N; the halves have met when every id from 1 to
    N has arrived (contiguous: no gap, whatever the page boundaries). A newest-first page that
    isn't in descending order means the server ignored reverseOrder: that side is then no
    guide, and the fetch ends only when one side has paged the whole history. Events merge by
    id, so pages out of order or overlapping lose nothing.

    With `sink`, events are handed over in id order as soon as they are known to be next —
    a contiguous run from id 1 at once, the rest when the halves meet — and nothing is
    returned: output starts before the fetch ends and only what can't go yet is held.
    """
    import queue
    import threading

    results: queue.Queue[tuple[str, Any]] = queue.Queue()
    stop = threading.Event()
    for side, pages in (("forward", forward), ("backward", backward)):
        threading.Thread(target=_pump, args=(pages, side, results, stop), daemon=True).start()
    held: dict[int, dict[str, Any]] = {}
    seen: set[int] = set()
    emitted = 0  # with `sink`: ids 1..emitted were handed over
    newest: int | None = None  # the last event's id, from the first newest-first page
    reverse_honoured = True
    try:
        while True:
            try:
                side, item = results.get(timeout=0.2)
            except queue.Empty:
                continue
            if isinstance(item, BaseException):
                raise item
            if item is _DONE:
                break  # one side paged the whole history: the merge is complete
            ids = [event_id(e) for e in item]
            if side == "backward" and reverse_honoured:
                if ids != sorted(ids, reverse=True):
                    reverse_honoured = False
                elif newest is None and ids:
                    newest = ids[0]
            for eid, event in zip(ids, item, strict=True):
                if eid not in seen:
                    seen.add(eid)
                    held[eid] = event
            if sink is not None:
                emitted = _hand_over_next(held, emitted, sink)
            if on_progress is not None:
                on_progress(len(seen))
            if reverse_honoured and newest is not None and _contiguous(seen, newest):
                break
    finally:
        stop.set()
    if sink is None:
        return [held[k] for k in sorted(held)]
    rest = [held[k] for k in sorted(held)]
    if rest:
        sink(rest)
    return []


def _hand_over_next(
    held: dict[int, dict[str, Any]], emitted: int, sink: Callable[[list[dict[str, Any]]], object]
) -> int:
    """Hand `sink` the run of ids that follows `emitted`; returns the new `emitted`."""
    batch = []
    while emitted + 1 in held:
        emitted += 1
        batch.append(held.pop(emitted))
    if batch:
        sink(batch)
    return emitted


def _contiguous(seen: set[int], newest: int) -> bool:
    """Every id from 1 to `newest` has arrived."""
    return len(seen) >= newest and sum(1 for k in seen if 1 <= k <= newest) == newest
