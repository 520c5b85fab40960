"""Language tags of texts against the record's declared language (issue 17, "Language tags"):
Japanese kanji-only text is ``ja``, Cyrillic text in a Russian entry is ``ru``."""

from __future__ import annotations

import pytest

import normaliser
from normaliser.record import Name, Record, Text
from normaliser.text import follow_declared

from .formats.test_dc import oai_dc, one

_JAPANESE_BOOK = """@book{tosho2004,
  title = {最新図書館用語大辭典},
  author = {図書館用語辞典編集委員会},
  publisher = {柏書房},
  address = {東京},
  year = {2004},
  langid = {japanese},
}
"""

_RUSSIAN_ARTICLE = """@article{ivanov2019,
  title = {Методы оценки качества воды в малых реках},
  author = {Иванов, Пётр and Smith, John},
  journal = {Водные ресурсы},
  volume = {46},
  year = {2019},
  langid = {russian},
}
"""


def _langs(record: Record) -> list[str]:
    out = [t.lang for t in record.titles]
    out += [t.lang for t in (record.journal.titles if record.journal else ())]
    out += [t.lang for t in (record.publisher.names if record.publisher else ())]
    return out


def test_kanji_only_text_in_a_japanese_bibtex_entry_is_japanese() -> None:
    [record] = normaliser.read(_JAPANESE_BOOK, "bibtex")
    assert record.language == "ja"
    assert set(_langs(record)) == {"ja"}
    assert record.contributors[0].names[0].lang == "ja"
    assert not [n for n in record.notes if "Chinese" in n.message]


def test_kanji_only_text_in_a_dc_record_declared_japanese_is_japanese() -> None:
    record = one(
        oai_dc(
            "<dc:title>参謀本部製版</dc:title>",
            "<dc:title>地図のつくりかた</dc:title>",
            "<dc:subject>地形図</dc:subject>",
            "<dc:language>jpn</dc:language>",
        )
    )
    assert [(t.lang, t.variant) for t in record.titles] == [("ja", "original"), ("ja", "original")]
    assert [k.lang for k in record.keywords] == ["ja"]
    assert not record.notes


def test_kana_is_decisive_and_chinese_records_keep_chinese() -> None:
    record = Record(
        titles=(Text("東京の地図", "zh-Hant"), Text("地图", "zh-Hans")),
        contributors=(),
        language="zh-Hans",
    )
    settled = follow_declared(record, "zh-Hans")
    assert [t.lang for t in settled.titles] == ["zh-Hant", "zh-Hans"]  # not Japanese-declared
    settled = follow_declared(record, "ja")
    assert [t.lang for t in settled.titles] == ["ja", "ja"]


def test_a_russian_bibtex_entry_has_russian_title_and_journal() -> None:
    [record] = normaliser.read(_RUSSIAN_ARTICLE, "bibtex")
    assert record.language == "ru"
    assert _langs(record) == ["ru", "ru"]
    names = [c.names[0] for c in record.contributors]
    assert names[0].lang == "ru"
    assert names[1] == Name("Smith", "John")  # a Latin name stays as it was


def test_mixed_script_keywords_are_chinese() -> None:
    from normaliser.text import detect_lang

    for keyword in ("Salisbury屏", "Gibbs 采样", "IBM DOcplexcloud软件", "LSTM神经网络"):
        assert detect_lang(keyword, "en")[0].startswith("zh"), keyword
    # A Latin sentence quoting one Han character stays Latin.
    assert detect_lang("The character 道 in early Daoist texts", "en")[0] == "en"
    record = one(
        oai_dc(
            "<dc:title>基于Gibbs采样的主题模型研究</dc:title>",
            "<dc:subject>Gibbs 采样</dc:subject>",
            "<dc:subject>Salisbury屏</dc:subject>",
            "<dc:subject>topic model</dc:subject>",
            "<dc:language>zh</dc:language>",
        )
    )
    assert [k.lang for k in record.keywords] == ["zh-Hans", "zh-Hans", "und"]


def test_a_regional_script_keeps_official_names_as_the_source_wrote_them() -> None:
    from click.testing import CliRunner

    from normaliser.cli import main
    from normaliser.record import Contributor, Journal, Publisher
    from normaliser.script import to_script

    record = Record(
        titles=(Text("台灣地區醫院的感染管制", "zh-Hant"),),
        contributors=(Contributor((Name(literal="台灣醫學會", style="eastern", lang="zh-Hant"),)),),
        journal=Journal(titles=(Text("台灣醫學", "zh-Hant"),)),
        publisher=Publisher(names=(Text("台灣醫學會", "zh-Hant"),)),
    )
    converted = to_script(record, "tw")
    # The title is already Traditional: OpenCC's t2tw, which keeps the 台 the source chose (s2tw
    # read it as Simplified and wrote 臺).
    assert converted.title is not None and converted.title.value == "台灣地區醫院的感染管制"
    assert converted.title.lang == "zh-Hant-TW"
    assert converted.journal is not None and converted.journal.titles[0].value == "台灣醫學"
    assert converted.publisher is not None and converted.publisher.names[0].value == "台灣醫學會"
    assert converted.contributors[0].names[0].literal == "台灣醫學會"
    everything = to_script(record, "tw", script_all=True)
    assert everything.journal is not None and everything.journal.titles[0].value == "臺灣醫學"
    # Simplified names are still converted: there is no Traditional form to keep.
    simplified = Record(journal=Journal(titles=(Text("台湾医学", "zh-Hans"),)))
    assert to_script(simplified, "tw").journal.titles[0].value == "臺灣醫學"  # type: ignore[union-attr]
    document = normaliser.write(record, "json")
    for extra, expected in (((), "台灣醫學"), (("--script-all",), "臺灣醫學")):
        result = CliRunner().invoke(
            main,
            ["convert", "--from", "json", "--to", "json", "--script", "tw", *extra, "-"],
            input=document,
        )
        assert result.exit_code == 0, result.stderr
        assert expected in result.stdout
    api = normaliser.convert(document, "json", from_="json", script="tw", script_all=True)
    assert "臺灣醫學" in api


def test_an_explicit_zh_gets_its_script_from_the_text() -> None:
    record = one(
        oai_dc(
            '<dc:title xml:lang="zh">黄河流域城市韧性的时空演变</dc:title>',
            '<dc:description xml:lang="zh">本文测度了黄河流域城市韧性水平。</dc:description>',
            '<dc:title xml:lang="zh-Hant">黃河流域城市韌性</dc:title>',
            "<dc:language>zh</dc:language>",
        )
    )
    assert [t.lang for t in record.titles] == ["zh-Hans", "zh-Hant"]
    assert [a.lang for a in record.abstracts] == ["zh-Hans"]


def test_hong_kong_script_keeps_official_names_with_place_names_as_written() -> None:
    # Issue 17 audit: the test above covers --script tw. With --script hk (OpenCC's Hong Kong
    # variants write 臺 as 台) a journal, a society and a conference named after a place keep
    # 臺灣 as the source wrote it; --script-all restyles them.
    from click.testing import CliRunner

    from normaliser.cli import main
    from normaliser.record import Conference, Contributor, Journal, Publisher

    record = Record(
        titles=(Text("臺灣地區醫院的感染管制", "zh-Hant"),),
        contributors=(Contributor((Name(literal="臺灣醫學會", style="eastern", lang="zh-Hant"),)),),
        journal=Journal(titles=(Text("臺灣醫學", "zh-Hant"),)),
        publisher=Publisher(names=(Text("臺灣醫學會", "zh-Hant"),)),
        conference=Conference(names=(Text("臺灣區域發展研討會", "zh-Hant"),)),
        language="zh-Hant",
    )
    document = normaliser.write(record, "json")
    for extra, kept in (((), True), (("--script-all",), False)):
        result = CliRunner().invoke(
            main,
            ["convert", "--from", "json", "--to", "json", "--script", "hk", *extra, "-"],
            input=document,
        )
        assert result.exit_code == 0, result.stderr
        [converted] = normaliser.read(result.stdout.encode(), "json")
        assert converted.title is not None and converted.title.lang == "zh-Hant-HK"
        assert converted.journal is not None and converted.publisher is not None
        assert converted.conference is not None
        names = [
            converted.journal.titles[0].value,
            converted.publisher.names[0].value,
            converted.conference.names[0].value,
            converted.contributors[0].names[0].literal,
        ]
        if kept:
            assert names == ["臺灣醫學", "臺灣醫學會", "臺灣區域發展研討會", "臺灣醫學會"]
        else:
            assert names == ["台灣醫學", "台灣醫學會", "台灣區域發展研討會", "台灣醫學會"]


_JAPANESE_RIS = """TY  - JOUR
TI  - 明治期の陸地測量部と地形図の作製
AU  - 宮地 元彦
AU  - 山田太郎
JO  - 地学雑誌
VL  - 129
IS  - 2
SP  - 201
EP  - 218
PY  - 2020
LA  - Japanese
ER  -\x20
"""


def test_a_japanese_name_gets_no_chinese_pinyin() -> None:
    # Issue 17 audit: kanji-only names in a record declared Japanese were tagged ja, but kept a
    # generated pinyin form (宮地 元彦 → "Gongdi Yuanyan", zh-Latn-pinyin): a Chinese reading
    # of a Japanese name, which every writer then gave as the author's romanised name.
    [ris] = normaliser.read(_JAPANESE_RIS, "ris")
    bib = _JAPANESE_BOOK.replace("author = {図書館用語辞典編集委員会}", "author = {宮地 元彦}")
    [bibtex] = normaliser.read(bib, "bibtex")
    for record in (ris, bibtex):
        assert record.language == "ja"
        forms = [n for c in record.contributors for n in c.names]
        assert {n.lang for n in forms} == {"ja"}, forms
        assert forms[0] == Name("宮地", "元彦", "eastern", "ja")
    assert "Gongdi" not in normaliser.write(ris, "ris")
    # A record declared Chinese keeps its pinyin; its kana title is Japanese all the same (kana
    # is decisive), its kanji-only journal title follows the declared language.
    [chinese] = normaliser.read(_JAPANESE_RIS.replace("LA  - Japanese", "LA  - Chinese"), "ris")
    assert any(n.lang == "zh-Latn-pinyin" for c in chinese.contributors for n in c.names)
    assert chinese.journal is not None
    assert (chinese.titles[0].lang, chinese.journal.titles[0].lang) == ("ja", "zh")


@pytest.mark.parametrize(
    ("target", "source", "expected"),
    [
        # Traditional text converted as Traditional (t2tw, t2hk), not read as Simplified: s2hk
        # wrote 裏約 and 峇裏島, s2tw 裡約 and 峇裡島, for names that were right.
        ("tw", "巴西里約熱內盧的登革熱監測", "巴西里約熱內盧的登革熱監測"),
        ("hk", "巴西里約熱內盧的登革熱監測", "巴西里約熱內盧的登革熱監測"),
        ("hk", "峇里島的水稻梯田灌溉系統", "峇里島的水稻梯田灌溉系統"),
        # A place's name as the source wrote it (issue 17): 臺灣 stays under hk, 台北 under tw.
        ("hk", "臺灣地區醫院的感染管制", "臺灣地區醫院的感染管制"),
        ("tw", "台北市的空氣污染", "台北市的空氣汙染"),  # 污 → 汙: Taiwan's standard form
        # What the regional standard does change is still changed: 裏 → 裡 in Taiwan.
        ("tw", "著名的裏面", "著名的裡面"),
        # Simplified text still takes s2tw / s2hk.
        ("tw", "台湾地区医院", "臺灣地區醫院"),
        ("hk", "台湾地区医院", "台灣地區醫院"),
    ],
)
def test_a_regional_script_converts_traditional_text_as_traditional(
    target: str, source: str, expected: str
) -> None:
    from normaliser.script import to_script

    lang = "zh-Hans" if source.endswith("医院") else "zh-Hant"
    record = Record(titles=(Text(source, lang),), language=lang)
    converted = to_script(record, target)
    assert converted.title is not None and converted.title.value == expected
    assert converted.title.lang == f"zh-Hant-{target.upper()}"
