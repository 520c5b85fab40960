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
    "type": (  # a core field (a secondary one that does not parse is kept: issue 15)
        lambda b: b.replace(b'"volume":"20 "', b'"volume":{"n":20}'),
        lambda b: b.replace(b'"volume":{"n":20}', b'"volume":"20 "'),
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
    if not rejects.exists():  # an input that cannot be read (empty): the outputs are untouched
        assert stats.unreadable and not out.exists()
        return stats, [], []
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


@pytest.mark.slow
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

    # A rerun into the folder replaces the killed run's files: --overwrite says so.
    again = [] if target == "file" else ["--overwrite"]
    rerun = subprocess.run([*_CLI, "-", *args, into[out], *again], input=dump)
    assert rerun.returncode == 0
    if target == "file":
        assert (out / name).read_bytes() == (expected / name).read_bytes()
    else:
        assert _files(out / "each") == _files(expected / "each")
    # The rerun removed the killed run's temporary files: no process holds them any more.
    folder = out if target == "file" else out / "each"
    assert not [p.name for p in folder.iterdir() if _TEMPORARY.match(p.name)]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX: locks and process ids")
def test_a_run_removes_only_the_stale_temporary_files_of_its_own_naming(tmp_path: Path) -> None:
    import fcntl

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    dead_pid = int(dead.stdout)
    out = tmp_path / "out"
    out.mkdir()
    stale = out / f".normaliser-{dead_pid}-k2x8_q1z.part"
    live = out / f".normaliser-{os.getpid()}-abcd1234.part"  # a writer that is running
    locked = out / f".normaliser-{dead_pid}-zzzz0000.part"  # held by a living process
    foreign = [out / ".other-1234.part", out / "notes.part"]
    for path in (stale, live, locked, *foreign):
        path.write_bytes(b"partial")
    rejects_dir = tmp_path / "rejects"
    rejects_dir.mkdir()
    stale_rejects = rejects_dir / f".normaliser-{dead_pid}-aaaa1111.part"
    stale_rejects.write_bytes(b"partial")
    (tmp_path / "dump.jsonl").write_bytes(_dump(3))
    with open(locked, "rb") as holder:
        fcntl.flock(holder, fcntl.LOCK_EX)
        done = subprocess.run(
            [*_CLI, str(tmp_path / "dump.jsonl"), "--to", "json", "-q",
             "-o", str(out / "out.jsonl"), "--rejects", str(rejects_dir / "r.jsonl")],
            check=False,
        )  # fmt: skip
    assert done.returncode == 0
    assert not stale.exists() and not stale_rejects.exists()
    assert live.exists() and locked.exists() and all(p.exists() for p in foreign)
    assert sorted(p.name for p in rejects_dir.iterdir()) == ["r.jsonl"]


# --- Parallel runs, internal errors, pickling -------------------------------------------------

import io  # noqa: E402
import multiprocessing  # noqa: E402
import os  # noqa: E402
import pickle  # noqa: E402

import pytest  # noqa: E402

import normaliser  # noqa: E402
from normaliser import formats  # noqa: E402
from normaliser.errors import (  # noqa: E402
    InvalidInput,
    InvalidRecord,
    InvalidXML,
    UnknownFormat,
    WorkerFailed,
)
from normaliser.formats import aggregator  # noqa: E402
from normaliser.formats import json as json_format  # noqa: E402
from normaliser.record import Record, Reject  # noqa: E402
from normaliser.sources import open_source  # noqa: E402

from .conftest import SAMPLES  # noqa: E402
from .dumps import dump, records  # noqa: E402

WRITABLE = sorted(name for name in formats.FORMATS if formats.writer(name) is not None)
BUGGY_DOI = "10.5555/gen.0000004"


def _convert(
    tmp: Path, name: str, source: Path, to: str, **kwargs: object
) -> tuple[bytes, bytes, dict]:
    out, rejects = tmp / f"{name}.out", tmp / f"{name}.rejects"
    stats = batch.run([str(source)], to, output=str(out), rejects=str(rejects), **kwargs)  # type: ignore[arg-type]
    counts = {
        k: v for k, v in stats.as_dict().items() if k not in ("seconds", "records_per_second")
    }
    return out.read_bytes(), rejects.read_bytes(), counts


@pytest.mark.parametrize("to", WRITABLE)
def test_jobs_write_the_same_bytes_as_one_process(
    to: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(batch, "CHUNK_RECORDS", 7)  # many chunks, several in flight
    source = tmp_path / "dump.txt"
    source.write_text(dump(45, broken_every=9), encoding="utf-8")
    one = _convert(tmp_path, "one", source, to, jobs=1)
    two = _convert(tmp_path, "two", source, to, jobs=2)
    assert one == two
    assert one[2]["read"] == 45 and one[2]["rejected"] == 5 and one[2]["written"] == 40


@pytest.mark.parametrize("to", WRITABLE)
@pytest.mark.parametrize("count", [0, 1, 2, 3])
def test_joined_records_are_the_document_the_writer_writes(to: str, count: int) -> None:
    records_ = list(normaliser.read(dump(count, broken_every=0), "aggregator"))
    # The same records again: citation keys (BibTeX) collide and must still come out unique.
    records_ += records_
    write_to = formats.writer(to)
    assert write_to is not None
    empty = io.StringIO()
    write_to([], empty)
    job = batch.Job(to)
    out = io.StringIO()
    batch.join(to, empty.getvalue(), (batch.render(job, r) for r in records_), out)
    assert out.getvalue() == normaliser.write(records_, to)


def test_output_directory_is_the_same_with_jobs(tmp_path: Path) -> None:
    source = tmp_path / "dump.txt"
    source.write_text(dump(12, broken_every=5), encoding="utf-8")
    trees = []
    for jobs in (1, 2):
        folder = tmp_path / f"out{jobs}"
        stats = batch.run([str(source)], "jats", output=f"{folder}/", jobs=jobs)
        assert (stats.written, stats.rejected) == (10, 2)
        trees.append({p.name: p.read_bytes() for p in folder.iterdir()})
    assert trees[0] == trees[1] and len(trees[0]) == 10


@pytest.mark.slow
def test_two_thousand_records_with_two_jobs_reconcile(tmp_path: Path) -> None:
    texts = list(records(2000))
    source = tmp_path / "dump.txt"
    source.write_text("".join(texts), encoding="utf-8")
    out, rejects = tmp_path / "out.jsonl", tmp_path / "r.jsonl"
    stats = batch.run([str(source)], "json", output=str(out), rejects=str(rejects), jobs=2)
    assert (stats.read, stats.written, stats.rejected) == (2000, 1980, 20) and stats.reconciles
    written = out.read_text(encoding="utf-8").splitlines()
    assert [json.loads(w)["identifiers"][0]["value"] for w in written[:3]] == [
        "10.5555/gen.0000000",
        "10.5555/gen.0000001",
        "10.5555/gen.0000002",
    ]
    lines = [json.loads(x) for x in rejects.read_text(encoding="utf-8").splitlines()]
    assert [r["record"] for r in lines] == list(range(100, 2001, 100))
    for r in lines:  # the original text, exactly
        text = texts[r["record"] - 1]
        # Before JSON cut short, an authors line with an initial ("Sarah K. Thompson") is taken
        # for the previous record's text: the reject then starts at the JSON line.
        assert r["raw"] == text or (
            r["message"].startswith("not valid JSON") and text.endswith(r["raw"])
        )
    assert sum(stats.reasons.values()) == 20 and len(stats.reasons) == 5


def _bug_on_one_record(record: Record) -> Record:
    """A transform with a bug that one record (by its DOI) runs into."""
    if record.identifier("doi") == BUGGY_DOI:
        raise KeyError("no such key")
    return record


def _bad_data_on_one_record(record: Record) -> Record:
    if record.identifier("doi") == BUGGY_DOI:
        raise InvalidRecord("not wanted here", field="doi")
    return record


def _exit_in_a_worker(record: Record) -> Record:
    if multiprocessing.parent_process() is not None:
        os._exit(3)  # a worker killed mid-run (as by the OOM killer)
    return record


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_bug_on_one_record_sets_it_aside_and_the_run_goes_on(tmp_path: Path, jobs: int) -> None:
    texts = list(records(10, broken_every=0))
    source = tmp_path / "dump.txt"
    source.write_text("".join(texts), encoding="utf-8")
    out, rejects = tmp_path / "out.jsonl", tmp_path / "r.jsonl"
    stats = batch.run(
        [str(source)],
        "json",
        output=str(out),
        rejects=str(rejects),
        jobs=jobs,
        transform=_bug_on_one_record,
    )
    assert (stats.read, stats.written, stats.rejected, stats.bugs) == (10, 9, 1, 1)
    assert stats.as_dict()["internal_errors"] == 1
    assert stats.reasons == {"internal error": 1}
    [line] = [json.loads(x) for x in rejects.read_text(encoding="utf-8").splitlines()]
    assert line["message"] == "internal error: KeyError: 'no such key' — please report it"
    assert line["raw"] == texts[4] and line["record"] == 5 and line["line"] > 1
    assert "KeyError" in line["traceback"] and stats.first_bug == line["traceback"]
    assert len(out.read_text(encoding="utf-8").splitlines()) == 9


def test_a_transform_can_reject_a_record_as_bad_data(tmp_path: Path) -> None:
    texts = list(records(6, broken_every=0))
    source = tmp_path / "dump.txt"
    source.write_text("".join(texts), encoding="utf-8")
    seen: list[Reject] = []
    stats = batch.run(
        [str(source)],
        "json",
        output=str(tmp_path / "o"),
        transform=_bad_data_on_one_record,
        on_reject=seen.append,
    )
    assert (stats.written, stats.rejected, stats.bugs) == (5, 1, 0)
    assert str(seen[0].error) == "doi: not wanted here" and seen[0].raw == texts[4]


def test_fail_on_bug_lets_the_bug_escape(tmp_path: Path) -> None:
    source = tmp_path / "dump.txt"
    source.write_text(dump(6, broken_every=0), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    with pytest.raises(KeyError):
        batch.run(
            [str(source)], "json", output=str(out), transform=_bug_on_one_record, fail_on_bug=True
        )
    assert not out.exists() and not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_reader_and_writer_bugs_become_rejects(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = list(records(6, broken_every=0))
    source = tmp_path / "dump.txt"
    source.write_text("".join(texts), encoding="utf-8")
    real_from_dict, real_to_dict = aggregator.from_dict, json_format.to_dict

    def reader_bug(data: dict, **kwargs: object) -> Record:
        if data.get("doi") == "10.5555/gen.0000001":
            raise AttributeError("'NoneType' object has no attribute 'strip'")
        return real_from_dict(data, **kwargs)  # type: ignore[arg-type]

    def writer_bug(record: Record) -> dict:
        if record.identifier("doi") == "10.5555/gen.0000003":
            raise ZeroDivisionError("division by zero")
        return real_to_dict(record)

    monkeypatch.setattr(aggregator.reader, "from_dict", reader_bug)
    monkeypatch.setattr(json_format, "to_dict", writer_bug)
    rejected: list[Reject] = []
    stats = batch.run([str(source)], "json", output=str(tmp_path / "o"), on_reject=rejected.append)
    assert (stats.read, stats.written, stats.rejected, stats.bugs) == (6, 4, 2, 2)
    assert [r.record for r in rejected] == [2, 4]
    assert str(rejected[0].error).startswith("internal error: AttributeError: ")
    assert str(rejected[1].error).startswith("internal error: ZeroDivisionError: ")
    assert [r.raw for r in rejected] == [texts[1], texts[3]]  # the original text, not a rewrite


def test_a_reader_bug_spoils_its_input_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text(dump(3, broken_every=0), encoding="utf-8")
    second.write_text(dump(2, broken_every=0), encoding="utf-8")
    real_split = aggregator.split

    def split_bug(source: object) -> object:
        if str(getattr(source, "name", "")).endswith("a.txt"):
            raise IndexError("list index out of range")
        return real_split(source)  # type: ignore[arg-type]

    monkeypatch.setattr(aggregator, "split", split_bug)
    told: list[str] = []
    stats = batch.run(
        [str(first), str(second)],
        "json",
        output=str(tmp_path / "o"),
        on_unreadable=lambda name, exc: told.append(str(exc)),
    )
    assert (stats.read, stats.written, stats.bugs, stats.unreadable) == (2, 2, 1, [str(first)])
    assert "internal error: IndexError" in told[0] and "please report" in told[0]


def test_a_dead_worker_abandons_the_run_and_leaves_no_output(tmp_path: Path) -> None:
    source = tmp_path / "dump.txt"
    source.write_text(dump(4, broken_every=0), encoding="utf-8")
    out = tmp_path / "out.xml"
    with pytest.raises(WorkerFailed, match="worker process stopped"):
        batch.run([str(source)], "jats", output=str(out), jobs=2, transform=_exit_in_a_worker)
    assert list(tmp_path.iterdir()) == [source]


def test_jobs_zero_is_one_per_cpu_and_negative_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "dump.txt"
    source.write_text(dump(3, broken_every=0), encoding="utf-8")
    stats = batch.run([str(source)], "json", output=str(tmp_path / "o"), jobs=0)
    assert stats.written == 3
    with pytest.raises(normaliser.UsageError):
        batch.run([str(source)], "json", output=str(tmp_path / "o"), jobs=-1)


def test_records_rejects_errors_and_pieces_pickle() -> None:
    record = next(normaliser.read(SAMPLES / "bilingual-2023" / "aggregator.txt"))
    read = normaliser.read(SAMPLES / "dump-broken" / "aggregator.txt", errors="yield")
    [reject] = [item for item in read if isinstance(item, Reject)]
    located = InvalidRecord({"journal": {"pages": ["'abc' is not a page range"]}}).located(
        "dump.txt", 3, 7
    )
    errors = [located, InvalidXML("a.xml: not well-formed", line=4), InvalidInput("x"),
              UnknownFormat("y"), WorkerFailed("z")]  # fmt: skip
    for error in errors:
        back = pickle.loads(pickle.dumps(error))
        assert type(back) is type(error) and str(back) == str(error)
        assert getattr(back, "messages", None) == getattr(error, "messages", None)
        assert getattr(back, "line", None) == getattr(error, "line", None)
    assert pickle.loads(pickle.dumps(record)) == record
    back = pickle.loads(pickle.dumps(reject))
    assert (back.raw, back.record, back.line, back.messages) == (
        reject.raw,
        reject.record,
        reject.line,
        reject.messages,
    )
    with open_source(SAMPLES / "ijn-2025" / "aggregator.txt") as source:
        [chunk] = aggregator.split(source)
    piece = batch.Piece("ijn.txt", 1, "aggregator", chunk)
    job = batch.Job("jats", {"jats_version": "1.4"}, transform=_bug_on_one_record)
    assert pickle.loads(pickle.dumps(piece)) == piece
    assert pickle.loads(pickle.dumps(job)) == job
    outcome = batch.process(job, piece)
    assert pickle.loads(pickle.dumps(outcome)).document == outcome.document


def test_outputs_get_the_permissions_open_would_give(tmp_path: Path) -> None:
    import stat

    old = os.umask(0o022)
    try:
        with batch.atomic_output(str(tmp_path / "out.json")) as fh:
            fh.write("{}\n")
    finally:
        os.umask(old)
    mode = stat.S_IMODE((tmp_path / "out.json").stat().st_mode)
    assert mode == 0o644  # not mkstemp's private 0600: a catalogue job's readers can read it


@given(st.text(min_size=1, max_size=400), st.sampled_from([".xml", ".json", ".bib"]))
def test_fit_name_fits_in_bytes_keeps_a_prefix_and_tells_names_apart(
    name: str, suffix: str
) -> None:
    fitted = batch.fit_name(name, suffix, 255)
    assert len((fitted + suffix).encode("utf-8")) <= 255
    if len((name + suffix).encode("utf-8")) <= 255:
        assert fitted == name
    else:
        prefix, _, digest = fitted.rpartition("-")
        assert name.startswith(prefix) and len(digest) == 16
        assert batch.fit_name(name + "x", suffix, 255) != fitted
