"""The choke points issue 12 fixed in place: the sanitiser's table, the C-locale check, the
bounded saved-history reader, the ARN cache that only reads regular files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sfnctl import arncache
from sfnctl.charset import c_locale
from sfnctl.commands import inputs
from sfnctl.errors import SfnctlError
from sfnctl.model import saved
from sfnctl.sanitize import clean

INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u061c\u2060\u2061\u2064\ufeff\u206a\u206f"


@pytest.mark.parametrize("char", list(INVISIBLE))
@pytest.mark.parametrize("multiline", [False, True])
def test_zero_width_and_bidi_marks_are_made_visible(char: str, multiline: bool) -> None:
    assert clean(f"a{char}b", multiline=multiline) == f"a\\u{ord(char):04x}b"


def test_ordinary_non_ascii_text_is_untouched() -> None:
    assert clean("naïve → 東京 ✓") == "naïve → 東京 ✓"


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"LC_ALL": "C"}, True),
        ({"LC_ALL": "POSIX"}, True),
        ({"LC_ALL": "C.UTF-8"}, False),
        ({"LC_ALL": "", "LANG": "C"}, True),
        ({"LANG": "en_GB.UTF-8"}, False),
        ({"LC_ALL": "en_GB.UTF-8", "LANG": "C"}, False),
        ({}, False),
    ],
)
def test_c_locale(monkeypatch: pytest.MonkeyPatch, env: dict[str, str], expected: bool) -> None:
    for name in ("LC_ALL", "LC_CTYPE", "LANG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert c_locale() is expected


def test_saved_history_refuses_a_device() -> None:
    with pytest.raises(SfnctlError, match="not a regular file") as raised:
        inputs.read_text("/dev/zero")
    assert raised.value.code == 2


def test_saved_history_refuses_a_fifo_without_blocking(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    with pytest.raises(SfnctlError, match="not a regular file"):
        inputs.read_text(str(tmp_path / "pipe"))


def test_saved_history_refuses_more_than_the_cap(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    with big.open("wb") as handle:
        handle.truncate(saved.MAX_BYTES + 1)
    with pytest.raises(SfnctlError, match="larger than 128 MiB"):
        inputs.read_text(str(big))


def test_saved_history_reads_a_regular_file(tmp_path: Path) -> None:
    path = tmp_path / "h.json"
    path.write_text('[{"id": 1, "type": "ExecutionStarted", "timestamp": 0}]')
    events = saved.parse_history(inputs.read_text(str(path)), str(path))
    assert [e["id"] for e in events] == [1]


@pytest.mark.parametrize(
    "text",
    [
        '[{"id": 1e400, "type": "ExecutionStarted", "timestamp": 0}]',
        '[{"id": Infinity, "type": "ExecutionStarted", "timestamp": 0}]',
        "[" * 50_000 + "]" * 50_000,
    ],
)
def test_saved_history_numbers_and_depth_are_usage_errors(text: str) -> None:
    with pytest.raises(SfnctlError) as raised:
        saved.parse_history(text, "h.json")
    assert raised.value.code == 2


def test_arn_cache_that_is_a_fifo_reads_as_empty() -> None:
    path = Path(arncache.cache_path())
    path.parent.mkdir(parents=True)
    os.mkfifo(path)
    assert arncache.load() == []


def test_arn_cache_still_reads_a_regular_file() -> None:
    arn = "arn:aws:states:us-east-1:123456789012:execution:sm:run"
    arncache.remember([arn])
    assert arncache.load() == [arn]


@pytest.mark.parametrize(
    "url",
    ["http//x", "http://[::1", "http://127.0.0.1:99999", "http://127.0.0.1:1 ", "ftp://x", "", "x"],
)
def test_a_malformed_endpoint_is_a_usage_error(url: str) -> None:
    from sfnctl.aws.session import check_endpoint
    from sfnctl.errors import Exit

    with pytest.raises(SfnctlError) as raised:
        check_endpoint(url)
    assert raised.value.code is Exit.USAGE


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8083", "https://states.us-east-1.amazonaws.com", "http://[::1]:5000"]
)
def test_a_good_endpoint_passes(url: str) -> None:
    from sfnctl.aws.session import check_endpoint

    check_endpoint(url)


def test_endpoint_variables_are_checked_too(monkeypatch: pytest.MonkeyPatch) -> None:
    from sfnctl.aws.session import check_endpoint

    monkeypatch.setenv("AWS_ENDPOINT_URL_SFN", "http://127.0.0.1:99999")
    with pytest.raises(SfnctlError, match=r"99999"):
        check_endpoint(None)


@pytest.mark.parametrize(
    ("value", "shown"),
    [(None, "—"), ("x", "—"), (float("nan"), "—"), ("90", "1m 30s"), (5, "5.000s"), ([1], "—")],
)
def test_durations_of_any_wire_type(value: object, shown: str) -> None:
    from sfnctl.render.common import format_duration

    assert format_duration(value) == shown  # type: ignore[arg-type]
