"""A loopback Step Functions endpoint that serves recorded histories with the service's paging
contract: GetExecutionHistory with maxResults (default 100, max 1000), nextToken, reverseOrder
and includeExecutionData; DescribeExecution for the recorded executions; ListExecutions (with
statusFilter) and ListStateMachines for the listings. A per-request delay
stands in for the network round trip. Used by the benchmark and the paging tests.

    python -m tests.support.history_server --port 8123 --delay 0.04
"""

from __future__ import annotations

import argparse
import base64
import gzip
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
LARGE = ROOT / "benchmarks" / "data" / "counting-loop-25k.json.gz"
LARGE_ARN = "arn:aws:states:us-east-1:123456789012:execution:counting-loop:counting-loop-1"


def load_recording(path: Path = LARGE) -> dict[str, Any]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        return json.load(handle)


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that hangs up mid-request (a pager stopped early) is not an error


class HistoryServer:
    """`executions`: execution ARN → {"describe": {...}, "history": [events as JSON]};
    `listings`: state machine ARN → ListExecutions items, newest first.

    Faults, counted over every request the server receives: every `throttle_every`-th request
    answers 400 ThrottlingException, every `unavailable_every`-th 503 ServiceUnavailable — what
    Step Functions does under load — before any paging logic runs. `bucket=(burst, per_second)`
    is the service's own throttle: a token bucket shared by every request, refilled
    continuously; a request that finds it empty answers ThrottlingException. `denied`: ARNs
    whose every request answers AccessDeniedException.

    ListExecutions honours statusFilter and takes a mapRunArn like a stateMachineArn.
    """

    def __init__(
        self,
        executions: dict[str, dict[str, Any]],
        delay: float = 0.0,
        *,
        listings: dict[str, list[dict[str, Any]]] | None = None,
        throttle_every: int = 0,
        unavailable_every: int = 0,
        bucket: tuple[float, float] | None = None,
        denied: frozenset[str] = frozenset(),
    ) -> None:
        self.executions = executions
        self.listings = listings or {}
        self.delay = delay
        self.throttle_every = throttle_every
        self.unavailable_every = unavailable_every
        self.bucket = bucket
        self.denied = denied
        self._tokens = bucket[0] if bucket else 0.0
        self._filled = time.monotonic()
        self.faults: list[tuple[int, str]] = []  # (request number, fault) as served
        self.requests: list[dict[str, Any]] = []
        self._cache: dict[str, tuple[int, bytes, str | None]] = {}
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                target = self.headers.get("X-Amz-Target", "").rsplit(".", 1)[-1]
                with server._lock:
                    server.requests.append({"operation": target, **body})
                    number = len(server.requests)
                if server.delay:
                    time.sleep(server.delay)
                status, data, error_type = (
                    server.fault(number) or server.refusal(body) or server.respond(target, body)
                )
                self.send_response(status)
                self.send_header("Content-Type", "application/x-amz-json-1.0")
                self.send_header("Content-Length", str(len(data)))
                if error_type:
                    self.send_header("x-amzn-ErrorType", error_type)
                self.end_headers()
                self.wfile.write(data)

        self.httpd = _QuietServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def start(self) -> HistoryServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> HistoryServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- the service -----------------------------------------------------------------------

    def _take_token(self) -> bool:
        if self.bucket is None:
            return True
        burst, rate = self.bucket
        with self._lock:
            now = time.monotonic()
            self._tokens = min(burst, self._tokens + (now - self._filled) * rate)
            self._filled = now
            if self._tokens >= 1:
                self._tokens -= 1
                return True
            return False

    def refusal(self, body: dict[str, Any]) -> tuple[int, bytes, str | None] | None:
        if body.get("executionArn") not in self.denied:
            return None
        with self._lock:
            self.faults.append((0, "AccessDeniedException"))
        reply = {"__type": "AccessDeniedException", "message": "not authorized"}
        return 400, json.dumps(reply).encode(), "AccessDeniedException"

    def fault(self, number: int) -> tuple[int, bytes, str | None] | None:
        if not self._take_token() or (self.throttle_every and number % self.throttle_every == 0):
            kind, status = "ThrottlingException", 400
        elif self.unavailable_every and number % self.unavailable_every == 0:
            kind, status = "ServiceUnavailable", 503
        else:
            return None
        with self._lock:
            self.faults.append((number, kind))
        body = json.dumps({"__type": kind, "message": "Rate exceeded"}).encode()
        return status, body, kind

    def respond(self, operation: str, body: dict[str, Any]) -> tuple[int, bytes, str | None]:
        """Serialised replies are cached: the server's own CPU is not what is being measured
        (the configured delay stands in for the service's time)."""
        key = json.dumps([operation, body], sort_keys=True)
        cached = self._cache.get(key)
        if cached is None:
            status, reply = self.handle(operation, body)
            error_type = reply.get("__type") if status != 200 else None
            cached = (status, json.dumps(reply).encode(), error_type)
            with self._lock:
                self._cache[key] = cached
        return cached

    def handle(self, operation: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        if operation == "ListExecutions":
            return self.list_executions(body)
        if operation == "ListStateMachines":
            return self.list_state_machines()
        arn = body.get("executionArn", "")
        if arn not in self.executions:
            return 400, {
                "__type": "ExecutionDoesNotExist",
                "message": f"Execution Does Not Exist: '{arn}'",
            }
        recorded = self.executions[arn]
        if operation == "DescribeExecution":
            return 200, recorded["describe"]
        if operation != "GetExecutionHistory":
            return 400, {"__type": "UnknownOperationException", "message": operation}
        size = int(body.get("maxResults") or 100)
        if not 0 < size <= 1000:
            return 400, {"__type": "ValidationException", "message": "maxResults must be 1..1000"}
        events = recorded["history"]
        order = list(range(len(events)))
        if body.get("reverseOrder"):
            order.reverse()
        start = 0
        if body.get("nextToken"):
            try:
                token = json.loads(base64.b64decode(body["nextToken"]))
                start, token_reverse = int(token["at"]), bool(token["reverse"])
            except (ValueError, KeyError, TypeError):
                return 400, {"__type": "InvalidToken", "message": "Invalid Token"}
            if token_reverse != bool(body.get("reverseOrder")):
                return 400, {"__type": "InvalidToken", "message": "Invalid Token"}
        page = [events[i] for i in order[start : start + size]]
        if body.get("includeExecutionData") is False:
            page = [_without_data(e) for e in page]
        reply: dict[str, Any] = {"events": page}
        if start + size < len(order):
            token = {"at": start + size, "reverse": bool(body.get("reverseOrder"))}
            reply["nextToken"] = base64.b64encode(json.dumps(token).encode()).decode()
        return 200, reply

    def list_executions(self, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        arn = body.get("stateMachineArn") or body.get("mapRunArn") or ""
        if arn not in self.listings:
            return 400, {"__type": "StateMachineDoesNotExist", "message": f"'{arn}'"}
        size = int(body.get("maxResults") or 100)
        if not 0 < size <= 1000:
            return 400, {"__type": "ValidationException", "message": "maxResults must be 1..1000"}
        start = 0
        if body.get("nextToken"):
            try:
                start = int(json.loads(base64.b64decode(body["nextToken"]))["at"])
            except (ValueError, KeyError, TypeError):
                return 400, {"__type": "InvalidToken", "message": "Invalid Token"}
        items = self.listings[arn]
        if body.get("statusFilter"):
            items = [i for i in items if i.get("status") == body["statusFilter"]]
        reply: dict[str, Any] = {"executions": items[start : start + size]}
        if start + size < len(items):
            token = json.dumps({"at": start + size}).encode()
            reply["nextToken"] = base64.b64encode(token).decode()
        return 200, reply

    def list_state_machines(self) -> tuple[int, dict[str, Any]]:
        """The state machines `listings` knows, in one page."""
        machines = [
            {
                "stateMachineArn": arn,
                "name": arn.rsplit(":", 1)[-1],
                "type": "STANDARD",
                "creationDate": 1_700_000_000,
            }
            for arn in sorted(self.listings)
        ]
        return 200, {"stateMachines": machines}


def _without_data(event: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, value in event.items():
        if key.endswith("EventDetails") and isinstance(value, dict):
            value = {k: v for k, v in value.items() if k not in ("input", "output")}
        out[key] = value
    return out


def epoch_events(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Recorded (ISO) timestamps as epoch seconds, the wire format of the JSON protocol."""
    from datetime import datetime

    return [{**e, "timestamp": datetime.fromisoformat(e["timestamp"]).timestamp()} for e in events]


def large_executions() -> dict[str, dict[str, Any]]:
    recording = load_recording()
    describe = dict(recording["describe"])
    for key in ("startDate", "stopDate"):
        if isinstance(describe.get(key), str):
            from datetime import datetime

            describe[key] = datetime.fromisoformat(describe[key]).timestamp()
    return {LARGE_ARN: {"describe": describe, "history": epoch_events(recording["history"])}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=8123)
    parser.add_argument("--delay", type=float, default=0.04)
    args = parser.parse_args()
    server = HistoryServer(large_executions(), args.delay)
    server.httpd.server_close()
    server.httpd = ThreadingHTTPServer(("127.0.0.1", args.port), server.httpd.RequestHandlerClass)
    print(f"serving {LARGE_ARN} on http://127.0.0.1:{args.port}", flush=True)
    server.httpd.serve_forever()


if __name__ == "__main__":
    main()


SM = "arn:aws:states:us-east-1:123456789012:stateMachine:busy"


def listing(count: int) -> list[dict[str, Any]]:
    return [
        {
            "executionArn": f"arn:aws:states:us-east-1:123456789012:execution:busy:run-{i:05d}",
            "stateMachineArn": SM,
            "name": f"run-{i:05d}",
            "status": "SUCCEEDED",
            "startDate": 1_795_000_000 - i,
        }
        for i in range(count)
    ]
