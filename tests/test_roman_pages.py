"""Roman page numbers (issue 17 follow-up): prefaces, editorials and supplements numbered in
roman (``iii``, ``xiv-xxii``) are pages. Every reader keeps them as written, every writer that
writes pages writes them back exactly, and GB/T 7714 prints them as it prints other pages."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from hypothesis import given, settings

import normaliser
from normaliser.formats import FORMATS
from normaliser.pages import parse
from normaliser.record import (
    Contributor,
    Dated,
    Journal,
    Name,
    PartialDate,
    Record,
    Reject,
    Term,
    Text,
)

from .strategies import roman_pages

# A book chapter: the editors' preface to a handbook's second edition, numbered in roman.
RIS_CHAPTER = b"""TY  - CHAP
TI  - Preface to the second edition
AU  - Whitfield, Margaret
AU  - Zhou, Lianhua
T2  - Handbook of Sino-Tibetan Phonology
PY  - 2019
SP  - xiv
EP  - xxii
PB  - Northgate Academic Press
CY  - Leiden
SN  - 9789004123456
ER  -\x20
"""

# A supplement's editorial, its pages in roman, as a publisher's JATS gives it.
JATS_EDITORIAL = b"""<?xml version="1.0" encoding="UTF-8"?>
<article xmlns:xlink="http://www.w3.org/1999/xlink" dtd-version="1.3" xml:lang="en"
  article-type="editorial">
 <front>
  <journal-meta>
   <journal-title-group>
    <journal-title>Journal of Coastal Ecology</journal-title>
   </journal-title-group>
   <issn publication-format="print">1234-5679</issn>
  </journal-meta>
  <article-meta>
   <article-id pub-id-type="doi">10.5555/jce.2021.s1.ed</article-id>
   <title-group>
    <article-title>Editorial: twenty years of estuary monitoring</article-title>
   </title-group>
   <contrib-group>
    <contrib contrib-type="author">
     <name><surname>Okafor</surname><given-names>Adaeze</given-names></name>
    </contrib>
   </contrib-group>
   <pub-date pub-type="ppub"><year>2021</year></pub-date>
   <volume>37</volume>
   <issue>S1</issue>
   <fpage>iii</fpage>
   <lpage>xii</lpage>
  </article-meta>
 </front>
</article>"""


def _one(data: bytes, fmt: str) -> Record:
    [record] = normaliser.read(data, fmt, errors="yield")
    assert not isinstance(record, Reject), record
    return record


def _pages(record: Record) -> tuple[str | None, str | None, str | None]:
    return record.fpage, record.lpage, record.page_range


def test_a_ris_chapter_with_a_roman_preface_range_is_read_and_written_back() -> None:
    # It was a reject: "SP: 'xiv-xxii' is not a page range".
    record = _one(RIS_CHAPTER, "ris")
    assert _pages(record) == ("xiv", "xxii", None)
    assert not record.notes
    written = normaliser.write(record, "ris")
    assert "SP  - xiv\nEP  - xxii\n" in written
    assert _pages(_one(written.encode(), "ris")) == ("xiv", "xxii", None)
    gbt = normaliser.write(record, "gbt7714")
    assert gbt.rstrip().endswith(": xiv-xxii.")


def test_a_jats_editorial_paged_in_roman_keeps_its_pages_in_every_format() -> None:
    record = _one(JATS_EDITORIAL, "jats")
    assert _pages(record) == ("iii", "xii", None)
    jats = normaliser.write(record, "jats")
    assert "<fpage>iii</fpage>" in jats and "<lpage>xii</lpage>" in jats
    dc = normaliser.write(record, "dc")
    assert "pp. iii-xii" in dc
    bibtex = normaliser.write(record, "bibtex")
    assert "pages = {iii--xii}" in bibtex
    assert ": iii-xii." in normaliser.write(record, "gbt7714")
    for name in ("jats", "dc", "bibtex", "ris", "noteexpress", "aggregator", "csl", "marc"):
        back = _one(normaliser.write(record, name).encode(), name)
        assert _pages(back) == ("iii", "xii", None), name
        assert not [n for n in back.notes if "page" in n.message], name


@pytest.mark.parametrize(
    ("fmt", "data"),
    [
        (
            "bibtex",
            "@incollection{whitfield2019,\n  title = {Preface to the second edition},\n"
            "  author = {Whitfield, Margaret},\n  booktitle = {Handbook of Sino-Tibetan"
            " Phonology},\n  year = {2019},\n  pages = {xiv--xxii}\n}\n",
        ),
        (
            "noteexpress",
            "{Reference Type}: Book Section\n{Title}: Preface to the second edition\n"
            "{Author}: Whitfield, Margaret\n{Secondary Title}: Handbook of Sino-Tibetan"
            " Phonology\n{Year}: 2019\n{Pages}: xiv-xxii\n\n",
        ),
        (
            "cnki",
            "SrcDatabase-来源库: 期刊\nTitle-题名: 增刊前言\nAuthor-作者: 刘洋;\n"
            "Source-文献来源: 农业经济问题\nYear-年: 2022\nPageCount-页码: xiv-xxii\n",
        ),
        (
            "aggregator",
            json.dumps(
                {
                    "title": "Editorial: twenty years of estuary monitoring",
                    "authors": "Adaeze Okafor",
                    "journal": {"name": "Journal of Coastal Ecology", "pages": "xiv–xxii"},
                    "publicationDate": "2021-03-01",
                }
            )
            + "\n",
        ),
        (
            "dc",
            '<oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/"'
            ' xmlns:dc="http://purl.org/dc/elements/1.1/">'
            "<dc:title>Editorial: twenty years of estuary monitoring</dc:title>"
            "<dc:creator>Okafor, Adaeze</dc:creator>"
            "<dc:source>Journal of Coastal Ecology, vol. 37, pp. xiv-xxii, 2021</dc:source>"
            "</oai_dc:dc>",
        ),
        (
            "csl",
            json.dumps(
                {
                    "id": "okafor2021",
                    "type": "article-journal",
                    "title": "Editorial: twenty years of estuary monitoring",
                    "author": [{"family": "Okafor", "given": "Adaeze"}],
                    "container-title": "Journal of Coastal Ecology",
                    "page": "xiv-xxii",
                }
            ),
        ),
    ],
)
def test_each_reader_keeps_a_roman_range_as_written(fmt: str, data: str) -> None:
    record = _one(data.encode(), fmt)
    assert _pages(record) == ("xiv", "xxii", None)
    assert "pages" not in record.extras
    assert not [n for n in record.notes if "page" in n.message]


def test_a_page_statement_that_is_not_pages_still_rejects_a_ris_record_naming_it() -> None:
    # Pages are a core slot (README, "Core and secondary fields"): a mixed-case word is no
    # roman numeral, and the reject names the tag and the value.
    text = RIS_CHAPTER.replace(b"SP  - xiv\nEP  - xxii\n", b"SP  - Mx\n")
    [reject] = normaliser.read(text, "ris", errors="yield")
    assert isinstance(reject, Reject)
    assert str(reject.error) == "SP: 'Mx' is not a page range"


@pytest.mark.parametrize(
    ("pages", "said"),
    [
        (b"SP  - Mx\nEP  - 12\n", "SP: 'Mx' is not a page range"),
        (b"SP  - 3\nEP  - Mx\n", "EP: 'Mx' is not a page range"),
        (b"SP  - iii\nEP  - 12\n", "SP, EP: 'iii' to '12' is not a page range"),
    ],
)
def test_a_start_and_end_page_that_make_no_range_name_the_tag_at_fault(
    pages: bytes, said: str
) -> None:
    # RIS gives a range as SP and EP, read together: the reject names the tag whose value is no
    # page and that value (it named SP with the joined 3-Mx), or both tags when each is a page
    # and the two make no range (a roman page running into arabic).
    text = RIS_CHAPTER.replace(b"SP  - xiv\nEP  - xxii\n", pages)
    [reject] = normaliser.read(text, "ris", errors="yield")
    assert isinstance(reject, Reject)
    assert str(reject.error) == said


# A journal article with every field the page-writing formats need to read it back.
BASE = Record(
    titles=(Text("Editorial: twenty years of estuary monitoring", "en"),),
    contributors=(Contributor((Name(family="Okafor", given="Adaeze", lang="en"),)),),
    journal=Journal(titles=(Text("Journal of Coastal Ecology", "en"),)),
    volume="37",
    dates=(Dated("published", PartialDate(2021)),),
    publication_types=(Term("publication-type", "journal-article"),),
    language="en",
)

PAGE_WRITERS = sorted(
    name for name, fmt in FORMATS.items() if fmt.writes and fmt.reads and "fpage" in fmt.keeps
)


@settings(max_examples=25, deadline=None)
@given(statement=roman_pages())
def test_any_roman_range_parse_accepts_is_written_back_equal_by_every_writer(
    statement: str,
) -> None:
    parsed = parse(statement)
    assert parsed.statement is None and parsed.elocation_id is None and parsed.note is None
    assert parsed.first and statement.strip().startswith(parsed.first)  # as written, not arabic
    record = replace(BASE, fpage=parsed.first, lpage=parsed.last)
    for name in PAGE_WRITERS:
        back = _one(normaliser.write(record, name).encode(), name)
        assert (back.fpage, back.lpage) == (parsed.first, parsed.last), name
    cited = "-".join(p for p in (parsed.first, parsed.last) if p)
    assert f": {cited}." in normaliser.write(record, "gbt7714")


@pytest.mark.parametrize(
    ("statement", "cited"),
    [
        ("iii-xii, 1-20", ": iii-xii, 1-20."),
        ("94-98, 93", ": 94-98, 93."),
        ("210+209", ": 210+209."),
    ],
)
def test_gbt7714_cites_a_page_statement_whole(statement: str, cited: str) -> None:
    # A chapter's preface and its body: GB/T 7714 cited the first range alone (": iii-xii.").
    parsed = parse(statement)
    record = replace(BASE, fpage=parsed.first, lpage=parsed.last, page_range=parsed.statement)
    for edition in ("2015", "2025"):
        assert cited in normaliser.write(record, "gbt7714", gbt_edition=edition), edition


@pytest.mark.parametrize("extent", ["xi + 240", "vii, 312 p.", "XII, 186 pp."])
def test_a_whole_books_roman_extent_in_bibtex_pages_is_its_page_count(extent: str) -> None:
    # A @book's pages = {35} is its page count; so is its front matter and body counted apart.
    # It was a page statement with no first page.
    entry = (
        "@book{whitfield2019,\n  title = {Handbook of Sino-Tibetan Phonology},\n"
        f"  editor = {{Whitfield, Margaret}},\n  year = {{2019}},\n  pages = {{{extent}}}\n}}\n"
    )
    record = _one(entry.encode(), "bibtex")
    assert (record.page_count, *_pages(record)) == (extent, None, None, None)
    assert f"pagetotal = {{{extent}}}" in normaliser.write(record, "bibtex")
