"""The sections of an aggregator text dump: records split into chunks (authors line, JSON
object, labelled sections), JSON decoded with the keys an object repeats."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ...crosswalk import CASE, Crosswalk
from ...errors import add_problem
from ...names import LONGEST_HAN_NAME, name_key, parse_list
from ...record import Name, Note
from ...sources import BareConstant, JsonTooDeep, Line, check_json_depth, encoding_note, kept
from ...text import is_null
from .declarations import MAX_JSON_CHARS, MAX_RECORD_LINES

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

    @property
    def data(self) -> bytes | None:
        """The record's original bytes when its text's UTF-8 is not them (as every split
        piece says them)."""
        if not self.damaged:
            return None
        return kept(
            self.lines,
            (self.damaged.get(i) or text.encode("utf-8") for i, text in enumerate(self.lines)),
        )[1]


#: The splitter asks of each line, several times as it looks ahead, whether it is a section
#: label: the answers of the last lines are kept (a line's text is hashed once, by Python).
@lru_cache(maxsize=64)
def _section(line: str) -> tuple[str, str, str] | None:
    """The section a label line opens (code, label as written, value after the colon), or
    None for any other line."""
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


class _Seen:
    """A line of a dump as the splitter classifies it, once: its text, whether it is blank,
    the section label it opens, whether it is a citation-count label line, whether it can be a
    record's JSON line that is not JSON (``slot``: not blank, no label), and whether it starts
    like JSON outside free text (``json``)."""

    __slots__ = ("blank", "citations", "json", "line", "section", "slot", "text")

    def __init__(self, line: Line) -> None:
        text = line.text
        self.line = line
        self.text = text
        self.blank = not text.strip()
        self.section = found = _section(text)
        self.citations = found is not None and found[0] == "citations"
        self.slot = not self.blank and found is None
        self.json = _json_start(text)


def _json_line(seen: _Seen, in_text: bool) -> bool:
    """``_json_start(seen.text, in_text)``, from what ``seen`` knows already."""
    if not seen.json or not in_text:
        return seen.json
    stripped = seen.text.lstrip()
    return stripped.startswith("{") or _complete(stripped)


def _chunks(lines: Iterator[Line]) -> Iterator[Chunk]:
    """Split a text dump into records. A record starts at its JSON line, or at the line before
    it when that line is an authors line; sections run until the next record starts. A JSON line
    is a line that starts like JSON (any value: an array is a record too, read or rejected), or
    any line just before a citation-count label line (the JSON of a record may be broken beyond
    recognition): record boundaries never depend on the JSON being a valid object. Each line
    is classified once (``_Seen``), however often the splitter looks ahead at it."""
    current: Chunk | None = None
    section: list[str] | None = None
    in_text_section = False
    pending: list[_Seen] = []
    seen_lines = map(_Seen, lines)

    def next_line() -> _Seen | None:
        if pending:
            return pending.pop(0)
        return next(seen_lines, None)

    def peek(ahead: int = 0) -> _Seen | None:
        while len(pending) <= ahead:
            nxt = next(seen_lines, None)
            if nxt is None:
                return None
            pending.append(nxt)
        return pending[ahead]

    def citations(ahead: int = 0) -> bool:
        """Whether the line ``ahead`` lines on is a citation-count label line: aggregators
        write it right after every record's JSON line, so the line before it is a record's
        JSON line whatever it holds."""
        found = peek(ahead)
        return found is not None and found.citations

    def done(chunk: Chunk | None) -> bool:
        """Whether ``chunk`` has its JSON line or sections: a JSON line now starts another."""
        return chunk is not None and (chunk.json_text is not None or bool(chunk.sections))

    while True:
        seen = next_line()
        if seen is None:
            break
        line, text = seen.line, seen.text
        if seen.slot and citations():
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
            seen.slot
            and not seen.json
            and done(current)
            and (following := peek()) is not None
            and following.slot
            and citations(1)
            and _looks_like_authors(text, following.text, in_text_section)
        ):
            # An authors line before a JSON line (whatever that holds) and a citation line.
            assert current is not None
            yield current
            slot = next_line()
            assert slot is not None
            current = Chunk(line.number, line.offset, authors=text.strip())
            current.add(line)
            current.add(slot.line)
            current.json_text = slot.text
            section, in_text_section = None, False
            continue
        if _json_line(seen, in_text_section):
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
                    nxt.text[:1] in ("{", "[") or citations(1)
                ):
                    # A JSON value broken off: the next line is the next record's (pretty
                    # printers indent nested values; a record's JSON line starts the line).
                    break
                next_line()
                current.add(nxt.line)
                acc += "\n" + nxt.text
            current.json_text = acc
            section, in_text_section = None, False
            continue
        nxt = peek()
        if (
            not seen.blank
            and nxt is not None
            and _json_line(nxt, in_text_section)
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
            if seen.blank:
                continue
            current = Chunk(line.number, line.offset)
        if current.json_text is None and current.authors is None and not seen.blank:
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
        found = seen.section
        if found:
            code, label, value = found
            section = [value] if value else []
            current.sections.append((code, label, section))
            in_text_section = code in ("abstract", "journal-description", "affiliations")
        elif section is not None:
            section.append(text)
        elif not seen.blank:
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
