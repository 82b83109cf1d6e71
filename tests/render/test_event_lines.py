"""The large-history event table (EventLines): same columns, one line per event, fast."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from sfnctl.model.events import event_rows
from sfnctl.render.events import LARGE, EventLines, render_events
from tests.support.hostile import RAW_CONTROL
from tests.support.rendering import NOW, WIDTH, load_fixture, render_text


def test_large_histories_use_event_lines_with_every_event(snapshot) -> None:
    events = load_fixture("emulator-fetch-report.json")["history"]
    many = [
        {**e, "id": i + 1, "timestamp": NOW + timedelta(seconds=i)}
        for i, e in enumerate(events * (LARGE // len(events) + 1))
    ]
    assert isinstance(render_events(many, "big"), EventLines)
    text = render_text(render_events(many, "big"))
    lines = text.splitlines()
    assert len(lines) == len(many) + 3  # title, header, rule
    assert all(len(line) <= WIDTH for line in lines)
    assert lines[3].split()[0] == "1" and lines[-1].split()[0] == str(len(many))
    assert "✖ TaskFailed" in text and "…" in text  # failures marked, long details cut
    assert "\n".join(lines[:12]) == snapshot


def test_event_lines_match_the_table_row_for_row() -> None:
    events = load_fixture("emulator-nested-failure.json")["history"]
    lines = render_text(EventLines(event_rows(events), "t")).splitlines()[3:]
    for row, line in zip(event_rows(events), lines, strict=True):
        assert line.split()[0] == str(row.id)
        assert row.type in line


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=60), st.text(max_size=200))
def test_event_lines_never_emit_control_characters(name: str, detail: str) -> None:
    events = [
        {"id": 1, "type": "TaskStateEntered", "timestamp": NOW, "previousEventId": 0,
         "stateEnteredEventDetails": {"name": name, "input": detail}},
        {"id": 2, "type": "TaskFailed", "timestamp": NOW, "previousEventId": 1,
         "taskFailedEventDetails": {"error": name, "cause": detail}},
    ]  # fmt: skip
    text = render_text(EventLines(event_rows(events), name))
    assert not RAW_CONTROL.search(text)
    assert all(len(line) <= WIDTH for line in text.splitlines() if line.isascii())
