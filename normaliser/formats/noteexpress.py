"""NoteExpress (``.net``) exports of CNKI and Wanfang: ``{Tag}: value`` lines, a record opened by
``{Reference Type}``. Read and written through ``tagged``; this module is its table. What the
fields cannot say is written on a ``{Normaliser}`` line (``tagged.fidelity_line``)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import IO, Any

from .. import sniffs, tagged
from ..record import Record, Reject
from ..sources import Source

NAME = "noteexpress"

TABLE = tagged.Table(
    tags=(
        ("Reference Type", "type"),
        ("Title", "title"),
        ("Translated Title", "title_tr"),
        ("Author", "author"),
        ("Translated Author", "author_tr"),
        ("Tertiary Author", "supervisor"),
        ("Secondary Author", "editor"),
        ("Author Address", "affiliation"),
        ("Journal", "journal"),
        ("Translated Journal", "journal_tr"),
        ("Secondary Title", "secondary_title"),
        ("Year", "year"),
        ("Date", "date"),
        ("Volume", "volume"),
        ("Issue", "issue"),
        ("Pages", "pages"),
        ("Keywords", "keywords"),
        ("Translated Keywords", "keywords_tr"),
        ("Abstract", "abstract"),
        ("Translated Abstract", "abstract_tr"),
        ("ISBN/ISSN", "issn_isbn"),
        ("图书印刷版ISBN", "isbn"),  # CNKI's books: the print edition's ISBN
        ("Notes", "cn"),
        ("Publisher", "publisher"),
        ("Place Published", "place"),
        ("Type of Work", "degree"),
        ("DOI", "doi"),
        ("URL", "url"),
        ("Language", "language"),
        ("Database Provider", "provider"),
        # Not a NoteExpress field: what the others cannot say, as canonical JSON
        # (``tagged.fidelity_line``); NoteExpress and other reference managers ignore it.
        ("Normaliser", "fidelity"),
    ),
    types=(
        ("Journal Article", "journal-article"),
        ("Thesis", "thesis"),
        ("Dissertation", "thesis"),
        ("Conference Proceedings", "conference-paper"),
        ("Conference Paper", "conference-paper"),
        ("Newspaper Article", "newspaper-article"),
        ("Book", "book"),
        ("Book Section", "book-chapter"),
        ("Patent", "patent"),
        ("Standard", "standard"),
        ("Generic", "other"),
    ),
    default_type="Generic",
    # An organisation beside the authors (a thesis's school, a conference's organiser).
    kept=("Subsidiary Author",),
    # An extra is written as a field of its own only where it reads back as itself: a tag of at
    # most 60 characters not ending in a comma ({Subsidiary Author,} is read as Subsidiary Author).
    extra_tag=lambda key: len(key) <= 60 and not key.endswith((",", "，")),
)

# The tag separator may be ": ", ":" or the full-width "：" (once seen: "{Subsidiary Author,}").
SYNTAX = sniffs.NOTEEXPRESS

#: What survives write → read (see ``Record.restricted_to``): what the fields say, and what the
#: fidelity line (``{Normaliser}``) keeps where they cannot (a date's kind, an ISSN's kind,
#: marks, a PMID, other formats' extras). Not ``provenance.format``: a record read from
#: NoteExpress was read from NoteExpress.
KEEPS = frozenset(
    {
        "titles",
        "contributors.names",
        "contributors.role",
        "affiliations",
        "abstracts",
        "keywords",
        "journal.titles",
        "journal.abbreviations",
        "journal.identifiers",
        "journal.publishers",
        "volume",
        "issue",
        "fpage",
        "lpage",
        "page_range",
        "elocation_id",
        "dates",
        "identifiers",
        "links",
        "publication_types",
        "language",
        "provenance.platform",
        "provenance.record_id",
        "provenance.date",
        "conference",
        "degree",
        "publisher",
        "edition",
        "series",
        "extras",
    }
)

#: Carried by code, not a tag of the table: extras (as tags of their own), and the paths of
#: KEEPS no tag carries, which only the fidelity line does.
CODE_KEEPS = tagged.CODE_KEEPS | frozenset(
    {"journal.abbreviations", "edition", "series", "provenance.record_id", "provenance.date"}
)


#: How sure (0–100) that a document starts in this format (light: ``normaliser.sniffs``).
sniff = sniffs.noteexpress


def read(source: Source, *, strict: bool = False) -> Iterator[Record | Reject]:
    """Every record, or a Reject with its original text and reason; the rest goes on."""
    return tagged.read(source, SYNTAX, TABLE, NAME, strict=strict)


def write(
    records: Iterable[Record], out: IO[str], *, fidelity_line: bool = True, **options: Any
) -> None:
    """Write records as NoteExpress: ``{Tag}: value`` lines, a blank line between records."""
    tagged.write_lines(
        records,
        out,
        TABLE,
        lambda tag, value: f"{{{tag}}}: {value}".rstrip(),
        start="Reference Type",
        keeps=KEEPS,
        fmt=NAME,
        with_fidelity_line=fidelity_line,
    )
