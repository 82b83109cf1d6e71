"""Express executions: their history lives only in the state machine's CloudWatch Logs
(DescribeStateMachine's loggingConfiguration). `describe`, `history` and `why` of an Express
execution ARN read it from there, say where it came from, and what to enable when logging is
off or below ALL; `list` of an Express state machine lists the executions its log shows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sfnctl.context import Context
from sfnctl.errors import Exit, SfnctlError
from sfnctl.model import arns
from sfnctl.present import Result


@dataclass(frozen=True)
class ExpressRead:
    events: list[dict[str, Any]]
    state_machine_arn: str
    log_group: str
    problem: str | None  # what to enable for complete histories (None: all is logged)

    @property
    def source(self) -> str:
        return f"History read from CloudWatch Logs: {self.log_group} (Express execution)."

    @property
    def hints(self) -> tuple[str, ...]:
        return (self.source, *((f"Incomplete: {self.problem}.",) if self.problem else ()))


def enable_command(state_machine_arn: str, log_group: str | None) -> str:
    group = log_group or "LOG_GROUP"
    return (
        f"aws stepfunctions update-state-machine --state-machine-arn {state_machine_arn} "
        "--logging-configuration 'level=ALL,includeExecutionData=true,destinations="
        f"[{{cloudWatchLogsLogGroup={{logGroupArn=arn:aws:logs:…:log-group:{group}:*}}}}]'"
    )


def _log_group_of(ctx: Context, sm_arn: str) -> tuple[str, str | None]:
    from sfnctl.model.logs import logging_advice

    described = ctx.api.describe_state_machine(sm_arn)
    advice = logging_advice(described.get("loggingConfiguration"))
    if advice.log_group is None:
        raise SfnctlError(
            f"no history for Express executions of {sm_arn}: {advice.problem}",
            Exit.NOT_FOUND,
            hint=f"Enable it (new executions only): {enable_command(sm_arn, None)}",
        )
    return advice.log_group, advice.problem


def read_history(ctx: Context, arn: arns.Arn) -> ExpressRead:
    """The execution's events from its state machine's log group (records of this ARN)."""
    from sfnctl.model.logs import express_history

    sm_arn = arns.state_machine_of(arn)
    group, problem = _log_group_of(ctx, sm_arn)
    found = ctx.api.filter_log_events(group, pattern=f'"{arn.text}"')
    events = express_history(found, arn.text).events
    if not events:
        hint = f"Logging: {problem}. " if problem else ""
        raise SfnctlError(
            f"no records of {arn.text} in the log group {group}",
            Exit.NOT_FOUND,
            hint=f"{hint}CloudWatch Logs keeps what its retention allows; "
            "Express executions are not kept anywhere else.",
        )
    return ExpressRead(events, sm_arn, group, problem)


def list_executions(
    ctx: Context, sm_arn: str, since: datetime | None, until: datetime | None
) -> tuple[list[dict[str, Any]], ExpressRead]:
    """ListExecutions-shaped items of an Express state machine from its log group."""
    from sfnctl.model.logs import express_executions, express_record, millis

    group, problem = _log_group_of(ctx, sm_arn)
    found = ctx.api.filter_log_events(group, start_ms=millis(since), end_ms=millis(until))
    records = [r for r in (express_record(str(e.get("message", ""))) for e in found) if r]
    return express_executions(records), ExpressRead([], sm_arn, group, problem)


def describe(ctx: Context, arn: arns.Arn, *, exit_status: bool) -> Result:
    """`describe` of an Express execution: DescribeExecution's shape, from the log."""
    from sfnctl.model.logs import express_description
    from sfnctl.model.status import exit_code_of

    read = read_history(ctx, arn)
    found = express_description(read.events, arn.text, read.state_machine_arn)

    def view() -> Any:
        from sfnctl.render.execution import render_execution

        return render_execution(found, ctx.now())

    return Result(
        data=found,
        view=view,
        hints=read.hints,
        code=exit_code_of(found.get("status"), exit_status),
    )
