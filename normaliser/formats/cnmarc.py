"""CNMARC: the UNIMARC-based format of Chinese library catalogues (GB/T 33286-2016), written as
ISO 2709 (format ``cnmarc``) or as XML (``cnmarcxml``), and read back from either.

A record is written as its fields (``fields_of``) and read from them (``from_fields``). The simple
leaves are declared in ``FIELDS`` (tag and subfield, kind, language-bound): the crosswalk document
is made from them, and those of a field of their own outside ``CODE_TAGS`` (``table().simple``: 010,
017, 330, 606, 610, 690, 856) are written and read from their declaration alone (``marcio.Table``;
``_written`` ⇄ ``_read`` say what a kind means here). What does not fit one subfield is a named pair
in this file: the record label, 100 and 105 (``_type_code``, ``_general`` ⇄ ``from_fields``), the
title (200/510: ``_title_fields`` ⇄ ``_titles_from``), persons (701/702: ``_person`` ⇄
``_contributor_from``), the host item (463 with embedded fields: ``_host`` ⇄ ``_host_from``), the
thesis (328/712: ``_thesis`` ⇄ ``_degree_from``).

Pinyin: NLC practice (the default, ``pinyin="9"``) puts the pinyin of a title or a name in
``$9`` after its ``$a`` (one syllable per character, lower case, spaced); CALIS/Aleph practice
(``pinyin="upper"``) in the upper-case twin of the subfield (``$A`` after ``$a``, ``$F`` after
``$f``), syllables capitalised. Both are read; a person's pinyin becomes the romanised form of
their name, never a second person.

The ISO 2709 and XML ends are ``normaliser.marcio``'s (shared with MARC 21), with Leader/09
blank (``iso2709`` ⇄ ``from_iso2709``, ``_xml`` ⇄ ``marcio.from_marcxml``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import datetime, timezone
from typing import IO, Any

from .. import languages, marcio, names, sniffs
from ..crosswalk import CASE, EXACT, Crosswalk
from ..dates import publication_date
from ..declare import CODE, DATE, IDENTIFIER, PROSE, STRING, TEXT, URL, Field, Fields
from ..errors import InvalidRecord, NormaliserError, UsageError
from ..pages import parse as parse_pages
from ..record import (
    DATE_KINDS,
    UND,
    Contributor,
    Dated,
    Degree,
    Identifier,
    Journal,
    Link,
    Name,
    PartialDate,
    Prose,
    Provenance,
    Publisher,
    Record,
    Reject,
    Term,
    Text,
    catalogue,
)
from ..sources import Source
from ..text import detect_lang, has_han, settle_scripts

NAME = "cnmarc"

#: How sure (0–100) that a document starts in this format (light: ``normaliser.sniffs``).
sniff = sniffs.cnmarc

#: The pinyin conventions a writer chooses between (``--cnmarc-pinyin``).
PINYIN = ("9", "upper")

# --- The MARC record (``normaliser.marcio``: shared with MARC 21) ----------------------------

MarcRecord = marcio.MarcRecord
DataField = marcio.DataField
ControlField = marcio.ControlField


def _one(marc: MarcRecord, tag: str) -> DataField | None:
    """The first data field ``tag``."""
    return next(iter(marc.data(tag)), None)


def _data(marc: MarcRecord) -> list[DataField]:
    return [f for f in marc.fields if isinstance(f, DataField)]


# --- Declarations ----------------------------------------------------------------------------

#: The simple leaves: record path ⇄ ``TAG$c`` (a subfield of a field of its own), written with
#: the indicators of ``INDICATORS``; read back as its path (tests/test_declare.py checks both).
#: Those outside ``CODE_TAGS`` drive the writer and the reader (``table()``); the others
#: document what the named pairs do.
FIELDS = Fields(
    NAME,
    (
        Field("identifiers", "010$a", IDENTIFIER, scheme="isbn"),
        Field("identifiers", "017$a", IDENTIFIER, lossy="the scheme in $2"),
        Field("journal.identifiers", "011$a", IDENTIFIER, scheme="issn", read_only=True),
        Field("language", "101$a", CODE),
        Field("publisher.places", "210$a", TEXT, True),
        Field("publisher.names", "210$c", TEXT, True),
        # Every date with its kind in local field 919 (``DATES_TAG``) when there is more.
        Field("dates", "210$d", DATE, scheme="published"),
        Field("abstracts", "330$a", PROSE, True,
              lossy="one 330 a paragraph; no headings, marks or kind"),
        Field("keywords", "610$a", TEXT, True, lossy="no inline marks"),
        Field("keywords", "606$a", TEXT, True, read_only=True),
        # Other vocabularies: a label in 606 $a, a code in 686 $a, the vocabulary in $2.
        Field("subjects", "690$a", CODE, scheme="clc",
              lossy="a 606 label's language (told from its script); order across vocabularies"),
        Field("links", "856$u", URL, lossy="the kind in $z"),
        Field("journal.titles", "463$1200$a", TEXT, True),
        # The medium in 011 $b, the ISSN-L in 011 $f, other ids in 463$1017$a ($2 the scheme).
        Field("journal.identifiers", "463$1011$a", IDENTIFIER, scheme="issn"),
        Field("volume", "463$v", STRING,
              also=("issue", "fpage", "lpage", "page_range", "elocation_id")),
        Field("degree.level", "328$b", CODE),
        Field("degree.grantors", "712$a", TEXT, True),
    ),
)  # fmt: skip

#: What the code pairs below carry (titles, persons, types).
CODE_KEEPS = frozenset(
    {
        "titles",
        "contributors.names",
        "contributors.role",
        "contributors.affiliations",
        "publication_types",
    }
)
#: What of a text 200, 330 and 610 carry: plain text, no inline marks (bold, italic, sup…).
_PLAIN = ("value", "lang", "variant")
#: What survives write → read (see ``Record.restricted_to``): neither inline marks nor a
#: structured abstract's section headings nor its kind (330 is one plain summary note).
KEEPS = (FIELDS.keeps | CODE_KEEPS) - {"titles", "abstracts", "keywords"} | {
    f"{path}.{leaf}" for path in ("titles", "abstracts.paragraphs", "keywords") for leaf in _PLAIN
}

#: Indicators of the fields written.
INDICATORS = {
    "010": "  ",
    "017": "7 ",
    "101": "0 ",
    "105": "  ",
    "200": "1 ",
    "210": "  ",
    "328": " 0",
    "330": "  ",
    "463": " 1",
    "510": "1 ",
    "606": "0 ",
    "610": "0 ",
    "686": "  ",
    "690": "  ",
    "701": " 0",
    "702": " 0",
    "711": "02",
    "712": "02",
    "856": "4 ",
}

#: The tags written and read by the named pairs of this file (record label, 100/105, titles,
#: persons, host item, thesis, imprint, languages, dates): a declaration of one of them is
#: documentation; every other ``TAG$c`` declaration is a simple field, written and read by
#: ``marcio.Table`` from the declaration alone.
CODE_TAGS = frozenset(
    {"001", "005", "100", "101", "105", "200", "210", "328", "463", "510", "700", "701", "702",
     "711", "712", "919"}
)  # fmt: skip


#: Tags the code pairs read (with the simple fields' tags, ``table().mapped``; the rest go to
#: extras, verbatim; a 919 only when it is a date).
CODE_MAPPED = frozenset(
    {"001", "005", "011", "100", "101", "105", "200", "210", "328", "463", "510", "606", "700",
     "701", "702", "711", "712"}
)  # fmt: skip


def table() -> marcio.Table:
    """This format's simple fields (``FIELDS`` outside ``CODE_TAGS``) and mapped tags."""
    return marcio.table(FIELDS, CODE_TAGS, CODE_MAPPED)


#: Contributor role ⇄ the CNMARC ``$4`` relator (words, as Chinese catalogues write them; the
#: UNIMARC relator codes are read too).
ROLES: Crosswalk[str] = Crosswalk(
    "CNMARC relators",
    (
        ("author", "著"),
        ("editor", "编"),
        ("translator", "译"),
        ("supervisor", "指导"),
        ("author", "作者"),
        ("editor", "主编"),
    ),
    fold=CASE,
    read_only=(("author", "070"), ("editor", "340"), ("translator", "730"), ("supervisor", "727")),
)
#: The relator of a degree grantor (712).
GRANTOR = "学位授予单位"

#: Degree level ⇄ 328 ``$b``.
DEGREES: Crosswalk[str] = Crosswalk(
    "CNMARC degrees",
    (("doctoral", "博士"), ("masters", "硕士"), ("bachelors", "学士")),
    fold=CASE,
    read_only=(("doctoral", "Ph.D."), ("doctoral", "PhD"), ("masters", "Master")),
)

#: Publication type ⇄ record label position 7 (``a`` analytic, ``m`` monograph), then the
#: form of contents code of 105 ``$a``/4 (``m`` thesis, ``k`` patent, ``l`` standard, ``p``
#: technical report, ``r`` review), then ``+`` for 105 ``$a``/8 (a conference publication).
TYPES: Crosswalk[str] = Crosswalk(
    "CNMARC types",
    (
        ("journal-article", "a"),
        ("review", "ar"),
        ("conference-paper", "a+"),
        ("book", "m"),
        ("thesis", "mm"),
        ("patent", "mk"),
        ("standard", "ml"),
        ("report", "mp"),
    ),
    fold=EXACT,
    lossy=(
        ("newspaper-article", "a"),
        ("book-chapter", "a"),
        ("systematic-review", "ar"),
        ("meta-analysis", "a"),
        ("case-report", "a"),
        ("clinical-trial", "a"),
        ("randomized-controlled-trial", "a"),
        ("editorial", "a"),
        ("letter", "a"),
        ("comment", "a"),
        ("news", "a"),
        ("erratum", "a"),
        ("retraction", "a"),
        ("preprint", "a"),
        ("dataset", "m"),
        ("study", "mp"),
        ("other", "m"),
    ),
)

#: Link kind ⇄ 856 ``$z`` (a landing page has none).
LINK_KINDS: Crosswalk[str] = Crosswalk(
    "CNMARC link notes",
    (("pdf", "PDF"), ("oa-pdf", "Open access PDF"), ("doi", "DOI"), ("other", "Other")),
    fold=CASE,
)

#: An ISSN's medium ⇄ 011 ``$b`` (UNIMARC's qualification, "used to distinguish between ISSN
#: if a record contains more than one").
ISSN_MEDIA = {"issn-print": "print", "issn-electronic": "electronic"}

#: 100 ``$a``/26–29: the character set (ISO 10646, Unicode).
UNICODE = "50  "
#: Record label positions 20–23 (UNIMARC).
LABEL_TAIL = "450 "


# --- Writing: the record as fields ------------------------------------------------------------


def _code(tag: str) -> str:
    return languages.spell(tag, "iso639-2b")


def _pinyin_subfields(
    code: str, value: str, pinyin: str, own: str | None = None, lang: str = UND
) -> list[tuple[str, str]]:
    """``$code value`` followed by its pinyin in the chosen convention: the record's own
    (``own``, a title's transliteration) as it is, else one made; none made for Japanese or
    Korean text (``lang``: pinyin is no reading of kanji or hanja)."""
    out = [(code, value)]
    if own:
        out.append((code.upper() if pinyin == "upper" else "9", own))
        return out
    if lang.split("-", 1)[0] in ("ja", "ko"):
        return out
    romanised = names.romanised(value)
    if romanised:
        if pinyin == "upper":
            out.append((code.upper(), _capitalised(romanised)))
        else:
            out.append(("9", romanised))
    return out


def _capitalised(romanised: str) -> str:
    return " ".join(w[:1].upper() + w[1:] for w in romanised.split())


def _field(tag: str, subfields: Iterable[tuple[str, str]]) -> DataField:
    indicators = INDICATORS.get(tag, "  ")
    return DataField(tag, indicators[0], indicators[1], list(subfields))


def _han_name(contributor: Contributor) -> Name | None:
    return next(
        (
            n
            for n in contributor.names
            if n.variant == "original" and has_han(n.literal or f"{n.family or ''}{n.given or ''}")
        ),
        None,
    )


def _main_name(contributor: Contributor) -> Name:
    han = _han_name(contributor)
    if han is not None:
        return han
    return next((n for n in contributor.names if n.variant == "original"), contributor.names[0])


def _pinyin_after(code: str, romanised: str | None, pinyin: str) -> list[tuple[str, str]]:
    """The pinyin subfield that follows ``$code`` in the chosen convention (none without)."""
    if not romanised:
        return []
    if pinyin == "upper":
        return [(code.upper(), _capitalised(romanised))]
    return [("9", romanised)]


def _body(name: Name) -> bool:
    """Whether a name is a corporate body's (711/712 02): a Han name the record says must not
    be split (``literal``), longer than a Chinese person's (four characters, 欧阳明远), that a
    personal-name reading would split (全国信息…委员会)."""
    if not name.literal or not has_han(name.literal) or len(name.literal) <= 4:
        return False
    return names.parse_name(name.literal).literal != name.literal


def _split_otherwise(name: Name) -> bool:
    """Whether a Han name's family and given parts are not what a Chinese name written whole
    would be read as (宮地 元彦, Japanese: 宮 地元彦): then 701/702 ␣1, ``$a`` family, ``$b``
    given."""
    if name.literal or not name.family or not name.given or not has_han(name.family):
        return False
    if name.lang.split("-", 1)[0] == "ja":
        return True  # a Japanese name written whole is read back whole
    read = names.parse_name(f"{name.family}{name.given}")
    return (read.family, read.given) != (name.family, name.given)


def _person(contributor: Contributor, pinyin: str) -> DataField | None:
    """701 (an author) or 702 (anyone else): the name as its primary form, its pinyin."""
    # A role with no relator word is written as it is (``_role`` reads it back); none for a
    # contributor of no stated role.
    role = ROLES.write(contributor.role) or (
        contributor.role if contributor.role != "contributor" else None
    )
    tag = "701" if contributor.role == "author" else "702"
    name = _main_name(contributor)
    subfields: list[tuple[str, str]] = []
    if _body(name):
        tag = "711" if contributor.role == "author" else "712"
        subfields.append(("a", name.literal or ""))
        indicators = "02"
    elif _split_otherwise(name):
        subfields += [("a", name.family or ""), ("b", name.given or "")]
        subfields += _pinyin_after("a", names.romanised_name(name), pinyin)
        indicators = " 1"
    elif name.literal or not name.family or has_han(f"{name.family}{name.given or ''}"):
        value = name.literal or f"{name.family or ''}{name.given or ''}"
        subfields.append(("a", value))
        subfields += _pinyin_after("a", names.romanised_name(name), pinyin)
        indicators = " 0"
    else:
        subfields.append(("a", name.family))
        if name.given:
            subfields.append(("b", name.given))
        indicators = " 1"
    subfields += [("p", a.value) for a in contributor.affiliations]
    subfields += [("4", role)] if role else []
    return DataField(tag, indicators[0], indicators[1], subfields)


def _other_forms(contributor: Contributor, main: Name) -> list[Name]:
    """The Latin-script forms of a Han name that its ``$9`` does not give back (Wade-Giles,
    a hyphenated pinyin): each a linked field in Latin script (``_linked``)."""
    if not has_han(main.literal or f"{main.family or ''}{main.given or ''}") or _body(main):
        return []
    read_back = names.pinyin(main) if names.romanised_name(main) else None
    return [
        n
        for n in contributor.names
        if n is not main
        and n != read_back
        and not has_han(n.literal or f"{n.family or ''}{n.given or ''}")
    ]


def _linked(person: DataField, forms: list[Name], link: str) -> list[DataField]:
    """``person`` with ``$6`` (UNIMARC's interfield link: ``a`` alternative script, a number)
    first, then a field per form in Latin script (``$7 ba``) with the same ``$6``."""
    out = [replace(person, subfields=[("6", link), *person.subfields])]
    role = [(c, v) for c, v in person.subfields if c == "4"]
    for form in forms:
        if form.family:
            parts = [("a", form.family), *((("b", form.given),) if form.given else ())]
            out.append(DataField(person.tag, " ", "1", [("6", link), ("7", "ba"), *parts, *role]))
        else:
            value = form.literal or form.given or ""
            out.append(
                DataField(person.tag, " ", "0", [("6", link), ("7", "ba"), ("a", value), *role])
            )
    return out


def _written(record: Record, declared: Field, key: marcio.Key) -> list[marcio.Subfields]:
    """The subfields of each field a simple declaration writes for ``record``: an identifier of
    no declared scheme with it in ``$2``, a code with its vocabulary the declared scheme, a
    link with its kind in ``$z``; the rest alike."""
    code = key.code
    items: tuple[Any, ...] = getattr(record, declared.path)
    if declared.kind == IDENTIFIER and not declared.scheme:
        claimed = table().claimed(declared.path)
        return [[(code, i.value), ("2", i.scheme)] for i in items if i.scheme not in claimed]
    if declared.kind == CODE:
        return [[(code, t.code)] for t in items if t.vocabulary == declared.scheme and t.code]
    if declared.kind == URL:
        kinds = [(link.url, LINK_KINDS.write(link.kind)) for link in items]
        return [[(code, url), *((("z", note),) if note else ())] for url, note in kinds]
    return marcio.written(items, declared, key)


def _indicators(key: marcio.Key) -> str:
    return INDICATORS.get(key.tag, "  ")


def _title_fields(record: Record, pinyin: str) -> list[DataField]:
    """200 (title proper, parallel titles, responsibility) and a 510 per parallel title."""
    main = record.title
    if main is None:
        return []
    own = next((t.value for t in record.titles if t.variant == "transliteration"), None)
    subfields = _pinyin_subfields(
        "a", main.value, pinyin, own if has_han(main.value) else None, main.lang
    )
    parallel = [t for t in record.titles if t is not main and t.variant != "transliteration"]
    for title in parallel:
        subfields += [("d", title.value), ("z", _code(title.lang))]
    authors = [_main_name(c) for c in record.contributors if c.role == "author"]
    if authors:
        shown = [a.display for a in authors]
        han = all(has_han(a) for a in shown)
        subfields.append(("f", ("，" if han else ", ").join(shown)))
        romanised = [names.romanised_name(a) for a in authors]
        if pinyin == "upper" and han and all(romanised):
            subfields += _pinyin_after("f", ", ".join(r for r in romanised if r), pinyin)
    out = [_field("200", subfields)]
    out += [_field("510", (("a", t.value), ("z", _code(t.lang)))) for t in parallel]
    return out


def _parts(record: Record) -> str | None:
    """463 ``$v``: ``Vol. 20, no. 3, p. 6059-6083`` (``art. e0123`` for an article number)."""
    parts = []
    if record.volume:
        parts.append(f"Vol. {record.volume}")
    if record.issue:
        parts.append(f"no. {record.issue}")
    if record.elocation_id:
        parts.append(f"art. {record.elocation_id}")
    pages = record.page_range or "-".join(p for p in (record.fpage, record.lpage) if p)
    if pages:
        parts.append(f"p. {pages}")
    return ", ".join(parts) or None


def _host(record: Record, pinyin: str) -> DataField | None:
    """463 ␣1: the journal issue the article is in, as embedded fields (``$1`` + tag and
    indicators: 200 its titles, 011 each ISSN), and ``$v`` where in it the article is."""
    subfields: list[tuple[str, str]] = []
    journal = record.journal
    if journal is not None and journal.titles:
        main, *others = journal.titles
        subfields.append(("1", "2001 "))
        subfields += _pinyin_subfields("a", main.value, pinyin, lang=main.lang)
        for other in others:
            subfields += [("d", other.value), ("z", _code(other.lang))]
    if journal is not None:
        for ident in journal.identifiers:
            medium = ISSN_MEDIA.get(ident.scheme)
            if ident.scheme == "issn-l":
                subfields += [("1", "011  "), ("f", ident.value)]
            elif ident.scheme == "issn" or medium:
                subfields += [("1", "011  "), ("a", ident.value)]
                subfields += [("b", medium)] if medium else []
            else:
                subfields += [("1", "0177 "), ("a", ident.value), ("2", ident.scheme)]
    parts = _parts(record)
    if parts:
        subfields.append(("v", parts))
    return _field("463", subfields) if subfields else None


def _thesis(record: Record, pinyin: str) -> list[DataField]:
    degree = record.degree
    if degree is None:
        return []
    out = []
    level = DEGREES.write(degree.level.code) if degree.level and degree.level.code else None
    note = ([("b", level)] if level else []) + [("e", g.value) for g in degree.grantors[:1]]
    if note:
        out.append(_field("328", note))
    for grantor in degree.grantors:
        out.append(
            _field(
                "712",
                [*_pinyin_subfields("a", grantor.value, pinyin, lang=grantor.lang), ("4", GRANTOR)],
            )
        )
    return out


def _type_code(record: Record) -> str:
    code = next(
        (t.code for t in record.publication_types if t.vocabulary == "publication-type" and t.code),
        None,
    )
    written = TYPES.write(code) if code else None
    if written is None:
        written = "a" if record.journal is not None else "m"
    return written


def _entered(record: Record) -> str:
    """100 ``$a``/0–7, the date the record was entered: the date of the data when the source
    gives one, else ``SOURCE_DATE_EPOCH`` (reproducible output), else today (UTC)."""
    stated = record.provenance.date if record.provenance else None
    if stated and re.match(r"\d{4}-\d{2}-\d{2}", stated):
        return stated[:10].replace("-", "")
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = (
        datetime.fromtimestamp(int(epoch), timezone.utc)
        if epoch and epoch.isdigit()
        else datetime.now(timezone.utc)
    )
    return when.strftime("%Y%m%d")


def _general(record: Record) -> str:
    """100 ``$a``: the 36 positions of general processing data."""
    date = publication_date(record)
    dates = f"d{date.year:04d}    " if date else "u        "
    main = record.title
    script = "ea" if main is not None and has_han(main.value) else "ba"
    value = f"{_entered(record)}{dates}k  y0chiy{UNICODE}    {script}"
    assert len(value) == 36, value
    return value


def fields_of(record: Record, pinyin: str = "9") -> MarcRecord:
    """``record`` as a CNMARC record: its label (lengths left to the encoder) and fields."""
    if pinyin not in PINYIN:
        raise UsageError(f"cnmarc_pinyin must be one of {', '.join(PINYIN)}, not {pinyin!r}")
    kind = _type_code(record)
    out: list[marcio.MarcField] = []
    if record.provenance and record.provenance.record_id:
        out.append(ControlField("001", record.provenance.record_id))
    out += table().write(record, _written, _indicators)
    out.append(_field("100", [("a", _general(record))]))
    language = record.language or (record.title.lang if record.title else None)
    lang_fields: list[tuple[str, str]] = []
    if language and language != UND:
        lang_fields.append(("a", _code(language)))
        main_code = _code(language)
        summaries = dict.fromkeys(
            _code(a.lang) for a in record.abstracts if a.lang != UND and _code(a.lang) != main_code
        )
        lang_fields += [("d", c) for c in summaries]
    if lang_fields:
        out.append(_field("101", lang_fields))
    nature = kind[1:2] if kind[1:2] not in ("", "+") else " "
    conference = "1" if kind.endswith("+") else "0"
    out.append(_field("105", [("a", f"y   {nature}   {conference}00yy")]))
    out += _title_fields(record, pinyin)
    date = publication_date(record)
    publisher = record.publisher
    imprint: list[tuple[str, str]] = []
    if publisher is not None:
        imprint += [("a", p.value) for p in publisher.places]
        imprint += [("c", n.value) for n in publisher.names]
    if date is not None:
        imprint.append(("d", date.iso()))
    if imprint:
        out.append(_field("210", imprint))
    out += _dates_fields(record, date)
    out += [f for f in _thesis(record, pinyin) if f.tag == "328"]
    host = _host(record, pinyin)
    if host is not None:
        out.append(host)
    claimed = table().claimed("subjects")
    for term in record.subjects:
        if term.vocabulary in claimed and term.code:
            continue  # a simple field (690)
        if term.code:
            out.append(_field("686", [("a", term.code), ("2", term.vocabulary)]))
        else:
            out += [_field("606", [("a", t.value), ("2", term.vocabulary)]) for t in term.labels]
    links = 0
    for contributor in record.contributors:
        person = _person(contributor, pinyin)
        if person is None:
            continue
        forms = _other_forms(contributor, _main_name(contributor))
        if forms:
            links += 1
            out += _linked(person, forms, f"a{links:02d}")
        else:
            out.append(person)
    out += [f for f in _thesis(record, pinyin) if f.tag == "712"]
    kept = record.extras.get(EXTRAS_KEY)
    if isinstance(kept, list):
        out += _kept_fields(kept)
    out += _type_fields(record)
    out.sort(key=lambda f: f.tag)
    level = kind[0]
    leader = f"00000n{'a'}{level}{'2' if level == 'a' else '0'} 22{'00000'}   {LABEL_TAIL}"
    marc = MarcRecord(leader, out)
    marc.fields += FACTS.fields(record, lambda: from_fields(marc))
    return marc


#: The local field of what the fields do not tell of a text, a name or an identifier, or of the
#: record's language (``marcio.Facts``): CNMARC tells a field's language only by its script and
#: the record's 101, a Chinese record's script not at all, and has no place for a name's style,
#: for a name kept whole that a Chinese name's reading would split, or for where the source
#: found an identifier.
FACTS = marcio.Facts(
    "988",
    ("language", *marcio.FACT_PATHS, "publisher.names", "publisher.places", "subjects.labels"),
)


def _type_fields(record: Record) -> list[DataField]:
    """The publication types the record label and 105 do not say, as 608s (form, genre): ``$a``
    a code with ``$2 local``, or ``$a`` a label of no code. When any code is more than the first,
    which the label says exactly, every type is a 608, in order."""
    types = record.publication_types
    codes = [t.code for t in types if t.code]
    said = bool(codes) and types[0].code == codes[0] and TYPES.read(_type_code(record)) == codes[0]
    every = len(codes) > (1 if said else 0)
    out = []
    for term in types:
        if term.code and every:
            out.append(_field("608", [("a", term.code), ("2", "local")]))
        elif not term.code:
            out += [_field("608", [("a", label.value)]) for label in term.labels]
    return out


def _type_field(field: marcio.MarcField) -> bool:
    """Whether a field is a 608 of a publication type: a code (``$2 local``) or a label (no
    ``$2``); a 608 of a vocabulary (``$2 rbgenr``) is kept in extras."""
    return (
        isinstance(field, DataField)
        and field.tag == "608"
        and bool((field.first("a") or "").strip())
        and field.first("2") in (None, "local")
    )


def _types_from(marc: MarcRecord, said: str, latin: str | None) -> tuple[Term, ...]:
    """The publication types: the 608s' when one has a code (every type is one then), else the
    one the record label and 105 say (``said``) and the 608s' labels."""
    typed = [f for f in marc.data("608") if _type_field(f)]
    coded = any(f.first("2") == "local" for f in typed)
    out = [] if coded else [Term("publication-type", said)]
    for field in typed:
        value = (field.first("a") or "").strip()
        if field.first("2") == "local":
            out.append(Term("publication-type", value))
        else:
            out.append(Term("publication-type", None, (_text(value, latin),)))
    return tuple(out)


#: The local field (UNIMARC's 9-- block is for national and local use) of the record's dates,
#: one field each in the record's order: ``$a`` the date (ISO 8601 at its precision), ``$b``
#: its kind, ``$c`` the source's name for it, ``$d`` its season, ``$e`` the end of a range,
#: ``$h`` ``1``/``0`` where the source put it when that is not where its kind goes. Written only
#: when the dates are more than the one publication date 210 ``$d`` gives.
DATES_TAG = "919"


def _dates_fields(record: Record, date: PartialDate | None) -> list[DataField]:
    if not record.dates or (date is not None and record.dates == (Dated("published", date),)):
        return []
    out = []
    for dated in record.dates:
        subfields = [("a", dated.date.iso()), ("b", dated.kind)]
        subfields += [("c", dated.label)] if dated.label else []
        subfields += [("d", dated.season)] if dated.season else []
        subfields += [("e", dated.end.iso())] if dated.end else []
        subfields += [("h", "1" if dated.history else "0")] if dated.history is not None else []
        out.append(_field(DATES_TAG, subfields))
    return out


def _dated_from(field: DataField) -> Dated | None:
    """A date of the local field, or None for a 919 of another meaning (kept in extras)."""
    stated, kind = field.first("a"), field.first("b")
    date = _date(stated) if stated else None
    end_stated = field.first("e")
    end = _date(end_stated) if end_stated else None
    history = {"1": True, "0": False}.get(field.first("h") or "")
    if date is None or kind not in DATE_KINDS or (end_stated and end is None):
        return None
    try:
        return Dated(kind, date, field.first("c"), history, field.first("d"), end)
    except InvalidRecord:
        return None


#: The extras key holding, verbatim, the fields the reader does not map (``[tag, indicators,
#: [[code, value], …]]``, a control field ``[tag, null, data]``): written back as they were.
EXTRAS_KEY = "cnmarc"


def _kept_fields(kept: list[Any]) -> list[marcio.MarcField]:
    out: list[marcio.MarcField] = []
    for item in kept:
        if not (isinstance(item, list) and len(item) == 3 and isinstance(item[0], str)):
            continue
        tag, indicators, rest = item
        if not re.fullmatch(r"\d{3}", tag):
            continue
        if indicators is None and isinstance(rest, str):
            out.append(ControlField(tag, rest))
        elif isinstance(indicators, str) and len(indicators) == 2 and isinstance(rest, list):
            subfields = [
                (s[0], s[1])
                for s in rest
                if isinstance(s, list) and len(s) == 2 and all(isinstance(x, str) for x in s)
            ]
            out.append(DataField(tag, indicators[0], indicators[1], subfields))
    return out


# --- Reading: the record from fields ----------------------------------------------------------


def _latin_default(marc: MarcRecord) -> str | None:
    """The language Latin-script text is in: 101's first language that is not written in Han
    (``eng`` → ``en``); None when 101 names none (then the text tells)."""
    field = _one(marc, "101")
    if field is None:
        return None
    for code, value in field.subfields:
        if code in "ad":
            tag = languages.parse(value)
            if tag and tag.split("-")[0] not in ("zh", "ja", "ko"):
                return tag
    return None


def _text(value: str, latin: str | None, variant: str = "original") -> Text:
    return Text(value, detect_lang(value, latin)[0], variant)


def _lang_of(code: str | None, value: str, latin: str | None) -> str:
    """A parallel title's language: its ``$z`` (the script of Chinese from its characters)."""
    tag = languages.parse(code) if code else None
    if tag is None or tag.startswith("zh") or not tag:
        return detect_lang(value, tag or latin)[0]
    return tag


def _titles_from(marc: MarcRecord, latin: str | None) -> list[Text]:
    field = _one(marc, "200")
    titles: list[Text] = []
    if field is not None:
        subfields = list(field.subfields)
        for i, (code, value) in enumerate(subfields):
            if code == "a" and not titles:
                titles.append(_text(value, latin))
            elif code == "d":
                z = (
                    subfields[i + 1][1]
                    if i + 1 < len(subfields) and subfields[i + 1][0] == "z"
                    else None
                )
                titles.append(Text(value, _lang_of(z, value, latin), "translation"))
            elif code == "e" and titles and titles[0].variant == "original" and len(titles) == 1:
                sep = "：" if has_han(titles[0].value) else " : "
                titles[0] = replace(titles[0], value=titles[0].value + sep + value)
        pinyin = field.first("9") or field.first("A")
        made = names.romanised(titles[0].value) if titles else None
        if pinyin and titles and pinyin not in (made, _capitalised(made or "")):
            # Not the pinyin a writer makes: the record's own transliteration, kept as written.
            titles.append(Text(pinyin, "zh-Latn-pinyin", "transliteration"))
    seen = {t.value for t in titles}
    for parallel in marc.data("510"):
        stated = parallel.first("a")
        if stated and stated not in seen:
            titles.append(Text(stated, _lang_of(parallel.first("z"), stated, latin), "translation"))
            seen.add(stated)
    return titles


def _same_pinyin(written: str, generated: str | None) -> bool:
    return (
        generated is not None
        and re.sub(r"\W", "", written).casefold() == re.sub(r"\W", "", generated).casefold()
    )


def _romanised_name(han: Name, written: str) -> Name:
    """The romanised form of ``han`` a catalogue wrote (``zeng ming tang``): the generated
    pinyin when it is that, else its syllables split as the Han name is (family, given)."""
    generated = names.pinyin(han)
    family, given = han.family or "", han.given or ""
    if generated is not None and _same_pinyin(written, names.romanised_name(han)):
        return generated
    syllables = written.split()
    if family and len(syllables) == len(family) + len(given):
        fam = "".join(syllables[: len(family)]).capitalize()
        giv = "".join(syllables[len(family) :]).capitalize() or None
        return Name(fam, giv, "western", "zh-Latn-pinyin", "transliteration")
    return Name(literal=written, lang="zh-Latn-pinyin", variant="transliteration")


def _latin_form(person: Contributor, name: Name) -> Name:
    """A linked Latin-script form of ``person``'s Han name: its romanisation, pinyin when it
    spells the Han name's pinyin (``Xiao-yan``), else another (Wade-Giles ``Chia-Hao``)."""
    han = person.names[0]
    written = name.literal or f"{name.family or ''} {name.given or ''}"
    lang = "zh-Latn-pinyin" if _same_pinyin(written, names.romanised_name(han)) else "zh-Latn"
    return replace(name, style="western", lang=lang, variant="transliteration")


def _role(relator: str | None, default: str) -> str:
    """The role of a ``$4``: the relator table's, else the word itself (a role with no CNMARC
    relator, written as it is: ``advisor``), else ``default`` (none, or a UNIMARC code the
    table does not know)."""
    if not relator or not relator.strip():
        return default
    known = ROLES.read(relator)
    if known is not None:
        return known
    return default if relator.strip().isdigit() else relator.strip()


def _contributor_from(
    field: DataField, latin: str | None, japanese: bool = False
) -> Contributor | None:
    value = field.first("a")
    if not value:
        return None
    if field.tag in ("711", "712"):
        relator = field.first("4")
        if relator == GRANTOR:
            return None  # a degree's grantor (``_degree_from``)
        role = _role(relator, "author" if field.tag == "711" else "contributor")
        style = "eastern" if has_han(value) else "western"
        name = Name(literal=value, style=style, lang=_text(value, latin).lang)
        return Contributor(
            (name,), role, affiliations=tuple(_text(p, latin) for p in field.values("p"))
        )
    relator = field.first("4")
    role = _role(relator, "author" if field.tag in ("700", "701") else "contributor")
    forms: list[Name] = []
    given = field.first("b")
    if has_han(value) and field.ind2 == "1" and given:
        whole = names.parse_name(value + given, japanese=japanese)
        forms.append(replace(whole, family=value, given=given, literal=None))
        written = field.first("9") or field.first("A")
        if written:
            forms.append(_romanised_name(forms[0], written))
    elif has_han(value):
        han = names.parse_name(value, japanese=japanese)
        if han.family is None and han.given is None and han.literal is None:
            return None
        forms.append(han)
        written = field.first("9") or field.first("A")
        if written:
            forms.append(_romanised_name(han, written))
        else:
            generated = names.pinyin(han)
            if generated is not None:
                forms.append(generated)
    elif field.ind2 == "1":
        forms.append(Name(family=value, given=field.first("b")))
    else:
        forms.append(Name(literal=value))
    affiliations = tuple(_text(p, latin) for p in field.values("p"))
    return Contributor(tuple(forms), role, affiliations=affiliations)


def _parts_from(value: str) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    rest = value.strip()
    for key, label in (("volume", "Vol."), ("issue", "no."), ("elocation_id", "art.")):
        match = re.match(rf"{re.escape(label)}\s*([^,]+?)(?:,\s*|$)", rest)
        if match:
            out[key] = match.group(1).strip()
            rest = rest[match.end() :]
    match = re.match(r"p\.\s*(.+)$", rest)
    if match:
        pages = parse_pages(match.group(1).strip(), "463$v")
        out.update(fpage=pages.first, lpage=pages.last, page_range=pages.statement)
        if pages.elocation_id and "elocation_id" not in out:
            out["elocation_id"] = pages.elocation_id
    elif rest:
        raise InvalidRecord(f"463 $v: {value!r} is not Vol. …, no. …, p. …", field="463$v")
    return out


def _embedded(field: DataField) -> list[DataField]:
    """The fields embedded in a linking field (``$1`` + tag and indicators, then subfields)."""
    out: list[DataField] = []
    current: list[tuple[str, str]] | None = None
    head = ""
    for code, value in field.subfields:
        if code == "1":
            if current is not None:
                out.append(DataField(head[:3], head[3:4] or " ", head[4:5] or " ", current))
            head, current = value, []
        elif current is not None and code != "v":
            current.append((code, value))
    if current is not None:
        out.append(DataField(head[:3], head[3:4] or " ", head[4:5] or " ", current))
    return out


def _issns(field: DataField) -> list[Identifier]:
    """The ISSNs of an 011: ``$a`` with its medium from ``$b`` (plain ``issn`` without), the
    ISSN-L in ``$f``."""
    media = {v: k for k, v in ISSN_MEDIA.items()}
    scheme = media.get((field.first("b") or "").strip().casefold(), "issn")
    out = [Identifier(scheme, v) for v in field.values("a")]
    return out + [Identifier("issn-l", v) for v in field.values("f")]


def _host_from(marc: MarcRecord, latin: str | None) -> tuple[Journal | None, dict[str, str | None]]:
    field = _one(marc, "463")
    journal = None
    parts: dict[str, str | None] = {}
    titles: list[Text] = []
    issns: list[Identifier] = []
    if field is not None:
        for embedded in _embedded(field):
            if embedded.tag == "200":
                subfields = list(embedded.subfields)
                for i, (code, value) in enumerate(subfields):
                    if code == "a" and not titles:
                        titles.append(_text(value, latin))
                    elif code == "d":
                        nxt = subfields[i + 1] if i + 1 < len(subfields) else ("", "")
                        z = nxt[1] if nxt[0] == "z" else None
                        titles.append(Text(value, _lang_of(z, value, latin), "translation"))
            elif embedded.tag == "011":
                issns += _issns(embedded)
            elif embedded.tag == "017" and embedded.first("a"):
                scheme = embedded.first("2") or "other"
                issns.append(Identifier(scheme, embedded.first("a") or ""))
        title = field.first("t")  # standard subfields, as some systems write the link
        if title and not titles:
            titles.append(_text(title, latin))
        issns += [Identifier("issn", v) for v in field.values("x")]
        where = field.first("v")
        if where:
            parts = _parts_from(where)
    issns += [i for f in marc.data("011") for i in _issns(f)]
    if titles or issns:
        journal = Journal(titles=tuple(titles), identifiers=tuple(dict.fromkeys(issns)))
    return journal, parts


def _degree_from(marc: MarcRecord, latin: str | None) -> Degree | None:
    note = _one(marc, "328")
    grantors = [
        _text(f.first("a") or "", latin)
        for f in marc.data("712")
        if f.first("4") == GRANTOR and f.first("a")
    ]
    level = DEGREES.read(note.first("b") or "") if note is not None else None
    if not grantors and note is not None and note.first("e"):
        grantors.append(_text(note.first("e") or "", latin))
    if level is None and not grantors:
        return None
    return Degree(Term("degree", level) if level else None, tuple(grantors))


def _read(declared: Field, key: marcio.Key, field: DataField, latin: str | None) -> list[Any]:
    """The values a simple declaration reads from one of its fields, by its kind."""
    code = key.code
    if declared.kind == IDENTIFIER:
        if declared.scheme:
            return [Identifier(declared.scheme, v) for v in field.values(code)]
        value = field.first(code)
        return [Identifier(field.first("2") or "other", value)] if value else []
    if declared.kind == CODE:
        if not (field.first(code) or "").strip():
            return []
        return [Term(declared.scheme, v.strip()) for v in field.values(code) if v.strip()]
    if declared.kind == URL:
        url, note = field.first(code), field.first("z")
        return [Link(url, (LINK_KINDS.read(note) if note else None) or "landing")] if url else []
    if declared.kind == PROSE:
        value = (field.first(code) or "").strip()
        return [_text(value, latin)] if value else []
    if declared.kind == TEXT:
        if field.first("2"):
            return []  # a vocabulary's label: a subject (the code pair's)
        return [_text(v.strip(), latin) for v in field.values(code) if v.strip()]
    raise ValueError(f"cnmarc: no simple reader for {declared.kind} ({declared.key})")


def _paragraphs(texts: list[Text]) -> tuple[Prose, ...]:
    """Prose of paragraphs, one a field: a run of one language is one text, the first the
    original, the others translations."""
    groups: list[list[Text]] = []
    for text in texts:
        if groups and groups[-1][0].lang.split("-")[0] == text.lang.split("-")[0]:
            groups[-1].append(text)
        else:
            groups.append([text])
    out = []
    for i, group in enumerate(groups):
        lang = max((t.lang for t in group), key=len)
        variant = "original" if i == 0 else "translation"
        out.append(Prose(tuple(Text(t.value, lang, variant) for t in group)))
    return tuple(out)


def _texts(texts: list[Text]) -> tuple[Text, ...]:
    """Texts of a list (keywords): those in another language than the first are translations."""
    if not texts:
        return ()
    first = texts[0].lang.split("-")[0]
    return tuple(
        t if t.lang.split("-")[0] == first else replace(t, variant="translation") for t in texts
    )


def _simple_from(marc: MarcRecord, latin: str | None) -> dict[str, list[tuple[int, Any]]]:
    """The values of every simple declaration (read-only ones too), by record path, each with
    the position of its field (document order)."""
    return table().read(
        lambda tag: (
            (p, f) for p, f in enumerate(marc.fields) if isinstance(f, DataField) and f.tag == tag
        ),
        lambda declared, key, field: _read(declared, key, field, latin),
    )


def _assembled(path: str, values: list[tuple[int, Any]]) -> tuple[Any, ...]:
    """A record path's value from its simple values in document order, by the kind declared."""
    ordered = [v for _, v in sorted(values, key=lambda pv: pv[0])]
    kind = table().kind(path)
    if kind == PROSE:
        return _paragraphs(ordered)
    if kind == TEXT:
        return _texts(ordered)
    return tuple(ordered)


def from_fields(marc: MarcRecord) -> Record:
    """The Record of a CNMARC record; raises ``InvalidRecord`` naming the field at fault."""
    tags = {f.tag for f in marc.fields}
    if "245" in tags and "200" not in tags:
        raise InvalidRecord(
            "this looks like a MARC 21 record (245, no 200): read it with --from marc",
            field="200",
        )
    latin = _latin_default(marc)
    titles = _titles_from(marc, latin)
    language = None
    lang_field = _one(marc, "101")
    if lang_field is not None and lang_field.first("a"):
        language = languages.parse(lang_field.first("a") or "")
    # A kanji name of a Japanese record is not cut as a Chinese one, nor given pinyin.
    japanese = names.japanese(language, titles)
    contributors: list[Contributor] = []
    linked: dict[str, int] = {}  # $6 → the contributor its first field gave
    for f in _data(marc):
        if f.tag not in ("700", "701", "702", "711", "712"):
            continue
        found = _contributor_from(f, latin, japanese)
        if found is None:
            continue
        link = f.first("6")
        if link and link in linked and f.first("7") == "ba":
            head = contributors[linked[link]]
            contributors[linked[link]] = replace(
                head, names=(*head.names, *(_latin_form(head, n) for n in found.names))
            )
            continue
        if link:
            linked[link] = len(contributors)
        contributors.append(found)
    journal, parts = _host_from(marc, latin)
    simple_values = _simple_from(marc, latin)
    kind = marc.leader[7:8]
    general = _one(marc, "105")
    coded = general.first("a") if general is not None else None
    nature = coded[4:5].strip() if coded else ""
    conference = "+" if coded and coded[8:9] == "1" else ""
    spelled = kind + nature + conference
    type_code = (
        TYPES.read(spelled) or TYPES.read(kind) or ("journal-article" if kind == "a" else "book")
    )
    imprint = _one(marc, "210")
    publisher = None
    dates: list[Dated] = []
    if imprint is not None:
        places = tuple(_text(v, latin) for v in imprint.values("a"))
        pubs = tuple(_text(v, latin) for v in imprint.values("c"))
        if places or pubs:
            publisher = Publisher(pubs, places)
        stated = imprint.first("d")
        if stated:
            date = _date(stated)
            if date is not None:
                dates.append(Dated("published", date))
    local = [(f, _dated_from(f)) for f in marc.data(DATES_TAG)]
    typed = [d for _, d in local if d is not None]
    if typed:
        dates = typed
    consumed = {id(f) for f, d in local if d is not None}
    general_data = _one(marc, "100")
    if not dates and general_data is not None:
        data = general_data.first("a") or ""
        if data[9:13].isdigit():
            dates.append(Dated("published", PartialDate(int(data[9:13]))))
    # Other vocabularies than the simple fields': a label in 606, a code in 686, ``$2`` it.
    subjects = simple_values.setdefault("subjects", [])
    for position, field in enumerate(marc.fields):
        if not isinstance(field, DataField) or field.tag not in ("606", "686"):
            continue
        a, system = (field.first("a") or "").strip(), field.first("2")
        if field.tag == "606" and a and system:
            subjects.append((position, Term(system, labels=(_text(a, latin),))))
        elif field.tag == "686" and a and system:
            subjects.append((position, Term(system, a)))
            consumed.add(id(field))
    mapped_tags = table().mapped
    assembled: dict[str, Any] = {p: _assembled(p, v) for p, v in simple_values.items()}
    record_id = marc.control("001") or None
    kept = [
        [f.tag, None, f.value]
        if isinstance(f, ControlField)
        else [f.tag, f.ind1 + f.ind2, [[c, v] for c, v in f.subfields]]
        for f in marc.fields
        if f.tag not in mapped_tags
        and id(f) not in consumed
        and not _type_field(f)
        and not FACTS.owns(f)
    ]
    record = Record(
        titles=tuple(titles),
        contributors=tuple(contributors),
        journal=journal,
        volume=parts.get("volume"),
        issue=parts.get("issue"),
        fpage=parts.get("fpage"),
        lpage=parts.get("lpage"),
        page_range=parts.get("page_range"),
        elocation_id=parts.get("elocation_id"),
        dates=tuple(dates),
        publication_types=_types_from(marc, type_code, latin),
        degree=_degree_from(marc, latin),
        publisher=publisher,
        language=language,
        provenance=Provenance(NAME, record_id=record_id),
        extras={EXTRAS_KEY: kept} if kept else {},
        **assembled,
    )
    settled: Record = settle_scripts(record)[0]
    if settled.language == "zh":
        script = next((t.lang for t in settled.titles if t.lang.startswith("zh-Han")), None)
        settled = replace(settled, language=script or "zh")
    return FACTS.told(catalogue(settled), marc)


def _date(value: str) -> PartialDate | None:
    match = re.fullmatch(r"\s*\[?(\d{4})\]?(?:-(\d{2})(?:-(\d{2}))?)?\.?\s*", value)
    if match is None:
        return None
    year, month, day = match.groups()
    try:
        return PartialDate(int(year), int(month) if month else None, int(day) if day else None)
    except InvalidRecord:
        return None


# --- ISO 2709 and XML (cnmarcxml) ------------------------------------------------------------

#: Leader/09: blank in CNMARC (the character set is in 100 $a/26-29); pymarc's "a" never.
CODING = " "


def iso2709(marc: MarcRecord) -> str:
    """One record in ISO 2709 (as text; its lengths count UTF-8 bytes), Leader/09 blank."""
    return marcio.to_iso2709(marc, coding=CODING).decode("utf-8")


def from_iso2709(data: bytes) -> MarcRecord:
    """A record from its ISO 2709 bytes (UTF-8, as 100 $a/26-27 ``50`` says); raises
    ``InvalidRecord`` naming the leader, the directory or the field for a damaged one."""
    return marcio.from_iso2709(data, encoding="utf-8")


#: The namespace of ``cnmarcxml`` as NLC/Aleph SRU servers write it (DOMAIN-CATALOGUE §2.5):
#: MARCXML's element names in a namespace of its own.
CNMARCXML_NS = sniffs.CNMARCXML_NS
#: Also read: UNIMARC in the MARC 21 slim namespace (Koha), and ``unimarcxml`` (SRU).
XML_NAMESPACES = (CNMARCXML_NS, sniffs.MARC21_NS, sniffs.UNIMARCXML_NS, "")
SCHEMA = "cnmarcxml.xsd"


def _xml(marc: MarcRecord, validate: bool = True) -> Any:
    """The record as a cnmarcxml ``record`` element, checked against the project's profile
    (schemas/cnmarcxml.xsd) when ``validate``."""
    from .. import resources, xmlio

    root = marcio.to_marcxml(marc, coding=CODING, namespace=CNMARCXML_NS)
    if validate:
        xmlio.validated(root, xmlio.xsd(str(resources.schema(SCHEMA))), "the cnmarcxml record")
    return root


# --- Reading and writing documents ------------------------------------------------------------


def read(source: Source, *, strict: bool = False) -> Iterator[Record | Reject]:
    """Every record of an ISO 2709 file or a cnmarcxml document, or a Reject with its bytes."""
    if source.head_text(4096).lstrip("\ufeff \t\r\n").startswith("<"):
        yield from _read_xml(source)
        return
    for number, (offset, piece) in enumerate(marcio.split_iso2709(source.stream), 1):
        try:
            yield from_fields(from_iso2709(piece))
        except InvalidRecord as exc:
            text = piece.decode("utf-8", "replace")
            kept = None if text.encode("utf-8") == piece else piece
            yield Reject(exc, text, number, None, offset, source.name, kept)


def _read_xml(source: Source) -> Iterator[Record | Reject]:
    """The records of a cnmarcxml (or UNIMARC MARCXML) document, streamed; a reject keeps its
    record element's bytes and offset."""
    from .. import xmlio

    spans = xmlio.Spans(source.stream)
    number = 0
    for element in xmlio.iter_elements(source.stream, {"record"}, source.name, spans):
        if xmlio.namespace(element) not in XML_NAMESPACES:
            continue
        number += 1
        try:
            yield from_fields(marcio.from_marcxml(element))
        except InvalidRecord as exc:
            yield xmlio.original_reject(exc, element, spans, source, number)


def write(
    records: Iterable[Record],
    out: IO[str],
    *,
    pinyin: str = "9",
    form: str = "iso2709",
    validate: bool = True,
    on_error: Any = None,
) -> None:
    """Write ``records`` as ISO 2709 (``form="iso2709"``) or cnmarcxml (``form="xml"``), pinyin
    in ``$9`` or in upper-case subfields (``pinyin``); ``validate`` checks each XML record
    against the project's cnmarcxml profile (schemas/cnmarcxml.xsd)."""
    if pinyin not in PINYIN:
        raise UsageError(f"cnmarc_pinyin must be one of {', '.join(PINYIN)}, not {pinyin!r}")
    if form == "xml":
        from .. import xmlio

        xmlio.write_documents(
            records,
            lambda r: _xml(fields_of(r, pinyin), validate),
            out,
            wrapper="collection",
            wrapper_attributes=f'xmlns="{CNMARCXML_NS}"',
            on_error=on_error,
        )
        return
    for record in records:
        try:
            text = iso2709(fields_of(record, pinyin))
        except NormaliserError as exc:
            if on_error is None:
                raise
            on_error(record, exc)
            continue
        out.write(text)
