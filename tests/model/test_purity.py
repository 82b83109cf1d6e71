"""The model modules for the across-executions commands stay pure: no rich, no AWS SDK, no
clock, no environment, no I/O (checked in their source, so it holds whatever they import)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

MODEL = Path(__file__).resolve().parents[2] / "sfnctl" / "model"
MODULES = ["timewindow", "names", "failures", "jsondiff", "execdiff", "stats", "logs"]
BANNED_MODULES = {
    "rich",
    "boto3",
    "botocore",
    "os",
    "sys",
    "time",
    "io",
    "pathlib",
    "subprocess",
    "socket",
    "random",
    "shutil",
    "tempfile",
    "urllib.request",
    "typer",
}
BANNED_CALLS = {"now", "utcnow", "today", "time", "monotonic", "perf_counter", "open", "print"}


def tree_of(name: str) -> ast.Module:
    return ast.parse((MODEL / f"{name}.py").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", MODULES)
def test_no_banned_imports(name):
    imported: set[str] = set()
    for node in ast.walk(tree_of(name)):
        if isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module)
    bad = {m for m in imported if m in BANNED_MODULES or m.split(".")[0] in BANNED_MODULES}
    assert bad == set()


@pytest.mark.parametrize("name", MODULES)
def test_no_clock_or_io_calls(name):
    calls = set()
    for node in ast.walk(tree_of(name)):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Attribute):
                calls.add(func.attr)
            elif isinstance(func, ast.Name):
                calls.add(func.id)
    assert calls & BANNED_CALLS == set()


def test_the_package_exists_with_an_init():
    assert (MODEL / "__init__.py").is_file()
    assert all((MODEL / f"{name}.py").is_file() for name in MODULES)
