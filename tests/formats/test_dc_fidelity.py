"""Dublin Core fidelity on repository records (issue 17, "Dublin Core"): values whose form was
valid come back as they came, text languages come from the text, standard numbers and CLC
codes keep their kind, names and date ranges survive. The records are written for these tests
from what OAI-PMH repositories (DSpace, OJS) publish."""

from __future__ import annotations

import pytest

import normaliser
from normaliser.record import Journal, Record, Text

from .test_dc import assert_valid, oai_dc, one, statements


def dc_again(record: Record, format: str = "dc") -> list[tuple[str, str | None, str]]:
    document = normaliser.write([record], format)
    assert_valid(document)
    return statements(document)


def values(said: list[tuple[str, str | None, str]], element: str) -> list[str]:
    return [text for name, _, text in said if name == element]


# --- 1. A value whose form was valid is written back as it came ------------------------------


def test_a_w3cdtf_timestamp_keeps_its_time_of_day() -> None:
    record = one(
        oai_dc("<dc:title>Kustbeheer</dc:title>", "<dc:date>2003-04-22T13:13:44Z</dc:date>")
    )
    assert str(record.date("published")) == "2003-04-22"
    assert not [n for n in record.notes if "time of day" in n.message]
    assert values(dc_again(record), "date") == ["2003-04-22T13:13:44Z"]
    assert values(dc_again(record, "qdc"), "date") == ["2003-04-22T13:13:44Z"]


def test_a_changed_publication_date_is_written_not_the_old_timestamp() -> None:
    import dataclasses

    from normaliser.record import Dated, PartialDate

    record = one(
        oai_dc("<dc:title>Kustbeheer</dc:title>", "<dc:date>2003-04-22T13:13:44Z</dc:date>")
    )
    moved = dataclasses.replace(record, dates=(Dated("published", PartialDate(2004, 1)),))
    assert "2004-01" in values(dc_again(moved), "date")


def test_a_valid_language_code_stays_as_the_source_wrote_it() -> None:
    for code in ("nl", "nld", "dut", "en", "eng", "zh-Hant"):
        record = one(
            oai_dc("<dc:title>Kustbeheer</dc:title>", f"<dc:language>{code}</dc:language>")
        )
        assert not [n for n in record.notes if n.field == "dc:language"], code
        assert values(dc_again(record), "language") == [code]


def test_an_invalid_language_form_is_normalised_with_a_note() -> None:
    for spelled, written in (("Dutch", "nld"), ("en_US", "eng")):
        record = one(
            oai_dc("<dc:title>Kustbeheer</dc:title>", f"<dc:language>{spelled}</dc:language>")
        )
        assert [n.field for n in record.notes] == ["dc:language"], spelled
        assert values(dc_again(record), "language") == [written]
    record = one(oai_dc("<dc:title>Kustbeheer</dc:title>", "<dc:language>other</dc:language>"))
    assert record.language is None
    assert [n.field for n in record.notes] == ["dc:language"]


def test_a_type_label_stays_beside_the_dcmi_type() -> None:
    record = one(
        oai_dc(
            "<dc:title>Kustbeheer</dc:title>",
            "<dc:type>Article</dc:type>",
            "<dc:type>Text</dc:type>",
        )
    )
    assert [t.code for t in record.publication_types] == ["journal-article"]
    types = values(dc_again(record), "type")
    assert "Article" in types and "Text" in types
    assert "Journal Article" not in types


# --- 2. A text's language comes from the text --------------------------------------------------

_NL_ABSTRACT = (
    "Dit artikel onderzoekt het beheer van het grondwater in de Nederlandse delta gedurende de "
    "afgelopen eeuw en de maatregelen die dat beheer hebben gevormd."
)
_EN_ABSTRACT = (
    "This article examines how groundwater in the Dutch delta was managed over the last century "
    "and which policies shaped that management."
)


def test_an_english_abstract_in_a_dutch_record_is_english() -> None:
    record = one(
        oai_dc(
            "<dc:title>Grondwaterbeheer in de Nederlandse delta sinds 1900</dc:title>",
            f"<dc:description>{_NL_ABSTRACT}</dc:description>",
            f"<dc:description>{_EN_ABSTRACT}</dc:description>",
            "<dc:subject>grondwater</dc:subject>",
            "<dc:language>nl</dc:language>",
        )
    )
    assert record.language == "nl"
    assert [t.lang for t in record.titles] == ["nl"]
    assert [(a.lang, a.variant) for a in record.abstracts] == [
        ("nl", "original"),
        ("en", "translation"),
    ]
    # Too short to identify: a lone term takes the record's language.
    assert [k.lang for k in record.keywords] == ["nl"]
    said = dc_again(record)
    assert ("description", "en", _EN_ABSTRACT) in said


# --- 3. Standard numbers and CLC codes keep their kind -----------------------------------------


def test_a_standard_number_is_a_standard_number_and_comes_back_as_one() -> None:
    record = one(
        oai_dc(
            "<dc:title>信息与文献 参考文献著录规则</dc:title>",
            "<dc:identifier>GB/T 7714–2015</dc:identifier>",
            "<dc:relation>ISO 690:2021</dc:relation>",
            "<dc:type>标准</dc:type>",
        )
    )
    assert [(i.scheme, i.value) for i in record.identifiers] == [
        ("standard-number", "GB/T 7714–2015"),
        ("standard-number", "ISO 690:2021"),
    ]
    assert not record.extras.get("dc:relation")
    said = dc_again(record)
    assert {"GB/T 7714–2015", "ISO 690:2021"} <= set(values(said, "identifier"))
    again = one(normaliser.write([record], "dc"))
    assert again.identifiers == record.identifiers


def test_other_identifiers_are_not_standard_numbers() -> None:
    for value in (
        "hdl:20.500.12345/8841",
        "urn:nbn:de:0000-1234",
        "ISO-8859-1",
        "GB2312",
        "Rapport 12",
    ):
        record = one(
            oai_dc("<dc:title>Kustbeheer</dc:title>", f"<dc:identifier>{value}</dc:identifier>")
        )
        assert all(i.scheme != "standard-number" for i in record.identifiers), value


def test_clc_codes_are_a_classification_not_keywords() -> None:
    record = one(
        oai_dc(
            "<dc:title>网络零售平台的定价策略研究</dc:title>",
            "<dc:subject>网络零售</dc:subject>",
            "<dc:subject>F724.6</dc:subject>",
            '<dc:subject xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            'xsi:type="dcterms:CLC">R730.5</dc:subject>',
            "<dc:subject>TP391.4</dc:subject>",
            "<dc:subject>PM2.5</dc:subject>",
            "<dc:subject>F320</dc:subject>",
            "<dc:language>zh</dc:language>",
        )
    )
    assert [(s.vocabulary, s.code) for s in record.subjects] == [
        ("clc", "F724.6"),
        ("clc", "R730.5"),
        ("clc", "TP391.4"),
        ("clc", "F320"),  # a class, beside codes with a subdivision
    ]
    assert [k.value for k in record.keywords] == ["网络零售", "PM2.5"]
    said = dc_again(record)
    assert [(lang, v) for e, lang, v in said if v in ("F724.6", "R730.5", "TP391.4")] == [
        (None, "F724.6"),
        (None, "R730.5"),
        (None, "TP391.4"),
    ]
    assert one(normaliser.write([record], "dc")).subjects == record.subjects
    dc_again(record, "qdc")
    # A lone class-like keyword (S100, a protein) stays a keyword.
    alone = one(oai_dc("<dc:title>S100 in melanoma</dc:title>", "<dc:subject>S100</dc:subject>"))
    assert (alone.subjects, [k.value for k in alone.keywords]) == ((), ["S100"])


# --- 4. Names ----------------------------------------------------------------------------------


def test_a_particle_after_the_given_name_belongs_to_the_family_name() -> None:
    record = one(
        oai_dc(
            "<dc:title>Kustbeheer</dc:title>",
            "<dc:creator>Jong, G. de</dc:creator>",
            "<dc:creator>Berg, Johannes van den</dc:creator>",
            "<dc:creator>Vries, Anna</dc:creator>",
        )
    )
    assert [(n.family, n.given) for c in record.contributors for n in c.names] == [
        ("de Jong", "G."),
        ("van den Berg", "Johannes"),
        ("Vries", "Anna"),
    ]
    again = one(normaliser.write([record], "dc"))
    assert again.contributors == record.contributors


def test_a_corporate_body_with_full_stops_stays_whole() -> None:
    record = one(
        oai_dc(
            "<dc:title>参謀本部製版</dc:title>",
            "<dc:creator>Japan Rikugun. Chi Butai, Dai 1602.</dc:creator>",
            "<dc:creator>United States. Army Map Service.</dc:creator>",
            "<dc:creator>Smith, John Jr.</dc:creator>",
            "<dc:creator>St. John, Mary</dc:creator>",
        )
    )
    names = [c.names[0] for c in record.contributors]
    assert [n.literal for n in names[:2]] == [
        "Japan Rikugun. Chi Butai, Dai 1602.",
        "United States. Army Map Service.",
    ]
    assert [(n.family, n.given) for n in names[2:]] == [("Smith", "John Jr."), ("St. John", "Mary")]
    said = values(dc_again(record), "creator")
    assert said[:2] == ["Japan Rikugun. Chi Butai, Dai 1602.", "United States. Army Map Service."]


def test_a_dspace_record_repeating_its_creators_and_abstracts_is_read_once() -> None:
    abstract = "This study maps groundwater salinity along the Dutch coast between 1990 and 2010."
    record = one(
        oai_dc(
            "<dc:title>Groundwater salinity along the Dutch coast</dc:title>",
            "<dc:creator>Jong, G. de</dc:creator>",
            "<dc:creator>Vries, Anna</dc:creator>",
            "<dc:contributor>Jong, G. de</dc:contributor>",
            "<dc:contributor>Vries, Anna</dc:contributor>",
            "<dc:contributor>Bakker, Piet</dc:contributor>",
            f"<dc:description>{abstract}</dc:description>",
            f"<dc:description>{abstract}</dc:description>",
        )
    )
    assert [(c.role, c.names[0].family) for c in record.contributors] == [
        ("author", "de Jong"),
        ("author", "Vries"),
        ("contributor", "Bakker"),
    ]
    assert len(record.abstracts) == 1
    assert {n.field for n in record.notes} >= {"dc:contributor", "dc:description"}
    said = dc_again(record)
    assert values(said, "description") == [abstract]
    assert values(said, "contributor") == ["Bakker, Piet"]


# --- Date ranges and the publication history --------------------------------------------------


def test_a_date_range_is_kept_as_a_range() -> None:
    # 1943-1944 and Shōwa 18-19 [1943-1944] (a map series), 2018/2019 (ISO 8601 interval).
    for written, start, end in [
        ("1943-1944", "1943", "1944"),
        ("2018/2019", "2018", "2019"),
        ("2018-05-01/2018-06-30", "2018-05-01", "2018-06-30"),
        ("Shōwa 18-19 [1943-1944]", "1943", "1944"),
    ]:
        record = one(oai_dc("<dc:title>Map of Kyushu</dc:title>", f"<dc:date>{written}</dc:date>"))
        [dated] = record.dates
        assert (dated.kind, str(dated.date), str(dated.end)) == ("published", start, end), written
        assert not record.notes, written
        assert values(dc_again(record), "date") == [written]  # as it came
        assert values(dc_again(record, "qdc"), "date") == [written]
        # Without the source's form (from canonical JSON), DC writes an ISO 8601 interval.
        [bare] = normaliser.read(normaliser.write(record, "json").encode(), "json")
        assert bare.dates == record.dates
        import dataclasses

        plain = dataclasses.replace(record, extras={})
        assert values(dc_again(plain), "date") == [f"{start}/{end}"]
        assert one(normaliser.write(plain, "dc")).dates == record.dates


def test_a_range_that_runs_backwards_is_no_range() -> None:
    record = one(oai_dc("<dc:title>Map</dc:title>", "<dc:date>1944-1943</dc:date>"))
    assert record.dates == ()
    assert [n.field for n in record.notes] == ["dc:date"]


def test_the_publication_history_is_written_and_read_back() -> None:
    record = one(
        oai_dc(
            "<dc:title>Kustbeheer</dc:title>",
            '<dcterms:dateSubmitted xmlns:dcterms="http://purl.org/dc/terms/">2024-12-01'
            "</dcterms:dateSubmitted>",
            '<dcterms:dateAccepted xmlns:dcterms="http://purl.org/dc/terms/">2025-04-02'
            "</dcterms:dateAccepted>",
            '<dcterms:issued xmlns:dcterms="http://purl.org/dc/terms/">2025-05-12</dcterms:issued>',
        )
    )
    kinds = {d.kind: str(d.date) for d in record.dates}
    assert kinds == {"received": "2024-12-01", "accepted": "2025-04-02", "published": "2025-05-12"}
    document = normaliser.write(record, "qdc")
    assert "<dcterms:dateSubmitted" in document and "<dcterms:dateAccepted" in document
    assert one(document).dates == record.dates


def test_a_page_count_is_the_extent() -> None:
    # qualified DC: dcterms:extent; simple DC: dc:format (extent refines format).
    import dataclasses

    record = dataclasses.replace(
        one(oai_dc("<dc:title>城市韧性导论</dc:title>")), page_count="xii+186"
    )
    assert values(dc_again(record, "qdc"), "extent") == ["xii+186 pages"]
    assert values(dc_again(record), "format") == ["xii+186 pages"]
    for format in ("dc", "qdc"):
        assert one(normaliser.write(record, format)).page_count == "xii+186"
    read = one(oai_dc("<dc:title>Map</dc:title>", "<dc:format>186 p.</dc:format>"))
    assert (read.page_count, read.extras) == ("186", {})
    other = one(oai_dc("<dc:title>Map</dc:title>", "<dc:format>application/pdf</dc:format>"))
    assert other.page_count is None and "dc:format" in other.extras
    assert "page_count" in normaliser.formats.dc.KEEPS


# --- Fact-level round trip (issue 17, Done-when line 2) ---------------------------------------


def test_a_romanised_name_keeps_its_tag_and_variant() -> None:
    # CNKI gives a by-line in Han characters and its pinyin; Taiwan's journals give Wade-Giles
    # beside the pinyin. The writer writes one creator per person, the romanised forms in
    # parentheses; read back, each is a transliteration again, pinyin or not.
    from normaliser.record import Contributor, Name

    person = Contributor(
        (
            Name("歐陽", "志明", "eastern", "zh-Hant"),
            Name("Ouyang", "Chih-Ming", lang="zh-Latn", variant="transliteration"),
            Name("Ouyang", "Zhiming", lang="zh-Latn-pinyin", variant="transliteration"),
        )
    )
    hans = Contributor(
        (
            Name("司马", "婷", "eastern", "zh-Hans"),
            Name("Sima", "Ting", lang="zh-Latn-pinyin", variant="transliteration"),
        )
    )
    record = Record(titles=(Text("城市韧性", "zh-Hans"),), contributors=(person, hans))
    said = dc_again(record)
    assert ("creator", "zh-Hant", "歐陽志明 (Ouyang, Chih-Ming; Ouyang, Zhiming)") in said
    [back] = normaliser.read(normaliser.write([record], "dc").encode(), "dc")
    assert back.contributors[0].names == person.names
    assert back.contributors[1].names == hans.names


def test_a_latin_form_beside_a_han_name_is_read_as_its_romanisation() -> None:
    record = one(
        oai_dc(
            "<dc:title>城市韧性</dc:title>",
            "<dc:creator>马晓东 (Ma, Xiaodong)</dc:creator>",
            "<dc:creator>李怡君 (Li, Yi-Chun)</dc:creator>",
        )
    )
    ma, li = (c.names[1] for c in record.contributors)
    assert (ma.lang, ma.variant) == ("zh-Latn-pinyin", "transliteration")
    assert (li.lang, li.variant) == ("zh-Latn", "transliteration")  # Wade-Giles, not pinyin


def test_a_japanese_name_keeps_its_family_name() -> None:
    # 宮地元彦 run together reads as the Chinese family name 宮 and given name 地元彦: the writer
    # puts a space between the parts when the run would be split elsewhere.
    from normaliser.record import Contributor, Name

    names = [Name("宮地", "元彦", "eastern", "ja"), Name("曾", "明堂", "eastern", "zh-Hant")]
    record = Record(
        titles=(Text("日本語の論文", "ja"),), contributors=tuple(Contributor((n,)) for n in names)
    )
    said = values(dc_again(record), "creator")
    assert said == ["宮地 元彦", "曾明堂"]
    [back] = normaliser.read(normaliser.write([record], "dc").encode(), "dc")
    assert [c.names[0] for c in back.contributors] == names


def test_a_plos_structured_abstract_keeps_its_sections() -> None:
    # PLOS's headings (Methodology/Principal Findings, Conclusions/Significance) are written at
    # the start of their paragraphs and read back as headings, not as text.
    from normaliser.record import Heading, Prose

    paragraphs = ("Strongyloidiasis is common.", "We tested 1,204 residents.", "Treat households.")
    titles = ("Background", "Methodology/Principal Findings", "Conclusions/Significance")
    abstract = Prose(
        tuple(Text(p, "en") for p in paragraphs),
        headings=tuple(Heading(i, Text(t, "en")) for i, t in enumerate(titles)),
    )
    record = Record(titles=(Text("Strongyloides in households", "en"),), abstracts=(abstract,))
    for format in ("dc", "qdc"):
        [back] = normaliser.read(normaliser.write([record], format).encode(), format)
        assert back.abstracts[0].headings == abstract.headings
        assert back.abstracts[0].paragraphs == abstract.paragraphs


def test_keeps_names_what_dc_cannot_carry() -> None:
    # DCMI values are plain strings: inline marks and an abstract's kind are not claimed, the
    # rest of a text is; sections are.
    from normaliser.formats.dc import KEEPS

    assert {"titles.value", "titles.lang", "keywords.variant", "abstracts.headings.start"} <= KEEPS
    assert not {"titles", "titles.marks", "abstracts", "abstracts.kind"} & KEEPS
    assert not any(path.endswith("marks") for path in KEEPS)


def test_a_chinese_journals_english_title_is_its_translation() -> None:
    # CNKI and Wanfang give the English title a Chinese journal gives itself beside its Chinese
    # title; written as one dc:source per language, it reads back a translation. In a record
    # not in Chinese, a journal's titles are all its own.
    record = one(
        oai_dc(
            '<dc:title xml:lang="zh-Hans">基于深度学习的接触网缺陷检测</dc:title>',
            '<dc:source xml:lang="zh-Hans">铁道学报, vol. 43, no. 3, pp. 52-60, 2021</dc:source>',
            '<dc:source xml:lang="en">Journal of the China Railway Society, vol. 43, no. 3, '
            "pp. 52-60, 2021</dc:source>",
            "<dc:language>zho</dc:language>",
        )
    )
    assert record.journal is not None
    assert [(t.lang, t.variant) for t in record.journal.titles] == [
        ("zh-Hans", "original"),
        ("en", "translation"),
    ]
    [back] = normaliser.read(normaliser.write([record], "dc").encode(), "dc")
    assert back.journal == record.journal
    english = one(
        oai_dc(
            '<dc:title xml:lang="en">Diabetes care in Taiwan</dc:title>',
            '<dc:source xml:lang="en">Taiwan Journal of Public Health, vol. 37</dc:source>',
            '<dc:source xml:lang="zh-Hant">臺灣公共衛生雜誌, vol. 37</dc:source>',
            "<dc:language>eng</dc:language>",
        )
    )
    assert english.journal is not None
    assert {t.variant for t in english.journal.titles} == {"original"}


def test_a_bare_issn_in_a_source_is_written_back_as_it_came() -> None:
    # OJS writes the journal's ISSNs bare in dc:source: a valid form, not relabelled
    # "ISSN 0124-0064"; an ISSN the record no longer has is not written from the old form.
    import dataclasses

    from normaliser.record import Identifier

    record = one(
        oai_dc(
            "<dc:title>Ciudad y territorio</dc:title>",
            "<dc:source>Revista de Geografía; Vol. 5 No. 2 (2020); 123-130</dc:source>",
            "<dc:source>0124-0064</dc:source>",
            "<dc:source>eISSN 2352-3409</dc:source>",
        )
    )
    assert record.journal is not None
    assert [(i.scheme, i.value) for i in record.journal.identifiers] == [
        ("issn", "0124-0064"),
        ("issn-electronic", "2352-3409"),
    ]
    said = values(dc_again(record), "source")
    assert "0124-0064" in said and "eISSN 2352-3409" in said
    assert not [s for s in said if s.startswith("ISSN")]
    # Beside one in the writer's own spelling, in the order they came.
    mixed = one(
        oai_dc(
            "<dc:title>Ciudad</dc:title>",
            "<dc:source>0124-0064</dc:source>",
            "<dc:source>ISSN 2539-3596</dc:source>",
        )
    )
    assert values(dc_again(mixed), "source") == ["0124-0064", "ISSN 2539-3596"]
    [back] = normaliser.read(normaliser.write([mixed], "dc").encode(), "dc")
    assert back.journal == mixed.journal
    other = dataclasses.replace(
        record,
        journal=dataclasses.replace(record.journal, identifiers=(Identifier("issn", "2049-3630"),)),
    )
    said = values(dc_again(other), "source")
    assert "ISSN 2049-3630" in said and "0124-0064" not in said


def test_one_name_given_once_per_language_is_one_person_as_read_or_written() -> None:
    # OJS 3.4 gives a creator once per locale. "van der Waals" is read "der Waals, van": the
    # same text in another language is that person again whether compared as written or as
    # read, so a record reads the same after it is written and read again (hypothesis found
    # three creators read, then two).
    record = one(
        oai_dc(
            "<dc:title>Forces between molecules</dc:title>",
            '<dc:creator xml:lang="en">van der Waals</dc:creator>',
            '<dc:creator xml:lang="nl">van der Waals</dc:creator>',
        )
    )
    assert len(record.contributors) == 1
    for profile in ("dc", "qdc"):
        [again] = normaliser.read(normaliser.write([record], profile).encode(), "dc")
        assert again.contributors == record.contributors


def test_open_access_false_beside_an_open_access_pdf_is_written_as_the_record_says() -> None:
    # ijn-2025 (OpenAlex): isOpenAccess false beside an open-access PDF. The conflict is the
    # record's note; DC writes the flag the record holds (closedAccess) and keeps the link.
    from normaliser.record import Link

    record = Record(
        titles=(Text("Cell membrane-derived nanoparticles", "en"),),
        links=(Link("https://example.org/a.pdf", "oa-pdf"),),
        open_access=False,
    )
    for profile in ("dc", "qdc"):
        written = normaliser.write(record, profile)
        assert "info:eu-repo/semantics/closedAccess" in written
        [back] = normaliser.read(written, profile)
        assert back.open_access is False
        assert [link.url for link in back.links] == ["https://example.org/a.pdf"]


def test_a_latin_form_tagged_en_beside_the_han_name_keeps_its_tag() -> None:
    # JATS name-alternatives: 陈嘉怡 (zh-Hans) and Chen, Jiayi (en). In parentheses the Latin
    # form came back zh-Latn-pinyin; one dc:creator per locale (OJS 3.4) keeps its tag, and the
    # reader joins the two statements into one person.
    from normaliser.record import Contributor, Name

    chen = Contributor((Name("陈", "嘉怡", "eastern", "zh-Hans"), Name("Chen", "Jiayi", lang="en")))
    ouyang = Contributor(
        (
            Name(literal="欧阳明远", style="eastern", lang="zh-Hans"),
            Name("Ouyang", "Mingyuan", lang="en"),
        )
    )
    pinyin = Contributor(
        (
            Name("刘", "思远", "eastern", "zh-Hans"),
            Name("Liu", "Siyuan", lang="zh-Latn-pinyin", variant="transliteration"),
        )
    )
    record = Record(
        titles=(Text("黄河流域城市韧性", "zh-Hans"),), contributors=(chen, ouyang, pinyin)
    )
    for profile in ("dc", "qdc"):
        written = normaliser.write(record, profile)
        if profile == "dc":
            assert_valid(written)
        found = statements(written)
        assert ("creator", "zh-Hans", "陈嘉怡") in found and (
            "creator",
            "en",
            "Chen, Jiayi",
        ) in found
        assert ("creator", "zh-Hans", "刘思远 (Liu, Siyuan)") in found  # a romanisation: as before
        [back] = normaliser.read(written, profile)
        assert [[(n.lang, n.variant) for n in c.names] for c in back.contributors] == [
            [("zh-Hans", "original"), ("en", "original")],
            [("zh-Hans", "original"), ("en", "original")],
            [("zh-Hans", "original"), ("zh-Latn-pinyin", "transliteration")],
        ]
        assert back.contributors[0].names == chen.names


def test_a_kept_citation_is_written_back_with_the_language_it_came_with() -> None:
    # The source's own dc:source citation, written back while it holds, keeps its xml:lang as
    # it came (none here), not the journal title's: a citation with none was written with the
    # title's tag (und for a title read from a citation), and came back another value.
    document = (
        '<oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/">'
        '<dc:title xml:lang="es">Salud y territorio</dc:title>'
        "<dc:source>Revista de Salud Pública; Vol. 22 No. 3 (2020); 301-309</dc:source>"
        "</oai_dc:dc>"
    )
    [record] = normaliser.read(document.encode(), "dc")
    written = normaliser.write([record], "dc")
    assert "<dc:source>Revista de Salud Pública; Vol. 22 No. 3 (2020); 301-309</dc:source>" in (
        written
    )


@pytest.mark.parametrize("issue", ["Spring", "特刊", "A", "Special"])
def test_an_issue_of_no_digit_comes_back_from_the_citation(issue: str) -> None:
    # "Journal of X, vol. 12, no. Spring, pp. 5-9" was read back as the journal "Journal of X,
    # vol. 12, no. Spring" with no volume or issue: a value of no digit was not taken for one
    # even after the writer's own label.
    record = Record(
        titles=(Text("Seasonal rainfall", "en"),),
        journal=Journal(titles=(Text("Journal of Hydrology Studies", "en"),)),
        volume="12",
        issue=issue,
        fpage="5",
        lpage="9",
    )
    for format in ("dc", "qdc"):
        [back] = normaliser.read(normaliser.write([record], format).encode(), format)
        assert back.journal == record.journal
        assert (back.volume, back.issue, back.fpage, back.lpage) == ("12", issue, "5", "9")
