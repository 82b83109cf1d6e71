"""Plain-language explanations of redrive eligibility. Pure: no I/O."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sfnctl.model.status import EXECUTION_FAILED
from sfnctl.model.text import count_text


@dataclass(frozen=True)
class Explanation:
    meaning: str
    action: str

    def as_dict(self) -> dict[str, str]:
        return {"meaning": self.meaning, "action": self.action}


def _redrive_cmd(arn: str) -> str:
    return f"sfnctl redrive {arn}"


def explain_execution(
    execution: dict[str, Any], parent_execution_arn: str | None = None
) -> Explanation:
    """What an execution's redriveStatus/redriveStatusReason mean and what the operator can do."""
    arn = str(execution.get("executionArn", ""))
    status = execution.get("redriveStatus")
    reason = str(execution.get("redriveStatusReason") or "")
    lowered = reason.lower()
    sm = execution.get("stateMachineArn", "STATE_MACHINE_ARN")
    start_new = (
        f"aws stepfunctions start-execution --state-machine-arn {sm} --input file://input.json"
    )
    if execution.get("status") in ("SUCCEEDED", "RUNNING", "PENDING_REDRIVE"):
        return _not_stopped_by_failure(str(execution["status"]), arn)
    if status == "REDRIVABLE":
        count = execution.get("redriveCount", 0)
        return Explanation(
            f"The execution can be redriven: it restarts from the failed state, keeping the "
            f"successful steps (redriven {count} time(s) so far).",
            f"Redrive it: {_redrive_cmd(arn)}",
        )
    if status == "REDRIVABLE_BY_MAP_RUN":
        parent = parent_execution_arn or "the parent execution"
        return Explanation(
            "This is a child execution of a Distributed Map run: it cannot be redriven on its "
            "own, only through a redrive of the parent execution, which redrives the map run's "
            "failed children.",
            f"Redrive the parent: {_redrive_cmd(parent)}",
        )
    if status is None:
        return Explanation(
            "The service did not report redrive eligibility for this execution (an emulator, "
            "or an execution started before redrive existed).",
            "Check the execution's status: only FAILED, TIMED_OUT or ABORTED executions started "
            "in the last 14 days can be redriven.",
        )
    if "event limit" in lowered or ("history" in lowered and "limit" in lowered):
        return Explanation(
            "It can never be redriven: its history reached the 25,000-event limit.",
            f"Start a new execution (consider a child workflow or Distributed Map to keep "
            f"histories small): {start_new}",
        )
    if "running" in lowered:
        return Explanation(
            "It is still running, so there is nothing to redrive yet.",
            f"Watch it: sfnctl describe {arn}",
        )
    if "succeeded" in lowered:
        return Explanation("It succeeded; there is nothing to redrive.", "Nothing to do.")
    if "redrivable period" in lowered or "14 days" in lowered:
        return Explanation(
            "It can no longer be redriven: the 14-day redrive window after it stopped is over.",
            f"Start a new execution: {start_new}",
        )
    if "max execution time" in lowered or "one year" in lowered:
        return Explanation(
            "It can never be redriven: it reached the one-year maximum execution time.",
            f"Start a new execution: {start_new}",
        )
    if "before the launch" in lowered or "launch of redrive" in lowered:
        return Explanation(
            "It can never be redriven: it started before redrive was available.",
            f"Start a new execution: {start_new}",
        )
    if "express" in lowered:
        return Explanation(
            "Express executions cannot be redriven (unless a Distributed Map run dispatched them).",
            f"Start a new execution: {start_new}",
        )
    return Explanation(
        "It cannot be redriven" + (f": {reason}" if reason else "."),
        f"Start a new execution: {start_new}",
    )


def _not_stopped_by_failure(status: str, arn: str) -> Explanation:
    """Redrive reruns what failed: a succeeded or still-running execution has nothing to rerun
    (whether or not the service reported redriveStatus — emulators don't)."""
    if status == "SUCCEEDED":
        return Explanation("It succeeded: there is nothing to redrive.", "Nothing to do.")
    return Explanation(
        "It is still running, so there is nothing to redrive yet.",
        f"Watch it: sfnctl describe {arn} --watch",
    )


def explain_map_run(map_run: dict[str, Any], parent: dict[str, Any] | None) -> Explanation:
    """What a map run's redrive counters mean, given its parent execution's status."""
    parent_arn = str(map_run.get("executionArn", ""))
    items = map_run.get("itemCounts") or {}
    pending = count_text(items.get("pendingRedrive"))
    not_redrivable = count_text(items.get("failuresNotRedrivable"))
    parent_status = (parent or {}).get("status")
    parent_redrive = (parent or {}).get("redriveStatus")
    counts = (
        f"{pending} item(s) are waiting to be rerun by a redrive; "
        f"{not_redrivable} failed item(s) can never be redriven."
    )
    if map_run.get("status") == "RUNNING":
        return Explanation(
            f"The map run is still running. {counts}",
            f"Watch it: sfnctl maprun show {map_run.get('mapRunArn', '')}",
        )
    if parent_redrive == "REDRIVABLE" or (
        parent_redrive is None and parent_status in EXECUTION_FAILED
    ):
        return Explanation(
            f"Map runs are redriven through their parent execution ({parent_status}). {counts}",
            f"Redrive the parent: {_redrive_cmd(parent_arn)}",
        )
    if parent_status == "SUCCEEDED" or map_run.get("status") == "SUCCEEDED":
        return Explanation(f"The map run and its parent succeeded. {counts}", "Nothing to do.")
    return Explanation(
        f"The parent execution is {parent_status or 'unknown'} and cannot redrive this map run "
        f"now. {counts}",
        f"See why: sfnctl redrive-status {parent_arn}",
    )


def refusal(execution: dict[str, Any]) -> bool:
    """True when a redrive must not be sent: the service says it is not REDRIVABLE, or (an
    emulator saying nothing) the execution did not fail."""
    status = execution.get("redriveStatus")
    if status is None:
        return execution.get("status") not in EXECUTION_FAILED
    return bool(status != "REDRIVABLE")


@dataclass(frozen=True)
class MapRunPlan:
    map_run_arn: str
    failed: int  # failed children (rerun by the redrive)
    pending: int  # items waiting for a redrive (pendingRedrive)
    not_redrivable: int  # failed items that can never be redriven

    def as_dict(self) -> dict[str, Any]:
        return {
            "mapRunArn": self.map_run_arn,
            "failed": self.failed,
            "pendingRedrive": self.pending,
            "failuresNotRedrivable": self.not_redrivable,
        }


def map_run_plan(map_run: dict[str, Any]) -> MapRunPlan | None:
    """What a redrive of the parent reruns in this map run (None: nothing)."""
    items = map_run.get("itemCounts") or {}
    children = map_run.get("executionCounts") or {}
    failed = sum(int(children.get(k, 0) or 0) for k in ("failed", "timedOut", "aborted"))
    pending = int(items.get("pendingRedrive", 0) or 0)
    not_redrivable = int(items.get("failuresNotRedrivable", 0) or 0)
    if not (failed or pending or not_redrivable):
        return None
    return MapRunPlan(str(map_run.get("mapRunArn", "")), failed, pending, not_redrivable)
