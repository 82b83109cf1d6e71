"""Start and stop a local Step Functions emulator (moto's server) on 127.0.0.1.

Used by `sfnctl demo` and by the end-to-end tests: a real HTTP server on a free loopback port,
with state-machine execution switched on so state machines really run.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field

from sfnctl.errors import Exit, SfnctlError


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class MotoServer:
    """A `moto.server` subprocess. Use as a context manager, or call start()/stop()."""

    port: int = 0
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30.0) -> MotoServer:
        try:
            import moto.server  # noqa: F401  (only to fail early with a clear message)
        except ImportError as error:
            raise SfnctlError(
                "the local emulator (moto[server]) is not installed",
                Exit.USAGE,
                hint="Install it with: pip install 'sfnctl[demo]'",
            ) from error
        self.port = self.port or free_port()
        env = dict(os.environ, MOTO_CALL_RESET_API="false")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SfnctlError(f"the emulator exited early (code {self.process.returncode})")
            try:
                self._post("/moto-api/config", {"stepfunctions": {"execute_state_machine": True}})
                return self
            except (urllib.error.URLError, ConnectionError, OSError):
                time.sleep(0.1)
        self.stop()
        raise SfnctlError(
            f"the emulator did not answer on {self.url} within {timeout:.0f}s", Exit.UNAVAILABLE
        )

    def _post(self, path: str, body: dict[str, object]) -> bytes:
        request = urllib.request.Request(
            self.url + path,
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=5) as response:
            return bytes(response.read())

    def reset(self) -> None:
        self._post("/moto-api/reset", {})
        self._post("/moto-api/config", {"stepfunctions": {"execute_state_machine": True}})

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None

    def __enter__(self) -> MotoServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
