"""One language module: every spelling of a language read to BCP 47 and written back per format,
and every reader and writer going through it."""

from __future__ import annotations

import pytest

import normaliser
from normaliser import languages
from normaliser.record import Record, Text


@pytest.mark.parametrize(
    ("spelling", "tag"),
    [
        # Names, in English and Chinese.
        ("Japanese", "ja"),
        ("日文", "ja"),
        ("日语", "ja"),
        ("japanese", "ja"),
        ("Chinese", "zh"),
        ("中文", "zh"),
        ("汉语", "zh"),
        ("简体中文", "zh-Hans"),
        ("繁體中文", "zh-Hant"),
        ("Simplified Chinese", "zh-Hans"),
        ("Russian", "ru"),
        ("俄文", "ru"),
        ("English", "en"),
        ("英文", "en"),
        ("Dutch", "nl"),
        # ISO 639-1, 639-2/B, 639-2/T, 639-3.
        ("ja", "ja"),
        ("jpn", "ja"),
        ("chi", "zh"),
        ("zho", "zh"),
        ("CHI", "zh"),
        ("ger", "de"),
        ("deu", "de"),
        ("eng", "en"),
        ("haw", "haw"),  # no two-letter code: the three-letter one is the tag
        # BibTeX / babel / polyglossia langids.
        ("russian", "ru"),
        ("schinese", "zh-Hans"),
        ("tchinese", "zh-Hant"),
        ("american", "en-US"),
        ("british", "en-GB"),
        ("ngerman", "de"),
        ("german", "de"),
        # POSIX locales and BCP 47, Chinese regions giving the script.
        ("zh_CN", "zh-Hans"),
        ("zh_TW", "zh-Hant"),
        ("zh_CN.UTF-8", "zh-Hans"),
        ("en_US", "en-US"),
        ("zh-CN", "zh-Hans"),
        ("zh-tw", "zh-Hant"),
        ("zh-HK", "zh-Hant"),
        ("zh-MO", "zh-Hant"),
        ("zh-Hant-TW", "zh-Hant"),
        ("nl", "nl"),
        ("pt-br", "pt-BR"),
        ("EN", "en"),
    ],
)
def test_parse(spelling: str, tag: str) -> None:
    assert languages.parse(spelling) == tag


@pytest.mark.parametrize(
    ("tag", "script"),
    [
        ("zh-Hans", "Hans"),
        ("zh-Hant", "Hant"),
        ("zh-TW", "Hant"),  # the region's script (CLDR likely subtags, DOMAIN §4.2)
        ("zh-tw", "Hant"),
        ("zh-HK", "Hant"),
        ("zh-CN", "Hans"),
        ("zh-SG", "Hans"),
        ("zh-Hans-TW", "Hans"),  # a script said wins over the region's
        ("zh-Hant-HK", "Hant"),
        ("zh", None),
        ("zh-Latn-pinyin", None),
        ("zh-US", None),
        ("en-TW", None),
        ("ja", None),
    ],
)
def test_the_script_a_chinese_tag_says(tag: str, script: str | None) -> None:
    assert languages.chinese_script(tag) == script


@pytest.mark.parametrize("spelling", ["", "  ", "Klingonese", "不是语言", "en US", "12"])
def test_what_names_no_language_is_none(spelling: str) -> None:
    assert languages.parse(spelling) is None


@pytest.mark.parametrize(
    ("tag", "target", "written"),
    [
        ("zh-Hans", "iso639-2b", "chi"),
        ("zh-Hant", "iso639-2b", "chi"),
        ("en", "iso639-2b", "eng"),
        ("de", "iso639-2b", "ger"),
        ("ja", "iso639-2b", "jpn"),
        ("zh-Hans", "iso639-3", "zho"),
        ("de", "iso639-3", "deu"),
        ("und", "iso639-3", "und"),
        ("haw", "iso639-3", "haw"),
        ("xx", "iso639-3", "xx"),  # no code known: the tag itself, which parse reads back
        ("zh-Hans", "langid", "chinese"),
        ("zh-Hant", "langid", "chinese"),
        ("en", "langid", "english"),
        ("en-US", "langid", "american"),
        ("ja", "langid", "japanese"),
        ("ru", "langid", "russian"),
        ("pt-BR", "langid", "brazilian"),
        ("zh-Hans", "bcp47", "zh-Hans"),
    ],
)
def test_spell(tag: str, target: str, written: str) -> None:
    assert languages.spell(tag, target) == written


@pytest.mark.parametrize("target", languages.TARGETS)
@pytest.mark.parametrize("tag", ["en", "en-US", "ja", "ko", "de", "ru", "fr", "nl", "haw", "und"])
def test_spelled_tags_read_back(tag: str, target: str) -> None:
    # ISO 639 names the language alone: a region is not written.
    expected = tag.split("-")[0] if target.startswith("iso") else tag
    assert languages.parse(languages.spell(tag, target)) == expected


def test_an_unknown_target_is_refused() -> None:
    with pytest.raises(ValueError, match="iso639-1"):
        languages.spell("en", "iso639-1")


def test_is_code() -> None:
    assert languages.is_code("nl") and languages.is_code("eng") and languages.is_code("zh-CN")
    assert not languages.is_code("Dutch") and not languages.is_code("en_US")
    assert not languages.is_code("japanese")


# --- Every reader and writer goes through it ----------------------------------------------------


def _ris(language: str) -> Record:
    [record] = normaliser.read(f"TY  - JOUR\nTI  - A title\nLA  - {language}\nER  - \n", "ris")
    return record  # type: ignore[no-any-return]


def _noteexpress(language: str) -> Record:
    text = f"{{Reference Type}}: Journal Article\n{{Title}}: 标题\n{{Language}}: {language}\n"
    [record] = normaliser.read(text.encode(), "noteexpress")
    return record  # type: ignore[no-any-return]


def _bibtex(langid: str) -> Record:
    [record] = normaliser.read(f"@article{{k,\ntitle = {{A title}},\nlangid = {{{langid}}}\n}}\n")
    return record  # type: ignore[no-any-return]


def test_japanese_is_ja_in_every_reference_format() -> None:
    assert _ris("Japanese").language == "ja"
    assert _noteexpress("日文").language == "ja"
    assert _bibtex("japanese").language == "ja"
    assert "LA" not in _ris("Japanese").extras


def test_russian_is_ru_in_ris_and_bibtex() -> None:
    assert _ris("Russian").language == "ru"
    assert _bibtex("russian").language == "ru"


def test_chinese_spellings_in_tagged_formats() -> None:
    assert _noteexpress("简体中文").language == "zh-Hans"
    assert _noteexpress("chi").language == "zh-Hans"  # its script from the Simplified title
    assert _ris("zh_CN").language == "zh-Hans"


def test_tagged_writers_write_iso_639_2b() -> None:
    record = Record(titles=(Text("A title", "en"),), language="ja")
    assert "LA  - jpn\n" in normaliser.write(record, "ris")
    assert "{Language}: jpn\n" in normaliser.write(record, "noteexpress")
    chinese = Record(titles=(Text("标题", "zh-Hans"),), language="zh-Hans")
    assert "LA  - chi\n" in normaliser.write(chinese, "ris")


def test_bibtex_writes_langids() -> None:
    record = Record(titles=(Text("A title", "en"),), language="ru")
    assert "langid = {russian}" in normaliser.write(record, "bibtex").replace("  ", "")


def _dc_language(value: str) -> Record:
    document = (
        '<oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<dc:title>A title</dc:title><dc:language>{value}</dc:language></oai_dc:dc>"
    )
    [record] = normaliser.read(document, "dc")
    return record  # type: ignore[no-any-return]


def test_dc_keeps_a_valid_tag_as_written() -> None:
    record = _dc_language("nl")
    assert record.language == "nl"
    assert not [n for n in record.notes if n.field == "dc:language"]


@pytest.mark.parametrize(("value", "tag"), [("Dutch", "nl"), ("en_US", "en-US"), ("日文", "ja")])
def test_dc_normalises_a_name_or_a_locale_with_a_note(value: str, tag: str) -> None:
    record = _dc_language(value)
    assert record.language == tag
    [note] = [n for n in record.notes if n.field == "dc:language"]
    assert value in note.message and tag in note.message


def test_the_catalogues_locales_are_read_here_too() -> None:
    from normaliser import vocab

    assert languages.parse("zh_Hans") == "zh-Hans"
    assert vocab.LOCALE_TAGS == {"en": "en", "zh_Hans": "zh-Hans", "zh_Hant": "zh-Hant"}
