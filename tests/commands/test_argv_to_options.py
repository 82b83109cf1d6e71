"""argv → options, for every flag of every command (cli/cli's runF swap).

The real Typer app parses the command line; the Context's `run_override` receives the options
object the command built instead of running it. A flag that never reaches its options — or two
flags swapped — fails here. `test_every_flag_is_covered` fails when a command gains a flag that
no case below sets.
"""

from __future__ import annotations

from typing import Any

import pytest
import typer.main
from typer.testing import CliRunner

from sfnctl.app import all_commands, app
from sfnctl.commands.completion import CompletionOptions
from sfnctl.commands.describe import DescribeOptions
from sfnctl.commands.diff import DiffOptions
from sfnctl.commands.durable.callback import Action, CallbackOptions
from sfnctl.commands.durable.describe import DurableDescribeOptions
from sfnctl.commands.durable.functions import DurableFunctionsOptions
from sfnctl.commands.durable.history import DurableHistoryOptions
from sfnctl.commands.durable.listing import DurableListOptions
from sfnctl.commands.durable.stop import DurableStopOptions
from sfnctl.commands.failures import FailuresOptions
from sfnctl.commands.history import HistoryOptions
from sfnctl.commands.listing import ListOptions
from sfnctl.commands.logs import LogsOptions
from sfnctl.commands.maprun.listing import MapRunListOptions
from sfnctl.commands.maprun.show import MapRunShowOptions
from sfnctl.commands.maprun.update import MapRunUpdateOptions
from sfnctl.commands.open import OpenOptions
from sfnctl.commands.redrive import RedriveExecutionOptions
from sfnctl.commands.redrive_status import RedriveOptions
from sfnctl.commands.stats import StatsOptions
from sfnctl.commands.stop import StopOptions
from sfnctl.commands.why import WhyOptions
from sfnctl.context import Context, GlobalOptions
from sfnctl.present import Result
from tests.fixtures import seed_shaped as s

DURABLE = "arn:aws:lambda:us-east-1:123456789012:function:orders:1/durable-execution/run/abc"

# (argv, the options it must build). Every value differs from its default.
CASES: list[tuple[list[str], Any]] = [
    (
        ["describe", s.EXEC, "--metadata-only", "--json", "--exit-status", "--watch",
         "--interval", "7"],
        DescribeOptions(target=s.EXEC, metadata_only=True, as_json=True, exit_status=True,
                        watch=True, interval=7.0),
    ),
    (
        ["list", s.SM, "--status", "failed", "--redrive-filter", "redriven", "--limit", "3",
         "--all", "--next-token", "tok", "--json"],
        ListOptions(target=s.SM, statuses=("FAILED",), redrive_filter="REDRIVEN", limit=3,
                    all_pages=True, next_token="tok", as_json=True),
    ),
    (["list", s.SM, "-n", "4"], ListOptions(target=s.SM, limit=4)),
    (["list", s.SM, "--wide"], ListOptions(target=s.SM, wide=True)),
    (["maprun", "list", s.EXEC, "--wide"], MapRunListOptions(target=s.EXEC, wide=True)),
    (["durable", "list", "orders", "--wide"], DurableListOptions(function="orders", wide=True)),
    (
        ["list", "orders", "--status", "FAILED", "--status", "timed_out", "--since", "2h",
         "--until", "30m", "--name", "run-*"],
        ListOptions(target="orders", statuses=("FAILED", "TIMED_OUT"), since="2h", until="30m",
                    name="run-*"),
    ),
    (["list"], ListOptions(target=None)),
    (["list", "--failing", "--since", "7d", "--json"],
     ListOptions(target=None, failing=True, since="7d", as_json=True)),
    (["durable", "functions", "--json"], DurableFunctionsOptions(as_json=True)),
    (
        ["durable", "list", "orders", "--since", "1h", "--until", "2026-11-02"],
        DurableListOptions(function="orders", started_after="1h", started_before="2026-11-02"),
    ),
    (
        ["history", s.EXEC, "--view", "tree", "--reverse", "--no-data", "--failed", "--state", "A",
         "--state", "B", "--type", "TaskFailed", "--expand-all", "--json", "--jsonl", "--watch",
         "--interval", "9"],
        HistoryOptions(target=s.EXEC, view="tree", reverse=True, include_data=False, failed=True,
                       states=("A", "B"), types=("TaskFailed",), expand_all=True, as_json=True,
                       jsonl=True, watch=True, interval=9.0),
    ),
    (["history", "--from-file", "h.json"], HistoryOptions(target=None, from_file="h.json")),
    (["history", "-f", "-"], HistoryOptions(target=None, from_file="-")),
    (
        ["why", s.EXEC, "--from-file", "h.json", "--json", "--exit-status", "--sample", "5"],
        WhyOptions(target=s.EXEC, from_file="h.json", as_json=True, exit_status=True, sample=5),
    ),
    (["why", s.EXEC, "--logs"], WhyOptions(target=s.EXEC, logs=True)),
    (["redrive-status", s.EXEC, "--json"], RedriveOptions(target=s.EXEC, as_json=True)),
    (
        ["failures", s.SM, "--since", "2h", "--until", "1h", "--limit", "7", "--json"],
        FailuresOptions(target=s.SM, since="2h", until="1h", limit=7, as_json=True),
    ),
    (["failures", s.MAP_RUN, "-n", "3"], FailuresOptions(target=s.MAP_RUN, limit=3)),
    (
        ["stats", s.SM, "--since", "3d", "--until", "2026-11-20", "--json"],
        StatsOptions(target=s.SM, since="3d", until="2026-11-20", as_json=True),
    ),
    (["stats", s.SM, "--last", "200"], StatsOptions(target=s.SM, last=200)),
    (["diff", s.EXEC, s.CHILD, "--json"], DiffOptions(a=s.EXEC, b=s.CHILD, as_json=True)),
    (["diff", s.EXEC], DiffOptions(a=s.EXEC)),
    (["maprun", "list", s.EXEC, "--json"], MapRunListOptions(target=s.EXEC, as_json=True)),
    (
        ["maprun", "show", s.MAP_RUN, "--failures", "--sample", "6", "--json", "--watch",
         "--interval", "8"],
        MapRunShowOptions(target=s.MAP_RUN, failures=True, sample=6, as_json=True, watch=True,
                          interval=8.0),
    ),
    (
        ["maprun", "update", s.MAP_RUN, "--max-concurrency", "3", "--tolerated-percentage", "2.5",
         "--tolerated-count", "4", "--yes", "--dry-run", "--json"],
        MapRunUpdateOptions(target=s.MAP_RUN, max_concurrency=3, tolerated_failure_percentage=2.5,
                            tolerated_failure_count=4, yes=True, dry_run=True, as_json=True),
    ),
    (["maprun", "update", s.MAP_RUN, "-y"], MapRunUpdateOptions(target=s.MAP_RUN, yes=True)),
    (
        ["stop", s.SM, "--error", "E", "--cause", "C", "--status", "RUNNING", "--since", "2h",
         "--yes", "--dry-run", "--json"],
        StopOptions(target=s.SM, error="E", cause="C", status="RUNNING", since="2h", yes=True,
                    dry_run=True, as_json=True),
    ),
    (["stop", s.EXEC, "-y"], StopOptions(target=s.EXEC, yes=True)),
    (
        ["redrive", s.EXEC, "--yes", "--dry-run", "--watch", "--interval", "3", "--exit-status",
         "--json"],
        RedriveExecutionOptions(target=s.EXEC, yes=True, dry_run=True, watch=True, interval=3.0,
                                exit_status=True, as_json=True),
    ),
    (["redrive", s.EXEC, "-y"], RedriveExecutionOptions(target=s.EXEC, yes=True)),
    (
        ["logs", s.EXEC, "--all", "--tail", "5", "--json"],
        LogsOptions(target=s.EXEC, all_attempts=True, tail=5, as_json=True),
    ),
    (
        ["durable", "stop", DURABLE, "--error-type", "T", "--error-message", "M", "--yes",
         "--dry-run", "--json"],
        DurableStopOptions(target=DURABLE, error_type="T", error_message="M", yes=True,
                           dry_run=True, as_json=True),
    ),
    (
        ["durable", "callback", "succeed", "abc=", "--result", "{}", "-y", "--dry-run", "--json"],
        CallbackOptions(action=Action.SUCCEED, callback_id="abc=", result="{}", yes=True,
                        dry_run=True, as_json=True),
    ),
    (
        ["durable", "callback", "fail", "abc=", "--error-type", "T", "--error-message", "M"],
        CallbackOptions(action=Action.FAIL, callback_id="abc=", error_type="T",
                        error_message="M"),
    ),
    (
        ["durable", "callback", "heartbeat", "abc="],
        CallbackOptions(action=Action.HEARTBEAT, callback_id="abc="),
    ),
    (
        ["durable", "describe", DURABLE, "--json", "--exit-status", "--watch", "--interval", "6"],
        DurableDescribeOptions(target=DURABLE, as_json=True, exit_status=True, watch=True,
                               interval=6.0),
    ),
    (
        ["durable", "history", DURABLE, "--reverse", "--no-data", "--failed", "--json", "--jsonl",
         "--watch", "--interval", "4"],
        DurableHistoryOptions(target=DURABLE, reverse=True, include_data=False, failed=True,
                              as_json=True, jsonl=True, watch=True, interval=4.0),
    ),
    (
        ["durable", "list", "orders", "--status", "failed", "--status", "STOPPED", "--name", "n",
         "--qualifier", "prod", "--started-after", "2026-11-01", "--started-before",
         "2026-11-02T10:30:00+0100", "--reverse", "--limit", "2", "--all", "--next-token", "m",
         "--json"],
        DurableListOptions(
            function="orders", statuses=("FAILED", "STOPPED"), name="n", qualifier="prod",
            started_after="2026-11-01", started_before="2026-11-02T10:30:00+0100", reverse=True,
            limit=2,
            all_pages=True, next_token="m", as_json=True,
        ),
    ),
    (["open", s.EXEC, "--browser"], OpenOptions(target=s.EXEC, browser=True)),
    (["open", s.EXEC, "--json"], OpenOptions(target=s.EXEC, as_json=True)),
    (["completion", "zsh", "--install"], CompletionOptions(shell="zsh", install=True)),
]  # fmt: skip


def _parsed(argv: list[str]) -> tuple[Any, Context]:
    received: list[Any] = []

    def capture(options: Any) -> Result:
        received.append(options)
        return Result()

    ctx = Context(run_override=capture)
    result = CliRunner().invoke(app, argv, obj=ctx)
    assert result.exit_code == 0, (result.output, result.exception)
    assert len(received) == 1
    return received[0], ctx


@pytest.mark.parametrize(("argv", "expected"), CASES, ids=[" ".join(c[0][:2]) for c in CASES])
def test_argv_reaches_the_options(argv: list[str], expected: Any) -> None:
    options, _ = _parsed(argv)
    assert options == expected


def test_demo_options() -> None:
    from sfnctl.commands.demo import DemoOptions

    options, _ = _parsed(["demo", "--serve", "--port", "8123"])
    assert options == DemoOptions(serve=True, port=8123)


GLOBAL_ARGS = ["--profile", "p", "--region", "eu-west-1", "--endpoint-url", "http://127.0.0.1:9",
               "--debug", "--no-color", "--ascii", "--pager", "--max-attempts", "3",
               "--timeout", "2.5"]  # fmt: skip
GLOBALS = GlobalOptions(profile="p", region="eu-west-1", endpoint_url="http://127.0.0.1:9",
                        debug=True, no_color=True, ascii=True, pager=True, max_attempts=3,
                        timeout=2.5)  # fmt: skip


@pytest.mark.parametrize("where", ["before", "after"])
def test_global_options_before_or_after_the_command(where: str) -> None:
    command = ["redrive-status", s.EXEC]
    argv = [*GLOBAL_ARGS, *command] if where == "before" else [*command, *GLOBAL_ARGS]
    _, ctx = _parsed(argv)
    assert ctx.options == GLOBALS


def _flags(command: Any) -> set[str]:
    return {
        name
        for param in command.params
        if param.param_type_name == "option"
        for name in param.opts
        if name.startswith("--")
    }


def test_every_flag_is_covered() -> None:
    """Each command's own flags (not the global or picture options) appear in a case above."""
    root = typer.main.get_command(app)
    shared = _flags(root) | {"--help", "--export-svg", "--export-html", "--version"}
    given = {arg for argv, _ in CASES for arg in argv if arg.startswith("--")}
    given |= {"--serve", "--port"}  # test_demo_options
    assert "--timeout" in shared  # the global options are found (and left out below)
    missing = {}
    for path in all_commands():
        command: Any = root
        for word in path.split():
            command = command.commands[word]  # type: ignore[union-attr]
        own = _flags(command) - shared
        if own - given:
            missing[path] = sorted(own - given)
    assert missing == {}
