"""Sessions and clients: boto3's `Session` over a botocore session that carries sfnctl's
parsers (see parsers.py), so boto3 is the SDK and the fast parse stays. boto3 is imported here,
lazily — only when a command needs AWS — never by `--help`, `--version` or completion."""

from __future__ import annotations

import functools
import logging
import os
import re
import threading
from collections.abc import Callable
from typing import Any

import botocore.session
from botocore.config import Config

from sfnctl import __version__
from sfnctl.aws.config import (
    DEFAULT_MAX_ATTEMPTS,
    DEFAULT_TIMEOUT,
    FAN_OUT_WORKERS,
    AwsConfig,
    worst_case_seconds,
)
from sfnctl.aws.errors import translated
from sfnctl.aws.parsers import ParserFactory, utc_timestamp
from sfnctl.errors import Exit, SfnctlError

ClientFactory = Callable[[str], Any]
LOCAL_CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}


def core_session(profile: str | None = None) -> Any:
    """A botocore session whose clients parse with sfnctl's parsers."""
    session = botocore.session.Session(profile=profile)
    factory = ParserFactory()
    factory.set_parser_defaults(timestamp_parser=utc_timestamp)
    session.register_component("response_parser_factory", factory)
    return session


def client_factory(config: AwsConfig, *, local: bool = False) -> ClientFactory:
    """Clients for `config`. `local`: fixed dummy credentials and a default region — a local
    emulator must never see the user's real keys."""
    import boto3.session  # lazy: ~25 ms of CPU that only AWS-calling commands pay

    check_endpoint(config.endpoint_url)
    region: str | None
    if local:
        region = config.region or "us-east-1"
        credentials: dict[str, str] = LOCAL_CREDENTIALS
        core = core_session()
    else:
        # botocore reads AWS_DEFAULT_REGION but not AWS_REGION, which the AWS CLI v2 and the
        # other SDKs honour first; do the same so either variable works.
        region = config.region or os.environ.get("AWS_REGION") or None
        credentials = {}
        core = core_session(config.profile)
    with translated("the AWS session"):  # an unknown --profile is found here
        session = boto3.session.Session(botocore_session=core)
    timeout = config.timeout or DEFAULT_TIMEOUT
    client_config = Config(
        retries={
            "mode": config.retry_mode,
            # total_max_attempts counts the first try; botocore's max_attempts doesn't
            "total_max_attempts": config.max_attempts or DEFAULT_MAX_ATTEMPTS,
        },
        connect_timeout=timeout,
        read_timeout=timeout,
        max_pool_connections=max(10, FAN_OUT_WORKERS),
        user_agent_extra=f"sfnctl/{__version__}",
    )
    if config.debug:
        _enable_debug_log()

    attempts = config.max_attempts or DEFAULT_MAX_ATTEMPTS
    deadline = worst_case_seconds(attempts, timeout) + 1.0  # +1: scheduling, never a retry

    def factory(service: str) -> Any:
        with translated(f"the {service} client"):
            client = session.client(
                service,
                region_name=region,
                endpoint_url=config.endpoint_url,
                config=client_config,
                **credentials,
            )
        return WithDeadline(client, deadline, f"--timeout {timeout:g} × {attempts} attempts")

    return factory


class WithDeadline:
    """A botocore client whose every API call ends within `seconds`, however the answer
    arrives. botocore's read timeout is per socket read: a server dripping a byte a second
    never trips it. The call runs in a daemon thread; past the deadline it is abandoned (the
    process ends without waiting for it) and the command gets exit 5, one line."""

    def __init__(self, client: Any, seconds: float, budget: str) -> None:
        self._client, self._seconds, self._budget = client, seconds, budget
        self._operations: dict[str, str] = dict(client.meta.method_to_api_mapping)

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._client, name)
        operation = self._operations.get(name)
        if operation is None or not callable(attribute):
            return attribute
        return functools.partial(self._within, attribute, operation)

    def _within(self, call: Callable[..., Any], operation: str, **params: Any) -> Any:
        outcome: dict[str, Any] = {}
        done = threading.Event()

        def work() -> None:
            try:
                outcome["value"] = call(**params)
            except BaseException as error:  # handed to the caller's thread
                outcome["error"] = error
            finally:
                done.set()

        threading.Thread(target=work, name=f"sfnctl {operation}", daemon=True).start()
        if not done.wait(self._seconds):
            raise SfnctlError(
                f"{operation}: no complete answer within {self._seconds:.0f} s "
                f"({self._budget}); gave up",
                Exit.UNAVAILABLE,
                "Check the endpoint (--endpoint-url / AWS_ENDPOINT_URL) and your network; "
                "a slow link may need a larger --timeout.",
            )
        if "error" in outcome:
            raise outcome["error"]
        return outcome["value"]


_ENDPOINT_VARIABLES = ("AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_SFN", "AWS_ENDPOINT_URL_LAMBDA")


def check_endpoint(url: str | None) -> None:
    """A malformed --endpoint-url (or AWS_ENDPOINT_URL, _SFN, _LAMBDA) is a usage error, found
    before any request: http(s) only, a host, a port in range, brackets closed, no whitespace."""
    if url is not None:
        _check_one_endpoint(url)
        return
    for name in _ENDPOINT_VARIABLES:
        if os.environ.get(name) is not None:
            _check_one_endpoint(os.environ[name])


def _check_one_endpoint(given: str) -> None:
    from urllib.parse import urlsplit

    reason = None
    try:
        parts = urlsplit(given)
        _ = parts.port  # raises on a port out of range or not a number
        if any(ch.isspace() for ch in given):
            reason = "it contains whitespace"
        elif parts.scheme not in ("http", "https"):
            reason = "it must start with http:// or https://"
        elif not parts.hostname:
            reason = "it names no host"
    except ValueError as error:
        reason = str(error)
    if reason is not None:
        from sfnctl.model.text import one_line

        raise SfnctlError(
            f"invalid endpoint URL {one_line(repr(given), 200)}: {one_line(reason, 200)}",
            Exit.USAGE,
            "Give a URL like http://127.0.0.1:8083 (or unset AWS_ENDPOINT_URL).",
        )


# Secrets in botocore's and urllib3's debug log, found by NAME — credentials refreshed mid-command
# (credential_process, SSO, assume-role) are new values, so remembering values can't work.
_SECRET_PATTERNS = (
    # the session token header, in the headers dict and in the canonical request
    re.compile(r"(x-amz-security-token['\"]?\s*[:=]\s*b?['\"]?)([^'\"\s,}]+)", re.IGNORECASE),
    # the Authorization header's signature (and a presigned URL's)
    re.compile(r"((?:Signature|X-Amz-Signature)=)([0-9a-fA-F]+)"),
    # any secret/token/password/credential field of a JSON body or a dict repr
    re.compile(
        r"((['\"])(?!nextToken\2)(?!NextMarker\2)\w*(?:token|secret|password|credential)\w*\2"
        r"\s*:\s*b?(['\"]))((?:\\.|(?!\3).)*)",
        re.IGNORECASE,
    ),
)


def redact(message: str) -> str:
    """`message` with every secret the patterns above name replaced by ****."""
    for pattern in _SECRET_PATTERNS:
        message = pattern.sub(lambda m: m.group(1) + "****", message)
    return message


class _RedactSecrets(logging.Filter):
    """Keep secrets out of botocore's debug log: by name (see `redact`)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = redact(record.getMessage()), None
        return True


def _enable_debug_log() -> None:
    """botocore's debug log on stderr, with secrets redacted by name."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s [%(levelname)s] %(message)s"))
    handler.addFilter(_RedactSecrets())
    for name in ("botocore", "urllib3"):
        logger = logging.getLogger(name)
        logger.setLevel(logging.DEBUG)
        logger.addHandler(handler)


def configured_region(config: AwsConfig) -> str | None:
    """The region requests would go to without an ARN to say otherwise: --region, AWS_REGION,
    AWS_DEFAULT_REGION, then the profile's `region` (None when nothing names one)."""
    # The environment first, as botocore reads it: no session (and no config file) to build.
    for given in (
        config.region,
        os.environ.get("AWS_REGION"),
        os.environ.get("AWS_DEFAULT_REGION"),
    ):
        if given:
            return given
    try:
        region = botocore.session.Session(profile=config.profile).get_config_variable("region")
    except Exception:  # an unknown profile is reported when a client is built, not here
        return None
    return str(region) if region else None
