"""RefWorks tagged exports (CNKI): ``RT Journal Article`` opens a record, then two-letter tags
(``A1`` all authors, ``vo`` lower-case volume, ``OP`` the whole page range, ``CN`` the Chinese
serial number, ``OT`` the foreign title); read only."""

from __future__ import annotations

from collections.abc import Iterator

from .. import sniffs, tagged
from ..record import Record, Reject
from ..sources import Source

NAME = "refworks"
KEEPS: frozenset[str] = frozenset()

TABLE = tagged.Table(
    tags=(
        ("RT", "type"),
        ("A1", "author"),
        ("A2", "editor"),
        ("A3", "supervisor"),
        ("AD", "affiliation"),
        ("T1", "title"),
        ("OT", "title_tr"),
        ("JF", "journal"),
        ("T2", "secondary_title"),
        ("YR", "year"),
        ("FD", "date"),
        ("VO", "volume"),
        ("IS", "issue"),
        ("OP", "pages"),
        ("SP", "pages"),
        ("K1", "keywords"),
        ("AB", "abstract"),
        ("SN", "issn_isbn"),
        ("CN", "cn"),
        ("NO", "notes"),
        ("LA", "language"),
        ("DS", "provider"),
        ("LK", "url"),
        ("UL", "url"),
        ("DO", "doi"),
        ("PB", "publisher"),
        ("PP", "place"),
        ("CL", "clc"),
        ("ID", "record_id"),
    ),
    types=(
        ("Journal Article", "journal-article"),
        ("Dissertation/Thesis", "thesis"),
        ("Dissertation", "thesis"),
        ("Thesis", "thesis"),
        ("Conference Proceedings", "conference-paper"),
        ("Newspaper Article", "newspaper-article"),
        ("Book, Whole", "book"),
        ("Book", "book"),
        ("Book, Section", "book-chapter"),
        ("Patent", "patent"),
        ("Standard", "standard"),
        ("Generic", "other"),
    ),
    fold_case=True,
    # The source type (1 print, 0 electronic), as CNKI writes it.
    kept=("SR",),
)

SYNTAX = sniffs.REFWORKS


#: How sure (0–100) that a document starts in this format (light: ``normaliser.sniffs``).
sniff = sniffs.refworks


def read(source: Source, *, strict: bool = False) -> Iterator[Record | Reject]:
    """Every record, or a Reject with its original text and reason; the rest goes on."""
    return tagged.read(source, SYNTAX, TABLE, NAME, strict=strict)


write = None
