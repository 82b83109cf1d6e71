"""Benchmark: rendering the largest payloads — a 256 KB Step Functions input/output and a 6 MB
durable-execution result — in the human views (bounded preview) and in --json (whole). One
command:

    python -m benchmarks.payloads [--runs 5]

Prints the median time to render each into a 100-column, colourless console, the size of what
was printed, and checks that --json kept every byte.
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import time
from datetime import UTC, datetime
from typing import Any

from rich.console import Console

from sfnctl.output import dumps
from sfnctl.render.durable import render_durable
from sfnctl.render.execution import render_execution

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)


def sized(limit: int) -> str:
    """A JSON document just under `limit` bytes."""
    rows, row = [], {"id": 0, "sku": "X" * 40, "note": "lorem ipsum dolor sit amet " * 3}
    size = 20
    while size < limit - 400:
        row = {**row, "id": len(rows)}
        rows.append(row)
        size += len(json.dumps(row)) + 2
    return json.dumps({"rows": rows})


def render(renderable: Any) -> int:
    console = Console(width=100, file=io.StringIO(), color_system=None, force_terminal=False)
    console.print(renderable)
    return len(console.file.getvalue())  # type: ignore[attr-defined]


def timed(runs: int, action: Any) -> tuple[float, Any]:
    samples, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = action()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    sfn_payload, durable_payload = sized(256 * 1024), sized(6 * 1024 * 1024)
    not_json = "x" * (256 * 1024)
    execution = {
        "executionArn": "arn:aws:states:us-east-1:123456789012:execution:sm:big",
        "stateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:sm",
        "name": "big",
        "status": "SUCCEEDED",
        "startDate": NOW,
        "stopDate": NOW,
        "input": sfn_payload,
        "output": not_json,
    }
    durable = {
        "DurableExecutionArn": "a/b",
        "DurableExecutionName": "big",
        "FunctionArn": "arn:aws:lambda:us-east-1:123456789012:function:fn:1",
        "Status": "SUCCEEDED",
        "StartTimestamp": NOW,
        "InputPayload": sfn_payload,
        "Result": durable_payload,
    }
    cases = [
        ("describe: 256 KB input + 256 KB non-JSON output", render_execution, execution),
        ("durable describe: 6 MB result", render_durable, durable),
    ]
    print(f"{'view':50} {'median ms':>9} {'printed':>10}")
    for name, renderer, data in cases:
        took, printed = timed(args.runs, lambda r=renderer, d=data: render(r(d, NOW)))
        print(f"{name:50} {took * 1000:9.0f} {printed:>9,}B")
    took, text = timed(args.runs, lambda: dumps(durable))
    assert json.loads(text)["Result"] == durable_payload
    print(f"{'--json of the 6 MB result (whole, verified)':50} {took * 1000:9.0f} {len(text):>9,}B")


if __name__ == "__main__":
    main()
