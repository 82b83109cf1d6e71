"""The ARNs sfnctl recently showed or was given, for shell completion.

`$XDG_CACHE_HOME/sfnctl/arns` (default `~/.cache/sfnctl/arns`): one ARN per line, most recent
first, one file per origin — the endpoint and profile the ARNs came from (`arns` for AWS itself
with the default credentials, `arns-<hash>` for any other), so ARNs from a local emulator are
never offered against a real account. The account and region are in each ARN (and a command
given an ARN uses the ARN's own region), so they need no key of their own. Each file holds at most
`MAX_ENTRIES` lines, written atomically (a temporary file in the same directory, then
`os.replace`), mode 0600 in a 0700 directory. Only strings that parse as an ARN sfnctl
knows are stored — never names, payloads or anything else from a response. Never required to
exist, never fatal: a read-only or missing cache just means no ARN completions.

Imports nothing heavy: completion reads it on every TAB.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import stat
import tempfile
from collections.abc import Iterable

MAX_ENTRIES = 500
MAX_LENGTH = 2048  # the longest ARN the services allow is 2,048 characters
# Shape check only (the full parser lives in sfnctl.model.arns): one line, no spaces, an AWS
# partition, a service sfnctl reads; or the durable local runner's `<id>/<id>`.
_STORABLE = re.compile(
    r"arn:aws(?:-[a-z]+)*:(?:states|lambda):[a-z0-9-]+:\d{12}:[!-~]+"
    r"|[A-Za-z0-9_-]{1,128}/[A-Za-z0-9_-]{1,128}"
)


def origin(endpoint_url: str | None = None, profile: str | None = None) -> str:
    """The key of the ARNs' origin: the endpoint (--endpoint-url, else AWS_ENDPOINT_URL) and
    the profile (--profile, else AWS_PROFILE); "" for AWS itself with the default profile."""
    endpoint = (endpoint_url or os.environ.get("AWS_ENDPOINT_URL") or "").strip().rstrip("/")
    profile = (profile or os.environ.get("AWS_PROFILE") or "").strip()
    if profile == "default":
        profile = ""
    return f"{endpoint} {profile}".strip()


def cache_path(origin_key: str | None = None) -> str:
    """The cache file for `origin_key` (None: the origin the environment names)."""
    key = origin() if origin_key is None else origin_key
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    name = "arns" if not key else "arns-" + hashlib.sha256(key.encode()).hexdigest()[:16]
    return os.path.join(base, "sfnctl", name)


def load(origin_key: str | None = None) -> list[str]:
    """The cached ARNs, most recent first ([] when there is no cache or it can't be read)."""
    try:
        text = _read_regular(cache_path(origin_key), MAX_ENTRIES * (MAX_LENGTH + 1))
    except (OSError, UnicodeDecodeError):
        return []
    lines = text.splitlines()
    return [line for line in lines[:MAX_ENTRIES] if storable(line)]


def _read_regular(path: str, limit: int) -> str:
    """At most `limit` bytes of `path` if it is a regular file, else "". Opened without
    blocking: a FIFO (or a device) put where the cache lives must never hang a command or a TAB."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return ""
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read(limit).decode("utf-8")
    finally:
        os.close(fd)


def storable(text: str) -> bool:
    return len(text) <= MAX_LENGTH and _STORABLE.fullmatch(text) is not None


def remember(arns: Iterable[str], origin_key: str | None = None) -> None:
    """Put `arns` first (deduplicated, in the order given), keep the newest MAX_ENTRIES."""
    fresh: list[str] = []
    for arn in arns:
        if isinstance(arn, str) and storable(arn) and arn not in fresh:
            fresh.append(arn)
        if len(fresh) >= MAX_ENTRIES:
            break
    if not fresh:
        return
    old = load(origin_key)
    if old[: len(fresh)] == fresh:
        return  # nothing new: don't rewrite the file on every command
    seen = set(fresh)
    merged = fresh + [arn for arn in old if arn not in seen]
    with contextlib.suppress(OSError):
        _write(merged[:MAX_ENTRIES], cache_path(origin_key))


def _write(lines: list[str], path: str) -> None:
    directory = os.path.dirname(path)
    os.makedirs(directory, mode=0o700, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=".arns-", dir=directory)  # created 0600
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write("\n".join(lines) + "\n")
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
