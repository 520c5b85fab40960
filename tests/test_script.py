"""Simplified/Traditional conversion: exactly opencc-python-reimplemented's, for any text; and
``to_script`` over whole records."""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from functools import cache
from typing import Any

import opencc
import pytest
from hypothesis import given
from hypothesis import strategies as st

from normaliser.errors import UsageError
from normaliser.record import (
    Conference,
    Contributor,
    Degree,
    Journal,
    Mark,
    Name,
    Prose,
    Publisher,
    Record,
    Term,
    Text,
)
from normaliser.script import (
    _REMEMBERED,
    _VECTOR_FROM,
    CONFIGS,
    SURNAMES_AS_WRITTEN,
    TAGS,
    _han_chinese,
    _scalar,
    _tables,
    _vector,
    _walked,
    convert_script,
    to_script,
)

from .conftest import SAMPLES
from .strategies import chinese_records, opencc_texts, records, simplified_texts

TARGETS = sorted(CONFIGS)


@cache
def reference(target: str) -> Any:
    return opencc.OpenCC(CONFIGS[target])


def _paragraphs(name: str) -> list[str]:
    text = (SAMPLES / "script" / name).read_text(encoding="utf-8")
    return [p for p in text.split("\n\n") if p.strip()]


# --- convert_script is the reference ---------------------------------------------------------


@pytest.mark.slow
@given(opencc_texts(), st.sampled_from(TARGETS))
def test_conversion_is_the_references(value: str, target: str) -> None:
    assert convert_script(value, target) == reference(target).convert(value)


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("name", ["zh-Hans.txt", "zh-Hant.txt"])
def test_abstracts_convert_as_the_reference_converts_them(name: str, target: str) -> None:
    paragraphs = _paragraphs(name)
    assert all(len(p) >= 300 for p in paragraphs)
    for paragraph in [*paragraphs, "\n\n".join(paragraphs)]:
        assert convert_script(paragraph, target) == reference(target).convert(paragraph)


@st.composite
def long_texts(draw: Any) -> str:
    """Generated text long enough to take the numpy way (``_VECTOR_FROM``)."""
    value = "".join(draw(st.lists(opencc_texts(), min_size=1, max_size=8)))
    while len(value) < _VECTOR_FROM:
        value += draw(opencc_texts(max_pieces=20)) or "头发"
    return value


@given(long_texts(), st.sampled_from(TARGETS))
def test_long_texts_convert_as_the_reference_converts_them(value: str, target: str) -> None:
    assert convert_script(value, target) == reference(target).convert(value)


@cache
def _han_lines() -> list[str]:
    """Every line holding a Han character in the text files of samples/: real text."""
    out = []
    for path in sorted(SAMPLES.rglob("*")):
        try:
            text = path.read_text(encoding="utf-8") if path.is_file() else ""
        except UnicodeDecodeError:
            continue
        out += [line for line in text.splitlines() if re.search("[\u3400-\u9fff]", line)]
    return out


@pytest.mark.parametrize("target", TARGETS)
def test_the_samples_convert_as_the_reference_converts_them(target: str) -> None:
    lines = _han_lines()
    assert len(lines) > 1000 and any(len(line) >= _VECTOR_FROM for line in lines)
    for line in lines:
        assert convert_script(line, target) == reference(target).convert(line)


# The two ways of passing a text through the character table and finding where trigger pairs
# start: ``_scalar`` (str.translate, then the pairs one by one when the text holds a character
# some phrase converts differently) for short texts, ``_vector`` (numpy) for long ones. Each must
# give what the definition gives, on any text.


def _definition(value: str, tables: Any) -> tuple[str, list[int]]:
    pairs = [i for i in range(len(value) - 1) if value[i : i + 2] in tables.triggers]
    return "".join(chr(tables.everything.get(ord(c), ord(c))) for c in value), pairs


@given(st.one_of(opencc_texts(max_pieces=30), long_texts()), st.sampled_from(TARGETS))
def test_numpy_finds_what_the_definition_finds(value: str, target: str) -> None:
    tables = _tables(CONFIGS[target])
    assert _vector(value, tables) == _scalar(value, tables) == _definition(value, tables)


@given(st.text(min_size=0, max_size=80), st.sampled_from(TARGETS))
def test_numpy_finds_what_the_definition_finds_in_any_text(value: str, target: str) -> None:
    # Any code point: astral, lone surrogates, controls; the tables span all of Unicode.
    tables = _tables(CONFIGS[target])
    assert _vector(value, tables) == _scalar(value, tables) == _definition(value, tables)


@pytest.mark.parametrize("target", TARGETS)
def test_numpy_finds_what_the_definition_finds_in_the_samples(target: str) -> None:
    tables = _tables(CONFIGS[target])
    found = 0
    for value in [*_han_lines(), *_paragraphs("zh-Hans.txt"), *_paragraphs("zh-Hant.txt")]:
        out, triggers = _vector(value, tables)
        assert (out, triggers) == _scalar(value, tables) == _definition(value, tables)
        found += len(triggers)
    assert found  # not vacuously: the samples hold trigger pairs


def test_odd_characters_take_both_ways() -> None:
    value = "头发\ud800𠮷野家的后面\x00" * 8
    assert len(value) >= _VECTOR_FROM
    for target in TARGETS:
        tables = _tables(CONFIGS[target])
        assert _vector(value, tables) == _scalar(value, tables) == _definition(value, tables)
        assert convert_script(value, target) == reference(target).convert(value)


def test_the_abstracts_really_change() -> None:
    # A conversion that changed nothing would pass the comparisons above vacuously.
    simplified, traditional = _paragraphs("zh-Hans.txt")[0], _paragraphs("zh-Hant.txt")[0]
    assert convert_script(simplified, "hant") != simplified
    assert convert_script(traditional, "hans") != traditional
    assert convert_script(simplified, "tw") != convert_script(simplified, "hant")


@pytest.mark.parametrize(
    ("value", "target", "expected"),
    [
        ("头发", "hant", "頭髮"),  # a phrase overrides the character table (发 → 發)
        ("发展", "hant", "發展"),
        ("面条和方面", "hant", "麪條和方面"),
        ("乾隆年间", "hans", "乾隆年间"),  # a phrase keeps 乾 that the table makes 干
        ("台湾", "tw", "臺灣"),
        ("一口吃个胖子", "hant", "一口吃個胖子"),  # no phrase: the table alone
        ("English only", "hant", "English only"),
        ("", "hans", ""),
        ("𠮷野家的后面", "hant", "𠮷野家的後面"),
    ],
)
def test_examples(value: str, target: str, expected: str) -> None:
    assert convert_script(value, target) == expected == reference(target).convert(value)


def test_longest_phrase_anywhere_wins_not_the_leftmost() -> None:
    # The reference takes the longest phrase found anywhere first (then works on either side),
    # which is not forward maximum matching: that would take 万一 first, and 干 → 幹.
    value = "万一干二净"
    assert convert_script(value, "hant") == reference("hant").convert(value) == "萬一乾二淨"


@given(opencc_texts(), st.sampled_from(TARGETS))
def test_length_is_kept(value: str, target: str) -> None:
    assert len(convert_script(value, target)) == len(value)


def test_short_texts_are_remembered_within_bounds() -> None:
    tables = _tables(CONFIGS["hant"])
    for number in range(_REMEMBERED + 10):
        assert convert_script(f"头发{number}", "hant") == f"頭髮{number}"
    assert 0 < len(tables.remembered) <= _REMEMBERED
    assert tables.remembered.get("头发4100") == "頭髮4100"
    assert convert_script("头发1", "hant") == "頭髮1"


def test_unknown_target() -> None:
    with pytest.raises(UsageError, match="klingon"):
        convert_script("中文", "klingon")


# --- round trips ---------------------------------------------------------------------------


@cache
def _t2s_changes() -> frozenset[str]:
    """Every character some t2s dictionary entry changes (table or phrase)."""
    from normaliser.script import _tables

    tables = _tables("t2s")
    out = {chr(code) for code in tables.everything}
    for key, value in tables.phrases.items():
        out.update(k for k, v in zip(key, value, strict=True) if k != v)
    return frozenset(out)


@given(opencc_texts())
def test_t2s_is_idempotent_once_nothing_is_left_to_convert(value: str) -> None:
    once = convert_script(value, "hans")
    if not _t2s_changes().intersection(once):
        assert convert_script(once, "hans") == once
    else:  # a phrase kept a Traditional character; what happens next is the reference's
        assert convert_script(once, "hans") == reference("hans").convert(once)


def test_t2s_is_not_idempotent_everywhere() -> None:
    # OpenCC's own data: 徵聲 is a phrase (徵 kept), so 約徵聲 → 约徵声; in 约徵声 the phrase is
    # gone and 徵 → 征. The unconditional property is false for the reference too.
    once = convert_script("約徵聲", "hans")
    assert once == "约徵声" == reference("hans").convert("約徵聲")
    assert convert_script(once, "hans") == "约征声" == reference("hans").convert(once)


@pytest.mark.parametrize("name", ["zh-Hans.txt", "zh-Hant.txt"])
def test_t2s_is_idempotent_on_the_abstracts(name: str) -> None:
    for paragraph in _paragraphs(name):
        once = convert_script(paragraph, "hans")
        assert convert_script(once, "hans") == once


@given(simplified_texts())
def test_t2s_undoes_s2t_when_the_dictionaries_round_trip(value: str) -> None:
    there = convert_script(value, "hant")
    back = convert_script(there, "hans")
    if reference("hans").convert(reference("hant").convert(value)) == value:
        assert back == value
    else:  # Traditional → Simplified is many-to-one: never assume the way back
        assert back == reference("hans").convert(there)


def test_the_simplified_abstracts_round_trip() -> None:
    for paragraph in _paragraphs("zh-Hans.txt"):
        assert convert_script(convert_script(paragraph, "hant"), "hans") == paragraph


# --- to_script -----------------------------------------------------------------------------


def _units(obj: Any) -> list[Any]:
    """Every Text (outside prose), Prose and Name of a record, in order."""
    if isinstance(obj, (Text, Prose, Name)):
        return [obj]
    if isinstance(obj, tuple):
        return [u for item in obj for u in _units(item)]
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return [u for f in dataclasses.fields(obj) for u in _units(getattr(obj, f.name))]
    return []


def _chinese(lang: str) -> bool:
    parts = lang.split("-")
    return parts[0] == "zh" and not any(p.lower() == "latn" for p in parts)


def _values(unit: Any) -> tuple[Any, ...]:
    if isinstance(unit, Text):
        return (unit.value,)
    if isinstance(unit, Prose):
        return tuple(p.value for p in unit.paragraphs)
    return (unit.family, unit.given, unit.literal)


def _converted(unit: Any, target: str) -> tuple[Any, ...]:
    values: tuple[Any, ...]
    if isinstance(unit, Name) and unit.family and unit.given:
        whole = convert_script(unit.family + unit.given, target)
        values = (whole[: len(unit.family)], whole[len(unit.family) :], unit.literal)
    else:
        values = tuple(v if v is None else convert_script(v, target) for v in _values(unit))
    if isinstance(unit, Name) and target != "hans" and unit.family in SURNAMES_AS_WRITTEN:
        values = (unit.family, *values[1:])  # 范 stays 范 as a family name
    return values


def _check_walked(obj: Any) -> int:
    """Assert that no field ``to_script`` skips holds a unit, anywhere in ``obj``; the number
    of fields it looks into that do."""
    if isinstance(obj, tuple):
        return sum(_check_walked(item) for item in obj)
    if not dataclasses.is_dataclass(obj) or isinstance(obj, (type, Text, Prose, Name)):
        return 0
    found = 0
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if f.name in _walked(type(obj)):
            found += bool(_units(value)) + _check_walked(value)
        else:
            assert not _units(value), f"{type(obj).__name__}.{f.name} holds text"
    return found


@pytest.mark.slow
@given(st.one_of(chinese_records(), records()))
def test_to_script_looks_into_every_field_that_holds_text(record: Record) -> None:
    # ``to_script`` looks only into the fields whose declared type can hold a Text, Prose or
    # Name; the generic walk (``_units``) looks into every field.
    _check_walked(record)


def test_to_script_skips_the_fields_without_text() -> None:
    assert _check_walked(_whole_record()) > 10
    walked = set(_walked(Record))
    assert {"titles", "contributors", "abstracts", "journal", "subjects", "metrics"} <= walked
    assert not walked & {"identifiers", "dates", "links", "notes", "provenance", "extras"}
    assert _walked(Contributor) == ("names", "affiliations")


#: Tags as records carry them, and odd spellings of them.
_TAGS = st.one_of(
    st.sampled_from(
        [
            "zh",
            "zh-Hans",
            "zh-Hant",
            "zh-CN",
            "zh-TW",
            "zh-HK",
            "zh-Hant-HK",
            "zh-Hant-TW",
            "ZH-hant",
            "zh-Latn-pinyin",
            "zh-Hans-TW",
            "en",
            "und",
            "ja",
            "zh-yue",
            "zh-MO",
        ]
    ),
    st.from_regex(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}", fullmatch=True),
)


@given(st.lists(_TAGS, min_size=1, max_size=20))
def test_a_tags_script_and_region_are_remembered_as_told(tags: list[str]) -> None:
    # ``to_script`` asks every Chinese text's tag which table converts it: the answer is
    # remembered by tag (a dump uses a handful), and is the one the tag gives told afresh.
    for tag in tags + tags:
        assert _han_chinese(tag) == _han_chinese.__wrapped__(tag)
    assert _han_chinese.cache_info().hits >= len(tags)


@pytest.mark.slow
@given(st.one_of(chinese_records(), records()), st.sampled_from(TARGETS), st.booleans())
def test_to_script_is_idempotent(record: Record, target: str, keep: bool) -> None:
    once = to_script(record, target, keep_original=keep)
    assert to_script(once, target, keep_original=keep) == once


# The tags ``chinese_records`` uses that already say the target's script (and region): zh-CN
# implies Hans, zh-TW Hant-TW (CLDR likely subtags, DOMAIN §4.2).
WRITTEN_AS = {
    "hans": {"zh-Hans", "zh-CN"},
    "hant": {"zh-Hant", "zh-TW", "zh-Hant-HK"},
    "tw": {"zh-TW", "zh-Hant-TW"},
    "hk": {"zh-Hant-HK"},
}


@pytest.mark.slow
@given(chinese_records(), st.sampled_from(TARGETS))
def test_to_script_converts_every_chinese_text_in_place(record: Record, target: str) -> None:
    # Every text: script_all (tw and hk otherwise keep Traditional official names as written).
    result = to_script(record, target, script_all=True)
    before, after = _units(record), _units(result)
    assert len(before) == len(after)
    pairs = list(zip(before, after, strict=True))
    for old, new in pairs:
        if new is old:
            assert not _chinese(old.lang) or old.lang in WRITTEN_AS[target]
            continue
        assert _chinese(old.lang) and new.lang == TAGS[target]
        assert new.variant == old.variant
        assert _values(new) == _converted(old, target)
        if isinstance(old, Text):
            assert new.marks == old.marks
    assert result.extras == record.extras
    changed = [old for old, new in pairs if new is not old]
    if changed:
        assert result.notes[-1].kind == "derived"
        assert TAGS[target] in result.notes[-1].message
    else:
        assert result is record


@pytest.mark.slow
@given(chinese_records(), st.sampled_from(TARGETS))
def test_to_script_keeps_the_originals_when_asked(record: Record, target: str) -> None:
    result = to_script(record, target, keep_original=True, script_all=True)
    before, after = Counter(map(repr, _units(record))), Counter(map(repr, _units(result)))
    assert not before - after  # nothing lost
    added = [u for u in _units(result) if repr(u) not in before]
    for unit in added:
        assert unit.lang == TAGS[target] and unit.variant == "transliteration"
    assert result.title == record.title
    assert result.language == record.language


@given(chinese_records(), st.sampled_from(TARGETS))
def test_keep_original_adds_no_form_equal_to_its_original(record: Record, target: str) -> None:
    result = to_script(record, target, keep_original=True)
    # A person's added form is compared with that person's names: another contributor may be
    # written as it comes out (鍾中 and 钟中, two people, under hans), and is not a repeat.
    people = [dataclasses.replace(c, affiliations=()) for c in record.contributors]
    rest = dataclasses.replace(record, contributors=())
    pairs = [(rest, dataclasses.replace(result, contributors=()))]
    converted_people = [dataclasses.replace(c, affiliations=()) for c in result.contributors]
    pairs += zip(people, converted_people, strict=True)
    for source, converted in pairs:
        before = Counter(map(repr, _units(source)))
        for unit in _units(converted):
            if repr(unit) in before or unit.variant != "transliteration":
                continue
            assert _content(unit) not in {_content(u) for u in _units(source)}, unit


def _content(unit: Any) -> Any:
    if isinstance(unit, Name):
        return ("name", unit.family, unit.given, unit.literal)
    if isinstance(unit, Prose):
        return ("prose", tuple(p.value for p in unit.paragraphs))
    return ("text", unit.value)


def test_keep_original_writes_a_name_the_scripts_share_once() -> None:
    # 曾家豪 is written alike in both scripts; 刘德华 is 劉德華 in Traditional characters.
    record = Record(
        titles=(Text("人工智能与银行业的未来", "zh-Hans"),),
        contributors=(
            Contributor((Name("曾", "家豪", "eastern", "zh-Hans"),)),
            Contributor((Name("刘", "德华", "eastern", "zh-Hans"),)),
        ),
        journal=Journal(titles=(Text("金融研究", "zh-Hans"),)),
    )
    kept = to_script(record, "hant", keep_original=True)
    assert [len(c.names) for c in kept.contributors] == [1, 2]
    assert kept.contributors[1].names[1].family == "劉"
    assert kept.journal is not None and len(kept.journal.titles) == 1
    assert len(kept.titles) == 2


def _whole_record() -> Record:
    title = Text(
        "细胞膜衍生仿生纳米疗法在乳腺癌治疗中的研究进展", "zh-Hans", marks=(Mark(0, 3, "italic"),)
    )
    return Record(
        titles=(title, Text("Advances in biomimetic nanotherapy", "en", "translation")),
        contributors=(
            Contributor(
                names=(
                    Name("欧阳", "文", "eastern", "zh-Hans"),
                    Name("Ouyang", "Wen", "eastern", "zh-Latn-pinyin", "transliteration"),
                ),
                affiliations=(Text("复旦大学附属华山医院", "zh-Hans"),),
            ),
        ),
        abstracts=(Prose((Text("目的 探讨头发。", "zh"), Text("结果 显著。", "zh"))),),
        keywords=(Text("乳腺癌", "zh-Hans"), Text("nanomedicine", "en")),
        journal=Journal(titles=(Text("中华医学杂志", "zh-CN"),)),
        subjects=(Term("cas-category", labels=(Text("医学", "zh-Hans"),)),),
        conference=Conference(names=(Text("全国医学会议", "zh-Hans"),)),
        degree=Degree(grantors=(Text("复旦大学", "zh-Hans"),)),
        publisher=Publisher(
            names=(Text("人民卫生出版社", "zh-Hans"),), places=(Text("北京", "zh"),)
        ),
        language="zh-Hans",
        extras={"标题": "细胞膜"},
    )


def test_to_script_a_whole_record() -> None:
    record = _whole_record()
    title = record.titles[0]
    result = to_script(record, "hant")
    assert result.titles[0] == Text(
        "細胞膜衍生仿生納米療法在乳腺癌治療中的研究進展", "zh-Hant", marks=(Mark(0, 3, "italic"),)
    )
    assert result.titles[1] == record.titles[1]
    names = result.contributors[0].names
    assert names[0] == Name("歐陽", "文", "eastern", "zh-Hant")
    assert names[1] == record.contributors[0].names[1]
    assert result.contributors[0].affiliations == (Text("復旦大學附屬華山醫院", "zh-Hant"),)
    assert result.abstracts[0].paragraphs == (
        Text("目的 探討頭髮。", "zh-Hant"),
        Text("結果 顯著。", "zh-Hant"),
    )
    assert [k.value for k in result.keywords] == ["乳腺癌", "nanomedicine"]
    assert result.journal is not None and result.journal.titles == (
        Text("中華醫學雜誌", "zh-Hant"),
    )
    assert result.subjects[0].labels == (Text("醫學", "zh-Hant"),)
    assert result.conference == Conference(names=(Text("全國醫學會議", "zh-Hant"),))
    assert result.degree == Degree(grantors=(Text("復旦大學", "zh-Hant"),))
    assert result.publisher == Publisher(
        names=(Text("人民衛生出版社", "zh-Hant"),), places=(Text("北京", "zh-Hant"),)
    )
    assert result.language == "zh-Hant"
    assert result.extras == record.extras
    [note] = result.notes
    assert note.kind == "derived"
    assert note.field == (
        "abstracts, conference.names, contributors.affiliations, contributors.names, "
        "degree.grantors, journal.titles, keywords, publisher.names, publisher.places, "
        "subjects.labels, titles"
    )
    assert "zh-Hant" in note.message and "s2t" in note.message

    kept = to_script(record, "tw", keep_original=True)
    assert kept.title == title
    # The conversion follows its original; translations come after (originals first).
    assert kept.titles[1:] == (
        Text(
            "細胞膜衍生仿生納米療法在乳腺癌治療中的研究進展",
            "zh-Hant-TW",
            "transliteration",
            (Mark(0, 3, "italic"),),
        ),
        record.titles[1],
    )
    assert kept.contributors[0].names[1] == Name(
        "歐陽", "文", "eastern", "zh-Hant-TW", "transliteration"
    )
    assert kept.language == "zh-Hans"
    assert to_script(kept, "tw", keep_original=True) == kept


def test_to_script_leaves_a_record_without_chinese_alone() -> None:
    record = Record(titles=(Text("A title", "en"),), keywords=(Text("中文", "ja"),))
    assert to_script(record, "hans") is record


def test_to_script_names_the_target() -> None:
    with pytest.raises(UsageError, match="hanz"):
        to_script(Record(), "hanz")


def test_surnames_traditional_writes_as_simplified_stay_as_written() -> None:
    from normaliser.record import Contributor, Name, Record

    people = ["范明", "于丹", "余华", "钟南山", "党伟", "范冰冰"]
    record = Record(
        contributors=tuple(Contributor((Name(n[0], n[1:], "eastern", "zh-Hans"),)) for n in people)
    )
    for target in ("hant", "tw", "hk"):
        names = [c.names[0] for c in to_script(record, target).contributors]
        assert [n.family for n in names] == ["范", "于", "余", "鍾", "党", "范"]
        assert [n.given for n in names] == ["明", "丹", "華", "南山", "偉", "冰冰"]
    back = to_script(to_script(record, "hant"), "hans")
    assert [c.names[0].family + (c.names[0].given or "") for c in back.contributors] == people


def test_keep_original_adds_no_form_the_field_already_holds() -> None:
    # Found by hypothesis: 鍾 (zh-Hant) beside 钟 (zh-Hans), both as the source gave them. To
    # Simplified with the originals kept, 鍾 gave a transliteration 钟 equal to the form beside it.
    record = Record(
        contributors=(
            Contributor(
                (
                    Name(literal="鍾", lang="zh-Hant", variant="original"),
                    Name(literal="钟", lang="zh-Hans", variant="original"),
                )
            ),
        ),
    )
    result = to_script(record, "hans", keep_original=True)
    assert result.contributors[0].names == record.contributors[0].names
