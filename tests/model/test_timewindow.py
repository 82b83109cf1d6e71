"""Time words for --since/--until: durations, `now`, ISO 8601 → aware UTC; the Window type."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sfnctl.model.timewindow import (
    ACCEPTED_FORMS,
    DEFAULT_SINCE,
    Window,
    WindowError,
    as_utc,
    in_window,
    merge_newest_first,
    parse_duration,
    parse_time,
    window,
)

NOW = datetime(2026, 11, 21, 12, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("90s", 90),
        ("30m", 1800),
        ("2h", 7200),
        ("7d", 7 * 86400),
        ("1w", 7 * 86400),
        ("1h30m", 5400),
        ("1d12h", 36 * 3600),
        ("2w3d4h5m6s", 2 * 604800 + 3 * 86400 + 4 * 3600 + 5 * 60 + 6),
        ("0s", 0),
        (" 2H ", 7200),
    ],
)
def test_durations(text, seconds):
    assert parse_duration(text) == timedelta(seconds=seconds)
    assert parse_time(text, NOW) == NOW - timedelta(seconds=seconds)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "h",
        "90",
        "1.5h",
        "-2h",
        "2 h",
        "1m1h",
        "2hours",
        "3mo",
        "1y",
        "h2",
        "1h1h",
        "∞s",
        "٣s",
        "２h",
    ],
)
def test_not_durations(text):
    with pytest.raises(WindowError) as err:
        parse_duration(text)
    assert "90s, 30m, 2h, 7d, 1w" in err.value.message
    assert "\n" not in err.value.message


def test_window_error_is_a_value_error_listing_every_form():
    with pytest.raises(ValueError, match="ISO 8601") as err:
        parse_time("yesterday", NOW)
    assert ACCEPTED_FORMS in str(err.value)
    assert "'yesterday'" in str(err.value)


def test_a_long_bad_word_is_cut_in_the_message():
    with pytest.raises(WindowError) as err:
        parse_time("x" * 500, NOW)
    assert len(err.value.message) < 400
    assert "…" in err.value.message


def test_now_word():
    assert parse_time("now", NOW) == NOW
    assert parse_time(" NOW ", NOW) == NOW


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-21T09:00:00Z", datetime(2026, 11, 21, 9, tzinfo=UTC)),
        ("2026-11-21T09:00:00z", datetime(2026, 11, 21, 9, tzinfo=UTC)),
        ("2026-11-21T09:00:00+02:00", datetime(2026, 11, 21, 7, tzinfo=UTC)),
        ("2026-11-21T09:00:00-05:30", datetime(2026, 11, 21, 14, 30, tzinfo=UTC)),
        ("2026-11-21T09:00", datetime(2026, 11, 21, 9, tzinfo=UTC)),
        ("2026-11-21 09:00:30.250", datetime(2026, 11, 21, 9, 0, 30, 250000, tzinfo=UTC)),
        ("2026-11-21", datetime(2026, 11, 21, tzinfo=UTC)),
    ],
)
def test_iso_times_are_utc(text, expected):
    got = parse_time(text, NOW)
    assert got == expected
    assert got.utcoffset() == timedelta(0)


@pytest.mark.parametrize("text", ["20261121", "2026-13-01", "2026-11-21T25:00", "21/11/2026"])
def test_not_iso_times(text):
    with pytest.raises(WindowError):
        parse_time(text, NOW)


def test_duration_too_long_is_an_error_not_an_overflow():
    with pytest.raises(WindowError):
        parse_time("999999999999w", NOW)
    with pytest.raises(WindowError):
        parse_time("3000000d", NOW)  # past year 1


def test_naive_now_is_taken_as_utc():
    assert parse_time("1h", NOW.replace(tzinfo=None)) == NOW - timedelta(hours=1)


def test_as_utc_converts_aware_and_labels_naive():
    plus2 = timezone(timedelta(hours=2))
    assert as_utc(datetime(2026, 1, 1, 2, tzinfo=plus2)) == datetime(2026, 1, 1, tzinfo=UTC)
    assert as_utc(datetime(2026, 1, 1)).tzinfo is UTC


# --- Window -----------------------------------------------------------------------------------


def test_default_window_is_the_last_24_hours():
    w = window(None, None, NOW)
    assert w == Window(NOW - DEFAULT_SINCE, NOW)


def test_open_window_when_no_default():
    w = window(None, None, NOW, default_since=None)
    assert w.since is None
    assert w.contains(datetime(1999, 1, 1, tzinfo=UTC))
    assert not w.is_older(datetime(1999, 1, 1, tzinfo=UTC))


def test_since_and_until_words():
    w = window("2h", "30m", NOW)
    assert w == Window(NOW - timedelta(hours=2), NOW - timedelta(minutes=30))
    assert w.contains(NOW - timedelta(hours=1))
    assert not w.contains(NOW - timedelta(minutes=10))
    assert w.is_newer(NOW - timedelta(minutes=10))
    assert w.is_older(NOW - timedelta(hours=3))
    assert not w.is_older(NOW - timedelta(hours=1))


def test_bounds_are_inclusive():
    w = window("2h", "1h", NOW)
    assert w.contains(NOW - timedelta(hours=2))
    assert w.contains(NOW - timedelta(hours=1))
    assert not w.contains(NOW - timedelta(hours=2, microseconds=1))


def test_naive_times_compare_as_utc():
    w = window("2h", None, NOW)
    assert w.contains(datetime(2026, 11, 21, 11, 0))
    assert w.is_older(datetime(2026, 11, 21, 9, 0))


def test_since_after_until_is_an_error():
    with pytest.raises(WindowError, match="after --until"):
        window("1h", "2h", NOW)


def test_window_json():
    assert window("1h", None, NOW).as_json() == {
        "since": "2026-11-21T11:00:00+00:00",
        "until": "2026-11-21T12:00:00+00:00",
    }
    assert Window(None, None).as_json() == {"since": None, "until": None}


@given(st.integers(0, 10**5), st.sampled_from("smhdw"))
def test_every_number_and_unit_parses(n, unit):
    seconds = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}[unit]
    assert parse_duration(f"{n}{unit}") == timedelta(seconds=n * seconds)


@given(st.text(max_size=30))
def test_anything_is_a_time_or_a_window_error(text):
    try:
        got = parse_time(text, NOW)
    except WindowError as err:
        assert "\n" not in err.message
    else:
        assert got.tzinfo is not None
        assert got.utcoffset() == timedelta(0)


@given(st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(2100, 1, 1)))
def test_iso_round_trip(moment):
    aware = moment.replace(tzinfo=UTC)
    assert parse_time(aware.isoformat(), NOW) == aware
    assert parse_time(moment.isoformat(), NOW) == aware


# --- streams ----------------------------------------------------------------------------------


def executions(*hours_ago: float) -> list[dict]:
    return [{"name": f"e{h}", "startDate": NOW - timedelta(hours=h)} for h in hours_ago]


def start_of(item: dict):
    return item.get("startDate")


def test_in_window_skips_newer_and_stops_at_the_first_older_without_pulling_more():
    pulled: list[str] = []

    def stream():
        for item in executions(0.1, 0.5, 1.5, 2.5, 3.0, 4.0):
            pulled.append(item["name"])
            yield item

    w = window("3h", "1h", NOW)
    assert [e["name"] for e in in_window(stream(), w, start_of)] == ["e1.5", "e2.5", "e3.0"]
    assert pulled == ["e0.1", "e0.5", "e1.5", "e2.5", "e3.0", "e4.0"]  # e4.0 ends it
    pulled.clear()
    assert [e["name"] for e in in_window(stream(), window("1h", None, NOW), start_of)] == [
        "e0.1",
        "e0.5",
    ]
    assert pulled == ["e0.1", "e0.5", "e1.5"]  # nothing after the first older item


def test_in_window_keeps_items_without_a_time():
    items = [{"name": "x"}, *executions(0.5)]
    assert len(list(in_window(items, window("1h", None, NOW), start_of))) == 2


def test_merge_newest_first_lazily():
    failed = executions(0.5, 2.0, 5.0)
    timed_out = executions(1.0, 3.0)
    aborted: list[dict] = []
    merged = merge_newest_first([failed, timed_out, aborted], start_of)
    assert [e["name"] for e in merged] == ["e0.5", "e1.0", "e2.0", "e3.0", "e5.0"]


def test_merge_ties_keep_stream_order_and_timeless_items_go_last():
    a = [{"name": "a", "startDate": NOW}, {"name": "a-none"}]
    b = [{"name": "b", "startDate": NOW.replace(tzinfo=None)}]
    assert [e["name"] for e in merge_newest_first([a, b], start_of)] == ["a", "b", "a-none"]


@given(st.lists(st.lists(st.integers(0, 1000), max_size=8), max_size=4))
def test_merge_is_sorted_and_complete(streams):
    items = [
        [{"startDate": NOW - timedelta(minutes=m)} for m in sorted(stream)] for stream in streams
    ]
    merged = list(merge_newest_first(items, start_of))
    assert len(merged) == sum(len(s) for s in streams)
    times = [e["startDate"] for e in merged]
    assert times == sorted(times, reverse=True)
