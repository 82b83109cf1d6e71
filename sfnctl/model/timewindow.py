"""Time windows for `--since` / `--until` (and durable `--started-after/--started-before`). Pure.

Accepted forms (one word each, surrounding whitespace ignored):

- a duration back from `now`: a number and a unit — `90s`, `30m`, `2h`, `7d`, `1w` (s, m, h, d,
  w = 7 days); units may be combined largest first, `1h30m`, `1d12h`. Zero (`0s`) is `now`.
  Months and years are not accepted: their length is ambiguous.
- `now`.
- an ISO 8601 time: `2026-11-21T09:00:00Z`, `2026-11-21T09:00:00+02:00`, `2026-11-21 09:00`,
  `2026-11-21` (midnight). A time without a zone is taken as UTC — the service's own zone, and the
  same answer on every machine. Every result is an aware datetime in UTC.

`now` is always given by the caller: nothing here reads a clock.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TypeVar

T = TypeVar("T")

ACCEPTED_FORMS = (
    "a duration back from now (90s, 30m, 2h, 7d, 1w, or combined: 1h30m), 'now', "
    "or an ISO 8601 time (2026-11-21T09:00:00Z, 2026-11-21T09:00+02:00, 2026-11-21; "
    "no zone means UTC)"
)
DEFAULT_SINCE = timedelta(hours=24)

_UNIT_SECONDS = {"w": 7 * 86400, "d": 86400, "h": 3600, "m": 60, "s": 1}
_DURATION = re.compile(r"(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?", re.ASCII)
# Bigger than any datetime can hold: reject before timedelta overflows.
_MAX_SECONDS = 9_999 * 365 * 86400


class WindowError(ValueError):
    """A time word that is not one of the accepted forms; the message is one line and lists them
    (the CLI maps it to a usage error, exit 2)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def parse_duration(text: str) -> timedelta:
    """`90s`, `30m`, `2h`, `7d`, `1w`, `1h30m` → a timedelta; anything else → WindowError."""
    value = text.strip().lower()
    m = _DURATION.fullmatch(value)
    if not value or m is None or not any(m.groups()):
        raise WindowError(f"not a duration: {_quote(text)}; use {ACCEPTED_FORMS}")
    seconds = sum(
        int(n) * _UNIT_SECONDS[unit]
        for n, unit in zip(m.groups(), "wdhms", strict=True)
        if n is not None
    )
    if seconds > _MAX_SECONDS:
        raise WindowError(f"duration too long: {_quote(text)}; use {ACCEPTED_FORMS}")
    return timedelta(seconds=seconds)


def parse_time(text: str, now: datetime) -> datetime:
    """An absolute UTC time for `text` (a duration back from `now`, `now`, or ISO 8601)."""
    now = as_utc(now)
    value = text.strip()
    if value.lower() == "now":
        return now
    if value[:1] in "0123456789" and value[-1:].lower() in _UNIT_SECONDS:
        try:
            return now - parse_duration(value)
        except OverflowError as exc:  # e.g. 9000 years back from year 2026
            raise WindowError(f"too far back: {_quote(text)}; use {ACCEPTED_FORMS}") from exc
    return _parse_iso(text, value)


def _parse_iso(original: str, value: str) -> datetime:
    candidate = value[:-1] + "+00:00" if value[-1:] in ("Z", "z") else value
    try:
        parsed = datetime.fromisoformat(candidate)
    except ValueError:
        parsed = None
    # fromisoformat also takes "20261121": insist on a dashed date, the form people type.
    if parsed is None or not re.match(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        raise WindowError(f"not a time: {_quote(original)}; use {ACCEPTED_FORMS}")
    return as_utc(parsed)


def as_utc(value: datetime) -> datetime:
    """`value` in UTC; a naive datetime is taken to be UTC already."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


@dataclass(frozen=True)
class Window:
    """[since, until], both inclusive; None = unbounded on that side. Times are aware UTC."""

    since: datetime | None
    until: datetime | None

    def contains(self, t: datetime) -> bool:
        """`t` falls inside the window (a naive `t` is taken as UTC)."""
        t = as_utc(t)
        return not self.is_older(t) and not self.is_newer(t)

    def is_older(self, t: datetime) -> bool:
        """`t` is before `since`: in a newest-first listing, nothing after it is in the window
        either — the caller stops paging here."""
        return self.since is not None and as_utc(t) < self.since

    def is_newer(self, t: datetime) -> bool:
        """`t` is after `until`: skip it and keep paging."""
        return self.until is not None and as_utc(t) > self.until

    def as_json(self) -> dict[str, str | None]:
        """`{"since": ISO, "until": ISO}` (None when open)."""
        return {
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
        }


def window(
    since: str | None,
    until: str | None,
    now: datetime,
    default_since: timedelta | None = DEFAULT_SINCE,
) -> Window:
    """The window `--since`/`--until` describe. No `since` → `now - default_since` (None: open);
    no `until` → `now`. `since` after `until` is a WindowError."""
    now = as_utc(now)
    start = parse_time(since, now) if since is not None else None
    if start is None and default_since is not None:
        start = now - default_since
    end = parse_time(until, now) if until is not None else now
    if start is not None and start > end:
        raise WindowError(
            f"--since ({start.isoformat()}) is after --until ({end.isoformat()}): "
            "the window is empty"
        )
    return Window(start, end)


def in_window(
    newest_first: Iterable[T], window: Window, when: Callable[[T], datetime | None]
) -> Iterator[T]:
    """The items of a newest-first stream (ListExecutions pages) that fall in `window`: newer
    than `until` are skipped, and at the first item older than `since` the stream is left
    without pulling another item — so no page past the window is fetched. Items without a time
    are kept."""
    for item in newest_first:
        moment = when(item)
        if moment is None:
            yield item
            continue
        if window.is_older(moment):
            return
        if not window.is_newer(moment):
            yield item


_OLDEST = datetime.min.replace(tzinfo=UTC)


def merge_newest_first(
    streams: Iterable[Iterable[T]], when: Callable[[T], datetime | None]
) -> Iterator[T]:
    """Several newest-first streams (one per `--status`) merged into one, newest first, lazily;
    equal times keep the order of the streams as given; items without a time sort oldest."""

    def key(item: T) -> datetime:
        moment = when(item)
        return as_utc(moment) if moment is not None else _OLDEST

    return heapq.merge(*streams, key=key, reverse=True)


def _quote(text: str, limit: int = 60) -> str:
    shown = text if len(text) <= limit else text[: limit - 1] + "…"
    return repr(shown)
