from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from normaliser.record import Mark, Prose, Record, Text
from normaliser.text import (
    chinese_script,
    detect_lang,
    html_paragraphs,
    is_null,
    settle_scripts,
    squeeze,
    strip_illegal,
)

from .strategies import contributors, proses, records, texts


def test_nested_unbalanced_paragraphs() -> None:
    assert html_paragraphs("<p><p>One.</p>") == [("One.", ())]
    assert html_paragraphs("<p>One</p><p>Two</p><div>Three<br/>Four</div>") == [
        ("One", ()),
        ("Two", ()),
        ("Three", ()),
        ("Four", ()),
    ]


def test_marks_and_entities() -> None:
    [(value, marks)] = html_paragraphs(
        "H<sub>2</sub>O &amp; 10<sup>&minus;5</sup> <em>in vivo</em>"
    )
    assert value == "H2O & 10−5 in vivo"
    assert marks == (Mark(1, 2, "sub"), Mark(8, 10, "sup"), Mark(11, 18, "italic"))


def test_misnested_marks_still_nest() -> None:
    [(value, marks)] = html_paragraphs("<b>bold <i>both</b> italic?</i>")
    assert value == "bold both italic?"
    Text(value, "en", marks=marks)  # constructing validates the nesting


def test_jats_and_heading_markup() -> None:
    paras = html_paragraphs(
        "<jats:title>Abstract</jats:title><jats:p>Body with <jats:italic>x</jats:italic>.</jats:p>"
    )
    assert paras == [("Body with x.", (Mark(10, 11, "italic"),))]


def test_script_and_style_are_dropped() -> None:
    assert html_paragraphs("<p>Text<script>alert(1)</script></p>") == [("Text", ())]


def test_plain_text_blank_lines_make_paragraphs() -> None:
    assert [v for v, _ in html_paragraphs("First line\ncontinues.\n\nSecond.")] == [
        "First line continues.",
        "Second.",
    ]


def test_wrapped_lines_between_han_characters_join_without_a_space() -> None:
    assert squeeze("中文\n文本  and  English\ttext") == "中文文本 and English text"
    assert [v for v, _ in html_paragraphs("<p>中文\n文本</p>")] == ["中文文本"]


def test_a_written_space_between_han_characters_stays() -> None:
    assert squeeze("江苏  无锡") == "江苏 无锡"
    assert [v for v, _ in html_paragraphs("<p>目的 了解社区</p>")] == ["目的 了解社区"]


def test_illegal_characters() -> None:
    assert strip_illegal("a\x00b\x0bc\ufffed\ttab\nnl") == ("abcd\ttab\nnl", 3)


@pytest.mark.parametrize("value", [None, "", " ", "null", "NULL", "None", "N/A", "暂无", [], {}])
def test_null_spellings(value: object) -> None:
    assert is_null(value)


@pytest.mark.parametrize("value", ["0", 0, False, "NA title", "无线电"])
def test_not_null(value: object) -> None:
    assert not is_null(value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("细胞膜衍生仿生纳米疗法", "zh-Hans"),
        ("臺灣醫院護理人員夜班工作", "zh-Hant"),
        ("中文", "zh"),  # the same in both scripts: undecidable, never guessed
        ("ひらがなと漢字", "ja"),
        ("한국어 텍스트", "ko"),
        ("Plain English text", "und"),
        ("123 456", "und"),
    ],
)
def test_detect_lang(text: str, expected: str) -> None:
    assert detect_lang(text)[0] == expected


def test_latin_takes_the_declared_language() -> None:
    assert detect_lang("Plain English text", "en") == ("en", None)
    assert detect_lang("A title with one 字", "en") == ("en", None)


def test_mixed_scripts_are_undecided() -> None:
    assert chinese_script("这个进展 臺灣醫學會議") is None


def test_settle_scripts_uses_the_records_script() -> None:
    record = Record(
        titles=(Text("细胞膜衍生", "zh-Hans"),),
        keywords=(Text("中文", "zh"),),
    )
    settled, warning = settle_scripts(record)
    assert warning is None
    assert settled.keywords[0].lang == "zh-Hans"
    both = Record(
        titles=(Text("细胞膜", "zh-Hans"), Text("臺灣", "zh-Hant")), keywords=(Text("中文", "zh"),)
    )
    unchanged, warning = settle_scripts(both)
    assert unchanged == both and warning is not None and "both" in warning


@given(st.text(alphabet="细胞膜衍生仿生纳米疗法在乳腺癌治疗中的研究进展", min_size=1))
def test_simplified_only_text_is_never_called_traditional(text: str) -> None:
    assert detect_lang(text)[0] in ("zh-Hans", "zh")


@given(st.text(max_size=200))
def test_paragraphs_never_crash_and_marks_always_fit(html: str) -> None:
    for value, marks in html_paragraphs(html):
        assert value == value.strip() and value
        Prose((Text(value, "und", marks=marks),))


@pytest.mark.parametrize(
    ("value", "lang"),
    [
        ("Effets du travail de nuit sur la santé métabolique des infirmières", "fr"),
        ("Prevalência de miopia em crianças escolares após o fechamento das escolas", "pt"),
        ("Prevalence of myopia among schoolchildren after the school closures", "en"),
        ("Einfluss der Nachtarbeit auf das metabolische Syndrom bei Pflegekräften", "de"),
        ("Zeng Mingtang", "und"),  # a name: too short to tell, never blindly en
        ("Medicine", "und"),
        ("ab cd ef gh ij kl mn op qr st uv wx", "und"),  # letters, but no language
    ],
)
def test_latin_text_without_a_label_is_identified_or_left_und(value: str, lang: str) -> None:
    assert detect_lang(value, None) == (lang, None)
    assert detect_lang(value) == ("und", None)  # the default: what the source declares
    assert detect_lang(value, "en") == ("en", None)


@pytest.mark.parametrize(
    "html",
    [
        "<p>\n中 文</p>",  # a leading line break once made the written space disappear
        "<p>中文\r文本</p>",  # a lone CR is white space, not a line break (as in squeeze)
        "<p>中文\n文本 与 <i>x</i></p>",
    ],
)
def test_a_paragraphs_value_does_not_depend_on_its_marks(html: str) -> None:
    plain = html_paragraphs(html)
    marked = html_paragraphs(html.replace("<p>", "<p><b>").replace("</p>", "</b></p>"))
    assert [v for v, _ in marked] == [v for v, _ in plain]


# --- settle_scripts reads a record's languages once, field by field ---------------------------


def _settled_reference(record: Record) -> tuple[Record, str | None]:
    """``settle_scripts`` of a record as it was written first (its slow twin): the languages of
    the whole record, then of each field again to find those to rebuild."""
    from normaliser.languages import chinese_script as tag_script
    from normaliser.record import rebuild, replaced
    from normaliser.text import _langs, _walked_fields

    langs = _langs(record)
    if "zh" not in langs:
        return record, None
    seen = {f"zh-{script}" for lang in langs if (script := tag_script(lang))}
    if len(seen) != 1:
        why = "uses both Simplified and Traditional" if seen else "has no character that tells"
        return record, f"Chinese text tagged zh: the record {why}"
    script = next(iter(seen))

    def fix(node: Any) -> Any:
        return replaced(node, lang=script) if node.lang == "zh" else node

    changes = {}
    for name in _walked_fields(Record) or ():
        value = getattr(record, name)
        if "zh" in _langs(value) and (new := rebuild(value, fix, name=fix)) is not value:
            changes[name] = new
    return (replaced(record, **changes) if changes else record), None


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(records())
def test_settle_scripts_is_its_reference(record: Record) -> None:
    settled, warning = settle_scripts(record)
    expected, said = _settled_reference(record)
    assert warning == said
    assert settled == expected
    assert (settled is record) == (expected is record)


@given(st.one_of(proses(), contributors(), texts()))
def test_settle_scripts_of_a_part_is_its_reference(part: Any) -> None:
    """On a part (a dataclass with its own ``lang`` or none, a Text), the same as on the part
    walked whole: its languages include its own tag."""
    from normaliser.languages import chinese_script as tag_script
    from normaliser.record import rebuild, replaced
    from normaliser.text import _langs

    langs = _langs(part)
    settled, warning = settle_scripts(part)
    if "zh" not in langs:
        assert (settled, warning) == (part, None)
        return
    seen = {f"zh-{script}" for lang in langs if (script := tag_script(lang))}
    if len(seen) != 1:
        assert settled is part and warning
        return
    script = next(iter(seen))
    assert warning is None
    assert settled == rebuild(
        part,
        lambda t: replaced(t, lang=script) if t.lang == "zh" else t,
        name=lambda n: replaced(n, lang=script) if n.lang == "zh" else n,
    )
