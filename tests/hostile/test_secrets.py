"""D21: `--debug` never prints a secret, including credentials botocore refreshed mid-command."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from tests.hostile.conftest import sfnctl
from tests.support.hostile_server import SM, T0, HostileServer, paged

pytestmark = pytest.mark.e2e

# A credential_process that hands out fresh, unique credentials on every call, expiring in five
# minutes: inside botocore's mandatory refresh window, so every request refreshes them.
PROCESS = """
import datetime, json, pathlib, secrets, sys
log = pathlib.Path(sys.argv[1])
secret, token = "SECRET" + secrets.token_hex(16), "TOKEN" + secrets.token_hex(24)
with log.open("a") as handle:
    handle.write(secret + " " + token + "\\n")
expires = datetime.datetime.now(datetime.UTC) + datetime.timedelta(minutes=5)
print(json.dumps({"Version": 1, "AccessKeyId": "AKIDREFRESHED", "SecretAccessKey": secret,
                  "SessionToken": token, "Expiration": expires.isoformat()}))
"""


def test_d21_debug_redacts_refreshed_session_tokens(server: HostileServer, tmp_path: Path) -> None:
    script, issued = tmp_path / "creds.py", tmp_path / "issued.txt"
    script.write_text(PROCESS)
    Path(os.environ["AWS_CONFIG_FILE"]).write_text(
        f"[profile refreshing]\ncredential_process = {sys.executable} {script} {issued}\n"
        "region = us-east-1\n"
    )
    items = [
        {
            "executionArn": f"arn:aws:states:us-east-1:123456789012:execution:hostile:r{i}",
            "stateMachineArn": SM,
            "name": f"r{i}",
            "status": "SUCCEEDED",
            "startDate": T0 - i,
        }
        for i in range(30)
    ]
    server.on("ListExecutions", paged(items, "executions", size=10))
    env: dict[str, str | None] = {"AWS_ACCESS_KEY_ID": None, "AWS_SECRET_ACCESS_KEY": None}
    run = sfnctl(
        server,
        "--debug",
        "--profile",
        "refreshing",
        "list",
        SM,
        "--all",
        "--json",
        "--limit",
        "10",
        env=env,
    )
    assert run.code == 0, run
    assert len(json.loads(run.out)) == 30
    handed_out = [line.split() for line in issued.read_text().splitlines()]
    assert len(handed_out) >= 2, "botocore never refreshed: the test proves nothing"
    assert "X-Amz-Security-Token" in run.stderr or "x-amz-security-token" in run.stderr, run
    for secret, token in handed_out:
        assert secret not in run.stderr, "a refreshed secret key in the debug log"
        assert token not in run.stderr, "a refreshed session token in the debug log"
