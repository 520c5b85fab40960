"""Dublin Core: simple DC in the OAI-DC container (``dc``), and qualified DC — dcterms in a
``qdc:qualifieddc`` container — written with ``profile="qdc"``. Reads bare records of either kind,
OAI-PMH ``GetRecord``/``ListRecords`` responses and DSpace ``dublin_core.xml``, streaming.

A record maps to and from a flat list of statements (DCMI term, value, language). ``_TERMS``
declares once, for both directions and both profiles, which of the 15 DCMES elements each DCMI
term is written as in simple DC and what it means for the Record.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from html.entities import html5
from itertools import count
from typing import IO, Any

from .. import citations, dates, languages, pages, resources, sniffs, vocab, xmlio
from ..citations import parse as parse_citation
from ..crosswalk import CASE, Crosswalk
from ..errors import InvalidInput, InvalidRecord, NormaliserError, UsageError, shown
from ..identifiers import (
    bad_url_note,
    doi_from_url,
    is_url,
    normalise_doi,
    normalise_issn,
    normalise_pmcid,
    normalise_pmid,
    pmcid_from_url,
    same_doi,
    standard_number,
)
from ..names import LONGEST_HAN_NAME, format_name, parse_name, same_person
from ..record import (
    UND,
    Contributor,
    Dated,
    Deletion,
    Identifier,
    Journal,
    Link,
    Mark,
    Name,
    Note,
    PartialDate,
    Prose,
    Provenance,
    Record,
    Reject,
    Term,
    Text,
    catalogue,
    rebuild,
)
from ..sections import structure, written
from ..sniffs import COLLECTION_NS, DC_NS, DCTERMS_NS, OAI_DC_NS, OAI_NS, QDC_NS
from ..sources import Source
from ..text import (
    chinese_script,
    declared_lang,
    detect_lang,
    has_han,
    html_paragraphs,
    joined,
    settle_scripts,
    squeeze,
    strip_illegal,
)

NAME = "dc"
#: How sure (0–100) that a document starts in this format (light: ``normaliser.sniffs``).
sniff = sniffs.dc
#: The profiles ``write`` knows: ``dc`` (oai_dc, the default) and ``qdc`` (qualified dcterms).
PROFILES = ("dc", "qdc")
#: What survives write → read for a record in Dublin Core's value space (plain text, one creator
#: string per person, language variants as the xml:lang rule decides them). Left out because
#: they come back only in part: dates (one publication date, its kind lost), links (their kind),
#: identifiers' ``derived_from``, contributors' roles, ORCIDs and affiliations, subjects (only CAS
#: categories come back as subjects; other terms come back as keywords), metrics (a CAS
#: category comes back as a subject, never as a zone), journal ids other than ISSNs.
KEEPS = frozenset(
    {
        "titles",
        "contributors.names",
        "abstracts",
        "keywords",
        "journal.titles",
        "journal.publishers",
        "volume",
        "issue",
        "fpage",
        "lpage",
        "page_range",
        "elocation_id",
        "identifiers.scheme",
        "identifiers.value",
        "open_access",
        "license",
        "publication_types",
        "language",
    }
)


_OAI_DC_LOCATION = f"{OAI_DC_NS} http://www.openarchives.org/OAI/2.0/oai_dc.xsd"
_QDC_LOCATION = (
    f"{DC_NS} http://dublincore.org/schemas/xmls/qdc/2008/02/11/dc.xsd "
    f"{DCTERMS_NS} http://dublincore.org/schemas/xmls/qdc/2008/02/11/dcterms.xsd "
    f"{QDC_NS} http://www.ukoln.ac.uk/metadata/dcmi/xmlschema/qualifieddc.xsd"
)
_SCHEMAS = {"dc": "oai_dc.xsd", "qdc": "qdc.xsd", "collection": "collection.xsd"}

# --- The terms --------------------------------------------------------------------------------

#: Every DCMI term this module knows → (the DCMES element simple DC writes it as, or None when
#: simple DC has no place for it; what the term means for the Record). A meaning of "extra"
#: keeps the statement verbatim in ``extras`` (and writes it back).
_TERMS: dict[str, tuple[str | None, str]] = {
    # The 15 elements of DCMES 1.1.
    "title": ("title", "title"),
    "creator": ("creator", "creator"),
    "subject": ("subject", "subject"),
    "description": ("description", "description"),
    "publisher": ("publisher", "publisher"),
    "contributor": ("contributor", "contributor"),
    "date": ("date", "date"),
    "type": ("type", "type"),
    "format": ("format", "extra"),
    "identifier": ("identifier", "identifier"),
    "source": ("source", "source"),
    "language": ("language", "language"),
    "relation": ("relation", "relation"),
    "coverage": ("coverage", "extra"),
    "rights": ("rights", "rights"),
    # Refinements, by the element they refine (what simple DC "dumbs them down" to).
    "alternative": ("title", "title"),
    "abstract": ("description", "abstract"),
    "tableOfContents": ("description", "extra"),
    "issued": ("date", "date"),
    "dateAccepted": ("date", "accepted"),
    "dateSubmitted": ("date", "received"),
    "available": ("date", "extra"),
    "created": ("date", "extra"),
    "dateCopyrighted": ("date", "extra"),
    "modified": ("date", "extra"),
    "valid": ("date", "extra"),
    "bibliographicCitation": ("identifier", "citation"),
    "isPartOf": ("relation", "journal"),
    "hasPart": ("relation", "extra"),
    "isVersionOf": ("relation", "extra"),
    "hasVersion": ("relation", "extra"),
    "isFormatOf": ("relation", "extra"),
    "hasFormat": ("relation", "extra"),
    "references": ("relation", "extra"),
    "isReferencedBy": ("relation", "extra"),
    "replaces": ("relation", "extra"),
    "isReplacedBy": ("relation", "extra"),
    "requires": ("relation", "extra"),
    "isRequiredBy": ("relation", "extra"),
    "conformsTo": ("relation", "extra"),
    "accessRights": ("rights", "rights"),
    "license": ("rights", "rights"),
    "extent": ("format", "extra"),
    "medium": ("format", "extra"),
    "spatial": ("coverage", "extra"),
    "temporal": ("coverage", "extra"),
    # dcterms properties that refine no DCMES element: qualified DC only.
    "audience": (None, "extra"),
    "mediator": (None, "extra"),
    "educationLevel": (None, "extra"),
    "accrualMethod": (None, "extra"),
    "accrualPeriodicity": (None, "extra"),
    "accrualPolicy": (None, "extra"),
    "instructionalMethod": (None, "extra"),
    "provenance": (None, "extra"),
    "rightsHolder": (None, "extra"),
}
_ELEMENTS = frozenset(t for t, (element, _) in _TERMS.items() if element == t)
#: What each meaning of ``_TERMS`` fills in the Record (and is written from): the DC field
#: declarations, for the crosswalk document and the KEEPS checks. A meaning of "extra" keeps
#: the statement verbatim in ``extras``.
_CITED = (
    "journal.titles",
    "journal.identifiers",
    "volume",
    "issue",
    "fpage",
    "lpage",
    "page_range",
    "elocation_id",
    "dates",
)
MEANINGS: dict[str, tuple[str, ...]] = {
    "title": ("titles",),
    "creator": ("contributors.names",),
    "contributor": ("contributors.names", "contributors.role"),
    "subject": ("keywords", "subjects"),
    "description": ("abstracts",),
    "abstract": ("abstracts",),
    "publisher": ("journal.publishers",),
    "date": ("dates",),
    "accepted": ("dates",),
    "received": ("dates",),
    "type": ("publication_types",),
    "identifier": ("identifiers", "links", "journal.identifiers"),
    "language": ("language",),
    "relation": ("links", "identifiers", "journal.identifiers"),
    "rights": ("license", "open_access"),
    # A citation's parts (journal, ISSN, volume, issue, pages, year), however it is labelled.
    "source": _CITED,
    "citation": _CITED,
    "journal": _CITED,
    "extra": ("extras",),
}
_TERM_OF = {t.lower(): t for t in _TERMS}

DCMI_TYPES = frozenset(
    {
        "Collection",
        "Dataset",
        "Event",
        "Image",
        "InteractiveResource",
        "MovingImage",
        "PhysicalObject",
        "Service",
        "Software",
        "Sound",
        "StillImage",
        "Text",
    }
)
_DCMI_TYPE_KEYS = frozenset(t.casefold() for t in DCMI_TYPES)
_EU_REPO = "info:eu-repo/semantics/"
#: publication-type code ⇄ OpenAIRE (info:eu-repo) type. A code with no eu-repo type of its own
#: is written with a broader one (lossy) or by its label alone.
_EU_TYPES: Crosswalk[str] = Crosswalk(
    "OpenAIRE types",
    (
        ("journal-article", "article"),
        ("review", "review"),
        ("newspaper-article", "contributionToPeriodical"),
        ("comment", "annotation"),
        ("conference-paper", "conferenceObject"),
        ("book", "book"),
        ("book-chapter", "bookPart"),
        ("preprint", "preprint"),
        ("patent", "patent"),
        ("other", "other"),
    ),
    lossy=(
        ("systematic-review", "review"),
        ("meta-analysis", "article"),
        ("case-report", "article"),
        ("clinical-trial", "article"),
        ("randomized-controlled-trial", "article"),
        ("editorial", "contributionToPeriodical"),
        ("letter", "contributionToPeriodical"),
        ("news", "contributionToPeriodical"),
    ),
    # Thesis levels are all one code: the record does not say which level, so none is written.
    read_only=(
        ("thesis", "doctoralThesis"),
        ("thesis", "masterThesis"),
        ("thesis", "bachelorThesis"),
    ),
)
#: access code (vocabulary ``access``) ⇄ the OpenAIRE access right.
_ACCESS: Crosswalk[str] = Crosswalk(
    "OpenAIRE access rights",
    (
        ("open-access", _EU_REPO + "openAccess"),
        ("closed-access", _EU_REPO + "closedAccess"),
        ("restricted-access", _EU_REPO + "restrictedAccess"),
        ("embargoed-access", _EU_REPO + "embargoedAccess"),
    ),
)

# --- Languages --------------------------------------------------------------------------------

#: Languages not written in the Latin script: a Latin-script tag for them is a transliteration,
#: and untagged Latin text in a record in one of them is not in that language.
_NON_LATIN = frozenset(
    {"zh", "ja", "ko", "ru", "uk", "bg", "el", "ar", "fa", "he", "hi", "th", "bo", "mn", "ug"}
)
#: What xml:lang accepts (xs:language): the writer never meets a tag its schema refuses.
_XML_LANG = re.compile(r"[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*")


def _primary(tag: str | None) -> str | None:
    if not tag:
        return None
    primary = tag.split("-", 1)[0].lower()
    return None if primary == UND else primary


def _transliterated(tag: str) -> bool:
    """``zh-Latn-pinyin``, ``ja-Latn``: a non-Latin language written in Latin letters."""
    primary, *rest = tag.split("-")
    return primary.lower() in _NON_LATIN and any(s.lower() == "latn" for s in rest)


def _variant(tag: str, main: str | None) -> str:
    """The variant of a text by its tag against the record's language (DOMAIN §2): the record's
    own language is the original, another a translation; ``und`` cannot be a translation."""
    if _transliterated(tag):
        return "transliteration"
    primary = _primary(tag)
    if main is None or primary is None or primary == main:
        return "original"
    return "translation"


# --- Statements ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Statement:
    """One value of a DC record: its DCMI term (a key of ``_TERMS``, or the source's own name for
    what DC has no term for), its text and xml:lang; ``hint`` is what the source says the value
    is (a DSpace qualifier, an xsi:type) and, written, the xsi:type of qualified DC."""

    term: str
    value: str
    lang: str | None = None
    hint: str | None = None


def _namespace(element: xmlio.Element) -> str:
    tag = element.tag
    return tag[1:].split("}", 1)[0] if isinstance(tag, str) and tag.startswith("{") else ""


#: A source's own ``xml:lang="zh"`` while a record is read: ``settle_scripts`` gives the record's
#: script to Chinese the reader could only tag ``zh``, never to what the source itself tagged.
_EXPLICIT_ZH = "zh-x-explicit"


def _lang_attr(value: str | None) -> str | None:
    """An ``xml:lang`` (or DSpace ``language``) value as the tag the record uses."""
    if value is None:
        return None
    value = value.strip()
    if not value or value == "*":
        return None
    tag = languages.parse(value) or value
    if not _XML_LANG.fullmatch(tag):
        return None  # not a language tag (xml:lang="en US"): the script decides instead
    return _EXPLICIT_ZH if tag == "zh" else tag


def _public(tag: str | None) -> str | None:
    return "zh" if tag == _EXPLICIT_ZH else tag


def _untag(record: Record) -> Record:
    """``record`` with every explicit-zh marker back to ``zh`` (what is unchanged kept as it is)."""
    return rebuild(record, _untagged, name=_untagged)


def _untagged(node: Any) -> Any:
    return replace(node, lang="zh") if node.lang == _EXPLICIT_ZH else node


def _dc_statements(container: xmlio.Element) -> list[Statement]:
    """The statements of an ``oai_dc:dc``, ``qdc:qualifieddc`` or any container of dc/dcterms
    elements, in document order; elements of other namespaces keep their Clark name."""
    out: list[Statement] = []
    for child in container:
        local = xmlio.local(child)
        if not local:
            continue
        ns = _namespace(child)
        if ns in (DC_NS, DCTERMS_NS) and local in _TERMS:
            term = local
        else:
            term = f"{{{ns}}}{local}" if ns else local
        xsi_type = child.get(f"{{{xmlio.XSI_NS}}}type")
        hint = xsi_type.split(":")[-1] if xsi_type else None
        out.append(Statement(term, xmlio.text_of(child), _lang_attr(xmlio.lang_of(child)), hint))
    return out


#: DSpace (element, qualifier) pairs whose meaning differs from the DCMI refinement of that name.
_DSPACE: dict[tuple[str, str], str | None] = {
    ("contributor", "author"): "creator",
    ("identifier", "citation"): "bibliographicCitation",
    ("rights", "uri"): "license",
    ("rights", "license"): "license",
    ("language", "iso"): "language",
    ("date", "submitted"): "dateSubmitted",
    ("date", "accepted"): "dateAccepted",
    # DSpace's own timestamps of deposit, not dates of the work.
    ("date", "accessioned"): None,
    ("date", "available"): None,
}
#: Elements whose every qualifier is a kind of the element (the qualifier goes into ``hint``).
_DSPACE_ANY_QUALIFIER = frozenset({"contributor", "identifier", "subject", "type", "language"})


def _dspace_term(schema: str, element: str, qualifier: str | None) -> str | None:
    """The DCMI term of a DSpace metadata field, or None when it has none."""
    if schema == "dcterms":
        return _TERM_OF.get(element.lower()) if not qualifier else None
    if schema != "dc":
        return None
    element = element.lower()
    if not qualifier:
        return element if element in _ELEMENTS else None
    qualifier = qualifier.lower()
    if (element, qualifier) in _DSPACE:
        return _DSPACE[(element, qualifier)]
    refined = _TERM_OF.get(qualifier)
    if refined and _TERMS[refined][0] == element:
        return refined
    return element if element in _DSPACE_ANY_QUALIFIER else None


def _dspace_locale(value: str) -> str | None:
    """A DSpace locale (``en_US``, ``zh_CN``) as a language tag: DSpace writes language_COUNTRY
    by default whatever the text, so only the language is kept (and, for Chinese, the script
    the country implies). None for no locale."""
    value = value.strip()
    if not value or value == "*":
        return None
    tag = languages.parse(value) or value
    if "_" not in value:
        return tag
    primary, *rest = tag.split("-")
    return "-".join([primary, *(s for s in rest if len(s) == 4)])


def _dspace_statements(container: xmlio.Element) -> list[Statement]:
    """The statements of a DSpace Simple Archive Format ``dublin_core`` file."""
    schema = (container.get("schema") or "dc").strip().lower()
    out: list[Statement] = []
    for child in container:
        if xmlio.local(child) != "dcvalue":
            continue
        element = (child.get("element") or "").strip()
        qualifier = (child.get("qualifier") or "").strip()
        if qualifier.lower() == "none":
            qualifier = ""
        value = xmlio.text_of(child)
        term = _dspace_term(schema, element, qualifier or None)
        if term is None:
            name = ".".join(p for p in (schema, element, qualifier) if p)
            term = f"dspace:{name}"
        locale = _dspace_locale(child.get("language") or "")
        lang = _EXPLICIT_ZH if locale == "zh" else locale
        if element.lower() in ("contributor", "creator"):
            lang = None  # the locale stamp says nothing about how a name is written
        elif lang and _primary(lang) not in _NON_LATIN and has_han(value):
            # DSpace stamps its default locale (en_US) on every value: Han text is not English.
            lang = detect_lang(squeeze(value))[0]
        if element.lower() == "language":
            value = _dspace_locale(value) or value
        hint = qualifier.lower() or None
        out.append(Statement(term, value, lang, hint))
    return out


# --- Reading: statements → Record ------------------------------------------------------------

_DOI_SPELLING = re.compile(
    r"^(?:doi\b|info:doi/|urn:doi:|https?://(?:dx\.|www\.)?doi\.org/|10\.\d)", re.I
)
#: A value that says it is a DOI (and is an error when it is not one).
_DOI_CLAIM = re.compile(r"^(?:doi\s*[:：]|info:doi/|urn:doi:)", re.I)
_PMID = re.compile(
    r"^(?:(?:pmid|pubmed)\s*[:：]\s*|(?:pmid|pubmed)\s+|info:pmid/|"
    r"https?://(?:www\.)?(?:pubmed\.ncbi\.nlm\.nih\.gov|ncbi\.nlm\.nih\.gov/pubmed)/)(\d+)/?$",
    re.I,
)
_PMCID = re.compile(r"^(?:pmcid\s*[:：]?\s*|pmc\s*[:：]\s*)?(PMC\d+)$", re.I)
_URI = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):(\S+)$")
_ISSN = re.compile(
    r"^(?:(?P<kind>e-?issn|p-?issn|issn-l|issn)\s*[:：]?\s*|urn:issn:)?"
    r"(?P<v>\d{4}-?\d{3}[\dxX])(?:\s*\((?P<medium>print|online|electronic)\))?$",
    re.I,
)
_ALT_IDENTIFIER = re.compile(r"^info:eu-repo/semantics/altIdentifier/(\w+)/(.+)$", re.I)
_PDF = re.compile(r"(?:\.pdf|/pdf)/?(?:[?#].*)?$", re.I)
_PAREN = re.compile(r"^(?P<head>[^()（）]+?)\s*[(（](?P<inner>[^()（）]+)[)）]$")


def _clean(value: str) -> str:
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
    text = strip_illegal(value)[0]
    if not is_html(text):
        return [(p, ()) for p in (squeeze(b) for b in re.split(r"\n\s*\n", text)) if p]
    return [p for block in re.split(r"\n\s*\n", text) for p in html_paragraphs(block)]


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


def _known_identifier(value: str, hint: str | None) -> Identifier | None:
    """A DOI, PMID or PMCID in any of its spellings (or as the DSpace qualifier says), else None.
    Raises ``InvalidRecord`` for a value that names its scheme but is not a valid one."""
    scheme = {"pubmed": "pmid", "pmc": "pmcid"}.get(hint or "", hint)
    if scheme in _NORMALISE:
        return Identifier(scheme, _NORMALISE[scheme](value, "dc:identifier"))
    for scheme, form in _ID_FORMS:  # the forms the writer writes
        match = form.match(value)
        if match:
            return Identifier(scheme, _NORMALISE[scheme](match.group(1), "dc:identifier"))
    if _DOI_SPELLING.match(value):
        try:
            return Identifier("doi", normalise_doi(value, field="dc:identifier"))
        except InvalidRecord:
            if _DOI_CLAIM.match(value):
                raise
    match = _PMID.match(value)
    if match:
        return Identifier("pmid", normalise_pmid(match.group(1), field="dc:identifier"))
    match = _PMCID.match(value)
    if match:
        return Identifier("pmcid", normalise_pmcid(match.group(1), field="dc:identifier"))
    if value.lower().startswith(("http://", "https://")):
        doi = doi_from_url(value)
        if doi:
            return Identifier("doi", doi)
        pmcid = pmcid_from_url(value)
        if pmcid and re.search(r"/articles/PMC\d+/?$", value, re.I):
            return Identifier("pmcid", pmcid)
    return None


@dataclass
class _Reading:
    """One record being read: its statements by meaning, and what it collects on the way."""

    strict: bool
    notes: list[Note] = field(default_factory=list)
    extras: dict[str, Any] = field(default_factory=dict)
    main: str | None = None
    latin: str | None = None  # the document's language for Latin text; None: identify it

    def extra(self, statement: Statement, why: str | None = None, of: str | None = None) -> None:
        """Keep a statement verbatim in extras (written back by ``write``); with ``why``, say so.
        With ``of``, the statement is how the source wrote a record field (``_AS_WRITTEN``):
        the writer writes it instead of its own form of the field while the field says the same."""
        key = _extra_key(statement.term)
        entry: dict[str, str] = {"value": _clean(statement.value)}
        if statement.lang:
            entry["lang"] = _public(statement.lang) or ""
        if of:
            entry["of"] = of
        self.extras.setdefault(key, []).append(entry)
        if why:
            self.notes.append(Note("unparsed", key, why))

    def refuse(self, statement: Statement, error: InvalidRecord) -> None:
        """A value that says what it is and is not (``doi:abc``, an ISSN failing its check
        digit): an error with ``strict``, else kept verbatim with a note."""
        if self.strict:
            raise error
        self.extra(statement, f"{error}; kept verbatim")

    def text(self, statement: Statement, value: str | None = None) -> Text | None:
        found = _inline(statement.value if value is None else value)
        if found is None:
            return None
        lang = _explicit_script(statement.lang, found.value) or _text_lang(
            found.value, self.latin, self.main
        )
        return replace(found, lang=lang, variant=_variant(lang, self.main))


def _explicit_script(lang: str | None, value: str) -> str | None:
    """A text's own tag; an explicit ``xml:lang="zh"`` gets its script subtag from the text
    (黄河流域城市韧性 is ``zh-Hans``), when its characters tell it."""
    if lang != _EXPLICIT_ZH:
        return lang
    script = chinese_script(value)
    return f"zh-{script}" if script else lang


def _text_lang(value: str, latin: str | None, declared: str | None = None) -> str:
    """The language of an untagged text: its script's (Han, kana, hangul), for Latin text what
    the language identifier finds when it is sure (an English abstract in a record whose
    dc:language is nl is English), else the record's Latin-script language. Kanji-only text in
    a record declaring Japanese is Japanese, Cyrillic text in a Russian one Russian."""
    found = detect_lang(value, None)[0]
    if found == UND and latin is not None:
        return detect_lang(value, latin)[0]
    return declared_lang(found, value, declared)


def _extra_key(term: str) -> str:
    if term in _TERMS:
        return f"dc:{term}" if term in _ELEMENTS else f"dcterms:{term}"
    return term


def _meaning(statement: Statement) -> str:
    known = _TERMS.get(statement.term)
    return known[1] if known else "unknown"


def _build(
    statements: list[Statement],
    *,
    strict: bool,
    record_id: str | None = None,
    header: dict[str, Any] | None = None,
) -> Record:
    """The Record a DC record's statements describe. Raises ``InvalidRecord`` naming the DC
    field (``dc:identifier``, ``ISSN`` …) for a value that claims a kind it does not have, and
    with ``strict`` for a field DC does not define."""
    reading = _Reading(strict)
    by: dict[str, list[Statement]] = {}
    for statement in statements:
        if not statement.value.strip():
            continue
        meaning = _meaning(statement)
        if meaning == "unknown":
            if strict:
                raise InvalidRecord(
                    f"{statement.term} is not a Dublin Core field", field=statement.term
                )
            reading.extra(statement)
            continue
        if meaning == "extra":
            reading.extra(statement)  # coverage, format, tableOfContents …: DC's, kept as written
            continue
        by.setdefault(meaning, []).append(statement)

    language = _read_language(by.get("language", []), reading)
    reading.main = _primary(language)
    reading.latin = language if language and _primary(language) not in _NON_LATIN else None
    title_statements = by.get("title", [])
    abstract_statements = by.get("abstract", [])
    descriptions = by.get("description", [])
    if abstract_statements:
        # A record that marks its abstracts (dcterms:abstract, description.abstract) says its
        # other descriptions are something else (notes, tables of contents): kept verbatim.
        for statement in descriptions:
            reading.extra(statement)
    else:
        abstract_statements = [s for s in descriptions if not _NOTE.match(s.value)]
        for statement in descriptions:
            if _NOTE.match(statement.value):
                reading.extra(statement)  # arXiv's "Comment: 12 pages": a note, no abstract
    if reading.main is None:
        reading.main = _first_language(title_statements + abstract_statements, reading.latin)
    language = _refine_chinese(language, title_statements + abstract_statements, reading.latin)

    titles = [t for t in (reading.text(s) for s in title_statements) if t]
    abstracts = [a for a in (_abstract(s, reading) for s in abstract_statements) if a]
    # Creators and other contributors interleaved, as the record lists them.
    contributors = _contributors(
        [s for s in statements if _meaning(s) in ("creator", "contributor") and s.value.strip()],
        language,
    )
    contributors = _once(contributors, abstracts, reading)
    keywords, subjects = _subjects(by.get("subject", []), reading)
    dated = _dates(by, reading)
    identifiers, links, journal_ids = _identifiers(by.get("identifier", []), reading)
    cited = _Cited(issns=journal_ids)
    for statement in by.get("source", []) + by.get("citation", []) + by.get("journal", []):
        _source(statement, reading, cited, identifiers)
    journal_titles, citation = cited.titles, cited.parts
    for issn in cited.issns_in_citations:
        if all(i.value != issn.value for i in journal_ids):
            journal_ids.append(issn)
    relation_links, relation_ids = _relations(by.get("relation", []), reading, journal_ids)
    links.extend(relation_links)
    for identifier in relation_ids:
        if identifier not in identifiers:
            identifiers.append(identifier)
    types = _types(by.get("type", []), reading)
    open_access, license_ = _rights(by.get("rights", []), reading)
    publishers = [t for t in (reading.text(s) for s in by.get("publisher", [])) if t]
    publishers = [replace(t, variant="original") for t in publishers]

    year = int(citation["year"]) if citation.get("year") else None
    published = next((d.date for d in dated if d.kind == "published"), None)
    if year and published is None:
        dated.insert(0, Dated("published", PartialDate(year)))
    elif year and published is not None and published.year != year:
        # The citation's year is its issue's (a print issue after the online date).
        dated.append(Dated("collection", PartialDate(year)))
    page = _pages(citation, reading)
    journal = None
    if journal_titles or journal_ids or publishers:
        journal = Journal(
            titles=tuple(journal_titles),
            identifiers=tuple(dict.fromkeys(journal_ids)),
            publishers=tuple(publishers),
        )
    extras = dict(reading.extras)
    if header:
        extras.update(header)
    record = Record(
        titles=tuple(titles),
        contributors=tuple(contributors),
        abstracts=tuple(abstracts),
        keywords=tuple(keywords),
        journal=journal,
        volume=citation.get("volume"),
        issue=citation.get("issue"),
        fpage=page.first if page else None,
        lpage=page.last if page else None,
        page_range=page.statement if page else None,
        elocation_id=citation.get("elocation") or (page.elocation_id if page else None),
        dates=tuple(dated),
        identifiers=tuple(dict.fromkeys(identifiers)),
        links=tuple(dict.fromkeys(links)),
        open_access=open_access,
        license=license_,
        publication_types=tuple(types),
        subjects=tuple(subjects),
        language=language,
        provenance=Provenance(NAME, None, record_id),
        extras=extras,
        notes=tuple(reading.notes),
    )
    settled: Record
    settled, warning = settle_scripts(record)
    if warning:
        settled = replace(settled, notes=(*settled.notes, Note("language", "_record", warning)))
    if not any(s.lang == _EXPLICIT_ZH for s in statements):
        return settled
    untagged: Record = _untag(settled)
    return untagged


def _once(
    contributors: list[Contributor], abstracts: list[Prose], reading: _Reading
) -> list[Contributor]:
    """A DSpace record repeating every creator as a plain ``dc:contributor`` and every
    abstract twice says each once: the repeats are dropped (abstracts in place), with a note."""
    authors = {_inverted(n).casefold() for c in contributors if c.role == "author" for n in c.names}
    kept = [
        c
        for c in contributors
        if c.role != "contributor" or not all(_inverted(n).casefold() in authors for n in c.names)
    ]
    if len(kept) < len(contributors):
        reading.notes.append(
            Note(
                "repaired",
                "dc:contributor",
                f"{len(contributors) - len(kept)} contributor(s) repeating a creator read once",
            )
        )
    seen: set[tuple[str, str]] = set()
    repeats = 0
    for abstract in list(abstracts):
        key = (abstract.lang, abstract.text)
        if key in seen:
            abstracts.remove(abstract)
            repeats += 1
        seen.add(key)
    if repeats:
        reading.notes.append(
            Note("repaired", "dc:description", f"{repeats} repeated abstract(s) read once")
        )
    return kept


#: A description that says it is a note (arXiv writes its comments field as "Comment: …").
_NOTE = re.compile(r"\s*(?:comments?|notes?)\s*:", re.I)


def _read_language(statements: list[Statement], reading: _Reading) -> str | None:
    language = None
    for statement in statements:
        spelled = _clean(statement.value)
        tag = languages.parse(spelled)
        if tag and language is None:
            language = tag
            if not languages.is_code(spelled):  # a name or a locale: the tag is what it means
                reading.notes.append(
                    Note("repaired", "dc:language", f"{spelled!r} read as the language tag {tag!r}")
                )
            elif spelled != languages.spell(tag, "iso639-3"):
                reading.extra(statement, of="language")  # a valid code (nl, dut): kept as written
        elif tag:
            reading.extra(statement)
        else:
            reading.extra(
                statement, f"{shown(statement.value)} names no language this reader knows"
            )
    return language


def _first_language(statements: list[Statement], latin: str | None) -> str | None:
    """The language of the first title (else abstract) that has one: the original's language
    when dc:language is silent."""
    for statement in statements:
        value = " ".join(_paragraphs(statement.value))
        tag = statement.lang or (detect_lang(value, latin)[0] if value else None)
        if tag and _primary(tag) and not _transliterated(tag):
            return _primary(tag)
    return None


def _refine_chinese(
    language: str | None, statements: list[Statement], latin: str | None
) -> str | None:
    """``zho`` says Chinese, not which script: take it from the first Chinese title or abstract."""
    if language != "zh":
        return language
    for statement in statements:
        value = " ".join(_paragraphs(statement.value))
        # An explicit xml:lang="zh" gets its script from the text, as the text itself does.
        tag = _explicit_script(statement.lang, value) if statement.lang else None
        tag = tag or (detect_lang(value, latin)[0] if value else None)
        if tag and _primary(tag) == "zh" and not _transliterated(tag):
            return tag if tag in ("zh-Hans", "zh-Hant") else language
    return language


def _abstract(statement: Statement, reading: _Reading) -> Prose | None:
    paragraphs = _marked_paragraphs(statement.value)
    if not paragraphs:
        return None
    # The language is the text's, not its headings' (an English "Background:" before Chinese).
    found = structure(Prose(tuple(Text(p, UND, "original", marks) for p, marks in paragraphs)))
    joined = found.text.replace("\n\n", " ")
    lang = _explicit_script(statement.lang, joined) or _text_lang(
        joined, reading.latin, reading.main
    )
    variant = _variant(lang, reading.main)
    return found.with_paragraphs(
        tuple(Text(p.value, lang, variant, p.marks) for p in found.paragraphs)
    )


#: Words that make a creator a body rather than a person (CMS Collaboration, Universidad de
#: Alicante, Ministerio de Ciencia, OJS's sponsors as dc:contributor).
BODY_WORDS = frozenset(
    (
        "academia", "academy", "agencia", "agency", "association", "asociación", "associação",
        "authority", "board", "bureau", "center", "centre", "centro", "college", "collaboration",
        "comité", "commission", "committee", "consejo", "consortium", "corporation", "council",
        "department", "departamento", "département", "facultad", "faculty", "federation",
        "foundation", "fundación", "fundação", "gmbh", "group", "grupo", "hospital", "inc",
        "initiative", "institut", "institute", "instituto", "investigators", "laboratorio",
        "laboratory", "library", "ltd", "ministerio", "ministry", "ministère", "network", "office",
        "organisation", "organization", "program", "programme", "project", "school", "sociedad",
        "society", "team", "universidad", "universidade", "università", "universität", "université",
        "university",
    )
)  # fmt: skip
#: Separators of several people written in one creator: semicolons (outside the parentheses
#: that hold a person's other forms); between Han names, also the Chinese comma and 、.
_PEOPLE = re.compile(r"\s*[;；]\s*(?![^()（）]*[)）])")
_HAN_PEOPLE = re.compile(r"\s*[，,、]\s*")


def _body(text: str) -> bool:
    """Whether a creator names a body, not a person: Han text longer than a personal name, or
    a body word in a name of several words that is not "Family, Given" (``Hospital, Ann``)."""
    if has_han(text) and not re.search(r"[A-Za-z]", text):
        return len(re.sub(r"\s", "", text)) > LONGEST_HAN_NAME and not _PAREN.match(text)
    family, comma, _ = text.partition(",")
    if re.search(r"[^\W\d_]{3,}\.\s+\S", family):
        # "Japan Rikugun. Chi Butai, Dai 1602.", "United States. Army Map Service.": a body and
        # its parts, full stops between them (a person's family name has none after a word).
        return True
    words = re.findall(r"\w+", text.casefold())
    if len(words) < 2 or BODY_WORDS.isdisjoint(words):
        return False
    return not comma or len(family.split()) > 1


def _people(text: str) -> list[str]:
    """The people one dc:creator names: ``王五; 赵六``, ``李明，陈静``, ``Hartley, S.; Li, W.``."""
    out: list[str] = []
    for part in _PEOPLE.split(text):
        if has_han(part) and not re.search(r"[A-Za-z()（）]", part):
            out.extend(p for p in _HAN_PEOPLE.split(part) if p)
        elif part:
            out.append(part)
    return out


def _contributors(statements: list[Statement], declared: str | None = None) -> list[Contributor]:
    """The people of the creators and contributors, in order. Repositories that give a name per
    language (OJS 3.4: one dc:creator per author and locale) give one person several times in a
    row: a name in another language that is the same text, or the pinyin of the Han name
    before it, is that person again (its other name), not another person."""
    out: list[Contributor] = []
    last: tuple[str, set[str]] | None = None  # the term and languages of the last person
    for statement in statements:
        role = "author" if _meaning(statement) == "creator" else "contributor"
        people = _people(_clean(statement.value))
        if len(people) == 1 and last and out and _again(statement, out[-1], *last):
            person = _contributor(statement, role, people[0], declared)
            said = {_inverted(n).casefold() for n in out[-1].names}
            names = [n for n in person.names if _inverted(n).casefold() not in said]
            out[-1] = replace(out[-1], names=(*out[-1].names, *names))
            last[1].add(_primary(statement.lang) or "")
            continue
        for text in people:
            out.append(_contributor(statement, role, text, declared))
        last = (statement.term, {_primary(statement.lang) or ""}) if len(people) == 1 else None
    return out


def _again(statement: Statement, person: Contributor, term: str, langs: set[str]) -> bool:
    """Whether ``statement`` names ``person`` (read from the statement before it) again, in
    another language (see ``_contributors``)."""
    primary = _primary(statement.lang)
    if statement.term != term or primary is None or primary in langs or "" in langs:
        return False
    text = _clean(statement.value)
    name = person.names[0]
    if text.casefold() in (_inverted(n).casefold() for n in person.names):
        return True
    return (
        len(person.names) == 1
        and has_han(_inverted(name))
        and not has_han(text)
        and same_person(name, parse_name(text))
    )


def _name(text: str, lang: str | None, declared: str | None = None) -> Name:
    """One name; without its own ``lang``, a Han name in a record declaring Japanese is ``ja``
    (``declared_lang``)."""
    name = parse_name(text)
    if lang is None and declared_lang(name.lang, text, declared) != name.lang:
        name = replace(name, lang=declared_lang(name.lang, text, declared))
    if name.literal is None and _body(text):
        han = has_han(text)
        name = Name(
            literal=re.sub(r"\s", "", text) if han else text,
            style="eastern" if han else "western",
            lang=name.lang if han else UND,
        )
    if lang:
        name = replace(name, lang=lang, variant=_variant(lang, None))
    return name


def _contributor(
    statement: Statement, role: str, text: str, declared: str | None = None
) -> Contributor:
    """One person: ``Family, Given``, ``Given Family``, ``曾明堂``; a second form of the same name
    in parentheses — ``曾明堂 (Zeng, Mingtang)`` — is another name of that person."""
    names: list[Name]
    match = _PAREN.match(text)
    if match and (
        "," in match.group("inner")
        or has_han(match.group("inner")) != has_han(match.group("head"))
        or has_han(match.group("inner"))
    ):
        forms = [f for f in re.split(r"\s*[;；]\s*", match.group("inner")) if f]
        names = [
            _name(match.group("head"), statement.lang, declared),
            *(_name(f, None, declared) for f in forms),
        ]
    else:
        names = [_name(text, statement.lang, declared)]
    if role == "contributor" and statement.hint and statement.hint not in ("none", "other"):
        role = statement.hint  # DSpace contributor.editor, contributor.advisor
    return Contributor(tuple(names), role=role)


def _cas_code(statement: Statement) -> str | None:
    if statement.lang not in vocab.LOCALE_TAGS.values():
        return None
    return vocab.code_for("cas-category", _clean(statement.value))


def _subjects(statements: list[Statement], reading: _Reading) -> tuple[list[Text], list[Term]]:
    """Keywords, and the CAS categories among the subjects. A CAS category is written as its
    labels side by side, one per language (Medicine, 医学, 醫學); only such a run — two or more
    labels of one category in different languages — is read as one: a lone 医学 is a keyword.
    A subject whose scheme the source names (``_SUBJECT_SCHEMES``) is a term of that scheme."""
    keywords: list[Text] = []
    codes: list[str] = []
    schemed: list[Term] = []
    i = 0
    while i < len(statements):
        code = _cas_code(statements[i])
        j = i + 1
        if code:
            langs = {statements[i].lang}
            while j < len(statements) and _cas_code(statements[j]) == code:
                if statements[j].lang in langs:
                    break
                langs.add(statements[j].lang)
                j += 1
        if code and j - i >= 2:
            if code not in codes:
                codes.append(code)
            i = j
            continue
        keyword = reading.text(statements[i])
        scheme = (statements[i].hint or "").lower()
        value = _clean(statements[i].value)
        if scheme == "clc" or (not scheme and _clc(value, statements)):
            schemed.append(Term("clc", value))  # 中图分类号 F724.6: a classification
        elif keyword and scheme in _SUBJECT_SCHEMES:
            schemed.append(Term(scheme, None, (replace(keyword, variant="original"),)))
        elif keyword:
            keywords.append(keyword)
        i += 1
    return keywords, [Term("cas-category", code) for code in codes] + schemed


#: Subject schemes a source may name (an xsi:type such as DOAJ's dcterms:LCSH, a DSpace
#: qualifier such as subject.mesh): their terms are subjects of that vocabulary, not keywords.
_SUBJECT_SCHEMES = frozenset({"lcsh", "lcc", "mesh", "ddc", "udc"})
#: A Chinese Library Classification (中图法) code with a subdivision: a class letter (T with its
#: second letter), digits, a point and more digits, optional further parts (F724.6, TP391.4,
#: R730.5, D922.1-55). A keyword such as PM2.5 is none: P is not followed by a letter in CLC.
_CLC = re.compile(r"(?:[A-KN-SUVXZ]|T[BDEFGHJKLMNPQSUV])\d{1,3}(?:\.\d+)+(?:[-=+/:][\dA-Z.]+)*")
#: A CLC class without a subdivision (F320, R73): one only beside a CLC code with one (a lone
#: S100 or K12 is a keyword).
_CLC_CLASS = re.compile(r"(?:[A-KN-SUVXZ]|T[BDEFGHJKLMNPQSUV])\d{1,3}")


def _clc(value: str, statements: list[Statement]) -> bool:
    """Whether a subject is a CLC code: by its form, or a class beside such a code."""
    if _CLC.fullmatch(value):
        return True
    return bool(_CLC_CLASS.fullmatch(value)) and any(
        not s.hint and _CLC.fullmatch(_clean(s.value)) for s in statements
    )


#: The meanings of ``_TERMS`` that are dates → the kind of date each is.
_DATE_KIND = {"date": "published", "accepted": "accepted", "received": "received"}
#: A W3CDTF date with a time of day and a time zone (``2003-04-22T13:13:44Z``).
_W3CDTF_TIME = re.compile(
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})"
)


@functools.cache
def _history_terms() -> tuple[tuple[str, str], ...]:
    """The refinements of dc:date history dates are written as (qualified DC): (kind, term),
    each term the first ``_TERMS`` reads as that kind (``dateAccepted``, ``dateSubmitted``)."""
    out: dict[str, str] = {}
    for term, (element, means) in _TERMS.items():
        if element == "date" and means != "date" and means in _DATE_KIND:
            out.setdefault(_DATE_KIND[means], term)
    return tuple(out.items())


def _dates(by: dict[str, list[Statement]], reading: _Reading) -> list[Dated]:
    """One date of each kind: the publication date is the first dc:date (dcterms:issued first)
    that is a date rather than a timestamp of deposit; every other date is kept verbatim."""
    out: list[Dated] = []
    for meaning, kind in _DATE_KIND.items():
        statements = sorted(by.get(meaning, []), key=lambda s: s.term != "issued")
        parsed: list[tuple[Statement, dates.ParsedDate | None]] = []
        for statement in statements:
            try:
                parsed.append(
                    (statement, dates.parse(_clean(statement.value), _extra_key(statement.term)))
                )
            except InvalidRecord:
                parsed.append((statement, None))
        chosen = next(
            (s for s, p in parsed if p and (not p.had_time or p.midnight)),
            next((s for s, p in parsed if p), None),
        )
        for statement, date in parsed:
            if statement is chosen and date is not None:
                out.append(Dated(kind, date.date))
                if date.had_time and _W3CDTF_TIME.fullmatch(_clean(statement.value)):
                    # A W3CDTF timestamp is a valid dc:date: written back as it came.
                    reading.extra(statement, of=kind)
                elif date.had_time and not date.midnight:
                    reading.notes.append(
                        Note(
                            "repaired",
                            _extra_key(statement.term),
                            f"{shown(statement.value.strip())}: the time of day is dropped",
                        )
                    )
            elif date is None:
                reading.extra(
                    statement,
                    f"{shown(statement.value.strip())} is not a date this reader knows; "
                    "kept verbatim",
                )
            else:
                reading.extra(statement)
    return out


def _identifiers(
    statements: list[Statement], reading: _Reading
) -> tuple[list[Identifier], list[Link], list[Identifier]]:
    """The record's identifiers (DOI, PMID, PMCID in any spelling; ``scheme:value`` URIs; other
    values as ``other``), its landing pages (other URLs) and ISSNs given as identifiers."""
    identifiers: list[Identifier] = []
    links: list[Link] = []
    issns: list[Identifier] = []
    for statement in statements:
        value = _clean(statement.value)
        hint = (statement.hint or "").lower() or None
        try:
            if hint in ("issn", "eissn", "pissn") or (hint is None and "issn" in value.lower()):
                issn = _issn(value)
                if issn is not None:
                    issns.append(issn)
                    continue
            if hint is None and _BARE_ISSN.fullmatch(value):
                issn = _bare_issn(value)
                if issn is not None:
                    issns.append(issn)
                    continue
            if hint == "isbn":
                identifiers.append(Identifier("isbn", value))
                continue
            known = _known_identifier(value, hint if hint in _ID_HINTS else None)
        except InvalidRecord as exc:
            reading.refuse(statement, exc)
            continue
        if known is None and standard_number(value):
            known = Identifier("standard-number", value)  # GB/T 7714–2015
        uri = _URI.match(value)
        arxiv = _ARXIV_URL.match(value)
        if known is not None:
            identifiers.append(known)
        elif value.lower().startswith(("http://", "https://")) and not is_url(value):
            reading.extra(statement, bad_url_note(value))  # secondary: kept, said, record read
        elif value.lower().startswith(("http://", "https://")):
            if arxiv:
                identifiers.append(Identifier("arxiv", arxiv.group("id")))
            links.append(Link(value, "landing"))  # as written: dc:identifier holds landings
        elif uri:
            identifiers.append(Identifier(uri.group(1).lower(), uri.group(2)))
        elif len(value.split()) >= _CITATION_WORDS:
            reading.extra(statement)  # a citation (DSpace, EPrints, arXiv's journal-ref)
        else:
            identifiers.append(Identifier("other", value))
    return identifiers, links, issns


#: An ISSN with nothing saying it is one (DOAJ, DSpace's dc.identifier.issn in oai_dc): taken
#: for one when its check digit holds.
_BARE_ISSN = re.compile(r"\d{4}-\d{3}[\dXx](?:\s*\((?:print|online|electronic)\))?", re.I)
#: arXiv's abstract page, which arXiv's oai_dc gives as the record's dc:identifier.
_ARXIV_URL = re.compile(
    r"^https?://(?:www\.|export\.)?arxiv\.org/abs/"
    r"(?P<id>(?:\d{4}\.\d{4,5}|[a-z][a-z.-]*/\d{7})(?:v\d+)?)/?$",
    re.I,
)
#: A dc:identifier of this many words or more is a citation, not an identifier.
_CITATION_WORDS = 3


def _bare_issn(value: str) -> Identifier | None:
    """The ISSN a bare value is, or None when its check digit fails (then it is no ISSN)."""
    try:
        return _issn(value)
    except InvalidRecord:
        return None


_ID_HINTS = frozenset({"doi", "pmid", "pmcid", "pmc", "pubmed"})


@dataclass
class _Cited:
    """What a record's sources say of its journal: titles, ISSNs (as stated, and those read
    inside a citation, kept only when not stated), and the citation's parts by kind."""

    titles: list[Text] = field(default_factory=list)
    issns: list[Identifier] = field(default_factory=list)
    issns_in_citations: list[Identifier] = field(default_factory=list)
    parts: dict[str, str] = field(default_factory=dict)


def _source(
    statement: Statement, reading: _Reading, cited: _Cited, identifiers: list[Identifier]
) -> None:
    """A dc:source, dcterms:bibliographicCitation or dcterms:isPartOf: an ISSN, the journal's
    citation (title, volume, issue, pages, year; an ISSN or DOI in it) or its title. A source
    this cannot read (a URL, a citation in no shape ``citations`` knows) is kept verbatim, and
    so is a citation with text that maps to nothing (an issue's title, a month)."""
    value = _clean(statement.value)
    try:
        issn = _issn(value)
    except InvalidRecord as exc:
        reading.refuse(statement, exc)
        return
    if issn is not None:
        cited.issns.append(issn)
        return
    if value.lower().startswith(("http://", "https://")):
        reading.extra(statement)
        return
    if _meaning(statement) == "journal":
        # isPartOf names the journal; read as a citation only when it gives a volume or pages.
        parsed = citations.parts_of(value) or citations.Citation(value, {})
    else:
        parsed = parse_citation(value)
        if not parsed.parts and re.search(r"\d", value):
            # Not a citation shape known here, and more than a title: kept as it is.
            reading.extra(statement)
            return
    if parsed.title:
        title = reading.text(statement, parsed.title)
        if title is not None:
            title = replace(title, variant="original")
            if title not in cited.titles:
                cited.titles.append(title)
    parts = dict(parsed.parts)
    if "issn" in parts:
        cited.issns_in_citations.append(Identifier("issn", parts.pop("issn")))
    unmapped = list(parsed.rest)
    doi = parts.pop("doi", None)
    if doi is not None and not _cited_doi(doi, identifiers, reading, statement):
        unmapped.append(f"doi: {doi}")
    _merge_parts(parts, cited.parts, reading, statement)
    if unmapped:
        reading.extra(
            statement,
            f"{shown('; '.join(unmapped))} maps to no field: the citation is kept as written",
        )


def _cited_doi(
    doi: str, identifiers: list[Identifier], reading: _Reading, statement: Statement
) -> bool:
    """A DOI read in a citation: the record's DOI when it has none; False (with a note) when the
    record has another one."""
    known = [i.value for i in identifiers if i.scheme == "doi"]
    if not known:
        identifiers.append(Identifier("doi", doi))
        return True
    if any(same_doi(doi, k) for k in known):
        return True
    reading.notes.append(
        Note(
            "conflict",
            _extra_key(statement.term),
            f"doi {shown(doi)} differs from {shown(known[0])}",
        )
    )
    return False


def _merge_parts(
    parts: dict[str, str], into: dict[str, str], reading: _Reading, statement: Statement
) -> None:
    """Add one citation's parts to the record's; a part differing from one already read is a
    conflict (the first is kept)."""
    for kind, part in parts.items():
        if kind not in into:
            into[kind] = part
        elif into[kind] != part:
            reading.notes.append(
                Note(
                    "conflict",
                    _extra_key(statement.term),
                    f"{kind} {shown(part)} differs from {shown(into[kind])}; the first is kept",
                )
            )


def _pages(citation: dict[str, str], reading: _Reading) -> pages.Pages | None:
    value = citation.get("pages")
    if not value:
        return None
    try:
        return pages.parse(value, "dc:source")
    except InvalidRecord:
        reading.notes.append(Note("unparsed", "dc:source", f"pages {shown(value)} kept as written"))
        return pages.Pages(statement=value)


def _relations(
    statements: list[Statement], reading: _Reading, issns: list[Identifier]
) -> tuple[list[Link], list[Identifier]]:
    """OpenAIRE alternative identifiers and ISSNs; URLs as links (a PDF, a related DOI, other);
    anything else verbatim."""
    links: list[Link] = []
    identifiers: list[Identifier] = []
    for statement in statements:
        value = _clean(statement.value)
        alt = _ALT_IDENTIFIER.match(value)
        try:
            if alt:
                kind, rest = alt.group(1).lower(), alt.group(2)
                if kind in ("issn", "eissn", "pissn"):
                    issns.append(_issn(f"{kind} {rest}") or Identifier("issn", rest))
                    continue
                known = _known_identifier(rest, kind if kind in _ID_HINTS else None)
                if known is not None:
                    identifiers.append(known)
                else:
                    reading.extra(statement)
                continue
            issn = _issn(value) if "issn" in value.lower() else None
        except InvalidRecord as exc:
            reading.refuse(statement, exc)
            continue
        if issn is not None:
            issns.append(issn)
        elif value.lower().startswith(("http://", "https://")) and not is_url(value):
            reading.extra(statement, bad_url_note(value))  # secondary: kept, said, record read
        elif value.lower().startswith(("http://", "https://")):
            kind = "doi" if doi_from_url(value) else "pdf" if _PDF.search(value) else "other"
            links.append(Link(value, kind))
        elif standard_number(value):
            identifiers.append(Identifier("standard-number", value))  # ISO 690:2021
        else:
            reading.extra(statement)
    return links, identifiers


def _types(statements: list[Statement], reading: _Reading) -> list[Term]:
    """Publication types: labels the vocabulary knows (Journal Article) win over OpenAIRE's
    coarser classes (info:eu-repo/semantics/article), which count only when no label does (a
    class no label implies is kept verbatim). A DCMI type (Image) is kept verbatim, but Text
    alone: the writer writes it for every record."""
    labelled: list[Term] = []
    classes: list[tuple[Statement, str]] = []
    dcmi: list[Statement] = []
    for statement in statements:
        value = _clean(statement.value)
        code = vocab.code_for("publication-type", value)
        if value.startswith(_EU_REPO):
            eu_code = _EU_TYPES.read(value[len(_EU_REPO) :])
            if eu_code is None:
                reading.extra(statement)
            else:
                classes.append((statement, eu_code))
        elif code is not None:
            if all(t.code != code for t in labelled):
                labelled.append(Term("publication-type", code))
            if value not in (t.value for t in _term_texts(Term("publication-type", code))):
                reading.extra(statement, of="publication-type")  # "Article": kept as written
        elif value.casefold() in _DCMI_TYPE_KEYS:
            dcmi.append(statement)  # arXiv writes "text"
        else:
            text = reading.text(statement)
            if text is not None:
                labelled.append(
                    Term("publication-type", None, (replace(text, variant="original"),))
                )
    if any(_clean(s.value).casefold() != "text" for s in dcmi):
        for statement in dcmi:
            reading.extra(statement)
    if any(t.code for t in labelled):
        implied = {_EU_TYPES.write(t.code or "") for t in labelled}
        for statement, _ in classes:
            if _clean(statement.value)[len(_EU_REPO) :] not in implied:
                reading.extra(statement)
        return labelled
    codes = list(dict.fromkeys(code for _, code in classes))
    return [Term("publication-type", c) for c in codes] + labelled


#: A copyright statement (OJS: "Copyright (c) 2020 …", "Derechos de autor 2020 …"): who holds
#: the rights, not the licence the work is under; kept verbatim.
_COPYRIGHT = re.compile(
    r"\s*(?:©|\(c\)|copyright\b|derechos de autor|direitos autorais|droits d'auteur"
    r"|版权|版權|著作权)",
    re.I,
)


def _rights(statements: list[Statement], reading: _Reading) -> tuple[bool | None, str | None]:
    """The access level (OpenAIRE's info:eu-repo terms or their labels) and the licence: the
    dcterms:license, else the first URL among the other rights, else the first of them.

    The first access statement sets ``open_access``. Unless it is the only one and in the form
    the writer gives the flag (openAccess, closedAccess), every access statement is also kept
    verbatim, so that a finer level (embargoedAccess) or a second statement is written back as
    it was rather than as the flag."""
    access: list[tuple[Statement, str]] = []
    others: list[Statement] = []
    for statement in statements:
        value = _clean(statement.value)
        code = _ACCESS.read(value) or vocab.code_for("access", value)
        if code is None:
            others.append(statement)
        else:
            access.append((statement, code))
    open_access = access[0][1] == "open-access" if access else None
    flag_form = {_ACCESS.write("open-access"), _ACCESS.write("closed-access")}
    if not (len(access) == 1 and _clean(access[0][0].value) in flag_form):
        for statement, _ in access:
            reading.extra(statement)
    licence = next((s for s in others if s.term == "license"), None)
    licence = licence or next(
        (s for s in others if _clean(s.value).lower().startswith(("http://", "https://"))), None
    )
    licence = licence or next((s for s in others if not _COPYRIGHT.match(s.value)), None)
    for statement in others:
        if statement is not licence:
            reading.extra(statement)
    return open_access, _clean(licence.value) if licence else None


# --- Reading: documents ----------------------------------------------------------------------

_RECORD_TAGS = {"dc", "qualifieddc", "record", "dublin_core", "resumptionToken", "error"}


def read(source: Source, *, strict: bool = False) -> Iterator[Record | Reject | Deletion]:
    """Stream every Dublin Core record of ``source``: bare ``oai_dc:dc``/qualified records, the
    collection ``write`` makes, OAI-PMH responses, DSpace ``dublin_core.xml``.

    A deleted OAI-PMH record is a ``Deletion`` (identifier, datestamp, sets); a
    resumptionToken becomes a note on the last record of the response (or the last deletion,
    when the page holds no live record). Raises ``InvalidXML``
    (with the line) when the document is not well-formed, ``InvalidInput`` for an OAI-PMH error
    response or a document that holds no DC record.
    """
    held: list[Record | Reject | Deletion] = []
    token: Note | None = None
    number = 0
    # The collection this module writes may be empty (nothing was written): that is no error.
    seen = COLLECTION_NS in source.head_text(4096)
    spans = xmlio.Spans(source.stream)
    for element in xmlio.iter_elements(source.stream, _RECORD_TAGS, source.name, spans):
        local, ns = xmlio.local(element), _namespace(element)
        if local == "resumptionToken":
            seen = True
            token = _token_note(element)
            continue
        if local == "error":
            if ns == OAI_NS:
                code = element.get("code") or "error"
                if code != "noRecordsMatch":
                    raise InvalidInput(
                        f"{source.name}: the OAI-PMH response is an error ({code}): "
                        f"{_clean(xmlio.text_of(element))}"
                    )
                seen = True
            continue
        seen = True
        number += 1
        item = _item(element, number, source.name, strict)
        if isinstance(item, Reject):
            item = xmlio.original_reject(item.error, element, spans, source, number)
        if isinstance(item, Record):
            yield from held
            held = [item]
        else:
            held.append(item)
    if token is not None:
        held = _attach(held, token)
    yield from held
    if not seen:
        raise InvalidInput(
            f"{source.name}: no Dublin Core record in it (oai_dc:dc, qualifieddc, an OAI-PMH "
            "record or DSpace dublin_core)"
        )


def _token_note(element: xmlio.Element) -> Note | None:
    """The note a non-empty resumptionToken makes: the response is one page of a longer list."""
    token = _clean(xmlio.text_of(element))
    if not token:
        return None  # an empty token marks the last page
    detail = ", ".join(
        f"{name} {element.get(attr)}"
        for name, attr in (("cursor", "cursor"), ("complete list size", "completeListSize"))
        if element.get(attr)
    )
    return Note(
        "resumption-token",
        "resumptionToken",
        f"the OAI-PMH list goes on: request the next page with resumptionToken={token}"
        + (f" ({detail})" if detail else ""),
    )


def _attach(held: list[Record | Reject | Deletion], note: Note) -> list[Record | Reject | Deletion]:
    for i in range(len(held) - 1, -1, -1):
        item = held[i]
        if isinstance(item, Record):
            held[i] = replace(item, notes=(*item.notes, note))
            return held
    deletions = [i for i, item in enumerate(held) if isinstance(item, Deletion)]
    if deletions:
        # No live record to carry the note: the last deletion says it instead.
        last_deletion = held[deletions[-1]]
        assert isinstance(last_deletion, Deletion)
        held[deletions[-1]] = replace(last_deletion, notes=(*last_deletion.notes, note))
        return held
    if held and isinstance(held[-1], Reject):
        # No live record to carry the note: the last reject says it instead.
        last = held[-1]
        messages = dict(last.error.messages)
        messages["resumptionToken"] = [note.message]
        held[-1] = replace(last, error=InvalidRecord(messages))
    return held


def _item(
    element: xmlio.Element, number: int, name: str, strict: bool
) -> Record | Reject | Deletion:
    """The Record (or Reject, or Deletion) one record element makes."""
    line = element.sourceline
    header_extras: dict[str, Any] = {}
    record_id = None
    container = element
    try:
        if xmlio.local(element) == "record":
            header = next((c for c in element if xmlio.local(c) == "header"), None)
            if header is not None:
                record_id = _clean(_child_text(header, "identifier")) or None
                datestamp = _clean(_child_text(header, "datestamp"))
                sets = [_clean(xmlio.text_of(c)) for c in header if xmlio.local(c) == "setSpec"]
                if (header.get("status") or "").strip() == "deleted":
                    return Deletion(record_id, datestamp or None, tuple(sets), number, line, name)
                if datestamp:
                    header_extras["oai:datestamp"] = datestamp
                if sets:
                    header_extras["oai:setSpec"] = sets
            container = next(
                (
                    e
                    for e in element.iter()
                    if xmlio.local(e) in ("dc", "qualifieddc", "dublin_core")
                ),
                None,
            )
            if container is None:
                if not any(xmlio.local(c) == "metadata" for c in element):
                    raise InvalidRecord(
                        f"record {record_id or '(no identifier)'} has no metadata", field="metadata"
                    )
                raise InvalidRecord("the record's metadata is not Dublin Core", field="metadata")
        if xmlio.local(container) == "dublin_core":
            statements = _dspace_statements(container)
        else:
            statements = _dc_statements(container)
        return catalogue(
            _build(statements, strict=strict, record_id=record_id, header=header_extras)
        )
    except InvalidRecord as exc:
        return Reject(exc, xmlio.to_string(element).strip(), number, line, None, name)


def _child_text(element: xmlio.Element, local: str) -> str:
    child = next((c for c in element if xmlio.local(c) == local), None)
    return xmlio.text_of(child) if child is not None else ""


# --- Writing: Record → statements ------------------------------------------------------------


_DATE_ORDER = ("published", "epub", "ppub", "collection")
_ISSUE_ORDER = ("ppub", "collection", "published", "epub")


def _inverted(name: Name) -> str:
    """A name as one dc:creator writes it: ``Family, Given`` (Latin), ``曾明堂`` (Han)."""
    return format_name(name, "inverted")


def creator(contributor: Contributor) -> tuple[str, str | None]:
    """One person as one dc:creator and its xml:lang: the Han-character form when there is one,
    else the first name; the person's other forms follow it in parentheses."""
    forms = [_inverted(n) for n in contributor.names]
    first = next((i for i, f in enumerate(forms) if has_han(f)), 0)
    # By position: two equal names may be one object (names are parsed through a cache).
    text, main = forms[first], contributor.names[first]
    others = [f for i, f in enumerate(forms) if i != first]
    if others:
        text += f" ({'; '.join(others)})"
    return text, main.lang if main.lang != UND else None


def _publication_date(record: Record, kinds: tuple[str, ...] = _DATE_ORDER) -> PartialDate | None:
    """The first date of ``kinds`` the record has: by default the date it was first published
    (dc:date); with ``_ISSUE_ORDER``, the date of the issue it belongs to (a citation's year)."""
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
    date = _publication_date(record, _ISSUE_ORDER)
    if date is not None:
        parts["year"] = f"{date.year:04d}"
    return parts


def _cas_codes(record: Record) -> list[str]:
    """The CAS categories the catalogues have labels for: of the zones, then of the subjects."""
    terms = [m.category for m in record.metrics if m.name == "cas-zone" and m.category]
    terms += record.subjects
    return list(
        dict.fromkeys(
            t.code
            for t in terms
            if t.vocabulary == "cas-category" and t.code and vocab.labels(t.vocabulary, t.code)
        )
    )


def _term_texts(term: Term) -> list[Text]:
    if term.labels:
        return list(term.labels)
    label = vocab.label(term.vocabulary, term.code or "", "en")
    return [Text(label or term.code or "", "en")]


def _extra_statements(record: Record) -> list[Statement]:
    """The DC statements kept verbatim in extras, as DC terms (what ``_Reading.extra`` kept)."""
    out: list[Statement] = []
    for key, values in record.extras.items():
        prefix, _, term = key.partition(":")
        if prefix not in ("dc", "dcterms") or term not in _TERMS or not isinstance(values, list):
            continue
        for entry in values:
            if isinstance(entry, dict) and isinstance(entry.get("value"), str):
                lang = entry.get("lang")
                out.append(Statement(term, entry["value"], lang if isinstance(lang, str) else None))
    return out


def _as_written(record: Record) -> dict[str, list[str]]:
    """The values the source wrote for a record field in a valid form of its own, by field
    (``published``, ``language``, ``publication-type``: what ``_Reading.extra`` kept ``of``)."""
    out: dict[str, list[str]] = {}
    for values in record.extras.values():
        if not isinstance(values, list):
            continue
        for entry in values:
            if isinstance(entry, dict) and isinstance(entry.get("of"), str):
                value = entry.get("value")
                if isinstance(value, str):
                    out.setdefault(entry["of"], []).append(value)
    return out


def _said_as_written(record: Record, of: str, same: Callable[[str], bool]) -> bool:
    """Whether the source's own form of a field is kept and still says what the record does."""
    return any(same(value) for value in _as_written(record).get(of, ()))


def _same_date(date: PartialDate) -> Callable[[str], bool]:
    def same(value: str) -> bool:
        try:
            parsed = dates.parse(value)
        except InvalidRecord:
            return False
        return parsed is not None and parsed.date == date

    return same


def _same_language(tag: str) -> Callable[[str], bool]:
    return lambda value: _primary(languages.parse(value)) == _primary(tag)


def _same_type(code: str | None) -> Callable[[str], bool]:
    return lambda value: code is not None and vocab.code_for("publication-type", value) == code


def statements(
    record: Record,
    *,
    qualified: bool = False,
    language_codes: str = "iso639-3",
    info_uris: bool = False,
) -> list[Statement]:
    """The DC statements that describe ``record``, in the order they are written."""
    out: list[Statement] = []

    def add(term: str, value: str, lang: str | None = None, hint: str | None = None) -> None:
        value = strip_illegal(value)[0]  # the readers removed these already; never write one
        if value.strip():
            out.append(Statement(term, value, lang, hint))

    extras = _extra_statements(record)
    main = record.title
    for title in record.titles:
        other_original = title.variant == "original" and title is not main
        add(
            "alternative" if qualified and other_original else "title",
            _as_text(title.value),
            title.lang,
        )
    for contributor in record.contributors:
        text, lang = creator(contributor)
        add("creator" if contributor.role == "author" else "contributor", text, lang)
    cas = _cas_codes(record)
    for code in cas:
        for tag, name in vocab.labels("cas-category", code).items():
            add("subject", name, tag)
    for keyword in record.keywords:
        add("subject", _as_text(keyword.value), keyword.lang)
    for subject in record.subjects:
        if subject.vocabulary == "clc" and subject.code:
            add("subject", subject.code)  # a code is in no language; read back by its form
        elif subject.vocabulary != "cas-category" or subject.code not in cas:
            for label in _term_texts(subject):
                # A label already said ("Medicine": CAS category and field of study) is not
                # said twice.
                if Statement("subject", label.value, label.lang) not in out:
                    add("subject", label.value, label.lang)
    for abstract in record.abstracts:
        add("abstract", _as_text("\n\n".join(p.value for p in written(abstract))), abstract.lang)
    journal = record.journal or Journal()
    for publisher in journal.publishers:
        add("publisher", _as_text(publisher.value), publisher.lang)
    if record.publisher is not None:
        for publisher in record.publisher.names:
            add("publisher", publisher.value, publisher.lang)
    elif record.degree is not None:  # a thesis's publisher is the institution granting it
        for grantor in record.degree.grantors:
            add("publisher", grantor.value, grantor.lang)
    date = _publication_date(record)
    if date is not None and not _said_as_written(record, "published", _same_date(date)):
        add("issued", date.iso(), hint="W3CDTF")
    if qualified:
        for kind, refinement in _history_terms():
            history = record.date(kind)
            if history is not None and not _said_as_written(record, kind, _same_date(history)):
                add(refinement, history.iso(), hint="W3CDTF")

    codes = [t.code for t in record.publication_types if t.code]
    for eu in dict.fromkeys(w for c in codes if (w := _EU_TYPES.write(c))):
        add("type", _EU_REPO + eu)
    if not any(s.term == "type" and s.value in DCMI_TYPES for s in extras):
        # Every record here is a text, but a dataset.
        add("type", "Dataset" if codes and set(codes) == {"dataset"} else "Text", hint="DCMIType")
    for term in record.publication_types:
        if _said_as_written(record, "publication-type", _same_type(term.code)):
            continue  # the source's own label (Article) is written as it came
        for label in _term_texts(term):
            add("type", label.value, label.lang)

    for identifier in record.identifiers:
        for template in (
            _ID_URLS.get(identifier.scheme),
            _ID_INFO.get(identifier.scheme) if info_uris else None,
        ):
            if template:
                add("identifier", template.format(identifier.value), hint="URI")
        if identifier.scheme not in _ID_URLS:
            value = (
                identifier.value
                if identifier.scheme in ("other", "standard-number")  # read back by its form
                else f"{identifier.scheme}:{identifier.value}"
            )
            add("identifier", value)
    for link in record.links:
        if link.kind == "landing":
            add("identifier", link.url, hint="URI")

    parts = citation_parts(record)
    issns = [form for i in journal.identifiers if (form := _issn_form(i))]
    cited: list[tuple[str, str | None]] = [
        (citations.write(t.value, parts), t.lang) for t in journal.titles
    ]
    if not cited and (
        record.volume or record.issue or record.fpage or record.page_range or record.elocation_id
    ):
        cited = [(citations.write(None, parts), None)]
    if qualified:
        for title in journal.titles:
            add("isPartOf", title.value, title.lang)
        for issn in issns:
            add("isPartOf", issn)
        # isPartOf names the journal: a citation of the title alone would say it twice.
        for text, lang in cited if len(parts) > 0 else ():
            add("bibliographicCitation", text, lang)
    else:
        for text, lang in cited:
            add("source", text, lang)
        for issn in issns:
            add("source", issn)

    if record.language and not _said_as_written(
        record, "language", _same_language(record.language)
    ):
        code = languages.spell(record.language, language_codes)
        add("language", code, hint="ISO639-3" if re.fullmatch(r"[a-z]{3}", code) else "RFC5646")
    for link in record.links:
        if link.kind != "landing":
            add("relation", link.url, hint="URI")
    if record.conference is not None:  # the meeting a paper was given at: one per language
        conference = record.conference
        for meeting in conference.names:
            place = next((t for t in conference.places if t.lang == meeting.lang), None)
            pieces = [meeting.value, place.value if place else ""]
            pieces.append(conference.date.iso() if conference.date else "")
            add("relation", ", ".join(part for part in pieces if part), meeting.lang)
    if record.open_access is not None and not _access_contradicted(record):
        code = "open-access" if record.open_access else "closed-access"
        stated = [s for s in extras if _meaning(s) == "rights" and _access_of(s.value) is not None]
        if not any(_access_of(s.value) == record.open_access for s in stated):
            add("accessRights", _ACCESS.write(code) or code)
    if record.license:
        url = record.license.lower().startswith(("http://", "https://"))
        add("license", record.license, hint="URI" if url else None)
    # A value kept verbatim that the record's own fields already state is not said twice.
    said = {(s.term, s.value, s.lang) for s in out}
    out.extend(s for s in extras if (s.term, s.value, s.lang) not in said)
    return out


def _access_of(value: str) -> bool | None:
    code = _ACCESS.read(value.strip()) or vocab.code_for("access", value)
    return None if code is None else code == "open-access"


def _access_contradicted(record: Record) -> bool:
    """``isOpenAccess: false`` beside an open-access PDF link says two things: the access level
    is not known, so none is written (DOMAIN §0)."""
    return record.open_access is False and any(link.kind == "oa-pdf" for link in record.links)


# --- Writing: documents ----------------------------------------------------------------------


#: The element each term is written as: simple DC's DCMES element (None: it has none), and
#: qualified DC's own dcterms element; a term the source named itself is qualified by name.
_SIMPLE_TAGS = {t: None if e is None else f"{{{DC_NS}}}{e}" for t, (e, _) in _TERMS.items()}
_QUALIFIED_TAGS = {t: f"{{{DCTERMS_NS}}}{t}" for t in _TERMS}
_XSI_TYPE = f"{{{xmlio.XSI_NS}}}type"


def _document(record: Record, profile: str, language_codes: str, info_uris: bool) -> xmlio.Element:
    qualified = profile == "qdc"
    items = statements(
        record, qualified=qualified, language_codes=language_codes, info_uris=info_uris
    )
    if qualified:
        root = xmlio.new(
            f"{{{QDC_NS}}}qualifieddc",
            nsmap={"qdc": QDC_NS, "dc": DC_NS, "dcterms": DCTERMS_NS, "xsi": xmlio.XSI_NS},
        )
        root.set(f"{{{xmlio.XSI_NS}}}schemaLocation", _QDC_LOCATION)
    else:
        root = xmlio.new(
            f"{{{OAI_DC_NS}}}dc", nsmap={"oai_dc": OAI_DC_NS, "dc": DC_NS, "xsi": xmlio.XSI_NS}
        )
        root.set(f"{{{xmlio.XSI_NS}}}schemaLocation", _OAI_DC_LOCATION)
    for item in items:
        attrib: dict[str, str] = {}
        if qualified:
            tag = _QUALIFIED_TAGS.get(item.term) or f"{{{DCTERMS_NS}}}{item.term}"
            if item.hint:
                attrib[_XSI_TYPE] = f"dcterms:{item.hint}"
        else:
            simple = _SIMPLE_TAGS[item.term]
            if simple is None:
                continue  # a dcterms property simple DC has no element for
            tag = simple
        if item.lang:
            attrib[xmlio.LANG] = item.lang
        xmlio.sub(root, tag, item.value, attrib)
    return root


def _validator(name: str) -> Any:
    return xmlio.xsd(str(resources.schema(_SCHEMAS[name])))


def write(
    records: Iterable[Record],
    out: IO[str],
    *,
    profile: str = "dc",
    language_codes: str = "iso639-3",
    info_uris: bool = False,
    validate: bool = True,
    on_error: Callable[[Record, NormaliserError], None] | None = None,
    **options: Any,
) -> None:
    """Write one record as a bare ``oai_dc:dc`` (``qdc:qualifieddc`` with ``profile="qdc"``)
    document; several as one ``<records xmlns="urn:normaliser:collection">`` document holding
    them, streamed record by record.

    ``language_codes`` is ``iso639-3`` (``eng``) or ``bcp47`` (``en``) for dc:language;
    ``info_uris`` adds ``info:doi/…`` and ``info:pmid/…`` identifiers. Every document is validated
    against the project's local XSD unless ``validate=False``. Raises ``UsageError`` for an
    unknown option value and ``InvalidOutput`` when a document fails its schema.
    """
    if profile == "oai_dc":
        profile = "dc"
    if profile not in PROFILES:
        raise UsageError(f"unknown Dublin Core profile {profile!r} (dc, qdc)")
    if language_codes not in ("iso639-3", "bcp47"):
        raise UsageError(f"language_codes must be 'iso639-3' or 'bcp47', not {language_codes!r}")

    numbers = count(1)

    def build(record: Record) -> xmlio.Element:
        number = next(numbers)
        root = _document(record, profile, language_codes, info_uris)
        if validate:
            xmlio.validated(root, _validator(profile), f"{profile} record {number}")
        return root

    # A collection is streamed record by record: each was validated on its own.
    xmlio.write_documents(
        records,
        build,
        out,
        wrapper="records",
        wrapper_attributes=f'xmlns="{COLLECTION_NS}"',
        on_error=on_error,
    )
