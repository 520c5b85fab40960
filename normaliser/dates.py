"""Partial dates (year, year-month, full) parsed from every shape seen in dumps."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .errors import InvalidRecord, shown
from .record import PUBLICATION_KINDS, Dated, PartialDate, Record

MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_CHINESE_NUMERALS = {c: i for i, c in enumerate("一二三四五六七八九十", start=1)}
_CHINESE_MONTH = re.compile(r"^(十[一二]?|[一二三四五六七八九]|\d{1,2})\s*月(?:份)?$")


def month_number(value: str) -> int | None:
    """The month a JATS ``<month>`` or a dump's month field names: ``9``, ``09``, ``Sep``,
    ``Sept.``, ``September``, ``9月``, ``九月``, ``十一月`` (full-width digits too); None when it
    names no month (``May-Aug`` is a season, ``13`` no month)."""
    raw = unicodedata.normalize("NFKC", value).strip().lower().rstrip(".")
    number: int | None
    if raw.isdigit():
        number = int(raw)
    elif match := _CHINESE_MONTH.match(raw):
        numeral = match.group(1)
        digits = (_CHINESE_NUMERALS[c] for c in numeral)
        number = int(numeral) if numeral.isdigit() else sum(digits)
    else:
        number = MONTHS.get(raw)
    return number if number is not None and 1 <= number <= 12 else None


#: A range of dates: ``1943-1944``, ``2018/2019``, an ISO 8601 interval ``2018-05-01/2018-06-30``,
#: a range in brackets after a calendar's own years (``Shōwa 18-19 [1943-1944]``).
_RANGE = re.compile(
    r"^(?:(?P<lead>.*\S)\s*\[)?(?P<a>\d{4}(?:-\d{2}(?:-\d{2})?)?)\s*(?:/|-(?=\d{4}\b)|–)\s*"
    r"(?P<b>\d{4}(?:-\d{2}(?:-\d{2})?)?)(?(lead)\]|)$"
)


def parse_range(value: str) -> tuple[PartialDate, PartialDate] | None:
    """The first and last date of a range (``1943-1944``, ``2018/2019``,
    ``2018-05-01/2018-06-30``, ``Shōwa 18-19 [1943-1944]``); None when ``value`` is no range
    or one that does not run forward."""
    match = _RANGE.match(squeeze_spaces(value))
    if not match:
        return None
    try:
        first, last = (_iso(match.group(g)) for g in ("a", "b"))
        return (first, last) if Dated("published", first, end=last) else None
    except InvalidRecord:
        return None


def _iso(value: str) -> PartialDate:
    return PartialDate(*(int(p) for p in value.split("-")))


def squeeze_spaces(value: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", value).split())


# Seasons name no month: the date keeps its year only, and the season as written.
SEASONS = frozenset({"spring", "summer", "autumn", "fall", "winter"})
#: A range of months an issue covers (May-Aug, Jul–Sep): a season too, kept as written.
_MONTH_RANGE = re.compile(r"\b([A-Za-z]{3,9})\.?\s*[-–/]\s*([A-Za-z]{3,9})\.?(?![A-Za-z])")

_TIME = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2}|[AaPp][Mm])?)?"
_NUMERIC = re.compile(
    rf"^(?P<y>\d{{4}})(?:(?P<sep>[-/.])(?P<m>\d{{1,2}})(?:(?P=sep)(?P<d>\d{{1,2}}))?)?{_TIME}$"
)
_COMPACT = re.compile(r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})$")
_CJK = re.compile(r"^(?P<y>\d{4})\s*年(?:\s*(?P<m>\d{1,2})\s*月(?:\s*(?P<d>\d{1,2})\s*[日号])?)?$")
_WORDS = re.compile(r"[A-Za-z]+\.?|\d+")
_NULL_DATES = frozenset({"0000", "0000-00-00", "0000-00", "0000/00/00", "00:00:00"})
#: A null date with a time of day (0000-00-00 00:00:00).
_NULL_STAMP = re.compile(r"0000[-/.]00[-/.]00" + _TIME)
#: A time of day that is midnight (T00:00:00Z, 0:00).
_MIDNIGHT = re.compile(r"^T?0{1,2}:00(:00)?(\.0+)?\s*Z?$")


@dataclass(frozen=True)
class ParsedDate:
    """A parsed date plus what the source wrote beyond it (a time of day, a season)."""

    date: PartialDate
    had_time: bool = False
    midnight: bool = False
    season: str | None = None


def parse(value: str, field: str = "date") -> ParsedDate | None:
    """Parse one date as dumps write it; None for the null sentinels (0000-00-00, 9999).

    Shapes: 2025-05-12, 2025/1/1 0:00:00, 2025-05-12T00:00:00Z, 20250512, 2025-05, 2025,
    2025年5月12日, May 2025, 12 May 2025, May 12, 2025, 2025 May 12, Spring 2025.
    Raises ``InvalidRecord`` naming ``field`` for anything else or for an impossible date.
    """
    raw = value
    value = unicodedata.normalize("NFKC", value).strip()
    if value in _NULL_DATES or (value.startswith("0000") and _NULL_STAMP.fullmatch(value)):
        return None
    match = _NUMERIC.match(value) or _COMPACT.match(value) or _CJK.match(value)
    try:
        if match:
            y, m, d = match.group("y"), match.group("m"), match.group("d")
            # Only the numeric shape takes a time of day (年, 月, 日 close the Chinese one).
            end = match.end("d") if d else match.end("m") if m else 4
            time = value[end:].strip() if match.re is _NUMERIC else ""
            if y == "9999":  # the other "no date" sentinel: 9999, 9999-12-31
                return None
            date = PartialDate(int(y), int(m) if m else None, int(d) if d else None)
            midnight = bool(time) and bool(_MIDNIGHT.match(time))  # "" is no time of day
            return ParsedDate(date, had_time=bool(time), midnight=midnight)
        return _parse_words(value, raw, field)
    except InvalidRecord as exc:
        problem = exc.messages.get("date", [str(exc)])[0]
        raise InvalidRecord(f"{shown(raw)} is not a valid date ({problem})", field=field) from None


def _parse_words(value: str, raw: str, field: str) -> ParsedDate:
    months = _MONTH_RANGE.search(value)
    if months and all(m.lower() in MONTHS for m in months.groups()):
        rest = (value[: months.start()] + " " + value[months.end() :]).strip(" ,")
        if re.fullmatch(r"\d{4}", rest):  # 2018 May-Aug, Jul-Sep 2019: the year and the range
            return ParsedDate(PartialDate(int(rest)), season=months.group().strip())
    tokens = [t.rstrip(".").lower() for t in _WORDS.findall(value.replace(",", " "))]
    leftovers = re.sub(r"[A-Za-z]+\.?|\d+|[\s,\-–/]", "", value)
    year = month = day = None
    season = None
    for tok in tokens:
        if tok.isdigit():
            number = int(tok)
            if len(tok) == 4 and year is None:
                year = number
            elif len(tok) <= 2 and day is None:
                day = number
            else:
                break
        elif tok in MONTHS and month is None:
            month = MONTHS[tok]
        elif tok in SEASONS and season is None:
            season = tok
        else:
            break
    else:
        if year is not None and not leftovers and not (day and not month):
            if season and (month or day):
                pass
            else:
                written = next(
                    (w for w in re.findall(r"[A-Za-z]+", value) if w.lower() == season), None
                )
                return ParsedDate(PartialDate(year, month, day), season=written)
    raise InvalidRecord(f"{shown(raw)} is not a date this reader knows", field=field)


def publication_dated(record: Record) -> Dated | None:
    """The publication date ``publication_date`` picks, with its season (``2018 May-Aug``)."""
    found = next((d for d in record.dates if d.kind == "published"), None)
    if found is not None:
        return found
    return next((d for d in record.dates if d.kind in PUBLICATION_KINDS), None)


def written(date: PartialDate, season: str | None = None) -> str:
    """A date as the text formats write a free date: ISO 8601 at its precision, a season after
    the year as PubMed and the reference managers write it (``2018 May-Aug``, ``2019 Spring``),
    which ``parse`` reads back."""
    return f"{date.iso()} {season}" if season and date.month is None else date.iso()


def publication_date(record: Record) -> PartialDate | None:
    """The date a writer with one publication date writes (BibTeX's ``date``, RIS ``PY``/``DA``,
    NoteExpress ``{Year}``): the ``published`` date, else the record's first epub, print or
    collection date — first in the order its source gives them, which is its publication model's
    (print-electronic cites the print date, electronic-ecollection the electronic one)."""
    found = record.date("published")
    if found is not None:
        return found
    # Never an update, a correction or a retraction date: those are dates of other events.
    return next((d.date for d in record.dates if d.kind in PUBLICATION_KINDS), None)
