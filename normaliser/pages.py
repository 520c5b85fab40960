"""Page statements: ranges, abbreviated ranges, supplement pages, article numbers (elocation)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .errors import InvalidRecord, shown

_DASHES = re.compile(r"\s*[-‐‑‒–—―~～－]+\s*")
_PAGE = r"[A-Za-z]{0,3}\d+[A-Za-z]?"
_RANGE = re.compile(rf"^(?P<f>{_PAGE})(?:-(?P<l>{_PAGE}))?$")
_ELOCATION = re.compile(r"^e\d{3,}$|^[A-Za-z]{1,3}\d{4,}$", re.IGNORECASE)
_COMPLEX = re.compile(rf"^{_PAGE}(?:\s*(?:-|\+|,)\s*{_PAGE})+$")
_PREFIX = re.compile(r"^(?:pp?\.?\s*|pages?\s*|第\s*)|\s*页$", re.IGNORECASE)


@dataclass(frozen=True)
class Pages:
    """What a page statement says: first/last page, the statement when not a plain range, or an
    electronic location id; ``note`` when something had to be repaired."""

    first: str | None = None
    last: str | None = None
    statement: str | None = None
    elocation_id: str | None = None
    note: str | None = None


def _strip_zeros(page: str) -> str:
    return (page.lstrip("0") or "0") if page.isdigit() else page


def parse(value: str, field: str = "pages") -> Pages:
    """Parse ``6059-6083``, ``6059–83``, ``S12-S19``, ``123``, ``e0123456``, ``210+209``,
    ``1106-1111+1117``; raise ``InvalidRecord`` naming ``field`` for what is not pages."""
    text = _PREFIX.sub("", unicodedata.normalize("NFKC", value).strip()).strip()
    text = _DASHES.sub("-", text)
    if _ELOCATION.match(text):
        return Pages(elocation_id=text)
    match = _RANGE.match(text)
    if match:
        first, last = _strip_zeros(match.group("f")), match.group("l")
        if last is None:
            return Pages(first=first)
        last = _strip_zeros(last)
        if last.isdigit() and first.isdigit() and len(last) < len(first):
            last = first[: len(first) - len(last)] + last  # 6059–83 → 6083
        if last.isdigit() and first.isdigit() and int(last) < int(first):
            return Pages(statement=text, note=f"last page {last} comes before first page {first}")
        if first == last:
            return Pages(first=first)
        return Pages(first=first, last=last)
    if _COMPLEX.match(text):
        parts = re.split(r"\s*[+,]\s*", text)
        head = _RANGE.match(parts[0])
        if head:
            return Pages(
                first=_strip_zeros(head.group("f")),
                last=_strip_zeros(head.group("l")) if head.group("l") else None,
                statement=text,
            )
    raise InvalidRecord(f"{shown(value)} is not a page range", field=field)


def statement(first: str | None, last: str | None) -> str | None:
    """The plain range a first and last page make: ``6059-6083``."""
    if first and last:
        return f"{first}-{last}"
    return first
