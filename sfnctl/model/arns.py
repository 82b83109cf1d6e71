"""Parse and classify the ARNs (and console URLs) sfnctl accepts. Pure: no I/O.

Shapes handled (partition aws, aws-cn, aws-us-gov, aws-iso*, ...):
  arn:P:states:R:A:stateMachine:NAME                 state machine
  arn:P:states:R:A:stateMachine:NAME:7               state machine version
  arn:P:states:R:A:stateMachine:NAME:ALIAS           state machine alias
  arn:P:states:R:A:execution:SM:NAME    execution (SM is "sm/label" for map-run children)
  arn:P:states:R:A:express:SM:NAME:ID                express execution
  arn:P:states:R:A:mapRun:SM/LABEL:ID                Distributed Map run
  arn:P:states:R:A:activity:NAME                     activity
  arn:P:lambda:R:A:function:FN:QUALIFIER/durable-execution/NAME/ID   Lambda durable execution
  arn:P:lambda:R:A:function:FN[:QUALIFIER]           Lambda function
  ID/ID                a durable execution as AWS's local runner (dex-local-runner) names it
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import unquote, urlsplit

from sfnctl.errors import usage


class Kind(StrEnum):
    STATE_MACHINE = "state machine"
    STATE_MACHINE_VERSION = "state machine version"
    STATE_MACHINE_ALIAS = "state machine alias"
    EXECUTION = "execution"
    EXPRESS_EXECUTION = "express execution"
    MAP_RUN = "map run"
    ACTIVITY = "activity"
    DURABLE_EXECUTION = "durable execution"
    LAMBDA_FUNCTION = "Lambda function"


EXECUTION_KINDS = (Kind.EXECUTION, Kind.EXPRESS_EXECUTION)
STATE_MACHINE_KINDS = (Kind.STATE_MACHINE, Kind.STATE_MACHINE_VERSION, Kind.STATE_MACHINE_ALIAS)

_PARTITION = r"aws(?:-[a-z]+)*"
_REGION = r"[a-z]{2}(?:-[a-z]+)+-\d{1,2}"
_ACCOUNT = r"\d{12}"
_NAME = r"[^\s:/]{1,256}"  # what the service allows is wider than this; whitespace/':' never
_LABEL_NAME = rf"{_NAME}(?:/{_NAME})?"

_STATES = re.compile(
    rf"arn:(?P<partition>{_PARTITION}):states:(?P<region>{_REGION}):(?P<account>{_ACCOUNT}):"
    r"(?P<rest>.+)"
)
_LAMBDA = re.compile(
    rf"arn:(?P<partition>{_PARTITION}):lambda:(?P<region>{_REGION}):(?P<account>{_ACCOUNT}):"
    r"function:(?P<rest>.+)"
)
_STATES_RESOURCES: list[tuple[Kind, re.Pattern[str]]] = [
    (Kind.STATE_MACHINE, re.compile(rf"stateMachine:(?P<sm>{_NAME})")),
    (Kind.STATE_MACHINE_VERSION, re.compile(rf"stateMachine:(?P<sm>{_NAME}):(?P<q>\d+)")),
    (Kind.STATE_MACHINE_ALIAS, re.compile(rf"stateMachine:(?P<sm>{_NAME}):(?P<q>{_NAME})")),
    (Kind.EXECUTION, re.compile(rf"execution:(?P<sm>{_LABEL_NAME}):(?P<name>{_NAME})")),
    (
        Kind.EXPRESS_EXECUTION,
        re.compile(rf"express:(?P<sm>{_LABEL_NAME}):(?P<name>{_NAME}):(?P<q>{_NAME})"),
    ),
    (Kind.MAP_RUN, re.compile(rf"mapRun:(?P<sm>{_NAME}/{_NAME}):(?P<name>{_NAME})")),
    (Kind.ACTIVITY, re.compile(rf"activity:(?P<name>{_NAME})")),
]
_LAMBDA_RESOURCES: list[tuple[Kind, re.Pattern[str]]] = [
    (
        Kind.DURABLE_EXECUTION,
        re.compile(
            r"(?P<sm>[a-zA-Z0-9_-]{1,140}):(?P<q>\$LATEST(?:\.PUBLISHED)?|[0-9]+)"
            r"/durable-execution/(?P<name>[a-zA-Z0-9_-]+)/(?P<id>[a-zA-Z0-9_-]+)"
        ),
    ),
    (
        Kind.LAMBDA_FUNCTION,
        re.compile(r"(?P<sm>[a-zA-Z0-9_-]{1,140})(?::(?P<q>\$LATEST|[a-zA-Z0-9_-]{1,128}))?"),
    ),
]

# The local durable-execution runner's execution "ARNs" are two opaque ids, `UUID/UUID`.
_LOCAL_DURABLE = re.compile(r"[A-Za-z0-9_-]{1,128}/[A-Za-z0-9_-]{1,128}")

_CONSOLE_HOSTS = re.compile(
    r"(?:^|\.)console\.(?:aws\.amazon\.com|amazonaws\.cn|amazonaws-us-gov\.com)$"
)
_ARN_IN_URL = re.compile(r"arn:[^\s?&#]+")


@dataclass(frozen=True)
class Arn:
    """A classified ARN. `owner` is the state machine (or function) name part."""

    text: str
    kind: Kind
    partition: str
    region: str
    account: str
    owner: str = ""
    name: str = ""
    qualifier: str = ""

    def __str__(self) -> str:
        return self.text

    @property
    def label(self) -> str:
        """The map-run label of a map run or map-run child execution ("" if none)."""
        return self.owner.split("/", 1)[1] if "/" in self.owner else ""


def parse_arn(text: str) -> Arn:
    """Classify `text` as one of the ARN kinds above, or raise a usage error (exit 2)."""
    value = text.strip()
    if not value:
        raise usage("an ARN is required, got an empty string")
    for service, pattern, resources in (
        ("states", _STATES, _STATES_RESOURCES),
        ("lambda", _LAMBDA, _LAMBDA_RESOURCES),
    ):
        head = pattern.fullmatch(value)
        if head is None:
            continue
        rest = head.group("rest")
        for kind, resource in resources:
            m = resource.fullmatch(rest)
            if m is None:
                continue
            groups = m.groupdict()
            return Arn(
                text=value,
                kind=kind,
                partition=head.group("partition"),
                region=head.group("region"),
                account=head.group("account"),
                owner=groups.get("sm") or "",
                name=groups.get("name") or "",
                qualifier=groups.get("q") or groups.get("id") or "",
            )
        raise usage(f"not a recognised {service} ARN: {_short(value)}")
    if _LOCAL_DURABLE.fullmatch(value):
        return Arn(text=value, kind=Kind.DURABLE_EXECUTION, partition="", region="", account="")
    raise usage(
        f"not a Step Functions or Lambda durable-execution ARN: {_short(value)}",
        hint="ARNs look like arn:aws:states:us-east-1:123456789012:execution:MyMachine:run-1",
    )


def from_console_url(text: str) -> str:
    """The ARN inside a Step Functions console URL, or raise a usage error."""
    parts = urlsplit(text.strip())
    host = (parts.hostname or "").lower()
    if not _CONSOLE_HOSTS.search(host):
        raise usage(f"not an AWS console URL: {_short(text)}")
    found = _ARN_IN_URL.search(unquote(parts.fragment) or unquote(parts.query))
    if found is None:
        found = _ARN_IN_URL.search(unquote(text))
    if found is None:
        raise usage(f"no execution or map-run ARN found in console URL: {_short(text)}")
    return found.group()


def resolve(text: str) -> Arn:
    """Parse an ARN or a console URL holding one."""
    value = text.strip()
    if value.lower().startswith(("https://", "http://")):
        value = from_console_url(value)
    return parse_arn(value)


def require(arn: Arn, kinds: tuple[Kind, ...], command: str) -> Arn:
    """Raise a usage error unless `arn` is one of `kinds`, naming the command that fits it."""
    if arn.kind in kinds:
        return arn
    wanted = " or ".join(str(k) for k in kinds)
    return_hint = suggest(arn)
    raise usage(
        f"sfnctl {command} needs {_article(wanted)} {wanted} ARN, got {_article(arn.kind)} "
        f"{arn.kind} ARN: {_short(arn.text)}",
        hint=return_hint,
    )


def suggest(arn: Arn) -> str | None:
    """The command that does fit an ARN of this kind."""
    if arn.kind in STATE_MACHINE_KINDS:
        return f"To list its executions, run: sfnctl list {arn.text}"
    if arn.kind in EXECUTION_KINDS:
        return f"To see the execution, run: sfnctl describe {arn.text}"
    if arn.kind is Kind.MAP_RUN:
        return f"To see the map run, run: sfnctl maprun show {arn.text}"
    if arn.kind is Kind.DURABLE_EXECUTION:
        return f"To see the durable execution, run: sfnctl durable describe {arn.text}"
    if arn.kind is Kind.LAMBDA_FUNCTION:
        return f"To list its durable executions, run: sfnctl durable list {arn.text}"
    return None


def state_machine_of(arn: Arn) -> str:
    """The state machine ARN an execution (or map run) belongs to, derived from its ARN."""
    return f"arn:{arn.partition}:states:{arn.region}:{arn.account}:stateMachine:{arn.owner}"


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def _short(text: str, limit: int = 120) -> str:
    from sfnctl.model.text import one_line

    return one_line(repr(text) if not text.isprintable() else text, limit)
