"""Snapshots of `failures`, `stats` and `diff` views (width 100, no colour, fixed clock), and
hostile API text shown literally in them."""

from __future__ import annotations

from datetime import timedelta

from sfnctl.model.execdiff import compare
from sfnctl.model.failures import FailureGroups
from sfnctl.model.stats import Stats
from sfnctl.model.timewindow import Window
from sfnctl.model.tree import build
from sfnctl.render.diff import render_diff
from sfnctl.render.failures import render_failures
from sfnctl.render.stats import render_stats
from tests.support.histories import T0, pipeline
from tests.support.hostile import EVIL, RAW_CONTROL
from tests.support.rendering import NOW, render_text

WINDOW = Window(NOW - timedelta(hours=24), NOW)
SM = "state machine orders"


def _arn(i: int) -> str:
    return f"arn:aws:states:us-east-1:123456789012:execution:orders:run-{i:03d}"


def _groups() -> FailureGroups:
    groups = FailureGroups()
    for i in range(7):
        at = T0 - timedelta(minutes=i * 7)
        if i % 3 == 2:
            groups.add(
                _arn(i), "TIMED_OUT", start=at, stop=at + timedelta(seconds=3), redrivable=i > 3,
                path=("Shards", "iteration 4", "Resize"), error="States.Timeout",
                cause=f"Task timed out after 3.0{i} seconds",
            )  # fmt: skip
        else:
            groups.add(
                _arn(i), "FAILED", start=at, stop=at + timedelta(seconds=1), redrivable=True,
                path=("Charge",), error="Lambda.Unknown",
                cause=f"Unhandled error RequestId: 00000000-1111-2222-3333-44445555666{i}",
            )  # fmt: skip
    return groups


def test_failures_view(snapshot) -> None:
    text = render_text(
        render_failures(_groups().groups(), subject=SM, window=WINDOW, examined=8, unreadable=1)
    )
    assert "sfnctl why " + _arn(0) in text
    assert text == snapshot


def test_failures_view_limited_and_empty(snapshot) -> None:
    limited = render_failures(
        _groups().groups(), subject=SM, window=WINDOW, examined=7, unreadable=0, limited=7
    )
    empty = render_failures([], subject=SM, window=Window(None, NOW), examined=0, unreadable=0)
    assert (render_text(limited), render_text(empty)) == snapshot


def test_failures_view_shows_hostile_text_literally() -> None:
    groups = FailureGroups()
    groups.add(_arn(1), "FAILED", path=(EVIL,), error=EVIL, cause=EVIL)
    text = render_text(
        render_failures(groups.groups(), subject=EVIL, window=WINDOW, examined=1, unreadable=0)
    )
    assert "[bold red]pwn[/bold red]" in text
    assert not RAW_CONTROL.search(text)


def _stats() -> Stats:
    totals = Stats()
    for charge, fail in (
        ([("ok", 1.0)], False),
        ([("timeout", 3.0), ("ok", 2.0)], False),
        ([("fail", 0.5), ("fail", 0.5), ("fail", 0.5)], True),
        ([("ok", 1.5)], False),
    ):
        totals.add(build(pipeline(charge, fail).events))
    return totals


def test_stats_view(snapshot) -> None:
    assert render_text(render_stats(_stats(), subject=SM, window=WINDOW)) == snapshot


def test_stats_view_last_n_and_empty(snapshot) -> None:
    last = render_stats(_stats(), subject=SM, window=WINDOW, last="the newest 4")
    empty = render_stats(Stats(), subject=SM, window=WINDOW)
    assert (render_text(last), render_text(empty)) == snapshot


def test_diff_view(snapshot) -> None:
    failed = build(pipeline([("fail", 0.5), ("fail", 0.5)], True).events)
    passed = build(pipeline([("timeout", 3.0), ("ok", 1.0)], False).events)
    result = compare(
        failed, passed, a_arn=_arn(2), b_arn=_arn(1),
        a_input='{"order": 2, "items": [1, 2], "coupon": "X"}',
        b_input='{"order": 1, "items": [1]}', a_output=None, b_output='{"shipped": true}',
    )  # fmt: skip
    a = {"name": "run-002", "status": "FAILED"}
    b = {"name": "run-001", "status": "SUCCEEDED"}
    text = render_text(render_diff(result, a, b))
    assert "Diverged  at Charge — A FAILED, B SUCCEEDED" in text
    assert text == snapshot


def test_diff_view_of_identical_runs(snapshot) -> None:
    tree = build(pipeline([("ok", 1.0)], False).events)
    result = compare(tree, tree, a_input="{}", b_input="{}", a_output="{}", b_output="{}")
    assert render_text(render_diff(result, {"name": "a"}, {"name": "b"})) == snapshot


def test_titles_stay_on_one_line_at_80_columns():
    """`failures`/`stats` titles carry the subject and the window: wrapped, the window's end
    landed alone on the next line (found trying it at 80 columns)."""
    import io

    from rich.console import Console

    subject = "arn:aws:states:us-east-1:123456789012:stateMachine:fetch-report"
    window = Window(NOW - timedelta(hours=24), NOW)
    for view in (
        render_failures([], subject=subject, window=window, examined=0, unreadable=0),
        render_stats(Stats(), subject=subject, window=window),
    ):
        console = Console(width=80, color_system=None, file=io.StringIO(), record=True)
        console.print(view, crop=False)
        first = console.export_text().splitlines()[0]
        assert subject in first and first.rstrip().endswith("UTC"), first
