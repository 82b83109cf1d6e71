"""`why`: the terminal failure of an execution and the root cause behind it. Pure.

Walks back from the terminal event along `previousEventId` — the causal chain, never "the last
failure event by time", which in a Parallel or Map may belong to an unrelated branch. On the
chain, the root cause is the earliest failed state run since the last state that succeeded:

- a Task that failed all its retries, was caught and routed (through a notifier) to a Fail
  state → the Task, not the Catch handler and not the Fail state;
- a failure inside Parallel/Map → the innermost failed state, with the path to it;
- a failure that a Catch handler recovered from, followed by a later one → the later one;
- no failed state (a runtime error, a timeout, an abort) → the state that was running.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sfnctl.model.events import Event, details, is_failure
from sfnctl.model.tree import EXECUTION, STATE, ExecutionTree, Node, build


@dataclass(frozen=True)
class Diagnosis:
    execution_arn: str | None
    status: str
    terminal: dict[str, Any] | None
    root_cause: dict[str, Any] | None
    root_node: Node | None
    # False when the events seen so far (a newest-first prefix) cannot settle the answer yet.
    complete: bool

    def as_json(self, failures: list[dict[str, Any]] | None = None) -> dict[str, Any]:
        return {
            "executionArn": self.execution_arn,
            "status": self.status,
            "terminal": self.terminal,
            "rootCause": self.root_cause,
            "failures": failures,
        }


def diagnose(
    events: Iterable[Event],
    execution_arn: str | None = None,
    status: str | None = None,
    tree: ExecutionTree | None = None,
) -> Diagnosis:
    """Why the execution ended the way it did. `status` (from DescribeExecution) wins over the
    status the events imply; a running execution has no terminal failure yet."""
    tree = tree or build(events)
    status = status or tree.root.status
    if tree.terminal_event is None or tree.root.status == "SUCCEEDED":
        complete = tree.terminal_event is not None or status == "RUNNING" or 1 in tree.events
        return Diagnosis(execution_arn, status, None, None, None, complete)
    terminal_event = tree.events[tree.terminal_event]
    d = details(terminal_event)
    terminal_node = _terminal_state(tree, terminal_event)
    terminal = {
        "state": terminal_node.name if terminal_node else None,
        "error": _text(d.get("error")),
        "cause": _text(d.get("cause")),
        "eventId": tree.terminal_event,
    }
    node, event_id, complete = _walk_back(tree, terminal_event)
    if node is None:  # nothing failed on the chain: the state that was running is the cause
        node = terminal_node
        event_id = tree.terminal_event
    root_cause = _describe(node, event_id, terminal) if node is not None else None
    if node is not None and any(n.partial for n in node.ancestors()):
        complete = False
    return Diagnosis(execution_arn, status, terminal, root_cause, node, complete)


def _terminal_state(tree: ExecutionTree, terminal_event: Event) -> Node | None:
    prev = int(terminal_event.get("previousEventId") or 0)
    node = tree.node_of(prev)
    if node is not None and node.kind == STATE:
        return node
    if tree.interrupted:  # e.g. an abort whose event links to nothing: the innermost open run
        return max(tree.interrupted, key=lambda n: len(list(n.ancestors())))
    return None


def _walk_back(tree: ExecutionTree, terminal_event: Event) -> tuple[Node | None, int | None, bool]:
    """(root-cause run, its final failure event id, whether the chain was followed to its end).

    A Fail state on the chain only declares the failure: the failure that led to it (a caught
    Task before it in the same branch, iteration or execution) is the root cause when there is
    one; else the Fail state itself, once the chain leaves the branch or iteration it is in."""
    candidate: Node | None = None
    candidate_event: int | None = None
    fail_state: Node | None = None
    prev = int(terminal_event.get("previousEventId") or 0)
    seen: set[int] = set()
    while prev and prev not in seen:
        seen.add(prev)
        event = tree.events.get(prev)
        if event is None:  # the chain leaves the events we have
            if candidate is None and fail_state is not None:
                return fail_state, fail_state.failure_event, False
            return candidate, candidate_event, False
        node = tree.node_of(prev)
        etype = str(event.get("type", ""))
        if candidate is None and fail_state is not None and not _inside(node, fail_state.parent):
            return fail_state, fail_state.failure_event, True
        if is_failure(event) and node is not None and node.kind == STATE and node is not candidate:
            if node.type != "Fail":
                candidate, candidate_event = node, prev
            elif fail_state is None and (candidate is None or candidate in node.ancestors()):
                # a Fail state inside the failed Parallel/Map is why the container failed
                candidate, candidate_event, fail_state = None, None, node
        if (
            candidate is not None
            and etype.endswith("StateExited")
            and node is not None
            and node.status == "SUCCEEDED"
        ):
            return candidate, candidate_event, True
        if etype == "ExecutionStarted":
            break
        prev = int(event.get("previousEventId") or 0)
    if candidate is None and fail_state is not None:
        return fail_state, fail_state.failure_event, True
    return candidate, candidate_event, True


def _inside(node: Node | None, container: Node | None) -> bool:
    return node is not None and container is not None and container in node.ancestors()


def _describe(node: Node, event_id: int | None, terminal: Mapping[str, Any]) -> dict[str, Any]:
    error, cause = node.error, node.cause
    if error is None and cause is None and node.kind != EXECUTION:
        error, cause = terminal.get("error"), terminal.get("cause")
    return {
        "state": node.name,
        "error": error,
        "cause": cause,
        "attempts": len(node.attempts) or None,
        "resource": node.resource,
        "mapRunArn": node.map_run_arn,
        "eventId": node.failure_event or event_id,
        "path": node.path(),
    }


def _text(value: Any) -> str | None:
    return None if value in (None, "") else str(value)


@dataclass(frozen=True)
class ParsedCause:
    """A cause string made readable: Lambda's `{errorMessage, errorType, stackTrace}` JSON."""

    message: str
    error_type: str | None = None
    trace: tuple[str, ...] = ()
    data: Any = None  # other JSON, pretty-printed by the renderer


def parse_cause(cause: str | None) -> ParsedCause | None:
    if not cause:
        return None
    try:
        parsed = json.loads(cause)
    except (ValueError, RecursionError):
        return ParsedCause(cause)
    if isinstance(parsed, Mapping) and ("errorMessage" in parsed or "errorType" in parsed):
        trace = parsed.get("stackTrace") or parsed.get("trace") or ()
        if isinstance(trace, str):
            trace = tuple(trace.splitlines())
        # Python's frames are "  File …, line 2, in handler\n    raise …\n": one line each.
        lines = tuple(
            line.rstrip()
            for t in trace
            if t is not None
            for line in (" ".join(map(str, t)) if isinstance(t, list) else str(t)).splitlines()
            if line.strip()
        )
        return ParsedCause(
            str(parsed.get("errorMessage", "")),
            str(parsed["errorType"]) if parsed.get("errorType") else None,
            lines,
        )
    return ParsedCause(cause, data=parsed)


def failure_events(tree: ExecutionTree) -> list[int]:
    """Ids of every failure event, in order."""
    return [eid for eid, event in tree.events.items() if is_failure(event)]
