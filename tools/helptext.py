"""Regenerate the files derived from the Typer app:

- `sfnctl/help.json`: every command's `--help` exactly as Typer renders it when no terminal is
  involved (80 columns, no colour), as `sfnctl` and as `python -m sfnctl`;
- `sfnctl/completion.json`: the command tree for shell completion (subcommands, options, which
  take a value, enum choices, arguments);
- `completions/sfnctl.bash`, `completions/_sfnctl`, `completions/sfnctl.fish`.

    python -m tools.helptext          # rewrite them
    python -m tools.helptext --check  # exit 1 if any is out of date

Tests run the check, so a change to the CLI that isn't regenerated fails the build instead of
serving stale help or completions.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

from sfnctl.completion import FILE_NAMES, SCRIPTS, SPEC_FILE
from sfnctl.entry import _RENDERING_ENV, HELP_FILE

COMPLETIONS_DIR = os.path.join(os.path.dirname(os.path.dirname(HELP_FILE)), "completions")


def _commands() -> dict[str, Any]:
    """ "" (the app) and every group and command, e.g. "durable history" → its Click command."""
    import typer.main

    from sfnctl.app import app

    found: dict[str, Any] = {}

    def walk(command: Any, prefix: list[str]) -> None:
        found[" ".join(prefix)] = command
        for name, sub in sorted(getattr(command, "commands", {}).items()):
            if not getattr(sub, "hidden", False):
                walk(sub, [*prefix, name])

    walk(typer.main.get_command(app), [])
    return found


def command_paths() -> list[str]:
    return list(_commands())


def completion_spec() -> dict[str, Any]:
    from sfnctl.app import all_commands

    accepts = all_commands()
    spec: dict[str, Any] = {}
    for path, command in _commands().items():
        options, arguments = [], []
        for param in command.params:
            choices = list(getattr(param.type, "choices", None) or []) or None
            choices = [str(getattr(c, "value", c)) for c in choices] if choices else None
            if param.param_type_name == "argument":
                arguments.append({"name": param.human_readable_name, "choices": choices})
                continue
            names = [*param.opts, *param.secondary_opts]
            takes_value = not (param.is_flag or getattr(param, "count", False))
            options.append({"names": names, "takes_value": takes_value, "choices": choices})
        options.append({"names": ["--help", "-h"], "takes_value": False, "choices": None})
        spec[path] = {
            "arn_kinds": [str(kind) for kind in accepts[path].accepts] if path in accepts else [],
            "subcommands": sorted(
                name
                for name, sub in getattr(command, "commands", {}).items()
                if not getattr(sub, "hidden", False)
            ),
            "options": options,
            "arguments": arguments,
        }
    return spec


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


def generated() -> dict[str, str]:
    """path → content of every generated file."""
    files = {
        HELP_FILE: dump(render()),
        SPEC_FILE: json.dumps(completion_spec(), indent=1, sort_keys=True) + "\n",
    }
    for shell, script in SCRIPTS.items():
        files[os.path.join(COMPLETIONS_DIR, FILE_NAMES[shell])] = script
    return files


def main() -> None:
    check = "--check" in sys.argv[1:]
    stale = []
    for path, text in generated().items():
        try:
            with open(path, encoding="utf-8") as handle:
                current = handle.read()
        except OSError:
            current = None
        if current == text:
            continue
        if check:
            stale.append(path)
            continue
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
        print(f"wrote {path}")
    if stale:
        sys.exit(f"out of date: {', '.join(stale)} — run: python -m tools.helptext")


if __name__ == "__main__":
    main()
