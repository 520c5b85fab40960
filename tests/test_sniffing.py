"""Sniffing by evidence: JSON that scholarly APIs return is refused by name until a reader for
it exists, never read as an aggregator dump of empty records (issue 15). The inputs in
tests/corpus/api/ are of our own making, with the keys those APIs document (issue 20)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import normaliser
from normaliser import formats
from normaliser.cli import main
from normaliser.errors import InvalidRecord, UnknownFormat
from normaliser.record import Reject

from .conftest import SAMPLES

API = Path(__file__).parent / "corpus" / "api"
LOOKS = {
    "crossref-work.json": "a Crossref REST API response",
    "crossref-list.json": "a Crossref REST API list page",
    "crossref-message.json": "a Crossref work",
    "openalex-work.json": "an OpenAlex work",
    "openalex-list.json": "an OpenAlex list page",
    "s2-paper.json": "a Semantic Scholar paper",
    "s2-bulk.json": "a Semantic Scholar search or bulk response",
    "s2-author.json": "a Semantic Scholar author profile, not a paper",
    "datacite-record.json": "a DataCite REST API record",
}


@pytest.mark.parametrize("name", sorted(LOOKS))
def test_api_json_is_refused_naming_what_it_looks_like(name: str) -> None:
    with pytest.raises(UnknownFormat, match=f"this looks like {LOOKS[name]}") as info:
        list(normaliser.read(API / name))
    assert "it is not a supported input" in str(info.value)


@pytest.mark.parametrize("name", sorted(LOOKS))
def test_api_json_as_json_lines_is_refused_too(name: str) -> None:
    line = json.dumps(json.loads((API / name).read_text(encoding="utf-8")), ensure_ascii=False)
    with pytest.raises(UnknownFormat, match=LOOKS[name]):
        list(normaliser.read(line + "\n" + line + "\n"))


@pytest.mark.parametrize("name", sorted(LOOKS))
def test_the_cli_exits_2_naming_the_shape(name: str) -> None:
    result = CliRunner().invoke(main, ["convert", str(API / name), "--to", "jats"])
    assert result.exit_code == 2
    assert LOOKS[name] in result.stderr
    assert not re.search(r"<article[\s>]", result.stdout)  # no record written


@pytest.mark.parametrize("name", sorted(LOOKS))
def test_from_aggregator_never_makes_records_of_api_json(name: str) -> None:
    items = list(normaliser.read(API / name, "aggregator", errors="yield"))
    assert items and all(isinstance(i, Reject) for i in items)
    with pytest.raises(InvalidRecord, match=r"this looks like|nothing to catalogue"):
        list(normaliser.read(API / name, "aggregator"))


def test_every_sample_is_still_sniffed_as_its_format() -> None:
    for case in sorted(SAMPLES.iterdir()):
        for path in sorted(case.iterdir()):
            stem = path.name.split(".")[0]
            if stem not in formats.FORMATS or path.suffix == ".jsonl":
                continue
            with normaliser.sources.open_source(path) as source:
                module = formats.sniff(source.head_text(), source.name)
            assert module is formats.FORMATS[stem] or stem == "qdc", path


def test_the_bibtex_sniff_knows_every_entry_type_the_reader_maps() -> None:
    from normaliser import sniffs
    from normaliser.formats import bibtex

    read = {spelling for _, spelling in (*bibtex.ENTRY_TYPES.pairs, *bibtex.ENTRY_TYPES.read_only)}
    assert all(kind in bibtex.ENTRY_TYPES for kind in read)
    assert read <= sniffs.BIBTEX_KINDS
    assert all(bibtex.sniff(f"@{kind}{{key,\n") == 90 for kind in read)
