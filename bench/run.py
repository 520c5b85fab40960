"""The benchmark of issue #6: throughput of every conversion path beside its floor, measured in
the same run, scaling with --jobs, and peak memory of a streaming run.

    python bench/run.py [--size tiny|small|full] [--repeats N] [--only PATH...]
                        [--out bench/results/latest.json] [--rss-records SMALL,BIG]

Dumps are generated deterministically in memory (and in a temporary directory for the command
line runs); JATS and DC inputs are written by normaliser itself from generated records. Every
path runs in this one process, single-threaded: a short warm-up (caches, compiled validators)
sizes the input so that one repeat takes about ``--seconds``; the median of the repeats is
reported with its spread. Nothing here is a test: the suite only checks that it runs.
"""

from __future__ import annotations

import argparse
import datetime
import gc
import inspect
import json
import math
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import dumps  # bench/ is on sys.path: run as `python bench/run.py`
import orjson
from lxml import etree

import normaliser
import normaliser.text

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CLI = [sys.executable, "-c", "from normaliser.cli import run; run()"]


# --- Sizes ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Size:
    pool: dict[str, int]  # most records of each kind a timed repeat may use
    seconds: float  # aimed-for duration of one timed repeat
    minimum: int  # fewest records a timed repeat uses
    jobs_seconds: float  # aimed-for CPU seconds of the `--jobs 1` run's records
    rss: tuple[int, int]  # records of the two streaming runs whose peak RSS is compared
    budget: float  # seconds the whole run aims to stay within
    merge: tuple[int, int] = (10_000, 200_000)  # records of the two merge runs
    startups: int = 7  # processes timed per start-up command (at least the --repeats)


SIZES = {
    "tiny": Size(
        {"english": 20, "bilingual": 12, "traditional": 12, "compact": 20},
        seconds=0.0,
        minimum=8,
        jobs_seconds=0.0,
        rss=(60, 240),
        budget=120.0,
        merge=(40, 160),
        startups=1,
    ),
    "small": Size(
        {"english": 1500, "bilingual": 600, "traditional": 600, "compact": 1500},
        seconds=0.5,
        minimum=40,
        jobs_seconds=3.0,
        rss=(2_000, 20_000),
        budget=150.0,
        merge=(1_000, 5_000),
    ),
    "full": Size(
        {"english": 20_000, "bilingual": 8_000, "traditional": 8_000, "compact": 20_000},
        seconds=0.6,
        minimum=100,
        # Long enough that start-up (importing, ~0.7 s; each worker's first records, which
        # build its caches) weighs on the two runs as little as it does on an import job.
        jobs_seconds=10.0,
        rss=(10_000, 200_000),
        budget=285.0,
    ),
}


# --- Inputs -----------------------------------------------------------------------------------


class Pool:
    """The first records of one generated kind, made on demand (so slow paths cost little)."""

    def __init__(self, kind: str, cap: int) -> None:
        self.generator = dumps.Generator(kind)
        self.cap = cap
        self.texts: list[str] = []
        self._records: list[normaliser.Record] = []

    def take(self, n: int) -> list[str]:
        n = min(n, self.cap)
        if len(self.texts) < n:
            self.texts.extend(self.generator.records(n - len(self.texts), len(self.texts)))
        return self.texts[:n]

    def dump(self, n: int) -> str:
        return "".join(self.take(n))

    def records(self, n: int) -> list[normaliser.Record]:
        texts = self.take(n)
        if len(self._records) < len(texts):
            more = "".join(texts[len(self._records) :])
            self._records.extend(normaliser.read(more, "aggregator"))
        return self._records[: len(texts)]

    def json_lines(self, n: int) -> list[bytes]:
        """The JSON object of each record: what ``orjson.loads`` gets in the floors."""
        return [
            next(line for line in text.splitlines() if line.startswith("{")).encode()
            for text in self.take(n)
        ]


# --- Floors -----------------------------------------------------------------------------------

Skeleton = tuple[str, dict[str, str], "str | None", "str | None", list[Any]]
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def skeleton(element: Any) -> Skeleton:
    """An element as plain data (tag, attributes, text, tail, children) to rebuild it from."""
    children = [skeleton(c) for c in element if isinstance(c.tag, str)]
    return (element.tag, dict(element.attrib), element.text, element.tail, children)


def build(node: Skeleton, parent: Any = None, nsmap: dict[str | None, str] | None = None) -> Any:
    tag, attrib, text, tail, children = node
    element = (
        etree.Element(tag, attrib, nsmap=nsmap)
        if parent is None
        else etree.SubElement(parent, tag, attrib)
    )
    element.text, element.tail = text, tail
    for child in children:
        build(child, element)
    return element


def documents(xml: str, local_name: str) -> list[tuple[Skeleton, dict[str | None, str]]]:
    """Every ``local_name`` element of a document written by normaliser, as a skeleton."""
    root = etree.fromstring(xml.encode(), PARSER)
    found = [root] if etree.QName(root).localname == local_name else []
    found += [e for e in root.iter(f"{{*}}{local_name}", local_name) if e is not root]
    return [(skeleton(e), dict(e.nsmap)) for e in found]


def xml_floor(json_lines: list[bytes] | None, trees: list[Any]) -> Callable[[], int]:
    """``orjson.loads`` of the input (when given) plus building and serialising, with lxml, a
    tree the size of normaliser's output: the work no Python converter can avoid."""

    def floor() -> int:
        if json_lines is not None:
            for line in json_lines:
                orjson.loads(line)
        for tree, nsmap in trees:
            etree.tostring(build(tree, nsmap=nsmap), encoding="unicode")
        return len(trees)

    return floor


def json_floor(json_lines: list[bytes], output: str) -> Callable[[], int]:
    """``orjson.loads`` of the input plus ``orjson.dumps`` of the canonical JSON output."""
    objects = [orjson.loads(line) for line in output.splitlines() if line.strip()]

    def floor() -> int:
        for line in json_lines:
            orjson.loads(line)
        for obj in objects:
            orjson.dumps(obj)
        return len(objects)

    return floor


JATS_FIELDS = (
    "front/journal-meta/journal-title-group/journal-title",
    "front/article-meta/article-id",
    "front/article-meta/title-group/article-title",
    "front/article-meta/pub-date/year",
    "front/article-meta/volume",
    "front/article-meta/fpage",
)


def jats_parse_floor(data: bytes) -> Callable[[], int]:
    """lxml parses the JATS and finds its front-matter fields, text only."""

    def floor() -> int:
        root = etree.fromstring(data, PARSER)
        count = 0
        for article in root.iter("article"):
            values = [article.findtext(path) for path in JATS_FIELDS]
            meta = article.find("front/article-meta")
            values += [
                (c.findtext("name/surname"), c.findtext("name/given-names"))
                for c in meta.iterfind("contrib-group/contrib")
            ]
            values += ["".join(p.itertext()) for p in meta.iterfind("abstract/p")]
            values += [kwd.text for kwd in meta.iterfind("kwd-group/kwd")]
            count += bool(values)
        return count

    return floor


DC = "{http://purl.org/dc/elements/1.1/}"
OAI_DC = "{http://www.openarchives.org/OAI/2.0/oai_dc/}dc"


def dc_parse_floor(data: bytes) -> Callable[[], int]:
    """lxml parses the DC collection and finds its fields, text only."""

    def floor() -> int:
        root = etree.fromstring(data, PARSER)
        count = 0
        for record in root.iter(OAI_DC):
            values = [
                [(e.text, e.get("{http://www.w3.org/XML/1998/namespace}lang")) for e in found]
                for found in (
                    record.iterfind(f"{DC}{name}")
                    for name in ("title", "creator", "subject", "description", "date")
                )
            ]
            values += [record.findtext(f"{DC}{n}") for n in ("identifier", "source", "type")]
            count += bool(values)
        return count

    return floor


# --- Measuring --------------------------------------------------------------------------------


@dataclass
class Timing:
    """Repeated timings of one piece of work over ``n`` units: CPU seconds of this process
    (what the rates are computed from: the machine is shared, so wall time measures the
    neighbours as much as the code) and wall seconds beside them."""

    n: int
    seconds: list[float]
    wall: list[float] = field(default_factory=list)

    @property
    def rates(self) -> list[float]:
        return [self.n / max(s, 1e-9) for s in self.seconds]

    @property
    def rate(self) -> float:
        return statistics.median(self.rates)

    @property
    def spread(self) -> float:
        """(fastest − slowest) ÷ median, over the repeats."""
        rates = self.rates
        return (max(rates) - min(rates)) / self.rate if len(rates) > 1 else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "cpu_seconds": [round(s, 5) for s in self.seconds],
            "wall_seconds": [round(s, 5) for s in self.wall],
            "rate": round(self.rate, 1),
            "rate_min": round(min(self.rates), 1),
            "rate_max": round(max(self.rates), 1),
            "spread": round(self.spread, 3),
            "wall_rate": round(self.n / statistics.median(self.wall), 1) if self.wall else None,
        }


def timed(work: Callable[[], Any], n: int, repeats: int) -> tuple[Timing, Any]:
    """Run ``work`` ``repeats`` times. The objects alive before (the input pools) are frozen out
    of the garbage collector's sight: a streaming run would not hold them, and without this
    every collection during the work would walk them."""
    cpu, wall, result = [], [], None
    gc.collect()
    gc.freeze()
    try:
        for _ in range(repeats):
            started, clock = time.perf_counter(), time.process_time()
            result = work()
            cpu.append(time.process_time() - clock)
            wall.append(time.perf_counter() - started)
    finally:
        gc.unfreeze()
    return Timing(n, cpu, wall), result


def interleaved(works: list[Callable[[], Any]], n: int, repeats: int) -> list[tuple[Timing, Any]]:
    """``timed`` for several pieces of work on the same ``n`` units, in the same repeats: each
    repeat runs every one in turn (in reverse order every other repeat), so that a change of
    load during the run weighs on all of them alike and ratios between them are taken from
    neighbouring runs."""
    cpu: list[list[float]] = [[] for _ in works]
    wall: list[list[float]] = [[] for _ in works]
    results: list[Any] = [None] * len(works)
    gc.collect()
    gc.freeze()
    try:
        for repeat in range(repeats):
            order = list(range(len(works)))
            for i in order if repeat % 2 == 0 else order[::-1]:
                started, clock = time.perf_counter(), time.process_time()
                results[i] = works[i]()
                cpu[i].append(time.process_time() - clock)
                wall[i].append(time.perf_counter() - started)
    finally:
        gc.unfreeze()
    return [(Timing(n, cpu[i], wall[i]), results[i]) for i in range(len(works))]


@dataclass
class Line:
    """One line of the table: a path, its rate, its floor (or reference), its target."""

    key: str
    label: str
    unit: str = "records/s"
    target: str = ""
    available: bool = True
    reason: str = ""
    timing: Timing | None = None
    floor: Timing | None = None
    floor_label: str = "floor"
    met: bool | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        """The path's time over its floor's time for the same input."""
        if self.timing is None or self.floor is None:
            return None
        return self.floor.rate / self.timing.rate

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "label": self.label,
            "unit": self.unit,
            "target": self.target,
            "available": self.available,
        }
        if not self.available:
            out["reason"] = self.reason
        if self.timing is not None:
            out.update(self.timing.as_dict())
        if self.floor is not None:
            out[self.floor_label] = self.floor.as_dict()
            out["time_over_floor"] = round(self.ratio or 0.0, 3)
        out["met"] = self.met
        out.update(self.extra)
        return out


class Bench:
    def __init__(self, size: Size, repeats: int, only: set[str] | None) -> None:
        self.size = size
        self.repeats = repeats
        self.only = only
        self.lines: list[Line] = []
        self.pools = {kind: Pool(kind, cap) for kind, cap in size.pool.items()}
        self.started = time.perf_counter()

    def wanted(self, key: str) -> bool:
        return self.only is None or key in self.only

    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    def progress(self, message: str) -> None:
        print(f"[{self.elapsed():6.1f}s] {message}", file=sys.stderr, flush=True)

    def sized(self, prepare: Callable[[int], Callable[[], Any]], cap: int) -> int:
        """How many units make one repeat last about ``size.seconds``: a warm-up on a few
        (which also fills caches and compiles validators), then one timed probe."""
        probe = max(1, min(cap, max(5, self.size.minimum // 4)))
        work = prepare(probe)
        work()
        if self.size.seconds <= 0:
            return min(cap, self.size.minimum)
        probed, _ = timed(work, probe, 1)
        wanted = math.ceil(self.size.seconds * probe / max(probed.seconds[0], 1e-9))
        return max(min(cap, self.size.minimum), min(cap, wanted))

    def path(
        self,
        line: Line,
        prepare: Callable[[int], Callable[[], Any]],
        cap: int,
        check: Callable[[Any, int], None] | None = None,
        floor: Callable[[int, Any], Callable[[], Any]] | None = None,
    ) -> Line:
        """Time ``prepare(n)()`` ``repeats`` times, then the floor for the same ``n`` (built
        with the path's own output, ``floor(n, output)``)."""
        self.lines.append(line)
        if not line.available:
            self.progress(f"{line.key}: not available ({line.reason})")
            return line
        n = self.sized(prepare, cap)
        self.progress(f"{line.key}: {n} per repeat")
        line.timing, result = timed(prepare(n), n, self.repeats)
        if check is not None:
            check(result, n)
        if floor is not None:
            work = floor(n, result)
            work()
            line.floor = timed(work, n, self.repeats)[0]
        return line

    def paired(
        self,
        lines: list[Line],
        prepares: list[Callable[[int], Callable[[], Any]]],
        cap: int,
        check: Callable[[Any, int], None],
        floor: Callable[[int, Any], Callable[[], Any]],
        repeats: int,
    ) -> None:
        """``path`` for paths compared with one another (``--script hant`` and the same records
        without it): the same ``n`` units (sized by the slowest), timed in the same
        ``repeats``, interleaved; then each one's floor."""
        self.lines.extend(lines)
        n = min(self.sized(prepare, cap) for prepare in prepares)
        self.progress(f"{', '.join(line.key for line in lines)}: {n} per repeat, interleaved")
        timings = interleaved([prepare(n) for prepare in prepares], n, repeats)
        for line, (timing, result) in zip(lines, timings, strict=True):
            line.timing = timing
            line.extra["interleaved_with"] = [other.key for other in lines if other is not line]
            check(result, n)
            work = floor(n, result)
            work()
            line.floor = timed(work, n, self.repeats)[0]


def count_check(pattern: str) -> Callable[[Any, int], None]:
    regex = re.compile(pattern)

    def check(output: Any, n: int) -> None:
        found = len(regex.findall(output))
        if found != n:
            raise SystemExit(f"bench: expected {n} records in the output, found {found}")

    return check


JSON_RECORDS = count_check(r"(?m)^\{")
JATS_RECORDS = count_check(r"<article[ >]")
DC_RECORDS = count_check(r"<oai_dc:dc[ >]")


def script_option() -> str | None:
    """Why ``normaliser.convert(..., script=...)`` cannot be measured, or None when it can."""
    if "script" in inspect.signature(normaliser.convert).parameters:
        return None
    return "normaliser.convert has no script parameter yet"


def script_converter() -> Callable[[str, str], str] | None:
    found = getattr(normaliser.text, "convert_script", None)
    return found if callable(found) else None


def dtd_folder() -> str | None:
    """The official JATS DTDs: $NORMALISER_JATS_DTDS, else the copy the tests fetch."""
    configured = os.environ.get("NORMALISER_JATS_DTDS")
    if configured:
        return configured
    fetched = ROOT / ".cache" / "jats-dtds" / "package" / "schema"
    return str(fetched) if (fetched / "catalog.xml").is_file() else None


@contextmanager
def environment(name: str, value: str | None) -> Iterator[None]:
    old = os.environ.get(name)
    if value is None:
        os.environ.pop(name, None)
    else:
        os.environ[name] = value
    try:
        yield
    finally:
        if old is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = old


# --- The paths --------------------------------------------------------------------------------


def aggregator_paths(bench: Bench) -> None:
    english = bench.pools["english"]
    cap = english.cap

    def convert(to: str, pool: Pool = english, **options: Any) -> Callable[[int], Any]:
        def prepare(n: int) -> Callable[[], str]:
            text = pool.dump(n)
            return lambda: normaliser.convert(text, to, from_="aggregator", **options)

        return prepare

    def jats_floor(n: int, output: str) -> Callable[[], int]:
        return xml_floor(english.json_lines(n), documents(output, "article"))

    def dc_floor(n: int, output: str) -> Callable[[], int]:
        return xml_floor(english.json_lines(n), documents(output, "dc"))

    def json_floor_of(pool: Pool) -> Callable[[int, str], Callable[[], int]]:
        return lambda n, output: json_floor(pool.json_lines(n), output)

    def read(pool: Pool) -> Callable[[int], Any]:
        def prepare(n: int) -> Callable[[], list[normaliser.Record]]:
            text = pool.dump(n)
            return lambda: list(normaliser.read(text, "aggregator"))

        return prepare

    def counted(records: Any, n: int) -> None:
        if len(records) != n:
            raise SystemExit(f"bench: expected {n} records read, found {len(records)}")

    # Reading alone (issue #19): the time a record takes from the dump's text to its Record.
    for key, pool, most in (
        ("aggregator-read", english, 200),
        ("bilingual-read", bench.pools["bilingual"], 400),
    ):
        if not bench.wanted(key):
            continue
        what = "seed-like" if pool is english else "bilingual"
        line = bench.path(
            Line(
                key,
                f"aggregator → Record ({what}, read only)",
                target=f"≤ {most} µs/record (≥ {1e6 / most:,.0f} records/s)",
            ),
            read(pool),
            pool.cap,
            counted,
        )
        if line.timing is not None:
            line.met = line.timing.rate >= 1e6 / most
            line.extra["us_per_record"] = round(1e6 / line.timing.rate, 1)
    if bench.wanted("aggregator-json"):
        line = bench.path(
            Line("aggregator-json", "aggregator → json (seed-like)", target="≤ 25 × the floor"),
            convert("json"),
            cap,
            JSON_RECORDS,
            json_floor_of(english),
        )
        if line.timing is not None:
            line.met = (line.ratio or math.inf) <= 25
    if bench.wanted("aggregator-jats"):
        line = bench.path(
            Line(
                "aggregator-jats",
                "aggregator → jats (seed-like, validated)",
                target="≤ 2.0 × the floor's time",
            ),
            convert("jats"),
            cap,
            JATS_RECORDS,
            jats_floor,
        )
        if line.timing is not None:
            line.met = (line.ratio or math.inf) <= 2.0
    if bench.wanted("aggregator-dc"):
        line = bench.path(
            Line(
                "aggregator-dc",
                "aggregator → dc (seed-like, validated)",
                target="≥ 8,000 records/s",
            ),
            convert("dc"),
            cap,
            DC_RECORDS,
            dc_floor,
        )
        if line.timing is not None:
            line.met = line.timing.rate >= 8000
    bilingual, traditional = bench.pools["bilingual"], bench.pools["traditional"]
    missing = script_option()
    plain = Line("bilingual-json", "aggregator → json (bilingual, no --script)")
    hant_label = "aggregator → json --script hant (Simplified bilingual)"
    if bench.wanted("bilingual-json") and bench.wanted("script-hant") and missing is None:
        # Issue #19 wants --script hant at ≤ 1.3 × the time without it: both on the same
        # records in the same repeats, interleaved, so that the ratio is not the load's.
        hant = Line("script-hant", hant_label, target="≥ 3,000 records/s")
        bench.paired(
            [plain, hant],
            [convert("json", bilingual), convert("json", bilingual, script="hant")],
            bilingual.cap,
            JSON_RECORDS,
            json_floor_of(bilingual),
            max(bench.repeats, PAIRED_REPEATS),
        )
    elif bench.wanted("bilingual-json"):
        bench.path(
            plain, convert("json", bilingual), bilingual.cap, JSON_RECORDS, json_floor_of(bilingual)
        )
    for key, target_script, pool, what in (
        ("script-hant", "hant", bilingual, "Simplified bilingual"),
        ("script-hans", "hans", traditional, "Traditional bilingual"),
    ):
        if not bench.wanted(key) or any(line.key == key for line in bench.lines):
            continue
        line = Line(
            key,
            f"aggregator → json --script {target_script} ({what})",
            target="≥ 3,000 records/s" if target_script == "hant" else "",
            available=missing is None,
            reason=missing or "",
        )
        bench.path(
            line,
            convert("json", pool, script=target_script),
            pool.cap,
            JSON_RECORDS,
            json_floor_of(pool),
        )
        if line.timing is not None and line.target:
            line.met = line.timing.rate >= 3000


#: Repeats at least of paths timed together for a ratio (``Bench.paired``).
PAIRED_REPEATS = 5


def script_overhead(bench: Bench) -> None:
    """``--script hant`` against the same bilingual records without it (issue #19: ≤ 1.3 × the
    time), both measured in this run by ``aggregator_paths``."""
    found = {line.key: line for line in bench.lines}
    plain, hant = found.get("bilingual-json"), found.get("script-hant")
    if plain is None or hant is None or plain.timing is None or hant.timing is None:
        return
    over = plain.timing.rate / hant.timing.rate
    if plain.key in hant.extra.get("interleaved_with", ()):
        # Timed in the same repeats (``Bench.paired``): the median of the repeats' own ratios.
        ratios = [h / p for h, p in zip(hant.timing.seconds, plain.timing.seconds, strict=True)]
        over = statistics.median(ratios)
        hant.extra["time_over_no_script_by_repeat"] = [round(r, 3) for r in ratios]
    hant.extra["time_over_no_script"] = round(over, 3)
    hant.target = f"≤ 1.3 × the time without --script (here {over:.2f} ×)"
    hant.met = over <= 1.3


#: Issue #19's targets for reading XML: time over the floor's (lxml parsing and finding).
XML_READING_TARGETS = {"jats": 2.5, "dc": 4.0}


def xml_reading_paths(bench: Bench) -> None:
    compact = bench.pools["compact"]
    for key, fmt, floor_of in (
        ("jats-json", "jats", jats_parse_floor),
        ("dc-json", "dc", dc_parse_floor),
    ):
        if not bench.wanted(key):
            continue

        def document(n: int, fmt: str = fmt) -> bytes:
            return normaliser.write(compact.records(n), fmt).encode()

        def prepare(n: int, document: Callable[[int], bytes] = document, fmt: str = fmt) -> Any:
            data = document(n)
            return lambda: normaliser.convert(data, "json", from_=fmt)

        size = len(document(20)) / min(20, compact.cap)
        line = bench.path(
            Line(
                key,
                f"{fmt} → json ({size / 1024:.1f} KB per record)",
                target=f"≤ {XML_READING_TARGETS[fmt]} × the floor's time",
                floor_label="floor",
                extra={"bytes_per_record": round(size)},
            ),
            prepare,
            compact.cap,
            JSON_RECORDS,
            lambda n, output, document=document, floor_of=floor_of: floor_of(document(n)),  # type: ignore[misc]
        )
        if line.ratio is not None:
            line.met = line.ratio <= XML_READING_TARGETS[fmt]


def writing_paths(bench: Bench) -> None:
    """Writing alone (records already read), with and without validation."""
    english = bench.pools["english"]
    dtds = dtd_folder()
    variants: list[tuple[str, str, str, dict[str, Any], str | None, str]] = [
        ("jats-write", "jats", "record → jats, no validation", {"validate": False}, None, ""),
        (
            "jats-write-dtd",
            "jats",
            "record → jats, validated (official DTD)",
            {},
            dtds,
            "" if dtds else "the official JATS DTDs are not installed ($NORMALISER_JATS_DTDS)",
        ),
        (
            "jats-write-xsd",
            "jats",
            "record → jats, validated (output profile XSD)",
            {},
            "/nonexistent",
            "",
        ),
        ("dc-write", "dc", "record → dc, no validation", {"validate": False}, None, ""),
        ("dc-write-xsd", "dc", "record → dc, validated (XSD)", {}, None, ""),
    ]
    plain: dict[str, Line] = {}
    for key, fmt, label, options, dtd_env, missing in variants:
        if not bench.wanted(key):
            continue
        unvalidated = options.get("validate") is False
        if fmt == "jats" and not unvalidated and dtd_env == "/nonexistent":
            from normaliser.formats import jats

            with environment("NORMALISER_JATS_DTDS", dtd_env):
                if jats.dtd_folder() is not None:
                    missing = f"the official DTDs in {jats.DTD_CACHE} are always used"

        def prepare(n: int, fmt: str = fmt, options: dict[str, Any] = options) -> Any:
            records = english.records(n)
            return lambda: normaliser.write(records, fmt, **options)

        def floor(n: int, output: str, fmt: str = fmt) -> Callable[[], int]:
            return xml_floor(None, documents(output, "article" if fmt == "jats" else "dc"))

        line = Line(
            key,
            label,
            target="" if unvalidated else "≥ 0.5 × the rate without validation",
            available=not missing,
            reason=missing,
        )
        env = dtd_env if fmt == "jats" else os.environ.get("NORMALISER_JATS_DTDS")
        with environment("NORMALISER_JATS_DTDS", env):
            bench.path(
                line,
                prepare,
                english.cap,
                JATS_RECORDS if fmt == "jats" else DC_RECORDS,
                floor,
            )
        if unvalidated:
            plain[fmt] = line
        elif line.timing is not None and fmt in plain and plain[fmt].timing is not None:
            share = line.timing.rate / plain[fmt].timing.rate  # type: ignore[union-attr]
            line.extra["rate_over_unvalidated"] = round(share, 3)
            line.met = share >= 0.5


def script_chars(bench: Bench) -> None:
    """Chinese script conversion alone, in characters per second, beside the reference."""
    if not bench.wanted("script-chars"):
        return
    import opencc

    convert = script_converter()
    line = Line(
        "script-chars",
        "Chinese script conversion alone (s2t)",
        unit="chars/s",
        target="≥ 5 M chars/s, identical to opencc-python-reimplemented",
        available=convert is not None,
        reason="" if convert else "normaliser.text.convert_script does not exist yet",
        floor_label="reference",
    )
    bilingual = bench.pools["bilingual"]
    reference = opencc.OpenCC("s2t").convert

    def texts(n: int) -> list[str]:
        """The Chinese titles and abstracts of the first ``n`` bilingual records."""
        out: list[str] = []
        for raw in bilingual.json_lines(n):
            obj = orjson.loads(raw)
            out += [obj["TitleCN"], obj["AbstractTextCN"]]
        return out

    def with_reference(n: int) -> Callable[[], list[str]]:
        chosen = texts(n)
        return lambda: [reference(t) for t in chosen]

    bench.lines.append(line)
    if convert is None:
        bench.progress(f"{line.key}: not available ({line.reason})")
        return
    # Sized by the reference, the slower one: both then convert the same texts.
    n = bench.sized(with_reference, bilingual.cap)
    chosen = texts(n)
    total = sum(len(t) for t in chosen)
    bench.progress(f"{line.key}: {len(chosen)} texts, {total} characters per repeat")
    convert(chosen[0], "hant")  # build the tables (once per process, ~1 s) outside the timing
    line.timing, ours = timed(lambda: [convert(t, "hant") for t in chosen], total, bench.repeats)
    line.floor = timed(with_reference(n), total, bench.repeats)[0]
    identical = ours == [reference(t) for t in chosen]
    line.extra.update(texts=len(chosen), identical=identical)
    line.met = identical and line.timing.rate >= 5_000_000


# --- Peers ------------------------------------------------------------------------------------
# Other libraries doing part of a path's job, timed in the same run on the same records (issue
# #19): the ratio is normaliser's speed over the peer's, normaliser doing the normalisation the
# peer does not (pip install -e '.[bench]' installs those that can share its environment).

#: Why a peer cannot be measured here, by module, when it is not importable.
PEER_MISSING = {
    "pubmed_parser": "pubmed_parser is not installed (pip install -e '.[bench]')",
    "dcxml": "dcxml is not installed (pip install -e '.[bench]')",
    "commonmeta": (
        "not installable beside normaliser: commonmeta-py needs marshmallow < 4 (through "
        "marshmallow-utils), normaliser marshmallow ≥ 4.3; pip would downgrade marshmallow "
        "and normaliser would not import"
    ),
}


def peer_module(name: str) -> tuple[Any, str]:
    """The peer's module, or None and why it cannot be measured."""
    try:
        return __import__(name), ""
    except ImportError:
        return None, PEER_MISSING[name]


def peer_line(bench: Bench, key: str, label: str, module: str) -> tuple[Line, Any]:
    found, missing = peer_module(module)
    line = Line(
        key,
        label,
        target="ahead of the peer",
        available=found is not None,
        reason=missing,
        floor_label="peer",
    )
    bench.lines.append(line)
    if found is None:
        bench.progress(f"{key}: not available ({missing})")
    return line, found


def peer_timings(
    bench: Bench,
    line: Line,
    ours: Callable[[int], Callable[[], Any]],
    theirs: Callable[[int], Callable[[], Any]],
    cap: int,
) -> None:
    """Both sides on the same ``n`` records (sized by the slower of the two), alternately."""
    n = min(bench.sized(ours, cap), bench.sized(theirs, cap))
    bench.progress(f"{line.key}: {n} per repeat")
    mine, peer = ours(n), theirs(n)
    line.timing, _ = timed(mine, n, bench.repeats)
    line.floor, _ = timed(peer, n, bench.repeats)
    line.extra["speed_over_peer"] = round(line.timing.rate / line.floor.rate, 3)
    line.met = line.timing.rate >= line.floor.rate


def peer_paths(bench: Bench, folder: Path) -> None:
    compact = bench.pools["compact"]
    if bench.wanted("peer-pubmed-parser"):
        line, pubmed_parser = peer_line(
            bench,
            "peer-pubmed-parser",
            "jats → json beside pubmed_parser reading the front matter",
            "pubmed_parser",
        )
        if pubmed_parser is not None:
            peer_pubmed_parser(bench, line, pubmed_parser, folder)
    if bench.wanted("peer-commonmeta"):
        line, commonmeta = peer_line(
            bench,
            "peer-commonmeta",
            "csl → json beside commonmeta-py (csl → commonmeta)",
            "commonmeta",
        )
        if commonmeta is not None:
            records = compact.records

            def ours(n: int) -> Callable[[], Any]:
                data = normaliser.write(records(n), "csl")
                return lambda: normaliser.convert(data, "json", from_="csl")

            def theirs(n: int) -> Callable[[], Any]:
                items = [normaliser.write(r, "csl") for r in records(n)]
                return lambda: [
                    commonmeta.Metadata(item, via="csl").write(to="commonmeta") for item in items
                ]

            try:
                peer_timings(bench, line, ours, theirs, compact.cap)
            except Exception as exc:  # a peer's own failure is reported, not the bench's
                line.available, line.reason = False, f"commonmeta-py failed: {exc!r}"[:200]
    if bench.wanted("peer-dcxml"):
        line, dcxml = peer_line(
            bench, "peer-dcxml", "record → dc (no validation) beside dcxml building it", "dcxml"
        )
        if dcxml is not None:
            from dcxml import simpledc

            def ours_dc(n: int) -> Callable[[], Any]:
                records = compact.records(n)
                return lambda: normaliser.write(records, "dc", validate=False)

            def theirs_dc(n: int) -> Callable[[], Any]:
                values = [dcxml_values(r) for r in compact.records(n)]
                return lambda: [simpledc.tostring(v) for v in values]

            peer_timings(bench, line, ours_dc, theirs_dc, compact.cap)


def peer_pubmed_parser(bench: Bench, line: Line, pubmed_parser: Any, folder: Path) -> None:
    """normaliser converts the JATS collection to canonical JSON; pubmed_parser reads each of
    the same articles, one file each (how it is used), into its dictionary of front matter.
    pubmed_parser 0.5.1 reads the publication date only from ``pub-type`` (JATS ≤ 1.0): its
    copies get ``pub-type="ppub"`` on their print date (else their first), outside the timing."""
    compact = bench.pools["compact"]

    def ours(n: int) -> Callable[[], Any]:
        data = normaliser.write(compact.records(n), "jats").encode()
        return lambda: normaliser.convert(data, "json", from_="jats")

    def theirs(n: int) -> Callable[[], Any]:
        root = etree.fromstring(normaliser.write(compact.records(n), "jats").encode(), PARSER)
        paths = []
        for i, article in enumerate(root.iter("article")):
            dates = article.findall("front/article-meta/pub-date")
            printed = [d for d in dates if d.get("publication-format") == "print"]
            for date in (printed or dates)[:1]:
                date.set("pub-type", "ppub")
            path = folder / f"pubmed-parser-{i}.xml"
            path.write_bytes(etree.tostring(article, encoding="UTF-8", xml_declaration=True))
            paths.append(str(path))
        return lambda: [pubmed_parser.parse_pubmed_xml(p) for p in paths]

    peer_timings(bench, line, ours, theirs, compact.cap)


def dcxml_values(record: normaliser.Record) -> dict[str, list[str]]:
    """The record's simple Dublin Core values as dcxml takes them (its plural keys)."""

    def name(n: Any) -> str:
        return n.literal or ", ".join(p for p in (n.family, n.given) if p)

    journal = record.journal
    return {
        "titles": [t.value for t in record.titles],
        "creators": [name(c.names[0]) for c in record.contributors if c.names],
        "subjects": [t.value for s in record.subjects for t in s.labels]
        + [k.value for k in record.keywords],
        "descriptions": [" ".join(p.value for p in a.paragraphs) for a in record.abstracts],
        # The DC writer's publishers: the journal's, then the record's own (a book's).
        "publishers": [t.value for t in (journal.publishers if journal else ())]
        + [t.value for t in (record.publisher.names if record.publisher else ())],
        "dates": [d.date.iso() if hasattr(d.date, "iso") else str(d.date) for d in record.dates],
        "types": [t.code for t in record.publication_types if t.code],
        "identifiers": [f"{i.scheme}:{i.value}" for i in record.identifiers],
        "sources": [t.value for t in journal.titles] if journal else [],
        "languages": [record.language] if record.language else [],
    }


# --- Start-up ---------------------------------------------------------------------------------

#: One-process commands whose CPU time (issue 19: ≤ 0.25 s) the bench reports: listing the
#: formats, and converting one record of the samples (a sample's own file, so each run reads what
#: the golden tests read).
STARTUPS = {
    "startup-formats": ("normaliser formats", ["formats"]),
    "startup-aggregator-jats": (
        "one aggregator record → jats",
        ["convert", "--from", "aggregator", "--to", "jats", "samples/ijn-2025/aggregator.txt"],
    ),
    "startup-aggregator-json": (
        "one aggregator record → json",
        ["convert", "--from", "aggregator", "--to", "json", "samples/ijn-2025/aggregator.txt"],
    ),
    "startup-jats-json": (
        "one jats article → json",
        ["convert", "--from", "jats", "--to", "json", "samples/ijn-2025/jats.xml"],
    ),
    "startup-dc-json": (
        "one dc record → json",
        ["convert", "--from", "dc", "--to", "json", "samples/dc-bare/dc.xml"],
    ),
    "startup-json-dc": (
        "one json record → dc",
        ["convert", "--from", "json", "--to", "dc", "samples/ijn-2025/json.json"],
    ),
    "startup-bibtex-ris": (
        "one bibtex thesis (Han names) → ris",
        ["convert", "--from", "bibtex", "--to", "ris", "samples/bibtex-thesis/bibtex.bib"],
    ),
}


def process_cpu(args: list[str], env: dict[str, str]) -> float:
    """CPU seconds (user + system) of one process running ``args``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(args, env=env, cwd=ROOT, capture_output=True, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"bench: {' '.join(args)} failed: {done.stderr.decode()}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def startup(bench: Bench, folder: Path) -> None:
    """The CPU time of one ``normaliser`` process per command of ``STARTUPS``, median of
    ``size.startups`` processes (at least ``--repeats``) run one after another. Modules are
    byte-compiled as in any installed copy: the environment's ``PYTHONDONTWRITEBYTECODE`` is
    dropped, and a first, untimed process writes the ``.pyc`` files."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    runs = max(bench.size.startups, bench.repeats)
    for key, (label, command) in STARTUPS.items():
        if not bench.wanted(key):
            continue
        line = Line(key, f"start-up CPU: {label}", unit="s", target="≤ 0.25 s")
        bench.lines.append(line)
        args = [*CLI, *command]
        if command[0] == "convert":
            args += ["-o", str(folder / f"{key}.out")]
        process_cpu(args, env)
        seconds = [process_cpu(args, env) for _ in range(runs)]
        bench.progress(f"{key}: {statistics.median(seconds):.3f} s CPU, median of {runs}")
        line.extra.update(cpu_seconds=[round(s, 4) for s in seconds])
        line.extra.update(median_cpu_seconds=round(statistics.median(seconds), 4))
        line.met = statistics.median(seconds) <= 0.25


# --- Command line runs ------------------------------------------------------------------------


def cli_help() -> str:
    done = subprocess.run(
        [*CLI, "convert", "--help"], capture_output=True, text=True, check=False, timeout=60
    )
    return done.stdout


def scaling(bench: Bench, folder: Path) -> None:
    """``--jobs 2`` against ``--jobs 1`` on the same records (wall time), beside this machine's
    ceiling measured in the same repeats (``ceiling``): each repeat runs the four one after
    another, so that the neighbours' load weighs on the ratio and its ceiling alike."""
    if not bench.wanted("jobs"):
        return
    line = Line(
        "jobs",
        "convert --jobs 2 vs --jobs 1 (wall time)",
        unit="×",
        target="≥ 0.9 × the ceiling",
    )
    bench.lines.append(line)
    if "--jobs" not in cli_help():
        line.available, line.reason = False, "normaliser convert has no --jobs option yet"
        bench.progress(f"jobs: not available ({line.reason})")
        return
    rate = _stream_rate(bench)
    n = max(bench.size.minimum * 4, int(bench.size.jobs_seconds * rate))
    source = folder / "jobs.txt"
    dumps.write_dump(str(source), "english", n)
    half = folder / "ceiling.txt"
    dumps.write_dump(str(half), "english", n // 2)
    bench.progress(f"jobs: {n} records, --jobs 1 and --jobs 2, and the ceiling, alternately")
    walls: dict[int, list[float]] = {1: [], 2: []}
    outputs: dict[int, bytes] = {}
    alone: list[float] = []
    together: list[float] = []
    for _ in range(bench.repeats):
        for jobs in (1, 2):
            target = folder / f"jobs-{jobs}.jsonl"
            args = [*CLI, "convert", "--from", "aggregator", "--to", "json", "--compact", "-q"]
            args += ["--jobs", str(jobs), "-o", str(target), str(source)]
            started = time.perf_counter()
            done = subprocess.run(args, capture_output=True, check=False)
            walls[jobs].append(time.perf_counter() - started)
            if done.returncode != 0:
                raise SystemExit(f"bench: {' '.join(args)} failed: {done.stderr.decode()}")
            outputs[jobs] = target.read_bytes()
        one_alone, side_by_side = ceiling(folder, half)
        alone.append(one_alone)
        together.append(side_by_side)
    one, two = statistics.median(walls[1]), statistics.median(walls[2])
    line.timing = Timing(n, walls[1], walls[1])
    limit = 2 * statistics.median(alone) / statistics.median(together)
    line.extra.update(
        records=n,
        seconds_jobs_1=[round(s, 3) for s in walls[1]],
        seconds_jobs_2=[round(s, 3) for s in walls[2]],
        speedup=round(one / two, 3),
        identical_output=outputs[1] == outputs[2],
        ceiling=round(limit, 3),
        ceiling_seconds_alone=[round(s, 3) for s in alone],
        ceiling_seconds_side_by_side=[round(s, 3) for s in together],
    )
    line.met = one / two >= 0.9 * limit


def ceiling(folder: Path, source: Path) -> tuple[float, float]:
    """One measure of the scaling ceiling of this machine: the wall time of one ``--jobs 1`` run
    over ``source`` (half the records of the ``--jobs`` runs) alone, and of two such runs side by
    side (no coordination at all: what two cores give two copies of the same Python work, which
    a shared host keeps under 2 ×). The ceiling is 2 × alone ÷ side by side: the same work as
    one ``--jobs`` run, start-up included (each copy imports, as each ``--jobs 2`` worker does)."""
    args = [*CLI, "convert", "--from", "aggregator", "--to", "json", "--compact", "-q"]
    started = time.perf_counter()
    subprocess.run([*args, "-o", str(folder / "c0.jsonl"), str(source)], check=True)
    alone = time.perf_counter() - started
    started = time.perf_counter()
    runs = [
        subprocess.Popen([*args, "-o", str(folder / f"c{i}.jsonl"), str(source)]) for i in (1, 2)
    ]
    if any(run.wait() != 0 for run in runs):
        raise SystemExit("bench: a side-by-side run failed")
    return alone, time.perf_counter() - started


RSS_WRAPPER = (
    "import resource, subprocess, sys\n"
    "done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    "sys.exit(done.returncode)\n"
)


def peak_rss(records: int, command: str = "convert", repeat: int = 0) -> tuple[int, float]:
    """Peak RSS (bytes) of one ``normaliser convert`` streaming ``records`` generated records
    from standard input to standard output, measured by a fresh wrapper process with
    ``getrusage(RUSAGE_CHILDREN)``; and the wall time. ``command`` ``merge``: the same through
    ``normaliser merge``, every ``repeat``-th record given twice (a duplicate to group)."""
    args = [*CLI, command, "--from", "aggregator", "--to", "json", "--compact", "-q", "-"]
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-c", RSS_WRAPPER, *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    assert child.stdin is not None and child.stdout is not None
    batch: list[str] = []
    for number, text in enumerate(dumps.Generator("english", seed=6).records(records)):
        batch.append(text)
        if repeat and number % repeat == 0:
            batch.append(text)
        if len(batch) >= 200:
            child.stdin.write("".join(batch).encode())
            batch.clear()
    child.stdin.write("".join(batch).encode())
    child.stdin.close()
    reported = child.stdout.read().decode().strip()
    if child.wait() != 0:
        raise SystemExit(f"bench: the streaming run over {records} records failed")
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB on Linux
    return int(reported) * scale, time.perf_counter() - started


def _stream_rate(bench: Bench, wall: bool = False) -> float:
    """Records/s of aggregator → json measured in this run (or a quick estimate): per CPU
    second, or per wall second (to plan what fits in the time left)."""
    timing = next(
        (line.timing for line in bench.lines if line.key == "aggregator-json" and line.timing),
        None,
    )
    if timing is None:
        text = bench.pools["english"].dump(20)
        normaliser.convert(text, "json", from_="aggregator")
        n = len(bench.pools["english"].take(20))
        timing = timed(lambda: normaliser.convert(text, "json", from_="aggregator"), n, 1)[0]
    return timing.n / statistics.median(timing.wall) if wall else timing.rate


def memory(bench: Bench, forced: tuple[int, int] | None) -> None:
    """Peak RSS of two streaming runs, one 20 times longer than the other. The issue's sizes
    (10,000 vs 200,000 records) are cut, in proportion, to what fits in the time left."""
    if not bench.wanted("rss"):
        return
    planned = forced or bench.size.rss
    small, big = planned
    line = Line(
        "rss",
        "",
        unit="MB",
        target="≤ 150 MB at 200,000 records, within 10 % of the 10,000-record run",
    )
    bench.lines.append(line)
    if forced is None:
        # The command line also starts Python and pipes the generated dump: allow for it.
        rate = _stream_rate(bench, wall=True) * 0.8
        left = max(0.0, bench.size.budget - bench.elapsed())
        if (small + big) / rate > left:
            scale = left * rate / (small + big)
            small, big = int(small * scale) // 100 * 100, int(big * scale) // 100 * 100
    line.label = f"peak RSS, streaming {small:,} vs {big:,} records"
    line.extra.update(records_planned=list(planned))
    if small < min(100, planned[0]):
        line.available = False
        line.reason = (
            f"{planned[0]:,} + {planned[1]:,} records would take "
            f"~{sum(planned) / _stream_rate(bench, wall=True) / 60:.0f} min here, beyond this "
            f"size's {bench.size.budget:.0f} s budget, of which "
            f"{max(0.0, bench.size.budget - bench.elapsed()):.0f} s were left "
            "(force it with --rss-records)"
        )
        bench.progress(f"rss: {line.reason}")
        return
    if (small, big) != planned:
        line.label += f" (cut from {planned[0]:,} vs {planned[1]:,} to fit the time budget)"
    bench.progress(f"rss: {small} records")
    rss_small, wall_small = peak_rss(small)
    bench.progress(f"rss: {big} records")
    rss_big, wall_big = peak_rss(big)
    growth = rss_big / rss_small - 1
    line.extra.update(
        records_small=small,
        rss_small_mb=round(rss_small / 2**20, 1),
        seconds_small=round(wall_small, 1),
        records_big=big,
        rss_big_mb=round(rss_big / 2**20, 1),
        seconds_big=round(wall_big, 1),
        growth=round(growth, 3),
    )
    flat = rss_big <= 150 * 2**20 and abs(growth) <= 0.10
    line.met = flat if big >= 200_000 else None


#: Every MERGE_REPEAT-th generated record is given twice to ``normaliser merge``.
MERGE_REPEAT = 4


def merging(bench: Bench, forced: tuple[int, int] | None) -> None:
    """``normaliser merge`` (issue 23) streaming generated records (a quarter of them given
    twice) through its on-disk index: records/s and peak RSS at two sizes, 20 times apart, and
    the rate over its floor, ``normaliser convert`` streaming the same records (the reading and
    writing a merge cannot avoid). The issue's sizes (10,000 and 200,000 records) are cut, in
    proportion, to what fits in the time left unless forced with --merge-records."""
    if not bench.wanted("merge"):
        return
    planned = forced or bench.size.merge
    line = Line(
        "merge",
        "",
        target="peak RSS flat (within 10 %) from 10,000 to 200,000 records",
    )
    bench.lines.append(line)
    small, big = planned
    bench.progress(f"merge: {small} records (and its floor)")
    rss_small, wall_small = peak_rss(small, "merge", MERGE_REPEAT)
    _, floor_small = peak_rss(small, "convert", MERGE_REPEAT)
    read_small = small + (small + MERGE_REPEAT - 1) // MERGE_REPEAT
    rate_small = read_small / wall_small
    if forced is None:
        left = max(0.0, bench.size.budget - bench.elapsed())
        if big / rate_small * 1.2 > left:
            big = max(small, int(left / 1.2 * rate_small) // 100 * 100)
    line.label = f"merge, peak RSS and records/s at {small:,} vs {big:,} records"
    if (small, big) != planned:
        line.label += f" (cut from {planned[1]:,} to fit the time budget)"
    bench.progress(f"merge: {big} records")
    rss_big, wall_big = peak_rss(big, "merge", MERGE_REPEAT)
    read_big = big + (big + MERGE_REPEAT - 1) // MERGE_REPEAT
    growth = rss_big / rss_small - 1
    line.extra.update(
        records_planned=list(planned),
        records_small=read_small,
        rss_small_mb=round(rss_small / 2**20, 1),
        rate_small=round(rate_small, 1),
        floor_rate_small=round(read_small / floor_small, 1),
        ratio_small=round(floor_small / wall_small, 3),
        records_big=read_big,
        rss_big_mb=round(rss_big / 2**20, 1),
        rate_big=round(read_big / wall_big, 1),
        growth=round(growth, 3),
    )
    line.met = (abs(growth) <= 0.10) if big >= 200_000 else None


# --- Report -----------------------------------------------------------------------------------


def _over_floor(line: Any) -> str:
    """Time over the floor; against a slower reference (not a floor), the speed-up instead."""
    ratio = line.ratio or 0.0
    if line.floor_label == "peer" and ratio:
        return f"{1 / ratio:.2f} × its speed"
    if line.floor_label != "floor" and ratio:
        return f"{1 / ratio:.0f}× faster"
    return f"{ratio:.1f} ×"


def human(rate: float, unit: str) -> str:
    if unit == "chars/s":
        return f"{rate / 1e6:.2f} M chars/s"
    return f"{rate:,.0f} {unit}"


def table(lines: list[Line]) -> str:
    rows = [("path", "rate (median)", "spread", "floor", "÷ floor", "target", "met")]
    for line in lines:
        met = {True: "yes", False: "NO", None: "—"}[line.met]
        if not line.available:
            rows.append((line.label, f"not available: {line.reason}", "", "", "", line.target, met))
            continue
        if line.key == "jobs":
            e = line.extra
            rows.append(
                (
                    f"{line.label} ({e['records']:,} records)",
                    f"{e['speedup']:.2f} ×",
                    f"{min(e['seconds_jobs_1']):.1f}–{max(e['seconds_jobs_1']):.1f} s vs "
                    f"{min(e['seconds_jobs_2']):.1f}–{max(e['seconds_jobs_2']):.1f} s",
                    f"{e['ceiling']:.2f} × (ceiling)" if "ceiling" in e else "",
                    f"{e['speedup'] / e['ceiling']:.2f} of it" if "ceiling" in e else "",
                    line.target,
                    met,
                )
            )
            continue
        if line.key == "merge":
            e = line.extra
            rows.append(
                (
                    line.label,
                    f"{e['rate_small']:,.0f} vs {e['rate_big']:,.0f} records/s, "
                    f"{e['rss_small_mb']} MB vs {e['rss_big_mb']} MB",
                    f"{e['growth'] * 100:+.1f} % RSS",
                    f"{e['floor_rate_small']:,.0f} records/s (convert)",
                    f"{1 / e['ratio_small']:.1f} ×",
                    line.target,
                    met,
                )
            )
            continue
        if line.key.startswith("startup-"):
            e = line.extra
            rows.append(
                (
                    line.label,
                    f"{e['median_cpu_seconds']:.3f} s",
                    f"{min(e['cpu_seconds']):.3f}–{max(e['cpu_seconds']):.3f} s",
                    "",
                    "",
                    line.target,
                    met,
                )
            )
            continue
        if line.key == "rss":
            e = line.extra
            rows.append(
                (
                    line.label,
                    f"{e['rss_small_mb']} MB vs {e['rss_big_mb']} MB",
                    f"{e['growth'] * 100:+.1f} %",
                    "",
                    "",
                    line.target,
                    met,
                )
            )
            continue
        assert line.timing is not None
        floor = line.floor
        rows.append(
            (
                line.label,
                human(line.timing.rate, line.unit),
                f"±{line.timing.spread * 50:.0f} %",
                (
                    f"{human(floor.rate, line.unit)}"
                    + {"floor": "", "peer": " (peer)"}.get(line.floor_label, " (ref)")
                )
                if floor
                else "",
                _over_floor(line) if floor else "",
                line.target,
                met,
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    out = []
    for i, row in enumerate(rows):
        out.append("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |")
        if i == 0:
            out.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(out)


def machine() -> dict[str, Any]:
    def version(name: str) -> str | None:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return None

    commit = None
    if shutil.which("git"):
        done = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        )
        commit = done.stdout.strip() or None
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()]
        if hasattr(os, "getloadavg")
        else None,
        "normaliser": normaliser.__version__,
        "commit": commit,
        **{
            name: version(name)
            for name in ("lxml", "orjson", "marshmallow", "opencc-python-reimplemented")
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="full")
    parser.add_argument("--repeats", type=int, default=3, help="timed repeats per path (≥ 1)")
    parser.add_argument("--only", nargs="+", metavar="PATH", help="measure only these paths")
    parser.add_argument("--out", default=str(HERE / "results" / "latest.json"))
    parser.add_argument(
        "--rss-records",
        default=None,
        metavar="SMALL,BIG",
        help="records of the two streaming runs (default: by size; not cut to the budget)",
    )
    parser.add_argument(
        "--merge-records",
        default=None,
        metavar="SMALL,BIG",
        help="records of the two merge runs (default: by size; the big one cut to the budget)",
    )
    args = parser.parse_args(argv)
    if args.repeats < 1:
        parser.error("--repeats must be at least 1")
    forced = None
    if args.rss_records:
        small, big = (int(x) for x in args.rss_records.split(","))
        forced = (small, big)
    forced_merge = None
    if args.merge_records:
        small, big = (int(x) for x in args.merge_records.split(","))
        forced_merge = (small, big)
    known = {
        "aggregator-read",
        "bilingual-read",
        "aggregator-json",
        "aggregator-jats",
        "aggregator-dc",
        "bilingual-json",
        "script-hant",
        "script-hans",
        "jats-json",
        "dc-json",
        "jats-write",
        "jats-write-dtd",
        "jats-write-xsd",
        "dc-write",
        "dc-write-xsd",
        "script-chars",
        "jobs",
        "rss",
        "merge",
        "peer-pubmed-parser",
        "peer-commonmeta",
        "peer-dcxml",
        *STARTUPS,
    }
    if args.only and set(args.only) - known:
        parser.error(f"unknown paths {sorted(set(args.only) - known)}; known: {sorted(known)}")
    size = SIZES[args.size]
    bench = Bench(size, args.repeats, set(args.only) if args.only else None)
    started_at = datetime.datetime.now(datetime.timezone.utc)
    info = machine()
    with tempfile.TemporaryDirectory(prefix="normaliser-bench-") as tmp:
        aggregator_paths(bench)
        script_overhead(bench)
        xml_reading_paths(bench)
        writing_paths(bench)
        script_chars(bench)
        peer_paths(bench, Path(tmp))
        scaling(bench, Path(tmp))
        memory(bench, forced)
        merging(bench, forced_merge)
        startup(bench, Path(tmp))
    result = {
        "date": started_at.isoformat(timespec="seconds"),
        "size": args.size,
        "repeats": args.repeats,
        "seconds": round(bench.elapsed(), 1),
        "machine": info,
        "paths": {line.key: line.as_dict() for line in bench.lines},
    }
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(
        f"normaliser {info['normaliser']} ({info['commit']}), {args.size} size, "
        f"median of {args.repeats}, {started_at:%Y-%m-%d}, Python {info['python']}, "
        f"{info['cpus']} CPUs, load {info['load_average']}"
    )
    print(table(bench.lines))
    print(f"\n{bench.elapsed():.0f} s; results in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
