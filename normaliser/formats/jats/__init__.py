"""JATS front matter: written as JATS 1.3 Archiving by default (Publishing on request when the
record has what it requires; the 1.4 multilingual style on request), read from NLM 3.0 and
JATS 1.0–1.4, Archiving and Publishing.

Record ⇄ <front> both ways. Only <front> (and the front-stub of translation sub-articles) is
read; body and back are never loaded into the record. Metrics and the other facts JATS has no
element for go to ``custom-meta`` under the names in ``META_NAMES``.

The package, along its seams:

- ``declarations``: name, sniff, KEEPS, namespaces, the simple leaves (``FIELDS``), the value
  tables read and written both ways, the custom-meta names;
- ``dtd``: the official DTDs and the output profile, validation;
- ``inline``: inline markup, paragraphs and sections written from a Text's marks (read by
  ``normaliser.jatsinline``, shared with Crossref);
- ``writer``: Record → ``<article>``; ``reader``: ``<article>`` → Record, each ``_Writer``
  method paired with the ``_Reader`` method reading it back.
"""

from __future__ import annotations

from .declarations import (
    ALI_NS,
    ARTICLE_ID_KEY,
    ARTICLE_TYPE_KEY,
    CODE_KEEPS,
    FIELDS,
    KEEPS,
    META_NAMES,
    NAME,
    NSMAP,
    STRING_NAMES_KEY,
    TITLE_NOTES_KEY,
    XLINK,
    sniff,
)
from .dtd import (
    DOCTYPES,
    DTD_CACHE,
    DTD_ENV,
    claimed_dtd,
    dtd_folder,
    official_dtd,
    validate_article,
    validate_document,
)
from .reader import FRONT_MAPPED, FRONT_TEXT, from_element, read, unmapped
from .writer import to_element, write

__all__ = [
    "ALI_NS",
    "ARTICLE_ID_KEY",
    "ARTICLE_TYPE_KEY",
    "CODE_KEEPS",
    "DOCTYPES",
    "DTD_CACHE",
    "DTD_ENV",
    "FIELDS",
    "FRONT_MAPPED",
    "FRONT_TEXT",
    "KEEPS",
    "META_NAMES",
    "NAME",
    "NSMAP",
    "STRING_NAMES_KEY",
    "TITLE_NOTES_KEY",
    "XLINK",
    "claimed_dtd",
    "dtd_folder",
    "from_element",
    "official_dtd",
    "read",
    "sniff",
    "to_element",
    "unmapped",
    "validate_article",
    "validate_document",
    "write",
]
