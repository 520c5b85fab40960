"""Conversion on Dask, for dumps that outgrow one machine (the optional extra
``normaliser[dask]``); the only module that imports dask.

Every partition of a ``dask.bag`` of dump files (or of record texts) is converted by the same
pipeline as the command line (``batch.run``) into ``out_dir/part-00000.<ext>``, its rejects into
``rejects_dir/part-00000.jsonl``; the partitions' counts are added up into one report.
"""

from __future__ import annotations

import io
import os
import time
from collections import Counter
from collections.abc import Iterable
from typing import Any

import dask.bag
from dask.base import compute
from dask.delayed import delayed

from . import batch, formats
from .errors import UnknownFormat
from .sources import Source


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
