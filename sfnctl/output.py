"""JSON encoding: `--json` and `--jsonl` (the presenter, sfnctl.present, decides when).

`--json` prints the API's own keys and values (minus ResponseMetadata) on stdout and nothing
else; timestamps become ISO 8601 with an explicit UTC offset. Human output goes through a
renderer to the stdout console (sfnctl.present). Hints and progress always go to stderr.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sfnctl.context import Context

# json.dumps(ensure_ascii=False) escapes C0 controls but writes C1 controls and the unicode line
# separators raw; escape those too so the JSON text is exact *and* safe to print on a terminal.
_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def iso(value: datetime) -> str:
    """ISO 8601 with an explicit UTC offset; naive datetimes are taken as UTC."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat()


def jsonable(value: Any) -> Any:
    """Plain JSON types: datetimes → ISO strings, ResponseMetadata dropped, recursively."""
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items() if k != "ResponseMetadata"}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, datetime):
        return iso(value)
    if isinstance(value, bytes | bytearray):
        return value.decode("utf-8", errors="replace")
    return value


def dumps(value: Any) -> str:
    return _escape(json.dumps(jsonable(value), indent=2, ensure_ascii=False))


def _encode_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return iso(value)
    if isinstance(value, bytes | bytearray):
        return value.decode("utf-8", errors="replace")
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


_LINE_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=_encode_default)


def dumps_line(value: Any) -> str:
    """Compact one-line JSON (for --jsonl and event arrays), escaped like `dumps`.

    One shared C encoder with a `default` hook instead of copying through `jsonable` — the
    difference is most of the output time on a 25,000-event history."""
    if isinstance(value, dict) and "ResponseMetadata" in value:
        value = {k: v for k, v in value.items() if k != "ResponseMetadata"}
    return _escape(_LINE_ENCODER.encode(value))


def _escape(text: str) -> str:
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class JsonStream:
    """Events written as they come, one compact JSON value per line: a JSON array (--json) or
    JSON Lines (--jsonl). Never builds one huge string."""

    def __init__(
        self, ctx: Context, *, array: bool, keep: Callable[[Any], bool] | None = None
    ) -> None:
        self.ctx, self.array, self.keep = ctx, array, keep
        self.count = 0

    def write(self, items: list[Any]) -> None:
        chunk = 500
        for start in range(0, len(items), chunk):
            part = items[start : start + chunk]
            lines = [_LINE_ENCODER.encode(i) for i in part if self.keep is None or self.keep(i)]
            if not lines:
                continue
            if self.array:
                text = ("[\n  " if self.count == 0 else ",\n  ") + ",\n  ".join(lines)
            else:
                text = "\n".join(lines) + "\n"
            self.count += len(lines)
            self.ctx.write_stdout(_escape(text))

    def close(self) -> None:
        if self.array:
            self.ctx.write_stdout("[]\n" if self.count == 0 else "\n]\n")


def emit_lines(ctx: Context, items: list[Any], *, array: bool) -> None:
    stream = JsonStream(ctx, array=array)
    stream.write(items)
    stream.close()
