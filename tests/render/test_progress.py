"""describe --watch's "Now" lines: where a running execution is, how long, until when."""

from __future__ import annotations

from datetime import timedelta

from sfnctl.model.progress import Running
from sfnctl.render.progress import render_now
from tests.support.histories import T0
from tests.support.rendering import render_text


def _lines(renderable: object) -> list[str]:
    return [line.rstrip() for line in render_text(renderable).splitlines()]


NOW = T0 + timedelta(seconds=30)


def test_the_now_lines_read_as_the_issue_asks() -> None:
    lines = _lines(
        render_now(
            [
                Running(("Hold",), "Wait", T0, T0 + timedelta(seconds=80)),
                Running(("Fan", "branch 2", "Charge"), "Task", T0, None, "lambda:invoke"),
            ],
            NOW,
        )
    )
    assert lines == [
        "Now            in Hold — Wait until 10:01:20 UTC (in 50s)",
        "               in Fan › branch 2 › Charge — Task for 30s  lambda:invoke",
    ]


def test_many_running_iterations_are_counted_not_listed() -> None:
    running = [Running(("Files", f"iteration {i}", "Get"), "Task", T0) for i in range(9)]
    lines = _lines(render_now(running, NOW))
    assert len(lines) == 7 and lines[-1].strip() == "… and 3 more running"


def test_a_wait_that_is_due_and_state_names_are_untrusted() -> None:
    due = Running(("[bold]x\x1b[31m",), "Wait", T0, T0 + timedelta(seconds=5))
    (line,) = _lines(render_now([due], NOW))
    assert line.endswith("(due)") and "[bold]x\\x1b[31m" in line
    assert render_text(render_now([], NOW)).strip() == "Now            between states"
