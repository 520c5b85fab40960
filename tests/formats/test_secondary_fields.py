"""Core and secondary fields (issue 15): a secondary field whose value does not parse is kept
verbatim in extras with a warning, and the record goes on; a core field still rejects it."""

from __future__ import annotations

import pytest

import normaliser
from normaliser.errors import InvalidRecord
from normaliser.record import Record

NEWSPAPER = """{Reference Type}: Newspaper Article
{Title}: 加快建设交通强国 奋力谱写新篇章
{Author}: 李建国
{Secondary Title}: 人民日报
{Date}: 2023-05-12
{Year}: 2023
{Pages}: A01
{Notes}: 11-0090
{Database Provider}: CNKI
"""
PATENT = """{Reference Type}: Patent
{Title}: 一种用于锂电池极片的辊压装置
{Author}: 王强;刘芳
{Year}: 2018
{Notes}: CN108722921A
{Database Provider}: CNKI
"""


@pytest.mark.parametrize(
    ("text", "value"), [(NEWSPAPER, "11-0090"), (PATENT, "CN108722921A")], ids=["cn", "patent"]
)
def test_a_notes_value_that_is_no_cn_number_is_kept_not_rejected(text: str, value: str) -> None:
    record = next(normaliser.read(text, "noteexpress"))
    assert isinstance(record, Record)
    assert record.titles
    assert record.extras["Notes"] == value
    note = next(n for n in record.notes if n.field == "Notes")
    assert note.kind == "unparsed" and "is not a CN serial number" in note.message


def test_a_cn_number_with_its_class_is_still_the_journals() -> None:
    record = next(normaliser.read(NEWSPAPER.replace("11-0090", "11-0065/G"), "noteexpress"))
    assert record.journal is not None
    assert [i.value for i in record.journal.identifiers if i.scheme == "cn"] == ["11-0065/G"]
    assert "Notes" not in record.extras


def test_a_core_field_that_does_not_parse_still_rejects() -> None:
    with pytest.raises(InvalidRecord, match="Pages"):
        list(normaliser.read(NEWSPAPER.replace("A01", "A01-Z9-??"), "noteexpress"))
    with pytest.raises(InvalidRecord, match="DOI"):
        list(normaliser.read(NEWSPAPER + "{DOI}: not a doi\n", "noteexpress"))
