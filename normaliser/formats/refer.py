"""EndNote/Refer exports (``%`` tags) of CNKI and Wanfang: a record opened by ``%0``; read only.
Repairs: untagged continuation lines, a tag glued to the end of the previous line, ``%R10.…``
without a space, several authors in one ``%A``, two ``%J`` (Chinese and English)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .. import tagged
from ..record import Record, Reject
from ..sources import Source

NAME = "refer"
DESCRIPTION = "EndNote/Refer %-tagged exports (CNKI, Wanfang)"
EXTENSIONS = (".enw", ".txt")
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

_TAG_CHARS = "0-9A-Z@+"
SYNTAX = tagged.Syntax(
    line=re.compile(rf"^(?P<tag>%[{_TAG_CHARS}])(?: |(?=\S)|$)(?P<value>.*)$"),
    starts=("%0",),
    # "…机制%K 关键词": a tag glued to the previous line (never after a digit: 30% is a share).
    glued=re.compile(rf"(?<=[^\d\s%])(?P<glue>%[{_TAG_CHARS}] )"),
)


def sniff(head: str) -> int:
    """How sure (0–100) that ``head`` is a Refer/EndNote export."""
    return tagged.sniff_lines(head, SYNTAX)


def read(source: Source, *, strict: bool = False) -> Iterator[Record | Reject]:
    """Every record, or a Reject with its original text and reason; the rest goes on."""
    return tagged.read(source, SYNTAX, TABLE, NAME, strict=strict)


write = None
