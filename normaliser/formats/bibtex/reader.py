"""Reading BibTeX: a file's entries streamed as Records (``read``), a bilingual pair grouped by
an ``@set`` read as one record, a block that cannot be parsed a Reject with its text.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import replace
from typing import cast

from bibtexparser import model as bibmodel
from bibtexparser.splitter import Splitter

from ...errors import RECORD, InvalidRecord, shown
from ...fields import collect_notes
from ...record import (
    Note,
    Record,
    Reject,
    catalogue,
)
from ...sources import Source, encoding_note, kept
from . import latex
from .chunks import _Chunk, _chunks, _Entry, _resolve, _Strings
from .declarations import MAX_ENTRY_CHARS, PAIR_WINDOW
from .entry import from_entry

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
