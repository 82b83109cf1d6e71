"""Credentials, profiles, colour rules and the unexpected-error path, with the real entry point."""

from __future__ import annotations

import os

import pytest

from tests.support.cli import sfnctl

pytestmark = pytest.mark.e2e
ESC = "\x1b["


def test_missing_credentials_is_exit_4(emulator):
    result = sfnctl(
        "describe",
        emulator.arn("order-pipeline"),
        endpoint=emulator.url,
        env={"AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": ""},
    )
    assert result.returncode == 4, result.stderr
    assert "credentials" in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_profile_is_exit_2(emulator):
    result = sfnctl(
        "describe",
        emulator.arn("order-pipeline"),
        "--profile",
        "no-such-profile",
        endpoint=emulator.url,
    )
    assert result.returncode == 2, result.stderr
    assert "no-such-profile" in result.stderr


def test_aws_region_variable_is_honoured(emulator):
    result = sfnctl(
        "describe",
        emulator.arn("order-pipeline"),
        "--json",
        endpoint=emulator.url,
        env={"AWS_DEFAULT_REGION": None, "AWS_REGION": "us-east-1"},
    )
    assert result.returncode == 0, result.stderr


def test_no_region_at_all_is_exit_2(emulator):
    # An ARN names its region (issue 14: it is used); a name is looked up in the configured
    # region, so with none at all it is a usage error naming --region.
    result = sfnctl(
        "describe",
        "order-pipeline/order-pipeline-1",
        endpoint=emulator.url,
        env={"AWS_DEFAULT_REGION": None, "AWS_REGION": None},
    )
    assert result.returncode == 2, result.stderr
    assert "--region" in result.stderr


def test_colour_rules(emulator):
    arn = emulator.arn("fetch-report")
    forced = sfnctl("describe", arn, endpoint=emulator.url, env={"FORCE_COLOR": "1"})
    assert ESC in forced.stdout  # the check below would be vacuous without colour here
    no_color_flag = sfnctl(
        "describe", arn, "--no-color", endpoint=emulator.url, env={"FORCE_COLOR": "1"}
    )
    no_color_env = sfnctl(
        "describe", arn, endpoint=emulator.url, env={"FORCE_COLOR": "1", "NO_COLOR": "1"}
    )
    piped = sfnctl("describe", arn, endpoint=emulator.url)
    for result in (no_color_flag, no_color_env, piped):
        assert result.returncode == 0, result.stderr
        assert "\x1b[3" not in result.stdout  # no colour escape (bold may remain)
        assert "✖ FAILED" in result.stdout  # icon and word carry the status without colour
    json_forced = sfnctl("describe", arn, "--json", endpoint=emulator.url, env={"FORCE_COLOR": "1"})
    assert ESC not in json_forced.stdout  # --json is never coloured


def test_unexpected_error_is_exit_1_with_one_line(stubbed):
    # No response queued: botocore's Stubber raises its own assertion — an exception sfnctl
    # has no mapping for, standing in for any unexpected failure.
    result = stubbed.run("describe", "arn:aws:states:us-east-1:123456789012:execution:a:b")
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines[0].startswith("error: ")
    assert len(lines) == 2
    assert lines[-1] == "Rerun with --debug for details."


def _on_a_pty(argv: list[str], env: dict[str, str]) -> bytes:
    """Run sfnctl with stdout/stderr on a pseudo-terminal; the raw bytes it wrote."""
    import pty
    import select
    import subprocess
    import sys

    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "sfnctl", *argv],
        stdin=subprocess.DEVNULL,
        stdout=follower,
        stderr=follower,
        env=env,
    )
    os.close(follower)
    chunks = []
    while True:
        ready, _, _ = select.select([leader], [], [], 30)
        if not ready:
            break
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the child closed the pty
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=30)
    os.close(leader)
    return b"".join(chunks)


def test_terminal_gets_colour_term_dumb_gets_plain_text(emulator):
    arn = emulator.arn("fetch-report")
    base = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    base.update(AWS_ENDPOINT_URL=emulator.url, COLUMNS="100")
    coloured = _on_a_pty(["describe", arn], {**base, "TERM": "xterm-256color"})
    assert b"\x1b[" in coloured and b"FAILED" in coloured
    dumb = _on_a_pty(["describe", arn], {**base, "TERM": "dumb"})
    assert "✖ FAILED".encode() in dumb
    assert b"\x1b[" not in dumb  # no colour, no cursor movement


def test_non_utf8_locale_gets_ascii_and_never_crashes(emulator):
    for argv in (
        ["describe", emulator.arn("fetch-report")],
        ["history", emulator.arn("nested-failure"), "--view", "tree"],
        ["why", emulator.arn("nested-failure")],
    ):
        result = sfnctl(*argv, endpoint=emulator.url, env={"PYTHONIOENCODING": "latin-1"})
        assert result.returncode == 0, result.stderr
        assert result.stdout.isascii(), [c for c in result.stdout if not c.isascii()][:5]
        assert "x FAILED" in result.stdout or "+ SUCCEEDED" in result.stdout


def test_ascii_flag(emulator):
    result = sfnctl("history", emulator.arn("nested-failure"), "--view", "tree", "--ascii",
                    endpoint=emulator.url)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.isascii()
    assert "+-- " in result.stdout or "|-- " in result.stdout  # ASCII tree guides


def test_json_stays_valid_in_a_non_utf8_locale(monkeypatch):
    import io
    import json as _json
    import sys

    from sfnctl.context import Context
    from sfnctl.output import dumps

    raw = io.BytesIO()
    latin1 = io.TextIOWrapper(raw, encoding="latin-1", errors="strict")
    monkeypatch.setattr(sys, "stdout", latin1)
    data = {"name": "é 漢字 \U0001f600 \u202e"}
    Context().write_stdout(dumps(data) + "\n")
    text = raw.getvalue().decode("latin-1")
    assert text.isascii()  # non-ASCII as \uXXXX escapes (surrogate pairs beyond the BMP)
    assert _json.loads(text) == data
