"""What both services' calls share: clients built on first use, the number of requests allowed
in flight, and the `on_confirmed` hook that hears every ARN the service confirmed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sfnctl.aws.errors import translated
from sfnctl.aws.paging import Page, collect


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
