"""The record's nodes, whatever builds them (issue #19: cheaper construction): each is frozen
(assigning or deleting any attribute raises ``FrozenInstanceError``), equal and hashable by
value, pickled (``--jobs``, dask) and copied whole, and ``dataclasses.replace``/``fields`` and
``typing.get_type_hints`` work on it."""

from __future__ import annotations

import calendar
import copy
import copyreg
import dataclasses
import inspect
import pickle
import typing
from collections.abc import Iterator
from typing import Any
from unittest import mock

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from normaliser import record as record_module
from normaliser.errors import InvalidRecord
from normaliser.record import (
    Conference,
    Contributor,
    Dated,
    Degree,
    Deletion,
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
)

from .strategies import LANGS, dateds, journal_identifiers, proses, records, titles
from .strategies import texts as text_strategy

#: Every dataclass ``record.py`` defines.
NODE_CLASSES = sorted(
    (
        value
        for value in vars(record_module).values()
        if isinstance(value, type)
        and dataclasses.is_dataclass(value)
        and value.__module__ == record_module.__name__
    ),
    key=lambda cls: cls.__name__,
)

_TITLE = Text("Urban resilience: A review", "en", marks=(Mark(18, 26, "subtitle"),))
_PROSE = Prose(
    (Text("Objective", "en"), Text("To see CO2.", "en", marks=(Mark(9, 10, "sub"),))),
    headings=(Heading(0, Text("OBJECTIVE", "en")),),
)
_SOURCE = SourceRecord("0123456789abcdef", Provenance("ris"), "a.ris", 3)
#: One node of each class, with most of its fields set.
EXAMPLES: list[Any] = [
    _TITLE,
    _PROSE,
    Contributor(
        (Name("曾", "明堂", "eastern", "zh-Hans"), Name("Zeng", "Mingtang", lang="en")),
        orcid="0000-0002-1825-0097",
        affiliations=(Text("Peking University", "en"),),
        corresponding=True,
    ),
    Dated("revised", PartialDate(2018), "rev-recd", True, "Spring", PartialDate(2019, 2, 28)),
    Journal(
        titles=(Text("Nature", "en"),),
        identifiers=(Identifier("issn-l", "0028-0836"), Identifier("publisher-id", "nat")),
        descriptions=(_PROSE,),
    ),
    Metric("impact-factor", "64.8", Term("wos-category", "MULTIDISCIPLINARY SCIENCES"), 2023),
    Term("field-of-study", labels=(Text("城市规划", "zh-Hans"),)),
    Conference((Text("ICML", "en"),), (Text("Vienna", "en"),), PartialDate(2024, 7, 21)),
    Degree(Term("degree", "doctoral"), (Text("清华大学", "zh-Hans"),)),
    Publisher((Text("科学出版社", "zh-Hans"),), (Text("北京", "zh-Hans"),)),
    Link("https://example.org/a.pdf", "pdf"),
    Note("derived", "PMCID", "derived from the PMID"),
    Origin("titles", "Urban resilience", ("0123456789abcdef",)),
    _SOURCE,
    Deletion("oai:x:1", "2024-01-02", ("set",), 4, 10, "a.xml", (Note("token", "x", "y"),)),
    Record(
        titles=(_TITLE, Text("城市韧性", "zh-Hans", "translation")),
        abstracts=(_PROSE,),
        language="und",
        extras={"Raw": [1, "two"]},
        sources=(_SOURCE,),
        origins=(Origin("titles", "Urban resilience", ("0123456789abcdef",)),),
    ),
    Reject(InvalidRecord({"title": ["bad"]}, where="x"), "raw", 1, 2, 30, "a.json", b"raw"),
]


def _nodes(obj: Any) -> Iterator[Any]:
    """Every dataclass instance in ``obj``, ``obj`` first, through every field and tuple."""
    pending = [obj]
    while pending:
        node = pending.pop()
        if isinstance(node, tuple):
            pending.extend(node)
        elif dataclasses.is_dataclass(node) and not isinstance(node, type):
            yield node
            pending.extend(getattr(node, f.name) for f in dataclasses.fields(node))


def _fields(node: Any) -> list[Any]:
    return [getattr(node, f.name) for f in dataclasses.fields(node)]


def _same(a: Any, b: Any) -> None:
    assert type(a) is type(b)
    if type(a) is Reject:  # holds an exception, which compares by identity
        assert _fields(a)[1:] == _fields(b)[1:]
        assert (type(a.error), a.messages, str(a.error)) == (
            type(b.error),
            b.messages,
            str(b.error),
        )
        return
    assert a == b and _fields(a) == _fields(b)
    if type(a) not in (Record, Deletion):  # a Record's extras is a dict
        assert hash(a) == hash(b)


def test_every_node_class_has_an_example() -> None:
    assert {type(node) for example in EXAMPLES for node in _nodes(example)} == set(NODE_CLASSES)


@pytest.mark.parametrize("cls", NODE_CLASSES, ids=lambda cls: cls.__name__)
def test_a_node_class_declares_what_keeps_and_walks_read(cls: type) -> None:
    hints = typing.get_type_hints(cls)
    assert list(hints) == [f.name for f in dataclasses.fields(cls)]


@pytest.mark.parametrize("node", EXAMPLES, ids=lambda node: type(node).__name__)
def test_a_node_is_frozen(node: Any) -> None:
    first = dataclasses.fields(node)[0].name
    for name in (first, "not_a_field"):
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(node, name, None)
        with pytest.raises(dataclasses.FrozenInstanceError):
            delattr(node, name)
    assert getattr(node, first) is not None


@pytest.mark.parametrize("node", EXAMPLES, ids=lambda node: type(node).__name__)
def test_a_node_pickles_copies_and_replaces_whole(node: Any) -> None:
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        _same(pickle.loads(pickle.dumps(node, protocol)), node)
    _same(copy.copy(node), node)
    _same(copy.deepcopy(node), node)
    _same(dataclasses.replace(node), node)


@settings(max_examples=max(10, settings.default.max_examples // 3))
@given(records())
def test_every_node_of_a_record_pickles_and_copies_whole(record: Record) -> None:
    for node in _nodes(record):
        _same(pickle.loads(pickle.dumps(node)), node)
        _same(copy.deepcopy(node), node)


# --- Each class's quick ``__init__`` against the dataclass's own --------------------------------

#: Values that break some node's checks (or its comparisons): drawn in place of a field's value.
_WRONG = ["", " ", "und", "bogus", "original", "eastern", "published", 0, -1, 13, 10_000, None, ()]


def _built(cls: type, quick: bool, args: list[Any], kwargs: dict[str, Any]) -> tuple[Any, ...]:
    """What building ``cls(*args, **kwargs)`` gives: its fields, or the error raised."""
    try:
        if quick:
            node = cls(*args, **kwargs)
        else:
            node = cls.__new__(cls)
            record_module._DATACLASS_INITS[cls](node, *args, **kwargs)
    except Exception as error:  # the same error both ways, whatever it is
        messages = error.messages if isinstance(error, InvalidRecord) else None
        return ("raised", type(error), str(error), messages)
    return ("built", [(type(v), v) for v in _fields(node)])


def test_every_node_class_has_a_quick_init_and_keeps_the_dataclass_one() -> None:
    assert set(record_module._DATACLASS_INITS) == set(NODE_CLASSES)
    for cls in NODE_CLASSES:
        assert cls.__init__ is not record_module._DATACLASS_INITS[cls]


@settings(max_examples=max(10, settings.default.max_examples // 2))
@given(st.one_of(records(), st.sampled_from(EXAMPLES)), st.data())
def test_a_quick_init_builds_what_the_dataclass_init_builds(record: Any, data: Any) -> None:
    """Every node of a record rebuilt from its fields both ways — positionally or by keyword,
    with trailing fields left to their defaults, with a wrong value in a field — gives equal
    fields of the same types, or raises the same error."""
    for node in _nodes(record):
        cls = type(node)
        fields = dataclasses.fields(cls)
        values = _fields(node)
        if data.draw(st.booleans(), label="a wrong value"):
            where = data.draw(st.integers(0, len(values) - 1), label="in field")
            values[where] = data.draw(st.sampled_from(_WRONG), label="wrong value")
        required = sum(
            f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
            for f in fields
        )
        given_ = data.draw(st.integers(required, len(fields)), label="fields given")
        positional = data.draw(st.integers(0, given_), label="of them positional")
        args = values[:positional]
        kwargs = {f.name: values[i] for i, f in enumerate(fields) if positional <= i < given_}
        assert _built(cls, True, args, kwargs) == _built(cls, False, args, kwargs)


# --- Record's own checks ----------------------------------------------------------------------


def _record_reference(fields: dict[str, Any]) -> dict[str, Any]:
    """What ``Record.__post_init__`` did to these fields before it looked at each field by name
    (issue #19): ``und`` is no language; titles and abstracts with originals first, dates with
    publication dates first (a stable sort), as a tuple unless a tuple of one item or none."""
    out = dict(fields)
    if out["language"] == "und":
        out["language"] = None
    for name, key in (
        ("titles", lambda t: t.variant != "original"),
        ("abstracts", lambda p: p.variant != "original"),
        ("dates", lambda d: d.in_history),
    ):
        value = out[name]
        if type(value) is tuple and len(value) < 2:
            continue
        ordered = tuple(sorted(value, key=key))
        if ordered != value:
            out[name] = ordered
    return out


@given(
    st.lists(titles(), max_size=4),
    st.lists(proses(), max_size=3),
    st.lists(dateds(), max_size=4),
    st.one_of(st.none(), LANGS),
    st.sampled_from([tuple, list]),
)
def test_a_record_orders_its_titles_abstracts_and_dates_as_before(
    titles_: list[Text],
    abstracts: list[Prose],
    dates: list[Dated],
    language: str | None,
    kind: Any,
) -> None:
    fields = {
        "titles": kind(titles_),
        "abstracts": kind(abstracts),
        "dates": kind(dates),
        "language": language,
    }
    expected = _record_reference(fields)
    record = Record(**fields)
    for name, value in expected.items():
        assert getattr(record, name) == value
        assert type(getattr(record, name)) is type(value)


@given(st.lists(journal_identifiers, max_size=4), st.sampled_from([tuple, list]))
def test_a_journal_orders_its_identifiers_as_before(
    identifiers: list[Identifier], kind: Any
) -> None:
    """Journal ids, then ISSNs, then the linking ISSN (a stable sort), as a tuple: the former
    formulation, which sorted a tuple of one identifier or none too."""
    given_ = kind(identifiers)
    ordered = tuple(
        sorted(
            given_, key=lambda i: (i.scheme in record_module.ISSN_SCHEMES) + (i.scheme == "issn-l")
        )
    )
    expected = given_ if ordered == given_ else ordered
    journal = Journal(identifiers=given_)
    assert journal.identifiers == expected and type(journal.identifiers) is type(expected)


# --- A text's marks as readers place them -------------------------------------------------------


@st.composite
def _marked(draw: Any) -> tuple[str, Any]:
    """A value and marks over it: any spans (past the end, on white space, overlapping,
    subtitles), in canonical order, the reverse or as drawn, in a tuple or a list."""
    value = draw(st.text(alphabet="abcd :—", min_size=1, max_size=12).filter(lambda v: v.strip()))
    spans = st.tuples(st.integers(0, len(value)), st.integers(1, len(value) + 1))
    marks = [
        Mark(start, end, kind)
        for (start, end), kind in draw(
            st.lists(st.tuples(spans, st.sampled_from(record_module.MARK_KINDS)), max_size=5)
        )
        if start < end
    ]
    order = draw(st.sampled_from(["drawn", "canonical", "reversed"]))
    if order != "drawn":
        marks.sort(key=record_module._mark_order, reverse=order == "reversed")
    return value, draw(st.sampled_from([tuple, list]))(marks)


@settings(max_examples=max(500, settings.default.max_examples))  # cheap; the spans are many
@given(st.one_of(_marked(), text_strategy().map(lambda t: (t.value, t.marks))))
@example(("abcd", (Mark(2, 4, "subtitle"),)))  # no title and separator before it
@example(("ab: cd", (Mark(4, 6, "subtitle"), Mark(4, 6, "bold"))))
@example(("ab", (Mark(0, 3, "bold"),)))  # past the end
@example(("a b ", (Mark(0, 4, "bold"),)))  # ends on a space
@example(("ab cd", (Mark(3, 5, "bold"), Mark(0, 2, "italic"))))  # out of order
@example(("abcd", (Mark(0, 4, "italic"), Mark(0, 4, "bold"), Mark(1, 2, "sup"))))
def test_marks_in_canonical_order_build_the_text_the_full_check_builds(case: Any) -> None:
    """``_in_canonical_order`` lets ``Text`` skip trimming and sorting its marks: only when that
    would give them back unchanged; the text built either way is the same, or the same error."""
    value, marks = case
    if record_module._in_canonical_order(value, marks):
        trimmed = record_module._trimmed(value, marks)
        assert tuple(sorted(trimmed, key=record_module._mark_order)) == marks
        assert all(a is b for a, b in zip(trimmed, marks, strict=True))
        assert not any(m.kind == "subtitle" for m in marks)
    quick = _built(Text, True, [value, "en", "original", marks], {})
    with mock.patch.object(record_module, "_in_canonical_order", lambda value, marks: False):
        assert _built(Text, True, [value, "en", "original", marks], {}) == quick


def test_the_days_of_a_month_are_calendars() -> None:
    """``_days_in``, the last day ``PartialDate`` accepts, against ``calendar.monthrange``
    (which it replaced: it computes the month's first weekday too), for every year and month
    a date may have."""
    for year in range(1, 10_000):
        for month in range(1, 13):
            assert record_module._days_in(year, month) == calendar.monthrange(year, month)[1]


def _outcome(build: Any) -> tuple[Any, ...]:
    try:
        node = build()
    except Exception as error:  # the same error both ways, whatever it is
        messages = error.messages if isinstance(error, InvalidRecord) else None
        return ("raised", type(error), str(error), messages)
    return ("built", type(node), [(type(v), v) for v in _fields(node)])


@settings(max_examples=max(10, settings.default.max_examples // 2))
@given(st.one_of(records(), st.sampled_from(EXAMPLES)), st.data())
def test_replaced_changes_any_fields_as_dataclasses_replace_does(record: Any, data: Any) -> None:
    """``replaced`` passes the values by position: every field changed (to its own value, to a
    wrong one, to a name no field has) gives what ``dataclasses.replace`` gives."""
    for node in _nodes(record):
        names = [f.name for f in dataclasses.fields(node)]
        chosen = data.draw(st.lists(st.sampled_from([*names, "no_such_field"]), unique=True))
        changes = {
            name: data.draw(
                st.sampled_from([getattr(node, name, None), *_WRONG]), label=f"{name} ="
            )
            for name in chosen
        }
        quick = _outcome(lambda n=node, c=changes: record_module.replaced(n, **c))
        assert quick == _outcome(lambda n=node, c=changes: dataclasses.replace(n, **c))


@pytest.mark.parametrize("cls", NODE_CLASSES, ids=lambda cls: cls.__name__)
def test_a_quick_init_has_the_dataclass_init_signature(cls: type) -> None:
    """What ``inspect``, hypothesis's ``builds`` and help() see."""
    quick, dataclass_init = cls.__init__, record_module._DATACLASS_INITS[cls]
    assert str(inspect.signature(quick)) == str(inspect.signature(dataclass_init))
    assert quick.__annotations__ == dataclass_init.__annotations__
    assert quick.__qualname__ == dataclass_init.__qualname__


class _PickledBeforeSlots:
    """Pickles ``node`` as a node was pickled before nodes had slots: its class, then the dict
    of its fields as its state (the ``__dict__`` pickle gave as the state of a dataclass)."""

    def __init__(self, node: Any) -> None:
        self.node = node

    def __reduce__(self) -> tuple[Any, ...]:
        state = {f.name: getattr(self.node, f.name) for f in dataclasses.fields(self.node)}
        return (copyreg._reconstructor, (type(self.node), object, None), state)


@pytest.mark.parametrize("node", EXAMPLES, ids=lambda node: type(node).__name__)
def test_a_node_pickled_before_nodes_had_slots_unpickles_whole(node: Any) -> None:
    """A pickle made by a release before this one (a node's state was its ``__dict__``) gives
    the node back; ``dataclasses``' own state function gave every field its own name."""
    _same(pickle.loads(pickle.dumps(_PickledBeforeSlots(node))), node)
