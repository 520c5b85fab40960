"""Merging: one bilingual record per work from the records many sources give of it.

Records are grouped by the keys they share, strongest first: the same DOI; the same PMID,
PMCID, CNKI id or arXiv id; the same ISSN (or journal title, in any language) with year, volume
and first page; the same first author (a Han family name through its pinyin: 曾 ⇄ Zeng) with year
and a title similar within one language. Grouping is transitive (union-find over the keys) and
does not depend on the order of the records. Each group is merged into one record
(``merge_group``): texts by language and variant, contributors paired across scripts, identifiers
united, single values agreeing silently or with a ``conflict`` note, every value's sources kept
in ``Record.origins``.

Memory stays flat: records are spilled as canonical JSON into SQLite, in a temporary directory
on disk, with their keys; the groups are read back one at a time. What stays in memory is one
integer per record (the union-find parents) and one group.
"""

from __future__ import annotations

import contextlib
import difflib
import hashlib
import itertools
import json
import os
import re
import sqlite3
import tempfile
import time
import unicodedata
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import parse_qs

from . import formats
from .batch import (
    Job,
    Stats,
    Transform,
    atomic_output,
    join,
    outcomes,
    pieces,
    prepared,
    reject_text,
    remove_stale,
    render,
    setting_aside,
    tally,
)
from .errors import BrokenInstallation, InvalidRecord, NormaliserError, UsageError
from .identifiers import normalise_issn
from .names import _letters, _pinyin_parts, name_key, pair, same_person
from .record import (
    PUBLICATION_KINDS,
    UND,
    Contributor,
    Dated,
    Identifier,
    Journal,
    Link,
    Name,
    Note,
    Origin,
    PartialDate,
    Prose,
    Record,
    Reject,
    SourceRecord,
    Text,
)

# --- Precedence -----------------------------------------------------------------------------

#: The rank of a source by the format it was read from (lower wins a conflict): a publisher's
#: JATS first, then the registration agencies' deposits (Crossref, DataCite), then the
#: databases and reference managers, then the aggregators (which copy the others).
FORMAT_RANKS = {
    "jats": 0,
    "crossref": 1,
    "datacite": 1,
    "aggregator": 3,
    "openalex": 3,
    "s2": 3,
}
DEFAULT_RANK = 2

#: Scores at or above this make two titles of one language "similar" (difflib's ratio over
#: their letters and digits, case-folded).
TITLE_SIMILARITY = 0.9
#: A block of records sharing first author, year and title language larger than this is not
#: compared pair by pair (quadratic): only equal titles match in it.
BLOCK_LIMIT = 200

#: The match rules, strongest first: their names in the report and in ``--pairs``.
RULES = ("identical", "doi", "id", "issn", "journal-title", "author-title")


@dataclass(frozen=True)
class Member:
    """One record of a group with where it was read (``input``, ``position``: None when the
    record was given in memory)."""

    record: Record
    input: str | None = None
    position: int | None = None
    _key: str = field(default="", compare=False, repr=False)

    @property
    def key(self) -> str:
        found = self._key
        if not found:
            found = digest(self.record)
            object.__setattr__(self, "_key", found)
        return found


def digest(record: Record) -> str:
    """A short digest of ``record``'s canonical JSON: names it whatever the input order."""
    from .formats.json import write_one  # the canonical JSON (a format module)

    return hashlib.sha256(write_one(record).encode("utf-8")).hexdigest()[:16]


def _rank(member: Member, prefer: Sequence[str]) -> tuple[int, int, str]:
    """A member's place in precedence: its place in ``prefer`` (format, platform or input
    name), then its format's rank, then its digest (so that ties are decided the same way
    whatever the order)."""
    prov = member.record.provenance
    names = {
        (prov.format if prov else "").casefold(),
        ((prov.platform or "") if prov else "").casefold(),
    }
    if member.input:
        names |= {member.input.casefold(), os.path.basename(member.input).casefold()}
    names.discard("")
    place = next((i for i, p in enumerate(prefer) if p.casefold() in names), len(prefer))
    fmt = prov.format if prov else ""
    return (place, FORMAT_RANKS.get(fmt, DEFAULT_RANK), member.key)


def parse_prefer(value: str | Sequence[str] | None) -> tuple[str, ...]:
    """``--prefer jats,crossref`` as a tuple of names."""
    if value is None:
        return ()
    items = value.split(",") if isinstance(value, str) else list(value)
    out = tuple(i.strip() for i in items if i.strip())
    if isinstance(value, str) and value.strip() and not out:
        raise UsageError(f"--prefer needs source names separated by commas, not {value!r}")
    return out


# --- Keys -----------------------------------------------------------------------------------

_NOT_WORD = re.compile(r"[\W_]+")


def _folded(value: str) -> str:
    """Letters and digits only, NFKC, case-folded: what two spellings of a title share."""
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", value)).casefold()


def _number(value: str | None) -> str | None:
    """A volume or page as compared: stripped, leading zeros gone (``04`` is ``4``)."""
    if value is None:
        return None
    text = unicodedata.normalize("NFKC", value).strip().casefold()
    if text.isdigit():
        text = str(int(text))
    return text or None


def _years(record: Record) -> list[int]:
    return sorted({d.date.year for d in record.dates if d.kind in PUBLICATION_KINDS})


def _cnki_ids(record: Record) -> list[str]:
    """A CNKI article's file name (``YSXT202104028``), from its identifiers or its kns URL."""
    found = [i.value for i in record.identifiers if i.scheme in ("cnki", "cnki-id")]
    for link in record.links:
        if "cnki" not in link.url.casefold() or "?" not in link.url:
            continue
        query = parse_qs(link.url.split("?", 1)[1])
        for key, values in query.items():
            if key.casefold() == "filename" and values and values[0].strip():
                found.append(values[0].strip())
    return sorted({f.casefold() for f in found})


def _arxiv(value: str) -> str:
    text = re.sub(r"^(?:arxiv:)", "", value.strip(), flags=re.IGNORECASE)
    return re.sub(r"v\d+$", "", text).casefold()


def family_keys(name: Name) -> set[str]:
    """A name's family as compared across scripts: a Han family name by its pinyin
    (曾 → ``zeng``), any other by its letters, case-folded."""
    parts = _pinyin_parts(name)
    if parts is not None:
        return {parts[0]} if parts[0] else set()
    if name.literal:
        return set()
    letters = _letters(name.family)
    return {letters} if letters else set()


def keys(record: Record) -> list[tuple[str, str, str]]:
    """The match keys of ``record``: (rule, key, what the key says), the strong ones exact;
    an ``author-title`` key names a block whose titles are compared (``similar``), its third
    item the title as compared."""
    out: list[tuple[str, str, str]] = []
    for ident in record.identifiers:
        value = ident.value.strip()
        if ident.scheme == "doi":
            out.append(("doi", "doi:" + value.casefold(), f"doi {value}"))
        elif ident.scheme in ("pmid", "pmcid"):
            out.append(("id", f"{ident.scheme}:{value.casefold()}", f"{ident.scheme} {value}"))
        elif ident.scheme == "arxiv":
            out.append(("id", "arxiv:" + _arxiv(value), f"arxiv {value}"))
    out.extend(("id", "cnki:" + cnki, f"cnki {cnki.upper()}") for cnki in _cnki_ids(record))
    volume, fpage = _number(record.volume), _number(record.fpage)
    years = _years(record)
    given = _Given(record)
    if volume and fpage and years and record.journal is not None:
        issns: dict[str, set[str] | None] = {}
        for ident in record.journal.identifiers:
            if ident.scheme.startswith("issn"):
                try:
                    issn = normalise_issn(ident.value)
                except Exception:  # an ISSN that is none: no key from it
                    continue
                issns[issn] = given.union(
                    issns.get(issn, set()),
                    given.of("journal.identifiers", f"{ident.scheme} {ident.value}"),
                )
        titles: dict[str, set[str] | None] = {}
        for title in record.journal.titles:
            folded = _folded(title.value)
            if folded:
                titles[folded] = given.union(
                    titles.get(folded, set()), given.of("journal.titles", title.value)
                )
        place = given.all(given.of("volume", record.volume), given.of("fpage", record.fpage))
        for year in years:
            where = f"{year} volume {volume} page {fpage}"
            at = given.all(place, given.year(year))
            out.extend(
                ("issn", f"issn:{issn}|{year}|{volume}|{fpage}", f"issn {issn} {where}")
                for issn, sources in sorted(issns.items(), key=lambda i: i[0])
                if given.shared(at, sources)
            )
            out.extend(
                ("journal-title", f"journal:{t}|{year}|{volume}|{fpage}", f"journal {t} {where}")
                for t, sources in sorted(titles.items(), key=lambda i: i[0])
                if given.shared(at, sources)
            )
    first = next((c for c in record.contributors if c.role == "author"), None)
    if first is not None and years:
        families: dict[str, set[str] | None] = {}
        for name in first.names:
            for family in family_keys(name):
                families[family] = given.union(
                    families.get(family, set()), given.of("contributors", name.display)
                )
        seen = set()
        for title in record.titles:
            lang = title.script_lang
            folded = _folded(title.value)
            if not folded or (lang, folded) in seen:
                continue
            seen.add((lang, folded))
            said = given.of("titles", title.value)
            for family, sources in sorted(families.items(), key=lambda i: i[0]):
                for year in years:
                    if given.shared(given.all(said, given.year(year)), sources):
                        out.append(("author-title", f"author:{family}|{year}|{lang}", folded))
    return out


class _Given:
    """Which sources of a merged record gave a value (its ``origins``), so that a merged record
    has no key that none of its sources had: the volume of one with the ISSN of another make
    no key, and merging merged records again changes nothing. For a record that is no merge
    every value is its own (``None``: no restriction)."""

    def __init__(self, record: Record) -> None:
        self.table: dict[tuple[str, str], set[str]] | None = None
        if record.sources:
            self.table = {}
            for origin in record.origins:
                self.table.setdefault((origin.field, origin.value), set()).update(origin.sources)

    def of(self, field_name: str, value: str | None) -> set[str] | None:
        if self.table is None:
            return None
        return set() if value is None else self.table.get((field_name, value), set())

    def year(self, year: int) -> set[str] | None:
        if self.table is None:
            return None
        out: set[str] = set()
        for (name, value), sources in self.table.items():
            kind = name.removeprefix("dates.")
            if kind != name and kind in PUBLICATION_KINDS and value[:4] == f"{year:04d}":
                out |= sources
        return out

    @staticmethod
    def union(a: set[str] | None, b: set[str] | None) -> set[str] | None:
        return None if a is None or b is None else a | b

    @staticmethod
    def all(a: set[str] | None, b: set[str] | None) -> set[str] | None:
        if a is None:
            return b
        return a if b is None else a & b

    @staticmethod
    def shared(a: set[str] | None, b: set[str] | None) -> bool:
        return a is None or b is None or bool(a & b)


def key_view(data: dict[str, Any]) -> Record:
    """The fields ``keys`` reads of a record given as canonical JSON (a dict), built without
    the full reader (``formats.json.from_dict``, several times slower): ``keys(key_view(d))``
    is ``keys(from_dict(d))`` (tested)."""

    def text(t: dict[str, Any]) -> Text:
        return Text(t["value"], t.get("lang", UND), t.get("variant", "original"))

    def ident(i: dict[str, Any]) -> Identifier:
        return Identifier(i["scheme"], i["value"])

    def name(n: dict[str, Any]) -> Name:
        return Name(
            n.get("family"),
            n.get("given"),
            n.get("style", "western"),
            n.get("lang", UND),
            n.get("variant", "original"),
            n.get("literal"),
        )

    def date(value: str) -> PartialDate:
        return PartialDate(*(int(p) for p in value.split("-")))

    journal = data.get("journal")
    return Record(
        titles=tuple(text(t) for t in data.get("titles", ())),
        contributors=tuple(
            Contributor(tuple(name(n) for n in c["names"]), c.get("role", "author"))
            for c in data.get("contributors", ())
        ),
        journal=Journal(
            titles=tuple(text(t) for t in journal.get("titles", ())),
            identifiers=tuple(ident(i) for i in journal.get("identifiers", ())),
        )
        if journal
        else None,
        volume=data.get("volume"),
        fpage=data.get("fpage"),
        dates=tuple(Dated(d["kind"], date(d["date"])) for d in data.get("dates", ())),
        identifiers=tuple(ident(i) for i in data.get("identifiers", ())),
        links=tuple(Link(link["url"]) for link in data.get("links", ())),
        sources=tuple(SourceRecord(s["key"]) for s in data.get("sources", ())),
        origins=tuple(
            Origin(o["field"], o["value"], tuple(o["sources"])) for o in data.get("origins", ())
        ),
    )


def similar(a: str, b: str) -> float:
    """How alike two folded titles are (0–1)."""
    if a == b:
        return 1.0
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < TITLE_SIMILARITY or matcher.quick_ratio() < TITLE_SIMILARITY:
        return 0.0
    return matcher.ratio()


# --- Grouping ---------------------------------------------------------------------------------


class _Parents:
    """Union-find over record numbers 0…n-1: one machine integer per record."""

    def __init__(self) -> None:
        self.parent = array("q")

    def add(self) -> int:
        self.parent.append(len(self.parent))
        return len(self.parent) - 1

    def find(self, i: int) -> int:
        parent = self.parent
        root = i
        while parent[root] != root:
            root = parent[root]
        while parent[i] != root:
            parent[i], i = root, parent[i]
        return root

    def union(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        if rb < ra:
            ra, rb = rb, ra
        self.parent[rb] = ra
        return True


@dataclass
class Group:
    """The members of one group (in precedence order) and why they matched: (member index,
    member index, rule, what the key said)."""

    members: list[Member]
    matches: list[tuple[int, int, str, str]] = field(default_factory=list)


class Index:
    """Records spilled into SQLite (in a temporary directory on disk) with their keys; the
    groups come back one at a time, in an order that does not depend on the order of adding.

    ``add`` every record, then iterate ``groups()``; ``close`` (or use as a context manager)
    removes the database."""

    def __init__(self, prefer: Sequence[str] = (), directory: str | None = None) -> None:
        self.prefer = tuple(prefer)
        self._tmp = tempfile.TemporaryDirectory(prefix="normaliser-merge-", dir=directory)
        self.db = sqlite3.connect(os.path.join(self._tmp.name, "merge.sqlite"))
        self.db.executescript(
            """
            PRAGMA journal_mode = OFF;
            PRAGMA synchronous = OFF;
            PRAGMA temp_store = FILE;
            PRAGMA cache_size = -8192;
            CREATE TABLE records (id INTEGER PRIMARY KEY, input TEXT, position INTEGER,
                                  digest TEXT, json TEXT);
            CREATE TABLE keys (rule INTEGER, key TEXT, id INTEGER, why TEXT);
            CREATE TABLE edges (a INTEGER, b INTEGER, rule TEXT, why TEXT);
            """
        )
        self.parents = _Parents()
        self.count = 0

    def __enter__(self) -> Index:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()
        self._tmp.cleanup()

    def add(
        self,
        record: Record | None,
        input: str | None = None,
        position: int | None = None,
        text: str | None = None,
        found: Sequence[Sequence[str]] | None = None,
    ) -> None:
        """Spill ``record`` (``text``: its canonical JSON, when already written) with its
        keys (``found``: ``keys(record)`` when already computed, elsewhere; ``record`` may
        then be None)."""
        if text is None:
            from .formats.json import write_one

            assert record is not None
            text = write_one(record)
        if found is None:
            assert record is not None
            found = keys(record)
        key = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
        number = self.parents.add()
        self.db.execute(
            "INSERT INTO records VALUES (?, ?, ?, ?, ?)", (number, input, position, key, text)
        )
        rows = [(0, "same:" + key, number, "the same record")]
        rows += [(RULES.index(rule), k, number, why) for rule, k, why in found]
        self.db.executemany("INSERT INTO keys VALUES (?, ?, ?, ?)", rows)
        self.count += 1

    def _group(self) -> None:
        db = self.db
        db.execute("CREATE INDEX keys_order ON keys (rule, key, id)")
        fuzzy = RULES.index("author-title")
        edges: list[tuple[int, int, str, str]] = []
        current: tuple[int, str] | None = None
        first = -1
        # Keys in an order the order of adding does not change (the records' digests, then
        # where they were read), so that the matches noted are the same whatever that order.
        for rule, key, number, why in db.execute(
            "SELECT k.rule, k.key, k.id, k.why FROM keys k JOIN records r ON r.id = k.id "
            "WHERE k.rule < ? ORDER BY k.rule, k.key, r.digest, r.input, r.position",
            (fuzzy,),
        ):
            if (rule, key) != current:
                current, first = (rule, key), number
                continue
            if self.parents.union(first, number):
                edges.append((first, number, RULES[rule], why))
                if len(edges) >= 10_000:
                    db.executemany("INSERT INTO edges VALUES (?, ?, ?, ?)", edges)
                    edges.clear()
        block: list[tuple[int, str]] = []
        block_key: str | None = None
        for key, number, title in db.execute(
            "SELECT k.key, k.id, k.why FROM keys k JOIN records r ON r.id = k.id "
            "WHERE k.rule = ? ORDER BY k.key, r.digest, r.input, r.position",
            (fuzzy,),
        ):
            if key != block_key:
                edges.extend(self._block(block_key, block))
                block_key, block = key, []
            block.append((number, title))
        edges.extend(self._block(block_key, block))
        db.executemany("INSERT INTO edges VALUES (?, ?, ?, ?)", edges)
        db.execute("CREATE TABLE members (root INTEGER, id INTEGER, digest TEXT)")
        batch: list[tuple[int, int]] = []
        for number in range(self.count):
            batch.append((self.parents.find(number), number))
            if len(batch) >= 10_000:
                db.executemany(
                    "INSERT INTO members SELECT ?, id, digest FROM records WHERE id = ?", batch
                )
                batch.clear()
        db.executemany("INSERT INTO members SELECT ?, id, digest FROM records WHERE id = ?", batch)
        db.execute("CREATE INDEX members_root ON members (root)")
        db.execute("CREATE INDEX edges_a ON edges (a)")

    def _block(
        self, key: str | None, block: list[tuple[int, str]]
    ) -> list[tuple[int, int, str, str]]:
        """Unite the records of one author-year-language block whose titles are similar."""
        out: list[tuple[int, int, str, str]] = []
        if key is None or len(block) < 2:
            return out
        family, year, lang = key.split(":", 1)[1].split("|")
        pairs: Iterable[tuple[int, int]]
        if len(block) > BLOCK_LIMIT:
            pairs = _equal_pairs(block)
        else:
            pairs = ((i, j) for i in range(len(block)) for j in range(i + 1, len(block)))
        for i, j in pairs:
            (a, ta), (b, tb) = block[i], block[j]
            if a == b:
                continue
            score = similar(ta, tb)
            if score >= TITLE_SIMILARITY and self.parents.union(a, b):
                why = f"first author {family}, {year}, title ({lang}) similarity {score:.2f}"
                out.append((a, b, "author-title", why))
        return out

    def groups(self) -> Iterator[Group]:
        """Every group, in the order of its smallest member digest (not the order of adding),
        its members in precedence order (``--prefer``, then format rank, then digest)."""
        from .formats.json import from_dict

        for rows in self.raw_groups():
            numbers = [number for number, _, _, _ in rows]
            members = [Member(from_dict(json.loads(text)), i, p) for _, i, p, text in rows]
            yield self._made(numbers, members)

    def raw_groups(self) -> Iterator[list[tuple[int, str | None, int | None, str]]]:
        """Every group as ``groups`` gives them, unread: (number, input, position, canonical
        JSON) of each member, in digest order."""
        self._group()
        rows = self.db.execute(
            """
            SELECT m.root, r.id, r.input, r.position, r.json
            FROM members m
            JOIN (SELECT root, MIN(digest) AS first FROM members GROUP BY root) g USING (root)
            JOIN records r ON r.id = m.id
            ORDER BY g.first, m.root, r.digest, r.input, r.position
            """
        )
        current: int | None = None
        group: list[tuple[int, str | None, int | None, str]] = []
        for root, number, input_, position, text in rows:
            if root != current and group:
                yield group
                group = []
            current = root
            group.append((number, input_, position, text))
        if group:
            yield group

    def _made(self, numbers: list[int], members: list[Member]) -> Group:
        order = sorted(range(len(members)), key=lambda i: _rank(members[i], self.prefer))
        place = {numbers[i]: n for n, i in enumerate(order)}
        group = Group([members[i] for i in order])
        if len(numbers) > 1:
            marks = ",".join("?" * len(numbers))
            for a, b, rule, why in self.db.execute(
                f"SELECT a, b, rule, why FROM edges WHERE a IN ({marks})", numbers
            ):
                group.matches.append((place[a], place[b], rule, why))
            group.matches.sort()
        return group


def _equal_pairs(block: list[tuple[int, str]]) -> Iterator[tuple[int, int]]:
    """The pairs of a large block whose titles are equal (each title's first record with the
    others)."""
    firsts: dict[str, int] = {}
    for i, (_, title) in enumerate(block):
        if title in firsts:
            yield firsts[title], i
        else:
            firsts[title] = i


# --- Merging one group ------------------------------------------------------------------------

#: Record fields holding one value, compared as written (stripped; numbers without leading
#: zeros).
SINGLE_FIELDS = (
    "volume",
    "issue",
    "fpage",
    "lpage",
    "page_range",
    "elocation_id",
    "pub_model",
    "open_access",
    "license",
    "edition",
    "page_count",
    "language",
)
#: Identifier schemes a work has one of: two values in one group are a conflict (both kept).
SINGLE_SCHEMES = frozenset({"doi", "pmid", "pmcid", "arxiv"})


def _source(member: Member) -> SourceRecord:
    return SourceRecord(member.key, member.record.provenance, member.input, member.position)


def _named(member: Member) -> str:
    """A source as a conflict note names it: its input and position, else its format and id."""
    if member.input is not None:
        where = member.input + (f" #{member.position}" if member.position is not None else "")
    else:
        prov = member.record.provenance
        where = (prov.format if prov else "record") + (
            f" {prov.record_id}" if prov and prov.record_id else ""
        )
    return f"{where} [{member.key}]"


class _Merger:
    """Merges the members of one group, noting every value's sources and every conflict."""

    def __init__(self, members: Sequence[Member]) -> None:
        self.members = members
        self.origins: dict[tuple[str, str], list[str]] = {}
        self.notes: list[Note] = []
        self.conflicts: Counter[str] = Counter()
        #: The languages of the merged record's titles (set by ``record``).
        self.spoken: set[str] = set()

    def came(self, field_name: str, value: str, member: Member) -> None:
        keys = self.origins.setdefault((field_name, value), [])
        if member.key not in keys:
            keys.append(member.key)

    def conflict(
        self, field_name: str, kept: tuple[Member, str], other: tuple[Member, str]
    ) -> None:
        self.conflicts[field_name] += 1
        self.notes.append(
            Note(
                "conflict",
                field_name,
                f"{field_name}: {kept[1]!r} from {_named(kept[0])} kept over {other[1]!r} from "
                f"{_named(other[0])}",
            )
        )

    # Texts by language and variant.

    def texts(self, field_name: str, get: Any) -> tuple[Text, ...]:
        """One text per language and variant (the first source's). A text with the words of
        one kept in its language is that text, and a translation if any source says so (a
        translation stays a translation)."""
        out: list[Text] = []
        for member in self.members:
            for text in get(member.record):
                words = (text.script_lang, _folded(text.value))
                at = next(
                    (i for i, t in enumerate(out) if (t.script_lang, _folded(t.value)) == words),
                    None,
                )
                if at is not None:
                    if text.variant == "translation" and out[at].variant == "original":
                        out[at] = replace(out[at], variant="translation")
                    self.came(field_name, out[at].value, member)
                    continue
                slot = (text.lang.casefold(), text.variant)
                if any((t.lang.casefold(), t.variant) == slot for t in out):
                    continue
                out.append(text)
                self.came(field_name, text.value, member)
        return tuple(out)

    def keywords(self, field_name: str, get: Any) -> tuple[Text, ...]:
        """Each language's and variant's keywords from the first source giving any."""
        out: list[Text] = []
        taken: dict[tuple[str, str], str] = {}
        for member in self.members:
            for text in get(member.record):
                slot = (text.lang.casefold(), text.variant)
                if taken.setdefault(slot, member.key) != member.key:
                    if any(_folded(t.value) == _folded(text.value) for t in out):
                        match = next(t for t in out if _folded(t.value) == _folded(text.value))
                        self.came(field_name, match.value, member)
                    continue
                if text in out:
                    continue
                out.append(text)
                self.came(field_name, text.value, member)
        return tuple(out)

    def proses(self, field_name: str, get: Any) -> tuple[Prose, ...]:
        """One text per language, variant and kind, as ``texts``."""
        out: list[Prose] = []
        for member in self.members:
            for prose in get(member.record):
                folded = _folded(prose.text)
                at = next(
                    (
                        i
                        for i, p in enumerate(out)
                        if p.kind == prose.kind and _folded(p.text) == folded
                    ),
                    None,
                )
                if at is not None:
                    if prose.variant == "translation" and out[at].variant == "original":
                        out[at] = out[at].with_paragraphs(
                            tuple(replace(p, variant="translation") for p in out[at].paragraphs)
                        )
                    self.came(field_name, _cut(out[at].text), member)
                    continue
                slot = (prose.lang.casefold(), prose.variant, prose.kind)
                if any((p.lang.casefold(), p.variant, p.kind) == slot for p in out):
                    continue
                out.append(prose)
                self.came(field_name, _cut(prose.text), member)
        return tuple(out)

    # Single values.

    def single(self, field_name: str, first: str | None = None) -> Any:
        """The first source's value; an agreeing value (numbers compared without leading
        zeros) is silent, a disagreeing one a conflict note. ``first``: a value to take
        before the others when a source gives it (the record language of the main title)."""
        kept: tuple[Member, Any] | None = None
        members = sorted(
            self.members,
            key=lambda m: (
                first is None
                or str(getattr(m.record, field_name) or "").split("-")[0].casefold() != first
            ),
        )
        for member in members:
            value = getattr(member.record, field_name)
            if value is None:
                continue
            if kept is None:
                kept = (member, value)
            elif _same_value(kept[1], value):
                pass
            elif first is not None and str(value).split("-")[0].casefold() in self.spoken:
                # An English catalogue's "en" for a Chinese article whose English title the
                # record carries: the language of that source's metadata, no conflict.
                continue
            else:
                self.conflict(field_name, (kept[0], str(kept[1])), (member, str(value)))
                continue
            self.came(field_name, str(kept[1]), member)
        return None if kept is None else kept[1]

    def dates(self) -> tuple[Dated, ...]:
        """One date of each kind (and label): agreeing dates (one a prefix of the other) keep
        the most precise, disagreeing ones the first source's, with a conflict note."""
        kept: dict[tuple[str, str | None], tuple[Member, Dated]] = {}
        order: list[tuple[str, str | None]] = []
        for member in self.members:
            for dated in member.record.dates:
                slot = (dated.kind, dated.label)
                if slot not in kept:
                    kept[slot] = (member, dated)
                    order.append(slot)
                    continue
                first = kept[slot][1]
                a, b = first.date.iso(), dated.date.iso()
                if a.startswith(b) or b.startswith(a):
                    if len(b) > len(a):
                        kept[slot] = (kept[slot][0], replace(first, date=dated.date))
                else:
                    self.conflict(f"dates.{dated.kind}", (kept[slot][0], a), (member, b))
        out = []
        for slot in order:
            _, dated = kept[slot]
            out.append(dated)
            for member in self.members:
                if any(
                    (d.kind, d.label) == slot and (dated.date.iso().startswith(d.date.iso()))
                    for d in member.record.dates
                ):
                    self.came(f"dates.{slot[0]}", dated.date.iso(), member)
        return tuple(out)

    # Identifiers.

    def identifiers(self, field_name: str, get: Any) -> tuple[Identifier, ...]:
        """Every identifier once (a DOI compared case-insensitively); a source's own over one
        derived from another field; two values of a scheme a work has one of: a conflict."""
        out: list[Identifier] = []
        givers: dict[int, Member] = {}
        for member in self.members:
            for ident in get(member.record):
                same = next(
                    (
                        n
                        for n, o in enumerate(out)
                        if o.scheme == ident.scheme
                        and o.value.strip().casefold() == ident.value.strip().casefold()
                    ),
                    None,
                )
                if same is not None:
                    if out[same].derived_from and not ident.derived_from:
                        out[same] = ident
                    self.came(field_name, f"{ident.scheme} {out[same].value}", member)
                    continue
                if ident.scheme in SINGLE_SCHEMES:
                    other = next((n for n, o in enumerate(out) if o.scheme == ident.scheme), None)
                    if other is not None:
                        self.conflict(
                            f"{field_name}.{ident.scheme}",
                            (givers[other], out[other].value),
                            (member, ident.value),
                        )
                givers[len(out)] = member
                out.append(ident)
                self.came(field_name, f"{ident.scheme} {ident.value}", member)
        return tuple(out)

    # Contributors.

    def contributors(self) -> tuple[Contributor, ...]:
        """The first source's by-line, each person joined by the same person in the others
        (the same name, or a Han name and its romanisation: 曾明堂 ⇄ Zeng Mingtang); a person
        no earlier source names comes after them."""
        people: list[Contributor] = []
        for member in self.members:
            used: set[int] = set()
            for person in member.record.contributors:
                at = next(
                    (
                        i
                        for i, known in enumerate(people)
                        if i not in used and known.role == person.role and _same(known, person)
                    ),
                    None,
                )
                if at is None:
                    people.append(person)
                    used.add(len(people) - 1)
                else:
                    people[at] = self.joined(people[at], person, member)
                    used.add(at)
        for member in self.members:
            for person in member.record.contributors:
                for name in person.names:
                    kept = next(
                        (n for p in people for n in p.names if name_key(n) == name_key(name)),
                        name,
                    )
                    self.came("contributors", kept.display, member)
        return tuple(people)

    def joined(self, known: Contributor, other: Contributor, member: Member) -> Contributor:
        names = list(known.names)
        for name in other.names:
            if all(name_key(name) != name_key(n) for n in names):
                names.append(name)
        han = [n for n in names if _pinyin_parts(n) is not None]
        if han:
            relabelled: list[Name] = list(han)
            for name in names:
                if name in han:
                    continue
                partner = next((h for h in han if same_person(h, name)), None)
                if partner is not None and name.variant == "original":
                    name = pair([partner], [name])[0][-1]
                if all(name_key(name) != name_key(n) for n in relabelled):
                    relabelled.append(name)
            names = relabelled
        orcid = known.orcid
        if other.orcid and orcid and other.orcid != orcid:
            self.conflict("contributors.orcid", (self.members[0], orcid), (member, other.orcid))
        affiliations = list(known.affiliations)
        affiliations += [a for a in other.affiliations if a not in affiliations]
        return replace(
            known,
            names=tuple(names),
            orcid=orcid or other.orcid,
            affiliations=tuple(affiliations),
            corresponding=known.corresponding or other.corresponding,
        )

    # Everything else.

    def journal(self) -> Journal | None:
        journals = [(m, m.record.journal) for m in self.members if m.record.journal is not None]
        if not journals:
            return None

        def pick(attr: str) -> Any:
            return lambda record: getattr(record.journal, attr) if record.journal else ()

        return Journal(
            titles=self.texts("journal.titles", pick("titles")),
            abbreviations=self.texts("journal.abbreviations", pick("abbreviations")),
            identifiers=self.identifiers("journal.identifiers", pick("identifiers")),
            publishers=self.texts("journal.publishers", pick("publishers")),
            descriptions=self.proses("journal.descriptions", pick("descriptions")),
        )

    def union(self, field_name: str) -> tuple[Any, ...]:
        out: list[Any] = []
        for member in self.members:
            for item in getattr(member.record, field_name):
                if item not in out:
                    out.append(item)
        return tuple(out)

    def first(self, field_name: str) -> Any:
        return next(
            (getattr(m.record, field_name) for m in self.members if getattr(m.record, field_name)),
            None,
        )

    def record(self) -> Record:
        members = self.members
        extras: dict[str, Any] = {}
        for member in reversed(members):
            extras.update(member.record.extras)
        notes = list(dict.fromkeys(n for m in members for n in m.record.notes))
        changes: dict[str, Any] = {
            "titles": self.texts("titles", lambda r: r.titles),
            "contributors": self.contributors(),
            "affiliations": self.union("affiliations"),
            "abstracts": self.proses("abstracts", lambda r: r.abstracts),
            "keywords": self.keywords("keywords", lambda r: r.keywords),
            "journal": self.journal(),
            "dates": self.dates(),
            "identifiers": self.identifiers("identifiers", lambda r: r.identifiers),
            "links": self.union("links"),
            "publication_types": self.union("publication_types"),
            "subjects": self.union("subjects"),
            "metrics": self.union("metrics"),
            "conference": self.first("conference"),
            "degree": self.first("degree"),
            "publisher": self.first("publisher"),
            "series": self.texts("series", lambda r: r.series),
            "provenance": members[0].record.provenance,
            "extras": extras,
        }
        main = Record(titles=changes["titles"]).title
        self.spoken = {t.script_lang for t in changes["titles"]}
        for name in SINGLE_FIELDS:
            # The record's language is that of its main title when a source says so (an
            # aggregator's "en" for a Chinese article is its catalogue's hint).
            favour = main.script_lang if name == "language" and main is not None else None
            changes[name] = self.single(name, favour)
        changes["notes"] = (*notes, *self.notes)
        changes["sources"] = tuple(sorted((_source(m) for m in members), key=_source_order))
        changes["origins"] = tuple(
            Origin(f, v, tuple(sorted(k))) for (f, v), k in sorted(self.origins.items())
        )
        return Record(**changes)


def _source_order(source: SourceRecord) -> tuple[str, int, str]:
    return (source.input or "", source.position or 0, source.key)


def _cut(text: str, size: int = 80) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def _same_value(a: Any, b: Any) -> bool:
    if isinstance(a, str) and isinstance(b, str):
        return _number(a) == _number(b)
    return bool(a == b)


def _same(a: Contributor, b: Contributor) -> bool:
    """Whether two contributors are one person: a name in common, or a Han name of one whose
    romanisation the other has."""
    for x in a.names:
        for y in b.names:
            if name_key(x) == name_key(y) or same_person(x, y) or same_person(y, x):
                return True
    return False


def merge_group(
    members: Sequence[Member], prefer: Sequence[str] = ()
) -> tuple[Record, Counter[str]]:
    """The one record of a group and its conflicts by field. Members are put in precedence
    order (``prefer``, format rank, digest) and identical records counted once; a group of one
    record gives that record unchanged."""
    unique: dict[str, Member] = {}
    for member in sorted(members, key=lambda m: _rank(m, prefer)):
        unique.setdefault(member.key, member)
    ordered = list(unique.values())
    if len(ordered) == 1:
        return ordered[0].record, Counter()
    merger = _Merger(ordered)
    return merger.record(), merger.conflicts


def merge(records: Iterable[Record], *, prefer: Sequence[str] = ()) -> list[Record]:
    """One record per work: ``records`` grouped by the keys they share and each group merged
    (see the module's description and README "Merging records"). The result does not depend on
    the order of ``records``; a record merged with itself is itself; records sharing no key
    are never merged. ``prefer`` names sources (formats, platforms) whose values win a
    conflict, first first."""
    with Index(prefer) as index:
        for record in records:
            index.add(record)
        return [merge_group(group.members, index.prefer)[0] for group in index.groups()]


# --- JATS: the sources and conflicts of a merged record ---------------------------------------

#: custom-meta names ``annotate_jats`` writes: one ``merged-from`` per source record, one
#: ``merge-conflict`` per conflict note.
MERGED_FROM = "merged-from"
MERGE_CONFLICT = "merge-conflict"


def source_label(source: SourceRecord) -> str:
    """A source as one line: format, platform, id at the source, where it was read, key."""
    prov = source.provenance
    parts = [prov.format if prov else "record"]
    if prov is not None and prov.platform:
        parts.append(prov.platform)
    if prov is not None and prov.record_id:
        parts.append(prov.record_id)
    if source.input is not None:
        parts.append(source.input + (f" #{source.position}" if source.position is not None else ""))
    return " ".join(parts) + f" [{source.key}]"


def annotate_jats(document: str, record: Record) -> str:
    """The JATS ``document`` of one merged ``record`` with its sources and conflicts as
    ``custom-meta`` (``merged-from``, ``merge-conflict``) at the end of ``article-meta``, where
    the DTD allows them. A record that is no merge comes back as it was."""
    entries = [(MERGED_FROM, source_label(s)) for s in record.sources]
    entries += [(MERGE_CONFLICT, n.message) for n in record.notes if n.kind == "conflict"]
    if not entries:
        return document
    from .xmlio import escaped

    metas = "".join(
        f"        <custom-meta>\n          <meta-name>{name}</meta-name>\n"
        f"          <meta-value>{escaped(value)}</meta-value>\n        </custom-meta>\n"
        for name, value in entries
    )
    end = document.rfind("</article-meta>")
    if end < 0:
        return document
    group_end = document.rfind("</custom-meta-group>", 0, end)
    if group_end >= 0 and document.rfind("</contrib-group>", 0, end) < group_end:
        line = document.rfind("\n", 0, group_end) + 1
        return document[:line] + metas + document[line:]
    line = document.rfind("\n", 0, end) + 1
    return (
        document[:line]
        + "      <custom-meta-group>\n"
        + metas
        + "      </custom-meta-group>\n"
        + document[line:]
    )


# --- The run: inputs → groups → one output ----------------------------------------------------


@dataclass
class MergeStats(Stats):
    """A merge's counts: those of a conversion (``read == grouped + rejected + deleted``;
    ``written`` is the number of merged records written) and the groups'."""

    grouped: int = 0
    groups: int = 0
    refused: int = 0
    sizes: Counter[int] = field(default_factory=Counter)
    rules: Counter[str] = field(default_factory=Counter)
    conflicts: Counter[str] = field(default_factory=Counter)

    @property
    def reconciles(self) -> bool:
        return (
            self.read == self.grouped + self.rejected + self.deleted
            and self.groups == self.written + self.refused
        )

    def as_dict(self) -> dict[str, Any]:
        out = super().as_dict()
        out["records_grouped"] = self.grouped
        out["groups"] = self.groups
        out["groups_merged"] = sum(n for size, n in self.sizes.items() if size > 1)
        out["records_per_group"] = {str(k): v for k, v in sorted(self.sizes.items())}
        out["matches_by_rule"] = {r: self.rules[r] for r in RULES if self.rules[r]}
        out["conflicts_by_field"] = dict(sorted(self.conflicts.items()))
        out["refused_by_writer"] = self.refused
        return out

    def summary(self) -> str:
        """The one line the command line prints: true counts, nothing rounded away."""
        merged = sum(n for size, n in self.sizes.items() if size > 1)
        text = (
            f"read {self.read}, rejected {self.rejected}"
            + (f", deleted {self.deleted}" if self.deleted else "")
            + f"; {self.grouped} records in {self.groups} groups ({merged} of several records)"
            + f", written {self.written}"
            + (f", refused by the writer {self.refused}" if self.refused else "")
        )
        if self.conflicts:
            text += "; conflicts: " + ", ".join(
                f"{k} {v}" for k, v in sorted(self.conflicts.items())
            )
        return text


def run(
    inputs: list[Any],
    to: str,
    *,
    from_: str | None = None,
    output: str | None = None,
    rejects: str | None = None,
    pairs: str | None = None,
    prefer: Sequence[str] = (),
    dry_run: bool = False,
    strict: bool = False,
    jobs: int = 1,
    transform: Transform | None = None,
    fail_on_bug: bool = False,
    on_unreadable: Any = None,
    on_reject: Any = None,
    temp_dir: str | None = None,
    **options: Any,
) -> MergeStats:
    """Merge every record of ``inputs`` into one record per work, written as ``to`` into
    ``output`` (a file, or ``-``/None for standard output); rejects as ``batch.run`` writes
    them, and every group of several records into ``pairs`` (JSON Lines: group, members,
    matches). ``dry_run`` writes no records (the counts, rejects and pairs only). Reading is
    ``batch``'s (``jobs`` worker processes); the records wait in SQLite in ``temp_dir`` (the
    system's temporary directory by default). Returns the counts."""
    _, jobs, empty = prepared(to, jobs, options)
    reading = Job("json", {}, strict, transform, fail_on_bug)
    writing = Job(to, dict(options), strict, None, fail_on_bug)
    stats = MergeStats()
    started = time.perf_counter()
    remove_stale([output, rejects, pairs])
    with Index(prefer, temp_dir) as index, contextlib.ExitStack() as stack:
        reject_fh = stack.enter_context(atomic_output(rejects)) if rejects else None
        set_aside = setting_aside(reject_fh, on_reject)

        for record, source, number, text in read(
            inputs, reading, from_, jobs, stats, set_aside, on_unreadable
        ):
            index.add(record, source, number, text)
        if stats.unreadable and not stats.read:
            return _finished(stats, started)  # nothing read: yesterday's output stays
        pairs_fh = stack.enter_context(atomic_output(pairs)) if pairs else None

        def merged() -> Iterator[str]:
            for number, group in enumerate(index.groups(), 1):
                stats.rules.update(rule for _, _, rule, _ in group.matches)
                if pairs_fh is not None and len(group.members) > 1:
                    pairs_fh.write(reject_text(pairs_line(number, group)) + "\n")
                document = written(
                    writing, number, group.members, index.prefer, stats, set_aside, dry_run
                )
                if document is not None:
                    yield document

        if dry_run:
            for _ in merged():
                pass
        else:
            with atomic_output(output) as out:
                documents = merged()
                head = next(documents, None)
                if head is not None:
                    join(to, empty, itertools.chain([head], documents), out)
    return _finished(stats, started)


def read(
    inputs: list[Any],
    job: Job,
    from_: str | None,
    jobs: int,
    stats: MergeStats,
    set_aside: Callable[[Reject, str | None], None],
    on_unreadable: Callable[[str, NormaliserError], None] | None = None,
) -> Iterator[tuple[Record, str, int, str]]:
    """Every record of ``inputs`` read as ``batch.run`` reads them (``job`` writes canonical
    JSON): (the record's ``key_view``, input, position, canonical JSON); the rejects go to
    ``set_aside``, every count into ``stats``."""
    split = pieces(
        inputs,
        from_=from_,
        strict=job.strict,
        stats=stats,
        on_unreadable=on_unreadable or (lambda name, exc: None),
        fail_on_bug=job.fail_on_bug,
    )
    for outcome in outcomes(split, job, jobs):
        if tally(outcome, stats, set_aside):
            text = (outcome.document or "").strip()
            stats.grouped += 1
            yield key_view(json.loads(text)), outcome.source, outcome.number, text


def written(
    job: Job,
    number: int,
    members: Sequence[Member],
    prefer: Sequence[str],
    stats: MergeStats,
    set_aside: Callable[[Reject, str | None], None],
    dry_run: bool = False,
) -> str | None:
    """The document (format ``job.to``) of group ``number`` merged, counted into ``stats``;
    None when ``dry_run`` or when the writer refuses the record (set aside as a reject holding
    its canonical JSON)."""
    record, conflicts = merge_group(members, prefer)
    stats.groups += 1
    stats.sizes[len(members)] += 1
    stats.conflicts.update(conflicts)
    if dry_run:
        return None
    try:
        document = render(job, record)
    except (UsageError, BrokenInstallation):
        raise
    except NormaliserError as exc:
        stats.refused += 1
        error = exc if isinstance(exc, InvalidRecord) else InvalidRecord(str(exc))
        text = formats.lossless_text(record)
        set_aside(Reject(error, text, number, None, None, members[0].input), None)
        return None
    stats.written += 1
    return annotate_jats(document, record) if job.to == "jats" else document


def _finished(stats: MergeStats, started: float) -> MergeStats:
    stats.seconds = time.perf_counter() - started
    return stats


def pairs_line(number: int, group: Group) -> dict[str, Any]:
    """The ``--pairs`` line of a group: its number (the merged record's place in the output),
    its members (input, position, id at the source, key) in precedence order, and every match
    (the two members, by their place in ``members``, the rule and what the key said)."""
    members = []
    for member in group.members:
        prov = member.record.provenance
        members.append(
            {
                "input": member.input,
                "position": member.position,
                "format": prov.format if prov else None,
                "record_id": prov.record_id if prov else None,
                "key": member.key,
            }
        )
    matches = [{"a": a, "b": b, "rule": rule, "why": why} for a, b, rule, why in group.matches]
    return {"group": number, "members": members, "matches": matches}
