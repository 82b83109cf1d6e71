"""JSON encoding and the one human/JSON output switch.

`--json` prints the API's own keys and values (minus ResponseMetadata) on stdout and nothing
else; timestamps become ISO 8601 with an explicit UTC offset. Human output goes through a
renderer to the stdout console. Hints and progress always go to stderr.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import RenderableType

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


def dumps_line(value: Any) -> str:
    """Compact one-line JSON (for --jsonl), escaped like `dumps`."""
    return _escape(json.dumps(jsonable(value), ensure_ascii=False, separators=(",", ":")))


def _escape(text: str) -> str:
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def emit(
    ctx: Context,
    data: Any,
    view: Callable[[], RenderableType],
    *,
    as_json: bool,
) -> None:
    """The output switch: JSON of `data` on stdout, or the rendered `view` on the console."""
    if as_json:
        ctx.write_stdout(dumps(data) + "\n")
        return
    ctx.out.print(view())
