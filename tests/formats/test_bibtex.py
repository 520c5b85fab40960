"""The bibtex format: GB/T 7714-style .bib files in, BibLaTeX out, bilingual pairs as one record."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

import normaliser
from normaliser.cli import main
from normaliser.errors import InvalidRecord
from normaliser.formats import bibtex
from normaliser.formats.bibtex import latex
from normaliser.record import (
    Contributor,
    Identifier,
    Journal,
    Link,
    Mark,
    Name,
    Prose,
    Record,
    Reject,
    Text,
)

from ..conftest import SAMPLES
from ..strategies import bibtex_records, records
from .test_dc import assert_valid as assert_valid_dc
from .test_jats import assert_valid as assert_valid_jats

BIB_SAMPLES = sorted(SAMPLES.glob("*/bibtex.bib"))


def read_one(text: str) -> Record:
    [record] = normaliser.read(text, "bibtex")
    return record


def entry(body: str, kind: str = "article", key: str = "k") -> str:
    return f"@{kind}{{{key},\n{body}\n}}\n"


# --- Round trips ------------------------------------------------------------------------------


@given(bibtex_records())
def test_second_pass_changes_nothing(record: Record) -> None:
    once = normaliser.write(record, "bibtex")
    twice = normaliser.write(list(normaliser.read(once, "bibtex")), "bibtex")
    assert twice == once


@given(records())
def test_any_record_writes_a_file_that_reads_back_and_settles(record: Record) -> None:
    # Any record (from any format) is written and read back as one record, and the file settles:
    # after at most two normalising passes it is a fixed point. (Two, not one, for records whose
    # language tags contradict their text, e.g. Han text tagged en beside digits tagged zh-Hant:
    # the first pass re-tags, the second regroups the translations by the new tags.)
    if not record.titles and not record.contributors:
        # An identifier BibTeX does not carry (a PMCID) would leave nothing to catalogue: the
        # record read back would be a reject (issue 15).
        record = replace(record, titles=(Text("T", "en"),))
    back = list(normaliser.read(normaliser.write(record, "bibtex"), "bibtex"))
    assert len(back) == 1
    settled = normaliser.write(list(normaliser.read(normaliser.write(back, "bibtex"))), "bibtex")
    assert normaliser.write(list(normaliser.read(settled, "bibtex")), "bibtex") == settled


@pytest.mark.parametrize("source", BIB_SAMPLES, ids=lambda p: p.parent.name)
def test_samples_write_back_to_a_stable_file(source: Path) -> None:
    records_ = list(normaliser.read(source, errors="skip"))
    once = normaliser.write(records_, "bibtex")
    again = list(normaliser.read(once, "bibtex"))
    assert [r.restricted_to(bibtex.KEEPS) for r in again] == [
        r.restricted_to(bibtex.KEEPS) for r in records_
    ]
    assert normaliser.write(again, "bibtex") == once


@pytest.mark.parametrize("source", BIB_SAMPLES, ids=lambda p: p.parent.name)
def test_samples_write_valid_jats_and_dc(source: Path, jats_dtds: Path) -> None:
    records_ = list(normaliser.read(source, errors="skip"))
    assert records_
    assert_valid_jats(normaliser.write(records_, "jats"))
    assert_valid_dc(normaliser.write(records_, "dc"))


def test_samples_are_sniffed() -> None:
    for source in BIB_SAMPLES:
        assert list(normaliser.read(source, errors="skip"))  # no --from needed


# --- Entry types --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "extra", "code"),
    [
        ("article", "", "journal-article"),
        ("article", "entrysubtype = {newspaper},", "newspaper-article"),
        ("newspaper", "", "newspaper-article"),
        ("phdthesis", "", "thesis"),
        ("mastersthesis", "", "thesis"),
        ("inproceedings", "", "conference-paper"),
        ("book", "", "book"),
        ("incollection", "", "book-chapter"),
        ("patent", "", "patent"),
        ("standard", "", "standard"),
        ("misc", "", "other"),
        ("online", "", "other"),
    ],
)
def test_entry_types_map_to_publication_types(kind: str, extra: str, code: str) -> None:
    record = read_one(entry(f"title = {{T}}, {extra}", kind))
    assert [t.code for t in record.publication_types] == [code]


def test_thesis_carries_degree_school_and_supervisor() -> None:
    record = read_one(
        entry(
            "author = {陈涛}, title = {乳腺癌研究}, school = {北京协和医学院}, year = {2019},"
            "editora = {赵婷瑞}, editoratype = {supervisor}, langid = {chinese}",
            "phdthesis",
        )
    )
    assert record.degree is not None
    assert record.degree.level is not None and record.degree.level.code == "doctoral"
    assert [g.value for g in record.degree.grantors] == ["北京协和医学院"]
    assert [(c.role, c.names[0].family) for c in record.contributors] == [
        ("author", "陈"),
        ("supervisor", "赵"),
    ]
    masters = read_one(
        entry("title = {T}, type = {硕士学位论文}, institution = {四川大学}", "thesis")
    )
    assert masters.degree is not None and masters.degree.level is not None
    assert masters.degree.level.code == "masters"
    assert masters.extras["type"] == "硕士学位论文"


def test_conference_paper_carries_booktitle_event_venue_location() -> None:
    record = read_one(
        entry(
            "title = {T}, booktitle = {Proceedings of X}, eventtitle = {X 2023},"
            "venue = {武汉}, location = {北京}, publisher = {国家图书馆出版社},"
            "eventdate = {2023-10-20}",
            "inproceedings",
        )
    )
    assert record.journal is not None
    assert [t.value for t in record.journal.titles] == ["Proceedings of X"]
    assert record.conference is not None
    assert [n.value for n in record.conference.names] == ["X 2023"]
    assert [p.value for p in record.conference.places] == ["武汉"]
    assert record.conference.date is not None and record.conference.date.iso() == "2023-10-20"
    assert record.publisher is not None
    assert [p.value for p in record.publisher.places] == ["北京"]
    assert [p.value for p in record.publisher.names] == ["国家图书馆出版社"]


def test_patent_and_standard_numbers_are_identifiers() -> None:
    patent = read_one(entry("title = {T}, number = {CN88105607.3}", "patent"))
    assert patent.identifier("patent-number") == "CN88105607.3"
    assert patent.issue is None
    standard = read_one(entry("title = {T}, number = {GB/T 7714--2015}", "standard"))
    assert standard.identifier("standard-number") == "GB/T 7714–2015"


# --- Names ---------------------------------------------------------------------------------------


def test_names_in_every_shape() -> None:
    record = read_one(
        entry("author = {袁训来 and {陈哲} and Zeng, Mingtang and ZENG M T and Mingtang Zeng}")
    )
    names = [c.names[0] for c in record.contributors]
    assert [(n.family, n.given, n.style) for n in names] == [
        ("袁", "训来", "eastern"),
        ("陈", "哲", "eastern"),
        ("Zeng", "Mingtang", "western"),
        ("Zeng", "M T", "western"),
        ("Zeng", "Mingtang", "western"),
    ]
    assert record.contributors[0].names[1] == Name(
        "Yuan", "Xunlai", "western", "zh-Latn-pinyin", "transliteration"
    )


def test_compound_surname_and_a_body_as_author() -> None:
    record = read_one(entry("author = {{欧阳文博} and {全国信息与文献标准化技术委员会}}"))
    first, body = (c.names[0] for c in record.contributors)
    assert (first.family, first.given) == ("欧阳", "文博")
    assert body.literal == "全国信息与文献标准化技术委员会"
    assert len(record.contributors[1].names) == 1  # a body gets no pinyin


def test_and_others_is_kept_and_written_back() -> None:
    record = read_one(entry("author = {王芳 and 李明轩 and others}"))
    assert len(record.contributors) == 2
    assert record.extras["author.others"] is True
    assert "author = {{王芳} and {李明轩} and others}" in normaliser.write(record, "bibtex")


def test_editor_and_translator_roles() -> None:
    record = read_one(entry("author = {A, B}, editor = {C, D}, translator = {陈生诤}", "book"))
    assert [c.role for c in record.contributors] == ["author", "editor", "translator"]


# --- Language --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "language"),
    [
        ("langid", "chinese", "zh-Hans"),
        ("language", "zh", "zh-Hans"),
        ("langid", "english", "en"),
        ("language", "English", "en"),
        ("langid", "zh-Hant", "zh-Hant"),
    ],
)
def test_langid_and_language(field: str, value: str, language: str) -> None:
    record = read_one(entry(f"title = {{细胞膜}}, {field} = {{{value}}}"))
    assert record.language == language


def test_chinese_langid_takes_its_script_from_the_text() -> None:
    record = read_one(entry("title = {細胞膜衍生仿生納米療法}, langid = {chinese}"))
    assert record.language == "zh-Hant"
    assert record.title == Text("細胞膜衍生仿生納米療法", "zh-Hant")


# --- GB/T 7714 fields and LaTeX ------------------------------------------------------------


def test_gbt7714_fields() -> None:
    record = read_one(
        entry(
            "author = {袁训来}, title = {蓝田生物群}, journaltitle = {科学通报}, year = {2012},"
            "volume = {57}, number = {034}, pages = {3219--3227}, doi = {10.1360/972012-1055},"
            "url = {https://example.org/a?b=1&c=2}, urldate = {2014-06-25}, issn = {0023-074X},"
            "isbn = {978-7-04-050954-2}, publisher = {科学出版社},"
            "keywords = {蓝田生物群; 埃迪卡拉纪},"
            "abstract = {第一段。\n\n第二段。}"
        )
    )
    assert (record.volume, record.issue, record.fpage, record.lpage) == ("57", "34", "3219", "3227")
    assert record.identifier("doi") == "10.1360/972012-1055"
    assert record.identifier("isbn") == "978-7-04-050954-2"
    assert record.links == (Link("https://example.org/a?b=1&c=2", "landing"),)
    assert record.extras["urldate"] == "2014-06-25"
    assert record.journal is not None
    assert record.journal.identifier("issn") == "0023-074X"
    assert [p.value for p in record.journal.publishers] == ["科学出版社"]
    assert [k.value for k in record.keywords] == ["蓝田生物群", "埃迪卡拉纪"]
    assert [p.value for p in record.abstracts[0].paragraphs] == ["第一段。", "第二段。"]
    assert record.date("published") is not None and record.date("published").iso() == "2012"


def test_year_and_month_macro_and_string_concatenation() -> None:
    text = '@string{kx = "科学"}\n' + entry("title = kx # {通报}, year = 2014, month = jun")
    record = read_one(text)
    assert record.title is not None and record.title.value == "科学通报"
    assert record.date("published") is not None and record.date("published").iso() == "2014-06"


@pytest.mark.parametrize(
    ("latex_value", "plain", "marks"),
    [
        (r"信息与文献\quad 参考文献著录规则", "信息与文献 参考文献著录规则", ()),
        (r"{DNA} Repair in {\"u}ber~Cells", "DNA Repair in über Cells", (Mark(0, 3, "nocase"),)),
        (r"Smith \& Jones", "Smith & Jones", ()),
        (r"pp. 1--2 --- done", "pp. 1–2 — done", ()),
        (r"Ca$^{2+}$ and H$_2$O", "Ca2+ and H2O", (Mark(2, 4, "sup"), Mark(10, 11, "sub"))),
        (
            r"\textbf{Bold} and \emph{it}",
            "Bold and it",
            (Mark(0, 4, "bold"), Mark(9, 11, "italic")),
        ),
        (r"M{\"u}ller and Garc{\'\i}a, 25$^\circ$C", "Müller and García, 25°C", ()),
        (r"50\,\% of {\{}x{\}}", "50 % of {x}", ()),
        (r"\unknowncommand{kept} text", "kept text", ()),
    ],
)
def test_latex_never_reaches_the_record(
    latex_value: str, plain: str, marks: tuple[Mark, ...]
) -> None:
    record = read_one(entry("title = {" + latex_value + "}"))
    assert record.title is not None
    assert (record.title.value, record.title.marks) == (plain, marks)
    assert "\\" not in record.title.value


def test_unknown_command_is_noted() -> None:
    record = read_one(entry(r"title = {\unknowncommand{kept} text}"))
    assert any("unknowncommand" in n.message for n in record.notes)


def test_unknown_fields_go_to_extras_decoded() -> None:
    record = read_one(entry(r"title = {T}, note = {Ca$^{2+}$ \& more}, Mrnumber = {MR123}"))
    assert record.extras == {"note": "Ca2+ & more", "mrnumber": "MR123"}


@pytest.mark.parametrize(
    "value",
    ["a--b", "``q''", "{x} $5 50% #1 a_b ~ ^ \\ back", "--- - -- -", "''"],
)
def test_escaping_round_trips(value: str) -> None:
    text = Text(value, "en")
    decoded = latex.decode(latex.encode(text))
    assert decoded.paragraphs == [(" ".join(value.split()), ())]


# --- Broken entries -------------------------------------------------------------------------


def test_broken_entry_mid_file_is_a_reject_and_the_rest_goes_on() -> None:
    good = entry("title = {One}", key="a")
    broken = "@article{b,\n  title = {unclosed,\n  year = {2019},\n\n"
    text = good + "\n" + broken + entry("title = {Three}", key="c")
    items = list(normaliser.read(text, "bibtex", errors="yield"))
    assert [type(i) for i in items] == [Record, Reject, Record]
    reject = items[1]
    assert isinstance(reject, Reject)
    assert reject.raw.startswith("@article{b,") and "unclosed" in reject.raw
    assert reject.line == 5
    assert "not a complete BibTeX entry" in str(reject.error)
    assert isinstance(items[2], Record) and items[2].title is not None
    assert items[2].title.value == "Three"


def test_a_bad_field_rejects_its_entry_naming_the_field() -> None:
    text = entry("title = {T}, doi = {not a doi}", key="a") + entry("title = {U}", key="b")
    items = list(normaliser.read(text, "bibtex", errors="yield"))
    assert isinstance(items[0], Reject) and "doi" in items[0].error.messages
    assert isinstance(items[1], Record)


def test_duplicate_field_is_a_reject() -> None:
    items = list(normaliser.read(entry("title = {A}, title = {B}"), "bibtex", errors="yield"))
    assert isinstance(items[0], Reject) and "title" in items[0].error.messages


def test_errors_raise_by_default() -> None:
    with pytest.raises(InvalidRecord):
        list(normaliser.read("@article{b,\n title = {x\n", "bibtex"))


# --- Bilingual pairs ----------------------------------------------------------------------------


PAIR = (
    "@set{s, entryset = {zh,en}}\n"
    + entry(
        "author = {刘晓燕 and 单宏伟}, title = {接触网缺陷检测}, journaltitle = {铁道学报},"
        "keywords = {接触网; 深度学习}, abstract = {中文摘要。}, langid = {chinese}, volume = {43}",
        key="zh",
    )
    + entry(
        "author = {Liu, Xiaoyan and Shan, Hongwei}, title = {Catenary Defect Detection},"
        "journaltitle = {Journal of the China Railway Society},"
        "keywords = {catenary; deep learning},"
        "abstract = {English abstract.}, langid = {english}, volume = {43}",
        key="en",
    )
)


@pytest.mark.parametrize("order", ["set first", "set last", "members apart"])
def test_entry_set_pair_is_one_bilingual_record(order: str) -> None:
    set_line, zh, en = PAIR.split("\n", 1)[0] + "\n", *PAIR.split("\n", 1)[1].split("}\n@")
    zh, en = zh + "}\n", "@" + en
    text = {
        "set first": set_line + zh + en,
        "set last": zh + en + set_line,
        "members apart": zh + entry("title = {Other}", key="o") + en + set_line,
    }[order]
    items = list(normaliser.read(text, "bibtex"))
    record = items[0]
    assert [(t.value, t.lang, t.variant) for t in record.titles] == [
        ("接触网缺陷检测", "zh-Hans", "original"),
        ("Catenary Defect Detection", "en", "translation"),
    ]
    assert [(a.text, a.variant) for a in record.abstracts] == [
        ("中文摘要。", "original"),
        ("English abstract.", "translation"),
    ]
    assert [(k.value, k.variant) for k in record.keywords] == [
        ("接触网", "original"),
        ("深度学习", "original"),
        ("catenary", "translation"),
        ("deep learning", "translation"),
    ]
    assert record.journal is not None
    assert [t.variant for t in record.journal.titles] == ["original", "translation"]
    # Each Han author once, with the pinyin the English entry spells; not duplicated.
    assert [[n.display for n in c.names] for c in record.contributors] == [
        ["刘晓燕", "Xiaoyan Liu"],
        ["单宏伟", "Hongwei Shan"],
    ]
    assert len(items) == (2 if order == "members apart" else 1)


def test_bilingual_record_is_written_as_an_entry_set() -> None:
    record = next(normaliser.read(PAIR, "bibtex"))
    text = normaliser.write(record, "bibtex")
    assert "@set{zh-set,\n  entryset = {zh,zh-en},\n}" in text
    assert text.count("@article{") == 2
    assert next(normaliser.read(text, "bibtex")).restricted_to(bibtex.KEEPS) == (
        record.restricted_to(bibtex.KEEPS)
    )


def test_a_bilingual_records_language_tags_survive_the_pair() -> None:
    # Issue 17: an OJS record tags its texts es-ES and en-US; the pair's entries say only
    # spanish and american, and the reader regroups their texts, so the original entry's
    # langids name each tag where the regrouped record holds its text.
    record = Record(
        titles=(
            Text("Determinantes sociales de la adherencia", "es-ES"),
            Text("Social determinants of adherence", "en-US", variant="translation"),
        ),
        contributors=read_one(entry("author = {Gómez Restrepo, Andrés}")).contributors,
        keywords=(
            Text("hipertensión", "es-ES"),
            Text("hypertension", "en-US", variant="translation"),
        ),
        language="es-ES",
    )
    text = normaliser.write(record, "bibtex")
    assert "langids = {" in text.split("\n\n")[0]  # the original entry's
    back = next(normaliser.read(text, "bibtex"))
    assert [(t.value, t.lang) for t in back.keywords] == [
        ("hipertensión", "es-ES"),
        ("hypertension", "en-US"),
    ]
    assert [t.lang for t in back.titles] == ["es-ES", "en-US"]
    assert back.language == "es-ES"


def test_abstracts_beyond_the_first_of_a_language_are_kept_with_their_kind() -> None:
    # Issue 17: a JATS article's teaser and web summary beside its abstract (eLife, Springer).
    source = entry(
        "title = {ZapA bundles FtsZ}, abstract = {FtsZ forms the \\textit{Z} ring.},"
        " abstract2 = {ZapA bundles FtsZ filaments. \\par Here the authors show how.},"
        " abstract2type = {web-summary}, abstract3 = {A teaser.}, abstract3type = {teaser}"
    )
    record = read_one(source)
    assert [(a.kind, a.text) for a in record.abstracts] == [
        ("abstract", "FtsZ forms the Z ring."),
        ("web-summary", "ZapA bundles FtsZ filaments.\n\nHere the authors show how."),
        ("teaser", "A teaser."),
    ]
    assert "abstract2" not in record.extras
    text = normaliser.write(record, "bibtex")
    assert "abstract2type = {web-summary}" in text
    assert read_one(text).abstracts == record.abstracts


def test_a_journals_publisher_stays_the_journals_in_an_entry_of_another_type() -> None:
    # Issue 17: a Research Square preprint (OpenAlex) or an IEEE proceedings paper (Crossref)
    # names the publisher of its container, not of its own; @misc and @inproceedings read
    # publisher as the record's own, so the writer says whose it is.
    record = Record(
        titles=(Text("Scaling laws for protein models", "en"),),
        journal=Journal(
            titles=(Text("Research Square", "en"),),
            publishers=(Text("Research Square (United States)", "en"),),
        ),
    )
    text = normaliser.write(record, "bibtex")
    assert "publishertype = {journal}" in text
    back = read_one(text)
    assert back.publisher is None
    assert back.journal is not None and back.journal.publishers == record.journal.publishers
    own = read_one(entry("title = {T}, publisher = {Springer}", kind="book"))
    assert own.publisher is not None and own.publisher.names[0].value == "Springer"
    assert "publishertype" not in normaliser.write(own, "bibtex")


def test_a_translations_second_abstract_is_no_conflict_of_the_pair() -> None:
    # Found by the generated round trip: the English entry's abstract2 and abstract2type,
    # absent from the Chinese entry, were read as fields the pair gives differently.
    record = Record(
        titles=(
            Text("社区老年人认知衰退", "zh-Hans"),
            Text("Cognitive decline in older adults", "en", variant="translation"),
        ),
        abstracts=(
            Prose((Text("目的 探讨认知衰退。", "zh-Hans"),)),
            Prose((Text("Objective To examine decline.", "en", variant="translation"),)),
            Prose((Text("Older carriers decline faster.", "en", variant="translation"),), "teaser"),
        ),
        language="zh-Hans",
    )
    text = normaliser.write(record, "bibtex")
    back = read_one(text)
    assert not [k for k in back.extras if k.startswith("translation:")]
    assert (back.titles, back.abstracts) == (record.titles, record.abstracts)
    extra = replace(record, extras={"abstract2": "not an abstract", "publishertype": "x"})
    assert read_one(normaliser.write(extra, "bibtex")).extras == extra.extras


def test_a_given_name_ending_in_a_particle_keeps_it() -> None:
    # Issue 17: SciELO's "Souza, Ana Paula de" (family Souza) came back as "de Souza, Ana
    # Paula"; the writer braces such a given name, as BibTeX keeps a braced part whole.
    name = Name(family="Souza", given="Ana Paula de", style="western")
    record = Record(titles=(Text("Adesão", "pt"),), contributors=(Contributor((name,)),))
    text = normaliser.write(record, "bibtex")
    assert "author = {Souza, {Ana Paula de}}" in text
    [back] = read_one(text).contributors[0].names[:1]
    assert (back.family, back.given) == ("Souza", "Ana Paula de")
    plain = read_one(entry("author = {Jong, G. de}")).contributors[0].names[0]
    assert (plain.family, plain.given) == ("de Jong", "G.")


def test_a_journals_parallel_title_is_kept() -> None:
    # Issue 17: Crossref gives 体力科学 beside its English title, Airiti 台灣醫學 beside the
    # Formosan Journal of Medicine; only the first was written.
    record = read_one(
        entry(
            "title = {Myopia in Taipei}, journaltitle = {Formosan Journal of Medicine},"
            " journaltitle2 = {台灣醫學}"
        )
    )
    assert record.journal is not None
    assert [(t.value, t.lang) for t in record.journal.titles] == [
        ("Formosan Journal of Medicine", "en"),
        ("台灣醫學", "zh-Hant"),
    ]
    assert "journaltitle2" not in record.extras
    text = normaliser.write(record, "bibtex")
    assert "journaltitle2 = {台灣醫學}" in text
    assert read_one(text).journal == record.journal


def test_a_second_title_is_kept_with_its_variant() -> None:
    # Issue 17: a Taiwanese record's alternative title (臺北市熱島與用電) and a JATS article's
    # pinyin title (a transliteration, zh-Latn) beside the title and its translation.
    record = Record(
        titles=(
            Text("社区老年人认知衰退的关联", "zh-Hans"),
            Text("Cognitive decline in older adults", "en", variant="translation"),
            Text("Shequ laonianren renzhi shuaitui", "zh-Latn", variant="transliteration"),
            Text("认知衰退", "zh-Hans"),
        ),
        language="zh-Hans",
    )
    text = normaliser.write(record, "bibtex")
    assert "title2 = {认知衰退}" in text and "title3type = {transliteration}" in text
    back = read_one(text)
    assert sorted(back.titles, key=record.titles.index) == list(record.titles)
    assert not [k for k in back.extras if k.startswith(("title", "translation:"))]


def test_a_publication_type_labels_language_is_kept() -> None:
    # Issue 17: an OAI record's dc:type PeerReviewed (en) came back und: the reader tags a
    # label of publication-types by its script alone, not by the entry's langid.
    record = read_one(
        entry("title = {Tidal flats}, langid = {english}, publication-types = {PeerReviewed}")
    )
    assert record.publication_types[0].labels[0].lang == "und"
    tagged = replace(
        record,
        publication_types=(
            replace(
                record.publication_types[0],
                labels=(Text("PeerReviewed", "en"),),
            ),
        ),
    )
    back = read_one(normaliser.write(tagged, "bibtex"))
    assert back.publication_types == tagged.publication_types


def test_a_bodys_given_only_name_keeps_its_style() -> None:
    # Issue 17: a JATS collab (HEXA Collaboration) is a literal name of style given-only; a
    # braced name reads back western, a double-braced one (kept whole) given-only.
    body = Name(literal="Lower Bay Benthic Monitoring Consortium", style="given-only")
    record = Record(titles=(Text("Oyster reefs", "en"),), contributors=(Contributor((body,)),))
    text = normaliser.write(record, "bibtex")
    assert "author = {{{Lower Bay Benthic Monitoring Consortium}}}" in text
    [back] = read_one(text).contributors[0].names
    assert (back.literal, back.style) == (body.literal, "given-only")
    western = read_one(entry("author = {{World Health Organization}}")).contributors[0].names[0]
    assert (western.literal, western.style) == ("World Health Organization", "western")


def test_an_identifier_derived_from_a_link_is_kept() -> None:
    # Issue 17: Semantic Scholar's PMCID, taken from its openAccessPdf link, was not written.
    record = Record(
        titles=(Text("Nanoparticles for wound healing", "en"),),
        identifiers=(
            Identifier("doi", "10.2147/IJN.S502144"),
            Identifier("pmcid", "PMC12083498", derived_from="openAccessPdf"),
        ),
        links=(Link("https://www.ncbi.nlm.nih.gov/pmc/articles/PMC12083498/pdf/", "oa-pdf"),),
    )
    text = normaliser.write(record, "bibtex")
    assert "derivedids = {pmcid:PMC12083498 (from openAccessPdf)}" in text
    assert read_one(text).identifiers == record.identifiers
    bad = read_one(entry("title = {T}, derivedids = {PMC1}"))
    assert bad.extras["derivedids"] == ["PMC1"] and not bad.identifiers


def test_a_latin_by_lines_han_forms_are_kept() -> None:
    # Issue 17: an English article by Chinese authors gives Zhou Yu-Han beside 周宇涵, the Latin
    # form first; the Han forms were lost. They go in author_original, one for each author.
    record = read_one(
        entry(
            "title = {Measurement of the cross section}, langid = {english},"
            " author = {Zhou, Yu-Han and {{HEXA Collaboration}}},"
            " author_original = {{周宇涵} and {{HEXA Collaboration}}}"
        )
    )
    zhou, hexa = record.contributors
    assert [(n.family, n.given, n.style) for n in zhou.names] == [
        ("Zhou", "Yu-Han", "western"),
        ("周", "宇涵", "eastern"),
    ]
    assert len(hexa.names) == 1
    assert "author_original" not in record.extras
    text = normaliser.write(record, "bibtex")
    assert "author_original = {{周宇涵} and {{HEXA Collaboration}}}" in text
    assert read_one(text).contributors == record.contributors
    uneven = read_one(entry("title = {T}, author = {Zhou, Yu-Han}, author_original = {A and B}"))
    assert uneven.extras["author_original"] == "A; B"
    assert len(uneven.contributors) == 1


# --- Writer -------------------------------------------------------------------------------


def test_citation_keys_are_stable_and_deduplicated() -> None:
    record = Record(
        titles=(Text("蓝田生物群：一个新窗口", "zh-Hans"),),
        contributors=read_one(entry("author = {袁训来}")).contributors,
        dates=read_one(entry("title = {T}, year = {2012}")).dates,
    )
    text = normaliser.write([record, record, record], "bibtex")
    assert [line.split("{")[1] for line in text.splitlines() if line.startswith("@")] == [
        "yuan2012lantian,",
        "yuan2012lantianb,",
        "yuan2012lantianc,",
    ]
    english = Record(titles=(Text("The Genome of Eucalyptus", "en"),))
    assert bibtex.citation_key(english) == "genome"


@given(st.lists(bibtex_records(), min_size=1, max_size=4), st.data())
def test_records_written_one_by_one_get_the_keys_of_one_write(
    records_: list[Record], data: st.DataObject
) -> None:
    """What batch runs do (each record written on its own, the documents joined): the same
    file, keys and entry sets included, as one write over all records, repeats colliding."""
    records_ += data.draw(st.lists(st.sampled_from(records_), min_size=1, max_size=3))
    one_by_one = bibtex.unique_keys(normaliser.write([r], "bibtex") for r in records_)
    written = normaliser.write(records_, "bibtex")
    assert "".join(one_by_one) == written
    keys = [line.split("{", 1)[1] for line in written.splitlines() if line.startswith("@")]
    assert len(keys) == len(set(k.lower() for k in keys))


def test_the_command_line_writes_unique_keys_with_and_without_jobs(tmp_path: Path) -> None:
    record = read_one(
        entry("title = {Genome of eucalyptus},\nyear = {2014},\nauthor = {Myburg, A A}")
    )
    translated = Record(
        titles=(Text("桉树基因组", "zh-Hans"), Text("The genome", "en", "translation")),
        dates=record.dates,
        contributors=record.contributors,
    )
    source = tmp_path / "in.json"
    source.write_text(normaliser.write([record, translated, record, translated], "json"))
    expected = normaliser.write(list(normaliser.read(source)), "bibtex")
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}.bib"
        result = CliRunner().invoke(
            main, ["convert", str(source), "--to", "bibtex", "-o", str(out), "--jobs", jobs]
        )
        assert result.exit_code == 0, result.output
        assert out.read_text(encoding="utf-8") == expected
    keys = [line for line in expected.splitlines() if line.startswith("@")]
    assert len(keys) == len(set(keys)) == 8  # 2 plain entries + 2 × (original, translation, set)


def test_source_keys_are_kept() -> None:
    record = read_one(entry("title = {T}", key="易仕和2013--"))
    assert normaliser.write(record, "bibtex").startswith("@article{易仕和2013--,")


def test_writer_escapes_and_marks() -> None:
    record = Record(titles=(Text("Ca2+ & 50% {x}", "en", marks=(Mark(2, 4, "sup"),)),))
    text = normaliser.write(record, "bibtex")
    assert r"title = {Ca\textsuperscript{2+} \& 50\% \{x\}}" in text


# --- Protective braces --------------------------------------------------------------------------


PROTECTED = entry(
    "  author = {Boobier, Tony},\n"
    "  title = {{AI} and the Future of Banking},\n"
    "  journaltitle = {Journal of {Breast Cancer} Research},\n"
    "  date = {2020},",
    key="boobier2020ai",
)


def test_protective_braces_are_case_protected_spans() -> None:
    record = read_one(PROTECTED)
    title = record.titles[0]
    assert title.value == "AI and the Future of Banking"
    assert title.marks == (Mark(0, 2, "nocase"),)
    assert record.journal is not None
    journal = record.journal.titles[0]
    assert journal.marks == (Mark(11, 24, "nocase"),)
    assert journal.value[11:24] == "Breast Cancer"


def test_protective_braces_are_written_back() -> None:
    written = normaliser.write(read_one(PROTECTED), "bibtex")
    assert "title = {{AI} and the Future of Banking}," in written
    assert "journaltitle = {Journal of {Breast Cancer} Research}," in written


# --- Subtitles -----------------------------------------------------------------------------------


SUBTITLED = entry(
    "  author = {Boobier, Tony},\n"
    "  title = {{AI} and the Future of Banking},\n"
    "  subtitle = {A \\emph{Practitioner's} Guide},\n"
    "  date = {2020},",
    key="boobier2020ai",
) + entry(
    "  author = {王, 晓明},\n"
    "  title = {基于深度学习的遥感影像分类},\n"
    "  subtitle = {以长江三角洲为例},\n"
    "  langid = {chinese},\n"
    "  date = {2023},",
    key="wang2023",
)


def test_a_subtitle_is_joined_to_its_title_and_written_back_as_a_subtitle(
    jats_dtds: Path,
) -> None:
    # The subtitle was joined with ": " and written back inside the title: a Chinese title's
    # subtitle came out as 标题: 副标题, and no format could write it in its own place again.
    english, chinese = normaliser.read(SUBTITLED, "bibtex")
    [title] = english.titles
    assert title.value == "AI and the Future of Banking: A Practitioner's Guide"
    assert title.marks == (Mark(0, 2, "nocase"), Mark(30, 52, "subtitle"), Mark(32, 46, "italic"))
    [title] = chinese.titles
    assert title.value == "基于深度学习的遥感影像分类——以长江三角洲为例"
    assert title.marks == (Mark(15, 23, "subtitle"),)
    written = normaliser.write([english, chinese], "bibtex")
    assert "  title = {{AI} and the Future of Banking},\n" in written
    assert "  subtitle = {A \\textit{Practitioner's} Guide},\n" in written
    assert "  title = {基于深度学习的遥感影像分类},\n  subtitle = {以长江三角洲为例},\n" in written
    assert [r.titles for r in normaliser.read(written, "bibtex")] == [
        english.titles,
        chinese.titles,
    ]
    # JATS writes it as a subtitle; a format with no place for one, the joined title.
    jats = normaliser.write(chinese, "jats")
    assert_valid_jats(jats)
    assert "<subtitle>以长江三角洲为例</subtitle>" in jats
    assert "基于深度学习的遥感影像分类——以长江三角洲为例" in normaliser.write(chinese, "ris")


def test_a_pair_s_english_title_keeps_the_marks_either_entry_gives() -> None:
    # The English entry's title gives its subtitle; GB/T 7714-2025's title_translation_en in
    # the Chinese entry, its protective braces: the title keeps what either says.
    def pair(translation: str, english: str) -> Text:
        [record] = normaliser.read(
            "@set{s, entryset = {zh,en}}\n"
            + entry(
                f"title = {{银行业的人工智能}}, title_translation_en = {{{translation}}},"
                " langid = {chinese}",
                key="zh",
            )
            + entry(f"{english}, langid = {{english}}", key="en"),
            "bibtex",
        )
        return record.titles[1]

    found = pair("{AI} in Banking: A Review", "title = {AI in Banking}, subtitle = {A Review}")
    assert found.marks == (Mark(0, 2, "nocase"), Mark(15, 23, "subtitle"))
    found = pair("AI in Banking: A Review", "title = {{AI} in Banking}, subtitle = {A Review}")
    assert found.marks == (Mark(0, 2, "nocase"), Mark(15, 23, "subtitle"))


def test_special_character_groups_and_nocasechange() -> None:
    record = read_one(entry(r"  title = {{\"O}zt{\"u}rk's \NoCaseChange{mRNA} work},"))
    assert record.titles[0].value == "Öztürk's mRNA work"
    assert record.titles[0].marks == (Mark(9, 13, "nocase"),)


def test_protected_spans_are_jats_fixed_case_and_plain_dc(jats_dtds: Path) -> None:
    record = read_one(PROTECTED)
    jats = normaliser.write(record, "jats")
    assert_valid_jats(jats)
    assert "<fixed-case>AI</fixed-case> and the Future of Banking</article-title>" in jats
    assert "Journal of <fixed-case>Breast Cancer</fixed-case> Research" in jats
    [back] = normaliser.read(jats.encode(), "jats")
    assert back.titles == record.titles
    assert_valid_dc(normaliser.write(record, "dc"))
    back = list(normaliser.read(normaliser.write(record, "json"), "json"))
    assert back[0].titles == record.titles


# --- GB/T 7714-2025 bilingual fields ------------------------------------------------------------


GBT2025 = entry(
    "  author = {曾家豪 and 刘德华},\n"
    "  author_transliteration_en = {Tsang, Ka-ho and Liu, Dehua},\n"
    "  title = {人工智能与银行业的未来},\n"
    "  title_translation_en = {Artificial Intelligence and the Future of Banking},\n"
    "  journaltitle = {金融研究},\n"
    "  journal_translation_en = {Journal of Financial Research},\n"
    "  langid = {chinese},\n"
    "  date = {2021},\n"
    "  volume = {44},",
    key="zeng2021rengong",
)


def test_gbt7714_2025_bilingual_fields_are_read() -> None:
    record = read_one(GBT2025)
    assert [(t.value, t.lang, t.variant) for t in record.titles] == [
        ("人工智能与银行业的未来", "zh-Hans", "original"),
        ("Artificial Intelligence and the Future of Banking", "en", "translation"),
    ]
    assert record.journal is not None
    assert [(t.value, t.variant) for t in record.journal.titles] == [
        ("金融研究", "original"),
        ("Journal of Financial Research", "translation"),
    ]
    tsang, liu = (c.names for c in record.contributors)
    assert (tsang[0].family, tsang[0].given) == ("曾", "家豪")
    assert (tsang[1].family, tsang[1].given, tsang[1].variant) == (
        "Tsang",
        "Ka-ho",
        "transliteration",
    )
    assert (liu[1].family, liu[1].given) == ("Liu", "Dehua")
    assert not any(k.endswith("_en") for k in record.extras)


def test_gbt7714_2025_bilingual_fields_are_written() -> None:
    record = read_one(GBT2025)
    written = normaliser.write(record, "bibtex")
    first = written.split("\n\n")[0]
    assert "title_translation_en = {Artificial Intelligence and the Future of Banking}" in first
    assert "journal_translation_en = {Journal of Financial Research}" in first
    assert "author_transliteration_en = {Tsang, Ka-ho and Liu, Dehua}" in first
    [back] = normaliser.read(written, "bibtex")
    assert back.restricted_to(bibtex.KEEPS) == record.restricted_to(bibtex.KEEPS)
    [alone] = normaliser.read(first + "\n", "bibtex")  # the first entry alone says it all
    assert alone.titles == record.titles and alone.contributors == record.contributors


# --- Books and patents: edition, series, page count, holder -------------------------------------


BOOK = entry(
    "  author = {Dieudonné, Jean},\n"
    "  translator = {Sally, Judith D.},\n"
    "  title = {History of Algebraic Geometry},\n"
    "  edition = {2},\n"
    "  series = {Wadsworth Mathematics Series},\n"
    "  pagetotal = {xii+186},\n"
    "  isbn = {978-0-534-03723-9},\n"
    "  publisher = {Wadsworth},\n"
    "  location = {Monterey},\n"
    "  date = {1985},",
    kind="book",
    key="dieudonne1985history",
)


def test_book_fields_are_record_fields(jats_dtds: Path) -> None:
    record = read_one(BOOK)
    assert record.edition == "2"
    assert [t.value for t in record.series] == ["Wadsworth Mathematics Series"]
    assert record.page_count == "xii+186"
    assert record.identifier("isbn") == "978-0-534-03723-9"
    assert not {"edition", "series", "pagetotal", "isbn"} & set(record.extras)
    written = normaliser.write(record, "bibtex")
    for line in (
        "edition = {2}",
        "series = {Wadsworth Mathematics Series}",
        "pagetotal = {xii+186}",
    ):
        assert line in written
    jats = normaliser.write(record, "jats")
    assert_valid_jats(jats)
    assert '<page-count count="xii+186"/>' not in jats  # count is a number: not a JATS count
    assert '<volume-series xml:lang="en">Wadsworth Mathematics Series</volume-series>' in jats
    [back] = normaliser.read(jats.encode(), "jats")
    assert back.series == record.series


def test_a_book_s_pages_are_its_page_count(jats_dtds: Path) -> None:
    record = read_one(entry("  title = {中文书},\n  pages = {35},\n  date = {2013},", kind="book"))
    assert record.page_count == "35" and record.fpage is None
    assert "pagetotal = {35}" in normaliser.write(record, "bibtex")
    jats = normaliser.write(record, "jats")
    assert_valid_jats(jats)
    assert '<page-count count="35"/>' in jats
    [back] = normaliser.read(jats.encode(), "jats")
    assert back.page_count == "35"
    chapter = read_one(entry("  title = {题词},\n  pages = {35},", kind="incollection"))
    assert chapter.fpage == "35" and chapter.page_count is None


def test_a_patent_s_holder_is_its_assignee() -> None:
    record = read_one(
        entry(
            "  author = {王芳},\n  holder = {{北京交通大学}},\n"
            "  title = {一种轨道检测装置},\n  number = {CN112345678A},\n  date = {2021},",
            kind="patent",
        )
    )
    assert [(c.role, c.names[0].display) for c in record.contributors] == [
        ("author", "王芳"),
        ("holder", "北京交通大学"),
    ]
    assert "holder = {{北京交通大学}}" in normaliser.write(record, "bibtex")


@pytest.mark.parametrize(
    "ids",
    [
        (Identifier("pmcid", "PMC1234567"),),
        (Identifier("pmid", "31234567"), Identifier("pmcid", "PMC1234567")),
        (Identifier("pmid", "31234567"),),
    ],
)
def test_pubmed_identifiers_round_trip(ids: tuple[Identifier, ...]) -> None:
    """A record whose only identifier is a PMCID is no 'nothing to catalogue' reject once
    written as BibTeX (issue 15): the PMID is biblatex's ``eprint`` with ``eprinttype =
    {pubmed}``, the PMCID a ``pmcid`` field."""
    record = Record(identifiers=ids)
    text = normaliser.write(record, "bibtex")
    back = next(normaliser.read(text, "bibtex", errors="yield"))
    assert isinstance(back, Record), back
    assert sorted((i.scheme, i.value) for i in back.identifiers) == sorted(
        (i.scheme, i.value) for i in ids
    )


@pytest.mark.parametrize(
    "fields",
    [
        "pmcid = {PMC1234567}, pmid = {31234567}",
        "eprint = {PMC1234567}, eprinttype = {pmcid}, pmid = {31234567}",
        "eprint = {31234567}, eprinttype = {pubmed}, pmcid = {PMC1234567}",
    ],
)
def test_pubmed_identifiers_are_read_from_fields_and_eprints(fields: str) -> None:
    record = next(normaliser.read(f"@article{{k, {fields}}}\n", "bibtex"))
    assert sorted((i.scheme, i.value) for i in record.identifiers) == [
        ("pmcid", "PMC1234567"),
        ("pmid", "31234567"),
    ]


@pytest.mark.parametrize(
    ("field", "key"),
    [
        ("month = {garbage}, year = {2020}", "month"),
        ("langid = {klingon}", "langid"),
        ("url = {not a url}", "url"),
    ],
)
def test_a_secondary_field_that_does_not_parse_is_kept_with_an_unparsed_warning(
    field: str, key: str
) -> None:
    """README "Core and secondary fields", applied to BibTeX: a month or a language that does
    not parse is kept verbatim in extras with an ``unparsed`` warning; the entry is read."""
    record = next(normaliser.read(f"@article{{k, title = {{T}}, {field}}}\n", "bibtex"))
    assert key in record.extras
    assert [n.kind for n in record.notes if n.field == key] == ["unparsed"]


def test_a_pmid_eprint_that_is_no_pmid_rejects_the_entry_as_the_pmid_field_does() -> None:
    """Identifiers are core: an ``eprint`` with ``eprinttype = {pubmed}`` that is no PMID is
    refused, naming the field, as a ``pmid`` field is (it was taken as a PMID unchecked)."""
    text = "@article{k, title = {T}, eprint = {abc}, eprinttype = {pubmed}}\n"
    reject = next(normaliser.read(text, "bibtex", errors="yield"))
    assert isinstance(reject, Reject)
    assert list(reject.messages) == ["eprint"]


# --- The declarations drive both directions (issue 16) ----------------------------------------


def _literal_field_names(module: str) -> set[str]:
    """The declared field names written as string literals in a bibtex module."""
    import ast

    source = (Path(bibtex.__file__).parent / f"{module}.py").read_text(encoding="utf-8")
    literals = {
        n.value
        for n in ast.walk(ast.parse(source))
        if isinstance(n, ast.Constant) and isinstance(n.value, str)
    }
    return literals & bibtex.declarations.FIELDS.keys


#: The fields entry.py and writer.py still name, by the structured part (code, a named read ⇄
#: write pair) that handles them; every other declared field is walked from ``SIMPLE``.
_STRUCTURED = {
    "names": {"author", "editor", "editora", "editoratype", "supervisor"},
    "titles": {"title", "subtitle", "usere", "title_translation_en"},
    "containers": {"journaltitle", "journal", "booktitle", "journal_translation_en"},
    "cased (LaTeX braces)": {"shortjournal", "eventtitle"},
    "abstract and keywords": {"abstract", "keywords"},
    "language": {"langid", "language", "langids"},
    "entry types": {"entrysubtype", "publication-types", "type"},
    "dates": {"date", "year", "month", "eventdate", "urldate", "datetype"},
    "issue and pages": {"number", "issue", "pages", "eid"},
    "identifiers and links": {
        "doi",
        "isbn",
        "issn",
        "issntype",
        "journalids",
        "urltype",
        "otherids",
        "derivedids",
        "publishertype",
        "eprint",
        "eprinttype",
        "archiveprefix",
        "pmcid",
        "pmid",
        "url",
    },
    "an article's location, kept in extras": {"location"},
}


def test_simple_fields_are_named_only_in_their_declarations() -> None:
    simple = {f.key for f in bibtex.declarations.SIMPLE}
    assert {"volume", "edition", "series", "pagetotal"} <= simple
    structured = set().union(*_STRUCTURED.values())
    assert not simple & structured
    for module in ("entry", "writer"):
        named = _literal_field_names(module)
        assert not simple & named, module
        assert sorted(named - structured) == [], module  # a new name: walk it, or list it here


def test_simple_fields_are_written_and_read_by_the_walk() -> None:
    values = {}
    for f in bibtex.declarations.SIMPLE:
        values[f.path] = (Text("Lecture Notes", "en"),) if f.kind == "texts" else "12"
    record = Record(titles=(Text("A title", "en"),), language="en", **values)
    written = normaliser.write([record], "bibtex")
    for f in bibtex.declarations.SIMPLE:
        shown = "Lecture Notes" if f.kind == "texts" else "12"
        assert f"  {f.key} = {{{shown}}},\n" in written
    back = read_one(written)
    for f in bibtex.declarations.SIMPLE:
        assert getattr(back, f.path) == values[f.path], f.path


def test_a_renamed_declaration_renames_the_field_both_ways(monkeypatch: pytest.MonkeyPatch) -> None:
    """The walk takes the key from the declaration: declare volume as ``volumen`` and it is
    written and read as such (and ``volume`` is no longer read)."""
    from normaliser.formats.bibtex import entry as entry_module
    from normaliser.formats.bibtex import writer as writer_module

    renamed = tuple(
        replace(f, key="volumen") if f.key == "volume" else f for f in bibtex.declarations.SIMPLE
    )
    monkeypatch.setattr(entry_module, "SIMPLE", renamed)
    monkeypatch.setattr(writer_module, "SIMPLE", renamed)
    record = Record(titles=(Text("A title", "en"),), language="en", volume="7")
    written = normaliser.write([record], "bibtex")
    assert "  volumen = {7},\n" in written
    assert "  volume = " not in written
    assert read_one(written).volume == "7"
    old = read_one(entry("  title = {T},\n  volume = {7},"))
    assert old.volume is None
    assert old.extras["volume"] == "7"


# --- Fidelity: every date kind, every journal identifier (issue 17) ---------------------------


def _pmc_article() -> Record:
    """A PMC article as the JATS reader gives it: an epub date its legacy pub-type names, a
    print date, its history and a release event, a print and an electronic ISSN, the linking
    ISSN and the NLM title abbreviation."""
    from normaliser.record import Dated, Journal, PartialDate

    return Record(
        titles=(Text("Gut microbiota in early life", "en"),),
        journal=Journal(
            titles=(Text("Frontiers in Microbiology", "en"),),
            identifiers=(
                Identifier("issn-print", "1664-302X"),
                Identifier("issn-electronic", "1664-302X"),
                Identifier("issn-l", "1664-302X"),
                Identifier("nlm-ta", "Front Microbiol"),
                Identifier("cn", "11-4520/U"),
            ),
        ),
        dates=(
            Dated("epub", PartialDate(2023, 5, 19), label="pub-type:epub"),
            Dated("ppub", PartialDate(2023, 6)),
            Dated("collection", PartialDate(2023), season="Spring"),
            Dated("received", PartialDate(2023, 1, 2)),
            Dated("accepted", PartialDate(2023, 3, 4)),
            Dated("event", PartialDate(2023, 5, 22), label="pub-type:pmc-release"),
            Dated("open-access", PartialDate(2023, 5, 19), history=True),
        ),
        language="en",
    )


def test_every_date_kind_is_written_in_its_field_and_read_back() -> None:
    """Fails before this change: only ``date`` was written, read back as published (the epub,
    print and history dates were lost)."""
    record = _pmc_article()
    written = normaliser.write([record], "bibtex")
    assert "  date = {2023-05-19},\n  datetype = {epub},\n" in written  # the year styles cite
    assert "  datelabel = {pub-type:epub},\n" in written
    assert "  ppubdate = {2023-06},\n" in written
    assert "  collectiondate = {2023 Spring},\n" in written
    assert "  receiveddate = {2023-01-02},\n" in written
    assert "  historyeventdate = {2023-05-22},\n" in written  # eventdate is a conference's
    assert "  openaccessdatehistory = {true},\n" in written
    assert read_one(written).dates == record.dates


def test_a_second_date_of_one_kind_and_a_bad_date_field() -> None:
    from normaliser.record import Dated, PartialDate

    record = Record(
        titles=(Text("T", "en"),),
        dates=(Dated("published", PartialDate(2020)), Dated("published", PartialDate(2021, 2))),
    )
    written = normaliser.write([record], "bibtex")
    assert "  date2 = {2021-02},\n" in written
    assert read_one(written).dates == record.dates
    bad = read_one(entry("  title = {T},\n  date = {2020},\n  receiveddate = {soon},"))
    assert [d.kind for d in bad.dates] == ["published"]
    assert bad.extras["receiveddate"] == "soon"
    assert any(n.field == "receiveddate" for n in bad.notes)


def test_journal_identifiers_keep_their_schemes() -> None:
    """Fails before this change: every ISSN was written to ``issn`` and read back as a plain
    ISSN; the NLM abbreviation and the CN serial number were lost."""
    record = _pmc_article()
    written = normaliser.write([record], "bibtex")
    assert "  issn = {1664-302X},\n  issntype = {print},\n  eissn = {1664-302X},\n" in written
    assert "  issnl = {1664-302X},\n" in written
    assert "  journalids = {nlm-ta:Front Microbiol and cn:11-4520/U},\n" in written
    back = read_one(written)
    assert back.journal is not None and record.journal is not None
    assert back.journal.identifiers == record.journal.identifiers


def test_an_issn_of_a_foreign_file_stays_an_issn_of_no_kind() -> None:
    back = read_one(entry("  title = {T},\n  issn = {1664-302X},\n  eissn = {0028-0836},"))
    assert back.journal is not None
    assert [(i.scheme, i.value) for i in back.journal.identifiers] == [
        ("issn", "1664-302X"),
        ("issn-electronic", "0028-0836"),
    ]


def test_every_link_is_written_in_the_field_of_its_kind() -> None:
    """Fails before this change: one link was written (the landing page), read back as the
    landing page whatever its kind; a relative PDF link (JATS self-uri) was lost."""
    links = (
        Link("https://doi.org/10.1371/journal.pone.0299876", "doi"),
        Link("https://journals.plos.org/plosone/article/file?id=x&type=printable", "oa-pdf"),
        Link("potm.0011187.pdf", "pdf"),
        Link("https://example.org/supplement", "other"),
        Link("https://example.org/supplement/2", "other"),
    )
    record = Record(titles=(Text("T", "en"),), links=links)
    written = normaliser.write([record], "bibtex")
    assert (
        "  url = {https://doi.org/10.1371/journal.pone.0299876},\n  urltype = {doi},\n" in written
    )
    assert "  pdfurl = {potm.0011187.pdf},\n" in written
    assert "  otherurl2 = {https://example.org/supplement/2},\n" in written
    assert sorted(read_one(written).links, key=repr) == sorted(links, key=repr)


def test_names_the_reader_would_split_otherwise_and_other_roles() -> None:
    """Fails before this change: a Japanese name (宮地 元彦) was written {宮地元彦} and read
    back 宮 地元彦; a Han name the source never split (欧阳明远) came back split; a
    contributor and a senior editor were not written at all."""
    from normaliser.record import Contributor

    people = (
        Contributor((Name("宮地", "元彦", "eastern", "ja"),)),
        Contributor((Name(literal="欧阳明远", style="eastern", lang="zh-Hans"),)),
        Contributor((Name("Mbeki", "Thandiwe"),), role="senior_editor"),
        Contributor(
            (Name(literal="Ministerio de Ciencia, Tecnología e Innovación"),), "contributor"
        ),
    )
    record = Record(titles=(Text("体力科学の研究", "ja"),), contributors=people, language="ja")
    written = normaliser.write([record], "bibtex")
    assert "  author = {{宮地} {元彦} and {{欧阳明远}}},\n" in written
    assert "  editorb = {Mbeki, Thandiwe},\n  editorbtype = {senior\\_editor},\n" in written
    back = read_one(written)
    assert [(c.role, replace(c.names[0], lang="und")) for c in back.contributors] == [
        (c.role, replace(c.names[0], lang="und")) for c in people
    ]


def test_identifiers_of_no_field_and_a_type_of_no_entry_type() -> None:
    """Fails before this change: a JATS publisher-id was not written, and a review (@misc)
    read back as other."""
    from normaliser.record import Term

    record = Record(
        titles=(Text("Phage therapy: a review", "en"),),
        identifiers=(
            Identifier("doi", "10.3389/fmicb.2023.1187654"),
            Identifier("publisher-id", "1187654"),
            Identifier("other", "oai:eprints.example.ac.uk:4412"),
        ),
        publication_types=(Term("publication-type", "review"),),
    )
    written = normaliser.write([record], "bibtex")
    assert "@misc{" in written and "  publication-types = {review},\n" in written
    assert "  otherids = {publisher-id:1187654 and other:oai:eprints.example.ac.uk:4412},\n" in (
        written
    )
    back = read_one(written)
    assert back.identifiers == record.identifiers
    assert back.publication_types == record.publication_types


def test_language_tags_the_reader_would_guess_otherwise_are_kept() -> None:
    """Fails before this change: an OpenAlex record's journal title of no language came back
    tagged en (the reader's guess for Latin text), a zh keyword came back zh-Hans, es-ES came
    back es; the record's zh came back zh-Hans."""
    from normaliser.record import Journal

    record = Record(
        titles=(Text("Determinantes sociales de la salud", "es-ES"),),
        keywords=(Text("糖尿病", "zh"), Text("salud", "es-ES")),
        journal=Journal(titles=(Text("Japanese Journal of Physical Fitness", "und"),)),
        language="zh",
    )
    written = normaliser.write([record], "bibtex")
    tags = "titles[1/1]=es-ES; keywords[1/2]=zh; keywords[2/2]=es-ES; journal.titles[1/1]=und"
    assert f"  langids = {{{tags}; " in written
    back = read_one(written)
    assert (back.titles, back.keywords, back.journal, back.language) == (
        record.titles,
        record.keywords,
        record.journal,
        record.language,
    )


def test_language_tags_naming_no_text_are_kept_in_extras() -> None:
    back = read_one(entry("  title = {T},\n  langids = {titles[2/2]=de; nonsense},"))
    assert back.titles[0].lang == "en"
    assert back.extras["langids"] == "titles[2/2]=de; nonsense"
    assert any(n.field == "langids" for n in back.notes)


def test_a_keyword_with_a_full_width_comma_stays_one_keyword() -> None:
    """Fails before this change: 糖尿病，2型 was written after a comma separator and read back
    as two keywords."""
    record = Record(titles=(Text("T", "en"),), keywords=(Text("糖尿病，2型", "zh-Hans"),))
    written = normaliser.write([record], "bibtex")
    assert [k.value for k in read_one(written).keywords] == ["糖尿病，2型"]
