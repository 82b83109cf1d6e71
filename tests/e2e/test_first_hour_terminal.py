"""Issue 17 on a real terminal (tmux at 80 and 120 columns) and in a file: `list` is one line
per execution, IDs are whole on one line, and usage errors are one line plus a next step."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests.support.cli import sfnctl

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux (.ci/run installs it)"),
]


def _on_terminal(args: list[str], columns: int, endpoint: str, tmp_path: Path) -> list[str]:
    """The screen lines of `sfnctl ARGS` run in a tmux terminal `columns` wide (lines the
    terminal wrapped are joined back: what a copy of them gives)."""
    marker = tmp_path / f"done-{uuid.uuid4().hex[:6]}"
    socket = f"sfnctl-17-{uuid.uuid4().hex[:8]}"
    tmux = ["tmux", "-L", socket]
    script = Path(sys.executable).with_name("sfnctl")  # the console script, as people run it
    launch = [str(script)] if script.exists() else [sys.executable, "-m", "sfnctl"]
    command = " ".join(shlex.quote(a) for a in [*launch, *args])
    shell = (
        f"unset COLUMNS LINES; AWS_ENDPOINT_URL={endpoint} AWS_ACCESS_KEY_ID=testing "
        f"AWS_SECRET_ACCESS_KEY=testing AWS_DEFAULT_REGION=us-east-1 "
        f"{command}; echo $? > {marker}; sleep 30"
    )
    subprocess.run([*tmux, "new-session", "-d", "-x", str(columns), "-y", "60", "sh", "-c", shell],
                   check=True)  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while not marker.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert marker.exists() and marker.read_text().strip() in ("0", "2"), "command hung"
        screen = subprocess.run([*tmux, "capture-pane", "-p", "-J"], capture_output=True,
                                text=True, check=True).stdout  # fmt: skip
    finally:
        subprocess.run([*tmux, "kill-server"], capture_output=True)
    return [line.rstrip() for line in screen.splitlines() if line.strip()]


def _state_machine(execution_arn: str) -> str:
    head, name = execution_arn.split(":execution:")
    return f"{head}:stateMachine:{name.split(':')[0]}"


@pytest.mark.parametrize("columns", [80, 120])
def test_list_is_one_line_per_execution(emulator, tmp_path, columns):
    arn = emulator.arn("fetch-report")
    lines = _on_terminal(["list", _state_machine(arn)], columns, emulator.url, tmp_path)
    rows = [line for line in lines if "FAILED" in line or "SUCCEEDED" in line]
    assert rows, lines
    assert all(len(line) <= columns for line in lines), lines  # nothing the terminal wrapped
    assert any(line.endswith(arn.rsplit(":", 1)[1]) for line in rows)


@pytest.mark.parametrize("columns", [80, 120])
def test_describe_and_maprun_ids_are_whole_on_a_terminal(emulator, tmp_path, columns):
    arn = emulator.arn("distributed-map")
    lines = _on_terminal(["describe", arn], columns, emulator.url, tmp_path)
    # whole on one line (rich folding it would leave two screen lines -J cannot join)
    assert any(arn in line for line in lines), lines
    if columns == 80:
        assert arn in lines  # on its own line: it does not fit beside its label
    map_run = emulator.client().list_map_runs(executionArn=arn)["mapRuns"][0]["mapRunArn"]
    for command in (["maprun", "show", map_run], ["maprun", "list", arn]):
        lines = _on_terminal(command, columns, emulator.url, tmp_path)
        assert any(map_run == line.strip() for line in lines), lines


def test_describe_into_a_file_keeps_every_id_whole(emulator, tmp_path):
    """`describe > notes.txt`: no terminal, 80 columns — the ARNs are still one line each."""
    arn = emulator.arn("fetch-report")
    result = sfnctl("describe", arn, endpoint=emulator.url)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert arn in [line.strip() for line in lines] or any(arn in line for line in lines)
    assert any(line.startswith("Console  https://") and line.endswith(arn) for line in lines)


@pytest.mark.parametrize("columns", [80, 120])
def test_usage_error_is_one_line_and_a_next_step(emulator, tmp_path, columns):
    lines = _on_terminal(["maprun", "show"], columns, emulator.url, tmp_path)
    if not Path(sys.executable).with_name("sfnctl").exists():
        lines = [line.replace("python -m sfnctl", "sfnctl") for line in lines]
    assert lines[0].startswith("error: sfnctl maprun show needs MAP_RUN_ARN"), lines
    assert lines[1].startswith("Usage: sfnctl maprun show MAP_RUN_ARN · "), lines
    assert len(lines) == 2 and not any("╭" in line for line in lines)


def test_svg_picture_keeps_the_console_line_whole(emulator, tmp_path):
    """README's pictures cut the Console line at the right edge: the picture is now as wide
    as its widest line, so the URL is whole (and copies whole from the SVG's text)."""
    arn = emulator.arn("nested-failure")
    picture = tmp_path / "why.svg"
    result = sfnctl("why", arn, "--export-svg", str(picture), endpoint=emulator.url,
                    env={"COLUMNS": "80"})  # fmt: skip
    assert result.returncode == 0, result.stderr
    url = next(line for line in result.stdout.splitlines() if line.startswith("Console  "))
    assert url.endswith(arn)
    assert url.split("  ", 1)[1].replace("&", "&amp;") in picture.read_text()
