"""The broken-record corpus (``tests/corpus/broken/``, described in its README): for each case,
what must become of every record in it — converted, with the repair named in a warning note, or
rejected with a message naming the field and its original text byte for byte — and, for every
record that converts, every registered writer gives a document that parses and validates (JATS
against the official DTD, Dublin Core against its XSD) and that holds no silently empty record.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import normaliser
from normaliser import formats, marcio, resources, xmlio
from normaliser.errors import InvalidRecord, UnknownFormat, flatten_messages
from normaliser.formats import aggregator, jats
from normaliser.formats.aggregator.fields import Opaque
from normaliser.record import Record, Reject

from .conftest import SAMPLES, SEED

CORPUS = Path(__file__).parent / "corpus" / "broken"
BASE: dict[str, Any] = json.loads(SEED.read_text(encoding="utf-8").splitlines()[1])


@dataclass(frozen=True)
class Converts:
    """The record is read; it carries a warning note of each (kind, field) listed."""

    notes: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Rejected:
    """The record is set aside; its message names ``field`` (``record``: the record as a whole)
    and says ``says``."""

    field: str
    says: str


Outcome = Converts | Rejected

EXPECTED: dict[str, list[Outcome]] = {
    "truncated-json.txt": [Converts(), Rejected("record", "not valid JSON"), Converts()],
    "truncated-end.jsonl": [Converts(), Rejected("record", "not valid JSON")],
    "duplicate-keys.jsonl": [
        Converts((("repaired", "title"),)),
        Rejected("title", "given 2 times with different values"),
        Rejected("journal.pages", "given 2 times with different values"),
    ],
    "nul-bytes.jsonl": [
        Converts((("repaired", "title"),)),
        Converts((("repaired", "abstract"),)),
    ],
    "lone-surrogates.jsonl": [
        Converts(
            (
                ("repaired", "title"),
                ("repaired", "abstract"),
                ("repaired", "Score"),
                ("repaired", "harvestNote"),
            )
        )
    ],
    "controls.jsonl": [
        Converts(
            (
                ("repaired", "title"),
                ("repaired", "abstract"),
                ("repaired", "name"),
                ("repaired", "TitleCN"),
            )
        )
    ],
    "controls-in-dump.txt": [
        Converts(
            (
                ("repaired", "authors line"),
                ("repaired", "摘要"),
                ("repaired", "关键词"),
                ("repaired", "作者单位"),
                ("repaired", "期刊介绍"),
            )
        )
    ],
    "invalid-utf8.txt": [Converts(), Rejected("record", "bytes that are not utf-8"), Converts()],
    "invalid-utf8-array.json": [
        Converts(),
        Rejected("record", "bytes that are not utf-8"),
        Converts(),
    ],
    "gbk.txt": [Converts((("encoding", "_source"),))],
    "crlf.txt": [Converts()],
    "mixed-line-endings.txt": [Converts()],
    "authors-disagree.txt": [Converts((("conflict", "authors"),))],
    "dates.jsonl": [
        Converts((("repaired", "publicationDate"),)),
        Rejected("publicationDate", "has no day 30"),
        Converts((("repaired", "publicationDate"), ("repaired", "EPubDate"))),
        Converts((("repaired", "EPubDate"),)),
        Rejected("publicationDate", "month 13 does not exist"),
    ],
    "pages.jsonl": [
        Converts((("repaired", "pages"),)),
        Rejected("journal.pages", "is not a page range"),
        Converts(),
    ],
    "doi.jsonl": [
        Converts((("repaired", "doi"),)),
        Converts((("repaired", "doi"),)),
        Converts((("repaired", "doi"),)),
        Converts((("repaired", "doi"),)),
        Rejected("doi", "is not a DOI"),
    ],
}


# --- Checks ---------------------------------------------------------------------------------


def read_all(source: Any) -> list[Record | Reject]:
    """Every record and reject of ``source``; only a NormaliserError may escape (none does for
    the corpus: each case is a readable input with some broken records)."""
    return list(normaliser.read(source, errors="yield"))


def check_outcomes(items: list[Record | Reject], expected: list[Outcome], data: bytes) -> None:
    assert [type(i).__name__ for i in items] == [
        "Record" if isinstance(e, Converts) else "Reject" for e in expected
    ]
    for item, outcome in zip(items, expected, strict=True):
        if isinstance(item, Reject):
            assert isinstance(outcome, Rejected)
            messages = flatten_messages(item.messages)
            assert any(
                field == outcome.field and outcome.says in message for field, message in messages
            ), messages
            assert_original_bytes(item, data)
        else:
            assert isinstance(outcome, Converts)
            notes = {(n.kind, n.field) for n in item.notes}
            assert set(outcome.notes) <= notes, notes
            assert_not_empty(item)


def assert_original_bytes(reject: Reject, data: bytes) -> None:
    """A reject's text is its slice of the input, byte for byte."""
    original = reject.data if reject.data is not None else reject.raw.encode("utf-8")
    assert reject.offset is not None and original
    assert data[reject.offset : reject.offset + len(original)] == original


def assert_not_empty(record: Record) -> None:
    """Every case's input has a title, authors and a DOI: a record without all three would have
    lost them silently (a case that removes one says so in a note)."""
    assert record.titles or any(n.field in ("title", "TitleCN") for n in record.notes)
    assert record.contributors and record.identifiers


def _dc_schema(root: Any) -> Any:
    name = {"dc": "oai_dc.xsd", "qualifieddc": "qdc.xsd", "records": "collection.xsd"}
    return xmlio.xsd(str(resources.schema(name[xmlio.local(root)])))


def check_writers(
    records: list[Record],
    *,
    versions: Iterable[str] = ("1.3", "1.4"),
    refused: dict[str, str] | None = None,
) -> None:
    """Every registered writer writes ``records``: encodable text, XML that parses and
    validates, and a document every reader of that format reads back. ``refused`` maps a
    format to the element it cannot carry: that writer must refuse the record, naming it."""
    for name in formats.FORMATS:
        if formats.writer(name) is None:
            continue
        for options in [{"jats_version": v} for v in versions] if name == "jats" else [{}]:
            if refused and name in refused:
                with pytest.raises(InvalidRecord) as error:
                    normaliser.write(records, name, **options)
                assert refused[name] in error.value.messages
                continue
            document = normaliser.write(records, name, **options)
            data = document.encode("utf-8")  # no lone surrogate reached the output
            if name == "jats":
                root = xmlio.parse(data)
                articles = [root] if xmlio.local(root) == "article" else list(root)
                dtd = jats.official_dtd(options["jats_version"], "archiving")
                assert dtd is not None, "the official JATS DTDs are not installed"
                for article in articles:
                    assert xmlio.validate(xmlio.detached(article), dtd) == []
            elif name in ("dc", "qdc"):
                root = xmlio.parse(data)
                assert xmlio.validate(root, _dc_schema(root)) == []
            if not formats.get(name).reads:  # a reference list (gbt7714): a line a record
                assert len(document.splitlines()) >= len(records)
                continue
            back = list(normaliser.read(data, formats.get(name).module_name, errors="yield"))
            assert len(back) == len(records)
            if name == "json":
                assert back == records  # canonical JSON is lossless, even for repaired records


# --- The corpus -----------------------------------------------------------------------------


def test_every_corpus_file_has_an_expectation() -> None:
    files = sorted(p.name for p in CORPUS.iterdir() if p.name != "README.md")
    assert files == sorted(EXPECTED)


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_corpus_case(case: str, jats_dtds: Path) -> None:
    path = CORPUS / case
    items = read_all(path)
    check_outcomes(items, EXPECTED[case], path.read_bytes())
    check_writers([i for i in items if isinstance(i, Record)])


def test_line_endings_do_not_change_the_record() -> None:
    [lf] = read_all(SEED)
    assert read_all(CORPUS / "crlf.txt") == [lf]
    assert read_all(CORPUS / "mixed-line-endings.txt") == [lf]


def test_a_gbk_dump_reads_as_its_utf8_twin_plus_a_warning() -> None:
    [utf8] = read_all(SAMPLES / "zh-title-2024" / "aggregator.txt")
    [gbk] = read_all(CORPUS / "gbk.txt")
    assert isinstance(gbk, Record)
    assert gbk.notes[:-1] == utf8.notes
    assert gbk.notes[-1].kind == "encoding" and "GB18030" in gbk.notes[-1].message
    assert gbk == dataclasses.replace(utf8, notes=gbk.notes)


def test_undecodable_bytes_reach_the_rejects_file_exactly(tmp_path: Path) -> None:
    import base64

    from normaliser import batch

    rejects = tmp_path / "rejects.jsonl"
    source = CORPUS / "invalid-utf8.txt"
    stats = batch.run(
        [str(source)], "json", output=str(tmp_path / "out.jsonl"), rejects=str(rejects)
    )
    assert (stats.read, stats.written, stats.rejected) == (3, 2, 1)
    [line] = [json.loads(x) for x in rejects.read_text(encoding="utf-8").splitlines()]
    original = base64.b64decode(line["raw_base64"])
    data = source.read_bytes()
    assert b"\xff\xfe" in original
    assert data[line["offset"] : line["offset"] + len(original)] == original


def test_repairs_keep_what_can_be_kept() -> None:
    [record] = read_all(CORPUS / "lone-surrogates.jsonl")
    assert isinstance(record, Record)
    assert record.extras["harvestNote"] == {"by\ufffd": ["a\ufffdb"]}
    assert record.extras["Score"] == "x\ufffd"
    assert record.titles[0].value == "Cell membranes"
    [record] = read_all(CORPUS / "controls-in-dump.txt")
    assert isinstance(record, Record)
    assert [k.value for k in record.keywords] == ["乳腺癌", "纳米医学"]
    assert record.affiliations[0].value == "四川大学华西医院"
    assert [c.names[0].family for c in record.contributors][:2] == ["Zeng", "Hu"]
    dois = [r.identifier("doi") for r in read_all(CORPUS / "doi.jsonl") if isinstance(r, Record)]
    assert dois == ["10.2147/IJN.S502144"] * 4


# --- Generated cases: too large to commit ----------------------------------------------------


@pytest.mark.slow
def test_a_10_mb_abstract(tmp_path: Path, jats_dtds: Path) -> None:
    paragraph = "Breast cancer remains the leading cause of female mortality worldwide. " * 20
    count = 10 * 1024 * 1024 // len(paragraph) + 1
    source = tmp_path / "big.jsonl"
    html = "".join(f"<p>{paragraph}</p>" for _ in range(count))
    source.write_text(json.dumps({**BASE, "abstract": html}) + "\n", encoding="utf-8")
    [record] = read_all(source)
    assert isinstance(record, Record)
    assert len(record.abstracts[0].paragraphs) == count
    assert sum(len(p.value) for p in record.abstracts[0].paragraphs) >= 10 * 1024 * 1024 - count
    # Dublin Core holds an abstract in one element: more text than any XML reader accepts in
    # one node, so those writers refuse the record (in a batch: a reject of that output).
    # ISO 2709 says a record's length in five digits: MARC 21 and CNMARC refuse it (99,999 bytes
    # at most).
    refused = {"dc": "description", "qdc": "abstract", **ISO2709_REFUSED}
    check_writers([record], versions=("1.3",), refused=refused)


#: The writers bound by ISO 2709's five-digit record length, and the field their refusal names.
ISO2709_REFUSED = {"marc": "leader", "marcxml": "leader", "cnmarc": "leader", "cnmarcxml": "leader"}


@pytest.mark.slow
def test_10000_authors(tmp_path: Path, jats_dtds: Path) -> None:
    names = [f"Given{i} Family{i}" for i in range(10_000)]
    line = ", ".join(names)
    source = tmp_path / "many.txt"
    source.write_text(line + "\n" + json.dumps({**BASE, "authors": line}) + "\n", encoding="utf-8")
    # A 200 kB authors line fills the head the format is sniffed from: it must be named.
    with pytest.raises(UnknownFormat, match="--from"):
        read_all(source)
    [record] = normaliser.read(source, "aggregator", errors="yield")
    assert isinstance(record, Record)
    assert len(record.contributors) == 10_000
    assert record.contributors[-1].names[0].family == "Family9999"
    # 10,000 700/701 fields are more than an ISO 2709 record's 99,999 bytes: MARC 21 and CNMARC
    # refuse them.
    check_writers([record], versions=("1.3",), refused=ISO2709_REFUSED)


# --- Wrong types for every mapped key ---------------------------------------------------------

_JOURNAL = aggregator.JournalSchema().fields
MAPPED = [
    (f.data_key or name, f)
    for name, f in aggregator.AggregatorSchema().fields.items()
    if f.data_key != "journal"
] + [(f"journal.{f.data_key or name}", f) for name, f in _JOURNAL.items()]
WRONG: list[Any] = [{"a": 1}, ["x", {"y": 1}], True]


def _with(key: str, value: Any) -> dict[str, Any]:
    data = json.loads(json.dumps(BASE))
    if key.startswith("journal."):
        data["journal"][key.split(".", 1)[1]] = value
    else:
        data[key] = value
    return data


@pytest.mark.parametrize(("key", "field"), MAPPED, ids=[k for k, _ in MAPPED])
@pytest.mark.parametrize("value", WRONG, ids=["object", "mixed-list", "bool"])
def test_a_wrong_type_for_a_mapped_key(key: str, field: Any, value: Any) -> None:
    """An undocumented (opaque) key keeps any value verbatim in extras; a yes/no takes a
    boolean; a core key (``aggregator.CORE_KEYS``, the journal) refuses a value of the wrong
    type, naming the key; a secondary key keeps it verbatim in extras with a warning (issue 15:
    core and secondary fields)."""
    [item] = read_all(json.dumps(_with(key, value)).encode("utf-8"))
    core = key.split(".")[0] in aggregator.CORE_KEYS
    if isinstance(field, Opaque) or (isinstance(value, bool) and key == "isOpenAccess"):
        assert isinstance(item, Record)
        if isinstance(field, Opaque):
            assert item.extras[key] == value
        check_writers([item], versions=("1.3",))
    elif core:
        assert isinstance(item, Reject), item
        assert key in dict(flatten_messages(item.messages)), item.messages
    else:
        assert isinstance(item, Record), item
        assert item.extras[key] == value
        assert any(n.kind == "unparsed" and n.field == key for n in item.notes)
        check_writers([item], versions=("1.3",))


def test_the_journal_object_itself() -> None:
    for value in (["x"], True, 3, "a string"):
        [item] = read_all(json.dumps({**BASE, "journal": value}).encode("utf-8"))
        assert isinstance(item, Reject) and "journal" in item.messages
    [item] = read_all(json.dumps({**BASE, "journal": {"name": "J", "x": [1]}}).encode("utf-8"))
    assert isinstance(item, Record) and item.extras["journal.x"] == [1]


#: For every reader, an input whose records are wrong as a whole (not in one field).
WHOLE_RECORD_PROBLEMS: dict[str, str] = {
    "aggregator": 'A, B\n{"Year": 2020\n',
    "json": "[1]",
    "jats": "<article><front><article-meta><pub-date><year>2020</year></pub-date>"
    "</article-meta></front></article>",
    "dc": '<oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:date>2020</dc:date></oai_dc:dc>',
    "qdc": '<qualifieddc xmlns:dcterms="http://purl.org/dc/terms/">'
    "<dcterms:issued>2020</dcterms:issued></qualifieddc>",
    "noteexpress": "{Reference Type}: Journal Article\n{Year}: 2020\n\n",
    "refer": "%D 2020\n\n",
    "refworks": "RT Journal Article\nYR 2020\n\n",
    "cnki": "RT Journal Article\nYR 2020\n\n",
    "ris": "TY  - JOUR\nPY  - 2020\nER  - \n",
    "bibtex": "@article{x, year = {2020}}\n@article{y, title = {a\n",
    "csl": '[1, {"id": "a", "type": "article-journal", "issued": {"date-parts": [[2020]]}}]',
    # Saved API responses: values of a JSON array that are no work at all.
    "crossref": "[1, 2]",
    "openalex": "[1, 2]",
    "datacite": "[1, 2]",
    "s2": "[1, 2]",
    # MARC 21: a record of nothing but its 008 (no title, person or identifier).
    "marc": marcio.to_iso2709(
        marcio.MarcRecord(fields=[marcio.ControlField("008", "||||||s2020    xx" + " " * 24)])
    ).decode(),
    "marcxml": '<record xmlns="http://www.loc.gov/MARC21/slim"><leader>00000nam a2200000 i '
    '4500</leader><controlfield tag="008">||||||s2020</controlfield></record>',
    # CNMARC: a record of an imprint date only (ISO 2709, and as cnmarcxml).
    "cnmarc": "00047naa2 2200037   450 210000900000\x1e  \x1fd2020\x1e\x1d",
    "cnmarcxml": '<record xmlns="http://www.nlc.cn/"><leader>00000naa2 2200000   450 </leader>'
    '<datafield tag="210" ind1=" " ind2=" "><subfield code="d">2020</subfield></datafield>'
    "</record>",
}


def test_every_reader_is_covered_by_whole_record_problems() -> None:
    assert set(WHOLE_RECORD_PROBLEMS) == set(formats.readable())


@pytest.mark.parametrize("name", sorted(WHOLE_RECORD_PROBLEMS))
def test_whole_record_problems_are_keyed_record_never_schema(name: str) -> None:
    """A problem of the record as a whole is keyed ``record`` (README, rejects file), never
    marshmallow's ``_schema``; its one-line message is the bare message."""
    data = WHOLE_RECORD_PROBLEMS[name].encode()
    items = list(normaliser.read(data, name, errors="yield"))
    rejects = [i for i in items if isinstance(i, Reject)]
    assert rejects
    for reject in rejects:
        assert "_schema" not in json.dumps(reject.messages)
        assert list(reject.messages) == ["record"], reject.messages
        problems = reject.messages["record"]
        assert isinstance(problems, list)
        assert str(reject.error) == "; ".join(problems)
