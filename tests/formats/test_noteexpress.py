"""NoteExpress: the facts of issue #9 on CNKI and Wanfang exports, and the round trip."""

from __future__ import annotations

from hypothesis import given

import normaliser
from normaliser.formats import noteexpress
from normaliser.record import Dated, PartialDate, Record, Reject, Text

from ..conftest import SAMPLES
from ..strategies import tagged_sources

CNKI = SAMPLES / "cnki-noteexpress-journal" / "noteexpress.net"
WANFANG = SAMPLES / "wanfang-noteexpress" / "noteexpress.net"


def one(text: str, **kwargs: object) -> Record:
    [record] = normaliser.read(text.encode("utf-8"), "noteexpress", **kwargs)  # type: ignore[arg-type]
    return record  # type: ignore[no-any-return]


def test_cnki_five_authors_on_one_line_paired_with_their_pinyin() -> None:
    first, second = normaliser.read(CNKI)
    assert CNKI.read_bytes().count(b"\r\n") > 20  # CRLF line ends, as CNKI writes them
    assert [c.names[0].family + c.names[0].given for c in first.contributors] == [
        "王晓燕",
        "李建国",
        "欧阳文博",
        "张婷",
        "陈志豪",
    ]
    assert [c.names[1].family for c in first.contributors] == [
        "Wang",
        "Li",
        "Ouyang",
        "Zhang",
        "Chen",
    ]
    assert all(len(c.names) == 2 for c in first.contributors)  # never duplicated
    # "Mingtang ZENG": the capitals mark the family name whatever the order.
    assert [(c.names[1].family, c.names[1].given) for c in second.contributors] == [
        ("Zeng", "Mingtang"),
        ("Hu", "Chenji"),
        ("Chen", "Tao"),
        ("Zhao", "Tingrui"),
        ("Dai", "Xinhua"),
    ]
    assert {c.names[1].variant for c in second.contributors} == {"transliteration"}
    assert [c.names[0].family for c in second.contributors] == ["曾", "胡", "陈", "赵", "戴"]


def test_cnki_titles_keywords_abstracts_are_bilingual_and_tagged() -> None:
    record, _ = normaliser.read(CNKI)
    assert [(t.lang, t.variant) for t in record.titles] == [
        ("zh-Hans", "original"),
        ("en", "translation"),
    ]
    assert [k.value for k in record.keywords if k.variant == "original"] == [
        "城市轨道交通",
        "客流预测",
        "网络化运营",
        "深度学习",
    ]  # ";;" is one separator
    assert {k.lang for k in record.keywords if k.variant == "translation"} == {"en"}
    zh, en = record.abstracts
    assert zh.lang == "zh-Hans" and en.lang == "en" and en.variant == "translation"
    # <正> dropped, (#br) a paragraph break, a wrapped line joined without a space.
    assert [p.value for p in zh.paragraphs] == [
        "为提高城市轨道交通网络化运营条件下的客流预测精度，构建了融合时空特征的预测模型。",
        "以北京市轨道交通2019年刷卡数据为例，模型平均绝对百分比误差降低至8.6%，验证了方法的有效性。",
    ]


def test_cnki_numbers_pages_and_identifiers() -> None:
    first, second = normaliser.read(CNKI)
    assert (first.volume, first.issue) == ("21", "4")  # {Issue}: 04
    assert (first.fpage, first.lpage, first.page_range) == ("210", None, "210+209")
    assert (second.fpage, second.lpage, second.issue) == ("7", "12", "1")
    assert first.journal is not None
    assert first.journal.identifier("cn") == "11-4520/U"  # {Notes}
    assert first.journal.identifier("issn-print") == "1009-6744"
    assert first.identifier("doi") == "10.16097/j.cnki.1009-6744.2021.04.028"
    assert first.links[0].url.startswith("https://kns.cnki.net/")
    assert first.provenance is not None and first.provenance.platform == "CNKI"
    assert first.provenance.format == "noteexpress"
    assert first.date("published") == PartialDate(2021)
    assert first.language == "zh-Hans"
    assert [t.code for t in first.publication_types] == ["journal-article"]


def test_cnki_markup_becomes_sup_and_sub() -> None:
    _, second = normaliser.read(CNKI)
    methods = second.abstracts[0].paragraphs
    assert methods[0].value == "目的 探讨Ca2+通道在心肌缺血再灌注损伤中的作用。"
    assert [(m.kind, methods[0].value[m.start : m.end]) for m in methods[0].marks] == [
        ("sup", "2+")
    ]
    assert [(m.kind, methods[1].value[m.start : m.end]) for m in methods[1].marks] == [
        ("sub", "2"),
        ("sub", "2"),
    ]
    assert methods[2].value == "结果 p<0.05。"  # a "<" of the text is not markup


def test_wanfang_repeated_tags_translations_and_fullwidth_doi() -> None:
    first, second = normaliser.read(WANFANG)
    assert [c.names[0].family + c.names[0].given for c in first.contributors] == [
        "徐亚琼",
        "蒋文杰",
        "司马晓燕",
    ]
    # "XU Ya-qiong" family-first, "Wenjie JIANG" given-first: both paired with their Han name.
    assert [(c.names[1].family, c.names[1].given) for c in first.contributors] == [
        ("Xu", "Ya-qiong"),
        ("Jiang", "Wenjie"),
        ("Sima", "Xiao-yan"),
    ]
    assert [k.value for k in first.keywords] == [
        "肌少症",
        "营养干预",
        "系统评价",
        "Sarcopenia",
        "Nutritional intervention",
        "Systematic review",
    ]
    assert first.identifier("doi") == "10.12114/j.issn.1007-9572.2022.0123"
    assert first.journal is not None
    assert [(t.value, t.variant) for t in first.journal.titles] == [
        ("中国全科医学", "original"),
        ("Chinese General Practice", "translation"),
    ]
    assert [a.variant for a in first.abstracts] == ["original", "translation"]
    assert first.provenance is not None and first.provenance.platform == "Wanfang"
    assert [a.value for a in first.affiliations] == [
        "南京医科大学公共卫生学院",
        "江苏省人民医院老年科",
    ]
    assert second.issue == "3"


def test_thesis_supervisor_degree_university() -> None:
    [record] = normaliser.read(SAMPLES / "cnki-thesis" / "noteexpress.net")
    assert [t.code for t in record.publication_types] == ["thesis"]
    roles = [(c.role, c.names[0].family, c.names[0].given) for c in record.contributors]
    assert roles == [("author", "单", "宏伟"), ("supervisor", "高", "亮")]
    assert record.contributors[0].names[1].family == "Shan"  # 单 as a surname
    assert record.degree is not None and record.degree.level is not None
    assert record.degree.level.code == "doctoral"
    assert [g.value for g in record.degree.grantors] == ["北京交通大学"]
    assert record.journal is None  # the secondary title repeats the university
    assert record.extras == {"Subsidiary Author": "北京交通大学土木建筑工程学院"}


def test_conference_paper_name_place_date() -> None:
    [record] = normaliser.read(SAMPLES / "conference-paper" / "noteexpress.net")
    assert record.conference is not None
    assert [n.value for n in record.conference.names] == ["2019年中国电机工程学会年会"]
    assert [p.value for p in record.conference.places] == ["中国江苏南京"]
    assert record.conference.date == PartialDate(2019, 10, 22)
    assert [c.names[0].family for c in record.contributors] == ["赵", "周"]


def test_newspaper_page_a01() -> None:
    [record] = normaliser.read(SAMPLES / "newspaper-a01" / "noteexpress.net")
    assert [t.code for t in record.publication_types] == ["newspaper-article"]
    assert (record.fpage, record.lpage, record.elocation_id) == ("A01", None, None)
    assert record.journal is not None and record.journal.titles[0].value == "人民日报"
    assert record.date("published") == PartialDate(2023, 5, 12)


def test_separators_continuations_and_bare_cr() -> None:
    text = (
        "{Reference Type}：Journal Article\r{Title}:标题一\r{Author}: 王芳,李婷\r"
        "{Abstract}: 第一行\r续行\r\r\r{Reference Type}: Journal Article\r{Title}: 标题二\r"
    )
    first, second = normaliser.read(text.encode("utf-8"), "noteexpress")
    assert first.titles[0].value == "标题一"
    assert [c.names[0].given for c in first.contributors] == ["芳", "婷"]
    assert first.abstracts[0].paragraphs[0].value == "第一行续行"
    assert second.titles[0].value == "标题二"


def test_unknown_tags_go_to_extras_or_fail_in_strict_mode() -> None:
    text = "{Reference Type}: Journal Article\n{Title}: 标题\n{SrcDatabase}: 期刊\n"
    assert one(text).extras == {"SrcDatabase": "期刊"}
    [reject] = normaliser.read(text.encode(), "noteexpress", strict=True, errors="yield")
    assert isinstance(reject, Reject) and "SrcDatabase" in reject.messages


def test_a_broken_record_in_the_middle_is_rejected_and_the_rest_goes_on() -> None:
    good = "{Reference Type}: Journal Article\n{Title}: 标题{n}\n{Year}: 2020\n\n"
    bad = "{Reference Type}: Journal Article\n{Title}: 坏记录\n{DOI}: 不是DOI\n{Pages}: 第x页\n\n"
    text = good.replace("{n}", "一") + bad + good.replace("{n}", "三")
    items = list(normaliser.read(text.encode(), "noteexpress", errors="yield"))
    assert [type(i).__name__ for i in items] == ["Record", "Reject", "Record"]
    reject = items[1]
    assert isinstance(reject, Reject)
    assert reject.raw == bad.rstrip("\n") + "\n"
    assert set(reject.messages) == {"DOI", "Pages"}  # every problem, in the file's own tags
    assert (reject.record, reject.line) == (2, 5)


def test_sniffed_and_listed() -> None:
    head = CNKI.read_text(encoding="utf-8")[:2000]
    assert normaliser.formats.sniff(head, "x.net").module is noteexpress
    assert "noteexpress" in normaliser.FORMATS


@given(pair=tagged_sources("noteexpress"))
def test_second_pass_changes_nothing(pair: tuple[Record, Record]) -> None:
    # The round trip itself (with the publication date of every kind) is in
    # tests/test_round_trip.py.
    written = normaliser.write(pair[0], "noteexpress")
    [back] = normaliser.read(written.encode("utf-8"), "noteexpress")
    assert normaliser.write(back, "noteexpress") == written


def test_second_pass_over_a_written_sample_changes_nothing() -> None:
    for path in (CNKI, WANFANG, SAMPLES / "cnki-thesis" / "noteexpress.net"):
        once = normaliser.write(list(normaliser.read(path)), "noteexpress")
        twice = normaliser.write(list(normaliser.read(once.encode(), "noteexpress")), "noteexpress")
        assert twice == once


def test_cnki_book_isbn_is_an_identifier() -> None:
    text = (
        "{Reference Type}: Book\n{Title}: 城市轨道交通运营管理\n{Author}: 王晓燕;\n"
        "{Publisher}: 人民交通出版社\n{Place Published}: 北京\n{Year}: 2019\n"
        "{图书印刷版ISBN}: 978-7-114-15432-1\n{Database Provider}: CNKI\n"
    )
    [record] = normaliser.read(text.encode(), "noteexpress")
    assert record.identifier("isbn") == "978-7-114-15432-1"
    assert "图书印刷版ISBN" not in record.extras
    jats = normaliser.write(record, "jats")
    assert 'pub-id-type="isbn">978-7-114-15432-1<' in jats
    assert "978-7-114-15432-1" in normaliser.write(record, "dc")


def test_an_aggregator_records_year_is_written() -> None:
    record = Record(
        titles=(Text("A title", "en"),),
        dates=(Dated("ppub", PartialDate(2024)), Dated("epub", PartialDate(2023, 12, 1))),
    )
    written = normaliser.write(record, "noteexpress")
    # The first publication date in the record's order (its publication model: print-electronic
    # cites the print date), as BibTeX picks its year.
    assert "{Year}: 2024\n" in written
    [back] = normaliser.read(written.encode(), "noteexpress")
    assert back.dates == record.dates  # their kinds on the {Normaliser} line
    tags_only = "".join(ln for ln in written.splitlines(True) if not ln.startswith("{Normaliser}"))
    [exported] = normaliser.read(tags_only.encode(), "noteexpress")
    assert exported.dates == (Dated("published", PartialDate(2024)),)
