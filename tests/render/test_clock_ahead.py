"""A time later than this machine's clock (a local runner that skips waits) says so, instead
of silently dropping the "(… ago)" the times around it have."""

from __future__ import annotations

from datetime import timedelta

import pytest

from sfnctl.render.common import format_time
from tests.support.rendering import NOW


@pytest.mark.parametrize(
    ("offset", "suffix"),
    [
        (-3, " (3s ago)"),
        (0, " (0s ago)"),
        (2, ""),  # ordinary clock skew: nothing to say
        (41, " (41s ahead of this clock)"),
        (100, " (1m 40s ahead of this clock)"),
    ],
)
def test_future_times_are_flagged(offset: int, suffix: str) -> None:
    value = NOW + timedelta(seconds=offset)
    assert format_time(value, NOW) == value.strftime("%Y-%m-%d %H:%M:%S UTC") + suffix
