"""Where the time goes: cProfile of one conversion path over generated records, with the share
of each library and concern (time spent inside it when entered from outside it).

    python bench/profiling.py aggregator-jats [--records 2000] [--top 25] [--py-spy]

cProfile's own cost falls on Python calls, so it inflates code made of many small calls; with
``--py-spy`` (when installed) the same work is sampled instead, and the shares are the fraction
of samples whose stack is inside each concern (time in lxml's C code counts for its caller).

Paths: aggregator-jats, aggregator-dc, aggregator-json, bilingual-json, jats-json, dc-json.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import dumps  # bench/ is on sys.path: run as `python bench/profiling.py`

import normaliser

# Concern → how to recognise its frames: (file fragment, function name fragment). A sample
# belongs to the concern of its innermost frame that any concern claims (the first listed
# wins), so the shares add up to 100 % and "text cleaning" is text.py's own work, whoever
# called it.
CONCERNS: dict[str, list[tuple[str, str]]] = {
    "validation (xmlio.validate/validated)": [
        ("normaliser/xmlio.py", "validate"),
        ("normaliser/formats/jats/", "validate_article"),
    ],
    "xmlio: lxml build, serialise, parse": [("normaliser/xmlio.py", "")],
    "text cleaning (normaliser/text.py)": [("normaliser/text.py", "")],
    "names + pinyin": [("normaliser/names.py", ""), ("pypinyin/", "")],
    "vocab + babel": [("normaliser/vocab.py", ""), ("babel/", "")],
    "opencc": [("opencc/", "")],
    "dates": [("normaliser/dates.py", "")],
    "identifiers": [("normaliser/identifiers.py", "")],
    "pages": [("normaliser/pages.py", "")],
    "html.parser (abstract HTML)": [("html/", "")],
    "json (stdlib)": [("json/", "")],
    "marshmallow": [("marshmallow/", "")],
    "normaliser/fields.py (marshmallow glue)": [("normaliser/fields.py", "")],
    "dataclasses, record.py": [
        ("dataclasses.py", ""),
        ("<string>", ""),
        ("normaliser/record.py", ""),
    ],
    "formats/aggregator/": [("normaliser/formats/aggregator/", "")],
    "formats/jats/": [("normaliser/formats/jats/", "")],
    "formats/dc/": [("normaliser/formats/dc/", "")],
    "formats/json.py": [("normaliser/formats/json.py", "")],
    "sources, api, pathlib, re, other": [("", "")],
}


def measured(work: Callable[[], Any]) -> Any:
    """The run that counts (its frame marks the samples py-spy takes of it)."""
    return work()


def workload(path: str, n: int) -> Callable[[], Any]:
    """The work of one path over ``n`` generated records, inputs made beforehand."""
    if path in ("aggregator-jats", "aggregator-dc", "aggregator-json", "bilingual-json"):
        kind = "bilingual" if path == "bilingual-json" else "english"
        text = dumps.dump(kind, n)
        to = path.split("-")[1]
        return lambda: normaliser.convert(text, to, from_="aggregator")
    if path in ("jats-json", "dc-json"):
        fmt = path.split("-")[0]
        records = list(normaliser.read(dumps.dump("compact", n), "aggregator"))
        data = normaliser.write(records, fmt).encode()
        return lambda: normaliser.convert(data, "json", from_=fmt)
    raise SystemExit(f"unknown path {path!r}")


def profile(path: str, n: int, top: int) -> str:
    work = workload(path, min(n, 50))
    work()  # caches, compiled validators and dictionaries: not what a long run pays per record
    work = workload(path, n)
    profiler = cProfile.Profile()
    profiler.enable()
    work()
    profiler.disable()
    stats = pstats.Stats(profiler)
    total = stats.total_tt  # type: ignore[attr-defined]
    lines = [f"## {path}: {n} records, {total:.2f} s under cProfile ({n / total:,.0f} records/s)"]
    for order in ("cumulative", "tottime"):
        buffer = io.StringIO()
        pstats.Stats(profiler, stream=buffer).strip_dirs().sort_stats(order).print_stats(top)
        body = buffer.getvalue()
        body = body[body.index("   ncalls") :] if "   ncalls" in body else body
        lines += ["", f"Top {top} by {order}:", "", "```", body.rstrip(), "```"]
    return "\n".join(lines) + "\n"


def sampled(path: str, n: int, top: int) -> str:
    """Sample the path with py-spy (100 Hz) and report shares and the top frames."""
    spy = shutil.which("py-spy")
    if spy is None:
        raise SystemExit("py-spy is not installed (pip install py-spy)")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "stacks.txt"
        command = [sys.executable, __file__, "--workload", path, "--records", str(n)]
        subprocess.run(
            [spy, "record", "--format", "raw", "--rate", "100", "-o", str(out), "--", *command],
            check=True,
            capture_output=True,
        )
        stacks: list[tuple[list[str], int]] = []
        for raw in out.read_text(encoding="utf-8").splitlines():
            frames, _, count = raw.rpartition(" ")
            if "measured (" in frames:
                stacks.append((frames.split(";"), int(count)))
    total = sum(count for _, count in stacks)
    lines = [f"## {path}: {n} records, {total} samples (py-spy, 100 Hz)\n"]
    lines += ["| concern | share of samples |", "|---|---|"]
    found: Counter[str] = Counter()
    for frames, count in stacks:
        found[_concern(frames)] += count
    for concern, count in found.most_common():
        lines.append(f"| {concern} | {count / max(total, 1):.0%} |")
    inclusive: Counter[str] = Counter()
    own: Counter[str] = Counter()
    for frames, count in stacks:
        for frame in set(frames):
            inclusive[frame] += count
        own[frames[-1]] += count
    for title, counter in (("inclusive", inclusive), ("own (innermost frame)", own)):
        lines += ["", f"Top {top} frames, {title}:", "", "```"]
        lines += [
            f"{count / max(total, 1):6.1%}  {frame}" for frame, count in counter.most_common(top)
        ]
        lines.append("```")
    return "\n".join(lines) + "\n"


def _concern(frames: list[str]) -> str:
    """The concern of the innermost frame below ``measured`` that a concern claims."""
    inner = frames[next(i for i, f in enumerate(frames) if f.startswith("measured (")) + 1 :]
    for frame in reversed(inner):
        name, _, where = frame.partition(" (")
        for concern, rules in CONCERNS.items():
            if concern.startswith("sources"):
                continue
            if any(f in where and n in name for f, n in rules):
                return concern
    return "sources, api, pathlib, re, other"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", default=["aggregator-jats"])
    parser.add_argument("--records", type=int, default=2000)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--py-spy", action="store_true", help="sample with py-spy instead")
    parser.add_argument("--workload", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.workload:
        workload(args.workload, 50)()
        measured(workload(args.workload, args.records))
        return 0
    for path in args.paths:
        if args.py_spy:
            sys.stdout.write(sampled(path, args.records, args.top) + "\n")
        else:
            sys.stdout.write(profile(path, args.records, args.top) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
