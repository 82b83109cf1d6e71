"""Snapshots of the views issue 11 changed, on the hand-written AWS-shaped fixtures: tree,
timeline and why of each shape; why and the timeline of a timed-out durable execution."""

from __future__ import annotations

import pytest

from sfnctl.model import durable
from sfnctl.model import tree as model
from sfnctl.model.diagnosis import diagnose
from sfnctl.model.saved import parse_history
from sfnctl.render.durable import render_durable_history, render_durable_why
from sfnctl.render.tree import Timeline, render_tree
from sfnctl.render.why import render_why
from tests.support.rendering import FIXTURES, load_fixture, render_text

SHAPES = sorted(p.stem for p in (FIXTURES / "aws-shapes").glob("*.json"))


def events(name: str):
    path = FIXTURES / "aws-shapes" / f"{name}.json"
    return parse_history(path.read_text(), name)


@pytest.mark.parametrize("shape", SHAPES)
def test_tree_timeline_and_why(snapshot, shape: str) -> None:
    history = events(shape)
    built = model.build(history)
    diagnosis = diagnose(history, tree=built)
    now = max(e["timestamp"] for e in history)
    text = "\n".join(
        render_text(view)
        for view in (
            render_tree(built, shape, now, root_cause=diagnosis.root_node),
            Timeline(built, shape, now, None, False, diagnosis.root_node),
            render_why(diagnosis, None),
        )
    )
    assert text == snapshot


def test_durable_timed_out_why_and_history(snapshot) -> None:
    history = durable.build(load_fixture("durable-timed-out.json")["history"])
    diagnosis = durable.diagnose(history, "b64ff20d-643a-450c-ae06-57caec9251f0/7c0e52d1")
    text = render_text(render_durable_why(diagnosis, history))
    text += render_text(render_durable_history(history, "History of approval-91"))
    assert text == snapshot
