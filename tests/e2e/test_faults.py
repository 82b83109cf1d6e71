"""Throttling, 5xx, dead and silent endpoints, expired tokens — against real loopback servers.

The fault-injecting server (tests/support/history_server.py) speaks Step Functions' JSON
protocol with its paging contract and answers every Nth request with ThrottlingException and
every Mth with 503; long paged reads must come out complete and in order through them.
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from sfnctl.aws.api import AwsApi
from sfnctl.aws.config import DEFAULT_MAX_ATTEMPTS, DEFAULT_TIMEOUT, AwsConfig, worst_case_seconds
from tests.support.cli import sfnctl
from tests.support.history_server import LARGE_ARN, SM, HistoryServer, large_executions, listing
from tests.support.waiting import wait_until

pytestmark = pytest.mark.e2e

EXEC = "arn:aws:states:us-east-1:123456789012:execution:sm:run"


@pytest.fixture(scope="module")
def faulty() -> Iterator[HistoryServer]:
    with HistoryServer(
        large_executions(), listings={SM: listing(3_500)}, throttle_every=4, unavailable_every=7
    ) as server:
        yield server


def test_25k_history_is_complete_and_in_order_through_throttling_and_503s(faulty) -> None:
    before = len(faulty.faults)
    result = sfnctl("history", LARGE_ARN, "--json", endpoint=faulty.url, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    ids = [event["id"] for event in json.loads(result.stdout)]
    assert ids == list(range(1, 24_969))
    served = faulty.faults[before:]
    assert {kind for _, kind in served} == {"ThrottlingException", "ServiceUnavailable"}


def test_list_all_is_complete_and_in_order_through_faults(faulty) -> None:
    before = len(faulty.faults)
    result = sfnctl("list", SM, "--all", "--json", endpoint=faulty.url, timeout=120)
    assert result.returncode == 0, result.stderr
    names = [item["name"] for item in json.loads(result.stdout)]
    assert names == [f"run-{i:05d}" for i in range(3_500)]
    assert len(faulty.faults) > before


def test_invalid_next_token_is_exit_6_and_says_start_over(faulty) -> None:
    result = sfnctl("list", SM, "--next-token", "bm90LWEtdG9rZW4=", endpoint=faulty.url)
    assert result.returncode == 6, result.stderr
    first, hint = result.stderr.splitlines()[:2]
    assert first.startswith("error: ListExecutions failed: InvalidToken")
    assert "start over without --next-token" in hint


@dataclass
class Silent:
    url: str
    connections: list[socket.socket]


@pytest.fixture
def silent() -> Iterator[Silent]:
    """A real endpoint that accepts connections and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield Silent(f"http://127.0.0.1:{listener.getsockname()[1]}", held)
    stop.set()
    thread.join()
    for connection in held:
        connection.close()
    listener.close()


def test_silent_endpoint_gives_up_with_exit_5_naming_it(silent: Silent) -> None:
    result = sfnctl(
        "describe", EXEC, "--timeout", "1", "--max-attempts", "2", endpoint=silent.url, timeout=60
    )
    assert result.returncode == 5, result.stderr
    first, *rest = result.stderr.splitlines()
    assert "could not reach the service" in first and silent.url in first
    assert "Traceback" not in result.stderr and len(rest) == 1
    # --max-attempts 2: two tries, each on a fresh connection (the accept thread may lag)
    wait_until(lambda: len(silent.connections) >= 2, what="the second try's connection")
    assert len(silent.connections) == 2


def test_dead_endpoint_gives_up_with_exit_5_naming_it() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed again: connection refused
    dead = f"http://127.0.0.1:{port}"
    result = sfnctl("describe", EXEC, "--max-attempts", "2", endpoint=dead, timeout=60)
    assert result.returncode == 5, result.stderr
    assert dead in result.stderr.splitlines()[0]


def test_default_retries_and_timeouts_give_up_within_a_minute() -> None:
    assert worst_case_seconds(DEFAULT_MAX_ATTEMPTS, DEFAULT_TIMEOUT) <= 60
    client = AwsApi.from_config(AwsConfig(region="us-east-1")).client("stepfunctions")
    config = client.meta.config
    assert config.retries == {"mode": "standard", "total_max_attempts": DEFAULT_MAX_ATTEMPTS}
    assert (config.connect_timeout, config.read_timeout) == (DEFAULT_TIMEOUT, DEFAULT_TIMEOUT)


def test_max_attempts_and_timeout_reach_the_client() -> None:
    options = AwsConfig(region="us-east-1", max_attempts=9, timeout=2.5)
    config = AwsApi.from_config(options).client("lambda").meta.config
    assert config.retries["total_max_attempts"] == 9
    assert (config.connect_timeout, config.read_timeout) == (2.5, 2.5)
