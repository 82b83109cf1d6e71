"""The real `sfnctl` entry point in a subprocess, pointed at a hostile loopback server."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

import pytest

from tests.support.hostile_server import RAW_ESCAPE, RAW_INVISIBLE, HostileServer

# How long a command that should end may run. Not a performance ceiling: every command here
# ends in well under a second when it works, and a hang is what these tests look for.
HANG = 45.0


@dataclass
class Run:
    code: int
    out: bytes
    err: bytes

    @property
    def stdout(self) -> str:
        return self.out.decode("utf-8", "replace")

    @property
    def stderr(self) -> str:
        return self.err.decode("utf-8", "replace")

    def __repr__(self) -> str:
        return f"Run(code={self.code}, stdout={self.out[:600]!r}, stderr={self.err[-900:]!r})"


@pytest.fixture
def server() -> Iterator[HostileServer]:
    with HostileServer() as hostile:
        yield hostile


def sfnctl(
    server: HostileServer | None,
    *args: str,
    env: Mapping[str, str | None] | None = None,
    stdin: bytes | int | None = b"",
    runaway: Callable[[], str | None] | None = None,
    timeout: float = HANG,
    retries: bool = False,
) -> Run:
    """Run `python -m sfnctl ARGS` against `server`; fail the test if it doesn't end by itself
    (`timeout`), or as soon as `runaway()` names a reason (a loop the server can see)."""
    full_env = dict(os.environ)
    if server is not None:
        full_env["AWS_ENDPOINT_URL"] = server.url
    for key, value in (env or {}).items():
        if value is None:
            full_env.pop(key, None)
        else:
            full_env[key] = value
    argv = [sys.executable, "-m", "sfnctl"]
    if not retries and server is not None:
        argv += ["--max-attempts", "1"]
    feed = stdin if isinstance(stdin, bytes) else None
    process = subprocess.Popen(
        [*argv, *args],
        stdin=subprocess.PIPE if feed is not None else stdin,  # type: ignore[arg-type]
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=full_env,
    )
    started = time.monotonic()
    pending = feed
    while True:
        try:
            out, err = process.communicate(pending, timeout=0.25)
            return Run(process.returncode, out, err)
        except subprocess.TimeoutExpired:
            pending = None
        reason = runaway() if runaway is not None else None
        if reason is None and time.monotonic() - started > timeout:
            reason = f"did not end within {timeout:.0f} s"
        if reason is not None:
            process.kill()
            out, err = process.communicate()
            pytest.fail(f"sfnctl {' '.join(args)}: {reason}; stderr: {err[-600:]!r}")


def too_many(server: HostileServer, operation: str, limit: int = 200) -> Callable[[], str | None]:
    """A runaway check: more than `limit` requests of `operation` is a loop, not paging."""

    def check() -> str | None:
        count = len(server.calls(operation))
        return f"{count} {operation} requests and still going" if count > limit else None

    return check


def assert_no_raw(run: Run) -> None:
    """Nothing a server sent reaches the terminal raw: no ESC/C1/BEL, no invisible marks."""
    for name, data in (("stdout", run.out), ("stderr", run.err)):
        assert not RAW_ESCAPE.search(data), f"raw escape on {name}: {run!r}"
        found = RAW_INVISIBLE.search(data.decode("utf-8", "replace"))
        assert not found, f"raw invisible {found.group()!r} on {name}: {run!r}"


def assert_error(run: Run, code: int) -> None:
    """Exit `code` with a one-line `error:` (plus at most a hint), never a traceback."""
    assert run.code == code, run
    assert b"Traceback" not in run.err, run
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert lines and lines[0].startswith("error: "), run
    assert len(lines) <= 3, run
