"""RIS: ``TY  - `` opens a record and ``ER  - `` closes it; read tolerant of the one space before
the dash that third-party converters of CNKI records write, written with the standard two. What
the RIS tags cannot say (a date's kind, an ISSN's kind, marks …) is written on an ``NX`` line of
canonical JSON and read back where it agrees with the tags (``tagged.fidelity_line``)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import IO, Any

from .. import sniffs, tagged
from ..record import Record, Reject
from ..sources import Source

NAME = "ris"

TABLE = tagged.Table(
    tags=(
        ("TY", "type"),
        ("TI", "title"),
        ("T1", "title"),
        ("TT", "title_tr"),
        ("AU", "author"),
        ("A1", "author"),
        ("TA", "author_tr"),
        ("A2", "editor"),
        ("A3", "supervisor"),
        ("AD", "affiliation"),
        ("JO", "journal"),
        ("JF", "journal"),
        ("J2", "journal_alt"),
        ("T2", "secondary_title"),
        ("T3", "series"),  # tertiary title: a book's series
        ("ET", "edition"),
        ("PY", "year"),
        ("Y1", "year"),
        ("DA", "date"),
        ("VL", "volume"),
        ("IS", "issue"),
        ("SP", "pages"),
        ("EP", "last_page"),
        ("KW", "keywords"),
        ("AB", "abstract"),
        ("N2", "abstract"),
        ("SN", "issn_isbn"),
        ("DO", "doi"),
        ("UR", "url"),
        ("LA", "language"),
        ("PB", "publisher"),
        ("CY", "place"),
        ("M3", "degree"),
        ("DP", "provider"),
        ("N1", "notes"),
        ("ID", "record_id"),
        # Not a RIS tag: what the others cannot say, as canonical JSON (``tagged.fidelity_line``);
        # reference managers ignore it (Zotero keeps a tag it does not know as a note).
        ("NX", "fidelity"),
    ),
    types=(
        ("JOUR", "journal-article"),
        ("THES", "thesis"),
        ("CONF", "conference-paper"),
        ("CPAPER", "conference-paper"),
        ("NEWS", "newspaper-article"),
        ("BOOK", "book"),
        ("CHAP", "book-chapter"),
        ("PAT", "patent"),
        ("STAND", "standard"),
        ("DATA", "dataset"),
        ("GEN", "other"),
    ),
    default_type="GEN",
    inverted_names=True,
    all_name_forms=True,
    paragraph="\n\n",  # a blank line between paragraphs (CNKI's "(#br)" is its own)
    date_format=tagged.ris_date,  # DA  - 2025/05/12/
    # Extras spelled as RIS tags (a source's C1, M1 …) are written as their own lines.
    extra_tag=lambda key: re.fullmatch(r"[A-Z][A-Z0-9]", key) is not None,
)

SYNTAX = sniffs.RIS

#: What survives write → read (see ``Record.restricted_to``): what the tags say, and what the
#: fidelity line (``NX``) keeps where they cannot (a date's kind, an ISSN's kind, marks, a PMID,
#: other formats' extras). Not ``provenance.format``: a record read from RIS was read from RIS.
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
CODE_KEEPS = tagged.CODE_KEEPS | frozenset({"provenance.date"})


#: How sure (0–100) that a document starts in this format (light: ``normaliser.sniffs``).
sniff = sniffs.ris


def read(source: Source, *, strict: bool = False) -> Iterator[Record | Reject]:
    """Every record, or a Reject with its original text and reason; the rest goes on."""
    return tagged.read(source, SYNTAX, TABLE, NAME, strict=strict)


def write(
    records: Iterable[Record], out: IO[str], *, fidelity_line: bool = True, **options: Any
) -> None:
    """Write records as RIS with the standard ``TAG  - value`` lines, ``ER`` closing each."""
    tagged.write_lines(
        records,
        out,
        TABLE,
        lambda tag, value: f"{tag}  - {value}",
        start="TY",
        end="ER",
        keeps=KEEPS,
        fmt=NAME,
        with_fidelity_line=fidelity_line,
    )
