"""Structural JSON diff: which paths were added, removed or changed between two values. Pure.

- Paths are JSONPath-ish: `$`, `$.a.b[0]`, and `$["a b"]` for keys that are not identifiers.
- Order is deterministic: depth first, object keys sorted, list items by index.
- Lists are compared index by index (no move detection): an item inserted at the front shows
  as changes down the list and one `added` at its end.
- `1` and `1.0` are the same JSON number; `true` and `1` are not (a type change is `changed`).
- Strings that hold JSON are parsed first: the top-level values always (Step Functions inputs
  and outputs are JSON strings), nested strings when both sides parse to an object or array
  (a Lambda proxy's `body`); the path goes on into them unchanged.
- Nothing recurses: the walk uses its own stack, so 10,000-deep input is fine. Values placed
  in a change are copied only `VALUE_DEPTH` levels deep; deeper containers become
  `DEEPER` (a marker string), so the result is always safe to JSON-encode.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Literal

Op = Literal["added", "removed", "changed"]
VALUE_DEPTH = 8
DEEPER = "…(deeper values left out)"
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_MISSING = object()


@dataclass(frozen=True)
class Change:
    """One difference. `a` is None for `added`, `b` is None for `removed`."""

    path: str
    op: Op
    a: Any = None
    b: Any = None

    def as_json(self) -> dict[str, Any]:
        return {"path": self.path, "op": self.op, "a": self.a, "b": self.b}


def decode(value: Any) -> Any:
    """`value` parsed as JSON when it is a string holding JSON; otherwise unchanged (also for
    JSON too deep for the parser)."""
    if not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except (ValueError, RecursionError):
        return value


def diff(a: Any, b: Any, *, limit: int | None = None) -> list[Change]:
    """The differences between `a` and `b` (see the module doc); at most `limit` of them (ask
    for one more than you show to know whether there were more)."""
    changes: list[Change] = []
    stack: list[tuple[str, Any, Any]] = [("$", decode(a), decode(b))]
    while stack and (limit is None or len(changes) < limit):
        path, x, y = stack.pop()
        if x is _MISSING:
            changes.append(Change(path, "added", None, bounded(y)))
            continue
        if y is _MISSING:
            changes.append(Change(path, "removed", bounded(x), None))
            continue
        if isinstance(x, str) and isinstance(y, str) and x != y:
            x, y = _embedded(x, y)
        if isinstance(x, dict) and isinstance(y, dict):
            stack.extend(reversed(_dict_children(path, x, y)))
        elif isinstance(x, list) and isinstance(y, list):
            stack.extend(reversed(_list_children(path, x, y)))
        elif not _same_scalar(x, y):
            changes.append(Change(path, "changed", bounded(x), bounded(y)))
    return changes


def _dict_children(path: str, x: dict[str, Any], y: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    return [
        (child_path(path, key), x.get(key, _MISSING), y.get(key, _MISSING))
        for key in sorted(set(x) | set(y), key=str)
    ]


def _list_children(path: str, x: list[Any], y: list[Any]) -> list[tuple[str, Any, Any]]:
    return [
        (f"{path}[{i}]", x[i] if i < len(x) else _MISSING, y[i] if i < len(y) else _MISSING)
        for i in range(max(len(x), len(y)))
    ]


def child_path(path: str, key: Any) -> str:
    """`path` extended by an object key: `.key`, or `["odd key"]` (JSON-quoted)."""
    text = str(key)
    if _IDENT.fullmatch(text):
        return f"{path}.{text}"
    return f"{path}[{json.dumps(text, ensure_ascii=False)}]"


def _embedded(x: str, y: str) -> tuple[Any, Any]:
    px, py = decode(x), decode(y)
    if isinstance(px, dict | list) and isinstance(py, dict | list):
        return px, py
    return x, y


def _same_scalar(x: Any, y: Any) -> bool:
    if isinstance(x, bool) or isinstance(y, bool):
        return type(x) is type(y) and x == y
    if isinstance(x, int | float) and isinstance(y, int | float):
        return x == y
    if type(x) is not type(y):
        return False
    if isinstance(x, dict | list):  # only reached for a container vs a non-container
        return False
    return bool(x == y)


def bounded(value: Any, depth: int = VALUE_DEPTH) -> Any:
    """A copy of `value` at most `depth` container levels deep; deeper containers → DEEPER.
    Iterative: safe on any depth. The missing marker becomes None."""
    if value is _MISSING:
        return None
    if not isinstance(value, dict | list):
        return value
    root: Any = {} if isinstance(value, dict) else []
    stack: list[tuple[Any, Any, int]] = [(value, root, 1)]
    while stack:
        source, target, level = stack.pop()
        items = source.items() if isinstance(source, dict) else enumerate(source)
        for key, item in items:
            if isinstance(item, dict | list):
                if level >= depth:
                    copy: Any = DEEPER
                else:
                    copy = {} if isinstance(item, dict) else []
                    stack.append((item, copy, level + 1))
            else:
                copy = item
            if isinstance(target, dict):
                target[key] = copy
            else:
                target.append(copy)
    return root
