"""Crossref REST API works, saved: a ``/works/{doi}`` response, a ``work-list`` page (each of
``message.items`` is a record; ``next-cursor`` is a note), or bare ``message`` objects (one
object, a JSON array, JSON Lines). Read only: no writer (canonical JSON keeps everything).

Titles: Crossref's ``title`` holds a work's titles in every language, untagged, beside one
record-level ``language`` (journal-level data, a hint). Each entry is tagged by the language
it is written in; ``subtitle`` entries pair with ``title`` entries by position. The original
is the ``original-title`` when there is one, else the first title in the record's language,
else the first title; the others are translations. ``abstract`` is a JATS string, read with
the JATS inline reader. Keys with no home in the record are kept verbatim in ``extras``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import replace
from typing import Any

from marshmallow import EXCLUDE, Schema

from .. import apijson, sniffs
from ..crosswalk import Crosswalk
from ..errors import InvalidRecord
from ..fields import (
    Clean,
    Count,
    DOIField,
    LoadPlan,
    PagesField,
    Strings,
    UrlField,
    note,
    term,
)
from ..identifiers import normalise_issn, normalise_orcid
from ..jatsinline import jats_prose
from ..record import (
    UND,
    Conference,
    Contributor,
    Dated,
    Identifier,
    Journal,
    Link,
    Metric,
    Name,
    Prose,
    Provenance,
    Publisher,
    Record,
    Reject,
    Term,
    Text,
    with_subtitle,
)
from ..shapes import CROSSREF_WORK_TYPES
from ..sources import Source

NAME = "crossref"
#: How sure (0–100) that a document starts in this format (light: ``normaliser.sniffs``).
sniff = sniffs.crossref
#: Read only: no round trip keeps anything (canonical JSON keeps everything read).
KEEPS: frozenset[str] = frozenset()
write = None

#: Crossref work types → publication-type codes (types with no code are kept as labels).
TYPES: Crosswalk[str] = Crosswalk(
    "crossref types",
    (
        ("journal-article", "journal-article"),
        ("conference-paper", "proceedings-article"),
        ("book-chapter", "book-chapter"),
        ("book", "book"),
        ("thesis", "dissertation"),
        ("preprint", "posted-content"),
        ("dataset", "dataset"),
        ("standard", "standard"),
        ("other", "other"),
    ),
    read_only=(
        ("book", "monograph"),
        ("book", "edited-book"),
        ("book", "reference-book"),
        ("book-chapter", "book-section"),
        ("book-chapter", "book-part"),
        ("book-chapter", "reference-entry"),
    ),
)

#: ``issn-type`` types → identifier schemes.
ISSN_TYPES: Crosswalk[str] = Crosswalk(
    "crossref issn types", (("issn-print", "print"), ("issn-electronic", "electronic"))
)

#: Dates of a work → date kinds (``published``, the earliest of these, is kept in extras).
DATES: Crosswalk[str] = Crosswalk(
    "crossref dates",
    (
        ("published", "issued"),
        ("epub", "published-online"),
        ("ppub", "published-print"),
        ("accepted", "accepted"),
    ),
)


class CrossrefSchema(Schema):
    """The scalar keys of a Crossref work; lists of objects are mapped in ``_build``."""

    class Meta:
        unknown = EXCLUDE  # kept in extras by ``_build``, never mixed with mapped values

    doi = DOIField(data_key="DOI")
    title = Strings(data_key="title")
    subtitle = Strings(data_key="subtitle")
    original_title = Strings(data_key="original-title")
    container_title = Strings(data_key="container-title")
    short_container_title = Strings(data_key="short-container-title")
    volume = Clean(data_key="volume")
    issue = Clean(data_key="issue")
    page = PagesField(data_key="page")
    article_number = Clean(data_key="article-number")
    publisher = Clean(data_key="publisher", numbers=False)
    language = Clean(data_key="language", numbers=False)
    type = Clean(data_key="type", numbers=False)
    url = UrlField(data_key="URL")
    subject = Strings(data_key="subject")
    cited_by = Count(data_key="is-referenced-by-count")


_SCHEMA = CrossrefSchema()
_PLAN = LoadPlan(_SCHEMA)
#: A value of these keys that does not parse rejects the record (README: core fields).
CORE_KEYS = frozenset(
    {"DOI", "title", "subtitle", "author", "volume", "issue", "page", "issued", "type"}
)
_OBJECT_KEYS = frozenset(
    {
        "author",
        "editor",
        "abstract",
        "issn-type",
        "ISSN",
        "issued",
        "published-online",
        "published-print",
        "accepted",
        "indexed",
        "license",
        "link",
    }
)
#: Keys mapped into the record (the others go to extras verbatim).
MAPPED = frozenset(f.data_key or n for n, f in _SCHEMA.fields.items()) | _OBJECT_KEYS
#: Keys of an author the record holds (any other, e.g. authenticated-orcid, keeps the list).
_PERSON_KEYS = frozenset({"given", "family", "name", "ORCID", "affiliation", "sequence"})
#: Keys kept in extras on purpose (--strict accepts them).
KEPT = frozenset(
    {
        "reference-count",
        "references-count",
        "content-domain",
        "created",
        "deposited",
        "published",
        "journal-issue",
        "member",
        "prefix",
        "score",
        "source",
        "short-title",
        "funder",
        "relation",
        "update-to",
        "reference",
        "resource",
        "assertion",
        "alternative-id",
        "archive",
        "update-policy",
        "posted",
        "group-title",
        "institution",
        "clinical-trial-number",
    }
)


# --- Reading --------------------------------------------------------------------------------


def _of_works(response: dict[str, Any]) -> bool:
    """Whether a REST API response's message-type (a string, "work" when absent) says works."""
    kind = response.get("message-type", "work")
    return isinstance(kind, str) and kind in CROSSREF_WORK_TYPES


def _unwrap(value: Any) -> apijson.Page:
    """The works of a REST API response or list page; None for a bare work."""
    if not isinstance(value, dict) or "message" not in value:
        return None
    if not _of_works(value):
        return None  # no work: refused whole, by its message-type (_refuse)
    message = value["message"]
    if value.get("message-type") == "work-list" or (
        isinstance(message, dict) and isinstance(message.get("items"), list)
    ):
        if not isinstance(message, dict):
            return [message], []
        notes = []
        if message.get("next-cursor"):
            notes.append(apijson.paging_note("next-cursor", message["next-cursor"]))
        return list(message.get("items") or []), notes
    return [message], []


def split(source: Source) -> Iterator[apijson.Item]:
    """Every work of ``source`` (a list page's works one by one), not yet mapped."""
    return apijson.items(source, _unwrap)


def _refuse(value: Any) -> None:
    """Raise ``InvalidRecord`` for a REST API response that holds no work (a member, journal,
    funder…), naming its message-type."""
    if isinstance(value, dict) and "message" in value:
        kind = value.get("message-type", "work")
        if not _of_works(value):
            raise InvalidRecord(
                f"this is a Crossref REST API response of message-type {str(kind)[:40]}, not a work"
            )


def parse(item: apijson.Item, number: int, name: str, *, strict: bool = False) -> Record | Reject:
    """The Record of one split work, or a Reject holding its text and the reason."""
    return apijson.parse_work(
        item, number, name, from_dict, what="a Crossref work", strict=strict, refuse=_refuse
    )


def read(source: Source, *, strict: bool = False) -> Iterator[Record | Reject]:
    for number, item in enumerate(split(source), 1):
        yield parse(item, number, source.name, strict=strict)


def _build(
    data: Mapping[str, Any], loaded: dict[str, Any], unparsed: dict[str, Any]
) -> dict[str, Any]:
    extras: dict[str, Any] = apijson.leftover(data, MAPPED)
    extras.update(unparsed)
    language = apijson.language(loaded.get("language"))
    if loaded.get("language") and language is None:
        extras["language"] = data["language"]
    out: dict[str, Any] = {"language": language, "extras": extras}
    out["titles"] = _titles(loaded, language, extras)
    settled, why = apijson.settle_language(language, out["titles"])
    if why:
        extras["language"] = data["language"]
        note("language", "language", why)
        language = out["language"] = settled
    cjk = apijson.cjk_hint(language, out["titles"])
    out["contributors"] = tuple(
        _contributors(data, "author", "author", extras, cjk)
        + _contributors(data, "editor", "editor", extras, cjk)
    )
    out["abstracts"] = _abstracts(data.get("abstract"), language)
    out["journal"] = _journal(data, loaded, cjk or language)
    if out["journal"] is None and loaded.get("publisher"):
        out["publisher"] = Publisher(names=(Text(loaded["publisher"], UND),))
    out["volume"] = loaded.get("volume")
    out["issue"] = loaded.get("issue")
    pages = loaded.get("page")
    if pages is not None:
        out.update(
            fpage=pages.first,
            lpage=pages.last,
            page_range=pages.statement,
            elocation_id=pages.elocation_id,
        )
    number = loaded.get("article_number")
    if number:
        out["elocation_id"] = number
        if pages is not None and pages.first == number and not pages.last:
            out["fpage"] = None  # the "page" is the article number (Elsevier, PLOS)
    out["dates"] = _dates(data)
    out["conference"] = _conference(data.get("event"))
    doi = loaded.get("doi")
    out["identifiers"] = (Identifier("doi", doi),) if doi else ()
    out["links"], out["license"] = _links(data, loaded, extras)
    if loaded.get("type"):
        code = TYPES.read(loaded["type"])
        out["publication_types"] = (
            Term("publication-type", code)
            if code
            else term("publication-type", loaded["type"], "type"),
        )
    out["subjects"] = tuple(
        Term("subject", None, (Text(s, "en"),)) for s in loaded.get("subject") or () if s
    )
    if loaded.get("cited_by") is not None:
        indexed = _safe_date(data.get("indexed"), "indexed")
        out["metrics"] = (
            Metric(
                "citation-count",
                str(loaded["cited_by"]),
                year=indexed.year if indexed else None,
                source="Crossref",
            ),
        )
    out["provenance"] = Provenance(NAME, "Crossref", doi, _data_date(data.get("indexed")))
    return {k: v for k, v in out.items() if v is not None}


def _titles(
    loaded: dict[str, Any], language: str | None, extras: dict[str, Any]
) -> tuple[Text, ...]:
    titles = list(loaded.get("title") or ())
    subtitles = list(loaded.get("subtitle") or ())
    originals = [o for o in loaded.get("original_title") or () if o]
    filled = [t for t in titles if t]
    unpaired = [s for i, s in enumerate(subtitles) if s and (i >= len(titles) or not titles[i])]
    if unpaired:
        extras["subtitle"] = list(loaded["subtitle"])
        note(
            "repaired",
            "subtitle",
            "a subtitle with no title at its position: kept verbatim in extras",
        )
    texts: list[Text] = []
    for value in originals:
        found = apijson.text(value, language, alone=len(originals) == 1)
        if found is not None:
            texts.append(found)
    for i, value in enumerate(titles):
        if not value:
            continue
        found = apijson.text(value, language, alone=len(filled) == 1)
        if found is None:
            continue
        subtitle = subtitles[i] if i < len(subtitles) else None
        if subtitle and not unpaired:
            found = _with_subtitle(found, subtitle)
        if any(t.value == found.value for t in texts):
            continue
        texts.append(found)
    if not texts:
        return ()
    # The original: the original-title, else the first title in the record's language, else
    # the first title; every other title is a translation.
    if originals:
        first = min(len(originals), len(texts))
    else:
        primary = (language or "").split("-")[0]
        index = next((i for i, t in enumerate(texts) if primary and t.script_lang == primary), 0)
        texts.insert(0, texts.pop(index))
        first = 1
    return tuple(
        t if i < first else Text(t.value, t.lang, "translation", t.marks)
        for i, t in enumerate(texts)
    )


def _with_subtitle(title: Text, subtitle: str) -> Text:
    sub = apijson.text(subtitle, title.lang)
    return title if sub is None else with_subtitle(title, sub)


def _contributors(
    data: Mapping[str, Any], key: str, role: str, extras: dict[str, Any], cjk: str | None
) -> list[Contributor]:
    people = data.get(key)
    if people is None:
        return []
    if not isinstance(people, list) or not all(isinstance(p, dict) for p in people):
        raise InvalidRecord(f"expected a list of people, got {people!r:.60}", field=key)
    out = []
    for number, person in enumerate(people, 1):
        field = f"{key}[{number}]"
        name = apijson.person(person.get("family"), person.get("given"), cjk=cjk)
        if name is None and isinstance(person.get("name"), str) and person["name"].strip():
            # Crossref gives an organisation (a consortium, a group) as one ``name``: not split.
            whole = person["name"].strip()
            name = Name(literal=whole, lang=apijson.lang_of(whole, cjk))
        if name is None:
            raise InvalidRecord("a person with no name", field=field)
        orcid = None
        if person.get("ORCID"):
            orcid = normalise_orcid(str(person["ORCID"]), f"{field}.ORCID")
        affiliations = []
        for aff in person.get("affiliation") or ():
            value = aff.get("name") if isinstance(aff, dict) else None
            found = apijson.text(value, cjk, alone=False)
            if found is not None:
                affiliations.append(found)
            if not isinstance(aff, dict) or set(aff) - {"name"}:
                extras[key] = people
        if set(person) - _PERSON_KEYS:
            extras[key] = people
        sequence = person.get("sequence")
        if sequence is not None and sequence != ("first" if number == 1 else "additional"):
            extras[key] = people  # an order the list's own order does not say
        out.append(Contributor((name,), role, orcid, tuple(affiliations)))
    return out


def _abstracts(value: Any, language: str | None) -> tuple[Prose, ...]:
    if value is None:
        return ()
    if not isinstance(value, str):
        raise InvalidRecord(f"expected a JATS string, got {value!r:.60}", field="abstract")
    prose = jats_prose(value, UND)
    if prose is None:
        return ()
    lang = apijson.lang_of(prose.text, language, alone=True)
    return (
        Prose(
            tuple(replace(p, lang=lang) for p in prose.paragraphs),
            prose.kind,
            tuple(replace(h, title=replace(h.title, lang=lang)) for h in prose.headings),
        ),
    )


def _journal(
    data: Mapping[str, Any], loaded: dict[str, Any], language: str | None
) -> Journal | None:
    names = [v for v in loaded.get("container_title") or () if v]
    titles = tuple(t for v in names if (t := apijson.text(v, language, alone=len(names) == 1)))
    abbreviations = tuple(
        t
        for v in loaded.get("short_container_title") or ()
        if (t := apijson.text(v, None, alone=False))
    )
    ids: list[Identifier] = []
    typed = data.get("issn-type") or []
    if not isinstance(typed, list):
        raise InvalidRecord(
            f"expected a list of {{value, type}}, got {typed!r:.60}", field="issn-type"
        )
    for entry in typed:
        if not isinstance(entry, dict) or not entry.get("value"):
            raise InvalidRecord(f"expected {{value, type}}, got {entry!r:.60}", field="issn-type")
        scheme = ISSN_TYPES.read(str(entry.get("type") or "")) or "issn"
        ids.append(Identifier(scheme, normalise_issn(str(entry["value"]), "issn-type")))
    plain = data.get("ISSN") or []
    for value in plain if isinstance(plain, list) else [plain]:
        issn = normalise_issn(str(value), "ISSN")
        if all(i.value != issn for i in ids):
            ids.append(Identifier("issn", issn))
    publishers = (Text(loaded["publisher"], UND),) if loaded.get("publisher") else ()
    if not (titles or abbreviations or ids):
        return None
    return Journal(titles, abbreviations, tuple(ids), publishers)


def _conference(event: Any) -> Conference | None:
    """A proceedings paper's ``event`` (name, location, start); the whole object stays in
    extras too (its end date has no home)."""
    if not isinstance(event, dict):
        return None
    names = tuple(t for t in [apijson.text(event.get("name"), None, alone=False)] if t)
    places = tuple(t for t in [apijson.text(event.get("location"), None, alone=False)] if t)
    start = _safe_date(event.get("start"), "event.start")
    if not (names or places or start):
        return None
    return Conference(names, places, start)


def _dates(data: Mapping[str, Any]) -> tuple[Dated, ...]:
    out = []
    for kind, key in DATES:
        found = apijson.date_parts(data.get(key), key)
        if found is not None:
            out.append(Dated(kind, found))
    return tuple(out)


def _safe_date(value: Any, key: str) -> Any:
    try:
        return apijson.date_parts(value, key)
    except InvalidRecord:
        return None


def _data_date(value: Any) -> str | None:
    """The date of the data: ``indexed``'s date-time, else its date-parts."""
    if isinstance(value, dict) and isinstance(value.get("date-time"), str):
        return str(value["date-time"])
    found = _safe_date(value, "indexed")
    return found.iso() if found else None


def _links(
    data: Mapping[str, Any], loaded: dict[str, Any], extras: dict[str, Any]
) -> tuple[tuple[Link, ...], str | None]:
    links = []
    doi = loaded.get("doi")
    url = loaded.get("url")
    if url and not (doi and url.lower().endswith(doi.lower())):
        links.append(Link(url, "landing"))
    for entry in data.get("link") or ():
        if isinstance(entry, dict) and isinstance(entry.get("URL"), str):
            kind = "pdf" if entry.get("content-type") == "application/pdf" else "other"
            links.append(Link(entry["URL"], kind))
    if data.get("link"):
        extras["link"] = data["link"]  # content-version, intended-application: no home
    license_url = None
    licenses = data.get("license") or []
    if licenses:
        extras["license"] = licenses  # start, delay-in-days, content-version: no home
        # The work's own license is the one of its version of record; a text-mining (tdm) or
        # accepted-manuscript (am) license is not (kept in extras with the rest).
        vor = [
            lic
            for lic in licenses
            if isinstance(lic, dict)
            and lic.get("content-version") == "vor"
            and isinstance(lic.get("URL"), str)
        ]
        if vor:
            license_url = vor[0]["URL"]
    return tuple(links), license_url


#: One work as a Record (``apijson.work_record`` with this format's plan and build).
from_dict = apijson.work_reader(
    _build, plan=_PLAN, core=CORE_KEYS, known=MAPPED | KEPT, what="Crossref work (a ``message``)"
)
