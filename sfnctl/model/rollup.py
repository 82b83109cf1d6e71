"""A map run's failed children grouped by error: the failure roll-up. Pure."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sfnctl.model.status import EXECUTION_FAILED

EXAMPLES = 3  # example execution ARNs per group
FAILED_STATUSES = EXECUTION_FAILED


def group_failures(children: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """[{error, status, count, cause, executionArns}], biggest group first.

    `children` are DescribeExecution results. Children group by (error, status); the cause
    shown is the most common one in the group (ties: the first seen), and `executionArns`
    holds a few examples in the order given.
    """
    groups: dict[tuple[str | None, str], dict[str, Any]] = {}
    causes: dict[tuple[str | None, str], dict[str | None, int]] = {}
    for child in children:
        error = child.get("error") or None
        status = str(child.get("status") or "")
        key = (error, status)
        group = groups.setdefault(
            key, {"error": error, "status": status, "count": 0, "cause": None, "executionArns": []}
        )
        group["count"] += 1
        if len(group["executionArns"]) < EXAMPLES:
            group["executionArns"].append(child.get("executionArn"))
        tally = causes.setdefault(key, {})
        cause = child.get("cause") or None
        tally[cause] = tally.get(cause, 0) + 1
    for key, group in groups.items():
        tally = causes[key]
        group["cause"] = max(tally, key=lambda c: tally[c])  # dicts keep first-seen order
    return sorted(
        groups.values(),
        key=lambda g: (-g["count"], g["status"], g["error"] or ""),
    )
