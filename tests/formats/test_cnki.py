"""CNKI E-Study and 自定义 exports: labels matched on either half."""

from __future__ import annotations

import normaliser
from normaliser.formats import cnki
from normaliser.record import PartialDate, Term

from ..conftest import SAMPLES

ESTUDY = SAMPLES / "cnki-estudy" / "cnki.txt"
CUSTOM = SAMPLES / "cnki-custom" / "cnki.txt"


def test_estudy_records_split_on_datatype() -> None:
    first, second = normaliser.read(ESTUDY)
    assert first.titles[0].value == "我国数字经济发展水平测度与时空演变"
    assert [c.names[0].family + c.names[0].given for c in first.contributors] == [
        "施洋",
        "王立平",
    ]
    assert [c.names[0].given for c in second.contributors] == ["洋"]  # "施洋;"
    assert (first.volume, first.issue, first.fpage, first.lpage) == ("37", "11", "5", "9")
    assert first.date("published") == PartialDate(2021, 6, 15)  # PubTime-出版时间
    assert first.extras == {"PageCount-页数": "5"}  # a page count, not pages
    assert [t.code for t in first.publication_types] == ["journal-article"]
    assert second.issue == "3"
    assert len(first.affiliations) == 2


def test_custom_export_labels_and_types() -> None:
    article, thesis = normaliser.read(CUSTOM)
    assert article.journal is not None and article.journal.titles[0].value == "农业经济问题"
    assert (article.fpage, article.lpage) == ("88", "99")  # PageCount-页码 is the range here
    assert article.subjects == (Term("clc", "F724.6"), Term("clc", "F320"))
    assert article.identifier("doi") == "10.13246/j.cnki.iae.2022.09.008"
    assert article.extras["Fund-基金"] == "国家社会科学基金项目(21BJY123)"
    assert [p.value[:5] for p in article.abstracts[0].paragraphs] == ["农村电商是", "本文基于湖"]
    assert [t.code for t in thesis.publication_types] == ["thesis"]
    assert thesis.degree is not None and thesis.degree.level == Term("degree", "doctoral")


def test_labels_match_on_either_half() -> None:
    text = (
        "SrcDatabase-来源库: 年鉴\nTitle-篇名: 江苏年鉴\nYear-年鉴年份: 2020\n"
        "Source-文献来源: 江苏年鉴社\n"
    )
    [record] = normaliser.read(text.encode(), "cnki")
    assert record.date("published") == PartialDate(2020)  # English half: Year
    assert record.journal is not None and record.journal.titles[0].value == "江苏年鉴社"
    assert record.titles[0].value == "江苏年鉴"  # English half: Title
    [kind] = record.publication_types  # a yearbook: no code, the label kept as written
    assert kind.code is None and kind.labels[0].value == "年鉴"


def test_sniffed() -> None:
    assert normaliser.formats.sniff(ESTUDY.read_text(encoding="utf-8"), "x.txt").module is cnki
    assert normaliser.formats.sniff(CUSTOM.read_text(encoding="utf-8"), "x.txt").module is cnki
