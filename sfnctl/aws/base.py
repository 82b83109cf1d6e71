"""What both services' calls share: clients built on first use, the number of requests allowed
in flight, and the `on_confirmed` hook that hears every ARN the service confirmed."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from sfnctl.aws.errors import translated
from sfnctl.aws.paging import Page, collect
from sfnctl.errors import SfnctlError

T = TypeVar("T")
R = TypeVar("R")


def strip(response: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in response.items() if k != "ResponseMetadata"}


class ApiBase:
    def __init__(
        self,
        client_factory: Callable[[str], Any],
        *,
        workers: int = 8,
        on_confirmed: Callable[[str], object] | None = None,
    ) -> None:
        """`workers`: requests in flight at once for concurrent reads (1: strictly sequential,
        which is what Stubber-validated tests need, as they match calls in order).
        `on_confirmed`: called with each ARN the service confirmed (given and found, or
        returned) — the completion cache listens here."""
        self._client_factory = client_factory
        self.workers = max(1, workers)
        self._clients: dict[str, Any] = {}
        self._on_confirmed = on_confirmed

    def _saw(self, *values: Any) -> None:
        if self._on_confirmed is None:
            return
        for value in values:
            if isinstance(value, str) and value:
                self._on_confirmed(value)

    def client(self, service: str) -> Any:
        if service not in self._clients:
            self._clients[service] = self._client_factory(service)
        return self._clients[service]

    def _pages(
        self,
        call: Callable[..., dict[str, Any]],
        params: dict[str, Any],
        key: str,
        subject: str,
        limit: int | None,
        next_token: str | None,
        *,
        names: tuple[str, str, str] = ("maxResults", "nextToken", "nextToken"),
    ) -> Page:
        with translated(subject):
            return collect(call, params, key, limit, next_token, names=names, subject=subject)

    def each(
        self, items: Iterable[T], call: Callable[[T], R]
    ) -> Iterator[tuple[T, R | SfnctlError]]:
        """`call(item)` for every item, `workers` at a time; (item, result) as each completes.

        Items are pulled lazily and at most 2 × `workers` are in flight, so a listing is paged
        only as fast as its executions are read and memory stays flat however many there are.
        A call that fails with an SfnctlError (after the client's own retries) hands back the
        error instead of raising: one unreadable execution never ends the whole run."""
        if self.workers == 1:
            for item in items:
                yield item, _guarded(call, item)
            return
        from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait

        source = iter(items)
        exhausted = False
        pool = ThreadPoolExecutor(max_workers=self.workers)
        running: dict[Future[R | SfnctlError], T] = {}
        try:
            while True:
                while not exhausted and len(running) < 2 * self.workers:
                    try:
                        item = next(source)
                    except StopIteration:
                        exhausted = True
                        break
                    running[pool.submit(_guarded, call, item)] = item
                if not running:
                    return
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    yield running.pop(future), future.result()
        finally:
            pool.shutdown(wait=False, cancel_futures=True)


def _guarded(call: Callable[[T], R], item: T) -> R | SfnctlError:
    try:
        return call(item)
    except SfnctlError as error:
        return error
