"""What every command receives: options, consoles, a clock and the AWS API factory.

Commands never import boto3 or build consoles themselves; tests hand them a Context pointed at
an emulator (or a Stubber-backed client) instead of patching imports.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

    from sfnctl.aws import AwsApi


@dataclass
class GlobalOptions:
    """Options accepted before and after the subcommand, like the AWS CLI's."""

    profile: str | None = None
    region: str | None = None
    endpoint_url: str | None = None
    debug: bool = False
    no_color: bool = False
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
            max_attempts=other.max_attempts or self.max_attempts,
            timeout=other.timeout or self.timeout,
        )


def _default_api(options: GlobalOptions) -> AwsApi:
    from sfnctl.aws import AwsApi  # lazy: boto3 loads only when a command needs AWS

    return AwsApi.from_options(options)


def _utcnow() -> datetime:
    return datetime.now(UTC)


def make_console(*, stderr: bool = False, no_color: bool = False) -> Console:
    """A console following terminal conventions: colour only on a terminal, NO_COLOR honoured."""
    from rich.console import Console

    no_color = no_color or bool(os.environ.get("NO_COLOR"))
    return Console(stderr=stderr, no_color=no_color, highlight=False, soft_wrap=False)


@dataclass
class Context:
    """`console_out` / `console_err` are built on first use: `--json` output never goes through
    rich, so a `describe --json` doesn't pay for importing it."""

    options: GlobalOptions = field(default_factory=GlobalOptions)
    console_out: Console | None = None
    console_err: Console | None = None
    clock: Callable[[], datetime] = _utcnow
    stdin_is_tty: Callable[[], bool] = field(default=lambda: sys.stdin.isatty())
    api_factory: Callable[[GlobalOptions], AwsApi] = _default_api
    stdout_write: Callable[[str], object] | None = None
    read_stdin: Callable[[], str] = field(default=lambda: sys.stdin.read())
    _api: AwsApi | None = None

    @property
    def out(self) -> Console:
        if self.console_out is None:
            self.console_out = make_console(no_color=self.options.no_color)
        return self.console_out

    @property
    def err(self) -> Console:
        if self.console_err is None:
            self.console_err = make_console(stderr=True, no_color=self.options.no_color)
        return self.console_err

    @property
    def api(self) -> AwsApi:
        if self._api is None:
            self._api = self.api_factory(self.options)
        return self._api

    def now(self) -> datetime:
        return self.clock()

    def write_stdout(self, text: str) -> None:
        """Raw text to stdout (JSON): never through rich, so never coloured or wrapped."""
        if self.stdout_write is not None:
            self.stdout_write(text)
            return
        stream = self.console_out.file if self.console_out is not None else sys.stdout
        stream.write(text)
        stream.flush()

    @contextlib.contextmanager
    def progress(self, total: int | None, description: str) -> Iterator[Callable[..., None]]:
        """A progress bar on stderr, only on a terminal; yields `advance(n=1, total=None)`."""
        on_terminal = (
            self.console_err.is_terminal if self.console_err is not None else sys.stderr.isatty()
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

    def hint(self, message: str) -> None:
        """A hint on stderr (never stdout, so `--json | jq` stays clean)."""
        from rich.text import Text

        self.err.print(Text(message, style="dim"), soft_wrap=True)
