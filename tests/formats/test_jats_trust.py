"""JATS as publishers deliver it (issue 15): in a publisher's own default namespace
(Silverchair/OUP), and with a malformed attribute deep in the body, which is never read."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import normaliser
from normaliser import xmlio
from normaliser.errors import InvalidXML
from normaliser.record import Record

CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "jats-trust"


def test_jats_in_a_publishers_default_namespace_is_read_with_a_note() -> None:
    records = list(normaliser.read(CORPUS / "silverchair-namespace.xml"))
    assert len(records) == 1
    record = records[0]
    assert record.titles[0].value == "Cortical thinning after mild traumatic brain injury"
    assert record.identifier("doi") == "10.1093/braincomms/fcad123"
    assert record.contributors[0].names[0].family == "Okafor"
    assert any(n.field == "article" and "silverchair.com" in n.message for n in record.notes)


def test_an_xhtml_article_is_still_not_jats() -> None:
    page = (
        '<html xmlns="http://www.w3.org/1999/xhtml"><body><article><h1>News</h1>'
        "</article></body></html>"
    )
    with pytest.raises(InvalidXML, match="no <article> element"):
        list(normaliser.read(page, "jats"))


def test_a_malformed_attribute_in_the_body_spoils_nothing_that_is_read() -> None:
    path = CORPUS / "bad-attribute-in-body.xml"
    records = list(normaliser.read(path))
    assert len(records) == 1
    record = records[0]
    assert isinstance(record, Record)
    assert record.identifier("doi") == "10.1093/braincomms/fcad123"
    assert record.volume == "5"
    note = next(n for n in record.notes if n.field == "body")
    assert note.kind == "repaired" and "line 21" in note.message


def test_a_malformed_front_is_still_refused() -> None:
    text = (CORPUS / "bad-attribute-in-body.xml").read_text(encoding="utf-8")
    broken = text.replace("<volume>5</volume>", "<volume x=5>5</volume>")
    with pytest.raises(InvalidXML, match="not well-formed"):
        list(normaliser.read(broken.encode("utf-8"), "jats"))


def test_the_bytes_kept_for_recovery_are_let_go_once_an_article_is_read() -> None:
    recording = xmlio.Recording(io.BytesIO(b"<articles>" + b" " * 1000 + b"</articles>"))
    assert recording.read(10) == b"<articles>"
    assert recording.data() == b"<articles>" + b" " * 1000 + b"</articles>"
    forgetful = xmlio.Recording(io.BytesIO(b"<articles/>"))
    forgetful.read(3)
    forgetful.forget()
    assert forgetful.data() is None
