"""CloudWatch Logs (and the Lambda function's logging configuration): the calls `sfnctl logs`
and `why --logs` make, errors translated, pages collected."""

from __future__ import annotations

from typing import Any

from sfnctl.aws.base import ApiBase
from sfnctl.aws.errors import translated

MAX_LOG_EVENTS = 10_000  # per window: a task attempt's logs, not a log group's


class LogsCalls(ApiBase):
    @property
    def logs(self) -> Any:
        return self.client("logs")

    def filter_log_events(
        self,
        group: str,
        *,
        start_ms: int | None = None,
        end_ms: int | None = None,
        pattern: str | None = None,
        limit: int | None = MAX_LOG_EVENTS,
    ) -> list[dict[str, Any]]:
        """FilterLogEvents over every page of the window (up to `limit` events), oldest first."""
        params: dict[str, Any] = {"logGroupName": group}
        optional = {"startTime": start_ms, "endTime": end_ms, "filterPattern": pattern}
        params.update({k: v for k, v in optional.items() if v is not None})
        page = self._pages(
            self.logs.filter_log_events,
            params,
            "events",
            f"log group {group}",
            limit,
            None,
            names=("limit", "nextToken", "nextToken"),
        )
        return sorted(page.items, key=lambda e: (e.get("timestamp", 0), e.get("eventId", "")))

    def function_logging_config(self, function: str) -> dict[str, Any]:
        """GetFunction's Configuration.LoggingConfig ({} when the function has none)."""
        with translated(function):
            found = self.client("lambda").get_function(FunctionName=function)
        return dict((found.get("Configuration") or {}).get("LoggingConfig") or {})
