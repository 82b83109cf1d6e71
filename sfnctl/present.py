"""The one presenter: a command's `Result` → stdout/stderr, and the command's ending.

Commands never print their final output themselves: they return a `Result` — the data
`--json` prints, the human view (built only if shown), the ARN whose console link goes under
it, hints for stderr and the exit code — or, for output that is written while it is fetched
(`--jsonl`, `history --json`, `--watch` off a terminal), a `stream` that writes it.
`present()` is the single place that decides JSON vs human, and the place every human view
goes through on its way to the terminal. Around it, `run_command()` adds what every command
gets: the error guard (SfnctlError → one line + hint + exit code, never a traceback), the
pager, `--export-svg/--export-html`, and the completion cache of confirmed ARNs.

pipx's result/render split and the AWS CLI's formatter are the models.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NoReturn

from sfnctl.errors import Exit, SfnctlError

if TYPE_CHECKING:
    from rich.console import RenderableType

    from sfnctl.context import Context


@dataclass(frozen=True, kw_only=True)
class Result:
    """What a command produced. `data` is what `--json` prints (the API's own keys); `view`
    builds the human renderable (rich is imported only when it is called); `link` is the ARN
    whose console URL goes under the human view; `hints` go to stderr after the output."""

    data: Any = None
    view: Callable[[], RenderableType] | None = None
    link: str | None = None
    hints: tuple[str, ...] = ()
    code: int = 0
    # Output written as it is fetched (JSON Lines, a streamed array, --watch off a terminal):
    # called instead of printing `data`/`view`.
    stream: Callable[[], object] | None = None
    # Plain lines printed whole on stdout after the view (soft-wrapped, never cut): values a
    # reader copies, like a callback id and the command that answers it. Not in --json.
    notes: tuple[str, ...] = ()


def present(ctx: Context, result: Result, *, as_json: bool) -> int:
    """Show `result`: JSON of its data on stdout and nothing else, or its view on the console
    (then the console link); then the hints on stderr. Returns the exit code."""
    if result.stream is not None:
        result.stream()
    elif as_json:
        from sfnctl.output import dumps

        ctx.write_stdout(dumps(result.data) + "\n")
    elif result.view is not None:
        show(ctx, result.view())
        _notes(ctx, result.notes)
    if not as_json and result.link:
        ctx.console_link(result.link)
    for hint in result.hints:
        ctx.hint(hint)
    return result.code


def _notes(ctx: Context, notes: tuple[str, ...]) -> None:
    if notes:
        from rich.text import Text

        for note in notes:
            ctx.out.print(Text(note), soft_wrap=True, crop=False)


def show(
    ctx: Context, renderable: RenderableType, *, stderr: bool = False, **print_options: Any
) -> None:
    """The one way a human view reaches a terminal: stdout's console (stderr's with `stderr`).
    Lines are never cropped: only an ID (`render.common.Unbroken`) is wider than the console,
    and it is printed whole (the terminal wraps it; a file gets it on one line). A plain `str`
    is never parsed as markup: it is shown as text, control characters escaped."""
    print_options.setdefault("crop", False)
    if isinstance(renderable, str):
        from sfnctl.sanitize import safe

        renderable = safe(renderable, multiline=True)
    (ctx.err if stderr else ctx.out).print(renderable, **print_options)


def write_lines(ctx: Context, text: str) -> None:
    """Plain text lines streamed to stdout as they are known (`--watch` off a terminal)."""
    ctx.write_stdout(text)


@dataclass(frozen=True, kw_only=True)
class Exports:
    """--export-svg / --export-html: save exactly what stdout's console printed."""

    svg: str | None = None
    html: str | None = None
    title: str = "sfnctl"

    def start(self, ctx: Context, *, as_json: bool) -> None:
        if not (self.svg or self.html):
            return
        if as_json:
            from sfnctl.errors import usage

            raise usage("--export-svg/--export-html save the rendered view; drop --json")
        ctx.record = True
        if ctx.console_out is not None:  # already built (e.g. by the pager check): record now
            ctx.console_out.record = True

    def finish(self, ctx: Context) -> None:
        """Write what stdout's console printed (after the command succeeded)."""
        if not (self.svg or self.html):
            return
        from sfnctl.errors import usage

        try:
            if self.svg:
                with _wide_enough(ctx.out):
                    ctx.out.save_svg(self.svg, title=self.title, clear=False)
            if self.html:
                ctx.out.save_html(self.html, clear=False)
        except OSError as error:
            reason = error.strerror or error
            raise usage(f"cannot write {self.svg or self.html}: {reason}") from None
        for path in (self.svg, self.html):
            if path:
                ctx.hint(f"Saved {path}")


@contextmanager
def _wide_enough(console: Any) -> Iterator[None]:
    """The console as wide as its widest recorded line while a picture is drawn: an ID or the
    console link printed whole runs past the terminal's width, and the picture must not cut
    it at the right edge."""
    from rich.segment import Segment

    lines = Segment.split_lines(console._record_buffer)
    widest = max((Segment.get_line_length(line) for line in lines), default=0)
    width = console.width
    console.width = max(width, widest)
    try:
        yield
    finally:
        console.width = width


def run_command(
    ctx: Context,
    body: Callable[[], Result],
    *,
    as_json: bool = False,
    exports: Exports | None = None,
) -> int:
    """Run a command body and present its result, with the guard, pager and exports.
    Returns the exit code (the caller turns it into the process's)."""

    def whole() -> int:
        if exports is not None:
            exports.start(ctx, as_json=as_json)
        code = present(ctx, body(), as_json=as_json)
        if exports is not None:
            exports.finish(ctx)
        return code

    with _pager(ctx):
        return guarded(ctx, whole)


@contextmanager
def _pager(ctx: Context) -> Iterator[None]:
    if ctx.options.pager and ctx.interactive:
        os.environ.setdefault("LESS", "-FRX")  # keep colour; quit if it fits
        with ctx.out.pager(styles=True):
            yield
        return
    yield


def guarded(ctx: Context, body: Callable[[], int]) -> int:
    """Run a command body: SfnctlError → one line + hint + its exit code; never a traceback."""
    try:
        return body()
    except SfnctlError as error:
        print_error(ctx, error)
        return int(error.code)
    except KeyboardInterrupt:
        ctx.err.print("Interrupted.", highlight=False)
        return int(Exit.INTERRUPTED)
    except BrokenPipeError:
        reader_went_away()
    except Exception as error:
        if _is_cli_exit(error):
            raise
        if ctx.options.debug:
            ctx.err.print_exception()
        message = f"unexpected error: {type(error).__name__}: {error}"
        print_error(ctx, SfnctlError(message, Exit.UNEXPECTED, "Rerun with --debug for details."))
        return int(Exit.UNEXPECTED)
    finally:
        _remember_arns(ctx)


def _is_cli_exit(error: Exception) -> bool:
    """Click's own exits and aborts pass through (they are how a command stops on purpose)."""
    import click

    return isinstance(error, click.exceptions.Exit | click.exceptions.Abort | click.ClickException)


def _remember_arns(ctx: Context) -> None:
    """ARNs the service confirmed during this command → the completion cache (never fatal)."""
    if ctx.confirmed_arns:
        from sfnctl import arncache

        arncache.remember(ctx.confirmed_arns, ctx.cache_origin())


def reader_went_away() -> NoReturn:
    """`sfnctl … | head`: the reader closed the pipe. Stop quietly with 0 — no traceback, no
    "Exception ignored" when Python flushes stdout at exit (it now points at /dev/null)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    raise SystemExit(int(Exit.OK))


def print_error(ctx: Context, error: SfnctlError) -> None:
    from rich.text import Text

    from sfnctl.model.text import clean, one_line

    line = Text("error: ", style="bold red")
    line.append(one_line(error.message, 1000))
    ctx.err.print(line, soft_wrap=True)
    if error.hint:
        ctx.err.print(Text(clean(error.hint, multiline=True), style="dim"), soft_wrap=True)
