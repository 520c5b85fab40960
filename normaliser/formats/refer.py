"""EndNote/Refer exports (``%`` tags) of CNKI and Wanfang: a record opened by ``%0``; read only.
Repairs: untagged continuation lines, a tag glued to the end of the previous line, ``%R10.…``
without a space, several authors in one ``%A``, two ``%J`` (Chinese and English)."""

from __future__ import annotations

from collections.abc import Iterator

from .. import sniffs, tagged
from ..record import Record, Reject
from ..sources import Source

NAME = "refer"
KEEPS: frozenset[str] = frozenset()

TABLE = tagged.Table(
    tags=(
        ("%0", "type"),
        ("%A", "author"),
        ("%H", "author_tr"),
        ("%Y", "supervisor"),
        ("%E", "editor"),
        ("%+", "affiliation"),
        ("%T", "title"),
        ("%Q", "title_tr"),
        ("%J", "journal"),
        ("%B", "secondary_title"),
        ("%D", "year"),
        ("%8", "date"),
        ("%V", "volume"),
        ("%N", "issue"),
        ("%P", "pages"),
        ("%K", "keywords"),
        ("%X", "abstract"),
        ("%@", "issn_isbn"),
        ("%L", "cn"),
        ("%R", "doi"),
        ("%U", "url"),
        ("%W", "provider"),
        ("%G", "language"),
        ("%I", "publisher"),
        ("%C", "place"),
        ("%9", "degree"),
    ),
    types=(
        ("Journal Article", "journal-article"),
        ("Thesis", "thesis"),
        ("Conference Proceedings", "conference-paper"),
        ("Conference Paper", "conference-paper"),
        ("Newspaper Article", "newspaper-article"),
        ("Book", "book"),
        ("Book Section", "book-chapter"),
        ("Patent", "patent"),
        ("Standard", "standard"),
        ("Generic", "other"),
    ),
)

SYNTAX = sniffs.REFER


#: How sure (0–100) that a document starts in this format (light: ``normaliser.sniffs``).
sniff = sniffs.refer


def read(source: Source, *, strict: bool = False) -> Iterator[Record | Reject]:
    """Every record, or a Reject with its original text and reason; the rest goes on."""
    return tagged.read(source, SYNTAX, TABLE, NAME, strict=strict)


write = None
