"""Sniffing by evidence: JSON that scholarly APIs return is read by its own reader (issue 20)
or refused by name until a reader for it exists, never read as an aggregator dump of empty
records (issue 15). The inputs in tests/corpus/api/ are of our own making, with the keys those
APIs document (issue 20)."""

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
    "s2-citations.json": "a Semantic Scholar citation or reference list, not papers",
    "openalex-author.json": "an OpenAlex author, not a work",
    "openalex-sources.json": "an OpenAlex list page of sources, not works",
    "crossref-member.json": "a Crossref REST API response of message-type member, not a work",
    "crossref-journal.json": "a Crossref REST API response of message-type journal, not a work",
}
#: The shapes a reader reads, by the format that reads them (the others are refused).
READ_BY = {
    "crossref-work.json": "crossref",
    "crossref-list.json": "crossref",
    "crossref-message.json": "crossref",
    "openalex-work.json": "openalex",
    "openalex-list.json": "openalex",
    "datacite-record.json": "datacite",
    "s2-paper.json": "s2",
    "s2-bulk.json": "s2",
}
REFUSED = sorted(set(LOOKS) - set(READ_BY))


@pytest.mark.parametrize("name", REFUSED)
def test_api_json_is_refused_naming_what_it_looks_like(name: str) -> None:
    with pytest.raises(UnknownFormat, match=f"this looks like {LOOKS[name]}") as info:
        list(normaliser.read(API / name))
    assert "it is not a supported input" in str(info.value)


@pytest.mark.parametrize("name", REFUSED)
def test_api_json_as_json_lines_is_refused_too(name: str) -> None:
    line = json.dumps(json.loads((API / name).read_text(encoding="utf-8")), ensure_ascii=False)
    with pytest.raises(UnknownFormat, match=LOOKS[name]):
        list(normaliser.read(line + "\n" + line + "\n"))


@pytest.mark.parametrize("name", REFUSED)
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
            # (a written-only output, gbt7714.txt, is no input: never sniffed)
            if stem not in formats.readable() or path.suffix == ".jsonl":
                continue
            with normaliser.sources.open_source(path) as source:
                module = formats.sniff(source.head_text(), source.name)
            # read by its format's reader (qdc by dc's, cnmarcxml by cnmarc's: one name each)
            assert module.module_name == formats.FORMATS[stem].module_name, path


@pytest.mark.parametrize("name", sorted(READ_BY))
def test_api_json_with_a_reader_is_sniffed_as_its_source(name: str) -> None:
    text = (API / name).read_text(encoding="utf-8")
    assert formats.sniff(text, name) is formats.FORMATS[READ_BY[name]]
    line = json.dumps(json.loads(text), ensure_ascii=False)
    assert formats.sniff(line + "\n" + line + "\n") is formats.FORMATS[READ_BY[name]]
    records = list(normaliser.read(API / name))
    assert records and all(r.provenance and r.provenance.format == READ_BY[name] for r in records)


@pytest.mark.parametrize("name", sorted(READ_BY))
def test_an_api_reader_is_not_sniffed_for_other_json(name: str) -> None:
    module = formats.FORMATS[READ_BY[name]]
    for other in sorted(set(LOOKS) - {n for n, f in READ_BY.items() if f == READ_BY[name]}):
        assert module.sniff((API / other).read_text(encoding="utf-8")) == 0, other
    for case in ("ijn-2025", "jsonl-2025"):
        for path in (SAMPLES / case).iterdir():
            if path.suffix in (".json", ".jsonl", ".txt"):
                assert module.sniff(path.read_text(encoding="utf-8")[:4096]) == 0, path


def test_the_bibtex_sniff_knows_every_entry_type_the_reader_maps() -> None:
    from normaliser import sniffs
    from normaliser.formats import bibtex

    read = {spelling for _, spelling in (*bibtex.ENTRY_TYPES.pairs, *bibtex.ENTRY_TYPES.read_only)}
    assert all(kind in bibtex.ENTRY_TYPES for kind in read)
    assert read <= sniffs.BIBTEX_KINDS
    assert all(bibtex.sniff(f"@{kind}{{key,\n") == 90 for kind in read)


@pytest.mark.parametrize(
    ("text", "looks"),
    [
        ('{"foo": 1, "bar": [1, 2]}', "a JSON object (keys: foo, bar)"),
        ('{"type": "FeatureCollection", "features": []}', "a JSON object (keys: type, features)"),
        ("[1, 2, 3]", "a JSON array"),
        ('[{"name": "x", "size": 2}]', "a JSON array of objects (keys: name, size)"),
        ('{"a": 1}\n{"a": 2}\n', "JSON Lines of objects (keys: a)"),
    ],
)
def test_json_no_reader_knows_is_refused_naming_its_shape(text: str, looks: str) -> None:
    """JSON of a shape no reader matches (no API's, no CSL, not canonical JSON) is refused
    with a message naming what it looks like, and the formats to name with --from."""
    with pytest.raises(UnknownFormat) as info:
        list(normaliser.read(text))
    message = str(info.value)
    assert f"this looks like {looks}, a shape no reader knows" in message, message
    assert f"--from ({', '.join(formats.readable())})" in message  # not gbt7714, written only
