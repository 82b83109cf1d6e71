"""Untrusted text made safe to show: control characters made visible. Pure — no rich.

API strings (names, causes, inputs, outputs) may hold terminal escape sequences. Control
characters (C0 except newline/tab where allowed, DEL, C1, and bidi/line separators) are shown
as `\\xNN` / `\\uNNNN` so nothing reaches the terminal raw. `sfnctl.sanitize.safe` wraps this
in a rich `Text` (markup stays literal); JSON output never passes here.
"""

from __future__ import annotations

import re

# C0 (minus \t and \n, handled per call), DEL, C1, the unicode line/paragraph separators, bidi
# overrides/isolates/marks that can reorder what the operator reads, and the zero-width and
# invisible characters that hide text (U+200B-D, U+2060-4, U+FEFF).
# Lone surrogates (U+D800-DFFF) can't be encoded at all: shown as \udXXX, never a crash.
_INVISIBLE = "\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ud800-\udfff\ufeff"
_CONTROL = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_INVISIBLE}]")
_CONTROL_ALL = re.compile(f"[\x00-\x1f\x7f-\x9f{_INVISIBLE}]")


def _visible(match: re.Match[str]) -> str:
    ch = match.group()
    code = ord(ch)
    if ch == "\n":
        return "\\n"
    if ch == "\t":
        return "\\t"
    if ch == "\r":
        return "\\r"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def clean(value: object, *, multiline: bool = False) -> str:
    """Return `value` as a string with every control character visibly escaped.

    With `multiline=True`, newlines and tabs are kept (for pretty-printed payloads).
    """
    text = "" if value is None else str(value)
    pattern = _CONTROL if multiline else _CONTROL_ALL
    return pattern.sub(_visible, text)


def one_line(value: object, limit: int = 200) -> str:
    """Untrusted text squeezed to one line (runs of whitespace folded) and capped at `limit`."""
    text = " ".join(clean(value, multiline=True).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def count_text(value: object, default: str = "0") -> str:
    """A counter from the wire as text: a whole number as digits, `default` when absent, and
    anything else (a string, NaN, a list) as its escaped text — a wrong type never crashes."""
    if value is None:
        return default
    if isinstance(value, bool):
        return clean(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean(value)


def count(value: object) -> int:
    """A counter from the wire as an int for arithmetic: anything that isn't a finite whole
    number counts as 0 (the views show such a value as text, via `count_text`)."""
    if isinstance(value, bool):
        return 0
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return 0
