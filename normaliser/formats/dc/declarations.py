"""Dublin Core's declarations: the format's name, sniff, profiles and KEEPS, the DCMI terms it
knows (``TERMS``: the DCMES element simple DC writes each as, what it means for the Record),
the DCMI and info:eu-repo types and access rights read and written both ways.
"""

from __future__ import annotations

from ... import sniffs
from ...crosswalk import Crosswalk

NAME = "dc"
#: How sure (0–100) that a document starts in this format (light: ``normaliser.sniffs``).
sniff = sniffs.dc
#: The profiles ``write`` knows: ``dc`` (oai_dc, the default) and ``qdc`` (qualified dcterms).
PROFILES = ("dc", "qdc")
#: What of a text DC carries: DCMI values are literal strings (plain text, DCMI Abstract Model
#: §2), so a title's, keyword's or abstract's inline marks (italic, sub-/superscript) are not
#: written; HTML in a value is what some repositories leak (OJS), read as markup but never
#: written, since every harvester shows a value as text.
_PLAIN = ("value", "lang", "variant")
#: What survives write → read for a record in Dublin Core's value space (plain text, one creator
#: string per person, language variants as the xml:lang rule decides them). Left out because
#: they come back only in part: dates (one publication date, its kind lost), links (their kind),
#: identifiers' ``derived_from``, contributors' roles, ORCIDs and affiliations, subjects (only CAS
#: categories come back as subjects; other terms come back as keywords), metrics (a CAS
#: category comes back as a subject, never as a zone), journal ids other than ISSNs, inline
#: marks (see ``_PLAIN``), an abstract's kind (dc:description has no type: a teaser or a
#: graphical abstract is one more description). A structured abstract's section headings are
#: kept: written at the start of their paragraphs (``Objective: …``, ``【目的】…``).
KEEPS = frozenset(
    {
        *(
            f"{path}.{leaf}"
            for path in ("titles", "abstracts.paragraphs", "keywords")
            for leaf in _PLAIN
        ),
        *(f"abstracts.headings.title.{leaf}" for leaf in _PLAIN),
        "abstracts.headings.start",
        "contributors.names",
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
        "page_count",
    }
)


# --- The terms --------------------------------------------------------------------------------

#: Every DCMI term this module knows → (the DCMES element simple DC writes it as, or None when
#: simple DC has no place for it; what the term means for the Record). A meaning of "extra"
#: keeps the statement verbatim in ``extras`` (and writes it back).
TERMS: dict[str, tuple[str | None, str]] = {
    # The 15 elements of DCMES 1.1.
    "title": ("title", "title"),
    "creator": ("creator", "creator"),
    "subject": ("subject", "subject"),
    "description": ("description", "description"),
    "publisher": ("publisher", "publisher"),
    "contributor": ("contributor", "contributor"),
    "date": ("date", "date"),
    "type": ("type", "type"),
    "format": ("format", "format"),
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
    "extent": ("format", "format"),
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
_ELEMENTS = frozenset(t for t, (element, _) in TERMS.items() if element == t)
#: What each meaning of ``TERMS`` fills in the Record (and is written from): the DC field
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
    "format": ("page_count",),
    "rights": ("license", "open_access"),
    # A citation's parts (journal, ISSN, volume, issue, pages, year), however it is labelled.
    "source": _CITED,
    "citation": _CITED,
    "journal": _CITED,
    "extra": ("extras",),
}
_TERM_OF = {t.lower(): t for t in TERMS}

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
