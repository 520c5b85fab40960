"""schemas/record.schema.json describes the canonical JSON written by normaliser.formats.json."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

import normaliser
from normaliser.formats.json import to_dict
from normaliser.resources import schema

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
SAMPLE_FILES = sorted(SAMPLES.glob("*/aggregator.*"))

# A small valid record; each invalid case below breaks exactly one thing in a copy of it.
VALID: dict[str, Any] = {
    "record_version": 1,
    "titles": [
        {"value": "曾明堂的研究", "lang": "zh"},
        {"value": "A study", "lang": "en", "variant": "translation", "marks": [[2, 7, "italic"]]},
    ],
    "contributors": [
        {
            "names": [
                {"family": "曾", "given": "明堂", "style": "eastern", "lang": "zh"},
                {"family": "Zeng", "given": "Mingtang", "lang": "zh-Latn"},
            ],
            "corresponding": True,
        }
    ],
    "dates": [{"kind": "published", "date": "2025-05-12"}, {"kind": "received", "date": "2024"}],
    "publication_types": [{"vocabulary": "publication-type", "code": "journal-article"}],
    "subjects": [{"vocabulary": "field-of-study", "labels": [{"value": "生态学", "lang": "zh"}]}],
    "extras": {"Score": None, "nested": {"anything": [1, "two"]}},
}


def _set(path: tuple[str | int, ...], value: Any) -> Callable[[dict[str, Any]], None]:
    def change(doc: dict[str, Any]) -> None:
        node: Any = doc
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value

    return change


def _drop(path: tuple[str | int, ...]) -> Callable[[dict[str, Any]], None]:
    def change(doc: dict[str, Any]) -> None:
        node: Any = doc
        for key in path[:-1]:
            node = node[key]
        del node[path[-1]]

    return change


# name: (how to break VALID, the JSON path the validator must complain about)
INVALID: dict[str, tuple[Callable[[dict[str, Any]], None], str]] = {
    "title-without-lang": (_drop(("titles", 0, "lang")), "$.titles[0]"),
    "month-13": (_set(("dates", 0, "date"), "2025-13"), "$.dates[0].date"),
    "unknown-variant": (_set(("titles", 1, "variant"), "romanised"), "$.titles[1].variant"),
    "unknown-top-level-key": (_set(("doi",), "10.1000/xyz"), "$"),
    "record-version-2": (_set(("record_version",), 2), "$.record_version"),
}


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    with schema("record.schema.json").open(encoding="utf-8") as fh:
        document = json.load(fh)
    return Draft202012Validator(document)


def _errors(validator: Draft202012Validator, doc: Any) -> list[str]:
    return [
        f"{error.json_path}: {error.message}"
        for error in sorted(validator.iter_errors(doc), key=lambda e: e.json_path)
    ]


def test_schema_is_valid(validator: Draft202012Validator) -> None:
    Draft202012Validator.check_schema(validator.schema)
    assert validator.schema["$id"] == "urn:normaliser:record:1"


def test_samples_exist() -> None:
    assert SAMPLE_FILES, f"no samples/*/aggregator.* under {SAMPLES}"


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.parent.name)
def test_sample_records_validate(validator: Draft202012Validator, path: Path) -> None:
    records = list(normaliser.read(path, errors="skip"))
    for number, record in enumerate(records, 1):
        doc = to_dict(record)
        assert _errors(validator, doc) == [], f"{path.parent.name} record {number}"


def test_hand_written_record_validates(validator: Draft202012Validator) -> None:
    assert _errors(validator, VALID) == []


@pytest.mark.parametrize(("change", "where"), INVALID.values(), ids=list(INVALID))
def test_invalid_documents_are_rejected(
    validator: Draft202012Validator, change: Callable[[dict[str, Any]], None], where: str
) -> None:
    doc = copy.deepcopy(VALID)
    change(doc)
    assert not validator.is_valid(doc)
    errors = list(validator.iter_errors(doc))
    assert [e.json_path for e in errors] == [where], _errors(validator, doc)
