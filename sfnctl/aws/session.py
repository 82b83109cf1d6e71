"""Sessions and clients: boto3's `Session` over a botocore session that carries sfnctl's
parsers (see parsers.py), so boto3 is the SDK and the fast parse stays. boto3 is imported here,
lazily — only when a command needs AWS — never by `--help`, `--version` or completion."""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Callable
from typing import Any

import botocore.session
from botocore.config import Config

from sfnctl import __version__
from sfnctl.aws.config import DEFAULT_MAX_ATTEMPTS, DEFAULT_TIMEOUT, FAN_OUT_WORKERS, AwsConfig
from sfnctl.aws.errors import translated
from sfnctl.aws.parsers import ParserFactory, utc_timestamp

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
        _enable_debug_log(core)

    def factory(service: str) -> Any:
        with translated(f"the {service} client"):
            return session.client(
                service,
                region_name=region,
                endpoint_url=config.endpoint_url,
                config=client_config,
                **credentials,
            )

    return factory


class _RedactSecrets(logging.Filter):
    """Keep the secret access key and session token out of botocore's debug log."""

    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if s]

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        for secret in self.secrets:
            message = message.replace(secret, "****")
        record.msg, record.args = message, None
        return True


def _enable_debug_log(session: Any) -> None:
    """botocore's debug log on stderr, with the secret key and session token redacted."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s [%(levelname)s] %(message)s"))
    secrets: list[str] = []
    with contextlib.suppress(Exception):
        credentials = session.get_credentials()
        if credentials is not None:
            frozen = credentials.get_frozen_credentials()
            secrets = [frozen.secret_key, frozen.token or ""]
    handler.addFilter(_RedactSecrets(secrets))
    for name in ("botocore", "urllib3"):
        logger = logging.getLogger(name)
        logger.setLevel(logging.DEBUG)
        logger.addHandler(handler)
