"""The output layer makes raw terminal text impossible: whatever a renderer hands the consoles
sfnctl prints with — a plain str, a Text built without `safe()`, a str table cell or tree label —
markup stays literal and control characters come out escaped."""

from __future__ import annotations

import io

import pytest
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from sfnctl.sanitize import SafeConsole

RAW = "\x1b[2J\x1b]52;c;cm0=\x07\x9b31m\u200b[/][link=http://evil.example/]x[/link]\ud800"


def printed(renderable: object, *, terminal: bool = False) -> str:
    out = io.StringIO()
    console = SafeConsole(
        file=out, width=100, force_terminal=terminal, color_system="truecolor", highlight=False
    )
    console.print(renderable)
    return out.getvalue()


@pytest.mark.parametrize(
    "renderable",
    [
        RAW,
        Text(RAW),
        Text.assemble(("a", "bold"), RAW),
        Tree(RAW),
    ],
    ids=["str", "raw-text", "assembled", "tree-label"],
)
@pytest.mark.parametrize("terminal", [False, True])
def test_nothing_raw_reaches_the_stream(renderable: object, terminal: bool) -> None:
    text = printed(renderable, terminal=terminal)
    without_colour = text.replace("\x1b[1m", "").replace("\x1b[0m", "")
    assert "\x1b" not in without_colour and "\x07" not in text and "\x9b" not in text, text
    assert "\u200b" not in text and "\ud800" not in text
    assert "[/][link=http://evil.example/]x[/link]" in text  # markup literal, no MarkupError
    assert "\\x1b[2J" in text


def test_a_str_table_cell_is_never_markup() -> None:
    table = Table()
    table.add_column("a")
    table.add_row("[/]")  # would be a MarkupError on a plain rich Console
    assert "[/]" in printed(table)


def test_rich_own_colour_still_works_on_a_terminal() -> None:
    assert "\x1b[1m" in printed(Text("bold", style="bold"), terminal=True)
