from __future__ import annotations

import io
import json

import pytest
from hypothesis import given

import normaliser
from normaliser.errors import InvalidRecord
from normaliser.formats import json as canonical
from normaliser.record import Record, Reject

from ..conftest import SEED
from ..strategies import records


@given(records())
def test_round_trip_any_record(record: Record) -> None:
    text = normaliser.write(record, "json")
    assert list(normaliser.read(text, "json")) == [record]


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
