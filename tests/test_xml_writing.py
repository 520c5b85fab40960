"""xmlio's writing half held to plain statements of what it promises: the C paths it takes
(libxml2's formatting, attribute dicts built once) must give what the obvious Python gives,
on generated trees and on the trees the writers build for the samples and for any record."""

from __future__ import annotations

from copy import deepcopy
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

import normaliser
from normaliser import xmlio
from normaliser.formats import dc, jats

from .conftest import SAMPLES
from .strategies import records

# --- Indentation --------------------------------------------------------------------------------


def _reference_indent(element: Any, level: int = 0) -> None:
    """The rule, stated plainly: element-only content (no text node at all, not even "") is
    indented two spaces a level; an element with text is left as it is, and so is all below it."""
    children = list(element)
    if not children:
        return
    if element.text is not None or any(child.tail is not None for child in children):
        return
    element.text = "\n" + "  " * (level + 1)
    for child in children:
        _reference_indent(child, level + 1)
        child.tail = "\n" + "  " * (level + 1)
    children[-1].tail = "\n" + "  " * level


def _reference(root: Any) -> str:
    tree = deepcopy(root)
    _reference_indent(tree)
    return str(etree.tostring(tree, encoding="unicode")) + "\n"


_TEXTS = st.one_of(st.none(), st.sampled_from(["", " ", "\n", "x", " y ", "&<>", "\n" + " " * 60]))
_TAGS = st.sampled_from(["a", "b", "{urn:x}c", "d-e"])


@st.composite
def _trees(draw: Any, depth: int = 0) -> Any:
    """A tree of elements, element-only or mixed: text and tails of every shape (None, "",
    white space, words), attributes, a namespace."""
    attrib = draw(st.dictionaries(st.sampled_from(["k", "l"]), st.sampled_from(["1", " "])))
    element = etree.Element(draw(_TAGS), attrib)
    element.text = draw(_TEXTS)
    for _ in range(draw(st.integers(0, 3 if depth < 4 else 0))):
        child = draw(_trees(depth + 1))
        child.tail = draw(_TEXTS)
        element.append(child)
    return element


@st.composite
def _deep_trees(draw: Any) -> Any:
    """A generated tree at the bottom of a chain of 25 to 45 element-only levels: past the 30
    at which libxml2 stops deepening its indentation."""
    bottom = draw(_trees())
    for _ in range(draw(st.integers(25, 45))):
        parent = etree.Element(draw(_TAGS))
        parent.append(bottom)
        if draw(st.booleans()):
            etree.SubElement(parent, "sibling")
        bottom = parent
    return bottom


@pytest.mark.slow
@given(st.one_of(_trees(), _deep_trees()))
def test_serialise_indents_element_only_content_and_keeps_text_as_it_is(root: Any) -> None:
    before = etree.tostring(root)
    assert xmlio.serialise(root, declaration=False) == _reference(root)
    assert etree.tostring(root) == before, "serialising leaves the tree as it was"


def test_serialise_past_thirty_levels() -> None:
    root = leaf = etree.Element("a")
    for _ in range(40):
        leaf = etree.SubElement(leaf, "a")
    lines = xmlio.serialise(root, declaration=False).splitlines()
    assert lines[35] == " " * 70 + "<a>" and lines[40] == " " * 80 + "<a/>"
    assert xmlio.serialise(root, declaration=False) == _reference(root)


def test_serialise_head() -> None:
    root = etree.Element("a")
    etree.SubElement(root, "b").text = "x"
    body = "<a>\n  <b>x</b>\n</a>\n"
    assert xmlio.serialise(root, declaration=False) == body
    assert xmlio.serialise(root) == '<?xml version="1.0" encoding="UTF-8"?>\n' + body
    doctype = '<!DOCTYPE a PUBLIC "p" "s">'
    assert xmlio.serialise(root, doctype) == (
        '<?xml version="1.0" encoding="UTF-8"?>\n' + doctype + "\n" + body
    )


# --- The writers' trees ---------------------------------------------------------------------------

SAMPLE_RECORDS = [
    record
    for path in sorted(SAMPLES.glob("*/json.json"))
    for record in normaliser.read(path, "json")
]

_JATS_OPTIONS = [
    {"version": "1.3", "tagset": "archiving"},
    {"version": "1.4", "tagset": "archiving"},
]


def _written_trees(record: normaliser.Record) -> list[Any]:
    trees = [jats.to_element(record, **options) for options in _JATS_OPTIONS]
    for profile in ("dc", "qdc"):
        trees.append(dc.writer._document(record, profile, "iso639-3", False))
    return trees


def test_the_samples_give_enough_trees() -> None:
    assert len(SAMPLE_RECORDS) >= 30


@pytest.mark.parametrize("number", range(len(SAMPLE_RECORDS)))
def test_written_sample_trees_serialise_as_the_rule_says(number: int) -> None:
    for root in _written_trees(SAMPLE_RECORDS[number]):
        assert xmlio.serialise(root, declaration=False) == _reference(root)


@pytest.mark.slow
@settings(max_examples=40)
@given(records())
def test_written_trees_serialise_as_the_rule_says(record: normaliser.Record) -> None:
    for root in _written_trees(record):
        assert xmlio.serialise(root, declaration=False) == _reference(root)


# --- The official DTDs are looked for once per place ------------------------------------------


def test_the_dtd_folder_is_found_once_per_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(jats.dtd, "DTD_CACHE", tmp_path / "no-cache")
    empty, installed = tmp_path / "empty", tmp_path / "installed"
    (installed / "package" / "schema").mkdir(parents=True)
    (installed / "package" / "schema" / "catalog.xml").write_text("<catalog/>")
    monkeypatch.setenv(jats.DTD_ENV, str(empty))
    assert jats.dtd_folder() is None
    monkeypatch.setenv(jats.DTD_ENV, str(installed))
    assert jats.dtd_folder() == installed / "package" / "schema"
    assert jats.official_dtd("1.3", "archiving") is None  # a catalogue without its DTDs
    calls: list[object] = []
    monkeypatch.setattr(Path, "is_file", lambda self: calls.append(self) or True)
    for _ in range(3):
        assert jats.dtd_folder() == installed / "package" / "schema"
        assert jats.official_dtd("1.3", "archiving") is None
    assert calls == [], "nothing is looked at again for the same place"
    monkeypatch.undo()
    jats.dtd._dtd_folder.cache_clear()


# --- Text no XML reader would accept is refused ---------------------------------------------


def _abstract_of(value: str) -> normaliser.Record:
    from normaliser.record import Prose, Text

    return normaliser.Record(
        titles=(Text("A title", "en"),), abstracts=(Prose((Text(value, "und"),)),)
    )


@pytest.mark.parametrize("fmt", ["jats", "dc"])
def test_text_longer_than_a_reader_accepts_is_refused(fmt: str) -> None:
    limit = xmlio.MAX_TEXT_BYTES
    fine = [_abstract_of("a" * (limit // 4 + 1)), _abstract_of("a" * limit)]
    huge = [_abstract_of("a" * (limit + 1)), _abstract_of("中" * (limit // 3 + 1))]
    for record in fine:
        value = record.abstracts[0].paragraphs[0].value
        assert value in normaliser.write([record], fmt, validate=False)
    for record in huge:
        size = len(record.abstracts[0].paragraphs[0].value.encode())
        with pytest.raises(normaliser.InvalidRecord) as raised:
            normaliser.write([record], fmt, validate=False)
        field = "p" if fmt == "jats" else "description"
        assert str(raised.value) == (
            f"{field}: {size} bytes of text in one element: longer than the {limit} an XML "
            "reader accepts"
        )
    refused: list[normaliser.Record] = []
    written = normaliser.write(
        [fine[0], huge[1], fine[0]],
        fmt,
        validate=False,
        on_error=lambda record, error: refused.append(record),
    )
    assert refused == [huge[1]] and len(written) > 2 * (limit // 4)


# --- Joining the documents of single records ------------------------------------------------


def _joined(records: list[normaliser.Record], fmt: str, **options: Any) -> str:
    import io

    out = io.StringIO()
    documents = [normaliser.write([record], fmt, **options) for record in records]
    xmlio.join_documents(documents, out, empty=normaliser.write([], fmt, **options))
    return out.getvalue()


@pytest.mark.parametrize(
    ("fmt", "options"),
    [("jats", {}), ("jats", {"jats_version": "1.4"}), ("dc", {}), ("qdc", {})],
)
def test_joined_documents_are_the_document_of_all_records(fmt: str, options: Any) -> None:
    chosen = SAMPLE_RECORDS[::7]
    for some in ([], chosen[:1], chosen[:2], chosen):
        assert _joined(some, fmt, **options) == normaliser.write(some, fmt, **options)


@pytest.mark.slow
@settings(max_examples=25)
@given(st.lists(records(), max_size=3), st.sampled_from(["jats", "dc"]))
def test_joined_generated_documents_are_the_document_of_all(
    chosen: list[normaliser.Record], fmt: str
) -> None:
    assert _joined(chosen, fmt, validate=False) == normaliser.write(chosen, fmt, validate=False)
