"""--export-svg / --export-html save exactly what was printed; --pager pages only when asked."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests.support.cli import sfnctl

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (("describe", "fetch-report"), "ReportUnavailable"),
        (("history", "nested-failure", "--view", "tree"), "NotifyOps"),
        (("why", "nested-failure"), "Root cause"),
        (("maprun", "show", "MAP_RUN"), "map run"),
    ],
)
def test_exports_hold_what_was_printed(emulator, tmp_path: Path, argv, needle) -> None:
    args = list(argv)
    if "MAP_RUN" in args:
        runs = emulator.client().list_map_runs(executionArn=emulator.arn("distributed-map"))
        args[args.index("MAP_RUN")] = runs["mapRuns"][0]["mapRunArn"]
    args = [emulator.arn(a) if a in emulator.executions else a for a in args]
    svg, html = tmp_path / "view.svg", tmp_path / "view.html"
    result = sfnctl(
        *args, "--export-svg", str(svg), "--export-html", str(html), endpoint=emulator.url
    )
    assert result.returncode == 0, result.stderr
    assert needle in result.stdout
    picture, page = svg.read_text(), html.read_text()
    assert picture.startswith("<svg") and needle.replace(" ", "&#160;") in picture
    assert "<html" in page and needle in page
    first_line = result.stdout.splitlines()[0].strip()
    assert first_line.split()[-1] in page  # the same text the terminal got
    assert f"Saved {svg}" in result.stderr and f"Saved {html}" in result.stderr


def test_export_needs_a_rendered_view_and_a_writable_file(emulator, tmp_path: Path) -> None:
    arn = emulator.arn("fetch-report")
    with_json = sfnctl("describe", arn, "--json", "--export-svg", str(tmp_path / "x.svg"),
                       endpoint=emulator.url)  # fmt: skip
    assert with_json.returncode == 2 and "drop --json" in with_json.stderr
    nowhere = sfnctl("describe", arn, "--export-svg", str(tmp_path / "no" / "dir" / "x.svg"),
                     endpoint=emulator.url)  # fmt: skip
    assert nowhere.returncode == 2
    assert "cannot write" in nowhere.stderr and "Traceback" not in nowhere.stderr


def _in_tmux(command: str, marker: Path) -> str:
    """Run `command` in a terminal (tmux); wait for it to write `marker`; its contents."""
    socket = f"sfnctl-pager-{uuid.uuid4().hex[:8]}"
    tmux = ["tmux", "-L", socket]
    script = f"{command}; echo $? > {marker}; sleep 30"
    subprocess.run([*tmux, "new-session", "-d", "-x", "120", "-y", "40", "sh", "-c", script],
                   check=True)  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while not marker.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        return marker.read_text().strip()
    finally:
        subprocess.run([*tmux, "kill-server"], capture_output=True)


@pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux (.ci/run installs it)")
def test_pager_only_when_asked(emulator, tmp_path: Path) -> None:
    arn = emulator.arn("fetch-report")
    paged = tmp_path / "paged.txt"
    run = (
        f"PAGER='cat > {paged}' AWS_ENDPOINT_URL={emulator.url} AWS_ACCESS_KEY_ID=testing "
        f"AWS_SECRET_ACCESS_KEY=testing AWS_DEFAULT_REGION=us-east-1 {sys.executable} -m sfnctl "
        f"describe {arn}"
    )
    assert _in_tmux(run, tmp_path / "first") == "0"
    assert not paged.exists()  # on a terminal, but not asked: no pager
    assert _in_tmux(f"{run} --pager", tmp_path / "second") == "0"
    text = paged.read_text()
    assert "FAILED" in text and "fetch-report-1" in text  # the view went to the pager
