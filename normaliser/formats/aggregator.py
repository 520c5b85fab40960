"""The aggregator format: records as Chinese academic aggregators export them.

A text dump holds records one after another, each an optional authors line, one JSON object and
optional labelled sections (引用次数, Abstract/摘要, 期刊介绍/期刊简介, 关键词, 作者单位, and their
English labels, with ``:`` or ``：``). The same JSON objects also come bare: one object, a JSON
array, or JSON Lines. Everything is streamed; one bad record never stops the rest.

The key-by-key mapping is one marshmallow schema (``AggregatorSchema``): each field converts its
value both ways; ``_build``/``_flatten`` place the converted values in the Record and back.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import IO, Any, ClassVar

from marshmallow import EXCLUDE, Schema, ValidationError
from marshmallow import fields as mfields

from .. import sniffs
from ..crosswalk import CASE, Crosswalk
from ..dates import ParsedDate
from ..errors import RECORD, InvalidRecord, add_problem, encodable, finite_json, shown
from ..fields import (
    Clean,
    Count,
    DateField,
    DecimalString,
    DOIField,
    Flag,
    ISSNField,
    Labels,
    LoadPlan,
    NameList,
    Opaque,
    PagesField,
    PMCIDField,
    ProseField,
    TextField,
    UrlField,
    VocabTerms,
    collect_notes,
    note,
    term_label,
)
from ..identifiers import bad_url_note, doi_from_url, is_url, pmcid_from_url, same_doi
from ..names import LONGEST_HAN_NAME, name_key, pair, parse_list, pinyin
from ..pages import Pages
from ..record import (
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
    Reject,
    Term,
    Text,
    catalogue,
)
from ..sections import structure
from ..shapes import object_looks_like
from ..sources import (
    BareConstant,
    JsonTooDeep,
    Line,
    Source,
    bare_constant_note,
    check_json_depth,
    encoding_note,
    json_problem,
    json_values,
    kept,
)
from ..text import (
    detect_lang,
    has_han,
    is_null,
    plain_key,
    prose,
    settle_scripts,
    squeeze,
    strip_illegal,
)

NAME = "aggregator"
#: How sure (0–100) that a document starts in this format (light: ``normaliser.sniffs``).
sniff = sniffs.aggregator
#: What survives write → read (see ``Record.restricted_to``).
KEEPS = frozenset(
    {
        "titles",
        "contributors.names",
        "affiliations",
        "abstracts",
        "keywords",
        "journal.titles",
        "journal.identifiers",
        "journal.descriptions",
        "volume",
        "issue",
        "fpage",
        "lpage",
        "page_range",
        "elocation_id",
        "dates",
        "pub_model",
        "identifiers",
        "links",
        "open_access",
        "publication_types",
        "subjects",
        "metrics",
        "language",
        "extras",
    }
)

#: The keys a record cannot stand without (README "Core and secondary fields"): a value of one
#: of them that does not parse rejects the record; any other mapped key whose value does not
#: parse (a JCR quartile "Q9", a citation count "many") is kept verbatim in extras, with a
#: warning, and the record goes on.
CORE_KEYS = frozenset(
    {"title", "TitleCN", "authors", "doi", "PMCID", "ISSN", "eISSN", "journal", "publicationDate"}
)
#: Keys aggregators write whose meaning is not documented: kept verbatim in extras, and written
#: back (null when absent) so a written record has the key set of the source.
OPAQUE_KEYS = ("resultStr", "FirstCategoryId", "ArticlePicture", "Score", "Total")
#: Hard limits that keep a hostile dump from exhausting memory.
MAX_RECORD_LINES = 100_000
MAX_JSON_CHARS = 64 * 1024 * 1024


# --- The mapping ----------------------------------------------------------------------------


class Zone(Clean):
    """A CAS zone 1–4: 2, "2", "2区", "二区" → "2"."""

    _CJK: ClassVar[dict[str, str]] = {"一": "1", "二": "2", "三": "3", "四": "4"}

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str | None:
        raw = self.text(value, attr)
        if raw is None:
            return None
        raw = self._CJK.get(raw[:1], raw[:1]) + raw[1:] if raw else raw
        match = re.fullmatch(r"([1-4])\s*区?", raw)
        if not match:
            raise ValidationError(f"{shown(value)} is not a CAS zone (1 to 4)")
        return match.group(1)

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        return None if value is None else int(value)


class Quartile(Clean):
    """A JCR quartile: "Q1", "q1", "1" → "Q1"."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str | None:
        raw = self.text(value, attr)
        if raw is None:
            return None
        match = re.fullmatch(r"[Qq]?([1-4])", raw)
        if not match:
            raise ValidationError(f"{shown(value)} is not a JCR quartile (Q1 to Q4)")
        return "Q" + match.group(1)


class Number(Clean):
    """A volume or issue: trimmed, leading zeros of a plain number dropped ("04" → "4")."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str | None:
        raw = self.text(value, attr)
        if raw is not None and raw.isdigit():
            raw = raw.lstrip("0") or "0"
        return raw


class JournalSchema(Schema):
    class Meta:
        unknown = EXCLUDE  # kept in extras by ``from_dict``, never mixed with mapped values

    name = TextField(data_key="name", lang="en")
    volume = Number(data_key="volume")
    issue = Number(data_key="issue")
    pages = PagesField(data_key="pages")


class AggregatorSchema(Schema):
    """Every documented key of an aggregator record, in the order aggregators write them."""

    class Meta:
        unknown = EXCLUDE  # kept in extras by ``from_dict``, never mixed with mapped values

    title = TextField(data_key="title", lang="en", title=True)
    authors = NameList(data_key="authors", numbers=False)
    doi = DOIField(data_key="doi")
    doi_url = UrlField(data_key="DOIUrl")
    url = UrlField(data_key="url")
    abstract = ProseField(data_key="abstract", lang="en")
    periodical_id = Clean(data_key="PeriodicalId")
    journal = mfields.Nested(JournalSchema, data_key="journal", allow_none=True)
    impact_factor = DecimalString(data_key="PeriodicalIF")
    publication_date = DateField(data_key="publicationDate")
    publication_types = VocabTerms("publication-type", data_key="publicationTypes", joined=True)
    fields_of_study = Labels(data_key="fieldsOfStudy")
    is_open_access = Flag(data_key="isOpenAccess", allow_none=True)
    open_access_pdf = UrlField(data_key="openAccessPdf")
    citation_count = Count(data_key="citationCount", as_text=True)
    result_str = Opaque(data_key="resultStr")
    platform = Clean(data_key="platform", numbers=False)
    paper_id = Clean(data_key="paperid")
    periodical_name = TextField(data_key="PeriodicalName", lang="en")
    first_category_id = Opaque(data_key="FirstCategoryId")
    list_url_main = UrlField(data_key="ListUrlMain")
    region_num = Zone(data_key="RegionNum")
    region_category = VocabTerms("cas-category", data_key="RegionCategory", joined=True)
    article_picture = Opaque(data_key="ArticlePicture")
    title_cn = TextField(data_key="TitleCN", lang="en", variant="translation", title=True)
    abstract_cn = ProseField(data_key="AbstractTextCN", lang="en", variant="translation")
    pmcid = PMCIDField(data_key="PMCID")
    epub_date = DateField(data_key="EPubDate", style="slash")
    pub_model = VocabTerms("pub-model", data_key="PubModel", joined=True)
    jcr = Quartile(data_key="JCR")
    jcr_name = Clean(data_key="JCRName", numbers=False)
    score = Opaque(data_key="Score")
    total = Opaque(data_key="Total")
    issn = ISSNField(data_key="ISSN")
    eissn = ISSNField(data_key="eISSN")


#: The record paths each schema field (by attribute) fills and is written from: the aggregator's
#: field declarations, for the crosswalk document and the KEEPS checks (a test checks that every
#: schema field is here). The record's language is its title's.
PATHS: dict[str, tuple[str, ...]] = {
    "title": ("titles",),
    "authors": ("contributors.names",),
    "doi": ("identifiers",),
    "doi_url": ("links",),
    "url": ("links",),
    "abstract": ("abstracts",),
    "periodical_id": ("journal.identifiers",),
    "journal": (
        "journal.titles",
        "volume",
        "issue",
        "fpage",
        "lpage",
        "page_range",
        "elocation_id",
    ),
    "impact_factor": ("metrics",),
    "publication_date": ("dates",),
    "publication_types": ("publication_types",),
    "fields_of_study": ("subjects",),
    "is_open_access": ("open_access",),
    "open_access_pdf": ("links",),
    "citation_count": ("metrics",),
    "result_str": ("extras",),
    "platform": ("provenance.platform",),
    "paper_id": ("identifiers",),
    "periodical_name": ("journal.titles",),
    "first_category_id": ("extras",),
    "list_url_main": ("links",),
    "region_num": ("metrics",),
    "region_category": ("subjects",),
    "article_picture": ("extras",),
    "title_cn": ("titles",),
    "abstract_cn": ("abstracts",),
    "pmcid": ("identifiers",),
    "epub_date": ("dates",),
    "pub_model": ("pub_model",),
    "jcr": ("metrics",),
    "jcr_name": ("metrics",),
    "score": ("extras",),
    "total": ("extras",),
    "issn": ("journal.identifiers",),
    "eissn": ("journal.identifiers",),
}
#: The sections after the JSON, by their code in ``SECTION_LABELS``: the record paths each fills.
SECTION_PATHS: dict[str, tuple[str, ...]] = {
    "citations": ("metrics",),
    "abstract": ("abstracts",),
    "journal-description": ("journal.descriptions",),
    "keywords": ("keywords",),
    "affiliations": ("affiliations",),
}
#: What code carries beside the declared keys: the record's language is its title's.
CODE_KEEPS = frozenset({"language"})


def _aliased(data: dict[str, Any]) -> dict[str, Any]:
    """Other dumps spell the ISSN keys differently; the canonical spelling wins."""
    for alias, key in _KEY_ALIASES.items():
        if alias in data and key not in data:
            data = {(key if k == alias else k): v for k, v in data.items()}
    return data


_KEY_ALIASES = {
    "issn": "ISSN",
    "pISSN": "ISSN",
    "EISSN": "eISSN",
    "eissn": "eISSN",
    "ESSN": "eISSN",
}
#: Keys the writer leaves out when they are empty (they are not in every dump).
_OPTIONAL_KEYS = ("ISSN", "eISSN")
_SCHEMA = AggregatorSchema()
#: ``_SCHEMA.load`` precompiled (the same result and errors, without marshmallow's per-field
#: machinery around each conversion).
_PLAN = LoadPlan(_SCHEMA)
_DATA_KEYS = {f.data_key or name for name, f in _SCHEMA.fields.items()}
_JOURNAL_KEYS = {f.data_key or name for name, f in JournalSchema().fields.items()}
_URL_KEYS = tuple(
    f.data_key or name for name, f in _SCHEMA.fields.items() if isinstance(f, UrlField)
)
_OPAQUE_ATTRS = {
    f.data_key or name: name for name, f in _SCHEMA.fields.items() if isinstance(f, Opaque)
}

# Which date kind publicationDate and EPubDate carry, by PubMed publication model.
_DATE_SLOTS: dict[str | None, tuple[str, str]] = {
    "electronic-ecollection": ("epub", "collection"),
    "electronic": ("epub", "epub"),
    "print-electronic": ("ppub", "epub"),
    "electronic-print": ("ppub", "epub"),
    "print": ("ppub", "epub"),
    None: ("published", "epub"),
}


def _collection(date: PartialDate) -> PartialDate:
    """An eCollection date is a year or a year-month, never a day: "2025/1/1" is year 2025."""
    if date.day is None:
        return date
    if date.month == 1 and date.day == 1:
        note(
            "repaired",
            "EPubDate",
            f"{date.iso()} is a padded eCollection year: kept as {date.year}",
        )
        return PartialDate(date.year)
    if date.day != 1:
        note(
            "repaired",
            "EPubDate",
            f"an eCollection date has no day; {date.iso()} kept to the month",
        )
    return PartialDate(date.year, date.month)


# --- Sections of the text dump ----------------------------------------------------------------

#: Section ⇄ its labels in a dump, read case-insensitively; the first label is the one written.
SECTION_LABELS: Crosswalk[str] = Crosswalk(
    "dump section labels",
    (
        *(
            ("citations", label)
            for label in (
                "引用次数",
                "被引次数",
                "被引频次",
                "引用次數",
                "被引次數",
                "citations",
                "cited by",
                "citation count",
                "times cited",
            )
        ),
        *(("abstract", label) for label in ("abstract", "摘要", "summary", "内容摘要", "内容提要")),
        *(
            ("journal-description", label)
            for label in (
                "期刊介绍",
                "期刊简介",
                "期刊介紹",
                "期刊簡介",
                "journal description",
                "journal introduction",
                "about the journal",
            )
        ),
        *(
            ("keywords", label)
            for label in ("关键词", "關鍵詞", "关键字", "關鍵字", "keywords", "key words")
        ),
        *(
            ("affiliations", label)
            for label in ("作者单位", "作者單位", "affiliations", "affiliation")
        ),
        ("affiliations", "author affiliations"),
    ),
    fold=CASE,
)
_SECTION_LINE = re.compile(
    r"^\s*(?P<label>"
    + "|".join(re.escape(k) for k in sorted((s for _, s in SECTION_LABELS), key=len, reverse=True))
    + r")\s*(?:[:：]\s*(?P<value>.*?)\s*)?$",
    re.IGNORECASE,
)


@dataclass
class Chunk:
    """The lines of one record in a dump, split into their parts."""

    line: int
    offset: int
    authors: str | None = None
    json_text: str | None = None
    sections: list[tuple[str, str, list[str]]] = field(default_factory=list)
    unlabelled: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    #: Repairs found while splitting and decoding, reported with the record's own notes.
    notes: list[Note] = field(default_factory=list)
    #: The original bytes of the lines whose text's UTF-8 is not them (undecodable bytes, a
    #: GB18030 line), by their index in ``lines``.
    damaged: dict[int, bytes] = field(default_factory=dict)
    #: The encoding the dump was decoded from.
    encoding: str = "utf-8"

    def add(self, line: Line) -> None:
        """Take ``line`` into this record, as written (its line end included)."""
        if line.error:
            add_problem(self.errors, line.error, line.number)
        if line.error or line.encoding != "utf-8":
            self.damaged[len(self.lines)] = line.original()
        if line.guessed and line.encoding == "gb18030":
            note = encoding_note("gb18030")
            if note is not None and note not in self.notes:
                self.notes.append(note)
        self.lines.append(line.raw)

    @property
    def raw(self) -> str:
        """The record's text exactly as written."""
        return "".join(self.lines)

    def data(self, encoding: str = "utf-8") -> bytes | None:
        """The record's original bytes when its text's UTF-8 is not them."""
        if not self.damaged:
            return None
        return kept(
            self.lines,
            (self.damaged.get(i) or text.encode("utf-8") for i, text in enumerate(self.lines)),
        )[1]


def _section(line: str) -> tuple[str, str, str] | None:
    match = _SECTION_LINE.match(line)
    if not match:
        return None
    label = match.group("label")
    section = SECTION_LABELS.read(label)
    assert section is not None  # the pattern matches its labels only
    return section, label, match.group("value") or ""


_VALUE_START = re.compile(r'\s*(?:[{}\["\]\-0-9]|true\b|false\b|null\b|$)')


def _json_start(text: str, in_text: bool = False) -> bool:
    """Whether ``text`` starts like a record's JSON: an object, or an array whose first item
    starts like a JSON value (``[1, 2]``, ``[{``, but not ``[Objective]``). Inside free text
    (an abstract) an array line starts a record only when it is whole JSON (``[1] Smith`` is a
    reference)."""
    stripped = text.lstrip()
    if stripped.startswith("{"):
        return True
    if not stripped.startswith("[") or not _VALUE_START.match(stripped, 1):
        return False
    return not in_text or _complete(stripped)


def _continues_json(acc: str, nxt: str) -> bool:
    """Whether a JSON value broken over lines goes on: the break sits where JSON allows white
    space (after ``{ [ , :`` or before ``} ] "``), as in pretty-printed output, and the next
    line starts like JSON (never a section label or a name)."""
    tail, head = acc.rstrip()[-1:], nxt.lstrip()[:1]
    if not _VALUE_START.match(nxt) or _section(nxt):
        return False
    return tail in ("{", "[", ",", ":") or head in ("}", "]", '"')


def _is_citations(line: Line | None) -> bool:
    """Whether ``line`` is a citation-count label line: aggregators write it right after every
    record's JSON line, so the line before it is a record's JSON line whatever it holds."""
    if line is None:
        return False
    found = _section(line.text)
    return found is not None and found[0] == "citations"


def _slot(line: Line | None) -> bool:
    """Whether ``line`` can be a record's JSON line that is not JSON: not blank, no label."""
    return line is not None and bool(line.text.strip()) and _section(line.text) is None


def _looks_like_authors(line: str, next_json: str | None, in_text: bool = False) -> bool:
    """Whether ``line`` (just before a JSON line) is that record's authors line: it names the
    JSON's authors, or (outside free text, or when the JSON has no authors) it has the shape of
    a name list. A section label is never an authors line."""
    text = line.strip()
    if not text or _section(text):
        return False
    if not in_text and _shaped_like_authors(text):
        return True  # the answer whatever the JSON says: skip decoding it and parsing names
    authors = None
    if next_json:
        obj = _decoded(next_json)
        authors = obj.get("authors") if isinstance(obj, dict) else None
    if isinstance(authors, str) and not is_null(authors):
        if authors.strip() == text or _same_names(parse_list(text), parse_list(authors)):
            return True
        if in_text:
            return False
    return _shaped_like_authors(text)


_SENTENCE_BREAK = re.compile(r"(?<!\b[A-Z])[.。!?？！]\s+\S|\d{3,}")
_NAME_SEPARATOR = re.compile(r"\s*[,;，；、]\s*")


def _shaped_like_authors(text: str) -> bool:
    """Whether stripped ``text`` has the shape of a name list: short parts between separators,
    no sentence break, no long number."""
    if len(text) > 2000 or _SENTENCE_BREAK.search(text) or text.endswith(("。", "！", "？")):
        return False
    return all(
        0 < len(p) <= 60
        and len(p.split()) <= 5
        and not (len(p) > LONGEST_HAN_NAME and _HAN_RUN.fullmatch(p))
        for p in _NAME_SEPARATOR.split(text)
    )


#: A part of a line that is Han characters only (a name, or a phrase when too long for one).
_HAN_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")


def _same_names(one: Sequence[Name], other: Sequence[Name]) -> bool:
    """Whether two author lists name the same people in the same order (by ``name_key``)."""
    return len(one) == len(other) and all(
        a is b or name_key(a) == name_key(b) for a, b in zip(one, other, strict=True)
    )


def _chunks(lines: Iterator[Line]) -> Iterator[Chunk]:
    """Split a text dump into records. A record starts at its JSON line, or at the line before
    it when that line is an authors line; sections run until the next record starts. A JSON line
    is a line that starts like JSON (any value: an array is a record too, read or rejected), or
    any line just before a citation-count label line (the JSON of a record may be broken beyond
    recognition): record boundaries never depend on the JSON being a valid object."""
    current: Chunk | None = None
    section: list[str] | None = None
    in_text_section = False
    pending: list[Line] = []

    def next_line() -> Line | None:
        if pending:
            return pending.pop(0)
        return next(lines, None)

    def peek(ahead: int = 0) -> Line | None:
        while len(pending) <= ahead:
            nxt = next(lines, None)
            if nxt is None:
                return None
            pending.append(nxt)
        return pending[ahead]

    def done(chunk: Chunk | None) -> bool:
        """Whether ``chunk`` has its JSON line or sections: a JSON line now starts another."""
        return chunk is not None and (chunk.json_text is not None or bool(chunk.sections))

    while True:
        line = next_line()
        if line is None:
            break
        text = line.text
        if _slot(line) and _is_citations(peek()):
            # A JSON line, whatever it holds (garbage, a scalar, a broken array): the citation
            # line after it says where the record is.
            if current is None or done(current):
                if current is not None:
                    yield current
                current = Chunk(line.number, line.offset)
            current.add(line)
            current.json_text = text
            section, in_text_section = None, False
            continue
        if (
            done(current)
            and _slot(line)
            and not _json_start(text)
            and _slot(peek())
            and _is_citations(peek(1))
            and _looks_like_authors(text, peek().text, in_text_section)  # type: ignore[union-attr]
        ):
            # An authors line before a JSON line (whatever that holds) and a citation line.
            assert current is not None
            yield current
            slot = next_line()
            assert slot is not None
            current = Chunk(line.number, line.offset, authors=text.strip())
            current.add(line)
            current.add(slot)
            current.json_text = slot.text
            section, in_text_section = None, False
            continue
        if _json_start(text, in_text_section):
            if current is None or done(current):
                if current is not None:
                    yield current
                current = Chunk(line.number, line.offset)
            current.add(line)
            acc = text
            while not _complete(acc):
                nxt = peek()
                if nxt is None or not _continues_json(acc, nxt.text) or len(acc) > MAX_JSON_CHARS:
                    break
                if not _complete(acc + "\n" + nxt.text) and (
                    nxt.text[:1] in ("{", "[") or _is_citations(peek(1))
                ):
                    # A JSON value broken off: the next line is the next record's (pretty
                    # printers indent nested values; a record's JSON line starts the line).
                    break
                next_line()
                current.add(nxt)
                acc += "\n" + nxt.text
            current.json_text = acc
            section, in_text_section = None, False
            continue
        nxt = peek()
        if (
            text.strip()
            and nxt is not None
            and _json_start(nxt.text, in_text_section)
            and (current is None or current.json_text is not None)
            and _looks_like_authors(text, nxt.text, in_text_section)
        ):
            # The line before a JSON line is that record's authors line when it reads as one
            # (inside free text: only when it names that record's JSON authors).
            if current is not None:
                yield current
            current = Chunk(line.number, line.offset, authors=text.strip())
            current.add(line)
            section, in_text_section = None, False
            continue
        if current is None:
            if not text.strip():
                continue
            current = Chunk(line.number, line.offset)
        if current.json_text is None and current.authors is None and text.strip():
            # Text before any JSON: an authors line whose record has no JSON, or stray text.
            current.authors = text.strip()
            current.add(line)
            continue
        current.add(line)
        if len(current.lines) > MAX_RECORD_LINES:
            current.errors.append(f"more than {MAX_RECORD_LINES} lines in one record")
            yield current
            current, section = None, None
            continue
        found = _section(text)
        if found:
            code, label, value = found
            section = [value] if value else []
            current.sections.append((code, label, section))
            in_text_section = code in ("abstract", "journal-description", "affiliations")
        elif section is not None:
            section.append(text)
        elif text.strip():
            current.unlabelled.append(text)
    if current is not None:
        yield current


def _complete(text: str) -> bool:
    return _decoded(text) is not _INVALID


_INVALID = object()


def _decoded(text: str) -> Any:
    """``text`` decoded as JSON, or ``_INVALID``. Splitting asks twice about each JSON line
    (is the line before it an authors line? is the object complete?) and mapping it decodes it
    again: ``_load`` keeps the last few, so the line is decoded once. Only looked at, never
    changed: callers must not mutate the value."""
    try:
        return _load(text)[0]
    except ValueError:
        return _INVALID


# --- Reading --------------------------------------------------------------------------------


def split(source: Source) -> Iterator[Chunk]:
    """Every record of a dump as its lines and parts, not yet mapped: cheap, so that a parallel
    run can hand the mapping (``parse``) to worker processes."""
    head = source.head_text(4096).lstrip("\ufeff \t\r\n")
    if head.startswith("[") and (head[1:].lstrip()[:1] == "{" or head.rstrip() == "[]"):
        # A JSON array of records (a dump whose first JSON line is some other array is a dump).
        for item in json_values(source, strict=False):
            chunk = Chunk(item.line, item.offset, json_text=item.raw, lines=[item.raw])
            chunk.encoding = source.encoding
            if item.data is not None:
                chunk.damaged[0] = item.data
            if isinstance(item.value, JsonTooDeep):
                chunk.errors.append(str(item.value))
            elif isinstance(item.value, ValueError):
                chunk.errors.append(f"not valid JSON: {item.value}")
            yield chunk
        return
    for chunk in _chunks(source.lines()):
        chunk.encoding = source.encoding
        yield chunk


def parse(chunk: Chunk, number: int, name: str, *, strict: bool = False) -> Record | Reject:
    """The Record of one split record, or a Reject holding its original text and the reason."""
    try:
        if chunk.errors:
            raise InvalidRecord({RECORD: chunk.errors})
        return catalogue(from_chunk(chunk, strict=strict))
    except InvalidRecord as exc:
        return Reject(
            exc,
            chunk.raw,
            number,
            chunk.line,
            chunk.offset,
            name,
            chunk.data(chunk.encoding),
        )


def read(source: Source, *, strict: bool = False) -> Iterator[Record | Reject]:
    """Yield a Record, or a Reject holding the original text and the reason, for every record."""
    for number, chunk in enumerate(split(source), 1):
        yield parse(chunk, number, source.name, strict=strict)


def from_chunk(chunk: Chunk, *, strict: bool = False) -> Record:
    """Map one record's parts to a Record; raises ``InvalidRecord`` with the input's keys."""
    if chunk.json_text is None:
        raise InvalidRecord("no JSON object in this record")
    try:
        data, repeated = _load(chunk.json_text)
    except JsonTooDeep as exc:
        raise InvalidRecord(str(exc)) from None
    except ValueError as exc:
        raise InvalidRecord(f"not valid JSON: {json_problem(exc)}") from None
    if not isinstance(data, dict):
        raise InvalidRecord(f"expected a JSON object, got {type(data).__name__}")
    conflicting = {}
    for key, values in repeated:
        if all(v == values[0] for v in values):
            chunk.notes.append(
                Note("repaired", key, f"the key is given {len(values)} times with one value")
            )
        else:
            shown = ", ".join(_short(v) for v in values)
            conflicting[key] = [
                f"the key is given {len(values)} times with different values ({shown})"
            ]
    if conflicting:
        raise InvalidRecord(conflicting)
    return from_dict(data, chunk=chunk, strict=strict)


@lru_cache(maxsize=4)
def _load(text: str) -> tuple[Any, list[tuple[str, list[Any]]]]:
    """Decode one JSON value (control characters may stand unescaped in strings, as dumps
    write them); also return every key an object repeats, dotted, with all its values.

    Cached for the last few texts, so that a record's JSON is decoded once although the
    splitter looks at it twice (where it ends; whether the line before is its authors line)
    before it is mapped. The value is shared: callers read it, never change it."""
    repeats: dict[int, dict[str, list[Any]]] = {}

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        obj: dict[str, Any] = {}
        seen: dict[str, list[Any]] = {}
        for key, value in items:
            if key in obj:
                seen.setdefault(key, [obj[key]]).append(value)
            obj[key] = value
        if seen:
            repeats[id(obj)] = seen
        return obj

    check_json_depth(text)
    try:
        value = json.loads(text, strict=False, object_pairs_hook=pairs, parse_constant=BareConstant)
    except RecursionError:
        raise JsonTooDeep() from None
    found: list[tuple[str, list[Any]]] = []

    def walk(node: Any, path: str) -> None:
        if isinstance(node, dict):
            found.extend((path + k, v) for k, v in repeats.get(id(node), {}).items())
            for key, item in node.items():
                walk(item, f"{path}{key}.")
        elif isinstance(node, list):
            for i, item in enumerate(node):
                walk(item, f"{path}{i}.")

    if repeats:
        walk(value, "")
    return value, found


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


_SURROGATE = re.compile("[\ud800-\udfff]")


def _encodable(value: Any, key: str) -> Any:
    """``value`` with lone surrogates (a JSON ``\\ud800`` escape is not text and cannot be written
    as UTF-8) replaced by U+FFFD and bare ``NaN``/``Infinity`` made strings, with a note on
    ``key`` (itself already encodable); everything else verbatim."""
    if isinstance(value, BareConstant):
        note("repaired", key, bare_constant_note(value))
        return str(value)
    if isinstance(value, str):
        fixed, count = _SURROGATE.subn("\ufffd", value)
        if count:
            note("repaired", key, f"{count} lone surrogate escapes replaced by U+FFFD")
        return fixed
    if isinstance(value, list):
        return [_encodable(item, key) for item in value]
    if isinstance(value, dict):
        return {_encodable(k, key): _encodable(v, key) for k, v in value.items()}
    return value


def from_dict(data: dict[str, Any], *, chunk: Chunk | None = None, strict: bool = False) -> Record:
    """Map one aggregator JSON object (plus its dump sections) to a Record."""
    shape = object_looks_like(data)
    if shape is not None:
        raise InvalidRecord(f"this looks like {shape}; it is not an aggregator record")
    if not isinstance(data.get("journal"), (dict, type(None))):
        if not is_null(data.get("journal")):
            raise InvalidRecord({"journal": ["expected an object with name, volume and pages"]})
        data = {**data, "journal": None}
    data = _aliased(data)
    # Keys the mapping does not know go to extras verbatim (a key spelled like one of the
    # schema's attribute names must not be taken for that attribute's converted value).
    extras = {k: v for k, v in data.items() if k not in _DATA_KEYS and not is_null(v)}
    journal_in = data.get("journal") or {}
    extras.update(
        {
            f"journal.{k}": v
            for k, v in journal_in.items()
            if k not in _JOURNAL_KEYS and not is_null(v)
        }
    )
    with collect_notes() as notes:
        unparsed: dict[str, Any] = {}
        # A link that is no URL is secondary: kept verbatim, said, and the record is read.
        for key in _URL_KEYS:
            value = data.get(key)
            if isinstance(value, str) and not is_null(value) and not is_url(value):
                note("repaired", key, bad_url_note(value))
                extras[key] = value
                data = {**data, key: None}
        try:
            flat = _PLAN.load(data)
        except ValidationError as exc:
            messages = exc.messages_dict
            if set(messages) & CORE_KEYS or not set(messages) <= set(data):
                raise InvalidRecord(messages) from None
            # Only secondary keys are wrong: kept verbatim, the record goes on without them.
            unparsed = {k: data[k] for k in messages}
            for key, problems in messages.items():
                shown = "; ".join(str(p) for p in problems) if isinstance(problems, list) else ""
                note("unparsed", key, f"{shown}: kept verbatim in extras")
            try:
                flat = _PLAN.load({k: v for k, v in data.items() if k not in unparsed})
            except ValidationError as again:
                raise InvalidRecord(again.messages_dict) from None
        for key, attr in _OPAQUE_ATTRS.items():
            value = flat.get(attr)
            if value is not None and not is_null(value):
                extras[key] = value
        extras = {
            _encodable(k, encodable(k)): _encodable(v, encodable(k)) for k, v in extras.items()
        }
        for repair in chunk.notes if chunk is not None else ():
            note(repair.kind, repair.field, repair.message)
        if strict and set(extras) - set(OPAQUE_KEYS):
            unknown = sorted(set(extras) - set(OPAQUE_KEYS))
            raise InvalidRecord({k: ["unknown key (strict mode)"] for k in unknown})
        extras.update({_encodable(k, k): _encodable(v, k) for k, v in unparsed.items()})
        return _build(flat, extras, chunk, notes)


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


def _build(
    flat: dict[str, Any], extras: dict[str, Any], chunk: Chunk | None, notes: list[Note]
) -> Record:
    """Place the schema's converted values in a Record (the inverse of ``_flatten``), with
    ``notes``: the list of what loading and building it repaired (``collect_notes``)."""
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
    if chunk is not None and chunk.authors:
        authors_line, removed = strip_illegal(chunk.authors)
        if removed:
            note("repaired", "authors line", f"removed {removed} control characters")
        line_names = tuple(parse_list(authors_line)) if authors_line.strip() else ()
        if not names:
            names = line_names
        elif not _same_names(line_names, names):
            people = _one_by_line(names, line_names)
            if people is None:
                note(
                    "conflict",
                    "authors",
                    "the authors line disagrees with the JSON authors; kept the JSON",
                )
                extras["dump:authors line"] = chunk.authors
    if people is None:
        # A Han-character name gets its pinyin (GB/T 28039) as a transliteration beside it.
        people = [(n,) if (p := pinyin(n)) is None else (n, p) for n in names]
    contributors = tuple(Contributor(names) for names in people)

    # Journal.
    journal = flat.get("journal") or {}
    jtitles: list[Text] = []
    for t in (journal.get("name"), flat.get("periodical_name")):
        if t is not None and not any(_same_text(t.value, j.value) for j in jtitles):
            jtitles.append(t)
    jids = []
    if flat.get("periodical_id"):
        jids.append(Identifier("aggregator-journal-id", flat["periodical_id"]))
    for attr, scheme in (("issn", "issn-print"), ("eissn", "issn-electronic")):
        if flat.get(attr):
            jids.append(Identifier(scheme, flat[attr]))
    pages: Pages | None = journal.get("pages")

    # Identifiers and links: a URL that only repeats the DOI is not stored twice.
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
    if flat.get("open_access_pdf") and flat.get("is_open_access") is False:
        note(
            "conflict",
            "isOpenAccess",
            "openAccessPdf is given while isOpenAccess is false; both kept as the source says",
        )
    pmcid = flat.get("pmcid")
    if pmcid:
        ids.append(Identifier("pmcid", pmcid))
    for key in ("open_access_pdf", "url", "list_url_main"):
        url = flat.get(key)
        derived = pmcid_from_url(url) if url else None
        if derived and not pmcid:
            pmcid = derived
            ids.append(Identifier("pmcid", derived, derived_from=_key_of(key)))
            note("derived", "PMCID", f"{derived} derived from {_key_of(key)}")
        elif derived and derived != pmcid:
            note("conflict", "PMCID", f"{_key_of(key)} names {derived}, PMCID says {pmcid}")

    # Dates, by publication model.
    model_terms: tuple[Term, ...] = flat.get("pub_model") or ()
    model = model_terms[0].code if model_terms else None
    if model_terms and model is None:
        extras["PubModel"] = term_label(model_terms[0])
    slots = _DATE_SLOTS.get(model, _DATE_SLOTS[None])
    dates: list[Dated] = []
    for key, kind in (("publication_date", slots[0]), ("epub_date", slots[1])):
        parsed = flat.get(key)
        if parsed is None:
            continue
        date = _collection(parsed.date) if kind == "collection" else parsed.date
        entry = Dated(kind, date, season=parsed.season if date.month is None else None)
        if entry not in dates:
            dates.append(entry)

    # Subjects and metrics.
    metrics: list[Metric] = []
    if flat.get("impact_factor"):
        metrics.append(Metric("impact-factor", flat["impact_factor"]))
    jcr_category = (
        Term("wos-category", None, (Text(flat["jcr_name"], "en"),))
        if flat.get("jcr_name")
        else None
    )
    cas: tuple[Term, ...] = flat.get("region_category") or ()
    subjects: list[Term] = []
    if flat.get("jcr"):
        metrics.append(Metric("jcr-quartile", flat["jcr"], category=jcr_category))
    elif jcr_category:
        subjects.append(jcr_category)
    if flat.get("region_num"):
        metrics.append(Metric("cas-zone", flat["region_num"], category=cas[0] if cas else None))
        subjects.extend(cas[1:])
    else:
        subjects.extend(cas)
    if flat.get("citation_count") is not None:
        metrics.append(Metric("citation-count", str(flat["citation_count"]), source=platform))
    for label in flat.get("fields_of_study") or ():
        lang, _ = detect_lang(label, "en")
        subjects.append(Term("field-of-study", None, (Text(label, lang),)))

    # The dump's labelled sections.
    language = titles[0].lang if titles and titles[0].lang != "und" else None
    added = _Sections(abstracts, metrics, extras)
    if chunk is not None:
        _apply_sections(added, chunk, platform, language)

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
        fpage=pages.first if pages else None,
        lpage=pages.last if pages else None,
        page_range=pages.statement if pages else None,
        elocation_id=pages.elocation_id if pages else None,
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
    return settled


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
        body, removed = strip_illegal("\n".join(lines))
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
            lang = detect_lang(body, _latin_lang(label, body, main_lang))[0]
            variant = "original" if lang.split("-")[0] == main_lang.split("-")[0] else "translation"
            text = prose(body.replace("\n", "\n\n"), lang, variant)
            if text is None:
                continue
            text = structure(text)
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
            text = _description(label, body)
            if text is not None:
                parts.descriptions.append(text)
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
    cas_terms = [cas.category] if cas and cas.category else []
    cas_terms += [s for s in record.subjects if s.vocabulary == "cas-category"]
    jcr_name = (
        jcr.category.labels[0].value if jcr and jcr.category and jcr.category.labels else None
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
    flat: dict[str, Any] = {
        "title": main,
        "authors": tuple(names[-1] for names in _by_line(record)) or None,
        "doi": doi,
        "doi_url": next((lk.url for lk in record.links if lk.kind == "doi"), None),
        "url": landing[0] if landing else None,
        "abstract": main_abs,
        "periodical_id": journal.identifier("aggregator-journal-id"),
        "journal": {
            "name": journal.titles[0] if journal.titles else None,
            "volume": record.volume,
            "issue": record.issue,
            "pages": Pages(record.fpage, record.lpage, record.page_range, record.elocation_id)
            if (record.fpage or record.page_range or record.elocation_id)
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
        "issn": journal.identifier("issn-print") or journal.identifier("issn"),
        "eissn": journal.identifier("issn-electronic"),
    }
    for key, attr in _OPAQUE_ATTRS.items():
        flat[attr] = record.extras.get(key)
    return flat


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
    for key, value in record.extras.items():
        if key.startswith("journal."):
            journal[key[len("journal.") :]] = value
        elif not key.startswith("dump:") and data.get(key) is None:
            data[key] = value  # an unknown key, or a mapped one kept verbatim (secondary)
    for key in _OPTIONAL_KEYS:
        if data.get(key) is None:
            data.pop(key, None)
    # The aggregator's own key order.
    order = [f.data_key or name for name, f in _SCHEMA.fields.items()]
    return {k: data[k] for k in order if k in data} | {
        k: v for k, v in data.items() if k not in order
    }


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
        if count is not None:
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
