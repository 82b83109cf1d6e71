"""`sfnctl durable functions`: the Lambda functions configured for durable executions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sfnctl.commands.base import Command
from sfnctl.commands.options import JsonOpt
from sfnctl.context import Context
from sfnctl.present import Result

if TYPE_CHECKING:
    from rich.console import RenderableType


@dataclass(frozen=True, kw_only=True)
class DurableFunctionsOptions:
    as_json: bool = False


def durable_functions(ctx: Context, as_json: JsonOpt = False) -> Result:
    """List the Lambda functions with durable executions configured (DurableConfig)."""
    return ctx.run(run, DurableFunctionsOptions(as_json=as_json))


def run(ctx: Context, opts: DurableFunctionsOptions) -> Result:
    """ListFunctions, every page; the functions whose configuration has DurableConfig."""
    functions = sorted(
        (f for f in ctx.api.list_functions() if f.get("DurableConfig")),
        key=lambda f: str(f.get("FunctionName", "")),
    )
    hints: tuple[str, ...] = ()
    if not opts.as_json:
        hints = (
            (f"Next: sfnctl durable list {functions[0].get('FunctionName')} --since 24h",)
            if functions
            else ("No functions with durable executions here (check --region / --profile).",)
        )

    def view() -> RenderableType:
        from sfnctl.render.machines import render_functions

        return render_functions(functions, "Functions with durable executions")

    return Result(data=functions, view=view, hints=hints)


COMMAND = Command("functions", durable_functions)
