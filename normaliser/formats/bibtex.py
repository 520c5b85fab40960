"""The bibtex format: BibTeX and BibLaTeX ``.bib`` files as Chinese GB/T 7714 tools write them.

Reading streams the file entry by entry: each ``@type{…}`` block is split by bibtexparser v2's
``Splitter`` (a block it cannot parse is a ``Reject`` with its text, and the next block is read);
``@string`` macros and ``#`` concatenation are resolved here; every value is decoded from LaTeX
by ``normaliser.latex`` so that no LaTeX reaches the Record. Chinese names (``袁训来``,
``{袁训来}``) are split family/given and get their pinyin; ``langid``/``language`` set the
record's language. A biblatex-gb7714-2015 bilingual pair — two entries, the Chinese original and
its English version, grouped by an ``@set`` entry's ``entryset`` — is read as ONE bilingual
record, and the writer writes a bilingual record the same way.

Writing produces BibLaTeX: every special character escaped, marks as ``\\textbf``/
``\\textsuperscript``…, Han names braced, stable citation keys (see ``citation_key``).
"""

from __future__ import annotations

import json
import logging
import re
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import IO, Any, cast

from bibtexparser import model as bibmodel
from bibtexparser.splitter import Splitter

from .. import dates, identifiers, languages, latex, pages, sniffs
from ..crosswalk import CASE, Crosswalk
from ..declare import (
    CODE,
    DATE,
    EXTRA,
    IDENTIFIER,
    NAMES,
    NUMBER,
    PAGE,
    PROSE,
    STRING,
    TEXT,
    TEXTS,
    URL,
    Field,
    Fields,
)
from ..errors import RECORD, InvalidRecord, add_problem, cut, shown
from ..fields import collect_notes, note, term
from ..names import LONGEST_HAN_NAME, format_name, pair, parse_name, pinyin
from ..record import (
    UND,
    Conference,
    Contributor,
    Dated,
    Degree,
    Identifier,
    Journal,
    Link,
    Mark,
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
    texts,
)
from ..sections import structure
from ..sections import written as with_headings
from ..sources import JsonTooDeep, Line, Source, check_json_depth, encoding_note, kept, span
from ..text import chinese_script, detect_lang, follow_declared, has_han, settle_scripts

NAME = "bibtex"
#: How sure (0–100) that a document starts in this format (light: ``normaliser.sniffs``).
sniff = sniffs.bibtex
#: What survives write → read (see ``Record.restricted_to``).
KEEPS = frozenset(
    {
        "titles",
        "contributors.names",
        "contributors.role",
        "abstracts",
        "keywords",
        "journal.titles",
        "journal.abbreviations",
        "edition",
        "series",
        "page_count",
        "journal.identifiers",
        "journal.publishers",
        "volume",
        "issue",
        "fpage",
        "lpage",
        "page_range",
        "elocation_id",
        "dates",
        "identifiers",
        "links",
        "publication_types",
        "conference",
        "degree",
        "publisher",
        "language",
        "extras",
    }
)

#: Hard limits that keep a hostile file from exhausting memory: lines in one entry; characters
#: in one value once its ``@string``s and ``#`` are expanded, in all the values of one entry, and
#: in all the ``@string`` values of a file.
MAX_ENTRY_LINES = 100_000
MAX_FIELD_CHARS = 1_000_000
MAX_ENTRY_CHARS = 16_000_000
MAX_STRINGS_CHARS = 16_000_000
_LIMITS = "1 MB (the limit of a value; 16 MB for an entry and for a file's @strings)"
#: How many entries a bilingual pair's members and its ``@set`` may stand apart.
PAIR_WINDOW = 1000
#: The extras key of source fields the writer could not give a field of their own.
EXTRAS_FIELD = "normaliser-extras"
#: The extras key holding the source entry type when the publication type does not name it.
TYPE_KEY = "bibtex.entrytype"

# bibtexparser reports a broken block through ``logging``; we report it as a Reject instead, so
# its log records stay out of the user's terminal unless they configure logging themselves.
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())

_ENTRY_START = re.compile(r"^\s*@\s*[A-Za-z][\w-]*\s*[{(]")
_FIELD_NAME = re.compile(r"^[a-z][a-z0-9_\-:.+]*$")
_KEY_UNSAFE = re.compile(r"[\s,{}()\"#%'=\\~]")

# --- Vocabularies -----------------------------------------------------------------------------


#: publication-type code ⇄ entry type; the first entry type of a code is the one written.
ENTRY_TYPES: Crosswalk[str] = Crosswalk(
    "BibTeX entry types",
    (
        ("journal-article", "article"),
        ("thesis", "thesis"),
        ("thesis", "phdthesis"),
        ("thesis", "mastersthesis"),
        ("conference-paper", "inproceedings"),
        ("conference-paper", "conference"),
        ("book", "book"),
        ("book", "mvbook"),
        ("book", "booklet"),
        ("book", "collection"),
        ("book", "mvcollection"),
        ("book-chapter", "incollection"),
        ("book-chapter", "inbook"),
        ("book-chapter", "bookinbook"),
        ("patent", "patent"),
        ("standard", "standard"),
        ("dataset", "dataset"),
    ),
    fold=CASE,
    # BibLaTeX writes a newspaper article as @article with entrysubtype = newspaper.
    lossy=(("newspaper-article", "article"),),
    read_only=(("newspaper-article", "newspaper"),),
)
_ARTICLES = ("journal-article", "newspaper-article")
#: Entry types whose container title is ``booktitle``.
_IN_BOOK = frozenset({"inproceedings", "conference", "incollection", "inbook", "bookinbook"})
#: Thesis ``type`` spellings → degree code.
_DEGREE_WORDS = (
    ("doctoral", ("phd", "doctor", "doctoral", "dphil", "博士")),
    ("masters", ("master", "msc", "硕士", "碩士")),
    ("bachelors", ("bachelor", "bsc", "undergraduate", "学士", "學士", "本科")),
)
#: Degree code ⇄ the thesis ``type`` BibLaTeX's localisation keys name (written for a degree).
_DEGREE_TYPES: Crosswalk[str] = Crosswalk(
    "BibLaTeX thesis types",
    (("doctoral", "phdthesis"), ("masters", "mathesis"), ("bachelors", "bathesis")),
    fold=CASE,
)

#: Fields whose value is verbatim in BibLaTeX (no LaTeX decoding, only stray escapes undone).
_VERBATIM = frozenset({"url", "doi", "eprint", "file", "pdf", "urlraw"})
#: Month macros BibTeX predefines.
_MONTH_MACROS = {
    m: str(i)
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
#: Contributor role ⇄ the name field holding it (a supervisor is written as ``editora`` with
#: ``editoratype = supervisor``; the fields some styles give it are read).
_NAME_FIELDS: Crosswalk[str] = Crosswalk(
    "BibTeX name fields",
    (
        ("author", "author"),
        ("editor", "editor"),
        ("translator", "translator"),
        ("holder", "holder"),  # a patent's holder (assignee)
    ),
    read_only=(("supervisor", "supervisor"), ("supervisor", "advisor")),
)
_NAME_FIELD_NAMES = frozenset(s for _, s in (*_NAME_FIELDS, *_NAME_FIELDS.read_only))
#: Role ⇄ ``editoratype`` of an ``editora``.
_EDITOR_TYPES: Crosswalk[str] = Crosswalk(
    "BibLaTeX editor types", (("supervisor", "supervisor"), ("supervisor", "advisor")), fold=CASE
)
#: ``eprinttype`` values read as a PubMed Central id (written as a ``pmcid`` field).
_PMCID_TYPES = frozenset({"pmcid", "pmc"})
#: Identifier scheme ⇄ ``eprinttype`` (``archiveprefix`` read too).
_EPRINT_TYPES: Crosswalk[str] = Crosswalk(
    "BibLaTeX eprint types",
    (("pmid", "pubmed"), ("pmid", "pmid"), ("arxiv", "arxiv")),
    fold=CASE,
)
#: Every field this module reads or writes, declared once: the record path it fills, its kind,
#: whether each entry of a bilingual pair carries it in its own language (``_LANGUAGE_FIELDS``),
#: and what is lossy. ``_KNOWN_FIELDS`` (an extra of such a name is packed, never written as the
#: field) and the crosswalk document (docs/crosswalk.md) are derived from it; ``KEEPS`` holds
#: every written path (a test checks).
FIELDS = Fields(
    NAME,
    (
        Field("titles", "title", TEXT, language=True, lossy="subtitle joined with ': '"),
        Field("titles", "subtitle", TEXT, language=True, read_only=True),
        Field("titles", "usere", TEXT, language=True, scheme="translation"),
        Field(
            "titles",
            "title_translation_en",
            TEXT,
            language=True,
            scheme="translation",
            read_only=True,
            lossy="GB/T 7714-2025: the English title of a Chinese entry",
        ),
        Field("edition", "edition", STRING),
        Field("series", "series", TEXTS, language=True),
        Field("page_count", "pagetotal", STRING),
        Field(
            "contributors.names",
            "author",
            NAMES,
            language=True,
            scheme="author",
            also=("contributors.role",),
        ),
        Field(
            "contributors.names",
            "editor",
            NAMES,
            language=True,
            scheme="editor",
            also=("contributors.role",),
        ),
        Field(
            "contributors.names",
            "translator",
            NAMES,
            language=True,
            scheme="translator",
            also=("contributors.role",),
        ),
        Field(
            "contributors.names",
            "supervisor",
            NAMES,
            language=True,
            scheme="supervisor",
            read_only=True,
        ),
        Field(
            "contributors.names",
            "advisor",
            NAMES,
            language=True,
            scheme="supervisor",
            read_only=True,
        ),
        Field(
            "contributors.names",
            "editora",
            NAMES,
            language=True,
            scheme="supervisor",
            also=("contributors.role",),
            lossy="only a supervisor; ORCID, affiliations, corresponding flag not kept",
        ),
        Field(
            "contributors.names",
            "holder",
            NAMES,
            language=True,
            scheme="holder",
            also=("contributors.role",),
        ),
        Field(
            "contributors.names",
            "author_transliteration_en",
            NAMES,
            language=True,
            scheme="romanised",
            read_only=True,
            lossy="GB/T 7714-2025: the romanised forms of the authors, paired with the Han names",
        ),
        Field("contributors.role", "editoratype", CODE, language=True),
        Field("abstracts", "abstract", PROSE, language=True, lossy="first abstract per language"),
        Field("keywords", "keywords", TEXTS, language=True),
        Field(
            "journal.titles",
            "journaltitle",
            TEXT,
            language=True,
            lossy="first title per language",
        ),
        Field("journal.titles", "journal", TEXT, language=True, read_only=True),
        Field(
            "journal.titles",
            "booktitle",
            TEXT,
            language=True,
            lossy="written instead of journaltitle for an entry in a book or proceedings",
        ),
        Field(
            "journal.titles",
            "journal_translation_en",
            TEXT,
            language=True,
            scheme="translation",
            read_only=True,
            lossy="GB/T 7714-2025: the English journal title of a Chinese entry",
        ),
        Field("journal.abbreviations", "shortjournal", TEXTS, language=True),
        Field(
            "journal.identifiers",
            "issn",
            IDENTIFIER,
            scheme="issn",
            lossy="print/electronic not told apart",
        ),
        Field(
            "journal.publishers",
            "publisher",
            TEXTS,
            language=True,
            also=("publisher.names",),
            types=_ARTICLES,
            lossy="one field: the journal's publisher for an article, the record's otherwise",
        ),
        Field(
            "publisher.places",
            "location",
            TEXTS,
            language=True,
            types=tuple(c for c in (*ENTRY_TYPES.codes, "other") if c not in _ARTICLES),
            lossy="an article's is kept in extras",
        ),
        Field("publisher.places", "address", TEXTS, language=True, read_only=True),
        Field(
            "degree.grantors",
            "institution",
            TEXTS,
            language=True,
            types=("thesis",),
            lossy="another record's is kept in extras",
        ),
        Field("degree.grantors", "school", TEXTS, language=True, read_only=True),
        Field(
            "degree.level",
            "type",
            CODE,
            types=("thesis",),
            lossy="another record's is the source's own field, kept in extras",
        ),
        Field("conference.names", "eventtitle", TEXTS, language=True),
        Field("conference.places", "venue", TEXTS, language=True),
        Field("conference.date", "eventdate", DATE, also=("conference.end",)),
        Field("language", "langid", CODE, language=True),
        Field("language", "language", CODE, language=True, read_only=True),
        Field("volume", "volume", NUMBER),
        Field(
            "issue",
            "number",
            NUMBER,
            also=("identifiers",),
            lossy="a patent's or standard's number is its identifier",
        ),
        Field(
            "issue",
            "issue",
            NUMBER,
            also=("dates",),
            lossy="written for a season beside the year (Spring, May-Aug): the date's season",
        ),
        Field("fpage", "pages", PAGE, also=("lpage", "page_range")),
        Field("elocation_id", "eid", STRING),
        Field("dates", "date", DATE, scheme="published", lossy="the publication date only"),
        Field("dates", "year", DATE, scheme="published", read_only=True),
        Field("dates", "month", DATE, scheme="published", read_only=True),
        Field("identifiers", "doi", IDENTIFIER, scheme="doi"),
        Field("identifiers", "isbn", IDENTIFIER, scheme="isbn"),
        Field(
            "identifiers", "eprint", IDENTIFIER, scheme="eprint", lossy="pmid or arxiv, the first"
        ),
        Field("identifiers", "eprinttype", CODE),
        Field("identifiers", "archiveprefix", CODE, read_only=True),
        Field("identifiers", "pmcid", IDENTIFIER, scheme="pmcid"),
        Field("identifiers", "pmid", IDENTIFIER, scheme="pmid", read_only=True),
        Field("links", "url", URL, scheme="landing", lossy="one link, the landing page first"),
        Field("publication_types", "entrysubtype", CODE),
        Field("publication_types", "publication-types", CODE),
        Field(
            "extras", EXTRAS_FIELD, EXTRA, lossy="JSON of the extras no field of their own holds"
        ),
        Field("", "urldate", EXTRA),
    ),
)
_LANGUAGE_FIELDS = FIELDS.language_keys

# --- Splitting the file ---------------------------------------------------------------------


@dataclass
class _Chunk:
    """The lines of one ``@`` block and what follows it up to the next block."""

    line: int
    offset: int
    lines: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    #: The lines as read, for the original bytes of what is rejected.
    read: list[Line] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.lines) + "\n"

    def kept(self, start: int = 0, stop: int | None = None) -> tuple[int, str, bytes | None]:
        """Where characters ``start`` to ``stop`` of ``text`` were in the input, their text as
        written and their bytes (``sources.span``)."""
        return span(self.read, start, len(self.text) if stop is None else stop)


def _chunks(lines: Iterator[Line]) -> Iterator[_Chunk]:
    """Split the file at lines that start a block (``@article{``); text before the first block
    is a comment (BibTeX ignores it) and is dropped."""
    current: _Chunk | None = None
    for line in lines:
        if _ENTRY_START.match(line.text) or (
            current is not None and len(current.lines) > MAX_ENTRY_LINES
        ):
            if current is not None:
                yield current
            current = _Chunk(line.number, line.offset)
        if current is None:
            continue
        current.lines.append(line.text)
        current.read.append(line)
        if line.error:
            add_problem(current.errors, line.error, line.number)
    if current is not None:
        yield current


@dataclass
class _Entry:
    """One parsed entry: type and key lower-cased/kept, field values resolved (still LaTeX)."""

    type: str
    key: str
    fields: dict[str, str]
    raw: str
    line: int
    offset: int
    number: int
    data: bytes | None = None  # the original bytes, when ``raw``'s UTF-8 is not them
    members: list[str] = field(default_factory=list)  # an @set's entryset
    partners: list[_Entry] = field(default_factory=list)  # bilingual versions, in set order
    notes: list[Note] = field(default_factory=list)  # what resolving the values repaired


def _split_top(value: str, sep: str) -> list[str]:
    """Split at ``sep`` outside braces and quotes."""
    parts, depth, quoted, start = [], 0, False, 0
    i = 0
    while i < len(value):
        ch = value[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif ch == '"' and depth == 0:
            quoted = not quoted
        elif ch == sep and depth == 0 and not quoted:
            parts.append(value[start:i])
            start = i + 1
        i += 1
    parts.append(value[start:])
    return parts


@dataclass
class _Strings:
    """A file's ``@string`` macros as read so far, and the size of their values together. A
    macro whose value would pass a limit is None: the entries using it are refused."""

    values: dict[str, str | None] = field(default_factory=dict)
    size: int = 0

    def define(self, key: str, raw: str) -> None:
        budget = MAX_STRINGS_CHARS - self.size
        try:
            value: str | None = _resolve(raw, self, key, budget)
        except InvalidRecord:
            value = None
        previous = self.values.get(key.lower())
        self.size += len(value or "") - len(previous or "")
        self.values[key.lower()] = value


def _resolve(raw: str, macros: _Strings, name: str, budget: int = MAX_FIELD_CHARS) -> str:
    """A field's value: enclosing braces/quotes removed, ``#`` pieces joined, macros replaced.
    Refused (``InvalidRecord`` naming ``name``) when it would be longer than ``budget`` or
    ``MAX_FIELD_CHARS``: the lengths are added up before anything is joined, so a hostile
    file's doubling ``@string``s never build the string they describe."""
    out: list[str] = []
    size, limit = 0, min(budget, MAX_FIELD_CHARS)
    for piece in _split_top(raw.strip(), "#"):
        piece = piece.strip()
        if (len(piece) >= 2 and piece[0] == "{" and piece[-1] == "}") or (
            len(piece) >= 2 and piece[0] == '"' and piece[-1] == '"'
        ):
            text = piece[1:-1]
        elif piece.isdigit() or not piece:
            text = piece
        elif piece.lower() in macros.values:
            found = macros.values[piece.lower()]
            if found is None:
                raise InvalidRecord(f"@string {shown(piece)} expands past {_LIMITS}", field=name)
            text = found
        elif piece.lower() in _MONTH_MACROS:
            text = _MONTH_MACROS[piece.lower()]
        else:
            note("repaired", name, f"@string {shown(piece)} is not defined; kept as text")
            text = piece
        size += len(text)
        if size > limit:
            raise InvalidRecord(f"the value expands past {_LIMITS}", field=name)
        out.append(text)
    return "".join(out)


# --- Reading --------------------------------------------------------------------------------


def read(source: Source, *, strict: bool = False) -> Iterator[Record | Reject]:
    """Yield a Record, or a Reject holding the entry's text and the reason, for every entry.

    Entries of a bilingual ``@set`` are held back (at most ``PAIR_WINDOW`` entries) so that the
    pair becomes one record, wherever the ``@set`` stands.
    """
    macros = _Strings()
    window: deque[_Entry | Reject] = deque()
    by_key: dict[str, _Entry] = {}
    waiting: dict[str, _Entry] = {}  # member key → the @set entry that names it
    number = 0

    def emit(item: _Entry | Reject) -> Record | Reject | None:
        if isinstance(item, Reject):
            return item
        if item.type == "set":
            return None  # merged into its members (or turned into a Reject when it was not)
        return _convert(item, name=source.name, strict=strict)

    def admit(entry: _Entry) -> Iterator[Record | Reject]:
        nonlocal number
        key = entry.key.lower()
        if entry.type == "set":
            yield from _attach_set(entry, window, by_key, waiting, source.name)
        elif key in waiting:
            owner = waiting.pop(key)
            primary = by_key.get(owner.members[0].lower())
            if primary is not None and primary is not entry:
                primary.partners.append(entry)
                entry.type = "set-member"
                return
        by_key[key] = entry
        window.append(entry)

    for chunk in _chunks(source.lines()):
        for item in _parse_chunk(chunk, macros, number, source.name):
            number += 1
            if isinstance(item, Reject):
                item = replace(item, record=number)
                window.append(item)
            else:
                item.number = number
                yield from admit(item)
        while len(window) > PAIR_WINDOW:
            head = window.popleft()
            if isinstance(head, _Entry):
                by_key.pop(head.key.lower(), None)
            result = emit(head)
            if result is not None:
                yield result
    for key, owner in waiting.items():
        yield Reject(
            InvalidRecord({"entryset": [f"names {shown(key)}, which is not in the file"]}),
            owner.raw,
            owner.number,
            owner.line,
            owner.offset,
            source.name,
            owner.data,
        )
    while window:
        result = emit(window.popleft())
        if result is not None:
            yield result


def _attach_set(
    entry: _Entry,
    window: deque[_Entry | Reject],
    by_key: dict[str, _Entry],
    waiting: dict[str, _Entry],
    name: str,
) -> Iterator[Reject]:
    """Pair the members of an ``@set`` already read; wait for the others."""
    members = entry.members
    if len(members) < 2:
        yield Reject(
            InvalidRecord({"entryset": ["an @set needs at least two entry keys"]}),
            entry.raw,
            entry.number,
            entry.line,
            entry.offset,
            name,
            entry.data,
        )
        return
    primary = by_key.get(members[0].lower())
    if primary is None:
        waiting[members[0].lower()] = entry
        # The members after it attach to it when it comes.
        for key in members[1:]:
            waiting[key.lower()] = entry
        return
    for key in members[1:]:
        member = by_key.get(key.lower())
        if member is None:
            waiting[key.lower()] = entry
            continue
        primary.partners.append(member)
        member.type = "set-member"
        by_key.pop(key.lower(), None)
        window.remove(member)


def _parse_chunk(
    chunk: _Chunk, macros: _Strings, number: int, name: str
) -> Iterator[_Entry | Reject]:
    """The entries of one chunk (normally one), their values resolved; a broken block is a
    Reject holding its text. ``@string`` blocks update ``macros``; comments are skipped."""
    text = chunk.text
    if chunk.errors:
        offset, raw, data = chunk.kept()
        yield Reject(
            InvalidRecord({RECORD: chunk.errors}), raw, number, chunk.line, offset, name, data
        )
        return
    library = Splitter(text).split()
    cursor = 0
    for block in library.blocks:
        line = chunk.line + (block.start_line or 0)
        # The block's own text as it was in the input (its line ends, its bytes).
        at = text.find(block.raw, cursor) if block.raw else -1
        if at >= 0:
            cursor = at + len(block.raw or "")
            offset, raw, data = chunk.kept(at, cursor)
        else:
            offset, raw, data = chunk.kept()
        if isinstance(block, bibmodel.DuplicateFieldKeyBlock):
            error = InvalidRecord({k: ["given twice in one entry"] for k in block.duplicate_keys})
            yield Reject(error, raw, number, line, offset, name, data)
        elif isinstance(block, bibmodel.ParsingFailedBlock):
            reason = getattr(block.error, "abort_reason", None) or str(block.error)
            if "end of file" in reason:  # we hand the splitter one entry at a time
                reason = "a brace or quote is still open at the next entry or the end of the file"
            yield Reject(
                InvalidRecord(f"not a complete BibTeX entry: {reason.strip()}"),
                raw,
                number,
                line,
                offset,
                name,
                data,
            )
        elif isinstance(block, bibmodel.String):
            with collect_notes():
                macros.define(block.key, block.value)
        elif isinstance(block, bibmodel.Entry):
            try:
                with collect_notes() as notes:
                    values: dict[str, str] = {}
                    budget = MAX_ENTRY_CHARS
                    for f in block.fields:
                        value = _resolve(str(f.value), macros, f.key.lower(), budget)
                        values[f.key.lower()] = value
                        budget -= len(value)
            except InvalidRecord as exc:
                yield Reject(exc, raw, number, line, offset, name, data)
                continue
            deep = [k for k, v in values.items() if latex.too_deep(v)]
            if deep:
                message = f"braces nested deeper than {latex.MAX_BRACE_DEPTH} levels"
                error = InvalidRecord({k: [message] for k in deep})
                yield Reject(error, raw, number, line, offset, name, data)
                continue
            entry = _Entry(block.entry_type.lower(), block.key, values, raw, line, offset, 0, data)
            entry.notes = list(notes)
            if any(ln.guessed and ln.encoding == "gb18030" for ln in chunk.read):
                entry.notes.append(cast(Note, encoding_note("gb18030")))
            if entry.type == "set":
                entry.members = [
                    k.strip() for k in values.get("entryset", "").split(",") if k.strip()
                ]
            yield entry
        # @comment, @preamble and text between blocks carry no record.


def _convert(entry: _Entry, *, name: str, strict: bool) -> Record | Reject:
    try:
        return catalogue(from_entry(entry, strict=strict))
    except InvalidRecord as exc:
        if not entry.partners:
            return Reject(exc, entry.raw, entry.number, entry.line, entry.offset, name, entry.data)
        # A bilingual pair: its entries' texts one after the other (each as it was written).
        parts = [entry, *entry.partners]
        raw, data = kept(
            [p.raw if i == 0 else "\n\n" + p.raw for i, p in enumerate(parts)],
            [
                (b"" if i == 0 else b"\n\n") + (p.data or p.raw.encode())
                for i, p in enumerate(parts)
            ],
        )
        return Reject(exc, raw, entry.number, entry.line, entry.offset, name, data)


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


def _unknown_note(key: str, unknown: list[str]) -> None:
    if unknown:
        note("repaired", key, f"LaTeX commands dropped: {cut(', '.join(sorted(set(unknown))))}")


#: Fields whose case a style changes (sentence or title case), where braces protect a span:
#: elsewhere (``publisher = {{ASME}}``) braces only keep a value whole and mark nothing.
_CASED = frozenset(
    {"title", "usere", "title_translation_en", "journaltitle", "shortjournal", "eventtitle"}
)
#: Entry types of a whole book, whose ``pages = {35}`` counts its pages (a chapter's are where
#: it stands in the book).
_WHOLE_BOOKS = frozenset({"book", "mvbook", "proceedings", "mvproceedings", "collection", "manual"})
#: GB/T 7714-2025's romanised author list, name by name beside ``author``.
_ROMANISED = "author_transliteration_en"


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


def _name(value: str, key: str) -> Name:
    """One name of a name list: braced Han names split family/given, other braced names kept
    whole (corporate authors), the rest parsed by ``names.parse_name``."""
    braced = value.startswith("{") and value.endswith("}") and _balanced(value[1:-1])
    text, unknown = latex.plain(value)
    _unknown_note(key, unknown)
    if not text:
        raise InvalidRecord("an empty name in the name list", field=key)
    if braced and not has_han(text) and " " in text:
        return Name(literal=text, lang=detect_lang(text)[0])
    if has_han(text) and len(text.replace(" ", "")) > LONGEST_HAN_NAME:
        # A body (全国信息与文献标准化技术委员会), not a person: kept whole, never split.
        lang, _ = detect_lang(text)
        return Name(literal=text, style="eastern", lang=lang if lang.startswith("zh") else "zh")
    return parse_name(text)


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


def _names(value: str | None, key: str) -> tuple[list[Name], bool]:
    """The names of a name field, and whether it ends with ``and others`` (et al.)."""
    if not value:
        return [], False
    items = _list(value)
    others = bool(items) and items[-1].strip().lower() == "others"
    if others:
        items = items[:-1]
    return [_name(item, key) for item in items], others


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
        settled, warning = settle_scripts(record)
        if warning:
            note("language", "langid", warning)
    record = settled
    language = record.language
    if language == "zh":
        main = record.title
        script = chinese_script(main.value) if main is not None and has_han(main.value) else None
        if main is not None and main.lang.startswith("zh-"):
            language = main.lang
        elif script:
            language = f"zh-{script}"
        record = replace(record, language=language)
    final: Record = replace(record, notes=record.notes + tuple(notes)) if notes else record
    return final


def _build(kind: str, key: str, values: _Fields, strict: bool) -> Record:
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
        main = _text(title + (": " + subtitle if subtitle else ""), "title", latin)
        if main:
            titles.append(main)
    elif subtitle:
        extras["subtitle"] = latex.plain(subtitle)[0]
    for field_name in ("usere", "title_translation_en"):  # GB/T 7714-2025: *_translation_en
        raw_title = values.raw(field_name)
        translated = _text(raw_title, field_name, "en", "translation") if raw_title else None
        if translated and translated not in titles:
            titles.append(translated)

    # Contributors.
    contributors: list[Contributor] = []
    for role, field_name in (*_NAME_FIELDS, *_NAME_FIELDS.read_only):
        names, others = _names(values.raw(field_name), field_name)
        # GB/T 7714-2025: the romanised by-line beside the Han one, paired name by name.
        romanised, _ = (
            _names(values.raw(_ROMANISED), _ROMANISED) if field_name == "author" else ([], False)
        )
        contributors.extend(Contributor(forms, role) for forms in pair(names, romanised))
        if others:
            extras[f"{field_name}.others"] = True
    editora = values.raw("editora")
    if editora:
        role = (values.plain("editoratype") or "editor").strip().lower()
        role = _EDITOR_TYPES.read(role) or role
        names, _ = _names(editora, "editora")
        contributors.extend(Contributor(forms, role) for forms in pair(names, []))

    # Abstract, keywords.
    abstracts = []
    abstract = values.raw("abstract")
    if abstract:
        text = _prose(abstract, "abstract", latin)
        if text:
            abstracts.append(text)
    keywords: list[Text] = []
    raw_keywords = values.raw("keywords")
    if raw_keywords:
        separator = ";" if re.search(r"[;；]", raw_keywords) else ","
        for word in re.split(
            rf"\s*[{separator}{'；' if separator == ';' else '，'}]\s*", raw_keywords
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
    journal_translation = values.raw("journal_translation_en")
    if journal_translation:
        jtitles += [
            t
            for t in [_text(journal_translation, "journaltitle", "en", "translation")]
            if t and t not in jtitles
        ]
    abbreviations = _declared_texts(values, "journal.abbreviations", latin)
    jids = []
    issn = values.plain("issn")
    if issn:
        for part in re.split(r"[\s,;]+", issn):
            if part:
                jids.append(Identifier("issn", identifiers.normalise_issn(part, "issn")))
    publishers = _declared_texts(values, "journal.publishers", latin)
    places = _declared_texts(values, "publisher.places", latin)
    jpublishers: list[Text] = []
    publisher = None
    if code in _ARTICLES:
        jpublishers, publishers = publishers, []
        if places:
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

    # Volume, issue, pages.
    volume = _number(values.plain("volume"))
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
    page_count = values.plain("pagetotal")
    raw_pages = values.plain("pages")
    if raw_pages and kind in _WHOLE_BOOKS and raw_pages.strip().isdigit() and not page_count:
        page_count, raw_pages = raw_pages.strip(), None  # a whole book's pages: how many
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
    edition = values.plain("edition")
    series = _texts(values.raw("series"), "series", latin)
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
        dated.append(Dated("published", published, season=season))
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
    links = []
    url = values.plain("url")
    if url and identifiers.is_url(url):
        links.append(Link(identifiers.normalise_url(url, "url"), "landing"))
    elif url:  # a link that is no URL is secondary: kept verbatim, said, and the entry read
        note("unparsed", "url", identifiers.bad_url_note(url))
        extras["url"] = url

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
        volume=volume,
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
        edition=edition,
        series=tuple(series),
        page_count=page_count,
        language=language,
        provenance=Provenance(NAME, None, key),
        extras=extras,
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
    other = _build(primary.type, partner.key, _Fields(partner.fields), strict)

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
        if key in _LANGUAGE_FIELDS:
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
    return replace(
        record,
        titles=with_translations(record.titles, other.titles),
        contributors=tuple(contributors),
        abstracts=abstracts,
        keywords=with_translations(record.keywords, other.keywords),
        series=with_translations(record.series, other.series),
        journal=journal,
        conference=conference,
        publisher=publisher,
        degree=degree,
        extras=extras,
    )


# --- Writing --------------------------------------------------------------------------------


def citation_key(record: Record) -> str:
    """A stable key: the first author's family name (pinyin for Han names, ASCII letters only),
    the year, the first word of the main title (pinyin of its first two Han characters), all
    lower case: ``yuan2012lantian``, ``zeng2025advancements``."""
    family = ""
    if record.contributors:
        names = record.contributors[0].names
        first = names[0]
        latin = next((n for n in names if n.family and not has_han(n.family)), None)
        if latin is not None and latin.family:
            family = latin.family
        elif first.family or first.given or first.literal:
            han = first.family or first.given or first.literal or ""
            romanised = pinyin(Name(given=han[:4], style="given-only", lang="zh"))
            family = romanised.given or "" if romanised else han
    year = next((str(d.date.year) for d in record.dates), "")
    word = ""
    if record.title is not None:
        value = record.title.value
        lead = re.match(r"[^\w]*(\w)", value)
        if lead and has_han(lead.group(1)):
            chars = "".join(ch for ch in value if has_han(ch))[:2]
            romanised = pinyin(Name(given=chars, style="given-only", lang="zh"))
            word = romanised.given or "" if romanised else ""
        else:
            words = [w for w in re.findall(r"[^\W\d_]+", value) if w.lower() not in _STOP]
            word = words[0] if words else ""
    key = "".join(ch for ch in _ascii(family + year + word).lower() if ch.isalnum())
    return key or "entry"


_STOP = frozenset({"a", "an", "the", "on", "of", "in", "and", "for", "to", "with", "at", "by"})


def _ascii(value: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")


class _Keys:
    """Citation keys made unique within one written file: ``key``, ``keyb``, ``keyc``…"""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def take(self, wanted: str) -> str:
        key, n = wanted, 1
        while key.lower() in self.used:
            n += 1
            key = f"{wanted}{_suffix(n)}"
        self.used.add(key.lower())
        return key


def _suffix(n: int) -> str:
    letters = ""
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


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
        format_name(c.names[pick] if pick < len(c.names) else c.names[0], "bibtex", latex.escape)
        for c in contributors
    )


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
    return out


def _take_keys(keys: _Keys, wanted: str, suffixes: Sequence[str]) -> list[str]:
    """The keys of one record's entries, in the order they are written: its own, one per
    translation (``key-zh-hans``…) and, when there are translations, the set's (``key-set``)."""
    key = keys.take(wanted)
    if not suffixes:
        return [key]
    return [key, *(keys.take(f"{key}-{suffix}") for suffix in [*suffixes, "set"])]


#: An entry's first line as the writer writes it (values never hold a line break: ``escape``
#: turns them into spaces), and the line of a set's members.
_HEADER = re.compile(r"^@(\w+)\{([^,\n]*),$", re.M)
_ENTRYSET = re.compile(r"^  entryset = \{([^}\n]*)\},$", re.M)


def unique_keys(documents: Iterable[str]) -> Iterator[str]:
    """The documents ``write`` gives for one record each (as ``--jobs`` workers write them,
    every one with keys unique only within itself), with their citation keys made unique across
    all of them exactly as one ``write`` call over the same records makes them."""
    keys = _Keys()
    for document in documents:
        found = _HEADER.findall(document)
        if len(found) == 0 or len(found) == 2:  # not one record's entries as write() makes them
            yield document
            continue
        wanted = found[0][1]
        suffixes = [key[len(wanted) + 1 :] for _, key in found[1:-1]]
        taken = _take_keys(keys, wanted, suffixes)
        renamed = {old: new for (_, old), new in zip(found, taken, strict=True) if old != new}
        yield _renamed(document, renamed) if renamed else document


def _renamed(document: str, renamed: dict[str, str]) -> str:
    """``document`` with the keys of its entries, and of its set's members, renamed."""

    def header(match: re.Match[str]) -> str:
        key = match.group(2)
        return f"@{match.group(1)}{{{renamed.get(key, key)},"

    def members(match: re.Match[str]) -> str:
        keys = ",".join(renamed.get(k, k) for k in match.group(1).split(","))
        return f"  entryset = {{{keys}}},"

    return _ENTRYSET.sub(members, _HEADER.sub(header, document))


#: Texts the writer does not write in a translation's own entry: affiliations and journal
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
    main = titles[0] if titles else None
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
    if main is not None:
        _field(out, "title", latex.encode(main))
    if translation is None:
        _gbt7714_2025(out, record)
    abstracts = [a for a in record.abstracts if pick(a.paragraphs[:1])]
    if abstracts:
        _field(
            out, "abstract", " \\par ".join(latex.encode(p) for p in with_headings(abstracts[0]))
        )
    keywords = pick(record.keywords)
    if keywords:
        separator = "; " if any("," in k.value for k in keywords) else ", "
        _field(out, "keywords", separator.join(latex.encode(k) for k in keywords))

    journal = record.journal
    if journal is not None:
        jtitles = pick(journal.titles)
        container = "booktitle" if kind in _IN_BOOK else "journaltitle"
        if jtitles:
            _field(out, container, latex.encode(jtitles[0]))
        _field(out, _written("journal.abbreviations"), _join(pick(journal.abbreviations)))
        issns = [i.value for i in journal.identifiers if i.scheme.startswith("issn")]
        _field(out, "issn", ", ".join(issns))
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

    _field(out, "series", _join(pick(record.series)))
    _field(out, "edition", esc(record.edition) if record.edition else None)
    _field(out, "pagetotal", esc(record.page_count) if record.page_count else None)
    _field(out, "volume", esc(record.volume) if record.volume else None)
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
    url = next((lk.url for lk in record.links if lk.kind == "landing"), None) or next(
        (lk.url for lk in record.links), None
    )
    _field(out, "url", _verbatim_out(url) if url else None)

    types = [t for t in record.publication_types]
    if len(types) > 1 or (types and types[0].code is None):
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
            and latex.plain(latex.escape(value))[0] == value  # reads back as it is
        ):
            _field(out, name, esc(value))
            written.add(name)
        else:
            packed[name] = value
    if packed and translation is None:
        _field(out, EXTRAS_FIELD, esc(json.dumps(packed, ensure_ascii=False, sort_keys=True)))
    out.append("}\n")
    return "".join(out)


#: Fields the writer writes from the record (an extra of such a name is packed, so that it does
#: not read back as the field); a thesis type of no thesis is the source's own, written back.
_KNOWN_FIELDS = frozenset(f.key for f in FIELDS if f.path) - {"type"}


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
