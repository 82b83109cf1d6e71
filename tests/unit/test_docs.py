"""Docs stay true: every command has help text and a place in README; CHANGELOG is kept."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from sfnctl.completion import load_spec

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
HELP = json.loads((ROOT / "sfnctl" / "help.json").read_text(encoding="utf-8"))["sfnctl"]
COMMANDS = sorted(path for path in load_spec() if path)


@pytest.mark.parametrize("path", COMMANDS)
def test_every_command_has_help_text(path: str) -> None:
    lines = [line.strip(" │") for line in HELP[path].splitlines()]
    usage = next(i for i, line in enumerate(lines) if line.startswith("Usage: sfnctl"))
    description = next((line for line in lines[usage + 1 :] if line.strip()), "")
    assert description and not description.startswith(("╭", "─")), f"{path} has no help text"


@pytest.mark.parametrize("path", COMMANDS)
def test_every_command_is_in_readme(path: str) -> None:
    # the whole command, followed by a space, a backtick or the end of a line (not a prefix)
    assert re.search(rf"sfnctl {re.escape(path)}(?=[ `\n])", README), (
        f"README never mentions `sfnctl {path}`"
    )


def test_every_option_is_in_the_help() -> None:
    for path, node in load_spec().items():
        for option in node["options"]:
            assert any(name in HELP[path] for name in option["names"]), (path, option)


def test_changelog_has_an_unreleased_section() -> None:
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "## [Unreleased]" in changelog and "### Added" in changelog
