"""The batch pipeline under damaged input (issue 18, "Done when"): every sample of every format
(``samples/*/<format>.<ext>``) with bytes flipped, lines deleted or duplicated, garbage
inserted and the end cut off (``strategies.mutated_file``), converted by
``normaliser.batch.run`` (and a few through the real command line). Whatever the damage:

- no internal error: the exit code is 0 or 1, or 2 only when the whole input is not
  recognisable as its format (``UNREADABLE`` says when, per format, and why);
- ``read = written + rejected + deleted``;
- every reject's original bytes are in the input at its offset, exactly;
- what is written reads back through the writer's reader, every record of it.

Examples per test come from the hypothesis profile: a few in ``default`` and ``ci`` (this
file stays under a minute there), many in ``thorough``
(``HYPOTHESIS_PROFILE=thorough pytest tests/test_fuzz_cli.py``).
"""

from __future__ import annotations

import base64
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import normaliser
from normaliser import batch, formats

from .conftest import SAMPLES
from .strategies import mutated_file

#: Every sample input, by the format its file name says (``samples/<case>/<format>.<ext>``).
SAMPLE_FILES: dict[str, list[Path]] = {}
for _path in sorted(SAMPLES.glob("*/*")):
    if _path.stem in formats.readable() and _path.name.endswith(
        tuple(formats.get(_path.stem).extensions)
    ):
        SAMPLE_FILES.setdefault(formats.get(_path.stem).module_name, []).append(_path)

#: When a whole input may be refused (exit 2) rather than read record by record:
#: - any format: bytes that are not text in a known encoding (the head is neither UTF-8 nor
#:   GB18030 nor a mix of their lines, e.g. a flipped byte in the first line of a short file
#:   that is then mostly undecodable; or a UTF-16 byte-order mark before bytes that are not
#:   UTF-16): there are no lines to split into records;
#: - any format: a file whose first bytes are gzip's or bzip2's magic number (a flipped byte can
#:   make them) is read as compressed, and damaged compressed data has no recoverable text;
#: - XML formats (jats, dc, MARCXML read by marc): a document that is not well-formed (a
#:   record element's extent is only known from the parse; the records before the break are
#:   read and counted), or that holds no record element at all (cut before its first
#:   ``<article>``/``<record>``), or declares entities (refused by the hardened parser), or is
#:   an OAI-PMH error response.
#: Line-based formats split at their own markers and must turn any other damage into rejects.
UNREADABLE_ANY = re.compile(
    r"neither UTF-8 nor GB18030|this is not a text file|not valid UTF-16"
    r"|damaged compressed data|the file is empty"
)
UNREADABLE_XML = re.compile(
    r"not well-formed XML|no <article> element|no Dublin Core record|declares entities"
    r"|OAI-PMH response is an error|no root element"
)
#: marc reads its MARCXML inputs, cnmarc its cnmarcxml ones.
XML_FORMATS = {"jats", "dc", "marc", "cnmarc"}
#: Targets, each read back by its own reader.
TARGETS = ["json", "jats", "dc", "ris", "bibtex", "noteexpress"]
_PROFILE = settings.default.max_examples
#: A twentieth of the profile's examples per format in ``default`` (3 → 4) and ``ci`` (15);
#: half of them in ``thorough`` (1500 per format, some minutes).
FUZZ = settings(
    max_examples=max(4, _PROFILE // 20 if _PROFILE <= 300 else _PROFILE // 2),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def test_every_format_has_samples_to_damage() -> None:
    readers = {m.module_name for m in formats.FORMATS.values() if m.reads}
    assert set(SAMPLE_FILES) == readers


def check_rejects(data: bytes, fmt: str, lines: list[dict[str, object]]) -> None:
    """Every reject line's bytes are the input's bytes at its offset."""
    for line in lines:
        encoded = line.get("raw_base64")
        kept = base64.b64decode(str(encoded)) if encoded else str(line["raw"]).encode("utf-8")
        offset = line["offset"]
        assert isinstance(offset, int), line
        if data[offset : offset + len(kept)] == kept:
            continue
        # A bilingual BibTeX @set pair is one record: its entries, a blank line between.
        assert fmt == "bibtex", line
        parts = [p for p in kept.split(b"\n\n") if p.strip()]
        assert len(parts) > 1 and data[offset:].startswith(parts[0]), line
        assert all(p in data for p in parts), line


def reject_lines(path: Path) -> list[dict[str, object]]:
    """The rejects file's lines (none when no input could be read: it is then left as it was)."""
    if not path.exists():
        return []
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]


def check_unreadable(fmt: str, messages: list[str]) -> None:
    for message in messages:
        allowed = UNREADABLE_ANY.search(message) or (
            fmt in XML_FORMATS and UNREADABLE_XML.search(message)
        )
        assert allowed, f"{fmt}: refused as a whole: {message}"


def read_back(path: Path, target: str, written: int) -> None:
    if written == 0:
        return
    items = list(normaliser.read(path, target, errors="yield"))
    assert len(items) == written
    rejects = [i for i in items if isinstance(i, normaliser.Reject)]
    assert not rejects, rejects  # what a writer writes, its reader reads back


def test_a_relative_link_written_as_ris_reads_back() -> None:
    """Found by this file: a link that is no http(s) URL (the JATS self-uri
    'livsys-84213-v2.pdf') was written as RIS UR, NoteExpress URL and BibTeX url, whose readers
    refused it; fixed on main by issue 18 #4 (a bad URL is kept with a warning)."""
    records = list(normaliser.read(SAMPLES / "jats-elife-style" / "jats.xml"))
    for target in ("ris", "noteexpress", "bibtex"):
        document = normaliser.write(records, target)
        assert len(list(normaliser.read(document, target))) == len(records)


def convert(data: bytes, fmt: str, target: str, folder: Path) -> batch.Stats:
    source = folder / f"input.{formats.get(fmt).extensions[0].lstrip('.')}"
    source.write_bytes(data)
    out, rejects, deletions = folder / "out", folder / "rejects.jsonl", folder / "deleted.jsonl"
    refused: list[str] = []
    stats = batch.run(
        [str(source)],
        target,
        from_=fmt,
        output=str(out),
        rejects=str(rejects),
        deletions=str(deletions),
        on_unreadable=lambda name, exc: refused.append(str(exc)),
    )
    assert stats.bugs == 0, stats.first_bug
    assert stats.read == stats.written + stats.rejected + stats.deleted
    check_unreadable(fmt, refused)
    lines = reject_lines(rejects)
    assert len(lines) == stats.rejected
    check_rejects(data, fmt, lines)
    read_back(out, target, stats.written)
    return stats


@pytest.mark.parametrize("fmt", sorted(SAMPLE_FILES))
@FUZZ
@given(data=st.data())
def test_damaged_samples_through_the_batch_pipeline(fmt: str, data: st.DataObject) -> None:
    path = data.draw(st.sampled_from(SAMPLE_FILES[fmt]), label="sample")
    damaged = data.draw(mutated_file(path.read_bytes()), label="damaged")
    target = data.draw(st.sampled_from(TARGETS), label="target")
    with tempfile.TemporaryDirectory() as folder:
        convert(damaged, fmt, target, Path(folder))


CONSOLE = [sys.executable, "-c", "from normaliser.cli import run; run()"]
SUMMARY = re.compile(r"read (\d+), written (\d+), rejected (\d+)(?:, deleted (\d+))?")


@settings(
    max_examples=max(3, _PROFILE // 60 if _PROFILE <= 300 else _PROFILE // 20),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_damaged_samples_through_the_command_line(data: st.DataObject) -> None:
    fmt = data.draw(st.sampled_from(sorted(SAMPLE_FILES)), label="format")
    path = data.draw(st.sampled_from(SAMPLE_FILES[fmt]), label="sample")
    damaged = data.draw(mutated_file(path.read_bytes()), label="damaged")
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        source = folder / f"input{formats.get(fmt).extensions[0]}"
        source.write_bytes(damaged)
        out, rejects = folder / "out.jsonl", folder / "rejects.jsonl"
        result = subprocess.run(
            [*CONSOLE, "convert", str(source), "--from", fmt, "--to", "json", "-o", str(out),
             "--rejects", str(rejects), "--deletions", str(folder / "deleted.jsonl")],
            capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
        assert result.returncode in (0, 1, 2), result.stderr
        summary = SUMMARY.search(result.stderr)
        assert summary, result.stderr
        read, written, rejected = (int(summary.group(i)) for i in (1, 2, 3))
        deleted = int(summary.group(4) or 0)
        assert read == written + rejected + deleted
        lines = reject_lines(rejects)
        check_rejects(damaged, fmt, lines)
        if result.returncode == 2:
            messages = [
                ln
                for ln in result.stderr.splitlines()
                if ln.startswith("normaliser:")
                and not SUMMARY.search(ln)
                and not re.search(r": record \d+", ln)
            ]
            check_unreadable(fmt, messages)
        else:
            assert result.returncode == (1 if rejected else 0)
        read_back(out, "json", written)


def test_the_fuzzing_can_fail() -> None:
    """The checks are not vacuous: a reject whose bytes are not the input's is caught."""
    with pytest.raises(AssertionError):
        check_rejects(b"abc", "ris", [{"raw": "abd", "offset": 0}])
    with pytest.raises(AssertionError):
        check_unreadable("ris", ["x.ris: line 3: not well-formed XML"])
    with pytest.raises(AssertionError):
        read_back(Path(__file__).parent / "corpus" / "broken" / "truncated-json.txt", "json", 6)
