"""Bad input is data. Every registered reader (``normaliser.formats.FORMATS``, so readers added
later are fuzzed too) is fed random bytes, samples with bytes damaged, and its own samples
damaged in their structure: JSON of the right shape with wrong leaves, XML with tags and text
mutated, tagged lines dropped, repeated or garbled. Only ``NormaliserError`` subclasses may
escape; every item read is a Record or a Reject; every Record can be written by every writer
(or is refused with a ``NormaliserError``), and its canonical JSON encodes as UTF-8.

Examples per test come from the hypothesis profile (``tests/conftest.py``): ``ci`` in CI,
``thorough`` for a long local run (``HYPOTHESIS_PROFILE=thorough pytest tests/test_fuzz.py``).
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import normaliser
from normaliser import formats
from normaliser.errors import NormaliserError

from .conftest import SAMPLES
from .strategies import mutated_bytes, mutated_lines, mutated_xml, wrong_leaves_of

CORPUS = Path(__file__).parent / "corpus" / "broken"
#: One name per reading module (``qdc`` is read by the ``dc`` module).
READERS = sorted({f.module_name for f in formats.FORMATS.values() if f.reads})
INPUTS = sorted(
    p
    for folder in (SAMPLES, CORPUS)
    for p in folder.rglob("*")
    if p.is_file() and p.name != "README.md"
)
SLOW = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
#: Damaging a structure and writing what is read costs more: half the profile's examples.
HALF = settings(SLOW, max_examples=max(10, settings.default.max_examples // 2))


def _format_of(path: Path) -> str | None:
    try:
        head = path.read_bytes()[:65536].decode("utf-8", errors="replace")
        return formats.sniff(head, path.name).name
    except NormaliserError:
        return None


#: The samples each reader recognises as its own (all inputs for a reader without samples).
SEEDS: dict[str, list[Path]] = {
    name: [p for p in INPUTS if _format_of(p) == name] or list(INPUTS) for name in READERS
}


def _json_documents(paths: list[Path]) -> list[Any]:
    """Every JSON object in ``paths``: whole-file documents, array items and JSON lines."""
    found: list[Any] = []
    for path in paths:
        text = path.read_bytes().decode("utf-8", errors="replace")
        try:
            whole = json.loads(text)
            found.extend(whole if isinstance(whole, list) else [whole])
            continue
        except ValueError:
            pass
        for line in text.splitlines():
            try:
                value = json.loads(line)
            except ValueError:
                continue
            if isinstance(value, dict):
                found.append(value)
    return [d for d in found if isinstance(d, dict)]


def drain(data: bytes, format: str | None, *, write: bool = False) -> None:
    """Read everything in ``data``; only NormaliserErrors may escape. Records must serialise."""
    try:
        items = list(normaliser.read(data, format, errors="yield"))
    except NormaliserError:
        return
    for item in items:
        assert isinstance(item, (normaliser.Record, normaliser.Reject, normaliser.Deletion))
        if isinstance(item, normaliser.Deletion):
            continue  # an OAI-PMH deleted record: neither a record nor an error
        if isinstance(item, normaliser.Reject):
            assert item.error.messages and item.raw is not None
            # A problem of the record as a whole is keyed ``record``, never ``_schema``.
            assert "_schema" not in json.dumps(item.error.messages)
            continue
        formats.lossless_text(item).encode("utf-8")
        if write:
            for name in formats.FORMATS:
                if formats.writer(name) is None:
                    continue
                # A record a format cannot carry is refused, with its reason.
                with contextlib.suppress(NormaliserError):
                    normaliser.write(item, name).encode("utf-8")


@pytest.mark.parametrize("format", [*READERS, None])
@SLOW
@given(data=st.binary(max_size=2000))
def test_random_bytes(format: str | None, data: bytes) -> None:
    drain(data, format)


@pytest.mark.parametrize("format", [*READERS, None])
@SLOW
@given(data=st.sampled_from(INPUTS).map(Path.read_bytes).flatmap(mutated_bytes))
def test_damaged_bytes(format: str | None, data: bytes) -> None:
    drain(data, format)


@st.composite
def damaged_structure(draw: Any, format: str) -> bytes:
    """One of ``format``'s samples damaged in its own structure."""
    documents = _json_documents(SEEDS[format])
    path = draw(st.sampled_from(SEEDS[format]))
    text = path.read_bytes().decode("utf-8", errors="replace")
    if documents and (not text.lstrip().startswith("<") or draw(st.booleans())):
        rate = draw(st.sampled_from([0.02, 0.1, 0.3]))
        damaged = st.sampled_from(documents).flatmap(lambda d: wrong_leaves_of(d, rate))
        value, many = draw(damaged), draw(st.lists(damaged, max_size=2))
        shape = draw(st.sampled_from(["line", "lines", "array"]))
        ascii_only = draw(st.booleans())
        if shape == "line":
            out = json.dumps(value, ensure_ascii=ascii_only)
        elif shape == "lines":
            out = "\n".join(json.dumps(v, ensure_ascii=ascii_only) for v in [value, *many])
        else:
            out = json.dumps([value, *many], ensure_ascii=ascii_only, indent=1)
        return out.encode("utf-8", errors="surrogatepass")
    if text.lstrip().startswith("<"):
        return draw(mutated_xml(text)).encode("utf-8", errors="surrogatepass")
    return draw(mutated_lines(text)).encode("utf-8", errors="surrogatepass")


@pytest.mark.slow
@pytest.mark.parametrize("format", READERS)
@HALF
@given(data=st.data())
def test_damaged_structure(format: str, data: st.DataObject) -> None:
    document = data.draw(damaged_structure(format))
    drain(document, format, write=True)


def test_every_reader_has_samples_to_damage() -> None:
    assert len(INPUTS) >= 30
    for name in READERS:
        assert SEEDS[name], name
    assert _json_documents(SEEDS["aggregator"]) and _json_documents(SEEDS["json"])
    assert all(p.read_bytes().lstrip().startswith(b"<") for p in SEEDS["jats"] + SEEDS["dc"])
