"""Lambda durable executions: the calls sfnctl makes, errors translated, pages collected."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sfnctl.aws.base import ApiBase
from sfnctl.aws.base import strip as _strip
from sfnctl.aws.errors import translated
from sfnctl.aws.paging import HISTORY_PAGE, Page, PageGuard


class LambdaDurableCalls(ApiBase):
    @property
    def lambda_(self) -> Any:
        return self.client("lambda")

    def get_durable_execution(self, arn: str) -> dict[str, Any]:
        with translated(arn):
            found = _strip(self.lambda_.get_durable_execution(DurableExecutionArn=arn))
        self._saw(found.get("DurableExecutionArn"), found.get("FunctionArn"))
        return found

    def durable_history(
        self,
        arn: str,
        *,
        reverse: bool = False,
        include_data: bool = True,
        sink: Callable[[list[dict[str, Any]]], object] | None = None,
    ) -> list[dict[str, Any]]:
        """Every page of GetDurableExecutionHistory (1,000 events a page), in the order served;
        each page also goes to `sink` as it arrives."""
        params: dict[str, Any] = {"DurableExecutionArn": arn, "IncludeExecutionData": include_data}
        if reverse:
            params["ReverseOrder"] = True
        events: list[dict[str, Any]] = []
        marker: str | None = None
        guard = PageGuard(arn)
        with translated(arn):
            while True:
                request = dict(params, MaxItems=HISTORY_PAGE)
                if marker:
                    request["Marker"] = marker
                response = self.lambda_.get_durable_execution_history(**request)
                if marker is None:
                    self._saw(arn)
                page = response.get("Events", [])
                events.extend(page)
                if sink is not None:
                    sink(page)
                marker = guard.next_token(response.get("NextMarker"), len(page))
                if not marker:
                    return events

    def list_durable_executions(
        self,
        function: str,
        *,
        qualifier: str | None = None,
        name: str | None = None,
        statuses: list[str] | None = None,
        started_after: datetime | None = None,
        started_before: datetime | None = None,
        reverse: bool = False,
        limit: int | None = 50,
        marker: str | None = None,
    ) -> Page:
        """ListDurableExecutionsByFunction up to `limit` items (None: every page)."""
        params: dict[str, Any] = {"FunctionName": function}
        optional = {
            "Qualifier": qualifier,
            "DurableExecutionName": name,
            "Statuses": statuses or None,
            "StartedAfter": started_after,
            "StartedBefore": started_before,
            "ReverseOrder": reverse or None,
        }
        params.update({k: v for k, v in optional.items() if v is not None})
        page = self._pages(
            self.lambda_.list_durable_executions_by_function,
            params,
            "DurableExecutions",
            function,
            limit,
            marker,
            names=("MaxItems", "Marker", "NextMarker"),
        )
        self._saw(*(item.get("DurableExecutionArn") for item in page.items))
        return page

    def list_functions(self) -> list[dict[str, Any]]:
        """Every page of ListFunctions (the API's keys; `DurableConfig` present on functions
        configured for durable executions)."""
        found = self._pages(
            self.lambda_.list_functions,
            {},
            "Functions",
            "ListFunctions",
            None,
            None,
            names=("MaxItems", "Marker", "NextMarker"),
        ).items
        self._saw(*(item.get("FunctionArn") for item in found if item.get("DurableConfig")))
        return found

    def stop_durable_execution(
        self, arn: str, error: dict[str, str] | None = None
    ) -> dict[str, Any]:
        """StopDurableExecution (optional ErrorObject); the response (StopTimestamp)."""
        params: dict[str, Any] = {"DurableExecutionArn": arn}
        if error:
            params["Error"] = error
        with translated(arn):
            return _strip(self.lambda_.stop_durable_execution(**params))

    def send_callback(
        self,
        action: str,
        callback_id: str,
        *,
        result: bytes | None = None,
        error: dict[str, str] | None = None,
    ) -> None:
        """SendDurableExecutionCallbackSuccess / Failure / Heartbeat (`action`: succeed, fail,
        heartbeat)."""
        with translated(f"callback {callback_id}"):
            if action == "succeed":
                params: dict[str, Any] = {"CallbackId": callback_id}
                if result is not None:
                    params["Result"] = result
                self.lambda_.send_durable_execution_callback_success(**params)
            elif action == "fail":
                extra = {"Error": error} if error else {}
                self.lambda_.send_durable_execution_callback_failure(
                    CallbackId=callback_id, **extra
                )
            else:
                self.lambda_.send_durable_execution_callback_heartbeat(CallbackId=callback_id)
