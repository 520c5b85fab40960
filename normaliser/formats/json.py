"""Canonical JSON: the Record's own lossless serialisation (schemas/record.schema.json).

One JSON object per record, with ``"record_version": 1``; empty fields are left out. A file holds
one object, a JSON array, JSON Lines, or indented objects one after another: all read back.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from functools import cache
from typing import IO, Any, ClassVar

from marshmallow import ValidationError, fields, post_dump, pre_load

from .. import sniffs
from ..errors import RECORD, InvalidRecord, encodable, finite_json, shown
from ..record import (
    Conference,
    Contributor,
    Degree,
    Journal,
    Note,
    Origin,
    Provenance,
    Publisher,
    Record,
    Reject,
    SourceRecord,
    catalogue,
)
from ..record_schemas import (
    Base,
    DatedSchema,
    IdentifierSchema,
    IsoDate,
    LinkSchema,
    MetricSchema,
    NameSchema,
    ProseSchema,
    TermSchema,
    TextSchema,
    TupleList,
    planned_dump,
)
from ..sources import BareConstant, JsonTooDeep, JsonValue, Source, bare_constant_note, json_values

NAME = "json"
#: How sure (0–100) that a document starts in this format (light: ``normaliser.sniffs``).
sniff = sniffs.canonical_json
VERSION = 1
KEEPS = frozenset(f for f in Record.__dataclass_fields__)  # everything


class ContributorSchema(Base):
    MODEL = Contributor
    DEFAULTS: ClassVar[dict[str, Any]] = {"role": "author", "corresponding": False}
    names = TupleList(fields.Nested(NameSchema), required=True)
    role = fields.String(load_default="author")
    orcid = fields.String(load_default=None)
    affiliations = TupleList(fields.Nested(TextSchema), load_default=())
    corresponding = fields.Boolean(load_default=False)


class JournalSchema(Base):
    MODEL = Journal
    titles = TupleList(fields.Nested(TextSchema), load_default=())
    abbreviations = TupleList(fields.Nested(TextSchema), load_default=())
    identifiers = TupleList(fields.Nested(IdentifierSchema), load_default=())
    publishers = TupleList(fields.Nested(TextSchema), load_default=())
    descriptions = TupleList(fields.Nested(ProseSchema), load_default=())


class ConferenceSchema(Base):
    MODEL = Conference
    names = TupleList(fields.Nested(TextSchema), load_default=())
    places = TupleList(fields.Nested(TextSchema), load_default=())
    date = IsoDate(load_default=None, allow_none=True)
    end = IsoDate(load_default=None, allow_none=True)


class DegreeSchema(Base):
    MODEL = Degree
    level = fields.Nested(TermSchema, load_default=None, allow_none=True)
    grantors = TupleList(fields.Nested(TextSchema), load_default=())


class PublisherSchema(Base):
    MODEL = Publisher
    names = TupleList(fields.Nested(TextSchema), load_default=())
    places = TupleList(fields.Nested(TextSchema), load_default=())


class NoteSchema(Base):
    MODEL = Note
    kind = fields.String(required=True)
    field = fields.String(required=True)
    message = fields.String(required=True)


class ProvenanceSchema(Base):
    MODEL = Provenance
    format = fields.String(required=True)
    platform = fields.String(load_default=None, allow_none=True)
    record_id = fields.String(load_default=None, allow_none=True)
    date = fields.String(load_default=None, allow_none=True)


class SourceRecordSchema(Base):
    MODEL = SourceRecord
    key = fields.String(required=True)
    provenance = fields.Nested(ProvenanceSchema, load_default=None, allow_none=True)
    input = fields.String(load_default=None, allow_none=True)
    position = fields.Integer(load_default=None, allow_none=True, strict=True)


class OriginSchema(Base):
    MODEL = Origin
    field = fields.String(required=True)
    value = fields.String(required=True)
    sources = TupleList(fields.String(), required=True)


class RecordSchema(Base):
    MODEL = Record
    DEFAULTS: ClassVar[dict[str, Any]] = {"extras": {}}
    titles = TupleList(fields.Nested(TextSchema), load_default=())
    contributors = TupleList(fields.Nested(ContributorSchema), load_default=())
    affiliations = TupleList(fields.Nested(TextSchema), load_default=())
    abstracts = TupleList(fields.Nested(ProseSchema), load_default=())
    keywords = TupleList(fields.Nested(TextSchema), load_default=())
    journal = fields.Nested(JournalSchema, load_default=None, allow_none=True)
    volume = fields.String(load_default=None, allow_none=True)
    issue = fields.String(load_default=None, allow_none=True)
    fpage = fields.String(load_default=None, allow_none=True)
    lpage = fields.String(load_default=None, allow_none=True)
    page_range = fields.String(load_default=None, allow_none=True)
    elocation_id = fields.String(load_default=None, allow_none=True)
    dates = TupleList(fields.Nested(DatedSchema), load_default=())
    pub_model = fields.String(load_default=None, allow_none=True)
    identifiers = TupleList(fields.Nested(IdentifierSchema), load_default=())
    links = TupleList(fields.Nested(LinkSchema), load_default=())
    open_access = fields.Boolean(load_default=None, allow_none=True)
    license = fields.String(load_default=None, allow_none=True)
    publication_types = TupleList(fields.Nested(TermSchema), load_default=())
    subjects = TupleList(fields.Nested(TermSchema), load_default=())
    metrics = TupleList(fields.Nested(MetricSchema), load_default=())
    conference = fields.Nested(ConferenceSchema, load_default=None, allow_none=True)
    degree = fields.Nested(DegreeSchema, load_default=None, allow_none=True)
    publisher = fields.Nested(PublisherSchema, load_default=None, allow_none=True)
    edition = fields.String(load_default=None, allow_none=True)
    series = TupleList(fields.Nested(TextSchema), load_default=())
    page_count = fields.String(load_default=None, allow_none=True)
    language = fields.String(load_default=None, allow_none=True)
    provenance = fields.Nested(ProvenanceSchema, load_default=None, allow_none=True)
    extras = fields.Dict(keys=fields.String(), load_default=dict)
    notes = TupleList(fields.Nested(NoteSchema), load_default=())
    sources = TupleList(fields.Nested(SourceRecordSchema), load_default=())
    origins = TupleList(fields.Nested(OriginSchema), load_default=())

    @pre_load
    def _version(self, data: Any, **kwargs: Any) -> Any:
        if not isinstance(data, dict):
            raise ValidationError("a record is a JSON object")
        version = data.get("record_version", VERSION)
        if type(version) is not int or version != VERSION:
            raise ValidationError({"record_version": [f"unsupported version {shown(version)}"]})
        return {k: v for k, v in data.items() if k != "record_version"}

    @post_dump
    def _stamp(self, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        return {"record_version": VERSION, **data}


_RECORD = RecordSchema()


@cache
def _dump_record() -> Any:
    """The record's dump, compiled from its plan on the first record written (~8 ms of CPU
    that a process reading no record as JSON does not pay at import)."""
    return planned_dump(_RECORD)


def to_dict(record: Record) -> dict[str, Any]:
    """The canonical JSON object of ``record`` (what ``RecordSchema().dump`` gives)."""
    return _dump_record()(record)  # type: ignore[no-any-return]


def from_dict(data: Any) -> Record:
    """A Record from its canonical JSON object; raises ``InvalidRecord`` naming the keys."""
    try:
        return _RECORD.load(data)  # type: ignore[no-any-return]
    except ValidationError as exc:
        raise InvalidRecord(
            exc.messages_dict if isinstance(exc.messages, dict) else {RECORD: exc.messages}
        ) from None


# --- Reading and writing ----------------------------------------------------------------------


def split(source: Source) -> Iterator[JsonValue]:
    """Every top-level value of ``source`` (its text, where it starts, its decoded value or why
    it is not JSON), so that a parallel run can hand the mapping (``parse``) to workers."""
    return json_values(source)


def parse(item: JsonValue, number: int, name: str, *, strict: bool = False) -> Record | Reject:
    """The Record of one split value, or a Reject holding its original text and the reason."""
    try:
        if isinstance(item.value, JsonTooDeep):
            raise InvalidRecord(str(item.value))
        if isinstance(item.value, ValueError):
            raise InvalidRecord(f"not valid JSON: {item.value}")
        if not _MAYBE_SURROGATE.search(item.raw) and not _MAYBE_CONSTANT.search(item.raw):
            return from_dict(item.value)
        repaired: dict[str, int] = {}
        constants: dict[str, str] = {}
        record = from_dict(_encodable(item.value, "", repaired, constants))
        notes = tuple(
            Note("repaired", key, f"{count} lone surrogate escapes replaced by U+FFFD")
            for key, count in repaired.items()
        ) + tuple(
            Note("repaired", key, bare_constant_note(word)) for key, word in constants.items()
        )
        return catalogue(replace(record, notes=(*record.notes, *notes)))
    except InvalidRecord as exc:
        return Reject(exc, item.raw, number, item.line, item.offset, name, item.data)


#: A bare NaN or Infinity (outside strings: the decoder says; this only says where to look).
_MAYBE_CONSTANT = re.compile(r"NaN|Infinity")
#: A lone surrogate may hide behind this: a ``\\udXXX`` escape, or the character itself.
_MAYBE_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]|[\ud800-\udfff]")


def _encodable(value: Any, key: str, repaired: dict[str, int], constants: dict[str, str]) -> Any:
    """``value`` with every lone surrogate (in keys and strings) replaced by U+FFFD, counted in
    ``repaired`` under the top-level key it was found in (``key``; the key itself at the top),
    and every bare ``NaN``/``Infinity`` made a string, named in ``constants``."""
    if isinstance(value, BareConstant):
        constants[key] = str(value)
        return str(value)
    if isinstance(value, str):
        fixed = encodable(value)
        if fixed != value:
            repaired[key] = repaired.get(key, 0) + (fixed.count("\ufffd") - value.count("\ufffd"))
        return fixed
    if isinstance(value, list):
        return [_encodable(item, key, repaired, constants) for item in value]
    if isinstance(value, dict):
        return {
            _encodable(k, key or encodable(k), repaired, constants): _encodable(
                v, key or encodable(k), repaired, constants
            )
            for k, v in value.items()
        }
    return value


def read(source: Source, *, strict: bool = False) -> Iterator[Record | Reject]:
    for number, item in enumerate(split(source), 1):
        yield parse(item, number, source.name, strict=strict)


def write_one(record: Record) -> str:
    """One record as one compact JSON line (no line end)."""
    return finite_json(to_dict(record), separators=(",", ":"))


def write(records: Iterable[Record], out: IO[str], *, pretty: bool = False, **options: Any) -> None:
    """One object per record: JSON Lines, or indented objects when ``pretty``."""
    for record in records:
        if pretty:
            out.write(finite_json(to_dict(record), indent=2) + "\n")
        else:
            out.write(write_one(record) + "\n")
