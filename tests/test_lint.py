"""House style: ruff (lint and format) over the project, mypy --strict over normaliser/."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from .conftest import ROOT

#: Slow (subprocesses, whole-project tools): off in a plain `pytest`, on in CI (conftest.py).
pytestmark = pytest.mark.slow

PATHS = [p for p in ("normaliser", "tests", "bench") if (ROOT / p).is_dir()]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, check=False)


@pytest.mark.skipif(shutil.which("ruff") is None, reason="ruff is not installed")
def test_ruff_lint() -> None:
    result = _run("ruff", "check", "--output-format", "concise", *PATHS)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(shutil.which("ruff") is None, reason="ruff is not installed")
def test_ruff_format() -> None:
    result = _run("ruff", "format", "--check", *PATHS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict() -> None:
    pytest.importorskip("mypy")
    result = _run(sys.executable, "-m", "mypy", "normaliser")
    assert result.returncode == 0, result.stdout + result.stderr
