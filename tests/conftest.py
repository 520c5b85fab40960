"""Shared fixtures, the ``slow`` marker and the hypothesis profiles.

Tests marked ``slow`` (the bench, ruff and mypy, subprocess runs, the heaviest hypothesis
properties) are skipped by a plain ``pytest`` on a developer's machine and run in CI (``$CI``
set, as CI services and .ci/run set it), with ``--slow`` or with ``NORMALISER_SLOW=1``.

Hypothesis profiles: ``default`` (fast, random, for development), ``ci`` (more examples,
derandomized: the same examples on every run, so a red CI is reproducible and a green one does
not turn red by luck) and ``thorough`` (many random examples, to hunt); choose with
HYPOTHESIS_PROFILE=ci."""

from __future__ import annotations

import os
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# The date a writer stamps as the day of conversion (CNMARC's 100 $a/0-7, when the source gives
# none): fixed, so that golden files and repeated runs agree (2026-01-01).
os.environ.setdefault("SOURCE_DATE_EPOCH", "1767225600")

settings.register_profile("default", max_examples=60, deadline=None)
settings.register_profile(
    "ci",
    max_examples=300,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("thorough", max_examples=3000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


def _on(variable: str) -> bool:
    return os.environ.get(variable, "").strip().lower() not in ("", "0", "false", "no")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--slow",
        action="store_true",
        default=False,
        help="also run the tests marked slow (on by default when $CI or $NORMALISER_SLOW is set)",
    )


def run_slow(config: pytest.Config) -> bool:
    """Whether the slow tests run: in CI, with ``--slow``, or with ``NORMALISER_SLOW=1``."""
    return bool(config.getoption("--slow")) or _on("NORMALISER_SLOW") or _on("CI")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if run_slow(config):
        return
    skip = pytest.mark.skip(reason="slow: run with --slow or NORMALISER_SLOW=1 (CI runs it)")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SEED = SAMPLES / "ijn-2025" / "aggregator.txt"


# The official JATS DTDs: the npm package @jats4r/dtds, fetched once into .cache/ (never
# committed) and named to normaliser by $NORMALISER_JATS_DTDS, as a user would.
DTD_PACKAGE = "@jats4r/dtds@0.0.10"
DTD_HOME = ROOT / ".cache" / "jats-dtds"


def _fetch_dtds() -> Path | None:
    schema = DTD_HOME / "package" / "schema"
    if (schema / "catalog.xml").is_file():
        return schema
    npm = shutil.which("npm")
    if npm is None:
        return None
    DTD_HOME.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        done = subprocess.run(
            [npm, "pack", DTD_PACKAGE, "--silent", "--pack-destination", tmp],
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )
        tarballs = list(Path(tmp).glob("*.tgz"))
        if done.returncode != 0 or not tarballs:
            return None
        with tarfile.open(tarballs[0]) as tar:
            if hasattr(tarfile, "data_filter"):
                tar.extractall(DTD_HOME, filter="data")
            else:  # Python < 3.10.12 has no extraction filters
                tar.extractall(DTD_HOME)
    return schema if (schema / "catalog.xml").is_file() else None


if not os.environ.get("NORMALISER_JATS_DTDS"):
    _schema = _fetch_dtds()
    if _schema is not None:
        os.environ["NORMALISER_JATS_DTDS"] = str(_schema)


@pytest.fixture(scope="session")
def jats_dtds() -> Path:
    """The official DTD folder; a test that needs it fails (never skips) when it is missing."""
    folder = os.environ.get("NORMALISER_JATS_DTDS")
    if not folder or not (Path(folder) / "catalog.xml").is_file():
        pytest.fail(f"the official JATS DTDs ({DTD_PACKAGE}) could not be fetched with npm")
    return Path(folder)


@pytest.fixture
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


# citeproc-js (the npm package ``citeproc``), installed once into .cache/ like the DTDs, for the
# test that renders CSL-M items with it.
CITEPROC_PACKAGE = "citeproc@2.4.63"
CITEPROC_HOME = ROOT / ".cache" / "citeproc"


@pytest.fixture(scope="session")
def citeproc() -> Path:
    """The installed citeproc-js package folder; fails (never skips) when npm cannot fetch it."""
    folder = CITEPROC_HOME / "node_modules" / "citeproc"
    version = CITEPROC_PACKAGE.split("@")[1]
    package = folder / "package.json"
    if package.is_file() and f'"version": "{version}"' in package.read_text(encoding="utf-8"):
        return folder
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        pytest.fail(f"node and npm are needed to install {CITEPROC_PACKAGE}")
    CITEPROC_HOME.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [
            npm,
            "install",
            "--no-audit",
            "--no-fund",
            "--prefix",
            str(CITEPROC_HOME),
            CITEPROC_PACKAGE,
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    if done.returncode != 0 or not package.is_file():
        pytest.fail(f"npm could not install {CITEPROC_PACKAGE}: {done.stderr[-500:]}")
    return folder
