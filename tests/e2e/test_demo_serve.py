"""`sfnctl demo --serve`: every emulator it started stops on SIGTERM and SIGHUP, not only Ctrl-C;
its `export` line works for the AWS CLI v1 too."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.waiting import Lines, wait_until

pytestmark = pytest.mark.e2e


def _children(pid: int) -> set[int]:
    """Processes whose parent is `pid` (from /proc)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        match = re.search(r"^PPid:\s+(\d+)$", status, re.MULTILINE)
        if match and int(match.group(1)) == pid:
            found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return not re.search(r"^State:\s+Z", status, re.MULTILINE)  # a zombie has stopped


def _answers(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_serve_stops_every_emulator_on_signal(signum: signal.Signals) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "sfnctl", "demo", "--serve"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
        text=True,
        env=dict(os.environ, COLUMNS="400"),
    )
    children: set[int] = set()
    try:
        assert process.stdout is not None
        export = Lines(process.stdout).wait_for(lambda line: "export " in line, timeout=120)
        ports = [int(p) for p in re.findall(r"=http://127\.0\.0\.1:(\d+)", export)]
        assert len(ports) == 2, export  # moto and the durable runner
        assert "AWS_REGION=us-east-1" in export and "AWS_DEFAULT_REGION=us-east-1" in export
        children |= _children(process.pid)
        assert len(children) == 3, children  # moto, the durable runner, its function host
        assert all(_answers(port) for port in ports)

        process.send_signal(signum)
        assert process.wait(timeout=60) == 0
        wait_until(
            lambda: not any(_alive(pid) for pid in children),
            timeout=30,
            what="the emulators to stop",
        )
        wait_until(
            lambda: not any(_answers(port) for port in ports), timeout=30, what="ports closed"
        )
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        for pid in children:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
