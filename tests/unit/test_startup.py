"""--help and --version never import boto3/botocore (they cost ~150 ms)."""

import subprocess
import sys

import pytest

PROBE = (
    "import sys, runpy\n"
    "sys.argv = ['sfnctl', *sys.argv[1:]]\n"
    "try:\n"
    "    runpy.run_module('sfnctl', run_name='__main__')\n"
    "except SystemExit:\n"
    "    pass\n"
    "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('boto3', 'botocore'))\n"
    "print('HEAVY', heavy, file=sys.stderr)\n"
)


@pytest.mark.parametrize(
    "argv", [["--help"], ["--version"], ["describe", "--help"], ["maprun", "update", "--help"]]
)
def test_help_and_version_do_not_import_boto3(argv):
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *argv], capture_output=True, text=True, timeout=60
    )
    assert "HEAVY []" in result.stderr, result.stderr[-500:]


def test_usage_error_does_not_import_boto3():
    result = subprocess.run(
        [sys.executable, "-c", PROBE, "describe", "not-an-arn"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "HEAVY []" in result.stderr
    assert "error:" in result.stderr


def test_version():
    result = subprocess.run(
        [sys.executable, "-m", "sfnctl", "--version"], capture_output=True, text=True, timeout=60
    )
    from sfnctl import __version__

    assert result.stdout.strip() == f"sfnctl {__version__}"
