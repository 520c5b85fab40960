"""The aggregator format's declarations: name, sniff, KEEPS, the keys of a record, limits."""

from __future__ import annotations

from ... import sniffs

NAME = "aggregator"
#: How sure (0–100) that a document starts in this format (light: ``normaliser.sniffs``).
sniff = sniffs.aggregator
#: What survives write → read (see ``Record.restricted_to``).
KEEPS = frozenset(
    {
        "titles",
        "contributors.names",
        "affiliations",
        "abstracts",
        "keywords",
        "journal.titles",
        "journal.identifiers",
        "journal.descriptions",
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
        "publication_types",
        "subjects",
        "metrics",
        "language",
        "extras",
    }
)

#: The keys a record cannot stand without (README "Core and secondary fields"): a value of one
#: of them that does not parse rejects the record; any other mapped key whose value does not
#: parse (a JCR quartile "Q9", a citation count "many") is kept verbatim in extras, with a
#: warning, and the record goes on.
CORE_KEYS = frozenset(
    {"title", "TitleCN", "authors", "doi", "PMCID", "ISSN", "eISSN", "journal", "publicationDate"}
)
#: Keys aggregators write whose meaning is not documented: kept verbatim in extras, and written
#: back (null when absent) so a written record has the key set of the source.
OPAQUE_KEYS = ("resultStr", "FirstCategoryId", "ArticlePicture", "Score", "Total")
#: Hard limits that keep a hostile dump from exhausting memory.
MAX_RECORD_LINES = 100_000
MAX_JSON_CHARS = 64 * 1024 * 1024
