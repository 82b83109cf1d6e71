"""`stats`: where time goes and what fails, over many executions. Pure, one tree at a time.

Percentiles are nearest-rank: for p in (0, 100], the value at rank ⌈p/100 · n⌉ of the n values
sorted ascending — always one of the observed values (no interpolation), p100 is the maximum,
and the p95 of fewer than 20 values is the maximum too.

Per state (keyed by state name — state names are unique in a state machine, Map and Parallel
included): `runs` counts every run, so a state inside a Map counts once per iteration and a
state in a Parallel once per branch run; `failed` counts runs that failed (caught or not);
`retried` counts runs with more than one attempt; p50/p95/max are over the runs' durations
(runs still open have none). Memory: one float per state run seen, no trees kept.

Sort order (`states()` and `as_json`): states with failed runs first, most failed first; then
slowest p95 first; then name. So the failing and the slow stand at the top.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sfnctl.model.tree import STATE, ExecutionTree


def percentile(values: Sequence[float], p: float) -> float | None:
    """The nearest-rank p-th percentile of `values` (any order); None when there are none."""
    if not 0 < p <= 100:
        raise ValueError(f"percentile must be in (0, 100], got {p}")
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass(frozen=True)
class Summary:
    """p50, p95 and max of a set of durations (seconds; None when empty)."""

    p50: float | None
    p95: float | None
    max: float | None

    def as_json(self) -> dict[str, float | None]:
        return {"p50": _secs(self.p50), "p95": _secs(self.p95), "max": _secs(self.max)}


def summarise(values: Sequence[float]) -> Summary:
    ordered = sorted(values)
    top = ordered[-1] if ordered else None
    return Summary(percentile(ordered, 50), percentile(ordered, 95), top)


@dataclass
class StateStats:
    state: str
    runs: int = 0
    failed: int = 0
    retried: int = 0
    durations: list[float] = field(default_factory=list, repr=False)

    @property
    def summary(self) -> Summary:
        return summarise(self.durations)

    @property
    def failure_rate(self) -> float:
        return self.failed / self.runs if self.runs else 0.0

    @property
    def retry_rate(self) -> float:
        return self.retried / self.runs if self.runs else 0.0

    def as_json(self) -> dict[str, Any]:
        return {
            "state": self.state,
            "runs": self.runs,
            "failed": self.failed,
            "retried": self.retried,
            **self.summary.as_json(),
        }


class Stats:
    """Add execution trees one at a time; read counts, durations and per-state numbers."""

    def __init__(self) -> None:
        self.executions = 0
        self.statuses: Counter[str] = Counter()
        self.durations: list[float] = []
        self._states: dict[str, StateStats] = {}

    def add(
        self, tree: ExecutionTree, status: str | None = None, duration: float | None = None
    ) -> None:
        """Count one execution. `status`/`duration` (e.g. from ListExecutions' start/stop
        dates) win over what the tree says — a partial history may not show the end."""
        self.executions += 1
        self.statuses[status or tree.root.status] += 1
        total = duration if duration is not None else tree.root.duration
        if total is not None:
            self.durations.append(total)
        for node in tree.root.walk():
            if node.kind != STATE:
                continue
            entry = self._states.get(node.name)
            if entry is None:
                entry = self._states[node.name] = StateStats(node.name)
            entry.runs += 1
            entry.failed += 1 if node.failed else 0
            entry.retried += 1 if len(node.attempts) > 1 else 0
            if node.duration is not None:
                entry.durations.append(node.duration)

    @property
    def duration(self) -> Summary:
        return summarise(self.durations)

    def states(self) -> list[StateStats]:
        """Per-state numbers, failing first, then slowest (see the module doc)."""
        return sorted(self._states.values(), key=_state_order)

    def as_json(self) -> dict[str, Any]:
        """{executions, statuses: {STATUS: n}, duration: {p50, p95, max}, states: [...]}."""
        return {
            "executions": self.executions,
            "statuses": dict(sorted(self.statuses.items())),
            "duration": self.duration.as_json(),
            "states": [s.as_json() for s in self.states()],
        }


def _state_order(entry: StateStats) -> tuple[int, float, str]:
    p95 = entry.summary.p95
    return (-entry.failed, -(p95 if p95 is not None else -1.0), entry.state)


def _secs(value: float | None) -> float | None:
    return round(value, 3) if value is not None else None
