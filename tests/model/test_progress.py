"""Where a running execution is now (describe --watch): open state runs from the newest page of
its history, with a Wait state's end time from the definition."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from sfnctl.model import tree as model
from sfnctl.model.progress import running_states
from tests.support.histories import T0, History

HOLD = {
    "StartAt": "Prepare",
    "States": {
        "Prepare": {"Type": "Pass", "Next": "Hold"},
        "Hold": {"Type": "Wait", "Seconds": 90, "Next": "Done"},
        "Done": {"Type": "Succeed"},
    },
}


def holding() -> History:
    h = History()
    h.started()
    h.enter("Pass", "Prepare", 0.1)
    h.exit("Pass", "Prepare", 0.2)
    h.enter("Wait", "Hold", 0.3)
    return h


def test_a_wait_state_until_when_the_definition_says() -> None:
    (hold,) = running_states(model.build(holding().events), json.dumps(HOLD))
    assert hold.path == ("Hold",) and hold.type == "Wait" and hold.name == "Hold"
    assert hold.since == T0 + timedelta(seconds=0.3)
    assert hold.until == T0 + timedelta(seconds=90.3)


def test_without_the_definition_no_end_time() -> None:
    (hold,) = running_states(model.build(holding().events))
    assert hold.until is None and hold.since is not None


def test_a_timestamp_wait_and_one_whose_time_is_in_the_input() -> None:
    at = {"Type": "Wait", "Timestamp": "2026-11-21T12:00:00Z", "Next": "Done"}
    path = {"Type": "Wait", "SecondsPath": "$.delay", "Next": "Done"}
    for state, expected in ((at, datetime(2026, 11, 21, 12, tzinfo=UTC)), (path, None)):
        definition = {**HOLD, "States": {**HOLD["States"], "Hold": state}}
        (hold,) = running_states(model.build(holding().events), definition)
        assert hold.until == expected


def test_finished_states_and_finished_executions_are_not_running() -> None:
    h = holding()
    h.exit("Wait", "Hold", 90.3)
    h.enter("Succeed", "Done", 90.4)
    h.exit("Succeed", "Done", 90.4)
    h.succeeded(90.4)
    assert running_states(model.build(h.events), HOLD) == []


def test_every_running_branch_innermost_first_started_first() -> None:
    h = History()
    h.started()
    h.enter("Parallel", "Fan", 0.1)
    fan = h.add("ParallelStateStarted", 0.1)
    h.enter("Wait", "Nap", 0.3, prev=fan)
    h.enter("Task", "Charge", 0.2, prev=fan)
    h.lambda_scheduled("charge-card", 0.25)
    definition = {
        "StartAt": "Fan",
        "States": {
            "Fan": {
                "Type": "Parallel",
                "Branches": [
                    {"StartAt": "Nap", "States": {"Nap": {"Type": "Wait", "Seconds": 5}}},
                    {"StartAt": "Charge", "States": {"Charge": {"Type": "Task"}}},
                ],
            }
        },
    }
    found = running_states(model.build(h.events), definition)
    assert [r.path for r in found] == [("Fan", "branch 2", "Charge"), ("Fan", "branch 1", "Nap")]
    assert found[0].resource == "lambda:invoke → charge-card" and found[0].until is None
    assert found[1].until == T0 + timedelta(seconds=5.3)
