"""Issue 17, JATS: what a publisher's JATS says survives JATS → record → JATS — structured
abstracts, title footnotes, every date type, seasons, article types, access. The inputs are
written here from the facts of JATS 1.3 (no publisher's file is copied)."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

import normaliser
from normaliser import xmlio
from normaliser.formats.jats import TITLE_NOTES_KEY
from normaliser.record import Link, Mark, Record, Text

from .test_jats import assert_valid


def article(meta: str, *, article_type: str = "research-article", lang: str = "en") -> bytes:
    """A JATS 1.3 article around ``meta`` (article-meta content after the title group)."""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<article xmlns:xlink="http://www.w3.org/1999/xlink" dtd-version="1.3" xml:lang="{lang}"
  article-type="{article_type}">
 <front>
  <journal-meta>
   <journal-id journal-id-type="publisher-id">cmj</journal-id>
   <journal-title-group><journal-title>Chinese Medical Journal</journal-title></journal-title-group>
   <issn publication-format="print">0366-6999</issn>
  </journal-meta>
  <article-meta>
   <article-id pub-id-type="doi">10.1097/CM9.0000000000001234</article-id>
   {meta}
  </article-meta>
 </front>
</article>""".encode()


TITLE = """<title-group>
    <article-title>Early mobilisation after hip fracture surgery</article-title>
   </title-group>"""


def one(data: bytes | str) -> Record:
    [record] = normaliser.read(data.encode() if isinstance(data, str) else data, "jats")
    return record


def meta_of(document: str) -> Any:
    root = xmlio.parse(document.encode("utf-8"))
    return next(e for e in root.iter() if xmlio.local(e) == "article-meta")


# --- 1. Structured abstracts ------------------------------------------------------------------

STRUCTURED = f"""{TITLE}
   <pub-date publication-format="electronic" date-type="pub">
    <day>12</day><month>05</month><year>2025</year></pub-date>
   <abstract>
    <sec><title>Objective:</title><p>To analyze the effect of mobilisation within 24 h of
     surgery on the recovery of <italic>older</italic> patients.</p></sec>
    <sec><title>Methods</title><p>A retrospective cohort of 412 patients.</p>
     <p>Outcomes were compared with a Cox model.</p></sec>
    <sec><title>Results</title><p>Early mobilisation shortened the stay by 2.1 days.</p></sec>
    <sec><title>Conclusion</title><p>Mobilise early.</p></sec>
   </abstract>
   <trans-abstract xml:lang="zh">
    <sec><title>目的</title><p>分析髋部骨折术后24 h内下床活动对老年患者康复的影响。</p></sec>
    <sec><title>方法</title><p>回顾性队列研究，纳入412例患者。</p></sec>
   </trans-abstract>"""


def test_structured_abstract_keeps_its_section_titles(jats_dtds: Path) -> None:
    record = one(article(STRUCTURED))
    english, chinese = record.abstracts
    assert [(t and t.value, [p.value[:12] for p in ps]) for t, ps in english.sections] == [
        ("Objective:", ["To analyze t"]),
        ("Methods", ["A retrospect", "Outcomes wer"]),
        ("Results", ["Early mobili"]),
        ("Conclusion", ["Mobilise ear"]),
    ]
    assert english.paragraphs[0].marks  # the italic survives inside a section
    assert [h.title.value for h in chinese.headings] == ["目的", "方法"]
    assert {h.title.lang for h in chinese.headings} == {chinese.lang}
    document = normaliser.write(record, "jats")
    assert_valid(document)
    meta = meta_of(document)
    [abstract] = [e for e in meta if xmlio.local(e) == "abstract"]
    titles = [xmlio.text_of(t) for s in abstract for t in s if xmlio.local(t) == "title"]
    assert titles == ["Objective:", "Methods", "Results", "Conclusion"]
    assert one(document).abstracts == record.abstracts


def test_paragraphs_before_the_first_section_stay_untitled(jats_dtds: Path) -> None:
    record = one(
        article(
            f"""{TITLE}<abstract><title>Abstract</title><p>Hip fractures are common.</p>
            <sec><title>Aim</title><p>To compare two regimens.</p></sec></abstract>"""
        )
    )
    [abstract] = record.abstracts
    assert [(t and t.value, len(ps)) for t, ps in abstract.sections] == [(None, 1), ("Aim", 1)]
    document = normaliser.write(record, "jats")
    assert_valid(document)
    assert one(document).abstracts == record.abstracts


# --- 3. Date types ----------------------------------------------------------------------------


def _d(tag: str, attrs: str, iso: str) -> str:
    y, m, d = [*iso.split("-"), None, None][:3]
    parts = (f"<day>{d}</day>" if d else "") + (f"<month>{m}</month>" if m else "")
    return f"<{tag} {attrs}>{parts}<year>{y}</year></{tag}>"


DATES = (
    TITLE
    + _d("pub-date", 'publication-format="electronic" date-type="publication"', "2023-03-14")
    + _d("pub-date", 'date-type="update"', "2023-07-02")
    + _d("pub-date", 'pub-type="ppub"', "2023-08")
    + _d("pub-date", 'date-type="corrected"', "2023-09-01")
    + _d("pub-date", 'pub-type="pmc-release"', "2023-03-20")
    + "<volume>12</volume><history>"
    + _d("date", 'date-type="received"', "2022-10-18")
    + _d("date", 'date-type="rev-request"', "2022-12-01")
    + _d("date", 'date-type="rev-recd"', "2023-01-10")
    + _d("date", 'date-type="accepted"', "2023-02-21")
    + _d("date", 'date-type="preprint"', "2022-10-20")
    + _d("date", 'date-type="published-online"', "2023-03-14")
    + _d("date", 'date-type="oa-requested"', "2023-02-22")
    + "</history>"
)


def _date_elements(document: str | bytes) -> list[tuple[str, dict[str, str], str]]:
    data = document.encode("utf-8") if isinstance(document, str) else document
    root = xmlio.parse(data)
    meta = next(e for e in root.iter() if xmlio.local(e) == "article-meta")
    out = []
    for el in meta.iter():
        if isinstance(el.tag, str) and xmlio.local(el) in ("pub-date", "date"):
            attrs = {k: v for k, v in el.attrib.items() if k != "iso-8601-date"}
            parts = "-".join(
                xmlio.text_of(p)
                for name in ("year", "month", "day")
                for p in el
                if xmlio.local(p) == name
            )
            out.append((xmlio.local(el), attrs, parts))
    return out


def test_every_date_type_is_kept_and_written_back_as_it_came(jats_dtds: Path) -> None:
    source = article(DATES)
    record = one(source)
    kinds = [(d.kind, d.label) for d in record.dates]
    # eLife's publication and update dates are two kinds: one publication date, not two.
    assert ("epub", "publication") in kinds and ("update", None) in kinds
    assert [d.kind for d in record.dates].count("epub") == 1
    assert record.date("update") is not None and str(record.date("epub")) == "2023-03-14"
    assert ("ppub", "pub-type:ppub") in kinds and ("corrected", None) in kinds
    assert ("revised", None) in kinds and ("rev-request", None) in kinds  # rev-recd
    assert ("preprint", None) in kinds and ("event", "published-online") in kinds
    assert ("event", "oa-requested") in kinds and ("event", "pub-type:pmc-release") in kinds
    document = normaliser.write(record, "jats")
    assert_valid(document)
    assert sorted(_date_elements(document), key=str) == sorted(_date_elements(source), key=str)
    assert one(document).dates == record.dates


# The rest of JATS 1.3's date types and legacy pub-types, beside the ones above: a plain
# date-type="pub" in each publication format, collection, cover, retracted and open-access as
# publication dates and as history events, and the legacy pub-type epub, cover and collection.
MORE_DATES = (
    TITLE
    + _d("pub-date", 'publication-format="print" date-type="pub"', "2021-06")
    + _d("pub-date", 'date-type="pub" publication-format="electronic"', "2021-05-03")
    + _d("pub-date", 'date-type="pub"', "2021")
    + _d("pub-date", 'date-type="collection"', "2021")
    + _d("pub-date", 'date-type="cover"', "2021-07")
    + _d("pub-date", 'date-type="retracted"', "2022-01-11")
    + _d("pub-date", 'date-type="open-access"', "2021-05-03")
    + _d("pub-date", 'pub-type="epub"', "2021-05-02")
    + _d("pub-date", 'pub-type="cover"', "2021-07")
    + _d("pub-date", 'pub-type="collection"', "2021")
    + "<volume>3</volume><history>"
    + _d("date", 'date-type="received"', "2020-11-02")
    + _d("date", 'date-type="accepted"', "2021-03-30")
    + _d("date", 'date-type="retracted"', "2022-01-11")
    + _d("date", 'date-type="open-access"', "2021-05-03")
    + "</history>"
)


def test_the_other_date_types_and_pub_types_are_kept_as_they_came(jats_dtds: Path) -> None:
    source = article(MORE_DATES)
    record = one(source)
    kinds = [(d.kind, d.label, d.history) for d in record.dates]
    assert kinds == [
        ("ppub", None, None),
        ("epub", None, None),
        ("published", None, None),
        ("collection", None, None),
        ("cover", None, None),
        ("retracted", None, None),
        ("open-access", None, None),
        ("epub", "pub-type:epub", None),
        ("ppub", "pub-type:cover", None),
        ("collection", "pub-type:collection", None),
        ("received", None, None),
        ("accepted", None, None),
        ("retracted", None, True),
        ("open-access", None, True),
    ]
    document = normaliser.write(record, "jats")
    assert_valid(document)

    def written(doc: str | bytes) -> list[tuple[str, list[tuple[str, str]], str]]:
        return sorted((tag, sorted(at.items()), parts) for tag, at, parts in _date_elements(doc))

    assert written(document) == written(source)
    assert one(document).dates == record.dates


def test_date_kinds_have_labels_in_every_locale() -> None:
    from normaliser import vocab
    from normaliser.record import DATE_KINDS

    for kind in DATE_KINDS:
        assert set(vocab.labels("date-kind", kind)) == {"en", "zh-Hans", "zh-Hant"}, kind


# --- 4. Seasons and ranges --------------------------------------------------------------------


@pytest.mark.parametrize("season", ["May-Aug", "Jul-Sep", "Spring"])
def test_a_season_is_kept_and_written_back(season: str, jats_dtds: Path) -> None:
    source = article(
        f"""{TITLE}<pub-date publication-format="print" date-type="pub">
        <season>{season}</season><year>2018</year></pub-date>"""
    )
    record = one(source)
    [dated] = record.dates
    assert (dated.kind, str(dated.date), dated.season) == ("ppub", "2018", season)
    document = normaliser.write(record, "jats")
    assert_valid(document)
    assert f"<season>{season}</season>" in document
    assert one(document).dates == record.dates


@pytest.mark.parametrize(
    "month",
    ["Sep", "Sept.", "September", "SEP", "9月", "九月", "０９", "09"],
)
def test_a_month_given_by_name_is_read_as_its_number(month: str, jats_dtds: Path) -> None:
    # Publishers write <month>Sep</month>; Chinese JATS writes 九月 or 9月.
    source = article(
        f"""{TITLE}<pub-date publication-format="print" date-type="pub">
        <day>3</day><month>{month}</month><year>2018</year></pub-date>"""
    )
    [dated] = one(source).dates
    assert str(dated.date) == "2018-09-03"


@pytest.mark.parametrize(
    ("month", "number"), [("十一月", 11), ("十二月", 12), ("一月", 1), ("12月", 12)]
)
def test_chinese_month_names_of_two_characters(month: str, number: int) -> None:
    source = article(
        f"""{TITLE}<pub-date date-type="pub"><month>{month}</month><year>2018</year></pub-date>"""
    )
    [dated] = one(source).dates
    assert dated.date.month == number


def test_a_month_that_is_no_month_is_kept_as_the_issue_s_season(jats_dtds: Path) -> None:
    # <month>May-Aug</month> (a range written where the month goes) was dropped without a word.
    source = article(
        f"""{TITLE}<pub-date publication-format="print" date-type="pub">
        <month>May-Aug</month><year>2018</year></pub-date>"""
    )
    record = one(source)
    [dated] = record.dates
    assert (str(dated.date), dated.season) == ("2018", "May-Aug")
    document = normaliser.write(record, "jats")
    assert_valid(document)
    assert one(document).dates == record.dates


def test_a_conference_of_several_days_keeps_its_last_day(jats_dtds: Path) -> None:
    bib = """@inproceedings{li2023,
  title = {Sparse attention for long documents},
  author = {Li, Wei},
  booktitle = {Proceedings of the 2023 Conference on Empirical Methods},
  eventtitle = {EMNLP 2023},
  eventdate = {2023-10-20/2023-10-22},
  venue = {Singapore},
  year = {2023},
}
"""
    [record] = normaliser.read(bib.encode(), "bibtex")
    assert record.conference is not None
    assert (str(record.conference.date), str(record.conference.end)) == ("2023-10-20", "2023-10-22")
    assert "eventdate" not in record.extras
    assert "eventdate = {2023-10-20/2023-10-22}" in normaliser.write(record, "bibtex")
    document = normaliser.write(record, "jats")
    assert_valid(document)
    assert one(document).conference == record.conference


# --- 5. Article types -------------------------------------------------------------------------


# Every article-type JATS 1.3 suggests, and values of publishers' own (the attribute is free).
ARTICLE_TYPES = [
    "abstract",
    "addendum",
    "announcement",
    "article-commentary",
    "book-review",
    "books-received",
    "brief-report",
    "calendar",
    "case-report",
    "collection",
    "correction",
    "data-paper",
    "discussion",
    "dissertation",
    "editorial",
    "expression-of-concern",
    "in-brief",
    "introduction",
    "letter",
    "meeting-report",
    "news",
    "obituary",
    "oration",
    "partial-retraction",
    "product-review",
    "rapid-communication",
    "reply",
    "reprint",
    "retraction",
    "review-article",
    "research-article",
    "other",
    "systematic-review",
    "methods-article",
    "study-protocol",
]


@pytest.mark.parametrize("article_type", ARTICLE_TYPES)
def test_every_article_type_survives_jats_to_jats(article_type: str, jats_dtds: Path) -> None:
    record = one(article(TITLE, article_type=article_type))
    document = normaliser.write(record, "jats")
    assert_valid(document)
    root = xmlio.parse(document.encode("utf-8"))
    assert root.get("article-type") == article_type
    assert (
        xmlio.parse(normaliser.write(one(document), "jats").encode()).get("article-type")
        == article_type
    )


def test_a_conference_paper_is_not_a_meeting_report(jats_dtds: Path) -> None:
    bib = """@inproceedings{li2023,
  title = {Sparse attention for long documents},
  author = {Li, Wei},
  booktitle = {Proceedings of EMNLP 2023},
  year = {2023},
}
"""
    [record] = normaliser.read(bib.encode(), "bibtex")
    assert [t.code for t in record.publication_types] == ["conference-paper"]
    document = normaliser.write(record, "jats")
    assert_valid(document)
    assert xmlio.parse(document.encode("utf-8")).get("article-type") != "meeting-report"
    assert [t.code for t in one(document).publication_types] == ["conference-paper"]
    # and a meeting report read from JATS is no conference paper
    report = one(article(TITLE, article_type="meeting-report"))
    assert "conference-paper" not in [t.code for t in report.publication_types]


# --- 2. Title footnotes -----------------------------------------------------------------------

FOOTNOTED = """<title-group>
    <article-title>R-Symmetric NMSSM<xref ref-type="fn" rid="fn1">*</xref><fn id="fn1"><p>Supported
     in part by the National Natural Science Foundation of China (11775012)</p></fn></article-title>
    <trans-title-group xml:lang="zh"><trans-title>R对称的NMSSM<xref ref-type="fn" rid="fn2">†</xref>
     <fn id="fn2"><label>†</label><p>国家自然科学基金资助项目</p></fn></trans-title>
    </trans-title-group>
   </title-group>"""


def test_title_footnotes_are_notes_not_title_text(jats_dtds: Path) -> None:
    record = one(article(FOOTNOTED))
    assert [t.value for t in record.titles] == ["R-Symmetric NMSSM", "R对称的NMSSM"]
    assert record.extras["jats:title-fn"] == [
        "Supported in part by the National Natural Science Foundation of China (11775012)",
        "国家自然科学基金资助项目",
    ]
    dc = normaliser.write(record, "dc")
    assert '<dc:title xml:lang="en">R-Symmetric NMSSM</dc:title>' in dc
    assert "Supported" not in dc.split("<dc:title")[1].split("</dc:title>")[0]
    document = normaliser.write(record, "jats")
    assert_valid(document)
    assert [t.value for t in one(document).titles] == ["R-Symmetric NMSSM", "R对称的NMSSM"]


def test_title_footnotes_survive_jats_to_jats(jats_dtds: Path) -> None:
    # They were read into extras and then dropped by the JATS writer: JATS → JATS lost them.
    record = one(article(FOOTNOTED))
    for version in ("1.3", "1.4"):
        document = normaliser.write(record, "jats", jats_version=version)
        assert_valid(document, version)
        back = one(document)
        assert back.titles == record.titles
        assert back.extras[TITLE_NOTES_KEY] == record.extras[TITLE_NOTES_KEY]
    # A record whose only title is a translation (1.3 leaves article-title empty) keeps them too.
    translated = dataclasses.replace(
        record, titles=(Text("R-Symmetric NMSSM", "en", "translation"),)
    )
    document = normaliser.write(translated, "jats")
    assert_valid(document)
    back = one(document)
    assert (back.titles, back.extras) == (translated.titles, translated.extras)


# --- 6. Access and links agree ----------------------------------------------------------------

CONTRADICTION = f"""{TITLE}
   <self-uri xlink:href="https://example.org/article.pdf" content-type="pdf"
    specific-use="open-access"/>
   <custom-meta-group><custom-meta><meta-name>open-access</meta-name>
    <meta-value>false</meta-value></custom-meta></custom-meta-group>"""


def test_an_open_access_link_beside_open_access_false_is_a_conflict(jats_dtds: Path) -> None:
    record = one(article(CONTRADICTION))
    assert record.open_access is False
    assert [(lk.url, lk.kind) for lk in record.links] == [
        ("https://example.org/article.pdf", "pdf")
    ]
    assert [(n.kind, n.field) for n in record.notes] == [("conflict", "open-access")]
    # The writer never puts the two claims side by side either: a free PDF of an article that
    # is not open access (an aggregator's openAccessPdf beside isOpenAccess false) is
    # free-to-read, and reads back as it was.
    free_pdf = dataclasses.replace(record, links=(Link("https://example.org/a.pdf", "oa-pdf"),))
    document = normaliser.write(free_pdf, "jats")
    assert_valid(document)
    assert 'specific-use="open-access"' not in document
    assert 'specific-use="free-to-read"' in document
    back = one(document)
    assert (back.open_access, back.links, back.notes) == (False, free_pdf.links, ())


# --- Edition, series, page count ---------------------------------------------------------------


def test_edition_series_and_page_count_survive_jats(jats_dtds: Path) -> None:
    # A book's edition (custom-meta edition), its series in two languages (volume-series, the
    # others custom-meta series) and a page count that is no number (custom-meta page-count).
    record = Record(
        titles=(Text("城市韧性导论", "zh-Hans"),),
        edition="修订本",
        series=(
            Text("城市研究丛书", "zh-Hans"),
            Text("Urban H2O Studies", "en", "translation", (Mark(7, 8, "sub"),)),
        ),
        page_count="xii+186",
    )
    for version in ("1.3", "1.4"):
        document = normaliser.write(record, "jats", jats_version=version)
        assert_valid(document, version)  # the official DTD (the writer checked its profile)
        assert "<meta-value>Urban H<sub>2</sub>O Studies</meta-value>" in document
        back = one(document)
        assert (back.edition, back.series, back.page_count) == (
            record.edition,
            record.series,
            record.page_count,
        )
        assert back.extras == {}
    for field in ("edition", "series", "page_count"):
        assert field in normaliser.formats.jats.KEEPS


def test_an_issn_published_online_is_the_electronic_issn(jats_dtds: Path) -> None:
    # publication-format is free text: publishers write "online" as well as "electronic".
    source = article(TITLE).replace(
        b"</journal-meta>", b'<issn publication-format="online">2049-3630</issn></journal-meta>'
    )
    record = one(source)
    assert record.journal is not None
    assert ("issn-electronic", "2049-3630") in [
        (i.scheme, i.value) for i in record.journal.identifiers
    ]
    document = normaliser.write(record, "jats")
    assert_valid(document)
    assert '<issn publication-format="electronic">2049-3630</issn>' in document
    assert one(document).journal == record.journal


# --- A title's function -------------------------------------------------------------------------


def test_an_alternative_title_keeps_its_type_and_is_written_back(jats_dtds: Path) -> None:
    # A running head (alt-title-type="running-head") is no title of the article: before, it
    # was dropped without a word; now it is kept as it came and written back in title-group.
    source = article(
        """<title-group>
    <article-title>Early mobilisation after hip fracture surgery</article-title>
    <alt-title alt-title-type="running-head">Early mobilisation</alt-title>
    <alt-title alt-title-type="short" xml:lang="zh-Hans">早期活动</alt-title>
   </title-group>"""
    )
    record = one(source)
    assert [t.value for t in record.titles] == ["Early mobilisation after hip fracture surgery"]
    assert record.extras["jats:alt-title"] == [
        {"value": "Early mobilisation", "type": "running-head"},
        {"value": "早期活动", "type": "short", "lang": "zh-Hans"},
    ]
    for version in ("1.3", "1.4"):
        document = normaliser.write(record, "jats", jats_version=version)
        assert_valid(document, version)
        assert '<alt-title alt-title-type="running-head">Early mobilisation</alt-title>' in document
        back = one(document)
        assert (back.titles, back.extras) == (record.titles, record.extras)


def test_strict_reading_takes_what_the_reader_now_maps() -> None:
    # A season, a series, counts and alt-titles are read (kept in fields or extras): with
    # --strict they are no unmapped elements.
    source = article(
        """<title-group>
    <article-title>Early mobilisation after hip fracture surgery</article-title>
    <alt-title alt-title-type="running-head">Early mobilisation</alt-title>
   </title-group>
   <pub-date date-type="pub"><season>Spring</season><year>2018</year></pub-date>
   <volume-series>Orthopaedic Monographs</volume-series>
   <counts><fig-count count="2"/><page-count count="9"/></counts>"""
    )
    [record] = normaliser.read(source, "jats", strict=True)
    assert record.page_count == "9" and record.dates[0].season == "Spring"


# --- An identifier as the source spelled it --------------------------------------------------

PMC_SPELT = f"""<article-id pub-id-type="pmc">9871204</article-id>
   <article-id pub-id-type="pmid">36701234</article-id>
   {TITLE}"""


def test_pmc_s_own_pub_id_type_is_written_back_as_it_came(jats_dtds: Path) -> None:
    # PMC writes pub-id-type="pmc" with the bare number; JATS4R recommends pmcid with PMC…:
    # both are valid. The writer wrote pmcid PMC9871204 whatever the source said (JATS → JATS
    # changed a valid value); the record keeps one canonical PMC id for every other format.
    record = one(article(PMC_SPELT))
    assert record.identifier("pmcid") == "PMC9871204"
    assert [i.scheme for i in record.identifiers] == ["doi", "pmcid", "pmid"]
    for version in ("1.3", "1.4"):
        document = normaliser.write(record, "jats", jats_version=version)
        assert_valid(document, version)
        assert '<article-id pub-id-type="pmc">9871204</article-id>' in document
        assert 'pub-id-type="pmcid"' not in document
        back = one(document)
        assert (back.identifiers, back.extras) == (record.identifiers, record.extras)
    # The other formats write the canonical PMC id and read it back as the record's pmcid.
    for name in ("ris", "bibtex", "csl", "dc", "noteexpress", "aggregator"):
        written = normaliser.write(record, name)
        assert "PMC9871204" in written, name
        [again] = normaliser.read(written.encode("utf-8"), name)
        assert again.identifier("pmcid") == "PMC9871204", name


def test_a_pmc_id_spelt_otherwise_or_changed_is_written_in_canonical_form(jats_dtds: Path) -> None:
    # The source's pmcid PMC… is the canonical form: nothing to keep, written as it came.
    record = one(article(PMC_SPELT.replace('"pmc">9871204', '"pmcid">PMC9871204')))
    assert not record.extras
    assert '<article-id pub-id-type="pmcid">PMC9871204</article-id>' in normaliser.write(
        record, "jats"
    )
    # PMC's spelling of a PMC id the record no longer has is not written for the new one.
    spelt = one(article(PMC_SPELT))
    changed = dataclasses.replace(
        spelt,
        identifiers=tuple(
            dataclasses.replace(i, value="PMC1111111") if i.scheme == "pmcid" else i
            for i in spelt.identifiers
        ),
    )
    document = normaliser.write(changed, "jats")
    assert_valid(document)
    assert '<article-id pub-id-type="pmcid">PMC1111111</article-id>' in document
    assert "9871204" not in document


# --- Subtitles ----------------------------------------------------------------------------------

SUBTITLED = """<title-group>
    <article-title>髋部骨折术后<italic>早期</italic>活动的效果</article-title>
    <subtitle>一项<bold>多中心</bold>随机对照试验</subtitle>
    <trans-title-group xml:lang="en">
     <trans-title>Effect of early mobilisation after hip fracture surgery</trans-title>
     <trans-subtitle><italic>A multicentre randomised controlled trial</italic></trans-subtitle>
    </trans-title-group>
   </title-group>"""


def test_subtitles_are_written_back_as_subtitles(jats_dtds: Path) -> None:
    # The reader joined each subtitle to its title (标题——副标题, Title: Subtitle) and the
    # writer wrote the joined title as the article-title: JATS → JATS lost the subtitles.
    record = one(article(SUBTITLED, lang="zh"))
    zh, en = record.titles
    # Every format sees the joined title; the subtitle's span is marked, its own marks inside.
    assert zh.value == "髋部骨折术后早期活动的效果——一项多中心随机对照试验"
    assert en.value == (
        "Effect of early mobilisation after hip fracture surgery: "
        "A multicentre randomised controlled trial"
    )
    assert zh.marks == (
        Mark(6, 8, "italic"),
        Mark(15, 26, "subtitle"),
        Mark(17, 20, "bold"),
    )
    assert en.marks == (Mark(57, 98, "subtitle"), Mark(57, 98, "italic"))
    for version in ("1.3", "1.4"):
        document = normaliser.write(record, "jats", jats_version=version)
        assert_valid(document, version)
        assert "<article-title>髋部骨折术后<italic>早期</italic>活动的效果</article-title>" in (
            document.replace(' xml:lang="zh-Hans"', "")
        )
        assert "<subtitle>一项<bold>多中心</bold>随机对照试验</subtitle>" in document
        sub = "<italic>A multicentre randomised controlled trial</italic>"
        if version == "1.3":
            assert f"<trans-subtitle>{sub}</trans-subtitle>" in document
        else:
            assert f"<subtitle>{sub}</subtitle>" in document
        assert one(document).titles == record.titles
    # A format with no place for a subtitle writes the joined title, as before.
    dc = normaliser.write(record, "dc")
    assert "髋部骨折术后早期活动的效果——一项多中心随机对照试验</dc:title>" in dc
