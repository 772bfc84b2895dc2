"""Hygiene, as the pre-commit hooks check it: lint, format, spelling, types."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CODE = ["alsbook", "tests", "benchmarks"]


@pytest.mark.parametrize(
    "command",
    [
        ["ruff", "check", *CODE],
        ["ruff", "format", "--check", *CODE],
        ["codespell", *CODE, "book", "README.md", "alsbook/data"],
        ["mypy", "alsbook"],
    ],
    ids=["ruff-lint", "ruff-format", "codespell", "mypy"],
)
def test_tool_is_clean(command: list[str]) -> None:
    proc = subprocess.run([str(BIN / command[0]), *command[1:]], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
