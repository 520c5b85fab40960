"""Splitting a .bib file: entries one at a time (bibtexparser's ``Splitter`` per block), values
split at top-level separators, ``@string`` macros and ``#`` concatenation resolved.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from ...errors import InvalidRecord, add_problem, shown
from ...fields import note
from ...record import (
    Note,
)
from ...sources import Line, span
from .declarations import (
    _ENTRY_START,
    _LIMITS,
    _MONTH_MACROS,
    MAX_ENTRY_LINES,
    MAX_FIELD_CHARS,
    MAX_STRINGS_CHARS,
)

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
