"""The one helper every renderer uses for text that came from an API.

`Text` objects are never parsed for markup, so `[bold]` stays literal; control characters are
made visible by the pure half, `sfnctl.model.text` (re-exported here), which imports no rich —
so the model and the `--json` paths never load rich. JSON output never passes here.
"""

from __future__ import annotations

from rich.text import Text

from sfnctl.model.text import clean, one_line

__all__ = ["clean", "one_line", "safe"]


def safe(value: object, style: str = "", *, multiline: bool = False) -> Text:
    """A rich `Text` for untrusted `value`: markup literal, control characters escaped."""
    return Text(clean(value, multiline=multiline), style=style)
