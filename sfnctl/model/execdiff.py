"""`diff A B`: two executions state by state, where they first diverged, and their payloads. Pure.

Each state run (from `sfnctl.model.tree.build`) is keyed by its path — labels from the top-level
state down, Map iterations by number, Parallel branches by their first state (their numbers
follow start order, which varies) — and, for a state entered more than once on the same path
(a loop), by occurrence (1st, 2nd…). Each side's runs are taken in execution order (the event
id of their first event). Rows follow A's order with runs matched by key; runs only B has come
after the run B ran before them, and after the A-only runs that follow that run. The first
divergence is the first row, in that order, that only one side has or whose status differs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sfnctl.model.jsondiff import Change, diff
from sfnctl.model.tree import BRANCH, EXECUTION, STATE, ExecutionTree, Node

RunKey = tuple[tuple[str, ...], int]


@dataclass(frozen=True)
class Side:
    """One execution's run of a state: status, duration in seconds, Task attempts."""

    status: str
    duration: float | None
    attempts: int | None

    def as_json(self) -> dict[str, Any]:
        return {"status": self.status, "duration": self.duration, "attempts": self.attempts}


@dataclass(frozen=True)
class StateRow:
    """One aligned row: the state's name, its path (as side a shows it, else b), and each side
    (None: not run there)."""

    state: str
    path: tuple[str, ...]
    a: Side | None
    b: Side | None

    @property
    def diverges(self) -> bool:
        return self.a is None or self.b is None or self.a.status != self.b.status

    def as_json(self) -> dict[str, Any]:
        return {
            "state": self.state,
            "path": list(self.path),
            "a": self.a.as_json() if self.a else None,
            "b": self.b.as_json() if self.b else None,
        }


@dataclass(frozen=True)
class ExecutionDiff:
    a: str | None
    b: str | None
    states: list[StateRow]
    input: list[Change]
    output: list[Change]

    @property
    def divergence(self) -> StateRow | None:
        """The first row in execution order that only one side ran or whose status differs."""
        return next((row for row in self.states if row.diverges), None)

    def as_json(self) -> dict[str, Any]:
        """{a, b, divergence: {state, a, b} | null, states: [...], input: [...], output: [...]}."""
        first = self.divergence
        return {
            "a": self.a,
            "b": self.b,
            "divergence": (
                {
                    "state": first.state,
                    "a": first.a.as_json() if first.a else None,
                    "b": first.b.as_json() if first.b else None,
                }
                if first is not None
                else None
            ),
            "states": [row.as_json() for row in self.states],
            "input": [c.as_json() for c in self.input],
            "output": [c.as_json() for c in self.output],
        }


def side(node: Node) -> Side:
    """A state run's status, duration (seconds, 3 decimals) and attempts (Tasks only)."""
    duration = node.duration
    return Side(
        node.status,
        round(duration, 3) if duration is not None else None,
        len(node.attempts) or None,
    )


def state_runs(tree: ExecutionTree) -> list[tuple[RunKey, Node]]:
    """Every state run with its key, in execution order (first event id; unknown last)."""
    runs = [n for n in tree.root.walk() if n.kind == STATE]
    runs.sort(key=lambda n: (n.first_event is None, n.first_event or 0))
    seen: dict[tuple[str, ...], int] = {}
    keyed: list[tuple[RunKey, Node]] = []
    for node in runs:
        path = key_path(node)
        seen[path] = seen.get(path, 0) + 1
        keyed.append(((path, seen[path]), node))
    return keyed


def key_path(node: Node) -> tuple[str, ...]:
    """The path that matches a run across executions: `Node.path()`, except that a Parallel
    branch is named by its first state (branches are numbered in the order they started,
    which differs run to run)."""
    labels: list[str] = []
    for n in node.ancestors():
        if n.kind == EXECUTION:
            continue
        if n.kind == BRANCH and n.children:
            labels.append(f"branch from {n.children[0].name}")
        else:
            labels.append(n.label)
    return tuple(reversed(labels))


def align(a: ExecutionTree, b: ExecutionTree) -> list[StateRow]:
    """The two executions' state runs side by side (see the module doc for the order)."""
    runs_a, runs_b = state_runs(a), state_runs(b)
    b_by_key = dict(runs_b)
    a_keys = {key for key, _ in runs_a}
    chains: dict[RunKey | None, list[tuple[RunKey, Node]]] = {}
    anchor: RunKey | None = None
    for key, node in runs_b:
        if key in a_keys:
            anchor = key
        else:
            chains.setdefault(anchor, []).append((key, node))
    rows: list[StateRow] = []
    pending = chains.get(None, [])
    for key, node in runs_a:
        other = b_by_key.get(key)
        if other is None:
            rows.append(_row((key, node), None))
            continue
        rows.extend(_row(None, run) for run in pending)
        rows.append(_row((key, node), (key, other)))
        pending = chains.get(key, [])
    rows.extend(_row(None, run) for run in pending)
    return rows


def _row(a: tuple[RunKey, Node] | None, b: tuple[RunKey, Node] | None) -> StateRow:
    pair = a if a is not None else b
    assert pair is not None, "a row has at least one side"
    node = pair[1]
    return StateRow(
        node.name,
        tuple(node.path()),
        side(a[1]) if a is not None else None,
        side(b[1]) if b is not None else None,
    )


def compare(
    tree_a: ExecutionTree,
    tree_b: ExecutionTree,
    *,
    a_arn: str | None = None,
    b_arn: str | None = None,
    a_input: Any = None,
    b_input: Any = None,
    a_output: Any = None,
    b_output: Any = None,
    limit: int | None = None,
) -> ExecutionDiff:
    """The whole `diff`: aligned states, and the structural diff of inputs and outputs (JSON
    strings as DescribeExecution returns them; None when not known — a missing output on one
    side shows as added/removed)."""
    return ExecutionDiff(
        a_arn,
        b_arn,
        align(tree_a, tree_b),
        diff(a_input, b_input, limit=limit),
        diff(a_output, b_output, limit=limit),
    )


def differing(rows: Iterable[StateRow]) -> list[StateRow]:
    """Only the rows where the two sides differ in status, or one side did not run."""
    return [row for row in rows if row.diverges]
