"""MARC 21 bibliographic records: ``marc`` (ISO 2709, UTF-8) and ``marcxml`` (MARC 21 slim), read
and written through ``marcio``.

A journal article is an analytic record (Leader ``naa``, a 773 host item); a thesis carries a 502.
The fields are declared in ``FIELDS`` (tag, indicators and subfield, record path), from which
docs/crosswalk.md and ``KEEPS`` come. Those of a field of their own outside ``CODE_TAGS``
(``table().simple``: 020, 024 with the scheme in ``$2``, 520, 653, 856 with the kind in ``$3``) are
written and read from their declaration alone (``marcio.Table``, each field with its 880;
``_written`` ⇄ ``_read`` say what a kind means here); the tags kept out of extras derive from the
table (``table().mapped``). What must stay code, as read ⇄ write pairs in this file: the 008 and
041 (041 _7 ``$2 rfc5646`` the record's BCP 47 tag when the codes and script do not say it), the
title (245, 246 31, ISBD punctuation), the persons and bodies (100/700, 110/710, relators,
affiliations, ORCID), the thesis (502), the publication types (655, the first also sets the
Leader), the host item (773 ``$g``/``$q``, the ISSN's kind in ``$i``, the host's other titles and
ISSNs in 773 08), the metrics field (981), and the 880 pairing of Model A; their declarations
document what they do. What MARC 21 has no place for (a text's language tag beyond its script and
041, a name's style, where an identifier was found) is the local field 988 (``FACTS``), written
only where the fields read back say otherwise.

Two models for Chinese, chosen by the writer option ``model``:

- ``b`` (default, "simple multiscript"): Han script directly in 100/245/700; the English title
  is the parallel title in 245 ``$b`` and in 246 31; the pinyin form of a person, when the record
  has one, is a 700 of its own with no relator, read back as that person's other name.
- ``a`` (LC/OCLC): every field with Han script is written romanised (ALA-LC pinyin: one syllable
  a word, names ``Lin, Xingzhi``) with an 880 holding the Han script, linked by ``$6``
  (``245-02/$1`` ⇄ ``880-02``); a Chinese abstract is an unlinked 880 (``520-00/$1``).

Reading pairs each 880 with its linked field: the 880 is the original script (its language
told by the script: Chinese, Japanese, Korean), the linked field its romanisation
(``zh-Latn-pinyin``, ``ja-Latn``, ``ko-Latn``). Fields with no place in the record are kept
verbatim in ``extras["marc"]`` and written back.

Journal metrics are the local field 981 (documented in the README): ``$a`` metric name,
``$b`` value, ``$c`` category code or ``$f`` its label, ``$2`` the vocabulary, ``$d`` year,
``$e`` source.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from itertools import count
from typing import IO, Any

from .. import languages, marcio, names, resources, sniffs, xmlio
from ..crosswalk import CASE, Crosswalk
from ..declare import CODE, IDENTIFIER, NAMES, PAGE, PROSE, STRING, TEXT, URL, Field, Fields
from ..errors import InvalidRecord, NormaliserError, UsageError
from ..record import (
    UND,
    Contributor,
    Dated,
    Degree,
    Identifier,
    Journal,
    Link,
    Metric,
    Name,
    PartialDate,
    Prose,
    Provenance,
    Record,
    Reject,
    Term,
    Text,
)
from ..sources import Source, kept
from ..text import detect_lang, has_han

NAME = "marc"

#: How sure (0–100) that a document starts in this format (ISO 2709 or MARCXML).
sniff = sniffs.marc21

#: The simple leaves: record path ⇄ ``TAG ind $code``.
FIELDS = Fields(
    NAME,
    (
        Field("titles", "245 $a", TEXT, language=True, lossy="a final period is ISBD's"),
        Field("titles", "245 $b", TEXT, language=True, scheme="translation"),
        Field("titles", "246 31 $a", TEXT, scheme="translation", read_only=True),
        Field(
            "contributors.names", "100/700 $a", NAMES, language=True, also=("contributors.role",)
        ),
        Field("contributors.names.literal", "110/710 2_ $a (a corporate body)", NAMES),
        Field("contributors.orcid", "100/700 $1 (https://orcid.org/…)", NAMES),
        Field(
            "contributors.affiliations",
            "100/700 $u",
            NAMES,
            lossy="several affiliations joined with ' ; '",
        ),
        Field("identifiers", "024 7_ $a $2", IDENTIFIER),
        Field("identifiers", "020 __ $a", IDENTIFIER, scheme="isbn"),
        Field("language", "008/35-37, 041 $a", CODE),
        Field("abstracts", "520 3_ $a", PROSE, language=True, lossy="one 520 a paragraph; marks"),
        Field("keywords", "653 _0 $a", TEXT, language=True),
        Field("journal.titles", "773 0_ $t", TEXT, language=True),
        Field("journal.identifiers", "773 0_ $x", IDENTIFIER, scheme="issn"),
        Field("volume", "773 $q (volume)", STRING, also=("issue", "fpage")),
        Field("lpage", "773 $g (p. first-last)", PAGE),
        Field(
            "dates",
            "008/07-10, 773 $g (year)",
            CODE,
            read_only=True,
            lossy="the year of publication only: read as the published date",
        ),
        Field("links", "856 40 $u $3", URL),
        Field("publication_types", "655 _7 $a $2 local", CODE),
        Field("publication_types.labels", "655 _4 $a (a label of no code)", CODE),
        Field("degree", "502 $b $c", CODE),
        Field("metrics", "981 $a $b $c/$f $2 $d $e", CODE),
        Field("", "unknown fields", "extra"),
    ),
)

#: What of a text 245/246, 520 and 653 carry: plain text, no inline marks (italic, sup, nocase…).
_PLAIN = ("value", "lang", "variant")
_NARROWED = {
    "titles": _PLAIN,
    "abstracts": tuple(f"paragraphs.{leaf}" for leaf in _PLAIN),
    "keywords": _PLAIN,
}
#: Record paths carried by the code pairs of this module beside ``FIELDS``: the extras (fields
#: with no place in the record, other formats' extras in 989).
CODE_KEEPS = frozenset({"extras"})
#: What survives write → read: the written declarations' paths, narrowed where they carry less.
KEEPS = (FIELDS.keeps | CODE_KEEPS) - set(_NARROWED) | {
    f"{path}.{leaf}" for path, leaves in _NARROWED.items() for leaf in leaves
}

#: The tags written and read by the named pairs of this file (008/041, persons, titles, thesis,
#: publication type, host item, metrics, 880s): a declaration of one of them documents what the
#: pair does; every other ``TAG ind $c`` declaration (``$q`` the subfield of its qualifier: an
#: identifier's scheme, a link's kind) is a simple field, written and read from the declaration
#: alone (``marcio.Table``: ``_written`` ⇄ ``_read`` say what its kinds mean here).
CODE_TAGS = frozenset(
    {
        "008",
        "041",
        "100",
        "110",
        "245",
        "246",
        "502",
        "655",
        "700",
        "710",
        "773",
        "880",
        "981",
    }
)


def table() -> marcio.Table:
    """This format's simple fields (``FIELDS`` outside ``CODE_TAGS``) and mapped tags."""
    return marcio.table(FIELDS, CODE_TAGS)


#: Relator terms ($e) and codes ($4), record role ⇄ spelling.
ROLE_TERMS: Crosswalk[str] = Crosswalk(
    "marc relator terms",
    (
        ("author", "author"),
        ("editor", "editor"),
        ("translator", "translator"),
        ("supervisor", "thesis advisor"),
        ("supervisor", "degree supervisor"),
    ),
    fold=CASE,
)
ROLE_CODES: Crosswalk[str] = Crosswalk(
    "marc relator codes",
    (("author", "aut"), ("editor", "edt"), ("translator", "trl"), ("supervisor", "ths")),
    fold=CASE,
)
#: Record identifier scheme ⇄ 024 $2 source code (other schemes are written as they are).
ID_SOURCES: Crosswalk[str] = Crosswalk(
    "marc 024 sources",
    (("doi", "doi"), ("pmid", "pmid"), ("pmcid", "pmcid"), ("handle", "hdl"), ("urn", "urn")),
    fold=CASE,
)
#: Link kind ⇄ 856 $3 (materials specified); a landing page has none.
LINK_KINDS: Crosswalk[str] = Crosswalk(
    "marc 856 materials",
    (("pdf", "PDF"), ("oa-pdf", "Open access PDF"), ("doi", "DOI"), ("other", "Other")),
    fold=CASE,
)
#: An ISSN's kind ⇄ 773 ``$i`` (relationship information) of the 773 that gives it: the host's
#: print or online version (as 776 ``$i`` says of a record's other form), its linking ISSN. An
#: ISSN of no kind has no ``$i``.
ISSN_KINDS: Crosswalk[str] = Crosswalk(
    "marc 773 ISSN relationships",
    (
        ("issn-print", "Print version:"),
        ("issn-electronic", "Online version:"),
        ("issn-l", "Linking ISSN:"),
    ),
    fold=CASE,
)
#: A host's other title (773 08 ``$i`` … ``$t``) ⇄ its variant.
TITLE_VARIANTS: Crosswalk[str] = Crosswalk(
    "marc 773 title relationships",
    (
        ("original", "Also titled:"),
        ("translation", "Translated title:"),
        ("transliteration", "Romanized title:"),
    ),
    fold=CASE,
)
#: Degree level ⇄ 502 $b.
DEGREES: Crosswalk[str] = Crosswalk(
    "marc 502 degrees",
    (("doctoral", "Ph. D."), ("masters", "M.A."), ("bachelors", "B.A."), ("doctoral", "PhD")),
    fold=CASE,
)

_ISSN_SCHEMES = ("issn", "issn-print", "issn-electronic", "issn-l")
_ORCID = "https://orcid.org/"
_SCRIPT_CODES = {"zh": "$1", "ja": "$1", "ko": "$1"}
_ARTICLES = {"eng": ("the ", "a ", "an ")}
_SCHEMA = "marcxml-profile.xsd"
#: The MARC source code of BCP 47 language tags (041 second indicator 7, ``$2``).
_BCP47 = "rfc5646"


# --- Language of a value -----------------------------------------------------------------------


def _romanised_lang(original: str) -> str:
    """The tag of a romanisation of text in ``original`` (its 880 partner's language)."""
    primary = original.split("-")[0]
    return {"zh": "zh-Latn-pinyin", "ja": "ja-Latn", "ko": "ko-Latn"}.get(primary, UND)


# --- Romanisation (Model A) --------------------------------------------------------------------


def romanise(value: str) -> str:
    """ALA-LC pinyin of Han text: one syllable a word, other characters kept, the first letter
    upper case (``次按驟變`` → ``Ci an zhou bian``)."""
    out = names.syllable_words(value)
    return out[:1].upper() + out[1:] if out else value


def _romanised_name(value: str) -> str:
    """A person's Han name as ALA-LC writes it: ``Lin, Xingzhi``."""
    name = names.parse_name(value)
    latin = names.pinyin(name)
    if latin is None:
        return romanise(value)
    if latin.family and latin.given:
        return f"{latin.family}, {latin.given}"
    return latin.family or latin.given or romanise(value)


# --- Writing -----------------------------------------------------------------------------------


def _split_otherwise(name: Name) -> bool:
    """Whether a Han name's family and given parts are not what the name written whole would be
    read as (宮地 元彦, Japanese: 宮 地元彦): then written inverted, ``宮地, 元彦``, as LC writes
    Japanese names in the vernacular."""
    if name.literal or not name.family or not name.given or not has_han(name.family):
        return False
    read = names.parse_name(f"{name.family}{name.given}")
    return (read.family, read.given) != (name.family, name.given)


_INITIALS_FIRST = re.compile(r"(?:[A-Z]\.\s*)+\S")


def _corporate(name: Name) -> bool:
    """Whether a name is a corporate body's (110/710 2_, direct order): a literal the record says
    must not be split, other than a person's written whole (a Han name of four characters or
    fewer, 欧阳明远; a name that starts with initials, P. N. Huamán: 100/700 0_)."""
    literal = name.literal
    if not literal:
        return False
    if has_han(literal):
        return len(literal) > names.LONGEST_HAN_NAME
    return not _INITIALS_FIRST.match(literal)


def _inverted(name: Name) -> str:
    if name.literal:
        return name.literal
    if name.style == "eastern" and has_han(f"{name.family or ''}{name.given or ''}"):
        if _split_otherwise(name):
            return f"{name.family}, {name.given}"
        return f"{name.family or ''}{name.given or ''}"
    if name.family and name.given:
        return f"{name.family}, {name.given}"
    return name.family or name.given or ""


def _person(tag: str, contributor: Contributor, name: Name, relator: bool) -> marcio.DataField:
    """A 100/700 (110/710 for a corporate body): the name, then with ``relator`` the role, the
    affiliations and the ORCID."""
    value = _inverted(name)
    if _corporate(name):
        tag, ind1 = tag[0] + "10", "2"
    else:
        ind1 = "1" if name.family and not name.literal else "0"
    subfields: list[tuple[str, str]] = [("a", value)]
    if relator:
        term = ROLE_TERMS.write(contributor.role) or contributor.role
        subfields[0] = ("a", value + ",")
        subfields.append(("e", term + "."))
        code = ROLE_CODES.write(contributor.role)
        if code:
            subfields.append(("4", code))
        if contributor.affiliations:
            subfields.append(("u", " ; ".join(a.value for a in contributor.affiliations)))
        if contributor.orcid:
            subfields.append(("1", _ORCID + contributor.orcid))
    else:
        subfields[0] = ("a", value + ".")
    return marcio.DataField(tag, ind1, " ", subfields)


def _nonfiling(title: str, lang: str) -> str:
    lower = title.lower()
    for article in _ARTICLES.get(lang, ()):
        if lower.startswith(article) and len(title) > len(article):
            return str(len(article))
    return "0"


def _period(value: str) -> str:
    return value if value.endswith((".", "?", "!")) else value + "."


_YEAR_ORDER = ("published", "epub", "ppub", "collection")


def _year(record: Record) -> int | None:
    """The year the record was published (the first of ``_YEAR_ORDER`` it has)."""
    for kind in _YEAR_ORDER:
        date = record.date(kind)
        if date is not None:
            return date.year
    return None


def _fixed(record: Record, lang: str) -> str:
    """The 008 (Books layout): date type and year, place unknown, form, nature, language."""
    year = _year(record)
    dates = f"s{year:04d}    " if year else "nuuuu    "
    thesis = any(t.code == "thesis" for t in record.publication_types)
    online = "o" if record.links else " "
    nature = ("m" if thesis else " ") + "   "
    return "||||||" + dates + "xx " + "    " + " " + online + nature + " 000 0 " + lang + " d"


def _publication_type(record: Record) -> str | None:
    return next((t.code for t in record.publication_types if t.code), None)


def _host(record: Record) -> list[marcio.DataField]:
    journal = record.journal
    if journal is None and not (record.volume or record.issue or record.fpage):
        return []
    subfields: list[tuple[str, str]] = []
    if journal is not None and journal.titles:
        subfields.append(("t", journal.titles[0].value))
    parts = []
    if record.volume:
        parts.append(f"Vol. {record.volume}")
    if record.issue:
        parts.append(f"no. {record.issue}")
    g = ", ".join(parts)
    year = _year(record)
    if year:
        g += f" ({year})"
    if record.fpage:
        pages = record.fpage + (f"-{record.lpage}" if record.lpage else "")
        g += (", " if g else "") + f"p. {pages}"
    if g:
        subfields.append(("g", g.strip()))
    q = f"{record.volume or ''}:{record.issue}" if record.issue else record.volume or ""
    if record.fpage:
        q += f"<{record.fpage}"
    if q:
        subfields.append(("q", q))
    others: list[marcio.DataField] = []
    if journal is not None:
        issns = [i for i in journal.identifiers if i.scheme in _ISSN_SCHEMES]
        if issns:
            relation = ISSN_KINDS.write(issns[0].scheme)
            if relation:
                subfields.insert(0, ("i", relation))
            subfields.append(("x", issns[0].value))
        for ident in journal.identifiers:
            if ident.scheme not in _ISSN_SCHEMES:
                subfields.append(("w", f"({ident.scheme}){ident.value}"))
        # The host's other titles and ISSNs: a 773 08 each, ``$i`` saying which.
        for title in journal.titles[1:]:
            relation = TITLE_VARIANTS.write(title.variant) or ""
            others.append(marcio.DataField("773", "0", "8", [("i", relation), ("t", title.value)]))
        for issn in issns[1:]:
            subs = [("x", issn.value)]
            relation = ISSN_KINDS.write(issn.scheme)
            if relation:
                subs.insert(0, ("i", relation))
            others.append(marcio.DataField("773", "0", "8", subs))
    main = [marcio.DataField("773", "0", " ", subfields)] if subfields else []
    return main + others


def _metric(metric: Metric) -> marcio.DataField:
    subfields = [("a", metric.name), ("b", metric.value)]
    if metric.category is not None:
        if metric.category.code:
            subfields += [("c", metric.category.code), ("2", metric.category.vocabulary)]
        else:
            subfields += [("f", metric.category.labels[0].value), ("2", metric.category.vocabulary)]
    if metric.year is not None:
        subfields.append(("d", str(metric.year)))
    if metric.source:
        subfields.append(("e", metric.source))
    return marcio.DataField("981", " ", " ", subfields)


def _written(record: Record, declared: Field, key: marcio.Key) -> list[marcio.Subfields]:
    """The subfields of each field a simple declaration writes for ``record``: an identifier's
    scheme in the qualifier (024 ``$2``), a link's kind in it (856 ``$3``); the rest alike."""
    code, qualifier = key.code, key.qualifier
    items: tuple[Any, ...] = getattr(record, declared.path)
    if declared.kind == IDENTIFIER and not declared.scheme and qualifier:
        claimed = table().claimed(declared.path)
        return [
            [(code, i.value), (qualifier, ID_SOURCES.write(i.scheme) or i.scheme)]
            for i in items
            if i.scheme not in claimed
        ]
    if declared.kind == URL:
        out = []
        for link in items:
            subs = [(code, link.url)]
            material = LINK_KINDS.write(link.kind) if link.kind != "landing" else None
            if material and qualifier:
                subs.insert(0, (qualifier, material))
            if link.kind == "oa-pdf":
                subs.append(("7", "0"))  # access status: open
            out.append(subs)
        return out
    return marcio.written(items, declared, key)


def _indicators(key: marcio.Key) -> str:
    return key.indicators or "  "


def _order(item: marcio.MarcField) -> str:
    """Where a field goes: in tag order, persons and bodies (X00, X10) together in the order of
    the by-line, local fields of letters last."""
    tag = item.tag
    if tag in ("110", "710"):
        return tag[0] + "00"
    return tag if tag[0].isdigit() else "~" + tag


def marc_record(record: Record, model: str = "b") -> marcio.MarcRecord:
    """The record as a MARC 21 record: Model B (Han script where the record has it) or Model
    A (``model_a``: romanised, the Han script in 880s)."""
    romanised: dict[int, dict[str, str]] = {}
    lang = languages.spell(record.language, "iso639-2b") if record.language else "und"
    if len(lang) != 3:
        lang = "und"
    kind = _publication_type(record)
    analytic = record.journal is not None or kind == "journal-article"
    leader = "00000na" + ("a" if analytic else "m") + " a2200000 i 4500"
    fields: list[marcio.MarcField] = [marcio.ControlField("008", _fixed(record, lang))]
    fields += table().write(record, _written, _indicators)
    summaries = [
        languages.spell(p.lang.split("-")[0], "iso639-2b")
        for p in record.abstracts
        if p.lang != UND and p.lang.split("-")[0] != (record.language or "").split("-")[0]
    ]
    if record.language:
        subs = [("a", lang)] + [("b", s) for s in dict.fromkeys(summaries) if len(s) == 3]
        fields.append(marcio.DataField("041", "0", " ", subs))
    people = list(record.contributors)
    for number, person in enumerate(people):
        forms = sorted(person.names, key=lambda n: not has_han(_inverted(n)))
        tag = "100" if number == 0 else "700"
        main = _person(tag, person, forms[0], True)
        fields.append(main)
        others = forms[1:]
        if model == "a" and has_han(_inverted(forms[0])) and others:
            # The record's pinyin when it is ALA-LC's (Lin, Xingzhi); another form (CNKI's
            # Wang, Xiao-yan) stays a 700 of its own beside the ALA-LC form made here.
            own = _inverted(others[0])
            if own == _romanised_name(_inverted(forms[0])):
                romanised[id(main)] = {"a": own + ","}
                others = others[1:]
        for other in others:
            fields.append(_person("700", person, other, False))
    title = record.title
    if title is not None:
        transliterations = [
            t for t in record.titles if t.variant == "transliteration" and t is not title
        ]
        parallels = [t for t in record.titles if t is not title and t not in transliterations]
        head = "1" if people else "0"
        ind2 = _nonfiling(title.value, lang)
        if parallels:
            parallel = _period(" = ".join(t.value for t in parallels))
            subfields = [("a", title.value + " ="), ("b", parallel)]
        else:
            subfields = [("a", _period(title.value))]
        field_245 = marcio.DataField("245", head, ind2, subfields)
        fields.append(field_245)
        han = [code for code, value in subfields if has_han(value)]
        single = han == ["a"] or (han == ["b"] and len(parallels) == 1)
        if model == "a" and transliterations and single:
            roman = transliterations.pop(0).value
            romanised[id(field_245)] = {
                han[0]: roman + " =" if han[0] == "a" and parallels else _period(roman)
            }
        for text in parallels:
            fields.append(marcio.DataField("246", "3", "1", [("a", text.value)]))
        for text in transliterations:
            fields.append(marcio.DataField("246", "3", "3", [("a", text.value)]))
    if record.degree is not None:
        subs = []
        level = record.degree.level
        if level is not None and level.code:
            subs.append(("b", DEGREES.write(level.code) or level.code))
        for grantor in record.degree.grantors:
            subs.append(("c", grantor.value))
        year = _year(record)
        if subs and year:
            subs.append(("d", str(year)))
        if subs:
            fields.append(marcio.DataField("502", " ", " ", subs))
    for term in record.publication_types:
        if term.code:
            fields.append(marcio.DataField("655", " ", "7", [("a", term.code), ("2", "local")]))
        else:  # a label no vocabulary knows: an uncontrolled genre term (source not specified)
            fields += [marcio.DataField("655", " ", "4", [("a", t.value)]) for t in term.labels]
    fields += _host(record)
    for metric in record.metrics:
        fields.append(_metric(metric))
    fields += _extra_fields(record)
    fields.sort(key=_order)
    marc = marcio.MarcRecord(leader, fields)
    if record.language and _Reading(marc).record_language() != record.language:
        exact = marcio.DataField("041", " ", "7", [("a", record.language), ("2", _BCP47)])
        at = next((i for i, f in enumerate(marc.fields) if f.tag > "041"), len(marc.fields))
        marc.fields.insert(at, exact)
    if model == "a":
        marc = model_a(marc, romanised)
    marc.fields += FACTS.fields(record, lambda: record_of(marc))
    return marc


# --- What MARC 21 has no place for in a text or a name -----------------------------------------

#: The local field of what the fields do not tell of a text or a name (``marcio.Facts``): MARC 21
#: tells a field's language only by its script (880 ``$6``) and the record's 041, and has no
#: place for a name's style.
FACTS = marcio.Facts("988", (*marcio.FACT_PATHS, "metrics.category.labels"))


#: The local field holding the record's extras from other formats: ``$a`` key, ``$b`` JSON.
_EXTRAS_TAG = "989"


def _extra_fields(record: Record) -> list[marcio.MarcField]:
    """The MARC fields read into extras, as they were; other formats' extras in 989."""
    out: list[marcio.MarcField] = []
    for key, value in record.extras.items():
        if key != "marc":
            text = json.dumps(value, ensure_ascii=False, sort_keys=True)
            out.append(marcio.DataField(_EXTRAS_TAG, " ", " ", [("a", key), ("b", text)]))
    for entry in record.extras.get("marc", ()) if isinstance(record.extras, dict) else ():
        if not isinstance(entry, dict) or not isinstance(entry.get("tag"), str):
            continue
        if isinstance(entry.get("value"), str):
            out.append(marcio.ControlField(entry["tag"], entry["value"]))
        elif isinstance(entry.get("subfields"), list):
            subs = [
                (str(s[0]), str(s[1]))
                for s in entry["subfields"]
                if isinstance(s, list) and len(s) == 2
            ]
            out.append(
                marcio.DataField(
                    entry["tag"], str(entry.get("ind1", " ")), str(entry.get("ind2", " ")), subs
                )
            )
    return out


#: The fields Model A writes romanised with an 880 (a Chinese abstract: an unlinked 880).
_ROMANISED = frozenset({"100", "110", "245", "246", "502", "520", "653", "700", "710", "773"})


def model_a(
    marc: marcio.MarcRecord, romanised: dict[int, dict[str, str]] | None = None
) -> marcio.MarcRecord:
    """Model B's record in Model A: each field with Han script romanised and linked by ``$6``
    to an 880 holding it; a Chinese abstract an unlinked 880 (occurrence ``00``). ``romanised``
    gives, by field, the romanisation the record has of a subfield (a person's pinyin name, a
    title's transliteration): used instead of one made here."""
    given = romanised or {}
    out: list[marcio.MarcField] = []
    linked: list[marcio.DataField] = []
    numbers = count(1)
    for item in marc.fields:
        if (
            not isinstance(item, marcio.DataField)
            or item.tag not in _ROMANISED
            or not any(has_han(v) for _, v in item.subfields)
        ):
            out.append(item)
            continue
        if item.tag == "520":
            linked.append(
                marcio.DataField("880", item.ind1, item.ind2, [("6", "520-00/$1"), *item.subfields])
            )
            continue
        occurrence = f"{next(numbers):02d}"
        roman = []
        own = given.get(id(item), {})
        for code, value in item.subfields:
            if code in own:
                value = own[code]
            elif code == "a" and item.tag in ("100", "700") and has_han(value):
                tail = value[-1] if value[-1] in ",." else ""
                value = _romanised_name(value.rstrip(",.")) + tail
            elif has_han(value):
                value = romanise(value)
            roman.append((code, value))
        out.append(
            marcio.DataField(item.tag, item.ind1, item.ind2, [("6", f"880-{occurrence}"), *roman])
        )
        linked.append(
            marcio.DataField(
                "880",
                item.ind1,
                item.ind2,
                [("6", f"{item.tag}-{occurrence}/$1"), *item.subfields],
            )
        )
    fields = out + linked
    fields.sort(key=_order)
    return marcio.MarcRecord(marc.leader, fields)


def _validator() -> Any:
    return xmlio.xsd(str(resources.schema(_SCHEMA)))


def write(
    records: Iterable[Record],
    out: IO[str],
    *,
    form: str = "iso2709",
    model: str = "b",
    validate: bool = True,
    on_error: Callable[[Record, NormaliserError], None] | None = None,
) -> None:
    """Write records as ISO 2709 (UTF-8, one after another) or, with ``form="xml"``, as MARCXML
    (one ``record`` document, several in a ``collection``), each validated against the
    project's profile XSD unless ``validate=False``. ``model``: ``b`` (Han script in the
    fields) or ``a`` (romanised fields, Han script in linked 880s)."""
    if model not in ("a", "b"):
        raise UsageError(f"marc_model must be 'a' or 'b', not {model!r}")

    def built(record: Record) -> marcio.MarcRecord:
        return marc_record(record, model)

    if form == "xml":
        numbers = count(1)

        def build(record: Record) -> xmlio.Element:
            number = next(numbers)
            root = marcio.to_marcxml(built(record))
            if validate:
                xmlio.validated(root, _validator(), f"MARCXML record {number}")
            return root

        xmlio.write_documents(
            records,
            build,
            out,
            wrapper="collection",
            wrapper_attributes=f'xmlns="{marcio.MARC21_NS}"',
            on_error=on_error,
        )
        return
    for record in records:
        try:
            data = marcio.to_iso2709(built(record))
        except InvalidRecord as exc:
            if on_error is None:
                raise
            on_error(record, exc)
            continue
        out.write(data.decode("utf-8"))


# --- Reading -----------------------------------------------------------------------------------


def _strip(value: str, marks: str = " /:;=,.") -> str:
    return value.rstrip(marks).rstrip() or value


class _Reading:
    """One MARC record's fields, its 880s paired with their linked fields."""

    def __init__(self, marc: marcio.MarcRecord) -> None:
        self.marc = marc
        self.partners: dict[int, marcio.DataField] = {}
        self.unlinked: list[marcio.DataField] = []
        by_link: dict[str, marcio.DataField] = {}
        for item in marc.data("880"):
            link = item.first("6") or ""
            tag, _, rest = link.partition("-")
            occurrence = rest[:2]
            if occurrence == "00" or not occurrence:
                self.unlinked.append(item)
            else:
                by_link[f"{tag}-{occurrence}"] = item
        for each in marc.fields:
            if isinstance(each, marcio.DataField) and each.tag != "880":
                linking = each.first("6")
                if linking and linking.startswith("880-"):
                    partner = by_link.pop(f"{each.tag}-{linking[4:6]}", None)
                    if partner is not None:
                        self.partners[id(each)] = partner
        self.unlinked += by_link.values()  # an 880 whose field is missing: read on its own
        lang_field = marc.control("008") or ""
        code = lang_field[35:38] if len(lang_field) >= 38 else ""
        found = [f for f in marc.data("041") if f.ind2 != "7"]
        codes = [code] + [v for f in found for c, v in f.subfields if c in "ab"]
        #: The record's language as a BCP 47 tag (041 _7 ``$2 rfc5646``), when the codes do not
        #: say it all (zh of no script, en-US, und).
        self.exact = next(
            (
                f.first("a")
                for f in marc.data("041")
                if f.ind2 == "7" and f.first("2") == _BCP47 and f.first("a")
            ),
            None,
        )
        tags = [languages.parse(c) for c in codes if c.strip() and c not in ("und", "|||")]
        self.language = next((t for t in tags if t), None)
        latin = next((t for t in tags if t and t.split("-")[0] not in ("zh", "ja", "ko")), None)
        #: The language of Latin-script text: 041's, else what the text itself says.
        self.latin: str | None = latin
        #: A Chinese record's script (zh-Hans, zh-Hant), for text whose characters do not say:
        #: 041's, else its titles' and abstracts' together.
        self.chinese = self.language if (self.language or "").startswith("zh-") else None
        if self.chinese is None:
            han_text = "".join(
                v
                for f in marc.data("245") + marc.data("520") + marc.data("880")
                for c, v in f.subfields
                if c in "ab" and has_han(v)
            )
            script = detect_lang(han_text, UND)[0] if han_text else UND
            self.chinese = script if script.startswith("zh-") else None

    def record_language(self) -> str | None:
        """The record's language: 041 _7's tag, else 008/041's code with, for Chinese, the
        script its text tells."""
        if self.exact is not None:
            return self.exact
        if self.language == "zh" and self.chinese:
            return self.chinese  # the script 041 does not say, the text does
        return self.language

    def lang(self, value: str) -> str:
        """A value's tag by its script; Han text of no telling script the record's."""
        return self.retag(detect_lang(value, self.latin)[0])

    def retag(self, lang: str) -> str:
        """``lang`` of Han text as the record tells it: kanji in a Japanese record are Japanese,
        hanja in a Korean one Korean; Chinese of no telling script in the record's script."""
        if lang.startswith("zh") and self.language in ("ja", "ko"):
            return self.language
        if lang == "zh" and self.chinese:
            return self.chinese
        return lang

    def variant(self, lang: str) -> str:
        """``original`` for text in the record's language (or when it has none), else
        ``translation``."""
        if self.language is None or lang == UND:
            return "original"
        return "original" if _same_language(lang, self.language) else "translation"

    def fields(self, *tags: str) -> Iterator[tuple[marcio.DataField, marcio.DataField | None]]:
        """Each data field of ``tags`` with its 880 partner, and the unlinked 880s of them."""
        for item in self.marc.fields:
            if isinstance(item, marcio.DataField) and item.tag in tags:
                yield item, self.partners.get(id(item))
        for item in self.unlinked:
            if (item.first("6") or "")[:3] in tags:
                yield item, None

    def texts(
        self, item: marcio.DataField, partner: marcio.DataField | None, code: str
    ) -> list[Text]:
        """A subfield's values as Texts, in the 880's script when it has one (the linked
        field's romanisation of a keyword or a journal title is the 880's, derived)."""
        source = partner if partner is not None else item
        out = []
        for value in source.values(code):
            value = value.strip()
            if value:
                lang = self.lang(value)
                out.append(Text(value, lang, self.variant(lang)))
        return out


def _title_parts(field: marcio.DataField) -> list[tuple[str, str]]:
    """245's title proper and parallel titles, ISBD punctuation taken off: (``a``/``b``, text)."""
    out: list[tuple[str, str]] = []
    a, b = field.first("a"), field.first("b")
    if a:
        out.append(("a", _strip(a) if b else _strip(a, " /:;=,").removesuffix(".")))
    if b:
        out += [("b", part.strip()) for part in _strip(b).split(" = ") if part.strip()]
    return out


def _titles(reading: _Reading) -> list[Text]:
    out: list[Text] = []
    for item, partner in reading.fields("245"):
        source = partner if partner is not None else item
        parts = _title_parts(source)
        for code, value in parts:
            variant = "original" if code == "a" else "translation"
            out.append(Text(value, reading.lang(value), variant))
        if partner is not None:
            for (_, roman), original in zip(_title_parts(item), list(out), strict=False):
                if roman != original.value:
                    lang = _romanised_lang(original.lang)
                    out.append(Text(roman, lang, "transliteration"))
        break
    seen = {t.value for t in out}
    han = next((t.lang for t in out if has_han(t.value)), UND)
    for item, partner in reading.fields("246"):
        source = partner if partner is not None else item
        value = (source.first("a") or "").strip()
        if not value or value in seen:
            continue
        own = next((i for i, t in enumerate(out) if t.value == value[:-1] and value[-1] == "."), -1)
        if own >= 0:  # a 245 part whose own final period ISBD's took: 246 has it as it is
            out[own] = replace(out[own], value=value)
            seen.add(value)
            continue
        if source.ind2 == "1":
            out.append(Text(value, reading.lang(value), "translation"))
        elif source.ind2 == "3" and not has_han(value) and han != UND:
            out.append(Text(value, _romanised_lang(han), "transliteration"))
        else:
            continue
        seen.add(value)
    return out


def _linked_tag(item: marcio.DataField) -> str:
    """The tag of a field, an 880's the tag of the field it is linked to."""
    return (item.first("6") or "")[:3] if item.tag == "880" else item.tag


def _name_of(
    value: str, lang: str, variant: str, reading: _Reading, item: marcio.DataField | None = None
) -> Name:
    """A name of a 100/700 ``$a`` (or its 880): ``Family, Given``, a Han name whole or inverted
    (``宮地, 元彦``), a forename (ind1 0) or a name in direct order, kept whole (``literal``);
    a 110/710's is a body's, whole."""
    value = value.strip()
    value = value[:-1] if value.endswith((",", ".")) else value
    han = has_han(value)
    tag = _linked_tag(item) if item is not None else ""
    body = tag in ("110", "710")
    whole = body or (item is not None and item.ind1 == "0")
    if han and ", " in value and not whole:
        family, _, given = value.partition(", ")
        name = replace(names.parse_name(family + given), family=family, given=given)
    else:
        name = names.parse_name(value)
        family, comma, given = value.partition(", ")
        if comma and not whole and name.family and (name.family, name.given) != (family, given):
            # Surname, Forename as written: a particle after the forename stays there.
            name = replace(name, family=family, given=given)
        if whole and (body or name.family is not None):
            style = "eastern" if han else "western"
            name = Name(None, None, style, name.lang, name.variant, value)
    if lang != UND and not han and name.lang == UND:
        return replace(name, lang=lang, variant=variant)
    retagged = reading.retag(name.lang)
    if retagged != name.lang:
        return replace(name, lang=retagged)
    return name


def _contributors(reading: _Reading) -> list[Contributor]:
    out: list[Contributor] = []
    for item, partner in reading.fields("100", "110", "700", "710"):
        a = item.first("a")
        if not a:
            continue
        forms: list[Name] = []
        original = partner.first("a") if partner is not None else None
        if original and original.strip() != a.strip():
            han = _name_of(original, UND, "original", reading, partner)
            forms.append(han)
            tag = _romanised_lang(han.lang)
            forms.append(_name_of(a, tag, "transliteration", reading, item))
        elif original:
            forms.append(_name_of(original, UND, "original", reading, partner))
        else:
            forms.append(_name_of(a, UND, "original", reading, item))
        term = item.first("e")
        code = item.first("4")
        if term is None and code is None and out and partner is None:
            # Model B: another form of a person named before (曾明堂 → Zeng, Mingtang).
            last = out[-1]
            same = next((n for n in last.names if names.same_person(n, forms[0])), None)
            if same is not None:
                form = forms[0]
                roman = Name(
                    form.family,
                    form.given,
                    form.style,
                    _romanised_lang(same.lang),
                    "transliteration",
                    form.literal,
                )
                out[-1] = Contributor(
                    (*last.names, roman),
                    last.role,
                    last.orcid,
                    last.affiliations,
                    last.corresponding,
                )
                continue
        relator = _strip(term, " ,.") if term else None
        role = (ROLE_CODES.read(code) if code else None) or (
            (ROLE_TERMS.read(relator) or relator) if relator else None
        )
        orcid = next(
            (v.removeprefix(_ORCID) for v in item.values("1") if v.startswith(_ORCID)), None
        )
        affiliations = tuple(
            Text(part, reading.lang(part))
            for value in (partner if partner is not None else item).values("u")
            for part in value.split(" ; ")
            if part.strip()
        )
        out.append(Contributor(tuple(forms), role or "author", orcid, affiliations))
    return out


def _host_parts(reading: _Reading) -> dict[str, Any]:
    """The host item: the first 773 (its title, ISSN with ``$i`` its kind, ``$w`` other ids,
    ``$g``/``$q`` the parts), then the host's other titles and ISSNs from the 773 08 after it."""
    out: dict[str, Any] = {}
    titles: list[Text] = []
    ids: list[Identifier] = []
    first_field = True
    for item, partner in reading.fields("773"):
        relation = (item.first("i") or "").strip()
        kind = (ISSN_KINDS.read(relation) if relation else None) or "issn"
        if not first_field:
            if item.ind2 != "8":
                continue  # another host item: not the journal of this record
            variant = (TITLE_VARIANTS.read(relation) if relation else None) or "original"
            for text in reading.texts(item, partner, "t"):
                titles.append(Text(text.value, text.lang, variant))
            ids += [Identifier(kind, v.strip()) for v in item.values("x") if v.strip()]
            continue
        first_field = False
        titles += [Text(t.value, t.lang) for t in reading.texts(item, partner, "t")]
        ids += [Identifier(kind, v.strip()) for v in item.values("x") if v.strip()]
        for value in item.values("w"):
            scheme, _, ident = value.removeprefix("(").partition(")")
            if value.startswith("(") and scheme and ident:
                ids.append(Identifier(scheme, ident))
        q = item.first("q") or ""
        enum, _, first = q.partition("<")
        parts = enum.split(":") if enum else []
        if parts:
            out["volume"] = parts[0] or None
        if len(parts) > 1:
            out["issue"] = parts[1] or None
        if first:
            out["fpage"] = first
        g = item.first("g") or ""
        pages = re.search(r"p\. ([^,\s]+)-([^,\s]+)$", g)
        if pages and (not first or pages.group(1) == first):
            out["fpage"], out["lpage"] = pages.group(1), pages.group(2)
    if titles or ids:
        out["journal"] = Journal(titles=tuple(titles), identifiers=tuple(ids))
    return out


def _read(
    reading: _Reading,
    declared: Field,
    key: marcio.Key,
    pair: tuple[marcio.DataField, marcio.DataField | None],
) -> list[Any]:
    """The values a simple declaration reads from one of its fields (and its 880), by kind."""
    item, partner = pair
    code, qualifier = key.code, key.qualifier
    if declared.kind == IDENTIFIER:
        value = item.first(code)
        if declared.scheme:
            return [Identifier(declared.scheme, value)] if value else []
        source = item.first(qualifier) if qualifier else None
        return [Identifier(ID_SOURCES.read(source) or source, value)] if value and source else []
    if declared.kind == URL:
        url = item.first(code)
        material = item.first(qualifier) if qualifier else None
        kind = (LINK_KINDS.read(material) if material else None) or "landing"
        return [Link(url, kind)] if url else []
    if declared.kind == PROSE:
        value = ((partner if partner is not None else item).first(code) or "").strip()
        if not value:
            return []
        lang = reading.lang(value)
        variant = "original" if _same_language(lang, reading.language) else "translation"
        return [Text(value, lang, variant)]
    if declared.kind == TEXT:
        return reading.texts(item, partner, code)
    raise ValueError(f"marc: no simple reader for {declared.kind} ({declared.key})")


def _simple_from(reading: _Reading) -> dict[str, tuple[Any, ...]]:
    """The values of every simple declaration by record path, in the declarations' order, each
    declaration's in document order (its fields with their 880s)."""
    found = table().read(
        lambda tag: enumerate(reading.fields(tag)),
        lambda declared, key, pair: _read(reading, declared, key, pair),
    )
    return {
        path: tuple(_paragraphs(values)) if table().kind(path) == PROSE else tuple(values)
        for path, values in ((p, [v for _, v in pv]) for p, pv in found.items())
    }


def _paragraphs(texts: list[Text]) -> list[Prose]:
    """Prose of paragraphs, one a field: a run of one language is one abstract."""
    groups: list[list[Text]] = []
    for text in texts:
        if groups and groups[-1][0].lang == text.lang:
            groups[-1].append(text)
        else:
            groups.append([text])
    return [Prose(tuple(g)) for g in groups]


def _same_language(lang: str, language: str | None) -> bool:
    return language is not None and lang.split("-")[0] == language.split("-")[0]


def _metrics(reading: _Reading) -> list[Metric]:
    out = []
    for item, _ in reading.fields("981"):
        name, value = item.first("a"), item.first("b")
        if not name or not value:
            continue
        category = None
        c, label, vocabulary = item.first("c"), item.first("f"), item.first("2")
        if c and vocabulary:
            category = Term(vocabulary, c)
        elif label and vocabulary:
            category = Term(vocabulary, None, (Text(label, reading.lang(label)),))
        year = item.first("d")
        out.append(
            Metric(
                name,
                value,
                category,
                int(year) if year and year.isdigit() else None,
                item.first("e"),
            )
        )
    return out


def _kept_880(item: marcio.MarcField) -> bool:
    """Whether ``item`` is an 880 of a field the record has no place for (kept in extras)."""
    if not isinstance(item, marcio.DataField) or item.tag != "880":
        return False
    return (item.first("6") or "")[:3] not in table().mapped


def record_of(marc: marcio.MarcRecord) -> Record:
    """A MARC 21 record as a Record (880s paired); fields it has no place for in extras."""
    reading = _Reading(marc)
    values: dict[str, Any] = {}
    values["titles"] = tuple(_titles(reading))
    values["contributors"] = tuple(_contributors(reading))
    values.update(_simple_from(reading))
    values.update(_host_parts(reading))
    types = []
    for item, partner in reading.fields("655"):
        value = (item.first("a") or "").strip()
        if item.ind2 == "7" and item.first("2") == "local" and value:
            types.append(Term("publication-type", value))
        elif item.ind2 == "4" and value:
            labels = tuple(reading.texts(item, partner, "a"))
            types.append(
                Term(
                    "publication-type", None, tuple(replace(t, variant="original") for t in labels)
                )
            )
    values["publication_types"] = tuple(types)
    for item, partner in reading.fields("502"):
        level = item.first("b")
        code = DEGREES.read(level) if level else None
        holder = partner if partner is not None else item
        grantors = tuple(Text(v, reading.lang(v)) for v in holder.values("c"))
        values["degree"] = Degree(Term("degree", code) if code else None, grantors)
        break
    values["metrics"] = tuple(_metrics(reading))
    values["language"] = reading.record_language()
    fixed = marc.control("008") or ""
    if len(fixed) >= 11 and fixed[6] == "s" and fixed[7:11].isdigit():
        values["dates"] = (Dated("published", PartialDate(int(fixed[7:11]))),)
    extras: list[dict[str, Any]] = []
    others: dict[str, Any] = {}
    known = table().mapped
    for entry in marc.fields:
        if isinstance(entry, marcio.DataField) and entry.tag == _EXTRAS_TAG:
            key, text = entry.first("a"), entry.first("b")
            if key and text is not None and key != "marc":
                try:
                    others[key] = json.loads(text)
                    continue
                except ValueError:
                    pass
        if (entry.tag in known and not _kept_880(entry)) or FACTS.owns(entry):
            continue
        if isinstance(entry, marcio.ControlField):
            if entry.tag == "001":
                continue
            extras.append({"tag": entry.tag, "value": entry.value})
        else:
            extras.append(
                {
                    "tag": entry.tag,
                    "ind1": entry.ind1,
                    "ind2": entry.ind2,
                    "subfields": [[c, v] for c, v in entry.subfields],
                }
            )
    if extras:
        others["marc"] = extras
    if others:
        values["extras"] = others
    values["provenance"] = Provenance(NAME, record_id=marc.control("001"))
    return FACTS.told(Record(**values), marc)


def read(source: Source, *, strict: bool = False) -> Iterator[Record | Reject]:
    """Every record of an ISO 2709 file or a MARCXML document (a ``record`` or a
    ``collection``); a record that cannot be read is a Reject with its bytes."""
    head = source.head(1024).lstrip(b"\xef\xbb\xbf \t\r\n")
    number = 0
    if head.startswith(b"<"):
        # Streamed, each reject with its bytes as written (``xmlio.Spans``): the document's
        # ``record`` element, or each ``record`` of its root (a ``collection``).
        spans = xmlio.Spans(source.stream)
        for element in xmlio.iter_elements(source.stream, {"record"}, source.name, spans):
            parent = element.getparent()
            if parent is not None and parent.getparent() is not None:
                continue  # a record deeper in some other document is not MARCXML's
            number += 1
            try:
                yield record_of(marcio.from_marcxml(element))
            except InvalidRecord as exc:
                yield xmlio.original_reject(exc, element, spans, source, number)
        return
    for offset, piece in marcio.split_iso2709(source.stream):
        number += 1
        try:
            yield record_of(marcio.from_iso2709(piece))
        except InvalidRecord as exc:
            text, kept_data = kept([piece.decode("utf-8", "replace")], [piece])
            yield Reject(exc, text, number, None, offset, source.name, kept_data)
