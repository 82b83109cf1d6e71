"""Errors a server sends without an error-type header — as AWS's durable-execution local runner
does (`{"Type": …, "Message": …}` with HTTP 404/400) — map by body and HTTP status, through
botocore's real HTTP and parsing path against a loopback server."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import boto3
import pytest
from botocore.config import Config

from sfnctl.aws.api import AwsApi
from sfnctl.aws.session import core_session as _core_session
from sfnctl.errors import SfnctlError
from tests.support.cli import sfnctl

ARN = "11111111-2222-3333-4444-555555555555/66666666-7777-8888-9999-000000000000"


class ErrorServer:
    """Answers every request with the (status, body) it was last told to."""

    def __init__(self) -> None:
        self.reply: tuple[int, bytes] = (500, b"{}")
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                status, body = server.reply
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()


@pytest.fixture(scope="module")
def server() -> Iterator[ErrorServer]:
    found = ErrorServer()
    yield found
    found.httpd.shutdown()


def api_without_retries(url: str) -> AwsApi:
    session = boto3.session.Session(
        botocore_session=_core_session(),
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        region_name="us-east-1",
    )
    config = Config(retries={"mode": "standard", "max_attempts": 1})
    return AwsApi(lambda service: session.client(service, endpoint_url=url, config=config))


CASES = [
    (404, {"Type": "ResourceNotFoundException", "Message": "Durable Execution does not exist"}, 3),
    (400, {"Type": "InvalidParameterValueException", "message": "bad marker"}, 6),
    (429, {"Type": "TooManyRequestsException", "message": "slow down"}, 5),
    (500, {"Type": "ServiceException", "Message": "boom"}, 5),
    (404, {"Message": "no type at all"}, 3),  # by HTTP status
    (400, {}, 6),
    (403, {"message": "denied"}, 4),
    (503, {"Type": "Receiver"}, 5),  # a fault class, not an error type
]


@pytest.mark.parametrize(("status", "body", "exit_code"), CASES)
def test_untyped_errors_map_by_body_then_status(server, status, body, exit_code) -> None:
    server.reply = (status, json.dumps(body).encode())
    with pytest.raises(SfnctlError) as raised:
        api_without_retries(server.url).get_durable_execution(ARN)
    assert int(raised.value.code) == exit_code
    message = raised.value.message
    assert message.startswith("GetDurableExecution failed: ")
    kind = body.get("Type")
    if kind and kind != "Receiver":
        assert f"failed: {kind} for {ARN}" in message
    text = body.get("Message") or body.get("message")
    if text:
        assert text in message


@pytest.mark.parametrize(
    "argv", [("durable", "describe", ARN), ("history", ARN), ("durable", "list", "fn")]
)
def test_cli_one_line_and_exit_code(server, argv) -> None:
    server.reply = (404, b'{"Type": "ResourceNotFoundException", "Message": "not here"}')
    result = sfnctl(*argv, endpoint=server.url)
    assert result.returncode == 3, result.stderr
    assert result.stdout == ""
    assert result.stderr.splitlines()[0].endswith(
        "ResourceNotFoundException for " + ("fn" if argv[-1] == "fn" else ARN) + " — not here"
    )


HTML_500 = (
    b"<!doctype html>\n<html lang=en>\n<title>500 Internal Server Error</title>\n"
    b"<h1>Internal Server Error</h1>\n<p>The server encountered an internal error \x1b[31m"
    b"and was unable to complete your request.</p>\n"
)


def test_an_html_error_page_is_a_status_and_a_reason_not_the_page(server) -> None:
    """moto answers some requests (ListExecutions by mapRunArn) with Flask's HTML 500 page."""
    server.reply = (500, HTML_500)
    with pytest.raises(SfnctlError) as raised:
        api_without_retries(server.url).get_durable_execution(ARN)
    error = raised.value
    assert int(error.code) == 5
    assert error.message == (
        f"GetDurableExecution failed: HTTP 500 for {ARN} — HTTP 500 Internal Server Error "
        "(the endpoint answered with a web page, not an API error)"
    )
    assert error.hint is not None and "try again" not in error.hint
    assert "--debug" in error.hint


def test_an_html_error_page_on_the_cli_is_one_line(server) -> None:
    server.reply = (500, HTML_500)
    result = sfnctl("durable", "describe", ARN, "--max-attempts", "1", endpoint=server.url)
    assert result.returncode == 5, result.stderr
    lines = result.stderr.splitlines()
    assert lines[0].startswith("error: GetDurableExecution failed: HTTP 500"), result.stderr
    assert "<" not in result.stderr and "\x1b" not in result.stderr
    assert len(lines) == 2  # the line and its hint


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("ServiceException", "Unknown path pattern: GET /2015-03-31/functions"),
        ("NotImplemented", "The ListFunctions action has not been implemented"),
    ],
)
def test_an_operation_the_endpoint_lacks_is_not_advised_as_throttling(code, message):
    """The durable local runner answers ListFunctions with a 500 'Unknown path pattern':
    'try again in a moment' would send the user round in circles."""
    import botocore.exceptions as bx

    from sfnctl.aws.errors import translated

    response = {
        "Error": {"Code": code, "Message": message},
        "ResponseMetadata": {"HTTPStatusCode": 500},
    }
    with pytest.raises(SfnctlError) as raised, translated("durable functions"):
        raise bx.ClientError(response, "ListFunctions")
    assert raised.value.hint is not None
    assert "doesn't implement ListFunctions" in raised.value.hint
    assert "try again" not in raised.value.hint
