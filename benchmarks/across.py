"""Benchmark: `failures` over 1,000 failed executions and `stats --last 200`, against the same
work done with the AWS CLI (one process per execution) and with `sfnctl why` in a loop.

    python -m benchmarks.across [--delay 0.04] [--sample 20]

A loopback server with the service's paging contract (tests/support/history_server.py) serves
executions built by tests/support/fleet.py, `--delay` seconds per request standing in for the
network. Each row runs once. The per-execution loops (AWS CLI, `sfnctl why`) run `--sample`
executions and are extrapolated to the whole set (the extrapolation is printed as such).
Peak memory is the max RSS of the process (wait4). Needs awscli (`pip install awscli`).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time

from benchmarks.history import measure
from tests.support import fleet
from tests.support.history_server import HistoryServer


def _loop(argvs: list[list[str]], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, peak MiB) of running each argv in turn."""
    start = time.perf_counter()
    peak = 0.0
    for argv in argvs:
        peak = max(peak, measure(argv, env)[1])
    return time.perf_counter() - start, peak


def _env(url: str) -> dict[str, str]:
    env = dict(
        os.environ,
        AWS_ENDPOINT_URL=url,
        AWS_REGION="us-east-1",
        AWS_DEFAULT_REGION="us-east-1",
        AWS_ACCESS_KEY_ID="testing",
        AWS_SECRET_ACCESS_KEY="testing",
        COLUMNS="120",
    )
    env.pop("AWS_PROFILE", None)
    return env


def _row(name: str, wall: float, peak: float, note: str = "") -> None:
    print(f"{name:62} {wall:8.2f} {peak:9.0f}  {note}", flush=True)


def failures(args: argparse.Namespace, sfnctl: list[str], aws: str | None) -> None:
    count = 1000
    executions, listings = fleet.fleet(count)
    with HistoryServer(executions, args.delay, listings=listings) as server:
        env = _env(server.url)
        print(f"\nfailures: {count} failed executions · {args.delay * 1000:.0f} ms per request")
        ours, peak = measure([*sfnctl, "failures", fleet.SM, "--since", "30d", "--json"], env)
        _row("sfnctl failures SM --json", ours, peak)
        quarter = measure([*sfnctl, "failures", fleet.SM, "--since", "30d", "--limit", "250"], env)
        _row("sfnctl failures SM --limit 250 (memory check)", *quarter)
        sample = [fleet.execution_arn(i) for i in range(args.sample)]
        if aws:
            listed = measure(
                [aws, "stepfunctions", "list-executions", "--state-machine-arn", fleet.SM,
                 "--status-filter", "FAILED"], env,
            )  # fmt: skip
            wall, peak = _loop(
                [[aws, "stepfunctions", "get-execution-history", "--execution-arn", arn,
                  "--reverse-order", "--no-include-execution-data", "--max-items", "100"]
                 for arn in sample], env,
            )  # fmt: skip
            total = listed[0] + wall / args.sample * count
            _row(
                "AWS CLI: list-executions + get-execution-history × 1000",
                total, max(peak, listed[1]),
                f"extrapolated from {args.sample}: {wall:.1f} s; {ours / total:.3f}×",
            )  # fmt: skip
        wall, peak = _loop([[*sfnctl, "why", arn] for arn in sample], env)
        total = wall / args.sample * count
        _row(
            "sfnctl why ARN × 1000 (a shell loop)", total, peak,
            f"extrapolated from {args.sample}: {wall:.1f} s; {ours / total:.3f}×",
        )  # fmt: skip


def stats(args: argparse.Namespace, sfnctl: list[str], aws: str | None) -> None:
    count = 200
    executions, listings = fleet.fleet(count, failed_only=False, padding=46)
    events = sum(len(e["history"]) for e in executions.values()) / count
    with HistoryServer(executions, args.delay, listings=listings) as server:
        env = _env(server.url)
        print(f"\nstats --last {count}: ~{events:.0f} events each · {args.delay * 1000:.0f} ms")
        ours, peak = measure([*sfnctl, "stats", fleet.SM, "--last", str(count), "--json"], env)
        _row(f"sfnctl stats SM --last {count} --json", ours, peak)
        if aws:
            sample = [fleet.execution_arn(i) for i in range(args.sample)]
            wall, peak = _loop(
                [[aws, "stepfunctions", "get-execution-history", "--execution-arn", arn,
                  "--no-include-execution-data"] for arn in sample], env,
            )  # fmt: skip
            total = wall / args.sample * count
            _row(
                f"AWS CLI: get-execution-history × {count}", total, peak,
                f"extrapolated from {args.sample}: {wall:.1f} s; {ours / total:.3f}×",
            )  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--delay", type=float, default=0.04, help="seconds per request")
    parser.add_argument("--sample", type=int, default=20, help="executions per loop measured")
    args = parser.parse_args()
    sfnctl = [sys.executable, "-m", "sfnctl"]
    aws = shutil.which("aws")
    if aws is None:
        print("aws not found (pip install awscli): AWS CLI rows skipped")
    print(f"{'command':62} {'wall s':>8} {'peak MiB':>9}")
    failures(args, sfnctl, aws)
    stats(args, sfnctl, aws)


if __name__ == "__main__":
    main()
