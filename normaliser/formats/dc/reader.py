"""Reading Dublin Core: a record's statements mapped to a Record (``_build``): identifiers,
contributors, subjects, dates, the citation of its source, types and rights.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ... import dates, languages, vocab
from ...errors import InvalidRecord, shown
from ...identifiers import (
    bad_url_note,
    doi_from_url,
    is_url,
    normalise_doi,
    normalise_pmcid,
    normalise_pmid,
    pmcid_from_url,
    same_doi,
    standard_number,
)
from ...names import LONGEST_HAN_NAME, kept_particle, parse_name, same_person
from ...names import japanese as names_japanese
from ...record import (
    UND,
    Contributor,
    Dated,
    Identifier,
    Journal,
    Link,
    Name,
    Note,
    PartialDate,
    Prose,
    Provenance,
    Record,
    Term,
    Text,
    replaced,
)
from ...sections import starts_with_heading, structure
from ...text import (
    chinese_script,
    declared_lang,
    detect_lang,
    has_han,
    joined,
    settle_explicit_zh,
    settle_scripts,
)
from . import citations
from .citations import parse as parse_citation
from .declarations import _ACCESS, _DCMI_TYPE_KEYS, _EU_REPO, _EU_TYPES, NAME
from .statements import (
    _EXPLICIT_ZH,
    _NON_LATIN,
    Statement,
    _primary,
    _public,
    _transliterated,
    _untag,
    _variant,
)
from .values import (
    _DATE_KIND,
    _FIELD_MEANINGS,
    _ID_FORMS,
    _MEANING_OF,
    _NORMALISE,
    _clean,
    _extra_key,
    _inverted,
    _issn,
    _issn_form,
    _marked_paragraphs,
    _meaning,
    _paragraphs,
    _term_texts,
    citation_parts,
    cited_fields,
)

# --- Reading: statements → Record ------------------------------------------------------------

_DOI_SPELLING = re.compile(
    r"^(?:doi\b|info:doi/|urn:doi:|https?://(?:dx\.|www\.)?doi\.org/|10\.\d)", re.I
)
#: A value that says it is a DOI (and is an error when it is not one).
_DOI_CLAIM = re.compile(r"^(?:doi\s*[:：]|info:doi/|urn:doi:)", re.I)
_PMID = re.compile(
    r"^(?:(?:pmid|pubmed)\s*[:：]\s*|(?:pmid|pubmed)\s+|info:pmid/|"
    r"https?://(?:www\.)?(?:pubmed\.ncbi\.nlm\.nih\.gov|ncbi\.nlm\.nih\.gov/pubmed)/)(\d+)/?$",
    re.I,
)
_PMCID = re.compile(r"^(?:pmcid\s*[:：]?\s*|pmc\s*[:：]\s*)?(PMC\d+)$", re.I)
_URI = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):(\S+)$")
_ALT_IDENTIFIER = re.compile(r"^info:eu-repo/semantics/altIdentifier/(\w+)/(.+)$", re.I)
_PDF = re.compile(r"(?:\.pdf|/pdf)/?(?:[?#].*)?$", re.I)
_PAREN = re.compile(r"^(?P<head>[^()（）]+?)\s*[(（](?P<inner>[^()（）]+)[)）]$")


def _known_identifier(value: str, hint: str | None) -> Identifier | None:
    """A DOI, PMID or PMCID in any of its spellings (or as the DSpace qualifier says), else None.
    Raises ``InvalidRecord`` for a value that names its scheme but is not a valid one."""
    scheme = {"pubmed": "pmid", "pmc": "pmcid"}.get(hint or "", hint)
    if scheme in _NORMALISE:
        return Identifier(scheme, _NORMALISE[scheme](value, "dc:identifier"))
    for scheme, form in _ID_FORMS:  # the forms the writer writes
        match = form.match(value)
        if match:
            return Identifier(scheme, _NORMALISE[scheme](match.group(1), "dc:identifier"))
    if _DOI_SPELLING.match(value):
        try:
            return Identifier("doi", normalise_doi(value, field="dc:identifier"))
        except InvalidRecord:
            if _DOI_CLAIM.match(value):
                raise
    match = _PMID.match(value)
    if match:
        return Identifier("pmid", normalise_pmid(match.group(1), field="dc:identifier"))
    match = _PMCID.match(value)
    if match:
        return Identifier("pmcid", normalise_pmcid(match.group(1), field="dc:identifier"))
    if value.lower().startswith(("http://", "https://")):
        doi = doi_from_url(value)
        if doi:
            return Identifier("doi", doi)
        pmcid = pmcid_from_url(value)
        if pmcid and re.search(r"/articles/PMC\d+/?$", value, re.I):
            return Identifier("pmcid", pmcid)
    return None


@dataclass
class _Reading:
    """One record being read: its statements by meaning, and what it collects on the way."""

    strict: bool
    notes: list[Note] = field(default_factory=list)
    extras: dict[str, Any] = field(default_factory=dict)
    main: str | None = None
    latin: str | None = None  # the document's language for Latin text; None: identify it

    def extra(self, statement: Statement, why: str | None = None, of: str | None = None) -> None:
        """Keep a statement verbatim in extras (written back by ``write``); with ``why``, say so.
        With ``of``, the statement is how the source wrote a record field (``_AS_WRITTEN``):
        the writer writes it instead of its own form of the field while the field says the same."""
        key = _extra_key(statement.term)
        entry: dict[str, str] = {"value": _clean(statement.value)}
        if statement.lang:
            entry["lang"] = _public(statement.lang) or ""
        if of:
            entry["of"] = of
        self.extras.setdefault(key, []).append(entry)
        if why:
            self.notes.append(Note("unparsed", key, why))

    def refuse(self, statement: Statement, error: InvalidRecord) -> None:
        """A value that says what it is and is not (``doi:abc``, an ISSN failing its check
        digit): an error with ``strict``, else kept verbatim with a note."""
        if self.strict:
            raise error
        self.extra(statement, f"{error}; kept verbatim")

    def text(
        self, statement: Statement, value: str | None = None, variant: str | None = None
    ) -> Text | None:
        """One line of text (``_inline``) tagged by its own tag, else its script and language;
        the language is found on the joined value, then the one Text built: of ``variant``
        when given (a journal's title is its ``original``), else of its tag's (``_variant``)."""
        value = statement.value if value is None else value
        if len(value) > _REMEMBERED_LINE:
            return _line.__wrapped__(value, statement.lang, self.latin, self.main, variant)
        return _line(value, statement.lang, self.latin, self.main, variant)


#: The longest line of text ``_line`` remembers (a keyword, a journal's or publisher's name, a
#: type's label, most titles); longer ones seldom recur.
_REMEMBERED_LINE = 200


@lru_cache(maxsize=4096)  # a pure function of its arguments: keywords and journals recur
def _line(
    value: str, lang: str | None, latin: str | None, main: str | None, variant: str | None
) -> Text | None:
    """``_Reading.text`` of ``value`` tagged ``lang`` in a record of ``latin`` and ``main``."""
    paragraphs = _marked_paragraphs(value)
    if not paragraphs:
        return None
    found = " ".join(v for v, _ in paragraphs)
    lang = _explicit_script(lang, found) or _text_lang(found, latin, main)
    return joined(paragraphs, lang, variant or _variant(lang, main))


def _explicit_script(lang: str | None, value: str) -> str | None:
    """A text's own tag; an explicit ``xml:lang="zh"`` gets its script subtag from the text
    (黄河流域城市韧性 is ``zh-Hans``), when its characters tell it."""
    if lang != _EXPLICIT_ZH:
        return lang
    script = chinese_script(value)
    return f"zh-{script}" if script else lang


def _text_lang(value: str, latin: str | None, declared: str | None = None) -> str:
    """The language of an untagged text: its script's (Han, kana, hangul), for Latin text what
    the language identifier finds when it is sure (an English abstract in a record whose
    dc:language is nl is English), else the record's Latin-script language. Kanji-only text in
    a record declaring Japanese is Japanese, Cyrillic text in a Russian one Russian."""
    found = detect_lang(value, None)[0]
    if found == UND and latin is not None:
        return detect_lang(value, latin)[0]
    return declared_lang(found, value, declared)


def _build(
    statements: list[Statement],
    *,
    strict: bool,
    record_id: str | None = None,
    header: dict[str, Any] | None = None,
) -> Record:
    """The Record a DC record's statements describe. Raises ``InvalidRecord`` naming the DC
    field (``dc:identifier``, ``ISSN`` …) for a value that claims a kind it does not have, and
    with ``strict`` for a field DC does not define."""
    reading = _Reading(strict)
    by: dict[str, list[Statement]] = {}
    people: list[Statement] = []  # creators and other contributors interleaved, as listed
    page_count: str | None = None
    for statement in statements:
        if not statement.value.strip():
            continue
        meaning = _MEANING_OF.get(statement.term, "unknown")
        if meaning in _FIELD_MEANINGS:  # most statements: grouped for their field's step
            if meaning in ("creator", "contributor"):
                people.append(statement)
            by.setdefault(meaning, []).append(statement)
            continue
        if meaning == "unknown":
            if strict:
                raise InvalidRecord(
                    f"{statement.term} is not a Dublin Core field", field=statement.term
                )
            reading.extra(statement)
            continue
        pages = _EXTENT.fullmatch(_clean(statement.value)) if meaning == "format" else None
        if pages and page_count is None:  # dc:format, dcterms:extent: 186 p., xii+186 pages
            page_count = pages.group("n")
            continue
        if meaning in ("extra", "format"):
            reading.extra(statement)  # coverage, a media type, tableOfContents …: kept as written
            continue
        by.setdefault(meaning, []).append(statement)

    language = _read_language(by.get("language", []), reading)
    reading.main = _primary(language)
    reading.latin = language if language and _primary(language) not in _NON_LATIN else None
    title_statements = by.get("title", [])
    abstract_statements = by.get("abstract", [])
    descriptions = by.get("description", [])
    if abstract_statements:
        # A record that marks its abstracts (dcterms:abstract, description.abstract) says its
        # other descriptions are something else (notes, tables of contents): kept verbatim.
        for statement in descriptions:
            reading.extra(statement)
    else:
        abstract_statements = [s for s in descriptions if not _NOTE.match(s.value)]
        for statement in descriptions:
            if _NOTE.match(statement.value):
                reading.extra(statement)  # arXiv's "Comment: 12 pages": a note, no abstract
    if reading.main is None:
        reading.main = _first_language(title_statements + abstract_statements, reading.latin)
    language = _refine_chinese(language, title_statements + abstract_statements, reading.latin)

    titles = [t for t in (reading.text(s) for s in title_statements) if t]
    abstracts = [a for a in (_abstract(s, reading) for s in abstract_statements) if a]
    # Creators and other contributors interleaved, as the record lists them.
    contributors = _contributors(
        people,
        "ja" if names_japanese(language, titles) else language,  # a kana title: ja names
    )
    contributors = _once(contributors, abstracts, reading)
    keywords, subjects = _subjects(by.get("subject", []), reading)
    dated = _dates(by, reading)
    identifiers, links, journal_ids = _identifiers(by.get("identifier", []), reading)
    cited = _Cited(issns=journal_ids)
    for statement in by.get("source", []) + by.get("citation", []) + by.get("journal", []):
        _source(statement, reading, cited, identifiers)
    journal_titles = _translated_journal_titles(cited.titles, reading.main)
    citation = cited.parts
    if not all(own for _, _, own in cited.spelled):
        # An ISSN spelled otherwise than the writer would (OJS's bare 0124-0064, eISSN …) is
        # valid: kept as written, and so is every other ISSN statement beside it, in order.
        for _, statement, _ in cited.spelled:
            reading.extra(statement, of="issn")
    for issn in cited.issns_in_citations:
        if all(i.value != issn.value for i in journal_ids):
            journal_ids.append(issn)
    relation_links, relation_ids = _relations(by.get("relation", []), reading, journal_ids)
    links.extend(relation_links)
    for identifier in relation_ids:
        if identifier not in identifiers:
            identifiers.append(identifier)
    types = _types(by.get("type", []), reading)
    open_access, license_ = _rights(by.get("rights", []), reading)
    publishers = [
        t for t in (reading.text(s, variant="original") for s in by.get("publisher", [])) if t
    ]

    year = int(citation["year"]) if citation.get("year") else None
    published = next((d.date for d in dated if d.kind == "published"), None)
    if year and published is None:
        dated.insert(0, Dated("published", PartialDate(year)))
    elif year and published is not None and published.year != year:
        # The citation's year is its issue's (a print issue after the online date).
        dated.append(Dated("collection", PartialDate(year)))
    issue, unparsed = cited_fields(citation)
    if unparsed:
        reading.notes.append(
            Note("unparsed", "dc:source", f"pages {shown(citation['pages'])} kept as written")
        )
    journal = None
    if journal_titles or journal_ids or publishers:
        journal = Journal(
            titles=tuple(journal_titles),
            identifiers=tuple(dict.fromkeys(journal_ids)),
            publishers=tuple(publishers),
        )
    extras = dict(reading.extras)
    if header:
        extras.update(header)
    record = Record(
        titles=tuple(titles),
        contributors=tuple(contributors),
        abstracts=tuple(abstracts),
        keywords=tuple(keywords),
        journal=journal,
        volume=issue["volume"],
        issue=issue["issue"],
        fpage=issue["fpage"],
        lpage=issue["lpage"],
        page_range=issue["page_range"],
        elocation_id=issue["elocation_id"],
        dates=tuple(dated),
        identifiers=tuple(dict.fromkeys(identifiers)),
        links=tuple(dict.fromkeys(links)),
        open_access=open_access,
        license=license_,
        publication_types=tuple(types),
        subjects=tuple(subjects),
        page_count=page_count,
        language=language,
        provenance=Provenance(NAME, None, record_id),
        extras=extras,
        notes=tuple(reading.notes),
    )
    if _as_cited(record, cited.read, reading):
        record = replaced(record, extras={**reading.extras, **(header or {})})
    settled: Record
    if _latin_only(statements):
        settled, warning = record, None  # no text or name tagged plain zh: nothing to settle
    else:
        settled, warning = settle_scripts(record)
    if warning:
        settled = replaced(settled, notes=(*settled.notes, Note("language", "_record", warning)))
    if any(s.lang == _EXPLICIT_ZH for s in statements):
        settled = _untag(settled)
    # A zho whose titles and abstracts do not tell the script takes the record's (its journal's).
    if settled.language == "zh":  # its texts' tags stay as read: the source's own zh is kept
        settled = replaced(settled, language=settle_explicit_zh(settled).language)
    return settled


def _latin_only(statements: list[Statement]) -> bool:
    """Whether no statement can give the record a Han character: every value ASCII, and none
    holding a character reference (``&#29579;`` is one). A Text or Name is tagged plain ``zh``
    only for Han characters (``detect_lang``, ``parse_name``; a source's own ``zh`` is read
    ``_EXPLICIT_ZH``), so ``settle_scripts`` would find nothing to settle in such a record."""
    return all(s.value.isascii() and "&" not in s.value for s in statements)


def _keys(name: Name) -> set[str]:
    """A name as ``_once`` compares it: inverted, and a name kept whole (``_as_it_appears``)
    also as its parts would be (``G. de Jong`` is ``Jong, G. de``'s person)."""
    keys = {_inverted(name).casefold()}
    if name.literal and not has_han(name.literal):
        keys.add(_inverted(parse_name(name.literal)).casefold())
    return keys


def _once(
    contributors: list[Contributor], abstracts: list[Prose], reading: _Reading
) -> list[Contributor]:
    """A DSpace record repeating every creator as a plain ``dc:contributor`` and every
    abstract twice says each once: the repeats are dropped (abstracts in place), with a note."""
    kept = contributors
    if any(c.role == "contributor" for c in contributors):  # else none can repeat a creator
        authors = {k for c in contributors if c.role == "author" for n in c.names for k in _keys(n)}
        kept = [
            c
            for c in contributors
            if c.role != "contributor" or not all(_keys(n) & authors for n in c.names)
        ]
    if len(kept) < len(contributors):
        reading.notes.append(
            Note(
                "repaired",
                "dc:contributor",
                f"{len(contributors) - len(kept)} contributor(s) repeating a creator read once",
            )
        )
    seen: set[tuple[str, str]] = set()
    repeats = 0
    for abstract in list(abstracts) if len(abstracts) > 1 else ():  # one cannot repeat
        key = (abstract.lang, abstract.text)
        if key in seen:
            abstracts.remove(abstract)
            repeats += 1
        seen.add(key)
    if repeats:
        reading.notes.append(
            Note("repaired", "dc:description", f"{repeats} repeated abstract(s) read once")
        )
    return kept


#: A description that says it is a note (arXiv writes its comments field as "Comment: …").
_NOTE = re.compile(r"\s*(?:comments?|notes?)\s*:", re.I)


def _read_language(statements: list[Statement], reading: _Reading) -> str | None:
    language = None
    for statement in statements:
        spelled = _clean(statement.value)
        tag = languages.parse(spelled)
        if tag and language is None:
            language = tag
            if not languages.is_code(spelled):  # a name or a locale: the tag is what it means
                reading.notes.append(
                    Note("repaired", "dc:language", f"{spelled!r} read as the language tag {tag!r}")
                )
            elif spelled != languages.spell(tag, "iso639-3"):
                reading.extra(statement, of="language")  # a valid code (nl, dut): kept as written
        elif tag:
            reading.extra(statement)
        else:
            reading.extra(
                statement, f"{shown(statement.value)} names no language this reader knows"
            )
    return language


def _first_language(statements: list[Statement], latin: str | None) -> str | None:
    """The language of the first title (else abstract) that has one: the original's language
    when dc:language is silent."""
    for statement in statements:
        value = " ".join(_paragraphs(statement.value))
        tag = statement.lang or (detect_lang(value, latin)[0] if value else None)
        if tag and _primary(tag) and not _transliterated(tag):
            return _primary(tag)
    return None


def _refine_chinese(
    language: str | None, statements: list[Statement], latin: str | None
) -> str | None:
    """``zho`` says Chinese, not which script: take it from the first Chinese title or abstract."""
    if language != "zh":
        return language
    for statement in statements:
        value = " ".join(_paragraphs(statement.value))
        # An explicit xml:lang="zh" gets its script from the text, as the text itself does.
        tag = _explicit_script(statement.lang, value) if statement.lang else None
        tag = tag or (detect_lang(value, latin)[0] if value else None)
        if tag and _primary(tag) == "zh" and not _transliterated(tag):
            script = languages.chinese_script(tag)  # zh-TW's is Hant
            return f"zh-{script}" if script else language
    return language


def _abstract(statement: Statement, reading: _Reading) -> Prose | None:
    paragraphs = _marked_paragraphs(statement.value)
    if not paragraphs:
        return None
    if not any(starts_with_heading(p) for p, _ in paragraphs):
        # No heading (``structure`` would give the prose back as it is): tagged, then built once.
        lang = _abstract_lang(statement, "\n\n".join(p for p, _ in paragraphs), reading)
        variant = _variant(lang, reading.main)
        return Prose(tuple(Text(p, lang, variant, marks) for p, marks in paragraphs))
    # The language is the text's, not its headings' (an English "Background:" before Chinese).
    found = structure(Prose(tuple(Text(p, UND, "original", marks) for p, marks in paragraphs)))
    lang = _abstract_lang(statement, found.text, reading)
    variant = _variant(lang, reading.main)
    return found.with_paragraphs(
        tuple(Text(p.value, lang, variant, p.marks) for p in found.paragraphs)
    )


def _abstract_lang(statement: Statement, text: str, reading: _Reading) -> str:
    """The language of an abstract's ``text`` (its paragraphs, blank lines between them)."""
    joined = text.replace("\n\n", " ")
    return _explicit_script(statement.lang, joined) or _text_lang(
        joined, reading.latin, reading.main
    )


#: Words that make a creator a body rather than a person (CMS Collaboration, Universidad de
#: Alicante, Ministerio de Ciencia, OJS's sponsors as dc:contributor).
BODY_WORDS = frozenset(
    (
        "academia", "academy", "agencia", "agency", "association", "asociación", "associação",
        "authority", "board", "bureau", "center", "centre", "centro", "college", "collaboration",
        "comité", "commission", "committee", "consejo", "consortium", "corporation", "council",
        "department", "departamento", "département", "facultad", "faculty", "federation",
        "foundation", "fundación", "fundação", "gmbh", "group", "grupo", "hospital", "inc",
        "initiative", "institut", "institute", "instituto", "investigators", "laboratorio",
        "laboratory", "library", "ltd", "ministerio", "ministry", "ministère", "network", "office",
        "organisation", "organization", "program", "programme", "project", "school", "sociedad",
        "society", "team", "universidad", "universidade", "università", "universität", "université",
        "university",
    )
)  # fmt: skip
#: Separators of several people written in one creator: semicolons (outside the parentheses
#: that hold a person's other forms); between Han names, also the Chinese comma and 、.
_PEOPLE = re.compile(r"\s*[;；]\s*(?![^()（）]*[)）])")
_HAN_PEOPLE = re.compile(r"\s*[，,、]\s*")


@lru_cache(maxsize=8192)  # a pure function of the text, asked of a new person twice or more
def _body(text: str) -> bool:
    """Whether a creator names a body, not a person: Han text longer than a personal name, or
    a body word in a name of several words that is not "Family, Given" (``Hospital, Ann``)."""
    if has_han(text) and not re.search(r"[A-Za-z]", text):
        return len(re.sub(r"\s", "", text)) > LONGEST_HAN_NAME and not _PAREN.match(text)
    family, comma, _ = text.partition(",")
    if re.search(r"[^\W\d_]{3,}\.\s+\S", family):
        # "Japan Rikugun. Chi Butai, Dai 1602.", "United States. Army Map Service.": a body and
        # its parts, full stops between them (a person's family name has none after a word).
        return True
    words = re.findall(r"\w+", text.casefold())
    if len(words) < 2 or BODY_WORDS.isdisjoint(words):
        return False
    return not comma or len(family.split()) > 1


@lru_cache(maxsize=8192)  # a pure function of the text: people recur across a dump
def _people(text: str) -> tuple[str, ...]:
    """The people one dc:creator names: ``王五; 赵六``, ``李明，陈静``, ``Hartley, S.; Li, W.``."""
    out: list[str] = []
    for part in _PEOPLE.split(text):
        if has_han(part) and not re.search(r"[A-Za-z()（）]", part):
            out.extend(p for p in _HAN_PEOPLE.split(part) if p)
        elif part:
            out.append(part)
    return tuple(out)


def _contributors(statements: list[Statement], declared: str | None = None) -> list[Contributor]:
    """The people of the creators and contributors, in order. Repositories that give a name per
    language (OJS 3.4: one dc:creator per author and locale) give one person several times in a
    row: a name in another language that is the same text, or the pinyin of the Han name
    before it, is that person again (its other name), not another person."""
    out: list[Contributor] = []
    last: tuple[str, set[str]] | None = None  # the term and languages of the last person
    whole = _inverts(statements)
    for statement in statements:
        role = "author" if _meaning(statement) == "creator" else "contributor"
        people = _people(_clean(statement.value))
        if len(people) == 1 and last and out and _again(statement, out[-1], *last):
            # A pinyin form of the Han name before it is split as that name tells, not kept
            # whole (``_as_it_appears``).
            pinyin = any(same_person(n, parse_name(people[0])) for n in out[-1].names)
            person = _contributor(statement, role, people[0], declared, whole and not pinyin)
            said = {_inverted(n).casefold() for n in out[-1].names}
            names = [n for n in person.names if _inverted(n).casefold() not in said]
            out[-1] = replaced(out[-1], names=(*out[-1].names, *names))
            last[1].add(_primary(statement.lang) or "")
            continue
        for text in people:
            out.append(_contributor(statement, role, text, declared, whole))
        last = (statement.term, {_primary(statement.lang) or ""}) if len(people) == 1 else None
    return out


def _inverts(statements: list[Statement]) -> bool:
    """Whether the record writes people's Latin names inverted, ``Family, Given``, as DC
    practice asks (OpenAIRE's creator guideline, library DC guides): then a name in direct
    order is one its cataloguer gave as it appears ("when in doubt, give the name as it
    appears, and do not invert"), and ``_as_it_appears`` keeps it whole."""
    return any(_inverted_person(_clean(statement.value)) for statement in statements)


@lru_cache(maxsize=8192)  # a pure function of the text, asked of every creator of a record
def _inverted_person(value: str) -> bool:
    """Whether a creator names a person written ``Family, Given`` (``_inverts``)."""
    for text in _people(value):
        match = _PAREN.match(text)
        head = match.group("head") if match else text
        if "," in head and not has_han(head) and not _body(head):
            return True
    return False


def _as_it_appears(text: str, name: Name) -> bool:
    """Whether a Latin name in direct order, in a record that inverts its names, is one given
    as it appears (``P. N. Huamán``), not split: two words or more, no comma, no body, and
    nothing marking its family name (capitals, ``ZENG Mingtang``; initials after it, ``Zeng
    MT``), so that only the given-first guess would split it."""
    return (
        name.literal is None
        and "," not in text
        and len(text.split()) > 1
        and not has_han(text)
        and not _body(text)
        and _parts(name) == _parts(parse_name(text, family_first=False))
    )


def _parts(name: Name) -> tuple[str | None, str | None]:
    return name.family, name.given


def _again(statement: Statement, person: Contributor, term: str, langs: set[str]) -> bool:
    """Whether ``statement`` names ``person`` (read from the statement before it) again, in
    another language (see ``_contributors``)."""
    primary = _primary(statement.lang)
    if statement.term != term or primary is None or primary in langs or "" in langs:
        return False
    text = _clean(statement.value)
    name = person.names[0]
    said = {_inverted(n).casefold() for n in person.names}
    # The same text, as written or as read (``van der Waals`` is read ``der Waals, van``).
    if text.casefold() in said or _inverted(parse_name(text)).casefold() in said:
        return True
    return (
        len(person.names) == 1
        and has_han(_inverted(name))
        and not has_han(text)
        and same_person(name, parse_name(text))
    )


def _name(text: str, lang: str | None, declared: str | None = None) -> Name:
    """One name; without its own ``lang``, a Han name in a record declaring Japanese is ``ja``
    (``declared_lang``), never cut as a Chinese name (``parse_name(japanese=True)``). A body's
    name is kept whole, of style given-only in Latin script, as the JATS reader reads a
    ``collab`` and BibTeX a ``{{…}}`` name (eastern in Han)."""
    japanese = (lang or declared or "").split("-", 1)[0].lower() == "ja"
    name = kept_particle(text) or parse_name(text, japanese=japanese)
    if lang is None and declared_lang(name.lang, text, declared) != name.lang:
        name = replaced(name, lang=declared_lang(name.lang, text, declared))
    if name.literal is None and _body(text):
        han = has_han(text)
        name = Name(
            literal=re.sub(r"\s", "", text) if han else text,
            style="eastern" if han else "given-only",
            lang=name.lang if han else UND,
        )
    if lang:
        name = replaced(name, lang=lang, variant=_variant(lang, None))
    return name


def _romanised(name: Name, head: Name) -> Name:
    """A Latin form in parentheses after a Chinese name in Han characters (``曾明堂 (Zeng,
    Mingtang)``, as the writer writes a person's forms) is that name romanised: ``zh-Latn-pinyin``
    when it spells the Han name's pinyin, else ``zh-Latn`` (Wade-Giles ``Chih-Ming``), as
    ``names.pair`` tells the forms of one person apart."""
    han = f"{head.family or ''}{head.given or ''}{head.literal or ''}"
    latin = f"{name.family or ''}{name.given or ''}{name.literal or ''}"
    if _primary(head.lang) != "zh" or not has_han(han) or has_han(latin) or not latin:
        return name
    lang = "zh-Latn-pinyin" if same_person(head, name) else "zh-Latn"
    return replaced(name, lang=lang, variant="transliteration")


def _contributor(
    statement: Statement, role: str, text: str, declared: str | None = None, whole: bool = False
) -> Contributor:
    """One person: ``Family, Given``, ``Given Family``, ``曾明堂``; a second form of the same name
    in parentheses — ``曾明堂 (Zeng, Mingtang)`` — is another name of that person. With
    ``whole`` (the record inverts its names, ``_inverts``), a name in direct order is kept
    whole (``_as_it_appears``)."""
    if role == "contributor" and statement.hint and statement.hint not in ("none", "other"):
        role = statement.hint  # DSpace contributor.editor, contributor.advisor
    return _person(text, statement.lang, role, declared, whole)


@lru_cache(maxsize=8192)  # a pure function of its arguments: people recur across a dump
def _person(
    text: str, lang: str | None, role: str, declared: str | None, whole: bool
) -> Contributor:
    """``_contributor``'s person, by what it depends on (the statement's own language)."""
    names: list[Name]
    match = _PAREN.match(text)
    if match and (
        "," in match.group("inner")
        or has_han(match.group("inner")) != has_han(match.group("head"))
        or has_han(match.group("inner"))
    ):
        forms = [f for f in re.split(r"\s*[;；]\s*", match.group("inner")) if f]
        head = _name(match.group("head"), lang, declared)
        names = [head, *(_romanised(_name(f, None, declared), head) for f in forms)]
    else:
        name = _name(text, lang, declared)
        if whole and _as_it_appears(text, name):
            name = Name(literal=text, lang=name.lang, variant=name.variant)
        names = [name]
    return Contributor(tuple(names), role=role)


def _cas_code(statement: Statement) -> str | None:
    if statement.lang not in vocab.LOCALE_TAGS.values():
        return None
    return vocab.code_for("cas-category", _clean(statement.value))


def _subjects(statements: list[Statement], reading: _Reading) -> tuple[list[Text], list[Term]]:
    """Keywords, and the CAS categories among the subjects. A CAS category is written as its
    labels side by side, one per language (Medicine, 医学, 醫學); only such a run — two or more
    labels of one category in different languages — is read as one: a lone 医学 is a keyword.
    A subject whose scheme the source names (``_SUBJECT_SCHEMES``) is a term of that scheme."""
    keywords: list[Text] = []
    codes: list[str] = []
    schemed: list[Term] = []
    i = 0
    while i < len(statements):
        code = _cas_code(statements[i])
        j = i + 1
        if code:
            langs = {statements[i].lang}
            while j < len(statements) and _cas_code(statements[j]) == code:
                if statements[j].lang in langs:
                    break
                langs.add(statements[j].lang)
                j += 1
        if code and j - i >= 2:
            if code not in codes:
                codes.append(code)
            i = j
            continue
        scheme = (statements[i].hint or "").lower()
        keyword = reading.text(
            statements[i], variant="original" if scheme in _SUBJECT_SCHEMES else None
        )
        value = _clean(statements[i].value)
        if scheme == "clc" or (not scheme and _clc(value, statements)):
            schemed.append(Term("clc", value))  # 中图分类号 F724.6: a classification
        elif keyword and scheme in _SUBJECT_SCHEMES:
            schemed.append(Term(scheme, None, (keyword,)))
        elif keyword:
            keywords.append(keyword)
        i += 1
    return keywords, [Term("cas-category", code) for code in codes] + schemed


#: Subject schemes a source may name (an xsi:type such as DOAJ's dcterms:LCSH, a DSpace
#: qualifier such as subject.mesh): their terms are subjects of that vocabulary, not keywords.
_SUBJECT_SCHEMES = frozenset({"lcsh", "lcc", "mesh", "ddc", "udc"})
#: A Chinese Library Classification (中图法) code with a subdivision: a class letter (T with its
#: second letter), digits, a point and more digits, optional further parts (F724.6, TP391.4,
#: R730.5, D922.1-55). A keyword such as PM2.5 is none: P is not followed by a letter in CLC.
_CLC = re.compile(r"(?:[A-KN-SUVXZ]|T[BDEFGHJKLMNPQSUV])\d{1,3}(?:\.\d+)+(?:[-=+/:][\dA-Z.]+)*")
#: A CLC class without a subdivision (F320, R73): one only beside a CLC code with one (a lone
#: S100 or K12 is a keyword).
_CLC_CLASS = re.compile(r"(?:[A-KN-SUVXZ]|T[BDEFGHJKLMNPQSUV])\d{1,3}")


#: An extent that is a page count (``186 p.``, ``xii+186 pages``, ``186页``).
_EXTENT = re.compile(
    r"(?P<n>(?:[ivxlc]+\s*[+,]\s*)?\d+(?:\s*\+\s*\d+)?)\s*(?:p|pp|pages?|页)\.?", re.I
)


def _clc(value: str, statements: list[Statement]) -> bool:
    """Whether a subject is a CLC code: by its form, or a class beside such a code."""
    if _CLC.fullmatch(value):
        return True
    return bool(_CLC_CLASS.fullmatch(value)) and any(
        not s.hint and _CLC.fullmatch(_clean(s.value)) for s in statements
    )


#: The meanings of ``TERMS`` that are dates → the kind of date each is.
#: A W3CDTF date with a time of day and a time zone (``2003-04-22T13:13:44Z``).
_W3CDTF_TIME = re.compile(
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})"
)


def _dates(by: dict[str, list[Statement]], reading: _Reading) -> list[Dated]:
    """One date of each kind: the publication date is the first dc:date (dcterms:issued first)
    that is a date rather than a timestamp of deposit; every other date is kept verbatim."""
    out: list[Dated] = []
    for meaning, kind in _DATE_KIND.items():
        if meaning not in by:
            continue  # no statement of this kind (most records have no accepted, no received)
        statements = sorted(by[meaning], key=lambda s: s.term != "issued")
        parsed: list[tuple[Statement, dates.ParsedDate | None]] = []
        for statement in statements:
            value = _clean(statement.value)
            date = _date(value) if len(value) <= _REMEMBERED_LINE else _date.__wrapped__(value)
            parsed.append((statement, date))
        chosen = next(
            (s for s, p in parsed if p and (not p.had_time or p.midnight)),
            next((s for s, p in parsed if p), None),
        )
        for statement, date in parsed:
            if statement is chosen and date is not None:
                # An issue's season or range of months (2018 May-Aug) is kept beside its year.
                out.append(Dated(kind, date.date, season=date.season))
                if date.season is not None:
                    reading.extra(statement, of=kind)  # written back as it came (Jul-Sep 2019)
                elif date.had_time and _W3CDTF_TIME.fullmatch(_clean(statement.value)):
                    # A W3CDTF timestamp is a valid dc:date: written back as it came.
                    reading.extra(statement, of=kind)
                elif date.had_time and not date.midnight:
                    reading.notes.append(
                        Note(
                            "repaired",
                            _extra_key(statement.term),
                            f"{shown(statement.value.strip())}: the time of day is dropped",
                        )
                    )
            elif date is None and chosen is None and (span := dates.parse_range(statement.value)):
                # A range (1943-1944, 2018/2019, Shōwa 18-19 [1943-1944]): its first and last
                # date; the source's form is written back as it came.
                out.append(Dated(kind, span[0], end=span[1]))
                reading.extra(statement, of=kind)
                chosen = statement
            elif date is None:
                reading.extra(
                    statement,
                    f"{shown(statement.value.strip())} is not a date this reader knows; "
                    "kept verbatim",
                )
            else:
                reading.extra(statement)
    return out


@lru_cache(maxsize=4096)  # a pure function of the value: an issue's articles share dates
def _date(value: str) -> dates.ParsedDate | None:
    """The date a dc:date's value states (``dates.parse``); None for a null date and for one
    ``dates.parse`` refuses (whose error, naming the field, no one sees)."""
    try:
        return dates.parse(value)
    except InvalidRecord:
        return None


def _identifiers(
    statements: list[Statement], reading: _Reading
) -> tuple[list[Identifier], list[Link], list[Identifier]]:
    """The record's identifiers (DOI, PMID, PMCID in any spelling; ``scheme:value`` URIs; other
    values as ``other``), its landing pages (other URLs) and ISSNs given as identifiers."""
    identifiers: list[Identifier] = []
    links: list[Link] = []
    issns: list[Identifier] = []
    for statement in statements:
        value = _clean(statement.value)
        hint = (statement.hint or "").lower() or None
        try:
            if hint in ("issn", "eissn", "pissn") or (hint is None and "issn" in value.lower()):
                issn = _issn(value)
                if issn is not None:
                    issns.append(issn)
                    continue
            if hint is None and _BARE_ISSN.fullmatch(value):
                issn = _bare_issn(value)
                if issn is not None:
                    issns.append(issn)
                    continue
            if hint == "isbn":
                identifiers.append(Identifier("isbn", value))
                continue
            known = _known_identifier(value, hint if hint in _ID_HINTS else None)
        except InvalidRecord as exc:
            reading.refuse(statement, exc)
            continue
        if known is None and standard_number(value):
            known = Identifier("standard-number", value)  # GB/T 7714–2015
        web = value.lower().startswith(("http://", "https://"))
        if known is not None:
            identifiers.append(known)
        elif web and not is_url(value):
            reading.extra(statement, bad_url_note(value))  # secondary: kept, said, record read
        elif web:
            arxiv = _ARXIV_URL.match(value)
            if arxiv:
                identifiers.append(Identifier("arxiv", arxiv.group("id")))
            links.append(Link(value, "landing"))  # as written: dc:identifier holds landings
        elif uri := _URI.match(value):
            identifiers.append(Identifier(uri.group(1).lower(), uri.group(2)))
        elif len(value.split()) >= _CITATION_WORDS:
            reading.extra(statement)  # a citation (DSpace, EPrints, arXiv's journal-ref)
        else:
            identifiers.append(Identifier("other", value))
    return identifiers, links, issns


#: An ISSN with nothing saying it is one (DOAJ, DSpace's dc.identifier.issn in oai_dc): taken
#: for one when its check digit holds.
_BARE_ISSN = re.compile(r"\d{4}-\d{3}[\dXx](?:\s*\((?:print|online|electronic)\))?", re.I)
#: arXiv's abstract page, which arXiv's oai_dc gives as the record's dc:identifier.
_ARXIV_URL = re.compile(
    r"^https?://(?:www\.|export\.)?arxiv\.org/abs/"
    r"(?P<id>(?:\d{4}\.\d{4,5}|[a-z][a-z.-]*/\d{7})(?:v\d+)?)/?$",
    re.I,
)
#: A dc:identifier of this many words or more is a citation, not an identifier.
_CITATION_WORDS = 3


def _bare_issn(value: str) -> Identifier | None:
    """The ISSN a bare value is, or None when its check digit fails (then it is no ISSN)."""
    try:
        return _issn(value)
    except InvalidRecord:
        return None


_ID_HINTS = frozenset({"doi", "pmid", "pmcid", "pmc", "pubmed"})


def _translated_journal_titles(titles: list[Text], main: str | None) -> list[Text]:
    """A Chinese record's journal titles (``main``: the record's language, as its texts' variants
    are told): beside the Chinese title, another language's is the English
    title Chinese journals give themselves (铁道学报, Journal of the China Railway Society), a
    translation, as CNKI, Wanfang and JATS ``trans-title`` say; in other records every journal
    title is the journal's own."""
    if main != "zh" or not any(_primary(t.lang) == "zh" for t in titles):
        return titles
    return [
        replaced(t, variant="translation")
        if _primary(t.lang) not in ("zh", None) and not _transliterated(t.lang)
        else t
        for t in titles
    ]


@dataclass
class _Cited:
    """What a record's sources say of its journal: titles, ISSNs (as stated, and those read
    inside a citation, kept only when not stated), and the citation's parts by kind."""

    titles: list[Text] = field(default_factory=list)
    issns: list[Identifier] = field(default_factory=list)
    issns_in_citations: list[Identifier] = field(default_factory=list)
    parts: dict[str, str] = field(default_factory=dict)
    #: ISSN statements by ISSN: (the statement, whether in the writer's own spelling).
    spelled: list[tuple[Identifier, Statement, bool]] = field(default_factory=list)
    #: Citations read whole into parts: (the statement, the title read from it).
    read: list[tuple[Statement, Text | None]] = field(default_factory=list)


def _source(
    statement: Statement, reading: _Reading, cited: _Cited, identifiers: list[Identifier]
) -> None:
    """A dc:source, dcterms:bibliographicCitation or dcterms:isPartOf: an ISSN, the journal's
    citation (title, volume, issue, pages, year; an ISSN or DOI in it) or its title. A source
    this cannot read (a URL, a citation in no shape ``citations`` knows) is kept verbatim, and
    so is a citation with text that maps to nothing (an issue's title, a month)."""
    value = _clean(statement.value)
    try:
        issn = _issn(value)
    except InvalidRecord as exc:
        reading.refuse(statement, exc)
        return
    if issn is not None:
        cited.issns.append(issn)
        cited.spelled.append((issn, statement, value == _issn_form(issn)))
        return
    if value.lower().startswith(("http://", "https://")):
        reading.extra(statement)
        return
    journal = _meaning(statement) == "journal"
    if len(value) > _REMEMBERED_CITATION:
        parsed = _citation.__wrapped__(value, journal)
    else:
        parsed = _citation(value, journal)
    if not journal and not parsed.parts and re.search(r"\d", value):
        # Not a citation shape known here, and more than a title: kept as it is.
        reading.extra(statement)
        return
    title = reading.text(statement, parsed.title, "original") if parsed.title else None
    if title is not None and title not in cited.titles:
        cited.titles.append(title)
    parts = dict(parsed.parts)
    if "issn" in parts:
        cited.issns_in_citations.append(Identifier("issn", parts.pop("issn")))
    unmapped = list(parsed.rest)
    doi = parts.pop("doi", None)
    conflict = doi is not None and not _cited_doi(doi, identifiers, reading, statement)
    if conflict:
        unmapped.append(f"doi: {doi}")
    _merge_parts(parts, cited.parts, reading, statement)
    # A citation the record's issue is read from: written back as it came while the record
    # says what it says (an OJS issue's title in it is kept so too), else in the writer's form;
    # one naming another DOI is the source's own statement, written as it is.
    of = "citation" if not journal and parsed.parts else None
    if unmapped:
        reading.extra(
            statement,
            f"{shown('; '.join(unmapped))} maps to no field: the citation is kept as written",
            of=None if conflict else of,
        )
    elif of:
        cited.read.append((statement, title))


#: The longest source ``_citation`` remembers (``citations`` scans no longer one).
_REMEMBERED_CITATION = 400


@lru_cache(maxsize=4096)  # a pure function of the value: a journal's title, or an issue, recurs
def _citation(value: str, journal: bool) -> citations.Citation:
    """The citation a source states (never changed: ``_source`` copies its parts). A
    ``dcterms:isPartOf`` (``journal``) names the journal: read as a citation only when it
    gives a volume or pages, else the whole value is the journal's title."""
    if journal:
        return citations.parts_of(value) or citations.Citation(value, {})
    return parse_citation(value)


def _cited_doi(
    doi: str, identifiers: list[Identifier], reading: _Reading, statement: Statement
) -> bool:
    """A DOI read in a citation: the record's DOI when it has none; False (with a note) when the
    record has another one."""
    known = [i.value for i in identifiers if i.scheme == "doi"]
    if not known:
        identifiers.append(Identifier("doi", doi))
        return True
    if any(same_doi(doi, k) for k in known):
        return True
    reading.notes.append(
        Note(
            "conflict",
            _extra_key(statement.term),
            f"doi {shown(doi)} differs from {shown(known[0])}",
        )
    )
    return False


def _merge_parts(
    parts: dict[str, str], into: dict[str, str], reading: _Reading, statement: Statement
) -> None:
    """Add one citation's parts to the record's; a part differing from one already read is a
    conflict (the first is kept)."""
    for kind, part in parts.items():
        if kind not in into:
            into[kind] = part
        elif into[kind] != part:
            reading.notes.append(
                Note(
                    "conflict",
                    _extra_key(statement.term),
                    f"{kind} {shown(part)} differs from {shown(into[kind])}; the first is kept",
                )
            )


def _as_cited(record: Record, read: list[tuple[Statement, Text | None]], reading: _Reading) -> bool:
    """Keep each citation read whole whose text is not the writer's own form of the record's
    issue (OJS's ``Title; Vol. 22 No. 3 (2020); 301-309``, ``第37卷第2期``, one without the
    year): as written, ``of`` the citation, so that the writer writes it again while the record
    still says what it says. Whether one was kept."""
    parts = citation_parts(record)
    kept = False
    for statement, title in read:
        if citations.write(title.value if title else None, parts) != _clean(statement.value):
            reading.extra(statement, of="citation")
            kept = True
    return kept


def _relations(
    statements: list[Statement], reading: _Reading, issns: list[Identifier]
) -> tuple[list[Link], list[Identifier]]:
    """OpenAIRE alternative identifiers and ISSNs; URLs as links (a PDF, a related DOI, other);
    anything else verbatim."""
    links: list[Link] = []
    identifiers: list[Identifier] = []
    for statement in statements:
        value = _clean(statement.value)
        alt = _ALT_IDENTIFIER.match(value)
        try:
            if alt:
                kind, rest = alt.group(1).lower(), alt.group(2)
                if kind in ("issn", "eissn", "pissn"):
                    issns.append(_issn(f"{kind} {rest}") or Identifier("issn", rest))
                    continue
                known = _known_identifier(rest, kind if kind in _ID_HINTS else None)
                if known is not None:
                    identifiers.append(known)
                else:
                    reading.extra(statement)
                continue
            issn = _issn(value) if "issn" in value.lower() else None
        except InvalidRecord as exc:
            reading.refuse(statement, exc)
            continue
        if issn is not None:
            issns.append(issn)
        elif value.lower().startswith(("http://", "https://")) and not is_url(value):
            reading.extra(statement, bad_url_note(value))  # secondary: kept, said, record read
        elif value.lower().startswith(("http://", "https://")):
            kind = "doi" if doi_from_url(value) else "pdf" if _PDF.search(value) else "other"
            links.append(Link(value, kind))
        elif standard_number(value):
            identifiers.append(Identifier("standard-number", value))  # ISO 690:2021
        else:
            reading.extra(statement)
    return links, identifiers


def _types(statements: list[Statement], reading: _Reading) -> list[Term]:
    """Publication types: labels the vocabulary knows (Journal Article) win over OpenAIRE's
    coarser classes (info:eu-repo/semantics/article), which count only when no label does (a
    class no label implies is kept verbatim). A DCMI type (Image) is kept verbatim, but Text
    alone: the writer writes it for every record."""
    labelled: list[Term] = []
    classes: list[tuple[Statement, str]] = []
    dcmi: list[Statement] = []
    for statement in statements:
        value = _clean(statement.value)
        code = vocab.code_for("publication-type", value)
        if value.startswith(_EU_REPO):
            eu_code = _EU_TYPES.read(value[len(_EU_REPO) :])
            if eu_code is None:
                reading.extra(statement)
            else:
                classes.append((statement, eu_code))
        elif code is not None:
            if all(t.code != code for t in labelled):
                labelled.append(Term("publication-type", code))
            if value not in _type_labels(code):
                reading.extra(statement, of="publication-type")  # "Article": kept as written
        elif value.casefold() in _DCMI_TYPE_KEYS:
            dcmi.append(statement)  # arXiv writes "text"
        else:
            text = reading.text(statement, variant="original")
            if text is not None:
                labelled.append(Term("publication-type", None, (text,)))
    if any(_clean(s.value).casefold() != "text" for s in dcmi):
        for statement in dcmi:
            reading.extra(statement)
    if any(t.code for t in labelled):
        implied = {_EU_TYPES.write(t.code or "") for t in labelled}
        for statement, _ in classes:
            if _clean(statement.value)[len(_EU_REPO) :] not in implied:
                reading.extra(statement)
        return labelled
    codes = list(dict.fromkeys(code for _, code in classes))
    return [Term("publication-type", c) for c in codes] + labelled


@lru_cache(maxsize=256)  # a pure function of the code: a few dozen publication types
def _type_labels(code: str) -> tuple[str, ...]:
    """The labels the writer writes a publication type of ``code`` with (``_term_texts``)."""
    return tuple(t.value for t in _term_texts(Term("publication-type", code)))


#: A copyright statement (OJS: "Copyright (c) 2020 …", "Derechos de autor 2020 …"): who holds
#: the rights, not the licence the work is under; kept verbatim.
_COPYRIGHT = re.compile(
    r"\s*(?:©|\(c\)|copyright\b|derechos de autor|direitos autorais|droits d'auteur"
    r"|版权|版權|著作权)",
    re.I,
)


#: The forms the writer gives the open-access flag in (openAccess, closedAccess).
_FLAG_FORMS = frozenset({_ACCESS.write("open-access"), _ACCESS.write("closed-access")})


def _rights(statements: list[Statement], reading: _Reading) -> tuple[bool | None, str | None]:
    """The access level (OpenAIRE's info:eu-repo terms or their labels) and the licence: the
    dcterms:license, else the first URL among the other rights, else the first of them.

    The first access statement sets ``open_access``. Unless it is the only one and in the form
    the writer gives the flag (openAccess, closedAccess), every access statement is also kept
    verbatim, so that a finer level (embargoedAccess) or a second statement is written back as
    it was rather than as the flag."""
    access: list[tuple[Statement, str]] = []
    others: list[Statement] = []
    for statement in statements:
        value = _clean(statement.value)
        code = _ACCESS.read(value) or vocab.code_for("access", value)
        if code is None:
            others.append(statement)
        else:
            access.append((statement, code))
    open_access = access[0][1] == "open-access" if access else None
    if not (len(access) == 1 and _clean(access[0][0].value) in _FLAG_FORMS):
        for statement, _ in access:
            reading.extra(statement)
    licence = next((s for s in others if s.term == "license"), None)
    licence = licence or next(
        (s for s in others if _clean(s.value).lower().startswith(("http://", "https://"))), None
    )
    licence = licence or next((s for s in others if not _COPYRIGHT.match(s.value)), None)
    for statement in others:
        if statement is not licence:
            reading.extra(statement)
    return open_access, _clean(licence.value) if licence else None
