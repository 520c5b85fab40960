"""The benchmark runs: bench/run.py at its tiny size writes a result for every path.

No timing is asserted here (benchmarks are never tests); only that every path was measured, or
says plainly why it could not be.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

#: Slow (subprocesses, whole-project tools): off in a plain `pytest`, on in CI (conftest.py).
pytestmark = pytest.mark.slow

ALWAYS = [
    "aggregator-json",
    "aggregator-jats",
    "aggregator-dc",
    "bilingual-json",
    "jats-json",
    "dc-json",
    "jats-write",
    "jats-write-xsd",
    "dc-write",
    "dc-write-xsd",
]
# Measured once the feature they need exists; until then reported as not available.
WHEN_AVAILABLE = ["script-hant", "script-hans", "jats-write-dtd", "script-chars", "jobs"]
# Other libraries on the same records (issue 19): measured when installed (the bench extra).
PEERS = ["peer-pubmed-parser", "peer-commonmeta", "peer-dcxml"]
# One process's CPU time (issue 19): listing the formats, converting one record.
STARTUP = [
    "startup-formats",
    "startup-aggregator-jats",
    "startup-aggregator-json",
    "startup-jats-json",
    "startup-dc-json",
    "startup-json-dc",
    "startup-bibtex-ris",
]


def test_bench_runs_at_tiny_size(tmp_path: Path) -> None:
    out = tmp_path / "latest.json"
    done = subprocess.run(
        [sys.executable, "bench/run.py", "--size", "tiny", "--repeats", "1", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(out.read_text(encoding="utf-8"))
    paths = result["paths"]
    assert set(ALWAYS + WHEN_AVAILABLE + PEERS + STARTUP + ["rss"]) <= set(paths)
    for key in ALWAYS:
        assert paths[key]["available"], key
        assert paths[key]["rate"] > 0, key
        assert paths[key]["floor"]["rate"] > 0, key
    for key in WHEN_AVAILABLE + PEERS:
        if paths[key]["available"]:
            assert paths[key]["rate"] > 0, key
        else:
            assert paths[key]["reason"], key
    assert paths["rss"]["rss_small_mb"] > 0 and paths["rss"]["rss_big_mb"] > 0
    merge = paths["merge"]  # issue 23: records/s and peak RSS at two sizes, and its floor
    assert merge["rss_small_mb"] > 0 and merge["rss_big_mb"] > 0
    assert merge["rate_small"] > 0 and merge["rate_big"] > 0 and merge["floor_rate_small"] > 0
    for key in ("aggregator-jats", "jats-json"):
        assert f"| {paths[key]['label']}" in done.stdout
    for key in ("aggregator-read", "bilingual-read"):  # issue 19: reading alone, per record
        assert paths[key]["rate"] > 0 and paths[key]["us_per_record"] > 0, key
        assert f"| {paths[key]['label']}" in done.stdout
    for key in STARTUP:
        assert paths[key]["median_cpu_seconds"] > 0, key
        assert f"| {paths[key]['label']}" in done.stdout


def test_a_missing_peer_is_a_line_saying_why(monkeypatch: pytest.MonkeyPatch) -> None:
    """A peer that is not installed is skipped with a line naming it and why, not a crash."""
    monkeypatch.syspath_prepend(str(ROOT / "bench"))
    import run

    monkeypatch.setitem(run.PEER_MISSING, "no_such_peer", "no_such_peer is not installed")
    bench = run.Bench(run.SIZES["tiny"], 1, None)
    line, module = run.peer_line(bench, "peer-x", "x beside no_such_peer", "no_such_peer")
    assert module is None and not line.available
    assert line.reason == "no_such_peer is not installed"
    assert "not available: no_such_peer is not installed" in run.table(bench.lines)
