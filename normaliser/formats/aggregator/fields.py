"""The marshmallow fields only the aggregator's schema uses (moved here from ``normaliser.fields``,
which keeps those the API readers share): one-line texts and prose as inline HTML both ways, ISSN,
PMCID, decimal strings, vocabulary terms, author lists, opaque values, and lists of the record's
parts as the canonical JSON's schemas declare them."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from marshmallow import ValidationError, fields

from ... import identifiers
from ...errors import InvalidRecord, shown
from ...fields import Clean, Labels, _fail, note, term, term_label
from ...loadplan import TupleList, field_step
from ...record import (
    UND,
    Mark,
    Prose,
    Text,
)
from ...record_schemas import Base, planned_dump
from ...sections import structure, written
from ...text import HTML_MARKS, detect_lang, inline, is_null, prose, strip_illegal


class Opaque(fields.Field[Any]):
    """A value kept exactly as the source wrote it (ids whose meaning is not documented)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("allow_none", True)
        super().__init__(**kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        return value

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        return value


# --- Marked text <-> HTML --------------------------------------------------------------------


def to_html(text: Text) -> str:
    """Render a ``Text`` with its marks as minimal HTML (``CO<sub>2</sub>``), escaped."""
    from html import escape

    events: list[tuple[int, int, str]] = []
    for mark in text.marks:
        tag = HTML_MARKS.write(mark.kind)
        if tag is None:  # a case-protected span looks like any other text
            continue
        events.append((mark.start, 1, f"<{tag}>"))
        events.append((mark.end, 0, f"</{tag}>"))
    # Closings before openings at one position; inner marks close first.
    events.sort(key=lambda e: (e[0], e[1]))
    out, pos = [], 0
    for at, _, tag in events:
        out.append(escape(text.value[pos:at], quote=False))
        out.append(tag)
        pos = at
    out.append(escape(text.value[pos:], quote=False))
    return "".join(out)


class TextField(Clean):
    """A one-line text (a title): inline HTML cleaned, language from the script, ``lang`` the
    language the source field declares for Latin text."""

    def __init__(
        self, *, lang: str = UND, variant: str = "original", title: bool = False, **kw: Any
    ) -> None:
        super().__init__(numbers=False, **kw)
        self.lang, self.variant, self.title = lang, variant, title

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Text | None:
        raw = self.text(value, attr)
        if raw is None:
            return None
        try:
            result = inline(raw, UND, self.variant)
        except InvalidRecord as exc:  # markup nested too deep: named by this field
            raise _fail(exc) from None
        if result is None:
            return None
        # The language of the text, not of its markup or entities (``<b>0</b>`` is no English).
        lang, warning = detect_lang(result.value, self.lang)
        if warning:
            note("language", self.data_key or attr or "", warning)
        if lang != UND:
            result = Text(result.value, lang, result.variant, result.marks)
        if result is not None and self.title:
            result = drop_terminal_period(result)
        return result

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        return None if value is None else to_html(value)


class ProseField(Clean):
    """HTML or plain paragraphs (an abstract) → ``Prose`` of ``variant``; dumped as ``<p>``
    paragraphs."""

    def __init__(
        self, *, lang: str = UND, kind: str = "abstract", variant: str = "original", **kw: Any
    ) -> None:
        super().__init__(numbers=False, **kw)
        self.lang, self.kind, self.variant = lang, kind, variant

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Prose | None:
        if is_null(value):
            return None
        if not isinstance(value, str):
            raise ValidationError(f"expected a string, got {type(value).__name__}")
        cleaned, removed = strip_illegal(value)
        if removed:
            note("repaired", self.data_key or attr or "", f"removed {removed} control characters")
        lang, warning = detect_lang(cleaned, self.lang)
        if warning:
            note("language", self.data_key or attr or "", warning)
        try:
            found = prose(cleaned, lang, self.variant, kind=self.kind)
        except InvalidRecord as exc:  # markup nested too deep: named by this field
            raise _fail(exc) from None
        return structure(found) if found is not None and self.kind == "abstract" else found

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        if value is None:
            return None
        return "".join(f"<p>{to_html(p)}</p>" for p in written(value))


_ABBREVIATIONS = frozenset(
    [
        "sp",
        "spp",
        "subsp",
        "ssp",
        "var",
        "al",
        "etc",
        "e.g",
        "i.e",
        "vs",
        "cf",
        "approx",
        "inc",
        "ltd",
        "co",
        "corp",
        "jr",
        "sr",
        "st",
        "dr",
        "mr",
        "mrs",
        "ms",
        "prof",
        "no",
        "vol",
        "fig",
        "figs",
        "eds",
        "ed",
        "nov",
        "gen",
        "syn",
        "comb",
    ]
)


def drop_terminal_period(title: Text) -> Text:
    """Drop the one terminal period PubMed-style sources add; keep "?", "!", "...", and the
    period of a final abbreviation ("Lactobacillus sp.", "et al.")."""
    value = title.value
    if not value.endswith(".") or value.endswith(".."):
        return title
    last = value[:-1].rsplit(" ", 1)[-1].casefold()
    if last in _ABBREVIATIONS or re.fullmatch(r"(?:[a-z]\.)+[a-z]", last):
        return title
    marks = tuple(
        Mark(m.start, min(m.end, len(value) - 1), m.kind)
        for m in title.marks
        if m.start < len(value) - 1
    )
    return Text(value[:-1].rstrip(), title.lang, title.variant, marks)


class ISSNField(Clean):
    """An ISSN, its check digit verified: ``11769114`` → ``1176-9114``."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str | None:
        raw = self.text(value, attr)
        if raw is None:
            return None
        try:
            return identifiers.normalise_issn(raw, self.data_key or attr or "issn")
        except InvalidRecord as exc:
            raise _fail(exc) from None


class PMCIDField(Clean):
    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str | None:
        raw = self.text(value, attr)
        if raw is None:
            return None
        try:
            return identifiers.normalise_pmcid(raw)
        except InvalidRecord as exc:
            raise _fail(exc) from None


class DecimalString(Clean):
    """A number kept as its decimal string: 6.6000 → "6.6" (never float arithmetic noise)."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str | None:
        raw = self.text(value, attr)
        if raw is None:
            return None
        raw = unicodedata.normalize("NFKC", raw)
        if not re.fullmatch(r"\d+(?:\.\d+)?", raw):
            raise ValidationError(f"{shown(value)} is not a decimal number")
        if "." in raw:
            raw = raw.rstrip("0").rstrip(".")
        return raw.lstrip("0") or "0" if not raw.startswith("0.") else raw

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        if value is None:
            return None
        return float(value) if "." in value else int(value)


class VocabTerms(Labels):
    """Labels of a controlled vocabulary → ``Term``s (code when known, else the label verbatim)."""

    def __init__(self, vocabulary: str, *, joined: bool = False, **kw: Any) -> None:
        super().__init__(**kw)
        self.vocabulary, self.joined = vocabulary, joined

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        labels = super()._deserialize(value, attr, data, **kwargs)
        if not labels:
            return None
        return tuple(term(self.vocabulary, label, self.data_key or attr or "") for label in labels)

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        if not value:
            return None
        labels = [term_label(t, "en") for t in value]
        return ", ".join(labels) if self.joined else labels


class NameList(Clean):
    """An author list string → ``Name``s in order; dumped given-first, comma-joined."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        from ...names import parse_list

        raw = self.text(value, attr)
        if raw is None:
            return None
        return tuple(parse_list(raw)) or None

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        if not value:
            return None
        return ", ".join(n.display for n in value)


class Parts(fields.Field[Any]):
    """A list of the record's parts (dates, identifiers, links, texts, terms, metrics, prose;
    ``depth`` 2: a list of lists, each author's names) as ``schema`` declares them for both
    directions — the canonical JSON's own declaration (``normaliser.record_schemas``), so that
    an aggregator key holding them spells them as the JSON format does. The aggregator's own
    keys for what its other keys cannot hold, read back as tuples; an empty list is None."""

    def __init__(self, schema: type[Base], *, depth: int = 1, **kwargs: Any) -> None:
        kwargs.setdefault("allow_none", True)
        super().__init__(**kwargs)
        self.depth = depth
        self._dump = planned_dump(schema())
        inner: fields.Field[Any] = fields.Nested(schema)
        for _ in range(depth - 1):  # a list inside a list is never empty (an author's names)
            inner = TupleList(inner, nonempty=True)
        #: The list as marshmallow loads it, and as its plan does (the same, faster).
        self.listed = TupleList(inner)
        self._load = field_step(self.listed, None)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if is_null(value):
            return None
        try:
            return self._load(value, data) or None
        except ValidationError as exc:
            raise ValidationError(_said(exc.messages)) from None

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        if not value:
            return None
        return self._dumped(value, self.depth)

    def _dumped(self, value: Any, depth: int) -> list[Any]:
        if depth == 1:
            return [self._dump(item) for item in value]
        return [self._dumped(item, depth - 1) for item in value]


def _said(messages: Any, path: str = "") -> list[str]:
    """Marshmallow's nested messages as lines naming where each is: ``0.kind: Missing data``."""
    if isinstance(messages, dict):
        return [
            line
            for key, inner in messages.items()
            for line in _said(inner, path if key == "_schema" else f"{path}{key}.")
        ]
    if isinstance(messages, list):
        return [line for inner in messages for line in _said(inner, path)]
    return [f"{path[:-1]}: {messages}" if path else str(messages)]
