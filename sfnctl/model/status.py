"""Status names, one set per service — the CLI's choices (`--status`) are derived from these.

Step Functions executions and map runs, and Lambda durable executions, each have their own
statuses; the groupings below (still going, failed, terminal) are what commands decide on.
"""

from __future__ import annotations

from enum import StrEnum


class ExecutionStatus(StrEnum):
    """A Step Functions execution (ListExecutions' statusFilter)."""

    RUNNING = "RUNNING"
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"
    TIMED_OUT = "TIMED_OUT"
    ABORTED = "ABORTED"
    PENDING_REDRIVE = "PENDING_REDRIVE"


class RedriveFilter(StrEnum):
    REDRIVEN = "REDRIVEN"
    NOT_REDRIVEN = "NOT_REDRIVEN"


class DurableStatus(StrEnum):
    """A Lambda durable execution (ListDurableExecutionsByFunction's Statuses)."""

    RUNNING = "RUNNING"
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"
    TIMED_OUT = "TIMED_OUT"
    STOPPED = "STOPPED"
    PAUSING = "PAUSING"
    PAUSED = "PAUSED"
    DELETING = "DELETING"


# An execution, map run or durable execution in one of these is not finished (--watch goes on).
STILL_GOING: tuple[str, ...] = ("RUNNING", "PENDING_REDRIVE", "PAUSING", "PAUSED")
# A Step Functions execution that ended badly (describe looks for the root cause).
EXECUTION_FAILED: tuple[str, ...] = ("FAILED", "TIMED_OUT", "ABORTED")
# A durable execution that ended badly.
DURABLE_FAILED: tuple[str, ...] = ("FAILED", "TIMED_OUT", "STOPPED")

# Final statuses: nothing more will happen (the demo and tests wait for these).
EXECUTION_TERMINAL: tuple[str, ...] = ("SUCCEEDED", *EXECUTION_FAILED)
DURABLE_TERMINAL: tuple[str, ...] = ("SUCCEEDED", *DURABLE_FAILED)

# The events that end a history: --watch stops when one has arrived.
EXECUTION_END_EVENTS: tuple[str, ...] = (
    "ExecutionSucceeded",
    "ExecutionFailed",
    "ExecutionTimedOut",
    "ExecutionAborted",
)
DURABLE_END_EVENTS: tuple[str, ...] = (
    "ExecutionSucceeded",
    "ExecutionFailed",
    "ExecutionTimedOut",
    "ExecutionStopped",
)

# `--exit-status`: the outcome as the process exit code (after printing). README documents it.
STATUS_EXIT_CODES: dict[str, int] = {
    "SUCCEEDED": 0,
    "FAILED": 10,
    "TIMED_OUT": 11,
    "ABORTED": 12,
    "STOPPED": 12,
    "RUNNING": 20,
    "PAUSING": 20,  # durable: not finished either
    "PAUSED": 20,
    "PENDING_REDRIVE": 21,
}
UNKNOWN_STATUS_EXIT = 1  # Exit.UNEXPECTED


def exit_code_of(status: object, exit_status: bool) -> int:
    """The exit code for `--exit-status` (0 without it)."""
    if not exit_status:
        return 0
    return STATUS_EXIT_CODES.get(str(status), UNKNOWN_STATUS_EXIT)
