"""Waiting without fixed sleeps: poll a condition until a deadline, or read a process's output
lines in a thread and wait for one that matches."""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from typing import IO


def wait_until(
    condition: Callable[[], object], *, timeout: float = 30, interval: float = 0.05, what: str = ""
) -> None:
    """Poll `condition` until it is true; fail the test after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:g}s waiting for {what or condition}")
        time.sleep(interval)


class Lines:
    """Every line of `stream`, read in a daemon thread (a full pipe never blocks the writer)."""

    def __init__(self, stream: IO[str]) -> None:
        self.seen: list[str] = []
        self._queue: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._pump, args=(stream,), daemon=True).start()

    def _pump(self, stream: IO[str]) -> None:
        for line in stream:
            self._queue.put(line)
        self._queue.put(None)

    def wait_for(self, condition: Callable[[str], bool], *, timeout: float = 30) -> str:
        """The first line (from now on) that meets `condition`; fails after `timeout`."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = self._queue.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"no matching line within {timeout:g}s") from None
            if line is None:
                raise AssertionError("the stream ended without a matching line")
            self.seen.append(line)
            if condition(line):
                return line
