"""No reader yields a record with nothing to catalogue: no title, no identifier and no
contributor in any language is a reject, whichever reader, in the library and in batch runs
with and without --jobs (issue 15)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import normaliser
from normaliser import batch, formats
from normaliser.formats import FORMATS, NOTHING_TO_CATALOGUE
from normaliser.record import Record, Reject

from .strategies import records

#: Formats read back (a format only written, gbt7714, has nothing to read back).
WRITABLE = sorted(name for name, fmt in FORMATS.items() if fmt.writes and fmt.reads)
#: Readers without a writer: a record holding only a year and a volume, in their syntax.
BARE = {
    "refer": "%0 Journal Article\n%D 2020\n%V 49\n",
    "refworks": "RT Journal Article\nYR 2017\nvo 37\n",
    "cnki": "SrcDatabase-来源库: 期刊\nYear-年: 2022\nVolume-卷: 43\n",
    # Saved API responses (issue 20): a work with a year and a volume, and keys only that
    # source has, so that it is read as one.
    "crossref": '{"status": "ok", "message-type": "work", "message": {"volume": "49", '
    '"issued": {"date-parts": [[2020]]}, "title": [""], "reference-count": 0}}\n',
    "openalex": '{"id": "https://openalex.org/W1", "title": "", "publication_year": 2020, '
    '"biblio": {"volume": "49"}, "authorships": []}\n',
    "datacite": '{"data": {"id": "x", "type": "dois", "attributes": {"titles": [], '
    '"creators": [], "publicationYear": 2020}}}\n',
    "s2": '{"paperId": "abc", "title": null, "year": 2020, "journal": {"volume": "49"}, '
    '"authors": []}\n',
}


def catalogued(record: Record) -> bool:
    return bool(
        record.contributors or record.identifiers or any(t.value.strip() for t in record.titles)
    )


def test_every_reader_is_covered() -> None:
    assert set(WRITABLE) | set(BARE) == set(formats.readable())


@pytest.mark.parametrize("name", WRITABLE)
def test_an_empty_record_read_back_is_a_reject(name: str) -> None:
    document = normaliser.write(Record(volume="3", issue="2"), name)
    items = list(normaliser.read(document, name, errors="yield"))
    assert items and all(isinstance(i, Reject) for i in items)
    assert str(items[0].error) == NOTHING_TO_CATALOGUE  # type: ignore[union-attr]


@pytest.mark.parametrize("name", sorted(BARE))
def test_a_bare_record_of_a_read_only_format_is_a_reject(name: str) -> None:
    items = list(normaliser.read(BARE[name], name, errors="yield"))
    assert len(items) == 1 and isinstance(items[0], Reject)
    assert NOTHING_TO_CATALOGUE in str(items[0].error)
    assert items[0].raw  # the canonical JSON of what was read: nothing is lost


# The aggregator writer takes only what aggregators hold (an impact factor that is a number):
# its reader is covered by the dump properties in tests/formats/test_aggregator_dumps.py.
@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=40)
@given(st.sampled_from([n for n in WRITABLE if n != "aggregator"]), records())
def test_no_reader_yields_a_record_with_nothing_to_catalogue(name: str, record: Record) -> None:
    try:
        document = normaliser.write(record, name)
    except normaliser.NormaliserError:
        return  # the writer refuses the record: nothing to read back
    for item in normaliser.read(document, name, errors="yield"):
        if isinstance(item, Record):
            assert catalogued(item)
        else:
            assert isinstance(item, Reject)


def test_an_aggregator_record_with_nothing_to_catalogue_keeps_its_text() -> None:
    empty = '{"title":"","authors":null,"doi":"","journal":{"volume":"3"}}\n引用次数: 0\n'
    good = '{"title":"A title","doi":"10.5555/x"}\n引用次数: 0\n'
    items = list(normaliser.read(good + empty, "aggregator", errors="yield"))
    assert isinstance(items[0], Record)
    reject = items[1]
    assert isinstance(reject, Reject)
    assert reject.raw == empty
    assert reject.line == 3
    assert str(reject.error) == NOTHING_TO_CATALOGUE


@pytest.mark.parametrize("jobs", [1, 2])
def test_batch_rejects_records_with_nothing_to_catalogue(tmp_path: Path, jobs: int) -> None:
    dump = tmp_path / "dump.txt"
    empty = '{"title":null,"journal":{"volume":"3"}}\n引用次数: 0\n'
    dump.write_text('{"title":"T","doi":"10.5555/x"}\n引用次数: 0\n' + empty, encoding="utf-8")
    jats = tmp_path / "one.xml"
    jats.write_text(normaliser.write(Record(volume="3"), "jats"), encoding="utf-8")
    rejects = tmp_path / "rejects.jsonl"
    stats = batch.run(
        [str(dump), str(jats)],
        to="json",
        output=str(tmp_path / "out.jsonl"),
        rejects=str(rejects),
        jobs=jobs,
    )
    assert (stats.read, stats.written, stats.rejected) == (3, 1, 2)
    lines = [json.loads(line) for line in rejects.read_text(encoding="utf-8").splitlines()]
    assert lines[0]["raw"] == empty
    assert all(NOTHING_TO_CATALOGUE in json.dumps(line, ensure_ascii=False) for line in lines)
    written = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(written) == 1


def test_the_gate_is_the_registrys() -> None:
    assert formats.catalogued(Record(), lambda: "x", 1, "s").raw == "x"  # type: ignore[union-attr]
