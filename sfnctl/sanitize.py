"""The one helper every renderer uses for text that came from an API, and the console that
makes raw terminal text impossible rather than merely avoided.

`Text` objects are never parsed for markup, so `[bold]` stays literal; control characters are
made visible by the pure half, `sfnctl.model.text` (re-exported here), which imports no rich —
so the model and the `--json` paths never load rich. JSON output never passes here.

`SafeConsole` is the backstop under every renderer: it never parses markup, and every piece of
text it writes (rich's own escape codes for colour, links and live redraws aside) passes
`clean` on its way out — so a renderer that forgot `safe()` shows an escape as `\\x1b`, never
sends it. `sfnctl.context.make_console` builds every console sfnctl prints with.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from typing import Any

from rich.console import Console
from rich.segment import Segment
from rich.text import Text

from sfnctl.model.text import clean, one_line

__all__ = ["SafeConsole", "clean", "one_line", "safe"]


def safe(value: object, style: str = "", *, multiline: bool = False) -> Text:
    """A rich `Text` for untrusted `value`: markup literal, control characters escaped."""
    return Text(clean(value, multiline=multiline), style=style)


def _visible(segments: Iterable[Segment]) -> Iterator[Segment]:
    for segment in segments:
        if segment.control or not segment.text:
            yield segment  # rich's own cursor moves (live views), never text from a server
        else:
            yield Segment(clean(segment.text, multiline=True), segment.style, segment.control)


class SafeConsole(Console):
    """A rich Console that can't put server text on a terminal raw (see the module doc), and
    that ends quietly with 0 when the reader of a pipe goes away (`sfnctl … | head`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["markup"] = False  # sfnctl never uses markup: a `[link=…]` from a server stays text
        super().__init__(*args, **kwargs)

    def _render_buffer(self, buffer: Iterable[Segment]) -> str:
        return super()._render_buffer(_visible(buffer))

    def on_broken_pipe(self) -> None:
        # rich's own handler exits 1; a reader that stopped reading is not an error (README)
        self.quiet = True
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        raise SystemExit(0)
