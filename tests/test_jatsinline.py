"""The JATS inline reader for fragments given as strings (a Crossref ``abstract``)."""

from __future__ import annotations

from normaliser.jatsinline import jats_prose
from normaliser.record import Mark


def test_a_prefixed_fragment_reads_as_paragraphs_without_its_heading() -> None:
    fragment = (
        "<jats:title>Abstract</jats:title><jats:p>CO<jats:sub>2</jats:sub> levels &amp; "
        "more.</jats:p><jats:p>Second.</jats:p>"
    )
    prose = jats_prose(fragment, "en")
    assert prose is not None
    assert [p.value for p in prose.paragraphs] == ["CO2 levels & more.", "Second."]
    assert prose.paragraphs[0].marks == (Mark(2, 3, "sub"),)
    assert prose.lang == "en"


def test_a_fragment_that_is_not_well_formed_keeps_its_text() -> None:
    prose = jats_prose("<jats:p>Broken <jats:italic>in vivo</jats:p>", "en")
    assert prose is not None
    assert "Broken" in prose.text and "in vivo" in prose.text


def test_an_empty_fragment_is_no_prose() -> None:
    assert jats_prose("<jats:p> </jats:p>", "en") is None


STRUCTURED = (
    "<jats:title>Abstract</jats:title><jats:p>Lead paragraph.</jats:p>"
    "<jats:sec><jats:title>Objective</jats:title><jats:p>To test <jats:italic>X</jats:italic>."
    "</jats:p></jats:sec>"
    "<jats:sec><jats:title>Methods</jats:title><jats:p>We did A.</jats:p><jats:p>And B.</jats:p>"
    "</jats:sec>"
    "<jats:sec><jats:title>Conclusions only a title</jats:title></jats:sec>"
)


def test_a_structured_fragment_keeps_its_sections_as_headings() -> None:
    """A Crossref abstract of ``<jats:sec>`` sections is a structured abstract: each section's
    title a heading over its paragraphs, as the JATS reader reads ``<abstract><sec>``."""
    prose = jats_prose(STRUCTURED, "en")
    assert prose is not None
    assert [p.value for p in prose.paragraphs] == [
        "Lead paragraph.",
        "To test X.",
        "We did A.",
        "And B.",
        "Conclusions only a title",
    ]
    assert [(h.start, h.title.value, h.title.lang) for h in prose.headings] == [
        (1, "Objective", "en"),
        (2, "Methods", "en"),
    ]
    assert prose.paragraphs[1].marks == (Mark(8, 9, "italic"),)


def test_a_structured_fragment_reads_as_the_jats_reader_reads_the_same_abstract() -> None:
    import normaliser

    body = STRUCTURED.replace("jats:", "")
    document = (
        '<article xml:lang="en"><front><article-meta><title-group><article-title>T'
        "</article-title></title-group><abstract>"
        f"{body}</abstract></article-meta></front></article>"
    )
    [record] = normaliser.read(document, "jats")
    assert jats_prose(STRUCTURED, "en") == record.abstracts[0]
