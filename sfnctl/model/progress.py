"""Where a running execution is now: its open state runs — the innermost states entered and not
yet left, in every running Parallel branch and Map iteration — from the tree of the history's
newest page, with a Wait state's end time when the definition says it.

Pure: no I/O, no clock (durations are the renderer's, against its `now`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sfnctl.model.tree import STATE, ExecutionTree, Node


@dataclass(frozen=True)
class Running:
    """One open state run: where it is (labels from the top, e.g. `Enrich › branch 2 ›
    Files › iteration 1 › Download`), its state type, since when, and — for a Wait state whose
    definition gives `Seconds` or `Timestamp` — until when."""

    path: tuple[str, ...]
    type: str
    since: datetime | None
    until: datetime | None = None
    resource: str | None = None

    @property
    def name(self) -> str:
        return self.path[-1] if self.path else ""


def running_states(tree: ExecutionTree, definition: Any = None) -> list[Running]:
    """The innermost open state runs, earliest first (then by path). `definition`: the state
    machine's definition (JSON text or parsed), for Wait end times; None leaves them out."""
    states = _states_by_name(_parsed(definition))
    found = [
        Running(
            path=tuple(node.path()),
            type=node.type,
            since=node.start,
            until=_wait_until(node, states.get(node.name)),
            resource=node.resource,
        )
        for node in _open_leaves(tree.root)
    ]
    return sorted(found, key=lambda r: (r.since is None, r.since or datetime.min, r.path))


def _open_leaves(root: Node) -> Iterator[Node]:
    """Open state runs with no open state run inside them (a running Map is where its running
    iterations' states are)."""
    for node in root.walk():
        if node.kind != STATE or node.status != "RUNNING":
            continue
        inner = (n for n in node.walk() if n is not node)
        if not any(n.kind == STATE and n.status == "RUNNING" for n in inner):
            yield node


def _parsed(definition: Any) -> Mapping[str, Any]:
    if isinstance(definition, str):
        try:
            definition = json.loads(definition)
        except ValueError:
            return {}
    return definition if isinstance(definition, Mapping) else {}


def _states_by_name(definition: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    """Every state of the definition by name — top level, Parallel branches, Map iterators
    (a name used twice keeps its first definition)."""
    found: dict[str, Mapping[str, Any]] = {}
    pending = [definition]
    while pending:
        machine = pending.pop(0)
        states = machine.get("States")
        if not isinstance(states, Mapping):
            continue
        for name, state in states.items():
            if not isinstance(state, Mapping):
                continue
            found.setdefault(str(name), state)
            for branch in state.get("Branches") or ():
                if isinstance(branch, Mapping):
                    pending.append(branch)
            for key in ("ItemProcessor", "Iterator"):
                if isinstance(state.get(key), Mapping):
                    pending.append(state[key])
    return found


def _wait_until(node: Node, state: Mapping[str, Any] | None) -> datetime | None:
    if node.type != "Wait" or state is None or state.get("Type") != "Wait":
        return None
    seconds = state.get("Seconds")
    if isinstance(seconds, int | float) and not isinstance(seconds, bool) and node.start:
        return node.start + timedelta(seconds=seconds)
    stamp = state.get("Timestamp")
    if isinstance(stamp, str):
        try:
            return datetime.fromisoformat(stamp.replace("Z", "+00:00"))
        except ValueError:
            return None
    return None  # SecondsPath/TimestampPath/JSONata: in the input, which isn't fetched
