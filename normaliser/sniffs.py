"""How each format's input begins: every format's ``sniff`` function and the few constants and
line syntaxes they need.

They live here, away from their format modules, so that telling a format costs no import of the
format itself (its regular expressions, marshmallow schemas, lxml, bibtexparser): the registry
(``normaliser.formats``) sniffs with these and loads only the module of the format chosen. Each
format module re-exports its own as ``sniff``; the tagged formats' line ``Syntax`` is here too,
and ``tagged`` reads with the same objects. Standard library only; no package import.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

# --- Dublin Core's namespaces (formats/dc uses these very constants) ---

OAI_DC_NS = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC_NS = "http://purl.org/dc/elements/1.1/"
DCTERMS_NS = "http://purl.org/dc/terms/"
QDC_NS = "http://dspace.org/qualifieddc/"
OAI_NS = "http://www.openarchives.org/OAI/2.0/"
COLLECTION_NS = "urn:normaliser:collection"

#: The BibTeX entry types a .bib file surely starts with: every type the reader maps
#: (``bibtex.ENTRY_TYPES``, checked by a test) and the commands and catch-alls.
BIBTEX_KINDS = frozenset(
    {
        "article",
        "newspaper",
        "phdthesis",
        "mastersthesis",
        "thesis",
        "inproceedings",
        "conference",
        "book",
        "mvbook",
        "booklet",
        "collection",
        "mvcollection",
        "incollection",
        "inbook",
        "bookinbook",
        "patent",
        "standard",
        "dataset",
        "string",
        "comment",
        "preamble",
        "misc",
        "online",
        "set",
    }
)
_BIBTEX_ENTRY = re.compile(r"^\s*@\s*([A-Za-z]+)\s*[{(]", re.MULTILINE)
_JATS = re.compile(r"<!DOCTYPE\s+article\b|JATS|<article[\s>]|dtd-version=")
_AGGREGATOR_KEYS = (
    '"TitleCN"',
    '"PeriodicalName"',
    '"RegionCategory"',
    '"PubModel"',
    '"EPubDate"',
    '"PeriodicalIF"',
    '"AbstractTextCN"',
    '"openAccessPdf"',
)


def aggregator(head: str) -> int:
    """How sure we are (0–100) that ``head`` starts an aggregator dump."""
    lines = [ln for ln in head.lstrip("\ufeff").splitlines() if ln.strip()][:3]
    if not lines:
        return 0
    hits = sum(k in head for k in _AGGREGATOR_KEYS)
    first = lines[0].lstrip()
    if first.startswith(("{", "[")):
        if '"record_version"' in head:
            return 0
        return 90 if hits else 40 if '"title"' in head else 10
    if len(lines) > 1 and lines[1].lstrip().startswith("{"):
        return 95 if hits else 60
    return 5


def canonical_json(head: str) -> int:
    """How sure we are (0–100) that ``head`` starts canonical JSON (it names its version)."""
    return 100 if '"record_version"' in head[:2048] else 0


def jats(head: str) -> int:
    """How sure we are (0–100) that ``head`` starts a JATS document."""
    text = head.lstrip("\ufeff \t\r\n")
    if not text.startswith("<"):
        return 0
    if _JATS.search(text[:4096]):
        return 90
    return 5


def dc(head: str) -> int:
    """How sure we are (0–100) that ``head`` starts Dublin Core (OAI-DC, qualified DC, an
    OAI-PMH response or DSpace's dublin_core.xml)."""
    start = head.lstrip("\ufeff \t\r\n")[:1]
    if start != "<":
        return 0
    if OAI_DC_NS in head or (QDC_NS in head and DC_NS in head) or COLLECTION_NS in head:
        return 95
    if "<dublin_core" in head and "<dcvalue" in head:
        return 95
    if OAI_NS in head and (DC_NS in head or DCTERMS_NS in head):
        return 90
    if OAI_NS in head and re.search(r"<(?:\w+:)?(?:error|ListRecords|GetRecord)\b", head):
        # An OAI-PMH response with no DC in its head: an error (noRecordsMatch is zero records,
        # the others are refused with their code) or a page of deleted records.
        return 85
    if DC_NS in head or DCTERMS_NS in head:
        return 40
    return 0


def bibtex(head: str) -> int:
    """How sure we are (0–100) that ``head`` starts a .bib file."""
    found = _BIBTEX_ENTRY.search(head)
    if not found:
        return 0
    return 90 if found.group(1).lower() in BIBTEX_KINDS else 60


# --- The tagged formats' line syntax (their modules use these very objects) ---


def _same(a: str, b: str, fold: bool) -> bool:
    return a.casefold() == b.casefold() if fold else a == b


def sniff_lines(head: str, syntax: Syntax, minimum: int = 3) -> int:
    """How sure (0–100) that ``head`` is in ``syntax``: it opens with a start tag and most of its
    first non-blank lines are tagged."""
    lines = [ln for ln in head.lstrip("\ufeff").splitlines() if ln.strip()][:20]
    if not lines:
        return 0
    first = syntax.line.match(lines[0])
    if not first or not any(
        _same(first.group("tag").strip(), s, syntax.fold_case) for s in syntax.starts
    ):
        return 0
    tagged = 0
    for ln in lines:
        match = syntax.line.match(ln)
        if match and (syntax.known is None or syntax.known(match.group("tag").strip(), None)):
            tagged += 1
    if tagged < min(minimum, len(lines)):
        return 10
    return 50 + int(45 * tagged / len(lines))


@dataclass(frozen=True)
class Syntax:
    """How a format writes its lines: ``line`` matches a tagged line (groups ``tag`` and
    ``value``); ``starts`` are the tags that open a record (the first one a file uses is the one
    that opens its records); ``end`` closes a record (RIS ``ER``); ``glued`` finds a tag written
    on the end of the previous line; ``known`` decides whether a matched tag really is one (an
    abstract line "In this study" is not the RefWorks tag "In")."""

    line: re.Pattern[str]
    starts: tuple[str, ...]
    end: str | None = None
    glued: re.Pattern[str] | None = None
    known: Callable[[str, str | None], bool] | None = None
    fold_case: bool = False


#: RIS: ``TY  - JOUR`` … ``ER  - ``.
RIS = Syntax(
    line=re.compile(r"^(?P<tag>[A-Z][A-Z0-9]) {1,2}-(?: (?P<value>.*)|(?P<empty>\s*))$"),
    starts=("TY",),
    end="ER",
)

#: CNKI E-Study and 自定义 exports: ``Title-题名: value``.
CNKI = Syntax(
    line=re.compile(
        r"^(?P<tag>DataType|[A-Za-z][A-Za-z ]{0,30}-[^:：\s][^:：]{0,15}?)\s*[:：]\s?(?P<value>.*)$"
    ),
    starts=("DataType", "SrcDatabase-来源库"),
)

#: NoteExpress: ``{Reference Type}: Journal Article``.
_NOTEEXPRESS_LINE = re.compile(r"^\{(?P<tag>[^{}\n]{1,60}?)[,，]?\}\s*[:：]\s?(?P<value>.*)$")
NOTEEXPRESS = Syntax(line=_NOTEEXPRESS_LINE, starts=("Reference Type",))

#: EndNote/Refer: ``%0 Journal Article``.
_TAG_CHARS = "0-9A-Z@+"
REFER = Syntax(
    line=re.compile(rf"^(?P<tag>%[{_TAG_CHARS}])(?: |(?=\S)|$)(?P<value>.*)$"),
    starts=("%0",),
    # "…机制%K 关键词": a tag glued to the previous line (never after a digit: 30% is a share).
    glued=re.compile(rf"(?<=[^\d\s%])(?P<glue>%[{_TAG_CHARS}] )"),
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
REFWORKS = Syntax(
    line=re.compile(r"^(?P<tag>[A-Za-z][A-Za-z0-9])(?: (?P<value>.*)|(?P<empty>))$"),
    starts=("RT",),
    known=lambda tag, last: tag.upper() in REFWORKS_TAGS and (tag.isupper() or tag == "vo"),
    fold_case=True,
)


def ris(head: str) -> int:
    """How sure (0–100) that ``head`` is RIS."""
    return sniff_lines(head, RIS)


def cnki(head: str) -> int:
    """How sure (0–100) that ``head`` is a CNKI E-Study or 自定义 export."""
    return sniff_lines(head, CNKI)


def noteexpress(head: str) -> int:
    """How sure (0–100) that ``head`` is a NoteExpress export."""
    return sniff_lines(head, NOTEEXPRESS)


def refer(head: str) -> int:
    """How sure (0–100) that ``head`` is a Refer/EndNote export."""
    return sniff_lines(head, REFER)


def refworks(head: str) -> int:
    """How sure (0–100) that ``head`` is a RefWorks tagged export."""
    return sniff_lines(head, REFWORKS)


# --- Saved scholarly API responses (issue 20): told by keys only each source has ---


def _api(head: str) -> str | None:
    from .shapes import source_of  # standard library only, as this module

    return source_of(head)


def crossref(head: str) -> int:
    """How sure we are (0–100) that ``head`` starts saved Crossref JSON."""
    return 95 if _api(head) == "crossref" else 0


def openalex(head: str) -> int:
    """How sure we are (0–100) that ``head`` starts saved OpenAlex JSON."""
    return 95 if _api(head) == "openalex" else 0


def datacite(head: str) -> int:
    """How sure we are (0–100) that ``head`` starts saved DataCite JSON."""
    return 95 if _api(head) == "datacite" else 0


def s2(head: str) -> int:
    """How sure we are (0–100) that ``head`` starts saved Semantic Scholar papers."""
    return 95 if _api(head) == "s2" else 0


#: The CSL item types (``csl-data.json`` v1.0.2).
CSL_TYPES = frozenset(
    {
        "article", "article-journal", "article-magazine", "article-newspaper", "bill", "book",
        "broadcast", "chapter", "classic", "collection", "dataset", "document", "entry",
        "entry-dictionary", "entry-encyclopedia", "event", "figure", "graphic", "hearing",
        "interview", "legal_case", "legislation", "manuscript", "map", "motion_picture",
        "musical_score", "pamphlet", "paper-conference", "patent", "performance", "periodical",
        "personal_communication", "post", "post-weblog", "regulation", "report", "review",
        "review-book", "software", "song", "speech", "standard", "thesis", "treaty", "webpage",
    }
)  # fmt: skip
_CSL_TYPE = re.compile(r'"type"\s*:\s*"([A-Za-z_-]+)"')
_CSL_ID = re.compile(r'"id"\s*:\s*["\d]')
#: CSL variables no other JSON this package reads uses with these spellings.
_CSL_EVIDENCE = re.compile(
    r'"(?:container-title|date-parts|issued|DOI|ISSN|page|citation-key)"\s*:'
)


def csl(head: str) -> int:
    """How sure (0–100) that ``head`` starts CSL-JSON (an item or an array of items): an
    ``id``, a ``type`` from the CSL list and a CSL variable (``container-title``,
    ``issued.date-parts``…); never canonical JSON (it names its ``record_version``)."""
    text = head.lstrip("\ufeff \t\r\n")[:4096]
    if not text.startswith(("{", "[")) or '"record_version"' in text:
        return 0
    found = _CSL_TYPE.search(text)
    if found is None or found.group(1) not in CSL_TYPES or not _CSL_ID.search(text):
        return 0
    return 95 if _CSL_EVIDENCE.search(text) else 50


# --- CNMARC (ISO 2709 and cnmarcxml) ---

CNMARCXML_NS = "http://www.nlc.cn/"
MARC21_NS = "http://www.loc.gov/MARC21/slim"
UNIMARCXML_NS = "info:srw/schema/8/unimarcxml-v0.1"
_ISO2709_LABEL = re.compile(r"\d{5}[a-z ][a-z][a-z ][a-z0-9 ][a-z ][0-9 ]{2}(\d{5})")
_XML_TAG = re.compile(r'<(?:\w+:)?datafield\b[^>]*\btag="(\d{3})"')


def marc_tags(head: str) -> tuple[str, set[str]] | None:
    """An ISO 2709 record's label and the tags of its directory (the start of ``head``), or
    None when ``head`` does not start with one."""
    text = head.lstrip("\ufeff\r\n")
    match = _ISO2709_LABEL.match(text)
    if match is None or "\x1e" not in text[:100000]:
        return None
    base = int(match.group(1))
    directory = text[24 : base - 1]
    if base < 25 or len(directory) % 12 or not directory[:3].isdigit():
        return None
    return text[:24], {directory[i : i + 3] for i in range(0, len(directory), 12)}


def cnmarc(head: str) -> int:
    """How sure we are (0–100) that ``head`` starts a CNMARC (UNIMARC) record: ISO 2709 whose
    directory has a 200 (title) and no 245 (MARC 21's title), surer with a blank Leader/09 and
    ``450`` in Leader/20–22; or XML in the cnmarcxml or unimarcxml namespace, or MARCXML with a
    200 and no 245. A record with both or neither is unclear: 10 (refused unless named)."""
    text = head.lstrip("\ufeff \t\r\n")
    if text.startswith("<"):
        if CNMARCXML_NS in text or UNIMARCXML_NS in text:
            return 95
        if MARC21_NS in text or "<record" in text:
            tags = set(_XML_TAG.findall(text))
            if "200" in tags and "245" not in tags:
                return 80
        return 0
    found = marc_tags(text)
    if found is None:
        return 0
    leader, tags = found
    unimarc, marc21 = "200" in tags, "245" in tags or "008" in tags
    if unimarc and not marc21:
        return 95 if leader[9] == " " and leader[20:23] == "450" else 85
    if marc21 and not unimarc:
        return 0
    return 10


def never(head: str) -> int:
    """No input is this format: the sniff of a format that is only written (``gbt7714``)."""
    return 0


# --- MARC 21 (ISO 2709 and MARCXML) ---

MARC21_SLIM_NS = "http://www.loc.gov/MARC21/slim"
_MARC21_LEADER = re.compile(r"\d{5}[a-z ][a-z][a-z ][a-z ][a ]22(\d{5})")
_MARCXML_TITLE = re.compile(r'<(?:\w+:)?datafield\b[^>]*\btag="245"')


def marcxml(head: str) -> int:
    """How sure we are (0–100) that ``head`` starts MARCXML: the MARC 21 slim namespace, surer
    with a 245 (a UNIMARC record in that namespace, as Koha keeps it, has a 200 instead)."""
    text = head.lstrip("\ufeff \t\r\n")
    if not text.startswith("<") or MARC21_SLIM_NS not in text[:4096]:
        return 0
    return 95 if _MARCXML_TITLE.search(text) else 60


def marc21(head: str) -> int:
    """How sure we are (0–100) that ``head`` starts a MARC 21 bibliographic record in ISO 2709:
    a leader with indicator and subfield code counts 2 and 2, a directory of 12-byte entries
    whose tags hold a 245 or an 008 and no CNMARC 200."""
    text = head.lstrip("\ufeff \t\r\n")
    match = _MARC21_LEADER.match(text)
    if match is None:
        return 0
    base = int(match.group(1))
    directory = text[24 : base - 1]
    if base < 37 or len(directory) % 12 or not directory[:3].isdigit():
        return 0
    tags = {directory[i : i + 3] for i in range(0, len(directory), 12)}
    if "200" in tags and "245" not in tags:
        return 0
    return 95 if "245" in tags else 60 if "008" in tags else 0
