from __future__ import annotations

import io
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import normaliser
import normaliser.text
from normaliser.errors import InvalidRecord
from normaliser.formats import aggregator
from normaliser.names import name_key, parse_list
from normaliser.record import Mark, Metric, PartialDate, Prose, Record, Reject, Text
from normaliser.text import plain_key

from ..conftest import SAMPLES, SEED


def one(obj: dict[str, Any], **kwargs: Any) -> Record:
    """Read one bare aggregator JSON object."""
    return next(normaliser.read(json.dumps(obj, ensure_ascii=False), "aggregator", **kwargs))


def seed_json() -> dict[str, Any]:
    return json.loads(SEED.read_text(encoding="utf-8").splitlines()[1])


@pytest.fixture(scope="module")
def seed() -> Record:
    records = list(normaliser.read(SEED))
    assert len(records) == 1
    return records[0]


# --- The seed record, field by field (the foundation issue's "Done when") ------------------


def test_seed_authors_in_order(seed: Record) -> None:
    names = [c.names[0] for c in seed.contributors]
    assert [(n.family, n.given) for n in names] == [
        ("Zeng", "Mingtang"),
        ("Hu", "Chenji"),
        ("Chen", "Tao"),
        ("Zhao", "Tingrui"),
        ("Dai", "Xinhua"),
    ]
    assert all(n.style == "western" for n in names)


def test_seed_identifiers(seed: Record) -> None:
    assert seed.identifier("doi") is not None
    assert seed.identifier("doi").lower() == "10.2147/ijn.s502144"  # type: ignore[union-attr]
    pmcid = next(i for i in seed.identifiers if i.scheme == "pmcid")
    assert (pmcid.value, pmcid.derived_from) == ("PMC12083498", "openAccessPdf")
    assert any(n.kind == "derived" and n.field == "PMCID" for n in seed.notes)
    # ListUrlMain only repeats the DOI: it is not stored again as a link.
    assert all("doi.org" not in link.url for link in seed.links)
    assert [(link.kind, link.url) for link in seed.links] == [
        ("oa-pdf", "https://www.ncbi.nlm.nih.gov/pmc/articles/PMC12083498/pdf/")
    ]
    assert seed.open_access is False


def test_seed_volume_pages_dates(seed: Record) -> None:
    assert (seed.volume, seed.issue, seed.fpage, seed.lpage, seed.elocation_id) == (
        "20",
        None,
        "6059",
        "6083",
        None,
    )
    assert seed.date("epub") == PartialDate(2025, 5, 12)
    assert seed.date("collection") == PartialDate(2025)  # year only: an eCollection date has no day
    assert seed.pub_model == "electronic-ecollection"


def test_seed_metrics(seed: Record) -> None:
    impact = seed.metric("impact-factor")
    jcr = seed.metric("jcr-quartile")
    cas = seed.metric("cas-zone")
    cited = seed.metric("citation-count")
    assert impact is not None and impact.value == "6.6"
    assert jcr is not None and jcr.value == "Q1"
    assert (
        jcr.category is not None and jcr.category.labels[0].value == "NANOSCIENCE & NANOTECHNOLOGY"
    )
    assert cas is not None and cas.value == "2"
    assert cas.category is not None and cas.category.code == "medicine"
    assert cited is not None and (cited.value, cited.source) == ("0", "Semanticscholar")
    assert len([m for m in seed.metrics if m.name == "citation-count"]) == 1  # 引用次数 agrees


def test_seed_text(seed: Record) -> None:
    assert seed.title is not None
    assert seed.title.value.endswith("for Breast Cancer")  # PubMed's terminal period dropped
    assert seed.title.lang == "en"
    assert len(seed.abstracts) == 1  # the plain-text Abstract section is the same text
    abstract = seed.abstracts[0]
    assert abstract.lang == "en" and len(abstract.paragraphs) == 1
    assert abstract.text.startswith("Breast cancer remains") and "<p>" not in abstract.text
    assert seed.journal is not None
    assert seed.journal.titles[0].value == "International Journal of Nanomedicine"
    description = seed.journal.descriptions[0]
    assert description.lang == "en" and len(description.paragraphs) == 3
    assert description.paragraphs[2].value.startswith("Starting from now")


def test_no_key_of_the_seed_is_lost(seed: Record) -> None:
    """Every key with a value has a home; written back, the record has the seed's key set."""
    data = seed_json()
    written = json.loads(normaliser.write(seed, "aggregator").splitlines()[1])
    assert set(data) <= set(written)
    assert set(data["journal"]) <= set(written["journal"])
    for key, value in data.items():
        if value not in (None, [], ""):
            assert written[key] is not None, key
    assert seed.extras == {"FirstCategoryId": "3", "Total": 0}
    assert written["PeriodicalIF"] == 6.6 and written["RegionCategory"] == "Medicine"
    assert (
        written["EPubDate"] == "2025/1/1 0:00:00"
        and written["PubModel"] == "Electronic-eCollection"
    )


def test_seed_round_trips_through_aggregator(seed: Record) -> None:
    again = next(normaliser.read(normaliser.write(seed, "aggregator"), "aggregator"))
    keep = aggregator.KEEPS
    assert again.restricted_to(keep) == seed.restricted_to(keep)


# --- Mapping rules ------------------------------------------------------------------------


def test_abstract_html_keeps_inline_marks_and_decodes_entities() -> None:
    record = one(
        {
            "title": "T",
            "abstract": "<p><p>CO<sub>2</sub> at 10<sup>-5</sup> &amp; <i>E. coli</i> &lt;5%</p>"
            "<p>Second <b>bold</b>.</p>",
        }
    )
    first, second = record.abstracts[0].paragraphs
    assert first.value == "CO2 at 10-5 & E. coli <5%"
    assert first.marks == (Mark(2, 3, "sub"), Mark(9, 11, "sup"), Mark(14, 21, "italic"))
    assert second.value == "Second bold." and second.marks == (Mark(7, 11, "bold"),)


def test_other_tags_are_stripped_with_their_text_kept() -> None:
    record = one({"title": "A <span class='x'>spanned</span> <a href='u'>linked</a> title"})
    assert record.titles[0].value == "A spanned linked title"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Breast Cancer.", "Breast Cancer"),
        ("Why do cells die?", "Why do cells die?"),
        ("Stop!", "Stop!"),
        ("Isolation of a Lactobacillus sp.", "Isolation of a Lactobacillus sp."),
        ("Smith et al.", "Smith et al."),
        ("Effects of vitamin D.", "Effects of vitamin D"),
        ("Wait...", "Wait..."),
    ],
)
def test_title_terminal_period(title: str, expected: str) -> None:
    assert one({"title": title}).titles[0].value == expected


@pytest.mark.parametrize(
    ("pages", "expected"),
    [
        ("6059-6083", ("6059", "6083", None, None)),
        ("6059–83", ("6059", "6083", None, None)),
        ("e0123456", (None, None, None, "e0123456")),
        ("S12-S19", ("S12", "S19", None, None)),
        ("123", ("123", None, None, None)),
        ("1106-1111+1117", ("1106", "1111", "1106-1111+1117", None)),
    ],
)
def test_pages(pages: str, expected: tuple[str | None, ...]) -> None:
    record = one({"title": "T", "journal": {"name": "J", "volume": "20 ", "pages": pages}})
    assert (record.fpage, record.lpage, record.page_range, record.elocation_id) == expected
    assert record.volume == "20"


@pytest.mark.parametrize(
    "doi",
    [
        "10.2147/IJN.S502144",
        "https://doi.org/10.2147/IJN.S502144",
        "doi:10.2147/IJN.S502144",
        "DOI: 10.2147/IJN.S502144",
        "http://dx.doi.org/10.2147/IJN.S502144",
        "10.2147%2FIJN.S502144",
    ],
)
def test_doi_spellings(doi: str) -> None:
    assert one({"title": "T", "doi": doi}).identifier("doi") == "10.2147/IJN.S502144"


def test_list_url_main_with_another_target_is_kept() -> None:
    record = one({"title": "T", "doi": "10.1234/x", "ListUrlMain": "https://example.org/article/1"})
    assert [(link.kind, link.url) for link in record.links] == [
        ("landing", "https://example.org/article/1")
    ]


def test_doi_derived_from_a_doi_url_when_missing() -> None:
    record = one({"title": "T", "ListUrlMain": "https://doi.org/10.1234/ABC"})
    assert record.identifiers[0].value == "10.1234/ABC"
    assert record.identifiers[0].derived_from == "ListUrlMain"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-05-12", PartialDate(2025, 5, 12)),
        ("2025年5月12日", PartialDate(2025, 5, 12)),
        ("2025-05", PartialDate(2025, 5)),
        ("May 2025", PartialDate(2025, 5)),
        ("2025", PartialDate(2025)),
        ("2025/05/12 00:00:00", PartialDate(2025, 5, 12)),
    ],
)
def test_publication_date_shapes(value: str, expected: PartialDate) -> None:
    assert one({"title": "T", "publicationDate": value}).date("published") == expected


@pytest.mark.parametrize(
    ("epub", "expected"),
    [("2025/1/1 0:00:00", PartialDate(2025)), ("2025/3/1 0:00:00", PartialDate(2025, 3))],
)
def test_ecollection_date_is_never_a_day(epub: str, expected: PartialDate) -> None:
    record = one(
        {"title": "T", "EPubDate": epub, "PubModel": "eCollection", "publicationDate": "2025-05-12"}
    )
    assert record.date("collection") == expected
    assert record.date("epub") == PartialDate(2025, 5, 12)


def test_print_electronic_dates() -> None:
    record = one(
        {
            "title": "T",
            "EPubDate": "2023/6/2 0:00:00",
            "PubModel": "Print-Electronic",
            "publicationDate": "2023-08",
        }
    )
    assert record.date("epub") == PartialDate(2023, 6, 2)
    assert record.date("ppub") == PartialDate(2023, 8)


@pytest.mark.parametrize("null", [None, "", "null", "None", "N/A", "暂无", []])
def test_null_spellings_are_absent(null: object) -> None:
    record = one(
        {
            "title": "T",
            "doi": null,
            "abstract": null,
            "JCR": null,
            "fieldsOfStudy": null,
            "Score": null,
        }
    )
    assert record.identifiers == () and record.abstracts == () and record.metrics == ()
    assert record.subjects == () and record.extras == {}


def test_impact_factor_is_a_decimal_string() -> None:
    assert one({"title": "T", "PeriodicalIF": 6.6000}).metric("impact-factor").value == "6.6"  # type: ignore[union-attr]
    assert one({"title": "T", "PeriodicalIF": "12.100"}).metric("impact-factor").value == "12.1"  # type: ignore[union-attr]
    assert one({"title": "T", "PeriodicalIF": 10}).metric("impact-factor").value == "10"  # type: ignore[union-attr]


@pytest.mark.parametrize("label", ["医学", "醫學", "Medicine", "medicine"])
def test_cas_category_in_any_script_maps_to_one_code(label: str) -> None:
    cas = one({"title": "T", "RegionNum": "2", "RegionCategory": label}).metric("cas-zone")
    assert cas is not None and cas.category is not None and cas.category.code == "medicine"


def test_unknown_cas_label_is_kept_verbatim_with_a_note() -> None:
    record = one({"title": "T", "RegionNum": 3, "RegionCategory": "天文学"})
    cas = record.metric("cas-zone")
    assert cas is not None and cas.category is not None
    assert cas.category.code is None and cas.category.labels[0].value == "天文学"
    assert any(n.kind == "unknown-label" for n in record.notes)


def test_chinese_title_and_english_title_cn() -> None:
    record = one(
        {
            "title": "社区老年患者肌少症的横断面调查。",
            "TitleCN": "A cross-sectional survey of sarcopenia",
        }
    )
    zh, en = record.titles
    assert (zh.lang, zh.variant) == ("zh-Hans", "original")
    assert (en.lang, en.variant) == ("en", "translation")
    assert record.language == "zh-Hans"


def test_title_cn_and_abstract_cn_by_script() -> None:
    record = one(
        {
            "title": "Night-shift work and metabolic syndrome",
            "TitleCN": "臺灣醫院護理人員夜班工作與代謝症候群之關聯",
            "AbstractTextCN": "<p>本研究分析臺灣醫院護理人員資料。</p>",
        }
    )
    assert [(t.lang, t.variant) for t in record.titles] == [
        ("en", "original"),
        ("zh-Hant", "translation"),
    ]
    assert [(a.lang, a.variant) for a in record.abstracts] == [("zh-Hant", "translation")]


@pytest.mark.parametrize(
    ("authors", "expected"),
    [
        ("Mingtang Zeng, Chenji Hu", [("Zeng", "Mingtang"), ("Hu", "Chenji")]),
        ("曾明堂, 欧阳文博, 司马婷", [("曾", "明堂"), ("欧阳", "文博"), ("司马", "婷")]),
        ("Zeng M, Hu C", [("Zeng", "M"), ("Hu", "C")]),
        ("ZENG Mingtang, HU Chenji", [("Zeng", "Mingtang"), ("Hu", "Chenji")]),
        ("Zeng, Mingtang", [("Zeng", "Mingtang")]),
        ("Zeng, Mingtang; Hu, Chenji", [("Zeng", "Mingtang"), ("Hu", "Chenji")]),
    ],
)
def test_author_forms(authors: str, expected: list[tuple[str, str]]) -> None:
    record = one({"title": "T", "authors": authors})
    assert [(c.names[0].family, c.names[0].given) for c in record.contributors] == expected


def test_han_names_are_eastern_and_tagged_by_script() -> None:
    record = one({"title": "T", "authors": "张明堂, 歐陽文博"})
    first, second = (c.names[0] for c in record.contributors)
    assert (first.style, first.lang) == ("eastern", "zh-Hans")
    assert (second.family, second.given, second.lang) == ("歐陽", "文博", "zh-Hant")


def test_undecidable_han_name_takes_the_records_script() -> None:
    record = one(
        {"title": "T", "authors": "曾明堂, 歐陽文博"}
    )  # 曾明堂 is the same in both scripts
    assert [c.names[0].lang for c in record.contributors] == ["zh-Hant", "zh-Hant"]
    alone = one({"title": "T", "authors": "曾明堂"})
    assert alone.contributors[0].names[0].lang == "zh"
    assert any(n.kind == "language" for n in alone.notes)


def test_authors_line_disagreeing_with_json_keeps_json_and_warns() -> None:
    text = (
        "Someone Else, Another Person\n"
        + json.dumps({"title": "T", "authors": "Mingtang Zeng"})
        + "\n"
    )
    record = next(normaliser.read(text, "aggregator"))
    assert [c.names[0].family for c in record.contributors] == ["Zeng"]
    assert any(n.kind == "conflict" and n.field == "authors" for n in record.notes)
    assert record.extras["dump:authors line"] == "Someone Else, Another Person"


def test_authors_line_fills_in_missing_json_authors() -> None:
    text = "Mingtang Zeng, Chenji Hu\n" + json.dumps({"title": "T", "authors": None}) + "\n"
    record = next(normaliser.read(text, "aggregator"))
    assert [c.names[0].family for c in record.contributors] == ["Zeng", "Hu"]


def test_citation_section_disagreeing_keeps_both_with_a_warning() -> None:
    text = (
        json.dumps({"title": "T", "citationCount": "3", "platform": "Semanticscholar"})
        + "\n引用次数：5\n"
    )
    record = next(normaliser.read(text, "aggregator"))
    counts = [(m.value, m.source) for m in record.metrics if m.name == "citation-count"]
    assert counts == [("3", "Semanticscholar"), ("5", "dump:引用次数")]
    assert any(n.kind == "conflict" for n in record.notes)


def test_sections_with_fullwidth_colons_and_chinese_labels() -> None:
    text = (
        json.dumps({"title": "T", "abstract": None}, ensure_ascii=False) + "\n"
        "摘要：目的 探讨社区老年人肌少症的患病率。\n"
        "关键词：糖尿病，2型；肌少症；老年人\n"
        "作者单位：\n北京协和医学院\n上海交通大学医学院\n"
        "期刊简介：\n本刊是中华医学会主办的综合性医学期刊。\n"
    )
    record = next(normaliser.read(text, "aggregator"))
    assert record.abstracts[0].text == "目的 探讨社区老年人肌少症的患病率。"
    assert [k.value for k in record.keywords] == ["糖尿病，2型", "肌少症", "老年人"]
    assert [a.value for a in record.affiliations] == ["北京协和医学院", "上海交通大学医学院"]
    assert record.journal is not None and record.journal.descriptions[0].lang == "zh-Hans"
    assert {k.lang for k in record.keywords} == {
        "zh-Hans"
    }  # short strings take the record's script


def test_control_characters_in_sections_are_removed_and_said_tabs_kept() -> None:
    """A section's lines are scanned for characters XML cannot carry only when one of them is
    unprintable (issue #19): a vertical tab is removed with a note, a tab is white space."""
    text = (
        json.dumps({"title": "T", "abstract": None})
        + "\nAbstract\nFirst\x0b line.\nSecond\tline.\nKeywords: alpha; beta\n"
    )
    record = next(normaliser.read(text, "aggregator"))
    assert record.abstracts[0].text == "First line.\n\nSecond line."
    assert [(n.kind, n.field) for n in record.notes if "control" in n.message] == [
        ("repaired", "Abstract")
    ]
    assert [n.message for n in record.notes if n.field == "Abstract"] == [
        "removed 1 control characters"
    ]
    assert [k.value for k in record.keywords] == ["alpha", "beta"]


def test_abstract_section_differing_from_json_is_kept_in_extras() -> None:
    text = (
        json.dumps({"title": "T", "abstract": "<p>One text.</p>"})
        + "\nAbstract\nAnother text entirely.\n"
    )
    record = next(normaliser.read(text, "aggregator"))
    assert len(record.abstracts) == 1
    assert record.extras["dump:Abstract"] == "Another text entirely."


def test_unknown_keys_go_to_extras_and_strict_refuses_them() -> None:
    record = one(
        {"title": "T", "NewField": {"a": [1, 2]}, "journal": {"name": "J", "issn": "1176-9114"}}
    )
    assert record.extras == {"NewField": {"a": [1, 2]}, "journal.issn": "1176-9114"}
    with pytest.raises(InvalidRecord) as info:
        one({"title": "T", "NewField": 1}, strict=True)
    assert "NewField" in info.value.messages


# --- Bad input ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "change",
    [{"RegionNum": 7}, {"JCR": "Q9"}, {"citationCount": "many"}, {"isOpenAccess": "perhaps"}],
)
def test_bad_secondary_values_are_kept_verbatim_with_a_warning(change: dict[str, Any]) -> None:
    # Core and secondary fields (issue 15): a metric that does not parse keeps the record.
    [(key, value)] = change.items()
    record = one(seed_json() | change)
    assert record.extras[key] == value
    assert any(n.kind == "unparsed" and n.field == key for n in record.notes)
    assert record.identifier("doi") == "10.2147/IJN.S502144"
    back = json.loads(normaliser.write(record, "aggregator").splitlines()[1])
    assert back[key] == value  # written back as it came


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": 123}, "title"),
        ({"journal": "x"}, "journal"),
        ({"journal": {"name": "J", "pages": "abc"}}, "journal"),
        ({"publicationDate": "2025-13-45"}, "publicationDate"),
        ({"doi": "not a doi"}, "doi"),
    ],
)
def test_bad_values_raise_invalid_record_naming_the_key(change: dict[str, Any], field: str) -> None:
    data = seed_json() | change
    with pytest.raises(InvalidRecord) as info:
        one(data)
    assert field in info.value.messages
    if field == "journal" and isinstance(change["journal"], dict):
        assert "pages" in info.value.messages["journal"]
        assert "'abc' is not a page range" in str(info.value)


def test_truncated_json_in_a_dump_is_rejected_and_reading_goes_on() -> None:
    path = SAMPLES / "dump-broken" / "aggregator.txt"
    items = list(normaliser.read(path, errors="yield"))
    assert [type(i).__name__ for i in items] == ["Record", "Reject", "Record"]
    reject = items[1]
    assert isinstance(reject, Reject)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert reject.raw.splitlines() == lines[reject.line - 1 : reject.line + 2]
    assert reject.raw.splitlines()[-1] == "引用次数: 5"
    assert "not valid JSON" in str(reject.error)
    third = items[2]
    assert isinstance(third, Record) and third.titles[0].lang == "zh-Hans"
    assert (
        "dump:authors line" not in third.extras
    )  # the reject's 引用次数 line is not its authors line


def test_raise_mode_names_the_place() -> None:
    path = SAMPLES / "dump-broken" / "aggregator.txt"
    with pytest.raises(InvalidRecord, match=r"record 2 \(line 9\)"):
        list(normaliser.read(path))


def test_json_array_and_pretty_object_inputs() -> None:
    data = seed_json()
    array = json.dumps([data, {"title": 5}, data], ensure_ascii=False, indent=2)
    items = list(normaliser.read(array, errors="yield"))
    assert [type(i).__name__ for i in items] == ["Record", "Reject", "Record"]
    pretty = json.dumps(data, ensure_ascii=False, indent=2) + "\n引用次数: 0\n"
    record = next(normaliser.read(pretty, "aggregator"))
    assert record.identifier("doi") == "10.2147/IJN.S502144"


def test_reading_streams_record_by_record() -> None:
    """The reader hands out the first record before it has read the rest of a big dump."""
    line = SEED.read_bytes()

    class Endless(io.RawIOBase):
        reads = 0

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: Any) -> int:
            Endless.reads += 1
            if Endless.reads > 10_000:
                raise AssertionError("the reader tried to read everything")
            data = line * 4
            size = min(len(buffer), len(data))
            buffer[:size] = data[:size]
            return size

    records = normaliser.read(io.BufferedReader(Endless()), "aggregator")
    first = next(records)
    second = next(records)
    assert first.titles == second.titles
    assert Endless.reads < 100


def test_gb18030_dump_is_decoded() -> None:
    text = (
        "曾明堂, 胡晨吉\n"
        + json.dumps(
            {"title": "细胞膜衍生仿生纳米疗法", "authors": "曾明堂, 胡晨吉"}, ensure_ascii=False
        )
        + "\n"
    )
    record = next(normaliser.read(text.encode("gb18030"), "aggregator"))
    assert record.titles[0].value == "细胞膜衍生仿生纳米疗法"


def test_invalid_utf8_spoils_only_its_record() -> None:
    good = SEED.read_bytes()
    bad = good.replace(b"Breast Cancer.", b"Breast \xff Cancer.", 1)
    items = list(normaliser.read(good + bad + good, "aggregator", errors="yield"))
    assert [type(i).__name__ for i in items] == ["Record", "Reject", "Record"]
    assert "not utf-8" in str(items[1].error)  # type: ignore[union-attr]


# --- Reading fast: the shortcuts say what the plain formulations say -------------------------

_words = st.lists(
    st.sampled_from(
        ["Tumour", "tumour", "CO2", "CO₂", "细胞", "a", "P < 0.05", ",", "ß", "ss", "e\u0301", "é"]
    ),
    min_size=1,
    max_size=6,
).map(" ".join)
_proses = st.lists(_words, min_size=1, max_size=3).map(
    lambda paras: Prose(tuple(Text(p, "en") for p in paras))
)


@given(_words, _words, st.sampled_from(["", " ", "\n\n", "\u3000", "\t \n"]))
def test_texts_are_the_same_when_their_plain_keys_are_equal(one: str, two: str, ws: str) -> None:
    for other in (two, one.replace(" ", ws), ws + one):
        assert aggregator.build._same_text(one, other) == (plain_key(one) == plain_key(other))


@given(_proses, st.lists(_proses, max_size=3))
def test_a_section_repeats_an_abstract_when_their_plain_keys_are_equal(
    section: Prose, abstracts: list[Prose]
) -> None:
    expected = any(plain_key(a.text) == plain_key(section.text) for a in abstracts)
    assert aggregator.build._repeats(section, abstracts) == expected


_author_lists = st.lists(
    st.sampled_from(["Zeng Mingtang", "ZENG Mingtang", "M. Zeng", "曾明堂", "Hu, Chenji", "Hu C"]),
    max_size=4,
).map(", ".join)


@given(_author_lists, _author_lists)
def test_author_lists_are_the_same_when_their_name_keys_are(one: str, other: str) -> None:
    a, b = parse_list(one), parse_list(other)
    assert aggregator.chunks._same_names(a, b) == (
        [name_key(n) for n in a] == [name_key(n) for n in b]
    )


@pytest.mark.parametrize(
    ("name", "value", "key"),
    [
        ("impact-factor", "Q1", "PeriodicalIF"),
        ("impact-factor", "high", "PeriodicalIF"),
        ("cas-zone", "6.6", "RegionNum"),
        ("cas-zone", "Q1", "RegionNum"),
    ],
)
def test_a_metric_value_the_key_cannot_hold_is_written_verbatim(
    name: str, value: str, key: str
) -> None:
    """A metric read from another format whose value the aggregator key cannot hold as its own
    type (issue 15: the writer raised a bare ValueError) is written as a string under the same
    key, and the record stands; read back it is the metric again, which Metrics carries
    (issue 17: it was a secondary value kept in extras). Without Metrics (another dump) the
    key's value is kept verbatim in extras, with a warning."""
    record = Record(titles=(Text("T", "en"),), metrics=(Metric(name, value),))
    text = normaliser.write(record, "aggregator")
    data = json.loads(text.splitlines()[0])
    assert data[key] == value
    back = next(normaliser.read(text, "aggregator"))
    assert back.metrics == record.metrics
    assert key not in back.extras and not [n for n in back.notes if n.field == key]
    del data["Metrics"]
    other = one(data)
    assert other.extras[key] == value
    assert [n.kind for n in other.notes if n.field == key] == ["unparsed"]


def test_metric_values_the_keys_hold_are_written_as_numbers() -> None:
    record = Record(
        titles=(Text("T", "en"),),
        metrics=(Metric("impact-factor", "6.6"), Metric("cas-zone", "2")),
    )
    data = json.loads(normaliser.write(record, "aggregator").splitlines()[0])
    assert data["PeriodicalIF"] == 6.6 and data["RegionNum"] == 2
    back = next(normaliser.read(normaliser.write(record, "aggregator"), "aggregator"))
    expected = {("impact-factor", "6.6"), ("cas-zone", "2")}
    assert {(m.name, m.value) for m in back.metrics} == expected


# --- Fidelity: every date kind, every journal identifier (issue 17) ---------------------------


def _jats_article() -> Record:
    """A PMC article as the JATS reader gives it: its history, a labelled epub date, an ISSN of
    no known kind beside the electronic one, the linking ISSN and the NLM title abbreviation."""
    from normaliser.record import Dated, Identifier, Journal

    return Record(
        titles=(Text("Gut microbiota in early life", "en"),),
        journal=Journal(
            titles=(Text("Frontiers in Microbiology", "en"),),
            identifiers=(
                Identifier("issn", "1664-302X"),
                Identifier("issn-electronic", "0028-0836"),
                Identifier("issn-l", "1664-302X"),
                Identifier("nlm-ta", "Front Microbiol"),
            ),
        ),
        dates=(
            Dated("epub", PartialDate(2023, 5, 19), label="pub-type:epub"),
            Dated("ppub", PartialDate(2023, 6)),
            Dated("received", PartialDate(2023, 1, 2)),
            Dated("event", PartialDate(2023, 5, 22), label="pub-type:pmc-release"),
            Dated("collection", PartialDate(2023), season="Spring", history=True),
        ),
        language="en",
    )


def test_every_date_is_kept_beside_the_two_date_keys() -> None:
    """Fails before this change: only publicationDate and EPubDate were written; the print
    date, the history and the labels were lost."""
    record = _jats_article()
    written = normaliser.write([record], "aggregator")
    data = json.loads(written.splitlines()[0])
    assert data["EPubDate"] == "2023/5/19 0:00:00"  # the dump's own key, as aggregators write it
    assert {"kind": "received", "date": "2023-01-02"} in data["OtherDates"]
    assert {"kind": "collection", "date": "2023", "season": "Spring", "history": True} in data[
        "OtherDates"
    ]
    [back] = normaliser.read(written.encode(), "aggregator")
    assert sorted(back.dates, key=repr) == sorted(record.dates, key=repr)


def test_journal_identifiers_keep_their_schemes() -> None:
    """Fails before this change: a plain ISSN was written as ISSN and read back as the print
    ISSN; the linking ISSN and the NLM abbreviation were lost."""
    record = _jats_article()
    written = normaliser.write([record], "aggregator")
    data = json.loads(written.splitlines()[0])
    assert data["ISSN"] == "1664-302X" and data["eISSN"] == "0028-0836"
    assert {"scheme": "issn", "value": "1664-302X"} in data["PeriodicalIds"]
    [back] = normaliser.read(written.encode(), "aggregator")
    assert back.journal is not None and record.journal is not None
    assert set(back.journal.identifiers) == set(record.journal.identifiers)


def test_a_broken_other_dates_key_is_kept_in_extras() -> None:
    record = one({"title": "T", "OtherDates": [{"type": "someday", "date": "2020"}]})
    assert record.dates == ()
    assert record.extras["OtherDates"] == [{"type": "someday", "date": "2020"}]
    assert any(n.field == "OtherDates" for n in record.notes)


def test_identifiers_links_languages_and_taken_extras_are_kept() -> None:
    """Fails before this change: a PMID and a publisher's id were not written, a PDF that is not
    open access read back as oa-pdf, an und journal title read back en, and another format's
    ``authors`` extra (Semantic Scholar's) was dropped for the dump's own authors key."""
    from normaliser.record import Contributor, Identifier, Journal, Link, Name

    record = Record(
        titles=(Text("Threadworm in riverine households", "en"),),
        contributors=(Contributor((Name("Evans", "Rhys"),)),),
        journal=Journal(titles=(Text("Open Tropical Medicine", "und"),)),
        identifiers=(
            Identifier("doi", "10.1371/journal.potm.0011187"),
            Identifier("pmid", "36716291"),
            Identifier("publisher-id", "POTM-D-22-01187"),
        ),
        links=(Link("potm.0011187.pdf", "pdf"), Link("https://example.org/x", "other")),
        language="en",
        extras={"authors": [{"authorId": "4001", "name": "Rhys Evans"}]},
    )
    written = normaliser.write([record], "aggregator")
    data = json.loads(written.splitlines()[1])
    assert {"scheme": "pmid", "value": "36716291"} in data["OtherIds"]
    assert {"url": "potm.0011187.pdf", "kind": "pdf"} in data["OtherLinks"]
    assert data["Languages"] == {"journal.titles[1/1]": "und"}
    assert data["Extras"] == {"authors": [{"authorId": "4001", "name": "Rhys Evans"}]}
    [back] = normaliser.read(written.encode(), "aggregator")
    assert set(back.identifiers) == set(record.identifiers)
    assert set(back.links) == set(record.links)
    assert back.journal == record.journal
    assert back.extras["authors"] == record.extras["authors"]


def test_languages_naming_no_text_are_kept_in_extras() -> None:
    record = one({"title": "T", "Languages": {"titles[2/2]": "de", "x": 1}})
    assert record.titles[0].lang == "en"
    assert record.extras["Languages"] == {"titles[2/2]": "de", "x": 1}
    assert any(n.field == "Languages" for n in record.notes)


def test_names_the_by_line_would_not_give_back_are_written_part_by_part() -> None:
    """Fails before this change: a Japanese name's parts, a consortium (a literal) and a
    family-only name came back as the by-line parses them."""
    from normaliser.record import Contributor, Name

    people = (
        (Name("宮地", "元彦", "eastern", "ja"),),
        (Name(literal="the KP-Phage Consortium", style="given-only"),),
        (Name("Nakamura"),),
    )
    record = Record(
        titles=(Text("A title", "en"),), contributors=tuple(Contributor(p) for p in people)
    )
    written = normaliser.write([record], "aggregator")
    data = json.loads(written.splitlines()[1])
    assert data["AuthorNames"][0] == [
        {"family": "宮地", "given": "元彦", "style": "eastern", "lang": "ja"}
    ]
    [back] = normaliser.read(written.encode(), "aggregator")
    assert tuple(c.names for c in back.contributors) == people
    plain = normaliser.write([replace_names(record)], "aggregator")
    assert "AuthorNames" not in plain  # a by-line that reads back as it is: no second list


def replace_names(record: Record) -> Record:
    from dataclasses import replace

    from normaliser.record import Contributor, Name

    return replace(record, contributors=(Contributor((Name("Evans", "Rhys"),)),))


def test_keywords_with_marks_and_tags_and_other_subjects_are_kept() -> None:
    """Fails before this change: keywords were written as a plain 关键词 line (an italic gene
    name, an English translation beside the Chinese, their tags were lost), a CLC class and a
    JATS heading were not written."""
    from normaliser.record import Term

    keywords = (
        Text("APOE ε4", "en", marks=(Mark(0, 4, "italic"),)),
        Text("认知衰退", "zh-Hans"),
        Text("cognitive decline", "en", "translation"),
    )
    subjects = (
        Term("clc", "F320"),
        Term("heading", None, (Text("Research Article", "en"),)),
    )
    record = Record(titles=(Text("T", "en"),), keywords=keywords, subjects=subjects)
    written = normaliser.write([record], "aggregator")
    data = json.loads(written.splitlines()[0])
    assert data["Keywords"][0] == {"value": "APOE ε4", "lang": "en", "marks": [[0, 4, "italic"]]}
    assert {"vocabulary": "clc", "code": "F320"} in data["OtherSubjects"]
    assert "关键词: APOE ε4; 认知衰退; cognitive decline" in written  # the dump's own line too
    [back] = normaliser.read(written.encode(), "aggregator")
    assert back.keywords == keywords
    assert back.subjects == subjects


def test_titles_journal_titles_metrics_and_an_elocation_id_are_kept() -> None:
    """Fails before this change: a third title (a pinyin transliteration) and a case-protected
    span were lost, a translated journal title came back as an original, a citation count's
    year was lost, and an elocation id of digits (611) came back as a first page."""
    from normaliser.record import Journal

    titles = (
        Text("社区老年人APOE ε4携带状态与认知衰退的关联", "zh-Hans"),
        Text("APOE ε4 and cognitive decline", "en", "translation", (Mark(0, 4, "nocase"),)),
        Text("Shequ laonianren APOE ε4 xiedai zhuangtai", "zh-Latn", "transliteration"),
    )
    journal = Journal(
        titles=(Text("中华流行病学杂志", "zh-Hans"), Text("Chin J Epidemiol", "en", "translation"))
    )
    metrics = (Metric("citation-count", "12", year=2025, source="crossref"),)
    record = Record(
        titles=titles, journal=journal, metrics=metrics, elocation_id="611", language="zh-Hans"
    )
    written = normaliser.write([record], "aggregator")
    data = json.loads(written.splitlines()[0])
    assert data["ElocationId"] == "611"
    assert data["Metrics"] == [
        {"name": "citation-count", "value": "12", "year": 2025, "source": "crossref"}
    ]
    [back] = normaliser.read(written.encode(), "aggregator")
    assert (back.titles, back.journal, back.metrics) == (titles, journal, metrics)
    assert (back.fpage, back.elocation_id) == (None, "611")


def test_abstracts_beyond_two_and_a_url_of_another_format_are_kept() -> None:
    """Fails before this change: a JATS teaser beside the abstract and its translation was
    lost, and Semantic Scholar's url extra (its own page, not the article's) came back as the
    article's landing page."""
    from normaliser.record import Heading

    abstracts = (
        Prose(
            (Text("To examine decline.", "en"), Text("Faster decline.", "en")),
            headings=(Heading(0, Text("Objective", "en")), Heading(1, Text("Results", "en"))),
        ),
        Prose((Text("目的：探讨衰退。", "zh-Hans", "translation"),)),
        Prose((Text("Carriers lose function faster.", "en"),), kind="teaser"),
    )
    url = "https://www.semanticscholar.org/paper/8a3c5e7f9b1d2f4a"
    record = Record(titles=(Text("T", "en"),), abstracts=abstracts, extras={"url": url})
    written = normaliser.write([record], "aggregator")
    data = json.loads(written.splitlines()[0])
    assert any(a.get("kind") == "teaser" for a in data["Abstracts"])
    assert data["Extras"] == {"url": url} and data["url"] is None
    [back] = normaliser.read(written.encode(), "aggregator")
    assert set(back.abstracts) == set(abstracts)
    assert back.extras["url"] == url and back.links == ()


def _fidelity_record() -> Record:
    """A record of every part the aggregator's own keys hold: dates beyond the two date keys,
    journal identifiers, identifiers and links, names part by part, marked keywords, a CLC
    class, a metric's year, three titles, a translated journal title, a teaser."""
    from dataclasses import replace

    from normaliser.record import Contributor, Heading, Identifier, Journal, Link, Name, Term

    return replace(
        _jats_article(),
        titles=(
            Text("社区老年人认知衰退", "zh-Hans"),
            Text("APOE ε4 and decline", "en", "translation", (Mark(0, 4, "nocase"),)),
            Text("Shequ laonianren", "zh-Latn", "transliteration"),
        ),
        contributors=(
            Contributor((Name("宮地", "元彦", "eastern", "ja"),)),
            Contributor((Name(literal="the KP-Phage Consortium", style="given-only"),)),
        ),
        identifiers=(Identifier("pmid", "36716291"),),
        links=(Link("https://example.org/potm.0011187.pdf", "pdf"),),
        keywords=(Text("APOE ε4", "en", marks=(Mark(0, 4, "italic"),)),),
        subjects=(Term("clc", "F320", (Text("经济", "zh-Hans"),)),),
        metrics=(Metric("citation-count", "12", year=2025, source="crossref"),),
        abstracts=(
            Prose((Text("Aim.", "en"),), headings=(Heading(0, Text("Objective", "en")),)),
            Prose((Text("目的。", "zh-Hans", "translation"),)),
            Prose((Text("Carriers lose function faster.", "en"),), kind="teaser"),
        ),
        journal=Journal(
            titles=(Text("中华流行病学杂志", "zh-Hans"), Text("Chin J Epi", "en", "translation")),
            identifiers=(Identifier("issn-l", "1664-302X"), Identifier("nlm-ta", "Chin J Epi")),
        ),
        language="zh-Hans",
    )


#: The aggregator's own keys → the shared schema of what each holds, and how many lists deep.
_FIDELITY_KEYS = {
    "OtherDates": ("DatedSchema", 1),
    "PeriodicalIds": ("IdentifierSchema", 1),
    "OtherIds": ("IdentifierSchema", 1),
    "OtherLinks": ("LinkSchema", 1),
    "AuthorNames": ("NameSchema", 2),
    "Keywords": ("TextSchema", 1),
    "OtherSubjects": ("TermSchema", 1),
    "Metrics": ("MetricSchema", 1),
    "Titles": ("TextSchema", 1),
    "JournalTitles": ("TextSchema", 1),
    "Abstracts": ("ProseSchema", 1),
}


def test_the_aggregator_keys_hold_parts_as_the_canonical_json_writes_them() -> None:
    """Each of the aggregator's own keys holds the record's parts spelled as the canonical JSON
    spells them (one declaration, ``normaliser.record_schemas``, for both formats and both
    directions), and they read back. Fails before this change: OtherDates wrote ``type`` for
    the schema's ``kind`` and a season inside the date (``2023 Spring``), and an abstract's kind
    and a link's kind were written when they were the default."""
    from normaliser import record_schemas

    record = _fidelity_record()
    written = normaliser.write([record], "aggregator")
    data = json.loads(written.splitlines()[1])
    assert set(_FIDELITY_KEYS) <= set(data)
    for key, (name, depth) in _FIDELITY_KEYS.items():
        schema = getattr(record_schemas, name)()
        items = [i for group in data[key] for i in group] if depth == 2 else data[key]
        for item in items:
            assert schema.dump(schema.load(item)) == item, (key, item)
    assert {"kind": "collection", "date": "2023", "season": "Spring", "history": True} in data[
        "OtherDates"
    ]
    assert {"kind": "received", "date": "2023-01-02"} in data["OtherDates"]
    assert {
        "paragraphs": [{"value": "Aim.", "lang": "en"}],
        "headings": [{"start": 0, "title": {"value": "Objective", "lang": "en"}}],
    } in data["Abstracts"]
    [back] = normaliser.read(written.encode(), "aggregator")
    keeps = aggregator.KEEPS
    assert back.restricted_to(keeps) == record.restricted_to(keeps)


@pytest.mark.parametrize(
    ("key", "value", "said"),
    [
        ("OtherDates", [{"type": "received", "date": "2020"}], "0.kind"),
        ("OtherDates", [{"kind": "received", "date": "2020 Spring"}], "0.date"),
        ("AuthorNames", [[{"family": "Evans", "style": "odd"}]], "0.0"),
        ("AuthorNames", [[]], "0"),
        ("Keywords", [{"value": "x", "lang": "en", "marks": [[0, 9, "italic"]]}], "0"),
        ("Abstracts", [{"kind": "teaser"}], "0.paragraphs"),
        ("Metrics", "12", "valid list"),
    ],
)
def test_a_broken_aggregator_key_is_kept_in_extras_with_what_is_wrong(
    key: str, value: Any, said: str
) -> None:
    """A value of one of the aggregator's own keys that its schema refuses is kept verbatim in
    extras, with a warning naming the key and what in it is wrong (by its place in the list)."""
    record = one({"title": "T", key: value})
    assert record.extras[key] == value
    [warning] = [n for n in record.notes if n.field == key]
    assert warning.kind == "unparsed" and said in warning.message, warning.message


def test_what_the_generated_round_trip_found() -> None:
    """Each failed before (found by the generated round trip, its known failure): a page
    statement journal.pages cannot hold ("<") made the written record a reject; an extra of
    null was dropped (null means absent in a dump); a date given twice came back once; a
    heading of no known label came back as text ("0: 0")."""
    from normaliser.record import Dated, Heading

    date = Dated("accepted", PartialDate(2020))
    record = Record(
        titles=(Text("T", "en"),),
        page_range="<",
        dates=(date, date),
        abstracts=(Prose((Text("0", "en"),), headings=(Heading(0, Text("0", "en")),)),),
        extras={"note": None},
    )
    written = normaliser.write([record], "aggregator")
    data = json.loads(written.splitlines()[0])
    assert data["journal"].get("pages") is None and data["PageParts"] == {"range": "<"}
    [back] = normaliser.read(written.encode(), "aggregator")
    assert back.restricted_to(aggregator.KEEPS) == record.restricted_to(aggregator.KEEPS)


def _abstract_section_before(
    label: str, body: str, abstracts: list[Prose], main_lang: str
) -> Prose | None:
    """The abstract section as it was read before the shortcut (the reference): tagged, made
    Prose, structured, then compared; None when it repeats one of ``abstracts`` or is empty."""
    from normaliser.sections import structure
    from normaliser.text import detect_lang, prose

    build = aggregator.build
    lang = detect_lang(body, build._latin_lang(label, body, main_lang))[0]
    variant = "original" if lang.split("-")[0] == main_lang.split("-")[0] else "translation"
    text = prose(body.replace("\n", "\n\n"), lang, variant)
    if text is None:
        return None
    text = structure(text)
    return None if build._repeats(text, abstracts) else text


_section_lines = st.lists(
    st.sampled_from(
        [
            "Tumour growth was slowed.",
            "tumour  growth was slowed",
            "Objective: To test it.",
            "OBJECTIVE. To test it.",
            "【目的】分析肿瘤。",
            "Abstract",
            "  ",
            "CO<sub>2</sub> rose &amp; fell.",
            "CO2 rose & fell.",
            "e\u0301 and é",
        ]
    ),
    min_size=1,
    max_size=4,
)


@given(_section_lines, st.lists(_section_lines, max_size=2), st.sampled_from(["Abstract", "摘要"]))
def test_an_abstract_section_is_read_as_before_the_shortcut(
    lines: list[str], abstract_lines: list[list[str]], label: str
) -> None:
    # The JSON's abstracts: some with the section's very text, so that the shortcut is taken.
    abstracts = [
        p
        for ls in [*abstract_lines, lines]
        if (p := normaliser.text.prose("\n\n".join(ls), "en")) is not None
    ][: len(abstract_lines) + (len(abstract_lines) % 2)]
    expected = _abstract_section_before(label, "\n".join(lines).strip(), abstracts, "en")
    chunk = aggregator.Chunk(1, 0, sections=[("abstract", label, lines)])
    parts = aggregator.build._Sections(list(abstracts), [], {})
    aggregator.build._apply_sections(parts, chunk, None, "en")
    added = parts.abstracts[len(abstracts) :]
    conflict = parts.extras.get(f"dump:{label}")
    if expected is None:
        assert not added and conflict is None
    elif any(a.lang.split("-")[0] == expected.lang.split("-")[0] for a in abstracts):
        assert not added and conflict == "\n".join(lines).strip()
    else:
        assert added == [expected] and conflict is None
