from __future__ import annotations

import pytest

from normaliser.names import parse_list, parse_name, pinyin, split_han, split_list


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
