"""A loopback Step Functions endpoint for actions moto can't serve (RedriveExecution answers 500
on moto 5.2.5): DescribeExecution, GetExecutionHistory, ListMapRuns, DescribeMapRun and
RedriveExecution over recorded shapes. Every request is kept, so a test can prove what was —
and what was not — sent; the first `fail_redrives` RedriveExecution requests answer 500."""

from __future__ import annotations

from typing import Any

from tests.support.history_server import HistoryServer


class ActionServer(HistoryServer):
    def __init__(
        self,
        executions: dict[str, dict[str, Any]],
        *,
        map_runs: dict[str, dict[str, Any]] | None = None,
        fail_redrives: int = 0,
    ) -> None:
        super().__init__(executions)
        self.map_runs = map_runs or {}  # map run ARN → DescribeMapRun
        self.fail_redrives = fail_redrives

    def sent(self, operation: str) -> list[dict[str, Any]]:
        return [r for r in self.requests if r["operation"] == operation]

    def respond(self, operation: str, body: dict[str, Any]) -> tuple[int, bytes, str | None]:
        import json

        status, reply = self.handle(operation, body)  # never cached: a redrive changes state
        error_type = reply.get("__type") if status != 200 else None
        return status, json.dumps(reply).encode(), error_type

    def handle(self, operation: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        if operation == "DescribeMapRun":
            found = self.map_runs.get(body.get("mapRunArn", ""))
            if found is None:
                return 400, {"__type": "ResourceNotFound", "message": "no such map run"}
            return 200, found
        if operation == "ListMapRuns":
            arn = body.get("executionArn", "")
            runs = [
                {"executionArn": arn, "mapRunArn": m, "stateMachineArn": "x", "startDate": 0}
                for m, run in self.map_runs.items()
                if run.get("executionArn") == arn
            ]
            return 200, {"mapRuns": runs}
        if operation == "RedriveExecution":
            return self.redrive(body)
        return super().handle(operation, body)

    def redrive(self, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        if len(self.sent("RedriveExecution")) <= self.fail_redrives:
            return 500, {"__type": "InternalServerError", "message": "try again"}
        describe = self.executions[body["executionArn"]]["describe"]
        describe["redriveCount"] = int(describe.get("redriveCount", 0)) + 1
        describe["redriveDate"] = describe["stopDate"] + 60
        describe["status"] = "SUCCEEDED"  # the redriven run ends at once
        describe["redriveStatus"] = "NOT_REDRIVABLE"
        return 200, {"redriveDate": describe["redriveDate"]}
