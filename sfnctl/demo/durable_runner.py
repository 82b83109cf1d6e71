"""Start and stop AWS's Lambda durable-execution local runner, with real handlers behind it.

Two processes on free 127.0.0.1 ports, used by `sfnctl demo` and by the end-to-end tests:

* the **function host** (`python -m sfnctl.demo.durable_runner host`): a loopback Lambda Invoke
  endpoint (`POST /2015-03-31/functions/{name}/invocations`) that runs the `@durable_execution`
  handlers of `sfnctl.demo.durable_scenarios` in-process. The handlers checkpoint back to the runner
  through boto3, so this process gets `AWS_ENDPOINT_URL_LAMBDA=<runner URL>`.
* the **runner** (`dex-local-runner start-server`, from `aws-durable-execution-sdk-python-testing`):
  serves the Lambda durable-execution REST API (GetDurableExecution, GetDurableExecutionHistory,
  ListDurableExecutionsByFunction) and invokes functions at the host's endpoint.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from typing import Any

from sfnctl.demo.moto_server import free_port
from sfnctl.errors import Exit, SfnctlError
from sfnctl.model.status import DURABLE_TERMINAL

ACCOUNT = "123456789012"
REGION = "us-east-1"
_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": REGION,
}


def _runner_command() -> list[str]:
    script = shutil.which("dex-local-runner") or os.path.join(
        os.path.dirname(sys.executable), "dex-local-runner"
    )
    if not os.path.exists(script):
        raise SfnctlError(
            "AWS's durable-execution local runner (dex-local-runner) is not installed",
            Exit.USAGE,
            hint="Install it with: pip install 'sfnctl[demo]'",
        )
    return [script]


@dataclass
class DurableRunner:
    """The local runner plus the function host. A context manager, or start()/stop()."""

    port: int = 0
    host_port: int = 0
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list, repr=False)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def host_url(self) -> str:
        return f"http://127.0.0.1:{self.host_port}"

    def start(self, timeout: float = 30.0) -> DurableRunner:
        command = _runner_command()
        self.port = self.port or free_port()
        self.host_port = self.host_port or free_port()
        env = dict(os.environ, **_CREDENTIALS)
        env.pop("AWS_ENDPOINT_URL", None)
        host_env = dict(env, AWS_ENDPOINT_URL_LAMBDA=self.url)
        self.processes.append(
            subprocess.Popen(
                [sys.executable, "-m", "sfnctl.demo.durable_runner", "host", str(self.host_port)],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                env=host_env,
            )
        )
        self.processes.append(
            subprocess.Popen(
                [
                    *command,
                    "start-server",
                    "--host=127.0.0.1",
                    f"--port={self.port}",
                    f"--lambda-endpoint={self.host_url}",
                    f"--local-runner-endpoint={self.url}",
                    f"--local-runner-region={REGION}",
                    "--log-level=ERROR",
                    "--skip-time",
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                env=env,
            )
        )
        deadline = time.monotonic() + timeout
        for url in (f"{self.url}/health", f"{self.host_url}/health"):
            while True:
                for process in self.processes:
                    if process.poll() is not None:
                        self.stop()
                        raise SfnctlError(
                            f"the durable-execution runner exited early (code {process.returncode})"
                        )
                try:
                    with urllib.request.urlopen(url, timeout=2):
                        break
                except (urllib.error.URLError, ConnectionError, OSError):
                    if time.monotonic() > deadline:
                        self.stop()
                        raise SfnctlError(
                            f"the durable-execution runner did not answer on {url} "
                            f"within {timeout:.0f}s",
                            Exit.UNAVAILABLE,
                        ) from None
                    time.sleep(0.05)
        return self

    def start_execution(self, function: str, name: str, payload: Any) -> str:
        """Start an execution of one of `durable_scenarios.HANDLERS`; return its ARN."""
        body = {
            "AccountId": ACCOUNT,
            "FunctionName": function,
            "FunctionQualifier": "$LATEST",
            "ExecutionName": name,
            "ExecutionTimeoutSeconds": 300,
            "ExecutionRetentionPeriodDays": 7,
            "Input": json.dumps(payload),
        }
        reply = self._request("POST", "/start-durable-execution", body)
        return str(reply["ExecutionArn"])

    def describe(self, arn: str) -> dict[str, Any]:
        quoted = urllib.parse.quote(arn, safe="")
        return self._request("GET", f"/2025-12-01/durable-executions/{quoted}")

    def wait_for(
        self, arns: list[str], timeout: float = 60.0, settled: tuple[str, ...] = DURABLE_TERMINAL
    ) -> dict[str, dict[str, Any]]:
        """Poll until every execution's status is in `settled`; return the last descriptions."""
        deadline = time.monotonic() + timeout
        while True:
            found = {arn: self.describe(arn) for arn in arns}
            if all(item.get("Status") in settled for item in found.values()):
                return found
            if time.monotonic() > deadline:
                pending = [arn for arn, item in found.items() if item.get("Status") not in settled]
                raise SfnctlError(f"durable executions did not settle: {pending}", Exit.UNAVAILABLE)
            time.sleep(0.05)

    def history(self, arn: str) -> list[dict[str, Any]]:
        quoted = urllib.parse.quote(arn, safe="")
        found = self._request("GET", f"/2025-12-01/durable-executions/{quoted}/history")
        return list(found.get("Events", []))

    def _request(self, method: str, path: str, body: Any = None) -> dict[str, Any]:
        request = urllib.request.Request(
            self.url + path,
            data=None if body is None else json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
            method=method,
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return dict(json.loads(response.read() or b"{}"))

    def stop(self) -> None:
        for process in reversed(self.processes):
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.processes.clear()

    def __enter__(self) -> DurableRunner:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


# (function, execution name, input, settles): one execution of each durable scenario.
SCENARIOS: tuple[tuple[str, str, dict[str, Any], bool], ...] = (
    ("order-pipeline", "order-1017", {"orderId": "o-1017", "items": ["book", "pen"]}, True),
    ("payment-failure", "charge-2231", {"amount": 42, "customer": "c-9"}, True),
    ("fan-out", "measure-7", {"items": ["a", "bb", "ccc"]}, True),
    ("await-approval", "approval-88", {"request": "r-5"}, False),
)


def run_durable_scenarios(runner: DurableRunner) -> dict[str, str]:
    """Start every scenario; wait for the ones that finish. Returns function → execution ARN
    (`await-approval` stays RUNNING: it waits for a callback nobody sends)."""
    started = {
        function: runner.start_execution(function, name, payload)
        for function, name, payload, _ in SCENARIOS
    }
    settles = [started[function] for function, _, _, done in SCENARIOS if done]
    runner.wait_for(settles)
    waiting = [started[function] for function, _, _, done in SCENARIOS if not done]
    # the callback scenario is RUNNING from the start; wait until its callback is registered
    deadline = time.monotonic() + 30
    while waiting and time.monotonic() < deadline:
        history = runner.history(waiting[0])
        if any(e.get("EventType") == "InvocationCompleted" for e in history):
            break
        time.sleep(0.05)
    return started


def serve_functions(port: int) -> None:
    """The function host: a loopback Lambda Invoke endpoint running the scenario handlers."""
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from aws_durable_execution_sdk_python_testing.invoker import create_test_lambda_context

    from sfnctl.demo.durable_scenarios import HANDLERS

    class Invoke(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            self._reply(200, {"status": "ok"})

        def do_POST(self) -> None:
            parts = self.path.split("?")[0].strip("/").split("/")
            length = int(self.headers.get("Content-Length") or 0)
            event = json.loads(self.rfile.read(length) or b"{}")
            if len(parts) != 4 or parts[1] != "functions" or parts[3] != "invocations":
                self._reply(404, {"Type": "ResourceNotFoundException", "Message": self.path})
                return
            name = urllib.parse.unquote(parts[2]).split(":")[-1]
            handler = HANDLERS.get(name.partition(":")[0])
            if handler is None:
                message = f"Function not found: {name}"
                self._reply(404, {"Type": "ResourceNotFoundException", "Message": message})
                return
            try:
                result = handler(event, create_test_lambda_context(function_name=name))
            except Exception as error:  # a Lambda reports an unhandled error, it doesn't crash
                body = {"errorType": type(error).__name__, "errorMessage": str(error)}
                self._reply(200, body, {"X-Amz-Function-Error": "Unhandled"})
                return
            self._reply(200, result, {"X-Amz-Executed-Version": "$LATEST"})

        def _reply(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    ThreadingHTTPServer(("127.0.0.1", port), Invoke).serve_forever()


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "host":
        serve_functions(int(sys.argv[2]))
    else:
        sys.exit("usage: python -m sfnctl.demo.durable_runner host PORT")
