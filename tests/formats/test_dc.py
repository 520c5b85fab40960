"""Dublin Core: the seed as oai_dc, qualified DC, the collection, reading OAI-PMH responses and
DSpace files, identifier and date spellings, validity of everything written, round trips."""

from __future__ import annotations

import dataclasses
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import example, given

import normaliser
from normaliser import batch, languages, resources, xmlio
from normaliser.cli import main
from normaliser.errors import InvalidInput, InvalidOutput, InvalidRecord, InvalidXML, UsageError
from normaliser.formats import dc
from normaliser.record import (
    Contributor,
    Dated,
    Deletion,
    Identifier,
    Journal,
    Link,
    Name,
    PartialDate,
    Prose,
    Record,
    Reject,
    Term,
    Text,
    check_paths,
)

from ..conftest import ROOT, SAMPLES, SEED
from ..strategies import dc_documents, records
from ..test_golden import INPUTS, MATRIX

DC = "http://purl.org/dc/elements/1.1/"
DCTERMS = "http://purl.org/dc/terms/"
#: Samples whose input is Dublin Core (their expected output is the canonical json.json).
DC_INPUTS = [p for p in INPUTS if p.name == "dc.xml"]
#: Samples with a golden Dublin Core document written from another input.
DC_GOLDEN = [source for source, expected in MATRIX if expected.name == "dc.xml"]


def schema(name: str) -> Any:
    return xmlio.xsd(str(resources.schema(name)))


def assert_valid(document: str) -> Any:
    """The whole document against the schema of its root (the writer checks record by record)."""
    root = xmlio.parse(document.encode("utf-8"))
    name = {"dc": "oai_dc.xsd", "qualifieddc": "qdc.xsd", "records": "collection.xsd"}
    assert xmlio.validate(root, schema(name[xmlio.local(root)])) == []
    return root


def statements(document: str) -> list[tuple[str, str | None, str]]:
    """(element, xml:lang, text) of every DC element of every record in a written document."""
    root = xmlio.parse(document.encode("utf-8"))
    return [
        (xmlio.local(e), e.get(xmlio.LANG), xmlio.text_of(e))
        for e in root.iter()
        if isinstance(e.tag, str) and e.tag.startswith((f"{{{DC}}}", f"{{{DCTERMS}}}"))
    ]


def one(document: str, **kwargs: Any) -> Record:
    [record] = normaliser.read(document, "dc", **kwargs)
    return record  # type: ignore[no-any-return]


def oai_dc(*elements: str, lang: str | None = None) -> str:
    """A bare oai_dc record from ``dc:`` element strings; one with no title, creator or
    identifier gets a title (a record with nothing to catalogue is a reject, issue 15)."""
    if not any(e.startswith(("<dc:title", "<dc:creator", "<dc:identifier")) for e in elements):
        elements = (*elements, "<dc:title>T</dc:title>")
    return (
        '<oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" '
        f'xmlns:dc="{DC}"' + (f' xml:lang="{lang}"' if lang else "") + ">"
        + "".join(elements)
        + "</oai_dc:dc>"
    )  # fmt: skip


@pytest.fixture(scope="module")
def seed_dc() -> str:
    code, out, _ = invoke("convert", str(SEED), "--to", "dc")
    assert code == 0
    return out


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


# --- The issue's "Done when" ------------------------------------------------------------------


def test_seed_on_the_command_line_is_a_valid_oai_dc_record(seed_dc: str) -> None:
    root = assert_valid(seed_dc)
    assert xmlio.local(root) == "dc"
    assert root.get(f"{{{xmlio.XSI_NS}}}schemaLocation") == (
        "http://www.openarchives.org/OAI/2.0/oai_dc/ http://www.openarchives.org/OAI/2.0/oai_dc.xsd"
    )
    found = statements(seed_dc)
    by: dict[str, list[tuple[str | None, str]]] = {}
    for element, lang, value in found:
        by.setdefault(element, []).append((lang, value))
    assert by["title"] == [
        (
            "en",
            "Advancements in Cell Membrane-Derived Biomimetic Nanotherapeutics for Breast Cancer",
        )
    ]
    assert [v for _, v in by["creator"]] == [
        "Zeng, Mingtang",
        "Hu, Chenji",
        "Chen, Tao",
        "Zhao, Tingrui",
        "Dai, Xinhua",
    ]
    assert (None, "https://doi.org/10.2147/IJN.S502144") in by["identifier"]
    [(lang, abstract)] = by["description"]
    assert lang == "en" and abstract.startswith("Breast cancer remains the leading cause")
    assert ("en", "Medicine") in by["subject"] and ("zh-Hans", "医学") in by["subject"]
    assert (None, "info:eu-repo/semantics/article") in by["type"] and (None, "Text") in by["type"]
    assert by["date"] == [(None, "2025-05-12")]
    assert by["source"] == [
        ("en", "International Journal of Nanomedicine, vol. 20, pp. 6059-6083, 2025")
    ]
    assert by["language"] == [(None, "eng")]
    # isOpenAccess=false beside an open-access PDF: the record's flag is written (the conflict is
    # its note), and the PDF stays a relation.
    assert by["rights"] == [(None, "info:eu-repo/semantics/closedAccess")]
    assert set(by) <= {
        "title", "creator", "subject", "description", "publisher", "contributor", "date", "type",
        "format", "identifier", "source", "language", "relation", "coverage", "rights",
    }  # fmt: skip


def test_bilingual_sample_carries_both_titles_and_both_abstracts() -> None:
    document = normaliser.convert(SAMPLES / "bilingual-2023" / "aggregator.txt", "dc")
    found = statements(document)
    titles = [(lang, v) for e, lang, v in found if e == "title"]
    abstracts = [lang for e, lang, _ in found if e == "description"]
    assert [lang for lang, _ in titles] == ["en", "zh-Hans"]
    assert titles[1][1].startswith("分级多孔碳纳米片")
    assert abstracts == ["en", "zh-Hans"]


def test_list_records_reads_one_record_per_live_record() -> None:
    items = list(normaliser.read(SAMPLES / "oai-listrecords" / "dc.xml", errors="yield"))
    assert [type(i).__name__ for i in items] == ["Record", "Deletion", "Record", "Record"]
    deleted = items[1]
    # A deleted record is no reject (issue 15): it says what the import job must remove.
    assert isinstance(deleted, Deletion)
    assert deleted.identifier == "oai:repository.example.edu.cn:20.500.12345/8790"
    assert deleted.line == 48
    records = [i for i in items if isinstance(i, Record)]
    assert [r.provenance.record_id for r in records if r.provenance] == [
        "oai:repository.example.edu.cn:20.500.12345/8841",
        "oai:repository.example.edu.cn:20.500.12345/8802",
        "oai:repository.example.edu.cn:20.500.12345/8811",
    ]
    # The token is a note on the last record of the response, and only there.
    tokens = [[n for n in r.notes if n.kind == "resumption-token"] for r in records]
    assert tokens[:2] == [[], []]
    [note] = tokens[2]
    assert note.field == "resumptionToken" and "oai_dc///col_medicine/100" in note.message
    assert "1873" in note.message


def test_deleted_records_and_token_are_reported_in_batch_mode(tmp_path: Path) -> None:
    rejects = tmp_path / "rejects.jsonl"
    stats = batch.run(
        [SAMPLES / "oai-listrecords" / "dc.xml"],
        "json",
        output=str(tmp_path / "out.jsonl"),
        rejects=str(rejects),
    )
    assert (stats.read, stats.written, stats.rejected, stats.deleted) == (4, 3, 0, 1)
    assert stats.warnings["resumption-token"] == 1
    assert rejects.read_text(encoding="utf-8") == ""


# --- Golden files -----------------------------------------------------------------------------


# The golden documents themselves are compared in tests/test_golden.py.


@pytest.mark.parametrize("source", DC_GOLDEN, ids=lambda p: p.parent.name)
def test_golden_dc_is_valid(source: Path) -> None:
    assert_valid((source.parent / "dc.xml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("source", DC_GOLDEN, ids=lambda p: p.parent.name)
def test_golden_dc_reads_back_and_writes_itself(source: Path) -> None:
    golden = (source.parent / "dc.xml").read_text(encoding="utf-8")
    again = list(normaliser.read(golden))
    assert len(again) == len(list(normaliser.read(source, errors="skip")))
    assert normaliser.write(again, "dc") == golden


def test_there_is_a_sample_for_each_input_pattern() -> None:
    names = {p.parent.name for p in DC_INPUTS}
    assert {"oai-listrecords", "oai-getrecord", "dspace-saf", "qdc-bilingual", "dc-bare"} <= names


# --- Reading: patterns ------------------------------------------------------------------------


def test_get_record_response() -> None:
    [record] = normaliser.read(SAMPLES / "oai-getrecord" / "dc.xml")
    assert record.provenance is not None
    assert record.provenance.record_id == "oai:eprints.example.ac.uk:4412"
    assert record.identifier("doi") == "10.1111/ecl.14402"
    assert (record.volume, record.elocation_id) == ("27", "e14402")
    assert record.open_access is True
    assert record.license == "https://creativecommons.org/licenses/by/4.0/"
    assert record.journal is not None
    assert record.journal.identifiers == (Identifier("issn-electronic", "2352-3409"),)
    assert record.extras["oai:setSpec"] == ["7374617475733D707562"]


def test_dspace_simple_archive_format() -> None:
    [record] = normaliser.read(SAMPLES / "dspace-saf" / "dc.xml")
    assert record.language == "en"  # DSpace's en_US locale stamp
    assert [(t.lang, t.variant) for t in record.titles] == [
        ("en", "original"),
        ("zh-Hans", "translation"),  # title.alternative stamped en_US, written in Han
    ]
    assert [c.role for c in record.contributors] == ["author", "author", "author", "advisor"]
    assert record.contributors[1].names[0] == Name("王", "建华", "eastern", "zh-Hans")
    assert record.date("published") == PartialDate(2019, 11)
    assert record.identifier("doi") == "10.13227/j.hjkx.201904112"
    assert record.journal is not None
    assert record.journal.identifiers == (Identifier("issn", "2095-154X"),)
    assert (record.volume, record.issue, record.fpage, record.lpage) == ("40", "11", "5120", "5128")
    assert [a.lang for a in record.abstracts] == ["en", "zh-Hans"]
    # Deposit timestamps and provenance are DSpace's own: kept, never taken for the work's.
    assert set(record.extras) == {
        "dspace:dc.date.accessioned",
        "dspace:dc.date.available",
        "dspace:dc.description.provenance",
        "dc:description",
        "dc:language",  # en, as the source wrote it (issue 17)
        "dc:type",  # Article, as the source wrote it (issue 17)
    }


def test_qualified_record() -> None:
    [record] = normaliser.read(SAMPLES / "qdc-bilingual" / "dc.xml")
    assert record.language == "zh-Hant"  # zh-TW
    assert [(t.lang, t.variant) for t in record.titles] == [
        ("zh-TW", "original"),  # xml:lang as written: a valid tag (issue 17)
        ("zh-TW", "original"),  # dcterms:alternative
        ("en", "translation"),
    ]
    assert [len(c.names) for c in record.contributors] == [1, 2]
    # A Latin form beside a Han name is its romanisation: Wade-Giles, not pinyin.
    assert record.contributors[1].names[1] == Name(
        "Li", "Yi-Chun", lang="zh-Latn", variant="transliteration"
    )
    assert [(d.kind, d.date.iso()) for d in record.dates] == [
        ("published", "2023-09"),
        ("accepted", "2023-06-21"),
        ("received", "2023-02-10"),
    ]
    assert record.extras == {
        "dc:description": [{"value": "本文為國科會計畫成果。", "lang": "zh-TW"}],
        "dcterms:spatial": [{"value": "臺北市", "lang": "zh-TW"}],
        # zh-TW is a valid language tag: written back as it came (issue 17).
        "dc:language": [{"value": "zh-TW", "of": "language"}],
    }


def test_the_collection_reads_back_and_an_empty_one_is_empty() -> None:
    records = list(normaliser.read(SAMPLES / "jsonl-2025" / "aggregator.jsonl"))
    document = normaliser.write(records, "dc")
    assert document.startswith(
        '<?xml version="1.0" encoding="UTF-8"?>\n<records xmlns="urn:normaliser:collection">\n'
    )
    assert_valid(document)
    assert len(list(normaliser.read(document))) == 3
    empty = normaliser.write([], "dc")
    assert_valid(empty)
    assert list(normaliser.read(empty, "dc")) == []


@pytest.mark.parametrize(
    ("identifier", "expected"),
    [
        ("doi:10.1000/182", Identifier("doi", "10.1000/182")),
        ("DOI: 10.1000/182", Identifier("doi", "10.1000/182")),
        ("info:doi/10.1000/182", Identifier("doi", "10.1000/182")),
        ("https://doi.org/10.1000/182", Identifier("doi", "10.1000/182")),
        ("http://dx.doi.org/10.1000/182", Identifier("doi", "10.1000/182")),
        ("10.1000/182", Identifier("doi", "10.1000/182")),
        ("PMC1234567", Identifier("pmcid", "PMC1234567")),
        ("PMCID: pmc1234567", Identifier("pmcid", "PMC1234567")),
        (
            "https://www.ncbi.nlm.nih.gov/pmc/articles/PMC1234567/",
            Identifier("pmcid", "PMC1234567"),
        ),
        ("https://pmc.ncbi.nlm.nih.gov/articles/PMC1234567/", Identifier("pmcid", "PMC1234567")),
        ("PMID: 15123456", Identifier("pmid", "15123456")),
        ("pmid:15123456", Identifier("pmid", "15123456")),
        ("info:pmid/15123456", Identifier("pmid", "15123456")),
        ("https://pubmed.ncbi.nlm.nih.gov/15123456/", Identifier("pmid", "15123456")),
        ("http://www.ncbi.nlm.nih.gov/pubmed/15123456", Identifier("pmid", "15123456")),
        ("hdl:20.500.12345/8841", Identifier("hdl", "20.500.12345/8841")),
        ("ISBN 978-7-04-012345-6", Identifier("other", "ISBN 978-7-04-012345-6")),
    ],
)
def test_identifier_spellings(identifier: str, expected: Identifier) -> None:
    record = one(oai_dc(f"<dc:identifier>{identifier}</dc:identifier>"))
    assert record.identifiers == (expected,)


@pytest.mark.parametrize(
    ("element", "value", "scheme"),
    [
        ("source", "ISSN 1176-9114", "issn"),
        ("source", "ISSN: 1176-9114", "issn"),
        ("source", "urn:ISSN:1176-9114", "issn"),
        ("source", "eISSN 1176-9114", "issn-electronic"),
        ("source", "ISSN 1176-9114 (print)", "issn-print"),
        ("relation", "info:eu-repo/semantics/altIdentifier/pissn/1176-9114", "issn-print"),
        ("relation", "info:eu-repo/semantics/altIdentifier/eissn/1176-9114", "issn-electronic"),
        ("relation", "ISSN 1176-9114", "issn"),
    ],
)
def test_issn_in_source_or_relation(element: str, value: str, scheme: str) -> None:
    record = one(oai_dc(f"<dc:{element}>{value}</dc:{element}>"))
    assert record.journal is not None
    assert record.journal.identifiers == (Identifier(scheme, "1176-9114"),)


@pytest.mark.parametrize(
    ("value", "title", "parts"),
    [
        ("Page Aa", "Page Aa", {}),  # found by hypothesis: a title, not page "Aa"
        ("Volume Ii", "Volume Ii", {}),
        ("Issue Special", "Issue Special", {}),
        (
            "Nature, vol. 12, no. 3, pp. 1-9, 2020",
            "Nature",
            {"volume": "12", "issue": "3", "pages": "1-9", "year": "2020"},
        ),
        ("Annals, Vol. XII, pp. iv-xii", "Annals", {"volume": "XII", "pages": "iv-xii"}),
        ("Heliyon, No. Suppl 2, p. e123", "Heliyon", {"issue": "Suppl 2", "pages": "e123"}),
    ],
)
def test_citation_parts_are_numbered_or_the_text_is_a_title(
    value: str, title: str, parts: dict[str, str]
) -> None:
    citation = dc.citations.parse(value)
    assert (citation.title, citation.parts) == (title, parts)


def test_a_source_that_only_looks_like_pages_is_written_back_as_it_is() -> None:
    document = oai_dc('<dc:source xml:lang="en">Page Aa</dc:source>')
    written = normaliser.write(list(normaliser.read(document, "dc")), "dc")
    assert ("source", "en", "Page Aa") in statements(written)


def _journal(record: Record) -> tuple[str | None, ...]:
    """The journal title, volume, issue, first and last page, article number of a record."""
    title = record.journal.titles[0].value if record.journal and record.journal.titles else None
    return (title, record.volume, record.issue, record.fpage, record.lpage, record.elocation_id)


@pytest.mark.parametrize(
    ("source", "journal", "year"),
    [
        (
            "International Journal of Nanomedicine, Vol 20, Pp 6059-6083 (2025)",
            ("International Journal of Nanomedicine", "20", None, "6059", "6083", None),
            2025,
        ),
        (
            "PLoS ONE, Vol 15, Iss 3, p e0229808 (2020)",
            ("PLoS ONE", "15", "3", None, None, "e0229808"),
            2020,
        ),
        (
            "Jurnal Pendidikan; Vol. 5 No. 2 (2020); 123-130",
            ("Jurnal Pendidikan", "5", "2", "123", "130", None),
            2020,
        ),
        ("Nature. 2014;510:356-62.", ("Nature", "510", None, "356", "362", None), 2014),
        (
            "中华医学杂志, 2020, 100(5): 321-325",
            ("中华医学杂志", "100", "5", "321", "325", None),
            2020,
        ),
    ],
)
def test_real_citations_fill_the_journal_and_the_issue_date(
    source: str, journal: tuple[str | None, ...], year: int
) -> None:
    record = one(oai_dc(f"<dc:title>A paper</dc:title><dc:source>{source}</dc:source>"))
    assert _journal(record) == journal
    assert record.date("published") == PartialDate(year)
    # The source's own form is kept, of the citation: written back as it came (issue 17).
    assert record.extras == {"dc:source": [{"value": source, "of": "citation"}]}
    assert record.notes == ()
    assert [v for e, _, v in statements(normaliser.write(record, "dc")) if e == "source"] == [
        source
    ]


def test_a_citation_year_never_overrides_dc_date() -> None:
    record = one(
        oai_dc(
            "<dc:date>2024-12-30</dc:date>",
            "<dc:source>Frontiers in Medicine, Vol 7 (2025)</dc:source>",
        )
    )
    assert record.date("published") == PartialDate(2024, 12, 30)
    assert record.date("collection") == PartialDate(2025)  # the issue's year
    assert _journal(record) == ("Frontiers in Medicine", "7", None, None, None, None)


def test_text_a_citation_cannot_map_is_kept_as_written() -> None:
    source = "Revista X; v. 12 n. 3 (2019): Dezembro; 45-60"
    record = one(oai_dc(f'<dc:source xml:lang="pt">{source}</dc:source>'))
    assert _journal(record) == ("Revista X", "12", "3", "45", "60", None)
    assert record.extras == {"dc:source": [{"value": source, "lang": "pt", "of": "citation"}]}
    assert [n.kind for n in record.notes] == ["unparsed"] and "Dezembro" in record.notes[0].message
    # Written once, as it came (not beside the writer's form of it, which said it twice) ...
    written = [s for s in statements(normaliser.write(record, "dc")) if s[0] == "source"]
    assert written == [("source", "pt", source)]
    # ... while it says what the record does: a stale citation is never written.
    changed = dataclasses.replace(record, volume="13")
    written = [s for s in statements(normaliser.write(changed, "dc")) if s[0] == "source"]
    assert written == [("source", "pt", "Revista X, vol. 13, no. 3, pp. 45-60, 2019")]


def test_a_doi_in_a_citation_is_the_records_when_it_has_none_and_never_lost() -> None:
    source = "Int J Nanomedicine. 2025 Jan 1;20:6059-6083. doi: 10.2147/IJN.S502144"
    record = one(oai_dc(f"<dc:source>{source}</dc:source>"))
    assert record.identifiers == (Identifier("doi", "10.2147/IJN.S502144"),)
    assert _journal(record) == ("Int J Nanomedicine", "20", None, "6059", "6083", None)
    # "Jan 1" maps to nothing: the citation is kept as written.
    assert record.extras == {"dc:source": [{"value": source, "of": "citation"}]}
    same = one(
        oai_dc(
            "<dc:identifier>https://doi.org/10.2147/ijn.s502144</dc:identifier>",
            "<dc:source>Nature. 2014;510:356-362. doi: 10.2147/IJN.S502144</dc:source>",
        )
    )
    assert same.notes == ()
    assert same.extras == {
        "dc:source": [
            {"value": "Nature. 2014;510:356-362. doi: 10.2147/IJN.S502144", "of": "citation"}
        ]
    }
    other = one(
        oai_dc(
            "<dc:identifier>doi:10.1000/other</dc:identifier>",
            "<dc:source>Nature. 2014;510:356-362. doi: 10.2147/IJN.S502144</dc:source>",
        )
    )
    assert other.identifiers == (Identifier("doi", "10.1000/other"),)
    assert other.extras == {
        "dc:source": [{"value": "Nature. 2014;510:356-362. doi: 10.2147/IJN.S502144"}]
    }
    assert {n.kind for n in other.notes} == {"conflict", "unparsed"}


def test_an_issn_in_brackets_is_the_journals() -> None:
    record = one(oai_dc("<dc:source>Ecology Letters (1461023X) vol.4 (2001)</dc:source>"))
    assert record.journal is not None
    assert record.journal.identifiers == (Identifier("issn", "1461-023X"),)
    assert _journal(record) == ("Ecology Letters", "4", None, None, None, None)
    stated = one(
        oai_dc(
            "<dc:source>Ecology Letters (1461023X) vol.4 (2001)</dc:source>",
            "<dc:source>ISSN 1461-023X (print)</dc:source>",
        )
    )
    assert stated.journal is not None
    assert stated.journal.identifiers == (Identifier("issn-print", "1461-023X"),)
    bad = "Ecology Letters (1461024X) vol.4 (2001)"  # the check digit fails: kept as written
    assert one(oai_dc(f"<dc:source>{bad}</dc:source>")).extras == {"dc:source": [{"value": bad}]}


def test_citations_that_disagree_are_a_conflict() -> None:
    record = one(
        oai_dc(
            "<dc:source>BMC Cancer, Vol 21, Iss 1, Pp 1-12 (2021)</dc:source>",
            "<dc:source>BMC Cancer. 2021;22(1):1-12</dc:source>",
        )
    )
    assert record.volume == "21"
    assert [(n.kind, n.message) for n in record.notes] == [
        ("conflict", "volume '22' differs from '21'; the first is kept")
    ]


def test_is_part_of_is_a_title_unless_it_names_a_volume() -> None:
    def qdc(part_of: str) -> Record:
        return one(
            '<qdc:qualifieddc xmlns:qdc="http://dspace.org/qualifieddc/" '
            f'xmlns:dc="{DC}" xmlns:dcterms="{DCTERMS}">'
            f"<dc:title>A paper</dc:title><dcterms:isPartOf>{part_of}</dcterms:isPartOf>"
            "</qdc:qualifieddc>"
        )

    assert _journal(qdc("2D Materials")) == ("2D Materials", None, None, None, None, None)
    assert _journal(qdc("Proceedings, 2020")) == ("Proceedings, 2020", None, None, None, None, None)
    record = qdc("Revista Z; Vol. 10 Núm. 2 (2021)")
    assert _journal(record) == ("Revista Z", "10", "2", None, None, None)
    assert record.date("published") == PartialDate(2021)


def test_a_bad_issn_is_kept_verbatim_with_a_note_and_strict_refuses_it() -> None:
    document = oai_dc("<dc:source>ISSN 1176-9115</dc:source>")
    record = one(document)
    assert record.journal is None
    assert record.extras == {"dc:source": [{"value": "ISSN 1176-9115"}]}
    assert [n.kind for n in record.notes] == ["unparsed"]
    [reject] = normaliser.read(document, "dc", strict=True, errors="yield")
    assert isinstance(reject, Reject) and "ISSN" in reject.messages


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2004-06-01T00:00:00Z", PartialDate(2004, 6, 1)),
        ("June 2004", PartialDate(2004, 6)),
        ("2004-06", PartialDate(2004, 6)),
        ("2004", PartialDate(2004)),
        ("2004-06-01", PartialDate(2004, 6, 1)),
    ],
)
def test_date_shapes(value: str, expected: PartialDate) -> None:
    record = one(oai_dc(f"<dc:date>{value}</dc:date>"))
    assert record.dates == (Dated("published", expected),)
    assert not record.notes


def test_a_deposit_timestamp_is_not_the_publication_date() -> None:
    record = one(oai_dc("<dc:date>2010-05-01T09:31:12Z</dc:date>", "<dc:date>2004</dc:date>"))
    assert record.dates == (Dated("published", PartialDate(2004)),)
    assert record.extras == {"dc:date": [{"value": "2010-05-01T09:31:12Z"}]}


def test_an_unreadable_date_is_kept_verbatim() -> None:
    record = one(oai_dc("<dc:date>s.d.</dc:date>"))
    assert record.dates == ()
    assert record.extras == {"dc:date": [{"value": "s.d."}]}
    assert record.notes[0].kind == "unparsed"


def test_original_and_translation_by_xml_lang_against_dc_language() -> None:
    record = one(
        oai_dc(
            '<dc:title xml:lang="en">An English title</dc:title>',
            '<dc:title xml:lang="zh-Hans">中文标题的研究</dc:title>',
            "<dc:language>chi</dc:language>",
        )
    )
    assert [(t.lang, t.variant) for t in record.titles] == [
        ("zh-Hans", "original"),
        ("en", "translation"),
    ]
    assert record.title == Text("中文标题的研究", "zh-Hans")
    assert record.language == "zh-Hans"  # zho says Chinese; its title says which script


def test_without_xml_lang_the_script_decides_and_the_first_title_is_main() -> None:
    record = one(
        oai_dc(
            "<dc:title>臺灣長期照護機構之研究</dc:title>",
            "<dc:title>Long-term care in Taiwan</dc:title>",
            "<dc:title>長照機構研究</dc:title>",
            "<dc:language>zh-TW</dc:language>",
        )
    )
    assert [(t.lang, t.variant) for t in record.titles] == [
        ("zh-Hant", "original"),
        ("und", "original"),  # Latin text in a Chinese record: its language is not known
        ("zh-Hant", "original"),
    ]
    assert record.title is not None and record.title.value == "臺灣長期照護機構之研究"


def test_latin_text_without_xml_lang_takes_a_latin_script_record_language() -> None:
    record = one(
        oai_dc(
            "<dc:title>A title</dc:title>",
            "<dc:title>标题的研究</dc:title>",
            "<dc:language>English</dc:language>",
        )
    )
    assert [(t.lang, t.variant) for t in record.titles] == [
        ("en", "original"),
        ("zh-Hans", "translation"),
    ]


def test_without_dc_language_the_first_title_is_the_original_language() -> None:
    record = one(
        oai_dc(
            '<dc:title xml:lang="ja">日本語の題名</dc:title>',
            '<dc:title xml:lang="en">T</dc:title>',
        )
    )
    assert [t.variant for t in record.titles] == ["original", "translation"]
    assert record.language is None


def test_creator_forms() -> None:
    record = one(
        oai_dc(
            "<dc:creator>Zeng, Mingtang</dc:creator>",
            "<dc:creator>ZENG Mingtang</dc:creator>",
            "<dc:creator>曾明堂</dc:creator>",
            "<dc:creator>曾明堂 (Zeng, Mingtang)</dc:creator>",
            "<dc:contributor>Sun, Guoqiang</dc:contributor>",
        )
    )
    names = [[(n.family, n.given, n.style) for n in c.names] for c in record.contributors]
    assert names == [
        [("Zeng", "Mingtang", "western")],
        [("Zeng", "Mingtang", "western")],
        [("曾", "明堂", "eastern")],
        [("曾", "明堂", "eastern"), ("Zeng", "Mingtang", "western")],
        [("Sun", "Guoqiang", "western")],
    ]
    assert [c.role for c in record.contributors] == ["author"] * 4 + ["contributor"]
    # Given first, in a record that writes its names so (in one that inverts them, a name in
    # direct order is one given as it appears: test_dc_names).
    direct = one(
        oai_dc("<dc:creator>Mingtang Zeng</dc:creator>", "<dc:creator>Guoqiang Sun</dc:creator>")
    )
    assert [(n.family, n.given) for c in direct.contributors for n in c.names] == [
        ("Zeng", "Mingtang"),
        ("Sun", "Guoqiang"),
    ]


def test_one_creator_per_person_the_han_form_first() -> None:
    person = Contributor(
        (Name("Zeng", "Mingtang"), Name("曾", "明堂", "eastern", "zh-Hans")),
        orcid="0000-0002-1825-0097",
    )
    document = normaliser.write(
        Record(contributors=(person, Contributor((Name("Hu", "Chenji"),)))), "dc"
    )
    assert [(lang, v) for e, lang, v in statements(document) if e == "creator"] == [
        ("zh-Hans", "曾明堂 (Zeng, Mingtang)"),
        (None, "Hu, Chenji"),
    ]
    again = one(document)
    assert again.contributors[0].names == (
        Name("曾", "明堂", "eastern", "zh-Hans"),
        Name("Zeng", "Mingtang", lang="zh-Latn-pinyin", variant="transliteration"),
    )


def test_a_cas_category_is_a_run_of_its_labels_a_lone_label_a_keyword() -> None:
    record = one(
        oai_dc(
            '<dc:subject xml:lang="en">Medicine</dc:subject>',
            '<dc:subject xml:lang="zh-Hans">医学</dc:subject>',
            '<dc:subject xml:lang="en">Medicine</dc:subject>',
            '<dc:subject xml:lang="zh-Hans">化学</dc:subject>',
            "<dc:subject>医学</dc:subject>",
        )
    )
    assert record.subjects == (Term("cas-category", "medicine"),)
    assert [k.value for k in record.keywords] == ["Medicine", "化学", "医学"]


def test_cas_category_of_a_zone_is_written_in_every_language_and_read_as_a_subject() -> None:
    record = next(normaliser.read(SEED))
    document = normaliser.write(record, "dc")
    subjects = [(lang, v) for e, lang, v in statements(document) if e == "subject"]
    assert subjects == [("en", "Medicine"), ("zh-Hans", "医学"), ("zh-Hant", "醫學")]
    again = one(document)
    assert again.subjects == (Term("cas-category", "medicine"),) and again.keywords == ()


def test_publication_types_labels_win_over_openaire_classes() -> None:
    record = one(
        oai_dc(
            "<dc:type>info:eu-repo/semantics/article</dc:type>",
            "<dc:type>Case Report</dc:type>",
            "<dc:type>Text</dc:type>",
        )
    )
    assert record.publication_types == (Term("publication-type", "case-report"),)
    assert record.extras == {}
    only_class = one(oai_dc("<dc:type>info:eu-repo/semantics/review</dc:type>"))
    assert only_class.publication_types == (Term("publication-type", "review"),)


def test_access_levels_and_licence() -> None:
    record = one(
        oai_dc(
            "<dc:rights>info:eu-repo/semantics/embargoedAccess</dc:rights>",
            "<dc:rights>© 2024 The Authors</dc:rights>",
            "<dc:rights>https://creativecommons.org/licenses/by-nc/4.0/</dc:rights>",
        )
    )
    assert record.open_access is False
    assert record.license == "https://creativecommons.org/licenses/by-nc/4.0/"
    rights = [v for e, _, v in statements(normaliser.write(record, "dc")) if e == "rights"]
    assert rights == [
        "https://creativecommons.org/licenses/by-nc/4.0/",
        "info:eu-repo/semantics/embargoedAccess",  # kept as written, not made closedAccess
        "© 2024 The Authors",
    ]


def test_a_malformed_xml_lang_is_ignored_so_that_what_is_read_can_be_written() -> None:
    record = one(
        oai_dc('<dc:title xml:lang="en US">Title</dc:title>', "<dc:language>en</dc:language>")
    )
    assert record.titles == (Text("Title", "en"),)
    assert_valid(normaliser.write(record, "dc"))


def test_unknown_elements_are_kept_and_strict_refuses_them() -> None:
    document = oai_dc('<x:extra xmlns:x="urn:x">value</x:extra>', "<dc:title>T</dc:title>")
    assert one(document).extras == {"{urn:x}extra": [{"value": "value"}]}
    [reject] = normaliser.read(document, "dc", strict=True, errors="yield")
    assert isinstance(reject, Reject) and reject.messages == {
        "{urn:x}extra": ["{urn:x}extra is not a Dublin Core field"]
    }


def test_not_well_formed_xml_is_invalid_xml_with_its_line() -> None:
    broken = oai_dc("<dc:title>T</dc:title>").replace("</oai_dc:dc>", "\n\n<dc:title>")
    with pytest.raises(InvalidXML) as info:
        list(normaliser.read(broken, "dc"))
    assert info.value.line == 3 and "line 3" in str(info.value)


def test_oai_pmh_errors() -> None:
    response = (
        '<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2025-01-01'
        '</responseDate><request>x</request><error code="{code}">{text}</error></OAI-PMH>'
    )
    assert list(normaliser.read(response.format(code="noRecordsMatch", text="none"), "dc")) == []
    with pytest.raises(InvalidInput, match="badResumptionToken"):
        list(normaliser.read(response.format(code="badResumptionToken", text="expired"), "dc"))


def test_a_document_without_dublin_core_is_invalid_input() -> None:
    with pytest.raises(InvalidInput, match="no Dublin Core record"):
        list(normaliser.read("<article><front/></article>", "dc"))


def test_metadata_in_another_format_is_a_reject() -> None:
    response = (
        '<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><ListRecords><record><header>'
        "<identifier>oai:x:1</identifier></header><metadata><mods xmlns='urn:mods'/></metadata>"
        "</record></ListRecords></OAI-PMH>"
    )
    [reject] = normaliser.read(response, "dc", errors="yield")
    assert isinstance(reject, Reject) and reject.messages == {
        "metadata": ["the record's metadata is not Dublin Core"]
    }


def test_reading_streams_record_by_record() -> None:
    record = oai_dc("<dc:title>T</dc:title>")
    head = '<records xmlns="urn:normaliser:collection">'
    body = head + record * 5000 + "</records>"
    data = body.encode("utf-8")

    class Counting(io.RawIOBase):
        def __init__(self) -> None:
            self.position = 0

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: Any) -> int:
            chunk = data[self.position : self.position + min(len(buffer), 4096)]
            buffer[: len(chunk)] = chunk
            self.position += len(chunk)
            return len(chunk)

    stream = Counting()
    first = next(iter(normaliser.read(io.BufferedReader(stream), "dc")))
    assert first.titles[0].value == "T"
    assert stream.position < len(data) // 4


@pytest.mark.parametrize(
    "document",
    [
        oai_dc("<dc:title>T</dc:title>"),
        (SAMPLES / "oai-listrecords" / "dc.xml").read_text(encoding="utf-8"),
        (SAMPLES / "dspace-saf" / "dc.xml").read_text(encoding="utf-8"),
        (SAMPLES / "qdc-bilingual" / "dc.xml").read_text(encoding="utf-8"),
        normaliser.write([Record(), Record()], "dc"),
    ],
    ids=["oai_dc", "list-records", "dspace", "qdc", "collection"],
)
def test_dublin_core_is_sniffed(document: str) -> None:
    assert normaliser.formats.sniff(document[:65536]).module is dc


def test_aggregator_and_json_are_not_taken_for_dublin_core() -> None:
    assert dc.sniff(SEED.read_text(encoding="utf-8")) == 0
    assert dc.sniff('{"record_version": 1}') == 0


# --- Writing ----------------------------------------------------------------------------------


def test_qualified_profile() -> None:
    record = next(normaliser.read(SAMPLES / "qdc-bilingual" / "dc.xml"))
    document = normaliser.write(record, "qdc")
    root = assert_valid(document)
    assert xmlio.local(root) == "qualifieddc"
    found = [(e, lang, v) for e, lang, v in statements(document)]
    assert ("alternative", "zh-TW", "臺北市熱島與用電") in found
    assert ("abstract", "en", record.abstracts[1].text) in found
    assert ("isPartOf", "zh-TW", "地理學報") in found
    assert ("bibliographicCitation", "zh-TW", "地理學報, no. 54, pp. 45-68, 2023") in found
    assert ("issued", None, "2023-09") in found
    assert ("dateAccepted", None, "2023-06-21") in found
    assert ("accessRights", None, "info:eu-repo/semantics/openAccess") in found
    assert ("license", None, "https://creativecommons.org/licenses/by/4.0/") in found
    assert ("language", None, "zh-TW") in found  # as the source wrote it
    types = {
        xmlio.text_of(e): e.get(f"{{{xmlio.XSI_NS}}}type") for e in root if xmlio.local(e) == "type"
    }
    assert types["Text"] == "dcterms:DCMIType"
    again = one(document)
    assert again.restricted_to(dc.KEEPS) == record.restricted_to(dc.KEEPS)
    assert again.dates == record.dates


def test_language_codes_option() -> None:
    record = Record(titles=(Text("标题", "zh-Hans"),), language="zh-Hans")
    assert ("language", None, "zho") in statements(normaliser.write(record, "dc"))
    bcp47 = normaliser.write(record, "dc", language_codes="bcp47")
    assert ("language", None, "zh-Hans") in statements(bcp47)
    assert one(bcp47).language == "zh-Hans"
    with pytest.raises(UsageError):
        normaliser.write(record, "dc", language_codes="iso639-1")
    with pytest.raises(UsageError):
        normaliser.write(record, "dc", profile="marc")


@pytest.mark.parametrize(
    ("tag", "code"),
    [("en", "eng"), ("zh-Hans", "zho"), ("zh-Hant", "zho"), ("zh", "zho"), ("ja", "jpn"),
     ("ko", "kor"), ("de", "deu"), ("fr", "fra"), ("es", "spa"), ("ru", "rus"), ("und", "und")],
)  # fmt: skip
def test_iso_639_3_codes(tag: str, code: str) -> None:
    assert languages.spell(tag, "iso639-3") == code
    assert languages.parse(code) == tag.split("-")[0]


def test_info_uris_option() -> None:
    record = Record(identifiers=(Identifier("doi", "10.1000/182"), Identifier("pmid", "15123456")))
    ids = [
        v
        for e, _, v in statements(normaliser.write(record, "dc", info_uris=True))
        if e == "identifier"
    ]
    assert ids == [
        "https://doi.org/10.1000/182",
        "info:doi/10.1000/182",
        "https://pubmed.ncbi.nlm.nih.gov/15123456/",
        "info:pmid/15123456",
    ]
    assert one(normaliser.write(record, "dc", info_uris=True)).identifiers == record.identifiers


def test_access_level_when_known() -> None:
    closed = Record(open_access=False)
    assert ("rights", None, "info:eu-repo/semantics/closedAccess") in statements(
        normaliser.write(closed, "dc")
    )
    opened = Record(open_access=True, license="https://creativecommons.org/licenses/by/4.0/")
    assert [v for e, _, v in statements(normaliser.write(opened, "dc")) if e == "rights"] == [
        "info:eu-repo/semantics/openAccess",
        "https://creativecommons.org/licenses/by/4.0/",
    ]


def test_an_invalid_document_raises_invalid_output() -> None:
    bad = Record(titles=(Text("T", "zh_CN"),))  # not a BCP 47 tag: xml:lang refuses it
    with pytest.raises(InvalidOutput, match="not valid"):
        normaliser.write(bad, "dc")
    with pytest.raises(InvalidOutput, match="record 2"):
        normaliser.write([Record(), bad], "dc")
    assert 'xml:lang="zh_CN"' in normaliser.write(bad, "dc", validate=False)


def test_characters_xml_cannot_carry_are_never_written() -> None:
    record = Record(titles=(Text("A\x0bB\ufffe", "en"),), keywords=(Text("\x01", "en"),))
    found = statements(normaliser.write(record, "dc"))
    assert ("title", "en", "AB") in found and all(e != "subject" for e, _, _ in found)


def test_keeps_names_real_fields() -> None:
    check_paths(dc.KEEPS)  # raises UsageError for a path that names no field
    with pytest.raises(UsageError):
        check_paths([*dc.KEEPS, "titles.mark"])


def test_dcterms_schema_declares_exactly_the_terms_the_module_knows() -> None:
    root = xmlio.parse(resources.schema("dcterms.xsd").read_bytes())
    declared = {e.get("name") for e in root if xmlio.local(e) == "element"}
    assert declared == set(dc.TERMS)  # the table the schema must mirror


# --- Properties -------------------------------------------------------------------------------


@pytest.mark.slow
@given(records())
def test_every_document_written_is_valid(record: Record) -> None:
    for profile in dc.PROFILES:
        assert_valid(normaliser.write(record, profile))
        assert_valid(normaliser.write([record, record], profile))


def _without_notes(record: Record) -> Record:
    return dataclasses.replace(record, notes=())


@example(Record(titles=(Text("0", "en"),), issue="E", page_range="00"))  # found by the property
@given(records())
def test_what_dc_reads_back_it_writes_and_reads_again_unchanged(record: Record) -> None:
    for profile in dc.PROFILES:
        once = one(normaliser.write(record, profile))
        twice = one(normaliser.write(once, profile))
        assert _without_notes(twice) == _without_notes(once)


@given(dc_documents())
def test_dc_to_dc_keeps_every_element_language_and_value(
    case: tuple[str, list[tuple[str, str | None, str]]],
) -> None:
    document, expected = case
    written = normaliser.write(list(normaliser.read(document, "dc")), "dc")
    found = statements(written)
    for element, lang, value in expected:
        assert any(
            e == element and v == value and (lang is None or got == lang) for e, got, v in found
        ), (element, lang, value, found)


def test_a_bad_value_in_a_record_is_its_reject_not_the_sources() -> None:
    document = (
        '<records xmlns="urn:normaliser:collection">'
        + oai_dc("<dc:title>One</dc:title>")
        + oai_dc('<dc:title xml:lang="en">  </dc:title>', '<x:y xmlns:x="urn:x">z</x:y>')
        + oai_dc("<dc:title>Three</dc:title>")
        + "</records>"
    )
    items = list(normaliser.read(document, "dc", strict=True, errors="yield"))
    assert [type(i).__name__ for i in items] == ["Record", "Reject", "Record"]
    with pytest.raises(InvalidRecord):
        list(normaliser.read(document, "dc", strict=True))


def test_prose_paragraphs_survive() -> None:
    record = Record(
        titles=(Text("T", "en"),),
        abstracts=(Prose((Text("First paragraph.", "en"), Text("Second paragraph.", "en"))),),
    )
    assert one(normaliser.write(record, "dc")).abstracts == record.abstracts


def test_links_are_identifiers_or_relations() -> None:
    record = Record(
        titles=(Text("T", "en"),),
        links=(Link("https://example.org/landing"), Link("https://example.org/a.pdf", "oa-pdf")),
    )
    found = statements(normaliser.write(record, "dc"))
    assert ("identifier", None, "https://example.org/landing") in found
    assert ("relation", None, "https://example.org/a.pdf") in found
    assert one(normaliser.write(record, "dc")).links == (
        Link("https://example.org/landing"),
        Link("https://example.org/a.pdf", "pdf"),
    )


def test_thesis_grantor_publisher_supervisor_and_conference() -> None:
    from normaliser.record import Conference, Degree, Publisher

    thesis = Record(
        titles=(Text("基于深度学习的医学图像分割研究", "zh-Hans"),),
        contributors=(
            Contributor((Name("李", "明", "eastern", "zh-Hans"),)),
            Contributor((Name("王", "芳", "eastern", "zh-Hans"),), role="supervisor"),
        ),
        publication_types=(Term("publication-type", "thesis"),),
        degree=Degree(Term("degree", "doctoral"), (Text("浙江大学", "zh-Hans"),)),
    )
    said = statements(normaliser.write(thesis, "dc"))
    assert ("publisher", "zh-Hans", "浙江大学") in said
    assert ("creator", "zh-Hans", "李明") in said and ("contributor", "zh-Hans", "王芳") in said
    book = dataclasses.replace(thesis, publisher=Publisher((Text("科学出版社", "zh-Hans"),)))
    publishers = [s for s in statements(normaliser.write(book, "dc")) if s[0] == "publisher"]
    assert publishers == [("publisher", "zh-Hans", "科学出版社")]

    paper = Record(
        titles=(Text("A paper", "en"),),
        conference=Conference(
            (
                Text("第十届全国生物医学工程大会", "zh-Hans"),
                Text("10th National BME Congress", "en"),
            ),
            (Text("北京", "zh-Hans"), Text("Beijing", "en")),
            PartialDate(2024, 10),
        ),
    )
    document = normaliser.write(paper, "qdc")
    assert_valid(document)
    relations = [s for s in statements(document) if s[0] == "relation"]
    assert relations == [
        ("relation", "zh-Hans", "第十届全国生物医学工程大会, 北京, 2024-10"),
        ("relation", "en", "10th National BME Congress, Beijing, 2024-10"),
    ]
    # Read back, the conference is kept verbatim: nothing is lost.
    assert "10th National BME Congress, Beijing, 2024-10" in json.dumps(
        one(normaliser.write(paper, "dc")).extras, ensure_ascii=False
    )


def test_untagged_latin_text_is_identified_and_short_text_takes_the_documents_language() -> None:
    def document(language: str = "") -> str:
        return (
            '<oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/">'
            "<dc:title>Effets du travail de nuit sur la santé des infirmières</dc:title>"
            "<dc:creator>Zeng Mingtang</dc:creator>"
            f"{language}</oai_dc:dc>"
        )

    record = one(document())
    assert [t.lang for t in record.titles] == ["fr"]
    assert record.contributors[0].names[0].lang == "und"  # a name is not a language sample
    # The identifier, when sure, wins over dc:language (issue 17): the title is French.
    declared = one(document("<dc:language>en</dc:language>"))
    assert [t.lang for t in declared.titles] == ["fr"]
    short = one(
        document("<dc:language>en</dc:language>").replace(
            "Effets du travail de nuit sur la santé des infirmières", "Travail de nuit"
        )
    )
    assert [t.lang for t in short.titles] == ["en"]  # too short to tell: the document's word


# --- Real sources: OJS, DSpace, EPrints, arXiv, DOAJ, Chinese repositories ---------------------


def test_ojs_html_in_descriptions_and_titles_is_read_as_markup() -> None:
    # OJS 3 puts the abstract's TinyMCE HTML, escaped, into dc:description; 3.4 titles may
    # carry inline markup too.
    record = one(
        oai_dc(
            '<dc:title xml:lang="en-US">Expression of &lt;i&gt;BRCA1&lt;/i&gt; in tumours'
            "</dc:title>",
            '<dc:description xml:lang="en-US">&lt;p&gt;&lt;strong&gt;Objective:&lt;/strong&gt;'
            " to describe adherence.&amp;nbsp;&lt;/p&gt;&lt;p&gt;Methods: 412 patients &amp;gt; 18"
            " years.&lt;br /&gt;Adjusted for age.&lt;/p&gt;</dc:description>",
            "<dc:language>eng</dc:language>",
        )
    )
    [title] = record.titles
    assert title.value == "Expression of BRCA1 in tumours"
    assert [(m.kind, title.value[m.start : m.end]) for m in title.marks] == [("italic", "BRCA1")]
    [abstract] = record.abstracts
    # The bold "Objective:" and "Methods:" are a structured abstract's headings (issue 17).
    assert [(t and t.value, [p.value for p in ps]) for t, ps in abstract.sections] == [
        ("Objective", ["to describe adherence."]),
        ("Methods", ["412 patients > 18 years.", "Adjusted for age."]),
    ]


def test_text_that_only_looks_like_html_is_plain_and_written_so() -> None:
    # No end tag, no character reference: "a <b" and "R&D" are text.
    record = one(oai_dc("<dc:title>Is p &lt;b or R&amp;D &lt;p&gt; first?</dc:title>"))
    assert record.titles[0].value == "Is p <b or R&D <p> first?"
    # Text holding what reads as markup is written escaped, so that it reads back as it was.
    literal = Record(titles=(Text("The </p> tag and &nbsp; entity", "en"),))
    assert one(normaliser.write(literal, "dc")).titles == literal.titles


def test_ojs_writes_each_author_once_per_locale_and_that_is_one_person() -> None:
    # OJS 3.4: one dc:creator per author and locale ("Family, Given"); a Chinese journal's
    # authors come as their Han form and their pinyin.
    record = one(
        oai_dc(
            '<dc:creator xml:lang="es-ES">Rodríguez-Ospina, Laura Marcela</dc:creator>',
            '<dc:creator xml:lang="en-US">Rodríguez-Ospina, Laura Marcela</dc:creator>',
            '<dc:creator xml:lang="es-ES">Gómez Restrepo, Andrés</dc:creator>',
            '<dc:creator xml:lang="en-US">Gómez Restrepo, Andrés</dc:creator>',
            '<dc:creator xml:lang="en-US">Pérez, Ana</dc:creator>',
            '<dc:creator xml:lang="zh-CN">曾明堂</dc:creator>',
            '<dc:creator xml:lang="en-US">Zeng, Mingtang</dc:creator>',
            '<dc:creator xml:lang="zh-CN">胡晨吉</dc:creator>',
            '<dc:creator xml:lang="en-US">Smith, John</dc:creator>',
        )
    )
    names = [[(n.family, n.given) for n in c.names] for c in record.contributors]
    assert names == [
        [("Rodríguez-Ospina", "Laura Marcela")],
        [("Gómez Restrepo", "Andrés")],
        [("Pérez", "Ana")],
        [("曾", "明堂"), ("Zeng", "Mingtang")],
        [("胡", "晨吉")],
        [("Smith", "John")],
    ]


def test_several_people_in_one_creator_are_several_contributors() -> None:
    record = one(
        oai_dc(
            "<dc:creator>王五; 赵六</dc:creator>",
            "<dc:creator>李明，陈静</dc:creator>",
            "<dc:creator>Hartley, Susan; García-López, María</dc:creator>",
        )
    )
    names = [[(n.family, n.given) for n in c.names] for c in record.contributors]
    assert names == [
        [("王", "五")],
        [("赵", "六")],
        [("李", "明")],
        [("陈", "静")],
        [("Hartley", "Susan")],
        [("García-López", "María")],
    ]


def test_organisations_are_names_kept_whole() -> None:
    record = one(
        oai_dc(
            "<dc:creator>CMS Collaboration</dc:creator>",
            "<dc:contributor>Universidad de Alicante. Departamento de Enfermería</dc:contributor>",
            '<dc:contributor xml:lang="es-ES">Ministerio de Ciencia, Tecnología e Innovación'
            "</dc:contributor>",
            "<dc:creator>中国医学科学院肿瘤医院</dc:creator>",
            "<dc:creator>Hospital, Ann</dc:creator>",
        )
    )
    literals = [c.names[0].literal for c in record.contributors]
    assert literals == [
        "CMS Collaboration",
        "Universidad de Alicante. Departamento de Enfermería",
        "Ministerio de Ciencia, Tecnología e Innovación",
        "中国医学科学院肿瘤医院",
        None,  # a person whose family name is a word for a body
    ]
    again = one(normaliser.write(record, "dc"))
    assert [c.names for c in again.contributors] == [c.names for c in record.contributors]


def test_identifiers_as_dspace_eprints_arxiv_and_doaj_write_them() -> None:
    record = one(
        oai_dc(
            "<dc:identifier>1176-9114</dc:identifier>",  # DOAJ: the journal's ISSNs
            "<dc:identifier>0930-2794 (Print)</dc:identifier>",  # DSpace dc.identifier.issn
            "<dc:identifier>1432-2218 (Online)</dc:identifier>",
            "<dc:identifier>1234-5678</dc:identifier>",  # no ISSN (check digit): a number
            "<dc:identifier>http://arxiv.org/abs/2106.09685</dc:identifier>",
            "<dc:identifier>http://arxiv.org/abs/hep-th/9901001v2</dc:identifier>",
            "<dc:identifier>Phys. Lett. B 716 (2012) 30</dc:identifier>",  # arXiv journal-ref
            "<dc:identifier>  Okonkwo, Adaeze and Li, Wei  (2023) Graph networks.  Computers in"
            " Biology and Medicine, 162.  p. 107093.  ISSN 0010-4825  </dc:identifier>",
            "<dc:identifier>https://eprints.example.ac.uk/31207/1/okonkwo2023.pdf</dc:identifier>",
            "<dc:identifier>ISBN 978-7-04-012345-6</dc:identifier>",
        )
    )
    assert record.journal is not None
    assert record.journal.identifiers == (
        Identifier("issn", "1176-9114"),
        Identifier("issn-print", "0930-2794"),
        Identifier("issn-electronic", "1432-2218"),
    )
    assert record.identifiers == (
        Identifier("other", "1234-5678"),
        Identifier("arxiv", "2106.09685"),
        Identifier("arxiv", "hep-th/9901001v2"),
        Identifier("other", "ISBN 978-7-04-012345-6"),
    )
    assert record.links == (
        Link("http://arxiv.org/abs/2106.09685"),
        Link("http://arxiv.org/abs/hep-th/9901001v2"),
        Link("https://eprints.example.ac.uk/31207/1/okonkwo2023.pdf"),
    )
    # A citation is no identifier: kept as it was written.
    assert [e["value"] for e in record.extras["dc:identifier"]] == [
        "Phys. Lett. B 716 (2012) 30",
        "Okonkwo, Adaeze and Li, Wei (2023) Graph networks. Computers in Biology and Medicine,"
        " 162. p. 107093. ISSN 0010-4825",
    ]
    again = one(normaliser.write(record, "dc"))
    assert (again.identifiers, again.links) == (record.identifiers, record.links)
    assert again.extras["dc:identifier"] == record.extras["dc:identifier"]


def test_a_chinese_date_is_no_timestamp_and_wins_over_a_deposit_time() -> None:
    record = one(oai_dc("<dc:date>2023-12-05T07:33:18Z</dc:date>", "<dc:date>2020年5月</dc:date>"))
    assert record.dates == (Dated("published", PartialDate(2020, 5)),)
    assert record.notes == ()
    assert record.extras["dc:date"] == [{"value": "2023-12-05T07:33:18Z"}]


def test_arxiv_comments_are_no_abstract_and_its_type_text_is_dcmi_text() -> None:
    record = one(
        oai_dc(
            "<dc:title>LoRA: Low-Rank Adaptation of Large Language Models</dc:title>",
            "<dc:description>  We propose Low-Rank Adaptation, which freezes the pre-trained\n"
            "model weights.\n</dc:description>",
            "<dc:description>Comment: Draft V2 includes better baselines</dc:description>",
            "<dc:type>text</dc:type>",
        )
    )
    assert [a.text for a in record.abstracts] == [
        "We propose Low-Rank Adaptation, which freezes the pre-trained model weights."
    ]
    assert record.extras["dc:description"] == [
        {"value": "Comment: Draft V2 includes better baselines"}
    ]
    assert record.publication_types == ()
    assert "dc:type" not in record.extras


def test_a_copyright_statement_is_no_licence() -> None:
    for statement in (
        "© Springer Science+Business Media, LLC, part of Springer Nature 2018",
        "Copyright (c) 2020 Revista de Salud Pública",
        "Derechos de autor 2020 Revista de Salud Pública",
        "版权所有 © 2020 中华医学会",
    ):
        record = one(oai_dc(f"<dc:rights>{statement}</dc:rights>"))
        assert record.license is None
        assert record.extras["dc:rights"] == [{"value": statement}]
        assert statement in [v for _, _, v in statements(normaliser.write(record, "dc"))]
    record = one(
        oai_dc("<dc:rights>cc_by_4</dc:rights>", "<dc:rights>© 2023 The Authors</dc:rights>")
    )
    assert record.license == "cc_by_4"


def test_a_record_with_only_a_header_is_a_reject_that_says_so() -> None:
    document = (
        f'<OAI-PMH xmlns="{dc.oai.OAI_NS}"><ListRecords><record><header>'
        "<identifier>oai:x:92400</identifier><datestamp>2024-04-30</datestamp></header>"
        "</record></ListRecords></OAI-PMH>"
    )
    [reject] = normaliser.read(document, "dc", errors="yield")
    assert isinstance(reject, Reject)
    assert reject.error.messages == {"metadata": ["record oai:x:92400 has no metadata"]}


def test_subjects_of_a_named_scheme_are_subject_terms_not_keywords() -> None:
    # DOAJ marks its Library of Congress subjects with xsi:type (qualified DC inside oai_dc).
    record = one(
        oai_dc(
            '<dc:subject xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
            ' xsi:type="dcterms:LCSH">Medicine (General)</dc:subject>',
            "<dc:subject>breast cancer</dc:subject>",
            "<dc:language>EN</dc:language>",
        )
    )
    assert [k.value for k in record.keywords] == ["breast cancer"]
    assert record.subjects == (Term("lcsh", None, (Text("Medicine (General)", "en"),)),)
    assert "Medicine (General)" in [v for e, _, v in statements(normaliser.write(record, "dc"))]


def test_a_person_with_two_equal_names_keeps_both_through_two_round_trips() -> None:
    # Found by hypothesis: names read from one creator are parsed through a cache, so two
    # equal forms were one object and the writer, telling them apart by identity, wrote one.
    person = Contributor((Name("van der Waals", "0"), Name("van der Waals", "0")))
    once = one(normaliser.write(Record(contributors=(person,)), "dc"))
    twice = one(normaliser.write(once, "dc"))
    assert once.contributors == twice.contributors == (person,)


@pytest.mark.parametrize(
    ("title", "lang"), [("臺灣公共衛生雜誌", "zh-Hant"), ("Taiwan Journal of Public Health", "en")]
)
def test_the_written_citation_reads_back_as_its_parts(title: str, lang: str) -> None:
    record = Record(
        titles=(Text("A title", "en"),),
        journal=Journal(titles=(Text(title, lang),)),
        volume="37",
        issue="2",
        fpage="94",
        lpage="98",
        page_range="94-98, 93",
        dates=(Dated("published", PartialDate(2018)),),
    )
    document = normaliser.write(record, "dc")
    assert ("source", lang, f"{title}, vol. 37, no. 2, pp. 94-98, 93, 2018") in statements(document)
    again = one(document)
    assert again.journal is not None and again.journal.titles == (Text(title, lang),)
    assert (again.volume, again.issue, again.fpage, again.lpage, again.page_range) == (
        "37",
        "2",
        "94",
        "98",
        "94-98, 93",
    )
    assert not again.extras


@pytest.mark.parametrize("scheme", ["issn-print", "issn-electronic", "issn-l", "issn"])
def test_an_issn_written_reads_back_with_its_scheme(scheme: str) -> None:
    ident = Identifier(scheme, "1176-9114")
    written = dc.values._issn_form(ident)
    assert written is not None and dc.values._issn(written) == ident
    assert dc.values._issn("eISSN 1176-9114 (print)") == Identifier("issn-electronic", "1176-9114")


def test_writing_dc_compiles_no_citation_reading_pattern() -> None:
    """Issue 19 (start-up): the patterns that read a citation (~35 ms of CPU to compile) are
    compiled by the first citation read, never by writing one."""
    code = (
        "import normaliser\n"
        "from normaliser.formats.dc import citations\n"
        f"[record] = normaliser.read({str(SAMPLES / 'dc-bare' / 'json.json')!r}, 'json')\n"
        "assert 'vol. 13' in normaliser.write(record, 'dc')\n"
        "def compiled():\n"
        "    items = sum('pattern' in vars(i) for i in citations._ITEMS)\n"
        "    return f'{items},{citations._any_item.cache_info().currsize}'\n"
        "print(compiled(), end=' ')\n"
        "found = citations.parse('J Clin Oncol 2019;12(3):45-67')\n"
        "assert found.parts == {'year': '2019', 'volume': '12', 'issue': '3', 'pages': '45-67'}\n"
        "print(compiled())\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    before, after = done.stdout.split()
    assert before == "0,0"
    assert after.endswith(",1") and int(after.split(",")[0]) > 0


#: An OAI-PMH record of a Chinese article citing its journal in both languages, each in a form
#: real sources write and the writer does not (issue 17: DC → DC rewrites no valid value).
_CITED = oai_dc(
    '<dc:title xml:lang="zh-Hans">沥青路面车辙的温度场分析</dc:title>',
    '<dc:title xml:lang="en">Temperature field analysis of rutting in asphalt pavement</dc:title>',
    "<dc:creator>王磊</dc:creator>",
    "<dc:date>2024-02-20</dc:date>",
    '<dc:source xml:lang="zh-Hans">中国公路学报, 2024年第37卷第2期, 第94-108页</dc:source>',
    '<dc:source xml:lang="en">China Journal of Highway and Transport; Vol. 37 No. 2 (2024); '
    "94-108</dc:source>",
    "<dc:identifier>https://doi.org/10.19721/j.cnki.1001-7372.2024.02.008</dc:identifier>",
    "<dc:language>zho</dc:language>",
)
_CITED_AS_WRITTEN = [
    ("source", "zh-Hans", "中国公路学报, 2024年第37卷第2期, 第94-108页"),
    ("source", "en", "China Journal of Highway and Transport; Vol. 37 No. 2 (2024); 94-108"),
]


def _sources(document: str) -> list[tuple[str, str | None, str]]:
    return [s for s in statements(document) if s[0] in ("source", "bibliographicCitation")]


def test_a_source_citation_is_written_back_as_it_came() -> None:
    # Both language forms (第37卷第2期 and OJS's Vol. 37 No. 2): the record holds the parsed
    # journal, volume, issue and pages, and DC writes the source's own citations again.
    record = one(_CITED)
    assert _journal(record) == ("中国公路学报", "37", "2", "94", "108", None)
    written = normaliser.write(record, "dc")
    assert _sources(written) == _CITED_AS_WRITTEN
    again = one(written)
    assert _journal(again) == _journal(record) and again.extras == record.extras
    assert _sources(normaliser.write(again, "dc")) == _CITED_AS_WRITTEN
    # Qualified DC names the journal in isPartOf and gives the citation its own term.
    qualified = statements(normaliser.write(record, "qdc"))
    assert [s for s in qualified if s[0] == "bibliographicCitation"] == [
        ("bibliographicCitation", lang, value) for _, lang, value in _CITED_AS_WRITTEN
    ]
    # A citation in the writer's own form is kept by nothing: the writer writes it the same.
    own = one(normaliser.write(dataclasses.replace(record, extras={}), "dc"))
    assert own.extras == {}


@pytest.mark.parametrize(
    "change",
    [
        {"volume": "38"},
        {"issue": None},
        {"fpage": "95"},
        {"elocation_id": "e12"},
        {"dates": (Dated("published", PartialDate(2025, 2, 20)),)},
        {"journal": Journal(titles=(Text("公路学报", "zh-Hans"), Text("Highways", "en")))},
    ],
    ids=["volume", "issue", "pages", "elocation", "year", "journal"],
)
def test_a_stale_source_citation_is_never_written(change: dict[str, Any]) -> None:
    # The record edited (or merged from another source) no longer says what the source's
    # citation says: the writer's own form says what the record does.
    record = dataclasses.replace(one(_CITED), **change)
    written = _sources(normaliser.write(record, "dc"))
    assert not set(written) & set(_CITED_AS_WRITTEN)
    assert written and all(", vol. 3" in value for _, _, value in written)
    again = one(normaliser.write(record, "dc"))
    assert _journal(again)[1:] == _journal(record)[1:]


def test_a_merge_that_changes_the_volume_writes_no_stale_citation() -> None:
    dc_record = one(_CITED)
    crossref = dataclasses.replace(
        dc_record,
        volume="38",
        extras={},
        provenance=dataclasses.replace(dc_record.provenance, format="crossref"),  # type: ignore[arg-type]
    )
    from normaliser.merge import merge

    [merged] = merge([dc_record, crossref], prefer=["crossref"])
    assert merged.volume == "38" and merged.extras == dc_record.extras
    written = _sources(normaliser.write(merged, "dc"))
    assert not set(written) & set(_CITED_AS_WRITTEN)
    assert ("source", "zh-Hans", "中国公路学报, vol. 38, no. 2, pp. 94-108, 2024") in written


def test_a_citation_kept_as_written_is_no_value_of_another_format() -> None:
    record = one(_CITED)
    # From JATS there is no source citation: the writer's own form.
    jats = normaliser.write(record, "jats")
    assert "Vol. 37 No. 2" not in jats and "2024年第37卷" not in jats
    from_jats = one_of(jats, "jats")
    assert _sources(normaliser.write(from_jats, "dc")) == [
        ("source", "zh-Hans", "中国公路学报, vol. 37, no. 2, pp. 94-108, 2024"),
        (
            "source",
            "en",
            "China Journal of Highway and Transport, vol. 37, no. 2, pp. 94-108, 2024",
        ),
    ]
    # A format that carries extras carries it only there, and gives it back to DC.
    ris = normaliser.write(record, "ris")
    assert not [line for line in ris.splitlines() if "Vol. 37 No. 2" in line and line[:2] != "NX"]
    bibtex = normaliser.write(record, "bibtex")
    assert not [
        line
        for line in bibtex.splitlines()
        if "Vol. 37" in line and "normaliser-extras" not in line
    ]
    for name in ("ris", "bibtex", "json"):
        back = one_of(normaliser.write(record, name), name)
        assert _sources(normaliser.write(back, "dc")) == _CITED_AS_WRITTEN, name


def one_of(document: str, format: str) -> Record:
    [record] = normaliser.read(document, format)
    return record  # type: ignore[no-any-return]


#: A Taiwanese journal's record tagged by region, as DSpace and OJS sites in Taiwan write it.
_TAIWAN = (
    '<qdc:qualifieddc xmlns:qdc="http://dspace.org/qualifieddc/" '
    f'xmlns:dc="{DC}" xmlns:dcterms="{DCTERMS}">'
    '<dc:title xml:lang="zh-TW">高齡者居家跌倒預防之介入成效</dc:title>'
    '<dc:title xml:lang="en">Effects of an intervention to prevent falls at home in older adults'
    "</dc:title>"
    "<dc:creator>陳怡君</dc:creator>"
    '<dc:subject xml:lang="zh-TW">跌倒預防</dc:subject>'
    '<dcterms:abstract xml:lang="zh-tw">本研究評估居家環境改善對高齡者跌倒之影響。'
    "</dcterms:abstract>"
    '<dcterms:isPartOf xml:lang="zh-Hant-TW">護理雜誌</dcterms:isPartOf>'
    "<dcterms:language>zho</dcterms:language>"
    "</qdc:qualifieddc>"
)


def test_a_chinese_tag_with_a_region_is_kept_as_written() -> None:
    # zh-TW is a valid BCP 47 tag (its script, Hant, is the region's: CLDR likely subtags):
    # the text keeps it, in BCP 47's case, and DC writes it back as it came (issue 17).
    record = one(_TAIWAN)
    tags = [t.lang for t in record.titles] + [k.lang for k in record.keywords]
    tags += [a.lang for a in record.abstracts]
    assert record.journal is not None
    tags += [t.lang for t in record.journal.titles]
    assert tags == ["zh-TW", "en", "zh-TW", "zh-TW", "zh-Hant-TW"]
    assert record.language == "zh-Hant"  # zho: the script its texts are written in
    # An untagged name too short to tell takes the script the region's tags say.
    assert [n.lang for c in record.contributors for n in c.names] == ["zh-Hant"]
    assert record.notes == ()
    written = statements(normaliser.write(record, "qdc"))
    assert ("title", "zh-TW", "高齡者居家跌倒預防之介入成效") in written
    assert ("abstract", "zh-TW", "本研究評估居家環境改善對高齡者跌倒之影響。") in written
    assert ("isPartOf", "zh-Hant-TW", "護理雜誌") in written
    assert one(normaliser.write(record, "qdc")) == record
    # The script is still the text's: converting to Simplified converts it, and tags it so.
    simplified = normaliser.to_script(record, "hans")
    assert simplified.title is not None
    assert (simplified.title.value, simplified.title.lang) == (
        "高龄者居家跌倒预防之介入成效",
        "zh-Hans",
    )


def test_jats_and_dc_read_a_tag_with_a_region_alike() -> None:
    record = one(_TAIWAN)
    jats = normaliser.write(record, "jats")
    assert 'xml:lang="zh-TW"' in jats
    [from_jats] = normaliser.read(jats, "jats")
    assert [t.lang for t in from_jats.titles] == [t.lang for t in record.titles]
    assert [k.lang for k in from_jats.keywords] == [k.lang for k in record.keywords]
    assert [a.lang for a in from_jats.abstracts] == [a.lang for a in record.abstracts]
    back = one(normaliser.write(from_jats, "qdc"))
    assert [t.lang for t in back.titles] == ["zh-TW", "en"]
