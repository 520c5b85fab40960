"""CSL-JSON: the item format of citeproc-js, Zotero and pandoc (an array of items, or one item).

Written in one of two profiles:

- ``strict`` (the default) is valid against the official ``csl-data.json`` schema v1.0.2: the
  primary language's text in the standard variables, its language in ``language`` (``zh-CN``,
  ``en``), the other language's title and journal title in ``custom.translated_title`` and
  ``custom.translated_container_title`` (and its language in ``custom.translated_language``).
- ``csl-m`` adds the CSL-M ``multi`` extension citeproc-js reads for parallel titles and names
  (``"multi": {"_keys": {"title": {"en": "…"}}}`` on the item, ``"multi": {"_key": {"en":
  {"family": …}}}`` on a name). It is not valid against the schema (``multi`` is not a CSL
  variable).

Both are read. Variables this module does not map are kept in the record's extras (under
their CSL names), and written back, so nothing is lost.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import fields as dataclass_fields
from dataclasses import is_dataclass, replace
from typing import IO, Any

from .. import dates, languages, sniffs, vocab
from ..crosswalk import CASE, EXACT, Crosswalk
from ..dates import publication_date
from ..errors import InvalidRecord, finite_json, shown
from ..record import (
    ISSN_SCHEMES,
    UND,
    Contributor,
    Dated,
    Degree,
    Heading,
    Identifier,
    Journal,
    Link,
    Mark,
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
)
from ..sources import JsonValue, Source, json_values
from ..text import has_han

NAME = "csl"

#: What survives write → read in the strict profile (see ``Record.restricted_to``).
KEEPS = frozenset(
    {
        "titles",
        "contributors.names",
        "contributors.role",
        "keywords",
        "abstracts",
        "journal.titles",
        "journal.abbreviations",
        "journal.identifiers",
        "volume",
        "issue",
        "fpage",
        "lpage",
        "page_range",
        "elocation_id",
        "dates",
        "identifiers",
        "links",
        "publication_types",
        "language",
        "publisher",
        "degree",
        "extras",
    }
)

#: Every path in KEEPS is carried by the hand-written pair ``item`` ⇄ ``from_item`` (with
#: ``custom.normaliser`` for what the CSL variables do not say exactly), not a declaration.
CODE_KEEPS = KEEPS

PROFILES = ("strict", "csl-m")

#: Publication type (vocabulary ``publication-type``) ⇄ CSL type.
TYPES: Crosswalk[str] = Crosswalk(
    "CSL types",
    (
        ("journal-article", "article-journal"),
        ("newspaper-article", "article-newspaper"),
        ("conference-paper", "paper-conference"),
        ("book", "book"),
        ("book-chapter", "chapter"),
        ("thesis", "thesis"),
        ("preprint", "article"),
        ("dataset", "dataset"),
        ("patent", "patent"),
        ("standard", "standard"),
        ("review", "review"),
        ("other", "document"),
    ),
    fold=CASE,
    # CSL has no type of their own for these: written as a journal article, read back as one.
    lossy=(
        ("systematic-review", "review"),
        ("meta-analysis", "article-journal"),
        ("case-report", "article-journal"),
        ("clinical-trial", "article-journal"),
        ("randomized-controlled-trial", "article-journal"),
        ("editorial", "article-journal"),
        ("letter", "article-journal"),
        ("comment", "article-journal"),
        ("news", "article-newspaper"),
        ("erratum", "article-journal"),
        ("retraction", "article-journal"),
        ("study", "report"),
    ),
    read_only=(("other", "report"),),
)
#: The CSL type of a record without a publication type (read back as none).
UNTYPED = "document"

#: The contributor roles written as the CSL name variable of the same name (a supervisor, a
#: role CSL has no variable for, is kept in ``custom.normaliser``).
ROLES = ("author", "editor", "translator")
#: Date kind ⇄ CSL date variable (other kinds: ``custom.normaliser``).
DATES: Crosswalk[str] = Crosswalk(
    "CSL date variables",
    (("published", "issued"), ("epub", "available-date"), ("received", "submitted")),
    fold=EXACT,
)
#: Identifier scheme ⇄ CSL variable.
IDENTIFIERS: Crosswalk[str] = Crosswalk(
    "CSL identifier variables",
    (("doi", "DOI"), ("pmid", "PMID"), ("pmcid", "PMCID"), ("isbn", "ISBN")),
)
#: Record language ⇄ the CSL ``language`` written (a locale code, as CSL styles test it).
LANGUAGE_CODES: Crosswalk[str] = Crosswalk(
    "CSL languages", (("zh-Hans", "zh-CN"), ("zh-Hant", "zh-TW")), fold=CASE
)
#: Plain string variables ⇄ the record attribute holding them.
STRINGS = (("volume", "volume"), ("issue", "issue"))
#: Every CSL variable the reader maps (the rest go to extras).
MAPPED = frozenset(
    {
        "id",
        "type",
        "language",
        "title",
        "container-title",
        "container-title-short",
        "journalAbbreviation",
        "page",
        "page-first",
        "ISSN",
        "URL",
        "publisher",
        "publisher-place",
        "keyword",
        "abstract",
        "custom",
        "multi",
        *(s for _, s in STRINGS),
        *ROLES,
        *(s for _, s in DATES.pairs),
        *(s for _, s in IDENTIFIERS.pairs),
    }
)
#: The ``custom`` key holding, in canonical form, the record fields the CSL variables do not say
#: exactly (a second title, pinyin names, marks, dates of other kinds…): read back as written.
FIDELITY_KEY = "normaliser"
#: ``custom`` keys the reader maps (the rest stay in extras under ``custom``).
CUSTOM = frozenset(
    {
        "translated_title",
        "translated_container_title",
        "translated_language",
        FIDELITY_KEY,
    }
)
#: The CSL string and number variables (``csl-data.json`` v1.0.2): an extra of one of these
#: names is written as the variable, every other extra in ``custom``.
STRING_VARIABLES = frozenset(
    {
        "citation-key", "journalAbbreviation", "shortTitle", "annote", "archive",
        "archive_collection", "archive_location", "archive-place", "authority", "call-number",
        "chapter-number", "citation-number", "citation-label", "collection-number",
        "collection-title", "dimensions", "division", "edition", "event", "event-title",
        "event-place", "first-reference-note-number", "genre", "jurisdiction", "locator",
        "medium", "note", "number", "number-of-pages", "number-of-volumes",
        "original-publisher", "original-publisher-place", "original-title", "part",
        "part-title", "printing", "references", "reviewed-genre", "reviewed-title", "scale",
        "section", "source", "status", "supplement", "title-short", "version", "volume-title",
        "volume-title-short", "year-suffix",
    }
)  # fmt: skip


#: Every variable of a CSL-JSON item (``csl-data.json`` v1.0.2's item properties): with CSL-M's
#: ``multi``, the keys ``--strict`` accepts (the others are kept in extras without it).
VARIABLES = frozenset(
    {
        "DOI", "ISBN", "ISSN", "PMCID", "PMID", "URL", "abstract", "accessed", "annote", "archive",
        "archive-place", "archive_collection", "archive_location", "author", "authority",
        "available-date", "call-number", "categories", "chair", "chapter-number", "citation-key",
        "citation-label", "citation-number", "collection-editor", "collection-number",
        "collection-title", "compiler", "composer", "container-author", "container-title",
        "container-title-short", "contributor", "curator", "custom", "dimensions", "director",
        "division", "edition", "editor", "editorial-director", "event", "event-date",
        "event-place", "event-title", "executive-producer", "first-reference-note-number", "genre",
        "guest", "host", "id", "illustrator", "interviewer", "issue", "issued",
        "journalAbbreviation", "jurisdiction", "keyword", "language", "locator", "medium",
        "narrator", "note", "number", "number-of-pages", "number-of-volumes", "organizer",
        "original-author", "original-date", "original-publisher", "original-publisher-place",
        "original-title", "page", "page-first", "part", "part-title", "performer", "printing",
        "producer", "publisher", "publisher-place", "recipient", "references", "reviewed-author",
        "reviewed-genre", "reviewed-title", "scale", "script-writer", "section", "series-creator",
        "shortTitle", "source", "status", "submitted", "supplement", "title", "title-short",
        "translator", "type", "version", "volume", "volume-title", "volume-title-short",
        "year-suffix", "multi",
    }
)  # fmt: skip
#: A thesis's degree (vocabulary ``degree``) as its CSL ``genre``, by the item's language: the
#: labels Chinese theses and Zotero print (博士学位论文, Doctoral dissertation).
GENRES = {
    "zh-Hant": "{}學位論文",
    "zh": "{}学位论文",
}
GENRES_EN = {
    "doctoral": "Doctoral dissertation",
    "masters": "Master's thesis",
    "bachelors": "Bachelor's thesis",
}
#: What a genre adds to the degree's name (博士学位论文, PhD thesis): taken off to find the degree.
_GENRE_SUFFIX = re.compile(
    r"\s*(?:学位论文|學位論文|论文|論文|thesis|dissertation)$", re.IGNORECASE
)


#: How sure (0–100) that a document starts in this format (light: ``normaliser.sniffs``).
sniff = sniffs.csl
CSL_TYPES = sniffs.CSL_TYPES


# --- Writing ----------------------------------------------------------------------------------


def _csl_language(tag: str) -> str:
    return LANGUAGE_CODES.write(tag) or tag


def _primary_language(record: Record) -> str | None:
    if record.language:
        return record.language
    for title in record.titles:
        if title.lang != UND:
            return title.lang
    return None


def _split(texts: Iterable[Text], primary: str | None) -> tuple[Text | None, Text | None]:
    """The text in the primary language (else the first) and the first in another language."""
    items = list(texts)
    if not items:
        return None, None
    main = next((t for t in items if primary and t.lang == primary), items[0])
    other = next((t for t in items if t is not main and t.lang != main.lang), None)
    return main, other


def _name(name: Name) -> dict[str, Any]:
    if name.literal:
        return {"literal": name.literal}
    return {k: v for k, v in (("family", name.family), ("given", name.given)) if v}


def _date(date: PartialDate) -> dict[str, Any]:
    parts = [p for p in (date.year, date.month, date.day) if p is not None]
    return {"date-parts": [parts]}


def item(record: Record, profile: str = "strict") -> dict[str, Any]:
    """The CSL-JSON item of ``record`` in ``profile`` (``PROFILES``)."""
    if profile not in PROFILES:
        raise ValueError(f"unknown CSL profile {profile!r} ({', '.join(PROFILES)})")
    out: dict[str, Any] = {}
    custom: dict[str, Any] = {}
    multi: dict[str, Any] = {}
    code = next(
        (t.code for t in record.publication_types if t.vocabulary == "publication-type" and t.code),
        None,
    )
    out["id"] = ""  # first, as CSL writes it: set from the rest below
    kept = record.extras.get("csl_type")
    if isinstance(kept, str) and kept in CSL_TYPES and TYPES.read(kept) in (None, code):
        out["type"] = kept  # a CSL type the record's vocabulary has no code for (``map``)
    else:
        out["type"] = (TYPES.write(code) if code else None) or UNTYPED
    primary = _primary_language(record)
    if primary:
        out["language"] = _csl_language(primary)
    main, other = _split(record.titles, primary)
    if main is not None:
        out["title"] = main.value
    if other is not None:
        custom["translated_title"] = other.value
        custom["translated_language"] = _csl_language(other.lang)
        multi.setdefault("title", {})[_csl_language(other.lang)] = other.value
    for contributor in record.contributors:
        variable = contributor.role
        if variable not in ROLES or not contributor.names:
            continue
        first, *rest = contributor.names
        written = _name(first)
        translated = [n for n in rest if n.lang != first.lang and not n.literal]
        if profile == "csl-m" and translated:
            written["multi"] = {"_key": {_csl_language(n.lang): _name(n) for n in translated}}
        out.setdefault(variable, []).append(written)
    if record.journal is not None:
        jmain, jother = _split(record.journal.titles, primary)
        if jmain is not None:
            out["container-title"] = jmain.value
        if jother is not None:
            custom["translated_container_title"] = jother.value
            custom.setdefault("translated_language", _csl_language(jother.lang))
            multi.setdefault("container-title", {})[_csl_language(jother.lang)] = jother.value
        if record.journal.abbreviations:
            out["container-title-short"] = record.journal.abbreviations[0].value
        issns = [i.value for i in record.journal.identifiers if i.scheme in ISSN_SCHEMES]
        if issns:
            out["ISSN"] = ", ".join(dict.fromkeys(issns))
    for variable, attribute in STRINGS:
        value = getattr(record, attribute)
        if value:
            out[variable] = value
    page = "-".join(p for p in (record.fpage, record.lpage) if p) or record.page_range
    if page:
        out["page"] = page
    elif record.elocation_id:
        out["page"] = record.elocation_id
    _write_dates(record, out)
    for identifier in record.identifiers:
        spelled = IDENTIFIERS.write(identifier.scheme)
        if spelled is not None and spelled not in out:
            out[spelled] = identifier.value
    url = next((link.url for link in record.links), None)
    if url:
        out["URL"] = url
    if record.publisher is not None:
        if record.publisher.names:
            out["publisher"] = record.publisher.names[0].value
        if record.publisher.places:
            out["publisher-place"] = record.publisher.places[0].value
    if record.degree is not None and record.degree.grantors and "publisher" not in out:
        # A thesis's publisher in CSL is the institution granting the degree.
        grantor, _ = _split(record.degree.grantors, primary)
        if grantor is not None:
            out["publisher"] = grantor.value
    if out["type"] == "thesis" and record.degree is not None:
        genre = _genre(record.degree, primary)
        if genre:
            out["genre"] = genre
    keywords = [k.value for k in record.keywords if not primary or k.lang in (primary, UND)]
    if keywords:
        out["keyword"] = ", ".join(keywords)
    abstract = next((a for a in record.abstracts if a.kind == "abstract"), None)
    if abstract is not None:
        out["abstract"] = "\n\n".join(p.value for p in abstract.paragraphs)
    for key, value in record.extras.items():
        if key in CUSTOM or key == "csl_type":
            continue
        if key in STRING_VARIABLES and key not in out and _scalar(value):
            out[key] = value
        elif key not in custom:
            custom[key] = value
    fidelity = _fidelity(record, {**out, "custom": custom})
    if fidelity:
        custom[FIDELITY_KEY] = fidelity
    if custom:
        out["custom"] = custom
    out["id"] = (record.provenance.record_id if record.provenance else None) or out.get("DOI")
    if not out["id"] and profile != "strict":  # the same in both profiles
        out["id"] = item(record)["id"]
    elif not out["id"]:
        digest = hashlib.sha1(finite_json(out, sort_keys=True).encode("utf-8", "surrogatepass"))
        out["id"] = f"item-{digest.hexdigest()[:10]}"
    if profile == "csl-m" and multi:
        out["multi"] = {"_keys": multi}
    return out


def _genre(degree: Degree, primary: str | None) -> str | None:
    """The CSL ``genre`` of a thesis's degree, in the item's language (``GENRES``)."""
    level = degree.level
    if level is None:
        return None
    if level.code is None:
        return level.labels[0].value if level.labels else None
    lang = primary or "en"
    if lang.split("-", 1)[0].lower() == "zh":  # the script the tag says or its region implies
        hant = languages.chinese_script(lang) == "Hant"
        found = vocab.label("degree", level.code, "zh_Hant" if hant else "zh_Hans")
        return GENRES["zh-Hant" if hant else "zh"].format(found) if found else level.code
    return GENRES_EN.get(level.code) or vocab.label("degree", level.code) or level.code


def _degree_of(genre: str, lang: str) -> Term:
    """The degree a thesis's ``genre`` names (PhD thesis, 博士学位论文), else the genre as its
    label."""
    code = vocab.code_for("degree", genre) or vocab.code_for("degree", _GENRE_SUFFIX.sub("", genre))
    if code:
        return Term("degree", code)
    return Term("degree", None, (Text(genre, lang),))


class _Ids:
    """Item ids made unique in the order items are written: a second ``x`` is ``x-2``."""

    def __init__(self) -> None:
        self.taken: set[str] = set()

    def take(self, wanted: str) -> str:
        found, n = wanted, 1
        while found in self.taken:
            n += 1
            found = f"{wanted}-{n}"
        self.taken.add(found)
        return found


#: An item line as ``write`` writes it: its id first.
_ITEM_ID = re.compile(r'^\{"id": ("(?:[^"\\]|\\.)*")', re.MULTILINE)


def unique_keys(documents: Iterable[str]) -> Iterator[str]:
    """The documents ``write`` gives for one record each (``--jobs`` workers), with their item
    ids made unique across all of them as one ``write`` over the same records makes them."""
    ids = _Ids()

    def renamed(match: re.Match[str]) -> str:
        return '{"id": ' + finite_json(ids.take(json.loads(match.group(1))))

    for document in documents:
        yield _ITEM_ID.sub(renamed, document)


def join(documents: Iterable[str], out: IO[str]) -> None:
    """The documents of single records (``write`` of one record each) as one array, as
    ``write`` writes all of them."""
    items = [
        line.rstrip(",")
        for document in documents
        for line in document.splitlines()
        if line.startswith("{")
    ]
    _write_items(items, out)


def _write_items(items: Iterable[str], out: IO[str]) -> None:
    out.write("[")
    first = True
    for text in items:
        out.write("\n" if first else ",\n")
        out.write(text)
        first = False
    out.write("]\n" if first else "\n]\n")


def _write_dates(record: Record, out: dict[str, Any]) -> None:
    """The dates CSL has variables for (the first of each kind), ``issued`` the publication
    date when no date is of kind ``published``."""
    for dated in record.dates:
        variable = DATES.write(dated.kind)
        if variable is not None and variable not in out:
            out[variable] = _date(dated.date)
    if "issued" not in out:
        date = publication_date(record)
        if date is not None:
            out["issued"] = _date(date)


def write(
    records: Iterable[Record], out: IO[str], *, profile: str = "strict", **options: Any
) -> None:
    """A JSON array of CSL items, one a line (``profile``: ``strict`` or ``csl-m``), their ids
    unique (the record's id, else its DOI, else one made from its content; ``-2`` on a second)."""
    ids = _Ids()

    def items() -> Iterator[str]:
        for record in records:
            written = item(record, profile=profile)
            written["id"] = ids.take(written["id"])
            yield finite_json(written)

    _write_items(items(), out)


# --- Reading ----------------------------------------------------------------------------------


def _text(value: Any, field: str) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        raise InvalidRecord(f"{field} must be a string, not {type(value).__name__}", field=field)
    return value.strip()


def _partial(value: Any, field: str, read: _Reading) -> PartialDate | None:
    if not isinstance(value, Mapping):
        raise InvalidRecord(f"{field} must be a date object with date-parts", field=field)
    parts = value.get("date-parts")
    if parts is None:  # a raw or literal date: read when it is one ("2014", "May 2014")
        raw = value.get("raw") or value.get("literal")
        try:
            parsed = dates.parse(raw, field) if isinstance(raw, str) else None
        except InvalidRecord:
            parsed = None
        if parsed is None:  # kept whole in extras
            read.unparsed(field, f"{finite_json(value)} holds no date")
            return None
        return parsed.date
    if not (isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]):
        raise InvalidRecord(f"{field}: date-parts must be [[year, month, day]]", field=field)
    try:
        numbers = [int(p) for p in parts[0][:3]]
    except (TypeError, ValueError):
        raise InvalidRecord(f"{field}: date-parts holds a non-number", field=field) from None
    return PartialDate(*numbers)


def _dates_from(data: Mapping[str, Any], read: _Reading) -> Iterator[Dated]:
    for kind, variable in DATES.pairs:
        if variable in data:
            date = _partial(data[variable], variable, read)
            if date is not None:
                yield Dated(kind, date)


class _Reading:
    """What reading one item found it could not read: in strict mode an error naming the
    variable, else a note (the value is kept verbatim in extras)."""

    def __init__(self, strict: bool) -> None:
        self.strict = strict
        self.notes: list[Note] = []

    def unparsed(self, field: str, why: str) -> None:
        if self.strict:
            raise InvalidRecord(f"{why} (strict mode)", field=field)
        self.notes.append(Note("unparsed", field, f"{why}: kept verbatim in extras"))


def _name_from(value: Any, field: str, lang: str) -> tuple[Name, ...]:
    if not isinstance(value, Mapping):
        raise InvalidRecord(f"{field}: a name is an object with family and given", field=field)
    names = [_one_name(value, field, lang)]
    translated = (
        value.get("multi", {}).get("_key", {}) if isinstance(value.get("multi"), Mapping) else {}
    )
    for tag, other in translated.items() if isinstance(translated, Mapping) else ():
        if isinstance(other, Mapping):
            tag_lang = languages.parse(str(tag)) or UND
            variant = "transliteration" if "-Latn" in tag_lang else "translation"
            name = _one_name(other, field, tag_lang)
            names.append(replace(name, lang=tag_lang, variant=variant))
    return tuple(names)


def _one_name(value: Mapping[str, Any], field: str, lang: str) -> Name:
    family = _text(value["family"], field) if value.get("family") else None
    given = _text(value["given"], field) if value.get("given") else None
    literal = _text(value["literal"], field) if value.get("literal") else None
    if not (family or given or literal):
        raise InvalidRecord(f"{field}: a name with no family, given or literal", field=field)
    if literal:
        return Name(literal=literal, lang=lang)
    han = has_han((family or "") + (given or ""))
    if not han:
        return Name(family=family, given=given)
    return Name(
        family=family,
        given=given,
        style="eastern",
        lang=lang if lang.startswith("zh") else "zh-Hans",
    )


def from_item(data: Any, number: int = 1, *, strict: bool = False) -> Record:
    """The Record of one CSL item; raises ``InvalidRecord`` naming the variable at fault. In
    ``strict`` mode a key that is no CSL variable, or a value the reader cannot read (a raw
    date that is no date, a language that is no language tag, a ``custom`` or ``multi`` of the
    wrong shape), is such an error; otherwise it is kept verbatim in extras (with a note for a
    value)."""
    if not isinstance(data, Mapping):
        raise InvalidRecord("a CSL item is a JSON object")
    for key in ("id", "type"):
        if key not in data:
            raise InvalidRecord(f"a CSL item needs {key!r}", field=key)
    kind = _text(data["type"], "type")
    if kind not in CSL_TYPES:
        raise InvalidRecord(f"{kind!r} is not a CSL type", field="type")
    unknown = sorted(str(k) for k in data if k not in VARIABLES)
    if strict and unknown:
        raise InvalidRecord({k: ["unknown key (strict mode)"] for k in unknown})
    read = _Reading(strict)
    unread: dict[str, Any] = {}  # mapped variables whose value could not be read
    language = (
        languages.parse(_text(data["language"], "language")) if data.get("language") else None
    )
    if data.get("language") and language is None:
        read.unparsed("language", f"{shown(data['language'])} is no language tag")
        unread["language"] = data["language"]
    lang = language or UND
    raw_custom = data.get("custom", {})
    custom = dict(raw_custom) if isinstance(raw_custom, Mapping) else {}
    if not isinstance(raw_custom, Mapping):
        read.unparsed("custom", "custom is not an object")
        unread["custom"] = raw_custom
    multi_raw = data.get("multi", {})
    keys = multi_raw.get("_keys", {}) if isinstance(multi_raw, Mapping) else None
    if not isinstance(keys, Mapping):
        read.unparsed("multi", 'multi is not {"_keys": {variable: {language: text}}}')
        unread["multi"] = multi_raw
        keys = {}
    other_tag = custom.get("translated_language")
    other_lang = languages.parse(str(other_tag)) if other_tag else None

    def translated(variable: str, custom_key: str) -> Text | None:
        value = custom.get(custom_key)
        tag = other_lang
        if value is None and isinstance(keys.get(variable), Mapping) and keys[variable]:
            tag_raw, value = next(iter(keys[variable].items()))
            tag = languages.parse(str(tag_raw))
        if not value:
            return None
        return Text(_text(value, custom_key), tag or UND, "translation")

    titles: list[Text] = []
    if data.get("title"):
        titles.append(Text(_text(data["title"], "title"), lang))
        other = translated("title", "translated_title")
        if other is not None:
            titles.append(other)
    contributors: list[Contributor] = []
    for variable in ROLES:
        people = data.get(variable)
        if people is None:
            continue
        if not isinstance(people, list):
            raise InvalidRecord(f"{variable} must be a list of names", field=variable)
        contributors += [Contributor(_name_from(p, variable, lang), variable) for p in people]
    journal = None
    if data.get("container-title") or data.get("ISSN") or data.get("container-title-short"):
        jtitles = []
        if data.get("container-title"):
            jtitles.append(Text(_text(data["container-title"], "container-title"), lang))
            other = translated("container-title", "translated_container_title")
            if other is not None:
                jtitles.append(other)
        short = data.get("container-title-short") or data.get("journalAbbreviation")
        issns = [
            Identifier("issn", v.strip())
            for v in _text(data.get("ISSN", ""), "ISSN").replace(";", ",").split(",")
            if v.strip()
        ]
        journal = Journal(
            titles=tuple(jtitles),
            abbreviations=(Text(_text(short, "container-title-short")),) if short else (),
            identifiers=tuple(issns),
        )
    page = _text(data["page"], "page") if data.get("page") else None
    fpage = lpage = None
    if page:
        first, _, last = page.partition("-")
        fpage, lpage = first.strip() or None, last.strip() or None
    dated = tuple(_dates_from(data, read))
    identifiers = _identifiers_from(data)
    types: tuple[Term, ...] = ()
    if kind != UNTYPED:
        code = TYPES.read(kind)
        types = (Term("publication-type", code or "other"),)
    publisher = None
    degree = None
    genre = _text(data["genre"], "genre") if kind == "thesis" and data.get("genre") else None
    if kind == "thesis" and (data.get("publisher") or genre):
        degree = Degree(
            _degree_of(genre, lang) if genre else None,
            (Text(_text(data["publisher"], "publisher"), lang),) if data.get("publisher") else (),
        )
        if data.get("publisher-place"):
            publisher = Publisher(places=(Text(_text(data["publisher-place"], "publisher-place")),))
    elif data.get("publisher") or data.get("publisher-place"):
        publisher = Publisher(
            names=(Text(_text(data["publisher"], "publisher")),) if data.get("publisher") else (),
            places=(Text(_text(data["publisher-place"], "publisher-place")),)
            if data.get("publisher-place")
            else (),
        )
    keywords = tuple(
        Text(k.strip(), lang)
        for k in _text(data.get("keyword", ""), "keyword").split(",")
        if k.strip()
    )
    abstracts: tuple[Prose, ...] = ()
    if data.get("abstract"):
        paragraphs = [p.strip() for p in _text(data["abstract"], "abstract").split("\n\n")]
        abstracts = (Prose(tuple(Text(p, lang) for p in paragraphs if p)),)
    extras: dict[str, Any] = {
        k: v for k, v in data.items() if k not in MAPPED and not (k == "genre" and genre)
    }
    extras.update(unread)
    # A date with more than its parts (raw, literal, season, circa) is also kept whole.
    extras.update(
        (variable, data[variable])
        for _, variable in DATES.pairs
        if isinstance(data.get(variable), Mapping) and set(data[variable]) - {"date-parts"}
    )
    extras.update((k, v) for k, v in custom.items() if k not in CUSTOM and k not in extras)
    if kind not in TYPES and kind != UNTYPED:
        extras.setdefault("csl_type", kind)
    record = Record(
        titles=tuple(titles),
        contributors=tuple(contributors),
        abstracts=abstracts,
        keywords=keywords,
        journal=journal,
        volume=_text(data["volume"], "volume") if data.get("volume") else None,
        issue=_text(data["issue"], "issue") if data.get("issue") else None,
        fpage=fpage,
        lpage=lpage,
        dates=dated,
        identifiers=identifiers,
        links=(Link(_text(data["URL"], "URL")),) if data.get("URL") else (),
        publication_types=types,
        publisher=publisher,
        degree=degree,
        language=language,
        provenance=Provenance(NAME, record_id=_text(data["id"], "id")),
        extras=extras,
        notes=tuple(read.notes),
    )
    if FIDELITY_KEY in custom:
        record = _restored(record, custom[FIDELITY_KEY])
    return record


def _identifiers_from(data: Mapping[str, Any]) -> tuple[Identifier, ...]:
    return tuple(
        Identifier(scheme, _text(data[variable], variable))
        for scheme, variable in IDENTIFIERS.pairs
        if data.get(variable)
    )


# --- What the variables do not say: kept in ``custom.normaliser`` ------------------------------

#: Record fields (``journal.`` for the journal's) kept exactly when the variables lose them.
FIDELITY = (
    "titles",
    "contributors",
    "keywords",
    "abstracts",
    "journal.titles",
    "journal.abbreviations",
    "journal.identifiers",
    "fpage",
    "lpage",
    "page_range",
    "elocation_id",
    "dates",
    "identifiers",
    "links",
    "publication_types",
    "publisher",
    "degree",
    "language",
)


def _get(record: Record, path: str) -> Any:
    if path.startswith("journal."):
        return getattr(record.journal, path[8:]) if record.journal is not None else ()
    return getattr(record, path)


def _encode(value: Any) -> Any:
    """A record value as plain JSON: dataclasses as objects without their defaults, tuples as
    lists, partial dates as ISO strings."""
    if isinstance(value, PartialDate):
        return value.iso()
    if isinstance(value, tuple):
        return [_encode(v) for v in value]
    if is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: _encode(getattr(value, f.name))
            for f in dataclass_fields(value)
            if getattr(value, f.name) != f.default and getattr(value, f.name) != ()
        }
    return value


def _fidelity(record: Record, out: dict[str, Any]) -> dict[str, Any]:
    """The fields of ``record`` that reading ``out`` would not give back exactly, encoded."""
    try:
        plain = from_item(out)
    except InvalidRecord:  # cannot happen for what ``item`` writes; then keep everything
        plain = Record()
    # A journal of no title, abbreviation or ISSN writes no variable: kept as a journal.
    journal_lost = (plain.journal is None) != (record.journal is None)
    return {
        path: _encode(_get(record, path))
        for path in FIDELITY
        if _get(plain, path) != _get(record, path) or (journal_lost and path == "journal.titles")
    }


def _texts(value: Any) -> tuple[Text, ...]:
    return tuple(
        Text(**{**t, "marks": tuple(Mark(**m) for m in t.get("marks", ()))}) for t in value
    )


def _names(value: Any) -> tuple[Name, ...]:
    return tuple(Name(**n) for n in value)


def _contributors(value: Any) -> tuple[Contributor, ...]:
    return tuple(
        Contributor(
            **{
                **c,
                "names": _names(c["names"]),
                "affiliations": _texts(c.get("affiliations", ())),
            }
        )
        for c in value
    )


def _dateds(value: Any) -> tuple[Dated, ...]:
    return tuple(
        Dated(**{**d, "date": PartialDate(*(int(p) for p in d["date"].split("-")))}) for d in value
    )


def _terms(value: Any) -> tuple[Term, ...]:
    return tuple(Term(**{**t, "labels": _texts(t.get("labels", ()))}) for t in value)


def _proses(value: Any) -> tuple[Prose, ...]:
    return tuple(
        Prose(
            **{
                **p,
                "paragraphs": _texts(p["paragraphs"]),
                "headings": tuple(
                    Heading(h["start"], _texts([h["title"]])[0]) for h in p.get("headings", ())
                ),
            }
        )
        for p in value
    )


def _publisher(value: Any) -> Publisher | None:
    if not value:
        return None
    return Publisher(_texts(value.get("names", ())), _texts(value.get("places", ())))


def _degree(value: Any) -> Degree | None:
    if not value:
        return None
    level = value.get("level")
    return Degree(_terms([level])[0] if level else None, _texts(value.get("grantors", ())))


_DECODE: dict[str, Any] = {
    "degree": _degree,
    "titles": _texts,
    "contributors": _contributors,
    "keywords": _texts,
    "abstracts": _proses,
    "journal.titles": _texts,
    "journal.abbreviations": _texts,
    "journal.identifiers": lambda v: tuple(Identifier(**i) for i in v),
    "dates": _dateds,
    "identifiers": lambda v: tuple(Identifier(**i) for i in v),
    "links": lambda v: tuple(Link(**i) for i in v),
    "publication_types": _terms,
    "publisher": _publisher,
}


def _restored(record: Record, kept: Any) -> Record:
    """``record`` with the fields ``custom.normaliser`` keeps put back as they were written."""
    field = f"custom.{FIDELITY_KEY}"
    if not isinstance(kept, Mapping):
        raise InvalidRecord(f"{field} must be an object", field=field)
    changes: dict[str, Any] = {}
    journal: dict[str, Any] = {}
    for path, value in kept.items():
        if path not in FIDELITY:
            raise InvalidRecord(f"{field}: {path!r} is not a field it keeps", field=field)
        try:
            decoded = _DECODE.get(path, lambda v: v)(value)
        except (TypeError, KeyError, ValueError, AttributeError) as exc:
            raise InvalidRecord(f"{field}.{path}: {exc}", field=field) from None
        if path.startswith("journal."):
            journal[path[8:]] = decoded
        else:
            changes[path] = decoded
    if journal:
        changes["journal"] = replace(record.journal or Journal(), **journal)
    return replace(record, **changes)


def _scalar(value: Any) -> bool:
    return isinstance(value, (str, int, float)) and not isinstance(value, bool)


def split(source: Source) -> Iterator[JsonValue]:
    """Every item of ``source`` (each element of a top-level array, or a single item), with
    its own text, bytes and place (``json_values``), so that a reject keeps them."""
    return json_values(source)


def parse(piece: JsonValue, number: int, name: str, *, strict: bool = False) -> Record | Reject:
    """The Record of one split item, or a Reject with its original text and the reason."""
    try:
        if isinstance(piece.value, Exception):
            raise InvalidRecord(f"not valid JSON: {piece.value}")
        return from_item(piece.value, number, strict=strict)
    except InvalidRecord as exc:
        return Reject(exc, piece.raw, number, piece.line, piece.offset, name, piece.data)


def read(source: Source, *, strict: bool = False) -> Iterator[Record | Reject]:
    for number, piece in enumerate(split(source), 1):
        yield parse(piece, number, source.name, strict=strict)
