"""The root Typer app: the global options, and the command modules it registers — nothing else.

argv → Typer (parse, validate) → a command module's Typer function → its options, built by
keyword → `run(ctx, opts) -> Result` → `sfnctl.present`. Global options (--profile, --region,
--endpoint-url, --debug, --no-color, …) are accepted both before and after the subcommand, like
the AWS CLI's: `sfnctl.commands.base` adds them to every command.
"""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer
from typer._click import exceptions as click  # Typer's own copy of Click's

from sfnctl import __version__
from sfnctl.commands import (
    completion,
    demo,
    describe,
    diff,
    durable,
    failures,
    history,
    listing,
    logs,
    maprun,
    open,
    redrive,
    redrive_status,
    stats,
    stop,
    why,
)
from sfnctl.commands.base import Command, Group, register
from sfnctl.commands.options import (
    AsciiOpt,
    DebugOpt,
    EndpointOpt,
    MaxAttemptsOpt,
    NoColorOpt,
    PagerOpt,
    ProfileOpt,
    RegionOpt,
    TimeoutOpt,
)
from sfnctl.context import Context, GlobalOptions
from sfnctl.errors import Exit
from sfnctl.present import reader_went_away

# In `sfnctl --help` order.
COMMANDS: tuple[Command | Group, ...] = (
    maprun.GROUP,
    durable.GROUP,
    describe.COMMAND,
    listing.COMMAND,
    history.COMMAND,
    why.COMMAND,
    failures.COMMAND,
    stats.COMMAND,
    diff.COMMAND,
    logs.COMMAND,
    redrive.COMMAND,
    redrive_status.COMMAND,
    stop.COMMAND,
    demo.COMMAND,
    open.COMMAND,
    completion.COMMAND,
)

app = typer.Typer(
    name="sfnctl",
    help="Inspect AWS Step Functions executions and Lambda durable executions.\n\n"
    "One command says what failed, why, and where; --json is exact enough to script against.",
    no_args_is_help=True,
    add_completion=False,  # `sfnctl completion` is the one completion system (it completes ARNs)
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _register_all() -> None:
    for entry in COMMANDS:
        if isinstance(entry, Group):
            group = typer.Typer(help=entry.help, no_args_is_help=True)
            app.add_typer(group, name=entry.name)
            for command in entry.commands:
                register(group, command, prefix=entry.name)
        else:
            register(app, entry)


_register_all()


def all_commands() -> dict[str, Command]:
    """Every command by its path ("describe", "maprun show"): for the completion generator."""
    found: dict[str, Command] = {}
    for entry in COMMANDS:
        if isinstance(entry, Group):
            found.update({f"{entry.name} {c.name}": c for c in entry.commands})
        else:
            found[entry.name] = entry
    return found


def _version(value: bool) -> None:
    if value:
        typer.echo(f"sfnctl {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    click_ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option("--version", "-V", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
    profile: ProfileOpt = None,
    region: RegionOpt = None,
    endpoint_url: EndpointOpt = None,
    debug: DebugOpt = False,
    no_color: NoColorOpt = False,
    ascii_only: AsciiOpt = False,
    pager: PagerOpt = False,
    max_attempts: MaxAttemptsOpt = None,
    timeout: TimeoutOpt = None,
) -> None:
    given = GlobalOptions(
        profile=profile,
        region=region,
        endpoint_url=endpoint_url,
        debug=debug,
        no_color=no_color,
        ascii=ascii_only,
        pager=pager,
        max_attempts=max_attempts,
        timeout=timeout,
    )
    if isinstance(click_ctx.obj, Context):
        click_ctx.obj.options = click_ctx.obj.options.merge(given)
    else:
        click_ctx.obj = Context(options=given)


def main() -> None:
    """Console-script entry point (after `sfnctl.entry`'s fast path)."""
    try:
        code = app(standalone_mode=False)
    except click.NoArgsIsHelpError:  # `sfnctl maprun`: the help, as Typer shows it
        app()
    except click.ClickException as error:
        sys.exit(_usage_error(error))
    except typer.Abort:
        sys.stderr.write("Aborted.\n")
        sys.exit(1)
    except BrokenPipeError:
        reader_went_away()
    except KeyboardInterrupt:
        sys.stderr.write("Interrupted.\n")
        sys.exit(int(Exit.INTERRUPTED))
    sys.exit(code if isinstance(code, int) else 0)


def _usage_error(error: click.ClickException) -> int:
    """One `error:` line and the next step, in sfnctl's voice (not Typer's boxed block)."""
    from rich.console import Console
    from rich.text import Text

    from sfnctl.commands.usage import explain
    from sfnctl.sanitize import clean

    command = all_commands().get(_command_key(getattr(error, "ctx", None)))
    message, step = explain(error, command.accepts if command else ())
    console = Console(stderr=True, soft_wrap=True, highlight=False)
    line = Text("error: ", style="bold red")
    line.append(clean(message))  # it quotes what was typed: escaped like API text
    console.print(line)
    console.print(Text(clean(step), style="dim"))
    return error.exit_code


def _command_key(ctx: Any) -> str:
    """ "maprun show" for the context of `sfnctl maprun show …`."""
    names: list[str] = []
    while ctx is not None and ctx.parent is not None:
        names.insert(0, ctx.info_name or "")
        ctx = ctx.parent
    return " ".join(names)
