"""Canonical JSON: the Record's own lossless serialisation (schemas/record.schema.json).

One JSON object per record, with ``"record_version": 1``; empty fields are left out. A file holds
one object, a JSON array, JSON Lines, or indented objects one after another: all read back.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from typing import IO, Any, ClassVar

from marshmallow import RAISE, Schema, ValidationError, fields, post_dump, post_load, pre_load

from .. import sniffs
from ..errors import RECORD, InvalidRecord, encodable, finite_json, shown
from ..marshmallow_private import hooks, reads_attribute, serializer
from ..record import (
    Conference,
    Contributor,
    Dated,
    Degree,
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
    catalogue,
)
from ..sources import BareConstant, JsonTooDeep, JsonValue, Source, bare_constant_note, json_values

NAME = "json"
#: How sure (0–100) that a document starts in this format (light: ``normaliser.sniffs``).
sniff = sniffs.canonical_json
VERSION = 1
KEEPS = frozenset(f for f in Record.__dataclass_fields__)  # everything


class _Base(Schema):
    """Dataclass ⇄ dict; on dump, fields equal to their default are left out."""

    MODEL: type = object
    DEFAULTS: ClassVar[dict[str, Any]] = {}

    class Meta:
        unknown = RAISE  # a key this version does not know would be lost: refuse it

    @post_load
    def _make(self, data: dict[str, Any], **kwargs: Any) -> Any:
        try:
            return self.MODEL(**data)
        except InvalidRecord as exc:
            raise ValidationError(exc.messages) from None

    @post_dump
    def _compact(self, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        return {
            k: v
            for k, v in data.items()
            if v is not None and v != [] and self.DEFAULTS.get(k, object()) != v
        }


class _Tuple(fields.List[Any]):
    """A JSON list that loads as a tuple (records are immutable)."""

    def _deserialize(  # type: ignore[override]
        self, value: Any, attr: str | None, data: Any, **kwargs: Any
    ) -> tuple[Any, ...]:
        return tuple(super()._deserialize(value, attr, data, **kwargs))


class _MarkField(fields.Field[Any]):
    """A mark as ``[start, end, kind]``."""

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        return [value.start, value.end, value.kind]

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Mark:
        if not (
            isinstance(value, list)
            and len(value) == 3
            and all(type(v) is int for v in value[:2])
            and isinstance(value[2], str)
        ):
            raise ValidationError("a mark is [start, end, kind]")
        try:
            return Mark(int(value[0]), int(value[1]), str(value[2]))
        except (InvalidRecord, TypeError, ValueError) as exc:
            raise ValidationError(str(exc)) from None


class TextSchema(_Base):
    MODEL = Text
    DEFAULTS: ClassVar[dict[str, Any]] = {"variant": "original"}
    value = fields.String(required=True)
    lang = fields.String(required=True)
    variant = fields.String(load_default="original")
    marks = _Tuple(_MarkField(), load_default=())


class HeadingSchema(_Base):
    MODEL = Heading
    start = fields.Integer(required=True, strict=True)
    title = fields.Nested(TextSchema, required=True)


class ProseSchema(_Base):
    MODEL = Prose
    DEFAULTS: ClassVar[dict[str, Any]] = {"kind": "abstract", "headings": ()}
    paragraphs = _Tuple(fields.Nested(TextSchema), required=True)
    kind = fields.String(load_default="abstract")
    headings = _Tuple(fields.Nested(HeadingSchema), load_default=())


class NameSchema(_Base):
    MODEL = Name
    DEFAULTS: ClassVar[dict[str, Any]] = {"style": "western", "variant": "original", "lang": "und"}
    family = fields.String(load_default=None)
    given = fields.String(load_default=None)
    literal = fields.String(load_default=None)
    style = fields.String(load_default="western")
    lang = fields.String(load_default="und")
    variant = fields.String(load_default="original")


class ContributorSchema(_Base):
    MODEL = Contributor
    DEFAULTS: ClassVar[dict[str, Any]] = {"role": "author", "corresponding": False}
    names = _Tuple(fields.Nested(NameSchema), required=True)
    role = fields.String(load_default="author")
    orcid = fields.String(load_default=None)
    affiliations = _Tuple(fields.Nested(TextSchema), load_default=())
    corresponding = fields.Boolean(load_default=False)


class IdentifierSchema(_Base):
    MODEL = Identifier
    scheme = fields.String(required=True)
    value = fields.String(required=True)
    derived_from = fields.String(load_default=None)


class LinkSchema(_Base):
    MODEL = Link
    DEFAULTS: ClassVar[dict[str, Any]] = {"kind": "landing"}
    url = fields.String(required=True)
    kind = fields.String(load_default="landing")


class _DateField(fields.Field[Any]):
    """A partial date as its ISO string: "2025", "2025-05", "2025-05-12"."""

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        return None if value is None else value.iso()

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> PartialDate:
        if not isinstance(value, str):
            raise ValidationError("a date is an ISO string: YYYY, YYYY-MM or YYYY-MM-DD")
        parts = value.split("-")
        try:
            if not re.fullmatch(r"\d{4}(?:-\d{2}(?:-\d{2})?)?", value, re.ASCII):
                raise ValueError
            numbers = [int(p) for p in parts]
            return PartialDate(*numbers)
        except (ValueError, InvalidRecord):
            raise ValidationError(
                f"{shown(value)} is not an ISO date (YYYY, YYYY-MM, YYYY-MM-DD)"
            ) from None


class DatedSchema(_Base):
    MODEL = Dated
    kind = fields.String(required=True)
    date = _DateField(required=True)
    label = fields.String(load_default=None)
    history = fields.Boolean(load_default=None, truthy={True}, falsy={False})
    season = fields.String(load_default=None)
    end = _DateField(load_default=None)


class TermSchema(_Base):
    MODEL = Term
    vocabulary = fields.String(required=True)
    code = fields.String(load_default=None)
    labels = _Tuple(fields.Nested(TextSchema), load_default=())


class MetricSchema(_Base):
    MODEL = Metric
    name = fields.String(required=True)
    value = fields.String(required=True)
    category = fields.Nested(TermSchema, load_default=None, allow_none=True)
    year = fields.Integer(load_default=None, allow_none=True, strict=True)
    source = fields.String(load_default=None, allow_none=True)


class JournalSchema(_Base):
    MODEL = Journal
    titles = _Tuple(fields.Nested(TextSchema), load_default=())
    abbreviations = _Tuple(fields.Nested(TextSchema), load_default=())
    identifiers = _Tuple(fields.Nested(IdentifierSchema), load_default=())
    publishers = _Tuple(fields.Nested(TextSchema), load_default=())
    descriptions = _Tuple(fields.Nested(ProseSchema), load_default=())


class ConferenceSchema(_Base):
    MODEL = Conference
    names = _Tuple(fields.Nested(TextSchema), load_default=())
    places = _Tuple(fields.Nested(TextSchema), load_default=())
    date = _DateField(load_default=None, allow_none=True)
    end = _DateField(load_default=None, allow_none=True)


class DegreeSchema(_Base):
    MODEL = Degree
    level = fields.Nested(TermSchema, load_default=None, allow_none=True)
    grantors = _Tuple(fields.Nested(TextSchema), load_default=())


class PublisherSchema(_Base):
    MODEL = Publisher
    names = _Tuple(fields.Nested(TextSchema), load_default=())
    places = _Tuple(fields.Nested(TextSchema), load_default=())


class NoteSchema(_Base):
    MODEL = Note
    kind = fields.String(required=True)
    field = fields.String(required=True)
    message = fields.String(required=True)


class ProvenanceSchema(_Base):
    MODEL = Provenance
    format = fields.String(required=True)
    platform = fields.String(load_default=None, allow_none=True)
    record_id = fields.String(load_default=None, allow_none=True)
    date = fields.String(load_default=None, allow_none=True)


class SourceRecordSchema(_Base):
    MODEL = SourceRecord
    key = fields.String(required=True)
    provenance = fields.Nested(ProvenanceSchema, load_default=None, allow_none=True)
    input = fields.String(load_default=None, allow_none=True)
    position = fields.Integer(load_default=None, allow_none=True, strict=True)


class OriginSchema(_Base):
    MODEL = Origin
    field = fields.String(required=True)
    value = fields.String(required=True)
    sources = _Tuple(fields.String(), required=True)


class RecordSchema(_Base):
    MODEL = Record
    DEFAULTS: ClassVar[dict[str, Any]] = {"extras": {}}
    titles = _Tuple(fields.Nested(TextSchema), load_default=())
    contributors = _Tuple(fields.Nested(ContributorSchema), load_default=())
    affiliations = _Tuple(fields.Nested(TextSchema), load_default=())
    abstracts = _Tuple(fields.Nested(ProseSchema), load_default=())
    keywords = _Tuple(fields.Nested(TextSchema), load_default=())
    journal = fields.Nested(JournalSchema, load_default=None, allow_none=True)
    volume = fields.String(load_default=None, allow_none=True)
    issue = fields.String(load_default=None, allow_none=True)
    fpage = fields.String(load_default=None, allow_none=True)
    lpage = fields.String(load_default=None, allow_none=True)
    page_range = fields.String(load_default=None, allow_none=True)
    elocation_id = fields.String(load_default=None, allow_none=True)
    dates = _Tuple(fields.Nested(DatedSchema), load_default=())
    pub_model = fields.String(load_default=None, allow_none=True)
    identifiers = _Tuple(fields.Nested(IdentifierSchema), load_default=())
    links = _Tuple(fields.Nested(LinkSchema), load_default=())
    open_access = fields.Boolean(load_default=None, allow_none=True)
    license = fields.String(load_default=None, allow_none=True)
    publication_types = _Tuple(fields.Nested(TermSchema), load_default=())
    subjects = _Tuple(fields.Nested(TermSchema), load_default=())
    metrics = _Tuple(fields.Nested(MetricSchema), load_default=())
    conference = fields.Nested(ConferenceSchema, load_default=None, allow_none=True)
    degree = fields.Nested(DegreeSchema, load_default=None, allow_none=True)
    publisher = fields.Nested(PublisherSchema, load_default=None, allow_none=True)
    edition = fields.String(load_default=None, allow_none=True)
    series = _Tuple(fields.Nested(TextSchema), load_default=())
    page_count = fields.String(load_default=None, allow_none=True)
    language = fields.String(load_default=None, allow_none=True)
    provenance = fields.Nested(ProvenanceSchema, load_default=None, allow_none=True)
    extras = fields.Dict(keys=fields.String(), load_default=dict)
    notes = _Tuple(fields.Nested(NoteSchema), load_default=())
    sources = _Tuple(fields.Nested(SourceRecordSchema), load_default=())
    origins = _Tuple(fields.Nested(OriginSchema), load_default=())

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


# --- Dumping, planned once from the schemas ---------------------------------------------------

_Dump = Callable[[Any], Any]
_NO_DEFAULT: Any = object()  # equal to nothing: a field without a default is always kept


_Plan = list[tuple[str, str, _Dump, Any, bool]]


def _planned(schema: Schema, build: Callable[[_Plan, list[Any]], _Dump] | None = None) -> _Dump:
    """``schema.dump`` of one object as a plain function, planned once from the schema's own
    declaration (its ``dump_fields``, their ``data_key``/``attribute``, nested schemas and
    post-dump hooks) instead of marshmallow's per-field machinery on every call.

    The plan does what ``Schema.dump`` does for these schemas: each field's attribute is read
    and serialised (nested schemas and lists by their own plans, strings by ``str``, every other
    field by its ``_serialize``); a None attribute is None (every field here serialises None as
    None) and ``_Base._compact`` is applied as the dict is built (no None, no empty list, no
    value equal to its default); the other post-dump hooks then run as marshmallow runs them.
    A schema using what the plan does not cover (pre-dump hooks, collection or pass-original
    hooks, fields that read no attribute) is dumped by marshmallow itself. The test suite
    checks the plan against ``Schema.dump`` over generated records. ``build`` makes the plan a
    function: ``_compiled`` (the default), or ``_interpreted`` for this schema and those nested
    in it.
    """
    resolved = hooks(schema)
    post = resolved["post_dump"]
    if (
        not isinstance(schema, _Base)
        or resolved["pre_dump"]
        or any(many or kwargs.get("pass_original") for _, many, kwargs in post)
        or not all(reads_attribute(field) for field in schema.dump_fields.values())
    ):
        return schema.dump
    after = [getattr(schema, name) for name, _, _ in post if name != "_compact"]
    plan = [
        (
            key,
            field.attribute or name,
            _field_dump(field, name, build),
            schema.DEFAULTS.get(key, _NO_DEFAULT),
            _listed(field),
        )
        for name, field in schema.dump_fields.items()
        for key in (field.data_key if field.data_key is not None else name,)
    ]

    return (build or _compiled)(plan, after)


def _compiled(plan: _Plan, after: list[Any]) -> _Dump:
    """The plan of one schema as one function, its fields' steps written out in order (as
    ``dataclasses`` writes an ``__init__``), so that dumping an object is not a loop over the
    plan's tuples. For each field: its attribute is read; None, and an empty list when the
    field is a list, is left out; else it is serialised (a ``str`` field's ``str`` is applied
    only to a value that is not a ``str`` already) and kept unless it is None, ``[]`` or the
    field's default. ``_interpreted`` is the same plan run step by step (the tests compare).
    """
    names: dict[str, Any] = {"_after": after}
    lines = ["def dump(obj):", "    data = {}"]
    for i, (key, attribute, serialise, default, listed) in enumerate(plan):
        names[f"_s{i}"], names[f"_d{i}"] = serialise, default
        plain = attribute.isidentifier() and not keyword.iskeyword(attribute)
        read = f"obj.{attribute}" if plain else f"getattr(obj, {attribute!r})"
        lines.append(f"    value = {read}")
        lines.append(f"    if value is not None{' and value' if listed else ''}:")
        if serialise is str:
            lines.append("        if value.__class__ is not str:")
            lines.append("            value = str(value)")
            keep = []  # a str is never None nor []
        else:
            lines.append(f"        value = _s{i}(value)")
            keep = ["value is not None", "value != []"]
        if default is not _NO_DEFAULT:  # equal to nothing: no test needed
            keep.append(f"value != _d{i}")
        lines.append(f"        if {' and '.join(keep) or 'True'}:")
        lines.append(f"            data[{key!r}] = value")
    lines += ["    for hook in _after:", "        data = hook(data, many=False)", "    return data"]
    exec("\n".join(lines), names)  # the source built above from the schema's plan
    return names["dump"]  # type: ignore[no-any-return]


def _interpreted(plan: _Plan, after: list[Any]) -> _Dump:
    """``_compiled``'s plan run step by step, a loop over its tuples (the tests' reference)."""

    def dump(obj: Any) -> Any:
        data: dict[str, Any] = {}
        for key, attribute, serialise, default, listed in plan:
            value = getattr(obj, attribute)
            if value is None or (listed and not value):  # an empty list is left out (below)
                continue
            value = serialise(value)
            if value is None or value == [] or value == default:
                continue
            data[key] = value
        for hook in after:
            data = hook(data, many=False)
        return data

    return dump


def _listed(field: fields.Field[Any]) -> bool:
    """Whether ``field`` dumps a value as a list of its items (``_field_dump``): nested many,
    or a list; an empty value dumps as ``[]``, which the plan leaves out."""
    return (type(field) is fields.Nested and bool(field.many)) or isinstance(field, fields.List)


def _field_dump(
    field: fields.Field[Any], name: str, build: Callable[[_Plan, list[Any]], _Dump] | None = None
) -> _Dump:
    """How ``field`` serialises a value that is not None."""
    if type(field) is fields.Nested:
        nested = _planned(field.schema, build)
        return (lambda value: [nested(item) for item in value]) if field.many else nested
    if isinstance(field, fields.List):
        inner = _field_dump(field.inner, name, build)
        return lambda value: [inner(item) for item in value]
    if type(field) is fields.String:
        return str
    serialise = serializer(field)
    return lambda value: serialise(value, name, None)


_DUMP_RECORD = _planned(_RECORD)


def to_dict(record: Record) -> dict[str, Any]:
    """The canonical JSON object of ``record`` (what ``RecordSchema().dump`` gives)."""
    return _DUMP_RECORD(record)  # type: ignore[no-any-return]


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
