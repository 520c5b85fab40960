"""RefWorks tagged (CNKI): vo, OP page statements, CNKI markup, CN numbers, rejects."""

from __future__ import annotations

import normaliser
from normaliser.formats import refworks
from normaliser.record import Reject

from ..conftest import SAMPLES

SAMPLE = SAMPLES / "refworks-cnki" / "refworks.txt"


def test_lowercase_vo_op_statement_and_cn() -> None:
    first = next(iter(normaliser.read(SAMPLE, errors="skip")))
    assert (first.volume, first.issue) == ("37", "4")
    assert (first.fpage, first.lpage, first.page_range) == ("1106", "1111", "1106-1111+1117")
    assert first.journal is not None
    assert first.journal.identifier("cn") == "11-1843/X"
    assert first.journal.identifier("issn-print") == "0253-2468"
    assert first.language == "zh-Hans"  # LA 中文
    assert first.provenance is not None and first.provenance.platform == "CNKI"
    assert first.identifier("doi") == "10.13671/j.hjkxxb.2016.0312"
    assert [(t.value, t.variant) for t in first.titles][1] == (
        "Mechanism of Ca2+ effects on calcium phosphate precipitation in H3PO4 systems",
        "translation",
    )  # OT, the foreign title
    assert first.extras == {"SR": "1"}


def test_cnki_markup_in_title_keywords_and_abstract() -> None:
    first = next(iter(normaliser.read(SAMPLE, errors="skip")))
    title = first.titles[0]
    assert title.value == "Ca2+对H3PO4体系中磷酸钙沉淀的影响机制"
    assert [(m.kind, title.value[m.start : m.end]) for m in title.marks] == [
        ("sup", "2+"),
        ("sub", "3"),
        ("sub", "4"),
    ]
    assert first.keywords[-1].value == "Ca2+" and first.keywords[-1].marks[0].kind == "sup"
    [para] = first.abstracts[0].paragraphs
    assert "，当Ca/P摩尔比为1.67时，沉淀以" in para.value  # continuation line joined


def test_authors_in_one_a1_line_and_affiliations() -> None:
    first = next(iter(normaliser.read(SAMPLE, errors="skip")))
    assert [c.names[0].family + c.names[0].given for c in first.contributors] == [
        "李婷",
        "王芳",
        "欧阳文博",
    ]
    assert len(first.affiliations) == 2


def test_the_broken_record_in_the_middle_is_a_reject_and_the_rest_goes_on() -> None:
    items = list(normaliser.read(SAMPLE, errors="yield"))
    assert [type(i).__name__ for i in items] == ["Record", "Reject", "Record"]
    reject = items[1]
    assert isinstance(reject, Reject)
    assert reject.messages == {"DO": ["'not-a-doi' is not a DOI"]}
    assert reject.raw.startswith("RT Journal Article\nSR 1\nA1 周明;陈涛\n")
    assert "DO not-a-doi" in reject.raw


def test_a_continuation_line_that_looks_like_a_word_is_not_a_tag() -> None:
    text = "RT Journal Article\nT1 Title\nAB First line\nIn this study we\nYR 2020\n"
    [record] = normaliser.read(text.encode(), "refworks")
    assert record.abstracts[0].paragraphs[0].value == "First line In this study we"


def test_sniffed() -> None:
    assert normaliser.formats.sniff(SAMPLE.read_text(encoding="utf-8"), "x.txt").module is refworks
