"""The pipeline's accounting: every record read is written or rejected, with its text."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
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


# --- Nothing lost: broken records come back, byte for byte, and fixed they read again ---------

_BASE = json.loads(GOOD)
_PAGES = '"pages":"6059-6083"'
#: How a good record line is broken, and how its rejected text is fixed again (as a person
#: correcting the rejects file would), each working on the record's text alone.
BREAKERS: dict[str, tuple[Any, Any]] = {
    "pages": (
        lambda b: b.replace(_PAGES.encode(), b'"pages":"pp. six"'),
        lambda b: b.replace(b'"pages":"pp. six"', _PAGES.encode()),
    ),
    "date": (
        lambda b: b.replace(b'"publicationDate":"2025-05-12"', b'"publicationDate":"2025-02-30"'),
        lambda b: b.replace(b'"publicationDate":"2025-02-30"', b'"publicationDate":"2025-05-12"'),
    ),
    "type": (
        lambda b: b.replace(b'"citationCount":"0"', b'"citationCount":{"n":0}'),
        lambda b: b.replace(b'"citationCount":{"n":0}', b'"citationCount":"0"'),
    ),
    "bytes": (
        lambda b: b.replace(b"Cell Membrane", b"Cell \xff\xfeMembrane", 1),
        lambda b: b.replace(b"\xff\xfe", b"", 1),
    ),
    "duplicate": (
        lambda b: b.replace(b'"JCR":"Q1"', b'"JCR":"Q1","JCR":"Q3"'),
        lambda b: b.replace(b'"JCR":"Q1","JCR":"Q3"', b'"JCR":"Q1"'),
    ),
    "unterminated": (
        lambda b: b.replace(b'"JCRName":"NANOSCIENCE & NANOTECHNOLOGY"', b'"JCRName":"NANOSCI'),
        lambda b: b.replace(b'"JCRName":"NANOSCI', b'"JCRName":"NANOSCIENCE & NANOTECHNOLOGY"'),
    ),
}


@st.composite
def dump_records(draw: st.DrawFn, number: int) -> tuple[bytes, bytes, str | None]:
    """One text-dump record (an authors line, its JSON, a citation section, in some line end
    style): as written, as given to the run (broken or not), and the breaker applied."""
    end = draw(st.sampled_from(["\n", "\r\n"]))
    data = {**_BASE, "doi": f"10.2147/IJN.S{number:06d}", "ListUrlMain": None}
    data["title"] = f"{_BASE['title'][:-1]} {number}"
    lines = [json.dumps(data, ensure_ascii=False, separators=(",", ":"))]
    if draw(st.booleans()):
        lines.insert(0, data["authors"])
    if draw(st.booleans()):
        lines.append(f"引用次数: {draw(st.integers(0, 99))}")
    text = "".join(line + end for line in lines).encode("utf-8")
    breaker = draw(st.one_of(st.none(), st.sampled_from(sorted(BREAKERS))))
    return text, (BREAKERS[breaker][0](text) if breaker else text), breaker


def _run(tmp: Path, name: str, data: bytes) -> tuple[batch.Stats, list[str], list[Any]]:
    source, out, rejects = tmp / f"{name}.txt", tmp / f"{name}.jsonl", tmp / f"{name}.rej"
    source.write_bytes(data)
    stats = batch.run([str(source)], "json", output=str(out), rejects=str(rejects))
    lines = [json.loads(x) for x in rejects.read_text(encoding="utf-8").splitlines()]
    return stats, out.read_text(encoding="utf-8").splitlines(), lines


def _original(reject: dict[str, Any]) -> bytes:
    import base64

    if "raw_base64" in reject:
        return base64.b64decode(reject["raw_base64"])
    return str(reject["raw"]).encode("utf-8")


@settings(max_examples=max(10, settings.default.max_examples // 3))
@given(
    st.lists(st.integers(0, 10**6), min_size=1, max_size=10, unique=True).flatmap(
        lambda ids: st.tuples(*(dump_records(i) for i in ids)).map(lambda t: (ids, list(t)))
    )
)
def test_nothing_is_lost_and_fixed_rejects_read_again(case: tuple[list[int], list[Any]]) -> None:
    import tempfile

    _, items = case
    data = b"".join(fed for _, fed, _ in items)
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        stats, written, rejects = _run(tmp, "all", data)
        broken = [(text, fed, breaker) for text, fed, breaker in items if breaker]
        # Every record read is written or rejected.
        assert stats.read == len(items) == stats.written + stats.rejected
        assert (stats.written, stats.rejected) == (len(items) - len(broken), len(broken))
        # Each reject carries its record's text, byte for byte, where the input has it.
        assert [_original(r) for r in rejects] == [fed for _, fed, _ in broken]
        for reject in rejects:
            original = _original(reject)
            assert data[reject["offset"] : reject["offset"] + len(original)] == original
        # Fixed, the rejects read as the records were before they were broken.
        fixed = b"".join(
            BREAKERS[b][1](_original(r)) for r, (_, _, b) in zip(rejects, broken, strict=True)
        )
        assert fixed == b"".join(text for text, _, _ in broken)
        again, rewritten, still = _run(tmp, "fixed", fixed)
        assert (again.read, again.written, still) == (len(broken), len(broken), [])
        as_written = _run(tmp, "unbroken", b"".join(text for text, _, _ in items))[1]
        assert rewritten == [line for line, (_, _, b) in zip(as_written, items, strict=True) if b]
        assert written == [line for line, (_, _, b) in zip(as_written, items, strict=True) if not b]


# --- kill -9: no partial output, and a rerun writes what an uninterrupted run writes ----------

_CLI = [sys.executable, "-c", "from normaliser.cli import run; run()", "convert"]
_TEMPORARY = re.compile(r"^\.normaliser-[^/]*\.part$")


def _dump(count: int) -> bytes:
    lines = (
        json.dumps({**_BASE, "doi": f"10.2147/IJN.S{i:06d}", "ListUrlMain": None}) + "\n"
        for i in range(count)
    )
    return "".join(lines).encode("utf-8")


def _wait_for(condition: Any, process: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert process.poll() is None, "the run ended before it could be killed"
        assert time.monotonic() < deadline, "the run wrote nothing in time"
        time.sleep(0.01)


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if not _TEMPORARY.match(p.name)}


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX only")
@pytest.mark.parametrize("target", ["file", "folder"])
def test_a_killed_run_leaves_no_partial_output_and_a_rerun_is_identical(
    tmp_path: Path, target: str
) -> None:
    """The run reads standard input and is fed half its records, then killed while it waits
    for more: mid-run whatever the machine's speed. Its output file never appears (only the
    temporary file, named unlike any output); in a folder, each file there is complete."""
    dump = _dump(80)
    half = dump[: len(dump) // 2]  # more than the 64 kB the format is sniffed from
    out, expected = tmp_path / "out", tmp_path / "expected"
    out.mkdir()
    expected.mkdir()
    name = "records.jsonl" if target == "file" else "each"
    into = {
        folder: str(folder / name) + ("" if target == "file" else "/") for folder in (out, expected)
    }
    args = ["--from", "aggregator", "--to", "json", "-q", "-o"]
    (tmp_path / "dump.jsonl").write_bytes(dump)
    done = subprocess.run([*_CLI, str(tmp_path / "dump.jsonl"), *args, into[expected]])
    assert done.returncode == 0

    process = subprocess.Popen([*_CLI, "-", *args, into[out]], stdin=subprocess.PIPE)
    assert process.stdin is not None
    process.stdin.write(half)
    process.stdin.flush()
    if target == "file":
        _wait_for(lambda: any(p.stat().st_size for p in out.iterdir()), process)
    else:
        _wait_for(lambda: (out / "each").is_dir() and len(_files(out / "each")) >= 10, process)
    process.send_signal(signal.SIGKILL)
    process.wait()
    process.stdin.close()
    assert process.returncode == -signal.SIGKILL

    if target == "file":
        left = [p.name for p in out.iterdir()]
        assert left and all(_TEMPORARY.match(n) and not n.endswith(".jsonl") for n in left)
    else:
        complete = _files(expected / "each")
        written = _files(out / "each")
        assert 10 <= len(written) < len(complete)
        assert all(complete[n] == data for n, data in written.items())
        assert all(
            _TEMPORARY.match(p.name) for p in (out / "each").iterdir() if p.name not in written
        )

    rerun = subprocess.run([*_CLI, "-", *args, into[out]], input=dump)
    assert rerun.returncode == 0
    if target == "file":
        assert (out / name).read_bytes() == (expected / name).read_bytes()
    else:
        assert _files(out / "each") == _files(expected / "each")
