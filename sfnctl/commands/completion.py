"""`sfnctl completion SHELL`: the shell completion script (the TAB answers themselves come from
`sfnctl.completion`, without Typer, rich or botocore)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from sfnctl.commands.base import Command
from sfnctl.context import Context
from sfnctl.present import Result


class Shell(StrEnum):
    BASH = "bash"
    ZSH = "zsh"
    FISH = "fish"


def completion(
    ctx: Context,
    shell: Annotated[Shell, typer.Argument(help="bash, zsh or fish.", show_default=False)],
) -> Result:
    """Print the shell completion script (subcommands, options, values and recent ARNs).

    bash: sfnctl completion bash > ~/.local/share/bash-completion/completions/sfnctl
    zsh:  sfnctl completion zsh > "${fpath[1]}/_sfnctl"
    fish: sfnctl completion fish > ~/.config/fish/completions/sfnctl.fish
    """
    from sfnctl.completion import SCRIPTS

    script = SCRIPTS[shell.value]
    return Result(data=script, stream=lambda: ctx.write_stdout(script))


COMMAND = Command("completion", completion)
