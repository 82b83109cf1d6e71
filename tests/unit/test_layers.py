"""The layers hold at run time too: JSON paths load no rich, and a command module never reaches
into another module's private names (import-linter checks the module-level contracts)."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

SFNCTL = Path(__file__).resolve().parents[2] / "sfnctl"

# Runs a command in a fresh interpreter with a Stubber-backed context; prints loaded modules.
PROBE = """
import io, json, sys
import boto3
from botocore.stub import Stubber
from typer.testing import CliRunner
from sfnctl.app import app
from sfnctl.aws.api import AwsApi
from sfnctl.context import Context

client = boto3.client("stepfunctions", region_name="us-east-1",
                      aws_access_key_id="x", aws_secret_access_key="x")
stubber = Stubber(client)
for method, response in json.loads(sys.argv[1]):
    stubber.add_response(method, response)
stubber.activate()
out = io.StringIO()
def api(config, seen):
    return AwsApi(lambda s: client, workers=1, on_confirmed=seen)
ctx = Context(api_factory=api, stdout_write=out.write)
before = set(sys.modules)
result = CliRunner().invoke(app, sys.argv[2:], obj=ctx)
assert result.exit_code == 0, (result.output, result.exception)
stubber.assert_no_pending_responses()
loaded = sorted(m for m in set(sys.modules) - before if m.split(".")[0] == "rich")
print(json.dumps({"stdout": out.getvalue(), "rich": loaded}))
"""

EXEC = "arn:aws:states:us-east-1:123456789012:execution:orders:run-1"
SM = "arn:aws:states:us-east-1:123456789012:stateMachine:orders"
ROLE = "arn:aws:iam::123456789012:role/r"
START = {"id": 1, "type": "ExecutionStarted", "timestamp": 1_700_000_000,
         "executionStartedEventDetails": {"roleArn": ROLE}}  # fmt: skip
FAIL = {"id": 2, "previousEventId": 1, "type": "ExecutionFailed", "timestamp": 1_700_000_001,
        "executionFailedEventDetails": {"error": "Boom", "cause": "x"}}  # fmt: skip
LISTED = {"executionArn": EXEC, "stateMachineArn": SM, "name": "run-1", "status": "FAILED",
          "startDate": 1_700_000_000}  # fmt: skip


@pytest.mark.e2e
@pytest.mark.parametrize(
    ("argv", "responses"),
    [
        (["list", SM, "--json"], [("list_executions", {"executions": [LISTED]})]),
        (["history", EXEC, "--json"], [("get_execution_history", {"events": [START, FAIL]})]),
        (["why", EXEC, "--json"], [("get_execution_history", {"events": [FAIL, START]})]),
    ],
    ids=["list", "history", "why"],
)
def test_json_paths_load_no_rich(argv, responses):
    """design.md: --json output never goes through rich, so it never pays for importing it."""
    result = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(responses), *argv],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.splitlines()[-1])
    assert json.loads(report["stdout"])  # the command did print its JSON
    assert report["rich"] == []


def _private_imports(source: str, module: str) -> list[str]:
    """`from sfnctl.X import _name` in `module`'s source, X being another module."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.ImportFrom) or not (node.module or "").startswith("sfnctl"):
            continue
        if node.module == module:
            continue
        found += [f"{node.module}.{a.name}" for a in node.names if _private(a.name)]
    return found


def _private(name: str) -> bool:
    return name.startswith("_") and not name.endswith("__")


def test_no_module_imports_another_modules_private_names():
    offenders = {
        str(path.relative_to(SFNCTL)): names
        for path in sorted(SFNCTL.rglob("*.py"))
        if (names := _private_imports(path.read_text(encoding="utf-8"), _module(path)))
    }
    assert offenders == {}


def _module(path: Path) -> str:
    return ".".join(path.relative_to(SFNCTL.parent).with_suffix("").parts)


def test_private_import_check_can_fail():
    source = "from sfnctl.commands.history import _watch, run\nfrom sfnctl import __version__\n"
    assert _private_imports(source, "sfnctl.commands.why") == ["sfnctl.commands.history._watch"]
    assert _private_imports(source, "sfnctl.commands.history") == []
