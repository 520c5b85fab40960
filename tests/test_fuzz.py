"""Bad input is data: whatever bytes a reader is given, only NormaliserError subclasses escape,
and every record it yields is a Record or a Reject."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import normaliser
from normaliser.errors import NormaliserError

from .conftest import SAMPLES

FORMATS = ["aggregator", "json", "jats", "dc"]
INPUTS = sorted(p for p in SAMPLES.glob("*/*") if p.suffix in (".txt", ".jsonl", ".json", ".xml"))


def drain(data: bytes, format: str | None) -> None:
    try:
        for item in normaliser.read(data, format, errors="yield"):
            assert isinstance(item, (normaliser.Record, normaliser.Reject))
    except NormaliserError:
        pass


@pytest.mark.parametrize("format", [*FORMATS, None])
@given(data=st.binary(max_size=2000))
def test_random_bytes(format: str | None, data: bytes) -> None:
    drain(data, format)


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    """A sample with a few bytes cut, repeated or replaced."""
    data = bytearray(draw(st.sampled_from(INPUTS)).read_bytes())
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, max(0, len(data) - 1)))
        op = draw(st.sampled_from(["cut", "dup", "byte", "truncate"]))
        if op == "cut":
            del data[at : at + draw(st.integers(1, 40))]
        elif op == "dup":
            data[at:at] = data[at : at + draw(st.integers(1, 40))]
        elif op == "byte":
            data[at : at + 1] = bytes([draw(st.integers(0, 255))])
        else:
            del data[at:]
    return bytes(data)


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=mutated())
def test_mutated_samples(data: bytes) -> None:
    drain(data, None)
    for format in FORMATS:
        drain(data, format)


def test_there_are_samples_to_mutate() -> None:
    assert len(INPUTS) >= 20 and all(isinstance(p, Path) for p in INPUTS)
