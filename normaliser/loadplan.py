"""A marshmallow schema's load compiled once from its declaration (``LoadPlan``), and the notes a
load records (``collect_notes``, ``note``).

One compiler serves every schema-driven load: the API readers' schemas (``unknown = EXCLUDE``,
no hooks), the record parts' schemas (``record_schemas.Base``: ``unknown = RAISE``, required
fields and defaults, a ``post_load`` hook building the part) and the aggregator's. The schema
stays the one declaration of a mapping; the plan walks its ``load_fields`` once into steps
(data key, attribute, the field's own conversion, a nested plan, what a missing key means)
applied in a plain loop, instead of marshmallow's per-field machinery on every record. It gives
what ``Schema.load`` gives and raises the ``ValidationError`` it raises (the same ``messages``,
in the same order, every failing field collected); the test suite checks it against
``Schema.load`` over generated data, broken data included.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from marshmallow import EXCLUDE, RAISE, Schema, ValidationError, fields, missing
from marshmallow.utils import is_collection

from .marshmallow_private import deserializer, hooks
from .record import Note

# --- Notes ----------------------------------------------------------------------------------

_NOTES: contextvars.ContextVar[list[Note] | None] = contextvars.ContextVar("notes", default=None)


@contextmanager
def collect_notes() -> Iterator[list[Note]]:
    """Collect the notes fields record while one record is loaded."""
    notes: list[Note] = []
    token = _NOTES.set(notes)
    try:
        yield notes
    finally:
        _NOTES.reset(token)


def note(kind: str, field: str, message: str) -> None:
    notes = _NOTES.get()
    if notes is not None:
        notes.append(Note(kind, field, message))


# --- The list field the plan knows ------------------------------------------------------------


class TupleList(fields.List[Any]):
    """A JSON list that loads as a tuple (records are immutable); ``nonempty``: of one item at
    least (an author's names)."""

    def __init__(self, inner: fields.Field[Any], *, nonempty: bool = False, **kwargs: Any) -> None:
        super().__init__(inner, **kwargs)
        self.nonempty = nonempty

    def _deserialize(  # type: ignore[override]
        self, value: Any, attr: str | None, data: Any, **kwargs: Any
    ) -> tuple[Any, ...]:
        loaded = tuple(super()._deserialize(value, attr, data, **kwargs))
        if self.nonempty and not loaded:
            raise ValidationError(EMPTY)
        return loaded


#: What a ``nonempty`` list with no item is told.
EMPTY = "expected one item at least"


# --- The plan -------------------------------------------------------------------------------

#: One field's conversion of a present value: (value, the object holding it) → loaded value.
Step = Callable[[Any, Any], Any]
_MISSING: Any = object()  # a key the data does not have


class LoadPlan:
    """``schema.load(data)`` compiled once from ``schema``'s declaration; ``load`` (or calling
    the plan) loads one object.

    Covered: ``unknown`` EXCLUDE or RAISE; required fields and ``load_default``s; ``post_load``
    hooks (neither ``pass_original`` nor ``pass_collection``), run as marshmallow runs them;
    nested schemas and ``TupleList``s by their own plans, a ``fields.String`` value that is a
    ``str`` as itself, a field declared ``metadata={"repeats": True}`` remembering its
    conversions (``_memoised``), every other field by its own ``_deserialize`` (or its whole
    ``deserialize`` when it has validators or its own pre- or post-load functions). A schema
    using anything else (``pre_load``, ``validates``, ``validates_schema``, ``many``,
    ``partial``, ``unknown = INCLUDE``, dotted attributes, its own ``handle_error``) is refused
    with a ``TypeError`` when the plan is built; a nested one is loaded by marshmallow itself.
    """

    __slots__ = ("load",)

    def __init__(self, schema: Schema) -> None:
        resolved = hooks(schema)
        name = type(schema).__name__
        if any(v for k, v in resolved.items() if k not in ("post_load", "pre_dump", "post_dump")):
            raise TypeError(f"{name} has load hooks other than post_load")
        if any(many or kwargs.get("pass_original") for _, many, kwargs in resolved["post_load"]):
            raise TypeError(f"{name} has a post_load hook on the collection or the original")
        if schema.many or schema.partial or not schema.opts.index_errors:
            raise TypeError(f"{name} loads many or partially")
        if schema.unknown not in (EXCLUDE, RAISE):
            raise TypeError(f"{name} includes unknown keys")
        if type(schema).handle_error is not Schema.handle_error:
            raise TypeError(f"{name} handles its own errors")
        if any("." in (f.attribute or n) for n, f in schema.load_fields.items()):
            raise TypeError(f"{name} loads into dotted attributes")
        steps = [
            (
                key,
                field.attribute or attr_name,
                field_step(field, key),
                [field.error_messages["required"]] if field.required else None,
                field.load_default,
                _plain_string(field),
            )
            for attr_name, field in schema.load_fields.items()
            for key in (field.data_key if field.data_key is not None else attr_name,)
        ]
        #: The load of one object: the steps' loop, its names bound once (no attribute look-up).
        self.load: Callable[[Any], Any] = _load(
            steps,
            frozenset(step[0] for step in steps) if schema.unknown == RAISE else None,
            [getattr(schema, hook) for hook, _, _ in resolved["post_load"]],
            {"many": False, "partial": schema.partial, "unknown": schema.unknown},
            schema.error_messages["type"],
            schema.error_messages["unknown"],
        )

    def __call__(self, data: Any) -> Any:
        return self.load(data)


def _load(
    steps: list[tuple[str, str, Step, list[Any] | None, Any, bool]],
    keys: frozenset[str] | None,
    post: list[Callable[..., Any]],
    hook_options: dict[str, Any],
    type_error: str,
    unknown_error: str,
) -> Callable[[Any], Any]:
    """``LoadPlan.load``: the loaded attributes of an object (in field order), passed through the
    post-load hooks (given ``many``, ``partial`` and ``unknown`` as marshmallow gives them; the
    schema's ``keys`` when it refuses unknown ones); raises ``ValidationError``."""

    def load(data: Any) -> Any:
        if type(data) is not dict and not isinstance(data, Mapping):
            raise ValidationError({"_schema": [type_error]}, data=data, valid_data={})
        out: dict[str, Any] = {}
        errors: dict[str, Any] = {}
        for key, attribute, convert, required, default, string in steps:
            value = data.get(key, _MISSING)
            if value is _MISSING:
                if required is not None:
                    errors[key] = list(required)
                elif default is not missing:
                    out[attribute] = default() if callable(default) else default
                continue
            if string and type(value) is str:  # a str is itself (``fields.String``)
                out[attribute] = value
                continue
            try:
                result = convert(value, data)
            except ValidationError as exc:
                errors[key] = exc.messages
                if exc.valid_data:  # what a nested schema did load, as marshmallow keeps it
                    out[attribute] = exc.valid_data
                continue
            if result is not missing:
                out[attribute] = result
        if keys is not None and not keys.issuperset(data):
            for key in set(data) - keys:
                errors[key] = [unknown_error]
        if errors:
            raise ValidationError(errors, data=data, valid_data=out)
        if not post:
            return out
        loaded: Any = out
        try:
            for hook in post:
                loaded = hook(loaded, **hook_options)
        except ValidationError as exc:
            messages = exc.normalized_messages()  # type: ignore[no-untyped-call]
            raise ValidationError(messages, data=data, valid_data=out) from None
        return loaded

    return load


def field_step(field: fields.Field[Any], key: str | None) -> Step:
    """How ``field`` converts a present value (what ``Field.deserialize`` does with it), compiled
    as ``LoadPlan`` compiles a schema; ``key`` is the attribute name marshmallow passes it. One
    function a field, None included (None where the field allows none, else refused), wrapped
    in a memo when the field is declared ``repeats``."""
    if field.validators or field.pre_load or field.post_load:
        return lambda value, data: field.deserialize(value, key, data)
    step = _step(field, key)
    return _memoised(step) if field.metadata.get("repeats") else step


def _step(field: fields.Field[Any], key: str | None) -> Step:
    """``field_step`` but the memo."""
    allow_none, null = field.allow_none, field.error_messages["null"]
    if type(field) is fields.Nested and not (field.many or field.schema.many):
        if field.unknown in (None, field.schema.unknown):  # else its own load says
            try:
                load = LoadPlan(field.schema).load
            except TypeError:
                pass
            else:

                def nested(value: Any, data: Any) -> Any:
                    if value is None:
                        if allow_none:
                            return None
                        raise ValidationError(null)
                    return load(value)

                return nested
        return lambda value, data: field.deserialize(value, key, data)
    if type(field) is TupleList:
        return _list_step(field)
    own = deserializer(field)
    string = _plain_string(field)

    def step(value: Any, data: Any) -> Any:
        if string and type(value) is str:  # a str is itself (``fields.String``)
            return value
        if value is None:
            if allow_none:
                return None
            raise ValidationError(null)
        return own(value, key, data)

    return step


def _list_step(field: TupleList) -> Step:
    """A ``TupleList``'s conversion, as ``fields.List`` converts (each item by the inner field's
    ``deserialize``, without attribute or data; failing items collected by index)."""
    inner = field_step(field.inner, None)
    invalid = field.error_messages["invalid"]
    nonempty = field.nonempty
    allow_none, null = field.allow_none, field.error_messages["null"]

    def load(value: Any, data: Any) -> Any:
        if type(value) is not list:
            if value is None:
                if allow_none:
                    return None
                raise ValidationError(null)
            if not is_collection(value):
                raise ValidationError(invalid)
        result: list[Any] = []
        errors: dict[int, Any] = {}
        for index, item in enumerate(value):
            try:
                result.append(inner(item, None))
            except ValidationError as exc:  # each failing item collected, as fields.List does
                if exc.valid_data is not None:
                    result.append(exc.valid_data)
                errors[index] = exc.messages
        if errors:
            raise ValidationError(errors, valid_data=result)
        if nonempty and not result:
            raise ValidationError(EMPTY)
        return tuple(result)

    return load


def _plain_string(field: fields.Field[Any]) -> bool:
    """Whether ``field`` loads a str as itself: a ``fields.String`` checking nothing more."""
    return type(field) is fields.String and not (
        field.validators or field.pre_load or field.post_load
    )


#: Most values a memoised step remembers (then it starts afresh).
MEMO_SIZE = 1024


def _memoised(convert: Step) -> Step:
    """``convert`` (a field's step, a function of the value alone) remembering its result and
    the notes it recorded for each string or integer value it converted (None and any other
    value are converted each time): for fields whose values repeat from record to record of a
    dump (a journal's name, a vocabulary label), declared with ``metadata={"repeats": True}``.
    A value is keyed with its exact type (no ``True`` for ``1``); a value that fails is
    converted afresh each time. What is remembered is immutable (texts, terms, strings) and
    shared."""
    memo: dict[tuple[type, Any], tuple[Any, tuple[Note, ...]]] = {}

    def step(value: Any, data: Any) -> Any:
        kind = type(value)
        if kind is not str and kind is not int:
            return convert(value, data)
        found = memo.get((kind, value))
        outer = _NOTES.get()
        if found is None:
            recorded: list[Note] = []
            token = _NOTES.set(recorded)
            try:
                result = convert(value, data)
            finally:
                _NOTES.reset(token)
                if outer is not None:
                    outer.extend(recorded)
            if len(memo) >= MEMO_SIZE:
                memo.clear()
            memo[kind, value] = result, tuple(recorded)
            return result
        result, notes = found
        if outer is not None:
            outer.extend(notes)
        return result

    return step
