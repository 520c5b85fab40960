"""Golden files: the one matrix case × input × expected output.

Every samples/<case>/ holds one input, named after its format (``<format>.<ext>``: aggregator.txt,
bibtex.bib, jats.xml …), and the reviewed expected outputs of reading it: ``json.json`` (the
records as canonical JSON), ``jats.xml``, ``dc.xml``, ``csl.json``, ``marcxml.xml``,
``marcxml-a.xml`` and ``marc.mrc`` (the records written as JATS, Dublin Core, CSL-JSON, MARCXML
in Models B and A, and ISO 2709), ``gbt7714.txt`` and ``gbt7714-2025.txt`` (GB/T 7714
references in the 2015 and 2025 editions, both languages; a format only written, so never an
input) and ``rejects.jsonl`` (the rejects, as the command line writes them). The input is the
file that is not an expected output; when every file could be one (a JATS or Dublin Core
document read as the case's input), it is ``jats.xml``, else ``dc.xml``.
Each expected output present is compared with what normaliser gives today; a file no test
covers is an error (no golden file is silently ignored; the few samples read by other tests
are named in ``ELSEWHERE``).

Set NORMALISER_UPDATE_GOLDEN=1 to rewrite the expected files after a deliberate change, then
review the diff by hand before committing it.
"""

from __future__ import annotations

import json
import os
import warnings
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest

import normaliser
from normaliser import batch
from normaliser.formats import FORMATS

from .conftest import SAMPLES

UPDATE = os.environ.get("NORMALISER_UPDATE_GOLDEN") == "1"
#: Saved API responses (issue 20) are inputs too.
API_STEMS = ("crossref", "openalex", "datacite", "s2")

Items = tuple["normaliser.Record | normaliser.Reject", ...]


def _records(items: Items) -> list[normaliser.Record]:
    return [i for i in items if isinstance(i, normaliser.Record)]


def _rejects(items: Items, source: Path) -> str:
    lines = [batch.reject_line(i) for i in items if isinstance(i, normaliser.Reject)]
    for line in lines:
        line["input"] = source.name
    return "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)


#: Expected output file → what it holds, from the input's items and path.
OUTPUTS: dict[str, Callable[[Items, Path], str]] = {
    "json.json": lambda items, _: normaliser.write(_records(items), "json", pretty=True),
    "jats.xml": lambda items, _: normaliser.write(_records(items), "jats"),
    "dc.xml": lambda items, _: normaliser.write(_records(items), "dc"),
    "csl.json": lambda items, _: normaliser.write(_records(items), "csl"),
    "marcxml.xml": lambda items, _: normaliser.write(_records(items), "marcxml"),
    "marcxml-a.xml": lambda items, _: normaliser.write(_records(items), "marcxml", marc_model="a"),
    "marc.mrc": lambda items, _: normaliser.write(_records(items), "marc"),
    # GB/T 7714 references (write only), for the seed and the bilingual samples.
    "gbt7714.txt": lambda items, _: normaliser.write(
        _records(items), "gbt7714", gbt_language="both"
    ),
    "gbt7714-2025.txt": lambda items, _: normaliser.write(
        _records(items), "gbt7714", gbt_language="both", gbt_edition="2025"
    ),
    "rejects.jsonl": _rejects,
    # CNMARC (issue 21): 100 $a's date entered is SOURCE_DATE_EPOCH's (set in conftest)
    "cnmarc.mrc": lambda items, _: normaliser.write(_records(items), "cnmarc"),
    "cnmarcxml.xml": lambda items, _: normaliser.write(_records(items), "cnmarcxml"),
}
#: Sample folders read by a test of their own, not inputs of the matrix.
ELSEWHERE = {
    "script": "tests/test_script.py (the script conversion of zh-Hans.txt, zh-Hant.txt)",
    "merge-bilingual": "tests/test_merge.py (three sources of one article merged)",
}

CASES = sorted(p for p in SAMPLES.iterdir() if p.is_dir() and p.name not in ELSEWHERE)


def input_of(case: Path) -> Path:
    """The input of a case: the file that is not an expected output, else jats.xml, else dc.xml."""
    files = sorted(p for p in case.iterdir() if p.is_file())
    inputs = [p for p in files if p.name not in OUTPUTS]
    if not inputs:
        inputs = [case / name for name in ("jats.xml", "dc.xml") if (case / name).exists()][:1]
    assert len(inputs) == 1, f"{case.name}: one input expected, found {[p.name for p in inputs]}"
    [source] = inputs
    assert source.stem in FORMATS, f"{source}: the file name names no format"
    assert FORMATS[source.stem].reads, f"{source}: {source.stem} is written only, never an input"
    return source


INPUTS = [input_of(case) for case in CASES]
MATRIX = [
    (source, case / name)
    for source, case in zip(INPUTS, CASES, strict=True)
    for name in OUTPUTS
    if (case / name).exists() and case / name != source
]


@cache
def read(source: Path) -> Items:
    """Every record and reject of an input, read with the format its name says."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)  # NLM 3.0 documents: tested on their own
        return tuple(normaliser.read(source, source.stem, errors="yield"))


def _check(path: Path, actual: str) -> None:
    if UPDATE:
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"{path} is missing: run with NORMALISER_UPDATE_GOLDEN=1 and review it"
    assert actual == path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("source", "expected"), MATRIX, ids=[f"{e.parent.name}-{e.name}" for _, e in MATRIX]
)
def test_golden(source: Path, expected: Path) -> None:
    _check(expected, OUTPUTS[expected.name](read(source), source))


@pytest.mark.parametrize("source", INPUTS, ids=lambda p: p.parent.name)
def test_rejects_have_their_golden_file(source: Path) -> None:
    # Rejects are never dropped silently: a case whose input has some keeps them in a file.
    if _rejects(read(source), source):
        assert (source.parent / "rejects.jsonl").exists(), f"{source}: rejects not kept"


@pytest.mark.parametrize("source", INPUTS, ids=lambda p: p.parent.name)
def test_every_file_of_a_case_is_covered(source: Path) -> None:
    covered = {source} | {e for s, e in MATRIX if s == source}
    assert covered == {p for p in source.parent.iterdir()}, f"{source.parent}: not compared"


@pytest.mark.parametrize("source", INPUTS, ids=lambda p: p.parent.name)
def test_a_tagged_input_has_every_expected_output(source: Path) -> None:
    if source.suffix != ".xml":
        for name in ("json.json", "jats.xml", "dc.xml"):
            assert (source.parent / name).exists(), f"{source.parent}: no {name}"


def test_the_cases_read_elsewhere_exist() -> None:
    for name in ELSEWHERE:
        assert (SAMPLES / name).is_dir()


@pytest.mark.parametrize(
    "source", [s for s, e in MATRIX if e.name == "json.json"], ids=lambda p: p.parent.name
)
def test_golden_json_reads_back_to_the_same_records(source: Path) -> None:
    golden = source.parent / "json.json"
    assert list(normaliser.read(golden, "json")) == _records(read(source))


def test_there_are_enough_cases() -> None:
    stems = [p.stem for p in INPUTS]
    assert {"aggregator", "noteexpress", "refer", "refworks", "cnki", "ris", "bibtex"} <= set(stems)
    assert {"jats", "dc"} <= set(stems)
    assert stems.count("bibtex") >= 4
    assert len(MATRIX) >= 90


@pytest.mark.parametrize("stem", API_STEMS)
def test_each_api_source_has_its_four_cases(stem: str) -> None:
    """A single work, a list page, a bilingual or CJK case, a broken item (issue 20)."""
    cases = {p.parent.name for p in INPUTS if p.stem == stem}
    assert {f"{stem}-work", f"{stem}-list", f"{stem}-broken"} <= cases
    assert cases & {f"{stem}-japanese", f"{stem}-bilingual", f"{stem}-cjk"}
    assert (SAMPLES / f"{stem}-broken" / "rejects.jsonl").exists()
