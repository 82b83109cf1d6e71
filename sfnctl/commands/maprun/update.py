"""`sfnctl maprun update MAP_RUN_ARN`: change a running map run's concurrency or tolerance."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

import typer

from sfnctl.commands import targets
from sfnctl.commands.base import Command
from sfnctl.commands.options import JsonOpt, MapRunArg
from sfnctl.context import Context
from sfnctl.errors import Exit, SfnctlError, usage
from sfnctl.model.arns import Kind
from sfnctl.present import Result, show


@dataclass(frozen=True, kw_only=True)
class MapRunUpdateOptions:
    target: str
    max_concurrency: int | None = None
    tolerated_failure_percentage: float | None = None
    tolerated_failure_count: int | None = None
    yes: bool = False
    dry_run: bool = False
    as_json: bool = False

    def changes(self) -> dict[str, Any]:
        """The UpdateMapRun fields to send, validated; usage error (exit 2) when invalid."""
        changes: dict[str, Any] = {}
        if self.max_concurrency is not None:
            changes["maxConcurrency"] = _non_negative("--max-concurrency", self.max_concurrency)
        if self.tolerated_failure_percentage is not None:
            pct = self.tolerated_failure_percentage
            if not 0 <= pct <= 100:
                raise usage(f"--tolerated-percentage must be between 0 and 100, got {pct}")
            changes["toleratedFailurePercentage"] = float(pct)
        if self.tolerated_failure_count is not None:
            changes["toleratedFailureCount"] = _non_negative(
                "--tolerated-count", self.tolerated_failure_count
            )
        if not changes:
            raise usage(
                "nothing to update: give at least one of --max-concurrency, "
                "--tolerated-percentage, --tolerated-count"
            )
        return changes


# UpdateMapRun's integers are 32-bit: a bigger value is refused here, before any request.
INT32_MAX = 2**31 - 1
FINISHED = ("SUCCEEDED", "FAILED", "ABORTED")


def _non_negative(option: str, value: int) -> int:
    if not 0 <= value <= INT32_MAX:
        raise usage(f"{option} must be between 0 and {INT32_MAX}, got {value}")
    return value


def maprun_update(
    ctx: Context,
    arn: MapRunArg,
    max_concurrency: Annotated[
        int | None,
        typer.Option(
            "--max-concurrency",
            min=0,
            metavar="N",
            help="Child executions at once (0: no limit).",
        ),
    ] = None,
    tolerated_failure_percentage: Annotated[
        float | None,
        typer.Option(
            "--tolerated-percentage",
            min=0,
            max=100,
            metavar="PCT",
            help="Failed items allowed, as a percentage (0–100) — the API's "
            "toleratedFailurePercentage.",
        ),
    ] = None,
    tolerated_failure_count: Annotated[
        int | None,
        typer.Option(
            "--tolerated-count",
            min=0,
            metavar="N",
            help="Failed items allowed — the API's toleratedFailureCount.",
        ),
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Don't ask for confirmation.")] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show the change and send nothing.")
    ] = False,
    as_json: JsonOpt = False,
) -> Result:
    """Change a running map run's concurrency or failure tolerance (asks first)."""
    options = MapRunUpdateOptions(
        target=arn,
        max_concurrency=max_concurrency,
        tolerated_failure_percentage=tolerated_failure_percentage,
        tolerated_failure_count=tolerated_failure_count,
        yes=yes,
        dry_run=dry_run,
        as_json=as_json,
    )
    return ctx.run(run, options)


def run(ctx: Context, opts: MapRunUpdateOptions) -> Result:
    arn = targets.resolve(ctx, opts.target, accepts=(Kind.MAP_RUN,), command="maprun update")
    changes = opts.changes()  # validated before any request
    if not opts.yes and not opts.dry_run and not ctx.stdin_is_tty():
        raise SfnctlError(
            "refusing to update the map run without confirmation: stdin is not a terminal",
            Exit.USAGE,
            hint="Pass --yes to confirm non-interactively, or --dry-run to preview.",
        )
    from sfnctl.render.maprun import render_update

    current = ctx.api.describe_map_run(arn.text)
    if current.get("status") in FINISHED:
        raise SfnctlError(
            f"the map run has finished ({current['status']}): only a running map run can be "
            "updated; nothing was sent",
            Exit.USAGE,
        )
    view = render_update(current, changes, f"Update map run {arn.owner}:{arn.name}")
    before = {k: current.get(k) for k in changes}
    result = {"mapRunArn": arn.text, "current": before, "new": changes, "dryRun": opts.dry_run}
    # The diff is shown before asking — on stderr in --json mode, so stdout stays one JSON object.
    show(ctx, view, stderr=opts.as_json)
    if opts.dry_run:
        return Result(data={**result, "updated": False}, hints=("Dry run: nothing was sent.",))
    if not opts.yes and not _confirm(ctx, "Apply this change?"):
        hints = ("Cancelled: nothing was sent.",)  # one line: a choice, not an error
        return Result(data={**result, "updated": False}, hints=hints, code=int(Exit.USAGE))
    ctx.api.update_map_run(arn.text, changes)
    hint = f"Updated. To watch it: sfnctl maprun show {arn.text}"
    return Result(data={**result, "updated": True}, hints=(hint,))


def _confirm(ctx: Context, question: str) -> bool:
    from rich.prompt import Confirm

    try:
        return Confirm.ask(question, console=ctx.err, default=False)
    except EOFError:  # Ctrl-D, or stdin closed: no answer is no
        ctx.err.print()
        return False


COMMAND = Command("update", maprun_update, accepts=(Kind.MAP_RUN,))
