"""Golden files: every samples/<case>/ input converts to exactly its reviewed expected output.

Set NORMALISER_UPDATE_GOLDEN=1 to rewrite the expected files after a deliberate change, then
review the diff by hand before committing it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import normaliser
from normaliser import batch

from .conftest import SAMPLES

UPDATE = os.environ.get("NORMALISER_UPDATE_GOLDEN") == "1"
#: Inputs by format: the file stem is the format name (samples/<case>/<format>.<ext>).
#: Saved API responses (issue 20) are inputs too.
API_STEMS = ("crossref", "openalex", "datacite", "s2")
INPUT_STEMS = (
    "aggregator",
    "noteexpress",
    "refer",
    "refworks",
    "cnki",
    "ris",
    "bibtex",
    *API_STEMS,
)
INPUTS = sorted(p for stem in INPUT_STEMS for p in SAMPLES.glob(f"*/{stem}.*"))


def _check(path: Path, actual: str) -> None:
    if UPDATE:
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"{path} is missing: run with NORMALISER_UPDATE_GOLDEN=1 and review it"
    assert actual == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("source", INPUTS, ids=lambda p: p.parent.name)
def test_input_to_json(source: Path) -> None:
    items = list(normaliser.read(source, errors="yield"))
    records = [i for i in items if isinstance(i, normaliser.Record)]
    rejects = [i for i in items if isinstance(i, normaliser.Reject)]
    _check(source.parent / "json.json", normaliser.write(records, "json", pretty=True))
    expected_rejects = source.parent / "rejects.jsonl"
    if rejects or expected_rejects.exists():
        lines = [batch.reject_line(r) for r in rejects]
        for line in lines:
            line["input"] = source.name
        text = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)
        _check(expected_rejects, text)


@pytest.mark.parametrize("source", INPUTS, ids=lambda p: p.parent.name)
def test_golden_json_reads_back_to_the_same_records(source: Path) -> None:
    golden = source.parent / "json.json"
    records = list(normaliser.read(source, errors="skip"))
    assert list(normaliser.read(golden)) == records


def test_there_are_enough_cases() -> None:
    assert len(INPUTS) >= 9
    tagged = {p.stem for p in INPUTS} - {"aggregator", *API_STEMS}
    assert tagged == {"noteexpress", "refer", "refworks", "cnki", "ris", "bibtex"}
    assert len([p for p in INPUTS if p.stem == "bibtex"]) >= 4


@pytest.mark.parametrize("stem", API_STEMS)
def test_each_api_source_has_its_four_cases(stem: str) -> None:
    """A single work, a list page, a bilingual or CJK case, a broken item (issue 20)."""
    cases = {p.parent.name for p in INPUTS if p.stem == stem}
    assert {f"{stem}-work", f"{stem}-list", f"{stem}-broken"} <= cases
    assert cases & {f"{stem}-japanese", f"{stem}-bilingual", f"{stem}-cjk"}
    assert (SAMPLES / f"{stem}-broken" / "rejects.jsonl").exists()
