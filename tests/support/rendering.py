"""Rendering helpers shared by the tests: fixed width (100), no colour, a fixed clock, and the
recorded fixtures with their timestamps revived."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rich.console import Console

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
NOW = datetime(2026, 11, 21, 12, 0, 0, tzinfo=UTC)
WIDTH = 100


def plain_console() -> Console:
    return Console(
        width=WIDTH,
        color_system=None,
        force_terminal=False,
        record=True,
        file=io.StringIO(),
        legacy_windows=False,
    )


def render_text(renderable: Any) -> str:
    """What `sfnctl.present.show` prints: lines never cropped (an ID runs past the width)."""
    console = plain_console()
    console.print(renderable, crop=False)
    return console.export_text()


def _revive(value: Any) -> Any:
    """Recorded fixtures store timestamps as ISO strings; the API layer hands out datetimes."""
    if isinstance(value, dict):
        return {k: _revive(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_revive(v) for v in value]
    if isinstance(value, str) and len(value) >= 25 and value[4] == "-" and value[10] == "T":
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return value
    return value


def load_fixture(name: str) -> Any:
    return _revive(json.loads((FIXTURES / name).read_text()))
