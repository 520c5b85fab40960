"""Merging on Dask (issue 23), for runs beyond one machine: ``merge_bag``.

Three steps. Every partition of the bag of inputs is read by a worker, as ``normaliser merge``
reads (``merge.read``), into a spill file of canonical JSON with each record's match keys
(``merge.keys``, computed where the record was read). The client puts the keys into one
``merge.Index`` (SQLite on disk: one integer per record in memory) and writes the groups, a
bounded number of records at a time, into spill files. Every spill file of groups is merged and
written by a worker into ``out_dir/part-00000.<ext>``. The spill files go to ``work_dir``, which
every worker must see (a shared file system; ``out_dir/.merge-work`` by default, removed at the
end). The result is the one ``normaliser merge`` gives, cut into parts.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import IO, Any

import dask.bag
from dask.base import compute
from dask.delayed import delayed

from . import batch, formats, merge
from .dask import _sources
from .errors import UnknownFormat, UsageError

#: The most records a part of the merged output holds (whole groups: a part may hold more).
PART_RECORDS = 10_000


def merge_bag(
    inputs: dask.bag.Bag | Iterable[str | os.PathLike[str]],
    *,
    to: str,
    out_dir: str | os.PathLike[str],
    rejects_dir: str | os.PathLike[str] | None = None,
    work_dir: str | os.PathLike[str] | None = None,
    from_: str | None = None,
    strict: bool = False,
    prefer: Sequence[str] = (),
    transform: batch.Transform | None = None,
    scheduler: str | None = None,
    part_records: int = PART_RECORDS,
    **options: Any,
) -> dict[str, Any]:
    """Merge every record of ``inputs`` (a bag of paths or record texts, or a list of paths:
    as ``dask.convert_bag`` takes them) into one record per work, written as ``to`` into
    ``out_dir/part-NNNNN.<ext>``; the rejects of reading into ``rejects_dir/read-NNNNN.jsonl``,
    records the writer refuses into ``rejects_dir/merge-NNNNN.jsonl``. ``prefer`` as in
    ``merge.run``. Returns the counts as ``MergeStats.as_dict`` gives them, with the files
    written under ``outputs`` and ``rejects``."""
    if not formats.get(to).writes:
        raise UnknownFormat(f"format {to!r} can be read but not written")
    if part_records < 1:
        raise UsageError(f"part_records must be 1 or more, not {part_records}")
    formats.get(to).write([], io.StringIO(), **options)  # checks the options first
    if isinstance(inputs, dask.bag.Bag):
        bag = inputs
    else:
        paths = [os.fspath(p) for p in inputs]
        bag = dask.bag.from_sequence(paths, npartitions=max(1, len(paths)))
    out = os.fspath(out_dir)
    rejects = os.fspath(rejects_dir) if rejects_dir is not None else None
    work = os.fspath(work_dir) if work_dir is not None else os.path.join(out, ".merge-work")
    for folder in (out, rejects, work):
        if folder is not None:
            os.makedirs(folder, exist_ok=True)
    started = time.perf_counter()
    stats = merge.MergeStats()
    outputs: list[str] = []
    reject_files: list[str] = []
    try:
        read_tasks = [
            delayed(_read_part)(part, number, work, rejects, from_, strict, transform)
            for number, part in enumerate(bag.to_delayed())
        ]
        spills = []
        for result in compute(*read_tasks, scheduler=scheduler):
            _add_counts(stats, result["stats"])
            spills.append(result["spill"])
            reject_files.extend(result["rejects"])
        group_files = _grouped(spills, work, prefer, part_records)
        merge_tasks = [
            delayed(_merge_part)(path, number, first, to, out, rejects, tuple(prefer), options)
            for number, (path, first) in enumerate(group_files)
        ]
        for result in compute(*merge_tasks, scheduler=scheduler):
            _add_counts(stats, result["stats"])
            outputs.extend(result["outputs"])
            reject_files.extend(result["rejects"])
    finally:
        if work_dir is None:
            shutil.rmtree(work, ignore_errors=True)
    stats.seconds = time.perf_counter() - started
    return stats.as_dict() | {"outputs": outputs, "rejects": reject_files}


def _read_part(
    items: list[Any],
    number: int,
    work: str,
    rejects: str | None,
    from_: str | None,
    strict: bool,
    transform: batch.Transform | None,
) -> dict[str, Any]:
    """Read one partition into ``work/read-NNNNN.jsonl``: per record its input, position,
    canonical JSON and keys."""
    name = f"read-{number:05d}"
    spill = os.path.join(work, name + ".jsonl")
    reject_path = os.path.join(rejects, name + ".jsonl") if rejects is not None else None
    stats = merge.MergeStats()
    job = batch.Job("json", {}, strict, transform)
    with contextlib.ExitStack() as stack:
        fh = stack.enter_context(open(spill, "w", encoding="utf-8"))
        reject_fh = stack.enter_context(batch.atomic_output(reject_path)) if reject_path else None
        set_aside = batch.setting_aside(reject_fh, None)

        for record, source, position, text in merge.read(
            _sources(items, f"part-{number:05d}"), job, from_, 1, stats, set_aside
        ):
            line = {"input": source, "position": position, "json": text}
            line["keys"] = [list(k) for k in merge.keys(record)]
            fh.write(json.dumps(line, ensure_ascii=False) + "\n")
    return {
        "stats": _counts(stats),
        "spill": spill,
        "rejects": [reject_path] if reject_path else [],
    }


def _grouped(
    spills: list[str], work: str, prefer: Sequence[str], part_records: int
) -> list[tuple[str, int]]:
    """Group the spilled records in one index; write the groups (one JSON line each: its
    members' input, position and canonical JSON) into files of about ``part_records`` records.
    Returns each file with the number of its first group."""
    files: list[tuple[str, int]] = []
    with merge.Index(prefer, work) as index:
        for spill in spills:
            with open(spill, encoding="utf-8") as spilled:
                for line in spilled:
                    entry = json.loads(line)
                    index.add(None, entry["input"], entry["position"], entry["json"], entry["keys"])
            os.remove(spill)
        fh: IO[str] | None = None
        size = 0
        try:
            for number, group in enumerate(index.raw_groups(), 1):
                if fh is None or size >= part_records:
                    if fh is not None:
                        fh.close()
                    path = os.path.join(work, f"groups-{len(files):05d}.jsonl")
                    fh = open(path, "w", encoding="utf-8")  # noqa: SIM115 (closed below)
                    files.append((path, number))
                    size = 0
                members = [[source, position, text] for _, source, position, text in group]
                fh.write(json.dumps(members, ensure_ascii=False) + "\n")
                size += len(group)
        finally:
            if fh is not None:
                fh.close()
    return files


def _merge_part(
    path: str,
    number: int,
    first: int,
    to: str,
    out: str,
    rejects: str | None,
    prefer: tuple[str, ...],
    options: dict[str, Any],
) -> dict[str, Any]:
    """Merge and write the groups of one spill file into ``out/part-NNNNN.<ext>``."""
    from .formats.json import from_dict

    name = f"part-{number:05d}"
    output = os.path.join(out, name + formats.get(to).extensions[0])
    reject_path = (
        os.path.join(rejects, f"merge-{number:05d}.jsonl") if rejects is not None else None
    )
    stats = merge.MergeStats()
    job = batch.Job(to, dict(options))
    _, _, empty = batch.prepared(to, 1, options)
    with contextlib.ExitStack() as stack:
        reject_fh = stack.enter_context(batch.atomic_output(reject_path)) if reject_path else None
        set_aside = batch.setting_aside(reject_fh, None)

        def documents() -> Iterable[str]:
            with open(path, encoding="utf-8") as fh:
                for place, line in enumerate(fh, first):
                    members = [
                        merge.Member(from_dict(json.loads(text)), source, position)
                        for source, position, text in json.loads(line)
                    ]
                    document = merge.written(job, place, members, prefer, stats, set_aside)
                    if document is not None:
                        yield document

        with batch.atomic_output(output) as fh:
            batch.join(to, empty, documents(), fh)
    os.remove(path)
    return {
        "stats": _counts(stats),
        "outputs": [output],
        "rejects": [reject_path] if reject_path else [],
    }


_COUNTS = ("read", "written", "rejected", "deleted", "bugs", "grouped", "groups", "refused")


def _counts(stats: merge.MergeStats) -> dict[str, Any]:
    """A partition's counts, small enough to send back to the client."""
    out: dict[str, Any] = {name: getattr(stats, name) for name in _COUNTS}
    out["reasons"] = dict(stats.reasons)
    out["warnings"] = dict(stats.warnings)
    out["sizes"] = dict(stats.sizes)
    out["conflicts"] = dict(stats.conflicts)
    out["unreadable"] = list(stats.unreadable)
    return out


def _add_counts(stats: merge.MergeStats, counts: dict[str, Any]) -> None:
    for name in _COUNTS:
        setattr(stats, name, getattr(stats, name) + counts[name])
    stats.reasons.update(counts["reasons"])
    stats.warnings.update(counts["warnings"])
    stats.sizes.update(Counter(counts["sizes"]))
    stats.conflicts.update(counts["conflicts"])
    stats.unreadable.extend(counts["unreadable"])
