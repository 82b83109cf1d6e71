"""Every botocore exception → one SfnctlError: an exit code, a one-line message naming the ARN,
and the next step to take. Untyped errors (emulators) are classified by their HTTP status."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from typing import Any

import botocore.exceptions as bx

from sfnctl.errors import Exit, SfnctlError

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
    if _is_web_page(message):  # a proxy's or an emulator's error page: never shown raw
        detail = f" — {_reason(status)} (the endpoint answered with a web page, not an API error)"
        hint = _WEB_PAGE_HINT
    if _unsupported(code, message):  # retrying won't help: the endpoint lacks the operation
        hint = (
            f"The endpoint doesn't implement {op} (a local emulator may not); it works against "
            "AWS itself."
        )
    if code == "KmsAccessDeniedException" and op == "DescribeExecution":
        hint = f"Retry without decrypting data: sfnctl describe {subject} --metadata-only"
    if code == "InvalidToken":
        hint = "The pagination token is invalid or expired (24 h); start over without --next-token."
    if exit_code is Exit.UNEXPECTED:
        hint = "Rerun with --debug for details."
    return SfnctlError(f"{what} for {subject}{detail}", exit_code, hint)


_WEB_PAGE_HINT = (
    "The endpoint couldn't handle this request (an emulator may not support it); "
    "rerun with --debug to see its answer."
)


_UNSUPPORTED = re.compile(
    r"unknown path|not (yet )?implemented|unknown operation|unsupported operation", re.IGNORECASE
)


def _unsupported(code: str, message: str) -> bool:
    """An emulator's way of saying it lacks the operation (moto, the durable local runner)."""
    return code in ("UnknownOperationException", "NotImplemented") or bool(
        _UNSUPPORTED.search(message[:300])
    )


def _is_web_page(message: str) -> bool:
    head = message.lstrip()[:200].lower()
    return head.startswith("<") and ("html" in head or "<body" in head or "<title" in head)


def _reason(status: int) -> str:
    from http import HTTPStatus

    try:
        return f"HTTP {status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"HTTP {status}"


def _untyped(response: dict[str, Any], status: int, message: str) -> tuple[str, str]:
    """Emulators sometimes answer `{"Type": ..., "Message": ...}` without an error-type header."""
    body = response.get("Error", {}) or {}
    code = str(body.get("Type") or response.get("Type") or "")
    message = message or str(body.get("Message") or response.get("Message") or "")
    return (code if code not in ("User", "Sender", "Receiver") else ""), message


def _one_line(text: str, limit: int = 300) -> str:
    from sfnctl.model.text import one_line

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
    except bx.SSLError as error:  # TLS to a plain-HTTP port, a missing AWS_CA_BUNDLE file…
        raise SfnctlError(
            f"TLS failed for {_one_line(subject, 300)}: {_one_line(str(error))}",
            Exit.UNAVAILABLE,
            "Check the endpoint's scheme (http:// or https://) and AWS_CA_BUNDLE.",
        ) from error
    except bx.HTTPClientError as error:
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
    except bx.InvalidConfigError as error:  # e.g. a source_profile that doesn't exist
        raise SfnctlError(
            f"the AWS configuration is broken: {_one_line(str(error))}",
            Exit.USAGE,
            "Fix the profile in ~/.aws/config (or AWS_CONFIG_FILE); list them with: "
            "aws configure list-profiles",
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
