"""What every command receives: options, consoles, a clock and the AWS API factory.

Commands never import boto3 or build consoles themselves; tests hand them a Context pointed at
an emulator (or a Stubber-backed client) instead of patching imports.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import IO, TYPE_CHECKING, Any, TypeVar, cast

if TYPE_CHECKING:
    from rich.console import Console

    from sfnctl.aws.api import AwsApi, OnConfirmed
    from sfnctl.aws.config import AwsConfig
    from sfnctl.present import Result

T = TypeVar("T")


@dataclass
class GlobalOptions:
    """Options accepted before and after the subcommand, like the AWS CLI's."""

    profile: str | None = None
    region: str | None = None
    endpoint_url: str | None = None
    debug: bool = False
    no_color: bool = False
    ascii: bool = False
    pager: bool = False
    max_attempts: int | None = None  # None: sfnctl's default (aws.DEFAULT_MAX_ATTEMPTS)
    timeout: float | None = None  # seconds to connect, and to wait for each response

    def merge(self, other: GlobalOptions) -> GlobalOptions:
        """`other`'s explicitly given values win (it was typed after the subcommand)."""
        return GlobalOptions(
            profile=other.profile or self.profile,
            region=other.region or self.region,
            endpoint_url=other.endpoint_url or self.endpoint_url,
            debug=self.debug or other.debug,
            no_color=self.no_color or other.no_color,
            ascii=self.ascii or other.ascii,
            pager=self.pager or other.pager,
            max_attempts=other.max_attempts or self.max_attempts,
            timeout=other.timeout or self.timeout,
        )

    def aws_config(self) -> AwsConfig:
        from sfnctl.aws.config import AwsConfig

        return AwsConfig(
            profile=self.profile,
            region=self.region,
            endpoint_url=self.endpoint_url,
            debug=self.debug,
            max_attempts=self.max_attempts,
            timeout=self.timeout,
        )


def _default_api(config: AwsConfig, on_confirmed: OnConfirmed) -> AwsApi:
    from sfnctl.aws.api import AwsApi  # lazy: boto3 loads only when a command needs AWS

    return AwsApi.from_config(config, on_confirmed=on_confirmed)


def _utcnow() -> datetime:
    return datetime.now(UTC)


# --ascii: every symbol sfnctl draws has a one-column ASCII stand-in (widths stay the same, so
# tables stay aligned); rich itself switches to ASCII boxes and tree guides when the stream's
# encoding isn't UTF-8, which is what _AsciiStream reports.
ASCII_SYMBOLS = str.maketrans(
    {
        "✔": "+", "✖": "x", "⏱": "!", "⊘": "-", "▶": ">", "◀": "<", "↪": "~", "↻": "*",
        "⏸": "=", "⌫": "#", "→": ">", "…": "~", "·": ".", "┄": "-", "╌": "-", "—": "-",
        "–": "-", "×": "x", "█": "#", "▓": "#", "░": ".", "›": ">",
    }
)  # fmt: skip


_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_SURROGATE = re.compile("[\ud800-\udfff]")


class _AsciiStream:
    """A text stream that reports an ASCII encoding to rich and swaps sfnctl's symbols."""

    encoding = "ascii"

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return int(self._stream.write(text.translate(ASCII_SYMBOLS)))

    def flush(self) -> None:
        self._stream.flush()

    def isatty(self) -> bool:
        return bool(self._stream.isatty())

    def fileno(self) -> int:
        return int(self._stream.fileno())


def wants_ascii(stream: Any = None) -> bool:
    """ASCII output when the locale can't show sfnctl's symbols: a non-UTF-8 encoding, or the
    C/POSIX locale (where Python itself switches to UTF-8 mode, so the encoding says utf-8)."""
    encoding = str(getattr(stream or sys.stdout, "encoding", "") or "").lower().replace("-", "")
    from sfnctl.charset import c_locale

    return not encoding.startswith("utf") or c_locale()


def make_console(
    *,
    stderr: bool = False,
    no_color: bool = False,
    ascii_only: bool = False,
    record: bool = False,
) -> Console:
    """A console following terminal conventions: colour only on a terminal, NO_COLOR honoured,
    TERM=dumb plain (rich), ASCII when asked or when the locale isn't UTF-8."""
    from sfnctl.sanitize import SafeConsole

    no_color = no_color or bool(os.environ.get("NO_COLOR"))
    stream = sys.stderr if stderr else sys.stdout
    file = cast("IO[str]", _AsciiStream(stream)) if ascii_only or wants_ascii(stream) else None
    return SafeConsole(
        file=file,
        stderr=stderr,
        no_color=no_color,
        highlight=False,
        soft_wrap=False,
        record=record,
    )


@dataclass
class Context:
    """`console_out` / `console_err` are built on first use: `--json` output never goes through
    rich, so a `describe --json` doesn't pay for importing it."""

    options: GlobalOptions = field(default_factory=GlobalOptions)
    console_out: Console | None = None
    console_err: Console | None = None
    record: bool = False  # keep what stdout's console printed (--export-svg/--export-html)
    clock: Callable[[], datetime] = _utcnow
    stdin_is_tty: Callable[[], bool] = field(default=lambda: sys.stdin.isatty())
    # (config, on_confirmed) -> the API; tests pass a Stubber-backed one, `demo` an emulator's
    api_factory: Callable[[AwsConfig, OnConfirmed], AwsApi] = _default_api
    stdout_write: Callable[[str], object] | None = None
    # stdin's text for `--from-file -` (None: read it bounded, sfnctl.commands.inputs)
    read_stdin: Callable[[], str] | None = None
    # ARNs the service confirmed during this command (written to the completion cache at the end)
    confirmed_arns: list[str] = field(default_factory=list)
    _api: AwsApi | None = field(default=None, repr=False)
    _fan_out_api: AwsApi | None = field(default=None, repr=False)
    # Tests: receive a command's options instead of running it (cli/cli's runF swap) — the
    # argv → options layer is then tested with the real Typer app and nothing else.
    run_override: Callable[[Any], Result] | None = None

    @property
    def out(self) -> Console:
        if self.console_out is None:
            self.console_out = make_console(
                no_color=self.options.no_color, ascii_only=self.options.ascii, record=self.record
            )
        return self.console_out

    @property
    def err(self) -> Console:
        if self.console_err is None:
            self.console_err = make_console(
                stderr=True, no_color=self.options.no_color, ascii_only=self.options.ascii
            )
        return self.console_err

    @property
    def interactive(self) -> bool:
        """stdout is a terminal that can redraw (not TERM=dumb): live views are allowed."""
        return bool(self.out.is_terminal and not self.out.is_dumb_terminal)

    @property
    def api(self) -> AwsApi:
        if self._api is None:
            self._api = self.api_factory(self.options.aws_config(), self.confirmed_arns.append)
        return self._api

    def configured_region(self) -> str | None:
        """The region configured for this command (options, environment, profile)."""
        from sfnctl.aws.session import configured_region

        return configured_region(self.options.aws_config())

    def use_region(self, region: str) -> None:
        """Requests from now on go to `region` (an ARN's own): the API is built anew for it."""
        from dataclasses import replace

        if self.options.region != region:
            self.options = replace(self.options, region=region)
            self._api = self._fan_out_api = None

    def note(self, message: str) -> None:
        """One plain line on stderr (no rich needed: --json paths call this too)."""
        if self.console_err is not None:
            from rich.text import Text

            self.console_err.print(Text(message), soft_wrap=True)
            return
        sys.stderr.write(message + "\n")
        sys.stderr.flush()

    def cache_origin(self) -> str:
        """Where this command's ARNs come from, for the completion cache's key."""
        from sfnctl.arncache import origin

        return origin(self.options.endpoint_url, self.options.profile)

    @property
    def fan_out_api(self) -> AwsApi:
        """The API for commands that read many executions at once (`failures`, `stats`):
        botocore's adaptive retry mode (client-side rate limiting after a throttle) and
        `FAN_OUT_WORKERS` requests in flight."""
        if self._fan_out_api is None:
            from dataclasses import replace

            from sfnctl.aws.config import FAN_OUT_WORKERS

            config = replace(self.options.aws_config(), retry_mode="adaptive")
            api = self.api_factory(config, self.confirmed_arns.append)
            api.workers = max(api.workers, FAN_OUT_WORKERS) if api.workers > 1 else 1
            self._fan_out_api = api
        return self._fan_out_api

    def run(self, command: Callable[[Context, T], Result], opts: T) -> Result:
        """What every Typer function calls: `command(self, opts)` (or the test's override)."""
        if self.run_override is not None:
            return self.run_override(opts)
        return command(self, opts)

    def using_api(self, api_factory: Callable[[AwsConfig, OnConfirmed], AwsApi]) -> Context:
        """This context, with its AWS calls going to another API (e.g. a local emulator)."""
        from dataclasses import replace

        return replace(self, api_factory=api_factory, _api=None, _fan_out_api=None)

    def now(self) -> datetime:
        return self.clock()

    def write_stdout(self, text: str) -> None:
        """Raw text to stdout (JSON): never through rich, so never coloured or wrapped."""
        if self.stdout_write is not None:
            self.stdout_write(text)
            return
        if wants_ascii(sys.stdout):  # JSON stays valid: non-ASCII as \uXXXX escapes
            text = _NON_ASCII.sub(lambda m: json.dumps(m.group())[1:-1], text)
        else:  # a lone surrogate can't be encoded: its JSON escape, never a crash
            text = _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
        sys.stdout.write(text)
        sys.stdout.flush()

    @contextlib.contextmanager
    def progress(self, total: int | None, description: str) -> Iterator[Callable[..., None]]:
        """A progress bar on stderr, only on a terminal; yields `advance(n=1, total=None)`."""
        on_terminal = (
            self.console_err.is_terminal and not self.console_err.is_dumb_terminal
            if self.console_err is not None
            else sys.stderr.isatty() and os.environ.get("TERM") not in ("dumb", "unknown")
        )
        if not on_terminal:
            yield lambda *args, **kwargs: None
            return
        from rich.progress import Progress

        with Progress(console=self.err, transient=True) as bar:
            task = bar.add_task(description, total=total)

            def advance(n: int = 1, *, completed: int | None = None) -> None:
                if completed is not None:
                    bar.update(task, completed=completed)
                else:
                    bar.advance(task, n)

            yield advance

    def console_link(self, arn: str | None) -> None:
        """`Console  URL` under a human view: one unbroken line (the terminal wraps it, so it
        copies and clicks whole), a hyperlink where the terminal supports them."""
        from sfnctl.render.common import console_link

        line = console_link(arn)
        if line is not None:
            self.out.print(line, soft_wrap=True, crop=False)

    def hint(self, message: str) -> None:
        """A hint on stderr (never stdout, so `--json | jq` stays clean)."""
        from sfnctl.sanitize import safe

        # hints quote ARNs, tokens and names a server sent: escaped like every other API text
        self.err.print(safe(message, "dim", multiline=True), soft_wrap=True)
