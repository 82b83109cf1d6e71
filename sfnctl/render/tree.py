"""`history --view tree` and `--view timeline`: state runs as a tree and as a Gantt chart."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from sfnctl.model.events import error_text
from sfnctl.model.tree import BRANCH, EXECUTION, ITERATION, ExecutionTree, Node
from sfnctl.render.common import format_duration, plural, status_text
from sfnctl.sanitize import safe

FOLD_MIN = 7  # a run of this many quiet siblings or more is folded …
FOLD_KEEP = 2  # … to its first and last two


@dataclass(frozen=True)
class Folded:
    """Stands in for `count` quiet (succeeded) siblings that are not shown."""

    count: int


def visible_children(
    node: Node, keep: set[int] | None, marked: set[int], expand_all: bool
) -> list[Node | Folded]:
    """The children to show: filtered by `keep` (node ids), long succeeded runs folded.

    A child is quiet when it succeeded and nothing below it is marked (failing/root cause)."""
    children = [c for c in node.children if keep is None or id(c) in keep]
    if expand_all:
        return list(children)
    shown: list[Node | Folded] = []
    run: list[Node] = []

    def flush() -> None:
        if len(run) >= FOLD_MIN:
            shown.extend(run[:FOLD_KEEP])
            shown.append(Folded(len(run) - 2 * FOLD_KEEP))
            shown.extend(run[-FOLD_KEEP:])
        else:
            shown.extend(run)
        run.clear()

    for child in children:
        if child.status == "SUCCEEDED" and id(child) not in marked:
            run.append(child)
        else:
            flush()
            shown.append(child)
    flush()
    return shown


def _attempts_text(node: Node) -> str:
    if len(node.attempts) <= 1:
        return ""
    gaps = [
        (b.scheduled - a.ended).total_seconds()
        for a, b in zip(node.attempts, node.attempts[1:], strict=False)
        if a.ended and b.scheduled
    ]
    text = f"{len(node.attempts)} attempts"
    if gaps:
        text += " (backoff " + ", ".join(format_duration(g) for g in gaps) + ")"
    return text


def node_label(node: Node, now: datetime, root_cause: Node | None) -> Text:
    line = status_text(node.status)
    line.append("  ")
    if node.kind == EXECUTION:
        line.append("execution", style="bold")
    elif node.kind in (BRANCH, ITERATION):
        line.append(node.label, style="italic")
    else:
        line.append_text(safe(node.name, "bold" if node.failed else ""))
        if node.type:
            line.append(f"  {node.type}", style="dim")
    if node is root_cause:
        line.append("  ◀ root cause", style="bold red")
    duration = node.duration
    if duration is None and node.start is not None and node.status == "RUNNING":
        line.append(f"  {format_duration((now - node.start).total_seconds())} so far")
    elif duration is not None:
        line.append(f"  {format_duration(duration)}")
    if node.length is not None:
        line.append(f"  {plural(node.length, 'item')}", style="dim")
    attempts = _attempts_text(node)
    if attempts:
        line.append(f"  {attempts}", style="yellow")
    if node.resource:
        line.append("  ")
        line.append_text(safe(node.resource, "dim"))
    if node.map_run_arn:
        line.append("  map run ", style="dim")
        line.append_text(safe(node.map_run_arn, "dim"))
    if node.partial:
        line.append("  (start not in the events fetched)", style="dim italic")
    if node.failed and (node.error or node.cause) and node.kind != EXECUTION:
        line.append("\n")
        line.append_text(safe(error_text(node.error, node.cause, 200), "red"))
    return line


def marked_nodes(tree: ExecutionTree, root_cause: Node | None) -> set[int]:
    """Ids of nodes on a failing path (kept unfolded): failed runs and all their ancestors."""
    marked: set[int] = set()
    for node in tree.root.walk():
        if node.failed or node.status == "RUNNING" or node is root_cause:
            marked.update(id(n) for n in node.ancestors())
    return marked


def kept_nodes(tree: ExecutionTree, event_ids: set[int] | None) -> set[int] | None:
    """Node ids owning a kept event, plus their ancestors (None: no filter)."""
    if event_ids is None:
        return None
    keep: set[int] = set()
    for eid in event_ids:
        node = tree.node_of(eid)
        if node is not None:
            keep.update(id(n) for n in node.ancestors())
    return keep


def render_tree(
    tree: ExecutionTree,
    title: str,
    now: datetime,
    *,
    root_cause: Node | None = None,
    keep: set[int] | None = None,
    expand_all: bool = False,
) -> RenderableType:
    marked = marked_nodes(tree, root_cause)
    top = Tree(node_label(tree.root, now, root_cause), guide_style="dim")

    # iterative: nesting depth is the server's (1,200 nested Parallels must still draw)
    stack: list[tuple[Tree, Node]] = [(top, tree.root)]
    while stack:
        branch, node = stack.pop()
        for child in visible_children(node, keep, marked, expand_all):
            if isinstance(child, Folded):
                branch.add(
                    Text(
                        f"… {child.count:,} more succeeded (--expand-all shows them)",
                        style="dim",
                    )
                )
            else:
                stack.append((branch.add(node_label(child, now, root_cause)), child))
    return Group(safe(title, "bold"), top)


# --- timeline --------------------------------------------------------------------------------

LEGEND = "█ running   ▓ failed attempt   ╌ retry backoff   ░ Wait state"


def timeline_rows(
    tree: ExecutionTree, keep: set[int] | None, expand_all: bool, root_cause: Node | None
) -> Iterator[tuple[int, Node | Folded]]:
    """(depth, node) for every row, depth-first; the execution itself is left out."""
    marked = marked_nodes(tree, root_cause)

    # iterative, depth-first in order: nesting depth is the server's
    stack: list[tuple[int, Node | Folded]] = [
        (0, child) for child in reversed(visible_children(tree.root, keep, marked, expand_all))
    ]
    while stack:
        depth, child = stack.pop()
        yield depth, child
        if isinstance(child, Node):
            children = visible_children(child, keep, marked, expand_all)
            stack.extend((depth + 1, grandchild) for grandchild in reversed(children))


@dataclass
class Timeline:
    """A Gantt chart sized to the console at render time: one bar per state run."""

    tree: ExecutionTree
    title: str
    now: datetime
    keep: set[int] | None = None
    expand_all: bool = False
    root_cause: Node | None = None

    def span(self) -> tuple[datetime | None, datetime | None]:
        root = self.tree.root
        starts = [n.start for n in root.walk() if n.start is not None]
        ends = [n.end for n in root.walk() if n.end is not None]
        start = root.start or (min(starts) if starts else None)
        end = root.end or (self.now if root.status == "RUNNING" else max(ends, default=None))
        return start, end

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        start, end = self.span()
        rows = list(timeline_rows(self.tree, self.keep, self.expand_all, self.root_cause))
        name_width = min(32, max([len(_row_name(d, n)) for d, n in rows] + [5]))
        bar_width = max(10, options.max_width - name_width - 12 - 10 - 6)
        total = (end - start).total_seconds() if start and end else 0.0
        table = Table(title=safe(self.title), title_justify="left", box=None, header_style="bold")
        table.add_column("State", no_wrap=True, overflow="ellipsis", max_width=name_width)
        table.add_column("Status", no_wrap=True)
        table.add_column(_axis(total, bar_width), no_wrap=True)
        table.add_column("Duration", justify="right", no_wrap=True)
        for depth, node in rows:
            if isinstance(node, Folded):
                table.add_row(
                    Text("  " * depth + f"… {node.count:,} more", style="dim"), "", "", ""
                )
                continue
            label = safe(_row_name(depth, node), "bold" if node.failed else "")
            duration = node.duration
            if duration is None and node.start is not None and node.status == "RUNNING":
                duration = (self.now - node.start).total_seconds()
            table.add_row(
                label,
                status_text(node.status),
                _bar(node, start, total, bar_width, self.now),
                format_duration(duration),
            )
        yield table
        yield Text(LEGEND, style="dim")


def _row_name(depth: int, node: Node | Folded) -> str:
    if isinstance(node, Folded):
        return "  " * depth + f"… {node.count:,} more"
    return "  " * depth + node.label


def _axis(total: float, width: int) -> str:
    left, right = "0s", format_duration(total)
    return left + " " * max(1, width - len(left) - len(right)) + right


_STYLE = {"SUCCEEDED": "green", "RUNNING": "cyan", "CAUGHT": "yellow"}


def _bar(node: Node, start: datetime | None, total: float, width: int, now: datetime) -> Text:
    cells = [" "] * width
    styles = [""] * width
    if start is None or node.start is None or total <= 0:
        return Text("")

    def col(t: datetime) -> int:
        return min(width - 1, max(0, int((t - start).total_seconds() / total * width)))

    def paint(a: datetime, b: datetime, ch: str, style: str) -> None:
        lo, hi = col(a), col(b)
        for i in range(lo, max(lo + 1, hi)):
            cells[i], styles[i] = ch, style

    end = node.end or now
    base_style = _STYLE.get(node.status, "red")
    paint(node.start, end, "░" if node.type == "Wait" else "█", base_style)
    previous_end: datetime | None = None
    for attempt in node.attempts:
        a_start = attempt.scheduled or attempt.started
        if a_start is None:
            continue
        if previous_end is not None:
            paint(previous_end, a_start, "╌", "yellow")
        a_end = attempt.ended or end
        failed = attempt.status in ("FAILED", "TIMED_OUT")
        paint(a_start, a_end, "▓" if failed else "█", "red" if failed else base_style)
        previous_end = attempt.ended
    text = Text()
    for ch, style in zip(cells, styles, strict=True):
        text.append(ch, style=style)
    return text
