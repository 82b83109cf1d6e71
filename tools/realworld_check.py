"""Dev check: run every history view over a directory of saved GetExecutionHistory responses.

    python tools/realworld_check.py DIR [--verbose] [--only SUBSTRING] [--show NAME]

DIR holds `*.json` histories (`{"events": [...]}`, an array, or JSON Lines), directly or under
`histories/`. For each: the event table, the tree, the timeline, `--json`, `why` and `why --json`
are rendered offline, and the anomalies `issues show 11` lists are counted — crashes, state runs
without a name, "start not in the events fetched" when the start is present, runs left RUNNING in
a history that ended — and the root cause (state, error, path) of each failed history is
printed, so a reader can check it. `--show NAME` prints every view of one history. Not a test.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import traceback
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

from rich.console import Console

from sfnctl.model.diagnosis import diagnose
from sfnctl.model.saved import parse_history
from sfnctl.model.tree import STATE, build
from sfnctl.render.events import render_events
from sfnctl.render.tree import Timeline, render_tree
from sfnctl.render.why import render_why


def _text(renderable: Any, width: int = 120) -> str:
    console = Console(width=width, color_system=None, force_terminal=False, file=io.StringIO())
    console.begin_capture()
    console.print(renderable)
    return console.end_capture()


def _files(root: Path) -> list[Path]:
    base = root / "histories" if (root / "histories").is_dir() else root
    return sorted(p for p in base.glob("*.json") if p.name not in ("index.json",))


def _now(events: list[dict[str, Any]]) -> datetime:
    stamps = [e["timestamp"] for e in events if isinstance(e.get("timestamp"), datetime)]
    return max(stamps)


def check(path: Path) -> tuple[list[str], dict[str, Any] | None, dict[str, str]]:
    """(anomalies, why --json for a failed history, rendered views)."""
    problems: list[str] = []
    views: dict[str, str] = {}
    events = parse_history(path.read_text(encoding="utf-8"), path.name)
    now = _now(events)
    title = f"History from {path.name}"
    tree = build(events)
    diagnosis = diagnose(events, tree=tree)
    steps = {
        "events": lambda: _text(render_events(events, title, events)),
        "tree": lambda: _text(render_tree(tree, title, now, root_cause=diagnosis.root_node)),
        "timeline": lambda: _text(Timeline(tree, title, now, None, False, diagnosis.root_node)),
        "json": lambda: json.dumps(events, default=str),
        "why": lambda: _text(render_why(diagnosis, None)),
        "why-json": lambda: json.dumps(diagnosis.as_json(None), default=str),
    }
    for name, step in steps.items():
        try:
            views[name] = step()
        except Exception:
            problems.append(f"crash in {name}: {traceback.format_exc(limit=3)}")
    ids = set(tree.events)
    ended = tree.terminal_event is not None
    for node in tree.root.walk():
        if node.kind == STATE and not node.name:
            problems.append(f"nameless {node.type or '?'} run (event #{node.first_event})")
        if node.partial and 1 in ids:
            problems.append(f"partial run {node.name!r} though the history starts at #1")
        if ended and node.status == "RUNNING" and node is not tree.root:
            problems.append(f"{node.kind} {node.label!r} left RUNNING")
        parent = node.parent
        inner = parent is not None and parent is not tree.root
        if inner and parent is not None and node.end and parent.end and node.end > parent.end:
            problems.append(f"bar past its container: {node.label!r} in {parent.label!r}")
    root = diagnosis.root_node
    if root is not None and tree.root.status != "SUCCEEDED" and not root.failed:
        problems.append(f"root-cause run {root.label!r} shown {root.status}")
    for text in (views.get("tree", ""), views.get("timeline", "")):
        if "start not in the events fetched" in text and 1 in ids:
            problems.append("'start not in the events fetched' shown with the start present")
            break
    if "\\n" in views.get("why", ""):
        problems.append("literal \\n in why")
    failed = tree.root.status not in ("SUCCEEDED", "RUNNING")
    return problems, diagnosis.as_json(None) if failed else None, views


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--verbose", action="store_true", help="every failed history's cause")
    parser.add_argument("--only", default="", help="only files whose name contains this")
    parser.add_argument("--show", default="", help="print every view of histories matching this")
    args = parser.parse_args(argv)
    files = [p for p in _files(args.directory) if args.only in p.name]
    counts: Counter[str] = Counter()
    failed = 0
    for path in files:
        try:
            problems, why, views = check(path)
        except Exception:
            problems, why, views = [f"crash: {traceback.format_exc(limit=3)}"], None, {}
        for problem in problems:
            counts[problem.split(" ", 1)[0] if problem.startswith("crash") else _kind(problem)] += 1
        if problems:
            print(f"!! {path.name}")
            for problem in problems:
                print(f"     {problem}")
        if why is not None:
            failed += 1
            if args.verbose:
                root = why["rootCause"] or {}
                path_text = " › ".join(root.get("path") or [])
                print(
                    f"{why['status']:<9} {path.name[-90:]}\n"
                    f"          root: {path_text or root.get('state')} · {root.get('error')}"
                    f" · #{root.get('eventId')} (terminal #{why['terminal']['eventId']})"
                )
        if args.show and args.show in path.name:
            for name in ("events", "tree", "timeline", "why", "why-json"):
                print(f"--- {name} ---\n{views.get(name, '')}")
    print(f"\n{len(files)} histories, {failed} failed")
    names = ("crash", "nameless", "partial", "start-shown", "left-RUNNING", "literal-\\n")
    for name in (*names, "bar-past", "root-not-failed"):
        print(f"  {name:<14} {counts.get(name, 0)}")
    return 1 if counts else 0


def _kind(problem: str) -> str:
    if problem.startswith("nameless"):
        return "nameless"
    if problem.startswith("partial"):
        return "partial"
    if problem.startswith("'start"):
        return "start-shown"
    if "left RUNNING" in problem:
        return "left-RUNNING"
    if problem.startswith("bar past"):
        return "bar-past"
    if problem.startswith("root-cause run"):
        return "root-not-failed"
    return "literal-\\n"


if __name__ == "__main__":
    sys.exit(main())
