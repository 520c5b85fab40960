"""Generated aggregator dumps of any size for batch tests and by-hand runs: the samples' records
with a fresh DOI each, and every ``broken_every``-th record broken in one of several ways.

    python -m tests.dumps 100000 > dump.txt      # 1,000 of them broken
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path

from normaliser.formats import aggregator
from normaliser.sources import open_source

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
CASES = (
    "ijn-2025",
    "bilingual-2023",
    "traditional-2022",
    "zh-title-2024",
    "han-authors-2024",
    "issn-2024",
    "elocation-2021",
    "fullwidth-labels",
)
_DOI = re.compile(r'"doi":\s*"[^"]*"')

# Each kind of breakage, as the reason the rejects report for it.
BROKEN = ("not valid JSON", "journal.pages", "publicationDate", "doi", "title")


def _bases() -> list[tuple[str | None, dict[str, object], list[str]]]:
    """Every sample record: its authors line, its JSON object, its section lines."""
    out = []
    for case in CASES:
        with open_source(SAMPLES / case / "aggregator.txt") as source:
            for chunk in aggregator.split(source):
                assert chunk.json_text is not None
                data = json.loads(chunk.json_text)
                lines = chunk.raw.splitlines()
                after = lines[lines.index(chunk.json_text.splitlines()[-1]) + 1 :]
                out.append((chunk.authors, data, after))
    return out


def records(count: int, broken_every: int = 100) -> Iterator[str]:
    """The text of ``count`` records; record ``i`` (0-based) is broken when
    ``i % broken_every == broken_every - 1``, the kinds of breakage taking turns."""
    bases = _bases()
    for i in range(count):
        authors, data, after = bases[i % len(bases)]
        data = dict(data, doi=f"10.5555/gen.{i:07d}")
        broken = broken_every and i % broken_every == broken_every - 1
        kind = BROKEN[(i // broken_every) % len(BROKEN)] if broken else None
        if kind == "journal.pages":
            data["journal"] = dict(data.get("journal") or {}, pages="abc")  # type: ignore[arg-type]
        elif kind == "publicationDate":
            data["publicationDate"] = "2025-13-45"
        elif kind == "doi":
            data["doi"] = "not a doi"
        elif kind == "title":
            data["title"] = 123
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        if kind == "not valid JSON":
            text = text[: len(text) // 2]
        head = f"{authors}\n" if authors else ""
        yield head + text + "\n" + "".join(line + "\n" for line in after)


def dump(count: int, broken_every: int = 100) -> str:
    return "".join(records(count, broken_every))


if __name__ == "__main__":
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    out = sys.stdout
    for text in records(size):
        out.write(text)
