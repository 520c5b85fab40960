"""Line-tagged bibliographic formats (NoteExpress, Refer, RefWorks, CNKI E-Study, RIS): a record
is a run of (tag, value) lines. This module splits a source into records, maps each tag through
the format's declarative table to a slot, builds the Record from the slots, and flattens a Record
back into slots for the formats that write, and writes what those slots cannot say on a line
of its own (``fidelity_line``). A format module is mostly its ``Table``.
"""

from __future__ import annotations

import functools
import html
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import MISSING, dataclass, field, fields, replace
from typing import IO, Any

from . import languages, vocab
from . import names as _names
from .crosswalk import CASE, EXACT, LOOSE, Crosswalk
from .dates import ParsedDate, publication_dated
from .dates import written as written_date
from .errors import RECORD, InvalidRecord, add_problem, shown
from .identifiers import bad_url_note, is_url, normalise_doi, normalise_issn, normalise_url
from .pages import parse as parse_pages
from .pages import statement as page_statement
from .record import (
    UND,
    Conference,
    Contributor,
    Dated,
    Degree,
    Identifier,
    Journal,
    Link,
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
)
from .sections import structure, written
from .sniffs import Syntax, sniff_lines  # light, for the registry: re-exported here
from .sources import Line, Source, check_json_depth, encoding_note, kept
from .text import (
    detect_lang,
    follow_declared,
    has_han,
    prose,
    settle_scripts,
    squeeze,
    strip_illegal,
)

#: Hard limit that keeps a hostile file from exhausting memory with one endless record.
MAX_RECORD_LINES = 100_000

# --- Slots ----------------------------------------------------------------------------------
# The slots a tag can fill: the vocabulary every table maps to and every writer reads from.
SLOTS = frozenset(
    {
        "type",  # reference type → publication type
        "title",
        "title_tr",  # the translated (English) title
        "author",
        "author_tr",  # translated (pinyin) authors, paired with the Han ones
        "supervisor",  # thesis supervisor (tertiary author)
        "editor",
        "affiliation",
        "journal",
        "journal_tr",
        # RIS J2: a second journal title, its translation when in another language than the
        # journal's titles so far, else its abbreviation (J2 is "Nat Med" in PubMed exports).
        "journal_alt",
        "secondary_title",  # conference name, newspaper, book of a chapter: by record type
        "year",
        "date",  # a full date: the publication date, a conference paper's meeting date
        "volume",
        "issue",
        "pages",
        "last_page",  # RIS EP beside SP
        "keywords",
        "keywords_tr",
        "abstract",
        "abstract_tr",
        "issn_isbn",  # ISSN, ISBN, standard or patent number: told apart by shape and type
        "issn",
        "isbn",
        "cn",  # the Chinese serial number 11-1949/U
        "notes",  # CNKI writes the CN number here; anything else stays in extras
        "provider",  # the database provider: CNKI, Wanfang, VIP
        "url",
        "doi",
        "language",
        "publisher",
        "place",
        "degree",  # type of work: 博士/硕士
        "record_id",
        "clc",  # 中图分类号
        "edition",  # a book's edition, as written (RIS ET)
        "series",  # a book's series title (RIS T3)
        # The record's facts the other tags cannot say, as canonical JSON (``fidelity``).
        "fidelity",
    }
)
#: What the tagged formats carry beside their slots: source fields of no slot, written back as
#: their own tags (``flatten``), and the format a record was read from.
CODE_KEEPS = frozenset({"extras"})
#: The record paths each slot fills (``build``) and is written from (``flatten``): the tagged
#: formats' field declarations, for the crosswalk document and the KEEPS checks. A slot read
#: only (never written) is marked so.
SLOT_PATHS: dict[str, tuple[tuple[str, ...], str]] = {
    "type": (("publication_types",), ""),
    "title": (("titles",), ""),
    "title_tr": (("titles",), "the translated title"),
    "author": (("contributors.names", "contributors.role"), "authors; Han and pinyin forms paired"),
    "author_tr": (("contributors.names",), "the authors' translated (pinyin) names"),
    "supervisor": (("contributors.names", "contributors.role"), "thesis supervisors"),
    "editor": (("contributors.names", "contributors.role"), "editors"),
    "affiliation": (("affiliations",), ""),
    "journal": (("journal.titles",), ""),
    "journal_tr": (("journal.titles",), "the translated journal title"),
    "journal_alt": (
        ("journal.titles", "journal.abbreviations"),
        "the journal's other-language title, or its abbreviation when in the same language",
    ),
    "secondary_title": (
        ("conference.names", "journal.titles"),
        "meeting, newspaper or book: by record type",
    ),
    "year": (("dates",), "the publication year"),
    "date": (("dates", "conference.date"), "a full publication date; a paper's meeting date"),
    "volume": (("volume",), ""),
    "issue": (("issue",), ""),
    "pages": (("fpage", "lpage", "page_range", "elocation_id"), ""),
    "last_page": (("lpage",), "RIS EP beside SP"),
    "keywords": (("keywords",), ""),
    "keywords_tr": (("keywords",), "translated keywords"),
    "abstract": (("abstracts",), ""),
    "abstract_tr": (("abstracts",), "the translated abstract"),
    "issn_isbn": (("journal.identifiers", "identifiers"), "ISSN, ISBN, standard or patent number"),
    "issn": (("journal.identifiers",), "read only"),
    "isbn": (("identifiers",), "read only"),
    "cn": (("journal.identifiers",), "the CN serial number"),
    "notes": (("journal.identifiers",), "read only: a CN number; anything else to extras"),
    "provider": (("provenance.platform",), ""),
    "url": (("links",), ""),
    "doi": (("identifiers",), ""),
    "language": (("language",), ""),
    "publisher": (
        ("journal.publishers", "publisher.names", "degree.grantors", "contributors.names"),
        "a patent's: its holder (assignee)",
    ),
    "place": (("publisher.places", "conference.places"), "a conference paper's: the meeting's"),
    "degree": (("degree.level",), ""),
    "record_id": (("provenance.record_id",), ""),
    "clc": (("subjects",), "中图分类号 (CLC) codes"),
    "edition": (("edition",), ""),
    "series": (("series",), "a book's series title"),
    "fidelity": ((), "what the other tags cannot say, taken back where it agrees with them"),
}


@dataclass(frozen=True)
class Table:
    """A format's tags: ``tags`` maps each tag as written to its slot (the first tag of a slot
    is the one the writer uses); ``types`` maps the format's record types to publication-type
    codes (the first spelling of a code is the one written). Both are read through crosswalks
    (``slots``, ``type_codes``) built from these declarations."""

    tags: tuple[tuple[str, str], ...]
    types: tuple[tuple[str, str], ...] = ()
    #: Tags read case-insensitively (RefWorks writes ``vo`` beside ``VO``).
    fold_case: bool = False
    #: The type written for a record of no type, read back as no type.
    default_type: str = ""
    #: Tags are bilingual labels (``Title-题名``) matched on either half.
    label_halves: bool = False
    #: Tags the format's exports write that have no canonical home: read and kept verbatim in
    #: extras deliberately (``--strict`` refuses only tags neither mapped nor kept).
    kept: tuple[str, ...] = ()
    #: Latin-script names written family first with a comma (RIS ``AU  - Boobier, Tony``).
    inverted_names: bool = False
    #: Every second form of a name written under the translated-author tag, the pinyin the
    #: reader would generate too (RIS keeps its ``TA`` lines); else only forms it would not.
    all_name_forms: bool = False
    #: How the writer joins an abstract's paragraphs and writes a full date (RIS: a blank line,
    #: ``2025/05/12/``); the reader checks the fidelity line against the tags written so.
    paragraph: str = "(#br)"
    date_format: Callable[..., str] = written_date
    #: Which keys of a record's extras the writer writes as tags of their own (RIS: only
    #: those spelled as RIS tags).
    extra_tag: Callable[[str], bool] = field(default=lambda key: True, compare=False)
    #: Slot ⇄ tag, and publication-type code ⇄ record type: derived from ``tags`` and ``types``.
    slots: Crosswalk[str] = field(init=False, repr=False, compare=False)
    type_codes: Crosswalk[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        unknown = {slot for _, slot in self.tags} - SLOTS
        if unknown:
            raise ValueError(f"unknown slots {sorted(unknown)}")
        slots = Crosswalk(
            "tags", ((slot, tag) for tag, slot in self.tags), fold=CASE if self.fold_case else EXACT
        )
        object.__setattr__(self, "slots", slots)
        types = Crosswalk("types", ((code, name) for name, code in self.types), fold=LOOSE)
        object.__setattr__(self, "type_codes", types)

    def slot(self, tag: str) -> str | None:
        """The slot of ``tag``; a bilingual label (``Title-题名``) matches on either half, the
        Chinese half first (``PageCount-页码`` is pages, ``PageCount-页数`` a count)."""
        for key in self._keys(tag):
            found = self.slots.read(key)
            if found is not None:
                return found
        return None

    def is_kept(self, tag: str) -> bool:
        """Whether ``tag`` (matched as ``slot`` matches) is one the format keeps verbatim."""

        def fold(key: str) -> str:
            return key.casefold() if self.fold_case else key

        kept = {fold(k) for k in self.kept}
        return any(fold(key) in kept for key in self._keys(tag))

    def _keys(self, tag: str) -> list[str]:
        """``tag``, and for a bilingual label its Chinese half, then its English half."""
        keys = [tag]
        if self.label_halves and "-" in tag:
            english, _, chinese = tag.partition("-")
            keys += [chinese.strip(), english.strip()]
        return keys

    def tag(self, slot: str) -> str | None:
        return self.slots.write(slot)

    def type_code(self, value: str) -> str | None:
        return self.type_codes.read(value)

    def type_name(self, code: str) -> str | None:
        return self.type_codes.write(code)


def _fold(value: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", value)).strip().casefold()


# --- Splitting a source into records ----------------------------------------------------------


@dataclass
class Chunk:
    """The lines of one record: (tag, value lines) entries in order, where it is, and its text
    and bytes as written (``texts``/``originals``: its lines, or pieces of a line that holds a
    glued tag, line ends included)."""

    line: int
    offset: int
    lines: list[str] = field(default_factory=list)
    entries: list[tuple[str, list[str]]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    originals: list[bytes] = field(default_factory=list)
    #: A line was decoded as GB18030 in a file that is not (``Line.guessed``).
    guessed: bool = False

    def take(self, text: str, original: bytes, end: str) -> None:
        self.lines.append(text)
        self.texts.append(text + end)
        self.originals.append(original)

    def kept(self) -> tuple[str, bytes | None]:
        """The record's text and, when its UTF-8 is not them, its original bytes; blank lines
        after the record are left out."""
        size = len(self.texts)
        while size > 1 and not self.lines[size - 1].strip():
            size -= 1
        return kept(self.texts[:size], self.originals[:size])

    @property
    def raw(self) -> str:
        return self.kept()[0]


def _same(a: str, b: str, fold: bool) -> bool:
    return a.casefold() == b.casefold() if fold else a == b


def chunks(lines: Iterable[Line], syntax: Syntax) -> Iterator[Chunk]:
    """Split lines into records at the start tag (never at blank lines: abstracts hold them);
    untagged lines continue the value above them. Text before the first record is a chunk of
    its own with an error, so that it is reported, not lost."""
    current: Chunk | None = None
    start: str | None = None
    closed = False
    for line in lines:
        # A damaged line is not split at glued tags: its text does not measure its bytes.
        pieces = [line.text] if line.error else _split_glued(line.text, syntax)
        data = line.original()
        offset = line.offset
        for index, text in enumerate(pieces):
            last = index == len(pieces) - 1
            size = len(data) if last else len(text.encode(line.encoding))
            original, data = data[:size], data[size:]
            match = syntax.line.match(text)
            tag = match.group("tag").strip() if match else None
            if tag is not None and syntax.known is not None:
                last_tag = current.entries[-1][0] if current and current.entries else None
                if not syntax.known(tag, last_tag):
                    tag = None
            is_start = tag is not None and (
                _same(tag, start, syntax.fold_case)
                if start
                else any(_same(tag, s, syntax.fold_case) for s in syntax.starts)
            )
            if current is not None and len(current.lines) >= MAX_RECORD_LINES and not is_start:
                # An endless record: set aside what it has so far (memory stays flat) and go
                # on with the rest as a record of its own, until the next start tag.
                add_problem(current.errors, f"more than {MAX_RECORD_LINES} lines in one record")
                yield current
                current = Chunk(line.number, offset)
                add_problem(
                    current.errors, f"the rest of a record of more than {MAX_RECORD_LINES} lines"
                )
            if is_start or (current is not None and closed and text.strip()):
                if current is not None:
                    yield current
                if is_start and start is None and tag is not None:
                    start = tag
                current = Chunk(line.number, offset)
                closed = False
                if not is_start:
                    add_problem(current.errors, "text after the end of a record", line.number)
            elif current is None:
                if not text.strip():
                    continue
                current = Chunk(line.number, offset)
                add_problem(
                    current.errors,
                    f"text before the first record (a record starts with "
                    f"{' or '.join(syntax.starts)})",
                    line.number,
                )
            current.take(text, original, line.end if last else "")
            current.guessed = current.guessed or (line.guessed and line.encoding == "gb18030")
            offset += size
            if line.error:
                add_problem(current.errors, line.error, line.number)
            if closed:
                continue
            if tag is not None and match is not None:
                if syntax.end and _same(tag, syntax.end, syntax.fold_case):
                    closed = True
                    continue
                current.entries.append((tag, [match.group("value") or ""]))
            elif current.entries:
                current.entries[-1][1].append(text)
            elif text.strip():
                add_problem(current.errors, "a value without a tag", line.number)
    if current is not None:
        yield current


def _split_glued(text: str, syntax: Syntax) -> list[str]:
    """A tag glued to the end of the previous line (``…关键词%X 摘要``) opens a line of its own."""
    if syntax.glued is None:
        return [text]
    out: list[str] = []
    while True:
        match = syntax.glued.search(text, 1)
        if not match:
            out.append(text)
            return out
        out.append(text[: match.start("glue")])
        text = text[match.start("glue") :]


# --- Values --------------------------------------------------------------------------------


def joined(lines: list[str]) -> str:
    """One value from its lines: continuation lines joined, blank lines kept as paragraph
    breaks, characters XML cannot carry removed."""
    value = "\n".join(lines).strip()
    return strip_illegal(value)[0]


def one_line(lines: list[str]) -> str:
    return squeeze(joined(lines))


_SPLIT_STRONG = re.compile(r"\s*[;；]+\s*")
_SPLIT_ANY = re.compile(r"\s*[;；,，、]+\s*")


def split_values(value: str) -> list[str]:
    """Keywords and similar lists: ``a;b;c``, ``a;;b``, ``a；b``, ``a,b``, ``a，b``."""
    parts = (_SPLIT_STRONG if re.search("[;；]", value) else _SPLIT_ANY).split(value)
    return [p.strip().rstrip(".。") for p in parts if p.strip().rstrip(".。")]


# CNKI inline markup: paragraph breaks, a lead-in mark, superscripts and subscripts.
_CNKI_BREAK = re.compile(r"\(#br\)|\n\s*\n")
_CNKI_LEAD = re.compile(r"^\s*<正>\s*")
_CNKI_SUP = re.compile(r"~\(([^()~_]{1,12})\)")
_CNKI_SUB = re.compile(r"_\(([^()~_]{1,12})\)|(?<=[A-Za-z)\]])_(\d{1,3})")


def cnki_html(value: str) -> list[str]:
    """CNKI markup → HTML paragraphs: ``(#br)`` and blank lines break paragraphs, a leading
    ``<正>`` is dropped, ``Ca~(2+)`` is a superscript, ``H_3PO_4`` and ``x_(i)`` subscripts.
    Everything else is escaped, so ``p<0.05`` stays text."""
    out = []
    for part in _CNKI_BREAK.split(value):
        part = _CNKI_LEAD.sub("", part).strip()
        if not part:
            continue
        escaped = html.escape(part, quote=False)
        escaped = _CNKI_SUP.sub(r"<sup>\1</sup>", escaped)
        escaped = _CNKI_SUB.sub(lambda m: f"<sub>{m.group(1) or m.group(2)}</sub>", escaped)
        out.append(escaped)
    return out


def cnki_prose(value: str, variant: str, latin: str = "en", kind: str = "abstract") -> Prose | None:
    """An abstract written with CNKI markup as ``Prose`` in the language its script shows."""
    paragraphs = cnki_html(value)
    if not paragraphs:
        return None
    found = prose("".join(f"<p>{p}</p>" for p in paragraphs), UND, variant, kind)
    if found is None:
        return None
    if kind == "abstract":
        found = structure(found)
    # The language is the text's, not its headings' (an English "Background:" before Chinese).
    lang, _ = detect_lang(" ".join(p.value for p in found.paragraphs), latin)
    return found.with_paragraphs(tuple(replace(p, lang=lang) for p in found.paragraphs))


def cnki_text(value: str, variant: str, latin: str = "en") -> Text | None:
    """A one-line text (title, journal) written with CNKI markup, its language from its script."""
    found = cnki_prose(squeeze(value), variant, latin)
    if found is None:
        return None
    if len(found.paragraphs) == 1:
        return found.paragraphs[0]
    return Text(" ".join(p.value for p in found.paragraphs), found.lang, variant)


def cnki_markup(text: Text) -> str:
    """A ``Text`` written back with CNKI markup: sup ``~(…)``, sub ``_(…)`` (bold and italic
    have no CNKI spelling and are dropped)."""
    events: list[tuple[int, int, str]] = []
    for mark in text.marks:
        if mark.kind == "sup":
            events += [(mark.start, 1, "~("), (mark.end, 0, ")")]
        elif mark.kind == "sub":
            events += [(mark.start, 1, "_("), (mark.end, 0, ")")]
    events.sort(key=lambda e: (e[0], e[1]))
    out, pos = [], 0
    for at, _, token in events:
        out.append(text.value[pos:at])
        out.append(token)
        pos = at
    out.append(text.value[pos:])
    return "".join(out)


# --- Slots → Record ---------------------------------------------------------------------------


@dataclass
class Slots:
    """A record's values by slot (in order), its unmapped tags, and the tag each slot was read
    from (so that a bad value is reported in the source's own words)."""

    values: dict[str, list[str]] = field(default_factory=dict)
    extras: dict[str, Any] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)

    def add(self, slot: str, tag: str, value: str) -> None:
        self.values.setdefault(slot, []).append(value)
        self.tags.setdefault(slot, tag)

    def first(self, slot: str) -> str | None:
        found = self.values.get(slot)
        return found[0] if found else None

    def all(self, slot: str) -> list[str]:
        return self.values.get(slot, [])


def slots_of(chunk: Chunk, table: Table, *, strict: bool = False) -> Slots:
    """Map a record's entries through ``table``; an unmapped tag goes to extras verbatim (a
    repeated one as a list), or is an error in ``strict`` mode."""
    slots = Slots()
    unknown: list[str] = []
    for tag, lines in chunk.entries:
        slot = table.slot(tag)
        if slot == "fidelity":  # JSON: its spaces are its values' (a wrapped line rejoined)
            value = "".join(lines).strip()
        elif slot in ("abstract", "abstract_tr"):
            value = joined(lines)
        else:
            value = one_line(lines)
        if not value:
            continue
        if slot is None:
            if strict and not table.is_kept(tag):
                unknown.append(tag)
            _repeat(slots.extras, tag, value)
            continue
        slots.add(slot, tag, value)
    if unknown:
        raise InvalidRecord({t: ["unknown tag (strict mode)"] for t in unknown})
    return slots


#: The slots a record cannot stand without (README "Core and secondary fields"): a value of
#: one of them that does not parse rejects the record. A value of any other slot that does not
#: parse (a CN number without its class, a patent number in Notes, a URL with spaces) is kept
#: verbatim in extras under its tag, with a warning, and the record goes on.
CORE_SLOTS = frozenset(
    {
        "type",
        "title",
        "title_tr",
        "author",
        "author_tr",
        "year",
        "date",
        "volume",
        "issue",
        "pages",
        "doi",
        "issn_isbn",
        "issn",
        "isbn",
    }
)


class _Errors:
    """Every problem of one record, keyed by the tag that holds it, raised at once; a problem
    of a secondary slot (not in ``CORE_SLOTS``) is kept aside instead (``secondary``)."""

    def __init__(self, slots: Slots) -> None:
        self.slots = slots
        self.messages: dict[str, list[str]] = {}
        #: Problems of secondary slots, by slot.
        self.secondary: dict[str, list[str]] = {}

    def add(self, slot: str, exc: InvalidRecord | str, tag: str | None = None) -> None:
        """``exc`` as a problem of ``slot``, named by its tag (or by ``tag``, where the problem
        is another tag's of the same slot: RIS EP of the pages)."""
        tag = tag or self.slots.tags.get(slot, slot)
        found = [exc] if isinstance(exc, str) else [m for ms in exc.messages.values() for m in ms]
        if slot not in CORE_SLOTS and slot in self.slots.values:
            self.secondary.setdefault(slot, []).extend(found)
            return
        self.messages.setdefault(tag, []).extend(found)

    def raise_any(self, extras: dict[str, Any], notes: list[Note]) -> None:
        """Raise the problems of core slots; keep each secondary slot with a problem verbatim
        in ``extras`` under its tag (every value it had) and say so in ``notes``."""
        if self.messages:
            raise InvalidRecord(self.messages)
        for slot, messages in self.secondary.items():
            tag = self.slots.tags[slot]
            values = self.slots.all(slot)
            extras[tag] = values[0] if len(values) == 1 else list(values)
            notes.append(Note("unparsed", tag, "; ".join(messages) + ": kept verbatim in extras"))


PLATFORMS = (
    ("CNKI", ("cnki", "中国知网", "知网", "中國知網", "china national knowledge infrastructure")),
    ("Wanfang", ("wanfang", "万方", "万方数据", "萬方", "万方数据知识服务平台")),
    ("VIP", ("vip", "cqvip", "维普", "維普", "维普资讯", "维普网")),
)


def platform(value: str) -> str:
    """CNKI, Wanfang or VIP for their spellings (中国知网, 万方数据…); anything else as written."""
    key = _fold(value)
    for name, spellings in PLATFORMS:
        if key == name.casefold() or any(key.startswith(_fold(s)) for s in spellings):
            return name
    return value


def degree_term(value: str) -> Term:
    """博士 → doctoral, 硕士/碩士 → masters, 学士 → bachelors (the degree catalogue's spellings);
    a degree it does not know is kept as its label."""
    code = vocab.code_for("degree", value)
    if code:
        return Term("degree", code)
    lang, _ = detect_lang(value, "en")
    return Term("degree", None, (Text(value, lang),))


_CN = re.compile(r"^(?:CN\s*)?(\d{2}-\d{4}/[A-Z0-9]{1,4})$", re.IGNORECASE)
_ISSN = re.compile(r"^\d{4}-?\d{3}[\dXx]$")
_ISBN = re.compile(r"^(?:ISBN[:：\s]*)?(97[89][-\s]?)?\d[\d\-\s]{8,15}[\dXx]$", re.IGNORECASE)


def build(slots: Slots, table: Table, fmt: str) -> Record:
    """The Record a tagged record's slots describe; raises ``InvalidRecord`` keyed by tag."""
    errors = _Errors(slots)
    notes: list[Note] = []
    extras = dict(slots.extras)

    def keep(slot: str) -> None:
        for value in slots.all(slot):
            tag = slots.tags.get(slot, slot)
            extras[tag] = value if tag not in extras else [*_listed(extras[tag]), value]

    # Record type.
    types: list[Term] = []
    code = None
    raw_types = [t for t in slots.all("type") if _fold(t) != _fold(table.default_type)]
    raw_type = next(
        (t for t in raw_types if table.type_code(t)), raw_types[0] if raw_types else None
    )
    if raw_type:
        code = table.type_code(raw_type)
        if code is None:
            lang, _ = detect_lang(raw_type, "en")
            types.append(Term("publication-type", None, (Text(raw_type, lang),)))
            notes.append(
                Note("unknown-label", slots.tags["type"], f"{shown(raw_type)} kept verbatim")
            )
        else:
            types.append(Term("publication-type", code))

    # Titles.
    titles: list[Text] = []
    for slot, variant in (("title", "original"), ("title_tr", "translation")):
        for raw in slots.all(slot):
            text = cnki_text(raw, variant)
            if text is not None:
                titles.append(_variant_by_lang(text, titles) if slot == "title" else text)

    # People: a kanji name in a Japanese record (declared, or a kana title) is not cut as a
    # Chinese one.
    raw_lang = slots.first("language")
    japanese = _names.japanese(languages.parse(raw_lang) if raw_lang else None, titles)
    contributors = _people(slots, errors, table.inverted_names, japanese)

    # Container.
    journal_titles: list[Text] = []
    for slot, variant in (("journal", "original"), ("journal_tr", "translation")):
        for raw in slots.all(slot):
            text = cnki_text(raw, variant)
            if text is not None and text not in journal_titles:
                journal_titles.append(
                    _variant_by_lang(text, journal_titles) if slot == "journal" else text
                )
    conference = None
    secondary = [t for raw in slots.all("secondary_title") if (t := cnki_text(raw, "original"))]
    if code == "conference-paper" and secondary:
        conference = Conference(names=tuple(secondary))
    elif secondary and not journal_titles and code not in _NO_CONTAINER:
        # The container's title where the export has no journal tag (a newspaper, RIS T2).
        journal_titles = [_variant_by_lang(t, secondary[:i]) for i, t in enumerate(secondary)]
    elif secondary and not (
        code == "thesis" and {t.value for t in secondary} <= set(slots.all("publisher"))
    ):  # a thesis's secondary title repeats its university: nothing to keep
        keep("secondary_title")

    # After T2, which may be the journal's title (RIS from CNKI converters).
    abbreviations: list[Text] = []
    for raw in slots.all("journal_alt"):
        text = cnki_text(raw, "translation")
        if text is None:
            continue
        if journal_titles and all(_differs(text.lang, t.lang) for t in journal_titles):
            journal_titles.append(text)
        elif text not in abbreviations:
            abbreviations.append(replace(text, variant="original"))
    journal_ids: list[Identifier] = []
    identifiers: list[Identifier] = []
    for slot in ("issn_isbn", "issn", "isbn"):
        for raw in slots.all(slot):
            _identifier(raw, slot, code, journal_ids, identifiers, errors)
    for slot in ("cn", "notes"):
        for raw in slots.all(slot):
            match = _CN.match(raw.strip())
            if match:
                ident = Identifier("cn", match.group(1).upper())
                if ident not in journal_ids:
                    journal_ids.append(ident)
            elif slot == "cn":
                errors.add(slot, f"{shown(raw)} is not a CN serial number (such as 11-1949/U)")
            else:
                tag = slots.tags[slot]
                extras[tag] = raw if tag not in extras else [*_listed(extras[tag]), raw]

    # Numbers and pages.
    volume = _number(slots.first("volume"))
    issue = _number(slots.first("issue"))
    fpage = lpage = page_range = elocation = None
    all_pages = slots.all("pages")
    raw_pages = all_pages[0] if all_pages else None
    last_page = slots.first("last_page")
    joined: tuple[str, str] | None = None  # RIS SP and EP, read as one range
    if last_page and raw_pages and raw_pages.strip().isalnum() and last_page.strip().isalnum():
        joined = (raw_pages.strip(), last_page.strip())
        raw_pages = "-".join(joined)
    elif last_page and not (raw_pages and _ends_at(raw_pages, last_page)):
        keep("last_page")  # an end page beside no start page, or one that contradicts it
    if len(all_pages) == 2 and all(p.strip().isalnum() for p in all_pages):
        raw_pages = "-".join(p.strip() for p in all_pages)  # a start tag and an end tag
    elif len(all_pages) > 1:
        keep_pages = all_pages[1:]
        tag = slots.tags["pages"]
        extras[f"{tag} (more)"] = keep_pages[0] if len(keep_pages) == 1 else keep_pages
    if raw_pages:
        try:
            pages = parse_pages(raw_pages, slots.tags["pages"])
        except InvalidRecord as exc:
            errors.add("pages", *(_joined_pages_error(joined, slots.tags) if joined else (exc,)))
        else:
            fpage, lpage, page_range = pages.first, pages.last, pages.statement
            if page_range:  # one spelling of a statement: "94-98, 93" (as citations write it)
                page_range = re.sub(r"\s*,\s*", ", ", page_range)
            elocation = pages.elocation_id
            if pages.note:
                notes.append(Note("repaired", slots.tags["pages"], pages.note))

    # Dates.
    dates: list[Dated] = []
    year = slots.first("year")
    published: PartialDate | None = None
    season: str | None = None  # an issue's season or months beside its year (2018 May-Aug)
    if year:
        parsed = _date(year, "year", errors)
        if parsed is not None:
            published, season = PartialDate(parsed.date.year), parsed.season
    meeting: PartialDate | None = None
    for raw in slots.all("date"):
        parsed = _date(raw, "date", errors)
        if parsed is None:
            continue
        found = parsed.date
        if code == "conference-paper":
            meeting = found
        elif published is None or (found.year == published.year and found.precision != "year"):
            published, season = found, parsed.season
        elif found == published and parsed.season and season in (None, parsed.season):
            season = parsed.season
        else:
            keep("date")
    if published is not None:
        dates.append(Dated("published", published, season=season))
    if meeting is not None:
        conference = replace(conference or Conference(), date=meeting)

    # Publisher, place, degree.
    publishers = [t for raw in slots.all("publisher") if (t := _plain(raw))]
    places = [t for raw in slots.all("place") if (t := _plain(raw))]
    degree = None
    publisher = None
    journal_publishers: list[Text] = []
    if code == "patent":
        # A patent's publisher is its holder (the assignee: RIS PB of a PAT record).
        contributors += [Contributor((_organisation(t),), role="holder") for t in publishers]
        publishers = []
    if code == "thesis":
        # CNKI's 来源库 names the degree (博士, 硕士) where other exports have a type of work.
        level = slots.first("degree") or next((t for t in raw_types if degree_term(t).code), None)
        degree = Degree(degree_term(level) if level else None, tuple(publishers))
        if places:
            publisher = Publisher(places=tuple(places))
    else:
        if slots.all("degree"):
            keep("degree")
        if code == "conference-paper" and places:
            conference = replace(conference or Conference(), places=tuple(places))
            places = []
        if code == "journal-article" or (code is None and journal_titles):
            journal_publishers = publishers
            publishers = []
        if publishers or places:
            publisher = Publisher(tuple(publishers), tuple(places))
        elif journal_publishers and places:
            publisher = Publisher(places=tuple(places))

    # Identifiers and links.
    for raw in slots.all("doi"):
        try:
            ident = Identifier("doi", normalise_doi(raw, slots.tags["doi"]))
        except InvalidRecord as exc:
            errors.add("doi", exc)
        else:
            if ident not in identifiers:
                identifiers.insert(0, ident)
    links: list[Link] = []
    for raw in slots.all("url"):
        for url in raw.split():
            if not is_url(url):
                # A link that is no URL is secondary: kept verbatim, said, and the record read.
                tag = slots.tags["url"]
                notes.append(Note("repaired", tag, bad_url_note(url)))
                extras[tag] = url if tag not in extras else [*_listed(extras[tag]), url]
                continue
            link = Link(normalise_url(url, slots.tags["url"]))
            if link not in links:
                links.append(link)

    # Keywords, abstracts, affiliations.
    keywords: list[Text] = []
    for slot, variant in (("keywords", "original"), ("keywords_tr", "translation")):
        for raw in slots.all(slot):
            for word in split_values(raw):
                text = cnki_text(word, variant)
                if text is not None and text not in keywords:
                    keywords.append(text)
    abstracts: list[Prose] = []
    for slot, variant in (("abstract", "original"), ("abstract_tr", "translation")):
        for raw in slots.all(slot):
            text_ = cnki_prose(raw, variant)
            if text_ is not None:
                if slot == "abstract" and abstracts and _differs(text_.lang, abstracts[0].lang):
                    text_ = text_.with_paragraphs(
                        tuple(replace(p, variant="translation") for p in text_.paragraphs)
                    )
                abstracts.append(text_)
    affiliations: list[Text] = []
    for raw in slots.all("affiliation"):
        for part in _SPLIT_STRONG.split(raw):
            text = _plain(part)
            if text is not None and text not in affiliations:
                affiliations.append(text)

    subjects = [Term("clc", c) for raw in slots.all("clc") for c in split_values(raw)]

    # Language and provenance.
    language = None
    raw_lang = slots.first("language")
    if raw_lang:
        language = languages.parse(raw_lang)
        if language is None:
            keep("language")
        elif language == "zh":
            han = next((t.lang for t in titles if t.lang.startswith("zh-")), None)
            language = han or "zh"
    elif titles and titles[0].lang != "und":
        language = titles[0].lang
    provider = slots.first("provider")
    record_id = slots.first("record_id")
    edition = squeeze(slots.first("edition") or "") or None
    series = [t for raw in slots.all("series") if (t := cnki_text(raw, "original"))]

    errors.raise_any(extras, notes)
    journal = None
    if journal_titles or journal_ids or journal_publishers or abbreviations:
        journal = Journal(
            titles=tuple(journal_titles),
            abbreviations=tuple(abbreviations),
            identifiers=tuple(journal_ids),
            publishers=tuple(journal_publishers),
        )
    record = Record(
        titles=tuple(titles),
        contributors=tuple(contributors),
        affiliations=tuple(affiliations),
        abstracts=tuple(abstracts),
        keywords=tuple(keywords),
        journal=journal,
        volume=volume,
        issue=issue,
        fpage=fpage,
        lpage=lpage,
        page_range=page_range,
        elocation_id=elocation,
        dates=tuple(dates),
        identifiers=tuple(identifiers),
        links=tuple(links),
        publication_types=tuple(types),
        subjects=tuple(subjects),
        language=language,
        provenance=Provenance(fmt, platform(provider) if provider else None, record_id),
        conference=conference,
        degree=degree,
        publisher=publisher,
        edition=edition,
        series=tuple(series),
        extras=extras,
        notes=tuple(notes),
    )
    settled: Record
    record = follow_declared(record, record.language)  # 図書館 in a Japanese record: ja
    contributors_ = _names.without_generated_pinyin(record.contributors)  # 宮地 元彦: no pinyin
    if contributors_ is not record.contributors:
        record = replace(record, contributors=contributors_)
    settled, warning = settle_scripts(record)
    if warning:
        settled = replace(settled, notes=(*settled.notes, Note("language", "_record", warning)))
    kept_line = slots.first("fidelity")
    if kept_line is not None:
        settled = _restored(settled, kept_line, slots, table, fmt)
    return settled


#: Record types whose secondary title is not a container (a thesis's is its university).
_NO_CONTAINER = frozenset({"thesis", "book", "standard", "patent"})


def _listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _differs(a: str, b: str) -> bool:
    return a.split("-")[0] != b.split("-")[0]


def _variant_by_lang(text: Text, before: list[Text]) -> Text:
    """A second value of an original slot (Refer's second ``%J``) in another language than the
    first is its translation."""
    first = next((t for t in before if t.variant == "original"), None)
    if first is not None and _differs(text.lang, first.lang):
        return replace(text, variant="translation")
    return text


def _ends_at(statement: str, last: str) -> bool:
    """Whether a page statement (RIS ``SP  - 94-98``) ends at the page an ``EP`` line gives."""
    try:
        return parse_pages(statement).last == last.strip()
    except InvalidRecord:
        return False


def _organisation(text: Text) -> Name:
    """A body's name (a patent's holder) kept whole, as a literal."""
    style = "eastern" if has_han(text.value) else "western"
    return Name(literal=text.value, lang=text.lang, style=style)


def _plain(value: str) -> Text | None:
    value = squeeze(value)
    if not value:
        return None
    lang, _ = detect_lang(value, "en")
    return Text(value, lang)


def _number(value: str | None) -> str | None:
    """A volume or issue: leading zeros of a plain number dropped (``04`` → ``4``)."""
    if value is None:
        return None
    value = unicodedata.normalize("NFKC", value).strip()
    if value.isdigit():
        return value.lstrip("0") or "0"
    return value or None


#: RIS dates: ``YYYY/MM/DD/other info``, a part not known left empty (``2025/05//``); the
#: other info of a date known to its year is its season (``2018///May-Aug``).
_RIS_DATE = re.compile(r"^(?P<y>\d{4})/(?P<m>\d{1,2})?/(?P<d>\d{1,2})?/(?P<other>[^/]*)$")


def ris_date(date: PartialDate, season: str | None = None) -> str:
    """A date as RIS writes it: ``2025/05/12/``, ``2025/05//``, ``2025///``, a season as the
    other info (``2018///Spring``) (read by ``_date``)."""
    month = f"{date.month:02d}" if date.month else ""
    day = f"{date.day:02d}" if date.day else ""
    return f"{date.year:04d}/{month}/{day}/{season if season and not month else ''}"


def _date(raw: str, slot: str, errors: _Errors) -> ParsedDate | None:
    from .dates import parse

    ris = _RIS_DATE.match(raw.strip())
    other = ris.group("other").strip() if ris else ""
    if ris and not (other and ris.group("m")):  # other info beside a month: not a season
        # The parts RIS gives, in the form every reader parses; a season after the year.
        raw = " ".join(p for p in ("-".join(p for p in ris.group("y", "m", "d") if p), other) if p)
    try:
        return parse(raw, errors.slots.tags.get(slot, slot))
    except InvalidRecord as exc:
        errors.add(slot, exc)
        return None


def _identifier(
    raw: str,
    slot: str,
    code: str | None,
    journal_ids: list[Identifier],
    identifiers: list[Identifier],
    errors: _Errors,
) -> None:
    """An ISSN goes to the journal, an ISBN to the record; in a standard or a patent the
    number field holds the standard or patent number."""
    for part in (p for p in re.split(r"\s*[;；,，]\s*", raw.strip()) if p):
        value = unicodedata.normalize("NFKC", part).strip()
        if slot != "isbn" and _ISSN.match(value):
            try:
                ident = Identifier("issn-print", normalise_issn(value, errors.slots.tags[slot]))
            except InvalidRecord as exc:
                errors.add(slot, exc)
                continue
            if ident not in journal_ids:
                journal_ids.append(ident)
        elif slot != "issn" and _ISBN.match(value):
            digits = re.sub(r"^ISBN[:：\s]*", "", value, flags=re.IGNORECASE).strip()
            identifiers.append(Identifier("isbn", digits))
        elif code in ("standard", "patent") and slot == "issn_isbn":
            identifiers.append(Identifier(f"{code}-number", value))
        else:
            errors.add(slot, f"{shown(part)} is not an ISSN or an ISBN")


def _people(
    slots: Slots, errors: _Errors, inverted: bool = False, japanese: bool = False
) -> list[Contributor]:
    def names(slot: str) -> list[Name]:
        return [
            n for raw in slots.all(slot) for n in _name_list(raw, slot, errors, inverted, japanese)
        ]

    han, latin = names("author"), names("author_tr")
    people = [Contributor(tuple(_cased(n) for n in forms)) for forms in pair(han, latin)]
    for slot, role in (("supervisor", "supervisor"), ("editor", "editor")):
        for raw in slots.all(slot):
            for name in _name_list(raw, slot, errors, inverted, japanese):
                people.append(Contributor(tuple(pair([name], [])[0]), role=role))
    return people


def _cased(name: Name) -> Name:
    """A romanised family name in capitals ("Chenji HU": the capitals only mark it) is written
    in title case, as parse_name writes "ZENG Mingtang"."""
    family = name.family
    if family and family.isupper() and len(family) > 1 and not has_han(family):
        return replace(name, family="-".join(p.capitalize() for p in family.split("-")))
    return name


def _name_list(
    raw: str, slot: str, errors: _Errors, inverted: bool = False, japanese: bool = False
) -> list[Name]:
    """The names of one line; where the format writes one Latin name a line, family first with
    a comma (RIS ``AU  - Smith, Jane A.``), a line with no ``;`` and no Han is one name."""
    one = inverted and not has_han(raw) and not re.search("[;；]", raw)
    out = []
    for part in [raw.strip()] if one else _names.split_list(raw):
        try:
            out.append(_names.parse_name(part, japanese=japanese))
        except InvalidRecord as exc:
            errors.add(slot, exc)
    return out


def pair(primary: list[Name], secondary: list[Name]) -> list[tuple[Name, ...]]:
    """One tuple of names per person: Han names with their pinyin forms (``names.pair``)."""
    return _names.pair(primary, secondary)


# --- What the tags cannot say: the fidelity line ---------------------------------------------
# RIS and NoteExpress are read by reference managers, which read their tags and nothing else: a
# date's kind (epub, received), an ISSN's kind, a PMID, a link's kind, an italic span, a
# corporate author's name as one body, another format's extras have no tag. The writer puts the
# fields whose tags do not give them back on one line of their own (RIS ``NX``, NoteExpress
# ``{Normaliser}``), as canonical JSON (the json format's), which reference managers ignore (or,
# as Zotero does with a tag it does not know, keep as a note). The reader takes a field back
# from it only where the field, written, gives the tags the record holds: a tag edited since
# (a corrected year) wins, and the record says so.


def _written_tag(table: Table, slot: str) -> str | None:
    """The tag ``slot`` is written under: its own, or its fallback's (``_FALLBACK``)."""
    return table.tag(slot) or next(
        (t for alt in _FALLBACK.get(slot, ()) if (t := table.tag(alt))), None
    )


def _read_value(slot: str, value: str) -> str:
    """A written value as the reader takes it back from its lines (``slots_of``)."""
    lines = value.split("\n")
    return joined(lines) if slot in ("abstract", "abstract_tr") else one_line(lines)


def _written_slots(record: Record, table: Table) -> Slots:
    """The slots a reader gets from ``record`` as ``write_lines`` writes it (its tags mapped
    back through the table, its extras written as tags), without the fidelity line."""
    slots = Slots()
    pairs = flatten(record, table, table.paragraph, table.date_format)
    type_tag = table.tag("type") or "type"
    type_name = next((v for s, v in pairs if s == "type"), None) or table.default_type
    slots.add("type", type_tag, type_name)
    for slot, value in pairs:
        tag = _written_tag(table, slot)
        read = table.slot(tag) if tag else None
        if slot == "type" or tag is None or read is None:
            continue
        value = _read_value(read, value)
        if value:
            slots.add(read, tag, value)
    mapped = {name.casefold() for name, _ in table.tags}
    for key, value in record.extras.items():
        if key.casefold() in mapped or not _writable_tag(key) or not table.extra_tag(key):
            continue
        for item in _listed(value):
            if isinstance(item, str) and item.strip() and "\n" not in item:
                _repeat(slots.extras, key, one_line([item]))
    return slots


def _repeat(extras: dict[str, Any], key: str, value: str) -> None:
    """Put ``value`` in ``extras`` under ``key``: a string the first time, a list once the tag
    repeats (every value kept, in order)."""
    previous = extras.get(key)
    if previous is None:
        extras[key] = value
    elif isinstance(previous, list):
        previous.append(value)
    else:
        extras[key] = [previous, value]


@functools.cache
def _top_fields(keeps: frozenset[str]) -> tuple[str, ...]:
    """The record fields ``keeps`` names (``journal`` for ``journal.titles``), in record order."""
    named = {path.split(".")[0] for path in keeps}
    return tuple(f.name for f in fields(Record) if f.name in named)


def _provenance(value: Provenance | None) -> Provenance:
    """A provenance as the fidelity line compares it: its format is the reader's own."""
    return replace(value or Provenance(), format="")


def _field(record: Record, name: str) -> Any:
    value = getattr(record, name)
    return _provenance(value) if name == "provenance" else value


#: The characters ``str.splitlines`` breaks a line at that JSON does not escape.
_LINE_BREAKS = {"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def fidelity_line(record: Record, table: Table, keeps: frozenset[str], fmt: str) -> str | None:
    """The fields of ``record`` within ``keeps`` that its tags do not give back, as one line of
    canonical JSON (``{"dates": [...], "links": [...]}``; ``null`` for a field the tags would
    fill and the record leaves empty); None when the tags give back every one."""
    from .formats.json import to_dict  # the canonical JSON, not a format of its own here

    try:
        native = build(_written_slots(record, table), table, fmt)
    except InvalidRecord:
        return None  # the reader rejects what the tags say: no line saves it
    wanted, got = record.restricted_to(keeps), native.restricted_to(keeps)
    lost = [name for name in _top_fields(keeps) if _field(wanted, name) != _field(got, name)]
    if not lost:
        return None
    data = to_dict(replace(wanted, provenance=None))
    kept: dict[str, Any] = {}
    for name in lost:
        if name == "provenance":
            found = _provenance(wanted.provenance)
            kept[name] = {
                k: v for k in ("platform", "record_id", "date") if (v := getattr(found, k))
            }
        else:
            kept[name] = data.get(name)
    line = json.dumps(kept, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    for char, escaped in _LINE_BREAKS.items():
        if char in line:
            line = line.replace(char, escaped)
    return line


def _decoded(line: str, fmt: str) -> dict[str, Any]:
    """The fields a fidelity line holds, decoded; raises ``InvalidRecord`` saying why not."""
    from .formats.json import from_dict

    try:
        check_json_depth(line)  # JsonTooDeep is a ValueError
        data = json.loads(line)
    except ValueError as exc:
        raise InvalidRecord(f"not JSON ({exc})") from None
    if not isinstance(data, dict):
        raise InvalidRecord("not a JSON object")
    known = {f.name: f for f in fields(Record)}
    unknown = sorted(k for k in data if k not in known or k in ("notes", "sources", "origins"))
    if unknown:
        raise InvalidRecord(f"names no field the line keeps: {', '.join(unknown)}")
    rest = {k: v for k, v in data.items() if v is not None}
    if isinstance(rest.get("provenance"), dict):  # its format is the reader's own
        rest["provenance"] = {**rest["provenance"], "format": fmt}
    try:
        loaded = from_dict(rest)
    except InvalidRecord as exc:
        raise InvalidRecord(f"not a record's fields ({_said(exc.messages)})") from None
    out: dict[str, Any] = {}
    for name in data:
        if name == "provenance":
            out[name] = loaded.provenance or Provenance(fmt)
        elif data[name] is None:
            f = known[name]
            out[name] = f.default_factory() if f.default_factory is not MISSING else f.default
        else:
            out[name] = getattr(loaded, name)
    return out


def _said(messages: Any, path: str = "") -> str:
    """Nested validation messages as one line: ``dates.0.date: not an ISO date``."""
    if isinstance(messages, dict):
        return "; ".join(_said(v, f"{path}.{k}" if path else str(k)) for k, v in messages.items())
    if isinstance(messages, list):
        return "; ".join(_said(m, path) for m in messages)
    return f"{path}: {messages}" if path else str(messages)


def _slots_of_field(name: str) -> set[str]:
    """The slots the writer fills from the record field ``name`` (``SLOT_PATHS``)."""
    found = {
        slot
        for slot, (paths, _) in SLOT_PATHS.items()
        if any(p == name or p.startswith(name + ".") for p in paths)
    }
    if name == "publication_types":
        found.add("type")
    return found


def _restored(record: Record, line: str, slots: Slots, table: Table, fmt: str) -> Record:
    """``record`` (read from the tags) with the fields its fidelity line keeps put back, each
    only where, written, it gives the tags the record holds; a line that is not one (and a
    second line: the writer writes one) is kept verbatim in extras, and said."""
    tag = slots.tags["fidelity"]
    extras = {k: v for k, v in record.extras.items() if k != tag}
    notes = list(record.notes)
    unread = slots.all("fidelity")[1:]
    if unread:
        notes.append(Note("unparsed", tag, f"{len(unread)} more: kept verbatim in extras"))
    changes: dict[str, Any] = {}
    try:
        kept = _decoded(line, fmt)
    except InvalidRecord as exc:
        message = "; ".join(m for ms in exc.messages.values() for m in ms)
        notes.append(Note("unparsed", tag, f"{message}: kept verbatim in extras"))
        kept = {}
        unread.insert(0, line)
    held = {k: v for k, v in slots.values.items() if k != "fidelity"}

    def agrees(changes: dict[str, Any]) -> bool:
        written = _written_slots(replace(record, **changes), table).values
        touched = set().union(*(_slots_of_field(name) for name in changes))
        return all(written.get(s, []) == held.get(s, []) for s in touched)

    changes = {k: v for k, v in kept.items() if k != "extras"}
    refused: list[str] = []
    if changes and not agrees(changes):
        refused = [name for name in changes if not agrees({name: changes[name]})]
        changes = {k: v for k, v in changes.items() if k not in refused}
    if "extras" in kept:
        # The line's extras, beside the tags the record holds: a tag other than the line's
        # extras write (edited or added since) wins; what the reader set aside from the tags
        # stays when a field was not taken back.
        written = _written_slots(replace(record, extras=kept["extras"]), table).extras
        edited = {k: v for k, v in slots.extras.items() if written.get(k) != v}
        aside = {k: v for k, v in extras.items() if k not in slots.extras} if refused else {}
        extras = {**kept["extras"], **aside, **edited}
    if unread:
        extras[tag] = unread[0] if len(unread) == 1 else unread
    if refused:
        message = (
            f"{', '.join(refused)} not taken from it: the tags say otherwise (edited since it "
            "was written?); the tags' values are kept"
        )
        notes.append(Note("repaired", tag, message))
    return replace(record, **changes, extras=extras, notes=tuple(notes))


# --- Reading ---------------------------------------------------------------------------------


def read(
    source: Source, syntax: Syntax, table: Table, fmt: str, *, strict: bool = False
) -> Iterator[Record | Reject]:
    """Every record of ``source`` as a Record, or a Reject with its original text and reason."""
    for number, chunk in enumerate(chunks(source.lines(), syntax), 1):
        try:
            if chunk.errors:
                raise InvalidRecord({RECORD: chunk.errors})
            if not chunk.entries:
                raise InvalidRecord("an empty record")
            record = catalogue(build(slots_of(chunk, table, strict=strict), table, fmt))
            note = encoding_note("gb18030") if chunk.guessed else None
            yield replace(record, notes=(*record.notes, note)) if note else record
        except InvalidRecord as exc:
            raw, data = chunk.kept()
            yield Reject(exc, raw, number, chunk.line, chunk.offset, source.name, data)


# --- Record → slots (the writers) --------------------------------------------------------------


def flatten(
    record: Record,
    table: Table,
    paragraph: str = "(#br)",
    date_format: Callable[..., str] = written_date,
) -> list[tuple[str, str]]:
    """The (slot, value) pairs a writer puts out for ``record``, in the table's slot order;
    values are single lines (paragraphs joined with ``(#br)``, sup/sub as CNKI markup); full
    dates in ``date_format`` (ISO 8601 unless the format has its own, as RIS does), called with
    the date and, for a date known to its year, the season the source gave."""
    out: list[tuple[str, str]] = []
    code = next((t.code for t in record.publication_types if t.code), None)
    if record.publication_types:
        term = record.publication_types[0]
        name = (table.type_name(term.code) if term.code else None) or (
            term.labels[0].value if term.labels else term.code
        )
        if name:
            out.append(("type", name))
    for t in record.titles:
        out.append(("title" if t.variant == "original" else "title_tr", cnki_markup(t)))
    authors = [c for c in record.contributors if c.role == "author"]
    # RIS: "Boobier, Tony"; the CNKI exports: "Tony Boobier", "ZENG Mingtang".
    form = "inverted" if table.inverted_names else "export"
    for person in authors:
        first = person.names[0]
        out.append(("author", _names.format_name(first, form)))
    for person in authors:
        for other in person.names[1:2]:
            # A pinyin form the reader generates anyway is not written (names.pair remakes it),
            # unless the format keeps its translated-author lines (RIS TA).
            if table.all_name_forms or other != _names.pinyin(person.names[0]):
                out.append(("author_tr", _names.format_name(other, form)))
    for person in record.contributors:
        if person.role in ("supervisor", "editor"):
            out.append((person.role, _names.format_name(person.names[0], form)))
    for a in record.affiliations:
        out.append(("affiliation", a.value))
    journal = record.journal
    if journal:
        for t in journal.titles:
            out.append(("journal" if t.variant == "original" else "journal_tr", cnki_markup(t)))
        for t in journal.abbreviations:
            out.append(("journal_abbrev", cnki_markup(t)))
    if record.conference:
        for t in record.conference.names:
            out.append(("secondary_title", t.value))
    dated = publication_dated(record)  # an epub, print or collection date when not "published"
    if dated:
        date = dated.date
        out.append(("year", str(date.year)))
        if code != "conference-paper":  # a conference paper's date is the meeting's
            if date.precision != "year":
                out.append(("date", date_format(date)))
            elif dated.season:  # 2018 May-Aug: the issue's season beside its year
                out.append(("date", date_format(date, dated.season)))
    if record.conference and record.conference.date:
        out.append(("date", date_format(record.conference.date)))
    if record.volume:
        out.append(("volume", record.volume))
    if record.issue:
        out.append(("issue", record.issue))
    pages = record.elocation_id or record.page_range or page_statement(record.fpage, record.lpage)
    if (
        table.tag("last_page")
        and not (record.elocation_id or record.page_range)
        and record.fpage
        and record.lpage
    ):
        out += [("pages", record.fpage), ("last_page", record.lpage)]  # RIS SP and EP
    elif pages:
        out.append(("pages", pages))
    for k in record.keywords:
        out.append(("keywords" if k.variant == "original" else "keywords_tr", cnki_markup(k)))
    for summary in record.abstracts:
        slot = "abstract" if summary.variant == "original" else "abstract_tr"
        out.append((slot, paragraph.join(cnki_markup(p) for p in written(summary))))
    if journal:
        for ident in journal.identifiers:
            if ident.scheme.startswith("issn"):
                out.append(("issn_isbn", ident.value))
            elif ident.scheme == "cn":
                out.append(("cn", ident.value))
        for t in journal.publishers:
            out.append(("publisher", t.value))
    for ident in record.identifiers:
        if ident.scheme == "doi":
            out.append(("doi", ident.value))
        elif ident.scheme in ("isbn", f"{code}-number"):
            out.append(("issn_isbn", ident.value))
    for link in record.links:
        out.append(("url", link.url))
    if record.degree:
        for t in record.degree.grantors:
            out.append(("publisher", t.value))
        level = record.degree.level
        if level and level.code:  # written as CNKI does: 博士, 硕士
            out.append(("degree", vocab.label("degree", level.code, "zh_Hans") or level.code))
        elif level and level.labels:
            out.append(("degree", level.labels[0].value))
    if code == "patent":  # its holder (assignee) is its publisher (RIS PB of a PAT record)
        for person in record.contributors:
            if person.role == "holder":
                out.append(("publisher", person.names[0].display))
    if record.publisher:
        for t in record.publisher.names:
            out.append(("publisher", t.value))
        for t in record.publisher.places:
            out.append(("place", t.value))
    if record.conference:
        for t in record.conference.places:
            out.append(("place", t.value))
    for s in record.subjects:
        if s.vocabulary == "clc" and s.code:
            out.append(("clc", s.code))
    if record.edition:
        out.append(("edition", record.edition))
    for t in record.series:
        out.append(("series", t.value))
    if record.language:
        out.append(("language", languages.spell(record.language, "iso639-2b")))
    if record.provenance:
        if record.provenance.platform:
            out.append(("provider", record.provenance.platform))
        if record.provenance.record_id:
            out.append(("record_id", record.provenance.record_id))
    return out


def write_lines(
    records: Iterable[Record],
    out: IO[str],
    table: Table,
    render: Callable[[str, str], str],
    *,
    start: str,
    end: str | None = None,
    separator: str = "\n",
    keeps: frozenset[str] = frozenset(),
    fmt: str = "",
    with_fidelity_line: bool = True,
) -> None:
    """Write each record as tagged lines: the start tag first, then every slot the table has a
    tag for, then extras whose key is a tag of no slot (``table.extra_tag``), then the
    fidelity line (what these tags do not give back of ``keeps``, when the table has its tag
    and ``with_fidelity_line``), then the end tag and ``separator``."""
    mapped = {name.casefold() for name, _ in table.tags}
    kept_tag = table.tag("fidelity") if with_fidelity_line else None
    for record in records:
        pairs = flatten(record, table, table.paragraph, table.date_format)
        type_name = next((v for s, v in pairs if s == "type"), None)
        out.write(render(start, type_name or table.default_type) + "\n")
        for slot, value in pairs:
            # A format without a translation tag (RIS) writes the translation under the main
            # tag; its reader tells it by its language.
            tag = _written_tag(table, slot)
            if slot == "type" or tag is None:
                continue
            out.write(render(tag, value) + "\n")
        for key, value in record.extras.items():
            if key.casefold() in mapped or not _writable_tag(key) or not table.extra_tag(key):
                continue
            for item in _listed(value):
                if isinstance(item, str) and item.strip() and "\n" not in item:
                    out.write(render(key, item) + "\n")
        if kept_tag and keeps:
            line = fidelity_line(record, table, keeps, fmt)
            if line:
                out.write(render(kept_tag, line) + "\n")
        if end:
            out.write(render(end, "") + "\n")
        # After every record, not between records: the documents of single records, written by
        # parallel workers, then join into the document of all of them.
        out.write(separator)


def _joined_pages_error(
    joined: tuple[str, str], tags: Mapping[str, str]
) -> tuple[InvalidRecord, str]:
    """Why a start and an end page (RIS SP and EP) make no range, and the tag to name: the
    one at fault with its own value (``EP: 'Mx' is not a page range``), or both when each is a
    page alone (``SP, EP: 'iii' to '12' is not a page range``)."""
    for value, slot in zip(joined, ("pages", "last_page"), strict=True):
        try:
            parse_pages(value, tags[slot])
        except InvalidRecord as exc:
            return exc, tags[slot]
    start, end = joined
    field = f"{tags['pages']}, {tags['last_page']}"
    return InvalidRecord(f"{shown(start)} to {shown(end)} is not a page range", field=field), field


#: Where a format has no tag of its own for a slot: a translation goes under the main tag (the
#: reader tells it by its language), the CN number in the notes (read back by its shape).
_FALLBACK: dict[str, tuple[str, ...]] = {
    "title_tr": ("title",),
    "journal_tr": ("journal_alt", "journal"),
    "journal_abbrev": ("journal_alt",),
    "keywords_tr": ("keywords",),
    "abstract_tr": ("abstract",),
    "cn": ("notes",),
}


def _writable_tag(key: str) -> bool:
    return bool(key) and not re.search(r"[{}:：\n\r]", key) and key == key.strip()


__all__ = [
    "Chunk",
    "Slots",
    "Syntax",
    "Table",
    "build",
    "chunks",
    "cnki_html",
    "cnki_markup",
    "cnki_prose",
    "cnki_text",
    "flatten",
    "read",
    "sniff_lines",
    "write_lines",
]
