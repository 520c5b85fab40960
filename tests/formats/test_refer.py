"""EndNote/Refer: Traditional-character CNKI exports, GB18030 files, the repairs of issue #9."""

from __future__ import annotations

from pathlib import Path

import pytest

import normaliser
from normaliser.errors import InvalidInput
from normaliser.formats import refer
from normaliser.record import PartialDate, Reject

from ..conftest import SAMPLES

TRADITIONAL = SAMPLES / "refer-traditional" / "refer.txt"
GB18030 = SAMPLES / "refer-gb18030" / "refer.txt"


def test_traditional_export_two_journals_translated_title_and_pages() -> None:
    [record] = normaliser.read(TRADITIONAL)
    assert [(t.lang, t.variant) for t in record.titles] == [
        ("zh-Hant", "original"),
        ("en", "translation"),
    ]  # %T and %Q
    assert record.journal is not None
    assert [(t.value, t.lang, t.variant) for t in record.journal.titles] == [
        ("臺灣公共衛生雜誌", "zh-Hant", "original"),
        ("Taiwan Journal of Public Health", "en", "translation"),
    ]  # two %J
    assert (record.volume, record.issue) == ("37", "2")  # %V 037, %N 02
    assert (record.fpage, record.lpage, record.page_range) == ("94", "98", "94-98, 93")
    assert record.identifier("doi") == "10.6288/TJPH.201804_37(2).106125"  # %R10.… no space
    assert record.language == "zh-Hant"


def test_several_authors_in_one_a_paired_with_h() -> None:
    [record] = normaliser.read(TRADITIONAL)
    assert [c.names[0].family + c.names[0].given for c in record.contributors] == [
        "陳志豪",
        "林美玲",
        "黃建國",
    ]  # "%A 陳志豪，林美玲" is two people
    assert all(c.names[0].lang == "zh-Hant" for c in record.contributors)
    assert [c.names[1].family for c in record.contributors] == ["Chen", "Lin", "Huang"]


def test_blank_lines_in_the_abstract_stay_in_the_record() -> None:
    [record] = normaliser.read(TRADITIONAL)
    [abstract] = record.abstracts
    assert len(abstract.paragraphs) == 3  # and each is a section (issue 17)
    assert [h.title.value for h in abstract.headings] == ["目的：", "方法：", "結果："]
    assert [k.value for k in record.keywords] == ["糖尿病", "醫療利用", "長期追蹤"]  # ";;"


def test_gb18030_file_is_decoded_and_a_glued_tag_repaired() -> None:
    data = GB18030.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # the committed bytes really are GB18030
    first, second = normaliser.read(GB18030)
    assert first.titles[0].value == "基于深度学习的高分辨率遥感影像建筑物提取"
    assert [c.names[0].family + c.names[0].given for c in first.contributors] == [
        "刘洋",
        "王芳",
        "赵建华",
    ]
    assert (first.fpage, first.issue) == ("4", "5")  # %P 004, %N 05
    assert first.journal is not None and first.journal.identifier("cn") == "11-2089/P"
    # "%J 城市交通%D 2016": the %D glued to the journal line is its own tag.
    assert second.journal is not None and second.journal.titles[0].value == "城市交通"
    assert second.date("published") == PartialDate(2016)
    assert [k.value for k in second.keywords] == ["交通拥堵", "拥堵指数"]


def test_an_undecodable_file_is_rejected_by_name(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(b"%0 Journal Article\n%T \xff\xfe\xff\x80\xff\x80\n" * 3)
    with pytest.raises(
        InvalidInput, match=r"bad\.txt: this is not a text file in UTF-8, UTF-16 or GB18030"
    ):
        list(normaliser.read(path, "refer"))


def test_undecodable_bytes_inside_utf8_spoil_one_record_only() -> None:
    good = "%0 Journal Article\n%T 城市交通研究进展与展望\n%D 2020\n".encode()
    bad = b"%0 Journal Article\n%T \xff\xfe\n"
    items = list(normaliser.read(good * 3 + bad + good, "refer", errors="yield"))
    assert [type(i).__name__ for i in items] == ["Record"] * 3 + ["Reject", "Record"]


def test_online_first_article_without_year_or_volume() -> None:
    [record] = normaliser.read("%0 Journal Article\n%T 网络首发论文\n%W CNKI\n", "refer")
    assert record.dates == () and record.volume is None
    assert record.provenance is not None and record.provenance.platform == "CNKI"


def test_sniffed_and_read_only() -> None:
    head = TRADITIONAL.read_text(encoding="utf-8")
    assert normaliser.formats.sniff(head, "refer.txt").module is refer
    assert refer.write is None
    assert isinstance(
        next(iter(normaliser.read(b"stray\n%0 Book\n%T x\n", "refer", errors="yield"))), Reject
    )
