"""marshmallow fields shared by the schema-driven formats: each converts one source value into its
canonical form on load and back on dump, so a mapping is declared once for both directions.

Repairs a field makes (a trimmed volume, a derived id) are recorded as ``Note``s through
``collect_notes()``; marshmallow's ``ValidationError`` never leaves the format modules. A
schema of these fields is loaded by its compiled plan (``loadplan.LoadPlan``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from marshmallow import ValidationError, fields

from . import dates, identifiers, pages, vocab
from .errors import InvalidRecord, shown

# The load plan and its notes, where the readers import them from.
from .loadplan import LoadPlan as LoadPlan
from .loadplan import collect_notes as collect_notes
from .loadplan import note as note
from .record import Term, Text
from .text import detect_lang, is_null, squeeze, strip_illegal


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
