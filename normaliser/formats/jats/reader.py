"""Reading JATS: every ``<article>`` of a document or collection as a Record (``read``), its
front matter mapped by ``_Reader`` (the read half of each pair ``writer._Writer`` writes).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from ... import vocab, xmlio
from ...dates import month_number
from ...dates import parse as parse_date
from ...errors import InvalidRecord, InvalidXML, NormaliserError
from ...identifiers import normalise_doi, normalise_orcid, normalise_pmcid
from ...jatsinline import Lang
from ...jatsinline import events_paragraphs as _events_paragraphs
from ...jatsinline import prose as _prose
from ...jatsinline import readable as _readable
from ...jatsinline import resolve as _resolve
from ...jatsinline import text as _text
from ...names import han_person, same_person
from ...record import (
    DATE_KINDS,
    UND,
    Conference,
    Contributor,
    Dated,
    Degree,
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
    catalogue,
    replaced,
    with_subtitle,
)
from ...sources import Source
from ...text import case_tag, detect_lang, has_han, joined, settle_explicit_zh, squeeze
from .declarations import (
    _ARTICLE_TYPES,
    _CATEGORY_META,
    _DATE_TYPES,
    _ELEMENT,
    _FIELD_META,
    _FREE,
    _ISSN_FORMATS,
    _LEAVES,
    _META,
    _PMC_ID_TYPES,
    _PUB_TYPE_TO_KIND,
    _PUBLICATION_FORMATS,
    _TITLE_NOTES,
    ALT_TITLES_KEY,
    ARTICLE_ID_KEY,
    ARTICLE_TYPE_KEY,
    NAME,
    STRING_NAMES_KEY,
    TITLE_NOTES_KEY,
    XLINK,
)

# --- Reading ---------------------------------------------------------------------------------


def read(source: Source, *, strict: bool = False) -> Iterator[Record | Reject]:
    """Yield a Record for every ``<article>`` of a document or collection; an article that
    cannot be mapped is a Reject with its XML. Raises ``InvalidXML`` for XML that is not
    well-formed and when the document holds no article."""
    head = source.head_text(256)
    found = 0
    recording = xmlio.Recording(source.stream)
    spans = xmlio.Spans(recording)  # type: ignore[arg-type]
    try:
        for element in xmlio.iter_elements(recording, {"article"}, source.name, spans):  # type: ignore[arg-type]
            notes = _namespace_notes(element)
            if notes is None:
                continue
            found += 1
            if found == 1:
                recording.forget()  # recovery is for a document with no article read yet
            yield _mapped(element, found, source, notes, strict, spans)
    except InvalidXML as exc:
        # Only the front matter is read: a document whose body (or back) is not well-formed
        # is read from its front when that is sound, with a note.
        data = None if found else recording.data()
        if data is None:
            raise
        try:
            root = xmlio.parse_without(data, _UNREAD_PARTS, source.name)
        except InvalidXML:
            raise exc from None
        articles = [root] if xmlio.local(root) == "article" else root.iter("{*}article")
        why = Note(
            "repaired",
            "body",
            f"{str(exc).removeprefix(source.name + ': ')}: outside the front matter, which "
            "alone is read; read without the body and back",
        )
        for element in articles:
            notes = _namespace_notes(element)
            if notes is None:
                continue
            found += 1
            yield _mapped(element, found, source, (*notes, why), strict)
    if not found and not re.match(r"\s*(<\?xml[^>]*>\s*)?<articles\s*/>", head):
        raise InvalidXML(f"{source.name}: no <article> element: not a JATS document")


#: The parts of an article no mapping reads (cut out when they are not well-formed).
_UNREAD_PARTS = ("body", "back", "floats-group")
_XHTML = "http://www.w3.org/1999/xhtml"


def _namespace_notes(element: Any) -> tuple[Note, ...] | None:
    """The notes reading ``element`` as a JATS article takes (none in no namespace or a JATS
    one; one saying so in another publisher's namespace, such as Silverchair's), or None when
    it is not a JATS article (an HTML5 ``<article>``, or one with no ``<front>``)."""
    namespace = xmlio.namespace(element)
    if not namespace or "jats" in namespace or "nlm.nih.gov" in namespace:
        return ()
    if namespace == _XHTML or not any(xmlio.local(child) == "front" for child in element):
        return None
    return (Note("repaired", "article", f"read as JATS although its namespace is {namespace}"),)


#: The front-matter elements the reader maps (``--strict``: any other element of ``<front>``,
#: outside the text of one read whole, is an error naming it).
FRONT_MAPPED = frozenset(
    {
        "front", "journal-meta", "article-meta", "journal-id", "journal-title-group",
        "journal-title", "abbrev-journal-title", "issn", "issn-l", "publisher",
        "publisher-name", "publisher-loc", "article-id", "article-categories", "subj-group",
        "subject", "title-group", "article-title", "subtitle", "trans-title-group", "alt-title",
        "season", "volume-series", "counts", "page-count", "fig-count", "table-count",
        "equation-count", "ref-count", "word-count", "count",
        "trans-title", "trans-subtitle", "contrib-group", "contrib", "contrib-id", "name",
        "name-alternatives", "string-name", "surname", "given-names", "prefix", "suffix",
        "collab", "xref", "aff", "aff-alternatives", "alternatives", "institution",
        "institution-wrap", "institution-id", "addr-line", "country", "author-notes", "corresp",
        "fn", "label", "pub-date", "date", "day", "month", "year", "history", "volume", "issue",
        "fpage", "lpage", "page-range", "elocation-id", "permissions", "license", "license_ref",
        "free_to_read", "self-uri", "abstract", "trans-abstract", "kwd-group", "kwd",
        "funding-group", "award-group", "funding-source", "award-id", "funding-statement",
        "conference", "conf-name", "conf-date", "conf-loc", "custom-meta-group", "custom-meta",
        "meta-name", "meta-value", "notes", "uri",
        "title",  # a heading (of a keyword group, an abstract): no data, left deliberately
    }
)  # fmt: skip
#: Mapped elements read as text: what they hold (inline markup, MathML, links) is that text.
FRONT_TEXT = frozenset(
    {
        "journal-title", "abbrev-journal-title", "publisher-name", "publisher-loc", "subject",
        "article-title", "subtitle", "trans-title", "trans-subtitle", "string-name", "surname",
        "given-names", "prefix", "suffix", "collab", "aff", "institution", "addr-line",
        "country", "corresp", "fn", "label", "license", "abstract", "trans-abstract", "kwd",
        "funding-source", "award-id", "funding-statement", "conf-name", "conf-loc",
        "meta-value", "notes", "uri", "xref", "article-id", "journal-id", "issn", "issn-l",
        "contrib-id", "institution-id", "volume", "issue", "fpage", "lpage", "page-range",
        "elocation-id", "day", "month", "year", "self-uri", "meta-name", "title",
    }
)  # fmt: skip


def unmapped(article: Any) -> list[str]:
    """The names of the elements of ``article``'s front matter that the reader neither maps nor
    reads as part of a mapped text, in document order, each once."""
    found: list[str] = []
    front = _first(article, "front")
    stack = [front] if front is not None else []
    while stack:
        element = stack.pop()
        name = xmlio.local(element)
        if not name:
            continue
        if name not in FRONT_MAPPED:
            if name not in found:
                found.append(name)
            continue
        if name not in FRONT_TEXT:
            stack.extend(reversed(list(element)))
    return found


def _mapped(
    element: Any,
    number: int,
    source: Source,
    notes: tuple[Note, ...],
    strict: bool = False,
    spans: xmlio.Spans | None = None,
) -> Record | Reject:
    try:
        if strict and (unread := unmapped(element)):
            raise InvalidRecord({n: ["not read (strict mode)"] for n in unread})
        record = catalogue(from_element(element))
    except InvalidRecord as exc:
        if spans is not None:  # the record's own bytes, as they were in the document
            return xmlio.original_reject(exc, element, spans, source, number)
        return Reject(exc, xmlio.to_string(element), number, element.sourceline, None, source.name)
    return replaced(record, notes=(*record.notes, *notes)) if notes else record


def _with_subtitles(title: Text | None, subtitles: list[Any], lang: str | Lang) -> Text | None:
    """The title followed by its ``subtitles`` ("Title: Subtitle"; "标题——副标题" in Chinese),
    each subtitle's span marked (``record.with_subtitle``) so that the writer writes it back."""
    if title is None:
        return None
    for el in subtitles:
        subtitle = _text(el, lang, title.variant, _TITLE_NOTES)
        if subtitle is not None:
            title = with_subtitle(title, subtitle)
    return title


#: What an affiliation's text leaves out: its label ("1") and institution ids (ROR, Ringgold).
_AFF_NOT_TEXT = frozenset({"label", "institution-id"})
#: The parts of an affiliation that publishers write one after the other with nothing (Springer)
#: or only white space (BMC) between them: they are read as a list, separated by commas.
_AFF_PARTS = frozenset(
    {"institution", "institution-wrap", "addr-line", "named-content", "city", "state"}
    | {"postal-code", "country"}
)
_PUNCTUATION = frozenset(",;:，；：、")


def _han(char: str) -> bool:
    """Whether ``char`` is a CJK ideograph or CJK punctuation."""
    return "\u3000" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff" or char >= "\U00020000"


def _aff_events(events: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """An affiliation's markup events as read: a superscript before any text is its label
    (Frontiers: ``<sup>1</sup>Department…``) and left out; consecutive parts (institution,
    address line, country…) with nothing but white space between them get a separator: ", ",
    "，" after Han text, a space after a part that ends in punctuation."""
    out: list[tuple[str, str]] = []
    pending: int | None = None  # where a part ended that only white space has followed
    last = ""  # the last non-space character so far
    skipping = 0  # depth inside the leading superscript label
    for kind, value in events:
        if skipping:
            skipping += {"start": 1, "end": -1}.get(kind, 0) if value == "sup" else 0
            continue
        if kind == "start" and value == "sup" and not last:
            skipping = 1
            continue
        if kind == "start" and value in _AFF_PARTS:
            if pending is not None:
                # The white space since the part ended goes: the separator has its own.
                out[pending:] = [e for e in out[pending:] if e[0] != "text"]
                out.append(("text", " " if last in _PUNCTUATION else "，" if _han(last) else ", "))
            pending = None
        elif kind == "end" and value in _AFF_PARTS:
            out.append((kind, value))
            if pending is None and last:  # the first of parts ending together (nested)
                pending = len(out)
            continue
        elif kind in ("text", "node") and value.strip():
            last, pending = value.rstrip()[-1], None
        out.append((kind, value))
    return out


class _Parts:
    """The children of one container of the front matter (article-meta, journal-meta, a title
    group…) by local name, gathered in one pass: the reader looks a container's parts up
    (``all``, ``first``) as many times as it reads them, each look-up a dict's instead of an
    lxml search (~1 µs each, ~40 an article). The same elements as ``_children`` and ``_first``
    give, in document order, in any namespace; comments, processing instructions and entity
    references are no part (their tag is no string)."""

    __slots__ = ("_named", "element")

    def __init__(self, element: Any) -> None:
        self.element = element
        named: dict[str, list[Any]] = {}
        for child in element:
            tag = child.tag
            if tag.__class__ is str:
                if tag[0] == "{":  # {namespace}name
                    tag = tag[tag.rfind("}") + 1 :]
                if tag in named:
                    named[tag].append(child)
                else:
                    named[tag] = [child]
        self._named = named

    def all(self, *names: str) -> list[Any]:
        """The children named ``names``, in document order (``_children``)."""
        if len(names) == 1:
            return list(self._named.get(names[0], ()))
        present = [name for name in names if name in self._named]
        if len(present) > 1:  # interleaved in the document: lxml keeps their order
            return _children(self.element, *names)
        return list(self._named[present[0]]) if present else []

    def first(self, name: str) -> Any | None:
        """The first child named ``name``, or None (``_first``)."""
        found = self._named.get(name)
        return found[0] if found else None


def _children(element: Any, *names: str) -> list[Any]:
    """The children of ``element`` named ``names`` (local names, any namespace), in order."""
    return list(element.iterchildren(*_wild(names)))


def _first(element: Any, name: str) -> Any | None:
    """The first child of ``element`` named ``name`` (any namespace), or None."""
    return next(element.iterchildren("{*}" + name), None)


def _descendants(element: Any, *names: str) -> list[Any]:
    """``element`` and its descendants named ``names`` (any namespace), in document order."""
    return list(element.iter(*_wild(names)))


@lru_cache(maxsize=64)
def _wild(names: tuple[str, ...]) -> tuple[str, ...]:
    """lxml tag patterns matching ``names`` in any namespace (or none)."""
    return tuple("{*}" + name for name in names)


def _int(value: str | None) -> int | None:
    if value and value.isdecimal():  # what ``\D`` leaves whole: most years, months and days
        return int(value)
    digits = re.sub(r"\D", "", value or "")
    return int(digits) if digits else None


def _date(parts: _Parts) -> PartialDate | None:
    element = parts.element
    iso = element.get("iso-8601-date")
    year_el = parts.first("year")
    year = _int(xmlio.text_of(year_el)) if year_el is not None else None
    month_el, day_el = parts.first("month"), parts.first("day")
    month = day = None
    if month_el is not None:
        raw = xmlio.text_of(month_el).strip()
        month = _int(raw) if raw.isdigit() else month_number(raw)
    if day_el is not None:
        day = _int(xmlio.text_of(day_el))
    if year is None and iso:
        match = re.match(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", iso)
        if match:
            year, month, day = (int(g) if g else None for g in match.groups())
    if year is None:
        string = parts.first("string-date")
        if string is not None:
            parsed = parse_date(xmlio.text_of(string), "pub-date")
            return parsed.date if parsed else None
        return None
    if month is None:
        day = None
    try:
        return PartialDate(year, month, day)
    except InvalidRecord:
        raise InvalidRecord(
            f"{year}-{month}-{day} is not a date", field=xmlio.local(element)
        ) from None


def _season(parts: _Parts) -> str | None:
    """The season of a date with no month: its ``<season>``, else a range or season written
    where the month goes (``<month>May-Aug</month>``), kept as the issue's season, not dropped."""
    season = parts.first("season")
    text = squeeze(xmlio.text_of(season)) if season is not None else ""
    month = parts.first("month")
    if not text and month is not None:
        text = squeeze(xmlio.text_of(month))
    return text or None


def _date_kind(element: Any, in_history: bool) -> tuple[str, str | None]:
    """The kind of a pub-date or history date and the source's own name of its type when the
    writer would not give it that name (see ``_DATE_TYPES``): ``date-type="publication"`` is a
    publication date named so, ``rev-recd`` a revision, ``published-online`` a history event;
    the legacy ``pub-type`` is kept as ``pub-type:epub``."""
    date_type = (element.get("date-type") or "").strip()
    pub_type = (element.get("pub-type") or "").strip()
    fmt = (element.get("publication-format") or "").strip().lower()
    if pub_type and not date_type:
        kind = _PUB_TYPE_TO_KIND.get(pub_type.lower()) or _kind_of(pub_type.lower(), fmt)
        return kind, f"pub-type:{pub_type}"
    if not date_type:
        return ("event", None) if in_history else (_kind_of("pub", fmt), None)
    kind = _kind_of(date_type.lower(), fmt)
    return kind, None if date_type == _DATE_TYPES.get(kind, kind) else date_type


def _kind_of(date_type: str, fmt: str) -> str:
    if date_type in ("pub", "publication"):
        return _PUBLICATION_FORMATS.read(fmt) or "published"
    if date_type == "rev-recd":
        return "revised"
    return date_type if date_type in DATE_KINDS and date_type != "event" else "event"


def _xml_lang(element: Any) -> str | None:
    """The element's own ``xml:lang`` in the case BCP 47 gives each subtag (``EN`` → ``en``,
    ``zh-hans`` → ``zh-Hans``, ``pt-br`` → ``pt-BR``): tags are case-insensitive, and a record
    writes each one way."""
    value = element.get(xmlio.LANG)
    return case_tag(value.strip()) if value else None


def _name(element: Any, article_lang: str | None = None) -> Name | None:
    lang = _xml_lang(element)
    text = xmlio.text_of(element)
    if lang is None:
        # A name in Han characters is Chinese (or Japanese) whatever its article's language,
        # but kanji (hanja) with no kana in a Japanese (Korean) article are that article's.
        detected = detect_lang(text)[0]
        lang = detected if detected.startswith(("zh", "ja", "ko")) else UND
        primary = (article_lang or "").split("-", 1)[0].lower()
        if primary in ("ja", "ko") and lang.startswith("zh"):
            lang = primary
    eastern = lang.startswith("zh") or (lang[:2] in ("ja", "ko") and has_han(text))
    style = element.get("name-style") or ("eastern" if eastern else "western")
    style = style if style in ("western", "eastern", "given-only") else "western"
    variant = element.get("specific-use") or "original"
    variant = variant if variant in ("original", "translation", "transliteration") else "original"
    parts = _Parts(element)
    family, given = parts.first("surname"), parts.first("given-names")
    if family is None and given is None and xmlio.local(element) == "string-name":
        literal = squeeze(xmlio.text_of(element))
        if not literal:
            return None
        return Name(literal=literal, style=style, lang=lang, variant=variant)
    family_text = squeeze(xmlio.text_of(family)) if family is not None else ""
    given_text = squeeze(xmlio.text_of(given)) if given is not None else ""
    if not (family_text or given_text):
        return None
    if not family_text and style == "western" and element.get("name-style") is None:
        style = "given-only"
    return Name(
        family=family_text or None,
        given=given_text or None,
        style=style,
        lang=lang,
        variant=variant,
    )


class _Reader:
    def __init__(self, article: Any) -> None:
        self.article = article
        # JATS's DTD gives article/@xml:lang the default "en"; "und" is no language at all.
        declared = _xml_lang(article) or "en"
        self.lang = None if declared == UND else declared
        self.front = _first(article, "front")
        #: The Chinese string-names split while reading, as they came (STRING_NAMES_KEY).
        self.string_names: list[str] = []
        #: The article's affiliations and their alternatives, wherever they are (``record``).
        self.affs: list[Any] = []

    def own_lang(self, element: Any, fallback: str | Lang | None = None) -> str | Lang:
        """The element's xml:lang, else the group's, else the article's checked by script."""
        return _xml_lang(element) or fallback or Lang(self.lang)

    def record(self) -> Record:
        if self.front is None:
            raise InvalidRecord("the article has no <front>", field="front")
        front = _Parts(self.front)
        meta_el = front.first("article-meta")
        if meta_el is None:
            raise InvalidRecord("the article has no <article-meta>", field="article-meta")
        meta = _Parts(meta_el)
        jmeta_el = front.first("journal-meta")
        jmeta = _Parts(jmeta_el) if jmeta_el is not None else None
        custom = [
            e for g in meta.all("custom-meta-group") for e in _children(g, "custom-meta")
        ] + meta.all("custom-meta-wrap")
        named = [_custom_meta(e) for e in custom]
        degree, publisher, more_series = self.field_meta(
            [entry for entry in named if entry[1] in _FIELD_META]
        )
        metrics, extra = self.metrics([entry for entry in named if entry[1] not in _FIELD_META])
        titles = self.titles(meta)
        abstracts = self.abstracts(meta)
        keywords = self.keywords(meta)
        # One walk of the whole article (body and back too) for what may lie anywhere in it:
        # translation sub-articles, and the affiliations that contributors point at.
        subs: list[Any] = []
        for el in _descendants(self.article, "sub-article", "aff", "aff-alternatives"):
            (subs if xmlio.local(el) == "sub-article" else self.affs).append(el)
        for sub in subs:
            if (sub.get("article-type") or "") == "translation":
                more_titles, more_abstracts, more_keywords = self.translation(sub)
                titles += more_titles
                abstracts += more_abstracts
                keywords += more_keywords
        leaf = self.leaves(meta, extra)
        pub_types, subjects = self.categories(meta)
        contributors = tuple(self.contributors(meta))
        extras = self.extras(meta, jmeta, extra)
        if self.string_names:
            extras[STRING_NAMES_KEY] = self.string_names
        links = self.links(meta)
        open_access = {"true": True, "false": False}.get(extra.get(_META["open_access"], ""))
        notes: list[Note] = []
        claims = [el for el in meta.all("self-uri") if el.get("specific-use") == "open-access"]
        if open_access is False and claims:
            # custom-meta open-access false beside a self-uri marked open-access: the flag
            # stands (it is the explicit statement), the link is a PDF, the conflict a note.
            claimed = {el.get(f"{XLINK}href") or squeeze(xmlio.text_of(el)) for el in claims}
            links = [Link(lk.url, "pdf") if lk.url in claimed else lk for lk in links]
            notes.append(
                Note(
                    "conflict",
                    "open-access",
                    "custom-meta open-access says false, a self-uri says open-access: "
                    "the flag is kept, the link is read as a PDF",
                )
            )
        source_type = (self.article.get("article-type") or "").strip()
        codes = [t.code for t in pub_types if t.code]
        if source_type and source_type != (_ARTICLE_TYPES.write(codes[0]) if codes else None):
            # The publication type does not say it (book-review, rapid-communication, other):
            # kept as the source gave it, and written back so.
            extras[ARTICLE_TYPE_KEY] = source_type
        record = Record(
            titles=tuple(titles),
            contributors=contributors,
            affiliations=tuple(
                aff for a in meta.all(_ELEMENT["affiliations"]) if (aff := self.aff(a)) is not None
            ),
            abstracts=tuple(abstracts),
            keywords=tuple(keywords),
            journal=self.journal(jmeta) if jmeta is not None else None,
            volume=leaf["volume"],
            issue=leaf["issue"],
            fpage=leaf["fpage"],
            lpage=leaf["lpage"],
            page_range=leaf["page_range"],
            elocation_id=leaf["elocation_id"],
            dates=tuple(self.dates(meta)),
            pub_model=extra.get(_META["pub_model"]),
            identifiers=tuple(self.identifiers(meta)),
            links=tuple(links),
            open_access=open_access,
            license=self.license(meta),
            publication_types=tuple(pub_types),
            subjects=tuple(subjects),
            metrics=tuple(metrics),
            conference=self.conference(meta),
            degree=degree,
            publisher=publisher,
            edition=extra.get(_META["edition"]),
            series=tuple(self.texts(meta, "series") + more_series),
            page_count=next(
                (
                    el.get("count")
                    for c in meta.all("counts")
                    for el in _children(c, "page-count")
                    if el.get("count")
                ),
                extra.get(_META["page_count"]),
            ),
            language=self.lang,
            provenance=Provenance(NAME),
            extras=extras,
            notes=tuple(notes),
        )
        settled: Record = settle_explicit_zh(record)
        return settled

    @staticmethod
    def leaves(meta: _Parts, custom: dict[str, str]) -> dict[str, str | None]:
        """The plain-string leaves of article-meta (``_LEAVES``): each from its element, else
        from the custom-meta the writer puts it in when JATS has no place for it."""
        out: dict[str, str | None] = {}
        for path, sources in _LEAVES:
            value = None
            for in_custom, name in sources:
                value = custom.get(name) if in_custom else _opt(meta.first(name))
                if value:
                    break
            out[path] = value or None
        return out

    # -- what the record has no field for
    def extras(self, meta: _Parts, jmeta: _Parts | None, custom: dict[str, str]) -> dict[str, Any]:
        """Front matter the record has no field for, kept so that nothing read is lost: the
        publisher's place, copyright, funding, counts, and custom-meta of names this module
        does not know (``jats:``-prefixed keys, JSON values)."""
        out: dict[str, Any] = {}
        places = [
            v
            for p in (jmeta.all("publisher") if jmeta is not None else [])
            for el in _children(p, "publisher-loc")
            if (v := squeeze(xmlio.text_of(el)))
        ]
        if places:
            out["jats:publisher-loc"] = places
        permissions = meta.first("permissions")
        if permissions is not None:
            copyright_ = {
                key: value
                for key in ("statement", "year", "holder")
                if (value := _opt(_first(permissions, f"copyright-{key}"))) is not None
            }
            if copyright_:
                out["jats:copyright"] = copyright_
        funding = _funding(meta.all("funding-group"))
        if funding:
            out["jats:funding"] = funding
        notes = [
            v
            for group in meta.all("title-group")
            for fn in _descendants(group, "fn")
            if (v := squeeze(xmlio.text_of(_without(fn, _children(fn, "label")))))
        ]
        if notes:  # a title's footnotes (a funding statement, a dedication): notes, not title
            out[TITLE_NOTES_KEY] = notes
        alternatives = []
        for group in meta.all("title-group"):
            for el in _children(group, "alt-title"):
                # A running head, a short title: no title of the article, kept as it came.
                if value := squeeze(xmlio.text_of(el)):
                    entry = {"value": value}
                    if kind := el.get("alt-title-type"):
                        entry["type"] = kind
                    if lang := _xml_lang(el):
                        entry["lang"] = lang
                    alternatives.append(entry)
        if alternatives:
            out[ALT_TITLES_KEY] = alternatives
        spelt = _spelt_ids(meta)
        if spelt:
            out[ARTICLE_ID_KEY] = spelt
        counts = {
            xmlio.local(el): str(count)
            for c in meta.all("counts")
            for el in c
            if isinstance(el.tag, str)
            and (count := el.get("count"))
            and xmlio.local(el) != "page-count"  # the record's page count
        }
        if counts:
            out["jats:counts"] = counts
        unknown = {k: v for k, v in custom.items() if k not in _CUSTOM_FIELDS}
        if unknown:
            out["jats:custom-meta"] = unknown
        return out

    # -- titles and abstracts
    def titles(self, meta: _Parts) -> list[Text]:
        out: list[Text] = []
        for group_el in meta.all("title-group"):
            group = _Parts(group_el)
            group_lang = _xml_lang(group_el)
            variant = group_el.get("lang-variant") or None
            for el in group.all("article-title"):
                lang = self.own_lang(el, group_lang)
                text = _text(el, lang, _variant(variant, "original"), _TITLE_NOTES)
                text = _with_subtitles(text, group.all("subtitle"), lang)
                if text is not None:
                    out.append(text)
            for trans in group.all("trans-title-group"):
                lang = self.own_lang(trans)
                for el in _children(trans, "trans-title"):
                    text = _text(
                        el,
                        self.own_lang(el, lang),
                        _variant(trans.get("specific-use"), "translation"),
                        _TITLE_NOTES,
                    )
                    text = _with_subtitles(text, _children(trans, "trans-subtitle"), lang)
                    if text is not None:
                        out.append(text)
            for el in group.all("trans-title"):  # NLM 3.0 puts trans-title in title-group
                text = _text(el, self.own_lang(el), "translation", _TITLE_NOTES)
                if text is not None:
                    out.append(text)
        return out

    def abstracts(self, meta: _Parts) -> list[Prose]:
        out: list[Prose] = []
        for el in meta.all("abstract", "trans-abstract"):
            tag = xmlio.local(el)
            kind = el.get("abstract-type") or "abstract"
            default = "original" if tag == "abstract" else "translation"
            variant = el.get("lang-variant") or el.get("specific-use") or default
            prose = _prose(el, self.own_lang(el), _variant(variant, default), kind)
            if prose is not None:
                out.append(prose)
        return out

    def translation(self, sub: Any) -> tuple[list[Text], list[Prose], list[Text]]:
        """Titles, abstracts and keywords of a translation sub-article (SciELO), all marked as
        translations."""
        lang = _xml_lang(sub) or UND
        stub = _first(sub, "front-stub")
        if stub is None:
            stub = _first(sub, "front")
        if stub is None:
            return [], [], []
        titles = [
            t
            for g in _children(stub, "title-group")
            for el in _children(g, "article-title")
            if (t := _text(el, _xml_lang(el) or lang, "translation")) is not None
        ]
        abstracts = [
            p
            for el in _children(stub, "abstract", "trans-abstract")
            if (
                p := _prose(
                    el,
                    _xml_lang(el) or lang,
                    "translation",
                    el.get("abstract-type") or "abstract",
                )
            )
            is not None
        ]
        keywords = [replaced(k, variant="translation") for k in self.keywords(_Parts(stub), lang)]
        return titles, abstracts, keywords

    # -- contributors
    def person(self, element: Any, names: list[Name]) -> None:
        """A ``name`` or ``string-name`` appended to ``names``."""
        name = _name(element, self.lang)
        if name is not None:
            names.append(name)

    def split_by_romanisation(self, names: list[Name]) -> list[Name]:
        """``names`` of one person, a Chinese ``string-name`` (欧阳明远) split where the source's
        own romanised form of it splits (``<surname>Ouyang</surname><given-names>Mingyuan``):
        the parts every reader of a Han name gives it, here said by the source. The string-name
        is remembered as it came, to be written back so (``STRING_NAMES_KEY``). Without such a
        form it stays whole: a string-name may be a body's name (新华社)."""
        out = list(names)
        for i, name in enumerate(names):
            if not (name.literal and name.style == "eastern" and name.lang.startswith("zh")):
                continue
            parsed = han_person(name.literal)
            if parsed is None:
                continue
            split = Name(
                parsed.family, parsed.given, style="eastern", lang=name.lang, variant=name.variant
            )
            if any(not n.literal and n.family and same_person(split, n) for n in names):
                out[i] = split
                self.string_names.append(name.literal)
        return out

    def contributors(self, meta: _Parts) -> list[Contributor]:
        affs: dict[str, list[Any]] = {}
        for el in self.affs:
            if not el.get("id"):
                continue
            affs[el.get("id")] = [el] if xmlio.local(el) == "aff" else _children(el, "aff")
        out: list[Contributor] = []
        for group in meta.all("contrib-group"):
            for contrib in _children(group, "contrib"):
                # The children read, gathered in one pass: names (in order), ids, affiliations.
                parts = _Parts(contrib)
                names: list[Name] = []
                for el in parts.all(*_CONTRIB_NAMES):
                    tag = xmlio.local(el)
                    if tag in ("name", "string-name"):
                        self.person(el, names)
                    elif tag == "name-alternatives":
                        for c in _children(el, "name", "string-name"):
                            self.person(c, names)
                    elif tag == "collab":
                        members = _descendants(el, "contrib-group")
                        collab = _without(el, members) if members else el
                        literal = squeeze(xmlio.text_of(collab))
                        if literal:
                            names.append(Name(literal=literal, style="given-only"))
                if not names:
                    continue
                names = self.split_by_romanisation(names)
                orcid = None
                for cid in parts.all("contrib-id"):
                    if (cid.get("contrib-id-type") or "").lower() == "orcid":
                        try:
                            orcid = normalise_orcid(xmlio.text_of(cid))
                        except InvalidRecord:
                            orcid = None
                affiliations = [t for a in parts.all("aff") if (t := self.aff(a)) is not None]
                for xref in parts.all("xref"):
                    if xref.get("ref-type") != "aff":
                        continue
                    for rid in (xref.get("rid") or "").split():
                        for aff in affs.get(rid, ()):
                            t = self.aff(aff)
                            if t is not None and t not in affiliations:
                                affiliations.append(t)
                out.append(
                    Contributor(
                        names=tuple(names),
                        role=contrib.get("contrib-type") or "author",
                        orcid=orcid,
                        affiliations=tuple(affiliations),
                        corresponding=contrib.get("corresp") == "yes",
                    )
                )
        return out

    def aff(self, element: Any) -> Text | None:
        """An affiliation's text: its label (the "1" of a numbered aff) and institution ids
        (ROR, Ringgold) left out; SciELO's ``institution content-type="original"`` (the
        affiliation as the author wrote it) stands for the whole when present."""
        variant = _variant(element.get("specific-use"), "original")
        lang = self.own_lang(element)
        original = [
            e for e in _descendants(element, "institution") if e.get("content-type") == "original"
        ]
        if original:
            return _text(original[0], lang, variant)
        events = _aff_events(xmlio.markup(_readable(element), _AFF_NOT_TEXT))
        text = joined(_events_paragraphs(events), UND, variant)
        return None if text is None else replaced(text, lang=_resolve(lang, text.value))

    # -- keywords, categories
    def keywords(self, meta: _Parts, inherited: str | None = None) -> list[Text]:
        out: list[Text] = []
        for group in meta.all("kwd-group"):
            lang = self.own_lang(group, inherited)
            variant = _variant(group.get("specific-use"), "original")
            for kwd in _children(group, _ELEMENT["keywords"]):
                text = _text(kwd, self.own_lang(kwd, lang), variant)
                if text is not None:
                    out.append(text)
        return out

    def categories(self, meta: _Parts) -> tuple[list[Term], list[Term]]:
        pub_types: list[Term] = []
        subjects: list[Term] = []
        categories = meta.first("article-categories")
        groups = _descendants(categories, "subj-group") if categories is not None else []
        for group in groups:
            group_type = group.get("subj-group-type") or "subject"
            target = pub_types if group_type == "publication-type" else subjects
            for subject in _children(group, "subject"):
                vocabulary = subject.get("vocab") or group_type
                code = subject.get("vocab-term")
                if code:
                    target.append(Term(vocabulary, code))
                    continue
                use = (group.get("specific-use") or "").split(":")
                label = _text(subject, self.own_lang(group), _variant(use[-1], "original"))
                if label is None:
                    continue
                if use[0] == "alternate-label" and target and target[-1].code is None:
                    target[-1] = Term(target[-1].vocabulary, None, (*target[-1].labels, label))
                    continue
                code = (
                    vocab.code_for(vocabulary, label.value)
                    if vocabulary == "publication-type"
                    else None
                )
                target.append(Term(vocabulary, code) if code else Term(vocabulary, None, (label,)))
        if not pub_types:
            kind = _ARTICLE_TYPES.read(self.article.get("article-type") or "")
            if kind:
                pub_types.append(Term("publication-type", kind))
        return pub_types, subjects

    # -- journal
    def journal(self, jmeta: _Parts) -> Journal:
        titles: list[Text] = []
        abbreviations: list[Text] = []
        title_tag, abbrev_tag = _ELEMENT["journal.titles"], _ELEMENT["journal.abbreviations"]
        for group in jmeta.all("journal-title-group"):
            for el in _children(group, title_tag, abbrev_tag, "trans-title-group"):
                tag = xmlio.local(el)
                if tag == title_tag:
                    t = _text(el, self.own_lang(el), _variant(el.get("specific-use"), "original"))
                    if t:
                        titles.append(t)
                elif tag == abbrev_tag:
                    t = _text(el, self.own_lang(el), _variant(el.get("specific-use"), "original"))
                    if t:
                        abbreviations.append(t)
                elif tag == "trans-title-group":
                    for tt in _children(el, "trans-title"):
                        t = _text(tt, self.own_lang(tt, self.own_lang(el)), "translation")
                        if t:
                            titles.append(t)
        for el in jmeta.all(title_tag):  # NLM 2.x/3.0 without the group
            t = _text(el, self.own_lang(el), "original")
            if t:
                titles.append(t)
        for el in jmeta.all(abbrev_tag):
            t = _text(el, self.own_lang(el), "original")
            if t:
                abbreviations.append(t)
        ids: list[Identifier] = [
            Identifier(el.get("journal-id-type") or "journal-id", v, _derived(el))
            for el in jmeta.all("journal-id")
            if (v := squeeze(xmlio.text_of(el)))
        ]
        for el in jmeta.all("issn"):
            value = squeeze(xmlio.text_of(el))
            fmt = (el.get("publication-format") or el.get("pub-type") or "").lower()
            scheme = _ISSN_FORMATS.read(fmt) or "issn"
            if el.get("specific-use") == "issn-l":
                scheme = "issn-l"
            if value:
                ids.append(Identifier(scheme, value, _derived(el)))
        for el in jmeta.all("issn-l"):
            if value := squeeze(xmlio.text_of(el)):
                ids.append(Identifier("issn-l", value))
        publishers = [
            t for p in jmeta.all("publisher") for t in self.texts(_Parts(p), "journal.publishers")
        ]
        descriptions = []
        for notes in jmeta.all("notes"):
            kind = (notes.get("notes-type") or "journal-description").removeprefix("journal-")
            prose = _prose(
                notes, self.own_lang(notes), _variant(notes.get("specific-use"), "original"), kind
            )
            if prose:
                descriptions.append(prose)
        return Journal(
            titles=tuple(titles),
            abbreviations=tuple(abbreviations),
            identifiers=tuple(ids),
            publishers=tuple(publishers),
            descriptions=tuple(descriptions),
        )

    # -- identifiers, dates, links, licence
    def identifiers(self, meta: _Parts) -> list[Identifier]:
        out: list[Identifier] = []
        for el in meta.all("article-id"):
            value = squeeze(xmlio.text_of(el))
            if not value:
                continue
            scheme = (el.get("pub-id-type") or "other").lower()
            if scheme == "custom" and el.get("custom-type"):
                scheme = el.get("custom-type")
            if scheme in ("pmc", "pmcid"):
                scheme = "pmcid"
                with contextlib.suppress(InvalidRecord):  # kept as written when not a PMCID
                    value = normalise_pmcid(value)
            elif scheme == "doi":
                with contextlib.suppress(InvalidRecord):  # kept as written when not a DOI
                    value = normalise_doi(value)
            out.append(Identifier(scheme, value, _derived(el)))
        return out

    def dates(self, meta: _Parts) -> list[Dated]:
        """Every pub-date and history date, each with its type as the source named it."""
        history = meta.first("history")
        elements = [(el, False) for el in meta.all("pub-date")] + [
            (el, True) for el in (_children(history, "date") if history is not None else [])
        ]
        out: list[Dated] = []
        for el, in_history in elements:
            parts = _Parts(el)
            date = _date(parts)
            if date is not None:
                kind, label = _date_kind(el, in_history)
                season_ = None if date.month is not None else _season(parts)
                out.append(Dated(kind, date, label, in_history, season_))
        return out

    def links(self, meta: _Parts) -> list[Link]:
        out = []
        for el in meta.all("self-uri"):
            href = el.get(f"{XLINK}href") or squeeze(xmlio.text_of(el))
            if not href:
                continue
            kind = (el.get("content-type") or "landing").lower()
            kind = _MEDIA_TYPES.get(kind, kind)
            if kind == "pdf" and el.get("specific-use") in ("open-access", _FREE):
                kind = "oa-pdf"
            out.append(Link(href, kind))
        return out

    def license(self, meta: _Parts) -> str | None:
        permissions = meta.first("permissions")
        if permissions is None:
            return None
        for el in _descendants(permissions, "license_ref"):
            if xmlio.text_of(el).strip():
                return xmlio.text_of(el).strip()
        for el in _children(permissions, "license"):
            href = el.get(f"{XLINK}href")
            if href:
                return str(href)
        return None

    def conference(self, meta: _Parts) -> Conference | None:
        conference = meta.first("conference")
        if conference is None:
            return None
        el = _Parts(conference)
        date_el = el.first(_ELEMENT["conference.date"])
        date = end = None
        if date_el is not None:
            date = _date(_Parts(date_el))
            interval = (date_el.get("iso-8601-date") or "").split("/")
            if date is not None and len(interval) == 2:
                parsed_end = parse_date(interval[1].strip(), "conf-date")
                if parsed_end is not None and parsed_end.date.iso() > date.iso():
                    end = parsed_end.date
            text = squeeze(xmlio.text_of(date_el))
            if date is None and text:
                parsed = parse_date(text, "conf-date")
                date = parsed.date if parsed else None
        names = self.texts(el, "conference.names")
        places = self.texts(el, "conference.places")
        if not (names or places or date):
            return None
        return Conference(tuple(names), tuple(places), date, end)

    def tagged_text(self, el: Any) -> Text | None:
        """A language-bound text as ``_tagged`` writes it: xml:lang, variant in specific-use."""
        return _text(el, self.own_lang(el), _variant(el.get("specific-use"), "original"))

    def texts(self, parent: _Parts, path: str) -> list[Text]:
        """The texts of the element ``FIELDS`` declares for ``path``, under ``parent``."""
        return [t for c in parent.all(_ELEMENT[path]) if (t := self.tagged_text(c)) is not None]

    # -- custom-meta
    def field_meta(
        self, entries: list[tuple[Any, str, Any | None]]
    ) -> tuple[Degree | None, Publisher | None, list[Text]]:
        """A thesis's degree, a book's publisher and its series beyond the first, from the
        custom-meta ``field_entries`` writes (each entry as ``_custom_meta`` reads it)."""
        level: Term | None = None
        found: dict[str, list[Text]] = {name: [] for name in _FIELD_META}
        for el, name, value_el in entries:
            value = squeeze(xmlio.text_of(value_el)) if value_el is not None else ""
            if not value:
                continue
            code = el.get("vocab-term")
            if name == "degree" and code:
                level = Term(el.get("vocab") or "degree", code)
                continue
            variant = _variant(el.get("specific-use"), "original")
            if name == _META["series"]:  # with its marks
                if (text := _text(value_el, self.own_lang(el), variant)) is not None:
                    found[name].append(text)
                continue
            lang = _xml_lang(el) or Lang(self.lang).of(value)
            found[name].append(Text(value, lang, variant))
        if level is None and found["degree"]:
            level = Term("degree", None, tuple(found["degree"]))
        degree = None
        grantors = found[_META["degree.grantors"]]
        if level is not None or grantors:
            degree = Degree(level, tuple(grantors))
        publisher = None
        names, places = found[_META["publisher.names"]], found[_META["publisher.places"]]
        if names or places:
            publisher = Publisher(tuple(names), tuple(places))
        return degree, publisher, found[_META["series"]]

    def metrics(
        self, entries: list[tuple[Any, str, Any | None]]
    ) -> tuple[list[Metric], dict[str, str]]:
        """Metrics and the custom-meta of no record field, from custom-meta entries, each with
        its name ("" when it has none) and value element (``_custom_meta``)."""
        metrics: list[Metric] = []
        extra: dict[str, str] = {}
        for el, name, value_el in entries:
            if not name or value_el is None:
                continue
            value = squeeze(xmlio.text_of(value_el))
            if not value:
                continue
            if el.get("specific-use") == "metric" or name in (
                "impact-factor",
                "jcr-quartile",
                "cas-zone",
                "citation-count",
            ):
                metrics.append(Metric(name, value))
                continue
            owner = _CATEGORY_META.read(name) or (
                name[: -len("-category")] if name.endswith("-category") else None
            )
            if owner and metrics and metrics[-1].name == owner:
                m = metrics[-1]
                vocabulary = el.get("vocab") or "category"
                code = el.get("vocab-term")
                if code:
                    if m.category is None:
                        metrics[-1] = replaced(m, category=Term(vocabulary, code))
                    continue
                lang = _xml_lang(el) or Lang(self.lang).of(value)
                label = Text(value, lang, _variant(el.get("specific-use"), "original"))
                labels = m.category.labels if m.category is not None else ()
                metrics[-1] = replaced(m, category=Term(vocabulary, None, (*labels, label)))
                continue
            for suffix in ("-year", "-source"):
                if name.endswith(suffix) and metrics and metrics[-1].name == name[: -len(suffix)]:
                    m = metrics[-1]
                    if suffix == "-year" and value.isdigit():
                        metrics[-1] = replaced(m, year=int(value))
                    elif suffix == "-source":
                        metrics[-1] = replaced(m, source=value)
                    break
            else:
                extra[name] = value
        return metrics, extra


#: The children of a ``<contrib>`` that name its contributor, read in document order (its
#: ORCID, affiliations and cross-references to affiliations are read besides).
_CONTRIB_NAMES = ("name", "string-name", "name-alternatives", "collab")
#: custom-meta names the reader maps to record fields (the others are kept in extras).
_CUSTOM_FIELDS = frozenset(_META.values()) - _FIELD_META


def _funding(groups: list[Any]) -> dict[str, Any]:
    """Funding as JSON: each award's funders (name, the first registry id) and award ids, and
    the funding statements as written."""
    awards: list[dict[str, Any]] = []
    statements: list[str] = []
    for group in groups:
        for award in _children(group, "award-group"):
            entry: dict[str, Any] = {}
            sources = []
            for source in _children(award, "funding-source"):
                ids = _descendants(source, "institution-id")
                name = squeeze(xmlio.text_of(_without(source, ids)))
                registry = squeeze(xmlio.text_of(ids[0])) if ids else ""
                funder = {k: v for k, v in (("name", name), ("id", registry)) if v}
                if funder:
                    sources.append(funder)
            if sources:
                entry["sources"] = sources
            award_ids = [
                v for a in _children(award, "award-id") if (v := squeeze(xmlio.text_of(a)))
            ]
            if award_ids:
                entry["award-ids"] = award_ids
            if entry:
                awards.append(entry)
        statements += [
            v for el in _children(group, "funding-statement") if (v := squeeze(xmlio.text_of(el)))
        ]
    out: dict[str, Any] = {}
    if awards:
        out["awards"] = awards
    if statements:
        out["statements"] = statements
    return out


#: Media types some publishers (OJS) give self-uri/@content-type, as the link kinds they mean.
_MEDIA_TYPES = {"application/pdf": "pdf", "text/html": "landing"}


def _custom_meta(element: Any) -> tuple[Any, str, Any | None]:
    """A custom-meta, its name ("" when it has none) and its meta-value element (or None)."""
    parts = _Parts(element)
    name_el = parts.first("meta-name")
    name = squeeze(xmlio.text_of(name_el)) if name_el is not None else ""
    return element, name, parts.first("meta-value")


def _spelt_ids(meta: _Parts) -> list[dict[str, str]]:
    """The PMC ids the source spelled otherwise than the record's pmcid (``pub-id-type="pmc"``,
    a bare number): each as it came, with the canonical value it spells (``ARTICLE_ID_KEY``)."""
    out = []
    for el in meta.all("article-id"):
        kind = el.get("pub-id-type") or ""
        value = squeeze(xmlio.text_of(el))
        if kind not in _PMC_ID_TYPES or not value:
            continue
        try:
            canonical = normalise_pmcid(value)
        except InvalidRecord:
            continue  # kept as written in the identifier itself
        if (kind, value) != ("pmcid", canonical):
            out.append({"pub-id-type": kind, "value": value, "of": canonical})
    return out


def _derived(element: Any) -> str | None:
    use = element.get("specific-use") or ""
    return use.removeprefix("derived-from:") if use.startswith("derived-from:") else None


def _without(element: Any, drop: list[Any]) -> Any:
    """A copy of ``element`` without the descendants in ``drop`` (their tails kept)."""
    copy = xmlio.copy(element)
    doomed = {id(e) for e in drop}
    for original, twin in list(zip(element.iter(), copy.iter(), strict=True)):
        if id(original) not in doomed or twin.getparent() is None:
            continue
        tail, parent, previous = twin.tail, twin.getparent(), twin.getprevious()
        parent.remove(twin)
        if tail:
            if previous is not None:
                previous.tail = (previous.tail or "") + tail
            else:
                parent.text = (parent.text or "") + tail
    return copy


def _opt(el: Any | None) -> str | None:
    if el is None:
        return None
    value = squeeze(xmlio.text_of(el))
    return value or None


def _variant(value: str | None, default: str) -> str:
    return value if value in ("original", "translation", "transliteration") else default


def from_element(article: Any) -> Record:
    """Map one ``<article>`` element to a Record; raises ``InvalidRecord`` naming the element."""
    try:
        return _Reader(article).record()
    except InvalidRecord:
        raise
    except NormaliserError:
        raise
    except (ValueError, TypeError) as exc:  # a value the record refuses, e.g. an impossible date
        raise InvalidRecord(str(exc)) from None
