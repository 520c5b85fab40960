"""Conversion on a real Dask cluster (issue 24): ``normaliser convert … --dask ADDRESS``, storage
by URL (fsspec), byte ranges of one big dump spread over the workers, and exactly-once outputs when
a worker dies. The cluster tests start a ``distributed.LocalCluster`` (a scheduler and two worker
processes over TCP on 127.0.0.1) and are marked slow; the others are quick."""

from __future__ import annotations

import functools
import itertools
import json
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from normaliser import batch, formats
from normaliser.cli import main
from normaliser.errors import UsageError, WorkerFailed
from normaliser.record import Record

from .dumps import dump as generated_dump

distributed = pytest.importorskip("distributed")
fsspec = pytest.importorskip("fsspec")
from normaliser import dask as on_dask  # noqa: E402

#: Records of the generated dump, every BROKEN-th one broken (rejects in several partitions).
RECORDS, BROKEN = 600, 41
#: A partition size that cuts the dump (about 2 MB) into several byte ranges.
PART = 256 * 1024
#: The longest a cluster test waits for anything (a stuck cluster fails, never hangs CI).
TIMEOUT = 120


@pytest.fixture(scope="module")
def dump(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("dump") / "dump.txt"
    path.write_text(generated_dump(RECORDS, BROKEN), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    """A scheduler and two worker processes on 127.0.0.1, talking TCP; closed after the module."""
    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            protocol="tcp://",
            scheduler_port=0,
            dashboard_address="127.0.0.1:0",
            silence_logs=logging.ERROR,
        ) as local,
        distributed.Client(local, timeout=TIMEOUT) as client,
    ):
        client.wait_for_workers(2, timeout=TIMEOUT)
        yield local, client


def _jobs_1(tmp: Path, to: str, *inputs: str) -> tuple[bytes, bytes, dict[str, Any]]:
    """The output, rejects and report of the plain command line (``--jobs 1``)."""
    out, rejects, report = tmp / f"one.{to}", tmp / "one.rejects", tmp / "one.report"
    CliRunner().invoke(
        main,
        [
            "convert",
            *inputs,
            "--to",
            to,
            "-o",
            str(out),
            "--rejects",
            str(rejects),
            "--report",
            str(report),
        ],
        catch_exceptions=False,
    )
    return out.read_bytes(), rejects.read_bytes(), json.loads(report.read_text())


def _counts(report: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in report.items() if k not in ("seconds", "records_per_second")}


def _parts(folder: Path) -> list[Path]:
    """The parts in ``folder`` (and the job's name, in the output folder: nothing else)."""
    names = sorted(p for p in folder.iterdir() if p.name != on_dask.JOB_FILE)
    assert all(p.name.startswith("part-") for p in names), names  # nothing partial, no temporary
    return names


def _joined(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in _parts(folder))


# --- Quick: no cluster ------------------------------------------------------------------------


def test_importing_normaliser_loads_no_dask() -> None:
    code = (
        "import sys, normaliser, normaliser.cli, normaliser.batch\n"
        "loaded = [m for m in ('dask', 'distributed', 'fsspec') if m in sys.modules]\n"
        "assert not loaded, loaded\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_a_missing_storage_backend_names_the_package_to_install() -> None:
    try:
        import gcsfs  # noqa: F401
    except ImportError:
        pass
    else:
        pytest.skip("gcsfs is installed")
    with pytest.raises(UsageError, match="gcsfs"):
        on_dask.storage("gs://bucket/dumps/")


def test_an_unknown_url_scheme_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="nosuchscheme"):
        on_dask.storage("nosuchscheme://bucket/x")


def test_big_files_are_cut_on_record_boundaries(dump: Path) -> None:
    """Every byte range of the plan read on its own gives the records of the whole file there:
    the same text, line, offset and number, each record in exactly one range."""
    parts = on_dask.plan([str(dump)], partition_size=PART, scheduler="sync")
    ranges = [s for part in parts for s in part]
    assert len(parts) >= 4 and all(len(part) == 1 for part in parts)
    assert ranges[0].start == 0 and ranges[-1].end is None
    for before, after in itertools.pairwise(ranges):
        assert before.end == after.start and before.records == after.first - before.first
    fmt = formats.get("aggregator")
    with open(dump, "rb") as fh, batch.open_source(fh, str(dump)) as source:
        whole = [(c.raw, c.line, c.offset) for c in fmt.split(source)]
    pieces = [p for s in ranges for p in s.normaliser_pieces(from_=None, strict=False)]
    assert [p.number for p in pieces] == list(range(1, RECORDS + 1))
    assert [(p.payload.raw, p.payload.line, p.payload.offset) for p in pieces] == whole
    assert {p.source for p in pieces} == {str(dump)}


def test_small_files_are_grouped(tmp_path: Path) -> None:
    names = []
    for i in range(5):
        path = tmp_path / f"small-{i}.txt"
        path.write_text(generated_dump(3, 0), encoding="utf-8")
        names.append(str(path))
    parts = on_dask.plan(names, partition_size=PART, scheduler="sync")
    assert [[s.name for s in part] for part in parts] == [names]


def test_a_recomputed_partition_overwrites_nothing_completed(tmp_path: Path) -> None:
    """Two attempts at one partition: the second finds the first's output committed and leaves
    it (and the rejects that came with it) as they are; it removes its own temporary files."""
    out, rejects = tmp_path / "out", tmp_path / "rejects"
    out.mkdir()
    rejects.mkdir()
    source = tmp_path / "in.txt"
    source.write_text(generated_dump(4, 2), encoding="utf-8")
    task = functools.partial(
        on_dask.convert_partition,
        0,
        [on_dask.Slice(str(source), str(source))],
        to="json",
        out_dir=str(out),
        rejects_dir=str(rejects),
        run="test",
    )
    first = task()
    assert first["stats"]["read"] == 4 and first["stats"]["rejected"] == 2
    (out / "part-00000.json").write_bytes(b"completed by the first attempt\n")
    second = task()
    assert _counts(second["stats"]) == _counts(first["stats"])
    assert (out / "part-00000.json").read_bytes() == b"completed by the first attempt\n"
    assert [p.name for p in out.iterdir()] == ["part-00000.json"]
    assert [p.name for p in rejects.iterdir()] == ["part-00000.jsonl"]


def test_a_rerun_with_resume_finishes_an_interrupted_job(dump: Path, tmp_path: Path) -> None:
    """A run cut off after some partitions (here: the last parts removed, as a run abandoned
    before them leaves its folders) is finished by the same command with --resume: the parts
    there are kept, the missing ones written, the counts those of the whole job. A different
    job (another partition size) is refused in that folder."""
    folders = {k: tmp_path / k for k in ("parts", "rejects")}
    job = functools.partial(
        on_dask.convert_urls,
        [str(dump)],
        to="json",
        out_dir=str(folders["parts"]),
        rejects_dir=str(folders["rejects"]),
        scheduler="sync",
    )
    whole = job(partition_size=PART)
    complete = {k: _joined(f) for k, f in folders.items()}
    kept = _parts(folders["parts"])[0]
    original = kept.read_bytes()
    kept.write_bytes(b"kept as it was\n")  # a part there is not written again
    for folder in folders.values():
        for part in _parts(folder)[-3:]:
            part.unlink()
    with pytest.raises(UsageError, match="--resume"):
        job(partition_size=PART)
    with pytest.raises(UsageError, match="another job"):
        job(partition_size=PART // 2, resume=True)
    again = job(partition_size=PART, resume=True)
    assert _counts(again) == _counts(whole)
    assert kept.read_bytes() == b"kept as it was\n"
    kept.write_bytes(original)
    assert _joined(folders["parts"]) == complete["parts"]
    assert _joined(folders["rejects"]) == complete["rejects"]
    assert len(_parts(folders["parts"])) == whole["partitions"]


class _OtherInstall:
    """A client of a cluster whose scheduler or workers have another normaliser installed: what
    distributed raises when they cannot load this one's functions."""

    def __init__(self, error: Exception) -> None:
        self.error = error

    def compute(self, tasks: Any) -> Any:
        return tasks

    def gather(self, futures: Any) -> Any:
        raise self.error


@pytest.mark.parametrize(
    "error",
    [
        RuntimeError("Error during deserialization of the task graph. This frequently occurs"),
        AttributeError("Can't get attribute 'cut' on <module 'normaliser.dask'>"),
        ModuleNotFoundError("No module named 'normaliser'"),
    ],
)
def test_a_cluster_without_this_normaliser_is_said_to_be_so(dump: Path, error: Exception) -> None:
    """Found by hand: a scheduler started from another installation failed the run as an
    internal error of normaliser (exit 70, a traceback). It is a cluster set up wrongly."""
    with pytest.raises(WorkerFailed, match="the same normaliser") as caught:
        on_dask.plan([str(dump)], partition_size=PART, client=_OtherInstall(error))
    assert str(error).split(".")[0] in str(caught.value)


def test_the_cli_refuses_dask_without_an_output_folder(dump: Path) -> None:
    result = CliRunner().invoke(main, ["convert", str(dump), "--to", "json", "--dask", "local:1"])
    assert result.exit_code == 2 and "--dask needs -o" in result.stderr


def test_the_cli_refuses_resume_without_dask(dump: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["convert", str(dump), "--to", "json", "-o", f"{tmp_path}/o.json", "--resume"]
    )
    assert result.exit_code == 2 and "--resume goes with --dask" in result.stderr
    assert not (tmp_path / "o.json").exists()


def test_the_cli_refuses_a_bad_dask_address(dump: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main,
        ["convert", str(dump), "--to", "json", "-o", f"{tmp_path}/o/", "--dask", "local:x"],
    )
    assert result.exit_code == 2 and "local:N" in result.stderr


def test_the_progress_line_counts_partitions_across_the_cluster() -> None:
    from normaliser.cli import _Progress

    stats = batch.Stats(read=300, written=290, rejected=10)
    line = _Progress.line(stats, 2.0, (3, 11))
    assert line.startswith("3 of 11 partitions, 300 read, 290 written, 10 rejected — 150 records/s")
    assert "partitions" not in _Progress.line(stats, 2.0)


# --- Slow: a real cluster ---------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("to", ["json", "ris"])
def test_the_cli_on_a_cluster_gives_the_jobs_1_output(
    cluster: Any, dump: Path, tmp_path: Path, to: str
) -> None:
    local, _ = cluster
    expected_out, expected_rejects, expected_report = _jobs_1(tmp_path, to, str(dump))
    report = tmp_path / "cluster.report"
    result = CliRunner().invoke(
        main,
        [
            "convert",
            str(dump),
            "--to",
            to,
            "-o",
            f"{tmp_path}/parts/",
            "--rejects",
            f"{tmp_path}/rejects/",
            "--report",
            str(report),
            "--dask",
            local.scheduler_address,
            "--partition-size",
            str(PART),
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 1, result.stderr  # some records rejected, as with --jobs 1
    parts = _parts(tmp_path / "parts")
    assert len(parts) >= 4 and parts[0].name == f"part-00000{formats.get(to).extensions[0]}"
    assert _joined(tmp_path / "parts") == expected_out
    assert _joined(tmp_path / "rejects") == expected_rejects
    got = json.loads(report.read_text())
    assert got.pop("partitions") == len(parts)
    assert _counts(got) == _counts(expected_report)
    assert got["read"] == got["written"] + got["rejected"] == RECORDS
    summary = result.stderr.strip().splitlines()[-1]
    assert summary.startswith(
        f"normaliser: read {RECORDS}, written {got['written']}, rejected {got['rejected']} ("
    )


@pytest.mark.slow
def test_a_local_cluster_from_the_command_line(tmp_path: Path) -> None:
    """``--dask local:2`` starts its own cluster of two worker processes and stops it."""
    small = tmp_path / "small.txt"
    small.write_text(generated_dump(40, 0), encoding="utf-8")
    expected_out, _, _ = _jobs_1(tmp_path, "json", str(small))
    command = [
        *("convert", str(small), "--to", "json", "-o", f"{tmp_path}/parts/"),
        *("--dask", "local:2", "--partition-size", "4kB"),
    ]
    result = CliRunner().invoke(main, command, catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert len(_parts(tmp_path / "parts")) > 2
    assert _joined(tmp_path / "parts") == expected_out
    assert "normaliser: read 40, written 40, rejected 0" in result.stderr
    # A run cut off before its last part: the same command with --resume finishes it.
    _parts(tmp_path / "parts")[-1].unlink()
    again = CliRunner().invoke(main, [*command, "--resume"], catch_exceptions=False)
    assert again.exit_code == 0, again.stderr
    assert _joined(tmp_path / "parts") == expected_out
    assert "normaliser: read 40, written 40, rejected 0" in again.stderr


def slow_transform(marks: str, record: Record) -> Record:
    """A conversion slowed down (so that a worker can be killed in the middle of a partition),
    leaving a file named by the worker's process id while it works."""
    Path(marks, str(os.getpid())).touch()
    time.sleep(0.01)
    return record


@pytest.mark.slow
def test_a_killed_worker_loses_nothing_and_doubles_nothing(
    cluster: Any, dump: Path, tmp_path: Path
) -> None:
    _, client = cluster
    expected_out, expected_rejects, expected_report = _jobs_1(tmp_path, "json", str(dump))
    pids = set(client.run(os.getpid).values())
    assert len(pids) == 2
    marks = tmp_path / "marks"
    marks.mkdir()
    outcome: dict[str, Any] = {}

    def convert() -> None:
        try:
            outcome["report"] = on_dask.convert_urls(
                [str(dump)],
                to="json",
                out_dir=str(tmp_path / "parts"),
                rejects_dir=str(tmp_path / "rejects"),
                client=client,
                partition_size=PART // 2,
                transform=functools.partial(slow_transform, str(marks)),
                timeout=TIMEOUT,
            )
        except BaseException as exc:
            outcome["error"] = exc

    thread = threading.Thread(target=convert)
    thread.start()
    deadline = time.monotonic() + TIMEOUT
    while not any(int(p.name) in pids for p in marks.iterdir()):
        assert time.monotonic() < deadline and thread.is_alive(), "no worker started converting"
        time.sleep(0.02)
    victim = next(int(p.name) for p in marks.iterdir() if int(p.name) in pids)
    os.kill(victim, signal.SIGKILL)
    thread.join(TIMEOUT)
    assert not thread.is_alive(), "the run did not end after a worker was killed"
    assert "error" not in outcome, outcome.get("error")
    report = outcome["report"]
    after = set(client.run(os.getpid).values())
    assert victim not in after  # the worker really died (its nanny may have started another)
    assert report["read"] == report["written"] + report["rejected"] == RECORDS
    assert _counts(report) == _counts(expected_report) | {"partitions": report["partitions"]}
    assert _joined(tmp_path / "parts") == expected_out
    assert _joined(tmp_path / "rejects") == expected_rejects


@pytest.mark.slow
def test_memory_urls_in_and_out(dump: Path, tmp_path: Path) -> None:
    """Inputs read from and outputs written to ``memory://`` (fsspec's in-process file system:
    a cluster of threads in this process shares it): the --jobs 1 output of the same files."""
    memory = fsspec.filesystem("memory")
    more = generated_dump(30, 7).encode("utf-8")
    memory.pipe("/in/a/dump.txt", dump.read_bytes())
    memory.pipe("/in/a/more.txt", more)
    (tmp_path / "more.txt").write_bytes(more)
    expected_out, _, expected_report = _jobs_1(
        tmp_path, "json", str(dump), str(tmp_path / "more.txt")
    )
    try:
        with (
            distributed.LocalCluster(
                n_workers=1,
                threads_per_worker=2,
                processes=False,
                dashboard_address="127.0.0.1:0",
                silence_logs=logging.ERROR,
            ) as local,
            distributed.Client(local, timeout=TIMEOUT) as client,
        ):
            report = on_dask.convert_urls(
                ["memory://in/a/"],
                to="json",
                out_dir="memory://out/parts",
                rejects_dir="memory://out/rejects",
                client=client,
                partition_size=PART,
                timeout=TIMEOUT,
            )
        parts = sorted(memory.ls("/out/parts", detail=False))
        assert parts.pop(0) == f"/out/parts/{on_dask.JOB_FILE}"
        assert len(parts) == report["partitions"] >= 4
        assert all(p.rsplit("/", 1)[1].startswith("part-") for p in parts)
        assert b"".join(memory.cat_file(p) for p in parts) == expected_out
        assert _counts(report) == _counts(expected_report) | {"partitions": len(parts)}
        rejects = b"".join(
            memory.cat_file(p) for p in sorted(memory.ls("/out/rejects", detail=False))
        )
        lines = [json.loads(line) for line in rejects.splitlines()]
        assert len(lines) == report["rejected"] > 0
        assert {line["input"] for line in lines} == {
            "memory://in/a/dump.txt",
            "memory://in/a/more.txt",
        }
    finally:
        for folder in ("/in", "/out"):
            if memory.exists(folder):
                memory.rm(folder, recursive=True)


def test_counts_reconcile_across_partitions_with_deletions_and_rejects(tmp_path: Path) -> None:
    """Partitions holding live, deleted (OAI-PMH) and broken records, written through
    ``file://`` URLs: read = written + rejected + deleted over all parts, each part's rejects
    keep their original bytes, and the parts joined are the ``--jobs 1`` files."""
    dump = tmp_path / "dump.txt"
    dump.write_text(generated_dump(12, 5), encoding="utf-8")
    inputs = [str(dump), "samples/oai-listrecords/dc.xml", "samples/dspace-oai-dates/dc.xml"]
    one = {k: tmp_path / f"one.{k}" for k in ("out", "rejects", "deletions", "report")}
    CliRunner().invoke(
        main,
        [
            "convert",
            *inputs,
            *("--to", "json", "-o", str(one["out"]), "--rejects", str(one["rejects"])),
            *("--deletions", str(one["deletions"]), "--report", str(one["report"])),
        ],
        catch_exceptions=False,
    )
    expected = json.loads(one["report"].read_text())
    assert expected["deleted"] > 0 and expected["rejected"] > 0  # the case is the one meant
    report = on_dask.convert_urls(
        inputs,
        to="json",
        out_dir=(tmp_path / "parts").as_uri(),
        rejects_dir=(tmp_path / "rejects").as_uri(),
        deletions_dir=(tmp_path / "deletions").as_uri(),
        scheduler="sync",
        partition_size=1024,
    )
    assert report["partitions"] >= 3
    assert report["read"] == report["written"] + report["rejected"] + report["deleted"]
    assert _counts(report) == _counts(expected) | {"partitions": report["partitions"]}
    assert _joined(tmp_path / "parts") == one["out"].read_bytes()
    assert _joined(tmp_path / "deletions") == one["deletions"].read_bytes()
    assert _joined(tmp_path / "rejects") == one["rejects"].read_bytes()
    original = dump.read_bytes()
    rejects = [json.loads(line) for line in _joined(tmp_path / "rejects").splitlines()]
    assert len(rejects) == report["rejected"]
    ours = [reject for reject in rejects if reject["input"] == str(dump)]
    assert len(ours) == 2
    for reject in ours:
        start = reject["offset"]
        assert original[start : start + len(reject["raw"].encode())] == reject["raw"].encode()


def test_compressed_inputs_at_a_url_are_read_as_locally(tmp_path: Path) -> None:
    """gzip and bzip2 dumps in ``memory://``, bigger than a partition: each read whole (a
    compressed stream is not cut), the output that of the same files on disk with --jobs 1."""
    import bz2
    import gzip

    memory = fsspec.filesystem("memory")
    text = generated_dump(20, 7).encode("utf-8")
    local = [tmp_path / "a.txt.gz", tmp_path / "b.txt.bz2"]
    local[0].write_bytes(gzip.compress(text))
    local[1].write_bytes(bz2.compress(text))
    for path in local:
        memory.pipe(f"/zipped/in/{path.name}", path.read_bytes())
    expected_out, _, expected_report = _jobs_1(tmp_path, "json", *map(str, local))
    try:
        report = on_dask.convert_urls(
            ["memory://zipped/in/"],
            to="json",
            out_dir="memory://zipped/out",
            scheduler="sync",
            partition_size=100,
        )
        parts = [
            p
            for p in sorted(memory.ls("/zipped/out", detail=False))
            if not p.endswith(on_dask.JOB_FILE)
        ]
        assert len(parts) == report["partitions"] == 2
        assert b"".join(memory.cat_file(p) for p in parts) == expected_out
        assert _counts(report) == _counts(expected_report) | {"partitions": 2}
    finally:
        memory.rm("/zipped", recursive=True)
