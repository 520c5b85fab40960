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
