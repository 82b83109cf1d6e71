"""Commands through the real Typer app against Stubber-validated responses.

Stubber checks every request's parameters and every canned response against the service
model, and `stubbed` fails a test that leaves a queued response unused. A command that sends
a request nobody queued fails too — which is how "no request was sent" is proven.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

import pytest

from tests.fixtures import seed_shaped as s

SM_DESC = {
    "stateMachineArn": s.SM,
    "name": "orders",
    "definition": "{}",
    "roleArn": "arn:aws:iam::123456789012:role/r",
    "type": "STANDARD",
    "creationDate": datetime(2026, 1, 1, tzinfo=UTC),
}


def _describe_calls(stubbed, execution, *, sm_error: str | None = None):
    arn = execution["executionArn"]
    stubbed.stubber.add_response("describe_execution", execution, {"executionArn": arn})
    if sm_error:
        stubbed.stubber.add_client_error("describe_state_machine_for_execution", sm_error)
        stubbed.stubber.add_client_error("describe_state_machine", sm_error)
        return
    stubbed.stubber.add_response(
        "describe_state_machine_for_execution",
        {k: SM_DESC[k] for k in ("stateMachineArn", "name", "definition", "roleArn")}
        | {"updateDate": SM_DESC["creationDate"], "label": "shards"},
        {"executionArn": arn, "includedData": "METADATA_ONLY"},
    )
    stubbed.stubber.add_response(
        "describe_state_machine",
        SM_DESC,
        {"stateMachineArn": execution["stateMachineArn"], "includedData": "METADATA_ONLY"},
    )


# --- describe ---------------------------------------------------------------------------


def test_describe_json_is_exactly_the_api_object(stubbed):
    stubbed.stubber.add_response(
        "describe_execution", s.REDRIVEN_EXECUTION, {"executionArn": s.EXEC}
    )
    result = stubbed.run("describe", s.EXEC, "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == set(s.REDRIVEN_EXECUTION)  # contract: API keys, nothing added
    assert data["redriveDate"] == "2026-11-21T11:02:00+00:00"
    assert data["redriveStatus"] == "REDRIVABLE"
    assert result.stderr == ""


def test_describe_metadata_only_sends_included_data(stubbed):
    stubbed.stubber.add_response(
        "describe_execution",
        {k: v for k, v in s.REDRIVEN_EXECUTION.items() if k != "input"},
        {"executionArn": s.EXEC, "includedData": "METADATA_ONLY"},
    )
    result = stubbed.run("describe", s.EXEC, "--metadata-only", "--json")
    assert result.exit_code == 0, result.stderr


def test_describe_human_shows_everything(stubbed):
    _describe_calls(stubbed, s.REDRIVEN_EXECUTION)
    result = stubbed.run("describe", s.EXEC)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    for expected in (
        "orders (STANDARD)",
        "Map run label",
        "shards",
        "stateMachine:orders:3",
        "stateMachine:orders:prod",
        "Root=1-67891233",
        "REDRIVABLE",
        "redriven 2×",
        "States.ExceedToleratedFailureThreshold",
        "[bold]not markup[/bold]",
    ):
        assert expected in out, expected
    assert f"sfnctl history {s.EXEC}" in result.stderr


def test_describe_without_state_machine_access_still_works(stubbed):
    _describe_calls(stubbed, s.REDRIVEN_EXECUTION, sm_error="AccessDeniedException")
    result = stubbed.run("describe", s.EXEC)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("✖ FAILED  run-42  (execution)\n")
    # the name comes from the ARN; the type and the label needed the calls that were denied
    assert re.search(
        r"^State machine  orders\s*\n\s+arn:\S+:stateMachine:orders\s*$", result.stdout, re.M
    )
    assert "STANDARD" not in result.stdout and "Map run label" not in result.stdout


def test_describe_kms_denied_suggests_metadata_only(stubbed):
    stubbed.stubber.add_client_error(
        "describe_execution", "KmsAccessDeniedException", "no kms:Decrypt", 400
    )
    result = stubbed.run("describe", s.EXEC)
    assert result.exit_code == 4
    assert "KmsAccessDeniedException" in result.stderr
    assert f"sfnctl describe {s.EXEC} --metadata-only" in result.stderr


@pytest.mark.parametrize(
    ("operation", "code", "status", "exit_code"),
    [
        ("describe_execution", "ExecutionDoesNotExist", 400, 3),
        ("describe_execution", "InvalidArn", 400, 6),
        ("describe_execution", "KmsAccessDeniedException", 400, 4),
        ("describe_execution", "KmsInvalidStateException", 400, 6),
        ("describe_execution", "KmsThrottlingException", 400, 5),
        ("describe_execution", "AccessDeniedException", 400, 4),
        ("describe_execution", "UnrecognizedClientException", 400, 4),
        ("describe_execution", "ThrottlingException", 400, 5),
        ("describe_execution", "InternalFailure", 500, 5),
        ("describe_execution", "", 503, 5),
        ("describe_execution", "SomethingNew", 418, 6),
        ("list_executions", "StateMachineDoesNotExist", 400, 3),
        ("get_execution_history", "StateMachineTypeNotSupported", 400, 6),  # list: Express
        ("list_executions", "ValidationException", 400, 6),
        ("list_executions", "InvalidToken", 400, 6),
        ("list_executions", "ResourceNotFound", 400, 3),
        ("get_execution_history", "ExecutionDoesNotExist", 400, 3),
        ("get_execution_history", "InvalidToken", 400, 6),
        ("get_execution_history", "KmsThrottlingException", 400, 5),
        ("describe_map_run", "ResourceNotFound", 400, 3),
        ("describe_map_run", "InvalidArn", 400, 6),
        ("list_map_runs", "ExecutionDoesNotExist", 400, 3),
        ("list_map_runs", "InvalidToken", 400, 6),
    ],
)
def test_every_documented_exception_maps_to_an_exit_code(
    stubbed, operation, code, status, exit_code
):
    argv = {
        "describe_execution": ["describe", s.EXEC, "--json"],
        "list_executions": ["list", s.SM, "--json"],
        "get_execution_history": ["history", s.EXEC, "--json"],
        "describe_map_run": ["maprun", "show", s.MAP_RUN, "--json"],
        "list_map_runs": ["maprun", "list", s.EXEC, "--json"],
    }[operation]
    stubbed.stubber.add_client_error(operation, code, "it went wrong", status)
    result = stubbed.run(*argv)
    assert result.exit_code == exit_code, result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert argv[-2] in result.stderr  # the message names the ARN
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines[0].startswith("error: ")
    assert len(lines) == 2  # one line, plus the next step


def test_invalid_token_says_start_over(stubbed):
    stubbed.stubber.add_client_error("list_executions", "InvalidToken", "expired", 400)
    result = stubbed.run("list", s.SM, "--next-token", "old")
    assert result.exit_code == 6
    assert "without --next-token" in result.stderr


@pytest.mark.parametrize(
    "argv",
    [
        ["describe", "not an arn"],  # a name form can't hold spaces (a name is looked up)
        ["describe", "orders:x:y"],
        ["describe", ""],
        ["describe", s.SM],
        ["history", s.SM],
        ["history", s.MAP_RUN],
        ["list", s.EXEC],
        ["maprun", "show", s.EXEC],
        ["maprun", "list", s.MAP_RUN],
        ["maprun", "update", s.EXEC, "--max-concurrency", "1", "--yes"],
        ["redrive-status", s.SM],
        ["describe", "https://example.com/#/v2/executions/details/" + s.EXEC],
        ["describe", "https://us-east-1.console.aws.amazon.com/states/home#/v2/nothing"],
        ["list", s.SM, "--redrive-filter", "REDRIVEN"],
        ["list", s.SM, "--status", "EXPLODED"],
        ["list", s.SM, "--limit", "0"],
    ],
)
def test_usage_errors_exit_2_before_any_request(stubbed, argv):
    result = stubbed.run(*argv)
    assert result.exit_code == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_console_url_of_a_map_run_dispatches(stubbed):
    stubbed.stubber.add_response("describe_map_run", s.MAP_RUN_DESCRIBED, {"mapRunArn": s.MAP_RUN})
    url = f"https://us-east-1.console.aws.amazon.com/states/home?region=us-east-1#/mapruns/details/{s.MAP_RUN}"
    result = stubbed.run("describe", url, "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["itemCounts"]["pendingRedrive"] == 47


# --- list -------------------------------------------------------------------------------


def test_list_map_run_children(stubbed):
    stubbed.stubber.add_response(
        "list_executions",
        {"executions": s.MAP_RUN_CHILDREN},
        {
            "mapRunArn": s.MAP_RUN,
            "statusFilter": "FAILED",
            "redriveFilter": "NOT_REDRIVEN",
            "maxResults": 50,
        },
    )
    result = stubbed.run(
        "list", s.MAP_RUN, "--status", "failed", "--redrive-filter", "NOT_REDRIVEN"
    )
    assert result.exit_code == 0, result.stderr
    assert "Items" in result.stdout
    assert "child-0008" in result.stdout


def test_list_limit_stops_and_hints_the_resume_token(stubbed):
    stubbed.stubber.add_response(
        "list_executions",
        {"executions": s.MAP_RUN_CHILDREN[:2], "nextToken": "tok-2"},
        {"stateMachineArn": s.SM, "maxResults": 2},
    )
    result = stubbed.run("list", s.SM, "--limit", "2", "--json")
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)) == 2
    assert "--next-token tok-2" in result.stderr
    assert "tok-2" not in result.stdout


def test_list_all_pages_and_resume(stubbed):
    stubbed.stubber.add_response(
        "list_executions",
        {"executions": s.MAP_RUN_CHILDREN[:1], "nextToken": "t2"},
        {"stateMachineArn": s.SM, "maxResults": 1000, "nextToken": "t1"},
    )
    stubbed.stubber.add_response(
        "list_executions",
        {"executions": s.MAP_RUN_CHILDREN[1:]},
        {"stateMachineArn": s.SM, "maxResults": 1000, "nextToken": "t2"},
    )
    result = stubbed.run("list", s.SM, "--all", "--next-token", "t1", "--json")
    assert result.exit_code == 0, result.stderr
    names = [e["name"] for e in json.loads(result.stdout)]
    assert names == ["child-0009", "child-0008", "child-0007"]  # service order kept
    assert result.stderr == ""


# --- history ----------------------------------------------------------------------------


def _event(eid, prev, etype, **details):
    event = {
        "id": eid,
        "previousEventId": prev,
        "type": etype,
        "timestamp": datetime(2026, 11, 21, 10, 0, eid, tzinfo=UTC),
    }
    event.update(details)
    return event


def test_history_pages_with_max_results_and_flags(stubbed):
    page1 = [
        _event(3, 2, "PassStateExited", stateExitedEventDetails={"name": "A"}),
        _event(2, 0, "PassStateEntered", stateEnteredEventDetails={"name": "A"}),
    ]
    page2 = [_event(1, 0, "ExecutionStarted", executionStartedEventDetails={})]
    base = {
        "executionArn": s.EXEC,
        "includeExecutionData": False,
        "reverseOrder": True,
        "maxResults": 1000,
    }
    stubbed.stubber.add_response("get_execution_history", {"events": page1, "nextToken": "n"}, base)
    stubbed.stubber.add_response(
        "get_execution_history", {"events": page2}, base | {"nextToken": "n"}
    )
    result = stubbed.run("history", s.EXEC, "--reverse", "--no-data", "--json")
    assert result.exit_code == 0, result.stderr
    assert [e["id"] for e in json.loads(result.stdout)] == [3, 2, 1]


# --- maprun update ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "options",
    [
        [],
        ["--max-concurrency", "-1"],
        ["--tolerated-count", "-5"],
        ["--tolerated-percentage", "100.5"],
        ["--tolerated-percentage", "-1"],
        ["--max-concurrency", "ten"],
    ],
)
def test_update_validates_before_sending(stubbed, options):
    result = stubbed.run("maprun", "update", s.MAP_RUN, *options, "--yes")
    assert result.exit_code == 2, result.stderr


# UpdateMapRun applies to a running map run only (a finished one is refused before sending).
RUNNING_MAP_RUN = {
    **{k: v for k, v in s.MAP_RUN_DESCRIBED.items() if k != "stopDate"},
    "status": "RUNNING",
}


@pytest.mark.parametrize("status", ["SUCCEEDED", "FAILED", "ABORTED"])
def test_update_of_a_finished_map_run_is_refused_before_sending(stubbed, status):
    finished = {**s.MAP_RUN_DESCRIBED, "status": status}
    stubbed.stubber.add_response("describe_map_run", finished, {"mapRunArn": s.MAP_RUN})
    result = stubbed.run("maprun", "update", s.MAP_RUN, "--max-concurrency", "5", "--yes")
    assert result.exit_code == 2, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and status in lines[0], result.stderr
    stubbed.stubber.assert_no_pending_responses()  # and no UpdateMapRun was stubbed: none sent


@pytest.mark.parametrize("option", ["--max-concurrency", "--tolerated-count"])
def test_update_values_past_32_bits_are_refused_before_any_request(stubbed, option):
    result = stubbed.run("maprun", "update", s.MAP_RUN, option, str(2**31), "--yes")
    assert result.exit_code == 2, result.stderr
    assert str(2**31 - 1) in result.stderr


def test_update_dry_run_sends_nothing(stubbed):
    stubbed.stubber.add_response("describe_map_run", RUNNING_MAP_RUN, {"mapRunArn": s.MAP_RUN})
    result = stubbed.run("maprun", "update", s.MAP_RUN, "--max-concurrency", "5", "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert re.search(r"│ Max concurrency │ +40 │ → │ +5 │", result.stdout), result.stdout
    assert "Dry run" in result.stderr


def test_update_refuses_without_terminal_or_yes(stubbed):
    result = stubbed.run("maprun", "update", s.MAP_RUN, "--max-concurrency", "5")
    assert result.exit_code == 2
    assert "--yes" in result.stderr


def test_update_asks_on_a_terminal(stubbed):
    stubbed.stdin_tty = True
    stubbed.stubber.add_response("describe_map_run", RUNNING_MAP_RUN, {"mapRunArn": s.MAP_RUN})
    stubbed.stubber.add_response(
        "update_map_run",
        {},
        {
            "mapRunArn": s.MAP_RUN,
            "maxConcurrency": 5,
            "toleratedFailurePercentage": 2.5,
            "toleratedFailureCount": 0,
        },
    )
    result = stubbed.run(
        "maprun",
        "update",
        s.MAP_RUN,
        "--max-concurrency",
        "5",
        "--tolerated-percentage",
        "2.5",
        "--tolerated-count",
        "0",
        input="y\n",
    )
    assert result.exit_code == 0, result.stderr
    assert "Updated" in result.stderr


def test_update_declined_sends_nothing(stubbed):
    stubbed.stdin_tty = True
    stubbed.stubber.add_response("describe_map_run", RUNNING_MAP_RUN, {"mapRunArn": s.MAP_RUN})
    result = stubbed.run("maprun", "update", s.MAP_RUN, "--max-concurrency", "5", input="n\n")
    assert result.exit_code == 2
    # one line after the question: the choice, not an error on top of it
    after = result.stderr.split("Apply this change? [y/n] (n):", 1)[1]
    lines = [line.strip() for line in after.splitlines() if line.strip()]
    assert lines == ["Cancelled: nothing was sent."], result.stderr


def test_update_with_no_answer_sends_nothing(stubbed):
    stubbed.stdin_tty = True
    stubbed.stubber.add_response("describe_map_run", RUNNING_MAP_RUN, {"mapRunArn": s.MAP_RUN})
    result = stubbed.run("maprun", "update", s.MAP_RUN, "--max-concurrency", "5", input="")
    assert result.exit_code == 2, result.stderr
    assert "Cancelled: nothing was sent." in result.stderr
    assert "error" not in result.stderr


def test_update_json_result(stubbed):
    stubbed.stubber.add_response("describe_map_run", RUNNING_MAP_RUN, {"mapRunArn": s.MAP_RUN})
    stubbed.stubber.add_response(
        "update_map_run", {}, {"mapRunArn": s.MAP_RUN, "toleratedFailureCount": 3}
    )
    result = stubbed.run("maprun", "update", s.MAP_RUN, "--tolerated-count", "3", "--yes", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data == {
        "mapRunArn": s.MAP_RUN,
        "current": {"toleratedFailureCount": 10},
        "new": {"toleratedFailureCount": 3},
        "dryRun": False,
        "updated": True,
    }


# --- redrive-status ---------------------------------------------------------------------


def test_redrive_status_of_a_map_run_child_names_the_parent(stubbed):
    stubbed.stubber.add_response(
        "describe_execution",
        s.CHILD_EXECUTION,
        {"executionArn": s.CHILD, "includedData": "METADATA_ONLY"},
    )
    stubbed.stubber.add_response("describe_map_run", s.MAP_RUN_DESCRIBED, {"mapRunArn": s.MAP_RUN})
    result = stubbed.run("redrive-status", s.CHILD, "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {
        "executionArn",
        "stateMachineArn",
        "name",
        "status",
        "mapRunArn",
        "redriveCount",
        "redriveStatus",
        "parentExecutionArn",
        "explanation",
    }
    assert data["parentExecutionArn"] == s.EXEC
    assert s.EXEC in data["explanation"]["action"]


def test_redrive_status_event_limit_means_start_new(stubbed):
    stubbed.stubber.add_response(
        "describe_execution",
        s.NOT_REDRIVABLE_EXECUTION,
        {"executionArn": s.EXEC, "includedData": "METADATA_ONLY"},
    )
    result = stubbed.run("redrive-status", s.EXEC)
    assert result.exit_code == 0, result.stderr
    assert "never be redriven" in result.stdout
    assert "start-execution" in result.stdout


def test_redrive_status_of_a_map_run(stubbed):
    stubbed.stubber.add_response("describe_map_run", s.MAP_RUN_DESCRIBED, {"mapRunArn": s.MAP_RUN})
    stubbed.stubber.add_response(
        "describe_execution",
        s.REDRIVEN_EXECUTION,
        {"executionArn": s.EXEC, "includedData": "METADATA_ONLY"},
    )
    result = stubbed.run("redrive-status", s.MAP_RUN, "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["itemCounts"]["pendingRedrive"] == 47
    assert data["parentExecution"]["status"] == "FAILED"
    assert data["parentExecution"]["redriveStatus"] == "REDRIVABLE"
    assert f"sfnctl redrive {s.EXEC}" in data["explanation"]["action"]


@pytest.mark.parametrize(
    ("status", "code"),
    [
        ("SUCCEEDED", 0),
        ("FAILED", 10),
        ("TIMED_OUT", 11),
        ("ABORTED", 12),
        ("RUNNING", 20),
        ("PENDING_REDRIVE", 21),
    ],
)
def test_exit_status_reflects_the_outcome_with_json(stubbed, status, code):
    stubbed.stubber.add_response(
        "describe_execution", {**s.REDRIVEN_EXECUTION, "status": status}, {"executionArn": s.EXEC}
    )
    result = stubbed.run("describe", s.EXEC, "--json", "--exit-status")
    assert result.exit_code == code
    assert json.loads(result.stdout)["status"] == status  # printed first, then the exit code


def test_without_exit_status_a_failed_execution_exits_0(stubbed):
    stubbed.stubber.add_response(
        "describe_execution", s.REDRIVEN_EXECUTION, {"executionArn": s.EXEC}
    )
    assert stubbed.run("describe", s.EXEC, "--json").exit_code == 0
