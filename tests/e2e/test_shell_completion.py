"""TAB completion in real interactive shells, driven through tmux: type a partial command line,
press TAB, read the screen. bash (whose COMP_WORDBREAKS splits words at ':' — ARNs are full of
them), zsh and fish. The ARNs come from the completion cache, as after `sfnctl list`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from sfnctl import arncache
from sfnctl.completion import FILE_NAMES
from tests.support.waiting import wait_until

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
PREFIX = "arn:aws:states:us-east-1:123456789012:execution:fetch-report:"
ONE, TWO = f"{PREFIX}fetch-report-1", f"{PREFIX}fetch-report-2"
MAP_RUN = "arn:aws:states:us-east-1:123456789012:mapRun:dm/items:0b7c"


class Tmux:
    def __init__(self, command: list[str], env: dict[str, str], name: str = "") -> None:
        self.name = name
        self.socket = f"sfnctl-test-{uuid.uuid4().hex[:8]}"
        self.tmux("new-session", "-d", "-s", "t", "-x", "200", "-y", "40", "--",
                  "env", "-i", *(f"{k}={v}" for k, v in env.items()), *command)  # fmt: skip

    def tmux(self, *args: str) -> str:
        result = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, timeout=10
        )
        return result.stdout

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "t", *keys)

    def type(self, text: str) -> None:
        self.tmux("send-keys", "-t", "t", "-l", text)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "t")

    def wait_for(self, needle: str, timeout: float = 10) -> str:
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if needle in screen:
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"{needle!r} never appeared on screen:\n{screen}")
            time.sleep(0.05)

    def line(self, text: str, *keys: str, expect: str, mark: bool = True) -> str:
        """Clear the line, type `text`, press `keys`, then type "@" to mark where the cursor
        is (a trailing space is invisible on screen); wait until `expect` shows."""
        self.keys("C-u")
        self.keys("C-l")
        self.wait_until_cleared()
        self.type(text)
        # keys typed ahead queue up in the terminal: the shell reads each after the last finished
        for key in keys:
            self.keys(key)
        if mark:
            self.type("@")
        return self.wait_for(expect)

    def wait_until_cleared(self, timeout: float = 10) -> None:
        """Until the screen shows nothing but an empty prompt."""
        wait_until(
            lambda: [line.strip() for line in self.screen().splitlines() if line.strip()] == ["$"],
            timeout=timeout,
            what="an empty prompt",
        )

    def run(self, command: str, *, expect: str) -> None:
        """Run `command` and wait until a screen line is exactly `expect` (its output)."""
        self.type(command)
        self.keys("Enter")
        wait_until(
            lambda: expect in [line.strip() for line in self.screen().splitlines()],
            what=f"{expect!r} on screen",
        )

    def close(self) -> None:
        self.tmux("kill-server")


def _environment(tmp_path: Path) -> dict[str, str]:
    """A minimal environment whose `sfnctl` is this checkout, with a filled ARN cache."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    wrapper = bin_dir / "sfnctl"
    wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m sfnctl "$@"\n')
    wrapper.chmod(0o755)
    cache = tmp_path / "cache"
    os.environ["XDG_CACHE_HOME"] = str(cache)  # the test process writes the cache
    arncache.remember([ONE, TWO, MAP_RUN])
    return {
        "HOME": str(tmp_path),
        "PATH": f"{bin_dir}:/usr/bin:/bin",
        "XDG_CACHE_HOME": str(cache),
        "TERM": "xterm",
        "PYTHONPATH": str(ROOT),
        "LANG": "C.UTF-8",
    }


def _script(shell: str) -> str:
    return str(ROOT / "completions" / FILE_NAMES[shell])


SHELLS = {
    "bash": lambda: ["bash", "--norc", "--noprofile", "-i"],
    "zsh": lambda: ["zsh", "-f", "-i"],
    "fish": lambda: ["fish", "--no-config", "-i"],
}
SETUP = {
    "bash": f"PS1='$ '; source {_script('bash')}",
    "zsh": f"PS1='$ '; autoload -Uz compinit && compinit -u; source {_script('zsh')}",
    "fish": f"function fish_prompt; echo '$ '; end; set fish_greeting; source {_script('fish')}",
}


@pytest.fixture(params=list(SHELLS))
def shell(request, tmp_path: Path) -> Iterator[Tmux]:
    name = request.param
    if shutil.which("tmux") is None or shutil.which(name) is None:
        pytest.skip(f"needs tmux and {name} (.ci/run installs them)")
    session = Tmux(SHELLS[name](), _environment(tmp_path), name)
    try:
        session.run(SETUP[name] + "; echo setup-READY", expect="setup-READY")
        yield session
    finally:
        session.close()


def test_subcommands_options_and_values(shell: Tmux) -> None:
    shell.line("sfnctl desc", "Tab", expect="sfnctl describe @")
    shell.line("sfnctl durable hi", "Tab", expect="sfnctl durable history @")
    shell.line("sfnctl history x --vi", "Tab", expect="sfnctl history x --view @")
    shell.line("sfnctl history x --view tr", "Tab", expect="sfnctl history x --view tree @")


def test_an_arn_with_colons_completes_in_place(shell: Tmux) -> None:
    typed = "sfnctl maprun show arn:aws:states:us-east-1:1"
    screen = shell.line(typed, "Tab", expect=f"{MAP_RUN} @")
    line = next(row for row in screen.splitlines() if "sfnctl maprun show" in row)
    assert line.rstrip().endswith(f"sfnctl maprun show {MAP_RUN} @")  # not mangled or doubled
    screen = shell.line(f"sfnctl describe {PREFIX}fetch-report-2", "Tab", expect=f"{TWO} @")
    line = next(row for row in screen.splitlines() if "sfnctl describe" in row)
    assert line.count("arn:aws:states") == 1


def test_two_arns_sharing_a_prefix_list_both(shell: Tmux) -> None:
    # the common part completes in place …
    shell.line(f"sfnctl describe {PREFIX}fe", "Tab", expect=f"{PREFIX}fetch-report-@")
    # … and asking again lists both (bash: a second TAB rings, a third lists; zsh lists on
    # the second; fish shows its pager on the first)
    tabs = {"bash": ("Tab", "Tab"), "zsh": ("Tab",), "fish": ("Tab",)}[shell.name]
    typed = f"sfnctl describe {PREFIX}fetch-report-"
    screen = shell.line(typed, *tabs, expect="report-2", mark=False)  # fish: "…h-report-2"
    assert "report-1" in screen
    line = next(row for row in screen.splitlines() if "sfnctl describe" in row)
    assert line.count("arn:aws:states") == 1
