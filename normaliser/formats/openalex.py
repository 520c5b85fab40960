"""OpenAlex works, saved: a work object, or a list page (``meta``, ``results``: each result a
record; ``meta.next_cursor`` is a note); one object, a JSON array, JSON Lines. Read only: no
writer (canonical JSON keeps everything).

OpenAlex gives the abstract only as an inverted index (``{word: [positions]}``): the text is
put back from the positions. ``language`` is guessed by OpenAlex from the metadata: a hint,
never authoritative for CJK (a Japanese work came with ``title: ""`` and ``language: "en"``).
Display names of CJK authors are family-first (``宮地 元彦``): the name parser splits them at the
space. Keys with no home in the record are kept verbatim in ``extras``.
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
    DOIField,
    Flag,
    LoadPlan,
    load_nested,
    note,
    term,
)
from ..identifiers import normalise_issn, normalise_orcid, normalise_pmcid, normalise_pmid
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
from ..shapes import openalex_entity
from ..sources import Source
from ..text import has_han, prose

NAME = "openalex"
#: How sure (0–100) that a document starts in this format (light: ``normaliser.sniffs``).
sniff = sniffs.openalex
#: Read only: no round trip keeps anything (canonical JSON keeps everything read).
KEEPS: frozenset[str] = frozenset()
write = None

#: OpenAlex work types → publication-type codes (types with no code are kept as labels).
TYPES: Crosswalk[str] = Crosswalk(
    "openalex types",
    (
        ("journal-article", "article"),
        ("review", "review"),
        ("book-chapter", "book-chapter"),
        ("book", "book"),
        ("thesis", "dissertation"),
        ("preprint", "preprint"),
        ("dataset", "dataset"),
        ("editorial", "editorial"),
        ("letter", "letter"),
        ("erratum", "erratum"),
        ("retraction", "retraction"),
        ("standard", "standard"),
        ("other", "other"),
    ),
    read_only=(("other", "paratext"),),
)


class OpenAlexSchema(Schema):
    """The scalar keys of an OpenAlex work; objects and lists are mapped in ``_build``."""

    class Meta:
        unknown = EXCLUDE  # kept in extras by ``_build``, never mixed with mapped values

    id = Clean(data_key="id", numbers=False)
    doi = DOIField(data_key="doi")
    title = Clean(data_key="title", numbers=False)
    display_name = Clean(data_key="display_name", numbers=False)
    publication_date = DateField(data_key="publication_date")
    publication_year = Count(data_key="publication_year")
    language = Clean(data_key="language", numbers=False)
    type = Clean(data_key="type", numbers=False)
    cited_by_count = Count(data_key="cited_by_count")
    updated_date = Clean(data_key="updated_date", numbers=False)


class BiblioSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    volume = Clean(data_key="volume")
    issue = Clean(data_key="issue")
    first_page = Clean(data_key="first_page")
    last_page = Clean(data_key="last_page")


class OpenAccessSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    is_oa = Flag(data_key="is_oa")


_SCHEMA = OpenAlexSchema()
_PLAN = LoadPlan(_SCHEMA)
_BIBLIO = LoadPlan(BiblioSchema())
_OPEN_ACCESS = LoadPlan(OpenAccessSchema())
#: A value of these keys that does not parse rejects the record (README: core fields).
CORE_KEYS = frozenset(
    {"doi", "title", "display_name", "authorships", "biblio", "publication_date", "type"}
)
#: Keys mapped into the record whole (the others go to extras verbatim; ``authorships``,
#: ``primary_location``, ``ids`` and ``open_access`` go there too, for what has no home).
MAPPED = frozenset(f.data_key or n for n, f in _SCHEMA.fields.items()) | {
    "biblio",
    "abstract_inverted_index",
    "keywords",
}
#: Keys kept in extras on purpose (--strict accepts them).
KEPT = frozenset(
    {
        "ids",
        "authorships",
        "primary_location",
        "open_access",
        "best_oa_location",
        "locations",
        "locations_count",
        "type_crossref",
        "indexed_in",
        "countries_distinct_count",
        "institutions_distinct_count",
        "corresponding_author_ids",
        "corresponding_institution_ids",
        "apc_list",
        "apc_paid",
        "fwci",
        "has_fulltext",
        "fulltext_origin",
        "cited_by_percentile_year",
        "citation_normalized_percentile",
        "primary_topic",
        "topics",
        "concepts",
        "mesh",
        "sustainable_development_goals",
        "grants",
        "datasets",
        "versions",
        "referenced_works_count",
        "referenced_works",
        "related_works",
        "ngrams_url",
        "cited_by_api_url",
        "counts_by_year",
        "created_date",
        "is_retracted",
        "is_paratext",
        "relevance_score",
        "authors_count",
        "concepts_count",
        "topics_count",
        "is_authors_truncated",
    }
)


# --- Reading --------------------------------------------------------------------------------


def _unwrap(value: Any) -> apijson.Page:
    """The results of a list page; None for a work."""
    if not (isinstance(value, dict) and "results" in value and "meta" in value):
        return None
    results = value["results"]
    meta = value["meta"] if isinstance(value["meta"], dict) else {}
    notes = []
    if meta.get("next_cursor"):
        notes.append(apijson.paging_note("next_cursor", meta["next_cursor"]))
    return (list(results) if isinstance(results, list) else [results]), notes


def split(source: Source) -> Iterator[apijson.Item]:
    """Every work of ``source`` (a list page's results one by one), not yet mapped."""
    return apijson.items(source, _unwrap)


def _refuse(value: Any) -> None:
    """Raise ``InvalidRecord`` for an OpenAlex entity that is no work (an author, a source, an
    institution…: its id says which), naming it."""
    if isinstance(value, dict):
        entity = openalex_entity(value.get("id"))
        if entity is not None and entity != "work":
            raise InvalidRecord(f"this is an OpenAlex {entity}, not a work")


def parse(item: apijson.Item, number: int, name: str, *, strict: bool = False) -> Record | Reject:
    """The Record of one split work, or a Reject holding its text and the reason."""
    return apijson.parse_work(
        item, number, name, from_dict, what="an OpenAlex work", strict=strict, refuse=_refuse
    )


def read(source: Source, *, strict: bool = False) -> Iterator[Record | Reject]:
    for number, item in enumerate(split(source), 1):
        yield parse(item, number, source.name, strict=strict)


def _object(data: Mapping[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise InvalidRecord(f"expected an object, got {value!r:.60}", field=key)
    return value


def _build(
    data: Mapping[str, Any], loaded: dict[str, Any], unparsed: dict[str, Any]
) -> dict[str, Any]:
    extras: dict[str, Any] = apijson.leftover(data, MAPPED)
    extras.update(unparsed)
    declared = apijson.language(loaded.get("language"))
    out: dict[str, Any] = {"extras": extras}
    title = loaded.get("title") or loaded.get("display_name")
    if loaded.get("title") and loaded.get("display_name") not in (None, loaded["title"]):
        note("repaired", "display_name", "differs from title: kept in extras")
    hint = declared if declared and declared.split("-")[0] not in apijson.CJK else None
    found = apijson.text(title, hint) if title else None
    out["titles"] = (found,) if found else ()
    text = apijson.inverted_text(data.get("abstract_inverted_index"))
    abstract = None
    if text:
        abstract = prose(text, apijson.lang_of(text, hint, alone=True))
    out["abstracts"] = (abstract,) if abstract else ()
    authorships = data.get("authorships") or []
    if not isinstance(authorships, list) or not all(isinstance(a, dict) for a in authorships):
        raise InvalidRecord(
            f"expected a list of authorships, got {authorships!r:.60}", field="authorships"
        )
    han_names = any(
        has_han(str((a.get("author") or {}).get("display_name") or "")) for a in authorships
    )
    texts = [*out["titles"], *(abstract.paragraphs[:1] if abstract else ())]
    language, why = apijson.settle_language(declared, texts, han_names)
    if why or (loaded.get("language") and declared is None):
        extras["language"] = data["language"]
        if why:
            note("language", "language", why)
    out["language"] = language
    cjk = apijson.cjk_hint(language, texts)
    out["contributors"] = tuple(_contributor(a, n, cjk) for n, a in enumerate(authorships, 1))
    out["keywords"] = _keywords(data.get("keywords"))
    if any(isinstance(k, dict) and set(k) - {"display_name"} for k in data.get("keywords") or ()):
        extras["keywords"] = data["keywords"]  # their ids and scores: no home in the record
    biblio: dict[str, Any] = {}
    if data.get("biblio") is not None:
        biblio = load_nested(_BIBLIO, _object(data, "biblio"), "biblio")
    out["volume"], out["issue"] = biblio.get("volume"), biblio.get("issue")
    out["fpage"], out["lpage"] = biblio.get("first_page"), biblio.get("last_page")
    if out["fpage"] and out["fpage"] == out["lpage"]:
        out["lpage"] = None
    location = _object(data, "primary_location")
    out["journal"] = _journal(location)
    out["dates"] = _dates(loaded)
    out["identifiers"] = _identifiers(data, loaded)
    out["links"] = _links(location)
    open_access = load_nested(_OPEN_ACCESS, _object(data, "open_access"), "open_access")
    out["open_access"] = open_access.get("is_oa")
    if isinstance(location.get("license"), str):
        out["license"] = location["license"]
    if loaded.get("type"):
        code = TYPES.read(loaded["type"])
        kind = (
            Term("publication-type", code)
            if code
            else term("publication-type", loaded["type"], "type")
        )
        out["publication_types"] = (kind,)
    updated = loaded.get("updated_date")
    if loaded.get("cited_by_count") is not None:
        year = int(updated[:4]) if updated and updated[:4].isdigit() else None
        metric = Metric(
            "citation-count", str(loaded["cited_by_count"]), year=year, source="OpenAlex"
        )
        out["metrics"] = (metric,)
    if loaded.get("title") and loaded.get("display_name") not in (None, loaded["title"]):
        extras["display_name"] = data["display_name"]
    out["provenance"] = Provenance(NAME, "OpenAlex", loaded.get("id"), updated)
    return {k: v for k, v in out.items() if v is not None}


def _contributor(authorship: dict[str, Any], number: int, cjk: str | None) -> Contributor:
    field = f"authorships[{number}]"
    author = authorship.get("author") or {}
    if not isinstance(author, dict):
        raise InvalidRecord(f"expected an object, got {author!r:.60}", field=f"{field}.author")
    shown = author.get("display_name") or authorship.get("raw_author_name")
    name = apijson.person(None, None, shown, cjk=cjk)
    if name is None:
        raise InvalidRecord("an author with no name", field=field)
    orcid = None
    if author.get("orcid"):
        orcid = normalise_orcid(str(author["orcid"]), f"{field}.author.orcid")
    raw = authorship.get("raw_affiliation_strings") or []
    if not raw:
        raw = [
            i.get("display_name")
            for i in authorship.get("institutions") or []
            if isinstance(i, dict)
        ]
    affiliations = tuple(t for v in raw if (t := apijson.text(v, cjk, alone=False)))
    corresponding = authorship.get("is_corresponding") is True
    return Contributor((name,), "author", orcid, affiliations, corresponding)


def _keywords(value: Any) -> tuple[Text, ...]:
    if not isinstance(value, list):
        return ()
    out = []
    for keyword in value:
        label = keyword.get("display_name") if isinstance(keyword, dict) else keyword
        found = apijson.text(label, "en") if isinstance(label, str) else None
        if found is not None:
            out.append(found)
    return tuple(out)


def _journal(location: dict[str, Any]) -> Journal | None:
    source = location.get("source")
    if not isinstance(source, dict):
        return None
    titles = tuple(t for t in [apijson.text(source.get("display_name"), None, alone=False)] if t)
    ids: list[Identifier] = []
    for value in source.get("issn") or []:
        issn = normalise_issn(str(value), "primary_location.source.issn")
        ids.append(Identifier("issn", issn))
    if source.get("issn_l"):
        ids.append(Identifier("issn-l", normalise_issn(str(source["issn_l"]), "issn_l")))
    host = source.get("host_organization_name")
    publishers = (Text(host.strip(), UND),) if isinstance(host, str) and host.strip() else ()
    if not (titles or ids):
        return None
    return Journal(titles, (), tuple(ids), publishers)


def _dates(loaded: dict[str, Any]) -> tuple[Dated, ...]:
    date = loaded.get("publication_date")
    if date is not None:
        return (Dated("published", date.date),)
    if loaded.get("publication_year"):
        return (Dated("published", PartialDate(loaded["publication_year"])),)
    return ()


def _identifiers(data: Mapping[str, Any], loaded: dict[str, Any]) -> tuple[Identifier, ...]:
    out = []
    if loaded.get("doi"):
        out.append(Identifier("doi", loaded["doi"]))
    ids = _object(data, "ids")
    if ids.get("pmid"):
        out.append(
            Identifier(
                "pmid", normalise_pmid(str(ids["pmid"]).rstrip("/").rsplit("/", 1)[-1], "ids.pmid")
            )
        )
    if ids.get("pmcid"):
        # OpenAlex writes a PMCID as a PMC URL whose last segment has no "PMC" (…/articles/123).
        last = str(ids["pmcid"]).rstrip("/").rsplit("/", 1)[-1]
        value = f"PMC{last}" if last.isdigit() else str(ids["pmcid"])
        out.append(Identifier("pmcid", normalise_pmcid(value, "ids.pmcid")))
    return tuple(out)


def _links(location: dict[str, Any]) -> tuple[Link, ...]:
    out = []
    landing = location.get("landing_page_url")
    if isinstance(landing, str) and not landing.lower().startswith("https://doi.org/"):
        out.append(Link(landing, "landing"))
    pdf = location.get("pdf_url")
    if isinstance(pdf, str):
        out.append(Link(pdf, "oa-pdf" if location.get("is_oa") else "pdf"))
    return tuple(out)


#: One work as a Record (``apijson.work_record`` with this format's plan and build).
from_dict = apijson.work_reader(
    _build, plan=_PLAN, core=CORE_KEYS, known=MAPPED | KEPT, what="OpenAlex work"
)
