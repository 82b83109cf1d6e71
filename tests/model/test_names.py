"""TARGET words (names wherever an ARN goes), resolving names, building ARNs, ARN regions."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sfnctl.errors import SfnctlError
from sfnctl.model.arns import Kind, parse_arn
from sfnctl.model.names import (
    Ambiguous,
    Exact,
    Target,
    TargetError,
    TargetKind,
    Unknown,
    execution_arn,
    function_arn,
    location,
    matches_glob,
    name_problem,
    names_of,
    parse_durable_target,
    parse_target,
    partition_of_region,
    region_note,
    resolve_name,
    state_machine_arn,
    target_arn,
)

ACCOUNT = "123456789012"
SM = f"arn:aws:states:us-east-1:{ACCOUNT}:stateMachine:orders"


# --- parse_target ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("orders", Target(TargetKind.STATE_MACHINE, "orders")),
        ("  orders  ", Target(TargetKind.STATE_MACHINE, "orders")),
        ("orders:7", Target(TargetKind.VERSION, "orders", "7")),
        ("orders:prod", Target(TargetKind.ALIAS, "orders", "prod")),
        ("orders:v2.1-beta_x", Target(TargetKind.ALIAS, "orders", "v2.1-beta_x")),
        ("orders/run-17", Target(TargetKind.EXECUTION, "orders", execution="run-17")),
        ("orders:prod/run-17", Target(TargetKind.EXECUTION, "orders", "prod", "run-17")),
        ("orders@latest", Target(TargetKind.LATEST, "orders")),
        ("orders@LATEST", Target(TargetKind.LATEST, "orders")),
        ("orders@failed", Target(TargetKind.FAILED, "orders")),
        ("orders:3@failed", Target(TargetKind.FAILED, "orders", "3")),
        ("orders:live@latest", Target(TargetKind.LATEST, "orders", "live")),
        ("a@b", Target(TargetKind.STATE_MACHINE, "a@b")),  # '@' is allowed in names
        ("x@latest@latest", Target(TargetKind.LATEST, "x@latest")),
        ("orders/run@latest", Target(TargetKind.EXECUTION, "orders", execution="run@latest")),
        ("é-名前", Target(TargetKind.STATE_MACHINE, "é-名前")),
    ],
)
def test_name_forms(text, expected):
    assert parse_target(text) == expected


def test_a_full_arn_always_wins_even_for_a_name_like_x_at_latest():
    arn = f"arn:aws:states:us-east-1:{ACCOUNT}:stateMachine:x@latest"
    target = parse_target(arn)
    assert target.kind is TargetKind.ARN
    assert target.arn is not None
    assert target.arn.kind is Kind.STATE_MACHINE
    assert target.arn.owner == "x@latest"


def test_console_urls_go_to_the_arn_parser():
    url = (
        "https://us-east-1.console.aws.amazon.com/states/home?region=us-east-1"
        f"#/v2/executions/details/arn:aws:states:us-east-1:{ACCOUNT}:execution:orders:run-1"
    )
    target = parse_target(url)
    assert target.kind is TargetKind.ARN
    assert target.arn is not None and target.arn.name == "run-1"


def test_a_malformed_arn_is_the_arn_parsers_usage_error():
    with pytest.raises(SfnctlError) as err:
        parse_target("arn:aws:states:us-east-1:123:nonsense")
    assert err.value.code == 2


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "required"),
        ("   ", "required"),
        ("a" * 81, "longer than 80"),
        ("or ders", "contains"),
        ("orders/run 1", "execution name contains"),
        ("orders/", "empty execution name"),
        ("/run-1", "empty state machine name"),
        ("orders/a/b", "execution name contains '/'"),
        ("orders:", "not a version or alias"),
        ("orders:0", "not a version or alias"),
        ("orders:007", "not a version or alias"),
        ("orders:a:b", "not a version or alias"),
        ("orders:pro*d", "not a version or alias"),
        ("ord{ers", "contains '{'"),
        ("orders\x07", "contains"),
        ("ord\x85ers", "contains"),
        ("ord\u2028ers", "contains"),
    ],
)
def test_malformed_names(text, fragment):
    with pytest.raises(TargetError) as err:
        parse_target(text)
    assert fragment in err.value.message
    assert "\n" not in err.value.message
    assert isinstance(err.value, ValueError)


def test_a_bare_suffix_is_a_name():
    # '@' is allowed in names, so "@latest" alone is a state machine called "@latest".
    assert parse_target("@latest") == Target(TargetKind.STATE_MACHINE, "@latest")


def test_name_of_exactly_80_is_fine():
    assert parse_target("a" * 80).name == "a" * 80


def test_name_problem():
    assert name_problem("orders-2026_v1.x") is None
    assert name_problem("") == "empty name"
    for ch in ' <>{}[]?*"#%\\^|~`$&,;:/\t\n':
        assert name_problem(f"a{ch}b") is not None, ch


NAME_CHARS = st.characters(
    blacklist_characters=' <>{}[]?*"#%\\^|~`$&,;:/@',
    blacklist_categories=("Cc", "Cs", "Zs", "Zl", "Zp"),
)
NAMES = st.text(NAME_CHARS, min_size=1, max_size=80).filter(
    lambda s: s == s.strip() and not any(c.isspace() for c in s) and name_problem(s) is None
)


@given(NAMES, NAMES)
def test_name_slash_execution_round_trips(name, execution):
    assert parse_target(f"{name}/{execution}") == Target(
        TargetKind.EXECUTION, name, execution=execution
    )


@given(NAMES, st.integers(1, 10**9))
def test_name_colon_version_round_trips(name, version):
    assert parse_target(f"{name}:{version}") == Target(TargetKind.VERSION, name, str(version))


@given(st.text(max_size=40))
def test_anything_parses_or_raises_a_one_line_error(text):
    if text.strip().lower().startswith(("arn:", "http://", "https://")):
        return
    try:
        target = parse_target(text)
    except TargetError as err:
        assert "\n" not in err.message
    else:
        assert target.name and name_problem(target.name) is None


# --- durable targets -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("pay-fn", Target(TargetKind.FUNCTION, "pay-fn")),
        ("pay_fn:7", Target(TargetKind.FUNCTION_QUALIFIER, "pay_fn", "7")),
        ("pay-fn:$LATEST", Target(TargetKind.FUNCTION_QUALIFIER, "pay-fn", "$LATEST")),
        ("pay-fn:live", Target(TargetKind.FUNCTION_QUALIFIER, "pay-fn", "live")),
        ("pay-fn/order-42", Target(TargetKind.DURABLE_EXECUTION, "pay-fn", execution="order-42")),
    ],
)
def test_durable_forms(text, expected):
    assert parse_durable_target(text) == expected


def test_durable_arn_and_local_runner_ids_go_to_the_arn_parser():
    arn = (
        f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:pay:$LATEST"
        "/durable-execution/order-42/0f1e2d3c"
    )
    target = parse_durable_target(arn)
    assert target.kind is TargetKind.ARN and target.arn is not None
    assert target.arn.kind is Kind.DURABLE_EXECUTION
    # Names of 65+ characters are not function names: two ids from the local runner.
    local = "a" * 65 + "/" + "b" * 36
    local_target = parse_durable_target(local)
    assert local_target.kind is TargetKind.ARN and local_target.arn is not None
    assert local_target.arn.kind is Kind.DURABLE_EXECUTION


@pytest.mark.parametrize("text", ["pay fn", "pay.fn", "a" * 65, "pay:", "pay:a b", "", "pay:$X"])
def test_bad_durable_targets(text):
    with pytest.raises(TargetError):
        parse_durable_target(text)


def test_alias_of_digits_only_is_a_version_for_functions():
    assert parse_durable_target("fn:12").qualifier == "12"


# --- resolve_name ----------------------------------------------------------------------------

CANDIDATES = [
    ("orders", f"{SM}"),
    ("order-archive", f"arn:aws:states:us-east-1:{ACCOUNT}:stateMachine:order-archive"),
    ("fetch-report", f"arn:aws:states:us-east-1:{ACCOUNT}:stateMachine:fetch-report"),
    ("Orders", f"arn:aws:states:us-east-1:{ACCOUNT}:stateMachine:Orders"),
]


def test_exact_match():
    assert resolve_name("orders", CANDIDATES) == Exact(SM)


def test_names_are_case_sensitive():
    assert resolve_name("Orders", CANDIDATES) == Exact(CANDIDATES[3][1])


def test_same_name_twice_is_ambiguous_sorted():
    west = f"arn:aws:states:us-west-2:{ACCOUNT}:stateMachine:orders"
    got = resolve_name("orders", [*CANDIDATES, ("orders", west)])
    assert got == Ambiguous(tuple(sorted([SM, west])))


def test_duplicate_pairs_are_not_ambiguous():
    assert resolve_name("orders", [*CANDIDATES, ("orders", SM)]) == Exact(SM)


def test_unknown_offers_the_closest():
    got = resolve_name("ordres", CANDIDATES)
    assert isinstance(got, Unknown)
    assert got.closest[0] == "orders"


def test_unknown_offers_case_variants_first_then_substrings():
    got = resolve_name("ORDERS", CANDIDATES)
    assert isinstance(got, Unknown)
    assert got.closest[:2] == ("Orders", "orders")
    got = resolve_name("fetch", CANDIDATES)
    assert isinstance(got, Unknown) and "fetch-report" in got.closest


def test_unknown_with_nothing_close():
    assert resolve_name("zzzzzz", CANDIDATES) == Unknown(())
    assert resolve_name("x", []) == Unknown(())


def test_closest_is_limited_and_unique():
    many = [(f"orders-{i}", f"arn-{i}") for i in range(20)]
    got = resolve_name("orders", many, limit=3)
    assert isinstance(got, Unknown)
    assert len(got.closest) == 3
    assert len(set(got.closest)) == 3


def test_names_of_arns():
    pairs = names_of(
        [
            SM,
            f"{SM}:3",  # a version: not a name to resolve
            f"arn:aws:states:us-east-1:{ACCOUNT}:execution:orders:run-1",
            f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:pay",
            "garbage",
        ]
    )
    assert pairs == [("orders", SM), ("pay", f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:pay")]


# --- building ARNs ---------------------------------------------------------------------------


def test_built_arns_parse_back_as_their_kind():
    cases = [
        (state_machine_arn("aws", "us-east-1", ACCOUNT, "orders"), Kind.STATE_MACHINE),
        (state_machine_arn("aws", "us-east-1", ACCOUNT, "orders", "7"), Kind.STATE_MACHINE_VERSION),
        (state_machine_arn("aws-cn", "cn-north-1", ACCOUNT, "o", "prod"), Kind.STATE_MACHINE_ALIAS),
        (execution_arn("aws", "us-east-1", ACCOUNT, "orders", "run-1"), Kind.EXECUTION),
        (function_arn("aws", "us-east-1", ACCOUNT, "pay"), Kind.LAMBDA_FUNCTION),
        (function_arn("aws", "us-east-1", ACCOUNT, "pay", "$LATEST"), Kind.LAMBDA_FUNCTION),
    ]
    for text, kind in cases:
        assert parse_arn(text).kind is kind, text


def test_target_arn_for_every_name_kind():
    loc = ("aws", "eu-west-1", ACCOUNT)
    base = f"arn:aws:states:eu-west-1:{ACCOUNT}"
    assert target_arn(parse_target("orders"), *loc) == f"{base}:stateMachine:orders"
    assert target_arn(parse_target("orders:7"), *loc) == f"{base}:stateMachine:orders:7"
    assert target_arn(parse_target("orders:prod"), *loc) == f"{base}:stateMachine:orders:prod"
    assert target_arn(parse_target("orders/run-1"), *loc) == f"{base}:execution:orders:run-1"
    # An execution started through an alias has the state machine's execution ARN.
    assert target_arn(parse_target("orders:prod/run-1"), *loc) == f"{base}:execution:orders:run-1"
    assert target_arn(parse_target("orders:7@latest"), *loc) == f"{base}:stateMachine:orders:7"
    assert target_arn(parse_target("orders@failed"), *loc) == f"{base}:stateMachine:orders"
    fn = f"arn:aws:lambda:eu-west-1:{ACCOUNT}:function"
    assert target_arn(parse_durable_target("pay"), *loc) == f"{fn}:pay"
    assert target_arn(parse_durable_target("pay:live"), *loc) == f"{fn}:pay:live"
    assert target_arn(parse_durable_target("pay/order-1"), *loc) == f"{fn}:pay"
    assert target_arn(parse_target(SM), *loc) == SM  # an ARN stays itself


def test_needs_lookup():
    assert parse_target("orders@latest").needs_lookup
    assert parse_target("orders@failed").needs_lookup
    assert parse_durable_target("pay/order-1").needs_lookup
    assert not parse_target("orders/run-1").needs_lookup
    assert not parse_target("orders").needs_lookup


# --- region and partition --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("region", "partition"),
    [
        ("us-east-1", "aws"),
        ("eu-central-2", "aws"),
        ("cn-north-1", "aws-cn"),
        ("cn-northwest-1", "aws-cn"),
        ("us-gov-west-1", "aws-us-gov"),
        ("us-iso-east-1", "aws-iso"),
        ("us-isob-east-1", "aws-iso-b"),
        ("eu-isoe-west-1", "aws-iso-e"),
        ("us-isof-south-1", "aws-iso-f"),
        ("eusc-de-east-1", "aws-eusc"),
    ],
)
def test_partition_of_region(region, partition):
    assert partition_of_region(region) == partition


def test_the_arns_region_wins_with_a_note():
    arn = parse_arn(f"arn:aws:states:us-east-1:{ACCOUNT}:execution:orders:run-1")
    loc = location(arn, "eu-west-1")
    assert (loc.region, loc.partition) == ("us-east-1", "aws")
    assert loc.note is not None
    assert "us-east-1" in loc.note and "eu-west-1" in loc.note
    assert "\n" not in loc.note


def test_no_configured_region_uses_the_arns_without_a_note():
    arn = parse_arn(f"arn:aws-cn:states:cn-north-1:{ACCOUNT}:stateMachine:orders")
    assert location(arn, None) == type(location(arn, None))("cn-north-1", "aws-cn", None)


def test_same_region_no_note():
    arn = parse_arn(SM)
    assert location(arn, "us-east-1").note is None
    assert region_note("us-east-1", "us-east-1") is None
    assert region_note(None, "us-east-1") is None
    assert region_note("", "us-east-1") is None


def test_local_runner_ids_have_no_region_so_the_configured_one_is_used():
    arn = parse_arn("abc/def")
    loc = location(arn, "us-gov-west-1")
    assert (loc.region, loc.partition, loc.note) == ("us-gov-west-1", "aws-us-gov", None)
    assert location(arn, None) == type(loc)(None, None, None)


@pytest.mark.parametrize(
    ("name", "pattern", "expected"),
    [
        ("run-17", "run-*", True),
        ("run-17", "run-?7", True),
        ("run-17", "RUN-*", False),
        ("run-17", "run-[0-9]*", True),
        ("retry-1", "run-*", False),
        ("a/b", "*", True),
    ],
)
def test_name_glob(name, pattern, expected):
    assert matches_glob(name, pattern) is expected
