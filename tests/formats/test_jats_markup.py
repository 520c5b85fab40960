"""The JATS reader takes inline markup (titles, abstracts, affiliations) from the parsed tree
(``xmlio.markup`` + ``text.tree_paragraphs``). It must give exactly what the formulation it
replaces gives: the content serialised (``xmlio.inner_xml``, the dropped descendants removed
from a copy first) and parsed again by ``text.html_paragraphs``."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from normaliser import jatsinline, xmlio
from normaliser.formats import jats
from normaliser.record import UND, replaced
from normaliser.text import html_paragraphs, joined

from ..conftest import SAMPLES

DROPS = [frozenset(), jatsinline.HEADINGS, jats.reader._AFF_NOT_TEXT]


def reparsed(element: Any, drop: frozenset[str]) -> list[tuple[str, tuple[Any, ...]]]:
    """The reference: serialise the content without ``drop`` and parse it again as HTML
    (formulas and note markers rewritten first, by the rule both formulations share)."""
    element = jatsinline.readable(element)
    doomed = [e for e in element.iter() if xmlio.local(e) in drop]
    if doomed:
        element = jats.reader._without(element, doomed)
    return html_paragraphs(xmlio.inner_xml(element))


# Tag names as JATS (and the HTML that leaks into it) writes them: marks, blocks, skipped
# elements, headings, namespaced MathML, upper case. (Names HTML's parser does not take for
# tags, such as "_x", are left out: serialised, they used to leak into the text as "<_x>".)
TAGS = [
    "italic", "bold", "sup", "sub", "i", "b", "em", "strong", "Italic", "BOLD",
    "p", "P", "sec", "title", "label", "list", "list-item", "br", "break", "xref",
    "named-content", "inline-formula", "institution", "institution-id", "math", "mml:math",
    "mml:mi", "tex-math", "abstract",
]  # fmt: skip
_chars = st.text(alphabet="ab Z中文\n\t&<>;'\"", max_size=8).map(xmlio.escaped)
_leaf = st.one_of(
    _chars,
    st.sampled_from(
        [
            *("&uuml;", "&nbsp;", "&undefinedthing;", "<!-- c -->", "<?pi x?>", "&amp;", "&#13;"),
            *("&#x2003;", "\n\n", " \n \n ", "Abstract", "摘要"),
        ]
    ),
)


def _element(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    def build(parts: tuple[str, list[str], bool]) -> str:
        tag, content, closed = parts
        if not content and closed:
            return f"<{tag}/>"
        return f"<{tag}>{''.join(content)}</{tag}>"

    plain = st.tuples(st.sampled_from(TAGS), st.lists(children, max_size=4), st.booleans())
    # HTML reads script/style as raw text: only text inside them (no nested script).
    raw = st.tuples(
        st.sampled_from(["script", "style"]), st.lists(_chars, max_size=2), st.booleans()
    )
    return st.one_of(plain, raw).map(build)


_content = st.lists(st.recursive(_leaf, _element, max_leaves=16), max_size=6).map("".join)


def _parsed(content: str) -> Any:
    document = (
        '<!DOCTYPE article PUBLIC "-//NLM//DTD JATS" "JATS.dtd">'
        '<article xmlns:mml="http://www.w3.org/1998/Math/MathML">'
        f"<abstract>{content}</abstract></article>"
    )
    return xmlio.parse(document)[0]


@given(_content, st.sampled_from(DROPS))
# Blank lines split plain text into paragraphs but not markup: a node makes the content markup.
@example("Gr&uuml;n\n\nweiter", frozenset())
@example("one<!-- c -->\n\ntwo", frozenset())
@example("<title>T</title>one\n\ntwo", jatsinline.HEADINGS)
def test_markup_from_the_tree_is_the_markup_parsed_again(
    content: str, drop: frozenset[str]
) -> None:
    element = _parsed(content)
    assert jatsinline.paragraphs(element, drop) == reparsed(element, drop)


def _jats_files() -> list[Path]:
    return sorted(p for p in SAMPLES.glob("*/*.xml") if b"<article" in p.read_bytes()[:4096])


@pytest.mark.parametrize("path", _jats_files(), ids=lambda p: p.parent.name)
def test_markup_from_the_tree_on_every_element_of_the_samples(path: Path) -> None:
    root = xmlio.parse(path.read_bytes(), path.name)
    checked = 0
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        for drop in DROPS:
            assert jatsinline.paragraphs(element, drop) == reparsed(element, drop), (
                f"{path}: line {element.sourceline}: <{element.tag}>"
            )
            checked += 1
    assert checked > 30


def test_the_reference_and_the_tree_see_entities_comments_and_dropped_headings() -> None:
    element = _parsed(
        "<title>Abstract</title><label>1</label>Gr&uuml;n<!-- x --> <italic>in vitro</italic>"
        "<p>Second &amp; last</p>"
    )
    expected = [
        ("Grün in vitro", ((5, 13, "italic"),)),
        ("Second & last", ()),
    ]
    got = [
        (v, tuple((m.start, m.end, m.kind) for m in ms))
        for v, ms in jatsinline.paragraphs(element, jatsinline.HEADINGS)
    ]
    assert got == expected
    assert jatsinline.paragraphs(element, jatsinline.HEADINGS) == reparsed(
        element, jatsinline.HEADINGS
    )


def test_elements_html_would_not_take_for_tags_do_not_leak_into_the_text() -> None:
    # Bug fixed by reading the tree: serialised and parsed again as HTML, an element whose name
    # does not start with an ASCII letter ("_x", "名") came out as text, namespace
    # declarations and all: 'a <_x xmlns:mml="…">b <名 xmlns:mml="…">c'.
    element = _parsed("a <_x>b</_x> <名>c</名>")
    assert [value for value, _ in jatsinline.paragraphs(element)] == ["a b c"]
    assert "<_x" in reparsed(element, frozenset())[0][0]  # what the old formulation gave


def _text_walked(element: Any) -> str:
    """The reference for ``xmlio.text_of``: every node walked in Python (``_text_into``)."""
    parts: list[str] = []
    xmlio._text_into(element, parts, top=True)
    return "".join(parts)


@given(_content)
@example("Gr&uuml;n &amp; <italic>x&nbsp;y</italic>")
@example("<b>a<!-- c -->b<?pi x?>c</b>tail")
def test_text_of_is_the_text_walked_node_by_node(content: str) -> None:
    # libxml2's itertext is taken when the text holds no "&" (no entity reference in it).
    for node in _parsed(content).iter():
        assert xmlio.text_of(node) == _text_walked(node)


@pytest.mark.parametrize("path", _jats_files(), ids=lambda p: p.parent.name)
def test_text_of_on_every_node_of_the_samples(path: Path) -> None:
    root = xmlio.parse(path.read_bytes(), path.name)
    nodes = list(root.iter())
    assert len(nodes) > 10
    for node in nodes:
        assert xmlio.text_of(node) == _text_walked(node), f"{path}: line {node.sourceline}"


def _events_read(element: Any, drop: frozenset[str]) -> list[tuple[str, tuple[Any, ...]]]:
    """What ``jatsinline.paragraphs`` gave before an element with no child node was read from
    its text: the markup events of the element as it reads (``readable``)."""
    return jatsinline.events_paragraphs(xmlio.markup(jatsinline.readable(element), drop))


@given(_content, st.sampled_from(DROPS))
@example("<xref>*</xref><tex-math>$x$</tex-math><mml:math>x</mml:math>", frozenset())
@example("<italic>a &amp; b &lt; c</italic><p>\n\n</p><bold/>", frozenset())
def test_every_element_reads_as_its_markup_events(content: str, drop: frozenset[str]) -> None:
    # A leaf (no child node) is read from its text without walking it: the same paragraphs,
    # and an element that is itself rewritten (a formula, a note marker) is still rewritten.
    for node in _parsed(content).iter():
        if isinstance(node.tag, str):
            assert jatsinline.paragraphs(node, drop) == _events_read(node, drop)


@given(
    _content,
    st.sampled_from(DROPS),
    st.sampled_from(["en", "zh-Hans", "und", None]),
    st.sampled_from(["original", "translation"]),
)
@example("中文 text", frozenset(), None, "original")
@example("<p>one</p><p>two</p>", frozenset(), "en", "translation")
def test_a_text_is_tagged_as_the_joined_paragraphs_retagged(
    content: str, drop: frozenset[str], inherited: str | None, variant: str
) -> None:
    # ``text`` tags the joined value and builds one Text; it used to build the Text tagged
    # "und" and replace its language.
    lang: str | jatsinline.Lang = inherited if inherited else jatsinline.Lang(None)
    for node in _parsed(content).iter():
        if not isinstance(node.tag, str):
            continue
        old = joined(jatsinline.paragraphs(node, drop), UND, variant)
        expected = None if old is None else replaced(old, lang=jatsinline.resolve(lang, old.value))
        assert jatsinline.text(node, lang, variant, drop) == expected


@given(st.text(alphabet="0123456789٣٤²①a- \n", max_size=6) | st.none())
@example("2025")
@example("٣٤")
@example("²")
def test_a_number_is_its_digits_as_the_regex_keeps_them(value: str | None) -> None:
    # Decimal text is read whole; anything else as before, by ``\D`` removed.
    digits = re.sub(r"\D", "", value or "")
    assert jats.reader._int(value) == (int(digits) if digits else None)
