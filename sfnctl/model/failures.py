"""`failures`: group failed executions by root cause. Pure, streaming, memory bounded.

A group is (root-cause state path pattern, error, normalised cause). `normalise_cause` replaces
what differs from one run to the next with placeholders, so three hundred "Task timed out after
3.00 seconds … RequestId: <uuid>" land in one group while different messages stay apart.
`path_pattern` writes Map iterations and Parallel branches as `*`. `FailureGroups` takes one
execution at a time and keeps, per group, counters and at most `examples` execution ARNs.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

REDRIVE_PERIOD = timedelta(days=14)
HISTORY_LIMIT = 25_000
MAX_CAUSE = 2000  # characters of normalised cause kept in a group key
DEFAULT_EXAMPLES = 3

# One left-to-right pass; at a position the first alternative that matches wins, and what it
# matched is not looked at again (an ARN's account id is not a "number"). A placeholder counts
# as the word it replaced, so a second pass finds nothing new next to one (idempotence).
_PLACEHOLDERS = ("<n>", "<id>", "<hex>", "<uuid>", "<time>")
_AFTER_PH = "".join(f"(?<!{re.escape(p)})" for p in _PLACEHOLDERS)
_BEFORE_PH = r"(?!<(?:n|id|hex|uuid|time)>)"


def _start(extra: str = "") -> str:
    return rf"(?<![\w{extra}]){_AFTER_PH}"


def _end(extra: str = "") -> str:
    return rf"(?![\w{extra}]){_BEFORE_PH}"


_SEP = r"[^\s\"'`,;()\[\]{}<>]|<id>"
_TOKENS = re.compile(
    rf"(?P<arn>{_start()}arn:[a-z0-9-]+:[a-z0-9-]*:[a-z0-9-]*:\d{{0,12}}:(?:{_SEP})+)"
    rf"|(?P<time>{_start('.')}\d{{4}}-\d{{2}}-\d{{2}}(?:[T ]\d{{2}}:\d{{2}}(?::\d{{2}}"
    rf"(?:[.,]\d+)?)?(?:Z|[+-]\d{{2}}:?\d{{2}})?)?{_end('.:-')})"
    rf"|(?P<uuid>{_start('-')}[0-9a-fA-F]{{8}}-[0-9a-fA-F]{{4}}-[0-9a-fA-F]{{4}}-"
    rf"[0-9a-fA-F]{{4}}-[0-9a-fA-F]{{12}}{_end('-')})"
    rf"|(?P<trace>{_start('-')}1-[0-9a-fA-F]{{8}}-[0-9a-fA-F]{{24}}{_end('-')})"
    r"|(?P<quoted>(?P<q>['\"])(?:<id>|(?=[^'\"\s<>]*\d)[^'\"\s<>]{1,128})(?P=q))"
    rf"|(?P<hex>{_start()}(?:0x)?(?=[0-9a-fA-F]*\d)(?=[0-9a-fA-F]*[a-fA-F])[0-9a-fA-F]{{8,}}"
    rf"{_end()})"
    rf"|(?P<id>{_start()}(?=[A-Za-z0-9]*\d)(?=[A-Za-z0-9]*[A-Za-z])[A-Za-z0-9]{{16,}}{_end()})"
    rf"|(?P<num>{_start('.')}[-+]?\d+(?:\.\d+)*(?![\d_.]){_BEFORE_PH})"
)
_ARN_LAST = re.compile(r"(.*[:/])?(?:[^:/]*)$", re.DOTALL)
_WHITESPACE = re.compile(r"\s+")
_INDEXED = re.compile(r"(iteration|branch) \d+")


def normalise_cause(text: str | None) -> str:
    """`text` with run-to-run parts as placeholders, white space collapsed:

    - an ARN keeps everything but its last resource part → `…:execution:orders:<id>`;
    - ISO 8601 dates and times → `<time>`; UUIDs (request ids) → `<uuid>`; X-Ray trace ids and
      mixed letter-and-digit ids of 16+ characters → `<id>`; hex ids of 8+ (with a letter and a
      digit, optional 0x) → `<hex>`; a quoted token holding a digit and no space → `'<id>'`;
    - numbers, decimals and epoch times → `<n>` (`3.00 seconds` → `<n> seconds`, `100ms` →
      `<n>ms`); digits glued to letters before them (`S3`, `ec2`, `http2`) are kept.

    Capped at MAX_CAUSE characters (cut at a space, then `…`). Idempotent."""
    if not text:
        return ""
    collapsed = _WHITESPACE.sub(" ", text).strip()
    result = _TOKENS.sub(_placeholder, collapsed)
    if len(result) > MAX_CAUSE:
        cut = result.rfind(" ", 0, MAX_CAUSE)
        result = result[: cut if cut > 0 else MAX_CAUSE].rstrip() + " …"
    return result


def _placeholder(m: re.Match[str]) -> str:
    kind = m.lastgroup
    if kind == "arn":
        head = _ARN_LAST.fullmatch(m.group())
        return (head.group(1) if head and head.group(1) else "") + "<id>"
    if kind == "quoted" or m.group("q"):
        quote = m.group("q")
        return f"{quote}<id>{quote}"
    return {"time": "<time>", "uuid": "<uuid>", "hex": "<hex>", "num": "<n>"}.get(
        kind or "", "<id>"
    )


def likely_redrivable(
    status: str,
    stop: datetime | None,
    now: datetime,
    *,
    last_event_id: int | None = None,
    map_run_child: bool = False,
) -> bool:
    """Whether StartExecution's redrive rules allow a redrive, from what a listing and the
    history's tail show (no DescribeExecution per execution): FAILED, TIMED_OUT or ABORTED,
    stopped less than 14 days ago, history under 25,000 events, and not a Distributed Map child
    (those are redriven through their parent). DescribeExecution's redriveStatus is the
    authority; this is its rule, evaluated offline."""
    if status not in ("FAILED", "TIMED_OUT", "ABORTED") or map_run_child:
        return False
    if stop is not None and now - stop >= REDRIVE_PERIOD:
        return False
    return last_event_id is None or last_event_id < HISTORY_LIMIT


def path_pattern(path: Sequence[str]) -> tuple[str, ...]:
    """A state path (labels, as `Node.path()` gives them) with iteration and branch numbers as
    `*`: `("Fan", "branch 2", "Charge")` → `("Fan", "branch *", "Charge")`. Branches are
    numbered in the order they started, which varies run to run, so their number goes too."""
    return tuple(f"{m.group(1)} *" if (m := _INDEXED.fullmatch(label)) else label for label in path)


GroupKey = tuple[tuple[str, ...], str, str]


@dataclass
class Group:
    """One root cause and the executions that failed with it (counters, a few examples)."""

    path: tuple[str, ...]
    error: str
    cause: str
    count: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    redrivable: int = 0
    examples: list[tuple[datetime | None, str]] = field(default_factory=list)
    # The newest example's cause as the service wrote it (cut to MAX_CAUSE), for people to read
    # next to the pattern; not part of the group key or the --json.
    sample: str = ""

    @property
    def state(self) -> str:
        return self.path[-1] if self.path else ""

    @property
    def status(self) -> str:
        """The most frequent status in the group (ties: alphabetical)."""
        if not self.statuses:
            return ""
        return min(self.statuses.items(), key=lambda kv: (-kv[1], kv[0]))[0]

    def as_json(self) -> dict[str, Any]:
        return {
            "state": self.state or None,
            "path": list(self.path),
            "error": self.error or None,
            "cause": self.cause or None,
            "status": self.status,
            "count": self.count,
            "firstSeen": _iso(self.first_seen),
            "lastSeen": _iso(self.last_seen),
            "redrivable": self.redrivable,
            "executionArns": [arn for _, arn in self.examples],
        }


class FailureGroups:
    """Streaming aggregator: `add` one failed execution at a time.

    Memory is one Group per distinct root cause, each holding at most `examples` ARNs (the
    newest: by stop time, else start time; ties by ARN). firstSeen/lastSeen use the same time.
    `groups()` sorts biggest first, then most recently seen, then path, error, cause."""

    def __init__(self, examples: int = DEFAULT_EXAMPLES) -> None:
        self.examples = max(0, examples)
        self.added = 0
        self._groups: dict[GroupKey, Group] = {}

    def add(
        self,
        execution_arn: str,
        status: str,
        *,
        start: datetime | None = None,
        stop: datetime | None = None,
        redrivable: bool = False,
        path: Sequence[str] = (),
        state: str | None = None,
        error: str | None = None,
        cause: str | None = None,
    ) -> Group:
        """Count one execution under its root cause; returns its group. `path` is the root-cause
        state's path (labels); `state` is used when no path is known."""
        pattern = path_pattern(path) if path else ((state,) if state else ())
        key: GroupKey = (pattern, error or "", normalise_cause(cause))
        group = self._groups.get(key)
        if group is None:
            group = self._groups[key] = Group(*key)
        when = stop or start
        group.count += 1
        group.statuses[status] += 1
        group.redrivable += 1 if redrivable else 0
        if when is not None:
            group.first_seen = when if group.first_seen is None else min(group.first_seen, when)
            group.last_seen = when if group.last_seen is None else max(group.last_seen, when)
        if self._keep_example(group, when, execution_arn) or not group.sample:
            group.sample = (cause or "")[:MAX_CAUSE]
        self.added += 1
        return group

    def add_root_cause(
        self,
        execution_arn: str,
        status: str,
        root_cause: Mapping[str, Any] | None,
        *,
        start: datetime | None = None,
        stop: datetime | None = None,
        redrivable: bool = False,
    ) -> Group:
        """`add` from a `Diagnosis.root_cause` dict (`state`, `path`, `error`, `cause`)."""
        rc = root_cause or {}
        return self.add(
            execution_arn,
            status,
            start=start,
            stop=stop,
            redrivable=redrivable,
            path=tuple(str(p) for p in rc.get("path") or ()),
            state=rc.get("state"),
            error=rc.get("error"),
            cause=rc.get("cause"),
        )

    def _keep_example(self, group: Group, when: datetime | None, arn: str) -> bool:
        """Keep (when, arn) if it is among the newest; True when it is now the newest."""
        if self.examples == 0:
            return False
        group.examples.append((when, arn))
        group.examples.sort(key=_newest_first)
        del group.examples[self.examples :]
        return group.examples[0] == (when, arn)

    def groups(self) -> list[Group]:
        return sorted(self._groups.values(), key=_group_order)

    def __len__(self) -> int:
        return len(self._groups)

    def as_json(self) -> list[dict[str, Any]]:
        return [g.as_json() for g in self.groups()]


def report_json(
    target: str,
    window: Mapping[str, Any] | None,
    examined: int,
    unreadable: int,
    groups: FailureGroups,
) -> dict[str, Any]:
    """`failures --json`: {target, window: {since, until}, examined, unreadable, groups}.
    `window` is `Window.as_json()` (or None for a map run's whole set)."""
    return {
        "target": target,
        "window": dict(window) if window is not None else {"since": None, "until": None},
        "examined": examined,
        "unreadable": unreadable,
        "groups": groups.as_json(),
    }


def _newest_first(example: tuple[datetime | None, str]) -> tuple[int, float, str]:
    when, arn = example
    # Known times first, newest first; unknown times last; ties by ARN.
    return (0, -when.timestamp(), arn) if when is not None else (1, 0.0, arn)


def _group_order(group: Group) -> tuple[int, float, tuple[str, ...], str, str]:
    last = -group.last_seen.timestamp() if group.last_seen is not None else 0.0
    return (-group.count, last, group.path, group.error, group.cause)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None
