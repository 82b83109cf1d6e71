"""`sfnctl list` (no target, --failing) and `sfnctl durable functions` tables: width 100, no
colour; API text through the sanitiser."""

from __future__ import annotations

from datetime import UTC, datetime

from sfnctl.render.machines import render_functions, render_state_machines
from tests.support.rendering import render_text

CREATED = datetime(2026, 3, 1, 8, 30, tzinfo=UTC)
MACHINES = [
    {
        "stateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:payments",
        "name": "payments",
        "type": "STANDARD",
        "creationDate": CREATED,
        "failures": {"FAILED": 4, "TIMED_OUT": 1, "ABORTED": 0},
    },
    {
        "stateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:[red]x[/red]",
        "name": "[red]x[/red]\x1b[2J",
        "type": "EXPRESS",
        "creationDate": CREATED,
        "failures": {"FAILED": 0, "TIMED_OUT": 0, "ABORTED": 0},
    },
]


def test_state_machines(snapshot) -> None:
    assert render_text(render_state_machines(MACHINES, "State machines")) == snapshot


def test_state_machines_by_failures(snapshot) -> None:
    text = render_text(render_state_machines(MACHINES, "By failures", failing=True))
    assert "sfnctl why payments@failed" in text
    assert "[red]x[/red]" in text  # markup shown literally
    assert "\x1b" not in text
    assert text == snapshot


def test_no_state_machines(snapshot) -> None:
    assert render_text(render_state_machines([], "State machines")) == snapshot


def test_durable_functions(snapshot) -> None:
    functions = [
        {
            "FunctionName": "payments",
            "Runtime": "python3.13",
            "LastModified": "2026-11-01T10:00:00.000+0000",
            "DurableConfig": {"RetentionPeriodInDays": 7, "ExecutionTimeout": 900},
        }
    ]
    assert render_text(render_functions(functions, "Functions with durable executions")) == snapshot
