"""D21: `--debug` redacts secrets by name — header, canonical request, body fields — so
credentials botocore refreshes mid-command (new values) are redacted too."""

from __future__ import annotations

import pytest

from sfnctl.aws.session import redact

TOKEN = "IQoJb3JpZ2luX2VjEHoaCXVzLWVhc3QtMSJHMEUCIQD"
SIGNATURE = "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7"


@pytest.mark.parametrize(
    "line",
    [
        # botocore's "Sending http request" (headers as a dict of bytes)
        f"headers={{'X-Amz-Security-Token': b'{TOKEN}', 'Content-Type': b'x'}}",
        # the canonical request
        f"x-amz-date:20260101T000000Z\nx-amz-security-token:{TOKEN}\nx-amz-target:X",
        # the Authorization header
        f"'Authorization': b'AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/states/"
        f"aws4_request, SignedHeaders=host;x-amz-date, Signature={SIGNATURE}'",
        # a presigned URL
        f"https://x/?X-Amz-Signature={SIGNATURE}&X-Amz-Security-Token={TOKEN}",
        # JSON bodies (credential_process, SSO, STS) and dict reprs
        f'{{"AccessKeyId": "AKID", "SecretAccessKey": "{TOKEN}", "SessionToken": "{TOKEN}"}}',
        f"{{'accessToken': '{TOKEN}', 'password': '{TOKEN}'}}",
        f'{{"secret": "{TOKEN}\\"{TOKEN}"}}',
    ],
)
def test_secrets_are_redacted_by_name(line: str) -> None:
    redacted = redact(line)
    assert TOKEN not in redacted and SIGNATURE not in redacted, redacted
    assert "****" in redacted


def test_what_is_not_a_secret_stays() -> None:
    line = '{"nextToken": "page-2", "name": "run", "executionArn": "arn:x", "AccessKeyId": "AKID"}'
    assert redact(line) == line
