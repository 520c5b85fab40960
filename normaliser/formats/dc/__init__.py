"""Dublin Core: simple DC in the OAI-DC container (``dc``), and qualified DC — dcterms in a
``qdc:qualifieddc`` container — written with ``profile="qdc"``. Reads bare records of either kind,
OAI-PMH ``GetRecord``/``ListRecords`` responses and DSpace ``dublin_core.xml``, streaming.

A record maps to and from a flat list of statements (DCMI term, value, language). ``TERMS``
declares once, for both directions and both profiles, which of the 15 DCMES elements each DCMI
term is written as in simple DC and what it means for the Record.

The package, along its seams:

- ``declarations``: name, sniff, profiles, KEEPS, the DCMI terms, the type and access tables;
- ``statements``: the statements of an oai_dc, qualified DC or DSpace container, xml:lang rules;
- ``values``: values as written and read back (HTML escaping, ISSNs, identifiers, names);
- ``citations``: journal citations as DC sources write them (``dc:source``);
- ``reader``: statements → Record; ``oai``: documents (OAI-PMH, collections, DSpace) → records;
- ``writer``: Record → statements → simple or qualified DC.
"""

from __future__ import annotations

from .declarations import DCMI_TYPES, KEEPS, MEANINGS, NAME, PROFILES, TERMS, sniff
from .oai import read
from .reader import BODY_WORDS
from .statements import Statement
from .values import citation_parts, is_html
from .writer import creator, statements, write

__all__ = [
    "BODY_WORDS",
    "DCMI_TYPES",
    "KEEPS",
    "MEANINGS",
    "NAME",
    "PROFILES",
    "TERMS",
    "Statement",
    "citation_parts",
    "creator",
    "is_html",
    "read",
    "sniff",
    "statements",
    "write",
]
