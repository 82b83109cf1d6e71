"""IDs are never broken (issue 17): every ARN, execution name, callback id and URL a view shows
is printed whole on one line — beside its label when it fits, on its own line when it doesn't —
at 60, 80 and 120 columns, as a terminal or a file (`describe > notes.txt`) gets it."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from rich.console import Console

from sfnctl.model import durable
from sfnctl.model.redrive import explain_execution, explain_map_run
from sfnctl.render.actions import render_durable_stop, render_stop_one
from sfnctl.render.common import console_link
from sfnctl.render.durable import render_durable, render_durable_list, render_durable_why
from sfnctl.render.execution import render_execution
from sfnctl.render.executions import render_executions
from sfnctl.render.maprun import render_failures, render_map_run, render_map_runs
from sfnctl.render.redrive import render_redrive_execution, render_redrive_map_run
from tests.fixtures import seed_shaped as s
from tests.support.rendering import NOW, load_fixture

# The longest real names: state machine and execution names up to 80 characters, a map run's
# label up to 40, a Lambda function's name up to 64, in the longest partition and region.
SM_NAME = "reconcile-ledger-nightly-" + "x" * 55
EXEC_NAME = "0f8e6a4c-3b1d-4c2e-9a7f-5d6e8b9c0a1f-" + "y" * 43
PREFIX = "arn:aws-us-gov:states:us-gov-west-1:123456789012"
SM = f"{PREFIX}:stateMachine:{SM_NAME}"
EXEC = f"{PREFIX}:execution:{SM_NAME}:{EXEC_NAME}"
CHILD = f"{PREFIX}:execution:{SM_NAME}/{'shards' * 6}:{EXEC_NAME}"
MAP_RUN = f"{PREFIX}:mapRun:{SM_NAME}/{'shards' * 6}:4238187a-e603-421b-bb54-57b1e49c4173"
FUNCTION = "arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:" + "f" * 64 + ":17"
DURABLE = f"{FUNCTION}/durable-execution/{'d' * 64}/0123456789abcdef0123456789abcdef"
WIDTHS = [60, 80, 120]


def _lines(renderable: Any, width: int) -> list[str]:
    """What `describe > notes.txt` writes at this width (`present.show` never crops)."""
    console = Console(
        width=width, color_system=None, force_terminal=False, file=io.StringIO(), record=True
    )
    console.print(renderable, crop=False)
    return console.export_text().splitlines()


def _assert_whole(renderable: Any, width: int, ids: list[str]) -> None:
    lines = _lines(renderable, width)
    for one in ids:
        assert any(one in line for line in lines), f"{one!r} broken at {width}:\n" + "\n".join(
            lines
        )
    for line in lines:  # only a line carrying a whole ID may run past the width
        if len(line.rstrip()) > width:
            assert any(one in line for one in ids), f"line too wide at {width}: {line!r}"


def _execution() -> dict[str, Any]:
    return {
        **s.CHILD_EXECUTION,
        "executionArn": CHILD,
        "name": EXEC_NAME,
        "stateMachineArn": f"{SM}/{'shards' * 6}",
        "stateMachineVersionArn": SM + ":3",
        "stateMachineAliasArn": SM + ":prod",
        "mapRunArn": MAP_RUN,
    }


def _map_run() -> dict[str, Any]:
    return {**s.MAP_RUN_DESCRIBED, "mapRunArn": MAP_RUN, "executionArn": EXEC}


VIEWS: dict[str, Callable[[], tuple[Any, list[str]]]] = {
    "stop (what will be stopped)": lambda: (
        render_stop_one(_execution(), None, None, NOW),
        [CHILD],
    ),
    "durable stop (what will be stopped)": lambda: (
        render_durable_stop(
            {"DurableExecutionArn": DURABLE, "FunctionArn": FUNCTION, "Status": "RUNNING"},
            None,
            NOW,
        ),
        [DURABLE, FUNCTION],
    ),
    "describe": lambda: (
        render_execution(_execution(), NOW, {"name": SM_NAME, "type": "STANDARD"}),
        [CHILD, f"{SM}/{'shards' * 6}", SM + ":3", SM + ":prod", MAP_RUN, EXEC_NAME],
    ),
    "maprun show": lambda: (
        render_map_run(_map_run(), NOW),
        [MAP_RUN, EXEC, f"{SM_NAME}/{'shards' * 6}"],
    ),
    "maprun show failures": lambda: (
        render_failures(
            [dict(count=1, status="FAILED", error="E", cause="c", executionArns=[CHILD])],
            2,
            2,
        ),
        [CHILD],
    ),
    "maprun list": lambda: (
        render_map_runs([{"mapRunArn": MAP_RUN, "executionArn": EXEC}], NOW, f"Map runs of {EXEC}"),
        [MAP_RUN, EXEC],
    ),
    "list": lambda: (
        render_executions(
            [{**s.MAP_RUN_CHILDREN[0], "name": EXEC_NAME}, {**s.MAP_RUN_CHILDREN[1]}],
            NOW,
            f"Executions of {SM}",
        ),
        [EXEC_NAME, SM],
    ),
    "redrive-status execution": lambda: (
        render_redrive_execution(_execution(), *_why_execution()),
        [CHILD, MAP_RUN, EXEC_NAME, EXEC],  # EXEC: in "What to do", a command to run
    ),
    "redrive-status map run": lambda: (
        render_redrive_map_run(_map_run(), s.REDRIVEN_EXECUTION, *_why_map_run()),
        [MAP_RUN, EXEC, f"{SM_NAME}/{'shards' * 6}"],
    ),
    "durable describe": lambda: (
        render_durable(
            {
                **load_fixture("durable-payment-failure.json")["describe"],
                "DurableExecutionArn": DURABLE,
                "FunctionArn": FUNCTION,
            },
            NOW,
        ),
        [DURABLE, FUNCTION],
    ),
    "durable list": lambda: (
        render_durable_list(
            [{**load_fixture("durable-payment-failure.json")["describe"],
              "DurableExecutionName": "d" * 64, "FunctionArn": FUNCTION}],
            NOW,
            f"Durable executions of {FUNCTION}",
        ),
        ["d" * 64, FUNCTION],
    ),
    "durable why (callback id)": lambda: _durable_why(),
    "console link": lambda: (console_link(EXEC), [str(console_link(EXEC)).split("  ", 1)[1]]),
}  # fmt: skip


def _why_execution() -> tuple[str, str]:
    why = explain_execution(_execution(), EXEC)
    return why.meaning, why.action


def _why_map_run() -> tuple[str, str]:
    why = explain_map_run(_map_run(), s.REDRIVEN_EXECUTION)
    return why.meaning, why.action


def _durable_why() -> tuple[Any, list[str]]:
    data = load_fixture("durable-timed-out.json")
    history = durable.build(data["history"])
    callback = next(op.info["CallbackId"] for _, op in history.walk() if op.info.get("CallbackId"))
    return render_durable_why(durable.diagnose(history), history), [callback]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("view", list(VIEWS))
def test_ids_are_printed_whole(view, width):
    renderable, ids = VIEWS[view]()
    _assert_whole(renderable, width, ids)


@pytest.mark.parametrize("width", [80, 120])
def test_list_is_one_line_per_execution_when_the_names_fit(width):
    """UUID names (what StartExecution picks) fit beside their row at 80 columns."""
    names = ["0f8e6a4c-3b1d-4c2e-9a7f-5d6e8b9c0a1f", "run-42", "nightly-2026-11-21"]
    items = [{**s.MAP_RUN_CHILDREN[0], "name": name} for name in names]
    lines = _lines(render_executions(items, NOW, "Executions of orders"), width)
    assert len(lines) == 2 + len(names)  # title, header, one line each
    assert all(len(line) <= width for line in lines)
    assert "Stopped" not in lines[1] and "Redrives" not in lines[1]


def test_wide_brings_back_the_stop_time_and_redrives():
    items = [{**s.MAP_RUN_CHILDREN[0], "name": "run-42"}]
    header = _lines(render_executions(items, NOW, "Executions", wide=True), 120)[1]
    assert "Stopped UTC" in header and "Redrives" in header


def test_an_80_character_name_gets_its_own_line_at_80_columns():
    items = [{**s.MAP_RUN_CHILDREN[0], "name": EXEC_NAME}]
    lines = _lines(render_executions(items, NOW, "Executions"), 80)
    assert lines[3].strip() == EXEC_NAME
    assert lines[2].startswith("✔ SUCCEEDED") and EXEC_NAME not in lines[2]


@pytest.mark.parametrize("width", WIDTHS)
def test_prose_naming_an_arn_wraps_at_spaces_only(width):
    """A next step ("Redrive it: aws … --execution-arn ARN") wraps like prose but never inside
    the ARN: beside its label when every word fits, else on its own lines."""
    from sfnctl.render.common import kv_grid, whole_words

    step = f"Redrive it: aws stepfunctions redrive-execution --execution-arn {EXEC}"
    lines = _lines(kv_grid([("What to do", whole_words(step))]), width)
    assert any(EXEC in line for line in lines)
    assert " ".join(" ".join(lines).split()) == f"What to do {step}"
    short = _lines(kv_grid([("What to do", whole_words("Nothing to do: it succeeded."))]), width)
    assert short == ["What to do  Nothing to do: it succeeded."]
