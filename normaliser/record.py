"""The canonical bilingual record: frozen dataclasses every format reads into and writes from.

No I/O and no third-party imports here; the only package import is ``errors``.
"""

from __future__ import annotations

import calendar
import dataclasses
import operator
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from .errors import InvalidRecord, UsageError, shown

UND = "und"
VARIANTS = ("original", "translation", "transliteration")
#: The deepest a text's inline marks may nest (bold in italic in bold …). Real texts nest two or
#: three; a hostile abstract of 100,000 nested ``<b>`` made placing marks quadratic, and a JATS
#: document nesting them past the XML reader's depth cap (256) could not be read back. Every
#: reader refuses deeper markup, so every writer writes at most this depth.
MAX_MARK_DEPTH = 100
#: ``nocase``: the span's case is as written, a style must not change it (BibTeX's protective
#: braces ``{AI}``, biblatex ``\NoCaseChange``, CSL ``<span class="nocase">``).
#: ``subtitle``: the span is a subtitle joined to its title (``with_subtitle``: "Title:
#: Subtitle", "标题——副标题"): every format sees the joined title, and one with a place for a
#: subtitle (JATS ``<subtitle>``, BibTeX ``subtitle``) writes it there (``subtitles``).
MARK_KINDS = ("bold", "italic", "sup", "sub", "nocase", "subtitle")
#: The marks that change how text looks (every format with inline markup carries these).
STYLE_MARKS = MARK_KINDS[:4]
#: The marks inline markup carries: how text looks and its case-protected spans (a subtitle is
#: the title's structure, no markup inside a text).
INLINE_MARKS = MARK_KINDS[:5]
#: What joins a subtitle to its title: an em dash pair in Chinese and Japanese (GB/T 7714's
#: 标题——副标题), a colon elsewhere.
SUBTITLE_SEPARATORS = ("——", ": ")
NAME_STYLES = ("western", "eastern", "given-only")
#: Date kinds (the ``date-kind`` vocabulary of locales/): the JATS 1.3 date types. published,
#: epub, ppub and collection are publication dates; ``event`` is any other event of the
#: article's history, its name in ``Dated.label`` (IOP's ``published-online``, ``oa-requested``).
DATE_KINDS = (
    "published",
    "epub",
    "ppub",
    "collection",
    "received",
    "accepted",
    "revised",
    "rev-request",
    "update",
    "corrected",
    "retracted",
    "preprint",
    "open-access",
    "cover",
    "event",
)
#: Dates of the article's history, as opposed to its publication.
HISTORY_KINDS = frozenset({"received", "accepted", "revised", "rev-request", "event"})
#: The kinds that date the publication itself (a year to cite comes from one of these).
PUBLICATION_KINDS = frozenset({"published", "epub", "ppub", "collection"})
ISSN_SCHEMES = frozenset({"issn-print", "issn-electronic", "issn", "issn-l"})


def _bad(field_name: str, message: str) -> InvalidRecord:
    return InvalidRecord(message, field=field_name)


def _put_in_order(node: object, name: str, items: Iterable[Any], key: Callable[[Any], int]) -> None:
    """Set ``node``'s field ``name`` to ``items`` as a tuple sorted by ``key`` (stable), when
    that is not what it holds (the canonical order of a node's tuple)."""
    ordered = tuple(sorted(items, key=key))
    if ordered != items:
        object.__setattr__(node, name, ordered)


# --- Construction -----------------------------------------------------------------------------
# Every node is a frozen dataclass with slots. A reader builds some 25-50 of them a record, so
# their ``__init__`` is compiled once a class from the class's own field declarations: the
# dataclass's own (kept in ``_DATACLASS_INITS``, the tests compare the two) sets each field by
# ``object.__setattr__``; this one by the field's slot setter, looked up once.

_N = typing.TypeVar("_N")


class _Factory:
    """The default of a parameter whose field has a default factory (as in a dataclass's own
    ``__init__``, which shows it as ``<factory>``)."""

    def __repr__(self) -> str:
        return "<factory>"


_FACTORY = _Factory()
#: Each node class → the ``__init__`` ``dataclass`` generated for it.
_DATACLASS_INITS: dict[type, Callable[..., None]] = {}


def _quick_init(cls: type[_N]) -> type[_N]:
    """Give ``cls``, a frozen dataclass with slots, an ``__init__`` with the dataclass's
    parameters, defaults and default factories that sets each field through its slot and then
    calls ``__post_init__``; pickle and copy it as that call; and make assigning or deleting any
    attribute raise ``FrozenInstanceError`` (a slotted dataclass raises ``TypeError`` for a
    name that is not a field before Python 3.14)."""
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]
    names = tuple(f.name for f in fields)
    env: dict[str, Any] = {"_FACTORY": _FACTORY}
    params, lines = [], []
    for f in fields:
        name = f.name
        if not f.init or f.kw_only or name in ("self", "_FACTORY") or name.startswith("_"):
            raise TypeError(f"{cls.__name__}.{name} is not a plain field")
        env[f"_set_{name}"] = cls.__dict__[name].__set__
        value = name
        if f.default is not dataclasses.MISSING:
            env[f"_default_{name}"] = f.default
            params.append(f"{name}=_default_{name}")
        elif f.default_factory is not dataclasses.MISSING:
            env[f"_factory_{name}"] = f.default_factory
            params.append(f"{name}=_FACTORY")
            value = f"_factory_{name}() if {name} is _FACTORY else {name}"
        else:
            params.append(name)
        lines.append(f"    _set_{name}(self, {value})")
    if hasattr(cls, "__post_init__"):
        lines.append("    self.__post_init__()")
    exec(f"def __init__(self, {', '.join(params)}):\n" + "\n".join(lines), env)
    init = env["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    init.__annotations__ = dict(cls.__init__.__annotations__)  # the same signature
    _DATACLASS_INITS[cls] = cls.__init__
    cls.__init__ = init  # type: ignore[method-assign]
    values = _values_getter(names)

    def __reduce__(self: object) -> tuple[type, tuple[Any, ...]]:
        # Pickled and copied as the call that builds it (a slotted dataclass's own state
        # functions walk ``fields()`` in Python for every node: twice as slow).
        return cls, values(self)

    cls.__reduce__ = __reduce__  # type: ignore[method-assign]

    def __setstate__(self: object, state: Any) -> None:
        # Only a pickle made before nodes had slots comes here: its state is the dict of the
        # fields (``dataclasses``' own function for slotted classes would zip the field names
        # with the dict's keys, giving every field its own name as value).
        pairs = state.items() if isinstance(state, dict) else zip(names, state, strict=True)
        for name, value in pairs:
            object.__setattr__(self, name, value)

    cls.__setstate__ = __setstate__  # type: ignore[attr-defined]
    cls.__setattr__ = _frozen_setattr  # type: ignore[method-assign]
    cls.__delattr__ = _frozen_delattr  # type: ignore[method-assign]
    return cls


def _values_getter(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """A function giving the values of the attributes ``names`` of an object, as a tuple (for
    two names or more, one ``operator.attrgetter``: a C call)."""
    if len(names) > 1:
        return operator.attrgetter(*names)

    def getter(obj: Any) -> tuple[Any, ...]:  # attrgetter of one name gives its value alone
        return tuple(getattr(obj, name) for name in names)

    return getter


def _frozen_setattr(self: object, name: str, value: Any) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")


def _frozen_delattr(self: object, name: str) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")


@_quick_init
@dataclass(frozen=True, order=True, slots=True)
class Mark:
    """Inline markup over ``Text.value[start:end]``: bold, italic, superscript, subscript, or a
    case-protected span (``nocase``)."""

    start: int
    end: int
    kind: str

    def __post_init__(self) -> None:
        if self.kind not in MARK_KINDS:
            raise _bad("marks", f"unknown inline mark {shown(self.kind)}")
        if not 0 <= self.start < self.end:
            raise _bad("marks", f"empty or negative mark span {self.start}..{self.end}")


def _trimmed(value: str, marks: tuple[Mark, ...]) -> list[Mark]:
    """Marks never begin or end on white space (a bold space says nothing), so equal texts
    have equal marks whichever format carried them."""
    out = []
    for mark in marks:
        start, end = mark.start, mark.end
        if end > len(value):
            out.append(mark)  # reported below as ending past the text
            continue
        while start < end and value[start].isspace():
            start += 1
        while end > start and value[end - 1].isspace():
            end -= 1
        if end > start:
            out.append(
                mark if (start, end) == (mark.start, mark.end) else Mark(start, end, mark.kind)
            )
    return out


def _mark_order(mark: Mark) -> tuple[int, int, int]:
    # A subtitle holds the marks of its own span: first of marks over the same span.
    kind = -1 if mark.kind == "subtitle" else MARK_KINDS.index(mark.kind)
    return (mark.start, -mark.end, kind)


#: A mark kind's place among marks over the same span (``_mark_order``: a subtitle's is first).
_KIND_RANK = {kind: _mark_order(Mark(0, 1, kind))[2] for kind in MARK_KINDS}


def _in_canonical_order(value: str, marks: tuple[Mark, ...]) -> bool:
    """Whether ``marks`` are a tuple of marks as ``Text`` leaves them — within ``value``, not
    beginning or ending on white space (``_trimmed`` keeps each), in ``_mark_order`` — and hold
    no subtitle: then sorting the trimmed marks gives them back, and only their nesting is left
    to check."""
    if type(marks) is not tuple:
        return False
    length = len(value)
    last = (-1, 0, 0)
    for mark in marks:
        if type(mark) is not Mark:
            return False
        start, end, kind = mark.start, mark.end, mark.kind
        if end > length or kind == "subtitle" or value[start].isspace() or value[end - 1].isspace():
            return False
        key = (start, -end, _KIND_RANK[kind])
        if key < last:
            return False
        last = key
    return True


def _check_subtitles(value: str, marks: tuple[Mark, ...]) -> None:
    """A subtitle mark follows its title (or the subtitle before it) and a separator, and runs
    to the next subtitle's separator or to the end: the text is "Title: Sub1: Sub2"."""
    subs = [m for m in marks if m.kind == "subtitle"]
    for i, mark in enumerate(subs):
        sep = next((s for s in SUBTITLE_SEPARATORS if value[: mark.start].endswith(s)), None)
        if sep is None or not value[: mark.start - len(sep)].strip():
            raise _bad(
                "marks",
                f"subtitle {mark.start}..{mark.end} follows no title and separator "
                f"({' or '.join(repr(s) for s in SUBTITLE_SEPARATORS)})",
            )
        after = subs[i + 1].start if i + 1 < len(subs) else len(value)
        if not (
            mark.end == after
            or (i + 1 < len(subs) and value[mark.end : after] in SUBTITLE_SEPARATORS)
        ):
            raise _bad(
                "marks", f"subtitle {mark.start}..{mark.end} does not run to the next or the end"
            )


@_quick_init
@dataclass(frozen=True, slots=True)
class Text:
    """A human-language string with its BCP 47 tag, its variant and its inline marks.

    ``value`` is plain text (what to search and compare); ``marks`` say which spans are
    bold/italic/sup/sub. Marks nest properly and are kept in a canonical order, so two equal
    texts always compare equal.
    """

    value: str
    lang: str = UND
    variant: str = "original"
    marks: tuple[Mark, ...] = ()

    def __post_init__(self) -> None:
        value = self.value
        if not isinstance(value, str) or not value or value.isspace():  # empty once stripped
            raise _bad("value", "a text must not be empty")
        if self.variant not in VARIANTS:
            raise _bad("variant", f"unknown language variant {shown(self.variant)}")
        if not self.lang:
            raise _bad("lang", "a language tag must not be empty (use 'und')")
        marks = self.marks
        if marks:
            if _in_canonical_order(value, marks):  # as readers place them: nothing to reorder
                ordered = marks
            else:
                ordered = tuple(sorted(_trimmed(value, marks), key=_mark_order))
            open_ends: list[int] = []
            for mark in ordered:
                if mark.end > len(self.value):
                    raise _bad("marks", f"mark {mark.kind} ends past the text ({mark.end})")
                while open_ends and open_ends[-1] <= mark.start:
                    open_ends.pop()
                if open_ends and mark.end > open_ends[-1]:
                    raise _bad("marks", f"mark {mark.kind} {mark.start}..{mark.end} overlaps")
                if mark.kind == "subtitle" and open_ends:
                    raise _bad("marks", f"subtitle {mark.start}..{mark.end} is inside a mark")
                open_ends.append(mark.end)
                if len(open_ends) > MAX_MARK_DEPTH:
                    raise _bad("marks", f"inline marks nested deeper than {MAX_MARK_DEPTH} levels")
            if ordered is not marks:
                if any(m.kind == "subtitle" for m in ordered):
                    _check_subtitles(self.value, ordered)
                object.__setattr__(self, "marks", ordered)

    @property
    def script_lang(self) -> str:
        """The primary language subtag (``zh`` for ``zh-Hant``)."""
        return self.lang.split("-", 1)[0].lower()

    def __str__(self) -> str:
        return self.value


def subtitle_separator(lang: str) -> str:
    """What joins a subtitle to a title in ``lang``: ``——`` in Chinese and Japanese, else ``: ``."""
    return SUBTITLE_SEPARATORS[0] if lang.lower().startswith(("zh", "ja")) else ": "


def with_subtitle(title: Text, subtitle: Text) -> Text:
    """``title`` followed by ``subtitle`` ("Title: Subtitle"; "标题——副标题"), the subtitle's
    span marked ``subtitle`` and its own marks kept: the title every format sees, which a format
    with a place for subtitles splits again (``subtitles``)."""
    sep = subtitle_separator(title.lang)
    offset = len(title.value) + len(sep)
    marks = (
        *title.marks,
        Mark(offset, offset + len(subtitle.value), "subtitle"),
        *(Mark(m.start + offset, m.end + offset, m.kind) for m in subtitle.marks),
    )
    return Text(title.value + sep + subtitle.value, title.lang, title.variant, marks)


def subtitles(text: Text) -> tuple[Text, tuple[Text, ...]]:
    """``text`` as its title and its subtitles (the inverse of ``with_subtitle``), each with its
    own marks; a text with no subtitle mark is its own title."""
    starts = [m.start for m in text.marks if m.kind == "subtitle"]
    if not starts:
        return text, ()
    bounds = []
    for start in starts:
        sep = next(s for s in SUBTITLE_SEPARATORS if text.value[:start].endswith(s))
        bounds.append((start - len(sep), start))
    pieces = [(0, bounds[0][0])] + [
        (start, bounds[i + 1][0] if i + 1 < len(bounds) else len(text.value))
        for i, (_, start) in enumerate(bounds)
    ]

    def piece(begin: int, end: int) -> Text:
        marks = tuple(
            Mark(m.start - begin, m.end - begin, m.kind)
            for m in text.marks
            if m.kind != "subtitle" and begin <= m.start and m.end <= end
        )
        return Text(text.value[begin:end], text.lang, text.variant, marks)

    head, *rest = (piece(b, e) for b, e in pieces)
    return head, tuple(rest)


def without_subtitles(text: Text) -> Text:
    """``text`` with its subtitle marks dropped (the joined title, for a format with no place
    for a subtitle)."""
    if not any(m.kind == "subtitle" for m in text.marks):
        return text
    return Text(
        text.value, text.lang, text.variant, tuple(m for m in text.marks if m.kind != "subtitle")
    )


@_quick_init
@dataclass(frozen=True, slots=True)
class Heading:
    """The title of an abstract's section (Objective, Methods, 【目的】): it heads the paragraphs
    from ``start`` to the next heading. The title is kept as the source wrote it."""

    start: int
    title: Text

    def __post_init__(self) -> None:
        if type(self.start) is not int or self.start < 0:
            raise _bad("headings", f"a heading starts at a paragraph, not at {self.start!r}")


@_quick_init
@dataclass(frozen=True, slots=True)
class Prose:
    """Paragraphs of one text in one language: an abstract or a journal description.

    A structured abstract is made of sections: ``headings`` give each section's title and the
    paragraph it starts at (paragraphs before the first heading are an untitled section).
    """

    paragraphs: tuple[Text, ...]
    kind: str = "abstract"
    headings: tuple[Heading, ...] = ()

    def __post_init__(self) -> None:
        if not self.paragraphs:
            raise _bad("paragraphs", "prose needs at least one paragraph")
        first = self.paragraphs[0]
        for para in self.paragraphs[1:]:
            if (para.lang, para.variant) != (first.lang, first.variant):
                raise _bad("paragraphs", "all paragraphs of one text share language and variant")
        last = -1
        for heading in self.headings:
            if not last < heading.start < len(self.paragraphs):
                raise _bad("headings", "each heading starts a section of its own paragraphs")
            if heading.title.variant != first.variant:
                raise _bad("headings", "a heading shares its text's variant")
            last = heading.start

    @property
    def lang(self) -> str:
        return self.paragraphs[0].lang

    @property
    def variant(self) -> str:
        return self.paragraphs[0].variant

    @property
    def text(self) -> str:
        return "\n\n".join(p.value for p in self.paragraphs)

    @property
    def sections(self) -> tuple[tuple[Text | None, tuple[Text, ...]], ...]:
        """The text as sections: (title or None, paragraphs); one untitled section when the
        text has no headings."""
        starts = [h.start for h in self.headings]
        out: list[tuple[Text | None, tuple[Text, ...]]] = []
        if not starts or starts[0] > 0:
            out.append((None, self.paragraphs[: starts[0] if starts else None]))
        for i, heading in enumerate(self.headings):
            end = starts[i + 1] if i + 1 < len(starts) else None
            out.append((heading.title, self.paragraphs[heading.start : end]))
        return tuple(out)

    def with_paragraphs(self, paragraphs: tuple[Text, ...]) -> Prose:
        """The same text with its paragraphs (and headings, in the paragraphs' language and
        variant) replaced one for one: a converted or re-tagged copy."""
        if len(paragraphs) != len(self.paragraphs):
            raise _bad("paragraphs", "a converted text keeps its number of paragraphs")
        first = paragraphs[0]
        headings = tuple(
            Heading(h.start, dataclasses.replace(h.title, lang=first.lang, variant=first.variant))
            for h in self.headings
        )
        return Prose(paragraphs, self.kind, headings)


@_quick_init
@dataclass(frozen=True, slots=True)
class Name:
    """One written form of a person's name.

    ``style`` follows JATS ``@name-style``: western (display given-first), eastern (family-first,
    e.g. 曾明堂), given-only. ``literal`` holds a name that must not be split (约翰·史密斯).
    """

    family: str | None = None
    given: str | None = None
    style: str = "western"
    lang: str = UND
    variant: str = "original"
    literal: str | None = None

    def __post_init__(self) -> None:
        if not (self.family or self.given or self.literal):
            raise _bad("name", "a name needs a family name, a given name or a literal")
        if self.style not in NAME_STYLES:
            raise _bad("name-style", f"unknown name style {shown(self.style)}")
        if self.variant not in VARIANTS:
            raise _bad("variant", f"unknown language variant {shown(self.variant)}")
        if not self.lang:
            raise _bad("lang", "a language tag must not be empty (use 'und')")

    @property
    def display(self) -> str:
        """The name as it is written in running text."""
        if self.literal:
            return self.literal
        if self.style == "eastern":
            sep = "" if self.lang.startswith("zh") else " "
            return sep.join(p for p in (self.family, self.given) if p)
        return " ".join(p for p in (self.given, self.family) if p)


@_quick_init
@dataclass(frozen=True, slots=True)
class Contributor:
    """A person in order of the by-line; several names are several forms of the same person."""

    names: tuple[Name, ...]
    role: str = "author"
    orcid: str | None = None
    affiliations: tuple[Text, ...] = ()
    corresponding: bool = False

    def __post_init__(self) -> None:
        if not self.names:
            raise _bad("names", "a contributor needs at least one name")


@_quick_init
@dataclass(frozen=True, slots=True)
class Identifier:
    """A typed identifier; ``derived_from`` names the source field it was derived from, if any."""

    scheme: str
    value: str
    derived_from: str | None = None

    def __post_init__(self) -> None:
        if not self.scheme or not self.value:
            raise _bad("identifier", "an identifier needs a scheme and a value")


@_quick_init
@dataclass(frozen=True, slots=True)
class Link:
    """A URL with what it points at: landing (the article's page), doi (a DOI link the source
    gave beside another DOI), pdf, oa-pdf (an open-access PDF), other."""

    url: str
    kind: str = "landing"


@_quick_init
@dataclass(frozen=True, order=True, slots=True)
class PartialDate:
    """A date known to the year, the month or the day."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.year <= 9999:
            raise _bad("date", f"year {self.year} is out of range")
        if self.month is None:
            if self.day is not None:
                raise _bad("date", "a day needs a month")
            return
        if not 1 <= self.month <= 12:
            raise _bad("date", f"month {self.month} does not exist")
        if self.day is not None:
            last = _days_in(self.year, self.month)
            if not 1 <= self.day <= last:
                raise _bad("date", f"{self.year}-{self.month:02d} has no day {self.day}")

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def iso(self) -> str:
        """W3CDTF / ISO 8601 at the date's own precision: 2025, 2025-05 or 2025-05-12."""
        out = f"{self.year:04d}"
        if self.month:
            out += f"-{self.month:02d}"
            if self.day:
                out += f"-{self.day:02d}"
        return out

    def __str__(self) -> str:
        return self.iso()


@_quick_init
@dataclass(frozen=True, slots=True)
class Dated:
    """A date with its kind (``DATE_KINDS``: published, epub, ppub, collection, received,
    accepted, revised, update, corrected…).

    ``label`` is the source's own name for the date's type when it is not the kind's
    (JATS ``date-type="publication"`` for published, ``rev-recd`` for revised, a history event
    ``published-online``; ``pub-type:epub`` for JATS's legacy attribute); ``history`` says where
    the source put it when that is not where its kind goes (a history date or a publication
    date). Both are None for a date said the usual way, so that the formats agree. ``season``
    is what the source gave for a date known to the year beyond it: a season or a range of
    months, as written (``Spring``, ``May-Aug``: an issue's cover date). ``end`` is the last
    date of a range (``1943-1944``, ``2018/2019``: ``date`` is its first).
    """

    kind: str
    date: PartialDate
    label: str | None = None
    history: bool | None = None
    season: str | None = None
    end: PartialDate | None = None

    def __post_init__(self) -> None:
        if self.kind not in DATE_KINDS:
            raise _bad("date", f"unknown date kind {shown(self.kind)}")
        if self.season is not None:
            if not self.season.strip() or self.season != self.season.strip():
                raise _bad("season", f"a season must be written, not {shown(self.season)}")
            if self.date.month is not None:
                raise _bad("season", "a season stands for the month: the date has none")
        if self.label is not None and (not self.label or self.label != self.label.strip()):
            raise _bad("date", f"a date type's name must be a word, not {shown(self.label)}")
        if self.end is not None and not _runs_forward(self.date, self.end):
            raise _bad(
                "end", f"a range ends after it starts, not {self.date.iso()}/{self.end.iso()}"
            )
        if self.history is not None and self.history == (self.kind in HISTORY_KINDS):
            object.__setattr__(self, "history", None)  # where its kind goes anyway

    @property
    def in_history(self) -> bool:
        """Whether the date belongs to the article's history (JATS ``history``), not to its
        publication (``pub-date``)."""
        return self.kind in HISTORY_KINDS if self.history is None else self.history


def _journal_id_order(identifier: Identifier) -> int:
    return (identifier.scheme in ISSN_SCHEMES) + (identifier.scheme == "issn-l")


#: The days of each month (1-12) of a common year.
_MONTH_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _days_in(year: int, month: int) -> int:
    """``calendar.monthrange(year, month)[1]`` (month 1-12), without the weekday it computes
    too."""
    if type(year) is int and type(month) is int:
        return 29 if month == 2 and calendar.isleap(year) else _MONTH_DAYS[month]
    return calendar.monthrange(year, month)[1]


def _runs_forward(start: PartialDate, end: PartialDate) -> bool:
    """Whether ``end`` is a later date than ``start`` (2018 to 2019, 2018-05 to 2018-06;
    a range from a year to a day within it does not run)."""
    first = (start.year, start.month or 12, start.day or 31)
    last = (end.year, end.month or 1, end.day or 1)
    return last > first


@_quick_init
@dataclass(frozen=True, slots=True)
class Term:
    """An entry of a controlled vocabulary: a code, or (for a label no vocabulary knows) labels.

    ``vocabulary`` names the scheme (cas-category, publication-type, wos-category,
    field-of-study). Known codes carry no labels: the labels in every language come from the
    catalogues in locales/. An unknown label is kept verbatim in ``labels`` with code None.
    """

    vocabulary: str
    code: str | None = None
    labels: tuple[Text, ...] = ()

    def __post_init__(self) -> None:
        if not self.code and not self.labels:
            raise _bad(self.vocabulary, "a term needs a code or a label")


@_quick_init
@dataclass(frozen=True, slots=True)
class Metric:
    """A journal or article metric, its value kept as written (decimal string, never a float).

    name: impact-factor, jcr-quartile, cas-zone, citation-count; ``category`` the subject the
    value is ranked in (JCR category, CAS major category); ``year`` the edition; ``source`` who
    counted (a citation count's platform).
    """

    name: str
    value: str
    category: Term | None = None
    year: int | None = None
    source: str | None = None


@_quick_init
@dataclass(frozen=True, slots=True)
class Journal:
    """The container: titles in each language, abbreviations, ISSNs and other ids, publisher."""

    titles: tuple[Text, ...] = ()
    abbreviations: tuple[Text, ...] = ()
    identifiers: tuple[Identifier, ...] = ()
    publishers: tuple[Text, ...] = ()
    descriptions: tuple[Prose, ...] = ()

    def __post_init__(self) -> None:
        # Canonical order: journal ids, ISSNs, the linking ISSN (as journal-meta writes them).
        identifiers = self.identifiers
        if type(identifiers) is not tuple or len(identifiers) > 1:
            _put_in_order(self, "identifiers", identifiers, _journal_id_order)

    def identifier(self, scheme: str) -> str | None:
        return next((i.value for i in self.identifiers if i.scheme == scheme), None)


@_quick_init
@dataclass(frozen=True, slots=True)
class Conference:
    """The meeting a conference paper was given at: its names (one per language), places, date
    (its first day) and ``end`` (its last day, for a meeting of several days)."""

    names: tuple[Text, ...] = ()
    places: tuple[Text, ...] = ()
    date: PartialDate | None = None
    end: PartialDate | None = None

    def __post_init__(self) -> None:
        if self.end is not None and (self.date is None or self.end.iso() <= self.date.iso()):
            raise _bad("end", "a meeting ends after its first day")


@_quick_init
@dataclass(frozen=True, slots=True)
class Degree:
    """What a thesis was written for: the degree (vocabulary ``degree``: doctoral, masters,
    bachelors) and the institutions that grant it."""

    level: Term | None = None
    grantors: tuple[Text, ...] = ()


@_quick_init
@dataclass(frozen=True, slots=True)
class Publisher:
    """The publisher of a book, thesis, standard or report (a journal's publisher is in
    ``Journal.publishers``)."""

    names: tuple[Text, ...] = ()
    places: tuple[Text, ...] = ()


@_quick_init
@dataclass(frozen=True, slots=True)
class Note:
    """Something the reader repaired, derived or could not reconcile, for the batch report."""

    kind: str
    field: str
    message: str


@_quick_init
@dataclass(frozen=True, slots=True)
class Provenance:
    """Where the record came from: the format it was read from, the platform, its id there,
    and the date of the data as the source states it (ISO 8601: an API's ``indexed`` or
    ``updated_date``), when it does. ``format`` is empty only in a record restricted to the
    ``KEEPS`` of a format that does not keep it (a record read from RIS was read from RIS,
    whatever format it was written from before)."""

    format: str = ""
    platform: str | None = None
    record_id: str | None = None
    date: str | None = None


@_quick_init
@dataclass(frozen=True, slots=True)
class SourceRecord:
    """One record a merged record was made from (``normaliser merge``): ``key`` names it
    whatever the order of the inputs (a digest of its canonical JSON), ``provenance`` is its
    own, ``input`` and ``position`` where it was read (None when it was given in memory)."""

    key: str
    provenance: Provenance | None = None
    input: str | None = None
    position: int | None = None

    def __post_init__(self) -> None:
        if not self.key:
            raise _bad("sources", "a merged record's source needs a key")


@_quick_init
@dataclass(frozen=True, slots=True)
class Origin:
    """Where one value of a merged record came from: the record ``field`` (``titles``,
    ``volume``, ``identifiers``…), the value as written, and the ``sources`` (their
    ``SourceRecord.key``) that gave it."""

    field: str
    value: str
    sources: tuple[str, ...]

    def __post_init__(self) -> None:
        if not self.field or not self.sources:
            raise _bad("origins", "a value's origin names its field and its sources")


@_quick_init
@dataclass(frozen=True, slots=True)
class Record:
    """One bibliographic record, bilingual by construction.

    Every human-language string is a ``Text``; fields with several languages are tuples. The
    main title is the first ``original`` title. ``extras`` holds source fields with no canonical
    home, verbatim (JSON values), so that nothing read is lost.
    """

    titles: tuple[Text, ...] = ()
    contributors: tuple[Contributor, ...] = ()
    affiliations: tuple[Text, ...] = ()
    abstracts: tuple[Prose, ...] = ()
    keywords: tuple[Text, ...] = ()
    journal: Journal | None = None
    volume: str | None = None
    issue: str | None = None
    fpage: str | None = None
    lpage: str | None = None
    page_range: str | None = None
    elocation_id: str | None = None
    dates: tuple[Dated, ...] = ()
    pub_model: str | None = None
    identifiers: tuple[Identifier, ...] = ()
    links: tuple[Link, ...] = ()
    open_access: bool | None = None
    license: str | None = None
    publication_types: tuple[Term, ...] = ()
    subjects: tuple[Term, ...] = ()
    metrics: tuple[Metric, ...] = ()
    conference: Conference | None = None
    degree: Degree | None = None
    publisher: Publisher | None = None
    #: A book's edition as written (``2``, ``修订本``, ``Rev. ed.``), its series titles (one per
    #: language), its number of pages as written (``186``, ``xii+186``).
    edition: str | None = None
    series: tuple[Text, ...] = ()
    page_count: str | None = None
    language: str | None = None
    provenance: Provenance | None = None
    extras: Mapping[str, Any] = field(default_factory=dict)
    notes: tuple[Note, ...] = ()
    #: A merged record's sources, and where each of its values came from (``merge``).
    sources: tuple[SourceRecord, ...] = ()
    origins: tuple[Origin, ...] = ()

    def __post_init__(self) -> None:
        if self.language == UND:  # "undetermined" is no language: one spelling of it
            object.__setattr__(self, "language", None)
        # Canonical order, so that equal records compare equal whichever format they crossed:
        # originals before translations (titles, abstracts), publication dates before history.
        # A tuple of one item or none is in order (most records' abstracts and dates).
        titles, abstracts, dates = self.titles, self.abstracts, self.dates
        if type(titles) is not tuple or len(titles) > 1:
            _put_in_order(self, "titles", titles, _variant_order)
        if type(abstracts) is not tuple or len(abstracts) > 1:
            _put_in_order(self, "abstracts", abstracts, _variant_order)
        if type(dates) is not tuple or len(dates) > 1:
            _put_in_order(self, "dates", dates, _date_order)

    def identifier(self, scheme: str) -> str | None:
        """The first identifier of ``scheme`` (doi, pmid, pmcid…), or None."""
        return next((i.value for i in self.identifiers if i.scheme == scheme), None)

    def date(self, kind: str) -> PartialDate | None:
        return next((d.date for d in self.dates if d.kind == kind), None)

    def metric(self, name: str) -> Metric | None:
        return next((m for m in self.metrics if m.name == name), None)

    @property
    def title(self) -> Text | None:
        """The main title: the first original-language title, else the first title."""
        return next((t for t in self.titles if t.variant == "original"), None) or (
            self.titles[0] if self.titles else None
        )

    def restricted_to(self, keeps: Iterable[str]) -> Record:
        """A copy holding only the fields named in ``keeps`` (dotted for nested fields).

        ``"journal"`` keeps the whole journal, ``"journal.titles"`` only its titles; a path into
        a tuple of dataclasses applies to each element (``"contributors.names"``).
        """
        keeps = list(keeps)
        check_paths(keeps)
        restricted: Record = _restrict(self, _paths(keeps))
        return restricted


#: Each record dataclass → its fields → the dataclass a field holds (alone, in a tuple or
#: optional), or None for a leaf.
_NESTED: dict[type, dict[str, type | None]] = {}


def _nested(cls: type) -> dict[str, type | None]:
    found = _NESTED.get(cls)
    if found is None:
        hints = typing.get_type_hints(cls)
        found = {}
        for f in dataclasses.fields(cls):
            kinds = [hints[f.name]]
            inner: type | None = None
            while kinds:
                kind = kinds.pop()
                if isinstance(kind, type) and dataclasses.is_dataclass(kind):
                    inner = kind
                    break
                kinds.extend(typing.get_args(kind))
            found[f.name] = inner
        _NESTED[cls] = found
    return found


NOTHING_TO_CATALOGUE = "nothing to catalogue: no title, identifier or contributor"


def is_empty(record: Record) -> bool:
    """True when ``record`` has no title, no identifier and no contributor in any language:
    nothing a catalogue could file it under (such a record is never written)."""
    if record.contributors or record.identifiers:
        return False
    return not any(t.value.strip() for t in record.titles)


def catalogue(record: Record) -> Record:
    """``record`` itself; raises ``InvalidRecord`` when it is empty (``is_empty``). Readers call
    it inside their own reject handling, so that such a reject keeps the record's original
    bytes; ``formats.catalogued`` is the gate behind them for every reader."""
    if is_empty(record):
        raise InvalidRecord(NOTHING_TO_CATALOGUE)
    return record


def check_paths(paths: Iterable[str], root: type = Record) -> None:
    """Raise ``UsageError`` for a path (``"titles"``, ``"contributors.names"``) that names no
    field of ``root``'s dataclasses: a misspelt ``KEEPS`` would keep less without a word."""
    for path in paths:
        cls: type | None = root
        for part in path.split("."):
            fields = _nested(cls) if cls is not None else {}
            if part not in fields:
                where = f"{cls.__name__} has no field {part!r}" if cls else f"{part!r} is a leaf"
                raise UsageError(f"{path!r} names no record field ({where})")
            cls = fields[part]


def _variant_order(item: Text | Prose) -> bool:
    return item.variant != "original"


def _date_order(item: Dated) -> bool:
    return item.in_history


def _paths(keeps: Iterable[str]) -> dict[str, Any]:
    tree: dict[str, Any] = {}
    for path in keeps:
        node = tree
        parts = path.split(".")
        for i, part in enumerate(parts):
            if node.get(part) is True:
                break
            if i == len(parts) - 1:
                node[part] = True
            else:
                node = node.setdefault(part, {})
    return tree


def _restrict(obj: Any, tree: dict[str, Any]) -> Any:
    # Not the record walker (``texts``/``rebuild``), on purpose: this walks the tree of KEEPS
    # paths, not the Texts. It sets every field no path names back to its default, whatever
    # the field holds (strings, numbers, dicts, Texts, whole dataclasses), and descends only
    # into the fields a dotted path names. ``rebuild`` visits Texts and Names and never drops a
    # field; teaching it to would need a per-field hook with paths, a second walk inside it.
    changes: dict[str, Any] = {}
    for f in dataclasses.fields(obj):
        keep = tree.get(f.name)
        if keep is True:
            continue
        value = getattr(obj, f.name)
        if keep is None:
            default: Any
            if f.default is not dataclasses.MISSING:
                default = f.default
            elif f.default_factory is not dataclasses.MISSING:
                default = f.default_factory()
            else:
                raise ValueError(f"{type(obj).__name__}.{f.name} has no default to restrict to")
            changes[f.name] = default
        elif isinstance(value, tuple):
            changes[f.name] = tuple(_restrict(v, keep) for v in value)
        elif value is not None:
            changes[f.name] = _restrict(value, keep)
    return dataclasses.replace(obj, **changes) if changes else obj


@_quick_init
@dataclass(frozen=True, slots=True)
class Deletion:
    """A record the source says is deleted (an OAI-PMH header with ``status="deleted"``, what
    an incremental harvest returns for a withdrawn item): no record to write, but an instruction
    for the catalogue that harvested it. Readers yield it beside Records and Rejects; it is
    neither. ``record`` is its position in the input, counted as Records and Rejects are;
    ``notes`` carry what the response said beside it (a resumption token)."""

    identifier: str | None
    datestamp: str | None
    sets: tuple[str, ...]
    record: int
    line: int | None = None
    source: str | None = None
    notes: tuple[Note, ...] = ()


@_quick_init
@dataclass(frozen=True, slots=True)
class Reject:
    """A record that could not be read, kept with its original text and where it was.

    ``raw`` is the text as written (line ends included); ``data`` holds the original bytes when
    the text cannot reproduce them (undecodable bytes, or a source that is not UTF-8).
    """

    error: InvalidRecord
    raw: str
    record: int
    line: int | None = None
    offset: int | None = None
    source: str | None = None
    data: bytes | None = None

    @property
    def messages(self) -> dict[str, Any]:
        return self.error.messages


def may_hold(hint: Any, leaf: Callable[[type], bool], seen: frozenset[type] = frozenset()) -> bool:
    """Whether a value of declared type ``hint`` can hold, at any depth, a dataclass ``leaf``
    accepts: such a class, a dataclass with a field that may hold one, a tuple or union of such
    types, or ``Any``. Mappings (``extras``) are never looked into. A dataclass whose
    annotations do not resolve may hold anything. For walks that skip what cannot matter."""
    if hint is Any:
        return True
    if typing.get_origin(hint) in (tuple, typing.Union, type(int | str)):  # X | Y too
        return any(may_hold(arg, leaf, seen) for arg in typing.get_args(hint) if arg != ...)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint) and hint not in seen:
        if leaf(hint):
            return True
        try:
            hints = typing.get_type_hints(hint).values()
        except (NameError, TypeError):
            return True
        return any(may_hold(h, leaf, seen | {hint}) for h in hints)
    return False


# --- The record walker ------------------------------------------------------------------------

#: Each class ``replaced`` has rebuilt → ``_replace_plan(cls)``.
_REPLACE_PLANS: dict[type, tuple[Callable[[Any], tuple[Any, ...]], dict[str, int]]] = {}


def replaced(obj: _T, /, **changes: Any) -> _T:
    """``dataclasses.replace(obj, **changes)`` for a dataclass whose fields are all given to
    ``__init__``, in order (every one of this module: no ``init=False``, ``InitVar`` or
    keyword-only field), without the checks ``replace`` makes on each call, and passing the
    values by position: two to three times as fast, and rebuilding a record replaces many small
    nodes."""
    cls = type(obj)
    plan = _REPLACE_PLANS.get(cls)
    if plan is None:
        plan = _REPLACE_PLANS[cls] = _replace_plan(cls)
    values, where = plan[0](obj), plan[1]
    if not changes:
        return cls(*values)
    if not changes.keys() <= where.keys():  # raise what __init__ raises
        return cls(**{**dict(zip(where, values, strict=True)), **changes})
    given = list(values)
    for name, value in changes.items():
        given[where[name]] = value
    return cls(*given)


def _replace_plan(cls: type) -> tuple[Callable[[Any], tuple[Any, ...]], dict[str, int]]:
    """How ``replaced`` rebuilds a ``cls``: a getter of the values of its ``__init__``
    fields, in order (one C call), and each field's place among them."""
    fields = dataclasses.fields(cls)
    if any(f.kw_only for f in fields):
        raise TypeError(f"replaced() takes no keyword-only field: {cls.__qualname__}")
    names = tuple(f.name for f in fields if f.init)
    return _values_getter(names), {name: i for i, name in enumerate(names)}


_PLANS: dict[tuple[type, bool], tuple[str, ...]] = {}


def _is_leaf(cls: type) -> bool:
    return cls is Text or cls is Name


def _plan(cls: type, every: bool) -> tuple[str, ...]:
    """The fields of ``cls`` a walk looks into: for a dataclass, those whose declared type may
    hold a Text or Name (every field with ``every``); for any other class, none. Looked up once
    a class."""
    plan = _PLANS.get((cls, every))
    if plan is None:
        if dataclasses.is_dataclass(cls):
            hints = typing.get_type_hints(cls)
            plan = tuple(
                f.name
                for f in dataclasses.fields(cls)
                if every or may_hold(hints.get(f.name, Any), _is_leaf)
            )
        else:
            plan = ()
        _PLANS[(cls, every)] = plan
    return plan


def texts(obj: Any) -> Iterator[tuple[str, Text]]:
    """Every Text in ``obj`` (a Record, any part of one, or a tuple of them) with its dotted path
    (``titles``, ``abstracts.paragraphs``, ``contributors.affiliations``), in field order.
    Texts are leaves: a Text's marks are not looked into."""
    found: list[tuple[str, Text]] = []
    plans = _PLANS

    def walk(node: Any, path: str) -> None:
        cls = type(node)
        if cls is Text:
            found.append((path, node))
        elif cls is tuple:
            for item in node:
                walk(item, path)
        else:
            plan = plans.get((cls, False))
            if plan is None:
                plan = _plan(cls, False)
            for field_name in plan:
                value = getattr(node, field_name)
                if value is not None:
                    walk(value, f"{path}.{field_name}" if path else field_name)

    walk(obj, "")
    return iter(found)


_T = typing.TypeVar("_T")


def rebuild(
    obj: _T,
    visit: Callable[[Text], Text] | None = None,
    *,
    name: Callable[[Name], Name] | None = None,
    unique: bool = False,
) -> _T:
    """``obj`` (a Record, any part of one, or a tuple of them) with every Text replaced by
    ``visit(text)`` and, when given, every Name by ``name(name)``; ``unique`` also drops the
    repeats in every tuple (the first kept). Whatever does not change is the very same object,
    and ``obj`` itself comes back when nothing does."""
    plans = _PLANS
    replace = replaced

    def walk(node: Any) -> Any:
        cls = type(node)
        if cls is Text:
            return node if visit is None else visit(node)
        if cls is Name:
            return node if name is None else name(node)
        if cls is tuple:
            items = []
            changed = False
            for item in node:
                new = walk(item)
                if new is not item:
                    changed = True
                if unique and new in items:
                    changed = True
                    continue
                items.append(new)
            return tuple(items) if changed else node
        plan = plans.get((cls, unique))
        if plan is None:
            plan = _plan(cls, unique)
        changes = None
        for field_name in plan:
            value = getattr(node, field_name)
            if value is None:
                continue
            new = walk(value)
            if new is not value:
                if changes is None:
                    changes = {}
                changes[field_name] = new
        return replace(node, **changes) if changes else node

    return typing.cast(_T, walk(obj))
