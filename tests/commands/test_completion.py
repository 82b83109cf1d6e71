"""Completion: the engine over the generated command tree, and the ARN cache."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from sfnctl import arncache
from sfnctl.completion import answer, complete, load_spec

EXEC = "arn:aws:states:us-east-1:123456789012:execution:fetch-report:fetch-report-1"
SM = "arn:aws:states:us-east-1:123456789012:stateMachine:fetch-report"
MAP_RUN = "arn:aws:states:us-east-1:123456789012:mapRun:dm/items:0b7c"
DURABLE = "arn:aws:lambda:us-east-1:123456789012:function:payments:7/durable-execution/c-1/ab"
LOCAL = "e3754d63-241c-4892-a804-76471e9fad06/7d211c6d-2d1d-45fe-8797-8859a49e491a"
CACHE = [EXEC, SM, MAP_RUN, DURABLE, LOCAL]


@pytest.fixture(scope="module")
def spec():
    return load_spec()


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ([""], ["completion", "demo", "describe", "diff", "durable", "failures", "history", "list",
                "logs", "maprun", "open", "redrive", "redrive-status", "stats", "stop", "why"]),
        (["d"], ["demo", "describe", "diff", "durable"]),
        (["maprun", ""], ["list", "show", "update"]),
        (["durable", "h"], ["history"]),
        (["history", "x", "--vi"], ["--view"]),
        (["history", "x", "--view", ""], ["events", "tree", "timeline"]),
        (["--region", "us-east-1", "history", "x", "--view", "t"], ["tree", "timeline"]),
        (["list", SM, "--status", "P"], ["PENDING_REDRIVE"]),
        (["durable", "list", "fn", "--status", "S"], ["SUCCEEDED", "STOPPED"]),
        (["completion", ""], ["bash", "zsh", "fish"]),
        (["describe", "arn:aws:states:us-east-1:123456789012:e"], [EXEC]),
        (["describe", ""], [EXEC, MAP_RUN, DURABLE, LOCAL]),
        (["why", ""], [EXEC, DURABLE, LOCAL]),  # why takes durable ARNs too (issue 11)
        (["list", ""], [SM, MAP_RUN]),
        (["failures", ""], [SM, MAP_RUN]),
        (["stats", "--last", "5", ""], [SM, MAP_RUN]),
        (["diff", ""], [EXEC]),
        (["maprun", "show", "arn:"], [MAP_RUN]),
        (["durable", "describe", ""], [DURABLE, LOCAL]),
        (["durable", "list", ""], ["payments", DURABLE.split(":7/")[0]]),
        (["history", EXEC, ""], []),  # one ARN is all history takes
        (["describe", "--json", "arn:aws:states:us-east-1:123456789012:ex"], [EXEC]),
    ],
)  # fmt: skip
def test_complete(spec, words, expected):
    assert complete(words, spec, CACHE) == expected


def test_every_long_option_of_a_command_is_offered(spec):
    offered = complete(["describe", "--"], spec, [])
    for option in ("--json", "--exit-status", "--metadata-only", "--region", "--max-attempts"):
        assert option in offered


def test_cache_is_private_bounded_and_only_arns(tmp_path: Path):
    arncache.remember([EXEC, "my-execution-name", '{"input": "secret"}', SM, "a b"])
    path = Path(arncache.cache_path())
    assert path.read_text().splitlines() == [EXEC, SM]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    many = [f"{EXEC}-{i}" for i in range(arncache.MAX_ENTRIES + 50)]
    arncache.remember(many)
    assert len(arncache.load()) == arncache.MAX_ENTRIES
    assert arncache.load()[0] == many[0]
    arncache.remember([SM])  # most recent first, no duplicates
    assert arncache.load()[:2] == [SM, many[0]]
    assert arncache.load().count(SM) == 1
    assert not [p for p in path.parent.iterdir() if p.name != "arns"]  # no temp files left


def test_cache_never_required_and_never_fatal(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "nowhere"))
    assert arncache.load() == []
    blocked = tmp_path / "file-not-dir"
    blocked.write_text("x")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    arncache.remember([EXEC])  # can't create the directory: silently no cache
    assert arncache.load() == []
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "corrupt"))
    (tmp_path / "corrupt" / "sfnctl").mkdir(parents=True)
    (tmp_path / "corrupt" / "sfnctl" / "arns").write_bytes(b"\xff\xfe garbage\n" + EXEC.encode())
    assert arncache.load() == []  # undecodable: ignored, and the next write replaces it
    arncache.remember([SM])
    assert arncache.load() == [SM]


def test_answer_never_raises_on_odd_input():
    assert answer([]).startswith("completion\n")
    assert answer(["bash", "--nope", "=", "", "x" * 5000]) == ""
    assert answer(["zsh", "history", "x", "--view"]) == "--view\n"  # typed in full: confirmed


def test_commands_remember_what_the_service_confirmed(stubbed):
    from tests.fixtures import seed_shaped as s

    item = {
        "executionArn": s.EXEC,
        "stateMachineArn": s.SM,
        "name": "run-42",
        "status": "FAILED",
        "startDate": s.REDRIVEN_EXECUTION["startDate"],
    }
    stubbed.stubber.add_response(
        "list_executions", {"executions": [item]}, {"stateMachineArn": s.SM, "maxResults": 50}
    )
    result = stubbed.run("list", s.SM)
    assert result.exit_code == 0, result.stderr
    assert arncache.load() == [s.SM, s.EXEC]
    stubbed.stubber.add_client_error("describe_execution", "ExecutionDoesNotExist", "no", 400)
    missing = f"{s.EXEC}-missing"
    assert stubbed.run("describe", missing).exit_code == 3
    assert missing not in arncache.load()  # only what the service confirmed


@pytest.mark.e2e
def test_tab_imports_nothing_heavy():
    probe = (
        "import sys, runpy\n"
        "sys.argv = ['sfnctl', '__complete', 'bash', 'describe', 'arn:']\n"
        "runpy.run_module('sfnctl', run_name='__main__')\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('boto3', 'botocore', 'typer', 'rich', 'urllib3'))\n"
        "print('HEAVY', heavy, file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, env=os.environ
    )
    assert "HEAVY []" in result.stderr, result.stderr[-500:]


@pytest.mark.parametrize(
    ("arn", "url"),
    [
        (EXEC, "https://us-east-1.console.aws.amazon.com/states/home?region=us-east-1"
               f"#/v2/executions/details/{EXEC}"),
        ("arn:aws-cn:states:cn-north-1:123456789012:mapRun:sm/items:1",
         "https://cn-north-1.console.amazonaws.cn/states/home?region=cn-north-1"
         "#/mapruns/details/arn:aws-cn:states:cn-north-1:123456789012:mapRun:sm/items:1"),
        ("arn:aws-us-gov:states:us-gov-west-1:123456789012:stateMachine:sm",
         "https://console.amazonaws-us-gov.com/states/home?region=us-gov-west-1"
         "#/statemachines/view/arn:aws-us-gov:states:us-gov-west-1:123456789012:stateMachine:sm"),
        (DURABLE, "https://us-east-1.console.aws.amazon.com/lambda/home?region=us-east-1"
                  "#/functions/payments"),
    ],
)  # fmt: skip
def test_open_prints_the_console_url_that_parses_back(stubbed, arn, url):
    from sfnctl.model.arns import resolve

    result = stubbed.run("open", arn)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == url + "\n"
    if "durable" not in arn:
        assert resolve(url).text == arn  # the URL is accepted wherever an ARN is


def test_open_without_a_console_and_with_a_browser(stubbed, tmp_path, monkeypatch):
    assert stubbed.run("open", LOCAL).exit_code == 2
    opened = tmp_path / "opened"
    browser = tmp_path / "browser"
    browser.write_text(f'#!/bin/sh\necho "$1" > {opened}\n')
    browser.chmod(0o755)
    monkeypatch.setenv("BROWSER", str(browser))
    result = stubbed.run("open", EXEC, "--browser")
    assert result.exit_code == 0, result.stderr
    for _ in range(50):  # webbrowser runs it in the background
        if opened.exists():
            break
        import time

        time.sleep(0.05)
    assert opened.read_text().strip() == result.stdout.strip()


def test_describe_ends_with_the_console_line_unbroken(stubbed):
    from tests.fixtures import seed_shaped as s

    stubbed.stubber.add_response(
        "describe_execution", s.REDRIVEN_EXECUTION, {"executionArn": s.EXEC}
    )
    stubbed.stubber.add_client_error("describe_state_machine_for_execution", "AccessDenied")
    stubbed.stubber.add_client_error("describe_state_machine", "AccessDenied")
    result = stubbed.run("describe", s.EXEC)
    line = next(x for x in result.stdout.splitlines() if x.startswith("Console  "))
    assert line.endswith(f"#/v2/executions/details/{s.EXEC}")  # one line, wider than 100
