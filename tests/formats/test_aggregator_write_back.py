"""What the aggregator writer writes reads back as the record has it (within ``KEEPS``): the
cases the generated round trip (tests/test_round_trip.py) found, each a record that came back
otherwise before the change that mended it (session 11)."""

from __future__ import annotations

import json

import pytest

import normaliser
from normaliser.formats import FORMATS
from normaliser.record import (
    Contributor,
    Dated,
    Heading,
    Identifier,
    Journal,
    Link,
    Mark,
    Metric,
    Name,
    PartialDate,
    Prose,
    Record,
    Term,
    Text,
)

KEEPS = FORMATS["aggregator"].module.KEEPS
TITLE = (Text("Fatigue crack growth in welded joints", "en"),)
DOI = "10.1000/182"
ISSN = "1176-9114"


def back(record: Record) -> tuple[Record, str]:
    written = normaliser.write(record, "aggregator")
    [read] = normaliser.read(written.encode("utf-8"), "aggregator")
    return read, written


CASES = {
    # The 期刊介绍 section is plain text: a description's marks and headings were lost.
    "journal description with marks and a heading": Record(
        titles=TITLE,
        journal=Journal(
            titles=(Text("Journal of Nanomedicine", "en"),),
            descriptions=(
                Prose(
                    (Text("Aims: drug delivery in vivo.", "en", marks=(Mark(21, 28, "italic"),)),),
                    "description",
                    (Heading(0, Text("Aims", "en")),),
                ),
            ),
        ),
    ),
    # A DOI the source derived from ListUrlMain came back as the source's own doi key.
    "a DOI derived from a URL key": Record(
        titles=TITLE, identifiers=(Identifier("doi", DOI, derived_from="ListUrlMain"),)
    ),
    # ... and from a URL key that holds another URL now: it was read twice.
    "a DOI derived from a URL no key holds": Record(
        titles=TITLE,
        identifiers=(Identifier("doi", DOI, derived_from="ListUrlMain"),),
        links=(Link("https://example.org/a", "landing"), Link("https://example.org/b", "landing")),
    ),
    # The doi key came first: a PMID before the DOI came back after it.
    "identifiers in the record's order": Record(
        titles=TITLE, identifiers=(Identifier("pmid", "31452104"), Identifier("doi", DOI))
    ),
    # A PMCID derived from a PDF link that the record no longer has was dropped.
    "a PMCID derived from a link not written": Record(
        titles=TITLE, identifiers=(Identifier("pmcid", "PMC1", derived_from="openAccessPdf"),)
    ),
    "a link given twice": Record(
        titles=TITLE,
        links=(Link("https://example.org/a.pdf", "pdf"), Link("https://example.org/a.pdf", "pdf")),
    ),
    "an ISSN given twice": Record(
        titles=TITLE,
        journal=Journal(
            identifiers=(
                Identifier("issn-print", "1176-9114"),
                Identifier("issn-print", "1176-9114"),
            )
        ),
    ),
    # A quartile's category of another vocabulary came back as a Web of Science subject.
    "a quartile's category JCRName cannot say": Record(
        titles=TITLE,
        metrics=(
            Metric(
                "jcr-quartile", "6.6", category=Term("field-of-study", None, (Text("0", "en"),))
            ),
        ),
    ),
    # A CAS zone without a category took the record's CAS subject as its own.
    "a zone without a category beside a CAS subject": Record(
        titles=TITLE,
        metrics=(Metric("cas-zone", "2"),),
        subjects=(Term("cas-category", "medicine"),),
    ),
    "an impact factor with a CAS category": Record(
        titles=TITLE,
        metrics=(Metric("impact-factor", "6.6", category=Term("cas-category", "medicine")),),
        subjects=(Term("cas-category", "medicine"),),
    ),
    # 引用次数: 6.6 was read as a conflicting count and kept in extras too.
    "a citation count that is no count": Record(
        titles=TITLE, metrics=(Metric("citation-count", "6.6"),)
    ),
    "subjects in the record's order": Record(
        titles=TITLE,
        subjects=(
            Term("cas-category", "medicine"),
            Term("wos-category", None, (Text("ONCOLOGY", "en"),)),
        ),
    ),
    "a Web of Science subject with two labels": Record(
        titles=TITLE,
        subjects=(Term("wos-category", None, (Text("ONCOLOGY", "en"), Text("肿瘤学", "zh-Hans"))),),
    ),
    # The 作者单位 lines hold no variant: a translated affiliation came back an original.
    "a translated affiliation": Record(
        titles=TITLE, affiliations=(Text("Peking University", "en", "translation"),)
    ),
    # The title's language was read from its markup: "<b>0</b>" is no English.
    "a marked title of no language": Record(
        titles=(Text("0", "en", marks=(Mark(0, 1, "bold"),)),),
        identifiers=(Identifier("doi", DOI),),
    ),
    "a translated title alone": Record(titles=(Text("A", "en", "translation"),)),
    # An elocation id that is also the first page: the first page was lost.
    "a first page equal to the elocation id": Record(titles=TITLE, fpage="0", elocation_id="0"),
    # EPubDate in slash style holds no season: the season was lost.
    "a dated season in a slash-style key": Record(
        titles=TITLE,
        pub_model="electronic-ecollection",
        dates=(Dated("collection", PartialDate(2018), season="Spring"),),
    ),
    # EPubDate is written 2020/1/1 0:00:00: a year alone came back as 1 January.
    "a year-only e-publication date": Record(
        titles=TITLE, dates=(Dated("epub", PartialDate(2020)),)
    ),
    "dates in the record's order": Record(
        titles=TITLE,
        dates=(
            Dated("accepted", PartialDate(2020)),
            Dated("epub", PartialDate(2020, 1, 1), history=True),
        ),
    ),
    "a date given twice": Record(
        titles=TITLE,
        dates=(
            Dated("accepted", PartialDate(1999)),
            Dated("accepted", PartialDate(1999), season="Spring"),
            Dated("accepted", PartialDate(1999)),
        ),
    ),
    # Two given names "0" and "A" were written "0, A": one western name.
    "two given names": Record(
        titles=TITLE,
        contributors=(
            Contributor((Name(given="0", style="given-only"),)),
            Contributor((Name(given="A", style="given-only"),)),
        ),
    ),
    # A Han name beside a romanised form that is not its pinyin: the lines did not pair.
    "a Han name and a romanised form that is not its pinyin": Record(
        titles=TITLE,
        contributors=(
            Contributor(
                (
                    Name(literal="约翰·史密斯", style="eastern", lang="zh-Hans"),
                    Name(family="Smith", variant="transliteration"),
                )
            ),
        ),
    ),
    # An extra named as a key of ours was overwritten by it.
    "an extra named Extras": Record(titles=TITLE, extras={"Extras": False, "Languages": "x"}),
}


@pytest.mark.parametrize("record", list(CASES.values()), ids=list(CASES))
def test_reads_back_as_written(record: Record) -> None:
    read, written = back(record)
    assert read.restricted_to(KEEPS) == record.restricted_to(KEEPS), written
    assert not {k for k in read.extras if k.startswith("dump:")}, read.extras


def test_a_plain_record_writes_no_list_keys() -> None:
    """The keys alone carry what they can: the lists (ours) are only written when needed."""
    record = Record(
        titles=TITLE,
        identifiers=(Identifier("doi", DOI), Identifier("pmcid", "PMC1")),
        dates=(Dated("epub", PartialDate(2025, 5, 12)),),
        subjects=(Term("wos-category", None, (Text("ONCOLOGY", "en"),)),),
    )
    read, written = back(record)
    data = json.loads(written.splitlines()[0])
    assert read.restricted_to(KEEPS) == record.restricted_to(KEEPS)
    assert not {"OtherIds", "OtherDates", "OtherSubjects", "OtherLinks"} & set(data)
    assert data["doi"] == DOI and data["JCRName"] == "ONCOLOGY"
