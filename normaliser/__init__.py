"""normaliser: bilingual (Chinese/English) bibliographic records to clean, language-tagged
records, and to and from Dublin Core and JATS.

    >>> import normaliser
    >>> records = list(normaliser.read("samples/ijn-2025/aggregator.txt"))
    >>> records[0].contributors[0].names[0].family
    'Zeng'
"""

from __future__ import annotations

from .api import convert, normalise, read, write
from .errors import (
    BrokenInstallation,
    InvalidInput,
    InvalidOutput,
    InvalidRecord,
    InvalidXML,
    NormaliserError,
    UnknownFormat,
    UsageError,
    WorkerFailed,
)
from .formats import FORMATS
from .record import (
    Conference,
    Contributor,
    Dated,
    Degree,
    Deletion,
    Heading,
    Identifier,
    Journal,
    Link,
    Mark,
    Metric,
    Name,
    Note,
    Origin,
    PartialDate,
    Prose,
    Provenance,
    Publisher,
    Record,
    Reject,
    SourceRecord,
    Term,
    Text,
)
from .script import convert_script, to_script

#: The one declaration of the version (pyproject.toml reads it from here).
__version__ = "0.1.0"

__all__ = [
    "FORMATS",
    "BrokenInstallation",
    "Conference",
    "Contributor",
    "Dated",
    "Degree",
    "Deletion",
    "Heading",
    "Identifier",
    "InvalidInput",
    "InvalidOutput",
    "InvalidRecord",
    "InvalidXML",
    "Journal",
    "Link",
    "Mark",
    "Metric",
    "Name",
    "NormaliserError",
    "Note",
    "Origin",
    "PartialDate",
    "Prose",
    "Provenance",
    "Publisher",
    "Record",
    "Reject",
    "SourceRecord",
    "Term",
    "Text",
    "UnknownFormat",
    "UsageError",
    "WorkerFailed",
    "__version__",
    "convert",
    "convert_script",
    "normalise",
    "read",
    "to_script",
    "write",
]
