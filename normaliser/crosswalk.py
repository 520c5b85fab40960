"""Two-way value tables: each mapping between a format's spellings and the record's codes is
declared once, as pairs, and serves the reader and the writer.

The rule (``tagged.Table``'s, generalised)::

    TYPES = Crosswalk("ris types", (("journal-article", "JOUR"), ("conference-paper", "CONF"),
                                    ("conference-paper", "CPAPER")), fold=CASE)
    TYPES.write("conference-paper")  # "CONF": the first pair naming a code is the one written
    TYPES.read("cpaper")             # "conference-paper": every spelling of it is read

- Pairs are ``(code, spelling)``. The first pair naming a code gives the spelling written.
- Every spelling is read, compared through the table's ``fold`` (exact, case-insensitive, or
  case- and white-space-insensitive: declared per table, as the format is).
- A spelling naming two codes is an error when the table is built (so at import).
- ``lossy`` pairs are codes a format has no spelling of its own for, written with another code's
  spelling (a systematic review is written as a ``review``, read back as a review); they are
  never read.
- ``read_only`` pairs are spellings read as a code but never written for it (OpenAIRE's
  ``doctoralThesis`` is a thesis; a thesis of no known level is not written as one).

For every table, ``read(write(code)) == code`` for every code of its pairs (a test checks this
over every table in the package), and ``read(write(code))`` is some code for every lossy one.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Hashable, Iterable, Iterator
from typing import Generic, TypeVar

C = TypeVar("C", bound=Hashable)

#: How a table compares spellings: a function from a spelling to its comparison key.
Fold = Callable[[str], str]


def exact(value: str) -> str:
    """Spellings compared as written (LaTeX commands, URIs, JATS attribute values)."""
    return value


def case(value: str) -> str:
    """Spellings compared case-insensitively, outer white space ignored (``JOUR``/``jour``)."""
    return value.strip().casefold()


def loose(value: str) -> str:
    """Spellings compared case- and white-space-insensitively and by compatibility form (a
    full-width letter is its letter): labels people type (``Journal  Article``, ``引用次数``)."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", value)).strip().casefold()


EXACT: Fold = exact
CASE: Fold = case
LOOSE: Fold = loose


class Crosswalk(Generic[C]):
    """A value mapping read in both directions: ``read(spelling) -> code``, ``write(code) ->
    spelling``. See the module docstring for the rule."""

    __slots__ = ("_codes", "_fold", "_lossy", "_read", "_write", "name", "pairs", "read_only")

    def __init__(
        self,
        name: str,
        pairs: Iterable[tuple[C, str]],
        *,
        fold: Fold = EXACT,
        lossy: Iterable[tuple[C, str]] = (),
        read_only: Iterable[tuple[C, str]] = (),
    ) -> None:
        self.name = name
        self.pairs: tuple[tuple[C, str], ...] = tuple(pairs)
        self._fold = fold
        self._read: dict[str, C] = {}
        self._write: dict[C, str] = {}
        for code, spelling in self.pairs:
            key = fold(spelling)
            known = self._read.get(key, code)
            if known != code:
                raise ValueError(
                    f"crosswalk {name!r}: the spelling {spelling!r} names both {known!r} "
                    f"and {code!r}"
                )
            self._read[key] = code
            self._write.setdefault(code, spelling)
        self._codes: tuple[C, ...] = tuple(self._write)
        self.read_only: tuple[tuple[C, str], ...] = tuple(read_only)
        for code, spelling in self.read_only:
            key = fold(spelling)
            known = self._read.get(key, code)
            if known != code:
                raise ValueError(
                    f"crosswalk {name!r}: the spelling {spelling!r} names both {known!r} "
                    f"and {code!r}"
                )
            self._read[key] = code
        self._lossy: dict[C, str] = {}
        for code, spelling in lossy:
            if code in self._write:
                raise ValueError(
                    f"crosswalk {name!r}: {code!r} has a spelling of its own and cannot be lossy"
                )
            if fold(spelling) not in self._read:
                raise ValueError(
                    f"crosswalk {name!r}: the lossy spelling {spelling!r} of {code!r} is read "
                    "as no code"
                )
            self._lossy.setdefault(code, spelling)

    def read(self, spelling: str) -> C | None:
        """The code a spelling names, or None when the table does not know it."""
        return self._read.get(self._fold(spelling))

    def write(self, code: C) -> str | None:
        """The spelling written for ``code`` (the first pair naming it, else its lossy
        spelling), or None when the format has no spelling for it."""
        found = self._write.get(code)
        return found if found is not None else self._lossy.get(code)

    def spellings(self, code: C) -> tuple[str, ...]:
        """Every spelling read as ``code``, the written one first."""
        return tuple(s for c, s in self.pairs if c == code)

    @property
    def codes(self) -> tuple[C, ...]:
        """The codes with a spelling of their own, in declaration order."""
        return self._codes

    @property
    def lossy(self) -> tuple[tuple[C, str], ...]:
        """The codes written with another code's spelling, and that spelling."""
        return tuple(self._lossy.items())

    def __contains__(self, spelling: object) -> bool:
        return isinstance(spelling, str) and self._fold(spelling) in self._read

    def __iter__(self) -> Iterator[tuple[C, str]]:
        return iter(self.pairs)

    def __len__(self) -> int:
        return len(self.pairs)

    def __repr__(self) -> str:
        return f"Crosswalk({self.name!r}, {len(self.pairs)} pairs)"


__all__ = ["CASE", "EXACT", "LOOSE", "Crosswalk", "Fold", "case", "exact", "loose"]
