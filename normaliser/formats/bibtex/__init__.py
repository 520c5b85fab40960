"""The bibtex format: BibTeX and BibLaTeX ``.bib`` files as Chinese GB/T 7714 tools write them.

Reading streams the file entry by entry: each ``@type{…}`` block is split by bibtexparser v2's
``Splitter`` (a block it cannot parse is a ``Reject`` with its text, and the next block is read);
``@string`` macros and ``#`` concatenation are resolved here; every value is decoded from LaTeX
by ``latex`` so that no LaTeX reaches the Record. Chinese names (``袁训来``, ``{袁训来}``) are
split family/given and get their pinyin; ``langid``/``language`` set the record's language. A
biblatex-gb7714-2015 bilingual pair — two entries, the Chinese original and its English
version, grouped by an ``@set`` entry's ``entryset`` — is read as ONE bilingual record, and the
writer writes a bilingual record the same way.

Writing produces BibLaTeX: every special character escaped, marks as ``\\textbf``/
``\\textsuperscript``…, Han names braced, stable citation keys (see ``citation_key``).

The package, along its seams:

- ``declarations``: name, sniff, KEEPS, limits, vocabularies, the fields (``FIELDS``);
- ``latex``: LaTeX decoded to text with marks and escaped back, each the other's inverse;
- ``chunks``: the file split into entries, ``@string`` macros resolved;
- ``reader``: entries streamed as records, bilingual pairs grouped;
- ``entry``: one entry → Record; ``writer``: Record → entries; ``keys``: citation keys.
"""

from __future__ import annotations

from .declarations import (
    ENTRY_TYPES,
    EXTRAS_FIELD,
    FIELDS,
    KEEPS,
    MAX_ENTRY_CHARS,
    MAX_ENTRY_LINES,
    MAX_FIELD_CHARS,
    MAX_STRINGS_CHARS,
    NAME,
    PAIR_WINDOW,
    TYPE_KEY,
    sniff,
)
from .entry import from_entry
from .keys import citation_key, unique_keys
from .reader import read
from .writer import write

__all__ = [
    "ENTRY_TYPES",
    "EXTRAS_FIELD",
    "FIELDS",
    "KEEPS",
    "MAX_ENTRY_CHARS",
    "MAX_ENTRY_LINES",
    "MAX_FIELD_CHARS",
    "MAX_STRINGS_CHARS",
    "NAME",
    "PAIR_WINDOW",
    "TYPE_KEY",
    "citation_key",
    "from_entry",
    "read",
    "sniff",
    "unique_keys",
    "write",
]
