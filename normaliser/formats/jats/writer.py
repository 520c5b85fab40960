"""Writing JATS: a Record as an ``<article>`` front matter (``to_element``), streamed into a
document with its DOCTYPE (``write``), each article validated.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from typing import IO, Any

from ... import vocab, xmlio
from ...errors import InvalidRecord, NormaliserError, UsageError
from ...identifiers import normalise_pmcid
from ...names import han_person
from ...record import (
    UND,
    Contributor,
    Dated,
    Identifier,
    Journal,
    Metric,
    Name,
    Record,
    Term,
    Text,
)
from .declarations import (
    _ARTICLE_TYPES,
    _CATEGORY_META,
    _DATE_TYPES,
    _ELEMENT,
    _FREE,
    _ID_TYPES,
    _ISSN_FORMATS,
    _META,
    _PMC_ID_TYPES,
    _PUBLICATION_FORMATS,
    ALI_NS,
    ALT_TITLES_KEY,
    ARTICLE_ID_KEY,
    ARTICLE_TYPE_KEY,
    NSMAP,
    STRING_NAMES_KEY,
    TITLE_NOTES_KEY,
    XLINK,
)
from .dtd import DOCTYPES, validate_article
from .inline import _inline, _prose_body, _tagged, _titled, _variant_attr


def _article_type(record: Record) -> str | None:
    """The article-type to write: the source's (from extras) when JATS gave one the publication
    type does not say, else the one of the first publication-type code."""
    kept = record.extras.get(ARTICLE_TYPE_KEY)
    if isinstance(kept, str) and kept.strip() and " " not in kept.strip():
        return kept.strip()
    codes = [t.code for t in record.publication_types if t.code]
    return _ARTICLE_TYPES.write(codes[0]) if codes else None


class _Writer:
    def __init__(self, record: Record, version: str, tagset: str) -> None:
        self.r = record
        self.version = version
        self.tagset = tagset
        self.lang = record.language
        self.meta: list[tuple[str, str, dict[str, str]]] = []
        spelt = record.extras.get(STRING_NAMES_KEY)
        #: The source's string-names not yet written (STRING_NAMES_KEY), each used once.
        self.string_names = (
            [v for v in spelt if isinstance(v, str)] if isinstance(spelt, list) else []
        )

    def build(self) -> Any:
        r = self.r
        article = xmlio.new("article", nsmap=NSMAP)
        article.set("dtd-version", self.version)
        xmlio.set_lang(article, self.lang or UND)
        article_type = _article_type(r)
        if article_type:
            article.set("article-type", article_type)
        front = xmlio.sub(article, "front")
        if r.journal is not None:
            self.journal_meta(front, r.journal)
        elif self.tagset == "publishing":
            raise InvalidRecord(
                "JATS Publishing needs journal-meta: the record has no journal", field="journal"
            )
        self.article_meta(xmlio.sub(front, "article-meta"))
        return article

    def journal_meta(self, front: Any, journal: Journal) -> None:
        meta = xmlio.sub(front, "journal-meta")
        issns = [
            i for i in journal.identifiers if i.scheme in ("issn-print", "issn-electronic", "issn")
        ]
        others = [
            i
            for i in journal.identifiers
            if i.scheme not in ("issn-print", "issn-electronic", "issn", "issn-l")
        ]
        if self.tagset == "publishing":
            missing = [what for what, have in (("journal-id", others), ("ISSN", issns)) if not have]
            if missing:
                raise InvalidRecord(
                    f"JATS Publishing needs at least one {' and one '.join(missing)} in "
                    "journal-meta; the record has none (write Archiving, the default, instead)",
                    field="journal",
                )
        for ident in others:
            el = xmlio.sub(meta, "journal-id", ident.value, {"journal-id-type": ident.scheme})
            if ident.derived_from:
                el.set("specific-use", f"derived-from:{ident.derived_from}")
        if journal.titles or journal.abbreviations:
            group = xmlio.sub(meta, "journal-title-group")
            _tagged(group, _ELEMENT["journal.titles"], journal.titles)
            _tagged(group, _ELEMENT["journal.abbreviations"], journal.abbreviations)
        linking = [i for i in journal.identifiers if i.scheme == "issn-l"]
        # JATS has one issn-l; any before the last are issns marked as linking.
        for ident in issns + linking[:-1]:
            el = xmlio.sub(meta, "issn", ident.value)
            fmt = _ISSN_FORMATS.write(ident.scheme)
            if fmt:
                el.set("publication-format", fmt)
            if ident.scheme == "issn-l":
                el.set("specific-use", "issn-l")
            elif ident.derived_from:
                el.set("specific-use", f"derived-from:{ident.derived_from}")
        if linking:
            xmlio.sub(meta, "issn-l", linking[-1].value)
        if journal.publishers:
            _tagged(
                xmlio.sub(meta, "publisher"), _ELEMENT["journal.publishers"], journal.publishers
            )
        for description in journal.descriptions:
            notes = xmlio.sub(meta, "notes", None, {"notes-type": f"journal-{description.kind}"})
            xmlio.set_lang(notes, description.lang)
            _variant_attr(notes, description.variant, "original")
            _prose_body(notes, description)

    def article_meta(self, meta: Any) -> None:
        r = self.r
        for ident in r.identifiers:
            spelt = self.spelt(ident)
            if spelt is not None:
                el = xmlio.sub(meta, "article-id", spelt[1], {"pub-id-type": spelt[0]})
            elif ident.scheme in _ID_TYPES:
                el = xmlio.sub(meta, "article-id", ident.value, {"pub-id-type": ident.scheme})
            else:
                el = xmlio.sub(
                    meta,
                    "article-id",
                    ident.value,
                    {"pub-id-type": "custom", "custom-type": ident.scheme},
                )
            if ident.derived_from:
                el.set("specific-use", f"derived-from:{ident.derived_from}")
        self.categories(meta)
        self.titles(meta)
        if r.contributors:
            group = xmlio.sub(meta, "contrib-group")
            for contributor in r.contributors:
                self.contrib(group, contributor)
        _tagged(meta, _ELEMENT["affiliations"], r.affiliations)
        for dated in r.dates:
            if not dated.in_history:
                self.date(meta, "pub-date", dated)
        if r.volume:
            xmlio.sub(meta, _ELEMENT["volume"], r.volume)
        if r.series:  # one volume-series, the first; the others in custom-meta series
            _tagged(meta, _ELEMENT["series"], r.series[:1])
        if r.issue:
            xmlio.sub(meta, _ELEMENT["issue"], r.issue)
        pages = bool(r.fpage or r.page_range)
        if r.fpage:
            xmlio.sub(meta, _ELEMENT["fpage"], r.fpage)
            if r.lpage:
                xmlio.sub(meta, _ELEMENT["lpage"], r.lpage)
        elif r.lpage:
            self.meta.append((_META["lpage"], r.lpage, {}))
        if r.page_range:
            if r.fpage:
                xmlio.sub(meta, _ELEMENT["page_range"], r.page_range)
            else:  # Publishing allows page-range only after fpage: keep it in custom-meta
                self.meta.append((_META["page_range"], r.page_range, {}))
        if r.elocation_id:
            if pages:
                self.meta.append((_META["elocation_id"], r.elocation_id, {}))
            else:
                xmlio.sub(meta, _ELEMENT["elocation_id"], r.elocation_id)
        history = [d for d in r.dates if d.in_history]
        if history:
            el = xmlio.sub(meta, "history")
            for dated in history:
                self.date(el, "date", dated)
        if r.license:
            permissions = xmlio.sub(meta, "permissions")
            license_ = xmlio.sub(permissions, "license")
            license_.set(f"{XLINK}href", r.license)
            xmlio.sub(license_, f"{{{ALI_NS}}}license_ref", r.license)
        for link in r.links:
            el = xmlio.sub(meta, "self-uri")
            el.set(f"{XLINK}href", link.url)
            if link.kind == "oa-pdf":
                el.set("content-type", "pdf")
                # Never "open-access" beside the flag open-access false (two claims): a PDF
                # readable without payment of an article that is not open access.
                el.set("specific-use", "open-access" if r.open_access is not False else _FREE)
            elif link.kind != "landing":
                el.set("content-type", link.kind)
        self.abstracts(meta)
        self.keywords(meta)
        self.conference(meta)
        if self.r.page_count and self.r.page_count.isdigit():  # count is a number (NMTOKEN)
            xmlio.sub(xmlio.sub(meta, "counts"), "page-count", None, {"count": self.r.page_count})
        elif self.r.page_count:  # xii+186: no number, kept in custom-meta
            self.meta.append((_META["page_count"], self.r.page_count, {}))
        if self.r.edition:  # article front matter has no edition element
            self.meta.append((_META["edition"], self.r.edition, {}))
        self.custom_meta(meta)

    def categories(self, meta: Any) -> None:
        r = self.r
        terms = [("publication-type", t) for t in r.publication_types]
        terms += [(t.vocabulary, t) for t in r.subjects]
        if not terms:
            return
        categories = xmlio.sub(meta, "article-categories")
        for group_type, term in terms:
            self.term(categories, group_type, term)

    def term(self, parent: Any, group_type: str, term: Term) -> None:
        """A vocabulary term as a subj-group: a code as ``vocab-term`` (the English label as
        text); verbatim labels one subj-group each (a language each), the later ones marked as
        alternate labels of the same term."""
        if term.code:
            group = xmlio.sub(parent, "subj-group", None, {"subj-group-type": group_type})
            english = vocab.label(term.vocabulary, term.code, "en") or term.code
            xmlio.sub(
                group, "subject", english, {"vocab": term.vocabulary, "vocab-term": term.code}
            )
            return
        for i, label in enumerate(term.labels):
            group = xmlio.sub(parent, "subj-group", None, {"subj-group-type": group_type})
            xmlio.set_lang(group, label.lang)
            use = [
                u for u in ("alternate-label" if i else "", label.variant) if u and u != "original"
            ]
            if use:
                group.set("specific-use", ":".join(use))
            _inline(xmlio.sub(group, "subject", None, {"vocab": term.vocabulary}), label)

    def titles(self, meta: Any) -> None:
        r = self.r
        if not r.titles:
            if self.version == "1.4" or self.tagset == "publishing":
                # title-group is required by Publishing; an empty article-title says "no title".
                xmlio.sub(xmlio.sub(meta, "title-group"), "article-title", "")
            return
        if self.version == "1.4":
            for i, title in enumerate(r.titles):
                group = xmlio.sub(meta, "title-group")
                xmlio.set_lang(group, title.lang)
                group.set("lang-variant", title.variant)
                if i == 0:
                    group.set("lang-focus", "primary")
                el = _titled(group, "article-title", "subtitle", title)
                if i == 0:
                    self.title_notes(el)
                    self.alt_titles(group)
            return
        group = xmlio.sub(meta, "title-group")
        main, *others = r.titles
        if main.variant == "original":
            # Always explicit: an inherited language is checked against the script on reading.
            el = _titled(group, "article-title", "subtitle", main, **{xmlio.LANG: main.lang})
        else:
            # 1.3 cannot mark a main title as a translation: the article-title stays empty
            # ("no title in the original language") and every title is a trans-title.
            el = xmlio.sub(group, "article-title", "")
            others = list(r.titles)
        noted = main.variant != "original"
        if not noted:
            self.title_notes(el)
        for title in others:
            trans = xmlio.sub(group, "trans-title-group")
            xmlio.set_lang(trans, title.lang)
            _variant_attr(trans, title.variant, "translation")
            trans_title = _titled(trans, "trans-title", "trans-subtitle", title)
            if noted:
                self.title_notes(trans_title)
                noted = False
        self.alt_titles(group)

    def spelt(self, ident: Identifier) -> tuple[str, str] | None:
        """The source's pub-id-type and value of a PMC id it spelled otherwise (PMC's ``pmc``,
        ``9871204``), while the record still has that id (``ARTICLE_ID_KEY``)."""
        entries = self.r.extras.get(ARTICLE_ID_KEY)
        if ident.scheme != "pmcid" or not isinstance(entries, list):
            return None
        for entry in entries:
            if not isinstance(entry, dict) or entry.get("of") != ident.value:
                continue
            kind, value = entry.get("pub-id-type"), entry.get("value")
            if kind in _PMC_ID_TYPES and isinstance(value, str) and value.strip():
                with contextlib.suppress(InvalidRecord):
                    if normalise_pmcid(value) == ident.value:
                        return kind, value
        return None

    def title_notes(self, title: Any) -> None:
        """The source's title footnotes (a funding statement, a dedication), as ``fn`` at the
        end of the first title written: read back as notes, never as title text."""
        notes = self.r.extras.get(TITLE_NOTES_KEY)
        for note in notes if isinstance(notes, list) else []:
            if isinstance(note, str) and note.strip():
                xmlio.sub(xmlio.sub(title, "fn"), "p", note)

    def alt_titles(self, group: Any) -> None:
        """The source's alt-titles (running head, short title), as they came."""
        entries = self.r.extras.get(ALT_TITLES_KEY)
        for entry in entries if isinstance(entries, list) else []:
            if not isinstance(entry, dict) or not isinstance(entry.get("value"), str):
                continue
            attrib = {}
            if isinstance(entry.get("type"), str):
                attrib["alt-title-type"] = entry["type"]
            if isinstance(entry.get("lang"), str):
                attrib[xmlio.LANG] = entry["lang"]
            xmlio.sub(group, "alt-title", entry["value"], attrib)

    def contrib(self, group: Any, contributor: Contributor) -> None:
        el = xmlio.sub(group, "contrib", None, {"contrib-type": contributor.role})
        if contributor.corresponding:
            el.set("corresp", "yes")
        if contributor.orcid:
            xmlio.sub(
                el,
                "contrib-id",
                f"https://orcid.org/{contributor.orcid}",
                {"contrib-id-type": "orcid"},
            )
        holder = el if len(contributor.names) == 1 else xmlio.sub(el, "name-alternatives")
        for name in contributor.names:
            self.name(holder, name)
        _tagged(el, "aff", contributor.affiliations)

    def name(self, parent: Any, name: Name) -> None:
        attrib = {"name-style": name.style}
        if name.lang != UND:
            attrib[xmlio.LANG] = name.lang
        if name.variant != "original":
            attrib["specific-use"] = name.variant
        if name.literal:
            xmlio.sub(parent, "string-name", name.literal, attrib)
            return
        if spelt := self.spelt_name(name):
            xmlio.sub(parent, "string-name", spelt, attrib)
            return
        el = xmlio.sub(parent, "name", None, attrib)
        if name.family:
            xmlio.sub(el, "surname", name.family)
        if name.given:
            xmlio.sub(el, "given-names", name.given)

    def spelt_name(self, name: Name) -> str | None:
        """The source's string-name of a Chinese name it gave unsplit (欧阳明远), while the
        record's parts still spell it (``STRING_NAMES_KEY``); each is written once."""
        if not (self.string_names and name.family and name.given):
            return None
        for i, spelt in enumerate(self.string_names):
            # The reader's own split of it (names.han_person), so each side has one rule.
            parsed = han_person(spelt)
            if parsed is not None and (parsed.family, parsed.given) == (name.family, name.given):
                return self.string_names.pop(i)
        return None

    def date(self, parent: Any, tag: str, dated: Dated) -> None:
        """A pub-date or history date with its type as the source named it (``Dated.label``),
        else as JATS 1.3 names its kind."""
        el = xmlio.sub(parent, tag)
        label = dated.label or ""
        if label.startswith("pub-type:"):  # a history date has no pub-type: its date-type
            el.set("pub-type" if tag == "pub-date" else "date-type", label[len("pub-type:") :])
        else:
            fmt = _PUBLICATION_FORMATS.write(dated.kind)
            if fmt:
                el.set("publication-format", fmt)
            el.set("date-type", label or _DATE_TYPES.get(dated.kind, dated.kind))
        d = dated.date
        el.set("iso-8601-date", d.iso())
        if dated.season:
            xmlio.sub(el, "season", dated.season)
        if d.day:
            xmlio.sub(el, "day", f"{d.day:02d}")
        if d.month:
            xmlio.sub(el, "month", f"{d.month:02d}")
        xmlio.sub(el, "year", f"{d.year:04d}")

    def abstracts(self, meta: Any) -> None:
        for abstract in self.r.abstracts:
            if self.version == "1.4":
                el = xmlio.sub(meta, "abstract")
                xmlio.set_lang(el, abstract.lang)
                el.set("lang-variant", abstract.variant)
            elif abstract.variant == "original":
                el = xmlio.sub(meta, "abstract")
                xmlio.set_lang(el, abstract.lang)
            else:
                el = xmlio.sub(meta, "trans-abstract")
                xmlio.set_lang(el, abstract.lang)
                _variant_attr(el, abstract.variant, "translation")
            if abstract.kind != "abstract":
                el.set("abstract-type", abstract.kind)
            _prose_body(el, abstract)

    def keywords(self, meta: Any) -> None:
        group: Any = None
        key: tuple[str, str] | None = None
        for keyword in self.r.keywords:
            if (keyword.lang, keyword.variant) != key:
                key = (keyword.lang, keyword.variant)
                group = xmlio.sub(meta, "kwd-group")
                xmlio.set_lang(group, keyword.lang)
                _variant_attr(group, keyword.variant, "original")
            _inline(xmlio.sub(group, _ELEMENT["keywords"]), keyword)

    def conference(self, meta: Any) -> None:
        conference = self.r.conference
        if conference is None:
            return
        el = xmlio.sub(meta, "conference")
        if conference.date is not None:
            iso = conference.date.iso()
            if conference.end is not None:  # an ISO 8601 interval: first/last day
                iso += "/" + conference.end.iso()
            xmlio.sub(el, _ELEMENT["conference.date"], iso, {"iso-8601-date": iso})
        _tagged(el, _ELEMENT["conference.names"], conference.names)
        _tagged(el, _ELEMENT["conference.places"], conference.places)

    def field_entries(self) -> list[tuple[str, str | Text, dict[str, str]]]:
        """custom-meta entries for a thesis's degree, a book's publisher, its other series."""
        r = self.r
        entries: list[tuple[str, str | Text, dict[str, str]]] = []
        texts: list[tuple[str, Text]] = []
        if r.degree is not None:
            level = r.degree.level
            if level is not None and level.code:
                label = vocab.label(level.vocabulary, level.code) or level.code
                entries.append(
                    ("degree", label, {"vocab": level.vocabulary, "vocab-term": level.code})
                )
            elif level is not None:
                texts += [("degree", t) for t in level.labels]
            texts += [(_META["degree.grantors"], t) for t in r.degree.grantors]
        if r.publisher is not None:
            texts += [(_META["publisher.names"], t) for t in r.publisher.names]
            texts += [(_META["publisher.places"], t) for t in r.publisher.places]
        texts += [(_META["series"], t) for t in r.series[1:]]
        for name, text in texts:
            attrib = {xmlio.LANG: text.lang}
            if text.variant != "original":
                attrib["specific-use"] = text.variant
            # A series title keeps its marks (meta-value takes inline markup).
            entries.append((name, text if name == _META["series"] else text.value, attrib))
        return entries

    def custom_meta(self, meta: Any) -> None:
        r = self.r
        entries = list(self.meta) + self.field_entries()
        for metric in r.metrics:
            entries.append((metric.name, metric.value, {"specific-use": "metric"}))
            if metric.year is not None:
                entries.append((f"{metric.name}-year", str(metric.year), {}))
            if metric.source is not None:
                entries.append((f"{metric.name}-source", metric.source, {}))
            if metric.category is not None:
                entries.extend(self.category_entries(metric))
        if r.pub_model:
            entries.append((_META["pub_model"], r.pub_model, {}))
        if r.open_access is not None:
            entries.append((_META["open_access"], "true" if r.open_access else "false", {}))
        if not entries:
            return
        group = xmlio.sub(meta, "custom-meta-group")
        for name, value, attrib in entries:
            el = xmlio.sub(group, "custom-meta", None, attrib)
            xmlio.sub(el, "meta-name", name)
            if isinstance(value, Text):
                _inline(xmlio.sub(el, "meta-value"), value)
            else:
                xmlio.sub(el, "meta-value", value)

    @staticmethod
    def category_entries(metric: Metric) -> list[tuple[str, str, dict[str, str]]]:
        term = metric.category
        assert term is not None
        name = _CATEGORY_META.write(metric.name) or f"{metric.name}-category"
        if term.code:
            labels = vocab.labels(term.vocabulary, term.code) or {UND: term.code}
            return [
                (
                    name,
                    label,
                    {
                        xmlio.LANG: lang,
                        "vocab": term.vocabulary,
                        "vocab-term": term.code,
                    },
                )
                for lang, label in labels.items()
            ]
        return [
            (
                name,
                label.value,
                {
                    xmlio.LANG: label.lang,
                    "vocab": term.vocabulary,
                    **({"specific-use": label.variant} if label.variant != "original" else {}),
                },
            )
            for label in term.labels
        ]


def to_element(record: Record, *, version: str = "1.3", tagset: str = "archiving") -> Any:
    """The ``<article>`` element of ``record``; raises ``InvalidRecord`` when the tag set asks
    for what the record does not have (Publishing without an ISSN)."""
    if (version, tagset) not in DOCTYPES:
        raise UsageError(f"JATS {version} {tagset} is not a tag set this writer knows")
    try:
        return _Writer(record, version, tagset).build()
    except ValueError as exc:  # lxml refuses characters XML cannot carry
        raise InvalidRecord(f"a value XML cannot carry: {exc}") from None


def write(
    records: Iterable[Record],
    out: IO[str],
    *,
    version: str = "1.3",
    tagset: str = "archiving",
    validate: bool = True,
    on_error: Callable[[Record, NormaliserError], None] | None = None,
    **options: Any,
) -> None:
    """Write one ``<article>`` document per record; several records are wrapped in
    ``<articles>`` (no DOCTYPE), each article validated on its own.

    A record the tag set cannot carry raises ``InvalidRecord`` (an invalid article,
    ``InvalidOutput``), or is handed to ``on_error`` and left out when that is given.
    """
    if (version, tagset) not in DOCTYPES:
        raise UsageError(f"JATS {version} {tagset} is not a tag set this writer knows")
    public, system, _ = DOCTYPES[(version, tagset)]

    def build(record: Record) -> Any:
        article = to_element(record, version=version, tagset=tagset)
        if validate:
            validate_article(article, version, tagset)
        return article

    # Several articles are streamed one at a time inside <articles>, each valid on its own.
    xmlio.write_documents(
        records,
        build,
        out,
        wrapper="articles",
        doctype=f'<!DOCTYPE article PUBLIC "{public}" "{system}">',
        on_error=on_error,
    )
