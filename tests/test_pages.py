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
    ],
)
def test_page_statements(value: str, expected: Pages) -> None:
    assert parse(value) == expected


def test_reversed_range_is_kept_as_a_statement_with_a_note() -> None:
    pages = parse("6083-6059")
    assert (pages.first, pages.last, pages.statement) == (None, None, "6083-6059")
    assert pages.note and "before" in pages.note


@pytest.mark.parametrize("value", ["abc", "12-", "-", "1-2-3-x"])
def test_not_pages(value: str) -> None:
    with pytest.raises(InvalidRecord, match="is not a page range"):
        parse(value, "journal.pages")
