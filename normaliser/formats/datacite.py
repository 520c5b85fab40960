"""DataCite REST API (JSON:API) records, saved: ``{"data": {"id", "type": "dois", "attributes":
{…}}}``, a list ``{"data": [...], "meta", "links"}`` (each item a record; ``links.next`` is a
note), or bare ``attributes`` objects; one object, a JSON array, JSON Lines. Read only: no
writer (canonical JSON keeps everything).

DataCite is the one source that tags titles and descriptions by language (``lang``): the tags
are kept. A title with no ``titleType`` is an original, a ``TranslatedTitle`` a translation, a
``Subtitle`` joins the title in its language; alternative titles have no home in the record and
stay in ``extras`` with the other keys.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import replace
from typing import Any

from marshmallow import EXCLUDE, Schema

from .. import apijson, sniffs
from ..crosswalk import Crosswalk
from ..dates import parse as parse_date
from ..errors import InvalidRecord
from ..fields import (
    Clean,
    Count,
    DOIField,
    LoadPlan,
    UrlField,
    term,
)
from ..identifiers import normalise_issn, normalise_orcid
from ..record import (
    UND,
    Contributor,
    Dated,
    Identifier,
    Journal,
    Link,
    Metric,
    Name,
    Note,
    PartialDate,
    Prose,
    Provenance,
    Publisher,
    Record,
    Reject,
    Term,
    Text,
    with_subtitle,
)
from ..sources import Source
from ..text import prose

NAME = "datacite"
#: How sure (0–100) that a document starts in this format (light: ``normaliser.sniffs``).
sniff = sniffs.datacite
#: Read only: no round trip keeps anything (canonical JSON keeps everything read).
KEEPS: frozenset[str] = frozenset()
write = None

#: resourceTypeGeneral → publication-type codes (others are kept as labels).
TYPES: Crosswalk[str] = Crosswalk(
    "datacite resource types",
    (
        ("journal-article", "JournalArticle"),
        ("dataset", "Dataset"),
        ("preprint", "Preprint"),
        ("thesis", "Dissertation"),
        ("book", "Book"),
        ("book-chapter", "BookChapter"),
        ("conference-paper", "ConferencePaper"),
        ("standard", "Standard"),
        ("other", "Other"),
    ),
)

#: dateType → date kinds (the others stay in extras with the whole list).
DATES: Crosswalk[str] = Crosswalk(
    "datacite date types",
    (
        ("published", "Issued"),
        ("epub", "Available"),
        ("accepted", "Accepted"),
        ("received", "Submitted"),
    ),
)

#: titleType → variant (no titleType: the original).
TITLE_TYPES: Crosswalk[str] = Crosswalk(
    "datacite title types", (("translation", "TranslatedTitle"),)
)


class DataCiteSchema(Schema):
    """The scalar keys of a DataCite record's attributes; lists are mapped in ``_build``."""

    class Meta:
        unknown = EXCLUDE  # kept in extras by ``_build``, never mixed with mapped values

    doi = DOIField(data_key="doi")
    url = UrlField(data_key="url")
    publication_year = Count(data_key="publicationYear")
    language = Clean(data_key="language", numbers=False)
    updated = Clean(data_key="updated", numbers=False)
    citation_count = Count(data_key="citationCount")


_SCHEMA = DataCiteSchema()
_PLAN = LoadPlan(_SCHEMA)
CORE_KEYS = frozenset({"doi", "titles", "creators", "publicationYear", "dates", "types"})
MAPPED = frozenset(f.data_key or n for n, f in _SCHEMA.fields.items()) | {
    "titles",
    "creators",
    "publisher",
    "descriptions",
}
#: Keys kept in extras on purpose (--strict accepts them); some are also mapped in part.
KEPT = frozenset(
    {
        "prefix",
        "suffix",
        "identifiers",
        "alternateIdentifiers",
        "contributors",
        "subjects",
        "dates",
        "types",
        "relatedIdentifiers",
        "relatedItems",
        "sizes",
        "formats",
        "version",
        "rightsList",
        "fundingReferences",
        "geoLocations",
        "container",
        "xml",
        "contentUrl",
        "metadataVersion",
        "schemaVersion",
        "source",
        "isActive",
        "state",
        "reason",
        "viewCount",
        "downloadCount",
        "referenceCount",
        "partCount",
        "partOfCount",
        "versionCount",
        "versionOfCount",
        "viewsOverTime",
        "downloadsOverTime",
        "citationsOverTime",
        "created",
        "registered",
        "published",
        "jsonapi",
    }
)


# --- Reading --------------------------------------------------------------------------------


def _unwrap(value: Any) -> apijson.Page:
    """The items of a JSON:API response (one ``data`` object or a list); None for bare
    attributes."""
    if not (isinstance(value, dict) and "data" in value):
        return None
    data = value["data"]
    notes = []
    links = value.get("links")
    if isinstance(links, dict) and links.get("next"):
        notes.append(apijson.paging_note("links.next", links["next"]))
    works = data if isinstance(data, list) else [data]
    if isinstance(data, dict) and len(value) > 1:  # included, meta: no home in the record
        works = [{**data, "jsonapi": {k: v for k, v in value.items() if k != "data"}}]
    return works, notes


def split(source: Source) -> Iterator[apijson.Item]:
    """Every record of ``source`` (a list's items one by one), not yet mapped."""
    return apijson.items(source, _unwrap)


def parse(item: apijson.Item, number: int, name: str, *, strict: bool = False) -> Record | Reject:
    """The Record of one split item, or a Reject holding its text and the reason."""
    return apijson.parse_work(
        item, number, name, from_dict, what="a DataCite record", strict=strict
    )


def read(source: Source, *, strict: bool = False) -> Iterator[Record | Reject]:
    for number, item in enumerate(split(source), 1):
        yield parse(item, number, source.name, strict=strict)


def from_dict(
    data: Mapping[str, Any], *, notes: tuple[Note, ...] = (), strict: bool = False
) -> Record:
    """One DataCite item (``{id, type, attributes}``) or its bare attributes as a Record."""
    wrapper: dict[str, Any] = {}
    if isinstance(data.get("attributes"), dict):
        wrapper = {k: v for k, v in data.items() if k != "attributes"}
        data = data["attributes"]

    def build(
        data: Mapping[str, Any], loaded: dict[str, Any], unparsed: dict[str, Any]
    ) -> dict[str, Any]:
        record = _build(data, loaded, unparsed)
        if wrapper:
            record["extras"]["jsonapi"] = {**record["extras"].get("jsonapi", {}), **wrapper}
        return record

    return apijson.work_record(
        data,
        build,
        plan=_PLAN,
        core=CORE_KEYS,
        known=MAPPED | KEPT,
        notes=notes,
        strict=strict,
    )


def _list(data: Mapping[str, Any], key: str) -> list[dict[str, Any]]:
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise InvalidRecord(f"expected a list of objects, got {value!r:.60}", field=key)
    return value


def _lang(value: Any, text: str, declared: str | None) -> str:
    """A title's or description's own ``lang`` (DataCite tags them), else its script's."""
    tag = apijson.language(value)
    if tag:
        found = apijson.lang_of(text, None)
        # A Latin tag on Han text (or the reverse) is a slip: the script wins.
        if (
            found != UND
            and found.split("-")[0] in apijson.CJK
            and tag.split("-")[0] != found.split("-")[0]
        ):
            return found
        if tag == "zh" and found.startswith("zh"):
            return found
        return tag
    return apijson.lang_of(text, declared, alone=True)


def _build(
    data: Mapping[str, Any], loaded: dict[str, Any], unparsed: dict[str, Any]
) -> dict[str, Any]:
    extras: dict[str, Any] = apijson.leftover(data, MAPPED)
    extras.update(unparsed)
    language = apijson.language(loaded.get("language"))
    if loaded.get("language") and language is None:
        extras["language"] = data["language"]
    out: dict[str, Any] = {"language": language, "extras": extras}
    out["titles"] = _titles(_list(data, "titles"), language, extras)
    cjk = apijson.cjk_hint(language, out["titles"])
    creators = _list(data, "creators")
    people = [_contributor(c, n, "author", cjk) for n, c in enumerate(creators, 1)]
    if any(_more_than_mapped(c) for c in creators):
        extras["creators"] = creators  # affiliation ids, other name identifiers: no home
    for number, person in enumerate(_list(data, "contributors"), 1):
        role = "editor" if person.get("contributorType") == "Editor" else "contributor"
        people.append(_contributor(person, number, role, cjk, "contributors"))
    out["contributors"] = tuple(people)
    abstracts = []
    for entry in _list(data, "descriptions"):
        text = entry.get("description")
        if entry.get("descriptionType") == "Abstract" and isinstance(text, str):
            found = prose(text, _lang(entry.get("lang"), text, language))
            if found is not None:
                abstracts.append(found)
        else:
            extras["descriptions"] = data["descriptions"]
    # An abstract in the language of a translated title (and not of an original) is its
    # translation: DataCite tags descriptions by language but does not say which is original.
    originals = {t.lang for t in out["titles"] if t.variant == "original"}
    translated = {t.lang for t in out["titles"] if t.variant == "translation"} - originals
    out["abstracts"] = tuple(
        Prose(tuple(replace(p, variant="translation") for p in a.paragraphs), a.kind)
        if a.lang in translated
        else a
        for a in abstracts
    )
    keywords = []
    for entry in _list(data, "subjects"):
        text = entry.get("subject")
        if isinstance(text, str) and text.strip():
            keywords.append(Text(text.strip(), _lang(entry.get("lang"), text, language)))
    out["keywords"] = tuple(keywords)
    publisher = data.get("publisher")
    if isinstance(publisher, dict):
        publisher = publisher.get("name")
    raw_container = data.get("container")
    container: dict[str, Any] = raw_container if isinstance(raw_container, dict) else {}
    out["journal"] = _journal(container, publisher)
    if out["journal"] is None and isinstance(publisher, str) and publisher.strip():
        out["publisher"] = Publisher(names=(Text(publisher.strip(), UND),))
    out["volume"], out["issue"] = _str(container.get("volume")), _str(container.get("issue"))
    out["fpage"], out["lpage"] = _str(container.get("firstPage")), _str(container.get("lastPage"))
    out["dates"] = _dates(_list(data, "dates"), loaded)
    out["identifiers"] = (Identifier("doi", loaded["doi"]),) if loaded.get("doi") else ()
    if loaded.get("url"):
        out["links"] = (Link(loaded["url"], "landing"),)
    rights = [r for r in _list(data, "rightsList") if isinstance(r.get("rightsUri"), str)]
    if rights:
        out["license"] = rights[0]["rightsUri"]
    raw_types = data.get("types")
    types: dict[str, Any] = raw_types if isinstance(raw_types, dict) else {}
    general = types.get("resourceTypeGeneral")
    # "Text" says only that the resource is text (DCMI's own type, which DC writes anyway).
    if isinstance(general, str) and general and general != "Text":
        code = TYPES.read(general)
        out["publication_types"] = (
            Term("publication-type", code) if code else term("publication-type", general, "types"),
        )
    if loaded.get("citation_count") is not None:
        out["metrics"] = (
            Metric("citation-count", str(loaded["citation_count"]), source="DataCite"),
        )
    doi = loaded.get("doi")
    out["provenance"] = Provenance(NAME, "DataCite", doi, loaded.get("updated"))
    return {k: v for k, v in out.items() if v is not None}


def _str(value: Any) -> str | None:
    if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value).strip():
        return str(value).strip()
    return None


def _titles(
    entries: list[dict[str, Any]], language: str | None, extras: dict[str, Any]
) -> tuple[Text, ...]:
    texts: list[Text] = []
    subtitles: list[Text] = []
    for entry in entries:
        value = entry.get("title")
        kind = entry.get("titleType")
        if not isinstance(value, str) or not value.strip():
            continue
        if kind not in (None, "TranslatedTitle", "Subtitle"):
            extras["titles"] = entries  # AlternativeTitle, Other: no home in the record
            continue
        variant = "translation" if kind == "TranslatedTitle" else "original"
        found = apijson.text(value, None)
        if found is None:
            continue
        lang = _lang(entry.get("lang"), found.value, language)
        found = Text(found.value, lang, variant, found.marks)
        (subtitles if kind == "Subtitle" else texts).append(found)
    for subtitle in subtitles:
        index = next((i for i, t in enumerate(texts) if t.lang == subtitle.lang), None)
        if index is None:
            extras["titles"] = entries
            continue
        texts[index] = with_subtitle(texts[index], subtitle)
    return tuple(texts)


def _contributor(
    person: dict[str, Any], number: int, role: str, cjk: str | None, key: str = "creators"
) -> Contributor:
    field = f"{key}[{number}]"
    name: Name | None
    if person.get("nameType") == "Organizational":
        whole = person.get("name")
        name = Name(literal=whole.strip()) if isinstance(whole, str) and whole.strip() else None
    else:
        name = apijson.person(person.get("familyName"), person.get("givenName"), cjk=cjk)
        whole = person.get("name")
        if name is None and isinstance(whole, str) and "," in whole:
            family, _, given = whole.partition(",")
            name = apijson.person(family, given, cjk=cjk)
        elif name is None:
            name = apijson.person(None, None, whole, cjk=cjk)
    if name is None:
        raise InvalidRecord("a person with no name", field=field)
    orcid = None
    for ident in person.get("nameIdentifiers") or []:
        if (
            isinstance(ident, dict)
            and str(ident.get("nameIdentifierScheme", "")).upper() == "ORCID"
        ):
            orcid = normalise_orcid(
                str(ident.get("nameIdentifier", "")), f"{field}.nameIdentifiers"
            )
    affiliations = []
    for aff in person.get("affiliation") or []:
        value = aff.get("name") if isinstance(aff, dict) else aff
        found = apijson.text(value, cjk, alone=False)
        if found is not None:
            affiliations.append(found)
    return Contributor((name,), role, orcid, tuple(affiliations))


_PERSON_KEYS = frozenset(
    {"name", "nameType", "givenName", "familyName", "nameIdentifiers", "affiliation"}
)


def _more_than_mapped(person: dict[str, Any]) -> bool:
    """Whether a creator holds more than the record keeps of it (its name, an ORCID, its
    affiliations' names)."""
    if set(person) - _PERSON_KEYS:
        return True
    for ident in person.get("nameIdentifiers") or []:
        if not isinstance(ident, dict) or ident.get("nameIdentifierScheme") != "ORCID":
            return True
    return any(
        isinstance(aff, dict) and set(aff) - {"name"} for aff in person.get("affiliation") or []
    )


def _journal(container: dict[str, Any], publisher: Any) -> Journal | None:
    title = container.get("title")
    titles = tuple(t for t in [apijson.text(title, None, alone=False)] if t)
    ids = []
    if str(container.get("identifierType", "")).upper() == "ISSN" and container.get("identifier"):
        ids.append(
            Identifier("issn", normalise_issn(str(container["identifier"]), "container.identifier"))
        )
    if not (titles or ids):
        return None
    publishers = (
        (Text(publisher.strip(), UND),) if isinstance(publisher, str) and publisher.strip() else ()
    )
    return Journal(titles, (), tuple(ids), publishers)


def _dates(entries: list[dict[str, Any]], loaded: dict[str, Any]) -> tuple[Dated, ...]:
    out: list[Dated] = []
    for entry in entries:
        kind = DATES.read(str(entry.get("dateType") or ""))
        value = entry.get("date")
        if kind is None or not isinstance(value, str):
            continue
        if "/" in value:  # a range (RKMS-ISO 8601): kept in extras with the list
            continue
        parsed = parse_date(value, "dates")
        if parsed is not None and all(d.kind != kind for d in out):
            out.append(Dated(kind, parsed.date))
    if all(d.kind != "published" for d in out) and loaded.get("publication_year"):
        out.append(Dated("published", PartialDate(loaded["publication_year"])))
    return tuple(out)
