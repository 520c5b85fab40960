"""Page statements: ranges, abbreviated ranges, supplement pages, article numbers (elocation)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .errors import InvalidRecord, shown

_DASHES = re.compile(r"\s*[-‐‑‒–—―~～－]+\s*")
_ARABIC = r"[A-Za-z]{0,3}\d+[A-Za-z]?"
# A roman page number (front matter, prefaces, supplements) in one case: a valid numeral below
# 400 (no D or M: no front matter runs that long), so that a word (Mx, mix, CD) is not a page.
_ROMAN_NUMERAL = "C{0,3}(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})"
_ROMAN = rf"(?=[ivxlc]+\b|[IVXLC]+\b)(?:{_ROMAN_NUMERAL}|{_ROMAN_NUMERAL.lower()})(?!\w)"
_PAGE = rf"(?:{_ROMAN}|{_ARABIC})"
_RANGE = re.compile(
    rf"^(?:(?P<f>{_ARABIC})(?:-(?P<l>{_ARABIC}))?|(?P<rf>{_ROMAN})(?:-(?P<rl>{_ROMAN}))?)$"
)
_ELOCATION = re.compile(r"^e\d{3,}$|^[A-Za-z]{1,3}\d{4,}$", re.IGNORECASE)
_COMPLEX = re.compile(rf"^{_PAGE}(?:\s*(?:-|\+|,)\s*{_PAGE})+$")
# A book's extent, front matter and body counted apart: xi + 240, vii, 312 p.
_EXTENT = re.compile(rf"^(?P<s>{_ROMAN}\s*(?:\+|,)\s*\d+)(?:\s*(?:[Pp][Pp]?\.|[Pp]ages?))?$")
_PREFIX = re.compile(r"^(?:pp?\.?\s*|pages?\s*|第\s*)|\s*页$", re.IGNORECASE)
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}


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


def roman(page: str) -> int | None:
    """The value of a roman page number (``xiv`` → 14), ``None`` for any other page."""
    if not page or not re.fullmatch(_ROMAN, page):
        return None
    values = [_ROMAN_VALUES[c] for c in page.lower()]
    return sum(-v if v < after else v for v, after in zip(values, [*values[1:], 0], strict=True))


def _roman_range(first: str, last: str | None, text: str, value: str, field: str) -> Pages:
    if set(first.lower()) == {"x"} and (last is None or last == first):
        # pp. xx-xx, 第x页: how an in-press record stands in for a page not yet known
        raise InvalidRecord(
            f"{shown(value)} is not a page range (x stands in for a page not yet known)",
            field=field,
        )
    if last is None or first == last:
        return Pages(first=first)
    if (roman(last) or 0) < (roman(first) or 0):
        return Pages(statement=text, note=f"last page {last} comes before first page {first}")
    return Pages(first=first, last=last)


def parse(value: str, field: str = "pages") -> Pages:
    """Parse ``6059-6083``, ``6059–83``, ``S12-S19``, ``123``, ``e0123456``, ``210+209``,
    ``1106-1111+1117``, roman ``iii``, ``xiv-xxii``, ``iii-xii, 1-20`` (kept as written), a book's
    extent ``xi + 240``, ``vii, 312 p.`` (a statement with no first page); raise
    ``InvalidRecord`` naming ``field`` for what is not pages."""
    text = _PREFIX.sub("", unicodedata.normalize("NFKC", value).strip()).strip()
    text = _DASHES.sub("-", text)
    if _ELOCATION.match(text):
        return Pages(elocation_id=text)
    match = _RANGE.match(text)
    if match and match.group("rf"):  # iii, xiv-xxii: kept as written, never made arabic
        return _roman_range(match.group("rf"), match.group("rl"), text, value, field)
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
    extent = _EXTENT.match(text)
    if extent:
        return Pages(statement=extent.group("s"))
    if _COMPLEX.match(text):
        parts = re.split(r"\s*[+,]\s*", text)
        head = _RANGE.match(parts[0])
        if head and head.group("rf"):
            if head.group("rl") and (roman(head.group("rl")) or 0) < (roman(head.group("rf")) or 0):
                return Pages(statement=text)
            return Pages(first=head.group("rf"), last=head.group("rl"), statement=text)
        if head:
            return Pages(
                first=_strip_zeros(head.group("f")),
                last=_strip_zeros(head.group("l")) if head.group("l") else None,
                statement=text,
            )
    raise InvalidRecord(f"{shown(value)} is not a page range", field=field)


def is_extent(value: str) -> bool:
    """Whether ``value`` is a book's extent, front matter and body counted apart (``xi + 240``,
    ``vii, 312 p.``): a page count, not pages."""
    text = _PREFIX.sub("", unicodedata.normalize("NFKC", value).strip()).strip()
    return bool(_EXTENT.match(_DASHES.sub("-", text)))


def statement(first: str | None, last: str | None) -> str | None:
    """The plain range a first and last page make: ``6059-6083``."""
    if first and last:
        return f"{first}-{last}"
    return first
