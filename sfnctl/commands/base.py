"""What a command module declares, and how the root app turns that into a Typer command.

A command module (see `sfnctl/commands/__init__.py`) holds:
- its Typer function: `def <name>(ctx: Context, <its arguments and options>) -> Result` —
  Typer's parameters, passed by keyword into the command's options;
- its options (a frozen, keyword-only dataclass) and `run(ctx, opts) -> Result`;
- `COMMAND = Command(...)`: its name, its Typer function, the ARN kinds its ARN argument accepts
  (read by the validator in `run` and by the completion generator) and whether it can save
  pictures (--export-svg/--export-html).

`typer_command()` adds to every command the global options (accepted before and after the
subcommand, like the AWS CLI's) and runs it through `sfnctl.present.run_command`: the error
guard, pager, exports and the one presenter.
"""

from __future__ import annotations

import functools
import inspect
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import typer

from sfnctl.commands.options import GLOBALS, ExportHtmlOpt, ExportSvgOpt
from sfnctl.context import Context, GlobalOptions
from sfnctl.model.arns import Kind
from sfnctl.present import Exports, Result, run_command

_CTX = "_typer_context"
_EXPORTS: dict[str, tuple[Any, Any]] = {
    "export_svg": (ExportSvgOpt, None),
    "export_html": (ExportHtmlOpt, None),
}


@dataclass(frozen=True)
class Command:
    name: str  # as typed after `sfnctl` (and the group's name)
    function: Callable[..., Result]
    accepts: tuple[Kind, ...] = ()  # kinds of ARN its ARN argument takes (for completion)
    exports: bool = False  # --export-svg / --export-html
    options: dict[str, Any] = field(default_factory=dict)  # extra typer.command() settings


@dataclass(frozen=True)
class Group:
    name: str
    help: str
    commands: tuple[Command, ...]


def app_context(typer_ctx: typer.Context) -> Context:
    """The Context the root callback built (or a test passed as `obj`)."""
    obj = typer_ctx.find_root().obj
    if not isinstance(obj, Context):  # a command invoked without the root callback
        obj = typer_ctx.find_root().obj = Context()
    return obj


def apply_console_options(ctx: Context) -> None:
    """--no-color given after the subcommand: consoles built since the root callback learn it
    (consoles not built yet read ctx.options when they are)."""
    if ctx.options.no_color:
        for console in (ctx.console_out, ctx.console_err):
            if console is not None:
                console.no_color = True


def typer_command(command: Command, path: str) -> Callable[..., None]:
    """The function Typer registers: the command's own parameters, then the export and global
    options; runs the command through the presenter and exits with its code."""
    fn = command.function
    signature = inspect.signature(fn)
    hints = typing.get_type_hints(fn, include_extras=True)
    added = {**(_EXPORTS if command.exports else {}), **GLOBALS}
    extra = [
        inspect.Parameter(n, inspect.Parameter.KEYWORD_ONLY, default=d, annotation=a)
        for n, (a, d) in added.items()
    ]
    context_param = inspect.Parameter(
        _CTX, inspect.Parameter.KEYWORD_ONLY, annotation=typer.Context
    )

    @functools.wraps(fn)
    def wrapper(*args: Any, **kw: Any) -> None:
        ctx = app_context(kw.pop(_CTX))
        ctx.options = ctx.options.merge(GlobalOptions(**{n: kw.pop(n) for n in GLOBALS}))
        apply_console_options(ctx)
        exports = None
        if command.exports:
            svg, html = kw.pop("export_svg"), kw.pop("export_html")
            subject = kw.get("arn") or kw.get("from_file")
            exports = Exports(svg=svg, html=html, title=f"sfnctl {path} {subject}")
        as_json = bool(kw.get("as_json") or kw.get("jsonl"))
        code = run_command(ctx, lambda: fn(ctx, *args, **kw), as_json=as_json, exports=exports)
        if code:
            raise typer.Exit(code)

    wrapper.__doc__ = reflowed(fn.__doc__)
    params = [
        p.replace(annotation=hints.get(p.name, p.annotation))
        for p in list(signature.parameters.values())[1:]  # drop the command's `ctx: Context`
    ]
    wrapper.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=[*params, context_param, *extra], return_annotation=None
    )
    wrapper.__annotations__ = {
        **{p.name: p.annotation for p in params},
        _CTX: typer.Context,
        **{n: a for n, (a, _) in added.items()},
    }
    return wrapper


def reflowed(doc: str | None) -> str | None:
    """A docstring's paragraphs each on one line: Typer's rich help keeps a docstring's line
    breaks, which then break sentences mid-line at any terminal width."""
    if not doc:
        return doc
    paragraphs = inspect.cleandoc(doc).split("\n\n")
    return "\n\n".join(" ".join(p.split()) for p in paragraphs)


def register(group: typer.Typer, command: Command, prefix: str = "") -> None:
    path = f"{prefix} {command.name}".strip()
    group.command(command.name, **command.options)(typer_command(command, path))
