"""TARGET words: names wherever an ARN is expected, resolving them, building ARNs. Pure.

`parse_target(text)` (Step Functions commands) reads, in this order:

  arn:…  or a console URL      the ARN, parsed by `sfnctl.model.arns` — a full ARN always wins, so a
                               state machine literally named `x@latest` is reachable by its ARN
  NAME@latest                  the newest execution of NAME (or NAME:QUALIFIER@latest)
  NAME@failed                  the newest FAILED / TIMED_OUT / ABORTED execution
  NAME/EXECUTION               that execution (NAME:QUALIFIER/EXECUTION is accepted too)
  NAME:VERSION                 a version (digits)
  NAME:ALIAS                   an alias
  NAME                         the state machine

Names and execution names can contain neither `/` nor `:`, so these forms never overlap.
`parse_durable_target(text)` (durable commands) reads an ARN (or the local runner's `ID/ID`), a
`FUNCTION`, `FUNCTION:QUALIFIER` (a version, `$LATEST` or an alias) or `FUNCTION/EXECUTION_NAME`.

Naming rules (botocore's service models and the StartExecution documentation):

- state machine and execution names: 1–80 characters, none of: white space, `< > { } [ ]`,
  `? *`, `" # % \\ ^ | ~ \\` $ & , ; : /`, control characters (U+0000–001F, U+007F–009F);
- alias names: 1–80 of `[A-Za-z0-9_.-]` with at least one that is not a digit;
  versions: a positive number;
- Lambda function names: 1–64 of `[A-Za-z0-9_-]`; qualifiers: `$LATEST`, digits, or an alias
  (1–128 of `[A-Za-z0-9_-]`, not all digits); durable execution names: 1–64 of `[A-Za-z0-9_-]`.
"""

from __future__ import annotations

import difflib
import fnmatch
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from sfnctl.errors import SfnctlError
from sfnctl.model.arns import Arn, Kind, resolve


class TargetKind(StrEnum):
    ARN = "arn"
    STATE_MACHINE = "state machine"
    VERSION = "state machine version"
    ALIAS = "state machine alias"
    EXECUTION = "execution"
    LATEST = "newest execution"
    FAILED = "newest failed execution"
    FUNCTION = "Lambda function"
    FUNCTION_QUALIFIER = "Lambda function version or alias"
    DURABLE_EXECUTION = "durable execution"


class TargetError(ValueError):
    """A TARGET that is neither an ARN nor a valid name form; one-line message (exit 2)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Target:
    """What a TARGET word refers to. `name` is the state machine (or function) name; `qualifier`
    a version or alias; `execution` an execution name; `arn` is set for kind ARN only."""

    kind: TargetKind
    name: str = ""
    qualifier: str = ""
    execution: str = ""
    arn: Arn | None = None

    @property
    def needs_lookup(self) -> bool:
        """True when an API call must finish the job: @latest/@failed list executions, and a
        durable execution is known by name only (its ARN ends in an id)."""
        return self.kind in (TargetKind.LATEST, TargetKind.FAILED, TargetKind.DURABLE_EXECUTION)


TARGET_FORMS = (
    "an ARN, a console URL, NAME, NAME:VERSION, NAME:ALIAS, NAME/EXECUTION, NAME@latest "
    "or NAME@failed"
)
DURABLE_FORMS = "an ARN, FUNCTION, FUNCTION:QUALIFIER or FUNCTION/EXECUTION_NAME"

NAME_MAX = 80
_FORBIDDEN = set(' <>{}[]?*"#%\\^|~`$&,;:/')
_ALIAS = re.compile(r"(?=.*[A-Za-z_.\-])[A-Za-z0-9_.\-]{1,80}")
_VERSION = re.compile(r"[1-9][0-9]{0,9}")
_FUNCTION = re.compile(r"[A-Za-z0-9_-]{1,64}")
_FUNCTION_QUALIFIER = re.compile(r"\$LATEST|[0-9]{1,10}|(?![0-9]+$)[A-Za-z0-9_-]{1,128}")
_DURABLE_NAME = re.compile(r"[A-Za-z0-9_-]{1,64}")
_SUFFIXES = {"@latest": TargetKind.LATEST, "@failed": TargetKind.FAILED}


def name_problem(name: str, what: str = "name") -> str | None:
    """Why `name` is not a valid state machine / execution name, or None if it is."""
    if not name:
        return f"empty {what}"
    if len(name) > NAME_MAX:
        return f"{what} longer than {NAME_MAX} characters"
    for ch in name:
        if ch.isspace() or ch in _FORBIDDEN or ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F:
            return f"{what} contains {ch!r}, which names cannot contain"
    return None


def is_arn_like(text: str) -> bool:
    """`text` is meant as an ARN or console URL (parsed by sfnctl.model.arns, never as a name)."""
    value = text.strip().lower()
    return value.startswith(("arn:", "https://", "http://"))


def parse_target(text: str) -> Target:
    """A Step Functions TARGET word → Target (see the module doc). ARN errors come from
    `sfnctl.model.arns` (its usage error); malformed names raise TargetError."""
    value = text.strip()
    if is_arn_like(value):
        return Target(TargetKind.ARN, arn=resolve(value))
    if not value:
        raise TargetError(f"a target is required: {TARGET_FORMS}")
    if "/" in value:  # before the suffixes: an execution may be called "x@latest"
        head, _, execution = value.partition("/")
        name, qualifier = _split_qualifier(head, text)
        _check(execution, "execution name", text)
        return Target(TargetKind.EXECUTION, name, qualifier, execution)
    lowered = value.lower()
    for suffix, kind in _SUFFIXES.items():
        if lowered.endswith(suffix) and len(value) > len(suffix):
            name, qualifier = _split_qualifier(value[: -len(suffix)], text)
            return Target(kind, name, qualifier)
    name, qualifier = _split_qualifier(value, text)
    if not qualifier:
        return Target(TargetKind.STATE_MACHINE, name)
    kind = TargetKind.VERSION if qualifier.isdigit() else TargetKind.ALIAS
    return Target(kind, name, qualifier)


def _split_qualifier(value: str, original: str) -> tuple[str, str]:
    name, colon, qualifier = value.partition(":")
    _check(name, "state machine name", original)
    if not colon:
        return name, ""
    if qualifier.isdigit() and _VERSION.fullmatch(qualifier):
        return name, qualifier
    if not qualifier.isdigit() and _ALIAS.fullmatch(qualifier):
        return name, qualifier
    raise TargetError(
        f"not a version or alias: {_show(qualifier)} in {_show(original)} "
        "(a version is a positive number; an alias is 1–80 of A–Z a–z 0–9 _ . -)"
    )


def _check(name: str, what: str, original: str) -> None:
    problem = name_problem(name, what)
    if problem is not None:
        raise TargetError(f"{problem}: {_show(original)}; a target is {TARGET_FORMS}")


def parse_durable_target(text: str) -> Target:
    """A durable command's TARGET → Target: ARN (or `ID/ID` of the local runner, which the
    ARN parser knows), FUNCTION, FUNCTION:QUALIFIER or FUNCTION/EXECUTION_NAME."""
    value = text.strip()
    if is_arn_like(value):
        return Target(TargetKind.ARN, arn=resolve(value))
    if "/" in value:
        function, _, execution = value.partition("/")
        if _FUNCTION.fullmatch(function) and _DURABLE_NAME.fullmatch(execution):
            return Target(TargetKind.DURABLE_EXECUTION, function, execution=execution)
        # Two ids: the local runner's execution "ARN".
        return Target(TargetKind.ARN, arn=resolve(value))
    function, colon, qualifier = value.partition(":")
    if not _FUNCTION.fullmatch(function):
        raise TargetError(
            f"not a function name: {_show(text)} (1–64 of A–Z a–z 0–9 _ -); "
            f"a durable target is {DURABLE_FORMS}"
        )
    if not colon:
        return Target(TargetKind.FUNCTION, function)
    if not _FUNCTION_QUALIFIER.fullmatch(qualifier):
        raise TargetError(
            f"not a function version or alias: {_show(qualifier)} in {_show(text)} "
            "($LATEST, a number, or an alias of A–Z a–z 0–9 _ -)"
        )
    return Target(TargetKind.FUNCTION_QUALIFIER, function, qualifier)


# --- resolving a name against what the account has ------------------------------------------


@dataclass(frozen=True)
class Exact:
    """The name matched exactly one candidate."""

    value: str


@dataclass(frozen=True)
class Ambiguous:
    """The name matched several candidates (e.g. the ARN cache knows it in two regions);
    `values` sorted. The CLI lists them and exits 2."""

    values: tuple[str, ...]


@dataclass(frozen=True)
class Unknown:
    """No candidate has this name; `closest` names, best first (may be empty). Exit 3."""

    closest: tuple[str, ...]


Resolution = Exact | Ambiguous | Unknown


def resolve_name(name: str, candidates: Iterable[tuple[str, str]], limit: int = 5) -> Resolution:
    """Match `name` against (name, value) pairs — value usually the ARN. Names are
    case-sensitive (as in AWS): only an exact match resolves. Otherwise the closest names are:
    same name in another case, then difflib's close matches (ratio ≥ 0.6), then names that
    contain `name` (case-insensitively), at most `limit`, without repeats."""
    values: dict[str, set[str]] = {}
    for cand_name, value in candidates:
        values.setdefault(cand_name, set()).add(value)
    found = values.get(name)
    if found:
        ordered = tuple(sorted(found))
        return Exact(ordered[0]) if len(ordered) == 1 else Ambiguous(ordered)
    names = sorted(values)
    folded = name.casefold()
    closest: list[str] = [n for n in names if n.casefold() == folded]
    closest += difflib.get_close_matches(name, names, n=limit, cutoff=0.6)
    closest += [n for n in names if folded and folded in n.casefold()]
    return Unknown(tuple(dict.fromkeys(closest))[:limit])


def names_of(arns: Iterable[str]) -> list[tuple[str, str]]:
    """(state machine or function name, ARN) pairs for `resolve_name`, from ARN strings (the
    ARN cache, ListStateMachines); strings that don't parse as state machine or function
    ARNs are skipped."""
    pairs: list[tuple[str, str]] = []
    for text in arns:
        try:
            arn = resolve(text)
        except SfnctlError:
            continue
        if arn.kind in (Kind.STATE_MACHINE, Kind.LAMBDA_FUNCTION) and not arn.qualifier:
            pairs.append((arn.owner, arn.text))
    return pairs


FAILED_STATUSES = ("FAILED", "TIMED_OUT", "ABORTED")  # what NAME@failed and --failing count


def matches_glob(name: str, pattern: str) -> bool:
    """`--name GLOB`: shell-style `*`, `?`, `[abc]`, case-sensitive like AWS names."""
    return fnmatch.fnmatchcase(name, pattern)


# --- building ARNs ---------------------------------------------------------------------------


def state_machine_arn(
    partition: str, region: str, account: str, name: str, qualifier: str = ""
) -> str:
    """arn:P:states:R:A:stateMachine:NAME[:VERSION|:ALIAS]."""
    tail = f":{qualifier}" if qualifier else ""
    return f"arn:{partition}:states:{region}:{account}:stateMachine:{name}{tail}"


def execution_arn(
    partition: str, region: str, account: str, state_machine: str, execution: str
) -> str:
    """arn:P:states:R:A:execution:SM:EXECUTION. An execution started through a version or an
    alias has this same ARN (the version/alias is in DescribeExecution's
    stateMachineVersionArn/stateMachineAliasArn, not in the execution's ARN), so a qualifier
    plays no part here."""
    return f"arn:{partition}:states:{region}:{account}:execution:{state_machine}:{execution}"


def function_arn(partition: str, region: str, account: str, name: str, qualifier: str = "") -> str:
    """arn:P:lambda:R:A:function:NAME[:QUALIFIER]."""
    tail = f":{qualifier}" if qualifier else ""
    return f"arn:{partition}:lambda:{region}:{account}:function:{name}{tail}"


def target_arn(target: Target, partition: str, region: str, account: str) -> str:
    """The ARN a name-form Target stands for, in the given account and region: the state
    machine (version, alias) or execution; for @latest/@failed the (qualified) state machine
    ListExecutions is asked about; for a function (qualifier) its ARN; for a durable execution
    by name the function, whose ListDurableExecutionsByFunction finds it. A Target of kind ARN
    returns its own ARN."""
    if target.kind is TargetKind.ARN:
        assert target.arn is not None
        return target.arn.text
    if target.kind is TargetKind.EXECUTION:
        return execution_arn(partition, region, account, target.name, target.execution)
    if target.kind in (TargetKind.FUNCTION, TargetKind.FUNCTION_QUALIFIER):
        return function_arn(partition, region, account, target.name, target.qualifier)
    if target.kind is TargetKind.DURABLE_EXECUTION:
        return function_arn(partition, region, account, target.name)
    return state_machine_arn(partition, region, account, target.name, target.qualifier)


# --- region and partition --------------------------------------------------------------------

_PARTITION_PREFIXES = (
    ("cn-", "aws-cn"),
    ("us-gov-", "aws-us-gov"),
    ("us-isob-", "aws-iso-b"),
    ("us-isof-", "aws-iso-f"),
    ("eu-isoe-", "aws-iso-e"),
    ("us-iso-", "aws-iso"),
    ("eusc-", "aws-eusc"),
)


def partition_of_region(region: str) -> str:
    """The partition a region belongs to (`cn-north-1` → `aws-cn`; unknown prefixes → `aws`)."""
    return next((p for prefix, p in _PARTITION_PREFIXES if region.startswith(prefix)), "aws")


@dataclass(frozen=True)
class Location:
    """Where requests about an ARN go: its region wins over the configured one."""

    region: str | None
    partition: str | None
    note: str | None  # one line for stderr when the configured region was overridden


def location(arn: Arn, configured_region: str | None) -> Location:
    """The region and partition to use for `arn`: the ARN's own when it names one (with a note
    when a configured region differs), else the configured region (local runner ids name none)."""
    if not arn.region:
        partition = partition_of_region(configured_region) if configured_region else None
        return Location(configured_region, partition, None)
    note = region_note(configured_region, arn.region)
    return Location(arn.region, arn.partition or partition_of_region(arn.region), note)


def region_note(configured_region: str | None, arn_region: str) -> str | None:
    """The stderr note when the configured region differs from the ARN's (None otherwise)."""
    if not configured_region or configured_region == arn_region:
        return None
    return (
        f"note: using region {arn_region} from the ARN "
        f"(the configured region is {configured_region})"
    )


def _show(text: str, limit: int = 100) -> str:
    shown = text if len(text) <= limit else text[: limit - 1] + "…"
    return repr(shown)
