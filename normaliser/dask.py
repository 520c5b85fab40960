"""Conversion on Dask, for dumps that outgrow one machine (the optional extra
``normaliser[dask]``); the only module that imports dask, distributed and fsspec.

Two ways in. ``convert_bag`` maps the command line's pipeline (``batch.run``) over the
partitions of a ``dask.bag`` of local files or record texts. ``convert_urls`` (the command line's
``--dask``) runs on a ``distributed`` cluster: its inputs and output folders are paths or URLs
(fsspec: ``file://``, ``s3://``, ``gs://``, ``hdfs://``, ``memory://``…); ``plan`` cuts every big
dump into byte ranges on record boundaries (the format's own splitter finds them) and groups small
files, and ``convert_partition`` converts one partition on a worker into
``DIR/part-NNNNN.<ext>`` (and ``part-NNNNN.jsonl`` in the rejects and deletions folders),
committed once: written to a temporary name, then moved, the output last; an attempt that finds
the output there (another attempt finished the partition) moves nothing. Concatenated in partition
order, the parts of a format whose records follow one another (JSON Lines, RIS, a dump…) are the
``--jobs 1`` output byte for byte; an XML or BibTeX part is a whole document of its records.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import io
import json
import logging
import os
import posixpath
import re
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import dask.bag
import fsspec
from dask.base import compute
from dask.delayed import delayed

from . import batch, formats
from .errors import InvalidInput, InvalidOutput, UnknownFormat, UsageError, WorkerFailed
from .record import Reject
from .sources import Source, encoding_note

#: What a partition aims at, in bytes of input: a bigger dump is cut into byte ranges about this
#: size (on record boundaries), smaller files are grouped up to it.
PARTITION_SIZE = 64 * 1024 * 1024

#: Reject messages a partition sends back for the command line to show (the rejects file has
#: them all).
MESSAGES = 1000

#: The package each file system needs, for the message when it is missing.
_PACKAGES = {
    "s3": "s3fs",
    "s3a": "s3fs",
    "gs": "gcsfs",
    "gcs": "gcsfs",
    "hdfs": "pyarrow",
    "abfs": "adlfs",
    "az": "adlfs",
    "sftp": "paramiko",
    "http": "aiohttp",
    "https": "aiohttp",
}

#: Encodings whose lines can be read from any line start (a byte range of the file).
_RANGED_ENCODINGS = ("utf-8", "utf-8-sig", "gb18030")

_PART_NAME = re.compile(r"^part-\d{5}\.")

#: The file in the output folder naming the job its parts belong to (what --resume checks).
JOB_FILE = ".normaliser-job.json"


def _is_url(name: str) -> bool:
    return "://" in name


def storage(url: str) -> tuple[Any, str]:
    """The fsspec file system of ``url`` (a path or a URL) and the path in it. A scheme whose
    package is not installed, or that fsspec does not know, is a ``UsageError`` saying so."""
    try:
        fs, path = fsspec.core.url_to_fs(url)
    except ImportError as exc:
        protocol = url.split("://", 1)[0]
        package = _PACKAGES.get(protocol, "the fsspec implementation for it")
        raise UsageError(
            f"{url}: reading and writing {protocol}:// needs a package that is not installed "
            f"({exc}): pip install {package}"
        ) from None
    except ValueError as exc:
        raise UsageError(
            f"{url}: {exc} (a path, or a URL fsspec knows: file://, s3://, gs://, hdfs://, "
            "memory://…)"
        ) from None
    return fs, path


def parse_size(text: str | int) -> int:
    """A partition size: bytes, or a number with a unit (``64MB``, ``256kB``, ``1GiB``)."""
    from dask.utils import parse_bytes

    try:
        size = int(parse_bytes(text))
    except (ValueError, TypeError):
        raise UsageError(f"not a size: {text!r} (bytes, or a number with a unit: 64MB)") from None
    if size < 1:
        raise UsageError(f"a partition size must be at least one byte, not {text!r}")
    return size


def _unloadable(exc: BaseException) -> bool:
    """Whether ``exc`` is distributed's failure to load this normaliser's functions on the
    scheduler or a worker (another installation, another version there)."""
    text = str(exc)
    return (
        (isinstance(exc, RuntimeError) and "deserializ" in text)
        or (isinstance(exc, AttributeError) and text.startswith("Can't get attribute"))
        or (isinstance(exc, ModuleNotFoundError) and "normaliser" in text)
    )


@contextlib.contextmanager
def _on_the_cluster() -> Iterator[None]:
    """Say so when the cluster cannot run this normaliser (not a bug in it: a set-up)."""
    try:
        yield
    except (RuntimeError, AttributeError, ImportError) as exc:
        if not _unloadable(exc):
            raise
        from . import __version__

        here = os.path.dirname(os.path.abspath(__file__))
        raise WorkerFailed(
            f"the cluster cannot run this normaliser ({type(exc).__name__}: "
            f"{text_line(str(exc))}): the scheduler and every worker need the same normaliser "
            f"installed as here (version {__version__}, {here}), and its dependencies"
        ) from None


def text_line(text: str) -> str:
    """The first line of ``text``, at most 200 characters."""
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= 200 else line[:199] + "…"


# --- Planning: inputs → partitions of slices ---------------------------------------------------


@dataclass(frozen=True)
class Slice:
    """What a partition reads of one input: a whole file, or the bytes ``start`` to ``end`` of
    one (``end`` None: to its end), which begin with record number ``first`` on line ``line``
    and hold ``records`` records (None: not counted). ``url`` is where it is read, ``name`` what
    messages and rejects call it (the input as given). A byte range is read in the file's
    ``encoding`` and format (``format``), as the whole file is."""

    url: str
    name: str
    start: int = 0
    end: int | None = None
    first: int = 1
    line: int = 1
    records: int | None = None
    encoding: str | None = None
    format: str | None = None
    #: False: the input as given named no file (an empty folder, a pattern matching nothing).
    found: bool = True

    @property
    def ranged(self) -> bool:
        return self.encoding is not None

    def normaliser_pieces(self, *, from_: str | None, strict: bool) -> Iterator[batch.Piece]:
        """The pieces of this slice, numbered (record, line, offset) as in the whole input
        (``batch.pieces`` takes them as they come)."""
        if not self.found:
            raise InvalidInput(f"{self.name}: {batch._NOTHING_FOUND}")
        with _opened(self) as fh:
            if not self.ranged:
                source = Source(self.name, fh)
                fmt = formats.get(from_) if from_ else formats.sniff(source.head_text(), self.name)
                items: Iterable[Any]
                if fmt.splits:
                    items, format_name = fmt.split(source), fmt.name
                else:
                    items, format_name = fmt.read(source, strict=strict), None
                note = encoding_note(source.encoding)
                for number, payload in enumerate(items, 1):
                    yield batch.Piece(self.name, number, format_name, payload, note)
                return
            count = 0
            for number, payload in _ranged_pieces(self, fh):
                if self.end is not None and payload.offset >= self.end:
                    break
                count += 1
                yield batch.Piece(
                    self.name, number, self.format, payload, encoding_note(self.encoding or "")
                )
            if self.records is not None and count != self.records:
                raise InvalidInput(
                    f"{self.name}: changed while it was read (bytes {self.start} to {self.end} "
                    f"held {self.records} records when planned, {count} now)"
                )


@contextlib.contextmanager
def _opened(piece: Slice) -> Iterator[Any]:
    fs, path = storage(piece.url)
    try:
        # fsspec's memory file system hands every reader the one stored file object, its
        # position shared: a private copy, so that readers (threads) never move each other.
        shared = "memory" in _protocols(fs)
        fh = io.BytesIO(fs.cat_file(path)) if shared else fs.open(path, "rb")
    except FileNotFoundError:
        raise InvalidInput(f"{piece.name}: no such file") from None
    except IsADirectoryError:
        raise InvalidInput(f"{piece.name}: is a directory") from None
    except OSError as exc:
        raise InvalidInput(f"{piece.name}: cannot be read ({exc})") from None
    with fh:
        yield fh


def _protocols(fs: Any) -> tuple[str, ...]:
    protocol = fs.protocol
    return (protocol,) if isinstance(protocol, str) else tuple(protocol)


class _Range(Source):
    """A source reading a file from a record's first byte, in the encoding sniffed for the whole
    file, its lines numbered and placed as in the whole file."""

    def __init__(self, name: str, stream: Any, encoding: str, line: int, offset: int) -> None:
        self._forced = encoding
        super().__init__(name, stream)
        self._line, self._offset = line, offset

    def _sniff_encoding(self) -> tuple[str, str | None]:
        return self._forced, None

    def lines(self) -> Iterator[Any]:
        for line in super().lines():
            line.number += self._line - 1
            line.offset += self._offset
            yield line


def _ranged_pieces(piece: Slice, fh: Any) -> Iterator[tuple[int, Any]]:
    """The numbered pieces of ``fh`` read from ``piece.start`` to its end (the caller stops)."""
    assert piece.encoding is not None and piece.format is not None
    fh.seek(piece.start)
    source = _Range(piece.name, fh, piece.encoding, piece.line, piece.start)
    yield from enumerate(formats.get(piece.format).split(source), piece.first)


def _sameness(payload: Any) -> tuple[str, int | None, int | None]:
    return str(payload.raw), payload.line, payload.offset


def cut(url: str, name: str, from_: str | None, size: int) -> list[Slice] | None:
    """The byte ranges of a big file, each starting at a record (None: read it whole).

    The format's splitter runs over the whole file (cheap: no record is mapped) and a range is
    cut at the first record after every ``size`` bytes, where reading from that record gives
    its two first records as the whole file has them (the same text, line and offset); only a
    dump in UTF-8 or GB18030, not compressed, of a format that splits and is no JSON array is
    cut. Runs on a worker, near the data."""
    piece = Slice(url, name)
    with _opened(piece) as fh:
        magic = fh.read(3)
        fh.seek(0)
        if magic[:2] == b"\x1f\x8b" or magic == b"BZh":
            return None  # a compressed stream is read from its start
        try:
            source = Source(name, fh)
            fmt = formats.get(from_) if from_ else formats.sniff(source.head_text(), name)
        except (InvalidInput, UnknownFormat):
            return None  # the partition reading it whole says why
        if (
            source.encoding not in _RANGED_ENCODINGS
            or not fmt.splits
            or source.head_text(4096).lstrip("\ufeff \t\r\n").startswith("[")
        ):
            return None
        encoding = source.encoding
        slices: list[Slice] = []
        start, first, line = 0, 1, 1
        candidate: tuple[int, Any] | None = None
        number = 0
        for number, payload in enumerate(fmt.split(source), 1):
            if candidate is not None:
                at, before = candidate
                candidate = None
                if _cuts_cleanly(url, name, encoding, fmt.name, at, before, payload):
                    slices.append(Slice(url, name, start, before.offset, first, line, at - first))
                    start, first, line = before.offset, at, before.line
            if (
                candidate is None
                and payload.offset is not None
                and payload.offset - start >= size
                and not str(payload.raw).lstrip().startswith("[")
            ):
                candidate = (number, payload)
        if candidate is not None:  # the last record: cut before it when it reads alone alike
            at, before = candidate
            if _cuts_cleanly(url, name, encoding, fmt.name, at, before, None):
                slices.append(Slice(url, name, start, before.offset, first, line, at - first))
                start, first, line = before.offset, at, before.line
        if not slices:
            return None
        slices.append(Slice(url, name, start, None, first, line, number - first + 1))
    return [
        Slice(s.url, s.name, s.start, s.end, s.first, s.line, s.records, encoding, fmt.name)
        for s in slices
    ]


def _cuts_cleanly(
    url: str, name: str, encoding: str, format_name: str, number: int, first: Any, second: Any
) -> bool:
    """Whether reading from record ``number`` (``first``; ``second`` the record after it, None
    at the end) gives those records as reading the whole file does."""
    start = Slice(url, name, first.offset, None, number, first.line, None, encoding, format_name)
    expected = [_sameness(first)] + ([_sameness(second)] if second is not None else [])
    got: list[tuple[str, int | None, int | None]] = []
    with _opened(start) as fh:
        for _, payload in _ranged_pieces(start, fh):
            got.append(_sameness(payload))
            if len(got) > len(expected):
                break
    return got[: len(expected)] == expected and (second is not None or len(got) == 1)


@dataclass(frozen=True)
class _File:
    url: str
    name: str
    size: int | None
    found: bool = True


def _files(inputs: Iterable[str]) -> Iterator[_File]:
    """Every input file with its size: a local path, folder or pattern as ``batch.expand`` finds
    them; a URL of a folder (every file below it, hidden ones left out) or a pattern by fsspec."""
    for given in inputs:
        given = os.fspath(given)
        if given == "-":
            raise UsageError("standard input cannot be read on a cluster: name the files")
        if not _is_url(given):
            found = list(batch.expand([given]))
            if not found:
                yield _File(given, given, 0, found=False)
            for name in found:
                yield _File(name, name, os.path.getsize(name) if os.path.isfile(name) else None)
            continue
        fs, path = storage(given)
        try:
            if fs.isdir(path):
                root = path.rstrip("/")
                names = [
                    p
                    for p in sorted(fs.find(path))
                    if not any(part.startswith(".") for part in p[len(root) + 1 :].split("/"))
                ]
                prefix = given.rstrip("/")
                found_urls = [(prefix + "/" + p[len(root) + 1 :], p) for p in names]
            elif not fs.exists(path) and re.search(r"[*?\[]", path):
                found_urls = [(fs.unstrip_protocol(p), p) for p in sorted(fs.glob(path))]
                found_urls = [(u, p) for u, p in found_urls if fs.isfile(p)]
            else:
                found_urls = [(given, path)]
        except OSError as exc:
            raise InvalidInput(f"{given}: cannot be listed ({exc})") from None
        if not found_urls:
            yield _File(given, given, 0, found=False)
        for url, path in found_urls:
            try:
                size: int | None = int(fs.size(path))
            except (OSError, TypeError, ValueError):
                size = None
            yield _File(url, url, size)


def plan(
    inputs: Iterable[str | os.PathLike[str]],
    *,
    from_: str | None = None,
    partition_size: int = PARTITION_SIZE,
    client: Any = None,
    scheduler: str | None = None,
) -> list[list[Slice]]:
    """The partitions of a run over ``inputs``, in input order: a file bigger than
    ``partition_size`` is cut into byte ranges on record boundaries (``cut``, on the cluster),
    one partition each; smaller files are grouped, in order, up to ``partition_size``."""
    files = list(_files([os.fspath(i) for i in inputs]))
    big = [f for f in files if f.found and f.size is not None and f.size > partition_size]
    tasks = [delayed(cut, pure=False)(f.url, f.name, from_, partition_size) for f in big]
    if client is not None:
        with _on_the_cluster():
            found = client.gather(client.compute(tasks)) if tasks else []
    else:
        found = list(compute(*tasks, scheduler=scheduler)) if tasks else []
    ranges = dict(zip([f.url for f in big], found, strict=True))
    parts: list[list[Slice]] = []
    group: list[Slice] = []
    grouped = 0
    for file in files:
        slices = ranges.get(file.url) if file.found else None
        if slices:
            if group:
                parts.append(group)
                group, grouped = [], 0
            parts.extend([s] for s in slices)
            continue
        size = file.size or 0
        if group and grouped + size > partition_size:
            parts.append(group)
            group, grouped = [], 0
        group.append(Slice(file.url, file.name, found=file.found))
        grouped += size
    if group:
        parts.append(group)
    return parts


# --- Converting one partition on a worker ------------------------------------------------------


def part_name(number: int) -> str:
    return f"part-{number:05d}"


def convert_partition(
    number: int,
    slices: list[Slice],
    *,
    to: str,
    out_dir: str,
    run: str,
    rejects_dir: str | None = None,
    deletions_dir: str | None = None,
    from_: str | None = None,
    strict: bool = False,
    transform: batch.Transform | None = None,
    fail_on_bug: bool = False,
    describe: Callable[[Reject], str] | None = None,
    options: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Convert partition ``number`` (its ``slices``) with ``batch.run`` into a scratch folder,
    then commit the files (``commit``). Returns the partition's counts (``stats``: as
    ``Stats.as_dict``; ``bugs``, ``first_bug``), the messages of its first ``MESSAGES`` rejects
    (``describe`` of each) and of its unreadable inputs. Run again after a worker died, it
    gives the same bytes and counts, and commits nothing when another attempt did."""
    name = part_name(number)
    extension = formats.get(to).extensions[0]
    shown: list[str] = []
    unreadable: list[str] = []
    rejected = 0

    def on_reject(reject: Reject) -> None:
        nonlocal rejected
        rejected += 1
        if describe is not None and len(shown) < MESSAGES:
            shown.append(describe(reject))

    with tempfile.TemporaryDirectory(prefix="normaliser-", dir=_scratch()) as scratch:
        local = {
            "output": os.path.join(scratch, "output"),
            "rejects": os.path.join(scratch, "rejects") if rejects_dir else None,
            "deletions": os.path.join(scratch, "deletions") if deletions_dir else None,
        }
        stats = batch.run(
            list(slices),
            to,
            from_=from_,
            output=local["output"],
            rejects=local["rejects"],
            deletions=local["deletions"],
            strict=strict,
            transform=transform,
            fail_on_bug=fail_on_bug,
            on_unreadable=lambda _, exc: unreadable.append(str(exc)),
            on_reject=on_reject,
            **(options or {}),
        )
        files: list[tuple[str | None, str]] = []
        if rejects_dir is not None:
            files.append((local["rejects"], _join(rejects_dir, name + ".jsonl")))
        if deletions_dir is not None:
            files.append((local["deletions"], _join(deletions_dir, name + ".jsonl")))
        files.append((local["output"], _join(out_dir, name + extension)))
        commit(files, run)
    return {
        "part": number,
        "stats": stats.as_dict(),
        "bugs": stats.bugs,
        "first_bug": stats.first_bug,
        "rejects": shown,
        "unshown": rejected - len(shown),
        "unreadable": unreadable,
    }


def _scratch() -> str | None:
    """The worker's own folder (distributed removes a dead worker's), else the system's."""
    try:
        from distributed import get_worker

        return str(get_worker().local_directory)
    except (ImportError, ValueError):
        return None


def _join(folder: str, name: str) -> str:
    return folder.rstrip("/") + "/" + name if _is_url(folder) else os.path.join(folder, name)


def commit(files: list[tuple[str | None, str]], run: str) -> bool:
    """Move each local file (None or missing: an empty one) to its URL, the last (the output)
    last, each through a temporary name beside it (``.part-00000.json.<run>.<random>.tmp``),
    so that no reader ever sees a partial file. When the last is already there, another attempt
    at this partition finished it: nothing is moved (False)."""
    fs, last = storage(files[-1][1])
    if fs.exists(last):
        return False
    for local, url in files:
        fs, target = storage(url)
        folder, base = posixpath.split(target)
        temporary = posixpath.join(folder, f".{base}.{run}.{uuid.uuid4().hex[:8]}.tmp")
        try:
            if local is not None and os.path.exists(local):
                fs.put_file(local, temporary)
            else:
                fs.pipe_file(temporary, b"")
            fs.mv(temporary, target)
        except OSError as exc:
            with contextlib.suppress(OSError):
                fs.rm_file(temporary)
            raise InvalidOutput(f"{url}: cannot be written ({exc})") from None
        except BaseException:
            with contextlib.suppress(Exception):
                fs.rm_file(temporary)
            raise
    return True


# --- The run: partitions on a cluster → counts -------------------------------------------------


def _prepare(folder: str, overwrite: bool, resume: bool = False) -> bool:
    """Create ``folder``; refuse one holding parts of an earlier run (``--overwrite``: remove
    them first, so that no part of that run is taken for one of this; ``--resume``: keep them,
    the job's own parts, as ``run_urls`` checks). Whether parts were kept."""
    fs, path = storage(folder)
    try:
        if fs.isfile(path):
            raise UsageError(f"{folder}: is a file; with --dask, outputs are folders of parts")
        fs.makedirs(path, exist_ok=True)
        old = [p for p in fs.ls(path, detail=False) if _PART_NAME.match(posixpath.basename(p))]
    except OSError as exc:
        raise InvalidOutput(f"{folder}: cannot be created ({exc})") from None
    if old and resume:
        return True
    if old and not overwrite:
        raise UsageError(
            f"{folder}: holds parts of an earlier run ({posixpath.basename(sorted(old)[0])}…); "
            "give an empty folder, --resume to finish that run (the same command), or "
            "--overwrite to replace them"
        )
    for stale in old:
        fs.rm_file(stale)
    return False


def _job(parts: list[list[Slice]], folders: list[str | None], **settings: Any) -> str:
    """What identifies a job: its partitions (inputs and byte ranges), folders and settings."""
    text = json.dumps(
        {
            "partitions": [[dataclasses.astuple(s) for s in part] for part in parts],
            "folders": folders,
            "settings": {k: repr(v) for k, v in sorted(settings.items())},
        },
        sort_keys=True,
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _check_job(out_dir: str, job: str, resume: bool, kept: bool) -> None:
    """With ``resume``, refuse a folder whose parts are another job's; note this job's name."""
    url = _join(out_dir, JOB_FILE)
    fs, path = storage(url)
    if resume and kept:
        try:
            earlier = json.loads(fs.cat_file(path)).get("job") if fs.exists(path) else None
        except (OSError, ValueError, AttributeError):
            earlier = None
        if earlier != job:
            raise UsageError(
                f"{out_dir}: its parts are another job's (other inputs, ranges, format or "
                "options; or no job named): --resume finishes only the same command; give an "
                "empty folder, or --overwrite to replace them"
            )
    write_text(url, json.dumps({"job": job}) + "\n")


def _tidy(folder: str, run: str) -> None:
    """Remove this run's temporary files from ``folder`` (an attempt killed while committing)."""
    with contextlib.suppress(Exception):
        fs, path = storage(folder)
        for name in fs.ls(path, detail=False):
            if posixpath.basename(name).startswith(".") and f".{run}." in name:
                fs.rm_file(name)


@dataclass
class Progress:
    """What a cluster run has done so far: partitions done of all, and the counts they add
    up to (passed to ``on_partition`` after each)."""

    done: int
    total: int
    stats: batch.Stats


def run_urls(
    inputs: Iterable[str | os.PathLike[str]],
    *,
    to: str,
    out_dir: str,
    rejects_dir: str | None = None,
    deletions_dir: str | None = None,
    from_: str | None = None,
    strict: bool = False,
    transform: batch.Transform | None = None,
    fail_on_bug: bool = False,
    overwrite: bool = False,
    resume: bool = False,
    client: Any = None,
    scheduler: str | None = None,
    partition_size: int = PARTITION_SIZE,
    timeout: float | None = None,
    describe: Callable[[Reject], str] | None = None,
    on_partition: Callable[[dict[str, Any], Progress], None] | None = None,
    **options: Any,
) -> tuple[batch.Stats, int]:
    """``convert_urls``, giving the counts as ``batch.Stats`` and the number of partitions;
    ``on_partition`` is called here with each partition's result as it comes in."""
    batch.prepared(to, 1, options)  # a written format, its options checked, before anything runs
    if overwrite and resume:
        raise UsageError("--overwrite and --resume do not go together")
    folders = [f for f in (out_dir, rejects_dir, deletions_dir) if f is not None]
    kept = [_prepare(folder, overwrite, resume) for folder in folders]
    started = time.perf_counter()
    parts = plan(
        inputs, from_=from_, partition_size=partition_size, client=client, scheduler=scheduler
    )
    job = _job(
        parts,
        [out_dir, rejects_dir, deletions_dir],
        to=to,
        from_=from_,
        strict=strict,
        options=sorted(options.items()),
    )
    _check_job(out_dir, job, resume, any(kept))
    run = uuid.uuid4().hex[:12]
    keywords: dict[str, Any] = {
        "to": to,
        "out_dir": out_dir,
        "run": run,
        "rejects_dir": rejects_dir,
        "deletions_dir": deletions_dir,
        "from_": from_,
        "strict": strict,
        "transform": transform,
        "fail_on_bug": fail_on_bug,
        "describe": describe,
        "options": options,
    }
    stats = batch.Stats()
    try:
        if client is not None:
            _on_client(client, parts, keywords, stats, timeout, on_partition)
        else:
            tasks = [
                delayed(convert_partition, pure=False)(n, slices, **keywords)
                for n, slices in enumerate(parts)
            ]
            for done, result in enumerate(compute(*tasks, scheduler=scheduler), 1):
                _add(stats, result)
                if on_partition is not None:
                    on_partition(result, Progress(done, len(parts), stats))
    finally:
        for folder in folders:
            _tidy(folder, run)
    stats.seconds = time.perf_counter() - started
    return stats, len(parts)


def _on_client(
    client: Any,
    parts: list[list[Slice]],
    keywords: dict[str, Any],
    stats: batch.Stats,
    timeout: float | None,
    on_partition: Callable[[dict[str, Any], Progress], None] | None,
) -> None:
    from distributed import KilledWorker, as_completed

    futures = [
        client.submit(
            convert_partition,
            number,
            slices,
            key=f"normaliser-{keywords['run']}-{part_name(number)}",
            **keywords,
        )
        for number, slices in enumerate(parts)
    ]
    try:
        for done, future in enumerate(as_completed(futures, timeout=timeout), 1):
            try:
                with _on_the_cluster():
                    result = future.result(timeout=timeout)
            except KilledWorker as exc:
                raise WorkerFailed(
                    f"a partition's worker died again and again, the last time on {exc}: the "
                    "run was abandoned (out of memory? a crash in native code?); the parts "
                    "already written stay, and the same command with --resume finishes the job"
                ) from None
            _add(stats, result)
            if on_partition is not None:
                on_partition(result, Progress(done, len(parts), stats))
    except BaseException:
        client.cancel(futures)
        raise


def _add(stats: batch.Stats, result: dict[str, Any]) -> None:
    counts = result["stats"]
    stats.read += counts["read"]
    stats.written += counts["written"]
    stats.rejected += counts["rejected"]
    stats.deleted += counts["deleted"]
    stats.reasons.update(counts["rejected_by_reason"])
    stats.warnings.update(counts["warnings_by_kind"])
    stats.unreadable.extend(counts["unreadable_inputs"])
    stats.bugs += result["bugs"]
    stats.first_bug = stats.first_bug or result["first_bug"]


def report(stats: batch.Stats, partitions: int) -> dict[str, Any]:
    """The report of a cluster run: a local run's (``Stats.as_dict``) and ``partitions``."""
    return stats.as_dict() | {"partitions": partitions}


def convert_urls(
    inputs: Iterable[str | os.PathLike[str]],
    *,
    to: str,
    out_dir: str,
    rejects_dir: str | None = None,
    deletions_dir: str | None = None,
    client: Any = None,
    scheduler: str | None = None,
    partition_size: int = PARTITION_SIZE,
    timeout: float | None = None,
    **kwargs: Any,
) -> dict[str, Any]:
    """Convert every record of ``inputs`` (paths or URLs: files, folders, patterns) to ``to``
    on a Dask cluster (``client``: a ``distributed.Client``; else ``scheduler`` for
    ``dask.compute``), writing ``out_dir/part-NNNNN.<ext>`` for every partition (and its
    rejects and deletions as ``part-NNNNN.jsonl`` in those folders). ``kwargs``: ``from_``,
    ``strict``, ``transform`` (it must pickle), ``fail_on_bug``, ``overwrite``, ``resume`` (finish
    an interrupted run of the same job: its parts there are kept), and the target's
    writer options. Returns the report: the command line's counts and ``partitions``.
    ``timeout`` (seconds) bounds the wait for each partition."""
    stats, partitions = run_urls(
        inputs,
        to=to,
        out_dir=out_dir,
        rejects_dir=rejects_dir,
        deletions_dir=deletions_dir,
        client=client,
        scheduler=scheduler,
        partition_size=partition_size,
        timeout=timeout,
        **kwargs,
    )
    return report(stats, partitions)


@contextlib.contextmanager
def connect(address: str, *, timeout: float = 30) -> Iterator[Any]:
    """A ``distributed.Client`` of the scheduler at ``address`` (``tcp://host:8786``), or of a
    ``LocalCluster`` of N worker processes on this machine (``local:N``), closed on leaving."""
    match = re.fullmatch(r"local:(\d+)", address)
    if address.startswith("local") and (match is None or int(match.group(1)) < 1):
        raise UsageError(
            f"--dask takes a scheduler's address (tcp://host:8786) or local:N (N worker "
            f"processes on this machine), not {address!r}"
        )
    try:
        import distributed
    except ImportError:
        raise UsageError(
            "--dask needs dask's distributed scheduler: pip install 'normaliser[dask]'"
        ) from None
    if match is not None:
        with (
            distributed.LocalCluster(
                n_workers=int(match.group(1)),
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address="127.0.0.1:0",
                silence_logs=logging.ERROR,
            ) as cluster,
            distributed.Client(cluster, timeout=timeout) as client,
        ):
            yield client
        return
    try:
        client = distributed.Client(address, timeout=timeout)
    except (OSError, TimeoutError, ValueError) as exc:
        raise UsageError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
    with client:
        yield client


def write_text(url: str, text: str) -> None:
    """``text`` written to ``url`` in one piece (a report on shared storage)."""
    fs, path = storage(url)
    try:
        fs.pipe_file(path, text.encode("utf-8"))
    except OSError as exc:
        raise InvalidOutput(f"{url}: cannot be written ({exc})") from None


# --- A dask.bag of files or record texts (from Python) ------------------------------------------


def convert_bag(
    inputs: dask.bag.Bag | Iterable[str | os.PathLike[str]],
    *,
    to: str,
    out_dir: str | os.PathLike[str],
    rejects_dir: str | os.PathLike[str] | None = None,
    from_: str | None = None,
    strict: bool = False,
    transform: batch.Transform | None = None,
    scheduler: str | None = None,
    **options: Any,
) -> dict[str, Any]:
    """Convert every record of ``inputs`` to ``to``, one output file per partition.

    ``inputs`` is a bag whose items are paths of dump files, or texts of records (such as the
    lines of a JSON Lines dump from ``dask.bag.read_text``: consecutive texts of a partition are
    read as one document named after the partition); or a list of paths, one partition each.
    ``scheduler`` is passed to ``dask.compute`` (``"processes"``, ``"threads"``, a client's…);
    ``transform`` and ``options`` are those of ``batch.run`` (``transform`` must pickle).
    Returns the run's counts as ``batch.Stats.as_dict`` gives them, added up over the
    partitions, with the files written under ``outputs`` and ``rejects``.
    """
    if not formats.get(to).writes:
        raise UnknownFormat(f"format {to!r} can be read but not written")
    if isinstance(inputs, dask.bag.Bag):
        bag = inputs
    else:
        paths = [os.fspath(p) for p in inputs]
        bag = dask.bag.from_sequence(paths, npartitions=max(1, len(paths)))
    os.makedirs(out_dir, exist_ok=True)
    if rejects_dir is not None:
        os.makedirs(rejects_dir, exist_ok=True)
    started = time.perf_counter()
    tasks = [
        delayed(_convert_partition)(
            part,
            number,
            to=to,
            out_dir=os.fspath(out_dir),
            rejects_dir=os.fspath(rejects_dir) if rejects_dir is not None else None,
            from_=from_,
            strict=strict,
            transform=transform,
            options=options,
        )
        for number, part in enumerate(bag.to_delayed())
    ]
    results = compute(*tasks, scheduler=scheduler)
    return _added_up(results, time.perf_counter() - started)


def _convert_partition(
    items: list[Any],
    number: int,
    *,
    to: str,
    out_dir: str,
    rejects_dir: str | None,
    from_: str | None,
    strict: bool,
    transform: batch.Transform | None,
    options: dict[str, Any],
) -> dict[str, Any]:
    name = f"part-{number:05d}"
    output = os.path.join(out_dir, name + formats.get(to).extensions[0])
    rejects = os.path.join(rejects_dir, name + ".jsonl") if rejects_dir is not None else None
    stats = batch.run(
        _sources(items, name),
        to,
        from_=from_,
        output=output,
        rejects=rejects,
        strict=strict,
        transform=transform,
        **options,
    )
    return stats.as_dict() | {"outputs": [output], "rejects": [rejects] if rejects else []}


def _is_text(item: Any) -> bool:
    """A record's text rather than a path (the rule ``normaliser.read`` follows)."""
    return isinstance(item, str) and ("\n" in item or item.lstrip()[:1] in ("{", "[", "<"))


def _sources(items: Iterable[Any], name: str) -> list[Any]:
    """The partition's inputs: its paths, and each run of record texts as one document."""
    out: list[Any] = []
    texts: list[str] = []

    def flush() -> None:
        if texts:
            data = "".join(t if t.endswith("\n") else t + "\n" for t in texts).encode("utf-8")
            part = name if not out else f"{name}.{len(out)}"
            out.append(Source(part, io.BytesIO(data)))
            texts.clear()

    for item in items:
        if _is_text(item):
            texts.append(item)
        else:
            flush()
            out.append(os.fspath(item))
    flush()
    return out


def _added_up(results: Iterable[dict[str, Any]], seconds: float) -> dict[str, Any]:
    total: dict[str, Any] = {
        "read": 0,
        "written": 0,
        "rejected": 0,
        "deleted": 0,
        "internal_errors": 0,
    }
    reasons: Counter[str] = Counter()
    warnings: Counter[str] = Counter()
    unreadable: list[str] = []
    outputs: list[str] = []
    rejects: list[str] = []
    for result in results:
        for key in ("read", "written", "rejected", "deleted", "internal_errors"):
            total[key] += result[key]
        reasons.update(result["rejected_by_reason"])
        warnings.update(result["warnings_by_kind"])
        unreadable.extend(result["unreadable_inputs"])
        outputs.extend(result["outputs"])
        rejects.extend(result["rejects"])
    return total | {
        "rejected_by_reason": dict(reasons.most_common()),
        "warnings_by_kind": dict(warnings.most_common()),
        "unreadable_inputs": unreadable,
        "seconds": round(seconds, 3),
        "records_per_second": round(total["read"] / seconds, 1) if seconds else None,
        "outputs": outputs,
        "rejects": rejects,
    }
