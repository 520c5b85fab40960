"""Values as Dublin Core writes them and reads them back: text escaped when it would read as
HTML, ISSNs with their medium (``ISSN 1176-9114 (print)``), identifiers as URLs and info URIs,
names inverted, terms by their labels, the refinements history dates are written as.
"""

from __future__ import annotations

import functools
import html
import re
from html.entities import html5

from ... import pages, vocab
from ...crosswalk import CASE, Crosswalk
from ...errors import InvalidRecord
from ...identifiers import normalise_doi, normalise_issn, normalise_pmcid, normalise_pmid
from ...names import format_name
from ...record import UND, Identifier, Mark, Name, PartialDate, Record, Term, Text
from ...text import html_paragraphs, joined, squeeze, strip_illegal
from .declarations import _ELEMENTS, TERMS
from .statements import Statement

_ISSN = re.compile(
    r"^(?:(?P<kind>e-?issn|p-?issn|issn-l|issn)\s*[:：]?\s*|urn:issn:)?"
    r"(?P<v>\d{4}-?\d{3}[\dxX])(?:\s*\((?P<medium>print|online|electronic)\))?$",
    re.I,
)


def _clean(value: str) -> str:
    """``value`` without the characters XML cannot carry, its white space collapsed. A short
    value is remembered: a record asks this of one value several times (a type, a rights
    statement, a date), and types, rights and languages recur from record to record."""
    if len(value) <= _REMEMBERED_LENGTH:
        return _clean_short(value)
    return squeeze(strip_illegal(value)[0])


#: The longest value ``_clean`` remembers (long ones, abstracts, seldom recur).
_REMEMBERED_LENGTH = 200


@functools.lru_cache(maxsize=1024)  # a pure function of the value
def _clean_short(value: str) -> str:
    return squeeze(strip_illegal(value)[0])


#: Elements of the HTML that repository software leaves in DC text (OJS 3 puts the abstract's
#: editor HTML, escaped, into dc:description; OJS 3.4 titles may hold inline markup).
_HTML_ELEMENTS = (
    "p|br|div|span|strong|em|b|i|u|sup|sub|a|ul|ol|li|h[1-6]|blockquote|table|tr|td|th|hr|small"
)
#: What only markup has: an end tag or an empty-element tag of one of those elements, or a
#: character reference (``&nbsp;``, ``&#8217;``). A lone ``<b`` or ``R&D`` is text.
_HTML = re.compile(
    rf"</(?:{_HTML_ELEMENTS})\s*>|<(?:{_HTML_ELEMENTS})(?:\s[^<>]*)?/>"
    r"|&(?P<ref>[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});",
    re.I,
)


def is_html(value: str) -> bool:
    """Whether DC text is HTML: it holds an end tag, an empty-element tag or a character
    reference that HTML defines. The writer escapes text for which this holds, so that any
    text reads back as it was written."""
    if "&" not in value and "</" not in value and "/>" not in value:
        return False  # every form ``_HTML`` knows holds one of them: three C scans
    for match in _HTML.finditer(value):
        ref = match.group("ref")
        if ref is None or ref.startswith("#") or f"{ref};" in html5:
            return True
    return False


def _as_text(value: str) -> str:
    """Text as the writer writes it: escaped when it would otherwise be read as HTML."""
    return html.escape(value, quote=False) if is_html(value) else value


def _marked_paragraphs(value: str) -> list[tuple[str, tuple[Mark, ...]]]:
    """A description's paragraphs with their inline marks: blank lines separate them, lines
    within one are rewrapped; HTML (see ``is_html``) is read as markup — block elements break
    paragraphs, emphasis becomes marks, character references are decoded."""
    if value.isprintable() and not is_html(value):
        # Most values: no character to strip, no line break, and no white space but the
        # space (printable text has no other), so one paragraph, its spaces collapsed.
        text = value.strip()
        if "  " in text:
            text = " ".join(text.split())
        return [(text, ())] if text else []
    text = strip_illegal(value)[0]
    blocks = _BLANK_LINE.split(text) if "\n" in text else [text]  # a blank line holds a \n
    if not is_html(text):
        return [(p, ()) for p in (squeeze(b) for b in blocks) if p]
    return [p for block in blocks for p in html_paragraphs(block)]


#: What separates paragraphs in DC text: a blank line.
_BLANK_LINE = re.compile(r"\n\s*\n")


def _paragraphs(value: str) -> list[str]:
    """A description's paragraphs as plain text (see ``_marked_paragraphs``)."""
    return [p for p, _ in _marked_paragraphs(value)]


def _inline(value: str, lang: str = UND) -> Text | None:
    """One line of DC text (a title, a keyword) with its marks when it is HTML."""
    return joined(_marked_paragraphs(value), lang)


def _issn(value: str) -> Identifier | None:
    """An ISSN as ``ISSN 1176-9114 (print)``, ``eISSN 1178-2013``, ``urn:ISSN:…``, or bare;
    None when the value is not one. Raises ``InvalidRecord`` for a bad check digit."""
    match = _ISSN.fullmatch(value.strip())
    if not match:
        return None
    kind, medium = match.group("kind") or "", match.group("medium") or ""
    said = {_ISSN_LABELS.read(kind), _ISSN_MEDIA.read(medium)}
    scheme = next((s for s in ("issn-electronic", "issn-print", "issn-l") if s in said), "issn")
    return Identifier(scheme, normalise_issn(match.group("v"), field="ISSN"))


#: ISSN scheme ⇄ the medium in brackets after it (``ISSN 1176-9114 (print)``): written so.
_ISSN_MEDIA: Crosswalk[str] = Crosswalk(
    "ISSN media",
    (("issn-print", "print"), ("issn-electronic", "online"), ("issn-electronic", "electronic")),
    fold=CASE,
)
#: ISSN scheme ⇄ the label before it (``eISSN 1178-2013``); one with a medium is written with
#: that instead.
_ISSN_LABELS: Crosswalk[str] = Crosswalk(
    "ISSN labels",
    (
        ("issn", "ISSN"),
        ("issn-l", "ISSN-L"),
        ("issn-electronic", "eISSN"),
        ("issn-electronic", "e-ISSN"),
        ("issn-print", "pISSN"),
        ("issn-print", "p-ISSN"),
    ),
    fold=CASE,
)


def _issn_form(ident: Identifier) -> str | None:
    """An ISSN as written in dc:source or dcterms:isPartOf (``ISSN 1176-9114 (print)``,
    ``ISSN-L 1176-9114``), read back by ``_issn``; None for an identifier that is no ISSN."""
    medium = _ISSN_MEDIA.write(ident.scheme)
    if medium:
        return f"ISSN {ident.value} ({medium})"
    label = _ISSN_LABELS.write(ident.scheme)
    return f"{label} {ident.value}" if label else None


#: How each identifier scheme is written as a dc:identifier (a stable URL, as OpenAIRE asks),
#: and its RFC 4452 info URI (``info_uris=True``). Read back by the same templates.
_ID_URLS = {
    "doi": "https://doi.org/{}",
    "pmid": "https://pubmed.ncbi.nlm.nih.gov/{}/",
    "pmcid": "https://pmc.ncbi.nlm.nih.gov/articles/{}/",
}
_ID_INFO = {"doi": "info:doi/{}", "pmid": "info:pmid/{}"}
_ID_FORMS = [
    (scheme, re.compile(re.escape(template).replace(r"\{\}", "(.+)") + "$", re.I))
    for forms in (_ID_URLS, _ID_INFO)
    for scheme, template in forms.items()
]
_NORMALISE = {"doi": normalise_doi, "pmid": normalise_pmid, "pmcid": normalise_pmcid}


def _extra_key(term: str) -> str:
    if term in TERMS:
        return f"dc:{term}" if term in _ELEMENTS else f"dcterms:{term}"
    return term


#: What each DCMI term means for the Record (``TERMS``), compiled for a record's one pass
#: over its statements; a term not in it is "unknown".
_MEANING_OF: dict[str, str] = {term: meaning for term, (_, meaning) in TERMS.items()}
#: The meanings whose statements fill a record field: all but "extra" (kept verbatim) and
#: "format" (a page count, else kept verbatim).
_FIELD_MEANINGS = frozenset(_MEANING_OF.values()) - {"extra", "format"}


def _meaning(statement: Statement) -> str:
    return _MEANING_OF.get(statement.term, "unknown")


_DATE_KIND = {"date": "published", "accepted": "accepted", "received": "received"}


@functools.cache
def _history_terms() -> tuple[tuple[str, str], ...]:
    """The refinements of dc:date history dates are written as (qualified DC): (kind, term),
    each term the first ``TERMS`` reads as that kind (``dateAccepted``, ``dateSubmitted``)."""
    out: dict[str, str] = {}
    for term, (element, means) in TERMS.items():
        if element == "date" and means != "date" and means in _DATE_KIND:
            out.setdefault(_DATE_KIND[means], term)
    return tuple(out.items())


def _inverted(name: Name) -> str:
    """A name as one dc:creator writes it: ``Family, Given`` (Latin), ``曾明堂`` (Han)."""
    return format_name(name, "inverted")


def _term_texts(term: Term) -> list[Text]:
    if term.labels:
        return list(term.labels)
    label = vocab.label(term.vocabulary, term.code or "", "en")
    return [Text(label or term.code or "", "en")]


# --- Citations: a record's issue as parts, and parts as a record's fields ---------------------

DATE_ORDER = ("published", "epub", "ppub", "collection")
ISSUE_ORDER = ("ppub", "collection", "published", "epub")


def publication_date(record: Record, kinds: tuple[str, ...] = DATE_ORDER) -> PartialDate | None:
    """The first date of ``kinds`` the record has: by default the date it was first published
    (dc:date); with ``ISSUE_ORDER``, the date of the issue it belongs to (a citation's year)."""
    for kind in kinds:
        date = record.date(kind)
        if date is not None:
            return date
    return None


def citation_parts(record: Record) -> dict[str, str]:
    """Volume, issue, pages, article number and year by kind, as ``citations.write`` writes
    them (and ``citations.parse`` reads them back)."""
    parts: dict[str, str] = {}
    if record.volume:
        parts["volume"] = record.volume
    if record.issue:
        parts["issue"] = record.issue
    if record.page_range:
        parts["pages"] = record.page_range
    elif record.fpage and record.lpage:
        parts["pages"] = f"{record.fpage}-{record.lpage}"
    elif record.fpage:
        parts["pages"] = record.fpage
    if record.elocation_id:
        parts["elocation"] = record.elocation_id
    date = publication_date(record, ISSUE_ORDER)
    if date is not None:
        parts["year"] = f"{date.year:04d}"
    return parts


#: The record fields a citation's parts fill.
CITED_FIELDS = ("volume", "issue", "fpage", "lpage", "page_range", "elocation_id")


def cited_fields(parts: dict[str, str]) -> tuple[dict[str, str | None], bool]:
    """The record fields (``CITED_FIELDS``) a citation's parts give, as the reader fills them,
    and whether its pages are a statement kept as written (no page range it can read)."""
    value = parts.get("pages")
    page: pages.Pages | None = None
    unparsed = False
    if value:
        try:
            page = pages.parse(value, "dc:source")
        except InvalidRecord:
            page, unparsed = pages.Pages(statement=value), True
    fields = {
        "volume": parts.get("volume"),
        "issue": parts.get("issue"),
        "fpage": page.first if page else None,
        "lpage": page.last if page else None,
        "page_range": page.statement if page else None,
        "elocation_id": parts.get("elocation") or (page.elocation_id if page else None),
    }
    return fields, unparsed
