"""The streaming pipeline: inputs → records → one output, with rejects and counts that reconcile.

Records flow through one at a time (a generator chain), so memory stays flat whatever the dump
size. Every record read ends as written or rejected: ``read == written + rejected``.
"""

from __future__ import annotations

import base64
import contextlib
import glob
import io
import json
import os
import re
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from . import api, formats
from .errors import InvalidInput, InvalidOutput, InvalidRecord, NormaliserError, UnknownFormat
from .record import Record, Reject


@dataclass
class Stats:
    """What a run did; ``read == written + rejected`` always holds at the end."""

    read: int = 0
    written: int = 0
    rejected: int = 0
    reasons: Counter[str] = field(default_factory=Counter)
    warnings: Counter[str] = field(default_factory=Counter)
    unreadable: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def reconciles(self) -> bool:
        return self.read == self.written + self.rejected

    def as_dict(self) -> dict[str, Any]:
        return {
            "read": self.read,
            "written": self.written,
            "rejected": self.rejected,
            "rejected_by_reason": dict(self.reasons.most_common()),
            "warnings_by_kind": dict(self.warnings.most_common()),
            "unreadable_inputs": self.unreadable,
            "seconds": round(self.seconds, 3),
            "records_per_second": round(self.read / self.seconds, 1) if self.seconds else None,
        }


def reject_line(reject: Reject) -> dict[str, Any]:
    """The rejects-file entry of a record: where it was, why, and its original text; when that
    text is not the UTF-8 of the input's bytes (undecodable bytes, a GB18030 input),
    ``raw_base64`` holds the bytes exactly as they were."""
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
    return line


def _reason(reject: Reject) -> str:
    fields = sorted(reject.messages)
    return ", ".join(fields) if fields != ["_schema"] else str(reject.error).split(":")[0]


@dataclass
class Position:
    """Where the record last handed to the writer came from."""

    source: str | None = None
    record: int = 0


_GLOB = re.compile(r"[*?\[]")


def expand(inputs: Iterable[Any]) -> Iterator[Any]:
    """Every input file: a directory stands for the files below it (sorted, hidden ones left
    out), a pattern with ``*``/``?``/``[`` for the files it matches (``**`` recursively); ``-``
    and non-path sources pass through. A name that matches nothing is passed on, so that it is
    reported as unreadable rather than silently skipped."""
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
            yield from (m for m in matches if Path(m).is_file()) if matches else (str(item),)
        else:
            yield str(item)


def stream(
    inputs: Iterable[Any],
    *,
    from_: str | None,
    strict: bool,
    stats: Stats,
    on_reject: Callable[[Reject], None],
    on_unreadable: Callable[[str, NormaliserError], None],
    position: Position | None = None,
) -> Iterator[Record]:
    """Every good record of every input, in order; rejects and unreadable inputs go aside."""
    position = position or Position()
    for source in expand(inputs):
        name = str(source)
        position.source, position.record = name, 0
        try:
            for item in api.read(source, from_, strict=strict, errors="yield"):
                stats.read += 1
                position.record += 1
                if isinstance(item, Reject):
                    stats.rejected += 1
                    stats.reasons[_reason(item)] += 1
                    on_reject(item)
                    continue
                for note in item.notes:
                    stats.warnings[note.kind] += 1
                stats.written += 1
                yield item
        except (InvalidInput, UnknownFormat) as exc:
            stats.unreadable.append(name)
            on_unreadable(name, exc)


@contextmanager
def atomic_output(path: str | None) -> Iterator[IO[str]]:
    """A text stream for ``path`` (stdout for None or ``-``) that appears only when complete:
    written to a temporary file beside it and renamed, so a killed run leaves no partial file."""
    if path in (None, "-"):
        yield sys.stdout
        sys.stdout.flush()
        return
    directory = os.path.dirname(os.path.abspath(path)) or "."
    try:
        fd, tmp = tempfile.mkstemp(prefix=".normaliser-", suffix=".part", dir=directory)
    except OSError as exc:
        raise InvalidOutput(f"{path}: cannot be written ({exc.strerror})") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            yield fh
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def run(
    inputs: list[Any],
    to: str,
    *,
    from_: str | None = None,
    output: str | None = None,
    rejects: str | None = None,
    strict: bool = False,
    on_unreadable: Callable[[str, NormaliserError], None] | None = None,
    on_reject: Callable[[Reject], None] | None = None,
    on_progress: Callable[[Stats], None] | None = None,
    **options: Any,
) -> Stats:
    """Convert every record of ``inputs`` to ``to`` into ``output``; write rejects (JSON Lines)
    to ``rejects``; call ``on_progress`` with the running counts after every record. Returns
    the counts.

    Raises ``InvalidOutput`` when an output cannot be written.
    """
    write_to = formats.writer(to)
    if write_to is None:
        raise UnknownFormat(f"format {to!r} can be read but not written")
    stats = Stats()
    started = time.perf_counter()
    with atomic_output(rejects) if rejects else _discard() as reject_fh:

        def set_aside(reject: Reject) -> None:
            if reject_fh is not None:
                reject_fh.write(json.dumps(reject_line(reject), ensure_ascii=False) + "\n")
            if on_reject is not None:
                on_reject(reject)

        position = Position()

        def unwritable(record: Record, exc: NormaliserError) -> None:
            # The record was read but the target format cannot carry it (e.g. JATS Publishing
            # without an ISSN): it becomes a reject, its text the lossless canonical JSON.
            stats.written -= 1
            stats.rejected += 1
            error = exc if isinstance(exc, InvalidRecord) else InvalidRecord(str(exc))
            reject = Reject(
                error,
                formats.get("json").write_one(record),
                position.record,
                None,
                None,
                position.source,
            )
            stats.reasons[_reason(reject)] += 1
            set_aside(reject)

        records = stream(
            inputs,
            from_=from_,
            strict=strict,
            stats=stats,
            on_reject=set_aside,
            on_unreadable=on_unreadable or (lambda name, exc: None),
            position=position,
        )
        if on_progress is not None:
            records = _reporting(records, stats, on_progress)
        if output is not None and (os.path.isdir(output) or output.endswith(("/", os.sep))):
            _one_file_each(records, output, to, write_to, unwritable, position, **options)
        else:
            with atomic_output(output) as out:
                write_to(records, out, on_error=unwritable, **options)
    stats.seconds = time.perf_counter() - started
    return stats


def _reporting(
    records: Iterator[Record], stats: Stats, report: Callable[[Stats], None]
) -> Iterator[Record]:
    for record in records:
        report(stats)
        yield record
    report(stats)


_UNSAFE = re.compile(r"[^A-Za-z0-9._\-]+")


def file_name(record: Record, position: Position) -> str:
    """A stable file name for a record: its DOI, else its id at the source, else where it was
    read (``input-000042``); characters unsafe in a file name become ``_``."""
    stem = record.identifier("doi") or (record.provenance.record_id if record.provenance else None)
    if not stem:
        stem = f"{Path(position.source or 'record').stem}-{position.record:06d}"
    return _UNSAFE.sub("_", stem).strip("._") or f"record-{position.record:06d}"


def _one_file_each(
    records: Iterable[Record],
    folder: str,
    to: str,
    write_to: Callable[..., None],
    unwritable: Callable[[Record, NormaliserError], None],
    position: Position,
    **options: Any,
) -> None:
    """Write every record to its own file in ``folder`` (created if need be), atomically."""
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError as exc:
        raise InvalidOutput(f"{folder}: cannot be created ({exc.strerror})") from None
    suffix = formats.get(to).EXTENSIONS[0]
    taken: set[str] = set()
    for record in records:
        refused: list[NormaliserError] = []
        buffer = io.StringIO()
        write_to(
            [record], buffer, on_error=lambda r, exc, into=refused: into.append(exc), **options
        )
        if refused:
            unwritable(record, refused[0])
            continue
        name = file_name(record, position)
        candidate, n = name, 1
        while candidate in taken:
            n += 1
            candidate = f"{name}-{n}"
        taken.add(candidate)
        with atomic_output(os.path.join(folder, candidate + suffix)) as fh:
            fh.write(buffer.getvalue())


@contextmanager
def _discard() -> Iterator[None]:
    yield None
