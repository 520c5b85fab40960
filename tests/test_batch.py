"""The pipeline's accounting: every record read is written or rejected, with its text."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from normaliser import batch

from .conftest import SEED

GOOD = SEED.read_text(encoding="utf-8").splitlines()[1]
BAD = [
    '{"title": "cut short',
    '{"title": 123}',
    '{"title": "T", "journal": {"pages": "abc"}}',
    '{"title": "T", "publicationDate": "2025-13-45"}',
    '{"title": "T", "doi": "not a doi"}',
]


@given(st.lists(st.one_of(st.just(GOOD), st.sampled_from(BAD)), max_size=12))
def test_read_is_written_plus_rejected_and_rejects_keep_their_text(lines: list[str]) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        source, out, rejects = Path(tmp, "in.jsonl"), Path(tmp, "out.jsonl"), Path(tmp, "r.jsonl")
        source.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
        seen: list[int] = []
        stats = batch.run(
            [str(source)],
            "json",
            from_="aggregator",
            output=str(out),
            rejects=str(rejects),
            on_progress=lambda s: seen.append(s.read),
        )
        written = out.read_text(encoding="utf-8").splitlines()
        rejected = [json.loads(x) for x in rejects.read_text(encoding="utf-8").splitlines()]
    assert stats.read == len(lines) == stats.written + stats.rejected
    assert len(written) == stats.written == lines.count(GOOD)
    assert [r["raw"] for r in rejected] == [line + "\n" for line in lines if line != GOOD]
    assert all(r["errors"] for r in rejected)
    assert seen[-1] == stats.read if lines else seen in ([], [0])
