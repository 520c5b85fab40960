"""RefWorks tagged exports (CNKI): ``RT Journal Article`` opens a record, then two-letter tags
(``A1`` all authors, ``vo`` lower-case volume, ``OP`` the whole page range, ``CN`` the Chinese
serial number, ``OT`` the foreign title); read only."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .. import tagged
from ..record import Record, Reject
from ..sources import Source

NAME = "refworks"
DESCRIPTION = "RefWorks tagged exports (CNKI: RT/A1/T1/JF/YR/vo/IS/OP…)"
EXTENSIONS = (".txt",)
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

#: Every tag RefWorks defines: a line starting with one of them is tagged, anything else (an
#: abstract line "In this study…") continues the value above.
REFWORKS_TAGS = frozenset(
    [
        "RT",
        "SR",
        "ID",
        "A1",
        "T1",
        "JF",
        "JO",
        "YR",
        "FD",
        "VO",
        "IS",
        "SP",
        "OP",
        "K1",
        "AB",
        "NO",
        "A2",
        "T2",
        "ED",
        "PB",
        "PP",
        "A3",
        "A4",
        "A5",
        "A6",
        "T3",
        "SN",
        "AV",
        "AD",
        "AN",
        "LA",
        "CL",
        "SF",
        "OT",
        "LK",
        "DO",
        "CN",
        "DB",
        "DS",
        "IP",
        "RD",
        "ST",
        "U1",
        "U2",
        "U3",
        "U4",
        "U5",
        "UL",
        "WP",
        "WT",
        "WV",
        "DI",
        "FT",
        "CR",
        "OL",
    ]
)
SYNTAX = tagged.Syntax(
    line=re.compile(r"^(?P<tag>[A-Za-z][A-Za-z0-9])(?: (?P<value>.*)|(?P<empty>))$"),
    starts=("RT",),
    known=lambda tag, last: tag.upper() in REFWORKS_TAGS and (tag.isupper() or tag == "vo"),
    fold_case=True,
)


def sniff(head: str) -> int:
    """How sure (0–100) that ``head`` is a RefWorks tagged export."""
    return tagged.sniff_lines(head, SYNTAX)


def read(source: Source, *, strict: bool = False) -> Iterator[Record | Reject]:
    """Every record, or a Reject with its original text and reason; the rest goes on."""
    return tagged.read(source, SYNTAX, TABLE, NAME, strict=strict)


write = None
