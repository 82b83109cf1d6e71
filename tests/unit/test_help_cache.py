"""`sfnctl --help` on a terminal (or with COLUMNS/NO_COLOR set): rendered by Typer and rich the
first time, then replayed from the cache — byte-identical, without importing Typer or rich."""

from __future__ import annotations

import fcntl
import os
import re
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from sfnctl.entry import HELP_KEY_ENV

pytestmark = pytest.mark.e2e  # every test here starts interpreters


def _help_on_a_terminal(
    columns: int, env: dict[str, str], path: tuple[str, ...] = ()
) -> tuple[bytes, str]:
    """stdout of `sfnctl PATH --help` on a pseudo-terminal `columns` wide, and stderr (where
    -X importtime lists every module imported)."""
    primary, secondary = os.openpty()
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    try:
        result = subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "sfnctl", *path, "--help"],
            stdin=subprocess.DEVNULL,
            stdout=secondary,
            stderr=subprocess.PIPE,
            env=env,
            timeout=60,
        )
        os.close(secondary)
        secondary = -1
        chunks = []
        while True:
            try:
                chunk = os.read(primary, 65536)
            except OSError:  # EIO: the terminal's other end is closed and drained
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        if secondary >= 0:
            os.close(secondary)
        os.close(primary)
    assert result.returncode == 0, result.stderr[-500:]
    return b"".join(chunks), result.stderr.decode()


def _imported(stderr: str, package: str) -> bool:
    return re.search(rf"\|\s+{package}(\.|$)", stderr, re.M) is not None


@pytest.mark.parametrize("columns", [80, 120])
@pytest.mark.parametrize(
    "extra", [{"TERM": "xterm-256color"}, {"TERM": "xterm-256color", "NO_COLOR": "1"}]
)
@pytest.mark.parametrize("path", [(), ("maprun", "update")])
def test_terminal_help_is_replayed_byte_identical(tmp_path, columns, extra, path):
    env = {k: v for k, v in os.environ.items() if k not in HELP_KEY_ENV}
    env.update(extra, XDG_CACHE_HOME=str(tmp_path / "cache"))
    typers, first_stderr = _help_on_a_terminal(columns, env, path)
    assert _imported(first_stderr, "typer")  # nothing cached yet: Typer rendered it
    replayed, stderr = _help_on_a_terminal(columns, env, path)
    assert not _imported(stderr, "typer") and not _imported(stderr, "rich")
    assert replayed == typers
    uncached, _ = _help_on_a_terminal(columns, {**env, "SFNCTL_NO_HELP_CACHE": "1"}, path)
    assert uncached == typers
    width = max(len(line) for line in typers.decode().replace("\r", "").split("\n"))
    assert width >= columns - 1  # drawn for this terminal, not for 80 columns
    colour = re.compile(rb"\x1b\[(?:[0-9]+;)*3[0-9]")  # a foreground colour (bold is no colour)
    assert (colour.search(replayed) is None) == ("NO_COLOR" in extra)


def test_another_width_is_rendered_again(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in HELP_KEY_ENV}
    env.update(TERM="xterm-256color", XDG_CACHE_HOME=str(tmp_path / "cache"))
    narrow, _ = _help_on_a_terminal(80, env)
    wide, stderr = _help_on_a_terminal(120, env)
    assert _imported(stderr, "typer")
    assert wide != narrow
    assert len(list((tmp_path / "cache" / "sfnctl" / "help").iterdir())) == 2


def test_cache_key_covers_every_variable_rich_typer_and_click_read():
    """A new rich/Typer release reading another variable must not replay stale help."""
    import rich
    import typer

    names: set[str] = set()
    for package in (rich, typer):
        for source in Path(package.__file__).parent.rglob("*.py"):
            text = source.read_text(encoding="utf-8")
            names |= set(re.findall(r"environ(?:\.get)?\(?\[?\s*[\"']([A-Z_]+)[\"']", text))
            names |= set(re.findall(r"getenv\(\s*[\"']([A-Z_]+)[\"']", text))
    # completion and traceback switches, and where Typer keeps its own completion scripts
    unrelated = {
        "COMP_CWORD",
        "COMP_WORDS",
        "XDG_CONFIG_HOME",
        "_TYPER_STANDARD_TRACEBACK",
        "TYPER_STANDARD_TRACEBACK",
        "_TYPER_COMPLETE_ARGS",
        "_TYPER_COMPLETE_FISH_ACTION",
        "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION",
        "_TYPER_COMPLETE_WORD_TO_COMPLETE",
    }
    assert names - unrelated <= set(HELP_KEY_ENV), sorted(names - unrelated - set(HELP_KEY_ENV))


def test_a_reader_that_leaves_early_caches_nothing(tmp_path):
    """`sfnctl --help | head -1`: what was written is partial — it must never be replayed."""
    env = {k: v for k, v in os.environ.items() if k not in HELP_KEY_ENV}
    env.update(COLUMNS="100", XDG_CACHE_HOME=str(tmp_path / "cache"))
    script = Path(sys.executable).with_name("sfnctl")
    launch = str(script) if script.exists() else f"{sys.executable} -m sfnctl"
    subprocess.run(["sh", "-c", f"{launch} --help | head -c 10 > /dev/null"], env=env,
                   timeout=60, check=True)  # fmt: skip
    cached = tmp_path / "cache" / "sfnctl" / "help"
    assert not cached.exists() or not [p for p in cached.iterdir() if p.stat().st_size]
    full = subprocess.run([*launch.split(), "--help"], env=env, capture_output=True,
                          timeout=60, check=True).stdout  # fmt: skip
    assert full.count(b"\n") > 20


def test_the_cache_keeps_the_newest_entries(tmp_path):
    from sfnctl.entry import _prune

    for index in range(10):
        path = tmp_path / f"key{index}"
        path.write_text("help")
        os.utime(path, ns=(index * 10**9, index * 10**9))
    _prune(str(tmp_path), 4)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["key6", "key7", "key8", "key9"]
