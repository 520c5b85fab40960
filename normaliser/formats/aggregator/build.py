"""The schema's converted values placed in a Record (the inverse of ``writer._flatten``), the
sections of a text dump applied."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any, TypeVar

from ... import langtags
from ...dates import ParsedDate
from ...errors import shown
from ...fields import note, term_label
from ...identifiers import doi_from_url, pmcid_from_url, same_doi
from ...names import japanese as names_japanese
from ...names import pair, parse_list, pinyin
from ...pages import Pages
from ...record import (
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
    Record,
    Term,
    Text,
)
from ...sections import starts_with_heading, structure
from ...text import (
    detect_lang,
    has_han,
    html_paragraphs,
    is_null,
    plain_key,
    prose,
    settle_scripts,
    squeeze,
    strip_illegal,
)
from .chunks import Chunk, _same_names
from .declarations import NAME
from .schema import _DATE_SLOTS, _SCHEMA, LANGUAGES, _collection

_T = TypeVar("_T")


def _one_by_line(
    json_names: Sequence[Name], line_names: Sequence[Name]
) -> list[tuple[Name, ...]] | None:
    """The same authors in two scripts (Han characters on one side, their pinyin on the other)
    as one person each, by-line order kept; None unless every name on each side pairs."""
    han_json = [bool(has_han(n.display)) for n in json_names]
    han_line = [bool(has_han(n.display)) for n in line_names]
    if len(json_names) != len(line_names) or not (
        (all(han_json) and not any(han_line)) or (all(han_line) and not any(han_json))
    ):
        return None
    han, latin = (json_names, line_names) if all(han_json) else (line_names, json_names)
    people = pair(han, latin)
    if len(people) != len(han) or any(len(p) < 2 for p in people):
        return None
    return people


def japanese_authors(flat: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
    """``flat`` with its ``authors`` read again as a Japanese record's (``names.japanese``: a
    kana title) when it is one: a kanji name kept whole unless the source cuts it (山田太郎,
    not 山/田太郎 with a made-up pinyin)."""
    titles = [t for t in (flat.get("title"), flat.get("title_cn")) if t is not None]
    raw = data.get("authors")
    if not flat.get("authors") or not isinstance(raw, str) or not names_japanese(None, titles):
        return flat
    return {**flat, "authors": tuple(parse_list(squeeze(strip_illegal(raw)[0]), japanese=True))}


def _build(
    flat: dict[str, Any],
    extras: dict[str, Any],
    chunk: Chunk | None,
    notes: list[Note],
    languages: Any = None,
) -> Record:
    """Place the schema's converted values in a Record (the inverse of ``_flatten``), with
    ``notes``: the list of what loading and building it repaired (``collect_notes``), and the
    tags of the ``Languages`` key (ours)."""
    platform = flat.get("platform")
    titles = [t for t in (flat.get("title"), flat.get("title_cn")) if t is not None]
    abstracts: list[Prose] = []
    for key in ("abstract", "abstract_cn"):
        value = flat.get(key)
        if value is not None:
            variant = "original" if key == "abstract" else "translation"
            abstracts.append(value if value.variant == variant else _revariant(value, variant))

    # Contributors: the JSON authors win; the authors line fills in or is checked against them.
    names: tuple[Name, ...] = flat.get("authors") or ()
    people: list[tuple[Name, ...]] | None = None
    line_names: tuple[Name, ...] = ()
    disagrees = False  # the authors line and the JSON authors, unless AuthorNames has both
    if chunk is not None and chunk.authors:
        authors_line, removed = strip_illegal(chunk.authors)
        if removed:
            note("repaired", "authors line", f"removed {removed} control characters")
        japanese = names_japanese(None, titles)
        line_names = (
            tuple(parse_list(authors_line, japanese=japanese)) if authors_line.strip() else ()
        )
        if not names:
            names = line_names
        elif not _same_names(line_names, names):
            people = _one_by_line(names, line_names)
            disagrees = people is None
    if people is None:
        # A Han-character name gets its pinyin (GB/T 28039) as a transliteration beside it.
        people = [(n,) if (p := pinyin(n)) is None else (n, p) for n in names]
    contributors = tuple(Contributor(names) for names in people)
    forms = flat.get("name_forms")  # ours: the names part by part, when the by-line is not
    written = [[p[0] for p in forms or ()], [p[-1] for p in forms or ()]]
    if forms and (
        len(forms) == len(contributors)
        or any(parse_list(", ".join(n.display for n in w)) == list(names) for w in written)
    ):
        contributors = tuple(Contributor(names) for names in forms)
        # (the authors line the writer writes: each person's first name, read as the line is)
        first_names = ", ".join(n.display for n in written[0])
        japanese = names_japanese(None, titles)
        disagrees = disagrees and parse_list(first_names, japanese=japanese) != list(line_names)
    elif forms:
        note("conflict", "AuthorNames", "AuthorNames names other people than authors; kept")
        extras["AuthorNames"] = [[n.display for n in p] for p in forms]
    if disagrees and chunk is not None:
        note(
            "conflict", "authors", "the authors line disagrees with the JSON authors; kept the JSON"
        )
        extras["dump:authors line"] = chunk.authors

    # Journal.
    journal = flat.get("journal") or {}
    jtitles: list[Text] = []
    for t in (journal.get("name"), flat.get("periodical_name")):
        if t is not None and not any(_same_text(t.value, j.value) for j in jtitles):
            jtitles.append(t)
    jids = with_listed(keyed_journal_ids(flat), flat.get("periodical_ids") or ())
    pages: Pages | None = journal.get("pages")
    elocation = flat.get("elocation_id")
    pages = with_elocation(pages, elocation)

    # Identifiers and links: a URL that only repeats the DOI is not stored twice.
    ids, links, said = keyed_ids_and_links(flat)
    links = with_listed_links(links, flat.get("other_links") or ())
    if flat.get("open_access_pdf") and flat.get("is_open_access") is False:
        note(
            "conflict",
            "isOpenAccess",
            "openAccessPdf is given while isOpenAccess is false; both kept as the source says",
        )
    for kind, key, message in said:  # (of the PMCID)
        note(kind, key, message)
    ids = with_listed(ids, flat.get("other_ids") or ())

    # Dates, by publication model.
    model_terms: tuple[Term, ...] = flat.get("pub_model") or ()
    model = model_terms[0].code if model_terms else None
    if model_terms and model is None:
        extras["PubModel"] = term_label(model_terms[0])
    dates = with_listed_dates(keyed_dates(flat), flat.get("other_dates") or ())

    # Subjects and metrics.
    metrics: list[Metric] = []
    if flat.get("impact_factor"):
        metrics.append(Metric("impact-factor", flat["impact_factor"]))
    jcr_category = _jcr_category(flat)
    cas: tuple[Term, ...] = flat.get("region_category") or ()
    if flat.get("jcr"):
        metrics.append(Metric("jcr-quartile", flat["jcr"], category=jcr_category))
    if flat.get("region_num"):
        metrics.append(Metric("cas-zone", flat["region_num"], category=cas[0] if cas else None))
    if flat.get("citation_count") is not None:
        metrics.append(Metric("citation-count", str(flat["citation_count"]), source=platform))

    # The dump's labelled sections.
    language = titles[0].lang if titles and titles[0].lang != "und" else None
    added = _Sections(abstracts, metrics, extras)
    if chunk is not None:
        _apply_sections(added, chunk, platform, language)

    keyword_texts = flat.get("keyword_texts")  # ours: the keywords with their marks and tags
    if keyword_texts:
        if added.keywords and [k.value for k in added.keywords] != [k.value for k in keyword_texts]:
            note("conflict", "Keywords", "the keywords section differs from Keywords; kept")
            extras["dump:keywords"] = [k.value for k in added.keywords]
        added.keywords[:] = keyword_texts
    if flat.get("affiliation_texts"):  # ours: the affiliations with their marks and variants
        added.affiliations[:] = flat["affiliation_texts"]
    # Ours: the titles, journal titles and metrics when the dump's keys would not give them.
    titles = list(flat.get("title_texts") or titles)
    jtitles = list(flat.get("journal_titles") or jtitles)
    if flat.get("metric_list"):
        metrics[:] = list(flat["metric_list"])
        # A value its key cannot hold (an impact factor "Q1") was written there verbatim too,
        # and read as an unparsed secondary value: Metrics has it.
        for attr, name in (
            ("impact_factor", "impact-factor"),
            ("region_num", "cas-zone"),
            ("jcr", "jcr-quartile"),
            ("citation_count", "citation-count"),
        ):
            key = _key_of(attr)  # the schema's data key (PeriodicalIF …), not spelt again
            if any(m.name == name and m.value == str(extras.get(key)) for m in metrics):
                del extras[key]
                notes[:] = [n for n in notes if n.field != key]
    subjects = with_listed(keyed_subjects(flat, metrics), flat.get("other_subjects") or ())
    if flat.get("abstract_list"):
        abstracts[:] = list(flat["abstract_list"])
    if flat.get("journal_descriptions"):  # ours: their marks and headings, the sections' text
        added.descriptions[:] = list(flat["journal_descriptions"])
    given = flat.get("page_parts")  # ours: the pages as they are, when journal.pages is not
    parts = {k: given.get(k) for k in ("first", "last", "range")} if given else None
    record = Record(
        titles=tuple(titles),
        contributors=contributors,
        abstracts=tuple(abstracts),
        keywords=tuple(added.keywords),
        affiliations=tuple(added.affiliations),
        journal=Journal(
            titles=tuple(jtitles),
            identifiers=tuple(jids),
            descriptions=tuple(added.descriptions),
        )
        if jtitles or jids or added.descriptions
        else None,
        volume=journal.get("volume"),
        issue=journal.get("issue"),
        fpage=parts["first"] if parts is not None else pages.first if pages else None,
        lpage=parts["last"] if parts is not None else pages.last if pages else None,
        page_range=parts["range"] if parts is not None else pages.statement if pages else None,
        elocation_id=elocation or (pages.elocation_id if pages else None),
        dates=tuple(dates),
        pub_model=model,
        identifiers=tuple(ids),
        links=tuple(links),
        open_access=flat.get("is_open_access"),
        publication_types=flat.get("publication_types") or (),
        subjects=tuple(subjects),
        metrics=tuple(metrics),
        language=language,
        provenance=Provenance(NAME, platform, flat.get("paper_id")),
        extras=extras,
        notes=tuple(notes),
    )
    settled: Record
    settled, warning = settle_scripts(record)
    if warning:
        note("language", "_record", warning)
        settled = replace(settled, notes=tuple(notes))
    return _languages(settled, languages)


def _languages(record: Record, raw: Any) -> Record:
    """``record`` with the tags of its ``Languages`` key ``raw`` (``langtags``) put back; what
    names no text of it is kept in extras, with a warning."""
    if raw is None:
        return record
    if not isinstance(raw, dict):
        message = f"{shown(str(raw))} is no object of language tags: kept in extras"
        extras = {**record.extras, LANGUAGES: raw}
        return replace(
            record, extras=extras, notes=(*record.notes, Note("unparsed", LANGUAGES, message))
        )
    tags, bad = langtags.parse(raw)
    back, missed = langtags.applied(record, tags)
    if not bad and not missed:
        return back
    message = f"{shown('; '.join(bad + missed))} name no text: kept in extras"
    return replace(
        back,
        extras={**back.extras, LANGUAGES: raw},
        notes=(*back.notes, Note("unparsed", LANGUAGES, message)),
    )


def with_elocation(pages: Pages | None, elocation: str | None) -> Pages | None:
    """``journal.pages`` beside ElocationId (ours): a numeric elocation id reads as a first
    page (611), which is the elocation id when ElocationId says so."""
    if elocation and pages and not pages.last and pages.first in (elocation, elocation.lstrip("0")):
        return Pages(None, None, None, elocation)
    return pages


def keyed_journal_ids(flat: dict[str, Any]) -> list[Identifier]:
    """The journal identifiers the dump's keys give (PeriodicalId, ISSN, eISSN); an ISSN that
    PeriodicalIds (ours) lists as of no known kind is not the print one."""
    listed: tuple[Identifier, ...] = flat.get("periodical_ids") or ()
    jids = []
    if flat.get("periodical_id"):
        jids.append(Identifier("aggregator-journal-id", flat["periodical_id"]))
    for attr, scheme in (("issn", "issn-print"), ("eissn", "issn-electronic")):
        if flat.get(attr) and Identifier("issn", flat[attr]) not in listed:
            jids.append(Identifier(scheme, flat[attr]))
    return jids


def _jcr_category(flat: dict[str, Any]) -> Term | None:
    name = flat.get("jcr_name")
    return Term("wos-category", None, (Text(name, "en"),)) if name else None


def keyed_subjects(flat: dict[str, Any], metrics: Sequence[Metric]) -> list[Term]:
    """The subjects the dump's keys give (not OtherSubjects), beside the record's ``metrics``:
    JCRName's and RegionCategory's categories, but for the one a quartile or zone holds, then
    fieldsOfStudy's."""
    jcr_category = _jcr_category(flat)
    cas: tuple[Term, ...] = flat.get("region_category") or ()
    held = {(m.name, m.category) for m in metrics if m.category is not None}
    subjects = [jcr_category] if jcr_category and ("jcr-quartile", jcr_category) not in held else []
    subjects.extend(cas[1:] if cas and ("cas-zone", cas[0]) in held else cas)
    for label in flat.get("fields_of_study") or ():
        lang, _ = detect_lang(label, "en")
        subjects.append(Term("field-of-study", None, (Text(label, lang),)))
    return subjects


def keyed_dates(flat: dict[str, Any]) -> list[Dated]:
    """The dates publicationDate and EPubDate give, of the kinds the publication model says."""
    model_terms: tuple[Term, ...] = flat.get("pub_model") or ()
    model = model_terms[0].code if model_terms else None
    slots = _DATE_SLOTS.get(model, _DATE_SLOTS[None])
    dates: list[Dated] = []
    for key, kind in (("publication_date", slots[0]), ("epub_date", slots[1])):
        parsed: ParsedDate | PartialDate | None = flat.get(key)
        if parsed is None:
            continue
        if isinstance(parsed, PartialDate):  # (as the writer has it)
            parsed = ParsedDate(parsed)
        date = _collection(parsed.date) if kind == "collection" else parsed.date
        entry = Dated(kind, date, season=parsed.season if date.month is None else None)
        if entry not in dates:
            dates.append(entry)
    return dates


def keyed_ids_and_links(
    flat: dict[str, Any],
) -> tuple[list[Identifier], list[Link], list[tuple[str, str, str]]]:
    """The identifiers and links the dump's own keys give (doi, PMCID and the URL keys; not
    OtherIds and OtherLinks), and what is to be said of them (kind, key, message). The writer
    asks the same of what it writes, to know what OtherIds and OtherLinks must add."""
    said: list[tuple[str, str, str]] = []
    ids: list[Identifier] = []
    doi = flat.get("doi")
    url_dois = {  # the DOI each URL names, looked for once
        url: doi_from_url(url)
        for key in ("url", "list_url_main", "doi_url", "open_access_pdf")
        if (url := flat.get(key))
    }
    for key in ("doi_url", "list_url_main", "url"):
        url = flat.get(key)
        found = url_dois[url] if url else None
        if found and doi is None:
            doi = found
            ids.append(Identifier("doi", found, derived_from=_key_of(key)))
    if flat.get("doi"):
        ids.insert(0, Identifier("doi", flat["doi"]))
    links: list[Link] = []
    for key, kind in (
        ("url", "landing"),
        ("list_url_main", "landing"),
        ("doi_url", "doi"),
        ("open_access_pdf", "oa-pdf"),
    ):
        url = flat.get(key)
        if not url:
            continue
        found = url_dois[url]
        if found and doi and same_doi(found, doi):
            continue
        if all(link.url != url for link in links):
            links.append(Link(url, kind))
    pmcid = flat.get("pmcid")
    if pmcid:
        ids.append(Identifier("pmcid", pmcid))
    for key in ("open_access_pdf", "url", "list_url_main"):
        url = flat.get(key)
        derived = pmcid_from_url(url) if url else None
        if derived and not pmcid:
            pmcid = derived
            ids.append(Identifier("pmcid", derived, derived_from=_key_of(key)))
            said.append(("derived", "PMCID", f"{derived} derived from {_key_of(key)}"))
        elif derived and derived != pmcid:
            said.append(
                ("conflict", "PMCID", f"{_key_of(key)} names {derived}, PMCID says {pmcid}")
            )
    return ids, links, said


def with_listed(
    keyed: list[_T], listed: Sequence[_T], completes: Callable[[_T, _T], bool] | None = None
) -> list[_T]:
    """The record's items of one kind: those the keys gave, each replaced by the item of the
    list key (ours: OtherIds, OtherLinks, PeriodicalIds, OtherDates, OtherSubjects) that
    ``completes`` it (a link's kind, a date's label or history), then the list's others (a
    repeated one repeated); or the list alone when it names an item the keys gave (the writer
    lists them all when the keys' order would not come back otherwise)."""
    if any(k in listed for k in keyed):
        return list(listed)
    items = list(keyed)
    for other in listed:
        at = (
            next((n for n, k in enumerate(items) if k != other and completes(k, other)), None)
            if completes is not None
            else None
        )
        if at is not None and other not in items:
            items[at] = other
        else:
            items.append(other)
    return items


def with_listed_links(links: list[Link], listed: Sequence[Link]) -> list[Link]:
    """``with_listed`` of links: OtherLinks gives a URL the keys gave its kind."""
    return with_listed(links, listed, lambda link, other: link.url == other.url)


def with_listed_dates(dates: list[Dated], listed: Sequence[Dated]) -> list[Dated]:
    """``with_listed`` of dates: OtherDates gives a date the keys gave its label or history (a
    date given twice is the source's, kept twice)."""
    return with_listed(dates, listed, lambda date, other: date == plain_date(other))


def plain_date(date: Dated) -> Dated:
    """A date as the date keys give it: without its label, history or end."""
    return Dated(date.kind, date.date, season=date.season)


def _key_of(attr: str) -> str:
    return _SCHEMA.fields[attr].data_key or attr


def _revariant(value: Prose, variant: str) -> Prose:
    return value.with_paragraphs(
        tuple(Text(p.value, p.lang, variant, p.marks) for p in value.paragraphs)
    )


@dataclass
class _Sections:
    """What a dump's labelled sections add to the parts its JSON gave (those lists grow in
    place): abstracts, metrics, extras; and keywords, affiliations, journal descriptions."""

    abstracts: list[Prose]
    metrics: list[Metric]
    extras: dict[str, Any]
    keywords: list[Text] = field(default_factory=list)
    affiliations: list[Text] = field(default_factory=list)
    descriptions: list[Prose] = field(default_factory=list)


def _apply_sections(
    parts: _Sections, chunk: Chunk, platform: str | None, language: str | None
) -> None:
    """Fold the dump's labelled sections into the record's parts; nothing in them is dropped."""
    extras, abstracts, metrics = parts.extras, parts.abstracts, parts.metrics
    # The JSON's own count (a second count section is compared with it, not with the first).
    current = next((m for m in metrics if m.name == "citation-count"), None)
    main_lang = language or "und"
    for code, label, lines in chunk.sections:
        body, removed = "\n".join(lines), 0
        # A line holds no line break: when each is printable, none holds an illegal character
        # (none is printable), and the joined text needs no scan.
        if not all(map(str.isprintable, lines)):
            body, removed = strip_illegal(body)
        if removed:
            note("repaired", label, f"removed {removed} control characters")
        body = body.strip()
        if not body:
            continue
        if code == "citations":
            value = body.replace(",", "").strip()
            if is_null(value):
                continue
            if not value.isdigit():
                note("conflict", label, f"{shown(body)} is not a count; kept in extras")
                extras[f"dump:{label}"] = body
                continue
            if current is None:
                metrics.append(Metric("citation-count", value, source=platform))
            elif current.value != value:
                note(
                    "conflict",
                    label,
                    f"{label} says {value}, citationCount says {current.value}; both kept",
                )
                metrics.append(Metric("citation-count", value, source=f"dump:{label}"))
        elif code == "abstract":
            # What ``prose`` would hold; most dumps repeat the JSON abstract here, which is then
            # told from the paragraphs' text alone (``structure`` leaves paragraphs that start
            # with no heading as they are), without building the Prose, tagging or structuring.
            paras = html_paragraphs(body.replace("\n", "\n\n"))
            if not paras:
                continue
            if not any(starts_with_heading(value) for value, _ in paras) and any(
                _same_text("\n\n".join(value for value, _ in paras), a.text) for a in abstracts
            ):
                continue
            lang = detect_lang(body, _latin_lang(label, body, main_lang))[0]
            variant = "original" if lang.split("-")[0] == main_lang.split("-")[0] else "translation"
            text = structure(Prose(tuple(Text(v, lang, variant, m) for v, m in paras), "abstract"))
            if _repeats(text, abstracts):
                continue
            if any(a.lang.split("-")[0] == lang.split("-")[0] for a in abstracts):
                note(
                    "conflict",
                    label,
                    f"the {label} section differs from the JSON abstract; kept in extras",
                )
                extras[f"dump:{label}"] = body
            else:
                abstracts.append(text)
        elif code == "journal-description":
            description = _description(label, body)
            if description is not None:
                parts.descriptions.append(description)
        elif code == "keywords":
            latin = _latin_lang(label, body, "und")
            separators = r"\s*[;；]\s*" if re.search(r"[;；]", body) else r"\s*[,，、]\s*"
            for word in re.split(separators, squeeze(body)):
                word = word.strip().rstrip(".。")
                if word:
                    lang, _ = detect_lang(word, latin)
                    parts.keywords.append(Text(word, lang))
        elif code == "affiliations":
            latin = _latin_lang(label, body, "und")
            for line in body.split("\n"):
                line = squeeze(line)
                if line:
                    lang, _ = detect_lang(line, latin)
                    parts.affiliations.append(Text(line, lang))
    if chunk.unlabelled:
        extras["dump:unlabelled"] = "\n".join(chunk.unlabelled)


@lru_cache(maxsize=256)
def _description(label: str, body: str) -> Prose | None:
    """A journal description section as Prose. A dump repeats its journal's description on every
    record of that journal, so each text is cleaned once (Prose is immutable: sharing is safe)."""
    language = detect_lang(body, _latin_lang(label, body, "und"))[0]
    return prose(body.replace("\n", "\n\n"), language, kind="description")


def _repeats(text: Prose, abstracts: Sequence[Prose]) -> bool:
    """Whether an abstract section says what one of the JSON's abstracts says."""
    return any(_same_text(text.text, abstract.text) for abstract in abstracts)


def _same_text(one: str, other: str) -> bool:
    """``plain_key(one) == plain_key(other)``, cheapest tests first: texts that are equal, or
    differ only in their white space (a paragraph break against a space), have equal keys."""
    return (
        one == other
        # Texts of paragraphs (squeezed, joined by a blank line) whose only difference is a
        # paragraph break against a space: replacing white space by white space keeps the words.
        or one.replace("\n\n", " ") == other.replace("\n\n", " ")
        or " ".join(one.split()) == " ".join(other.split())
        or plain_key(one) == plain_key(other)
    )


_ENGLISH = frozenset(
    [
        "the",
        "of",
        "and",
        "in",
        "is",
        "to",
        "a",
        "for",
        "with",
        "on",
        "by",
        "as",
        "are",
        "this",
        "that",
        "from",
        "an",
        "be",
        "we",
    ]
)


def _latin_lang(label: str, body: str, fallback: str) -> str:
    """The language of the Latin-script text of one dump section, decided for the whole section:
    English under an English label (Keywords:, Affiliations:) or when the section's function
    words say so; else ``fallback`` (never blindly English)."""
    if label.isascii():
        return "en"
    words = re.findall(r"[A-Za-z]+", body.lower())
    if words and sum(map(_ENGLISH.__contains__, words)) >= max(1, len(words) // 20):
        return "en"
    return fallback
