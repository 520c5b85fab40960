"""JATS's declarations: the format's name, sniff and KEEPS, its namespaces, the simple leaves
(``FIELDS``) and the value tables read and written both ways (article types, ISSN formats,
date kinds), the custom-meta names.
"""

from __future__ import annotations

from ... import sniffs, xmlio
from ...crosswalk import CASE, Crosswalk
from ...declare import CODE, DATE, IDENTIFIER, STRING, TEXT, Field, Fields

NAME = "jats"
#: How sure (0–100) that a document starts in this format (light: ``normaliser.sniffs``).
sniff = sniffs.jats
KEEPS = frozenset(
    {
        "titles",
        "contributors",
        "affiliations",
        "abstracts",
        "keywords",
        "journal",
        "volume",
        "issue",
        "fpage",
        "lpage",
        "page_range",
        "elocation_id",
        "dates",
        "pub_model",
        "identifiers",
        "links",
        "open_access",
        "license",
        "publication_types",
        "subjects",
        "metrics",
        "conference",
        "degree",
        "publisher",
        "edition",
        "series",
        "page_count",
        "language",
    }
)

ALI_NS = "http://www.niso.org/schemas/ali/1.0/"
XLINK = f"{{{xmlio.XLINK_NS}}}"
NSMAP: dict[str | None, str] = {"xlink": xmlio.XLINK_NS, "ali": ALI_NS}

#: custom-meta names this module writes (and reads), documented in the README.
META_NAMES = {
    "impact-factor": "Journal Impact Factor, as a decimal string",
    "jcr-quartile": "JCR quartile (Q1–Q4)",
    "jcr-category": "the WoS category of the JCR quartile",
    "cas-zone": "CAS (中科院) zone 1–4",
    "cas-major-category": "CAS major category; vocab-term is the code, one entry per language",
    "citation-count": "citation count",
    "<metric>-year": "edition year of a metric (JCR/CAS table year)",
    "<metric>-source": "who counted (a citation count's platform)",
    "pub-model": "PubMed publication model (vocabulary code, e.g. electronic-ecollection)",
    "open-access": "the source's open-access flag (true/false), kept as the source said it",
    "elocation-id": "an elocation id beside page numbers (JATS allows one or the other)",
    "lpage": "a last page without a first page",
    "page-range": "a page statement without a first page",
    "degree": "a thesis's degree; vocab-term is the code (doctoral, masters, bachelors)",
    "degree-grantor": "the institution granting a thesis's degree, one entry per language",
    "publisher-name": "the publisher of a book, thesis, standard or report, one per language",
    "publisher-loc": "that publisher's place, one entry per language",
    "edition": "a book's edition, as written (2, 修订本): article front matter has no element",
    "series": "a book's series in its other languages (volume-series holds the first)",
    "page-count": "a page count that is no number (xii+186: counts/page-count takes a number)",
}
#: The simple leaves, declared once (record path, element path, kind, language-bound): the
#: element and custom-meta names the reader and writer use, where the reader looks for a leaf
#: and in what order (its element, then the custom-meta the writer falls back to), the
#: crosswalk document and the KEEPS checks are derived from them. A language-bound text is
#: read and written with its xml:lang and its variant as ``specific-use`` (``_tagged`` ⇄
#: ``tagged_text``); titles in their two styles, contributors, abstracts, dates, identifiers,
#: links, categories and metrics are read ⇄ write pairs of ``_Reader`` and ``_Writer``.
FIELDS = Fields(
    NAME,
    (
        Field("journal.titles", "journal-meta/journal-title-group/journal-title", TEXT, True),
        Field(
            "journal.titles",
            "journal-meta/journal-title-group/trans-title-group/trans-title",
            TEXT,
            True,
            scheme="translation",
        ),
        Field(
            "journal.abbreviations",
            "journal-meta/journal-title-group/abbrev-journal-title",
            TEXT,
            True,
        ),
        Field("journal.identifiers", "journal-meta/issn", IDENTIFIER, scheme="issn"),
        Field("journal.identifiers", "journal-meta/journal-id", IDENTIFIER, scheme="journal-id"),
        Field("journal.publishers", "journal-meta/publisher/publisher-name", TEXT, True),
        Field("affiliations", "article-meta/aff", TEXT, True),
        Field("keywords", "article-meta/kwd-group/kwd", TEXT, True),
        Field("conference.names", "article-meta/conference/conf-name", TEXT, True),
        Field("conference.places", "article-meta/conference/conf-loc", TEXT, True),
        Field(
            "conference.date",
            "article-meta/conference/conf-date",
            DATE,
            also=("conference.end",),
        ),
        Field("volume", "article-meta/volume", STRING),
        Field("issue", "article-meta/issue", STRING),
        Field("fpage", "article-meta/fpage", STRING),
        Field("lpage", "article-meta/lpage", STRING),
        Field("page_range", "article-meta/page-range", STRING),
        Field("elocation_id", "article-meta/elocation-id", STRING),
        Field("lpage", "custom-meta/lpage", STRING, lossy="written without a first page"),
        Field(
            "page_range",
            "custom-meta/page-range",
            STRING,
            lossy="written without a first page (page-range only follows fpage)",
        ),
        Field(
            "elocation_id",
            "custom-meta/elocation-id",
            STRING,
            lossy="written beside page numbers (JATS allows one or the other)",
        ),
        Field("pub_model", "custom-meta/pub-model", CODE),
        Field("open_access", "custom-meta/open-access", CODE),
        Field("degree.level", "custom-meta/degree", CODE),
        Field("degree.grantors", "custom-meta/degree-grantor", TEXT, True),
        Field("publisher.names", "custom-meta/publisher-name", TEXT, True),
        Field("publisher.places", "custom-meta/publisher-loc", TEXT, True),
        Field("edition", "custom-meta/edition", STRING),
        Field("series", "article-meta/volume-series", TEXT, True),
        Field("series", "custom-meta/series", TEXT, True),
        Field("page_count", "custom-meta/page-count", STRING),
    ),
)
#: Record path → the element written for it (the last step of its declared path).
_ELEMENT = {
    f.path: f.key.rsplit("/", 1)[1]
    for f in reversed(FIELDS.fields)
    if not f.key.startswith("custom-meta/") and not f.scheme
}
#: Record path → the custom-meta name carrying it (alone, or beside its element).
_META = {f.path: f.key.rsplit("/", 1)[1] for f in FIELDS.fields if f.key.startswith("custom-meta/")}
#: The article-meta leaves read as plain strings: record path → where the reader looks, in
#: order ((is custom-meta, name) pairs: the element first, then the custom-meta fallback).
_LEAVES = tuple(
    (
        path,
        tuple(
            (key.startswith("custom-meta/"), key.rsplit("/", 1)[1]) for key in FIELDS.reading(path)
        ),
    )
    for path in ("volume", "issue", "fpage", "lpage", "page_range", "elocation_id")
)
#: What the hand-written read ⇄ write pairs carry (titles in their two styles, contributors,
#: abstracts, dates, identifiers and links, licence, types and subjects, metrics, the journal's
#: descriptions, the record's language).
CODE_KEEPS = frozenset(
    {
        "titles",
        "contributors",
        "abstracts",
        "dates",
        "identifiers",
        "links",
        "license",
        "publication_types",
        "subjects",
        "metrics",
        "language",
        "journal.descriptions",
        "page_count",
    }
)
#: custom-meta names that carry record fields rather than metrics.
_FIELD_META = frozenset(
    n for p, n in _META.items() if p.startswith(("degree.", "publisher.")) or p == "series"
)
#: Metric ⇄ the custom-meta naming its category (another metric's is ``<name>-category``).
_CATEGORY_META: Crosswalk[str] = Crosswalk(
    "category custom-meta",
    (("cas-zone", "cas-major-category"), ("jcr-quartile", "jcr-category")),
)
_ID_TYPES = {"doi", "pmid", "pmcid", "publisher-id", "arxiv", "isbn", "other"}
#: The pub-id-types of a PMC id: JATS4R's ``pmcid`` (the writer's) and PMC's own ``pmc``, written
#: back when the source gave it (``ARTICLE_ID_KEY``).
_PMC_ID_TYPES = ("pmcid", "pmc")
#: The JATS date-type the writer gives a kind not named by its code (epub and ppub are
#: ``pub`` dates with a ``publication-format``).
_DATE_TYPES = {"published": "pub", "epub": "pub", "ppub": "pub", "revised": "rev-recd"}
#: Legacy pub-type values whose kind is not their name.
_PUB_TYPE_TO_KIND = {
    "epub": "epub",
    "ppub": "ppub",
    "collection": "collection",
    "ecollection": "collection",
    "epub-ppub": "published",
    "pub": "published",
    "cover": "ppub",
    "final": "published",
}
#: publication-type code ⇄ JATS article-type. A code with no article-type of its own is written
#: with a broader one (lossy); some article-types are read and never written (read_only).
_ARTICLE_TYPES: Crosswalk[str] = Crosswalk(
    "JATS article types",
    (
        ("journal-article", "research-article"),
        ("review", "review-article"),
        ("case-report", "case-report"),
        ("editorial", "editorial"),
        ("letter", "letter"),
        ("comment", "article-commentary"),
        ("erratum", "correction"),
        ("retraction", "retraction"),
        ("news", "news"),
        ("thesis", "dissertation"),
    ),
    # A conference paper is research given at a meeting (meeting-report is a report about
    # one, and reads as no publication type).
    lossy=(
        ("systematic-review", "review-article"),
        ("newspaper-article", "news"),
        ("conference-paper", "research-article"),
    ),
    read_only=(
        ("journal-article", "brief-report"),
        ("journal-article", "rapid-communication"),
        ("systematic-review", "systematic-review"),
    ),
)
#: ISSN scheme ⇄ issn/@publication-format (@pub-type in JATS before 1.1).
_ISSN_FORMATS: Crosswalk[str] = Crosswalk(
    "ISSN publication formats",
    (
        ("issn-print", "print"),
        ("issn-print", "ppub"),
        ("issn-electronic", "electronic"),
        ("issn-electronic", "epub"),
        ("issn-electronic", "online"),  # free text: publishers write online too
    ),
    fold=CASE,
)
#: Date kind ⇄ pub-date/@publication-format.
_PUBLICATION_FORMATS: Crosswalk[str] = Crosswalk(
    "pub-date publication formats", (("epub", "electronic"), ("ppub", "print")), fold=CASE
)
#: A case-protected span is ``fixed-case`` (JATS 1.1 on: "the case of the content is not to
#: change, even if the content around it is styled to all upper case or all lower").
_MARK_TAGS = {
    "bold": "bold",
    "italic": "italic",
    "sup": "sup",
    "sub": "sub",
    "nocase": "fixed-case",
}
_STYLES = {"western", "eastern", "given-only", "islensk"}

#: self-uri/@specific-use of a PDF readable without payment when the article is not open access.
_FREE = "free-to-read"
#: What a title's text leaves out: its footnotes (the marker is an xref, left out as a note's).
_TITLE_NOTES = frozenset({"fn"})
#: The extras key of a title's footnotes, each as text.
TITLE_NOTES_KEY = "jats:title-fn"
#: Extras key of a title-group's alt-titles (running head, short title), written back.
ALT_TITLES_KEY = "jats:alt-title"
#: The extras key of a JATS article-type the record's publication type does not give.
ARTICLE_TYPE_KEY = "jats:article-type"
#: The extras key of article-ids the source spelled otherwise than the record's canonical form:
#: PMC's own ``pub-id-type="pmc"`` with the bare number (``9871204``), where the record has the
#: pmcid ``PMC9871204`` (both are valid JATS). Each entry is ``{"pub-id-type", "value", "of"}``,
#: ``of`` the canonical value it spells; the writer writes it back while the record still holds
#: that identifier, so other formats see the canonical PMC id and JATS gets back what came.
ARTICLE_ID_KEY = "jats:article-id"
#: The extras key of the Chinese names the source gave as ``<string-name>`` (欧阳明远), each as it
#: came. The reader splits such a name by the Chinese surnames (欧阳, 明远), as every reader of a
#: Han name does (pinyin, merging and the other formats need the parts); the writer writes a
#: name back as a ``string-name`` while its parts still spell one of these, each entry once.
STRING_NAMES_KEY = "jats:string-name"
