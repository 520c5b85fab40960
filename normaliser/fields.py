"""marshmallow fields shared by the schema-driven formats: each converts one source value into its
canonical form on load and back on dump, so a mapping is declared once for both directions.

Repairs a field makes (a trimmed volume, a derived id) are recorded as ``Note``s through
``collect_notes()``; marshmallow's ``ValidationError`` never leaves the format modules.
"""

from __future__ import annotations

import contextvars
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from marshmallow import EXCLUDE, Schema, ValidationError, fields, missing

from . import dates, identifiers, pages, vocab
from .errors import InvalidRecord, shown
from .marshmallow_private import deserializer, hooks
from .record import Note, Term, Text
from .text import detect_lang, is_null, squeeze, strip_illegal

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


def _fail(exc: InvalidRecord) -> ValidationError:
    return ValidationError([m for msgs in exc.messages.values() for m in msgs])


class Clean(fields.Field[Any]):
    """A string (or number) trimmed, with XML-illegal characters removed and nulls made absent."""

    def __init__(self, *, numbers: bool = True, **kwargs: Any) -> None:
        kwargs.setdefault("allow_none", True)
        super().__init__(**kwargs)
        self.numbers = numbers

    def text(self, value: Any, attr: str | None) -> str | None:
        """``value`` cleaned: None for a null spelling, else the string with XML-illegal
        characters removed (noted) and white space squeezed; refuses other types."""
        if type(value) is str and value.isprintable() and "  " not in value:
            # Most values: nothing illegal, and no white space to squeeze but at the ends
            # (every XML-illegal and white space character but the space is unprintable).
            value = value.strip()
            return None if is_null(value) else value  # "" is a null spelling
        if is_null(value):
            return None
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise ValidationError(f"expected a string, got {type(value).__name__} {shown(value)}")
        if not isinstance(value, str):
            if not self.numbers:
                raise ValidationError(f"expected a string, got a number {shown(value)}")
            value = str(value)
        cleaned, removed = strip_illegal(value)
        if removed:
            note("repaired", self.data_key or attr or "", f"removed {removed} control characters")
        cleaned = squeeze(cleaned)
        return cleaned or None

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        return self.text(value, attr)

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        return value


# --- A schema's load, precompiled --------------------------------------------------------------


class LoadPlan:
    """``schema.load(data)`` precompiled for the schemas of this package: the schema stays the
    one declaration of a mapping, and this walks its ``load_fields`` once into a list of steps
    (data key, attribute, the field's own conversion, a nested plan) applied in a plain loop.

    It gives what ``schema.load`` gives, and raises the ``ValidationError`` it raises (the same
    ``messages``, every failing field collected), for the schemas it accepts: ``unknown=EXCLUDE``,
    no hooks (``pre_load``, ``post_load``, ``validates``), no partial loading, and fields that
    are neither required nor defaulted. Any other field is loaded through its own
    ``deserialize``; any other schema is refused with a ``TypeError`` when the plan is built.
    """

    __slots__ = ("_steps", "_type_error")

    def __init__(self, schema: Schema) -> None:
        if any(hooks(schema).values()) or schema.unknown != EXCLUDE or schema.many:
            raise TypeError(f"{type(schema).__name__} has hooks, many or unknown != EXCLUDE")
        if schema.partial or not schema.opts.index_errors:
            raise TypeError(f"{type(schema).__name__} loads partially")
        self._type_error: str = schema.error_messages["type"]
        self._steps: list[tuple[str, str, Callable[[Any, Mapping[str, Any]], Any], bool]] = [
            (
                field.data_key if field.data_key is not None else name,
                field.attribute or name,
                _step(field, field.data_key if field.data_key is not None else name),
                # A missing value is skipped unless the field requires or defaults it.
                field.required or field.load_default is not missing,
            )
            for name, field in schema.load_fields.items()
        ]
        if any("." in step[1] for step in self._steps):
            raise TypeError(f"{type(schema).__name__} loads into dotted attributes")

    def load(self, data: Any) -> dict[str, Any]:
        """The loaded attributes of ``data``, in field order; raises ``ValidationError``."""
        if not isinstance(data, Mapping):
            raise ValidationError({"_schema": [self._type_error]}, data=data, valid_data={})
        out: dict[str, Any] = {}
        errors: dict[str, Any] = {}
        for key, attribute, convert, fills in self._steps:
            value = data.get(key, missing)
            if value is missing and not fills:
                continue
            try:
                result = convert(value, data)
                if result is not missing:
                    out[attribute] = result
            except ValidationError as exc:
                errors[key] = exc.messages
                if exc.valid_data:  # what a nested schema did load, as marshmallow keeps it
                    out[attribute] = exc.valid_data
        if errors:
            raise ValidationError(errors, data=data, valid_data=out)
        return out


def _step(field: fields.Field[Any], key: str) -> Callable[[Any, Mapping[str, Any]], Any]:
    """One field's conversion of a present value, as ``Field.deserialize`` applies it."""
    plain = (
        field.allow_none
        and not field.required
        and field.load_default is missing
        and not (field.validators or field.pre_load or field.post_load)
    )
    if plain and isinstance(field, fields.Nested):
        schema = field.schema
        if not (field.many or schema.many) and (field.unknown or schema.unknown) == EXCLUDE:
            try:
                nested = LoadPlan(schema)
            except TypeError:
                pass
            else:
                return lambda value, data: None if value is None else nested.load(value)
    elif plain:
        convert = deserializer(field)
        if field.metadata.get("repeats"):
            return _memoised(lambda value, data: convert(value, key, data))
        return lambda value, data: None if value is None else convert(value, key, data)
    return lambda value, data: field.deserialize(value, key, data)


#: Most values a memoised step remembers (then it starts afresh).
MEMO_SIZE = 1024


def _memoised(
    convert: Callable[[Any, Mapping[str, Any]], Any],
) -> Callable[[Any, Mapping[str, Any]], Any]:
    """``convert`` (a field's own conversion, a function of the value alone) remembering its
    result and the notes it recorded for each string or integer value it converted: for fields
    whose values repeat from record to record of a dump (a journal's name, a vocabulary label),
    declared with ``metadata={"repeats": True}``. A value is keyed with its exact type (no
    ``True`` for ``1``); a value that fails is converted afresh each time. What is remembered is
    immutable (texts, terms, strings) and shared."""
    memo: dict[tuple[type, Any], tuple[Any, tuple[Note, ...]]] = {}

    def step(value: Any, data: Mapping[str, Any]) -> Any:
        if value is None:
            return None
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


class DOIField(Clean):
    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str | None:
        raw = self.text(value, attr)
        if raw is None:
            return None
        key = self.data_key or attr or "doi"
        try:
            doi = identifiers.normalise_doi(raw, key)
        except InvalidRecord as exc:
            raise _fail(exc) from None
        if re.search(r"10\.\S*\s+\S", raw):
            note("repaired", key, f"white space removed from the DOI {shown(raw)}")
        if "%2f" in raw.lower():
            note("repaired", key, f"a URL-encoded slash (%2F) decoded in the DOI {shown(raw)}")
        return doi


class UrlField(Clean):
    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str | None:
        raw = self.text(value, attr)
        if raw is None:
            return None
        try:
            return identifiers.normalise_url(raw)
        except InvalidRecord as exc:
            raise _fail(exc) from None


class Count(Clean):
    """A non-negative count: 0, "0", "1,234" → 1234."""

    def __init__(self, *, as_text: bool = False, **kw: Any) -> None:
        super().__init__(**kw)
        self.as_text = as_text

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> int | None:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        raw = self.text(value, attr)
        if raw is None:
            return None
        digits = unicodedata.normalize("NFKC", raw).replace(",", "")
        if not digits.isdigit():
            raise ValidationError(f"{shown(value)} is not a count")
        return int(digits)

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        if value is None:
            return None
        return str(value) if self.as_text else int(value)


class DateField(Clean):
    """A date in any shape ``dates.parse`` knows → ``ParsedDate``; dumped as ``style`` (a
    ``ParsedDate`` with a season after its year: ``2018 May-Aug``)."""

    def __init__(self, *, style: str = "iso", **kw: Any) -> None:
        super().__init__(numbers=True, **kw)
        self.style = style

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        raw = self.text(value, attr)
        if raw is None:
            return None
        try:
            parsed = dates.parse(raw, self.data_key or attr or "date")
        except InvalidRecord as exc:
            raise _fail(exc) from None
        if parsed is None:
            note("repaired", self.data_key or attr or "", f"{shown(raw)} means no date: dropped")
        return parsed

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        if value is None:
            return None
        season = None
        if isinstance(value, dates.ParsedDate):  # a date with its season (2018 May-Aug)
            value, season = value.date, value.season
        if self.style == "slash":  # 2025/1/1 0:00:00, the aggregator's EPubDate shape
            return f"{value.year}/{value.month or 1}/{value.day or 1} 0:00:00"
        return dates.written(value, season)


class PagesField(Clean):
    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        raw = self.text(value, attr)
        if raw is None:
            return None
        try:
            parsed = pages.parse(raw, self.data_key or attr or "pages")
        except InvalidRecord as exc:
            raise _fail(exc) from None
        if parsed.note:
            note("repaired", self.data_key or attr or "pages", parsed.note)
        return parsed

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        if value is None:
            return None
        return value.elocation_id or value.statement or pages.statement(value.first, value.last)


class Flag(fields.Field[Any]):
    """A yes/no: true/false, "true", 1/0, 是/否."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("allow_none", True)
        super().__init__(**kwargs)

    _TRUE = frozenset({"true", "yes", "1", "是", "y", "t"})
    _FALSE = frozenset({"false", "no", "0", "否", "n", "f"})

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> bool | None:
        if is_null(value):
            return None
        if isinstance(value, bool):
            return value
        key = str(value).strip().casefold()
        if key in self._TRUE:
            return True
        if key in self._FALSE:
            return False
        raise ValidationError(f"{shown(value)} is not true or false")

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        return value


class Labels(Clean):
    """A list of labels: a JSON list, or one string joined by , ; ；、 → tuple of strings."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if is_null(value):
            return None
        if isinstance(value, str):
            items: list[Any] = re.split(r"\s*[,;；，、]\s*", value)
        elif isinstance(value, list) and all(isinstance(v, str) or is_null(v) for v in value):
            items = value
        else:
            raise ValidationError(
                f"expected a string or a list of strings, got {type(value).__name__} {shown(value)}"
            )
        out = []
        for item in items:
            text = self.text(item, attr)
            if text:
                out.append(text)
        return tuple(out) or None

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        return list(value) if value else None


def term(vocabulary: str, label: str, field: str) -> Term:
    """A vocabulary term for ``label``; an unknown label is kept verbatim with a note."""
    code = vocab.code_for(vocabulary, label)
    if code:
        return Term(vocabulary, code)
    note(
        "unknown-label",
        field,
        f"{shown(label)} is not in the {vocabulary} vocabulary; kept verbatim",
    )
    lang, _ = detect_lang(label)
    return Term(vocabulary, None, (Text(label, lang),))


def term_label(value: Term, locale: str = "en") -> str:
    """The label to write for a term: the catalogue's in ``locale``, else the verbatim label."""
    if value.code:
        found = vocab.label(value.vocabulary, value.code, locale)
        if found:
            return found
        return value.code
    return value.labels[0].value


class Strings(Clean):
    """A list of strings kept by position (Crossref's ``title`` and ``subtitle`` pair by it): an
    empty or null entry is None, a single string is a list of one."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if is_null(value):
            return None
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) or v is None for v in value):
            raise ValidationError(f"expected a list of strings, got {type(value).__name__}")
        out = tuple(self.text(v, attr) if v is not None else None for v in value)
        return out if any(out) else None

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        return [v or "" for v in value] if value else None


def load_nested(plan: LoadPlan, value: Any, field: str) -> dict[str, Any]:
    """``plan.load(value)`` for an object nested under ``field``: its problems raise
    ``InvalidRecord`` named under it (``biblio.first_page``)."""
    try:
        return dict(plan.load(value))
    except ValidationError as exc:
        raise InvalidRecord(
            {f"{field}.{key}": problems for key, problems in exc.messages_dict.items()}
        ) from None


def load_secondary(
    plan: LoadPlan, data: Mapping[str, Any], core: frozenset[str]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """``plan.load(data)`` under the rule of core and secondary fields (README): a core key
    whose value does not parse raises ``InvalidRecord`` naming it; any other key that does not
    parse is returned verbatim (second value) with an ``unparsed`` note, and the rest loads."""
    try:
        return plan.load(data), {}
    except ValidationError as exc:
        messages = exc.messages_dict
        if set(messages) & core or not set(messages) <= set(data):
            raise InvalidRecord(messages) from None
        unparsed = {k: data[k] for k in messages}
        for key, problems in messages.items():
            shown = "; ".join(str(p) for p in problems) if isinstance(problems, list) else ""
            note("unparsed", key, f"{shown}: kept verbatim in extras")
        try:
            loaded = plan.load({k: v for k, v in data.items() if k not in unparsed})
        except ValidationError as again:
            raise InvalidRecord(again.messages_dict) from None
        return loaded, unparsed
