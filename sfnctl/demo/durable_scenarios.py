"""Lambda durable functions of every interesting shape, for `sfnctl demo` and the tests.

Real `@durable_execution` handlers written with AWS's durable-execution SDK. They run inside
`sfnctl.demo.durable_runner`'s function host (a loopback Lambda Invoke endpoint) and
checkpoint back to AWS's local runner — exactly as they would in Lambda. Only that host process
imports this module (it needs `aws-durable-execution-sdk-python`, installed by the `demo` and
`test` extras).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aws_durable_execution_sdk_python import DurableContext, StepContext, durable_execution
from aws_durable_execution_sdk_python.config import Duration, JitterStrategy, StepConfig
from aws_durable_execution_sdk_python.retries import RetryStrategyConfig, create_retry_strategy


class PaymentDeclinedError(Exception):
    """The card processor said no — never worth retrying."""


class CarrierUnavailableError(Exception):
    """The shipping carrier's API is down — worth retrying."""


def _retry(max_attempts: int, initial_seconds: int = 2) -> StepConfig:
    return StepConfig(
        retry_strategy=create_retry_strategy(
            RetryStrategyConfig(
                max_attempts=max_attempts,
                initial_delay=Duration.from_seconds(initial_seconds),
                backoff_rate=2.0,
                jitter_strategy=JitterStrategy.NONE,
            )
        )
    )


@durable_execution
def order_pipeline(event: dict[str, Any], context: DurableContext) -> dict[str, Any]:
    """Succeeds: steps, a wait, and a step that fails twice before it succeeds."""
    order_id = str(event.get("orderId", "o-1"))
    order = context.step(
        lambda _: {"orderId": order_id, "items": event.get("items", []), "valid": True},
        name="validate-order",
    )
    context.step(lambda _: {"reserved": len(order["items"])}, name="reserve-stock")
    context.wait(Duration.from_seconds(30), name="cool-off")

    def book_carrier(step: StepContext) -> dict[str, str]:
        if step.attempt < 3:  # the carrier's API is flaky: it answers on the third attempt
            raise CarrierUnavailableError(f"carrier API returned 503 (attempt {step.attempt})")
        return {"carrier": "ups", "tracking": f"1Z{order_id.upper()}"}

    shipment = context.step(book_carrier, name="book-carrier", config=_retry(4))
    return {"orderId": order_id, "status": "shipped", **shipment}


@durable_execution
def payment_failure(event: dict[str, Any], context: DurableContext) -> dict[str, Any]:
    """Fails: a step that keeps failing through its retries fails the execution."""
    amount = event.get("amount", 0)
    context.step(lambda _: {"customer": event.get("customer", "c-1")}, name="load-customer")

    def charge_card(step: StepContext) -> dict[str, Any]:
        raise PaymentDeclinedError(
            f"card ending 4242 declined for {amount} USD (attempt {step.attempt})"
        )

    receipt = context.step(charge_card, name="charge-card", config=_retry(3))
    return {"receipt": receipt}


@durable_execution
def fan_out(event: dict[str, Any], context: DurableContext) -> dict[str, Any]:
    """Succeeds: a map over items in child contexts, then a summary step."""
    items = list(event.get("items", ["a", "b", "c"]))
    results: Any = context.map(
        items,
        lambda child, item, index, _items: child.step(
            lambda _: {"item": item, "size": len(str(item)) * 10}, name=f"measure-{index}"
        ),
        name="measure-items",
    )
    sizes = [r["size"] for r in results.get_results()]
    total = context.step(lambda _: sum(sizes), name="sum-sizes")
    return {"items": len(items), "total": total}


@durable_execution
def await_approval(event: dict[str, Any], context: DurableContext) -> dict[str, Any]:
    """Stays RUNNING: waits for a callback nobody sends."""
    context.step(lambda _: {"request": event.get("request", "r-1")}, name="file-request")
    approval = context.wait_for_callback(lambda callback_id, _ctx: None, name="manager-approval")
    return {"approved": approval}


HANDLERS: dict[str, Callable[[Any, Any], Any]] = {
    "order-pipeline": order_pipeline,
    "payment-failure": payment_failure,
    "fan-out": fan_out,
    "await-approval": await_approval,
}
