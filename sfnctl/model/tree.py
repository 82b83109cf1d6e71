"""The execution as a tree of state runs, built from GetExecutionHistory events. Pure.

Events are linked by `previousEventId`; a state run begins at its `…StateEntered` event and every
event that follows it (scheduling, attempts, failures, `…StateExited`) belongs to it. Parallel
branches (a StateEntered that follows ParallelStateStarted) and Map iterations
(MapIterationStarted) are containers of state runs, to any depth. Tolerates partial histories
(running executions, a single newest-first page, `--no-data`), the local emulator's quirks
(previousEventId 0 where AWS links the previous event) and event types newer than this code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sfnctl.model.events import Event, by_id, details, is_failure, lambda_name

EXECUTION, STATE, BRANCH, ITERATION = "execution", "state", "branch", "iteration"
TERMINAL_EVENTS = {
    "ExecutionSucceeded": "SUCCEEDED",
    "ExecutionFailed": "FAILED",
    "ExecutionTimedOut": "TIMED_OUT",
    "ExecutionAborted": "ABORTED",
}
_SCHEDULED = ("TaskScheduled", "LambdaFunctionScheduled", "ActivityScheduled")
_STARTED = ("TaskStarted", "TaskSubmitted", "LambdaFunctionStarted", "ActivityStarted")
_SUCCEEDED = ("TaskSucceeded", "LambdaFunctionSucceeded", "ActivitySucceeded")
_WORK_PREFIXES = ("Task", "LambdaFunction", "Activity")
# A failed state that was left through its `…StateExited` event was caught by a Catch rule.
CAUGHT = "CAUGHT"
FAILING = ("FAILED", "TIMED_OUT", "ABORTED")
_CONTAINERS = ("Map", "Parallel")
_ENTERED_AT = re.compile(r"entered at the event id #(\d+)")


@dataclass(eq=False, slots=True)
class Attempt:
    """One try of a Task (1 = first try; more are Retry attempts)."""

    number: int
    scheduled: datetime | None = None
    started: datetime | None = None
    ended: datetime | None = None
    status: str = "RUNNING"
    error: str | None = None
    cause: str | None = None
    event_id: int | None = None


@dataclass(eq=False, slots=True)
class Node:
    """The execution, a state run, a Parallel branch or a Map iteration."""

    kind: str
    name: str
    type: str = ""
    status: str = "RUNNING"
    start: datetime | None = None
    end: datetime | None = None
    index: int | None = None
    resource: str | None = None
    map_run_arn: str | None = None
    length: int | None = None
    error: str | None = None
    cause: str | None = None
    failure_event: int | None = None
    first_event: int | None = None
    last_event: int | None = None
    partial: bool = False  # the history did not include where this run began
    failed_at: datetime | None = field(default=None, repr=False)
    aborted: bool = field(default=False, repr=False)  # a …StateAborted event was placed here
    last_seen: datetime | None = field(default=None, repr=False)
    attempts: list[Attempt] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)
    parent: Node | None = field(default=None, repr=False)

    @property
    def label(self) -> str:
        if self.kind == BRANCH:
            return f"branch {self.index}"
        if self.kind == ITERATION:
            return f"iteration {self.index}"
        return self.name

    @property
    def duration(self) -> float | None:
        if self.start is None or self.end is None:
            return None
        return (self.end - self.start).total_seconds()

    @property
    def failed(self) -> bool:
        return self.status in FAILING or self.status == CAUGHT

    def add(self, child: Node) -> Node:
        child.parent = self
        self.children.append(child)
        return child

    def ancestors(self) -> Iterator[Node]:
        """This node, its parent, … up to the execution."""
        node: Node | None = self
        while node is not None:
            yield node
            node = node.parent

    def path(self) -> list[str]:
        """Labels from the top-level state down to this node (the execution left out)."""
        return [n.label for n in reversed(list(self.ancestors())) if n.kind != EXECUTION]

    def walk(self) -> Iterator[Node]:
        stack = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))

    def container(self) -> Node:
        """Where a state run lives (its branch, iteration or the execution)."""
        if self.kind == STATE and self.parent is not None:
            return self.parent
        return self


@dataclass
class ExecutionTree:
    root: Node
    owner: dict[int, Node]  # event id → the node the event belongs to
    events: dict[int, Event]  # event id → event (references, not copies)
    terminal_event: int | None = None
    interrupted: list[Node] = field(default_factory=list)  # runs open when the execution ended

    def node_of(self, event_id: int) -> Node | None:
        return self.owner.get(event_id)


def resource_of(etype: str, d: Mapping[str, Any]) -> str | None:
    """The resource a Task/Lambda/Activity scheduling event names; for lambda:invoke also the
    function (it appears only here, in the parameters)."""
    if etype != "TaskScheduled":
        return str(d["resource"]) if d.get("resource") else None
    resource = ":".join(str(d[k]) for k in ("resourceType", "resource") if d.get(k))
    function = lambda_name(d.get("parameters"))
    return f"{resource} → {function}" if function else resource or None


class _Builder:
    def __init__(self, events: Iterable[Event]) -> None:
        self.root = Node(EXECUTION, "")
        self.owner: dict[int, Node] = {}
        self.events: dict[int, Event] = {}
        self.open_by_name: dict[str, list[Node]] = {}
        self.terminal_event: int | None = None
        self.interrupted: list[Node] = []
        self.runs: list[Node] = []  # every state run, in the order entered
        for event in by_id(events):
            self.events[int(event.get("id", 0))] = event
        for eid, event in self.events.items():
            self.owner[eid] = self._place(eid, event)

    # --- helpers --------------------------------------------------------------------------

    def _prev(self, event: Event) -> tuple[int, Node | None]:
        prev = int(event.get("previousEventId") or 0)
        return prev, self.owner.get(prev)

    def _prev_type(self, prev: int) -> str:
        return str(self.events.get(prev, {}).get("type", ""))

    def _open_run(self, start: Node | None, name: str, type_: str | None = None) -> Node | None:
        """The open state run called `name`: first up the ancestry of `start`, then anywhere."""
        if start is not None:
            for node in start.ancestors():
                if (
                    node.kind == STATE
                    and node.name == name
                    and node.end is None
                    and (type_ is None or node.type == type_)
                ):
                    return node
        candidates = self.open_by_name.get(name) or []
        return candidates[-1] if candidates else None

    def _placeholder(self, where: Node | None, name: str, type_: str, ts: Any) -> Node:
        container = where.container() if where is not None else self.root
        node = container.add(Node(STATE, name, type_, start=None, partial=True))
        self.open_by_name.setdefault(name, []).append(node)
        self.runs.append(node)
        return node

    def _named_run(self, pnode: Node | None, d: Mapping[str, Any]) -> Node | None:
        """The state run an event names in its details (EvaluationFailed's `state`, and the
        "entered at the event id #N" of its cause): AWS links such events to the event before
        the state was entered, so the link alone would blame the previous state."""
        match = _ENTERED_AT.search(str(d.get("cause") or ""))
        if match:
            node = self.owner.get(int(match.group(1)))
            if node is not None and node.kind == STATE:
                return node
        name = str(d.get("state") or d.get("name") or "")
        if not name:
            return None
        return self._open_run(pnode, name) or self._open_run(
            pnode.container() if pnode is not None else None, name
        )

    def _unlinked_run(self, etype: str) -> Node | None:
        """For a work event with no usable link (histories whose links were lost): the latest
        Task run still waiting for an event of this kind."""
        tasks = [r for r in reversed(self.runs) if r.type == "Task"]
        return next((r for r in tasks if _waits_for(r, etype)), None) or next(iter(tasks), None)

    def _unlinked_container(self) -> tuple[Node | None, str]:
        """Where a state entered with no link begins (histories whose links were lost): a new
        branch of the innermost Parallel still open, else the execution."""
        for run in reversed(self.runs):
            if run.type == "Parallel" and run.end is None and run.status == "RUNNING":
                return run, "ParallelStateStarted"
        return None, ""

    def _aborted_run(self, run: Node) -> Node:
        """The run a …StateAborted event ends. AWS links the aborts of every other branch or
        iteration to the failure that stopped them: each goes to a run still open, nearest the
        linked one, not all to the linked one."""
        if not run.aborted:
            return run
        scope = next(
            (n for n in run.ancestors() if n.kind == STATE and n.type in _CONTAINERS), None
        )
        if scope is None:
            return run
        return next(
            (
                n
                for n in scope.walk()
                if n.kind == STATE and n.type == run.type and not n.aborted and n.end is None
            ),
            run,
        )

    def _close(self, node: Node, ts: Any) -> None:
        if isinstance(ts, datetime):
            node.end = ts
        runs = self.open_by_name.get(node.name)
        if runs and node in runs:
            runs.remove(node)

    def _enclosing(self, start: Node | None, type_: str, name: str = "") -> Node | None:
        """The nearest Parallel/Map state run above `start` (called `name`, when the event
        names its Map: after a nested Map exits, the next outer iteration links to that exit)."""
        if start is None:
            return None
        found = [n for n in start.ancestors() if n.kind == STATE and n.type == type_]
        named = [n for n in found if n.name == name] if name else []
        return next(iter(named or found), None)

    def _fail(
        self, node: Node, eid: int, d: Mapping[str, Any], status: str = "FAILED", ts: Any = None
    ) -> None:
        node.status = status
        # An outcome event without an error (MapStateFailed after the EvaluationFailed that
        # says why) does not replace the event that says why.
        if node.failure_event is None or d.get("error") or d.get("cause"):
            node.failure_event = eid
        if _is_time(ts):
            node.failed_at = ts
        if d.get("error") not in (None, ""):
            node.error = str(d["error"])
        if d.get("cause") not in (None, ""):
            node.cause = str(d["cause"])

    def _start_attempt(self, run: Node, ts: Any) -> None:
        """A Parallel/Map state started again: a Retry. The earlier attempt's branches and
        iterations are summarised as a failed attempt of the state, like a Task's retries."""
        when = ts if _is_time(ts) else None
        inner = [c for c in run.children if c.kind in (BRANCH, ITERATION)]
        if not inner and not run.attempts:
            return
        if not run.attempts:
            run.attempts.append(Attempt(1, scheduled=run.start, started=run.start))
        previous = run.attempts[-1]
        failed = next((c for c in inner if c.status in FAILING), None)
        previous.status = "FAILED"
        previous.ended = previous.ended or max(
            (t for c in inner for n in c.walk() for t in (n.end, n.last_seen) if t), default=when
        )
        if failed is not None:
            previous.error = failed.error or _first_error(failed)
            previous.cause = failed.cause
        for child in inner:
            self._end_inside(child, "ABORTED", previous.ended)
            run.children.remove(child)
        run.attempts.append(Attempt(len(run.attempts) + 1, scheduled=when, started=when))
        run.status, run.failure_event = "RUNNING", None

    def _end_inside(self, run: Node, status: str, ts: Any) -> None:
        """A state that ended ends every run still open inside it: a Parallel or Map that
        succeeded waited for all of them; one that failed stopped them."""
        when = ts if _is_time(ts) else None
        for node in run.walk():
            if node is run or node.end is not None or node.status != "RUNNING":
                continue
            node.status, node.end = status, when
            if node.kind == STATE:
                self._close(node, ts)

    # --- one event ------------------------------------------------------------------------

    def _place(self, eid: int, event: Event) -> Node:
        etype = str(event.get("type", ""))
        ts = event.get("timestamp")
        d = details(event)
        prev, pnode = self._prev(event)
        node = self._place_state_event(eid, etype, ts, d, prev, pnode)
        if node is None:
            node = self._place_other(eid, etype, ts, d, pnode)
        if node.first_event is None:
            node.first_event = eid
        node.last_event = eid
        if _is_time(ts):
            node.last_seen = ts
        return node

    def _place_state_event(
        self, eid: int, etype: str, ts: Any, d: Mapping[str, Any], prev: int, pnode: Node | None
    ) -> Node | None:
        if etype.endswith("StateEntered"):
            type_ = etype.removesuffix("StateEntered")
            prev_type = self._prev_type(prev)
            if pnode is None and not prev:
                pnode, prev_type = self._unlinked_container()
            if prev_type == "ParallelStateStarted" and pnode is not None:
                branches = [c for c in pnode.children if c.kind == BRANCH]
                container = pnode.add(Node(BRANCH, "", index=len(branches) + 1, start=ts))
            elif prev_type == "MapIterationStarted" and pnode is not None:
                container = pnode
            else:
                container = pnode.container() if pnode is not None else self.root
            name = str(d.get("name", ""))
            run = container.add(Node(STATE, name, type_, start=ts if _is_time(ts) else None))
            self.runs.append(run)
            if type_ == "Fail":
                run.status, run.end = "FAILED", ts if _is_time(ts) else None
                run.failure_event = eid
            else:
                self.open_by_name.setdefault(name, []).append(run)
            return run
        if etype.endswith("StateExited"):
            type_ = etype.removesuffix("StateExited")
            name = str(d.get("name", ""))
            run = self._open_run(pnode, name, type_) or self._placeholder(pnode, name, type_, ts)
            run.status = CAUGHT if run.status in FAILING else "SUCCEEDED"
            self._close(run, ts)
            self._end_inside(run, "SUCCEEDED" if run.status == "SUCCEEDED" else "ABORTED", ts)
            return run
        if etype in ("ParallelStateStarted", "MapStateStarted"):
            type_ = etype.removesuffix("StateStarted")
            run = self._enclosing(pnode, type_) or self._placeholder(pnode, "", type_, ts)
            self._start_attempt(run, ts)
            if "length" in d:
                run.length = _int(d["length"])
            return run
        for type_ in ("Parallel", "Map"):
            for outcome, status in (
                ("Succeeded", "SUCCEEDED"),
                ("Failed", "FAILED"),
                ("Aborted", "ABORTED"),
            ):
                if etype == f"{type_}State{outcome}":
                    run = self._enclosing(pnode, type_) or self._placeholder(pnode, "", type_, ts)
                    if status == "SUCCEEDED":
                        run.status = status
                    else:
                        self._fail(run, eid, d, status, ts)
                        self._end_inside(run, "ABORTED", ts)
                    if run.attempts:
                        run.attempts[-1].status, run.attempts[-1].ended = run.status, ts
                    return run
        if etype == "MapIterationStarted":
            map_run = self._enclosing(pnode, "Map", str(d.get("name", ""))) or self._placeholder(
                pnode, str(d.get("name", "")), "Map", ts
            )
            return map_run.add(
                Node(
                    ITERATION,
                    str(d.get("name", "")),
                    index=_int(d.get("index")),
                    start=ts if _is_time(ts) else None,
                )
            )
        if etype.startswith("MapIteration"):
            return self._end_iteration(eid, etype, ts, d, pnode)
        return None

    def _end_iteration(
        self, eid: int, etype: str, ts: Any, d: Mapping[str, Any], pnode: Node | None
    ) -> Node:
        index = _int(d.get("index"))
        iteration = None
        if pnode is not None:
            iteration = next(
                (
                    n
                    for n in pnode.ancestors()
                    if n.kind == ITERATION and n.index == index and n.name == d.get("name", n.name)
                ),
                None,
            )
        if iteration is None:
            map_run = self._enclosing(pnode, "Map", str(d.get("name", ""))) or self._open_run(
                None, str(d.get("name", "")), "Map"
            )
            if map_run is None:
                map_run = self._placeholder(pnode, str(d.get("name", "")), "Map", ts)
            iteration = next(
                (c for c in map_run.children if c.kind == ITERATION and c.index == index), None
            ) or map_run.add(Node(ITERATION, str(d.get("name", "")), index=index, partial=True))
        outcome = etype.removeprefix("MapIteration")
        if outcome == "Succeeded":
            iteration.status = "SUCCEEDED"
        else:
            self._fail(iteration, eid, d, "ABORTED" if outcome == "Aborted" else "FAILED", ts)
        if _is_time(ts):
            iteration.end = ts
        return iteration

    def _place_other(
        self, eid: int, etype: str, ts: Any, d: Mapping[str, Any], pnode: Node | None
    ) -> Node:
        if etype == "ExecutionStarted":
            self.root.start = ts if _is_time(ts) else None
            return self.root
        if etype in TERMINAL_EVENTS:
            return self._terminate(eid, etype, ts, d, pnode)
        if etype.startswith("MapRun"):
            run = self._enclosing(pnode, "Map") or self._placeholder(pnode, "", "Map", ts)
            if d.get("mapRunArn"):
                run.map_run_arn = str(d["mapRunArn"])
            if etype == "MapRunStarted" and run.length == 0:
                run.length = None  # a Distributed Map's items come from its map run
            if etype in ("MapRunFailed", "MapRunAborted"):
                self._fail(run, eid, d, "FAILED" if etype == "MapRunFailed" else "ABORTED", ts)
            return run
        if etype == "EvaluationFailed":
            named = self._named_run(pnode, d) or (
                pnode if pnode is not None and pnode.kind == STATE else None
            )
            evaluating = named or self._placeholder(pnode, str(d.get("state", "")), "", ts)
            self._fail(evaluating, eid, d, ts=ts)
            return evaluating
        if etype.startswith(_WORK_PREFIXES) or etype.endswith("StateAborted"):
            found = pnode if pnode is not None and pnode.kind == STATE else None
            if found is None and (pnode is None or pnode.kind == EXECUTION):
                found = self._unlinked_run(etype)
            if found is not None and etype.endswith("StateAborted"):
                found = self._aborted_run(found)
            run = found or self._placeholder(pnode, "", "Task", ts)
            self._work(run, eid, etype, ts, d)
            return run
        return pnode if pnode is not None else self.root

    def _work(self, run: Node, eid: int, etype: str, ts: Any, d: Mapping[str, Any]) -> None:
        when = ts if _is_time(ts) else None
        if etype in _SCHEDULED:
            run.attempts.append(Attempt(len(run.attempts) + 1, scheduled=when, event_id=eid))
            run.resource = resource_of(etype, d) or run.resource
            run.status = "RUNNING"
            return
        if etype.endswith("StateAborted"):
            run.aborted = True
            if run.status in ("RUNNING", "SUCCEEDED"):  # failed, then aborted: still failed
                run.status = "ABORTED"
                run.end = when
            return
        if not run.attempts:
            run.attempts.append(Attempt(1, event_id=eid))
        attempt = run.attempts[-1]
        attempt.event_id = eid
        if etype in _STARTED:
            attempt.started = when
        elif etype in _SUCCEEDED:
            attempt.status = run.status = "SUCCEEDED"
            attempt.ended = when
        elif etype.endswith(("Failed", "TimedOut")):
            status = "TIMED_OUT" if etype.endswith("TimedOut") else "FAILED"
            attempt.status, attempt.ended = status, when
            attempt.error = str(d["error"]) if d.get("error") not in (None, "") else None
            attempt.cause = str(d["cause"]) if d.get("cause") not in (None, "") else None
            self._fail(run, eid, d, status, ts)

    def _terminate(
        self, eid: int, etype: str, ts: Any, d: Mapping[str, Any], pnode: Node | None
    ) -> Node:
        root = self.root
        root.status = TERMINAL_EVENTS[etype]
        root.end = ts if _is_time(ts) else None
        self.terminal_event = eid
        if root.status != "SUCCEEDED":
            self._fail(root, eid, d, root.status, ts)
        # Runs still open were interrupted by the end of the execution; after a success, their
        # own ends are missing from the events given (nothing is left running by a success).
        # A state whose work succeeded but that never exited failed after it (e.g. its output
        # could not be processed: States.Runtime).
        open_statuses = ("RUNNING",) if root.status == "SUCCEEDED" else ("RUNNING", "SUCCEEDED")
        for node in root.walk():
            if node is root or node.end is not None or node.status not in open_statuses:
                continue
            if node.kind != STATE and node.status != "RUNNING":
                continue
            if node.kind == STATE and root.status != "SUCCEEDED":
                self.interrupted.append(node)
            node.status = root.status
            node.end = root.end
        self.open_by_name.clear()
        return root

    def finish(self) -> ExecutionTree:
        for node in self.root.walk():
            if node.end is None and node.status != "RUNNING" and node.status != "SUCCEEDED":
                # failed and never exited: ends when it failed (else at its last event)
                node.end = node.failed_at or node.last_seen
        for node in reversed(list(self.root.walk())):  # children before their containers
            if node.kind in (BRANCH, ITERATION) and node.children:
                _summarise_container(node)
        for node in self.root.walk():
            # AWS may write a run's abort just after its iteration's end: keep it within
            if node.kind == ITERATION and node.end is not None:
                for inner in node.walk():
                    if inner.end is not None and inner.end > node.end:
                        inner.end = node.end
        return ExecutionTree(
            self.root, self.owner, self.events, self.terminal_event, self.interrupted
        )


def _summarise_container(node: Node) -> None:
    """A branch's (or iteration's) span and status come from the state runs inside it."""
    first, last = node.children[0], node.children[-1]
    node.start = node.start or first.start
    if node.kind == BRANCH:
        node.end = last.end
        node.status = "FAILED" if last.status == CAUGHT else last.status
    elif node.end is None and last.end is not None and node.status == "RUNNING":
        node.end = last.end


def _waits_for(run: Node, etype: str) -> bool:
    """Whether a Task run is still waiting for an event of this type."""
    last = run.attempts[-1] if run.attempts else None
    if run.aborted:
        return False
    if etype in _SCHEDULED:
        return last is None or (last.ended is not None and last.status != "SUCCEEDED")
    if last is None:
        return False
    if etype in _STARTED:
        return last.started is None
    if etype.endswith("StateAborted"):
        return run.end is None
    return last.ended is None


def _first_error(node: Node) -> str | None:
    return next((n.error for n in node.walk() if n.error), None)


def build(events: Iterable[Event]) -> ExecutionTree:
    """The tree of state runs for `events` (in any order; ids decide)."""
    return _Builder(events).finish()


def _is_time(value: Any) -> bool:
    return isinstance(value, datetime)


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def select(
    tree: ExecutionTree,
    *,
    failed: bool = False,
    states: tuple[str, ...] = (),
    types: tuple[str, ...] = (),
) -> set[int] | None:
    """Ids of the events the filters keep (all given filters must hold); None: no filter.

    `failed`: failure events and every event of the state runs (and iterations) that failed.
    `states`: events of state runs with one of these names, at any depth.
    `types`: events of these types.
    """
    if not (failed or states or types):
        return None
    wanted_types = set(types)
    wanted_states = set(states)
    kept: set[int] = set()
    for eid, event in tree.events.items():
        node = tree.owner.get(eid)
        if wanted_types and event.get("type") not in wanted_types:
            continue
        if wanted_states and not (
            node is not None and node.kind == STATE and node.name in wanted_states
        ):
            continue
        if failed and not (
            is_failure(event) or (node is not None and node.kind != EXECUTION and node.failed)
        ):
            continue
        kept.add(eid)
    return kept
