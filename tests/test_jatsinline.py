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
