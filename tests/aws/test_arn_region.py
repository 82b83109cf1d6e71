"""The ARN's own region (and so its partition's endpoints) decides where requests go."""

from __future__ import annotations

import pytest

from sfnctl.aws.config import AwsConfig
from sfnctl.aws.session import configured_region
from sfnctl.commands.targets import resolve
from sfnctl.context import Context
from sfnctl.model.arns import EXECUTION_KINDS
from tests.support.rendering import plain_console

CASES = [
    (
        "arn:aws:states:eu-west-2:123456789012:execution:orders:o-1",
        "https://states.eu-west-2.amazonaws.com",
    ),
    (
        "arn:aws-cn:states:cn-north-1:123456789012:execution:orders:o-1",
        "https://states.cn-north-1.amazonaws.com.cn",
    ),
]


@pytest.mark.parametrize(("arn", "endpoint"), CASES)
def test_no_region_configured_uses_the_arns(monkeypatch, arn: str, endpoint: str) -> None:
    monkeypatch.delenv("AWS_DEFAULT_REGION")
    ctx = Context(console_err=plain_console())
    assert configured_region(ctx.options.aws_config()) is None
    resolve(ctx, arn, accepts=EXECUTION_KINDS, command="describe")
    client = ctx.api.sfn
    assert (client.meta.region_name, client.meta.endpoint_url) == (arn.split(":")[3], endpoint)
    assert ctx.err.export_text() == ""  # nothing to note: no region was configured


def test_a_configured_region_that_differs_gives_way_with_a_note() -> None:
    ctx = Context(console_err=plain_console())
    assert ctx.api.sfn.meta.region_name == "us-east-1"  # built before the ARN was seen
    resolve(ctx, CASES[1][0], accepts=EXECUTION_KINDS, command="why")
    assert ctx.api.sfn.meta.endpoint_url == CASES[1][1]  # the API was built anew
    assert ctx.err.export_text() == (
        "note: using region cn-north-1 from the ARN (the configured region is us-east-1)\n"
    )


def test_an_endpoint_url_still_applies(monkeypatch) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
    ctx = Context(console_err=plain_console())
    resolve(ctx, CASES[1][0], accepts=EXECUTION_KINDS, command="describe")
    assert ctx.api.sfn.meta.region_name == "cn-north-1"
    assert ctx.api.sfn.meta.endpoint_url == "http://127.0.0.1:9"


def test_the_profiles_region_counts_as_configured(monkeypatch, tmp_path) -> None:
    monkeypatch.delenv("AWS_DEFAULT_REGION")
    config = tmp_path / "aws-config"
    config.write_text("[profile ops]\nregion = ap-south-1\n")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    assert configured_region(AwsConfig(profile="ops")) == "ap-south-1"
    monkeypatch.setenv("AWS_REGION", "eu-north-1")  # as the AWS CLI v2: AWS_REGION first
    assert configured_region(AwsConfig(profile="ops")) == "eu-north-1"
    assert configured_region(AwsConfig(region="us-west-2")) == "us-west-2"
