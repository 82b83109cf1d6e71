"""Benchmark: start-up and one API call — sfnctl vs the AWS CLI vs a bare boto3 script. One command:

    python -m benchmarks.startup [--runs 21]

Starts the local emulator (moto, as `sfnctl demo` does), runs one real execution, then measures
the wall time (median of --runs, the commands interleaved so machine noise hits all alike) of:

- sfnctl describe ARN --json
- aws stepfunctions describe-execution --execution-arn ARN
- python -c "<boto3: client + describe_execution + print JSON>"   (the floor: the same call)
- sfnctl --help          (piped: the pre-rendered help)
- sfnctl --help          (SFNCTL_NO_HELP_CACHE: rendered by Typer and rich every time)
- sfnctl --help          (on a 120-column terminal, COLUMNS=100, NO_COLOR: rendered once by
                          Typer and rich, then replayed from the cache — the warm-up run fills it)
- aws --version
- sfnctl __complete bash describe arn:   (what one TAB runs; ARNs from a filled cache)

Targets (issues 6, 17): describe ≤ 0.7× the AWS CLI and within ~10% of bare boto3; --help ≤
0.3× `aws --version` piped, on a terminal and with COLUMNS/NO_COLOR set.
Needs awscli (`pip install awscli`) for its rows.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from sfnctl import arncache
from sfnctl.aws.api import AwsApi
from sfnctl.aws.config import AwsConfig
from sfnctl.demo.moto_server import MotoServer
from sfnctl.demo.scenarios import SCENARIOS, run_scenarios
from sfnctl.entry import _RENDERING_ENV

BARE_BOTO3 = """\
import json, sys
import boto3
client = boto3.client("stepfunctions")
response = client.describe_execution(executionArn=sys.argv[1])
response.pop("ResponseMetadata", None)
print(json.dumps(response, default=str, indent=2))
"""


TERMINAL = "SFNCTL_BENCH_TERMINAL"  # in a case's env: stdout is a 120-column pseudo-terminal


def wall(argv: list[str], env: dict[str, str]) -> float:
    on_terminal = TERMINAL in env
    env = {k: v for k, v in env.items() if k != TERMINAL}
    primary = secondary = -1
    stdout: int = subprocess.DEVNULL
    if on_terminal:
        import fcntl
        import struct
        import termios

        primary, secondary = os.openpty()
        fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        stdout = secondary
    start = time.perf_counter()
    try:
        result = subprocess.run(
            argv, stdin=subprocess.DEVNULL, stdout=stdout, stderr=subprocess.PIPE, env=env
        )
        took = time.perf_counter() - start
    finally:
        for fd in (secondary, primary):
            if fd >= 0:
                os.close(fd)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(argv[:4])}… failed: {result.stderr.decode()[-300:]}")
    return took


def sfnctl_command() -> list[str]:
    """The console script next to this interpreter (how people run it), else `python -m`."""
    script = os.path.join(os.path.dirname(sys.executable), "sfnctl")
    return [script] if os.path.exists(script) else [sys.executable, "-m", "sfnctl"]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    with MotoServer() as server:
        api = AwsApi.for_local_emulator(AwsConfig(endpoint_url=server.url))
        one = tuple(s for s in SCENARIOS if s.name == "order-pipeline")
        arn = run_scenarios(api, one)["order-pipeline"]["executionArn"]
        env = {k: v for k, v in os.environ.items() if k not in _RENDERING_ENV}
        env.pop("AWS_PROFILE", None)
        env.update(
            AWS_ENDPOINT_URL=server.url,
            AWS_DEFAULT_REGION="us-east-1",
            AWS_ACCESS_KEY_ID="testing",
            AWS_SECRET_ACCESS_KEY="testing",
        )
        sfnctl = sfnctl_command()
        cache = tempfile.mkdtemp(prefix="sfnctl-bench-")
        os.environ["XDG_CACHE_HOME"] = cache
        arncache.remember(
            [f"arn:aws:states:us-east-1:123456789012:execution:sm:run-{i}" for i in range(500)]
        )
        aws = shutil.which("aws")
        cases: dict[str, tuple[list[str], dict[str, str]]] = {
            "sfnctl describe ARN --json": ([*sfnctl, "describe", arn, "--json"], env),
            "bare boto3 script (same call)": ([sys.executable, "-c", BARE_BOTO3, arn], env),
            "sfnctl --help (piped)": ([*sfnctl, "--help"], env),
            "sfnctl --help (Typer/rich, uncached)": (
                [*sfnctl, "--help"],
                {**env, "COLUMNS": "100", "SFNCTL_NO_HELP_CACHE": "1"},
            ),
            "sfnctl --help (terminal, 120 columns)": (
                [*sfnctl, "--help"],
                {**env, TERMINAL: "1", "TERM": "xterm-256color"},
            ),
            "sfnctl --help (COLUMNS=100)": ([*sfnctl, "--help"], {**env, "COLUMNS": "100"}),
            "sfnctl --help (NO_COLOR=1, terminal)": (
                [*sfnctl, "--help"],
                {**env, TERMINAL: "1", "TERM": "xterm-256color", "NO_COLOR": "1"},
            ),
            "TAB: sfnctl __complete bash describe arn:": (
                [*sfnctl, "__complete", "bash", "describe", "arn:"],
                {**env, "XDG_CACHE_HOME": cache},
            ),
        }
        if aws:
            cases["aws stepfunctions describe-execution"] = (
                [aws, "stepfunctions", "describe-execution", "--execution-arn", arn],
                env,
            )
            cases["aws --version"] = ([aws, "--version"], env)
        for argv, case_env in cases.values():  # warm the file cache
            wall(argv, case_env)
        samples: dict[str, list[float]] = {name: [] for name in cases}
        for _ in range(args.runs):
            for name, (argv, case_env) in cases.items():
                samples[name].append(wall(argv, case_env))
    median = {name: statistics.median(values) for name, values in samples.items()}
    print(f"median of {args.runs} runs, commands interleaved; {os.cpu_count()} CPUs\n")
    print(f"{'command':45} {'wall ms':>8}")
    for name, value in median.items():
        print(f"{name:45} {value * 1000:8.0f}")
    ours, floor = median["sfnctl describe ARN --json"], median["bare boto3 script (same call)"]
    print(f"\ndescribe --json / bare boto3: {ours / floor:.2f}×")
    if aws:
        print(
            f"describe --json / aws describe-execution: "
            f"{ours / median['aws stepfunctions describe-execution']:.2f}×  (target ≤ 0.7)"
        )
        for name in median:
            if name.startswith("sfnctl --help"):
                print(
                    f"{name} / aws --version: {median[name] / median['aws --version']:.2f}×"
                    + ("" if "uncached" in name else "  (target ≤ 0.3)")
                )


if __name__ == "__main__":
    main()
