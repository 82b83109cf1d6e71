"""botocore response parsers: a faster JSON parser (same result) and rest-json errors that take
the error type from the body when a server leaves out the header."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, ClassVar

import botocore.parsers
import botocore.utils

from sfnctl.errors import Exit, SfnctlError

# What a broken answer may raise inside botocore's parsers (wrong wire types, too deep JSON).
_PARSE_FAULTS = (RecursionError, AttributeError, TypeError, KeyError, ValueError, IndexError)


def not_the_answer(shape: Any, status: int, what: str) -> SfnctlError:
    operation = str(getattr(shape, "name", "") or "the request").removesuffix("Output")
    operation = operation.removesuffix("Response")
    return SfnctlError(
        f"{operation} got HTTP {status} with {what}, not the API's answer",
        Exit.UNAVAILABLE,
        "Check the endpoint (--endpoint-url / AWS_ENDPOINT_URL); a proxy or emulator may be in "
        "the way.",
    )


class _Strict:
    """A 200 whose body isn't a JSON object (cut short, HTML, empty) is exit 5, never `{}`:
    botocore turns an unparsable body into an empty answer. Errors keep botocore's leniency
    (their body is only a message). Per thread: one client serves both ends of a fetch."""

    _local = threading.local()

    def parse(self, response: dict[str, Any], shape: Any) -> Any:
        status = int(response.get("status_code") or 0)
        # an output with no members (UpdateMapRun's) may come back with an empty body
        strict = bool(getattr(shape, "members", None)) and 200 <= status < 300
        self._local.strict, self._local.shape = strict, shape
        try:
            return super().parse(response, shape)  # type: ignore[misc]
        except _PARSE_FAULTS as error:
            if not strict and not isinstance(error, RecursionError):
                raise
            what = "JSON nested too deep" if isinstance(error, RecursionError) else "wrong types"
            raise not_the_answer(shape, status, what) from None
        finally:
            self._local.strict = False

    def _parse_body_as_json(self, body_contents: bytes) -> Any:
        if not getattr(self._local, "strict", False):
            return super()._parse_body_as_json(body_contents)  # type: ignore[misc]
        text = body_contents.decode("utf-8", "replace").strip()
        if not text:
            raise not_the_answer(self._local.shape, 200, "an empty body")
        try:
            parsed = json.loads(text)
        except ValueError:
            what = "a web page" if text.startswith("<") else "a body cut short or not JSON"
            raise not_the_answer(self._local.shape, 200, what) from None
        if not isinstance(parsed, dict):
            raise not_the_answer(self._local.shape, 200, "JSON that isn't an object")
        return parsed


def utc_timestamp(value: Any) -> datetime:
    """Wire timestamps → aware UTC datetimes.

    botocore's default converts epoch numbers to the *local* zone through dateutil, which costs
    about a third of the parse time of a 25,000-event history; UTC is what sfnctl shows anyway.
    """
    if isinstance(value, int | float):
        return datetime.fromtimestamp(value, UTC)
    try:
        return datetime.fromtimestamp(float(value), UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        parsed: datetime = botocore.utils.parse_timestamp(value)
        return parsed


class _FastJSONParser(_Strict, botocore.parsers.JSONParser):
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


class _RestJSONParser(_Strict, botocore.parsers.RestJSONParser):
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


class ParserFactory(botocore.parsers.ResponseParserFactory):
    def create_parser(self, protocol_name: str) -> Any:
        if protocol_name == "json":
            return _FastJSONParser(**self._defaults)
        if protocol_name == "rest-json":
            return _RestJSONParser(**self._defaults)
        return super().create_parser(protocol_name)
