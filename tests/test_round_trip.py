"""One round trip for every writable format: ``read(write(r)) == r.restricted_to(KEEPS)``.

Each writable format in ``normaliser.formats.FORMATS`` brings a hypothesis strategy (below, from
tests/strategies.py) for records in its value space, and declares in ``KEEPS`` the record paths
its round trip keeps. A new writable format without a strategy fails
``test_every_writable_format_has_a_strategy``. The strategies give (source, expected) pairs: a
record written and the record read back, which differ only where the format declares a
normalisation.

Format-specific properties (DTD validity, second passes, citation keys …) stay in
tests/formats/test_<format>.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields, is_dataclass, replace
from typing import Any

import pytest
from hypothesis import Phase, given, settings
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

import normaliser
from normaliser.formats import FORMATS
from normaliser.record import Journal, Record
from normaliser.text import is_null, settle_explicit_zh

from .strategies import (
    bibtex_records,
    cnmarc_records,
    dc_records,
    marc_records,
    records,
    tagged_sources,
)

Pair = tuple[Record, Record]


def _same(strategy: Callable[[], SearchStrategy[Record]]) -> Callable[[], SearchStrategy[Pair]]:
    """Records that read back as themselves (within KEEPS)."""
    return lambda: strategy().map(lambda record: (record, record))


def _holds_a_null(node: object) -> bool:
    """Whether a field of ``node`` (a record, or a part of one) is a string a dump reads as
    absent (``text.is_null``: "NIL", "None", "暂无" …): outside the aggregator's value space, as
    such a value is in every dump (extras aside, which the writer keeps in its Extras key)."""
    if isinstance(node, str):
        return is_null(node)
    if isinstance(node, tuple):
        return any(_holds_a_null(item) for item in node)
    if is_dataclass(node):
        return any(_holds_a_null(getattr(node, f.name)) for f in fields(node) if f.name != "extras")
    return False


def _as_dumped(record: Record) -> Record:
    """``record`` as an aggregator dump gives it back: a journal holding nothing the dump keeps
    (only publishers, abbreviations) is no journal; a volume or issue of digits loses its
    leading zeros (the reader's, as dumps pad them: README)."""
    journal = record.restricted_to(FORMATS["aggregator"].module.KEEPS).journal
    return replace(
        record,
        journal=None if journal == Journal() else record.journal,
        volume=_unpadded(record.volume),
        issue=_unpadded(record.issue),
    )


def _unpadded(number: str | None) -> str | None:
    return number.lstrip("0") or "0" if number is not None and number.isdigit() else number


#: Writable format → its strategy of (record written, record expected back).
STRATEGIES: dict[str, Callable[[], SearchStrategy[Pair]]] = {
    "json": _same(records),
    "aggregator": lambda: (
        records()
        .filter(lambda record: not _holds_a_null(record))
        .map(lambda record: (record, _as_dumped(record)))
    ),
    # Han text tagged bare zh comes back with its script (issue 17), its own or the record's.
    "jats": lambda: records().map(lambda record: (record, settle_explicit_zh(record))),
    "dc": _same(dc_records),  # titles, names, the citation (journal, volume, issue, pages) …
    "qdc": _same(dc_records),
    "bibtex": _same(bibtex_records),
    "ris": lambda: tagged_sources("ris"),  # the year of every date kind, and the kind
    "noteexpress": lambda: tagged_sources("noteexpress"),
    "csl": _same(records),
    "marc": _same(marc_records),
    "marcxml": _same(marc_records),
    "cnmarc": _same(cnmarc_records),  # Chinese titles, persons with pinyin, host, thesis
    "cnmarcxml": _same(cnmarc_records),
}

#: A variant whose records differ: Model A writes the record's own pinyin of a Han title or
#: name, else makes one (read back as a new form), so its records carry theirs.
VARIANT_STRATEGIES: dict[str, Callable[[], SearchStrategy[Pair]]] = {
    "marc-marc_model=a": _same(lambda: marc_records(romanised=True)),
    "marcxml-marc_model=a": _same(lambda: marc_records(romanised=True)),
}

#: Writer options whose output is a different document to read back (besides the defaults).
VARIANTS: list[tuple[str, dict[str, Any]]] = [
    *((name, {}) for name in STRATEGIES),
    ("jats", {"jats_version": "1.4"}),
    ("csl", {"csl_profile": "csl-m"}),
    ("marc", {"marc_model": "a"}),
    ("marcxml", {"marc_model": "a"}),
    ("cnmarc", {"cnmarc_pinyin": "upper"}),
]
#: Known failures, to fix in the format module (the test then passes and the mark goes).
KNOWN: dict[str, str] = {}


def _params() -> list[Any]:
    marks = {name: pytest.mark.xfail(reason=why, strict=False) for name, why in KNOWN.items()}
    return [
        pytest.param(v, id=_ids(v), marks=[marks[v[0]]] if v[0] in marks else []) for v in VARIANTS
    ]


def _ids(variant: tuple[str, dict[str, Any]]) -> str:
    name, options = variant
    return "-".join([name, *(f"{k}={v}" for k, v in options.items())])


def _round_trip(name: str, options: dict[str, Any], pair: Pair) -> None:
    source, expected = pair
    keeps = FORMATS[name].module.KEEPS
    written = normaliser.write(source, name, **options)
    [back] = normaliser.read(written.encode("utf-8"), name)
    assert back.restricted_to(keeps) == expected.restricted_to(keeps)


def test_every_writable_format_has_a_strategy() -> None:
    # A format only written (gbt7714: a formatted reference list) has no round trip; it keeps
    # nothing, and says so.
    writable = {name for name, fmt in FORMATS.items() if fmt.writes and fmt.reads}
    assert writable == set(STRATEGIES), "a writable format must bring a strategy here"
    assert all(not f.module.KEEPS for f in FORMATS.values() if not f.reads)
    for name, options in VARIANTS:
        for option in options:
            assert option in {o.name for o in FORMATS[name].options}, (name, option)


def test_the_strategies_hold_what_the_issue_names() -> None:
    # The year for RIS and NoteExpress, the citation parts for DC: in their KEEPS, so the round
    # trip checks them.
    for name in ("ris", "noteexpress"):
        assert "dates" in FORMATS[name].module.KEEPS
    for name in ("dc", "qdc"):
        keeps = FORMATS[name].module.KEEPS
        assert {"journal.titles", "volume", "issue", "fpage", "lpage", "page_range"} <= keeps


@pytest.mark.slow
@pytest.mark.parametrize("variant", _params())
@given(data=st.data())
def test_round_trip(variant: tuple[str, dict[str, Any]], data: st.DataObject) -> None:
    name, options = variant
    strategy = VARIANT_STRATEGIES.get(_ids(variant), STRATEGIES[name])
    _round_trip(name, options, data.draw(strategy(), label=name))


@pytest.mark.parametrize("variant", _params())
@settings(max_examples=5, phases=[Phase.explicit, Phase.reuse, Phase.generate])
@given(data=st.data())
def test_round_trip_smoke(variant: tuple[str, dict[str, Any]], data: st.DataObject) -> None:
    # A few examples in the default run, not shrunk (a known failure would take minutes to
    # shrink); CI runs the full property above.
    name, options = variant
    strategy = VARIANT_STRATEGIES.get(_ids(variant), STRATEGIES[name])
    _round_trip(name, options, data.draw(strategy(), label=name))
