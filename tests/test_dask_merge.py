"""merge_bag (issue 23): merging on Dask gives what ``normaliser merge`` gives, cut into parts.
dask is in the ``test`` extra, so this runs in CI; it skips only where dask is not installed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from normaliser.cli import main

from .conftest import SAMPLES

pytest.importorskip("dask.bag")
from normaliser.dask_merge import merge_bag

#: Slow (subprocesses): off in a plain `pytest`, on in CI (conftest.py).
pytestmark = pytest.mark.slow

CASE = SAMPLES / "merge-bilingual"
#: The sample's three sources of one article and two dumps of other records.
INPUTS = [
    CASE / "noteexpress.net",
    CASE / "aggregator.txt",
    CASE / "crossref.json",
    *sorted(SAMPLES.glob("*/aggregator.txt"))[:2],
]


@pytest.mark.parametrize("to", ["json", "jats"])
def test_parts_together_are_the_cli_merge(tmp_path: Path, to: str) -> None:
    expected, report = tmp_path / "cli", tmp_path / "cli.json"
    result = CliRunner().invoke(
        main,
        ["merge", *map(str, INPUTS), "--to", to, "-o", str(expected), "--report", str(report)],
        catch_exceptions=False,
    )
    assert result.exit_code in (0, 1), result.stderr
    counts = merge_bag(
        INPUTS,
        to=to,
        out_dir=tmp_path / "parts",
        rejects_dir=tmp_path / "rejects",
        scheduler="processes",
        part_records=2,
    )
    cli = json.loads(report.read_text())
    for key in ("read", "rejected", "written", "groups", "records_per_group", "conflicts_by_field"):
        assert counts[key] == cli[key], key
    assert counts["read"] == counts["records_grouped"] + counts["rejected"] + counts["deleted"]
    assert len(counts["outputs"]) > 1 and not (tmp_path / "parts" / ".merge-work").exists()
    parts = [Path(p).read_text(encoding="utf-8") for p in counts["outputs"]]
    if to == "json":
        assert "".join(parts) == expected.read_text(encoding="utf-8")
    else:
        whole = expected.read_text(encoding="utf-8")
        for article in ("曾</surname>", "merge-conflict", "merged-from"):
            assert sum(p.count(article) for p in parts) == whole.count(article), article
