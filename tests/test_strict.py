"""--strict means one thing for every reader: a field the reader does not map (nor keep
deliberately) is an error naming it; a field it reads is never one (issue 15)."""

from __future__ import annotations

import pytest

import normaliser
from normaliser.errors import InvalidRecord
from normaliser.record import Record, Text

from .conftest import SAMPLES

THESIS = """@phdthesis{wang2020,
  title = {A thesis},
  author = {Wang, Fang},
  type = {博士学位论文},
  school = {Tsinghua University},
  year = {2020}
}
"""
PROCEEDINGS = """@inproceedings{li2020,
  title = {A paper},
  author = {Li, Ming},
  eventtitle = {A conference},
  eventdate = {2020-05-01/2020-05-03},
  venue = {Beijing},
  booktitle = {Proceedings},
  year = {2020}
}
"""


@pytest.mark.parametrize("text", [THESIS, PROCEEDINGS], ids=["thesis-type", "eventdate"])
def test_bibtex_fields_the_reader_reads_are_no_strict_error(text: str) -> None:
    [record] = normaliser.read(text, "bibtex", strict=True)
    assert record.titles


def test_a_bibtex_field_nobody_reads_is_a_strict_error() -> None:
    with pytest.raises(InvalidRecord, match="frobnicate: unknown field"):
        list(normaliser.read(THESIS.replace("year =", "frobnicate = {x},\n  year ="), strict=True))


@pytest.mark.parametrize(
    "path",
    [
        SAMPLES / "cnki-thesis" / "noteexpress.net",  # {Subsidiary Author}
        SAMPLES / "conference-paper" / "noteexpress.net",
        SAMPLES / "cnki-estudy" / "cnki.txt",  # PageCount-页数
        SAMPLES / "cnki-custom" / "cnki.txt",
    ],
    ids=lambda p: p.parent.name,
)
def test_tags_the_formats_keep_deliberately_are_no_strict_error(path: object) -> None:
    records = list(normaliser.read(path, strict=True))
    assert records and all(isinstance(r, Record) for r in records)


def test_an_unknown_tag_is_still_a_strict_error() -> None:
    text = "{Reference Type}: Journal Article\n{Title}: 标题\n{Frobnicate}: x\n"
    with pytest.raises(InvalidRecord, match="Frobnicate: unknown tag"):
        list(normaliser.read(text, "noteexpress", strict=True))


def test_jats_strict_names_front_matter_the_reader_does_not_map() -> None:
    document = normaliser.write(Record(titles=(Text("A title", "en"),)), "jats")
    assert list(normaliser.read(document, "jats", strict=True))  # what we write, we read
    # alt-title and counts are read now (issue 17); related-article and a copyright
    # statement are not.
    unread = document.replace(
        "</title-group>", "</title-group><related-article>Erratum</related-article>"
    ).replace(
        "<article-meta>",
        "<article-meta><permissions><copyright-statement>© 2020</copyright-statement>"
        "</permissions>",
        1,
    )
    assert list(normaliser.read(unread, "jats"))  # without --strict: read, the rest dropped
    with pytest.raises(InvalidRecord) as info:
        list(normaliser.read(unread, "jats", strict=True))
    assert set(info.value.messages) >= {"related-article", "copyright-statement"}
    assert "not read (strict mode)" in str(info.value)


def test_jats_markup_inside_a_mapped_text_is_that_text() -> None:
    title = Text("H2O and CO2", "en")
    document = normaliser.write(Record(titles=(title,)), "jats")
    marked = document.replace("H2O", "H<sub>2</sub>O")
    [record] = normaliser.read(marked, "jats", strict=True)
    assert record.titles[0].value.startswith("H2O")
