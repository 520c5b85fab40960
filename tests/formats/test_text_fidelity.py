"""Issue 17, the text formats (RIS, NoteExpress, BibTeX, the aggregator): what the source said
survives — an issue's season or range of months beside its year, a book's edition and series,
a patent's holder. The inputs are written here from the facts of the RIS and biblatex
conventions (no exporter's file is copied)."""

from __future__ import annotations

import pytest

import normaliser
from normaliser.record import Dated, Journal, PartialDate, Record, Term, Text

TEXT_FORMATS = ["ris", "noteexpress", "bibtex", "aggregator"]


def issue_of(season: str) -> Record:
    """A quarterly's article dated by its issue's season (a cover date, as PubMed gives it)."""
    return Record(
        titles=(Text("Urban resilience in the Yellow River basin", "en"),),
        journal=Journal(titles=(Text("Regional Studies Quarterly", "en"),)),
        volume="12",
        issue="3",
        dates=(Dated("published", PartialDate(2018), season=season),),
        publication_types=(Term("publication-type", "journal-article"),),
    )


# --- Seasons ----------------------------------------------------------------------------------


@pytest.mark.parametrize("season", ["May-Aug", "Jul-Sep", "Spring"])
@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_a_season_is_written_and_read_back(fmt: str, season: str) -> None:
    record = issue_of(season)
    written = normaliser.write(record, fmt)
    assert season in written
    [back] = normaliser.read(written.encode(), fmt)
    assert back.dates == record.dates
    assert back.issue == "3"


def test_ris_carries_a_season_as_the_other_info_of_da() -> None:
    # RIS dates are YYYY/MM/DD/other info: a season is the other info, month and day left empty.
    written = normaliser.write(issue_of("May-Aug"), "ris")
    assert "PY  - 2018\n" in written and "DA  - 2018///May-Aug\n" in written
    text = "TY  - JOUR\nTI  - Winter cities\nPY  - 2019\nDA  - 2019///Winter\nER  - \n"
    [record] = normaliser.read(text.encode(), "ris")
    assert record.dates == (Dated("published", PartialDate(2019), season="Winter"),)


def test_noteexpress_carries_a_season_in_its_date() -> None:
    written = normaliser.write(issue_of("Jul-Sep"), "noteexpress")
    assert "{Year}: 2018\n" in written and "{Date}: 2018 Jul-Sep\n" in written


def test_bibtex_reads_a_season_from_month_and_writes_it_as_biblatex_issue() -> None:
    # biblatex: "issue … for journals whose individual issues are identified by a designation
    # such as 'Spring' or 'Summer' rather than the month or a number"; BibTeX's month is free text.
    written = normaliser.write(issue_of("Spring"), "bibtex")
    assert "issue = {Spring}" in written and "number = {3}" in written
    bib = """@article{zhao2018,
  title = {Winter cities},
  journal = {Regional Studies Quarterly},
  year = {2018},
  month = {May-Aug},
  number = {2},
}"""
    [record] = normaliser.read(bib.encode(), "bibtex")
    assert record.dates == (Dated("published", PartialDate(2018), season="May-Aug"),)
    assert record.issue == "2" and "month" not in record.extras


def test_the_aggregator_writes_a_season_after_the_year() -> None:
    written = normaliser.write(issue_of("May-Aug"), "aggregator")
    assert '"publicationDate":"2018 May-Aug"' in written


@pytest.mark.parametrize("fmt", ["dc", "qdc"])
@pytest.mark.parametrize("season", ["May-Aug", "Jul-Sep", "Spring"])
def test_dublin_core_writes_and_reads_a_season(fmt: str, season: str) -> None:
    # Issue 17 audit: dc:date "2018 May-Aug" was read as 2018 and the season dropped without a
    # word; a season from another format was written as dc:date 2018.
    record = issue_of(season)
    written = normaliser.write(record, fmt)
    assert f">2018 {season}</dc" in written
    [back] = normaliser.read(written.encode(), fmt)
    assert back.dates == record.dates


@pytest.mark.parametrize("value", ["2018 May-Aug", "Jul-Sep 2019", "Spring 2020"])
def test_a_dublin_core_season_is_kept_and_written_back_as_it_came(value: str) -> None:
    source = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/">\n'
        " <dc:title>Urban resilience in the Yellow River basin</dc:title>\n"
        f" <dc:date>{value}</dc:date>\n</oai_dc:dc>\n"
    )
    [record] = normaliser.read(source.encode(), "dc")
    [dated] = record.dates
    year, season = value.split(" ")[::-1] if value[0].isalpha() else value.split(" ")
    assert (str(dated.date), dated.season) == (year, season)
    written = normaliser.write(record, "dc")
    assert f"<dc:date>{value}</dc:date>" in written
    [back] = normaliser.read(written.encode(), "dc")
    assert back.dates == record.dates


# --- Edition, series, a patent's holder in RIS -------------------------------------------------

BOOK_BIB = """@book{li2019,
  title = {城市韧性导论},
  author = {李华},
  edition = {2},
  series = {城市研究丛书},
  publisher = {科学出版社},
  location = {北京},
  date = {2019},
}"""

PATENT_BIB = """@patent{wang2020,
  title = {一种城市轨道交通客流预测方法},
  author = {王明 and 李华},
  holder = {北京交通大学},
  number = {CN111123456A},
  date = {2020-05-12},
}"""


def test_ris_writes_and_reads_a_book_s_edition_and_series() -> None:
    # RIS: ET is the edition, T3 the tertiary title, a book's series.
    [record] = normaliser.read(BOOK_BIB.encode(), "bibtex")
    written = normaliser.write(record, "ris")
    assert "ET  - 2\n" in written and "T3  - 城市研究丛书\n" in written
    [back] = normaliser.read(written.encode(), "ris")
    assert back.edition == "2"
    assert [t.value for t in back.series] == ["城市研究丛书"]
    assert back.series[0].lang == "zh-Hans"
    assert back.publisher == record.publisher


def test_ris_writes_and_reads_a_patent_s_holder_as_pb() -> None:
    # RIS PAT: PB is the assignee (the holder), SN the patent number.
    [record] = normaliser.read(PATENT_BIB.encode(), "bibtex")
    written = normaliser.write(record, "ris")
    assert "PB  - 北京交通大学\n" in written and "SN  - CN111123456A\n" in written
    [back] = normaliser.read(written.encode(), "ris")
    holders = [c for c in back.contributors if c.role == "holder"]
    assert [c.names[0].literal for c in holders] == ["北京交通大学"]
    assert back.publisher is None
    assert [c.role for c in back.contributors] == [c.role for c in record.contributors]


def test_a_ris_book_s_edition_and_series_read_from_an_export() -> None:
    text = """TY  - BOOK
TI  - Urban Resilience: A Primer
AU  - Meerow, Sara
ET  - 3rd
T3  - Cities and Society
PY  - 2021
PB  - Routledge
CY  - London
SN  - 978-0-367-12345-6
ER  -
"""
    [record] = normaliser.read(text.encode(), "ris")
    assert record.edition == "3rd"
    assert [(t.value, t.lang) for t in record.series] == [("Cities and Society", "en")]
    assert "ET" not in record.extras and "T3" not in record.extras
