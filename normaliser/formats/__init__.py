"""The format registry: name → module. Each module has NAME, DESCRIPTION, EXTENSIONS, KEEPS,
``sniff(head) -> int``, ``read(source, *, strict) -> Iterator[Record | Reject]`` and
``write(records, out, **options)``; a module without a writer sets ``write = None``.
A format whose records name one another in a file (BibTeX citation keys) also has
``unique_keys(documents) -> Iterator[str]``: batch runs write each record on its own, and this
makes the documents of single records, in order, what one ``write`` call over them writes.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from types import ModuleType
from typing import Protocol, cast

from ..errors import UnknownFormat
from . import aggregator, bibtex, cnki, dc, jats, json, noteexpress, refer, refworks, ris

_MODULES: tuple[ModuleType, ...] = (
    aggregator,
    json,
    jats,
    dc,
    noteexpress,
    refer,
    refworks,
    cnki,
    ris,
    bibtex,
)

#: Every format name; a module serving several (dc and qdc) lists them in ``PROFILES``.
FORMATS: dict[str, ModuleType] = {
    name: m for m in _MODULES for name in getattr(m, "PROFILES", (m.NAME,))
}


class _Sniffer(Protocol):
    def __call__(self, head: str) -> int: ...


def get(name: str) -> ModuleType:
    """The format module called ``name``; raises ``UnknownFormat`` naming the known ones."""
    try:
        return FORMATS[name]
    except KeyError:
        known = ", ".join(sorted(FORMATS))
        raise UnknownFormat(f"unknown format {name!r} (known: {known})") from None


def writer(name: str) -> Callable[..., None] | None:
    """The write function of format ``name`` (None when it can only be read); a module that
    serves several names gets the name as its ``profile``."""
    module = get(name)
    if module.write is None:
        return None
    if name != module.NAME:
        return functools.partial(module.write, profile=name)
    return cast(Callable[..., None], module.write)


def sniff(head: str, filename: str | None = None) -> ModuleType:
    """The format whose ``sniff`` is surest of ``head``; the file's extension breaks ties."""
    best, score = None, 0
    for module in _MODULES:
        points = cast(_Sniffer, module.sniff)(head)
        if filename and filename.lower().endswith(tuple(module.EXTENSIONS)):
            points += 1
        if points > score:
            best, score = module, points
    if best is None or score < 20:
        raise UnknownFormat(
            f"{filename or 'input'}: cannot tell its format; name it with --from "
            f"({', '.join(sorted(FORMATS))})"
        )
    return best
