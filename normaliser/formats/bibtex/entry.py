"""One BibTeX entry to a Record (``from_entry``): its fields decoded from LaTeX, names split,
languages, dates and pages read; a bilingual pair's second entry merged into the first.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from ... import dates, identifiers, langtags, languages, pages
from ...declare import NUMBER, TEXTS
from ...errors import InvalidRecord, cut, shown
from ...fields import collect_notes, note, term
from ...names import han_body, pair, parse_name, without_generated_pinyin
from ...names import japanese as names_japanese
from ...record import (
    DATE_KINDS,
    UND,
    VARIANTS,
    Conference,
    Contributor,
    Dated,
    Degree,
    Identifier,
    Journal,
    Link,
    Mark,
    Name,
    PartialDate,
    Prose,
    Provenance,
    Publisher,
    Record,
    Term,
    Text,
    with_subtitle,
)
from ...sections import structure
from ...sources import JsonTooDeep, check_json_depth
from ...text import chinese_script, detect_lang, follow_declared, has_han, settle_scripts
from . import latex
from .chunks import _Entry
from .declarations import (
    _ARTICLES,
    _DATE_KIND_OF,
    _DEGREE_TYPES,
    _DEGREE_WORDS,
    _EDITOR_TYPES,
    _EPRINT_TYPES,
    _IN_BOOK,
    _ISSN_FIELDS,
    _LANGUAGE_FIELDS,
    _LINK_KIND_OF,
    _MORE_ABSTRACTS,
    _MORE_CONTAINER,
    _MORE_TITLES,
    _NAME_FIELDS,
    _ORIGINALS,
    _OTHER_EDITORS,
    _PER_LANGUAGE,
    _PMCID_TYPES,
    _ROMANISED,
    _VERBATIM,
    ENTRY_TYPES,
    EXTRAS_FIELD,
    FIELDS,
    NAME,
    SIMPLE,
    TYPE_KEY,
)

# --- One entry to a Record -----------------------------------------------------------------


class _Fields:
    """An entry's fields, taken one by one; what is left at the end goes to extras."""

    def __init__(self, values: dict[str, str]) -> None:
        self.values = dict(values)
        #: Every field the reader looked at: what it maps, or keeps deliberately (``--strict``
        #: refuses only the others).
        self.asked: set[str] = set()

    def raw(self, key: str) -> str | None:
        self.asked.add(key)
        value = self.values.pop(key, None)
        if value is None or not value.strip():
            return None
        return value

    def peek(self, key: str) -> str | None:
        self.asked.add(key)
        value = self.values.get(key)
        return value if value and value.strip() else None

    def plain(self, key: str) -> str | None:
        value = self.raw(key)
        if value is None:
            return None
        if key in _VERBATIM:
            return _verbatim(value)
        text, unknown = latex.plain(value)
        _unknown_note(key, unknown)
        return text or None


def _verbatim(value: str) -> str:
    value = re.sub(r"\\([_%&#$~])", r"\1", value.strip())
    return value.replace("{", "").replace("}", "").strip()


def _more_marks(text: Text, others: dict[str, tuple[Mark, ...]]) -> tuple[Mark, ...]:
    """The marks of ``text`` and those another text of its value holds, when they nest."""
    found = others.get(text.value)
    if not found or set(found) <= set(text.marks):
        return text.marks
    try:
        return replace(text, marks=tuple(set(text.marks) | set(found))).marks
    except InvalidRecord:  # they do not nest: the text's own
        return text.marks


def _unknown_note(key: str, unknown: list[str]) -> None:
    if unknown:
        note("repaired", key, f"LaTeX commands dropped: {cut(', '.join(sorted(set(unknown))))}")


#: Fields whose case a style changes (sentence or title case), where braces protect a span:
#: elsewhere (``publisher = {{ASME}}``) braces only keep a value whole and mark nothing.
_CASED = frozenset(
    {
        "title",
        "subtitle",
        "usere",
        "title_translation_en",
        "journaltitle",
        "shortjournal",
        "eventtitle",
    }
)
#: Entry types of a whole book, whose ``pages = {35}`` counts its pages (a chapter's are where
#: it stands in the book).
_WHOLE_BOOKS = frozenset({"book", "mvbook", "proceedings", "mvproceedings", "collection", "manual"})


def _unprotected(marks: Iterable[Mark], key: str) -> list[Mark]:
    return [m for m in marks if m.kind != "nocase" or key in _CASED]


def _text(value: str, key: str, latin: str, variant: str = "original") -> Text | None:
    """A one-line text from LaTeX, tagged by its script (``latin`` for Latin script); braces
    in a title field are case-protected spans (``{AI}``)."""
    decoded = latex.decode(value)
    _unknown_note(key, decoded.unknown)
    if not decoded.paragraphs:
        return None
    joined, marks = "", list[Mark]()
    for text, ms in decoded.paragraphs:
        if joined:
            joined += " "
        offset = len(joined)
        marks.extend(
            replace(m, start=m.start + offset, end=m.end + offset) for m in _unprotected(ms, key)
        )
        joined += text
    # An undecidable script (北京) is settled for the whole record by ``settle_scripts``.
    lang, _ = detect_lang(joined, latin)
    return Text(joined, lang, variant, tuple(marks))


def _prose(value: str, key: str, latin: str, variant: str = "original") -> Prose | None:
    decoded = latex.decode(value)
    _unknown_note(key, decoded.unknown)
    if not decoded.paragraphs:
        return None
    # The language is the text's, not its headings' (an English "Background:" before Chinese).
    found = structure(
        Prose(
            tuple(Text(p, UND, variant, tuple(_unprotected(m, key))) for p, m in decoded.paragraphs)
        )
    )
    lang, _ = detect_lang(" ".join(p.value for p in found.paragraphs), latin)
    return found.with_paragraphs(tuple(replace(p, lang=lang) for p in found.paragraphs))


def _list(value: str) -> list[str]:
    """A BibLaTeX list or name list: items joined by `` and `` outside braces."""
    parts: list[str] = []
    depth, start, i = 0, 0, 0
    lowered = value.lower()
    while i < len(value):
        ch = value[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif depth == 0 and ch.isspace():
            match = re.match(r"\s+and\s+", lowered[i:])
            if match:
                parts.append(value[start:i])
                i += match.end()
                start = i
                continue
        i += 1
    parts.append(value[start:])
    return [p.strip() for p in parts if p.strip()]


def _split_outside_braces(value: str, separators: str) -> list[str]:
    """``value`` split at each of ``separators`` outside braces (``{糖尿病，2型}`` is one)."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(value):
        if ch == "{" and (i == 0 or value[i - 1] != "\\"):
            depth += 1
        elif ch == "}" and (i == 0 or value[i - 1] != "\\"):
            depth -= 1
        elif depth == 0 and ch in separators:
            parts.append(value[start:i].strip())
            start = i + 1
    parts.append(value[start:].strip())
    return parts


def _declared_texts(values: _Fields, path: str, latin: str) -> list[Text]:
    """The texts of every field ``FIELDS`` reads as ``path``, the written field's first."""
    return [t for key in FIELDS.reading(path) for t in _texts(values.raw(key), key, latin)]


def _texts(value: str | None, key: str, latin: str, variant: str = "original") -> list[Text]:
    out = []
    for item in _list(value) if value else []:
        text = _text(item, key, latin, variant)
        if text is not None:
            out.append(text)
    return out


def _name(value: str, key: str, japanese: bool = False) -> Name:
    """One name of a name list: braced Han names split family/given, other braced names kept
    whole (corporate authors), the rest parsed by ``names.parse_name`` (``japanese``: a kanji
    name of a Japanese entry is not cut as a Chinese one)."""
    braced = value.startswith("{") and value.endswith("}") and _balanced(value[1:-1])
    text, unknown = latex.plain(value)
    _unknown_note(key, unknown)
    if not text:
        raise InvalidRecord("an empty name in the name list", field=key)
    whole = braced and value.startswith("{{") and value.endswith("}}") and _balanced(value[2:-2])
    if whole and has_han(text):  # {{欧阳明远}}: a name the source never split, kept whole
        lang, _ = detect_lang(text)
        lang = "ja" if japanese else lang if lang.startswith("zh") else "zh"
        return Name(literal=text, style="eastern", lang=lang)
    if whole and not has_han(text) and " " in text:  # {{HEXA Collaboration}}: a body's name
        return Name(literal=text, style="given-only", lang=detect_lang(text)[0])
    if braced and not has_han(text) and " " in text:
        return Name(literal=text, lang=detect_lang(text)[0])
    if has_han(text) and han_body(text):
        # A body (全国信息与文献标准化技术委员会), not a person: kept whole, never split.
        lang, _ = detect_lang(text)
        return Name(literal=text, style="eastern", lang=lang if lang.startswith("zh") else "zh")
    parsed = parse_name(text, japanese=japanese)
    kept = _KEPT_GIVEN.match(value)
    if kept and not has_han(text):  # "Souza, {Ana Paula de}": the given name as written
        family, given = latex.plain(kept.group(1))[0].strip(), latex.plain(kept.group(2))[0]
        if family and given.strip() and (parsed.family, parsed.given) != (family, given.strip()):
            parsed = replace(parsed, family=family, given=given.strip())
    return parsed


#: ``Family, {Given}``: a given name braced whole, so that a particle it ends with (``Ana
#: Paula de``) stays in it; plain text takes it for the family name's (``de Souza``).
_KEPT_GIVEN = re.compile(r"^([^{},]+),\s*\{([^{}]+)\}$")


def _balanced(value: str) -> bool:
    depth = 0
    for i, ch in enumerate(value):
        if ch == "{" and (i == 0 or value[i - 1] != "\\"):
            depth += 1
        elif ch == "}" and (i == 0 or value[i - 1] != "\\"):
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def _names(value: str | None, key: str, japanese: bool = False) -> tuple[list[Name], bool]:
    """The names of a name field, and whether it ends with ``and others`` (et al.)."""
    if not value:
        return [], False
    items = _list(value)
    others = bool(items) and items[-1].strip().lower() == "others"
    if others:
        items = items[:-1]
    return [_name(item, key, japanese) for item in items], others


def _language(values: _Fields) -> tuple[str | None, str | None]:
    """The record's language from langid/language, and the spelling when it is not known."""
    for key in ("langid", "language"):
        raw = values.plain(key)
        if raw is None:
            continue
        spelled = raw.split(",")[0].split(" and ")[0].strip()
        tag = languages.parse(spelled)
        if tag is None:
            return None, raw
        return tag, None
    return None, None


def _latin(language: str | None) -> str:
    """The tag of Latin-script text in a record of ``language``: the record's language when it
    is written in Latin script, else English (the Latin-script language of Chinese records)."""
    if language and language.split("-")[0] not in ("zh", "ja", "ko", "ru"):
        return language
    return "en"


def from_entry(entry: _Entry, *, strict: bool = False) -> Record:
    """Map one entry (and its bilingual partners) to a Record; raises ``InvalidRecord`` naming
    the entry's fields."""
    with collect_notes() as notes:
        notes.extend(entry.notes)
        record = _build(entry.type, entry.key, _Fields(entry.fields), strict)
        for partner in entry.partners:
            record = _merge(record, partner, entry, strict)
        record = follow_declared(record, record.language)  # 図書館 in a Japanese entry: ja
        contributors = without_generated_pinyin(record.contributors)  # 宮地 元彦: no pinyin
        if contributors is not record.contributors:
            record = replace(record, contributors=contributors)
        settled, warning = settle_scripts(record)
        if warning:
            note("language", "langid", warning)
        record = settled
        language = record.language
        if language == "zh":
            main = record.title
            script = chinese_script(main.value) if main and has_han(main.value) else None
            if main is not None and main.lang.startswith("zh-"):
                language = main.lang
            elif script:
                language = f"zh-{script}"
            record = replace(record, language=language)
        record = _langids(record)
    final: Record = replace(record, notes=record.notes + tuple(notes)) if notes else record
    return final


def _langids(record: Record) -> Record:
    """``record`` with the tags of its ``langids`` (``langtags``: the tags of the texts whose
    language the reader would guess otherwise) put back; what names no text of it is kept in
    extras."""
    raw = record.extras.get(_LANGIDS)
    if not isinstance(raw, str):
        return record
    extras = {k: v for k, v in record.extras.items() if k != _LANGIDS}
    items = dict(i.strip().rpartition("=")[::2] for i in raw.split(";") if i.strip())
    tags, bad = langtags.parse(items)
    record, missed = langtags.applied(replace(record, extras=extras), tags)
    if bad or missed:
        note("unparsed", "langids", f"{shown('; '.join(bad + missed))} name no text: not applied")
        record = replace(record, extras={**extras, "langids": raw})
    return record


#: Where ``_build`` leaves ``langids`` for ``from_entry`` (applied once the record is whole).
_LANGIDS = "\0langids"


def _build(kind: str, key: str, values: _Fields, strict: bool, partner: bool = False) -> Record:
    extras: dict[str, Any] = {}
    language, unknown_language = _language(values)
    if unknown_language is not None:
        extras["langid"] = unknown_language
        note(
            "unparsed",
            "langid",
            f"{shown(unknown_language)} is not a known language: kept verbatim in extras",
        )
    latin = _latin(language)

    # Publication type (and the degree of a thesis).
    subtype = (values.peek("entrysubtype") or "").strip().lower()
    code = ENTRY_TYPES.read(kind)
    if kind == "article" and subtype in ("newspaper", "magazine"):
        code = "newspaper-article" if subtype == "newspaper" else code
        if subtype == "newspaper":
            values.raw("entrysubtype")
    if code is None:
        code = "other"
    written = ENTRY_TYPES.write(code) or "misc"
    if kind != written and not (code == "thesis" and kind.endswith("thesis")):
        extras[TYPE_KEY] = kind
    types = [Term("publication-type", code)]
    listed = values.plain("publication-types")
    if listed:
        types = [
            term("publication-type", t.strip(), "publication-types")
            for t in re.split(r"[;,]", listed)
            if t.strip()
        ]

    degree = None
    if code == "thesis":
        level = None
        if kind == "phdthesis":
            level = "doctoral"
        elif kind == "mastersthesis":
            level = "masters"
        thesis_type = values.peek("type")
        if thesis_type:
            spelled, _ = latex.plain(thesis_type)
            found = _degree(spelled)
            if found is not None:
                values.raw("type")
                if level is not None and found != level:
                    note("conflict", "type", f"{shown(spelled)} contradicts @{kind}; kept @{kind}")
                    extras["type"] = spelled
                level = level or found
                if _DEGREE_TYPES.read(spelled) != found:
                    extras["type"] = spelled
        grantors = _declared_texts(values, "degree.grantors", latin)
        if level or grantors:
            degree = Degree(Term("degree", level) if level else None, tuple(grantors))

    # Titles.
    titles: list[Text] = []
    title = values.raw("title")
    subtitle = values.raw("subtitle")
    if title:
        main = _text(title, "title", latin)
        sub = _text(subtitle, "subtitle", latin) if subtitle else None
        if main and sub:
            # Joined to its title ("Title: Subtitle", 标题——副标题), its span marked: the
            # language is the whole title's.
            lang, _ = detect_lang(f"{main.value} {sub.value}", latin)
            main = with_subtitle(replace(main, lang=lang), sub)
        if main:
            titles.append(main)
    elif subtitle:
        extras["subtitle"] = latex.plain(subtitle)[0]
    # A second title of the entry (an alternative title, a romanisation): title2, its variant
    # in title2type.
    for _, name in sorted(
        (int(m.group(1)), k) for k in values.values if (m := _MORE_TITLES.match(k))
    ):
        said = (values.peek(f"{name}type") or "").strip()
        variant = said if said in VARIANTS else "original"
        if said in VARIANTS:
            values.raw(f"{name}type")
        more = values.raw(name)
        other = _text(more, "title", latin, variant) if more else None
        if other is not None:
            titles.append(other)
    for field_name in ("usere", "title_translation_en"):  # GB/T 7714-2025: *_translation_en
        raw_title = values.raw(field_name)
        translated = _text(raw_title, field_name, "en", "translation") if raw_title else None
        if translated and translated not in titles:
            titles.append(translated)

    # Contributors: a kanji name of a Japanese entry (langid, a kana title) is not cut as a
    # Chinese one. A partner entry's names are other forms of the main entry's people, paired
    # with them as the main entry reads them.
    japanese = not partner and names_japanese(language, titles)
    contributors: list[Contributor] = []
    for role, field_name in (*_NAME_FIELDS, *_NAME_FIELDS.read_only):
        names, others = _names(values.raw(field_name), field_name, japanese)
        # GB/T 7714-2025: the romanised by-line beside the Han one, paired name by name.
        romanised, _ = (
            _names(values.raw(_ROMANISED), _ROMANISED) if field_name == "author" else ([], False)
        )
        originals, _ = (
            _names(values.raw(_ORIGINALS), _ORIGINALS)
            if field_name == "author" and not romanised
            else ([], False)
        )
        if originals and len(originals) == len(names):
            # The Han forms of a Latin by-line, name by name (a name said again has none).
            contributors.extend(
                Contributor((n, o) if has_han(o.display) and o != n else (n,), role)
                for n, o in zip(names, originals, strict=True)
            )
        else:
            if originals:
                note("unparsed", _ORIGINALS, "not one name for each author; kept in extras")
                extras[_ORIGINALS] = "; ".join(o.display for o in originals)
            contributors.extend(Contributor(forms, role) for forms in pair(names, romanised))
        if others:
            extras[f"{field_name}.others"] = True
    for slot in ("editora", *_OTHER_EDITORS):
        editors = values.raw(slot)
        if editors:
            role = (values.plain(f"{slot}type") or "editor").strip().lower()
            role = (_EDITOR_TYPES.read(role) if slot == "editora" else None) or role
            names, _ = _names(editors, slot, japanese)
            contributors.extend(Contributor(forms, role) for forms in pair(names, []))

    # Abstract, keywords.
    abstracts = []
    numbered = sorted(
        (int(m.group(1)), k) for k in values.values if (m := _MORE_ABSTRACTS.match(k))
    )
    for name in ["abstract", *(k for _, k in numbered)]:
        abstract = values.raw(name)
        if abstract:
            text = _prose(abstract, name, latin)
            given_kind = values.plain(f"{name}type")
            if text and given_kind:
                text = replace(text, kind=given_kind.strip())
            if text:
                abstracts.append(text)
    keywords: list[Text] = []
    raw_keywords = values.raw("keywords")
    if raw_keywords:
        separator = ";" if re.search(r"[;；]", raw_keywords) else ","
        for word in _split_outside_braces(
            raw_keywords, separator + ("；" if separator == ";" else "，")
        ):
            keyword = _text(word, "keywords", latin)
            if keyword:
                keywords.append(keyword)

    # Journal or book the entry is part of.
    container = values.raw("booktitle") if kind in _IN_BOOK else None
    journal_title = values.raw("journaltitle") or values.raw("journal") or container
    jtitles = (
        [t for t in [_text(journal_title, "journaltitle", latin)] if t] if journal_title else []
    )
    # A parallel title of the container (体力科学 beside its English title): journaltitle2 …
    stem = "booktitle" if kind in _IN_BOOK else "journaltitle"
    for _, name in sorted(
        (int(m.group(2)), k)
        for k in values.values
        if (m := _MORE_CONTAINER.match(k)) and m.group(1) == stem
    ):
        more = values.raw(name)
        parallel = _text(more, "journaltitle", latin) if more else None
        if parallel is not None:
            jtitles.append(parallel)
    journal_translation = values.raw("journal_translation_en")
    if journal_translation:
        jtitles += [
            t
            for t in [_text(journal_translation, "journaltitle", "en", "translation")]
            if t and t not in jtitles
        ]
    abbreviations = _declared_texts(values, "journal.abbreviations", latin)
    jids = _journal_ids(values, extras)
    publishers = _declared_texts(values, "journal.publishers", latin)
    places = _declared_texts(values, "publisher.places", latin)
    jpublishers: list[Text] = []
    publisher = None
    said = (values.peek("publishertype") or "").strip().lower()
    if said == "journal":  # a journal's publisher in an entry of another type (a preprint)
        values.raw("publishertype")
    if code in _ARTICLES or (said == "journal" and publishers):
        jpublishers, publishers = publishers, []
    if code in _ARTICLES and places:
        extras["location"] = "; ".join(p.value for p in places)
        places = []
    if publishers or places:
        publisher = Publisher(tuple(publishers), tuple(places))
    journal = (
        Journal(
            titles=tuple(jtitles),
            abbreviations=tuple(abbreviations),
            identifiers=tuple(jids),
            publishers=tuple(jpublishers),
        )
        if jtitles or abbreviations or jids or jpublishers
        else None
    )

    # Conference.
    conference = None
    event = _declared_texts(values, "conference.names", latin)
    venue = _declared_texts(values, "conference.places", latin)
    event_date, event_end = _date_range(values, "eventdate", extras)
    if event or venue or event_date:
        conference = Conference(tuple(event), tuple(venue), event_date, event_end)

    # The simple leaves (series, edition, pagetotal, volume …), walked from their declarations.
    simple: dict[str, Any] = {}
    for f in SIMPLE:
        if f.kind == TEXTS:
            simple[f.path] = tuple(_texts(values.raw(f.key), f.key, latin))
        elif f.kind == NUMBER:
            simple[f.path] = _number(values.plain(f.key))
        else:
            simple[f.path] = values.plain(f.key)

    # Issue, pages.
    issue = _number(values.plain("number")) if code not in ("patent", "standard") else None
    biblatex_issue = values.plain("issue")
    # biblatex's issue names an issue by a season (Spring, May-Aug): the date's, read below.
    issue_season = _season(biblatex_issue) if biblatex_issue else None
    if issue_season:
        pass
    elif biblatex_issue and issue is None:
        issue = _number(biblatex_issue)
    elif biblatex_issue:
        extras["issue"] = biblatex_issue
    fpage = lpage = page_range = elocation_id = None
    page_count = simple["page_count"]
    raw_pages = values.plain("pages")
    counted = raw_pages and (raw_pages.strip().isdigit() or pages.is_extent(raw_pages))
    if counted and raw_pages and kind in _WHOLE_BOOKS and not page_count:
        # a whole book's pages: how many (35; xi + 240, front matter and body apart)
        page_count, raw_pages = raw_pages.strip(), None
    if raw_pages:
        try:
            parsed = pages.parse(raw_pages, "pages")
        except InvalidRecord:
            note("repaired", "pages", f"{shown(raw_pages)} is not a page range; kept in extras")
            extras["pages"] = raw_pages
        else:
            if parsed.note:
                note("repaired", "pages", parsed.note)
            fpage, lpage, page_range, elocation_id = (
                parsed.first,
                parsed.last,
                parsed.statement,
                parsed.elocation_id,
            )
    simple["page_count"] = page_count
    eid = values.plain("eid")
    if eid:
        if elocation_id and elocation_id != eid:
            extras["eid"] = eid
        else:
            elocation_id = eid

    # Dates.
    dated: list[Dated] = []
    published = _date(values, "date", extras)
    season = None
    if published is None:
        published, season = _year_month(values, extras)
    else:
        for leftover in ("year", "month"):
            value = values.plain(leftover)
            if value:
                extras[leftover] = value
    if issue_season and published is not None and published.month is None and not season:
        season = issue_season
    elif issue_season and biblatex_issue:  # no year to be the season of: the issue as written
        if issue is None:
            issue = _number(biblatex_issue)
        else:
            extras["issue"] = biblatex_issue
    if published is not None:
        typed = (values.plain("datetype") or "published").strip()
        if typed not in DATE_KINDS:
            note("unparsed", "datetype", f"{shown(typed)} is no date kind: kept in extras")
            extras["datetype"] = typed
            typed = "published"
        dated.append(_dated(values, "date", typed, published, season))
    dated.extend(_other_dates(values, extras))
    langids = values.plain("langids")
    if langids:
        extras[_LANGIDS] = langids
    urldate = values.plain("urldate")
    if urldate:
        extras["urldate"] = urldate

    # Identifiers and links.
    ids: list[Identifier] = []
    doi = values.plain("doi")
    if doi:
        ids.append(Identifier("doi", identifiers.normalise_doi(doi, "doi")))
    isbn = values.plain("isbn")
    if isbn:
        ids.extend(Identifier("isbn", p) for p in re.split(r"\s*[,;]\s*", isbn) if p)
    if code in ("patent", "standard"):
        number = values.plain("number")
        if number:
            ids.append(Identifier(f"{code}-number", number))
    eprint = values.peek("eprint")
    eprinttype = (values.peek("eprinttype") or values.peek("archiveprefix") or "").lower()
    scheme = _EPRINT_TYPES.read(eprinttype)
    if eprint and scheme:
        values.raw("eprinttype")
        values.raw("archiveprefix")
        value = values.plain("eprint") or ""
        if scheme == "pmid":  # an identifier is core: checked as a pmid field is
            value = identifiers.normalise_pmid(value, "eprint")
        ids.append(Identifier(scheme, value))
    elif eprint and eprinttype in _PMCID_TYPES:
        values.raw("eprinttype")
        values.raw("archiveprefix")
        value = values.plain("eprint") or ""
        ids.append(Identifier("pmcid", identifiers.normalise_pmcid(value, "eprint")))
    # biblatex has no eprint type for PubMed Central: a ``pmcid`` field carries it (and a
    # ``pmid`` field the PMID, when no eprint does), as PubMed's and Zotero's exports write.
    for scheme, normalise in (
        ("pmcid", identifiers.normalise_pmcid),
        ("pmid", identifiers.normalise_pmid),
    ):
        value = values.plain(scheme)
        if value and not any(i.scheme == scheme for i in ids):
            ids.append(Identifier(scheme, normalise(value, scheme)))
        elif value:
            extras[scheme] = value  # a second one, kept verbatim
    ids.extend(_scheme_values(values, "otherids", extras))
    ids.extend(_derived_ids(values, extras))
    links = []
    url = values.plain("url")
    kind = (values.plain("urltype") or "landing").strip()
    if url and identifiers.is_url(url):
        links.append(Link(identifiers.normalise_url(url, "url"), kind))
    elif url:  # a link that is no URL is secondary: kept verbatim, said, and the entry read
        note("unparsed", "url", identifiers.bad_url_note(url))
        extras["url"] = url

    for name in list(values.values):  # the other links, in the fields of their kinds
        linked = _OTHER_LINK.match(name)
        if linked is None or linked.group(1) not in _LINK_KIND_OF:
            continue
        target = values.plain(name)
        if target:
            links.append(Link(target.strip(), _LINK_KIND_OF[linked.group(1)]))

    # Everything else, verbatim (decoded from LaTeX), and the packed extras of our own writer.
    packed = values.raw(EXTRAS_FIELD)
    if packed:
        try:
            unpacking = latex.unescape(packed)
            check_json_depth(unpacking)
            unpacked = json.loads(unpacking)
        except JsonTooDeep as exc:
            raise InvalidRecord(f"{EXTRAS_FIELD}: {exc}", field=EXTRAS_FIELD) from None
        except (ValueError, RecursionError):
            raise InvalidRecord(f"{EXTRAS_FIELD} is not JSON", field=EXTRAS_FIELD) from None
        if not isinstance(unpacked, dict):
            raise InvalidRecord(f"{EXTRAS_FIELD} is not a JSON object", field=EXTRAS_FIELD)
        extras.update(unpacked)
    # --strict: a field the reader never looked at is an error (one it read and kept verbatim,
    # such as a thesis ``type`` that names no degree, is not).
    unmapped = sorted(k for k in values.values if k not in values.asked and values.peek(k))
    for name in list(values.values):
        value = values.plain(name)
        if value is not None:
            extras[name] = value
    if strict:
        unknown = [k for k in unmapped if not k.startswith("bibtex.") and "." not in k]
        if unknown:
            raise InvalidRecord({k: ["unknown field (strict mode)"] for k in unknown})

    return Record(
        titles=tuple(titles),
        contributors=tuple(contributors),
        abstracts=tuple(abstracts),
        keywords=tuple(keywords),
        journal=journal,
        issue=issue,
        fpage=fpage,
        lpage=lpage,
        page_range=page_range,
        elocation_id=elocation_id,
        dates=tuple(dated),
        identifiers=tuple(ids),
        links=tuple(links),
        publication_types=tuple(types),
        conference=conference,
        degree=degree,
        publisher=publisher,
        language=language,
        provenance=Provenance(NAME, None, key),
        extras=extras,
        **simple,
    )


def _degree(spelled: str) -> str | None:
    typed = _DEGREE_TYPES.read(spelled)
    if typed is not None:
        return typed
    lowered = spelled.lower().replace("'", "").replace(".", "")
    for code, words in _DEGREE_WORDS:
        if any(w in lowered for w in words):
            return code
    return None


def _number(value: str | None) -> str | None:
    """A volume or issue: leading zeros of a plain number dropped (``01`` → ``1``)."""
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return value.lstrip("0") or "0"
    return value or None


def _date(values: _Fields, key: str, extras: dict[str, Any]) -> PartialDate | None:
    raw = values.plain(key)
    if raw is None:
        return None
    start = raw.split("/")[0].strip() if re.match(r"^\d{4}[^/]*/", raw) else raw
    if start != raw:
        extras[key] = raw  # a range: the start is the date, the whole is kept
    try:
        parsed = dates.parse(start, key)
    except InvalidRecord:
        note("repaired", key, f"{shown(raw)} is not a date; kept in extras")
        extras[key] = raw
        return None
    return parsed.date if parsed else None


def _date_range(
    values: _Fields, key: str, extras: dict[str, Any]
) -> tuple[PartialDate | None, PartialDate | None]:
    """A BibLaTeX date or date range (``2023-10-20/2023-10-22``): its start and its end; a range
    whose end is no later date is kept whole in extras, its start as the date."""
    raw = values.peek(key)  # before _date takes the field
    start = _date(values, key, extras)
    if raw is None or start is None or key not in extras:
        return start, None
    tail = raw.split("/", 1)[1].strip()
    try:
        parsed = dates.parse(tail, key) if tail else None
    except InvalidRecord:
        return start, None
    if parsed is None or parsed.date.iso() <= start.iso():
        return start, None
    del extras[key]  # the range is the record's now
    return start, parsed.date


def _journal_ids(values: _Fields, extras: dict[str, Any]) -> list[Identifier]:
    """The journal's ISSNs (``issn``: print when ``issntype = {print}``; ``eissn``, ``issnl``)
    and other identifiers (``journalids``: ``scheme:value`` items)."""
    typed = (values.plain("issntype") or "").strip().lower()
    if typed and typed != "print":
        extras["issntype"] = typed
    out: list[Identifier] = []
    for key, scheme in (("issn", "issn-print" if typed == "print" else "issn"), *_ISSN_ITEMS):
        raw = values.plain(key)
        for part in re.split(r"[\s,;]+", raw or ""):
            if part:
                out.append(Identifier(scheme, identifiers.normalise_issn(part, key)))
    return out + _scheme_values(values, "journalids", extras)


def _scheme_values(values: _Fields, key: str, extras: dict[str, Any]) -> list[Identifier]:
    """The identifiers of a list of ``scheme:value`` items (``journalids``, ``otherids``); an
    item that is none is kept in extras."""
    out = []
    for item in _list(values.raw(key) or ""):
        text = latex.plain(item)[0]
        scheme, _, value = text.partition(":")
        if scheme.strip() and value.strip():
            out.append(Identifier(scheme.strip(), value.strip()))
        else:
            note("unparsed", key, f"{shown(text)} is no scheme:value; kept in extras")
            extras.setdefault(key, []).append(text)
    return out


def _derived_ids(values: _Fields, extras: dict[str, Any]) -> list[Identifier]:
    """The identifiers derived from another field of the source (a PMCID from an open-access
    PDF's link): ``derivedids``, items ``scheme:value (from field)``; an item that is none is
    kept in extras."""
    out = []
    for item in _list(values.raw("derivedids") or ""):
        text = latex.plain(item)[0]
        found = _DERIVED.match(text.strip())
        if found:
            out.append(Identifier(found["scheme"], found["value"], found["source"]))
        else:
            note("unparsed", "derivedids", f"{shown(text)} is no scheme:value (from field)")
            extras.setdefault("derivedids", []).append(text)
    return out


_DERIVED = re.compile(r"^(?P<scheme>[^:\s]+):(?P<value>\S.*?) \(from (?P<source>[^()\s]+)\)$")
_ISSN_ITEMS = tuple(_ISSN_FIELDS.items())


_OTHER_LINK = re.compile(r"^([a-z]+url)(\d*)$")
_OTHER_DATE = re.compile(r"^([a-z]*date)(\d*)$")


def _other_dates(values: _Fields, extras: dict[str, Any]) -> list[Dated]:
    """The dates of the fields of their kind (``receiveddate``, ``epubdate``, a second
    published date ``date2``), in the entry's order; one that is no date is kept in extras."""
    out: list[Dated] = []
    for name in list(values.values):
        found = _OTHER_DATE.match(name)
        if found is None or (found.group(1) != "date" and found.group(1) not in _DATE_KIND_OF):
            continue
        if found.group(1) == "date" and not found.group(2):
            continue
        kind = _DATE_KIND_OF.get(found.group(1), "published")
        raw = values.plain(name)
        if raw is None:
            continue
        start_text, _, end_text = raw.partition("/")
        try:
            parsed = dates.parse(start_text.strip(), name)
            end = dates.parse(end_text.strip(), name) if end_text.strip() else None
            if parsed is None:
                raise InvalidRecord(f"{shown(raw)} is no date", field=name)
            out.append(
                _dated(values, name, kind, parsed.date, parsed.season, end.date if end else None)
            )
        except InvalidRecord:
            note("repaired", name, f"{shown(raw)} is not a date; kept in extras")
            extras[name] = raw
    return out


def _dated(
    values: _Fields,
    name: str,
    kind: str,
    date: PartialDate,
    season: str | None,
    end: PartialDate | None = None,
) -> Dated:
    """A date of ``kind`` with the label and history its field ``name`` has beside it."""
    label = values.plain(f"{name}label")
    history = (values.plain(f"{name}history") or "").strip().lower()
    return Dated(
        kind,
        date,
        label=label.strip() if label else None,
        history=True if history == "true" else False if history == "false" else None,
        season=season,
        end=end,
    )


def _season(value: str) -> str | None:
    """``value`` as written when it names a season or a range of months (Spring, May-Aug), not
    a month: an issue's cover date beside its year."""
    try:
        parsed = dates.parse(f"2000 {value.strip()}", "issue")
    except InvalidRecord:
        return None
    return parsed.season if parsed and parsed.date.month is None else None


def _year_month(values: _Fields, extras: dict[str, Any]) -> tuple[PartialDate | None, str | None]:
    """The date of ``year`` and ``month``, and the season a month that names one gives
    (``month = {May-Aug}``: BibTeX's month is free text)."""
    year = values.plain("year")
    month = values.plain("month")
    if year is None:
        if month:
            extras["month"] = month
        return None, None
    found = re.fullmatch(r"\s*(\d{4})\s*", year)
    if not found:
        lead = re.match(r"\s*(\d{4})", year)
        note("repaired", "year", f"{shown(year)} is not a plain year; kept in extras")
        extras["year"] = year
        if month:
            extras["month"] = month
        return (PartialDate(int(lead.group(1))) if lead and int(lead.group(1)) > 0 else None), None
    number = None
    season = None
    if month:
        spelled = month.strip().rstrip(".").lower()
        number = int(spelled) if spelled.isdigit() else dates.MONTHS.get(spelled)
        season = _season(month) if number is None else None
        if season is None and (number is None or not 1 <= number <= 12):
            note("unparsed", "month", f"{shown(month)} is not a month: kept verbatim in extras")
            extras["month"] = month
            number = None
    return PartialDate(int(found.group(1)), number), season


def _canonical(value: str | None) -> str | None:
    """A value as compared across the entries of a bilingual pair (``03`` equals ``3``)."""
    if value is None:
        return None
    text = latex.plain(value)[0]
    return text.lstrip("0") or "0" if text.isdigit() else text


def _merge(record: Record, partner: _Entry, primary: _Entry, strict: bool) -> Record:
    """Fold the other-language version of an entry into its record: its titles, abstract,
    keywords, container, conference, publisher and grantors as translations; its names as the
    Latin forms of the same people. Other fields it gives differently are kept in extras."""
    other = _build(primary.type, partner.key, _Fields(partner.fields), strict, partner=True)

    declared = other.language or "und"

    def translated(texts: Iterable[Text], have: Iterable[Text]) -> tuple[Text, ...]:
        seen = {(t.value, t.lang) for t in have}
        # Text without letters (a number) takes the language the entry declares.
        return tuple(
            replace(t, variant="translation", lang=declared if t.lang == "und" else t.lang)
            for t in texts
            if (t.value, t.lang) not in seen
        )

    extras = dict(record.extras)
    note(
        "merged",
        "entryset",
        f"{partner.key} ({other.language or 'und'}) read as the translation of {primary.key}",
    )
    differing = {}
    for key, value in partner.fields.items():
        if key in _LANGUAGE_FIELDS or _PER_LANGUAGE.match(key):
            continue
        if _canonical(primary.fields.get(key)) != _canonical(value):
            note("conflict", key, f"{partner.key} gives {key} differently; kept in extras")
            differing[key] = latex.plain(value)[0]
    if differing:
        extras[f"translation:{partner.key}"] = differing

    # Each role's names in the two entries are one by-line and its romanisation.
    roles = list(dict.fromkeys(c.role for c in (*record.contributors, *other.contributors)))
    contributors: list[Contributor] = []
    for role in roles:
        mine = [c for c in record.contributors if c.role == role]
        theirs = [c.names[0] for c in other.contributors if c.role == role]
        people = pair([c.names[0] for c in mine], theirs)
        for i, forms in enumerate(people):
            contributors.append(
                replace(mine[i], names=forms) if i < len(mine) else Contributor(forms, role)
            )

    def with_translations(texts: tuple[Text, ...], others: tuple[Text, ...]) -> tuple[Text, ...]:
        # A translation the entry gave already (GB/T 7714-2025's title_translation_en, read
        # as en) takes the partner's finer tag (en-US) rather than coming twice.
        finer = {
            t.value: t.lang
            for t in translated(others, texts)
            if t.lang.split("-")[0] != t.lang and t.lang.split("-")[0] == "en"
        }
        # Its marks are the partner's when they say more: there it is the entry's own title,
        # with its subtitle in ``subtitle`` (title_translation_en has no place for it).
        marks = {t.value: t.marks for t in others}
        texts = tuple(
            replace(t, lang=finer.get(t.value, t.lang), marks=_more_marks(t, marks))
            if t.variant == "translation" and t.lang == "en"
            else t
            for t in texts
        )
        return texts + translated(others, texts)

    journal = record.journal
    if other.journal is not None:
        base = journal or Journal()
        journal = replace(
            base,
            titles=with_translations(base.titles, other.journal.titles),
            abbreviations=with_translations(base.abbreviations, other.journal.abbreviations),
            publishers=with_translations(base.publishers, other.journal.publishers),
        )
    conference = record.conference
    if other.conference is not None:
        base_c = conference or Conference()
        conference = replace(
            base_c,
            names=with_translations(base_c.names, other.conference.names),
            places=with_translations(base_c.places, other.conference.places),
        )
    publisher = record.publisher
    if other.publisher is not None:
        base_p = publisher or Publisher()
        publisher = Publisher(
            with_translations(base_p.names, other.publisher.names),
            with_translations(base_p.places, other.publisher.places),
        )
    degree = record.degree
    if other.degree is not None and other.degree.grantors:
        base_d = degree or Degree()
        degree = replace(base_d, grantors=with_translations(base_d.grantors, other.degree.grantors))
    abstracts = record.abstracts + tuple(
        a.with_paragraphs(
            tuple(
                replace(p, variant="translation", lang=declared if p.lang == "und" else p.lang)
                for p in a.paragraphs
            )
        )
        for a in other.abstracts
        if all(a.text != b.text for b in record.abstracts)
    )
    # The simple leaves that are texts (series …): the partner's as translations.
    simple: dict[str, Any] = {
        f.path: with_translations(getattr(record, f.path), getattr(other, f.path))
        for f in SIMPLE
        if f.kind == TEXTS
    }
    return replace(
        record,
        titles=with_translations(record.titles, other.titles),
        contributors=tuple(contributors),
        abstracts=abstracts,
        keywords=with_translations(record.keywords, other.keywords),
        **simple,
        journal=journal,
        conference=conference,
        publisher=publisher,
        degree=degree,
        extras=extras,
    )
