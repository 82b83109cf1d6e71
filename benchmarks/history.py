"""Benchmark: a 25,000-event history, sfnctl vs the AWS CLI. One command:

    python -m benchmarks.history [--delay 0.04] [--runs 3]

Serves the recorded history (benchmarks/data/counting-loop-25k.json.gz, 24,968 events recorded
from moto: a Choice/Pass counting loop of 6,240 iterations) from a loopback server with the
service's paging contract and a per-request delay standing in for the network, then measures
wall time (median of --runs) and peak memory (max RSS of the process, from wait4) of:

- aws stepfunctions get-execution-history  (default paging: 100 per request)
- aws stepfunctions get-execution-history --page-size 1000
- sfnctl history ARN --json
- sfnctl history ARN                        (the event table: 24,968 rows)
- sfnctl history ARN --view tree           (fetch + model + render)
- sfnctl why ARN                            (tail first)

Needs awscli (`pip install awscli`) for the comparison rows.

The server runs in a process of its own: on Linux a child's ru_maxrss includes the resident
size of the process that started it (exec records the old address space's high-water mark), so
a server holding the 25k events inside the benchmark's own process would put its size into
every small figure (`why` read 66 MiB that way; its own peak is about 50).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time

from tests.support.history_server import LARGE_ARN


def measure(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, peak RSS MiB) of one run; output discarded."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        error = proc.stderr.read().decode() if proc.stderr else ""
        raise SystemExit(f"{' '.join(argv[:4])}… failed ({proc.returncode}): {error[-300:]}")
    return wall, usage.ru_maxrss / 1024


def serve(delay: float) -> None:
    """The loopback server, in this (separate) process: prints its URL, serves until stdin
    closes."""
    from tests.support.history_server import HistoryServer, large_executions

    server = HistoryServer(large_executions(), delay).start()
    print(server.url, flush=True)
    sys.stdin.read()
    server.stop()


def start_server(delay: float) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.history", "--serve", "--delay", str(delay)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    return process, process.stdout.readline().strip()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--delay", type=float, default=0.04, help="seconds per request")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.delay)
        return
    server, url = start_server(args.delay)
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
    sfnctl = [sys.executable, "-m", "sfnctl"]
    aws = shutil.which("aws")
    cases: list[tuple[str, list[str]]] = []
    if aws:
        history = [aws, "stepfunctions", "get-execution-history", "--execution-arn", LARGE_ARN]
        cases += [
            ("aws … get-execution-history (default paging)", history),
            ("aws … get-execution-history --page-size 1000", [*history, "--page-size", "1000"]),
        ]
    cases += [
        ("sfnctl history --json", [*sfnctl, "history", LARGE_ARN, "--json"]),
        ("sfnctl history (event table)", [*sfnctl, "history", LARGE_ARN]),
        ("sfnctl history --view tree", [*sfnctl, "history", LARGE_ARN, "--view", "tree"]),
        ("sfnctl why", [*sfnctl, "why", LARGE_ARN]),
    ]
    print(f"24,968 events · {args.delay * 1000:.0f} ms per request · median of {args.runs} runs\n")
    print(f"{'command':50} {'wall s':>8} {'peak MiB':>9}")
    results = {}
    for name, argv in cases:
        runs = 1 if "default paging" in name else args.runs  # 250 requests: once is enough
        samples = [measure(argv, env) for _ in range(runs)]
        wall = statistics.median(s[0] for s in samples)
        peak = max(s[1] for s in samples)
        results[name] = (wall, peak)
        print(f"{name:50} {wall:8.2f} {peak:9.0f}", flush=True)
    server.communicate("")  # closes its stdin: it stops
    base = results.get("aws … get-execution-history --page-size 1000")
    if base:
        ours = results["sfnctl history --json"]
        tree = results["sfnctl history --view tree"]
        print(
            f"\nhistory --json / aws --page-size 1000: {ours[0] / base[0]:.2f}× time, "
            f"{ours[1] / base[1]:.2f}× memory"
        )
        print(
            f"history --view tree / aws --page-size 1000: {tree[0] / base[0]:.2f}× time, "
            f"{tree[1] / base[1]:.2f}× memory"
        )


if __name__ == "__main__":
    main()
