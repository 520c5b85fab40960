from __future__ import annotations

import gc
import re
from typing import Any

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

import normaliser
from normaliser import names
from normaliser.formats.bibtex import latex
from normaliser.names import (
    format_name,
    pair,
    parse_list,
    parse_name,
    pinyin,
    split_han,
    split_list,
)
from normaliser.record import UND, Name

#: Han names whose pinyin forms all differ (homophones could trade places when paired).
HAN_NAMES = [
    "曾明堂",
    "欧阳文博",
    "单宏伟",
    "王芳",
    "杨为民",
    "司马婷",
    "李明轩",
    "赵子涵",
    "黄振华",
    "徐亚琼",
    "區志強",
    "諸葛亮",
    "解晓东",
    "仇英",
]


@pytest.mark.parametrize(
    ("value", "family", "given"),
    [
        ("Mingtang Zeng", "Zeng", "Mingtang"),
        ("ZENG Mingtang", "Zeng", "Mingtang"),
        ("Zeng, Mingtang", "Zeng", "Mingtang"),
        ("Zeng M", "Zeng", "M"),
        ("Zeng MT", "Zeng", "MT"),
        ("M. Zeng", "Zeng", "M."),
        ("M. T. Zeng", "Zeng", "M. T."),
        ("Ming-Tang Zeng", "Zeng", "Ming-Tang"),
        ("Johannes van der Waals", "van der Waals", "Johannes"),
        ("Juan de la Cruz", "de la Cruz", "Juan"),
        ("XU Ya-qiong", "Xu", "Ya-qiong"),
    ],
)
def test_latin_names(value: str, family: str, given: str) -> None:
    name = parse_name(value)
    assert (name.family, name.given, name.style) == (family, given, "western")


@pytest.mark.parametrize(
    ("value", "family", "given"),
    [
        ("曾明堂", "曾", "明堂"),
        ("王芳", "王", "芳"),
        ("欧阳文博", "欧阳", "文博"),
        ("歐陽文博", "歐陽", "文博"),
        ("司马婷", "司马", "婷"),
        ("诸葛亮", "诸葛", "亮"),
        ("曾 明堂", "曾", "明堂"),
    ],
)
def test_han_names(value: str, family: str, given: str) -> None:
    name = parse_name(value)
    assert (name.family, name.given, name.style) == (family, given, "eastern")
    assert name.lang.startswith("zh")
    assert name.display == family + given


def test_two_character_compound_surname_alone_is_not_split_wrongly() -> None:
    assert split_han("欧阳") == ("欧", "阳")  # too short for a compound surname plus a given name


def test_names_with_a_middle_dot_stay_whole() -> None:
    name = parse_name("约翰·史密斯")
    assert (name.literal, name.family, name.given) == ("约翰·史密斯", None, None)


def test_one_word_is_a_person_never_an_organisation() -> None:
    assert (parse_name("Madonna").given, parse_name("Madonna").style) == ("Madonna", "given-only")
    assert parse_name("李").style == "given-only"


@pytest.mark.parametrize(
    ("value", "parts"),
    [
        ("Mingtang Zeng, Chenji Hu, Tao Chen", ["Mingtang Zeng", "Chenji Hu", "Tao Chen"]),
        ("Zeng, Mingtang; Hu, Chenji", ["Zeng, Mingtang", "Hu, Chenji"]),
        ("Zeng, Mingtang", ["Zeng, Mingtang"]),
        ("曾明堂、胡晨吉，陈涛", ["曾明堂", "胡晨吉", "陈涛"]),
        ("A Smith, B Jones and C Brown", ["A Smith", "B Jones", "C Brown"]),
        ("A Smith, B Jones, et al.", ["A Smith", "B Jones"]),
        ("曾明堂, 胡晨吉, 等", ["曾明堂", "胡晨吉"]),
        ("", []),
    ],
)
def test_split_list(value: str, parts: list[str]) -> None:
    assert split_list(value) == parts


def test_parse_list_keeps_order() -> None:
    assert [n.family for n in parse_list("Xinhua Dai, Mingtang Zeng")] == ["Dai", "Zeng"]


@pytest.mark.parametrize(
    ("han", "family", "given"),
    [
        ("曾明堂", "Zeng", "Mingtang"),  # 曾 as a surname is Zeng, not Ceng
        ("单宏伟", "Shan", "Hongwei"),  # 单 as a surname is Shan, not Dan
        ("區偉明", "Ou", "Weiming"),
        ("欧阳文博", "Ouyang", "Wenbo"),
        ("司马婷", "Sima", "Ting"),
        ("吕西安", "Lü", "Xi'an"),  # ü kept; an apostrophe before a syllable starting with a vowel
    ],
)
def test_pinyin_alternative(han: str, family: str, given: str) -> None:
    name = pinyin(parse_name(han))
    assert name is not None
    assert (name.family, name.given) == (family, given)
    assert (name.variant, name.lang, name.style) == ("transliteration", "zh-Latn-pinyin", "western")


def test_no_pinyin_for_latin_or_literal_names() -> None:
    assert pinyin(parse_name("Mingtang Zeng")) is None
    assert pinyin(parse_name("约翰·史密斯")) is None


def test_no_pinyin_when_a_character_has_no_reading() -> None:
    # pypinyin gives 𠮷 (U+20BB7, a variant of 吉) back as itself: a "pinyin" name holding a Han
    # character is no romanisation, and written beside the original it came back as a new person.
    assert pinyin(parse_name("𠮷乳")) is None
    assert pinyin(parse_name("吉乳")) is not None


@pytest.mark.parametrize(
    ("value", "family", "given"),
    [
        ("MT Zeng", "Zeng", "MT"),  # initials first: no pinyin syllable
        ("MA Lin", "Ma", "Lin"),  # a capitalised syllable is a family name
        ("LI Wei", "Li", "Wei"),
        ("XU Ya-qiong", "Xu", "Ya-qiong"),
        ("Wenjie JIANG", "Jiang", "Wenjie"),
    ],
)
def test_capitals_and_initials_tell_the_family_name(value: str, family: str, given: str) -> None:
    name = parse_name(value)
    assert (name.family, name.given) == (family, given)


def test_pair_joins_each_han_name_with_its_romanisation_in_any_order() -> None:
    han = parse_list("徐亚琼;曾明堂;单宏伟;欧阳文;李四;")
    latin = parse_list("Wen OUYANG; XU Ya-qiong; Zeng M T; Hongwei Shan; Si Li")
    people = pair(han, latin)
    assert [p[0] for p in people] == han  # the primary order is the by-line
    romanised = [(p[1].family, p[1].given) for p in people]
    assert romanised == [
        ("Xu", "Ya-qiong"),
        ("Zeng", "M T"),
        ("Shan", "Hongwei"),
        ("Ouyang", "Wen"),
        ("Li", "Si"),
    ]
    assert all((p[1].lang, p[1].variant) == ("zh-Latn-pinyin", "transliteration") for p in people)


def test_pair_by_position_when_a_heteronym_is_read_otherwise() -> None:
    # 单 as a surname is Shan; a source that wrote "Dan" is still the same person.
    [(_, latin, generated)] = pair(parse_list("单宏伟"), parse_list("Dan Hongwei"))
    assert (latin.family, latin.given, latin.lang) == ("Dan", "Hongwei", "zh-Latn")
    # Not pinyin as GB/T 28039 reads the surname: the pinyin follows the source's form.
    assert (generated.family, generated.given, generated.lang) == (
        "Shan",
        "Hongwei",
        "zh-Latn-pinyin",
    )


def test_pair_keeps_unmatched_people_and_generates_pinyin() -> None:
    people = pair(parse_list("曾明堂, 王芳"), parse_list("John Smith"))
    assert [len(p) for p in people] == [2, 2, 1]
    assert people[0][1].family == "Zeng" and people[0][1].lang == "zh-Latn-pinyin"
    assert people[1][1].family == "Wang"
    assert people[2] == (parse_name("John Smith"),)


def test_pair_drops_a_latin_name_said_twice() -> None:
    people = pair(parse_list("Mingtang Zeng"), parse_list("ZENG Mingtang"))
    assert people == [(parse_name("Mingtang Zeng"),)]


@given(st.lists(st.sampled_from(HAN_NAMES), min_size=1, max_size=6, unique=True), st.randoms())
def test_pair_finds_every_generated_romanisation(names: list[str], rnd: Any) -> None:
    han = [parse_name(n) for n in names]
    latin = [pinyin(n) for n in han]
    assert all(n is not None for n in latin)
    shuffled = list(latin)
    rnd.shuffle(shuffled)
    people = pair(han, shuffled)  # type: ignore[arg-type]
    assert [p[0] for p in people] == han
    assert [(p[1].family, p[1].given) for p in people] == [(n.family, n.given) for n in latin]


def test_compound_surnames_are_known_in_both_scripts() -> None:
    from normaliser.names import COMPOUND_SURNAMES
    from normaliser.script import convert_script

    # OpenCC reads 单于 as a word (單於); as a surname it is 單于, which the set holds.
    traditional = {convert_script(s, "hant") for s in COMPOUND_SURNAMES} - {"單於"}
    assert traditional <= COMPOUND_SURNAMES
    assert parse_name("司馬偉").family == "司馬" and parse_name("澹臺明").family == "澹臺"


def test_a_han_name_written_family_first_with_a_space_splits_at_the_space() -> None:
    """OpenAlex and Crossref display names of Japanese authors (issue 20): 宮地 元彦 is family
    宮地, not 宮 (the first character, as a Chinese name without the space would be)."""
    name = parse_name("宮地 元彦")
    assert (name.family, name.given, name.style) == ("宮地", "元彦", "eastern")
    assert parse_name("宮地元彦").family == "宮"
    assert parse_name("曾 明堂").family == "曾"


# --- Writing names: format_name, beside parse_name ---------------------------------------------

ZENG = Name(family="Zeng", given="Mingtang")
ZENG_HAN = Name(family="曾", given="明堂", style="eastern", lang="zh-Hant")
ZENG_PINYIN = Name(family="Zeng", given="Mingtang", style="eastern", lang="en")


@pytest.mark.parametrize(
    ("name", "style", "written"),
    [
        (ZENG, "display", "Mingtang Zeng"),
        (ZENG_HAN, "display", "曾明堂"),
        (ZENG, "export", "Mingtang Zeng"),
        (ZENG_HAN, "export", "曾明堂"),
        (ZENG_PINYIN, "export", "ZENG Mingtang"),
        (ZENG, "inverted", "Zeng, Mingtang"),
        (ZENG_HAN, "inverted", "曾明堂"),
        (Name(family="Zeng"), "inverted", "Zeng"),
        (Name(literal="WHO Group", style="given-only"), "inverted", "WHO Group"),
        (ZENG, "bibtex", "Zeng, Mingtang"),
        (ZENG_HAN, "bibtex", "{曾明堂}"),
        (Name(family="Müller & Sons"), "bibtex", "{Müller \\& Sons}"),
        (Name(family="Barnes and Noble", given="A"), "bibtex", "{Barnes and Noble}, A"),
        (Name(literal="Plato", style="given-only"), "bibtex", "Plato"),
    ],
)
def test_format_name_writes_each_form(name: Name, style: str, written: str) -> None:
    assert format_name(name, style, latex.escape) == written


@pytest.mark.parametrize("style", ["display", "inverted", "bibtex"])
@pytest.mark.parametrize("value", ["Mingtang Zeng", "Zeng, Mingtang", "曾明堂", "欧阳修"])
def test_format_name_is_read_back_by_parse_name(value: str, style: str) -> None:
    name = parse_name(value)
    written = format_name(name, style).strip("{}")
    assert parse_name(written) == name


def test_format_name_refuses_an_unknown_style() -> None:
    with pytest.raises(ValueError, match="unknown name style 'apa'"):
        format_name(ZENG, "apa")


def test_pinyin_import_leaves_the_garbage_collector_as_it_was() -> None:
    """pypinyin is imported with the collector paused (issue 19, start-up), then put back."""
    for enabled in (True, False):
        names._pinyin.cache_clear()
        if enabled:
            gc.enable()
        else:
            gc.disable()
        try:
            assert names._pinyin()("张三") == ["zhang", "san"]
            assert gc.isenabled() is enabled
        finally:
            gc.enable()


@pytest.mark.parametrize(
    ("value", "family", "given"),
    [
        ("曾, 明堂", "曾", "明堂"),
        ("曾，明堂", "曾", "明堂"),
        ("欧阳, 文博", "欧阳", "文博"),
        ("宮地, 元彦", "宮地", "元彦"),
    ],
)
def test_a_han_name_written_family_comma_given(value: str, family: str, given: str) -> None:
    # Found by the issue 17 audit: BibTeX's "Last, First" in Han characters gave the family
    # name "曾," (the comma kept), and the full-width comma a given name "，明堂".
    name = parse_name(value)
    assert (name.family, name.given, name.style) == (family, given, "eastern")
    [record] = normaliser.read(
        f"@article{{a,\n  title = {{人工智能与银行业的未来}},\n  author = {{{value}}},\n"
        "  year = {2024},\n}\n",
        "bibtex",
    )
    assert (record.contributors[0].names[0].family, record.contributors[0].names[0].given) == (
        family,
        given,
    )


def pinyin_reference(name: Name) -> Name | None:
    """``pinyin`` before its result was remembered by family and given name (issue #19)."""
    if name.literal or not name.lang.startswith("zh") or name.style == "western":
        return None
    family = names._syllables(name.family, surname=True) if name.family else []
    given = names._syllables(name.given) if name.given else []
    if family is None or given is None or not (family or given):
        return None
    return Name(
        family=names._joined(family) if family else None,
        given=names._joined(given) if given else None,
        style="western" if family else "given-only",
        lang="zh-Latn-pinyin",
        variant="transliteration",
    )


@given(
    st.sampled_from(["曾", "欧阳", "单", "王", "Li", "𠮷", None]),
    st.sampled_from(["明堂", "文博", "芳", "Wei", "𠮷", None]),
    st.sampled_from(["eastern", "given-only", "western"]),
    st.sampled_from(["zh", "zh-Hans", "zh-Hant", "ja", "und"]),
    st.sampled_from(["original", "translation"]),
)
def test_pinyin_is_the_reference_cold_or_remembered(
    family: str | None, given_name: str | None, style: str, lang: str, variant: str
) -> None:
    assume(family or given_name)
    name = Name(family=family, given=given_name, style=style, lang=lang, variant=variant)
    for _ in range(2):  # the first answer may be computed, the second is remembered
        assert names.pinyin(name) == pinyin_reference(name)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # Unspaced kanji: Japanese family names are 1-3 kanji with no table to cut them by (山田
        # 太郎, 林 太郎, 佐々木 花子, 勅使河原 宏): kept whole, never cut by the Chinese surnames.
        ("山田太郎", Name(literal="山田太郎", style="eastern", lang="ja")),
        ("林太郎", Name(literal="林太郎", style="eastern", lang="ja")),
        # The source's own cut (a space, a comma) is kept.
        ("山田 太郎", Name(family="山田", given="太郎", style="eastern", lang="ja")),
        ("林 太郎", Name(family="林", given="太郎", style="eastern", lang="ja")),
        ("山田, 太郎", Name(family="山田", given="太郎", style="eastern", lang="ja")),
    ],
)
def test_a_kanji_name_in_a_japanese_record_is_not_cut_as_a_chinese_one(
    value: str, expected: Name
) -> None:
    assert parse_name(value, japanese=True) == expected
    assert pinyin(parse_name(value, japanese=True)) is None


def test_kana_in_a_name_makes_it_japanese() -> None:
    # 山田はな子 was family 山, given 田はな子, tagged zh.
    assert parse_name("山田はな子") == Name(literal="山田はな子", style="eastern", lang="ja")
    assert parse_name("山田 はな子") == Name(
        family="山田", given="はな子", style="eastern", lang="ja"
    )


def test_a_chinese_name_is_cut_as_before() -> None:
    assert parse_name("曾明堂") == parse_name("曾明堂", japanese=False)
    assert (parse_name("曾明堂").family, parse_name("曾明堂").given) == ("曾", "明堂")


def _kept_particle_in_full(value: str) -> Any:
    """``kept_particle`` as it read every name before its quick test of the last word."""
    family, comma, given = (p.strip() for p in re.sub(r"\s+", " ", value).partition(","))
    if not comma or not family or "," in given or names.has_han(value):
        return None
    words = given.split(" ")
    cut = len(words)
    while cut > 1 and words[cut - 1] in names.PARTICLES:
        cut -= 1
    if cut == len(words) or not all(w in names.DROPPING_PARTICLES for w in words[cut:]):
        return None
    if all(names._INITIALS.match(w) or not w[:1].isupper() for w in words[:cut]):
        return None
    return Name(family=names._fix_case(family), given=given, lang=UND)


@given(
    st.lists(
        st.sampled_from(
            [
                "Souza",
                "SOUZA",
                "Ana",
                "Paula",
                "G.",
                "de",
                "van",
                "den",
                "von",
                "da",
                "del",
                "Jong",
                "X,de",
                ",",
                " ",
                "\t",
                "\u2003",
                "\n",
                "李",
                "de,",
                "",
            ]
        ),
        max_size=7,
    ).map(lambda words: "".join(words) if len(words) % 2 else " ".join(words))
)
@example("Souza, Ana Paula de")
@example("Jong, G. de")
@example("Berg, Johannes van den")
@example("X,de")
@example("Smith,")
def test_a_particle_is_kept_as_the_full_reading_keeps_it(value: str) -> None:
    assert names.kept_particle(value) == _kept_particle_in_full(value)
