"""The marshmallow fields only the aggregator's schema uses (moved here from ``normaliser.fields``,
which keeps those the API readers share): one-line texts and prose as inline HTML both ways, ISSN,
PMCID, decimal strings, vocabulary terms, author lists, opaque values."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from marshmallow import ValidationError, fields

from ... import dates, identifiers
from ...errors import InvalidRecord, shown
from ...fields import Clean, Labels, _fail, note, term, term_label
from ...record import (
    UND,
    Dated,
    Heading,
    Identifier,
    Link,
    Mark,
    Metric,
    Name,
    Prose,
    Term,
    Text,
)
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
        lang, warning = detect_lang(raw, self.lang)
        if warning:
            note("language", self.data_key or attr or "", warning)
        try:
            result = inline(raw, lang, self.variant)
        except InvalidRecord as exc:  # markup nested too deep: named by this field
            raise _fail(exc) from None
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


class DatedList(fields.Field[Any]):
    """The dates the two date keys do not carry (a received, accepted, print date …, a date's
    label or history), as a list of objects: ``{"type": "received", "date": "2023-05-19"}``
    with ``label``, ``history``, ``end`` when the date has them; a date known to the year with a
    season is written ``2018 May-Aug``."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("allow_none", True)
        super().__init__(**kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if is_null(value):
            return None
        if not isinstance(value, list):
            raise ValidationError("expected a list of dates")
        out = []
        for item in value:
            if not isinstance(item, dict) or not isinstance(item.get("date"), str):
                raise ValidationError('expected {"type": …, "date": …} objects')
            try:
                parsed = dates.parse(item["date"], self.data_key or "dates")
                end = item.get("end")
                ended = dates.parse(end, self.data_key or "dates") if isinstance(end, str) else None
                if parsed is None:
                    raise ValidationError(f"{shown(item['date'])} is no date")
                history = item.get("history")
                if not isinstance(item.get("label"), (str, type(None))):
                    raise ValidationError("a date's label is text")
                out.append(
                    Dated(
                        str(item.get("type")),
                        parsed.date,
                        label=item.get("label"),
                        history=history if isinstance(history, bool) else None,
                        season=parsed.season,
                        end=ended.date if ended else None,
                    )
                )
            except InvalidRecord as exc:
                raise _fail(exc) from None
        return tuple(out) or None

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        if not value:
            return None
        out = []
        for dated in value:
            item: dict[str, Any] = {
                "type": dated.kind,
                "date": dates.written(dated.date, dated.season),
            }
            if dated.label is not None:
                item["label"] = dated.label
            if dated.history is not None:
                item["history"] = dated.history
            if dated.end is not None:
                item["end"] = dated.end.iso()
            out.append(item)
        return out


class IdentifierList(fields.Field[Any]):
    """The journal identifiers ``ISSN``, ``eISSN`` and ``PeriodicalId`` do not carry (an ISSN of
    no known kind, the linking ISSN, an NLM title abbreviation, a CN serial number), as
    ``{"scheme": …, "value": …}`` objects."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("allow_none", True)
        super().__init__(**kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if is_null(value):
            return None
        if not isinstance(value, list) or not all(
            isinstance(i, dict)
            and isinstance(i.get("scheme"), str)
            and isinstance(i.get("value"), str)
            for i in value
        ):
            raise ValidationError('expected a list of {"scheme": …, "value": …} objects')
        try:
            return tuple(Identifier(i["scheme"], i["value"]) for i in value) or None
        except InvalidRecord as exc:
            raise _fail(exc) from None

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        return [{"scheme": i.scheme, "value": i.value} for i in value] if value else None


class LinkList(fields.Field[Any]):
    """The links the URL keys do not carry as they are (a PDF that is not open access, a link of
    kind other, a second one), as ``{"url": …, "kind": …}`` objects."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("allow_none", True)
        super().__init__(**kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if is_null(value):
            return None
        if not isinstance(value, list) or not all(
            isinstance(i, dict) and isinstance(i.get("url"), str) and isinstance(i.get("kind"), str)
            for i in value
        ):
            raise ValidationError('expected a list of {"url": …, "kind": …} objects')
        return tuple(Link(i["url"], i["kind"]) for i in value) or None

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        return [{"url": i.url, "kind": i.kind} for i in value] if value else None


_NAME_PARTS = ("family", "given", "literal", "style", "lang", "variant")


class NameForms(fields.Field[Any]):
    """Each author's names, part by part, when the by-line would not give them back (a
    corporate name, a Japanese name's parts, a tag): a list, one per author, of lists of
    ``{"family": …, "given": …, "style": …, "lang": …}`` objects (parts that are empty left
    out)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("allow_none", True)
        super().__init__(**kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if is_null(value):
            return None
        if not isinstance(value, list) or not all(
            isinstance(p, list) and p and all(isinstance(n, dict) for n in p) for p in value
        ):
            raise ValidationError("expected a list of lists of name objects")
        people = []
        for person in value:
            forms = []
            for item in person:
                if set(item) - set(_NAME_PARTS) or not all(
                    isinstance(v, str) for v in item.values()
                ):
                    raise ValidationError(f"{shown(item)} is no name: {', '.join(_NAME_PARTS)}")
                try:
                    forms.append(Name(**item))
                except InvalidRecord as exc:
                    raise _fail(exc) from None
            people.append(tuple(forms))
        return tuple(people) or None

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        if not value:
            return None
        default = Name(given="x")
        return [
            [
                {
                    part: getattr(name, part)
                    for part in _NAME_PARTS
                    if getattr(name, part) is not None
                    and (
                        part in ("family", "given", "literal")
                        or getattr(name, part) != getattr(default, part)
                    )
                }
                for name in person
            ]
            for person in value
        ]


def _text_out(text: Text) -> dict[str, Any]:
    item: dict[str, Any] = {"value": text.value, "lang": text.lang}
    if text.variant != "original":
        item["variant"] = text.variant
    if text.marks:
        item["marks"] = [[m.start, m.end, m.kind] for m in text.marks]
    return item


def _text_in(item: Any) -> Text:
    if not isinstance(item, dict) or not isinstance(item.get("value"), str):
        raise ValidationError('expected {"value": …, "lang": …} objects')
    marks = item.get("marks") or []
    if not isinstance(marks, list) or not all(
        isinstance(m, list) and len(m) == 3 and isinstance(m[0], int) and isinstance(m[1], int)
        for m in marks
    ):
        raise ValidationError("marks are [start, end, kind] lists")
    try:
        return Text(
            item["value"],
            str(item.get("lang") or UND),
            str(item.get("variant") or "original"),
            tuple(Mark(m[0], m[1], str(m[2])) for m in marks),
        )
    except InvalidRecord as exc:
        raise _fail(exc) from None


class TextList(fields.Field[Any]):
    """Texts with their tags, variants and marks (the keywords, when the keywords section would
    not give them back): ``{"value": …, "lang": …, "variant": …, "marks": [[0, 3, "italic"]]}``."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("allow_none", True)
        super().__init__(**kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if is_null(value):
            return None
        if not isinstance(value, list):
            raise ValidationError("expected a list of texts")
        return tuple(_text_in(i) for i in value) or None

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        return [_text_out(t) for t in value] if value else None


def _term_in(item: Any) -> Term:
    if not isinstance(item, dict) or not isinstance(item.get("vocabulary"), str):
        raise ValidationError('a term is {"vocabulary": …, "code": …, "labels": […]}')
    code = item.get("code")
    labels = item.get("labels") or []
    if not isinstance(code, (str, type(None))) or not isinstance(labels, list):
        raise ValidationError("a term's code is text, its labels a list")
    try:
        return Term(item["vocabulary"], code, tuple(_text_in(t) for t in labels))
    except InvalidRecord as exc:
        raise _fail(exc) from None


class TermList(fields.Field[Any]):
    """Subjects of vocabularies the dump's keys do not hold (a CLC class, a JATS heading):
    ``{"vocabulary": "clc", "code": "F320", "labels": [{"value": …, "lang": …}]}``."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("allow_none", True)
        super().__init__(**kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if is_null(value):
            return None
        if not isinstance(value, list) or not all(
            isinstance(i, dict) and isinstance(i.get("vocabulary"), str) for i in value
        ):
            raise ValidationError('expected a list of {"vocabulary": …} objects')
        return tuple(_term_in(i) for i in value) or None

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        if not value:
            return None
        return [_term_out(t) for t in value]


def _term_out(term: Term) -> dict[str, Any]:
    return (
        {"vocabulary": term.vocabulary}
        | ({"code": term.code} if term.code is not None else {})
        | ({"labels": [_text_out(x) for x in term.labels]} if term.labels else {})
    )


class MetricList(fields.Field[Any]):
    """The metrics, when the dump's keys would not give them back (a citation count's year, a
    second count): ``{"name": …, "value": …, "year": …, "source": …, "category": {…}}``."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("allow_none", True)
        super().__init__(**kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if is_null(value):
            return None
        if not isinstance(value, list) or not all(
            isinstance(i, dict)
            and isinstance(i.get("name"), str)
            and isinstance(i.get("value"), str)
            for i in value
        ):
            raise ValidationError('expected a list of {"name": …, "value": …} objects')
        out = []
        for i in value:
            year, source, category = i.get("year"), i.get("source"), i.get("category")
            if not isinstance(year, (int, type(None))) or not isinstance(source, (str, type(None))):
                raise ValidationError("a metric's year is a number, its source text")
            try:
                term = _term_in(category) if category else None
                out.append(Metric(i["name"], i["value"], term, year, source))
            except InvalidRecord as exc:
                raise _fail(exc) from None
        return tuple(out) or None

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        if not value:
            return None
        return [
            {"name": m.name, "value": m.value}
            | ({"year": m.year} if m.year is not None else {})
            | ({"source": m.source} if m.source is not None else {})
            | ({"category": _term_out(m.category)} if m.category is not None else {})
            for m in value
        ]


class ProseList(fields.Field[Any]):
    """The abstracts, when ``abstract`` and ``AbstractTextCN`` would not give them back (a
    third, a teaser, a mark HTML cannot say): ``{"kind": …, "paragraphs": [texts],
    "headings": [{"start": 0, "title": text}]}``."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("allow_none", True)
        super().__init__(**kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if is_null(value):
            return None
        if not isinstance(value, list) or not all(
            isinstance(i, dict)
            and isinstance(i.get("kind"), str)
            and isinstance(i.get("paragraphs"), list)
            and isinstance(i.get("headings", []), list)
            for i in value
        ):
            raise ValidationError('expected a list of {"kind": …, "paragraphs": […]} objects')
        out = []
        for i in value:
            headings = []
            for h in i.get("headings", []):
                if not isinstance(h, dict) or not isinstance(h.get("start"), int):
                    raise ValidationError('a heading is {"start": …, "title": …}')
                headings.append(Heading(h["start"], _text_in(h.get("title"))))
            try:
                paragraphs = tuple(_text_in(p) for p in i["paragraphs"])
                out.append(Prose(paragraphs, i["kind"], tuple(headings)))
            except InvalidRecord as exc:
                raise _fail(exc) from None
        return tuple(out) or None

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        if not value:
            return None
        return [
            {"kind": p.kind, "paragraphs": [_text_out(t) for t in p.paragraphs]}
            | (
                {"headings": [{"start": h.start, "title": _text_out(h.title)} for h in p.headings]}
                if p.headings
                else {}
            )
            for p in value
        ]
