"""--help and --version never import boto3/botocore (they cost ~150 ms)."""

import subprocess
import sys

import pytest

pytestmark = pytest.mark.e2e  # every test here starts interpreters

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
        [sys.executable, "-c", PROBE, "describe", "not an arn"],  # a name has no spaces
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


def _env_without_rendering_settings() -> dict[str, str]:
    import os

    from sfnctl.entry import _RENDERING_ENV

    return {k: v for k, v in os.environ.items() if k not in _RENDERING_ENV}


@pytest.mark.parametrize("argv", [["--help"], ["--version"], ["durable", "history", "--help"]])
def test_version_and_piped_help_import_neither_typer_nor_rich(argv):
    probe = PROBE.replace("('boto3', 'botocore')", "('boto3', 'botocore', 'typer', 'rich')")
    result = subprocess.run(
        [sys.executable, "-c", probe, *argv],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        env=_env_without_rendering_settings(),
    )
    assert "HEAVY []" in result.stderr, result.stderr[-500:]
    assert result.stdout.strip()


def test_pre_rendered_help_is_current():
    """sfnctl/help.json is byte-identical to what Typer renders for every command today."""
    result = subprocess.run(
        [sys.executable, "-m", "tools.helptext", "--check"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("launch", [["-m", "sfnctl"], ["-c", "PROGRAM"]])
@pytest.mark.parametrize("path", [[], ["describe"], ["durable", "list"], ["maprun", "update"]])
def test_pre_rendered_help_equals_typers_at_run_time(launch, path):
    from tools.helptext import _AS_SCRIPT

    launch = [_AS_SCRIPT if part == "PROGRAM" else part for part in launch]
    env = _env_without_rendering_settings()

    def run(extra: dict[str, str]) -> str:
        result = subprocess.run(
            [sys.executable, *launch, *path, "--help"],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=60,
            env={**env, **extra},
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    assert run({}) == run({"SFNCTL_NO_HELP_CACHE": "1"})
