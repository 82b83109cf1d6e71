"""`sfnctl durable callback succeed|fail|heartbeat CALLBACK_ID`: answer a callback a durable
execution waits on (`durable describe` / `durable history` print the ids and these commands)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any

import typer

from sfnctl.commands.base import Command
from sfnctl.commands.consent import consented, require_terminal
from sfnctl.commands.durable.stop import DryRunOpt, ErrorMessageOpt, ErrorTypeOpt, YesOpt
from sfnctl.commands.options import JsonOpt
from sfnctl.context import Context
from sfnctl.errors import usage
from sfnctl.present import Result, show

MAX_RESULT = 1024 * 1024  # SendDurableExecutionCallbackSuccess's Result limit (bytes)


class Action(StrEnum):
    SUCCEED = "succeed"
    FAIL = "fail"
    HEARTBEAT = "heartbeat"


@dataclass(frozen=True, kw_only=True)
class CallbackOptions:
    action: Action
    callback_id: str
    result: str | None = None
    error_type: str | None = None
    error_message: str | None = None
    yes: bool = False
    dry_run: bool = False
    as_json: bool = False

    def validated(self) -> tuple[bytes | None, dict[str, str] | None]:
        """The Result bytes or the ErrorObject to send; usage error (exit 2) when invalid."""
        from sfnctl.model.durable import is_callback_id

        if not is_callback_id(self.callback_id):
            raise usage(
                "not a callback id: expected 1–1024 base64 characters "
                "(as `sfnctl durable describe` prints it)"
            )
        has_error = self.error_type is not None or self.error_message is not None
        if self.action is not Action.FAIL and has_error:
            raise usage("--error-type/--error-message go with `fail`")
        if self.action is not Action.SUCCEED and self.result is not None:
            raise usage("--result goes with `succeed`")
        if self.action is Action.FAIL:
            error = {"ErrorType": self.error_type, "ErrorMessage": self.error_message}
            return None, {k: v for k, v in error.items() if v is not None} or None
        if self.result is None:
            return None, None
        try:
            json.loads(self.result)
        except ValueError as error:
            raise usage(f"--result is not JSON: {error}") from None
        payload = self.result.encode()
        if len(payload) > MAX_RESULT:
            raise usage(f"--result is {len(payload):,} bytes; the limit is {MAX_RESULT:,}")
        return payload, None


def durable_callback(
    ctx: Context,
    action: Annotated[
        Action,
        typer.Argument(metavar="succeed|fail|heartbeat", help="How to answer.", show_default=False),
    ],
    callback_id: Annotated[
        str,
        typer.Argument(
            metavar="CALLBACK_ID",
            help="The whole callback id (durable describe/history print it).",
            show_default=False,
        ),
    ],
    result: Annotated[
        str | None,
        typer.Option("--result", metavar="JSON", help="succeed: the callback's result (JSON)."),
    ] = None,
    error_type: ErrorTypeOpt = None,
    error_message: ErrorMessageOpt = None,
    yes: YesOpt = False,
    dry_run: DryRunOpt = False,
    as_json: JsonOpt = False,
) -> Result:
    """Answer a durable execution's callback: succeed (with a result), fail, or heartbeat."""
    options = CallbackOptions(
        action=action,
        callback_id=callback_id,
        result=result,
        error_type=error_type,
        error_message=error_message,
        yes=yes,
        dry_run=dry_run,
        as_json=as_json,
    )
    return ctx.run(run, options)


def run(ctx: Context, opts: CallbackOptions) -> Result:
    payload, error = opts.validated()
    require_terminal(ctx, yes=opts.yes, dry_run=opts.dry_run, what="answer the callback")
    from sfnctl.render.actions import render_callback

    show(ctx, render_callback(str(opts.action), opts.callback_id, opts.result, error), stderr=True)
    data: dict[str, Any] = {
        "callbackId": opts.callback_id,
        "action": str(opts.action),
        "dryRun": opts.dry_run,
        "sent": False,
    }
    declined = consented(
        ctx,
        yes=opts.yes,
        dry_run=opts.dry_run,
        question=f"Send callback {opts.action}?",
        data=data,
        as_json=opts.as_json,
        what="callback",
    )
    if declined is not None:
        return declined
    ctx.api.send_callback(str(opts.action), opts.callback_id, result=payload, error=error)
    data["sent"] = True
    return Result(data=data, hints=(f"Sent callback {opts.action}.",))


COMMAND = Command("callback", durable_callback)
