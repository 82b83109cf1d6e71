"""Run the real entry point (`python -m sfnctl`) in a subprocess, as a user would."""

from __future__ import annotations

import os
import subprocess
import sys


def sfnctl(
    *args: str,
    endpoint: str | None = None,
    env: dict[str, str] | None = None,
    stdin: str | None = None,
    timeout: float = 60,
) -> subprocess.CompletedProcess[str]:
    """Run the real entry point (`python -m sfnctl`) as a user would."""
    full_env = dict(os.environ)
    if endpoint:
        full_env["AWS_ENDPOINT_URL"] = endpoint
    for key, value in (env or {}).items():  # None removes the variable
        if value is None:
            full_env.pop(key, None)
        else:
            full_env[key] = value
    return subprocess.run(
        [sys.executable, "-m", "sfnctl", *args],
        capture_output=True,
        text=True,
        env=full_env,
        input=stdin if stdin is not None else "",
        timeout=timeout,
    )
