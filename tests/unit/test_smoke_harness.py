from datetime import UTC, datetime

EXEC = "arn:aws:states:us-east-1:123456789012:execution:sm:run-1"


def test_describe_through_stubber(stubbed):
    stubbed.stubber.add_response(
        "describe_execution",
        {
            "executionArn": EXEC,
            "stateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:sm",
            "status": "SUCCEEDED",
            "startDate": datetime(2026, 11, 21, 11, 0, tzinfo=UTC),
        },
        {"executionArn": EXEC},
    )
    result = stubbed.run("describe", EXEC, "--json")
    assert result.exit_code == 0, result.stderr
    assert '"status": "SUCCEEDED"' in result.stdout
