"""Semantic Scholar Graph API papers, saved: a paper, a ``/paper/batch`` array, a search or bulk
page (``total``, ``data``: each paper a record; ``next``/``token`` is a note); one object, a JSON
array, JSON Lines. Read only: no writer (canonical JSON keeps everything).

Semantic Scholar has no language field: each text is tagged by the language it is written in.
An author is one ``name`` string, parsed by the name parser. An author profile or a citation
list is not a paper and is refused by name when sniffed (normaliser.shapes).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from marshmallow import EXCLUDE, Schema

from .. import apijson, sniffs
from ..crosswalk import Crosswalk
from ..errors import InvalidRecord
from ..fields import (
    Clean,
    Count,
    DateField,
    Flag,
    LoadPlan,
    PagesField,
    Strings,
    load_nested,
    note,
    term,
)
from ..identifiers import normalise_doi, normalise_issn, normalise_pmcid, normalise_pmid
from ..record import (
    UND,
    Contributor,
    Dated,
    Identifier,
    Journal,
    Link,
    Metric,
    PartialDate,
    Provenance,
    Record,
    Reject,
    Term,
    Text,
)
from ..sources import Source
from ..text import prose

NAME = "s2"
#: How sure (0–100) that a document starts in this format (light: ``normaliser.sniffs``).
sniff = sniffs.s2
#: Read only: no round trip keeps anything (canonical JSON keeps everything read).
KEEPS: frozenset[str] = frozenset()
write = None

#: publicationTypes → publication-type codes (others are kept as labels).
TYPES: Crosswalk[str] = Crosswalk(
    "semantic scholar publication types",
    (
        ("journal-article", "JournalArticle"),
        ("review", "Review"),
        ("conference-paper", "Conference"),
        ("book", "Book"),
        ("book-chapter", "BookSection"),
        ("dataset", "Dataset"),
        ("editorial", "Editorial"),
        ("letter", "LettersAndComments"),
        ("case-report", "CaseReport"),
        ("clinical-trial", "ClinicalTrial"),
        ("meta-analysis", "MetaAnalysis"),
        ("news", "News"),
        ("study", "Study"),
    ),
)

#: externalIds keys → identifier schemes (the others stay in extras with the object).
ID_KEYS: Crosswalk[str] = Crosswalk(
    "semantic scholar external ids",
    (("doi", "DOI"), ("pmid", "PubMed"), ("pmcid", "PubMedCentral"), ("arxiv", "ArXiv")),
)


class JournalSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    name = Clean(data_key="name", numbers=False)
    volume = Clean(data_key="volume")
    pages = PagesField(data_key="pages")


class S2Schema(Schema):
    """The scalar keys of a paper; objects and lists are mapped in ``_build``."""

    class Meta:
        unknown = EXCLUDE  # kept in extras by ``_build``, never mixed with mapped values

    paper_id = Clean(data_key="paperId", numbers=False)
    title = Clean(data_key="title", numbers=False)
    abstract = Clean(data_key="abstract", numbers=False)
    venue = Clean(data_key="venue", numbers=False)
    year = Count(data_key="year")
    publication_date = DateField(data_key="publicationDate")
    publication_types = Strings(data_key="publicationTypes")
    fields_of_study = Strings(data_key="fieldsOfStudy")
    is_open_access = Flag(data_key="isOpenAccess")
    citation_count = Count(data_key="citationCount")


_SCHEMA = S2Schema()
_PLAN = LoadPlan(_SCHEMA)
_JOURNAL = LoadPlan(JournalSchema())
CORE_KEYS = frozenset({"title", "authors", "externalIds", "journal", "publicationDate", "year"})
MAPPED = frozenset(f.data_key or n for n, f in _SCHEMA.fields.items()) | {"authors", "journal"}
#: Keys kept in extras on purpose (--strict accepts them); some are also mapped in part.
KEPT = frozenset(
    {
        "corpusId",
        "externalIds",
        "url",
        "publicationVenue",
        "s2FieldsOfStudy",
        "openAccessPdf",
        "referenceCount",
        "influentialCitationCount",
        "tldr",
        "embedding",
        "citationStyles",
        "citations",
        "references",
        "textAvailability",
        "matchScore",
    }
)


# --- Reading --------------------------------------------------------------------------------


def _unwrap(value: Any) -> apijson.Page:
    """The papers of a search or bulk page; None for a paper."""
    if not (isinstance(value, dict) and isinstance(value.get("data"), list)):
        return None
    notes = []
    for key in ("next", "token"):
        if value.get(key) is not None:
            notes.append(apijson.paging_note(key, value[key]))
    return list(value["data"]), notes


def split(source: Source) -> Iterator[apijson.Item]:
    """Every paper of ``source`` (a page's papers one by one), not yet mapped."""
    return apijson.items(source, _unwrap)


def _refuse(value: Any) -> None:
    """Raise ``InvalidRecord`` for what a batch or page holds that is no paper: a null (a paper
    the batch request did not find), an author profile, a citation."""
    if value is None:
        raise InvalidRecord("null: a paper the batch request did not find")
    if isinstance(value, dict) and "authorId" in value and "paperId" not in value:
        raise InvalidRecord("this is a Semantic Scholar author profile, not a paper")
    if isinstance(value, dict) and ("citingPaper" in value or "citedPaper" in value):
        raise InvalidRecord("this is a Semantic Scholar citation, not a paper")


def parse(item: apijson.Item, number: int, name: str, *, strict: bool = False) -> Record | Reject:
    """The Record of one split paper, or a Reject holding its text and the reason."""
    return apijson.parse_work(
        item, number, name, from_dict, what="a paper", strict=strict, refuse=_refuse
    )


def read(source: Source, *, strict: bool = False) -> Iterator[Record | Reject]:
    for number, item in enumerate(split(source), 1):
        yield parse(item, number, source.name, strict=strict)


def _build(
    data: Mapping[str, Any], loaded: dict[str, Any], unparsed: dict[str, Any]
) -> dict[str, Any]:
    extras: dict[str, Any] = apijson.leftover(data, MAPPED)
    extras.update(unparsed)
    out: dict[str, Any] = {"extras": extras}
    title = apijson.text(loaded.get("title"), None)
    out["titles"] = (title,) if title else ()
    abstract = None
    if loaded.get("abstract"):
        text = loaded["abstract"]
        abstract = prose(text, apijson.lang_of(text, None))
    out["abstracts"] = (abstract,) if abstract else ()
    texts = [*out["titles"], *(abstract.paragraphs[:1] if abstract else ())]
    main = next((t for t in texts if t.lang != UND), None)
    out["language"] = main.lang if main else None
    cjk = apijson.cjk_hint(None, texts)
    authors = data.get("authors") or []
    if not isinstance(authors, list) or not all(isinstance(a, dict) for a in authors):
        raise InvalidRecord(
            f"expected a list of {{authorId, name}}, got {authors!r:.60}", field="authors"
        )
    people = []
    for number, author in enumerate(authors, 1):
        name = apijson.person(None, None, author.get("name"), cjk=cjk)
        if name is None:
            raise InvalidRecord("an author with no name", field=f"authors[{number}]")
        people.append(Contributor((name,)))
    out["contributors"] = tuple(people)
    if any(set(a) - {"name"} for a in authors):
        extras["authors"] = authors  # authorId, url: no home in the record
    journal = data.get("journal")
    if journal is not None and not isinstance(journal, dict):
        raise InvalidRecord(
            f"expected {{name, volume, pages}}, got {journal!r:.60}", field="journal"
        )
    parts = load_nested(_JOURNAL, journal, "journal") if journal else {}
    out["journal"] = _journal(data, parts, loaded)
    shown = {t.value for t in out["journal"].titles} if out["journal"] else set()
    if loaded.get("venue") and loaded["venue"] not in shown:
        extras["venue"] = data["venue"]  # another name of the venue (arXiv.org for ArXiv)
    out["volume"] = parts.get("volume")
    if out["volume"] and out["volume"].startswith("abs/"):
        # An arXiv paper's "volume" is its abstract page (abs/2406.01234): no volume.
        note("repaired", "journal.volume", f"{out['volume']!r} is an arXiv page, not a volume")
        extras["journal"] = journal
        out["volume"] = None
    pages = parts.get("pages")
    if pages is not None:
        out.update(
            fpage=pages.first,
            lpage=pages.last,
            page_range=pages.statement,
            elocation_id=pages.elocation_id,
        )
    if loaded.get("publication_date") is not None:
        out["dates"] = (Dated("published", loaded["publication_date"].date),)
    elif loaded.get("year"):
        out["dates"] = (Dated("published", PartialDate(loaded["year"])),)
    out["identifiers"] = _identifiers(data)
    pdf = data.get("openAccessPdf")
    if isinstance(pdf, dict) and isinstance(pdf.get("url"), str) and pdf["url"].strip():
        out["links"] = (Link(pdf["url"].strip(), "oa-pdf"),)
    out["open_access"] = loaded.get("is_open_access")
    types = []
    for label in loaded.get("publication_types") or ():
        if label:
            code = TYPES.read(label)
            types.append(
                Term("publication-type", code)
                if code
                else term("publication-type", label, "publicationTypes")
            )
    out["publication_types"] = tuple(types)
    out["subjects"] = tuple(
        Term("field-of-study", None, (Text(label, "en"),))
        for label in loaded.get("fields_of_study") or ()
        if label
    )
    if loaded.get("citation_count") is not None:
        metric = Metric("citation-count", str(loaded["citation_count"]), source="Semantic Scholar")
        out["metrics"] = (metric,)
    out["provenance"] = Provenance(NAME, "Semantic Scholar", loaded.get("paper_id"))
    return {k: v for k, v in out.items() if v is not None}


def _journal(
    data: Mapping[str, Any], parts: dict[str, Any], loaded: dict[str, Any]
) -> Journal | None:
    raw = data.get("publicationVenue")
    venue: dict[str, Any] = raw if isinstance(raw, dict) else {}
    name = parts.get("name") or venue.get("name") or loaded.get("venue")
    titles = tuple(t for t in [apijson.text(name, None, alone=False)] if t)
    ids = []
    issn = venue.get("issn")
    if isinstance(issn, str) and issn.strip():
        ids.append(Identifier("issn", normalise_issn(issn, "publicationVenue.issn")))
    if not (titles or ids):
        return None
    return Journal(titles, (), tuple(ids))


def _identifiers(data: Mapping[str, Any]) -> tuple[Identifier, ...]:
    ids = data.get("externalIds")
    if ids is None:
        return ()
    if not isinstance(ids, dict):
        raise InvalidRecord(f"expected an object of ids, got {ids!r:.60}", field="externalIds")
    out = []
    for key, value in ids.items():
        scheme = ID_KEYS.read(key)
        if scheme is None or value in (None, ""):
            continue
        text = str(value).strip()
        field = f"externalIds.{key}"
        if scheme == "doi":
            text = normalise_doi(text, field)
        elif scheme == "pmid":
            text = normalise_pmid(text, field)
        elif scheme == "pmcid":
            text = normalise_pmcid(f"PMC{text}" if text.isdigit() else text, field)
        out.append(Identifier(scheme, text))
    return tuple(out)


#: One work as a Record (``apijson.work_record`` with this format's plan and build).
from_dict = apijson.work_reader(
    _build, plan=_PLAN, core=CORE_KEYS, known=MAPPED | KEPT, what="paper"
)
