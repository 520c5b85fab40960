"""Field declarations: each simple leaf of a format declared once, as (record path, format path,
kind, language-bound, lossiness), from which the format's reader and writer look up what to do,
its ``KEEPS`` contribution and ``docs/crosswalk.md`` are derived.

::

    FIELDS = Fields("bibtex", (
        Field("volume", "volume", NUMBER),
        Field("journal.abbreviations", "shortjournal", TEXTS, language=True),
        Field("journal.titles", "journal", TEXT, language=True, read_only=True),
    ))
    FIELDS.keys                     # every key the format knows: read, written or both
    FIELDS.language_keys            # the keys a bilingual pair carries in each language
    FIELDS.written("journal.titles")  # the key written for a record path ("journaltitle")
    FIELDS.keeps                    # the record paths the written fields carry

A declaration is data only: a lookup the reader and writer make once per field, never a
function call per value, so that the readers stay as fast as hand-written ones. What does not fit
one leaf (titles in two JATS styles, contributors, dates, structured parts) stays code, a named
read ⇄ write pair beside the declarations.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

from .errors import UsageError
from .record import Record, check_paths

#: How a value is read and written:
#:
#: - ``text``: one human-language string (a ``Text``, language from the format or the script);
#: - ``texts``: a list of them in one field (BibLaTeX's `` and ``-separated lists);
#: - ``prose``: paragraphs (an abstract);
#: - ``string``: a plain string kept as written (a licence URL, an elocation id);
#: - ``number``: an integer-ish string (volume, issue: ``01`` reads as ``1``);
#: - ``page``: a page or page range, parsed by ``pages``;
#: - ``date``: a partial date;
#: - ``identifier``: an identifier of the declared ``scheme`` (ISSN, DOI, ISBN…);
#: - ``url``: a link of the declared ``scheme`` as link kind (landing, pdf…);
#: - ``code``: a value mapped through a ``Crosswalk`` (types, languages, degrees);
#: - ``names``: a list of person names (contributors: code, named here for the documentation);
#: - ``extra``: kept verbatim in ``Record.extras`` under the format's key.
Kind = Literal[
    "text",
    "texts",
    "prose",
    "string",
    "number",
    "page",
    "date",
    "identifier",
    "url",
    "code",
    "names",
    "extra",
]
TEXT: Kind = "text"
TEXTS: Kind = "texts"
PROSE: Kind = "prose"
STRING: Kind = "string"
NUMBER: Kind = "number"
PAGE: Kind = "page"
DATE: Kind = "date"
IDENTIFIER: Kind = "identifier"
URL: Kind = "url"
CODE: Kind = "code"
NAMES: Kind = "names"
EXTRA: Kind = "extra"


@dataclass(frozen=True, slots=True)
class Field:
    """One simple leaf: the record path it fills (dotted, as ``KEEPS`` and
    ``Record.restricted_to`` name it; ``""`` for a field kept in extras), the format path that
    holds it (a BibTeX key, a JATS element path, a DC term), its kind, and whether a bilingual
    record carries it once per language.

    ``scheme`` qualifies the kind (an identifier's scheme, a link's kind, a date's kind);
    ``read_only`` fields are read as the record path but never written (the first declaration
    of a record path that is not read-only is the one written); ``lossy`` says, for the
    documentation, what does not survive the trip; ``also`` names the other record paths one
    format field fills (BibTeX ``pages`` gives the first and last page and the range); ``types``
    the publication types (codes) whose records read the field as ``path`` (empty: every type;
    BibTeX's ``institution`` is a thesis's grantor, another record's is kept in extras).
    """

    path: str
    key: str
    kind: Kind = TEXT
    language: bool = False
    scheme: str = ""
    read_only: bool = False
    lossy: str = ""
    also: tuple[str, ...] = ()
    types: tuple[str, ...] = ()


class Fields:
    """A format's field declarations and the lookups derived from them (computed once)."""

    __slots__ = (
        "_by_key",
        "_reading",
        "_written",
        "fields",
        "format",
        "keeps",
        "keys",
        "language_keys",
    )

    def __init__(self, format: str, fields: Iterable[Field]) -> None:
        self.format = format
        self.fields: tuple[Field, ...] = tuple(fields)
        self._by_key: dict[str, Field] = {}
        self._written: dict[tuple[str, str], Field] = {}
        for f in self.fields:
            if f.key in self._by_key:
                raise ValueError(f"{format} fields: {f.key!r} is declared twice")
            self._by_key[f.key] = f
            if not f.read_only:
                self._written.setdefault((f.path, f.scheme), f)
        reading: dict[tuple[str, str], list[str]] = {}
        for f in self.fields:
            keys = reading.setdefault((f.path, f.scheme), [])
            if f is self._written.get((f.path, f.scheme)):
                keys.insert(0, f.key)
            else:
                keys.append(f.key)
        self._reading = {k: tuple(v) for k, v in reading.items()}
        bad = [p for f in self.fields for p in (f.path, *f.also) if p and not is_record_path(p)]
        if bad:
            raise ValueError(f"{format} fields: {bad} name no record field")
        #: Every key the format knows (read, written or both), in declaration order.
        self.keys: frozenset[str] = frozenset(self._by_key)
        #: The keys a bilingual record carries once per language.
        self.language_keys: frozenset[str] = frozenset(f.key for f in self.fields if f.language)
        #: The record paths the written (not read-only, not extras) fields carry.
        self.keeps: frozenset[str] = frozenset(
            p
            for f in self.fields
            if not f.read_only and f.kind != EXTRA
            for p in (f.path, *f.also)
            if p
        )

    def field(self, key: str) -> Field | None:
        """The declaration of ``key``, or None when the format does not declare it."""
        return self._by_key.get(key)

    def written(self, path: str, scheme: str = "") -> str | None:
        """The key written for a record path (and scheme), or None when none is declared."""
        found = self._written.get((path, scheme))
        return found.key if found is not None else None

    def reading(self, path: str, scheme: str = "") -> tuple[str, ...]:
        """Every key read as a record path (and scheme), the written one first."""
        return self._reading.get((path, scheme), ())

    def __iter__(self) -> Iterator[Field]:
        return iter(self.fields)

    def __len__(self) -> int:
        return len(self.fields)

    def __repr__(self) -> str:
        return f"Fields({self.format!r}, {len(self.fields)} fields)"


def held_dataclass(hint: Any) -> Any:
    """The dataclass a field of type ``hint`` holds (through ``X | None`` and ``tuple[X, ...]``),
    or None when it holds no dataclass."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(hint):
            found = held_dataclass(arg)
            if found is not None:
                return found
        return None
    if origin is tuple:
        args = typing.get_args(hint)
        return held_dataclass(args[0]) if args else None
    return hint if dataclasses.is_dataclass(hint) else None


def is_record_path(path: str, root: type = Record) -> bool:
    """Whether a dotted path names a field of ``Record`` (a path into a tuple of dataclasses
    names a field of its elements, as ``Record.restricted_to`` reads it): ``check_paths``'s
    rule, the one ``KEEPS`` is checked by."""
    try:
        check_paths([path], root)
    except UsageError:
        return False
    return True


def unknown_paths(paths: Iterable[str]) -> list[str]:
    """The paths of ``paths`` (a format's ``KEEPS``) that name no record field, sorted."""
    return sorted(p for p in paths if not is_record_path(p))


__all__ = [
    "CODE",
    "DATE",
    "EXTRA",
    "IDENTIFIER",
    "NAMES",
    "NUMBER",
    "PAGE",
    "PROSE",
    "STRING",
    "TEXT",
    "TEXTS",
    "URL",
    "Field",
    "Fields",
    "Kind",
    "is_record_path",
    "unknown_paths",
]
