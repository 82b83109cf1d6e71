import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sfnctl.errors import Exit, SfnctlError
from sfnctl.model.arns import Kind, parse_arn, resolve, state_machine_of

P = "arn:aws:states:us-east-1:123456789012:"


@pytest.mark.parametrize(
    ("text", "kind", "owner", "name", "qualifier"),
    [
        (P + "stateMachine:orders", Kind.STATE_MACHINE, "orders", "", ""),
        (P + "stateMachine:orders:12", Kind.STATE_MACHINE_VERSION, "orders", "", "12"),
        (P + "stateMachine:orders:prod", Kind.STATE_MACHINE_ALIAS, "orders", "", "prod"),
        (P + "execution:orders:run-1", Kind.EXECUTION, "orders", "run-1", ""),
        (P + "execution:orders/shards:c-1", Kind.EXECUTION, "orders/shards", "c-1", ""),
        (P + "express:orders:run-1:abc", Kind.EXPRESS_EXECUTION, "orders", "run-1", "abc"),
        (P + "mapRun:orders/shards:uuid-1", Kind.MAP_RUN, "orders/shards", "uuid-1", ""),
        (P + "activity:work", Kind.ACTIVITY, "", "work", ""),
        ("arn:aws-cn:states:cn-north-1:123456789012:execution:a:b", Kind.EXECUTION, "a", "b", ""),
        (
            "arn:aws-us-gov:states:us-gov-west-1:123456789012:execution:a:b",
            Kind.EXECUTION,
            "a",
            "b",
            "",
        ),
        (
            "arn:aws:lambda:us-east-1:123456789012:function:fn:$LATEST/durable-execution/n-1/id-2",
            Kind.DURABLE_EXECUTION,
            "fn",
            "n-1",
            "$LATEST",
        ),
        (
            "arn:aws:lambda:us-east-1:123456789012:function:fn:7/durable-execution/n/i",
            Kind.DURABLE_EXECUTION,
            "fn",
            "n",
            "7",
        ),
        ("arn:aws:lambda:us-east-1:123456789012:function:fn", Kind.LAMBDA_FUNCTION, "fn", "", ""),
    ],
)
def test_classifies(text, kind, owner, name, qualifier):
    arn = parse_arn(text)
    assert (arn.kind, arn.owner, arn.name, arn.qualifier) == (kind, owner, name, qualifier)


def test_label_and_state_machine_of():
    child = parse_arn(P + "execution:orders/shards:c-1")
    assert child.label == "shards"
    assert state_machine_of(child) == P + "stateMachine:orders/shards"


@pytest.mark.parametrize(
    "url",
    [
        "https://us-east-1.console.aws.amazon.com/states/home?region=us-east-1#/v2/executions/details/"
        + P
        + "execution:orders:run-1",
        "https://console.aws.amazon.com/states/home#/executions/details/"
        + (P + "execution:orders:run-1").replace(":", "%3A"),
    ],
)
def test_console_urls(url):
    assert resolve(url).text == P + "execution:orders:run-1"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "arn:aws:states:us-east-1:123:execution:a:b",
        P + "execution:a",
        P + "execution::b",
        P + "stateMachine:",
        P + "bogus:x",
        P + "execution:a b:c",
        "arn:aws:s3:::bucket",
        "https://evil.example.com/" + P + "execution:a:b",
        "https://console.aws.amazon.com/states/home#/nothing-here",
        "x" * 10_000,
        "arn:\n",
    ],
)
def test_rejects_with_usage_error(text):
    with pytest.raises(SfnctlError) as info:
        resolve(text)
    assert info.value.code is Exit.USAGE
    assert "\n" not in info.value.message


@settings(max_examples=500, deadline=None)
@given(st.text())
def test_arbitrary_strings_only_ever_raise_usage_errors(text):
    try:
        resolve(text)
    except SfnctlError as error:
        assert error.code is Exit.USAGE


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["execution:a:b", "stateMachine:a", "mapRun:a/b:c", "express:a:b:c"]),
    st.integers(min_value=0, max_value=60),
)
def test_truncated_arns_never_crash(suffix, cut):
    text = (P + suffix)[:cut]
    try:
        resolve(text)
    except SfnctlError as error:
        assert error.code is Exit.USAGE
