from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from hypothesis import given

import normaliser
from normaliser import record_schemas
from normaliser.errors import InvalidRecord
from normaliser.formats import json as canonical
from normaliser.record import Mark, Record, Reject, Text, with_subtitle

from ..conftest import SAMPLES, SEED
from ..strategies import records


@pytest.mark.slow
@given(records())
def test_pretty_output_reads_back(record: Record) -> None:
    text = normaliser.write([record, record], "json", pretty=True)
    assert list(normaliser.read(text, "json")) == [record, record]


def test_seed_round_trips_through_canonical_json() -> None:
    record = next(normaliser.read(SEED))
    assert next(normaliser.read(normaliser.write(record, "json"))) == record


def test_reads_array_single_object_and_json_lines() -> None:
    record = next(normaliser.read(SEED))
    obj = canonical.to_dict(record)
    array = json.dumps([obj, obj], ensure_ascii=False, indent=2)
    single = json.dumps(obj, ensure_ascii=False, indent=4)
    lines = json.dumps(obj, ensure_ascii=False) + "\n" + json.dumps(obj, ensure_ascii=False) + "\n"
    assert list(normaliser.read(array, "json")) == [record, record]
    assert list(normaliser.read(single, "json")) == [record]
    assert list(normaliser.read(lines)) == [record, record]  # sniffed


def test_empty_fields_are_left_out() -> None:
    data = canonical.to_dict(Record(titles=(normaliser.Text("A title", "en"),)))
    assert data == {"record_version": 1, "titles": [{"value": "A title", "lang": "en"}]}


@pytest.mark.parametrize(
    ("document", "field"),
    [
        ('{"record_version": 1, "titles": [{"value": "x"}]}', "titles"),
        ('{"record_version": 1, "dates": [{"kind": "epub", "date": "2025-13-01"}]}', "dates"),
        ('{"record_version": 1, "dates": [{"kind": "sometime", "date": "2025"}]}', "dates"),
        ('{"record_version": 2}', "record_version"),
        ('{"record_version": 1, "titles": [{"value": "", "lang": "en"}]}', "titles"),
        (
            '{"record_version": 1, "titles": [{"value": "ab", "lang": "en",'
            ' "marks": [[0, 5, "sup"]]}]}',
            "titles",
        ),
    ],
)
def test_bad_documents_name_their_field(document: str, field: str) -> None:
    with pytest.raises(InvalidRecord) as info:
        list(normaliser.read(document, "json"))
    assert field in info.value.messages


def test_broken_line_is_rejected_and_reading_goes_on() -> None:
    record = next(normaliser.read(SEED))
    good = json.dumps(canonical.to_dict(record), ensure_ascii=False)
    text = good + "\n" + good[: len(good) // 2] + "\n" + good + "\n"
    items = list(normaliser.read(io.BytesIO(text.encode()), "json", errors="yield"))
    assert [type(i) for i in items] == [Record, Reject, Record]
    assert isinstance(items[1], Reject)
    assert items[1].raw == good[: len(good) // 2]
    assert items[1].line == 2


def test_a_subtitle_mark_round_trips_and_one_out_of_place_is_a_reject() -> None:
    title = with_subtitle(Text("Urban resilience", "en"), Text("A review", "en"))
    record = Record(titles=(title,))
    [back] = normaliser.read(normaliser.write(record, "json"), "json")
    assert back == record and back.titles[0].marks == (Mark(18, 26, "subtitle"),)
    # A subtitle after no separator could not be split again: refused, naming the field.
    document = json.dumps(
        {
            "titles": [
                {
                    "value": "Urban resilience; A review",
                    "lang": "en",
                    "marks": [[18, 26, "subtitle"]],
                }
            ]
        }
    )
    [reject] = normaliser.read(document.encode(), "json", errors="yield")
    assert isinstance(reject, Reject)
    assert "titles.0.marks" in str(reject.error) and "subtitle" in str(reject.error)


def _marshmallow_dump(record: Record) -> str:
    """The canonical object as marshmallow's own ``Schema.dump`` makes it, as JSON text (key
    order included): what the planned dump of ``to_dict`` must give."""
    return json.dumps(canonical.RecordSchema().dump(record), ensure_ascii=False)


@pytest.mark.slow
@given(records())
def test_planned_dump_is_marshmallows_dump(record: Record) -> None:
    assert json.dumps(canonical.to_dict(record), ensure_ascii=False) == _marshmallow_dump(record)


#: The dump plan run step by step (a loop over its tuples), every nested schema's too.
_INTERPRETED = record_schemas.planned_dump(canonical.RecordSchema(), record_schemas._interpreted)


@given(records())
def test_the_compiled_dump_is_the_plan_run_step_by_step(record: Record) -> None:
    assert json.dumps(canonical.to_dict(record), ensure_ascii=False) == json.dumps(
        _INTERPRETED(record), ensure_ascii=False
    )


@pytest.mark.parametrize("golden", sorted(SAMPLES.glob("*/json.json")), ids=lambda p: p.parent.name)
def test_planned_dump_is_marshmallows_dump_on_the_samples(golden: Path) -> None:
    records = list(normaliser.read(golden, "json"))
    assert records
    for record in records:
        assert json.dumps(canonical.to_dict(record), ensure_ascii=False) == _marshmallow_dump(
            record
        )
