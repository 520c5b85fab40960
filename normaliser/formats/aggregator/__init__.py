"""The aggregator format: records as Chinese academic aggregators export them.

A text dump holds records one after another, each an optional authors line, one JSON object and
optional labelled sections (引用次数, Abstract/摘要, 期刊介绍/期刊简介, 关键词, 作者单位, and their
English labels, with ``:`` or ``：``). The same JSON objects also come bare: one object, a JSON
array, or JSON Lines. Everything is streamed; one bad record never stops the rest.

The key-by-key mapping is one marshmallow schema (``AggregatorSchema``): each field converts its
value both ways; ``build._build``/``writer._flatten`` place the converted values in the Record
and back.

The package, along its seams:

- ``declarations``: name, sniff, KEEPS, the keys of a record, limits;
- ``schema``: the marshmallow schema (the key-by-key mapping) and the record paths of its keys;
- ``fields``: the marshmallow fields only this schema uses (inline HTML texts, ISSN, PMCID,
  decimals, vocabulary terms, author lists);
- ``chunks``: a text dump split into records (authors line, JSON object, labelled sections);
- ``reader``: chunks and bare JSON objects read as records; ``build``: the converted values
  placed in a Record; ``writer``: a Record flattened back and written.
"""

from __future__ import annotations

from .chunks import SECTION_LABELS, Chunk
from .declarations import (
    CORE_KEYS,
    KEEPS,
    MAX_JSON_CHARS,
    MAX_RECORD_LINES,
    NAME,
    OPAQUE_KEYS,
    sniff,
)
from .reader import from_chunk, from_dict, parse, read, split
from .schema import (
    CODE_KEEPS,
    PATHS,
    SECTION_PATHS,
    AggregatorSchema,
    JournalSchema,
    Number,
    Quartile,
    Zone,
)
from .writer import write

__all__ = [
    "CODE_KEEPS",
    "CORE_KEYS",
    "KEEPS",
    "MAX_JSON_CHARS",
    "MAX_RECORD_LINES",
    "NAME",
    "OPAQUE_KEYS",
    "PATHS",
    "SECTION_LABELS",
    "SECTION_PATHS",
    "AggregatorSchema",
    "Chunk",
    "JournalSchema",
    "Number",
    "Quartile",
    "Zone",
    "from_chunk",
    "from_dict",
    "parse",
    "read",
    "sniff",
    "split",
    "write",
]
