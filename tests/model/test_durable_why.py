"""`why` for durable executions, and a timed-out durable execution's views (issue 11)."""

from __future__ import annotations

import json
from datetime import timedelta

from sfnctl.model import durable as model
from sfnctl.output import jsonable
from sfnctl.render.durable import render_durable, render_durable_history, render_durable_why
from sfnctl.render.execution import render_execution
from tests.support.rendering import NOW, load_fixture, render_text

ARN = "b64ff20d-643a-450c-ae06-57caec9251f0/7c0e52d1-95b4-4f0e-b1a3-2f6d8e9a0c44"


def timed_out() -> model.DurableHistory:
    return model.build(load_fixture("durable-timed-out.json")["history"])


def callback_id(history: model.DurableHistory) -> str:
    (op,) = [op for op in history.by_id.values() if op.kind == "Callback"]
    return str(op.info["CallbackId"])


def squeeze(text: str) -> str:
    """The text without the panel's borders and the folding, to find a folded value whole."""
    return "".join(text.replace("│", " ").split())


def test_timed_out_leaves_nothing_running_and_says_what_it_waited_on():
    history = timed_out()
    assert [op.status for _, op in history.walk() if op.status == "RUNNING"] == []
    diagnosis = model.diagnose(history, ARN)
    assert diagnosis.status == "TIMED_OUT" and diagnosis.failed is None
    assert [op.kind for op in diagnosis.waiting] == ["Callback"]
    data = json.loads(json.dumps(jsonable(model.diagnosis_json(diagnosis))))
    assert data["failedOperation"] is None
    assert data["waitingOn"][0]["callbackId"] == callback_id(history)
    assert data["waitingOn"][0]["status"] == "TIMED_OUT"


def test_timed_out_history_panel_is_not_failed_and_prints_the_callback_id_whole():
    history = timed_out()
    text = render_text(render_durable_history(history, "History"))
    assert "RUNNING" not in text
    assert "Timed out while waiting on" in text
    assert "Failed" not in text
    assert callback_id(history) in squeeze(text)


def test_why_durable_timed_out_human():
    history = timed_out()
    text = render_text(render_durable_why(model.diagnose(history, ARN), history))
    assert "TIMED_OUT  approval-91" in text
    assert "Timed out while waiting on" in text
    assert "manager-approval create callback id" in text
    assert callback_id(history) in squeeze(text)


def test_why_durable_failed_step_with_its_attempts():
    history = model.build(load_fixture("durable-payment-failure.json")["history"])
    diagnosis = model.diagnose(history, ARN)
    assert diagnosis.failed is not None and diagnosis.failed.name == "charge-card"
    data = model.diagnosis_json(diagnosis)
    assert [a["number"] for a in data["failedOperation"]["attempts"]] == [1, 2, 3]
    assert data["waitingOn"] == []
    text = render_text(render_durable_why(diagnosis, history))
    assert "3 (all failed)" in text
    assert "(attempt 3)" in text


def test_why_durable_running_waits_on_the_callback():
    history = model.build(load_fixture("durable-await-approval.json")["history"])
    diagnosis = model.diagnose(history, ARN, "RUNNING")
    assert diagnosis.failed is None
    assert [op.kind for op in diagnosis.waiting] == ["Callback"]
    assert "Still running: waiting on" in render_text(render_durable_why(diagnosis, history))


def test_finished_durable_execution_never_says_so_far():
    describe = load_fixture("durable-timed-out.json")["describe"]
    assert "EndTimestamp" not in describe
    text = render_text(render_durable(describe, NOW))
    assert "so far" not in text
    running = load_fixture("durable-await-approval.json")["describe"]
    assert "(so far)" in render_text(render_durable(running, NOW))


def test_finished_execution_without_stop_date_never_says_so_far():
    execution = {
        "executionArn": "arn:aws:states:us-east-1:123456789012:execution:sm:e1",
        "name": "e1",
        "stateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:sm",
        "status": "TIMED_OUT",
        "startDate": NOW - timedelta(minutes=1, seconds=11),
    }
    text = render_text(render_execution(execution, NOW, None))
    assert "so far" not in text
    running = {**execution, "status": "RUNNING"}
    assert "1m 11s (so far)" in render_text(render_execution(running, NOW, None))
