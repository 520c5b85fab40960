"""The one place that reads marshmallow's private attributes, and why.

The load plan (``loadplan.LoadPlan``: every schema-driven reader's, the record parts') and the
record parts' dump plan (``record_schemas.planned_dump``), run a schema's
own declaration — its fields, data keys, nested schemas and hooks — as a precompiled loop
instead of marshmallow's per-field machinery on every record (several times faster; the test
suite checks both plans against ``Schema.load``/``Schema.dump`` over generated records). To
build a plan they need four things marshmallow does not make public: a schema's resolved hooks,
whether a field reads an attribute, and a field's own conversion of one value either way (the
methods a custom field overrides, called here without the checks ``deserialize`` and
``serialize`` wrap them in). They are read here only; ``pyproject.toml`` pins the marshmallow
major these names were checked against.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from marshmallow import Schema, fields


def hooks(schema: Schema) -> dict[str, list[tuple[str, bool, dict[str, Any]]]]:
    """The schema's resolved hooks by kind (``pre_load``, ``post_dump``, …): (method name,
    many, options) each."""
    return schema._hooks


def reads_attribute(field: fields.Field[Any]) -> bool:
    """Whether ``field`` serialises an attribute of the object (not the whole object)."""
    return bool(field._CHECK_ATTRIBUTE)


def deserializer(field: fields.Field[Any]) -> Callable[[Any, str | None, Any], Any]:
    """``field``'s own conversion of a present value (what ``deserialize`` wraps)."""
    return field._deserialize


def serializer(field: fields.Field[Any]) -> Callable[[Any, str, Any], Any]:
    """``field``'s own conversion of a value to dump (what ``serialize`` wraps)."""
    return field._serialize
