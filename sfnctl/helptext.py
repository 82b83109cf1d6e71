"""Regenerate `sfnctl/help.json`: every command's `--help` exactly as Typer renders it when no
terminal is involved (80 columns, no colour), as `sfnctl` and as `python -m sfnctl`.

    python -m sfnctl.helptext          # rewrite sfnctl/help.json
    python -m sfnctl.helptext --check  # exit 1 if it is out of date

tests/unit/test_startup.py runs the check, so a change to any command's help that isn't
regenerated fails the build instead of serving stale help.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

from sfnctl.entry import _RENDERING_ENV, HELP_FILE


def command_paths() -> list[str]:
    """ "" (the app) and every group and command, e.g. "durable history"."""
    import typer.main

    from sfnctl.cli import app

    found: list[str] = []

    def walk(command: Any, prefix: list[str]) -> None:
        found.append(" ".join(prefix))
        for name, sub in sorted(getattr(command, "commands", {}).items()):
            walk(sub, [*prefix, name])

    walk(typer.main.get_command(app), [])
    return found


# How each program name is invoked: the console script (argv[0] "sfnctl"), and `-m`.
_AS_SCRIPT = "import sys; sys.argv[0] = 'sfnctl'; from sfnctl.entry import main; main()"
PROGRAMS = {"sfnctl": ["-c", _AS_SCRIPT], "python -m sfnctl": ["-m", "sfnctl"]}


def render() -> dict[str, dict[str, str]]:
    env = {k: v for k, v in os.environ.items() if k not in _RENDERING_ENV}
    env["SFNCTL_NO_HELP_CACHE"] = "1"  # force Typer's own rendering
    rendered: dict[str, dict[str, str]] = {}
    for program, launch in PROGRAMS.items():
        rendered[program] = {}
        for path in command_paths():
            result = subprocess.run(
                [sys.executable, *launch, *path.split(), "--help"],
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                env=env,
                check=True,
                timeout=60,
            )
            rendered[program][path] = result.stdout
    return rendered


def dump(rendered: dict[str, dict[str, str]]) -> str:
    return json.dumps(rendered, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def main() -> None:
    text = dump(render())
    if "--check" in sys.argv[1:]:
        with open(HELP_FILE, encoding="utf-8") as handle:
            current = handle.read()
        if current != text:
            sys.exit(f"{HELP_FILE} is out of date: run python -m sfnctl.helptext")
        return
    with open(HELP_FILE, "w", encoding="utf-8") as handle:
        handle.write(text)
    print(f"wrote {HELP_FILE}")


if __name__ == "__main__":
    main()
