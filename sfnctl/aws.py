"""The only module that imports botocore (plain botocore: boto3 would add its import time —
and s3transfer's — to every command and give sfnctl nothing it uses).

It builds clients (profile, region, endpoint, retries, timeouts), pages the list/history APIs
with the largest page the API allows, and turns every botocore exception into an SfnctlError
carrying an exit code, a one-line message that names the ARN, and the next step to take.
Everything above this module sees plain dicts (the API's own keys) and small dataclasses.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, ClassVar

import botocore.exceptions as bx
import botocore.parsers
import botocore.session
import botocore.utils
from botocore.config import Config

from sfnctl import __version__
from sfnctl.errors import Exit, SfnctlError

if TYPE_CHECKING:
    from sfnctl.context import GlobalOptions

HISTORY_PAGE = 1000  # GetExecutionHistory / ListExecutions maximum maxResults

# Retries and timeouts. botocore's standard mode retries throttling (ThrottlingException,
# TooManyRequestsException, KmsThrottlingException…), 5xx and network errors with jittered
# exponential backoff (at most 1, 2, 4, 8 s before tries 2–5). With a timeout of T seconds per
# try, an endpoint that never answers costs at most 5·T + 15 s: 55 s with the defaults, inside
# the minute an operator will wait. `--max-attempts` / `--timeout` change both.
DEFAULT_MAX_ATTEMPTS = 5
DEFAULT_TIMEOUT = 8.0


def worst_case_seconds(max_attempts: int, timeout: float) -> float:
    """How long a request to an endpoint that never answers can take before sfnctl gives up."""
    backoff = sum(min(2.0 ** (attempt - 1), 20.0) for attempt in range(1, max_attempts))
    return max_attempts * timeout + backoff


_NOT_FOUND = {
    "ExecutionDoesNotExist",
    "StateMachineDoesNotExist",
    "ResourceNotFound",
    "ResourceNotFoundException",
    "ActivityDoesNotExist",
}
_ACCESS = {
    "AccessDenied",
    "AccessDeniedException",
    "KmsAccessDeniedException",
    "KMSAccessDeniedException",  # Lambda's spelling
    "UnrecognizedClientException",
    "InvalidClientTokenId",
    "ExpiredToken",
    "ExpiredTokenException",
    "InvalidSignatureException",
    "SignatureDoesNotMatch",
    "MissingAuthenticationToken",
    "MissingAuthenticationTokenException",
    "NotAuthorized",
}
_UNAVAILABLE = {
    "ThrottlingException",
    "Throttling",
    "TooManyRequestsException",
    "KmsThrottlingException",
    "RequestLimitExceeded",
    "ServiceUnavailable",
    "ServiceUnavailableException",
    "ServiceException",
    "InternalFailure",
    "InternalServerError",
    "InternalServerException",
}
_REJECTED = {
    "InvalidArn",
    "ValidationException",
    "InvalidToken",
    "StateMachineTypeNotSupported",
    "KmsInvalidStateException",
    "InvalidParameterValueException",
    "KMSInvalidStateException",
    "KMSDisabledException",
    "KMSNotFoundException",
}
_CREDENTIAL_ERRORS: tuple[type[Exception], ...] = (
    bx.NoCredentialsError,
    bx.PartialCredentialsError,
    bx.CredentialRetrievalError,
    bx.TokenRetrievalError,
    bx.SSOTokenLoadError,
    bx.UnauthorizedSSOTokenError,
)
_CONNECTION_ERRORS: tuple[type[Exception], ...] = (
    bx.EndpointConnectionError,
    bx.ConnectTimeoutError,
    bx.ReadTimeoutError,
    bx.ConnectionClosedError,
    bx.ProxyConnectionError,
)


def exit_code_for(code: str, http_status: int) -> Exit:
    """The exit code for an AWS error code (or, when the error is untyped, its HTTP status)."""
    if code in _NOT_FOUND:
        return Exit.NOT_FOUND
    if code in _ACCESS:
        return Exit.ACCESS
    if code in _UNAVAILABLE:
        return Exit.UNAVAILABLE
    if code in _REJECTED:
        return Exit.REJECTED
    if http_status == 404:
        return Exit.NOT_FOUND
    if http_status in (401, 403):
        return Exit.ACCESS
    if http_status == 429 or http_status >= 500:
        return Exit.UNAVAILABLE
    if 400 <= http_status < 500:
        return Exit.REJECTED
    return Exit.UNEXPECTED


_NEXT_STEP: dict[Exit, str] = {
    Exit.NOT_FOUND: "Check the ARN, the region (--region) and the account (--profile).",
    Exit.ACCESS: "Check your credentials (aws sts get-caller-identity) and IAM permissions.",
    Exit.UNAVAILABLE: "The service is throttling or unavailable; try again in a moment.",
    Exit.REJECTED: "Check the ARN and options; the service rejected the request.",
}


def _client_error(error: bx.ClientError, subject: str) -> SfnctlError:
    err = error.response.get("Error", {}) or {}
    meta = error.response.get("ResponseMetadata", {}) or {}
    code = str(err.get("Code") or "")
    status = int(meta.get("HTTPStatusCode") or 0)
    message = str(err.get("Message") or err.get("message") or "").strip()
    if not code or code == str(status):
        code, message = _untyped(error.response, status, message)
    exit_code = exit_code_for(code, status)
    op = error.operation_name
    what = f"{op} failed: {code or f'HTTP {status}'}"
    detail = f" — {_one_line(message)}" if message else ""
    hint = _NEXT_STEP.get(exit_code)
    if code == "KmsAccessDeniedException" and op == "DescribeExecution":
        hint = f"Retry without decrypting data: sfnctl describe {subject} --metadata-only"
    if code == "InvalidToken":
        hint = "The pagination token is invalid or expired (24 h); start over without --next-token."
    if exit_code is Exit.UNEXPECTED:
        hint = "Rerun with --debug for details."
    return SfnctlError(f"{what} for {subject}{detail}", exit_code, hint)


def _untyped(response: dict[str, Any], status: int, message: str) -> tuple[str, str]:
    """Emulators sometimes answer `{"Type": ..., "Message": ...}` without an error-type header."""
    body = response.get("Error", {}) or {}
    code = str(body.get("Type") or response.get("Type") or "")
    message = message or str(body.get("Message") or response.get("Message") or "")
    return (code if code not in ("User", "Sender", "Receiver") else ""), message


def _one_line(text: str, limit: int = 300) -> str:
    from sfnctl.sanitize import one_line

    return one_line(text, limit)


@contextlib.contextmanager
def translated(subject: str) -> Iterator[None]:
    """Turn any botocore exception raised inside into an SfnctlError about `subject`."""
    try:
        yield
    except bx.ClientError as error:
        raise _client_error(error, subject) from error
    except _CREDENTIAL_ERRORS as error:
        raise SfnctlError(
            f"no usable AWS credentials: {_one_line(str(error))}",
            Exit.ACCESS,
            "Configure credentials (aws configure, AWS_PROFILE or --profile) and try again.",
        ) from error
    except _CONNECTION_ERRORS as error:
        raise SfnctlError(
            f"could not reach the service: {_one_line(str(error))}",
            Exit.UNAVAILABLE,
            "Check the endpoint (--endpoint-url / AWS_ENDPOINT_URL) and your network.",
        ) from error
    except bx.NoRegionError as error:
        raise SfnctlError(
            "no AWS region configured",
            Exit.USAGE,
            "Pass --region us-east-1 (or set AWS_REGION / AWS_DEFAULT_REGION).",
        ) from error
    except bx.ProfileNotFound as error:
        raise SfnctlError(
            _one_line(str(error)), Exit.USAGE, "List profiles with: aws configure list-profiles"
        ) from error
    except bx.ParamValidationError as error:
        raise SfnctlError(
            f"invalid request for {subject}: {_one_line(str(error))}", Exit.USAGE
        ) from error
    except bx.BotoCoreError as error:
        raise SfnctlError(
            f"AWS request failed for {subject}: {_one_line(str(error))}",
            Exit.UNEXPECTED,
            "Rerun with --debug for details.",
        ) from error


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


def _utc_timestamp(value: Any) -> datetime:
    """Wire timestamps → aware UTC datetimes.

    botocore's default converts epoch numbers to the *local* zone through dateutil, which costs
    about a third of the parse time of a 25,000-event history; UTC is what sfnctl shows anyway.
    """
    if isinstance(value, int | float):
        return datetime.fromtimestamp(value, UTC)
    try:
        return datetime.fromtimestamp(float(value), UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return botocore.utils.parse_timestamp(value)


class _FastJSONParser(botocore.parsers.JSONParser):
    """botocore's JSON-protocol parser, minus the work that changes nothing.

    A shape with no timestamp, blob, union, document or renamed member anywhere below it parses
    to exactly its wire JSON, so it is returned as is instead of being walked member by member;
    a structure walks the keys present rather than every member of the model (HistoryEvent has
    about sixty). Same result, a fraction of the CPU on a 25,000-event history.
    """

    _plain: ClassVar[dict[int, bool]] = {}

    def _is_plain(self, shape: Any) -> bool:
        key = id(shape)
        cached = self._plain.get(key)
        if cached is None:
            self._plain[key] = True  # recursive shapes: assume plain while looking inside
            cached = self._plain[key] = _plain_shape(shape, self._is_plain)
        return cached

    def _parse_shape(self, shape: Any, node: Any) -> Any:
        if node is not None and self._is_plain(shape):
            return node
        return super()._parse_shape(shape, node)

    def _handle_structure(self, shape: Any, value: Any) -> Any:
        if shape.is_document_type or not isinstance(value, dict) or shape.is_tagged_union:
            return super()._handle_structure(shape, value)
        members = shape.members
        return {
            key: self._parse_shape(members[key], raw)
            for key, raw in value.items()
            if raw is not None and key in members
        }


def _plain_shape(shape: Any, is_plain: Callable[[Any], bool]) -> bool:
    kind = shape.type_name
    if kind in ("timestamp", "blob") or getattr(shape, "is_document_type", False):
        return False
    if kind == "structure":
        if shape.is_tagged_union:
            return False
        return all("name" not in m.serialization and is_plain(m) for m in shape.members.values())
    if kind == "list":
        return is_plain(shape.member)
    if kind == "map":
        return is_plain(shape.key) and is_plain(shape.value)
    return kind in ("string", "integer", "long", "boolean", "double", "float")


class _RestJSONParser(botocore.parsers.RestJSONParser):
    """rest-json (Lambda) errors, also when a server leaves out the error-type header.

    AWS's durable-execution local runner answers errors as `{"Type": ..., "Message": ...}`
    with no `X-Amzn-ErrorType`; botocore would call that error "404". Take the type from the
    body, so it maps to the modeled exception (and exit code) as a real Lambda error would.
    """

    def _inject_error_code(self, error: dict[str, Any], response: dict[str, Any]) -> None:
        super()._inject_error_code(error, response)
        status = str(response.get("status_code") or "")
        if error["Error"].get("Code") not in ("", status):
            return
        try:
            body = self._initial_body_parse(response["body"])
        except ValueError:
            return
        kind = body.get("Type") if isinstance(body, dict) else None
        if isinstance(kind, str) and kind and kind not in ("User", "Sender", "Receiver"):
            error["Error"]["Code"] = kind.rsplit("#", 1)[-1]


class _ParserFactory(botocore.parsers.ResponseParserFactory):
    def create_parser(self, protocol_name: str) -> Any:
        if protocol_name == "json":
            return _FastJSONParser(**self._defaults)
        if protocol_name == "rest-json":
            return _RestJSONParser(**self._defaults)
        return super().create_parser(protocol_name)


def _core_session(profile: str | None = None) -> Any:
    session = botocore.session.Session(profile=profile)
    factory = _ParserFactory()
    factory.set_parser_defaults(timestamp_parser=_utc_timestamp)
    session.register_component("response_parser_factory", factory)
    return session


@dataclass
class Page:
    items: list[dict[str, Any]]
    next_token: str | None


def _strip(response: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in response.items() if k != "ResponseMetadata"}


class AwsApi:
    """Step Functions and Lambda durable-execution calls sfnctl makes, with errors translated."""

    def __init__(self, client_factory: Callable[[str], Any], *, workers: int = 8) -> None:
        """`workers`: requests in flight at once for concurrent reads (1: strictly sequential,
        which is what Stubber-validated tests need, as they match calls in order)."""
        self._client_factory = client_factory
        self.workers = max(1, workers)
        self._clients: dict[str, Any] = {}
        # ARNs the service confirmed (given and found, or returned), for the completion cache
        self.seen: list[str] = []

    def _saw(self, *values: Any) -> None:
        self.seen.extend(v for v in values if isinstance(v, str) and v)

    @classmethod
    def from_options(cls, options: GlobalOptions) -> AwsApi:
        # botocore reads AWS_DEFAULT_REGION but not AWS_REGION, which the AWS CLI v2 and the
        # other SDKs honour first; do the same so either variable works.
        region = options.region or os.environ.get("AWS_REGION") or None
        with translated("the AWS session"):
            session = _core_session(options.profile)
        return cls._from_session(session, options, region=region)

    @classmethod
    def for_local_emulator(cls, options: GlobalOptions) -> AwsApi:
        """Fixed dummy credentials: a local emulator must never see the user's real keys."""
        return cls._from_session(
            _core_session(),
            options,
            region=options.region or "us-east-1",
            credentials={"aws_access_key_id": "testing", "aws_secret_access_key": "testing"},
        )

    @classmethod
    def _from_session(
        cls,
        session: Any,
        options: GlobalOptions,
        *,
        region: str | None,
        credentials: dict[str, str] | None = None,
    ) -> AwsApi:
        timeout = options.timeout or DEFAULT_TIMEOUT
        config = Config(
            retries={
                "mode": "standard",
                # total_max_attempts counts the first try; botocore's max_attempts doesn't
                "total_max_attempts": options.max_attempts or DEFAULT_MAX_ATTEMPTS,
            },
            connect_timeout=timeout,
            read_timeout=timeout,
            user_agent_extra=f"sfnctl/{__version__}",
        )
        if options.debug:
            _enable_debug_log(session)

        def factory(service: str) -> Any:
            with translated(f"the {service} client"):
                return session.create_client(
                    service,
                    region_name=region,
                    endpoint_url=options.endpoint_url,
                    config=config,
                    **(credentials or {}),
                )

        return cls(factory)

    def client(self, service: str) -> Any:
        if service not in self._clients:
            self._clients[service] = self._client_factory(service)
        return self._clients[service]

    @property
    def sfn(self) -> Any:
        return self.client("stepfunctions")

    # --- Step Functions -------------------------------------------------------------------

    def describe_execution(self, arn: str, *, metadata_only: bool = False) -> dict[str, Any]:
        params: dict[str, Any] = {"executionArn": arn}
        if metadata_only:
            params["includedData"] = "METADATA_ONLY"
        with translated(arn):
            found = _strip(self.sfn.describe_execution(**params))
        self._saw(found.get("executionArn"), found.get("mapRunArn"), found.get("stateMachineArn"))
        return found

    def describe_state_machine_for_execution(self, arn: str) -> dict[str, Any]:
        """Name, label, revision… of the state machine version an execution ran (no definition)."""
        with translated(arn):
            response = self.sfn.describe_state_machine_for_execution(
                executionArn=arn, includedData="METADATA_ONLY"
            )
        response.pop("definition", None)
        return _strip(response)

    def describe_state_machine(self, arn: str) -> dict[str, Any]:
        with translated(arn):
            response = self.sfn.describe_state_machine(
                stateMachineArn=arn, includedData="METADATA_ONLY"
            )
        response.pop("definition", None)
        return _strip(response)

    def list_executions(
        self,
        *,
        state_machine_arn: str | None = None,
        map_run_arn: str | None = None,
        status: str | None = None,
        redrive_filter: str | None = None,
        limit: int | None = 50,
        next_token: str | None = None,
    ) -> Page:
        """ListExecutions up to `limit` items (None: every page), newest first as served."""
        params: dict[str, Any] = {}
        if state_machine_arn:
            params["stateMachineArn"] = state_machine_arn
        if map_run_arn:
            params["mapRunArn"] = map_run_arn
        if status:
            params["statusFilter"] = status
        if redrive_filter:
            params["redriveFilter"] = redrive_filter
        subject = state_machine_arn or map_run_arn or ""
        page = self._pages(
            self.sfn.list_executions, params, "executions", subject, limit, next_token
        )
        self._saw(subject, *(item.get("executionArn") for item in page.items))
        return page

    def history_pages(
        self, arn: str, *, reverse: bool = False, include_data: bool = True
    ) -> Iterator[list[dict[str, Any]]]:
        """GetExecutionHistory one page (1,000 events) at a time, oldest or newest first."""
        params: dict[str, Any] = {"executionArn": arn, "includeExecutionData": include_data}
        if reverse:
            params["reverseOrder"] = True
        token: str | None = None
        while True:
            request = dict(params, maxResults=HISTORY_PAGE)
            if token:
                request["nextToken"] = token
            with translated(arn):
                response = self.sfn.get_execution_history(**request)
            if token is None:
                self._saw(arn)
            yield response.get("events", [])
            token = response.get("nextToken")
            if not token:
                return

    def get_execution_history(
        self,
        arn: str,
        *,
        reverse: bool = False,
        include_data: bool = True,
        on_progress: Callable[[int], object] | None = None,
        sink: Callable[[list[dict[str, Any]]], object] | None = None,
    ) -> list[dict[str, Any]]:
        """The whole history in id order (newest first with `reverse`).

        With `sink` (not with `reverse`), events go to `sink` in id order as they become
        known and the list returned is empty.

        Pages from both ends at once — a forward pager and a reverseOrder pager meeting in the
        middle — so a 25,000-event history takes about half the sequential round trips.
        """
        if self.workers == 1:
            events = [
                event
                for page in self.history_pages(arn, reverse=reverse, include_data=include_data)
                for event in page
            ]
            events.sort(key=lambda e: int(e.get("id", 0)), reverse=reverse)
            if sink is not None:
                sink(events)
                return []
            return events
        events = fetch_from_both_ends(
            self.history_pages(arn, include_data=include_data),
            self.history_pages(arn, reverse=True, include_data=include_data),
            on_progress,
            None if reverse else sink,
        )
        if reverse and sink is not None:
            events.reverse()
            sink(events)
            return []
        if reverse:
            events.reverse()
        return events

    def list_map_runs(self, execution_arn: str) -> list[dict[str, Any]]:
        runs = self._pages(
            self.sfn.list_map_runs,
            {"executionArn": execution_arn},
            "mapRuns",
            execution_arn,
            None,
            None,
        ).items
        self._saw(execution_arn, *(run.get("mapRunArn") for run in runs))
        return runs

    def describe_executions(
        self, arns: list[str], on_done: Callable[[], object] | None = None
    ) -> list[dict[str, Any]]:
        """DescribeExecution for each ARN, `workers` at a time; results in the given order.

        Only the fields a roll-up needs are kept (no input/output), so a thousand children
        never hold a thousand payloads in memory.
        """
        keep = ("executionArn", "name", "status", "error", "cause", "startDate", "stopDate")

        def one(arn: str) -> dict[str, Any]:
            described = self.describe_execution(arn)
            if on_done is not None:
                on_done()
            return {k: described[k] for k in keep if k in described}

        if self.workers == 1 or len(arns) <= 1:
            return [one(arn) for arn in arns]
        from concurrent.futures import ThreadPoolExecutor

        pool = ThreadPoolExecutor(max_workers=min(self.workers, len(arns)))
        try:
            return list(pool.map(one, arns))
        finally:
            pool.shutdown(wait=False, cancel_futures=True)

    def describe_map_run(self, arn: str) -> dict[str, Any]:
        with translated(arn):
            found = _strip(self.sfn.describe_map_run(mapRunArn=arn))
        self._saw(found.get("mapRunArn"), found.get("executionArn"))
        return found

    def update_map_run(self, arn: str, changes: dict[str, Any]) -> None:
        with translated(arn):
            self.sfn.update_map_run(mapRunArn=arn, **changes)

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
        """Pages of `call` until `limit` items (None: all). `names`: the page-size parameter,
        the token parameter and the response's next-token key (Step Functions' by default)."""
        size_name, token_name, next_name = names
        items: list[dict[str, Any]] = []
        token = next_token
        with translated(subject):
            while True:
                want = HISTORY_PAGE if limit is None else min(HISTORY_PAGE, limit - len(items))
                request = {**params, size_name: want}
                if token:
                    request[token_name] = token
                response = call(**request)
                items.extend(response.get(key, []))
                token = response.get(next_name)
                if not token or (limit is not None and len(items) >= limit):
                    return Page(items, token)

    # --- Lambda durable executions ----------------------------------------------------------

    @property
    def lambda_(self) -> Any:
        return self.client("lambda")

    def get_durable_execution(self, arn: str) -> dict[str, Any]:
        with translated(arn):
            found = _strip(self.lambda_.get_durable_execution(DurableExecutionArn=arn))
        self._saw(found.get("DurableExecutionArn"), found.get("FunctionArn"))
        return found

    def durable_history(
        self,
        arn: str,
        *,
        reverse: bool = False,
        include_data: bool = True,
        sink: Callable[[list[dict[str, Any]]], object] | None = None,
    ) -> list[dict[str, Any]]:
        """Every page of GetDurableExecutionHistory (1,000 events a page), in the order served;
        each page also goes to `sink` as it arrives."""
        params: dict[str, Any] = {"DurableExecutionArn": arn, "IncludeExecutionData": include_data}
        if reverse:
            params["ReverseOrder"] = True
        events: list[dict[str, Any]] = []
        marker: str | None = None
        with translated(arn):
            while True:
                request = dict(params, MaxItems=HISTORY_PAGE)
                if marker:
                    request["Marker"] = marker
                response = self.lambda_.get_durable_execution_history(**request)
                if marker is None:
                    self._saw(arn)
                page = response.get("Events", [])
                events.extend(page)
                if sink is not None:
                    sink(page)
                marker = response.get("NextMarker")
                if not marker:
                    return events

    def list_durable_executions(
        self,
        function: str,
        *,
        qualifier: str | None = None,
        name: str | None = None,
        statuses: list[str] | None = None,
        started_after: datetime | None = None,
        started_before: datetime | None = None,
        reverse: bool = False,
        limit: int | None = 50,
        marker: str | None = None,
    ) -> Page:
        """ListDurableExecutionsByFunction up to `limit` items (None: every page)."""
        params: dict[str, Any] = {"FunctionName": function}
        optional = {
            "Qualifier": qualifier,
            "DurableExecutionName": name,
            "Statuses": statuses or None,
            "StartedAfter": started_after,
            "StartedBefore": started_before,
            "ReverseOrder": reverse or None,
        }
        params.update({k: v for k, v in optional.items() if v is not None})
        page = self._pages(
            self.lambda_.list_durable_executions_by_function,
            params,
            "DurableExecutions",
            function,
            limit,
            marker,
            names=("MaxItems", "Marker", "NextMarker"),
        )
        self._saw(*(item.get("DurableExecutionArn") for item in page.items))
        return page


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


_DONE = object()


def _pump(pages: Iterator[list[dict[str, Any]]], side: str, out: Any, stop: Any) -> None:
    """Worker: put (side, page) for every page until told to stop; then (side, _DONE)."""
    try:
        for page in pages:
            out.put((side, page))
            if stop.is_set():
                break
        out.put((side, _DONE))
    except BaseException as error:  # handed to the main thread, which raises it
        out.put((side, error))


def fetch_from_both_ends(
    forward: Iterator[list[dict[str, Any]]],
    backward: Iterator[list[dict[str, Any]]],
    on_progress: Callable[[int], object] | None = None,
    sink: Callable[[list[dict[str, Any]]], object] | None = None,
) -> list[dict[str, Any]]:
    """Merge a forward and a newest-first pager until they meet; events in id order.

    Each side runs in a daemon thread (Ctrl-C is never held up by a request in flight). They
    meet when the oldest id seen from the back is at most one past the newest id seen from
    the front, or when either side runs out. A server that ignores reverseOrder (or pages
    differently) still gives a complete, ordered, de-duplicated result: events merge by id.

    With `sink`, events are handed over in id order as soon as they are known to be next —
    forward pages at once, the newest-first half when the two meet — and nothing is returned:
    output starts before the fetch ends and only the back half is ever held in memory.
    """
    import queue
    import threading

    results: queue.Queue[tuple[str, Any]] = queue.Queue()
    stop = threading.Event()
    for side, pages in (("forward", forward), ("backward", backward)):
        threading.Thread(target=_pump, args=(pages, side, results, stop), daemon=True).start()
    held: dict[int, dict[str, Any]] = {}
    front, back, count = 0, None, 0  # newest id emitted/held from the front, oldest from the back
    try:
        while True:
            try:
                side, item = results.get(timeout=0.2)
            except queue.Empty:
                continue
            if isinstance(item, BaseException):
                raise item
            if item is _DONE:
                break  # one side saw the whole history: the merge is complete
            if side == "forward" and sink is not None:
                fresh = sorted(
                    (e for e in item if int(e.get("id", 0)) > front),
                    key=lambda e: int(e.get("id", 0)),
                )
                if fresh:
                    sink(fresh)
            else:
                fresh = [e for e in item if int(e.get("id", 0)) not in held]
                for event in fresh:
                    held[int(event.get("id", 0))] = event
            ids = [int(e.get("id", 0)) for e in item]
            if ids and side == "forward":
                front = max(front, *ids)
            elif ids:
                back = min(ids) if back is None else min(back, *ids)
            count += len(fresh)
            if on_progress is not None:
                on_progress(count)
            if back is not None and front >= back - 1:
                break
    finally:
        stop.set()
    if sink is None:
        return [held[k] for k in sorted(held)]
    rest = [held[k] for k in sorted(held) if k > front]
    if rest:
        sink(rest)
    return []
