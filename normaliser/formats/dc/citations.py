"""Journal citations as Dublin Core sources write them (``dc:source``,
``dcterms:bibliographicCitation``, ``dcterms:isPartOf``): the journal title, then its volume,
issue, pages or article number and year.

Two readers, the stricter answer winning:

* the DC writer's own forms, declared once for both directions (``write`` and ``_written``):
  English ``Title, vol. 20, no. 3, pp. 6059-6083, 2025`` (comma-separated parts read from the
  end; a page statement may hold commas: ``pp. 94-98, 93``) and Chinese
  ``刊名, 2018年第37卷第2期, 第94-98页``;
* a scanner (``_scanned``) of the forms real OAI-PMH sources write: DOAJ
  (``Title, Vol 21, Iss 1, Pp 1-12 (2021)``), OJS (``Title; Vol. 5 No. 2 (2020); 123-130``,
  ``Title; v. 12 n. 3 (2019): Dezembro; 45-60``), OpenAIRE (``Title (1461023X) vol.4 (2001)``),
  PubMed (``Title. 2004;6(2):R17``, with a DOI after it), GB/T 7714
  (``刊名, 2020, 100(5): 321-325``), bare ``12(3): 45-67`` and Chinese ``2020年第12卷第3期``.

The scanner reads everything after the title as parts or reads nothing, so a title with digits
or commas (``2D Materials``, ``Mathematics, Physics and Chemistry``) is never cut; text it reads
but cannot map (an OJS issue's title, a PubMed month) is returned in ``rest`` for the caller to
keep.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, cached_property

from ...errors import InvalidRecord
from ...identifiers import normalise_doi, normalise_issn

#: The keys of ``Citation.parts``: what the record takes from a citation.
PART_KINDS = ("volume", "issue", "pages", "elocation", "year", "issn", "doi")


@dataclass(frozen=True)
class Citation:
    """A citation read: the journal title (None when the citation has none), its parts by kind
    (``PART_KINDS``, as written: ``{"volume": "20", "pages": "6059-6083"}``) and the text read
    but not mapped to a part (``rest``)."""

    title: str | None
    parts: dict[str, str]
    rest: tuple[str, ...] = field(default=())


# --- The writer's own forms, both ways -------------------------------------------------------

#: A volume, issue or page value of the writer's form has a digit (``12``, ``e123``, ``S4-S9``,
#: ``Suppl 2``) or is a roman numeral in one case (``iv-xii``, ``XII``): ``Page Aa`` is a title.
_ROMAN = r"(?:[ivxlcdm]+|[IVXLCDM]+)"
_NUMBERED = rf"(?P<v>(?=.*\d)\S.*|{_ROMAN}(?:\s*[-–]\s*{_ROMAN})?)"

#: The English form, part by part in the order written: (kind, the label written, the labels
#: read — tolerant of case and the usual spellings —, the value read). ``write`` writes it;
#: ``_written`` reads it from the end.
_EN_FORM: tuple[tuple[str, str, str, str], ...] = (
    ("volume", "vol. ", r"(?i:vol\.\s*|volume\s+|vol\s+(?=\d))", _NUMBERED),
    ("issue", "no. ", r"(?i:no\.\s*|issue\s+|iss\.\s*|no\s+(?=\d))", _NUMBERED),
    ("pages", "pp. ", r"(?i:pp?\.\s*|pages?\s+|pp?\s+(?=\d))", _NUMBERED),
    ("elocation", "art. ", r"(?i:art\.\s*|article\s+(?:no\.\s*)?)", r"(?P<v>\S.*)"),
    ("year", "", "", r"(?P<v>\d{4})"),
)
#: The parts after the journal title, matched from the end of the citation.
_WRITTEN_PARTS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(labels + value)) for kind, _, labels, value in reversed(_EN_FORM)
)
_PAGES_PART = dict(_WRITTEN_PARTS)["pages"]
#: A volume or issue of no digit (``no. Spring``, ``no. 特刊``, ``no. A``) is read after the
#: label exactly as the writer writes it (``vol. ``, ``no. ``): the label says what it is.
_AS_WRITTEN: dict[str, re.Pattern[str]] = {
    kind: re.compile(re.escape(label) + r"(?P<v>\S.*)")
    for kind, label, _, _ in _EN_FORM
    if kind in ("volume", "issue")
}
#: A piece of a page statement after a comma (``94-98, 93``: ``93``).
_PAGE_PIECE = re.compile(r"[A-Za-z]{0,3}\d+[A-Za-z]?(?:\s*[-–+]\s*[A-Za-z]{0,3}\d+[A-Za-z]?)*")

#: The Chinese form: ``刊名, 2018年第37卷第2期, 第94-98页`` (an article number ``文章编号e12``).
_ZH_FORM = re.compile(
    r"(?P<title>\S.*?)\s*[,，]\s*(?=\d{4}年|第|文章编号)"
    r"(?:(?P<year>\d{4})年)?(?:第(?P<volume>[^第卷,，]+)卷)?(?:第(?P<issue>[^第期,，]+)期)?"
    r"(?:(?:\s*[,，]\s*)?第(?P<pages>[^第页]+)页)?"
    r"(?:(?:\s*[,，]\s*)?文章编号\s*(?P<elocation>\S+))?"
)
#: The writer's forms: English (``vol. 37, no. 2``) and Chinese (``第37卷第2期``).
FORMS = ("en", "zh")


def write(title: str | None, parts: dict[str, str], form: str = "en") -> str:
    """A citation in the writer's ``form`` (``FORMS``) from a journal title and its parts
    (``volume``, ``issue``, ``pages``, ``elocation``, ``year``); ``parse`` reads it back."""
    if form == "zh":
        head = "".join(
            template.format(parts[kind])
            for kind, template in (("year", "{}年"), ("volume", "第{}卷"), ("issue", "第{}期"))
            if parts.get(kind)
        )
        tail = [
            template.format(parts[kind])
            for kind, template in (("pages", "第{}页"), ("elocation", "文章编号{}"))
            if parts.get(kind)
        ]
        pieces = [p for p in (head, *tail) if p]
        return ", ".join([title, *pieces] if title else pieces)
    if form != "en":
        raise ValueError(f"unknown citation form {form!r}: one of {', '.join(FORMS)}")
    written = []
    for kind, label, _, _ in _EN_FORM:
        value = parts.get(kind)
        if value:
            single = (
                kind == "pages" and _PAGE_PIECE.fullmatch(value) and not re.search(r"[-–+]", value)
            )
            written.append(("p. " if single else label) + value)
    return ", ".join([title, *written] if title else written)


#: What separates the parts of the writer's English form.
_COMMA = re.compile(r"\s*,\s*")


def _written(value: str) -> Citation:
    """The writer's English form, ``Title, vol. 20, pp. 6059-6083, 2025``: comma-separated
    parts read from the end while they are parts (a page statement may run over several:
    ``pp. 94-98, 93``); what is left is the title."""
    segments = [s.strip() for s in _COMMA.split(value.strip())]
    parts: dict[str, str] = {}
    while segments:
        for kind, pattern in _WRITTEN_PARTS:
            if kind in parts:
                continue  # read already: a second one is no part (its match would be passed over)
            match = pattern.fullmatch(segments[-1])
            if match is None and kind in _AS_WRITTEN:
                match = _AS_WRITTEN[kind].fullmatch(segments[-1])
            if match:
                parts[kind] = match.group("v").strip()
                segments.pop()
                break
        else:
            statement = _page_statement(segments) if "pages" not in parts else None
            if statement is None:
                break
            parts["pages"], segments = statement
    title = ", ".join(segments).strip() or None
    return Citation(title, parts)


def _page_statement(segments: list[str]) -> tuple[str, list[str]] | None:
    """A page statement written over the last segments (``pp. 94-98``, ``93``) and what is
    left before it, or None."""
    for start in range(len(segments) - 2, max(len(segments) - 6, 0) - 1, -1):
        if not all(_PAGE_PIECE.fullmatch(s) for s in segments[start + 1 :]):
            break
        match = _PAGES_PART.fullmatch(segments[start])
        if match:
            return ", ".join([match.group("v"), *segments[start + 1 :]]), segments[:start]
    return None


def _written_zh(value: str) -> Citation | None:
    """The writer's Chinese form, ``刊名, 2018年第37卷第2期, 第94-98页``, or None."""
    match = _ZH_FORM.fullmatch(value.strip())
    if not match:
        return None
    parts = {
        kind: found.strip()
        for kind in ("volume", "issue", "pages", "elocation", "year")
        if (found := match.group(kind))
    }
    return Citation(match.group("title"), parts) if parts else None


# --- The scanner ----------------------------------------------------------------------------

_YEAR = r"(?:1[5-9]|20)\d\d"
_NUM = r"(?:\d+[A-Za-z]?|[A-Za-z]\d+)"
_SUPPLEMENT = rf"(?i:suppl(?:ement|\.)?\s*{_NUM}?|增刊\d*)"
#: A volume or issue: ``12``, ``3-4``, ``1/2``, ``S1``, ``Suppl 2``, ``XII``.
_VNUM = rf"(?:{_NUM}(?:\s*[-–/]\s*{_NUM})?|{_SUPPLEMENT}|(?-i:{_ROMAN}))"
_PAGE = r"[A-Za-z]{0,3}\d+[A-Za-z]?"
#: Pages: ``6059-6083``, ``356-62``, ``R17``, ``e0229808``.
_PAGES = rf"{_PAGE}(?:\s*[-–—]\s*{_PAGE})?"
#: An article number: ``e0123456``, ``012345``, ``2345a``.
_ELOCATION = r"[A-Za-z]{0,3}\d[\w.-]*"
#: What follows an item: the end, a space, a separator or an opening bracket.
_END = r"(?=$|[\s,;，；:：(（])"
#: After a label: a full stop, a space, or the number itself (``vol.4``, ``Vol 4``, ``Vol4``).
_GAP = r"(?:\.\s*|\s+|(?=\d))"
_VOLUME_LABEL = rf"(?:(?:volume|vol|tomo|tome|bd|jilid|jil|cilt){_GAP}|[vtт]\.\s*)"
_ISSUE_LABEL = (
    rf"(?:(?:número|numero|number|núm|num|nr|no|issue|iss|fasc|heft|sayı){_GAP}|n\.\s*|"
    r"(?:nº|n°|№)\s*)"
)
_PAGES_LABEL = rf"(?:pages|page|págs|pág|pgs|pg|pp|p){_GAP}"
_ELOCATION_LABEL = rf"(?:(?:article|art)(?:\.?\s*(?:no|nr|number))?{_GAP}|e-?locator:?\s*)"
#: The date after a year in a PubMed citation (``2025 Jan 1``, ``2020 Jan-Feb``, ``2019 Spring``).
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
_MONTHS = (
    rf"(?-i:(?:{_MONTH}(?:\s*[-/]\s*{_MONTH})?|Spring|Summer|Autumn|Fall|Winter)"
    r"(?:\s+\d{1,2}(?:\s*-\s*\d{1,2})?)?)"
)


@dataclass(frozen=True)
class _Item:
    """One kind of part the scanner reads: its pattern (``v`` the value; ``vol``/``iss``/``pag``
    for the compact ``12(3): 45-67``; ``rest`` text read but not mapped)."""

    name: str
    kind: str  # the part it fills (compact: several)
    source: str  # the pattern's regular expression

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        """Compiled by the first citation read: the items take ~35 ms of CPU to compile (case
        folding), which writing citations and a run that reads none never need."""
        return re.compile(self.source, re.I)


def _item(name: str, kind: str, pattern: str, end: bool = True) -> _Item:
    return _Item(name, kind, pattern + (_END if end else ""))


_ISSUE_VALUE = rf"(?!{_YEAR}[)）]){_VNUM}"
_ITEMS: tuple[_Item, ...] = (
    _item("issn", "issn", r"[(（](?P<v>\d{4}-?\d{3}[\dX])[)）]"),
    _item("labelled", "volume", rf"{_VOLUME_LABEL}(?P<v>{_VNUM})"),
    _item("labelled", "issue", rf"{_ISSUE_LABEL}(?P<v>{_VNUM})"),
    _item("labelled", "elocation", rf"{_ELOCATION_LABEL}(?P<v>{_ELOCATION})"),
    _item("labelled", "pages", rf"{_PAGES_LABEL}(?P<v>{_PAGES})"),
    _item(
        "paren-year",
        "year",
        rf"[(（](?P<v>{_YEAR})[)）](?:\s*[:：]\s*(?P<pag>{_PAGES})(?=\s*(?:$|[;；])))?",
    ),
    # An OJS issue's own title after its year: ``(2019): Dezembro``.
    _item("issue-title", "rest", r"[:：]\s*(?P<rest>[^;；]*[^;；\s])(?=\s*(?:$|[;；]))", end=False),
    _item("zh", "year", rf"(?P<v>{_YEAR})\s*年", end=False),
    _item("zh", "volume", r"第?\s*(?P<v>\d+)\s*卷", end=False),
    _item("zh", "issue", rf"第?\s*(?P<v>\d+|{_SUPPLEMENT})\s*期", end=False),
    _item("zh", "pages", rf"第?\s*(?P<v>{_PAGES})\s*页", end=False),
    _item(
        "compact",
        "volume",
        rf"(?P<vol>\d+[A-Za-z]?)\s*(?:[(（](?P<iss>{_ISSUE_VALUE})[)）])"
        rf"(?:\s*[:：]\s*(?P<pag>{_PAGES}))?",
    ),
    _item("compact", "volume", rf"(?P<vol>\d+[A-Za-z]?)\s*[:：]\s*(?P<pag>{_PAGES})"),
    _item("year", "year", rf"(?P<v>{_YEAR})(?:\s+(?P<rest>{_MONTHS}))?"),
    _item("bare-pages", "pages", rf"(?P<v>{_PAGES})"),
    _item("bare-volume", "volume", r"(?P<v>\d+[A-Za-z]?)"),
)


@cache
def _any_item() -> re.Pattern[str]:
    """Any item at all: a place where no item begins cannot begin the parts (a quick test
    first). Compiled by the first citation read, as the items are."""
    return re.compile("|".join(re.sub(r"\(\?P<\w+>", "(?:", i.source) for i in _ITEMS), re.I)


#: Between two items: a comma or semicolon (either width), spaces, or nothing.
_SEPARATOR = re.compile(r"\s*([,;，；])\s*|\s*")
#: Where a title may end: a comma or semicolon, a full stop and a space (PubMed), a space, or
#: between a Han character and ``第``/``2020年``.
_TITLE_END = re.compile(
    r"\s*[,;，；]\s*|\.\s+|\s+|(?<=[\u3400-\u9fff])(?=第\s*\d|" + _YEAR + r"\s*年)"
)
#: A DOI at the end of a citation (``… 6059-6083. doi: 10.2147/IJN.S502144``).
_TRAILING_DOI = re.compile(
    r"(?:^|[\s.;,]+)(?:doi\s*[:：]?\s*|https?://(?:dx\.)?doi\.org/)(?P<doi>10\.\d{4,9}/\S+)$", re.I
)


@dataclass
class _Scan:
    """The parts read so far from the text after a title."""

    parts: dict[str, str] = field(default_factory=dict)
    rest: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)  # the items read, in order

    def take(self, name: str, found: dict[str, str | None], rest: str | None) -> bool:
        """Add an item's parts (``found``: kind → value or None); False, adding nothing, when
        the citation already has a part of one of those kinds."""
        new = {kind: value.strip() for kind, value in found.items() if value is not None}
        if set(new) & set(self.parts):
            return False
        self.parts.update(new)
        self.names.append(name)
        if rest:
            self.rest.append(rest.strip())
        return True


def _allowed(item: _Item, scan: _Scan, separator: str | None, at_end: bool) -> bool:
    """Whether ``item`` may follow what ``scan`` read, after ``separator`` ("," ";" " " or ""):
    an ISSN only first; an issue's title only after its year; bare pages only last, after an
    OJS issue and a semicolon or a compact volume(issue) and a comma; a bare volume only last,
    after a PubMed year and a semicolon; nothing glued to a Latin item."""
    previous = scan.names[-1] if scan.names else None
    if item.name == "issn":
        return previous is None
    if item.name == "issue-title":
        return previous == "paren-year" and separator in ("", " ")
    if item.name == "bare-pages":
        return at_end and (
            (separator == ";" and previous in ("paren-year", "issue-title"))
            or (separator == "," and previous == "compact" and "pages" not in scan.parts)
        )
    if item.name == "bare-volume":
        return at_end and separator == ";" and previous == "year"
    if separator == "" and previous is not None:
        return previous == "zh" or item.name in ("paren-year", "issn")
    return True


def _scan_tail(tail: str) -> _Scan | None:
    """Read ``tail`` entirely as citation parts; None when some of it is not one."""
    scan = _Scan()
    position = 0
    while position < len(tail):
        separator: str | None = None
        if scan.names:
            gap = _SEPARATOR.match(tail, position)
            assert gap is not None  # the pattern matches the empty string
            separator = gap.group(1) or (" " if gap.group() else "")
            separator = {"，": ",", "；": ";"}.get(separator, separator)
            position = gap.end()
        for item in _ITEMS:
            match = item.pattern.match(tail, position)
            if not match or not _allowed(item, scan, separator, match.end() == len(tail)):
                continue
            found = _found(item, match)
            if found is None or not scan.take(item.name, found, match.groupdict().get("rest")):
                continue  # another item may read it (``(1999); 1500``: pages, not a year)
            position = match.end()
            break
        else:
            return None
    return scan


def _found(item: _Item, match: re.Match[str]) -> dict[str, str | None] | None:
    """The parts ``match`` of ``item`` reads, by kind; None for an ISSN failing its check."""
    groups = match.groupdict()
    if item.name == "compact":
        return {"volume": groups["vol"], "issue": groups.get("iss"), "pages": groups.get("pag")}
    if item.kind == "rest":
        return {}
    if item.name == "issn":
        try:  # a journal's ISSN only when its check digit holds
            return {"issn": normalise_issn(groups["v"])}
        except InvalidRecord:
            return None
    found: dict[str, str | None] = {item.kind: groups["v"]}
    if groups.get("pag"):  # ``(2019): 45-60``
        found["pages"] = groups["pag"]
    return found


def _confident(scan: _Scan, title_end: str) -> bool:
    """Whether parts read after a title that ends with ``title_end`` are a citation: some part
    of it; after a full stop (PubMed), a year first; after a mere space, an ISSN, a year in
    brackets or a whole ``12(3): 45-67`` to show it."""
    if not set(scan.parts) & {"volume", "issue", "pages", "elocation", "year"}:
        return False
    if title_end == ".":
        return scan.names[0] == "year"
    if title_end == " ":
        whole_compact = "compact" in scan.names and {"issue", "pages"} <= set(scan.parts)
        return scan.names[0] == "issn" or "paren-year" in scan.names or whole_compact
    return True


#: In a title, what looks like a part: an ISSN in brackets (one failing its check digit, as a
#: good one is read), or a year ending it.
_BRACKETED_ISSN = re.compile(r"[(（]\d{4}-?\d{3}[\dXx][)）]")
_ENDING_YEAR = re.compile(rf"\s{_YEAR}$")


def _suspect(title: str | None, scan: _Scan) -> bool:
    """Whether a title keeps what looks like a part: a bracketed ISSN (``(1461024X)``: its check
    digit failed) or, in a citation without a year, a year at its end (the BioMed Central form
    ``Breast Cancer Res 2004, 6:R17`` is not read: a title may end with a year)."""
    if title is None:
        return False
    if _BRACKETED_ISSN.search(title):
        return True
    return "year" not in scan.parts and _ENDING_YEAR.search(title) is not None


def _title_ends(value: str) -> list[tuple[int, int, str]]:
    """Where the title may end, leftmost first: (title's end, tail's start, what ends it: ""
    for the start, "," ";" "." " " or "zh")."""
    ends = [(0, 0, "")]
    for match in _TITLE_END.finditer(value):
        text = match.group().strip()
        if match.start() == 0:
            continue
        if text in (",", "，"):
            kind = ","
        elif text in (";", "；"):
            kind = ";"
        elif text == ".":
            kind = "."
            ends.append((match.start(), match.end(), kind))
            kind, start = " ", match.start() + 1  # also: the full stop ends an abbreviation
            ends.append((start, match.end(), kind))
            continue
        else:
            kind = "zh" if not match.group() else " "
        ends.append((match.start(), match.end(), kind))
    return ends


#: The longest value scanned: each place a title may end is tried, so the time grows with the
#: square of the length; a citation is rarely a tenth of this.
_LONGEST = 400


@dataclass(frozen=True)
class _Scanned:
    citation: Citation
    title_end: str


def _scanned(value: str) -> _Scanned | None:
    """The citation in one of the forms real sources write, with the title's leftmost end after
    which everything reads as parts; None when no end does."""
    text, doi = value.strip(), None
    if len(text) > _LONGEST or not re.search(r"\d", text):
        return None  # every part has a digit; a real citation is short (and scanning is not)
    found = _TRAILING_DOI.search(text)
    if found:
        try:
            doi = normalise_doi(found.group("doi"))
        except InvalidRecord:
            return None
        text = text[: found.start()]
    text = re.sub(r"\s*\.$", "", text)
    for title_end, tail_start, kind in _title_ends(text):
        if not _any_item().match(text, tail_start):
            continue
        title = ", ".join(re.split(r"\s*,\s*", text[:title_end].strip())).strip() or None
        scan = _scan_tail(text[tail_start:])
        if scan is None or not _confident(scan, kind) or _suspect(title, scan):
            continue
        if doi:
            scan.parts["doi"] = doi
        return _Scanned(Citation(title, scan.parts, tuple(scan.rest)), kind)
    return None


_CLEAN = {
    "volume": re.compile(_VNUM),
    "issue": re.compile(_VNUM),
    "pages": re.compile(rf"{_PAGES}(?:\s*[,+]\s*{_PAGES})*"),  # a statement: 94-98, 93
    "elocation": re.compile(_ELOCATION),
    "year": re.compile(r"\d{4}"),
}


def _clean(citation: Citation) -> bool:
    """Whether every part of a citation read in the writer's form is a plain value."""
    return bool(citation.parts) and all(
        _CLEAN[kind].fullmatch(value) for kind, value in citation.parts.items()
    )


def parse(value: str) -> Citation:
    """The journal title and parts of a citation: ``Nature, vol. 510, pp. 356-362, 2014`` (the
    writer's form) or any form ``_scanned`` reads. The writer's form wins when it reads more of
    the value as parts, and when it reads plain parts where a scan would end the title at a space
    or full stop (a title ``Ab (2020)`` stays whole); when neither reads parts, the value is the
    title."""
    written = _written(value)
    if _clean(written) and not re.search(r"[\d;；]", written.title or ""):
        return written  # the writer's own form: nothing is left that a scan could read
    chinese = _written_zh(value)
    if chinese is not None and _clean(chinese):
        return chinese  # the writer's Chinese form
    scanned = _scanned(value)
    if scanned is None:
        return written
    if len(scanned.citation.title or "") > len(written.title or ""):
        return written  # the writer's form read more (``art. <, 1500``: an odd article number)
    if _clean(written) and scanned.title_end not in ("", ",", ";"):
        return written
    return scanned.citation


def parts_of(value: str) -> Citation | None:
    """The citation in a value that should be a journal's title (``dcterms:isPartOf``): only
    when it names a volume, issue, pages or article number, else None."""
    citation = parse(value)
    if set(citation.parts) & {"volume", "issue", "pages", "elocation"}:
        return citation
    return None
