"""The streaming pipeline: inputs → records → one output, with rejects and counts that reconcile.

``pieces`` splits every input into its records' original text (cheap, in this process);
``process`` maps one piece to a Record (its format's ``parse``), applies the caller's
``transform`` and serialises the result in the target format — in worker processes when
``jobs > 1``, a chunk of records at a time, with at most two chunks per worker in flight; the
outcomes come back in input order and are written, counted and set aside here. Memory stays flat
whatever the dump size, the output is the same bytes whatever ``jobs`` is, and every record read
ends as written, rejected or (an OAI-PMH deleted record) deleted:
``read == written + rejected + deleted``.
"""

from __future__ import annotations

import base64
import contextlib
import glob
import io
import itertools
import json
import os
import re
import signal
import stat
import sys
import tempfile
import time
import traceback
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, cast

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; stale files are told by their process id
    fcntl = None  # type: ignore[assignment]

if TYPE_CHECKING:
    from concurrent.futures import Future

from . import formats
from .errors import (
    RECORD,
    BrokenInstallation,
    InvalidInput,
    InvalidOutput,
    InvalidRecord,
    NormaliserError,
    UnknownFormat,
    UsageError,
    WorkerFailed,
    cut,
    flatten_messages,
)
from .record import Deletion, Note, Record, Reject
from .sources import encoding_note, open_source

#: A per-record step between reading and writing (script conversion, a caller's own fix-up):
#: it takes the Record as read and returns the Record to write. Raising ``InvalidRecord``
#: rejects the record; with ``jobs > 1`` it runs in the workers, so it must pickle (a
#: module-level function, or a ``functools.partial`` of one).
Transform = Callable[[Record], Record]

#: Records per chunk sent to a worker: large enough that the round trip is noise, small enough
#: that a chunk is a few hundred kilobytes and the first outputs come soon.
CHUNK_RECORDS = 128

BUG_NOTE = "please report it"


@dataclass
class Stats:
    """What a run did; ``read == written + rejected + deleted`` always holds at the end
    (``deleted``: records the source says are deleted, OAI-PMH ``status="deleted"``).

    ``bugs`` counts the records (and inputs) that a bug in normaliser, not their data, set aside;
    ``first_bug`` is the traceback of the first. ``bytes_read`` / ``bytes_total`` measure the
    inputs for a progress display (``bytes_total`` is None unless every input is a file).
    """

    read: int = 0
    written: int = 0
    rejected: int = 0
    deleted: int = 0
    reasons: Counter[str] = field(default_factory=Counter)
    warnings: Counter[str] = field(default_factory=Counter)
    unreadable: list[str] = field(default_factory=list)
    seconds: float = 0.0
    bugs: int = 0
    first_bug: str | None = None
    bytes_read: int = 0
    bytes_total: int | None = None

    @property
    def reconciles(self) -> bool:
        return self.read == self.written + self.rejected + self.deleted

    def as_dict(self) -> dict[str, Any]:
        return {
            "read": self.read,
            "written": self.written,
            "rejected": self.rejected,
            "deleted": self.deleted,
            "rejected_by_reason": dict(self.reasons.most_common()),
            "warnings_by_kind": dict(self.warnings.most_common()),
            "unreadable_inputs": self.unreadable,
            "internal_errors": self.bugs,
            "seconds": round(self.seconds, 3),
            "records_per_second": round(self.read / self.seconds, 1) if self.seconds else None,
        }


def reject_line(reject: Reject, bug: str | None = None) -> dict[str, Any]:
    """The rejects-file entry of a record: where it was, why, and its original text; when that
    text is not the UTF-8 of the input's bytes (undecodable bytes, a GB18030 input),
    ``raw_base64`` holds the bytes exactly as they were; when a bug in normaliser set the record
    aside, the traceback to report."""
    line = {
        "input": reject.source,
        "record": reject.record,
        "line": reject.line,
        "offset": reject.offset,
        "errors": reject.messages,
        "message": str(reject.error),
        "raw": reject.raw,
    }
    if reject.data is not None:
        line["raw_base64"] = base64.b64encode(reject.data).decode("ascii")
    if bug is not None:
        line["traceback"] = bug
    return line


def deletion_line(deletion: Deletion) -> dict[str, Any]:
    """The deletions-file entry of a deleted record: what an import job needs to apply it."""
    line: dict[str, Any] = {
        "input": deletion.source,
        "position": deletion.record,
        "identifier": deletion.identifier,
        "datestamp": deletion.datestamp,
        "setSpecs": list(deletion.sets),
    }
    if deletion.notes:
        line["notes"] = [note.message for note in deletion.notes]
    return line


def reject_text(line: dict[str, Any]) -> str:
    """A reject line as one line of JSON that is always UTF-8: a lone surrogate in it (a raw
    text given as a Python string holding one) is written as its ``\\udXXX`` escape, which
    reads back as the same string."""
    text = json.dumps(line, ensure_ascii=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(line)
    return text


#: The most field names a ``rejected_by_reason`` key lists; a record wrong in more is counted
#: under ``MANY_FIELDS``.
REASON_FIELDS = 3
MANY_FIELDS = f"more than {REASON_FIELDS} fields"
_LEADING_LINE = re.compile(r"^(?:line \d+: )+")


def reason(reject: Reject) -> str:
    """The ``rejected_by_reason`` key of a reject: the input field names its messages are keyed
    by (at most ``REASON_FIELDS``), or for a problem of the record as a whole the start of its
    first message, before any colon, line number or quoted value — a short fixed text, so that
    a million rejects give a handful of keys."""
    fields = sorted(cut(str(k), 60) for k in reject.messages if k != RECORD)
    if fields:
        return ", ".join(fields) if len(fields) <= REASON_FIELDS else MANY_FIELDS
    problems = [text for _, text in flatten_messages(reject.messages)] or [str(reject.error)]
    text = _LEADING_LINE.sub("", problems[0])
    text = re.split(r"[:(\[{'\"]| —", text, maxsplit=1)[0].strip()
    return text[:80] or "invalid record"


_GLOB = re.compile(r"[*?\[]")
_NOTHING_FOUND = (
    "no input files found (an empty folder, or a pattern matching no file; hidden files are "
    "left out)"
)


def expand(inputs: Iterable[Any]) -> Iterator[Any]:
    """Every input file: a directory stands for the files below it (sorted, hidden ones left
    out), a pattern with ``*``/``?``/``[`` for the files it matches (``**`` recursively); ``-``
    and non-path sources pass through. An input that gives no file gives nothing here:
    ``pieces`` reports it ("no input files found") rather than skip it silently."""
    for item in inputs:
        if not isinstance(item, (str, os.PathLike)) or str(item) == "-":
            yield item
            continue
        path = Path(item)
        if path.is_dir():
            yield from (
                str(p)
                for p in sorted(path.rglob("*"))
                if p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        elif not path.exists() and _GLOB.search(str(item)):
            matches = sorted(glob.glob(str(item), recursive=True))
            yield from (m for m in matches if Path(m).is_file())
        else:
            yield str(item)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


#: Paths that name a descriptor this process already has (``/dev/stdout``): written through it,
#: sharing its offset, exactly as a shell redirect does.
_DESCRIPTOR = re.compile(r"^/(?:dev/(?:std(in|out|err)|fd/(\d+))|proc/self/fd/(\d+))$")


def _descriptor(path: str) -> int | None:
    match = _DESCRIPTOR.match(os.path.abspath(path))
    if match is None:
        return None
    name, fd, proc_fd = match.groups()
    if name is not None:
        return {"in": 0, "out": 1, "err": 2}[name]
    return int(fd or proc_fd)


def _written_through(path: str) -> bool:
    """True when ``path`` is to be written in place, as a shell redirect would: a descriptor
    of this process, or anything that exists and is no regular file (a device such as
    /dev/null, a FIFO, a socket). Atomic replacement is for regular files and new paths."""
    if _descriptor(path) is not None:
        return True
    try:
        mode = os.stat(path).st_mode  # follows a symbolic link to what it points at
    except OSError:
        return False  # a new path (or a dangling link): created, atomically
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


class _Guarded(io.TextIOBase):
    """A text stream writing into ``fh`` whose system errors (a full disk, a quota, an I/O
    error) become ``InvalidOutput`` naming ``path`` and the system's reason: an output that
    cannot be written is exit 3, never a bug. A closed pipe stays ``BrokenPipeError``."""

    def __init__(self, fh: IO[str], path: str) -> None:
        super().__init__()
        self._fh, self._path = fh, path

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        try:
            return self._fh.write(text)
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise _cannot_write(self._path, exc) from None

    def flush(self) -> None:
        if not self._fh.closed:  # (closing this wrapper never closes the file: atomic_output does)
            with _guarded(self._path):
                self._fh.flush()


def _cannot_write(path: str, exc: OSError) -> InvalidOutput:
    return InvalidOutput(f"{path}: cannot be written ({exc.strerror or exc})")


@contextmanager
def _guarded(path: str) -> Iterator[None]:
    try:
        yield
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise _cannot_write(path, exc) from None


@contextmanager
def _through(path: str) -> Iterator[IO[str]]:
    """``path`` opened for writing in place (a device, FIFO, this process's descriptor)."""
    fd = _descriptor(path)
    try:
        if fd is not None:
            if fd == 1:
                sys.stdout.flush()
            fh = open(os.dup(fd), "w", encoding="utf-8", newline="\n")  # noqa: SIM115
        else:
            fh = open(path, "w", encoding="utf-8", newline="\n")  # noqa: SIM115
    except OSError as exc:
        raise InvalidOutput(f"{path}: cannot be written ({exc.strerror})") from None
    try:
        yield cast(IO[str], _Guarded(fh, path))
        with _guarded(path):
            fh.close()
    finally:
        with contextlib.suppress(OSError):
            fh.close()


class Untouched(Exception):
    """Raised inside ``atomic_output`` to leave its target as it was: the temporary file is
    removed and nothing is renamed (a run that could read no input must not replace
    yesterday's output with an empty one). Re-raised for the outer outputs to do the same."""


@contextmanager
def atomic_output(path: str | None) -> Iterator[IO[str]]:
    """A text stream for ``path`` (stdout for None or ``-``) that appears only when complete:
    written to a temporary file beside it and renamed, so a killed run leaves no partial file.

    Only a regular file (or a new path) is replaced so; a symbolic link is followed and its
    target replaced. A device (/dev/null), a FIFO, a socket or a descriptor of this process
    (/dev/stdout, /dev/stderr, /dev/fd/N) is written through, as a shell redirect would: never
    replaced by a regular file."""
    if path in (None, "-"):
        yield sys.stdout
        sys.stdout.flush()
        return
    if _written_through(path):
        with _through(path) as fh:
            yield fh
        return
    target = os.path.realpath(path)  # a link's target is what is replaced, never the link
    directory = os.path.dirname(target) or "."
    try:
        fd, tmp = tempfile.mkstemp(
            prefix=f".normaliser-{os.getpid()}-", suffix=".part", dir=directory
        )
    except OSError as exc:
        raise InvalidOutput(f"{path}: cannot be written ({exc.strerror})") from None
    try:
        if fcntl is not None:  # held while the file is written: a rerun leaves it alone
            fcntl.flock(fd, fcntl.LOCK_EX)
        # mkstemp makes the file private (0600); the output gets what open() would give it.
        os.chmod(tmp, 0o666 & ~_umask())
        fh = os.fdopen(fd, "w", encoding="utf-8", newline="\n")
        try:
            yield cast(IO[str], _Guarded(fh, path))
            with _guarded(path):
                fh.close()
                os.replace(tmp, target)
        finally:
            with contextlib.suppress(OSError):
                fh.close()
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def check_outputs(inputs: Iterable[Any], outputs: dict[str, str | None]) -> None:
    """Refuse outputs that would destroy one another or an input: two of ``outputs`` (named by
    their option, ``{"-o": ..., "--rejects": ...}``) naming the same file, or one naming an
    input file. Paths are compared resolved (links followed, ``..`` removed) and, where both
    exist, as the same file on disk. Standard output and what is written through (a device, a
    FIFO) may be shared. Raises ``UsageError`` before anything is read or written."""
    named = [
        (flag, path)
        for flag, path in outputs.items()
        if path not in (None, "-") and not _written_through(path) and not os.path.isdir(path)
    ]
    files = [
        ("the input", str(name))
        for name in expand(inputs)
        if isinstance(name, (str, os.PathLike)) and str(name) != "-"
    ]
    for i, (flag, path) in enumerate(named):
        for other, other_path in [*named[i + 1 :], *files]:
            if _same_file(path, other_path):
                raise UsageError(
                    f"{flag} and {other} name the same file ({path}): it would be "
                    "overwritten; give each output a file of its own"
                )


def _same_file(a: str, b: str) -> bool:
    if os.path.realpath(a) == os.path.realpath(b):
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False  # one of them does not exist yet


#: A temporary output of normaliser: ``.normaliser-<pid>-<random>.part`` (before the writer's
#: process id was in the name: ``.normaliser-<random>.part``).
_PART = re.compile(r"^\.normaliser-(?:(\d+)-)?[a-z0-9_]+\.part$")

#: A temporary file without a process id in its name is stale when older than this (seconds).
_UNNAMED_STALE = 3600


def remove_stale(paths: Iterable[str | None]) -> list[str]:
    """Remove the temporary files a killed run (SIGKILL, a power cut) left beside the outputs
    ``paths`` (a file: its folder; ``-o DIR/``: the folder itself): those of normaliser's own
    naming that no process holds — unlocked, and written by a process that is gone (or, named
    without a process id, untouched for an hour). Returns the paths removed."""
    folders = set()
    for path in paths:
        if path in (None, "-") or _written_through(path):
            continue
        if os.path.isdir(path) or path.endswith(("/", os.sep)):
            folders.add(os.path.realpath(path))
        else:
            folders.add(os.path.dirname(os.path.realpath(path)))
    removed = []
    for folder in sorted(folders):
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        for name in names:
            match = _PART.match(name)
            path = os.path.join(folder, name)
            if match is None or not os.path.isfile(path) or os.path.islink(path):
                continue  # (a FIFO or a link so named is not of normaliser's making)
            with contextlib.suppress(OSError), open(path, "rb") as fh:
                if fcntl is not None:
                    try:
                        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    except BlockingIOError:
                        continue  # a run is writing it
                pid = match.group(1)
                if pid is not None and _alive(int(pid)):
                    continue
                if pid is None and time.time() - os.fstat(fh.fileno()).st_mtime < _UNNAMED_STALE:
                    continue
                os.unlink(path)
                removed.append(path)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists, another user's
    return True


# --- Splitting: inputs → pieces (in this process) -------------------------------------------


@dataclass(frozen=True)
class Piece:
    """One record of an input as split from it: what a worker is sent.

    ``payload`` is what the format's ``split`` yields (the record's lines and parts, with
    ``raw``, ``line`` and ``offset``) and ``format`` names the module whose ``parse`` maps it;
    for a format without ``split`` (an XML document is read whole) ``format`` is None and the
    payload is the Record or Reject its reader made.
    """

    source: str
    number: int
    format: str | None
    payload: Any
    #: The warning the input's encoding gives every record (``sources.encoding_note``).
    decoded: Note | None = None


def pieces(
    inputs: Iterable[Any],
    *,
    from_: str | None,
    strict: bool,
    stats: Stats,
    on_unreadable: Callable[[str, NormaliserError], None],
    fail_on_bug: bool = False,
) -> Iterator[Piece]:
    """Every record of every input, in order, split but not yet mapped. An unreadable input is
    reported and passed over (the records before the point where it broke are kept). An input
    with a ``normaliser_pieces(from_=..., strict=...)`` method splits itself: its pieces are
    taken as they come (``normaliser.dask.Slice``: a byte range of a dump)."""
    names: list[Any] = []
    for given in inputs:
        found = list(expand([given]))
        if not found:
            # An empty folder, or a pattern matching no file: said, never a silent "read 0".
            stats.unreadable.append(str(given))
            on_unreadable(str(given), InvalidInput(f"{given}: {_NOTHING_FOUND}"))
        names.extend(found)
    stats.bytes_total = _total_size(names)
    done = 0
    for item in names:
        is_path = isinstance(item, (str, os.PathLike))
        name = str(item) if is_path else str(getattr(item, "name", None) or type(item).__name__)
        try:
            own = getattr(item, "normaliser_pieces", None)
            if own is not None:
                # An input that splits itself (a byte range of a dump on shared storage, as a
                # partition of a Dask run is): its pieces, numbered as in the whole input.
                yield from cast(Iterable[Piece], own(from_=from_, strict=strict))
                continue
            with _opened(item) as (source, raw_file):
                name = source.name
                fmt = formats.get(from_) if from_ else formats.sniff(source.head_text(), name)
                items: Iterable[Any]
                if fmt.splits:
                    items, format_name = fmt.split(source), fmt.name
                else:
                    items, format_name = fmt.read(source, strict=strict), None
                for number, payload in enumerate(items, 1):
                    if raw_file is not None:
                        stats.bytes_read = done + raw_file.tell()
                    yield Piece(
                        source.name, number, format_name, payload, encoding_note(source.encoding)
                    )
        except (InvalidInput, UnknownFormat) as exc:
            stats.unreadable.append(name)
            on_unreadable(name, exc)
        except (UsageError, BrokenInstallation):
            raise
        except Exception as exc:
            # A bug in a reader: its generator is gone, so the rest of this input cannot be
            # read; the run goes on with the next one.
            if fail_on_bug:
                raise
            stats.bugs += 1
            stats.first_bug = stats.first_bug or traceback.format_exc()
            stats.unreadable.append(name)
            on_unreadable(
                name,
                InvalidInput(
                    f"{name}: internal error: {type(exc).__name__}: {exc} — {BUG_NOTE}; "
                    "the rest of this input was not read"
                ),
            )
        if isinstance(item, (str, os.PathLike)) and os.path.isfile(item):
            done += os.path.getsize(item)
            stats.bytes_read = done


def _total_size(names: list[Any]) -> int | None:
    if not all(isinstance(n, (str, os.PathLike)) and os.path.isfile(n) for n in names):
        return None
    return sum(os.path.getsize(n) for n in names)


@contextmanager
def _opened(item: Any) -> Iterator[tuple[Any, IO[bytes] | None]]:
    """The source of an input, and for a file the raw file whose position measures progress."""
    if isinstance(item, (str, os.PathLike)) and str(item) != "-" and os.path.isfile(item):
        try:
            fh = open(item, "rb")  # noqa: SIM115 - closed below
        except OSError:
            fh = None  # open_source reports why, in its words
        if fh is not None:
            with fh, open_source(fh, str(item)) as source:
                yield source, fh
            return
    with open_source(item) as source:
        yield source, None


# --- Processing: piece → document or reject (here, or in a worker) ---------------------------


@dataclass(frozen=True)
class Job:
    """Everything needed to process pieces; sent once to each worker process."""

    to: str
    options: dict[str, Any] = field(default_factory=dict)
    strict: bool = False
    transform: Transform | None = None
    fail_on_bug: bool = False


@dataclass
class Outcome:
    """What became of one piece: its document in the target format, or a reject. ``warnings``
    are the kinds of the record's notes; ``stem`` the file name its DOI or source id gives;
    ``bug`` the traceback when a bug in normaliser made the reject."""

    source: str
    number: int
    document: str | None = None
    reject: Reject | None = None
    deletion: Deletion | None = None
    warnings: tuple[str, ...] = ()
    stem: str | None = None
    bug: str | None = None
    #: With ``-o DIR/``: the file the document goes to.
    file: str | None = None


def process(job: Job, piece: Piece) -> Outcome:
    """Map, transform and serialise one piece. Bad data becomes a reject naming its fields; an
    exception that is no ``NormaliserError`` (a bug) becomes a reject saying so, holding the
    original text, unless ``job.fail_on_bug``. ``UsageError`` and ``BrokenInstallation`` are
    not about the record and escape."""
    try:
        item = _parse(piece, job.strict)
        if isinstance(item, Reject):
            return Outcome(piece.source, piece.number, reject=item)
        if isinstance(item, Deletion):
            return Outcome(piece.source, piece.number, deletion=item)
        record = item
        if piece.decoded is not None:
            record = replace(record, notes=(*record.notes, piece.decoded))
        if job.transform is not None:
            try:
                record = job.transform(record)
            except (UsageError, BrokenInstallation):
                raise
            except NormaliserError as exc:
                return Outcome(piece.source, piece.number, reject=_rejected(piece, exc))
        warnings = tuple(note.kind for note in record.notes)
        try:
            document = render(job, record)
        except (UsageError, BrokenInstallation):
            raise
        except NormaliserError as exc:
            # The target format cannot carry the record (JATS Publishing without an ISSN): a
            # reject whose text is the record's lossless canonical JSON.
            error = exc if isinstance(exc, InvalidRecord) else InvalidRecord(str(exc))
            text = formats.lossless_text(record)
            reject = Reject(error, text, piece.number, None, None, piece.source)
            return Outcome(piece.source, piece.number, reject=reject, warnings=warnings)
        return Outcome(
            piece.source, piece.number, document=document, warnings=warnings, stem=_stem(record)
        )
    except (UsageError, BrokenInstallation):
        raise
    except Exception as exc:
        if job.fail_on_bug:
            raise
        error = InvalidRecord(f"internal error: {type(exc).__name__}: {exc} — {BUG_NOTE}")
        reject = _rejected(piece, error)
        return Outcome(piece.source, piece.number, reject=reject, bug=traceback.format_exc())


def _parse(piece: Piece, strict: bool) -> Record | Reject | Deletion:
    if piece.format is None:
        return piece.payload  # type: ignore[no-any-return]
    return formats.get(piece.format).parse(piece.payload, piece.number, piece.source, strict=strict)


def _rejected(piece: Piece, exc: NormaliserError) -> Reject:
    """A reject for ``piece`` with its original text (a Record read whole: its canonical JSON)."""
    error = exc if isinstance(exc, InvalidRecord) else InvalidRecord(str(exc))
    payload = piece.payload
    if isinstance(payload, Record):
        return Reject(error, formats.lossless_text(payload), piece.number, None, None, piece.source)
    return Reject(
        error,
        str(payload.raw),
        getattr(payload, "record", piece.number),
        payload.line,
        payload.offset,
        piece.source,
    )


def render(job: Job, record: Record) -> str:
    """``record`` as a document of ``job.to`` on its own; raises what the writer refuses it for."""
    refused: list[NormaliserError] = []
    buffer = io.StringIO()
    formats.get(job.to).write(
        [record], buffer, on_error=lambda r, exc, into=refused: into.append(exc), **job.options
    )
    if refused:
        raise refused[0]
    return buffer.getvalue()


_UNSAFE = re.compile(r"[^A-Za-z0-9._\-]+")


def _stem(record: Record) -> str | None:
    stem = record.identifier("doi") or (record.provenance.record_id if record.provenance else None)
    return (_UNSAFE.sub("_", stem).strip("._") or None) if stem else None


def file_name(outcome: Outcome) -> str:
    """A stable file name for a record: its DOI, else its id at the source, else where it was
    read (``input-000042``); characters unsafe in a file name become ``_``."""
    if outcome.stem:
        return outcome.stem
    stem = _UNSAFE.sub("_", f"{Path(outcome.source).stem}-{outcome.number:06d}").strip("._")
    return stem or f"record-{outcome.number:06d}"


# --- Running in worker processes -----------------------------------------------------------

_WORKER_JOB: Job | None = None


def _start_worker(job: Job) -> None:
    global _WORKER_JOB
    _WORKER_JOB = job
    # Ctrl-C and SIGTERM are the parent's to handle: it stops feeding work and lets the chunks
    # in hand end (a scheduler may send SIGTERM to the whole process group).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, signal.SIG_IGN)


def _process_chunk(chunk: list[Piece]) -> list[Outcome]:
    assert _WORKER_JOB is not None
    return [process(_WORKER_JOB, piece) for piece in chunk]


def outcomes(pieces: Iterable[Piece], job: Job, jobs: int = 1) -> Iterator[Outcome]:
    """The outcome of every piece, in order: here when ``jobs`` is 1, else in ``jobs`` worker
    processes, ``CHUNK_RECORDS`` pieces at a time, at most two chunks per worker in flight (so
    memory stays flat). Raises ``WorkerFailed`` when a worker dies."""
    if jobs <= 1:
        for piece in pieces:
            yield process(job, piece)
        return
    # Imported here: ~14 ms of CPU that a run without --jobs (and every other command) skips.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    pool = ProcessPoolExecutor(
        jobs,
        mp_context=multiprocessing.get_context(),
        initializer=_start_worker,
        initargs=(job,),
    )
    window: deque[Future[list[Outcome]]] = deque()
    try:
        for chunk in _chunked(pieces, CHUNK_RECORDS):
            window.append(pool.submit(_process_chunk, chunk))
            if len(window) >= 2 * jobs:
                yield from window.popleft().result()
        while window:
            yield from window.popleft().result()
    except BrokenProcessPool:
        raise WorkerFailed(
            "a worker process stopped without answering (killed, out of memory, or a crash in "
            "native code); the run was abandoned — run it again, with fewer --jobs if memory "
            "is short"
        ) from None
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _chunked(items: Iterable[Piece], size: int) -> Iterator[list[Piece]]:
    chunk: list[Piece] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


# --- The run: outcomes → output, rejects, counts ---------------------------------------------


def run(
    inputs: list[Any],
    to: str,
    *,
    from_: str | None = None,
    output: str | None = None,
    rejects: str | None = None,
    deletions: str | None = None,
    strict: bool = False,
    jobs: int = 1,
    transform: Transform | None = None,
    fail_on_bug: bool = False,
    overwrite: bool = False,
    on_unreadable: Callable[[str, NormaliserError], None] | None = None,
    on_reject: Callable[[Reject], None] | None = None,
    on_progress: Callable[[Stats], None] | None = None,
    **options: Any,
) -> Stats:
    """Convert every record of ``inputs`` to ``to`` into ``output`` (a file, ``-``/None for
    standard output, or a directory: one file per record); write rejects (JSON Lines) to
    ``rejects`` and the records the source says are deleted (JSON Lines) to ``deletions``; apply
    ``transform`` to every record between reading and writing; call ``on_progress`` with the
    running counts after every record. In a directory, a file the run did not create is never
    replaced unless ``overwrite`` (that record is a reject). ``jobs`` worker processes (0: one
    per CPU) give the same bytes as one. Returns the counts.

    A bug met on one record makes it a reject (counted in ``Stats.bugs``) unless
    ``fail_on_bug``, which lets the exception escape. Raises ``InvalidOutput`` when an output
    cannot be written and ``WorkerFailed`` when a worker process dies.
    """
    target, jobs, empty = prepared(to, jobs, options)
    job = Job(to, dict(options), strict, transform, fail_on_bug)
    stats = Stats()
    started = time.perf_counter()
    remove_stale([output, rejects, deletions])
    with (
        contextlib.suppress(Untouched),
        atomic_output(rejects) if rejects else _discard() as reject_fh,
        atomic_output(deletions) if deletions else _discard() as deletion_fh,
    ):
        set_aside = setting_aside(reject_fh, on_reject)

        def note_deleted(deletion: Deletion) -> None:
            if deletion_fh is not None:
                line = deletion_line(deletion)
                deletion_fh.write(reject_text(line) + "\n")

        split = pieces(
            inputs,
            from_=from_,
            strict=strict,
            stats=stats,
            on_unreadable=on_unreadable or (lambda name, exc: None),
            fail_on_bug=fail_on_bug,
        )
        results = outcomes(split, job, jobs)
        if output is not None and (os.path.isdir(output) or output.endswith(("/", os.sep))):
            suffix = target.extensions[0]
            named = _named(results, output, suffix, overwrite=overwrite, inputs=inputs)
            _one_file_each(_accounted(named, stats, set_aside, on_progress, note_deleted))
            if stats.unreadable and not stats.read:
                raise Untouched
        else:
            written = _accounted(results, stats, set_aside, on_progress, note_deleted)
            with atomic_output(output) as out:
                documents = (o.document or "" for o in written)
                first = next(documents, None)
                # No record written: an empty file, whatever the format (never an empty XML
                # collection that passes for a document).
                if first is not None:
                    join(to, empty, itertools.chain([first], documents), out)
                if stats.unreadable and not stats.read:
                    raise Untouched
    stats.seconds = time.perf_counter() - started
    return stats


def _accounted(
    results: Iterable[Outcome],
    stats: Stats,
    set_aside: Callable[[Reject, str | None], None],
    on_progress: Callable[[Stats], None] | None,
    note_deleted: Callable[[Deletion], None] = lambda deletion: None,
) -> Iterator[Outcome]:
    """Count every outcome, set the rejects aside and note the deletions; pass on the written
    ones."""
    for outcome in results:
        if tally(outcome, stats, set_aside, note_deleted):
            stats.written += 1
            yield outcome
        if on_progress is not None:
            on_progress(stats)
    if on_progress is not None:
        on_progress(stats)


def tally(
    outcome: Outcome,
    stats: Stats,
    set_aside: Callable[[Reject, str | None], None],
    note_deleted: Callable[[Deletion], None] = lambda deletion: None,
) -> bool:
    """Count one outcome into ``stats`` (read, deleted, warnings, rejected with its reason and
    any bug), set a reject aside and note a deletion; True when it is a record to pass on."""
    stats.read += 1
    if outcome.deletion is not None:
        stats.deleted += 1
        note_deleted(outcome.deletion)
        return False
    for kind in outcome.warnings:
        stats.warnings[kind] += 1
    if outcome.reject is None:
        return True
    stats.rejected += 1
    stats.reasons[reason(outcome.reject)] += 1
    if outcome.bug is not None:
        stats.bugs += 1
        stats.first_bug = stats.first_bug or outcome.bug
    set_aside(outcome.reject, outcome.bug)
    return False


def prepared(to: str, jobs: int, options: dict[str, Any]) -> tuple[formats.Format, int, str]:
    """What a run writing ``to`` needs before it reads a byte: the format (refused when it is
    not written), the number of worker processes (0: one per CPU) and the document of no record,
    which checks the options once, here, and frames a collection."""
    target = formats.get(to)
    if not target.writes:
        raise UnknownFormat(f"format {to!r} can be read but not written")
    if jobs < 0:
        raise UsageError(f"jobs must be 0 (one per CPU) or more, not {jobs}")
    empty = io.StringIO()
    target.write([], empty, **options)
    return target, jobs or os.cpu_count() or 1, empty.getvalue()


def setting_aside(
    reject_fh: IO[str] | None, on_reject: Callable[[Reject], None] | None
) -> Callable[[Reject, str | None], None]:
    """What a run does with a reject: a line in the rejects file (when there is one) and a call
    of ``on_reject`` (when given)."""

    def set_aside(reject: Reject, bug: str | None) -> None:
        if reject_fh is not None:
            reject_fh.write(reject_text(reject_line(reject, bug)) + "\n")
        if on_reject is not None:
            on_reject(reject)

    return set_aside


def join(to: str, empty: str, documents: Iterable[str], out: IO[str]) -> None:
    """Write the documents of single records in format ``to`` as the one document its writer
    writes for all of them. ``empty`` is what it writes for no record: nothing for a format
    whose records simply follow one another (JSON Lines, dumps), else an XML collection
    (``xmlio``). A format whose records name one another (BibTeX citation keys) makes the names
    unique across the documents first."""
    formats.get(to).join(empty, documents, out)


def _named(
    results: Iterable[Outcome], folder: str, suffix: str, *, overwrite: bool, inputs: list[Any]
) -> Iterator[Outcome]:
    """Give every written outcome its file in ``folder`` (created if need be): its name
    (``file_name``), shortened to the file system's limit, with ``-2``, ``-3``… when this run
    already used it; names compare case-insensitively (a case-insensitive file system would
    make ``A.xml`` and ``a.xml`` one file). A name already in ``folder`` before the run (the
    run did not create it) makes the record a reject unless ``overwrite``; an input never is
    overwritten. Such a reject's text is the document that was not written."""
    try:
        os.makedirs(folder, exist_ok=True)
        existing = {name.casefold() for name in os.listdir(folder)}
    except OSError as exc:
        raise InvalidOutput(f"{folder}: cannot be created ({exc.strerror})") from None
    here = os.path.realpath(folder)
    own_inputs = {
        os.path.basename(str(name)).casefold()
        for name in expand(inputs)
        if isinstance(name, (str, os.PathLike)) and os.path.dirname(os.path.realpath(name)) == here
    }
    limit = _name_max(folder)
    taken: set[str] = set()
    for outcome in results:
        if outcome.reject is not None or outcome.deletion is not None:
            yield outcome
            continue
        name = file_name(outcome)
        candidate, n = fit_name(name, suffix, limit) + suffix, 1
        while candidate.casefold() in taken:
            n += 1
            candidate = fit_name(f"{name}-{n}", suffix, limit) + suffix
        taken.add(candidate.casefold())
        path = os.path.join(folder, candidate)
        why = None
        if candidate.casefold() in own_inputs:
            why = f"output file is an input: {path} would be overwritten"
        elif candidate.casefold() in existing and not overwrite:
            why = f"output file exists: {path} was not written by this run; --overwrite replaces it"
        if why is None:
            yield replace(outcome, file=path)
            continue
        reject = Reject(
            InvalidRecord(why), outcome.document or "", outcome.number, None, None, outcome.source
        )
        yield replace(outcome, document=None, reject=reject)


def _one_file_each(written: Iterable[Outcome]) -> None:
    """Write every record to its own file (``Outcome.file``, given by ``_named``), atomically."""
    for outcome in written:
        assert outcome.file is not None
        with atomic_output(outcome.file) as fh:
            fh.write(outcome.document or "")


def _name_max(folder: str) -> int:
    """The longest file name (in bytes) the file system of ``folder`` takes."""
    try:
        return max(64, os.pathconf(folder, "PC_NAME_MAX"))
    except (OSError, ValueError, AttributeError):
        return 255


#: Hex digits of the SHA-256 of the whole name kept in a shortened name.
_HASHED = 16


def fit_name(name: str, suffix: str, limit: int = 255) -> str:
    """``name`` shortened so that ``name + suffix`` takes at most ``limit`` bytes (a
    file system's NAME_MAX): a readable prefix, ``-`` and a hash of the whole name, so that
    names differing only beyond the prefix stay apart. A name that fits is kept as it is."""
    if len((name + suffix).encode("utf-8")) <= limit:
        return name
    import hashlib  # here: importing it (OpenSSL) costs every process ~4 ms of CPU

    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:_HASHED]
    room = limit - len(suffix.encode("utf-8")) - 1 - len(digest)
    prefix = name.encode("utf-8")[: max(room, 0)].decode("utf-8", "ignore")
    return f"{prefix}-{digest}"


@contextmanager
def _discard() -> Iterator[None]:
    yield None
