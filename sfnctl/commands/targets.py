"""The one place a TARGET word becomes an ARN: every command that takes an ARN calls
`resolve(ctx, text, accepts=KINDS, command=...)`.

- A full ARN or console URL: parsed as always (a full ARN always wins over a name form).
- Step Functions commands: NAME, NAME:VERSION, NAME:ALIAS, NAME/EXECUTION, NAME@latest,
  NAME@failed (`sfnctl.model.names.parse_target`). A name is looked up in the ARN cache first
  (no request when it knows the name in the configured region), else with ListStateMachines
  (every page) — whose answer joins the cache. Unknown: exit 3 with the closest names;
  ambiguous: exit 2 listing the candidates.
- Durable commands: FUNCTION, FUNCTION:QUALIFIER, FUNCTION/EXECUTION_NAME.

Whatever the form, requests about the ARN go to the ARN's own region (a note on stderr when
the configured region differs): the context's API is rebuilt for it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from sfnctl.errors import Exit, SfnctlError, usage
from sfnctl.model import arns
from sfnctl.model.arns import Arn, Kind

if TYPE_CHECKING:
    from sfnctl.context import Context
    from sfnctl.model.names import Target

DURABLE_KINDS = (Kind.DURABLE_EXECUTION, Kind.LAMBDA_FUNCTION)
# The durable local runner names an execution `UUID/UUID`, which would otherwise read as
# NAME/EXECUTION: two UUIDs are taken as the runner's id.
_UUID = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
_LOCAL_RUNNER_ID = re.compile(f"{_UUID}/{_UUID}")


def resolve(ctx: Context, text: str | None, *, accepts: tuple[Kind, ...], command: str) -> Arn:
    """The ARN `text` stands for, checked against `accepts` (a usage error names the command
    that fits). The context then talks to the ARN's region."""
    from sfnctl.model import names

    if not text or not text.strip():
        raise usage(
            f"sfnctl {command} needs a target: {_forms(accepts)}",
            hint=f"To list state machines, run: sfnctl list   ·   see: sfnctl {command} --help",
        )
    durable_only = all(kind in DURABLE_KINDS for kind in accepts)
    if Kind.DURABLE_EXECUTION in accepts and _LOCAL_RUNNER_ID.fullmatch(text.strip()):
        return arns.require(arns.resolve(text), accepts, command)  # not NAME/EXECUTION
    try:
        target = names.parse_durable_target(text) if durable_only else names.parse_target(text)
    except names.TargetError as error:
        raise usage(error.message) from None
    if target.arn is not None:
        return located(ctx, arns.require(target.arn, accepts, command))
    if durable_only:
        return _durable(ctx, target, accepts, command)
    return arns.require(_step_functions(ctx, target), accepts, command)


def _forms(accepts: tuple[Kind, ...]) -> str:
    from sfnctl.model import names

    if all(kind in DURABLE_KINDS for kind in accepts):
        return names.DURABLE_FORMS
    return names.TARGET_FORMS


def located(ctx: Context, arn: Arn) -> Arn:
    """Point the context at the ARN's own region, with a one-line note when that overrides
    the configured one."""
    if not arn.region:  # the local runner's ids name no region
        return arn
    from sfnctl.model.names import location

    configured = ctx.options.region or ctx.configured_region()
    where = location(arn, configured)
    if where.note:
        ctx.note(where.note)
    if where.region:
        ctx.use_region(where.region)
    return arn


# --- Step Functions -----------------------------------------------------------------------------


def _step_functions(ctx: Context, target: Target) -> Arn:
    from sfnctl.model import names

    machine = state_machine(ctx, target.name)
    kind = target.kind
    if kind is names.TargetKind.EXECUTION:
        text = names.execution_arn(
            machine.partition, machine.region, machine.account, machine.owner, target.execution
        )
        return located(ctx, arns.parse_arn(text))
    qualified = names.state_machine_arn(
        machine.partition, machine.region, machine.account, machine.owner, target.qualifier
    )
    located(ctx, machine)
    if kind in (names.TargetKind.LATEST, names.TargetKind.FAILED):
        return arns.parse_arn(
            newest_execution(ctx, qualified, failed=kind is names.TargetKind.FAILED)
        )
    return arns.parse_arn(qualified)


def state_machine(ctx: Context, name: str) -> Arn:
    """The state machine called `name` in the configured account and region: from the ARN
    cache when it knows exactly one, else from ListStateMachines."""
    from sfnctl import arncache
    from sfnctl.model import names

    region = ctx.options.region or ctx.configured_region()
    cached = [
        (n, a)
        for n, a in names.names_of(arncache.load(ctx.cache_origin()))
        if ":stateMachine:" in a and (region is None or f":{region}:" in a)
    ]
    found = names.resolve_name(name, cached)
    if isinstance(found, names.Exact):
        return arns.parse_arn(found.value)
    listed = ctx.api.list_state_machines()
    pairs = [(str(m.get("name", "")), str(m.get("stateMachineArn", ""))) for m in listed]
    found = names.resolve_name(name, pairs)
    if isinstance(found, names.Exact):
        return arns.parse_arn(found.value)
    if isinstance(found, names.Ambiguous):
        raise SfnctlError(
            f"{len(found.values)} state machines are called {name!r}: {', '.join(found.values)}",
            Exit.USAGE,
            "Pass the full ARN of the one you mean.",
        )
    where = f" in {region}" if region else ""
    base, at, word = name.rpartition("@")
    if at and base in found.closest:  # `orders@lastest`: a mistyped @latest / @failed
        hint = f"Did you mean: {base}@latest or {base}@failed? (not {word!r})"
    elif found.closest:
        hint = f"Did you mean: {', '.join(found.closest)}?"
    else:
        hint = "To list state machines, run: sfnctl list"
    raise SfnctlError(f"no state machine called {name!r}{where}", Exit.NOT_FOUND, hint)


def newest_execution(ctx: Context, state_machine_arn: str, *, failed: bool) -> str:
    """The newest execution of a state machine (version, alias); with `failed`, the newest that
    ended FAILED, TIMED_OUT or ABORTED (one newest-first stream per status, merged)."""
    from sfnctl.model.names import FAILED_STATUSES
    from sfnctl.model.timewindow import merge_newest_first

    if failed:
        streams = [
            ctx.api.executions_newest_first(state_machine_arn, status=status, page_size=1)
            for status in FAILED_STATUSES
        ]
        newest = next(merge_newest_first(streams, _started), None)
    else:
        newest = next(iter(ctx.api.executions_newest_first(state_machine_arn, page_size=1)), None)
    if newest is None:
        what = "failed, timed-out or aborted executions" if failed else "executions"
        raise SfnctlError(
            f"{state_machine_arn} has no {what}",
            Exit.NOT_FOUND,
            f"To list its executions, run: sfnctl list {state_machine_arn}",
        )
    return str(newest["executionArn"])


def _started(item: dict[str, Any]) -> Any:
    return item.get("startDate")


# --- Lambda durable executions ------------------------------------------------------------------


def _durable(ctx: Context, target: Target, accepts: tuple[Kind, ...], command: str) -> Arn:
    """A function by name (Lambda takes names, so no lookup), or a durable execution by
    FUNCTION/EXECUTION_NAME (ListDurableExecutionsByFunction, the newest of that name)."""
    from sfnctl.model.names import TargetKind

    if target.kind is TargetKind.DURABLE_EXECUTION:
        page = ctx.api.list_durable_executions(target.name, name=target.execution, limit=1)
        # a server that ignores the name filter must not hand back another execution
        named = [i for i in page.items if i.get("DurableExecutionName") == target.execution]
        if not named:
            raise SfnctlError(
                f"no durable execution called {target.execution!r} of function {target.name!r}",
                Exit.NOT_FOUND,
                f"To list its durable executions, run: sfnctl durable list {target.name}",
            )
        arn = arns.resolve(str(named[0]["DurableExecutionArn"]))
        return located(ctx, arns.require(arn, accepts, command))
    function = Arn(
        text=target.name,
        kind=Kind.LAMBDA_FUNCTION,
        partition="",
        region="",
        account="",
        owner=target.name,
        qualifier=target.qualifier,
    )
    if Kind.LAMBDA_FUNCTION not in accepts:  # a bare word where an execution is expected
        raise SfnctlError(
            f"sfnctl {command} needs a durable execution (FUNCTION/EXECUTION_NAME or its ARN); "
            f"{target.name!r} would be a function",
            Exit.USAGE,
            f"To list its durable executions, run: sfnctl durable list {target.name}",
        )
    return arns.require(function, accepts, command)
