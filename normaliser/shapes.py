"""JSON that scholarly APIs return and no reader supports (yet), told by keys only each has.

Sniffing asks ``looks_like(head)`` about the start of an input; the aggregator reader asks
``object_looks_like(obj)`` about each object it is given (``--from aggregator``), so that a
Crossref response is refused by name instead of read as an aggregator record with nothing in
it. The evidence is keys, never values (a title can say anything).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Collection
from typing import Any, cast

#: Keys only aggregator records have: their presence says "aggregator" whatever else is there.
AGGREGATOR_KEYS = frozenset(
    {
        "TitleCN",
        "PeriodicalName",
        "RegionCategory",
        "PubModel",
        "EPubDate",
        "PeriodicalIF",
        "AbstractTextCN",
        "ListUrlMain",
        "JCRName",
        "RegionNum",
    }
)

_CROSSREF_WORK = frozenset(
    {
        "container-title",
        "short-container-title",
        "reference-count",
        "references-count",
        "is-referenced-by-count",
        "issued",
        "published-print",
        "published-online",
        "content-domain",
        "indexed",
        "deposited",
        "member",
        "prefix",
        "issn-type",
        "created",
    }
)
#: Keys of a Crossref work that CSL-JSON items (which Crossref's works resemble) never have.
_CROSSREF_ONLY = _CROSSREF_WORK - {"container-title", "issued"}
_OPENALEX_WORK = frozenset(
    {
        "authorships",
        "primary_location",
        "abstract_inverted_index",
        "cited_by_count",
        "publication_year",
        "best_oa_location",
        "counts_by_year",
        "referenced_works",
        "display_name",
    }
)
_S2_PAPER = frozenset(
    {"paperId", "corpusId", "externalIds", "publicationVenue", "s2FieldsOfStudy", "tldr"}
)
_DATACITE = frozenset(
    {"titles", "creators", "publicationYear", "resourceTypeGeneral", "rightsList", "dates"}
)

Has = Callable[[str], bool]

#: The REST API's message types that hold works; any other (member, journal, funder, prefix,
#: validation-failure…) is no bibliographic record.
CROSSREF_WORK_TYPES = frozenset({"work", "work-list"})
#: What an OpenAlex id's letter names (https://openalex.org/A5023888391 is an author's).
OPENALEX_ENTITIES = {
    "W": "work",
    "A": "author",
    "S": "source",
    "I": "institution",
    "P": "publisher",
    "F": "funder",
    "C": "concept",
    "T": "topic",
    "K": "keyword",
}
_OPENALEX_ID = re.compile(r"https://openalex\.org/([A-Z])\d+$", re.IGNORECASE)


def openalex_entity(value: object) -> str | None:
    """What an OpenAlex id names (``author``, ``work``…; ``entity`` for a letter not known),
    None for a value that is no OpenAlex id."""
    found = _OPENALEX_ID.match(value) if isinstance(value, str) else None
    return None if found is None else OPENALEX_ENTITIES.get(found.group(1).upper(), "entity")


#: The sources a format reads (its name is the source's): sniffing no longer refuses them.
SUPPORTED = frozenset({"crossref", "openalex", "datacite", "s2"})


def _count(has: Has, keys: Collection[str]) -> int:
    return sum(1 for key in keys if has(key))


def _verdict(
    has: Has, value: Callable[[str, str], bool], first: Callable[[str], str | None]
) -> tuple[str, str] | None:
    """The source and shape the keys say (``has(key)``; ``value(key, prefix)``: a key's string
    value starts with ``prefix``; ``first(key)``: the first string value of a key, that of a
    page's first item), most specific first: a page of works before the works in it."""
    if any(has(k) for k in AGGREGATOR_KEYS):
        return None
    if has("message-type") and has("message"):
        kind = first("message-type")
        if kind == "work-list":
            return "crossref", "a Crossref REST API list page (message-type work-list)"
        if kind in CROSSREF_WORK_TYPES or kind is None:
            return "crossref", "a Crossref REST API response"
        return "crossref-other", (
            f"a Crossref REST API response of message-type {kind[:40]}, not a work"
        )
    entity = openalex_entity(first("id"))
    is_work = entity == "work" or has("authorships") or has("primary_location")
    if has("meta") and has("results"):
        if entity is not None and not is_work:
            return "openalex-other", f"an OpenAlex list page of {entity}s, not works"
        return "openalex", "an OpenAlex list page (meta, results)"
    if entity is not None and not is_work:
        return "openalex-other", f"an OpenAlex {entity}, not a work"
    if has("authorId") and (has("papers") or not (has("paperId") or has("title"))):
        return "s2-author", "a Semantic Scholar author profile, not a paper"
    if has("attributes") and (value("type", "dois") or _count(has, _DATACITE) >= 2):
        return "datacite", "a DataCite REST API record (data.attributes)"
    if has("data") and (has("citingPaper") or has("citedPaper")):
        return "s2-citations", "a Semantic Scholar citation or reference list, not papers"
    if has("total") and has("data") and (has("token") or has("next") or has("offset")):
        return "s2", "a Semantic Scholar search or bulk response (total, data)"
    if (has("types") and has("resourceTypeGeneral")) or _count(has, _DATACITE) >= 3:
        return "datacite", "a DataCite record"
    if value("id", "https://openalex.org/") or _count(has, _OPENALEX_WORK) >= 2:
        return "openalex", "an OpenAlex work"
    if has("paperId") or _count(has, _S2_PAPER) >= 2:
        return "s2", "a Semantic Scholar paper"
    if has("DOI") and _count(has, _CROSSREF_ONLY) >= 2:
        return "crossref", "a Crossref work (the message of a REST API response)"
    return None


def source_of(head: str) -> str | None:
    """The API whose JSON the text ``head`` (the start of an input) is, by its keys: the name
    of the format that reads it (``crossref``, ``openalex``, ``datacite``, ``s2``), or
    ``s2-author`` or ``s2-citations`` (shapes that are no bibliographic records); None for
    any other text."""
    found = _head_verdict(head)
    return None if found is None else found[0]


def looks_like(head: str) -> str | None:
    """What the JSON text ``head`` (the start of an input) looks like, when it is an API shape
    no reader supports; None otherwise."""
    found = _head_verdict(head)
    return None if found is None or found[0] in SUPPORTED else found[1]


def _head_verdict(head: str) -> tuple[str, str] | None:
    text = head.lstrip("\ufeff \t\r\n")
    if not text.startswith(("{", "[")):
        return None

    def has(key: str) -> bool:
        return re.search(rf'"{re.escape(key)}"\s*:', text) is not None

    def value(key: str, prefix: str) -> bool:
        return re.search(rf'"{re.escape(key)}"\s*:\s*"{re.escape(prefix)}', text) is not None

    def first(key: str) -> str | None:
        found = re.search(rf'"{re.escape(key)}"\s*:\s*"([^"\\]*)"', text)
        return None if found is None else found.group(1)

    return _verdict(has, value, first)


def object_looks_like(obj: dict[str, Any]) -> str | None:
    """What one decoded JSON object looks like, when it is an API shape, whether a reader of
    its own reads it or not (the aggregator reader refuses them all): its own keys and those
    of the object it wraps (``message``, ``data``)."""
    keys = set(obj)
    for inner in ("message", "data"):
        if isinstance(obj.get(inner), dict):
            keys |= set(obj[inner])
            attributes = obj[inner].get("attributes")
            if isinstance(attributes, dict):
                keys |= set(attributes)
    types = obj.get("types")
    if isinstance(types, dict):
        keys |= set(types)

    def value(key: str, prefix: str) -> bool:
        found = obj.get(key)
        if found is None and isinstance(obj.get("data"), dict):
            found = obj["data"].get(key)
        return isinstance(found, str) and found.startswith(prefix)

    def first(key: str) -> str | None:
        results = obj.get("results")
        places = [obj, obj.get("message"), obj.get("data")]
        if isinstance(results, list) and results:
            places.append(results[0])
        for place in places:
            if isinstance(place, dict) and isinstance(place.get(key), str):
                return cast(str, place[key])
        return None

    found = _verdict(keys.__contains__, value, first)
    return None if found is None else found[1]


def _keys(obj: dict[str, Any]) -> str:
    keys = [str(k)[:30] for k in list(obj)[:6]]
    return "keys: " + ", ".join(keys) + (", …" if len(obj) > 6 else "")


def json_shape(head: str) -> str | None:
    """What JSON text ``head`` (the start of an input) is, said plainly (``a JSON object (keys:
    foo, bar)``, ``a JSON array``, ``JSON Lines of objects (keys: …)``), for the message that
    refuses JSON no reader knows; None for text that is not JSON."""
    text = head.lstrip("\ufeff \t\r\n")
    if not text.startswith(("{", "[")):
        return None
    try:
        value = json.loads(text)
    except ValueError:
        lines = [line for line in text.splitlines() if line.strip()]
        values = []
        for number, line in enumerate(lines, 1):
            try:
                values.append(json.loads(line))
            except ValueError:
                if number < len(lines):  # the last line may be cut off by the head's end
                    values = []
                break
        if len(values) > 1 and all(isinstance(v, dict) for v in values):
            return f"JSON Lines of objects ({_keys(values[0])})"
        if len(lines) > 1 and values:
            return "JSON Lines"
        found = list(dict.fromkeys(re.findall(r'"([^"\\]{1,30})"\s*:', text)))
        shown = f" (keys: {', '.join(found[:6])}{', …' if len(found) > 6 else ''})"
        return ("a JSON object" if text[0] == "{" else "a JSON array") + (shown if found else "")
    if isinstance(value, dict):
        return f"a JSON object ({_keys(value)})" if value else "an empty JSON object"
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        return f"a JSON array of objects ({_keys(value[0])})"
    return "a JSON array" if isinstance(value, list) else "JSON"
