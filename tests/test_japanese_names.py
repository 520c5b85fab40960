"""Japanese names are not Chinese ones (issue 17 follow-up). Where the record says it is
Japanese (its declared language, kana in its title) or the name has kana, a kanji name is
tagged ``ja``, never cut by the Chinese surname table (山田太郎 was family 山, given 田太郎)
and never given a pinyin form (Shan Tiantailang). Japanese family names are one to three kanji
with no table to cut them by: an unspaced name is kept whole, a name the source cuts (a space,
a comma) keeps that cut."""

from __future__ import annotations

import json

import pytest

import normaliser
from normaliser.formats import FORMATS
from normaliser.record import Name, Record, Reject

YAMADA = Name(literal="山田太郎", style="eastern", lang="ja")
HAYASHI = Name(family="林", given="太郎", style="eastern", lang="ja")

# A Japanese dictionary as Zotero or JabRef exports it with biblatex's langid.
BIBTEX_JAPANESE = """@book{yamada2008,
  title = {最新図書館用語大辭典},
  author = {山田太郎 and 林 太郎},
  publisher = {柏書房},
  address = {東京},
  year = {2008},
  langid = {japanese}
}
"""

# A kana title, no language said.
BIBTEX_KANA = """@article{yamada2020,
  title = {図書館における電子資料の利用について},
  author = {山田太郎 and 林 太郎},
  journal = {情報管理},
  volume = {63},
  number = {2},
  pages = {85--94},
  year = {2020}
}
"""

RIS_DECLARED = """TY  - JOUR
TI  - 図書館情報学研究
AU  - 山田太郎
AU  - 林 太郎
JO  - 情報管理
LA  - Japanese
PY  - 2020
ER  -\x20
"""

RIS_KANA = RIS_DECLARED.replace(
    "TI  - 図書館情報学研究", "TI  - 図書館における電子資料の利用について"
)
RIS_KANA = RIS_KANA.replace("LA  - Japanese\n", "")

NOTEEXPRESS_KANA = """{Reference Type}: Journal Article
{Title}: 図書館における電子資料の利用について
{Author}: 山田太郎;林 太郎
{Secondary Title}: 情報管理
{Year}: 2020

"""

DC_DECLARED = """<oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/"
  xmlns:dc="http://purl.org/dc/elements/1.1/">
 <dc:title>図書館情報学研究</dc:title>
 <dc:creator>山田太郎</dc:creator>
 <dc:creator>林 太郎</dc:creator>
 <dc:date>2020</dc:date>
 <dc:language>jpn</dc:language>
</oai_dc:dc>"""

DC_KANA = DC_DECLARED.replace("図書館情報学研究", "図書館における電子資料の利用について").replace(
    " <dc:language>jpn</dc:language>\n", ""
)

AGGREGATOR_KANA = (
    json.dumps(
        {
            "title": "図書館における電子資料の利用について",
            "authors": "山田太郎, 林 太郎",
            "journal": {"name": "情報管理", "volume": "63", "pages": "85-94"},
            "publicationDate": "2020-05-01",
        },
        ensure_ascii=False,
    )
    + "\n"
)


def _one(data: str, fmt: str) -> Record:
    [record] = normaliser.read(data.encode(), fmt, errors="yield")
    assert not isinstance(record, Reject), record
    return record


@pytest.mark.parametrize(
    ("fmt", "data"),
    [
        ("bibtex", BIBTEX_JAPANESE),
        ("bibtex", BIBTEX_KANA),
        ("ris", RIS_DECLARED),
        ("ris", RIS_KANA),
        ("noteexpress", NOTEEXPRESS_KANA),
        ("dc", DC_DECLARED),
        ("dc", DC_KANA),
        ("aggregator", AGGREGATOR_KANA),
    ],
)
def test_a_kanji_name_of_a_japanese_record_is_kept_as_written_with_no_pinyin(
    fmt: str, data: str
) -> None:
    record = _one(data, fmt)
    assert [c.names for c in record.contributors] == [(YAMADA,), (HAYASHI,)]


def test_kana_in_a_name_makes_it_japanese_in_any_record() -> None:
    # An English title, no language: the name's own kana says it is Japanese.
    record = _one("TY  - JOUR\nTI  - Library use\nAU  - 山田はな子\nPY  - 2020\nER  -\x20\n", "ris")
    assert record.contributors[0].names == (Name(literal="山田はな子", style="eastern", lang="ja"),)


def test_a_chinese_record_still_cuts_and_romanises_its_names() -> None:
    record = _one("TY  - JOUR\nTI  - 图书馆研究\nAU  - 曾明堂\nPY  - 2020\nER  -\x20\n", "ris")
    [(han, latin)] = [c.names for c in record.contributors]
    assert (han.family, han.given, han.lang) == ("曾", "明堂", "zh-Hans")
    assert (latin.family, latin.given, latin.lang) == ("Zeng", "Mingtang", "zh-Latn-pinyin")


@pytest.mark.parametrize(
    "name",
    sorted(
        n
        for n, f in FORMATS.items()
        if f.reads and f.writes and {"contributors", "contributors.names"} & f.keeps
    ),
)
def test_a_japanese_entry_keeps_its_names_through_every_format(name: str) -> None:
    record = _one(BIBTEX_JAPANESE, "bibtex")
    back = _one(normaliser.write(record, name), name)
    assert [c.names for c in back.contributors] == [(YAMADA,), (HAYASHI,)], name


def test_cnmarc_gives_a_japanese_title_no_pinyin() -> None:
    # 200 $9 was "zui xin tu shu guan yong yu da ci dian": a Chinese reading of a Japanese title.
    record = _one(BIBTEX_JAPANESE, "bibtex")
    written = normaliser.write(record, "cnmarcxml")
    assert "最新図書館用語大辭典" in written
    assert "zui xin" not in written and "Zui Xin" not in written
    back = _one(written, "cnmarcxml")
    assert back.titles == record.titles


def test_ris_writes_a_japanese_names_cut_where_a_reference_manager_reads_it() -> None:
    # It wrote "AU  - 林太郎" and kept the cut only on its own NX line, which reference managers
    # ignore.
    record = _one(BIBTEX_JAPANESE, "bibtex")
    written = normaliser.write(record, "ris")
    assert "AU  - 山田太郎\nAU  - 林 太郎\n" in written
    assert "contributors" not in written
    assert [c.names for c in _one(written, "ris").contributors] == [(YAMADA,), (HAYASHI,)]


JATS_JAPANESE = """<?xml version="1.0" encoding="UTF-8"?>
<article xmlns:xlink="http://www.w3.org/1999/xlink" dtd-version="1.3" xml:lang="{lang}">
 <front>
  <journal-meta>
   <journal-title-group><journal-title>情報管理</journal-title></journal-title-group>
  </journal-meta>
  <article-meta>
   <title-group><article-title>図書館情報学研究</article-title></title-group>
   <contrib-group>
    <contrib contrib-type="author"><string-name>山田太郎</string-name></contrib>
    <contrib contrib-type="author">
     <name name-style="eastern"><surname>林</surname><given-names>太郎</given-names></name>
    </contrib>
    <contrib contrib-type="author">
     <name name-style="eastern" xml:lang="zh-Hans">
      <surname>曾</surname><given-names>明堂</given-names>
     </name>
    </contrib>
   </contrib-group>
   <pub-date pub-type="ppub"><year>2020</year></pub-date>
  </article-meta>
 </front>
</article>"""


def test_a_jats_articles_japanese_names_take_its_language() -> None:
    # A kanji name with no xml:lang of its own in an article of xml:lang ja is ja (it was
    # zh-Hant, a Chinese name); a name's own xml:lang is kept.
    record = _one(JATS_JAPANESE.format(lang="ja"), "jats")
    assert [c.names[0].lang for c in record.contributors] == ["ja", "ja", "zh-Hans"]
    assert record.contributors[0].names == (YAMADA,)
    assert record.contributors[1].names == (HAYASHI,)
    back = _one(normaliser.write(record, "jats"), "jats")
    assert back.contributors == record.contributors
    # In an English article the same names are Han names of no stated language: Chinese.
    english = _one(JATS_JAPANESE.format(lang="en"), "jats")
    assert english.contributors[1].names[0].lang.startswith("zh")
