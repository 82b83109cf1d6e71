"""Durable-execution renderer snapshots: width 100, no colour, fixed clock."""

from __future__ import annotations

import pytest

from sfnctl.model import durable as model
from sfnctl.render.durable import render_durable, render_durable_history, render_durable_list
from sfnctl.sanitize import clean
from tests.support.rendering import NOW, load_fixture, render_text

FUNCTIONS = ["order-pipeline", "payment-failure", "fan-out", "await-approval"]


@pytest.mark.parametrize("function", FUNCTIONS)
def test_describe_recorded(snapshot, function: str) -> None:
    data = load_fixture(f"durable-{function}.json")
    assert render_text(render_durable(data["describe"], NOW)) == snapshot


@pytest.mark.parametrize("function", FUNCTIONS)
def test_history_recorded(snapshot, function: str) -> None:
    data = load_fixture(f"durable-{function}.json")
    history = model.build(data["history"])
    assert render_text(render_durable_history(history, f"History of {function}")) == snapshot


def test_history_failed_only(snapshot) -> None:
    history = model.build(load_fixture("durable-payment-failure.json")["history"])
    text = render_text(render_durable_history(history, "failed only", failed_only=True))
    assert "load-customer" not in text and "charge-card" in text
    assert text == snapshot


def test_list_recorded(snapshot) -> None:
    items = [load_fixture(f"durable-{f}.json")["list"][0] for f in FUNCTIONS]
    assert render_text(render_durable_list(items, NOW, "Durable executions")) == snapshot


def test_describe_with_stack_trace_and_hostile_text(snapshot) -> None:
    data = load_fixture("durable-payment-failure.json")["describe"]
    data["Error"] = {
        "ErrorType": "PaymentDeclinedError\x1b]8;;http://evil\x07",
        "ErrorMessage": "declined [red]boom[/red]\u202e",
        "ErrorData": '{"code": "do_not_honor", "retryable": false}',
        "StackTrace": [
            '  File "/var/task/handler.py", line 30, in charge_card\n'
            "    raise PaymentDeclined(reason)",
            '  File "/var/task/payments.py", line 8, in charge\n    return gateway.charge(card)',
        ],
    }
    data["TraceHeader"] = {"XAmznTraceId": "Root=1-5759e988-bd862e3fe1be46a994272793"}
    data["DurableConfig"] = {"ExecutionTimeout": 900, "RetentionPeriodInDays": 14}
    text = render_text(render_durable(data, NOW))
    assert "\x1b" not in text and "\u202e" not in text
    assert clean("declined [red]boom[/red]\u202e") in text
    assert text == snapshot
