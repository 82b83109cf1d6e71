"""`ApiBase.each`: bounded, lazy fan-out whose failed calls come back as values."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from sfnctl.aws.api import AwsApi
from sfnctl.errors import Exit, SfnctlError


def _api(workers: int) -> AwsApi:
    return AwsApi(lambda service: None, workers=workers)


@pytest.mark.parametrize("workers", [1, 4])
def test_each_returns_every_item_and_errors_as_values(workers: int) -> None:
    def call(n: int) -> int:
        if n % 5 == 0:
            raise SfnctlError(f"no {n}", Exit.ACCESS)
        return n * n

    results = dict(_api(workers).each(range(20), call))
    assert set(results) == set(range(20))
    errors = {n for n, r in results.items() if isinstance(r, SfnctlError)}
    assert errors == {0, 5, 10, 15}
    assert all(results[n] == n * n for n in set(range(20)) - errors)


def test_each_pulls_items_only_as_fast_as_it_reads_them() -> None:
    pulled: list[int] = []

    def source() -> Iterator[int]:
        for n in range(1000):
            pulled.append(n)
            yield n

    results = _api(3).each(source(), lambda n: n)
    first, _ = next(results)
    assert first in range(6)
    assert len(pulled) == 2 * 3  # 2 × workers in flight, not the 1,000
    assert sum(1 for _ in results) == 999


def test_each_lets_other_errors_through() -> None:
    def call(n: int) -> int:
        raise ValueError("a bug, not an unreadable execution")

    with pytest.raises(ValueError):
        list(_api(2).each(range(3), call))


def test_fan_out_clients_use_adaptive_retries_and_enough_connections() -> None:
    from sfnctl.aws.config import FAN_OUT_WORKERS, AwsConfig
    from sfnctl.aws.session import client_factory

    client = client_factory(AwsConfig(retry_mode="adaptive"), local=True)("stepfunctions")
    assert client.meta.config.retries["mode"] == "adaptive"
    assert client.meta.config.max_pool_connections >= FAN_OUT_WORKERS
    plain = client_factory(AwsConfig(), local=True)("stepfunctions")
    assert plain.meta.config.retries["mode"] == "standard"


def test_context_fan_out_api_asks_for_adaptive_mode_and_more_workers() -> None:
    from sfnctl.aws.config import FAN_OUT_WORKERS, AwsConfig
    from sfnctl.context import Context

    seen: list[AwsConfig] = []

    def factory(config: AwsConfig, on_confirmed: object) -> AwsApi:
        seen.append(config)
        return AwsApi(lambda service: None)

    ctx = Context(api_factory=factory)
    api = ctx.fan_out_api
    assert [c.retry_mode for c in seen] == ["adaptive"]
    assert api.workers == FAN_OUT_WORKERS
    assert ctx.fan_out_api is api
    ctx.api  # noqa: B018 - the ordinary API is built separately, in standard mode
    assert [c.retry_mode for c in seen] == ["adaptive", "standard"]
