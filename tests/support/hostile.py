"""Strings an API could hand back to hurt a terminal: markup, escapes, bidi overrides."""

from __future__ import annotations

import re

EVIL = "[bold red]pwn[/bold red] \x1b]0;title\x07 \x1b[2J\r\x9b31m \u202eevil\u2028 é 漢字 \x00"
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e]")
