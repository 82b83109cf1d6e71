"""`sfnctl completion SHELL [--install]`: the shell completion script (the TAB answers
themselves come from `sfnctl.completion`, without Typer, rich or botocore). The only completion
system: Typer's own `--install-completion` is switched off (its script completes no ARNs)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from sfnctl.commands.base import Command
from sfnctl.context import Context
from sfnctl.errors import usage
from sfnctl.present import Result


class Shell(StrEnum):
    BASH = "bash"
    ZSH = "zsh"
    FISH = "fish"


@dataclass(frozen=True, kw_only=True)
class CompletionOptions:
    shell: str
    install: bool = False


def completion(
    ctx: Context,
    shell: Annotated[Shell, typer.Argument(help="bash, zsh or fish.", show_default=False)],
    install: Annotated[
        bool,
        typer.Option(
            "--install",
            help="Write the script where the shell looks for it, and say how to activate it.",
        ),
    ] = False,
) -> Result:
    """Print the shell completion script (subcommands, options, values and recent ARNs).

    bash: source <(sfnctl completion bash)   (or --install, with bash-completion)
    zsh:  sfnctl completion zsh --install
    fish: sfnctl completion fish --install
    """
    return ctx.run(run, CompletionOptions(shell=shell.value, install=install))


def run(ctx: Context, opts: CompletionOptions) -> Result:
    from sfnctl.completion import SCRIPTS

    script = SCRIPTS[opts.shell]
    if not opts.install:
        return Result(data=script, stream=lambda: ctx.write_stdout(script))
    path, activate = install_path(opts.shell, dict(os.environ))

    def write() -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(script, encoding="utf-8")
        except OSError as error:
            raise usage(
                f"cannot write {path}: {error.strerror or error}",
                hint=f"Print it instead: sfnctl completion {opts.shell}",
            ) from None
        ctx.hint(f"Wrote {path}")
        ctx.hint(activate)

    return Result(data={"shell": opts.shell, "path": str(path)}, stream=write)


def install_path(shell: str, env: dict[str, str]) -> tuple[Path, str]:
    """Where each shell looks for a completion script (the user's own directories), and what
    the user still has to do for it to be picked up."""
    home = Path(env.get("HOME") or Path.home())
    if shell == "bash":
        data = Path(env.get("XDG_DATA_HOME") or home / ".local" / "share")
        base = Path(env.get("BASH_COMPLETION_USER_DIR") or data / "bash-completion")
        return base / "completions" / "sfnctl", (
            "bash-completion loads it in new shells. Without bash-completion, add to ~/.bashrc: "
            "source <(sfnctl completion bash)"
        )
    if shell == "zsh":
        folder = Path(env.get("ZDOTDIR") or home) / ".zfunc"
        return folder / "_sfnctl", (
            f"Add to ~/.zshrc (before compinit), then open a new shell: fpath=({folder} $fpath); "
            "autoload -Uz compinit && compinit"
        )
    config = Path(env.get("XDG_CONFIG_HOME") or home / ".config")
    return config / "fish" / "completions" / "sfnctl.fish", "fish loads it in new shells."


COMMAND = Command("completion", completion)
