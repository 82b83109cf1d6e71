"""End to end: the real `sfnctl` against a real moto server; --json held equal to boto3."""

from __future__ import annotations

import json

import pytest

from sfnctl.output import jsonable
from tests.support.cli import sfnctl

pytestmark = pytest.mark.e2e
SM = "arn:aws:states:us-east-1:123456789012:stateMachine:"


def _boto(value):
    return json.loads(json.dumps(jsonable(value)))


@pytest.mark.parametrize(
    "scenario",
    [
        "order-pipeline",
        "fetch-report",
        "slow-timeout",
        "manual-abort",
        "bad-path",
        "distributed-map",
    ],
)
def test_describe_json_equals_boto3(emulator, scenario):
    arn = emulator.arn(scenario)
    result = sfnctl("describe", arn, "--json", endpoint=emulator.url)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert json.loads(result.stdout) == _boto(
        emulator.client().describe_execution(executionArn=arn)
    )


def test_describe_expected_statuses(emulator):
    statuses = {name: e["status"] for name, e in emulator.executions.items()}
    assert statuses == {
        "order-pipeline": "SUCCEEDED",
        "fetch-report": "FAILED",
        "nested-failure": "FAILED",
        "fan-out": "SUCCEEDED",
        "inline-map": "SUCCEEDED",
        "distributed-map": "SUCCEEDED",
        "bad-path": "FAILED",
        "slow-timeout": "TIMED_OUT",
        "manual-abort": "ABORTED",
    }


def test_history_json_equals_boto3(emulator):
    arn = emulator.arn("fetch-report")
    result = sfnctl("history", arn, "--json", endpoint=emulator.url)
    assert result.returncode == 0, result.stderr
    events = emulator.client().get_execution_history(executionArn=arn, maxResults=1000)["events"]
    assert json.loads(result.stdout) == _boto(events)


def test_list_json_equals_boto3(emulator):
    result = sfnctl("list", SM + "fetch-report", "--json", endpoint=emulator.url)
    assert result.returncode == 0, result.stderr
    expected = emulator.client().list_executions(stateMachineArn=SM + "fetch-report")
    assert json.loads(result.stdout) == _boto(expected["executions"])


def test_list_empty_status_filter_is_empty_array(emulator):
    result = sfnctl(
        "list", SM + "order-pipeline", "--status", "FAILED", "--json", endpoint=emulator.url
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []


def test_maprun_list_and_show_equal_boto3(emulator):
    parent = emulator.arn("distributed-map")
    client = emulator.client()
    listed = sfnctl("maprun", "list", parent, "--json", endpoint=emulator.url)
    assert listed.returncode == 0, listed.stderr
    runs = json.loads(listed.stdout)
    assert runs == _boto(client.list_map_runs(executionArn=parent)["mapRuns"])
    map_run_arn = runs[0]["mapRunArn"]
    shown = sfnctl("maprun", "show", map_run_arn, "--json", endpoint=emulator.url)
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout) == _boto(client.describe_map_run(mapRunArn=map_run_arn))
    # describe dispatches a Map Run ARN to the map-run view
    dispatched = sfnctl("describe", map_run_arn, "--json", endpoint=emulator.url)
    assert json.loads(dispatched.stdout) == json.loads(shown.stdout)


def test_human_views(emulator):
    arn = emulator.arn("fetch-report")
    described = sfnctl("describe", arn, endpoint=emulator.url)
    assert described.returncode == 0, described.stderr
    assert "✖ FAILED" in described.stdout
    assert "ReportUnavailable" in described.stdout
    assert "fetch-report (STANDARD)" in described.stdout
    assert f"sfnctl history {arn}" in described.stderr
    history = sfnctl("history", arn, endpoint=emulator.url)
    assert history.returncode == 0, history.stderr
    assert "retry #2" in history.stdout
    assert history.stdout.count("TaskFailed") == 3
    listed = sfnctl("list", SM + "fetch-report", endpoint=emulator.url)
    assert "fetch-report-1" in listed.stdout


def test_global_options_after_the_subcommand(emulator):
    arn = emulator.arn("order-pipeline")
    before = sfnctl(
        "--endpoint-url", emulator.url, "--region", "us-east-1", "describe", arn, "--json"
    )
    after = sfnctl(
        "describe", arn, "--json", "--endpoint-url", emulator.url, "--region", "us-east-1"
    )
    assert before.returncode == after.returncode == 0, before.stderr + after.stderr
    assert before.stdout == after.stdout


def test_console_url_is_accepted(emulator):
    arn = emulator.arn("order-pipeline")
    url = (
        "https://us-east-1.console.aws.amazon.com/states/home?region=us-east-1"
        f"#/v2/executions/details/{arn}"
    )
    result = sfnctl("describe", url, "--json", endpoint=emulator.url)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["executionArn"] == arn


def test_not_found_is_exit_3(emulator):
    result = sfnctl(
        "describe",
        SM.replace("stateMachine", "execution") + "order-pipeline:nope",
        endpoint=emulator.url,
    )
    assert result.returncode == 3
    assert "ExecutionDoesNotExist" in result.stderr
    assert "Traceback" not in result.stderr


def test_wrong_kind_is_exit_2_without_request(emulator):
    result = sfnctl("history", SM + "order-pipeline", endpoint="http://127.0.0.1:9")
    assert result.returncode == 2
    assert "sfnctl list" in result.stderr


def test_connection_refused_is_exit_5():
    from sfnctl.demo.moto_server import free_port

    result = sfnctl(
        "describe",
        "arn:aws:states:us-east-1:123456789012:execution:sm:x",
        endpoint=f"http://127.0.0.1:{free_port()}",
        env={"AWS_MAX_ATTEMPTS": "1"},
    )
    assert result.returncode == 5, result.stderr
    assert "could not reach" in result.stderr


def test_redrive_status_on_emulator(emulator):
    # moto returns no redrive fields: sfnctl says so instead of guessing.
    result = sfnctl("redrive-status", emulator.arn("fetch-report"), "--json", endpoint=emulator.url)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["status"] == "FAILED"
    assert "did not report" in data["explanation"]["meaning"]


def test_maprun_update_on_emulator(emulator):
    client = emulator.client()
    map_run_arn = client.list_map_runs(executionArn=emulator.arn("distributed-map"))["mapRuns"][0][
        "mapRunArn"
    ]
    refused = sfnctl(
        "maprun", "update", map_run_arn, "--max-concurrency", "7", endpoint=emulator.url
    )
    assert refused.returncode == 2
    assert "--yes" in refused.stderr
    assert client.describe_map_run(mapRunArn=map_run_arn)["maxConcurrency"] != 7
    # the emulator's map run has finished: refused before sending, even with --yes (issue 17);
    # a running map run's update is covered against Stubber in tests/commands
    assert client.describe_map_run(mapRunArn=map_run_arn)["status"] == "SUCCEEDED"
    finished = sfnctl(
        "maprun", "update", map_run_arn, "--max-concurrency", "7", "--yes", endpoint=emulator.url
    )
    assert finished.returncode == 2, finished.stderr
    assert finished.stderr.splitlines() == [
        "error: the map run has finished (SUCCEEDED): only a running map run can be updated; "
        "nothing was sent"
    ]
    assert client.describe_map_run(mapRunArn=map_run_arn)["maxConcurrency"] != 7


def test_demo_runs_end_to_end():
    result = sfnctl("demo", timeout=120)
    assert result.returncode == 0, result.stderr
    assert "$ sfnctl describe" in result.stdout
    assert "ReportUnavailable" in result.stdout
    for status in ("SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED"):
        assert status in result.stdout
    # the Lambda durable half, on AWS's local runner
    assert "$ sfnctl durable list payment-failure" in result.stdout
    assert "✖ FAILED  charge-2231  (durable execution)" in result.stdout
    assert "Failed in step charge-card after 3 attempts" in result.stdout
    # why, the main feature, on both failing scenarios: the root cause behind the Fail state
    sections = result.stdout.split("\n$ sfnctl ")
    whys = [s for s in sections if s.startswith("why ")]
    assert len(whys) == 2, [s.splitlines()[0] for s in sections]
    assert whys[0].startswith("why arn:aws:states:us-east-1:123456789012:execution:fetch-report")
    assert "Root cause" in whys[0] and "s3.NoSuchBucketException" in whys[0]
    assert "Root cause" in whys[1] and "charge-card" in whys[1]
    # the runner's skip-time clock is explained, and its future times flagged
    assert "skips waits and retry delays" in result.stdout
    assert "ahead of this clock)" in result.stdout
