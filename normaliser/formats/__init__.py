"""The format registry: name → ``Format``, a declaration of what a format is and can do.

A ``Format`` declares, cheaply and up front, its ``name``, ``extensions``, ``description``, its
``sniff`` (light: ``normaliser.sniffs``), whether it reads (a formatted reference list,
``gbt7714``, is only written: no reader, ``sniffs.never``, empty ``KEEPS``), whether it writes
and the writer ``options`` it takes (``Option``: type, choices, default, help). Its module —
where reading and writing happen, with its regular expressions, schemas and libraries — is
imported the first time the format is used, so that ``import normaliser`` and ``normaliser
formats`` load none of them.

A format module (``FormatModule``) has ``NAME``, ``KEEPS`` (the record paths its round trip
keeps, checked against ``Record``'s fields when the module is loaded), ``read(source, *,
strict)`` (absent when it only writes) and ``write(records, out, **options)`` (None when it
only reads); optionally ``split(source)`` and ``parse(piece, number, name, *, strict)``
(records split cheaply, mapped in worker processes: ``--jobs``), ``unique_keys(documents)``
(records that name one another, such as BibTeX citation keys, made unique across documents
written one by one) and ``validate_document(data, name)`` (a check of a whole document against
its official schema) and ``join(documents, out)`` (documents of single records written as the
one document of all, for a collection neither XML nor records one after another: a JSON array).
``batch`` and ``cli`` use formats only through ``Format``; they never name one.
"""

from __future__ import annotations

import functools
import importlib
import inspect
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any, Protocol, cast

from .. import sniffs
from ..errors import InvalidInput, InvalidRecord, UnknownFormat, UsageError
from ..record import NOTHING_TO_CATALOGUE, Record, Reject, check_paths, is_empty
from ..shapes import json_shape, looks_like

if TYPE_CHECKING:
    from ..sources import Source


@dataclass(frozen=True)
class Option:
    """A writer option: its name (the API keyword; on the command line ``--`` and the name with
    ``-`` for ``_``), type (``str`` or ``bool``), choices, default and help. ``keyword`` is the
    module's own keyword when it differs (``jats_version`` → ``version``); ``negative`` the
    command line's switch for False when it is not ``--no-NAME`` (``--compact``)."""

    name: str
    type: type
    default: Any
    help: str
    choices: tuple[str, ...] = ()
    keyword: str = ""
    negative: str = ""
    #: The command line's default when writing to a terminal (None: ``default`` always).
    terminal: Any = None

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")

    @property
    def negative_flag(self) -> str:
        """The command line's switch for a bool option's False (``--no-validate``)."""
        return self.negative or "--no-" + self.flag[2:]

    def check(self, value: Any) -> None:
        if self.type is bool and not isinstance(value, bool):
            raise UsageError(f"{self.name} must be True or False, not {value!r}")
        if self.choices and value not in self.choices:
            known = ", ".join(repr(c) for c in self.choices)
            raise UsageError(f"{self.name} must be one of {known}, not {value!r}")


class FormatModule(Protocol):
    """What every format module provides (the optional parts are described above)."""

    NAME: str
    KEEPS: frozenset[str]

    def read(self, source: Source, *, strict: bool = False) -> Iterator[Record | Reject]: ...


@dataclass(frozen=True, eq=False)
class Format:
    """One format: its declaration, and its module loaded on first use."""

    name: str
    #: The module under ``normaliser.formats`` that reads and writes it.
    module_name: str
    extensions: tuple[str, ...]
    description: str
    sniff: Callable[[str], int]
    writes: bool = True
    #: False for a format that is only written (a formatted reference list): it has no reader.
    reads: bool = True
    options: tuple[Option, ...] = ()
    #: Keywords always given to the module's writer for this name (``qdc``: profile="qdc").
    fixed: Mapping[str, Any] = field(default_factory=dict)

    @property
    def module(self) -> FormatModule:
        """The format's module, imported (and checked: ``check_module``) on first use."""
        return _load(self.module_name)

    @property
    def keeps(self) -> frozenset[str]:
        """The record paths that survive ``write`` then ``read`` (see ``Record.restricted_to``)."""
        return self.module.KEEPS

    def read(self, source: Source, *, strict: bool = False) -> Iterator[Record | Reject]:
        """Every Record of ``source``, or a Reject for each that cannot be read, each through
        ``catalogued`` (the one gate every reader's records pass: library and batch runs read
        with ``Format.read`` and ``Format.parse``, never with a module's own ``read``)."""
        if not self.reads:
            raise UsageError(f"format {self.name!r} can be written but not read")
        if self.splits:
            for number, piece in enumerate(self.split(source), 1):
                yield self.parse(piece, number, source.name, strict=strict)
            return
        for number, item in enumerate(self.module.read(source, strict=strict), 1):
            yield catalogued(item, functools.partial(_lossless, item), number, source.name)

    @property
    def splits(self) -> bool:
        """Whether records can be split cheaply and mapped one by one (``split``/``parse``)."""
        return hasattr(self.module, "split")

    def split(self, source: Source) -> Iterator[Any]:
        """The pieces of ``source``, one a record, not yet mapped (only when ``splits``)."""
        return cast(Iterator[Any], self._part("split")(source))

    def parse(self, piece: Any, number: int, name: str, *, strict: bool = False) -> Record | Reject:
        """The Record (or Reject) of one piece ``split`` gave, through ``catalogued`` (its reject
        holds the piece's own text)."""
        item = cast("Record | Reject", self._part("parse")(piece, number, name, strict=strict))
        # The piece's text and bytes are asked for only by a reject (an aggregator chunk joins
        # its lines to give them).
        return catalogued(
            item,
            functools.partial(_raw, piece),
            number,
            name,
            piece.line,
            piece.offset,
            functools.partial(_data, piece),
        )

    def check_options(self, options: Mapping[str, Any]) -> dict[str, Any]:
        """``options`` as the module's writer takes them; raises ``UsageError`` for an option
        this format does not declare (naming those it does) and for a value out of range."""
        if not self.writes:
            raise UsageError(f"format {self.name!r} can be read but not written")
        declared = {o.name: o for o in self.options}
        unknown = sorted(set(options) - set(declared))
        if unknown:
            valid = ", ".join(declared) or "none"
            raise UsageError(
                f"unknown option{'s' if len(unknown) > 1 else ''} "
                f"{', '.join(unknown)} for format {self.name!r} (valid: {valid})"
            )
        out = dict(self.fixed)
        for name, value in options.items():
            option = declared[name]
            option.check(value)
            out[option.keyword or name] = value
        return out

    def write(
        self,
        records: Iterable[Record],
        out: IO[str],
        *,
        on_error: Callable[..., None] | None = None,
        **options: Any,
    ) -> None:
        """Write ``records`` to ``out`` with the declared ``options``; ``on_error`` (for batch
        runs) is called with each record the format cannot carry instead of raising."""
        keywords = self.check_options(options)
        write = self._part("write")
        if on_error is not None:
            keywords["on_error"] = on_error
        write(records, out, **keywords)

    def unique_keys(self, documents: Iterable[str]) -> Iterable[str]:
        """The documents of single records with the names they give one another (BibTeX keys)
        made unique across them, as one ``write`` over the records makes them."""
        make = getattr(self.module, "unique_keys", None)
        return documents if make is None else cast(Iterable[str], make(documents))

    def join(self, empty: str, documents: Iterable[str], out: IO[str]) -> None:
        """Write the documents of single records (``write`` of one record each, as ``--jobs``
        workers make them) as the one document ``write`` makes of all of them. ``empty`` is what
        ``write`` makes of no record: nothing for a format whose records simply follow one
        another (JSON Lines, dumps), else an XML collection (``xmlio``)."""
        documents = self.unique_keys(documents)
        joiner = getattr(self.module, "join", None)
        if joiner is not None:  # a format of its own kind of collection (a JSON array)
            joiner(documents, out)
            return
        if empty:
            from .. import xmlio  # lxml: loaded only when an XML collection is joined

            xmlio.join_documents(documents, out, empty=empty)
            return
        for document in documents:
            out.write(document)

    @property
    def validates(self) -> bool:
        """Whether a whole document can be checked against the format's official schema."""
        return hasattr(self.module, "validate_document")

    def validate(self, data: bytes, name: str) -> tuple[str, list[str], str | None]:
        """Check a document against the official schema it claims: that schema's name, the
        errors, and a note to show beside them (None: nothing to say), only when
        ``validates``."""
        return cast(
            "tuple[str, list[str], str | None]", self._part("validate_document")(data, name)
        )

    def _part(self, part: str) -> Callable[..., Any]:
        found = getattr(self.module, part, None)
        if found is None:
            raise UsageError(f"format {self.name!r} has no {part}")
        return cast(Callable[..., Any], found)


_STR, _BOOL = str, bool
_VALIDATE = Option(
    "validate",
    _BOOL,
    True,
    "Validate every XML document written (JATS: the official DTD when installed).",
)

_FIDELITY_LINE = Option(
    "fidelity_line",
    _BOOL,
    True,
    "RIS and NoteExpress: end a record with one line (NX, {Normaliser}) of canonical JSON "
    "holding what the tags cannot say, which normaliser reads back; --no-fidelity-line writes "
    "the tags alone (Zotero keeps an unknown tag as a note), and what only that line carries "
    "is then not read back.",
)

_MARC_MODEL = Option(
    "marc_model",
    _STR,
    "b",
    "MARC 21 Chinese: b writes Han script in 100/245/700; a writes ALA-LC pinyin with "
    "the Han script in linked 880 fields.",
    choices=("b", "a"),
    keyword="model",
)

_CNMARC_PINYIN = Option(
    "cnmarc_pinyin",
    _STR,
    "9",
    "CNMARC pinyin of titles and names: 9 in $9 (NLC), upper in $A, $F (CALIS, Aleph).",
    choices=("9", "upper"),
    keyword="pinyin",
)

#: Every format, in the order sniffing tries them (a tie goes to the first).
_DECLARED: tuple[Format, ...] = (
    Format(
        "aggregator",
        "aggregator",
        (".txt", ".jsonl", ".ndjson", ".json"),
        "aggregator dumps: authors line + JSON + 引用次数/Abstract/期刊介绍 sections; "
        "JSON, JSON Lines",
        sniffs.aggregator,
    ),
    Format(
        "json",
        "json",
        (".json", ".jsonl", ".ndjson"),
        "canonical JSON: the lossless record (one object per record, JSON Lines)",
        sniffs.canonical_json,
        options=(
            Option(
                "pretty",
                _BOOL,
                False,
                "Indent JSON output (default: indented on a terminal, JSON Lines otherwise).",
                negative="--compact",
                terminal=True,
            ),
        ),
    ),
    Format(
        "crossref",
        "crossref",
        (".json", ".jsonl", ".ndjson"),
        "Crossref REST API works, saved: a work, a work-list page, messages (read only)",
        sniffs.crossref,
        writes=False,
    ),
    Format(
        "openalex",
        "openalex",
        (".json", ".jsonl", ".ndjson"),
        "OpenAlex works, saved: a work, a list page of results (read only)",
        sniffs.openalex,
        writes=False,
    ),
    Format(
        "datacite",
        "datacite",
        (".json", ".jsonl", ".ndjson"),
        "DataCite REST API records, saved: data.attributes, a list of data (read only)",
        sniffs.datacite,
        writes=False,
    ),
    Format(
        "s2",
        "s2",
        (".json", ".jsonl", ".ndjson"),
        "Semantic Scholar Graph API papers, saved: a paper, a batch, a search page (read only)",
        sniffs.s2,
        writes=False,
    ),
    Format(
        "jats",
        "jats",
        (".xml", ".nxml", ".jats"),
        "JATS front matter: 1.3 Archiving by default, Publishing and 1.4 on request",
        sniffs.jats,
        options=(
            Option(
                "jats_version",
                _STR,
                "1.3",
                "JATS version: 1.4 writes repeated title-group/abstract with lang-variant.",
                choices=("1.3", "1.4"),
                keyword="version",
            ),
            Option(
                "jats_tagset",
                _STR,
                "archiving",
                "JATS tag set: Publishing needs a journal-id and an ISSN (never invented).",
                choices=("archiving", "publishing"),
                keyword="tagset",
            ),
            _VALIDATE,
        ),
    ),
    Format(
        "dc",
        "dc",
        (".xml",),
        "Dublin Core: oai_dc records (qualified dcterms: qdc); reads OAI-PMH "
        "GetRecord/ListRecords responses and DSpace dublin_core.xml",
        sniffs.dc,
        options=(
            Option(
                "language_codes",
                _STR,
                "iso639-3",
                "Dublin Core dc:language as ISO 639-3 (eng) or BCP 47 (en).",
                choices=("iso639-3", "bcp47"),
            ),
            Option(
                "info_uris",
                _BOOL,
                False,
                "Dublin Core: add info:doi/… and info:pmid/… identifiers.",
            ),
            _VALIDATE,
        ),
    ),
    Format(
        "qdc",
        "dc",
        (".xml",),
        "qualified Dublin Core: dcterms in a qdc:qualifieddc container (read as dc)",
        sniffs.dc,
        options=(
            Option(
                "language_codes",
                _STR,
                "iso639-3",
                "Dublin Core dc:language as ISO 639-3 (eng) or BCP 47 (en).",
                choices=("iso639-3", "bcp47"),
            ),
            Option(
                "info_uris",
                _BOOL,
                False,
                "Dublin Core: add info:doi/… and info:pmid/… identifiers.",
            ),
            _VALIDATE,
        ),
        fixed={"profile": "qdc"},
    ),
    Format(
        "csl",
        "csl",
        (".json",),
        "CSL-JSON items (citeproc-js, Zotero, pandoc): schema-valid, or with CSL-M multi",
        sniffs.csl,
        options=(
            Option(
                "csl_profile",
                _STR,
                "strict",
                "CSL-JSON profile: strict is valid against csl-data.json 1.0.2; csl-m adds "
                "the multi extension citeproc-js reads for bilingual titles and names.",
                choices=("strict", "csl-m"),
                keyword="profile",
            ),
        ),
    ),
    Format(
        "noteexpress",
        "noteexpress",
        (".net",),
        "NoteExpress {Tag}: value exports (CNKI, Wanfang)",
        sniffs.noteexpress,
        options=(_FIDELITY_LINE,),
    ),
    Format(
        "refer",
        "refer",
        (".enw", ".txt"),
        "EndNote/Refer %-tagged exports (CNKI, Wanfang)",
        sniffs.refer,
        writes=False,
    ),
    Format(
        "refworks",
        "refworks",
        (".txt",),
        "RefWorks tagged exports (CNKI: RT/A1/T1/JF/YR/vo/IS/OP…)",
        sniffs.refworks,
        writes=False,
    ),
    Format(
        "cnki",
        "cnki",
        (".txt",),
        "CNKI E-Study and 自定义 exports (Title-题名: value)",
        sniffs.cnki,
        writes=False,
    ),
    Format(
        "ris",
        "ris",
        (".ris",),
        "RIS (TY  - … ER  - ), tolerant of 'TY - ' with one space",
        sniffs.ris,
        options=(_FIDELITY_LINE,),
    ),
    Format(
        "bibtex",
        "bibtex",
        (".bib", ".bibtex"),
        "BibTeX/BibLaTeX .bib (GB/T 7714 style: Chinese names, langid, LaTeX decoded); "
        "biblatex-gb7714 entry-set pairs read and written as one bilingual record",
        sniffs.bibtex,
    ),
    Format(
        "marc",
        "marc",
        (".mrc", ".marc", ".iso"),
        "MARC 21 bibliographic in ISO 2709 (UTF-8; MARC-8 read): an article as an analytic "
        "record with a 773; Chinese in Model B (Han in 245) or Model A (880); reads MARCXML too",
        sniffs.marc21,
        options=(_MARC_MODEL,),
    ),
    Format(
        "marcxml",
        "marc",
        (".xml",),
        "MARCXML (MARC 21 slim): the same records as XML (read as marc)",
        sniffs.marcxml,
        options=(_MARC_MODEL, _VALIDATE),
        fixed={"form": "xml"},
    ),
    Format(
        "cnmarc",
        "cnmarc",
        (".mrc", ".iso", ".marc"),
        "CNMARC (UNIMARC, GB/T 33286-2016) in ISO 2709, Leader/09 blank, UTF-8; reads "
        "cnmarcxml too",
        sniffs.cnmarc,
        options=(_CNMARC_PINYIN,),
    ),
    Format(
        "cnmarcxml",
        "cnmarc",
        (".xml",),
        "CNMARC as XML: MARCXML element names in the cnmarcxml namespace (read as cnmarc)",
        sniffs.cnmarc,
        options=(_CNMARC_PINYIN, _VALIDATE),
        fixed={"form": "xml"},
    ),
    Format(
        "gbt7714",
        "gbt7714",
        (".txt",),
        "GB/T 7714 formatted references, 2015 or 2025 edition, numeric or author-year (write only)",
        sniffs.never,
        reads=False,
        options=(
            Option(
                "gbt_edition",
                _STR,
                "2015",
                "GB/T 7714 edition: 2025 prints family names as written, pinyin given names "
                "in full, CSTR identifiers and full-width punctuation in Chinese references.",
                choices=("2015", "2025"),
                keyword="edition",
            ),
            Option(
                "gbt_style",
                _STR,
                "numeric",
                "GB/T 7714 system: numeric (顺序编码制, [1] …) or author-year (著者-出版年制).",
                choices=("numeric", "author-year"),
                keyword="style",
            ),
            Option(
                "gbt_language",
                _STR,
                "zh",
                "GB/T 7714 language of a bilingual record: zh, en, or both (the Chinese "
                "reference followed by its English translation).",
                choices=("zh", "en", "both"),
                keyword="language",
            ),
            Option(
                "gbt_markup",
                _STR,
                "text",
                "GB/T 7714 output: plain text, or html (a paragraph a reference, its link and "
                "DOI as links).",
                choices=("text", "html"),
                keyword="markup",
            ),
        ),
    ),
)

#: Every format by name.
FORMATS: dict[str, Format] = {f.name: f for f in _DECLARED}

#: The format every record can be written in without loss (a rejected record's text).
LOSSLESS = "json"

_LOADED: dict[str, FormatModule] = {}


def _load(name: str) -> FormatModule:
    """Import format module ``name`` and check its declaration (once)."""
    module = _LOADED.get(name)
    if module is None:
        module = cast(FormatModule, importlib.import_module(f"{__name__}.{name}"))
        check_module(module, [f for f in _DECLARED if f.module_name == name])
        _LOADED[name] = module
    return module


def check_module(module: FormatModule, declared: list[Format]) -> None:
    """Raise ``TypeError`` when a format module does not conform to its declarations: its
    ``NAME``, its ``KEEPS``, a writer missing or present against ``writes``, a declared option
    its writer does not take, ``split`` without ``parse``."""
    name = getattr(module, "NAME", None)
    if name != declared[0].module_name:
        raise TypeError(f"format module {module!r} has NAME {name!r}")
    keeps = getattr(module, "KEEPS", None)
    if not isinstance(keeps, frozenset):
        raise TypeError(f"format {name}: KEEPS must be a frozenset of record paths")
    try:
        check_paths(keeps)
    except UsageError as exc:
        raise TypeError(f"format {name}: KEEPS: {exc}") from None
    for fmt in declared:
        if fmt.reads != callable(getattr(module, "read", None)):
            raise TypeError(f"format {fmt.name}: declared reads={fmt.reads}, module disagrees")
    if hasattr(module, "split") != hasattr(module, "parse"):
        raise TypeError(f"format {name}: split and parse go together")
    write = getattr(module, "write", None)
    for fmt in declared:
        if fmt.writes != callable(write):
            raise TypeError(f"format {fmt.name}: declared writes={fmt.writes}, module disagrees")
        if write is None:
            continue
        accepted = inspect.signature(write).parameters
        for keyword in [o.keyword or o.name for o in fmt.options] + list(fmt.fixed):
            if keyword not in accepted:
                raise TypeError(f"format {fmt.name}: its writer takes no {keyword!r}")


def get(name: str) -> Format:
    """The format called ``name``; raises ``UnknownFormat`` naming the known ones."""
    try:
        return FORMATS[name]
    except KeyError:
        known = ", ".join(sorted(FORMATS))
        raise UnknownFormat(f"unknown format {name!r} (known: {known})") from None


def writer(name: str) -> Callable[..., None] | None:
    """The write function of format ``name`` (None when it can only be read): ``Format.write``."""
    fmt = get(name)
    return fmt.write if fmt.writes else None


def writable() -> list[str]:
    """The names of the formats that can be written, sorted."""
    return sorted(name for name, fmt in FORMATS.items() if fmt.writes)


def readable() -> list[str]:
    """The names of the formats that can be read, sorted."""
    return sorted(name for name, fmt in FORMATS.items() if fmt.reads)


def options() -> list[Option]:
    """Every declared writer option once, by name, in declaration order (an option several
    formats declare, such as ``validate``, is declared the same way by each: checked)."""
    seen: dict[str, Option] = {}
    for fmt in _DECLARED:
        for option in fmt.options:
            known = seen.setdefault(option.name, option)
            if (known.type, known.default, known.choices) != (
                option.type,
                option.default,
                option.choices,
            ):
                raise TypeError(f"option {option.name} is declared two ways")
    return list(seen.values())


def lossless_text(record: Record) -> str:
    """``record`` as one line of the lossless format: the text of a reject that was read."""
    return cast(str, _load(LOSSLESS).write_one(record))  # type: ignore[attr-defined]


def sniff(head: str, filename: str | None = None) -> Format:
    """The format whose ``sniff`` is surest of ``head``; the file's extension breaks ties.
    Raises ``InvalidInput`` for an empty input, ``UnknownFormat`` for one no reader knows (naming
    what it looks like when it is an API's JSON)."""
    if not head.strip("\ufeff \t\r\n"):
        raise InvalidInput(f"{filename or 'input'}: the file is empty")
    best, score = None, 0
    for fmt in _DECLARED:
        if not fmt.reads or (
            fmt.name != fmt.module_name and fmt.sniff is get(fmt.module_name).sniff
        ):
            continue  # another name of a format sniffed under its own (qdc is read as dc)
        points = fmt.sniff(head)
        if filename and filename.lower().endswith(fmt.extensions):
            points += 1
        if points > score:
            best, score = fmt, points
    shape = looks_like(head)
    if shape is not None and (best is None or best.name != LOSSLESS):
        raise UnknownFormat(
            f"{filename or 'input'}: this looks like {shape}; it is not a supported input"
        )
    if best is None or score < 20:
        found = json_shape(head)
        if found is not None:
            raise UnknownFormat(
                f"{filename or 'input'}: this looks like {found}, a shape no reader knows; "
                f"name its format with --from ({', '.join(readable())})"
            )
        raise UnknownFormat(
            f"{filename or 'input'}: cannot tell its format; name it with --from "
            f"({', '.join(readable())})"
        )
    return best


# --- The one gate every record read passes -------------------------------------------------

#: Why a record with nothing to find it by is refused, whichever reader made it.


def catalogued(
    item: Record | Reject,
    raw: Callable[[], str],
    number: int,
    source: str | None,
    line: int | None = None,
    offset: int | None = None,
    data: Callable[[], bytes | None] | None = None,
) -> Record | Reject:
    """``item`` as it came, unless it is a Record with no title, no identifier and no
    contributor in any language: then a Reject (an empty record is never written). ``raw``
    gives the record's original text; a reader that reads whole documents has none, and the
    record's lossless text stands for it (it keeps everything the record was read with).
    ``data`` gives the record's original bytes where its text's UTF-8 is not them (a GB18030
    file), so that the reject keeps them as every other reject of the piece does."""
    if not isinstance(item, Record) or not is_empty(item):
        return item
    original = data() if data is not None else None
    return Reject(
        InvalidRecord(NOTHING_TO_CATALOGUE), raw(), number, line, offset, source, original
    )


def _raw(piece: Any) -> str:
    return str(piece.raw)


def _data(piece: Any) -> bytes | None:
    """A split piece's original bytes when its text's UTF-8 is not them (its ``data``)."""
    return cast("bytes | None", piece.data)


def _lossless(item: Record | Reject) -> str:
    return item.raw if isinstance(item, Reject) else lossless_text(item)
