"""A scriptable, hostile loopback endpoint: Step Functions' JSON protocol (POST, X-Amz-Target)
and Lambda's durable-execution REST protocol (GET /2025-12-01/…) on one 127.0.0.1 port.

A test scripts each operation: `server.on("DescribeExecution", {...})` answers that dict as
JSON; a list answers its items in turn (the last one repeats); a callable gets the `Request`
and returns a dict or a `Reply`. A `Reply` can say anything a broken or malicious server says:
any status, raw bytes (HTML, nothing, a body cut short of its Content-Length, 10,000-deep
JSON), an error type header, one byte at a time with a pause between bytes. Unscripted
operations answer 400 UnknownOperationException. Every request is recorded (`requests`).

Hostile strings live in `HOSTILE` (what an attacker would put in any field) and `RAW_ESCAPE`
(byte patterns that must never reach a terminal).
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

ACCOUNT = "123456789012"
SM = f"arn:aws:states:us-east-1:{ACCOUNT}:stateMachine:hostile"
EXEC = f"arn:aws:states:us-east-1:{ACCOUNT}:execution:hostile:run"
MAP_RUN = f"arn:aws:states:us-east-1:{ACCOUNT}:mapRun:hostile/map:run-map"
FUNCTION = f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:hostile"
DURABLE = f"{FUNCTION}:$LATEST/durable-execution/run/0123456789abcdef"

# Each a terminal attack or a markup trap; together in one string in `HOSTILE`.
CSI = "\x1b[31mRED\x1b[0m"
CLEAR = "\x1b[2J\x1b[H"
OSC_TITLE = "\x1b]0;pwned-title\x07"
OSC_LINK = "\x1b]8;;http://evil.example/\x1b\\click\x1b]8;;\x1b\\"
OSC_CLIPBOARD = "\x1b]52;c;cm0gLXJmIH4=\x07"
C1 = "\x9b31m\x9d0;c1-title\x9c"
DCS = "\x1bP1$r0m\x1b\\"
MARKUP = "[/][link=http://evil.example/]markup-link[/link][bold]"
ZERO_WIDTH = "zero\u200bwidth\u200c\u200d\u2060\ufeff"
BIDI = "bidi\u200e\u200f\u061cmarks"
HOSTILE = CSI + CLEAR + OSC_TITLE + OSC_LINK + OSC_CLIPBOARD + C1 + DCS + MARKUP
INVISIBLE = ZERO_WIDTH + BIDI
LONE_SURROGATE = "lone\ud800surrogate"  # json.dumps writes it as the escape "\ud800"

# Bytes that mean the terminal got something raw (ESC, C1 CSI/OSC/ST/DCS as UTF-8, BEL).
RAW_ESCAPE = re.compile(rb"\x1b|\xc2[\x80-\x9f]|\x07|\x9b|\x9d")
RAW_INVISIBLE = re.compile("[\u200b-\u200f\u2060\ufeff\u061c]")


@dataclass
class Request:
    number: int
    operation: str
    method: str
    path: str
    params: dict[str, Any]  # JSON body (Step Functions) or query string + path ids (Lambda)


@dataclass
class Reply:
    body: bytes | dict[str, Any] | list[Any] | str = b""
    status: int = 200
    error_type: str | None = None
    content_length: int | None = None  # a lie: more than the body is a body cut short
    drip: float = 0.0  # seconds between single bytes
    content_type: str = "application/x-amz-json-1.0"

    def data(self) -> bytes:
        if isinstance(self.body, bytes):
            return self.body
        if isinstance(self.body, str):
            return self.body.encode("utf-8", "surrogatepass")
        return json.dumps(self.body).encode()


Script = dict[str, Any] | list[Any] | Reply | Callable[[Request], Any]

_LAMBDA = (
    (re.compile(r"^/2025-12-01/durable-executions/(?P<arn>.+)/history$"),
     "GetDurableExecutionHistory"),
    (re.compile(r"^/2025-12-01/durable-executions/(?P<arn>.+)/state$"),
     "GetDurableExecutionState"),
    (re.compile(r"^/2025-12-01/durable-executions/(?P<arn>.+)$"), "GetDurableExecution"),
    (re.compile(r"^/2025-12-01/functions/(?P<fn>[^/]+)/durable-executions$"),
     "ListDurableExecutionsByFunction"),
)  # fmt: skip


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that gives up mid-reply (a timeout under test) is not an error


@dataclass
class HostileServer:
    scripts: dict[str, Script] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._served: dict[str, int] = {}
        self._stop = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) or b"{}"
                target = self.headers.get("X-Amz-Target", "").rsplit(".", 1)[-1]
                server._answer(self, target, "POST", self.path, json.loads(raw))

            def do_GET(self) -> None:
                url = urlsplit(self.path)
                params: dict[str, Any] = {k: v[-1] for k, v in parse_qs(url.query).items()}
                operation = "Unknown"
                for pattern, name in _LAMBDA:
                    match = pattern.match(url.path)
                    if match:
                        operation = name
                        params.update({k: unquote(v) for k, v in match.groupdict().items()})
                        break
                server._answer(self, operation, "GET", url.path, params)

        self.httpd = _QuietServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def on(self, operation: str, script: Script) -> HostileServer:
        self.scripts[operation] = script
        return self

    def calls(self, operation: str) -> list[Request]:
        with self._lock:
            return [r for r in self.requests if r.operation == operation]

    def start(self) -> HostileServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> HostileServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _reply_for(self, request: Request) -> Reply:
        script = self.scripts.get(request.operation)
        if script is None:
            return Reply(
                {"__type": "UnknownOperationException", "message": request.operation},
                status=400,
                error_type="UnknownOperationException",
            )
        if isinstance(script, list):
            with self._lock:
                served = self._served.get(request.operation, 0)
                self._served[request.operation] = served + 1
            script = script[min(served, len(script) - 1)]
        if callable(script) and not isinstance(script, Reply):
            script = script(request)
        return script if isinstance(script, Reply) else Reply(script)

    def _answer(
        self, handler: BaseHTTPRequestHandler, operation: str, method: str, path: str, params: Any
    ) -> None:
        with self._lock:
            request = Request(len(self.requests) + 1, operation, method, path, params)
            self.requests.append(request)
        reply = self._reply_for(request)
        data = reply.data()
        handler.send_response(reply.status)
        content_type = reply.content_type
        if method == "GET" and content_type.startswith("application/x-amz-json"):
            content_type = "application/json"
        handler.send_header("Content-Type", content_type)
        length = reply.content_length if reply.content_length is not None else len(data)
        handler.send_header("Content-Length", str(length))
        if reply.error_type:
            handler.send_header("x-amzn-ErrorType", reply.error_type)
        handler.end_headers()
        try:
            if reply.drip:
                for index in range(len(data)):
                    if self._stop.wait(reply.drip):
                        return
                    handler.wfile.write(data[index : index + 1])
                    handler.wfile.flush()
            else:
                handler.wfile.write(data)
            if length > len(data):
                handler.wfile.flush()
                handler.close_connection = True  # cut short: hang up before the promised end
        except OSError:
            pass


# --- shapes the tests build answers from ----------------------------------------------------

T0 = 1_795_000_000.0


def describe(status: str = "FAILED", **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "executionArn": EXEC,
        "stateMachineArn": SM,
        "name": "run",
        "status": status,
        "startDate": T0,
        "input": "{}",
        "inputDetails": {"included": True},
    }
    if status != "RUNNING":
        body["stopDate"] = T0 + 60
    body.update(extra)
    return body


def event(
    event_id: int, kind: str, previous: int | None = None, at: float = 0.0, **details: Any
) -> dict[str, Any]:
    out: dict[str, Any] = {"id": event_id, "type": kind, "timestamp": T0 + at}
    if previous is not None:
        out["previousEventId"] = previous
    out.update(details)
    return out


def failed_history(cause: str = "boom", error: str = "States.TaskFailed") -> list[dict[str, Any]]:
    """A small FAILED execution: start → one Task that fails → execution failed."""
    return [
        event(1, "ExecutionStarted", 0, executionStartedEventDetails={"input": "{}"}),
        event(2, "TaskStateEntered", 1, 1, stateEnteredEventDetails={"name": "Work"}),
        event(
            3,
            "TaskFailed",
            2,
            2,
            taskFailedEventDetails={
                "resource": "x",
                "resourceType": "lambda",
                "error": error,
                "cause": cause,
            },
        ),
        event(
            4, "ExecutionFailed", 3, 3, executionFailedEventDetails={"error": error, "cause": cause}
        ),
    ]


def paged(
    items: list[Any], key: str, token_key: str = "nextToken", size: int | None = None
) -> Callable[[Request], dict[str, Any]]:
    """A handler serving `items` in pages honouring maxResults/MaxItems and the token."""

    def handle(request: Request) -> dict[str, Any]:
        p = request.params
        n = int(p.get("maxResults") or p.get("MaxItems") or size or 100)
        start = int(p.get(token_key.replace("Next", "")) or p.get(token_key) or 0)
        page: dict[str, Any] = {key: items[start : start + n]}
        if start + n < len(items):
            page[token_key] = str(start + n)
        return page

    return handle
