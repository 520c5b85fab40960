"""Fact-level round trip of the repository's samples (issue 17): every record of every sample
input is written by each writer and read back, and each fact of the record within that
writer's ``KEEPS`` must survive. A fact is one leaf value of the record's canonical JSON with
its path (``dates.kind = "ppub"``, ``contributors.names.family = "宮地"``), so a loss is named
down to the value, not just the field.

The generated round trips (tests/test_round_trip.py) draw records from each format's own value
space; the samples are richer (another format's extras, marks in an abstract, a romanised name
beside a Han one), so they find what the strategies do not. Formats that still lose facts are
marked below with what was measured; the mark is strict, so a format that stops losing facts
fails here until its mark goes.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import pytest

import normaliser
from normaliser.formats import FORMATS
from normaliser.record import Record

from .test_golden import INPUTS

Fact = tuple[str, str]

#: The formats written and read back (gbt7714, a formatted reference list, is only written).
WRITERS = sorted(name for name, fmt in FORMATS.items() if fmt.writes and fmt.reads)
#: Measured on the samples at this commit: facts within KEEPS kept, and the main classes lost.
#: Strict: a format that keeps every fact fails its mark, which then goes.
KNOWN: dict[str, str] = {}


def facts(record: Record, keeps: frozenset[str]) -> set[Fact]:
    """The record's facts within ``keeps``: (path, value) of each leaf of its canonical JSON."""
    data = json.loads(normaliser.write(record.restricted_to(keeps), "json"))
    data.pop("record_version", None)
    out: set[Fact] = set()

    def walk(path: str, value: Any) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(f"{path}.{key}" if path else key, item)
        elif isinstance(value, list):
            for item in value:
                walk(path, item)
        else:
            out.add((path, json.dumps(value, ensure_ascii=False)))

    walk("", data)
    return out


@cache
def sample_records() -> tuple[tuple[str, tuple[Record, ...]], ...]:
    out = []
    for source in INPUTS:
        items = normaliser.read(source.read_bytes(), source.stem, errors="yield")
        records = tuple(i for i in items if isinstance(i, Record))
        out.append((source.parent.name, records))
    return tuple(out)


def lost_facts(name: str) -> tuple[int, list[str]]:
    """How many facts the samples hold within ``name``'s KEEPS, and each one lost, named."""
    keeps = FORMATS[name].module.KEEPS
    counted = 0
    lost: list[str] = []
    for case, records in sample_records():
        for n, record in enumerate(records, 1):
            [back] = normaliser.read(normaliser.write(record, name).encode("utf-8"), name)
            before = facts(record, keeps)
            counted += len(before)
            lost += [f"{case} #{n}: {p} = {v}" for p, v in sorted(before - facts(back, keeps))]
    return counted, lost


def test_the_samples_hold_facts_for_every_writer() -> None:
    # The check below means something only if the samples give each writer facts to keep.
    for name in WRITERS:
        keeps = FORMATS[name].module.KEEPS
        assert sum(len(facts(r, keeps)) for _, rs in sample_records() for r in rs) > 1000, name


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(
            n, marks=[pytest.mark.xfail(reason=KNOWN[n], strict=True)] if n in KNOWN else []
        )
        for n in WRITERS
    ],
)
def test_every_fact_in_keeps_survives_the_writer(name: str) -> None:
    counted, lost = lost_facts(name)
    assert counted
    shown = "\n".join(lost[:40])
    assert not lost, f"{name}: {len(lost)} of {counted} facts lost, e.g.\n{shown}"
