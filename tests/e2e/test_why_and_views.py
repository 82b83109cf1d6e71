"""`why` and offline rendering against real emulator executions. (Every view of every recorded
emulator history is covered by the renderer snapshots, tests/render/test_snapshots.py.)"""

from __future__ import annotations

import json
import re

import pytest

from tests.support.cli import sfnctl

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize(
    ("scenario", "root", "code"),
    [
        ("fetch-report", "FetchReport", 10),
        ("nested-failure", "Download", 10),
        ("bad-path", "Pick", 10),
        ("slow-timeout", "TooSlow", 11),
        ("manual-abort", "AwaitApproval", 12),
        ("order-pipeline", None, 0),
    ],
)
def test_why_on_real_executions(emulator, scenario, root, code):
    arn = emulator.arn(scenario)
    result = sfnctl("why", arn, "--json", "--exit-status", endpoint=emulator.url)
    assert result.returncode == code, result.stderr
    data = json.loads(result.stdout)
    assert data["executionArn"] == arn
    assert data["status"] == emulator.executions[scenario]["status"]
    assert (data["rootCause"] or {}).get("state") == root


def test_saved_history_renders_offline_like_online(emulator, tmp_path):
    arn = emulator.arn("nested-failure")
    saved = tmp_path / "history.json"
    saved.write_text(sfnctl("history", arn, "--json", endpoint=emulator.url).stdout)
    online = json.loads(sfnctl("why", arn, "--json", endpoint=emulator.url).stdout)
    # no endpoint, no credentials: nothing may reach the network
    offline = sfnctl(
        "why",
        arn,
        "--from-file",
        str(saved),
        "--json",
        env={"AWS_ACCESS_KEY_ID": None, "AWS_SECRET_ACCESS_KEY": None, "AWS_ENDPOINT_URL": None},
    )
    assert offline.returncode == 0, offline.stderr
    assert json.loads(offline.stdout) == online


def test_describe_of_a_nested_failure_shows_the_root_cause(emulator):
    arn = emulator.arn("nested-failure")
    result = sfnctl("describe", arn, endpoint=emulator.url, env={"COLUMNS": "120"})
    assert result.returncode == 0, result.stderr
    assert "Root cause" in result.stdout
    # Parallel branches are numbered in the order they start, and the emulator starts them
    # concurrently: the Map branch is 1 or 2 from run to run.
    assert re.search(r"Enrich › branch [12] › Files › iteration 1 › Download", result.stdout)
    assert "sfnctl why" in result.stderr
