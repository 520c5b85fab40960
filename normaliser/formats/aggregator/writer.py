"""Writing: a Record flattened to the schema's values (the inverse of ``build._build``), written
as JSON Lines or a text dump."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import IO, Any, TypeVar

from marshmallow import ValidationError

from ... import langtags
from ...dates import ParsedDate
from ...errors import InvalidRecord, finite_json
from ...identifiers import is_url
from ...names import parse_list, pinyin
from ...pages import Pages
from ...pages import parse as parse_pages
from ...pages import statement as page_statement
from ...record import (
    STYLE_MARKS,
    Journal,
    Metric,
    Name,
    PartialDate,
    Prose,
    Record,
    Term,
    Text,
)
from ...text import has_han, is_null, squeeze
from .build import (
    _description,
    _latin_lang,
    _one_by_line,
    keyed_dates,
    keyed_ids_and_links,
    keyed_journal_ids,
    keyed_subjects,
    plain_date,
    with_elocation,
    with_listed,
    with_listed_dates,
    with_listed_links,
)
from .chunks import SECTION_LABELS
from .declarations import KEEPS
from .schema import (
    _DATE_SLOTS,
    _OPAQUE_ATTRS,
    _OPTIONAL_KEYS,
    _SCHEMA,
    _URL_KEYS,
    EXTRAS,
    LANGUAGES,
)

# --- Writing --------------------------------------------------------------------------------


def _flatten(record: Record) -> dict[str, Any]:
    """The schema's attribute values for ``record`` (the inverse of ``_build``)."""
    titles = list(record.titles)
    main = next((t for t in titles if t.variant == "original"), titles[0] if titles else None)
    other = next((t for t in titles if t is not main), None)
    abstracts = list(record.abstracts)
    main_abs = next((a for a in abstracts if a.lang == (main.lang if main else a.lang)), None)
    other_abs = next((a for a in abstracts if a is not main_abs), None)
    model = record.pub_model
    slots = _DATE_SLOTS.get(model, _DATE_SLOTS[None])
    remaining = list(record.dates)
    picked: list[PartialDate | ParsedDate | None] = []
    for kind in slots:
        entry = next((d for d in remaining if d.kind == kind), None)
        if entry is not None:
            remaining.remove(entry)
        if entry is not None and entry.season:  # written after the year: 2018 May-Aug
            picked.append(ParsedDate(entry.date, season=entry.season))
        else:
            picked.append(entry.date if entry else None)
    journal = record.journal or Journal()
    # An ISSN of no known kind is written as ISSN (the print one) and listed (``_listed``).
    issn = journal.identifier("issn-print") or journal.identifier("issn")
    metric = {m.name: m for m in reversed(record.metrics)}
    cas = metric.get("cas-zone")
    jcr = metric.get("jcr-quartile")
    count = next((m for m in record.metrics if m.name == "citation-count"), None)
    pdf = next((lk.url for lk in record.links if lk.kind in ("oa-pdf", "pdf")), None)
    landing = [lk.url for lk in record.links if lk.kind == "landing"]
    doi = record.identifier("doi")
    pmcid = next(
        (i.value for i in record.identifiers if i.scheme == "pmcid" and not i.derived_from), None
    )
    # A metric's category its key cannot give back is Metrics' alone (``_keyed_category``).
    cas_terms = [cas.category] if cas and cas.category and _keyed_category(cas) else []
    cas_terms += [s for s in record.subjects if s.vocabulary == "cas-category"]
    jcr_name = (
        jcr.category.labels[0].value if jcr and jcr.category and _keyed_category(jcr) else None
    )
    if jcr_name is None:
        jcr_name = next(
            (
                s.labels[0].value
                for s in record.subjects
                if s.vocabulary == "wos-category" and s.labels
            ),
            None,
        )
    by_line = _by_line(record)
    # An elocation id no page statement can be (``<``) is written under ElocationId alone;
    # pages that journal.pages would not give back as they are, under PageParts too.
    elocation = record.elocation_id if _statement(record.elocation_id) else None
    written = Pages(record.fpage, record.lpage, record.page_range, elocation)
    parts = (record.fpage, record.lpage, record.page_range)
    readable = _read_pages(written, None) is not None  # a range "<" would reject the record
    exact = not any(parts) or _read_pages(written, record.elocation_id) == parts
    flat: dict[str, Any] = {
        "title": main,
        "authors": tuple(names[-1] for names in by_line) or None,
        "doi": doi,
        "doi_url": next((lk.url for lk in record.links if lk.kind == "doi"), None),
        "url": landing[0] if landing else None,
        "abstract": main_abs,
        "periodical_id": journal.identifier("aggregator-journal-id"),
        "journal": {
            "name": journal.titles[0] if journal.titles else None,
            "volume": record.volume,
            "issue": record.issue,
            "pages": written
            if (record.fpage or record.page_range or elocation) and readable
            else None,
        },
        "impact_factor": _fitting(metric, "impact-factor"),
        "publication_date": picked[0],
        "publication_types": record.publication_types or None,
        "fields_of_study": tuple(
            s.labels[0].value
            for s in record.subjects
            if s.vocabulary == "field-of-study" and s.labels
        )
        or None,
        "is_open_access": record.open_access,
        "open_access_pdf": pdf,
        "citation_count": int(count.value) if count and count.value.isdigit() else None,
        "platform": record.provenance.platform if record.provenance else None,
        "paper_id": record.provenance.record_id if record.provenance else None,
        "periodical_name": journal.titles[-1] if journal.titles else None,
        "list_url_main": landing[1]
        if len(landing) > 1
        else (f"https://doi.org/{doi}" if doi else None),
        "region_num": _fitting(metric, "cas-zone"),
        "region_category": tuple(cas_terms) or None,
        "title_cn": other,
        "abstract_cn": other_abs,
        "pmcid": pmcid,
        "epub_date": picked[1],
        "pub_model": (Term("pub-model", model),) if model else None,
        "jcr": jcr.value if jcr else None,
        "jcr_name": jcr_name,
        "issn": issn,
        "eissn": journal.identifier("issn-electronic"),
        # (OtherDates, PeriodicalIds, OtherIds, OtherLinks, OtherSubjects: ``_listed``, once
        # the keys they complete are known)
        "other_dates": None,
        "periodical_ids": None,
        "other_ids": None,
        "other_links": None,
        "keyword_texts": record.keywords if _marked(record.keywords) else None,
        "affiliation_texts": None
        if all(_one_line(a) for a in record.affiliations)
        else record.affiliations,
        "metric_list": None if _plain_metrics(record) else record.metrics,
        "title_texts": None if _two_titles(titles, main, other) else record.titles,
        "journal_titles": journal.titles
        if len(journal.titles) > 1
        or any(t.variant != "original" or t.marks for t in journal.titles)
        else None,
        "elocation_id": record.elocation_id,
        "page_parts": None
        if exact
        else {k: v for k, v in zip(("first", "last", "range"), parts, strict=True) if v},
        "abstract_list": None if _two_abstracts(abstracts, main_abs, other_abs) else abstracts,
        "journal_descriptions": None
        if _plain_descriptions(journal.descriptions)
        else journal.descriptions,
        "other_subjects": None,
        "name_forms": None
        if _plain(record, by_line)
        else tuple(c.names for c in record.contributors),
    }
    for key, attr in _OPAQUE_ATTRS.items():
        flat[attr] = record.extras.get(key)
    _listed(record, flat)
    return flat


def _listed(record: Record, flat: dict[str, Any]) -> None:
    """The doi and date keys, and OtherIds, OtherLinks, PeriodicalIds, OtherDates and
    OtherSubjects: what the keys do not give back as the record has them, by the reader's own
    rules (``keyed_ids_and_links``, ``keyed_journal_ids``, ``keyed_dates``, ``keyed_subjects``,
    ``with_listed`` …). A DOI derived from a URL leaves the doi key empty (it reads back
    derived, not as the source's own: from its URL key again, or from OtherIds); the others are
    listed, or all of them when the keys' order (or a repeated one) would not come back
    otherwise (the date and subject keys are then left empty)."""
    first = next((i for i in record.identifiers if i.scheme == "doi"), None)
    if first is not None and first.derived_from:
        ids, _, _ = keyed_ids_and_links({**flat, "doi": None})
        if first in ids or all(i.scheme != "doi" for i in ids):  # (else OtherIds has it)
            flat["doi"] = None
    ids, links, _ = keyed_ids_and_links(flat)
    flat["other_ids"] = _listing(ids, record.identifiers, with_listed)
    flat["other_links"] = _listing(links, record.links, with_listed_links)
    wanted = record.journal.identifiers if record.journal else ()
    keyed = keyed_journal_ids({**flat, "periodical_ids": None})
    flat["periodical_ids"] = wanted or None
    for listed in (tuple(i for i in wanted if i not in keyed), wanted):
        back = keyed_journal_ids({**flat, "periodical_ids": listed})
        if with_listed(back, listed) == list(wanted):
            flat["periodical_ids"] = listed or None
            break
    # What the two date keys do not say: the other dates, and a label or history of theirs.
    # A date key that would not give its date back (a season in slash style) is left empty
    # (its label, history or end aside, which OtherDates adds).
    as_read = {attr: _as_read(flat, attr) for attr in _DATE_KEYS}
    plain = {plain_date(d) for d in record.dates}
    for attr in _DATE_KEYS:
        alone = {**flat, **{a: as_read[a] if a == attr else None for a in _DATE_KEYS}}
        if any(d not in plain for d in keyed_dates(alone)):
            flat[attr] = as_read[attr] = None
    dated = keyed_dates({**flat, **as_read})
    flat["other_dates"] = _listing(dated, record.dates, with_listed_dates)
    if with_listed_dates(dated, flat["other_dates"] or ()) != list(record.dates):
        # Their order would not come back: the date keys are left empty, OtherDates has all.
        flat.update(dict.fromkeys(_DATE_KEYS), other_dates=record.dates or None)
    subjects = record.subjects
    subjected = keyed_subjects(flat, record.metrics)
    listing = _listing(subjected, subjects, with_listed)
    if with_listed(subjected, listing or ()) != list(subjects):
        # The keys cannot give the subjects back (their order, a second label, a tag): they
        # say the quartile's and the zone's categories alone, and OtherSubjects all of them.
        metric = {m.name: m for m in reversed(record.metrics)}
        jcr, cas = metric.get("jcr-quartile"), metric.get("cas-zone")
        cas_category = cas.category if cas is not None and _keyed_category(cas) else None
        jcr_category = jcr.category if jcr is not None and _keyed_category(jcr) else None
        flat["fields_of_study"] = None
        flat["region_category"] = (cas_category,) if cas_category else None
        flat["jcr_name"] = jcr_category.labels[0].value if jcr_category else None
        listing = subjects or None
    flat["other_subjects"] = listing


#: The date keys, by schema attribute.
_DATE_KEYS = ("publication_date", "epub_date")


def _as_read(flat: dict[str, Any], attr: str) -> Any:
    """What the reader reads from the key of schema attribute ``attr`` as written from ``flat``
    (a date key in slash style holds no season)."""
    value = flat.get(attr)
    if value is None:
        return None
    field = _SCHEMA.fields[attr]
    try:
        return field.deserialize(field.serialize(attr, flat))
    except ValidationError:
        return None


_T = TypeVar("_T")


def _listing(
    keyed: list[_T], wanted: tuple[_T, ...], read: Callable[[list[_T], Sequence[_T]], list[_T]]
) -> tuple[_T, ...] | None:
    """What the list key (OtherIds, OtherLinks) holds so that the reader's ``read`` of what
    the keys gave and of it gives ``wanted``: the others, else all of them."""
    others = tuple(x for x in wanted if x not in keyed)
    if read(keyed, others) == list(wanted):
        return others or None
    return wanted or None


#: The metric values an aggregator key can hold as its own type (a number for PeriodicalIF, a
#: zone 1–4 for RegionNum); a value read from another format that does not fit (an impact
#: factor "Q1") is written verbatim, as a string, under the same key: read back, it is a
#: secondary value kept in extras with an ``unparsed`` warning, never a crash.
_METRIC_VALUES: dict[str, tuple[str, re.Pattern[str]]] = {
    "impact-factor": ("PeriodicalIF", re.compile(r"\d+(?:\.\d+)?")),
    "cas-zone": ("RegionNum", re.compile(r"[1-4]")),
}


def _fitting(metric: dict[str, Metric], name: str) -> str | None:
    """The value of metric ``name`` when its aggregator key can hold it as its own type."""
    value = metric[name].value if name in metric else None
    return value if value is not None and _METRIC_VALUES[name][1].fullmatch(value) else None


def _dump_dict(record: Record) -> dict[str, Any]:
    data: dict[str, Any] = _SCHEMA.dump(_flatten(record))
    metric = {m.name: m for m in reversed(record.metrics)}
    for name, (key, _) in _METRIC_VALUES.items():
        if name in metric and _fitting(metric, name) is None:
            data[key] = metric[name].value
    journal = data.get("journal") or {}
    if journal.get("issue") is None:
        journal.pop("issue", None)
    taken: dict[str, Any] = {}  # extras whose key the dump's own keys hold
    for key, value in record.extras.items():
        if key.startswith("journal."):
            if journal.get(key[len("journal.") :]) is None and not is_null(value):
                journal[key[len("journal.") :]] = value
            else:
                taken[key] = value
        elif key.startswith("dump:") or key in _OPAQUE_ATTRS:
            continue  # the dump's own sections, written again below; its opaque keys
        elif key in (EXTRAS, LANGUAGES):  # (ours, written below)
            taken[key] = value
        elif (
            data.get(key) is None
            and not is_null(value)  # a null, "", "N/A" means absent in a dump
            and not (key in _URL_KEYS and isinstance(value, str) and is_url(value))
        ):
            data[key] = value  # an unknown key, or a mapped one kept verbatim (secondary)
        else:
            taken[key] = value
    data[EXTRAS] = taken or None
    # Ours: the language tags the reader would not give (``langtags``), and the record's
    # language when it is not its title's.
    sections = {  # the Latin-script tag the reader gives each labelled section
        path: _latin_lang(_label(path), "\n".join(t.value for t in items), "und")
        for path, items in (("affiliations", record.affiliations), ("keywords", record.keywords))
    }
    tags = langtags.listed(
        record,
        "en",
        fixed={"publication_types.labels": "und"},
        within=KEEPS,
        latins=sections,
    )
    # The reader's: the language of the title key's text (the original title, else the first).
    titles = record.titles
    title = next((t for t in titles if t.variant == "original"), titles[0] if titles else None)
    guessed = langtags.guess(title, "en") if title else "und"
    if record.language != (guessed if guessed != "und" else None):
        tags[langtags.LANGUAGE] = record.language or "und"
    data[LANGUAGES] = tags or None
    for key in _OPTIONAL_KEYS:
        if data.get(key) is None:
            data.pop(key, None)
    # The aggregator's own key order.
    order = [f.data_key or name for name, f in _SCHEMA.fields.items()]
    return {k: data[k] for k in order if k in data} | {
        k: v for k, v in data.items() if k not in order
    }


def _read_pages(pages: Pages, elocation: str | None) -> tuple[str | None, ...] | None:
    """The first page, last page and range ``journal.pages`` gives back for ``pages``, beside
    ElocationId ``elocation``."""
    try:
        # (as fields.PagesField writes it)
        text = pages.elocation_id or pages.statement or page_statement(pages.first, pages.last)
        back = with_elocation(parse_pages(text), elocation) if text else None
    except InvalidRecord:
        return None
    return (back.first, back.last, back.statement) if back else None


def _statement(value: str | None) -> bool:
    """Whether ``value`` reads back from ``journal.pages``."""
    if not value:
        return False
    try:
        parse_pages(value)
    except InvalidRecord:
        return False
    return True


#: The metrics the dump's keys hold.
_METRICS = frozenset({"impact-factor", "jcr-quartile", "cas-zone", "citation-count"})


#: The values each metric key holds as they are (another is written verbatim, read as extras).
_METRIC_FORMS = {
    "impact-factor": r"(?:0|[1-9]\d*)(?:\.\d*[1-9])?",
    "cas-zone": r"[1-4]",
    "jcr-quartile": r"Q[1-4]",
    "citation-count": r"0|[1-9]\d*",
}


def _plain_metrics(record: Record) -> bool:
    """Whether the metric keys give the metrics back: one of each, no year, a category only
    for the JCR quartile and the CAS zone, a source only for the count (its platform)."""
    platform = record.provenance.platform if record.provenance else None
    names = [m.name for m in record.metrics]
    # A quartile or zone without a category would take the first subject its key's category
    # key (JCRName, RegionCategory) writes.
    vocabularies = {s.vocabulary for s in record.subjects}
    uncategorised = {"jcr-quartile": "wos-category", "cas-zone": "cas-category"}
    return len(names) == len(set(names)) and all(
        m.name in _METRICS
        and m.year is None
        and (m.category is not None or uncategorised.get(m.name) not in vocabularies)
        and (m.category is None or _keyed_category(m))
        and m.source == (platform if m.name == "citation-count" else None)
        and re.fullmatch(_METRIC_FORMS[m.name], m.value) is not None
        for m in record.metrics
    )


def _keyed_category(metric: Metric) -> bool:
    """Whether a metric's category comes back from its key: the JCR quartile's a Web of
    Science category named in English (JCRName), the CAS zone's a CAS category
    (RegionCategory)."""
    category = metric.category
    if metric.name == "jcr-quartile" and category is not None:
        return (
            category.vocabulary == "wos-category"
            and category.code is None
            and [(t.lang, t.variant, t.marks) for t in category.labels] == [("en", "original", ())]
        )
    return (
        metric.name == "cas-zone" and category is not None and category.vocabulary == "cas-category"
    )


def _two_titles(titles: list[Text], main: Text | None, other: Text | None) -> bool:
    """Whether ``title`` and ``TitleCN`` give the titles back: the original and a translation,
    in this order, with no mark HTML cannot say (a case-protected span, a subtitle's)."""
    if len(titles) > 2 or any(m.kind not in STYLE_MARKS for t in titles for m in t.marks):
        return False
    return (
        titles == [t for t in (main, other) if t is not None]
        and (main is None or main.variant == "original")
        and (other is None or other.variant == "translation")
    )


def _two_abstracts(abstracts: list[Prose], main: Prose | None, other: Prose | None) -> bool:
    """Whether ``abstract`` and ``AbstractTextCN`` give the abstracts back: at most two, the
    original first, of kind abstract, with no headings and no mark HTML cannot say."""
    if any(a.kind != "abstract" or a.headings for a in abstracts):
        return False  # (a heading of no known label would read back as text: 0: …)
    if any(m.kind == "nocase" for a in abstracts for p in a.paragraphs for m in p.marks):
        return False
    return (
        abstracts == [a for a in (main, other) if a is not None]
        and (main is None or main.variant == "original")
        and (other is None or other.variant == "translation")
    )


def _plain_descriptions(descriptions: tuple[Prose, ...]) -> bool:
    """Whether the journal-description sections give ``descriptions`` back as the reader reads
    them (``build._description``): paragraphs without marks or headings, of kind description,
    tagged as the reader tags them."""
    label = _label("journal-description")
    return all(
        _description(label, "\n".join(p.value for p in description.paragraphs)) == description
        for description in descriptions
    )


def _one_line(text: Text) -> bool:
    """Whether a text reads back from its line of a section: the original, unmarked, one line
    as the reader squeezes it (its language tag aside, which the language tags carry)."""
    return text.variant == "original" and not text.marks and squeeze(text.value) == text.value


def _marked(keywords: tuple[Text, ...]) -> bool:
    """Whether the keywords section would not give ``keywords`` back: a mark, a translation, a
    separator inside one, a tag the reader would not give."""
    latin = _latin_lang(_label("keywords"), "; ".join(k.value for k in keywords), "und")
    return any(
        k.marks
        or k.variant != "original"
        or re.search(r"[;；,，、]", k.value)
        or k.lang != langtags.guess(k, latin)
        for k in keywords
    )


def _plain(record: Record, by_line: list[tuple[Name, ...]]) -> bool:
    """Whether the by-line reads back as the record's names: each person's name parses as it
    is, with the pinyin the reader makes of a Han name beside it, or is a pair of the two; and
    the names joined parse as as many (two given names "0, A" read as one western name)."""
    for line in (0, -1):  # the authors line, the JSON's authors
        names = [written[line] for written in by_line]
        if names and parse_list(", ".join(n.display for n in names)) != names:
            return False
    if by_line and len(by_line[0]) == 2:  # the two lines pair up as the reader pairs them
        people = _one_by_line([w[-1] for w in by_line], [w[0] for w in by_line])
        if people is None or [tuple(p) for p in people] != [tuple(w) for w in by_line]:
            return False
    for person, written in zip(record.contributors, by_line, strict=True):
        if len(written) == 2:
            if person.names != written:
                return False
            continue
        [name] = written
        made = pinyin(name)
        if parse_list(name.display) != [name] or person.names != (name, *filter(None, [made])):
            return False
    return True


def _by_line(record: Record) -> list[tuple[Name, ...]]:
    """The names the dump writes for each author: (Han, romanised) when every author has both
    forms — the authors line gets the Han names, the JSON the romanised ones, as bilingual
    dumps do — else the main name alone, on both."""
    pairs = [c.names[:2] for c in record.contributors]
    if pairs and all(
        len(p) == 2 and has_han(p[0].display) and p[1].variant == "transliteration" for p in pairs
    ):
        return pairs
    return [c.names[:1] for c in record.contributors]


def _label(section: str) -> str:
    """The label a dump writes for ``section`` (``SECTION_LABELS``' first)."""
    label = SECTION_LABELS.write(section)
    assert label is not None
    return label


def write(records: Iterable[Record], out: IO[str], **options: Any) -> None:
    """Write records as a text dump: authors line, JSON line, then labelled sections for what
    the JSON has no key for (引用次数, 关键词, 作者单位, 期刊介绍)."""
    for record in records:
        data = _dump_dict(record)
        if data.get("authors"):
            out.write(", ".join(names[0].display for names in _by_line(record)) + "\n")
        out.write(finite_json(data, separators=(",", ":")) + "\n")
        count = next((m for m in record.metrics if m.name == "citation-count"), None)
        if count is not None and count.value.isdigit():  # (else Metrics holds it alone)
            out.write(f"{_label('citations')}: {count.value}\n")
        if record.keywords:
            keywords = "; ".join(k.value for k in record.keywords)
            out.write(f"{_label('keywords')}: {keywords}\n")
        if record.affiliations:
            affiliations = "".join(a.value + "\n" for a in record.affiliations)
            out.write(f"{_label('affiliations')}:\n{affiliations}")
        if record.journal and record.journal.descriptions:
            for description in record.journal.descriptions:
                out.write(
                    f"{_label('journal-description')}:\n"
                    + "".join(p.value + "\n" for p in description.paragraphs)
                )
