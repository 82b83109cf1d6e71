"""The seed-shaped fixtures are valid API responses (botocore's Stubber checks the model)."""

import boto3
import pytest
from botocore.stub import Stubber

from tests.fixtures import seed_shaped as s


@pytest.mark.parametrize(
    ("operation", "response"),
    [
        ("describe_execution", s.REDRIVEN_EXECUTION),
        ("describe_execution", s.NOT_REDRIVABLE_EXECUTION),
        ("describe_execution", s.CHILD_EXECUTION),
        ("describe_map_run", s.MAP_RUN_DESCRIBED),
        ("list_executions", {"executions": s.MAP_RUN_CHILDREN}),
    ],
)
def test_fixture_matches_service_model(operation, response):
    client = boto3.client("stepfunctions", region_name="us-east-1")
    with Stubber(client) as stubber:
        stubber.add_response(operation, response)  # raises on any shape mismatch


def test_stubber_rejects_a_wrong_shape():
    client = boto3.client("stepfunctions", region_name="us-east-1")
    with Stubber(client) as stubber, pytest.raises(Exception, match="redriveCount"):
        stubber.add_response("describe_map_run", {**s.MAP_RUN_DESCRIBED, "redriveCount": "two"})
