"""The format registry: name → module. Each module has NAME, DESCRIPTION, EXTENSIONS, KEEPS,
``sniff(head) -> int``, ``read(source, *, strict) -> Iterator[Record | Reject]`` and
``write(records, out, **options)``; a module without a writer sets ``write = None``.
A format whose records name one another in a file (BibTeX citation keys) also has
``unique_keys(documents) -> Iterator[str]``: batch runs write each record on its own, and this
makes the documents of single records, in order, what one ``write`` call over them writes.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from types import ModuleType
from typing import Any, Protocol, cast

from ..errors import InvalidInput, InvalidRecord, UnknownFormat
from ..record import Record, Reject
from ..shapes import looks_like
from ..sources import Source
from . import (
    aggregator,
    bibtex,
    cnki,
    crossref,
    datacite,
    dc,
    jats,
    json,
    noteexpress,
    openalex,
    refer,
    refworks,
    ris,
    s2,
)

_MODULES: tuple[ModuleType, ...] = (
    aggregator,
    crossref,
    openalex,
    datacite,
    s2,
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
    """The format whose ``sniff`` is surest of ``head``; the file's extension breaks ties.
    Raises ``InvalidInput`` for an empty input, ``UnknownFormat`` for one no reader knows (naming
    what it looks like when it is an API's JSON)."""
    if not head.strip("\ufeff \t\r\n"):
        raise InvalidInput(f"{filename or 'input'}: the file is empty")
    best, score = None, 0
    for module in _MODULES:
        points = cast(_Sniffer, module.sniff)(head)
        if filename and filename.lower().endswith(tuple(module.EXTENSIONS)):
            points += 1
        if points > score:
            best, score = module, points
    shape = looks_like(head)
    if shape is not None and best is not json:
        raise UnknownFormat(
            f"{filename or 'input'}: this looks like {shape}; it is not a supported input"
        )
    if best is None or score < 20:
        raise UnknownFormat(
            f"{filename or 'input'}: cannot tell its format; name it with --from "
            f"({', '.join(sorted(FORMATS))})"
        )
    return best


# --- The one gate every record read passes -------------------------------------------------

#: Why a record with nothing to find it by is refused, whichever reader made it.
NOTHING_TO_CATALOGUE = "nothing to catalogue: no title, identifier or contributor"


def catalogued(
    item: Record | Reject,
    raw: Callable[[], str],
    number: int,
    source: str | None,
    line: int | None = None,
    offset: int | None = None,
) -> Record | Reject:
    """``item`` as it came, unless it is a Record with no title, no identifier and no
    contributor in any language: then a Reject (an empty record is never written). ``raw``
    gives the record's original text; a reader that reads whole documents has none, and the
    record's canonical JSON stands for it (it keeps everything the record was read with)."""
    if not isinstance(item, Record) or item.contributors or item.identifiers:
        return item
    if any(t.value.strip() for t in item.titles):
        return item
    return Reject(InvalidRecord(NOTHING_TO_CATALOGUE), raw(), number, line, offset, source)


def read(module: ModuleType, source: Source, *, strict: bool = False) -> Iterator[Record | Reject]:
    """Every record of ``source`` read by ``module``, each through ``catalogued``: what the
    library and batch runs read with (never ``module.read`` alone)."""
    split = getattr(module, "split", None)
    if split is not None:
        for number, payload in enumerate(split(source), 1):
            yield parse(module.NAME, payload, number, source.name, strict=strict)
        return
    items = cast(Iterator[Record | Reject], module.read(source, strict=strict))
    for number, item in enumerate(items, 1):
        yield catalogued(item, functools.partial(_canonical, item), number, source.name)


def parse(
    name: str, payload: Any, number: int, source: str, *, strict: bool = False
) -> Record | Reject:
    """One record split by format ``name``'s ``split``, mapped by its ``parse`` and passed
    through ``catalogued``: a reject holds the record's own text."""
    item = cast(Record | Reject, get(name).parse(payload, number, source, strict=strict))
    raw = functools.partial(str, payload.raw)
    return catalogued(item, raw, number, source, payload.line, payload.offset)


def _canonical(item: Record | Reject) -> str:
    return item.raw if isinstance(item, Reject) else json.write_one(item)
