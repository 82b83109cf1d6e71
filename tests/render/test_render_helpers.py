import json
from datetime import UTC, datetime, timedelta, timezone

from sfnctl.output import dumps, iso
from sfnctl.render.common import format_duration, format_time, payload
from sfnctl.render.execution import render_execution
from tests.fixtures import seed_shaped as s
from tests.support.rendering import NOW, render_text


def test_big_payload_shows_a_bounded_preview_and_says_how_to_get_the_rest():
    big = json.dumps({"rows": [{"i": i, "pad": "x" * 200} for i in range(1200)]})  # ~256 KB
    assert len(big) > 250_000
    text = render_text(render_execution({**s.REDRIVEN_EXECUTION, "input": big}, NOW))
    assert len(text) < 20_000
    assert "preview truncated" in text
    squeezed = "".join(text.replace("│", "").split())
    assert "".join(f"sfnctl describe {s.EXEC} --json | jq -r .input".split()) in squeezed


def test_text_that_is_not_json_is_shown_as_text():
    assert render_text(payload("{not json")).strip() == "{not json"


def test_durations():
    assert format_duration(0.5) == "0.500s"
    assert format_duration(42.25) == "42.2s"
    assert format_duration(61) == "1m 01s"
    assert format_duration(3600 * 5 + 60 * 7) == "5h 07m"
    assert format_duration(86400 * 3 + 3600) == "3d 01h"
    assert format_duration(None) == "—"


def test_times_are_utc_with_relative_age():
    local = datetime(2026, 11, 21, 13, 0, tzinfo=UTC).astimezone(timezone(timedelta(hours=2)))
    assert format_time(local, NOW + timedelta(hours=1)) == "2026-11-21 13:00:00 UTC (0s ago)"


def test_json_timestamps_are_iso_utc():
    plus2 = datetime(2026, 11, 21, 14, 0, tzinfo=timezone(timedelta(hours=2)))
    assert iso(plus2) == "2026-11-21T12:00:00+00:00"
    assert json.loads(dumps({"t": plus2, "ResponseMetadata": {}})) == {
        "t": "2026-11-21T12:00:00+00:00"
    }
