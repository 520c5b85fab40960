"""The shared schemas of the Record's parts (normaliser.record_schemas) and their plans: the
planned load and dump give what marshmallow's own ``Schema.load``/``Schema.dump`` give (their
slow twins), broken data included."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from marshmallow import EXCLUDE, Schema, ValidationError, fields, pre_dump, pre_load

from normaliser.formats.aggregator.schema import AggregatorSchema
from normaliser.loadplan import LoadPlan, field_step
from normaliser.record import Link
from normaliser.record_schemas import (
    DatedSchema,
    HeadingSchema,
    IdentifierSchema,
    LinkSchema,
    MetricSchema,
    NameSchema,
    ProseSchema,
    TermSchema,
    TextSchema,
    TupleList,
    planned_dump,
)

from .strategies import (
    dateds,
    identifiers,
    journal_identifiers,
    metrics,
    names,
    proses,
    terms,
    texts,
    wrong_leaves,
    wrong_leaves_of,
)

#: Each shared schema → its parts.
PARTS: dict[type[Schema], st.SearchStrategy[Any]] = {
    TextSchema: texts(),
    HeadingSchema: proses().filter(lambda p: bool(p.headings)).map(lambda p: p.headings[0]),
    ProseSchema: st.one_of(proses(), proses(kind="teaser")),
    NameSchema: names(),
    IdentifierSchema: st.one_of(identifiers, journal_identifiers),
    LinkSchema: st.builds(
        Link,
        st.sampled_from(["https://example.org/a", "x.pdf"]),
        st.sampled_from(["landing", "pdf"]),
    ),
    DatedSchema: dateds(),
    TermSchema: terms,
    MetricSchema: metrics,
}


def _field_load(field: fields.Field[Any]) -> Any:
    """The load plan's step for ``field``, as ``Field.deserialize`` is called (no attribute)."""
    step = field_step(field, None)
    return lambda value: step(value, None)


def _outcome(load: Any, data: Any) -> tuple[str, str]:
    """What ``load`` gives for ``data``: its result, or its error's messages, in their order."""
    try:
        return "loaded", repr(load(data))
    except ValidationError as exc:
        return "refused", repr(exc.messages)


@st.composite
def _part_data(draw: Any) -> tuple[Schema, Any]:
    """A schema and data for it: a part's dump, often with wrong leaves, missing or extra keys,
    sometimes no object at all."""
    cls = draw(st.sampled_from(sorted(PARTS, key=lambda c: c.__name__)))
    schema = cls()
    dumped = schema.dump(draw(PARTS[cls]))
    data = draw(
        st.one_of(
            st.just(dumped),
            wrong_leaves_of(dumped),
            wrong_leaves_of(dumped, rate=0.8),
            wrong_leaves,
        )
    )
    return schema, data


@given(_part_data())
def test_the_load_plan_of_a_part_is_marshmallows_load(case: tuple[Schema, Any]) -> None:
    schema, data = case
    assert _outcome(LoadPlan(schema), data) == _outcome(schema.load, data)


#: The aggregator's keys that hold lists of parts (``Parts``): their list fields.
_LISTED = {
    name: field.listed
    for name, field in AggregatorSchema().fields.items()
    if hasattr(field, "listed")
}


@st.composite
def _listed_data(draw: Any) -> tuple[fields.Field[Any], Any]:
    """One of the aggregator's list fields, and a list of parts' dumps for it (a list of lists
    for the authors' names), often broken."""
    name = draw(st.sampled_from(sorted(_LISTED)))
    field = _LISTED[name]
    depth, inner = 1, field.inner
    while isinstance(inner, TupleList):
        depth, inner = depth + 1, inner.inner
    assert isinstance(inner, fields.Nested)
    schema = inner.schema
    cls = type(schema)
    items = st.lists(PARTS[cls].map(schema.dump), max_size=3)
    value = draw(items if depth == 1 else st.lists(items, max_size=3))
    return field, draw(st.one_of(st.just(value), wrong_leaves_of(value), wrong_leaves))


@given(_listed_data())
def test_planned_list_load_is_marshmallows(case: tuple[fields.Field[Any], Any]) -> None:
    field, data = case
    assert _outcome(_field_load(field), data) == _outcome(field.deserialize, data)


@st.composite
def _listed_parts(draw: Any) -> tuple[str, Any]:
    """One of the aggregator's list fields (by attribute), and parts for it (a tuple of tuples
    for the authors' names)."""
    name = draw(st.sampled_from(sorted(_LISTED)))
    inner = _LISTED[name].inner
    depth = 1
    while isinstance(inner, TupleList):
        depth, inner = depth + 1, inner.inner
    assert isinstance(inner, fields.Nested)
    items = st.lists(PARTS[type(inner.schema)], min_size=1, max_size=3).map(tuple)
    return name, draw(items if depth == 1 else st.lists(items, min_size=1, max_size=3).map(tuple))


@given(_listed_parts())
def test_the_aggregator_dumps_parts_as_marshmallow_dumps_them(case: tuple[str, Any]) -> None:
    name, parts = case
    field = AggregatorSchema().fields[name]
    assert field.serialize(name, {name: parts}) == field.listed.serialize(name, {name: parts})


def test_every_list_of_parts_of_the_aggregator_is_checked() -> None:
    keys = {f.data_key for f in AggregatorSchema().fields.values() if hasattr(f, "listed")}
    assert keys == {
        "OtherDates",
        "PeriodicalIds",
        "OtherIds",
        "OtherLinks",
        "AuthorNames",
        "Keywords",
        "Affiliations",
        "OtherSubjects",
        "Metrics",
        "Titles",
        "JournalTitles",
        "Abstracts",
        "JournalDescriptions",
    }


def test_an_empty_list_of_names_is_refused_as_marshmallow_refuses_it() -> None:
    field = _LISTED["name_forms"]
    for data in ([[]], [[{"given": "x"}], []], [[{}]]):
        refused = _outcome(_field_load(field), data)
        assert refused[0] == "refused" and refused == _outcome(field.deserialize, data)


def test_plans_fall_back_to_marshmallow_for_what_they_do_not_plan() -> None:
    class Stamped(TextSchema):
        @pre_dump
        def _same(self, text: Any, **kwargs: Any) -> Any:
            return text

        @pre_load
        def _same_in(self, data: Any, **kwargs: Any) -> Any:
            return data

    schema = Stamped()
    assert planned_dump(schema) == schema.dump
    assert planned_dump(TextSchema()) != TextSchema().dump
    with pytest.raises(TypeError):  # the load plan refuses it: marshmallow loads it
        LoadPlan(schema)
    LoadPlan(TextSchema())


def test_a_nested_schema_told_to_exclude_unknown_keys_loads_as_marshmallow_loads_it() -> None:
    class Lenient(HeadingSchema):
        title = fields.Nested(TextSchema, required=True, unknown=EXCLUDE)

    schema = Lenient()
    data = {"start": 0, "title": {"value": "Aim", "lang": "en", "note": "x"}}
    assert _outcome(LoadPlan(schema), data) == _outcome(schema.load, data)
    assert _outcome(schema.load, data)[0] == "loaded"
