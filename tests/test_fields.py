"""``loadplan.LoadPlan``: a schema's load precompiled must load exactly as ``schema.load`` does —
the same attributes, the same notes, the same ``ValidationError`` messages — over the aggregator
schema (its samples, the same objects with wrong leaves, generated records written back) and
over small schemas that use what the plan hands back to marshmallow (required fields,
validators, defaults, nested lists)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from marshmallow import (
    EXCLUDE,
    INCLUDE,
    RAISE,
    Schema,
    ValidationError,
    post_load,
    pre_load,
    validate,
    validates_schema,
)
from marshmallow import fields as mfields

from normaliser.fields import Clean, Count, LoadPlan, collect_notes
from normaliser.formats import aggregator
from normaliser.formats.aggregator.fields import TextField

from .conftest import SAMPLES
from .strategies import records, wrong_leaves, wrong_leaves_of

SLOW = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def outcome(load: Callable[[Any], Any], data: Any) -> tuple[str, Any, list[Any]]:
    """What loading ``data`` gives: the result or the error messages, and the notes made."""
    with collect_notes() as notes:
        try:
            return "loaded", load(data), list(notes)
        except ValidationError as exc:
            return "refused", exc.messages, list(notes)


def same_as_schema(schema: Schema, data: Any) -> None:
    assert outcome(LoadPlan(schema).load, data) == outcome(schema.load, data)


def _sample_objects() -> list[dict[str, Any]]:
    """Every JSON object of the aggregator samples (text dumps, JSON Lines, arrays)."""
    found: list[dict[str, Any]] = []
    for path in sorted(SAMPLES.rglob("*")):
        if not path.is_file() or path.suffix not in (".txt", ".json", ".jsonl", ".ndjson"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        try:
            whole = json.loads(text, strict=False)
            values = whole if isinstance(whole, list) else [whole]
        except ValueError:
            values = []
            for line in text.splitlines():
                try:
                    values.append(json.loads(line, strict=False))
                except ValueError:
                    continue
        found.extend(v for v in values if isinstance(v, dict) and ("title" in v or "doi" in v))
    return found


SAMPLE_OBJECTS = _sample_objects()
SCHEMA = aggregator.schema._SCHEMA


def test_there_are_samples_to_compare() -> None:
    assert len(SAMPLE_OBJECTS) >= 10


@pytest.mark.parametrize("index", range(len(SAMPLE_OBJECTS)))
def test_plan_loads_every_sample_as_the_schema(index: int) -> None:
    same_as_schema(SCHEMA, SAMPLE_OBJECTS[index])


@pytest.mark.slow
@SLOW
@given(
    st.sampled_from(SAMPLE_OBJECTS).flatmap(
        lambda d: st.sampled_from([0.05, 0.3, 0.8]).flatmap(lambda r: wrong_leaves_of(d, r))
    )
)
def test_plan_loads_damaged_samples_as_the_schema(data: dict[str, Any]) -> None:
    same_as_schema(SCHEMA, data)


@SLOW
@given(
    st.dictionaries(
        st.sampled_from(sorted(aggregator.schema._DATA_KEYS | {"other", "Title"})), wrong_leaves
    )
    | wrong_leaves
)
def test_plan_loads_any_json_value_as_the_schema(data: Any) -> None:
    same_as_schema(SCHEMA, data)


@pytest.mark.slow
@settings(SLOW, max_examples=max(10, settings.default.max_examples // 3))
@given(records())
def test_plan_loads_written_records_as_the_schema(record: Any) -> None:
    try:
        data = aggregator.writer._dump_dict(record)
    except (ValueError, AttributeError):
        return  # a generated record the aggregator cannot carry (a metric that is no number)
    same_as_schema(SCHEMA, json.loads(json.dumps(data, ensure_ascii=False)))


def test_plan_reports_every_failing_field_nested_too() -> None:
    data = {"doi": "not a doi", "journal": {"pages": [1]}, "JCR": "Q9", "title": "Fine"}
    kind, messages, _ = outcome(LoadPlan(SCHEMA).load, data)
    assert kind == "refused"
    assert set(messages) == {"doi", "journal", "JCR"}
    assert set(messages["journal"]) == {"pages"}
    same_as_schema(SCHEMA, data)
    same_as_schema(SCHEMA, {"journal": "a string"})
    same_as_schema(SCHEMA, ["not", "an", "object"])


# --- What the plan leaves to marshmallow --------------------------------------------------------


class _Inner(Schema):
    class Meta:
        unknown = EXCLUDE

    n = Count(data_key="N")
    word = mfields.String(validate=validate.Length(max=3))


class _Odd(Schema):
    class Meta:
        unknown = EXCLUDE

    must = Clean(data_key="Must", required=True)
    default = Clean(load_default="d")
    strict = Clean(allow_none=False)
    limited = mfields.Integer(validate=validate.Range(0, 9), allow_none=True)
    title = TextField(data_key="Title", attribute="heading", lang="en")
    inner = mfields.Nested(_Inner, allow_none=True)
    many = mfields.Nested(_Inner, many=True, allow_none=True)
    raising = mfields.Nested(_Inner, unknown=RAISE, allow_none=True)
    remembered = mfields.Nested(_Inner, allow_none=False, metadata={"repeats": True})
    label = Clean(allow_none=False, metadata={"repeats": True})


_odd_values = st.one_of(
    st.none(),
    st.integers(-3, 12),
    st.sampled_from(["", "x", "abcd", "3", "<i>T</i>.", "null"]),
    st.fixed_dictionaries({}, optional={"N": st.sampled_from([1, "x", None]), "word": st.text()}),
    st.lists(st.fixed_dictionaries({}, optional={"N": st.sampled_from([2, "y"])}), max_size=2),
)


@given(
    st.dictionaries(
        st.sampled_from(
            [
                "Must",
                "default",
                "strict",
                "limited",
                "Title",
                "inner",
                "many",
                "raising",
                "remembered",
                "label",
                "x",
            ]
        ),
        _odd_values,
    )
)
def test_plan_hands_other_fields_to_marshmallow(data: dict[str, Any]) -> None:
    same_as_schema(_Odd(), data)


class _Made(Schema):
    """A schema with what the record parts' schemas use: unknown keys refused, required fields,
    defaults, and a post-load hook (which may refuse)."""

    class Meta:
        unknown = RAISE

    must = Clean(data_key="Must", required=True)
    default = Clean(load_default="d")
    strict = Clean(allow_none=False)
    inner = mfields.Nested(_Inner, allow_none=True)
    raising = mfields.Nested(_Inner, unknown=RAISE, allow_none=True)

    @post_load
    def made(self, data: dict[str, Any], **kwargs: Any) -> tuple[Any, ...]:
        if data.get("strict") == "abcd":
            raise ValidationError("abcd is refused", "strict")
        return tuple(sorted(data.items()))


@given(
    st.dictionaries(
        st.sampled_from(["Must", "default", "strict", "inner", "raising", "x", "N"]),
        _odd_values,
    )
    | wrong_leaves
)
def test_plan_refuses_unknown_keys_and_runs_post_load_as_marshmallow(data: Any) -> None:
    same_as_schema(_Made(), data)


def test_plan_refuses_what_it_cannot_compile() -> None:
    class PreLoaded(Schema):
        a = Clean()

        @pre_load
        def first(self, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
            return data

    class Including(Schema):
        class Meta:
            unknown = INCLUDE

        a = Clean()

    class Validated(Schema):
        a = Clean()

        @validates_schema
        def check(self, data: dict[str, Any], **kwargs: Any) -> None:
            pass

    for schema in (PreLoaded(), Including(), Validated(), _Made(many=True), _Made(partial=True)):
        with pytest.raises(TypeError):
            LoadPlan(schema)


def clean_text_reference(value: Any, numbers: bool) -> tuple[str, Any, list[Any]]:
    """``Clean.text``'s contract spelt out: null spellings are None; strings (and numbers when
    allowed) lose XML-illegal characters (noted) and have their white space squeezed."""
    from normaliser.fields import note
    from normaliser.text import is_null, squeeze, strip_illegal

    with collect_notes() as notes:
        try:
            if is_null(value):
                return "loaded", None, list(notes)
            if isinstance(value, bool) or not isinstance(value, (str, int, float)):
                raise ValidationError("type")
            if not isinstance(value, str):
                if not numbers:
                    raise ValidationError("number")
                value = str(value)
            cleaned, removed = strip_illegal(value)
            if removed:
                note("repaired", "k", f"removed {removed} control characters")
            return "loaded", squeeze(cleaned) or None, list(notes)
        except ValidationError:
            return "refused", None, list(notes)


def _clean_text(value: Any, numbers: bool) -> tuple[str, Any, list[Any]]:
    with collect_notes() as notes:
        try:
            return "loaded", Clean(numbers=numbers, data_key="k").text(value, "k"), list(notes)
        except ValidationError:
            return "refused", None, list(notes)


_CLEAN_TEXTS = st.one_of(
    st.text(),
    st.text(alphabet=" \t\n\r\x00\x0b中文aAbN/Ul-", max_size=12),
    st.sampled_from(["", " ", "null", " N/A ", "None", "a  b", " a b ", "暂无", "[]", "x\x01y"]),
    st.integers(),
    st.floats(allow_nan=False),
    st.booleans(),
    st.none(),
    st.lists(st.integers(), max_size=1),
)


@given(_CLEAN_TEXTS, st.booleans())
def test_clean_text_is_the_reference(value: Any, numbers: bool) -> None:
    assert _clean_text(value, numbers) == clean_text_reference(value, numbers)


def test_clean_text_on_sample_values() -> None:
    leaves = [v for obj in SAMPLE_OBJECTS for v in obj.values() if isinstance(v, str)]
    assert len(leaves) > 100
    for value in leaves:
        assert _clean_text(value, False) == clean_text_reference(value, False), value


# --- Fields whose values repeat: remembered, loaded as the schema loads them every time --------

#: One plan for every example: what it remembers of one example is used by the next.
_REMEMBERING = LoadPlan(SCHEMA)


def test_repeating_fields_are_declared_and_remembered() -> None:
    declared = {n for n, f in SCHEMA.fields.items() if f.metadata.get("repeats")}
    assert {"periodical_name", "publication_types", "region_category", "issn"} <= declared
    assert not declared & {"title", "abstract", "doi", "authors"}  # one record's own


@pytest.mark.parametrize("index", range(len(SAMPLE_OBJECTS)))
def test_a_remembering_plan_loads_every_sample_as_the_schema_twice(index: int) -> None:
    for _ in range(2):
        assert outcome(_REMEMBERING.load, SAMPLE_OBJECTS[index]) == outcome(
            SCHEMA.load, SAMPLE_OBJECTS[index]
        )


def test_a_remembered_value_repeats_its_notes_and_a_failing_one_fails_each_time() -> None:
    cases = [
        {"publicationTypes": "Not A Type", "RegionNum": 1, "PeriodicalName": "J\x01 Med"},
        {"RegionNum": True, "JCR": "Q9", "PeriodicalId": 7},
        {"RegionNum": 1, "PeriodicalId": "7", "journal": {"name": "J\x01 Med"}},
    ]
    for data in cases * 3:
        got = outcome(_REMEMBERING.load, data)
        assert got == outcome(SCHEMA.load, data)
    assert outcome(_REMEMBERING.load, cases[0])[2]  # the notes come again from memory


@SLOW
@given(
    st.lists(
        st.dictionaries(
            st.sampled_from(
                ["publicationTypes", "RegionNum", "RegionCategory", "JCR", "ISSN", "platform"]
            ),
            wrong_leaves | st.sampled_from(["Review", "1", "2区", "医学", "Q1", "1176-9114"]),
        ),
        max_size=4,
    )
)
def test_a_remembering_plan_loads_repeated_values_as_the_schema(data: list[Any]) -> None:
    for item in data * 2:
        assert outcome(_REMEMBERING.load, item) == outcome(SCHEMA.load, item)
