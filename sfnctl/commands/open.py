"""`sfnctl open ARN`: the AWS console URL of an execution, map run, state machine or durable
execution (right partition and region); --browser opens it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

import typer

from sfnctl.commands import targets
from sfnctl.commands.base import Command
from sfnctl.context import Context
from sfnctl.errors import usage
from sfnctl.model import arns
from sfnctl.model.arns import Kind
from sfnctl.present import Result

ACCEPTS = (*arns.EXECUTION_KINDS, Kind.MAP_RUN, *arns.STATE_MACHINE_KINDS, Kind.DURABLE_EXECUTION)


@dataclass(frozen=True, kw_only=True)
class OpenOptions:
    target: str
    browser: bool = False


def open_(
    ctx: Context,
    arn: Annotated[
        str,
        typer.Argument(
            metavar="ARN",
            help="Execution, map run, state machine or durable-execution ARN.",
            show_default=False,
        ),
    ],
    browser: Annotated[
        bool, typer.Option("--browser", help="Also open it in the default web browser.")
    ] = False,
) -> Result:
    """Print the AWS console URL of an execution, map run or state machine (right partition
    and region); --browser opens it."""
    return ctx.run(run, OpenOptions(target=arn, browser=browser))


def run(ctx: Context, opts: OpenOptions) -> Result:
    from sfnctl.model.links import console_url

    parsed = targets.resolve(ctx, opts.target, accepts=ACCEPTS, command="open")
    url = console_url(parsed)
    if url is None:
        raise usage(
            f"no AWS console page for {parsed.kind} {parsed.text}",
            hint="Local runner ids and isolated partitions have no console.",
        )

    def write() -> None:
        ctx.write_stdout(url + "\n")
        if opts.browser:
            import webbrowser

            if not webbrowser.open(url):
                ctx.hint("No browser could be started; the URL is above.")

    return Result(data=url, stream=write)


COMMAND = Command("open", open_, accepts=ACCEPTS)
