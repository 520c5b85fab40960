"""Writing BibLaTeX: every special character escaped, marks as ``\\textbf``,
``\\textsuperscript``…, Han names braced, a bilingual record as a GB/T 7714 pair grouped by
an ``@set``.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterable, Iterator
from typing import IO, Any

from ... import dates, langtags, languages, pages
from ...declare import TEXTS
from ...identifiers import is_url
from ...names import LONGEST_HAN_NAME, format_name, parse_name, pinyin, split_han
from ...record import (
    Contributor,
    Dated,
    Identifier,
    Journal,
    Link,
    Name,
    PartialDate,
    Record,
    Text,
    subtitles,
    texts,
)
from ...sections import written as with_headings
from ...sources import Source
from ...text import has_han
from . import latex
from .declarations import (
    _ARTICLES,
    _DATE_FIELDS,
    _DEGREE_TYPES,
    _EDITOR_TYPES,
    _EPRINT_TYPES,
    _FIELD_NAME,
    _IN_BOOK,
    _ISSN_FIELDS,
    _KEY_UNSAFE,
    _LINK_FIELDS,
    _NAME_FIELD_NAMES,
    _NAME_FIELDS,
    _ORIGINALS,
    _OTHER_EDITORS,
    _PER_LANGUAGE,
    _ROMANISED,
    ENTRY_TYPES,
    EXTRAS_FIELD,
    FIELDS,
    KEEPS,
    NAME,
    SIMPLE,
    TYPE_KEY,
)
from .entry import _latin
from .keys import _ascii, _Keys, _take_keys, citation_key
from .reader import read


def _english(texts: Iterable[Text]) -> Text | None:
    return next((t for t in texts if t.variant == "translation" and t.script_lang == "en"), None)


def _gbt7714_2025(out: list[str], record: Record) -> None:
    """GB/T 7714-2025's bilingual fields in a Chinese record's own entry: its English title
    and journal title, and its authors' romanised names when it has an English translation or
    a romanisation the reader would not make itself (the pinyin of a Han name it makes)."""
    title = _english(record.titles)
    journal = _english(record.journal.titles) if record.journal else None
    if title is not None:
        _field(out, "title_translation_en", latex.encode(title))
    if journal is not None:
        _field(out, "journal_translation_en", latex.encode(journal))
    authors = [c for c in record.contributors if c.role == "author"]
    if not any(has_han(c.names[0].display) for c in authors):
        # A Latin by-line with Han forms behind it (Zhou, Yu-Han beside 周宇涵): the Han forms,
        # one for each author (a name without one as it is).
        hans = [next((n for n in c.names[1:] if has_han(n.display)), None) for c in authors]
        if any(hans):
            _field(
                out,
                _ORIGINALS,
                " and ".join(
                    _name_out(h or c.names[0]) for h, c in zip(hans, authors, strict=True)
                ),
            )
        return
    made = [c.names[1:2] == tuple(filter(None, [pinyin(c.names[0])])) for c in authors]
    if title is None and journal is None and all(made):
        return
    _field(
        out,
        _ROMANISED,
        " and ".join(format_name(_romanised(c), "bibtex", latex.escape) for c in authors),
    )


def _romanised(person: Contributor) -> Name:
    """A person's Latin-script form: its romanisation, else its own name."""
    return next((n for n in person.names if not has_han(n.display)), person.names[0])


def _own_key(record: Record) -> str | None:
    prov = record.provenance
    if prov is None or prov.format != NAME or not prov.record_id:
        return None
    key = prov.record_id
    return None if _KEY_UNSAFE.search(key) else key


def _written(path: str) -> str:
    """The field ``FIELDS`` writes ``path`` as."""
    key = FIELDS.written(path)
    assert key is not None, path
    return key


def _field(out: list[str], name: str, value: str | None) -> None:
    if value:
        out.append(f"  {name} = {{{value}}},\n")


def _names_out(contributors: Iterable[Contributor], pick: int) -> str:
    return " and ".join(
        _name_out(c.names[pick] if pick < len(c.names) else c.names[0]) for c in contributors
    )


def _name_out(name: Name) -> str:
    """A BibTeX name (``names.format_name``), but a Han name the reader would split otherwise
    (a Japanese ``宮地 元彦``) braced part by part, and a short Han name the source never split
    (``欧阳明远``) double-braced, which the reader keeps whole."""
    esc = latex.escape
    if name.literal and has_han(name.literal) and len(name.literal) <= LONGEST_HAN_NAME:
        return "{{" + esc(name.literal) + "}}"
    literal = name.literal or ""
    if name.style == "given-only" and " " in literal and not has_han(literal):
        return "{{" + esc(literal) + "}}"  # a body's name, given-only (a JATS collab)
    family, given = name.family or "", name.given or ""
    eastern = name.style == "eastern" and family and given and has_han(family)
    japanese = name.lang.split("-", 1)[0] == "ja"  # its reader keeps an unbraced run whole
    if eastern and (japanese or split_han(family + given) != (family, given)):
        return "{" + esc(family) + "} {" + esc(given) + "}"
    written = format_name(name, "bibtex", esc)
    if family and given and written == f"{esc(family)}, {esc(given)}":
        parsed = parse_name(f"{family}, {given}")
        if (parsed.family, parsed.given) != (family, given):  # Souza, Ana Paula de
            return f"{esc(family)}, {{{esc(given)}}}"
    return written


def _date_out(date: PartialDate | None) -> str | None:
    return date.iso() if date else None


def _join(texts: Iterable[Text]) -> str | None:
    items = [latex.encode(t) for t in texts]
    return " and ".join("{" + i + "}" if re.search(r"\s+and\s+", i) else i for i in items) or None


def _entries(record: Record, keys: _Keys) -> list[str]:
    """The entries of one record: one, or for a bilingual record the original, one entry per
    translation language and the ``@set`` that pairs them (biblatex-gb7714-2015)."""

    def original(texts: Iterable[Text]) -> list[Text]:
        return [t for t in texts if t.variant != "translation"]

    translation_langs: list[str] = []
    for text in _all_texts(record):
        if text.variant == "translation" and text.lang not in translation_langs:
            translation_langs.append(text.lang)
    wanted = _own_key(record) or citation_key(record)
    suffixes = [_ascii(lang).lower() or "tr" for lang in translation_langs]
    key, *members = _take_keys(keys, wanted, suffixes)
    out = [_entry(record, key, original, 0, translation=None)]
    if not translation_langs:
        return out
    set_key = members.pop()
    for lang, member in zip(translation_langs, members, strict=True):

        def only(texts: Iterable[Text], lang: str = lang) -> list[Text]:
            return [t for t in texts if t.variant == "translation" and t.lang == lang]

        out.append(_entry(record, member, only, 1, translation=lang))
    out.append(f"@set{{{set_key},\n  entryset = {{{','.join([key, *members])}}},\n}}\n")
    tags = _pair_langids(record, out)
    if tags:
        out[0] = out[0][: -len("}\n")] + f"  langids = {{{tags}}},\n}}\n"
    return out


def _pair_langids(record: Record, entries: list[str]) -> str | None:
    """The ``langids`` of a bilingual record: the tags the reader, regrouping the pair's texts,
    gives otherwise, named where the regrouped record holds each text (``langtags.differing``),
    when putting them back gives the record's tags."""
    text = "".join(e + "\n" for e in entries)
    back = next(
        (r for r in read(Source(NAME, io.BytesIO(text.encode("utf-8")))) if isinstance(r, Record)),
        None,
    )
    if back is None:
        return None
    tags = langtags.differing(record, back, within=KEEPS)
    _, missed = langtags.applied(back, tags)
    if not tags or missed:
        return None
    return latex.escape("; ".join(f"{k}={v}" for k, v in tags.items()))


#: descriptions (BibTeX has no field for them) and vocabulary labels (written by code).
_NOT_PER_LANGUAGE = ("affiliations", "contributors.", "journal.descriptions.")


def _all_texts(record: Record) -> Iterator[Text]:
    """Every Text of ``record`` the writer writes one entry per language of (any new Text
    field included unless listed in ``_NOT_PER_LANGUAGE``)."""
    for path, text in texts(record):
        if not path.startswith(_NOT_PER_LANGUAGE) and not path.endswith(".labels"):
            yield text


def _entry(
    record: Record,
    key: str,
    pick: Any,
    name_form: int,
    translation: str | None,
) -> str:
    esc = latex.escape
    code = record.publication_types[0].code if record.publication_types else None
    kind = ENTRY_TYPES.write(code or "") or "misc"
    stored = record.extras.get(TYPE_KEY)
    if isinstance(stored, str) and (ENTRY_TYPES.read(stored) or "other") == (code or "other"):
        kind = stored
    degree = record.degree
    level = degree.level.code if degree and degree.level else None
    if kind == "thesis" and level in ("doctoral", "masters") and TYPE_KEY not in record.extras:
        kind = "phdthesis" if level == "doctoral" else "mastersthesis"
    out: list[str] = [f"@{kind}{{{key},\n"]

    titles = pick(record.titles)
    language = record.language if translation is None else translation
    if language:
        _field(out, "langid", languages.spell(language, "langid"))
    if code == "newspaper-article" and kind == "article":
        _field(out, "entrysubtype", "newspaper")
    for role, field_name in _NAME_FIELDS:
        people = [c for c in record.contributors if c.role == role]
        value = _names_out(people, name_form)
        if value and record.extras.get(f"{field_name}.others") is True:
            value += " and others"
        _field(out, field_name, value)
    supervisors = [c for c in record.contributors if c.role == "supervisor"]
    if supervisors:
        _field(out, "editora", _names_out(supervisors, name_form))
        _field(out, "editoratype", _EDITOR_TYPES.write("supervisor"))
    # Other roles (a contributor, a senior editor): biblatex's editorb and editorc, each with
    # its type.
    named = {r for r, _ in _NAME_FIELDS} | {"supervisor"}
    roles = list(dict.fromkeys(c.role for c in record.contributors if c.role not in named))
    for slot, role in zip(_OTHER_EDITORS, roles, strict=False):  # a third: lost
        holding = [c for c in record.contributors if c.role == role]
        _field(out, slot, _names_out(holding, name_form))
        _field(out, f"{slot}type", esc(role))
    default = "original" if translation is None else "translation"
    for n, title in enumerate(titles, 1):  # a second title (an alternative, a romanisation)
        name = "title" if n == 1 else f"title{n}"
        head, subs = subtitles(title)
        if n == 1 and len(subs) == 1:  # biblatex's subtitle: one, of the entry's title
            _field(out, name, latex.encode(head))
            _field(out, "subtitle", latex.encode(subs[0]))
        else:
            _field(out, name, latex.encode(title))
        if n > 1 and title.variant != default:
            _field(out, f"{name}type", title.variant)
    if translation is None:
        _gbt7714_2025(out, record)
    # Each abstract of the entry's language: ``abstract``, then ``abstract2`` … (a teaser, a
    # graphical abstract), each of a kind other than an abstract with its ``abstract2type``.
    abstracts = [a for a in record.abstracts if pick(a.paragraphs[:1])]
    for n, abstract in enumerate(abstracts, 1):
        name = "abstract" if n == 1 else f"abstract{n}"
        _field(out, name, " \\par ".join(latex.encode(p) for p in with_headings(abstract)))
        if abstract.kind != "abstract":
            _field(out, f"{name}type", esc(abstract.kind))
    keywords = pick(record.keywords)
    if keywords:
        separator = "; " if any("," in k.value or "，" in k.value for k in keywords) else ", "
        # A keyword holding a separator of either list is braced: 糖尿病，2型 stays one.
        _field(
            out,
            "keywords",
            separator.join(
                "{" + latex.encode(k) + "}" if re.search(r"[;；，]", k.value) else latex.encode(k)
                for k in keywords
            ),
        )

    journal = record.journal
    if journal is not None:
        jtitles = pick(journal.titles)
        container = "booktitle" if kind in _IN_BOOK else "journaltitle"
        for n, jtitle in enumerate(jtitles, 1):  # a parallel title: journaltitle2 …
            _field(out, container if n == 1 else f"{container}{n}", latex.encode(jtitle))
        _field(out, _written("journal.abbreviations"), _join(pick(journal.abbreviations)))
        _journal_ids_out(out, journal)
    if record.conference is not None:
        _field(out, _written("conference.names"), _join(pick(record.conference.names)))
        _field(out, _written("conference.places"), _join(pick(record.conference.places)))
        if translation is None:
            end = record.conference.end
            start = _date_out(record.conference.date)
            _field(out, "eventdate", f"{start}/{end.iso()}" if start and end else start)
    # One publisher field: a journal's publisher reads back as such for articles, a
    # publisher of its own for everything else.
    journal_publishers = list(journal.publishers) if journal else []
    own = list(record.publisher.names) if record.publisher else []
    firsts = journal_publishers + own if code in _ARTICLES else own + journal_publishers
    publishers = [t for i, t in enumerate(firsts) if t.value not in {u.value for u in firsts[:i]}]
    _field(out, _written("journal.publishers"), _join(pick(publishers)))
    if code not in _ARTICLES and journal_publishers and not own and pick(journal_publishers):
        _field(out, "publishertype", "journal")  # else read as the record's own publisher
    if record.publisher is not None:
        _field(out, _written("publisher.places"), _join(pick(record.publisher.places)))
    if degree is not None:
        _field(out, _written("degree.grantors"), _join(pick(degree.grantors)))
        if level and kind == "thesis":
            stored_type = record.extras.get("type")
            _field(
                out,
                "type",
                esc(stored_type) if isinstance(stored_type, str) else _DEGREE_TYPES.write(level),
            )

    for f in SIMPLE:  # series, edition, pagetotal, volume …, walked from their declarations
        value = getattr(record, f.path)
        _field(out, f.key, _join(pick(value)) if f.kind == TEXTS else esc(value) if value else None)
    numbers = [i for i in record.identifiers if i.scheme in ("patent-number", "standard-number")]
    if numbers:
        _field(out, "number", esc(numbers[0].value))
    else:
        _field(out, "number", esc(record.issue) if record.issue else None)
    statement = record.page_range or (
        pages.statement(record.fpage, record.lpage) if record.fpage else None
    )
    if statement:
        _field(out, "pages", "--".join(esc(part) for part in statement.split("-")))
    _field(out, "eid", esc(record.elocation_id) if record.elocation_id else None)
    published = dates.publication_dated(record)
    _field(out, "date", _date_out(published.date if published else None))
    if published is not None and published.season and published.date.month is None:
        _field(out, "issue", esc(published.season))  # biblatex: an issue named by its season
    if translation is None:
        _dates_out(out, record, published)

    for identifier in record.identifiers:
        if identifier.scheme == "doi":
            _field(out, "doi", _verbatim_out(identifier.value))
            break
    isbns = [i.value for i in record.identifiers if i.scheme == "isbn"]
    _field(out, "isbn", esc(", ".join(isbns)))
    for scheme in _EPRINT_TYPES.codes:
        eprint = record.identifier(scheme)
        if eprint:
            _field(out, "eprint", _verbatim_out(eprint))
            _field(out, "eprinttype", _EPRINT_TYPES.write(scheme))
            break
    pmcid = next(
        (i.value for i in record.identifiers if i.scheme == "pmcid" and not i.derived_from), None
    )
    _field(out, "pmcid", _verbatim_out(pmcid) if pmcid else None)
    # The identifiers of no field of their own (a publisher's id, an OAI id …): scheme:value.
    listed = [latex.escape(f"{i.scheme}:{i.value}") for i in record.identifiers if _other_id(i)]
    _field(out, "otherids", " and ".join(f"{{{o}}}" if " and " in o else o for o in listed))
    # Identifiers derived from another field of the source (a PMCID from an open-access PDF's
    # link, a DOI from a link): scheme:value (from field).
    derived = [
        latex.escape(f"{i.scheme}:{i.value} (from {i.derived_from})")
        for i in record.identifiers
        if i.derived_from
    ]
    _field(out, "derivedids", " and ".join(f"{{{d}}}" if " and " in d else d for d in derived))
    _links_out(out, record.links)

    types = [t for t in record.publication_types]
    # One type with no entry type of its own (a review, a preprint: @misc) is said too.
    unnamed = types and types[0].code not in (*ENTRY_TYPES.codes, "other")
    if len(types) > 1 or unnamed:
        labels = [t.code or t.labels[0].value for t in types]
        _field(out, "publication-types", esc("; ".join(labels)))

    written = {m.group(1) for m in re.finditer(r"^  ([\w\-:.+]+) = ", "".join(out), re.MULTILINE)}
    packed: dict[str, Any] = {}
    for name, value in record.extras.items():
        others = name.endswith(".others") and name.split(".")[0] in _NAME_FIELD_NAMES
        if name == TYPE_KEY or others:
            continue
        if name == "type" and kind == "thesis":
            continue
        if (
            isinstance(value, str)
            and value.strip()
            and _FIELD_NAME.match(name)
            and name not in written
            and name not in _KNOWN_FIELDS
            and not _PER_LANGUAGE.match(name)
            and latex.plain(latex.escape(value))[0] == value  # reads back as it is
        ):
            _field(out, name, esc(value))
            written.add(name)
        else:
            packed[name] = value
    if translation is None and not any(t.variant == "translation" for t in _all_texts(record)):
        # (A bilingual record's entries carry each language in their own langid; its texts
        # are regrouped on reading, so that a position would name another text.)
        _langids_out(out, record)
    if packed and translation is None:
        _field(out, EXTRAS_FIELD, esc(json.dumps(packed, ensure_ascii=False, sort_keys=True)))
    out.append("}\n")
    return "".join(out)


#: Fields the writer writes from the record (an extra of such a name is packed, so that it does
#: not read back as the field); a thesis type of no thesis is the source's own, written back.
_KNOWN_FIELDS = frozenset(f.key for f in FIELDS if f.path) - {"type"}


#: Identifier schemes written in fields of their own (the first of each: doi, an eprint, a
#: pmcid, a patent's or standard's number; every isbn).
_OWN_FIELDS = frozenset({"doi", "isbn", "pmcid", "patent-number", "standard-number"})


def _other_id(identifier: Identifier) -> bool:
    """Whether ``identifier`` goes to ``otherids``: a scheme of no field (a derived one, said
    by the link it comes from, is not written)."""
    own = _OWN_FIELDS | set(_EPRINT_TYPES.codes)
    return identifier.scheme not in own and identifier.derived_from is None


def _langids_out(out: list[str], record: Record) -> None:
    """The language tags the reader would not give (``langtags``): an ``und`` journal title in
    a record of no language, a ``zh`` keyword without its script, the record's ``zh`` itself
    (``chinese`` reads back with the title's script)."""
    # A publication type's label (publication-types) is tagged by its script alone.
    latins = {"publication_types.labels": "und"}
    tags = langtags.listed(record, _latin(record.language), within=KEEPS, latins=latins)
    language = record.language
    if (
        language and languages.parse(languages.spell(language, "langid") or "") != language
    ) or language == "zh":
        tags[langtags.LANGUAGE] = language
    _field(out, "langids", latex.escape("; ".join(f"{k}={v}" for k, v in tags.items())))


def _links_out(out: list[str], links: Iterable[Link]) -> None:
    """The landing page (else the first link, its kind in ``urltype``) in ``url``, every other
    link in the field of its kind (``pdfurl``, ``oapdfurl``; a second of one kind ``pdfurl2``)."""
    links = list(links)
    urls = [lk for lk in links if is_url(lk.url)]  # a relative link (x.pdf) is no url
    first = next((lk for lk in urls if lk.kind == "landing"), urls[0] if urls else None)
    if first is not None:
        _field(out, "url", _verbatim_out(first.url))
        if first.kind != "landing":
            _field(out, "urltype", latex.escape(first.kind))
    counted: dict[str, int] = {}
    for link in links:
        if link is first or link.kind not in _LINK_FIELDS:
            continue
        stem = f"{_LINK_FIELDS[link.kind]}url"
        counted[stem] = n = counted.get(stem, 0) + 1
        _field(out, stem + (str(n) if n > 1 else ""), _verbatim_out(link.url))


def _journal_ids_out(out: list[str], journal: Journal) -> None:
    """The journal's identifiers: ISSNs as Web of Science's exports write them (``issn``, the
    print ISSN when ``issntype = {print}`` says so; ``eissn``), the linking ISSN in ``issnl``,
    the others (an NLM title abbreviation, a CN serial number) as ``scheme:value`` items of
    ``journalids``."""
    ids = journal.identifiers
    _field(out, "issn", ", ".join(i.value for i in ids if i.scheme in ("issn", "issn-print")))
    if any(i.scheme == "issn-print" for i in ids):
        _field(out, "issntype", "print")
    for key, scheme in _ISSN_FIELDS.items():
        _field(out, key, ", ".join(i.value for i in ids if i.scheme == scheme))
    others = [
        latex.escape(f"{i.scheme}:{i.value}")
        for i in ids
        if i.scheme not in ("issn", "issn-print", *_ISSN_FIELDS.values())
    ]
    others = [f"{{{o}}}" if re.search(r"\s+and\s+", o) else o for o in others]
    _field(out, "journalids", " and ".join(others))


def _dates_out(out: list[str], record: Record, published: Dated | None) -> None:
    """The record's dates beside ``date``: its kind when it is not the published date
    (``datetype = {epub}``), every other date in the field of its kind (``receiveddate``,
    ``epubdate``; a second of one kind ``epubdate2``), each with its label and history."""
    if published is not None:
        if published.kind != "published":
            _field(out, "datetype", published.kind)
        _date_notes(out, "date", published)
    counted: dict[str, int] = {}
    for dated in record.dates:
        if dated is published:
            continue
        stem = "date" if dated.kind == "published" else f"{_DATE_FIELDS[dated.kind]}date"
        counted[stem] = n = counted.get(stem, 0) + 1
        name = stem + (str(n + 1) if stem == "date" else str(n) if n > 1 else "")
        value = dates.written(dated.date, dated.season)
        _field(out, name, f"{value}/{dated.end.iso()}" if dated.end else value)
        _date_notes(out, name, dated)


def _date_notes(out: list[str], name: str, dated: Dated) -> None:
    if dated.label:
        _field(out, f"{name}label", latex.escape(dated.label))
    if dated.history is not None:
        _field(out, f"{name}history", "true" if dated.history else "false")


def _verbatim_out(value: str) -> str:
    """A verbatim field (url, doi): braces cannot be balanced-escaped there, so they are
    percent-encoded; everything else is written as it is."""
    return value.replace("{", "%7B").replace("}", "%7D").replace("\\", "%5C")


def write(records: Iterable[Record], out: IO[str], **options: Any) -> None:
    """Write records as a BibLaTeX file, UTF-8, every entry followed by a blank line (so that
    the entries of records written one by one, as ``--jobs`` does, join into the same file).
    Citation keys are made unique within one call (``unique_keys`` does it for entries written
    record by record)."""
    keys = _Keys()
    for record in records:
        for entry in _entries(record, keys):
            out.write(entry)
            out.write("\n")
