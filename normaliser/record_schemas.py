"""The marshmallow schemas of the Record's parts — a text, a heading, a prose, a name, an
identifier, a link, a dated event, a term, a metric — each declared once for both directions
(dict ⇄ dataclass), and the dump plan that runs such a schema's declaration fast (their load
is compiled by the one load plan, ``loadplan.LoadPlan``).

They are the canonical JSON's own (``formats.json`` builds its record schema from them) and
what the aggregator's fidelity keys hold (``formats.aggregator.fields``): a format does not
import another, so the shared declarations live here, outside ``formats``.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Callable
from typing import Any, ClassVar

from marshmallow import RAISE, Schema, ValidationError, fields, post_dump, post_load

from .errors import InvalidRecord, shown
from .loadplan import TupleList as TupleList  # the list field of these schemas
from .marshmallow_private import hooks, reads_attribute, serializer
from .record import (
    Dated,
    Heading,
    Identifier,
    Link,
    Mark,
    Metric,
    Name,
    PartialDate,
    Prose,
    Term,
    Text,
)


class Base(Schema):
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


class MarkField(fields.Field[Any]):
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


class TextSchema(Base):
    MODEL = Text
    DEFAULTS: ClassVar[dict[str, Any]] = {"variant": "original"}
    value = fields.String(required=True)
    lang = fields.String(required=True)
    variant = fields.String(load_default="original")
    marks = TupleList(MarkField(), load_default=())


class HeadingSchema(Base):
    MODEL = Heading
    start = fields.Integer(required=True, strict=True)
    title = fields.Nested(TextSchema, required=True)


class ProseSchema(Base):
    MODEL = Prose
    DEFAULTS: ClassVar[dict[str, Any]] = {"kind": "abstract", "headings": ()}
    paragraphs = TupleList(fields.Nested(TextSchema), required=True)
    kind = fields.String(load_default="abstract")
    headings = TupleList(fields.Nested(HeadingSchema), load_default=())


class NameSchema(Base):
    MODEL = Name
    DEFAULTS: ClassVar[dict[str, Any]] = {"style": "western", "variant": "original", "lang": "und"}
    family = fields.String(load_default=None)
    given = fields.String(load_default=None)
    literal = fields.String(load_default=None)
    style = fields.String(load_default="western")
    lang = fields.String(load_default="und")
    variant = fields.String(load_default="original")


class IdentifierSchema(Base):
    MODEL = Identifier
    scheme = fields.String(required=True)
    value = fields.String(required=True)
    derived_from = fields.String(load_default=None)


class LinkSchema(Base):
    MODEL = Link
    DEFAULTS: ClassVar[dict[str, Any]] = {"kind": "landing"}
    url = fields.String(required=True)
    kind = fields.String(load_default="landing")


class IsoDate(fields.Field[Any]):
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


class DatedSchema(Base):
    MODEL = Dated
    kind = fields.String(required=True)
    date = IsoDate(required=True)
    label = fields.String(load_default=None)
    history = fields.Boolean(load_default=None, truthy={True}, falsy={False})
    season = fields.String(load_default=None)
    end = IsoDate(load_default=None)


class TermSchema(Base):
    MODEL = Term
    vocabulary = fields.String(required=True)
    code = fields.String(load_default=None)
    labels = TupleList(fields.Nested(TextSchema), load_default=())


class MetricSchema(Base):
    MODEL = Metric
    name = fields.String(required=True)
    value = fields.String(required=True)
    category = fields.Nested(TermSchema, load_default=None, allow_none=True)
    year = fields.Integer(load_default=None, allow_none=True, strict=True)
    source = fields.String(load_default=None, allow_none=True)


# --- Dumping, planned once from the schemas ---------------------------------------------------

_Dump = Callable[[Any], Any]
_NO_DEFAULT: Any = object()  # equal to nothing: a field without a default is always kept


_Plan = list[tuple[str, str, _Dump, Any, bool]]


def planned_dump(schema: Schema, build: Callable[[_Plan, list[Any]], _Dump] | None = None) -> _Dump:
    """``schema.dump`` of one object as a plain function, planned once from the schema's own
    declaration (its ``dump_fields``, their ``data_key``/``attribute``, nested schemas and
    post-dump hooks) instead of marshmallow's per-field machinery on every call.

    The plan does what ``Schema.dump`` does for these schemas: each field's attribute is read
    and serialised (nested schemas and lists by their own plans, strings by ``str``, every other
    field by its ``_serialize``); a None attribute is None (every field here serialises None as
    None) and ``Base._compact`` is applied as the dict is built (no None, no empty list, no
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
        not isinstance(schema, Base)
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
        nested = planned_dump(field.schema, build)
        return (lambda value: [nested(item) for item in value]) if field.many else nested
    if isinstance(field, fields.List):
        inner = _field_dump(field.inner, name, build)
        return lambda value: [inner(item) for item in value]
    if type(field) is fields.String:
        return str
    serialise = serializer(field)
    return lambda value: serialise(value, name, None)
