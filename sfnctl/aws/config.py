"""What the AWS layer needs to build clients — its own type, so `aws/` never imports the CLI.

Retries and timeouts: botocore's standard mode retries throttling (ThrottlingException,
TooManyRequestsException, KmsThrottlingException…), 5xx and network errors with jittered
exponential backoff (at most 1, 2, 4, 8 s before tries 2–5). With a timeout of T seconds per
try, an endpoint that never answers costs at most 5·T + 15 s: 55 s with the defaults, inside
the minute an operator will wait. `--max-attempts` / `--timeout` change both.

Commands that read many executions at once (`failures`, `stats`) use botocore's adaptive retry
mode (`retry_mode="adaptive"`): standard retries plus client-side rate limiting — after a
throttle the client slows its own sending rate (a token bucket it tunes), so `FAN_OUT_WORKERS`
threads settle at the rate the service's buckets allow instead of retrying in a storm.
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_MAX_ATTEMPTS = 5
DEFAULT_TIMEOUT = 8.0
FAN_OUT_WORKERS = 16  # histories read at once by failures/stats (and HTTP connections kept)


@dataclass(frozen=True)
class AwsConfig:
    profile: str | None = None
    region: str | None = None
    endpoint_url: str | None = None
    debug: bool = False  # botocore's log on stderr, secrets redacted
    max_attempts: int | None = None  # None: DEFAULT_MAX_ATTEMPTS
    timeout: float | None = None  # seconds to connect, and to wait for each response
    retry_mode: str = "standard"  # "adaptive" for fan-out reads (see the module doc)


def worst_case_seconds(max_attempts: int, timeout: float) -> float:
    """How long a request to an endpoint that never answers can take before sfnctl gives up."""
    backoff = sum(min(2.0 ** (attempt - 1), 20.0) for attempt in range(1, max_attempts))
    return max_attempts * timeout + backoff
