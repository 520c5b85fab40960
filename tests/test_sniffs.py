"""normaliser.sniffs: every format told from the head of a file, as ``read`` tells it."""

from __future__ import annotations

from pathlib import Path

import pytest

from normaliser import formats, sniffs
from normaliser.sources import open_source

from .test_golden import INPUTS, MATRIX

#: Every sample file a format reads: the inputs, and the JSON and XML documents written.
SAMPLE_FILES = sorted({*INPUTS, *(e for _, e in MATRIX if e.suffix in (".json", ".xml"))})


def sniffed(path: Path) -> str:
    with open_source(path) as source:
        return formats.sniff(source.head_text(), source.name).name


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: f"{p.parent.name}-{p.name}")
def test_sniffing_picks_the_format_of_every_sample(path: Path) -> None:
    assert sniffed(path) == path.stem  # samples/<case>/<format>.<ext>


def test_the_bibtex_sniff_knows_every_entry_type_the_reader_maps() -> None:
    from normaliser.formats import bibtex

    read = {spelling for _, spelling in (*bibtex.ENTRY_TYPES.pairs, *bibtex.ENTRY_TYPES.read_only)}
    assert all(kind in bibtex.ENTRY_TYPES for kind in read)
    assert read <= sniffs.BIBTEX_KINDS
    assert all(bibtex.sniff(f"@{kind}{{key,\n") == 90 for kind in read)
