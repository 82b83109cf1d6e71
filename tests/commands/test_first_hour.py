"""Issue 17 (the first hour): usage errors in one line with the next step, filters that say
what they found in one line, `open --json`, one completion system."""

from __future__ import annotations

import inspect
import json
import sys

import pytest

from sfnctl import app as app_module
from sfnctl.completion import SCRIPTS
from tests.fixtures import seed_shaped as s
from tests.support.rendering import load_fixture


def _main(monkeypatch, capsys, *argv: str) -> tuple[int, str, str]:
    """`sfnctl ARGV` through the real entry (`sfnctl.app.main`, where usage errors are worded).
    Under pytest, Click names the program after pytest: the messages are matched after it."""
    monkeypatch.setattr(sys, "argv", ["sfnctl", *argv])
    with pytest.raises(SystemExit) as stopped:
        app_module.main()
    captured = capsys.readouterr()
    return int(stopped.value.code or 0), captured.out, captured.err


@pytest.mark.parametrize(
    ("argv", "message", "step"),
    [
        (
            ["failures"],
            "sfnctl failures needs TARGET: "
            "A state machine: NAME, NAME:VERSION, NAME:ALIAS or its ARN",
            "sfnctl failures TARGET · Find one with: sfnctl list (every state machine)",
        ),
        (
            ["describe"],
            "sfnctl describe needs ARN",
            "Find one with: sfnctl list STATE_MACHINE (a name works)",
        ),
        (
            ["maprun", "show"],
            "sfnctl maprun show needs MAP_RUN_ARN",
            "Find one with: sfnctl maprun list EXECUTION",
        ),
        (
            ["durable", "list"],
            "sfnctl durable list needs FUNCTION",
            "Find one with: sfnctl durable functions",
        ),
        (
            ["list", s.SM, "--status", "FAIL"],
            "--status must be one of RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED, "
            "PENDING_REDRIVE; got 'FAIL'",
            "Did you mean --status FAILED?",
        ),
        (
            ["list", s.SM, "--stat", "FAILED"],
            "no such option: --stat",
            "Did you mean --status? See: ",
        ),
        (["lst"], "no such command 'lst'. Did you mean 'list'?", "See: "),
    ],
)
def test_usage_errors_are_one_line_and_a_next_step(monkeypatch, capsys, argv, message, step):
    code, out, err = _main(monkeypatch, capsys, *argv)
    assert code == 2
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 2, err
    assert lines[0].startswith("error: "), err
    assert message in lines[0], err
    assert step in lines[1], err
    assert "╭" not in err and "Try '" not in err


def test_help_still_works_through_the_same_entry(monkeypatch, capsys):
    code, out, _ = _main(monkeypatch, capsys, "list", "--help")
    assert code == 0 and "--wide" in out


def test_top_level_help_advertises_one_completion_system(monkeypatch, capsys):
    _, out, _ = _main(monkeypatch, capsys, "--help")
    assert "--install-completion" not in out and "--show-completion" not in out
    assert "completion" in out


@pytest.mark.parametrize("command", ["why", "describe", "failures"])
def test_help_paragraphs_are_not_broken_mid_sentence(monkeypatch, capsys, command):
    """A docstring's own line breaks used to reach the help ("… for a Distributed Map run" /
    "that exceeded …" at any width): each paragraph is one flowing text."""
    from sfnctl.app import COMMANDS

    (found,) = [c for c in COMMANDS if getattr(c, "name", None) == command]
    doc = inspect.cleandoc(found.function.__doc__ or "")
    code, out, _ = _main(monkeypatch, capsys, command, "--help")
    assert code == 0
    flowing = " ".join(out.replace("│", " ").split())
    for paragraph in doc.split("\n\n"):
        assert " ".join(paragraph.split()) in flowing  # no paragraph lost
    lines = [line.strip() for line in out.splitlines()]
    for line in doc.splitlines()[1:]:  # a docstring line no longer ends a help line early
        words = line.split()
        if len(words) > 1 and lines:
            assert not any(text == line.strip() and len(text) < 60 for text in lines), (
                f"line kept as in the docstring: {line!r}"
            )


# --- history filters ------------------------------------------------------------------


@pytest.fixture
def saved(tmp_path):
    from sfnctl.output import dumps

    path = tmp_path / "nested.json"
    path.write_text(dumps(load_fixture("emulator-nested-failure.json")["history"]))
    return str(path)


def test_state_typo_suggests_the_states_of_the_history(stubbed, saved):
    result = stubbed.run("history", "--from-file", saved, "--state", "Downlod")
    assert result.exit_code == 2
    assert "no state named 'Downlod'" in result.stderr
    assert "Did you mean: Download?" in result.stderr


@pytest.mark.parametrize(
    "filters", [["--type", "ExecutionAborted"], ["--state", "Reconcile-Ledger-Nightly"]]
)
def test_an_empty_filter_result_is_one_line(stubbed, saved, filters):
    result = stubbed.run("history", "--from-file", saved, *filters)
    assert result.exit_code == 0, result.stderr
    assert [line for line in result.stdout.splitlines() if line.strip()] == [
        f"History from {saved} (0 of 37 events): no events match the filters."
    ]
    assert result.stderr == ""


# --- open, completion ------------------------------------------------------------------


def test_open_json_is_arn_and_url(stubbed):
    result = stubbed.run("open", s.EXEC, "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["arn"] == s.EXEC
    assert data["url"].startswith("https://us-east-1.console.aws.amazon.com/states/")
    assert data["url"].endswith(s.EXEC)
    plain = stubbed.run("open", s.EXEC)
    assert plain.stdout == data["url"] + "\n"


@pytest.mark.parametrize(
    ("shell", "where", "activate"),
    [
        ("bash", ".local/share/bash-completion/completions/sfnctl", "source <(sfnctl completion"),
        ("zsh", ".zfunc/_sfnctl", "fpath=("),
        ("fish", ".config/fish/completions/sfnctl.fish", "fish loads it"),
    ],
)
def test_completion_install_writes_the_script_where_the_shell_looks(
    stubbed, tmp_path, monkeypatch, shell, where, activate
):
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "BASH_COMPLETION_USER_DIR", "ZDOTDIR"):
        monkeypatch.delenv(name, raising=False)
    result = stubbed.run("completion", shell, "--install")
    assert result.exit_code == 0, result.stderr
    written = tmp_path / where
    assert written.read_text() == SCRIPTS[shell]
    assert f"Wrote {written}" in result.stderr
    assert activate in result.stderr
    assert result.stdout == ""


def test_completion_install_honours_the_xdg_directories(stubbed, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    result = stubbed.run("completion", "bash", "--install")
    assert result.exit_code == 0
    assert (tmp_path / "data/bash-completion/completions/sfnctl").read_text() == SCRIPTS["bash"]
