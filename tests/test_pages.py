from __future__ import annotations

import pytest

from normaliser.errors import InvalidRecord
from normaliser.pages import Pages, parse


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("6059-6083", Pages("6059", "6083")),
        ("6059–83", Pages("6059", "6083")),
        ("6059 — 6083", Pages("6059", "6083")),
        ("pp. 12-19", Pages("12", "19")),
        ("S12-S19", Pages("S12", "S19")),
        ("123", Pages("123")),
        ("123-123", Pages("123")),
        ("004", Pages("4")),
        ("A01", Pages("A01")),
        ("e0123456", Pages(elocation_id="e0123456")),
        ("E2201", Pages(elocation_id="E2201")),
        ("210+209", Pages("210", None, "210+209")),
        ("94-98,93", Pages("94", "98", "94-98,93")),
        ("1106-1111+1117", Pages("1106", "1111", "1106-1111+1117")),
        # Front matter, supplements and article parts as real records carry them.
        ("S12-S18", Pages("S12", "S18")),
        ("e0123", Pages(elocation_id="e0123")),
        ("A1-A4", Pages("A1", "A4")),
        ("123a-125b", Pages("123a", "125b")),
    ],
)
def test_page_statements(value: str, expected: Pages) -> None:
    assert parse(value) == expected


def test_reversed_range_is_kept_as_a_statement_with_a_note() -> None:
    pages = parse("6083-6059")
    assert (pages.first, pages.last, pages.statement) == (None, None, "6083-6059")
    assert pages.note and "before" in pages.note


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("iii", Pages("iii")),
        ("xiv-xxii", Pages("xiv", "xxii")),
        ("ii–v", Pages("ii", "v")),  # an en dash
        ("XIV-XXII", Pages("XIV", "XXII")),
        ("pp. iii-xii", Pages("iii", "xii")),
        ("p. ix", Pages("ix")),
        ("xc-cix", Pages("xc", "cix")),
        ("iv-iv", Pages("iv")),
        ("ix-x", Pages("ix", "x")),
        ("xx-xxiv", Pages("xx", "xxiv")),
        ("CCCXCIX", Pages("CCCXCIX")),
    ],
)
def test_roman_pages_are_kept_as_written(value: str, expected: Pages) -> None:
    # Prefaces, editorials and supplements numbered in roman: kept in the case written, never
    # converted to arabic numbers.
    assert parse(value) == expected


def test_a_reversed_roman_range_is_a_statement_with_a_note() -> None:
    pages = parse("xii-iii")
    assert (pages.first, pages.last, pages.statement) == (None, None, "xii-iii")
    assert pages.note and "xii" in pages.note and "iii" in pages.note


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # A book's extent: front matter and body counted apart. No first page.
        ("xi + 240", Pages(statement="xi + 240")),
        ("xi+240", Pages(statement="xi+240")),
        ("vii, 312 p.", Pages(statement="vii, 312")),
        ("XII, 186 pp.", Pages(statement="XII, 186")),
        ("xii+186页", Pages(statement="xii+186")),
        # Front matter and body of one chapter, or more parts.
        ("iii-xii, 1-20", Pages("iii", "xii", "iii-xii, 1-20")),
    ],
)
def test_statements_with_roman_parts(value: str, expected: Pages) -> None:
    assert parse(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "abc",
        "12-",
        "-",
        "1-2-3-x",
        "Mx",  # a roman numeral is in one case
        "iiii",  # no roman numeral
        "ic",
        "vx",
        "iii-12",  # front matter runs on to no arabic page
        "mixed",
        "mix",  # no front matter runs to 1009 pages: a word
        "CD",
        "C-D",
        "xx-xx",  # in press: x stands in for a page not yet known
        "pp. xx–xx",
        "第x页",
        "XXX",
    ],
)
def test_not_pages(value: str) -> None:
    with pytest.raises(InvalidRecord, match="is not a page range"):
        parse(value, "journal.pages")
